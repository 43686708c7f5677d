//! The properties the fuzz targets check, one function per target, taking the raw bytes the
//! fuzzer made. Each returns normally when the property holds and panics when it does not.
//!
//! The bolero targets of `tests/targets.rs` call these functions, and so can a plain
//! `#[test]` there that replays a crash the fuzzer found.
//! See `FUZZING.md` at the workspace root for how to run them.

// `cargo bolero test` builds this library's own test harness too (`test = false`
// notwithstanding), with coverage instrumentation: it links only with libFuzzer, which
// comes with bolero.
#[cfg(all(test, fuzzing))]
extern crate bolero;

use graph_codegen::codegen::{self, Request};
use graph_codegen::config::Config;
use graph_codegen::{csdl, markdown};
use std::path::{Path, PathBuf};

/// The workspace root: where `schemas/` is, and what diagnostics' paths are relative to.
fn workspace_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The generation `cargo xtask codegen` runs by default, with the given metadata files.
fn request(csdl: Vec<PathBuf>) -> Request {
    let root = workspace_root();
    let mut request = Request::from_config(&Config::default(), root);
    request.config.inputs.docs = Vec::new();
    request.config.inputs.csdl = csdl;
    request
}

/// The Markdown front end and the whole pipeline behind it: `bytes` as one page, read,
/// lowered, validated and emitted as Rust. Bad input may be an error; it must never be a
/// panic. (Merging each page with `schemas/metadata.xml` too would cost 6 to 20 times as much per
/// input: the metadata's 16 types would be emitted every time.)
pub fn markdown_page(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let page = markdown::read_page("fuzz.md", &text);
    let pages = std::slice::from_ref(&page);
    let _ = markdown::lower(pages);
    let _ = codegen::generate_from_pages(pages, &request(Vec::new()));
}

/// The CSDL front end and the whole pipeline behind it: `bytes` as a metadata document,
/// read, lowered, validated and emitted as Rust.
pub fn csdl_document(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let Ok(document) = csdl::read_document("fuzz.xml", &text) else { return };
    let _ = csdl::lower(std::slice::from_ref(&document));
    // The pipeline reads metadata from files only: the document goes through a file of
    // this thread's own (targets run on parallel threads under `cargo test`).
    let path = std::env::temp_dir().join(format!("graph-codegen-fuzz-{}-{:?}.xml", std::process::id(), std::thread::current().id()));
    std::fs::write(&path, bytes).expect("the temporary folder is writable");
    let result = codegen::generate_from_pages(&[], &request(vec![path.clone()]));
    let _ = std::fs::remove_file(&path);
    drop(result);
}

/// The lenient JSON reader: never a panic; strict JSON is read as serde_json reads it, with
/// nothing forgiven; what is forgiven keeps every line where it was; an error names a line
/// of the text.
pub fn lenient_json(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let lines = text.matches('\n').count() + 1;
    let strict = serde_json::from_str::<serde_json::Value>(text);
    match markdown::lenient_json::parse(text) {
        Ok(parsed) => {
            assert_eq!(parsed.strict.matches('\n').count() + 1, lines, "forgiving moved lines: {:?}", parsed.strict);
            assert_eq!(serde_json::from_str::<serde_json::Value>(&parsed.strict).ok().as_ref(), Some(&parsed.value));
            if let Ok(strict) = strict {
                assert_eq!(parsed.value, strict, "strict JSON read differently");
                assert!(parsed.forgiven.is_empty(), "strict JSON needed forgiving: {:?}", parsed.forgiven);
            }
        }
        Err(error) => {
            assert!(strict.is_err(), "strict JSON refused: {error:?}");
            assert!((1..=lines).contains(&(error.line as usize)), "error line {} of {lines}", error.line);
        }
    }
}

/// The generated runtime: `bytes` read as each generated type and runtime value type. What
/// reads is written, by serde_json and by the runtime's writer alike; the text written reads
/// again as an equal value and is written again byte for byte.
pub fn runtime_payload(bytes: &[u8]) {
    use graph_models::runtime as rt;
    use graph_models::*;
    round_trip::<RecordOperation>(bytes);
    round_trip::<AnyPrompt>(bytes);
    round_trip::<Prompt>(bytes);
    round_trip::<TextPrompt>(bytes);
    round_trip::<MediaPrompt>(bytes);
    round_trip::<CommsOperation>(bytes);
    round_trip::<Entity>(bytes);
    round_trip::<ResultInfo>(bytes);
    round_trip::<OperationStatus>(bytes);
    round_trip::<SayAs>(bytes);
    round_trip::<rt::CollectionResponse<AnyPrompt>>(bytes);
    round_trip::<rt::CollectionResponse<RecordOperation>>(bytes);
    round_trip::<Vec<rt::Field<rt::DateTimeOffset>>>(bytes);
    round_trip::<Vec<rt::Date>>(bytes);
    round_trip::<Vec<rt::TimeOfDay>>(bytes);
    round_trip::<Vec<rt::Duration>>(bytes);
    round_trip::<Vec<rt::Guid>>(bytes);
    round_trip::<Vec<rt::Binary>>(bytes);
    round_trip::<Vec<rt::Int64>>(bytes);
    round_trip::<Vec<rt::Flags<SayAs>>>(bytes);
    round_trip_floats::<rt::Double, f64>(bytes, |value| value.get().to_bits());
    round_trip::<Vec<rt::Decimal>>(bytes);
    round_trip_floats::<rt::Single, f32>(bytes, |value| u64::from(value.get().to_bits()));
}

/// Reads `bytes` as `T`; when it reads, checks the round trip.
fn round_trip<T>(bytes: &[u8])
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    if let Ok(value) = serde_json::from_slice::<T>(bytes) {
        let again = write_and_reread(&value, bytes, TextCheck::ReadsAndIsStable);
        assert_eq!(again, value, "{} changed in a round trip of {:?}", std::any::type_name::<T>(), String::from_utf8_lossy(bytes));
    }
}

/// [`round_trip`] for floating-point values, compared bit for bit: `NaN` is never equal to
/// itself, but `"NaN"` must still read back as `NaN`. (serde_json reads with
/// `float_roundtrip`: a number comes back as the nearest value to its text, always the same.)
fn round_trip_floats<T, F>(bytes: &[u8], bits: fn(&T) -> u64)
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    if let Ok(values) = serde_json::from_slice::<Vec<T>>(bytes) {
        let again = write_and_reread(&values, bytes, TextCheck::ReadsAndIsStable);
        let same_bits = values.iter().zip(&again).all(|(value, again)| bits(value) == bits(again));
        assert!(
            values.len() == again.len() && same_bits,
            "{} changed in a round trip of {:?}: {values:?} became {again:?}",
            std::any::type_name::<F>(),
            String::from_utf8_lossy(bytes)
        );
    }
}

/// What [`write_and_reread`] asks of the text it writes.
#[derive(PartialEq)]
enum TextCheck {
    /// It reads again, and writing what it read gives it again byte for byte.
    ReadsAndIsStable,
    /// It reads again.
    ReadsOnly,
}

/// Writes `value`, reads the text back, and checks the text as `check` asks.
fn write_and_reread<T>(value: &T, input: &[u8], check: TextCheck) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let name = std::any::type_name::<T>();
    let input = String::from_utf8_lossy(input);
    let written = serde_json::to_vec(value).unwrap_or_else(|error| panic!("{name} read from {input:?} cannot be written: {error}"));
    let written_by_runtime = graph_models::runtime::json::to_vec(value).expect("what serde_json writes, the runtime writes");
    assert_eq!(
        String::from_utf8_lossy(&written_by_runtime),
        String::from_utf8_lossy(&written),
        "{name}: the runtime's writer and serde_json differ on {input:?}"
    );
    let again: T = serde_json::from_slice(&written).unwrap_or_else(|error| {
        panic!("{name}: the text written does not read: {error}\nread: {input:?}\nwritten: {:?}", String::from_utf8_lossy(&written))
    });
    if check == TextCheck::ReadsOnly {
        return again;
    }
    let rewritten = serde_json::to_vec(&again).expect("a value read once is written");
    assert_eq!(
        String::from_utf8_lossy(&rewritten),
        String::from_utf8_lossy(&written),
        "{name}: written differently after a round trip of {input:?}"
    );
    again
}
