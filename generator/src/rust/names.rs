//! Rust identifiers, made in one place: case styles, keywords, collisions.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// Words that cannot name a field or module as they are (strict and reserved keywords).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "if", "impl",
    "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv",
    "typeof", "unsized", "virtual", "yield", "try", "union",
];

/// `recordOperation` → `RecordOperation`.
pub fn type_name(schema_name: &str) -> String {
    let name = schema_name.to_upper_camel_case();
    let name = if name.is_empty() { "Unnamed".to_string() } else { name };
    if name.starts_with(|c: char| c.is_ascii_digit()) { format!("T{name}") } else { name }
}

/// `bargeInAllowed` → `barge_in_allowed`; `loop` → `loop_`; `@odata.etag` → `odata_etag`.
pub fn field_name(json_name: &str) -> String {
    let name = json_name.to_snake_case();
    let name = if name.is_empty() { "field".to_string() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name };
    if KEYWORDS.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// `notStarted` → `NotStarted`; `12hour` → `V12hour`.
pub fn variant_name(member: &str) -> String {
    let name = member.to_upper_camel_case();
    let name = if name.is_empty() { "Empty".to_string() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("V{name}") } else { name };
    if name == "Self" { "Self_".to_string() } else { name }
}

/// `microsoft.graph.callRecords` → `call_records`; the root namespace `microsoft.graph` →
/// `microsoft_graph`.
pub fn module_name(namespace: &str) -> String {
    let rest = namespace.strip_prefix("microsoft.graph.").unwrap_or(namespace);
    field_name(&rest.replace('.', "_"))
}

/// `recordOperation` → `record_operation`, the module and file a type is written to.
pub fn file_name(schema_name: &str) -> String {
    field_name(schema_name)
}

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Hands out names, never the same one twice: a taken name gets `_`, then `_2`, `_3`, ...
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    pub fn reserving(names: &[&str]) -> Self {
        UniqueNames { taken: names.iter().map(|n| n.to_string()).collect() }
    }

    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let underscored = if wanted.ends_with('_') { wanted.clone() } else { format!("{wanted}_") };
        if self.taken.insert(underscored.clone()) {
            return underscored;
        }
        let base = wanted.trim_end_matches('_');
        let name = (2..).map(|n| format!("{base}_{n}")).find(|candidate| !self.taken.contains(candidate)).unwrap_or_default();
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_safe_and_readable() {
        assert_eq!(type_name("recordOperation"), "RecordOperation");
        assert_eq!(field_name("bargeInAllowed"), "barge_in_allowed");
        assert_eq!(field_name("loop"), "loop_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("@odata.etag"), "odata_etag");
        assert_eq!(field_name("x@odata.nextLink"), "x_odata_next_link");
        assert_eq!(field_name("3dModel"), "_3d_model");
        assert_eq!(variant_name("notStarted"), "NotStarted");
        assert_eq!(variant_name("time12"), "Time12");
        assert_eq!(variant_name("12hour"), "V12hour");
        assert_eq!(module_name("microsoft.graph.callRecords"), "call_records");
        assert_eq!(module_name("microsoft.graph"), "microsoft_graph");
    }

    #[test]
    fn unique_names_never_repeat() {
        let mut names = UniqueNames::reserving(&["additional_properties"]);
        assert_eq!(names.claim("status".into()), "status");
        assert_eq!(names.claim("status".into()), "status_");
        assert_eq!(names.claim("status".into()), "status_2");
        assert_eq!(names.claim("additional_properties".into()), "additional_properties_");
    }
}
