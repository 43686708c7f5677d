//! Writes findings in the four report formats, and the one-line summary.
//!
//! - `human`: `file:line: severity[rule]: message`, then the source line, then each related
//!   location with its line, as rustc does.
//! - `json`: an array of objects (`rule`, `severity`, `class` for metadata changes, `type`,
//!   `property` or `member` when there is one, `file`, `line`, `message`, `related`).
//! - `github`: workflow commands (`::error file=…,line=…,title=…::…`), so findings land on
//!   the pull request's diff.
//! - `markdown`: counts per rule and a table of findings, fit for a pull request comment.

use super::{Class, Finding, Identity, Severity};
use crate::ir::escape_control;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
    Markdown,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Format, String> {
        match text {
            "human" => Ok(Format::Human),
            "json" => Ok(Format::Json),
            "github" => Ok(Format::Github),
            "markdown" => Ok(Format::Markdown),
            other => Err(format!("unknown format `{other}`; expected human, json, github or markdown")),
        }
    }
}

/// What a report says besides its findings.
pub struct Context<'a> {
    /// `docs` or `schema`.
    pub command: &'static str,
    /// What was compared, such as "pages against metadata".
    pub title: &'a str,
    /// Every finding, accepted or not.
    pub all: &'a [Finding],
    /// Whether a baseline was applied.
    pub baselined: bool,
    /// How many findings the baseline accepted.
    pub accepted: usize,
    /// Where the files the findings name are read from (for `human`).
    pub base_dir: &'a Path,
}

/// The findings not accepted by a baseline (`findings`), in `format`.
pub fn render(format: Format, findings: &[Finding], context: &Context<'_>) -> String {
    match format {
        Format::Human => human(findings, context.base_dir),
        Format::Json => json(findings),
        Format::Github => github(findings),
        Format::Markdown => markdown(findings, context),
    }
}

fn human(findings: &[Finding], base_dir: &Path) -> String {
    let mut sources = SourceLines::new(base_dir);
    let mut out = String::new();
    for finding in findings {
        let width = std::iter::once(&finding.location).chain(&finding.related).map(|s| s.line.to_string().len()).max().unwrap_or(1);
        // Names and page text are the input's: they are shown, never obeyed by the terminal.
        let message = escape_control(&finding.message);
        let _ = writeln!(out, "{}: {}[{}]: {message}", finding.location, finding.severity().as_str(), finding.rule.id());
        let mut quote = |out: &mut String, file: &str, line: u32| {
            if let Some(text) = sources.line(file, line) {
                let _ = writeln!(out, "    {line:>width$} | {}", escape_control(&text));
            }
        };
        quote(&mut out, &finding.location.file, finding.location.line);
        for related in &finding.related {
            let _ = writeln!(out, "  --> {related}");
            quote(&mut out, &related.file, related.line);
        }
        if let Some(class) = finding.rule.class() {
            let _ = writeln!(out, "  = {}: {}", class.as_str(), finding.rule.rationale());
        }
        out.push('\n');
    }
    out
}

fn json(findings: &[Finding]) -> String {
    use serde_json::{Map, Value, json};
    let items: Vec<Value> = findings
        .iter()
        .map(|finding| {
            let mut object = Map::new();
            object.insert("rule".into(), json!(finding.rule.id()));
            object.insert("severity".into(), json!(finding.severity().as_str()));
            if let Some(class) = finding.rule.class() {
                object.insert("class".into(), json!(class.as_str()));
            }
            object.insert("type".into(), json!(finding.type_name));
            if let Some(property) = &finding.property {
                object.insert("property".into(), json!(property));
            }
            if let Some(member) = &finding.member {
                object.insert("member".into(), json!(member));
            }
            object.insert("file".into(), json!(finding.location.file));
            object.insert("line".into(), json!(finding.location.line));
            object.insert("message".into(), json!(finding.message));
            let related: Vec<Value> = finding.related.iter().map(|s| json!({ "file": s.file, "line": s.line })).collect();
            object.insert("related".into(), Value::Array(related));
            Value::Object(object)
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&items).expect("findings are plain data");
    text.push('\n');
    text
}

fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let level = match finding.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let title = match finding.rule.class() {
            Some(class) => format!("{} ({})", finding.rule.id(), class.as_str()),
            None => finding.rule.id().to_string(),
        };
        let mut message = finding.message.clone();
        if !finding.related.is_empty() {
            let related: Vec<String> = finding.related.iter().map(ToString::to_string).collect();
            message.push_str(&format!(" (see {})", related.join(", ")));
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={},title={}::{}",
            escape_property(&finding.location.file),
            finding.location.line,
            escape_property(&title),
            escape_data(&message)
        );
    }
    out
}

/// GitHub's escaping of a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Rows of findings a Markdown report lists; a pull request comment holds 65,536 characters.
const MARKDOWN_ROWS: usize = 200;

fn markdown(findings: &[Finding], context: &Context<'_>) -> String {
    let mut out = format!("### Drift: {}\n\n", context.title);
    let with_class = context.command == "schema";
    let accepted = match context.accepted {
        0 => String::new(),
        1 => " 1 finding is accepted by the baseline.".to_string(),
        n => format!(" {n} findings are accepted by the baseline."),
    };
    if findings.is_empty() {
        let what = if context.baselined { "No new drift." } else { "No drift." };
        let _ = writeln!(out, "**{what}**{accepted}");
    } else {
        let new = if context.baselined { "new " } else { "" };
        let _ = writeln!(out, "**{} {new}finding{}**: {}.{accepted}", findings.len(), plural(findings.len()), severity_counts(findings));
    }
    if context.all.is_empty() {
        return out;
    }

    // Counts per rule: new against accepted.
    let mut per_rule: BTreeMap<(&str, Severity, Option<Class>), (usize, usize)> = BTreeMap::new();
    for finding in context.all {
        per_rule.entry((finding.rule.id(), finding.severity(), finding.rule.class())).or_default().1 += 1;
    }
    for finding in findings {
        per_rule.entry((finding.rule.id(), finding.severity(), finding.rule.class())).or_default().0 += 1;
    }
    let mut rows: Vec<_> = per_rule.into_iter().collect();
    rows.sort_by_key(|((rule, severity, _), _)| (*severity, *rule));
    out.push('\n');
    let (class_header, class_rule) = if with_class { (" class |", "---|") } else { ("", "") };
    let (counts_header, counts_rule) = if context.baselined { (" new | accepted |", "---:|---:|") } else { (" findings |", "---:|") };
    let _ = writeln!(out, "| rule |{class_header} severity |{counts_header}\n|---|{class_rule}---|{counts_rule}");
    for ((rule, severity, class), (new, all)) in rows {
        let class = class.map(|c| format!(" {} |", c.as_str())).unwrap_or_default();
        let counts = if context.baselined { format!("{new} | {}", all - new) } else { all.to_string() };
        let _ = writeln!(out, "| `{rule}` |{class} {} | {counts} |", severity.as_str());
    }
    if findings.is_empty() {
        return out;
    }

    let new = if context.baselined { "new " } else { "" };
    let _ = writeln!(out, "\n<details><summary>{} {new}finding{}</summary>\n", findings.len(), plural(findings.len()));
    out.push_str("| where | rule | type | property | finding |\n|---|---|---|---|---|\n");
    for finding in findings.iter().take(MARKDOWN_ROWS) {
        let class = finding.rule.class().map(|c| format!(", {}", c.as_str())).unwrap_or_default();
        let subject = match (&finding.property, &finding.member) {
            (Some(property), _) => format!("`{property}`"),
            (None, Some(member)) => format!("member `{member}`"),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "| `{}` | `{}` ({}{class}) | `{}` | {} | {} |",
            finding.location,
            finding.rule.id(),
            finding.severity().as_str(),
            finding.type_name,
            table_cell(&subject),
            table_cell(&finding.message)
        );
    }
    if findings.len() > MARKDOWN_ROWS {
        let _ = writeln!(out, "\n… and {} more; `--format json` lists them all.", findings.len() - MARKDOWN_ROWS);
    }
    out.push_str("\n</details>\n");
    out
}

/// Text safe in a Markdown table cell: pipes escaped, one line, no HTML outside code spans.
fn table_cell(text: &str) -> String {
    let mut cell = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                cell.push(c);
            }
            '|' => cell.push_str("\\|"),
            '\n' | '\r' => cell.push(' '),
            '<' if !in_code => cell.push_str("&lt;"),
            '>' if !in_code => cell.push_str("&gt;"),
            _ => cell.push(c),
        }
    }
    cell
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// "1 error, 2 warnings, 0 notes".
fn severity_counts(findings: &[Finding]) -> String {
    [Severity::Error, Severity::Warning, Severity::Note]
        .map(|severity| {
            let count = findings.iter().filter(|f| f.severity() == severity).count();
            format!("{count} {}{}", severity.as_str(), plural(count))
        })
        .join(", ")
}

/// One line for people: counts of all findings, of new ones, and what the baseline did.
pub fn summary(context: &Context<'_>, new: &[Finding], fixed: &[Identity], written: Option<&Path>) -> String {
    let all = context.all;
    let mut line = format!("drift {}: {} finding{} ({})", context.command, all.len(), plural(all.len()), severity_counts(all));
    if context.command == "schema" {
        let breaking = all.iter().filter(|f| f.rule.class() == Some(Class::Breaking)).count();
        line.push_str(&format!(", {breaking} breaking, {} additive", all.len() - breaking));
    }
    if context.baselined {
        line.push_str(&format!("; {} new ({}), {} accepted by the baseline", new.len(), severity_counts(new), context.accepted));
    }
    if !fixed.is_empty() {
        line.push_str(&format!(
            "; {} baseline entr{} no longer found (write the baseline again to drop them)",
            fixed.len(),
            if fixed.len() == 1 { "y" } else { "ies" }
        ));
    }
    if let Some(path) = written {
        line.push_str(&format!("; baseline written to {}", path.display()));
    }
    line
}

/// Lines of the files findings name, each file read once.
struct SourceLines<'a> {
    base_dir: &'a Path,
    files: HashMap<String, Option<(String, Vec<usize>)>>,
}

/// Longest source line shown, in characters.
const SHOWN_CHARS: usize = 160;

impl<'a> SourceLines<'a> {
    fn new(base_dir: &'a Path) -> Self {
        SourceLines { base_dir, files: HashMap::new() }
    }

    /// Line `line` (1-based) of `file`, trimmed, or `None` when it cannot be read.
    fn line(&mut self, file: &str, line: u32) -> Option<String> {
        let base_dir = self.base_dir;
        let (text, starts) = self
            .files
            .entry(file.to_string())
            .or_insert_with(|| {
                let text = crate::input::read_text(&base_dir.join(file), crate::input::DEFAULT_MAX_FILE_SIZE).ok()?;
                let mut starts = vec![0];
                starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
                Some((text, starts))
            })
            .as_ref()?;
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).map_or(text.len(), |next| next - 1);
        let shown = text[start..end].trim();
        if shown.chars().count() > SHOWN_CHARS {
            let cut: String = shown.chars().take(SHOWN_CHARS - 1).collect();
            return Some(format!("{cut}…"));
        }
        Some(shown.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift::Rule;
    use crate::ir::DisagreementRule;

    #[test]
    fn the_human_report_shows_terminal_escapes_instead_of_obeying_them() {
        let finding = Finding {
            rule: Rule::Docs(DisagreementRule::TypeUnknown),
            type_name: "ns.\u{1b}[2Jgone".to_string(),
            property: None,
            member: None,
            message: "a page defines `ns.\u{1b}[2Jgone`".to_string(),
            location: crate::ir::Span::new("missing.md", 1),
            related: Vec::new(),
        };
        let report = human(&[finding], Path::new("/nonexistent"));
        assert!(!report.contains('\u{1b}'), "{report:?}");
        assert!(report.contains("ns.\\u{1b}[2Jgone"), "{report:?}");
    }
}
