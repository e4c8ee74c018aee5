//! Property tests of the whole front end (preprocessor + parser) on hostile input: token soups
//! from a grammar-ish alphabet of Go assembly, statement soups (one plausible-looking statement
//! per line), arbitrary bytes and random edits of the stub file.
//!
//! Properties: no panic, each case well under 2 s, every diagnostic span inside its file, and a
//! program without errors is well formed (branch targets inside their function, operand spans in
//! bounds). The seed is fixed for reproducible CI runs; `PROPTEST_CASES` and `PROPTEST_RNG_SEED`
//! explore further.

mod common;

use std::time::{Duration, Instant};

use p9asm::arch::for_goarch;
use p9asm::prog::Addr;
use p9asm::sym::Symbols;
use p9asm::{GoArch, syntax};
use p9asm_macros::diag::{self, Diagnostics};
use p9asm_macros::{Options, SourceMap, Span, preprocess_bytes};
use proptest::prelude::*;
use proptest::test_runner::Config;

#[path = "../../macros/tests/support/strategies.rs"]
mod strategies;
use strategies::{
    char_constant, config as seeded_config, go_char_value, mutated_stub, program_with_rejected_byte,
    soup as strategies_soup,
};

const FRAGMENTS: &[&str] = &[
    "TEXT ",
    "TEXT f(SB), 4, $0-8\n",
    "TEXT ·g(SB), NOSPLIT|WRAPPER, $-8-32\n",
    "TEXT h<>(SB), $16\n",
    "DATA ",
    "DATA d<>+0(SB)/8, $1\n",
    "DATA d<>+8(SB)/4, $\"ab\"\n",
    "GLOBL d<>(SB), 8, $16\n",
    "GLOBL ",
    "PCDATA $1, $0\n",
    "FUNCDATA $0, x(SB)\n",
    "PCDATA ",
    "FUNCDATA ",
    "#include \"textflag.h\"\n",
    "#include \"funcdata.h\"\n",
    "#define M(a,b) MOVQ a, b\n",
    "#define D(x) x x\n",
    "#define S $8\n",
    "#define A B A\n",
    "#define N(",
    "#ifdef GOARCH_amd64\n",
    "#else\n",
    "#endif\n",
    "#",
    "M(",
    "D(",
    "S",
    "NO_LOCAL_POINTERS",
    "MOVQ ",
    "LEAQ ",
    "ADDQ ",
    "CMPQ ",
    "JMP ",
    "JA ",
    "CALL ",
    "RET",
    "NOP",
    "REP",
    "MOVSB",
    "MOVSD ",
    "FOO ",
    "AX",
    "BX",
    "R15",
    "X0",
    "SP",
    "g",
    "TLS",
    "x+8(FP)",
    "y-8(SP)",
    "8(SP)",
    "sym(SB)",
    "·s+4(SB)",
    "t<>(SB)",
    "(AX)",
    "(AX)(BX*8)",
    "(BX*4)",
    "3(PC)",
    "-1(PC)",
    "0x7fffffffffffffff(PC)",
    "l:",
    "l",
    "loop:",
    "loop",
    "$",
    "$1",
    "$-1",
    "$~0",
    "$1.5",
    "$\"s\"",
    "$'a'",
    "$(8-1)",
    "$1<<64",
    "$1/0",
    "$-7/2",
    "99999999999999999999",
    "(",
    ")",
    ",",
    "-",
    "+",
    "*",
    "/",
    "<<",
    ">>",
    "<",
    ">",
    "<>",
    ".",
    ".Z",
    "(SB)",
    "(FP)",
    "(PC)",
    "[",
    "]",
    ":",
    ";",
    "\n",
    "\\\n",
    "\\",
    "// c\n",
    "/* c */",
    " ",
    "\t",
    "1.5",
    "'",
    "\"",
    "·",
    "\u{0}",
    "€",
];

fn fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        10 => prop::sample::select(FRAGMENTS).prop_map(|s| s.as_bytes().to_vec()),
        2 => "[A-Za-z_·][A-Za-z0-9_·]{0,5}".prop_map(String::into_bytes),
        2 => "-?(0x)?[0-9a-f]{1,22}".prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..4),
    ]
}

fn soup() -> impl Strategy<Value = Vec<u8>> {
    strategies_soup(fragment())
}

/// An operand that is usually well-formed.
fn operand() -> impl Strategy<Value = String> {
    const REGS: &[&str] = &["AX", "BX", "CX", "SP", "R8", "X1", "g"];
    let reg = || prop::sample::select(REGS);
    let sym = "[a-z·][a-z0-9·]{0,4}";
    prop_oneof![
        reg().prop_map(str::to_string),
        any::<i64>().prop_map(|v| format!("${v}")),
        (sym, any::<i16>()).prop_map(|(s, o)| format!("{s}+{o}(SB)")),
        (sym, any::<i16>()).prop_map(|(s, o)| format!("${s}<>+{o}(SB)")),
        (sym, 0u16..512).prop_map(|(s, o)| format!("{s}+{o}(FP)")),
        (sym, 0u16..512).prop_map(|(s, o)| format!("{s}-{o}(SP)")),
        (any::<i32>(), reg(), reg(), prop::sample::select(&[1, 2, 3, 4, 8][..]))
            .prop_map(|(o, b, i, s)| format!("{o}({b})({i}*{s})")),
        (-5i64..10).prop_map(|n| format!("{n}(PC)")),
        prop::sample::select(&["l", "loop", "done"][..]).prop_map(str::to_string),
        "\\$[-~(]{0,3}[0-9]{1,3}[-+*/%|&^<>]{0,2}[0-9]{0,3}\\)?",
    ]
}

/// One statement per line: labels, mnemonics, operands.
fn statement() -> impl Strategy<Value = String> {
    let op = prop::sample::select(
        &["MOVQ", "ADDQ", "LEAQ", "JMP", "JEQ", "CALL", "RET", "NOP", "PCDATA", "FUNCDATA", "DATA", "GLOBL", "BOGUS"][..],
    );
    prop_oneof![
        1 => ("[a-z]{1,4}", 0i64..100000, 0i64..100).prop_map(|(n, f, a)| format!("TEXT {n}(SB), 0, ${f}-{a}")),
        1 => prop::sample::select(&["l:", "loop:", "done:"][..]).prop_map(str::to_string),
        6 => (op, prop::collection::vec(operand(), 0..4)).prop_map(|(op, args)| format!("\t{op} {}", args.join(", "))),
    ]
}

fn statements() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(statement(), 0..60).prop_map(|v| {
        let mut s = String::from("TEXT start(SB), 0, $0\n");
        for l in v {
            s.push_str(&l);
            s.push('\n');
        }
        s.into_bytes()
    })
}

fn config(default_cases: u32) -> Config {
    seeded_config(default_cases, 0xf00d_5eed)
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let opts = Options { goarch: Some("amd64".into()), goos: Some("linux".into()), ..Options::default() };
    let arch = for_goarch(GoArch::Amd64);
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let t = Instant::now();
    let exp = preprocess_bytes("fuzz.s".into(), None, bytes.to_vec(), &opts, &mut sm, &mut diags);
    let (program, syms) = syntax::parse(&exp.tokens, &sm, arch, Symbols::new(), &mut diags);
    let took = t.elapsed();
    prop_assert!(took < Duration::from_secs(2), "front end took {took:?}");

    let nfiles = sm.file_count() as u32;
    let in_bounds = |s: Span| s.file < nfiles && s.start <= s.end && s.end as usize <= sm.file(s.file).text.len();
    for d in &diags.list {
        if let Some(o) = d.origin {
            prop_assert!(in_bounds(o.span), "{d:?}");
        }
        for (s, _) in &d.labels {
            prop_assert!(in_bounds(*s), "label of {d:?}");
        }
        prop_assert!(diag::CODES.iter().any(|c| c.0 == d.code), "undocumented code {}", d.code);
        let _ = diag::render(d, &sm, false);
        let _ = diag::render_short(d, &sm);
    }
    let _ = diags.render(&sm, false);

    for f in &program.funcs {
        prop_assert!(!f.progs.is_empty(), "a function starts with its TEXT");
        prop_assert!((f.sym.index()) < syms.len());
        for p in &f.progs {
            prop_assert!(in_bounds(p.origin.span));
            for a in &p.args {
                prop_assert!(in_bounds(a.origin.span), "{a:?}");
                if !diags.has_errors()
                    && let Addr::Branch(t) = a.addr
                {
                    prop_assert!((t as usize) < f.progs.len(), "branch to {t} of {}", f.progs.len());
                    prop_assert!(t > 0, "a branch never targets the TEXT itself");
                }
            }
        }
    }
    for d in &program.data {
        prop_assert!(d.declared);
        for i in &d.inits {
            prop_assert!(in_bounds(i.origin.span));
            if !diags.has_errors() {
                prop_assert!(i.offset >= 0 && i.offset + i.size as i64 <= d.size);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn token_soup(bytes in soup()) {
        check(&bytes)?;
    }

    #[test]
    fn statement_soup(bytes in statements()) {
        check(&bytes)?;
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        check(&bytes)?;
    }

    #[test]
    fn mutated_real_file(bytes in mutated_stub()) {
        check(&bytes)?;
    }
}

#[test]
fn whole_alphabet_at_once() {
    check(FRAGMENTS.concat().as_bytes()).unwrap();
    check(include_bytes!("../../stubs/asm_amd64.s")).unwrap();
}

/// The whole assembler (streaming front end, back-end thread, ELF writer) on the same inputs:
/// no panic, no hang, and an object that an ELF reader accepts whenever there are no errors.
fn check_pipeline(bytes: &[u8]) -> Result<(), TestCaseError> {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let mut opts = p9asm::driver::AsmOptions::new(GoArch::Amd64);
    opts.listing = true;
    let t = Instant::now();
    let a = p9asm::assemble_source("fuzz.s", None, bytes.to_vec(), &opts, &mut sm, &mut diags);
    let took = t.elapsed();
    prop_assert!(took < Duration::from_secs(2), "assembler took {took:?}");
    let _ = diags.render(&sm, false);
    if !diags.has_errors() {
        let obj = a.object.as_deref();
        prop_assert!(obj.is_some(), "no errors but no object");
        let verified = common::verify_object(obj.unwrap_or_default());
        prop_assert!(verified.is_ok(), "bad object: {:?}", verified.err());
    } else {
        prop_assert!(a.object.is_none(), "errors but an object was written");
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn pipeline_statement_soup(bytes in statements()) {
        check_pipeline(&bytes)?;
    }

    #[test]
    fn pipeline_mutated_real_file(bytes in mutated_stub()) {
        check_pipeline(&bytes)?;
    }
}

// ---------------------------------------------------------------- hostile-input classes

fn assemble(bytes: &[u8]) -> (SourceMap, Diagnostics, p9asm::Assembled) {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let mut opts = p9asm::driver::AsmOptions::new(GoArch::Amd64);
    opts.keep_progs = true;
    let a = p9asm::assemble_source("fuzz.s", None, bytes.to_vec(), &opts, &mut sm, &mut diags);
    (sm, diags, a)
}

proptest! {
    #![proptest_config(config(300))]

    /// A rejected byte anywhere in a valid program: errors, a lexical code, no object.
    #[test]
    fn rejected_byte_in_a_valid_program((bytes, at) in program_with_rejected_byte()) {
        check_pipeline(&bytes)?;
        let (sm, diags, a) = assemble(&bytes);
        prop_assert!(diags.has_errors());
        prop_assert!(a.object.is_none());
        let here = diags.list.iter().any(|d| {
            matches!(d.code, "E0101" | "E0102")
                && d.origin.is_some_and(|o| o.span.start as usize <= at && at < o.span.end as usize)
        });
        prop_assert!(here, "{}", diags.render(&sm, false));
    }

    /// `MOVQ $'c', AX` assembles to Go's value, or fails with E0135 where Go fails.
    #[test]
    fn character_constant_immediates(lit in char_constant()) {
        let src = format!("TEXT ·f(SB),4,$0\n\tMOVQ ${lit}, AX\n\tRET\n");
        let (sm, diags, a) = assemble(src.as_bytes());
        match go_char_value(&lit) {
            Some(v) => {
                prop_assert!(!diags.has_errors(), "{}: {}", lit, diags.render(&sm, false));
                let p = &a.funcs[0].func.progs[1];
                prop_assert_eq!(&p.args[0].addr, &Addr::Imm(v as i64));
            }
            None => {
                prop_assert_eq!(diags.list.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0135"], "{}", lit);
                let o = diags.list[0].origin.unwrap();
                prop_assert_eq!(sm.line_col(o.span), (2, 8));
                prop_assert!(a.object.is_none());
            }
        }
    }
}
