//! Baselines: the findings a project has accepted, so that CI fails only on new drift.
//!
//! A baseline is a JSON file that records each finding by identity (rule, type, property or
//! member, file; never the line) with a count, sorted by file, rule, type, property and
//! member (`count` only when more than one):
//!
//! ```json
//! {
//!   "drift": "docs",
//!   "findings": [
//!     { "rule": "property-unknown", "type": "microsoft.graph.recordOperation", "property": "resultInfo", "file": "schemas/recordOperation.md" },
//!     { "rule": "example-invalid", "type": "microsoft.graph.call", "file": "docs/call.md", "count": 2 }
//!   ]
//! }
//! ```
//!
//! A finding is accepted while the baseline still has an entry of its identity left: two
//! equal findings need a count of 2. Entries that match nothing any more are drift that was
//! fixed; they are reported, so the baseline can be written again.

use super::{DriftError, Finding, Identity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Accepted findings by identity, with how many of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The command whose findings these are: `docs` or `schema`.
    pub command: String,
    pub entries: BTreeMap<Identity, usize>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    drift: String,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    #[serde(rename = "type")]
    type_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    property: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    member: Option<String>,
    file: String,
    /// How many findings of this identity; written only when more than one.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    count: usize,
}

fn one() -> usize {
    1
}

fn is_one(count: &usize) -> bool {
    *count == 1
}

impl Baseline {
    /// Every finding, as accepted.
    pub fn from_findings(command: &str, findings: &[Finding]) -> Baseline {
        let mut entries = BTreeMap::new();
        for finding in findings {
            *entries.entry(finding.identity()).or_insert(0) += 1;
        }
        Baseline { command: command.to_string(), entries }
    }

    /// Reads a baseline written for `command`.
    pub fn load(path: &Path, command: &'static str) -> Result<Baseline, DriftError> {
        let shown = path.display().to_string();
        let text = crate::input::read_text(path, crate::input::DEFAULT_MAX_FILE_SIZE).map_err(crate::codegen::CodegenError::from)?;
        let file: File = serde_json::from_str(&text).map_err(|error| DriftError::Baseline {
            path: shown.clone(),
            line: error.line(),
            column: error.column(),
            message: error.to_string().split(" at line ").next().unwrap_or_default().to_string(),
        })?;
        if file.drift != command {
            return Err(DriftError::BaselineCommand { path: shown, found: file.drift, expected: command });
        }
        let mut entries = BTreeMap::new();
        for entry in file.findings {
            let identity =
                Identity { rule: entry.rule, type_name: entry.type_name, property: entry.property, member: entry.member, file: entry.file };
            *entries.entry(identity).or_insert(0) += entry.count;
        }
        Ok(Baseline { command: file.drift, entries })
    }

    /// The baseline as its file holds it: pretty JSON, sorted, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut identities: Vec<(&Identity, &usize)> = self.entries.iter().collect();
        identities.sort_by(|(a, _), (b, _)| {
            (&a.file, &a.rule, &a.type_name, &a.property, &a.member).cmp(&(&b.file, &b.rule, &b.type_name, &b.property, &b.member))
        });
        let file = File {
            drift: self.command.clone(),
            findings: identities
                .into_iter()
                .map(|(identity, count)| Entry {
                    rule: identity.rule.clone(),
                    type_name: identity.type_name.clone(),
                    property: identity.property.clone(),
                    member: identity.member.clone(),
                    file: identity.file.clone(),
                    count: *count,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).expect("a baseline is plain data");
        text.push('\n');
        text
    }

    pub fn write(&self, path: &Path) -> Result<(), DriftError> {
        std::fs::write(path, self.to_json()).map_err(|source| DriftError::Io { path: path.display().to_string(), source })
    }

    /// Splits `findings` into those the baseline does not accept (in their order) and the
    /// baseline's identities that matched no finding.
    pub fn partition(&self, findings: &[Finding]) -> (Vec<Finding>, Vec<Identity>) {
        let mut left = self.entries.clone();
        let mut new = Vec::new();
        for finding in findings {
            match left.get_mut(&finding.identity()) {
                Some(count) if *count > 0 => *count -= 1,
                _ => new.push(finding.clone()),
            }
        }
        let fixed = left.into_iter().filter(|(_, count)| *count > 0).map(|(identity, _)| identity).collect();
        (new, fixed)
    }
}
