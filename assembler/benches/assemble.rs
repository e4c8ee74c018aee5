//! `cargo bench -p p9asm`: assembling a generated 100k-line amd64 file (preprocess, parse,
//! frames, encoding, ELF with CFI and stack maps).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

mod workload;

fn bench(c: &mut Criterion) {
    let src = workload::amd64_source(100_000);
    let lines = src.lines().count() as u64;
    let opts = AsmOptions::new(GoArch::Amd64);
    {
        let mut sources = SourceMap::new();
        let mut diags = Diagnostics::new(usize::MAX);
        let a = p9asm::assemble_source("bench.s", None, src.clone().into_bytes(), &opts, &mut sources, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
        assert!(a.object.is_some());
    }
    let mut g = c.benchmark_group("amd64");
    g.throughput(Throughput::Elements(lines));
    g.sample_size(20);
    g.bench_function("assemble_100k_lines", |b| {
        b.iter(|| {
            let mut sources = SourceMap::new();
            let mut diags = Diagnostics::new(usize::MAX);
            p9asm::assemble_source("bench.s", None, src.clone().into_bytes(), &opts, &mut sources, &mut diags)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
