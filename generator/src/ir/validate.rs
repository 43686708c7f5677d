//! The one validation pass over a lowered [`Model`].
//!
//! It repairs what can be repaired with a warning (a reference to a type nothing defines
//! becomes untyped JSON; an unknown base type is dropped) and reports as errors what cannot
//! (a cycle of base types).

use super::{Diagnostic, Model, QualifiedName, TypeTarget};
use std::collections::BTreeSet;

/// Checks and repairs `model` in place; returns what it found, in model order.
pub fn validate(model: &mut Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let known: BTreeSet<QualifiedName> = model.types.keys().cloned().collect();
    let is_struct = |name: &QualifiedName, model: &Model| model.struct_type(name).is_some();

    let names: Vec<QualifiedName> = known.iter().cloned().collect();
    for name in &names {
        let base = model.struct_type(name).and_then(|s| s.base.clone());
        if let Some(base) = base {
            if !is_struct(&base, model) {
                let def = &model.types[name];
                diagnostics.push(Diagnostic::warning(
                    def.span.clone(),
                    format!("base type `{base}` of `{name}` is not defined by any input; generated without it"),
                ));
                if let Some(s) = model.types.get_mut(name).and_then(|d| d.kind.as_struct_mut()) {
                    s.base = None;
                }
            }
        }
    }

    for name in &names {
        if let Some(cycle) = base_cycle(model, name) {
            let def = &model.types[name];
            let path: Vec<String> = cycle.iter().map(ToString::to_string).collect();
            diagnostics.push(Diagnostic::error(
                def.span.clone(),
                format!("base types form a cycle: {}; expected each base chain to end", path.join(" -> ")),
            ));
        }
    }

    for def in model.types.values_mut() {
        let Some(structure) = def.kind.as_struct_mut() else { continue };
        let mut seen = BTreeSet::new();
        structure.properties.retain(|property| {
            if seen.insert(property.json_name.clone()) {
                return true;
            }
            diagnostics.push(Diagnostic::warning(
                property.span.clone(),
                format!("property `{}` is declared twice on `{}`; the first declaration is kept", property.json_name, def.name),
            ));
            false
        });
        for property in &mut structure.properties {
            let unknown: Vec<&QualifiedName> = match &property.ty.target {
                TypeTarget::Named(target) => vec![target],
                TypeTarget::Union(targets) => targets.iter().collect(),
                _ => vec![],
            };
            let unknown: Vec<String> = unknown.into_iter().filter(|t| !known.contains(*t)).map(ToString::to_string).collect();
            if !unknown.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    property.span.clone(),
                    format!(
                        "type `{}` of property `{}.{}` is not defined by any input; typed as raw JSON",
                        unknown.join("` or `"),
                        def.name.name,
                        property.json_name
                    ),
                ));
                property.ty.target = TypeTarget::Untyped;
            }
        }
    }
    diagnostics
}

/// The cycle `name` starts, if following its base types comes back to it.
fn base_cycle(model: &Model, name: &QualifiedName) -> Option<Vec<QualifiedName>> {
    let mut path = vec![name.clone()];
    let mut seen: BTreeSet<&QualifiedName> = BTreeSet::from([name]);
    let mut current = model.struct_type(name)?.base.as_ref();
    while let Some(base) = current {
        if base == name {
            path.push(base.clone());
            return Some(path);
        }
        if !seen.insert(base) {
            return None; // a cycle further up, reported from its own members
        }
        current = model.struct_type(base).and_then(|s| s.base.as_ref());
        path.push(base.clone());
    }
    None
}
