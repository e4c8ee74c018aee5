//! Every diagnostic code in `p9asm_macros::diag::CODES` is produced by at least one input here:
//! [`TABLE`] maps each code to a minimal input (a source file, plus files it includes, options or
//! command-line flags where needed) and the exact file:line:column the code must be reported at.
//! The few codes no input can produce today are in [`RESERVED`], each with the reason.
//! `codes.rs` checks that every code of `CODES` is named in one of the two lists.

use std::path::{Path, PathBuf};
use std::process::Command;

use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::diag::{CODES, Level};
use p9asm_macros::preprocess::Limits;
use p9asm_macros::{Diagnostics, SourceMap};

/// Codes no input can produce, and why. Keep this list short: a code that becomes reachable
/// moves to [`TABLE`].
pub const RESERVED: &[(&str, &str)] = &[
    ("E0106", "the lexer accepts digit strings of any length; a value that does not fit 64 bits is the parser's E0205"),
    ("E0402", "documented as reserved: SP writes p9asm cannot follow are reported as warning W0405, not as an error"),
    (
        "W0402",
        "the link-register clobber check (W0401's counterpart on arm, arm64, mips64, ppc64, s390x) is not written yet",
    ),
    ("E0306", "every architecture p9asm knows has a back end; the code stays for the next one added to GoArch"),
];

/// How a case is run.
#[derive(Clone, Copy)]
enum Run {
    /// `assemble_file` on `t.s` for amd64 (the whole pipeline).
    Asm,
    /// `assemble_file` with `-D` definitions.
    Defines(&'static [&'static str]),
    /// `assemble_file` with the layout loop capped at this many rounds.
    Rounds(u32),
    /// The preprocessor alone, on `t.s`, with lowered limits (the defaults are far too large to
    /// reach in a test).
    Limited(fn(&mut Limits)),
    /// The `p9asm` binary with these arguments, run in the case's directory.
    Cli(&'static [&'static str]),
}

struct Case {
    code: &'static str,
    /// The text of `t.s` (`None`: no `t.s` is written).
    src: Option<&'static [u8]>,
    /// Other files in the case's directory; a name ending in `/` is a directory.
    files: &'static [(&'static str, &'static str)],
    run: Run,
    /// (file name, line, column) of the primary span; `None`: the code has no source position.
    at: Option<(&'static str, u32, u32)>,
}

const fn asm(code: &'static str, src: &'static str, line: u32, col: u32) -> Case {
    Case { code, src: Some(src.as_bytes()), files: &[], run: Run::Asm, at: Some(("t.s", line, col)) }
}

const fn with(code: &'static str, src: &'static str, run: Run, at: Option<(&'static str, u32, u32)>) -> Case {
    Case { code, src: Some(src.as_bytes()), files: &[], run, at }
}

const fn files(
    code: &'static str,
    src: &'static str,
    files: &'static [(&'static str, &'static str)],
    at: (&'static str, u32, u32),
) -> Case {
    Case { code, src: Some(src.as_bytes()), files, run: Run::Asm, at: Some(at) }
}

const fn cli(
    code: &'static str,
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
) -> Case {
    Case { code, src: None, files, run: Run::Cli(args), at: None }
}

const GOOD: &str = "TEXT f(SB), 4, $0\n\tRET\n";

/// A chain of 65 includes, one deeper than the limit of 64.
const DEEP: &[(&str, &str)] = &[
    ("n1.h", "#include \"n2.h\"\n"),
    ("n2.h", "#include \"n3.h\"\n"),
    ("n3.h", "#include \"n4.h\"\n"),
    ("n4.h", "#include \"n5.h\"\n"),
    ("n5.h", "#include \"n6.h\"\n"),
    ("n6.h", "#include \"n7.h\"\n"),
    ("n7.h", "#include \"n8.h\"\n"),
    ("n8.h", "#include \"n9.h\"\n"),
    ("n9.h", "#include \"n10.h\"\n"),
    ("n10.h", "#include \"n11.h\"\n"),
    ("n11.h", "#include \"n12.h\"\n"),
    ("n12.h", "#include \"n13.h\"\n"),
    ("n13.h", "#include \"n14.h\"\n"),
    ("n14.h", "#include \"n15.h\"\n"),
    ("n15.h", "#include \"n16.h\"\n"),
    ("n16.h", "#include \"n17.h\"\n"),
    ("n17.h", "#include \"n18.h\"\n"),
    ("n18.h", "#include \"n19.h\"\n"),
    ("n19.h", "#include \"n20.h\"\n"),
    ("n20.h", "#include \"n21.h\"\n"),
    ("n21.h", "#include \"n22.h\"\n"),
    ("n22.h", "#include \"n23.h\"\n"),
    ("n23.h", "#include \"n24.h\"\n"),
    ("n24.h", "#include \"n25.h\"\n"),
    ("n25.h", "#include \"n26.h\"\n"),
    ("n26.h", "#include \"n27.h\"\n"),
    ("n27.h", "#include \"n28.h\"\n"),
    ("n28.h", "#include \"n29.h\"\n"),
    ("n29.h", "#include \"n30.h\"\n"),
    ("n30.h", "#include \"n31.h\"\n"),
    ("n31.h", "#include \"n32.h\"\n"),
    ("n32.h", "#include \"n33.h\"\n"),
    ("n33.h", "#include \"n34.h\"\n"),
    ("n34.h", "#include \"n35.h\"\n"),
    ("n35.h", "#include \"n36.h\"\n"),
    ("n36.h", "#include \"n37.h\"\n"),
    ("n37.h", "#include \"n38.h\"\n"),
    ("n38.h", "#include \"n39.h\"\n"),
    ("n39.h", "#include \"n40.h\"\n"),
    ("n40.h", "#include \"n41.h\"\n"),
    ("n41.h", "#include \"n42.h\"\n"),
    ("n42.h", "#include \"n43.h\"\n"),
    ("n43.h", "#include \"n44.h\"\n"),
    ("n44.h", "#include \"n45.h\"\n"),
    ("n45.h", "#include \"n46.h\"\n"),
    ("n46.h", "#include \"n47.h\"\n"),
    ("n47.h", "#include \"n48.h\"\n"),
    ("n48.h", "#include \"n49.h\"\n"),
    ("n49.h", "#include \"n50.h\"\n"),
    ("n50.h", "#include \"n51.h\"\n"),
    ("n51.h", "#include \"n52.h\"\n"),
    ("n52.h", "#include \"n53.h\"\n"),
    ("n53.h", "#include \"n54.h\"\n"),
    ("n54.h", "#include \"n55.h\"\n"),
    ("n55.h", "#include \"n56.h\"\n"),
    ("n56.h", "#include \"n57.h\"\n"),
    ("n57.h", "#include \"n58.h\"\n"),
    ("n58.h", "#include \"n59.h\"\n"),
    ("n59.h", "#include \"n60.h\"\n"),
    ("n60.h", "#include \"n61.h\"\n"),
    ("n61.h", "#include \"n62.h\"\n"),
    ("n62.h", "#include \"n63.h\"\n"),
    ("n63.h", "#include \"n64.h\"\n"),
    ("n64.h", "#include \"n65.h\"\n"),
    ("n65.h", "NOP\n"),
];

/// Every code, with an input that produces exactly it. One case per code keeps the table a
/// census; the chapter-specific tests (diagnostics.rs, parse_errors.rs, frame_checks.rs, ...)
/// hold the variants.
const TABLE: &[Case] = &[
    // ---- lexer and preprocessor
    Case {
        code: "E0101",
        src: Some(b"TEXT f(SB), 4, $0\n\tMOVQ \xff, AX\n"),
        files: &[],
        run: Run::Asm,
        at: Some(("t.s", 2, 7)),
    },
    asm("E0102", "TEXT f(SB), 4, $0\n\tMOVQ \u{20ac}, AX\n", 2, 7),
    asm("E0103", "TEXT f(SB), 4, $0\n\tRET /* no end\n", 2, 6),
    asm("E0104", "TEXT f(SB), 4, $0\n\tMOVQ $\"abc, AX\n", 2, 8),
    asm("E0105", "TEXT f(SB), 4, $0\n\tMOVQ $0x, AX\n", 2, 8),
    asm("E0110", "#pragma once\n", 1, 2),
    asm("E0111", "TEXT f(SB), 4, $0\n\tRET # x\n", 2, 6),
    asm("E0112", "#define 12\n", 1, 9),
    asm("E0113", "#define A 1\n#define A 2\n", 2, 9),
    asm("E0114", "#undef Q\n", 1, 8),
    asm("E0115", "#define M(a,b) a b\nM(1)\n", 2, 1),
    asm("E0116", "#define M(a) a\nM(1,\n", 2, 1),
    asm("E0117", "TEXT f(SB), 4, $0\n#define A NOP; A\n\tA\n\tRET\n", 2, 16),
    // 2^30 NOPs if nothing stopped it
    asm(
        "E0118",
        "TEXT f(SB), 4, $0\n#define A0 NOP;\n#define A1 A0 A0\n#define A2 A1 A1\n#define A3 A2 A2\n#define A4 A3 A3\n#define A5 A4 A4\n\
#define A6 A5 A5\n#define A7 A6 A6\n#define A8 A7 A7\n#define A9 A8 A8\n#define A10 A9 A9\n#define A11 A10 A10\n\
#define A12 A11 A11\n#define A13 A12 A12\n#define A14 A13 A13\n#define A15 A14 A14\n#define A16 A15 A15\n\
#define A17 A16 A16\n#define A18 A17 A17\n#define A19 A18 A18\n#define A20 A19 A19\n#define A21 A20 A20\n\
#define A22 A21 A21\n#define A23 A22 A22\n#define A24 A23 A23\n#define A25 A24 A24\n#define A26 A25 A25\n\
#define A27 A26 A26\n#define A28 A27 A27\n#define A29 A28 A28\n#define A30 A29 A29\nA30\n",
        4,
        12,
    ),
    asm("E0119", "TEXT f(SB), 4, $0\n#define CAT(a,b) a##b\n\tCAT(RET,y)\n", 2, 19),
    asm("E0120", "#include \"missing.h\"\n", 1, 10),
    files("E0121", "#include \"a.h\"\n", &[("a.h", "#include \"t.s\"\n")], ("a.h", 1, 1)),
    files("E0122", "#include \"n1.h\"\n", DEEP, ("n64.h", 1, 1)),
    asm("E0123", "#include\n", 1, 2),
    asm("E0124", "#ifdef X\nNOP\n", 1, 1),
    asm("E0125", "#endif\n", 1, 1),
    asm("E0126", "#line x\n", 1, 7),
    with("E0127", GOOD, Run::Defines(&["1X=2"]), None),
    cli("E0128", &[], &["asm", "nope.s"]),
    with(
        "E0129",
        "#ifndef A\n#ifndef B\n#ifndef C\n#endif\n#endif\n#endif\n",
        Run::Limited(|l| l.max_ifdef_depth = 2),
        Some(("t.s", 3, 1)),
    ),
    with(
        "E0130",
        "#define A B\n#define B C\n#define C D\n#define D E\n#define E NOP\nA\n",
        Run::Limited(|l| l.max_macro_depth = 4),
        Some(("t.s", 4, 11)),
    ),
    with("E0131", "#define M(a,b,c,d) a\n", Run::Limited(|l| l.max_macro_params = 3), Some(("t.s", 1, 17))),
    files("E0132", "#include \"sub.h\"\n", &[("sub.h/", "")], ("t.s", 1, 1)),
    Case {
        code: "E0133",
        src: Some(b"#include \"big.h\"\n"),
        files: &[("big.h", "NOP\nNOP\nNOP\nNOP\nNOP\n")],
        run: Run::Limited(|l| l.max_file_bytes = 18),
        at: Some(("t.s", 1, 1)),
    },
    with(
        "E0134",
        "#include \"textflag.h\"\n#include \"go_tls.h\"\n",
        Run::Limited(|l| l.max_included_files = 1),
        Some(("t.s", 2, 1)),
    ),
    asm("E0135", "TEXT f(SB), 4, $0\n\tMOVQ $'ab', AX\n\tRET\n", 2, 8),
    asm("W0101", "#define M NOP \\\n NOP // x \\\nTEXT f(SB), 4, $0\n\tRET\n", 2, 11),
    asm("W0102", "\n", 1, 1),
    asm("W0103", "#define OFF(x) x+8(FP)\nTEXT f(SB), 4, $0-16\n\tMOVQ OFF(), AX\n\tRET\n", 3, 7),
    // ---- parser
    asm("E0201", "TEXT f(SB), 4, $0\n\t$1, AX\n\tRET\n", 2, 2),
    asm("E0202", "TEXT f(SB), 4, $0\n\tFOO AX\n\tRET\n", 2, 2),
    asm("E0203", "TEXT f(SB), 4, $0\n\tMOVQ x, AX\n\tRET\n", 2, 7),
    asm("E0204", "TEXT f(SB), 4, $0\n\tMOVQ $1/0, AX\n\tRET\n", 2, 9),
    asm("E0205", "TEXT f(SB), 4, $0\n\tMOVQ $0x10000000000000000, AX\n\tRET\n", 2, 8),
    asm("E0206", "TEXT f(SB), 4, $0\nl: NOP\nl: RET\n", 3, 1),
    asm("E0207", "TEXT f(SB), 4, $0\n\tJMP nowhere\n\tRET\n", 2, 6),
    asm("E0208", "TEXT f(SB), 4, $0\n\tJMP 5(PC)\n\tRET\n", 2, 6),
    asm("E0209", "\tNOP\n", 1, 2),
    asm("E0210", "TEXT f(SB)\n", 1, 1),
    asm("E0211", "DATA x+0(SB)/3, $1\nGLOBL x(SB), $8\n", 1, 14),
    asm("E0212", "TEXT f(SB), 4, $0\n\tPCDATA $1\n\tRET\n", 2, 2),
    asm("E0213", "TEXT f(SB), 4, $0\n\tMOVQ SB, AX\n\tRET\n", 2, 7),
    asm("E0214", "TEXT f(SB), 4, $0\n\tMOVQ (AX, 1), CX\n\tRET\n", 2, 12),
    asm("E0215", "GLOBL x(SB), $8\nGLOBL x(SB), $8\n", 2, 7),
    asm("E0216", "TEXT f(SB), 4, $0\n\tMOVQ.W AX, BX\n\tRET\n", 2, 7),
    asm("E0217", "TEXT f(SB), 4, $0\n\tCALL x<>(SB)\n\tRET\n", 2, 7),
    asm("E0218", "TEXT f(SB), 4, $0\n\tCALL h<ABIInternal>(SB)\n\tRET\n", 2, 9),
    // ---- back end
    asm("E0301", "TEXT f(SB), 4, $0\n\tMOVQ (AX), (BX)\n\tRET\n", 2, 2),
    asm("E0302", "TEXT f(SB), 4, $0\n\tADDB $300, AL\n\tRET\n", 2, 7),
    asm("E0303", "TEXT f(SB), 4, $0\n\tPUSHL AX\n\tPOPL AX\n\tRET\n", 2, 2),
    asm("E0304", "GLOBL runtime\u{b7}tlsg(SB), 8, $8\nTEXT f(SB), 4, $0\n\tMOVQ (TLS), AX\n\tRET\n", 1, 7),
    asm("E0305", "TEXT f(SB), 4, $0\n\tFUNCDATA $0, x(SB)\n\tFUNCDATA $0, x(SB)\n\tRET\n", 3, 2),
    // ---- frames
    asm("E0401", "TEXT f(SB), 4, $4\n\tRET\n", 1, 16),
    asm("E0403", "TEXT f(SB), 4, $0\n\tPUSHQ AX\n\tRET\n", 3, 2),
    asm(
        "E0404",
        "TEXT f(SB), 4, $0\n\tSUBQ $0x7ffffff0, SP\n\tSUBQ $0x7ffffff0, SP\n\tNOP\n\tMOVQ AX, BX\n\tADDQ $0x7ffffff0, SP\n\tADDQ $0x7ffffff0, SP\n\tRET\n",
        5,
        2,
    ),
    asm("W0401", "TEXT f(SB), 4, $0\n\tMOVQ AX, BP\n\tRET\n", 2, 2),
    asm("W0403", "TEXT f(SB), 4, $0-16\n\tMOVQ x+16(FP), AX\n\tRET\n", 2, 7),
    asm("W0404", "TEXT f(SB), 4, $0-8\n\tCMPQ AX, $0\n\tJEQ join\n\tPUSHQ AX\njoin:\n\tPOPQ AX\n\tRET\n", 6, 2),
    asm("W0405", "TEXT f(SB), 4, $0\n\tMOVQ AX, SP\n\tRET\n", 2, 2),
    asm("W0201", "DATA x+0(SB)/8, $1\n", 1, 6),
    // NOSPLIT|TOPFRAME
    asm("W0406", "TEXT f(SB), 2052, $0\n\tPUSHQ AX\n\tRET\n", 3, 2),
    // a forward JMP past 128 bytes needs a second round (its long form); one is not enough
    with(
        "E0307",
        "TEXT f(SB), 4, $0\n\tJMP l\n\tMOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX; MOVQ $0x12345678, AX\nl:\tRET\n",
        Run::Rounds(1),
        Some(("t.s", 1, 1)),
    ),
    // ---- command line and output
    cli("E0501", &[("f.s", GOOD)], &["asm", "-o", "f.s/x.o", "f.s"]),
    cli("E0502", &[("empty/", "")], &["build", "-o", "out", "empty"]),
    cli("E0503", &[("f.s", GOOD)], &["asm", "--arch", "vax", "f.s"]),
    cli("E0504", &[("f.s", GOOD)], &["asm", "-S", "-o", "-", "f.s"]),
    cli("E0505", &[("f.s", GOOD)], &["asm", "-o", "f.s", "f.s"]),
    cli(
        "E0506",
        &[("d/", ""), ("d/f.s", "//go:build linux &&\n\nTEXT f(SB), 4, $0\n\tRET\n")],
        &["build", "-o", "out", "d"],
    ),
    cli("E0507", &[("f.s", GOOD)], &["asm", "--arch", "arm64", "-shared", "f.s"]),
    cli("E0508", &[("f.s", GOOD)], &["asm", "-spectre=ret", "f.s"]),
];

/// A fresh directory for one case.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("every_code").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// What a case produced: (code, level, file name, line, column) per diagnostic, in order; file
/// name and position are empty/0 for a diagnostic without one. Plus a rendering for messages.
struct Got {
    list: Vec<(String, Option<Level>, String, u32, u32)>,
    text: String,
}

fn run_case(c: &Case) -> Got {
    let dir = scratch(c.code);
    for (name, text) in c.files {
        if let Some(d) = name.strip_suffix('/') {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        } else {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let main = dir.join("t.s");
    if let Some(src) = c.src {
        std::fs::write(&main, src).unwrap();
    }
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    match c.run {
        Run::Asm | Run::Defines(_) | Run::Rounds(_) => {
            let mut opts = AsmOptions::new(GoArch::Amd64);
            if let Run::Defines(d) = c.run {
                opts.defines = d.iter().map(|s| s.to_string()).collect();
            }
            if let Run::Rounds(r) = c.run {
                opts.layout_rounds = r;
            }
            p9asm::assemble_file(&main, &opts, &mut sources, &mut diags);
        }
        Run::Limited(f) => {
            let mut limits = Limits::default();
            f(&mut limits);
            let opts = p9asm_macros::Options { limits, ..Default::default() };
            p9asm_macros::preprocess_file(&main, &opts, &mut sources, &mut diags);
        }
        Run::Cli(args) => {
            let o = Command::new(env!("CARGO_BIN_EXE_p9asm")).args(args).current_dir(&dir).output().expect("run p9asm");
            let text = String::from_utf8_lossy(&o.stderr).into_owned();
            assert!(!o.status.success(), "{}: p9asm {args:?} succeeded", c.code);
            let mut list = Vec::new();
            for line in text.lines() {
                // "error[E0503]: ..." or "amd64\terror[E0501]: ..."
                for (lvl, tag) in [(Level::Error, "error["), (Level::Warning, "warning[")] {
                    if let Some(i) = line.find(tag) {
                        let code = &line[i + tag.len()..][..5];
                        let pos = &line[..i];
                        assert!(pos.is_empty() || pos.ends_with('\t'), "{}: positioned CLI diagnostic: {line}", c.code);
                        list.push((code.to_string(), Some(lvl), String::new(), 0, 0));
                    }
                }
            }
            return Got { list, text };
        }
    }
    let list = diags
        .list
        .iter()
        .map(|d| match d.origin {
            Some(o) => {
                let (l, col) = sources.line_col(o.span);
                let name = sources.file(o.span.file).name.clone();
                let base = Path::new(&name).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or(name);
                (d.code.to_string(), Some(d.level), base, l, col)
            }
            None => (d.code.to_string(), Some(d.level), String::new(), 0, 0),
        })
        .collect();
    Got { list, text: diags.render(&sources, false) }
}

#[test]
fn the_table_covers_every_code() {
    let table: Vec<&str> = TABLE.iter().map(|c| c.code).collect();
    let reserved: Vec<&str> = RESERVED.iter().map(|r| r.0).collect();
    for (code, _) in CODES {
        let n = table.iter().filter(|c| *c == code).count() + reserved.iter().filter(|c| *c == code).count();
        assert_eq!(n, 1, "{code} must be in exactly one of TABLE and RESERVED");
    }
    for c in table.iter().chain(&reserved) {
        assert!(CODES.iter().any(|x| x.0 == *c), "{c} is not in diag::CODES");
    }
    for (code, why) in RESERVED {
        assert!(why.len() > 20, "{code}: give the reason it is reserved");
        // nothing in the sources produces a reserved code
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        for dir in ["assembler/src", "macros/src"] {
            let mut hits = Vec::new();
            grep(&root.join(dir), &format!("\"{code}\""), &mut hits);
            grep(&root.join(dir), &format!("[{code}]"), &mut hits);
            hits.retain(|(p, _)| !p.ends_with("diag.rs"));
            assert!(hits.is_empty(), "reserved code {code} is used: {hits:?}");
        }
    }
    assert!(RESERVED.len() <= 4, "the reserved list is meant to stay short");
}

fn grep(dir: &Path, needle: &str, out: &mut Vec<(PathBuf, usize)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            grep(&p, needle, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&p).unwrap();
            for (i, l) in text.lines().enumerate() {
                if l.contains(needle) {
                    out.push((p.clone(), i + 1));
                }
            }
        }
    }
}

#[test]
fn each_input_produces_its_code_at_its_position() {
    let mut failures = Vec::new();
    for c in TABLE {
        let got = run_case(c);
        let want_level = if c.code.starts_with('E') { Level::Error } else { Level::Warning };
        let (file, line, col) = c.at.map(|(f, l, c)| (f.to_string(), l, c)).unwrap_or_default();
        let want = (c.code.to_string(), Some(want_level), file, line, col);
        // exactly that code: the first diagnostic is it, at its position, and no other code appears
        let ok = got.list.first() == Some(&want) && got.list.iter().all(|d| d.0 == c.code);
        if !ok {
            failures.push(format!("{}: want {want:?}\n  got {:?}\n{}", c.code, got.list, got.text));
        }
    }
    assert!(failures.is_empty(), "{} case(s) wrong:\n{}", failures.len(), failures.join("\n"));
}

// ---------------------------------------------------------------- boundaries of the frame lint

/// (code, line, column, message) of each diagnostic of an amd64 source assembled from memory.
fn diags_of(src: &str) -> Vec<(&'static str, u32, u32, String)> {
    diags_for(GoArch::Amd64, src)
}

fn diags_for(arch: GoArch, src: &str) -> Vec<(&'static str, u32, u32, String)> {
    let opts = AsmOptions::new(arch);
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    p9asm::assemble_source("t.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
    diags
        .list
        .iter()
        .map(|d| {
            let (l, c) = d.origin.map(|o| sources.line_col(o.span)).unwrap_or((0, 0));
            (d.code, l, c, d.message.clone())
        })
        .collect()
}

fn codes_of(src: &str) -> Vec<(&'static str, u32, u32)> {
    diags_of(src).into_iter().map(|d| (d.0, d.1, d.2)).collect()
}

#[test]
fn w0403_argument_offsets_at_the_boundaries() {
    let f = |operand: &str| codes_of(&format!("TEXT f(SB), 4, $0-16\n\tMOVQ {operand}, AX\n\tRET\n"));
    // the last 8-byte slot of a 16-byte argument frame, and the first
    assert_eq!(f("x+8(FP)"), []);
    assert_eq!(f("x+0(FP)"), []);
    // offset == args size: the first byte past the frame
    assert_eq!(f("x+16(FP)"), [("W0403", 2, 7)]);
    assert_eq!(f("x+17(FP)"), [("W0403", 2, 7)]);
    // below 0
    assert_eq!(f("x-8(FP)"), [("W0403", 2, 7)]);
    assert_eq!(f("x-1(FP)"), [("W0403", 2, 7)]);
    // as a destination and as an address
    assert_eq!(codes_of("TEXT f(SB), 4, $0-8\n\tMOVQ AX, r+8(FP)\n\tRET\n"), [("W0403", 2, 11)]);
    assert_eq!(codes_of("TEXT f(SB), 4, $0-8\n\tLEAQ r+8(FP), AX\n\tRET\n"), [("W0403", 2, 7)]);
    // $0-0 declares no arguments: 0(FP) is already past them
    assert_eq!(codes_of("TEXT f(SB), 4, $0-0\n\tMOVQ x+0(FP), AX\n\tRET\n"), [("W0403", 2, 7)]);
    // no argument size declared: nothing to check against
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tMOVQ x+64(FP), AX\n\tRET\n"), []);
    let d = diags_of("TEXT f(SB), 4, $0-16\n\tMOVQ x+16(FP), AX\n\tRET\n");
    assert_eq!(d[0].3, "offset 16 is past the 16-byte argument frame of f");
    let d = diags_of("TEXT f(SB), 4, $0-16\n\tMOVQ x-8(FP), AX\n\tRET\n");
    assert_eq!(d[0].3, "argument offset -8 is negative: f's arguments start at 0(FP)");
}

#[test]
fn e0403_sp_above_and_below_the_entry_value() {
    let below = diags_of("TEXT f(SB), 4, $0\n\tPUSHQ AX\n\tRET\n");
    assert_eq!(below.len(), 1, "{below:?}");
    assert_eq!((below[0].0, below[0].1, below[0].2), ("E0403", 3, 2));
    assert_eq!(below[0].3, "SP is 8 bytes below its entry value at this RET");
    let above = diags_of("TEXT f(SB), 4, $0\n\tPOPQ AX\n\tRET\n");
    assert_eq!(above.len(), 1, "{above:?}");
    assert_eq!((above[0].0, above[0].1, above[0].2), ("E0403", 3, 2));
    assert_eq!(above[0].3, "SP is 8 bytes above its entry value at this RET");
    // SUBQ without its ADDQ, in a function with a frame (the epilogue undoes only the frame)
    assert_eq!(codes_of("TEXT f(SB), 4, $16\n\tSUBQ $8, SP\n\tRET\n"), [("E0403", 3, 2)]);
    // balanced: no error
    assert_eq!(codes_of("TEXT f(SB), 4, $16\n\tSUBQ $8, SP\n\tPUSHQ AX\n\tPOPQ AX\n\tADDQ $8, SP\n\tRET\n"), []);
    // reached only by falling out of a loop whose branch is conditional, in a function whose
    // last instruction falls off its end (cargo-mutants: lint.rs `reachable`)
    let src = "TEXT f(SB), 4, $0\n\tCMPQ AX, $0\n\tJEQ out\nloop:\n\tDECQ AX\n\tJNE loop\n\tPUSHQ AX\n\tRET\nout:\n\tMOVQ AX, BX\n";
    assert_eq!(codes_of(src), [("E0403", 8, 2)]);
    let on = |arch: GoArch, src: &str| -> Vec<(&'static str, u32, u32)> {
        diags_for(arch, src).into_iter().map(|d| (d.0, d.1, d.2)).collect()
    };
    // mips64's RET is the epilogue's `JMP (R31)` (cargo-mutants: lint.rs `is_return`)
    assert_eq!(on(GoArch::Mips64, "TEXT f(SB), 4, $16\n\tADDV $-8, R29\n\tRET\n"), [("E0403", 3, 2)]);
    assert_eq!(on(GoArch::Mips64, "TEXT f(SB), 4, $16\n\tADDV $-8, R29\n\tADDV $8, R29\n\tRET\n"), []);
    // ppc64's BL to a label is a call that Go accepts (x86 rejects CALL label, E0301)
    let bl = "TEXT f(SB), 4|512, $0-0\n\tADD $-16, R1\n\tBL sub\n\tADD $16, R1\n\tRET\nsub:\n\tRET\n";
    assert_eq!(on(GoArch::Ppc64le, bl), []);
    // arm's RET.EQ may not return: the code after it is reached (cargo-mutants: model.rs `flow`)
    assert_eq!(
        on(GoArch::Arm, "TEXT f(SB), 4|512, $0\n\tCMP $0, R1\n\tRET.EQ\n\tSUB $8, R13\n\tRET\n"),
        [("E0403", 5, 2)]
    );
}

#[test]
fn w0401_only_before_the_frame_pointer_is_saved() {
    // frameless NOSPLIT leaf: Go saves nothing, so writing BP loses the caller's
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tMOVQ AX, BP\n\tRET\n"), [("W0401", 2, 2)]);
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tXORL BP, BP\n\tRET\n"), [("W0401", 2, 2)]);
    // MULX writes its second operand (VEX.vvvv) too
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tMULXQ R8, BP, R10\n\tRET\n"), [("W0401", 2, 2)]);
    // saving another register does not save BP (cargo-mutants: the guard r == fp untested)
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tPUSHQ BX\n\tMOVQ AX, BP\n\tPOPQ BX\n\tRET\n"), [("W0401", 3, 2)]);
    // saving BP itself does; after its restore a write loses the caller's value again
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tPUSHQ BP\n\tMOVQ AX, BP\n\tPOPQ BP\n\tRET\n"), []);
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tPUSHQ BP\n\tPOPQ BP\n\tMOVQ AX, BP\n\tRET\n"), [("W0401", 4, 2)]);
    // its low byte is part of it, CH (encoded as BP's number without REX) is not; a compare,
    // a push and an exchange with itself as the source name BP without writing it (XCHG does)
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tMOVB AL, BPB\n\tRET\n"), [("W0401", 2, 2)]);
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tMOVB AL, CH\n\tRET\n"), []);
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tCMPQ AX, BP\n\tRET\n"), []);
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tXCHGQ BP, AX\n\tRET\n"), [("W0401", 2, 2)]);
    // LEAVE names no operand and reloads BP
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tLEAVEQ\n\tRET\n"), [("W0401", 2, 2)]);
    // reading BP is fine
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tMOVQ BP, AX\n\tRET\n"), []);
    // with a frame the prologue saves BP first
    assert_eq!(codes_of("TEXT f(SB), 4, $8\n\tMOVQ AX, BP\n\tRET\n"), []);
    // saved by hand
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tPUSHQ BP\n\tMOVQ SP, BP\n\tPOPQ BP\n\tRET\n"), []);
    // arm64: the prologue saves R29 with R30 in one STP (a pair save, cargo-mutants' lint.rs:56
    // guard), so a write after it is fine; without a frame it loses the caller's R29
    let arm64 = |src: &str| -> Vec<(&'static str, u32, u32)> {
        diags_for(GoArch::Arm64, src).into_iter().map(|d| (d.0, d.1, d.2)).collect()
    };
    assert_eq!(arm64("TEXT f(SB), 4, $16-0\n\tMOVD R0, R29\n\tRET\n"), []);
    assert_eq!(arm64("TEXT f(SB), 4|512, $0-0\n\tMOVD R0, R29\n\tRET\n"), [("W0401", 2, 2)]);
    // a pair save of other registers does not count (no STP of R29 here: the frame is a leaf's)
    assert_eq!(arm64("TEXT f(SB), 4, $0-0\n\tMOVD R0, R29\n\tRET\n"), [("W0401", 2, 2)]);
    // a frame over 0xf0 bytes saves R29 and R30 with one STP (a pair save with R29 first)
    assert_eq!(arm64("TEXT f(SB), 4, $256-0\n\tMOVD R0, R29\n\tRET\n"), []);
}

#[test]
fn w0404_and_w0405_positions() {
    // the join is the instruction after the label, reached with 8 and with 0 bytes pushed
    let d = diags_of("TEXT f(SB), 4, $0-8\n\tCMPQ AX, $0\n\tJEQ join\n\tPUSHQ AX\njoin:\n\tPOPQ AX\n\tRET\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].0, d[0].1, d[0].2), ("W0404", 6, 2));
    assert_eq!(d[0].3, "in f: this instruction is reached with SP 8 bytes below entry on one path and 0 on another");
    // an SP write p9asm cannot follow; the RET after it is not judged (the delta is unknown)
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tANDQ $~15, SP\n\tRET\n"), [("W0405", 2, 2)]);
    assert_eq!(codes_of("TEXT f(SB), 4, $0\n\tMOVQ AX, SP\n\tPUSHQ AX\n\tRET\n"), [("W0405", 2, 2)]);
}

#[test]
fn e0404_sp_delta_past_32_bits() {
    let sub = "\tSUBQ $0x7ffffff0, SP\n";
    let add = "\tADDQ $0x7ffffff0, SP\n";
    // one adjustment fits; two do not, from the first instruction that runs with the deeper SP
    assert_eq!(codes_of(&format!("TEXT f(SB), 4, $0\n{sub}\tMOVQ AX, BX\n{add}\tRET\n")), []);
    assert_eq!(codes_of(&format!("TEXT f(SB), 4, $0\n{sub}{sub}\tMOVQ AX, BX\n{add}{add}\tRET\n")), [("E0404", 4, 2)]);
}
