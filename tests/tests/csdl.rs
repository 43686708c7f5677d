//! The CSDL front end over the corpus's three metadata files, and the closure of a root
//! over real metadata and pages.

use graph_codegen::codegen;
use graph_codegen::input::DEFAULT_MAX_FILE_SIZE;
use graph_codegen::ir::{QualifiedName, Severity, TypeKind};
use graph_codegen_tests::{corpus, request, workspace_root};

const FILES: &[&str] = &["csdl/beta-2018-12-18.xml", "csdl/beta-2021-07-13.xml", "csdl/v1.0-2021-07-13.xml"];

/// Elements counted in the text itself, independently of the XML reader.
fn count_elements(text: &str, element: &str) -> usize {
    text.matches(&format!("<{element} ")).count() + text.matches(&format!("<{element}>")).count()
}

#[test]
fn every_metadata_file_lowers_with_one_ir_type_per_element() {
    for file in FILES {
        let Some(path) = corpus(file) else { return };
        let text = std::fs::read_to_string(&path).unwrap();
        let lowered = codegen::read_metadata(std::slice::from_ref(&path), &workspace_root(), DEFAULT_MAX_FILE_SIZE).unwrap();
        let errors: Vec<String> = lowered.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(ToString::to_string).collect();
        assert_eq!(errors, Vec::<String>::new(), "{file}");
        let count = |wanted: fn(&TypeKind) -> bool| lowered.model.types.values().filter(|d| wanted(&d.kind)).count();
        let entities = count(|k| matches!(k, TypeKind::Entity(_)));
        let complexes = count(|k| matches!(k, TypeKind::Complex(_)));
        let enums = count(|k| matches!(k, TypeKind::Enum(_)));
        println!(
            "{file}: {entities} entity, {complexes} complex, {enums} enum types; {} operations, {} warnings",
            lowered.model.operations.len(),
            lowered.diagnostics.len()
        );
        assert_eq!(entities, count_elements(&text, "EntityType"), "{file}: entity types");
        assert_eq!(complexes, count_elements(&text, "ComplexType"), "{file}: complex types");
        assert_eq!(enums, count_elements(&text, "EnumType"), "{file}: enum types");
        assert_eq!(
            lowered.model.operations.len(),
            count_elements(&text, "Action") + count_elements(&text, "Function"),
            "{file}: actions and functions"
        );
    }
}

#[test]
fn record_operation_closure_over_2021_metadata_and_pages() {
    let (Some(csdl), Some(docs)) = (corpus("csdl/beta-2021-07-13.xml"), corpus("docs-2021-07/beta/resources")) else { return };
    let mut request = request(vec![docs], &["microsoft.graph.recordOperation"]);
    request.config.inputs.csdl = vec![csdl];
    let generation = codegen::generate(&request).unwrap();
    let mut listing = String::new();
    let closure = graph_codegen::ir::reachable_from(
        &generation.model,
        &graph_codegen::ir::DerivedTypes::new(&generation.model),
        &[codegen::resolve_root(&generation.model, "microsoft.graph.recordOperation").unwrap()],
    );
    for name in &closure {
        let def = &generation.model.types[name];
        let kind = match &def.kind {
            TypeKind::Entity(_) => "entity",
            TypeKind::Complex(_) => "complex",
            TypeKind::Enum(_) => "enum",
            TypeKind::Definition(_) => "definition",
        };
        let sides = match (&def.sources.docs, &def.sources.metadata) {
            (Some(_), Some(_)) => "pages + metadata",
            (Some(_), None) => "pages only",
            (None, Some(_)) => "metadata only",
            (None, None) => "?",
        };
        listing.push_str(&format!("{name} ({kind}; {sides})\n"));
    }
    assert_eq!(generation.type_count, closure.len());
    insta::assert_snapshot!("record_operation_closure_2021", listing);

    // The merged type carries the page's description (this 2021 page has no example).
    let def = &generation.model.types[&QualifiedName::parse("microsoft.graph.recordOperation", "")];
    assert_eq!(def.description.as_deref(), Some("Contains information related to audio recording."));
}

#[test]
fn the_merged_seed_carries_the_pages_descriptions_and_examples() {
    let generation = graph_codegen_tests::generate_schemas();
    let name = QualifiedName::parse("microsoft.graph.recordOperation", "");
    let def = &generation.model.types[&name];
    assert!(def.sources.docs.is_some() && def.sources.metadata.is_some());
    assert_eq!(def.description.as_deref(), Some("The recordOperation type"));
    let record = def.kind.as_struct().unwrap();
    // The resource page's example; the `record` action's page keeps its response for the
    // operation it documents.
    let spans: Vec<String> = record.examples.iter().map(|e| e.span.to_string()).collect();
    assert_eq!(spans, ["schemas/recordOperation.md:71"]);
    let page = generation.model.documented_operations.iter().find(|o| o.title == "call: record").unwrap();
    assert_eq!(page.documents.as_ref().map(|d| d.name.to_string()).as_deref(), Some("microsoft.graph.record"));
    let response = page.response_examples[0].body.as_ref().unwrap();
    assert_eq!((response.span.to_string(), response.findings.len()), ("schemas/call-record.md:106".to_string(), 0));
    // The base type comes from the metadata; the page never names one.
    assert_eq!(record.base.as_ref().map(ToString::to_string).as_deref(), Some("microsoft.graph.CommsOperation"));
    // A property the page lists but that the metadata declares on the base is documented there.
    let comms = generation.model.struct_type(&QualifiedName::parse("microsoft.graph.CommsOperation", "")).unwrap();
    let client_context = comms.properties.iter().find(|p| p.json_name == "clientContext").unwrap();
    assert_eq!(client_context.description.as_deref(), Some("The client context."));
    assert_eq!(generation.model.all_properties(&name).len(), 17);
}
