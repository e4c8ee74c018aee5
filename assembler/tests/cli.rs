//! The `p9asm` command as a user runs it: exit codes, where output goes (files written
//! atomically, devices and stdout written directly), and each subcommand's flags.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use object::{Object, ObjectSection};

const GOOD: &str =
    "#include \"textflag.h\"\nTEXT ·f(SB), NOSPLIT, $16-8\n\tMOVQ x+0(FP), AX\n\tMOVQ AX, 8(SP)\n\tRET\n";
const BAD: &str = "TEXT ·f(SB), 0, $0\n\tMOVQ $(1/0), AX\n\tFROB AX\n\tRET\n";

/// The command with none of the environment variables it reads (the caller's GOARCH must not
/// change what a test means).
fn cmd(args: &[&str], cwd: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_p9asm"));
    c.args(args).current_dir(cwd);
    for v in ["GOARCH", "GOAMD64", "GO386", "GOMIPS64", "NO_COLOR"] {
        c.env_remove(v);
    }
    c
}

fn p9asm(args: &[&str], cwd: &Path) -> Output {
    cmd(args, cwd).output().expect("run p9asm")
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

/// A file gets the object written straight from its model (no image in memory), stdout gets
/// the image: the bytes are the same, also on arm, whose `.ARM.exidx` sh_link is patched into
/// the written file afterwards, and on a device, which cannot be patched in place.
#[test]
fn an_object_written_to_a_file_is_the_image_written_to_stdout() {
    use object::read::elf::{FileHeader, SectionHeader};
    let d = scratch("model_to_file");
    let arm = "#include \"textflag.h\"\nTEXT ·g(SB), $8-4\n\tMOVW x+0(FP), R0\n\tMOVW R0, 4(R13)\n\tRET\n";
    let arm64 = "TEXT ·h(SB), $16-8\n\tMOVD x+0(FP), R0\n\tMOVD R0, 8(RSP)\n\tRET\n";
    let inc = "/usr/lib/go-1.19/pkg/include";
    // calls to this file's static functions before and after them are resolved in .text, not
    // relocated: in a file, where .text went as it was made, they are patched at the end; on
    // 386 (REL) a reference's addend is stored in .text the same way
    let local = "TEXT early<>(SB), 4, $0\n\tRET\nTEXT ·f(SB), 4, $0\n\tCALL early<>(SB)\n\tCALL late<>(SB)\n\tMOVL ·x+8(SB), AX\n\tRET\nTEXT late<>(SB), 4, $0\n\tRET\n";
    for (arch, text) in [
        ("amd64", GOOD),
        ("arm", arm),
        ("arm64", arm64),
        ("386", local),
        ("arm64", local.replace("MOVL ·x+8(SB), AX", "MOVW ·x+8(SB), R0").as_str()),
        ("amd64p32", local),
    ] {
        write(&d, "f.s", text);
        let o = p9asm(&["asm", "--arch", arch, "-I", inc, "-o", "x.o", "f.s"], &d);
        assert!(o.status.success(), "{arch}: {}", stderr(&o));
        let o = p9asm(&["asm", "--arch", arch, "-I", inc, "-o", "-", "f.s"], &d);
        assert!(o.status.success(), "{arch}: {}", stderr(&o));
        let file = std::fs::read(d.join("x.o")).unwrap();
        assert!(file == o.stdout, "{arch}: the file and stdout objects differ");
        let obj = object::read::File::parse(&*file).unwrap_or_else(|e| panic!("{arch}: {e}"));
        use object::{Object, ObjectSection, ObjectSymbol};
        let sec = obj.section_by_name(".text").unwrap();
        assert_eq!(
            sec.file_range().map(|r| r.0),
            Some(if arch == "arm" { 52 } else { 64 }),
            "{arch}: .text follows the header"
        );
        if text == local {
            let relocs: Vec<String> = sec
                .relocations()
                .filter_map(|(_, r)| match r.target() {
                    object::RelocationTarget::Symbol(s) => obj.symbol_by_index(s).ok()?.name().ok().map(String::from),
                    _ => None,
                })
                .collect();
            assert!(!relocs.iter().any(|n| n.contains("early") || n.contains("late")), "{arch}: {relocs:?}");
        }
        if arch == "arm" {
            let header = object::elf::FileHeader32::<object::Endianness>::parse(&*file).unwrap();
            let endian = header.endian().unwrap();
            let sections = header.sections(endian, &*file).unwrap();
            let (_, exidx) = sections.section_by_name(endian, b".ARM.exidx").expect(".ARM.exidx");
            let linked = sections.section(object::SectionIndex(exidx.sh_link(endian) as usize)).unwrap();
            assert_eq!(sections.section_name(endian, linked).unwrap(), b".text", "the sh_link of .ARM.exidx");
        }
        let o = p9asm(&["asm", "--arch", arch, "-I", inc, "-o", "/dev/null", "f.s"], &d);
        assert!(o.status.success(), "{arch} to /dev/null: {}", stderr(&o));
    }
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
    // an error the encoder finds, after the first function's code is in the temporary file
    write(&d, "enc.s", "TEXT ·f(SB), 4, $0\n\tMOVQ AX, BX\n\tRET\nTEXT ·g(SB), 4, $0\n\tMOVQ X0, (AX)(X1*2)\n\tRET\n");
    let o = p9asm(&["asm", "-o", "bad.o", "enc.s"], &d);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(d.join("bad.o")).unwrap(), "previous build");
    let mut left: Vec<String> =
        std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["bad.o", "bad.s", "enc.s"], "a failed run leaves no temporary file");
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

    write(&src, "c_amd64.s", BAD);
    let o = p9asm(&["build", "-o", "out", "src"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("FROB"), "{}", stderr(&o));

    let o = p9asm(&["build", "-o", "out", "nowhere"], &d);
    assert_eq!(o.status.code(), Some(1));
}

// ---- `p9asm build` selects files as `go build` does (GOOS=linux, gc, cgo off)

/// A package directory `src` with these files; returns the scratch dir.
fn package(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = scratch(name);
    let src = d.join("src");
    std::fs::create_dir(&src).unwrap();
    for (f, text) in files {
        write(&src, f, text);
    }
    d
}

/// `p9asm build` of `src` for amd64: the objects written (file stems), and the output.
fn built(d: &Path, extra: &[&str]) -> (Vec<String>, Output) {
    let _ = std::fs::remove_dir_all(d.join("out"));
    let mut args = vec!["build", "-o", "out"];
    args.extend_from_slice(extra);
    args.push("src");
    let o = p9asm(&args, d);
    let mut names: Vec<String> = std::fs::read_dir(d.join("out/amd64"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter_map(|n| n.strip_suffix(".o").map(String::from))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    (names, o)
}

/// A function that assembles, named after the file so that every object differs.
fn func(tag: &str) -> String {
    format!("TEXT ·{tag}(SB), 4, $0\n\tRET\n")
}

#[test]
fn build_honours_goos_and_goarch_file_suffixes() {
    let files: Vec<(String, String)> = [
        "a_amd64",
        "b_linux",
        "c_linux_amd64",
        "d_windows",
        "e_riscv64",
        "f_386",
        "g_windows_amd64",
        "h_mips64x",
        "linux",
        "i_linux_arm64",
        "j_amd64p32",
        "k_wasm",
        "m_plan9",
        "n_loong64",
    ]
    .iter()
    .map(|n| (format!("{n}.s"), func(n)))
    .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let d = package("suffixes", &files);
    let (names, o) = built(&d, &["--arch", "amd64"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // _mips64x is no GOARCH, so the file is for every arch (Go's own such files carry a
    // //go:build line); linux.s has nothing before a _, so no suffix
    assert_eq!(names, ["a_amd64", "b_linux", "c_linux_amd64", "h_mips64x", "linux"], "{}", stderr(&o));
    // files for GOOS/GOARCH values p9asm has no back end for are not errors, not even notes
    assert!(!stderr(&o).contains("note:") && !stderr(&o).contains("error"), "{}", stderr(&o));
}

#[test]
fn build_assembles_test_files_as_go_build_does() {
    // go build assembles x_test.s (only _test.go files are for tests); _test is ignored when
    // reading the GOOS/GOARCH suffix
    let d = package(
        "test_files",
        &[("x_test.s", &func("x")), ("y_amd64_test.s", &func("y")), ("z_arm64_test.s", &func("z"))],
    );
    let (names, o) = built(&d, &["--arch", "amd64"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names, ["x_test", "y_amd64_test"]);
}

#[test]
fn build_skips_files_starting_with_underscore_or_dot() {
    let d = package("hidden", &[("_x.s", BAD), (".y.s", BAD), ("_amd64.s", BAD), ("ok.s", &func("ok"))]);
    let (names, o) = built(&d, &["--arch", "amd64"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names, ["ok"]);
    assert!(!stderr(&o).contains("FROB"));
}

#[test]
fn build_evaluates_go_build_lines() {
    let cases = [
        ("and_or", "linux && (amd64 || arm64)", true),
        ("not386", "!386", true),
        ("notamd64", "!amd64", false),
        ("gc", "gc", true),
        ("gccgo", "gccgo", false),
        ("go119", "go1.19 && go1.1 && !go1.20", true),
        ("go120", "go1.20", false),
        ("cgo", "cgo", false),
        ("nocgo", "!cgo", true),
        ("unix", "unix", true),
        ("android", "android", false),
        ("regabi", "goexperiment.regabiargs", true),
        ("ignore", "ignore", false),
        ("paren", "(windows || darwin) && amd64", false),
    ];
    let files: Vec<(String, String)> = cases
        .iter()
        .map(|(n, e, _)| (format!("{n}.s"), format!("// a comment\n//go:build {e}\n\n{}", func(n))))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let d = package("go_build", &files);
    let (names, o) = built(&d, &["--arch", "amd64"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut want: Vec<&str> = cases.iter().filter(|c| c.2).map(|c| c.0).collect();
    want.sort();
    assert_eq!(names, want);
}

#[test]
fn build_reads_plus_build_lines_only_in_the_header() {
    let f = func("f");
    let d = package(
        "plus_build",
        &[
            // a +build line followed by a blank line counts: excluded
            ("a.s", &format!("// +build 386\n\n{f}")),
            // comma is AND, space is OR, lines AND together
            ("b.s", &format!("// +build linux,amd64 windows\n// +build !386\n\n{f}")),
            ("c.s", &format!("// +build linux,!amd64\n\n{f}")),
            // no blank line before the code: not a build line, included
            ("d.s", &format!("// copyright\n// +build 386\n{f}")),
            // after the first non-comment line: not a build line, included
            ("e.s", &format!("#include \"textflag.h\"\n// +build 386\n\n{f}")),
            // a //go:build line wins over +build lines
            ("g.s", &format!("// +build ignore\n\n//go:build amd64\n\n{f}")),
            // inside /* */: not a build line
            ("h.s", &format!("/*\n//go:build 386\n*/\n{f}")),
        ],
    );
    let (names, o) = built(&d, &["--arch", "amd64"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names, ["b", "d", "e", "g", "h"]);
}

#[test]
fn build_reports_a_bad_go_build_line_and_builds_the_rest() {
    let d = package(
        "bad_constraint",
        &[
            ("bad.s", &format!("//go:build linux &&\n\n{}", func("bad"))),
            ("two.s", &format!("//go:build linux\n//go:build amd64\n\n{}", func("two"))),
            ("ok.s", &func("ok")),
        ],
    );
    let (names, o) = built(&d, &["--arch", "amd64"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(names, ["ok"]);
    let err = stderr(&o);
    assert_eq!(err.matches("E0506").count(), 2, "once per file, not per arch: {err}");
    assert!(err.contains("src/bad.s: parsing //go:build line: unexpected end of expression"), "{err}");
    assert!(err.contains("src/two.s: multiple //go:build comments"), "{err}");
}

#[test]
fn build_arch_takes_a_list_and_defaults_to_goarch_then_every_arch() {
    use p9asm::GoArch;
    let d = package("arch_list", &[("x.s", &func("x")), ("y_mips64.s", &func("y"))]);
    // default: every architecture p9asm knows, each with its own objects
    let o = p9asm(&["build", "-o", "out", "src"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
    for a in GoArch::ALL {
        assert!(d.join(format!("out/{}/x.o", a.name())).exists(), "{}", a.name());
    }
    // y_mips64.s is mips64's only
    assert!(d.join("out/mips64/y_mips64.o").exists() && !d.join("out/amd64/y_mips64.o").exists());
    // a list
    let (names, o) = built(&d, &["--arch", "amd64,mips64"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names, ["x"]);
    assert!(d.join("out/mips64/y_mips64.o").exists() && !d.join("out/386").exists(), "only the listed ones");
    // $GOARCH, as go build reads it
    let o = cmd(&["build", "-o", "out2", "src"], &d).env("GOARCH", "amd64").output().unwrap();
    assert!(o.status.success() && !stderr(&o).contains("note:"), "{}", stderr(&o));
    assert!(d.join("out2/amd64/x.o").exists() && !d.join("out2/mips64").exists());
    // unknown names, and GOARCH values p9asm has no target for
    for (arch, msg) in [("vax", "unknown architecture \"vax\""), ("amd64,riscv64", "no target for GOARCH \"riscv64\"")]
    {
        let o = p9asm(&["build", "--arch", arch, "-o", "out", "src"], &d);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("E0503") && stderr(&o).contains(msg), "{}", stderr(&o));
    }
}

#[test]
fn build_with_every_file_excluded_is_an_error() {
    let d = package(
        "all_excluded",
        &[("x_windows.s", &func("x")), ("y.s", &format!("//go:build ignore\n\n{}", func("y")))],
    );
    let (_, o) = built(&d, &["--arch", "amd64"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E0502]: no .s files in src for amd64 (2 excluded"), "{}", stderr(&o));
}

#[test]
fn build_and_asm_predefine_what_go_build_passes() {
    let src = "#ifndef GOOS_linux\nFROB\n#endif\n#ifndef GOARCH_amd64\nFROB\n#endif\n#ifndef GOAMD64_v1\nFROB\n#endif\nTEXT ·f(SB), 4, $0\n\tRET\n";
    let d = package("predefined", &[("x.s", src)]);
    let (names, o) = built(&d, &["--arch", "amd64"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names, ["x"]);
    let v3 = "#ifndef GOAMD64_v3\nFROB\n#endif\n#ifdef GOAMD64_v1\nFROB\n#endif\nTEXT ·f(SB), 4, $0\n\tRET\n";
    write(&d, "v3.s", v3);
    for (args, env) in [
        (&["asm", "--goamd64", "v3", "-o", "v3.o", "v3.s"][..], None),
        (&["asm", "-o", "v3.o", "v3.s"][..], Some("v3")),
    ] {
        let mut c = cmd(args, &d);
        if let Some(v) = env {
            c.env("GOAMD64", v);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    // -D GOAMD64_v3 replaces the predefined GOAMD64_v1 (go build passes -D GOAMD64_v1 itself)
    let o = p9asm(&["asm", "-D", "GOAMD64_v3", "-o", "v3.o", "v3.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = p9asm(&["asm", "--goamd64", "v5", "-o", "v3.o", "v3.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E0504]: invalid GOAMD64"), "{}", stderr(&o));
}

// ---- `p9asm asm` with go tool asm's command line

const DEF_X: &str = "#include \"textflag.h\"\nDATA x<>+0(SB)/8, $1\nGLOBL x<>(SB), RODATA, $8\nTEXT ·a(SB), NOSPLIT, $0\n\tMOVQ x<>(SB), AX\n\tRET\n";
const USE_X: &str = "#include \"textflag.h\"\nTEXT ·b(SB), NOSPLIT, $0\n\tMOVQ x<>(SB), AX\n\tRET\n";

fn symbols(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let obj = object::File::parse(&*bytes).unwrap();
    let mut v: Vec<String> =
        obj.symbols().filter_map(|s| object::ObjectSymbol::name(&s).ok().map(String::from)).collect();
    v.sort();
    v
}

#[test]
fn asm_assembles_several_files_into_one_object_sharing_statics() {
    let d = scratch("several");
    write(&d, "a.s", DEF_X);
    write(&d, "b.s", USE_X);
    let o = p9asm(&["asm", "-o", "ab.o", "a.s", "b.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    let syms = symbols(&d.join("ab.o"));
    assert!(syms.contains(&"main.a".into()) && syms.contains(&"main.b".into()), "{syms:?}");
    // one x<> for both files, as in Go 1.19 (its statics table is per run, not per file)
    assert_eq!(syms.iter().filter(|s| s.starts_with('x')).count(), 1, "{syms:?}");
    // so defining it in two files is a duplicate, as Go's "symbol x listed multiple times"
    write(&d, "c.s", DEF_X.replace("·a", "·c").as_str());
    let o = p9asm(&["asm", "--message-format", "short", "-o", "ac.o", "a.s", "c.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("c.s:3:") && stderr(&o).contains("already defined"), "{}", stderr(&o));
    // macros end with their file
    write(&d, "m1.s", "#define RETURN RET\nTEXT ·m1(SB), 4, $0\n\tRETURN\n");
    write(&d, "m2.s", "TEXT ·m2(SB), 4, $0\n\tRETURN\n");
    let o = p9asm(&["asm", "-o", "m.o", "m1.s", "m2.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("m2.s:2"), "{}", stderr(&o));
    // several inputs need -o, as in Go
    let o = p9asm(&["asm", "a.s", "b.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E0504]: with several input files, -o must name the output"), "{}", stderr(&o));
}

#[test]
fn asm_reads_standard_input_for_dash() {
    use std::io::Write;
    let d = scratch("stdin");
    write(&d, "b.s", USE_X);
    let mut child = cmd(&["asm", "-o", "s.o", "-", "b.s"], &d)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(DEF_X.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(symbols(&d.join("s.o")).contains(&"main.a".into()));
    // diagnostics name it <stdin>
    let mut child = cmd(&["asm", "--message-format", "short", "-o", "s.o", "-"], &d)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(BAD.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("<stdin>:3:"), "{}", stderr(&o));
    // standard input has no name to derive an output from
    let o = p9asm(&["asm", "-"], &d);
    assert!(stderr(&o).contains("error[E0504]: with standard input, -o must name the output"), "{}", stderr(&o));
}

#[test]
fn asm_takes_go_single_dash_flags() {
    let d = scratch("go_flags");
    write(&d, "f.s", GOOD);
    // -V, -V=full: the version line cmd/go reads (tool name, "version", version)
    for v in ["-V", "-V=full"] {
        let o = p9asm(&["asm", v], &d);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.starts_with("asm version p9asm-") && out.lines().count() == 1, "{out}");
    }
    // the flags as go build passes them, one dash each, Go's -D=NAME and --o spellings too
    let o = p9asm(
        &["asm", "-p", "pkg", "-trimpath", "/tmp=>", "-I", ".", "-D", "GOOS_linux", "-D=X", "--o", "x.o", "-e", "f.s"],
        &d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(symbols(&d.join("x.o")).contains(&"pkg.f".into()));
    let o = p9asm(&["asm", "-trimpath=/tmp", "-compiling-runtime", "-spectre=index", "-o", "y.o", "f.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    // what p9asm cannot do yet is refused with a code, never ignored
    // -shared is amd64's (initial-exec TLS); another target refuses it
    let o = p9asm(&["asm", "-shared", "-o", "s.o", "f.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = p9asm(&["asm", "--arch", "arm64", "-shared", "-o", "z.o", "f.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E0507]") && stderr(&o).contains("only for amd64"), "{}", stderr(&o));
    assert!(!d.join("z.o").exists());
    for (flag, code) in [
        ("-dynlink", "E0507"),
        ("-linkshared", "E0507"),
        ("-spectre=ret", "E0508"),
        ("-spectre=all", "E0508"),
        ("-spectre=foo", "E0504"),
    ] {
        let _ = std::fs::remove_file(d.join("z.o"));
        let o = p9asm(&["asm", flag, "-o", "z.o", "f.s"], &d);
        assert_eq!(o.status.code(), Some(1), "{flag}");
        assert!(stderr(&o).contains(&format!("error[{code}]")), "{flag}: {}", stderr(&o));
        assert!(!d.join("z.o").exists(), "{flag}");
    }
}

#[test]
fn gensymabis_writes_gos_def_and_ref_lines() {
    let d = scratch("symabis");
    let src = "#include \"textflag.h\"\nTEXT ·b(SB),NOSPLIT,$0\n\tMOVQ x<>(SB), AX\n\tCALL f<>(SB)\n\tCALL ·c(SB)\n\tCALL runtime·d+4(SB)\n\tMOVQ $·e(SB), AX\n\tJMP *·h(SB)\n\tMOVQ ·i(SB)(AX*8), AX\n\tMOVQ pkg∕x·j(SB), AX\n\tRET\nTEXT f<>(SB),0,$0\n\tRET\nDATA ·tab+0(SB)/8, $·b(SB)\nGLOBL ·tab(SB), RODATA, $8\nTEXT ·m(SB),0,$0\n\tFUNCDATA $0, ·n(SB)\n\tRET\n";
    write(&d, "s.s", src);
    let o = p9asm(&["asm", "-gensymabis", "-o", "s.abis", "s.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = "def \"\".b ABI0\nref \"\".c ABI0\nref runtime.d ABI0\nref \"\".e ABI0\nref \"\".h ABI0\nref pkg/x.j ABI0\nref \"\".b ABI0\nref \"\".tab ABI0\ndef \"\".m ABI0\nref \"\".n ABI0\n";
    assert_eq!(std::fs::read_to_string(d.join("s.abis")).unwrap(), want);
    if common_go_available() {
        let go = Command::new("/usr/lib/go-1.19/bin/go")
            .current_dir(&d)
            .env("GOARCH", "amd64")
            .env("GOOS", "linux")
            .args([
                "tool",
                "asm",
                "-p",
                "main",
                "-I",
                "/usr/lib/go-1.19/pkg/include",
                "-gensymabis",
                "-o",
                "go.abis",
                "s.s",
            ])
            .output()
            .unwrap();
        assert!(go.status.success(), "{}", stderr(&go));
        assert_eq!(std::fs::read_to_string(d.join("go.abis")).unwrap(), want);
    }
}

fn common_go_available() -> bool {
    Path::new("/usr/lib/go-1.19/bin/go").exists()
}

#[test]
fn short_messages_carry_the_macro_chain_and_end_with_a_count() {
    let d = scratch("short");
    write(
        &d,
        "m.s",
        "#define INNER FROB AX\n#define OUTER INNER\nTEXT ·f(SB), 4, $0\n\tOUTER\n\tMOVQ $(1/0), AX\n\tRET\n",
    );
    let o = p9asm(&["asm", "--message-format", "short", "-o", "m.o", "m.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("m.s:1:15: error[")
            && lines[0].ends_with("(in expansion of INNER at m.s:2, in expansion of OUTER at m.s:4)"),
        "{err}"
    );
    assert!(lines[1].starts_with("m.s:5:") && !lines[1].contains("expansion"), "{err}");
    assert_eq!(lines[2], "2 errors", "{err}");
}

#[test]
fn color_follows_the_flag_then_no_color() {
    let d = scratch("color");
    write(&d, "bad.s", BAD);
    let esc = |o: &Output| o.stderr.contains(&0x1b);
    let o = p9asm(&["asm", "--color", "always", "bad.s"], &d);
    assert!(esc(&o), "{}", stderr(&o));
    let o = p9asm(&["asm", "--color=never", "bad.s"], &d);
    assert!(!esc(&o));
    // auto: not a terminal here, so no colour; NO_COLOR never turns it on, --color=always wins
    let o = p9asm(&["asm", "bad.s"], &d);
    assert!(!esc(&o));
    let o = cmd(&["asm", "--color", "always", "bad.s"], &d).env("NO_COLOR", "1").output().unwrap();
    assert!(esc(&o));
    let o = p9asm(&["asm", "--color", "sometimes", "bad.s"], &d);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn several_files_list_as_go_lists_them() {
    if !common_go_available() {
        return;
    }
    let d = scratch("several_listing");
    write(
        &d,
        "b.s",
        "#include \"textflag.h\"\nTEXT ·b(SB),NOSPLIT,$0\n\tMOVQ x<>(SB), AX\n\tCALL f<>(SB)\n\tMOVB AX, BX\n\tRET\n",
    );
    write(
        &d,
        "c.s",
        "#include \"textflag.h\"\nDATA x<>+0(SB)/8, $2\nGLOBL x<>(SB), RODATA, $8\nTEXT f<>(SB),NOSPLIT,$0\n\tRET\n",
    );
    let inc = "/usr/lib/go-1.19/pkg/include";
    let go = Command::new("/usr/lib/go-1.19/bin/go")
        .current_dir(&d)
        .env("GOARCH", "amd64")
        .env("GOOS", "linux")
        .args(["tool", "asm", "-S", "-p", "main", "-I", inc, "-o", "go.o", "b.s", "c.s"])
        .output()
        .unwrap();
    assert!(go.status.success(), "{}", stderr(&go));
    let o = p9asm(&["asm", "-S", "-I", inc, "-o", "p9.o", "b.s", "c.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    // instruction lines: pc, file:line and text
    let insns = |out: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(out)
            .lines()
            .filter(|l| l.starts_with("\t0x") && l.contains(" ("))
            .map(String::from)
            .collect()
    };
    assert_eq!(insns(&o.stdout), insns(&go.stdout));
    assert!(insns(&o.stdout).iter().any(|l| l.contains("MOVB\tAL, BL")));
}

/// `--stage-times` prints each stage's time to stderr (and the object is the same).
#[test]
fn stage_times_are_printed_per_stage() {
    let d = scratch("stage-times");
    write(&d, "f.s", "TEXT ·f(SB), $16-8\n\tMOVQ x+0(FP), AX\n\tCALL ·f(SB)\n\tRET\n");
    let o = p9asm(&["asm", "--stage-times", "-o", "t.o", "f.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for stage in ["preprocess+parse", "frame pass", "encode", "frame tables", "line tables", "ELF"] {
        let line = err.lines().find(|l| l.trim_start().starts_with(stage)).unwrap_or_else(|| panic!("{stage}: {err}"));
        let ms: f64 = line.trim_start()[stage.len()..].trim().trim_end_matches("ms").trim().parse().unwrap();
        assert!((0.0..10_000.0).contains(&ms), "{line}");
    }
    let o = p9asm(&["asm", "-o", "u.o", "f.s"], &d);
    assert!(o.status.success() && stderr(&o).is_empty(), "{}", stderr(&o));
    assert_eq!(std::fs::read(d.join("t.o")).unwrap(), std::fs::read(d.join("u.o")).unwrap());
}

/// A source file large enough to be mapped (and its pages handed back behind the back end,
/// `SourceText`) assembles to the object its bytes give when read into memory, and a
/// diagnostic in it still quotes its line (read back from the page cache).
#[test]
fn a_mapped_file_assembles_as_the_same_file_read() {
    let d = scratch("mapped");
    let mut src = String::from("#include \"textflag.h\"\n");
    let mut k = 0;
    while src.len() < (p9asm_macros::source::MAP_MIN_BYTES as usize) + (3 << 20) {
        src.push_str(&format!("TEXT ·f{k}(SB), NOSPLIT, $0-0\n"));
        for i in 0..40 {
            src.push_str(&format!("\tMOVQ ${i}, AX // é {k}\n\tADDQ BX, CX\n"));
        }
        src.push_str("\tRET\n");
        k += 1;
    }
    let path = write(&d, "big.s", &src);
    let o = p9asm(&["asm", "-I", "/usr/lib/go-1.19/pkg/include", "-o", "big.o", "big.s"], &d);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut opts = p9asm::driver::AsmOptions::new(p9asm::target::GoArch::Amd64);
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    let mut sources = p9asm_macros::SourceMap::new();
    let mut diags = p9asm_macros::Diagnostics::new(usize::MAX);
    let a =
        p9asm::driver::assemble_source("big.s", Some(path), src.clone().into_bytes(), &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    // (the command line names the package and the compilation directory differently)
    let read = a.object.expect("object");
    let mapped = std::fs::read(d.join("big.o")).unwrap();
    let (read, mapped) = (object::File::parse(&*read).unwrap(), object::File::parse(&*mapped).unwrap());
    use object::{Object, ObjectSection};
    let data = |f: &object::File, sec: &str| f.section_by_name(sec).unwrap().data().unwrap().to_vec();
    for sec in [".text", ".eh_frame", "p9asm_stackmap"] {
        assert!(data(&read, sec) == data(&mapped, sec), "{sec}: mapped and read objects differ");
    }
    // the line program (its header names the directories, which differ)
    let program = |f: &object::File| {
        let l = data(f, ".debug_line");
        let version = u16::from_le_bytes([l[4], l[5]]);
        let at = if version >= 5 { 8 } else { 6 };
        let header = u32::from_le_bytes(l[at..at + 4].try_into().unwrap()) as usize;
        l[at + 4 + header..].to_vec()
    };
    assert!(program(&read) == program(&mapped), "line programs differ");
    // an error in the first function, reported after the whole file went through
    let bad = src.replacen("\tADDQ BX, CX\n", "\tADDQ BX, CX, DX, SI\n", 1);
    write(&d, "big.s", &bad);
    let o = p9asm(&["asm", "-I", "/usr/lib/go-1.19/pkg/include", "-o", "big.o", "big.s"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ADDQ BX, CX, DX, SI"), "{}", stderr(&o));
}

/// With `AsmOptions::text_into` the code is in the file before the object is written (each
/// function's as the back end finishes it), at the place the image written around it gives it;
/// the image is the one written without streaming, the calls to static functions patched in.
#[test]
fn text_streamed_into_the_file_is_there_before_the_object() {
    use std::io::Read;
    let d = scratch("streamed_text");
    let src = "TEXT early<>(SB), 4, $0\n\tRET\nTEXT ·f(SB), 4, $0\n\tCALL early<>(SB)\n\tCALL late<>(SB)\n\tRET\nTEXT late<>(SB), 4, $0\n\tRET\n";
    for arch in [p9asm::target::GoArch::Amd64, p9asm::target::GoArch::I386, p9asm::target::GoArch::Arm64] {
        let assemble = |text_into: Option<std::sync::Arc<std::fs::File>>| {
            let mut opts = p9asm::driver::AsmOptions::new(arch);
            opts.object_model = text_into.is_some();
            opts.text_into = text_into;
            let (mut sources, mut diags) = (p9asm_macros::SourceMap::new(), p9asm_macros::Diagnostics::new(10));
            let out =
                p9asm::driver::assemble_source("f.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
            assert!(!diags.has_errors(), "{arch}");
            out
        };
        let image = assemble(None).object.expect("an image");
        let path = d.join(format!("{arch}.o"));
        let mut file = std::fs::File::options().read(true).write(true).create(true).truncate(true).open(&path).unwrap();
        let out = assemble(Some(std::sync::Arc::new(file.try_clone().unwrap())));
        let mut early = Vec::new();
        std::fs::File::open(&path).unwrap().read_to_end(&mut early).unwrap();
        // .text right after the ELF header: 64 bytes, or 52 aligned to 386's 16
        assert!(early.len() > 64, "{arch}: nothing in the file before the object is written");
        assert!(early[..64].iter().all(|&b| b == 0) && early[64..].iter().any(|&b| b != 0), "{arch}: the code at 64");
        let model = out.model.expect("a model");
        model.write_file(&mut file).unwrap();
        drop(file);
        assert!(std::fs::read(&path).unwrap() == image, "{arch}: the streamed object differs from the image");
        // a model whose .text is in memory is written into a file the same
        let unstreamed = d.join(format!("{arch}-model.o"));
        let mut opts = p9asm::driver::AsmOptions::new(arch);
        opts.object_model = true;
        let (mut sources, mut diags) = (p9asm_macros::SourceMap::new(), p9asm_macros::Diagnostics::new(10));
        let out = p9asm::driver::assemble_source("f.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
        let mut file =
            std::fs::File::options().read(true).write(true).create(true).truncate(true).open(&unstreamed).unwrap();
        out.model.expect("a model").write_file(&mut file).unwrap();
        assert!(
            std::fs::read(&unstreamed).unwrap() == image,
            "{arch}: the model written into a file differs from the image"
        );
    }
}
