//! Actions and functions as descriptors: what a client needs to call one, with no client.
//!
//! Each operation the metadata declares is a type implementing [`Operation`]: its
//! parameters (an action's body, a function's URL parameters) are its fields; the method,
//! path templates and response type are constants and associated types. [`Request::new`]
//! turns a value into the method, URL and body to send, and [`send`] sends it through any
//! [`Transport`] (a closure will do) and reads the response as the operation's
//! [`Response`](Operation::Response).

use super::{
    AdditionalProperties, EnumLiteral, Field, FieldValue, Flags, List, StringEnum, UrlLiteral, percent_encode, read_value_member,
    write_value_member,
};
use serde::de::Deserializer;
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An HTTP method: actions are sent with `POST`, functions with `GET`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An action or function of the metadata, described for a client.
pub trait Operation: Sized {
    /// The operation's qualified name, such as `microsoft.graph.recordResponse`.
    const NAME: &'static str;
    /// What it is bound to: a qualified type name, `Collection(...)` for a collection; `None`
    /// for an unbound operation (an action or function import).
    const BINDING: Option<&'static str>;
    /// `POST` for an action, `GET` for a function.
    const METHOD: Method;
    /// Path templates that reach it, relative to the service root, each key a placeholder
    /// named after its segment (`/communications/calls/{call-id}/recordResponse`): fill one
    /// with [`fill_path`]. They end with the operation's segment; a function's parameters
    /// follow it in parentheses.
    const PATHS: &'static [&'static str];
    /// The request body: the operation itself for an action with parameters, else [`NoBody`].
    type Body: RequestBody<Self>;
    /// What a success reads as: the value, a [`CollectionResponse`](super::CollectionResponse),
    /// a [`ValueResponse`] for a single primitive or enumeration value, [`RawBody`] for a stream, or [`NoContent`].
    type Response: ResponseBody;

    /// The request body, for an action with parameters.
    fn body(&self) -> Option<&Self::Body> {
        Self::Body::of(self)
    }

    /// A function's parameters, each written as an URL literal; nothing for an action.
    fn write_url_parameters(&self, _parameters: &mut UrlParameters<'_>) {}
}

/// The body of an operation's request: the operation's own value, or none.
pub trait RequestBody<O>: Serialize {
    fn of(operation: &O) -> Option<&Self>;
}

/// An action with parameters is its own body.
impl<O: super::Object + Serialize> RequestBody<O> for O {
    fn of(operation: &O) -> Option<&O> {
        Some(operation)
    }
}

/// No request body: a function, or an action without parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoBody;

impl Serialize for NoBody {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<O> RequestBody<O> for NoBody {
    fn of(_: &O) -> Option<&NoBody> {
        None
    }
}

/// How a response body is read.
pub trait ResponseBody: Sized {
    fn read(body: &str) -> Result<Self, serde_json::Error>;
}

/// JSON, as the type reads it.
impl<T: serde::de::DeserializeOwned> ResponseBody for T {
    fn read(body: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(body)
    }
}

/// An operation that returns nothing (`204 No Content`): whatever the body, it is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoContent;

impl ResponseBody for NoContent {
    fn read(_: &str) -> Result<NoContent, serde_json::Error> {
        Ok(NoContent)
    }
}

/// An `Edm.Stream` response (a report's CSV, a photo): the body as sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawBody(pub String);

impl ResponseBody for RawBody {
    fn read(body: &str) -> Result<RawBody, serde_json::Error> {
        Ok(RawBody(body.to_string()))
    }
}

/// A single primitive or enumeration value as the service returns one:
/// `{"@odata.context": ..., "value": 42}`. Written back as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValueResponse<T> {
    pub value: Field<T>,
    /// Everything else (`@odata.context`, ...), in order.
    pub additional_properties: AdditionalProperties,
    /// Where `value` stood among the other properties.
    value_position: usize,
}

impl<'de, T: FieldValue> Deserialize<'de> for ValueResponse<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (value, additional_properties, value_position) = read_value_member(deserializer, "an object with a `value`")?;
        Ok(ValueResponse { value, additional_properties, value_position })
    }
}

impl<T: Serialize> Serialize for ValueResponse<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_value_member(serializer, &self.value, &self.additional_properties, self.value_position)
    }
}

/// A function's parameters as written in its URL: `name=literal` pairs, comma-separated. A
/// parameter left [`Field::Absent`] is not written (an optional parameter the caller omits);
/// one set to [`Field::Null`] is written `null`.
pub struct UrlParameters<'a> {
    out: &'a mut String,
    count: usize,
}

impl<'a> UrlParameters<'a> {
    pub fn new(out: &'a mut String) -> Self {
        UrlParameters { out, count: 0 }
    }

    fn name(&mut self, name: &str) {
        if self.count > 0 {
            self.out.push(',');
        }
        self.count += 1;
        percent_encode(name, b"", self.out);
        self.out.push('=');
    }

    /// Writes `value` as its literal unless it is absent.
    fn write(&mut self, name: &str, value: &Field<impl Sized>, write: impl FnOnce(&mut String)) {
        match value {
            Field::Absent => {}
            Field::Null => {
                self.name(name);
                self.out.push_str("null");
            }
            Field::Value(_) => {
                self.name(name);
                write(self.out);
            }
        }
    }

    /// A primitive or collection parameter.
    pub fn literal<T: UrlLiteral>(&mut self, name: &str, value: &Field<T>) {
        self.write(name, value, |out| {
            if let Field::Value(value) = value {
                value.write_url_literal(out);
            }
        });
    }

    /// An enumeration parameter: `type_name` is its qualified name.
    pub fn enumeration<E: StringEnum>(&mut self, name: &str, type_name: &str, value: &Field<E>) {
        self.write(name, value, |out| {
            if let Field::Value(member) = value {
                EnumLiteral { type_name, members: &[member.as_str()] }.write_url_literal(out);
            }
        });
    }

    /// A flags enumeration's parameter: `type_name` is its qualified name.
    pub fn flags<E: StringEnum>(&mut self, name: &str, type_name: &str, value: &Field<Flags<E>>) {
        self.write(name, value, |out| {
            if let Field::Value(flags) = value {
                let members: Vec<&str> = flags.members.iter().map(StringEnum::as_str).collect();
                EnumLiteral { type_name, members: &members }.write_url_literal(out);
            }
        });
    }

    /// A structured parameter (an object, or a value of a base type), written as JSON.
    pub fn structured<T: Serialize>(&mut self, name: &str, value: &Field<T>) {
        self.write(name, value, |out| {
            if let Field::Value(value) = value {
                serde_json::to_value(value).unwrap_or_default().write_url_literal(out);
            }
        });
    }
}

/// A collection parameter, written as JSON (`["a","b"]`).
impl<T: Serialize> UrlLiteral for List<T> {
    fn write_url_literal(&self, out: &mut String) {
        serde_json::to_value(self).unwrap_or_default().write_url_literal(out);
    }
}

/// Why a request could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// The template has a placeholder no key was given for.
    MissingKey { template: String, placeholder: String },
    /// A key was given for a placeholder the template does not have.
    UnusedKey { template: String, placeholder: String },
    /// The body could not be written as JSON.
    Body(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::MissingKey { template, placeholder } => write!(f, "`{template}`: no key was given for `{{{placeholder}}}`"),
            RequestError::UnusedKey { template, placeholder } => write!(f, "`{template}` has no placeholder `{{{placeholder}}}`"),
            RequestError::Body(message) => write!(f, "the request body could not be written: {message}"),
        }
    }
}

impl std::error::Error for RequestError {}

/// The placeholders of a path template, in order: `call-id` for `/calls/{call-id}/record`.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split('/').filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
}

/// Fills a path template's placeholders with the keys given by name, each percent-encoded
/// as a path segment. Every placeholder needs a key, and every key a placeholder.
pub fn fill_path(template: &str, keys: &[(&str, &str)]) -> Result<String, RequestError> {
    let mut path = String::with_capacity(template.len());
    for (index, segment) in template.split('/').enumerate() {
        if index > 0 {
            path.push('/');
        }
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(placeholder) => match keys.iter().find(|(name, _)| *name == placeholder) {
                Some((_, key)) => percent_encode(key, b"", &mut path),
                None => return Err(RequestError::MissingKey { template: template.into(), placeholder: placeholder.into() }),
            },
            None => path.push_str(segment),
        }
    }
    if let Some((name, _)) = keys.iter().find(|(name, _)| !placeholders(template).any(|p| p == *name)) {
        return Err(RequestError::UnusedKey { template: template.into(), placeholder: (*name).into() });
    }
    Ok(path)
}

/// What to send for an operation: the method, the URL relative to the service root
/// (`https://graph.microsoft.com/beta` goes before it), and the JSON body, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub body: Option<String>,
}

impl Request {
    /// The request for `operation` at `path`, a template (one of [`Operation::PATHS`] or any
    /// other path that reaches it) whose placeholders `keys` fill; a function's parameters
    /// follow the path as URL literals (`/reminderView(startDateTime=...,endDateTime=...)`).
    pub fn new<O: Operation>(operation: &O, path: &str, keys: &[(&str, &str)]) -> Result<Request, RequestError> {
        let mut url = fill_path(path, keys)?;
        if O::METHOD == Method::Get {
            url.push('(');
            operation.write_url_parameters(&mut UrlParameters::new(&mut url));
            url.push(')');
        }
        let body = match operation.body() {
            Some(body) => Some(super::json::to_string(body).map_err(|error| RequestError::Body(error.to_string()))?),
            None => None,
        };
        Ok(Request { method: O::METHOD, url, body })
    }
}

/// Sends a [`Request`] and returns the response body: any HTTP client, or a closure
/// `FnMut(&Request) -> Result<String, E>`.
pub trait Transport {
    type Error;
    fn send(&mut self, request: &Request) -> Result<String, Self::Error>;
}

impl<F: FnMut(&Request) -> Result<String, E>, E> Transport for F {
    type Error = E;
    fn send(&mut self, request: &Request) -> Result<String, E> {
        self(request)
    }
}

/// Why [`send`] failed.
#[derive(Debug)]
pub enum SendError<E> {
    Request(RequestError),
    Transport(E),
    /// The response body is not what the operation returns.
    Response(serde_json::Error),
}

impl<E: fmt::Display> fmt::Display for SendError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Request(error) => error.fmt(f),
            SendError::Transport(error) => write!(f, "the transport failed: {error}"),
            SendError::Response(error) => write!(f, "the response could not be read: {error}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for SendError<E> {}

/// Sends `operation` at `path` (filled with `keys`) through `transport`, and reads the
/// response as the operation's [`Response`](Operation::Response).
pub fn send<O: Operation, T: Transport>(
    transport: &mut T,
    operation: &O,
    path: &str,
    keys: &[(&str, &str)],
) -> Result<O::Response, SendError<T::Error>> {
    let request = Request::new(operation, path, keys).map_err(SendError::Request)?;
    let body = transport.send(&request).map_err(SendError::Transport)?;
    O::Response::read(&body).map_err(SendError::Response)
}
