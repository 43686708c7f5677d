//! The values of OData's primitive types as the runtime reads and writes them: lexical forms
//! (dates, times, durations, GUIDs, binary) that keep the text they were read from, and numbers
//! that keep the form they were read in.
//!
//! This file uses no other part of the runtime, so the generator compiles it too: the example
//! checker decides whether a value conforms with these very parsers.

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
/// `Edm.DateTimeOffset`: an RFC 3339 instant (up to nanoseconds; Graph sends 7 digits).
pub type DateTimeOffset = Lexical<jiff::Timestamp>;
/// `Edm.Date`: a calendar date, `2021-07-13`.
pub type Date = Lexical<jiff::civil::Date>;
/// `Edm.TimeOfDay`: a time without date or offset, `13:45:00.0000000`.
pub type TimeOfDay = Lexical<jiff::civil::Time>;
/// `Edm.Duration`: an ISO 8601 duration such as `PT1H30M` or `P1D`.
pub type Duration = Lexical<IsoDuration>;
/// `Edm.Guid`.
pub type Guid = Lexical<uuid::Uuid>;
/// `Edm.Binary` and `Edm.Stream`: bytes, sent as base64 or base64url.
pub type Binary = Lexical<Bytes>;
/// `Edm.Int64`: a JSON number, or a string under `IEEE754Compatible=true`.
pub type Int64 = Numeric<i64>;
/// `Edm.Decimal`: a JSON number or a string. Held as an `f64`.
pub type Decimal = Numeric<f64>;
/// `Edm.Double`: a number, or `"NaN"`, `"INF"`, `"-INF"`.
pub type Double = Numeric<f64>;
/// `Edm.Single`: a number, or `"NaN"`, `"INF"`, `"-INF"`.
pub type Single = Numeric<f32>;
/// Any JSON value: geography types, and types no input defines.
pub type Json = serde_json::Value;

/// A value read from its OData text form. The text is kept when it differs from how the
/// value would be written (`+00:00` for `Z`, upper-case GUIDs, base64url, `13:45:00.0000000`),
/// so what was read is written back as read; a value built in code is written canonically.
/// Equality compares values, not spellings.
#[derive(Clone)]
pub struct Lexical<T> {
    value: T,
    text: Option<Box<str>>,
}

/// How a type is read from and written to its OData text form.
pub trait TextForm: Sized {
    /// What the text should look like, for error messages.
    const EXPECTING: &'static str;
    fn parse(text: &str) -> Option<Self>;
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result;
    fn format(&self) -> String {
        let mut text = String::new();
        let _ = self.write_text(&mut text);
        text
    }
}

impl<T> Lexical<T> {
    pub fn new(value: T) -> Self {
        Lexical { value, text: None }
    }

    pub fn get(&self) -> &T {
        &self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }

    /// The text as read, when it differs from the canonical form.
    pub fn original_text(&self) -> Option<&str> {
        self.text.as_deref()
    }
}

impl<T> From<T> for Lexical<T> {
    fn from(value: T) -> Self {
        Lexical::new(value)
    }
}

impl<T> std::ops::Deref for Lexical<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Lexical<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Lexical<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: TextForm> fmt::Display for Lexical<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(text) => f.write_str(text),
            None => self.value.write_text(f),
        }
    }
}

impl<T: TextForm> std::str::FromStr for Lexical<T> {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let value = T::parse(text).ok_or_else(|| format!("`{text}` is not {}", T::EXPECTING))?;
        let text = (!formats_as(&value, text)).then(|| text.into());
        Ok(Lexical { value, text })
    }
}

/// Text of up to 64 bytes, on the stack; writing more fails (callers fall back to a String).
struct StackText {
    bytes: [u8; 64],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText { bytes: [0; 64], len: 0 }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so the bytes are UTF-8.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, part: &str) -> fmt::Result {
        let end = self.len + part.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(part.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Whether `value` is written as `text`, checked without allocating for short forms.
fn formats_as<T: TextForm>(value: &T, text: &str) -> bool {
    struct Compare<'a> {
        expected: &'a [u8],
        matched: usize,
        same: bool,
    }
    impl fmt::Write for Compare<'_> {
        fn write_str(&mut self, part: &str) -> fmt::Result {
            let end = self.matched + part.len();
            self.same &= self.expected.get(self.matched..end) == Some(part.as_bytes());
            self.matched = end;
            Ok(())
        }
    }
    let mut compare = Compare { expected: text.as_bytes(), matched: 0, same: true };
    value.write_text(&mut compare).is_ok() && compare.same && compare.matched == text.len()
}

impl<T: TextForm> Serialize for Lexical<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(text) => serializer.serialize_str(text),
            // Formatted on the stack and written in one piece (no heap string for the usual
            // short forms; `collect_str` would escape each small piece separately).
            None => {
                let mut buffer = StackText::default();
                match self.value.write_text(&mut buffer) {
                    Ok(()) => serializer.serialize_str(buffer.as_str()),
                    Err(_) => serializer.serialize_str(&self.value.format()),
                }
            }
        }
    }
}

impl<'de, T: TextForm> Deserialize<'de> for Lexical<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text: Cow<'de, str> = TextVisitor::deserialize(deserializer, T::EXPECTING)?;
        text.parse().map_err(de::Error::custom)
    }
}

/// Reads a string, borrowed when it can be.
pub(crate) struct TextVisitor(&'static str);

impl TextVisitor {
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D, expecting: &'static str) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(TextVisitor(expecting))
    }
}

/// Reads a map value as text, borrowed when it can be.
pub(crate) struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        TextVisitor::deserialize(deserializer, "a type name")
    }
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

impl TextForm for jiff::Timestamp {
    const EXPECTING: &'static str = "an RFC 3339 date-time such as 2021-07-13T08:00:00.1234567Z";
    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{self}")
    }
}

impl TextForm for jiff::civil::Date {
    const EXPECTING: &'static str = "a date such as 2021-07-13";
    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{self}")
    }
}

impl TextForm for jiff::civil::Time {
    const EXPECTING: &'static str = "a time of day such as 13:45:00.0000000";
    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{self}")
    }
}

/// An ISO 8601 duration. Two are equal when their fields are (`PT60M` is not `PT1H`), as
/// the text they came from would be.
#[derive(Debug, Clone, Copy, Default)]
pub struct IsoDuration(pub jiff::Span);

impl PartialEq for IsoDuration {
    fn eq(&self, other: &Self) -> bool {
        self.0.fieldwise() == other.0.fieldwise()
    }
}

impl std::ops::Deref for IsoDuration {
    type Target = jiff::Span;
    fn deref(&self) -> &jiff::Span {
        &self.0
    }
}

impl TextForm for IsoDuration {
    const EXPECTING: &'static str = "an ISO 8601 duration such as PT1H30M";
    fn parse(text: &str) -> Option<Self> {
        text.parse().ok().map(IsoDuration)
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{}", self.0)
    }
}

impl TextForm for uuid::Uuid {
    const EXPECTING: &'static str = "a GUID such as 8fcb5dbc-d5aa-4681-8e31-b001d5168d79";
    fn parse(text: &str) -> Option<Self> {
        uuid::Uuid::try_parse(text).ok()
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{}", self.hyphenated())
    }
}

/// The bytes of an `Edm.Binary` value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bytes(pub Vec<u8>);

impl TextForm for Bytes {
    const EXPECTING: &'static str = "base64 or base64url text";
    fn parse(text: &str) -> Option<Self> {
        use base64::Engine as _;
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD].iter().find_map(|engine| engine.decode(text).ok()).map(Bytes)
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        use base64::Engine as _;
        out.write_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

/// A number that the service may send as a JSON number or, under `IEEE754Compatible=true`
/// (and for `NaN`, `INF`, `-INF`), as a string. Written back in the form it was read in.
#[derive(Clone, Copy, Default)]
pub struct Numeric<T> {
    value: T,
    quoted: bool,
}

impl<T: Copy> Numeric<T> {
    pub fn new(value: T) -> Self {
        Numeric { value, quoted: false }
    }

    pub fn get(&self) -> T {
        self.value
    }

    /// Whether it was read as (and will be written as) a string.
    pub fn is_quoted(&self) -> bool {
        self.quoted
    }
}

impl<T: Copy> From<T> for Numeric<T> {
    fn from(value: T) -> Self {
        Numeric::new(value)
    }
}

impl<T: PartialEq> PartialEq for Numeric<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: PartialEq> PartialEq<T> for Numeric<T> {
    fn eq(&self, other: &T) -> bool {
        self.value == *other
    }
}

impl<T: fmt::Debug> fmt::Debug for Numeric<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// A number type that [`Numeric`] can hold.
pub trait NumericForm: Copy + fmt::Display + std::str::FromStr + Serialize + for<'de> Deserialize<'de> {
    const EXPECTING: &'static str;
    /// Values JSON cannot hold as a number (`NaN`, infinities) are always strings.
    fn needs_quotes(self) -> bool {
        false
    }
    fn parse_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
    fn format_text(self) -> String {
        self.to_string()
    }
}

impl NumericForm for i64 {
    const EXPECTING: &'static str = "an integer, as a number or a string";
}

macro_rules! float_form {
    ($float:ty) => {
        impl NumericForm for $float {
            const EXPECTING: &'static str = "a number, or NaN, INF or -INF as a string";
            fn needs_quotes(self) -> bool {
                !self.is_finite()
            }
            fn parse_text(text: &str) -> Option<Self> {
                match text.trim() {
                    "NaN" => Some(<$float>::NAN),
                    "INF" | "Infinity" => Some(<$float>::INFINITY),
                    "-INF" | "-Infinity" => Some(<$float>::NEG_INFINITY),
                    other => other.parse().ok(),
                }
            }
            fn format_text(self) -> String {
                if self.is_nan() {
                    "NaN".into()
                } else if self.is_infinite() {
                    if self > 0.0 { "INF".into() } else { "-INF".into() }
                } else {
                    self.to_string()
                }
            }
        }
    };
}
float_form!(f64);
float_form!(f32);

impl<T: NumericForm> Serialize for Numeric<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.quoted || self.value.needs_quotes() {
            serializer.serialize_str(&self.value.format_text())
        } else {
            self.value.serialize(serializer)
        }
    }
}

impl<'de, T: NumericForm> Deserialize<'de> for Numeric<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A JSON number or a string: buffered as a value, which for a number costs nothing.
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(text) => T::parse_text(&text)
                .map(|value| Numeric { value, quoted: true })
                .ok_or_else(|| de::Error::custom(format!("`{text}` is not {}", T::EXPECTING))),
            number @ serde_json::Value::Number(_) => {
                T::deserialize(number).map(Numeric::new).map_err(|_| de::Error::custom(format!("expected {}", T::EXPECTING)))
            }
            other => Err(de::Error::custom(format!("`{other}` is not {}", T::EXPECTING))),
        }
    }
}
