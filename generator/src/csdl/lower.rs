//! Lowers CSDL documents into the IR: aliases resolved, `Collection(...)` unwrapped, the
//! `Core.V1.Description` and `LongDescription` annotations (inline or out of line by
//! `Target`) turned into descriptions, every other annotation kept as it is.

use super::read::{AnnotationElement, ContainerMemberElement, Document, PropertyElement, StructuredType};
use crate::ir::{
    Annotation, ContainerMember, Diagnostic, EntityContainer, EnumMember, EnumType, Model, NavigationBinding, Operation, OperationKind,
    Parameter, Primitive, Property, QualifiedName, Sources, Span, StructType, TypeDef, TypeKind, TypeRef, TypeTarget,
};
use std::collections::BTreeMap;

const DESCRIPTION: &str = "Org.OData.Core.V1.Description";
const LONG_DESCRIPTION: &str = "Org.OData.Core.V1.LongDescription";

#[derive(Debug, Default)]
pub struct Lowered {
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves the names a document writes (`graph.user`, `Collection(Edm.String)`).
struct Names {
    aliases: BTreeMap<String, String>,
}

impl Names {
    fn qualified(&self, written: &str) -> QualifiedName {
        let written = written.trim();
        let resolved = match written.split_once('.') {
            Some((head, rest)) => match self.aliases.get(head) {
                Some(namespace) => format!("{namespace}.{rest}"),
                None => written.to_string(),
            },
            None => written.to_string(),
        };
        QualifiedName::parse(&resolved, "")
    }

    fn type_ref(&self, written: &str) -> TypeRef {
        let written = written.trim();
        let (inner, collection) = match written.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
            Some(inner) => (inner, true),
            None => (written, false),
        };
        let target = if inner.starts_with("Edm.") {
            Primitive::from_name(inner).map_or(TypeTarget::Untyped, TypeTarget::Primitive)
        } else if inner.is_empty() {
            TypeTarget::Untyped
        } else {
            TypeTarget::Named(self.qualified(inner))
        };
        TypeRef { target, collection }
    }
}

/// Lowers every document into one model.
pub fn lower(documents: &[Document]) -> Lowered {
    let mut lowered = Lowered::default();
    let names = Names {
        aliases: documents.iter().flat_map(|d| &d.schemas).filter_map(|s| s.alias.clone().map(|a| (a, s.namespace.clone()))).collect(),
    };
    // Out-of-line annotations by resolved target: `ns.Type` or `ns.Type/property`.
    let mut targeted: BTreeMap<String, Vec<&AnnotationElement>> = BTreeMap::new();
    for schema in documents.iter().flat_map(|d| &d.schemas) {
        for block in &schema.annotations {
            let (type_part, member) = match block.target.split_once('/') {
                Some((t, m)) => (t, Some(m)),
                None => (block.target.as_str(), None),
            };
            let key = match member {
                Some(member) => format!("{}/{member}", names.qualified(type_part)),
                None => names.qualified(type_part).to_string(),
            };
            targeted.entry(key).or_default().extend(&block.annotations);
        }
    }
    let gather = |key: &str, inline: &'_ [AnnotationElement]| -> Vec<AnnotationElement> {
        inline.iter().cloned().chain(targeted.get(key).into_iter().flatten().map(|a| (*a).clone())).collect()
    };

    for document in documents {
        let span = |line: u32| Span::new(document.path.clone(), line);
        for schema in &document.schemas {
            let namespace = &schema.namespace;
            let structured = schema.entity_types.iter().map(|t| (t, true)).chain(schema.complex_types.iter().map(|t| (t, false)));
            for (element, is_entity) in structured {
                let name = QualifiedName::new(namespace.clone(), element.name.clone());
                let annotations = gather(&name.to_string(), &element.annotations);
                let structure = struct_type(element, &name, &names, &gather, &span);
                let kind = if is_entity { TypeKind::Entity(structure) } else { TypeKind::Complex(structure) };
                insert(&mut lowered, type_def(name, &annotations, span(element.line), kind));
            }
            for element in &schema.enum_types {
                let name = QualifiedName::new(namespace.clone(), element.name.clone());
                let annotations = gather(&name.to_string(), &element.annotations);
                let members = element
                    .members
                    .iter()
                    .map(|m| EnumMember {
                        name: m.name.clone(),
                        aliases: Vec::new(),
                        value: member_value(m.value.as_deref(), &name, &m.name, span(m.line), &mut lowered.diagnostics),
                        description: description(&gather(&format!("{name}/{}", m.name), &m.annotations)),
                        span: span(m.line),
                    })
                    .collect();
                let underlying = element.underlying_type.as_deref().and_then(|written| {
                    let primitive = Primitive::from_name(written);
                    if primitive.is_none() {
                        lowered.diagnostics.push(Diagnostic::warning(
                            span(element.line),
                            format!("UnderlyingType `{written}` of `{name}` is not an Edm type; expected Edm.Int32 or another integer type; Edm.Int32 assumed"),
                        ));
                    }
                    primitive
                });
                let kind = TypeKind::Enum(EnumType { members, is_flags: element.is_flags, underlying, from_prose: false });
                insert(&mut lowered, type_def(name, &annotations, span(element.line), kind));
            }
            for element in &schema.type_definitions {
                let name = QualifiedName::new(namespace.clone(), element.name.clone());
                let annotations = gather(&name.to_string(), &element.annotations);
                let Some(primitive) = Primitive::from_name(&element.underlying_type) else {
                    lowered.diagnostics.push(Diagnostic::warning(
                        span(element.line),
                        format!(
                            "TypeDefinition `{name}` has underlying type `{}`; expected an Edm primitive; skipped",
                            element.underlying_type
                        ),
                    ));
                    continue;
                };
                insert(&mut lowered, type_def(name, &annotations, span(element.line), TypeKind::Definition(primitive)));
            }
            for element in &schema.operations {
                let mut parameters: Vec<Parameter> = element
                    .parameters
                    .iter()
                    .map(|p| Parameter {
                        name: p.name.clone(),
                        ty: names.type_ref(&p.ty),
                        nullable: p.nullable,
                        optional: p
                            .annotations
                            .iter()
                            .any(|a| a.term.ends_with("Core.V1.OptionalParameter") || a.term.ends_with("Core.OptionalParameter")),
                        span: span(p.line),
                    })
                    .collect();
                // A bound operation without parameters is malformed; it is kept as unbound.
                let binding = (element.is_bound && !parameters.is_empty()).then(|| parameters.remove(0));
                lowered.model.operations.push(Operation {
                    name: QualifiedName::new(namespace.clone(), element.name.clone()),
                    kind: if element.is_action { OperationKind::Action } else { OperationKind::Function },
                    binding,
                    parameters,
                    return_type: element.return_type.as_deref().map(|t| names.type_ref(t)),
                    is_composable: element.is_composable,
                    span: span(element.line),
                });
            }
            for element in &schema.containers {
                let members = |list: &[ContainerMemberElement]| {
                    list.iter()
                        .map(|member| ContainerMember {
                            name: member.name.clone(),
                            ty: names.qualified(&member.ty),
                            navigation_bindings: member
                                .bindings
                                .iter()
                                .map(|b| NavigationBinding { path: b.path.clone(), target: b.target.clone(), span: span(b.line) })
                                .collect(),
                            span: span(member.line),
                        })
                        .collect()
                };
                lowered.model.containers.push(EntityContainer {
                    name: QualifiedName::new(namespace.clone(), element.name.clone()),
                    entity_sets: members(&element.entity_sets),
                    singletons: members(&element.singletons),
                    span: span(element.line),
                });
            }
        }
    }
    lowered
}

/// A member's `Value` as a number; a value that is not one is reported and ignored (whether
/// it fits the enumeration's underlying type is [`crate::ir::validate`]'s to say).
fn member_value(
    text: Option<&str>,
    enumeration: &QualifiedName,
    member: &str,
    span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<i64> {
    let text = text?;
    match text.trim().parse::<i64>() {
        Ok(value) => Some(value),
        Err(error) => {
            let problem = match error.kind() {
                std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => "is out of the range of Edm.Int64",
                _ => "is not an integer; expected digits such as `4`",
            };
            diagnostics
                .push(Diagnostic::warning(span, format!("value `{text}` of member `{member}` of `{enumeration}` {problem}; ignored")));
            None
        }
    }
}

/// A type the metadata declares at `span`, its descriptions taken from `annotations`.
fn type_def(name: QualifiedName, annotations: &[AnnotationElement], span: Span, kind: TypeKind) -> TypeDef {
    TypeDef {
        name,
        description: description(annotations),
        product_area: None,
        sources: Sources::metadata(span.clone()),
        span,
        annotations: other_annotations(annotations),
        kind,
    }
}

fn insert(lowered: &mut Lowered, def: TypeDef) {
    if let Some(existing) = lowered.model.types.get(&def.name) {
        lowered.diagnostics.push(Diagnostic::warning(
            def.span.clone(),
            format!("`{}` is defined again (first at {}); the first definition is kept", def.name, existing.span),
        ));
        return;
    }
    lowered.model.types.insert(def.name.clone(), def);
}

fn struct_type(
    element: &StructuredType,
    name: &QualifiedName,
    names: &Names,
    gather: &dyn Fn(&str, &[AnnotationElement]) -> Vec<AnnotationElement>,
    span: &dyn Fn(u32) -> Span,
) -> StructType {
    let properties = element
        .properties
        .iter()
        .map(|p: &PropertyElement| {
            let annotations = gather(&format!("{name}/{}", p.name), &p.annotations);
            Property {
                json_name: p.name.clone(),
                ty: names.type_ref(&p.type_name),
                // OData: a property without `Nullable` is nullable.
                nullable: Some(p.nullable.unwrap_or(true)),
                read_only: annotations.iter().any(|a| a.term == "Org.OData.Core.V1.Computed" && a.value.as_deref() != Some("false")),
                navigation: p.navigation,
                contains_target: p.contains_target,
                description: description(&annotations),
                span: span(p.line),
                sources: Sources::metadata(span(p.line)),
                annotations: other_annotations(&annotations),
            }
        })
        .collect();
    StructType {
        base: element.base_type.as_deref().map(|b| names.qualified(b)),
        is_abstract: element.is_abstract,
        is_open: element.open_type,
        has_stream: element.has_stream,
        key: element.key.clone(),
        properties,
        examples: Vec::new(),
    }
}

/// `Description`, then `LongDescription` as a second paragraph.
fn description(annotations: &[AnnotationElement]) -> Option<String> {
    let find = |term: &str| annotations.iter().find(|a| a.term == term).and_then(|a| a.value.clone()).filter(|v| !v.is_empty());
    match (find(DESCRIPTION), find(LONG_DESCRIPTION)) {
        (Some(short), Some(long)) if short != long => Some(format!("{short}\n\n{long}")),
        (Some(text), _) | (None, Some(text)) => Some(text),
        (None, None) => None,
    }
}

fn other_annotations(annotations: &[AnnotationElement]) -> Vec<Annotation> {
    annotations
        .iter()
        .filter(|a| a.term != DESCRIPTION && a.term != LONG_DESCRIPTION)
        .map(|a| Annotation { term: a.term.clone(), value: a.value.clone() })
        .collect()
}
