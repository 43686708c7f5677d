//! Paths over the corpus metadata: the canonical paths of every bound operation, and the
//! request lines of the API sample pages matched against the metadata.

use graph_codegen::codegen;
use graph_codegen::input::DEFAULT_MAX_FILE_SIZE;
use graph_codegen::ir::Model;
use graph_codegen::ir::paths::Paths;
use graph_codegen_tests::{corpus, workspace_root};

fn metadata(file: &str) -> Option<Model> {
    let path = corpus(file)?;
    Some(codegen::read_metadata(&[path], &workspace_root(), DEFAULT_MAX_FILE_SIZE).unwrap().model)
}

#[test]
fn every_bound_operation_of_the_corpus_gets_its_canonical_paths() {
    for file in ["csdl/beta-2021-07-13.xml", "csdl/v1.0-2021-07-13.xml", "csdl/beta-2018-12-18.xml"] {
        let Some(model) = metadata(file) else { return };
        let started = std::time::Instant::now();
        let paths = Paths::new(&model);
        let elapsed = started.elapsed();
        let bound = model.operations.iter().filter(|op| op.is_bound()).count();
        let with_paths = paths.all_canonical().iter().filter(|p| !p.is_empty()).count();
        let templates: usize = paths.all_canonical().iter().map(Vec::len).sum();
        println!(
            "{file}: {} operations, {bound} bound, {with_paths} with a canonical path, {templates} canonical paths ({elapsed:?})",
            model.operations.len()
        );
        assert!(with_paths * 2 > bound, "{file}: most bound operations have a canonical path");
        // Every canonical path resolves, to its own operation.
        for (index, templates) in paths.all_canonical().iter().enumerate() {
            for template in templates {
                let text = template.to_string();
                let resolved = paths.resolve(&text).unwrap_or_else(|e| panic!("{file}: {text}: {e}"));
                assert!(resolved.operations().iter().any(|op| std::ptr::eq(*op, &model.operations[index])), "{file}: {text}");
            }
        }
    }
}

#[test]
fn record_response_is_bound_to_call_under_communications() {
    let Some(model) = metadata("csdl/beta-2021-07-13.xml") else { return };
    let paths = Paths::new(&model);
    let index = model.operations.iter().position(|op| op.name.name == "recordResponse").unwrap();
    let shown: Vec<String> = paths.canonical(index).iter().map(ToString::to_string).collect();
    // Both singletons expose the calls: both paths are one step to `calls`, so both are canonical.
    assert_eq!(shown, ["/communications/calls/{call-id}/recordResponse", "/app/calls/{call-id}/recordResponse"]);
    let resolved = paths.resolve("https://graph.microsoft.com/beta/communications/calls/{id}/recordResponse").unwrap();
    assert_eq!(resolved.operations().len(), 1);
    assert_eq!(resolved.operations()[0].name.name, "recordResponse");
    let mismatch = paths.resolve("/communications/calls/{id}/recordReply").unwrap_err();
    assert_eq!(
        mismatch.to_string(),
        "segment 4 `recordReply`: `microsoft.graph.call` has no navigation property, property, derived type or bound operation named `recordReply`"
    );
}

/// The request lines of the API sample pages (`POST /communications/calls/{id}/answer`): each
/// is matched against the beta 2021 metadata; those of other hosts (a bot's callback URL in
/// a notification example) are not Graph's.
#[test]
fn the_sample_pages_request_lines_resolve() {
    let (Some(model), Some(pages)) = (metadata("csdl/beta-2021-07-13.xml"), corpus("docs-2021-07/beta/api-sample")) else { return };
    let paths = Paths::new(&model);
    let (mut resolved, mut other_hosts, mut failed) = (0, 0, Vec::new());
    let mut files: Vec<_> = std::fs::read_dir(&pages).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let Some((_, path)) = line.split_once(' ').filter(|(method, _)| ["GET", "POST", "PATCH", "PUT", "DELETE"].contains(method))
            else {
                continue;
            };
            match paths.resolve(path) {
                Ok(_) => resolved += 1,
                Err(mismatch) if mismatch.segment == 0 => other_hosts += 1,
                Err(mismatch) => failed.push(format!("{}:{}: {path}: {mismatch}", file.display(), number + 1)),
            }
        }
    }
    println!("api-sample request lines: {resolved} resolve, {other_hosts} of other hosts, {} do not resolve", failed.len());
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert!(resolved >= 60, "{resolved}");
}
