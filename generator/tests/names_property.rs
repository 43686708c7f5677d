//! Property test: models with arbitrary Unicode names for types, properties, enumeration
//! members, namespaces and product areas emit without a panic or an error, and everything
//! emitted is valid and unique: file paths (ASCII), modules, types, fields, variants and Cargo
//! features.
//!
//! 64 cases by default; `PROPTEST_CASES=100000 cargo test -p graph-codegen --test
//! names_property` runs long.

use graph_codegen::config::{Config, FeaturePolicy};
use graph_codegen::ir::{
    self, EnumMember, EnumType, Model, Primitive, Property, QualifiedName, Sources, Span, StructType, TypeDef, TypeKind, TypeRef,
    TypeTarget,
};
use graph_codegen::rust;
use graph_codegen::rust::names::{is_feature_name, is_identifier};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Names from everywhere: any characters (controls and line breaks included), and the
/// names that have broken generators before.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,6}",
        2 => "[a-zA-Z_]{1,5}",
        1 => "[\\x00-\\x1f\\u{7f}-\\u{a0}\\u{202e}]{0,3}",
        1 => "[0-9][a-z]{0,3}",
        2 => prop::sample::select(vec![
            "", "_", "self", "Self", "crate", "super", "type", "try", "ok", "rt", "mod", "runtime", "lib", "full", "default",
            "microsoft_graph", "callRecords", "call_records", "a½", "x²", "Unrecognized", "additionalProperties", "odataType",
        ])
        .prop_map(str::to_string),
    ]
}

fn namespace() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just("microsoft.graph".to_string()),
        2 => name().prop_map(|n| format!("microsoft.graph.{n}")),
        1 => name(),
        1 => prop::sample::select(vec!["runtime", "microsoft_graph", "full", "default", "microsoft.graph.callRecords", "microsoft.graph.call_records"])
            .prop_map(str::to_string),
    ]
}

#[derive(Debug, Clone)]
struct TypeSpec {
    namespace: String,
    name: String,
    area: Option<String>,
    is_enum: bool,
    /// Property names and the index of the type each refers to (`None`: a string).
    properties: Vec<(String, Option<usize>)>,
    members: Vec<String>,
    /// Only a type of a lower index may be a base, so that bases form no cycle.
    base: Option<usize>,
}

fn type_spec() -> impl Strategy<Value = TypeSpec> {
    (
        namespace(),
        name(),
        prop::option::of(name()),
        prop::bool::weighted(0.3),
        prop::collection::vec((name(), prop::option::of(0usize..8)), 0..5),
        prop::collection::vec(name(), 0..5),
        prop::option::of(0usize..8),
    )
        .prop_map(|(namespace, name, area, is_enum, properties, members, base)| TypeSpec {
            namespace,
            name,
            area,
            is_enum,
            properties,
            members,
            base,
        })
}

fn model(specs: &[TypeSpec]) -> Model {
    let span = Span::new("property.xml", 1);
    let names: Vec<QualifiedName> = specs.iter().map(|s| QualifiedName::new(s.namespace.clone(), s.name.clone())).collect();
    let mut model = Model::default();
    for (index, spec) in specs.iter().enumerate() {
        let kind = if spec.is_enum {
            TypeKind::Enum(EnumType {
                members: spec
                    .members
                    .iter()
                    .map(|m| EnumMember { name: m.clone(), aliases: Vec::new(), value: None, description: None, span: span.clone() })
                    .collect(),
                ..EnumType::default()
            })
        } else {
            let properties = spec
                .properties
                .iter()
                .map(|(json_name, target)| Property {
                    json_name: json_name.clone(),
                    ty: TypeRef {
                        target: match target.and_then(|t| names.get(t)) {
                            Some(target) => TypeTarget::Named(target.clone()),
                            None => TypeTarget::Primitive(Primitive::String),
                        },
                        collection: false,
                    },
                    nullable: Some(true),
                    read_only: false,
                    navigation: false,
                    contains_target: false,
                    description: Some(json_name.clone()),
                    span: span.clone(),
                    sources: Sources::metadata(span.clone()),
                    annotations: Vec::new(),
                })
                .collect();
            let base = spec.base.filter(|b| *b < index && !specs[*b].is_enum).map(|b| names[b].clone());
            TypeKind::Complex(StructType { base, properties, ..StructType::default() })
        };
        model.types.entry(names[index].clone()).or_insert(TypeDef {
            name: names[index].clone(),
            description: Some(spec.name.clone()),
            product_area: spec.area.clone(),
            span: span.clone(),
            sources: Sources::metadata(span.clone()),
            annotations: Vec::new(),
            kind,
        });
    }
    model
}

/// The items of a file that declare a name, by kind, with the names they declare.
fn declared_names(file: &syn::File) -> Vec<(&'static str, String)> {
    // Types are declared in the body of a runtime macro (`rt::object! { pub struct ... }`),
    // which reads as the item it declares.
    let declared: Vec<syn::Item> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Macro(declaration) => syn::parse2(declaration.mac.tokens.clone()).ok(),
            _ => None,
        })
        .collect();
    let mut names = Vec::new();
    for item in file.items.iter().chain(&declared) {
        match item {
            syn::Item::Struct(item) => {
                names.push(("type", item.ident.to_string()));
                names.extend(item.fields.iter().filter_map(|f| f.ident.as_ref()).map(|i| ("field", i.to_string())));
            }
            syn::Item::Enum(item) => {
                names.push(("type", item.ident.to_string()));
                names.extend(item.variants.iter().map(|v| ("variant", v.ident.to_string())));
            }
            syn::Item::Type(item) => names.push(("type", item.ident.to_string())),
            syn::Item::Mod(item) => names.push(("module", item.ident.to_string())),
            syn::Item::Use(syn::ItemUse { tree: syn::UseTree::Path(path), .. }) => {
                if let syn::UseTree::Path(inner) = &*path.tree
                    && let syn::UseTree::Name(name) = &*inner.tree
                {
                    names.push(("export", name.ident.to_string()));
                }
            }
            _ => {}
        }
    }
    names
}

fn check_crate(specs: &[TypeSpec]) -> Result<(), TestCaseError> {
    let mut model = model(specs);
    let diagnostics = ir::validate(&mut model);
    prop_assume!(diagnostics.iter().all(|d| d.severity == ir::Severity::Warning));
    let mut config = Config::default();
    config.output.package = "hostile-models".to_string();
    config.output.standalone = true;
    config.features.policy = FeaturePolicy::Areas;
    let emitted = rust::emit(&model, &config, None).map_err(|e| TestCaseError::fail(e.to_string()))?;

    let namespaces: BTreeSet<&str> = model.types.keys().map(|n| n.namespace.as_str()).collect();
    let mut folders = BTreeSet::new();
    let mut type_files = 0;
    for (path, contents) in &emitted.files {
        prop_assert!(path.is_ascii(), "{path:?}");
        if path == "Cargo.toml" {
            continue;
        }
        let parts: Vec<&str> = path.strip_prefix("src/").unwrap().split('/').collect();
        for part in &parts {
            let stem = part.strip_suffix(".rs").unwrap_or(part);
            prop_assert!(is_identifier(stem) || stem == "mod", "{path:?}");
        }
        if let [folder, file] = parts.as_slice()
            && *folder != "runtime"
        {
            folders.insert(*folder);
            // A base type's enum has a file of its own beside the type's.
            type_files += usize::from(*file != "mod.rs" && !contents.contains("rt::polymorphic!"));
        }
        // rustc refuses a bare CR in a doc comment.
        prop_assert!(!contents.contains('\r'), "{path}");
        let file = syn::parse_file(contents).map_err(|e| TestCaseError::fail(format!("{path}: {e}")))?;
        let mut seen: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for (kind, name) in declared_names(&file) {
            prop_assert!(is_identifier(&name), "{path}: {kind} {name:?}");
            // Types and modules share one Rust namespace; fields and variants are per item.
            let scope = match kind {
                "type" | "module" | "export" => "types",
                _ => continue,
            };
            if kind != "export" || path.ends_with("mod.rs") {
                prop_assert!(seen.entry(scope).or_default().insert(name.clone()), "{path}: {kind} {name} twice");
            }
        }
    }
    prop_assert_eq!(type_files, model.types.len(), "a type has no file of its own");
    prop_assert_eq!(folders.len(), namespaces.len(), "two namespaces share a module");

    let manifest: toml::Table = toml::from_str(&emitted.files["Cargo.toml"]).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(manifest["package"]["name"].as_str(), Some("hostile-models"));
    let features = manifest["features"].as_table().expect("a [features] table");
    let declared: BTreeSet<&str> = features.keys().map(String::as_str).filter(|f| *f != "default" && *f != "full").collect();
    for feature in &declared {
        prop_assert!(is_feature_name(feature), "{feature:?}");
    }
    let full: BTreeSet<&str> = features["full"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    prop_assert_eq!(&full, &declared);
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_names_emit_valid_unique_items(specs in prop::collection::vec(type_spec(), 1..8)) {
        check_crate(&specs)?;
    }
}
