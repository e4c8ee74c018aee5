//! One test per bad statement for the parser: the diagnostic code, the exact span (file,
//! line:col and the text under it), that the run fails (`has_errors`, i.e. exit status 1), and
//! for errors inside macros the "in expansion of" chain. Only preprocessing and parsing run.

use std::time::{Duration, Instant};

use p9asm::arch::for_goarch;
use p9asm::prog::Program;
use p9asm::sym::Symbols;
use p9asm::{GoArch, syntax};
use p9asm_macros::diag::{self, Diag, Diagnostics, Level};
use p9asm_macros::{Options, SourceMap, Span, preprocess_bytes};

struct Run {
    sm: SourceMap,
    diags: Diagnostics,
    #[allow(dead_code)]
    program: Program,
}

impl Run {
    fn codes(&self) -> Vec<&'static str> {
        self.diags.list.iter().map(|d| d.code).collect()
    }
    fn only(&self) -> &Diag {
        assert_eq!(self.diags.list.len(), 1, "{}", self.diags.render(&self.sm, false));
        &self.diags.list[0]
    }
    fn render(&self, d: &Diag) -> String {
        diag::render(d, &self.sm, false)
    }
}

fn run_with(mut diags: Diagnostics, src: &[u8]) -> Run {
    let mut sm = SourceMap::new();
    let opts = Options { goarch: Some("amd64".into()), goos: Some("linux".into()), ..Options::default() };
    let exp = preprocess_bytes("t.s".into(), None, src.to_vec(), &opts, &mut sm, &mut diags);
    let arch = for_goarch(GoArch::Amd64);
    let (program, _) = syntax::parse(&exp.tokens, &sm, arch, Symbols::new(), &mut diags);
    let r = Run { sm, diags, program };
    // every span in bounds, every rendering works
    let ok = |s: Span| s.start <= s.end && (s.end as usize) <= r.sm.file(s.file).text.len();
    for d in &r.diags.list {
        if let Some(o) = d.origin {
            assert!(ok(o.span), "{d:?}");
        }
        for (s, _) in &d.labels {
            assert!(ok(*s), "{d:?}");
        }
        let _ = r.render(d);
    }
    r
}

fn run(src: &str) -> Run {
    run_with(Diagnostics::default(), src.as_bytes())
}

/// One statement inside a function: it is on line 2, starting at column 2.
fn in_text(stmt: &str) -> Run {
    run(&format!("TEXT f(SB), 0, $0\n\t{stmt}\n\tRET\n"))
}

#[track_caller]
fn assert_at(r: &Run, d: &Diag, code: &str, line: u32, col: u32, text: &str) {
    assert_eq!(d.code, code, "{}", r.render(d));
    let o = d.origin.expect("a position");
    assert_eq!(r.sm.file(o.span.file).name, "t.s");
    assert_eq!(r.sm.line_col(o.span), (line, col), "{}", r.render(d));
    assert_eq!(r.sm.text(o.span), text, "{}", r.render(d));
    assert_eq!(d.level, Level::Error);
    assert!(r.diags.has_errors());
}

// ---------------------------------------------------------------- constants

#[test]
fn huge_number_literal() {
    let r = in_text("MOVQ $123456789012345678901234567890, AX");
    let d = r.only();
    assert_at(&r, d, "E0205", 2, 8, "123456789012345678901234567890");
    assert!(d.message.contains("does not fit in 64 bits"));
    // 2^64 exactly; 2^64-1 is fine
    let r = in_text("MOVQ $0x10000000000000000, AX");
    assert_at(&r, r.only(), "E0205", 2, 8, "0x10000000000000000");
    assert!(in_text("MOVQ $0xffffffffffffffff, AX").diags.list.is_empty());
}

#[test]
fn huge_number_in_text_frame_size() {
    let r = run("TEXT f(SB), 0, $99999999999999999999-8\n");
    assert_at(&r, r.only(), "E0210", 1, 17, "99999999999999999999");
}

#[test]
fn shift_count_64_or_more() {
    let r = in_text("MOVQ $1<<64, AX");
    let d = r.only();
    assert_at(&r, d, "E0205", 2, 9, "<<");
    assert_eq!(d.message, "shift count 64 is 64 or more");
    let r = in_text("MOVQ $(1>>200), AX");
    assert_at(&r, r.only(), "E0205", 2, 10, ">>");
    let r = in_text("MOVQ $1<<-1, AX");
    let d = r.only();
    assert_at(&r, d, "E0204", 2, 9, "<<");
    assert_eq!(d.message, "negative shift count");
}

#[test]
fn divide_by_zero() {
    let r = in_text("MOVQ $1/0, AX");
    let d = r.only();
    assert_at(&r, d, "E0204", 2, 9, "/");
    assert_eq!(d.message, "divide by zero");
    let r = in_text("MOVQ $(5%(2-2)), AX");
    let d = r.only();
    assert_at(&r, d, "E0204", 2, 10, "%");
    assert_eq!(d.message, "modulo by zero");
}

#[test]
fn divide_and_shift_of_negative_values() {
    // Go evaluates in uint64 and refuses these rather than give a surprising answer
    let r = in_text("MOVQ $-7/2, DX");
    let d = r.only();
    assert_at(&r, d, "E0204", 2, 10, "/");
    assert_eq!(d.message, "divide of value with high bit set");
    let r = in_text("MOVQ $-8>>1, DX");
    assert_eq!(r.only().message, "right shift of value with high bit set");
}

#[test]
fn float_out_of_range_or_misplaced() {
    let r = in_text("MOVSD $1e400, X0");
    assert_at(&r, r.only(), "E0204", 2, 9, "1e400");
    let r = in_text("MOVSD 1.5, X0");
    assert_at(&r, r.only(), "E0203", 2, 8, "1.5");
    let r = in_text("MOVQ \"s\", X0");
    assert_at(&r, r.only(), "E0203", 2, 7, "\"s\"");
}

#[test]
fn expression_nested_too_deeply() {
    let deep = format!("MOVQ ${}1{}, AX", "(".repeat(5000), ")".repeat(5000));
    let r = in_text(&deep);
    let d = r.only();
    assert_eq!(d.code, "E0204");
    assert!(d.message.contains("nested more than"));
    for e in [format!("${}1", "-".repeat(5000)), format!("${}1.5", "-".repeat(5000)), "$1>>1".to_string()] {
        let r = in_text(&format!("MOVQ {e}, AX"));
        assert!(r.diags.list.len() <= 1);
    }
    let chain = format!("MOVQ $1{}, AX", ">>0".repeat(5000));
    assert_eq!(in_text(&chain).codes(), ["E0204"]);
}

#[test]
fn bad_character_constant() {
    let r = in_text("MOVQ $'ab', AX");
    assert_at(&r, r.only(), "E0135", 2, 8, "'ab'");
    // a byte escape above 0x7f is not a character (Go: "illegal UTF-8 encoding"); it used to
    // become U+FFFD silently
    let r = in_text("MOVQ $'\\xff', AX");
    assert_at(&r, r.only(), "E0135", 2, 8, "'\\xff'");
}

#[test]
fn symbol_in_constant_expression() {
    let r = in_text("MOVQ $(UNDEFINED+1), AX");
    let d = r.only();
    assert_at(&r, d, "E0204", 2, 9, "UNDEFINED");
    assert!(d.message.contains("undefined macro?"));
}

// ---------------------------------------------------------------- operands

#[test]
fn unknown_instruction() {
    let r = in_text("FOO AX");
    let d = r.only();
    assert_at(&r, d, "E0202", 2, 2, "FOO");
    assert_eq!(d.message, "unrecognized instruction \"FOO\" for amd64");
}

#[test]
fn statement_not_starting_with_a_word() {
    let r = in_text("$1, AX");
    assert_at(&r, r.only(), "E0201", 2, 2, "$");
}

#[test]
fn stray_backslash_outside_a_macro() {
    let r = in_text("MOVQ AX, \\");
    assert_at(&r, r.only(), "E0203", 2, 11, "\\");
}

#[test]
fn bare_symbol_needs_an_addressing_mode() {
    let r = in_text("MOVQ x, AX");
    let d = r.only();
    assert_at(&r, d, "E0203", 2, 7, "x");
    assert!(d.message.starts_with("illegal or missing addressing mode for symbol x"));
}

#[test]
fn fp_without_a_symbol() {
    let r = in_text("MOVQ 0(FP), AX");
    let d = r.only();
    assert_at(&r, d, "E0213", 2, 9, "FP");
    assert_eq!(d.message, "cannot reference FP without a symbol");
}

#[test]
fn pseudo_register_misused() {
    let r = in_text("MOVQ x(AX), BX");
    assert_at(&r, r.only(), "E0213", 2, 9, "AX");
    let r = in_text("MOVQ SB, AX");
    assert_at(&r, r.only(), "E0213", 2, 7, "SB");
    let r = in_text("MOVQ x<>(FP), AX");
    assert_at(&r, r.only(), "E0213", 2, 7, "x");
    let r = in_text("MOVQ 1(PC), AX");
    assert_at(&r, r.only(), "E0213", 2, 7, "1(PC)");
}

#[test]
fn abi_selector_outside_the_runtime_is_rejected() {
    // as Go: selectors need -compiling-runtime (tests/abi_selectors.rs covers them with it)
    let r = in_text("CALL foo<ABIInternal>(SB)");
    assert_at(&r, r.only(), "E0218", 2, 11, "ABIInternal");
}

#[test]
fn bad_scale() {
    let r = in_text("MOVQ (AX)(BX*3), CX");
    let d = r.only();
    assert_at(&r, d, "E0203", 2, 15, "3");
    assert_eq!(d.message, "bad scale 3: must be 1, 2, 4 or 8");
    let r = in_text("MOVQ (AX)(BX), CX");
    assert_at(&r, r.only(), "E0203", 2, 14, ")");
}

#[test]
fn dollar_before_a_register() {
    let r = in_text("MOVQ $AX, BX");
    assert_at(&r, r.only(), "E0203", 2, 7, "$");
}

#[test]
fn missing_operands() {
    let r = in_text("MOVQ AX,");
    assert_at(&r, r.only(), "E0203", 2, 9, ",");
    let r = in_text("MOVQ , AX");
    assert_at(&r, r.only(), "E0203", 2, 7, ",");
    let r = in_text("MOVQ $");
    assert_at(&r, r.only(), "E0203", 2, 7, "$");
}

#[test]
fn trailing_junk_after_operand() {
    let r = in_text("MOVQ AX BX, CX");
    assert_at(&r, r.only(), "E0203", 2, 10, "BX");
}

#[test]
fn x86_instruction_suffix() {
    // .Z is an AVX-512 suffix Go parses on any instruction (the encoder rejects it on MOVQ)
    let r = in_text("MOVQ.W AX, BX");
    assert_at(&r, r.only(), "E0216", 2, 7, "W");
    // a chain is valid only in Go's order: reported at its first suffix
    let r = in_text("VADDPD.Z.BCST (AX), Z1, K1, Z2");
    assert_at(&r, r.only(), "E0216", 2, 9, "Z");
    assert!(r.render(r.only()).contains("Z suffix should be the last"));
    let r = in_text("VADDPD.BCST.Z (AX), Z1, K1, Z2");
    assert!(r.codes().is_empty(), "{:?}", r.codes());
    let r = in_text("MOVQ. AX");
    assert_eq!(r.codes(), ["E0216"]);
}

// ---------------------------------------------------------------- structure

#[test]
fn instruction_outside_text() {
    let r = run("\tNOP\n");
    let d = r.only();
    assert_at(&r, d, "E0209", 1, 2, "NOP");
    assert!(d.message.contains("outside a TEXT block"));
}

#[test]
fn undefined_label() {
    let r = in_text("JMP nowhere");
    let d = r.only();
    assert_at(&r, d, "E0207", 2, 6, "nowhere");
    assert!(r.render(d).contains("labels are local to their TEXT block"));
    // a label of another TEXT block is not visible
    let r = run("TEXT f(SB), 0, $0\na: RET\nTEXT h(SB), 0, $0\n\tJMP a\n");
    assert_at(&r, r.only(), "E0207", 4, 6, "a");
}

#[test]
fn label_defined_twice() {
    let r = run("TEXT f(SB), 0, $0\nl: NOP\nl: RET\n");
    let d = r.only();
    assert_at(&r, d, "E0206", 3, 1, "l");
    assert_eq!(r.sm.line_col(d.labels[0].0), (2, 1));
    assert_eq!(d.labels[0].1, "first defined here");
}

#[test]
fn dangling_labels() {
    let r = run("TEXT f(SB), 0, $0\n\tRET\nend:\n");
    assert_at(&r, r.only(), "E0207", 3, 1, "end");
    let r = run("before:\nTEXT f(SB), 0, $0\n\tRET\n");
    assert_at(&r, r.only(), "E0207", 1, 1, "before");
}

#[test]
fn branch_out_of_range() {
    let r = in_text("JMP 5(PC)");
    let d = r.only();
    assert_at(&r, d, "E0208", 2, 6, "5(PC)");
    let r = in_text("JMP -2(PC)");
    assert_at(&r, r.only(), "E0208", 2, 6, "-2(PC)");
    // offsets at the ends of i64 do not overflow
    for off in ["0x7fffffffffffffff", "-0x8000000000000000", "0xffffffffffffffff"] {
        let r = in_text(&format!("JMP {off}(PC)"));
        assert_eq!(r.codes(), ["E0208"], "{off}");
    }
}

#[test]
fn text_frame_size_must_be_literal() {
    let r = run("TEXT ·f(SB),4,$(8+8)-0\n");
    let d = r.only();
    assert_at(&r, d, "E0210", 1, 15, "$(8+8)-0");
    assert!(d.message.starts_with("TEXT \"\".f: frame size must be an immediate constant"));
    let r = run("TEXT f(SB),4,$8-(1)\n");
    assert_at(&r, r.only(), "E0210", 1, 14, "$8-(1)");
    let r = run("TEXT f(SB),4,8\n");
    assert_at(&r, r.only(), "E0210", 1, 14, "8");
}

#[test]
fn text_operand_count_and_symbol() {
    let r = run("TEXT f(SB)\n");
    assert_at(&r, r.only(), "E0210", 1, 1, "TEXT");
    let r = run("TEXT f+8(SB), $0\n");
    assert_at(&r, r.only(), "E0210", 1, 6, "f+8(SB)");
    let r = run("TEXT AX, $0\n");
    assert_at(&r, r.only(), "E0210", 1, 6, "AX");
    let r = run("TEXT f(SB), BOGUS, $0\n");
    assert_at(&r, r.only(), "E0204", 1, 13, "BOGUS");
}

#[test]
fn text_defined_twice() {
    let r = run("TEXT f(SB), 0, $0\n\tRET\nTEXT f(SB), 0, $0\n");
    let d = r.only();
    assert_at(&r, d, "E0215", 3, 6, "f(SB)");
    assert_eq!(r.sm.line_col(d.labels[0].0), (1, 6));
}

#[test]
fn data_without_globl() {
    // accepted, as Go accepts it, with a warning
    let r = run("DATA x+0(SB)/8, $1\nDATA x+8(SB)/4, $2\n");
    let d = r.only();
    assert_eq!((d.code, d.level), ("W0201", Level::Warning), "{}", r.render(d));
    let o = d.origin.expect("a position");
    assert_eq!((r.sm.line_col(o.span), r.sm.text(o.span)), ((1, 6), "x+0(SB)/8"));
    assert!(!r.diags.has_errors());
    assert!(d.message.contains("no GLOBL") && d.notes.iter().any(|n| n.contains("12 bytes")), "{d:?}");
}

#[test]
fn data_errors() {
    let r = run("DATA x+0(SB)/8, $1\nDATA x+4(SB)/8, $2\nGLOBL x(SB), $16\n");
    let d = r.only();
    assert_at(&r, d, "E0211", 2, 6, "x+4(SB)/8");
    assert_eq!(d.labels[0].1, "previous entry");
    let r = run("DATA x+0(SB)/3, $1\nGLOBL x(SB), $8\n");
    assert_at(&r, r.only(), "E0211", 1, 14, "3");
    let r = run("DATA x+0(SB), $1\nGLOBL x(SB), $8\n");
    assert_at(&r, r.only(), "E0211", 1, 6, "x+0(SB)");
    let r = run("DATA x+0(SB)/8, AX\nGLOBL x(SB), $8\n");
    assert_at(&r, r.only(), "E0211", 1, 17, "AX");
    let r = run("DATA x+8(SB)/8, $1\nGLOBL x(SB), $8\n");
    assert_at(&r, r.only(), "E0211", 1, 6, "x+8(SB)/8");
    // huge offsets do not overflow
    let r = run("DATA x+0x7ffffffffffffffe(SB)/8, $1\nDATA x+0x7fffffffffffffff(SB)/8, $1\nGLOBL x(SB), $8\n");
    assert!(r.diags.has_errors());
}

#[test]
fn globl_errors() {
    let r = run("GLOBL x(SB), $8\nGLOBL x(SB), $8\n");
    let d = r.only();
    assert_at(&r, d, "E0215", 2, 7, "x(SB)");
    assert_eq!(d.labels[0].1, "first defined here");
    let r = run("GLOBL x(SB), $-1\n");
    assert_at(&r, r.only(), "E0211", 1, 14, "$-1");
    let r = run("GLOBL x(SB)\n");
    assert_at(&r, r.only(), "E0211", 1, 1, "GLOBL");
}

#[test]
fn pcdata_funcdata_errors() {
    let r = in_text("PCDATA $1");
    assert_at(&r, r.only(), "E0212", 2, 2, "PCDATA");
    let r = in_text("PCDATA AX, $1");
    assert_at(&r, r.only(), "E0212", 2, 9, "AX");
    let r = in_text("PCDATA $1, $0x100000000");
    assert_at(&r, r.only(), "E0212", 2, 13, "$0x100000000");
    let r = in_text("FUNCDATA $300, x(SB)");
    assert_at(&r, r.only(), "E0212", 2, 11, "$300");
    let r = in_text("FUNCDATA $0, AX");
    assert_at(&r, r.only(), "E0210", 2, 15, "AX");
    let r = run("PCDATA $1, $1\n");
    assert_at(&r, r.only(), "E0209", 1, 1, "PCDATA");
}

// ---------------------------------------------------------------- macros

#[test]
fn error_inside_nested_macros_shows_each_level() {
    let src = "\
#define DIV(a) MOVQ $a/0, AX
#define OUTER NOP; DIV(1)
TEXT f(SB), 0, $0
\tOUTER
";
    let r = run(src);
    let d = r.only();
    assert_at(&r, d, "E0204", 1, 23, "/");
    let text = r.render(d);
    assert!(text.contains("in expansion of DIV at t.s:2"), "{text}");
    assert!(text.contains("in expansion of OUTER at t.s:4"), "{text}");
}

#[test]
fn error_in_macro_argument_points_at_the_argument() {
    let src = "#define LOAD(x) MOVQ x, AX\nTEXT f(SB), 0, $0\n\tLOAD($1<<99)\n";
    let r = run(src);
    assert_at(&r, r.only(), "E0205", 3, 9, "<<");
}

#[test]
fn callfn_with_bad_frame_size() {
    let src = "\
#define CALLFN(NAME,MAXSIZE) TEXT NAME(SB), 32, $MAXSIZE-32; RET
CALLFN(·call32, (32))
";
    let r = run(src);
    // the failed TEXT still opens its block: one error, not one more per following line
    assert_eq!(r.codes(), ["E0210"]);
    let d = &r.diags.list[0];
    assert_at(&r, d, "E0210", 1, 49, "$MAXSIZE-32");
    assert!(r.render(d).contains("in expansion of CALLFN at t.s:2"));
}

#[test]
fn recursive_macro_then_parse() {
    // the preprocessor's error, then the parser sees what is left, quietly or not
    let r = in_text("#define A B\n#define B A\n\tA");
    assert!(r.codes().contains(&"E0117"));
}

// ---------------------------------------------------------------- many errors

#[test]
fn all_errors_in_a_file_are_reported() {
    let src = "\
TEXT f(SB), 0, $0
\tFOO AX
\tMOVQ $1/0, AX
\tMOVQ x, AX
\tJMP 99(PC)
\tMOVQ (AX)(BX*3), CX
\tRET
";
    let r = run(src);
    // n(PC) targets are checked at the end of the TEXT block, so sort by line
    let mut by_line: Vec<(u32, &str)> =
        r.diags.list.iter().map(|d| (r.sm.line_col(d.origin.unwrap().span).0, d.code)).collect();
    by_line.sort();
    assert_eq!(by_line, [(2, "E0202"), (3, "E0204"), (4, "E0203"), (5, "E0208"), (6, "E0203")]);
    assert_eq!(r.diags.error_count(), 5);
}

#[test]
fn error_cap_stops_at_ten() {
    let mut src = String::from("TEXT f(SB), 0, $0\n");
    for i in 0..15 {
        src.push_str(&format!("\tBAD{i} AX\n"));
    }
    let r = run_with(Diagnostics::new(10), src.as_bytes());
    assert_eq!(r.diags.list.len(), 10);
    assert_eq!(r.diags.error_count(), 15, "every error is counted, ten are kept");
    let text = r.diags.render(&r.sm, false);
    assert!(text.contains("too many errors (15 in all, 10 shown)"), "{text}");
    assert_eq!(r.sm.line_col(r.diags.list[9].origin.unwrap().span).0, 11);
}

#[test]
fn lexer_errors_are_not_reported_twice() {
    // the statement with the bad token is skipped by the parser
    let r = in_text("MOVQ $08, AX");
    assert_at(&r, r.only(), "E0105", 2, 8, "08");
    let r = run_with(Diagnostics::default(), b"TEXT f(SB), 0, $0\n\tMOVQ \xff, AX\n");
    assert_eq!(r.codes(), ["E0101"]);
}

#[test]
fn binary_garbage_through_the_parser() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3 {
        let bytes: Vec<u8> = (0..64 * 1024)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        let t = Instant::now();
        let r = run_with(Diagnostics::default(), &bytes);
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        assert!(r.diags.has_errors());
        assert!(r.diags.list.iter().filter(|d| d.level == Level::Error).count() <= 10);
    }
}

#[test]
fn garbage_made_of_assembly_tokens() {
    let words = ["TEXT", "MOVQ", "$", "(", ")", ",", "SB", "FP", "AX", "x", "+", "8", "<>", ":", "JMP", "\n", ";"];
    let mut seed = 7u64;
    let mut src = String::new();
    for _ in 0..20_000 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        src.push_str(words[(seed >> 33) as usize % words.len()]);
        src.push(' ');
    }
    let t = Instant::now();
    let r = run(&src);
    assert!(t.elapsed() < Duration::from_secs(2));
    assert!(r.diags.has_errors());
}

#[test]
fn register_list_on_amd64() {
    // amd64 has no list-taking instructions: the first register is blamed, not the bracket
    let r = in_text("MOVQ [AX,BX], CX");
    let d = r.only();
    assert_at(&r, d, "E0203", 2, 8, "AX");
    assert!(d.message.contains("cannot appear in a register list"), "{}", d.message);
}

#[test]
fn register_plus_register_is_only_for_the_arches_that_have_it() {
    // Go: "(register+register) not supported on this architecture" (only ppc64 has it)
    let r = in_text("MOVQ (AX+BX), CX");
    assert_at(&r, r.only(), "E0203", 2, 10, "+");
}
