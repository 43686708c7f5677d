//! Support shared by every generated model: three-state fields, objects that keep what the
//! schema does not know, polymorphic values chosen by `@odata.type`, and enums that keep
//! members the schema does not list.
//!
//! Generated types hold only their fields and a table of property names; the work of reading
//! and writing JSON happens here, once, rather than being expanded into every type.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// Properties the schema does not declare, kept with their raw JSON, in the order read.
pub type AdditionalProperties = serde_json::Map<String, serde_json::Value>;

/// `Edm.DateTimeOffset`: an RFC 3339 date-time with its offset.
pub type DateTimeOffset = chrono::DateTime<chrono::FixedOffset>;
/// `Edm.Date`: a calendar date, `2021-07-13`.
pub type Date = chrono::NaiveDate;
/// `Edm.TimeOfDay`: a time without date or offset, `13:45:00.0000000`.
pub type TimeOfDay = chrono::NaiveTime;
/// `Edm.Duration`: an ISO 8601 duration such as `PT1H30M`, as written.
pub type Duration = String;
/// `Edm.Guid`, as written.
pub type Guid = String;
/// `Edm.Binary` and `Edm.Stream`: base64 text, as written.
pub type Binary = String;
/// `Edm.Decimal`: a JSON number.
pub type Decimal = serde_json::Number;
/// Any JSON value: geography types, and types no input defines.
pub type Json = serde_json::Value;

/// A property's value: absent from the payload, present as `null`, or present with a value.
///
/// The three states are kept apart because Graph gives them different meanings: a PATCH
/// body that sends `null` clears a property, one that omits it leaves it alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Field<T> {
    #[default]
    Absent,
    Null,
    Value(T),
}

impl<T> Field<T> {
    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(value) => Some(value),
            _ => None,
        }
    }

    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(value) => Some(value),
            _ => None,
        }
    }

    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(value) => Some(value),
            _ => None,
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Field::Value(value),
            None => Field::Null,
        })
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(value) => value.serialize(serializer),
            Field::Absent | Field::Null => serializer.serialize_none(),
        }
    }
}

/// A structured type (entity or complex) whose properties are read and written by name.
pub trait Object: Default {
    /// The qualified name, such as `microsoft.graph.mediaPrompt`.
    const TYPE_NAME: &'static str;

    /// Reads the value of property `name` from `map`; `Ok(false)` if the type has no such property.
    fn read_property<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<bool, A::Error>;

    /// Writes every property that is not absent, in schema order.
    fn write_properties<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;

    /// The `@odata.type` the value was read with, or set in code.
    fn odata_type(&self) -> Option<&str>;
    fn set_odata_type(&mut self, odata_type: Option<String>);
    fn additional_properties(&self) -> &AdditionalProperties;
    fn additional_properties_mut(&mut self) -> &mut AdditionalProperties;
}

/// Reads the next value of `map` into `slot`; always `Ok(true)` (the property was known).
/// Generated `read_property` bodies are one call of this per property, which keeps the
/// code the compiler checks small.
pub fn read_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A, slot: &mut Field<T>) -> Result<bool, A::Error> {
    *slot = map.next_value()?;
    Ok(true)
}

/// Writes properties one after another, remembering the first error: generated
/// `write_properties` bodies are one call per property and no early returns.
pub struct Writer<'a, M: SerializeMap> {
    map: &'a mut M,
    result: Result<(), M::Error>,
}

impl<'a, M: SerializeMap> Writer<'a, M> {
    pub fn new(map: &'a mut M) -> Self {
        Writer { map, result: Ok(()) }
    }

    /// Writes `value` under `name` unless it is absent.
    pub fn field<T: Serialize>(&mut self, name: &'static str, value: &Field<T>) {
        if self.result.is_ok() && !value.is_absent() {
            self.result = self.map.serialize_entry(name, value);
        }
    }

    pub fn finish(self) -> Result<(), M::Error> {
        self.result
    }
}

/// An object key, borrowed from the input when it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

const ODATA_TYPE: &str = "@odata.type";

/// Reads the rest of `map` into `object`.
fn read_entries<'de, T: Object, A: MapAccess<'de>>(mut object: T, mut map: A) -> Result<T, A::Error> {
    while let Some(Key(key)) = map.next_key::<Key>()? {
        read_entry(&mut object, &key, &mut map)?;
    }
    Ok(object)
}

fn read_entry<'de, T: Object, A: MapAccess<'de>>(object: &mut T, key: &str, map: &mut A) -> Result<(), A::Error> {
    if key == ODATA_TYPE {
        object.set_odata_type(Some(map.next_value()?));
    } else if !object.read_property(key, map)? {
        let value = map.next_value()?;
        object.additional_properties_mut().insert(key.to_owned(), value);
    }
    Ok(())
}

/// `Deserialize` for a generated object type.
pub fn deserialize_object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);
    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "a `{}` object", T::TYPE_NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            read_entries(T::default(), map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// `Serialize` for a generated object type. `implied_type` is the `@odata.type` to write when
/// the value carries none of its own: set when the value stands where a base type is declared.
pub fn serialize_object<T: Object, S: Serializer>(value: &T, serializer: S, implied_type: Option<&str>) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    if let Some(odata_type) = value.odata_type().or(implied_type) {
        map.serialize_entry(ODATA_TYPE, odata_type)?;
    }
    value.write_properties(&mut map)?;
    for (key, extra) in value.additional_properties() {
        map.serialize_entry(key, extra)?;
    }
    map.end()
}

/// Implements serde's traits for a generated [`Object`].
macro_rules! impl_object {
    ($type:ty) => {
        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_object(deserializer)
            }
        }
        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::serialize_object(self, serializer, ::std::option::Option::None)
            }
        }
    };
}
pub(crate) use impl_object;

/// A value declared as a base type: one variant per concrete type that may stand there.
pub trait Polymorphic: Sized {
    /// The qualified names of the derived variants, in the order `read_variant` numbers them.
    const DERIVED: &'static [&'static str];

    /// Reads the rest of the object as the variant `index` of [`Self::DERIVED`], or as the
    /// base type when `index` is `None` (the base itself, or a type the schema does not know).
    fn read_variant<'de, A: MapAccess<'de>>(index: Option<usize>, rest: Rest<'de, A>) -> Result<Self, A::Error>;

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// The remainder of an object whose `@odata.type` has been read: still streaming when the
/// type came first (as the service sends it), or buffered when it came later.
pub enum Rest<'de, A> {
    Streaming { odata_type: Option<String>, map: A, _input: PhantomData<&'de ()> },
    Buffered { entries: AdditionalProperties, map: PhantomData<A> },
}

impl<'de, A: MapAccess<'de>> Rest<'de, A> {
    /// Reads the remainder as `T`.
    pub fn finish<T: Object>(self) -> Result<T, A::Error> {
        match self {
            Rest::Streaming { odata_type, map, .. } => {
                let mut object = T::default();
                object.set_odata_type(odata_type);
                read_entries(object, map)
            }
            Rest::Buffered { entries, .. } => {
                let mut object = T::default();
                let mut buffered = BufferedMap { entries: entries.into_iter(), value: None };
                (|| {
                    while let Some((key, value)) = buffered.entries.next() {
                        buffered.value = Some(value);
                        read_entry(&mut object, &key, &mut buffered)?;
                    }
                    Ok(())
                })()
                .map_err(|error: serde_json::Error| de::Error::custom(error))?;
                Ok(object)
            }
        }
    }
}

/// Reads buffered entries as a map, one value at a time.
struct BufferedMap {
    entries: serde_json::map::IntoIter,
    value: Option<serde_json::Value>,
}

impl<'de> MapAccess<'de> for BufferedMap {
    type Error = serde_json::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(serde_json::Value::String(key)).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        seed.deserialize(self.value.take().unwrap_or(serde_json::Value::Null))
    }
}

/// Which of `derived` an `@odata.type` names: `#microsoft.graph.x` or `microsoft.graph.x`,
/// exactly or, failing that, ignoring case.
pub fn variant_index(derived: &[&str], odata_type: &str) -> Option<usize> {
    let name = odata_type.strip_prefix('#').unwrap_or(odata_type);
    derived.iter().position(|d| *d == name).or_else(|| derived.iter().position(|d| d.eq_ignore_ascii_case(name)))
}

/// `Deserialize` for a generated [`Polymorphic`] type.
pub fn deserialize_polymorphic<'de, T: Polymorphic, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct PolymorphicVisitor<T>(PhantomData<T>);
    impl<'de, T: Polymorphic> Visitor<'de> for PolymorphicVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let Some(Key(first)) = map.next_key::<Key>()? else {
                return T::read_variant(None, Rest::Buffered { entries: AdditionalProperties::new(), map: PhantomData::<A> });
            };
            if first == ODATA_TYPE {
                let odata_type: String = map.next_value()?;
                let index = variant_index(T::DERIVED, &odata_type);
                return T::read_variant(index, Rest::Streaming { odata_type: Some(odata_type), map, _input: PhantomData });
            }
            // The type comes later, if at all: keep the entries until it is known.
            let mut entries = AdditionalProperties::new();
            entries.insert(first.into_owned(), map.next_value()?);
            while let Some(Key(key)) = map.next_key::<Key>()? {
                entries.insert(key.into_owned(), map.next_value()?);
            }
            let index = entries.get(ODATA_TYPE).and_then(|t| t.as_str()).and_then(|t| variant_index(T::DERIVED, t));
            T::read_variant(index, Rest::Buffered { entries, map: PhantomData::<A> })
        }
    }
    deserializer.deserialize_map(PolymorphicVisitor(PhantomData))
}

/// Implements serde's traits for a generated [`Polymorphic`] type.
macro_rules! impl_polymorphic {
    ($type:ty) => {
        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_polymorphic(deserializer)
            }
        }
        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::Polymorphic::write(self, serializer)
            }
        }
    };
}
pub(crate) use impl_polymorphic;

/// An enumeration sent as a string, which keeps members the schema does not list.
pub trait StringEnum: Sized {
    /// The member as the service sends it.
    fn as_str(&self) -> &str;
    /// The member `text` names; unlisted text is kept as it is.
    fn from_wire(text: &str) -> Self;
}

/// `Deserialize` for a generated [`StringEnum`].
pub fn deserialize_string_enum<'de, T: StringEnum, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct EnumVisitor<T>(PhantomData<T>);
    impl<'de, T: StringEnum> Visitor<'de> for EnumVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an enumeration member as a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from_wire(v))
        }
    }
    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

/// Implements serde's traits, `Display` and `From<&str>` for a generated [`StringEnum`].
macro_rules! impl_string_enum {
    ($type:ty) => {
        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_string_enum(deserializer)
            }
        }
        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::runtime::StringEnum::as_str(self))
            }
        }
        impl ::std::fmt::Display for $type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::runtime::StringEnum::as_str(self))
            }
        }
        impl ::std::convert::From<&str> for $type {
            fn from(text: &str) -> Self {
                $crate::runtime::StringEnum::from_wire(text)
            }
        }
    };
}
pub(crate) use impl_string_enum;

/// Whether two JSON documents mean the same: objects compared regardless of key order,
/// numbers by value, and strings that are both RFC 3339 date-times by instant.
/// The generated examples use it to check that a payload survives a round trip.
pub fn same_json(left: &serde_json::Value, right: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, value)| b.get(key).is_some_and(|other| same_json(value, other)))
        }
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y)),
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        (Value::String(a), Value::String(b)) => {
            a == b
                || matches!(
                    (a.parse::<DateTimeOffset>(), b.parse::<DateTimeOffset>()),
                    (Ok(x), Ok(y)) if x == y
                )
        }
        _ => left == right,
    }
}
