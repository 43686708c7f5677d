//! Decisions made once for the whole model before any item is written: the Rust name and
//! module of every type, which base types need a polymorphic enum, and which fields must be
//! boxed to break recursion.

use super::EmitError;
use super::names::{self, UniqueNames};
use crate::config::{Config, FeaturePolicy};
use crate::ir::{self, Diagnostic, Model, Primitive, Property, QualifiedName, ROOT_NAMESPACE, Span, TypeDef, TypeRef, TypeTarget};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The enum that holds a value declared as a base type, in a file of its own.
pub struct Polymorphic<'m> {
    pub enum_name: String,
    pub file_name: String,
    /// The variant for the base type itself (and for derived types the schema does not know).
    pub base_variant: String,
    /// Every derived type, directly or not, with its variant name, in the order of the qualified
    /// names as the payload spells them (byte order), which the runtime's lookup relies on.
    pub variants: Vec<(&'m QualifiedName, String)>,
}

pub struct Plan<'m> {
    pub model: &'m Model,
    pub crate_name: String,
    /// The types to emit, in name order.
    pub emitted: BTreeSet<&'m QualifiedName>,
    /// Namespace → its module, unique at the crate root.
    module_names: BTreeMap<String, String>,
    pub type_names: BTreeMap<&'m QualifiedName, String>,
    pub file_names: BTreeMap<&'m QualifiedName, String>,
    /// Every base type that has emitted derived types and stands where a value is declared:
    /// a property's type, structural or navigation, or an example's (a single or collection
    /// response). There its enum stands instead.
    pub polymorphic: BTreeMap<&'m QualifiedName, Polymorphic<'m>>,
    /// Every type's derived types, built once.
    pub derived: ir::DerivedTypes<'m>,
    /// (type, JSON property name) pairs whose value is boxed to give the type a finite size.
    pub boxed: BTreeSet<(&'m QualifiedName, &'m str)>,
    /// Cargo features and, per type, the features under which it compiles (empty: always).
    pub features: Features<'m>,
    /// Whether any type came from pages, and from metadata.
    pub read_docs: bool,
    pub read_metadata: bool,
    /// Each emitted struct's properties, its bases' first ([`Model::all_properties`], worked
    /// out once: every stage of the emitter walks them).
    pub properties: BTreeMap<&'m QualifiedName, Vec<&'m Property>>,
    /// Each emitted struct's Rust field names, in the order of its `properties`.
    pub field_names: BTreeMap<&'m QualifiedName, Vec<String>>,
    /// Each emitted enumeration's variant names.
    pub variant_names: BTreeMap<&'m QualifiedName, EnumVariants>,
    /// The operations to emit (those whose every named type is emitted), in the model's order.
    pub operations: Vec<OperationPlan<'m>>,
    /// Namespace → the module of its operations, inside the namespace's module.
    pub operation_modules: BTreeMap<&'m str, String>,
    /// [`OperationInputs::type_examples`].
    pub page_examples: BTreeMap<QualifiedName, Vec<ir::Example>>,
}

/// What the emitter receives about operations besides the model, each keyed by the
/// operation's index in [`Model::operations`]: the path templates that reach it (canonical
/// paths, computed from the entity container elsewhere) and the request and response
/// examples of its pages.
#[derive(Debug, Default, Clone)]
pub struct OperationInputs {
    pub paths: BTreeMap<usize, Vec<String>>,
    pub request_examples: BTreeMap<usize, Vec<ir::Example>>,
    pub response_examples: BTreeMap<usize, Vec<ir::Example>>,
    /// Bodies of the pages' plain requests (a read, a creation, an update: no action or
    /// function), by the type they are read as: tested as that type's own examples are.
    pub type_examples: BTreeMap<QualifiedName, Vec<ir::Example>>,
}

/// One operation as it is emitted.
pub struct OperationPlan<'m> {
    pub operation: &'m ir::Operation,
    /// The Rust name of its type (see [`names::operation_name`]) and of the file that declares it.
    pub rust_name: String,
    pub file_name: String,
    /// Each parameter's Rust field, in declaration order.
    pub field_names: Vec<String>,
    /// Each parameter as a property, for the field types and the doctests.
    pub parameters: Vec<Property>,
    pub paths: Vec<String>,
    pub request_examples: Vec<ir::Example>,
    pub response_examples: Vec<ir::Example>,
}

/// A value of an operation (a parameter, the result) as a structural property of type `ty`,
/// so that the rules for a property's Rust type and doctests serve it too.
pub fn value_property(json_name: &str, ty: &TypeRef, nullable: Option<bool>, span: &Span) -> Property {
    Property {
        json_name: json_name.to_string(),
        ty: ty.clone(),
        nullable,
        read_only: false,
        navigation: false,
        contains_target: false,
        description: None,
        span: span.clone(),
        sources: ir::Sources::metadata(span.clone()),
        annotations: Vec::new(),
    }
}

/// The Rust variant of each member of an enumeration, and of the variant that keeps members
/// the schema does not list.
#[derive(Debug, Clone)]
pub struct EnumVariants {
    pub members: Vec<String>,
    pub unrecognized: String,
}

/// Names no property may take: the fields every struct carries.
const RESERVED_FIELDS: &[&str] = &["odata_type", "additional_properties"];

/// The crate's feature split. A feature's closure is what its roots reach; a type compiles
/// when any feature whose closure holds it is on, so features are additive: turning one on
/// never changes a type another already compiled.
#[derive(Default)]
pub struct Features<'m> {
    /// Feature name → the types its closure holds.
    pub closures: BTreeMap<String, BTreeSet<&'m QualifiedName>>,
    /// Type → features that compile it.
    pub of_type: BTreeMap<&'m QualifiedName, BTreeSet<String>>,
    /// Navigation properties typed as raw JSON because their target does not compile under
    /// every feature that compiles their owner.
    pub untyped_navigation: BTreeSet<(&'m QualifiedName, &'m str)>,
}

/// Names the generated code uses unqualified inside a type's file (`use crate::runtime as
/// rt;`, `Ok(false)`): a type of that name would shadow them, so it gets `_`.
const NAMES_USED_IN_TYPE_FILES: &[&str] = &["rt", "Ok"];

/// Modules at the crate root besides the namespaces': the runtime, and `lib`, whose folder
/// would be ambiguous with `src/lib.rs`.
const CRATE_ROOT_MODULES: &[&str] = &["runtime", "lib"];

/// The Cargo feature that compiles the actions and functions (in `full`, so on by default):
/// a crate that only reads and writes payloads builds without them.
pub const OPERATIONS_FEATURE: &str = "operations";

/// Feature names the manifest writes itself.
const RESERVED_FEATURES: &[&str] = &["full", "default", OPERATIONS_FEATURE];

impl<'m> Plan<'m> {
    /// Decides every name: modules per namespace, then per namespace one scope for type names
    /// and the file modules that hold them (they share a Rust namespace in `mod.rs`), renamed
    /// types first so that a rename gets the name it asks for or an error says why not.
    pub fn new(
        model: &'m Model,
        crate_name: &str,
        config: &Config,
        only: Option<&BTreeSet<QualifiedName>>,
        inputs: &OperationInputs,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Self, EmitError> {
        let emitted: BTreeSet<&QualifiedName> = model.types.keys().filter(|name| only.is_none_or(|o| o.contains(*name))).collect();
        let module_names = Self::module_names(model);
        let rename_span = |key: &str| config.rename_spans.get(key).cloned();

        let known: BTreeSet<String> = model.types.keys().map(ToString::to_string).collect();
        for (key, rust_name) in &config.renames {
            names::check_rename(rust_name).map_err(|message| EmitError::Rename { at: rename_span(key), key: key.clone(), message })?;
            if !known.contains(key) {
                diagnostics.push(Diagnostic::warning(
                    rename_span(key).unwrap_or_else(|| Span::new("[renames]", 0)),
                    format!("rename `{key}` names no type the inputs define; expected a qualified name such as `microsoft.graph.recordOperation`"),
                ));
            }
        }

        let scope_of = || UniqueNames::reserving(&["mod"]);
        let mut scopes: BTreeMap<String, UniqueNames> = module_names.keys().map(|namespace| (namespace.clone(), scope_of())).collect();
        // The root namespace's types are re-exported at the crate root, beside the modules.
        let crate_root_modules: BTreeSet<&str> =
            CRATE_ROOT_MODULES.iter().copied().chain(module_names.values().map(String::as_str)).collect();
        let mut type_names = BTreeMap::new();
        // Every type's own names, before they are made unique: worked out on every core.
        let emitted_in_order: Vec<&QualifiedName> = emitted.iter().copied().collect();
        let own_names: BTreeMap<&QualifiedName, (String, String)> = emitted_in_order
            .iter()
            .copied()
            .zip(crate::parallel::map(&emitted_in_order, |name| (names::type_name(&name.name), names::file_name(&name.name))))
            .collect();
        let mut natural: BTreeMap<(&str, String), &QualifiedName> = BTreeMap::new();
        for name in emitted.iter().filter(|n| !config.renames.contains_key(&n.to_string())) {
            let (type_name, file_name) = &own_names[name];
            natural.entry((name.namespace.as_str(), type_name.clone())).or_insert(name);
            natural.entry((name.namespace.as_str(), file_name.clone())).or_insert(name);
        }
        for name in &emitted {
            let key = name.to_string();
            let Some(wanted) = config.renames.get(&key) else { continue };
            let scope = scopes.get_mut(name.namespace.as_str()).expect("every namespace has a scope");
            let clash = if NAMES_USED_IN_TYPE_FILES.contains(&wanted.as_str()) {
                Some("the generated code uses that name in the type's file".to_string())
            } else if let Some(other) = natural.get(&(name.namespace.as_str(), wanted.clone())) {
                Some(format!("the type `{other}` has that name too"))
            } else if scope.is_taken(wanted) || (Self::is_root_namespace(&name.namespace) && crate_root_modules.contains(wanted.as_str())) {
                Some("another rename or a module of the generated crate has that name".to_string())
            } else {
                None
            };
            if let Some(clash) = clash {
                let message = format!("`{wanted}` collides in `{}`: {clash}; expected a name of its own", name.namespace);
                return Err(EmitError::Rename { at: rename_span(&key), key, message });
            }
            type_names.insert(*name, scope.claim(wanted.clone()));
        }
        let mut file_names = BTreeMap::new();
        for name in &emitted {
            let scope = scopes.get_mut(name.namespace.as_str()).expect("every namespace has a scope");
            let (type_name, file_name) = &own_names[name];
            if !type_names.contains_key(name) {
                let wanted =
                    if NAMES_USED_IN_TYPE_FILES.contains(&type_name.as_str()) { format!("{type_name}_") } else { type_name.clone() };
                type_names.insert(*name, scope.claim(wanted));
            }
            file_names.insert(*name, scope.claim(file_name.clone()));
        }

        let derived = ir::DerivedTypes::new(model);
        let namespaces: BTreeSet<&str> = emitted.iter().map(|n| n.namespace.as_str()).collect();
        let emitted_operations: Vec<(usize, &ir::Operation)> = model
            .operations
            .iter()
            .enumerate()
            .filter(|(_, operation)| Self::operation_is_emitted(operation, &emitted, &namespaces, only.is_some()))
            .collect();
        // Without a closure every operation should be emitted: say why one is not.
        if only.is_none() {
            for operation in model.operations.iter().filter(|o| !Self::operation_is_emitted(o, &emitted, &namespaces, false)) {
                let types = operation.types();
                let missing: BTreeSet<String> = types
                    .filter_map(|ty| match &ty.target {
                        TypeTarget::Named(name) if !emitted.contains(name) => Some(format!("`{name}`")),
                        _ => None,
                    })
                    .collect();
                let why = if missing.is_empty() {
                    format!("its namespace `{}` has no type", operation.name.namespace)
                } else {
                    format!("it names {}, which no input defines under that spelling", missing.into_iter().collect::<Vec<_>>().join(", "))
                };
                diagnostics.push(Diagnostic::warning(
                    operation.span.clone(),
                    format!("no descriptor is generated for the operation `{}`: {why}", operation.name),
                ));
            }
        }
        // A base's enum is made where a value may be declared as the base: a property's type
        // (structural or navigation), an example's (a response), or an operation's parameter
        // or return type.
        let mut used: BTreeSet<&QualifiedName> = BTreeSet::new();
        for (_, operation) in &emitted_operations {
            for ty in operation.parameters.iter().map(|p| &p.ty).chain(&operation.return_type) {
                if let TypeTarget::Named(target) = &ty.target {
                    used.insert(target);
                }
            }
        }
        for name in &emitted {
            let Some(structure) = model.struct_type(name) else { continue };
            if !structure.examples.is_empty() || inputs.type_examples.contains_key(*name) {
                used.insert(name);
            }
            for property in &structure.properties {
                match &property.ty.target {
                    TypeTarget::Named(target) => {
                        used.insert(target);
                    }
                    TypeTarget::Union(members) => used.extend(model.common_base(members).filter(|b| emitted.contains(b))),
                    _ => {}
                }
            }
        }
        let mut polymorphic = BTreeMap::new();
        for base in emitted.iter().copied().filter(|base| used.contains(base)) {
            let children: Vec<&QualifiedName> = derived.descendants(base).into_iter().filter(|d| emitted.contains(d)).collect();
            if !children.is_empty() {
                let scope = scopes.get_mut(base.namespace.as_str()).expect("every namespace has a scope");
                let enum_name = scope.claim(format!("Any{}", names::type_name(&base.name)));
                let file_name = scope.claim(names::file_name(&format!("any_{}", base.name)));
                let base_variant = type_names[base].clone();
                let mut variant_names = UniqueNames::reserving(&[&base_variant]);
                let mut variants: Vec<_> =
                    children.into_iter().map(|child| (child, variant_names.claim(type_names[child].clone()))).collect();
                // By the name the payload carries: the runtime looks variants up by it in this order.
                variants.sort_by_cached_key(|(child, _)| child.to_string());
                polymorphic.insert(base, Polymorphic { enum_name, file_name, base_variant, variants });
            }
        }

        let mut plan = Plan {
            model,
            crate_name: crate_name.to_string(),
            emitted,
            module_names,
            type_names,
            file_names,
            polymorphic,
            derived,
            boxed: BTreeSet::new(),
            features: Features::default(),
            read_docs: model.types.values().any(|d| d.sources.docs.is_some()),
            read_metadata: model.types.values().any(|d| d.sources.metadata.is_some()),
            properties: Self::struct_properties(model, &emitted_in_order),
            field_names: BTreeMap::new(),
            variant_names: BTreeMap::new(),
            operations: Vec::new(),
            operation_modules: BTreeMap::new(),
            page_examples: inputs.type_examples.clone(),
        };
        plan.name_operations(&emitted_operations, &mut scopes, inputs);
        plan.name_fields_and_variants();
        plan.boxed = plan.fields_to_box();
        if config.features.policy == FeaturePolicy::Areas {
            plan.features = plan.split_features(diagnostics);
        }
        Ok(plan)
    }

    /// The properties of every struct among `emitted`, worked out on every core.
    fn struct_properties(model: &'m Model, emitted: &[&'m QualifiedName]) -> BTreeMap<&'m QualifiedName, Vec<&'m Property>> {
        let structs: Vec<&QualifiedName> = emitted.iter().copied().filter(|name| model.struct_type(name).is_some()).collect();
        structs.iter().copied().zip(crate::parallel::map(&structs, |name| model.all_properties(name))).collect()
    }

    /// A struct's properties, its bases' first; none for another kind of type.
    pub fn properties(&self, name: &QualifiedName) -> &[&'m Property] {
        self.properties.get(name).map_or(&[], Vec::as_slice)
    }

    /// The module of every namespace the model has (not only the emitted ones, so that a
    /// `--root` does not move a module): the root namespace's first, then the others in name
    /// order, each unique among them and the crate root's other modules.
    fn module_names(model: &Model) -> BTreeMap<String, String> {
        let namespaces: BTreeSet<&str> = model.types.keys().map(|n| n.namespace.as_str()).collect();
        let mut taken = UniqueNames::reserving(CRATE_ROOT_MODULES);
        let root_first =
            namespaces.iter().filter(|n| Self::is_root_namespace(n)).chain(namespaces.iter().filter(|n| !Self::is_root_namespace(n)));
        root_first.map(|namespace| (namespace.to_string(), taken.claim(names::module_name(namespace)))).collect()
    }

    /// A feature per product area (types whose page names one) and per namespace (the rest).
    /// Areas and namespaces that make the same name share its feature; one that makes `full`
    /// or `default`, which the manifest writes itself, gets `full_` or `default_`, with a warning.
    fn split_features(&self, diagnostics: &mut Vec<Diagnostic>) -> Features<'m> {
        let mut roots: BTreeMap<String, Vec<QualifiedName>> = BTreeMap::new();
        let mut reserved_seen = BTreeSet::new();
        for name in &self.emitted {
            let def = self.def(name);
            let area = def.product_area.as_deref().and_then(names::feature_name);
            let mut feature = area.clone().unwrap_or_else(|| namespace_feature(&name.namespace));
            if RESERVED_FEATURES.contains(&feature.as_str()) {
                if reserved_seen.insert(feature.clone()) {
                    let source = match &def.product_area {
                        Some(text) if area.is_some() => format!("the product area `{text}`"),
                        _ => format!("the namespace `{}`", name.namespace),
                    };
                    diagnostics.push(Diagnostic::warning(
                        def.span.clone(),
                        format!("{source} of `{name}` makes the Cargo feature `{feature}`, which the crate reserves; its types are under `{feature}_`"),
                    ));
                }
                feature.push('_');
            }
            roots.entry(feature).or_default().push((*name).clone());
        }
        let mut features = Features::default();
        // Each feature's closure is its own walk of the model: walked on every core.
        let roots: Vec<(String, Vec<QualifiedName>)> = roots.into_iter().collect();
        let closures = crate::parallel::map(&roots, |(_, feature_roots)| {
            let closure: BTreeSet<QualifiedName> = ir::reachable_from(self.model, &self.derived, feature_roots);
            closure.iter().filter_map(|n| self.emitted.get(n).copied()).collect::<BTreeSet<&'m QualifiedName>>()
        });
        for ((feature, _), closure) in roots.into_iter().zip(closures) {
            for name in &closure {
                features.of_type.entry(*name).or_default().insert(feature.clone());
            }
            features.closures.insert(feature, closure);
        }
        for owner in &self.emitted {
            if self.model.struct_type(owner).is_none() {
                continue;
            }
            let owner_features = features.of_type.get(owner).cloned().unwrap_or_default();
            for property in self.properties(owner).iter().filter(|p| p.navigation) {
                let TypeTarget::Named(target) = &property.ty.target else { continue };
                // A base's enum compiles wherever the base does (its variants as their types do).
                let always_there = owner_features.iter().all(|feature| features.closures[feature].contains(target));
                if !always_there {
                    features.untyped_navigation.insert((*owner, property.json_name.as_str()));
                }
            }
        }
        features
    }

    /// The gate of an item compiled under a set of features: `#[cfg(feature = "a")]` for one,
    /// `#[cfg(any(feature = "a", ...))]` for several, `cfg(any())` (never) for none; and the
    /// same predicate as `doc(cfg(...))` under `docsrs`, so that docs.rs shows which feature
    /// an item needs (the crate's manifest passes `--cfg docsrs` there).
    pub fn cfg_any(features: Option<&BTreeSet<String>>) -> TokenStream {
        let names: Vec<&String> = features.into_iter().flatten().collect();
        let predicate = match names.as_slice() {
            [one] => quote!(feature = #one),
            several => quote!(any(#(feature = #several),*)),
        };
        quote! {
            #[cfg(#predicate)]
            #[cfg_attr(docsrs, doc(cfg(#predicate)))]
        }
    }

    /// The `#[cfg(...)]` of a derived type's variant in its base's enum, which compiles with
    /// the base: none when the derived type compiles under the same features (it never
    /// compiles under more, as its closure holds its base). `rt::polymorphic!` adds the
    /// `doc(cfg(...))`.
    pub fn variant_gate(&self, base: &QualifiedName, derived: &QualifiedName) -> TokenStream {
        let features = self.features.of_type.get(derived);
        if self.features.closures.is_empty() || features == self.features.of_type.get(base) {
            return quote!();
        }
        let names: Vec<&String> = features.into_iter().flatten().collect();
        match names.as_slice() {
            [one] => quote!(#[cfg(feature = #one)]),
            several => quote!(#[cfg(any(#(feature = #several),*))]),
        }
    }

    /// Whether `name` compiles wherever `other` does (always, in a crate without features).
    pub fn compiles_with(&self, name: &QualifiedName, other: &QualifiedName) -> bool {
        if self.features.closures.is_empty() {
            return true;
        }
        let of = |n| self.features.of_type.get(n).cloned().unwrap_or_default();
        of(other).is_subset(&of(name))
    }

    /// The `cfg` of a namespace module: any feature that compiles one of its types.
    pub fn namespace_cfg(&self, namespace: &str) -> TokenStream {
        if self.features.closures.is_empty() {
            return quote!();
        }
        let features: BTreeSet<String> =
            self.features.of_type.iter().filter(|(n, _)| n.namespace == namespace).flat_map(|(_, f)| f.iter().cloned()).collect();
        Self::cfg_any(Some(&features))
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
            let module = names::ident(self.module(&name.namespace));
            quote!(crate::#module::#ident)
        }
    }

    /// The same path as seen by a user of the crate, for examples.
    pub fn external_path(&self, name: &QualifiedName, rust_name: &str) -> String {
        if Self::is_root_namespace(&name.namespace) {
            format!("{}::{rust_name}", self.crate_name)
        } else {
            format!("{}::{}::{rust_name}", self.crate_name, self.module(&name.namespace))
        }
    }

    /// A structured type's examples: its own, then its pages' plain requests' bodies.
    pub fn type_examples<'p>(&'p self, name: &QualifiedName, structure: &'p ir::StructType) -> Vec<&'p ir::Example> {
        structure.examples.iter().chain(self.page_examples.get(name).into_iter().flatten()).collect()
    }

    /// The type an example of `name` is read as, as a user of the crate spells it: a base
    /// type with derived types through its enum (the service may send any of them), a
    /// collection response as `runtime::CollectionResponse` of that. Doctests and the
    /// conformance test read examples alike.
    pub fn example_type_path(&self, name: &QualifiedName, collection: bool) -> String {
        let item_path = self.external_path(name, self.value_type_name(name));
        if collection { format!("{}::runtime::CollectionResponse<{item_path}>", self.crate_name) } else { item_path }
    }

    /// The same path as seen by a user of the crate, for examples.
    pub fn operation_external_path(&self, operation: &OperationPlan) -> String {
        let namespace = operation.operation.name.namespace.as_str();
        let module = &self.operation_modules[namespace];
        if Self::is_root_namespace(namespace) {
            format!("{}::{module}::{}", self.crate_name, operation.rust_name)
        } else {
            format!("{}::{}::{module}::{}", self.crate_name, self.module(namespace), operation.rust_name)
        }
    }

    /// The module (and folder) of a namespace's types.
    pub fn module(&self, namespace: &str) -> &str {
        &self.module_names[namespace]
    }

    /// The Rust name a property of type `target` is written with: the polymorphic enum of a
    /// base type, or the type itself.
    pub fn value_type_name(&self, target: &QualifiedName) -> &str {
        match self.polymorphic.get(target) {
            Some(polymorphic) => &polymorphic.enum_name,
            None => &self.type_names[target],
        }
    }

    /// Whether `name` is an `IsFlags` enumeration (its values are comma-separated lists).
    pub fn is_flags(&self, name: &QualifiedName) -> bool {
        matches!(&self.def(name).kind, crate::ir::TypeKind::Enum(e) if e.is_flags)
    }

    /// The full type of a property's field, `rt::Field<...>` included.
    pub fn field_type(&self, owner: &QualifiedName, property: &Property) -> TokenStream {
        let value = self.value_type(owner, property);
        quote!(rt::Field<#value>)
    }

    /// The type of a property's value: `rt::List<...>` for a collection, else the single
    /// value's type.
    pub fn value_type(&self, owner: &QualifiedName, property: &Property) -> TokenStream {
        let single = match &property.ty.target {
            TypeTarget::Primitive(primitive) => primitive_type(*primitive),
            // Only a navigation is ever raw JSON for want of its target (`split_features`).
            TypeTarget::Named(_)
                if property.navigation && self.features.untyped_navigation.contains(&(owner, property.json_name.as_str())) =>
            {
                quote!(rt::Json)
            }
            TypeTarget::Named(target) if self.emitted.contains(target) => {
                let path = self.path(target, self.value_type_name(target));
                if self.is_flags(target) {
                    quote!(rt::Flags<#path>)
                } else if self.is_boxed(owner, property) {
                    quote!(::std::boxed::Box<#path>)
                } else {
                    path
                }
            }
            TypeTarget::Union(members) => match self.common_base(members) {
                Some(base) => {
                    let path = self.path(base, self.value_type_name(base));
                    if self.is_boxed(owner, property) { quote!(::std::boxed::Box<#path>) } else { path }
                }
                None => quote!(rt::Json),
            },
            TypeTarget::Named(_) | TypeTarget::Untyped => quote!(rt::Json),
        };
        if property.ty.collection { quote!(rt::List<#single>) } else { single }
    }

    /// Whether a single struct value is held boxed: a navigation's (absent unless expanded, so
    /// its room is taken only when present), and one that would hold its own type inline.
    /// Polymorphic enums box their variants themselves, and collections hold their values on
    /// the heap already.
    fn is_boxed(&self, owner: &QualifiedName, property: &Property) -> bool {
        let polymorphic = match &property.ty.target {
            TypeTarget::Named(target) => self.polymorphic.contains_key(target),
            TypeTarget::Union(members) => self.common_base(members).is_some_and(|base| self.polymorphic.contains_key(base)),
            _ => true,
        };
        !property.ty.collection && !polymorphic && (property.navigation || self.boxed.contains(&(owner, property.json_name.as_str())))
    }

    /// The type a union's field is written with: the nearest emitted type every member is or
    /// derives from (its polymorphic enum reads each member as itself).
    fn common_base(&self, members: &'m [QualifiedName]) -> Option<&'m QualifiedName> {
        self.model.common_base(members).filter(|base| self.emitted.contains(base))
    }

    /// Fields that hold a value of their own type, directly or through other types, inline.
    fn fields_to_box(&self) -> BTreeSet<(&'m QualifiedName, &'m str)> {
        let structs: Vec<&QualifiedName> = self.emitted.iter().copied().filter(|n| self.model.struct_type(n).is_some()).collect();
        let position: BTreeMap<&QualifiedName, usize> = structs.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        // Edges: a type holds each inline struct-typed property's type: not a collection's, a
        // navigation's or a polymorphic enum's, which are on the heap.
        let mut inline_fields: Vec<Vec<(&'m str, Vec<usize>)>> = vec![Vec::new(); structs.len()];
        for (index, name) in structs.iter().enumerate() {
            for property in self.properties(name) {
                let target = match &property.ty.target {
                    TypeTarget::Named(target) => target,
                    TypeTarget::Union(members) => match self.common_base(members) {
                        Some(base) => base,
                        None => continue,
                    },
                    _ => continue,
                };
                if property.ty.collection || property.navigation || self.polymorphic.contains_key(target) || !position.contains_key(target)
                {
                    continue;
                }
                inline_fields[index].push((property.json_name.as_str(), vec![position[target]]));
            }
        }
        let edges: Vec<Vec<usize>> =
            inline_fields.iter().map(|fields| fields.iter().flat_map(|(_, h)| h.iter().copied()).collect()).collect();
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

/// The feature of a namespace's types that no page places in an area:
/// `microsoft.graph.callRecords` → `call-records`.
pub fn namespace_feature(namespace: &str) -> String {
    names::feature_name(&names::module_name(namespace)).unwrap_or_else(|| "namespace".to_string())
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
        Primitive::Int64 => quote!(rt::Int64),
        Primitive::Single => quote!(rt::Single),
        Primitive::Double => quote!(rt::Double),
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

impl<'m> Plan<'m> {
    /// Whether an operation is emitted: when every type it names (binding, parameters, return
    /// type) is, and its namespace has emitted types; with a closure (`--root`), it must name
    /// one of its types at least (an unbound operation of primitives alone belongs to none).
    fn operation_is_emitted(
        operation: &ir::Operation,
        emitted: &BTreeSet<&QualifiedName>,
        namespaces: &BTreeSet<&str>,
        closure: bool,
    ) -> bool {
        let types = operation.types();
        let named: Vec<&QualifiedName> = types
            .filter_map(|ty| match &ty.target {
                TypeTarget::Named(name) => Some(name),
                _ => None,
            })
            .collect();
        named.iter().all(|name| emitted.contains(name))
            && (!closure || !named.is_empty())
            && namespaces.contains(operation.name.namespace.as_str())
    }

    /// Names each emitted operation and its parameters' fields ([`names::operation_name`]), and each
    /// namespace's operations module (unique beside the namespace's types' files).
    fn name_operations(
        &mut self,
        emitted: &[(usize, &'m ir::Operation)],
        scopes: &mut BTreeMap<String, UniqueNames>,
        inputs: &OperationInputs,
    ) {
        let mut overloads: BTreeMap<(&QualifiedName, Option<String>), usize> = BTreeMap::new();
        let binding_of = |operation: &ir::Operation| operation.binding.as_ref().map(|b| b.ty.to_string());
        for (_, operation) in emitted {
            *overloads.entry((&operation.name, binding_of(operation))).or_default() += 1;
        }
        let mut operation_scopes: BTreeMap<&str, UniqueNames> = BTreeMap::new();
        for (index, operation) in emitted {
            let namespace = operation.name.namespace.as_str();
            if !self.operation_modules.contains_key(namespace) {
                let scope = scopes.get_mut(namespace).expect("every namespace has a scope");
                // The root namespace's module is re-exported at the crate root, beside the
                // namespaces' modules.
                let at_crate_root = Self::is_root_namespace(namespace) && self.module_names.values().any(|m| m == "operations");
                let wanted = if at_crate_root { "operations_" } else { "operations" };
                self.operation_modules.insert(namespace, scope.claim(wanted.to_string()));
            }
            let scope = operation_scopes.entry(namespace).or_insert_with(|| UniqueNames::reserving(&["mod", "rt", "Ok"]));
            let overloaded = overloads[&(&operation.name, binding_of(operation))] > 1;
            let rust_name = scope.claim(names::operation_name(operation, overloaded));
            let file_name = scope.claim(names::file_name(&rust_name));
            let mut taken = UniqueNames::reserving(RESERVED_FIELDS);
            let field_names = operation.parameters.iter().map(|p| taken.claim(names::field_name(&p.name))).collect();
            let parameters = operation.parameters.iter().map(|p| value_property(&p.name, &p.ty, p.nullable, &p.span)).collect();
            self.operations.push(OperationPlan {
                operation,
                rust_name,
                file_name,
                field_names,
                parameters,
                paths: inputs.paths.get(index).cloned().unwrap_or_default(),
                request_examples: inputs.request_examples.get(index).cloned().unwrap_or_default(),
                response_examples: inputs.response_examples.get(index).cloned().unwrap_or_default(),
            });
        }
    }

    /// The features an operation compiles under: those of its binding type, and of each of
    /// its parameter and return types (`cfg(all(any(...), ...))`, each type's set once; nothing
    /// when the crate has no features or the operation names no type).
    /// The feature that gates the `operations` modules: none in a crate without features or
    /// without operations.
    pub fn operations_feature(&self) -> Option<&'static str> {
        (!self.features.closures.is_empty() && !self.operations.is_empty()).then_some(OPERATIONS_FEATURE)
    }

    /// The gate of an item compiled only under `feature` (nothing when it is `None`), with
    /// its `doc(cfg(...))`.
    pub fn feature_cfg(feature: Option<&str>) -> TokenStream {
        match feature {
            Some(feature) => quote! {
                #[cfg(feature = #feature)]
                #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
            },
            None => quote!(),
        }
    }

    pub fn operation_cfg(&self, operation: &ir::Operation) -> TokenStream {
        if self.features.closures.is_empty() {
            return quote!();
        }
        let types = operation.types();
        let mut sets: Vec<&BTreeSet<String>> = Vec::new();
        for ty in types {
            if let TypeTarget::Named(name) = &ty.target
                && let Some(features) = self.features.of_type.get(name)
                && !sets.contains(&features)
            {
                sets.push(features);
            }
        }
        // A set that holds another is implied by it.
        let needed: Vec<&BTreeSet<String>> =
            sets.iter().copied().filter(|set| !sets.iter().any(|other| other != set && other.is_subset(set))).collect();
        let any = |set: &BTreeSet<String>| {
            let names: Vec<&String> = set.iter().collect();
            match names.as_slice() {
                [one] => quote!(feature = #one),
                several => quote!(any(#(feature = #several),*)),
            }
        };
        let predicate = match needed.as_slice() {
            [] => return quote!(),
            [one] => any(one),
            several => {
                let each = several.iter().map(|set| any(set));
                quote!(all(#(#each),*))
            }
        };
        quote! {
            #[cfg(#predicate)]
            #[cfg_attr(docsrs, doc(cfg(#predicate)))]
        }
    }

    /// Field and variant names, made once for every emitted type: the items and the doctests
    /// read them and never make a name themselves.
    fn name_fields_and_variants(&mut self) {
        enum Named {
            Fields(Vec<String>),
            Variants(EnumVariants),
            Neither,
        }
        // Each type's names are its own: named on every core.
        let emitted: Vec<&'m QualifiedName> = self.emitted.iter().copied().collect();
        let named = crate::parallel::map(&emitted, |name| match &self.model.types[*name].kind {
            ir::TypeKind::Entity(_) | ir::TypeKind::Complex(_) => {
                let mut taken = UniqueNames::reserving(RESERVED_FIELDS);
                Named::Fields(self.properties(name).iter().map(|p| taken.claim(names::field_name(&p.json_name))).collect())
            }
            ir::TypeKind::Enum(enumeration) => {
                let mut taken = UniqueNames::default();
                let members = enumeration.members.iter().map(|m| taken.claim(names::variant_name(&m.name))).collect();
                let unrecognized = taken.claim("Unrecognized".to_string());
                Named::Variants(EnumVariants { members, unrecognized })
            }
            ir::TypeKind::Definition(_) => Named::Neither,
        });
        for (name, named) in emitted.into_iter().zip(named) {
            match named {
                Named::Fields(fields) => {
                    self.field_names.insert(name, fields);
                }
                Named::Variants(variants) => {
                    self.variant_names.insert(name, variants);
                }
                Named::Neither => {}
            }
        }
    }
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
