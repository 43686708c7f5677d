//! Drift reports for CI: where the pages and the metadata disagree ([`docs`]), and what
//! changed between two versions of the metadata ([`schema`]).
//!
//! Both reports are lists of [`Finding`]s, each under a rule with a stable id, a severity
//! fixed per rule, a primary location and the related ones on the other side. Findings are
//! sorted by file, line and rule, so reports diff cleanly between runs. A [`baseline`]
//! records the findings a project has accepted, by identity (rule, type, property or
//! member, file; never the line), so CI fails only on new drift. [`render`] writes a report
//! as text for people, JSON, GitHub workflow commands or a Markdown table.
//!
//! [`run`] does a whole command: read, compare, apply the baseline, render, and decide
//! whether CI should fail.

pub mod baseline;
pub mod docs;
pub mod render;
pub mod schema;

use crate::codegen::CodegenError;
use crate::ir::{DisagreementRule, Span};
use std::fmt;
use std::path::PathBuf;

pub use baseline::Baseline;
pub use render::Format;
pub use schema::ChangeRule;

/// How much a finding matters. Fixed per rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What a metadata change means for users of the generated models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code that compiled against the old models may stop compiling, or read less.
    Breaking,
    /// Code keeps compiling and reads at least what it read.
    Additive,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
        }
    }
}

/// The rule a finding is reported under: a disagreement between pages and metadata, or a
/// change between two metadata versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    Docs(DisagreementRule),
    Schema(ChangeRule),
}

impl Rule {
    /// The stable id, such as `property-type-mismatch` or `enum-member-added`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Docs(rule) => rule.id(),
            Rule::Schema(rule) => rule.id(),
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::Docs(rule) => docs::DocsRule::of(rule).severity,
            Rule::Schema(rule) => rule.severity(),
        }
    }

    /// Breaking or additive; only metadata changes have a class.
    pub fn class(self) -> Option<Class> {
        match self {
            Rule::Docs(_) => None,
            Rule::Schema(rule) => Some(rule.class()),
        }
    }

    /// Why the rule has its severity (docs) or class (schema), in one sentence.
    pub fn rationale(self) -> &'static str {
        match self {
            Rule::Docs(rule) => docs::DocsRule::of(rule).why,
            Rule::Schema(rule) => rule.rationale(),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One piece of drift: what, about which type (and property or enum member), where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    /// The qualified type name.
    pub type_name: String,
    pub property: Option<String>,
    /// The enum member a schema change is about.
    pub member: Option<String>,
    pub message: String,
    /// The primary location: the page when there is one (docs), the new metadata unless the
    /// thing was removed (schema).
    pub location: Span,
    /// The other side(s).
    pub related: Vec<Span>,
}

impl Finding {
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }

    /// What a baseline records: the finding without its lines.
    pub fn identity(&self) -> Identity {
        Identity {
            rule: self.rule.id().to_string(),
            type_name: self.type_name.clone(),
            property: self.property.clone(),
            member: self.member.clone(),
            file: self.location.file.clone(),
        }
    }

    /// The order of reports: file, line, rule, then the rest so that ties are stable.
    fn sort_key(&self) -> (&str, u32, &str, &str, &Option<String>, &Option<String>, &str) {
        (&self.location.file, self.location.line, self.rule.id(), &self.type_name, &self.property, &self.member, &self.message)
    }
}

/// Sorts findings by file, line and rule (then type, property, member and message).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// A finding's identity: its rule, type, property or member, and file; never its line, so
/// lines moving is not new drift.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Identity {
    pub rule: String,
    pub type_name: String,
    pub property: Option<String>,
    pub member: Option<String>,
    pub file: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    #[error(transparent)]
    Input(#[from] CodegenError),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}:{column}: not a drift baseline: {message}")]
    Baseline { path: String, line: usize, column: usize, message: String },
    #[error("{path}: a baseline of `drift {found}` findings cannot be used with `drift {expected}`")]
    BaselineCommand { path: String, found: String, expected: &'static str },
    #[error("{} error(s) in the metadata:\n{}", .0.len(), .0.join("\n"))]
    InvalidMetadata(Vec<String>),
}

/// Which report to make.
#[derive(Debug, Clone)]
pub enum Command {
    /// Pages against metadata.
    Docs { docs: Vec<PathBuf>, csdl: Vec<PathBuf> },
    /// One metadata version against another.
    Schema { old: PathBuf, new: PathBuf, allow_breaking: bool },
}

/// The inputs a drift command was given, before they are known to make a [`Command`].
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub docs: Vec<PathBuf>,
    pub csdl: Vec<PathBuf>,
    pub old: Vec<PathBuf>,
    pub new: Vec<PathBuf>,
    pub allow_breaking: bool,
}

impl Command {
    /// The report named `report` (`docs` or `schema`) over `inputs`, or what is wrong with them.
    pub fn new(report: Option<&str>, inputs: Inputs) -> Result<Command, String> {
        let Inputs { docs, csdl, old, new, allow_breaking } = inputs;
        match report {
            Some("docs") if !old.is_empty() || !new.is_empty() || allow_breaking => {
                Err("--old, --new and --allow-breaking belong to `drift schema`".into())
            }
            Some("docs") if docs.is_empty() || csdl.is_empty() => {
                Err("`drift docs` needs at least one --docs DIR and one --csdl FILE".into())
            }
            Some("docs") => Ok(Command::Docs { docs, csdl }),
            Some("schema") if !docs.is_empty() || !csdl.is_empty() => Err("--docs and --csdl belong to `drift docs`".into()),
            Some("schema") => match (<[PathBuf; 1]>::try_from(old), <[PathBuf; 1]>::try_from(new)) {
                (Ok([old]), Ok([new])) => Ok(Command::Schema { old, new, allow_breaking }),
                _ => Err("`drift schema` needs exactly one --old FILE and one --new FILE".into()),
            },
            Some(other) => Err(format!("unknown drift report `{other}`; expected `docs` or `schema`")),
            None => Err("no drift report given; expected `docs` or `schema`".into()),
        }
    }

    /// `docs` or `schema`, as the command line spells it.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Docs { .. } => "docs",
            Command::Schema { .. } => "schema",
        }
    }
}

/// How to report.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    /// Findings recorded here are accepted: reported only in the counts, never failing.
    pub baseline: Option<PathBuf>,
    /// Record every current finding here.
    pub write_baseline: Option<PathBuf>,
    /// Paths are shown relative to this folder when they lie under it, else as given; source
    /// lines are read from it.
    pub base_dir: PathBuf,
}

/// The result of a command.
#[derive(Debug)]
pub struct Outcome {
    /// Every finding, sorted.
    pub findings: Vec<Finding>,
    /// Findings the baseline does not accept (all of them without a baseline), sorted.
    pub new: Vec<Finding>,
    /// Baseline entries that no longer match any finding: drift that was fixed.
    pub fixed: Vec<Identity>,
    /// The report in the requested format (standard output).
    pub report: String,
    /// One line of counts for people (standard error).
    pub summary: String,
    /// CI should fail: new error findings (docs), new breaking changes without
    /// `allow_breaking` (schema). Never when a baseline was just written.
    pub failed: bool,
}

/// Runs a drift command: reads the inputs, finds the drift, applies and writes baselines,
/// and renders the report.
pub fn run(command: &Command, options: &Options) -> Result<Outcome, DriftError> {
    let baseline = options.baseline.as_deref().map(|path| Baseline::load(path, command.name())).transpose()?;
    let findings = match command {
        Command::Docs { docs, csdl } => docs::findings(docs, csdl, &options.base_dir)?,
        Command::Schema { old, new, .. } => schema::findings(old, new, &options.base_dir)?,
    };
    let (new, fixed) = match &baseline {
        Some(baseline) => baseline.partition(&findings),
        None => (findings.clone(), Vec::new()),
    };
    if let Some(path) = &options.write_baseline {
        Baseline::from_findings(command.name(), &findings).write(path)?;
    }
    let failed = options.write_baseline.is_none()
        && match command {
            Command::Docs { .. } => new.iter().any(|f| f.severity() == Severity::Error),
            Command::Schema { allow_breaking, .. } => !allow_breaking && new.iter().any(|f| f.rule.class() == Some(Class::Breaking)),
        };
    let title = match command {
        Command::Docs { .. } => "pages against metadata".to_string(),
        Command::Schema { old, new, .. } => format!(
            "metadata `{}` against `{}`",
            crate::codegen::display_path(old, &options.base_dir),
            crate::codegen::display_path(new, &options.base_dir)
        ),
    };
    let context = render::Context {
        command: command.name(),
        title: &title,
        all: &findings,
        baselined: baseline.is_some(),
        accepted: findings.len() - new.len(),
        base_dir: &options.base_dir,
    };
    let report = render::render(options.format, &new, &context);
    let summary = render::summary(&context, &new, &fixed, options.write_baseline.as_deref());
    Ok(Outcome { findings, new, fixed, report, summary, failed })
}
