//! Merges the model the pages describe with the model the metadata declares.
//!
//! The metadata is the authority on structure: where both sides know a type or property,
//! the metadata decides its type, nullability, base type and enum members; the pages add
//! descriptions, examples and product areas. What only one side knows is kept, with its
//! [`Sources`] saying which. Every difference is recorded as a [`Disagreement`] with both
//! locations. Names are matched ignoring case (2018 metadata spells `RecordOperation`, its
//! pages `recordOperation`); the pages' spelling is kept, as it is the one the service sends.
//! Enum members that differ only in case (metadata `NotStarted`, pages `notStarted`) are
//! written as the pages spell them and read in both spellings.

use super::{
    Disagreement, DisagreementRule, EnumMember, EnumType, Model, Property, QualifiedName, Sources, Span, StructType, TypeDef, TypeKind,
    TypeRef, TypeTarget,
};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Merges `docs` (from pages) and `metadata` (from CSDL). Either may be empty.
pub fn merge(docs: Model, metadata: Model) -> Model {
    if metadata.types.is_empty() {
        return docs;
    }
    // Each page type is paired with the metadata type of the same name.
    let pairs = super::pair_by_name(&docs, &metadata);
    // References are renamed to the merged names: the pages' spelling of a paired type.
    let mut exact: BTreeMap<QualifiedName, QualifiedName> = BTreeMap::new();
    let mut folded: BTreeMap<String, QualifiedName> = BTreeMap::new();
    for (page, declared) in &pairs {
        let merged_name = page.or(*declared).map(|d| d.name.clone()).unwrap_or_else(|| QualifiedName::new("", ""));
        for def in page.iter().chain(declared.iter()) {
            exact.insert(def.name.clone(), merged_name.clone());
            folded.entry(def.name.folded()).or_insert_with(|| merged_name.clone());
        }
    }
    let rename = |name: &QualifiedName| exact.get(name).or_else(|| folded.get(&name.folded())).cloned().unwrap_or_else(|| name.clone());
    let metadata_by_key: BTreeMap<String, &TypeDef> = metadata.types.values().map(|d| (d.name.folded(), d)).collect();

    let mut merger = Merger {
        metadata: &metadata,
        metadata_by_key: &metadata_by_key,
        docs: &docs,
        merged: Model::default(),
        enum_spellings: Vec::new(),
        inherited_docs: Vec::new(),
    };
    for (page, declared) in pairs {
        let def = match (page, declared) {
            (Some(page), Some(declared)) => merger.both(page, declared, &rename),
            (None, Some(declared)) => {
                if !docs.types.is_empty() {
                    merger.record(
                        DisagreementRule::TypeUndocumented,
                        &declared.name,
                        None,
                        None,
                        Some((declared.span.clone(), "defined".into())),
                    );
                }
                declared.clone()
            }
            (Some(page), None) => {
                let is_prose_enum = matches!(&page.kind, TypeKind::Enum(e) if e.from_prose);
                if !is_prose_enum {
                    merger.record(DisagreementRule::TypeUnknown, &page.name, None, Some((page.span.clone(), "defined".into())), None);
                }
                page.clone()
            }
            (None, None) => continue,
        };
        merger.merged.types.insert(def.name.clone(), def);
    }

    let Merger { mut merged, enum_spellings, inherited_docs, .. } = merger;
    // Per base type, its properties no page documents yet, by name, in declaration order.
    let mut undocumented: BTreeMap<QualifiedName, BTreeMap<String, VecDeque<usize>>> = BTreeMap::new();
    for (owner, json_name, documented) in inherited_docs {
        let owner = rename(&owner);
        let Some(structure) = merged.types.get_mut(&owner).and_then(|d| d.kind.as_struct_mut()) else { continue };
        let slots = undocumented.entry(owner).or_insert_with(|| {
            let mut slots: BTreeMap<String, VecDeque<usize>> = BTreeMap::new();
            for (index, property) in structure.properties.iter().enumerate().filter(|(_, p)| p.sources.docs.is_none()) {
                slots.entry(property.json_name.clone()).or_default().push_back(index);
            }
            slots
        });
        if let Some(property) = slots.get_mut(&json_name).and_then(VecDeque::pop_front).map(|index| &mut structure.properties[index]) {
            property.description = documented.description.clone().or_else(|| property.description.take());
            property.read_only |= documented.read_only;
            property.sources.docs = Some(documented.span.clone());
        }
    }
    for def in merged.types.values_mut() {
        if let Some(structure) = def.kind.as_struct_mut() {
            structure.base = structure.base.as_ref().map(&rename);
            for property in &mut structure.properties {
                property.ty = rename_ref(&property.ty, &rename);
            }
        }
    }
    let mut spellings_by_enum: BTreeMap<QualifiedName, Vec<String>> = BTreeMap::new();
    for (enum_name, page_spelling, _span) in enum_spellings {
        spellings_by_enum.entry(rename(&enum_name)).or_default().push(page_spelling);
    }
    for (enum_name, page_spellings) in spellings_by_enum {
        apply_spellings(&mut merged, &enum_name, &page_spellings);
    }
    drop_unused_prose_enums(&mut merged);
    merged.operations = metadata.operations;
    merged.containers = metadata.containers;
    // What the pages found wrong with themselves stays on record.
    merged.disagreements.extend(docs.disagreements.iter().cloned());
    // Examples of types only the metadata defines.
    for loose in &docs.loose_examples {
        let name = rename(&loose.type_name);
        match merged.types.get_mut(&name).and_then(|d| d.kind.as_struct_mut()) {
            Some(structure) => structure.examples.push(loose.example.clone()),
            None => merged.loose_examples.push(loose.clone()),
        }
    }
    for disagreement in &mut merged.disagreements {
        disagreement.type_name = rename(&disagreement.type_name);
    }
    merged.disagreements.sort();
    merged.disagreements.dedup();
    merged
}

struct Merger<'a> {
    metadata: &'a Model,
    /// The metadata's types by lower-case qualified name.
    metadata_by_key: &'a BTreeMap<String, &'a TypeDef>,
    docs: &'a Model,
    merged: Model,
    /// (metadata enum, member as the pages spell it, where): spellings to apply once all
    /// types are merged.
    enum_spellings: Vec<(QualifiedName, String, Span)>,
    /// (base type, property, the page's entry): a page that lists its inherited properties
    /// documents the base type's property, when no page of the base does.
    inherited_docs: Vec<(QualifiedName, String, Property)>,
}

impl Merger<'_> {
    fn record(
        &mut self,
        rule: DisagreementRule,
        type_name: &QualifiedName,
        property: Option<&str>,
        docs: Option<(Span, String)>,
        metadata: Option<(Span, String)>,
    ) {
        self.merged.disagreements.push(Disagreement {
            rule,
            type_name: type_name.clone(),
            property: property.map(str::to_string),
            docs,
            metadata,
            related: Vec::new(),
        });
    }

    /// A type both sides define: the metadata's structure, the pages' words.
    fn both(&mut self, page: &TypeDef, declared: &TypeDef, rename: &dyn Fn(&QualifiedName) -> QualifiedName) -> TypeDef {
        let mut def = declared.clone();
        def.name = page.name.clone();
        def.description = page.description.clone().or_else(|| declared.description.clone());
        def.product_area = page.product_area.clone();
        def.span = page.span.clone();
        def.sources = Sources { docs: Some(page.span.clone()), metadata: Some(declared.span.clone()) };
        match (&page.kind, &mut def.kind) {
            (TypeKind::Entity(page_struct) | TypeKind::Complex(page_struct), TypeKind::Entity(merged) | TypeKind::Complex(merged)) => {
                self.merge_struct(page, page_struct, declared, merged, rename);
            }
            (TypeKind::Enum(page_enum), TypeKind::Enum(merged)) => {
                self.merge_enum(&page.name, &page.span, page_enum, declared, merged);
            }
            _ => {}
        }
        def
    }

    fn merge_struct(
        &mut self,
        page: &TypeDef,
        page_struct: &StructType,
        declared: &TypeDef,
        merged: &mut StructType,
        rename: &dyn Fn(&QualifiedName) -> QualifiedName,
    ) {
        let name = &page.name;
        merged.examples = page_struct.examples.clone();
        // Silence is not a claim: only what a page states can disagree.
        if let Some(page_base) = &page_struct.base {
            let declared_base = merged.base.as_ref().map(rename);
            if Some(rename(page_base)) != declared_base {
                let said = declared_base.map_or("no base type".to_string(), |b| b.to_string());
                self.record(
                    DisagreementRule::BaseTypeMismatch,
                    name,
                    None,
                    Some((page.span.clone(), page_base.to_string())),
                    Some((declared.span.clone(), said)),
                );
            }
        }
        if page_struct.is_abstract && !merged.is_abstract {
            self.record(
                DisagreementRule::AbstractMismatch,
                name,
                None,
                Some((page.span.clone(), "abstract".into())),
                Some((declared.span.clone(), "not abstract".into())),
            );
        }
        if page_struct.is_open && !merged.is_open {
            self.record(
                DisagreementRule::OpenTypeMismatch,
                name,
                None,
                Some((page.span.clone(), "open".into())),
                Some((declared.span.clone(), "not open".into())),
            );
        }

        let inherited: Vec<(&QualifiedName, &Property)> = self
            .metadata
            .ancestors(&declared.name)
            .into_iter()
            .flat_map(|a| self.metadata.struct_type(a).map(|s| s.properties.as_slice()).unwrap_or_default().iter().map(move |p| (a, p)))
            .collect();
        let page_properties = PropertyIndex::new(&page_struct.properties);
        let page_flattens = inherited.iter().any(|(_, i)| page_properties.folded.contains_key(&i.json_name.to_ascii_lowercase()));
        let mut matched: BTreeSet<usize> = BTreeSet::new();
        for property in &mut merged.properties {
            let found = page_properties.find(&property.json_name);
            let Some((index, documented)) = found else {
                self.record(
                    DisagreementRule::PropertyUndocumented,
                    name,
                    Some(&property.json_name),
                    None,
                    Some((property.span.clone(), property.ty.to_string())),
                );
                continue;
            };
            matched.insert(index);
            self.compare_property(name, documented, property, rename);
            property.description = documented.description.clone().or_else(|| property.description.clone());
            property.read_only |= documented.read_only;
            property.sources.docs = Some(documented.span.clone());
            property.span = documented.span.clone();
        }
        for (owner, declared_inherited) in &inherited {
            let found = page_properties.find(&declared_inherited.json_name);
            match found {
                Some((index, documented)) => {
                    matched.insert(index);
                    let mut shadow = (*declared_inherited).clone();
                    self.compare_property(name, documented, &mut shadow, rename);
                    self.inherited_docs.push(((*owner).clone(), declared_inherited.json_name.clone(), documented.clone()));
                }
                None if page_flattens => self.record(
                    DisagreementRule::PropertyUndocumented,
                    name,
                    Some(&declared_inherited.json_name),
                    None,
                    Some((declared_inherited.span.clone(), declared_inherited.ty.to_string())),
                ),
                None => {}
            }
        }
        for (index, documented) in page_struct.properties.iter().enumerate() {
            if matched.contains(&index) {
                continue;
            }
            self.record(
                DisagreementRule::PropertyUnknown,
                name,
                Some(&documented.json_name),
                Some((documented.span.clone(), documented.ty.to_string())),
                None,
            );
            merged.properties.push(documented.clone());
        }
    }

    /// Compares what a page and the metadata say of one property; `declared` keeps the
    /// metadata's type and nullability.
    fn compare_property(
        &mut self,
        type_name: &QualifiedName,
        documented: &Property,
        declared: &mut Property,
        rename: &dyn Fn(&QualifiedName) -> QualifiedName,
    ) {
        let page_ty = rename_ref(&documented.ty, rename);
        let declared_ty = rename_ref(&declared.ty, rename);
        // A prose enumeration on the page against an enum type in the metadata: compare members.
        if let (TypeTarget::Named(page_enum), TypeTarget::Named(declared_enum)) = (&documented.ty.target, &declared_ty.target) {
            let page_members = self.docs.get(page_enum).and_then(|d| match &d.kind {
                TypeKind::Enum(e) if e.from_prose => Some(e),
                _ => None,
            });
            let declared_members = self.metadata_by_key.get(&declared_enum.folded()).copied();
            if let (Some(page_members), Some(declared_def)) = (page_members, declared_members)
                && let TypeKind::Enum(declared_enum_type) = &declared_def.kind
                && page_ty.collection == declared_ty.collection
            {
                self.compare_members(
                    type_name,
                    Some(&documented.json_name),
                    &documented.span,
                    page_members,
                    declared_def,
                    declared_enum_type,
                );
                return;
            }
        }
        if page_ty.collection == declared_ty.collection {
            // A `String` whose description lists its values, against a plain string.
            let page_is_prose_enum = matches!(&documented.ty.target, TypeTarget::Named(n)
                if matches!(self.docs.get(n).map(|d| &d.kind), Some(TypeKind::Enum(e)) if e.from_prose));
            if page_is_prose_enum && declared_ty.target == TypeTarget::Primitive(super::Primitive::String) {
                return;
            }
            // A union of types that all derive from the metadata's type: the model reads each.
            if let (TypeTarget::Union(members), TypeTarget::Named(base)) = (&page_ty.target, &declared_ty.target) {
                let derives = |member: &QualifiedName| {
                    let declared_member = self.metadata_by_key.get(&member.folded()).map(|d| &d.name);
                    let lineage = declared_member.map(|m| self.metadata.ancestors(m)).unwrap_or_default();
                    member == base || lineage.into_iter().chain(self.docs.ancestors(member)).any(|a| rename(a) == *base)
                };
                if members.iter().all(derives) {
                    return;
                }
            }
        }
        if page_ty != declared_ty && !matches!(page_ty.target, TypeTarget::Untyped) {
            self.record(
                DisagreementRule::PropertyTypeMismatch,
                type_name,
                Some(&declared.json_name),
                Some((documented.span.clone(), page_ty.to_string())),
                Some((declared.span.clone(), declared_ty.to_string())),
            );
        }
    }

    fn merge_enum(&mut self, name: &QualifiedName, span: &Span, page_enum: &EnumType, declared: &TypeDef, merged: &mut EnumType) {
        // A prose enumeration is compared where its property is; comparing it again as a
        // type would report the same members twice.
        if !page_enum.from_prose {
            self.compare_members(name, None, span, page_enum, declared, merged);
        }
        let mut declared_names: BTreeSet<String> = merged.members.iter().map(|m| m.name.to_ascii_lowercase()).collect();
        for member in &page_enum.members {
            if declared_names.insert(member.name.to_ascii_lowercase()) {
                merged.members.push(member.clone());
            }
        }
        let documented_members = first_by_folded_name(&page_enum.members);
        for member in &mut merged.members {
            if let Some(documented) = documented_members.get(&member.name.to_ascii_lowercase()).map(|&i| &page_enum.members[i]) {
                member.description = documented.description.clone().or_else(|| member.description.clone());
            }
        }
    }

    /// Records members only one side lists, and queues the pages' spelling of members that
    /// differ only in case.
    fn compare_members(
        &mut self,
        type_name: &QualifiedName,
        property: Option<&str>,
        page_span: &Span,
        page_enum: &EnumType,
        declared: &TypeDef,
        declared_enum: &EnumType,
    ) {
        let mut only_page = Vec::new();
        let mut case_only = Vec::new();
        let declared_members = first_by_folded_name(&declared_enum.members);
        let page_members = first_by_folded_name(&page_enum.members);
        for member in &page_enum.members {
            match declared_members.get(&member.name.to_ascii_lowercase()).map(|&i| &declared_enum.members[i]) {
                Some(m) if m.name != member.name => {
                    case_only.push(format!("{} / {}", member.name, m.name));
                    self.enum_spellings.push((declared.name.clone(), member.name.clone(), member.span.clone()));
                }
                Some(_) => {}
                None => only_page.push(member.name.clone()),
            }
        }
        let only_metadata: Vec<String> = declared_enum
            .members
            .iter()
            .filter(|m| !page_members.contains_key(&m.name.to_ascii_lowercase()))
            .map(|m| m.name.clone())
            .collect();
        let mut said = Vec::new();
        if !only_page.is_empty() {
            said.push(format!("only on the page: {}", only_page.join(", ")));
        }
        if !only_metadata.is_empty() {
            said.push(format!("only in the metadata: {}", only_metadata.join(", ")));
        }
        if !case_only.is_empty() {
            said.push(format!("differ only in case: {}", case_only.join(", ")));
        }
        if !said.is_empty() {
            self.record(
                DisagreementRule::EnumMemberMismatch,
                type_name,
                property,
                Some((page_span.clone(), said.join("; "))),
                Some((declared.span.clone(), format!("enum `{}`", declared.name))),
            );
        }
    }
}

/// The first member of each name in lower case, so that matching members is a lookup.
fn first_by_folded_name(members: &[EnumMember]) -> BTreeMap<String, usize> {
    let mut first = BTreeMap::new();
    for (index, member) in members.iter().enumerate() {
        first.entry(member.name.to_ascii_lowercase()).or_insert(index);
    }
    first
}

/// A type's page properties by name, so that matching each declared property is a lookup.
struct PropertyIndex<'p> {
    properties: &'p [Property],
    /// The first property of each exact name.
    exact: BTreeMap<&'p str, usize>,
    /// The first property of each name in lower case.
    folded: BTreeMap<String, usize>,
}

impl<'p> PropertyIndex<'p> {
    fn new(properties: &'p [Property]) -> Self {
        let mut exact = BTreeMap::new();
        let mut folded = BTreeMap::new();
        for (index, property) in properties.iter().enumerate() {
            exact.entry(property.json_name.as_str()).or_insert(index);
            folded.entry(property.json_name.to_ascii_lowercase()).or_insert(index);
        }
        PropertyIndex { properties, exact, folded }
    }

    /// The page property named `json_name`: the exact spelling first, then ignoring case.
    fn find(&self, json_name: &str) -> Option<(usize, &'p Property)> {
        let index = self.exact.get(json_name).or_else(|| self.folded.get(&json_name.to_ascii_lowercase()))?;
        Some((*index, &self.properties[*index]))
    }
}

fn rename_ref(ty: &TypeRef, rename: &dyn Fn(&QualifiedName) -> QualifiedName) -> TypeRef {
    let target = match &ty.target {
        TypeTarget::Named(name) => TypeTarget::Named(rename(name)),
        TypeTarget::Union(names) => TypeTarget::Union(names.iter().map(rename).collect()),
        other => other.clone(),
    };
    TypeRef { target, collection: ty.collection }
}

/// Writes `page_spelling` as the member's wire name, keeping the metadata's as an alias.
/// Writes each of `page_spellings` (in order) as the wire name of the first member that
/// differs from it only in case, keeping the metadata's as an alias.
fn apply_spellings(model: &mut Model, enum_name: &QualifiedName, page_spellings: &[String]) {
    let Some(TypeKind::Enum(enumeration)) = model.types.get_mut(enum_name).map(|d| &mut d.kind) else { return };
    // Members by lower-case name, in member order: a spelling only ever changes a member of its own group.
    let mut by_folded_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, member) in enumeration.members.iter().enumerate() {
        by_folded_name.entry(member.name.to_ascii_lowercase()).or_default().push(index);
    }
    for page_spelling in page_spellings {
        let group = by_folded_name.get(&page_spelling.to_ascii_lowercase()).map(Vec::as_slice).unwrap_or_default();
        let Some(&index) = group.iter().find(|&&i| enumeration.members[i].name != *page_spelling) else { continue };
        let member = &mut enumeration.members[index];
        let declared = std::mem::replace(&mut member.name, page_spelling.clone());
        if !member.aliases.contains(&declared) {
            member.aliases.push(declared);
        }
    }
}

/// Prose enumerations that the metadata replaced by its own enum types.
fn drop_unused_prose_enums(model: &mut Model) {
    let used: BTreeSet<QualifiedName> = model
        .types
        .values()
        .filter_map(|d| d.kind.as_struct())
        .flat_map(|s| &s.properties)
        .flat_map(|p| match &p.ty.target {
            TypeTarget::Named(n) => vec![n.clone()],
            TypeTarget::Union(ns) => ns.clone(),
            _ => vec![],
        })
        .collect();
    model.types.retain(|name, def| !matches!(&def.kind, TypeKind::Enum(e) if e.from_prose) || used.contains(name));
}
