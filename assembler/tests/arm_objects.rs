//! The arm stubs as ELF: readelf and llvm-readobj accept the object (EM_ARM, EABI version 5,
//! functions STT_FUNC), every `.rel.text` relocation is the one Go's linker writes for that Go
//! relocation (cmd/link/internal/arm `elfreloc1`), GNU ld (`arm-linux-gnueabihf-ld`) and lld
//! link it statically with a small p9asm-assembled runtime (`tests/data/arm_rt.s`), qemu-arm
//! runs the executable (reflectcall through call16 and callRet), the `.eh_frame` CFI gives, at
//! every instruction, the frame model's CFA with the return address in R14 before the LR save
//! and at CFA-autosize after it, and the `.ARM.exidx` entry of every function (what libgcc's
//! arm unwinder reads) undoes the frame the model has at its calls.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use common::*;
use object::{Object, ObjectSection, ObjectSymbol};
use p9asm::arch::arm::reloc::go_reloc;
use p9asm::target::GoArch;

const STUBS: &str = "stubs/asm_arm.s";
const RT: &str = "assembler/tests/data/arm_rt.s";
const CORPUS: &str = "assembler/tests/data/frames_arm.s";

fn assemble(rel: &str) -> (Vec<u8>, p9asm::driver::Assembled) {
    assemble_runtime_file(GoArch::Arm, rel)
}

fn tmp(name: &str) -> PathBuf {
    scratch_file("arm-objects", name)
}

fn run(cmd: &mut Command) -> String {
    run_clean(cmd)
}

fn which(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().map(|o| o.status.success()).unwrap_or(false)
}

#[test]
fn object_is_valid_elf() {
    if !oracle_available("readelf") || !oracle_available("llvm-readobj") {
        return;
    }
    let (obj, a) = assemble(STUBS);
    let p = tmp("stubs.o");
    std::fs::write(&p, &obj).unwrap();
    let re = run(Command::new("readelf").arg("-a").arg("-W").arg(&p));
    assert!(re.contains("REL (Relocatable file)") && re.contains("Machine:                           ARM"), "{re}");
    assert!(re.contains("Flags:                             0x5000000, Version5 EABI"), "{re}");
    for sym in ["runtime.reflectcall", "runtime.call16", "runtime.call1073741824", "callRet", "reflect.call"] {
        assert!(
            re.lines().any(|l| l.ends_with(&format!(" {sym}")) && l.contains(" FUNC ")),
            "symbol {sym} not STT_FUNC"
        );
    }
    assert!(re.contains("R_ARM_CALL") && re.contains("runtime.reflectcallmove"));
    assert!(re.contains("R_ARM_ABS32") && re.contains("R_ARM_PREL31"));
    assert!(re.contains(".note.GNU-stack") && re.contains(".eh_frame") && re.contains("p9asm_stackmap"));
    // build attributes: ARMv5TE (BLX), ARM code, compatible with hard- and soft-float callers
    for tag in ["Tag_CPU_arch: v5TE", "Tag_ARM_ISA_use: Yes", "Tag_ABI_VFP_args: compatible"] {
        assert!(re.contains(tag), "{tag} missing:\n{re}");
    }
    // .ARM.exidx: SHT_ARM_EXIDX, SHF_ALLOC|SHF_LINK_ORDER, linked to .text
    let file = object::File::parse(&*obj).unwrap();
    let text_index = file.section_by_name(".text").unwrap().index().0;
    let exidx = re.lines().find(|l| l.contains(" .ARM.exidx ")).expect(".ARM.exidx");
    let w: Vec<&str> = exidx.split_whitespace().collect();
    assert!(exidx.contains("ARM_EXIDX") && exidx.contains(" AL "), "{exidx}");
    assert_eq!(w[w.len() - 3], text_index.to_string(), "sh_link of {exidx}");
    let ro = run(Command::new("llvm-readobj").args(["--all"]).arg(&p));
    assert!(ro.contains("elf32-littlearm") && ro.contains("EM_ARM"), "{}", &ro[..ro.len().min(400)]);
    // every function is in the symbol table as STT_FUNC, ARM code (bit 0 clear)
    let funcs = file.symbols().filter(|s| s.kind() == object::SymbolKind::Text).count();
    assert_eq!(funcs, a.funcs.len());
    // AAELF mapping symbols: $a at every function, $d over each literal pool and $a after it
    let marks = |name: &str| file.symbols().filter(|s| s.name() == Ok(name)).map(|s| s.address()).collect::<Vec<_>>();
    let starts: Vec<u64> =
        file.symbols().filter(|s| s.kind() == object::SymbolKind::Text).map(|s| s.address()).collect();
    assert!(starts.iter().all(|a| marks("$a").contains(a)), "a function without $a");
    assert!(!marks("$d").is_empty(), "the stubs' DISPATCH loads addresses from literal pools");
}

/// With the mapping symbols, binutils disassembles literal-pool words as data.
#[test]
fn objdump_shows_pools_as_data() {
    if !oracle_available("objdump") {
        return;
    }
    let (obj, _) = assemble(CORPUS);
    let p = tmp("pools.o");
    std::fs::write(&p, &obj).unwrap();
    let d = run(Command::new("objdump").arg("-d").arg(&p));
    for w in ["12345678", "87654321"] {
        assert!(d.lines().any(|l| l.contains(&format!(".word\t0x{w}"))), "pool word {w} not data:\n{d}");
    }
}

/// What Go's linker writes for a Go relocation of `.text` (elfreloc1): (offset, ELF type).
fn go_elf_relocs(go_type: u8, size: u8, add: i64) -> Vec<(u64, u32)> {
    use object::elf::*;
    match go_type {
        go_reloc::R_CALLARM if add as u32 & 0xff00_0000 == 0xeb00_0000 => vec![(0, R_ARM_CALL.0)],
        go_reloc::R_CALLARM => vec![(0, R_ARM_JUMP24.0)],
        go_reloc::R_ADDR if size == 4 => vec![(0, R_ARM_ABS32.0)],
        go_reloc::R_TLS_LE => vec![(0, R_ARM_TLS_LE32.0)],
        // R_CALLIND marks BL (R) and is not written
        go_reloc::R_CALLIND => vec![],
        t => panic!("Go relocation type {t} is not one Go's arm assembler makes"),
    }
}

#[test]
fn text_relocations_are_what_go_s_linker_writes() {
    for rel in [STUBS, RT, CORPUS] {
        let (obj, a) = assemble(rel);
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
                let at = base + fx.offset as u64;
                if have.contains_key(&at) {
                    for (d, t) in go_elf_relocs(fx.go_type, fx.size, fx.add) {
                        want.entry(at + d).or_default().push(t);
                    }
                }
            }
            base += fc.code.bytes.len() as u64;
        }
        assert_eq!(base, text.size(), "{rel}: functions laid out back to back");
        assert!(!have.is_empty(), "{rel}: no relocations");
        assert_eq!(have, want, "{rel}: .rel.text");
    }
}

#[test]
fn links_with_ld_and_lld_and_runs_under_qemu() {
    if !oracle_available("arm-linux-gnueabihf-ld") || !oracle_available("ld.lld") {
        return;
    }
    let (stubs, _) = assemble(STUBS);
    let (rt, _) = assemble(RT);
    let s = tmp("stubs2.o");
    let r = tmp("rt.o");
    std::fs::write(&s, &stubs).unwrap();
    std::fs::write(&r, &rt).unwrap();
    let qemu = which("qemu-arm");
    if !qemu {
        assert!(std::env::var_os("CI").is_none(), "qemu-arm is missing on CI: run scripts/install-deps.sh");
        eprintln!("skipping the run: qemu-arm is not installed (scripts/install-deps.sh installs qemu-user)");
    }
    for linker in ["arm-linux-gnueabihf-ld", "ld.lld"] {
        let exe = tmp(&format!("exe-{linker}"));
        // cleanly: lld warns when no object's build attributes say the CPU has BLX
        run(Command::new(linker).args(["-static", "--gc-sections", "-o"]).arg(&exe).arg(&s).arg(&r));
        let re = run(Command::new("readelf").arg("-hSlW").arg(&exe));
        assert!(re.contains("EXEC (Executable file)") && re.contains("ARM"), "{linker}");
        assert!(re.contains("p9asm_stackmap"), "{linker} dropped the stack-map section");
        assert!(re.contains("ARM_EXIDX") && re.contains("EXIDX"), "{linker}: no unwind index segment:\n{re}");
        if qemu {
            let st = Command::new("qemu-arm").arg(&exe).status().unwrap();
            assert_eq!(st.code(), Some(0), "{linker}: reflectcall through the linked stubs did not compute 40+2");
        }
    }
}

/// One unwind row: from `loc` on, CFA = SP + `cfa`, saved registers (by DWARF number) at CFA +
/// offset.
type Rows = Vec<(u64, i64, BTreeMap<u16, i64>)>;

/// `readelf --debug-dump=frames-interp` of an arm object: per FDE its start and rows. Columns
/// are `r<n>` and `ra` (r14, the CIE's return-address column); `u` is no rule.
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
                .map(|c| if *c == "ra" { 14 } else { c.strip_prefix('r').and_then(|n| n.parse().ok()).expect(c) })
                .collect();
            out.last_mut().unwrap().1.clear();
        } else if let (Some((_, rows)), Some(loc)) =
            (out.last_mut(), w.first().and_then(|l| u64::from_str_radix(l, 16).ok()))
        {
            if w.len() < 2 || !w[1].starts_with("r13") {
                continue;
            }
            assert_eq!(w.len(), 2 + cols.len(), "{line}");
            let cfa: i64 = w[1].strip_prefix("r13").unwrap().parse().expect(w[1]);
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

/// `llvm-dwarfdump --eh-frame`: the rows LLVM prints after each FDE (`0x238: CFA=SP+20:
/// LR=[CFA-20]`).
fn dwarfdump_rows(text: &str) -> Vec<(u64, Rows)> {
    let mut out: Vec<(u64, Rows)> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.contains(" FDE ") {
            let pc = t.split("pc=").nth(1).unwrap().split("...").next().unwrap();
            out.push((u64::from_str_radix(pc, 16).unwrap(), Vec::new()));
            continue;
        }
        let Some((loc, rest)) = t.strip_prefix("0x").and_then(|r| r.split_once(": CFA=SP")) else { continue };
        let Some((_, rows)) = out.last_mut() else { continue };
        let (cfa, regs) = rest.split_once(": ").unwrap_or((rest, ""));
        let cfa: i64 = if cfa.is_empty() { 0 } else { cfa.trim_start_matches('+').parse().expect(cfa) };
        let mut saved = BTreeMap::new();
        for r in regs.split(", ").filter(|r| !r.is_empty()) {
            let (reg, v) = r.split_once('=').unwrap();
            if v == "undefined" {
                // a top frame, or after an SP write the model cannot follow (no caller)
                continue;
            }
            let n: u16 = if reg == "LR" { 14 } else { reg.trim_start_matches(['R', 'r']).parse().expect(reg) };
            let off = v.strip_prefix("[CFA").and_then(|o| o.strip_suffix(']')).and_then(|o| o.parse().ok()).expect(v);
            saved.insert(n, off);
        }
        rows.push((u64::from_str_radix(loc, 16).unwrap(), cfa, saved));
    }
    out
}

/// Both readers of the object's CFI (binutils and LLVM) agree with the frame model at every
/// instruction of every stub and of the frame corpus: the CFA, and where R14 is.
#[test]
fn cfi_at_every_instruction_equals_the_frame_model() {
    if !oracle_available("readelf") || !oracle_available("llvm-dwarfdump") {
        return;
    }
    let arch = p9asm::arch::for_goarch(GoArch::Arm);
    let dwarf = |r: p9asm::prog::Reg| (r.0 as i64 - 3072) as u16;
    let mut checked = 0;
    let mut lr_saved = 0;
    for rel in [STUBS, CORPUS] {
        let (obj, a) = assemble(rel);
        let p = tmp("cfi.o");
        std::fs::write(&p, &obj).unwrap();
        let readelf = readelf_rows(&run(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&p)));
        let llvm = dwarfdump_rows(&run(Command::new("llvm-dwarfdump").arg("--eh-frame").arg(&p)));
        for (tool, fdes) in [("readelf", &readelf), ("llvm-dwarfdump", &llvm)] {
            assert_eq!(fdes.len(), a.funcs.len(), "{tool}: one FDE per function");
            for (fc, (base, rows)) in a.funcs.iter().zip(fdes) {
                if fc.func.flags & p9asm::prog::textflag::TOPFRAME != 0 {
                    // the return address is undefined from the entry on: no caller
                    continue;
                }
                let model = p9asm::frame::model::analyze(arch, &fc.func);
                for (i, p) in fc.func.progs.iter().enumerate().filter(|(_, p)| p.size > 0) {
                    let st = model.state(i);
                    let at = format!("{tool}: {rel}: pc {:#x} of {:?}", p.pc, fc.func.sym);
                    if st.lost {
                        continue;
                    }
                    let row = rows.iter().rev().find(|r| r.0 - base <= p.pc as u64).expect("a row");
                    assert_eq!(row.1, st.sp, "{at}: CFA");
                    let want: BTreeMap<u16, i64> = st.saved.iter().map(|(r, off)| (dwarf(r), off)).collect();
                    assert_eq!(row.2, want, "{at}: saved registers");
                    if let Some(off) = want.get(&14) {
                        assert_eq!(*off, -fc.func.layout.autosize, "{at}: LR at the bottom of the frame");
                        lr_saved += 1;
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 3000 && lr_saved > 2000, "{checked} instructions, {lr_saved} with LR saved");
}

/// `readelf -u`: the index's entries in order (one per function, in address order), each as
/// the opcodes readelf decodes (`cantunwind` for EXIDX_CANTUNWIND).
fn exidx_entries(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if line.starts_with("0x") && line.contains(": ") {
            out.push(Vec::new());
            if line.contains("[cantunwind]") {
                out.last_mut().unwrap().push("cantunwind".into());
            }
        } else if line.starts_with("  0x")
            && let Some(e) = out.last_mut()
        {
            e.push(line.trim().to_string());
        }
    }
    out
}

/// The unwind index (what libgcc's arm unwinder reads instead of `.eh_frame`): each function's
/// entry, as binutils decodes it, pops R14 where the model has it saved at its calls and moves
/// the virtual SP up by exactly the frame the model has there (functions without calls: their
/// deepest frame).
#[test]
fn exidx_entries_undo_the_frame_at_every_call() {
    if !oracle_available("arm-linux-gnueabihf-readelf") {
        return;
    }
    let arch = p9asm::arch::for_goarch(GoArch::Arm);
    let lr_reg = |r: p9asm::prog::Reg| r.0 as i64 == 3072 + 14;
    let (mut framed, mut cant) = (0, 0);
    for rel in [STUBS, CORPUS] {
        let (obj, a) = assemble(rel);
        let p = tmp("exidx.o");
        std::fs::write(&p, &obj).unwrap();
        let entries = exidx_entries(&run(Command::new("arm-linux-gnueabihf-readelf").arg("-u").arg(&p)));
        assert_eq!(entries.len(), a.funcs.len(), "{rel}: one entry per function");
        for (k, (fc, ops)) in a.funcs.iter().zip(&entries).enumerate() {
            let at = format!("{rel}: function {k}");
            let model = p9asm::frame::model::analyze(arch, &fc.func);
            let states: Vec<_> = (0..fc.func.progs.len())
                .filter(|&i| {
                    let p = &fc.func.progs[i];
                    p.op == p9asm::prog::Op::CALL && p.size > 0 && p.mark & p9asm::prog::mark::SYNTH == 0
                })
                .map(|i| model.state(i))
                .collect();
            let differ = states.windows(2).any(|w| w[0].sp != w[1].sp || w[0].saved != w[1].saved);
            if differ || states.iter().any(|s| s.lost) || fc.func.flags & p9asm::prog::textflag::TOPFRAME != 0 {
                assert_eq!(ops, &["cantunwind"], "{at}");
                cant += 1;
                continue;
            }
            let (sp, lr) = match states.first() {
                Some(s) => (s.sp, s.saved.iter().find(|(r, _)| lr_reg(*r)).map(|(_, o)| s.sp + o)),
                // no calls: the deepest frame the function has
                None => {
                    // the first instruction with the deepest frame
                    let deepest = (0..fc.func.progs.len())
                        .filter(|&i| fc.func.progs[i].size > 0)
                        .map(|i| model.state(i))
                        .filter(|s| !s.lost)
                        .rev()
                        .max_by_key(|s| s.sp);
                    match deepest {
                        Some(s) => (s.sp, s.saved.iter().find(|(r, _)| lr_reg(*r)).map(|(_, o)| s.sp + o)),
                        None => (0, None),
                    }
                }
            };
            let mut vsp = 0i64;
            let mut popped_lr = None;
            for op in ops {
                if let Some(n) = op.split("vsp = vsp + ").nth(1) {
                    vsp += n.trim().parse::<i64>().expect(op);
                } else if op.contains("pop {r14}") {
                    popped_lr = Some(vsp);
                    vsp += 4;
                } else {
                    assert!(op.ends_with("finish"), "{at}: unexpected {op}");
                }
            }
            assert_eq!(vsp, sp, "{at}: the entry undoes the frame at its calls ({ops:?})");
            assert_eq!(popped_lr, lr, "{at}: R14 popped from where it is saved ({ops:?})");
            if lr.is_some() {
                framed += 1;
            }
        }
    }
    assert!(framed >= 50, "only {framed} framed functions checked ({cant} cantunwind)");
}

/// A function whose literal pool is flushed mid-function (behind a branch, once the code after
/// the load is too far for one pool) and another whose pool ends it.
fn pool_layout_source() -> String {
    let mut s = String::from("#include \"textflag.h\"\n\nTEXT ·midpool(SB), NOSPLIT|NOFRAME, $0-0\n");
    s.push_str("\tMOVW\t$0x12345678, R0\n");
    for _ in 0..1100 {
        s.push_str("\tADD\t$1, R1\n");
    }
    s.push_str("\tMOVW\t$0x87654321, R2\n\tRET\n\nTEXT ·endpool(SB), NOSPLIT|NOFRAME, $0-0\n");
    s.push_str("\tMOVW\t$0x0badcafe, R0\n\tRET\n");
    s
}

/// AAELF mapping symbols mark exactly the changes between code and data, as GNU as writes them:
/// one mark per address, `$a` after a pool that has code after it, no mark at a function's end
/// (the next function's `$a` is there) nor at the end of `.text`, and objdump, reading the marks,
/// shows each pool word as data and every other word as an instruction.
#[test]
fn mapping_symbols_mark_each_change_between_code_and_pool() {
    if !oracle_available("objdump") {
        return;
    }
    let obj = assemble_text(GoArch::Arm, &pool_layout_source());
    let file = object::File::parse(&*obj).unwrap();
    let text_size = file.section_by_name(".text").unwrap().size();
    let mut marks: Vec<(u64, String)> = file
        .symbols()
        .filter_map(|s| s.name().ok().filter(|n| *n == "$a" || *n == "$d").map(|n| (s.address(), n.to_string())))
        .collect();
    marks.sort();
    let mut addrs: Vec<u64> = marks.iter().map(|m| m.0).collect();
    addrs.dedup();
    assert_eq!(addrs.len(), marks.len(), "two marks at one address: {marks:?}");
    assert!(marks.iter().all(|m| m.0 < text_size), "a mark at the end of .text ({text_size:#x}): {marks:?}");
    let names: Vec<&str> = marks.iter().map(|m| m.1.as_str()).collect();
    // midpool: code, the first pool, code, the end pool; endpool: code, its pool
    assert_eq!(names, ["$a", "$d", "$a", "$d", "$a", "$d"], "{marks:?}");
    let p = tmp("mapping.o");
    std::fs::write(&p, &obj).unwrap();
    let d = run(Command::new("objdump").arg("-d").arg(&p));
    let words: Vec<&str> = d.lines().filter(|l| l.contains(".word")).collect();
    assert_eq!(words.len(), 3, "pool words shown as data:\n{}", words.join("\n"));
    for w in ["0x12345678", "0x87654321", "0x0badcafe"] {
        assert!(words.iter().any(|l| l.ends_with(w)), "pool word {w} not data:\n{d}");
    }
    // every `ADD $1, R1` is an instruction, none was taken for data (RET is `add pc, lr, #0`)
    assert_eq!(d.lines().filter(|l| l.ends_with("\tadd\tr1, r1, #1")).count(), 1100, "{d}");
}

/// Each unwind index entry names the personality routine its model needs, as GNU as does
/// (an R_ARM_NONE to a weak undefined `__aeabi_unwind_cpp_pr0` for an entry inline in the index,
/// `pr1` for one in `.ARM.extab`), and an entry that cannot unwind names none.
#[test]
fn exidx_entries_reference_their_personality_routine() {
    use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget};
    let src = "#include \"textflag.h\"\n\
        TEXT ·small(SB), $8-0\n\tBL ·small(SB)\n\tRET\n\
        TEXT ·large(SB), $4096-0\n\tBL ·small(SB)\n\tRET\n\
        TEXT ·top(SB), NOSPLIT|TOPFRAME, $0-0\n\tRET\n";
    let obj = assemble_text(GoArch::Arm, src);
    let file = object::File::parse(&*obj).unwrap();
    let idx = file.section_by_name(".ARM.exidx").expect("index");
    let words: Vec<u32> = idx.data().unwrap().chunks(4).map(|w| u32::from_le_bytes(w.try_into().unwrap())).collect();
    assert_eq!(words.len(), 6, "three entries");
    let mut named: Vec<(u64, String)> = idx
        .relocations()
        .filter(|(_, r)| r.flags() == object::RelocationFlags::Elf { r_type: object::elf::R_ARM_NONE })
        .map(|(at, r)| {
            let RelocationTarget::Symbol(si) = r.target() else { panic!("target") };
            let s = file.symbol_by_index(si).unwrap();
            assert!(s.is_undefined() && s.is_weak(), "{:?} weak undefined", s.name());
            (at, s.name().unwrap().to_string())
        })
        .collect();
    named.sort();
    // small: inline (bit 31 of the second word); large: a table entry; top: EXIDX_CANTUNWIND
    assert!(words[1] & 0x8000_0000 != 0 && words[3] & 0x8000_0000 == 0 && words[5] == 1, "{words:x?}");
    assert_eq!(named, [(0, "__aeabi_unwind_cpp_pr0".to_string()), (8, "__aeabi_unwind_cpp_pr1".to_string())]);
}
