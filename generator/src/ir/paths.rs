//! The service's paths: templates from the entity container, the canonical paths of each
//! bound operation, and any other path matched against the metadata on demand.
//!
//! **Templates.** A path starts at an entity set (`/users`, a collection) or a singleton
//! (`/me`, one entity) and follows navigation properties (`/calls`). A collection is followed
//! by a key segment to reach one of its entities, written `{type-id}` from the entity type's
//! name in kebab case (`/communications/calls/{call-id}`, `/users/{user-id}`). A bound
//! operation comes last, after the segment that addresses what it is bound to: an entity, or
//! for a collection-bound operation the collection segment itself. It is written unqualified,
//! as Graph's pages write it (`/communications/calls/{call-id}/recordResponse`); a function
//! carries its parameters in declaration order, each as a placeholder of its own name
//! (`/reports/getOffice365ActiveUserDetail(period={period})`), and `()` when it has none
//! (`/users/delta()`); an action carries no parentheses.
//!
//! **Canonical paths.** Types contain themselves (`mailFolder.childFolders`), so the paths
//! cannot all be listed. An operation's canonical paths are the shortest paths to what it is
//! bound to, from any root, through **containment navigations only**: a contained entity's
//! canonical URL is its path through its container, and a non-contained one's is its entity
//! set (OData URL conventions), so a navigation such as `/me/manager`, even with a
//! `NavigationPropertyBinding`, is another address of an entity whose canonical address is
//! elsewhere. Length counts roots and navigation properties; a key is part of the step to
//! the entity, so `/me` and `/users/{user-id}` are both one step long and both canonical for
//! an operation bound to `user`. A shortest path never passes the same entity type twice as
//! the same kind of node (an entity, or a collection of them). One breadth-first walk over the
//! types computes them all: each type is expanded once, and each keeps at most
//! [`MAX_PATHS_PER_TARGET`] paths (in the walk's order: container order, then property order).
//!
//! **Inherited operations.** An operation bound to a base type applies to every derived
//! type, but its canonical paths are those of the binding type itself, where that type is
//! reachable: listing the paths of every type derived from `entity` or `directoryObject`
//! would list most of the service. [`Paths::resolve`] accepts such an operation after any
//! derived type (`/users/{id}/checkMemberGroups`).
//!
//! **Matching.** [`Paths::resolve`] walks a path as written on a page, segment by segment:
//! roots, navigation properties (contained or not, inherited too), key segments (any text:
//! `{id}` matches where the template says `{call-id}`; `users('id')` and `users(id)` too),
//! type casts (`microsoft.graph.user`, to the type or a type derived from it), structural
//! properties, bound operations (qualified or not, bound to the current type or a base; a
//! function with or without its parenthesised parameters), and `$value`, `$count` and `$ref`.
//! A leading `https://graph.microsoft.com`, `/beta` or `/v1.0`, and the query string, are
//! ignored. Names are matched exactly, else ignoring ASCII case when that leaves one.

use super::{ContainerMember, Model, Operation, OperationKind, Property, QualifiedName, TypeKind, TypeTarget};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How many canonical paths of the same, shortest, length are kept for one entity type (or
/// collection of it): enough for the roots that expose it side by side (`/me`,
/// `/users/{user-id}`), and a bound on the work when many containers reach a type.
pub const MAX_PATHS_PER_TARGET: usize = 16;

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// An entity set or a singleton: `users`, `me`.
    Root(String),
    /// A navigation property: `calls`.
    Navigation(String),
    /// The key of one entity of a collection, `{call-id}`: the placeholder's name and the
    /// collection's entity type.
    Key { placeholder: String, ty: QualifiedName },
    /// A bound operation, by its unqualified name; a function's parameter names, in order
    /// (`None` for an action).
    Operation { name: String, function_parameters: Option<Vec<String>> },
}

/// A path template: `/communications/calls/{call-id}/recordResponse`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PathTemplate {
    pub segments: Vec<Segment>,
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            f.write_str("/")?;
            match segment {
                Segment::Root(name) | Segment::Navigation(name) => f.write_str(name)?,
                Segment::Key { placeholder, .. } => write!(f, "{{{placeholder}}}")?,
                Segment::Operation { name, function_parameters: None } => f.write_str(name)?,
                Segment::Operation { name, function_parameters: Some(parameters) } => {
                    let list: Vec<String> = parameters.iter().map(|p| format!("{p}={{{p}}}")).collect();
                    write!(f, "{name}({})", list.join(","))?;
                }
            }
        }
        Ok(())
    }
}

/// The placeholder of a key of `ty`: its name in kebab case, then `-id` (`call-id`,
/// `record-operation-id`, `comms-application-id` for the 2018 metadata's `CommsApplication`).
pub fn key_placeholder(ty: &QualifiedName) -> String {
    let chars: Vec<char> = ty.name.chars().collect();
    let mut kebab = String::with_capacity(chars.len() + 4);
    for (at, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && at > 0 {
            let previous = chars[at - 1];
            let next_lower = chars.get(at + 1).is_some_and(char::is_ascii_lowercase);
            if previous.is_ascii_lowercase() || previous.is_ascii_digit() || (previous.is_ascii_uppercase() && next_lower) {
                kebab.push('-');
            }
        }
        kebab.push(c.to_ascii_lowercase());
    }
    kebab.push_str("-id");
    kebab
}

/// What a path addresses at some point of the walk: an entity type, or a collection of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Node<'m> {
    ty: &'m QualifiedName,
    collection: bool,
}

/// The canonical paths of every bound operation, and what [`Paths::resolve`] needs.
pub struct Paths<'m> {
    model: &'m Model,
    /// Per operation (in `model.operations` order), its canonical paths.
    canonical: Vec<Vec<PathTemplate>>,
    /// Roots by name, in container order.
    roots: BTreeMap<&'m str, (&'m ContainerMember, bool)>,
    /// Bound operations by what they are bound to: indexes into `model.operations`.
    bound: BTreeMap<Node<'m>, Vec<usize>>,
    /// Type names by their folded form, for casts spelled in another case.
    folded_types: BTreeMap<String, Vec<&'m QualifiedName>>,
}

impl<'m> Paths<'m> {
    /// Computes the canonical paths of every bound operation of `model`, in one walk.
    pub fn new(model: &'m Model) -> Self {
        let mut roots = BTreeMap::new();
        for container in &model.containers {
            let members = container.entity_sets.iter().map(|m| (m, true)).chain(container.singletons.iter().map(|m| (m, false)));
            for (member, collection) in members {
                roots.entry(member.name.as_str()).or_insert((member, collection));
            }
        }
        let mut bound: BTreeMap<Node<'m>, Vec<usize>> = BTreeMap::new();
        for (index, operation) in model.operations.iter().enumerate() {
            if let Some(node) = binding_node(operation) {
                bound.entry(node).or_default().push(index);
            }
        }
        let (arena, shortest) = shortest_paths(model);
        let canonical = model
            .operations
            .iter()
            .map(|operation| {
                let Some(node) = binding_node(operation) else { return Vec::new() };
                let segment = operation_segment(operation);
                shortest
                    .get(&node)
                    .into_iter()
                    .flatten()
                    .map(|&path| {
                        let mut segments = arena.segments(path);
                        segments.push(segment.clone());
                        PathTemplate { segments }
                    })
                    .collect()
            })
            .collect();
        let mut folded_types: BTreeMap<String, Vec<&'m QualifiedName>> = BTreeMap::new();
        for name in model.types.keys() {
            folded_types.entry(name.folded()).or_default().push(name);
        }
        Paths { model, canonical, roots, bound, folded_types }
    }

    /// The canonical paths of `model.operations[index]`: empty for an unbound operation and for
    /// one whose binding type no containment path reaches.
    pub fn canonical(&self, index: usize) -> &[PathTemplate] {
        self.canonical.get(index).map_or(&[], Vec::as_slice)
    }

    /// Every operation's canonical paths, in `model.operations` order.
    pub fn all_canonical(&self) -> &[Vec<PathTemplate>] {
        &self.canonical
    }

    /// Matches `path` (as a page writes it: `/communications/calls/{id}/recordResponse`,
    /// `https://graph.microsoft.com/beta/me`) against the metadata, segment by segment.
    pub fn resolve(&self, path: &str) -> Result<ResolvedPath<'m>, PathMismatch> {
        let texts = split_segments(strip_prefix(path)?);
        if texts.is_empty() {
            return Err(PathMismatch { segment: 0, text: String::new(), reason: "the path has no segment".into() });
        }
        let mut resolved = ResolvedPath { segments: Vec::with_capacity(texts.len()), addresses: None };
        let mut at = At::Start;
        for (index, text) in texts.iter().enumerate() {
            let mismatch = |reason: String| PathMismatch { segment: index + 1, text: text.to_string(), reason };
            let (segment, next) = self.step(at, text).map_err(mismatch)?;
            resolved.segments.push(segment);
            at = next;
        }
        resolved.addresses = match at {
            At::Collection(ty) => Some((ty, true)),
            At::Entity(ty) => Some((ty, false)),
            _ => None,
        };
        Ok(resolved)
    }

    /// One segment of a walk: what it is, and where the walk is after it.
    fn step(&self, at: At<'m>, text: &str) -> Result<(ResolvedSegment<'m>, At<'m>), String> {
        let (name, arguments) = split_arguments(text);
        match at {
            At::Start => {
                let (member, collection) = find_by_name(&self.roots, name)
                    .ok_or_else(|| format!("no entity set or singleton is named `{name}`; expected one of the entity container's"))?;
                if collection && arguments.is_some() {
                    // `users('id')`: the set and a key in one segment.
                    return Ok((ResolvedSegment::Root(member), At::Entity(&member.ty)));
                }
                let next = if collection { At::Collection(&member.ty) } else { At::Entity(&member.ty) };
                Ok((ResolvedSegment::Root(member), next))
            }
            At::Collection(ty) => {
                // `$value` is a media entity's stream or a primitive's value, never a collection's.
                if let Some(special) = dollar_segment(text, false) {
                    return special;
                }
                if let Some(cast) = self.cast(ty, name) {
                    return Ok((ResolvedSegment::Cast(cast), At::Collection(cast)));
                }
                if let Some(found) = self.operation(Node { ty, collection: true }, name, arguments) {
                    return Ok(found);
                }
                Ok((ResolvedSegment::Key(ty), At::Entity(ty)))
            }
            At::Entity(ty) => {
                if let Some(special) = dollar_segment(text, self.model.struct_type(ty).is_some_and(|s| s.has_stream)) {
                    return special;
                }
                if let Some(property) = self.property(ty, name) {
                    let next = self.after_property(property);
                    if property.navigation {
                        let segment = ResolvedSegment::Navigation { owner: ty, property };
                        return match (next, arguments) {
                            // `calls('id')`: the navigation and a key in one segment.
                            (At::Collection(target), Some(_)) => Ok((segment, At::Entity(target))),
                            _ => Ok((segment, next)),
                        };
                    }
                    return Ok((ResolvedSegment::Property(property), next));
                }
                if let Some(cast) = self.cast(ty, name) {
                    return Ok((ResolvedSegment::Cast(cast), At::Entity(cast)));
                }
                if let Some(found) = self.operation(Node { ty, collection: false }, name, arguments) {
                    return Ok(found);
                }
                Err(format!("`{ty}` has no navigation property, property, derived type or bound operation named `{name}`"))
            }
            At::Complex(ty) => {
                if let Some(property) = self.property(ty, name) {
                    return Ok((ResolvedSegment::Property(property), self.after_property(property)));
                }
                if let Some(cast) = self.cast(ty, name) {
                    return Ok((ResolvedSegment::Cast(cast), At::Complex(cast)));
                }
                Err(format!("`{ty}` has no property or derived type named `{name}`"))
            }
            At::Value => match dollar_segment(text, true) {
                Some(special) => special,
                None => Err("a primitive value or a collection of values has no segments but `$value` and `$count`".into()),
            },
            At::End(what) => Err(format!("nothing follows {what}")),
        }
    }

    fn property(&self, ty: &QualifiedName, name: &str) -> Option<&'m Property> {
        let all = self.model.all_properties(ty);
        let exact = all.iter().copied().find(|p| p.json_name == name);
        exact.or_else(|| unique(all.iter().copied().filter(|p| p.json_name.eq_ignore_ascii_case(name))))
    }

    /// Where a walk is after `property`.
    fn after_property(&self, property: &'m Property) -> At<'m> {
        self.after_type(&property.ty.target, property.ty.collection)
    }

    fn after_type(&self, target: &'m TypeTarget, collection: bool) -> At<'m> {
        match target {
            TypeTarget::Named(name) => match self.model.get(name).map(|d| &d.kind) {
                Some(TypeKind::Entity(_)) if collection => At::Collection(name),
                Some(TypeKind::Entity(_)) => At::Entity(name),
                Some(TypeKind::Complex(_)) if !collection => At::Complex(name),
                _ => At::Value,
            },
            _ => At::Value,
        }
    }

    /// A type cast from `ty` to `name`: the type itself or one derived from it.
    fn cast(&self, ty: &QualifiedName, name: &str) -> Option<&'m QualifiedName> {
        if !name.contains('.') {
            return None;
        }
        let wanted = QualifiedName::parse(name, "");
        let found = match self.model.types.get_key_value(&wanted) {
            Some((key, _)) => key,
            None => unique(self.folded_types.get(&wanted.folded()).into_iter().flatten().copied())?,
        };
        (found == ty || self.model.ancestors(found).contains(&ty)).then_some(found)
    }

    /// The operations named `name` (qualified or not) bound to `node`'s type or one of its
    /// bases (collections to collections); the overloads whose parameters a function's
    /// `(a=..,b=..)` names exactly, when some do.
    fn operation(&self, node: Node<'m>, name: &str, arguments: Option<&str>) -> Option<(ResolvedSegment<'m>, At<'m>)> {
        let qualified = name.contains('.').then(|| QualifiedName::parse(name, ""));
        let lineage = std::iter::once(node.ty).chain(self.model.ancestors(node.ty));
        let candidates: Vec<&'m Operation> = lineage
            .flat_map(|ty| self.bound.get(&Node { ty, collection: node.collection }).into_iter().flatten())
            .map(|&index| &self.model.operations[index])
            .collect();
        let named = |exact: bool| -> Vec<&'m Operation> {
            candidates
                .iter()
                .copied()
                .filter(|op| {
                    let same = |a: &str, b: &str| if exact { a == b } else { a.eq_ignore_ascii_case(b) };
                    match &qualified {
                        Some(q) => same(&op.name.namespace, &q.namespace) && same(&op.name.name, &q.name),
                        None => same(&op.name.name, name),
                    }
                })
                .collect()
        };
        let mut found = named(true);
        if found.is_empty() {
            found = named(false);
            // Ignoring case must not merge two operations that differ only in case.
            let distinct: std::collections::BTreeSet<&QualifiedName> = found.iter().map(|op| &op.name).collect();
            if distinct.len() > 1 {
                found.clear();
            }
        }
        if found.is_empty() {
            return None;
        }
        if let Some(given) = arguments.map(argument_names).filter(|names| !names.is_empty()) {
            let exact: Vec<&'m Operation> = found.iter().copied().filter(|op| op.folded_parameter_names() == given).collect();
            if !exact.is_empty() {
                found = exact;
            }
        }
        let first = found[0];
        let next = match (&first.return_type, first.is_composable) {
            (Some(returned), true) => self.after_type(&returned.target, returned.collection),
            _ => At::End("an operation that is not composable"),
        };
        Some((ResolvedSegment::Operation(found), next))
    }
}

/// Where a walk is: before the first segment, at an entity, a collection of entities, a
/// complex value, a primitive value or collection of values, or past what may be followed.
#[derive(Debug, Clone, Copy)]
enum At<'m> {
    Start,
    Collection(&'m QualifiedName),
    Entity(&'m QualifiedName),
    Complex(&'m QualifiedName),
    Value,
    End(&'static str),
}

/// A path matched against the metadata: what each segment is.
#[derive(Debug, Clone)]
pub struct ResolvedPath<'m> {
    pub segments: Vec<ResolvedSegment<'m>>,
    /// The entity type the path addresses, and whether a collection of it; `None` when it
    /// ends at anything else (a property, a value, an operation's result).
    pub addresses: Option<(&'m QualifiedName, bool)>,
}

impl<'m> ResolvedPath<'m> {
    /// The operation the path calls (its overloads, when the path does not tell them apart),
    /// if its last operation segment is the path's last segment.
    pub fn operations(&self) -> &[&'m Operation] {
        match self.segments.last() {
            Some(ResolvedSegment::Operation(operations)) => operations,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone)]
pub enum ResolvedSegment<'m> {
    Root(&'m ContainerMember),
    Navigation {
        owner: &'m QualifiedName,
        property: &'m Property,
    },
    /// A key of an entity of this type.
    Key(&'m QualifiedName),
    Cast(&'m QualifiedName),
    /// A structural property.
    Property(&'m Property),
    /// A bound operation: its overloads that the segment matches.
    Operation(Vec<&'m Operation>),
    Count,
    Value,
    Ref,
}

/// Why a path does not match: the segment (1-based, after the prefix is removed; 0 for the
/// host), as written, and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("segment {segment} `{text}`: {reason}")]
pub struct PathMismatch {
    pub segment: usize,
    pub text: String,
    pub reason: String,
}

/// What a bound operation is bound to.
fn binding_node(operation: &Operation) -> Option<Node<'_>> {
    let binding = operation.binding.as_ref()?;
    match &binding.ty.target {
        TypeTarget::Named(ty) => Some(Node { ty, collection: binding.ty.collection }),
        _ => None,
    }
}

fn operation_segment(operation: &Operation) -> Segment {
    let function_parameters = match operation.kind {
        OperationKind::Function => Some(operation.parameters.iter().map(|p| p.name.clone()).collect()),
        OperationKind::Action => None,
    };
    Segment::Operation { name: operation.name.name.clone(), function_parameters }
}

/// Paths as a tree: each is its last segment and the path before it, so a path one step
/// longer than another costs one entry, however deep it is.
#[derive(Default)]
struct PathArena {
    entries: Vec<(Option<usize>, Segment)>,
}

impl PathArena {
    fn push(&mut self, parent: Option<usize>, segment: Segment) -> usize {
        self.entries.push((parent, segment));
        self.entries.len() - 1
    }

    /// The segments of path `id`, from the root.
    fn segments(&self, id: usize) -> Vec<Segment> {
        let mut segments = Vec::new();
        let mut at = Some(id);
        while let Some(index) = at {
            let (parent, segment) = &self.entries[index];
            segments.push(segment.clone());
            at = *parent;
        }
        segments.reverse();
        segments
    }
}

/// The shortest paths through containment to every entity type and collection of one that a
/// root reaches, at most [`MAX_PATHS_PER_TARGET`] each: one breadth-first walk, level by
/// level, a level being a root or a navigation property (a key is part of the step to the
/// entity). Each node is expanded once and each path is one arena entry, so the work is
/// linear in the navigation properties times the paths kept.
fn shortest_paths(model: &Model) -> (PathArena, BTreeMap<Node<'_>, Vec<usize>>) {
    let mut arena = PathArena::default();
    let mut reached: BTreeMap<Node, (u32, Vec<usize>)> = BTreeMap::new();
    let is_entity = |name: &QualifiedName| matches!(model.get(name).map(|d| &d.kind), Some(TypeKind::Entity(_)));
    let mut level = 1;
    let mut current: Vec<Node> = Vec::new();
    for container in &model.containers {
        let members = container.entity_sets.iter().map(|m| (m, true)).chain(container.singletons.iter().map(|m| (m, false)));
        for (member, collection) in members {
            if is_entity(&member.ty) {
                let node = Node { ty: &member.ty, collection };
                add_path(&mut reached, &mut arena, node, (None, Segment::Root(member.name.clone())), level, &mut current);
            }
        }
    }
    while !current.is_empty() {
        // The collections of this level give their entities at the same level, through a key.
        let collections: Vec<Node> = current.iter().copied().filter(|n| n.collection).collect();
        for collection in collections {
            let key = Segment::Key { placeholder: key_placeholder(collection.ty), ty: collection.ty.clone() };
            let entity = Node { ty: collection.ty, collection: false };
            for path in reached[&collection].1.clone() {
                add_path(&mut reached, &mut arena, entity, (Some(path), key.clone()), level, &mut current);
            }
        }
        let mut next = Vec::new();
        for node in current.iter().filter(|n| !n.collection) {
            let paths = reached[node].1.clone();
            for property in model.all_properties(node.ty).into_iter().filter(|p| p.navigation && p.contains_target) {
                let TypeTarget::Named(target) = &property.ty.target else { continue };
                if !is_entity(target) {
                    continue;
                }
                let target = Node { ty: target, collection: property.ty.collection };
                for &path in &paths {
                    let step = (Some(path), Segment::Navigation(property.json_name.clone()));
                    add_path(&mut reached, &mut arena, target, step, level + 1, &mut next);
                }
            }
        }
        current = next;
        level += 1;
    }
    (arena, reached.into_iter().map(|(node, (_, paths))| (node, paths)).collect())
}

/// Adds the path `step` (a path and the segment after it) to `node` at `level`: a first visit
/// queues the node, a visit at the same level adds a path (up to the bound), a later one is
/// longer and ignored.
fn add_path<'m>(
    reached: &mut BTreeMap<Node<'m>, (u32, Vec<usize>)>,
    arena: &mut PathArena,
    node: Node<'m>,
    (parent, segment): (Option<usize>, Segment),
    level: u32,
    queue: &mut Vec<Node<'m>>,
) {
    match reached.get_mut(&node) {
        None => {
            let path = arena.push(parent, segment);
            reached.insert(node, (level, vec![path]));
            queue.push(node);
        }
        Some((depth, paths)) if *depth == level && paths.len() < MAX_PATHS_PER_TARGET => paths.push(arena.push(parent, segment)),
        Some(_) => {}
    }
}

/// The hosts of Microsoft Graph: the global service and the national clouds.
const GRAPH_HOSTS: &[&str] =
    &["graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "graph.microsoft.de", "microsoftgraph.chinacloudapi.cn"];

/// `path` without a scheme and Graph host, an API version, a query string or a fragment; an
/// absolute URL of another host (a bot's callback in a notification example) is refused.
fn strip_prefix(path: &str) -> Result<&str, PathMismatch> {
    let mut rest = path.trim();
    if let Some(after_scheme) = rest.strip_prefix("https://").or_else(|| rest.strip_prefix("http://")) {
        let (host, after_host) = after_scheme.split_at(after_scheme.find('/').unwrap_or(after_scheme.len()));
        if !GRAPH_HOSTS.iter().any(|graph| host.eq_ignore_ascii_case(graph)) {
            return Err(PathMismatch {
                segment: 0,
                text: host.to_string(),
                reason: format!("the host is not Microsoft Graph's; expected `{}` or a path", GRAPH_HOSTS[0]),
            });
        }
        rest = after_host;
    }
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    rest = &rest[..end];
    for version in ["/beta", "/v1.0"] {
        if let Some(after) = rest.strip_prefix(version).filter(|after| after.is_empty() || after.starts_with('/')) {
            rest = after;
            break;
        }
    }
    Ok(rest)
}

/// The segments of a path: split at `/` outside parentheses, braces and quotes (a key or a
/// function's argument may hold a `/`); empty segments (a leading or doubled `/`) dropped.
fn split_segments(path: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, 0);
    for (at, c) in path.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '{' if !quoted => depth += 1,
            ')' | '}' if !quoted => depth = depth.saturating_sub(1),
            '/' if !quoted && depth == 0 => {
                segments.push(&path[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    segments.push(&path[start..]);
    segments.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// `name(arguments)` split into the name and the text inside the parentheses.
fn split_arguments(segment: &str) -> (&str, Option<&str>) {
    if segment.starts_with('{') {
        return (segment, None);
    }
    match segment.find('(') {
        Some(open) if segment.ends_with(')') => (&segment[..open], Some(&segment[open + 1..segment.len() - 1])),
        _ => (segment, None),
    }
}

/// The parameter names of a function call's arguments (`a=1,b='x'`), lower-cased and sorted.
fn argument_names(arguments: &str) -> Vec<String> {
    let mut names: Vec<String> = split_outside_quotes(arguments, ',')
        .into_iter()
        .filter_map(|argument| argument.split_once('=').map(|(name, _)| name.trim().to_ascii_lowercase()))
        .filter(|name| !name.is_empty())
        .collect();
    names.sort();
    names
}

fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (at, c) in text.char_indices() {
        if c == '\'' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..at]);
            start = at + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `$count`, `$value` and `$ref`: what each addresses, or `None` for another segment.
fn dollar_segment<'m>(text: &str, has_value: bool) -> Option<Result<(ResolvedSegment<'m>, At<'m>), String>> {
    let found = match text {
        "$count" => Ok((ResolvedSegment::Count, At::End("`$count`"))),
        "$ref" => Ok((ResolvedSegment::Ref, At::End("`$ref`"))),
        "$value" if has_value => Ok((ResolvedSegment::Value, At::End("`$value`"))),
        "$value" => Err("`$value` follows a media entity (`HasStream`) or a primitive value; this is neither".to_string()),
        other if other.starts_with('$') => {
            Err(format!("`{other}` is not a path segment OData defines; expected `$value`, `$count` or `$ref`"))
        }
        _ => return None,
    };
    Some(found)
}

/// The one root named `name`: exactly, else ignoring ASCII case when only one matches.
fn find_by_name<V: Copy>(map: &BTreeMap<&str, V>, name: &str) -> Option<V> {
    map.get(name).copied().or_else(|| unique(map.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| *v)))
}

/// The only item, when there is exactly one.
fn unique<T>(mut items: impl Iterator<Item = T>) -> Option<T> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}
