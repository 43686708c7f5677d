//! `codegen.toml`: what the command-line flags say, kept in the repository so that CI and
//! people run the same generation. Flags override it.
//!
//! ```toml
//! [inputs]
//! docs = ["schemas"]              # folders or files of Markdown pages
//! csdl = ["schemas/metadata.xml"] # CSDL documents
//! roots = []                      # generate only what these types reach; all when empty
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

use crate::ir::{Span, escape_control};
use crate::rust::names;
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
    /// Where each rename's value is written, when read from a file.
    #[serde(skip)]
    pub rename_spans: BTreeMap<String, Span>,
}

/// The `[renames]` table again, with the place of each value.
#[derive(Deserialize)]
struct RenameSpans {
    #[serde(default)]
    renames: BTreeMap<String, toml::Spanned<String>>,
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
    #[error("{}: {source}", escape_control(path))]
    Io { path: String, source: std::io::Error },
    #[error("{}:{line}: {}", escape_control(path), escape_control(message))]
    Invalid { path: String, line: usize, message: String },
}

impl Config {
    /// Reads `path`; a missing file is the default configuration. The package name and the
    /// renames are checked here, where their lines are known: both are used as written.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => return Err(ConfigError::Io { path: path.display().to_string(), source }),
        };
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let invalid = |line: usize, message: String| ConfigError::Invalid { path: path.display().to_string(), line, message };
        let mut config: Config = toml::from_str(&text)
            .map_err(|error| invalid(error.span().map_or(1, |span| line_of(span.start)), error.message().to_string()))?;
        let spans: RenameSpans = toml::from_str(&text).map_err(|error| invalid(1, error.message().to_string()))?;
        for (key, value) in &spans.renames {
            let line = line_of(value.span().start);
            names::check_rename(value.get_ref()).map_err(|message| invalid(line, format!("[renames] \"{key}\": {message}")))?;
            config.rename_spans.insert(key.clone(), Span::new(path.display().to_string(), line as u32));
        }
        if let Err(message) = names::check_package_name(&config.output.package) {
            let line = package_offset(&text).map_or(1, line_of);
            return Err(invalid(line, format!("[output] package: {message}")));
        }
        Ok(config)
    }
}

/// Where the value of `[output] package` starts.
fn package_offset(text: &str) -> Option<usize> {
    #[derive(Deserialize)]
    struct Spans {
        output: Option<OutputSpans>,
    }
    #[derive(Deserialize)]
    struct OutputSpans {
        package: Option<toml::Spanned<String>>,
    }
    let spans: Spans = toml::from_str(text).ok()?;
    Some(spans.output?.package?.span().start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_section() {
        let config: Config = toml::from_str(
            "[inputs]\ndocs = [\"schemas\"]\ncsdl = [\"schemas/metadata.xml\"]\n[output]\npackage = \"x\"\n[features]\npolicy = \"none\"\n[renames]\n\"microsoft.graph.a\" = \"B\"\n",
        )
        .unwrap();
        assert_eq!(config.inputs.csdl, [PathBuf::from("schemas/metadata.xml")]);
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
