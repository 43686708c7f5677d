//! Generates Rust models for Microsoft Graph from its metadata and documentation pages.
//!
//! The stages, each a module: front ends read a source format and lower it into the
//! [`ir`] ([`markdown`] for the documentation's pages, [`csdl`] for the metadata); the two
//! models are merged and validated once; the [`rust`] emitter turns the result into
//! formatted files; [`codegen`] runs the stages over inputs on disk, and [`output`] keeps an
//! output folder in step with them, all or nothing (or checks that it is), formatting only
//! the files whose tokens changed since the last run ([`format_cache`]); [`drift`] reports where the inputs
//! disagree, and what changed between two metadata versions. [`config`] reads
//! `codegen.toml`; [`input`] is how every input file is found and read.

pub mod codegen;
pub mod config;
pub mod csdl;
pub mod drift;
pub mod format_cache;
pub mod input;
pub mod ir;
mod lines;
pub mod markdown;
pub mod output;
mod parallel;
pub mod rust;

/// What the unit tests of several modules share.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    /// A fresh, empty folder of its own under the system's temporary folder.
    pub fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("graph-codegen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
