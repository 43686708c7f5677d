//! Whether a documented JSON example conforms to the model.

use super::{Disagreement, DisagreementRule, Model, Primitive, PropertyLookup, QualifiedName, TypeKind, TypeRef, TypeTarget};
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
    check_one(model, &mut model.property_lookup(), name, value)
}

fn check_one<'m>(model: &'m Model, lookup: &mut PropertyLookup<'m>, name: &QualifiedName, value: &Value) -> Vec<ExampleFinding> {
    let mut findings = Vec::new();
    check_named(model, lookup, name, value, "$", &mut findings);
    findings
}

/// Checks every example of every type once: each example keeps its findings, and each that
/// does not conform is an `example-invalid` disagreement (returned) naming where, the JSON
/// path, and what was expected versus found (the first finding; the count of others).
pub fn check_examples(model: &mut Model) -> Vec<Disagreement> {
    let mut found = Vec::new();
    for loose in &model.loose_examples {
        found.push(Disagreement {
            rule: DisagreementRule::ExampleInvalid,
            type_name: loose.type_name.clone(),
            property: None,
            docs: Some((loose.example.span.clone(), format!("names type `{}`, which no input defines", loose.type_name))),
            metadata: None,
            related: Vec::new(),
        });
    }
    let mut checked: Vec<(QualifiedName, usize, Vec<ExampleFinding>)> = Vec::new();
    let mut lookup = model.property_lookup();
    for (name, def) in &model.types {
        for (index, example) in def.kind.as_struct().map(|s| s.examples.as_slice()).unwrap_or_default().iter().enumerate() {
            let findings = check_collection_or_one(model, &mut lookup, name, example.collection, &example.value);
            if let Some(first) = findings.first() {
                let more = if findings.len() > 1 { format!(" (and {} more)", findings.len() - 1) } else { String::new() };
                found.push(Disagreement {
                    rule: DisagreementRule::ExampleInvalid,
                    type_name: name.clone(),
                    property: None,
                    docs: Some((
                        example.span.clone(),
                        format!("at {}: expected {}, found {}{more}", first.path, first.expected, first.found),
                    )),
                    metadata: None,
                    related: Vec::new(),
                });
                checked.push((name.clone(), index, findings));
            }
        }
    }
    drop(lookup);
    for (name, index, findings) in checked {
        if let Some(structure) = model.types.get_mut(&name).and_then(|def| def.kind.as_struct_mut()) {
            structure.examples[index].findings = findings;
        }
    }
    found
}

/// Checks an example: an instance of `name`, or for a collection example a
/// `{"value": [...]}` response whose items are.
pub fn check_example_of(model: &Model, name: &QualifiedName, collection: bool, value: &Value) -> Vec<ExampleFinding> {
    check_collection_or_one(model, &mut model.property_lookup(), name, collection, value)
}

fn check_collection_or_one<'m>(
    model: &'m Model,
    lookup: &mut PropertyLookup<'m>,
    name: &QualifiedName,
    collection: bool,
    value: &Value,
) -> Vec<ExampleFinding> {
    if !collection {
        return check_one(model, lookup, name, value);
    }
    let Some(items) = value.get("value").and_then(Value::as_array) else {
        return vec![finding("$", "a collection response, {\"value\": [...]}", value)];
    };
    let mut findings = Vec::new();
    for (index, item) in items.iter().enumerate() {
        check_named(model, lookup, name, item, &format!("$.value[{index}]"), &mut findings);
    }
    findings
}

fn check_named<'m>(
    model: &'m Model,
    lookup: &mut PropertyLookup<'m>,
    name: &QualifiedName,
    value: &Value,
    path: &str,
    findings: &mut Vec<ExampleFinding>,
) {
    let Some((name, def)) = model.types.get_key_value(name) else { return };
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
            let actual = lookup.object_type(name, object);
            for (property, member) in lookup.of(actual).present(object) {
                check_ref(model, lookup, &property.ty, member, &format!("{path}.{}", property.json_name), findings);
            }
        }
    }
}

fn check_ref<'m>(
    model: &'m Model,
    lookup: &mut PropertyLookup<'m>,
    ty: &TypeRef,
    value: &Value,
    path: &str,
    findings: &mut Vec<ExampleFinding>,
) {
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
            check_ref(model, lookup, &single, item, &format!("{path}[{index}]"), findings);
        }
        return;
    }
    match &ty.target {
        TypeTarget::Primitive(primitive) => {
            if let Some(expected) = primitive_mismatch(*primitive, value) {
                findings.push(finding(path, expected, value));
            }
        }
        TypeTarget::Named(name) => check_named(model, lookup, name, value, path, findings),
        TypeTarget::Union(_) | TypeTarget::Untyped => {}
    }
}

/// What was expected, when `value` cannot be read as `primitive`. The rules follow what the
/// generated models accept, so that a conforming example is one they read.
fn primitive_mismatch(primitive: Primitive, value: &Value) -> Option<&'static str> {
    use Primitive::*;
    let integer_in = |low: i64, high: i64| value.as_i64().is_some_and(|n| (low..=high).contains(&n));
    let text = value.as_str();
    let special_float = text.is_some_and(|t| matches!(t, "NaN" | "INF" | "-INF" | "Infinity" | "-Infinity"));
    let ok = match primitive {
        String | Stream => value.is_string(),
        Boolean => value.is_boolean(),
        Byte => integer_in(0, 255),
        SByte => integer_in(-128, 127),
        Int16 => integer_in(i16::MIN.into(), i16::MAX.into()),
        Int32 => integer_in(i32::MIN.into(), i32::MAX.into()),
        Int64 => value.is_i64() || text.is_some_and(|t| t.trim().parse::<i64>().is_ok()),
        Single | Double => value.is_number() || special_float,
        Decimal => value.is_number() || special_float || text.is_some_and(|t| t.trim().parse::<f64>().is_ok()),
        Guid => text.is_some_and(is_guid),
        DateTimeOffset => text.is_some_and(is_rfc3339),
        Date => text.is_some_and(is_date),
        TimeOfDay => text.is_some_and(is_time_of_day),
        Duration => text.is_some_and(is_duration),
        Binary => text.is_some_and(is_base64),
        Geography => true,
    };
    if ok {
        return None;
    }
    Some(match primitive {
        Boolean => "a boolean",
        Byte | SByte | Int16 | Int32 => "an integer in range",
        Int64 => "an integer (a number, or a string of digits)",
        Single | Double | Decimal => "a number (or NaN, INF, -INF)",
        DateTimeOffset => "an RFC 3339 date-time string",
        Date => "a date string, YYYY-MM-DD",
        TimeOfDay => "a time-of-day string, HH:MM:SS[.fraction]",
        Duration => "an ISO 8601 duration string such as PT1H30M",
        Guid => "a GUID string",
        Binary => "a base64 string",
        _ => "a string",
    })
}

fn is_guid(text: &str) -> bool {
    let bare = text.trim_start_matches('{').trim_end_matches('}');
    let hex = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_hexdigit());
    match bare.split('-').collect::<Vec<_>>().as_slice() {
        [a, b, c, d, e] => hex(a, 8) && hex(b, 4) && hex(c, 4) && hex(d, 4) && hex(e, 12),
        [simple] => hex(simple, 32),
        _ => false,
    }
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && [0..4, 5..7, 8..10].into_iter().all(|r| b[r].iter().all(u8::is_ascii_digit)) && {
        let month: u32 = text[5..7].parse().unwrap_or(0);
        let day: u32 = text[8..10].parse().unwrap_or(0);
        (1..=12).contains(&month) && (1..=31).contains(&day)
    }
}

fn is_time_of_day(text: &str) -> bool {
    let (clock, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let parts: Vec<&str> = clock.split(':').collect();
    let two = |p: &str, max: u32| p.len() == 2 && p.parse::<u32>().is_ok_and(|n| n <= max);
    (parts.len() == 2 || parts.len() == 3)
        && two(parts[0], 23)
        && two(parts[1], 59)
        && parts.get(2).is_none_or(|s| two(s, 59))
        && !fraction.is_empty()
        && fraction.len() <= 9
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// `[-]P[nY][nM][nW][nD][T[nH][nM][n[.n]S]]`, with at least one part.
fn is_duration(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('-').unwrap_or(text).strip_prefix('P') else { return false };
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return false,
        None => (rest, None),
    };
    let parts = |section: &str, units: &str, fraction_last: bool| -> Option<usize> {
        let mut count = 0;
        let mut number = String::new();
        let mut allowed = units.chars();
        for c in section.chars() {
            if c.is_ascii_digit() || (c == '.' && fraction_last) {
                number.push(c);
                continue;
            }
            if number.is_empty() || (number.contains('.') && c != 'S') {
                return None;
            }
            allowed.find(|u| *u == c)?;
            number.clear();
            count += 1;
        }
        number.is_empty().then_some(count)
    };
    let date_parts = parts(date, "YMWD", false);
    let time_parts = time.map_or(Some(0), |t| parts(t, "HMS", true));
    matches!((date_parts, time_parts), (Some(d), Some(t)) if d + t > 0)
}

fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    text.len() - body.len() <= 2
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
        && body.len() % 4 != 1
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, the shape OData requires of `DateTimeOffset`.
fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
    if bytes.len() < 20 || !digits(0..4) || bytes[4] != b'-' || !digits(5..7) || bytes[7] != b'-' || !digits(8..10) {
        return false;
    }
    if !matches!(bytes[10], b'T' | b't') || !digits(11..13) || bytes[13] != b':' || !digits(14..16) || bytes[16] != b':' || !digits(17..19)
    {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_forms() {
        assert!(is_rfc3339("2021-07-13T08:00:00.1234567Z") && is_rfc3339("2021-07-13T08:00:00+02:00"));
        assert!(!is_rfc3339("2021-07-13T08:00Z") && !is_rfc3339("2021-07-13"));
        assert!(is_duration("PT1H30M") && is_duration("P1D") && is_duration("-P1DT0.5S") && is_duration("P2W"));
        assert!(!is_duration("P") && !is_duration("PT") && !is_duration("1H") && !is_duration("PT1.5M"));
        assert!(is_guid("8FCB5DBC-D5AA-4681-8E31-B001D5168D79") && is_guid("{8fcb5dbc-d5aa-4681-8e31-b001d5168d79}"));
        assert!(!is_guid("8fcb5dbc-d5aa-4681-8e31") && !is_guid("String"));
        assert!(is_time_of_day("13:45:00.0000000") && is_time_of_day("08:00") && !is_time_of_day("25:00"));
        assert!(is_date("2021-07-13") && !is_date("2021-13-01"));
        assert!(is_base64("aGVsbG8=") && is_base64("aGVsbG8") && is_base64("-_8") && !is_base64("a"));
    }
}
