//! The unwind tables and the stack-map section against oracles that share nothing with p9asm's
//! frame model:
//!
//! * an independent walk of the **machine code** (`common/frame_walk.rs`): the object's `.text`
//!   disassembled by llvm-objdump and followed along every path from each entry, which the CFI
//!   that **both** `readelf --debug-dump=frames-interp` and `llvm-dwarfdump` print must equal
//!   column by column (CFA, each saved register, the return address) at every instruction;
//! * `.debug_frame` row for row equal to `.eh_frame`, in both dumpers;
//! * the stack-map section decoded by a reader written from the format's specification
//!   (`common/stackmap_decode.rs`) against Go 1.19's own pc tables (`-d pctab=…`) and the walk.
//!
//! Each architecture's test file (`frame_oracle.rs` for amd64, `i386_frame_oracle.rs`) names its
//! corpus, traps corpus, stubs and [`Walker`] in a [`Target`] and runs `frame_oracle_tests!`: a
//! new architecture adds a walker and a corpus and gets the same checks.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::cfi_dump::{self, Fde, Ra, Row};
use super::common::*;
use super::frame_walk::{self, Frame, Function, GoHeader, Walker};
use super::stackmap_decode;
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

/// One architecture's oracle run.
pub struct Target {
    pub goarch: GoArch,
    /// Its corpus (every frame shape, each function assembled by Go too), relative to the
    /// repository's root.
    pub corpus: &'static str,
    /// Functions whose paths end in traps and tail jumps, never a RET (so the SP-balance lint
    /// at RET cannot stand in for the tables' own check).
    pub traps: &'static str,
    pub stubs: &'static str,
    /// How many functions the stubs have.
    pub stub_funcs: usize,
    pub walker: &'static (dyn Walker + Sync),
    /// Include directories both assemblers get (386's stubs include the runtime's go_asm.h).
    pub include: &'static [&'static str],
    /// The program counter's name in llvm-dwarfdump's rows.
    pub pc_reg: &'static str,
    /// The CIE's rule: CFA register, CFA offset, return address at CFA + this.
    pub cie: (&'static str, i64, i64),
    /// The stack-map entry slot's relocation, and whether the target's relocations are REL
    /// (the slot holds the function's offset) rather than RELA.
    pub entry_reloc: u32,
    pub rel: bool,
}

const PACKAGE: &str = "runtime";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "{cmd:?} failed or complained:\n{stderr}");
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// What the source says about one function: its name, frame and argument sizes as written,
/// and the corpus's annotations (the comment lines right before its TEXT line).
#[derive(Clone, Debug, Default)]
struct SourceFunc {
    name: String,
    line: u32,
    frame: Option<i64>,
    expect: BTreeSet<String>,
    go_pcsp_differs: bool,
}

fn source_funcs(src: &str) -> Vec<SourceFunc> {
    let mut out = Vec::new();
    let mut notes: Vec<&str> = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix("//") {
            notes.push(c.trim());
            continue;
        }
        if let Some(rest) = t.strip_prefix("TEXT") {
            let rest = rest.trim();
            let Some(name) = rest.strip_prefix('·').and_then(|r| r.split('(').next()) else {
                notes.clear();
                continue;
            };
            let frame = rest.rsplit_once('$').and_then(|(_, f)| {
                let f = f.trim();
                let neg = f.starts_with('-');
                let digits: String = f.trim_start_matches('-').chars().take_while(|c| c.is_ascii_digit()).collect();
                digits.parse::<i64>().ok().map(|v| if neg { -v } else { v })
            });
            out.push(SourceFunc {
                name: format!("{PACKAGE}.{name}"),
                line: n as u32 + 1,
                frame,
                expect: notes.iter().filter_map(|c| c.strip_prefix("expect ")).map(|c| c.trim().to_string()).collect(),
                go_pcsp_differs: notes.iter().any(|c| c.starts_with("go-pcsp-differs:")),
            });
        }
        notes.clear();
    }
    out
}

/// Everything the checks read, computed once per source file.
struct Oracle {
    rel: &'static str,
    src: Vec<SourceFunc>,
    /// (diagnostic code, line)
    diags: Vec<(String, u32)>,
    object: Vec<u8>,
    funcs: Vec<Function>,
    go: Vec<GoHeader>,
    go_pcsp: Vec<(String, Vec<u8>)>,
    go_pcdata: Vec<(String, Vec<u8>)>,
    /// section name → dump, per tool
    readelf: BTreeMap<String, cfi_dump::Section>,
    llvm_eh: cfi_dump::Section,
    llvm_debug: cfi_dump::Section,
}

impl Oracle {
    fn go(&self, name: &str) -> &GoHeader {
        self.go.iter().find(|g| g.name == name).unwrap_or_else(|| panic!("{}: Go has no function {name}", self.rel))
    }
}

fn build(t: &Target, rel: &'static str) -> Option<Oracle> {
    for tool in [GO, "readelf", "llvm-objdump", "llvm-dwarfdump"] {
        if !oracle_available(tool) {
            return None;
        }
    }
    let path = root().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let src = source_funcs(&String::from_utf8_lossy(&bytes));
    let mut opts = AsmOptions::new(t.goarch);
    opts.package = PACKAGE.into();
    opts.include_dirs.extend(t.include.iter().map(PathBuf::from));
    opts.debug_frame = true;
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source(rel, Some(path), bytes, &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let found = diags
        .list
        .iter()
        .map(|d| (d.code.to_string(), d.origin.map(|o| sources.line_col(o.span).0).unwrap_or(0)))
        .collect();
    let object = a.object.expect("object");
    verify_object(&object).unwrap();
    let obj_path =
        std::env::temp_dir().join(format!("p9asm-frame-oracle-{}-{}.o", std::process::id(), rel.replace('/', "_")));
    std::fs::write(&obj_path, &object).unwrap();

    // the functions: every sized STT_FUNC symbol of .text, in address order
    let symbols = {
        use object::{Object, ObjectSection, ObjectSymbol};
        let file = object::File::parse(&*object).unwrap();
        let text = file.section_by_name(".text").unwrap().index();
        let mut v: Vec<(String, u64, u64)> = file
            .symbols()
            .filter(|s| s.kind() == object::SymbolKind::Text && s.section_index() == Some(text))
            .map(|s| (s.name().unwrap().to_string(), s.address(), s.size()))
            .collect();
        v.sort_by_key(|s| s.1);
        v
    };
    let dis = run(Command::new("llvm-objdump").args(["-d", "-r", "--no-show-raw-insn"]).arg(&obj_path));
    let funcs = frame_walk::parse_objdump(&dis, &symbols).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let readelf = cfi_dump::readelf(&run(Command::new("readelf").arg("--debug-dump=frames-interp").arg(&obj_path)))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    let llvm = |flag: &str, section: &str| {
        let mut all = cfi_dump::dwarfdump(&run(Command::new("llvm-dwarfdump").arg(flag).arg(&obj_path)), t.pc_reg)
            .unwrap_or_else(|e| panic!("{rel}: llvm-dwarfdump {flag}: {e}"));
        all.remove(section).unwrap_or_else(|| panic!("{rel}: llvm-dwarfdump {flag} shows no {section}"))
    };
    let llvm_eh = llvm("--eh-frame", ".eh_frame");
    let llvm_debug = llvm("--debug-frame", ".debug_frame");
    let _ = std::fs::remove_file(&obj_path);

    let go_flags = |more: &[&'static str]| -> Vec<&'static str> {
        t.include.iter().flat_map(|d| ["-I", *d]).chain(more.iter().copied()).collect()
    };
    let goarch = t.goarch.name();
    let go = frame_walk::go_headers(&go_asm(goarch, &root(), rel, &go_flags(&["-S"])), PACKAGE);
    let rename = |v: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        v.into_iter().map(|(n, t)| (n.replacen("\"\".", &format!("{PACKAGE}."), 1), t)).collect()
    };
    let go_pcsp = rename(parse_pctab(&go_asm(goarch, &root(), rel, &go_flags(&["-d", "pctab=pctospadj"]))));
    let go_pcdata = rename(parse_pctab(&go_asm(goarch, &root(), rel, &go_flags(&["-d", "pctab=pctopcdata"]))));
    Some(Oracle { rel, src, diags: found, object, funcs, go, go_pcsp, go_pcdata, readelf, llvm_eh, llvm_debug })
}

/// Which of the target's three sources.
#[derive(Clone, Copy)]
pub enum Source {
    Corpus,
    Traps,
    Stubs,
}

fn oracle(t: &Target, which: Source) -> Option<&'static Oracle> {
    // one target per test binary
    static CELLS: [OnceLock<Option<Oracle>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let rel = match which {
        Source::Corpus => t.corpus,
        Source::Traps => t.traps,
        Source::Stubs => t.stubs,
    };
    CELLS[which as usize].get_or_init(|| build(t, rel)).as_ref()
}

/// The row in effect at `pc`.
fn row_at(fde: &Fde, pc: u64) -> Option<&Row> {
    fde.rows.iter().rev().find(|r| r.loc <= pc)
}

/// Whether a dumped row says what the walker's frame says.
fn row_matches(w: &dyn Walker, row: &Row, frame: &Frame, topframe: bool) -> bool {
    if frame.lost {
        // after an SP write nothing is known but that the caller cannot be found
        return row.ra == Ra::Undefined;
    }
    let ra = match (topframe, w.return_address()) {
        (false, Some(off)) => Ra::Cfa(off),
        _ => Ra::Undefined,
    };
    row.cfa_reg == w.sp_name() && row.cfa == frame.cfa && row.saved == frame.saved && row.ra == ra
}

/// Checks one FDE of one dumper against the walk of `f`; returns the instructions compared.
fn check_fde(
    w: &dyn Walker,
    tool: &str,
    f: &Function,
    fde: &Fde,
    frames: &[BTreeSet<Frame>],
    go: &GoHeader,
) -> Result<usize, String> {
    let at = |i: usize| format!("{tool}: {} at {:#x} ({})", f.name, f.insns[i].addr, f.insns[i].text);
    if (fde.start, fde.end) != (f.start, f.start + f.size) {
        return Err(format!("{tool}: {} FDE covers [{:#x}, {:#x})", f.name, fde.start, fde.end));
    }
    for r in &fde.rows {
        if !f.insns.iter().any(|i| i.addr == r.loc) {
            return Err(format!("{tool}: {}: row at {:#x} is not at an instruction", f.name, r.loc));
        }
    }
    let mut checked = 0;
    for (i, states) in frames.iter().enumerate() {
        if states.is_empty() {
            return Err(format!("{}: no path reaches it", at(i)));
        }
        let row = row_at(fde, f.insns[i].addr).ok_or_else(|| format!("{}: no row", at(i)))?;
        if !states.iter().any(|s| row_matches(w, row, s, go.topframe)) {
            return Err(format!("{}: the tables say {row:?}, the machine code {states:?}", at(i)));
        }
        checked += 1;
    }
    Ok(checked)
}

/// The walk of every function of `o`, checked against `.eh_frame` as both dumpers print it.
/// Returns (functions, instructions) compared.
fn check_cfi(t: &Target, o: &Oracle) -> (usize, usize) {
    let w = t.walker;
    let eh = &o.readelf[".eh_frame"];
    assert_eq!(eh.fdes.len(), o.funcs.len(), "{}: readelf: one FDE per function", o.rel);
    assert_eq!(o.llvm_eh.fdes.len(), o.funcs.len(), "{}: llvm-dwarfdump: one FDE per function", o.rel);
    // the CIE: CFA = SP + a word, the return address at CFA - a word
    let (sp, cfa, ra) = t.cie;
    for (tool, cies) in [("readelf", &eh.cies), ("llvm-dwarfdump", &o.llvm_eh.cies)] {
        assert_eq!(cies.len(), 1, "{tool}: one CIE");
        let cie = cies[0].as_ref().expect("CIE row");
        assert_eq!((cie.cfa_reg.as_str(), cie.cfa, &cie.ra), (sp, cfa, &Ra::Cfa(ra)), "{tool}: CIE");
        assert!(cie.saved.is_empty());
    }
    let mut insns = 0;
    let mut errors = Vec::new();
    for (k, f) in o.funcs.iter().enumerate() {
        let go = o.go(&f.name);
        assert_eq!(go.size, f.size, "{}: size of {} (Go's and ours)", o.rel, f.name);
        let frames = match frame_walk::walk(w, f, go) {
            Ok(fr) => fr,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        for (tool, fde) in [("readelf", &eh.fdes[k]), ("llvm-dwarfdump", &o.llvm_eh.fdes[k])] {
            match check_fde(w, tool, f, fde, &frames, go) {
                Ok(n) => insns += n,
                Err(e) => errors.push(e),
            }
        }
    }
    assert!(errors.is_empty(), "{}: the CFI disagrees with the machine code:\n{}", o.rel, errors.join("\n"));
    (o.funcs.len(), insns / 2)
}

pub fn corpus_is_go_assembly_with_the_expected_diagnostics(t: &Target) {
    for (which, min) in [(Source::Corpus, 30), (Source::Traps, 4)] {
        let Some(o) = oracle(t, which) else { return };
        corpus_diagnostics(o, min);
    }
}

fn corpus_diagnostics(o: &Oracle, min: usize) {
    let names: Vec<&str> = o.src.iter().map(|s| s.name.as_str()).collect();
    let go: Vec<&str> = o.go.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, go, "every corpus function is assembled by Go");
    let ours: Vec<&str> = o.funcs.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ours, "and by p9asm, in the same order");
    assert!(names.len() >= min, "{}", names.len());
    // each function reports exactly the warnings its annotation says
    for (k, s) in o.src.iter().enumerate() {
        let end = o.src.get(k + 1).map(|n| n.line).unwrap_or(u32::MAX);
        let got: BTreeSet<String> =
            o.diags.iter().filter(|(_, l)| *l >= s.line && *l < end).map(|(c, _)| c.clone()).collect();
        assert_eq!(got, s.expect, "diagnostics in {}", s.name);
    }
    assert!(o.diags.iter().all(|(_, l)| *l >= o.src[0].line), "{:?}", o.diags);
}

pub fn corpus_cfi_equals_the_machine_code_walk(t: &Target) {
    let Some(o) = oracle(t, Source::Corpus) else { return };
    let (funcs, insns) = check_cfi(t, o);
    assert!(funcs >= 30 && insns >= 290, "checked {funcs} functions, {insns} instructions");
}

pub fn trap_corpus_cfi_equals_the_machine_code_walk(t: &Target) {
    let Some(o) = oracle(t, Source::Traps) else { return };
    let (funcs, insns) = check_cfi(t, o);
    assert!(funcs >= 4 && insns >= 20, "checked {funcs} functions, {insns} instructions");
}

pub fn stubs_cfi_equals_the_machine_code_walk(t: &Target) {
    let Some(o) = oracle(t, Source::Stubs) else { return };
    let (funcs, insns) = check_cfi(t, o);
    assert_eq!(funcs, t.stub_funcs);
    assert!(insns >= 1000, "checked {insns} instructions");
}

/// `.debug_frame` carries the same rows as `.eh_frame`, in both dumpers, and both dumpers agree.
fn check_debug_frame(o: &Oracle) {
    let eh = &o.readelf[".eh_frame"];
    let debug = o.readelf.get(".debug_frame").unwrap_or_else(|| panic!("{}: readelf shows no .debug_frame", o.rel));
    assert_eq!(o.readelf.len(), 2, "{}: sections {:?}", o.rel, o.readelf.keys());
    for (tool, d) in [("readelf", debug), ("llvm-dwarfdump", &o.llvm_debug)] {
        assert_eq!(d.cies, eh.cies, "{}: {tool}: .debug_frame CIE", o.rel);
        assert_eq!(d.fdes.len(), eh.fdes.len(), "{}: {tool}: .debug_frame FDEs", o.rel);
        for (a, b) in d.fdes.iter().zip(&eh.fdes) {
            assert_eq!(a, b, "{}: {tool}: .debug_frame FDE at {:#x}", o.rel, b.start);
        }
    }
    assert_eq!(eh, &o.llvm_eh, "{}: readelf and llvm-dwarfdump read .eh_frame alike", o.rel);
    assert_eq!(debug, &o.llvm_debug, "{}: readelf and llvm-dwarfdump read .debug_frame alike", o.rel);
}

pub fn debug_frame_rows_equal_eh_frame(t: &Target) {
    for which in [Source::Corpus, Source::Traps, Source::Stubs] {
        let Some(o) = oracle(t, which) else { return };
        check_debug_frame(o);
    }
}

/// `p9asm asm --debug-frame` writes the object the checks read (the library's
/// `AsmOptions::debug_frame`), and without the flag no `.debug_frame`.
pub fn cli_debug_frame_writes_the_checked_object(t: &Target) {
    let Some(o) = oracle(t, Source::Corpus) else { return };
    let dir = std::env::temp_dir().join(format!("p9asm-frame-oracle-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (flag, out) in [(Some("--debug-frame"), "with.o"), (None, "without.o")] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_p9asm"));
        // the same path and working directory as the library's run: the debug information
        // records both
        cmd.args(["asm", "--arch", t.goarch.name(), "-p", PACKAGE])
            .args(t.include.iter().flat_map(|d| ["-I", *d]))
            .arg("-o")
            .arg(dir.join(out))
            .args(flag)
            .arg(root().join(t.corpus));
        let st = cmd.output().unwrap();
        assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    }
    let with = std::fs::read(dir.join("with.o")).unwrap();
    let without = std::fs::read(dir.join("without.o")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(with == o.object, "the CLI's --debug-frame object differs from the library's");
    use object::Object;
    let has = |b: &[u8]| object::File::parse(b).unwrap().section_by_name(".debug_frame").is_some();
    assert!(has(&with) && !has(&without));
}

/// The stack-map section: one record per function, relocated to it, with Go's sizes and pc
/// tables, and pcsp equal to the walk.
fn check_stackmap(t: &Target, o: &Oracle) -> usize {
    use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget};
    let file = object::File::parse(&*o.object).unwrap();
    let sec = file.section_by_name("p9asm_stackmap").expect("stack-map section");
    let records = stackmap_decode::decode(sec.data().unwrap()).unwrap_or_else(|e| panic!("{}: {e}", o.rel));
    assert_eq!(records.len(), o.funcs.len(), "{}: one record per function", o.rel);
    let relocs: BTreeMap<u64, object::Relocation> = sec.relocations().collect();
    let w = t.walker;
    let mut compared = 0;
    for (f, r) in o.funcs.iter().zip(&records) {
        let go = o.go(&f.name);
        let what = format!("{}: record of {}", o.rel, f.name);
        assert_eq!(r.name, f.name, "{what}: name");
        assert_eq!(r.size as u64, f.size, "{what}: size");
        assert_eq!(r.args as i64, go.args, "{what}: args");
        assert_eq!(r.autosize as i64, go.autosize.max(0), "{what}: autosize");
        assert_eq!(r.flags & (1 << 22) != 0, go.nosplit, "{what}: nosplit flag");
        assert_eq!(r.flags & 2048 != 0, go.topframe, "{what}: TOPFRAME flag");
        if let Some(s) = o.src.iter().find(|s| s.name == f.name) {
            assert_eq!(Some(r.frame as i64), s.frame, "{what}: frame as written");
        }
        // the entry slot is relocated to the function's start: .text's section symbol plus the
        // function's offset, in the addend (RELA) or in the slot (REL) (a global function's own
        // symbol could be preempted in a shared object)
        let rel = relocs.get(&(r.offset as u64 + 16)).unwrap_or_else(|| panic!("{what}: entry not relocated"));
        let RelocationTarget::Symbol(si) = rel.target() else { panic!("{what}: relocation target") };
        let sym = file.symbol_by_index(si).unwrap();
        assert_eq!(sym.kind(), object::SymbolKind::Section, "{what}: entry relocated to {:?}", sym.name());
        assert_eq!(sym.section_index(), file.section_by_name(".text").map(|s| s.index()), "{what}");
        if t.rel {
            assert!(rel.has_implicit_addend() && rel.addend() == 0, "{what}: REL");
            assert_eq!(sym.address() + r.entry, f.start, "{what}: entry relocated elsewhere");
        } else {
            assert_eq!(r.entry, 0, "{what}: a RELA target's entry slot holds nothing before relocation");
            assert_eq!(sym.address() as i64 + rel.addend(), f.start as i64, "{what}: entry relocated elsewhere");
        }
        assert_eq!(
            rel.flags(),
            object::RelocationFlags::Elf { r_type: object::elf::RelocationType(t.entry_reloc) },
            "{what}: entry relocation"
        );
        for (slot, v) in r.funcdata.iter().enumerate() {
            assert_eq!(*v, 0, "{what}: FUNCDATA slot {slot} holds a value");
        }

        // every table covers exactly the function
        let decode = |t: &[u8], which: &str| {
            let v = stackmap_decode::pcvalue(t, r.quantum as u64).unwrap_or_else(|e| panic!("{what}: {which}: {e}"));
            if !v.is_empty() {
                assert_eq!(v[0].0, 0, "{what}: {which} starts at pc 0");
                assert_eq!(v.last().unwrap().1, f.size, "{what}: {which} ends at the function's size");
                assert!(v.windows(2).all(|p| p[0].1 == p[1].0), "{what}: {which}: gaps");
            }
            stackmap_decode::normalize(&v)
        };
        let pcsp = decode(&r.pcsp, "pcsp");
        assert!(!pcsp.is_empty(), "{what}: empty pcsp");

        // against Go's pctab
        let (_, go_sp) = o.go_pcsp.iter().find(|(n, _)| *n == f.name).unwrap_or_else(|| panic!("{what}: Go's pcsp"));
        let go_sp = decode(go_sp, "Go's pcsp");
        let differs = o.src.iter().any(|s| s.name == f.name && s.go_pcsp_differs);
        if differs {
            assert_ne!(pcsp, go_sp, "{what}: annotated go-pcsp-differs, but pcsp equals Go's");
        } else {
            assert_eq!(pcsp, go_sp, "{what}: pcsp against Go's");
        }
        let go_pcdata: Vec<_> =
            o.go_pcdata.iter().filter(|(n, _)| *n == f.name).map(|(_, t)| decode(t, "Go's pcdata")).collect();
        let pcdata: Vec<_> = r.pcdata.iter().filter(|t| !t.is_empty()).map(|t| decode(t, "pcdata")).collect();
        assert_eq!(pcdata, go_pcdata, "{what}: pcdata against Go's");

        // against the walk: SP delta = CFA - 8 wherever the frame is known
        let frames = frame_walk::walk(w, f, go).unwrap();
        for (insn, states) in f.insns.iter().zip(&frames) {
            if let [s] = &states.iter().collect::<Vec<_>>()[..]
                && !s.lost
            {
                let v = stackmap_decode::value_at(&pcsp, insn.addr - f.start);
                assert_eq!(v, Some(s.cfa - w.entry_cfa()), "{what}: pcsp at {:#x} ({})", insn.addr, insn.text);
                compared += 1;
            }
        }
    }
    compared
}

pub fn corpus_stackmap_equals_go_and_the_walk(t: &Target) {
    let Some(o) = oracle(t, Source::Corpus) else { return };
    let n = check_stackmap(t, o);
    assert!(n >= 250, "compared pcsp at {n} instructions");
}

pub fn trap_corpus_stackmap_equals_go_and_the_walk(t: &Target) {
    let Some(o) = oracle(t, Source::Traps) else { return };
    let n = check_stackmap(t, o);
    assert!(n >= 20, "compared pcsp at {n} instructions");
}

pub fn stubs_stackmap_equals_go_and_the_walk(t: &Target) {
    let Some(o) = oracle(t, Source::Stubs) else { return };
    let n = check_stackmap(t, o);
    assert!(n >= 1000, "compared pcsp at {n} instructions");
}

/// The tests, for a target `static`: `frame_oracle_tests!(AMD64);`
#[macro_export]
macro_rules! frame_oracle_tests {
    ($t:ident) => {
        #[test]
        fn corpus_is_go_assembly_with_the_expected_diagnostics() {
            frame_oracle::corpus_is_go_assembly_with_the_expected_diagnostics(&$t);
        }
        #[test]
        fn corpus_cfi_equals_the_machine_code_walk() {
            frame_oracle::corpus_cfi_equals_the_machine_code_walk(&$t);
        }
        #[test]
        fn trap_corpus_cfi_equals_the_machine_code_walk() {
            frame_oracle::trap_corpus_cfi_equals_the_machine_code_walk(&$t);
        }
        #[test]
        fn stubs_cfi_equals_the_machine_code_walk() {
            frame_oracle::stubs_cfi_equals_the_machine_code_walk(&$t);
        }
        #[test]
        fn debug_frame_rows_equal_eh_frame() {
            frame_oracle::debug_frame_rows_equal_eh_frame(&$t);
        }
        #[test]
        fn cli_debug_frame_writes_the_checked_object() {
            frame_oracle::cli_debug_frame_writes_the_checked_object(&$t);
        }
        #[test]
        fn corpus_stackmap_equals_go_and_the_walk() {
            frame_oracle::corpus_stackmap_equals_go_and_the_walk(&$t);
        }
        #[test]
        fn trap_corpus_stackmap_equals_go_and_the_walk() {
            frame_oracle::trap_corpus_stackmap_equals_go_and_the_walk(&$t);
        }
        #[test]
        fn stubs_stackmap_equals_go_and_the_walk() {
            frame_oracle::stubs_stackmap_equals_go_and_the_walk(&$t);
        }
    };
}
