//! Drift reports: every rule of `drift schema` on a hand-written metadata pair and every rule
//! of `drift docs` on hand-written pages, each with its class or severity; one changed line
//! in a copy of the seed closure, reported in all four formats; baselines; and both reports
//! over the corpus.

use graph_codegen::drift::{self, Class, Command, Finding, Format, Options, Rule, Severity};
use graph_codegen::ir::DisagreementRule;
use graph_codegen_tests::{change_line, corpus, workspace_root};
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    workspace_root().join("tests/fixtures/drift")
}

/// A fresh folder under the target directory holding a copy of `schemas/`.
fn seed_copy(name: &str) -> PathBuf {
    let dir = workspace_root().join("target/drift-tests").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for entry in fs::read_dir(workspace_root().join("schemas")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn docs_over(dir: &Path) -> Command {
    Command::Docs { docs: vec![dir.to_path_buf()], csdl: vec![dir.join("metadata.xml")] }
}

fn options(base_dir: &Path, format: Format) -> Options {
    Options { format, baseline: None, write_baseline: None, base_dir: base_dir.to_path_buf() }
}

/// One line per finding: where, rule, severity (and class), what about, and the message.
fn listing(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let class = f.rule.class().map(|c| format!(", {}", c.as_str())).unwrap_or_default();
            let about = [f.property.as_deref(), f.member.as_deref()].into_iter().flatten().next().unwrap_or("-");
            let related: Vec<String> = f.related.iter().map(ToString::to_string).collect();
            format!(
                "{} {} ({}{class}) {} {about} [{}]\n    {}\n",
                f.location,
                f.rule,
                f.severity().as_str(),
                f.type_name,
                related.join(", "),
                f.message
            )
        })
        .collect()
}

fn assert_sorted(findings: &[Finding]) {
    for pair in findings.windows(2) {
        let key = |f: &Finding| (f.location.file.clone(), f.location.line, f.rule.id());
        assert!(key(&pair[0]) <= key(&pair[1]), "not sorted: {:?} before {:?}", key(&pair[0]), key(&pair[1]));
    }
}

#[test]
fn every_schema_rule_fires_on_the_fixture_pair_with_its_class() {
    let dir = fixtures().join("schema");
    let command = Command::Schema { old: dir.join("old.xml"), new: dir.join("new.xml"), allow_breaking: false };
    let outcome = drift::run(&command, &options(&dir, Format::Json)).unwrap();
    assert_sorted(&outcome.findings);
    for drift::schema::SchemaRule { id, class, .. } in drift::schema::RULES {
        let fired: Vec<&Finding> = outcome.findings.iter().filter(|f| f.rule.id() == id).collect();
        assert!(!fired.is_empty(), "{id} did not fire");
        for finding in fired {
            assert_eq!(finding.rule.class(), Some(class), "{id}");
            let severity = finding.severity();
            match class {
                Class::Breaking => assert_eq!(severity, Severity::Error, "{id}"),
                Class::Additive => assert_ne!(severity, Severity::Error, "{id}"),
            }
        }
    }
    assert!(outcome.failed, "breaking changes fail");
    insta::assert_snapshot!("schema_fixture", listing(&outcome.findings));
    insta::assert_snapshot!("schema_fixture_markdown", drift::run(&command, &options(&dir, Format::Markdown)).unwrap().report);

    let allowed = Command::Schema { old: dir.join("old.xml"), new: dir.join("new.xml"), allow_breaking: true };
    assert!(!drift::run(&allowed, &options(&dir, Format::Json)).unwrap().failed, "--allow-breaking passes");
}

#[test]
fn an_unchanged_schema_has_no_drift() {
    let dir = fixtures().join("schema");
    let command = Command::Schema { old: dir.join("new.xml"), new: dir.join("new.xml"), allow_breaking: false };
    let outcome = drift::run(&command, &options(&dir, Format::Human)).unwrap();
    assert!(outcome.findings.is_empty(), "{}", outcome.report);
    assert!(!outcome.failed);
}

#[test]
fn every_docs_rule_pages_can_break_fires_on_the_fixture_pages() {
    let dir = fixtures().join("docs");
    let outcome = drift::run(&docs_over(&dir), &options(&dir, Format::Json)).unwrap();
    assert_sorted(&outcome.findings);
    for drift::docs::DocsRule { rule, .. } in drift::docs::RULES {
        // Pages never state nullability, so nothing of theirs can disagree with the metadata's.
        if rule == DisagreementRule::NullabilityMismatch {
            continue;
        }
        assert!(outcome.findings.iter().any(|f| f.rule == Rule::Docs(rule)), "{} did not fire", rule.id());
    }
    // Findings that have both sides name both.
    let mismatch = outcome.findings.iter().find(|f| f.rule.id() == "property-type-mismatch").unwrap();
    assert_eq!(mismatch.location.to_string(), "task.md:16");
    assert_eq!(mismatch.related.iter().map(ToString::to_string).collect::<Vec<_>>(), ["metadata.xml:23"]);
    let case_only = outcome.findings.iter().find(|f| f.property.as_deref() == Some("status")).unwrap();
    assert!(case_only.message.contains("only in case"), "{}", case_only.message);
    assert!(outcome.failed, "error findings fail");
    insta::assert_snapshot!("docs_fixture", listing(&outcome.findings));
}

#[test]
fn one_changed_line_in_the_seed_closure_in_all_four_formats() {
    let dir = seed_copy("one-line");
    let pristine = drift::run(&docs_over(&dir), &options(&dir, Format::Human)).unwrap();
    assert!(!pristine.failed, "the seed closure has no error findings:\n{}", pristine.report);

    change_line(&dir.join("recordOperation.md"), 18, "| Int32  ", "| String ");
    let mut reports = Vec::new();
    for format in [Format::Human, Format::Json, Format::Github, Format::Markdown] {
        let outcome = drift::run(&docs_over(&dir), &options(&dir, format)).unwrap();
        assert!(outcome.failed);
        let added: Vec<&Finding> = outcome.findings.iter().filter(|f| !pristine.findings.contains(f)).collect();
        assert_eq!(added.len(), 1, "{}", listing(&outcome.findings));
        assert_eq!(outcome.findings.len(), pristine.findings.len() + 1);
        let finding = added[0];
        assert_eq!(finding.rule.id(), "property-type-mismatch");
        assert_eq!(finding.location.to_string(), "recordOperation.md:18");
        assert_eq!(finding.related.iter().map(ToString::to_string).collect::<Vec<_>>(), ["metadata.xml:88"]);
        reports.push(outcome.report);
    }
    let [human, json, github, markdown] = <[String; 4]>::try_from(reports).unwrap();
    let message = "property `maxRecordDurationInSeconds` of `microsoft.graph.recordOperation`: \
                   the page says `Edm.String`, the metadata says `Edm.Int32`";

    assert!(human.contains(&format!(
        "recordOperation.md:18: error[property-type-mismatch]: {message}\n    \
         18 | | maxRecordDurationInSeconds     | String                      |"
    )));
    assert!(human.contains("  --> metadata.xml:88\n    88 | <Property Name=\"maxRecordDurationInSeconds\" Type=\"Edm.Int32\">\n"));

    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let entry = parsed.as_array().unwrap().iter().find(|f| f["property"] == "maxRecordDurationInSeconds").unwrap();
    assert_eq!(
        *entry,
        serde_json::json!({
            "rule": "property-type-mismatch",
            "severity": "error",
            "type": "microsoft.graph.recordOperation",
            "property": "maxRecordDurationInSeconds",
            "file": "recordOperation.md",
            "line": 18,
            "message": message,
            "related": [{ "file": "metadata.xml", "line": 88 }]
        })
    );

    assert!(
        github
            .contains(&format!("::error file=recordOperation.md,line=18,title=property-type-mismatch::{message} (see metadata.xml:88)\n"))
    );
    assert!(markdown.contains(&format!(
        "| `recordOperation.md:18` | `property-type-mismatch` (error) | `microsoft.graph.recordOperation` | `maxRecordDurationInSeconds` | {message} |\n"
    )));
    assert!(markdown.contains("| `property-type-mismatch` | error | 1 |\n"));

    insta::assert_snapshot!("seed_one_line_human", human);
    insta::assert_snapshot!("seed_one_line_json", json);
    insta::assert_snapshot!("seed_one_line_github", github);
    insta::assert_snapshot!("seed_one_line_markdown", markdown);
}

#[test]
fn a_baseline_silences_old_findings_while_a_new_one_fails() {
    let dir = seed_copy("baseline");
    let baseline = dir.join("drift-baseline.json");
    let write = Options { write_baseline: Some(baseline.clone()), ..options(&dir, Format::Human) };
    let written = drift::run(&docs_over(&dir), &write).unwrap();
    assert!(!written.findings.is_empty());
    assert!(!written.failed);
    let recorded = fs::read_to_string(&baseline).unwrap();
    insta::assert_snapshot!("seed_baseline", recorded);

    let with_baseline = Options { baseline: Some(baseline.clone()), ..options(&dir, Format::Github) };
    let clean = drift::run(&docs_over(&dir), &with_baseline).unwrap();
    assert!(clean.new.is_empty() && clean.fixed.is_empty() && !clean.failed);
    assert_eq!(clean.report, "");

    // Lines moving is not new drift: two lines inserted above the table of a page.
    let page = dir.join("recordOperation.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replacen("\n\n", "\n\nAn added paragraph.\n\n", 1)).unwrap();
    let moved = drift::run(&docs_over(&dir), &with_baseline).unwrap();
    assert!(moved.findings.iter().any(|f| f.location.to_string() == "recordOperation.md:15"), "lines did move");
    assert!(moved.new.is_empty(), "{}", listing(&moved.new));

    // A new finding fails; the old ones stay silent.
    change_line(&page, 20, "| Int32  ", "| String ");
    let failing = drift::run(&docs_over(&dir), &with_baseline).unwrap();
    assert!(failing.failed);
    assert_eq!(failing.new.len(), 1, "{}", listing(&failing.new));
    assert_eq!(failing.new[0].location.to_string(), "recordOperation.md:20");
    assert_eq!(
        failing.report,
        "::error file=recordOperation.md,line=20,title=property-type-mismatch::property `maxRecordDurationInSeconds` of \
         `microsoft.graph.recordOperation`: the page says `Edm.String`, the metadata says `Edm.Int32` (see metadata.xml:88)\n"
    );
    assert!(
        failing.summary.contains(&format!("1 new (1 error, 0 warnings, 0 notes), {} accepted by the baseline", written.findings.len()))
    );
    let comment = drift::run(&docs_over(&dir), &Options { format: Format::Markdown, ..with_baseline.clone() }).unwrap();
    insta::assert_snapshot!("seed_baseline_markdown", comment.report);

    // Drift that was fixed is named, so the baseline can be written again.
    change_line(&page, 20, "| String ", "| Int32  ");
    let errorinfo = dir.join("metadata.xml");
    let metadata = fs::read_to_string(&errorinfo).unwrap();
    fs::write(&errorinfo, metadata.replace("Name=\"errorInfo\"", "Name=\"resultInfo\"")).unwrap();
    let fixed = drift::run(&docs_over(&dir), &with_baseline).unwrap();
    assert!(!fixed.failed);
    let fixed_rules: Vec<(&str, Option<&str>)> = fixed.fixed.iter().map(|i| (i.rule.as_str(), i.property.as_deref())).collect();
    assert_eq!(fixed_rules, [("property-undocumented", Some("errorInfo")), ("property-unknown", Some("resultInfo"))]);
    assert!(fixed.summary.contains("2 baseline entries no longer found"), "{}", fixed.summary);
}

#[test]
fn a_baseline_of_the_other_command_or_not_json_is_refused() {
    let dir = seed_copy("bad-baseline");
    let baseline = dir.join("baseline.json");
    fs::write(&baseline, "{\n  \"drift\": \"schema\",\n  \"findings\": []\n}\n").unwrap();
    let refused = drift::run(&docs_over(&dir), &Options { baseline: Some(baseline.clone()), ..options(&dir, Format::Json) });
    let error = refused.unwrap_err().to_string();
    assert!(error.contains("a baseline of `drift schema` findings cannot be used with `drift docs`"), "{error}");

    fs::write(&baseline, "{\n  \"drift\": \"docs\",\n  \"findings\": [ { \"rule\": 1 } ]\n}\n").unwrap();
    let refused = drift::run(&docs_over(&dir), &Options { baseline: Some(baseline.clone()), ..options(&dir, Format::Json) });
    let error = refused.unwrap_err().to_string();
    assert!(error.starts_with(&format!("{}:3:", baseline.display())), "{error}");
}

#[test]
fn reports_are_identical_between_runs() {
    let dir = fixtures().join("docs");
    for format in [Format::Human, Format::Json, Format::Github, Format::Markdown] {
        let first = drift::run(&docs_over(&dir), &options(&dir, format)).unwrap().report;
        let second = drift::run(&docs_over(&dir), &options(&dir, format)).unwrap().report;
        assert_eq!(first, second);
    }
}

/// `drift docs` over each documentation set with its metadata, and `drift schema` over the
/// two version pairs of the acceptance criteria: they run, sorted, and say the same twice.
#[test]
fn corpus_drift_reports_run_sorted() {
    let docs_pairs = [
        ("docs-2021-07/beta/resources", "csdl/beta-2021-07-13.xml"),
        ("docs-2021-07/v1.0/resources", "csdl/v1.0-2021-07-13.xml"),
        ("docs-2018-09/beta/resources", "csdl/beta-2018-12-18.xml"),
    ];
    let root = workspace_root();
    for (docs, csdl) in docs_pairs {
        let (Some(docs), Some(csdl)) = (corpus(docs), corpus(csdl)) else { return };
        let command = Command::Docs { docs: vec![docs], csdl: vec![csdl] };
        let outcome = drift::run(&command, &options(&root, Format::Json)).unwrap();
        assert_sorted(&outcome.findings);
        assert!(outcome.findings.iter().any(|f| f.rule.id() == "property-type-mismatch"));
        println!("{}", outcome.summary);
    }
    for (old, new) in [("csdl/beta-2018-12-18.xml", "csdl/beta-2021-07-13.xml"), ("csdl/v1.0-2021-07-13.xml", "csdl/beta-2021-07-13.xml")] {
        let (Some(old), Some(new)) = (corpus(old), corpus(new)) else { return };
        let command = Command::Schema { old, new, allow_breaking: false };
        let first = drift::run(&command, &options(&root, Format::Json)).unwrap();
        let second = drift::run(&command, &options(&root, Format::Json)).unwrap();
        assert_sorted(&first.findings);
        assert_eq!(first.report, second.report);
        assert!(first.failed, "{}", first.summary);
        println!("{}", first.summary);
    }
    // 2018 spells `RecordOperation`, 2021 `recordOperation`: one type, and findings say so.
    let (Some(old), Some(new)) = (corpus("csdl/beta-2018-12-18.xml"), corpus("csdl/beta-2021-07-13.xml")) else { return };
    let findings = drift::schema::findings(&old, &new, &root).unwrap();
    let record: Vec<&Finding> = findings.iter().filter(|f| f.type_name.eq_ignore_ascii_case("microsoft.graph.recordOperation")).collect();
    assert!(record.iter().all(|f| f.rule.id() != "type-added" && f.rule.id() != "type-removed"));
    assert!(record.iter().any(|f| f.message.contains("(`RecordOperation` in the old metadata)")));
}

/// The rows of the README's table under `heading`: each row's cells, backticks kept.
fn readme_table(heading: &str) -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(graph_codegen_tests::workspace_root().join("README.md")).unwrap();
    let section = &readme[readme.find(heading).unwrap_or_else(|| panic!("README has no `{heading}`"))..];
    section
        .lines()
        .skip_while(|line| !line.starts_with("| `"))
        .take_while(|line| line.starts_with("| `"))
        .map(|line| line.trim_matches('|').split(" | ").map(|cell| cell.trim().to_string()).collect())
        .collect()
}

/// The README's rule tables say what the library's rule tables say, row for row; the
/// library's tables are the one place a rule is defined.
#[test]
fn the_readme_states_the_rules_as_the_library_defines_them() {
    let docs: Vec<Vec<String>> = drift::docs::RULES
        .iter()
        .map(|r| vec![format!("`{}`", r.rule.id()), r.severity.as_str().to_string(), r.what.to_string(), r.why.to_string()])
        .collect();
    assert_eq!(readme_table("### `drift docs`"), docs, "README's `drift docs` table differs from drift::docs::RULES");
    let schema: Vec<Vec<String>> = drift::schema::RULES
        .iter()
        .map(|r| vec![format!("`{}`", r.id), r.class.as_str().to_string(), r.severity.as_str().to_string(), r.why.to_string()])
        .collect();
    assert_eq!(readme_table("### `drift schema`"), schema, "README's `drift schema` table differs from drift::schema::RULES");
    for (index, rule) in drift::docs::RULES.iter().enumerate() {
        assert_eq!(rule.rule as usize, index, "drift::docs::RULES is in the order of DisagreementRule");
    }
    for (index, rule) in drift::schema::RULES.iter().enumerate() {
        assert_eq!(rule.rule as usize, index, "drift::schema::RULES is in the order of ChangeRule");
    }
}

/// The operation rules between the 2018 and 2021 beta metadata: `record` is still bound to
/// `call` (`Call` in 2018) and now returns `recordOperation`, and the counts per rule.
#[test]
fn operation_changes_from_the_2018_to_the_2021_beta_metadata() {
    let root = graph_codegen_tests::workspace_root();
    let (Some(old), Some(new)) = (corpus("csdl/beta-2018-12-18.xml"), corpus("csdl/beta-2021-07-13.xml")) else { return };
    let findings = drift::schema::findings(&old, &new, &root).unwrap();
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for finding in &findings {
        *counts.entry(finding.rule.id()).or_default() += 1;
    }
    let operation_rules = [
        "operation-added",
        "operation-removed",
        "parameter-added",
        "required-parameter-added",
        "parameter-removed",
        "parameter-type-changed",
        "return-type-changed",
    ];
    for rule in operation_rules {
        println!("{rule}: {}", counts.get(rule).copied().unwrap_or(0));
    }
    // No parameter changed its type in these two versions (the rule fires on the fixture pair).
    for rule in operation_rules.iter().filter(|r| **r != "parameter-type-changed") {
        assert!(counts.contains_key(rule), "{rule} does not fire from 2018 to 2021");
    }
    let record: Vec<&Finding> = findings.iter().filter(|f| f.member.as_deref() == Some("microsoft.graph.call/record")).collect();
    assert!(record.iter().all(|f| f.rule.id() != "operation-added" && f.rule.id() != "operation-removed"), "paired through `Call`");
    assert!(
        record.iter().any(|f| f.rule.id() == "return-type-changed"
            && f.message.contains("returned `microsoft.graph.CommsOperation` and now returns `microsoft.graph.recordOperation`")),
        "{record:#?}"
    );
}
