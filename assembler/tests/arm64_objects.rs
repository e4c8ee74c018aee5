//! The arm64 stubs as ELF: readelf and llvm-readobj accept the object, every `.rela.text`
//! relocation is the one Go's linker writes for that Go relocation (cmd/link/internal/arm64
//! `elfreloc1`), GNU ld (`aarch64-linux-gnu-ld`) and lld link it statically with a small
//! p9asm-assembled runtime (`tests/data/arm64_rt.s`), qemu-aarch64 runs the executable
//! (reflectcall through call32 and callRet), and the unwind tables give, at every instruction,
//! the frame model's CFA, with the return address in R30 before the LR save and at CFA-autosize
//! after it (and R29 at CFA-autosize-8).

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use common::*;
use object::{Object, ObjectSection};
use p9asm::arch::arm64::reloc::go_reloc;
use p9asm::target::GoArch;

const STUBS: &str = "stubs/asm_arm64.s";
const RT: &str = "assembler/tests/data/arm64_rt.s";

fn assemble(rel: &str) -> (Vec<u8>, p9asm::driver::Assembled) {
    assemble_runtime_file(GoArch::Arm64, rel)
}

fn tmp(name: &str) -> PathBuf {
    scratch_file("arm64-objects", name)
}

fn run(cmd: &mut Command) -> String {
    run_clean(cmd)
}

#[test]
fn object_is_valid_elf() {
    if !oracle_available("readelf") || !oracle_available("llvm-readobj") {
        return;
    }
    let (obj, _) = assemble(STUBS);
    let p = tmp("stubs.o");
    std::fs::write(&p, &obj).unwrap();
    let re = run(Command::new("readelf").arg("-a").arg("-W").arg(&p));
    assert!(re.contains("REL (Relocatable file)"));
    assert!(re.contains("AArch64"));
    for sym in ["runtime.reflectcall", "runtime.call32", "runtime.call1073741824", "callRet", "reflect.call"] {
        assert!(re.lines().any(|l| l.ends_with(&format!(" {sym}"))), "symbol {sym} missing");
    }
    assert!(re.contains("R_AARCH64_CALL26") && re.contains("runtime.reflectcallmove"));
    assert!(re.contains("R_AARCH64_ADR_PREL_PG_HI21") && re.contains("R_AARCH64_ADD_ABS_LO12_NC"));
    assert!(re.contains(".note.GNU-stack") && re.contains(".eh_frame") && re.contains("p9asm_stackmap"));
    let ro = run(Command::new("llvm-readobj").args(["--all"]).arg(&p));
    assert!(ro.contains("elf64-littleaarch64") && ro.contains("EM_AARCH64"), "{}", &ro[..ro.len().min(400)]);
}

/// What Go's linker writes for a Go relocation of `.text` (elfreloc1): (offset, ELF type).
fn go_elf_relocs(go_type: u8, size: u8) -> Vec<(u64, u32)> {
    use object::elf::*;
    match go_type {
        go_reloc::R_CALLARM64 => vec![(0, R_AARCH64_CALL26.0)],
        go_reloc::R_ADDRARM64 => vec![(0, R_AARCH64_ADR_PREL_PG_HI21.0), (4, R_AARCH64_ADD_ABS_LO12_NC.0)],
        go_reloc::R_ARM64_TLS_LE => vec![(0, R_AARCH64_TLSLE_MOVW_TPREL_G0.0)],
        go_reloc::R_ARM64_TLS_IE => {
            vec![(0, R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21.0), (4, R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC.0)]
        }
        go_reloc::R_ARM64_GOTPCREL => vec![(0, R_AARCH64_ADR_GOT_PAGE.0), (4, R_AARCH64_LD64_GOT_LO12_NC.0)],
        go_reloc::R_ADDR if size == 8 => vec![(0, R_AARCH64_ABS64.0)],
        go_reloc::R_ADDR if size == 4 => vec![(0, R_AARCH64_ABS32.0)],
        // R_CALLIND marks BLR/B (R) and is not written
        go_reloc::R_CALLIND => vec![],
        t => panic!("Go relocation type {t} is not one Go's arm64 assembler makes"),
    }
}

#[test]
fn text_relocations_are_what_go_s_linker_writes() {
    for rel in [STUBS, RT] {
        let (obj, a) = assemble(rel);
        let file = object::File::parse(&*obj).unwrap();
        let text = file.section_by_name(".text").expect(".text");
        let mut have: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
        for (off, r) in text.relocations() {
            let object::RelocationFlags::Elf { r_type } = r.flags() else { panic!("not ELF") };
            have.entry(off).or_default().push(r_type.0);
        }
        // every relocation written is the one Go's linker writes for the fixup at its place;
        // fixups p9asm resolves itself (calls inside the file) write nothing
        let mut want: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
        let mut base = 0u64;
        for fc in &a.funcs {
            for fx in &fc.code.fixups {
                let at = base + fx.offset as u64;
                if have.contains_key(&at) {
                    for (d, t) in go_elf_relocs(fx.go_type, fx.size) {
                        want.entry(at + d).or_default().push(t);
                    }
                }
            }
            base += fc.code.bytes.len() as u64;
        }
        assert_eq!(base, text.size(), "{rel}: functions laid out back to back");
        assert!(!have.is_empty(), "{rel}: no relocations");
        assert_eq!(have, want, "{rel}: .rela.text");
    }
}

#[test]
fn links_with_ld_and_lld_and_runs_under_qemu() {
    if !oracle_available("aarch64-linux-gnu-ld") || !oracle_available("ld.lld") {
        return;
    }
    let (stubs, _) = assemble(STUBS);
    let (rt, _) = assemble(RT);
    let s = tmp("stubs2.o");
    let r = tmp("rt.o");
    std::fs::write(&s, &stubs).unwrap();
    std::fs::write(&r, &rt).unwrap();
    let qemu = which("qemu-aarch64");
    if !qemu {
        assert!(std::env::var_os("CI").is_none(), "qemu-aarch64 is missing on CI: run scripts/install-deps.sh");
        eprintln!("skipping the run: qemu-aarch64 is not installed (scripts/install-deps.sh installs qemu-user)");
    }
    for linker in ["aarch64-linux-gnu-ld", "ld.lld"] {
        let exe = tmp(&format!("exe-{linker}"));
        run(Command::new(linker).args(["-static", "--gc-sections", "-o"]).arg(&exe).arg(&s).arg(&r));
        let re = run(Command::new("readelf").arg("-hSW").arg(&exe));
        assert!(re.contains("EXEC (Executable file)") && re.contains("AArch64"), "{linker}");
        assert!(re.contains("p9asm_stackmap"), "{linker} dropped the stack-map section");
        if qemu {
            let st = Command::new("qemu-aarch64").arg(&exe).status().unwrap();
            assert_eq!(st.code(), Some(0), "{linker}: reflectcall through the linked stubs did not compute 40+2");
        }
    }
}

fn which(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().map(|o| o.status.success()).unwrap_or(false)
}

/// One unwind row: from `loc` on, CFA = SP + `cfa`, saved registers (by DWARF number) at CFA +
/// offset.
type Rows = Vec<(u64, i64, BTreeMap<u16, i64>)>;

/// `readelf --debug-dump=frames-interp` of an AArch64 object: per FDE its start and rows.
/// Columns are `x<n>` and `ra` (x30, the CIE's return-address column); `u` is no rule.
fn readelf_rows(text: &str) -> Vec<(u64, Rows)> {
    let mut out: Vec<(u64, Rows)> = Vec::new();
    let mut cols: Vec<u16> = Vec::new();
    for line in text.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.len() >= 6 && w[3] == "FDE" {
            let pc = line.split("pc=").nth(1).unwrap().split("..").next().unwrap();
            let start = u64::from_str_radix(pc, 16).unwrap();
            // an FDE without instructions has the CIE's rule: CFA = sp
            out.push((start, vec![(start, 0, BTreeMap::new())]));
            cols.clear();
        } else if w.first() == Some(&"LOC") && !out.is_empty() {
            assert_eq!(w[1], "CFA", "{line}");
            cols = w[2..]
                .iter()
                .map(|c| if *c == "ra" { 30 } else { c.strip_prefix('x').and_then(|n| n.parse().ok()).expect(c) })
                .collect();
            out.last_mut().unwrap().1.clear();
        } else if let (Some((_, rows)), Some(loc)) =
            (out.last_mut(), w.first().and_then(|l| u64::from_str_radix(l, 16).ok()))
        {
            if w.len() < 2 || !w[1].starts_with("sp") {
                continue;
            }
            assert_eq!(w.len(), 2 + cols.len(), "{line}");
            let cfa = w[1].strip_prefix("sp").unwrap();
            let cfa: i64 = if cfa.is_empty() { 0 } else { cfa.parse().expect(cfa) };
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

/// `llvm-dwarfdump --eh-frame`: the rows LLVM prints after each FDE (`0x2d8: CFA=WSP+48:
/// W29=[CFA-56], W30=[CFA-48]`).
fn dwarfdump_rows(text: &str) -> Vec<(u64, Rows)> {
    let mut out: Vec<(u64, Rows)> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.contains(" FDE ") {
            let pc = t.split("pc=").nth(1).unwrap().split("...").next().unwrap();
            out.push((u64::from_str_radix(pc, 16).unwrap(), Vec::new()));
            continue;
        }
        let Some((loc, rest)) = t.strip_prefix("0x").and_then(|r| r.split_once(": CFA=WSP")) else { continue };
        let Some((_, rows)) = out.last_mut() else { continue };
        let (cfa, regs) = rest.split_once(": ").unwrap_or((rest, ""));
        let cfa: i64 = if cfa.is_empty() { 0 } else { cfa.trim_start_matches('+').parse().expect(cfa) };
        let mut saved = BTreeMap::new();
        for r in regs.split(", ").filter(|r| !r.is_empty()) {
            let (reg, v) = r.split_once('=').unwrap();
            let n: u16 = reg.trim_start_matches(['W', 'X']).parse().expect(reg);
            let off = v.strip_prefix("[CFA").and_then(|o| o.strip_suffix(']')).and_then(|o| o.parse().ok()).expect(v);
            saved.insert(n, off);
        }
        rows.push((u64::from_str_radix(loc, 16).unwrap(), cfa, saved));
    }
    out
}

/// Both readers of the object's CFI (binutils and LLVM) agree with the frame model at every
/// instruction of every stub: the CFA, and where R29 and R30 are.
#[test]
fn cfi_at_every_instruction_equals_the_frame_model() {
    if !oracle_available("readelf") || !oracle_available("llvm-dwarfdump") {
        return;
    }
    let (obj, a) = assemble(STUBS);
    let p = tmp("stubs3.o");
    std::fs::write(&p, &obj).unwrap();
    let readelf = readelf_rows(&run(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&p)));
    let llvm = dwarfdump_rows(&run(Command::new("llvm-dwarfdump").arg("--eh-frame").arg(&p)));
    let arch = p9asm::arch::for_goarch(GoArch::Arm64);
    let dwarf = |r: p9asm::prog::Reg| (r.0 as i64 - 8192) as u16;
    for (tool, fdes) in [("readelf", &readelf), ("llvm-dwarfdump", &llvm)] {
        assert_eq!(fdes.len(), a.funcs.len(), "{tool}: one FDE per function");
        let (mut checked, mut lr_saved) = (0, 0);
        for (fc, (base, rows)) in a.funcs.iter().zip(fdes) {
            let model = p9asm::frame::model::analyze(arch, &fc.func);
            for (i, p) in fc.func.progs.iter().enumerate().filter(|(_, p)| p.size > 0) {
                let st = model.state(i);
                assert!(!st.lost);
                let row = rows.iter().rev().find(|r| r.0 - base <= p.pc as u64).expect("a row");
                let at = format!("{tool}: pc {:#x} of {:?}", p.pc, fc.func.sym);
                assert_eq!(row.1, st.sp, "{at}: CFA");
                let want: BTreeMap<u16, i64> = st.saved.iter().map(|(r, off)| (dwarf(r), off)).collect();
                assert_eq!(row.2, want, "{at}: saved registers");
                // the return address: in R30 (no rule) before the save, at CFA-autosize after
                match want.get(&30) {
                    Some(off) => {
                        assert_eq!(*off, -fc.func.layout.autosize, "{at}");
                        if let Some(fp) = want.get(&29) {
                            assert_eq!(*fp, off - 8, "{at}: R29 right below the saved LR");
                        }
                        lr_saved += 1;
                    }
                    None => assert!(!row.2.contains_key(&30), "{at}"),
                }
                checked += 1;
            }
        }
        assert!(checked > 1400 && lr_saved > 1000, "{tool}: {checked} instructions, {lr_saved} with LR saved");
    }
}

/// The stubs run: a static C harness (`tests/data/arm64_harness/harness.c`, with the Plan 9
/// glue `glue.s` between AAPCS64 and Go's ABI0) calls reflectcall through every DISPATCH size
/// class from call32 to call67108864, at the largest and the smallest argument frame of each;
/// each call copies the arguments into the callN frame, runs `sum` there and brings the results
/// back through callRet and the write-barrier callback reflectcallmove (written in C), whose
/// arguments are checked. Classes from call134217728 up are left out: each needs twice its size
/// in memory under qemu.
#[test]
fn reflectcall_under_qemu_through_every_size_class() {
    if !oracle_available("aarch64-linux-gnu-gcc") {
        return;
    }
    if !which("qemu-aarch64") {
        assert!(std::env::var_os("CI").is_none(), "qemu-aarch64 is missing on CI: run scripts/install-deps.sh");
        eprintln!("skipping: qemu-aarch64 is not installed (scripts/install-deps.sh installs qemu-user)");
        return;
    }
    let (stubs, _) = assemble(STUBS);
    let (glue, _) = assemble("assembler/tests/data/arm64_harness/glue.s");
    let (s, g) = (tmp("stubs4.o"), tmp("glue.o"));
    std::fs::write(&s, &stubs).unwrap();
    std::fs::write(&g, &glue).unwrap();
    let exe = tmp("harness");
    run(Command::new("aarch64-linux-gnu-gcc")
        .args(["-O2", "-static", "-o"])
        .arg(&exe)
        .arg(root().join("assembler/tests/data/arm64_harness/harness.c"))
        .arg(&g)
        .arg(&s));
    // the largest frame is 64 MiB
    let out = Command::new("qemu-aarch64").args(["-s", "200M"]).arg(&exe).arg("26").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("22 size classes, 0 failures"), "{stdout}");
    assert_eq!(stdout.lines().filter(|l| l.ends_with(": ok")).count(), 43, "{stdout}");
}
