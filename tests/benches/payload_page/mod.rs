//! The page the serde benchmarks read and write, and the derive-based models they are
//! compared with; shared by the criterion bench (`benches/serde.rs`) and the counting
//! example (`examples/serde_counts.rs`).

/// `{"@odata.context": ..., "value": [...]}` of `count` record operations, each with
/// polymorphic prompts (`@odata.type` first, as the service sends it) and properties the
/// schema does not know, at the top and nested.
pub fn page(count: usize) -> String {
    let mut items = Vec::with_capacity(count);
    for i in 0..count {
        let prompt = match i % 4 {
            0 => format!(
                r##"{{"@odata.type":"#microsoft.graph.mediaPrompt","mediaInfo":{{"uri":"https://cdn.contoso.com/{i}.wav","resourceId":"1D6DE2D4-CD51-4309-8DAA-70768651088E"}},"loop":{}}}"##,
                i % 3
            ),
            1 => format!(
                r##"{{"@odata.type":"#microsoft.graph.textPrompt","text":"Please say your name {i}","voiceGender":"female","culture":"enUs","emphasize":false}}"##
            ),
            2 => format!(r##"{{"@odata.type":"#microsoft.graph.silencePrompt","duration":{}}}"##, 100 + i),
            _ => format!(r##"{{"@odata.type":"#microsoft.graph.dtmfPrompt","digits":"{}#","futureTone":"x"}}"##, i % 10000),
        };
        items.push(format!(
            r##"{{"@odata.type":"#microsoft.graph.recordOperation","id":"op-{i}","clientContext":"d45324c1-fcb5-430a-902c-f20af696537c","status":"{}","createdDateTime":"2021-07-13T08:15:30.1234567Z","lastActionDateTime":"2021-07-13T08:16:02.7654321Z","prompts":[{prompt},{{"@odata.type":"#microsoft.graph.textPrompt","text":"Bye","voiceGender":"male"}}],"bargeInAllowed":true,"initialSilenceTimeoutInSeconds":5,"maxRecordDurationInSeconds":120,"maxSilenceTimeoutInSeconds":10,"playBeep":true,"stopTones":["#","*"],"recordResourceLocation":"https://resource.location/{i}","completionReason":"stopToneDetected","resultInfo":{{"code":"200","subCode":"0","message":"","futureDetail":{{"retry":false}}}},"futureTopLevel":{{"tags":["a","b"],"score":{}}},"@odata.etag":"W/\"{i}\""}}"##,
            ["notStarted", "running", "completed", "failed"][i % 4],
            i as f64 / 7.0
        ));
    }
    format!(
        r##"{{"@odata.context":"https://graph.microsoft.com/beta/$metadata#operations","value":[{}],"@odata.nextLink":"https://graph.microsoft.com/beta/next"}}"##,
        items.join(",")
    )
}

/// The naive generator's output for the same types (serde derives, `#[serde(tag =
/// "@odata.type")]` for polymorphism), declared once: `$additional` is the field each struct
/// gets for the properties the schema does not know.
macro_rules! derived_models {
    ($($additional:tt)*) => {
        use serde::{Deserialize, Serialize};
        #[allow(unused_imports)] // the lossy models have no map of unknown properties
        use serde_json::{Map, Value};

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct Page {
            #[serde(rename = "value")]
            pub value: Vec<RecordOperation>,
            $($additional)*
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct RecordOperation {
            #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            #[serde(rename = "clientContext", default, skip_serializing_if = "Option::is_none")]
            pub client_context: Option<String>,
            #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
            pub status: Option<OperationStatus>,
            #[serde(rename = "createdDateTime", default, skip_serializing_if = "Option::is_none")]
            pub created_date_time: Option<String>,
            #[serde(rename = "lastActionDateTime", default, skip_serializing_if = "Option::is_none")]
            pub last_action_date_time: Option<String>,
            #[serde(rename = "prompts", default, skip_serializing_if = "Option::is_none")]
            pub prompts: Option<Vec<Prompt>>,
            #[serde(rename = "bargeInAllowed", default, skip_serializing_if = "Option::is_none")]
            pub barge_in_allowed: Option<bool>,
            #[serde(rename = "initialSilenceTimeoutInSeconds", default, skip_serializing_if = "Option::is_none")]
            pub initial_silence_timeout_in_seconds: Option<i32>,
            #[serde(rename = "maxRecordDurationInSeconds", default, skip_serializing_if = "Option::is_none")]
            pub max_record_duration_in_seconds: Option<i32>,
            #[serde(rename = "maxSilenceTimeoutInSeconds", default, skip_serializing_if = "Option::is_none")]
            pub max_silence_timeout_in_seconds: Option<i32>,
            #[serde(rename = "playBeep", default, skip_serializing_if = "Option::is_none")]
            pub play_beep: Option<bool>,
            #[serde(rename = "stopTones", default, skip_serializing_if = "Option::is_none")]
            pub stop_tones: Option<Vec<String>>,
            #[serde(rename = "recordResourceLocation", default, skip_serializing_if = "Option::is_none")]
            pub record_resource_location: Option<String>,
            #[serde(rename = "completionReason", default, skip_serializing_if = "Option::is_none")]
            pub completion_reason: Option<RecordCompletionReason>,
            #[serde(rename = "resultInfo", default, skip_serializing_if = "Option::is_none")]
            pub result_info: Option<Box<ResultInfo>>,
            $($additional)*
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct ResultInfo {
            #[serde(rename = "code", default, skip_serializing_if = "Option::is_none")]
            pub code: Option<String>,
            #[serde(rename = "subCode", default, skip_serializing_if = "Option::is_none")]
            pub sub_code: Option<String>,
            #[serde(rename = "message", default, skip_serializing_if = "Option::is_none")]
            pub message: Option<String>,
            $($additional)*
        }

        // Named as the naive generator names them: the yardstick is kept as it writes it.
        #[allow(clippy::enum_variant_names)]
        #[derive(Debug, Clone, Serialize, Deserialize)]
        #[serde(tag = "@odata.type")]
        pub enum Prompt {
            #[serde(rename = "#microsoft.graph.mediaPrompt")]
            MediaPrompt(MediaPrompt),
            #[serde(rename = "#microsoft.graph.textPrompt")]
            TextPrompt(TextPrompt),
            #[serde(rename = "#microsoft.graph.silencePrompt")]
            SilencePrompt(SilencePrompt),
            #[serde(rename = "#microsoft.graph.dtmfPrompt")]
            DtmfPrompt(DtmfPrompt),
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct MediaPrompt {
            #[serde(rename = "mediaInfo", default, skip_serializing_if = "Option::is_none")]
            pub media_info: Option<Box<MediaInfo>>,
            #[serde(rename = "loop", default, skip_serializing_if = "Option::is_none")]
            pub r#loop: Option<i32>,
            $($additional)*
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct MediaInfo {
            #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
            pub uri: Option<String>,
            #[serde(rename = "resourceId", default, skip_serializing_if = "Option::is_none")]
            pub resource_id: Option<String>,
            $($additional)*
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct TextPrompt {
            #[serde(rename = "text", default, skip_serializing_if = "Option::is_none")]
            pub text: Option<String>,
            #[serde(rename = "voiceGender", default, skip_serializing_if = "Option::is_none")]
            pub voice_gender: Option<VoiceGender>,
            #[serde(rename = "culture", default, skip_serializing_if = "Option::is_none")]
            pub culture: Option<String>,
            #[serde(rename = "emphasize", default, skip_serializing_if = "Option::is_none")]
            pub emphasize: Option<bool>,
            $($additional)*
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct SilencePrompt {
            #[serde(rename = "duration", default, skip_serializing_if = "Option::is_none")]
            pub duration: Option<i64>,
            $($additional)*
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct DtmfPrompt {
            #[serde(rename = "digits", default, skip_serializing_if = "Option::is_none")]
            pub digits: Option<String>,
            $($additional)*
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub enum OperationStatus {
            #[serde(rename = "notStarted")]
            NotStarted,
            #[serde(rename = "running")]
            Running,
            #[serde(rename = "completed")]
            Completed,
            #[serde(rename = "failed")]
            Failed,
            #[serde(other)]
            Other,
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub enum VoiceGender {
            #[serde(rename = "female")]
            Female,
            #[serde(rename = "male")]
            Male,
            #[serde(other)]
            Other,
        }

        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub enum RecordCompletionReason {
            #[serde(rename = "stopToneDetected")]
            StopToneDetected,
            #[serde(rename = "operationCanceled")]
            OperationCanceled,
            #[serde(other)]
            Other,
        }
    };
}

/// The naive output as the issue defines it: unknown properties kept in a
/// `#[serde(flatten)]` map on every struct.
pub mod naive {
    derived_models!(#[serde(flatten)] pub additional_data: Map<String, Value>,);
}

/// The **lossy derive**: the same types without the flattened maps, which drop unknown
/// properties; what reading costs when nothing is kept (issue 12's yardstick for reading).
pub mod lossy {
    derived_models!();
}
