//! The intermediate representation: the contract between the front ends and the emitters.
//!
//! It is language-neutral plain data. It knows nothing of Markdown, XML or Rust: a front end
//! lowers its source into a [`Model`], [`validate`] checks it once, and an emitter walks it.
//! Every collection is ordered (`BTreeMap` or `Vec` in source order) so that output never
//! depends on hash order, and everything that came from a source carries a [`Span`] so that
//! diagnostics and drift reports can point at a line.

mod closure;
mod examples;
mod http;
mod merge;
pub mod paths;
mod validate;

pub use closure::{Closure, DerivedTypes, Root, closure, find_operations, operation_spelling, property_targets, reachable_from};
pub use examples::{ExampleFinding, check_example, check_example_of, check_examples, findings_summary};
pub use http::{
    BodyType, DocumentedOperation, DocumentedParameter, OperationRef, ParameterTable, RequestExample, RequestLine, ResponseExample,
};
pub use merge::merge;
pub use validate::validate;

use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::rc::Rc;

/// A place in a source file: the path as given to the generator, and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub file: String,
    pub line: u32,
}

impl Span {
    pub fn new(file: impl Into<String>, line: u32) -> Self {
        Span { file: file.into(), line }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Graph's own namespace: the one a name written without a namespace belongs to, whose
/// types a generated crate re-exports at its root, and whose sub-namespaces are named
/// without it (`microsoft.graph.callRecords` → `call_records`).
pub const ROOT_NAMESPACE: &str = "microsoft.graph";

/// A namespace-qualified type name as the schema spells it, e.g. `microsoft.graph.recordOperation`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct QualifiedName {
    pub namespace: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName { namespace: namespace.into(), name: name.into() }
    }

    /// Splits `a.b.c` at its last dot; a name without a dot gets `default_namespace`.
    pub fn parse(text: &str, default_namespace: &str) -> Self {
        match text.rsplit_once('.') {
            Some((namespace, name)) => QualifiedName::new(namespace, name),
            None => QualifiedName::new(default_namespace, text),
        }
    }

    /// The one form in which names are compared ignoring case (`microsoft.graph.recordoperation`
    /// for both the 2018 metadata's `RecordOperation` and the pages' `recordOperation`).
    pub fn folded(&self) -> String {
        let mut folded = self.to_string();
        folded.make_ascii_lowercase();
        folded
    }
}

/// Pairs the types of two models by name: exactly, or ignoring case when that leaves one type
/// of each side with that folded name. Types whose names differ only in case within one side
/// stay distinct. Used wherever two sources of the same API meet: the pages with the metadata
/// (the merge) and two metadata versions (`drift schema`). In the order of the folded names.
pub fn pair_by_name<'m>(left: &'m Model, right: &'m Model) -> Vec<(Option<&'m TypeDef>, Option<&'m TypeDef>)> {
    let mut groups: BTreeMap<String, (Vec<&TypeDef>, Vec<&TypeDef>)> = BTreeMap::new();
    for def in left.types.values() {
        groups.entry(def.name.folded()).or_default().0.push(def);
    }
    for def in right.types.values() {
        groups.entry(def.name.folded()).or_default().1.push(def);
    }
    pair_groups(groups, |l, r| l.name == r.name)
}

/// Pairs the two sides of each group (in the groups' order): first each left item with the
/// first right one `same` matches, then the one item left on each side, if one is; the rest
/// stay unpaired, `(Some, None)` or `(None, Some)`. How [`pair_by_name`] pairs types, and
/// `drift schema` operations and their overloads.
pub fn pair_groups<K, T: Copy>(groups: BTreeMap<K, (Vec<T>, Vec<T>)>, same: impl Fn(T, T) -> bool) -> Vec<(Option<T>, Option<T>)> {
    let mut pairs = Vec::with_capacity(groups.len());
    for (mut lefts, mut rights) in groups.into_values() {
        lefts.retain(|&l| match rights.iter().position(|&r| same(l, r)) {
            Some(at) => {
                pairs.push((Some(l), Some(rights.remove(at))));
                false
            }
            None => true,
        });
        if let ([l], [r]) = (lefts.as_slice(), rights.as_slice()) {
            pairs.push((Some(*l), Some(*r)));
            continue;
        }
        pairs.extend(lefts.into_iter().map(|l| (Some(l), None)));
        pairs.extend(rights.into_iter().map(|r| (None, Some(r))));
    }
    pairs
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

impl From<QualifiedName> for String {
    fn from(name: QualifiedName) -> String {
        name.to_string()
    }
}

/// Every type the sources define, by qualified name, with what else the metadata declares
/// and where the sources disagree.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Model {
    pub types: BTreeMap<QualifiedName, TypeDef>,
    /// Actions and functions, in source order. No code is emitted for them yet.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<Operation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub containers: Vec<EntityContainer>,
    /// The API reference pages, in path order: see [`DocumentedOperation`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documented_operations: Vec<DocumentedOperation>,
    /// Where the documentation and the metadata say different things, with both locations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disagreements: Vec<Disagreement>,
    /// Examples of types no input defines (yet): see [`LooseExample`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub loose_examples: Vec<LooseExample>,
}

/// Where a definition comes from: the pages, the metadata, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Sources {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Span>,
}

impl Sources {
    pub fn docs(span: Span) -> Self {
        Sources { docs: Some(span), metadata: None }
    }

    pub fn metadata(span: Span) -> Self {
        Sources { docs: None, metadata: Some(span) }
    }
}

/// A vocabulary annotation the generator keeps but does not interpret, such as
/// `Org.OData.Core.V1.Computed`. `value` is the scalar the annotation carries, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annotation {
    pub term: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    pub name: QualifiedName,
    pub description: Option<String>,
    /// The product area the source files the type under (a page's `ms.prod`), if any.
    pub product_area: Option<String>,
    /// The primary location: the page when there is one, else the metadata.
    pub span: Span,
    #[serde(skip_serializing_if = "is_default")]
    pub sources: Sources,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    pub kind: TypeKind,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// An entity type: it has a key and an identity of its own.
    Entity(StructType),
    /// A complex type: a structured value without identity.
    Complex(StructType),
    Enum(EnumType),
    /// A named primitive (`TypeDefinition`).
    Definition(Primitive),
}

impl TypeKind {
    pub fn as_struct(&self) -> Option<&StructType> {
        match self {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            TypeKind::Enum(_) | TypeKind::Definition(_) => None,
        }
    }

    pub fn as_struct_mut(&mut self) -> Option<&mut StructType> {
        match self {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            TypeKind::Enum(_) | TypeKind::Definition(_) => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StructType {
    pub base: Option<QualifiedName>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_abstract: bool,
    /// Open types accept properties the schema does not declare.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_open: bool,
    /// Entities whose instances are media (a stream behind `$value`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub has_stream: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub key: Vec<String>,
    /// The type's own properties, in source order (inherited ones live on the base).
    pub properties: Vec<Property>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Property {
    /// The name on the wire, exactly as the schema spells it.
    pub json_name: String,
    pub ty: TypeRef,
    /// `None` when the source does not say (pages never do).
    pub nullable: Option<bool>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// A relationship to another entity rather than a structural value.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub navigation: bool,
    /// A navigation property whose targets are contained in this entity.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub contains_target: bool,
    pub description: Option<String>,
    pub span: Span,
    #[serde(skip_serializing_if = "is_default")]
    pub sources: Sources,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
}

/// The type of a property: a single value or a collection of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeRef {
    pub target: TypeTarget,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeTarget {
    Primitive(Primitive),
    Named(QualifiedName),
    /// One of several named types (pages write `[a](a.md) or [b](b.md)`).
    Union(Vec<QualifiedName>),
    /// Any JSON value: the source names no type, or one nothing defines.
    Untyped,
}

/// OData's primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Binary,
    Stream,
    Geography,
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let single = match &self.target {
            TypeTarget::Primitive(p) => p.edm_name().to_string(),
            TypeTarget::Named(name) => name.to_string(),
            TypeTarget::Union(names) => names.iter().map(ToString::to_string).collect::<Vec<_>>().join(" | "),
            TypeTarget::Untyped => "any JSON".to_string(),
        };
        if self.collection { write!(f, "Collection({single})") } else { f.write_str(&single) }
    }
}

impl Primitive {
    /// The name OData gives the type, such as `Edm.Int32`.
    pub fn edm_name(self) -> &'static str {
        match self {
            Primitive::String => "Edm.String",
            Primitive::Boolean => "Edm.Boolean",
            Primitive::Byte => "Edm.Byte",
            Primitive::SByte => "Edm.SByte",
            Primitive::Int16 => "Edm.Int16",
            Primitive::Int32 => "Edm.Int32",
            Primitive::Int64 => "Edm.Int64",
            Primitive::Single => "Edm.Single",
            Primitive::Double => "Edm.Double",
            Primitive::Decimal => "Edm.Decimal",
            Primitive::Guid => "Edm.Guid",
            Primitive::DateTimeOffset => "Edm.DateTimeOffset",
            Primitive::Date => "Edm.Date",
            Primitive::TimeOfDay => "Edm.TimeOfDay",
            Primitive::Duration => "Edm.Duration",
            Primitive::Binary => "Edm.Binary",
            Primitive::Stream => "Edm.Stream",
            Primitive::Geography => "Edm.Geography",
        }
    }

    /// Reads a primitive type name, with or without `Edm.`, in any case.
    pub fn from_name(name: &str) -> Option<Primitive> {
        let bare = name.trim();
        let bare = bare.strip_prefix("Edm.").or_else(|| bare.strip_prefix("edm.")).unwrap_or(bare);
        let primitive = match bare.to_ascii_lowercase().as_str() {
            "string" => Primitive::String,
            "boolean" | "bool" => Primitive::Boolean,
            "byte" => Primitive::Byte,
            "sbyte" => Primitive::SByte,
            "int16" => Primitive::Int16,
            "int32" | "int" | "integer" => Primitive::Int32,
            "int64" | "long" => Primitive::Int64,
            "single" | "float" => Primitive::Single,
            "double" => Primitive::Double,
            "decimal" => Primitive::Decimal,
            "guid" => Primitive::Guid,
            "datetimeoffset" | "datetime" => Primitive::DateTimeOffset,
            "date" => Primitive::Date,
            "timeofday" => Primitive::TimeOfDay,
            "duration" => Primitive::Duration,
            "binary" => Primitive::Binary,
            "stream" => Primitive::Stream,
            _ if bare.to_ascii_lowercase().starts_with("geography") => Primitive::Geography,
            _ => return None,
        };
        Some(primitive)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EnumType {
    pub members: Vec<EnumMember>,
    /// Flags enums combine members, written as a comma-separated list.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_flags: bool,
    /// The integer type behind the members' values, when the metadata names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlying: Option<Primitive>,
    /// Made from a description's "Possible values are ..." rather than declared.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_prose: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumMember {
    /// The member as it is sent on the wire.
    pub name: String,
    /// Other spellings read as this member (the metadata's `NotStarted` for `notStarted`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub value: Option<i64>,
    pub description: Option<String>,
    pub span: Span,
}

/// An action or function of the metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    pub name: QualifiedName,
    pub kind: OperationKind,
    /// The binding parameter (the first one) of a bound operation: its type says what the
    /// operation is bound to, and `ty.collection` whether to a collection of it.
    pub binding: Option<Parameter>,
    /// The parameters after the binding one, in declaration order.
    pub parameters: Vec<Parameter>,
    pub return_type: Option<TypeRef>,
    /// A function whose result may be addressed further (`IsComposable`).
    pub is_composable: bool,
    pub span: Span,
}

impl Operation {
    pub fn is_bound(&self) -> bool {
        self.binding.is_some()
    }

    /// Its parameter names, ASCII lower case and sorted: what tells overloads apart when they
    /// are named by their parameters (`(a,b)`, a function call's arguments, a pairing).
    pub fn folded_parameter_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.parameters.iter().map(|p| p.name.to_ascii_lowercase()).collect();
        names.sort_unstable();
        names
    }

    /// Every type the operation names: its binding's, its parameters', its result's.
    pub fn types(&self) -> impl Iterator<Item = &TypeRef> {
        self.binding.iter().chain(&self.parameters).map(|p| &p.ty).chain(&self.return_type)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    Action,
    Function,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    pub name: String,
    pub ty: TypeRef,
    pub nullable: Option<bool>,
    /// Annotated `Org.OData.Core.V1.OptionalParameter`: a caller may leave it out.
    pub optional: bool,
    pub span: Span,
}

/// The service's entry points: entity sets and singletons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityContainer {
    pub name: QualifiedName,
    pub entity_sets: Vec<ContainerMember>,
    pub singletons: Vec<ContainerMember>,
    pub span: Span,
}

/// An entity set or a singleton: a root of the service's paths (`/users`, `/me`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContainerMember {
    pub name: String,
    /// The entity type of the set's members, or of the singleton.
    pub ty: QualifiedName,
    /// Where the entities of non-contained navigation properties live.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub navigation_bindings: Vec<NavigationBinding>,
    pub span: Span,
}

/// `NavigationPropertyBinding`: the entities a navigation property of a container member
/// reaches are those of `target`. Both are kept as written: `path` is a navigation
/// property, or a path to one through containment and type casts (`items/createdByUser`,
/// `microsoft.graph.x/y`); `target` is an entity set or singleton of the same container,
/// or a path into one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NavigationBinding {
    pub path: String,
    pub target: String,
    pub span: Span,
}

/// One thing the pages and the metadata say differently. `rule` names the kind, with the
/// same ids the drift report uses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Disagreement {
    pub rule: DisagreementRule,
    pub type_name: QualifiedName,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// What the pages say, and where; `None` when they say nothing.
    pub docs: Option<(Span, String)>,
    /// What the metadata says, and where; `None` when it says nothing.
    pub metadata: Option<(Span, String)>,
    /// Other places that bear on it (the table row for a JSON representation's property).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DisagreementRule {
    /// In the metadata, on no page.
    TypeUndocumented,
    /// On a page, not in the metadata.
    TypeUnknown,
    PropertyUndocumented,
    PropertyUnknown,
    PropertyTypeMismatch,
    NullabilityMismatch,
    EnumMemberMismatch,
    BaseTypeMismatch,
    AbstractMismatch,
    OpenTypeMismatch,
    /// A page's property table and its JSON representation list different properties.
    TableJsonMismatch,
    /// An example does not conform to the model.
    ExampleInvalid,
    /// A JSON block that is not JSON even read leniently.
    JsonUnreadable,
    /// A metadata operation bound to a type whose other operations an API page documents, with no page of its own.
    OperationUndocumented,
    /// An API page whose request names an operation the metadata does not declare.
    OperationUnknown,
    ParameterUndocumented,
    ParameterUnknown,
    ParameterTypeMismatch,
    /// A response example's annotated type is not the operation's return type.
    ReturnTypeMismatch,
    /// A request line no metadata path explains.
    PathUnknown,
    /// A request example's body does not conform to what the operation reads.
    RequestExampleInvalid,
}

impl DisagreementRule {
    pub fn id(self) -> &'static str {
        match self {
            DisagreementRule::TypeUndocumented => "type-undocumented",
            DisagreementRule::TypeUnknown => "type-unknown",
            DisagreementRule::PropertyUndocumented => "property-undocumented",
            DisagreementRule::PropertyUnknown => "property-unknown",
            DisagreementRule::PropertyTypeMismatch => "property-type-mismatch",
            DisagreementRule::NullabilityMismatch => "nullability-mismatch",
            DisagreementRule::EnumMemberMismatch => "enum-member-mismatch",
            DisagreementRule::BaseTypeMismatch => "base-type-mismatch",
            DisagreementRule::AbstractMismatch => "abstract-mismatch",
            DisagreementRule::OpenTypeMismatch => "open-type-mismatch",
            DisagreementRule::TableJsonMismatch => "table-json-mismatch",
            DisagreementRule::ExampleInvalid => "example-invalid",
            DisagreementRule::JsonUnreadable => "json-unreadable",
            DisagreementRule::OperationUndocumented => "operation-undocumented",
            DisagreementRule::OperationUnknown => "operation-unknown",
            DisagreementRule::ParameterUndocumented => "parameter-undocumented",
            DisagreementRule::ParameterUnknown => "parameter-unknown",
            DisagreementRule::ParameterTypeMismatch => "parameter-type-mismatch",
            DisagreementRule::ReturnTypeMismatch => "return-type-mismatch",
            DisagreementRule::PathUnknown => "path-unknown",
            DisagreementRule::RequestExampleInvalid => "request-example-invalid",
        }
    }
}

/// A documented JSON payload of a type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The payload, read (leniently: trailing commas, comments) once by its front end.
    pub value: serde_json::Value,
    /// The source says the payload omits properties.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// The payload is a collection response, `{"value": [...]}`, of the type.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
    pub span: Span,
    /// Where it does not conform to the model: empty for an example that becomes a test.
    /// Decided once, by [`check_examples`] after the merge; the emitter only reads it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<ExampleFinding>,
}

/// An example whose type its source does not define; the merge attaches it to the type of
/// that name the other source defines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LooseExample {
    /// The type as the example's annotation names it.
    pub type_name: QualifiedName,
    pub example: Example,
}

/// A problem found in the input. Errors stop generation; warnings are reported and the
/// generator carries on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub span: Span,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { span, severity: Severity::Error, message: message.into() }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { span, severity: Severity::Warning, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}: {severity}: {}", escape_control(&self.span.file), self.span.line, escape_control(&self.message))
    }
}

/// Text from the input as it may be shown on a terminal or in a log: control characters
/// (C0, DEL and C1, which start terminal escape sequences; line breaks and tabs too, so that
/// one message stays one line) and the bidirectional formatting characters, which reorder
/// what is shown, are written as Rust escapes (`\u{1b}`). Everything else is kept.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    let needs_escape = |c: char| c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.contains(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`Model::all_properties`] of each struct type asked for, computed once and indexed by
/// name: walking many JSON objects of one type then costs each object its own keys only.
pub struct PropertyLookup<'m> {
    model: &'m Model,
    types: BTreeMap<&'m QualifiedName, Rc<TypeProperties<'m>>>,
    /// Every struct type's derived types, built when first needed.
    derived: Option<DerivedTypes<'m>>,
    /// Per declared type, the qualified names of the types derived from it, in name order.
    families: BTreeMap<&'m QualifiedName, Rc<[(&'m QualifiedName, String)]>>,
}

/// The properties of one struct type, inherited ones first, and where each name is.
pub struct TypeProperties<'m> {
    pub all: Vec<&'m Property>,
    by_name: BTreeMap<&'m str, usize>,
}

impl<'m> PropertyLookup<'m> {
    /// The struct type a JSON object stands for, as the generated models choose it: the type
    /// derived from `declared` that its `@odata.type` names (`#microsoft.graph.x` or without
    /// `#`, exactly or, failing that, ignoring case), else `declared`. A name outside the
    /// declared type's family is read as the declared type (and kept as text), as is any
    /// name the schema does not know.
    pub fn object_type(&mut self, declared: &'m QualifiedName, object: &serde_json::Map<String, serde_json::Value>) -> &'m QualifiedName {
        let Some(text) = object.get("@odata.type").and_then(serde_json::Value::as_str) else { return declared };
        let named = text.strip_prefix('#').unwrap_or(text);
        let model = self.model;
        let family = match self.families.get(declared) {
            Some(family) => family.clone(),
            None => {
                let derived = self.derived.get_or_insert_with(|| DerivedTypes::new(model));
                let family: Rc<[(&QualifiedName, String)]> =
                    derived.descendants(declared).into_iter().map(|name| (name, name.to_string())).collect();
                self.families.insert(declared, family.clone());
                family
            }
        };
        family
            .iter()
            .find(|(_, qualified)| qualified == named)
            .or_else(|| family.iter().find(|(_, qualified)| qualified.eq_ignore_ascii_case(named)))
            .map_or(declared, |(name, _)| name)
    }

    pub fn of(&mut self, name: &'m QualifiedName) -> Rc<TypeProperties<'m>> {
        let model = self.model;
        self.types
            .entry(name)
            .or_insert_with(|| {
                let all = model.all_properties(name);
                let by_name = all.iter().enumerate().map(|(index, p)| (p.json_name.as_str(), index)).collect();
                Rc::new(TypeProperties { all, by_name })
            })
            .clone()
    }
}

impl<'m> TypeProperties<'m> {
    /// The property named `json_name`.
    pub fn get(&self, json_name: &str) -> Option<&'m Property> {
        self.by_name.get(json_name).map(|&index| self.all[index])
    }

    /// The members of `object` that are properties, in property order (as iterating
    /// [`Model::all_properties`] and looking each up in `object` gives them).
    pub fn present<'v>(&self, object: &'v serde_json::Map<String, serde_json::Value>) -> Vec<(&'m Property, &'v serde_json::Value)> {
        let mut present: Vec<(usize, &'v serde_json::Value)> =
            object.iter().filter_map(|(key, value)| self.by_name.get(key.as_str()).map(|&index| (index, value))).collect();
        present.sort_by_key(|(index, _)| *index);
        present.into_iter().map(|(index, value)| (self.all[index], value)).collect()
    }
}

impl Model {
    pub fn get(&self, name: &QualifiedName) -> Option<&TypeDef> {
        self.types.get(name)
    }

    pub fn struct_type(&self, name: &QualifiedName) -> Option<&StructType> {
        self.types.get(name).and_then(|def| def.kind.as_struct())
    }

    /// Whether a value of `ty` may stand where `of` is declared: the same type (and both a
    /// collection or neither), or a type derived from it.
    pub fn is_or_derives(&self, ty: &TypeRef, of: &TypeRef) -> bool {
        ty.collection == of.collection
            && match (&ty.target, &of.target) {
                (TypeTarget::Named(name), TypeTarget::Named(base)) => name == base || self.ancestors(name).contains(&base),
                (a, b) => a == b,
            }
    }

    /// The chain of base types of `name`, nearest first, stopping at a missing type or a cycle.
    pub fn ancestors(&self, name: &QualifiedName) -> Vec<&QualifiedName> {
        let mut chain: Vec<&QualifiedName> = Vec::new();
        let mut seen: BTreeSet<&QualifiedName> = BTreeSet::new();
        let mut current = self.struct_type(name).and_then(|s| s.base.as_ref());
        while let Some(base) = current {
            if base == name || !seen.insert(base) {
                break;
            }
            chain.push(base);
            current = self.struct_type(base).and_then(|s| s.base.as_ref());
        }
        chain
    }

    /// Every property of a struct type, inherited ones first (from the root base down).
    pub fn all_properties(&self, name: &QualifiedName) -> Vec<&Property> {
        let mut lineage = self.ancestors(name);
        lineage.reverse();
        lineage.push(name);
        let mut properties: Vec<&Property> = Vec::new();
        let mut positions: BTreeMap<&str, usize> = BTreeMap::new();
        for ty in lineage {
            for property in self.struct_type(ty).map(|s| s.properties.as_slice()).unwrap_or_default() {
                // A derived type that re-declares a property overrides the inherited one in place.
                match positions.get(property.json_name.as_str()) {
                    Some(&at) => properties[at] = property,
                    None => {
                        positions.insert(&property.json_name, properties.len());
                        properties.push(property);
                    }
                }
            }
        }
        properties
    }

    /// A lookup of every struct type's [`Model::all_properties`] by name, each computed once.
    pub fn property_lookup(&self) -> PropertyLookup<'_> {
        PropertyLookup { model: self, types: BTreeMap::new(), derived: None, families: BTreeMap::new() }
    }

    /// The nearest type that every one of `members` is or derives from (how a union such
    /// as `[a](a.md) or [b](b.md)` is read: as that base, whose derived types include both).
    pub fn common_base<'m>(&'m self, members: &'m [QualifiedName]) -> Option<&'m QualifiedName> {
        let lineage = |name: &'m QualifiedName| -> Vec<&'m QualifiedName> { std::iter::once(name).chain(self.ancestors(name)).collect() };
        let (first, rest) = members.split_first()?;
        lineage(first)
            .into_iter()
            .find(|candidate| self.types.contains_key(*candidate) && rest.iter().all(|m| lineage(m).contains(candidate)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_escape_control_characters() {
        assert!(matches!(escape_control("plain `name` ½"), Cow::Borrowed(_)));
        assert_eq!(escape_control("a\u{1b}[31mb\u{9b}c\u{7}\n\t\r\u{202e}"), "a\\u{1b}[31mb\\u{9b}c\\u{7}\\n\\t\\r\\u{202e}");
        let diagnostic = Diagnostic::warning(Span::new("pages/\u{1b}]0;x\u{7}.md", 3), "member `\u{1b}[2J` is declared twice");
        assert_eq!(diagnostic.to_string(), "pages/\\u{1b}]0;x\\u{7}.md:3: warning: member `\\u{1b}[2J` is declared twice");
    }
}
