//! Operations (issue 11): the descriptors and parameters types of the payload fixture's
//! actions and functions (`tests/payload-models/`), sent through a fake transport; and the
//! emitter given path templates and request examples, as the metadata and the pages will
//! give them.

use graph_codegen::codegen;
use graph_codegen::config::Config;
use graph_codegen::input::DEFAULT_MAX_FILE_SIZE;
use graph_codegen::ir::{Example, Span};
use graph_codegen::rust::{FormatEveryFile, OperationInputs, emit_with};
use graph_codegen_tests::workspace_root;
use payload_models::operations::{
    GetReport, GroupMemberCount, GroupMemberCountWithTransitive, ResetAll, UserCollectionDelta, UserReminderView, UserSendReminder,
};
use payload_models::runtime::operations::{
    Method, NoBody, NoContent, Operation, RawBody, Request, RequestError, SendError, ValueResponse, fill_path, placeholders, send,
};
use payload_models::runtime::{CollectionResponse, Field, same_json};
use payload_models::{AnyDirectoryObject, AnyIdentity, AuthenticationPhoneType};
use serde_json::{Value, json};

/// The request body of `sendReminder`, as a page would show it.
const SEND_REMINDER_BODY: &str = r##"{
  "message": "Stand-up in 5",
  "remindAt": "2021-07-13T08:00:00.0000000Z",
  "phoneType": "alternateMobile",
  "recipients": [
    {"@odata.type": "#microsoft.graph.emailIdentity", "displayName": "Alex", "email": "alex@contoso.com"},
    {"displayName": "Sam"}
  ],
  "futureParameter": [1, 2]
}"##;

#[test]
fn an_action_body_reads_into_its_parameters_type_and_is_written_back_as_read() {
    let body: UserSendReminder = serde_json::from_str(SEND_REMINDER_BODY).unwrap();
    assert_eq!(body.message, Field::Value("Stand-up in 5".to_string()));
    assert_eq!(body.phone_type, Field::Value(AuthenticationPhoneType::AlternateMobile));
    let recipients = body.recipients.value().unwrap();
    assert!(matches!(&recipients[0], AnyIdentity::EmailIdentity(e) if e.email.value().map(String::as_str) == Some("alex@contoso.com")));
    assert!(matches!(&recipients[1], AnyIdentity::Identity(_)));
    assert!(body.additional_properties.contains_key("futureParameter"));
    let written = serde_json::to_value(&body).unwrap();
    assert!(same_json(&written, &serde_json::from_str(SEND_REMINDER_BODY).unwrap()), "{written:#}");
}

#[test]
fn descriptors_give_method_binding_body_and_response() {
    assert_eq!(UserSendReminder::NAME, "microsoft.graph.sendReminder");
    assert_eq!(UserSendReminder::BINDING, Some("microsoft.graph.user"));
    assert_eq!(UserSendReminder::METHOD, Method::Post);
    assert_eq!(UserReminderView::METHOD, Method::Get);
    assert_eq!(UserCollectionDelta::BINDING, Some("Collection(microsoft.graph.user)"));
    assert_eq!(ResetAll::BINDING, None);
    // Canonical paths from the entity container; a function's parameters follow its path.
    assert_eq!(UserSendReminder::PATHS, ["/users/{user-id}/sendReminder"]);
    assert_eq!(GroupMemberCountWithTransitive::PATHS, ["/groups/{group-id}/memberCount"]);
    assert_eq!(UserCollectionDelta::PATHS, ["/users/delta"]);
    // An unbound operation has no path through the container.
    assert!(ResetAll::PATHS.is_empty());

    // Types, checked by the compiler: an action with parameters is its own body; a base
    // type's result is its `Any…` enum; a collection, a single primitive, a stream, nothing.
    fn body_of<O: Operation>() -> std::marker::PhantomData<O::Body> {
        std::marker::PhantomData
    }
    fn response_of<O: Operation>() -> std::marker::PhantomData<O::Response> {
        std::marker::PhantomData
    }
    let _: std::marker::PhantomData<UserSendReminder> = body_of::<UserSendReminder>();
    let _: std::marker::PhantomData<NoBody> = body_of::<UserReminderView>();
    let _: std::marker::PhantomData<NoBody> = body_of::<ResetAll>();
    let _: std::marker::PhantomData<AnyDirectoryObject> = response_of::<UserSendReminder>();
    let _: std::marker::PhantomData<CollectionResponse<AnyIdentity>> = response_of::<UserReminderView>();
    let _: std::marker::PhantomData<ValueResponse<i32>> = response_of::<GroupMemberCount>();
    let _: std::marker::PhantomData<NoContent> = response_of::<ResetAll>();
    let _: std::marker::PhantomData<RawBody> = response_of::<GetReport>();
}

#[test]
fn overloads_are_named_by_their_parameters() {
    // `memberCount()` and `memberCount(transitive)`, both bound to `group`.
    let with = GroupMemberCountWithTransitive { transitive: true.into(), ..Default::default() };
    let request = Request::new(&with, GroupMemberCountWithTransitive::PATHS[0], &[("group-id", "g1")]).unwrap();
    assert_eq!(request.url, "/groups/g1/memberCount(transitive=true)");
    let request = Request::new(&GroupMemberCount, "/groups/{group-id}/memberCount", &[("group-id", "g1")]).unwrap();
    assert_eq!(request.url, "/groups/g1/memberCount()");
    assert_eq!(request.method, Method::Get);
}

#[test]
fn an_action_is_sent_through_a_fake_transport_and_its_response_read() {
    let body: UserSendReminder = serde_json::from_str(SEND_REMINDER_BODY).unwrap();
    let mut sent = Vec::new();
    let mut transport = |request: &Request| -> Result<String, std::convert::Infallible> {
        sent.push(request.clone());
        Ok(r##"{"@odata.context": "x", "@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Alex"}"##.to_string())
    };
    let response = send(&mut transport, &body, "/users/{user-id}/sendReminder", &[("user-id", "u1")]).unwrap();
    let AnyDirectoryObject::User(user) = &response else { panic!("{response:?}") };
    assert_eq!(user.display_name.value().map(String::as_str), Some("Alex"));
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, Method::Post);
    assert_eq!(sent[0].url, "/users/u1/sendReminder");
    let written: Value = serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
    assert!(same_json(&written, &serde_json::from_str(SEND_REMINDER_BODY).unwrap()));
}

#[test]
fn responses_of_each_kind_are_read_and_written_back() {
    let mut transport = |_: &Request| -> Result<String, std::convert::Infallible> { Ok(r#"{"@odata.context": "c", "value": 42}"#.into()) };
    let count = send(&mut transport, &GroupMemberCount, "/groups/{id}/memberCount", &[("id", "g")]).unwrap();
    assert_eq!(count.value, Field::Value(42));
    assert_eq!(serde_json::to_value(&count).unwrap(), json!({"@odata.context": "c", "value": 42}));

    let mut transport = |_: &Request| -> Result<String, std::convert::Infallible> { Ok(String::new()) };
    assert_eq!(send(&mut transport, &ResetAll, "/resetAll", &[]).unwrap(), NoContent);

    let mut transport = |_: &Request| -> Result<String, std::convert::Infallible> { Ok("a,b\n1,2\n".into()) };
    let report = GetReport { period: "D7".to_string().into(), ..Default::default() };
    assert_eq!(send(&mut transport, &report, "/reports/getReport", &[]).unwrap(), RawBody("a,b\n1,2\n".into()));

    let mut transport =
        |_: &Request| -> Result<String, std::convert::Infallible> { Ok(r#"{"value": [{"id": "u1"}], "@odata.deltaLink": "d"}"#.into()) };
    let delta = send(&mut transport, &UserCollectionDelta, "/users/delta", &[]).unwrap();
    assert_eq!(delta.value.len(), 1);

    let mut transport = |_: &Request| -> Result<String, &'static str> { Ok(r#"{"value": "not a number"}"#.into()) };
    assert!(matches!(send(&mut transport, &GroupMemberCount, "/g/memberCount", &[]), Err(SendError::Response(_))));
}

#[test]
fn path_templates_are_filled_by_placeholder_name() {
    let template = "/communications/calls/{call-id}/recordResponse";
    assert_eq!(placeholders(template).collect::<Vec<_>>(), ["call-id"]);
    assert_eq!(fill_path(template, &[("call-id", "57dab8b1-894c")]).unwrap(), "/communications/calls/57dab8b1-894c/recordResponse");
    assert_eq!(fill_path("/users/{user-id}", &[("user-id", "a b/é")]).unwrap(), "/users/a%20b%2F%C3%A9");
    assert!(matches!(fill_path(template, &[]), Err(RequestError::MissingKey { placeholder, .. }) if placeholder == "call-id"));
    assert!(matches!(
        fill_path(template, &[("call-id", "1"), ("id", "2")]),
        Err(RequestError::UnusedKey { placeholder, .. }) if placeholder == "id"
    ));
}

/// The payload fixture's metadata through the emitter, with `inputs`.
fn emit_fixture(inputs: &OperationInputs) -> std::collections::BTreeMap<String, String> {
    let root = workspace_root();
    let fixture = root.join("tests/fixtures/payloads");
    let lowered = codegen::read_metadata(&[fixture.join("metadata.xml")], &root, DEFAULT_MAX_FILE_SIZE).unwrap();
    let config = Config::load(&fixture.join("codegen.toml")).unwrap();
    emit_with(&lowered.model, &config, None, inputs, &FormatEveryFile).unwrap().files
}

/// The index of an operation in the model, as the plan's inputs are keyed.
fn operation_index(name: &str) -> usize {
    let root = workspace_root();
    let lowered = codegen::read_metadata(&[root.join("tests/fixtures/payloads/metadata.xml")], &root, DEFAULT_MAX_FILE_SIZE).unwrap();
    lowered.model.operations.iter().position(|o| o.name.name == name).unwrap()
}

#[test]
fn paths_given_to_the_emitter_become_the_descriptor_s_templates() {
    let mut inputs = OperationInputs::default();
    inputs.paths.insert(operation_index("sendReminder"), vec!["/users/{user-id}/sendReminder".into(), "/me/sendReminder".into()]);
    let files = emit_fixture(&inputs);
    let file = &files["src/microsoft_graph/operations/user_send_reminder.rs"];
    let flat: String = file.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(r#"const PATHS: &'static [&'static str] = &[ "/users/{user-id}/sendReminder", "/me/sendReminder", ];"#),
        "{file}"
    );
    assert!(file.contains("/// - `POST /users/{user-id}/sendReminder`"), "{file}");
    // Without paths, the constant is empty: the emitter computes none.
    let files = emit_fixture(&OperationInputs::default());
    assert!(files["src/microsoft_graph/operations/user_send_reminder.rs"].contains("const PATHS: &'static [&'static str] = &[];"));
}

#[test]
fn a_request_example_becomes_a_doctest_on_its_operation() {
    let mut inputs = OperationInputs::default();
    let example = Example {
        value: serde_json::from_str(SEND_REMINDER_BODY).unwrap(),
        truncated: false,
        collection: false,
        span: Span::new("api/user-sendreminder.md", 42),
        findings: Vec::new(),
    };
    inputs.request_examples.insert(operation_index("sendReminder"), vec![example]);
    let files = emit_fixture(&inputs);
    let file = &files["src/microsoft_graph/operations/user_send_reminder.rs"];
    insta::assert_snapshot!("user_send_reminder_with_request_example", file);
}

#[test]
fn an_operation_compiles_under_the_features_of_every_type_it_names() {
    let root = workspace_root();
    let lowered = codegen::read_metadata(&[root.join("tests/fixtures/csdl/operations.xml")], &root, DEFAULT_MAX_FILE_SIZE).unwrap();
    let config = Config::load(&root.join("tests/fixtures/payloads/codegen.toml")).unwrap();
    let emitted = emit_with(&lowered.model, &config, None, &OperationInputs::default(), &FormatEveryFile).unwrap();
    let warnings: Vec<String> = emitted.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains("operations.xml:")
            && w.contains("no descriptor is generated for the operation `microsoft.graph.pin`: it names `microsoft.graph.Note`")),
        "{warnings:?}"
    );
    let files = emitted.files;
    let module = &files["src/microsoft_graph/operations/mod.rs"];
    // Bound to `note` alone: its feature.
    let gated =
        |predicate: &str, module_name: &str| format!("#[cfg({predicate})]\n#[cfg_attr(docsrs, doc(cfg({predicate})))]\nmod {module_name};");
    assert!(module.contains(&gated("feature = \"microsoft-graph\"", "note_archive")), "{module}");
    // Bound to `note`, with a parameter and a result of `tags`: both features.
    assert!(module.contains(&gated("all(feature = \"microsoft-graph\", feature = \"tags\")", "note_label_of")), "{module}");
    // A base type met only as a result is read through its enum.
    let function = &files["src/microsoft_graph/operations/note_label_of.rs"];
    assert!(function.contains("type Response = crate::tags::AnyLabel;"), "{function}");
    assert!(files.contains_key("src/tags/any_label.rs"));
}

#[test]
fn a_response_example_becomes_a_doctest_read_as_the_operation_s_response() {
    let example = |json: &str, line| Example {
        value: serde_json::from_str(json).unwrap(),
        truncated: false,
        collection: false,
        span: Span::new("api/x.md", line),
        findings: Vec::new(),
    };
    let mut inputs = OperationInputs::default();
    inputs.response_examples.insert(
        operation_index("sendReminder"),
        vec![example(r##"{"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Alex"}"##, 10)],
    );
    inputs.response_examples.insert(
        operation_index("reminderView"),
        vec![example(r##"{"value": [{"@odata.type": "#microsoft.graph.emailIdentity", "email": "a@b.c"}]}"##, 20)],
    );
    inputs.response_examples.insert(operation_index("delta"), vec![example(r#"{"value": [{"id": "u1"}]}"#, 30)]);
    let files = emit_fixture(&inputs);
    let action = &files["src/microsoft_graph/operations/user_send_reminder.rs"];
    let response = "<payload_models::operations::UserSendReminder as payload_models::runtime::operations::Operation>::Response";
    assert!(action.contains(&format!("/// let read: {response} = serde_json::from_str(json).unwrap();")), "{action}");
    assert!(action.contains("/// let payload_models::AnyDirectoryObject::User(value) = &read else"), "{action}");
    assert!(action.contains("/// assert_eq!(value.display_name.value().map(String::as_str), Some(\"Alex\"));"), "{action}");
    let function = &files["src/microsoft_graph/operations/user_reminder_view.rs"];
    assert!(function.contains("/// assert!(matches!(value.value[0], payload_models::AnyIdentity::EmailIdentity(_)));"), "{function}");
    let delta = &files["src/microsoft_graph/operations/user_collection_delta.rs"];
    assert!(delta.contains("/// assert_eq!(value.value.len(), 1);"), "{delta}");
}

#[test]
fn a_closure_gets_the_operations_whose_every_type_it_holds() {
    let root = workspace_root();
    let fixture = root.join("tests/fixtures/payloads");
    let lowered = codegen::read_metadata(&[fixture.join("metadata.xml")], &root, DEFAULT_MAX_FILE_SIZE).unwrap();
    let config = Config::load(&fixture.join("codegen.toml")).unwrap();
    let only: std::collections::BTreeSet<_> = ["entity", "directoryObject", "user", "identity", "emailIdentity", "authenticationPhoneType"]
        .into_iter()
        .map(|name| graph_codegen::ir::QualifiedName::new("microsoft.graph", name))
        .collect();
    let files = emit_with(&lowered.model, &config, Some(&only), &OperationInputs::default(), &FormatEveryFile).unwrap().files;
    let operations: Vec<&str> = files.keys().filter_map(|path| path.strip_prefix("src/microsoft_graph/operations/")).collect();
    // Not `group.memberCount` (no `group`), nor the unbound operations of primitives alone.
    assert_eq!(operations, ["mod.rs", "user_collection_delta.rs", "user_reminder_view.rs", "user_send_reminder.rs"]);
}
