//! JSON as the pages write it: strict JSON, or JSON with trailing commas and comments.
//!
//! About 2% of the corpus's blocks carry such leniencies. They are removed (replaced by
//! spaces, so line numbers in errors still match the page) and reported to the caller.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: Value,
    /// The source with leniencies removed: strict JSON.
    pub strict: String,
    /// What had to be forgiven, e.g. `trailing comma at line 3`; empty for strict JSON.
    pub forgiven: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line within the parsed text.
    pub line: u32,
    pub message: String,
}

/// Deeper nesting of arrays and objects is refused, with this message rather than
/// serde_json's own (it stops at 128).
const MAX_DEPTH: usize = 100;

/// Parses `text`, forgiving `//` and `/* */` comments and trailing commas.
pub fn parse(text: &str) -> Result<Parsed, JsonError> {
    let (strict, forgiven) = remove_leniencies(text)?;
    match serde_json::from_str::<Value>(&strict) {
        Ok(value) => Ok(Parsed { value, strict, forgiven }),
        Err(error) => Err(JsonError { line: error.line().max(1) as u32, message: error.to_string() }),
    }
}

fn remove_leniencies(text: &str) -> Result<(String, Vec<String>), JsonError> {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut forgiven = Vec::new();
    let mut line = 1u32;
    let mut i = 0;
    // Where the last comma outside a string was written, and on which line.
    let mut last_comma: Option<(usize, u32)> = None;
    let mut depth = 0usize;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    if i < bytes.len() && bytes[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(bytes.len());
                out.extend_from_slice(&bytes[start..i]);
                last_comma = None;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                forgiven.push(format!("comment at line {line}"));
                while i < bytes.len() && bytes[i] != b'\n' {
                    out.push(b' ');
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                forgiven.push(format!("comment at line {line}"));
                let end = text[i + 2..].find("*/").map_or(bytes.len(), |at| i + 2 + at + 2);
                for &b in &bytes[i..end] {
                    out.push(if b == b'\n' { b'\n' } else { b' ' });
                    line += u32::from(b == b'\n');
                }
                i = end;
                continue;
            }
            b',' => last_comma = Some((out.len(), line)),
            b'{' | b'[' => {
                last_comma = None;
                depth += 1;
                if depth > MAX_DEPTH {
                    let message =
                        format!("arrays and objects nested more than {MAX_DEPTH} deep at line {line}; expected at most {MAX_DEPTH} levels");
                    return Err(JsonError { line, message });
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if let Some((at, comma_line)) = last_comma.take() {
                    out[at] = b' ';
                    forgiven.push(format!("trailing comma at line {comma_line}"));
                }
            }
            b'\n' => line += 1,
            _ if byte.is_ascii_whitespace() => {}
            // Non-breaking, narrow and zero-width spaces and byte-order marks between tokens.
            0xC2 | 0xE2 | 0xEF if odd_space_len(&bytes[i..]) > 0 => {
                let len = odd_space_len(&bytes[i..]);
                forgiven.push(format!("non-ASCII space at line {line}"));
                out.extend(std::iter::repeat_n(b' ', len));
                i += len;
                continue;
            }
            // `truncated: true`: a bare key gets its quotes. A word that is not a key is
            // copied whole, so a long one is scanned once, not once per letter.
            _ if byte.is_ascii_alphabetic() => {
                let (len, is_key) = bare_word(&bytes[i..]);
                if is_key {
                    forgiven.push(format!("unquoted key at line {line}"));
                    out.push(b'"');
                    out.extend_from_slice(&bytes[i..i + len]);
                    out.push(b'"');
                } else {
                    out.extend_from_slice(&bytes[i..i + len]);
                }
                i += len;
                last_comma = None;
                continue;
            }
            _ => last_comma = None,
        }
        out.push(byte);
        i += 1;
    }
    // Only ASCII bytes were replaced, by ASCII spaces: the result is still UTF-8.
    Ok((String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()), forgiven))
}

/// The length of U+00A0, U+202F, U+200B or U+FEFF at the start of `bytes`, or 0.
fn odd_space_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xC2, 0xA0, ..] => 2,
        [0xE2, 0x80, 0xAF | 0x8B, ..] | [0xEF, 0xBB, 0xBF, ..] => 3,
        _ => 0,
    }
}

/// The length of the identifier at the start of `bytes`, and whether it is followed by `:`
/// (a key without quotes). `true`, `false` and `null` are values, never followed by `:`.
fn bare_word(bytes: &[u8]) -> (usize, bool) {
    let len = bytes.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
    let rest = bytes[len..].iter().find(|b| !matches!(b, b' ' | b'\t'));
    (len, rest == Some(&b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_json_is_read_as_is() {
        let parsed = parse(r#"{"a": [1, 2], "b": "x, ]"}"#).unwrap();
        assert!(parsed.forgiven.is_empty());
        assert_eq!(parsed.value["b"], "x, ]");
    }

    #[test]
    fn trailing_commas_and_comments_are_forgiven_and_reported() {
        let parsed = parse("{\n  \"a\": 1, // one\n  \"b\": [2, 3,],\n  /* gone */ \"c\": {\"d\": 4,},\n}").unwrap();
        assert_eq!(parsed.value, serde_json::json!({"a": 1, "b": [2, 3], "c": {"d": 4}}));
        assert_eq!(
            parsed.forgiven,
            ["comment at line 2", "trailing comma at line 3", "comment at line 4", "trailing comma at line 4", "trailing comma at line 4"]
        );
    }

    #[test]
    fn odd_spaces_and_bare_keys_are_forgiven() {
        let parsed = parse("{\u{a0}\"a\": 1,\n  truncated: true}").unwrap();
        assert_eq!(parsed.value, serde_json::json!({"a": 1, "truncated": true}));
        assert_eq!(parsed.forgiven, ["non-ASCII space at line 1", "unquoted key at line 2"]);
    }

    #[test]
    fn nesting_is_bounded_with_a_line() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(parse(&deep).unwrap().strict, deep);
        let error = parse(&format!("{{\n\"a\": {}", "[{\"b\": ".repeat(100_000))).unwrap_err();
        assert_eq!(error.line, 2);
        assert_eq!(error.message, "arrays and objects nested more than 100 deep at line 2; expected at most 100 levels");
        // Brackets inside strings do not count.
        assert!(parse(&format!("[\"{}\"]", "[".repeat(1000))).is_ok());
    }

    #[test]
    fn bare_words_that_are_not_keys_are_left_alone() {
        let parsed = parse("{\"a\": true, b1_c  :\tnull, \"d\": [false]}").unwrap();
        assert_eq!(parsed.value, serde_json::json!({"a": true, "b1_c": null, "d": [false]}));
        assert_eq!(parsed.forgiven, ["unquoted key at line 1"]);
        let error = parse(&format!("{{\n  \"a\": {}\n}}", "w".repeat(1000))).unwrap_err();
        assert_eq!(error.line, 2);
    }

    #[test]
    fn errors_name_the_line() {
        let error = parse("{\n  \"a\": 1\n  \"b\": 2\n}").unwrap_err();
        assert_eq!(error.line, 3);
    }
}
