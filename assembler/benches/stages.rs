//! `cargo bench -p p9asm --bench stages`: where the time goes, stage by stage
//! ([`p9asm::driver::StageTimes`]: preprocess+parse, frame pass, encode, frame tables, line
//! tables, ELF), the median of 11 runs of the generated 100k-line workload and of 100k lines of
//! Go's own amd64 instructions (`workload::amd64enc_stream`, what `scripts/bench-vs-gas.sh`
//! gives both assemblers; skipped without Go's sources). A regression shows in the stage it is in. `-- --test`
//! (what `cargo test --benches` passes) runs each input once.

use std::time::Duration;

use p9asm::driver::{AsmOptions, StageTimes};
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

mod workload;

fn once(src: &str) -> StageTimes {
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.stage_times = true;
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source("bench.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors() && a.object.is_some(), "{}", diags.render(&sources, false));
    a.stages
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let runs = if quick { 1 } else { 11 };
    let mut inputs = vec![("workload 100k", workload::amd64_source(100_000))];
    match workload::amd64enc_stream(100_000) {
        Some(s) => inputs.push(("amd64enc stream 100k", s)),
        None => println!("(no {}: the stream is skipped)", workload::AMD64ENC),
    }
    for (name, src) in &inputs {
        let all: Vec<StageTimes> = (0..runs).map(|_| once(src)).collect();
        println!("{name} ({} lines), median of {runs}:", src.lines().count());
        for k in 0..StageTimes::default().rows().len() {
            let mut v: Vec<Duration> = all.iter().map(|t| t.rows()[k].1).collect();
            v.sort();
            println!("  {:>18} {:8.2} ms", all[0].rows()[k].0, v[v.len() / 2].as_secs_f64() * 1e3);
        }
    }
}
