//! Closures with operations over the corpus metadata: `--root` given an operation, and what
//! the operations bound to a closure's types bring.

use graph_codegen::codegen;
use graph_codegen::input::DEFAULT_MAX_FILE_SIZE;
use graph_codegen::ir::{self, DerivedTypes, Model, QualifiedName, Root};
use graph_codegen_tests::{corpus, workspace_root};

fn metadata(file: &str) -> Option<Model> {
    let path = corpus(file)?;
    Some(codegen::read_metadata(&[path], &workspace_root(), DEFAULT_MAX_FILE_SIZE).unwrap().model)
}

fn names(model: &Model, closure: &ir::Closure) -> Vec<String> {
    closure.operations.iter().map(|&i| ir::operation_spelling(&model.operations[i], false)).collect()
}

#[test]
fn record_operation_closure_with_and_without_operations() {
    let Some(model) = metadata("csdl/beta-2021-07-13.xml") else { return };
    let derived = DerivedTypes::new(&model);
    let root = QualifiedName::parse("microsoft.graph.recordOperation", "");
    let types_only = ir::reachable_from(&model, &derived, std::slice::from_ref(&root));
    let with_operations = ir::closure(&model, &derived, &[Root::Type(root)]);
    println!(
        "--root recordOperation: {} types without operations; {} types and {} operations with them: {:?}",
        types_only.len(),
        with_operations.types.len(),
        with_operations.operations.len(),
        names(&model, &with_operations)
    );
    assert!(with_operations.types.is_superset(&types_only));
}

#[test]
fn an_operation_root_reaches_its_binding_parameter_and_return_types() {
    let Some(model) = metadata("csdl/beta-2021-07-13.xml") else { return };
    let derived = DerivedTypes::new(&model);
    let Ok(Root::Operations(found)) = codegen::resolve_generation_root(&model, "microsoft.graph.call/recordResponse") else { panic!() };
    assert_eq!(found.len(), 1);
    let closure = ir::closure(&model, &derived, &[Root::Operations(found.clone())]);
    for name in ["call", "prompt", "mediaPrompt", "recordOperation"] {
        assert!(closure.types.contains(&QualifiedName::parse(name, "microsoft.graph")), "{name}");
    }
    assert!(closure.operations.contains(&found[0]));
    println!("--root microsoft.graph.call/recordResponse: {} types, {} operations", closure.types.len(), closure.operations.len());
    // Case-insensitive, as type roots are; a name that is no operation says what is expected.
    assert!(
        matches!(codegen::resolve_generation_root(&model, "Microsoft.Graph.Call/RecordResponse"), Ok(Root::Operations(f)) if f == found)
    );
    let error = codegen::resolve_generation_root(&model, "microsoft.graph.call/recordReply").unwrap_err().to_string();
    assert!(error.starts_with("unknown root operation `microsoft.graph.call/recordReply`; expected a bound operation"), "{error}");
}
