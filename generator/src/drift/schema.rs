//! `drift schema`: what changed between two versions of the metadata, each change classed
//! breaking or additive for users of the generated models.
//!
//! Types are matched by qualified name, exactly or else ignoring case when that leaves one
//! on each side (the 2018 metadata spells `RecordOperation`, the 2021 one
//! `recordOperation`); a finding about such a type says so. References to a type are
//! compared through the same pairing, so a property typed `ResultInfo` in one version and
//! `resultInfo` in the other has not changed type. Properties and enum members are matched
//! exactly: a spelling that changed only in case is reported once, as a removal that says
//! so, since the generated code reads and writes only the new spelling.
//!
//! A type's own properties are compared against everything it has, inherited or not, in the
//! other version: a property that moved to a base type is still there for users of the
//! derived type. Entity and complex types generate the same kind of struct, so a type that
//! changes between the two is no change; a type that becomes or stops being an enum is a
//! removal and an addition.

use super::{Class, DriftError, Finding, Rule, Severity};
use crate::codegen::{self, display_path};
use crate::ir::{
    Model, Operation, OperationKind, Parameter, Property, QualifiedName, Severity as DiagnosticSeverity, Span, StructType, TypeDef,
    TypeKind, TypeRef, TypeTarget, operation_spelling,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The rules of `drift schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeRule {
    TypeAdded,
    TypeRemoved,
    PropertyAdded,
    PropertyRemoved,
    PropertyTypeChanged,
    NullableChanged,
    EnumMemberAdded,
    EnumMemberRemoved,
    BaseTypeChanged,
    AbstractChanged,
    OpenTypeChanged,
    NavigationAdded,
    NavigationRemoved,
    OperationAdded,
    OperationRemoved,
    ParameterAdded,
    RequiredParameterAdded,
    ParameterRemoved,
    ParameterTypeChanged,
    ReturnTypeChanged,
}

/// One rule of `drift schema`, as the README's table states it.
#[derive(Debug, Clone, Copy)]
pub struct SchemaRule {
    pub rule: ChangeRule,
    pub id: &'static str,
    pub class: Class,
    /// Breaking changes are errors; additive changes that alter what the service promises
    /// (but not the generated code) are warnings; pure additions are notes.
    pub severity: Severity,
    /// Why the change has its class.
    pub why: &'static str,
}

/// Every rule of `drift schema`, in the order of the README's table and of [`ChangeRule`]:
/// the one place each rule's id, class, severity and rationale are stated (a test holds the
/// README to it).
pub const RULES: [SchemaRule; 20] = [
    SchemaRule {
        rule: ChangeRule::TypeAdded,
        id: "type-added",
        class: Class::Additive,
        severity: Severity::Note,
        why: "a new type: nothing that compiled names it",
    },
    SchemaRule {
        rule: ChangeRule::TypeRemoved,
        id: "type-removed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "the Rust type disappears: code that names it stops compiling",
    },
    SchemaRule {
        rule: ChangeRule::PropertyAdded,
        id: "property-added",
        class: Class::Additive,
        severity: Severity::Note,
        why: "a new field; payloads read as before (the value no longer lands in `additional_properties`); a struct literal that names every field needs the new one too, which `..Default::default()` avoids",
    },
    SchemaRule {
        rule: ChangeRule::PropertyRemoved,
        id: "property-removed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "the field disappears and code that uses it stops compiling (a value still sent is kept in `additional_properties`); when only the case of its name changed, the field stays but no longer reads the old spelling",
    },
    SchemaRule {
        rule: ChangeRule::PropertyTypeChanged,
        id: "property-type-changed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "the field's Rust type changes (navigation ↔ structural counts too)",
    },
    SchemaRule {
        rule: ChangeRule::NullableChanged,
        id: "nullable-changed",
        class: Class::Additive,
        severity: Severity::Warning,
        why: "every field is a `Field<T>` that reads `null` whatever the metadata says, so the generated code does not change; a warning because the service's promise did",
    },
    SchemaRule {
        rule: ChangeRule::EnumMemberAdded,
        id: "enum-member-added",
        class: Class::Additive,
        severity: Severity::Note,
        why: "generated enums keep members they do not list as `Unrecognized(String)`, so old code still reads the new member (a `match` without a wildcard arm needs the new variant)",
    },
    SchemaRule {
        rule: ChangeRule::EnumMemberRemoved,
        id: "enum-member-removed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "the variant disappears and code that names it stops compiling; when only the case changed, the variant stays but no longer reads the old spelling",
    },
    SchemaRule {
        rule: ChangeRule::BaseTypeChanged,
        id: "base-type-changed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "the struct inherits a different set of fields, and the `Any…` enums of both bases change variants",
    },
    SchemaRule {
        rule: ChangeRule::AbstractChanged,
        id: "abstract-changed",
        class: Class::Additive,
        severity: Severity::Warning,
        why: "only the generated docs change; a warning because the service now sends (or stops sending) the type itself",
    },
    SchemaRule {
        rule: ChangeRule::OpenTypeChanged,
        id: "open-type-changed",
        class: Class::Additive,
        severity: Severity::Warning,
        why: "every generated struct keeps undeclared properties, open or not: only the docs change",
    },
    SchemaRule {
        rule: ChangeRule::NavigationAdded,
        id: "navigation-added",
        class: Class::Additive,
        severity: Severity::Note,
        why: "a new field, present only when a request expands the relationship",
    },
    SchemaRule {
        rule: ChangeRule::NavigationRemoved,
        id: "navigation-removed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "the field disappears: code that uses it stops compiling",
    },
    SchemaRule {
        rule: ChangeRule::OperationAdded,
        id: "operation-added",
        class: Class::Additive,
        severity: Severity::Note,
        why: "a new action or function (or overload): nothing that compiled names it",
    },
    SchemaRule {
        rule: ChangeRule::OperationRemoved,
        id: "operation-removed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "its descriptor and parameters type disappear, and the service no longer answers its paths",
    },
    SchemaRule {
        rule: ChangeRule::ParameterAdded,
        id: "parameter-added",
        class: Class::Additive,
        severity: Severity::Note,
        why: "an optional parameter: annotated `OptionalParameter`, or an action's parameter that is not a collection and not `Nullable=\"false\"` (OData reads an action parameter left out of the body as null); requests without it still succeed",
    },
    SchemaRule {
        rule: ChangeRule::RequiredParameterAdded,
        id: "required-parameter-added",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "any other new parameter: a function's (OData calls list every parameter not annotated optional), an action's collection or `Nullable=\"false\"` one; requests that leave it out fail",
    },
    SchemaRule {
        rule: ChangeRule::ParameterRemoved,
        id: "parameter-removed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "the field of the parameters type disappears, and the service refuses a body or call that still sends it",
    },
    SchemaRule {
        rule: ChangeRule::ParameterTypeChanged,
        id: "parameter-type-changed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "the field of the parameters type changes its Rust type",
    },
    SchemaRule {
        rule: ChangeRule::ReturnTypeChanged,
        id: "return-type-changed",
        class: Class::Breaking,
        severity: Severity::Error,
        why: "the descriptor's response type changes (a return type added or removed counts too)",
    },
];

impl ChangeRule {
    fn spec(self) -> &'static SchemaRule {
        &RULES[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.spec().id
    }

    pub fn class(self) -> Class {
        self.spec().class
    }

    pub fn severity(self) -> Severity {
        self.spec().severity
    }

    pub fn rationale(self) -> &'static str {
        self.spec().why
    }
}

/// The findings of `drift schema` between the metadata documents `old` and `new`.
pub fn findings(old: &Path, new: &Path, base_dir: &Path) -> Result<Vec<Finding>, DriftError> {
    let old_model = read(old, base_dir)?;
    let new_model = read(new, base_dir)?;
    Ok(compare(&old_model, &new_model))
}

fn read(path: &Path, base_dir: &Path) -> Result<Model, DriftError> {
    let lowered = codegen::read_metadata(&[path.to_path_buf()], base_dir, crate::input::DEFAULT_MAX_FILE_SIZE)?;
    let errors: Vec<String> =
        lowered.diagnostics.iter().filter(|d| d.severity == DiagnosticSeverity::Error).map(ToString::to_string).collect();
    if !errors.is_empty() {
        return Err(DriftError::InvalidMetadata(errors));
    }
    if lowered.model.types.is_empty() {
        let shown = display_path(path, base_dir);
        return Err(DriftError::InvalidMetadata(vec![format!("{shown}:1: error: the document declares no types; expected CSDL metadata")]));
    }
    Ok(lowered.model)
}

/// What changed from `old` to `new`, sorted.
pub fn compare(old: &Model, new: &Model) -> Vec<Finding> {
    let pairs = crate::ir::pair_by_name(old, new);
    let renamed: BTreeMap<&QualifiedName, &QualifiedName> =
        pairs.iter().filter_map(|(o, n)| Some((&o.as_ref()?.name, &n.as_ref()?.name))).collect();
    let mut comparison = Comparison { old, new, renamed, found: Vec::new() };
    for (old_def, new_def) in &pairs {
        match (old_def, new_def) {
            (Some(old_def), Some(new_def)) => comparison.both(old_def, new_def),
            (Some(old_def), None) => comparison.type_removed(old_def, None),
            (None, Some(new_def)) => comparison.type_added(new_def, None),
            (None, None) => {}
        }
    }
    comparison.operations();
    let mut found = comparison.found;
    super::sort(&mut found);
    found
}

struct Comparison<'m> {
    old: &'m Model,
    new: &'m Model,
    /// Old type name → the new name of the type it is paired with.
    renamed: BTreeMap<&'m QualifiedName, &'m QualifiedName>,
    found: Vec<Finding>,
}

/// How a finding names a paired type: by its new spelling, and its old one when only the
/// case differs.
fn label(old_def: &TypeDef, new_def: &TypeDef) -> String {
    if old_def.name == new_def.name {
        format!("`{}`", new_def.name)
    } else {
        format!("`{}` (`{}` in the old metadata)", new_def.name, old_def.name.name)
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Entity(_) => "entity type",
        TypeKind::Complex(_) => "complex type",
        TypeKind::Enum(_) => "enum type",
        TypeKind::Definition(_) => "type definition",
    }
}

/// ` (inherited from `base`)`, when `type_name` inherits `property` rather than declaring it.
fn declared_on(model: &Model, type_name: &QualifiedName, property: &str, tense: &str) -> String {
    model
        .ancestors(type_name)
        .into_iter()
        .find(|base| model.struct_type(base).is_some_and(|s| s.properties.iter().any(|p| p.json_name == property)))
        .map(|base| format!(" ({tense} inherited from `{base}`)"))
        .unwrap_or_default()
}

/// Entity and complex types generate the same kind of struct.
fn same_shape(a: &TypeKind, b: &TypeKind) -> bool {
    matches!(
        (a, b),
        (TypeKind::Entity(_) | TypeKind::Complex(_), TypeKind::Entity(_) | TypeKind::Complex(_))
            | (TypeKind::Enum(_), TypeKind::Enum(_))
            | (TypeKind::Definition(_), TypeKind::Definition(_))
    )
}

struct Change<'a> {
    rule: ChangeRule,
    type_name: &'a QualifiedName,
    property: Option<&'a str>,
    member: Option<&'a str>,
    message: String,
    location: &'a Span,
    related: Option<&'a Span>,
}

impl<'m> Comparison<'m> {
    fn push(&mut self, change: Change<'_>) {
        self.found.push(Finding {
            rule: Rule::Schema(change.rule),
            type_name: change.type_name.to_string(),
            property: change.property.map(str::to_string),
            member: change.member.map(str::to_string),
            message: change.message,
            location: change.location.clone(),
            related: change.related.filter(|r| *r != change.location).cloned().into_iter().collect(),
        });
    }

    fn type_added(&mut self, def: &TypeDef, was: Option<&TypeDef>) {
        let mut message = format!("`{}` is a new {}", def.name, kind_name(&def.kind));
        if let Some(was) = was {
            message.push_str(&format!(" (it was the {} `{}`)", kind_name(&was.kind), was.name));
        }
        let change = Change {
            rule: ChangeRule::TypeAdded,
            type_name: &def.name,
            property: None,
            member: None,
            message,
            location: &def.span,
            related: was.map(|w| &w.span),
        };
        self.push(change);
    }

    fn type_removed(&mut self, def: &TypeDef, now: Option<&TypeDef>) {
        let mut message = format!("the {} `{}` was removed", kind_name(&def.kind), def.name);
        if let Some(now) = now {
            message.push_str(&format!(" (`{}` is now a {})", now.name, kind_name(&now.kind)));
        }
        let change = Change {
            rule: ChangeRule::TypeRemoved,
            type_name: &def.name,
            property: None,
            member: None,
            message,
            location: &def.span,
            related: now.map(|n| &n.span),
        };
        self.push(change);
    }

    fn both(&mut self, old_def: &'m TypeDef, new_def: &'m TypeDef) {
        if !same_shape(&old_def.kind, &new_def.kind) {
            self.type_removed(old_def, Some(new_def));
            self.type_added(new_def, Some(old_def));
            return;
        }
        match (&old_def.kind, &new_def.kind) {
            (
                TypeKind::Entity(old_struct) | TypeKind::Complex(old_struct),
                TypeKind::Entity(new_struct) | TypeKind::Complex(new_struct),
            ) => {
                self.compare_structs(old_def, old_struct, new_def, new_struct);
            }
            (TypeKind::Enum(old_enum), TypeKind::Enum(new_enum)) => {
                let who = label(old_def, new_def);
                for member in &new_enum.members {
                    let known = old_enum.members.iter().any(|m| m.name.eq_ignore_ascii_case(&member.name));
                    if !known {
                        self.push(Change {
                            rule: ChangeRule::EnumMemberAdded,
                            type_name: &new_def.name,
                            property: None,
                            member: Some(&member.name),
                            message: format!("enum {who} has a new member `{}`", member.name),
                            location: &member.span,
                            related: Some(&old_def.span),
                        });
                    }
                }
                for member in &old_enum.members {
                    if new_enum.members.iter().any(|m| m.name == member.name) {
                        continue;
                    }
                    let respelled = new_enum.members.iter().find(|m| m.name.eq_ignore_ascii_case(&member.name));
                    let message = match respelled {
                        Some(now) => format!(
                            "member `{}` of enum {who} is now spelled `{}`: only the case differs, so the Rust variant stays, but it reads and writes only the new spelling",
                            member.name, now.name
                        ),
                        None => format!("member `{}` of enum {who} was removed", member.name),
                    };
                    self.push(Change {
                        rule: ChangeRule::EnumMemberRemoved,
                        type_name: &new_def.name,
                        property: None,
                        member: Some(&member.name),
                        message,
                        location: respelled.map_or(&member.span, |now| &now.span),
                        related: Some(if respelled.is_some() { &member.span } else { &new_def.span }),
                    });
                }
            }
            (TypeKind::Definition(old_primitive), TypeKind::Definition(new_primitive)) if old_primitive != new_primitive => {
                self.push(Change {
                    rule: ChangeRule::PropertyTypeChanged,
                    type_name: &new_def.name,
                    property: None,
                    member: None,
                    message: format!(
                        "type definition {} changed its underlying type from `{}` to `{}`",
                        label(old_def, new_def),
                        old_primitive.edm_name(),
                        new_primitive.edm_name()
                    ),
                    location: &new_def.span,
                    related: Some(&old_def.span),
                });
            }
            _ => {}
        }
    }

    fn compare_structs(&mut self, old_def: &'m TypeDef, old_struct: &StructType, new_def: &'m TypeDef, new_struct: &StructType) {
        let who = label(old_def, new_def);
        let type_change = |rule: ChangeRule, message: String| Change {
            rule,
            type_name: &new_def.name,
            property: None,
            member: None,
            message,
            location: &new_def.span,
            related: Some(&old_def.span),
        };
        let old_base = old_struct.base.as_ref().map(|b| self.renamed_name(b));
        if old_base.as_ref() != new_struct.base.as_ref() {
            let shown = |base: Option<&QualifiedName>| base.map_or("no base type".to_string(), |b| format!("`{b}`"));
            let message =
                format!("the base type of {who} changed from {} to {}", shown(old_struct.base.as_ref()), shown(new_struct.base.as_ref()));
            self.push(type_change(ChangeRule::BaseTypeChanged, message));
        }
        if old_struct.is_abstract != new_struct.is_abstract {
            let now = if new_struct.is_abstract { "is now abstract" } else { "is no longer abstract" };
            self.push(type_change(ChangeRule::AbstractChanged, format!("{who} {now}")));
        }
        if old_struct.is_open != new_struct.is_open {
            let now = if new_struct.is_open { "is now an open type" } else { "is no longer an open type" };
            self.push(type_change(ChangeRule::OpenTypeChanged, format!("{who} {now}")));
        }

        let old_all = self.old.all_properties(&old_def.name);
        let new_all = self.new.all_properties(&new_def.name);
        let exact = |all: &[&'m Property], name: &str| all.iter().copied().find(|p| p.json_name == name);
        let folded = |all: &[&'m Property], name: &str| all.iter().copied().find(|p| p.json_name.eq_ignore_ascii_case(name));
        for property in &new_struct.properties {
            match exact(&old_all, &property.json_name) {
                Some(was) => {
                    let moved = !old_struct.properties.iter().any(|p| p.json_name == was.json_name);
                    let note = if moved { declared_on(self.old, &old_def.name, &was.json_name, "was") } else { String::new() };
                    self.compare_property(&who, &new_def.name, was, property, &note);
                }
                // A spelling that changed only in case is reported as the old one's removal.
                None if folded(&old_all, &property.json_name).is_some() => {}
                None => {
                    let (rule, what) = if property.navigation {
                        (ChangeRule::NavigationAdded, "navigation property")
                    } else {
                        (ChangeRule::PropertyAdded, "property")
                    };
                    self.push(Change {
                        rule,
                        type_name: &new_def.name,
                        property: Some(&property.json_name),
                        member: None,
                        message: format!("{who} has a new {what} `{}` (`{}`)", property.json_name, property.ty),
                        location: &property.span,
                        related: Some(&old_def.span),
                    });
                }
            }
        }
        for was in &old_struct.properties {
            if let Some(now) = exact(&new_all, &was.json_name) {
                // Compared above when the type still declares it itself; here when it moved to a base.
                if !new_struct.properties.iter().any(|p| p.json_name == was.json_name) {
                    let note = declared_on(self.new, &new_def.name, &was.json_name, "is now");
                    self.compare_property(&who, &new_def.name, was, now, &note);
                }
                continue;
            }
            let respelled = folded(&new_all, &was.json_name);
            let (rule, what) = if was.navigation {
                (ChangeRule::NavigationRemoved, "navigation property")
            } else {
                (ChangeRule::PropertyRemoved, "property")
            };
            let message = match respelled {
                Some(now) => format!(
                    "{what} `{}` of {who} is now spelled `{}`: only the case differs, so the Rust field stays, but it reads and writes only the new spelling",
                    was.json_name, now.json_name
                ),
                None => format!("{what} `{}` (`{}`) of {who} was removed", was.json_name, was.ty),
            };
            self.push(Change {
                rule,
                type_name: &new_def.name,
                property: Some(&was.json_name),
                member: None,
                message,
                location: respelled.map_or(&was.span, |now| &now.span),
                related: Some(if respelled.is_some() { &was.span } else { &new_def.span }),
            });
        }
    }

    /// Compares one property present in both versions; `note` says where it moved, if it did.
    fn compare_property(&mut self, who: &str, type_name: &QualifiedName, was: &Property, now: &Property, note: &str) {
        let change = |rule: ChangeRule, message: String| Change {
            rule,
            type_name,
            property: Some(&now.json_name),
            member: None,
            message,
            location: &now.span,
            related: Some(&was.span),
        };
        let name = &now.json_name;
        if was.navigation != now.navigation {
            let (before, after) = if now.navigation { ("structural", "navigation") } else { ("navigation", "structural") };
            let message = format!("property `{name}` of {who}{note} was a {before} property and is now a {after} one (`{}`)", now.ty);
            self.push(change(ChangeRule::PropertyTypeChanged, message));
        } else {
            let was_ty = self.renamed_ref(&was.ty);
            if was_ty != now.ty {
                let message = format!("property `{name}` of {who}{note} changed type from `{}` to `{}`", was.ty, now.ty);
                self.push(change(ChangeRule::PropertyTypeChanged, message));
            }
        }
        // OData: a property that does not say is nullable.
        let (was_nullable, now_nullable) = (was.nullable.unwrap_or(true), now.nullable.unwrap_or(true));
        if was_nullable != now_nullable {
            let now_said = if now_nullable { "is now nullable" } else { "is no longer nullable" };
            self.push(change(ChangeRule::NullableChanged, format!("property `{name}` of {who}{note} {now_said}")));
        }
    }

    /// Pairs the operations of both versions and compares each pair: see [`pair_operations`].
    fn operations(&mut self) {
        let old_keys: Vec<OperationKey> = self.old.operations.iter().map(|op| self.operation_key(op, true)).collect();
        let new_keys: Vec<OperationKey> = self.new.operations.iter().map(|op| self.operation_key(op, false)).collect();
        let old_overloaded = overloaded(&old_keys);
        let new_overloaded = overloaded(&new_keys);
        let name =
            |op: &Operation, overloaded: &BTreeSet<&OperationKey>, key: &OperationKey| operation_spelling(op, overloaded.contains(key));
        for (old_index, new_index) in pair_operations(&self.old.operations, &old_keys, &self.new.operations, &new_keys) {
            match (old_index, new_index) {
                (Some(o), Some(n)) => {
                    let (was, now) = (&self.old.operations[o], &self.new.operations[n]);
                    let label = name(now, &new_overloaded, &new_keys[n]);
                    self.compare_operation(&label, was, now);
                }
                (Some(o), None) => {
                    let was = &self.old.operations[o];
                    let label = name(was, &old_overloaded, &old_keys[o]);
                    self.push(Change {
                        rule: ChangeRule::OperationRemoved,
                        type_name: &operation_owner(was),
                        property: None,
                        member: Some(&label),
                        message: format!("the {} `{label}` was removed", operation_kind(was)),
                        location: &was.span,
                        related: None,
                    });
                }
                (None, Some(n)) => {
                    let now = &self.new.operations[n];
                    let label = name(now, &new_overloaded, &new_keys[n]);
                    self.push(Change {
                        rule: ChangeRule::OperationAdded,
                        type_name: &operation_owner(now),
                        property: None,
                        member: Some(&label),
                        message: format!("`{label}` is a new {}", operation_kind(now)),
                        location: &now.span,
                        related: None,
                    });
                }
                (None, None) => {}
            }
        }
    }

    /// An operation's name and binding, folded, the old binding type as the new metadata
    /// spells it.
    fn operation_key(&self, operation: &Operation, old: bool) -> OperationKey {
        let binding = operation.binding.as_ref().map(|b| {
            let ty = if old { self.renamed_ref(&b.ty) } else { b.ty.clone() };
            ty.to_string().to_ascii_lowercase()
        });
        (operation.name.folded(), binding)
    }

    fn compare_operation(&mut self, label: &str, was: &Operation, now: &Operation) {
        let owner = operation_owner(now);
        let what = operation_kind(now);
        for parameter in &now.parameters {
            match was.parameters.iter().find(|p| p.name.eq_ignore_ascii_case(&parameter.name)) {
                Some(before) => {
                    let before_ty = self.renamed_ref(&before.ty);
                    if before_ty != parameter.ty {
                        self.push(Change {
                            rule: ChangeRule::ParameterTypeChanged,
                            type_name: &owner,
                            property: Some(&parameter.name),
                            member: Some(label),
                            message: format!(
                                "parameter `{}` of the {what} `{label}` changed type from `{}` to `{}`",
                                parameter.name, before.ty, parameter.ty
                            ),
                            location: &parameter.span,
                            related: Some(&before.span),
                        });
                    }
                }
                None => {
                    let optional = parameter_is_optional(now.kind, parameter);
                    let (rule, said) = if optional {
                        (ChangeRule::ParameterAdded, "an optional")
                    } else {
                        (ChangeRule::RequiredParameterAdded, "a required")
                    };
                    self.push(Change {
                        rule,
                        type_name: &owner,
                        property: Some(&parameter.name),
                        member: Some(label),
                        message: format!("the {what} `{label}` has {said} new parameter `{}` (`{}`)", parameter.name, parameter.ty),
                        location: &parameter.span,
                        related: Some(&was.span),
                    });
                }
            }
        }
        for before in &was.parameters {
            if !now.parameters.iter().any(|p| p.name.eq_ignore_ascii_case(&before.name)) {
                self.push(Change {
                    rule: ChangeRule::ParameterRemoved,
                    type_name: &owner,
                    property: Some(&before.name),
                    member: Some(label),
                    message: format!("parameter `{}` (`{}`) of the {what} `{label}` was removed", before.name, before.ty),
                    location: &before.span,
                    related: Some(&now.span),
                });
            }
        }
        let before_return = was.return_type.as_ref().map(|t| self.renamed_ref(t));
        if before_return != now.return_type {
            let shown = |ty: Option<&TypeRef>| ty.map_or("nothing".to_string(), |t| format!("`{t}`"));
            self.push(Change {
                rule: ChangeRule::ReturnTypeChanged,
                type_name: &owner,
                property: None,
                member: Some(label),
                message: format!(
                    "the {what} `{label}` returned {} and now returns {}",
                    shown(was.return_type.as_ref()),
                    shown(now.return_type.as_ref())
                ),
                location: &now.span,
                related: Some(&was.span),
            });
        }
    }

    /// An old type name as the new metadata spells the type it is paired with.
    fn renamed_name(&self, name: &QualifiedName) -> QualifiedName {
        self.renamed.get(name).map_or_else(|| name.clone(), |n| (*n).clone())
    }

    fn renamed_ref(&self, ty: &TypeRef) -> TypeRef {
        let target = match &ty.target {
            TypeTarget::Named(name) => TypeTarget::Named(self.renamed_name(name)),
            TypeTarget::Union(names) => TypeTarget::Union(names.iter().map(|n| self.renamed_name(n)).collect()),
            other => other.clone(),
        };
        TypeRef { target, collection: ty.collection }
    }
}

/// What pairs operations across versions: the folded name, and the folded binding type (as
/// the new metadata spells it, `Collection(...)` kept), `None` when unbound.
type OperationKey = (String, Option<String>);

/// The keys that more than one operation of one version has: overloads, named with their
/// parameters.
fn overloaded(keys: &[OperationKey]) -> BTreeSet<&OperationKey> {
    let mut seen = BTreeSet::new();
    keys.iter().filter(|key| !seen.insert(*key)).collect()
}

/// Pairs the operations of two versions: by name and binding type (see [`OperationKey`]);
/// among overloads, those whose parameter names are the same (ignoring case and order), then
/// the one left on each side, if one is. In the order of the keys, then of the old
/// operations; unpaired ones are `(Some, None)` or `(None, Some)`.
fn pair_operations(
    old: &[Operation],
    old_keys: &[OperationKey],
    new: &[Operation],
    new_keys: &[OperationKey],
) -> Vec<(Option<usize>, Option<usize>)> {
    let mut groups: BTreeMap<&OperationKey, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (index, key) in old_keys.iter().enumerate() {
        groups.entry(key).or_default().0.push(index);
    }
    for (index, key) in new_keys.iter().enumerate() {
        groups.entry(key).or_default().1.push(index);
    }
    crate::ir::pair_groups(groups, |l, r| old[l].folded_parameter_names() == new[r].folded_parameter_names())
}

/// Whether a caller may leave `parameter` out: annotated `OptionalParameter`; or, for an
/// action, a parameter that is not a collection and not `Nullable="false"`, since OData
/// reads an action parameter missing from the body as null (a collection cannot be null).
/// A function's call lists every parameter not annotated optional.
pub fn parameter_is_optional(kind: OperationKind, parameter: &Parameter) -> bool {
    parameter.optional || (kind == OperationKind::Action && !parameter.ty.collection && parameter.nullable != Some(false))
}

/// The type a finding about an operation names (its member is the operation): the binding
/// type, or the operation's own qualified name when unbound.
fn operation_owner(operation: &Operation) -> QualifiedName {
    match operation.binding.as_ref().map(|b| &b.ty.target) {
        Some(TypeTarget::Named(ty)) => ty.clone(),
        _ => operation.name.clone(),
    }
}

fn operation_kind(operation: &Operation) -> &'static str {
    match operation.kind {
        OperationKind::Action => "action",
        OperationKind::Function => "function",
    }
}
