//! Hostile input to the whole front end, assembled end to end (`assemble_source` /
//! `assemble_file`, as `p9asm asm` does): every bad input gets a coded diagnostic with a span and
//! no object (exit 1); nothing panics, hangs or is dropped silently. One section per class:
//! bytes the lexer rejects, character constants, fixed-width counters, budgets (with timing
//! bounds for linearity), and files that are not regular files.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use p9asm::{AsmOptions, Assembled, GoArch, assemble_file, assemble_source};
use p9asm_macros::SourceMap;
use p9asm_macros::diag::{self, Diag, Diagnostics, Level};

struct Run {
    sm: SourceMap,
    diags: Diagnostics,
    out: Assembled,
}

impl Run {
    fn codes(&self) -> Vec<&'static str> {
        self.diags.list.iter().map(|d| d.code).collect()
    }
    fn only(&self) -> &Diag {
        assert_eq!(self.diags.list.len(), 1, "{}", self.diags.render(&self.sm, false));
        &self.diags.list[0]
    }
    fn ok(&self) -> bool {
        !self.diags.has_errors() && self.out.object.is_some()
    }
}

fn opts() -> AsmOptions {
    let mut o = AsmOptions::new(GoArch::Amd64);
    o.keep_progs = true;
    o
}

fn asm(src: &[u8]) -> Run {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let out = assemble_source("t.s", None, src.to_vec(), &opts(), &mut sm, &mut diags);
    let r = Run { sm, diags, out };
    for d in &r.diags.list {
        let _ = diag::render(d, &r.sm, false);
    }
    r
}

fn asm_path(path: &Path) -> Run {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let out = assemble_file(path, &opts(), &mut sm, &mut diags);
    Run { sm, diags, out }
}

/// Code, line:col, the text under the span, and that the run failed without an object.
#[track_caller]
fn assert_at(r: &Run, d: &Diag, code: &str, line: u32, col: u32, text: &str) {
    assert_eq!(d.code, code, "{}", r.diags.render(&r.sm, false));
    let o = d.origin.expect("a position");
    assert_eq!(r.sm.line_col(o.span), (line, col), "{}", r.diags.render(&r.sm, false));
    assert_eq!(r.sm.text(o.span), text, "{d:?}");
    assert_eq!(d.level, Level::Error);
    assert_failed(r);
}

#[track_caller]
fn assert_failed(r: &Run) {
    assert!(r.diags.has_errors());
    assert!(r.out.object.is_none(), "an object was written despite errors");
}

fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile_frontend").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn func(body: &str) -> Vec<u8> {
    format!("TEXT ·f(SB),4,$0\n{body}\tRET\n").into_bytes()
}

// ---------------------------------------------------------------- bytes the lexer rejects

#[test]
fn literal_sub_byte_is_reported_not_dropped() {
    // the reproducer: `MOVQ $1, AX` used to vanish silently (0x1a was taken for an
    // already-reported invalid byte), leaving just RET
    let r = asm(b"TEXT \xc2\xb7f(SB),4,$0\n\tMOVQ $1, AX \x1a\n\tRET\n");
    let d = r.only();
    assert_at(&r, d, "E0102", 2, 14, "\x1a");
    assert!(d.message.contains("0x1a"), "{}", d.message);
    // the same without the byte assembles
    assert!(asm(b"TEXT \xc2\xb7f(SB),4,$0\n\tMOVQ $1, AX\n\tRET\n").ok());
}

#[test]
fn form_feed_and_vertical_tab_are_rejected_as_go_does() {
    // Go: "expected end of operand"; p9asm used to take them for whitespace
    for (b, col) in [(b'\x0c', 13), (b'\x0b', 13)] {
        let mut src = func("\tMOVQ $1, AX");
        let at = src.windows(2).position(|w| w == b"AX").unwrap() + 2;
        src.insert(at, b);
        let r = asm(&src);
        assert_at(&r, r.only(), "E0102", 2, col, std::str::from_utf8(&[b]).unwrap());
    }
}

#[test]
fn every_invalid_utf8_run_is_reported() {
    // the fourth and later bad lines used to be dropped with no diagnostic (only three were
    // reported)
    let mut src = b"TEXT \xc2\xb7f(SB),4,$0\n".to_vec();
    for _ in 0..5 {
        src.extend_from_slice(b"\tMOVQ $1, \xff\n");
    }
    src.extend_from_slice(b"\tRET\n");
    let r = asm(&src);
    assert_eq!(r.codes(), ["E0101"; 5]);
    for (k, d) in r.diags.list.iter().enumerate() {
        assert_at(&r, d, "E0101", 2 + k as u32, 11, "\u{1a}");
    }
}

#[test]
fn invalid_utf8_inside_a_string_or_comment_is_reported() {
    let r = asm(b"DATA s<>+0(SB)/4, $\"a\xffb\"\nGLOBL s<>(SB), 8, $4\n");
    assert_at(&r, r.only(), "E0101", 1, 22, "\u{1a}");
    let r = asm(b"TEXT \xc2\xb7f(SB),4,$0\n\tNOP // caf\xe9\n\tRET\n");
    assert_at(&r, r.only(), "E0101", 2, 12, "\u{1a}");
}

#[test]
fn control_characters_in_macro_bodies_are_reported_where_written() {
    let r = asm(b"#define M MOVQ $1, AX \x01\nTEXT \xc2\xb7f(SB),4,$0\n\tM\n\tRET\n");
    assert_at(&r, r.only(), "E0102", 1, 23, "\x01");
}

// ---------------------------------------------------------------- character constants

/// The immediate `MOVQ $lit, AX` assembles to, or the diagnostics.
fn char_imm(lit: &str) -> Result<i64, Box<Run>> {
    let r = asm(&func(&format!("\tMOVQ ${lit}, AX\n")));
    if !r.ok() {
        return Err(Box::new(r));
    }
    let p = &r.out.funcs[0].func.progs[1];
    match p.args[0].addr {
        p9asm::prog::Addr::Imm(v) => Ok(v),
        ref a => panic!("{lit}: {a:?}"),
    }
}

/// Character constants and what Go 1.19's assembler makes of them (`None`: rejected), as
/// `go tool asm` gives them (see `character_constants_agree_with_go`).
const CHARS: &[(&str, Option<i64>)] = &[
    ("'a'", Some(97)),
    ("'é'", Some(0xe9)),
    ("'\\a'", Some(7)),
    ("'\\b'", Some(8)),
    ("'\\f'", Some(12)),
    ("'\\n'", Some(10)),
    ("'\\r'", Some(13)),
    ("'\\t'", Some(9)),
    ("'\\v'", Some(11)),
    ("'\\\\'", Some(92)),
    ("'\\''", Some(39)),
    ("'\"'", Some(34)),
    ("'\\x41'", Some(65)),
    ("'\\x7f'", Some(127)),
    ("'\\101'", Some(65)),
    ("'\\177'", Some(127)),
    ("'\\u00e9'", Some(0xe9)),
    ("'\\ufffd'", Some(0xfffd)),
    ("'\\U0010ffff'", Some(0x10ffff)),
    ("'\\xff'", None),
    ("'\\x80'", None),
    ("'\\377'", None),
    ("'\\400'", None),
    ("'\\18'", None),
    ("'\\x4'", None),
    ("'\\ud800'", None),
    ("'\\U00110000'", None),
    ("'\\q'", None),
    ("'\\\"'", None),
    ("'ab'", None),
    ("'\\n\\n'", None),
];

#[test]
fn character_constants_follow_go() {
    for &(lit, want) in CHARS {
        match (char_imm(lit), want) {
            (Ok(v), Some(w)) => assert_eq!(v, w, "{lit}"),
            (Err(r), None) => assert_at(&r, r.only(), "E0135", 2, 8, lit),
            (got, _) => panic!("{lit}: got {:?}, Go gives {want:?}", got.map_err(|r| r.codes())),
        }
    }
    // Go accepts '' as U+FFFD (after a scanner message); p9asm rejects it
    let r = char_imm("''").unwrap_err();
    assert_at(&r, r.only(), "E0135", 2, 8, "''");
}

#[test]
fn character_constants_agree_with_go() {
    if !common::oracle_available(common::GO) {
        return;
    }
    let dir = scratch("chars_oracle");
    for (k, &(lit, want)) in CHARS.iter().enumerate() {
        let file = dir.join(format!("c{k}.s"));
        std::fs::write(&file, func(&format!("\tMOVQ ${lit}, AX\n"))).unwrap();
        let obj = dir.join(format!("c{k}.o"));
        let out = Command::new(common::GO)
            .args(["tool", "asm", "-p", "p", "-o"])
            .arg(&obj)
            .arg(&file)
            .env("GOOS", "linux")
            .env("GOARCH", "amd64")
            .env("GOCACHE", std::env::temp_dir().join("p9asm-gocache"))
            .output()
            .expect("go tool asm");
        assert_eq!(out.status.success(), want.is_some(), "{lit}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

// ---------------------------------------------------------------- counters and sentinels

#[test]
fn more_parameters_than_u16_holds() {
    // parameter indices were u16 with u16::MAX as "no parameter": index 65535 collided with
    // it and 65536 wrapped to 0
    let n = 70_000;
    let params: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let args: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    let src = format!(
        "#define M({}) MOVQ $p65535, AX; MOVQ $p65536, BX; MOVQ $p69999, CX\nTEXT ·f(SB),4,$0\n\tM({})\n\tRET\n",
        params.join(","),
        args.join(",")
    );
    let r = asm(src.as_bytes());
    assert!(r.ok(), "{}", r.diags.render(&r.sm, false));
    let imms: Vec<_> = r.out.funcs[0].func.progs[1..4].iter().map(|p| p.args[0].addr.clone()).collect();
    use p9asm::prog::Addr::Imm;
    assert_eq!(imms, [Imm(65535), Imm(65536), Imm(69999)]);
}

#[test]
fn huge_line_numbers_do_not_wrap() {
    // 4294967295 used to overflow the line arithmetic of the next line
    let r = asm(b"#line 4294967295\nNOP\n");
    assert_at(&r, &r.diags.list[0], "E0126", 1, 7, "4294967295");
    // the largest allowed: lines after it count on without wrapping
    let r = asm(b"#line 1073741824 \"x.s\"\n\n\nBAD\n");
    let d = r.only();
    assert_eq!(d.code, "E0202");
    assert_eq!(r.sm.line_of(d.origin.unwrap().span), ("x.s", 1_073_741_826));
    assert_failed(&r);
}

#[test]
fn ifdef_nesting_is_bounded() {
    let depth = 1100;
    let mut src = "#ifdef GOARCH_amd64\n".repeat(depth);
    src.push_str("NOP\n");
    src.push_str(&"#endif\n".repeat(depth));
    let r = asm(src.as_bytes());
    let d = r.only();
    assert_at(&r, d, "E0129", 1025, 1, "#ifdef");
    assert!(d.message.contains("1024"));
}

#[test]
fn macro_nesting_is_bounded_and_not_called_recursion() {
    // M0 -> M1 -> ... -> M299: no recursion, just deep
    let mut src = String::new();
    for i in 0..300 {
        src.push_str(&format!("#define M{i} M{}\n", i + 1));
    }
    src.push_str("#define M300 NOP\nTEXT ·f(SB),4,$0\n\tM0\n\tRET\n");
    let r = asm(src.as_bytes());
    let d = r.only();
    assert_eq!(d.code, "E0130", "{}", r.diags.render(&r.sm, false));
    assert!(d.message.contains("256"));
    assert_failed(&r);
    // reported at the body token of the macro 256 levels down, with the chain back to line 303
    assert_eq!(r.sm.line_col(d.origin.unwrap().span).0, 256);
}

#[test]
fn too_many_command_line_definitions() {
    let mut o = opts();
    o.defines = (0..10_001).map(|i| format!("D{i}")).collect();
    let (mut sm, mut diags) = (SourceMap::new(), Diagnostics::default());
    let out = assemble_source("t.s", None, func("").to_vec(), &o, &mut sm, &mut diags);
    assert_eq!(diags.list.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0127"]);
    assert!(diags.list[0].message.contains("10000"));
    assert!(out.object.is_none());
}

// ---------------------------------------------------------------- budgets and linearity

fn define_with_params(n: usize) -> String {
    let params: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
    format!("#define M({}) NOP\n", params.join(", "))
}

#[test]
fn many_parameters_are_linear() {
    // the duplicate check was quadratic: 100 000 parameters took 10 s
    for n in [100_000, 200_000] {
        let mut src = define_with_params(n);
        let args: Vec<&str> = vec!["1"; n];
        src.push_str(&format!("TEXT ·f(SB),4,$0\n\tM({})\n\tRET\n", args.join(",")));
        let t = Instant::now();
        let r = asm(src.as_bytes());
        let took = t.elapsed();
        assert!(r.ok(), "{}", r.diags.render(&r.sm, false));
        assert!(took < Duration::from_secs(3), "{n} parameters: {took:?}");
    }
    // a duplicate among them is still found, at its place
    let mut src = define_with_params(100_000);
    src.insert_str(src.find(')').unwrap(), ", a5");
    let r = asm(src.as_bytes());
    let d = r.only();
    assert_eq!(d.code, "E0112");
    assert_eq!(r.sm.text(d.origin.unwrap().span), "a5");
}

#[test]
fn many_line_directives_are_linear() {
    let mut src = String::from("TEXT ·f(SB),4,$0\n");
    for i in 0..50_000 {
        src.push_str(&format!("#line {} \"g.s\"\n\tNOP\n", i + 10));
    }
    src.push_str("\tBAD\n\tRET\n");
    let t = Instant::now();
    let r = asm(src.as_bytes());
    let took = t.elapsed();
    let d = r.only();
    assert_eq!(d.code, "E0202");
    assert_eq!(r.sm.line_of(d.origin.unwrap().span), ("g.s", 50_009 + 1));
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[test]
fn expansion_budget_is_checked_before_the_tokens_exist() {
    // 1000 uses of an argument of 200 000 tokens would be 2*10^8 tokens (4 GB) if built first
    let body = vec!["x"; 1000].join(" ");
    let arg = vec!["1"; 200_000].join(" ");
    let src = format!("#define D(x) {body}\nTEXT ·f(SB),4,$0\n\tD({arg})\n\tRET\n");
    let t = Instant::now();
    let r = asm(src.as_bytes());
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    assert_at(&r, r.only(), "E0118", 3, 2, "D");
}

#[test]
fn empty_macros_count_against_the_budget() {
    // each invocation makes an expansion record even when it expands to nothing
    let src =
        format!("#define E\n#define F E E E E E E E E E E E E E E E E E E E E\n{}", "F F F F F F F F\n".repeat(20_000));
    let r = asm(src.as_bytes());
    assert_eq!(r.codes(), ["E0118"]);
    assert_failed(&r);
    assert!(r.sm.expansion_count() < 3 << 20);
}

#[test]
fn included_file_count_is_budgeted() {
    // no include guard: a header included by each of several headers, and so on, multiplies
    let dir = scratch("inc_count");
    std::fs::write(dir.join("h0.h"), "\n").unwrap();
    for i in 1..=14 {
        std::fs::write(dir.join(format!("h{i}.h")), format!("#include \"h{0}.h\"\n#include \"h{0}.h\"\n", i - 1))
            .unwrap();
    }
    std::fs::write(dir.join("main.s"), "#include \"h14.h\"\nTEXT ·f(SB),4,$0\n\tRET\n").unwrap();
    let t = Instant::now();
    let r = asm_path(&dir.join("main.s"));
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    // 2^15 - 1 includes wanted; stopped at 10 000 (and each later one in the chain is refused too)
    let d = &r.diags.list[0];
    assert_eq!(d.code, "E0134", "{}", r.diags.render(&r.sm, false));
    assert!(d.message.contains("10000"));
    assert!(r.sm.text(d.origin.unwrap().span).starts_with("#include \"h"));
    assert_failed(&r);
    assert!(r.sm.file_count() < 10_010);
}

#[test]
fn included_bytes_are_budgeted() {
    // the macros crate tests the byte budget with a small limit; here the real limit holds a
    // large sparse header out without reading it
    let dir = scratch("inc_bytes");
    let big = std::fs::File::create(dir.join("big.h")).unwrap();
    big.set_len((1 << 30) + 1).unwrap();
    std::fs::write(dir.join("main.s"), "TEXT ·f(SB),4,$0\n#include \"big.h\"\n\tRET\n").unwrap();
    let r = asm_path(&dir.join("main.s"));
    let d = r.only();
    assert_at(&r, d, "E0133", 2, 1, "#include \"big.h\"");
    assert!(d.message.contains("1073741825 bytes"), "{}", d.message);
}

// ---------------------------------------------------------------- files that are not files

fn mkfifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(st.success());
}

#[test]
fn non_regular_top_level_files_are_named() {
    let dir = scratch("top_special");
    let fifo = dir.join("pipe.s");
    mkfifo(&fifo);
    for (path, kind) in
        [(PathBuf::from("/dev/zero"), "a character device"), (dir.clone(), "a directory"), (fifo.clone(), "a FIFO")]
    {
        let t = Instant::now();
        let r = asm_path(&path);
        assert!(t.elapsed() < Duration::from_secs(2));
        let d = r.only();
        assert_eq!(d.code, "E0132");
        assert!(d.origin.is_none());
        assert!(d.message.contains(kind), "{}", d.message);
        assert_failed(&r);
    }
    // too large: refused from its size, not read
    let big = dir.join("big.s");
    std::fs::File::create(&big).unwrap().set_len(3 << 30).unwrap();
    let r = asm_path(&big);
    assert_eq!(r.codes(), ["E0133"]);
    assert_failed(&r);
}

/// `p9asm expand` reads its file as `asm` does: it read it whole with `std::fs::read`, so a FIFO
/// hung it, `/dev/zero` grew it until memory ran out and a 3 GiB file was read in.
#[test]
fn expand_names_what_it_cannot_read() {
    let dir = scratch("expand_special");
    let fifo = dir.join("pipe.s");
    mkfifo(&fifo);
    let big = dir.join("big.s");
    std::fs::File::create(&big).unwrap().set_len(3 << 30).unwrap();
    for (path, code, what) in [
        (PathBuf::from("/dev/zero"), "E0132", "a character device"),
        (dir.clone(), "E0132", "a directory"),
        (fifo, "E0132", "a FIFO"),
        (big, "E0133", "more than the limit"),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_p9asm"))
            .arg("expand")
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run p9asm");
        let t = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if t.elapsed() > Duration::from_secs(5) {
                let _ = child.kill();
                panic!("p9asm expand {path:?} still runs after 5 s");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{path:?}: {err}");
        assert!(err.contains(code) && err.contains(what), "{path:?}: {err}");
    }
}

#[test]
fn non_regular_included_files_are_named() {
    let dir = scratch("inc_special");
    mkfifo(&dir.join("pipe.h"));
    std::fs::create_dir(dir.join("dir.h")).unwrap();
    for (name, kind) in [("/dev/zero", "a character device"), ("pipe.h", "a FIFO"), ("dir.h", "a directory")] {
        let main = dir.join("main.s");
        std::fs::write(&main, format!("TEXT ·f(SB),4,$0\n#include \"{name}\"\n\tRET\n")).unwrap();
        let t = Instant::now();
        let r = asm_path(&main);
        assert!(t.elapsed() < Duration::from_secs(2));
        let d = r.only();
        assert_at(&r, d, "E0132", 2, 1, &format!("#include \"{name}\""));
        assert!(d.message.contains(kind), "{}", d.message);
    }
}

#[test]
fn stdin_as_a_pipe_is_refused_by_name() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_p9asm"))
        .args(["asm", "/dev/stdin", "-o"])
        .arg(scratch("stdin").join("x.o"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run p9asm");
    // nothing is read: the pipe stays open and p9asm must not wait for it
    let stdin = child.stdin.take();
    let out = child.wait_with_output().expect("p9asm finishes");
    drop(stdin);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("E0132") && err.contains("standard input") && err.contains("not supported"), "{err}");
}
