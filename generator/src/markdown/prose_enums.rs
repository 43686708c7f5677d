//! Enumerations the pages define: in prose ("Possible values are: `a`, `b`"), as a JSON
//! placeholder (`"a | b"`), or in tables (`### name values`, an enum page's `## Members`).

use super::lower::is_identifier;
use super::page::{Cell, Inline, Page};
use crate::ir::{Diagnostic, EnumMember, EnumType, QualifiedName, ROOT_NAMESPACE, Sources, TypeDef, TypeKind};
use std::collections::BTreeSet;

/// Members listed after "Possible values are" in a description: up to the end of the
/// sentence (`` `a`, `b` or `c`. ``), or, when the list starts on a new line, the code span
/// that starts each line (`` `a` — what a means<br>`b` — what b means ``).
pub(super) fn prose_members(cell: &Cell) -> Option<Vec<String>> {
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

pub(super) fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end();
    trimmed.ends_with('.') || text.contains(". ")
}

/// Members of a JSON-representation placeholder such as `"a | b | c"`.
pub(super) fn pipe_members(value: &serde_json::Value) -> Option<Vec<String>> {
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

pub(super) fn dedup(members: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    members.into_iter().filter(|m| seen.insert(m.clone())).collect()
}

/// Enumerations a page defines in tables: `### name values` sections, or an enum page's
/// `## Members` table.
pub(super) fn enum_tables(page: &Page, diagnostics: &mut Vec<Diagnostic>) -> Vec<TypeDef> {
    let namespace = page.namespace.as_deref().unwrap_or(ROOT_NAMESPACE);
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
