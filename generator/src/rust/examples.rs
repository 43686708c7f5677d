//! Documented examples as doctests: each conforming example is read into its type, a few
//! concrete values are asserted, and the value is written back and compared with the input.

use super::plan::{OperationPlan, Plan};
use crate::ir::{Example, Primitive, Property, PropertyLookup, QualifiedName, TypeKind, TypeRef, TypeTarget};
use serde_json::Value;

/// At most this many value assertions per example: enough to show the mapping, few enough to read.
const MAX_ASSERTIONS: usize = 12;

/// The `# Examples` section of a type's docs (empty when it has none that conform). Whether
/// an example conforms was decided in the IR (its `findings`); one that does not is reported
/// there, once.
pub fn doc_examples(plan: &Plan, name: &QualifiedName, examples: &[&Example]) -> String {
    let mut section = String::new();
    for example in examples.iter().filter(|example| example.findings.is_empty()) {
        if section.is_empty() {
            section.push_str("\n\n# Examples\n");
        }
        section.push_str(&doctest(plan, name, example, &example.value));
    }
    section
}

fn doctest(plan: &Plan, name: &QualifiedName, example: &Example, value: &Value) -> String {
    doctest_as(plan, name, example, value, &plan.example_type_path(name, example.collection))
}

/// A response example of an operation as a doctest: read as the operation's `Response` (at
/// `operation_path`, as a user spells it). A result of a structured type (or a collection of
/// one) gets the assertions a type's example gets; any other, the round trip alone.
pub fn response_doctest(plan: &Plan, operation_path: &str, return_type: &TypeRef, example: &Example) -> String {
    let crate_name = &plan.crate_name;
    let type_path = format!("<{operation_path} as {crate_name}::runtime::operations::Operation>::Response");
    match &return_type.target {
        TypeTarget::Named(name) if plan.model.struct_type(name).is_some() => {
            let example = Example { collection: return_type.collection, ..example.clone() };
            doctest_as(plan, name, &example, &example.value, &type_path)
        }
        _ => render(plan, example, &type_path, "value", Vec::new(), &example.value),
    }
}

fn doctest_as(plan: &Plan, name: &QualifiedName, example: &Example, value: &Value, type_path: &str) -> String {
    let mut assertions = Vec::new();
    match value {
        Value::Object(object) if example.collection => {
            let items = object.get("value").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            // A list's length and index count its values; the nulls between them are kept aside.
            let values: Vec<&Value> = items.iter().filter(|item| !item.is_null()).collect();
            assertions.push(format!("assert_eq!(value.value.len(), {});", values.len()));
            match values.first().copied() {
                Some(first) if plan.polymorphic.contains_key(name) => assertions.extend(variant_check(plan, name, first, "value.value[0]")),
                Some(Value::Object(first)) => object_assertions(plan, name, first, "value.value[0]", 0, &mut assertions),
                _ => {}
            }
        }
        Value::Object(object) if plan.polymorphic.contains_key(name) => {
            // The properties are asserted on the variant when it compiles wherever the base
            // does (its doctest is compiled with the base's docs).
            let (variant, actual) = read_variant(plan, name, value);
            if let Some(actual) = actual.filter(|actual| plan.compiles_with(actual, name)) {
                let enum_path = plan.external_path(name, plan.value_type_name(name));
                assertions.push(format!("let {enum_path}::{variant}(value) = &read else {{ panic!(\"read as {{read:?}}\") }};"));
                object_assertions(plan, actual, object, "value", 0, &mut assertions);
            } else {
                assertions.extend(variant_check(plan, name, value, "read"));
            }
        }
        Value::Object(object) => object_assertions(plan, name, object, "value", 0, &mut assertions),
        _ => {}
    }
    let read_as = if !example.collection && plan.polymorphic.contains_key(name) { "read" } else { "value" };
    // Enum members read in another spelling (the metadata's `NotStarted`) are written as the
    // service spells them; the expected document says so.
    let mut expected = value.clone();
    normalise_members(plan, &mut plan.model.property_lookup(), name, example.collection, &mut expected);
    render(plan, example, type_path, read_as, assertions, &expected)
}

/// A request example of an operation as a doctest: read into its parameters type (at
/// `type_path`, as a user spells it), values asserted as for a type's example, written back
/// and compared.
pub fn parameters_doctest(plan: &Plan, operation: &OperationPlan, type_path: &str, example: &Example) -> String {
    let properties: Vec<&Property> = operation.parameters.iter().collect();
    let mut assertions = Vec::new();
    let mut expected = example.value.clone();
    if let (Value::Object(object), Value::Object(normalised)) = (&example.value, &mut expected) {
        properties_assertions(plan, &properties, &operation.field_names, object, "value", 0, &mut assertions);
        let mut lookup = plan.model.property_lookup();
        for (key, member) in normalised.iter_mut() {
            if let Some(parameter) = properties.iter().find(|p| &p.json_name == key) {
                normalise_value(plan, &mut lookup, &parameter.ty, member);
            }
        }
    }
    render(plan, example, type_path, "value", assertions, &expected)
}

/// The doctest: `example` read as `type_path` into `read_as`, the assertions, and the value
/// written back and compared with `expected` (the example, enum members normalised).
fn render(plan: &Plan, example: &Example, type_path: &str, read_as: &str, mut assertions: Vec<String>, expected: &Value) -> String {
    let crate_name = &plan.crate_name;
    let value = &example.value;
    let json = &serde_json::to_string_pretty(value).unwrap_or_default();
    let hashes = "#".repeat(raw_string_hashes(json));
    assertions.truncate(MAX_ASSERTIONS);
    let mut code = format!("\nFrom `{}`:\n\n```\n", example.span);
    code.push_str(&format!("let json = r{hashes}\"{json}\"{hashes};\n"));
    code.push_str(&format!("let {read_as}: {type_path} = serde_json::from_str(json).unwrap();\n"));
    for assertion in assertions {
        code.push_str(&assertion);
        code.push('\n');
    }
    code.push_str(&format!("let written = serde_json::to_value(&{read_as}).unwrap();\n"));
    if expected != value {
        let expected = serde_json::to_string_pretty(&expected).unwrap_or_default();
        code.push_str("// Enum members in another spelling are written as the service spells them.\n");
        code.push_str(&format!("let read: serde_json::Value = serde_json::from_str(r{hashes}\"{expected}\"{hashes}).unwrap();\n"));
    } else {
        code.push_str("let read: serde_json::Value = serde_json::from_str(json).unwrap();\n");
    }
    code.push_str(&format!("assert!({crate_name}::runtime::same_json(&written, &read), \"{{written:#}}\");\n```\n"));
    code
}

/// How many `#` a raw string literal of `text` needs: one more than the longest run of `#`
/// after a quote in it (found in one pass; trying each count in turn rescanned the text).
fn raw_string_hashes(text: &str) -> usize {
    let mut longest = 0;
    for (at, _) in text.match_indices('"') {
        longest = longest.max(text[at + 1..].bytes().take_while(|b| *b == b'#').count());
    }
    longest + 1
}

/// Replaces enum members written in one of their aliases by the member's wire name.
fn normalise_members<'m>(plan: &Plan<'m>, lookup: &mut PropertyLookup<'m>, name: &QualifiedName, collection: bool, value: &mut Value) {
    if collection {
        if let Some(Value::Array(items)) = value.get_mut("value") {
            for item in items {
                normalise_members(plan, lookup, name, false, item);
            }
        }
        return;
    }
    let Some(object) = value.as_object_mut() else { return };
    let Some((declared, _)) = plan.model.types.get_key_value(name) else { return };
    let actual = lookup.object_type(declared, object);
    let properties = lookup.of(actual);
    // Each member is normalised on its own, so the object's order serves.
    for (key, member) in object.iter_mut() {
        let Some(property) = properties.get(key) else { continue };
        normalise_value(plan, lookup, &property.ty, member);
    }
}

/// Normalises the enum members of a value of type `ty` (see [`normalise_members`]).
fn normalise_value<'m>(plan: &Plan<'m>, lookup: &mut PropertyLookup<'m>, ty: &TypeRef, member: &mut Value) {
    let TypeTarget::Named(target) = &ty.target else { return };
    let members: Vec<&mut Value> = match member {
        Value::Array(items) if ty.collection => items.iter_mut().collect(),
        other => vec![other],
    };
    for item in members {
        match plan.model.get(target).map(|d| &d.kind) {
            Some(TypeKind::Enum(enumeration)) => {
                if let Value::String(text) = item
                    && let Some(m) = enumeration.members.iter().find(|m| m.aliases.iter().any(|a| a == text))
                {
                    *text = m.name.clone();
                }
            }
            Some(TypeKind::Entity(_) | TypeKind::Complex(_)) => normalise_members(plan, lookup, target, false, item),
            _ => {}
        }
    }
}

/// Assertions on the properties of `object`, read as type `name` and reachable as `path`.
fn object_assertions(
    plan: &Plan,
    name: &QualifiedName,
    object: &serde_json::Map<String, Value>,
    path: &str,
    depth: usize,
    out: &mut Vec<String>,
) {
    properties_assertions(plan, plan.properties(name), &plan.field_names[name], object, path, depth, out);
}

/// Assertions on the members of `object`, read into fields `field_names` of `properties`.
fn properties_assertions(
    plan: &Plan,
    properties: &[&Property],
    field_names: &[String],
    object: &serde_json::Map<String, Value>,
    path: &str,
    depth: usize,
    out: &mut Vec<String>,
) {
    for (key, member) in object {
        if out.len() >= MAX_ASSERTIONS {
            return;
        }
        if key == "@odata.type" {
            continue;
        }
        let Some(index) = properties.iter().position(|p| &p.json_name == key) else {
            out.push(format!("assert!({path}.additional_properties.contains_key({key:?}));"));
            continue;
        };
        let field = format!("{path}.{}", field_names[index]);
        if properties[index].navigation && !member.is_null() {
            // A navigation's target may compile under fewer features than its owner (it is
            // then raw JSON): only its presence is asserted.
            out.push(format!("assert!(!{field}.is_absent());"));
            continue;
        }
        value_assertion(plan, &properties[index].ty, member, &field, depth, out);
    }
}

fn value_assertion(plan: &Plan, ty: &TypeRef, member: &Value, field: &str, depth: usize, out: &mut Vec<String>) {
    if member.is_null() {
        out.push(format!("assert!({field}.is_null());"));
        return;
    }
    if ty.collection {
        if let Value::Array(items) = member {
            let values: Vec<&Value> = items.iter().filter(|item| !item.is_null()).collect();
            out.push(format!("assert_eq!({field}.value().map(|list| list.len()), Some({}));", values.len()));
            if let (Some(first), TypeTarget::Named(target)) = (values.first().copied(), &ty.target)
                && let Some(check) = variant_check(plan, target, first, &format!("{field}.value().unwrap()[0]"))
            {
                out.push(check);
            }
        }
        return;
    }
    match (&ty.target, member) {
        (TypeTarget::Primitive(primitive), _) => {
            if let Some(assertion) = primitive_assertion(plan, *primitive, member, field) {
                out.push(assertion);
            }
        }
        (TypeTarget::Named(target), _) => match plan.model.get(target).map(|d| &d.kind) {
            Some(TypeKind::Enum(enumeration)) if enumeration.is_flags => {
                let Some(text) = member.as_str() else { return };
                let count = text.split(',').filter(|m| !m.trim().is_empty()).count();
                out.push(format!("assert_eq!({field}.value().map(|flags| flags.members.len()), Some({count}));"));
            }
            Some(TypeKind::Enum(enumeration)) => {
                let Some(text) = member.as_str() else { return };
                let enum_path = plan.external_path(target, &plan.type_names[target]);
                let super::plan::EnumVariants { members: variants, unrecognized } = &plan.variant_names[target];
                let rust_enum = match enumeration.members.iter().position(|m| m.name == text || m.aliases.iter().any(|a| a == text)) {
                    Some(index) => format!("{enum_path}::{}", variants[index]),
                    None => format!("{enum_path}::{unrecognized}({text:?}.to_string())"),
                };
                out.push(format!("assert_eq!({field}.value(), Some(&{rust_enum}));"));
            }
            Some(TypeKind::Entity(_) | TypeKind::Complex(_)) => {
                let Value::Object(inner) = member else { return };
                if let Some(check) = variant_check(plan, target, member, &format!("{field}.value().unwrap()")) {
                    out.push(check);
                } else if depth < 1 && !plan.polymorphic.contains_key(target) {
                    object_assertions(plan, target, inner, &format!("{field}.value().unwrap()"), depth + 1, out);
                }
            }
            Some(TypeKind::Definition(primitive)) => {
                if let Some(assertion) = primitive_assertion(plan, *primitive, member, field) {
                    out.push(assertion);
                }
            }
            None => {}
        },
        _ => {}
    }
}

/// `assert!(matches!(..., AnyPrompt::MediaPrompt(_)))` for a polymorphic value that names its
/// type, when that variant compiles wherever the base does.
fn variant_check(plan: &Plan, target: &QualifiedName, member: &Value, expression: &str) -> Option<String> {
    let polymorphic = plan.polymorphic.get(target)?;
    member.get("@odata.type")?.as_str()?;
    let (variant, actual) = read_variant(plan, target, member);
    if actual.is_some_and(|actual| !plan.compiles_with(actual, target)) {
        return None;
    }
    let enum_path = plan.external_path(target, &polymorphic.enum_name);
    Some(format!("assert!(matches!({expression}, {enum_path}::{variant}(_)));"))
}

/// The variant of `base`'s enum a value is read as, and its type: the same rule as the
/// runtime's (the `@odata.type` by name, exactly, else ignoring case; else the base).
fn read_variant<'p, 'm>(plan: &'p Plan<'m>, base: &'m QualifiedName, member: &Value) -> (&'p str, Option<&'m QualifiedName>) {
    let polymorphic = &plan.polymorphic[base];
    let named = member.get("@odata.type").and_then(Value::as_str).map(|t| t.trim_start_matches('#')).unwrap_or_default();
    let qualified: Vec<String> = polymorphic.variants.iter().map(|(d, _)| d.to_string()).collect();
    let index = qualified.iter().position(|q| q == named).or_else(|| qualified.iter().position(|q| q.eq_ignore_ascii_case(named)));
    match index {
        Some(i) => (&polymorphic.variants[i].1, Some(polymorphic.variants[i].0)),
        None => (&polymorphic.base_variant, Some(base)),
    }
}

fn primitive_assertion(_plan: &Plan, primitive: Primitive, member: &Value, field: &str) -> Option<String> {
    use Primitive::*;
    Some(match (primitive, member) {
        (String, Value::String(text)) => format!("assert_eq!({field}.value().map(String::as_str), Some({text:?}));"),
        // Kept as written: `Display` gives the text as read.
        (Guid | Duration | Binary | Stream | DateTimeOffset | Date | TimeOfDay, Value::String(text)) => {
            format!("assert_eq!({field}.value().map(ToString::to_string).as_deref(), Some({text:?}));")
        }
        (Boolean, Value::Bool(b)) => format!("assert_eq!({field}.value(), Some(&{b}));"),
        (Byte | SByte | Int16 | Int32, Value::Number(n)) => format!("assert_eq!({field}.value(), Some(&{n}));"),
        (Int64, Value::Number(n)) => format!("assert_eq!({field}.value().map(|n| n.get()), Some({n}));"),
        (Int64, Value::String(text)) => {
            let n: i64 = text.trim().parse().ok()?;
            format!("assert_eq!({field}.value().map(|n| (n.get(), n.is_quoted())), Some(({n}, true)));")
        }
        // A decimal keeps its text, but the parsed example has lost it: compare the value.
        (Decimal, Value::Number(n)) => {
            let number = n.as_f64()?;
            format!("assert_eq!({field}.value().map(|n| n.to_f64()), Some({number:?}));")
        }
        (Decimal, Value::String(text)) => format!("assert_eq!({field}.value().map(|n| n.as_str()), Some({text:?}));"),
        (Single | Double, Value::Number(n)) => {
            let number = n.as_f64()?;
            format!("assert_eq!({field}.value().map(|n| n.get()), Some({number:?}));")
        }
        (Single | Double, Value::String(text)) if text == "NaN" => {
            format!("assert!({field}.value().is_some_and(|n| n.get().is_nan()));")
        }
        (Single | Double, Value::String(text)) if text == "INF" || text == "-INF" => {
            let sign = if text.starts_with('-') { "-" } else { "" };
            format!("assert_eq!({field}.value().map(|n| n.get()), Some({sign}f64::INFINITY as _));")
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::raw_string_hashes;

    #[test]
    fn raw_strings_get_one_hash_more_than_any_quote_is_followed_by() {
        assert_eq!(raw_string_hashes("{}"), 1);
        assert_eq!(raw_string_hashes(r##"{"a": "#x"}"##), 2);
        assert_eq!(raw_string_hashes(r###"{"a": "##", "b": "#"}"###), 3);
        assert_eq!(raw_string_hashes("# \"# ###"), 2);
    }
}
