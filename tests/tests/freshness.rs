//! `generated/` is what `cargo xtask codegen` makes of `schemas/`: the check CI runs, as a
//! test, so `cargo test` catches a stale file too.

use graph_codegen::codegen::{self, SyncMode};
use graph_codegen_tests::{generate_schemas, workspace_root};

#[test]
fn generated_crate_is_fresh() {
    let generation = generate_schemas();
    let report =
        codegen::sync(&workspace_root().join("generated"), &generation.files, SyncMode::Check, codegen::Overwrite::OwnedOnly).unwrap();
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
    assert_eq!(generation.stats.pages, 8);
    assert_eq!(generation.stats.lowered_resource_pages, 8);
}
