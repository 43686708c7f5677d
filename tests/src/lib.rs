//! Helpers shared by the integration tests: where the workspace, its schemas and the shared
//! corpus are, and how to run the generator on them.

use graph_codegen::codegen::{self, Generation, Request};
use graph_codegen::config::Config;
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

/// The request `codegen.toml` describes.
pub fn configured_request() -> Request {
    let config = Config::load(&workspace_root().join("codegen.toml")).expect("codegen.toml reads");
    Request::from_config(&config, &workspace_root())
}

/// A request for the workspace's own crate from `docs` pages alone, with the configured
/// features.
pub fn request(docs: Vec<PathBuf>, roots: &[&str]) -> Request {
    let mut request = configured_request();
    request.config.inputs.docs = docs;
    request.config.inputs.csdl = Vec::new();
    request.config.inputs.roots = roots.iter().map(|r| r.to_string()).collect();
    request
}

/// The generation `cargo xtask codegen` runs by default: `schemas/` into `generated/`.
pub fn generate_schemas() -> Generation {
    codegen::generate(&configured_request()).expect("schemas/ generates")
}

/// Replaces line `line` (1-based) of `file`, which must read `from`, with `to`.
pub fn change_line(file: &Path, line: usize, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(lines[line - 1].contains(from), "{}:{line} reads {:?}", file.display(), lines[line - 1]);
    lines[line - 1] = lines[line - 1].replacen(from, to, 1);
    std::fs::write(file, lines.join("\n") + "\n").unwrap();
}
