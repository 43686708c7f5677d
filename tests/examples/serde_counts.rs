//! Allocations and instructions per object for reading and writing the serde benchmark's
//! page (`benches/payload_page`): the generated models, the naive derive output, the lossy
//! derive. Writing is measured through `serde_json::to_vec` and through the runtime's own
//! writer (`runtime::json::to_vec`, the same bytes), for our models and the naive output.
//! Wall time varies between runs on a shared machine; these counts do not.
//!
//! `serde_counts` prints heap allocations per object for each. Each read and write is one
//! `#[unsafe(no_mangle)]` function, so that `valgrind --tool=callgrind
//! --toggle-collect=serde_counts_write_generated` counts the instructions of that one step
//! (`bench/serde_counts.sh` runs them all). With `--wall`, it also times the steps in
//! interleaved rounds. Counts are per JSON object of the page (62,500: each of its 10,000
//! record operations has two polymorphic prompts, a `resultInfo`, a `mediaInfo` in a
//! quarter of them, and two objects the schema does not know).

#[path = "../benches/payload_page/mod.rs"]
mod payload_page;

use graph_models::RecordOperation;
use graph_models::runtime::{CollectionResponse, json};
use payload_page::{lossy, naive, page};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counts every allocation and reallocation, and the bytes asked for.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ITEMS: usize = 10_000;

#[unsafe(no_mangle)]
#[inline(never)]
pub fn serde_counts_read_generated(json: &str) -> CollectionResponse<RecordOperation> {
    serde_json::from_str(black_box(json)).unwrap()
}

#[unsafe(no_mangle)]
#[inline(never)]
pub fn serde_counts_read_naive(json: &str) -> naive::Page {
    serde_json::from_str(black_box(json)).unwrap()
}

#[unsafe(no_mangle)]
#[inline(never)]
pub fn serde_counts_read_lossy(json: &str) -> lossy::Page {
    serde_json::from_str(black_box(json)).unwrap()
}

#[unsafe(no_mangle)]
#[inline(never)]
pub fn serde_counts_write_generated(value: &CollectionResponse<RecordOperation>) -> Vec<u8> {
    serde_json::to_vec(black_box(value)).unwrap()
}

#[unsafe(no_mangle)]
#[inline(never)]
pub fn serde_counts_write_generated_runtime(value: &CollectionResponse<RecordOperation>) -> Vec<u8> {
    json::to_vec(black_box(value)).unwrap()
}

#[unsafe(no_mangle)]
#[inline(never)]
pub fn serde_counts_write_naive(value: &naive::Page) -> Vec<u8> {
    serde_json::to_vec(black_box(value)).unwrap()
}

#[unsafe(no_mangle)]
#[inline(never)]
pub fn serde_counts_write_naive_runtime(value: &naive::Page) -> Vec<u8> {
    json::to_vec(black_box(value)).unwrap()
}

#[unsafe(no_mangle)]
#[inline(never)]
pub fn serde_counts_write_lossy(value: &lossy::Page) -> Vec<u8> {
    serde_json::to_vec(black_box(value)).unwrap()
}

/// The allocations and bytes `step` makes, and its result (dropped after counting).
fn counted<T>(step: impl FnOnce() -> T) -> (u64, u64, T) {
    let (allocations, bytes) = (ALLOCATIONS.load(Ordering::Relaxed), BYTES.load(Ordering::Relaxed));
    let result = step();
    (ALLOCATIONS.load(Ordering::Relaxed) - allocations, BYTES.load(Ordering::Relaxed) - bytes, result)
}

fn main() {
    let json = page(ITEMS);
    // Objects in the payload: every `{`, less the page's own.
    let objects = json.matches('{').count() - 1;
    println!("page: {ITEMS} items, {objects} JSON objects, {} bytes", json.len());
    println!("{:<28} {:>14} {:>16} {:>14}", "step", "allocations", "per JSON object", "bytes/object");
    let row = |step: &str, (allocations, bytes): (u64, u64)| {
        println!("{step:<28} {allocations:>14} {:>16.2} {:>14.1}", allocations as f64 / objects as f64, bytes as f64 / objects as f64);
    };
    let (a, b, generated) = counted(|| serde_counts_read_generated(&json));
    row("read, generated", (a, b));
    let (a, b, naive) = counted(|| serde_counts_read_naive(&json));
    row("read, naive (flatten + tag)", (a, b));
    let (a, b, lossy) = counted(|| serde_counts_read_lossy(&json));
    row("read, lossy derive", (a, b));
    let (a, b, written) = counted(|| serde_counts_write_generated(&generated));
    row("write, generated", (a, b));
    // Written back whole: the same JSON as read.
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&written).unwrap(), serde_json::from_str::<serde_json::Value>(&json).unwrap());
    let (a, b, written_by_runtime) = counted(|| serde_counts_write_generated_runtime(&generated));
    row("write, generated, runtime", (a, b));
    assert_eq!(written_by_runtime, written, "the runtime's writer writes serde_json's bytes");
    let (a, b, _) = counted(|| serde_counts_write_naive(&naive));
    row("write, naive (flatten + tag)", (a, b));
    let (a, b, _) = counted(|| serde_counts_write_naive_runtime(&naive));
    row("write, naive, runtime", (a, b));
    let (a, b, _) = counted(|| serde_counts_write_lossy(&lossy));
    row("write, lossy derive", (a, b));

    if std::env::args().any(|arg| arg == "--wall") {
        interleaved_wall_times(&json, &generated, &naive);
    }
}

/// Wall time of each step, the steps interleaved: every round runs each once, so a change in
/// the machine's speed during the run (which moves separate criterion groups by 10–30 % on a
/// shared VM) falls on all of them alike. Prints each step's median and the ratios the
/// targets are stated in.
fn interleaved_wall_times(json: &str, generated: &CollectionResponse<RecordOperation>, naive: &naive::Page) {
    const ROUNDS: usize = 41;
    type Step<'a> = (&'static str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        ("read, generated", Box::new(|| drop(serde_counts_read_generated(json)))),
        ("read, lossy derive", Box::new(|| drop(serde_counts_read_lossy(json)))),
        ("read, naive", Box::new(|| drop(serde_counts_read_naive(json)))),
        ("write, generated, runtime", Box::new(|| drop(serde_counts_write_generated_runtime(generated)))),
        ("write, generated, serde_json", Box::new(|| drop(serde_counts_write_generated(generated)))),
        ("write, naive", Box::new(|| drop(serde_counts_write_naive(naive)))),
        ("write, naive, runtime", Box::new(|| drop(serde_counts_write_naive_runtime(naive)))),
    ];
    let mut times = vec![Vec::with_capacity(ROUNDS); steps.len()];
    for round in 0..=ROUNDS {
        for ((_, step), times) in steps.iter().zip(&mut times) {
            let start = std::time::Instant::now();
            step();
            // The first round warms caches and the allocator up, and is not counted.
            if round > 0 {
                times.push(start.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    let medians: Vec<f64> = times
        .iter_mut()
        .map(|times| {
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        })
        .collect();
    println!();
    println!("wall time, {ROUNDS} interleaved rounds (median ms)");
    for ((name, _), median) in steps.iter().zip(&medians) {
        println!("{name:<32} {median:>8.2}");
    }
    let median = |name: &str| medians[steps.iter().position(|(step, _)| *step == name).expect("a step")];
    println!("read, generated ÷ lossy derive:            {:.2}", median("read, generated") / median("read, lossy derive"));
    println!("write, naive ÷ generated (runtime writer): {:.2}", median("write, naive") / median("write, generated, runtime"));
}
