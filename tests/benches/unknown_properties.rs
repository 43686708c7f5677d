//! Reading an object with many properties its schema does not declare (open extensions,
//! schema extensions, SharePoint list columns): 1,000, 10,000 and 100,000 unknown keys
//! (issue 8). Prints one line per size: `unknown_properties <keys> <seconds per read>`.
//! `bench/unknown_properties.sh` runs it on this tree and on an older commit, side by side.
//!
//! It uses only what every version of the generated crate has (`MediaInfo` and serde), so
//! the same file measures the code before and after a change.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// `{"uri": ..., "k0": 0, "k1": "v1", ...}`: `count` unknown keys, numbers and strings.
fn payload(count: usize) -> String {
    let mut text = String::from(r#"{"uri":"https://cdn.contoso.com/a.wav""#);
    for i in 0..count {
        if i % 2 == 0 {
            text.push_str(&format!(r#","k{i}":{i}"#));
        } else {
            text.push_str(&format!(r#","k{i}":"v{i}""#));
        }
    }
    text.push('}');
    text
}

fn main() {
    let sizes: Vec<usize> = match std::env::var("SIZES") {
        Ok(sizes) => sizes.split_whitespace().filter_map(|s| s.parse().ok()).collect(),
        Err(_) => vec![1_000, 10_000, 100_000],
    };
    for count in sizes {
        let text = payload(count);
        // Checked once: every key is kept.
        let read: graph_models::MediaInfo = serde_json::from_str(&text).expect("reads");
        assert_eq!(serde_json::to_string(&read).unwrap(), text);
        // The fastest of repeated reads, for at least half a second (at least three reads).
        let mut best = Duration::MAX;
        let (start, mut reads) = (Instant::now(), 0);
        while reads < 3 || start.elapsed() < Duration::from_millis(500) {
            let one = Instant::now();
            black_box(serde_json::from_str::<graph_models::MediaInfo>(black_box(&text)).unwrap());
            best = best.min(one.elapsed());
            reads += 1;
        }
        println!("unknown_properties {count} {:.6}", best.as_secs_f64());
    }
}
