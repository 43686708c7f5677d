//! Writing JSON: [`to_vec`] and [`to_string`] write, for any `Serialize` value, the bytes
//! that `serde_json::to_vec` and `serde_json::to_string` write, in fewer instructions.
//!
//! Almost all the work of writing a payload is its strings, keys and values: serde_json
//! checks every byte of them for a character to escape. This writer checks eight bytes at a
//! time and copies each run between escapes at once. Numbers are written by serde_json
//! itself, so they match whatever version of it the crate is built with; the raw JSON text
//! of [`RawValue`](super::RawValue)s (the unknown properties objects keep) is written as
//! serde_json writes it, unchanged.

use serde::ser::{self, Impossible, Serialize};
use std::fmt::Display;

/// serde_json's error, so that these functions stand in for its own.
pub type Error = serde_json::Error;

/// `value` as compact JSON: the bytes of `serde_json::to_vec(value)`.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(128);
    value.serialize(JsonWriter { out: &mut out })?;
    Ok(out)
}

/// `value` as compact JSON: the text of `serde_json::to_string(value)`.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    String::from_utf8(to_vec(value)?).map_err(ser::Error::custom)
}

/// serde_json's name for the one-field struct a `RawValue` serializes as.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Each byte of a word with its high bit set where that byte of `word` is a byte JSON
/// escapes: a control character, `"` or `\`. A set bit above the lowest one may be spurious
/// (a borrow carries into the next byte), so only the lowest one is read.
#[inline]
fn escape_bits(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Flipping bit 1 turns `"` (0x22) into 0x20 and keeps control characters below 0x20,
    // so one comparison, below 0x21, finds both. The high bit of `!word` keeps only the
    // bytes below 0x80 (no byte of a multi-byte character is escaped).
    let control_or_quote = (word ^ (ONES * 0x02)).wrapping_sub(ONES * 0x21);
    let backslash = (word ^ (ONES * b'\\' as u64)).wrapping_sub(ONES);
    (control_or_quote | backslash) & !word & HIGHS
}

/// Whether JSON escapes `byte`.
#[inline]
fn is_escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Whether any byte of `bytes` is one JSON escapes, read a word at a time: the last word
/// overlaps the one before it, and fewer than eight bytes are gathered into one word.
#[inline(always)]
fn has_escape(bytes: &[u8]) -> bool {
    const PADDING: u64 = u64::from_le_bytes([b'a'; 8]);
    let len = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let half = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes")) as u64;
    match len {
        0 => false,
        1..4 => escape_bits(PADDING << 24 | (bytes[len - 1] as u64) << 16 | (bytes[len / 2] as u64) << 8 | bytes[0] as u64) != 0,
        4..8 => escape_bits(half(len - 4) << 32 | half(0)) != 0,
        8..=16 => escape_bits(word(0)) | escape_bits(word(len - 8)) != 0,
        _ => long_has_escape(bytes),
    }
}

/// [`has_escape`] for more than 16 bytes, kept out of line so that the short texts most
/// keys and values are need no loop.
#[inline(never)]
fn long_has_escape(bytes: &[u8]) -> bool {
    let (words, _) = bytes.as_chunks::<8>();
    let last = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().expect("eight bytes"));
    words.iter().any(|w| escape_bits(u64::from_le_bytes(*w)) != 0) || escape_bits(last) != 0
}

/// Writes `text` as a JSON string, escaped as serde_json escapes it.
#[inline]
fn write_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if has_escape(bytes) {
        write_escaped_str(out, bytes);
    } else {
        write_plain_str(out, bytes);
    }
}

/// Appends `"text"` for a text with nothing to escape: one capacity check, and short texts
/// copied with two overlapping fixed-size moves rather than a call to `memcpy`.
#[inline]
fn write_plain_str(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = bytes.len();
    out.reserve(len + 2);
    let quoted = &mut out.spare_capacity_mut()[..len + 2];
    quoted[0].write(b'"');
    let inside = &mut quoted[1..=len];
    match len {
        0 => {}
        1..4 => {
            // The first, middle and last bytes are all the bytes of one to three.
            inside[0].write(bytes[0]);
            inside[len / 2].write(bytes[len / 2]);
            inside[len - 1].write(bytes[len - 1]);
        }
        4..8 => {
            inside[..4].write_copy_of_slice(&bytes[..4]);
            inside[len - 4..].write_copy_of_slice(&bytes[len - 4..]);
        }
        8..=16 => {
            inside[..8].write_copy_of_slice(&bytes[..8]);
            inside[len - 8..].write_copy_of_slice(&bytes[len - 8..]);
        }
        17..=32 => {
            inside[..16].write_copy_of_slice(&bytes[..16]);
            inside[len - 16..].write_copy_of_slice(&bytes[len - 16..]);
        }
        _ => {
            inside.write_copy_of_slice(bytes);
        }
    }
    quoted[len + 1].write(b'"');
    let written = out.len() + len + 2;
    // SAFETY: the `len + 2` bytes after the vector's length, within its capacity (reserved
    // above), were all just written: the quotes, and every byte of `inside` by the copies.
    unsafe { out.set_len(written) };
}

/// Writes a string that has a byte to escape: each run between escapes is copied at once.
#[cold]
fn write_escaped_str(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run_start = 0;
    let mut at = 0;
    while at < bytes.len() {
        let escaped_at = match bytes.get(at..at + 8) {
            Some(chunk) => {
                let bits = escape_bits(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
                if bits == 0 {
                    at += 8;
                    continue;
                }
                at + (bits.trailing_zeros() / 8) as usize
            }
            None => {
                if !is_escaped(bytes[at]) {
                    at += 1;
                    continue;
                }
                at
            }
        };
        out.extend_from_slice(&bytes[run_start..escaped_at]);
        write_escape(out, bytes[escaped_at]);
        at = escaped_at + 1;
        run_start = at;
    }
    out.extend_from_slice(&bytes[run_start..]);
    out.push(b'"');
}

/// The escape of one byte that JSON escapes, in serde_json's spelling.
fn write_escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match byte {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\x08' => out.extend_from_slice(b"\\b"),
        b'\x0c' => out.extend_from_slice(b"\\f"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        _ => out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(byte >> 4) as usize], HEX[(byte & 0xf) as usize]]),
    }
}

/// Writes a number as serde_json writes it.
fn write_number<N: Serialize>(out: &mut Vec<u8>, number: N) -> Result<(), Error> {
    serde_json::to_writer(out, &number)
}

/// A number or `bool` as a map key: quoted, as serde_json writes it.
fn write_quoted_number<N: Serialize>(out: &mut Vec<u8>, number: N) -> Result<(), Error> {
    out.push(b'"');
    write_number(out, number)?;
    out.push(b'"');
    Ok(())
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

/// `Serializer` methods that each hand their value to `$write(out, value)`: one line per
/// scalar type instead of one method.
macro_rules! scalar_methods {
    ($write:ident: $($method:ident($type:ty)),*) => {
        $(
            fn $method(self, value: $type) -> Result<(), Error> {
                $write(self.out, value)
            }
        )*
    };
}

/// The `serde::Serializer` that writes JSON into a byte buffer.
struct JsonWriter<'a> {
    out: &'a mut Vec<u8>,
}

/// An array or object being written: whether an element has been, and what closes it.
struct Compound<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    close: &'static [u8],
}

impl<'a> Compound<'a> {
    fn open(out: &'a mut Vec<u8>, open: &[u8], close: &'static [u8]) -> Self {
        out.extend_from_slice(open);
        Compound { out, first: true, close }
    }

    #[inline]
    fn separate(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.separate();
        value.serialize(JsonWriter { out: self.out })
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.separate();
        write_str(self.out, key);
        self.out.push(b':');
        value.serialize(JsonWriter { out: self.out })
    }

    fn close(self) -> Result<(), Error> {
        for &byte in self.close {
            self.out.push(byte);
        }
        Ok(())
    }
}

/// Opens `{"variant":` before the variant's contents.
fn open_variant<'a>(out: &'a mut Vec<u8>, variant: &str) -> &'a mut Vec<u8> {
    out.push(b'{');
    write_str(out, variant);
    out.push(b':');
    out
}

impl<'a> ser::Serializer for JsonWriter<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = StructWriter<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        if value {
            self.out.extend_from_slice(b"true");
        } else {
            self.out.extend_from_slice(b"false");
        }
        Ok(())
    }
    scalar_methods!(
        write_number:
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_i128(i128), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_u128(u128), serialize_f32(f32), serialize_f64(f64)
    );
    fn serialize_char(self, value: char) -> Result<(), Error> {
        write_str(self.out, value.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, value: &str) -> Result<(), Error> {
        write_str(self.out, value);
        Ok(())
    }
    fn serialize_bytes(self, value: &[u8]) -> Result<(), Error> {
        let mut array = Compound::open(self.out, b"[", b"]");
        for byte in value {
            array.element(byte)?;
        }
        array.close()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let out = open_variant(self.out, variant);
        value.serialize(JsonWriter { out: &mut *out })?;
        out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b"[", b"]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(open_variant(self.out, variant), b"[", b"]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b"{", b"}"))
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<StructWriter<'a>, Error> {
        Ok(if name == RAW_VALUE_TOKEN {
            StructWriter::RawValue(self.out)
        } else {
            StructWriter::Object(Compound::open(self.out, b"{", b"}"))
        })
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(open_variant(self.out, variant), b"{", b"}}"))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(&mut self, key: &K, value: &V) -> Result<(), Error> {
        self.separate();
        key.serialize(KeyWriter { out: self.out })?;
        self.out.push(b':');
        value.serialize(JsonWriter { out: self.out })
    }
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.separate();
        key.serialize(KeyWriter { out: self.out })
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.out.push(b':');
        value.serialize(JsonWriter { out: self.out })
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// A struct being written: an object, or the raw text of a `RawValue`.
enum StructWriter<'a> {
    Object(Compound<'a>),
    RawValue(&'a mut Vec<u8>),
}

impl ser::SerializeStruct for StructWriter<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        match self {
            StructWriter::Object(object) => object.field(key, value),
            StructWriter::RawValue(out) => value.serialize(RawTextWriter { out }),
        }
    }
    fn end(self) -> Result<(), Error> {
        match self {
            StructWriter::Object(object) => object.close(),
            StructWriter::RawValue(_) => Ok(()),
        }
    }
}

/// The `Serializer` items of a writer that takes only a few kinds of value: bytes, `None`,
/// units, enum variants with data and every compound value are refused with `$refusal()`.
macro_rules! refuse_the_rest {
    ($refusal:ident) => {
        type Ok = ();
        type Error = Error;
        type SerializeSeq = Impossible<(), Error>;
        type SerializeTuple = Impossible<(), Error>;
        type SerializeTupleStruct = Impossible<(), Error>;
        type SerializeTupleVariant = Impossible<(), Error>;
        type SerializeMap = Impossible<(), Error>;
        type SerializeStruct = Impossible<(), Error>;
        type SerializeStructVariant = Impossible<(), Error>;
        fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
            Err($refusal())
        }
        fn serialize_none(self) -> Result<(), Error> {
            Err($refusal())
        }
        fn serialize_unit(self) -> Result<(), Error> {
            Err($refusal())
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
            Err($refusal())
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<(), Error> {
            Err($refusal())
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Impossible<(), Error>, Error> {
            Err($refusal())
        }
        fn serialize_tuple(self, _: usize) -> Result<Impossible<(), Error>, Error> {
            Err($refusal())
        }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Impossible<(), Error>, Error> {
            Err($refusal())
        }
        fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Impossible<(), Error>, Error> {
            Err($refusal())
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Impossible<(), Error>, Error> {
            Err($refusal())
        }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Impossible<(), Error>, Error> {
            Err($refusal())
        }
        fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Impossible<(), Error>, Error> {
            Err($refusal())
        }
    };
}

/// Writes a map key: a string, or a number, `bool` or `char` quoted, as serde_json does;
/// anything else is an error.
struct KeyWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl ser::Serializer for KeyWriter<'_> {
    scalar_methods!(
        write_quoted_number:
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_i128(i128), serialize_u8(u8), serialize_u16(u16),
        serialize_u32(u32), serialize_u64(u64), serialize_u128(u128)
    );
    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        if !value.is_finite() {
            return Err(ser::Error::custom("float key must be finite (got NaN or +/-inf)"));
        }
        write_quoted_number(self.out, value)
    }
    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        if !value.is_finite() {
            return Err(ser::Error::custom("float key must be finite (got NaN or +/-inf)"));
        }
        write_quoted_number(self.out, value)
    }
    fn serialize_char(self, value: char) -> Result<(), Error> {
        write_str(self.out, value.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, value: &str) -> Result<(), Error> {
        write_str(self.out, value);
        Ok(())
    }
    refuse_the_rest!(key_must_be_a_string);
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.serialize_str(&value.to_string())
    }
}

/// Writes the text a `RawValue` holds as it is: it is JSON already.
struct RawTextWriter<'a> {
    out: &'a mut Vec<u8>,
}

fn expected_raw_text() -> Error {
    ser::Error::custom("expected RawValue")
}

fn not_raw_text<T>(_out: &mut Vec<u8>, _value: T) -> Result<(), Error> {
    Err(expected_raw_text())
}

impl ser::Serializer for RawTextWriter<'_> {
    fn serialize_str(self, value: &str) -> Result<(), Error> {
        self.out.extend_from_slice(value.as_bytes());
        Ok(())
    }
    refuse_the_rest!(expected_raw_text);
    scalar_methods!(
        not_raw_text:
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_f32(f32), serialize_f64(f64), serialize_char(char)
    );
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        Err(expected_raw_text())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Error> {
        Err(expected_raw_text())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<(), Error> {
        Err(expected_raw_text())
    }
}
