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

fn fixture() -> Model {
    let path = workspace_root().join("tests/fixtures/csdl/paths.xml");
    codegen::read_metadata(&[path], &workspace_root(), DEFAULT_MAX_FILE_SIZE).unwrap().model
}

/// What `--root` names, as the operations' spellings (with parameters).
fn named(model: &Model, text: &str) -> Result<Vec<String>, String> {
    match codegen::resolve_generation_root(model, text) {
        Ok(Root::Operations(found)) => Ok(found.iter().map(|&i| ir::operation_spelling(&model.operations[i], true)).collect()),
        Ok(Root::Type(name)) => Ok(vec![format!("type {name}")]),
        Err(error) => Err(error.to_string()),
    }
}

#[test]
fn operation_roots_are_spelled_binding_slash_name() {
    let model = fixture();
    assert_eq!(named(&model, "microsoft.graph.call/recordResponse").unwrap(), ["microsoft.graph.call/recordResponse(clientContext)"]);
    // Without a namespace, Graph's; `Collection(...)` may be left out when only one binding has the name.
    assert_eq!(named(&model, "mailFolder/delta").unwrap(), ["Collection(microsoft.graph.mailFolder)/delta()"]);
    assert_eq!(named(&model, "Collection(microsoft.graph.mailFolder)/delta").unwrap(), ["Collection(microsoft.graph.mailFolder)/delta()"]);
    // Overloads: the name gives all of them, the parameters one.
    assert_eq!(
        named(&model, "microsoft.graph.user/reminderView").unwrap(),
        ["microsoft.graph.user/reminderView(StartDateTime,EndDateTime)", "microsoft.graph.user/reminderView(StartDateTime)"]
    );
    assert_eq!(
        named(&model, "microsoft.graph.user/reminderView(startDateTime)").unwrap(),
        ["microsoft.graph.user/reminderView(StartDateTime)"]
    );
    assert_eq!(
        named(&model, "microsoft.graph.user/reminderView(EndDateTime, StartDateTime)").unwrap(),
        ["microsoft.graph.user/reminderView(StartDateTime,EndDateTime)"]
    );
    // Bound to a base type: named by the type it is bound to.
    assert!(named(&model, "microsoft.graph.user/checkMemberGroups").unwrap_err().starts_with("unknown root operation"));
    // A type is still a type.
    assert_eq!(named(&model, "microsoft.graph.call").unwrap(), ["type microsoft.graph.call"]);
    let error = named(&model, "microsoft.graph.user/reminder").unwrap_err();
    assert!(error.ends_with("(did you mean microsoft.graph.user/reminderView?)"), "{error}");
}

#[test]
fn a_closure_holds_the_operations_bound_to_its_types_to_a_fixpoint() {
    let model = fixture();
    let derived = DerivedTypes::new(&model);
    let type_name = |name: &str| QualifiedName::parse(name, "microsoft.graph");
    // `user` brings its operations and those of its base `directoryObject`; `reminderView`
    // returns messages, so `message` comes in.
    let closure = ir::closure(&model, &derived, &[Root::Type(type_name("user"))]);
    assert_eq!(
        names(&model, &closure),
        ["microsoft.graph.directoryObject/checkMemberGroups", "microsoft.graph.user/reminderView", "microsoft.graph.user/reminderView"]
    );
    assert!(closure.types.contains(&type_name("message")));
    assert!(!closure.types.contains(&type_name("mailFolder")), "a navigation pulls nothing in");
    // An operation root: its binding and return types, and the operations bound to them.
    let Ok(root) = codegen::resolve_generation_root(&model, "microsoft.graph.call/recordResponse") else { panic!() };
    let closure = ir::closure(&model, &derived, &[root]);
    assert_eq!(
        names(&model, &closure),
        ["microsoft.graph.call/recordResponse", "Collection(microsoft.graph.call)/logTeleconferenceDeviceQuality"]
    );
    let types: Vec<String> = closure.types.iter().map(ToString::to_string).collect();
    assert_eq!(types, ["microsoft.graph.call", "microsoft.graph.entity", "microsoft.graph.recordOperation"]);
    // Types alone, as features use them: no operation and nothing they bring.
    let types_only = ir::reachable_from(&model, &derived, &[type_name("user")]);
    assert!(!types_only.contains(&type_name("message")));
}
