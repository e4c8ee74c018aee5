//! A hostile environment: full and closed output streams, symlinks planted where temporary
//! files go, outputs that name an input, stale outputs of an earlier run. Every case ends in a
//! coded diagnostic and status 1 (or a quiet status 1 on a closed pipe), never a panic (101),
//! and no file is touched that should not be.
#![cfg(unix)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const GOOD: &str = "#include \"textflag.h\"\n#include \"inc.h\"\nTEXT ·f(SB), NOSPLIT, $16-8\n\tMOVQ x+0(FP), AX\n\tMOVQ AX, 8(SP)\n\tRET\n";
const INC: &str = "// a header\n#define ONE 1\n";
const BAD: &str = "TEXT ·f(SB), 0, $0\n\tFROB AX\n\tRET\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_p9asm"))
}

fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile_io").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("ok.s"), GOOD).unwrap();
    std::fs::write(d.join("inc.h"), INC).unwrap();
    d
}

/// Runs p9asm in `dir` with stdout and stderr sent to the given files (e.g. /dev/full).
fn run_to(dir: &Path, args: &[&str], stdout: &str, stderr: Option<&str>) -> Output {
    let open = |p: &str| std::fs::OpenOptions::new().write(true).open(p).unwrap();
    let mut c = bin();
    c.args(args).current_dir(dir).stdout(open(stdout));
    match stderr {
        Some(p) => c.stderr(open(p)),
        None => c.stderr(Stdio::piped()),
    };
    c.output().unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Many lines of output: more than a pipe holds.
fn big(dir: &Path) {
    let mut s = String::from("TEXT ·big(SB), 4, $0\n");
    for i in 0..50_000 {
        s.push_str(&format!("\tADDQ ${i}, AX\n"));
    }
    s.push_str("\tRET\n");
    std::fs::write(dir.join("big.s"), s).unwrap();
}

#[test]
fn a_full_stdout_is_e0501_not_a_panic() {
    let d = scratch("full_stdout");
    let o = run_to(&d, &["expand", "ok.s"], "/dev/full", None);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("error[E0501]: cannot write to stdout"), "{}", err(&o));

    let o = run_to(&d, &["asm", "-S", "-o", "x.o", "ok.s"], "/dev/full", None);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("E0501"), "{}", err(&o));
    assert!(!d.join("x.o").exists(), "no object after the listing failed");

    // the object itself to a full stdout, and to a full device
    let o = run_to(&d, &["asm", "-o", "-", "ok.s"], "/dev/full", None);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("E0501"), "{}", err(&o));
    let o = run(&d, &["asm", "-o", "/dev/full", "ok.s"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("error[E0501]: cannot write /dev/full"), "{}", err(&o));

    // build's report lines, and clap's help
    std::fs::create_dir(d.join("src")).unwrap();
    std::fs::write(d.join("src/a_amd64.s"), "TEXT ·a(SB), 4, $0\n\tRET\n").unwrap();
    let o = run_to(&d, &["build", "-o", "out", "src"], "/dev/full", None);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("E0501"), "{}", err(&o));
    let o = run_to(&d, &["--help"], "/dev/full", None);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
}

#[test]
fn a_full_stderr_is_status_1_not_a_panic() {
    let d = scratch("full_stderr");
    std::fs::write(d.join("bad.s"), BAD).unwrap();
    std::fs::write(d.join("badpp.s"), "#if 1\nNOP\n").unwrap();
    for args in
        [&["asm", "bad.s"][..], &["asm", "missing.s"], &["asm", "--arch", "vax", "ok.s"], &["expand", "badpp.s"]]
    {
        let o = run_to(&d, args, "/dev/null", Some("/dev/full"));
        assert_eq!(o.status.code(), Some(1), "{args:?}");
    }
    // warnings that cannot be shown fail the run too (W0102: empty file), and no object is written
    std::fs::write(d.join("empty.s"), "").unwrap();
    let o = run_to(&d, &["asm", "empty.s"], "/dev/null", Some("/dev/full"));
    assert_eq!(o.status.code(), Some(1));
    assert!(!d.join("empty.o").exists());
    // clap's usage error
    let o = run_to(&d, &["asm"], "/dev/null", Some("/dev/full"));
    assert_eq!(o.status.code(), Some(2));
}

/// Reads one byte of stdout, closes the pipe, and returns the exit status and stderr.
fn close_after_one_byte(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = bin().args(args).current_dir(dir).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut b = [0u8; 1];
    out.read_exact(&mut b).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    (o.status.code(), err(&o))
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_with_status_1() {
    let d = scratch("epipe");
    big(&d);
    let (code, stderr) = close_after_one_byte(&d, &["expand", "big.s"]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr, "", "nothing to say about a reader that went away");
    let (code, stderr) = close_after_one_byte(&d, &["asm", "-S", "-o", "big.o", "big.s"]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr, "");
    assert!(!d.join("big.o").exists(), "the run failed: no object");
    let (code, _) = close_after_one_byte(&d, &["asm", "-o", "-", "big.s"]);
    assert_eq!(code, Some(1));
}

fn entries(d: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(d).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn planted_symlinks_do_not_redirect_the_output() {
    let d = scratch("symlinks");
    std::fs::write(d.join("victim"), "precious").unwrap();
    // every name the old scheme could use for this run (.out.o.tmpPID), and other guesses
    let me = std::process::id();
    for pid in me..me + 2000 {
        std::os::unix::fs::symlink("victim", d.join(format!(".out.o.tmp{pid}"))).unwrap();
    }
    for guess in [".out.o.tmp", ".out.o", "out.o.tmp", ".out.o.0000000000000000.tmp"] {
        std::os::unix::fs::symlink("victim", d.join(guess)).unwrap();
    }
    let before = entries(&d);
    let o = run(&d, &["asm", "-o", "out.o", "ok.s"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(d.join("victim")).unwrap(), "precious");
    assert!(std::fs::read(d.join("out.o")).unwrap().starts_with(b"\x7fELF"));
    // nothing left behind but the object
    let mut after = entries(&d);
    after.retain(|n| n != "out.o");
    assert_eq!(after, before.into_iter().filter(|n| n != "out.o").collect::<Vec<_>>());

    // a symlink at the output path itself is replaced, not followed
    std::os::unix::fs::symlink("victim", d.join("link.o")).unwrap();
    let o = run(&d, &["asm", "-o", "link.o", "ok.s"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(d.join("victim")).unwrap(), "precious");
    assert!(!std::fs::symlink_metadata(d.join("link.o")).unwrap().is_symlink());
}

#[test]
fn devices_and_fifos_are_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let d = scratch("devices");
    let o = run(&d, &["asm", "-o", "/dev/null", "ok.s"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    let fifo = d.join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let o = run(&d, &["asm", "-o", "pipe", "ok.s"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(reader.join().unwrap().starts_with(b"\x7fELF"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // and a directory is an error, not replaced
    std::fs::create_dir(d.join("dir.o")).unwrap();
    let o = run(&d, &["asm", "-o", "dir.o", "ok.s"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("E0501"), "{}", err(&o));
    assert!(d.join("dir.o").is_dir());
}

#[test]
fn the_output_never_replaces_an_input() {
    let d = scratch("inputs");
    for out in ["ok.s", "./ok.s", "inc.h", "../inputs/inc.h"] {
        let o = run(&d, &["asm", "-o", out, "ok.s"]);
        assert_eq!(o.status.code(), Some(1), "-o {out}");
        assert!(err(&o).contains("error[E0505]"), "-o {out}: {}", err(&o));
    }
    // the same header under other names: a symlink (canonical path) and a hard link (inode)
    std::os::unix::fs::symlink("inc.h", d.join("alias.h")).unwrap();
    std::fs::hard_link(d.join("inc.h"), d.join("hard.h")).unwrap();
    for out in ["alias.h", "hard.h"] {
        let o = run(&d, &["asm", "-o", out, "ok.s"]);
        assert_eq!(o.status.code(), Some(1), "-o {out}");
        assert!(err(&o).contains("E0505"), "-o {out}: {}", err(&o));
    }
    assert_eq!(std::fs::read_to_string(d.join("ok.s")).unwrap(), GOOD);
    assert_eq!(std::fs::read_to_string(d.join("inc.h")).unwrap(), INC);
    assert!(std::fs::symlink_metadata(d.join("alias.h")).unwrap().is_symlink());
    // an output next to them is fine
    let o = run(&d, &["asm", "-o", "ok.o", "ok.s"]);
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn build_leaves_no_stale_outputs() {
    let d = scratch("stale");
    let src = d.join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("a_amd64.s"), "TEXT ·a(SB), 4, $0\n\tRET\n").unwrap();
    std::fs::write(src.join("b_amd64.s"), "TEXT ·b(SB), 4, $0\n\tRET\n").unwrap();
    let o = run(&d, &["build", "-o", "out", "src"]);
    assert!(o.status.success(), "{}", err(&o));
    let (a, b, lib) = (d.join("out/amd64/a_amd64.o"), d.join("out/amd64/b_amd64.o"), d.join("out/amd64/libsrc.a"));
    assert!(a.exists() && b.exists() && lib.exists());

    // b now fails: its old object and the archive go, a's fresh object stays
    std::fs::write(src.join("b_amd64.s"), BAD).unwrap();
    let o = run(&d, &["build", "-o", "out", "src"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(a.exists());
    assert!(!b.exists(), "stale object of the failed file: {}", err(&o));
    assert!(!lib.exists(), "stale archive: {}", err(&o));
    assert!(err(&o).contains("removed"), "{}", err(&o));

    // the same when the first file fails and the archive was never the issue
    std::fs::write(src.join("b_amd64.s"), "TEXT ·b(SB), 4, $0\n\tRET\n").unwrap();
    assert!(run(&d, &["build", "-o", "out", "src"]).status.success());
    std::fs::write(src.join("a_amd64.s"), BAD).unwrap();
    let o = run(&d, &["build", "-o", "out", "src"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!a.exists() && b.exists() && !lib.exists(), "{}", err(&o));

    // an input inside the output directory is never removed or replaced
    std::fs::write(src.join("a_amd64.s"), "#include \"../out/amd64/a_amd64.o\"\nTEXT ·a(SB), 4, $0\n\tRET\n").unwrap();
    std::fs::write(&a, "// not an object\n").unwrap();
    let o = run(&d, &["build", "-o", "out", "src"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("E0505"), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "// not an object\n");
}

#[test]
fn the_library_streams_the_same_listing_it_collects() {
    let src = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../stubs/asm_amd64.s")).unwrap();
    let mut opts = p9asm::AsmOptions::new(p9asm::GoArch::Amd64);
    opts.listing = true;
    opts.include_dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../stubs")];
    let mut sm = p9asm::SourceMap::new();
    let mut diags = p9asm::Diagnostics::new(usize::MAX);
    let collected = p9asm::assemble_source("a.s", None, src.clone(), &opts, &mut sm, &mut diags);
    let mut sink: Vec<u8> = Vec::new();
    let (mut sm2, mut diags2) = (p9asm::SourceMap::new(), p9asm::Diagnostics::new(usize::MAX));
    let streamed = p9asm::assemble_source_to("a.s", None, src, &opts, &mut sm2, &mut diags2, Some(&mut sink));
    assert!(!collected.listing.is_empty());
    assert!(streamed.listing.is_empty());
    assert_eq!(String::from_utf8(sink).unwrap(), collected.listing);
    assert_eq!(streamed.object, collected.object);
}
