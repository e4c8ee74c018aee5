//! The 386 stubs as ELF32 (EM_386, REL relocations with implicit addends): readelf and
//! llvm-readobj accept the object, `i686-linux-gnu-ld` and `ld.lld -m elf_i386` link it
//! statically with a small p9asm-assembled runtime (`tests/data/i386_rt.s`: TLS through
//! set_thread_area and %gs, as Linux/386 has it), the executable runs natively and reflectcall
//! works, the addends are in the relocated fields, and the unwind tables give, at every
//! instruction, a CFA equal to the SP delta of Go's pc-value table plus the 4-byte return
//! address.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use p9asm::target::GoArch;

fn assemble(rel: &str) -> (Vec<u8>, p9asm::driver::Assembled) {
    assemble_runtime_file(GoArch::I386, rel)
}

fn tmp(name: &str) -> PathBuf {
    scratch_file("i386-objects", name)
}

fn run(cmd: &mut Command) -> String {
    run_clean(cmd)
}

#[test]
fn object_is_valid_elf() {
    if !oracle_available("readelf") || !oracle_available("llvm-readobj") {
        return;
    }
    let (obj, _) = assemble("stubs/asm_386.s");
    let p = tmp("stubs.o");
    std::fs::write(&p, &obj).unwrap();
    let re = run(Command::new("readelf").arg("-a").arg("-W").arg(&p));
    assert!(re.contains("REL (Relocatable file)"));
    assert!(re.contains("ELF32") && re.contains("Intel 80386"));
    assert!(re.contains(".rel.text") && !re.contains(".rela"), "REL relocations");
    for sym in ["runtime.reflectcall", "runtime.call16", "runtime.call1073741824", "callRet", "reflect.call"] {
        assert!(re.lines().any(|l| l.ends_with(&format!(" {sym}"))), "symbol {sym} missing");
    }
    assert!(re.contains("R_386_TLS_LE") && re.contains("runtime.tlsg"));
    assert!(re.contains("R_386_PC32") && re.contains("runtime.reflectcallmove"));
    assert!(re.contains("R_386_32") && re.contains("runtime.call16"));
    assert!(re.contains(".note.GNU-stack") && re.contains(".eh_frame") && re.contains("p9asm_stackmap"));
    run(Command::new("llvm-readobj").args(["--all"]).arg(&p));
}

#[test]
fn links_with_ld_and_lld_and_runs() {
    if !oracle_available("i686-linux-gnu-ld") || !oracle_available("ld.lld") {
        return;
    }
    let (stubs, _) = assemble("stubs/asm_386.s");
    let (rt, _) = assemble("assembler/tests/data/i386_rt.s");
    let s = tmp("stubs2.o");
    let r = tmp("rt.o");
    std::fs::write(&s, &stubs).unwrap();
    std::fs::write(&r, &rt).unwrap();
    for (linker, extra) in [("i686-linux-gnu-ld", &["-static"][..]), ("ld.lld", &["-m", "elf_i386", "-static"][..])] {
        let exe = tmp(&format!("exe-{linker}"));
        run(Command::new(linker).args(extra).arg("--gc-sections").arg("-o").arg(&exe).arg(&s).arg(&r));
        // the kernel runs i386 code natively (IA32 emulation)
        let st = Command::new(&exe).status().unwrap();
        assert_eq!(st.code(), Some(0), "{linker}: reflectcall through the linked stubs did not compute 40+2");
        // the stack-map section survives --gc-sections (SHF_GNU_RETAIN)
        let re = run(Command::new("readelf").arg("-S").arg("-W").arg(&exe));
        assert!(re.contains("p9asm_stackmap"), "{linker} dropped the stack-map section");
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
/// without rows keeps the CIE's rule (CFA = esp+4).
fn frames_interp(text: &str) -> Vec<(u64, Vec<(u64, i64)>)> {
    fde_rows(text, "..", Some(4), |line| {
        let mut w = line.split_whitespace();
        let (loc, cfa) = (w.next()?, w.next()?);
        Some((u64::from_str_radix(loc, 16).ok()?, cfa.strip_prefix("esp+")?.parse().ok()?))
    })
}

/// `llvm-dwarfdump --eh-frame`: the unwind rows LLVM prints after each FDE's instructions
/// (`0x200: CFA=RSP+48: RBP=[CFA-16], ...`).
fn dwarfdump_rows(text: &str) -> Vec<(u64, Vec<(u64, i64)>)> {
    fde_rows(text, "...", None, |line| {
        let (loc, rule) = line.trim().strip_prefix("0x")?.split_once(": CFA=ESP+")?;
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
    let (obj, a) = assemble("stubs/asm_386.s");
    let p = tmp("stubs3.o");
    std::fs::write(&p, &obj).unwrap();
    let readelf = frames_interp(&run(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&p)));
    let llvm = dwarfdump_rows(&run(Command::new("llvm-dwarfdump").arg("--eh-frame").arg(&p)));
    for (tool, fdes) in [("readelf", &readelf), ("llvm-dwarfdump", &llvm)] {
        assert_eq!(fdes.len(), a.funcs.len(), "{tool}: one FDE per function");
        let mut checked = 0;
        for (fc, (base, rows)) in a.funcs.iter().zip(fdes) {
            let size = fc.code.bytes.len() as u32;
            let pcsp = p9asm::frame::pctab::decode(&p9asm::frame::pctab::pcsp(&fc.func.progs, size, 1), 1);
            for p in fc.func.progs.iter().filter(|p| p.size > 0) {
                let sp = pcsp.iter().find(|r| r.0 <= p.pc && p.pc < r.1).expect("pcsp row").2;
                let cfa = rows.iter().rev().find(|r| r.0 - base <= p.pc as u64).expect("cfa row").1;
                assert_eq!(cfa, sp + 4, "{tool}: CFA at pc {:#x} of function {:?}", p.pc, fc.func.sym);
                checked += 1;
            }
        }
        assert!(checked > 1000, "{tool}: {checked}");
    }
}

/// REL keeps the addend in the relocated field: every text and data relocation's field holds
/// what ELF adds (Go's addend, minus 4 for PC-relative ones), and the relocation itself none.
#[test]
fn rel_addends_are_in_the_fields() {
    use object::{Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget};
    let src = "#include \"textflag.h\"\n\
        GLOBL ·v(SB), NOPTR, $64\n\
        GLOBL runtime·tlsg(SB), TLSBSS, $4\n\
        DATA ·p+0(SB)/4, $·v+12(SB)\n\
        DATA ·p+4(SB)/4, $·f+3(SB)\n\
        GLOBL ·p(SB), RODATA, $8\n\
        TEXT ·f(SB), NOSPLIT, $0-0\n\
        \tMOVL ·v+8(SB), AX\n\
        \tMOVL $·v+20(SB), BX\n\
        \tMOVL -8(TLS), CX\n\
        \tMOVL (TLS), DX\n\
        \tCALL ·g(SB)\n\
        \tCALL ·g+16(SB)\n\
        \tRET\n";
    let mut opts = p9asm::driver::AsmOptions::new(GoArch::I386);
    opts.package = "main".into();
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    let mut sources = p9asm_macros::SourceMap::new();
    let mut diags = p9asm_macros::Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source("t.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let obj = a.object.expect("object");
    verify_object(&obj).unwrap();
    let file = object::File::parse(&*obj).unwrap();
    let mut got = Vec::new();
    for name in [".text", ".rodata"] {
        let sec = file.section_by_name(name).unwrap_or_else(|| panic!("{name}"));
        let data = sec.data().unwrap();
        for (off, r) in sec.relocations() {
            let RelocationFlags::Elf { r_type } = r.flags() else { panic!("not ELF") };
            let RelocationTarget::Symbol(i) = r.target() else { panic!("target") };
            assert!(r.has_implicit_addend() && r.addend() == 0, "REL: the addend is in the field");
            let field = i32::from_le_bytes(data[off as usize..off as usize + 4].try_into().unwrap());
            let sym = file.symbol_by_index(i).unwrap().name().unwrap().to_string();
            got.push((name, r_type, sym, field));
        }
    }
    use object::elf::{R_386_32, R_386_PC32, R_386_TLS_LE};
    let want = [
        (".text", R_386_32, "main.v", 8),
        (".text", R_386_32, "main.v", 20),
        (".text", R_386_TLS_LE, "runtime.tlsg", -8),
        (".text", R_386_TLS_LE, "runtime.tlsg", 0),
        (".text", R_386_PC32, "main.g", -4),
        (".text", R_386_PC32, "main.g", 12),
        (".rodata", R_386_32, "main.v", 12),
        (".rodata", R_386_32, "main.f", 3),
    ];
    let want: Vec<_> = want.iter().map(|&(s, t, n, a)| (s, t, n.to_string(), a)).collect();
    assert_eq!(got, want);
}
