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
