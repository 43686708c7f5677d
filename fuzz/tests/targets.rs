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

/// Found by the `runtime` target (smoke run): a prompt whose `@odata.type` is repeated is
/// read as the type the first names (`silencePrompt`) but keeps the last (`x`), so it is
/// written as `{"@odata.type":"x",...}` and read back as a plain `prompt`. Not fixed here
/// (the runtime is not this branch's); the property tolerates exactly this and no other
/// difference, and everything else about the round trip still holds.
#[test]
fn a_repeated_odata_type_round_trips_as_text() {
    let payload = br##"{"prompts":[{"@odata.type":"#microsoft.graph.silencePrompt","duration":5,"@odata.type":"x"}]}"##;
    assert!(property::repeats_odata_type(payload));
    property::runtime_payload(payload);
    let read: graph_models::RecordOperation = serde_json::from_slice(payload).unwrap();
    let reread: graph_models::RecordOperation = serde_json::from_slice(&serde_json::to_vec(&read).unwrap()).unwrap();
    // The divergence itself, so that this test fails (and the tolerance can go) once fixed.
    assert_ne!(read, reread);
}

#[test]
fn a_single_odata_type_is_not_taken_for_a_repeated_one() {
    assert!(!property::repeats_odata_type(br#"{"@odata.type":"a","b":{"@odata.type":"c"},"d":[{"@odata.type":"e"}]}"#));
    assert!(property::repeats_odata_type(br#"[1,{"b":{"@odata.type":"c","@odata.type":"c"}}]"#));
}

/// Found by the `runtime` target (smoke run, six times in two minutes): serde_json without
/// its `float_roundtrip` feature reads some numbers one unit in the last place off, so an
/// `Edm.Double` does not come back as sent. Not fixed here (the generated crate's
/// `Cargo.toml` comes from the emitter); the property tolerates one unit and no more. The
/// last assertion pins the loss, so that this test fails (and the tolerance can go) once
/// fixed.
#[test]
fn a_double_may_come_back_one_unit_off() {
    for payload in ["[5E-64]", "[2000000000000001]", "[7205800000000012]"] {
        property::runtime_payload(payload.as_bytes());
    }
    let read: Vec<graph_models::runtime::Double> = serde_json::from_str("[5E-64]").unwrap();
    assert_eq!(serde_json::to_string(&read).unwrap(), "[4.9999999999999997e-64]");
}
