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

mod values;
pub use values::*;
use values::{TextSeed, TextVisitor};

/// Properties the schema does not declare, kept as their raw JSON text, in the order read,
/// and written back byte for byte. Most objects have none: the list is allocated only for
/// the first one. Once it holds more than a few, an index by key is kept beside it, so
/// reading or looking up `n` properties takes time linear in `n`.
#[derive(Clone, Default)]
pub struct AdditionalProperties {
    entries: Vec<(String, Box<RawValue>)>,
    /// Where each key stands in `entries`: built once there are more than [`INDEX_FROM`].
    /// Boxed so that every object, nearly all of which never need it, carries one pointer.
    #[allow(clippy::box_collection)]
    index: Option<Box<std::collections::HashMap<String, usize>>>,
}

/// Up to this many properties, a scan of the list is cheaper than an index.
const INDEX_FROM: usize = 16;

pub use serde_json::value::RawValue;

/// A JSON object's entries, in order.
pub type JsonMap = serde_json::Map<String, serde_json::Value>;

impl AdditionalProperties {
    pub fn new() -> Self {
        AdditionalProperties::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k == key),
        }
    }

    /// Appends a property whose key is not in the list.
    fn push(&mut self, key: String, value: Box<RawValue>) {
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        }
        self.entries.push((key, value));
        if self.index.is_none() && self.entries.len() > INDEX_FROM {
            self.reindex();
        }
    }

    fn reindex(&mut self) {
        self.index = (self.entries.len() > INDEX_FROM)
            .then(|| Box::new(self.entries.iter().enumerate().map(|(at, (key, _))| (key.clone(), at)).collect()));
    }

    /// The raw JSON of a property.
    pub fn get(&self, key: &str) -> Option<&RawValue> {
        self.position(key).map(|at| &*self.entries[at].1)
    }

    /// A property read as a JSON value.
    pub fn value(&self, key: &str) -> Option<serde_json::Value> {
        self.get(key).and_then(|raw| serde_json::from_str(raw.get()).ok())
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Adds or replaces a property, returning the raw JSON it replaced.
    pub fn insert(&mut self, key: String, value: Box<RawValue>) -> Option<Box<RawValue>> {
        match self.position(&key) {
            Some(at) => Some(std::mem::replace(&mut self.entries[at].1, value)),
            None => {
                self.push(key, value);
                None
            }
        }
    }

    /// Adds a property read from a payload: a key read twice in one object is an error,
    /// whether it is declared, unknown or `@odata.type`.
    pub(crate) fn insert_read<E: de::Error>(&mut self, key: String, value: Box<RawValue>) -> Result<(), E> {
        if self.position(&key).is_some() {
            return Err(E::custom(format_args!("the key `{key}` appears twice in one object; expected each key once")));
        }
        self.push(key, value);
        Ok(())
    }

    /// Adds or replaces a property given as a value.
    pub fn insert_value(&mut self, key: String, value: &serde_json::Value) -> Option<Box<RawValue>> {
        let raw = serde_json::value::to_raw_value(value).unwrap_or_else(|_| RawValue::from_string("null".into()).expect("null is JSON"));
        self.insert(key, raw)
    }

    pub fn remove(&mut self, key: &str) -> Option<Box<RawValue>> {
        let at = self.position(key)?;
        let (_, value) = self.entries.remove(at);
        if self.index.is_some() {
            self.reindex();
        }
        Some(value)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &RawValue)> {
        self.entries.iter().map(|(k, v)| (k, &**v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }
}

/// Equal when the same properties hold the same JSON, whatever the spacing.
impl PartialEq for AdditionalProperties {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.iter().all(|(key, raw)| {
                other.get(key).is_some_and(|theirs| {
                    raw.get() == theirs.get()
                        || serde_json::from_str::<serde_json::Value>(raw.get()).ok() == serde_json::from_str(theirs.get()).ok()
                })
            })
    }
}

impl fmt::Debug for AdditionalProperties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter().map(|(k, v)| (k, v.get()))).finish()
    }
}

impl std::ops::Index<&str> for AdditionalProperties {
    type Output = RawValue;
    fn index(&self, key: &str) -> &RawValue {
        self.get(key).unwrap_or_else(|| panic!("no additional property `{key}`"))
    }
}

impl<'a> IntoIterator for &'a AdditionalProperties {
    type Item = (&'a String, &'a RawValue);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, Box<RawValue>)>, fn(&'a (String, Box<RawValue>)) -> (&'a String, &'a RawValue)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, &**v))
    }
}

/// The members of an `IsFlags` enumeration, sent as a comma-separated list (`"a,b"`).
/// The list is written back as read (`"a, b"` keeps its spaces) while its members are
/// unchanged, and as `"a,b"` once they change.
#[derive(Debug, Clone, Default)]
pub struct Flags<E> {
    pub members: Vec<E>,
    text: Option<Box<str>>,
}

impl<E> Flags<E> {
    pub fn new(members: Vec<E>) -> Self {
        Flags { members, text: None }
    }
}

impl<E: PartialEq> PartialEq for Flags<E> {
    fn eq(&self, other: &Self) -> bool {
        self.members == other.members
    }
}

fn split_flags<E: StringEnum>(text: &str) -> Vec<E> {
    text.split(',').map(str::trim).filter(|m| !m.is_empty()).map(E::from_wire).collect()
}

impl<E: StringEnum + PartialEq> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(text) = self.text.as_deref().filter(|t| split_flags::<E>(t) == self.members) {
            return serializer.serialize_str(text);
        }
        let text: Vec<&str> = self.members.iter().map(StringEnum::as_str).collect();
        serializer.serialize_str(&text.join(","))
    }
}

impl<'de, E: StringEnum> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = TextVisitor::deserialize(deserializer, "a comma-separated list of members")?;
        let members: Vec<E> = split_flags(&text);
        let canonical: Vec<&str> = members.iter().map(StringEnum::as_str).collect();
        let text = (canonical.join(",") != text).then(|| text.as_ref().into());
        Ok(Flags { members, text })
    }
}

/// A response holding a collection: `{"@odata.context": ..., "value": [...], "@odata.nextLink": ...}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CollectionResponse<T> {
    pub value: Vec<T>,
    /// Everything else (`@odata.context`, `@odata.nextLink`, `@odata.count`, ...), in order.
    pub additional_properties: AdditionalProperties,
    /// Where `value` stood among the other properties, so it is written back in place.
    value_position: usize,
}

impl<T> CollectionResponse<T> {
    pub fn new(value: Vec<T>) -> Self {
        CollectionResponse { value, additional_properties: AdditionalProperties::new(), value_position: 0 }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for CollectionResponse<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ResponseVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ResponseVisitor<T> {
            type Value = CollectionResponse<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with a `value` array")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut response = CollectionResponse::new(Vec::new());
                let mut seen_value = false;
                while let Some(Key(key)) = map.next_key::<Key>()? {
                    if key == "value" {
                        response.value = map.next_value()?;
                        response.value_position = response.additional_properties.len();
                        seen_value = true;
                    } else {
                        let extra = map.next_value()?;
                        response.additional_properties.insert_read(key.into_owned(), extra)?;
                    }
                }
                if !seen_value {
                    return Err(de::Error::missing_field("value"));
                }
                Ok(response)
            }
        }
        deserializer.deserialize_map(ResponseVisitor(PhantomData))
    }
}

impl<T: Serialize> Serialize for CollectionResponse<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (index, (key, extra)) in self.additional_properties.iter().enumerate() {
            if index == self.value_position {
                map.serialize_entry("value", &self.value)?;
            }
            map.serialize_entry(key, extra)?;
        }
        if self.value_position >= self.additional_properties.len() {
            map.serialize_entry("value", &self.value)?;
        }
        map.end()
    }
}

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

/// The `@odata.type` a value was read with. Nearly always it is the type's own name as the
/// service writes it (`#microsoft.graph.mediaPrompt`), which is kept without a copy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ODataType {
    /// None was read (or none set): one is written only where the declared type needs it.
    #[default]
    Absent,
    /// `#` and the qualified name of the value's own type.
    Canonical(&'static str),
    /// Any other spelling, kept as read.
    Other(Box<str>),
}

impl ODataType {
    /// `canonical` when `text` spells it, else the text itself.
    pub fn read(text: &str, canonical: &'static str) -> ODataType {
        if text == canonical { ODataType::Canonical(canonical) } else { ODataType::Other(text.into()) }
    }

    pub fn as_deref(&self) -> Option<&str> {
        match self {
            ODataType::Absent => None,
            ODataType::Canonical(text) => Some(text),
            ODataType::Other(text) => Some(text),
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, ODataType::Absent)
    }
}

/// A structured type (entity or complex) whose properties are read and written by name.
pub trait Object: Default {
    /// The qualified name, such as `microsoft.graph.mediaPrompt`.
    const TYPE_NAME: &'static str;
    /// The `@odata.type` the service writes for it: `#microsoft.graph.mediaPrompt`.
    const ODATA_TYPE: &'static str;

    /// Reads the value of property `name` from `map`; `Ok(false)` if the type has no such property.
    fn read_property<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<bool, A::Error>;

    /// Writes every property that is not absent, in schema order.
    fn write_properties<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;

    /// The `@odata.type` the value was read with, or set in code.
    fn odata_type(&self) -> &ODataType;
    fn set_odata_type(&mut self, odata_type: ODataType);
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
        // The type chose how the object is read: a second one could only contradict it.
        if !object.odata_type().is_absent() {
            return Err(de::Error::duplicate_field(ODATA_TYPE));
        }
        let text = map.next_value_seed(TextSeed)?;
        object.set_odata_type(ODataType::read(&text, T::ODATA_TYPE));
    } else if !object.read_property(key, map)? {
        let value = map.next_value()?;
        object.additional_properties_mut().insert_read(key.to_owned(), value)?;
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
    if let Some(odata_type) = value.odata_type().as_deref().or(implied_type) {
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
    Streaming { odata_type: Cow<'de, str>, map: A },
    Buffered { entries: JsonMap, map: PhantomData<A> },
}

impl<'de, A: MapAccess<'de>> Rest<'de, A> {
    /// Reads the remainder as `T`.
    pub fn finish<T: Object>(self) -> Result<T, A::Error> {
        match self {
            Rest::Streaming { odata_type, map } => {
                let mut object = T::default();
                object.set_odata_type(ODataType::read(&odata_type, T::ODATA_TYPE));
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

/// Reads buffered entries as a map, one value at a time. (Unknown properties read this way
/// are written back compactly: the buffer holds values, not their text.)
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
                return T::read_variant(None, Rest::Buffered { entries: JsonMap::new(), map: PhantomData::<A> });
            };
            if first == ODATA_TYPE {
                let odata_type = map.next_value_seed(TextSeed)?;
                let index = variant_index(T::DERIVED, &odata_type);
                return T::read_variant(index, Rest::Streaming { odata_type, map });
            }
            // The type comes later, if at all: keep the entries until it is known.
            let mut entries = JsonMap::new();
            entries.insert(first.into_owned(), map.next_value()?);
            while let Some(Key(key)) = map.next_key::<Key>()? {
                if key == ODATA_TYPE && entries.contains_key(ODATA_TYPE) {
                    return Err(de::Error::duplicate_field(ODATA_TYPE));
                }
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
/// numbers by [`same_number`] (an integer literal is not a float), and strings that are
/// both RFC 3339 date-times by instant.
/// The generated examples use it to check that a payload survives a round trip.
pub fn same_json(left: &serde_json::Value, right: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, value)| b.get(key).is_some_and(|other| same_json(value, other)))
        }
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y)),
        (Value::Number(a), Value::Number(b)) => same_number(a, b),
        (Value::String(a), Value::String(b)) => {
            a == b || matches!((a.parse::<DateTimeOffset>(), b.parse::<DateTimeOffset>()), (Ok(x), Ok(y)) if x == y)
        }
        _ => left == right,
    }
}
