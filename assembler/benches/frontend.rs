//! Preprocessing (and preprocessing + parsing) a generated 100,000-line amd64 file: TEXT blocks,
//! instructions with memory operands, comments, labels and macro invocations (function-like,
//! object-like, multi-line, from built-in headers). Target: well under 50 ms to preprocess in
//! release mode.
//!
//! `cargo bench -p p9asm --bench frontend`

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use p9asm::arch::for_goarch;
use p9asm::sym::Symbols;
use p9asm::{GoArch, syntax};
use p9asm_macros::diag::Diagnostics;
use p9asm_macros::{Options, SourceMap, preprocess_bytes};

/// About `lines` lines of realistic Go amd64 assembly.
pub fn generate(lines: usize) -> String {
    let mut s = String::with_capacity(lines * 28);
    s.push_str(
        "// Generated benchmark input.\n\
         #include \"textflag.h\"\n\
         #include \"funcdata.h\"\n\
         \n\
         #define LOAD(off, r) MOVQ off(SP), r\n\
         #define STORE(r, off) MOVQ r, off(SP)\n\
         #define FRAME 64\n\
         #define ZERO(r) XORL r, r\n\
         #define SWAP(a, b) \\\n\
         \tXCHGQ a, b; \\\n\
         \tXCHGQ b, a\n\
         #define CHECK(r, lim) CMPQ r, $lim; JA 3(PC)\n\
         \n",
    );
    let mut n = 0usize;
    let mut f = 0usize;
    while n < lines {
        let _ = writeln!(s, "// func f{f}(a, b *uint64, n int) uint64");
        let _ = writeln!(s, "TEXT ·f{f}(SB), NOSPLIT, $FRAME-32");
        s.push_str("\tNO_LOCAL_POINTERS\n");
        s.push_str("\tMOVQ a+0(FP), SI\n\tMOVQ b+8(FP), DI\n\tMOVQ n+16(FP), CX\n");
        s.push_str("\tZERO(AX)\n\tZERO(BX)\n");
        let _ = writeln!(s, "loop{f}:");
        for k in 0..6 {
            let _ = writeln!(s, "\tMOVQ {}(SI)(BX*8), DX\t// load a[i+{k}]", k * 8);
            let _ = writeln!(s, "\tADDQ {}(DI)(BX*8), DX", k * 8);
            s.push_str("\tSHLQ $1, DX\n");
            let _ = writeln!(s, "\tMOVQ DX, {}(SI)(BX*8)", k * 8);
            let _ = writeln!(s, "\tLEAQ ·tab<>+{}(SB), R8", k * 16);
            let _ = writeln!(s, "\tSTORE(DX, {})", k * 8);
        }
        s.push_str("\t/* advance */\n\tADDQ $6, BX\n\tCMPQ BX, CX\n");
        let _ = writeln!(s, "\tJLT loop{f}");
        s.push_str("\tLOAD(8, AX)\n\tSWAP(AX, DX)\n\tCHECK(CX, 4096)\n");
        s.push_str("\tPCDATA $PCDATA_StackMapIndex, $0\n\tCALL runtime·morestack_noctxt(SB)\n");
        s.push_str("\tMOVQ AX, ret+24(FP)\n\tRET\n\n");
        n += 57;
        f += 1;
    }
    s.push_str("DATA ·tab<>+0(SB)/8, $1\nGLOBL ·tab<>(SB), RODATA, $128\n");
    s
}

fn opts() -> Options {
    Options { goarch: Some("amd64".into()), goos: Some("linux".into()), ..Options::default() }
}

fn bench(c: &mut Criterion) {
    let src = generate(100_000);
    let lines = src.lines().count();
    let bytes = src.into_bytes();
    // sanity: the input is clean
    {
        let mut sm = SourceMap::new();
        let mut diags = Diagnostics::default();
        let exp = preprocess_bytes("bench.s".into(), None, bytes.clone(), &opts(), &mut sm, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render(&sm, false));
        let (p, _) = syntax::parse(&exp.tokens, &sm, for_goarch(GoArch::Amd64), Symbols::new(), &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render(&sm, false));
        eprintln!(
            "input: {lines} lines, {} bytes, {} tokens after expansion, {} functions",
            bytes.len(),
            exp.tokens.len(),
            p.funcs.len()
        );
    }

    let mut g = c.benchmark_group("frontend_100k_lines");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(30).measurement_time(Duration::from_secs(6));
    g.bench_function("preprocess", |b| {
        b.iter(|| {
            let mut sm = SourceMap::new();
            let mut diags = Diagnostics::default();
            let exp = preprocess_bytes("bench.s".into(), None, bytes.clone(), &opts(), &mut sm, &mut diags);
            black_box((exp.tokens.len(), sm))
        })
    });
    g.bench_function("preprocess_and_parse", |b| {
        let arch = for_goarch(GoArch::Amd64);
        b.iter(|| {
            let mut sm = SourceMap::new();
            let mut diags = Diagnostics::default();
            let exp = preprocess_bytes("bench.s".into(), None, bytes.clone(), &opts(), &mut sm, &mut diags);
            let (p, syms) = syntax::parse(&exp.tokens, &sm, arch, Symbols::new(), &mut diags);
            black_box((p.funcs.len(), syms.len()))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
