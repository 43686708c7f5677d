//! Hand-written payloads for every lossless behaviour the models promise: each is read,
//! checked, and written back exactly as read.

use graph_models::runtime::{CollectionResponse, DateTimeOffset, Double, Field, Flags, Int64, Single};
use graph_models::{AnyPrompt, MediaPrompt, OperationStatus, RecordOperation, SilencePrompt, VoiceGender};
use serde_json::{Value, json};

/// Reads `payload` as `T` and asserts it is written back identically.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(payload: &Value) -> T {
    let value: T = serde_json::from_value(payload.clone()).unwrap();
    let written = serde_json::to_value(&value).unwrap();
    assert_eq!(&written, payload);
    // And from text, as a client reads a response.
    let from_text: T = serde_json::from_str(&payload.to_string()).unwrap();
    assert_eq!(serde_json::to_value(&from_text).unwrap(), *payload);
    value
}

#[test]
fn a_derived_type_inside_a_collection_of_its_base() {
    let payload = json!({"prompts": [
        {"@odata.type": "#microsoft.graph.silencePrompt", "duration": 500},
        {"@odata.type": "microsoft.graph.textPrompt", "text": "hello"},
        {"@odata.type": "#microsoft.graph.prompt"}
    ]});
    let operation: RecordOperation = round_trip(&payload);
    let prompts = operation.prompts.value().unwrap();
    assert!(matches!(&prompts[0], AnyPrompt::SilencePrompt(p) if p.duration.value().map(Int64::get) == Some(500)));
    // Without `#`, as some payloads spell it; written back as spelled.
    assert!(matches!(&prompts[1], AnyPrompt::TextPrompt(p) if p.odata_type.as_deref() == Some("microsoft.graph.textPrompt")));
    assert!(matches!(&prompts[2], AnyPrompt::Prompt(_)));
}

#[test]
fn odata_type_as_the_last_key() {
    let payload = json!({"prompts": [{"loop": 2, "mediaInfo": {"uri": "https://x/y.wav"}, "@odata.type": "#microsoft.graph.mediaPrompt"}]});
    let operation: RecordOperation = round_trip(&payload);
    let AnyPrompt::MediaPrompt(media) = &operation.prompts.value().unwrap()[0] else { panic!("{operation:?}") };
    assert_eq!(media.loop_, Field::Value(2));
    assert_eq!(media.media_info.value().unwrap().uri.value().unwrap(), "https://x/y.wav");
}

#[test]
fn an_unknown_derived_type_is_kept() {
    let payload = json!({"prompts": [{"@odata.type": "#microsoft.graph.videoPrompt", "frames": [1, 2], "loop": 3}]});
    let operation: RecordOperation = round_trip(&payload);
    let AnyPrompt::Prompt(base) = &operation.prompts.value().unwrap()[0] else { panic!("{operation:?}") };
    assert_eq!(base.odata_type.as_deref(), Some("#microsoft.graph.videoPrompt"));
    assert_eq!(base.additional_properties.value("frames").unwrap(), json!([1, 2]));
}

#[test]
fn unknown_properties_at_three_levels() {
    let payload = json!({
        "futureTop": {"nested": true},
        "prompts": [{
            "@odata.type": "#microsoft.graph.mediaPrompt",
            "futurePrompt": "p",
            "mediaInfo": {"uri": "https://x/y.wav", "futureMedia": [null, 1.5]}
        }],
        "status@odata.annotation": "kept",
        "@odata.etag": "W/\"1\""
    });
    let operation: RecordOperation = round_trip(&payload);
    assert_eq!(operation.additional_properties.keys().collect::<Vec<_>>(), ["futureTop", "status@odata.annotation", "@odata.etag"]);
    let AnyPrompt::MediaPrompt(media) = &operation.prompts.value().unwrap()[0] else { panic!() };
    assert_eq!(media.additional_properties.value("futurePrompt").unwrap(), "p");
    assert_eq!(media.media_info.value().unwrap().additional_properties.value("futureMedia").unwrap(), json!([null, 1.5]));
}

#[test]
fn an_unknown_enum_member_is_kept() {
    let payload = json!({"status": "paused", "prompts": [{"@odata.type": "#microsoft.graph.textPrompt", "voiceGender": "neutral"}]});
    let operation: RecordOperation = round_trip(&payload);
    assert_eq!(operation.status, Field::Value(OperationStatus::Unrecognized("paused".into())));
    let AnyPrompt::TextPrompt(text) = &operation.prompts.value().unwrap()[0] else { panic!() };
    assert_eq!(text.voice_gender, Field::Value(VoiceGender::Unrecognized("neutral".into())));
}

#[test]
fn a_flags_value() {
    let flags: Flags<VoiceGender> = serde_json::from_value(json!("female,male,other")).unwrap();
    assert_eq!(flags.members, [VoiceGender::Female, VoiceGender::Male, VoiceGender::Unrecognized("other".into())]);
    assert_eq!(serde_json::to_value(&flags).unwrap(), json!("female,male,other"));
    // Spaces as read are kept while the members are unchanged.
    let spaced: Flags<VoiceGender> = serde_json::from_value(json!("female, male")).unwrap();
    assert_eq!(serde_json::to_value(&spaced).unwrap(), json!("female, male"));
    let mut changed = spaced.clone();
    changed.members.pop();
    assert_eq!(serde_json::to_value(&changed).unwrap(), json!("female"));
}

#[test]
fn infinities_and_not_a_number() {
    for (text, check) in [("INF", f64::INFINITY), ("-INF", f64::NEG_INFINITY)] {
        let value: Double = serde_json::from_value(json!(text)).unwrap();
        assert_eq!(value.get(), check);
        assert_eq!(serde_json::to_value(value).unwrap(), json!(text));
    }
    let nan: Single = serde_json::from_value(json!("NaN")).unwrap();
    assert!(nan.get().is_nan());
    assert_eq!(serde_json::to_value(nan).unwrap(), json!("NaN"));
    let plain: Double = serde_json::from_value(json!(2.5)).unwrap();
    assert_eq!(serde_json::to_value(plain).unwrap(), json!(2.5));
    // A value built in code that JSON cannot hold as a number is written as OData's string.
    assert_eq!(serde_json::to_value(Double::new(f64::INFINITY)).unwrap(), json!("INF"));
}

#[test]
fn an_int64_sent_as_a_string() {
    let payload = json!({"@odata.type": "#microsoft.graph.silencePrompt", "duration": "9007199254740993"});
    let prompt: SilencePrompt = round_trip(&payload);
    let duration = prompt.duration.value().unwrap();
    assert_eq!(duration.get(), 9_007_199_254_740_993);
    assert!(duration.is_quoted());
    // As a number, it stays a number.
    let prompt: SilencePrompt = round_trip(&json!({"duration": 5000}));
    assert!(!prompt.duration.value().unwrap().is_quoted());
}

#[test]
fn null_versus_absent() {
    let payload = json!({"clientContext": null, "prompts": null, "status": "running"});
    let operation: RecordOperation = round_trip(&payload);
    assert!(operation.client_context.is_null());
    assert!(operation.prompts.is_null());
    assert!(operation.created_date_time.is_absent());
    // A PATCH that clears one property and sets another.
    let patch = RecordOperation { client_context: Field::Null, play_beep: Field::Value(true), ..Default::default() };
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({"clientContext": null, "playBeep": true}));
}

#[test]
fn a_seven_digit_fractional_date_time() {
    let payload = json!({"createdDateTime": "2021-07-13T08:15:30.1234567Z", "lastActionDateTime": "2021-07-13T10:15:30.1234567+02:00"});
    let operation: RecordOperation = round_trip(&payload);
    let created = operation.created_date_time.value().unwrap();
    assert_eq!(created.get().unwrap().subsec_nanosecond(), 123_456_700);
    // Same instant, other offset: equal values, each written as read.
    assert_eq!(created, operation.last_action_date_time.value().unwrap());
    let built: DateTimeOffset = "2021-07-13T08:15:30Z".parse().unwrap();
    assert_eq!(serde_json::to_value(&built).unwrap(), json!("2021-07-13T08:15:30Z"));
}

#[test]
fn a_collection_response_keeps_its_annotations_in_place() {
    let payload = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#communications/calls('1')/operations",
        "value": [
            {"@odata.type": "#microsoft.graph.textPrompt", "text": "a"},
            {"@odata.type": "#microsoft.graph.mediaPrompt"}
        ],
        "@odata.nextLink": "https://graph.microsoft.com/beta/next"
    });
    let page: CollectionResponse<AnyPrompt> = round_trip(&payload);
    assert_eq!(page.value.len(), 2);
    assert!(matches!(&page.value[0], AnyPrompt::TextPrompt(prompt) if prompt.text.value().is_some_and(|t| t == "a")));
    let written = serde_json::to_string(&page).unwrap();
    assert!(
        written.starts_with("{\"@odata.context\"") && written.ends_with("\"@odata.nextLink\":\"https://graph.microsoft.com/beta/next\"}")
    );
}

#[test]
fn a_type_is_added_only_for_values_built_in_code() {
    // Read without @odata.type where the declared type is the base: written without it.
    let payload = json!({"prompts": [{"loop": 1}]});
    let operation: RecordOperation = round_trip(&payload);
    assert!(matches!(operation.prompts.value().unwrap()[0], AnyPrompt::Prompt(_)));
    // Built in code as a derived type: written with it.
    let built = RecordOperation { prompts: vec![MediaPrompt::default().into()].into(), ..Default::default() };
    assert_eq!(serde_json::to_value(&built).unwrap(), json!({"prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt"}]}));
}

/// The `@odata.type` that chose a variant is kept on it: as the type's own constant when it
/// spells the type's name (first or later in the object), else as read.
#[test]
fn the_odata_type_that_chose_a_variant_is_kept_on_it() {
    use graph_models::runtime::ODataType;
    let first: AnyPrompt = serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.silencePrompt","duration":1}"##).unwrap();
    let later: AnyPrompt = serde_json::from_str(r##"{"duration":1,"@odata.type":"#microsoft.graph.silencePrompt"}"##).unwrap();
    let other_case: AnyPrompt = serde_json::from_str(r##"{"@odata.type":"#Microsoft.Graph.SilencePrompt","duration":1}"##).unwrap();
    for (prompt, expected) in [
        (&first, ODataType::Canonical("#microsoft.graph.silencePrompt")),
        (&later, ODataType::Canonical("#microsoft.graph.silencePrompt")),
        (&other_case, ODataType::Other("#Microsoft.Graph.SilencePrompt".into())),
    ] {
        let AnyPrompt::SilencePrompt(silence) = prompt else { panic!("{prompt:?} is not a silence prompt") };
        assert_eq!(silence.odata_type, expected);
    }
}
