//! Support shared by every generated model: three-state fields, objects that keep what the
//! schema does not know, polymorphic values chosen by `@odata.type`, and enums that keep
//! members the schema does not list.
//!
//! Generated types are declared through `object!` and `polymorphic!`, each property's JSON
//! name beside its field; the work of reading and writing JSON happens here, once, rather
//! than being expanded into every type. Objects are read in place (see [`FieldValue`]), so a
//! deeply nested payload costs little stack per level.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

mod values;
pub use values::*;
pub mod json;
pub mod operations;
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

/// A collection as the service sent it: the values, and where `null`s stood among them.
///
/// It derefs to the values (`list.len()`, `list[0]`, `list.iter()` see only them), so code that
/// does not care about nulls never meets one; [`List::nulls`] says where they were, and they
/// are written back there. Building a list costs what a `Vec` does: the positions of nulls
/// are a second `Vec` that stays empty (and unallocated) unless a null is read or pushed.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct List<T> {
    values: Vec<T>,
    /// Positions of nulls in the sequence as sent, ascending.
    nulls: Vec<usize>,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List { values: Vec::new(), nulls: Vec::new() }
    }
}

impl<T> List<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// The positions of the `null` elements in the sequence as sent (or pushed).
    pub fn nulls(&self) -> &[usize] {
        &self.nulls
    }

    /// How many elements the sequence has, nulls included.
    pub fn sequence_len(&self) -> usize {
        self.values.len() + self.nulls.len()
    }

    pub fn push(&mut self, value: T) {
        self.values.push(value);
    }

    /// Appends a `null` element.
    pub fn push_null(&mut self) {
        self.nulls.push(self.sequence_len());
    }

    /// The sequence as sent: `None` where a null stood.
    pub fn sequence(&self) -> impl Iterator<Item = Option<&T>> {
        let mut values = self.values.iter();
        let mut nulls = self.nulls.iter().peekable();
        (0..self.sequence_len()).map(move |at| if nulls.next_if(|&&n| n == at).is_some() { None } else { values.next() })
    }

    pub fn into_vec(self) -> Vec<T> {
        self.values
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.values
    }
}

/// Changing the values keeps the nulls where they were in the sequence (a null recorded past
/// the end is written last).
impl<T> std::ops::DerefMut for List<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.values
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(values: Vec<T>) -> Self {
        List { values, nulls: Vec::new() }
    }
}

impl<T, const N: usize> From<[T; N]> for List<T> {
    fn from(values: [T; N]) -> Self {
        List::from(Vec::from(values))
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        List::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.values.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.values.iter()
    }
}

/// A list equals a slice, array or `Vec` with the same elements and no nulls.
macro_rules! list_eq {
    ($([$($generics:tt)*] $other:ty),*) => {$(
        impl<$($generics)* T: PartialEq<U>, U> PartialEq<$other> for List<T> {
            fn eq(&self, other: &$other) -> bool {
                self.nulls.is_empty() && self.values[..] == other[..]
            }
        }
    )*};
}
list_eq!([] [U], [] Vec<U>, ['a,] &'a [U]);

impl<T: PartialEq<U>, U, const N: usize> PartialEq<[U; N]> for List<T> {
    fn eq(&self, other: &[U; N]) -> bool {
        self.nulls.is_empty() && self.values[..] == other[..]
    }
}

/// The values, as a `Vec`'s are shown; with the nulls' positions when there are any.
impl<T: fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nulls.is_empty() {
            self.values.fmt(f)
        } else {
            f.debug_struct("List").field("values", &self.values).field("nulls", &self.nulls).finish()
        }
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.sequence_len()))?;
        let mut values = self.values.iter();
        let mut nulls = self.nulls.iter().peekable();
        for at in 0..self.sequence_len() {
            match nulls.next_if(|&&n| n == at) {
                Some(_) => seq.serialize_element(&None::<&T>)?,
                None => seq.serialize_element(&values.next())?,
            }
        }
        // Nulls recorded past the values (after values were removed) are written last.
        for _ in nulls {
            seq.serialize_element(&None::<&T>)?;
        }
        seq.end()
    }
}

impl<'de, T: FieldValue> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: FieldValue> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut list = List::new();
                while seq.next_element_seed(OrNull(&mut list))?.is_some() {}
                Ok(list)
            }
        }
        deserializer.deserialize_seq(ListVisitor(PhantomData))
    }
}

/// A response holding a collection: `{"@odata.context": ..., "value": [...], "@odata.nextLink": ...}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CollectionResponse<T> {
    pub value: List<T>,
    /// Everything else (`@odata.context`, `@odata.nextLink`, `@odata.count`, ...), in order.
    pub additional_properties: AdditionalProperties,
    /// Where `value` stood among the other properties, so it is written back in place.
    value_position: usize,
}

impl<T> CollectionResponse<T> {
    pub fn new(value: impl Into<List<T>>) -> Self {
        CollectionResponse { value: value.into(), additional_properties: AdditionalProperties::new(), value_position: 0 }
    }
}

impl<'de, T: FieldValue> Deserialize<'de> for CollectionResponse<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (value, additional_properties, value_position) = read_value_member(deserializer, "an object with a `value` array")?;
        Ok(CollectionResponse { value, additional_properties, value_position })
    }
}

impl<T: Serialize> Serialize for CollectionResponse<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_value_member(serializer, &self.value, &self.additional_properties, self.value_position)
    }
}

/// Reads a response whose payload is its `value` member (a collection's list, or a single
/// value): the value, the other members in order, and where `value` stood among them.
pub(crate) fn read_value_member<'de, V: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
) -> Result<(V, AdditionalProperties, usize), D::Error> {
    struct ResponseVisitor<V>(&'static str, PhantomData<V>);
    impl<'de, V: Deserialize<'de>> Visitor<'de> for ResponseVisitor<V> {
        type Value = (V, AdditionalProperties, usize);
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut others = AdditionalProperties::new();
            let mut value = None;
            while let Some(Key(key)) = map.next_key::<Key>()? {
                if key == "value" {
                    if value.is_some() {
                        return Err(de::Error::duplicate_field("value"));
                    }
                    value = Some((map.next_value()?, others.len()));
                } else {
                    let extra = map.next_value()?;
                    others.insert_read(key.into_owned(), extra)?;
                }
            }
            let (value, position) = value.ok_or_else(|| de::Error::missing_field("value"))?;
            Ok((value, others, position))
        }
    }
    deserializer.deserialize_map(ResponseVisitor(expecting, PhantomData))
}

/// Writes `value` as the `value` member among `others`, at `position`.
pub(crate) fn write_value_member<V: Serialize, S: Serializer>(
    serializer: S,
    value: &V,
    others: &AdditionalProperties,
    position: usize,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    for (index, (key, extra)) in others.iter().enumerate() {
        if index == position {
            map.serialize_entry("value", value)?;
        }
        map.serialize_entry(key, extra)?;
    }
    if position >= others.len() {
        map.serialize_entry("value", value)?;
    }
    map.end()
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

/// `vec![...].into()` builds a collection field in one step.
impl<T> From<Vec<T>> for Field<List<T>> {
    fn from(values: Vec<T>) -> Self {
        Field::Value(List::from(values))
    }
}

/// A date-time, GUID or other lexical value in one step: `created_date_time: timestamp.into()`.
impl<T> From<T> for Field<Lexical<T>> {
    fn from(value: T) -> Self {
        Field::Value(Lexical::new(value))
    }
}

impl<'de, T: FieldValue> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut field = Field::Absent;
        OrNull(&mut field).deserialize(deserializer)?;
        Ok(field)
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

/// A type a [`Field`] or a [`List`] holds, and how it is read into its place.
///
/// Small values are read and then moved in. Objects are read where they will live: into a
/// default value already in the field, in the list, or on the heap (`Box`), never returned
/// by value through the deserializer's frames. That keeps the stack one nesting level of a
/// payload costs small and independent of the size of the types it passes through.
pub trait FieldValue: Sized + for<'a> Deserialize<'a> {
    /// How a value is put in its place: [`ByValue`], [`InPlace`] for an object, [`Boxed`]
    /// for a boxed one. A type names its way instead of implementing the reads itself, so
    /// each of the thousands of generated types adds no function bodies here.
    type Reader: ReadInto<Self>;

    /// Reads a present, non-null value into `field`, which is absent.
    fn read_field<'de, D: Deserializer<'de>>(deserializer: D, field: &mut Field<Self>) -> Result<(), D::Error> {
        Self::Reader::read_field(deserializer, field)
    }

    /// Reads a non-null element and appends it to `values`.
    fn read_element<'de, D: Deserializer<'de>>(deserializer: D, values: &mut Vec<Self>) -> Result<(), D::Error> {
        Self::Reader::read_element(deserializer, values)
    }
}

/// A way of reading a `T` into its place (see [`FieldValue::Reader`]).
pub trait ReadInto<T> {
    fn read_field<'de, D: Deserializer<'de>>(deserializer: D, field: &mut Field<T>) -> Result<(), D::Error>;
    fn read_element<'de, D: Deserializer<'de>>(deserializer: D, values: &mut Vec<T>) -> Result<(), D::Error>;
}

/// Read, then moved in: small values, and `Any…` enums, which build their boxes as they read.
pub enum ByValue {}

impl<T: for<'a> Deserialize<'a>> ReadInto<T> for ByValue {
    fn read_field<'de, D: Deserializer<'de>>(deserializer: D, field: &mut Field<T>) -> Result<(), D::Error> {
        *field = Field::Value(T::deserialize(deserializer)?);
        Ok(())
    }
    fn read_element<'de, D: Deserializer<'de>>(deserializer: D, values: &mut Vec<T>) -> Result<(), D::Error> {
        values.push(T::deserialize(deserializer)?);
        Ok(())
    }
}

/// An object, read into a default already in the field or pushed on the list.
pub enum InPlace {}

impl<T: Object> ReadInto<T> for InPlace {
    fn read_field<'de, D: Deserializer<'de>>(deserializer: D, field: &mut Field<T>) -> Result<(), D::Error> {
        read_object_into(deserializer, default_in(field))
    }
    fn read_element<'de, D: Deserializer<'de>>(deserializer: D, values: &mut Vec<T>) -> Result<(), D::Error> {
        read_object_into(deserializer, default_pushed(values))
    }
}

/// A boxed object, built on the heap and read there.
pub enum Boxed {}

impl<T: Object> ReadInto<Box<T>> for Boxed {
    fn read_field<'de, D: Deserializer<'de>>(deserializer: D, field: &mut Field<Box<T>>) -> Result<(), D::Error> {
        let mut object = new_boxed::<T>();
        read_object_into(deserializer, &mut *object)?;
        *field = Field::Value(object);
        Ok(())
    }
    fn read_element<'de, D: Deserializer<'de>>(deserializer: D, values: &mut Vec<Box<T>>) -> Result<(), D::Error> {
        let mut object = new_boxed::<T>();
        read_object_into(deserializer, &mut *object)?;
        values.push(object);
        Ok(())
    }
}

impl FieldValue for String {
    type Reader = ByValue;
}
impl FieldValue for bool {
    type Reader = ByValue;
}
impl FieldValue for u8 {
    type Reader = ByValue;
}
impl FieldValue for i8 {
    type Reader = ByValue;
}
impl FieldValue for i16 {
    type Reader = ByValue;
}
impl FieldValue for i32 {
    type Reader = ByValue;
}
impl FieldValue for serde_json::Value {
    type Reader = ByValue;
}
impl FieldValue for Decimal {
    type Reader = ByValue;
}
impl<T: TextForm> FieldValue for Lexical<T> {
    type Reader = ByValue;
}
impl<T: NumericForm> FieldValue for Numeric<T> {
    type Reader = ByValue;
}
impl<E: StringEnum> FieldValue for Flags<E> {
    type Reader = ByValue;
}
impl<T: FieldValue> FieldValue for List<T> {
    type Reader = ByValue;
}
impl<T: Object + FieldValue> FieldValue for Box<T> {
    type Reader = Boxed;
}

/// `T::default()` on the heap. Out of line, so that the default built on the way (in an
/// unoptimised build) occupies a frame that is gone before the object is read.
#[inline(never)]
fn new_boxed<T: Default>() -> Box<T> {
    Box::default()
}

/// Puts a default object in `field` and returns it; out of line for the same reason.
#[inline(never)]
fn default_in<T: Default>(field: &mut Field<T>) -> &mut T {
    *field = Field::Value(T::default());
    match field {
        Field::Value(value) => value,
        _ => unreachable!("just set"),
    }
}

/// Appends a default object and returns it; out of line for the same reason.
#[inline(never)]
fn default_pushed<T: Default>(values: &mut Vec<T>) -> &mut T {
    values.push(T::default());
    values.last_mut().expect("just pushed")
}

/// Where a value that may be `null` is read to: a field, or the next element of a list.
trait Slot {
    fn set_null(self);
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error>;
}

impl<T: FieldValue> Slot for &mut Field<T> {
    fn set_null(self) {
        *self = Field::Null;
    }
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::read_field(deserializer, self)
    }
}

impl<T: FieldValue> Slot for &mut List<T> {
    fn set_null(self) {
        self.push_null();
    }
    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::read_element(deserializer, &mut self.values)
    }
}

/// Reads a value, `null` included, into its [`Slot`].
struct OrNull<S>(S);

impl<'de, S: Slot> DeserializeSeed<'de> for OrNull<S> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: Slot> Visitor<'de> for OrNull<S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.set_null();
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.read(deserializer)
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
/// Implemented by `object!`, from one table that names each property once.
pub trait Object: Default {
    /// The qualified name, such as `microsoft.graph.mediaPrompt`.
    const TYPE_NAME: &'static str;
    /// The `@odata.type` the service writes for it: `#microsoft.graph.mediaPrompt`.
    const ODATA_TYPE: &'static str;

    /// Reads the value of the entry `key` from `map`: a property into its field, the
    /// `@odata.type` and any other entry by [`read_extra`].
    fn read_entry<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;

    /// Writes the object's entries: its `@odata.type` (the one it was read with, else
    /// `implied_type`), every property that is not absent in schema order, then the
    /// additional properties.
    fn write_entries<M: SerializeMap>(&self, map: &mut M, implied_type: Option<&str>) -> Result<(), M::Error>;
}

/// A field as an object's `read_entry` sees it: whatever its type, a place that reads the
/// next value of a map. Generated code picks the field by name and calls this once, so a
/// type's `read_entry` stays small however many properties it has (in an unoptimised
/// build, each arm of a match of calls would take stack of its own).
pub trait ReadField<'de, A: MapAccess<'de>> {
    /// Reads the next value of `map` as the property `name`. A property the object already
    /// holds is an error: which of two values the service meant is not ours to guess.
    fn read(&mut self, name: &str, map: &mut A) -> Result<(), A::Error>;
}

impl<'de, A: MapAccess<'de>, T: FieldValue> ReadField<'de, A> for Field<T> {
    fn read(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        if !self.is_absent() {
            return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
        }
        map.next_value_seed(OrNull(self))
    }
}

/// Writes an object's entries one after another, remembering the first error: generated
/// `write_entries` bodies are one call per property and no early returns.
pub struct Writer<'a, M: SerializeMap> {
    map: &'a mut M,
    result: Result<(), M::Error>,
}

impl<'a, M: SerializeMap> Writer<'a, M> {
    /// Starts with the `@odata.type`: `odata_type` as read, else `implied_type`, else none.
    pub fn new(map: &'a mut M, odata_type: &ODataType, implied_type: Option<&str>) -> Self {
        let result = match odata_type.as_deref().or(implied_type) {
            Some(odata_type) => map.serialize_entry(ODATA_TYPE, odata_type),
            None => Ok(()),
        };
        Writer { map, result }
    }

    /// Writes `value` under `name` unless it is absent.
    pub fn field<T: Serialize>(&mut self, name: &'static str, value: &Field<T>) {
        if self.result.is_ok() && !value.is_absent() {
            self.result = self.map.serialize_entry(name, value);
        }
    }

    /// Ends with the additional properties.
    pub fn finish(mut self, additional_properties: &AdditionalProperties) -> Result<(), M::Error> {
        for (key, extra) in additional_properties {
            if self.result.is_err() {
                break;
            }
            self.result = self.map.serialize_entry(key, extra);
        }
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
fn read_entries<'de, T: Object, A: MapAccess<'de>>(object: &mut T, map: &mut A) -> Result<(), A::Error> {
    while let Some(Key(key)) = map.next_key::<Key>()? {
        object.read_entry(&key, map)?;
    }
    Ok(())
}

/// [`Object::read_entry`] for an entry that is not a property: the `@odata.type` (spelled
/// as `canonical`, the type's own, or kept as read), else an additional property.
pub fn read_extra<'de, A: MapAccess<'de>>(
    odata_type: &mut ODataType,
    additional_properties: &mut AdditionalProperties,
    canonical: &'static str,
    key: &str,
    map: &mut A,
) -> Result<(), A::Error> {
    if key == ODATA_TYPE {
        // The type chose how the object is read: a second one could only contradict it.
        if !odata_type.is_absent() {
            return Err(de::Error::duplicate_field(ODATA_TYPE));
        }
        let text = map.next_value_seed(TextSeed)?;
        *odata_type = ODataType::read(&text, canonical);
    } else {
        let value = map.next_value()?;
        additional_properties.insert_read(key.to_owned(), value)?;
    }
    Ok(())
}

/// A map of one entry, whose key has been read: the `@odata.type` a polymorphic value was
/// dispatched on, handed to the object it chose as its first entry.
struct OneValue<'a, E> {
    text: Option<&'a str>,
    error: PhantomData<E>,
}

// Lent, not copied: the type's own name is then kept without an allocation, as when streamed.
impl<'a, E: de::Error> MapAccess<'a> for OneValue<'a, E> {
    type Error = E;
    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, _seed: K) -> Result<Option<K::Value>, E> {
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, E> {
        let text = self.text.take().ok_or_else(|| de::Error::custom("a value read twice"))?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(text))
    }
}

/// Reads an object's entries into `object`, which holds its default.
fn read_object_into<'de, T: Object, D: Deserializer<'de>>(deserializer: D, object: &mut T) -> Result<(), D::Error> {
    struct InPlace<'a, T>(&'a mut T);
    impl<'de, T: Object> Visitor<'de> for InPlace<'_, T> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "a `{}` object", T::TYPE_NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            read_entries(self.0, &mut map)
        }
    }
    deserializer.deserialize_map(InPlace(object))
}

/// `Deserialize` for a generated object type.
pub fn deserialize_object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let mut object = T::default();
    read_object_into(deserializer, &mut object)?;
    Ok(object)
}

/// `Debug` for a generated object type: its name and its JSON as it would be written
/// (pretty with `{:#?}`). Going through the one writer keeps every type free of a derived
/// `Debug` of its own, which the compiler would check field by field.
pub fn debug_object<T: Object>(value: &T, f: &mut fmt::Formatter) -> fmt::Result {
    struct AsJson<'a, T>(&'a T);
    impl<T: Object> Serialize for AsJson<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_object(self.0, serializer, None)
        }
    }
    let json = if f.alternate() { serde_json::to_string_pretty(&AsJson(value)) } else { json::to_string(&AsJson(value)) };
    write!(f, "{} {}", T::TYPE_NAME, json.map_err(|_| fmt::Error)?)
}

/// `Serialize` for a generated object type. `implied_type` is the `@odata.type` to write when
/// the value carries none of its own: set when the value stands where a base type is declared.
pub fn serialize_object<T: Object, S: Serializer>(value: &T, serializer: S, implied_type: Option<&str>) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    value.write_entries(&mut map, implied_type)?;
    map.end()
}

/// A generated entity or complex type, from its declaration with each property's JSON name
/// beside its field (`#[json("createdDateTime")]`): the struct (with the `odata_type` and
/// `additional_properties` every object carries) and its [`Object`], serde and
/// [`FieldValue`] impls. The names are stated once, and the code that reads and writes them
/// is this macro's, not repeated in every type.
// A model without such types does not use it.
#[allow(unused_macros)]
macro_rules! object {
    (
        $(#[doc = $doc:literal])*
        #[odata($type_name:literal)]
        pub struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                #[json($wire:literal)]
                pub $field:ident: $type:ty,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, PartialEq, Default)]
        pub struct $name {
            $(
                $(#[doc = $field_doc])*
                pub $field: $type,
            )*
            /// The `@odata.type` the value was read with; written back as read. Leave it absent
            /// when building a value: the type is written where the declared type needs it.
            pub odata_type: $crate::runtime::ODataType,
            /// Properties the schema does not declare, kept with their JSON and written back.
            pub additional_properties: $crate::runtime::AdditionalProperties,
        }

        impl $crate::runtime::Object for $name {
            const TYPE_NAME: &'static str = $type_name;
            const ODATA_TYPE: &'static str = concat!("#", $type_name);

            #[allow(unreachable_code, unused_variables)] // a type without properties
            fn read_entry<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> ::std::result::Result<(), A::Error> {
                // Each arm only names its field; the one read is out of line.
                let field: &mut dyn $crate::runtime::ReadField<'de, A> = match key {
                    $($wire => &mut self.$field,)*
                    _ => {
                        return $crate::runtime::read_extra(&mut self.odata_type, &mut self.additional_properties, Self::ODATA_TYPE, key, map);
                    }
                };
                field.read(key, map)
            }

            #[allow(unused_mut)]
            fn write_entries<M: ::serde::ser::SerializeMap>(&self, map: &mut M, implied_type: ::std::option::Option<&str>) -> ::std::result::Result<(), M::Error> {
                let mut out = $crate::runtime::Writer::new(map, &self.odata_type, implied_type);
                $(out.field($wire, &self.$field);)*
                out.finish(&self.additional_properties)
            }
        }

        impl $crate::runtime::FieldValue for $name {
            type Reader = $crate::runtime::InPlace;
        }

        impl ::std::fmt::Debug for $name {
            // Compiled where it is used: it brings the whole writer with it.
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::runtime::debug_object(self, f)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_object(deserializer)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::serialize_object(self, serializer, ::std::option::Option::None)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use object;

/// A value declared as a base type: one variant per concrete type that may stand there.
/// Implemented by `polymorphic!`.
pub trait Polymorphic: Sized {
    /// Reads the rest of the object as the type its `@odata.type` names (`None`: it has none).
    fn read_variant<'de, A: MapAccess<'de>>(odata_type: Option<&str>, rest: Rest<'de, A>) -> Result<Self, A::Error>;

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// The remainder of an object whose `@odata.type` has been read: still streaming when the
/// type came first (as the service sends it), or buffered when it came later.
pub enum Rest<'de, A> {
    Streaming { odata_type: Cow<'de, str>, map: A },
    /// The entries as read, each value as its JSON text (so numbers keep every digit).
    Buffered { entries: Vec<(String, Box<RawValue>)>, map: PhantomData<A> },
}

impl<'de, A: MapAccess<'de>> Rest<'de, A> {
    /// Reads the remainder as a `T` on the heap.
    pub fn finish<T: Object>(self) -> Result<Box<T>, A::Error> {
        let mut object = new_boxed::<T>();
        match self {
            Rest::Streaming { odata_type, mut map } => {
                object.read_entry(ODATA_TYPE, &mut OneValue { text: Some(&odata_type), error: PhantomData::<A::Error> })?;
                read_entries(&mut *object, &mut map)?;
            }
            Rest::Buffered { entries, .. } => {
                let mut buffered = BufferedMap { entries: entries.into_iter(), value: None };
                while let Some((key, value)) = buffered.entries.next() {
                    buffered.value = Some(value);
                    object.read_entry(&key, &mut buffered).map_err(de::Error::custom)?;
                }
            }
        }
        Ok(object)
    }
}

/// Reads buffered entries as a map, one value at a time, each from its own text.
struct BufferedMap {
    entries: std::vec::IntoIter<(String, Box<RawValue>)>,
    value: Option<Box<RawValue>>,
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
        let text = self.value.take().map_or_else(|| "null".to_string(), |raw| raw.get().to_string());
        // Read from bytes, not a borrowed `str`: the seed wants a deserializer for any `'de`.
        let mut deserializer = serde_json::Deserializer::from_reader(text.as_bytes());
        let value = seed.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(value)
    }
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
                return T::read_variant(None, Rest::Buffered { entries: Vec::new(), map: PhantomData::<A> });
            };
            if first == ODATA_TYPE {
                let odata_type = map.next_value_seed(TextSeed)?;
                return T::read_variant(Some(&odata_type.clone()), Rest::Streaming { odata_type, map });
            }
            // The type comes later, if at all: keep the entries, as text, until it is known.
            let mut entries: Vec<(String, Box<RawValue>)> = vec![(first.into_owned(), map.next_value()?)];
            let mut odata_type: Option<String> = None;
            while let Some(Key(key)) = map.next_key::<Key>()? {
                let value: Box<RawValue> = map.next_value()?;
                if key == ODATA_TYPE {
                    if odata_type.is_some() {
                        return Err(de::Error::duplicate_field(ODATA_TYPE));
                    }
                    odata_type = Some(serde_json::from_str::<String>(value.get()).map_err(de::Error::custom)?);
                }
                entries.push((key.into_owned(), value));
            }
            T::read_variant(odata_type.as_deref(), Rest::Buffered { entries, map: PhantomData::<A> })
        }
    }
    deserializer.deserialize_map(PolymorphicVisitor(PhantomData))
}

/// The qualified name an `@odata.type` spells: `#microsoft.graph.x` or `microsoft.graph.x`.
pub fn type_name_of(odata_type: Option<&str>) -> &str {
    let text = odata_type.unwrap_or_default();
    text.strip_prefix('#').unwrap_or(text)
}

/// What `variants` (sorted by name) holds for the type an `@odata.type` names: exactly, else
/// ignoring ASCII case; `None` for a type it does not list.
pub fn find_variant<'v, V>(odata_type: Option<&str>, variants: &'v [(&'static str, V)]) -> Option<&'v V> {
    let name = type_name_of(odata_type);
    match variants.binary_search_by(|(wire, _)| (*wire).cmp(name)) {
        Ok(index) => Some(&variants[index].1),
        Err(_) => variants.iter().find(|(wire, _)| wire.eq_ignore_ascii_case(name)).map(|(_, variant)| variant),
    }
}

/// Whether `variants` is sorted by name, strictly, as [`find_variant`] needs; checked when
/// the crate compiles.
pub const fn sorted_by_name<V>(variants: &[(&str, V)]) -> bool {
    let mut index = 1;
    while index < variants.len() {
        let (before, after) = (variants[index - 1].0.as_bytes(), variants[index].0.as_bytes());
        let mut at = 0;
        while at < before.len() && at < after.len() && before[at] == after[at] {
            at += 1;
        }
        let ascending = if at < before.len() && at < after.len() { before[at] < after[at] } else { before.len() < after.len() };
        if !ascending {
            return false;
        }
        index += 1;
    }
    true
}

/// A value declared as a base type, from its declaration: the base variant first, then one
/// variant per derived type, each with its qualified name (`#[odata("microsoft.graph.x")]`)
/// and, when it compiles under fewer features than the base, its `#[cfg(...)]`.
///
/// Every variant holds its value boxed, so the enum is two words whatever the types. The
/// variant is chosen by the `@odata.type` the payload carries, by name: exactly, else
/// ignoring case; a type this build does not compile (or the schema does not know) is read
/// as the base, with its `@odata.type` and every property kept. The enum is
/// `#[non_exhaustive]`: turning on a feature adds variants.
// A model without such types does not use it.
#[allow(unused_macros)]
macro_rules! polymorphic {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $(#[doc = $base_doc:literal])*
            // The formatter breaks a long variant over lines, with a trailing comma.
            $base:ident($base_type:ty $(,)?),
            $(
                $(#[doc = $variant_doc:literal])*
                #[odata($wire:literal)]
                $(#[cfg($gate:meta)])?
                $variant:ident($type:ty $(,)?),
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = $base_doc])*
            $base(::std::boxed::Box<$base_type>),
            $(
                $(#[doc = $variant_doc])*
                $(#[cfg($gate)] #[cfg_attr(docsrs, doc(cfg($gate)))])?
                $variant(::std::boxed::Box<$type>),
            )*
        }

        impl ::std::default::Default for $name {
            #[inline]
            fn default() -> Self {
                Self::$base(::std::default::Default::default())
            }
        }

        impl ::std::convert::From<$base_type> for $name {
            #[inline]
            fn from(value: $base_type) -> Self {
                Self::$base(::std::boxed::Box::new(value))
            }
        }

        $(
            $(#[cfg($gate)] #[cfg_attr(docsrs, doc(cfg($gate)))])?
            impl ::std::convert::From<$type> for $name {
                #[inline]
                fn from(value: $type) -> Self {
                    Self::$variant(::std::boxed::Box::new(value))
                }
            }
        )*

        impl $crate::runtime::Polymorphic for $name {
            fn read_variant<'de, A: ::serde::de::MapAccess<'de>>(
                odata_type: ::std::option::Option<&str>,
                rest: $crate::runtime::Rest<'de, A>,
            ) -> ::std::result::Result<Self, A::Error> {
                // The variant named, looked up in a table sorted by name: a `match` on the
                // names would cost the compiler time quadratic in the number of variants.
                // Unconstructed: the variants of types this build does not compile.
                #[allow(dead_code, clippy::enum_variant_names)]
                enum Variant {
                    $($variant,)*
                }
                const VARIANTS: &[(&str, Variant)] = &[$(($wire, Variant::$variant),)*];
                const _: () = assert!($crate::runtime::sorted_by_name(VARIANTS), "variants must be sorted by name");
                match $crate::runtime::find_variant(odata_type, VARIANTS) {
                    $($(#[cfg($gate)])? ::std::option::Option::Some(Variant::$variant) => rest.finish().map(Self::$variant),)*
                    _ => rest.finish().map(Self::$base),
                }
            }

            fn write<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    Self::$base(value) => $crate::runtime::serialize_object(&**value, serializer, ::std::option::Option::None),
                    $(
                        $(#[cfg($gate)])?
                        Self::$variant(value) => {
                            $crate::runtime::serialize_object(&**value, serializer, ::std::option::Option::Some(concat!("#", $wire)))
                        }
                    )*
                }
            }
        }

        // Two words: read by value (the variant's box is built as it is read).
        impl $crate::runtime::FieldValue for $name {
            type Reader = $crate::runtime::ByValue;
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_polymorphic(deserializer)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::Polymorphic::write(self, serializer)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use polymorphic;

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
// A model without such types does not use it.
#[allow(unused_macros)]
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
        impl $crate::runtime::FieldValue for $type {
            type Reader = $crate::runtime::ByValue;
        }
    };
}
#[allow(unused_imports)]
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
