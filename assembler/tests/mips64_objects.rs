//! The mips64 and mips64le stubs as ELF: readelf and llvm-readobj accept the objects (ELF64,
//! EM_MIPS, e_flags 0x20000004 as Go's go.o, the n64 relocation entries with their three types,
//! `.eh_frame`, `.note.GNU-stack`, the stack-map section), every `.rela.text` relocation is the
//! one Go's linker writes for that Go relocation (cmd/link/internal/mips64 `elfreloc1`), GNU ld
//! (`mips64-linux-gnuabi64-ld`, `mips64el-linux-gnuabi64-ld`) and lld link them statically with a
//! small p9asm-assembled runtime (`tests/data/mips64_rt.s`), qemu runs the executables
//! (reflectcall through call32 and callRet), and the unwind tables give, at every instruction,
//! the frame model's CFA, with the return address in R31 before the LR save and after its
//! reload, at CFA-autosize in between, and SP back at the CFA in the delay slot of `JMP (R31)`;
//! and the same tables against an independent walk of the disassembled machine code.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use common::*;
use object::{Object, ObjectSection};
use p9asm::arch::mips::reloc::go_reloc;
use p9asm::target::GoArch;

const STUBS: &str = "stubs/asm_mips64x.s";
const RT: &str = "assembler/tests/data/mips64_rt.s";
/// Go's save_g/load_g: g through the TLS variable runtime·tls_g.
const TLS: &str = "assembler/tests/data/tls_mips64x.s";
const ARCHES: [GoArch; 2] = [GoArch::Mips64, GoArch::Mips64le];

fn assemble(arch: GoArch, rel: &str) -> (Vec<u8>, p9asm::driver::Assembled) {
    assemble_runtime_file(arch, rel)
}

fn tmp(name: &str) -> PathBuf {
    scratch_file("mips64-objects", name)
}

/// The GNU triple's machine part: mips64 or mips64el.
fn triple(arch: GoArch) -> &'static str {
    if arch.big_endian() { "mips64" } else { "mips64el" }
}

/// stdout of a tool that must succeed. readelf cannot apply R_MIPS_PC32 in relocatable objects
/// and says so ("unable to apply unsupported reloc type 248"): that warning alone is allowed.
fn run_readelf(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    for l in String::from_utf8_lossy(&out.stderr).lines() {
        assert!(l.contains("unsupported reloc type 248"), "{cmd:?}: {l}");
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn objects_are_valid_elf() {
    if !oracle_available("readelf") || !oracle_available("llvm-readobj") {
        return;
    }
    for arch in ARCHES {
        let (obj, _) = assemble(arch, STUBS);
        let p = tmp(&format!("stubs-{arch}.o"));
        std::fs::write(&p, &obj).unwrap();
        let re = run_readelf(Command::new("readelf").arg("-a").arg("-W").arg(&p));
        assert!(re.contains("REL (Relocatable file)") && re.contains("ELF64"), "{arch}");
        assert!(re.contains(if arch.big_endian() { "big endian" } else { "little endian" }), "{arch}");
        assert!(re.contains("Flags:                             0x20000004, cpic, mips3"), "{arch}: e_flags");
        for sym in ["runtime.reflectcall", "runtime.call16", "runtime.call1073741824", "callRet", "reflect.call"] {
            assert!(re.lines().any(|l| l.ends_with(&format!(" {sym}"))), "{arch}: symbol {sym} missing");
        }
        assert!(re.contains("R_MIPS_26") && re.contains("runtime.reflectcallmove"), "{arch}");
        assert!(re.contains("R_MIPS_HI16") && re.contains("R_MIPS_LO16"), "{arch}");
        // the n64 entries: the second and third types are R_MIPS_NONE, as Go's linker writes them
        let entries = re.matches("Type2: ").count();
        assert!(entries > 50, "{arch}: {entries} relocation entries");
        assert_eq!(re.matches("Type2: R_MIPS_NONE").count(), entries, "{arch}");
        assert_eq!(re.matches("Type3: R_MIPS_NONE").count(), entries, "{arch}");
        assert!(re.contains("R_MIPS_PC32"), "{arch}: .eh_frame's pc-begin");
        assert!(re.contains(".note.GNU-stack") && re.contains(".eh_frame") && re.contains("p9asm_stackmap"), "{arch}");
        let ro = run_clean(Command::new("llvm-readobj").args(["--all"]).arg(&p));
        assert!(ro.contains("elf64-mips") && ro.contains("EM_MIPS"), "{}", &ro[..ro.len().min(400)]);
        assert!(ro.contains("EF_MIPS_ARCH_3") && ro.contains("EF_MIPS_CPIC"), "{arch}: llvm-readobj flags");
        // llvm-readobj decodes r_info in the target's byte order: the same types either way
        assert!(ro.contains("R_MIPS_26/R_MIPS_NONE/R_MIPS_NONE"), "{arch}: n64 relocation types");
    }
}

/// What Go's linker writes for a Go relocation of `.text` (elfreloc1): the ELF type.
fn go_elf_reloc(go_type: u8, size: u8) -> Option<u32> {
    use object::elf::*;
    Some(match go_type {
        go_reloc::R_CALLMIPS | go_reloc::R_JMPMIPS => R_MIPS_26.0,
        go_reloc::R_ADDRMIPS => R_MIPS_LO16.0,
        go_reloc::R_ADDRMIPSU => R_MIPS_HI16.0,
        go_reloc::R_ADDRMIPSTLS => R_MIPS_TLS_TPREL_LO16.0,
        go_reloc::R_ADDR if size == 8 => R_MIPS_64.0,
        go_reloc::R_ADDR if size == 4 => R_MIPS_32.0,
        // R_CALLIND marks JAL (R) and is not written
        go_reloc::R_CALLIND => return None,
        t => panic!("Go relocation type {t} is not one Go's mips64 assembler makes"),
    })
}

#[test]
fn text_relocations_are_what_go_s_linker_writes() {
    for arch in ARCHES {
        for rel in [STUBS, RT, TLS] {
            let (obj, a) = assemble(arch, rel);
            let file = object::File::parse(&*obj).unwrap();
            let text = file.section_by_name(".text").expect(".text");
            let mut have: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
            for (off, r) in text.relocations() {
                let object::RelocationFlags::Elf { r_type } = r.flags() else { panic!("not ELF") };
                have.entry(off).or_default().push(r_type.0);
            }
            let mut want: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
            let mut base = 0u64;
            for fc in &a.funcs {
                for fx in &fc.code.fixups {
                    if let Some(t) = go_elf_reloc(fx.go_type, fx.size) {
                        want.entry(base + fx.offset as u64).or_default().push(t);
                    }
                }
                base += fc.code.bytes.len() as u64;
            }
            assert_eq!(base, text.size(), "{rel}: functions laid out back to back");
            assert!(!have.is_empty(), "{rel}: no relocations");
            // mips64 resolves nothing in the object: every fixup is a relocation
            assert_eq!(have, want, "{arch} {rel}: .rela.text");
        }
    }
}

fn which(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().map(|o| o.status.success()).unwrap_or(false)
}

#[test]
fn links_with_ld_and_lld_and_runs_under_qemu() {
    for arch in ARCHES {
        let gnu_ld = format!("{}-linux-gnuabi64-ld", triple(arch));
        if !oracle_available(&gnu_ld) || !oracle_available("ld.lld") {
            return;
        }
        let (stubs, _) = assemble(arch, STUBS);
        let (rt, _) = assemble(arch, RT);
        let s = tmp(&format!("stubs2-{arch}.o"));
        let r = tmp(&format!("rt-{arch}.o"));
        std::fs::write(&s, &stubs).unwrap();
        std::fs::write(&r, &rt).unwrap();
        let qemu = format!("qemu-{}", triple(arch));
        let have_qemu = which(&qemu);
        if !have_qemu {
            assert!(std::env::var_os("CI").is_none(), "{qemu} is missing on CI: run scripts/install-deps.sh");
            eprintln!("skipping the run: {qemu} is not installed (scripts/install-deps.sh installs qemu-user)");
        }
        for linker in [gnu_ld.as_str(), "ld.lld"] {
            let exe = tmp(&format!("exe-{arch}-{linker}"));
            run_clean(Command::new(linker).args(["-static", "--gc-sections", "-o"]).arg(&exe).arg(&s).arg(&r));
            let re = run_clean(Command::new("readelf").arg("-hSW").arg(&exe));
            assert!(re.contains("EXEC (Executable file)") && re.contains("MIPS"), "{linker}");
            assert!(re.contains("p9asm_stackmap"), "{linker} dropped the stack-map section");
            if have_qemu {
                let st = Command::new(&qemu).arg(&exe).status().unwrap();
                assert_eq!(
                    st.code(),
                    Some(0),
                    "{arch} {linker}: reflectcall through the linked stubs did not compute 40+2"
                );
            }
        }
    }
}

/// One unwind row: from `loc` on, CFA = SP + `cfa`, saved registers (by DWARF number) at CFA +
/// offset.
type Rows = Vec<(u64, i64, BTreeMap<u16, i64>)>;

/// `readelf --debug-dump=frames-interp` of a MIPS object: per FDE its start and rows. Columns
/// are `r<n>` and `ra` (r31, the CIE's return-address column); `u` is no rule. readelf does not
/// apply R_MIPS_PC32 here, so FDE starts are raw fields: rows are taken relative to them.
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
                .map(|c| if *c == "ra" { 31 } else { c.strip_prefix('r').and_then(|n| n.parse().ok()).expect(c) })
                .collect();
            out.last_mut().unwrap().1.clear();
        } else if let (Some((_, rows)), Some(loc)) =
            (out.last_mut(), w.first().and_then(|l| u64::from_str_radix(l, 16).ok()))
        {
            if w.len() < 2 || !w[1].starts_with("r29") {
                continue;
            }
            assert_eq!(w.len(), 2 + cols.len(), "{line}");
            let cfa: i64 = w[1].strip_prefix("r29").unwrap().parse().expect(w[1]);
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

/// `llvm-dwarfdump --eh-frame`: the rows LLVM prints after each FDE (`0x54: CFA=SP_64+40:
/// RA_64=[CFA-40]`).
fn dwarfdump_rows(text: &str) -> Vec<(u64, Rows)> {
    let mut out: Vec<(u64, Rows)> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.contains(" FDE ") {
            let pc = t.split("pc=").nth(1).unwrap().split("...").next().unwrap();
            out.push((u64::from_str_radix(pc, 16).unwrap(), Vec::new()));
            continue;
        }
        let Some((loc, rest)) = t.strip_prefix("0x").and_then(|r| r.split_once(": CFA=SP_64")) else { continue };
        let Some((_, rows)) = out.last_mut() else { continue };
        let (cfa, regs) = rest.split_once(": ").unwrap_or((rest, ""));
        let cfa: i64 = if cfa.is_empty() { 0 } else { cfa.trim_start_matches('+').parse().expect(cfa) };
        let mut saved = BTreeMap::new();
        for r in regs.split(", ").filter(|r| !r.is_empty()) {
            let (reg, v) = r.split_once('=').unwrap();
            let n: u16 = match reg {
                "RA_64" => 31,
                _ => reg.trim_start_matches('R').trim_end_matches("_64").parse().expect(reg),
            };
            if v == "undefined" {
                // after an SP write p9asm cannot follow: the caller is unknown
                continue;
            }
            let off = v.strip_prefix("[CFA").and_then(|o| o.strip_suffix(']')).and_then(|o| o.parse().ok()).expect(v);
            saved.insert(n, off);
        }
        rows.push((u64::from_str_radix(loc, 16).unwrap(), cfa, saved));
    }
    out
}

/// Both readers of the object's CFI (binutils and LLVM) agree with the frame model at every
/// instruction of every stub, in both byte orders: the CFA, and where R31 is; in the delay slot
/// of every epilogue's `JMP (R31)` the CFA is SP itself (the frame is gone).
#[test]
fn cfi_at_every_instruction_equals_the_frame_model() {
    if !oracle_available("readelf") || !oracle_available("llvm-dwarfdump") {
        return;
    }
    for arch in ARCHES {
        let (obj, a) = assemble(arch, STUBS);
        let p = tmp(&format!("stubs3-{arch}.o"));
        std::fs::write(&p, &obj).unwrap();
        let readelf = readelf_rows(&run_readelf(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&p)));
        let llvm = dwarfdump_rows(&run_clean(Command::new("llvm-dwarfdump").arg("--eh-frame").arg(&p)));
        let isa = p9asm::arch::for_goarch(arch);
        let dwarf = |r: p9asm::prog::Reg| (r.0 as i64 - p9asm::arch::mips::aout::REG_R0) as u16;
        for (tool, fdes) in [("readelf", &readelf), ("llvm-dwarfdump", &llvm)] {
            assert_eq!(fdes.len(), a.funcs.len(), "{tool}: one FDE per function");
            let (mut checked, mut lr_saved, mut slots) = (0, 0, 0);
            for (fc, (base, rows)) in a.funcs.iter().zip(fdes) {
                let model = p9asm::frame::model::analyze(isa, &fc.func);
                let progs = &fc.func.progs;
                for (i, p) in progs.iter().enumerate().filter(|(_, p)| p.size > 0) {
                    let st = model.state(i);
                    assert!(!st.lost);
                    let row = rows.iter().rev().find(|r| r.0 - base <= p.pc as u64).expect("a row");
                    let at = format!("{arch} {tool}: pc {:#x} of {:?}", p.pc, fc.func.sym);
                    assert_eq!(row.1, st.sp, "{at}: CFA");
                    let want: BTreeMap<u16, i64> = st.saved.iter().map(|(r, off)| (dwarf(r), off)).collect();
                    assert_eq!(row.2, want, "{at}: saved registers");
                    if let Some(off) = want.get(&31) {
                        assert_eq!(*off, -fc.func.layout.autosize, "{at}");
                        lr_saved += 1;
                    }
                    if i > 0 && progs[i - 1].op == p9asm::prog::Op::JMP && progs[i - 1].spadj > 0 {
                        assert_eq!(row.1, 0, "{at}: the delay slot of the epilogue's jump");
                        slots += 1;
                    }
                    checked += 1;
                }
            }
            assert!(
                checked > 1600 && lr_saved > 1000 && slots >= 28,
                "{arch} {tool}: {checked} instructions, {lr_saved} with LR saved, {slots} epilogue delay slots"
            );
        }
    }
}

/// What a register holds, as far as the walker follows it: a constant (LUI/ORI/DADDIU from
/// $zero), or SP plus a constant (the base Go builds for a large offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Val {
    Const(i64),
    SpPlus(i64),
}

/// The frame on entry to an instruction, from the machine code alone: SP's distance below the
/// CFA, where the caller's return address is saved (offset from the CFA; `None`: in $ra), and
/// whether an SP write the walker cannot follow happened. Register values feed large offsets.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct WalkFrame {
    cfa: i64,
    ra: Option<i64>,
    lost: bool,
    regs: BTreeMap<String, Val>,
}

/// One instruction of `llvm-objdump -d -r -z --no-show-raw-insn`.
#[derive(Clone, Debug)]
struct MInsn {
    addr: u64,
    mnem: String,
    ops: Vec<String>,
    reloc: bool,
}

fn parse_mips_objdump(text: &str) -> Vec<MInsn> {
    let mut out: Vec<MInsn> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.contains("file format") || t.starts_with("Disassembly of") || t.ends_with(">:") {
            continue;
        }
        if line.starts_with("\t\t") {
            assert!(t.contains("R_MIPS_"), "{line}");
            out.last_mut().expect("a relocation after an instruction").reloc = true;
            continue;
        }
        let (addr, rest) = t.split_once(':').unwrap_or_else(|| panic!("unparsed line {line:?}"));
        let addr = u64::from_str_radix(addr.trim(), 16).unwrap_or_else(|_| panic!("unparsed line {line:?}"));
        // llvm annotates immediates and targets with `<sym+off>`: the numbers are enough
        let rest = rest.split(" <").next().unwrap().trim();
        let (mnem, ops) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let ops = ops.split(',').map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect();
        out.push(MInsn { addr, mnem: mnem.to_string(), ops, reloc: false });
    }
    out
}

fn num(s: &str) -> i64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s}"))
}

/// `off($reg)` → (off, reg).
fn mem_op(s: &str) -> (i64, &str) {
    let (off, reg) =
        s.strip_suffix(')').and_then(|r| r.split_once('(')).unwrap_or_else(|| panic!("memory operand {s}"));
    (num(off), reg)
}

/// The frame after `i`'s own effect on `s`.
fn mips_effect(i: &MInsn, mut s: WalkFrame) -> WalkFrame {
    let o = &i.ops;
    let dst = o.first().map(String::as_str).unwrap_or("");
    let val = |s: &WalkFrame, r: &str| -> Option<Val> {
        match r {
            "$zero" => Some(Val::Const(0)),
            "$sp" => Some(Val::SpPlus(0)),
            _ => s.regs.get(r).copied(),
        }
    };
    let add = |a: Option<Val>, b: Option<Val>| -> Option<Val> {
        match (a?, b?) {
            (Val::Const(x), Val::Const(y)) => Some(Val::Const(x + y)),
            (Val::SpPlus(x), Val::Const(y)) | (Val::Const(y), Val::SpPlus(x)) => Some(Val::SpPlus(x + y)),
            _ => None,
        }
    };
    let new: Option<Option<Val>> = match i.mnem.as_str() {
        "lui" => Some(Some(Val::Const(((num(&o[1]) << 16) as i32) as i64))),
        "ori" => Some(match val(&s, &o[1]) {
            Some(Val::Const(x)) => Some(Val::Const(x | num(&o[2]))),
            _ => None,
        }),
        "daddi" | "daddiu" => Some(add(val(&s, &o[1]), Some(Val::Const(num(&o[2]))))),
        "dadd" | "daddu" => Some(add(val(&s, &o[1]), val(&s, &o[2]))),
        "sd" if dst == "$ra" => {
            let (off, base) = mem_op(&o[1]);
            let at = match base {
                "$sp" => Some(off),
                r => match s.regs.get(r) {
                    Some(Val::SpPlus(k)) => Some(k + off),
                    _ => None,
                },
            };
            // the caller's return address, stored (again) at SP+at: CFA - cfa + at
            if let Some(at) = at {
                s.ra = Some(at - s.cfa);
            }
            None
        }
        "ld" if dst == "$ra" => {
            s.ra = None;
            Some(None)
        }
        "sd" | "sw" | "sb" | "sh" | "b" | "beq" | "bne" | "beqz" | "bnez" | "bgtz" | "blez" | "bltz" | "bgez" | "j"
        | "jr" | "nop" | "syscall" => None,
        "jal" | "jalr" | "bal" | "bgezal" | "bltzal" => {
            // a call: $ra is the call's own return address now, and the callee's registers
            s.regs.clear();
            Some(None)
        }
        _ => Some(None),
    };
    if let Some(v) = new {
        if dst == "$sp" {
            match v {
                Some(Val::SpPlus(k)) => {
                    s.cfa -= k;
                    // a save slot SP has moved above holds nothing the unwinder may read: in a
                    // leaf the return address is (still) in $ra
                    if s.ra.is_some_and(|r| r < -s.cfa) {
                        s.ra = None;
                    }
                    for r in s.regs.values_mut() {
                        if let Val::SpPlus(x) = r {
                            *x -= k;
                        }
                    }
                }
                _ => s.lost = true,
            }
        } else if dst.starts_with('$') {
            match v {
                Some(v) => {
                    s.regs.insert(dst.to_string(), v);
                }
                None => {
                    s.regs.remove(dst);
                }
            }
        }
    }
    s
}

enum MFlow {
    Next,
    Jump(u64),
    Cond(u64),
    End,
}

/// Where a branch goes once its delay slot has run.
fn mips_flow(i: &MInsn, start: u64, end: u64) -> Option<MFlow> {
    let rel = |k: usize| (i.addr as i64 + num(&i.ops[k])) as u64;
    let within = |t: u64| {
        assert!(t >= start && t < end, "{i:?}: branch out of its function");
        t
    };
    Some(match i.mnem.as_str() {
        "b" => MFlow::Jump(within(rel(0))),
        "beq" | "bne" => MFlow::Cond(within(rel(2))),
        "beqz" | "bnez" | "bgtz" | "blez" | "bltz" | "bgez" => MFlow::Cond(within(rel(1))),
        "jal" | "jalr" | "bal" | "bgezal" | "bltzal" => MFlow::Next,
        // J with a relocation: a jump to a symbol; JR: a return or an indirect jump
        "j" => {
            assert!(i.reloc, "{i:?}: a J inside the function (p9asm makes BEQ R0, R0 of those)");
            MFlow::End
        }
        "jr" => MFlow::End,
        _ => return None,
    })
}

/// Every frame that reaches each instruction of [start, end), following every path; a branch's
/// delay slot runs with the branch, and the branch goes where it goes after its slot.
fn mips_walk(insns: &[MInsn], start: u64, end: u64) -> BTreeMap<u64, BTreeSet<WalkFrame>> {
    let idx: BTreeMap<u64, usize> = insns.iter().enumerate().map(|(k, i)| (i.addr, k)).collect();
    let mut seen: BTreeMap<u64, BTreeSet<WalkFrame>> = BTreeMap::new();
    let entry = WalkFrame { cfa: 0, ra: None, lost: false, regs: BTreeMap::new() };
    let mut work = vec![(start, entry)];
    while let Some((at, s)) = work.pop() {
        let k = idx[&at];
        let set = seen.entry(at).or_default();
        if !set.insert(s.clone()) {
            continue;
        }
        assert!(set.len() <= 8, "{at:#x}: too many frames");
        let i = &insns[k];
        let after = mips_effect(i, s);
        match mips_flow(i, start, end) {
            None => {
                if i.addr + 4 < end {
                    work.push((i.addr + 4, after));
                }
            }
            Some(flow) => {
                // the delay slot
                let slot = &insns[k + 1];
                assert!(mips_flow(slot, start, end).is_none(), "{slot:?}: a branch in a delay slot");
                seen.entry(slot.addr).or_default().insert(after.clone());
                let after = mips_effect(slot, after);
                let next = slot.addr + 4;
                match flow {
                    MFlow::Next => work.push((next, after)),
                    MFlow::Jump(t) => work.push((t, after)),
                    MFlow::Cond(t) => {
                        work.push((t, after.clone()));
                        work.push((next, after));
                    }
                    MFlow::End => {}
                }
            }
        }
    }
    seen
}

/// The unwind tables against an independent walk of the machine code (llvm-objdump's
/// disassembly followed along every path, delay slots included): at every instruction some path
/// reaches, the CFA and the saved return address that readelf and llvm-dwarfdump print are the
/// walk's. Nothing of p9asm's frame model is read: this is the check of the delay slots.
#[test]
fn cfi_equals_an_independent_walk_of_the_machine_code() {
    if !oracle_available("readelf") || !oracle_available("llvm-dwarfdump") || !oracle_available("llvm-objdump") {
        return;
    }
    for arch in ARCHES {
        for rel in [STUBS, "assembler/tests/data/frames_mips64.s", RT] {
            let (obj, _) = assemble(arch, rel);
            let p = tmp(&format!("walk-{arch}-{}.o", rel.replace('/', "_")));
            std::fs::write(&p, &obj).unwrap();
            let insns = parse_mips_objdump(&run_clean(
                Command::new("llvm-objdump").args(["-d", "-r", "-z", "--no-show-raw-insn"]).arg(&p),
            ));
            let file = object::File::parse(&*obj).unwrap();
            let mut funcs: Vec<(String, u64, u64)> = {
                use object::ObjectSymbol;
                file.symbols()
                    .filter(|s| s.kind() == object::SymbolKind::Text && s.size() > 0)
                    .map(|s| (s.name().unwrap().to_string(), s.address(), s.size()))
                    .collect()
            };
            funcs.sort_by_key(|f| f.1);
            let readelf = readelf_rows(&run_readelf(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&p)));
            let llvm = dwarfdump_rows(&run_clean(Command::new("llvm-dwarfdump").arg("--eh-frame").arg(&p)));
            let (mut checked, mut in_slots) = (0, 0);
            for (tool, fdes) in [("readelf", &readelf), ("llvm-dwarfdump", &llvm)] {
                assert_eq!(fdes.len(), funcs.len(), "{tool}: one FDE per function");
                for ((name, start, size), (base, rows)) in funcs.iter().zip(fdes) {
                    let frames = mips_walk(&insns, *start, start + size);
                    for (at, states) in &frames {
                        let row = rows.iter().rev().find(|r| r.0 - base <= at - start).expect("a row");
                        let ok = states
                            .iter()
                            .any(|s| s.lost || (row.1 == s.cfa && row.2.get(&31).copied() == s.ra && row.2.len() <= 1));
                        assert!(ok, "{arch} {tool}: {name} at {at:#x}: the tables say {row:?}, the code {states:?}");
                        checked += 1;
                        let prev = insns.iter().find(|i| i.addr + 4 == *at);
                        if prev.is_some_and(|i| i.mnem == "jr" && i.ops == ["$ra"]) && states.iter().all(|s| s.cfa == 0)
                        {
                            in_slots += 1;
                        }
                    }
                }
            }
            println!("{arch} {rel}: {checked} instructions walked, {in_slots} delay slots after jr $ra");
            assert!(checked > 100 && in_slots > 4, "{arch} {rel}: {checked} instructions, {in_slots} slots");
        }
    }
}

/// g through TLS (Go's save_g/load_g): the object references runtime·tls_g, an STT_TLS symbol
/// in `.tbss`, with the TLS relocations Go's linker writes, and GNU ld and lld link it into a
/// static executable with a TLS segment.
#[test]
fn tls_references_are_elf_tls_relocations_and_link() {
    for arch in ARCHES {
        let (obj, _) = assemble(arch, TLS);
        let file = object::File::parse(&*obj).unwrap();
        use object::ObjectSymbol;
        let tls_g = file.symbols().find(|s| s.name() == Ok("runtime.tls_g")).expect("runtime.tls_g");
        assert_eq!(tls_g.kind(), object::SymbolKind::Tls, "{arch}: runtime.tls_g is STT_TLS");
        let sec = file.section_by_index(tls_g.section_index().expect("defined")).unwrap();
        assert_eq!(sec.name(), Ok(".tbss"), "{arch}");
        let text = file.section_by_name(".text").unwrap();
        let tls_relocs: Vec<u32> = text
            .relocations()
            .filter_map(|(_, r)| match (r.flags(), r.target()) {
                (object::RelocationFlags::Elf { r_type }, object::RelocationTarget::Symbol(i))
                    if i == tls_g.index() =>
                {
                    Some(r_type.0)
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            tls_relocs,
            [object::elf::R_MIPS_TLS_TPREL_LO16.0; 2],
            "{arch}: one TPREL_LO16 per TLS access (Go's R_ADDRMIPSTLS)"
        );
        let gnu_ld = format!("{}-linux-gnuabi64-ld", triple(arch));
        if !oracle_available(&gnu_ld) || !oracle_available("ld.lld") {
            return;
        }
        let (stubs, _) = assemble(arch, STUBS);
        let (rt, _) = assemble(arch, RT);
        let paths = [("stubs", &stubs), ("rt", &rt), ("tls", &obj)].map(|(n, b)| {
            let p = tmp(&format!("tls-{n}-{arch}.o"));
            std::fs::write(&p, b).unwrap();
            p
        });
        for linker in [gnu_ld.as_str(), "ld.lld"] {
            let exe = tmp(&format!("tls-exe-{arch}-{linker}"));
            run_clean(Command::new(linker).args(["-static", "-o"]).arg(&exe).args(&paths));
            let ph = run_clean(Command::new("readelf").arg("-lW").arg(&exe));
            assert!(ph.lines().any(|l| l.trim_start().starts_with("TLS ")), "{arch} {linker}: no TLS segment:\n{ph}");
        }
    }
}
