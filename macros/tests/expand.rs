//! Snapshot-style tests of `p9asm expand` output (`p9asm_macros::expand::render`): one statement
//! per line, `origin<TAB>statement`, with `<- MACRO@file:line` for every invocation.

use std::path::PathBuf;

use p9asm_macros::diag::Diagnostics;
use p9asm_macros::{Options, SourceMap, expand, preprocess_bytes};

fn expand_with(src: &str, opts: &Options) -> String {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let exp = preprocess_bytes("t.s".into(), None, src.as_bytes().to_vec(), opts, &mut sm, &mut diags);
    assert!(diags.list.is_empty(), "{}", diags.render(&sm, false));
    expand::render(&sm, &exp.tokens)
}

fn expand(src: &str) -> String {
    expand_with(src, &Options::default())
}

fn amd64() -> Options {
    Options { goarch: Some("amd64".into()), goos: Some("linux".into()), ..Options::default() }
}

#[test]
fn object_like_macro() {
    assert_eq!(expand("#define X 1\nMOVQ $X, AX\n"), "t.s:2\tMOVQ\t$1, AX\n");
    // a body of several tokens, used twice on one line
    assert_eq!(
        expand("#define OFF 8+8\nMOVQ OFF(SP), AX; MOVQ $OFF, BX\n"),
        "t.s:2\tMOVQ\t8+8(SP), AX\nt.s:2\tMOVQ\t$8+8, BX\n"
    );
}

#[test]
fn object_like_macro_producing_a_statement_is_tagged() {
    assert_eq!(expand("#define R RET\nR\n"), "t.s:1 <- R@t.s:2\tRET\n");
}

#[test]
fn object_like_when_paren_is_not_adjacent() {
    // `#define M (x) x` is object-like, as in Go: the body is `(x) x`
    assert_eq!(expand("#define M (x) x\nM\n"), "t.s:1 <- M@t.s:2\t(\tx)x\n");
}

#[test]
fn function_like_macro() {
    assert_eq!(expand("#define LOAD(r, off) MOVQ off(SP), r\nLOAD(AX, 8)\n"), "t.s:1 <- LOAD@t.s:2\tMOVQ\t8(SP), AX\n");
}

#[test]
fn function_like_macro_arguments() {
    // commas inside parentheses do not split; brackets are not tracked (as in Go)
    assert_eq!(expand("#define P(a,b) a b\nP((1,2), [3)\n"), "t.s:2\t(\t1, 2)[3\n");
    assert_eq!(expand("#define Z() RET\nZ()\n"), "t.s:1 <- Z@t.s:2\tRET\n");
}

/// The expansion and the (code, line, column) of each diagnostic.
fn expand_diags(src: &str) -> (String, Vec<(&'static str, u32, u32)>) {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let exp = preprocess_bytes("t.s".into(), None, src.as_bytes().to_vec(), &Options::default(), &mut sm, &mut diags);
    let found = diags
        .list
        .iter()
        .map(|d| {
            let (l, c) = sm.line_col(d.origin.unwrap().span);
            (d.code, l, c)
        })
        .collect();
    (expand::render(&sm, &exp.tokens), found)
}

#[test]
fn empty_macro_arguments_leave_the_parameter_name_as_in_go() {
    // Go 1.19 substitutes only non-empty arguments (lex/input.go: argsFor maps an empty argument
    // to nil, invokeMacro skips nil): the parameter's own name stays. An empty last argument
    // still counts (no E0115), and each use that keeps a name is warned about (W0103).
    let m = "#define M(a,b) MOVQ a, b\n";
    assert_eq!(
        expand_diags(&format!("{m}M(AX,)\n")),
        ("t.s:1 <- M@t.s:2\tMOVQ\tAX, b\n".into(), vec![("W0103", 2, 1)])
    );
    assert_eq!(
        expand_diags(&format!("{m}M(,BX)\n")),
        ("t.s:1 <- M@t.s:2\tMOVQ\ta, BX\n".into(), vec![("W0103", 2, 1)])
    );
    assert_eq!(expand_diags(&format!("{m}M(,)\n")), ("t.s:1 <- M@t.s:2\tMOVQ\ta, b\n".into(), vec![("W0103", 2, 1)]));
    // spaces are no argument either
    assert_eq!(
        expand_diags(&format!("{m}\tM( AX , )\n")),
        ("t.s:1 <- M@t.s:2\tMOVQ\tAX, b\n".into(), vec![("W0103", 2, 2)])
    );
    // one parameter, empty
    assert_eq!(expand_diags("#define S(a) NOP a\nS()\n"), ("t.s:1 <- S@t.s:2\tNOP\ta\n".into(), vec![("W0103", 2, 1)]));
    // no parameters: `()` is no argument at all, nothing to warn about
    assert_eq!(expand_diags("#define Z() NOP\nZ()\n"), ("t.s:1 <- Z@t.s:2\tNOP\n".into(), vec![]));
    // an empty argument for a parameter the body does not use changes nothing
    assert_eq!(expand_diags("#define U(a,b) NOP a\nU(AX,)\n"), ("t.s:1 <- U@t.s:2\tNOP\tAX\n".into(), vec![]));
    // one warning per invocation, naming each parameter once
    let (_, d) = expand_diags("#define D(a,b) a a b\nD(,)\n");
    assert_eq!(d, [("W0103", 2, 1)]);
    // the argument count still counts an empty last argument
    let (_, d) = expand_diags("#define T(a,b,c) a b c\nT(1,)\n");
    assert_eq!(d, [("E0115", 2, 1)]);
}

#[test]
fn macro_in_its_own_argument_is_not_recursion() {
    assert_eq!(expand("#define F(x) x\nF(F(F(NOP)))\n"), "t.s:2\tNOP\n");
}

#[test]
fn nested_macros_report_every_level() {
    let src = "\
#define INNER(r) MOVQ r, AX
#define OUTER INNER(BX); RET
OUTER
";
    assert_eq!(expand(src), "t.s:1 <- INNER@t.s:2 <- OUTER@t.s:3\tMOVQ\tBX, AX\nt.s:2 <- OUTER@t.s:3\tRET\n");
}

#[test]
fn continuation_lines() {
    let src = "\
#define TWO(a) MOVQ a, AX; \\
\tADDQ $1, AX \\
\tRET
TEXT f(SB), 0, $0
\tTWO($3)
";
    assert_eq!(
        expand(src),
        "\
t.s:4\tTEXT\tf(SB), 0, $0
t.s:1 <- TWO@t.s:5\tMOVQ\t$3, AX
t.s:2 <- TWO@t.s:5\tADDQ\t$1, AX
t.s:3 <- TWO@t.s:5\tRET
"
    );
}

#[test]
fn continuation_with_block_comments_inside() {
    let src = "#define M NOP; /* one */ \\\n\t/* two */ RET\nM\n";
    assert_eq!(expand(src), "t.s:1 <- M@t.s:3\tNOP\nt.s:2 <- M@t.s:3\tRET\n");
}

#[test]
fn semicolon_separates_statements() {
    assert_eq!(expand("\tREP;MOVSB\n"), "t.s:1\tREP\nt.s:1\tMOVSB\n");
    // empty statements vanish
    assert_eq!(expand(";;NOP;;\n;\n"), "t.s:1\tNOP\n");
}

#[test]
fn ifdef_goarch() {
    let src = "\
#ifdef GOARCH_amd64
\tMOVQ AX, BX
#else
\tMOVD R1, R2
#endif
#ifndef GOOS_linux
\tBAD
#endif
";
    assert_eq!(expand_with(src, &amd64()), "t.s:2\tMOVQ\tAX, BX\n");
    let arm64 = Options { goarch: Some("arm64".into()), ..Options::default() };
    assert_eq!(expand_with(src, &arm64), "t.s:4\tMOVD\tR1, R2\nt.s:7\tBAD\n");
}

#[test]
fn nested_ifdef_and_directives_in_false_branches() {
    let src = "\
#ifdef NOPE
#ifdef GOARCH_amd64
A
#else
B
#endif
#pragma ignored in a false branch
#define Q 1
#else
#ifndef Q
C
#endif
#endif
";
    assert_eq!(expand_with(src, &amd64()), "t.s:11\tC\n");
}

#[test]
fn command_line_defines() {
    let opts = Options { defines: vec!["SIZE=16".into(), "FLAG".into(), "EXPR=(1<<3)".into()], ..Options::default() };
    assert_eq!(
        expand_with("MOVQ $SIZE, AX; MOVQ $FLAG, BX\nMOVQ $EXPR, CX\n", &opts),
        "t.s:1\tMOVQ\t$16, AX\nt.s:1\tMOVQ\t$1, BX\nt.s:2\tMOVQ\t$(1<<3), CX\n"
    );
    assert_eq!(expand_with("#ifdef FLAG\nYES\n#endif\n", &opts), "t.s:2\tYES\n");
}

#[test]
fn builtin_textflag_h() {
    assert_eq!(
        expand("#include \"textflag.h\"\nTEXT ·f(SB), NOSPLIT|WRAPPER, $-8-32\n"),
        "t.s:2\tTEXT\t·f(SB), 4|32, $-8-32\n"
    );
}

#[test]
fn builtin_funcdata_h() {
    assert_eq!(
        expand("#include \"funcdata.h\"\nNO_LOCAL_POINTERS\nGO_RESULTS_INITIALIZED\n"),
        "<builtin>/funcdata.h:29 <- NO_LOCAL_POINTERS@t.s:2\tFUNCDATA\t$1, no_pointers_stackmap(SB)\n\
         <builtin>/funcdata.h:25 <- GO_RESULTS_INITIALIZED@t.s:3\tPCDATA\t$1, $1\n"
    );
}

#[test]
fn builtin_go_tls_h_for_amd64() {
    assert_eq!(
        expand_with("#include \"go_tls.h\"\nget_tls(CX)\nMOVQ g(CX), AX\n", &amd64()),
        "<builtin>/go_tls.h:8 <- get_tls@t.s:2\tMOVQ\tTLS, CX\nt.s:3\tMOVQ\t0(CX)(TLS*1), AX\n"
    );
}

#[test]
fn line_directive() {
    assert_eq!(
        expand("NOP\n#line 100 \"orig.s\"\nNOP\nNOP\n#line 7\nRET\n"),
        "t.s:1\tNOP\norig.s:100\tNOP\norig.s:101\tNOP\nt.s:7\tRET\n"
    );
}

#[test]
fn undef_then_redefine() {
    assert_eq!(expand("#define A 1\n#undef A\n#define A 2\nMOVQ $A, AX\n"), "t.s:4\tMOVQ\t$2, AX\n");
}

#[test]
fn labels_and_suffixes_are_printed() {
    assert_eq!(expand("loop: a: MOVW.P R1, 4(R2)\n"), "t.s:1\tloop:\ta:\tMOVW.P\tR1, 4(R2)\n");
}

#[test]
fn include_from_a_file_directory() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("expand_inc");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // a file next to the source wins over the built-in header of the same name
    std::fs::write(dir.join("textflag.h"), "#define NOSPLIT 99\n").unwrap();
    let main = dir.join("main.s");
    std::fs::write(&main, "#include \"textflag.h\"\nTEXT f(SB), NOSPLIT, $0\n").unwrap();
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let exp = p9asm_macros::preprocess_file(&main, &Options::default(), &mut sm, &mut diags).unwrap();
    assert!(diags.list.is_empty());
    let out = expand::render(&sm, &exp.tokens);
    assert_eq!(out, format!("{}:2\tTEXT\tf(SB), 99, $0\n", main.display()));
}

// ---------------------------------------------------------------- stubs/asm_amd64.s

fn stub_expansion() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../stubs/asm_amd64.s");
    let bytes = std::fs::read(&path).unwrap();
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let exp = preprocess_bytes("stubs/asm_amd64.s".into(), Some(path), bytes, &amd64(), &mut sm, &mut diags);
    assert!(diags.list.is_empty(), "{}", diags.render(&sm, false));
    expand::render(&sm, &exp.tokens)
}

/// What CALLFN expands to after its TEXT line and NO_LOCAL_POINTERS: 18 statements, with the body
/// line each comes from (20 statements per invocation in all).
const CALLFN_BODY: &[(u32, &str)] = &[
    (64, "MOVQ\targptr+16(FP), SI"),
    (65, "MOVLQZX\targsize+24(FP), CX"),
    (66, "MOVQ\tSP, DI"),
    (67, "REP"),
    (67, "MOVSB"),
    (69, "MOVQ\tf+8(FP), DX"),
    (70, "PCDATA\t$1, $0"),
    (71, "CALL\t(DX)"),
    (73, "MOVQ\targtype+0(FP), DX"),
    (74, "MOVQ\targptr+16(FP), DI"),
    (75, "MOVLQZX\targsize+24(FP), CX"),
    (76, "MOVLQZX\tretoffset+28(FP), BX"),
    (77, "MOVQ\tSP, SI"),
    (78, "ADDQ\tBX, DI"),
    (79, "ADDQ\tBX, SI"),
    (80, "SUBQ\tBX, CX"),
    (81, "CALL\tcallRet<>(SB)"),
    (82, "RET"),
];

#[test]
fn stub_callfn_bodies() {
    let out = stub_expansion();
    let lines: Vec<&str> = out.lines().collect();
    let mut found = 0;
    for (k, n) in (5..=30).map(|s| 1u64 << s).enumerate() {
        let call_line = 97 + k as u32;
        let tag = format!("<- CALLFN@stubs/asm_amd64.s:{call_line}");
        let text = format!("stubs/asm_amd64.s:61 {tag}\tTEXT\t·call{n}(SB), 32, ${n}-32");
        let at = lines.iter().position(|l| *l == text).unwrap_or_else(|| panic!("no line {text:?} in\n{out}"));
        // the whole body follows, every statement tagged with this invocation
        let body: Vec<&str> = lines[at + 1..].iter().take_while(|l| l.contains(&tag)).copied().collect();
        assert_eq!(body.len(), 1 + CALLFN_BODY.len(), "call{n}: {body:#?}");
        assert_eq!(
            body[0],
            format!(
                "<builtin>/funcdata.h:29 <- NO_LOCAL_POINTERS@stubs/asm_amd64.s:62 {tag}\tFUNCDATA\t$1, no_pointers_stackmap(SB)"
            )
        );
        assert_eq!(body[1], format!("stubs/asm_amd64.s:64 {tag}\t{}", CALLFN_BODY[0].1));
        for (got, (line, stmt)) in body[1..].iter().zip(CALLFN_BODY) {
            assert_eq!(*got, format!("stubs/asm_amd64.s:{line} {tag}\t{stmt}"));
        }
        found += 1;
    }
    assert_eq!(found, 26);
    assert_eq!(out.matches("<- CALLFN@").count(), 26 * 20);
    // the last body ends the file
    assert!(out.ends_with("stubs/asm_amd64.s:82 <- CALLFN@stubs/asm_amd64.s:122\tRET\n"));
}

#[test]
fn stub_dispatch_and_header() {
    let out = stub_expansion();
    let head: Vec<&str> = out.lines().take(8).collect();
    assert_eq!(
        head,
        [
            "stubs/asm_amd64.s:26\tTEXT\treflect·call(SB), 4, $0-0",
            "stubs/asm_amd64.s:27\tJMP\t·reflectcall(SB)",
            "stubs/asm_amd64.s:29\tTEXT\t·reflectcall(SB), 4, $0-32",
            "stubs/asm_amd64.s:30\tMOVLQZX\targsize+24(FP), CX",
            "stubs/asm_amd64.s:20 <- DISPATCH@stubs/asm_amd64.s:31\tCMPQ\tCX, $32",
            "stubs/asm_amd64.s:21 <- DISPATCH@stubs/asm_amd64.s:31\tJA\t3(PC)",
            "stubs/asm_amd64.s:22 <- DISPATCH@stubs/asm_amd64.s:31\tMOVQ\t$runtime·call32(SB), AX",
            "stubs/asm_amd64.s:23 <- DISPATCH@stubs/asm_amd64.s:31\tJMP\tAX",
        ]
    );
    assert_eq!(out.matches("<- DISPATCH@").count(), 26 * 4);
    assert!(out.contains("stubs/asm_amd64.s:23 <- DISPATCH@stubs/asm_amd64.s:56\tJMP\tAX\n"));
    assert!(out.contains("stubs/asm_amd64.s:88\tTEXT\tcallRet<>(SB), 4, $32-0\n"));
    // statements: 4 + 26*4 + 2 (reflectcall) + 8 (callRet) + 26*21 (CALLFN bodies)
    assert_eq!(out.lines().count(), 4 + 26 * 4 + 2 + 8 + 26 * 20);
}

#[test]
fn parameter_indices_past_u16() {
    // indices were u16 with u16::MAX meaning "not a parameter"
    let n = 66_000;
    let params: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let args: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    let src = format!(
        "#define M({}) MOVQ $p65534, AX; MOVQ $p65535, BX; MOVQ $p65536, CX; MOVQ $p0, DX\nM({})\n",
        params.join(","),
        args.join(",")
    );
    let out = expand(&src);
    let got: Vec<&str> = out.lines().map(|l| l.split('\t').nth(2).unwrap_or("")).collect();
    assert_eq!(got, ["$65534, AX", "$65535, BX", "$65536, CX", "$0, DX"]);
}

#[test]
fn arguments_are_substituted_from_one_buffer() {
    // empty, nested and repeated arguments around the reused argument buffer
    // (the empty one keeps its parameter's name, as in Go)
    let (out, d) = expand_diags("#define T(a,b,c) a c b a\n#define U(x) T(x,,(x,x))\nU(1)\nU(2)\n");
    assert_eq!(out, "t.s:3\t1\t(1, 1)b 1\nt.s:4\t2\t(2, 2)b 2\n");
    assert_eq!(d, [("W0103", 2, 14), ("W0103", 2, 14)]);
}

#[test]
fn line_directives_by_binary_search() {
    let mut src = String::new();
    for i in 0..1000 {
        src.push_str(&format!("#line {} \"f{}.s\"\nNOP\n", 10 * i + 1, i % 3));
    }
    let out = expand(&src);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1000);
    assert_eq!(lines[0], "f0.s:1\tNOP");
    assert_eq!(lines[500], "f2.s:5001\tNOP");
    assert_eq!(lines[999], "f0.s:9991\tNOP");
}

/// A chunk ends at the first statement end after [`CHUNK_TOKENS`] tokens, whatever the file:
/// the fast copy of plain tokens used to run on to the end of the lexer's buffer, which ends
/// anywhere, so a chunk ended only where a buffer happened to end on a newline (chunks of
/// 60 000 tokens, and of the whole file for an unlucky one).
#[test]
fn chunks_end_at_the_first_statement_end_past_the_chunk_size() {
    use p9asm_macros::preprocess::{CHUNK_TOKENS, Preprocessor};
    // ten tokens a line, so that lines and the lexer's 4096-token buffers line up only every
    // 20 480 tokens
    let text: String = (0..200_000).map(|i| format!("\tADDQ\t{i}(SP), AX, BX\n")).collect();
    let sm = SourceMap::new();
    let mut pp = Preprocessor::new(&sm, &Options::default(), 10);
    pp.begin("t.s".into(), None, text.into_bytes());
    let (mut buf, mut chunks, mut tokens) = (Vec::new(), 0, 0);
    loop {
        buf.clear();
        let more = pp.next_chunk(&mut buf);
        tokens += buf.len();
        chunks += 1;
        let longest_statement = 10;
        assert!(buf.len() <= CHUNK_TOKENS + longest_statement, "chunk {chunks}: {} tokens", buf.len());
        if !more {
            break;
        }
    }
    assert_eq!(tokens, 200_000 * 10 + 1, "every token, then the end");
}

/// `expand_file` on a file of many chunks prints what the whole expansion renders, chunk after
/// chunk, and (the file being large enough to be mapped) hands the pages behind the chunk it
/// prints back as it goes: of its own file only, not an included one's offsets.
#[test]
fn expand_file_streams_every_chunk_and_hands_pages_back() {
    let dir = std::env::temp_dir().join(format!("p9asm-expand-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("inc.h"), "#define TWICE(r) ADDQ r, r; ADDQ r, r\n").unwrap();
    let mut text = String::from("#include \"inc.h\"\n");
    for i in 0..120_000 {
        text.push_str(&if i % 7 == 0 { format!("\tTWICE(R{})\n", i % 16) } else { format!("\tMOVQ\t{i}(SP), AX\n") });
    }
    assert!(text.len() as u64 > p9asm_macros::source::MAP_MIN_BYTES, "big enough to be mapped");
    let path = dir.join("big.s");
    std::fs::write(&path, &text).unwrap();
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    expand::expand_file(&path, &Options::default(), &mut sm, &mut diags, &mut out).unwrap();
    assert!(diags.list.is_empty(), "{}", diags.render(&sm, false));
    let root = sm.file_by_path(&path).expect("the file is in the map");
    let released = sm.file(root).text.released();
    assert!(released >= text.len() / 2, "handed back {released} of {} bytes", text.len());

    let mut whole_sm = SourceMap::new();
    let exp = preprocess_bytes(
        path.to_string_lossy().into_owned(),
        Some(path.clone()),
        text.into_bytes(),
        &Options::default(),
        &mut whole_sm,
        &mut diags,
    );
    let want = expand::render(&whole_sm, &exp.tokens);
    let got = String::from_utf8(out).unwrap();
    assert_eq!(got.lines().count(), want.lines().count(), "every statement");
    assert!(got == want, "the same text as the whole expansion");
    let _ = std::fs::remove_dir_all(&dir);
}
