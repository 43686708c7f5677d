//! Examples: every `example` block of the pages, and every `response` block of a page that
//! is not an API page, attached to the type its annotation names, with its JSON read
//! leniently once. (An API page's responses are its operation's: `api_page`.)

use super::api_page::is_api_page;
use super::lower::{Lowered, block_type_name, read_json};
use super::name_index::NameIndex;
use super::page::{AnnotatedBlock, Page};
use crate::ir::{Diagnostic, Example, LooseExample, Primitive, QualifiedName, ROOT_NAMESPACE};

/// Attaches every `example` and `response` block of every page to the type its annotation
/// names (`microsoft.graph.x`, `#microsoft.graph.x`, `Collection(microsoft.graph.x)`, in any
/// case); a type no page defines is left for the merge with the metadata.
pub(super) fn attach_examples(pages: &[&Page], index: &NameIndex, lowered: &mut Lowered) {
    for page in pages {
        let page_type = page
            .blocks
            .iter()
            .find(|b| b.block_type() == Some("resource"))
            .and_then(block_type_name)
            .and_then(|t| index.resolve_text(t, page.namespace.as_deref().unwrap_or(ROOT_NAMESPACE)))
            .cloned();
        // The responses of an API page belong to the operation it documents (`api_page`).
        let api_page = is_api_page(page);
        let is_example = |b: &&AnnotatedBlock| match b.block_type() {
            Some("example") => true,
            Some("response") => !api_page,
            _ => false,
        };
        for block in page.blocks.iter().filter(is_example) {
            lowered.stats.examples += 1;
            let named = block_type_name(block);
            let (written, collection) = match named {
                Some(text) => match text.strip_prefix("Collection(").and_then(|t| t.strip_suffix(')')) {
                    Some(inner) => (Some(inner.trim_start_matches('#')), true),
                    None => (Some(text), block.annotation_bool("isCollection")),
                },
                None => (None, block.annotation_bool("isCollection")),
            };
            if written.and_then(Primitive::from_name).is_some() {
                lowered.stats.examples_untyped += 1;
                continue;
            }
            let target = match written {
                Some(text) => index.resolve_text(text, ROOT_NAMESPACE).cloned(),
                None => page_type.clone(),
            };
            let Some(body) = example_body(block) else {
                lowered.stats.examples_without_body += 1;
                continue;
            };
            let name_for_findings = target.clone().or_else(|| written.map(|w| QualifiedName::parse(w, ROOT_NAMESPACE)));
            let Some(name_for_findings) = name_for_findings else {
                lowered.stats.examples_untyped += 1;
                continue;
            };
            let body_line = body_line(block, body);
            let what = if block.block_type() == Some("response") { "response" } else { "example" };
            let Some(value) =
                read_json(page, body, body_line, what, &name_for_findings, &mut lowered.diagnostics, &mut lowered.model.disagreements)
            else {
                lowered.stats.examples_unreadable += 1;
                continue;
            };
            if !value.is_object() {
                lowered.diagnostics.push(Diagnostic::warning(
                    page.span(body_line),
                    format!("{what} of `{name_for_findings}` is not a JSON object; not used"),
                ));
                lowered.stats.examples_untyped += 1;
                continue;
            }
            let example = Example {
                value,
                truncated: block.annotation_bool("truncated"),
                collection,
                span: page.span(body_line),
                findings: Vec::new(),
            };
            match target.as_ref().and_then(|t| lowered.model.types.get_mut(t)).and_then(|d| d.kind.as_struct_mut()) {
                Some(structure) => structure.examples.push(example),
                None => lowered.model.loose_examples.push(LooseExample { type_name: name_for_findings, example }),
            }
        }
    }
}

/// The JSON of an example block: the whole block, or for an HTTP message (a response's
/// status line, a request's request line) the body after the start line and its headers.
/// `None` when there is no body (`204 No Content`).
pub(super) fn example_body(block: &AnnotatedBlock) -> Option<&str> {
    if http_start_line(block).is_none() {
        return Some(block.code.as_str()).filter(|c| !c.trim().is_empty());
    }
    let code = block.code.as_str();
    // After the start line, header lines (`Name: value`) until a blank line or anything else.
    let mut offset = 0;
    let mut seen_start = false;
    for line in code.split_inclusive('\n') {
        if !seen_start {
            seen_start = !line.trim().is_empty();
        } else if !is_header_line(line) {
            break;
        }
        offset += line.len();
    }
    Some(&code[offset..]).filter(|b| !b.trim().is_empty())
}

/// The line a block's body (from [`example_body`]) starts on: its first line that is not blank.
pub(super) fn body_line(block: &AnnotatedBlock, body: &str) -> u32 {
    let leading_blank = body.lines().take_while(|line| line.trim().is_empty()).count();
    block.code_line + (block.code.lines().count() - body.lines().count() + leading_blank) as u32
}

/// `Content-Type: application/json`: a token, a colon, a value.
fn is_header_line(line: &str) -> bool {
    let Some((name, _)) = line.split_once(':') else { return false };
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The first line of an HTTP message block (`HTTP/1.1 200 OK`, `POST /me/events`) and its
/// line number; `None` when the block is bare JSON.
pub(super) fn http_start_line(block: &AnnotatedBlock) -> Option<(&str, u32)> {
    let (index, line) = block.code.lines().enumerate().find(|(_, line)| !line.trim().is_empty())?;
    let line = line.trim();
    let method = line.split_whitespace().next().unwrap_or("");
    let is_start =
        line.starts_with("HTTP/") || (super::api_page::METHODS.iter().any(|m| m.eq_ignore_ascii_case(method)) && line.len() > method.len());
    is_start.then_some((line, block.code_line + index as u32))
}
