//! The set of types a generation root reaches.

use super::{Model, Property, QualifiedName, TypeTarget};
use std::collections::{BTreeMap, BTreeSet};

/// Every struct type's direct derived types. Built once per model and read by both the
/// closure of roots (here) and the emitter's polymorphic enums.
#[derive(Debug, Default)]
pub struct DerivedTypes<'m> {
    children: BTreeMap<&'m QualifiedName, Vec<&'m QualifiedName>>,
}

impl<'m> DerivedTypes<'m> {
    pub fn new(model: &'m Model) -> Self {
        let mut children: BTreeMap<&QualifiedName, Vec<&QualifiedName>> = BTreeMap::new();
        for (name, def) in &model.types {
            if let Some(base) = def.kind.as_struct().and_then(|s| s.base.as_ref()) {
                children.entry(base).or_default().push(name);
            }
        }
        DerivedTypes { children }
    }

    /// The types whose base is `base`, in name order.
    pub fn children(&self, base: &QualifiedName) -> &[&'m QualifiedName] {
        self.children.get(base).map_or(&[], Vec::as_slice)
    }

    /// Every type derived from `base`, directly or not, in name order. (A base-type cycle
    /// is refused by validation; the walk would still end.)
    pub fn descendants(&self, base: &QualifiedName) -> Vec<&'m QualifiedName> {
        let mut found = BTreeSet::new();
        let mut stack: Vec<&QualifiedName> = self.children(base).to_vec();
        while let Some(current) = stack.pop() {
            if found.insert(current) {
                stack.extend_from_slice(self.children(current));
            }
        }
        found.into_iter().collect()
    }
}

/// The closure of `roots`: each root, its base types, the types of its properties, and every
/// type derived from a type used as a property's type (a value declared as a base type may be
/// any derived type on the wire). Types reached only as a base do not pull in their other
/// derived types: `entity` is the base of almost everything. Navigation properties are
/// relationships, not part of a value: they pull nothing in.
pub fn reachable_from(model: &Model, derived: &DerivedTypes<'_>, roots: &[QualifiedName]) -> BTreeSet<QualifiedName> {
    let mut reached = BTreeSet::new();
    let mut pending: Vec<QualifiedName> = roots.to_vec();
    // Bases whose derived types are already pending or reached: each is walked once.
    let mut expanded: BTreeSet<QualifiedName> = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !model.types.contains_key(&name) || !reached.insert(name.clone()) {
            continue;
        }
        let Some(structure) = model.struct_type(&name) else { continue };
        pending.extend(structure.base.iter().cloned());
        for property in structure.properties.iter().filter(|p| !p.navigation) {
            for target in value_targets(model, property) {
                pending.push(target.clone());
                if expanded.insert(target.clone()) {
                    pending.extend(derived.descendants(target).into_iter().cloned());
                }
            }
        }
    }
    reached
}

/// The types used as a structural (not navigation) property's type by the struct types of
/// `types`: [`reachable_from`] holds every type derived from each of them.
pub fn property_targets<'m>(model: &'m Model, types: &BTreeSet<QualifiedName>) -> BTreeSet<&'m QualifiedName> {
    let mut targets = BTreeSet::new();
    for name in types {
        for property in model.struct_type(name).map(|s| s.properties.as_slice()).unwrap_or_default().iter().filter(|p| !p.navigation) {
            targets.extend(value_targets(model, property));
        }
    }
    targets
}

/// The named types a property's value may be: its type, or a union's members and their
/// common base (the union is read as that base).
pub fn value_targets<'m>(model: &'m Model, property: &'m Property) -> Vec<&'m QualifiedName> {
    match &property.ty.target {
        TypeTarget::Named(target) => vec![target],
        TypeTarget::Union(members) => members.iter().chain(model.common_base(members)).collect(),
        _ => vec![],
    }
}
