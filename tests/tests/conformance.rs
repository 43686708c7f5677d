//! The example checker against the runtime, on `tests/fixtures/conformance`: examples made
//! to conform and not to, one reason each. Here, the checker's side: one finding per bad
//! example, naming file:line and what was expected, and the `tests/examples.rs` that
//! `--conformance-tests` writes. CI builds that crate and runs the file (`.ci/run`), where
//! the runtime reads exactly the examples the checker accepted.

use graph_codegen::codegen;
use graph_codegen_tests::{request, workspace_root};
use std::collections::BTreeSet;

const PAGE: &str = "tests/fixtures/conformance/pages/examples.md";

#[test]
fn one_finding_per_bad_example_naming_where_and_what_was_expected() {
    let fixture = workspace_root().join("tests/fixtures/conformance");
    let mut request = request(vec![fixture.join("pages")], &[]);
    request.config.inputs.csdl = vec![fixture.join("conformance.xml")];
    request.config.output.conformance = true;
    let generation = codegen::generate(&request).unwrap();
    let findings: Vec<String> =
        generation.diagnostics.iter().filter(|d| d.message.contains("does not conform")).map(ToString::to_string).collect();
    let examples: BTreeSet<&str> = findings.iter().map(|f| f.split(": warning").next().unwrap()).collect();
    assert_eq!(examples.len(), findings.len(), "one finding per example:\n{}", findings.join("\n"));
    assert!(findings.iter().all(|f| f.starts_with(PAGE)), "{findings:#?}");

    // Six examples conform (among them `null` items of collections, which `List` keeps).
    // Each of these examples does not conform for the one reason shown. (The last three of the
    // page are values at the edge of what the runtime reads: their verdict is the runtime's,
    // whatever it is, and `tests/examples.rs` checks that.)
    let expected = [
        "at $.payload: expected a base64 string, found \"Binary\"",
        "at $.payload: expected a base64 string, found \"contentBytes-value\"",
        "at $.when: expected an RFC 3339 date-time string, found \"2021-07-13\"",
        "at $.tenant: expected a GUID string, found \"String\"",
        "at $.timeout: expected an ISO 8601 duration string such as PT1H30M, found \"PT\"",
        "at $.count: expected an integer in range, found 1.5",
        "at $.small: expected an integer in range, found 256",
        "at $.flag: expected a boolean, found \"true\"",
        "at $.state: expected a `fixtureState` member as a string, found 1",
        "at $.prompt.@odata.type: expected a type name as a string, found 5",
        "at $.prompt.loop: expected an integer in range, found \"yes\"",
        "at $: expected a collection response, {\"value\": [...]}",
    ];
    for what in expected {
        let matching: Vec<&String> = findings.iter().filter(|f| f.contains(what)).collect();
        assert_eq!(matching.len(), 1, "`{what}` in:\n{}", findings.join("\n"));
    }
    assert!((expected.len()..=expected.len() + 3).contains(&findings.len()), "{}", findings.join("\n"));

    // The test file holds every example, accepted or not, with the checker's verdict.
    let tests = &generation.files["tests/examples.rs"];
    assert_eq!(tests.matches("read: read::<").count(), 6 + expected.len() + 3);
    let single = "read: read::<graph_models::FixtureConformance>";
    let collection = "graph_models::runtime::CollectionResponse<graph_models::FixtureConformance>,";
    assert_eq!((tests.matches(single).count(), tests.matches(collection).count()), (6 + expected.len() + 3 - 2, 2));
    assert_eq!(tests.matches("finding: ::std::option::Option::Some(").count(), findings.len());
    assert!(tests.contains("#![cfg(feature = \"full\")]"), "compiled where every type is");
    for finding in &findings {
        let at = finding.split(": warning").next().unwrap();
        assert!(tests.contains(&format!("at: \"{at}\"")), "{at} is not in tests/examples.rs");
    }

    // Without the setting, there is no test file.
    request.config.output.conformance = false;
    assert!(!codegen::generate(&request).unwrap().files.contains_key("tests/examples.rs"));
}
