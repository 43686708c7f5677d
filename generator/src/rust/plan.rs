//! Decisions made once for the whole model before any item is written: the Rust name and
//! module of every type, which base types need a polymorphic enum, and which fields must be
//! boxed to break recursion.

use super::names::{self, UniqueNames};
use crate::ir::{Model, Primitive, Property, QualifiedName, TypeDef, TypeTarget};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The namespace whose types are re-exported at the crate root.
pub const ROOT_NAMESPACE: &str = "microsoft.graph";

/// The enum that holds a value declared as a base type.
pub struct Polymorphic<'m> {
    pub enum_name: String,
    /// The variant for the base type itself (and for derived types the schema does not know).
    pub base_variant: String,
    /// Every derived type, directly or not, with its variant name, in name order.
    pub variants: Vec<(&'m QualifiedName, String)>,
}

pub struct Plan<'m> {
    pub model: &'m Model,
    pub crate_name: String,
    /// The types to emit, in name order.
    pub emitted: BTreeSet<&'m QualifiedName>,
    pub type_names: BTreeMap<&'m QualifiedName, String>,
    pub file_names: BTreeMap<&'m QualifiedName, String>,
    /// Base types used as a property's type that have emitted derived types.
    pub polymorphic: BTreeMap<&'m QualifiedName, Polymorphic<'m>>,
    /// (type, JSON property name) pairs whose value is boxed to give the type a finite size.
    pub boxed: BTreeSet<(&'m QualifiedName, &'m str)>,
}

impl<'m> Plan<'m> {
    pub fn new(model: &'m Model, crate_name: &str, only: Option<&BTreeSet<QualifiedName>>) -> Self {
        let emitted: BTreeSet<&QualifiedName> = model.types.keys().filter(|name| only.is_none_or(|o| o.contains(*name))).collect();

        let mut module_names: BTreeMap<&str, UniqueNames> = BTreeMap::new();
        let mut module_files: BTreeMap<&str, UniqueNames> = BTreeMap::new();
        let mut type_names = BTreeMap::new();
        let mut file_names = BTreeMap::new();
        for name in &emitted {
            let taken = module_names.entry(&name.namespace).or_default();
            type_names.insert(*name, taken.claim(names::type_name(&name.name)));
            let files = module_files.entry(&name.namespace).or_insert_with(|| UniqueNames::reserving(&["mod"]));
            file_names.insert(*name, files.claim(names::file_name(&name.name)));
        }

        let mut derived: BTreeMap<&QualifiedName, Vec<&QualifiedName>> = BTreeMap::new();
        for name in &emitted {
            for ancestor in model.ancestors(name) {
                if emitted.contains(ancestor) {
                    derived.entry(ancestor).or_default().push(name);
                }
            }
        }
        let mut used_as_property: BTreeSet<&QualifiedName> = BTreeSet::new();
        for name in &emitted {
            for property in model.struct_type(name).map(|s| s.properties.as_slice()).unwrap_or_default() {
                match &property.ty.target {
                    TypeTarget::Named(target) => {
                        used_as_property.insert(target);
                    }
                    TypeTarget::Union(members) => used_as_property.extend(nearest_common_ancestor(model, members, &emitted)),
                    _ => {}
                }
            }
        }
        let mut polymorphic = BTreeMap::new();
        for (base, children) in derived {
            if used_as_property.contains(base) {
                let taken = module_names.entry(&base.namespace).or_default();
                let enum_name = taken.claim(format!("Any{}", names::type_name(&base.name)));
                let base_variant = type_names[base].clone();
                let mut variant_names = UniqueNames::reserving(&[&base_variant]);
                let variants = children.into_iter().map(|child| (child, variant_names.claim(type_names[child].clone()))).collect();
                polymorphic.insert(base, Polymorphic { enum_name, base_variant, variants });
            }
        }

        let mut plan = Plan { model, crate_name: crate_name.to_string(), emitted, type_names, file_names, polymorphic, boxed: BTreeSet::new() };
        plan.boxed = plan.fields_to_box();
        plan
    }

    pub fn def(&self, name: &QualifiedName) -> &'m TypeDef {
        &self.model.types[name]
    }

    pub fn is_root_namespace(namespace: &str) -> bool {
        namespace == ROOT_NAMESPACE
    }

    /// The path of a type from inside the crate: `crate::RecordOperation`,
    /// `crate::call_records::Session`.
    pub fn path(&self, name: &QualifiedName, rust_name: &str) -> TokenStream {
        let ident = names::ident(rust_name);
        if Self::is_root_namespace(&name.namespace) {
            quote!(crate::#ident)
        } else {
            let module = names::ident(&names::module_name(&name.namespace));
            quote!(crate::#module::#ident)
        }
    }

    /// The same path as seen by a user of the crate, for examples.
    pub fn external_path(&self, name: &QualifiedName, rust_name: &str) -> String {
        if Self::is_root_namespace(&name.namespace) {
            format!("{}::{rust_name}", self.crate_name)
        } else {
            format!("{}::{}::{rust_name}", self.crate_name, names::module_name(&name.namespace))
        }
    }

    /// The Rust name a property of type `target` is written with: the polymorphic enum of a
    /// base type, or the type itself.
    pub fn value_type_name(&self, target: &QualifiedName) -> &str {
        match self.polymorphic.get(target) {
            Some(polymorphic) => &polymorphic.enum_name,
            None => &self.type_names[target],
        }
    }

    /// The full type of a property's field, `rt::Field<...>` included.
    pub fn field_type(&self, owner: &QualifiedName, property: &Property) -> TokenStream {
        let single = match &property.ty.target {
            TypeTarget::Primitive(primitive) => primitive_type(*primitive),
            TypeTarget::Named(target) if self.emitted.contains(target) => {
                let path = self.path(target, self.value_type_name(target));
                if self.boxed.contains(&(owner, property.json_name.as_str())) { quote!(::std::boxed::Box<#path>) } else { path }
            }
            TypeTarget::Union(members) => match self.common_base(members) {
                Some(base) => self.path(base, self.value_type_name(base)),
                None => quote!(rt::Json),
            },
            TypeTarget::Named(_) | TypeTarget::Untyped => quote!(rt::Json),
        };
        let value = if property.ty.collection { quote!(::std::vec::Vec<#single>) } else { single };
        quote!(rt::Field<#value>)
    }

    /// The type a union's field is written with: the nearest emitted type every member is or
    /// derives from (its polymorphic enum reads each member as itself).
    fn common_base(&self, members: &'m [QualifiedName]) -> Option<&'m QualifiedName> {
        nearest_common_ancestor(self.model, members, &self.emitted)
    }

    /// Fields that hold a value of their own type, directly or through other types, inline.
    fn fields_to_box(&self) -> BTreeSet<(&'m QualifiedName, &'m str)> {
        let structs: Vec<&QualifiedName> = self.emitted.iter().copied().filter(|n| self.model.struct_type(n).is_some()).collect();
        let position: BTreeMap<&QualifiedName, usize> = structs.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        // Edges: a type holds each inline (non-collection) struct-typed property's type, and
        // every type its polymorphic enum may hold.
        let mut inline_fields: Vec<Vec<(&'m str, Vec<usize>)>> = vec![Vec::new(); structs.len()];
        for (index, name) in structs.iter().enumerate() {
            for property in self.model.all_properties(name) {
                let TypeTarget::Named(target) = &property.ty.target else { continue };
                if property.ty.collection || !position.contains_key(target) {
                    continue;
                }
                let mut held = vec![position[target]];
                if let Some(polymorphic) = self.polymorphic.get(target) {
                    held.extend(polymorphic.variants.iter().filter_map(|(c, _)| position.get(c)).copied());
                }
                inline_fields[index].push((property.json_name.as_str(), held));
            }
        }
        let edges: Vec<Vec<usize>> = inline_fields.iter().map(|fields| fields.iter().flat_map(|(_, h)| h.iter().copied()).collect()).collect();
        let component = strongly_connected(&edges);
        let mut boxed = BTreeSet::new();
        for (index, fields) in inline_fields.iter().enumerate() {
            for (json_name, held) in fields {
                if held.iter().any(|h| component[*h] == component[index]) {
                    boxed.insert((structs[index], *json_name));
                }
            }
        }
        boxed
    }
}

/// The nearest emitted type that every one of `members` is or derives from.
fn nearest_common_ancestor<'m>(
    model: &'m Model,
    members: &'m [QualifiedName],
    emitted: &BTreeSet<&'m QualifiedName>,
) -> Option<&'m QualifiedName> {
    let lineage = |name: &'m QualifiedName| -> Vec<&'m QualifiedName> { std::iter::once(name).chain(model.ancestors(name)).collect() };
    let (first, rest) = members.split_first()?;
    lineage(first).into_iter().find(|candidate| emitted.contains(candidate) && rest.iter().all(|m| lineage(m).contains(candidate)))
}

/// The Rust type of an OData primitive, through the runtime's aliases.
pub fn primitive_type(primitive: Primitive) -> TokenStream {
    match primitive {
        Primitive::String => quote!(::std::string::String),
        Primitive::Boolean => quote!(bool),
        Primitive::Byte => quote!(u8),
        Primitive::SByte => quote!(i8),
        Primitive::Int16 => quote!(i16),
        Primitive::Int32 => quote!(i32),
        Primitive::Int64 => quote!(i64),
        Primitive::Single => quote!(f32),
        Primitive::Double => quote!(f64),
        Primitive::Decimal => quote!(rt::Decimal),
        Primitive::Guid => quote!(rt::Guid),
        Primitive::DateTimeOffset => quote!(rt::DateTimeOffset),
        Primitive::Date => quote!(rt::Date),
        Primitive::TimeOfDay => quote!(rt::TimeOfDay),
        Primitive::Duration => quote!(rt::Duration),
        Primitive::Binary | Primitive::Stream => quote!(rt::Binary),
        Primitive::Geography => quote!(rt::Json),
    }
}

/// Kosaraju's algorithm, iteratively: the component number of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let count = edges.len();
    let mut order = Vec::with_capacity(count);
    let mut visited = vec![false; count];
    for start in 0..count {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            if let Some(&child) = edges[*node].get(*next) {
                *next += 1;
                if !visited[child] {
                    visited[child] = true;
                    stack.push((child, 0));
                }
            } else {
                order.push(*node);
                stack.pop();
            }
        }
    }
    let mut reverse = vec![Vec::new(); count];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; count];
    let mut current = 0;
    for &start in order.iter().rev() {
        if component[start] != usize::MAX {
            continue;
        }
        let mut stack = vec![start];
        component[start] = current;
        while let Some(node) = stack.pop() {
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = current;
                    stack.push(from);
                }
            }
        }
        current += 1;
    }
    component
}


#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_group_cycles_only() {
        // 0 -> 1 -> 2 -> 1, 3 -> 3, 4 alone
        let component = strongly_connected(&[vec![1], vec![2], vec![1], vec![3], vec![]]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[0], component[1]);
        assert_ne!(component[3], component[4]);
    }
}
