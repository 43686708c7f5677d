//! Whether a documented JSON example conforms to the model.

use super::{
    BodyType, Disagreement, DisagreementRule, Model, Parameter, Primitive, PropertyLookup, QualifiedName, ROOT_NAMESPACE, TypeKind,
    TypeRef, TypeTarget,
};
use serde::Serialize;
use serde_json::Value;

/// The generated runtime's primitive values (`templates/runtime/values.rs`, the file every
/// generated crate carries as `src/runtime/values.rs`), compiled into the generator: whether
/// an example's value conforms is decided by the parsers that will read it.
#[allow(dead_code)]
#[path = "../../templates/runtime/values.rs"]
mod values;

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
            if let Some(summary) = findings_summary(&findings) {
                found.push(Disagreement {
                    rule: DisagreementRule::ExampleInvalid,
                    type_name: name.clone(),
                    property: None,
                    docs: Some((example.span.clone(), summary)),
                    metadata: None,
                    related: Vec::new(),
                });
                checked.push((name.clone(), index, findings));
            }
        }
    }
    let operation_findings = check_documented_operations(model, &mut lookup);
    drop(lookup);
    for (page, request, findings) in operation_findings.requests {
        if let Some(body) = model.documented_operations[page].request_examples[request].body.as_mut() {
            body.findings = findings;
        }
    }
    for (page, request, overload) in operation_findings.overloads {
        model.documented_operations[page].request_examples[request].overload = Some(overload);
    }
    for (page, response, findings) in operation_findings.responses {
        if let Some(body) = model.documented_operations[page].response_examples[response].body.as_mut() {
            body.findings = findings;
        }
    }
    found.extend(operation_findings.disagreements);
    for (name, index, findings) in checked {
        if let Some(structure) = model.types.get_mut(&name).and_then(|def| def.kind.as_struct_mut()) {
            structure.examples[index].findings = findings;
        }
    }
    found
}

/// The findings of the API pages' examples: (page, example, findings) of each that does not
/// conform, and a disagreement for each.
#[derive(Default)]
struct OperationFindings {
    requests: Vec<(usize, usize, Vec<ExampleFinding>)>,
    /// The overload each body of parameters fits best: (page, request, operation index).
    overloads: Vec<(usize, usize, usize)>,
    responses: Vec<(usize, usize, Vec<ExampleFinding>)>,
    disagreements: Vec<Disagreement>,
}

/// Checks the request and response bodies of every API page, each as the merge decided it
/// is read: a request body as the documented operation's parameters (the overload it fits
/// best) or as the entity it creates or updates; a response body as `read_as`.
fn check_documented_operations<'m>(model: &'m Model, lookup: &mut PropertyLookup<'m>) -> OperationFindings {
    let mut found = OperationFindings::default();
    for (page_index, page) in model.documented_operations.iter().enumerate() {
        let overloads: Vec<usize> = page.documents.iter().flat_map(|d| d.overloads.iter().copied()).collect();
        let subject = |fallback: Option<&QualifiedName>| {
            page.documents.as_ref().map(|d| d.name.clone()).or_else(|| fallback.cloned()).unwrap_or_else(|| {
                QualifiedName::new(ROOT_NAMESPACE, page.span.file.rsplit('/').next().unwrap_or_default().trim_end_matches(".md"))
            })
        };
        for (index, request) in page.request_examples.iter().enumerate() {
            let Some(body) = &request.body else { continue };
            let (findings, type_name) = match &request.body_type {
                BodyType::Parameters => {
                    let fits = overloads.iter().map(|&operation| {
                        let mut findings = Vec::new();
                        check_parameters(model, lookup, &model.operations[operation].parameters, &body.value, &mut findings);
                        (operation, findings)
                    });
                    let (best, findings) = fits.min_by_key(|(_, findings)| findings.len()).unzip();
                    if let Some(best) = best {
                        found.overloads.push((page_index, index, best));
                    }
                    (findings.unwrap_or_default(), subject(None))
                }
                BodyType::Type(name) => (check_one(model, lookup, name, &body.value), subject(Some(name))),
                BodyType::Unknown => continue,
            };
            if let Some(summary) = findings_summary(&findings) {
                found.disagreements.push(Disagreement {
                    rule: DisagreementRule::RequestExampleInvalid,
                    type_name,
                    property: None,
                    docs: Some((body.span.clone(), summary)),
                    metadata: None,
                    related: vec![request.span.clone()],
                });
                found.requests.push((page_index, index, findings));
            }
        }
        for (index, response) in page.response_examples.iter().enumerate() {
            let Some(body) = &response.body else { continue };
            let Some(read_as) = &response.read_as else {
                // What the merge could not type: a type no input defines, on a page of no known
                // operation (an operation's own responses get `return-type-mismatch`).
                if let (Some(named), None) = (&response.annotated_type, &page.documents) {
                    found.disagreements.push(Disagreement {
                        rule: DisagreementRule::ExampleInvalid,
                        type_name: QualifiedName::parse(named, ROOT_NAMESPACE),
                        property: None,
                        docs: Some((body.span.clone(), format!("names type `{named}`, which no input defines"))),
                        metadata: None,
                        related: vec![response.span.clone()],
                    });
                }
                continue;
            };
            let findings = check_response(model, lookup, read_as, &body.value);
            if let Some(summary) = findings_summary(&findings) {
                let read_name = match &read_as.target {
                    TypeTarget::Named(name) => Some(name),
                    _ => None,
                };
                found.disagreements.push(Disagreement {
                    rule: DisagreementRule::ExampleInvalid,
                    type_name: subject(read_name),
                    property: None,
                    docs: Some((body.span.clone(), summary)),
                    metadata: None,
                    related: vec![response.span.clone()],
                });
                found.responses.push((page_index, index, findings));
            }
        }
    }
    found
}

/// Checks a request body against an operation's parameters, as if they were the properties
/// of an object: names exact, values by the rules of properties, other members kept.
fn check_parameters<'m>(
    model: &'m Model,
    lookup: &mut PropertyLookup<'m>,
    parameters: &[Parameter],
    value: &Value,
    findings: &mut Vec<ExampleFinding>,
) {
    let Some(object) = value.as_object() else {
        findings.push(finding("$", "an object of the operation's parameters", value));
        return;
    };
    for parameter in parameters {
        if let Some(member) = object.get(&parameter.name) {
            check_ref(model, lookup, &parameter.ty, member, &format!("$.{}", parameter.name), findings);
        }
    }
}

/// Checks a response body read as `read_as`: a structured type's object, a collection
/// response of one, or OData's `{"value": ...}` around a collection or a primitive or enum value.
fn check_response<'m>(model: &'m Model, lookup: &mut PropertyLookup<'m>, read_as: &TypeRef, value: &Value) -> Vec<ExampleFinding> {
    if let TypeTarget::Named(name) = &read_as.target
        && model.struct_type(name).is_some()
    {
        return check_collection_or_one(model, lookup, name, read_as.collection, value);
    }
    let mut findings = Vec::new();
    match value.get("value") {
        Some(wrapped) => check_ref(model, lookup, read_as, wrapped, "$.value", &mut findings),
        None => findings.push(finding("$", "a {\"value\": ...} response", value)),
    }
    findings
}

/// An example's findings in one line: where, what was expected and found (the first
/// finding), and how many others there are. `None` when there are none.
pub fn findings_summary(findings: &[ExampleFinding]) -> Option<String> {
    let first = findings.first()?;
    let more = if findings.len() > 1 { format!(" (and {} more)", findings.len() - 1) } else { String::new() };
    Some(format!("at {}: expected {}, found {}{more}", first.path, first.expected, first.found))
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
    // A type no input defines is raw JSON in the generated models: anything reads.
    let Some((name, def)) = model.types.get_key_value(name) else { return };
    match &def.kind {
        TypeKind::Definition(primitive) => {
            if let Some(expected) = primitive_mismatch(*primitive, value) {
                findings.push(finding(path, expected, value));
            }
        }
        TypeKind::Enum(_) => {
            // Members the schema does not list are kept, so any string reads.
            if !value.is_string() {
                findings.push(finding(path, &format!("a `{}` member as a string", name.name), value));
            }
        }
        TypeKind::Entity(_) | TypeKind::Complex(_) => {
            let Some(object) = value.as_object() else {
                findings.push(finding(path, &format!("a `{}` object", name.name), value));
                return;
            };
            // The runtime reads `@odata.type` as text, whatever type it names.
            if let Some(odata_type) = object.get("@odata.type").filter(|t| !t.is_string()) {
                findings.push(finding(&format!("{path}.@odata.type"), "a type name as a string", odata_type));
            }
            // A type derived from the declared one, named by `@odata.type`, is checked as that
            // type; properties neither declares are kept by the models, so they conform.
            let actual = lookup.object_type(name, object);
            for (property, member) in lookup.of(actual).present(object) {
                check_ref(model, lookup, &property.ty, member, &format!("{path}.{}", property.json_name), findings);
            }
        }
    }
}

/// Checks a property's value: `null` is a property's third state (the models' `Field::Null`),
/// and a collection is an array whose every item is a value of the type or `null` (the
/// models' `List` keeps where nulls stood).
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
    if !ty.collection {
        check_target(model, lookup, &ty.target, value, path, findings);
        return;
    }
    let Some(items) = value.as_array() else {
        findings.push(finding(path, "an array", value));
        return;
    };
    for (index, item) in items.iter().enumerate().filter(|(_, item)| !item.is_null()) {
        check_target(model, lookup, &ty.target, item, &format!("{path}[{index}]"), findings);
    }
}

/// Checks one value of `target`, not `null`.
fn check_target<'m>(
    model: &'m Model,
    lookup: &mut PropertyLookup<'m>,
    target: &TypeTarget,
    value: &Value,
    path: &str,
    findings: &mut Vec<ExampleFinding>,
) {
    match target {
        TypeTarget::Primitive(primitive) => {
            if let Some(expected) = primitive_mismatch(*primitive, value) {
                findings.push(finding(path, expected, value));
            }
        }
        TypeTarget::Named(name) => check_named(model, lookup, name, value, path, findings),
        // A union is read as the nearest type all its members derive from, or as raw JSON.
        TypeTarget::Union(members) => {
            if let Some(base) = model.common_base(members) {
                check_named(model, lookup, base, value, path, findings);
            }
        }
        TypeTarget::Untyped => {}
    }
}

/// What was expected, when the generated runtime does not read `value` as `primitive`.
///
/// The verdict is the runtime's own: the value's JSON text is read with the very type a
/// generated field of that primitive has (`rust::plan::primitive_type`), from the runtime's
/// `values.rs` compiled into the generator. No rule is restated here, so an example conforms
/// exactly when a generated model reads it. Only the words of the message are the checker's.
fn primitive_mismatch(primitive: Primitive, value: &Value) -> Option<&'static str> {
    use Primitive::*;
    if runtime_reads(primitive, value) {
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
        Binary | Stream => "a base64 string",
        String | Geography => "a string",
    })
}

/// Whether the generated runtime reads `value` as `primitive`: its JSON text (as a doctest
/// holds it) read with the Rust type a generated field of that primitive has.
fn runtime_reads(primitive: Primitive, value: &Value) -> bool {
    fn reads<T: serde::de::DeserializeOwned>(value: &Value) -> bool {
        serde_json::from_str::<T>(&value.to_string()).is_ok()
    }
    use Primitive::*;
    match primitive {
        String => reads::<std::string::String>(value),
        Boolean => reads::<bool>(value),
        Byte => reads::<u8>(value),
        SByte => reads::<i8>(value),
        Int16 => reads::<i16>(value),
        Int32 => reads::<i32>(value),
        Int64 => reads::<values::Int64>(value),
        Single => reads::<values::Single>(value),
        Double => reads::<values::Double>(value),
        Decimal => reads::<values::Decimal>(value),
        Guid => reads::<values::Guid>(value),
        DateTimeOffset => reads::<values::DateTimeOffset>(value),
        Date => reads::<values::Date>(value),
        TimeOfDay => reads::<values::TimeOfDay>(value),
        Duration => reads::<values::Duration>(value),
        Binary | Stream => reads::<values::Binary>(value),
        Geography => reads::<values::Json>(value),
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

    fn conforms(primitive: Primitive, json: &str) -> bool {
        primitive_mismatch(primitive, &serde_json::from_str(json).unwrap()).is_none()
    }

    /// The runtime's verdicts, as the checker sees them: what used to be accepted here and
    /// rejected by the generated models (words that look like base64, dates past jiff's
    /// range) follows the runtime now.
    #[test]
    fn primitives_conform_as_the_runtime_reads_them() {
        use Primitive::*;
        assert!(
            conforms(DateTimeOffset, r#""2021-07-13T08:00:00.1234567Z""#) && conforms(DateTimeOffset, r#""2021-07-13T08:00:00+02:00""#)
        );
        assert!(!conforms(DateTimeOffset, r#""2021-07-13""#) && !conforms(DateTimeOffset, r#""yesterday""#));
        assert!(conforms(Duration, r#""PT1H30M""#) && conforms(Duration, r#""P1D""#) && conforms(Duration, r#""-P1DT0.5S""#));
        assert!(!conforms(Duration, r#""P""#) && !conforms(Duration, r#""1H""#));
        assert!(conforms(Guid, r#""8FCB5DBC-D5AA-4681-8E31-B001D5168D79""#) && !conforms(Guid, r#""String""#));
        assert!(conforms(TimeOfDay, r#""13:45:00.0000000""#) && !conforms(TimeOfDay, r#""25:00""#));
        assert!(conforms(Date, r#""2021-07-13""#) && !conforms(Date, r#""2021-13-01""#));
        assert!(conforms(Binary, r#""aGVsbG8=""#) && conforms(Binary, r#""-_8""#) && conforms(Stream, r#""aGVsbG8""#));
        assert!(!conforms(Binary, r#""Binary""#) && !conforms(Binary, r#""contentBytes-value""#) && !conforms(Binary, "12"));
        assert!(conforms(Int32, "7") && !conforms(Int32, "7.5") && !conforms(Byte, "256") && !conforms(Int16, r#""7""#));
        assert!(conforms(Int64, r#""-12""#) && conforms(Double, r#""INF""#) && conforms(Decimal, "1.5") && !conforms(Double, "true"));
        assert!(conforms(Geography, "null") && !conforms(String, "null") && !conforms(Boolean, r#""true""#));
    }

    fn model() -> Model {
        let text = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
            <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
              <ComplexType Name="prompt"><Property Name="tags" Type="Collection(Edm.String)" /></ComplexType>
              <ComplexType Name="mediaPrompt" BaseType="microsoft.graph.prompt"><Property Name="loop" Type="Edm.Int32" /></ComplexType>
              <ComplexType Name="other"><Property Name="loop" Type="Edm.Boolean" /></ComplexType>
              <ComplexType Name="call">
                <Property Name="prompts" Type="Collection(microsoft.graph.prompt)" />
                <Property Name="extras" Type="Collection(Edm.Untyped)" />
              </ComplexType>
            </Schema></edmx:DataServices></edmx:Edmx>"#;
        crate::csdl::lower(&[crate::csdl::read_document("test.xml", text).unwrap()]).model
    }

    fn check(json: &str) -> Vec<String> {
        let model = model();
        let name = QualifiedName::parse("microsoft.graph.call", "microsoft.graph");
        check_example(&model, &name, &serde_json::from_str(json).unwrap())
            .into_iter()
            .map(|f| format!("{}: {}", f.path, f.expected))
            .collect()
    }

    /// The structural rules as the runtime reads objects: `null` is a property's third state
    /// and may stand in any collection; `@odata.type` is text and chooses among the declared
    /// type's family only; undeclared properties are kept.
    #[test]
    fn structure_conforms_as_the_runtime_reads_it() {
        assert_eq!(check(r##"{"prompts": null, "extras": [null, 1], "unknown": [null]}"##), Vec::<String>::new());
        assert_eq!(check(r##"{"prompts": [null, {"tags": ["a", null]}]}"##), Vec::<String>::new());
        assert_eq!(check(r##"{"prompts": [null, 1]}"##), ["$.prompts[1]: a `prompt` object"]);
        assert_eq!(check(r##"{"prompts": [{"@odata.type": null}]}"##), ["$.prompts[0].@odata.type: a type name as a string"]);
        // A derived type's properties are checked as its own, exactly or ignoring case.
        assert_eq!(
            check(r##"{"prompts": [{"@odata.type": "#microsoft.graph.MEDIAprompt", "loop": true}]}"##),
            ["$.prompts[0].loop: an integer in range"]
        );
        // A type outside the family is read as the declared type: `loop` is then unknown.
        assert_eq!(check(r##"{"prompts": [{"@odata.type": "#microsoft.graph.other", "loop": 1.5}]}"##), Vec::<String>::new());
        assert_eq!(check(r##"{"prompts": [{"@odata.type": "mediaPrompt", "loop": 1.5}]}"##), Vec::<String>::new());
    }
}
