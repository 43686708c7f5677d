//! Operations as the API reference pages document them: the HTTP request lines, the
//! parameter tables, and the request and response examples of one page.
//!
//! The Markdown front end fills these in, in page order; [`merge`](super::merge) pairs each
//! page with the metadata operation it documents (`documents`) and decides what each
//! example is read as; [`check_examples`](super::check_examples) then fills in each example's
//! findings. A page of plain reads and writes (`GET /communications/calls/{id}`) is a
//! documented operation too, but documents no action or function.

use super::{Example, QualifiedName, Span, TypeRef};
use serde::Serialize;

/// One API reference page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentedOperation {
    /// The page's title as written (`call: recordResponse`).
    pub title: String,
    pub description: Option<String>,
    /// The lines of the `## HTTP request` block, in page order.
    pub requests: Vec<RequestLine>,
    /// The rows of the page's parameter tables, in page order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<DocumentedParameter>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub request_examples: Vec<RequestExample>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub response_examples: Vec<ResponseExample>,
    /// The metadata action or function the page documents (set by the merge), with every
    /// overload of it: overloads share a name and binding type, and one page documents them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<OperationRef>,
    /// The page's first request line (its first line when it has none).
    pub span: Span,
}

/// Which metadata operations a page documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationRef {
    pub name: QualifiedName,
    /// The binding parameter's type; `None` for an unbound operation.
    pub binding: Option<TypeRef>,
    /// Indexes into [`Model::operations`](super::Model::operations), in declaration order.
    pub overloads: Vec<usize>,
}

/// A request line of the `## HTTP request` block, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestLine {
    /// `GET`, `POST`, ... in upper case.
    pub method: String,
    /// The path as written, without host, API version and query string
    /// (`/communications/calls/{id}/recordResponse`).
    pub path: String,
    /// What follows `?`, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub span: Span,
}

impl RequestLine {
    /// The path's segments, without empty ones.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.path.split('/').filter(|s| !s.is_empty())
    }
}

/// The table a parameter row comes from, by its section's heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParameterTable {
    /// `## Request body`: an action's parameters.
    RequestBody,
    /// `## Parameters`, `## Path parameters`.
    Parameters,
    /// `## Function parameters`.
    FunctionParameters,
    /// `## Query parameters`.
    QueryParameters,
}

/// One row of a parameter table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentedParameter {
    pub name: String,
    /// The Type cell as written (`[MediaPrompt](../resources/mediaprompt.md) collection`).
    pub type_text: String,
    /// The Type cell read by the same grammar as a property's.
    pub ty: TypeRef,
    pub description: Option<String>,
    /// The values a `String` row's description lists ("Possible values are: `a`, `b`"), as
    /// a property's would make a prose enumeration.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listed_values: Vec<String>,
    pub table: ParameterTable,
    pub span: Span,
}

/// A `"blockType": "request"` example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestExample {
    /// The annotation's `name`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub method: String,
    /// As in [`RequestLine::path`]: no host, version or query.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The JSON body, when there is one; its findings are set by `check_examples`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Example>,
    /// What the body is read as (set by the merge).
    pub body_type: BodyType,
    /// For a body of parameters: the overload it is read as, the one it fits best, as an
    /// index into `Model::operations` (set by `check_examples`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overload: Option<usize>,
    /// The request line.
    pub span: Span,
}

/// What a request body is read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyType {
    /// The documented operation's parameters, as the properties of one object.
    Parameters,
    /// An instance of a type: the entity a `POST` to a collection creates, or a `PATCH` updates.
    Type(QualifiedName),
    /// Nothing says: the page documents no known operation and its path names no known type.
    Unknown,
}

/// A `"blockType": "response"` example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseExample {
    /// The status line after the HTTP version (`200 OK`), when the block starts with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The type the annotation's `@odata.type` names, as written (without `#` and `Collection(...)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotated_type: Option<String>,
    /// The JSON body, when there is one. Its `collection` says the body is `{"value": [...]}`;
    /// its findings are set by `check_examples`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Example>,
    /// What the body is read as (set by the merge): the annotated type when the annotation
    /// names one the model knows, else the documented operation's return type. A structured
    /// type that is not a collection is the body itself; a collection, or a primitive or enum
    /// value, is OData's `{"value": ...}` wrapper around it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_as: Option<TypeRef>,
    /// The annotation's line.
    pub span: Span,
}
