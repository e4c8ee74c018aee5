//! The amd64p32 stubs as ELF32 x86-64 (the x32 ABI: ELFCLASS32, EM_X86_64, RELA): readelf and
//! llvm-readobj accept the object; GNU ld and lld link it as x32 (`-m elf32_x86_64`) with a
//! small p9asm-assembled runtime (`tests/data/amd64p32_rt.s`); this machine cannot run x32, so
//! both objects are also converted to elf64-x86-64 and linked into a static non-PIE x86-64
//! executable that runs reflectcall (code, data and stack below 4 GiB); and the unwind tables
//! give, at every instruction, a CFA equal to the SP delta plus the 8-byte return address.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use p9asm::target::GoArch;

fn assemble(rel: &str) -> (Vec<u8>, p9asm::driver::Assembled) {
    assemble_runtime_file(GoArch::Amd64p32, rel)
}

fn tmp(name: &str) -> PathBuf {
    scratch_file("amd64p32-objects", name)
}

fn run(cmd: &mut Command) -> String {
    run_clean(cmd)
}

/// An LLVM tool on an x32 object: LLVM's relocation resolver has no ELF32 x86-64 support and
/// warns for every relocation it reads (the CFI's PC32, the debug information's 32-bit words; it
/// does for gcc -mx32's objects too); anything else on
/// stderr fails.
fn run_llvm(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    for l in String::from_utf8_lossy(&out.stderr).lines() {
        assert!(
            ["R_X86_64_PC32", "R_X86_64_32"]
                .iter()
                .any(|r| l
                    .starts_with(&format!("warning: failed to compute relocation: {r}, Invalid data was encountered"))),
            "{cmd:?}: {l}"
        );
    }
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn object_is_valid_elf() {
    if !oracle_available("readelf") || !oracle_available("llvm-readobj") {
        return;
    }
    let (obj, _) = assemble("stubs/asm_amd64p32.s");
    let p = tmp("stubs.o");
    std::fs::write(&p, &obj).unwrap();
    let re = run(Command::new("readelf").arg("-a").arg("-W").arg(&p));
    assert!(re.contains("REL (Relocatable file)"));
    assert!(re.contains("ELF32") && re.contains("Advanced Micro Devices X86-64"), "ELF32 x86-64");
    assert!(re.contains(".rela.text"), "RELA relocations");
    for sym in ["runtime.reflectcall", "runtime.call16", "runtime.call1073741824", "callRet", "reflect.call"] {
        assert!(re.lines().any(|l| l.ends_with(&format!(" {sym}"))), "symbol {sym} missing");
    }
    assert!(re.contains("R_X86_64_TPOFF32") && re.contains("runtime.tlsg"));
    assert!(re.contains("R_X86_64_PLT32") && re.contains("runtime.reflectcallmove"));
    assert!(re.contains("R_X86_64_PC32") && re.contains("runtime.call16"));
    assert!(!re.contains("R_X86_64_64"), "no 8-byte address in an x32 object");
    assert!(re.contains(".note.GNU-stack") && re.contains(".eh_frame") && re.contains("p9asm_stackmap"));
    run_llvm(Command::new("llvm-readobj").args(["--all"]).arg(&p));
}

fn objects() -> (PathBuf, PathBuf) {
    let (stubs, _) = assemble("stubs/asm_amd64p32.s");
    let (rt, _) = assemble("assembler/tests/data/amd64p32_rt.s");
    let s = tmp("stubs2.o");
    let r = tmp("rt.o");
    std::fs::write(&s, &stubs).unwrap();
    std::fs::write(&r, &rt).unwrap();
    (s, r)
}

#[test]
fn links_as_x32_with_ld_and_lld() {
    if !oracle_available("ld") || !oracle_available("ld.lld") {
        return;
    }
    let (s, r) = objects();
    for linker in ["ld", "ld.lld"] {
        let exe = tmp(&format!("x32-{linker}"));
        run(Command::new(linker)
            .args(["-m", "elf32_x86_64", "-static", "--gc-sections", "-o"])
            .arg(&exe)
            .arg(&s)
            .arg(&r));
        let h = run(Command::new("readelf").arg("-h").arg(&exe));
        assert!(h.contains("ELF32") && h.contains("EXEC") && h.contains("X86-64"), "{linker}: {h}");
        let re = run(Command::new("readelf").arg("-S").arg("-W").arg(&exe));
        assert!(re.contains("p9asm_stackmap"), "{linker} dropped the stack-map section");
    }
}

#[test]
fn runs_converted_to_elf64() {
    if !oracle_available("ld") || !oracle_available("ld.lld") || !oracle_available("objcopy") {
        return;
    }
    let (s, r) = objects();
    let (s64, r64) = (tmp("stubs64.o"), tmp("rt64.o"));
    x32_to_elf64(&s, &s64);
    x32_to_elf64(&r, &r64);
    let re = run(Command::new("readelf").arg("-r").arg("-W").arg(&r64));
    assert!(re.contains("R_X86_64_TPOFF32"), "{re}");
    for linker in ["ld", "ld.lld"] {
        let exe = tmp(&format!("exe64-{linker}"));
        run(Command::new(linker).args(["-static", "--gc-sections", "-o"]).arg(&exe).arg(&s64).arg(&r64));
        let st = Command::new(&exe).status().unwrap();
        assert_eq!(
            st.code(),
            Some(0),
            "{linker}: reflectcall through the converted amd64p32 stubs did not compute 40+2"
        );
    }
}

/// Per FDE of a CFI dump: its start and rows of (loc, CFA offset from rsp). The FDE line carries
/// `pc=START<sep>END`; `row` reads one table row, `initial` is the row every FDE starts with.
fn fde_rows(
    text: &str,
    sep: &str,
    initial: Option<i64>,
    row: impl Fn(&str) -> Option<(u64, i64)>,
) -> Vec<(u64, Vec<(u64, i64)>)> {
    let mut fdes: Vec<(u64, Vec<(u64, i64)>)> = Vec::new();
    for line in text.lines() {
        if line.contains(" FDE ") {
            let pc = line.split("pc=").nth(1).and_then(|r| r.split(sep).next()).expect("FDE pc range");
            let start = u64::from_str_radix(pc, 16).unwrap();
            fdes.push((start, initial.map(|cfa| (start, cfa)).into_iter().collect()));
        } else if let (Some((_, rows)), Some(r)) = (fdes.last_mut(), row(line)) {
            rows.push(r);
        }
    }
    fdes
}

/// `readelf --debug-dump=frames-interp`: rows `LOC CFA ...` with the CFA as `rsp+N`. An FDE
/// without rows keeps the CIE's rule (CFA = rsp+8).
fn frames_interp(text: &str) -> Vec<(u64, Vec<(u64, i64)>)> {
    fde_rows(text, "..", Some(8), |line| {
        let mut w = line.split_whitespace();
        let (loc, cfa) = (w.next()?, w.next()?);
        Some((u64::from_str_radix(loc, 16).ok()?, cfa.strip_prefix("rsp+")?.parse().ok()?))
    })
}

/// `llvm-dwarfdump --eh-frame`: the unwind rows LLVM prints after each FDE's instructions
/// (`0x200: CFA=RSP+48: RBP=[CFA-16], ...`).
fn dwarfdump_rows(text: &str) -> Vec<(u64, Vec<(u64, i64)>)> {
    fde_rows(text, "...", None, |line| {
        let (loc, rule) = line.trim().strip_prefix("0x")?.split_once(": CFA=RSP+")?;
        Some((u64::from_str_radix(loc, 16).ok()?, rule.split(':').next()?.parse().ok()?))
    })
}

/// Both readers of the object's CFI (binutils and LLVM) agree with the assembler's own SP
/// tracking at every instruction of every stub.
#[test]
fn cfa_at_every_instruction_equals_sp_delta() {
    if !oracle_available("readelf") || !oracle_available("llvm-dwarfdump") {
        return;
    }
    let (obj, a) = assemble("stubs/asm_amd64p32.s");
    let p = tmp("stubs3.o");
    std::fs::write(&p, &obj).unwrap();
    let readelf = frames_interp(&run(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&p)));
    let llvm = dwarfdump_rows(&run_llvm(Command::new("llvm-dwarfdump").arg("--eh-frame").arg(&p)));
    for (tool, fdes) in [("readelf", &readelf), ("llvm-dwarfdump", &llvm)] {
        assert_eq!(fdes.len(), a.funcs.len(), "{tool}: one FDE per function");
        let mut checked = 0;
        for (fc, (base, rows)) in a.funcs.iter().zip(fdes) {
            let size = fc.code.bytes.len() as u32;
            let pcsp = p9asm::frame::pctab::decode(&p9asm::frame::pctab::pcsp(&fc.func.progs, size, 1), 1);
            for p in fc.func.progs.iter().filter(|p| p.size > 0) {
                let sp = pcsp.iter().find(|r| r.0 <= p.pc && p.pc < r.1).expect("pcsp row").2;
                let cfa = rows.iter().rev().find(|r| r.0 - base <= p.pc as u64).expect("cfa row").1;
                assert_eq!(cfa, sp + 8, "{tool}: CFA at pc {:#x} of function {:?}", p.pc, fc.func.sym);
                checked += 1;
            }
        }
        assert!(checked > 1000, "{tool}: {checked}");
    }
}
