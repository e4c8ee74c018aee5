//! The `p9asm` command as a user runs it: exit codes, where output goes (files written
//! atomically, devices and stdout written directly), and each subcommand's flags.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use object::{Object, ObjectSection};

const GOOD: &str =
    "#include \"textflag.h\"\nTEXT ·f(SB), NOSPLIT, $16-8\n\tMOVQ x+0(FP), AX\n\tMOVQ AX, 8(SP)\n\tRET\n";
const BAD: &str = "TEXT ·f(SB), 0, $0\n\tMOVQ $(1/0), AX\n\tFROB AX\n\tRET\n";

fn p9asm(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_p9asm")).args(args).current_dir(cwd).output().expect("run p9asm")
}

/// A fresh directory under the target dir, removed first if a previous run left it.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn asm_writes_an_object_next_to_the_working_directory() {
    let d = scratch("default_output");
    write(&d, "f_amd64.s", GOOD);
    let o = p9asm(&["asm", "f_amd64.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(d.join("f_amd64.o")).unwrap();
    let obj = object::File::parse(&*bytes).unwrap();
    assert!(obj.symbols().any(|s| object::ObjectSymbol::name(&s) == Ok("main.f")));
    assert!(obj.section_by_name(".eh_frame").is_some());
    assert!(obj.section_by_name(".debug_frame").is_none());
    // no temporary files left behind
    let names: Vec<_> = std::fs::read_dir(&d).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn debug_frame_flag_adds_the_section() {
    let d = scratch("debug_frame");
    write(&d, "f.s", GOOD);
    let o = p9asm(&["asm", "--debug-frame", "-p", "pkg", "-o", "x.o", "f.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(d.join("x.o")).unwrap();
    let obj = object::File::parse(&*bytes).unwrap();
    assert!(obj.section_by_name(".debug_frame").is_some_and(|s| s.size() > 0));
    assert!(obj.symbols().any(|s| object::ObjectSymbol::name(&s) == Ok("pkg.f")));
}

#[test]
fn dash_writes_the_object_to_stdout() {
    let d = scratch("stdout");
    write(&d, "f.s", GOOD);
    let o = p9asm(&["asm", "-o", "-", "f.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.starts_with(b"\x7fELF"));
    object::File::parse(&*o.stdout).expect("stdout holds a whole object");
    assert!(!d.join("-").exists());
    // the listing also goes to stdout: both at once is refused, not interleaved
    let o = p9asm(&["asm", "-S", "-o", "-", "f.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("E0504"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn dev_null_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let d = scratch("dev_null");
    write(&d, "f.s", GOOD);
    let o = p9asm(&["asm", "-o", "/dev/null", "f.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

#[test]
fn errors_exit_1_report_every_error_and_leave_the_old_output_alone() {
    let d = scratch("errors");
    write(&d, "bad.s", BAD);
    write(&d, "bad.o", "previous build");
    let o = p9asm(&["asm", "--message-format", "short", "bad.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<_> = err.lines().filter(|l| l.contains("error[")).collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with("bad.s:2:"), "{err}");
    assert!(lines[1].starts_with("bad.s:3:") && lines[1].contains("FROB"), "{err}");
    assert_eq!(std::fs::read_to_string(d.join("bad.o")).unwrap(), "previous build");
}

#[test]
fn command_line_mistakes_exit_1() {
    let d = scratch("mistakes");
    write(&d, "f.s", GOOD);
    let o = p9asm(&["asm", "--arch", "vax", "f.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("E0503"));
    let o = p9asm(&["asm", "missing.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    let o = p9asm(&["asm", "-o", "no/such/dir/f.o", "f.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("E0501"), "{}", stderr(&o));
    // clap's own usage errors exit 2, as clap documents; that is not an assembly failure
    let o = p9asm(&["asm"], &d);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn expand_tags_every_statement_with_its_origin() {
    let d = scratch("expand");
    write(&d, "m.s", "#define TWICE(x) x; x\nTEXT f(SB), $0\n\tTWICE(NOP)\n\tMOVQ $N, AX\n");
    let o = p9asm(&["expand", "-D", "N=7", "m.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("m.s:2\tTEXT"), "{out}");
    assert!(lines[1].starts_with("m.s:3") && lines[1].contains("NOP"), "{out}");
    assert!(lines[2].starts_with("m.s:3") && lines[2].contains("NOP"), "{out}");
    assert!(lines[3].contains("MOVQ") && lines[3].contains("$7"), "{out}");
}

#[test]
fn build_assembles_each_file_for_the_architectures_its_name_selects() {
    let d = scratch("build");
    let src = d.join("src");
    std::fs::create_dir(&src).unwrap();
    write(&src, "a_amd64.s", GOOD);
    write(&src, "pkg.go", "// Package q is a test.\npackage q\n");
    let o = p9asm(&["build", "-o", "out", "src"], &d);
    assert!(o.status.success(), "{}{}", stderr(&o), String::from_utf8_lossy(&o.stdout));
    let obj = std::fs::read(d.join("out/amd64/a_amd64.o")).unwrap();
    let obj = object::File::parse(&*obj).unwrap();
    assert!(obj.symbols().any(|s| object::ObjectSymbol::name(&s) == Ok("q.f")), "package from pkg.go");
    assert!(d.join("out/amd64/libsrc.a").exists());

    // a file for an architecture without a back end is an error that names it, not a silent skip;
    // the other architectures are still built
    write(&src, "b_mips64.s", "this is not for amd64 and is not read\n");
    let o = p9asm(&["build", "-o", "out", "src"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("mips64\terror[E0503]: src/b_mips64.s not assembled"), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("a_amd64.o"));
    std::fs::remove_file(src.join("b_mips64.s")).unwrap();

    write(&src, "c_amd64.s", BAD);
    let o = p9asm(&["build", "-o", "out", "src"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("FROB"), "{}", stderr(&o));

    let o = p9asm(&["build", "-o", "out", "nowhere"], &d);
    assert_eq!(o.status.code(), Some(1));
}
