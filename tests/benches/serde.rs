//! Reading and writing a realistic page of 10,000 objects with the generated models, with
//! `serde_json::Value`, with the naive generator output (`#[derive]`, `#[serde(flatten)]`
//! for unknown properties, `#[serde(tag = "@odata.type")]` for polymorphism), and with the
//! same derives without the flattened maps (the lossy derive), side by side.
//! `cargo bench -p graph-codegen-tests --bench serde`; figures in BENCHMARKS.md.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use graph_models::RecordOperation;
use graph_models::runtime::{CollectionResponse, json};
use std::hint::black_box;

mod payload_page;

use payload_page::{lossy, naive, page};

fn benchmarks(c: &mut Criterion) {
    let json = page(10_000);
    let generated: CollectionResponse<RecordOperation> = serde_json::from_str(&json).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let naive: naive::Page = serde_json::from_str(&json).unwrap();
    // The generated models write back exactly what they read.
    assert_eq!(serde_json::to_value(&generated).unwrap(), value);
    // The runtime's writer writes serde_json's bytes.
    assert_eq!(json::to_vec(&generated).unwrap(), serde_json::to_vec(&generated).unwrap());

    let mut read = c.benchmark_group("deserialize 10,000 objects");
    read.throughput(Throughput::Bytes(json.len() as u64)).sample_size(20);
    read.bench_function("generated", |b| b.iter(|| serde_json::from_str::<CollectionResponse<RecordOperation>>(black_box(&json)).unwrap()));
    read.bench_function("serde_json::Value", |b| b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap()));
    read.bench_function("naive (flatten + tag)", |b| b.iter(|| serde_json::from_str::<naive::Page>(black_box(&json)).unwrap()));
    read.bench_function("lossy derive (tag, no flatten)", |b| b.iter(|| serde_json::from_str::<lossy::Page>(black_box(&json)).unwrap()));
    read.finish();

    let mut write = c.benchmark_group("serialize 10,000 objects");
    write.throughput(Throughput::Bytes(json.len() as u64)).sample_size(20);
    write.bench_function("generated", |b| b.iter(|| serde_json::to_vec(black_box(&generated)).unwrap()));
    write.bench_function("generated, runtime::json", |b| b.iter(|| json::to_vec(black_box(&generated)).unwrap()));
    write.bench_function("serde_json::Value", |b| b.iter(|| serde_json::to_vec(black_box(&value)).unwrap()));
    write.bench_function("naive (flatten + tag)", |b| b.iter(|| serde_json::to_vec(black_box(&naive)).unwrap()));
    write.bench_function("naive, runtime::json", |b| b.iter(|| json::to_vec(black_box(&naive)).unwrap()));
    write.finish();
}

criterion_group!(serde, benchmarks);
criterion_main!(serde);
