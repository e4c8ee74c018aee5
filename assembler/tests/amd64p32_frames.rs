//! amd64p32 frames against Go 1.19's 386 ones. Go 1.19 has no amd64p32; p9asm builds its frames
//! with 386's shape (32-bit frame instructions, g in CX, no BP save) in 64-bit code with an
//! 8-byte return address (book/src/x86-32.md). So every function of the 386 frame corpus
//! (`tests/data/frames_386.s`) that is also amd64p32 code (no PUSHL/POPL, no `get_tls`) is
//! assembled by p9asm for amd64p32 and by `GOARCH=386 go tool asm`, and the listings must say
//! the same instruction for instruction, after the three differences the design makes:
//!
//! * g's load: 386's `MOVL TLS, R; MOVL off(R)(TLS*2), R` with its unsafe-point PCDATAs is
//!   amd64p32's one `MOVL off(TLS), R`;
//! * the return address is 8 bytes, not 4: `x+N(FP)` and the WRAPPER's `LEAL N(SP), DI` are 4
//!   more;
//! * branch targets are compared as the instruction they land on, not as pcs (the encodings
//!   differ in length);
//!
//! and amd64's leaf rule, which makes a leaf with a frame under 128 bytes NOSPLIT on amd64p32
//! (and not on 386): such functions are compared with 386's listing of the same function
//! written NOSPLIT. The frame model's pcsp must equal the layout's, and the CFI must hold the
//! frames (`tests/amd64p32_objects.rs`).

mod common;

use std::collections::BTreeMap;

use common::*;
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const CORPUS: &str = "assembler/tests/data/frames_386.s";
const RUNTIME: &str = "/usr/lib/go-1.19/src/runtime";

/// The corpus's functions that are amd64p32 code too, as (name, source text); with `nosplit`,
/// leaves (no CALL) that amd64's rule makes NOSPLIT get the flag written, for Go's 386.
fn functions(nosplit_leaves: bool) -> Vec<(String, String)> {
    let src = std::fs::read_to_string(root().join(CORPUS)).unwrap();
    let mut funcs: Vec<(String, String)> = Vec::new();
    for line in src.lines() {
        if let Some(rest) = line.strip_prefix("TEXT ") {
            let name = rest.split('(').next().unwrap().to_string();
            funcs.push((name, String::new()));
        }
        if let Some((_, body)) = funcs.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    // (amd64p32 frames are multiples of RegSize, 8: `$12` is 386-only)
    let frame = |b: &str| -> i64 {
        let text = b.lines().next().unwrap();
        text.rsplit('$').next().unwrap().rsplit_once('-').map_or("0", |(f, _)| f).parse().unwrap_or(0)
    };
    funcs.retain(|(_, b)| {
        !b.contains("PUSH") && !b.contains("POP") && !b.contains("get_tls") && (frame(b) < 0 || frame(b) % 8 == 0)
    });
    if nosplit_leaves {
        for (_, b) in funcs.iter_mut() {
            let text = b.lines().next().unwrap().to_string();
            if !b.contains("CALL") && !text.contains("NOSPLIT") && frame(b) < 128 {
                let flagged = match text.split_once("), ") {
                    Some((head, flags)) if !flags.starts_with('$') => format!("{head}), NOSPLIT|{flags}"),
                    _ => text.replacen("), ", "), NOSPLIT, ", 1),
                };
                *b = b.replacen(&text, &flagged, 1);
            }
        }
    }
    funcs
}

fn source(funcs: &[(String, String)]) -> String {
    let mut s = String::from("#include \"textflag.h\"\n\n");
    for (_, b) in funcs {
        s.push_str(b);
        s.push('\n');
    }
    s
}

/// One function's listing as comparable lines.
fn normalize(l: &Listed, extra_ra: i64) -> Vec<String> {
    let progs: Vec<(u32, String)> = l.progs.iter().map(|(pc, _, t)| (*pc, t.clone())).collect();
    // 386's two-instruction TLS load as one, with its unsafe-point marks
    let mut v: Vec<(u32, String)> = Vec::new();
    let mut i = 0;
    while i < progs.len() {
        let (pc, t) = &progs[i];
        if let Some(r) = t.strip_prefix("MOVL\tTLS, ") {
            let mut k = i + 1;
            if progs.get(k).is_some_and(|p| p.1 == "PCDATA\t$0, $-2") {
                k += 1;
            }
            if let Some((_, second)) = progs.get(k)
                && let Some(rest) = second.strip_prefix("MOVL\t")
                && let Some((mem, dst)) = rest.split_once(", ")
                && dst == r
                && let Some(off) = mem.strip_suffix(&format!("({r})(TLS*2)"))
            {
                v.push((*pc, format!("MOVL\t{off}(TLS), {r}")));
                i = k + 1;
                if progs.get(i).is_some_and(|p| p.1 == "PCDATA\t$0, $-1") {
                    i += 1;
                }
                continue;
            }
        }
        v.push((*pc, t.clone()));
        i += 1;
    }
    // pc -> ordinal of the instruction there (pseudo-instructions take no bytes)
    let pseudo = |t: &str| ["TEXT", "FUNCDATA", "PCDATA", "NOP"].iter().any(|p| t.starts_with(p));
    let mut ordinal: BTreeMap<u32, usize> = BTreeMap::new();
    let mut n = 0;
    for (pc, t) in &v {
        if !pseudo(t) {
            ordinal.entry(*pc).or_insert(n);
            n += 1;
        }
    }
    let mut out = Vec::new();
    for (k, (_, t)) in v.iter().enumerate() {
        let mut t = t.clone();
        // branch targets
        if t.starts_with('J')
            && let Some((op, target)) = t.split_once('\t')
            && let Ok(pc) = target.parse::<u32>()
        {
            t = format!("{op}\t@{}", ordinal.get(&pc).map_or("?".to_string(), |o| o.to_string()));
        }
        // name+N(FP): less the return address's extra bytes
        if extra_ra != 0 && t.contains("(FP)") {
            let (head, rest) = t.split_once('\t').unwrap_or((&t, ""));
            let fixed: Vec<String> = rest
                .split(", ")
                .map(|op| match op.strip_suffix("(FP)").and_then(|x| x.rsplit_once('+')) {
                    Some((name, off)) => format!("{name}+{}(FP)", off.parse::<i64>().unwrap() - extra_ra),
                    None => op.to_string(),
                })
                .collect();
            t = format!("{head}\t{}", fixed.join(", "));
        }
        // the WRAPPER's argp: LEAL N(SP), DI before CMPL (BX), DI
        if extra_ra != 0
            && let Some(off) = t.strip_prefix("LEAL\t").and_then(|x| x.strip_suffix("(SP), DI"))
            && v.get(k + 1).is_some_and(|n| n.1 == "CMPL\t(BX), DI")
        {
            t = format!("LEAL\t{}(SP), DI", off.parse::<i64>().unwrap() - extra_ra);
        }
        out.push(t);
    }
    out
}

#[test]
fn amd64p32_frames_are_go_386_frames_in_64_bit_code() {
    if !oracle_available(GO) {
        return;
    }
    // p9asm, amd64p32
    let ours_src = source(&functions(false));
    let mut opts = AsmOptions::new(GoArch::Amd64p32);
    opts.package = "runtime".into();
    opts.listing = true;
    opts.keep_progs = true;
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source("frames.s", None, ours_src.into_bytes(), &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    verify_object(a.object.as_deref().unwrap()).unwrap();
    // the frame model's pcsp is the layout's
    let arch = p9asm::arch::for_goarch(GoArch::Amd64p32);
    for fc in &a.funcs {
        let size = fc.code.bytes.len() as u32;
        let model = p9asm::frame::model::analyze(arch, &fc.func);
        assert!(model.mismatches.is_empty(), "{:?}", model.mismatches);
        assert_eq!(
            p9asm::frame::pctab::pcsp(&fc.func.progs, size, 1),
            p9asm::frame::pctab::pcsp_from_model(&fc.func.progs, size, 1, &model)
        );
    }
    // Go, 386, with the leaves amd64's rule makes NOSPLIT written so
    let dir = scratch_file("amd64p32-frames", "x").parent().unwrap().to_path_buf();
    std::fs::write(dir.join("frames.s"), source(&functions(true))).unwrap();
    let go = go_asm("386", &dir, "frames.s", &["-I", RUNTIME, "-S"]);
    let go: BTreeMap<String, Listed> = parse_listing(&go).into_iter().map(|l| (l.name.clone(), l)).collect();
    let mine = parse_listing(&a.listing);
    let mut compared = 0;
    let mut funcs = 0;
    for m in &mine {
        let g = go.get(&m.name).unwrap_or_else(|| panic!("{} missing from Go's listing", m.name));
        let (gl, ml) = (normalize(g, 0), normalize(m, 4));
        // the header, but for the size (encodings differ), the flags (NOSPLIT by the leaf rule)
        // and a negative frame's locals, which Go clears on 386 only (amd64p32 is amd64's family)
        let negative = m.progs.first().is_some_and(|p| p.2.contains(", $-"));
        let head = |h: &str| {
            h.split(' ')
                .filter(|w| w.starts_with("args=") || (w.starts_with("locals=") && !negative))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(head(&g.header), head(&m.header), "{}: header", m.name);
        let skip_text = |v: &[String]| v.iter().skip(1).cloned().collect::<Vec<_>>();
        assert_eq!(skip_text(&gl), skip_text(&ml), "{}: amd64p32 against Go's 386", m.name);
        compared += ml.len();
        funcs += 1;
    }
    eprintln!("amd64p32 frames against Go's 386: {funcs} functions, {compared} listing lines");
    assert!(funcs >= 25 && compared > 300, "{funcs} functions, {compared} lines");
}
