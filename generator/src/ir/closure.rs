//! The set of types and operations a generation root reaches.
//!
//! A root is a type or an operation. **Operations are named** (by `--root`, in drift findings)
//! as `BINDING/NAME`, the binding type as the metadata spells it, wrapped in `Collection(...)`
//! for a collection-bound operation: `microsoft.graph.call/recordResponse`,
//! `Collection(microsoft.graph.user)/delta`; an unbound one by its qualified name. Overloads
//! share that spelling, so it names them all; `(a,b)` after it names the one whose parameters
//! (after the binding one) are exactly `a` and `b`, in any order:
//! `microsoft.graph.reportRoot/getOffice365ActiveUserDetail(period)`. Names match exactly, or
//! ignoring case when that leaves one binding type; `Collection(...)` may be left out when
//! only one of the two bindings has an operation of that name.
//!
//! **Closures** ([`closure`]) hold, besides the types [`reachable_from`] gives, every
//! operation bound to a type of the closure (to the type itself or to a collection of it, not
//! to its derived types), and for each operation its binding, parameter and return types
//! (with their derived types, as for a property), whose bound operations come in turn: a
//! worklist runs to the fixpoint. Types reached only as a base (`entity`) bring their bound
//! operations too, as they are in the closure; the metadata binds none to `entity`.

use super::{Model, Operation, Property, QualifiedName, TypeTarget};
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
/// relationships, not part of a value: they pull nothing in. Operations pull nothing in
/// either: [`closure`] is the closure with them.
pub fn reachable_from(model: &Model, derived: &DerivedTypes<'_>, roots: &[QualifiedName]) -> BTreeSet<QualifiedName> {
    walk(model, derived, roots.to_vec(), Vec::new(), None).types
}

/// A generation root: a type, or operations (an operation's overloads, or one of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    Type(QualifiedName),
    /// Indexes into `Model::operations`.
    Operations(Vec<usize>),
}

/// What a set of roots reaches: the types to generate, and the operations whose binding,
/// parameter and return types all are among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Closure {
    pub types: BTreeSet<QualifiedName>,
    /// Indexes into `Model::operations`, in order.
    pub operations: BTreeSet<usize>,
}

/// The closure of `roots` with operations: see the module's docs.
pub fn closure(model: &Model, derived: &DerivedTypes<'_>, roots: &[Root]) -> Closure {
    let mut bound: BTreeMap<&QualifiedName, Vec<usize>> = BTreeMap::new();
    for (index, operation) in model.operations.iter().enumerate() {
        if let Some(TypeTarget::Named(ty)) = operation.binding.as_ref().map(|b| &b.ty.target) {
            bound.entry(ty).or_default().push(index);
        }
    }
    let types = roots.iter().filter_map(|r| if let Root::Type(name) = r { Some(name.clone()) } else { None }).collect();
    let operations =
        roots.iter().filter_map(|r| if let Root::Operations(list) = r { Some(list.clone()) } else { None }).flatten().collect();
    walk(model, derived, types, operations, Some(&bound))
}

/// The worklist behind [`reachable_from`] and [`closure`]: operations come in only when
/// `bound` (operations by binding type) is given.
fn walk(
    model: &Model,
    derived: &DerivedTypes<'_>,
    mut pending: Vec<QualifiedName>,
    mut pending_operations: Vec<usize>,
    bound: Option<&BTreeMap<&QualifiedName, Vec<usize>>>,
) -> Closure {
    let mut reached = Closure::default();
    // Bases whose derived types are already pending or reached: each is walked once.
    let mut expanded: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut value_of = |target: &QualifiedName, pending: &mut Vec<QualifiedName>| {
        pending.push(target.clone());
        if expanded.insert(target.clone()) {
            pending.extend(derived.descendants(target).into_iter().cloned());
        }
    };
    loop {
        if let Some(index) = pending_operations.pop() {
            let Some(operation) = model.operations.get(index) else { continue };
            if !reached.operations.insert(index) {
                continue;
            }
            for ty in operation.types() {
                if let TypeTarget::Named(target) = &ty.target {
                    value_of(target, &mut pending);
                }
            }
            continue;
        }
        let Some(name) = pending.pop() else { break };
        if !model.types.contains_key(&name) || !reached.types.insert(name.clone()) {
            continue;
        }
        if let Some(operations) = bound.and_then(|b| b.get(&name)) {
            pending_operations.extend(operations);
        }
        let Some(structure) = model.struct_type(&name) else { continue };
        pending.extend(structure.base.iter().cloned());
        for property in structure.properties.iter().filter(|p| !p.navigation) {
            for target in value_targets(model, property) {
                value_of(target, &mut pending);
            }
        }
    }
    reached
}

/// How an operation is named: `microsoft.graph.call/recordResponse`,
/// `Collection(microsoft.graph.user)/delta`, an unbound one by its qualified name; with
/// `with_parameters`, its parameter names after it (`.../getSchedule(schedules,startTime)`),
/// which tells overloads apart.
pub fn operation_spelling(operation: &Operation, with_parameters: bool) -> String {
    let mut spelled = match &operation.binding {
        Some(binding) => format!("{}/{}", binding.ty, operation.name.name),
        None => operation.name.to_string(),
    };
    if with_parameters {
        let names: Vec<&str> = operation.parameters.iter().map(|p| p.name.as_str()).collect();
        spelled.push_str(&format!("({})", names.join(",")));
    }
    spelled
}

/// The operations `text` names (see the module's docs), as indexes into `Model::operations`;
/// empty when it names none.
pub fn find_operations(model: &Model, text: &str) -> Vec<usize> {
    let text = text.trim();
    // `(a,b)` at the end selects overloads; `Collection(x)` at the start is part of the binding.
    let (head, wanted_parameters) = match text.rfind('(') {
        Some(open) if text.ends_with(')') && !text[open..].contains('/') => {
            let mut names: Vec<String> =
                text[open + 1..text.len() - 1].split(',').map(|n| n.trim().to_ascii_lowercase()).filter(|n| !n.is_empty()).collect();
            names.sort();
            (&text[..open], Some(names))
        }
        _ => (text, None),
    };
    let (binding, name, collection) = match head.rsplit_once('/') {
        Some((binding, name)) => match binding.strip_prefix("Collection(").and_then(|b| b.strip_suffix(')')) {
            Some(inner) => (Some(inner), name, Some(true)),
            None => (Some(binding), name, None),
        },
        None => (None, head, None),
    };
    let binding = binding.map(|b| QualifiedName::parse(b, super::ROOT_NAMESPACE));
    let unbound_name = binding.is_none().then(|| QualifiedName::parse(name, super::ROOT_NAMESPACE));
    let matches = |exact: bool| -> Vec<usize> {
        let same = |a: &str, b: &str| if exact { a == b } else { a.eq_ignore_ascii_case(b) };
        let same_name = |a: &QualifiedName, b: &QualifiedName| same(&a.namespace, &b.namespace) && same(&a.name, &b.name);
        model
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| match (&binding, &op.binding, &unbound_name) {
                (Some(wanted), Some(actual), _) => {
                    let TypeTarget::Named(ty) = &actual.ty.target else { return false };
                    same_name(ty, wanted) && same(&op.name.name, name) && collection.is_none_or(|c| c == actual.ty.collection)
                }
                (None, None, Some(wanted)) => same_name(&op.name, wanted),
                _ => false,
            })
            .map(|(index, _)| index)
            .collect()
    };
    let mut found = matches(true);
    if found.is_empty() {
        found = matches(false);
        let bindings: BTreeSet<String> =
            found.iter().map(|&i| operation_spelling(&model.operations[i], false).to_ascii_lowercase()).collect();
        let spellings: BTreeSet<String> = found.iter().map(|&i| operation_spelling(&model.operations[i], false)).collect();
        if spellings.len() > bindings.len() {
            // Names that differ only in case: ignoring it would merge them.
            found.clear();
        }
    }
    if collection.is_none() {
        // Left out, `Collection(...)` is not there when an operation bound to the type itself is.
        let single: Vec<usize> =
            found.iter().copied().filter(|&i| model.operations[i].binding.as_ref().is_none_or(|b| !b.ty.collection)).collect();
        if !single.is_empty() {
            found = single;
        }
    }
    if let Some(wanted) = wanted_parameters {
        found.retain(|&i| model.operations[i].folded_parameter_names() == wanted);
    }
    found
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
