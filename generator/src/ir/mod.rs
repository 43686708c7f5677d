//! The intermediate representation: the contract between the front ends and the emitters.
//!
//! It is language-neutral plain data. It knows nothing of Markdown, XML or Rust: a front end
//! lowers its source into a [`Model`], [`validate`] checks it once, and an emitter walks it.
//! Every collection is ordered (`BTreeMap` or `Vec` in source order) so that output never
//! depends on hash order, and everything that came from a source carries a [`Span`] so that
//! diagnostics and drift reports can point at a line.

mod closure;
mod examples;
mod validate;

pub use closure::reachable_from;
pub use examples::{ExampleFinding, check_example};
pub use validate::validate;

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

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

/// Every type the sources define, by qualified name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Model {
    pub types: BTreeMap<QualifiedName, TypeDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    pub name: QualifiedName,
    pub description: Option<String>,
    /// The product area the source files the type under (a page's `ms.prod`), if any.
    pub product_area: Option<String>,
    pub span: Span,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// An entity type: it has a key and an identity of its own.
    Entity(StructType),
    /// A complex type: a structured value without identity.
    Complex(StructType),
    Enum(EnumType),
}

impl TypeKind {
    pub fn as_struct(&self) -> Option<&StructType> {
        match self {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            TypeKind::Enum(_) => None,
        }
    }

    pub fn as_struct_mut(&mut self) -> Option<&mut StructType> {
        match self {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            TypeKind::Enum(_) => None,
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
    pub description: Option<String>,
    pub span: Span,
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

impl Primitive {
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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumMember {
    /// The member as it is sent on the wire.
    pub name: String,
    pub value: Option<i64>,
    pub description: Option<String>,
    pub span: Span,
}

/// A documented JSON payload of a type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The payload as strict JSON (leniencies such as trailing commas already removed).
    pub json: String,
    /// The source says the payload omits properties.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    pub span: Span,
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
        write!(f, "{}: {severity}: {}", self.span, self.message)
    }
}

impl Model {
    pub fn get(&self, name: &QualifiedName) -> Option<&TypeDef> {
        self.types.get(name)
    }

    pub fn struct_type(&self, name: &QualifiedName) -> Option<&StructType> {
        self.types.get(name).and_then(|def| def.kind.as_struct())
    }

    /// The chain of base types of `name`, nearest first, stopping at a missing type or a cycle.
    pub fn ancestors(&self, name: &QualifiedName) -> Vec<&QualifiedName> {
        let mut chain: Vec<&QualifiedName> = Vec::new();
        let mut current = self.struct_type(name).and_then(|s| s.base.as_ref());
        while let Some(base) = current {
            if base == name || chain.contains(&base) {
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
        for ty in lineage {
            for property in self.struct_type(ty).map(|s| s.properties.as_slice()).unwrap_or_default() {
                // A derived type that re-declares a property overrides the inherited one in place.
                match properties.iter().position(|p| p.json_name == property.json_name) {
                    Some(at) => properties[at] = property,
                    None => properties.push(property),
                }
            }
        }
        properties
    }

    /// Every struct type derived from `name`, directly or not, in name order.
    pub fn descendants(&self, name: &QualifiedName) -> Vec<&QualifiedName> {
        self.types
            .keys()
            .filter(|candidate| *candidate != name && self.ancestors(candidate).contains(&name))
            .collect()
    }
}
