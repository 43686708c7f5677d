//! Helpers shared by the integration tests: where the workspace, its schemas and the shared
//! corpus are, and how to run the generator on them.

use graph_codegen::codegen::{self, Generation, Request};
use graph_codegen::rust::Manifest;
use std::path::{Path, PathBuf};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ lives in the workspace").to_path_buf()
}

/// `../shared/corpus/<relative>`, or `None` after printing what is missing: corpus tests
/// skip on a clone without `../shared` and run wherever it is (always in CI).
pub fn corpus(relative: &str) -> Option<PathBuf> {
    let path = workspace_root().join("../shared/corpus").join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing, and CI must run the corpus tests", path.display());
    }
    eprintln!("skipped: {} is missing (the corpus tests need ../shared next to the project)", path.display());
    None
}

/// A request for the workspace's own crate from `docs`.
pub fn request(docs: Vec<PathBuf>, roots: &[&str]) -> Request {
    Request {
        docs,
        roots: roots.iter().map(|r| r.to_string()).collect(),
        package_name: "graph-models".to_string(),
        manifest: Manifest::Workspace,
        base_dir: workspace_root(),
    }
}

/// The generation `cargo xtask codegen` runs by default: `schemas/` into `generated/`.
pub fn generate_schemas() -> Generation {
    codegen::generate(&request(vec![workspace_root().join("schemas")], &[])).expect("schemas/ generates")
}
