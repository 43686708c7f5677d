//! The one validation pass over a lowered [`Model`].
//!
//! It repairs what can be repaired with a warning (a reference to a type nothing defines
//! becomes untyped JSON; an unknown base type is dropped; a member declared twice is kept
//! once), warns about what the generated code does not depend on (enumeration values that
//! do not fit their type, flag values that are not bits), and reports as errors what cannot
//! be repaired (a cycle of base types).

use super::{Diagnostic, EnumType, Model, Primitive, QualifiedName, TypeKind, TypeTarget};
use std::collections::{BTreeMap, BTreeSet};

/// Checks and repairs `model` in place; returns what it found, in model order.
pub fn validate(model: &mut Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let known: BTreeSet<QualifiedName> = model.types.keys().cloned().collect();
    let is_struct = |name: &QualifiedName, model: &Model| model.struct_type(name).is_some();

    let names: Vec<QualifiedName> = known.iter().cloned().collect();
    for name in &names {
        let base = model.struct_type(name).and_then(|s| s.base.clone());
        if let Some(base) = base
            && !is_struct(&base, model)
        {
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
        if let TypeKind::Enum(enumeration) = &mut def.kind {
            check_enum(&def.name, enumeration, &mut diagnostics);
        }
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

/// Members declared twice (the first is kept), values outside the underlying type, and flag
/// values that are neither a bit nor a combination of other members' bits (`Full = 15` over
/// 1, 2, 4 and 8 is a real composite member).
fn check_enum(name: &QualifiedName, enumeration: &mut EnumType, diagnostics: &mut Vec<Diagnostic>) {
    let mut first_at = BTreeMap::new();
    enumeration.members.retain(|member| match first_at.get(&member.name) {
        None => {
            first_at.insert(member.name.clone(), member.span.clone());
            true
        }
        Some(first) => {
            diagnostics.push(Diagnostic::warning(
                member.span.clone(),
                format!("member `{}` of `{name}` is declared twice (first at {first}); the first declaration is kept", member.name),
            ));
            false
        }
    });

    // CSDL: the underlying type is Edm.Int32 unless said otherwise.
    let underlying = enumeration.underlying.unwrap_or(Primitive::Int32);
    let range: Option<(i64, i64)> = match underlying {
        Primitive::Byte => Some((0, 255)),
        Primitive::SByte => Some((-128, 127)),
        Primitive::Int16 => Some((i16::MIN.into(), i16::MAX.into())),
        Primitive::Int32 => Some((i32::MIN.into(), i32::MAX.into())),
        Primitive::Int64 => Some((i64::MIN, i64::MAX)),
        _ => None,
    };
    let Some((low, high)) = range else {
        let span = enumeration.members.first().map(|m| m.span.clone());
        if let Some(span) = span {
            diagnostics.push(Diagnostic::warning(
                span,
                format!(
                    "the underlying type of `{name}` is {}; expected Edm.Byte, Edm.SByte, Edm.Int16, Edm.Int32 or Edm.Int64",
                    underlying.edm_name()
                ),
            ));
        }
        return;
    };
    for member in &enumeration.members {
        if let Some(value) = member.value.filter(|v| !(low..=high).contains(v)) {
            diagnostics.push(Diagnostic::warning(
                member.span.clone(),
                format!("value {value} of member `{}` of `{name}` is out of the range of {}", member.name, underlying.edm_name()),
            ));
        }
    }

    if enumeration.is_flags {
        let is_bit = |value: i64| value > 0 && value & (value - 1) == 0;
        let bits = enumeration.members.iter().filter_map(|m| m.value).filter(|v| is_bit(*v)).fold(0, |all, bit| all | bit);
        for member in &enumeration.members {
            let Some(value) = member.value else { continue };
            if value != 0 && !is_bit(value) && (value < 0 || value & !bits != 0) {
                diagnostics.push(Diagnostic::warning(
                    member.span.clone(),
                    format!(
                        "flag member `{}` of `{name}` has the value {value}, which is neither a power of two nor a combination of other members' bits",
                        member.name
                    ),
                ));
            }
        }
    }
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
