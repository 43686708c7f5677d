//! `drift docs`: every disagreement between the pages and the metadata, as findings.
//!
//! The work is done by [`codegen::analyze`]: it reads both sources, merges them (recording a
//! [`Disagreement`] wherever they differ, with both locations), and checks every example.
//! This module presents those disagreements: a severity per rule, a message, the page as
//! the primary location when there is one, and the other side (and the type's other source,
//! when the disagreement names only one) as related locations.

use super::{DriftError, Finding, Rule, Severity};
use crate::codegen::{self, Request};
use crate::config::{Config, Overrides};
use crate::ir::{Disagreement, DisagreementRule, Model, QualifiedName};
use std::path::{Path, PathBuf};

/// One rule of `drift docs`, as the README's table states it.
#[derive(Debug, Clone, Copy)]
pub struct DocsRule {
    pub rule: DisagreementRule,
    /// Errors are places where a page promises a shape the generated models do not have, or
    /// shows a payload they cannot read; warnings are gaps and contradictions that do not
    /// change what the models read.
    pub severity: Severity,
    /// What the rule finds.
    pub what: &'static str,
    /// Why it has its severity.
    pub why: &'static str,
}

/// Every rule of `drift docs`, in the order of the README's table and of [`DisagreementRule`]:
/// the one place each rule's severity and rationale are stated (a test holds the README to it).
pub const RULES: [DocsRule; 21] = [
    DocsRule {
        rule: DisagreementRule::TypeUndocumented,
        severity: Severity::Warning,
        what: "the metadata declares a type no page defines",
        why: "generated from the metadata alone, without a description",
    },
    DocsRule {
        rule: DisagreementRule::TypeUnknown,
        severity: Severity::Warning,
        what: "a page defines a type the metadata does not declare",
        why: "generated from the page alone; the service's metadata does not promise it",
    },
    DocsRule {
        rule: DisagreementRule::PropertyUndocumented,
        severity: Severity::Warning,
        what: "the metadata declares a property its type's page does not list",
        why: "generated from the metadata alone, without a description",
    },
    DocsRule {
        rule: DisagreementRule::PropertyUnknown,
        severity: Severity::Warning,
        what: "a page lists a property the metadata does not declare",
        why: "generated from the page alone; the metadata does not promise it",
    },
    DocsRule {
        rule: DisagreementRule::PropertyTypeMismatch,
        severity: Severity::Error,
        what: "the page's type is not the metadata's",
        why: "the generated field has the metadata's type, not the one the page documents",
    },
    DocsRule {
        rule: DisagreementRule::NullabilityMismatch,
        severity: Severity::Error,
        what: "the two disagree on `null`",
        why: "the page and the metadata promise different things about null (pages never state nullability, so it does not fire from them)",
    },
    DocsRule {
        rule: DisagreementRule::EnumMemberMismatch,
        severity: Severity::Warning,
        what: "members only one side lists; the message says when only the case differs (`notStarted` / `NotStarted`)",
        why: "generated enums read members either side lists, in both spellings, and keep unknown ones",
    },
    DocsRule {
        rule: DisagreementRule::BaseTypeMismatch,
        severity: Severity::Error,
        what: "the page's `baseType` is not the metadata's",
        why: "the generated struct inherits the metadata's base type's properties, not the page's",
    },
    DocsRule {
        rule: DisagreementRule::AbstractMismatch,
        severity: Severity::Warning,
        what: "the page says abstract, the metadata does not",
        why: "only the generated docs say whether a type is abstract",
    },
    DocsRule {
        rule: DisagreementRule::OpenTypeMismatch,
        severity: Severity::Warning,
        what: "the page says open type, the metadata does not",
        why: "every generated struct keeps undeclared properties, open or not",
    },
    DocsRule {
        rule: DisagreementRule::TableJsonMismatch,
        severity: Severity::Warning,
        what: "a page's property table and its JSON representation list different properties",
        why: "the page contradicts itself; both lists are generated",
    },
    DocsRule {
        rule: DisagreementRule::ExampleInvalid,
        severity: Severity::Error,
        what: "an example does not conform: JSON path, expected, found",
        why: "a documented payload the generated models would not read as documented",
    },
    DocsRule {
        rule: DisagreementRule::JsonUnreadable,
        severity: Severity::Error,
        what: "a JSON block that is not JSON even read leniently",
        why: "a documented payload that nothing can read, so it is neither checked nor tested",
    },
    DocsRule {
        rule: DisagreementRule::OperationUndocumented,
        severity: Severity::Note,
        what: "the metadata declares an action or function, bound to a type whose other operations an API page documents, that no page documents",
        why: "generated from the metadata alone, without a description or tested examples; reported only beside documented operations, since most operations have no page in a partial set of pages",
    },
    DocsRule {
        rule: DisagreementRule::OperationUnknown,
        severity: Severity::Warning,
        what: "an API page's request names an operation (a call, `name(...)`, or the name its title gives, `call: recordResponse`) that the metadata declares neither as an operation nor as an entity set, singleton or property",
        why: "nothing is generated for it: the service's metadata does not promise it",
    },
    DocsRule {
        rule: DisagreementRule::ParameterUndocumented,
        severity: Severity::Warning,
        what: "the metadata declares a parameter its operation's page does not list",
        why: "generated from the metadata alone, without a description",
    },
    DocsRule {
        rule: DisagreementRule::ParameterUnknown,
        severity: Severity::Warning,
        what: "a page lists a parameter the metadata does not declare",
        why: "the generated parameters type does not have it; the service's metadata does not promise it",
    },
    DocsRule {
        rule: DisagreementRule::ParameterTypeMismatch,
        severity: Severity::Error,
        what: "the page's type of a parameter is not the metadata's (by the rules of `property-type-mismatch`)",
        why: "the generated parameter has the metadata's type, not the one the page documents",
    },
    DocsRule {
        rule: DisagreementRule::ReturnTypeMismatch,
        severity: Severity::Error,
        what: "a response example's annotation names a type that is not the operation's return type nor derived from it, or a collection where the return type is not (or the reverse), or a response shows a body where the operation returns nothing",
        why: "the generated descriptor reads the response as the metadata's return type, not as the page shows it",
    },
    DocsRule {
        rule: DisagreementRule::PathUnknown,
        severity: Severity::Warning,
        what: "a page's request line that no metadata path explains",
        why: "the generated descriptor offers only the metadata's paths",
    },
    DocsRule {
        rule: DisagreementRule::RequestExampleInvalid,
        severity: Severity::Error,
        what: "a request example's body does not conform to the operation's parameters (or the entity it creates or updates): JSON path, expected, found",
        why: "a documented request the generated parameters type would not read as documented",
    },
];

impl DocsRule {
    /// The entry of `rule`.
    pub fn of(rule: DisagreementRule) -> &'static DocsRule {
        &RULES[rule as usize]
    }
}

/// The findings of `drift docs` over pages under `docs` and the metadata in `csdl`.
pub fn findings(docs: &[PathBuf], csdl: &[PathBuf], base_dir: &Path) -> Result<Vec<Finding>, DriftError> {
    // Only the analysis runs: nothing is emitted, so the output settings do not matter.
    let inputs = Overrides { docs: docs.to_vec(), csdl: csdl.to_vec(), ..Overrides::default() };
    let request = Request::new(Config::default(), &inputs, base_dir, base_dir);
    let analysis = codegen::analyze(&request)?;
    Ok(from_model(&analysis.model))
}

/// The findings for the disagreements a merged model records, sorted.
pub fn from_model(model: &Model) -> Vec<Finding> {
    let mut found: Vec<Finding> = model.disagreements.iter().filter_map(|d| finding(model, d)).collect();
    super::sort(&mut found);
    found.dedup();
    found
}

fn finding(model: &Model, disagreement: &Disagreement) -> Option<Finding> {
    let Disagreement { rule, type_name, property, docs, metadata, related } = disagreement;
    let (location, mut others) = match (docs, metadata) {
        (Some((page, _)), Some((declared, _))) => (page.clone(), vec![declared.clone()]),
        (Some((page, _)), None) => (page.clone(), Vec::new()),
        (None, Some((declared, _))) => (declared.clone(), Vec::new()),
        (None, None) => return None,
    };
    others.extend(related.iter().cloned());
    // The side the disagreement does not name, when the type has one: the page of a type
    // whose property it lacks, the declaration of a type whose page says too much.
    let def = model.get(type_name);
    let property_def = property.as_deref().and_then(|p| {
        model.struct_type(type_name)?;
        model.all_properties(type_name).into_iter().find(|q| q.json_name.eq_ignore_ascii_case(p))
    });
    let other_side = match (docs, metadata) {
        (None, Some(_)) => def.and_then(|d| d.sources.docs.clone()),
        (Some(_), None) => property_def.and_then(|p| p.sources.metadata.clone()).or_else(|| def.and_then(|d| d.sources.metadata.clone())),
        _ => None,
    };
    others.extend(other_side);
    others.retain(|span| *span != location);
    others.sort();
    others.dedup();
    Some(Finding {
        rule: Rule::Docs(*rule),
        type_name: type_name.to_string(),
        property: property.clone(),
        member: None,
        message: message(
            *rule,
            type_name,
            property.as_deref(),
            docs.as_ref().map(|d| d.1.as_str()),
            metadata.as_ref().map(|m| m.1.as_str()),
        ) + &inherited_from(model, type_name, property.as_deref()),
        location,
        related: others,
    })
}

/// ` (inherited from `base`)` when the type does not declare the property itself.
fn inherited_from(model: &Model, type_name: &QualifiedName, property: Option<&str>) -> String {
    let Some(property) = property else { return String::new() };
    let declares = |name: &QualifiedName| {
        model.struct_type(name).is_some_and(|s| s.properties.iter().any(|p| p.json_name.eq_ignore_ascii_case(property)))
    };
    if model.struct_type(type_name).is_none() || declares(type_name) {
        return String::new();
    }
    model.ancestors(type_name).into_iter().find(|base| declares(base)).map(|base| format!(" (inherited from `{base}`)")).unwrap_or_default()
}

fn message(
    rule: DisagreementRule,
    type_name: &QualifiedName,
    property: Option<&str>,
    docs: Option<&str>,
    metadata: Option<&str>,
) -> String {
    use DisagreementRule::*;
    let subject = match property {
        Some(property) => format!("property `{property}` of `{type_name}`"),
        None => format!("`{type_name}`"),
    };
    let docs = docs.unwrap_or("nothing");
    let metadata = metadata.unwrap_or("nothing");
    match rule {
        TypeUndocumented => format!("`{type_name}` is declared in the metadata, but no page documents it"),
        TypeUnknown => format!("`{type_name}` is documented, but the metadata does not declare it"),
        PropertyUndocumented => format!("{subject} (`{metadata}`) is declared in the metadata, but its page does not document it"),
        PropertyUnknown => format!("{subject} (`{docs}`) is documented, but the metadata does not declare it"),
        PropertyTypeMismatch => format!("{subject}: the page says `{docs}`, the metadata says `{metadata}`"),
        NullabilityMismatch => format!("{subject}: the page says {docs}, the metadata says {metadata}"),
        EnumMemberMismatch => {
            let subject = match property {
                Some(_) => format!("the members of {subject}"),
                None => format!("the members of enum `{type_name}`"),
            };
            match docs.strip_prefix("differ only in case: ") {
                Some(pairs) if !pairs.contains("; ") => {
                    format!("{subject} differ from the metadata's {metadata} only in case (page / metadata): {pairs}")
                }
                _ => format!("{subject} differ from the metadata's {metadata}: {docs}"),
            }
        }
        BaseTypeMismatch => {
            let quoted = |said: &str| if said.contains(' ') { said.to_string() } else { format!("`{said}`") };
            format!("base type of `{type_name}`: the page says {}, the metadata says {}", quoted(docs), quoted(metadata))
        }
        AbstractMismatch => format!("the page says `{type_name}` is abstract; the metadata says it is {metadata}"),
        OpenTypeMismatch => format!("the page says `{type_name}` is an open type; the metadata says it is {metadata}"),
        TableJsonMismatch => format!("{subject} is {docs}"),
        ExampleInvalid if docs.starts_with("names type") => format!("an example {docs}"),
        ExampleInvalid => format!("an example of `{type_name}` does not conform to the schema: {docs}"),
        JsonUnreadable => format!("a JSON block of `{type_name}` is not JSON even read leniently: {docs}"),
        OperationUndocumented => format!("operation `{type_name}` ({metadata}) is declared in the metadata, but no page documents it"),
        OperationUnknown => format!("the page documents `{docs}`, which the metadata declares neither as an operation nor as a path"),
        ParameterUndocumented => {
            format!(
                "parameter `{}` of `{type_name}` (`{metadata}`) is declared in the metadata, but its page does not document it",
                property.unwrap_or("")
            )
        }
        ParameterUnknown => {
            format!(
                "parameter `{}` of `{type_name}` (`{docs}`) is documented, but the metadata does not declare it",
                property.unwrap_or("")
            )
        }
        ParameterTypeMismatch => {
            format!("parameter `{}` of `{type_name}`: the page says `{docs}`, the metadata says `{metadata}`", property.unwrap_or(""))
        }
        ReturnTypeMismatch => {
            let returns = if metadata == "nothing" { metadata.to_string() } else { format!("`{metadata}`") };
            format!("a response of `{type_name}` shows {docs}; the metadata returns {returns}")
        }
        PathUnknown => format!("no path of the metadata matches the request line {docs} (`{type_name}`)"),
        RequestExampleInvalid => format!("a request example of `{type_name}` does not conform to the schema: {docs}"),
    }
}
