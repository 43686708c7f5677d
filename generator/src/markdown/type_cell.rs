//! The grammar of a Type cell and of a JSON-representation placeholder: what a page writes
//! for a property's type (`String`, `[mediaInfo](mediainfo.md) collection`,
//! `Collection(microsoft.graph.x)`, `[a](a.md) or [b](b.md)`, `"String (timestamp)"`), read
//! as written and then resolved against the names the pages define.

use super::name_index::NameIndex;
use super::page::{Cell, Inline};
use super::prose_enums::pipe_members;
use crate::ir::{Primitive, QualifiedName, ROOT_NAMESPACE, TypeRef, TypeTarget};

/// A Type cell as written: alternatives (`a or b`) and whether it is a collection.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CellType {
    pub(super) alternatives: Vec<Alternative>,
    pub(super) collection: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Alternative {
    Primitive(Primitive),
    Name { text: String, link: Option<String> },
}

/// Reads a Type cell: `String`, `Edm.Int32`, `[mediaInfo](mediainfo.md) collection`,
/// `Collection(microsoft.graph.x)`, `[a](a.md) or [b](b.md)`.
pub(super) fn parse_type_cell(cell: &Cell) -> CellType {
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
pub(super) fn without_parentheticals(text: &str) -> String {
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

pub(super) fn is_type_cell_filler(word: &str) -> bool {
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
        ROOT_NAMESPACE,
    ];
    FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word))
}

pub(super) fn is_plain_string(ty: &CellType) -> bool {
    ty.alternatives == [Alternative::Primitive(Primitive::String)]
}

/// The type a JSON-representation placeholder stands for: `"String (timestamp)"`, `1024`,
/// `true`, `{"@odata.type": "microsoft.graph.x"}`, `["String"]`, `"a | b"`.
pub(super) fn infer_from_placeholder(value: &serde_json::Value) -> (CellType, Option<Vec<String>>) {
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

pub(super) fn resolve_cell_type(cell: &CellType, index: &NameIndex, namespace: &str) -> TypeRef {
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

/// A bare word in a Type cell that could name a type (`identitySet`, `microsoft.graph.x`).
pub(super) fn is_type_name(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}
