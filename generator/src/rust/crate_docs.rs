//! The crate's own docs: what the models do, and doctests that show how to read a response,
//! build a value, and write a PATCH body.
//!
//! The doctests use one type of the model, chosen by [`pick`] so that any model gets them:
//! a struct that the default features compile, with a string property and, where one has
//! them, a date-time and a GUID property. They use only fields of scalar types (strings,
//! primitives and enumerations), never collections or polymorphic values, and only the
//! names the plan gave.

use super::operations::ResponseKind;
use super::plan::{OperationPlan, Plan};
use crate::ir::{OperationKind, Primitive, Property, QualifiedName, TypeKind, TypeTarget};
use std::collections::BTreeSet;

/// The text of `src/lib.rs`'s docs.
pub fn text(plan: &Plan, default_features: &[String]) -> String {
    let mut text = String::from(
        "Microsoft Graph models, generated from the service's documentation pages and metadata.\n\
        \n\
        Every type reads what the service sends and writes back what it read: properties the\n\
        schema does not declare are kept in `additional_properties`, enumeration members it\n\
        does not list in `Unrecognized`, and a value declared as a base type is read as the\n\
        derived type its `@odata.type` names (the `Any…` enums). Each property is a\n\
        [`runtime::Field`]: absent, `null`, or a value.",
    );
    if let Some(example) = pick(plan, default_features) {
        text.push_str(&example.sections(plan));
    }
    if let Some(operation) = pick_operation(plan, default_features) {
        text.push_str(&sending(plan, operation));
    }
    text.push_str(
        "\n\n# License\n\n\
        Descriptions taken from Microsoft Graph documentation are © Microsoft, licensed under\n\
        CC BY 4.0 (<https://creativecommons.org/licenses/by/4.0/>).",
    );
    text
}

/// The date-time and GUID the examples use.
const TIMESTAMP: &str = "2021-07-13T08:00:00Z";
const GUID: &str = "8fcb5dbc-d5aa-4681-8e31-b001d5168d79";
/// The values the examples give string properties.
const READ_TEXT: &str = "Contoso";
const BUILT_TEXT: &str = "Contoso Ltd";

/// One property the examples use: its index among the type's properties (the order fields
/// are written in), its JSON name and its Rust field.
#[derive(Clone, Copy)]
struct Slot<'p> {
    index: usize,
    json: &'p str,
    field: &'p str,
    /// The service ignores it in a PATCH: the examples prefer others to write.
    read_only: bool,
}

/// The type the examples use and the properties they touch.
struct Example<'p> {
    path: String,
    /// A string property: read, set, and set again in the PATCH.
    text: Slot<'p>,
    date_time: Option<Slot<'p>>,
    guid: Option<Slot<'p>>,
    /// Another scalar property: read as `null`, and cleared in the PATCH.
    other: Option<Slot<'p>>,
    /// A third one, left out of the response read.
    absent: Option<Slot<'p>>,
    /// A JSON name the type does not declare, for the property kept in `additional_properties`.
    unknown: String,
}

/// The kind of a property the examples can use: not a relationship, not a collection, a
/// primitive or an enumeration, with a plain JSON name (the examples spell it in JSON text).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    DateTime,
    Guid,
    OtherScalar,
}

fn kind(plan: &Plan, property: &Property) -> Option<Kind> {
    let plain = property.json_name.starts_with(|c: char| c.is_ascii_alphabetic())
        && property.json_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !plain || property.navigation || property.ty.collection {
        return None;
    }
    match &property.ty.target {
        TypeTarget::Primitive(Primitive::String) => Some(Kind::Text),
        TypeTarget::Primitive(Primitive::DateTimeOffset) => Some(Kind::DateTime),
        TypeTarget::Primitive(Primitive::Guid) => Some(Kind::Guid),
        TypeTarget::Primitive(_) => Some(Kind::OtherScalar),
        TypeTarget::Named(target) if plan.emitted.contains(target) && matches!(plan.def(target).kind, TypeKind::Enum(_)) => {
            Some(Kind::OtherScalar)
        }
        _ => None,
    }
}

/// The types the default features compile: all of them when the crate has no features or
/// `full` is a default, else those in a default feature's closure.
fn compiled_by_default<'m>(plan: &Plan<'m>, default_features: &[String]) -> Option<BTreeSet<&'m QualifiedName>> {
    if plan.features.closures.is_empty() || default_features.iter().any(|f| f == "full") {
        return None;
    }
    Some(default_features.iter().filter_map(|f| plan.features.closures.get(f)).flatten().copied().collect())
}

/// The struct the examples use: one the default features compile with a string property,
/// preferring one that also has a date-time and a GUID, then one that is not abstract,
/// then an entity, then the first by qualified name.
fn pick<'p>(plan: &'p Plan, default_features: &[String]) -> Option<Example<'p>> {
    let compiled = compiled_by_default(plan, default_features);
    let mut best: Option<((usize, bool, bool), Example<'p>)> = None;
    for &name in &plan.emitted {
        let def = plan.def(name);
        let Some(structure) = def.kind.as_struct() else { continue };
        if compiled.as_ref().is_some_and(|c| !c.contains(name)) {
            continue;
        }
        let properties = plan.properties(name);
        let slots: Vec<(Kind, Slot)> = properties
            .iter()
            .zip(&plan.field_names[name])
            .enumerate()
            .filter_map(|(index, (property, field))| {
                let slot = Slot { index, json: property.json_name.as_str(), field: field.as_str(), read_only: property.read_only };
                kind(plan, property).map(|kind| (kind, slot))
            })
            .collect();
        let of_kind = |wanted: Kind| slots.iter().filter(move |(k, _)| *k == wanted).map(|(_, slot)| *slot);
        // The string to show: `displayName` when there is one, else one the service lets a
        // client write, else any but the key `id`, else `id`.
        let Some(text) = of_kind(Kind::Text)
            .find(|s| s.json == "displayName")
            .or_else(|| of_kind(Kind::Text).find(|s| s.json != "id" && !s.read_only))
            .or_else(|| of_kind(Kind::Text).find(|s| s.json != "id"))
            .or_else(|| of_kind(Kind::Text).next())
        else {
            continue;
        };
        let date_time = of_kind(Kind::DateTime).find(|s| s.json == "createdDateTime").or_else(|| of_kind(Kind::DateTime).next());
        let guid = of_kind(Kind::Guid).next();
        let key = (
            usize::from(date_time.is_none()) + usize::from(guid.is_none()),
            structure.is_abstract,
            !matches!(def.kind, TypeKind::Entity(_)),
        );
        if best.as_ref().is_some_and(|(best_key, _)| *best_key <= key) {
            continue;
        }
        let used = [Some(text.index), date_time.map(|s| s.index), guid.map(|s| s.index)];
        // The one read as `null` and cleared in the PATCH: one a client may write when there is one.
        let rest = || slots.iter().map(|(_, slot)| *slot).filter(|s| !used.contains(&Some(s.index)) && s.json != "id");
        let other = rest().find(|s| !s.read_only).or_else(|| rest().next());
        let absent = rest().find(|s| Some(s.index) != other.map(|o| o.index));
        let declared: BTreeSet<&str> = properties.iter().map(|p| p.json_name.as_str()).collect();
        let unknown = (1..).map(|n| format!("notInTheSchema{n}")).find(|n| !declared.contains(n.as_str())).unwrap_or_default();
        let path = plan.external_path(name, &plan.type_names[name]);
        best = Some((key, Example { path, text, date_time, guid, other, absent, unknown }));
        if key == (0, false, false) {
            break;
        }
    }
    best.map(|(_, example)| example)
}

/// A fenced doctest whose `?` returns a boxed error.
fn doctest(lines: &[String]) -> String {
    let mut code = String::from("```\n");
    for line in lines {
        code.push_str(line);
        code.push('\n');
    }
    code.push_str("# Ok::<(), Box<dyn std::error::Error>>(())\n```");
    code
}

/// Compact JSON of string-valued members, in the order the fields are written.
fn compact_json(members: &mut [(usize, &str, String)]) -> String {
    members.sort_by_key(|(index, _, _)| *index);
    let members: Vec<String> = members.iter().map(|(_, name, value)| format!("\"{name}\":{value}")).collect();
    format!("{{{}}}", members.join(","))
}

impl Example<'_> {
    fn sections(&self, plan: &Plan) -> String {
        let crate_name = &plan.crate_name;
        let path = &self.path;
        let text = self.text;
        let mut out = String::new();

        // Reading a response.
        let mut json = vec![format!("  \"{}\": \"{READ_TEXT}\"", text.json)];
        json.extend(self.other.map(|o| format!("  \"{}\": null", o.json)));
        json.extend(self.date_time.map(|d| format!("  \"{}\": \"{TIMESTAMP}\"", d.json)));
        json.extend(self.guid.map(|g| format!("  \"{}\": \"{GUID}\"", g.json)));
        json.push(format!("  \"{}\": [1, 2]", self.unknown));
        let mut lines = vec![
            format!("use {crate_name}::runtime::Field;"),
            String::new(),
            format!("let json = r#\"{{\n{}\n}}\"#;", json.join(",\n")),
            format!("let value: {path} = serde_json::from_str(json)?;"),
            format!("assert_eq!(value.{}, Field::Value(\"{READ_TEXT}\".to_string()));", text.field),
        ];
        if let Some(other) = self.other {
            lines.push(format!("assert_eq!(value.{}, Field::Null); // sent as `null`", other.field));
        }
        if let Some(absent) = self.absent {
            lines.push(format!("assert_eq!(value.{}, Field::Absent); // not sent", absent.field));
        }
        if let Some(date_time) = self.date_time {
            lines.push(format!("let timestamp: jiff::Timestamp = \"{TIMESTAMP}\".parse()?;"));
            lines.push(format!("assert_eq!(value.{}.value().and_then(|t| t.get().copied()), Some(timestamp));", date_time.field));
        }
        if let Some(guid) = self.guid {
            lines.push(format!("let guid: uuid::Uuid = \"{GUID}\".parse()?;"));
            lines.push(format!("assert_eq!(value.{}.value().and_then(|g| g.get().copied()), Some(guid));", guid.field));
        }
        lines.push("// What the schema does not declare is kept, and written back.".to_string());
        lines.push(format!("assert_eq!(value.additional_properties.value(\"{}\"), Some(serde_json::json!([1, 2])));", self.unknown));
        out.push_str(&format!(
            "\n\n# Reading a response\n\n\
            Every type implements `serde::Deserialize`; a property is [`Field::Absent`](runtime::Field::Absent) \
            when the payload leaves it out, [`Field::Null`](runtime::Field::Null) when it sends `null`.\n\n{}",
            doctest(&lines)
        ));

        // Building a value.
        let mut lines = vec![format!("use {crate_name}::runtime::Field;"), String::new()];
        let mut written = vec![(text.index, text.json, format!("\"{BUILT_TEXT}\""))];
        let mut fields = vec![format!("    {}: \"{BUILT_TEXT}\".to_string().into(),", text.field)];
        if let Some(date_time) = self.date_time {
            lines.push(format!("let timestamp: jiff::Timestamp = \"{TIMESTAMP}\".parse()?;"));
            fields.push(format!("    {}: timestamp.into(),", date_time.field));
            written.push((date_time.index, date_time.json, format!("\"{TIMESTAMP}\"")));
        }
        if let Some(guid) = self.guid {
            lines.push(format!("let guid: uuid::Uuid = \"{GUID}\".parse()?;"));
            fields.push(format!("    {}: guid.into(),", guid.field));
            written.push((guid.index, guid.json, format!("\"{GUID}\"")));
        }
        lines.push(format!("let value = {path} {{"));
        lines.extend(fields);
        lines.push("    ..Default::default()".to_string());
        lines.push("};".to_string());
        lines.push(format!("assert_eq!(value.{}, Field::Value(\"{BUILT_TEXT}\".to_string()));", text.field));
        lines.push(format!("assert_eq!(serde_json::to_string(&value)?, r#\"{}\"#);", compact_json(&mut written)));
        let conversions = match (self.date_time.is_some(), self.guid.is_some()) {
            (true, true) => " A date-time or GUID field takes its `jiff::Timestamp` or `uuid::Uuid` with `.into()`.",
            (true, false) => " A date-time field takes its `jiff::Timestamp` with `.into()`.",
            (false, true) => " A GUID field takes its `uuid::Uuid` with `.into()`.",
            (false, false) => "",
        };
        out.push_str(&format!(
            "\n\n# Building a value\n\n\
            Every type implements `Default`, with every property absent: name the properties to set \
            and end with `..Default::default()`, so the code still compiles when the schema adds \
            properties. `.into()` makes a value a [`Field`](runtime::Field).{conversions}\n\n{}",
            doctest(&lines)
        ));

        // A PATCH body.
        let (set, cleared) = match self.other.or(self.date_time).or(self.guid) {
            Some(cleared) => (Some(text), cleared),
            None => (None, text),
        };
        let mut written = vec![(cleared.index, cleared.json, "null".to_string())];
        let mut lines = vec![format!("use {crate_name}::runtime::Field;"), String::new(), format!("let patch = {path} {{")];
        if let Some(set) = set {
            lines.push(format!("    {}: \"{BUILT_TEXT}\".to_string().into(),", set.field));
            written.push((set.index, set.json, format!("\"{BUILT_TEXT}\"")));
        }
        lines.push(format!("    {}: Field::Null,", cleared.field));
        lines.push("    ..Default::default()".to_string());
        lines.push("};".to_string());
        lines.push(format!("assert_eq!(serde_json::to_string(&patch)?, r#\"{}\"#);", compact_json(&mut written)));
        out.push_str(&format!(
            "\n\n# Writing a PATCH body\n\n\
            A PATCH body carries only what changes: a property left [`Field::Absent`](runtime::Field::Absent) \
            is not written, and the service leaves it alone; one set to [`Field::Null`](runtime::Field::Null) \
            is written as `null`, which clears it.\n\n{}",
            doctest(&lines)
        ));
        out
    }
}

/// The operation the "Sending an operation" example uses: one the default features compile,
/// preferring an action with parameters (it has a body), then a bound one, then the first.
fn pick_operation<'p, 'm>(plan: &'p Plan<'m>, default_features: &[String]) -> Option<&'p OperationPlan<'m>> {
    if let Some(feature) = plan.operations_feature()
        && !default_features.iter().any(|f| f == "full" || f == feature)
    {
        return None;
    }
    let compiled = compiled_by_default(plan, default_features);
    let compiles = |operation: &&OperationPlan| {
        let op = operation.operation;
        let mut types = op.types();
        types.all(|ty| match (&ty.target, &compiled) {
            (TypeTarget::Named(name), Some(compiled)) => compiled.contains(name),
            _ => true,
        })
    };
    // `false` sorts first: an action with a body, then a bound operation.
    let rank = |operation: &&OperationPlan| {
        let op = operation.operation;
        (op.kind != OperationKind::Action || op.parameters.is_empty(), op.binding.is_none())
    };
    plan.operations.iter().filter(compiles).min_by_key(rank)
}

/// `# Sending an operation`: a request built from a descriptor and sent through a closure
/// that stands for any HTTP client, answering with canned JSON.
fn sending(plan: &Plan, operation: &OperationPlan) -> String {
    let crate_name = &plan.crate_name;
    let op = operation.operation;
    let path = plan.operation_external_path(operation);
    let rust_name = &operation.rust_name;
    let method = if op.kind == OperationKind::Action { "POST" } else { "GET" };
    // A path the metadata gives, or one that stands for any path that reaches it.
    let (template, keys) = match operation.paths.first() {
        Some(template) => {
            let keys: Vec<String> = template
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                .map(|placeholder| format!("(\"{placeholder}\", \"1\")"))
                .collect();
            (template.clone(), keys)
        }
        None if op.binding.is_some() => (format!("/{{id}}/{}", op.name.name), vec!["(\"id\", \"1\")".to_string()]),
        None => (format!("/{}", op.name.name), Vec::new()),
    };
    let value = if op.parameters.is_empty() { rust_name.clone() } else { format!("{rust_name}::default()") };
    let url = template.replace("{id}", "1").split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
    let url = if op.kind == OperationKind::Function { format!("{url}()") } else { url };
    let body = ResponseKind::of(plan, op).minimal_body();
    let lines = vec![
        format!("use {crate_name}::runtime::operations::{{Operation, Request, send}};"),
        format!("use {path};"),
        String::new(),
        "// Any HTTP client will do; here, a closure that answers with canned JSON.".to_string(),
        "let mut transport = |request: &Request| -> Result<String, std::convert::Infallible> {".to_string(),
        format!("    assert_eq!(request.method.as_str(), \"{method}\");"),
        format!("    assert_eq!(request.url, \"{url}\");"),
        format!("    Ok(r#\"{body}\"#.to_string())"),
        "};".to_string(),
        format!("let operation = {value};"),
        format!("// A template of `{rust_name}::PATHS`, or any other path that reaches the operation."),
        format!("let _response: <{rust_name} as Operation>::Response ="),
        format!("    send(&mut transport, &operation, \"{template}\", &[{}])?;", keys.join(", ")),
    ];
    format!(
        "\n\n# Sending an operation\n\n\
        Every action and function is a type implementing \
        [`Operation`](runtime::operations::Operation): its fields are the parameters (an action's \
        body, a function's URL parameters), and its constants the method and path templates. The \
        crate has no HTTP client: [`send`](runtime::operations::send) builds the \
        [`Request`](runtime::operations::Request) and hands it to any \
        [`Transport`](runtime::operations::Transport), and reads the response as the operation's \
        `Response` type.{}\n\n{}",
        match plan.operations_feature() {
            Some(feature) => format!(
                " They compile with the `{feature}` feature (in `full`): a crate that only reads and writes payloads builds faster without it."
            ),
            None => String::new(),
        },
        doctest(&lines)
    )
}
