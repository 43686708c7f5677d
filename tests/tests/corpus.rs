//! The Markdown front end over every page of the corpus: no panic, nearly every resource page
//! lowers into a type, and every one that does not is explained with file:line.

use graph_codegen::codegen;
use graph_codegen::input::DEFAULT_MAX_FILE_SIZE;
use graph_codegen::markdown;
use graph_codegen_tests::{corpus, workspace_root};

/// Each folder is one documentation set; sets are lowered separately, as a user would.
const SETS: &[&str] =
    &["docs-2018-09/beta/resources", "docs-2021-07/beta/resources", "docs-2021-07/v1.0/resources", "docs-2021-07/beta/api-sample"];

#[test]
fn corpus_pages_lower_or_say_why() {
    let mut pages_total = 0;
    let mut resource_total = 0;
    let mut lowered_total = 0;
    for set in SETS {
        let Some(folder) = corpus(set) else { return };
        let paths = codegen::find_pages(&[folder]).unwrap();
        let pages = codegen::read_pages(&paths, &workspace_root(), DEFAULT_MAX_FILE_SIZE).unwrap();
        let lowered = markdown::lower(&pages);
        let stats = lowered.stats;
        for page in &lowered.unlowered_pages {
            let explained = lowered.diagnostics.iter().any(|d| &d.span.file == page && d.span.line > 0);
            assert!(explained, "{page} carries a resource block, defines no type, and no diagnostic says why");
        }
        println!(
            "{set}: {} pages, {} with a resource block, {} lowered, {} not ({} types, {} diagnostics)",
            stats.pages,
            stats.resource_pages,
            stats.lowered_resource_pages,
            lowered.unlowered_pages.len(),
            lowered.model.types.len(),
            lowered.diagnostics.len()
        );
        pages_total += stats.pages;
        resource_total += stats.resource_pages;
        lowered_total += stats.lowered_resource_pages;
    }
    let share = lowered_total as f64 / resource_total as f64;
    println!("all: {pages_total} pages, {resource_total} with a resource block, {lowered_total} lowered ({:.2}%)", share * 100.0);
    assert_eq!(pages_total, 5741);
    assert!(share >= 0.98, "only {:.2}% of resource pages lower into a type", share * 100.0);
}
