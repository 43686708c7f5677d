//! The runtime's JSON writer (`runtime::json`) writes what `serde_json` writes, byte for byte:
//! every escape, at every position in the eight-byte words it checks at once, every kind of
//! serde value, map keys, and the raw text of unknown properties.

use graph_models::runtime::{RawValue, json};
use serde::Serialize;
use std::collections::BTreeMap;

/// Asserts that the runtime writes `value` as serde_json does, and returns the text.
fn same_as_serde_json<T: Serialize + ?Sized>(value: &T) -> String {
    let theirs = serde_json::to_string(value);
    let ours = json::to_string(value);
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            assert_eq!(ours, theirs);
            assert_eq!(json::to_vec(value).unwrap(), serde_json::to_vec(value).unwrap());
            ours
        }
        (Err(ours), Err(theirs)) => {
            assert_eq!(ours.to_string(), theirs.to_string());
            String::new()
        }
        (ours, theirs) => panic!("runtime: {ours:?}; serde_json: {theirs:?}"),
    }
}

#[test]
fn every_byte_that_json_escapes_at_every_position_of_a_word() {
    let escaped: Vec<char> = (0u8..0x20).map(char::from).chain(['"', '\\']).collect();
    let neighbours = ['a', '\u{7f}', 'é', '€', '😀', '/', '<', ' '];
    for &special in &escaped {
        for before in 0..17 {
            for neighbour in neighbours {
                let text: String = std::iter::repeat_n(neighbour, before).chain([special]).chain(std::iter::repeat_n('z', 9)).collect();
                same_as_serde_json(&text);
            }
        }
    }
    assert_eq!(same_as_serde_json("a\"b\\c\u{1}\u{1f}\n\t\r\u{8}\u{c}"), r#""a\"b\\c\u0001\u001f\n\t\r\b\f""#);
}

#[test]
fn pseudo_random_strings_of_every_length() {
    // A fixed xorshift sequence: the same strings on every run.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let alphabet: Vec<char> = "ab \"\\\n\u{0}\u{1f}\u{7f}é€😀\u{2028}".chars().collect();
    for length in 0..80 {
        for _ in 0..50 {
            let text: String = (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Mostly plain letters, as real text is.
                    if state.is_multiple_of(4) { alphabet[(state >> 8) as usize % alphabet.len()] } else { 'q' }
                })
                .collect();
            same_as_serde_json(&text);
        }
    }
}

#[test]
fn numbers_as_serde_json_writes_them() {
    for number in
        [0.0, -0.0, 1.0, 0.1, 1e300, -1e-300, 123456789.125, f64::MAX, f64::MIN_POSITIVE, f64::NAN, f64::INFINITY, f64::NEG_INFINITY]
    {
        same_as_serde_json(&number);
        same_as_serde_json(&(number as f32));
    }
    same_as_serde_json(&[i64::MIN, -1, 0, i64::MAX]);
    same_as_serde_json(&[u64::MAX]);
    same_as_serde_json(&(i128::MIN, u128::MAX, i8::MIN, u8::MAX, i16::MIN, u16::MAX, i32::MIN, u32::MAX));
    assert_eq!(same_as_serde_json(&(1u8, -2i32, 2.5f64, true, false)), "[1,-2,2.5,true,false]");
}

#[derive(Serialize)]
enum Shape {
    Unit,
    Newtype(String),
    Tuple(u8, String),
    Struct { side: f64, name: &'static str },
}

#[derive(Serialize)]
struct Unit;

#[derive(Serialize)]
struct Newtype(&'static str);

#[derive(Serialize)]
struct Record {
    name: &'static str,
    #[serde(rename = "odd \"key\"")]
    odd: Option<u32>,
    missing: Option<u32>,
    shapes: Vec<Shape>,
    empty: Vec<u8>,
    unit: Unit,
    newtype: Newtype,
    unit_value: (),
    letter: char,
    #[serde(with = "serde_bytes_as_slice")]
    bytes: Vec<u8>,
}

/// `serialize_bytes`, which derives use only when asked.
mod serde_bytes_as_slice {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }
}

#[test]
fn every_kind_of_serde_value() {
    let record = Record {
        name: "record",
        odd: Some(7),
        missing: None,
        shapes: vec![Shape::Unit, Shape::Newtype("n".into()), Shape::Tuple(1, "t".into()), Shape::Struct { side: 2.0, name: "s" }],
        empty: vec![],
        unit: Unit,
        newtype: Newtype("inner"),
        unit_value: (),
        letter: '"',
        bytes: vec![0, 255],
    };
    assert_eq!(
        same_as_serde_json(&record),
        r#"{"name":"record","odd \"key\"":7,"missing":null,"shapes":["Unit",{"Newtype":"n"},{"Tuple":[1,"t"]},{"Struct":{"side":2.0,"name":"s"}}],"empty":[],"unit":null,"newtype":"inner","unit_value":null,"letter":"\"","bytes":[0,255]}"#
    );
    same_as_serde_json(&Vec::<Shape>::new());
    same_as_serde_json(&BTreeMap::<String, Vec<u8>>::new());
    same_as_serde_json(&serde_json::json!({"a": [1, {"b": null}], "c\u{0}": "d", "e": 1.5}));
}

#[test]
fn map_keys_as_serde_json_writes_them() {
    same_as_serde_json(&BTreeMap::from([(1i64, "one"), (-2, "minus two")]));
    same_as_serde_json(&BTreeMap::from([(true, 1), (false, 0)]));
    same_as_serde_json(&BTreeMap::from([('k', 1), ('"', 2)]));
    same_as_serde_json(&BTreeMap::from([(u128::MAX, 1)]));
    same_as_serde_json(&BTreeMap::from([(Newtype("wrapped"), 1)].map(|(k, v)| (k.0, v))));
    same_as_serde_json(&vec![(Some("x"), 1)].into_iter().collect::<BTreeMap<_, _>>());
    // Keys that are not strings, numbers or bools: both refuse them.
    same_as_serde_json(&BTreeMap::from([(vec![1u8], 1)]));
    same_as_serde_json(&BTreeMap::from([((), 1)]));
    same_as_serde_json(&vec![(None::<&str>, 1)].into_iter().collect::<BTreeMap<_, _>>());
}

#[derive(Serialize)]
struct WithRaw {
    kept: Box<RawValue>,
    nested: Vec<Box<RawValue>>,
}

#[test]
fn raw_values_are_written_as_their_text() {
    let raw = |text: &str| RawValue::from_string(text.to_string()).unwrap();
    let value = WithRaw { kept: raw(r#"{ "spaced" : [1, 2.50] }"#), nested: vec![raw("1e5"), raw(r#""\u00e9""#)] };
    assert_eq!(same_as_serde_json(&value), r#"{"kept":{ "spaced" : [1, 2.50] },"nested":[1e5,"\u00e9"]}"#);
}

#[test]
fn generated_models_with_unknown_properties_write_as_serde_json_does() {
    let text = r##"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#x","value":[{"@odata.type":"#microsoft.graph.recordOperation","id":"op\"1","status":"completed","recordingLocation":"https://x/\u00e9","unknown":{"a":[1, 2]},"resultInfo":{"code":"0","subcode":"1","message":"line\nbreak"}}],"@odata.nextLink":"n"}"##;
    let page: graph_models::runtime::CollectionResponse<graph_models::RecordOperation> = serde_json::from_str(text).unwrap();
    let written = same_as_serde_json(&page);
    assert!(written.contains(r#""unknown":{"a":[1, 2]}"#), "{written}");
}
