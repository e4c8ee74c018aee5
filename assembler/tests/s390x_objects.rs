//! The s390x stubs as ELF: readelf and llvm-readobj accept the object (ELF64, EM_S390,
//! big-endian, e_flags 1), every `.rela.text` relocation is the one Go's linker writes for that
//! Go relocation (cmd/link/internal/s390x `elfreloc1`; calls as R_390_PLT32DBL, as C compilers
//! write them), GNU ld (`s390x-linux-gnu-ld`) and lld (`ld.lld-19`: Debian's lld 14 has no
//! SystemZ target) link it statically with a small p9asm-assembled runtime
//! (`tests/data/s390x_rt.s`), qemu-s390x runs the executable (reflectcall through call32 and
//! callRet), and the unwind tables give, at every instruction, the frame model's CFA, with the
//! return address in R14 before the LR save and at CFA-autosize after it, and the frame an
//! independent walk of the disassembled machine code finds (stubs and frame corpus).

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use common::*;
use object::{Object, ObjectSection};
use p9asm::arch::s390x::reloc::go_reloc;
use p9asm::target::GoArch;

const STUBS: &str = "stubs/asm_s390x.s";
const RT: &str = "assembler/tests/data/s390x_rt.s";
/// Go's save_g/load_g: g through the TLS variable runtime·tls_g.
const TLS: &str = "assembler/tests/data/tls_s390x.s";
/// The lld with a SystemZ target (LLVM 18 and later); Debian 12's `ld.lld` is lld 14.
const LLD: &str = "ld.lld-19";

fn assemble(rel: &str) -> (Vec<u8>, p9asm::driver::Assembled) {
    assemble_runtime_file(GoArch::S390x, rel)
}

fn tmp(name: &str) -> PathBuf {
    scratch_file("s390x-objects", name)
}

fn run(cmd: &mut Command) -> String {
    run_clean(cmd)
}

fn which(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().map(|o| o.status.success()).unwrap_or(false)
}

fn qemu() -> bool {
    if which("qemu-s390x") {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "qemu-s390x is missing on CI: run scripts/install-deps.sh");
    eprintln!("skipping the run: qemu-s390x is not installed (scripts/install-deps.sh installs qemu-user)");
    false
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
    assert!(re.contains("IBM S/390") && re.contains("big endian") && re.contains("ELF64"), "{}", &re[..800]);
    assert!(re.contains("Flags:                             0x1, highgprs"), "e_flags as Go's objects");
    for sym in ["runtime.reflectcall", "runtime.call32", "runtime.call1073741824", "callRet", "reflect.call"] {
        assert!(re.lines().any(|l| l.ends_with(&format!(" {sym}"))), "symbol {sym} missing");
    }
    assert!(re.contains("R_390_PLT32DBL") && re.contains("runtime.reflectcallmove"));
    assert!(re.contains("R_390_PC32DBL") && re.contains("callfnMVC"));
    assert!(re.contains(".note.GNU-stack") && re.contains(".eh_frame") && re.contains("p9asm_stackmap"));
    // not --all: LLVM 14 cannot apply R_390_PC32 when it decodes .eh_frame (--unwind)
    let ro =
        run(Command::new("llvm-readobj").args(["--file-headers", "--sections", "--relocations", "--symbols"]).arg(&p));
    assert!(ro.contains("elf64-s390") && ro.contains("EM_S390"), "{}", &ro[..ro.len().min(400)]);
}

/// What Go's linker writes for a Go relocation of `.text` (elfreloc1): the ELF type.
fn go_elf_reloc(go_type: u8, size: u8) -> u32 {
    use object::elf::*;
    match go_type {
        go_reloc::R_PCRELDBL => R_390_PC32DBL.0,
        // Go writes PLT32DBL for calls to dynamic imports and PC32DBL otherwise; p9asm always
        // writes PLT32DBL, as gcc does for calls (the same once statically linked)
        go_reloc::R_CALL => R_390_PLT32DBL.0,
        go_reloc::R_GOTPCREL => R_390_GOTENT.0,
        go_reloc::R_TLS_LE if size == 8 => R_390_TLS_LE64.0,
        go_reloc::R_TLS_IE => R_390_TLS_IEENT.0,
        go_reloc::R_ADDR if size == 8 => R_390_64.0,
        go_reloc::R_ADDR if size == 4 => R_390_32.0,
        t => panic!("Go relocation type {t} is not one Go's s390x assembler makes"),
    }
}

#[test]
fn text_relocations_are_what_go_s_linker_writes() {
    for rel in [STUBS, RT, TLS] {
        let (obj, a) = assemble(rel);
        let file = object::File::parse(&*obj).unwrap();
        let text = file.section_by_name(".text").expect(".text");
        let mut have: BTreeMap<u64, (u32, i64)> = BTreeMap::new();
        for (off, r) in text.relocations() {
            let object::RelocationFlags::Elf { r_type } = r.flags() else { panic!("not ELF") };
            assert!(have.insert(off, (r_type.0, r.addend())).is_none(), "{rel}: two relocations at {off:#x}");
        }
        // every relocation written is the one Go's linker writes for the fixup at its place,
        // with Go's addend made relative to the field; fixups p9asm resolves itself (calls
        // inside the file) write nothing
        let mut want: BTreeMap<u64, (u32, i64)> = BTreeMap::new();
        let mut base = 0u64;
        for fc in &a.funcs {
            for fx in &fc.code.fixups {
                let at = base + fx.offset as u64;
                if have.contains_key(&at) {
                    let pcrel = !matches!(fx.go_type, go_reloc::R_ADDR | go_reloc::R_TLS_LE);
                    want.insert(at, (go_elf_reloc(fx.go_type, fx.size), if pcrel { fx.add - 4 } else { fx.add }));
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
    if !oracle_available("s390x-linux-gnu-ld") || !oracle_available(LLD) {
        return;
    }
    let (stubs, _) = assemble(STUBS);
    let (rt, _) = assemble(RT);
    let s = tmp("stubs2.o");
    let r = tmp("rt.o");
    std::fs::write(&s, &stubs).unwrap();
    std::fs::write(&r, &rt).unwrap();
    let qemu = qemu();
    for linker in ["s390x-linux-gnu-ld", LLD] {
        let exe = tmp(&format!("exe-{linker}"));
        run(Command::new(linker).args(["-static", "--gc-sections", "-o"]).arg(&exe).arg(&s).arg(&r));
        let re = run(Command::new("readelf").arg("-hSW").arg(&exe));
        assert!(re.contains("EXEC (Executable file)") && re.contains("IBM S/390"), "{linker}");
        assert!(re.contains("p9asm_stackmap"), "{linker} dropped the stack-map section");
        if qemu {
            let st = Command::new("qemu-s390x").arg(&exe).status().unwrap();
            assert_eq!(st.code(), Some(0), "{linker}: reflectcall through the linked stubs did not compute 40+2");
        }
    }
}

/// One unwind row: from `loc` on, CFA = R15 + `cfa`, saved registers (by DWARF number) at CFA +
/// offset.
type Rows = Vec<(u64, i64, BTreeMap<u16, i64>)>;

/// `readelf --debug-dump=frames-interp` of an s390x object: per FDE its start and rows.
/// Columns are `r<n>` and `ra` (r14, the CIE's return-address column); `u` is no rule; r15
/// (the SP) has the CIE's rule SP = CFA, which libgcc needs on s390x.
fn readelf_rows(text: &str) -> Vec<(u64, Rows)> {
    let mut out: Vec<(u64, Rows)> = Vec::new();
    let mut cols: Vec<u16> = Vec::new();
    for line in text.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.len() >= 6 && w[3] == "FDE" {
            let pc = line.split("pc=").nth(1).unwrap().split("..").next().unwrap();
            let start = u64::from_str_radix(pc, 16).unwrap();
            // an FDE without instructions has the CIE's rule: CFA = r15
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
            if w.len() < 2 || !w[1].starts_with("r15") {
                continue;
            }
            assert_eq!(w.len(), 2 + cols.len(), "{line}");
            let cfa = w[1].strip_prefix("r15").unwrap();
            let cfa: i64 = if cfa.is_empty() { 0 } else { cfa.parse().expect(cfa) };
            let mut saved = BTreeMap::new();
            for (c, v) in cols.iter().zip(&w[2..]) {
                // r15's rule is the CIE's SP = CFA (`v+0`) everywhere
                if *c == 15 {
                    assert_eq!(*v, "v+0", "{line}");
                    continue;
                }
                if *v != "u" {
                    saved.insert(*c, v.strip_prefix('c').and_then(|o| o.parse().ok()).expect(v));
                }
            }
            rows.push((loc, cfa, saved));
        }
    }
    out
}

/// `llvm-dwarfdump --eh-frame` of a linked executable (LLVM 14 cannot apply R_390_PC32 in an
/// object): the rows after each FDE (`0x100032c: CFA=R15D+40: R14D=[CFA-40], R15D=CFA`).
fn dwarfdump_rows(text: &str) -> Vec<(u64, Rows)> {
    let mut out: Vec<(u64, Rows)> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.contains(" FDE ") {
            let pc = t.split("pc=").nth(1).unwrap().split("...").next().unwrap();
            out.push((u64::from_str_radix(pc, 16).unwrap(), Vec::new()));
            continue;
        }
        let Some((loc, rest)) = t.strip_prefix("0x").and_then(|r| r.split_once(": CFA=R15D")) else { continue };
        let Some((_, rows)) = out.last_mut() else { continue };
        let (cfa, regs) = rest.split_once(": ").unwrap_or((rest, ""));
        let cfa: i64 = if cfa.is_empty() { 0 } else { cfa.trim_start_matches('+').parse().expect(cfa) };
        let mut saved = BTreeMap::new();
        for r in regs.split(", ").filter(|r| !r.is_empty()) {
            // the CIE's SP = CFA
            if r == "R15D=CFA" {
                continue;
            }
            let (reg, v) = r.split_once('=').unwrap();
            let n: u16 = reg.trim_start_matches('R').trim_end_matches('D').parse().expect(reg);
            let off = v.strip_prefix("[CFA").and_then(|o| o.strip_suffix(']')).and_then(|o| o.parse().ok()).expect(v);
            saved.insert(n, off);
        }
        rows.push((u64::from_str_radix(loc, 16).unwrap(), cfa, saved));
    }
    out
}

/// Both readers of the CFI (binutils on the object, LLVM on the linked executable) agree with
/// the frame model at every instruction of every stub: the CFA, and where R14 is.
#[test]
fn cfi_at_every_instruction_equals_the_frame_model() {
    if !oracle_available("readelf") || !oracle_available("llvm-dwarfdump") || !oracle_available("s390x-linux-gnu-ld") {
        return;
    }
    let (obj, a) = assemble(STUBS);
    let (rt, _) = assemble(RT);
    let (p, r, exe) = (tmp("stubs3.o"), tmp("rt3.o"), tmp("exe3"));
    std::fs::write(&p, &obj).unwrap();
    std::fs::write(&r, &rt).unwrap();
    run(Command::new("s390x-linux-gnu-ld").args(["-static", "-o"]).arg(&exe).arg(&p).arg(&r));
    let readelf = readelf_rows(&run(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&p)));
    let mut llvm = dwarfdump_rows(&run(Command::new("llvm-dwarfdump").arg("--eh-frame").arg(&exe)));
    // the stubs come first in the executable; the runtime's FDEs follow
    llvm.truncate(a.funcs.len());
    let arch = p9asm::arch::for_goarch(GoArch::S390x);
    let dwarf = |r: p9asm::prog::Reg| arch.dwarf().map(r).expect("a DWARF register");
    for (tool, fdes) in [("readelf", &readelf), ("llvm-dwarfdump", &llvm)] {
        assert_eq!(fdes.len(), a.funcs.len(), "{tool}: one FDE per function");
        let (mut checked, mut lr_saved) = (0, 0);
        let mut text_at = fdes[0].0;
        for (fc, (base, rows)) in a.funcs.iter().zip(fdes) {
            assert_eq!(*base, text_at, "{tool}: the FDE of {:?} starts at its function", fc.func.sym);
            text_at += fc.code.bytes.len() as u64;
            let model = p9asm::frame::model::analyze(arch, &fc.func);
            for (i, p) in fc.func.progs.iter().enumerate().filter(|(_, p)| p.size > 0) {
                let st = model.state(i);
                assert!(!st.lost);
                let row = rows.iter().rev().find(|r| r.0 - base <= p.pc as u64).expect("a row");
                let at = format!("{tool}: pc {:#x} of {:?}", p.pc, fc.func.sym);
                assert_eq!(row.1, st.sp, "{at}: CFA");
                let want: BTreeMap<u16, i64> = st.saved.iter().map(|(r, off)| (dwarf(r), off)).collect();
                assert_eq!(row.2, want, "{at}: saved registers");
                // the return address: in R14 (no rule) before the save, at CFA-autosize after
                match want.get(&14) {
                    Some(off) => {
                        assert_eq!(*off, -fc.func.layout.autosize, "{at}");
                        lr_saved += 1;
                    }
                    None => assert!(!row.2.contains_key(&14), "{at}"),
                }
                checked += 1;
            }
        }
        assert!(checked > 1000 && lr_saved > 700, "{tool}: {checked} instructions, {lr_saved} with LR saved");
    }
}

/// One instruction of `llvm-objdump -d -r`: address, mnemonic, operands, and whether a
/// relocation patches it (a branch to a symbol leaves the function).
struct Insn {
    addr: u64,
    op: String,
    args: Vec<String>,
    reloc: bool,
}

/// The functions of an s390x disassembly: (name, start, instructions).
fn objdump_functions(text: &str) -> Vec<(String, u64, Vec<Insn>)> {
    let mut out: Vec<(String, u64, Vec<Insn>)> = Vec::new();
    for line in text.lines() {
        if let Some((addr, rest)) = line.split_once(" <")
            && let Some(name) = rest.strip_suffix(">:")
            && let Ok(a) = u64::from_str_radix(addr.trim(), 16)
        {
            out.push((name.to_string(), a, Vec::new()));
            continue;
        }
        let Some((_, _, insns)) = out.last_mut() else { continue };
        let t = line.trim();
        if let Some((off, rest)) = t.split_once(':')
            && rest.trim_start().starts_with("R_390_")
        {
            let off = u64::from_str_radix(off.trim(), 16).unwrap();
            if let Some(i) = insns.iter_mut().rev().find(|i| i.addr <= off) {
                i.reloc = true;
            }
            continue;
        }
        let Some((addr, rest)) = t.split_once(':') else { continue };
        let Ok(addr) = u64::from_str_radix(addr, 16) else { continue };
        let mut w = rest.trim().splitn(2, char::is_whitespace);
        let op = w.next().unwrap_or("").to_string();
        let args = w.next().map_or(Vec::new(), |a| a.split(", ").map(|s| s.trim().to_string()).collect());
        insns.push(Insn { addr, op, args, reloc: false });
    }
    out
}

/// `D(%r15)` → D; `D(%r10,%r15)` or `D(%r15,%r10)` → D + r10 (the value the last `lgfi %r10`
/// loaded: large frames and displacements go through R10, Go's REGTMP).
fn r15_disp(op: &str, r10: Option<i64>) -> Option<i64> {
    let (d, regs) = op.strip_suffix(')')?.split_once('(')?;
    let d: i64 = d.parse().ok()?;
    match regs {
        "%r15" => Some(d),
        "%r10,%r15" | "%r15,%r10" => Some(d + r10?),
        _ => None,
    }
}

/// The frame on entry to an instruction, from the machine code alone: CFA − SP, and where
/// r14 (the return address) is saved, relative to the CFA (`None`: still in r14).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct WalkFrame {
    delta: i64,
    ra: Option<i64>,
    /// SP was written in a way the walk does not follow (Go's SPWRITE): nothing is known.
    lost: bool,
}

/// Follows every path of `insns` from the entry: `lay %r15, -A(%r15)` and `aghi`/`agfi %r15`
/// move SP; `stg %r14, D(%r15)` saves the return address, `lg %r14, 0(%r15)` restores it, and
/// SP back at the CFA leaves nothing saved below it; branches within the function are
/// followed, `br`, `<unknown>` (UNDEF, padding) and jumps to symbols end a path; any other
/// write of r15 loses the frame.
fn walk_frames(name: &str, insns: &[Insn]) -> Vec<Option<WalkFrame>> {
    let index = |a: u64| insns.iter().position(|i| i.addr == a).unwrap_or_else(|| panic!("{name}: jump to {a:#x}"));
    let target = |s: &str| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok();
    let mut at: Vec<Option<WalkFrame>> = vec![None; insns.len()];
    let mut work = vec![(0usize, WalkFrame { delta: 0, ra: None, lost: false })];
    // the constant in r10 before each instruction, along the layout (Go loads it right before
    // its use)
    let mut r10 = None;
    let r10_at: Vec<Option<i64>> = insns
        .iter()
        .map(|i| {
            let before = r10;
            r10 = match (i.op.as_str(), i.args.first().map(String::as_str)) {
                ("lgfi" | "lghi", Some("%r10")) => i.args[1].parse().ok(),
                (_, Some("%r10")) => None,
                _ => r10,
            };
            before
        })
        .collect();
    while let Some((k, f)) = work.pop() {
        match at[k] {
            Some(g) if g == f => continue,
            Some(g) => panic!("{name}: paths disagree at {:#x}: {g:?} and {f:?}", insns[k].addr),
            None => at[k] = Some(f),
        }
        let i = &insns[k];
        let a = |n: usize| i.args.get(n).map(String::as_str).unwrap_or("");
        let mut next = f;
        match (i.op.as_str(), a(0)) {
            _ if f.lost => {}
            ("lay" | "la", "%r15") => next.delta -= r15_disp(a(1), r10_at[k]).expect("lay %r15, D(%r15)"),
            ("aghi" | "agfi", "%r15") => {
                next.delta -= a(1).parse::<i64>().unwrap();
                // SP back at the CFA: the save slot is below SP, r14 holds the return address
                // (a leaf never changed it)
                if next.delta == 0 {
                    next.ra = None;
                }
            }
            ("stg", "%r14") => next.ra = Some(r15_disp(a(1), r10_at[k]).expect("stg %r14, D(%r15)") - f.delta),
            ("lg", "%r14") => next.ra = None,
            (_, "%r15") if !i.op.starts_with('c') && !i.op.starts_with("st") => next.lost = true,
            _ => {}
        }
        let op = i.op.as_str();
        let uncond = matches!(op, "j" | "jg");
        let cond = !uncond
            && (op.starts_with('j')
                || op.starts_with("brct")
                || ["cgrj", "clgrj", "crj", "clrj", "cgij", "clgij", "cij", "clij"].iter().any(|p| op.starts_with(p)));
        if op == "br" || op == "<unknown>" || (uncond && i.reloc) {
            continue;
        }
        if uncond {
            work.push((index(target(a(0)).unwrap()), next));
        } else if cond && !i.reloc {
            work.push((index(target(i.args.last().unwrap()).unwrap()), next));
            work.push((k + 1, next));
        } else {
            assert!(k + 1 < insns.len(), "{name}: falls off its end");
            work.push((k + 1, next));
        }
    }
    at
}

/// The CFI readelf reads from the object equals, at every instruction every path reaches, the
/// frame an independent walk of the machine code (llvm-objdump's disassembly) finds: the CFA
/// and where the return address is. Over the stubs and the frame corpus.
#[test]
fn cfi_equals_a_walk_of_the_machine_code() {
    if !oracle_available("readelf") || !oracle_available("llvm-objdump") {
        return;
    }
    let (mut checked, mut lost) = (0, 0);
    for rel in [STUBS, "assembler/tests/data/frames_s390x.s"] {
        let (obj, a) = assemble(rel);
        let p = tmp("walk.o");
        std::fs::write(&p, &obj).unwrap();
        let dis = run(Command::new("llvm-objdump").args(["-d", "-r", "--no-show-raw-insn"]).arg(&p));
        let fdes = readelf_rows(&run(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&p)));
        let funcs = objdump_functions(&dis);
        assert_eq!(funcs.len(), a.funcs.len(), "{rel}: functions");
        assert_eq!(fdes.len(), funcs.len(), "{rel}: one FDE per function");
        for ((name, start, insns), (base, rows)) in funcs.iter().zip(&fdes) {
            assert_eq!(start, base, "{rel}: the FDE of {name}");
            for (i, f) in insns.iter().zip(walk_frames(name, insns)) {
                let Some(f) = f else { continue };
                let row = rows.iter().rev().find(|r| r.0 <= i.addr).expect("a row");
                let at = format!("{rel}: {name} at {:#x} ({} {:?})", i.addr, i.op, i.args);
                if f.lost {
                    // after an SP write the tables may only say the caller is unknown
                    assert!(row.2.is_empty(), "{at}: saved registers {:?} after an SP write", row.2);
                    lost += 1;
                    continue;
                }
                assert_eq!(row.1, f.delta, "{at}: CFA");
                assert_eq!(row.2.get(&14).copied(), f.ra, "{at}: return address");
                assert_eq!(row.2.len(), f.ra.is_some() as usize, "{at}: saved registers {:?}", row.2);
                checked += 1;
            }
        }
    }
    assert!(checked > 1200, "compared {checked} instructions");
    assert_eq!(lost, 2, "the corpus's spwrite: the instructions after its SP write");
}

/// g through TLS (Go's save_g/load_g): the object references runtime·tls_g, an STT_TLS symbol
/// in `.tbss`, with the TLS relocation Go's linker writes (R_390_TLS_LE64, in the literal Go
/// loads the offset from), and GNU ld and lld link it into a static executable with a TLS
/// segment.
#[test]
fn tls_references_are_elf_tls_relocations_and_link() {
    use object::ObjectSymbol;
    let (obj, _) = assemble(TLS);
    let file = object::File::parse(&*obj).unwrap();
    let tls_g = file.symbols().find(|s| s.name() == Ok("runtime.tls_g")).expect("runtime.tls_g");
    assert_eq!(tls_g.kind(), object::SymbolKind::Tls, "runtime.tls_g is STT_TLS");
    let sec = file.section_by_index(tls_g.section_index().expect("defined")).unwrap();
    assert_eq!(sec.name(), Ok(".tbss"));
    let tls_relocs: Vec<u32> = file
        .sections()
        .flat_map(|s| s.relocations().collect::<Vec<_>>())
        .filter_map(|(_, r)| match (r.flags(), r.target()) {
            (object::RelocationFlags::Elf { r_type }, object::RelocationTarget::Symbol(i)) if i == tls_g.index() => {
                Some(r_type.0)
            }
            _ => None,
        })
        .collect();
    assert!(!tls_relocs.is_empty(), "no relocation against runtime.tls_g");
    assert!(tls_relocs.iter().all(|&t| t == object::elf::R_390_TLS_LE64.0), "{tls_relocs:?}");
    if !oracle_available("s390x-linux-gnu-ld") || !oracle_available(LLD) {
        return;
    }
    let (stubs, _) = assemble(STUBS);
    let (rt, _) = assemble(RT);
    let paths = [("stubs", &stubs), ("rt", &rt), ("tls", &obj)].map(|(n, b)| {
        let p = tmp(&format!("tls-{n}.o"));
        std::fs::write(&p, b).unwrap();
        p
    });
    for linker in ["s390x-linux-gnu-ld", LLD] {
        let exe = tmp(&format!("tls-exe-{linker}"));
        run(Command::new(linker).args(["-static", "-o"]).arg(&exe).args(&paths));
        let ph = run(Command::new("readelf").arg("-lW").arg(&exe));
        assert!(ph.lines().any(|l| l.trim_start().starts_with("TLS ")), "{linker}: no TLS segment:\n{ph}");
    }
}
