//! Function parameters as OData URL literals (issue 11, acceptance 5): every primitive type
//! the runtime has, written as the OData 4.01 ABNF ("odata-abnf-construction-rules") forms
//! them, then percent-encoded for a URL. Each test names the ABNF rule it checks.

use payload_models::runtime::operations::{Operation, Request, UrlParameters};
use payload_models::runtime::{
    Binary, Bytes, Date, DateTimeOffset, Decimal, Double, Duration, EnumLiteral, Field, Flags, Guid, Int64, List, Single, TimeOfDay,
    UrlLiteral,
};

fn literal(value: &impl UrlLiteral) -> String {
    value.url_literal()
}

#[test]
fn string_is_quoted_with_inner_quotes_doubled_then_percent_encoded() {
    // string = SQUOTE *( SQUOTE-in-string / pchar-no-SQUOTE ) SQUOTE; SQUOTE-in-string = SQUOTE SQUOTE
    assert_eq!(literal(&"O'Neil".to_string()), "'O''Neil'");
    assert_eq!(literal(&"a b/c?d#e&f=g%h+i,j".to_string()), "'a%20b%2Fc%3Fd%23e%26f%3Dg%25h%2Bi%2Cj'");
    assert_eq!(literal(&"café".to_string()), "'caf%C3%A9'");
    assert_eq!(literal(&String::new()), "''");
    // Unreserved characters stay as they are.
    assert_eq!(literal(&"A-z_0.9~".to_string()), "'A-z_0.9~'");
}

#[test]
fn boolean_value() {
    // booleanValue = "true" / "false"
    assert_eq!(literal(&true), "true");
    assert_eq!(literal(&false), "false");
}

#[test]
fn integer_values() {
    // byteValue = 1*3DIGIT; sbyteValue = [ SIGN ] 1*3DIGIT; int16Value, int32Value, int64Value likewise
    assert_eq!(literal(&255u8), "255");
    assert_eq!(literal(&-128i8), "-128");
    assert_eq!(literal(&-32768i16), "-32768");
    assert_eq!(literal(&2147483647i32), "2147483647");
    assert_eq!(literal(&Int64::new(-9223372036854775808)), "-9223372036854775808");
    let read: Int64 = serde_json::from_str("\"42\"").unwrap();
    assert_eq!(literal(&read), "42", "an IEEE754Compatible string is a bare integer in a URL");
}

#[test]
fn decimal_value_keeps_every_digit_and_encodes_the_exponent_sign() {
    // decimalValue = [ SIGN ] 1*DIGIT [ "." 1*DIGIT ] [ "e" [ SIGN ] 1*DIGIT ] / nanInfinity; SIGN = "+" / "%2B" / "-"
    let read: Decimal = serde_json::from_str("123456789012345678901234567890.50").unwrap();
    assert_eq!(literal(&read), "123456789012345678901234567890.50");
    assert_eq!(literal(&"-2e+10".parse::<Decimal>().unwrap()), "-2e%2B10");
    assert_eq!(literal(&"NaN".parse::<Decimal>().unwrap()), "NaN");
}

#[test]
fn double_and_single_values_with_nan_and_infinities() {
    // doubleValue = decimalValue; singleValue = decimalValue; nanInfinity = "NaN" / "-INF" / "INF"
    assert_eq!(literal(&Double::new(1.5)), "1.5");
    assert_eq!(literal(&Double::new(-0.25)), "-0.25");
    assert_eq!(literal(&Double::new(1e300)), "1e300");
    assert_eq!(literal(&Double::new(f64::NAN)), "NaN");
    assert_eq!(literal(&Double::new(f64::INFINITY)), "INF");
    assert_eq!(literal(&Double::new(f64::NEG_INFINITY)), "-INF");
    assert_eq!(literal(&Single::new(0.5)), "0.5");
    assert_eq!(literal(&Single::new(f32::NEG_INFINITY)), "-INF");
}

#[test]
fn date_date_time_offset_and_time_of_day_values_are_bare() {
    // dateValue = year "-" month "-" day
    assert_eq!(literal(&"2021-07-13".parse::<Date>().unwrap()), "2021-07-13");
    // dateTimeOffsetValue = year "-" month "-" day "T" timeOfDayValue ( "Z" / SIGN hour ":" minute )
    assert_eq!(literal(&"2021-07-13T08:00:00Z".parse::<DateTimeOffset>().unwrap()), "2021-07-13T08:00:00Z");
    assert_eq!(literal(&"2021-07-13T08:00:00.1234567+02:00".parse::<DateTimeOffset>().unwrap()), "2021-07-13T08:00:00.1234567%2B02:00");
    assert_eq!(literal(&"2021-07-13T08:00:00-05:00".parse::<DateTimeOffset>().unwrap()), "2021-07-13T08:00:00-05:00");
    // timeOfDayValue = hour ":" minute [ ":" second [ "." fractionalSeconds ] ]
    assert_eq!(literal(&"13:45:00.0000000".parse::<TimeOfDay>().unwrap()), "13:45:00.0000000");
}

#[test]
fn guid_value_is_bare() {
    // guidValue = 8HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 12HEXDIG
    let guid: Guid = "8fcb5dbc-d5aa-4681-8e31-b001d5168d79".parse().unwrap();
    assert_eq!(literal(&guid), "8fcb5dbc-d5aa-4681-8e31-b001d5168d79");
}

#[test]
fn duration_is_prefixed_and_quoted() {
    // duration = [ "duration" ] SQUOTE durationValue SQUOTE
    assert_eq!(literal(&"P1D".parse::<Duration>().unwrap()), "duration'P1D'");
    assert_eq!(literal(&"-PT1H30M".parse::<Duration>().unwrap()), "duration'-PT1H30M'");
}

#[test]
fn binary_is_prefixed_and_quoted_base64url() {
    // binary = "binary" SQUOTE binaryValue SQUOTE; binaryValue = *(4base64char) [ base64b16 / base64b8 ] (base64url)
    assert_eq!(literal(&Binary::new(Bytes(vec![1, 2, 3]))), "binary'AQID'");
    // `+` and `/` of base64 are `-` and `_` in base64url; no padding.
    assert_eq!(literal(&Binary::new(Bytes(vec![0xfb, 0xff]))), "binary'-_8'");
}

#[test]
fn enum_is_qualified_and_flags_are_comma_separated() {
    // enum = [ qualifiedEnumTypeName ] SQUOTE enumValue SQUOTE; enumValue = singleEnumValue *( COMMA singleEnumValue )
    assert_eq!(literal(&EnumLiteral { type_name: "microsoft.graph.color", members: &["red"] }), "microsoft.graph.color'red'");
    assert_eq!(
        literal(&EnumLiteral { type_name: "microsoft.graph.access", members: &["read", "write"] }),
        "microsoft.graph.access'read,write'"
    );
    // A generated enumeration through a function's parameters.
    let mut url = String::new();
    let mut parameters = UrlParameters::new(&mut url);
    parameters.enumeration(
        "phoneType",
        "microsoft.graph.authenticationPhoneType",
        &Field::Value(payload_models::AuthenticationPhoneType::Office),
    );
    parameters.flags(
        "phoneTypes",
        "microsoft.graph.authenticationPhoneType",
        &Field::Value(Flags::new(vec![payload_models::AuthenticationPhoneType::Mobile, payload_models::AuthenticationPhoneType::Office])),
    );
    assert_eq!(
        url,
        "phoneType=microsoft.graph.authenticationPhoneType'office',phoneTypes=microsoft.graph.authenticationPhoneType'mobile,office'"
    );
}

#[test]
fn null_value_and_absent_parameters() {
    // nullValue = "null"; an optional parameter left out is not written
    let mut url = String::new();
    let mut parameters = UrlParameters::new(&mut url);
    parameters.literal("a", &Field::<i32>::Absent);
    parameters.literal("b", &Field::<String>::Null);
    parameters.literal("c", &Field::Value(7));
    assert_eq!(url, "b=null,c=7");
}

#[test]
fn collections_are_json_percent_encoded() {
    // primitiveColInUri = begin-array [ primitiveLiteralInJSON *( value-separator primitiveLiteralInJSON ) ] end-array
    let tags: List<String> = vec!["a b".to_string(), "c".to_string()].into();
    assert_eq!(literal(&tags), "%5B%22a%20b%22,%22c%22%5D");
    assert_eq!(literal(&List::from(vec![1, 2])), "%5B1,2%5D");
}

#[test]
fn a_generated_function_writes_its_parameters_after_its_path() {
    use payload_models::operations::UserReminderView;
    let function = UserReminderView {
        start_date_time: "2021-07-13T08:00:00+02:00".parse::<DateTimeOffset>().unwrap().into(),
        name: "O'Neil".to_string().into(),
        count: 3.into(),
        ratio: Double::new(f64::INFINITY).into(),
        timeout: "PT1H".parse::<Duration>().unwrap().into(),
        phone_type: payload_models::AuthenticationPhoneType::Mobile.into(),
        tags: vec!["x".to_string()].into(),
        day: Field::Null,
        ..Default::default()
    };
    assert_eq!(UserReminderView::METHOD.as_str(), "GET");
    let request = Request::new(&function, "/users/{user-id}/reminderView", &[("user-id", "a/b")]).unwrap();
    assert_eq!(
        request.url,
        "/users/a%2Fb/reminderView(startDateTime=2021-07-13T08:00:00%2B02:00,day=null,name='O''Neil',count=3,ratio=INF,\
         timeout=duration'PT1H',phoneType=microsoft.graph.authenticationPhoneType'mobile',tags=%5B%22x%22%5D)"
    );
    assert_eq!(request.body, None);
}
