//! The runtime's primitive values, read and written back as TEXT (issue 8): what is compared
//! is the JSON that `serde_json::to_string` writes, byte for byte, not `serde_json::Value`s
//! (which would compare numbers by value and hide `1` written back as `1.0`).

use graph_models::runtime::{
    AdditionalProperties, CollectionResponse, Date, DateTimeOffset, Decimal, Double, Duration, Int64, Json, Single, TimeOfDay, same_json,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Reads `text` as a `T` and asserts that it is written back as exactly `text`.
fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let value: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), text, "written back");
    value
}

/// The error reading `text` as a `T`.
fn rejects<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
    serde_json::from_str::<T>(text).expect_err(text).to_string()
}

#[test]
fn date_times_outside_jiffs_range_read_and_write_back_unchanged() {
    // .NET's DateTimeOffset.MaxValue: after jiff's last instant.
    let max = round_trip::<DateTimeOffset>(r#""9999-12-31T23:59:59.9999999Z""#);
    assert_eq!(max.get(), None);
    let error = max.try_get().unwrap_err();
    assert_eq!(error.text(), "9999-12-31T23:59:59.9999999Z");
    assert!(error.to_string().contains("does not fit in jiff"), "{error}");
    assert_eq!(max.to_string(), "9999-12-31T23:59:59.9999999Z");

    for text in [r#""-0001-01-01T00:00:00Z""#, r#""12345-06-07T08:09:10+14:00""#, r#""2021-07-13T08:00:00.123456789012Z""#] {
        assert_eq!(round_trip::<DateTimeOffset>(text).get(), None, "{text}");
    }
    // Within range, all of these have values; each is written as read.
    for text in [
        r#""0001-01-01T00:00:00Z""#,
        r#""2021-07-13T08:15:30.1234567Z""#,
        r#""2021-07-13T08:15:30+02:00""#,
        r#""2021-07-13T08:15Z""#,
        r#""2021-07-13t08:15:30z""#,
    ] {
        let value = round_trip::<DateTimeOffset>(text);
        assert!(value.try_get().is_ok(), "{text}");
    }
    let first = round_trip::<DateTimeOffset>(r#""0001-01-01T00:00:00Z""#);
    assert_eq!(first.get().map(|t| t.as_second()), Some(-62_135_596_800));
}

#[test]
fn dates_and_times_of_day_at_the_extremes() {
    for text in [r#""0000-01-01""#, r#""9999-12-31""#, r#""2024-02-29""#] {
        assert!(round_trip::<Date>(text).get().is_some(), "{text}");
    }
    for text in [r#""10000-01-01""#, r#""-0001-01-01""#] {
        assert_eq!(round_trip::<Date>(text).get(), None, "{text}");
    }
    let midnight = round_trip::<TimeOfDay>(r#""00:00:00.0000000""#);
    assert_eq!(midnight.get(), Some(&jiff::civil::Time::midnight()));
    round_trip::<TimeOfDay>(r#""23:59:59.999999999999""#);
    round_trip::<TimeOfDay>(r#""13:45""#);
}

#[test]
fn durations_outside_jiffs_range_read_and_write_back_unchanged() {
    // TimeSpan.MaxValue and MinValue, which the service sends as "no limit".
    for text in [r#""P10675199DT2H48M5.4775807S""#, r#""-P10675199DT2H48M5.4775808S""#] {
        let value = round_trip::<Duration>(text);
        assert_eq!(value.get(), None, "{text}");
        assert!(value.try_get().is_err());
    }
    for text in [r#""PT1H30M""#, r#""P1D""#, r#""PT0.14S""#, r#""-PT20M""#, r#""P1Y2M""#, r#""P3W""#] {
        assert!(round_trip::<Duration>(text).get().is_some(), "{text}");
    }
}

#[test]
fn text_that_is_not_well_formed_is_an_error_naming_what_was_expected() {
    for text in [
        r#""2021-13-01T00:00:00Z""#,
        r#""2021-02-30T00:00:00Z""#,
        r#""2021-07-13 08:00:00Z""#,
        r#""2021-07-13T08:00:00""#,
        r#""yesterday""#,
    ] {
        let error = rejects::<DateTimeOffset>(text);
        assert!(error.contains("is not an RFC 3339 date-time"), "{text}: {error}");
    }
    for text in [r#""2023-02-29""#, r#""21-07-13""#, r#""2021-7-13""#] {
        assert!(rejects::<Date>(text).contains("is not a date such as"), "{text}");
    }
    for text in [r#""24:00:00""#, r#""13:45:00.""#, r#""1:45""#] {
        assert!(rejects::<TimeOfDay>(text).contains("is not a time of day"), "{text}");
    }
    // jiff would read its "friendly" form and a fraction of hours; OData's ABNF does not.
    for text in [r#""1h 30m""#, r#""P""#, r#""PT""#, r#""PT1.5H""#, r#""P1DT""#] {
        assert!(rejects::<Duration>(text).contains("is not an ISO 8601 duration"), "{text}");
    }
}

#[test]
fn doubles_are_written_in_the_form_read() {
    // Integer literals stay integer literals, floats are written in their shortest form.
    for text in ["1", "-7", "0", "1.0", "1.5e300", "0.1", "-0.0", "9007199254740993", "18446744073709551615"] {
        round_trip::<Double>(text);
    }
    assert_eq!(round_trip::<Double>("9007199254740993").get(), 9_007_199_254_740_992.0);
    // Strings (IEEE754Compatible, and what JSON numbers cannot hold) keep their text.
    for text in [r#""1e5""#, r#""-0""#, r#""INF""#, r#""-INF""#, r#""NaN""#, r#""1e999""#, r#""1.5""#] {
        let value = round_trip::<Double>(text);
        assert!(value.is_quoted(), "{text}");
    }
    assert_eq!(round_trip::<Double>(r#""1e5""#).get(), 100_000.0);
    assert_eq!(round_trip::<Double>(r#""1e999""#).get(), f64::INFINITY);
    assert!(round_trip::<Double>(r#""-0""#).get().is_sign_negative());
    assert!(round_trip::<Double>(r#""NaN""#).get().is_nan());
    // Any other float is normalised to the shortest text that reads back the same.
    for (read, written) in [("1.50", "1.5"), ("1e5", "100000.0"), ("1E-7", "1e-7"), ("-0", "-0.0")] {
        let value: Double = serde_json::from_str(read).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), written, "{read}");
    }
    assert!(rejects::<Double>(r#""one""#).contains("is not a number, or NaN, INF or -INF"));
    assert!(rejects::<Double>("true").contains("expected a number"));
}

#[test]
fn singles_keep_what_f32_cannot_hold() {
    for text in ["1", "0.1", "3.4028235e38", "1.5e300", "1e-50", "16777217", r#""INF""#] {
        round_trip::<Single>(text);
    }
    assert_eq!(round_trip::<Single>("1.5e300").get(), f32::INFINITY);
}

#[test]
fn values_built_in_code_are_written_canonically() {
    let written = |value: f64| serde_json::to_string(&Double::new(value)).unwrap();
    assert_eq!(written(1.0), "1.0");
    assert_eq!(written(100_000.0), "100000.0");
    assert_eq!(written(f64::INFINITY), r#""INF""#);
    assert_eq!(written(f64::NAN), r#""NaN""#);
    assert_eq!(serde_json::to_string(&Int64::new(1 << 60)).unwrap(), "1152921504606846976");
    let built: DateTimeOffset = jiff::Timestamp::UNIX_EPOCH.into();
    assert_eq!(serde_json::to_string(&built).unwrap(), r#""1970-01-01T00:00:00Z""#);
    assert_eq!(serde_json::to_string(&Decimal::from(0.1)).unwrap(), "0.1");
    assert_eq!(serde_json::to_string(&Decimal::from(f64::NAN)).unwrap(), r#""NaN""#);
}

#[test]
fn int64_beyond_2_to_the_53_is_exact() {
    for text in ["9007199254740993", "9223372036854775807", "-9223372036854775808", r#""9223372036854775807""#] {
        round_trip::<Int64>(text);
    }
    assert_eq!(round_trip::<Int64>("9007199254740993").get(), 9_007_199_254_740_993);
    let quoted = round_trip::<Int64>(r#""-9007199254740993""#);
    assert_eq!((quoted.get(), quoted.is_quoted()), (-9_007_199_254_740_993, true));
    assert!(rejects::<Int64>("9223372036854775808").contains("out of range"));
    assert!(rejects::<Int64>("1.5").contains("is not an integer"));
    assert!(rejects::<Int64>(r#""1.5""#).contains("is not an integer"));
}

#[test]
fn a_30_digit_decimal_is_written_back_byte_identical() {
    for text in ["123456789012345678901234567890.123", r#""123456789012345678901234567890.123""#] {
        let value = round_trip::<Decimal>(text);
        assert_eq!(value.as_str(), "123456789012345678901234567890.123");
        assert_eq!(value.get(), None, "beyond rust_decimal's 96 bits");
        assert!(value.try_get().unwrap_err().to_string().contains("does not fit in rust_decimal::Decimal"));
        assert_eq!(value.to_f64(), 1.2345678901234568e29);
    }
    let bare = round_trip::<Decimal>("123456789012345678901234567890.123");
    assert!(!bare.is_quoted());
    for text in ["1", "1.0", "1.50", "-0", "1e5", "1E-7", "0.0000000000000000000000000001", r#""INF""#, r#""NaN""#, r#""+1.5""#] {
        round_trip::<Decimal>(text);
    }
}

#[test]
fn decimal_accessors() {
    let read = |text: &str| serde_json::from_str::<Decimal>(text).unwrap();
    let exact = |text: &str| read(text).get().map(|d| d.to_string());
    assert_eq!(exact("1.50").as_deref(), Some("1.50"));
    assert_eq!(exact("1e5").as_deref(), Some("100000"));
    assert_eq!(exact("-1.25e-2").as_deref(), Some("-0.0125"));
    assert_eq!(exact(r#""79228162514264337593543950335""#).as_deref(), Some("79228162514264337593543950335"));
    assert_eq!(exact("79228162514264337593543950336"), None);
    assert_eq!(exact("1e-29"), None);
    assert_eq!(exact(r#""NaN""#), None);
    assert_eq!(read("1.50"), read("1.5"));
    assert_eq!(read(r#""1.5""#).to_f64(), 1.5);
    assert_eq!(read(r#""-INF""#).to_f64(), f64::NEG_INFINITY);
    for text in [r#""1.""#, r#"".5""#, r#""0x10""#, r#""""#, "true", "null", r#""inf""#] {
        assert!(rejects::<Decimal>(text).contains("a decimal number"), "{text}");
    }
}

#[test]
fn decimal_from_a_json_value_degrades_to_what_the_value_holds() {
    // A `serde_json::Value` has already parsed the number: integers keep their digits, a
    // float is its shortest text.
    let value: Json = serde_json::from_str(r#"[18446744073709551615, 1.50, "1.50"]"#).unwrap();
    let decimals: Vec<Decimal> = serde_json::from_value(value).unwrap();
    let texts: Vec<&str> = decimals.iter().map(Decimal::as_str).collect();
    assert_eq!(texts, ["18446744073709551615", "1.5", "1.50"]);
    assert!(decimals[2].is_quoted());
    // From a borrowed `Value` too.
    let value = serde_json::json!(12.25);
    assert_eq!(Decimal::deserialize(&value).unwrap().as_str(), "12.25");
}

#[test]
fn numbers_inside_objects_keep_their_form() {
    let text = r#"{"value":[1,1.0,"1e5",2.5],"@odata.count":4,"@odata.nextLink":"x"}"#;
    let page = round_trip::<CollectionResponse<Double>>(text);
    assert_eq!(page.value.len(), 4);
}

#[test]
fn duplicate_unknown_keys_are_rejected() {
    let error = serde_json::from_str::<CollectionResponse<Double>>(r#"{"value":[],"x":1,"x":2}"#).unwrap_err().to_string();
    assert!(error.contains("the key `x` appears twice in one object"), "{error}");
    // Past the length where the list is indexed, too.
    let mut keys: Vec<String> = (0..100).map(|i| format!(r#""k{i}":{i}"#)).collect();
    keys.push(r#""k42":0"#.into());
    let text = format!(r#"{{"value":[],{}}}"#, keys.join(","));
    let error = serde_json::from_str::<CollectionResponse<Double>>(&text).unwrap_err().to_string();
    assert!(error.contains("the key `k42` appears twice"), "{error}");
    let error = serde_json::from_str::<graph_models::MediaInfo>(r#"{"futureProperty":1,"futureProperty":1}"#).unwrap_err().to_string();
    assert!(error.contains("the key `futureProperty` appears twice"), "{error}");
}

#[test]
fn many_unknown_keys_keep_their_order_and_text() {
    let keys: Vec<String> = (0..1000).map(|i| format!(r#""k{}":{}"#, 999 - i, [r#"1.50"#, r#"{"a": [1, 2]}"#, r#""s""#][i % 3])).collect();
    let text = format!(r#"{{"value":[],{}}}"#, keys.join(","));
    let page = round_trip::<CollectionResponse<Double>>(&text);
    let extra = &page.additional_properties;
    assert_eq!(extra.len(), 1000);
    assert_eq!(extra.get("k999").map(|raw| raw.get()), Some("1.50"));
    assert_eq!(extra.get("k998").map(|raw| raw.get()), Some(r#"{"a": [1, 2]}"#));
    assert!(extra.get("k1000").is_none());
}

#[test]
fn public_insert_replaces_and_remove_keeps_lookups_right() {
    let raw = |text: &str| serde_json::value::RawValue::from_string(text.into()).unwrap();
    let mut extra = AdditionalProperties::new();
    for i in 0..40 {
        assert!(extra.insert(format!("k{i}"), raw(&i.to_string())).is_none());
    }
    assert_eq!(extra.insert("k3".into(), raw("33")).map(|old| old.get().to_owned()).as_deref(), Some("3"));
    assert_eq!(extra.len(), 40);
    assert_eq!(extra.remove("k0").map(|old| old.get().to_owned()).as_deref(), Some("0"));
    assert_eq!(extra.get("k39").map(|raw| raw.get()), Some("39"));
    assert_eq!(extra.get("k3").map(|raw| raw.get()), Some("33"));
    for i in 1..30 {
        extra.remove(&format!("k{i}"));
    }
    assert_eq!(
        extra.keys().map(String::as_str).collect::<Vec<_>>(),
        ["k30", "k31", "k32", "k33", "k34", "k35", "k36", "k37", "k38", "k39"]
    );
    assert_eq!(extra.get("k35").map(|raw| raw.get()), Some("35"));
    assert!(!extra.contains_key("k3"));
}

#[test]
fn same_json_tells_integers_from_floats() {
    let value = |text: &str| serde_json::from_str::<Json>(text).unwrap();
    assert!(!same_json(&value("1"), &value("1.0")));
    assert!(!same_json(&value(r#"{"a":[1]}"#), &value(r#"{"a":[1.0]}"#)));
    assert!(!same_json(&value("0.0"), &value("-0.0")));
    // What the runtime normalises still compares equal.
    assert!(same_json(&value("1.50"), &value("1.5")));
    assert!(same_json(&value("1e5"), &value("100000.0")));
    assert!(same_json(&value("123456789012345678901234567890.123"), &value("123456789012345678901234567890.12300")));
    assert!(same_json(&value(r#""2021-07-13T08:00:00Z""#), &value(r#""2021-07-13T08:00:00.0000000+00:00""#)));
}

/// The runtime writes a date-time by hand for years 0000–9999 (jiff's printer for the
/// rest): the text must be jiff's, byte for byte, or a value read from jiff's text would
/// stop being canonical and keep its text. Instants across the whole range jiff holds, at
/// every precision of the fraction.
#[test]
fn date_times_are_written_as_jiff_writes_them() {
    let (first, last) = (jiff::Timestamp::MIN.as_second(), jiff::Timestamp::MAX.as_second());
    let mut checked = 0;
    // A stride prime to the calendar's periods, so the instants fall on all kinds of days and times.
    let mut second = first;
    while second <= last {
        for nanosecond in [0, 1, 10, 100_000, 120_000_000, 123_456_700, 999_999_999, 500_000_000, 987_654_321, 10_203_040] {
            let Ok(instant) = jiff::Timestamp::new(second, nanosecond) else { continue };
            let jiffs = instant.to_string();
            let ours = DateTimeOffset::from(instant);
            assert_eq!(ours.to_string(), jiffs);
            assert_eq!(serde_json::to_string(&ours).unwrap(), format!("\"{jiffs}\""));
            // OData's form has four-digit years only; jiff writes others with a sign.
            if !jiffs.starts_with(['-', '+']) {
                let read: DateTimeOffset = jiffs.parse().unwrap();
                assert_eq!(read.original_text(), None, "{jiffs} is canonical: no text kept");
            }
            checked += 1;
        }
        second += 23_333_347;
    }
    for text in
        ["0000-01-01T00:00:00Z", "9999-12-30T22:00:00Z", "1970-01-01T00:00:00Z", "2000-02-29T23:59:59.9Z", "2021-07-13T08:15:30.1234567Z"]
    {
        let read: DateTimeOffset = text.parse().unwrap();
        assert_eq!((read.to_string().as_str(), read.original_text()), (text, None));
    }
    assert!(checked > 150_000, "{checked} instants");
}

#[test]
fn date_times_read_by_hand_are_the_instants_jiff_reads() {
    // Plain UTC texts (the runtime reads them by hand) and their near misses (read by jiff
    // after the ABNF check): each is read as jiff reads it, or refused where the ABNF refuses.
    let mut texts = Vec::new();
    for date in
        ["2021-07-13", "2020-02-29", "2021-02-29", "2021-04-31", "0000-01-01", "9999-12-30", "9999-12-31", "2021-13-01", "2021-00-10"]
    {
        for time in ["08:15:30", "00:00:00", "23:59:59", "23:59:60", "24:00:00", "12:60:00", "8:15:30"] {
            for fraction in ["", ".1", ".12", ".1234567", ".123456789", ".1234567890", ".0", ".000000000", "."] {
                for zone in ["Z", "z", "+00:00", "-08:00", ""] {
                    for separator in ["T", "t", " "] {
                        texts.push(format!("{date}{separator}{time}{fraction}{zone}"));
                    }
                }
            }
        }
    }
    let mut read_by_both = 0;
    for text in &texts {
        let ours = text.parse::<DateTimeOffset>();
        match (text.parse::<jiff::Timestamp>(), &ours) {
            (Ok(theirs), Ok(ours)) => {
                assert_eq!(ours.get(), Some(&theirs), "{text}");
                read_by_both += 1;
            }
            // Well-formed, but beyond what jiff holds: kept as text.
            (Err(_), Ok(ours)) => assert_eq!((ours.get(), ours.to_string().as_str()), (None, text.as_str()), "{text}"),
            // jiff reads forms OData does not have (a space, a lower-case `z`, a leap second
            // it clamps); those are refused.
            (_, Err(_)) => {}
        }
    }
    assert!(read_by_both > 500, "{read_by_both} of {} texts", texts.len());
    for refused in ["2021-02-29T08:15:30Z", "2021-07-13T24:00:00Z", "2021-07-13T08:15:30.Z", "2021-07-13T08:15:30"] {
        assert!(refused.parse::<DateTimeOffset>().is_err(), "{refused}");
    }
}
