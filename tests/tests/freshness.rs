//! `generated/` is what `cargo xtask codegen` makes of `schemas/`: the check CI runs, as a
//! test, so `cargo test` catches a stale file too.

use graph_codegen::codegen::{self, Mode};
use graph_codegen_tests::{generate_schemas, workspace_root};

#[test]
fn generated_crate_is_fresh() {
    let generation = generate_schemas();
    let report = codegen::sync(&workspace_root().join("generated"), &generation.files, &Default::default(), Mode::Check).unwrap();
    assert!(
        report.is_fresh(),
        "generated/ is out of date with schemas/ (run `cargo xtask codegen`): stale {:?}, missing {:?}, orphaned {:?}",
        report.stale,
        report.missing,
        report.orphaned
    );
}

#[test]
fn schemas_generate_without_warnings() {
    let generation = generate_schemas();
    let warnings: Vec<String> = generation.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, Vec::<String>::new());
    // Eight resource pages and the `record` action's API page.
    assert_eq!(generation.stats.pages, 9);
    assert_eq!(generation.stats.lowered_resource_pages, 8);
}

/// docs.rs builds with every feature and `--cfg docsrs`: the crate turns on `doc_cfg` there,
/// and every gated item says, in its docs, which features it needs (the same predicate as
/// its `cfg`). Stable toolchains never see these attributes, so this checks they are emitted.
#[test]
fn gated_items_say_their_feature_on_docs_rs() {
    let generation = generate_schemas();
    assert!(generation.files["src/lib.rs"].contains("#![cfg_attr(docsrs, feature(doc_cfg))]"));
    let manifest = &generation.files["Cargo.toml"];
    assert!(manifest.contains("[package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]"), "{manifest}");
    let mut gated = 0;
    // A derived type's variant is gated in `rt::polymorphic!`'s declaration by `#[cfg]` alone:
    // the macro adds the `doc(cfg)` to the variant and its conversion.
    let runtime: String = generation.files["src/runtime/mod.rs"].chars().filter(|c| !c.is_whitespace()).collect();
    assert!(runtime.contains("$(#[cfg($gate)]#[cfg_attr(docsrs,doc(cfg($gate)))])?$variant(::std::boxed::Box<$type>),"));
    for (path, contents) in generation
        .files
        .iter()
        .filter(|(path, c)| path.ends_with(".rs") && !path.starts_with("src/runtime/") && !c.contains("rt::polymorphic!"))
    {
        // Attributes as tokens: the formatter breaks long ones over lines.
        let tokens: String = contents.chars().filter(|c| !c.is_whitespace()).collect();
        let mut rest = tokens.as_str();
        while let Some(at) = rest.find("#[cfg(") {
            let after = &rest[at + "#[cfg(".len()..];
            let mut depth = 1;
            let end = after
                .char_indices()
                .find(|(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map(|(i, _)| i)
                .unwrap();
            let predicate = &after[..end];
            let docs_rs = format!("#[cfg_attr(docsrs,doc(cfg({predicate})))]");
            assert!(after[end + 2..].starts_with(&docs_rs), "{path}: `cfg({predicate})` without `{docs_rs}`");
            let one_feature_in_any = predicate.starts_with("any(feature") && !predicate.contains(',');
            assert!(!one_feature_in_any, "{path}: any() of one feature: {predicate}");
            gated += 1;
            rest = &after[end..];
        }
    }
    assert!(gated > 10, "only {gated} gated items");
}

/// The actions and functions compile with the `operations` feature, which `full` (the
/// default) turns on: a crate that only reads payloads builds without them.
#[test]
fn operations_are_behind_a_feature_that_full_turns_on() {
    let generation = generate_schemas();
    let manifest: toml::Table = toml::from_str(&generation.files["Cargo.toml"]).unwrap();
    let features = manifest["features"].as_table().unwrap();
    assert_eq!(features["operations"].as_array().unwrap().len(), 0);
    assert!(features["full"].as_array().unwrap().iter().any(|f| f.as_str() == Some("operations")), "{features:?}");
    let module: String = generation.files["src/microsoft_graph/mod.rs"].chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        module.ends_with("#[cfg(feature=\"operations\")]#[cfg_attr(docsrs,doc(cfg(feature=\"operations\")))]pubmodoperations;"),
        "{module}"
    );
}
