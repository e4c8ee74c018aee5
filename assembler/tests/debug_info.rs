//! Source-line debug information (`.debug_line`, `.debug_info`): every instruction's line is the
//! one Go's own listing gives it (the `-S` output of Go 1.19's assembler is the oracle, macro
//! expansions and prologues included), the sections pass `llvm-dwarfdump --verify` on every
//! target p9asm has, gdb stops at a `.s` line, steps and prints `file:line` frames, and the flags
//! that control it (`--no-dwarf`, `-trimpath`) do what they say.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::*;
use object::{Object, ObjectSection, ObjectSymbol};
use p9asm::target::GoArch;

/// (address, line, file index) rows of every sequence, and the file table, from
/// `llvm-dwarfdump --debug-line` of an object file.
struct LineTable {
    files: Vec<String>,
    rows: Vec<(u64, u32, usize, bool)>,
}

fn line_table(obj: &std::path::Path) -> LineTable {
    let out = Command::new("llvm-dwarfdump").arg("--debug-line").arg(obj).output().unwrap();
    assert!(out.status.success(), "llvm-dwarfdump --debug-line {obj:?} failed");
    // LLVM 14 has no resolver for R_390_PC32, which only .eh_frame's pc-begin fields use; it says
    // so while loading the object. Nothing else may be reported.
    for l in String::from_utf8_lossy(&out.stderr).lines() {
        assert!(l.contains("failed to compute relocation: R_390_PC32"), "llvm-dwarfdump --debug-line {obj:?}: {l}");
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut t = LineTable { files: Vec::new(), rows: Vec::new() };
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        let l = l.trim();
        if l.starts_with("file_names[") {
            let name = lines.next().and_then(|n| n.trim().strip_prefix("name: ")).expect("a file name");
            t.files.push(name.trim_matches('"').to_string());
        } else if l.starts_with("0x") {
            let f: Vec<&str> = l.split_whitespace().collect();
            let addr = u64::from_str_radix(&f[0][2..], 16).unwrap();
            t.rows.push((addr, f[1].parse().unwrap(), f[3].parse().unwrap(), l.contains("end_sequence")));
        }
    }
    assert!(!t.rows.is_empty(), "no line rows:\n{text}");
    t
}

impl LineTable {
    /// The (file name, line) of the row in effect at `addr` (rows of one sequence are sorted;
    /// an end_sequence row covers nothing).
    fn at(&self, addr: u64) -> Option<(&str, u32)> {
        let mut best = None;
        for w in self.rows.windows(2) {
            let (a, line, file, end) = w[0];
            if !end && a <= addr && addr < w[1].0 {
                best = Some((self.files[file].as_str(), line));
            }
        }
        best
    }
}

fn base(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The symbols' `.text` addresses in a relocatable object.
fn text_symbols(obj: &[u8]) -> BTreeMap<String, (u64, u64)> {
    let file = object::File::parse(obj).unwrap();
    file.symbols()
        .filter(|s| s.kind() == object::SymbolKind::Text && s.size() > 0)
        .map(|s| (s.name().unwrap().to_string(), (s.address(), s.size())))
        .collect()
}

/// Every instruction of every function of `rel` has the line Go's listing gives it: the pc's
/// last listed Prog (pseudo-instructions share the pc of the instruction after them).
fn check_against_go(goarch: GoArch, rel: &str) -> usize {
    if !oracle_available(GO) || !oracle_available("llvm-dwarfdump") {
        return 0;
    }
    let (obj, _) = assemble_runtime_file(goarch, rel);
    let path = scratch_file("debug-info", &format!("{}.o", rel.replace('/', "_")));
    std::fs::write(&path, &obj).unwrap();
    let table = line_table(&path);
    let syms = text_symbols(&obj);
    let listing = parse_listing(&go_asm(goarch.name(), &root(), rel, &["-S"]));
    let mut checked = 0;
    for f in listing.iter().filter(|l| l.header.contains(" STEXT")) {
        // Go 1.19 lists the package's own symbols as `"".name`
        let name = f.name.replace("\"\".", "runtime.");
        let &(start, size) = syms.get(&name).unwrap_or_else(|| panic!("{rel}: no symbol {name}"));
        let mut by_pc: BTreeMap<u32, &str> = BTreeMap::new();
        for (pc, line, _) in &f.progs {
            by_pc.insert(*pc, line);
        }
        for (&pc, &want) in by_pc.range(..size as u32) {
            // a #line position is listed as `name:line[file:line]`: the object records the first.
            // Go 1.19 numbers the line after `#line N` N-1 (its lexer's comment says N: the
            // newline is already counted); p9asm numbers it N, as C and Plan 9 do (book:
            // differences), so Go's number plus one is expected there.
            let renamed = want.contains('[');
            let want = want.split('[').next().unwrap();
            let (wfile, wline) = want.rsplit_once(':').unwrap_or_else(|| panic!("{rel}: listing position {want:?}"));
            let wline =
                wline.parse::<u32>().unwrap_or_else(|_| panic!("{rel}: listing position {want:?}")) + renamed as u32;
            let got = table.at(start + pc as u64).unwrap_or_else(|| panic!("{rel}: {} +{pc:#x}: no row", f.name));
            assert_eq!(
                (base(got.0), got.1),
                (base(wfile), wline),
                "{rel}: {} +{pc:#x}: p9asm's line table against Go's listing",
                f.name
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "{rel}: nothing compared");
    let _ = std::fs::remove_file(&path);
    checked
}

#[test]
fn every_instruction_has_gos_line_amd64() {
    let n = check_against_go(GoArch::Amd64, "stubs/asm_amd64.s")
        + check_against_go(GoArch::Amd64, "assembler/tests/data/frames_amd64.s")
        + check_against_go(GoArch::Amd64, "assembler/tests/data/debug_lines_amd64.s");
    eprintln!("{n} amd64 instructions: the same line as Go's");
}

#[test]
fn every_instruction_has_gos_line_arm64() {
    let n = check_against_go(GoArch::Arm64, "stubs/asm_arm64.s")
        + check_against_go(GoArch::Arm64, "assembler/tests/data/frames_arm64.s");
    eprintln!("{n} arm64 instructions: the same line as Go's");
}

/// The other targets' stubs, against Go's listing for the same architecture.
#[test]
fn every_instruction_has_gos_line_on_the_other_targets() {
    for (arch, rel) in STUBS.iter().filter(|(a, _)| !matches!(a, GoArch::Amd64 | GoArch::Arm64 | GoArch::Amd64p32)) {
        let n = check_against_go(*arch, rel);
        eprintln!("{n} {arch} instructions of {rel}: the same line as Go's");
    }
}

/// Every target's stubs (amd64p32 has no Go to compare lines with; its tables are verified).
const STUBS: [(GoArch, &str); 10] = [
    (GoArch::Amd64, "stubs/asm_amd64.s"),
    (GoArch::Arm64, "stubs/asm_arm64.s"),
    (GoArch::Arm, "stubs/asm_arm.s"),
    (GoArch::I386, "stubs/asm_386.s"),
    (GoArch::Amd64p32, "stubs/asm_amd64p32.s"),
    (GoArch::Mips64, "stubs/asm_mips64x.s"),
    (GoArch::Mips64le, "stubs/asm_mips64x.s"),
    (GoArch::Ppc64, "stubs/asm_ppc64x.s"),
    (GoArch::Ppc64le, "stubs/asm_ppc64x.s"),
    (GoArch::S390x, "stubs/asm_s390x.s"),
];

/// `llvm-dwarfdump --verify` finds nothing wrong in the debug sections of every target's stubs.
#[test]
fn dwarfdump_verifies_the_debug_sections() {
    if !oracle_available("llvm-dwarfdump") {
        return;
    }
    for (arch, rel) in STUBS {
        let (obj, _) = assemble_runtime_file(arch, rel);
        let mut path = scratch_file("debug-info", &format!("verify-{}.o", arch.name()));
        std::fs::write(&path, &obj).unwrap();
        if arch == GoArch::Amd64p32 {
            // LLVM 14 applies no relocation of an ELF32 x86-64 object; the same object as
            // ELF64 (the relocations carry over, as the amd64p32 runtime tests link it)
            let elf64 = path.with_extension("elf64.o");
            x32_to_elf64(&path, &elf64);
            path = elf64;
        }
        let out = Command::new("llvm-dwarfdump").arg("--verify").arg(&path).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains("No errors."), "{rel}:\n{text}");
        let file = object::File::parse(&*obj).unwrap();
        for s in [".debug_line", ".debug_info", ".debug_abbrev"] {
            assert!(file.section_by_name(s).is_some_and(|s| s.size() > 0), "{rel}: no {s}");
        }
        let _ = std::fs::remove_file(&path);
    }
}

fn has_section(b: &[u8], s: &str) -> bool {
    object::File::parse(b).unwrap().section_by_name(s).is_some()
}

fn cli(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_p9asm")).current_dir(dir).args(args).output().unwrap()
}

const GDB_SRC: &str = "\
#include \"textflag.h\"
#define LOADTWO(a, b) MOVQ $a, CX; \\
	MOVQ $b, DX

// leaf and outer keep C's callee-saved registers: C calls outer
TEXT ·leaf(SB), NOSPLIT, $0-0
	MOVQ	$1, CX
	MOVQ	$2, DX
	LOADTWO(3, 4)
	RET

TEXT ·outer(SB), NOSPLIT, $16-0
	MOVQ	$5, CX
	CALL	·leaf(SB)
	MOVQ	$6, CX
	RET
";

const GDB_MAIN: &str = "\
extern void outer(void) __asm__(\"main.outer\");
int main(void) { outer(); return 0; }
";

/// gdb, reading p9asm's line table and CFI in a linked executable: `break FILE.s:LINE` stops at
/// that line, `next` steps to the next line (a macro's expansion is one line), and the
/// backtrace names both Plan 9 functions with their `file:line` and reaches `main`.
#[test]
fn gdb_breaks_steps_and_backtraces_by_source_line() {
    for tool in ["gdb", "gcc"] {
        if Command::new("sh").arg("-c").arg(format!("command -v {tool}")).status().map(|s| !s.success()).unwrap_or(true)
        {
            assert!(std::env::var_os("CI").is_none(), "{tool} is missing on CI: run scripts/install-deps.sh");
            eprintln!("skipping the gdb test: {tool} is not installed");
            return;
        }
    }
    let dir = scratch_file("debug-info-gdb", "x").parent().unwrap().to_path_buf();
    std::fs::write(dir.join("dbg.s"), GDB_SRC).unwrap();
    std::fs::write(dir.join("main.c"), GDB_MAIN).unwrap();
    let out = cli(&["asm", "-I", "/usr/lib/go-1.19/pkg/include", "-o", "dbg.o", "dbg.s"], &dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    run_clean(Command::new("gcc").current_dir(&dir).args(["-g", "-no-pie", "-o", "exe", "main.c", "dbg.o"]));
    let gdb = Command::new("gdb")
        .current_dir(&dir)
        .args(["-batch", "-nx", "-ex", "break dbg.s:8", "-ex", "run", "-ex", "bt", "-ex", "next", "-ex", "next"])
        .args(["-ex", "info line *$pc", "./exe"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&gdb.stdout);
    assert!(text.contains("Breakpoint 1 at "), "gdb set no breakpoint at dbg.s:8:\n{text}");
    // gdb names the file as the object records it: absolute
    let at = |func: &str, file: &str, line: u32| format!("{func} () at {}/{file}:{line}", dir.display());
    assert!(text.contains(&format!("Breakpoint 1, {}", at("main.leaf", "dbg.s", 8))), "stopped at dbg.s:8:\n{text}");
    // the backtrace: leaf at its line, outer at the CALL's line, then C's main
    let bt: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    assert!(bt.len() >= 3, "{text}");
    assert!(bt[0].contains(&at("main.leaf", "dbg.s", 8)), "{bt:?}");
    assert!(bt[1].contains(&at("main.outer", "dbg.s", 14)), "{bt:?}");
    assert!(bt[2].contains("main () at main.c:2"), "{bt:?}");
    // the source lines gdb printed: the breakpoint's, then one per `next`: line 9 is a macro,
    // its two instructions one step; then the RET on line 10
    let shown: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(shown, ["8", "9", "10"], "{text}");
    assert!(text.contains(&format!("Line 10 of \"{}/dbg.s\"", dir.display())), "{text}");
}

/// `--no-dwarf` leaves the debug sections out (and nothing else changes: the code and CFI are
/// the same); `-trimpath` rewrites the recorded paths as Go's does; `--no-stackmap` leaves out
/// the stack-map section and nothing else.
#[test]
fn no_dwarf_and_trimpath() {
    let dir = scratch_file("debug-info-flags", "x").parent().unwrap().to_path_buf();
    std::fs::write(dir.join("f.s"), "TEXT ·f(SB), 4, $0-0\n\tRET\n").unwrap();
    let dirs = dir.to_string_lossy().into_owned();
    for (args, out) in [
        (vec!["asm", "-o", "with.o", "f.s"], "with.o"),
        (vec!["asm", "--no-dwarf", "-o", "without.o", "f.s"], "without.o"),
        (vec!["asm", &format!("-trimpath={dirs}=>/src"), "-o", "trimmed.o", "f.s"], "trimmed.o"),
        (vec!["asm", "--no-stackmap", "-o", "nomap.o", "f.s"], "nomap.o"),
    ] {
        let o = cli(&args, &dir);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(dir.join(out).exists());
    }
    let read = |n: &str| std::fs::read(dir.join(n)).unwrap();
    let (with, without, trimmed) = (read("with.o"), read("without.o"), read("trimmed.o"));
    let nomap = read("nomap.o");
    assert!(has_section(&with, "p9asm_stackmap") && !has_section(&nomap, "p9asm_stackmap"));
    assert!(
        has_section(&nomap, ".debug_line") && has_section(&nomap, ".eh_frame"),
        "--no-stackmap removes only the stack map"
    );
    let has = |b: &[u8], s: &str| object::File::parse(b).unwrap().section_by_name(s).is_some();
    for s in [".debug_line", ".debug_info", ".debug_abbrev"] {
        assert!(has(&with, s) && has(&trimmed, s) && !has(&without, s), "{s}");
    }
    let text = |b: &[u8]| object::File::parse(b).unwrap().section_by_name(".text").unwrap().data().unwrap().to_vec();
    assert_eq!(text(&with), text(&without));
    // an STT_FILE symbol names the source, with or without debug information
    for b in [&with, &without] {
        let file = object::File::parse(&**b).unwrap();
        let names: Vec<&str> =
            file.symbols().filter(|s| s.kind() == object::SymbolKind::File).map(|s| s.name().unwrap()).collect();
        assert_eq!(names, ["f.s"]);
    }
    if oracle_available("llvm-dwarfdump") {
        let names = |n: &str| {
            let t = line_table(&dir.join(n));
            assert_eq!(t.rows.len(), 2, "one instruction, then the end: {:?}", t.rows);
            t.files
        };
        assert_eq!(names("with.o"), [format!("{dirs}/f.s")], "absolute, as Go records it");
        assert_eq!(names("trimmed.o"), ["/src/f.s"]);
    }
}
