//! The set of types a generation root reaches.

use super::{Model, Property, QualifiedName, TypeTarget};
use std::collections::{BTreeMap, BTreeSet};

/// The closure of `roots`: each root, its base types, the types of its properties, and every
/// type derived from a type used as a property's type (a value declared as a base type may be
/// any derived type on the wire). Types reached only as a base do not pull in their other
/// derived types: `entity` is the base of almost everything.
pub fn reachable_from(model: &Model, roots: &[QualifiedName]) -> BTreeSet<QualifiedName> {
    let mut derived: BTreeMap<&QualifiedName, Vec<&QualifiedName>> = BTreeMap::new();
    for (name, def) in &model.types {
        if let Some(base) = def.kind.as_struct().and_then(|s| s.base.as_ref()) {
            derived.entry(base).or_default().push(name);
        }
    }
    let mut reached = BTreeSet::new();
    let mut pending: Vec<QualifiedName> = roots.to_vec();
    let mut used_as_property: Vec<QualifiedName> = Vec::new();
    loop {
        while let Some(name) = pending.pop() {
            if !model.types.contains_key(&name) || !reached.insert(name.clone()) {
                continue;
            }
            let Some(structure) = model.struct_type(&name) else { continue };
            pending.extend(structure.base.iter().cloned());
            // Navigation properties are relationships, not part of a value: they do not
            // pull their targets into the closure.
            for property in structure.properties.iter().filter(|p| !p.navigation) {
                for target in value_targets(model, property) {
                    pending.push(target.clone());
                    used_as_property.push(target.clone());
                }
            }
        }
        let mut grew = false;
        while let Some(target) = used_as_property.pop() {
            let mut stack = vec![target];
            let mut visited = BTreeSet::new();
            while let Some(current) = stack.pop() {
                if !visited.insert(current.clone()) {
                    continue;
                }
                for child in derived.get(&current).into_iter().flatten() {
                    if !reached.contains(*child) {
                        pending.push((*child).clone());
                        grew = true;
                    }
                    stack.push((*child).clone());
                }
            }
        }
        if !grew {
            return reached;
        }
    }
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
