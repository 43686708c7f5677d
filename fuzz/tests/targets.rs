//! The fuzz targets. Under `cargo test` each runs its seed corpus
//! (`tests/__fuzz__/<target>/corpus/`) and then random inputs for about a second; under
//! `cargo bolero test` (see `bench/fuzz.sh`) libFuzzer drives them for as long as asked.

use graph_codegen_fuzz as property;

#[test]
fn markdown() {
    bolero::check!().for_each(property::markdown_page);
}

#[test]
fn csdl() {
    bolero::check!().for_each(property::csdl_document);
}

#[test]
fn lenient_json() {
    bolero::check!().for_each(property::lenient_json);
}

#[test]
fn runtime() {
    bolero::check!().for_each(property::runtime_payload);
}
