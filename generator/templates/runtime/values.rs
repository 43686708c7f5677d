//! The values of OData's primitive types as the runtime reads and writes them: lexical forms
//! (dates, times, durations, GUIDs, binary) that keep the text they were read from, and numbers
//! that keep the form they were read in.
//!
//! This file uses no other part of the runtime, so the generator compiles it too: the example
//! checker decides whether a value conforms with these very parsers.
//!
//! What is accepted, and how it is written back:
//! - Date-times, dates, times of day and durations are accepted when they are well-formed
//!   under OData's ABNF (checked here, by hand), whether or not jiff can hold the value.
//!   One it cannot hold (`9999-12-31T23:59:59.9999999Z`, `P10675199DT2H48M5.4775807S`) is
//!   kept as its text and written back unchanged; [`Lexical::get`] is then `None` and
//!   [`Lexical::try_get`] an [`OutOfRange`] error. Text that is not well-formed is an error.
//! - A number is written in the form it was read in: an integer literal as that integer, a
//!   string (`IEEE754Compatible=true`, `"NaN"`, `"INF"`) as the same string, any other
//!   float as the shortest text that reads back to the same value.
//! - An `Edm.Decimal` keeps its exact text, bare or quoted ([`Decimal`]).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
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
/// `Edm.Double`: a number, or `"NaN"`, `"INF"`, `"-INF"`.
pub type Double = Numeric<f64>;
/// `Edm.Single`: a number, or `"NaN"`, `"INF"`, `"-INF"`.
pub type Single = Numeric<f32>;
/// Any JSON value: geography types, and types no input defines.
pub type Json = serde_json::Value;

/// A value read from its OData text form. The text is kept when it differs from how the
/// value would be written (`+00:00` for `Z`, upper-case GUIDs, base64url, `13:45:00.0000000`),
/// or when the value is well-formed but outside what `T` can hold, so what was read is
/// written back as read; a value built in code is written canonically.
///
/// [`get`](Lexical::get) gives the value when `T` holds it, and
/// [`try_get`](Lexical::try_get) says why not. Equality compares values (and, for values
/// `T` cannot hold, texts), not spellings.
#[derive(Clone)]
pub struct Lexical<T> {
    /// `None` only when `text` is set: well-formed, but `T` cannot hold it.
    value: Option<T>,
    text: Option<Box<str>>,
}

/// Text that is not of a type's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotWellFormed;

/// How a type is read from and written to its OData text form.
pub trait TextForm: Sized {
    /// What the text should look like, for error messages.
    const EXPECTING: &'static str;
    /// Reads `text`: `Err` when it is not of the type's form, `Ok(None)` when it is but the
    /// type cannot hold the value it denotes.
    fn parse(text: &str) -> Result<Option<Self>, NotWellFormed>;
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result;
    fn format(&self) -> String {
        let mut text = String::new();
        let _ = self.write_text(&mut text);
        text
    }
    /// Calls `use_text` with the value's text, without a heap string for the usual short forms.
    fn with_text<R>(&self, use_text: impl FnOnce(&str) -> R) -> R {
        with_text_on_stack(self, use_text)
    }
}

/// [`TextForm::with_text`] through [`TextForm::write_text`]: the text is written on the
/// stack, or into a `String` when it is longer than [`StackText`] holds.
fn with_text_on_stack<T: TextForm, R>(value: &T, use_text: impl FnOnce(&str) -> R) -> R {
    let mut buffer = StackText::default();
    match value.write_text(&mut buffer) {
        Ok(()) => use_text(buffer.as_str()),
        Err(_) => use_text(&value.format()),
    }
}

/// A well-formed value that the typed accessor's type cannot hold, such as
/// `9999-12-31T23:59:59.9999999Z` (after jiff's last instant) or a 30-digit decimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfRange {
    text: Box<str>,
    target: &'static str,
}

impl OutOfRange {
    /// The value's text, as read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is well-formed but does not fit in {}", self.text, self.target)
    }
}

impl std::error::Error for OutOfRange {}

impl<T> Lexical<T> {
    pub fn new(value: T) -> Self {
        Lexical { value: Some(value), text: None }
    }

    /// The value, or `None` when it is well-formed but outside what `T` can hold
    /// (the text is then kept: see [`original_text`](Lexical::original_text)).
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The value, or an error naming the text that `T` cannot hold.
    pub fn try_get(&self) -> Result<&T, OutOfRange> {
        self.value.as_ref().ok_or_else(|| OutOfRange { text: self.text.clone().unwrap_or_default(), target: std::any::type_name::<T>() })
    }

    /// The value, or `None` when `T` cannot hold it.
    pub fn into_inner(self) -> Option<T> {
        self.value
    }

    /// The text as read, when it differs from the canonical form or `T` cannot hold it.
    pub fn original_text(&self) -> Option<&str> {
        self.text.as_deref()
    }
}

impl<T> From<T> for Lexical<T> {
    fn from(value: T) -> Self {
        Lexical::new(value)
    }
}

impl<T: PartialEq> PartialEq for Lexical<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.value, &other.value) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.text == other.text,
            _ => false,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Lexical<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.value, &self.text) {
            (Some(value), _) => value.fmt(f),
            (None, text) => f.debug_tuple("OutOfRange").field(&text.as_deref().unwrap_or_default()).finish(),
        }
    }
}

impl<T: TextForm> fmt::Display for Lexical<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.text, &self.value) {
            (Some(text), _) => f.write_str(text),
            (None, Some(value)) => value.write_text(f),
            (None, None) => Ok(()),
        }
    }
}

impl<T: TextForm> std::str::FromStr for Lexical<T> {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match T::parse(text) {
            Ok(Some(value)) => {
                let text = (!formats_as(&value, text)).then(|| text.into());
                Ok(Lexical { value: Some(value), text })
            }
            Ok(None) => Ok(Lexical { value: None, text: Some(text.into()) }),
            Err(NotWellFormed) => Err(format!("`{text}` is not {}", T::EXPECTING)),
        }
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
        match (&self.text, &self.value) {
            (Some(text), _) => serializer.serialize_str(text),
            // Formatted on the stack and written in one piece (no heap string for the usual
            // short forms; `collect_str` would escape each small piece separately).
            (None, Some(value)) => value.with_text(|text| serializer.serialize_str(text)),
            (None, None) => serializer.serialize_str(""),
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
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Recognisers for the text forms of OData's ABNF (OData 4.01, "ABNF construction rules"),
/// written by hand. Each takes the text still to read and returns what follows the part it
/// recognised, or `None`. Literal letters (`T`, `Z`, `P`, ...) are case-insensitive, as in
/// any ABNF.
mod abnf {
    /// `n` ASCII digits, as a number.
    fn digits(text: &[u8], n: usize) -> Option<(u32, &[u8])> {
        let (head, rest) = text.split_at_checked(n)?;
        let mut value = 0u32;
        for &b in head {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        Some((value, rest))
    }

    /// One or more digits (at most `max`, if given).
    fn some_digits(text: &[u8], max: Option<usize>) -> Option<&[u8]> {
        let count = text.iter().take_while(|b| b.is_ascii_digit()).count();
        (count > 0 && max.is_none_or(|max| count <= max)).then(|| &text[count..])
    }

    fn byte(text: &[u8], expected: u8) -> Option<&[u8]> {
        match text.split_first() {
            Some((&b, rest)) if b.eq_ignore_ascii_case(&expected) => Some(rest),
            _ => None,
        }
    }

    fn two_digits_in(text: &[u8], range: std::ops::RangeInclusive<u32>) -> Option<(u32, &[u8])> {
        digits(text, 2).filter(|(value, _)| range.contains(value))
    }

    /// `year = [ "-" ] ( "0" 3DIGIT / oneToNine 3*DIGIT )`, returning the year modulo 400
    /// (all the calendar needs) and whether it is negative.
    fn year(text: &[u8]) -> Option<(u32, &[u8])> {
        let (negative, text) = match text.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, text),
        };
        let count = text.iter().take_while(|b| b.is_ascii_digit()).count();
        if count < 4 || (count > 4 && text[0] == b'0') {
            return None;
        }
        let modulo = text[..count].iter().fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 400);
        let modulo = if negative { (400 - modulo) % 400 } else { modulo };
        Some((modulo, &text[count..]))
    }

    /// `dateValue = year "-" month "-" day`, with a day the month has.
    pub fn date(text: &[u8]) -> Option<&[u8]> {
        let (year, text) = year(text)?;
        let (month, text) = two_digits_in(byte(text, b'-')?, 1..=12)?;
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let (_, text) = two_digits_in(byte(text, b'-')?, 1..=days)?;
        Some(text)
    }

    /// `timeOfDayValue = hour ":" minute [ ":" second [ "." fractionalSeconds ] ]`.
    pub fn time_of_day(text: &[u8]) -> Option<&[u8]> {
        let (_, text) = two_digits_in(text, 0..=23)?;
        let (_, text) = two_digits_in(byte(text, b':')?, 0..=59)?;
        let Some(text) = byte(text, b':') else { return Some(text) };
        let (_, text) = two_digits_in(text, 0..=60)?;
        match byte(text, b'.') {
            Some(fraction) => some_digits(fraction, Some(12)),
            None => Some(text),
        }
    }

    /// `dateTimeOffsetValue = dateValue "T" timeOfDayValue ( "Z" / SIGN hour ":" minute )`.
    pub fn date_time_offset(text: &[u8]) -> Option<&[u8]> {
        let text = time_of_day(byte(date(text)?, b'T')?)?;
        if let Some(rest) = byte(text, b'Z') {
            return Some(rest);
        }
        let text = byte(text, b'+').or_else(|| byte(text, b'-'))?;
        let (_, text) = two_digits_in(text, 0..=23)?;
        let (_, text) = two_digits_in(byte(text, b':')?, 0..=59)?;
        Some(text)
    }

    /// `durationValue = [ SIGN ] "P" [ 1*DIGIT "D" ] [ "T" [ 1*DIGIT "H" ] [ 1*DIGIT "M" ]
    /// [ 1*DIGIT [ "." 1*DIGIT ] "S" ] ]`, with at least one part, and after the `T` at least
    /// one, as in XML Schema's `dayTimeDuration`. Years, months and weeks (`P1Y2M`, `P3W`),
    /// which XML Schema's `duration` allows, are accepted before the days too.
    pub fn duration(text: &[u8]) -> Option<&[u8]> {
        let text = byte(text, b'+').or_else(|| byte(text, b'-')).unwrap_or(text);
        let mut text = byte(text, b'P')?;
        let mut parts = 0;
        for unit in [b'Y', b'M', b'W', b'D'] {
            if let Some(rest) = some_digits(text, None).and_then(|rest| byte(rest, unit)) {
                text = rest;
                parts += 1;
            }
        }
        if let Some(rest) = byte(text, b'T') {
            text = rest;
            let mut time_parts = 0;
            for unit in [b'H', b'M'] {
                if let Some(rest) = some_digits(text, None).and_then(|rest| byte(rest, unit)) {
                    text = rest;
                    time_parts += 1;
                }
            }
            if let Some(rest) = some_digits(text, None) {
                let rest = byte(rest, b'.').map_or(Some(rest), |fraction| some_digits(fraction, None))?;
                text = byte(rest, b'S')?;
                time_parts += 1;
            }
            if time_parts == 0 {
                return None;
            }
            parts += time_parts;
        }
        (parts > 0).then_some(text)
    }

    /// `decimalValue = [ SIGN ] 1*DIGIT [ "." 1*DIGIT ] [ "e" [ SIGN ] 1*DIGIT ] / nanInfinity`.
    pub fn decimal(text: &[u8]) -> Option<&[u8]> {
        if let Some(rest) = [&b"NaN"[..], b"-INF", b"INF"].iter().find_map(|word| text.strip_prefix(*word)) {
            return Some(rest);
        }
        let text = byte(text, b'+').or_else(|| byte(text, b'-')).unwrap_or(text);
        let mut text = some_digits(text, None)?;
        if let Some(fraction) = byte(text, b'.') {
            text = some_digits(fraction, None)?;
        }
        if let Some(exponent) = byte(text, b'e') {
            let exponent = byte(exponent, b'+').or_else(|| byte(exponent, b'-')).unwrap_or(exponent);
            text = some_digits(exponent, None)?;
        }
        Some(text)
    }

    /// Whether `rule` recognises the whole of `text`.
    pub fn whole(rule: fn(&[u8]) -> Option<&[u8]>, text: &str) -> bool {
        rule(text.as_bytes()).is_some_and(<[u8]>::is_empty)
    }
}

/// Reads text that `rule` recognises with `parse`; text it parses that the rule rejects is
/// still not well-formed.
fn parse_checked<T>(
    text: &str,
    rule: fn(&[u8]) -> Option<&[u8]>,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, NotWellFormed> {
    if abnf::whole(rule, text) { Ok(parse(text)) } else { Err(NotWellFormed) }
}

impl TextForm for jiff::Timestamp {
    const EXPECTING: &'static str = "an RFC 3339 date-time such as 2021-07-13T08:00:00.1234567Z";
    fn parse(text: &str) -> Result<Option<Self>, NotWellFormed> {
        match parse_plain_utc(text) {
            Some(instant) => Ok(Some(instant)),
            None => parse_checked(text, abnf::date_time_offset, |text| text.parse().ok()),
        }
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        self.with_text(|text| out.write_str(text))
    }
    /// As jiff writes it (`2021-07-13T08:15:30.1234567Z`: UTC, the fraction without trailing
    /// zeros), by hand for the years 0000 to 9999: dates are the values payloads hold most,
    /// and jiff's general printer costs several times more. Other years go to jiff.
    fn with_text<R>(&self, use_text: impl FnOnce(&str) -> R) -> R {
        let time = jiff::tz::Offset::UTC.to_datetime(*self);
        let year = time.year();
        if !(0..=9999).contains(&year) {
            return use_text(&self.to_string());
        }
        let mut text = *b"0000-00-00T00:00:00.000000000Z";
        // Two digits at a time, from a table of "00" to "99".
        let mut put = |at: usize, value: u32| {
            let pair = value as usize % 100 * 2;
            text[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        };
        // Every field is within range here, so the casts lose nothing.
        let year = year as u32;
        put(0, year / 100);
        put(2, year);
        put(5, time.month() as u32);
        put(8, time.day() as u32);
        put(11, time.hour() as u32);
        put(14, time.minute() as u32);
        put(17, time.second() as u32);
        let nanoseconds = time.subsec_nanosecond() as u32;
        let end = if nanoseconds == 0 {
            19
        } else {
            put(20, nanoseconds / 10_000_000);
            put(22, nanoseconds / 100_000);
            put(24, nanoseconds / 1_000);
            put(26, nanoseconds / 10);
            text[28] = b'0' + (nanoseconds % 10) as u8;
            20 + 9 - trailing_decimal_zeros(nanoseconds)
        };
        text[end] = b'Z';
        // Only ASCII digits and separators were written, so this never falls back.
        match std::str::from_utf8(&text[..=end]) {
            Ok(text) => use_text(text),
            Err(_) => use_text(&self.to_string()),
        }
    }
}

/// The instant of the form nearly every payload's date-times take, read by hand:
/// `YYYY-MM-DDTHH:MM:SSZ`, with a fraction of 1 to 9 digits or none, every field in its
/// ordinary range and the day real. The ABNF admits all such texts and jiff reads them as
/// this same instant; `None` for anything else (another offset, a leap second, a tenth
/// fractional digit, an instant beyond jiff's range), which the general path reads.
fn parse_plain_utc(text: &str) -> Option<jiff::Timestamp> {
    let bytes = text.as_bytes();
    let (&b'Z', body) = bytes.split_last()? else { return None };
    let (clock, fraction) = match body.len() {
        19 => (body, &b""[..]),
        21..=29 if body[19] == b'.' => (&body[..19], &body[20..]),
        _ => return None,
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, separator)| clock[at] != separator) {
        return None;
    }
    let number = |digits: &[u8]| -> Option<i32> {
        digits.iter().try_fold(0i32, |value, &digit| digit.is_ascii_digit().then(|| value * 10 + i32::from(digit - b'0')))
    };
    let field = |at: usize, len: usize| number(&clock[at..at + len]);
    let (year, month, day) = (field(0, 4)?, field(5, 2)?, field(8, 2)?);
    let (hour, minute, second) = (field(11, 2)?, field(14, 2)?, field(17, 2)?);
    // The fraction's digits, then zeros up to nine: nanoseconds.
    let nanoseconds = number(fraction)? * 10i32.pow(9 - fraction.len() as u32);
    // Every field fits its type here (four digits, two, nine); `new` refuses a field out of
    // its range (hour 24, second 60, month 13) and a day the month does not have.
    let date_time =
        jiff::civil::DateTime::new(year as i16, month as i8, day as i8, hour as i8, minute as i8, second as i8, nanoseconds).ok()?;
    jiff::tz::Offset::UTC.to_timestamp(date_time).ok()
}

/// "00", "01", … "99": the two digits of each number below 100.
const DIGIT_PAIRS: [u8; 200] = {
    let mut pairs = [0; 200];
    let mut number = 0;
    while number < 100 {
        pairs[number * 2] = b'0' + (number / 10) as u8;
        pairs[number * 2 + 1] = b'0' + (number % 10) as u8;
        number += 1;
    }
    pairs
};

/// How many of the last decimal digits of `number` (not 0) are zeros.
fn trailing_decimal_zeros(mut number: u32) -> usize {
    let mut zeros = 0;
    while number != 0 && number.is_multiple_of(10) {
        number /= 10;
        zeros += 1;
    }
    zeros
}

impl TextForm for jiff::civil::Date {
    const EXPECTING: &'static str = "a date such as 2021-07-13";
    fn parse(text: &str) -> Result<Option<Self>, NotWellFormed> {
        parse_checked(text, abnf::date, |text| text.parse().ok())
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{self}")
    }
}

impl TextForm for jiff::civil::Time {
    const EXPECTING: &'static str = "a time of day such as 13:45:00.0000000";
    fn parse(text: &str) -> Result<Option<Self>, NotWellFormed> {
        parse_checked(text, abnf::time_of_day, |text| text.parse().ok())
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
    fn parse(text: &str) -> Result<Option<Self>, NotWellFormed> {
        parse_checked(text, abnf::duration, |text| text.parse().ok().map(IsoDuration))
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{}", self.0)
    }
}

impl TextForm for uuid::Uuid {
    const EXPECTING: &'static str = "a GUID such as 8fcb5dbc-d5aa-4681-8e31-b001d5168d79";
    fn parse(text: &str) -> Result<Option<Self>, NotWellFormed> {
        uuid::Uuid::try_parse(text).map(Some).map_err(|_| NotWellFormed)
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
    fn parse(text: &str) -> Result<Option<Self>, NotWellFormed> {
        use base64::Engine as _;
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(text).ok())
            .map(|bytes| Some(Bytes(bytes)))
            .ok_or(NotWellFormed)
    }
    fn write_text(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        use base64::Engine as _;
        out.write_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

/// The name under which serde_json passes a value's raw JSON text (`RawValue`): a
/// deserializer asked for a newtype struct of this name hands over the text as read, and a
/// serializer asked for a struct of this name writes its one field verbatim. Other
/// deserializers ignore the name (see [`Decimal`] for how they are read).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Writes `text`, a JSON number, as it is (through serde_json's `RawValue` protocol).
fn serialize_raw_number<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut raw = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
    raw.serialize_field(RAW_VALUE_TOKEN, text)?;
    raw.end()
}

/// A number that the service may send as a JSON number or, under `IEEE754Compatible=true`
/// (and for `NaN`, `INF`, `-INF`), as a string. Written back in the form it was read in:
/// - an integer literal as that integer (a `Double` read as `1` is written `1`);
/// - a string with the same text (`"1e5"`, `"-0"`, `"INF"`, `"1e999"`);
/// - any other JSON number as the shortest text that reads back as the same value
///   (`1.50` is written `1.5`, `1e5` as `100000.0`).
///
/// A value built in code ([`Numeric::new`]) is written canonically: as a JSON number, or
/// for NaN and the infinities as `"NaN"`, `"INF"`, `"-INF"`. Equality compares values.
#[derive(Clone, Default)]
pub struct Numeric<T> {
    value: T,
    form: NumberForm,
}

/// How a [`Numeric`] is written.
#[derive(Clone, Default, PartialEq)]
enum NumberForm {
    /// Built in code, or read as a JSON number that this form writes back: as `T` writes itself.
    #[default]
    Canonical,
    /// A float read as an integer literal, written as that integer.
    Integer,
    /// Read as a string spelling the value canonically.
    Quoted,
    /// Read in a form no other variant reproduces, kept as its text.
    Text { text: Box<str>, quoted: bool },
}

impl<T: NumericForm> Numeric<T> {
    pub fn new(value: T) -> Self {
        Numeric { value, form: NumberForm::Canonical }
    }

    /// The value. A string beyond the type's range reads as an infinity (`"1e999"`).
    pub fn get(&self) -> T {
        self.value
    }

    /// Whether it was read as (and will be written as) a string.
    pub fn is_quoted(&self) -> bool {
        match &self.form {
            NumberForm::Quoted => true,
            NumberForm::Text { quoted, .. } => *quoted,
            NumberForm::Canonical | NumberForm::Integer => self.value.needs_quotes(),
        }
    }

    /// The text as read, when it is kept because no canonical form reproduces it
    /// (`"1e5"`, `"-0"` for an `Int64`, an integer beyond 2^53 read as a `Double`).
    pub fn original_text(&self) -> Option<&str> {
        match &self.form {
            NumberForm::Text { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Reads an integer literal.
    fn from_integer(n: i128) -> Option<Self> {
        let value = T::from_integer(n)?;
        let form = match (T::IS_FLOAT, value.as_integer() == Some(n)) {
            (false, _) => NumberForm::Canonical,
            (true, true) => NumberForm::Integer,
            (true, false) => NumberForm::Text { text: n.to_string().into(), quoted: false },
        };
        Some(Numeric { value, form })
    }

    /// Reads a JSON number with a fraction or an exponent.
    fn from_float(v: f64) -> Option<Self> {
        let value = T::from_f64(v)?;
        let held = value.to_f64();
        // A value the type cannot hold (beyond `f32`) keeps its text rather than turn into
        // an infinity or zero, which would be written differently.
        let form = if held.is_finite() == v.is_finite() && (held == 0.0) == (v == 0.0) {
            NumberForm::Canonical
        } else {
            NumberForm::Text { text: shortest_text(v).into(), quoted: false }
        };
        Some(Numeric { value, form })
    }

    /// Reads a string.
    fn from_text(text: &str) -> Option<Self> {
        let value = T::parse_text(text)?;
        let form = if value.format_text() == text { NumberForm::Quoted } else { NumberForm::Text { text: text.into(), quoted: true } };
        Some(Numeric { value, form })
    }
}

/// The shortest text that reads back as `v`: serde_json's own (`1.5`, `100000.0`), with an
/// exponent written without `+` (`1.5e300`, as JSON writers usually do, not `1.5e+300`).
fn shortest_text<T: NumericForm>(v: T) -> String {
    let text = serde_json::to_string(&v).unwrap_or_else(|_| v.to_string());
    if text.contains("e+") { text.replace("e+", "e") } else { text }
}

/// Whether two JSON numbers are the same in the form this runtime keeps: both integer
/// literals with the same value, or both floats (a fraction or an exponent) with the same
/// `f64` value and sign (`-0.0` is not `0.0`). An integer never equals a float: `1` is not
/// `1.0`. Floats the runtime normalises to their shortest form are equal to what was read
/// (`1.50` and `1.5`, `1e5` and `100000.0`), as are numbers `serde_json::Value` can only
/// hold as an `f64` (a 30-digit decimal, read and written back).
pub fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    match (a.is_f64(), b.is_f64()) {
        (false, false) => a == b,
        (true, true) => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y && x.is_sign_negative() == y.is_sign_negative(),
            _ => false,
        },
        _ => false,
    }
}

impl<T: NumericForm> From<T> for Numeric<T> {
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
pub trait NumericForm: Copy + PartialEq + fmt::Display + Serialize {
    const EXPECTING: &'static str;
    /// Whether the type is a binary float (whose integer literals need remembering).
    const IS_FLOAT: bool;
    /// Values JSON cannot hold as a number (`NaN`, infinities) are always strings.
    fn needs_quotes(self) -> bool {
        false
    }
    /// The value of a string; `None` when it is not a number of this type.
    fn parse_text(text: &str) -> Option<Self>;
    /// The string written for the value: its canonical text.
    fn format_text(self) -> String {
        self.to_string()
    }
    /// The value of an integer literal, `None` when the type cannot hold it.
    fn from_integer(n: i128) -> Option<Self>;
    /// The value of a JSON number with a fraction or exponent; `None` when the type takes none.
    fn from_f64(v: f64) -> Option<Self>;
    fn to_f64(self) -> f64;
    /// The value as an integer, when it is one.
    fn as_integer(self) -> Option<i128>;
}

impl NumericForm for i64 {
    const EXPECTING: &'static str = "an integer, as a number or a string";
    const IS_FLOAT: bool = false;
    fn parse_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
    fn from_integer(n: i128) -> Option<Self> {
        i64::try_from(n).ok()
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn as_integer(self) -> Option<i128> {
        Some(self.into())
    }
}

macro_rules! float_form {
    ($float:ty) => {
        impl NumericForm for $float {
            const EXPECTING: &'static str = "a number, or NaN, INF or -INF as a string";
            const IS_FLOAT: bool = true;
            fn needs_quotes(self) -> bool {
                !self.is_finite()
            }
            fn parse_text(text: &str) -> Option<Self> {
                match text.trim() {
                    "NaN" => Some(<$float>::NAN),
                    "INF" | "Infinity" => Some(<$float>::INFINITY),
                    "-INF" | "-Infinity" => Some(<$float>::NEG_INFINITY),
                    other if other.bytes().any(|b| b.is_ascii_digit()) => other.parse().ok(),
                    _ => None,
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
            fn from_integer(n: i128) -> Option<Self> {
                Some(n as $float)
            }
            fn from_f64(v: f64) -> Option<Self> {
                Some(v as $float)
            }
            fn to_f64(self) -> f64 {
                self.into()
            }
            fn as_integer(self) -> Option<i128> {
                // Exactly, or not at all: `as` saturates, so the round trip is checked.
                let n = self as i128;
                (self.is_finite() && self.fract() == 0.0 && n as $float == self).then_some(n)
            }
        }
    };
}
float_form!(f64);
float_form!(f32);

impl<T: NumericForm> Serialize for Numeric<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.form {
            NumberForm::Text { text, quoted: true } => serializer.serialize_str(text),
            NumberForm::Text { text, quoted: false } => serialize_raw_number(text, serializer),
            NumberForm::Quoted => serializer.serialize_str(&self.value.format_text()),
            _ if self.value.needs_quotes() => serializer.serialize_str(&self.value.format_text()),
            NumberForm::Integer => match self.value.as_integer() {
                Some(n) => match i64::try_from(n) {
                    Ok(n) => serializer.serialize_i64(n),
                    Err(_) => serializer.serialize_u128(n as u128),
                },
                None => self.value.serialize(serializer),
            },
            // Only large floats are written with an exponent, which serde_json spells `e+`.
            NumberForm::Canonical if T::IS_FLOAT && self.value.to_f64().abs() >= 1e15 => {
                serialize_raw_number(&shortest_text(self.value), serializer)
            }
            NumberForm::Canonical => self.value.serialize(serializer),
        }
    }
}

impl<'de, T: NumericForm> Deserialize<'de> for Numeric<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: NumericForm> Visitor<'de> for NumberVisitor<T> {
            type Value = Numeric<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(T::EXPECTING)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Numeric::from_integer(v.into()).ok_or_else(|| E::custom(format!("`{v}` is not {}", T::EXPECTING)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Numeric::from_integer(v.into()).ok_or_else(|| E::custom(format!("`{v}` is out of range: expected {}", T::EXPECTING)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Numeric::from_float(v).ok_or_else(|| E::custom(format!("`{}` is not {}", shortest_text(v), T::EXPECTING)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Numeric::from_text(v).ok_or_else(|| E::custom(format!("`{v}` is not {}", T::EXPECTING)))
            }
        }
        deserializer.deserialize_any(NumberVisitor(std::marker::PhantomData))
    }
}

/// `Edm.Decimal`: a decimal number kept as the exact text it was read as, bare (a JSON
/// number) or quoted (a string, under `IEEE754Compatible=true`), and written back so: a
/// 30-digit decimal keeps all 30 digits. [`get`](Decimal::get) converts it to a
/// [`rust_decimal::Decimal`] when that holds it exactly (28 digits after the point, 96 bits
/// in all), and [`to_f64`](Decimal::to_f64) to the nearest `f64`.
///
/// The exact text comes from serde_json's deserializers (text, bytes, readers,
/// `serde_json::Value`). Another deserializer gives the number already parsed: an integer
/// keeps its digits, a float becomes its shortest text. Equality compares values where
/// `rust_decimal` holds them (`1.50` equals `1.5`), and texts otherwise.
#[derive(Clone)]
pub struct Decimal {
    text: Box<str>,
    quoted: bool,
}

impl Decimal {
    /// The number's text (without quotes), as read, or as built.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether it was read as (and will be written as) a string.
    pub fn is_quoted(&self) -> bool {
        self.quoted
    }

    /// The value, when [`rust_decimal::Decimal`] holds it exactly.
    pub fn get(&self) -> Option<rust_decimal::Decimal> {
        exact_decimal(&self.text)
    }

    /// The value, or an error naming the text that [`rust_decimal::Decimal`] cannot hold.
    pub fn try_get(&self) -> Result<rust_decimal::Decimal, OutOfRange> {
        self.get().ok_or_else(|| OutOfRange { text: self.text.clone(), target: "rust_decimal::Decimal" })
    }

    /// The nearest `f64` (an infinity beyond its range; `NaN`, `INF`, `-INF` as such).
    pub fn to_f64(&self) -> f64 {
        <f64 as NumericForm>::parse_text(&self.text).unwrap_or(f64::NAN)
    }

    fn read(text: Cow<'_, str>, quoted: bool) -> Option<Decimal> {
        let bare_word = !quoted && matches!(&*text, "NaN" | "INF" | "-INF");
        (abnf::whole(abnf::decimal, &text) && !bare_word).then(|| Decimal { text: text.into_owned().into(), quoted })
    }
}

/// The exact value of decimal text, if `rust_decimal` holds it.
fn exact_decimal(text: &str) -> Option<rust_decimal::Decimal> {
    if !abnf::whole(abnf::decimal, text) || text.ends_with("INF") || text == "NaN" {
        return None;
    }
    let (negative, unsigned) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], unsigned[at + 1..].trim_start_matches('+')),
        None => (unsigned, "0"),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: String = whole.chars().chain(fraction.chars()).skip_while(|&c| c == '0').collect();
    if digits.is_empty() {
        return Some(rust_decimal::Decimal::ZERO);
    }
    // An exponent this long is beyond any decimal (the mantissa is not zero).
    let exponent: i64 = exponent.parse().ok().filter(|e: &i64| e.abs() < 1000)?;
    let mut scale = fraction.len() as i64 - exponent;
    if scale < 0 {
        if digits.len() as i64 - scale > 29 {
            return None;
        }
        digits.extend(std::iter::repeat_n('0', (-scale) as usize));
        scale = 0;
    }
    while scale > 28 && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    if scale > 28 {
        return None;
    }
    let scale = scale as usize;
    let mut plain = String::with_capacity(digits.len() + scale + 3);
    if negative {
        plain.push('-');
    }
    if digits.len() > scale {
        plain.push_str(&digits[..digits.len() - scale]);
    } else {
        plain.push('0');
    }
    if scale > 0 {
        plain.push('.');
        plain.extend(std::iter::repeat_n('0', scale.saturating_sub(digits.len())));
        plain.push_str(&digits[digits.len().saturating_sub(scale)..]);
    }
    rust_decimal::Decimal::from_str_exact(&plain).ok()
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Decimal { text: value.to_string().into(), quoted: false }
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Decimal { text: value.to_string().into(), quoted: false }
    }
}

/// The shortest text that reads back as `value`; NaN and the infinities as strings.
impl From<f64> for Decimal {
    fn from(value: f64) -> Self {
        if value.is_finite() {
            Decimal { text: shortest_text(value).into(), quoted: false }
        } else {
            Decimal { text: <f64 as NumericForm>::format_text(value).into(), quoted: true }
        }
    }
}

impl std::str::FromStr for Decimal {
    type Err = String;
    /// Decimal text (`1.5`, `-2e10`, `NaN`), to be written as a JSON number where JSON has one.
    fn from_str(text: &str) -> Result<Self, String> {
        let quoted = matches!(text, "NaN" | "INF" | "-INF");
        Decimal::read(Cow::Borrowed(text), quoted).ok_or_else(|| format!("`{text}` is not {}", DECIMAL_EXPECTING))
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        match (self.get(), other.get()) {
            (Some(a), Some(b)) => a == b,
            _ => self.text == other.text,
        }
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Default for Decimal {
    fn default() -> Self {
        Decimal { text: "0".into(), quoted: false }
    }
}

const DECIMAL_EXPECTING: &str = "a decimal number, as a number or a string";

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.quoted { serializer.serialize_str(&self.text) } else { serialize_raw_number(&self.text, serializer) }
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DecimalVisitor;
        impl<'de> Visitor<'de> for DecimalVisitor {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(DECIMAL_EXPECTING)
            }
            /// serde_json's deserializers hand over the raw text as a map of one entry.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
                match map.next_key_seed(TextSeed)? {
                    Some(key) if key == RAW_VALUE_TOKEN => {}
                    _ => return Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
                }
                let raw = map.next_value_seed(TextSeed)?;
                let invalid = || de::Error::custom(format!("`{raw}` is not {DECIMAL_EXPECTING}"));
                let decimal = if raw.starts_with('"') {
                    let text: Cow<str> = serde_json::from_str(&raw).map_err(|_| invalid())?;
                    Decimal::read(text, true)
                } else {
                    Decimal::read(Cow::Borrowed(&raw), false)
                };
                decimal.ok_or_else(invalid)
            }
            /// Other deserializers: the value as they give it.
            fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Decimal, D::Error> {
                deserializer.deserialize_any(self)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal { text: v.to_string().into(), quoted: false })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal { text: v.to_string().into(), quoted: false })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
                Ok(Decimal { text: shortest_text(v).into(), quoted: false })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
                Decimal::read(Cow::Borrowed(v), true).ok_or_else(|| E::custom(format!("`{v}` is not {DECIMAL_EXPECTING}")))
            }
        }
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, DecimalVisitor)
    }
}

/// A value as an OData URL literal (OData 4.01 ABNF, "primitiveLiteral"), percent-encoded
/// for a URL: how a function's parameters are written in its URL (`f(date=2021-07-13)`).
///
/// - `string`: quoted with `'`, a `'` inside doubled (`SQUOTE-in-string`), then every byte
///   but the unreserved ones (`A-Z a-z 0-9 - . _ ~`) percent-encoded (`'O''Neil%20Jr'`).
/// - `booleanValue`: `true`, `false`. `byteValue`, `sbyteValue`, `int16Value`, `int32Value`,
///   `int64Value`: the digits with their sign (`-5`).
/// - `decimalValue`, `doubleValue`, `singleValue`: the number (`1.5`, `1e300`), `NaN`, `INF`
///   or `-INF`; a `+` (an exponent's sign) as `%2B`, which the ABNF's `SIGN` allows.
/// - `dateValue`, `dateTimeOffsetValue`, `timeOfDayValue`, `guidValue`: bare, as read
///   (`2021-07-13T08:00:00%2B02:00`: `+` as `%2B`, `:` as is).
/// - `duration`: `duration'P1D'`; `binary`: `binary'` and base64url without padding `'`.
/// - `enum`: qualified, members comma-separated (`microsoft.graph.color'red,blue'`): see
///   [`EnumLiteral`].
/// - `null` (a [`Field`](super::Field) holding `null`), and collections and structured
///   values as JSON (`primitiveColInUri`, `complexInUri`), percent-encoded.
pub trait UrlLiteral {
    /// Appends the literal to `out`.
    fn write_url_literal(&self, out: &mut String);

    /// The literal.
    fn url_literal(&self) -> String {
        let mut out = String::new();
        self.write_url_literal(&mut out);
        out
    }
}

/// Appends `text` percent-encoded: every byte but the unreserved ones of RFC 3986 and those
/// in `keep`.
pub fn percent_encode(text: &str, keep: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// Characters a bare literal keeps as they are: `:` in times, `'` as a literal's quotes.
const LITERAL_KEEPS: &[u8] = b":'";

/// `string = SQUOTE *( SQUOTE-in-string / pchar-no-SQUOTE ) SQUOTE`.
impl UrlLiteral for str {
    fn write_url_literal(&self, out: &mut String) {
        out.push('\'');
        percent_encode(&self.replace('\'', "''"), b"'", out);
        out.push('\'');
    }
}

impl UrlLiteral for String {
    fn write_url_literal(&self, out: &mut String) {
        self.as_str().write_url_literal(out);
    }
}

/// `booleanValue = "true" / "false"`.
impl UrlLiteral for bool {
    fn write_url_literal(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

/// `byteValue`, `sbyteValue`, `int16Value`, `int32Value`.
macro_rules! integer_literal {
    ($($integer:ty),*) => {$(
        impl UrlLiteral for $integer {
            fn write_url_literal(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        }
    )*};
}
integer_literal!(u8, i8, i16, i32);

/// `int64Value`; `doubleValue` and `singleValue` (`NaN`, `INF`, `-INF` for the values JSON
/// has no number for).
impl<T: NumericForm> UrlLiteral for Numeric<T> {
    fn write_url_literal(&self, out: &mut String) {
        let text = if self.value.needs_quotes() || !T::IS_FLOAT { self.value.format_text() } else { shortest_text(self.value) };
        percent_encode(&text, LITERAL_KEEPS, out);
    }
}

/// `decimalValue`, as read (every digit kept).
impl UrlLiteral for Decimal {
    fn write_url_literal(&self, out: &mut String) {
        percent_encode(&self.text, LITERAL_KEEPS, out);
    }
}

/// How a [`Lexical`] value is written in a URL: bare (`dateValue`, `guidValue`, ...), or
/// with its type's prefix and quotes (`duration'P1D'`, `binary'AQI'`).
pub trait UrlForm: TextForm {
    /// The literal's prefix (`duration`), or `None` for a bare one.
    const PREFIX: Option<&'static str> = None;

    /// The text between the quotes, or the bare literal, before percent-encoding.
    fn url_text(value: &Lexical<Self>) -> String {
        value.to_string()
    }
}

/// `dateTimeOffsetValue`.
impl UrlForm for jiff::Timestamp {}
/// `dateValue`.
impl UrlForm for jiff::civil::Date {}
/// `timeOfDayValue`.
impl UrlForm for jiff::civil::Time {}
/// `guidValue`.
impl UrlForm for uuid::Uuid {}

/// `duration = [ "duration" ] SQUOTE durationValue SQUOTE`.
impl UrlForm for IsoDuration {
    const PREFIX: Option<&'static str> = Some("duration");
}

/// `binary = "binary" SQUOTE binaryValue SQUOTE`: base64url, without padding.
impl UrlForm for Bytes {
    const PREFIX: Option<&'static str> = Some("binary");

    fn url_text(value: &Lexical<Self>) -> String {
        use base64::Engine as _;
        match value.get() {
            Some(bytes) => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes.0),
            None => value.to_string(),
        }
    }
}

impl<T: UrlForm> UrlLiteral for Lexical<T> {
    fn write_url_literal(&self, out: &mut String) {
        let text = T::url_text(self);
        match T::PREFIX {
            Some(prefix) => {
                out.push_str(prefix);
                out.push('\'');
                percent_encode(&text, LITERAL_KEEPS, out);
                out.push('\'');
            }
            None => percent_encode(&text, LITERAL_KEEPS, out),
        }
    }
}

/// `enum = qualifiedEnumTypeName SQUOTE enumValue SQUOTE`, `enumValue = singleEnumValue
/// *( COMMA singleEnumValue )`: a member of an enumeration, or the members of a flags value,
/// with the enumeration's qualified name.
#[derive(Debug, Clone, Copy)]
pub struct EnumLiteral<'a> {
    /// The enumeration's qualified name, such as `microsoft.graph.color`.
    pub type_name: &'a str,
    pub members: &'a [&'a str],
}

impl UrlLiteral for EnumLiteral<'_> {
    fn write_url_literal(&self, out: &mut String) {
        percent_encode(self.type_name, b"", out);
        out.push('\'');
        for (index, member) in self.members.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            percent_encode(member, b"", out);
        }
        out.push('\'');
    }
}

/// Collections and structured values (`primitiveColInUri`, `complexInUri`, and any JSON):
/// their JSON text, percent-encoded.
impl UrlLiteral for serde_json::Value {
    fn write_url_literal(&self, out: &mut String) {
        percent_encode(&self.to_string(), b":,", out);
    }
}
