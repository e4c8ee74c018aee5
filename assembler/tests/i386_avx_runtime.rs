//! VEX and EVEX in 32-bit mode, run: `tests/data/i386_avx/vadd_386.s` (a 256-bit VEX add and
//! a 512-bit EVEX add stored under an opmask, with a `.BCST` operand), assembled by p9asm for
//! 386 with the bytes of `GOARCH=386 go tool asm`, linked with `harness.c` by
//! `i686-linux-gnu-gcc -static` and run natively (the kernel runs i386 code), checking every
//! element written and every one left alone. Each path runs only where `/proc/cpuinfo` lists
//! its features (avx2; avx512f) and says so otherwise, also under CI: the CPU decides.

mod common;

use std::process::Command;

use common::{GO, Listed, oracle_available, parse_listing, root, run_clean, scratch_file};
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const INCLUDE: &str = "/usr/lib/go-1.19/pkg/include";
const CC: &str = "i686-linux-gnu-gcc";

fn cpu_has(flag: &str) -> bool {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let line = info.lines().find(|l| l.starts_with("flags")).unwrap_or("");
    line.split_whitespace().any(|w| w == flag)
}

fn functions(listing: &str) -> Vec<(String, Vec<u8>, Vec<String>)> {
    parse_listing(listing)
        .into_iter()
        .filter(|f: &Listed| f.header.contains(" STEXT "))
        .map(|f| (f.name.replace("\"\".", "main."), f.bytes, f.rels))
        .collect()
}

#[test]
fn vex_and_evex_run_in_32bit_mode() {
    if !oracle_available(GO) || !oracle_available(CC) {
        return;
    }
    let src = root().join("assembler/tests/data/i386_avx/vadd_386.s");
    let mut opts = AsmOptions::new(GoArch::I386);
    opts.package = "main".into();
    opts.listing = true;
    opts.include_dirs.push(INCLUDE.into());
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_file(&src, &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));

    // the same bytes and relocations as Go's
    let go_obj = scratch_file("i386-avx", "go.o");
    let go = run_clean(
        Command::new(GO)
            .env("GOARCH", "386")
            .env("GOOS", "linux")
            .env("GOCACHE", std::env::temp_dir().join("p9asm-gocache"))
            .args(["tool", "asm", "-p", "main", "-I", INCLUDE, "-S", "-o"])
            .arg(&go_obj)
            .arg(&src),
    );
    let (ours, theirs) = (functions(&a.listing), functions(&go));
    assert_eq!(ours.len(), 2, "{ours:?}");
    assert_eq!(ours, theirs, "p9asm's functions differ from Go's");

    let obj = scratch_file("i386-avx", "vadd_386.o");
    let exe = scratch_file("i386-avx", "harness");
    std::fs::write(&obj, a.object.expect("an object")).unwrap();
    run_clean(
        Command::new(CC)
            .args(["-static", "-O1", "-Wall", "-z", "noexecstack", "-o"])
            .arg(&exe)
            .arg(root().join("assembler/tests/data/i386_avx/harness.c"))
            .arg(&obj),
    );
    let mut ran = 0;
    for (path, flag) in [("avx2", "avx2"), ("avx512", "avx512f")] {
        if !cpu_has(flag) {
            eprintln!("skipping the {path} path: /proc/cpuinfo lacks {flag}");
            continue;
        }
        let out = Command::new(&exe).arg(path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{path}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(stdout.trim(), format!("ok {path}"));
        ran += 1;
    }
    eprintln!("386 VEX/EVEX: {ran} of 2 paths ran natively, bytes identical to Go's");
}
