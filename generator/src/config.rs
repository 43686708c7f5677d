//! The settings of a generation: one [`Config`], read from `codegen.toml` (kept in the
//! repository so that CI and people run the same generation) and overridden by the
//! command line's [`Overrides`]. Everything else (the codegen request, the emitter's
//! choices) derives from it.
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
//! standalone = false              # true: its own `[workspace]`, builds outside this one
//! conformance = false             # true: also `tests/examples.rs`, checker against runtime
//!
//! [features]
//! policy = "areas"                # "areas": a feature per product area and per namespace; "none"
//! default = ["full"]              # the crate's default features
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
    /// The crate builds on its own, outside any workspace: its manifest has its own edition
    /// and an empty `[workspace]` table. `--out` sets it; `generated/` is a workspace member.
    #[serde(default)]
    pub standalone: bool,
    /// Also write `tests/examples.rs`: every example the checker saw, accepted or not, read
    /// by the generated runtime, asserting that it reads exactly the ones the checker
    /// accepted. `--conformance-tests` sets it.
    #[serde(default)]
    pub conformance: bool,
}

impl Default for Output {
    fn default() -> Self {
        Output { dir: default_dir(), package: default_package(), standalone: false, conformance: false }
    }
}

fn default_dir() -> PathBuf {
    PathBuf::from("generated")
}

fn default_package() -> String {
    "graph-models".to_string()
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Features {
    #[serde(default)]
    pub policy: FeaturePolicy,
    /// The crate's default features: `full` unless stated, so that a crate generated without
    /// a `codegen.toml` compiles every type by default, as the README documents.
    #[serde(default = "default_features")]
    pub default: Vec<String>,
}

impl Default for Features {
    fn default() -> Self {
        Features { policy: FeaturePolicy::default(), default: default_features() }
    }
}

fn default_features() -> Vec<String> {
    vec!["full".to_string()]
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
    #[error("--config {}: no such file; expected a codegen.toml", escape_control(path))]
    Missing { path: String },
}

/// The settings given on the command line. Each replaces what `codegen.toml` says; relative
/// paths are taken from the folder the command runs in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// `--config`: the settings file read instead of the workspace's `codegen.toml` (the
    /// caller reads it; its paths are relative to its folder). Kept so that
    /// [`Overrides::command_line`] repeats it.
    pub config: Option<PathBuf>,
    /// `--docs`: with `--csdl`, replaces both inputs of the file.
    pub docs: Vec<PathBuf>,
    /// `--csdl`: with `--docs`, replaces both inputs of the file.
    pub csdl: Vec<PathBuf>,
    /// `--root`: replaces the file's roots.
    pub roots: Vec<String>,
    /// `--out`: a standalone crate in this folder instead of the configured one.
    pub out: Option<PathBuf>,
    /// `--max-file-size`: replaces the file's `max_file_size`.
    pub max_file_size: Option<crate::input::ByteSize>,
    /// `--conformance-tests`: sets `[output] conformance`.
    pub conformance: bool,
}

impl Overrides {
    /// The command that runs the same generation, for messages such as "run `...` to
    /// regenerate it".
    pub fn command_line(&self) -> String {
        let mut command = String::from("cargo xtask codegen");
        let mut flag = |name: &str, value: &str| {
            command.push_str(&format!(" {name} {value}"));
        };
        if let Some(config) = &self.config {
            flag("--config", &config.display().to_string());
        }
        self.docs.iter().for_each(|path| flag("--docs", &path.display().to_string()));
        self.csdl.iter().for_each(|path| flag("--csdl", &path.display().to_string()));
        self.roots.iter().for_each(|root| flag("--root", root));
        if let Some(out) = &self.out {
            flag("--out", &out.display().to_string());
        }
        if let Some(size) = self.max_file_size {
            flag("--max-file-size", &size.0.to_string());
        }
        if self.conformance {
            command.push_str(" --conformance-tests");
        }
        command
    }
}

impl Config {
    /// These settings with the command line's over them. Paths of the file are taken from
    /// `config_dir` (where `codegen.toml` is), paths of the command line from `current_dir`;
    /// the result's paths are absolute.
    pub fn with_overrides(mut self, overrides: &Overrides, config_dir: &Path, current_dir: &Path) -> Config {
        let absolute = |paths: &[PathBuf], base: &Path| paths.iter().map(|p| base.join(p)).collect::<Vec<_>>();
        if overrides.docs.is_empty() && overrides.csdl.is_empty() {
            self.inputs.docs = absolute(&self.inputs.docs, config_dir);
            self.inputs.csdl = absolute(&self.inputs.csdl, config_dir);
        } else {
            self.inputs.docs = absolute(&overrides.docs, current_dir);
            self.inputs.csdl = absolute(&overrides.csdl, current_dir);
        }
        if !overrides.roots.is_empty() {
            self.inputs.roots = overrides.roots.clone();
        }
        if let Some(size) = overrides.max_file_size {
            self.inputs.max_file_size = size;
        }
        self.output.conformance |= overrides.conformance;
        match &overrides.out {
            Some(out) => {
                self.output.dir = current_dir.join(out);
                self.output.standalone = true;
            }
            None => self.output.dir = config_dir.join(&self.output.dir),
        }
        self
    }

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
            "[inputs]\ndocs = [\"schemas\"]\ncsdl = [\"schemas/metadata.xml\"]\nmax_file_size = \"1MiB\"\n[output]\npackage = \"x\"\nconformance = true\n[features]\npolicy = \"none\"\n[renames]\n\"microsoft.graph.a\" = \"B\"\n",
        )
        .unwrap();
        assert_eq!(config.inputs.csdl, [PathBuf::from("schemas/metadata.xml")]);
        assert_eq!(config.inputs.max_file_size, crate::input::ByteSize(1 << 20));
        assert_eq!(Config::default().inputs.max_file_size, crate::input::ByteSize(crate::input::DEFAULT_MAX_FILE_SIZE));
        assert_eq!(config.output.dir, PathBuf::from("generated"));
        assert_eq!(config.output.package, "x");
        assert!(config.output.conformance);
        assert_eq!(config.features.policy, FeaturePolicy::None);
        assert_eq!(config.renames["microsoft.graph.a"], "B");
    }

    #[test]
    fn a_missing_file_or_section_is_the_documented_default() {
        let missing = Config::load(Path::new("/nonexistent/codegen.toml")).unwrap();
        assert_eq!(missing.features.default, ["full"]);
        assert_eq!(missing.features.policy, FeaturePolicy::Areas);
        assert_eq!(missing.output.dir, PathBuf::from("generated"));
        assert_eq!(missing.output.package, "graph-models");
        let without_features: Config = toml::from_str("[inputs]\ndocs = []\n").unwrap();
        assert_eq!(without_features, missing);
        let without_default: Config = toml::from_str("[features]\npolicy = \"areas\"\n").unwrap();
        assert_eq!(without_default.features.default, ["full"]);
    }

    #[test]
    fn the_command_line_replaces_what_the_file_says() {
        let file: Config = toml::from_str("[inputs]\ndocs = [\"schemas\"]\ncsdl = [\"schemas/m.xml\"]\nroots = [\"a\"]\n").unwrap();
        let (config_dir, current_dir) = (Path::new("/repo"), Path::new("/repo/sub"));
        let unchanged = file.clone().with_overrides(&Overrides::default(), config_dir, current_dir);
        assert_eq!(unchanged.inputs.docs, [PathBuf::from("/repo/schemas")]);
        assert_eq!(unchanged.inputs.csdl, [PathBuf::from("/repo/schemas/m.xml")]);
        assert_eq!(unchanged.output.dir, PathBuf::from("/repo/generated"));
        assert!(!unchanged.output.standalone);
        assert!(!unchanged.output.conformance);

        // `--docs` alone replaces both inputs; `--out` makes a standalone crate.
        let flags = Overrides {
            docs: vec![PathBuf::from("pages")],
            roots: vec!["b".into()],
            out: Some(PathBuf::from("/tmp/x")),
            conformance: true,
            ..Overrides::default()
        };
        let overridden = file.with_overrides(&flags, config_dir, current_dir);
        assert_eq!(overridden.inputs.docs, [PathBuf::from("/repo/sub/pages")]);
        assert!(overridden.inputs.csdl.is_empty());
        assert_eq!(overridden.inputs.roots, ["b"]);
        assert_eq!(overridden.output.dir, PathBuf::from("/tmp/x"));
        assert!(overridden.output.standalone);
        assert!(overridden.output.conformance);
        assert_eq!(flags.command_line(), "cargo xtask codegen --docs pages --root b --out /tmp/x --conformance-tests");
        let other_file = Overrides { config: Some(PathBuf::from("tests/x/codegen.toml")), ..Overrides::default() };
        assert_eq!(other_file.command_line(), "cargo xtask codegen --config tests/x/codegen.toml");
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
