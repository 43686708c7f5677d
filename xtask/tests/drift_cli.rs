//! `cargo xtask drift` as CI runs it: exit codes (0 clean, 1 new or breaking drift, 2 bad
//! input or usage), reports on standard output, the summary on standard error, baselines.

mod support;

use std::fs;
use std::path::PathBuf;
use std::process::Output;
use support::{scratch as scratch_in, stderr, stdout, xtask};

/// A fresh folder for one test, under `target/drift-cli-tests`.
fn scratch(name: &str) -> PathBuf {
    scratch_in("drift-cli-tests", name)
}

const DOCS: &[&str] = &["drift", "docs", "--docs", "tests/fixtures/drift/docs", "--csdl", "tests/fixtures/drift/docs/metadata.xml"];
const SCHEMA: &[&str] =
    &["drift", "schema", "--old", "tests/fixtures/drift/schema/old.xml", "--new", "tests/fixtures/drift/schema/new.xml"];

fn with(base: &[&str], extra: &[&str]) -> Vec<String> {
    base.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn run(args: &[String]) -> Output {
    xtask(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn usage_mistakes_exit_2_and_say_what_is_wrong() {
    for (args, says) in [
        (vec!["drift"], "no drift report given"),
        (vec!["drift", "pages"], "unknown drift report `pages`"),
        (vec!["drift", "docs", "--docs", "schemas"], "needs at least one --docs DIR and one --csdl FILE"),
        (vec!["drift", "schema", "--old", "a.xml"], "needs exactly one --old FILE and one --new FILE"),
        (vec!["drift", "docs", "--old", "a.xml"], "belong to `drift schema`"),
        (vec!["drift", "schema", "--format", "yaml"], "unknown format `yaml`"),
        (vec!["drift", "schema", "--baseline"], "--baseline needs a value"),
    ] {
        let output = xtask(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(says), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn bad_input_exits_2_naming_the_file_and_line() {
    let dir = scratch("bad-input");
    let broken = dir.join("broken.xml");
    fs::write(&broken, "<?xml version=\"1.0\"?>\n<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n  <edmx:DataServices>\n</edmx:Edmx>\n").unwrap();
    // Relative to the workspace root, where the xtask runs: shown as given.
    let broken_arg = "target/drift-cli-tests/bad-input/broken.xml";
    let output = xtask(&["drift", "schema", "--old", broken_arg, "--new", "tests/fixtures/drift/schema/new.xml"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains(&format!("{broken_arg}:4: error: not a well-formed CSDL document")), "{}", stderr(&output));

    let output = xtask(&["drift", "schema", "--old", "no/such.xml", "--new", "tests/fixtures/drift/schema/new.xml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no/such.xml"), "{}", stderr(&output));

    let baseline = dir.join("baseline.json");
    fs::write(&baseline, "{ \"drift\": \"docs\",\n  \"findings\": [,] }\n").unwrap();
    let output = run(&with(DOCS, &["--baseline", baseline.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(&format!("{}:2:", baseline.display())), "{}", stderr(&output));
}

#[test]
fn docs_drift_fails_on_errors_until_a_baseline_accepts_them() {
    let output = run(&with(DOCS, &["--format", "github"]));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(
            "::error file=tests/fixtures/drift/docs/task.md,line=16,title=property-type-mismatch::property `effort` of \
             `microsoft.graph.task`: the page says `Edm.String`, the metadata says `Edm.Int32` (see tests/fixtures/drift/docs/metadata.xml:23)\n"
        ),
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).contains("drift docs: 21 findings (7 errors, 13 warnings, 1 note)"), "{}", stderr(&output));

    let dir = scratch("docs-baseline");
    let baseline = dir.join("drift-docs.json");
    let baseline_arg = baseline.to_str().unwrap();
    let written = run(&with(DOCS, &["--write-baseline", baseline_arg]));
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    let accepted = run(&with(DOCS, &["--baseline", baseline_arg, "--format", "github"]));
    assert_eq!(accepted.status.code(), Some(0), "{}", stderr(&accepted));
    assert_eq!(stdout(&accepted), "");
    assert!(stderr(&accepted).contains("0 new (0 errors, 0 warnings, 0 notes), 21 accepted by the baseline"), "{}", stderr(&accepted));

    let markdown = run(&with(DOCS, &["--baseline", baseline_arg, "--format", "markdown"]));
    assert!(stdout(&markdown).contains("**No new drift.** 21 findings are accepted by the baseline."), "{}", stdout(&markdown));
}

#[test]
fn schema_drift_fails_on_breaking_changes_unless_allowed() {
    let output = run(&with(SCHEMA, &["--format", "json"]));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // One `"rule"` key per finding (the xtask has no JSON dependency to parse it with).
    let report = stdout(&output);
    assert!(report.starts_with("[\n  {\n    \"rule\": "), "{report}");
    assert_eq!(report.matches("\n    \"rule\": ").count(), 25, "{report}");
    assert!(stderr(&output).contains("14 breaking, 11 additive"), "{}", stderr(&output));

    let allowed = run(&with(SCHEMA, &["--allow-breaking"]));
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));

    let unchanged =
        xtask(&["drift", "schema", "--old", "tests/fixtures/drift/schema/new.xml", "--new", "tests/fixtures/drift/schema/new.xml"]);
    assert_eq!(unchanged.status.code(), Some(0), "{}", stderr(&unchanged));
    assert!(stderr(&unchanged).contains("drift schema: 0 findings"), "{}", stderr(&unchanged));
}
