//! One test per bad input to the preprocessor: the diagnostic code, the exact span (file,
//! line:col and the text under it, which together pin the byte range), that the run would exit 1
//! (`has_errors`), and for errors inside macros the "in expansion of" chain in the rendering.
//! A panic anywhere fails the test; every diagnostic span is checked to lie inside its file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use p9asm_macros::diag::{self, Diag, Diagnostics, Level};
use p9asm_macros::preprocess::Limits;
use p9asm_macros::{Expanded, Options, SourceMap, preprocess_bytes, preprocess_file};

struct Run {
    sm: SourceMap,
    diags: Diagnostics,
    exp: Expanded,
}

impl Run {
    fn list(&self) -> &[Diag] {
        &self.diags.list
    }
    fn codes(&self) -> Vec<&'static str> {
        self.diags.list.iter().map(|d| d.code).collect()
    }
    fn render(&self, d: &Diag) -> String {
        diag::render(d, &self.sm, false)
    }
    /// The expanded statements, as `p9asm expand` prints their text (tokens joined by spaces).
    fn statements(&self) -> Vec<String> {
        let mut out = vec![String::new()];
        for t in &self.exp.tokens {
            if t.is_terminator() {
                out.push(String::new());
            } else {
                let last = out.last_mut().unwrap();
                if !last.is_empty() {
                    last.push(' ');
                }
                last.push_str(self.sm.text(t.span));
            }
        }
        out.retain(|l| !l.is_empty());
        out
    }
    /// The only diagnostic of the run.
    fn only(&self) -> &Diag {
        assert_eq!(
            self.diags.list.len(),
            1,
            "expected exactly one diagnostic, got:\n{}",
            self.diags.render(&self.sm, false)
        );
        &self.diags.list[0]
    }
}

fn run(src: &str) -> Run {
    run_bytes(src.as_bytes(), &Options::default())
}

fn run_bytes(src: &[u8], opts: &Options) -> Run {
    run_with(Diagnostics::default(), src, opts)
}

fn run_with(mut diags: Diagnostics, src: &[u8], opts: &Options) -> Run {
    let mut sm = SourceMap::new();
    let exp = preprocess_bytes("t.s".into(), None, src.to_vec(), opts, &mut sm, &mut diags);
    let r = Run { sm, diags, exp };
    check_bounds(&r);
    r
}

fn run_file(path: &Path, opts: &Options) -> Run {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let exp = preprocess_file(path, opts, &mut sm, &mut diags).expect("top-level file readable");
    let r = Run { sm, diags, exp };
    check_bounds(&r);
    r
}

/// Every span of every diagnostic (primary and labels) and of every token lies inside its file.
fn check_bounds(r: &Run) {
    let nfiles = r.sm.file_count() as u32;
    let ok =
        |s: p9asm_macros::Span| s.file < nfiles && s.start <= s.end && s.end as usize <= r.sm.file(s.file).text.len();
    for d in &r.diags.list {
        if let Some(o) = d.origin {
            assert!(ok(o.span), "{d:?} out of bounds");
        }
        for (s, _) in &d.labels {
            assert!(ok(*s), "label of {d:?} out of bounds");
        }
        // rendering must not panic either
        let _ = diag::render(d, &r.sm, false);
    }
    for t in &r.exp.tokens {
        assert!(ok(t.span), "token {t:?} out of bounds");
    }
    assert_eq!(r.exp.tokens.last().map(|t| t.kind), Some(p9asm_macros::Kind::Eof));
}

/// Asserts code, file, 1-based line:col and the exact text under the primary span; for an error
/// also that the run failed (the CLI would exit 1).
#[track_caller]
fn assert_at(r: &Run, d: &Diag, code: &str, file: &str, line: u32, col: u32, text: &str) {
    assert_eq!(d.code, code, "{d:?}");
    let o = d.origin.expect("diagnostic has a position");
    assert_eq!(r.sm.file(o.span.file).name, file, "{d:?}");
    assert_eq!(r.sm.line_col(o.span), (line, col), "{d:?}");
    assert_eq!(r.sm.text(o.span), text, "{d:?}");
    if code.starts_with('E') {
        assert_eq!(d.level, Level::Error);
        assert!(r.diags.has_errors());
    } else {
        assert_eq!(d.level, Level::Warning);
    }
}

/// Asserts the byte range of a span as well, for a few cases where that is the point.
#[track_caller]
fn assert_range(d: &Diag, start: u32, end: u32) {
    let s = d.origin.expect("position").span;
    assert_eq!((s.start, s.end), (start, end), "{d:?}");
}

fn tmpdir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("diagnostics").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// xorshift64*: deterministic "random" bytes without a dependency.
fn random_bytes(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

// ---------------------------------------------------------------- directives

#[test]
fn unknown_directive_if() {
    let r = run("#if 1\nNOP\n#endif\n");
    assert_eq!(r.codes(), ["E0110", "E0125"]);
    assert_at(&r, &r.list()[0], "E0110", "t.s", 1, 2, "if");
    assert_range(&r.list()[0], 1, 3);
    assert!(r.list()[0].message.contains("no #if expressions"));
    // the #if was not understood, so its #endif is stray
    assert_at(&r, &r.list()[1], "E0125", "t.s", 3, 1, "#endif");
}

#[test]
fn unknown_directive_pragma() {
    let r = run("NOP\n#pragma once\nRET\n");
    let d = r.only();
    assert_at(&r, d, "E0110", "t.s", 2, 2, "pragma");
    assert_eq!(d.message, "unknown directive #pragma");
    assert!(r.render(d).contains("directives are #include, #define"));
}

#[test]
fn unknown_directive_error_and_elif() {
    for (src, name) in [("#error x\n", "error"), ("  #elif X\n", "elif")] {
        let r = run(src);
        let d = r.only();
        assert_eq!(d.code, "E0110");
        assert_eq!(r.sm.text(d.origin.unwrap().span), name);
    }
}

#[test]
fn lone_hash() {
    let r = run("#\n");
    assert_at(&r, r.only(), "E0110", "t.s", 1, 1, "#");
}

#[test]
fn hash_not_first_on_line() {
    let r = run("\tNOP # x\n");
    let d = r.only();
    assert_at(&r, d, "E0111", "t.s", 1, 6, "#");
    assert_range(d, 5, 6);
}

#[test]
fn hash_in_macro_body_is_no_paste_or_stringize() {
    let r = run("#define CAT(a,b) a##b\nCAT(x,y)\n");
    let d = &r.list()[0];
    assert_at(&r, d, "E0119", "t.s", 1, 19, "#");
    assert!(r.render(d).contains("in expansion of CAT at t.s:2"));

    // mid-line in an expansion: pasting/stringizing
    let r = run("#define S(a) NOP #a\n#define T S(x)\nT\n");
    let d = r.only();
    assert_at(&r, d, "E0119", "t.s", 1, 18, "#");
    let text = r.render(d);
    assert!(text.contains("in expansion of S at t.s:2"), "{text}");
    assert!(text.contains("in expansion of T at t.s:3"), "{text}");
    // at the start of an expanded line it is a directive, as in Go ("unexpected token after
    // '#': x" there)
    let r = run("#define S(a) #a\n#define T S(x)\nT\n");
    assert_eq!(r.only().code, "E0110");
}

#[test]
fn directives_that_start_lines_of_a_macro_body_run_when_it_expands() {
    // runtime/asm_arm64.s's BREAK: #ifdef/#else/#endif on `\`-continued lines of a #define
    let src = "#define BREAK\t\\\n#ifdef GOOS_windows\t\\\n\tBRK\t$0xf000\t\\\n#else\t\\\n\tBRK\t\\\n#endif\t\\\n\nTEXT f(SB), 0, $0\n\tBREAK\n\tRET\n";
    let r = run(src);
    assert!(r.list().is_empty(), "{:?}", r.list());
    let lines = r.statements();
    assert!(lines.iter().any(|l| l == "BRK"), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("0xf000")), "{lines:?}");
}

#[test]
fn ifdef_without_name() {
    let r = run("#ifdef\n#endif\n");
    assert_at(&r, r.only(), "E0110", "t.s", 1, 2, "ifdef");
}

#[test]
fn tokens_after_endif() {
    let r = run("#ifdef X\n#endif X\n");
    assert_at(&r, r.only(), "E0110", "t.s", 2, 8, "X");
}

#[test]
fn tokens_after_else_in_a_false_branch() {
    // reported whichever branch is taken, but not inside an outer false region
    let r = run("#ifdef X\n#else Y\n#endif\n");
    assert_at(&r, r.only(), "E0110", "t.s", 2, 7, "Y");
    let r = run("#ifdef X\n#ifdef Y\n#else Z\n#endif W\n#endif\n");
    assert!(r.list().is_empty(), "{:?}", r.list());
}

#[test]
fn unterminated_ifdef() {
    let r = run("#ifdef X\nNOP\n");
    let d = r.only();
    assert_at(&r, d, "E0124", "t.s", 1, 1, "#ifdef");
    assert_range(d, 0, 6);

    let r = run("NOP\n  #ifndef Y\n#ifdef Z\n#endif\n");
    assert_at(&r, r.only(), "E0124", "t.s", 2, 3, "#ifndef");
}

#[test]
fn unterminated_ifdef_in_included_file_is_reported_there() {
    let dir = tmpdir("ifdef_inc");
    std::fs::write(dir.join("main.s"), "#include \"x.h\"\n#endif\n").unwrap();
    std::fs::write(dir.join("x.h"), "#ifdef A\n").unwrap();
    let r = run_file(&dir.join("main.s"), &Options::default());
    // the #ifdef does not leak into the includer, so main.s's #endif is stray
    assert_eq!(r.codes(), ["E0124", "E0125"]);
    let inc = dir.join("x.h").display().to_string();
    assert_at(&r, &r.list()[0], "E0124", &inc, 1, 1, "#ifdef");
    let main = dir.join("main.s").display().to_string();
    assert_at(&r, &r.list()[1], "E0125", &main, 2, 1, "#endif");
    assert!(r.render(&r.list()[0]).contains("included from here"));
}

#[test]
fn stray_else() {
    let r = run("NOP\n#else\n");
    let d = r.only();
    assert_at(&r, d, "E0125", "t.s", 2, 1, "#else");
    assert_eq!(d.message, "#else without #ifdef or #ifndef");
}

#[test]
fn stray_endif() {
    let r = run("#endif\n");
    let d = r.only();
    assert_at(&r, d, "E0125", "t.s", 1, 1, "#endif");
    assert_range(d, 0, 6);
}

#[test]
fn second_else() {
    let r = run("#ifdef A\n#else\n#else\n#endif\n");
    let d = r.only();
    assert_at(&r, d, "E0125", "t.s", 3, 1, "#else");
    assert_eq!(d.labels.len(), 1);
    assert_eq!(r.sm.text(d.labels[0].0), "#ifdef");
}

#[test]
fn malformed_line_directive() {
    let r = run("#line x\n");
    assert_at(&r, r.only(), "E0126", "t.s", 1, 7, "x");
    let r = run("#line 0 \"f.s\"\n");
    assert_at(&r, r.only(), "E0126", "t.s", 1, 7, "0");
}

// ---------------------------------------------------------------- #define / #undef

#[test]
fn define_without_name() {
    let r = run("#define\n");
    assert_at(&r, r.only(), "E0112", "t.s", 1, 1, "#");
    let r = run("#define 12 x\n");
    assert_at(&r, r.only(), "E0112", "t.s", 1, 9, "12");
}

#[test]
fn define_bad_parameters() {
    let r = run("#define M(1) x\n");
    assert_at(&r, r.only(), "E0112", "t.s", 1, 11, "1");
    let r = run("#define M(a,a) x\n");
    let d = r.only();
    assert_at(&r, d, "E0112", "t.s", 1, 13, "a");
    assert_eq!(d.message, "duplicate macro parameter a");
    let r = run("#define M(a b) x\n");
    assert_at(&r, r.only(), "E0112", "t.s", 1, 13, "b");
    // a parameter list that runs off the end of the file
    let r = run("#define M(a,");
    assert_eq!(r.codes(), ["E0112"]);
}

#[test]
fn backslash_not_at_end_of_define_line() {
    let r = run("#define M a \\ b\n");
    assert_at(&r, r.only(), "E0112", "t.s", 1, 13, "\\");
}

#[test]
fn macro_redefinition_has_secondary_label_at_first_definition() {
    let r = run("#define A 1\nNOP\n#define A 2\n");
    let d = r.only();
    assert_at(&r, d, "E0113", "t.s", 3, 9, "A");
    assert_range(d, 24, 25);
    assert_eq!(d.labels.len(), 1);
    let (first, msg) = &d.labels[0];
    assert_eq!((first.start, first.end), (8, 9));
    assert_eq!(r.sm.line_col(*first), (1, 9));
    assert_eq!(msg, "first defined here");
    let text = r.render(d);
    assert!(text.contains("first defined here"), "{text}");
    assert!(text.contains("t.s:3:9"), "{text}");
}

#[test]
fn identical_redefinition_is_still_an_error() {
    // as in Go: "redefinition of macro" even when the bodies match
    let r = run("#define A 1\n#define A 1\n");
    assert_at(&r, r.only(), "E0113", "t.s", 2, 9, "A");
}

#[test]
fn redefinition_of_a_command_line_macro() {
    let opts = Options { defines: vec!["FOO=3".into()], ..Options::default() };
    let r = run_bytes(b"#define FOO 4\n", &opts);
    let d = r.only();
    assert_at(&r, d, "E0113", "t.s", 1, 9, "FOO");
    assert_eq!(r.sm.file(d.labels[0].0.file).name, "<command line>");
}

#[test]
fn undef_of_undefined_macro() {
    let r = run("#undef Q\n");
    let d = r.only();
    assert_at(&r, d, "E0114", "t.s", 1, 8, "Q");
    assert_range(d, 7, 8);
    // defined, undefined, undefined again
    let r = run("#define Q 1\n#undef Q\n#undef Q\n");
    assert_at(&r, r.only(), "E0114", "t.s", 3, 8, "Q");
}

#[test]
fn undef_without_name() {
    let r = run("#undef\n");
    assert_at(&r, r.only(), "E0110", "t.s", 1, 2, "undef");
}

#[test]
fn comment_backslash_ends_multiline_define_w0101() {
    let src = "#define M NOP; \\\n  NOP // c \\\n  RET\nM\n";
    let r = run(src);
    let d = r.only();
    assert_at(&r, d, "W0101", "t.s", 2, 12, "\\");
    assert!(!r.diags.has_errors(), "a warning only: exit status 0");
    assert_eq!(r.sm.text(d.labels[0].0), "M");
    assert!(r.render(d).contains("use /* */ comments"));
    // Go's meaning is kept: the third line is an ordinary statement, the macro has two NOPs
    let out = p9asm_macros::expand::render(&r.sm, &r.exp.tokens);
    assert_eq!(out, "t.s:3\tRET\nt.s:1 <- M@t.s:4\tNOP\nt.s:2 <- M@t.s:4\tNOP\n");
}

#[test]
fn comment_backslash_with_crlf() {
    let r = run("#define M NOP \\\r\n  NOP // c \\\r\n  RET\r\n");
    assert_at(&r, r.only(), "W0101", "t.s", 2, 12, "\\");
}

#[test]
fn bad_command_line_define() {
    for bad in ["1X=2", "=1", "A B", "A-B=1", "X=1\n2"] {
        let opts = Options { defines: vec![bad.into()], ..Options::default() };
        let r = run_bytes(b"NOP\n", &opts);
        let d = r.only();
        assert_eq!(d.code, "E0127", "{bad:?}");
        assert!(d.origin.is_none(), "a command-line problem has no source position");
        assert!(d.message.contains(&format!("{bad:?}")), "{}", d.message);
        assert!(r.diags.has_errors());
        assert!(r.render(d).contains("E0127"));
    }
}

// ---------------------------------------------------------------- invocation

#[test]
fn wrong_macro_argument_count_too_few() {
    let r = run("#define M(a,b) a b\nM(1)\n");
    let d = r.only();
    assert_at(&r, d, "E0115", "t.s", 2, 1, "M(1)");
    assert_range(d, 19, 23);
    assert_eq!(d.message, "macro M takes 2 argument(s), but 1 were given");
    assert_eq!(r.sm.text(d.labels[0].0), "M");
}

#[test]
fn wrong_macro_argument_count_too_many() {
    let r = run("#define M(a) a\n\tM(1, (2, 3), 4)\n");
    let d = r.only();
    assert_at(&r, d, "E0115", "t.s", 2, 2, "M(1, (2, 3), 4)");
    assert!(d.message.contains("but 3 were given"));
}

#[test]
fn zero_argument_macro_given_one() {
    let r = run("#define Z() NOP\nZ(x)\n");
    assert_at(&r, r.only(), "E0115", "t.s", 2, 1, "Z(x)");
}

#[test]
fn function_macro_without_arguments() {
    let r = run("#define M(a) a\nM\n");
    let d = r.only();
    assert_at(&r, d, "E0115", "t.s", 2, 1, "M");
    assert!(d.message.contains("without an argument list"));
}

#[test]
fn unterminated_macro_argument_list() {
    let r = run("#define M(a) a\nM(1,\nNOP\n");
    let d = r.only();
    assert_at(&r, d, "E0116", "t.s", 2, 1, "M");
    // the label is a zero-width mark at the end of the line
    let (end, msg) = &d.labels[0];
    assert_eq!((end.start, end.end), (19, 19));
    assert_eq!(msg, "line ends here");
    // the following line is read normally
    let out = p9asm_macros::expand::render(&r.sm, &r.exp.tokens);
    assert_eq!(out, "t.s:3\tNOP\n");
}

#[test]
fn unterminated_macro_argument_list_at_eof() {
    let r = run("#define M(a) a\nM((1)");
    let d = r.only();
    assert_at(&r, d, "E0116", "t.s", 2, 1, "M");
}

#[test]
fn recursive_macro_a_b_a() {
    let r = run("#define A B\n#define B A\nA\n");
    let d = r.only();
    assert_at(&r, d, "E0117", "t.s", 2, 11, "A");
    assert_eq!(r.sm.text(d.labels[0].0), "A");
    let text = r.render(d);
    assert!(text.contains("in expansion of B at t.s:1"), "{text}");
    assert!(text.contains("in expansion of A at t.s:3"), "{text}");
}

#[test]
fn recursive_macro_self() {
    let r = run("#define A B A\nA\n");
    let d = r.only();
    assert_at(&r, d, "E0117", "t.s", 1, 13, "A");
    assert!(r.render(d).contains("in expansion of A at t.s:2"));
    // what could be expanded was
    let out = p9asm_macros::expand::render(&r.sm, &r.exp.tokens);
    assert_eq!(out, "t.s:1 <- A@t.s:2\tB\n");
}

#[test]
fn recursive_function_macro_through_its_argument() {
    let r = run("#define F(x) x\nF(F(1))\n#define G(x) G(x)\nG(2)\n");
    // F(F(1)) is fine (the inner F comes from the argument, i.e. from the file)
    let d = r.only();
    assert_at(&r, d, "E0117", "t.s", 3, 14, "G");
}

#[test]
fn recursion_three_deep_reports_whole_chain() {
    let r = run("#define A B\n#define B C\n#define C A\nNOP\n  A\n");
    let d = r.only();
    assert_at(&r, d, "E0117", "t.s", 3, 11, "A");
    let text = r.render(d);
    for l in ["in expansion of C at t.s:2", "in expansion of B at t.s:1", "in expansion of A at t.s:5"] {
        assert!(text.contains(l), "{l}\n{text}");
    }
}

#[test]
fn macro_expansion_bomb_stops_quickly() {
    // A{i} expands to A{i-1} twice: 2^40 tokens if nothing stopped it
    let mut src = String::from("#define A0 NOP\n");
    for i in 1..=40 {
        src.push_str(&format!("#define A{i} A{} A{}\n", i - 1, i - 1));
    }
    src.push_str("TEXT f(SB), 0, $0\n\tA40\n");
    let t = Instant::now();
    let r = run(&src);
    let took = t.elapsed();
    // without the budget this is 2^40 tokens (hours); with it, about a second of an unoptimized
    // build on an idle core: the bound leaves room for a loaded machine
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let d = r.only();
    assert_eq!(d.code, "E0118");
    assert!(r.diags.has_errors());
    let o = d.origin.unwrap();
    // reported at a macro name inside a #define body, with the chain back to line 43
    assert_eq!(r.sm.file(o.span.file).name, "t.s");
    assert!(r.sm.text(o.span).starts_with('A'));
    let text = r.render(d);
    assert!(text.contains("in expansion of A40 at t.s:43"), "{text}");
    // the output stays bounded: the budget is about a million tokens
    assert!(r.exp.tokens.len() < 2_000_000, "{}", r.exp.tokens.len());
}

#[test]
fn macro_bomb_through_arguments() {
    // each level doubles its argument
    let mut src = String::from("#define D(x) x x\n");
    let mut e = "NOP".to_string();
    for _ in 0..30 {
        e = format!("D({e})");
    }
    src.push_str(&e);
    src.push('\n');
    let t = Instant::now();
    let r = run(&src);
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(r.codes(), ["E0118"]);
}

#[test]
fn errors_inside_nested_macros_show_each_expansion_level() {
    let src = "\
#define IN(a,b) a b
#define MID IN(1)
#define OUT NOP; MID
TEXT f(SB), 0, $0
\tOUT
";
    let r = run(src);
    let d = r.only();
    assert_at(&r, d, "E0115", "t.s", 2, 13, "IN(1)");
    let text = r.render(d);
    assert!(text.contains("in expansion of MID at t.s:3"), "{text}");
    assert!(text.contains("in expansion of OUT at t.s:5"), "{text}");
    assert!(text.contains("defined here"), "{text}");
}

#[test]
fn macros_from_an_included_file_show_file_and_line() {
    let dir = tmpdir("macro_inc");
    std::fs::write(dir.join("m.h"), "#define BAD(x,y) x\n#define USE BAD()\n").unwrap();
    std::fs::write(dir.join("main.s"), "#include \"m.h\"\n\nUSE\n").unwrap();
    let r = run_file(&dir.join("main.s"), &Options::default());
    let d = r.only();
    let h = dir.join("m.h").display().to_string();
    let main = dir.join("main.s").display().to_string();
    assert_at(&r, d, "E0115", &h, 2, 13, "BAD()");
    let text = r.render(d);
    assert!(text.contains(&format!("in expansion of USE at {main}:3")), "{text}");
}

// ---------------------------------------------------------------- #include

#[test]
fn include_not_found_lists_searched_directories() {
    let dir = tmpdir("inc_missing");
    let i1 = dir.join("inc1");
    let i2 = dir.join("inc2");
    std::fs::create_dir_all(&i1).unwrap();
    std::fs::create_dir_all(&i2).unwrap();
    std::fs::write(dir.join("main.s"), "NOP\n#include \"missing.h\"\n").unwrap();
    let opts = Options { include_dirs: vec![i1.clone(), i2.clone()], ..Options::default() };
    let r = run_file(&dir.join("main.s"), &opts);
    let d = r.only();
    let main = dir.join("main.s").display().to_string();
    assert_at(&r, d, "E0120", &main, 2, 10, "\"missing.h\"");
    assert_eq!(d.message, "#include file \"missing.h\" not found");
    let note = d.notes.join("\n");
    for p in [dir.join("missing.h"), i1.join("missing.h"), i2.join("missing.h")] {
        assert!(note.contains(&p.display().to_string()), "{note}");
    }
    assert!(note.contains("<builtin>/missing.h"), "{note}");
    // searched in order: the file's directory, then each -I
    let a = note.find(&dir.join("missing.h").display().to_string()).unwrap();
    let b = note.find(&i1.join("missing.h").display().to_string()).unwrap();
    let c = note.find(&i2.join("missing.h").display().to_string()).unwrap();
    assert!(a < b && b < c, "{note}");
    assert!(r.render(d).contains("searched:"));
}

#[test]
fn include_found_in_include_dir() {
    let dir = tmpdir("inc_found");
    let i1 = dir.join("inc1");
    std::fs::create_dir_all(&i1).unwrap();
    std::fs::write(i1.join("x.h"), "#define X 7\n").unwrap();
    std::fs::write(dir.join("main.s"), "#include \"x.h\"\nX\n").unwrap();
    let opts = Options { include_dirs: vec![i1], ..Options::default() };
    let r = run_file(&dir.join("main.s"), &opts);
    assert!(r.list().is_empty(), "{:?}", r.list());
}

#[test]
fn include_angle_bracket_form_is_rejected() {
    let r = run("#include <textflag.h>\n");
    let d = r.only();
    assert_at(&r, d, "E0123", "t.s", 1, 10, "<");
    assert!(d.message.contains("<file> is not supported"));
}

#[test]
fn include_without_a_file() {
    let r = run("#include\n");
    assert_at(&r, r.only(), "E0123", "t.s", 1, 2, "include");
    let r = run("#include \"a.h\" \"b.h\"\n");
    assert_eq!(r.codes(), ["E0123"]);
    let r = run("#include \"\\q\"\n");
    assert_at(&r, r.only(), "E0123", "t.s", 1, 10, "\"\\q\"");
}

#[test]
fn include_cycle() {
    let dir = tmpdir("inc_cycle");
    std::fs::write(dir.join("a.s"), "#include \"b.s\"\n#define X 1\nNOP\n").unwrap();
    std::fs::write(dir.join("b.s"), "NOP\n#include \"a.s\"\n").unwrap();
    let r = run_file(&dir.join("a.s"), &Options::default());
    let d = r.only();
    let b = dir.join("b.s").display().to_string();
    assert_at(&r, d, "E0121", &b, 2, 1, "#include \"a.s\"");
    assert!(d.message.contains("includes itself"));
    let text = r.render(d);
    assert!(text.contains("included from here"), "{text}");
    assert!(text.contains("first entered here"), "{text}");
}

#[test]
fn include_cycle_with_relative_top_level_path() {
    // The top-level file keeps the path as given; the cycle must be found all the same (it used
    // to be found one level late, after a.s had been read twice: "macro X is already defined").
    let dir = tmpdir("inc_cycle_rel");
    std::fs::write(dir.join("a.s"), "#include \"b.s\"\n#define X 1\n").unwrap();
    std::fs::write(dir.join("b.s"), "#include \"a.s\"\n").unwrap();
    let cwd = std::env::current_dir().unwrap();
    let rel = pathdiff(&dir.join("a.s"), &cwd);
    let r = run_file(&rel, &Options::default());
    assert_eq!(r.codes(), ["E0121"]);
}

/// `target` relative to `base` via `..` components (both absolute).
fn pathdiff(target: &Path, base: &Path) -> PathBuf {
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut p = PathBuf::new();
    for _ in common..b.len() {
        p.push("..");
    }
    for c in &t[common..] {
        p.push(c);
    }
    p
}

#[test]
fn include_self() {
    let dir = tmpdir("inc_self");
    std::fs::write(dir.join("s.s"), "#include \"s.s\"\n").unwrap();
    let r = run_file(&dir.join("s.s"), &Options::default());
    let s = dir.join("s.s").display().to_string();
    assert_at(&r, r.only(), "E0121", &s, 1, 1, "#include \"s.s\"");
}

#[test]
fn include_nested_too_deeply() {
    let dir = tmpdir("inc_deep");
    for i in 0..80 {
        std::fs::write(dir.join(format!("n{i}.s")), format!("#include \"n{}.s\"\n", i + 1)).unwrap();
    }
    std::fs::write(dir.join("n80.s"), "NOP\n").unwrap();
    let r = run_file(&dir.join("n0.s"), &Options::default());
    let d = r.only();
    let at = dir.join("n64.s").display().to_string();
    assert_at(&r, d, "E0122", &at, 1, 1, "#include \"n65.s\"");
    assert!(d.message.contains("64"));
    // the rendering walks the include chain back to the top
    let text = r.render(d);
    assert_eq!(text.matches("included from here").count(), 64, "{text}");
}

#[test]
fn included_directory_is_not_a_file() {
    let dir = tmpdir("inc_dir");
    std::fs::create_dir_all(dir.join("sub.h")).unwrap();
    std::fs::write(dir.join("main.s"), "#include \"sub.h\"\n").unwrap();
    let r = run_file(&dir.join("main.s"), &Options::default());
    // reported as what it is, not as "not found"
    let d = r.only();
    assert_at(&r, d, "E0132", &dir.join("main.s").display().to_string(), 1, 1, "#include \"sub.h\"");
    assert!(d.message.contains("is a directory"), "{}", d.message);
}

#[test]
fn unreadable_top_level_file() {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let dir = tmpdir("unreadable");
    let got = preprocess_file(&dir.join("nope.s"), &Options::default(), &mut sm, &mut diags);
    assert!(got.is_none());
    assert_eq!(diags.list[0].code, "E0128");
    assert!(diags.list[0].origin.is_none());
    assert!(diags.has_errors());
}

// ---------------------------------------------------------------- lexical

#[test]
fn unterminated_block_comment() {
    let r = run("NOP\nNOP /* abc\nRET\n");
    let d = r.only();
    assert_at(&r, d, "E0103", "t.s", 2, 5, "/*");
    assert_range(d, 8, 10);
}

#[test]
fn unterminated_string() {
    let r = run("DATA x+0(SB)/8, $\"abc\nNOP\n");
    let d = r.only();
    assert_at(&r, d, "E0104", "t.s", 1, 18, "\"abc");
    assert_eq!(d.message, "string literal not terminated");
}

#[test]
fn unterminated_char() {
    let r = run("MOVQ $'a\n");
    let d = r.only();
    assert_at(&r, d, "E0104", "t.s", 1, 7, "'a");
    assert_eq!(d.message, "character literal not terminated");
    // at end of file, after an escape
    let r = run("MOVQ $'\\");
    assert_at(&r, r.only(), "E0104", "t.s", 1, 7, "'\\");
}

#[test]
fn malformed_numbers() {
    for (src, text) in [
        ("MOVQ $08, AX\n", "08"),
        ("MOVQ $0x, AX\n", "0x"),
        ("MOVQ $1e, AX\n", "1e"),
        ("MOVQ $0b12, AX\n", "0b12"),
        ("MOVQ $0o19, AX\n", "0o19"),
        ("MOVQ $12ab, AX\n", "12ab"),
        ("MOVQ $1__0, AX\n", "1__0"),
    ] {
        let r = run(src);
        assert_at(&r, r.only(), "E0105", "t.s", 1, 7, text);
    }
}

#[test]
fn non_utf8_bytes() {
    let r = run_bytes(b"NOP\nMOVQ \xff\xfe, AX\n", &Options::default());
    assert_eq!(r.codes(), ["E0101"]);
    let d = &r.list()[0];
    assert_range(d, 9, 11);
    assert_eq!(r.sm.line_col(d.origin.unwrap().span), (2, 6));
    assert!(d.message.contains("0xff"));
    assert!(r.diags.has_errors());
    // offsets after the bad bytes are still exact
    assert_eq!(r.sm.file(0).text.len(), 16);
    assert_eq!(r.sm.text(d.origin.unwrap().span), "\u{1a}\u{1a}");
}

#[test]
fn non_utf8_every_run_is_reported() {
    // each statement holding invalid UTF-8 is dropped, so each must be reported: the first ten
    // are kept, all fifty counted
    let mut src = Vec::new();
    for _ in 0..50 {
        src.extend_from_slice(b"NOP \xc3\x28\n");
    }
    let r = run_bytes(&src, &Options::default());
    assert_eq!(r.codes(), ["E0101"; 10]);
    assert_eq!(r.diags.error_count(), 50);
    assert_eq!(r.sm.line_col(r.list()[2].origin.unwrap().span), (3, 5));
    assert_eq!(r.sm.line_col(r.list()[9].origin.unwrap().span), (10, 5));
}

#[test]
fn unexpected_characters() {
    let r = run("NOP \u{20ac}\n");
    assert_at(&r, r.only(), "E0102", "t.s", 1, 5, "\u{20ac}");
    let r = run_bytes(b"NOP\x00\x00\x00\nRET\n", &Options::default());
    let d = r.only();
    assert_at(&r, d, "E0102", "t.s", 1, 4, "\0\0\0");
    assert!(d.message.contains("0x00"));
}

#[test]
fn binary_garbage_finishes_quickly_with_capped_diagnostics() {
    for seed in [1u64, 0x9e37_79b9_7f4a_7c15, 42] {
        let bytes = random_bytes(64 * 1024, seed);
        let t = Instant::now();
        let r = run_bytes(&bytes, &Options::default());
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        assert!(r.diags.has_errors());
        let errors = r.list().iter().filter(|d| d.level == Level::Error).count();
        assert!(errors <= 10, "{errors}");
        assert!(r.diags.error_count() > 10);
        assert!(r.diags.render(&r.sm, false).contains("too many errors"));
    }
}

#[test]
fn nul_bytes_only() {
    let r = run_bytes(&[0u8; 70_000], &Options::default());
    assert_at(&r, r.only(), "E0102", "t.s", 1, 1, &"\0".repeat(70_000));
}

#[test]
fn empty_file_warning() {
    for src in ["", "  \n\t\n", "\u{feff}"] {
        let r = run(src);
        let d = r.only();
        assert_at(&r, d, "W0102", "t.s", 1, 1, "");
        assert_range(d, 0, 0);
        assert!(!r.diags.has_errors(), "a warning only: exit status 0");
    }
}

// ---------------------------------------------------------------- many errors

#[test]
fn all_errors_in_a_file_are_reported() {
    let src = "\
#if X
NOP # y
#undef NOTDEF
#else
MOVQ \"abc
";
    let r = run(src);
    // lexical errors come first (a file is tokenized when it is loaded); sorted by line they
    // are one per line
    let mut by_line: Vec<(u32, &str)> =
        r.list().iter().map(|d| (r.sm.line_col(d.origin.unwrap().span).0, d.code)).collect();
    by_line.sort();
    assert_eq!(by_line, [(1, "E0110"), (2, "E0111"), (3, "E0114"), (4, "E0125"), (5, "E0104")]);
    assert_eq!(r.diags.error_count(), 5);
    assert!(!r.diags.render(&r.sm, false).contains("too many errors"));
}

#[test]
fn error_cap_stops_at_ten() {
    let src: String = (0..15).map(|i| format!("#pragma p{i}\n")).collect();
    let r = run_with(Diagnostics::new(10), src.as_bytes(), &Options::default());
    assert_eq!(r.list().len(), 10);
    assert_eq!(r.diags.error_count(), 15);
    assert!(r.diags.too_many());
    // the kept ones are the first ten
    assert_eq!(r.sm.line_col(r.list()[9].origin.unwrap().span).0, 10);
    let text = r.diags.render(&r.sm, false);
    assert!(text.contains("too many errors (15 in all, 10 shown)"), "{text}");
    assert_eq!(text.matches("error[E0110]").count(), 10);
}

#[test]
fn warnings_do_not_count_against_the_cap() {
    let mut src = String::new();
    for i in 0..12 {
        src.push_str(&format!("#define M{i} NOP \\\n NOP // x \\\n"));
    }
    let r = run_with(Diagnostics::new(10), src.as_bytes(), &Options::default());
    assert_eq!(r.list().len(), 12);
    assert!(!r.diags.has_errors());
}

#[test]
fn every_code_is_documented() {
    let codes: Vec<&str> = diag::CODES.iter().map(|c| c.0).collect();
    for c in [
        "E0101", "E0102", "E0103", "E0104", "E0105", "E0110", "E0111", "E0112", "E0113", "E0114", "E0115", "E0116",
        "E0117", "E0118", "E0119", "E0120", "E0121", "E0122", "E0123", "E0124", "E0125", "E0126", "E0127", "E0128",
        "W0101", "W0102",
    ] {
        assert!(codes.contains(&c), "{c}");
    }
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), codes.len(), "duplicate code in CODES");
}

// ---------------------------------------------------------------- limits and budgets

fn limited(limits: Limits) -> Options {
    Options { limits, ..Options::default() }
}

#[test]
fn macro_parameter_limit() {
    let opts = limited(Limits { max_macro_params: 3, ..Limits::default() });
    let r = run_bytes(b"#define M(a,b,c,d,e) a\nM(1,2,3,4,5)\n", &opts);
    // the definition is refused, so M is then an ordinary word
    let d = r.only();
    assert_at(&r, d, "E0131", "t.s", 1, 17, "d");
    assert!(r.render(d).contains("macro being defined"));
    // at the limit it is fine
    let r = run_bytes(b"#define M(a,b,c) c\nM(1,2,3)\n", &opts);
    assert!(r.diags.list.is_empty());
}

#[test]
fn ifdef_depth_limit_keeps_endifs_matched() {
    let opts = limited(Limits { max_ifdef_depth: 2, ..Limits::default() });
    let r = run_bytes(b"#ifndef A\n#ifndef B\n#ifndef C\nNOP\n#ifndef D\n#endif\n#endif\n#endif\n#endif\nRET\n", &opts);
    // one report (the deeper #ifndef D is inside the skipped region), no stray #endif
    let d = r.only();
    assert_at(&r, d, "E0129", "t.s", 3, 1, "#ifndef");
    let text = expand_render(&r);
    assert_eq!(text, "t.s:10\tRET\n");
}

fn expand_render(r: &Run) -> String {
    p9asm_macros::expand::render(&r.sm, &r.exp.tokens)
}

#[test]
fn macro_depth_limit_is_not_recursion() {
    let opts = limited(Limits { max_macro_depth: 4, ..Limits::default() });
    let r = run_bytes(b"#define A B\n#define B C\n#define C D\n#define D E\n#define E NOP\nA\n", &opts);
    let d = r.only();
    assert_at(&r, d, "E0130", "t.s", 4, 11, "E");
    assert!(d.message.contains("4 deep"), "{}", d.message);
    let text = r.render(d);
    assert!(text.contains("in expansion of A at t.s:6"), "{text}");
}

#[test]
fn include_count_budget() {
    let dir = tmpdir("inc_budget_count");
    std::fs::write(dir.join("e.h"), "NOP\n").unwrap();
    std::fs::write(dir.join("main.s"), "#include \"e.h\"\n".repeat(6)).unwrap();
    let opts = limited(Limits { max_included_files: 4, ..Limits::default() });
    let r = run_file(&dir.join("main.s"), &opts);
    let main = dir.join("main.s").display().to_string();
    assert_eq!(r.codes(), ["E0134", "E0134"]);
    assert_at(&r, &r.list()[0], "E0134", &main, 5, 1, "#include \"e.h\"");
    assert_at(&r, &r.list()[1], "E0134", &main, 6, 1, "#include \"e.h\"");
    // the four that were followed are there
    assert_eq!(r.exp.tokens.iter().filter(|t| t.kind == p9asm_macros::Kind::Ident).count(), 4);
    // built-in headers count too
    let r = run_bytes(
        b"#include \"funcdata.h\"\n#include \"go_tls.h\"\n",
        &limited(Limits { max_included_files: 1, ..Limits::default() }),
    );
    assert_at(&r, r.only(), "E0134", "t.s", 2, 1, "#include \"go_tls.h\"");
}

#[test]
fn include_bytes_budget() {
    let dir = tmpdir("inc_budget_bytes");
    std::fs::write(dir.join("a.h"), "NOP\n".repeat(100)).unwrap(); // 400 bytes
    std::fs::write(dir.join("main.s"), "#include \"a.h\"\n#include \"a.h\"\n#include \"a.h\"\n").unwrap();
    let opts = limited(Limits { max_included_bytes: 1000, ..Limits::default() });
    let r = run_file(&dir.join("main.s"), &opts);
    let main = dir.join("main.s").display().to_string();
    let d = r.only();
    assert_at(&r, d, "E0134", &main, 3, 1, "#include \"a.h\"");
    assert!(d.message.contains("1000 bytes"), "{}", d.message);
    let r = run_bytes(b"#include \"textflag.h\"\n", &limited(Limits { max_included_bytes: 100, ..Limits::default() }));
    assert_at(&r, r.only(), "E0134", "t.s", 1, 1, "#include \"textflag.h\"");
}

#[test]
fn file_size_limit() {
    let opts = limited(Limits { max_file_bytes: 15, ..Limits::default() });
    let five = "NOP\n".repeat(5); // 20 bytes
    // in memory: reported without a position, the text dropped (and no "empty file" warning)
    let r = run_bytes(five.as_bytes(), &opts);
    let d = r.only();
    assert_eq!(d.code, "E0133");
    assert!(d.origin.is_none());
    assert!(r.diags.has_errors());
    // from disk, top level and included
    let dir = tmpdir("file_size");
    std::fs::write(dir.join("b.h"), &five).unwrap();
    std::fs::write(dir.join("main.s"), "#include \"b.h\"\n").unwrap(); // 15 bytes
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    assert!(preprocess_file(&dir.join("b.h"), &opts, &mut sm, &mut diags).is_none());
    assert_eq!(diags.list[0].code, "E0133");
    assert!(diags.list[0].message.contains("20 bytes"), "{}", diags.list[0].message);
    let r = run_file(&dir.join("main.s"), &opts);
    let main = dir.join("main.s").display().to_string();
    assert_at(&r, r.only(), "E0133", &main, 1, 1, "#include \"b.h\"");
}

#[test]
fn too_many_defines() {
    let opts = Options {
        defines: (0..30).map(|i| format!("D{i}")).collect(),
        limits: Limits { max_defines: 20, ..Limits::default() },
        ..Options::default()
    };
    let r = run_bytes(b"#ifdef D19\nNOP\n#endif\n#ifdef D20\nBAD\n#endif\n", &opts);
    let d = r.only();
    assert_eq!(d.code, "E0127");
    assert!(d.message.contains("30 -D definitions"), "{}", d.message);
    assert_eq!(expand_render(&r), "t.s:2\tNOP\n");
}

#[test]
fn special_files_top_level_and_included() {
    let dir = tmpdir("special");
    let fifo = dir.join("p.s");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (path, kind) in
        [(PathBuf::from("/dev/zero"), "character device"), (fifo.clone(), "FIFO"), (dir.clone(), "directory")]
    {
        let mut sm = SourceMap::new();
        let mut diags = Diagnostics::default();
        let t = Instant::now();
        assert!(preprocess_file(&path, &Options::default(), &mut sm, &mut diags).is_none());
        assert!(t.elapsed() < Duration::from_secs(2));
        assert_eq!(diags.list[0].code, "E0132");
        assert!(diags.list[0].message.contains(kind), "{}", diags.list[0].message);
        assert!(diags.has_errors());
    }
    std::fs::write(dir.join("main.s"), "NOP\n#include \"/dev/zero\"\n#include \"p.s\"\nRET\n").unwrap();
    let r = run_file(&dir.join("main.s"), &Options::default());
    let main = dir.join("main.s").display().to_string();
    assert_eq!(r.codes(), ["E0132", "E0132"]);
    assert_at(&r, &r.list()[0], "E0132", &main, 2, 1, "#include \"/dev/zero\"");
    assert_at(&r, &r.list()[1], "E0132", &main, 3, 1, "#include \"p.s\"");
    assert!(r.list()[1].message.contains("FIFO"));
}

#[test]
fn literal_sub_and_form_feed_are_reported() {
    let r = run_bytes(b"NOP\nMOVQ $1, AX \x1a\nRET\n", &Options::default());
    assert_at(&r, r.only(), "E0102", "t.s", 2, 13, "\x1a");
    let r = run_bytes(b"NOP\x0cRET\n", &Options::default());
    assert_at(&r, r.only(), "E0102", "t.s", 1, 4, "\x0c");
    // a literal U+001A right before a replaced invalid byte: both reported, each for itself
    let r = run_bytes(b"NOP \x1a\xff\n", &Options::default());
    assert_eq!(r.codes(), ["E0102", "E0101"]);
    assert_range(&r.list()[0], 4, 5);
    assert_range(&r.list()[1], 5, 6);
}

#[test]
fn huge_parameter_lists_are_linear() {
    for n in [100_000usize, 200_000] {
        let params: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
        let src = format!("#define M({}) a{}\nM({})\n", params.join(","), n - 1, vec!["7"; n].join(","));
        let t = Instant::now();
        let r = run(&src);
        let took = t.elapsed();
        assert!(r.diags.list.is_empty());
        assert!(took < Duration::from_secs(2), "{n}: {took:?}");
    }
}
