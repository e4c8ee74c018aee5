//! `p9asm::Build`, the build-script API, driven as a build script drives it (with an explicit
//! architecture and output directory, cargo metadata captured instead of printed): Go's file
//! rules choose the files, every file and header read is a rerun trigger, warnings become
//! `cargo:warning` lines, errors come back rendered with their codes and positions, and the
//! archive links. `build-tests/` uses it from a real build script.

mod common;

use p9asm::{Build, GoArch};

fn dir(tag: &str) -> std::path::PathBuf {
    common::scratch_file(&format!("build-api-{tag}"), "x").parent().unwrap().to_path_buf()
}

#[test]
fn assembles_the_targets_files_and_reports_what_cargo_needs() {
    let d = dir("ok");
    std::fs::write(d.join("inc.h"), "#define BODY MOVQ $1, AX\n").unwrap();
    std::fs::write(d.join("f_amd64.s"), "#include \"inc.h\"\nTEXT ·f(SB), 4, $0-0\n\tBODY\n\tRET\n").unwrap();
    std::fs::write(d.join("f_arm64.s"), "not for amd64: its name says arm64\n").unwrap();
    std::fs::write(d.join("g.s"), "//go:build arm64\n\nnot for amd64 either\n").unwrap();
    std::fs::write(d.join("w.s"), "TEXT ·w(SB), 4, $0-8\n\tMOVQ x+8(FP), AX\n\tRET\n").unwrap();
    let out = d.join("out");
    let files = ["f_amd64.s", "f_arm64.s", "g.s", "w.s"].map(|f| d.join(f));
    let c = Build::new()
        .files(&files)
        .goarch(GoArch::Amd64)
        .out_dir(&out)
        .cargo_metadata(false)
        .package("pkg")
        .try_compile("things")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.assembled, [files[0].clone(), files[3].clone()]);
    assert_eq!(c.skipped, [files[1].clone(), files[2].clone()]);
    let has = |l: &str| c.cargo_lines.iter().any(|x| x == l);
    for f in &files {
        assert!(has(&format!("cargo:rerun-if-changed={}", f.display())), "{f:?}: {:?}", c.cargo_lines);
    }
    assert!(has(&format!("cargo:rerun-if-changed={}", d.join("inc.h").display())), "the header read");
    assert!(has(&format!("cargo:rustc-link-search=native={}", out.display())));
    assert!(has("cargo:rustc-link-lib=static=things"));
    // w.s reads an argument past its declared frame: a warning, passed on to cargo
    assert!(c.cargo_lines.iter().any(|l| l.starts_with("cargo:warning=") && l.contains("W04")), "{:?}", c.cargo_lines);
    // the archive has both objects, with the package's symbols
    let ar = std::fs::read(&c.archive).unwrap();
    let archive = object::read::archive::ArchiveFile::parse(&*ar).unwrap();
    let members: Vec<String> =
        archive.members().map(|m| String::from_utf8_lossy(m.unwrap().name()).into_owned()).collect();
    assert_eq!(members, ["f_amd64.o", "w.o"]);
    let whole = Build::new()
        .file(&files[0])
        .goarch(GoArch::Amd64)
        .out_dir(&out)
        .cargo_metadata(false)
        .link_whole(true)
        .try_compile("whole")
        .unwrap();
    assert!(whole.cargo_lines.iter().any(|l| l == "cargo:rustc-link-lib=static:+whole-archive=whole"));
}

#[test]
fn errors_come_back_rendered_with_codes_and_positions() {
    let d = dir("err");
    std::fs::write(d.join("bad.s"), "TEXT ·f(SB), 4, $0-0\n\tMOVQ $1, $2\n\tRET\nTEXT ·g(SB), 4, $0\n\tNOSUCH AX\n")
        .unwrap();
    let e = Build::new()
        .file(d.join("bad.s"))
        .goarch(GoArch::Amd64)
        .out_dir(d.join("out"))
        .cargo_metadata(false)
        .try_compile("bad")
        .unwrap_err();
    let m = e.to_string();
    assert!(m.contains("assembling bad for amd64 failed"), "{m}");
    // both errors, each with its code and line
    assert!(m.contains("error[E0") && m.contains("bad.s:2:") && m.contains("bad.s:5:"), "{m}");
    assert!(!d.join("out/libbad.a").exists(), "no archive after an error");
    let missing = Build::new().file(d.join("nope.s")).goarch(GoArch::Amd64).out_dir(d.join("out")).try_compile("x");
    assert!(missing.unwrap_err().to_string().contains("cannot read"));
    let name = Build::new().goarch(GoArch::Amd64).out_dir(d.join("out")).try_compile("libx.a");
    assert!(name.unwrap_err().to_string().contains("not a library name"));
}

#[test]
fn shared_makes_initial_exec_tls_on_amd64_and_is_refused_elsewhere() {
    let d = dir("shared");
    // a frame and a call: Go's stack check, which loads g
    std::fs::write(d.join("s.s"), "TEXT ·n(SB), 4, $0-0\n\tRET\nTEXT ·s(SB), $8-0\n\tCALL ·n(SB)\n\tRET\n").unwrap();
    let tls_relocs = |shared: bool| {
        let c = Build::new()
            .file(d.join("s.s"))
            .goarch(GoArch::Amd64)
            .out_dir(d.join(format!("out{shared}")))
            .cargo_metadata(false)
            .shared(shared)
            .try_compile("s")
            .unwrap_or_else(|e| panic!("{e}"));
        let ar = std::fs::read(&c.archive).unwrap();
        let archive = object::read::archive::ArchiveFile::parse(&*ar).unwrap();
        let m = archive.members().next().unwrap().unwrap();
        let obj = object::File::parse(m.data(&*ar).unwrap()).unwrap();
        use object::{Object, ObjectSection};
        let text = obj.section_by_name(".text").unwrap();
        text.relocations()
            .filter_map(|(_, r)| match r.flags() {
                object::RelocationFlags::Elf { r_type } => Some(r_type),
                _ => None,
            })
            .filter(|t| *t == object::elf::R_X86_64_GOTTPOFF || *t == object::elf::R_X86_64_TPOFF32)
            .collect::<Vec<_>>()
    };
    assert_eq!(tls_relocs(true), [object::elf::R_X86_64_GOTTPOFF]);
    assert_eq!(tls_relocs(false), [object::elf::R_X86_64_TPOFF32]);
    let e = Build::new()
        .file(d.join("s.s"))
        .goarch(GoArch::Arm64)
        .out_dir(d.join("arm64"))
        .cargo_metadata(false)
        .shared(true)
        .try_compile("s")
        .unwrap_err();
    assert!(e.to_string().contains("E0507"), "{e}");
}
