//! Snapshots of the IR and the emitted code: for the seed closure in `schemas/`, and for each
//! fixture page in `tests/fixtures/markdown`, each of which carries one quirk of the corpus
//! (its README names the quirk and the real pages that show it).

use graph_codegen::codegen::{self, Generation};
use graph_codegen_tests::{generate_schemas, request};
use std::path::{Path, PathBuf};

/// The emitted type files, one after another, each under its path.
fn emitted_code(generation: &Generation) -> String {
    let mut text = String::new();
    for (path, contents) in &generation.files {
        let is_type_file =
            path.starts_with("src/") && !path.ends_with("/mod.rs") && path != "src/lib.rs" && !path.starts_with("src/runtime/");
        if is_type_file {
            text.push_str(&format!("==> {path}\n{contents}\n"));
        }
    }
    text
}

fn diagnostics(generation: &Generation) -> String {
    generation.diagnostics.iter().map(|d| format!("{d}\n")).collect()
}

#[test]
fn seed_closure_ir() {
    let generation = generate_schemas();
    insta::assert_json_snapshot!("seed_ir", generation.model);
}

/// Where the seed's pages and its 2018-era metadata disagree, one line each.
#[test]
fn seed_closure_disagreements() {
    let generation = generate_schemas();
    let lines: Vec<String> = generation
        .model
        .disagreements
        .iter()
        .map(|d| {
            let side = |s: &Option<(graph_codegen::ir::Span, String)>| match s {
                Some((span, said)) => format!("{span} says {said}"),
                None => "silent".to_string(),
            };
            let property = d.property.as_deref().map(|p| format!(".{p}")).unwrap_or_default();
            format!("{} {}{}: pages: {}; metadata: {}", d.rule.id(), d.type_name, property, side(&d.docs), side(&d.metadata))
        })
        .collect();
    insta::assert_snapshot!("seed_disagreements", lines.join("\n"));
}

#[test]
fn seed_closure_code() {
    let generation = generate_schemas();
    insta::assert_snapshot!("seed_code", emitted_code(&generation));
}

/// Names that would collide or not compile as they are, and recursive types, from metadata.
#[test]
fn csdl_name_collisions_and_recursion() {
    let mut request = request(Vec::new(), &[]);
    request.config.inputs.csdl = vec![graph_codegen_tests::workspace_root().join("tests/fixtures/csdl/collisions.xml")];
    let generation = codegen::generate(&request).unwrap();
    insta::assert_snapshot!("csdl_collisions_diagnostics", diagnostics(&generation));
    insta::assert_snapshot!("csdl_collisions_code", emitted_code(&generation));
}

/// The pages a fixture needs besides itself: two-page quirks come in pairs.
fn fixture_pages(path: &Path) -> Vec<PathBuf> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let partner = match name {
        "duplicate_a.md" => Some("duplicate_b.md"),
        "duplicate_b.md" => Some("duplicate_a.md"),
        "wrong_case_link.md" => Some("wrong_case_target.md"),
        "wrong_case_target.md" => Some("wrong_case_link.md"),
        _ => None,
    };
    let mut pages = vec![path.to_path_buf()];
    pages.extend(partner.map(|p| path.with_file_name(p)));
    pages
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/markdown", "*.md", |path| {
        if path.file_name().is_some_and(|n| n == "README.md") {
            return;
        }
        let generation = codegen::generate(&request(fixture_pages(path), &[])).unwrap();
        insta::assert_snapshot!("diagnostics", diagnostics(&generation));
        insta::assert_json_snapshot!("ir", generation.model);
        insta::assert_snapshot!("code", emitted_code(&generation));
    });
}
