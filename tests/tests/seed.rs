//! The seed type read and written with a payload that uses every property.

use graph_models::runtime::Field;
use graph_models::{AnyPrompt, MediaPrompt, OperationStatus, RecordCompletionReason, RecordOperation, VoiceGender};
use serde_json::{Value, json};

fn full_payload() -> Value {
    json!({
        "bargeInAllowed": true,
        "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
        "completionReason": "callerHungUpBeforeTone",
        "createdDateTime": "2018-09-06T15:58:41.1234567Z",
        "id": "ABB33D04-3A2C-4D78-996F-9EEEF55EF119",
        "initialSilenceTimeoutInSeconds": 5,
        "lastActionDateTime": "2018-09-06T15:59:03Z",
        "maxRecordDurationInSeconds": 120,
        "maxSilenceTimeoutInSeconds": 10,
        "playBeep": false,
        "prompts": [
            {
                "@odata.type": "#microsoft.graph.mediaPrompt",
                "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav", "resourceId": "1D6DE2D4-CD51-4309-8DAA-70768651088E"},
                "loop": 2
            },
            {
                "@odata.type": "#microsoft.graph.textPrompt",
                "text": "Leave a message after the tone",
                "voiceGender": "female",
                "culture": "enUs"
            }
        ],
        "recordResourceLocation": "https://resource.location/ABB33D04",
        "resultInfo": {"code": "200", "subCode": "completedSilenceDetected", "message": ""},
        "status": "completed",
        "stopTones": ["#", "*"],
        "streamWhileRecording": true,
        "recordingDurationHint": {"seconds": 42}
    })
}

#[test]
fn every_seed_property_is_read_typed() {
    let operation: RecordOperation = serde_json::from_value(full_payload()).unwrap();
    assert_eq!(operation.barge_in_allowed, Field::Value(true));
    assert_eq!(operation.client_context.value().unwrap(), "d45324c1-fcb5-430a-902c-f20af696537c");
    assert_eq!(operation.completion_reason, Field::Value(RecordCompletionReason::Unrecognized("callerHungUpBeforeTone".into())));
    let created = operation.created_date_time.value().and_then(|t| t.get()).unwrap();
    assert_eq!(created.as_second(), 1536249521);
    assert_eq!(created.subsec_nanosecond(), 123_456_700);
    assert_eq!(operation.id.value().unwrap(), "ABB33D04-3A2C-4D78-996F-9EEEF55EF119");
    assert_eq!(operation.initial_silence_timeout_in_seconds, Field::Value(5));
    assert_eq!(operation.last_action_date_time.value().and_then(|t| t.get()).unwrap().as_second(), 1536249543);
    assert_eq!(operation.max_record_duration_in_seconds, Field::Value(120));
    assert_eq!(operation.max_silence_timeout_in_seconds, Field::Value(10));
    assert_eq!(operation.play_beep, Field::Value(false));
    assert_eq!(operation.record_resource_location.value().unwrap(), "https://resource.location/ABB33D04");
    let result = operation.result_info.value().unwrap();
    assert_eq!(result.sub_code.value().unwrap(), "completedSilenceDetected");
    assert_eq!(result.message.value().unwrap(), "");
    assert_eq!(operation.status, Field::Value(OperationStatus::Completed));
    assert_eq!(operation.stop_tones.value().unwrap(), &["#", "*"]);
    assert_eq!(operation.stream_while_recording, Field::Value(true));

    let prompts = operation.prompts.value().unwrap();
    let AnyPrompt::MediaPrompt(media) = &prompts[0] else { panic!("first prompt is {:?}", prompts[0]) };
    assert_eq!(media.loop_, Field::Value(2));
    assert_eq!(media.media_info.value().unwrap().uri.value().unwrap(), "https://cdn.contoso.com/beep.wav");
    let AnyPrompt::TextPrompt(text) = &prompts[1] else { panic!("second prompt is {:?}", prompts[1]) };
    assert_eq!(text.voice_gender, Field::Value(VoiceGender::Female));
    assert_eq!(text.text.value().unwrap(), "Leave a message after the tone");

    assert_eq!(operation.additional_properties.len(), 1);
    assert_eq!(operation.additional_properties.value("recordingDurationHint").unwrap(), json!({"seconds": 42}));
}

#[test]
fn the_full_payload_round_trips() {
    let payload = full_payload();
    let operation: RecordOperation = serde_json::from_value(payload.clone()).unwrap();
    let written = serde_json::to_value(&operation).unwrap();
    // What was read is written back as read: the 7-digit fraction included.
    assert_eq!(written, payload);
    // Reading what was written gives the same value again.
    let again: RecordOperation = serde_json::from_value(written).unwrap();
    assert_eq!(again, operation);
}

#[test]
fn enum_members_are_read_in_both_spellings_and_written_as_the_service_sends_them() {
    // The metadata spells `NotStarted`; the pages and the service `notStarted`.
    let operation: RecordOperation = serde_json::from_str(r#"{"status": "NotStarted"}"#).unwrap();
    assert_eq!(operation.status, Field::Value(OperationStatus::NotStarted));
    assert_eq!(serde_json::to_value(&operation).unwrap(), json!({"status": "notStarted"}));
    let operation: RecordOperation = serde_json::from_str(r#"{"status": "notStarted"}"#).unwrap();
    assert_eq!(operation.status, Field::Value(OperationStatus::NotStarted));
}

#[test]
fn metadata_and_page_properties_are_both_kept() {
    // The 2018 metadata calls it `errorInfo`; the page `resultInfo`. Both are read.
    let payload = json!({"errorInfo": {"code": "500"}, "resultInfo": {"code": "200"}});
    let operation: RecordOperation = serde_json::from_value(payload.clone()).unwrap();
    assert_eq!(operation.error_info.value().unwrap().code.value().unwrap(), "500");
    assert_eq!(operation.result_info.value().unwrap().code.value().unwrap(), "200");
    assert!(operation.additional_properties.is_empty());
    assert_eq!(serde_json::to_value(&operation).unwrap(), payload);
}

#[test]
fn absent_null_and_value_stay_apart() {
    let operation: RecordOperation = serde_json::from_str(r#"{"clientContext": null, "playBeep": true}"#).unwrap();
    assert!(operation.client_context.is_null());
    assert!(operation.status.is_absent());
    assert_eq!(serde_json::to_value(&operation).unwrap(), json!({"clientContext": null, "playBeep": true}));
}

#[test]
fn odata_type_after_other_keys_still_picks_the_derived_type() {
    let operation: RecordOperation =
        serde_json::from_str(r##"{"prompts": [{"loop": 3, "@odata.type": "#microsoft.graph.mediaPrompt", "extra": [1]}]}"##).unwrap();
    let AnyPrompt::MediaPrompt(media) = &operation.prompts.value().unwrap()[0] else { panic!("{operation:?}") };
    assert_eq!(media.loop_, Field::Value(3));
    assert_eq!(media.additional_properties.value("extra").unwrap(), json!([1]));
}

#[test]
fn an_unknown_derived_type_is_kept_as_the_base() {
    let payload = json!({"prompts": [{"@odata.type": "#microsoft.graph.videoPrompt", "frames": 24}]});
    let operation: RecordOperation = serde_json::from_value(payload.clone()).unwrap();
    let AnyPrompt::Prompt(base) = &operation.prompts.value().unwrap()[0] else { panic!("{operation:?}") };
    assert_eq!(base.odata_type.as_deref(), Some("#microsoft.graph.videoPrompt"));
    assert_eq!(serde_json::to_value(&operation).unwrap(), payload);
}

#[test]
fn a_derived_value_built_in_code_writes_its_type() {
    let media = MediaPrompt { loop_: Field::Value(1), ..Default::default() };
    let operation = RecordOperation { prompts: vec![AnyPrompt::from(media)].into(), ..Default::default() };
    assert_eq!(serde_json::to_value(&operation).unwrap(), json!({"prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "loop": 1}]}));
}
