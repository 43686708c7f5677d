//! Whether a documented JSON example conforms to the model.

use super::{Model, Primitive, QualifiedName, TypeKind, TypeRef, TypeTarget};
use serde::Serialize;
use serde_json::Value;

/// One place where an example disagrees with the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleFinding {
    /// JSON path of the offending value, such as `$.prompts[1].loop`.
    pub path: String,
    pub expected: String,
    pub found: String,
}

/// Checks `value` as an instance of the type `name`. Properties the model does not declare
/// are not findings (Graph adds properties all the time); values of the wrong JSON kind,
/// and unreadable date-times, are.
pub fn check_example(model: &Model, name: &QualifiedName, value: &Value) -> Vec<ExampleFinding> {
    let mut findings = Vec::new();
    check_named(model, name, value, "$", &mut findings);
    findings
}

fn check_named(model: &Model, name: &QualifiedName, value: &Value, path: &str, findings: &mut Vec<ExampleFinding>) {
    let Some(def) = model.get(name) else { return };
    match &def.kind {
        TypeKind::Definition(primitive) => {
            if let Some(expected) = primitive_mismatch(*primitive, value) {
                findings.push(finding(path, expected, value));
            }
        }
        TypeKind::Enum(_) => {
            if !value.is_string() {
                findings.push(finding(path, &format!("a `{}` member as a string", name.name), value));
            }
        }
        TypeKind::Entity(_) | TypeKind::Complex(_) => {
            let Some(object) = value.as_object() else {
                findings.push(finding(path, &format!("a `{}` object", name.name), value));
                return;
            };
            // A derived type named by `@odata.type` is checked as that type.
            let actual = object
                .get("@odata.type")
                .and_then(Value::as_str)
                .map(|t| QualifiedName::parse(t.trim_start_matches('#'), &name.namespace))
                .filter(|t| model.struct_type(t).is_some())
                .unwrap_or_else(|| name.clone());
            for property in model.all_properties(&actual) {
                if let Some(member) = object.get(&property.json_name) {
                    check_ref(model, &property.ty, member, &format!("{path}.{}", property.json_name), findings);
                }
            }
        }
    }
}

fn check_ref(model: &Model, ty: &TypeRef, value: &Value, path: &str, findings: &mut Vec<ExampleFinding>) {
    if value.is_null() {
        return;
    }
    if ty.collection {
        let Some(items) = value.as_array() else {
            findings.push(finding(path, "an array", value));
            return;
        };
        let single = TypeRef { target: ty.target.clone(), collection: false };
        for (index, item) in items.iter().enumerate() {
            check_ref(model, &single, item, &format!("{path}[{index}]"), findings);
        }
        return;
    }
    match &ty.target {
        TypeTarget::Primitive(primitive) => {
            if let Some(expected) = primitive_mismatch(*primitive, value) {
                findings.push(finding(path, expected, value));
            }
        }
        TypeTarget::Named(name) => check_named(model, name, value, path, findings),
        TypeTarget::Union(_) | TypeTarget::Untyped => {}
    }
}

/// What was expected, when `value` cannot be read as `primitive`.
fn primitive_mismatch(primitive: Primitive, value: &Value) -> Option<&'static str> {
    use Primitive::*;
    let ok = match primitive {
        String | Guid | Date | TimeOfDay | Duration | Binary | Stream => value.is_string(),
        Boolean => value.is_boolean(),
        Byte | SByte | Int16 | Int32 | Int64 => value.is_i64() || value.is_u64(),
        Single | Double | Decimal => value.is_number(),
        DateTimeOffset => value.as_str().is_some_and(is_rfc3339),
        Geography => true,
    };
    if ok {
        return None;
    }
    Some(match primitive {
        Boolean => "a boolean",
        Byte | SByte | Int16 | Int32 | Int64 => "an integer",
        Single | Double | Decimal => "a number",
        DateTimeOffset => "an RFC 3339 date-time string",
        _ => "a string",
    })
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, the shape OData requires of `DateTimeOffset`.
fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
    if bytes.len() < 20 || !digits(0..4) || bytes[4] != b'-' || !digits(5..7) || bytes[7] != b'-' || !digits(8..10) {
        return false;
    }
    if !matches!(bytes[10], b'T' | b't') || !digits(11..13) || bytes[13] != b':' || !digits(14..16) || bytes[16] != b':' || !digits(17..19) {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

fn finding(path: &str, expected: &str, value: &Value) -> ExampleFinding {
    let mut found = value.to_string();
    if found.len() > 60 {
        let cut = (0..=57).rev().find(|i| found.is_char_boundary(*i)).unwrap_or(0);
        found.truncate(cut);
        found.push_str("...");
    }
    ExampleFinding { path: path.to_string(), expected: expected.to_string(), found }
}
