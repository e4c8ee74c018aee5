//! Go 1.19's mips64 test vectors: every instruction line of `mips64.s` that carries an
//! expected encoding (read as cmd/asm/internal/asm/endtoend_test.go reads them) must assemble
//! to exactly those bytes for GOARCH=mips64 (Go's test runs that one), and to the same words in
//! little-endian order for GOARCH=mips64le (one encoder serves both; only the byte order of each
//! 32-bit word differs). Go has no mips64 error file; the lines Go rejects are covered by the
//! GOROOT differential and the unit tests of the back end.
//!
//! What p9asm cannot assemble yet is pinned in `tests/data/mips64_missing.txt` (one
//! `file:line` per line): a pinned line may fail (with a diagnostic, never with other bytes),
//! any other line must pass, so the count can only go up. The counts are printed
//! (`cargo test -p p9asm --test mips64_vectors -- --nocapture`).

mod common;

use std::collections::BTreeMap;

use common::GO_TESTDATA;
use common::vectors::{self, VectorTarget};
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const MIPS64: VectorTarget = VectorTarget { goarch: GoArch::Mips64, pin: "mips64", predefined: &[] };

/// The words of `b` in little-endian order.
fn swap_words(b: &[u8]) -> Vec<u8> {
    b.chunks(4).flat_map(|w| w.iter().rev().copied()).collect()
}

#[test]
fn mips64_s_vectors_in_both_byte_orders() {
    if common::go_source(&format!("{GO_TESTDATA}/mips64.s")).is_none() {
        return;
    }
    let mut pins = Vec::new();
    for arch in [GoArch::Mips64, GoArch::Mips64le] {
        let expect = |b: &[u8]| if arch.big_endian() { b.to_vec() } else { swap_words(b) };
        // no line without a vector is rejected either (Go assembles the whole file); E0217 (a
        // file-local symbol used but defined nowhere) is p9asm's object-level rule, not an
        // encoding
        let (ok, total, missing) = vectors::check(&MIPS64, arch, "mips64.s", &expect, Some(&["E0217"]));
        println!("mips64.s ({arch}): {ok}/{total} vectors match; {} rejected (pinned)", missing.len());
        // every vector matches (nothing is pinned): keep it so
        assert!(ok == total, "{arch}: only {ok} of {total} vectors match");
        if arch == GoArch::Mips64 {
            pins = missing;
        }
    }
    vectors::write_pin(&MIPS64, &pins);
}

/// The whole `-S` listing of `mips64.s` (every instruction's pc, line and text, the delay-slot
/// `NOOP`s, bytes and relocations) is Go's, in both byte orders. The file refers to `foo<>`,
/// which it never defines: Go's assembler does not mind, p9asm's object rule E0217 does, so both
/// assemble a copy that declares it.
#[test]
fn mips64_s_listing_equals_go() {
    if !common::oracle_available(common::GO) {
        return;
    }
    let src = std::fs::read_to_string(format!("{GO_TESTDATA}/mips64.s"))
        .unwrap()
        .replace("#include \"../../../../../runtime/textflag.h\"", "#include \"textflag.h\"")
        + "\nGLOBL foo<>(SB), $8\n";
    let tmp = std::env::temp_dir().join(format!("p9asm-mips64-vectors-{}", std::process::id()));
    for arch in [GoArch::Mips64, GoArch::Mips64le] {
        let go = common::go_asm_text(&arch.to_string(), &src, &tmp, "mips64").expect("Go assembles mips64.s");
        let path = tmp.join("mips64.s");
        let mut opts = AsmOptions::new(arch);
        opts.package = "main".into();
        opts.listing = true;
        opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
        let mut sm = SourceMap::new();
        let mut diags = Diagnostics::new(usize::MAX);
        let a = p9asm::assemble_file(&path, &opts, &mut sm, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render(&sm, false));
        let (g, m) = (common::parse_listing(&go), common::parse_listing(&a.listing));
        assert_eq!(g.len(), m.len(), "{arch}: symbols");
        let mut lines = 0;
        for (g, m) in g.iter().zip(&m) {
            assert_eq!(g.header, m.header, "{arch}");
            for (gp, mp) in g.progs.iter().zip(&m.progs) {
                assert_eq!(gp, mp, "{arch}: in {}", g.name);
                lines += 1;
            }
            assert_eq!(g.progs.len(), m.progs.len(), "{arch}: instruction count of {}", g.name);
            assert_eq!(g.bytes, m.bytes, "{arch}: bytes of {}", g.name);
            assert_eq!(g.rels, m.rels, "{arch}: relocations of {}", g.name);
        }
        println!("mips64.s ({arch}): {lines} listed instructions equal Go's");
        assert!(lines > 300, "compared only {lines} lines");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Go's far conditional branches (span0): a branch whose target is more than 128 KiB away
/// becomes a branch to a `JMP target` placed after it, behind a `JMP` around it, each with its
/// delay slot; the JMPs are `BEQ R0, R0` when near enough, else `J` with an R_JMPMIPS to the
/// function plus the target's offset (listed `JMP f(SB)`, as Go lists it). Bytes, relocations
/// and the whole listing are Go's.
#[test]
fn far_conditional_branches_as_go() {
    if !common::oracle_available(common::GO) {
        return;
    }
    let mut src = String::from("#include \"textflag.h\"\nTEXT ·far(SB), NOSPLIT, $0-0\nback:\n\tBEQ\tR1, fwd\n");
    src.push_str("\tBNE\tR1, R2, back\n");
    for _ in 0..33000 {
        src.push_str("\tADDV\t$1, R3\n");
    }
    src.push_str("\tBNE\tR1, R2, back\n\tBLTZ\tR4, back\nfwd:\n\tADDV\t$2, R3\n\tJMP\tback\n\tRET\n");
    let tmp = std::env::temp_dir().join(format!("p9asm-mips64-far-{}", std::process::id()));
    for arch in [GoArch::Mips64, GoArch::Mips64le] {
        let go = common::go_asm_text(&arch.to_string(), &src, &tmp, "far").expect("Go assembles it");
        let path = tmp.join("far.s");
        let mut opts = AsmOptions::new(arch);
        opts.package = "main".into();
        opts.listing = true;
        opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
        let mut sm = SourceMap::new();
        let mut diags = Diagnostics::new(usize::MAX);
        let a = p9asm::assemble_file(&path, &opts, &mut sm, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render(&sm, false));
        let (g, m) = (common::parse_listing(&go), common::parse_listing(&a.listing));
        assert_eq!(g[0].bytes, m[0].bytes, "{arch}: bytes");
        assert_eq!(g[0].rels, m[0].rels, "{arch}: relocations");
        assert!(g[0].rels.iter().filter(|r| r.contains(" t=30 ")).count() >= 2, "{arch}: far JMPs: {:?}", g[0].rels);
        assert_eq!(g[0].progs, m[0].progs, "{arch}: listing");
        let jmps: Vec<_> = m[0].progs.iter().filter(|p| p.2.starts_with("JMP")).collect();
        assert!(jmps.iter().any(|p| p.2.ends_with("far(SB)")), "{arch}: far JMPs listed: {jmps:?}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Forms the mips64 back end does not assemble are rejected at their line with Go's message
/// (`illegal combination` with Go's class names, E0301; an MSA offset that is not a multiple of
/// the element size, E0302), all in one run, and no other line is; Go rejects every one of them
/// too (the test asks it). An index register, which Go's mips back end silently drops, is
/// rejected when parsed (E0203).
#[test]
fn unsupported_forms_are_rejected_at_their_line() {
    let lines = [
        ("ADDV\tF1, R2", "E0301: illegal combination ADDV FREG NONE REG"),
        ("SLLV\t$3, F1", "E0301: illegal combination SLLV SCON NONE FREG"),
        ("MOVW\t$1, HI", "E0301: illegal combination MOVW SCON NONE HI"),
        ("NOOP\tR1", "E0301: illegal combination NOOP REG NONE NONE"),
        ("VMOVH\t3(R1), W1", "E0302: invalid offset for VMOVH: 3 is not a multiple of 2"),
        ("MOVV\tR1, F2, R3", "E0301: illegal combination MOVV REG REG REG"),
        ("BEQ\tF1, R1, 2(PC)", "E0301: illegal combination BEQ FREG REG SBRA"),
        ("MOVF\tF1, HI", "E0301: illegal combination MOVF FREG NONE HI"),
        ("SYSCALL\t$1", "E0301: illegal combination SYSCALL SCON NONE NONE"),
    ];
    let mut src = String::from("#include \"textflag.h\"\nTEXT ·bad(SB), NOSPLIT, $0-0\n\tMOVV\tR1, R2\n");
    for (l, _) in &lines {
        src.push_str(&format!("\t{l}\n\tADDV\t$1, R3\n"));
    }
    src.push_str("\tRET\n");
    let indexed = "#include \"textflag.h\"\nTEXT ·ix(SB), NOSPLIT, $0-0\n\tMOVV\tR1, (R2)(R3*1)\n\tRET\n";
    let tmp = std::env::temp_dir().join(format!("p9asm-mips64-bad-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let run = |arch: GoArch, name: &str, text: &str| -> BTreeMap<u32, String> {
        let path = tmp.join(name);
        std::fs::write(&path, text).unwrap();
        let mut opts = AsmOptions::new(arch);
        opts.check_all = true;
        opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
        let mut sm = SourceMap::new();
        let mut diags = Diagnostics::new(usize::MAX);
        let _ = p9asm::assemble_file(&path, &opts, &mut sm, &mut diags);
        let mut errors = BTreeMap::new();
        for d in diags.list.iter().filter(|d| d.level == p9asm_macros::diag::Level::Error) {
            let (_, line) = sm.line_of(sm.outermost(d.origin.expect("an error has a place")));
            errors.entry(line).or_insert_with(|| format!("{}: {}", d.code, d.message));
        }
        errors
    };
    for arch in [GoArch::Mips64, GoArch::Mips64le] {
        let got = run(arch, "bad.s", &src);
        let want: BTreeMap<u32, String> =
            lines.iter().enumerate().map(|(i, (_, e))| (4 + 2 * i as u32, e.to_string())).collect();
        assert_eq!(got, want, "{arch}");
        let got = run(arch, "ix.s", indexed);
        assert_eq!(got.keys().copied().collect::<Vec<_>>(), [3], "{arch}: {got:?}");
        assert!(got[&3].starts_with("E0203: mips64 has no indexed addressing"), "{got:?}");
        if common::oracle_available(common::GO) {
            let go = common::go_asm_text(&arch.to_string(), &src, &tmp, "gobad");
            let e = go.expect_err("Go rejects them too");
            for (l, msg) in &lines[..] {
                if msg.starts_with("E0301") {
                    assert!(e.contains(&msg[7..]), "Go does not say {msg} for {l}:\n{e}");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
