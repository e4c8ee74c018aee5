//! Macro-argument edge cases against Go 1.19: empty arguments (`M(x,)`, `M(,)`, `S()`) are
//! accepted or rejected as Go accepts or rejects them, and where both accept, the function bytes
//! are the same. The differences the book lists (book/src/differences.md) are pinned here too:
//! `&^` is p9asm's extension (Go rejects it), and p9asm warns (W0103) where Go silently keeps a
//! parameter's name for an empty argument.

mod common;

use std::path::PathBuf;

use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

struct Ours {
    ok: bool,
    codes: Vec<&'static str>,
    bytes: Vec<u8>,
    text: String,
}

fn ours(src: &str) -> Ours {
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.listing = true;
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source("m.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
    let listed = common::parse_listing(&a.listing);
    Ours {
        ok: a.object.is_some() && !diags.has_errors(),
        codes: diags.list.iter().map(|d| d.code).collect(),
        bytes: listed.iter().find(|l| l.name == "\"\".f").map(|l| l.bytes.clone()).unwrap_or_default(),
        text: diags.render(&sources, false),
    }
}

/// Go's verdict, and the bytes of `"".f` when it accepts.
fn go(src: &str, tag: &str) -> Option<Result<Vec<u8>, String>> {
    if !common::oracle_available(common::GO) {
        return None;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("macro_args_go");
    Some(common::go_asm_text("amd64", src, &dir, tag).map(|listing| {
        let listed = common::parse_listing(&listing);
        listed.iter().find(|l| l.name == "\"\".f").map(|l| l.bytes.clone()).unwrap_or_default()
    }))
}

/// (tag, macro definitions, body of `TEXT ·f(SB), NOSPLIT, $16-16`, whether Go accepts it,
/// p9asm's warnings when it does)
const CASES: &[(&str, &str, &str, bool, &[&str])] = &[
    // an empty argument keeps the parameter's name: `x+8(FP)` is a valid argument reference
    ("fp_name", "#define OFF(x) x+8(FP)\n", "\tMOVQ OFF(), AX\n", true, &["W0103"]),
    // ... and `off(SP)` a pseudo-SP reference, not 0(SP): different bytes had the name gone
    ("sp_name", "#define N(off) MOVQ off(SP), AX\n", "\tN()\n", true, &["W0103"]),
    // a parameter named like a register stays a register
    ("reg_name", "#define L(AX) INCQ AX\n", "\tL()\n", true, &["W0103"]),
    // the empty last argument is counted (no "wrong arg count") and leaves `b`
    ("last", "#define M(a,b) MOVQ a, b\n", "\tM(AX,)\n", false, &[]),
    ("first", "#define M(a,b) MOVQ a, b\n", "\tM(,BX)\n", false, &[]),
    ("both", "#define M(a,b) MOVQ a, b\n", "\tM(,)\n", false, &[]),
    ("single", "#define S(a) NOP a\n", "\tS()\n", false, &[]),
    // zero parameters: `()` is no argument
    ("zero", "#define Z() NOP\n", "\tZ()\n", true, &[]),
    // an empty argument for an unused parameter: nothing to warn about
    ("unused", "#define U(a,b) MOVQ a, BX\n", "\tU(AX,)\n", true, &[]),
    // the count is still checked
    ("count", "#define T(a,b,c) NOP\n", "\tT(1,)\n", false, &[]),
];

#[test]
fn empty_macro_arguments_match_go() {
    for &(tag, defs, body, go_accepts, warnings) in CASES {
        let src = format!("#include \"textflag.h\"\n{defs}TEXT \u{b7}f(SB), NOSPLIT, $16-16\n{body}\tRET\n");
        let o = ours(&src);
        assert_eq!(o.ok, go_accepts, "{tag}: p9asm {}:\n{}", if o.ok { "accepts" } else { "rejects" }, o.text);
        if o.ok {
            assert_eq!(o.codes, warnings, "{tag}:\n{}", o.text);
        } else {
            // the empty argument is warned about, then the statement rejected as Go rejects it
            assert!(o.codes.iter().any(|c| c.starts_with('E')), "{tag}: {:?}", o.codes);
        }
        let Some(g) = go(&src, tag) else { continue };
        match (g, o.ok) {
            (Ok(bytes), true) => assert_eq!(o.bytes, bytes, "{tag}: bytes differ from Go's"),
            (Err(_), false) => {}
            (Ok(_), false) => panic!("{tag}: Go accepts, p9asm rejects:\n{}", o.text),
            (Err(e), true) => panic!("{tag}: p9asm accepts, Go rejects:\n{e}"),
        }
    }
}

/// `&^` (and-not) is an extension: Go 1.19's expression parser has no such operator and rejects
/// `$6&^3` ("unexpected ^"); p9asm evaluates it as Go's language does.
#[test]
fn and_not_is_an_extension_go_rejects() {
    let src = "#include \"textflag.h\"\nTEXT \u{b7}f(SB), NOSPLIT, $0-0\n\tMOVQ $6&^3, AX\n\tRET\n";
    let o = ours(src);
    assert!(o.ok, "{}", o.text);
    // MOVQ $4, AX
    assert_eq!(&o.bytes[..7], [0x48, 0xc7, 0xc0, 4, 0, 0, 0]);
    if let Some(g) = go(src, "andnot") {
        let e = g.expect_err("Go 1.19 accepted &^: update book/src/differences.md");
        assert!(e.contains("unexpected ^"), "{e}");
    }
    // written the portable way, both agree
    let src = "#include \"textflag.h\"\nTEXT \u{b7}f(SB), NOSPLIT, $0-0\n\tMOVQ $(6&~3), AX\n\tRET\n";
    let o = ours(src);
    if let Some(g) = go(src, "andtilde") {
        assert_eq!(o.bytes, g.expect("Go accepts &~"));
    }
}
