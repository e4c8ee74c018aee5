//! The amd64 stubs as ELF: readelf and llvm-readobj accept the object, GNU ld and lld link it
//! (static and PIE) with a small p9asm-assembled runtime, the static executable runs and
//! reflectcall works, and the unwind tables give, at every instruction, a CFA equal to the SP
//! delta of Go's pc-value table plus the return-address slot.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use p9asm::target::GoArch;

fn assemble(rel: &str) -> (Vec<u8>, p9asm::driver::Assembled) {
    assemble_runtime_file(GoArch::Amd64, rel)
}

fn tmp(name: &str) -> PathBuf {
    scratch_file("objects", name)
}

fn run(cmd: &mut Command) -> String {
    run_clean(cmd)
}

#[test]
fn object_is_valid_elf() {
    if !oracle_available("readelf") || !oracle_available("llvm-readobj") {
        return;
    }
    let (obj, _) = assemble("stubs/asm_amd64.s");
    let p = tmp("stubs.o");
    std::fs::write(&p, &obj).unwrap();
    let re = run(Command::new("readelf").arg("-a").arg("-W").arg(&p));
    assert!(re.contains("REL (Relocatable file)"));
    assert!(re.contains("Advanced Micro Devices X86-64"));
    for sym in ["runtime.reflectcall", "runtime.call32", "runtime.call1073741824", "callRet", "reflect.call"] {
        assert!(re.lines().any(|l| l.ends_with(&format!(" {sym}"))), "symbol {sym} missing");
    }
    assert!(re.contains("R_X86_64_TPOFF32") && re.contains("runtime.tlsg"));
    assert!(re.contains("R_X86_64_PLT32") && re.contains("runtime.reflectcallmove"));
    assert!(re.contains(".note.GNU-stack") && re.contains(".eh_frame") && re.contains("p9asm_stackmap"));
    run(Command::new("llvm-readobj").args(["--all"]).arg(&p));
}

#[test]
fn links_with_ld_and_lld_and_runs() {
    if !oracle_available("ld") || !oracle_available("ld.lld") {
        return;
    }
    let (stubs, _) = assemble("stubs/asm_amd64.s");
    let (rt, _) = assemble("assembler/tests/data/amd64_rt.s");
    let s = tmp("stubs2.o");
    let r = tmp("rt.o");
    std::fs::write(&s, &stubs).unwrap();
    std::fs::write(&r, &rt).unwrap();
    for (linker, extra) in [("ld", &["-static"][..]), ("ld.lld", &["-static"][..]), ("ld.lld", &["-pie"][..])] {
        let exe = tmp(&format!("exe-{linker}-{}", extra[0].trim_start_matches('-')));
        run(Command::new(linker).args(extra).arg("--gc-sections").arg("-o").arg(&exe).arg(&s).arg(&r));
        if extra[0] == "-static" {
            let st = Command::new(&exe).status().unwrap();
            assert_eq!(st.code(), Some(0), "{linker}: reflectcall through the linked stubs did not compute 40+2");
        }
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
    let (obj, a) = assemble("stubs/asm_amd64.s");
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
                assert_eq!(cfa, sp + 8, "{tool}: CFA at pc {:#x} of function {:?}", p.pc, fc.func.sym);
                checked += 1;
            }
        }
        assert!(checked > 1000, "{tool}: {checked}");
    }
}

/// A PC-relative reference to the file's own static function is resolved in the object, with
/// no relocation: each field holds target + addend - (end of the field), whatever the
/// instruction (CALL, LEAQ with an offset, JMP).
#[test]
fn references_to_local_functions_are_resolved_in_place() {
    use object::{Object, ObjectSection, ObjectSymbol};
    let obj = assemble_text(
        GoArch::Amd64,
        "#include \"textflag.h\"\nTEXT ·caller(SB), NOSPLIT, $0-0\n\tCALL ·helper<>(SB)\n\tMOVQ $·helper<>(SB), AX\n\
         \tLEAQ ·helper<>+2(SB), BX\n\tJMP ·helper<>(SB)\nTEXT ·helper<>(SB), NOSPLIT, $0-0\n\tRET\n",
    );
    let file = object::File::parse(&*obj).unwrap();
    let text = file.section_by_name(".text").unwrap();
    assert_eq!(text.relocations().count(), 0, "resolved, not relocated");
    let helper = file.symbols().find(|s| s.name() == Ok("p.helper")).unwrap().address() as i64;
    assert!(helper > 0x18);
    let bytes = text.data().unwrap();
    // (the field's offset, the target's offset from the helper): e8 rel32; 48 8d 05 rel32 (x2); e9 rel32
    for (field, plus) in [(1usize, 0i64), (8, 0), (0xf, 2), (0x14, 0)] {
        let v = i32::from_le_bytes(bytes[field..field + 4].try_into().unwrap()) as i64;
        assert_eq!(v, helper + plus - (field as i64 + 4), "field at {field:#x}");
    }
}

/// Data symbols are laid out in order, each aligned as Go's linker aligns it (symalign): its
/// size up to the pointer size, rounded down to 4, 2 or 1.
#[test]
fn data_symbols_are_aligned_by_size() {
    use object::{Object, ObjectSymbol};
    let mut src = String::from("#include \"textflag.h\"\n");
    let sizes = [1, 2, 1, 3, 1, 4, 1, 6, 1, 8, 1, 16, 1];
    for (k, n) in sizes.iter().enumerate() {
        src.push_str(&format!("DATA ·d{k}+0(SB)/1, $1\nGLOBL ·d{k}(SB), NOPTR, ${n}\n"));
    }
    for (arch, ptr) in [(GoArch::Amd64, 8u64), (GoArch::I386, 4)] {
        let obj = assemble_text(arch, &src);
        let file = object::File::parse(&*obj).unwrap();
        let mut at = 0u64;
        for (k, &n) in sizes.iter().enumerate() {
            let align = match n {
                s if s >= ptr => ptr,
                s if s >= 4 => 4,
                s if s >= 2 => 2,
                _ => 1,
            };
            at = at.next_multiple_of(align);
            let name = format!("p.d{k}");
            let s = file.symbols().find(|s| s.name() == Ok(&name)).unwrap_or_else(|| panic!("{arch}: {name}"));
            assert_eq!(s.address(), at, "{arch}: {name} ({n} bytes)");
            at += n;
        }
    }
}

/// DATA of every kind lands in its symbol's bytes: integers, a float as 4 or 8 bytes, a string,
/// in the target's byte order.
#[test]
fn data_values_of_every_kind() {
    use object::{Object, ObjectSection, ObjectSymbol};
    let src = "#include \"textflag.h\"\n\
        DATA ·f4+0(SB)/4, $(1.5)\nGLOBL ·f4(SB), NOPTR, $4\n\
        DATA ·f8+0(SB)/8, $(2.25)\nGLOBL ·f8(SB), NOPTR, $8\n\
        DATA ·s+0(SB)/8, $\"abcdefgh\"\nDATA ·s+8(SB)/2, $0x0102\nGLOBL ·s(SB), NOPTR, $16\n";
    for arch in [GoArch::Amd64, GoArch::S390x] {
        let obj = assemble_text(arch, src);
        let file = object::File::parse(&*obj).unwrap();
        let bytes = |name: &str, n: usize| {
            let s = file.symbols().find(|s| s.name() == Ok(name)).unwrap_or_else(|| panic!("{name}"));
            let sec = file.section_by_index(s.section_index().unwrap()).unwrap();
            let at = (s.address() - sec.address()) as usize;
            sec.data().unwrap()[at..at + n].to_vec()
        };
        let big = arch.big_endian();
        let f4 = 1.5f32.to_bits();
        let f8 = 2.25f64.to_bits();
        assert_eq!(bytes("p.f4", 4), if big { f4.to_be_bytes() } else { f4.to_le_bytes() }, "{arch}");
        assert_eq!(bytes("p.f8", 8), if big { f8.to_be_bytes() } else { f8.to_le_bytes() }, "{arch}");
        let mut s = b"abcdefgh".to_vec();
        s.extend(if big { [1, 2] } else { [2, 1] });
        s.extend([0; 6]);
        assert_eq!(bytes("p.s", 16), s, "{arch}");
    }
}

/// The stack-map section is allocated, writable (its pointers relocate in a PIE) and retained
/// (`SHF_GNU_RETAIN`: `--gc-sections` keeps it); `.debug_info` marks global functions
/// `DW_AT_external` and static ones not.
#[test]
fn stackmap_section_flags_and_debug_info_linkage() {
    use object::{Object, ObjectSection};
    let obj = assemble_text(
        GoArch::Amd64,
        "#include \"textflag.h\"\nTEXT ·pub(SB), NOSPLIT, $0-0\n\tRET\nTEXT ·priv<>(SB), NOSPLIT, $0-0\n\tRET\n",
    );
    let file = object::File::parse(&*obj).unwrap();
    let sec = file.section_by_name("p9asm_stackmap").unwrap();
    let object::SectionFlags::Elf { sh_flags, .. } = sec.flags() else { panic!() };
    use object::elf::{SHF_ALLOC, SHF_GNU_RETAIN, SHF_WRITE};
    assert_eq!(sh_flags, SHF_ALLOC | SHF_WRITE | SHF_GNU_RETAIN);
    if !oracle_available("llvm-dwarfdump") {
        return;
    }
    let p = tmp("linkage.o");
    std::fs::write(&p, &obj).unwrap();
    let d = run(Command::new("llvm-dwarfdump").arg("--debug-info").arg(&p));
    // each subprogram's attributes, by name
    let mut subs: Vec<(String, bool)> = Vec::new();
    for block in d.split("DW_TAG_subprogram").skip(1) {
        let block = block.split("DW_TAG_").next().unwrap();
        let name = block
            .lines()
            .find_map(|l| l.split("DW_AT_name").nth(1))
            .unwrap()
            .trim()
            .trim_matches(|c| c == '(' || c == ')' || c == '"');
        subs.push((name.to_string(), block.contains("DW_AT_external")));
    }
    subs.sort();
    assert_eq!(subs, [("p.priv".to_string(), false), ("p.pub".to_string(), true)], "{d}");
}
