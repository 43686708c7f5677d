//! What the service sends reads and writes back as sent, through a crate generated from our
//! own metadata (`tests/fixtures/payloads/metadata.xml`, generated into
//! `tests/payload-models/`): extreme values, number forms, nulls in collections, navigations
//! and responses typed through their base's `Any…` enum, deep nesting on a small stack, many
//! unknown properties, and repeated keys. Every round trip compares the written text.

use payload_models::runtime::CollectionResponse;
use payload_models::{AnyAuthenticationMethod, AnyDirectoryObject, User};

/// Reads `text` as `T` and asserts that it is written back as exactly `text`.
fn same_text<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> T {
    let value: T = serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
    value
}

#[test]
fn extreme_dates_and_durations_are_kept_as_text() {
    let text = concat!(
        r#"{"deletedDateTime":"9999-12-31T23:59:59.9999999Z","createdDateTime":"0001-01-01T00:00:00Z","#,
        r#""hireDate":"9999-12-31","workdayStartTime":"23:59:59.9999999","#,
        r#""signInSessionTimeout":"P10675199DT2H48M5.4775807S"}"#
    );
    let user: User = same_text(text);
    // .NET's DateTimeOffset.MaxValue is past jiff's range: kept, and the accessor says so.
    let max = user.deleted_date_time.value().unwrap();
    assert!(max.get().is_none() && max.try_get().is_err());
    assert_eq!(max.to_string(), "9999-12-31T23:59:59.9999999Z");
    assert!(user.sign_in_session_timeout.value().unwrap().get().is_none());
    let min: User = same_text(r#"{"signInSessionTimeout":"-P10675199DT2H48M5.4775808S"}"#);
    assert!(min.sign_in_session_timeout.value().unwrap().get().is_none());
    // Not well-formed is still an error that says what was expected.
    let error = serde_json::from_str::<User>(r#"{"hireDate":"2021-02-30"}"#).unwrap_err().to_string();
    assert!(error.contains("date"), "{error}");
}

#[test]
fn numbers_are_written_in_the_form_read() {
    same_text::<User>(r#"{"mailboxSizeInBytes":9007199254740993,"storageUsedRatio":1,"riskScore":"1e5"}"#);
    same_text::<User>(r#"{"storageUsedRatio":"-0","riskScore":"INF"}"#);
    same_text::<User>(r#"{"storageUsedRatio":"1e999","riskScore":0.25}"#);
    let user: User = same_text(r#"{"storageUsedRatio":1.5e300}"#);
    assert_eq!(user.storage_used_ratio.value().unwrap().get(), 1.5e300);
    // Another float spelling is written as the shortest text that reads back the same.
    let user: User = serde_json::from_str(r#"{"storageUsedRatio":1.50}"#).unwrap();
    assert_eq!(serde_json::to_string(&user).unwrap(), r#"{"storageUsedRatio":1.5}"#);
}

#[test]
fn a_thirty_digit_decimal_keeps_every_digit() {
    let user: User = same_text(r#"{"costCenterBudget":123456789012345678901234567890.123}"#);
    assert_eq!(user.cost_center_budget.value().unwrap().as_str(), "123456789012345678901234567890.123");
    same_text::<User>(r#"{"costCenterBudget":"123456789012345678901234567890.123"}"#);
    // Read through a polymorphic value whose type comes late (the entries are buffered).
    let late = r##"{"manager":{"costCenterBudget":1234567890123456789012345678901,"@odata.type":"#microsoft.graph.user"}}"##;
    let user: User = serde_json::from_str(late).unwrap();
    assert_eq!(
        serde_json::to_string(&user).unwrap(),
        r##"{"manager":{"@odata.type":"#microsoft.graph.user","costCenterBudget":1234567890123456789012345678901}}"##
    );
}

#[test]
fn nulls_in_a_collection_are_kept_where_they_were() {
    let user: User = same_text(r#"{"businessPhones":[null,"+1 425 555 0109",null]}"#);
    let phones = user.business_phones.value().unwrap();
    assert_eq!(phones.len(), 1);
    assert_eq!(phones[0], "+1 425 555 0109");
    assert_eq!(phones.nulls(), [0, 2]);
    let members: CollectionResponse<AnyDirectoryObject> = same_text(r##"{"value":[null,{"@odata.type":"#microsoft.graph.group"}]}"##);
    assert_eq!(members.value.len(), 1);
}

#[test]
fn a_navigation_to_a_polymorphic_base_is_typed() {
    let text = concat!(
        r##"{"id":"1","manager":{"@odata.type":"#microsoft.graph.user","id":"2","displayName":"Adele"},"##,
        r##""memberOf":[{"@odata.type":"#microsoft.graph.group","id":"g","displayName":"Sales"},"##,
        r##"{"@odata.type":"#microsoft.graph.administrativeUnit","id":"a","visibility":"Public"}]}"##
    );
    let user: User = same_text(text);
    let Some(AnyDirectoryObject::User(manager)) = user.manager.value() else { panic!("{:?}", user.manager) };
    assert_eq!(manager.display_name.value().map(String::as_str), Some("Adele"));
    let member_of = user.member_of.value().unwrap();
    assert!(matches!(&member_of[0], AnyDirectoryObject::Group(group) if group.display_name.value().is_some_and(|n| n == "Sales")));
    // A type the schema does not know is the base, with its type and properties kept.
    let AnyDirectoryObject::DirectoryObject(unknown) = &member_of[1] else { panic!("{:?}", member_of[1]) };
    assert_eq!(unknown.odata_type.as_deref(), Some("#microsoft.graph.administrativeUnit"));
    assert!(unknown.additional_properties.contains_key("visibility"));
}

#[test]
fn the_type_is_found_by_its_name_exactly_else_ignoring_case() {
    let read = |odata_type: &str| {
        let text = format!(r#"{{"@odata.type":"{odata_type}","id":"1"}}"#);
        let value: AnyDirectoryObject = same_text(&text);
        value
    };
    // The runtime looks names up in a sorted table: the first, the last and one between.
    assert!(matches!(read("#microsoft.graph.group"), AnyDirectoryObject::Group(_)));
    assert!(matches!(read("#microsoft.graph.user"), AnyDirectoryObject::User(_)));
    assert!(matches!(read("microsoft.graph.user"), AnyDirectoryObject::User(_)));
    assert!(
        matches!(read("#Microsoft.Graph.GROUP"), AnyDirectoryObject::Group(group) if group.odata_type.as_deref() == Some("#Microsoft.Graph.GROUP"))
    );
    // A name before the first, after the last, or between two is the base's.
    for unknown in ["#microsoft.graph.aaa", "#microsoft.graph.zzz", "#microsoft.graph.team", "#", ""] {
        assert!(matches!(read(unknown), AnyDirectoryObject::DirectoryObject(_)), "{unknown}");
    }
}

#[test]
fn a_collection_response_of_a_polymorphic_base_reads_each_type() {
    // `authenticationMethod` is no property's type: only responses use it.
    let text = concat!(
        r##"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#users('1')/authentication/methods","value":["##,
        r##"{"@odata.type":"#microsoft.graph.phoneAuthenticationMethod","id":"p","phoneNumber":"+1 2065550100","phoneType":"mobile"},"##,
        r##"{"@odata.type":"#microsoft.graph.emailAuthenticationMethod","id":"e","emailAddress":"a@contoso.com"}],"##,
        r##""@odata.nextLink":"https://graph.microsoft.com/beta/next"}"##
    );
    let page: CollectionResponse<AnyAuthenticationMethod> = same_text(text);
    assert!(matches!(&page.value[0], AnyAuthenticationMethod::PhoneAuthenticationMethod(phone) if phone.phone_number.value().is_some()));
    assert!(matches!(&page.value[1], AnyAuthenticationMethod::EmailAuthenticationMethod(_)));
}

/// `manager` of `manager` ... `depth` levels deep.
fn manager_chain(depth: usize) -> String {
    let mut text = String::from(r#"{"id":"last"}"#);
    for level in 0..depth {
        text = format!(r##"{{"@odata.type":"#microsoft.graph.user","id":"{level}","manager":{text}}}"##);
    }
    format!(r#"{{"id":"top","manager":{text}}}"#)
}

/// Runs `read` on a thread with a 2 MiB stack, tokio's and cargo test's default.
fn on_small_stack<T: Send + 'static>(read: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(2 << 20).spawn(read).unwrap().join().expect("the reading thread panicked")
}

#[test]
fn a_hundred_levels_of_a_polymorphic_navigation_read_typed_on_a_two_mebibyte_stack() {
    let depth = on_small_stack(|| {
        let text = manager_chain(100);
        let user: User = same_text(&text);
        let mut depth = 0;
        let mut next = user.manager.value();
        while let Some(AnyDirectoryObject::User(manager)) = next {
            depth += 1;
            next = manager.manager.value();
        }
        // The innermost names no type: the declared base.
        assert!(matches!(next, Some(AnyDirectoryObject::DirectoryObject(_))), "{next:?}");
        depth
    });
    assert_eq!(depth, 100, "every level is read as a typed user");
}

#[test]
fn deeper_than_serde_json_allows_is_an_error_not_an_abort() {
    let error = on_small_stack(|| serde_json::from_str::<User>(&manager_chain(1_000)).unwrap_err().to_string());
    assert!(error.contains("recursion limit exceeded"), "{error}");
}

#[test]
fn a_hundred_thousand_unknown_properties_are_kept_in_order() {
    let mut text = String::from("{");
    for key in 0..100_000 {
        text.push_str(&format!(r#""extension_{key}":{key},"#));
    }
    text.pop();
    text.push('}');
    let user: User = same_text(&text);
    assert_eq!(user.additional_properties.len(), 100_000);
    assert_eq!(user.additional_properties.get("extension_99999").map(|raw| raw.get()), Some("99999"));
}

#[test]
fn a_repeated_key_is_an_error_whether_declared_unknown_or_the_type() {
    let cases = [
        (r#"{"displayName":"a","displayName":"b"}"#, "displayName"),
        (r#"{"extension_x":1,"extension_x":2}"#, "extension_x"),
        (r##"{"@odata.type":"#microsoft.graph.user","@odata.type":"#microsoft.graph.group"}"##, "@odata.type"),
        // In a polymorphic value, whether the type came first (streamed) or later (buffered).
        (r##"{"manager":{"@odata.type":"#microsoft.graph.user","id":"1","id":"2"}}"##, "id"),
        (r##"{"manager":{"id":"1","@odata.type":"#microsoft.graph.user","id":"2"}}"##, "id"),
        (r##"{"manager":{"id":"1","@odata.type":"#microsoft.graph.user","@odata.type":"#microsoft.graph.group"}}"##, "@odata.type"),
    ];
    for (text, key) in cases {
        let error = serde_json::from_str::<User>(text).expect_err(text).to_string();
        assert!(error.contains(key) && (error.contains("duplicate") || error.contains("twice")), "{text}: {error}");
    }
}
