//! Rust identifiers, file names and Cargo names, made in one place: case styles, keywords,
//! characters outside ASCII, collisions.
//!
//! Every name the schema gives is mapped to a valid identifier, never refused: a character
//! outside ASCII becomes the word `u` + its code point in hex (`a½` → `a_u00bd`, `AU00bd`;
//! identifiers stay ASCII because module and file names must be, E0754), a keyword gets a
//! trailing `_` (`type` → `type_`, `Self` → `Self_`; raw identifiers cannot spell `self`,
//! `Self`, `super` or `crate`, so the suffix is used for every keyword), a leading digit
//! gets a prefix, an empty name a placeholder. [`UniqueNames`] then makes names unique in
//! their scope. Names the user chooses (`[renames]`, the package) are checked instead, never
//! mangled: see [`check_rename`] and [`check_package_name`].

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Words that cannot name a field, type or module as they are (strict and reserved keywords).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "if", "impl",
    "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv",
    "typeof", "unsized", "virtual", "yield", "try", "union",
];

/// Primitive types the generated code names unqualified (`&str`, `bool`, `Option<usize>`): a
/// type of that name in a generated file would shadow them.
const PRIMITIVES: &[&str] =
    &["bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64"];

/// `a½` → `a u00bd`: every character outside ASCII becomes a word of its own, so that the
/// case conversions below see ASCII only.
fn ascii_words(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!(" u{:04x} ", u32::from(c)));
        }
    }
    Cow::Owned(out)
}

fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// `recordOperation` → `RecordOperation`; `self` → `Self_`; `3d` → `T3d`.
pub fn type_name(schema_name: &str) -> String {
    let name = ascii_words(schema_name).to_upper_camel_case();
    let name = if name.is_empty() { "Unnamed".to_string() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("T{name}") } else { name };
    if is_keyword(&name) { format!("{name}_") } else { name }
}

/// The Rust name of an operation, before it is made unique in its namespace's operations
/// module. The rule:
/// - the name of the type it is bound to, then `Collection` when bound to a collection of it,
///   then its own name: `call.recordResponse` → `CallRecordResponse`, `delta` bound to
///   `Collection(site)` → `SiteCollectionDelta`; an unbound operation is its name alone;
/// - overloads (the same name and binding, several times) are told apart by their parameters:
///   an overload with parameters gets `With` and their names (`image(width, height)` bound to
///   `workbookChart` → `WorkbookChartImageWithWidthHeight`); one without keeps the plain name;
/// - what still collides (two types of one name in different namespaces) gets `_2`, `_3`, ...
///   in the model's order ([`UniqueNames`]).
pub fn operation_name(operation: &crate::ir::Operation, overloaded: bool) -> String {
    let mut name = String::new();
    if let Some(binding) = &operation.binding {
        if let crate::ir::TypeTarget::Named(target) = &binding.ty.target {
            name.push_str(&type_name(&target.name));
        }
        if binding.ty.collection {
            name.push_str("Collection");
        }
    }
    name.push_str(&type_name(&operation.name.name));
    if overloaded && !operation.parameters.is_empty() {
        name.push_str("With");
        for parameter in &operation.parameters {
            name.push_str(&type_name(&parameter.name));
        }
    }
    type_name(&name)
}

/// `bargeInAllowed` → `barge_in_allowed`; `loop` → `loop_`; `@odata.etag` → `odata_etag`.
pub fn field_name(json_name: &str) -> String {
    let name = ascii_words(json_name).to_snake_case();
    let name = if name.is_empty() { "field".to_string() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name };
    if is_keyword(&name) { format!("{name}_") } else { name }
}

/// `notStarted` → `NotStarted`; `12hour` → `V12hour`.
pub fn variant_name(member: &str) -> String {
    let name = ascii_words(member).to_upper_camel_case();
    let name = if name.is_empty() { "Empty".to_string() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("V{name}") } else { name };
    if is_keyword(&name) { format!("{name}_") } else { name }
}

/// `microsoft.graph.callRecords` → `call_records`; the root namespace `microsoft.graph` →
/// `microsoft_graph`. Unique among namespaces only once [`UniqueNames`] has seen it.
pub fn module_name(namespace: &str) -> String {
    let rest = namespace.strip_prefix(crate::ir::ROOT_NAMESPACE).and_then(|rest| rest.strip_prefix('.')).unwrap_or(namespace);
    field_name(&rest.replace('.', "_"))
}

/// `recordOperation` → `record_operation`, the module and file a type is written to.
pub fn file_name(schema_name: &str) -> String {
    field_name(schema_name)
}

/// A product area or a namespace's module as a Cargo feature name: lower-case ASCII letters,
/// digits and single hyphens (`"Cloud Communications"` → `cloud-communications`,
/// `call_records` → `call-records`); none when nothing is left.
pub fn feature_name(text: &str) -> Option<String> {
    let mut name = String::new();
    for c in ascii_words(text.trim()).trim().chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_string();
    (!name.is_empty()).then_some(name)
}

/// Whether `name` is a valid Cargo feature name, as cargo checks it (restricted to ASCII):
/// a letter, digit or `_` first, then letters, digits, `_`, `-`, `+` or `.`.
pub fn is_feature_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
}

/// Whether `name` is an ASCII identifier that Rust accepts as an item name: no keyword, not `_`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !is_keyword(name)
}

/// Checks a `[renames]` value: it is used as written, so a name that is not a Rust type name
/// is refused, with what would fix it.
pub fn check_rename(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a rename must not be empty; expected a Rust type name such as `BetterName`".to_string());
    }
    if let Some(bare) = name.strip_prefix("r#") {
        return Err(format!(
            "`{name}` is a raw identifier, which cannot name a generated type; expected a name that is not a keyword, such as `{}`",
            type_name(bare)
        ));
    }
    if is_keyword(name) {
        return Err(format!("`{name}` is a Rust keyword; expected a name that is not one, such as `{}`", type_name(name)));
    }
    if PRIMITIVES.contains(&name) {
        return Err(format!("`{name}` is a primitive type the generated code uses; expected another name, such as `{}`", type_name(name)));
    }
    if !is_identifier(name) {
        return Err(format!(
            "`{}` is not a Rust identifier; expected ASCII letters, digits and `_`, not starting with a digit, such as `{}`",
            crate::ir::escape_control(name),
            type_name(name)
        ));
    }
    Ok(())
}

/// Package names the generated crate cannot take although cargo reads them: Rust keywords,
/// the standard library's crates, the crate's own dependencies, cargo's artifact folders and
/// names Windows reserves (what `cargo new` refuses, plus the dependencies).
const RESERVED_PACKAGES: &[&str] = &[
    "test",
    "core",
    "std",
    "alloc",
    "proc_macro",
    "deps",
    "examples",
    "build",
    "incremental",
    "serde",
    "serde_json",
    "jiff",
    "uuid",
    "base64",
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "com2",
    "com3",
    "com4",
    "com5",
    "com6",
    "com7",
    "com8",
    "com9",
    "lpt1",
    "lpt2",
    "lpt3",
    "lpt4",
    "lpt5",
    "lpt6",
    "lpt7",
    "lpt8",
    "lpt9",
];

/// Checks the package name as cargo does (ASCII letters, digits, `-` and `_`, not starting
/// with a digit, not empty), and refuses the names that would not build (see
/// [`RESERVED_PACKAGES`]; keywords, since the library is named after the package).
pub fn check_package_name(name: &str) -> Result<(), String> {
    let shown = crate::ir::escape_control(name);
    if name.is_empty() {
        return Err("the package name is empty; expected a name such as `graph-models`".to_string());
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(format!(
            "the package name `{shown}` contains `{}`; expected ASCII letters, digits, `-` and `_`",
            crate::ir::escape_control(&bad.to_string())
        ));
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!("the package name `{shown}` starts with a digit; expected a letter or `_` first"));
    }
    let library = name.replace('-', "_");
    if library == "_" || is_keyword(&library) {
        return Err(format!("the package name `{shown}` is a Rust keyword; the library is named after the package"));
    }
    if RESERVED_PACKAGES.contains(&library.to_ascii_lowercase().as_str()) {
        return Err(format!("the package name `{shown}` is reserved (a standard or dependency crate, or a name cargo refuses)"));
    }
    Ok(())
}

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Hands out names, never the same one twice: a taken name gets `_`, then `_2`, `_3`, ...
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
    /// The last number given to each stem, so that many names folding to one stem cost
    /// linear time, not quadratic (nothing below it is free: names are never given back).
    last_number: BTreeMap<String, u64>,
}

impl UniqueNames {
    pub fn reserving(names: &[&str]) -> Self {
        UniqueNames { taken: names.iter().map(|n| n.to_string()).collect(), last_number: BTreeMap::new() }
    }

    /// Whether `name` has been handed out or reserved.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let underscored = if wanted.ends_with('_') { wanted.clone() } else { format!("{wanted}_") };
        if self.taken.insert(underscored.clone()) {
            return underscored;
        }
        let stem = wanted.trim_end_matches('_').to_string();
        let mut number = self.last_number.get(&stem).map_or(2, |n| n + 1);
        while self.taken.contains(&format!("{stem}_{number}")) {
            number += 1;
        }
        let name = format!("{stem}_{number}");
        self.taken.insert(name.clone());
        self.last_number.insert(stem, number);
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Operation, OperationKind, Parameter, Primitive, QualifiedName, Span, TypeRef, TypeTarget};

    fn parameter(name: &str, target: TypeTarget, collection: bool) -> Parameter {
        Parameter { name: name.into(), ty: TypeRef { target, collection }, nullable: None, optional: false, span: Span::new("m.xml", 1) }
    }

    fn operation(name: &str, binding: Option<(&str, bool)>, parameters: &[&str]) -> Operation {
        Operation {
            name: QualifiedName::new("microsoft.graph", name),
            kind: OperationKind::Function,
            binding: binding.map(|(ty, collection)| {
                parameter("bindingParameter", TypeTarget::Named(QualifiedName::new("microsoft.graph", ty)), collection)
            }),
            parameters: parameters.iter().map(|p| parameter(p, TypeTarget::Primitive(Primitive::Int32), false)).collect(),
            return_type: None,
            is_composable: false,
            span: Span::new("m.xml", 1),
        }
    }

    #[test]
    fn operations_are_named_by_binding_name_and_for_overloads_parameters() {
        assert_eq!(operation_name(&operation("recordResponse", Some(("call", false)), &["prompts"]), false), "CallRecordResponse");
        assert_eq!(operation_name(&operation("delta", Some(("site", true)), &[]), false), "SiteCollectionDelta");
        assert_eq!(operation_name(&operation("getReport", None, &["period"]), false), "GetReport");
        // The overloads of `workbookChart.image`.
        assert_eq!(operation_name(&operation("image", Some(("workbookChart", false)), &[]), true), "WorkbookChartImage");
        assert_eq!(operation_name(&operation("image", Some(("workbookChart", false)), &["width"]), true), "WorkbookChartImageWithWidth");
        assert_eq!(
            operation_name(&operation("image", Some(("workbookChart", false)), &["width", "height", "fittingMode"]), true),
            "WorkbookChartImageWithWidthHeightFittingMode"
        );
    }

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
    fn characters_outside_ascii_become_code_point_words() {
        assert_eq!(type_name("a½"), "AU00bd");
        assert_eq!(field_name("a½"), "a_u00bd");
        assert_eq!(field_name("x²"), "x_u00b2");
        assert_eq!(variant_name("café"), "CafU00e9");
        assert_eq!(module_name("microsoft.graph.größe"), "gr_u00f6_u00df_e");
        assert_eq!(file_name("日本"), "u65e5_u672c");
        assert_eq!(type_name("😀"), "U1f600");
        assert_eq!(feature_name("Ünïcode"), Some("u00dc-n-u00ef-code".to_string()));
    }

    #[test]
    fn keywords_digits_and_empty_names() {
        for keyword in ["self", "Self", "crate", "super", "type", "try"] {
            let name = type_name(keyword);
            assert!(is_identifier(&name), "{keyword} -> {name}");
        }
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(variant_name("self"), "Self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("gen"), "gen_");
        assert_eq!(module_name("microsoft.graph.crate"), "crate_");
        assert_eq!(type_name("3d"), "T3d");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("_"), "Unnamed");
        assert_eq!(field_name(""), "field");
        assert_eq!(field_name("__"), "field");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(module_name(""), "field");
    }

    #[test]
    fn every_made_name_is_an_identifier() {
        for text in ["", "_", "a½", "x²", "A B", "../x", "r#try", "\u{1b}[31m", "9", "Self", "日本", "\u{0}", "-", "mod"] {
            for name in [type_name(text), field_name(text), variant_name(text), module_name(text), file_name(text)] {
                assert!(is_identifier(&name), "{text:?} -> {name:?}");
            }
        }
    }

    #[test]
    fn feature_names_are_cargo_feature_names() {
        assert_eq!(feature_name("Cloud communications"), Some("cloud-communications".to_string()));
        assert_eq!(feature_name("call_records"), Some("call-records".to_string()));
        assert_eq!(feature_name("_3d"), Some("3d".to_string()));
        assert_eq!(feature_name("  --  "), None);
        for text in ["a½", "-x-", "FULL", "日本"] {
            let name = feature_name(text).unwrap();
            assert!(is_feature_name(&name), "{text:?} -> {name:?}");
        }
        assert!(!is_feature_name("-x") && !is_feature_name("") && !is_feature_name("a b") && !is_feature_name("dep:x"));
        assert!(is_feature_name("3d") && is_feature_name("full_") && is_feature_name("a.b+c"));
    }

    #[test]
    fn renames_are_checked_not_mangled() {
        assert_eq!(check_rename("BetterName"), Ok(()));
        assert_eq!(check_rename("lower_case"), Ok(()));
        for (bad, says) in [
            ("", "must not be empty"),
            ("A B", "not a Rust identifier"),
            ("../x", "not a Rust identifier"),
            ("a½", "not a Rust identifier"),
            ("9x", "not a Rust identifier"),
            ("_", "not a Rust identifier"),
            ("r#try", "raw identifier"),
            ("type", "keyword"),
            ("crate", "keyword"),
            ("Self", "keyword"),
            ("self", "keyword"),
            ("str", "primitive"),
        ] {
            let error = check_rename(bad).unwrap_err();
            assert!(error.contains(says), "{bad:?}: {error}");
        }
        assert!(check_rename("\u{1b}[31mX").unwrap_err().contains("\\u{1b}[31mX"));
    }

    #[test]
    fn package_names_are_checked_as_cargo_does() {
        for good in ["graph-models", "x", "a_b-c9", "_private"] {
            assert_eq!(check_package_name(good), Ok(()), "{good}");
        }
        for (bad, says) in [
            ("", "empty"),
            ("graph models", "contains ` `"),
            ("a\"b", "contains `\"`"),
            ("x\n[evil", "contains `\\n`"),
            ("größe", "contains `ö`"),
            ("9lives", "starts with a digit"),
            ("self", "keyword"),
            ("_", "keyword"),
            ("test", "reserved"),
            ("serde-json", "reserved"),
            ("CON", "reserved"),
        ] {
            let error = check_package_name(bad).unwrap_err();
            assert!(error.contains(says), "{bad:?}: {error}");
        }
    }

    #[test]
    fn unique_names_never_repeat() {
        let mut names = UniqueNames::reserving(&["additional_properties"]);
        assert_eq!(names.claim("status".into()), "status");
        assert_eq!(names.claim("status".into()), "status_");
        assert_eq!(names.claim("status".into()), "status_2");
        assert_eq!(names.claim("additional_properties".into()), "additional_properties_");
        assert!(names.is_taken("status_2") && !names.is_taken("status_3"));
        // A name taken as written is skipped; numbers are never given twice.
        assert_eq!(names.claim("status_3".into()), "status_3");
        assert_eq!(names.claim("status".into()), "status_4");
        assert_eq!(names.claim("status_".into()), "status_5");
    }

    #[test]
    fn many_names_folding_to_one_stem_stay_unique() {
        let mut names = UniqueNames::default();
        let claimed: BTreeSet<String> = (0..20_000).map(|_| names.claim(field_name("a."))).collect();
        assert_eq!(claimed.len(), 20_000);
        assert!(claimed.contains("a") && claimed.contains("a_") && claimed.contains("a_19999"));
    }
}
