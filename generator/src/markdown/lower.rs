//! Lowers read pages into the IR.
//!
//! A page defines a type when it carries a `"blockType": "resource"` annotation; its
//! property and relationship tables give the properties, its JSON representation fills in
//! what the tables omit, and its `example` blocks become examples. Enumerations come from
//! `### name values` sections (`enums.md`), from enum pages (`## Members`), and from prose:
//! a `String` property whose description says "Possible values are: `a`, `b`" gets an enum
//! named `<owner type><Property>` (`recordOperation.status` → `recordOperationStatus`).
//!
//! An API reference page (`api_page`) becomes an `ir::DocumentedOperation`, its parameter
//! tables read as property tables are.
//!
//! Two pages that define one type (the names equal but for case, as `mediaInfo.md` and
//! `mediainfo.md` do) are resolved by one rule: the page whose file name matches the type's
//! name exactly wins; then the page with more properties; then the first path in byte order.
//! Links are resolved by file name and by type name, both case-insensitively.

use super::api_page::read_api_pages;
use super::examples::attach_examples;
use super::lenient_json;
use super::name_index::NameIndex;
use super::page::{AnnotatedBlock, Cell, Page, Table};
use super::prose_enums::{enum_tables, pipe_members, prose_members};
use super::type_cell::{CellType, infer_from_placeholder, is_plain_string, parse_type_cell, resolve_cell_type};
use crate::ir::{
    Diagnostic, Disagreement, DisagreementRule, EnumMember, EnumType, Model, Property, QualifiedName, ROOT_NAMESPACE, Sources, Span,
    StructType, TypeDef, TypeKind, TypeTarget,
};
use std::collections::{BTreeMap, BTreeSet};

/// What lowering produced, and how many pages it could use.
#[derive(Debug, Default)]
pub struct Lowered {
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: LowerStats,
    /// Paths of the pages with a resource block that defined no type (each has a diagnostic).
    pub unlowered_pages: Vec<String>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LowerStats {
    pub pages: usize,
    /// Pages that carry at least one `"blockType": "resource"` annotation.
    pub resource_pages: usize,
    /// Of those, the pages that lowered into an IR type.
    pub lowered_resource_pages: usize,
    /// API reference pages (`doc_type: apiPageType`, or an `## HTTP request` section).
    pub api_pages: usize,
    /// `example` and `response` blocks seen, and those that could not be used: no JSON
    /// body, not JSON even leniently, or not of a structured type.
    pub examples: usize,
    pub examples_without_body: usize,
    pub examples_unreadable: usize,
    pub examples_untyped: usize,
}

/// A type as one page describes it, before references are resolved.
struct Draft<'p> {
    name: QualifiedName,
    page: &'p Page,
    block: &'p AnnotatedBlock,
    properties: Vec<DraftProperty>,
    /// What the page says against itself (table against JSON representation, unreadable JSON).
    findings: Vec<Disagreement>,
}

pub(super) struct DraftProperty {
    pub(super) json_name: String,
    /// The Type cell's text as written (empty for a property from the JSON representation).
    pub(super) type_text: String,
    pub(super) ty: CellType,
    pub(super) description: Option<String>,
    read_only: bool,
    navigation: bool,
    pub(super) enum_members: Option<Vec<String>>,
    pub(super) span: Span,
    /// Taken from the JSON representation, not the table.
    from_json: bool,
}

/// Lowers `pages` (in any order: they are sorted by path first) into one model.
pub fn lower(pages: &[Page]) -> Lowered {
    let mut sorted: Vec<&Page> = pages.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut lowered = Lowered::default();
    lowered.stats.pages = sorted.len();
    for page in &sorted {
        lowered.diagnostics.extend(page.diagnostics.iter().cloned());
    }

    let mut drafts: Vec<Draft> = Vec::new();
    let mut enums: Vec<TypeDef> = Vec::new();
    for page in &sorted {
        let resources: Vec<&AnnotatedBlock> =
            page.blocks.iter().filter(|b| b.block_type().is_some_and(|t| t.eq_ignore_ascii_case("resource"))).collect();
        if !resources.is_empty() {
            lowered.stats.resource_pages += 1;
        }
        let before = drafts.len();
        for (index, block) in resources.iter().enumerate() {
            // Some pages repeat the resource block with sample values; the first one counts.
            if index > 0
                && block_type_name(block).map(str::to_ascii_lowercase) == block_type_name(resources[0]).map(str::to_ascii_lowercase)
            {
                continue;
            }
            if let Some(mut draft) = draft_type(page, block, index == 0, &mut lowered.diagnostics) {
                lowered.model.disagreements.append(&mut draft.findings);
                drafts.push(draft);
            }
        }
        if drafts.len() > before {
            lowered.stats.lowered_resource_pages += 1;
        } else if !resources.is_empty() {
            lowered.unlowered_pages.push(page.path.clone());
        }
        enums.extend(enum_tables(page, &mut lowered.diagnostics));
    }

    let drafts = choose_definitions(drafts, &mut lowered.diagnostics);
    let mut index = NameIndex::default();
    for draft in &drafts {
        index.add_type(&draft.name);
        index.add_page(&draft.page.path, &draft.name);
    }
    let mut enum_names = BTreeSet::new();
    for def in enums {
        if index.resolve_qualified(&def.name).is_some() || !enum_names.insert(def.name.folded()) {
            lowered.diagnostics.push(Diagnostic::warning(
                def.span.clone(),
                format!("enumeration `{}` is defined again; the first definition is kept", def.name),
            ));
            continue;
        }
        index.add_type(&def.name);
        lowered.model.types.insert(def.name.clone(), def);
    }

    for draft in &drafts {
        let def = resolve_draft(draft, &index, &mut lowered);
        lowered.model.types.insert(def.name.clone(), def);
    }
    attach_examples(&sorted, &index, &mut lowered);
    read_api_pages(&sorted, &index, &mut lowered);
    mark_entities(&mut lowered.model);
    lowered
}

/// The type an annotation names: `@odata.type`, or `@type` as 72 older pages spell it.
pub(super) fn block_type_name(block: &AnnotatedBlock) -> Option<&str> {
    ["@odata.type", "@type"]
        .iter()
        .filter_map(|key| block.annotation_str(key))
        .map(|t| t.trim().trim_start_matches('#'))
        .find(|t| !t.is_empty())
}

/// Reads the type a resource block announces, with the page's tables when it is the first.
fn draft_type<'p>(page: &'p Page, block: &'p AnnotatedBlock, first: bool, diagnostics: &mut Vec<Diagnostic>) -> Option<Draft<'p>> {
    let namespace = page.namespace.as_deref().unwrap_or(ROOT_NAMESPACE);
    let Some(odata_type) = block_type_name(block) else {
        diagnostics.push(Diagnostic::warning(
            page.span(block.annotation_line),
            "resource annotation has no \"@odata.type\"; expected the qualified name of the type the page defines",
        ));
        return None;
    };
    let name = QualifiedName::parse(odata_type, namespace);
    if !is_identifier(&name.name) {
        diagnostics.push(Diagnostic::warning(
            page.span(block.annotation_line),
            format!(
                "resource annotation names `{odata_type}`, which is not a type name; expected an identifier such as `microsoft.graph.user`"
            ),
        ));
        return None;
    }
    let mut properties = Vec::new();
    if first {
        for table in &page.tables {
            properties.extend(property_table(page, table, diagnostics));
        }
    }
    let mut findings = Vec::new();
    let representation = read_json(page, &block.code, block.code_line, "JSON representation", &name, diagnostics, &mut findings);
    match &representation {
        Some(serde_json::Value::Object(object)) => {
            // The first table property of each name; keys the JSON adds are unique, so they
            // never need finding.
            let mut tabled: BTreeMap<String, usize> = BTreeMap::new();
            for (index, property) in properties.iter().enumerate() {
                tabled.entry(property.json_name.clone()).or_insert(index);
            }
            let key_lines = KeyLines::new(block);
            for (key, value) in object {
                if key.starts_with('@') || key.contains("@odata") {
                    continue;
                }
                if let Some(&index) = tabled.get(key) {
                    let property = &mut properties[index];
                    if let Some(members) = pipe_members(value)
                        && is_plain_string(&property.ty)
                    {
                        property.enum_members = Some(members);
                    }
                    continue;
                }
                if !tabled.is_empty() {
                    diagnostics.push(Diagnostic::warning(
                        page.span(key_lines.line(key)),
                        format!("property `{key}` is in the JSON representation of `{}` but not in its property table; typed from the placeholder", name.name),
                    ));
                    findings.push(Disagreement {
                        rule: DisagreementRule::TableJsonMismatch,
                        type_name: name.clone(),
                        property: Some(key.clone()),
                        docs: Some((page.span(key_lines.line(key)), "in the JSON representation, not in the property table".into())),
                        metadata: None,
                        related: first_table_line(page).map(|l| vec![page.span(l)]).unwrap_or_default(),
                    });
                }
                let (ty, enum_members) = infer_from_placeholder(value);
                properties.push(DraftProperty {
                    json_name: key.clone(),
                    type_text: String::new(),
                    ty,
                    description: None,
                    read_only: false,
                    navigation: false,
                    enum_members,
                    span: page.span(key_lines.line(key)),
                    from_json: true,
                });
            }
        }
        Some(_) => diagnostics.push(Diagnostic::warning(
            page.span(block.code_line),
            format!("JSON representation of `{}` is not an object; expected {{\"property\": placeholder, ...}}", name.name),
        )),
        None => {}
    }
    // Structural properties the table lists but the JSON representation omits. Relationships
    // are left out of representations by convention.
    if let Some(serde_json::Value::Object(object)) = &representation {
        for property in properties.iter().filter(|p| !p.navigation && !p.from_json && !object.contains_key(&p.json_name)) {
            findings.push(Disagreement {
                rule: DisagreementRule::TableJsonMismatch,
                type_name: name.clone(),
                property: Some(property.json_name.clone()),
                docs: Some((property.span.clone(), "in the property table, not in the JSON representation".into())),
                metadata: None,
                related: vec![page.span(block.code_line)],
            });
        }
    }
    Some(Draft { name, page, block, properties, findings })
}

/// The headings a property table's name column starts with.
const PROPERTY_COLUMNS: [&str; 4] = ["property", "name", "relationship", "field"];

/// The properties of one table, if it is a property or relationship table.
fn property_table(page: &Page, table: &Table, diagnostics: &mut Vec<Diagnostic>) -> Vec<DraftProperty> {
    table_properties(page, table, &PROPERTY_COLUMNS, diagnostics)
}

/// The rows of one table whose name column's heading starts with one of `name_columns` and
/// which has a `Type` column: a property table, or an API page's parameter table.
pub(super) fn table_properties(page: &Page, table: &Table, name_columns: &[&str], diagnostics: &mut Vec<Diagnostic>) -> Vec<DraftProperty> {
    let header: Vec<String> = table.header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let section = table.section.to_ascii_lowercase();
    // `Property`, `Property name`, `Name`, `Relationship name` ... and a column headed `Type`;
    // not tables such as recurrencePattern's `Type of recurrence pattern | Value of type property`.
    let Some(name_column) = header.iter().position(|h| name_columns.iter().any(|k| h.starts_with(k))) else {
        return Vec::new();
    };
    let Some(type_column) = header.iter().position(|h| h == "type" || h == "data type") else {
        return Vec::new();
    };
    if name_column == type_column || section.contains("method") || section.ends_with("values") {
        return Vec::new();
    }
    let description_column = header.iter().position(|h| h.contains("description"));
    let navigation = section.contains("relationship") || header[name_column].contains("relationship");
    let mut properties = Vec::new();
    for row in &table.rows {
        let Some(name_cell) = row.cells.get(name_column) else { continue };
        // Group rows such as `|**On-boarding**|` carry one cell and no type.
        if row.cells.iter().filter(|c| !c.plain().is_empty()).count() <= 1 {
            continue;
        }
        let written_name = name_cell.plain();
        // `tollNumber (deprecated)`: the note is not part of the name.
        let written_name = written_name.split(" (").next().unwrap_or(&written_name);
        let json_name = written_name.trim_matches(|c: char| c == '*' || c == '`' || c.is_whitespace()).to_string();
        if json_name.is_empty() || json_name.eq_ignore_ascii_case("none") || json_name.starts_with("@odata.type") {
            continue;
        }
        if !is_property_name(&json_name) {
            diagnostics.push(Diagnostic::warning(
                page.span(row.line),
                format!("property name `{json_name}` is not an identifier; expected a camelCase name in the first column"),
            ));
            continue;
        }
        let Some(type_cell) = row.cells.get(type_column) else {
            diagnostics.push(Diagnostic::warning(
                page.span(row.line),
                format!("row for `{json_name}` has {} cells; expected a Type cell in column {}", row.cells.len(), type_column + 1),
            ));
            continue;
        };
        let ty = parse_type_cell(type_cell);
        if ty.alternatives.is_empty() {
            diagnostics.push(Diagnostic::warning(
                page.span(row.line),
                format!("Type cell `{}` of `{json_name}` names no type; typed as raw JSON", type_cell.plain()),
            ));
        }
        let description_cell = description_column.and_then(|c| row.cells.get(c));
        let description = description_cell.map(Cell::plain).filter(|d| !d.is_empty());
        let read_only = description.as_deref().is_some_and(|d| d.to_ascii_lowercase().contains("read-only"));
        let enum_members = description_cell.filter(|_| is_plain_string(&ty)).and_then(prose_members);
        properties.push(DraftProperty {
            json_name,
            type_text: type_cell.plain(),
            ty,
            description,
            read_only,
            navigation,
            enum_members,
            span: page.span(row.line),
            from_json: false,
        });
    }
    properties
}

/// Keeps one draft per type name (compared case-insensitively), by the rule in the module docs.
fn choose_definitions<'p>(drafts: Vec<Draft<'p>>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Draft<'p>> {
    let mut groups: BTreeMap<String, Vec<Draft<'p>>> = BTreeMap::new();
    for draft in drafts {
        groups.entry(draft.name.folded()).or_default().push(draft);
    }
    let mut chosen = Vec::new();
    for (_, mut group) in groups {
        group.sort_by(|a, b| {
            let exact = |d: &Draft| file_stem(&d.page.path) != d.name.name;
            exact(a).cmp(&exact(b)).then(b.properties.len().cmp(&a.properties.len())).then(a.page.path.cmp(&b.page.path))
        });
        let mut group = group.into_iter();
        let Some(winner) = group.next() else { continue };
        for loser in group {
            diagnostics.push(Diagnostic::warning(
                loser.page.span(loser.block.annotation_line),
                format!(
                    "`{}` is also defined by {}; that page is used (exact file name first, then more properties, then path order)",
                    loser.name,
                    winner.page.span(winner.block.annotation_line)
                ),
            ));
        }
        chosen.push(winner);
    }
    chosen
}

/// Turns a draft into a type definition, resolving its references and creating its prose enums.
fn resolve_draft(draft: &Draft, index: &NameIndex, lowered: &mut Lowered) -> TypeDef {
    let namespace = draft.name.namespace.clone();
    let mut properties = Vec::new();
    for property in &draft.properties {
        let mut ty = resolve_cell_type(&property.ty, index, &namespace);
        if let Some(members) = &property.enum_members {
            let mut chars = property.json_name.chars();
            let pascal: String = chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect();
            let enum_name = QualifiedName::new(namespace.clone(), format!("{}{pascal}", draft.name.name));
            if index.resolve_qualified(&enum_name).is_some() || lowered.model.types.contains_key(&enum_name) {
                lowered.diagnostics.push(Diagnostic::warning(
                    property.span.clone(),
                    format!("prose enumeration `{enum_name}` would shadow a defined type; `{}` stays a string", property.json_name),
                ));
            } else {
                lowered.model.types.insert(
                    enum_name.clone(),
                    TypeDef {
                        name: enum_name.clone(),
                        description: Some(format!("Values of `{}.{}`.", draft.name.name, property.json_name)),
                        product_area: draft.page.front_matter("ms.prod").map(str::to_string),
                        span: property.span.clone(),
                        sources: Sources::docs(property.span.clone()),
                        annotations: Vec::new(),
                        kind: TypeKind::Enum(EnumType {
                            members: members
                                .iter()
                                .map(|m| EnumMember {
                                    name: m.clone(),
                                    aliases: Vec::new(),
                                    value: None,
                                    description: None,
                                    span: property.span.clone(),
                                })
                                .collect(),
                            from_prose: true,
                            ..EnumType::default()
                        }),
                    },
                );
                ty.target = TypeTarget::Named(enum_name);
            }
        }
        properties.push(Property {
            json_name: property.json_name.clone(),
            ty,
            nullable: None,
            read_only: property.read_only,
            navigation: property.navigation,
            contains_target: false,
            description: property.description.clone(),
            span: property.span.clone(),
            sources: Sources::docs(property.span.clone()),
            annotations: Vec::new(),
        });
    }
    let block = draft.block;
    let base = block
        .annotation_str("baseType")
        .map(|b| b.trim().trim_start_matches('#'))
        .filter(|b| !b.is_empty())
        .map(|b| index.resolve_text(b, &namespace).cloned().unwrap_or_else(|| QualifiedName::parse(b, &namespace)));
    let key: Vec<String> = match block.annotation.get("keyProperty") {
        Some(serde_json::Value::String(k)) => vec![k.clone()],
        Some(serde_json::Value::Array(keys)) => keys.iter().filter_map(|k| k.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    let structure = StructType {
        base,
        is_abstract: block.annotation_bool("abstract"),
        is_open: block.annotation_bool("openType"),
        has_stream: false,
        key,
        properties,
        examples: Vec::new(),
    };
    let page = draft.page;
    TypeDef {
        name: draft.name.clone(),
        description: page.summary.clone().or_else(|| page.front_matter("description").map(str::to_string)),
        product_area: page.front_matter("ms.prod").map(str::to_string),
        span: page.span(block.annotation_line),
        sources: Sources::docs(page.span(block.annotation_line)),
        annotations: Vec::new(),
        kind: if structure.key.is_empty() { TypeKind::Complex(structure) } else { TypeKind::Entity(structure) },
    }
}

/// Where each key of a JSON block is written: the first line holding `"key"`, or the block's
/// first line. Built in one pass over the block, so looking up every key stays linear.
struct KeyLines {
    first_line: u32,
    /// Each text between two consecutive quotes on a line (what `"key"` matches when the key
    /// holds no quote), with the first line it is on.
    quoted: BTreeMap<String, u32>,
}

impl KeyLines {
    fn new(block: &AnnotatedBlock) -> Self {
        let mut quoted = BTreeMap::new();
        for (at, line) in block.code.lines().enumerate() {
            let mut segments = line.split('"');
            segments.next();
            let mut segments = segments.peekable();
            while let Some(segment) = segments.next() {
                // The text after the line's last quote is not between two quotes.
                if segments.peek().is_some() && !quoted.contains_key(segment) {
                    quoted.insert(segment.to_string(), block.code_line + at as u32);
                }
            }
        }
        KeyLines { first_line: block.code_line, quoted }
    }

    /// The line of `"key"`. A key holding a quote is written escaped (`\"`), so it is never
    /// found as `"key"`: the block's first line.
    fn line(&self, key: &str) -> u32 {
        self.quoted.get(key).copied().unwrap_or(self.first_line)
    }
}

/// The line of the page's first property or relationship table.
fn first_table_line(page: &Page) -> Option<u32> {
    page.tables.iter().find(|t| t.header.iter().any(|h| h.to_ascii_lowercase().contains("type"))).map(|t| t.line)
}

/// Reads a JSON block leniently, reporting what was forgiven or why it could not be read
/// (a `json-unreadable` finding against `type_name`).
pub(super) fn read_json(
    page: &Page,
    code: &str,
    line: u32,
    what: &str,
    type_name: &QualifiedName,
    diagnostics: &mut Vec<Diagnostic>,
    findings: &mut Vec<Disagreement>,
) -> Option<serde_json::Value> {
    match lenient_json::parse(code) {
        Ok(parsed) => {
            if !parsed.forgiven.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    page.span(line),
                    format!("{what} is not strict JSON; read leniently ({})", parsed.forgiven.join(", ")),
                ));
            }
            Some(parsed.value)
        }
        Err(error) => {
            let span = page.span(line + error.line - 1);
            diagnostics.push(Diagnostic::warning(span.clone(), format!("{what} is not JSON even read leniently: {}", error.message)));
            findings.push(Disagreement {
                rule: DisagreementRule::JsonUnreadable,
                type_name: type_name.clone(),
                property: None,
                docs: Some((span, format!("{what}: {}", error.message))),
                metadata: None,
                related: Vec::new(),
            });
            None
        }
    }
}

/// Types whose base chain reaches `entity`, or that name a key, are entity types.
fn mark_entities(model: &mut Model) {
    let entity_names: Vec<QualifiedName> = model
        .types
        .keys()
        .filter(|name| {
            name.name.eq_ignore_ascii_case("entity") || model.ancestors(name).iter().any(|a| a.name.eq_ignore_ascii_case("entity"))
        })
        .cloned()
        .collect();
    for name in entity_names {
        if let Some(def) = model.types.get_mut(&name)
            && let TypeKind::Complex(structure) = &mut def.kind
        {
            def.kind = TypeKind::Entity(std::mem::take(structure));
        }
    }
}

pub(super) fn file_stem(path: &str) -> &str {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

pub(super) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Property names may also be instance annotations such as `@odata.etag` or `x@odata.type`.
fn is_property_name(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '@')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_find_the_first_line_holding_the_quoted_key() {
        let code = "{\n  \"id\": \"String\",\n  \"status\": \"id\",\n  \"a\": \"b\" }";
        let block = AnnotatedBlock {
            section: String::new(),
            annotation: serde_json::Map::new(),
            annotation_line: 10,
            language: "json".into(),
            code: code.into(),
            code_line: 12,
        };
        let lines = KeyLines::new(&block);
        assert_eq!(lines.line("id"), 13);
        assert_eq!(lines.line("status"), 14);
        // Any text between two quotes counts, as `"key"` matches it: `": "` here.
        assert_eq!(lines.line(": "), 13);
        assert_eq!(lines.line("b"), 15);
        assert_eq!(lines.line("missing"), 12);
        assert_eq!(lines.line("say \"hi\""), 12);
    }
}
