//! Memory per input line stays linear with a small constant: the command is run on generated
//! 1 000 000-line inputs and the child's peak RSS is checked against `base + k × lines`
//! (book/src/performance.md derives the bounds). Each child is started and reaped with `wait4`
//! by a small launcher (`scripts/measure.c`), whose `rusage` is that child's alone
//! (`getrusage(RUSAGE_CHILDREN)` would give the largest child of the whole test process,
//! whichever test spawned it) and does not start from the test process's own peak.
//!
//! The debug binary is about ten times slower than the release one, so a debug test run uses
//! 200 000-line inputs of the same shape (10 to 20 s on two cores) and a release run
//! (`cargo test --release`) the full 1 000 000 lines. The bound is per line above the peak of
//! the same command on a tiny file, so it means the same at either size. `P9ASM_SKIP_MEMORY=1`
//! skips the test.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const LINES: usize = if cfg!(debug_assertions) { 200_000 } else { 1_000_000 };

/// Typical amd64 functions of ~45 lines: frames, stack checks, loops, memory operands, calls.
fn workload(lines: usize) -> String {
    let mut s = String::with_capacity(lines * 18);
    s.push_str("#include \"textflag.h\"\n\nGLOBL ·tab(SB), RODATA, $64\n");
    let regs = ["AX", "BX", "CX", "DX", "SI", "DI", "R8", "R9", "R10", "R11"];
    let (mut n, mut f) = (3, 0);
    while n < lines {
        let frame = [0, 16, 40, 200][f % 4];
        let flags = if f % 3 == 0 { "NOSPLIT" } else { "0" };
        let _ = writeln!(s, "TEXT ·f{f}(SB), {flags}, ${frame}-24");
        s.push_str("\tMOVQ\ta+0(FP), AX\n\tMOVQ\tb+8(FP), BX\nloop:\n");
        n += 4;
        for i in 0..40 {
            let (r1, r2) = (regs[(i + f) % 10], regs[(i * 7 + f) % 10]);
            let _ = match i % 10 {
                0 => writeln!(s, "\tMOVQ\t{}(SI)(CX*8), {r1}", (i * 8) % 128),
                1 => writeln!(s, "\tADDQ\t{r1}, {r2}"),
                2 => writeln!(s, "\tLEAQ\t{i}({r1})({r2}*4), DX"),
                3 => writeln!(s, "\tCMPQ\t{r1}, ${}", i * 3),
                4 => writeln!(s, "\tMOVQ\t{r1}, {}(SP)", (i % 2) * 8),
                5 => writeln!(s, "\tSHLQ\t${}, {r1}", i % 63 + 1),
                6 => writeln!(s, "\tMOVQ\t·tab+{}(SB), {r1}", i % 8 * 8),
                7 => writeln!(s, "\tJLT\tloop"),
                8 => writeln!(s, "\tXORQ\t{r2}, {r1}"),
                _ => writeln!(s, "\tMOVQ\t{r1}, ret+16(FP)"),
            };
        }
        n += 40;
        if flags == "0" {
            s.push_str("\tCALL\truntime·helper(SB)\n");
            n += 1;
        }
        s.push_str("\tRET\n\n");
        n += 2;
        f += 1;
    }
    s
}

/// The same shape, with most instructions coming out of function-like macros (two or three
/// levels deep, multi-statement), so the expansion records grow with the input too.
fn macro_heavy(lines: usize) -> (String, usize) {
    let mut s = String::with_capacity(lines * 20);
    s.push_str(
        "#include \"textflag.h\"\n\
         #define LOAD(off, r) MOVQ off(SP), r\n\
         #define STORE(r, off) MOVQ r, off(SP)\n\
         #define ZERO(r) XORL r, r\n\
         #define STEP(k) LOAD(k, DX); ADDQ DX, AX; STORE(AX, k)\n\
         #define SWAP(a, b) XCHGQ a, b; XCHGQ b, a\n\
         #define FRAME 32\n",
    );
    let (mut n, mut f) = (7, 0);
    // macro invocations: FRAME, 2 ZERO, and per 4 lines STEP (+ LOAD + STORE), SWAP, LOAD, FRAME
    let mut invocations = 0;
    while n < lines {
        let _ = writeln!(s, "TEXT ·m{f}(SB), NOSPLIT, $FRAME-8");
        s.push_str("\tZERO(AX)\n\tZERO(BX)\n");
        n += 3;
        invocations += 3 + 10 * 6;
        for k in 0..40 {
            let _ = match k % 4 {
                0 => writeln!(s, "\tSTEP({})", k % 4 * 8),
                1 => writeln!(s, "\tSWAP(AX, BX)"),
                2 => writeln!(s, "\tLOAD(8, CX)"),
                _ => writeln!(s, "\tADDQ\t$FRAME, CX"),
            };
        }
        n += 40;
        s.push_str("\tMOVQ\tAX, ret+0(FP)\n\tRET\n\n");
        n += 3;
        f += 1;
    }
    (s, invocations)
}

/// `scripts/measure.c`, built once: the launcher every measured run goes through. Linux
/// carries a process's peak RSS across `exec`, so a child this test process spawned directly
/// would report at least the test's own ~19 MB, and nothing smaller than that could fail the
/// bound; the launcher is a small process, so its child's peak is the command's own.
fn launcher() -> &'static Path {
    static LAUNCHER: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    LAUNCHER.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("memory-measure");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/measure.c");
        // cc links every Rust program on Linux, so it is there wherever this test is
        let st = Command::new("cc").args(["-O2", "-o"]).arg(&out).arg(&src).status().expect("run cc");
        assert!(st.success(), "cc {src:?} failed");
        out
    })
}

/// Runs p9asm with `args` in `dir` (stdout and stderr to /dev/null) through [`launcher`] and
/// gives its exit status and peak resident set in bytes.
fn peak_rss(dir: &Path, args: &[&str]) -> (i32, u64) {
    let out = Command::new(launcher())
        .arg("--null-stdout")
        .arg(env!("CARGO_BIN_EXE_p9asm"))
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::null())
        .output()
        .expect("run the launcher");
    let text = String::from_utf8_lossy(&out.stdout);
    // cpu seconds, wall seconds, peak RSS in KiB, exit status
    let f: Vec<&str> = text.split_whitespace().collect();
    assert!(out.status.success() && f.len() == 4, "launcher: {text:?}");
    (f[3].parse().unwrap(), f[2].parse::<u64>().unwrap() * 1024)
}

fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("memory").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Bytes per input line a run may keep, above what the same command takes on a tiny file
/// (book/src/performance.md, "Memory", derives them):
/// * the source text, which every run keeps (diagnostics and listings point into it): the
///   generated lines are 16 to 20 bytes, allowed 24;
/// * its line table (4 bytes a line);
const K_SOURCE: u64 = 24 + 4;
/// * one expansion record per macro invocation, kept for the same reason: 32 bytes, in an
///   append-only vector whose segments double and are initialised whole when created, so up
///   to 64 bytes are resident per record;
const K_INVOCATION: u64 = 64;
/// * for `asm`, the object under construction: every function's fixups and symbols (kept until
///   the ELF writer lays them out, since a symbol is final only at the end of the file), the
///   unwind, stack-map and line sections the back end appends to, and the object model's
///   relocations: about 40 bytes a line measured (`.text` goes into the output file as it is
///   made);
const K_OBJECT: u64 = 64;
/// * for `-S`, nothing per line (each function's listing is written out as it is made, its
///   line numbers counted forward rather than looked up in a table of line starts), but the
///   listing's own copy of the fixups is sorted: allowed 16.
const K_LISTING: u64 = 16;

/// * for `expand` of a file without macros, nothing per line: the file is mapped and its pages
///   handed back behind the chunk being printed, and its line numbers are counted forward
///   rather than looked up in a table of line starts (which used to read the whole file
///   first). Allowed 4, for the pages the kernel maps around each fault.
const K_EXPAND_MAPPED: u64 = 4;

/// Filled only by a big input, whatever its size: the preprocessor's token chunks and the
/// expansion's text buffer (a few hundred KiB), the 64 KiB stream buffers, the back-end
/// thread's malloc arena.
const FIXED: u64 = 2 << 20;

/// The peak of `p9asm ARGS FILE` in `dir`, checked against `base + FIXED + k × lines`, `base`
/// being the same command's peak on `tiny`.
fn check(dir: &Path, tiny: &str, file: &str, args: &[&str], k: u64, lines: usize) -> u64 {
    let run = |f: &str| {
        let mut all: Vec<&str> = args.to_vec();
        all.push(f);
        let (code, rss) = peak_rss(dir, &all);
        assert_eq!(code, 0, "p9asm {all:?} failed");
        rss
    };
    let base = run(tiny);
    let rss = run(file);
    let bound = base + FIXED + k * lines as u64;
    eprintln!(
        "p9asm {args:?} {file}: peak RSS {} KiB = {} KiB + 2 MiB + {} B/line (bound {k} B/line)",
        rss >> 10,
        base >> 10,
        rss.saturating_sub(base + FIXED) / lines as u64
    );
    assert!(
        rss <= bound,
        "p9asm {args:?} {file}: peak RSS {rss} B > {bound} B = {base} + {FIXED} + {k} x {lines} lines"
    );
    rss
}

#[test]
fn peak_memory_is_linear_in_the_input() {
    if std::env::var_os("P9ASM_SKIP_MEMORY").is_some() {
        return;
    }
    let d = scratch("linear");
    std::fs::write(d.join("tiny.s"), workload(100)).unwrap();

    std::fs::write(d.join("w.s"), workload(LINES)).unwrap();
    check(&d, "tiny.s", "w.s", &["asm", "-o", "w.o"], K_SOURCE + K_OBJECT, LINES);
    check(&d, "tiny.s", "w.s", &["asm", "-S", "-o", "w.o"], K_SOURCE + K_OBJECT + K_LISTING, LINES);
    check(&d, "tiny.s", "w.s", &["expand"], K_EXPAND_MAPPED, LINES);

    let (text, invocations) = macro_heavy(LINES);
    std::fs::write(d.join("m.s"), text).unwrap();
    let per_line = (K_INVOCATION * invocations as u64).div_ceil(LINES as u64);
    check(&d, "tiny.s", "m.s", &["asm", "-o", "m.o"], K_SOURCE + per_line + K_OBJECT, LINES);
    check(&d, "tiny.s", "m.s", &["asm", "-S", "-o", "m.o"], K_SOURCE + per_line + K_OBJECT + K_LISTING, LINES);
    check(&d, "tiny.s", "m.s", &["expand"], K_SOURCE + per_line, LINES);
    let _ = std::fs::remove_dir_all(&d);
}
