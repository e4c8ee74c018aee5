//! A real program beyond byte comparison: Go 1.19's `crypto/sha256` block function
//! (`sha256block_amd64.s`: an AVX2+BMI2 path of VEX instructions, and a plain path), assembled by
//! p9asm, linked with a C harness (`tests/data/sha256/harness.c`, with the glue
//! `glue_amd64.s` that calls the ABI0 function and provides `useAVX2`, g's TLS slot and
//! `morestack`) by `gcc -static`, and run: the FIPS 180-2 digests and every length 0..1100
//! against an independent C SHA-256, on each path. The AVX2 path runs only where
//! `/proc/cpuinfo` lists avx2 and bmi2 (it says so otherwise, also under CI: the CPU decides,
//! not the set-up). Go 1.19's amd64 sha256 has no SHA-NI path.

mod common;

use std::process::Command;

use common::{oracle_available, root, run_clean, scratch_file};
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const SHA256: &str = "/usr/lib/go-1.19/src/crypto/sha256/sha256block_amd64.s";

fn assemble(path: &std::path::Path) -> Vec<u8> {
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.package = "crypto/sha256".into();
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_file(path, &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    a.object.expect("an object")
}

fn cpu_has(flags: &[&str]) -> bool {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let line = info.lines().find(|l| l.starts_with("flags")).unwrap_or("");
    flags.iter().all(|f| line.split_whitespace().any(|w| w == *f))
}

#[test]
fn go_sha256_block_runs_on_both_paths() {
    if !oracle_available(SHA256) || !oracle_available("gcc") {
        return;
    }
    let sha = scratch_file("sha256", "sha256block_amd64.o");
    let glue = scratch_file("sha256", "glue_amd64.o");
    let exe = scratch_file("sha256", "sha256_harness");
    std::fs::write(&sha, assemble(std::path::Path::new(SHA256))).unwrap();
    std::fs::write(&glue, assemble(&root().join("assembler/tests/data/sha256/glue_amd64.s"))).unwrap();
    run_clean(
        Command::new("gcc")
            .args(["-static", "-no-pie", "-O1", "-Wall", "-z", "noexecstack", "-o"])
            .arg(&exe)
            .arg(root().join("assembler/tests/data/sha256/harness.c"))
            .arg(&sha)
            .arg(&glue),
    );
    let mut paths = vec!["plain"];
    if cpu_has(&["avx2", "bmi2"]) {
        paths.push("avx2");
    } else {
        eprintln!("skipping the AVX2 path: /proc/cpuinfo lacks avx2 or bmi2");
    }
    for path in paths {
        let out = Command::new(&exe).arg(path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{path}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(stdout.trim(), format!("ok 1106 {path}"), "{path}");
        eprintln!("sha256 {path}: {}", stdout.trim());
    }
}
