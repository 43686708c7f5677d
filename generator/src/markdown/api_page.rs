//! API reference pages: one operation each, as the page writes it.
//!
//! A page is an API page when its front matter says `doc_type: apiPageType`, or, failing
//! that, when it has an `## HTTP request` section; a page with a resource block never is. From it come the request lines of that
//! section (host and API version stripped, the query string kept apart), the rows of its
//! parameter tables (read as property tables are, Type cells by the same grammar), and its
//! `request` and `response` examples, their JSON read leniently once. Which metadata
//! operation the page documents, and what each example is read as, is the merge's to decide.

use super::examples::{body_line, example_body, http_start_line};
use super::lower::{Lowered, block_type_name, read_json, table_properties};
use super::name_index::NameIndex;
use super::page::{AnnotatedBlock, Page};
use super::type_cell::resolve_cell_type;
use crate::ir::{
    BodyType, DocumentedOperation, DocumentedParameter, Example, ParameterTable, QualifiedName, ROOT_NAMESPACE, RequestExample,
    RequestLine, ResponseExample,
};

/// The headings a parameter table's name column starts with.
const PARAMETER_COLUMNS: [&str; 3] = ["parameter", "name", "property"];

/// The methods a request line may start with.
pub(super) const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

/// Whether `page` documents an API operation rather than a resource. A page with a
/// resource block is a resource page whatever its front matter says (8 resource pages of
/// 2021, such as `activateservice.md`, say `doc_type: apiPageType`).
pub(super) fn is_api_page(page: &Page) -> bool {
    if page.blocks.iter().any(|b| b.block_type().is_some_and(|t| t.eq_ignore_ascii_case("resource"))) {
        return false;
    }
    match page.front_matter("doc_type") {
        Some(doc_type) => doc_type.eq_ignore_ascii_case("apiPageType"),
        None => http_request_blocks(page).next().is_some(),
    }
}

/// Reads every API page of `pages` into `lowered.model.documented_operations`, in path order.
pub(super) fn read_api_pages(pages: &[&Page], index: &NameIndex, lowered: &mut Lowered) {
    for page in pages.iter().filter(|p| is_api_page(p)) {
        lowered.stats.api_pages += 1;
        let operation = documented_operation(page, index, lowered);
        lowered.model.documented_operations.push(operation);
    }
}

/// The code of the `## HTTP request` section, annotated (`ignored`) or not, with its first line.
fn http_request_blocks(page: &Page) -> impl Iterator<Item = (&str, u32)> {
    let is_request_section = |section: &str| section.eq_ignore_ascii_case("HTTP request");
    let annotated = page.blocks.iter().filter(move |b| is_request_section(&b.section)).map(|b| (b.code.as_str(), b.code_line));
    let plain = page.code_blocks.iter().filter(move |b| is_request_section(&b.section)).map(|b| (b.code.as_str(), b.code_line));
    annotated.chain(plain)
}

fn documented_operation(page: &Page, index: &NameIndex, lowered: &mut Lowered) -> DocumentedOperation {
    let namespace = page.namespace.as_deref().unwrap_or(ROOT_NAMESPACE);
    let mut requests: Vec<RequestLine> = Vec::new();
    for (code, first_line) in http_request_blocks(page) {
        for (offset, line) in code.lines().enumerate() {
            if let Some((method, target)) = request_line(line) {
                let (path, query) = split_target(target);
                requests.push(RequestLine { method, path, query, span: page.span(first_line + offset as u32) });
            }
        }
    }
    requests.sort_by_key(|r| r.span.line);
    let span = requests.first().map_or_else(|| page.span(1), |r| r.span.clone());
    // Findings about the page's JSON name the operation as its request lines do.
    let subject = requests
        .first()
        .and_then(|r| r.segments().last())
        .map(|last| QualifiedName::parse(last.split('(').next().unwrap_or(last), ROOT_NAMESPACE))
        .unwrap_or_else(|| QualifiedName::new(ROOT_NAMESPACE, super::lower::file_stem(&page.path)));

    let mut parameters = Vec::new();
    for table in &page.tables {
        let Some(kind) = parameter_table(&table.section) else { continue };
        for row in table_properties(page, table, &PARAMETER_COLUMNS, &mut lowered.diagnostics) {
            parameters.push(DocumentedParameter {
                ty: resolve_cell_type(&row.ty, index, namespace),
                name: row.json_name,
                type_text: row.type_text,
                description: row.description,
                listed_values: row.enum_members.unwrap_or_default(),
                table: kind,
                span: row.span,
            });
        }
    }

    let mut request_examples = Vec::new();
    let mut response_examples = Vec::new();
    for block in &page.blocks {
        match block.block_type() {
            Some("request") => {
                if let Some(example) = request_example(page, block, &subject, lowered) {
                    request_examples.push(example);
                }
            }
            Some("response") => response_examples.push(response_example(page, block, &subject, lowered)),
            _ => {}
        }
    }
    DocumentedOperation {
        title: page.front_matter("title").map(str::to_string).or_else(|| page.title.clone()).unwrap_or_default(),
        description: page.front_matter("description").map(str::to_string).or_else(|| page.summary.clone()),
        requests,
        parameters,
        request_examples,
        response_examples,
        documents: None,
        span,
    }
}

/// The table kind of a section heading; `None` for tables that list no parameters.
fn parameter_table(section: &str) -> Option<ParameterTable> {
    let section = section.to_ascii_lowercase();
    if section.contains("function parameter") {
        Some(ParameterTable::FunctionParameters)
    } else if section.contains("query parameter") {
        Some(ParameterTable::QueryParameters)
    } else if section.contains("request body") {
        Some(ParameterTable::RequestBody)
    } else if section.ends_with("parameters") {
        Some(ParameterTable::Parameters)
    } else {
        None
    }
}

/// `POST /communications/calls/{id}/record` (an `HTTP/1.1` after the target is allowed):
/// the method in upper case, and the target as written, spaces inside it kept
/// (`/users/{id | userPrincipalName}/events`).
fn request_line(line: &str) -> Option<(String, &str)> {
    let line = line.trim();
    let (method, rest) = line.split_once(char::is_whitespace)?;
    let method = METHODS.iter().find(|m| m.eq_ignore_ascii_case(method))?;
    let mut target = rest.trim();
    if let Some((before, version)) = target.rsplit_once(char::is_whitespace)
        && version.starts_with("HTTP/")
    {
        target = before.trim_end();
    }
    (!target.is_empty()).then(|| (method.to_string(), target))
}

/// A request target as a path without scheme, host and API version (`/beta`, `/v1.0`), and
/// the query string apart. The path always starts with `/`.
fn split_target(target: &str) -> (String, Option<String>) {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query.to_string())),
        None => (target, None),
    };
    let mut path = path;
    if let Some(after_scheme) = path.strip_prefix("https://").or_else(|| path.strip_prefix("http://")) {
        path = after_scheme.find('/').map_or("", |at| &after_scheme[at..]);
    }
    let trimmed = path.trim_start_matches('/');
    let version_free = ["beta", "v1.0"]
        .iter()
        .find_map(|v| trimmed.strip_prefix(v).filter(|rest| rest.is_empty() || rest.starts_with('/')))
        .unwrap_or(trimmed);
    (format!("/{}", version_free.trim_start_matches('/')), query)
}

/// A `request` block: its request line, and its JSON body when it has one.
fn request_example(page: &Page, block: &AnnotatedBlock, subject: &QualifiedName, lowered: &mut Lowered) -> Option<RequestExample> {
    let (start, start_line) = http_start_line(block)?;
    let (method, target) = request_line(start)?;
    let (path, query) = split_target(target);
    let body = json_body(page, block, "request body", subject, lowered);
    Some(RequestExample {
        name: block.annotation_str("name").map(str::to_string),
        method,
        path,
        query,
        body,
        body_type: BodyType::Unknown,
        overload: None,
        span: page.span(start_line),
    })
}

/// A `response` block: its status, the type its annotation names, and its JSON body.
fn response_example(page: &Page, block: &AnnotatedBlock, subject: &QualifiedName, lowered: &mut Lowered) -> ResponseExample {
    let status = http_start_line(block)
        .and_then(|(line, _)| line.strip_prefix("HTTP/"))
        .and_then(|rest| rest.split_once(char::is_whitespace))
        .map(|(_, status)| status.trim().to_string());
    let written = block_type_name(block);
    let (annotated_type, collection) = match written.and_then(|t| t.strip_prefix("Collection(")).and_then(|t| t.strip_suffix(')')) {
        Some(inner) => (Some(inner.trim_start_matches('#').to_string()), true),
        None => (written.map(str::to_string), block.annotation_bool("isCollection")),
    };
    let mut body = json_body(page, block, "response", subject, lowered);
    if let Some(example) = body.as_mut() {
        example.collection = collection;
    }
    ResponseExample { status, annotated_type, body, read_as: None, span: page.span(block.annotation_line) }
}

/// The JSON body of an HTTP block, read leniently; `None` when there is none, or it is not
/// JSON (a binary body, `(application/octet-stream of size 160696 bytes)`).
fn json_body(page: &Page, block: &AnnotatedBlock, what: &str, subject: &QualifiedName, lowered: &mut Lowered) -> Option<Example> {
    let body = example_body(block)?;
    if !body.trim_start().starts_with(['{', '[']) {
        return None;
    }
    let body_line = body_line(block, body);
    let value = read_json(page, body, body_line, what, subject, &mut lowered.diagnostics, &mut lowered.model.disagreements)?;
    Some(Example {
        value,
        truncated: block.annotation_bool("truncated"),
        collection: false,
        span: page.span(body_line),
        findings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_targets_lose_host_and_version_and_keep_the_query_apart() {
        let cases = [
            (
                "https://graph.microsoft.com/beta/communications/calls/{id}/recordResponse",
                "/communications/calls/{id}/recordResponse",
                None,
            ),
            ("/v1.0/me/events?$select=subject", "/me/events", Some("$select=subject")),
            ("/app/calls/{id}", "/app/calls/{id}", None),
            ("/betaFeatures", "/betaFeatures", None),
            ("https://graph.microsoft.com/v1.0", "/", None),
        ];
        for (target, path, query) in cases {
            assert_eq!(split_target(target), (path.to_string(), query.map(str::to_string)), "{target}");
        }
    }

    #[test]
    fn request_lines_start_with_a_method() {
        assert_eq!(request_line("POST /a/b HTTP/1.1"), Some(("POST".to_string(), "/a/b")));
        assert_eq!(request_line("get /a"), Some(("GET".to_string(), "/a")));
        assert_eq!(request_line("Content-Type: application/json"), None);
        assert_eq!(request_line("POST"), None);
        assert_eq!(
            request_line("GET /users/{id | userPrincipalName}/events"),
            Some(("GET".to_string(), "/users/{id | userPrincipalName}/events"))
        );
    }

    #[test]
    fn parameter_tables_are_known_by_their_section() {
        assert_eq!(parameter_table("Request body"), Some(ParameterTable::RequestBody));
        assert_eq!(parameter_table("Function parameters"), Some(ParameterTable::FunctionParameters));
        assert_eq!(parameter_table("Optional query parameters"), Some(ParameterTable::QueryParameters));
        assert_eq!(parameter_table("Path parameters"), Some(ParameterTable::Parameters));
        assert_eq!(parameter_table("Request headers"), None);
    }
}
