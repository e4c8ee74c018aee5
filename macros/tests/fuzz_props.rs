//! Property tests of the preprocessor on hostile input: token soups built from a grammar-ish
//! alphabet (directives, macro definitions and invocations, parentheses, numbers, identifiers with
//! `·`, comments, backslashes, random bytes), arbitrary bytes, and random edits of a real file.
//!
//! Properties: no panic, each case finishes in well under 2 s, every diagnostic span (primary and
//! labels) and every token span lies inside its file, rendering never fails, and the stream ends
//! with exactly one `Eof`.
//!
//! The seed is fixed so CI runs are reproducible; set `PROPTEST_RNG_SEED` / `PROPTEST_CASES` to
//! explore further (e.g. `PROPTEST_CASES=100000 cargo test --release -p p9asm-macros --test
//! fuzz_props`).

use std::time::{Duration, Instant};

use p9asm_macros::diag::{self, Diagnostics};
use p9asm_macros::{Kind, Options, SourceMap, Span, expand, preprocess_bytes};
use proptest::prelude::*;
use proptest::test_runner::Config;

mod support {
    pub mod strategies;
}
use support::strategies::{
    CLEAN_PROGRAM, char_constant, config as seeded_config, go_char_value, include_tree, mutated_stub, param_list,
    program_with_rejected_byte, soup as strategies_soup,
};

/// Pieces of Go assembly and of preprocessor syntax, including broken ones.
const FRAGMENTS: &[&str] = &[
    "#define ",
    "#define A B A\n",
    "#define B A\n",
    "#define M(a,b) a b\n",
    "#define D(x) x x\n",
    "#define F(x) x(x)\n",
    "#define N(",
    "#define E() RET\n",
    "#define L MOVQ $1, AX; \\\n\tRET\n",
    "#define C NOP // c \\\n",
    "#undef ",
    "#undef M\n",
    "#ifdef ",
    "#ifdef GOARCH_amd64\n",
    "#ifndef X\n",
    "#else\n",
    "#endif\n",
    "#include \"textflag.h\"\n",
    "#include \"funcdata.h\"\n",
    "#include \"no such file.h\"\n",
    "#include <x.h>\n",
    "#line 10 \"f.s\"\n",
    "#line ",
    "#if 1\n",
    "#pragma x\n",
    "#",
    "##",
    "M(",
    "M",
    "D(",
    "F(",
    "E()",
    "A",
    "L",
    "C",
    "NOSPLIT",
    "(",
    ")",
    ",",
    "$",
    "-",
    "+",
    "*",
    "/",
    "%",
    "<<",
    ">>",
    "~",
    "&^",
    "|",
    "(SB)",
    "(FP)",
    "(SP)",
    "(PC)",
    "<>",
    "\n",
    "\\\n",
    "\\",
    "\\\\",
    "//",
    "// c \\\n",
    "/*",
    "*/",
    "/* x */",
    ";",
    ":",
    "[",
    "]",
    "TEXT ",
    "DATA ",
    "GLOBL ",
    "PCDATA ",
    "FUNCDATA ",
    "MOVQ ",
    "JMP ",
    "RET",
    "AX",
    "SP",
    "'a'",
    "'",
    "\"s\"",
    "\"",
    "\"\\q\"",
    " ",
    "\t",
    "\r",
    "\r\n",
    "0x",
    "0b12",
    "1.5",
    "1e",
    "08",
    "·",
    "∕",
    "\u{feff}",
    "\u{0}",
    "\u{7f}",
    "€",
    "`",
    "@>",
    "->",
];

fn fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => prop::sample::select(FRAGMENTS).prop_map(|s| s.as_bytes().to_vec()),
        2 => "[A-Za-z_·][A-Za-z0-9_·∕]{0,6}".prop_map(String::into_bytes),
        2 => "(0x|0o|0b|0)?[0-9a-f_]{1,30}".prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..6),
    ]
}

fn soup() -> impl Strategy<Value = Vec<u8>> {
    strategies_soup(fragment())
}

fn config(default_cases: u32) -> Config {
    seeded_config(default_cases, 0x5eed_a5a5)
}

/// Preprocesses `bytes` and checks every property; returns the run for further checks.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let opts = Options { goarch: Some("amd64".into()), goos: Some("linux".into()), ..Options::default() };
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let t = Instant::now();
    let exp = preprocess_bytes("fuzz.s".into(), None, bytes.to_vec(), &opts, &mut sm, &mut diags);
    let took = t.elapsed();
    prop_assert!(took < Duration::from_secs(2), "preprocessing took {took:?}");

    let nfiles = sm.file_count() as u32;
    let in_bounds = |s: Span| s.file < nfiles && s.start <= s.end && s.end as usize <= sm.file(s.file).text.len();
    for d in &diags.list {
        if let Some(o) = d.origin {
            prop_assert!(in_bounds(o.span), "{d:?}");
            // every expansion on the chain points into a file too
            for e in sm.expansion_chain(o.expansion) {
                prop_assert!(in_bounds(e.call_site) && in_bounds(e.def_site), "{e:?}");
            }
        }
        for (s, _) in &d.labels {
            prop_assert!(in_bounds(*s), "label of {d:?}");
        }
        prop_assert!(diag::CODES.iter().any(|c| c.0 == d.code), "undocumented code {}", d.code);
    }
    let eofs = exp.tokens.iter().filter(|t| t.kind == Kind::Eof).count();
    prop_assert_eq!(eofs, 1);
    prop_assert_eq!(exp.tokens.last().map(|t| t.kind), Some(Kind::Eof));
    for t in &exp.tokens {
        prop_assert!(in_bounds(t.span), "{t:?}");
    }
    // rendering never panics
    let text = diags.render(&sm, false);
    if diags.has_errors() {
        prop_assert!(text.contains("error["));
    }
    let _ = expand::render(&sm, &exp.tokens);
    Ok(())
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn token_soup(bytes in soup()) {
        check(&bytes)?;
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        check(&bytes)?;
    }

    #[test]
    fn mutated_real_file(bytes in mutated_stub()) {
        check(&bytes)?;
    }

    #[test]
    fn soup_lines_with_directives(lines in prop::collection::vec(soup(), 0..20)) {
        // each soup on its own line, so directives are at the start of a line more often
        let mut b = Vec::new();
        for l in lines {
            b.push(b'#');
            b.extend_from_slice(&l);
            b.push(b'\n');
        }
        check(&b)?;
    }
}

#[test]
fn fragments_are_exercised() {
    // a sanity check that the alphabet reaches the interesting paths at all
    let src = FRAGMENTS.concat();
    check(src.as_bytes()).unwrap();
}

// ---------------------------------------------------------------- hostile-input classes:
// "the run has an error with a code iff the input is bad", besides the properties of `check`

fn preprocess(bytes: &[u8], opts: &Options) -> (SourceMap, Diagnostics, p9asm_macros::Expanded) {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let exp = preprocess_bytes("fuzz.s".into(), None, bytes.to_vec(), opts, &mut sm, &mut diags);
    (sm, diags, exp)
}

#[test]
fn clean_program_is_clean() {
    let (sm, diags, _) = preprocess(CLEAN_PROGRAM.as_bytes(), &Options::default());
    assert!(diags.list.is_empty(), "{}", diags.render(&sm, false));
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn rejected_bytes_are_always_reported((bytes, at) in program_with_rejected_byte()) {
        check(&bytes)?;
        let (sm, diags, _) = preprocess(&bytes, &Options::default());
        prop_assert!(diags.has_errors());
        // the inserted bytes themselves are reported, by a lexical code, at their place
        let here = diags.list.iter().any(|d| {
            matches!(d.code, "E0101" | "E0102")
                && d.origin.is_some_and(|o| o.span.start as usize <= at && at < o.span.end as usize)
        });
        prop_assert!(here, "{}", diags.render(&sm, false));
    }

    #[test]
    fn character_constants_match_go(lit in char_constant()) {
        let got = p9asm_macros::lexer::char_value(&lit).ok();
        prop_assert_eq!(got, go_char_value(&lit), "{}", lit);
        // and the lexer keeps the literal one token
        let src = format!("MOVQ ${lit}, AX\n");
        let (_, diags, exp) = preprocess(src.as_bytes(), &Options::default());
        prop_assert!(!diags.has_errors());
        prop_assert!(exp.tokens.iter().any(|t| t.kind == Kind::Char));
    }

    #[test]
    fn parameter_lists((src, bad, code) in param_list()) {
        let t = Instant::now();
        let (sm, diags, _) = preprocess(src.as_bytes(), &Options::default());
        prop_assert!(t.elapsed() < Duration::from_secs(2));
        prop_assert_eq!(diags.has_errors(), bad, "{}", diags.render(&sm, false));
        if bad {
            prop_assert_eq!(diags.list[0].code, code);
        }
    }
}

proptest! {
    #![proptest_config(config(60))]

    #[test]
    fn include_trees_are_budgeted((levels, fanout) in include_tree()) {
        let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz_include_tree").join(format!("{levels}_{fanout}"));
        if !dir.join("main.s").exists() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("h0.h"), "NOP\n").unwrap();
            for i in 1..=levels {
                std::fs::write(dir.join(format!("h{i}.h")), format!("#include \"h{}.h\"\n", i - 1).repeat(fanout)).unwrap();
            }
            std::fs::write(dir.join("main.s"), format!("#include \"h{levels}.h\"\nRET\n")).unwrap();
        }
        let max = 200;
        let opts = Options {
            limits: p9asm_macros::preprocess::Limits { max_included_files: max, ..Default::default() },
            ..Options::default()
        };
        let mut sm = SourceMap::new();
        let mut diags = Diagnostics::default();
        let t = Instant::now();
        let exp = p9asm_macros::preprocess_file(&dir.join("main.s"), &opts, &mut sm, &mut diags).unwrap();
        prop_assert!(t.elapsed() < Duration::from_secs(2));
        let wanted: f64 = (0..=levels).map(|k| (fanout as f64).powi(k as i32)).sum();
        let bad = wanted > max as f64 || levels > p9asm_macros::preprocess::MAX_INCLUDE_DEPTH;
        prop_assert_eq!(diags.has_errors(), bad, "{}", diags.render(&sm, false));
        prop_assert!(diags.list.iter().all(|d| matches!(d.code, "E0134" | "E0122")));
        prop_assert!(sm.file_count() <= max + 2);
        prop_assert_eq!(exp.tokens.last().map(|t| t.kind), Some(Kind::Eof));
    }
}
