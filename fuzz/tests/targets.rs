//! The fuzz targets, and the crashes they found as plain tests. Under `cargo test` each
//! target runs its seed corpus (`tests/__fuzz__/<target>/corpus/`) and then random inputs
//! for about a second; under `cargo bolero test` (see `bench/fuzz.sh`) libFuzzer drives them
//! for as long as asked.

use graph_codegen_fuzz as property;

/// Inputs up to 16 KiB: bolero's default, 4 KiB, would cut the 7 KB seed metadata short.
const MAX_LEN: usize = 16 * 1024;

#[test]
fn markdown() {
    bolero::check!().with_max_len(MAX_LEN).for_each(property::markdown_page);
}

#[test]
fn csdl() {
    bolero::check!().with_max_len(MAX_LEN).for_each(property::csdl_document);
}

#[test]
fn lenient_json() {
    bolero::check!().with_max_len(MAX_LEN).for_each(property::lenient_json);
}

#[test]
fn runtime() {
    bolero::check!().with_max_len(MAX_LEN).for_each(property::runtime_payload);
}

/// Found by the `runtime` target: an object that repeated `@odata.type` was read as the
/// variant the first named but kept the last, so it was written as another type. The
/// runtime now refuses a second `@odata.type` in one object, streamed or buffered.
#[test]
fn a_repeated_odata_type_is_refused() {
    for payload in [
        r##"{"prompts":[{"@odata.type":"#microsoft.graph.silencePrompt","duration":5,"@odata.type":"x"}]}"##,
        r##"{"prompts":[{"duration":5,"@odata.type":"#microsoft.graph.silencePrompt","@odata.type":"x"}]}"##,
        r##"{"@odata.type":"#microsoft.graph.recordOperation","@odata.type":"#microsoft.graph.recordOperation"}"##,
    ] {
        property::runtime_payload(payload.as_bytes());
        let error = serde_json::from_str::<graph_models::RecordOperation>(payload).unwrap_err();
        assert!(error.to_string().contains("duplicate field `@odata.type`"), "{payload}: {error}");
    }
}

/// Found by the `runtime` target (six times in two minutes): serde_json without its
/// `float_roundtrip` feature read some numbers one unit in the last place off, so an
/// `Edm.Double` did not come back as sent. Generated crates now turn the feature on.
#[test]
fn a_double_comes_back_as_sent() {
    for payload in ["[5E-64]", "[2000000000000001]", "[7205800000000012]"] {
        property::runtime_payload(payload.as_bytes());
    }
    let read: Vec<graph_models::runtime::Double> = serde_json::from_str("[5E-64, 2000000000000001.0]").unwrap();
    assert_eq!(read[0].get().to_bits(), 5e-64_f64.to_bits());
    assert_eq!(serde_json::to_string(&read[..1]).unwrap(), "[5e-64]");
    assert_eq!(read[1].get(), 2000000000000001.0);
}

/// Names that are not identifiers once panicked in the emitter (`rust/names.rs`); a page
/// whose JSON representation names such properties now generates.
#[test]
fn a_property_name_that_is_not_an_identifier() {
    for name in ["a½", "x²", "Self", "3d", ""] {
        let page = format!(
            "# t\n\n<!-- {{\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.t\"\n}}-->\n```json\n{{\n  \"{name}\": \"String\"\n}}\n```\n"
        );
        property::markdown_page(page.as_bytes());
    }
}
