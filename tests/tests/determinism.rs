//! The same inputs give byte-identical files, whatever order the pages are read in.

use graph_codegen::codegen;
use graph_codegen_tests::{request, workspace_root};

#[test]
fn generating_twice_and_in_reverse_order_gives_identical_files() {
    let request = request(vec![workspace_root().join("schemas")], &[]);
    let first = codegen::generate(&request).unwrap();
    let second = codegen::generate(&request).unwrap();
    assert_eq!(first.files, second.files);

    let paths = codegen::find_pages(&request.config.inputs.docs).unwrap();
    let mut pages = codegen::read_pages(&paths, &request.base_dir, request.config.inputs.max_file_size.0).unwrap();
    pages.reverse();
    let reversed = codegen::generate_from_pages(&pages, &request).unwrap();
    assert_eq!(first.files.len(), reversed.files.len());
    for (path, contents) in &first.files {
        assert_eq!(Some(contents), reversed.files.get(path), "{path} differs when pages are read in reverse");
    }
    assert_eq!(first.diagnostics, reversed.diagnostics);
}

#[test]
fn the_corpus_generates_identically_in_reverse_order() {
    let Some(docs) = graph_codegen_tests::corpus("docs-2018-09/beta/resources") else { return };
    let request = request(vec![docs], &[]);
    let paths = codegen::find_pages(&request.config.inputs.docs).unwrap();
    let mut pages = codegen::read_pages(&paths, &request.base_dir, request.config.inputs.max_file_size.0).unwrap();
    let forward = codegen::generate_from_pages(&pages, &request).unwrap();
    pages.reverse();
    let reversed = codegen::generate_from_pages(&pages, &request).unwrap();
    assert!(forward.files.len() > 1000, "{} files", forward.files.len());
    assert!(forward.files == reversed.files, "2018 pages generate differently in reverse order");
    assert_eq!(forward.diagnostics, reversed.diagnostics);
}

/// The format cache saves time and nothing else: a run that reuses formatted files writes
/// the same files as one that formats them all, a file edited by hand is formatted afresh
/// (and so reported stale), and a changed input re-formats the files it changes.
#[test]
fn the_format_cache_changes_no_file() {
    let scratch = std::env::temp_dir().join(format!("graph-codegen-format-cache-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let pages = scratch.join("schemas");
    std::fs::create_dir_all(&pages).unwrap();
    for entry in std::fs::read_dir(workspace_root().join("schemas")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&path, pages.join(path.file_name().unwrap())).unwrap();
        }
    }
    let mut cached = request(vec![pages.clone()], &[]);
    cached.config.output.dir = scratch.join("out");
    cached.format_cache = Some(scratch.join("cache"));
    let write = codegen::Mode::Write(codegen::Overwrite::OwnedOnly);

    let uncached = codegen::generate(&cached).unwrap();
    let first = codegen::run(&cached, write).unwrap();
    assert_eq!(first.generation.reused.len(), 0, "nothing is cached before the first run");
    assert!(first.generation.fingerprints.len() > 10, "{} formatted files", first.generation.fingerprints.len());
    let second = codegen::run(&cached, write).unwrap();
    assert_eq!(second.generation.reused.len(), second.generation.fingerprints.len(), "every file is reused the second time");
    assert_eq!(second.generation.files, uncached.files, "reused files are the files formatting gives");
    assert_eq!(second.sync.unchanged, uncached.files.len());

    // A hand edit: not reused, so the check reports the file.
    let edited = "src/microsoft_graph/record_operation.rs";
    let path = cached.config.output.dir.join(edited);
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("pub struct", "pub(crate) struct")).unwrap();
    let checked = codegen::run(&cached, codegen::Mode::Check).unwrap();
    assert!(checked.failed && checked.sync.stale == [edited], "{:?}", checked.sync);
    assert_eq!(checked.generation.reused.len(), checked.generation.fingerprints.len() - 1);

    // A changed description: its file is formatted again, and written.
    let page = pages.join("recordOperation.md");
    let text = std::fs::read_to_string(&page).unwrap();
    assert!(text.contains("The client context."), "the seed page describes clientContext");
    std::fs::write(&page, text.replace("The client context.", "The client's context.")).unwrap();
    let changed = codegen::run(&cached, write).unwrap();
    assert!(changed.generation.files[edited].contains("The client's context."));
    assert_eq!(changed.sync.stale, [edited]);
    assert!(changed.generation.reused.len() < changed.generation.fingerprints.len());
    assert_eq!(changed.generation.files, codegen::generate(&cached).unwrap().files);
    std::fs::remove_dir_all(&scratch).unwrap();
}
