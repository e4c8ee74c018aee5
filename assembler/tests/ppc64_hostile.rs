//! Correct bytes or a clear error, never a panic: every instruction line of Go's `ppc64.s`,
//! with its operands dropped, reversed, and each replaced by every operand shape (registers of
//! each file, extreme constants, memory forms, symbols, branch targets), assembled for ppc64
//! and ppc64le. Each variant either assembles or is rejected with a diagnostic at its line;
//! the encoder never panics and never reports an error without a line.

mod common;

use common::GO_TESTDATA;
use p9asm::driver::{AsmOptions, assemble_source};
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const SHAPES: &[&str] = &[
    "R0",
    "R31",
    "g",
    "F31",
    "V31",
    "VS63",
    "CR7",
    "CR",
    "CR7SO",
    "LR",
    "CTR",
    "XER",
    "FPSCR",
    "MSR",
    "SPR(1023)",
    "$0",
    "$-1",
    "$1",
    "$31",
    "$32",
    "$64",
    "$65535",
    "$65536",
    "$-32768",
    "$0x7fffffff",
    "$0x80000000",
    "$-0x80000000",
    "$0x7fffffffffffffff",
    "$-0x8000000000000000",
    "$1.5",
    "$-0.0",
    "(R3)",
    "8(R3)",
    "-1(R3)",
    "0x7fffffff(R3)",
    "(R3)(R4)",
    "(R3+R4)",
    "sym(SB)",
    "sym+0x7fffffff(SB)",
    "$sym(SB)",
    "$sym+8(SB)",
    "x+0x7ffffff0(FP)",
    "y-0x7ffffff0(SP)",
    "$x+8(FP)",
    "label",
    "1(PC)",
    "0(PC)",
];

fn variants(line: &str) -> Vec<String> {
    let instr = line.split("//").next().unwrap().trim();
    let Some((op, rest)) = instr.split_once(char::is_whitespace) else { return vec![] };
    // split the operands at top-level commas
    let mut ops = Vec::new();
    let (mut depth, mut cur) = (0, String::new());
    for c in rest.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                ops.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    ops.push(cur.trim().to_string());
    let join = |v: &[String]| format!("\t{op}\t{}", v.join(", "));
    let mut out = vec![join(&ops[..ops.len() - 1]), join(&ops.iter().rev().cloned().collect::<Vec<_>>())];
    for k in 0..ops.len() {
        for s in SHAPES {
            let mut v = ops.clone();
            v[k] = s.to_string();
            out.push(join(&v));
        }
    }
    out
}

#[test]
fn mutated_ppc64_s_lines_assemble_or_are_rejected_at_their_line() {
    let src = std::fs::read_to_string(format!("{GO_TESTDATA}/ppc64.s")).expect("golang-1.19-src");
    // one function per source line: the layout and the frame model see small functions
    let mut text = String::from("#include \"textflag.h\"\n");
    let mut n = 0;
    for (k, line) in src.lines().filter(|l| l.starts_with('\t') && !l.trim_start().starts_with("//")).enumerate() {
        text.push_str(&format!("TEXT ·hostile{k}(SB), NOSPLIT, $64-32\nlabel:\n"));
        for v in variants(line) {
            text.push_str(&v);
            text.push('\n');
            n += 1;
        }
        text.push_str("\tRET\n");
    }
    assert!(n > 50_000, "{n} variants");
    for arch in [GoArch::Ppc64, GoArch::Ppc64le] {
        let mut opts = AsmOptions::new(arch);
        opts.check_all = true;
        opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
        let mut sm = SourceMap::new();
        let mut diags = Diagnostics::new(usize::MAX);
        let _ = assemble_source("hostile.s", None, text.clone().into_bytes(), &opts, &mut sm, &mut diags);
        let errors: Vec<_> = diags.list.iter().filter(|d| d.level == p9asm_macros::diag::Level::Error).collect();
        assert!(errors.iter().all(|d| d.origin.is_some()), "{arch}: an error without a line");
        assert!(errors.len() > n / 4, "{arch}: only {} of {n} variants rejected", errors.len());
        println!("{arch}: {n} variants, {} rejected with a diagnostic", errors.len());
    }
}
