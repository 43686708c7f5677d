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
//!
//! An API page documents the metadata operation its request lines name: the last segment
//! (without a namespace prefix or a function's `(...)`, ignoring case) is the operation's
//! name, and the segments before it, walked from an entity set or singleton through keys,
//! navigation properties and casts, must reach a type the operation is bound to or one
//! derived from it, a collection exactly when the binding is. A path the walk cannot follow
//! (a deprecated `/app` singleton) pairs when all operations of that name share one binding.
//! Overloads share a name and binding type, and the page documents them all. A page whose
//! last segment names no operation but a resource (`GET /communications/calls/{id}`)
//! documents reads and writes, not an operation.

use super::paths::Paths;
use super::{
    BodyType, Disagreement, DisagreementRule, DocumentedOperation, EnumMember, EnumType, Model, OperationRef, Primitive, Property,
    QualifiedName, ROOT_NAMESPACE, RequestLine, Sources, Span, StructType, TypeDef, TypeKind, TypeRef, TypeTarget,
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

    // The API pages, each with the metadata operation it documents; their disagreements name
    // operations, so they stay out of the renaming of type names below.
    let before = merger.merged.disagreements.len();
    let mut documented_operations = merger.documented_operations(&docs.documented_operations, &rename);
    let operation_disagreements = merger.merged.disagreements.split_off(before);
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
    // Operations and the container name types as the merged model does (the pages' spelling
    // of a paired type).
    merged.operations = metadata.operations;
    for operation in &mut merged.operations {
        for parameter in operation.binding.iter_mut().chain(operation.parameters.iter_mut()) {
            parameter.ty = rename_ref(&parameter.ty, &rename);
        }
        operation.return_type = operation.return_type.as_ref().map(|ty| rename_ref(ty, &rename));
    }
    for page in &mut documented_operations {
        if let Some(binding) = page.documents.as_mut().and_then(|d| d.binding.as_mut()) {
            *binding = rename_ref(binding, &rename);
        }
    }
    merged.containers = metadata.containers;
    for member in merged.containers.iter_mut().flat_map(|c| c.entity_sets.iter_mut().chain(c.singletons.iter_mut())) {
        member.ty = rename(&member.ty);
    }
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
    merged.documented_operations = documented_operations;
    merged.disagreements.extend(operation_disagreements);
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
        if self.types_differ(&page_ty, &declared_ty, &documented.ty, rename) {
            self.record(
                DisagreementRule::PropertyTypeMismatch,
                type_name,
                Some(&declared.json_name),
                Some((documented.span.clone(), page_ty.to_string())),
                Some((declared.span.clone(), declared_ty.to_string())),
            );
        }
    }

    /// Whether a page's type (`page_ty`, renamed; `written` as the page lowered it) says
    /// something other than the metadata's `declared_ty` (renamed): the one rule for
    /// properties and parameters. A prose enumeration against a plain string, a union of
    /// types that all derive from the declared type, and a page that names no type agree.
    fn types_differ(
        &self,
        page_ty: &TypeRef,
        declared_ty: &TypeRef,
        written: &TypeRef,
        rename: &dyn Fn(&QualifiedName) -> QualifiedName,
    ) -> bool {
        if page_ty.collection == declared_ty.collection {
            // A `String` whose description lists its values, against a plain string.
            let page_is_prose_enum = matches!(&written.target, TypeTarget::Named(n)
                if matches!(self.docs.get(n).map(|d| &d.kind), Some(TypeKind::Enum(e)) if e.from_prose));
            if page_is_prose_enum && declared_ty.target == TypeTarget::Primitive(super::Primitive::String) {
                return false;
            }
            // A union of types that all derive from the metadata's type: the model reads each.
            if let (TypeTarget::Union(members), TypeTarget::Named(base)) = (&page_ty.target, &declared_ty.target) {
                let derives = |member: &QualifiedName| {
                    let declared_member = self.metadata_by_key.get(&member.folded()).map(|d| &d.name);
                    let lineage = declared_member.map(|m| self.metadata.ancestors(m)).unwrap_or_default();
                    member == base || lineage.into_iter().chain(self.docs.ancestors(member)).any(|a| rename(a) == *base)
                };
                if members.iter().all(derives) {
                    return false;
                }
            }
        }
        page_ty != declared_ty && !matches!(page_ty.target, TypeTarget::Untyped)
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

/// Where a walk along a path's segments stands: a type, and whether a collection of it.
type Position = (QualifiedName, bool);

/// Where `path` leads in the metadata (`ir::paths`): an entity type, and whether a
/// collection of it; `None` when the path matches no metadata path or ends elsewhere.
fn position_of(paths: &Paths, path: &str) -> Option<Position> {
    let (ty, collection) = paths.resolve(path).ok()?.addresses?;
    Some((ty.clone(), collection))
}

/// The operation name a path's last segment gives: without a function's `(...)` and a namespace prefix.
fn operation_segment(segment: &str) -> &str {
    let name = segment.split('(').next().unwrap_or(segment);
    name.rsplit('.').next().unwrap_or(name)
}

impl Merger<'_> {
    /// Pairs each API page with the metadata operation it documents, decides what its
    /// examples are read as, and records where page and metadata disagree.
    fn documented_operations(
        &mut self,
        pages: &[DocumentedOperation],
        rename: &dyn Fn(&QualifiedName) -> QualifiedName,
    ) -> Vec<DocumentedOperation> {
        let metadata = self.metadata;
        let paths = Paths::new(metadata);
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, operation) in metadata.operations.iter().enumerate() {
            by_name.entry(operation.name.name.to_ascii_lowercase()).or_default().push(index);
        }
        // Every name a resource segment may have: entity sets, singletons, properties.
        let mut resource_names: BTreeSet<String> = metadata
            .containers
            .iter()
            .flat_map(|c| c.entity_sets.iter().chain(&c.singletons))
            .map(|member| member.name.to_ascii_lowercase())
            .collect();
        for def in metadata.types.values() {
            for property in def.kind.as_struct().map(|s| s.properties.as_slice()).unwrap_or_default() {
                resource_names.insert(property.json_name.to_ascii_lowercase());
            }
        }
        let mut documented = Vec::with_capacity(pages.len());
        let mut documented_indexes: BTreeSet<usize> = BTreeSet::new();
        let mut documented_bindings: BTreeSet<String> = BTreeSet::new();
        for page in pages {
            let mut page = page.clone();
            page.documents = page.requests.iter().find_map(|line| self.pair(line, &by_name, &paths));
            let mut operation_unknown = false;
            // Each request line matched once: for the page's position and for `path-unknown`.
            let resolved: Vec<_> = page.requests.iter().map(|line| paths.resolve(&line.path)).collect();
            let page_position =
                resolved.iter().find_map(|path| path.as_ref().ok()?.addresses.map(|(ty, collection)| (ty.clone(), collection)));
            match &page.documents {
                Some(documents) => {
                    documented_indexes.extend(documents.overloads.iter().copied());
                    if let Some(TypeTarget::Named(binding)) = documents.binding.as_ref().map(|b| &b.target) {
                        documented_bindings.insert(binding.folded());
                    }
                    self.compare_parameters(&page, documents, rename);
                }
                None => {
                    let last = page.requests.first().and_then(|line| line.segments().last().map(|s| (line, s)));
                    // A last segment that is a plain name, not a key (`{id}`, a GUID), a
                    // `$value` or any resource's name, names an operation when it is called
                    // (`name(...)`) or the page's title says so (`call: recordResponse`); else
                    // it may be a navigation the metadata lacks (`path-unknown`'s to say).
                    let names_operation = |segment: &str| {
                        let name = segment.split('(').next().unwrap_or(segment);
                        let titled =
                            page.title.split_once(':').is_some_and(|(_, title)| title.trim().eq_ignore_ascii_case(operation_segment(name)));
                        name.starts_with(|c: char| c.is_ascii_alphabetic())
                            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
                            && !resource_names.contains(&name.to_ascii_lowercase())
                            && (titled || segment.contains('('))
                    };
                    if let Some((line, last)) = last
                        && !metadata.operations.is_empty()
                        && names_operation(last)
                    {
                        operation_unknown = true;
                        self.record(
                            DisagreementRule::OperationUnknown,
                            &QualifiedName::parse(operation_segment(last), ROOT_NAMESPACE),
                            None,
                            Some((line.span.clone(), operation_segment(last).to_string())),
                            None,
                        );
                    }
                }
            }
            // A request line no metadata path explains, unless its last segment is the
            // operation just reported unknown.
            if !metadata.containers.is_empty() {
                for (line, path) in page.requests.iter().zip(&resolved) {
                    let Err(mismatch) = path else { continue };
                    if operation_unknown && mismatch.segment == line.segments().count() {
                        continue;
                    }
                    let subject = match &page.documents {
                        Some(documents) => documents.name.clone(),
                        None => {
                            let named = line.segments().filter(|s| !s.starts_with('{') && !s.starts_with('$')).last().unwrap_or_default();
                            QualifiedName::parse(operation_segment(named), ROOT_NAMESPACE)
                        }
                    };
                    self.record(
                        DisagreementRule::PathUnknown,
                        &subject,
                        None,
                        Some((line.span.clone(), format!("`{} {}`: {mismatch}", line.method, line.path))),
                        None,
                    );
                }
            }
            self.type_examples(&mut page, page_position, &paths, rename);
            documented.push(page);
        }
        for (index, operation) in metadata.operations.iter().enumerate() {
            let Some(TypeTarget::Named(binding)) = operation.binding.as_ref().map(|b| &b.ty.target) else { continue };
            if documented_indexes.contains(&index) || !documented_bindings.contains(&binding.folded()) {
                continue;
            }
            let bound_to = operation.binding.as_ref().map(|b| b.ty.to_string()).unwrap_or_default();
            self.record(
                DisagreementRule::OperationUndocumented,
                &operation.name,
                None,
                None,
                Some((operation.span.clone(), format!("bound to `{bound_to}`"))),
            );
        }
        documented
    }

    /// The operations a request line names, with all their overloads; `None` when it names none.
    fn pair(&self, line: &RequestLine, by_name: &BTreeMap<String, Vec<usize>>, paths: &Paths) -> Option<OperationRef> {
        let segments: Vec<&str> = line.segments().collect();
        let (last, before) = segments.split_last()?;
        let candidates = by_name.get(&operation_segment(last).to_ascii_lowercase())?;
        let operations = &self.metadata.operations;
        let binding_of = |index: &usize| operations[*index].binding.as_ref().map(|b| &b.ty);
        let kept: Vec<usize> = if before.is_empty() {
            candidates.iter().copied().filter(|i| binding_of(i).is_none()).collect()
        } else {
            match position_of(paths, &before.join("/")) {
                Some((reached, collection)) => {
                    let lineage: Vec<&QualifiedName> = std::iter::once(&reached).chain(self.metadata.ancestors(&reached)).collect();
                    candidates
                        .iter()
                        .copied()
                        .filter(|i| {
                            binding_of(i).is_some_and(|b| {
                                b.collection == collection && matches!(&b.target, TypeTarget::Named(n) if lineage.contains(&n))
                            })
                        })
                        .collect()
                }
                None => {
                    let bound: Vec<usize> = candidates.iter().copied().filter(|i| binding_of(i).is_some()).collect();
                    let first = bound.first().and_then(binding_of);
                    if bound.iter().all(|i| binding_of(i) == first) { bound } else { Vec::new() }
                }
            }
        };
        // The first declared operation decides; its overloads share its name and binding.
        let first = &operations[*kept.first()?];
        let binding = first.binding.as_ref().map(|b| b.ty.clone());
        let overloads = kept.iter().copied().filter(|i| operations[*i].name == first.name && binding_of(i) == binding.as_ref()).collect();
        Some(OperationRef { name: first.name.clone(), binding, overloads })
    }

    /// The page's parameter rows against the operation's parameters (of every overload).
    fn compare_parameters(
        &mut self,
        page: &DocumentedOperation,
        documents: &OperationRef,
        rename: &dyn Fn(&QualifiedName) -> QualifiedName,
    ) {
        let mut declared: Vec<&super::Parameter> = Vec::new();
        for index in &documents.overloads {
            for parameter in &self.metadata.operations[*index].parameters {
                if !declared.iter().any(|d| d.name == parameter.name) {
                    declared.push(parameter);
                }
            }
        }
        let find = |name: &str| {
            declared.iter().position(|d| d.name == name).or_else(|| {
                let folded: Vec<usize> = (0..declared.len()).filter(|&i| declared[i].name.eq_ignore_ascii_case(name)).collect();
                if let [only] = folded.as_slice() { Some(*only) } else { None }
            })
        };
        let mut listed = vec![false; declared.len()];
        for row in &page.parameters {
            if row.name.starts_with(['$', '@']) {
                continue;
            }
            let Some(at) = find(&row.name) else {
                self.record(
                    DisagreementRule::ParameterUnknown,
                    &documents.name,
                    Some(&row.name),
                    Some((row.span.clone(), rename_ref(&row.ty, rename).to_string())),
                    None,
                );
                continue;
            };
            listed[at] = true;
            let parameter = declared[at];
            let page_ty = rename_ref(&row.ty, rename);
            let declared_ty = rename_ref(&parameter.ty, rename);
            // A `String` whose description lists its values, against an enum: as a property's
            // prose enumeration, it agrees (the values are the enum's to decide).
            let declared_is_enum = matches!(&parameter.ty.target, TypeTarget::Named(n)
                if matches!(self.metadata_by_key.get(&n.folded()).map(|d| &d.kind), Some(TypeKind::Enum(_))));
            let prose_enum = !row.listed_values.is_empty()
                && row.ty.target == TypeTarget::Primitive(Primitive::String)
                && row.ty.collection == parameter.ty.collection;
            if !(prose_enum && declared_is_enum) && self.types_differ(&page_ty, &declared_ty, &row.ty, rename) {
                self.record(
                    DisagreementRule::ParameterTypeMismatch,
                    &documents.name,
                    Some(&parameter.name),
                    Some((row.span.clone(), page_ty.to_string())),
                    Some((parameter.span.clone(), declared_ty.to_string())),
                );
            }
        }
        for (parameter, _) in declared.iter().zip(&listed).filter(|(_, listed)| !**listed) {
            self.merged.disagreements.push(Disagreement {
                rule: DisagreementRule::ParameterUndocumented,
                type_name: documents.name.clone(),
                property: Some(parameter.name.clone()),
                docs: None,
                metadata: Some((parameter.span.clone(), parameter.ty.to_string())),
                related: vec![page.span.clone()],
            });
        }
    }

    /// Decides what each request body and response body of a page is read as, and records
    /// responses annotated with a type the operation does not return.
    fn type_examples(
        &mut self,
        page: &mut DocumentedOperation,
        page_position: Option<Position>,
        paths: &Paths,
        rename: &dyn Fn(&QualifiedName) -> QualifiedName,
    ) {
        let metadata = self.metadata;
        let operation = page.documents.as_ref().map(|d| &metadata.operations[d.overloads[0]]);
        for request in &mut page.request_examples {
            request.body_type = if operation.is_some() {
                BodyType::Parameters
            } else {
                match (request.method.as_str(), position_of(paths, &request.path).or_else(|| page_position.clone())) {
                    ("POST", Some((ty, true))) | ("PATCH" | "PUT", Some((ty, false))) => BodyType::Type(rename(&ty)),
                    _ => BodyType::Unknown,
                }
            };
        }
        let returns = operation.and_then(|o| o.return_type.as_ref()).map(|r| rename_ref(r, rename));
        let crud_reads = match (page.requests.first().map(|r| r.method.as_str()), &page_position) {
            (Some("GET"), Some((ty, collection))) => Some(TypeRef { target: TypeTarget::Named(rename(ty)), collection: *collection }),
            (Some("POST"), Some((ty, true))) => Some(TypeRef { target: TypeTarget::Named(rename(ty)), collection: false }),
            _ => None,
        };
        for response in &mut page.response_examples {
            let Some(body) = response.body.as_mut() else { continue };
            let annotated = response.annotated_type.as_deref().and_then(|text| {
                let target = match Primitive::from_name(text) {
                    Some(primitive) => TypeTarget::Primitive(primitive),
                    None => {
                        let name = rename(&QualifiedName::parse(text, ROOT_NAMESPACE));
                        self.merged.types.contains_key(&name).then_some(TypeTarget::Named(name))?
                    }
                };
                Some(TypeRef { target, collection: body.collection })
            });
            if let Some(operation) = operation {
                let agrees = match (&annotated, &returns) {
                    (Some(annotated), Some(returns)) => self.is_or_derives(annotated, returns),
                    // A body without a type is read as the return type, when there is one.
                    (None, returns) => response.annotated_type.is_none() && returns.is_some(),
                    (Some(_), None) => false,
                };
                if !agrees {
                    let written = match response.annotated_type.as_deref() {
                        Some(text) if body.collection => format!("`Collection({text})`"),
                        Some(text) => format!("`{text}`"),
                        None => "a JSON body".to_string(),
                    };
                    let declared = returns.as_ref().map_or("nothing".to_string(), ToString::to_string);
                    self.merged.disagreements.push(Disagreement {
                        rule: DisagreementRule::ReturnTypeMismatch,
                        type_name: operation.name.clone(),
                        property: None,
                        docs: Some((response.span.clone(), written)),
                        metadata: Some((operation.span.clone(), declared)),
                        related: Vec::new(),
                    });
                }
            }
            response.read_as = annotated.or_else(|| returns.clone()).or_else(|| crud_reads.clone());
            if let Some(read_as) = &response.read_as {
                body.collection = read_as.collection;
            }
        }
    }

    /// [`Model::is_or_derives`] on the merged model, or else on the metadata's (whose names
    /// the merge may have spelled differently).
    fn is_or_derives(&self, ty: &TypeRef, of: &TypeRef) -> bool {
        self.merged.is_or_derives(ty, of)
            || ty.collection == of.collection
                && match (&ty.target, &of.target) {
                    (TypeTarget::Named(name), TypeTarget::Named(base)) => {
                        let declared = self.metadata_by_key.get(&name.folded()).map(|d| &d.name);
                        declared.is_some_and(|d| self.metadata.ancestors(d).iter().any(|a| a.folded() == base.folded()))
                    }
                    _ => false,
                }
    }
}
