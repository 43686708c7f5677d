//! `tests/examples.rs` (with `[output] conformance`, `--conformance-tests`): the example
//! checker held to the runtime. Every example the checker saw, accepted or rejected, is read
//! by the generated crate as the type a doctest would read it as, and the test asserts that
//! the runtime reads exactly the examples the checker accepted. Each example read is also
//! written back by the runtime's JSON writer (`runtime::json`), which must write the bytes
//! serde_json writes.
//!
//! It names only the plan's type paths ([`Plan::example_type_path`], as the doctests read
//! examples), nothing else of the generated API. A crate with
//! features compiles the file under `full` (what `--all-features` turns on), where every
//! type exists.

use super::plan::Plan;
use crate::ir::Example;
use quote::quote;

/// The path of the file in the generated crate.
pub const PATH: &str = "tests/examples.rs";

/// One example as the test holds it.
struct Case {
    at: String,
    /// The checker's first finding, `None` when it accepted the example.
    finding: Option<String>,
    json: String,
    type_path: String,
}

/// The test file's tokens, to be formatted by the caller.
pub fn tests_file(plan: &Plan) -> Result<proc_macro2::TokenStream, super::EmitError> {
    let mut cases = Vec::new();
    for name in &plan.emitted {
        let Some(structure) = plan.def(name).kind.as_struct() else { continue };
        for example in plan.type_examples(name, structure) {
            cases.push(case(example, plan.example_type_path(name, example.collection)));
        }
    }
    let mut entries = Vec::with_capacity(cases.len());
    for case in &cases {
        let ty: syn::Type = syn::parse_str(&case.type_path).map_err(|error| super::EmitError::Unparsable {
            file: PATH.to_string(),
            message: format!("type path `{}`: {error}", case.type_path),
        })?;
        let (at, json) = (&case.at, &case.json);
        let finding = match &case.finding {
            Some(text) => quote!(::std::option::Option::Some(#text)),
            None => quote!(::std::option::Option::None),
        };
        entries.push(quote! {
            Example { at: #at, finding: #finding, json: #json, read: read::<#ty> },
        });
    }
    let gate = if plan.features.closures.is_empty() { quote!() } else { quote!(#![cfg(feature = "full")]) };
    let doc = super::items::inner_doc_lines(
        "The example checker against the runtime: every example of the pages, as the generator's\n\
         checker judged it, read by this crate. The runtime reads exactly the examples the\n\
         checker accepted (those that became doctests) and rejects the others (reported as\n\
         `example-invalid`).",
    );
    let writer: syn::Path = syn::parse_str(&format!("{}::runtime::json", plan.crate_name))
        .map_err(|error| super::EmitError::Unparsable { file: PATH.to_string(), message: format!("crate name: {error}") })?;
    let tokens = quote! {
        #doc
        #gate

        struct Example {
            /// Where the example is: `file:line`.
            at: &'static str,
            /// What the checker found wrong with it; `None` when it accepted it.
            finding: ::std::option::Option<&'static str>,
            json: &'static str,
            read: fn(&str) -> Outcome,
        }

        /// What became of an example in the runtime.
        enum Outcome {
            /// Read, and written back by the runtime's writer as serde_json writes it.
            Read,
            NotRead(::std::string::String),
            /// Read, but the runtime's writer and serde_json wrote it differently.
            WrittenDifferently { runtime: ::std::string::String, serde_json: ::std::string::String },
        }

        fn read<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) -> Outcome {
            match ::serde_json::from_str::<T>(json) {
                ::std::result::Result::Err(error) => Outcome::NotRead(error.to_string()),
                ::std::result::Result::Ok(value) => {
                    let written = |result: ::std::result::Result<::std::string::String, ::serde_json::Error>| {
                        result.unwrap_or_else(|error| ::std::format!("error: {error}"))
                    };
                    let runtime = written(#writer::to_string(&value));
                    let serde_json = written(::serde_json::to_string(&value));
                    if runtime == serde_json { Outcome::Read } else { Outcome::WrittenDifferently { runtime, serde_json } }
                }
            }
        }

        const EXAMPLES: &[Example] = &[#(#entries)*];

        #[test]
        fn the_checker_accepts_exactly_the_examples_the_runtime_reads() {
            let mut disagreements = ::std::vec::Vec::new();
            for example in EXAMPLES {
                match ((example.read)(example.json), example.finding) {
                    (Outcome::Read, ::std::option::Option::None) | (Outcome::NotRead(_), ::std::option::Option::Some(_)) => {}
                    (Outcome::NotRead(error), ::std::option::Option::None) => {
                        disagreements.push(::std::format!("{}: the checker accepted it; the runtime does not read it: {error}", example.at));
                    }
                    (Outcome::Read, ::std::option::Option::Some(finding)) => {
                        disagreements.push(::std::format!("{}: the runtime reads it; the checker rejected it: {finding}", example.at));
                    }
                    (Outcome::WrittenDifferently { runtime, serde_json }, _) => {
                        disagreements.push(::std::format!("{}: the runtime's writer wrote {runtime}; serde_json wrote {serde_json}", example.at));
                    }
                }
            }
            let rejected = EXAMPLES.iter().filter(|example| example.finding.is_some()).count();
            ::std::eprintln!(
                "{} examples: {} accepted, {} rejected by the checker; {} agree with the runtime, and its writer with serde_json",
                EXAMPLES.len(),
                EXAMPLES.len() - rejected,
                rejected,
                EXAMPLES.len() - disagreements.len()
            );
            assert!(
                disagreements.is_empty(),
                "the checker and the runtime disagree on {} of {} examples:\n{}",
                disagreements.len(),
                EXAMPLES.len(),
                disagreements.join("\n")
            );
        }
    };
    Ok(tokens)
}

fn case(example: &Example, type_path: String) -> Case {
    Case {
        at: example.span.to_string(),
        finding: crate::ir::findings_summary(&example.findings),
        json: example.value.to_string(),
        type_path,
    }
}
