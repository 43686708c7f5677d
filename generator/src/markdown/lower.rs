//! Lowers read pages into the IR.
//!
//! A page defines a type when it carries a `"blockType": "resource"` annotation; its
//! property and relationship tables give the properties, its JSON representation fills in
//! what the tables omit, and its `example` blocks become examples. Enumerations come from
//! `### name values` sections (`enums.md`), from enum pages (`## Members`), and from prose:
//! a `String` property whose description says "Possible values are: `a`, `b`" gets an enum
//! named `<owner type><Property>` (`recordOperation.status` → `recordOperationStatus`).
//!
//! Two pages that define one type (the names equal but for case, as `mediaInfo.md` and
//! `mediainfo.md` do) are resolved by one rule: the page whose file name matches the type's
//! name exactly wins; then the page with more properties; then the first path in byte order.
//! Links are resolved by file name and by type name, both case-insensitively.

use super::lenient_json;
use super::page::{AnnotatedBlock, Cell, Inline, Page, Table};
use crate::ir::{
    Diagnostic, Disagreement, DisagreementRule, EnumMember, EnumType, Example, LooseExample, Model, Primitive, Property, QualifiedName,
    Sources, Span, StructType, TypeDef, TypeKind, TypeRef, TypeTarget,
};
use std::collections::{BTreeMap, BTreeSet};

pub const DEFAULT_NAMESPACE: &str = "microsoft.graph";

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

struct DraftProperty {
    json_name: String,
    ty: CellType,
    description: Option<String>,
    read_only: bool,
    navigation: bool,
    enum_members: Option<Vec<String>>,
    span: Span,
    /// Taken from the JSON representation, not the table.
    from_json: bool,
}

/// A Type cell as written: alternatives (`a or b`) and whether it is a collection.
#[derive(Debug, Clone, PartialEq)]
struct CellType {
    alternatives: Vec<Alternative>,
    collection: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Alternative {
    Primitive(Primitive),
    Name { text: String, link: Option<String> },
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
    mark_entities(&mut lowered.model);
    lowered
}

/// The type an annotation names: `@odata.type`, or `@type` as 72 older pages spell it.
fn block_type_name(block: &AnnotatedBlock) -> Option<&str> {
    ["@odata.type", "@type"]
        .iter()
        .filter_map(|key| block.annotation_str(key))
        .map(|t| t.trim().trim_start_matches('#'))
        .find(|t| !t.is_empty())
}

/// Reads the type a resource block announces, with the page's tables when it is the first.
fn draft_type<'p>(page: &'p Page, block: &'p AnnotatedBlock, first: bool, diagnostics: &mut Vec<Diagnostic>) -> Option<Draft<'p>> {
    let namespace = page.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE);
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
            properties.extend(table_properties(page, table, diagnostics));
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

/// The properties of one table, if it is a property or relationship table.
fn table_properties(page: &Page, table: &Table, diagnostics: &mut Vec<Diagnostic>) -> Vec<DraftProperty> {
    let header: Vec<String> = table.header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let section = table.section.to_ascii_lowercase();
    // `Property`, `Property name`, `Name`, `Relationship name` ... and a column headed `Type`;
    // not tables such as recurrencePattern's `Type of recurrence pattern | Value of type property`.
    let Some(name_column) = header.iter().position(|h| ["property", "name", "relationship", "field"].iter().any(|k| h.starts_with(k)))
    else {
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

/// Reads a Type cell: `String`, `Edm.Int32`, `[mediaInfo](mediainfo.md) collection`,
/// `Collection(microsoft.graph.x)`, `[a](a.md) or [b](b.md)`.
fn parse_type_cell(cell: &Cell) -> CellType {
    let plain = cell.plain();
    let lower = plain.to_ascii_lowercase();
    let collection = lower.contains("collection") || lower.ends_with("[]");
    let mut alternatives = Vec::new();
    let mut push = |alternative: Alternative| {
        if !alternatives.contains(&alternative) {
            alternatives.push(alternative);
        }
    };
    // With links present, the cell's other words are prose; only primitive names among them count.
    let has_links = cell.inlines.iter().any(|i| matches!(i, Inline::Link { .. }));
    for inline in &cell.inlines {
        match inline {
            Inline::Link { text, target } => {
                let text = text.trim().trim_matches('`');
                match Primitive::from_name(text) {
                    Some(primitive) => push(Alternative::Primitive(primitive)),
                    None => push(Alternative::Name { text: text.to_string(), link: Some(target.clone()) }),
                }
            }
            Inline::Text(text) | Inline::Code(text) => {
                for word in without_parentheticals(text).split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_')) {
                    let word = word.trim_matches('.');
                    if word.is_empty() || is_type_cell_filler(word) {
                        continue;
                    }
                    match Primitive::from_name(word) {
                        Some(primitive) => push(Alternative::Primitive(primitive)),
                        None if is_type_name(word) && !has_links => push(Alternative::Name { text: word.to_string(), link: None }),
                        None => {}
                    }
                }
            }
        }
    }
    // Prose in a Type cell (`Moment in time when the resource was created. DateTimeOffset`):
    // when a primitive is named, bare words beside it are not types; nor is a run of words.
    let bare_names =
        |alternatives: &[Alternative]| alternatives.iter().filter(|a| matches!(a, Alternative::Name { link: None, .. })).count();
    let has_primitive = alternatives.iter().any(|a| matches!(a, Alternative::Primitive(_)));
    if has_primitive || bare_names(&alternatives) > 2 {
        alternatives.retain(|a| !matches!(a, Alternative::Name { link: None, text } if !text.contains('.')));
    }
    CellType { alternatives, collection }
}

/// `Collection(x)` and `Collection (x)` become `x`; other parentheticals, such as
/// `(timestamp)`, are dropped.
fn without_parentheticals(text: &str) -> String {
    let text = text.strip_suffix('.').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if depth == 0 && rest.len() >= 10 && rest.is_char_boundary(10) && rest[..10].eq_ignore_ascii_case("collection") {
            let after = rest[10..].trim_start();
            if let Some(inner) = after.strip_prefix('(') {
                let close = inner.find(')').unwrap_or(inner.len());
                out.push(' ');
                out.push_str(&inner[..close]);
                out.push(' ');
                rest = inner.get(close + 1..).unwrap_or("");
                continue;
            }
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn is_type_cell_filler(word: &str) -> bool {
    const FILLERS: &[&str] = &[
        "collection",
        "or",
        "of",
        "and",
        "a",
        "an",
        "the",
        "nullable",
        "optional",
        "required",
        "read",
        "only",
        "readonly",
        "identifier",
        "enum",
        "flags",
        "see",
        "below",
        "type",
        "object",
        "json",
        "edm",
        "microsoft.graph",
    ];
    FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word))
}

/// Members listed after "Possible values are" in a description: up to the end of the
/// sentence (`` `a`, `b` or `c`. ``), or, when the list starts on a new line, the code span
/// that starts each line (`` `a` — what a means<br>`b` — what b means ``).
fn prose_members(cell: &Cell) -> Option<Vec<String>> {
    let mut members = Vec::new();
    let mut collecting = false;
    let mut one_per_line = false;
    let mut at_line_start = false;
    for inline in &cell.inlines {
        match inline {
            Inline::Text(text) => {
                let lower = text.to_ascii_lowercase();
                if !collecting {
                    let Some(at) = lower.find("possible value") else { continue };
                    let rest = &text[at..];
                    let after_colon = rest.split_once(':').map_or("", |(_, after)| after);
                    one_per_line = after_colon.trim_matches([' ', '\t']).starts_with('\n');
                    collecting = one_per_line || !ends_sentence(&lower[at..]);
                } else if !one_per_line && ends_sentence(&lower) {
                    break;
                }
                at_line_start = text.trim_end_matches([' ', '\t']).ends_with('\n');
            }
            Inline::Code(code) if collecting && (!one_per_line || at_line_start) => {
                members.push(code.trim().to_string());
                at_line_start = false;
            }
            _ => at_line_start = false,
        }
    }
    let valid = !members.is_empty() && members.iter().all(|m| is_identifier(m));
    valid.then(|| dedup(members))
}

fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end();
    trimmed.ends_with('.') || text.contains(". ")
}

/// Members of a JSON-representation placeholder such as `"a | b | c"`.
fn pipe_members(value: &serde_json::Value) -> Option<Vec<String>> {
    let text = match value {
        serde_json::Value::String(s) => s.as_str(),
        serde_json::Value::Array(items) => items.first()?.as_str()?,
        _ => return None,
    };
    if !text.contains('|') {
        return None;
    }
    let members: Vec<String> = text.split('|').map(|m| m.trim().to_string()).collect();
    members.iter().all(|m| is_identifier(m)).then(|| dedup(members))
}

fn dedup(members: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    members.into_iter().filter(|m| seen.insert(m.clone())).collect()
}

fn is_plain_string(ty: &CellType) -> bool {
    ty.alternatives == [Alternative::Primitive(Primitive::String)]
}

/// The type a JSON-representation placeholder stands for: `"String (timestamp)"`, `1024`,
/// `true`, `{"@odata.type": "microsoft.graph.x"}`, `["String"]`, `"a | b"`.
fn infer_from_placeholder(value: &serde_json::Value) -> (CellType, Option<Vec<String>>) {
    use serde_json::Value;
    let single = |alternative: Alternative| CellType { alternatives: vec![alternative], collection: false };
    match value {
        Value::Bool(_) => (single(Alternative::Primitive(Primitive::Boolean)), None),
        Value::Number(n) if n.is_f64() => (single(Alternative::Primitive(Primitive::Double)), None),
        Value::Number(_) => (single(Alternative::Primitive(Primitive::Int32)), None),
        Value::String(text) => {
            if let Some(members) = pipe_members(value) {
                return (single(Alternative::Primitive(Primitive::String)), Some(members));
            }
            let lower = text.to_ascii_lowercase();
            let primitive = if lower.contains("timestamp") || lower.contains("datetime") {
                Primitive::DateTimeOffset
            } else {
                let head = text.split(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
                Primitive::from_name(head).unwrap_or(Primitive::String)
            };
            (single(Alternative::Primitive(primitive)), None)
        }
        Value::Array(items) => {
            let (mut inner, members) =
                items.first().map(infer_from_placeholder).unwrap_or((CellType { alternatives: vec![], collection: false }, None));
            inner.collection = true;
            (inner, members)
        }
        Value::Object(object) => match object.get("@odata.type").and_then(Value::as_str) {
            Some(name) => match Primitive::from_name(name.trim_start_matches('#')) {
                Some(primitive) => (single(Alternative::Primitive(primitive)), None),
                None => (single(Alternative::Name { text: name.trim_start_matches('#').to_string(), link: None }), None),
            },
            None => (CellType { alternatives: vec![], collection: false }, None),
        },
        Value::Null => (CellType { alternatives: vec![], collection: false }, None),
    }
}

/// Enumerations a page defines in tables: `### name values` sections, or an enum page's
/// `## Members` table.
fn enum_tables(page: &Page, diagnostics: &mut Vec<Diagnostic>) -> Vec<TypeDef> {
    let namespace = page.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE);
    let enum_page_title = page
        .front_matter("title")
        .filter(|t| t.to_ascii_lowercase().ends_with(" enum type"))
        .map(|t| t.split_whitespace().next().unwrap_or("").to_string());
    let mut enums = Vec::new();
    for table in &page.tables {
        let section = table.section.trim();
        let name = match section.strip_suffix(" values").or_else(|| section.strip_suffix(" Values")) {
            Some(name) => name.trim().trim_matches('`').to_string(),
            None if section.eq_ignore_ascii_case("members") => match &enum_page_title {
                Some(title) => title.clone(),
                None => continue,
            },
            None => continue,
        };
        if !is_identifier(&name) {
            continue;
        }
        let header: Vec<String> = table.header.iter().map(|h| h.to_ascii_lowercase()).collect();
        let value_column = header.iter().position(|h| h.trim() == "value");
        let description_column = header.iter().position(|h| h.contains("description"));
        let mut members = Vec::new();
        for row in &table.rows {
            let Some(member) = row.cells.first().map(Cell::plain) else { continue };
            let member = member.trim_matches('`').trim().to_string();
            if member.is_empty() {
                continue;
            }
            if !is_identifier(&member) {
                diagnostics.push(Diagnostic::warning(
                    page.span(row.line),
                    format!("enumeration `{name}` member `{member}` is not an identifier; skipped"),
                ));
                continue;
            }
            members.push(EnumMember {
                name: member,
                aliases: Vec::new(),
                value: value_column.and_then(|c| row.cells.get(c)).and_then(|c| c.plain().trim().parse().ok()),
                description: description_column.and_then(|c| row.cells.get(c)).map(Cell::plain).filter(|d| !d.is_empty()),
                span: page.span(row.line),
            });
        }
        if members.is_empty() {
            continue;
        }
        enums.push(TypeDef {
            name: QualifiedName::new(namespace, name),
            description: page.summary.clone().filter(|_| enum_page_title.is_some()),
            product_area: page.front_matter("ms.prod").map(str::to_string),
            span: page.span(table.line),
            sources: Sources::docs(page.span(table.line)),
            annotations: Vec::new(),
            kind: TypeKind::Enum(EnumType { members, ..EnumType::default() }),
        });
    }
    enums
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

/// Case-insensitive lookups from what pages write to the canonical type names.
#[derive(Default)]
struct NameIndex {
    by_qualified: BTreeMap<String, QualifiedName>,
    by_simple: BTreeMap<String, Vec<QualifiedName>>,
    by_file: BTreeMap<String, QualifiedName>,
}

impl NameIndex {
    fn add_type(&mut self, name: &QualifiedName) {
        self.by_qualified.entry(name.folded()).or_insert_with(|| name.clone());
        self.by_simple.entry(name.name.to_ascii_lowercase()).or_default().push(name.clone());
    }

    fn add_page(&mut self, path: &str, name: &QualifiedName) {
        self.by_file.entry(file_stem(path).to_ascii_lowercase()).or_insert_with(|| name.clone());
    }

    fn resolve_qualified(&self, name: &QualifiedName) -> Option<&QualifiedName> {
        self.by_qualified.get(&name.folded())
    }

    /// Resolves a written type name (qualified or not) from a type in `namespace`.
    fn resolve_text(&self, text: &str, namespace: &str) -> Option<&QualifiedName> {
        let text = text.trim().trim_start_matches('#');
        if text.contains('.')
            && let Some(found) = self.resolve_qualified(&QualifiedName::parse(text, namespace))
        {
            return Some(found);
        }
        let simple = text.rsplit('.').next().unwrap_or(text).to_ascii_lowercase();
        let candidates = self.by_simple.get(&simple)?;
        candidates.iter().find(|c| c.namespace == namespace).or_else(|| candidates.first())
    }

    /// Resolves a link target such as `mediainfo.md` or `../resources/mediaInfo.md#x`.
    fn resolve_link(&self, target: &str) -> Option<&QualifiedName> {
        let path = target.split(['#', '?']).next().unwrap_or(target);
        let file = path.rsplit('/').next().unwrap_or(path);
        let stem = file.strip_suffix(".md").unwrap_or(file);
        self.by_file.get(&stem.to_ascii_lowercase())
    }
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

fn resolve_cell_type(cell: &CellType, index: &NameIndex, namespace: &str) -> TypeRef {
    let mut primitives = Vec::new();
    let mut names: Vec<QualifiedName> = Vec::new();
    for alternative in &cell.alternatives {
        match alternative {
            Alternative::Primitive(p) => primitives.push(*p),
            Alternative::Name { text, link } => {
                let resolved = link
                    .as_deref()
                    .and_then(|l| index.resolve_link(l))
                    .filter(|found| found.name.eq_ignore_ascii_case(text.rsplit('.').next().unwrap_or(text)))
                    .or_else(|| index.resolve_text(text, namespace))
                    .or_else(|| link.as_deref().and_then(|l| index.resolve_link(l)))
                    .cloned()
                    // Unresolved names stay named; validation reports them and types them as JSON.
                    .unwrap_or_else(|| QualifiedName::parse(text, namespace));
                if !names.contains(&resolved) {
                    names.push(resolved);
                }
            }
        }
    }
    let target = match (primitives.as_slice(), names.len()) {
        ([primitive], 0) => TypeTarget::Primitive(*primitive),
        ([], 1) => TypeTarget::Named(names.remove(0)),
        ([], n) if n > 1 => TypeTarget::Union(names),
        _ => TypeTarget::Untyped,
    };
    TypeRef { target, collection: cell.collection }
}

/// Attaches every `example` and `response` block of every page to the type its annotation
/// names (`microsoft.graph.x`, `#microsoft.graph.x`, `Collection(microsoft.graph.x)`, in any
/// case); a type no page defines is left for the merge with the metadata.
fn attach_examples(pages: &[&Page], index: &NameIndex, lowered: &mut Lowered) {
    for page in pages {
        let page_type = page
            .blocks
            .iter()
            .find(|b| b.block_type() == Some("resource"))
            .and_then(block_type_name)
            .and_then(|t| index.resolve_text(t, page.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE)))
            .cloned();
        let is_example = |b: &&AnnotatedBlock| matches!(b.block_type(), Some("example" | "response"));
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
                Some(text) => index.resolve_text(text, DEFAULT_NAMESPACE).cloned(),
                None => page_type.clone(),
            };
            let Some(body) = example_body(block) else {
                lowered.stats.examples_without_body += 1;
                continue;
            };
            let name_for_findings = target.clone().or_else(|| written.map(|w| QualifiedName::parse(w, DEFAULT_NAMESPACE)));
            let Some(name_for_findings) = name_for_findings else {
                lowered.stats.examples_untyped += 1;
                continue;
            };
            let body_line = block.code_line + (block.code.lines().count() - body.lines().count()) as u32;
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

/// The JSON of an example block: the whole block, or for an HTTP response the body after
/// the status line and headers. `None` when there is no body (`204 No Content`).
fn example_body(block: &AnnotatedBlock) -> Option<&str> {
    let code = block.code.trim_start();
    if !code.starts_with("HTTP/") {
        return Some(block.code.as_str()).filter(|c| !c.trim().is_empty());
    }
    let body = match code.find("\n\n").or_else(|| code.find("\r\n\r\n")) {
        Some(at) => code[at..].trim_start(),
        None => return None,
    };
    let offset = block.code.len() - body.len();
    Some(&block.code[offset..]).filter(|b| !b.trim().is_empty())
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
fn read_json(
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

fn file_stem(path: &str) -> &str {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Property names may also be instance annotations such as `@odata.etag` or `x@odata.type`.
fn is_property_name(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '@')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '.'))
}

/// A bare word in a Type cell that could name a type (`identitySet`, `microsoft.graph.x`).
fn is_type_name(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_find_the_first_line_holding_the_quoted_key() {
        let code = "{\n  \"id\": \"String\",\n  \"status\": \"id\",\n  \"a\": \"b\" }";
        let block = AnnotatedBlock {
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
