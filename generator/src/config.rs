//! `codegen.toml`: what the command-line flags say, kept in the repository so that CI and
//! people run the same generation. Flags override it.
//!
//! ```toml
//! [inputs]
//! docs = ["schemas"]              # folders or files of Markdown pages
//! csdl = ["schemas/metadata.xml"] # CSDL documents
//! roots = []                      # generate only what these types reach; all when empty
//! max_file_size = "256MiB"        # larger input files are refused (bytes, or B/KiB/MiB/GiB)
//!
//! [output]
//! dir = "generated"
//! package = "graph-models"
//!
//! [features]
//! policy = "areas"                # "areas": a feature per product area and per namespace; "none"
//! default = []                    # the crate's default features
//!
//! [renames]                       # Rust names for types whose own would be unfortunate
//! "microsoft.graph.someType" = "BetterName"
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub inputs: Inputs,
    #[serde(default)]
    pub output: Output,
    #[serde(default)]
    pub features: Features,
    /// Qualified type name → Rust name.
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    #[serde(default)]
    pub docs: Vec<PathBuf>,
    #[serde(default)]
    pub csdl: Vec<PathBuf>,
    #[serde(default)]
    pub roots: Vec<String>,
    #[serde(default)]
    pub max_file_size: crate::input::ByteSize,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Output {
    #[serde(default = "default_dir")]
    pub dir: PathBuf,
    #[serde(default = "default_package")]
    pub package: String,
}

impl Default for Output {
    fn default() -> Self {
        Output { dir: default_dir(), package: default_package() }
    }
}

fn default_dir() -> PathBuf {
    PathBuf::from("generated")
}

fn default_package() -> String {
    "graph-models".to_string()
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Features {
    #[serde(default)]
    pub policy: FeaturePolicy,
    #[serde(default)]
    pub default: Vec<String>,
}

/// How the generated crate is split into Cargo features.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FeaturePolicy {
    /// A feature per product area (the pages' `ms.prod`) and per namespace, and `full`.
    #[default]
    Areas,
    /// No features: everything always compiles.
    None,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Invalid { path: String, line: usize, message: String },
}

impl Config {
    /// Reads `path`; a missing file is the default configuration.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => return Err(ConfigError::Io { path: path.display().to_string(), source }),
        };
        toml::from_str(&text).map_err(|error| {
            let line = error.span().map_or(1, |span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            ConfigError::Invalid { path: path.display().to_string(), line, message: error.message().to_string() }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_section() {
        let config: Config = toml::from_str(
            "[inputs]\ndocs = [\"schemas\"]\ncsdl = [\"schemas/metadata.xml\"]\nmax_file_size = \"1MiB\"\n[output]\npackage = \"x\"\n[features]\npolicy = \"none\"\n[renames]\n\"microsoft.graph.a\" = \"B\"\n",
        )
        .unwrap();
        assert_eq!(config.inputs.csdl, [PathBuf::from("schemas/metadata.xml")]);
        assert_eq!(config.inputs.max_file_size, crate::input::ByteSize(1 << 20));
        assert_eq!(Config::default().inputs.max_file_size, crate::input::ByteSize(crate::input::DEFAULT_MAX_FILE_SIZE));
        assert_eq!(config.output.dir, PathBuf::from("generated"));
        assert_eq!(config.output.package, "x");
        assert_eq!(config.features.policy, FeaturePolicy::None);
        assert_eq!(config.renames["microsoft.graph.a"], "B");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let dir = std::env::temp_dir().join(format!("graph-codegen-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("codegen.toml");
        std::fs::write(&path, "[inputs]\ndocs = []\ndocz = []\n").unwrap();
        let error = Config::load(&path).unwrap_err().to_string();
        assert!(error.contains("codegen.toml:3:"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
