//! The ppc64 and ppc64le stubs as ELF: readelf and llvm-readobj accept the objects (ELFv1,
//! e_flags 1, with `.opd` descriptors for ppc64; ELFv2, e_flags 2, for ppc64le), every
//! `.rela.text` relocation is the one Go's linker writes for that Go relocation
//! (cmd/link/internal/ppc64 `elfreloc1`, with its 2-byte offset of 16-bit fields in big-endian
//! code), GNU ld (`powerpc64-linux-gnu-ld`, `powerpc64le-linux-gnu-ld`) and, for ELFv2, lld
//! link them statically with a small p9asm-assembled runtime (`tests/data/ppc64_rt.s`),
//! qemu runs the executables (reflectcall through call32 and callRet), and the unwind tables
//! give, at every instruction, the frame model's CFA, with the return address in LR (DWARF 65)
//! before the save and at CFA-autosize after it. lld has no ELFv1 support at all ("ABI
//! version 1 is not supported", for gcc's own objects as well): the test checks that it says
//! so, so that a future lld that links ELFv1 is noticed.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use common::*;
use object::{Object, ObjectSection, ObjectSymbol};
use p9asm::arch::ppc64::reloc::go_reloc;
use p9asm::target::GoArch;

const STUBS: &str = "stubs/asm_ppc64x.s";
const RT: &str = "assembler/tests/data/ppc64_rt.s";
/// (GOARCH, GNU ld, qemu)
const TARGETS: [(GoArch, &str, &str); 2] = [
    (GoArch::Ppc64, "powerpc64-linux-gnu-ld", "qemu-ppc64"),
    (GoArch::Ppc64le, "powerpc64le-linux-gnu-ld", "qemu-ppc64le"),
];

fn tmp(name: &str) -> PathBuf {
    scratch_file("ppc64-objects", name)
}

fn which(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().map(|o| o.status.success()).unwrap_or(false)
}

#[test]
fn objects_are_valid_elf_v1_and_v2() {
    if !oracle_available("readelf") || !oracle_available("llvm-readobj") {
        return;
    }
    for (arch, _, _) in TARGETS {
        let (obj, _) = assemble_runtime_file(arch, STUBS);
        let p = tmp(&format!("stubs-{arch}.o"));
        std::fs::write(&p, &obj).unwrap();
        let re = run_clean(Command::new("readelf").arg("-a").arg("-W").arg(&p));
        assert!(re.contains("REL (Relocatable file)") && re.contains("PowerPC64"), "{arch}");
        let flags = if arch.big_endian() { "Flags:                             0x1, abiv1" } else { "0x2, abiv2" };
        assert!(re.contains(flags), "{arch}: e_flags");
        for sym in ["runtime.reflectcall", "runtime.call32", "runtime.call1073741824", "callRet", "reflect.call"] {
            assert!(re.lines().any(|l| l.ends_with(&format!(" {sym}"))), "{arch}: symbol {sym} missing");
        }
        assert!(re.contains("R_PPC64_REL24") && re.contains("runtime.reflectcallmove"), "{arch}");
        assert!(re.contains("R_PPC64_ADDR16_HA") && re.contains("R_PPC64_ADDR16_LO"), "{arch}");
        assert!(re.contains(".note.GNU-stack") && re.contains(".eh_frame") && re.contains("p9asm_stackmap"));
        let ro = run_clean(Command::new("llvm-readobj").args(["--all"]).arg(&p));
        let format = if arch.big_endian() { "elf64-powerpc" } else { "elf64-powerpcle" };
        assert!(ro.contains(format) && ro.contains("EM_PPC64"), "{}", &ro[..ro.len().min(400)]);
    }
}

/// ELFv1: every function C can call (external linkage, no package qualifier: `_start` here) is
/// a descriptor in `.opd` (its size the code's, as gcc makes it) whose first word is relocated
/// to its code (`.L.<name>`) and second to the TOC base; Go's functions (`runtime.add`, ABI0)
/// and static ones are their code. ELFv2 has no `.opd` and every function symbol is its code.
#[test]
fn descriptors_for_c_callable_functions_on_elfv1_only() {
    for (arch, _, _) in TARGETS {
        let (obj, a) = assemble_runtime_file(arch, RT);
        let file = object::File::parse(&*obj).unwrap();
        let opd = file.section_by_name(".opd");
        assert_eq!(opd.is_some(), arch.big_endian(), "{arch}: .opd");
        let text = file.section_by_name(".text").unwrap().index();
        let start_size = a.funcs.last().map(|f| f.code.bytes.len() as u64).unwrap();
        let mut seen = 0;
        for sym in file.symbols() {
            let name = sym.name().unwrap();
            match name {
                "_start" => {
                    let want = if arch.big_endian() { opd.as_ref().map(|s| s.index()) } else { Some(text) };
                    assert_eq!(sym.section_index(), want, "{arch}: _start");
                    assert_eq!(sym.size(), start_size, "{arch}: _start's size is its code's");
                    assert!(sym.is_global());
                    seen += 1;
                }
                ".L._start" => {
                    assert!(arch.big_endian() && sym.is_local() && sym.section_index() == Some(text), "{arch}");
                    seen += 1;
                }
                "runtime.add" | "runtime.reflectcallmove" | "runtime.badreflectcall" => {
                    assert_eq!(sym.section_index(), Some(text), "{arch}: {name} (ABI0) is its code");
                    seen += 1;
                }
                _ => assert!(!name.starts_with(".L."), "{arch}: {name}"),
            }
        }
        assert_eq!(seen, if arch.big_endian() { 5 } else { 4 }, "{arch}");
        if let Some(opd) = opd {
            let relocs: Vec<u32> = opd
                .relocations()
                .map(|(_, r)| match r.flags() {
                    object::RelocationFlags::Elf { r_type } => r_type.0,
                    _ => panic!(),
                })
                .collect();
            assert_eq!(relocs, [object::elf::R_PPC64_ADDR64.0, object::elf::R_PPC64_TOC.0], "one descriptor");
        }
    }
}

/// What Go's linker writes for a Go relocation of `.text` (elfreloc1): (offset, ELF type).
fn go_elf_relocs(go_type: u8, size: u8, big: bool) -> Vec<(u64, u32)> {
    use object::elf::*;
    let h = if big { 2 } else { 0 };
    match go_type {
        go_reloc::R_CALLPOWER => vec![(0, R_PPC64_REL24.0)],
        go_reloc::R_ADDRPOWER => vec![(h, R_PPC64_ADDR16_HA.0), (4 + h, R_PPC64_ADDR16_LO.0)],
        go_reloc::R_ADDRPOWER_DS => vec![(h, R_PPC64_ADDR16_HA.0), (4 + h, R_PPC64_ADDR16_LO_DS.0)],
        go_reloc::R_POWER_TLS_LE => vec![(h, R_PPC64_TPREL16_HA.0), (4 + h, R_PPC64_TPREL16_LO.0)],
        go_reloc::R_POWER_TLS_IE => vec![(h, R_PPC64_GOT_TPREL16_HA.0), (4 + h, R_PPC64_GOT_TPREL16_LO_DS.0)],
        go_reloc::R_POWER_TLS => vec![(0, R_PPC64_TLS.0)],
        go_reloc::R_ADDR if size == 8 => vec![(0, R_PPC64_ADDR64.0)],
        t => panic!("Go relocation type {t} is not one Go's ppc64 assembler makes"),
    }
}

#[test]
fn text_relocations_are_what_go_s_linker_writes() {
    for (arch, _, _) in TARGETS {
        for rel in [STUBS, RT] {
            let (obj, a) = assemble_runtime_file(arch, rel);
            let file = object::File::parse(&*obj).unwrap();
            let text = file.section_by_name(".text").expect(".text");
            let mut have: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
            for (off, r) in text.relocations() {
                let object::RelocationFlags::Elf { r_type } = r.flags() else { panic!("not ELF") };
                have.entry(off).or_default().push(r_type.0);
            }
            let h = if arch.big_endian() { 2 } else { 0 };
            let mut want: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
            let mut base = 0u64;
            for fc in &a.funcs {
                while !base.is_multiple_of(16) {
                    base += 1;
                }
                for fx in &fc.code.fixups {
                    let at = base + fx.offset as u64;
                    if have.contains_key(&at) || have.contains_key(&(at + h)) {
                        for (d, t) in go_elf_relocs(fx.go_type, fx.size, arch.big_endian()) {
                            want.entry(at + d).or_default().push(t);
                        }
                    }
                }
                base += fc.code.bytes.len() as u64;
            }
            assert!(!have.is_empty(), "{arch} {rel}: no relocations");
            assert_eq!(have, want, "{arch} {rel}: .rela.text");
        }
    }
}

#[test]
fn links_with_ld_and_lld_and_runs_under_qemu() {
    for (arch, ld, qemu) in TARGETS {
        if !oracle_available(ld) || !oracle_available("ld.lld") {
            return;
        }
        let (stubs, _) = assemble_runtime_file(arch, STUBS);
        let (rt, _) = assemble_runtime_file(arch, RT);
        let s = tmp(&format!("stubs2-{arch}.o"));
        let r = tmp(&format!("rt-{arch}.o"));
        std::fs::write(&s, &stubs).unwrap();
        std::fs::write(&r, &rt).unwrap();
        let have_qemu = which(qemu);
        if !have_qemu {
            assert!(std::env::var_os("CI").is_none(), "{qemu} is missing on CI: run scripts/install-deps.sh");
            eprintln!("skipping the run: {qemu} is not installed (scripts/install-deps.sh installs qemu-user)");
        }
        let linkers: &[&str] = if arch.big_endian() { &[ld] } else { &[ld, "ld.lld"] };
        for linker in linkers {
            let exe = tmp(&format!("exe-{arch}-{linker}"));
            run_clean(Command::new(linker).args(["-static", "--gc-sections", "-o"]).arg(&exe).arg(&s).arg(&r));
            let re = run_clean(Command::new("readelf").arg("-hSW").arg(&exe));
            assert!(re.contains("EXEC (Executable file)") && re.contains("PowerPC64"), "{linker}");
            assert!(re.contains("p9asm_stackmap"), "{linker} dropped the stack-map section");
            if have_qemu {
                let st = Command::new(qemu).arg(&exe).status().unwrap();
                assert_eq!(
                    st.code(),
                    Some(0),
                    "{arch} {linker}: reflectcall through the linked stubs did not compute 40+2"
                );
            }
        }
        if arch.big_endian() {
            let out =
                Command::new("ld.lld").args(["-static", "-o"]).arg(tmp("exe-lld-v1")).arg(&s).arg(&r).output().unwrap();
            assert!(!out.status.success(), "lld links ELFv1 now: add it to the linkers above");
            assert!(String::from_utf8_lossy(&out.stderr).contains("ABI version 1 is not supported"));
        }
    }
}

/// One unwind row: from `loc` on, CFA = R1 + `cfa`, saved registers (by DWARF number) at CFA +
/// offset.
type Rows = Vec<(u64, i64, BTreeMap<u16, i64>)>;

/// `readelf --debug-dump=frames-interp`: per FDE its start and rows. Columns are `r<n>` and
/// `ra` (65, the CIE's return-address column); `u` is no rule.
fn readelf_rows(text: &str) -> Vec<(u64, Rows)> {
    let mut out: Vec<(u64, Rows)> = Vec::new();
    let mut cols: Vec<u16> = Vec::new();
    for line in text.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.len() >= 6 && w[3] == "FDE" {
            let pc = line.split("pc=").nth(1).unwrap().split("..").next().unwrap();
            let start = u64::from_str_radix(pc, 16).unwrap();
            out.push((start, vec![(start, 0, BTreeMap::new())]));
            cols.clear();
        } else if w.first() == Some(&"LOC") && !out.is_empty() {
            assert_eq!(w[1], "CFA", "{line}");
            cols = w[2..]
                .iter()
                .map(|c| if *c == "ra" { 65 } else { c.strip_prefix('r').and_then(|n| n.parse().ok()).expect(c) })
                .collect();
            out.last_mut().unwrap().1.clear();
        } else if let (Some((_, rows)), Some(loc)) =
            (out.last_mut(), w.first().and_then(|l| u64::from_str_radix(l, 16).ok()))
        {
            if w.len() < 2 || !w[1].starts_with("r1") {
                continue;
            }
            assert_eq!(w.len(), 2 + cols.len(), "{line}");
            let cfa: i64 = w[1].strip_prefix("r1").unwrap().parse().expect(w[1]);
            let mut saved = BTreeMap::new();
            for (c, v) in cols.iter().zip(&w[2..]) {
                if *v != "u" {
                    saved.insert(*c, v.strip_prefix('c').and_then(|o| o.parse().ok()).expect(v));
                }
            }
            rows.push((loc, cfa, saved));
        }
    }
    out
}

/// `llvm-dwarfdump --eh-frame`: the rows after each FDE (`0x308: CFA=X1+64: LR8=[CFA-64]`).
fn dwarfdump_rows(text: &str) -> Vec<(u64, Rows)> {
    let mut out: Vec<(u64, Rows)> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.contains(" FDE ") {
            let pc = t.split("pc=").nth(1).unwrap().split("...").next().unwrap();
            out.push((u64::from_str_radix(pc, 16).unwrap(), Vec::new()));
            continue;
        }
        let Some((loc, rest)) = t.strip_prefix("0x").and_then(|r| r.split_once(": CFA=X1")) else { continue };
        let Some((_, rows)) = out.last_mut() else { continue };
        let (cfa, regs) = rest.split_once(": ").unwrap_or((rest, ""));
        let cfa: i64 = if cfa.is_empty() { 0 } else { cfa.trim_start_matches('+').parse().expect(cfa) };
        let mut saved = BTreeMap::new();
        for r in regs.split(", ").filter(|r| !r.is_empty()) {
            let (reg, v) = r.split_once('=').unwrap();
            let n: u16 = if reg == "LR8" { 65 } else { reg.trim_start_matches('X').parse().expect(reg) };
            let off = v.strip_prefix("[CFA").and_then(|o| o.strip_suffix(']')).and_then(|o| o.parse().ok()).expect(v);
            saved.insert(n, off);
        }
        rows.push((u64::from_str_radix(loc, 16).unwrap(), cfa, saved));
    }
    out
}

/// Both readers of the object's CFI (binutils and LLVM) agree with the frame model at every
/// instruction of every stub, in both byte orders: the CFA, and where LR is.
#[test]
fn cfi_at_every_instruction_equals_the_frame_model() {
    if !oracle_available("readelf") || !oracle_available("llvm-dwarfdump") {
        return;
    }
    for (arch, _, _) in TARGETS {
        let (obj, a) = assemble_runtime_file(arch, STUBS);
        let p = tmp(&format!("stubs3-{arch}.o"));
        std::fs::write(&p, &obj).unwrap();
        let readelf = readelf_rows(&run_clean(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&p)));
        let llvm = dwarfdump_rows(&run_clean(Command::new("llvm-dwarfdump").arg("--eh-frame").arg(&p)));
        let isa = p9asm::arch::for_goarch(arch);
        let dwarf = |r: p9asm::prog::Reg| isa.dwarf().map(r).unwrap();
        for (tool, fdes) in [("readelf", &readelf), ("llvm-dwarfdump", &llvm)] {
            assert_eq!(fdes.len(), a.funcs.len(), "{tool}: one FDE per function");
            let (mut checked, mut lr_saved) = (0, 0);
            let mut base = 0u64;
            for (fc, (start, rows)) in a.funcs.iter().zip(fdes) {
                while !base.is_multiple_of(16) {
                    base += 1;
                }
                assert_eq!(*start, base, "{arch} {tool}: the FDE starts at the function's code");
                let model = p9asm::frame::model::analyze(isa, &fc.func);
                for (i, p) in fc.func.progs.iter().enumerate().filter(|(_, p)| p.size > 0) {
                    let st = model.state(i);
                    assert!(!st.lost);
                    let row = rows.iter().rev().find(|r| r.0 - start <= p.pc as u64).expect("a row");
                    let at = format!("{arch} {tool}: pc {:#x} of {:?}", p.pc, fc.func.sym);
                    assert_eq!(row.1, st.sp, "{at}: CFA");
                    let want: BTreeMap<u16, i64> = st.saved.iter().map(|(r, off)| (dwarf(r), off)).collect();
                    assert_eq!(row.2, want, "{at}: saved registers");
                    if let Some(off) = want.get(&65) {
                        assert_eq!(*off, -fc.func.layout.autosize, "{at}");
                        lr_saved += 1;
                    }
                    checked += 1;
                }
                base += fc.code.bytes.len() as u64;
            }
            assert!(checked > 1400 && lr_saved > 900, "{tool}: {checked} instructions, {lr_saved} with LR saved");
        }
    }
}

/// A C program calls a p9asm function directly and through a function pointer: on ppc64 the
/// pointer holds the `.opd` descriptor (code address, TOC), on ppc64le the code.
#[test]
fn c_calls_through_a_function_pointer() {
    for (arch, _, qemu) in TARGETS {
        let cc = if arch.big_endian() { "powerpc64-linux-gnu-gcc" } else { "powerpc64le-linux-gnu-gcc" };
        if !oracle_available(cc) {
            return;
        }
        let (obj, _) = assemble_runtime_file(arch, "assembler/tests/data/ppc64_cptr/cptr.s");
        let o = tmp(&format!("cptr-{arch}.o"));
        std::fs::write(&o, &obj).unwrap();
        let exe = tmp(&format!("cptr-{arch}"));
        run_clean(
            Command::new(cc)
                .args(["-O2", "-static", "-o"])
                .arg(&exe)
                .arg(root().join("assembler/tests/data/ppc64_cptr/main.c"))
                .arg(&o),
        );
        if !which(qemu) {
            assert!(std::env::var_os("CI").is_none(), "{qemu} is missing on CI: run scripts/install-deps.sh");
            continue;
        }
        let st = Command::new(qemu).arg(&exe).status().unwrap();
        assert_eq!(st.code(), Some(0), "{arch}: add2 through a C function pointer");
    }
}

/// ELFv1 symbols and relocations of functions defined in the file: a DUPOK function's
/// descriptor is weak and another's global; a branch names the descriptor (the linker finds the
/// code through it), an address taken in code names the code symbol `.L.f`, each relocation at
/// its field (16-bit fields 2 bytes into their big-endian instruction).
#[test]
fn elfv1_relocations_name_the_descriptor_or_the_code() {
    use object::RelocationTarget;
    let src = "#include \"textflag.h\"\n\
        TEXT cstrong(SB), NOSPLIT, $0-0\n\tRET\n\
        TEXT cweak(SB), DUPOK|NOSPLIT, $0-0\n\tRET\n\
        TEXT caller(SB), NOSPLIT|NOFRAME, $0-0\n\tCALL cstrong(SB)\n\tMOVD $cstrong(SB), R3\n\tRET\n";
    let obj = assemble_text(GoArch::Ppc64, src);
    let file = object::File::parse(&*obj).unwrap();
    let opd = file.section_by_name(".opd").unwrap().index();
    let binding = |name: &str| {
        let s = file.symbols().find(|s| s.name() == Ok(name)).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(s.section_index(), Some(opd), "{name} is its descriptor");
        (s.is_weak(), s.is_global())
    };
    assert_eq!(binding("cweak"), (true, true));
    assert_eq!(binding("cstrong"), (false, true));
    let text = file.section_by_name(".text").unwrap();
    let relocs: Vec<(u64, u32, String)> = text
        .relocations()
        .map(|(at, r)| {
            let RelocationTarget::Symbol(si) = r.target() else { panic!("target") };
            let object::RelocationFlags::Elf { r_type } = r.flags() else { panic!() };
            (at, r_type.0, file.symbol_by_index(si).unwrap().name().unwrap().to_string())
        })
        .collect();
    use object::elf::{R_PPC64_ADDR16_HA, R_PPC64_ADDR16_LO, R_PPC64_REL24};
    assert_eq!(
        relocs,
        [
            (0x20, R_PPC64_REL24.0, "cstrong".to_string()),
            (0x26, R_PPC64_ADDR16_HA.0, ".L.cstrong".to_string()),
            (0x2a, R_PPC64_ADDR16_LO.0, ".L.cstrong".to_string()),
        ]
    );
}
