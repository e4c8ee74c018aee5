//! Differential test of the amd64 encoder against Go 1.19's assembler.
//!
//! A generator writes several thousand instruction forms (every register class × addressing
//! mode × width of the integer ISA, immediates at every class boundary, branches that need the
//! long-form re-run, symbol references, one instance of every line of every operand table in
//! `optab.rs`, and the legacy-encoding part of Go's own `amd64enc.s` corpus) into functions of
//! ~200 instructions, and assembles them with Go and with p9asm:
//!
//! * forms p9asm accepts must be accepted by Go, and every function's bytes, every instruction's
//!   pc, and every relocation must be identical;
//! * forms p9asm rejects must be rejected by Go as well, except the documented cases where Go
//!   accepts a form and silently emits something else (immediates truncated or sign-extended,
//!   AH..BH with REX, ...): those must be E0302/E0303 or say "Go 1.19" in the message.
//!
//! Without Go at /usr/lib/go-1.19/bin/go, or without its test corpus (golang-1.19-src), the
//! test fails, unless P9ASM_SKIP_ORACLES=1 outside CI.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use common::{GO, GO_TESTDATA, Listed, go_source, oracle_available, parse_listing};
use p9asm::arch::x86::avx_optab;
use p9asm::arch::x86::optab::{self, Y};
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const INCLUDE: &str = "/usr/lib/go-1.19/pkg/include";
const PER_FUNC: usize = 200;

/// Which encoder mode is compared: amd64 (64-bit mode) or 386 (32-bit mode), each against
/// Go 1.19 for that GOARCH.
#[derive(Clone, Copy)]
struct Cfg {
    goarch: &'static str,
    arch: GoArch,
    /// `-D` Go's build passes (the level macro).
    level: (&'static str, &'static str),
    /// Forms Go accepts and p9asm rejects on purpose.
    pin_file: &'static str,
    /// 32-bit mode: registers of the generated forms mapped to the eight 32-bit ones, Go's
    /// 386 corpus instead of amd64's, REL relocations with implicit addends.
    m32: bool,
}

const AMD64: Cfg = Cfg {
    goarch: "amd64",
    arch: GoArch::Amd64,
    level: ("GOAMD64", "v1"),
    pin_file: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/x86_deliberate_rejections.txt"),
    m32: false,
};
const I386: Cfg = Cfg {
    goarch: "386",
    arch: GoArch::I386,
    level: ("GO386", "sse2"),
    pin_file: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/i386_deliberate_rejections.txt"),
    m32: true,
};

/// A generated amd64 form as a 386 form: R8..R15 (and their byte, word and dword names) and
/// X8..X15 become registers that exist in 32-bit mode, so every generated shape is also tried
/// with the registers 386 has. Forms that stay amd64-only (Q widths, SIB/DIB, RIP-relative
/// shapes) are kept: Go and p9asm must both reject them.
fn to_386(line: &str) -> String {
    fn map(t: &str) -> Option<&'static str> {
        Some(match t {
            "R8" | "R8L" => "BX",
            "R9" | "R9L" => "SI",
            "R10" | "R10L" => "DI",
            "R11" | "R11L" => "DX",
            "R12" | "R12L" => "BX",
            "R13" | "R13L" => "BP",
            "R14" | "R14L" => "CX",
            "R15" | "R15L" => "DI",
            "R8B" => "BL",
            "R9B" => "DH",
            "R10B" => "CH",
            "R11B" => "DL",
            "R12B" => "BL",
            "R13B" => "CH",
            "R14B" => "CL",
            "R15B" => "BH",
            "X8" => "X0",
            "X9" => "X1",
            "X10" => "X2",
            "X11" => "X3",
            "X12" => "X4",
            "X13" => "X5",
            "X14" => "X6",
            "X15" => "X7",
            _ => return None,
        })
    }
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    for c in line.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_alphanumeric() {
            word.push(c);
            continue;
        }
        out.push_str(map(&word).unwrap_or(&word));
        word.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    /// Generated forms: must parse with p9asm.
    Gen,
    /// Branch layouts: must be accepted by both, in full.
    Branch,
    /// Lines from Go's own encoder tests.
    Corpus,
}

#[derive(Clone, Debug)]
struct Cand {
    text: String,
    group: Group,
    /// Branch functions keep their own TEXT block (labels are function-local).
    block: usize,
}

// ---------------------------------------------------------------------------------------------
// the generator

const GP64: [&str; 16] =
    ["AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"];
const GP8: [&str; 20] = [
    "AL", "CL", "DL", "BL", "SPB", "BPB", "SIB", "DIB", "R8B", "R9B", "R10B", "R11B", "R12B", "R13B", "R14B", "R15B",
    "AH", "CH", "DH", "BH",
];
/// A register sample for the register × register products.
const RSAMPLE: [&str; 7] = ["AX", "CX", "DX", "SP", "BP", "R8", "R13"];
const BSAMPLE: [&str; 7] = ["AL", "CL", "DL", "SIB", "BPB", "R9B", "AH"];
const MEMS: [&str; 33] = [
    "(AX)",
    "(SP)",
    "(BP)",
    "(R12)",
    "(R13)",
    "(R8)",
    "(R15)",
    "8(AX)",
    "-8(SP)",
    "127(BP)",
    "-128(R13)",
    "128(R12)",
    "-129(R15)",
    "0x7fffffff(DX)",
    "-0x80000000(SI)",
    "(AX)(BX*1)",
    "8(SP)(R9*2)",
    "-8(BP)(CX*4)",
    "0x100(R13)(R14*8)",
    "(R12)(R12*1)",
    "(BP)(R13*2)",
    "-8(R11)(DI*8)",
    "16(CX*4)",
    "(R10*8)",
    "0x1234",
    "·v(SB)",
    "·v+8(SB)",
    "v<>+4(SB)",
    "x+8(FP)",
    "(TLS)",
    "8(TLS)",
    "(SP)(SP*1)",
    "0x80000000(AX)",
];
/// A memory sample for the products with many mnemonics.
const MSAMPLE: [&str; 6] = ["(AX)", "8(SP)", "-8(BP)(R9*4)", "·v+4(SB)", "x+16(FP)", "0x100(R13)"];
const IMMS: [&str; 30] = [
    "0",
    "1",
    "2",
    "3",
    "7",
    "127",
    "128",
    "255",
    "256",
    "-1",
    "-2",
    "-128",
    "-129",
    "0x7fff",
    "0x8000",
    "0xffff",
    "0x10000",
    "-0x8000",
    "-0x8001",
    "0x7fffffff",
    "0x80000000",
    "0xffffffff",
    "0x100000000",
    "-0x80000000",
    "-0x80000001",
    "0x123456789",
    "0x7fffffffffffffff",
    "-0x7fffffffffffffff",
    "-4294967296",
    "0x8000000000000000",
];
const ISAMPLE: [&str; 12] =
    ["0", "1", "-1", "127", "128", "-128", "-129", "255", "0x8000", "0x7fffffff", "0xffffffff", "0x123456789"];
const WIDTHS: [&str; 4] = ["B", "W", "L", "Q"];
const CONDS: [&str; 16] =
    ["CC", "CS", "EQ", "GE", "GT", "HI", "LE", "LS", "LT", "MI", "NE", "OC", "OS", "PC", "PL", "PS"];

fn reg_for(w: &str, r: &str) -> String {
    if w != "B" {
        return r.to_string();
    }
    match r {
        "AX" => "AL".into(),
        "CX" => "CL".into(),
        "DX" => "DL".into(),
        "BX" => "BL".into(),
        "SP" => "SPB".into(),
        "BP" => "BPB".into(),
        "SI" => "SIB".into(),
        "DI" => "DIB".into(),
        r => format!("{r}B"),
    }
}

fn generated() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    let mut add = |s: String| v.push(s);

    // two-operand ALU, TEST, MOV
    for op in ["ADD", "ADC", "SUB", "SBB", "AND", "OR", "XOR", "CMP", "TEST", "MOV"] {
        for w in WIDTHS {
            let m = format!("{op}{w}");
            let regs: Vec<String> = if w == "B" {
                BSAMPLE.iter().map(|s| s.to_string()).collect()
            } else {
                RSAMPLE.iter().map(|s| s.to_string()).collect()
            };
            for a in &regs {
                for b in &regs {
                    add(format!("{m} {a}, {b}"));
                }
            }
            let full = matches!(op, "ADD" | "MOV" | "CMP");
            let mems: Vec<&str> = if full { MEMS.to_vec() } else { MSAMPLE.to_vec() };
            for r in [reg_for(w, "AX"), reg_for(w, "R9"), reg_for(w, "DI")] {
                for mm in &mems {
                    add(format!("{m} {r}, {mm}"));
                    add(format!("{m} {mm}, {r}"));
                }
            }
            let imms: Vec<&str> = if full { IMMS.to_vec() } else { ISAMPLE.to_vec() };
            let dsts = [reg_for(w, "AX"), reg_for(w, "CX"), reg_for(w, "R10"), reg_for(w, "R12")];
            for i in &imms {
                for d in &dsts {
                    add(format!("{m} ${i}, {d}"));
                    if op == "CMP" {
                        add(format!("{m} {d}, ${i}"));
                    }
                }
                for mm in ["(AX)", "·v(SB)", "8(SP)(R9*2)"] {
                    add(format!("{m} ${i}, {mm}"));
                    if op == "CMP" {
                        add(format!("{m} {mm}, ${i}"));
                    }
                }
            }
            add(format!("{m} (AX), (BX)"));
        }
    }
    // SP arithmetic (small, balanced: the frame pass follows SP)
    for (a, b) in [("$8", "SP"), ("$128", "SP"), ("$-128", "SP"), ("$0x1000", "SP")] {
        add(format!("SUBQ {a}, {b}"));
        add(format!("ADDQ {a}, {b}"));
    }
    add("LEAQ -8(SP), SP".into());
    add("LEAQ 8(SP), SP".into());
    // wide registers in byte instructions (Go narrows them)
    for l in [
        "ADDB $1, AX",
        "ADDB $-1, CX",
        "CMPB AX, $7",
        "TESTB $1, AX",
        "MOVB AX, BX",
        "MOVB SI, DI",
        "MOVB R9, (AX)",
        "XORB BX, AX",
        "SHLB CX, DX",
        "MOVBLZX SI, AX",
        "MOVB $1, R12",
    ] {
        add(l.to_string());
    }
    // Go's `*` prefix: `*sym(SB)` is an indirect CALL through the word at sym (Go's Yindir);
    // through registers it is plain memory; JMP has no Yindir form
    for l in [
        "CALL *·v(SB)",
        "CALL *·v+8(SB)",
        "CALL *v<>+4(SB)",
        "CALL *x+8(FP)",
        "CALL *y-8(SP)",
        "CALL *(AX)",
        "CALL *8(SP)(R9*2)",
        "CALL *·v(SB)(AX*4)",
        "CALL *AX",
        "JMP *·v(SB)",
        "JMP *(AX)",
        "MOVQ *·v(SB), AX",
        "MOVL *·v(SB), AX",
    ] {
        add(l.to_string());
    }
    // every GP register in every position
    for r in GP64 {
        for s in ["AX", "R12", "SP"] {
            add(format!("MOVQ {r}, {s}"));
            add(format!("MOVQ {s}, {r}"));
        }
        add(format!("MOVQ (({r})), AX").replace("((", "(").replace("))", ")"));
        add(format!("MOVQ AX, 8({r})"));
        add(format!("MOVQ AX, 0x1000({r})"));
        add(format!("MOVL (AX)({r}*4), DX"));
        add(format!("LEAQ -1({r})({r}*2), {r}"));
        add(format!("PUSHQ {r}"));
        add(format!("POPQ {r}"));
        add(format!("BSWAPQ {r}"));
        add(format!("BSWAPL {r}"));
        add(format!("XCHGQ AX, {r}"));
        add(format!("XCHGQ {r}, AX"));
        add(format!("XCHGL {r}, AX"));
        add(format!("XCHGW AX, {r}"));
        add(format!("MOVQ $0x123456789, {r}"));
        add(format!("MOVL $-1, {r}"));
        add(format!("MOVW $-1, {r}"));
        add(format!("INCQ {r}"));
        add(format!("DECL {r}"));
        add(format!("CALL {r}"));
        add(format!("JMP {r}"));
    }
    for r in GP8 {
        for s in ["AL", "R12B", "SIB", "AH"] {
            add(format!("MOVB {r}, {s}"));
            add(format!("MOVB {s}, {r}"));
        }
        add(format!("MOVB {r}, (AX)"));
        add(format!("MOVB (R8), {r}"));
        add(format!("MOVB $7, {r}"));
        add(format!("SETEQ {r}"));
        add(format!("MOVBQZX {r}, R9"));
        add(format!("MOVBLSX {r}, AX"));
        add(format!("XCHGB {r}, CL"));
        add(format!("CMPB {r}, $1"));
        add(format!("INCB {r}"));
    }
    // MOV immediates into every width and a few destinations
    for w in WIDTHS {
        for i in IMMS {
            for d in [reg_for(w, "R15"), "(R12)".into(), "x+8(FP)".into()] {
                add(format!("MOV{w} ${i}, {d}"));
            }
        }
    }
    // unary
    for op in ["NEG", "NOT", "INC", "DEC", "MUL", "IMUL", "DIV", "IDIV"] {
        for w in WIDTHS {
            for r in ["AX", "CX", "SP", "R8", "R13"] {
                add(format!("{op}{w} {}", reg_for(w, r)));
            }
            add(format!("{op}{w} AH"));
            for mm in MSAMPLE {
                add(format!("{op}{w} {mm}"));
            }
        }
    }
    // shifts and rotates
    for op in ["SHL", "SHR", "SAL", "SAR", "ROL", "ROR", "RCL", "RCR"] {
        for w in WIDTHS {
            for d in [reg_for(w, "AX"), reg_for(w, "R11"), "(AX)".into(), "·v(SB)".into(), "8(SP)(R9*2)".into()] {
                for c in ["$1", "$0", "$2", "$31", "$63", "$255", "$256", "$-1", "CL", "CX", "DX"] {
                    add(format!("{op}{w} {c}, {d}"));
                }
            }
        }
    }
    for op in ["SHLQ", "SHRQ", "SHLL", "SHRL", "SHLW", "SHRW"] {
        for c in ["$4", "$0", "$255", "CX", "CL", "DX"] {
            for (s, d) in [("AX", "BX"), ("R9", "R10"), ("SI", "(AX)"), ("R15", "·v(SB)"), ("CX", "8(SP)")] {
                add(format!("{op} {c}, {s}, {d}"));
            }
        }
    }
    // multiplies
    for w in ["W", "L", "Q"] {
        for (s, d) in [("AX", "BX"), ("R9", "R10"), ("(AX)", "CX"), ("·v(SB)", "R12"), ("8(SP)(R9*2)", "SI")] {
            add(format!("IMUL{w} {s}, {d}"));
        }
        for i in ISAMPLE {
            add(format!("IMUL{w} ${i}, R9"));
            add(format!("IMUL{w} ${i}, AX"));
            for s in ["AX", "R10", "(AX)", "·v(SB)", "-8(R13)(R12*8)"] {
                add(format!("IMUL3{w} ${i}, {s}, R11"));
            }
        }
    }
    // sign/zero extension
    for op in ["MOVBLSX", "MOVBLZX", "MOVBQSX", "MOVBQZX", "MOVBWSX", "MOVBWZX"] {
        for s in ["AL", "SIB", "R9B", "AH", "AX", "SI", "(AX)", "·v(SB)", "x+8(FP)"] {
            for d in ["AX", "R10", "SI"] {
                add(format!("{op} {s}, {d}"));
            }
        }
    }
    for op in ["MOVWLSX", "MOVWLZX", "MOVWQSX", "MOVWQZX", "MOVLQSX", "MOVLQZX"] {
        for s in ["AX", "R9", "SP", "(AX)", "·v(SB)", "-8(BP)(R14*2)", "AL"] {
            for d in ["AX", "R10", "BP"] {
                add(format!("{op} {s}, {d}"));
            }
        }
    }
    // LEA and address immediates
    for w in ["W", "L", "Q"] {
        for mm in MEMS {
            for d in ["AX", "R13"] {
                add(format!("LEA{w} {mm}, {d}"));
            }
        }
        add(format!("LEA{w} AX, BX"));
    }
    for l in [
        "LEAL 0x99999999(AX), AX",
        "LEAL 0x199999999(AX), AX",
        "LEAQ 0x99999999(AX), AX",
        "MOVQ $·v(SB), AX",
        "MOVQ $·v+16(SB), R9",
        "MOVQ $v<>(SB), R9",
        "MOVL $·v(SB), AX",
        "MOVW $·v(SB), AX",
        "MOVQ $x+8(FP), AX",
        "MOVL $x+8(FP), R10",
        "MOVW $x+8(FP), BX",
        "PUSHQ $·v(SB)",
        "MOVQ $8(AX), BX",
        "ADDQ $8(AX), BX",
        "PUSHQ $-8(SP)",
        "ADDQ $·v(SB), AX",
    ] {
        add(l.to_string());
    }
    // conditional moves and sets
    for c in CONDS {
        for w in ["W", "L", "Q"] {
            for (s, d) in [("AX", "BX"), ("R9", "R10"), ("(AX)", "CX"), ("·v(SB)", "R12")] {
                add(format!("CMOV{w}{c} {s}, {d}"));
            }
        }
        for d in ["AL", "R9B", "SIB", "(AX)", "·v(SB)", "AH"] {
            add(format!("SET{c} {d}"));
        }
    }
    // bit operations
    for op in ["BSF", "BSR", "POPCNT", "LZCNT", "TZCNT"] {
        for w in ["W", "L", "Q"] {
            for (s, d) in [("AX", "BX"), ("R9", "R10"), ("(AX)", "CX"), ("·v(SB)", "R12")] {
                add(format!("{op}{w} {s}, {d}"));
            }
        }
    }
    for op in ["BT", "BTS", "BTR", "BTC"] {
        for w in ["W", "L", "Q"] {
            for d in ["AX", "R9", "(AX)", "·v(SB)", "8(SP)(R9*2)"] {
                for s in ["CX", "R10", "$0", "$7", "$63", "$127", "$128", "$-1"] {
                    add(format!("{op}{w} {s}, {d}"));
                }
            }
        }
    }
    // exchange and atomics
    for w in WIDTHS {
        for op in ["XCHG", "XADD", "CMPXCHG"] {
            for (s, d) in [("AX", "BX"), ("R9", "R10"), ("CX", "(AX)"), ("DX", "·v(SB)"), ("(AX)", "CX")] {
                add(format!("{op}{w} {}, {}", reg_or(w, s), reg_or(w, d)));
            }
        }
    }
    for l in [
        "CMPXCHG8B (AX)",
        "CMPXCHG8B ·v(SB)",
        "CMPXCHG16B (R9)",
        "CMPXCHG16B 8(SP)",
        "CMPXCHG8B AX",
        "LOCK",
        "REP",
        "REPN",
        "XACQUIRE",
        "XRELEASE",
    ] {
        add(l.to_string());
    }
    // no-operand instructions
    for l in [
        "CQO",
        "CDQ",
        "CWD",
        "CBW",
        "CWDE",
        "CDQE",
        "MOVSB",
        "MOVSW",
        "MOVSL",
        "MOVSQ",
        "STOSB",
        "STOSW",
        "STOSL",
        "STOSQ",
        "LODSB",
        "LODSW",
        "LODSL",
        "LODSQ",
        "CMPSB",
        "CMPSW",
        "CMPSL",
        "CMPSQ",
        "SCASB",
        "SCASW",
        "SCASL",
        "SCASQ",
        "HLT",
        "PAUSE",
        "CPUID",
        "RDTSC",
        "RDTSCP",
        "MFENCE",
        "LFENCE",
        "SFENCE",
        "XGETBV",
        "UD2",
        "UD1",
        "UNDEF",
        "LEAVEQ",
        "LEAVEW",
        "LEAVEL",
        "CLD",
        "STD",
        "CLC",
        "STC",
        "CMC",
        "CLI",
        "STI",
        "SYSCALL",
        "LAHF",
        "SAHF",
        "PUSHFQ",
        "POPFQ",
        "PUSHFW",
        "POPFW",
        "PUSHFL",
        "POPFL",
        "NOP",
        "XLAT",
        "EMMS",
        "XEND",
        "XTEST",
        "INT $3",
        "INT $0x80",
        "INT $255",
        "INT $256",
        "INT $-1",
        "RET",
        "RETFQ",
        "RETFL",
        "RETFW $8",
        "IRETQ",
        "WAIT",
        "INTO",
        "AAA",
    ] {
        add(l.to_string());
    }
    // push/pop
    for i in IMMS {
        add(format!("PUSHQ ${i}"));
        add(format!("PUSHW ${i}"));
    }
    for mm in MSAMPLE {
        add(format!("PUSHQ {mm}"));
        add(format!("POPQ {mm}"));
        add(format!("PUSHW {mm}"));
        add(format!("POPW {mm}"));
    }
    for l in [
        "PUSHW AX",
        "POPW R9",
        "PUSHQ FS",
        "PUSHQ GS",
        "POPQ FS",
        "POPQ GS",
        "PUSHW FS",
        "POPW GS",
        "PUSHW CS",
        "POPW DS",
        "PUSHL AX",
        "POPL AX",
        "PUSHL FS",
        "PUSHQ CS",
        "MOVW DS, AX",
        "MOVW AX, ES",
        "MOVW FS, (AX)",
        "MOVW (AX), GS",
        "MOVQ CR0, AX",
        "MOVQ AX, CR3",
        "MOVQ CR8, R9",
        "MOVL CR2, AX",
        "MOVQ DR7, AX",
        "MOVQ R10, DR0",
        "MOVL TR6, AX",
        "MOVQ CR0, (AX)",
    ] {
        add(l.to_string());
    }
    // data directives
    for (d, vals) in [
        ("BYTE", &["0", "0x90", "255", "-1", "-128", "256", "-129"][..]),
        ("WORD", &["0x1234", "65535", "-32768", "65536"][..]),
        ("LONG", &["0x12345678", "0xffffffff", "-1", "0x100000000"][..]),
        ("QUAD", &["0x123456789abcdef0", "-1", "0"][..]),
    ] {
        for x in vals {
            add(format!("{d} ${x}"));
        }
    }
    add("BYTE $·v(SB)".into());
    // calls and jumps to symbols and through registers/memory
    for l in [
        "CALL ·g(SB)",
        "CALL ·g+16(SB)",
        "CALL g<>(SB)",
        "JMP ·g(SB)",
        "JMP g<>(SB)",
        "JMP ·g+8(SB)",
        "CALL (DX)",
        "CALL (R8)",
        "CALL 8(DX)(R10*4)",
        "CALL ·v(SB)(AX*8)",
        "JMP (DX)",
        "JMP -8(R13)",
        "JMP x+8(FP)",
        "CALL x+8(FP)",
        "CALL $0x10",
        "JMP $0x10",
        "JEQ ·g(SB)",
        "CALL AL",
        "CALL X0",
    ] {
        add(l.to_string());
    }
    // SSE/MMX moves and basics
    for x in ["X0", "X1", "X8", "X15"] {
        for r in ["AX", "R9"] {
            add(format!("MOVQ {r}, {x}"));
            add(format!("MOVQ {x}, {r}"));
            add(format!("MOVL {r}, {x}"));
            add(format!("MOVL {x}, {r}"));
        }
        for mm in ["(AX)", "8(SP)", "·v(SB)", "-8(R13)(R12*8)", "x+8(FP)"] {
            for op in [
                "MOVQ", "MOVL", "MOVO", "MOVOU", "MOVSD", "MOVSS", "MOVUPS", "MOVAPS", "MOVUPD", "MOVAPD", "MOVHPD",
                "MOVLPD", "MOVHPS", "MOVLPS", "MOVNTO", "MOVNTPS", "MOVNTPD",
            ] {
                add(format!("{op} {mm}, {x}"));
                add(format!("{op} {x}, {mm}"));
            }
        }
        for y in ["X2", "X9"] {
            for op in [
                "MOVQ",
                "MOVO",
                "MOVOU",
                "MOVSD",
                "MOVSS",
                "MOVUPS",
                "MOVAPS",
                "PXOR",
                "PAND",
                "POR",
                "PANDN",
                "PADDQ",
                "PADDL",
                "PADDB",
                "PSUBQ",
                "PCMPEQB",
                "PCMPEQL",
                "PCMPGTB",
                "PUNPCKLBW",
                "PSHUFB",
                "XORPS",
                "ANDPS",
                "ORPS",
                "ADDSD",
                "SUBSD",
                "MULSD",
                "DIVSD",
                "SQRTSD",
                "MINSD",
                "MAXSD",
                "ADDSS",
                "MULSS",
                "UCOMISD",
                "COMISD",
                "UCOMISS",
                "CVTSD2SS",
                "CVTSS2SD",
                "ADDPD",
                "MULPS",
                "AESENC",
                "AESDEC",
                "AESENCLAST",
                "PCLMULQDQ",
                "MOVHLPS",
                "MOVLHPS",
                "PMULULQ",
                "PSADBW",
                "PSHUFHW",
                "PALIGNR",
                "UNPCKLPS",
                "PMINUB",
                "PMAXUB",
                "PMOVZXBW",
                "PTEST",
                "PUNPCKLQDQ",
            ] {
                add(format!("{op} {x}, {y}"));
            }
            add(format!("PSHUFD $0x1b, {x}, {y}"));
            add(format!("PSHUFL $0x1b, {x}, {y}"));
            add(format!("PCLMULQDQ $0x11, {x}, {y}"));
            add(format!("PALIGNR $8, {x}, {y}"));
            add(format!("SHUFPS $0x44, {x}, {y}"));
            add(format!("CMPPS {x}, {y}, $4"));
            add(format!("CMPPS {x}, {y}, 4"));
            add(format!("CMPSD (AX), {y}, 0"));
            add(format!("CMPSS {x}, {y}, $7"));
            add(format!("CMPPD {x}, {y}, $300"));
            add(format!("ROUNDSD $3, {x}, {y}"));
            add(format!("PINSRQ $1, AX, {y}"));
            add(format!("PEXTRQ $1, {x}, R9"));
            add(format!("PINSRD $1, (AX), {y}"));
            add(format!("PEXTRW $2, {x}, R10"));
            add(format!("PINSRW $2, R10, {y}"));
        }
        for op in ["PSLLQ", "PSRLQ", "PSLLL", "PSRAL", "PSLLO", "PSRLO", "PSRLW"] {
            add(format!("{op} $3, {x}"));
            add(format!("{op} X3, {x}"));
        }
        add(format!("PMOVMSKB {x}, AX"));
        add(format!("MOVMSKPD {x}, R9"));
        for (op, s) in [("CVTSQ2SD", "AX"), ("CVTSL2SD", "R9"), ("CVTSQ2SS", "(AX)"), ("CVTSL2SS", "·v(SB)")] {
            add(format!("{op} {s}, {x}"));
        }
        for op in ["CVTTSD2SQ", "CVTTSD2SL", "CVTSD2SQ", "CVTTSS2SQ", "CVTSS2SL"] {
            add(format!("{op} {x}, R11"));
        }
        add(format!("ADDQ $1, {x}"));
        add(format!("MOVQ $1, {x}"));
        add(format!("MOVSD $1.5, {x}"));
    }
    for m in ["M0", "M7"] {
        add(format!("MOVQ AX, {m}"));
        add(format!("MOVQ {m}, R9"));
        add(format!("MOVQ (AX), {m}"));
        add(format!("MOVQ {m}, (AX)"));
        add(format!("MOVQ X1, {m}"));
        add(format!("MOVQ {m}, M1"));
        add(format!("PXOR {m}, M2"));
        add(format!("PADDQ {m}, M2"));
    }
    // misc modern integer instructions
    for l in [
        "CRC32B AL, AX",
        "CRC32B (AX), R9",
        "CRC32W AX, R9",
        "CRC32L (R9), R10",
        "CRC32Q R11, R12",
        "MOVBEQ (AX), R9",
        "MOVBEL R9, (AX)",
        "MOVBEW (AX), CX",
        "ADCXQ AX, BX",
        "ADOXL (R9), R10",
        "RDRANDQ AX",
        "RDSEEDL R9",
        "PREFETCHT0 (AX)",
        "PREFETCHNTA 8(SP)",
        "CLFLUSH (AX)",
        "NOPL (AX)",
        "NOPW 8(AX)(BX*2)",
        "NOPL AX",
        "XADDQ AX, (BX)",
        "MOVNTIQ AX, (BX)",
        "MOVNTIL R9, ·v(SB)",
        "LFSQ (AX), R9",
        "RDFSBASEQ AX",
        "WRGSBASEQ R9",
        "XSAVE (AX)",
        "XRSTOR64 (R9)",
        "FXSAVE64 (AX)",
        "STMXCSR 8(SP)",
        "LDMXCSR 8(SP)",
        "JCXZW 1(PC)",
    ] {
        add(l.to_string());
    }
    // x87
    for l in [
        "FMOVD (AX), F0",
        "FMOVD F0, (AX)",
        "FMOVD F3, F0",
        "FMOVD F0, F3",
        "FMOVF 8(SP), F0",
        "FMOVL (AX), F0",
        "FMOVDP F0, (AX)",
        "FADDD F2, F0",
        "FADDD (AX), F0",
        "FADDD F0, F2",
        "FMULDP F0, F1",
        "FCHS",
        "FLD1",
        "FXCHD F0, F4",
        "FSTSW AX",
        "FSTCW 8(SP)",
        "FLDCW 8(SP)",
        "FCOMI F1, F0",
    ] {
        add(l.to_string());
    }
    // error cases Go and p9asm both reject
    for l in [
        "MOVQ (AX), (BX)",
        "ADDQ X0, AX",
        "MOVL (AX)(SP*1), AX",
        "MOVQ ·v(SB)(AX*8), BX",
        "ADDQ CR0, AX",
        "SHLQ $1, X0",
        "LEAQ $1, AX",
        "EXTRACTPS $4, X2, (BX)",
        "BLENDVPD X1, (BX), X2",
        "MOVQ 2147483648(AX), AX",
    ] {
        add(l.to_string());
    }
    v
}

fn reg_or(w: &str, s: &str) -> String {
    if s.starts_with('(') || s.contains("(SB)") { s.to_string() } else { reg_for(w, s) }
}

/// One or two instances of every operand-table line, from representative operands.
fn table_lines() -> Vec<String> {
    fn reps(y: Y) -> Option<&'static [&'static str]> {
        use Y::*;
        Some(match y {
            Yi0 => &["$0"],
            Yi1 => &["$1"],
            Yu2 => &["$2"],
            Yi8 => &["$-5"],
            Yu8 => &["$200"],
            Yu7 => &["$100"],
            Ys32 => &["$-100000"],
            Yi32 => &["$100000"],
            Yi64 => &["$0x123456789"],
            Yiauto => &["$·v+8(SB)"],
            Yal => &["AL"],
            Ycl => &["CL"],
            Yax => &["AX"],
            Ycx => &["CX"],
            Yrb => &["R10B"],
            Yrl | Yrl32 => &["R10"],
            Yrx => &["DX"],
            Yrf => &["F3"],
            Yf0 => &["F0"],
            Ymb => &["R11B", "16(R11)(R12*2)"],
            Yml => &["R11", "16(R11)(R12*2)"],
            Ym => &["-8(R13)(AX*4)", "·v(SB)"],
            Ymr => &["M3"],
            Ymm => &["M2", "(AX)"],
            Yxr0 => &["X0"],
            Yxr => &["X9"],
            Yxm => &["X11", "24(SP)"],
            Ycs => &["CS"],
            Yss => &["SS"],
            Yds => &["DS"],
            Yes => &["ES"],
            Yfs => &["FS"],
            Ygs => &["GS"],
            Ygdtr => &["GDTR"],
            Yidtr => &["IDTR"],
            Yldtr => &["LDTR"],
            Ymsw => &["MSW"],
            Ytask => &["TASK"],
            Ycr0 => &["CR0"],
            Ycr2 => &["CR2"],
            Ycr3 => &["CR3"],
            Ycr4 => &["CR4"],
            Ycr8 => &["CR8"],
            Ydr0 => &["DR0"],
            Ydr2 => &["DR2"],
            Ydr3 => &["DR3"],
            Ydr6 => &["DR6"],
            Ydr7 => &["DR7"],
            Ytr6 => &["TR6"],
            Ytr7 => &["TR7"],
            _ => return None,
        })
    }
    fn product(cls: &[Y]) -> Option<Vec<Vec<&'static str>>> {
        let mut out: Vec<Vec<&'static str>> = vec![Vec::new()];
        for &c in cls {
            let r = reps(c)?;
            out = out.iter().flat_map(|pre| r.iter().map(move |x| [pre.clone(), vec![*x]].concat())).collect();
        }
        Some(out)
    }
    let mut v = Vec::new();
    for row in optab::OPTAB {
        if matches!(row.name, "NOP" | "RET") {
            continue;
        }
        for yt in row.ytab {
            if let Some(list) = product(yt.classes()) {
                for ops in list {
                    v.push(if ops.is_empty() {
                        row.name.to_string()
                    } else {
                        format!("{} {}", row.name, ops.join(", "))
                    });
                }
            }
        }
    }
    for m in optab::MOVTAB {
        let cls: Vec<Y> = [m.ft, m.f3t, m.tt].into_iter().filter(|&y| y != Y::Ynone).collect();
        if let Some(list) = product(&cls) {
            for ops in list {
                v.push(format!("{} {}", m.name, ops.join(", ")));
            }
        }
    }
    v
}

/// Instances of every line of every VEX/EVEX operand table (`avx_optab.rs`, generated from Go's
/// avx_optabs.go): the first and the last representative of each class, and for EVEX lines the
/// same with the suffixes that apply (zeroing with a mask, broadcast with memory, rounding and
/// SAE with registers), which Go accepts or rejects per row.
fn avx_table_lines() -> Vec<String> {
    fn reps(y: Y) -> Option<&'static [&'static str]> {
        use Y::*;
        Some(match y {
            Yi8 => &["$-5"],
            Yu8 => &["$200"],
            Yrl => &["R10", "DX"],
            Yml => &["R11", "16(R11)(R12*2)"],
            Ym => &["-8(R13)(AX*4)", "·v(SB)"],
            Yxr0 => &["X0"],
            Yxr => &["X9", "X2"],
            Yxm => &["X11", "24(SP)"],
            YxrEvex => &["X25", "X7"],
            YxmEvex => &["X27", "-136(R13)(AX*4)"],
            Yyr => &["Y9", "Y1"],
            Yym => &["Y11", "(AX)"],
            YyrEvex => &["Y26", "Y3"],
            YymEvex => &["Y28", "256(SP)(BX*2)"],
            Yzr => &["Z9", "Z30"],
            Yzm => &["Z29", "-4096(R11)"],
            Yk0 => &["K0"],
            Yknot0 => &["K5", "K1"],
            Yk => &["K3", "K0"],
            Ykm => &["K2", "(DX)"],
            Yxvm => &["(AX)(X3*4)", "8(R9)(X12*8)"],
            YxvmEvex => &["8(R9)(X20*8)", "(AX)(X3*4)"],
            Yyvm => &["(AX)(Y5*8)", "64(CX)(Y13*1)"],
            YyvmEvex => &["(CX)(Y21*4)", "(AX)(Y5*8)"],
            Yzvm => &["16(R8)(Z12*4)", "(BX)(Z27*8)"],
            YxrEvexMulti4 => &["[X10-X13]", "[X20-X23]"],
            YyrEvexMulti4 => &["[Y20-Y23]", "[Y4-Y7]"],
            YzrMulti4 => &["[Z4-Z7]", "[Z28-Z31]"],
            _ => return None,
        })
    }
    let mut v = Vec::new();
    for row in &avx_optab::AVX_OPTAB {
        for yt in row.ytab {
            let cls: Vec<Y> = yt.args.iter().copied().take_while(|&y| y != Y::Yxxx).collect();
            let Some(r) = cls.iter().map(|&y| reps(y)).collect::<Option<Vec<_>>>() else { continue };
            let evex = format!("{:?}", yt.z).starts_with("Zevex");
            let has_k = cls.contains(&Y::Yknot0);
            for pick in [0usize, 1] {
                let ops: Vec<&str> = r.iter().map(|x| x[pick.min(x.len() - 1)]).collect();
                let ops = ops.join(", ");
                let line = |sfx: &str| {
                    if ops.is_empty() { format!("{}{sfx}", row.name) } else { format!("{}{sfx} {ops}", row.name) }
                };
                v.push(line(""));
                if !evex {
                    continue;
                }
                let mem = ops.contains('(');
                if has_k {
                    v.push(line(".Z"));
                }
                if mem {
                    v.push(line(".BCST"));
                } else {
                    v.push(line(".RZ_SAE"));
                    v.push(line(".SAE"));
                    if has_k {
                        v.push(line(".RN_SAE.Z"));
                    }
                }
            }
        }
    }
    v.sort();
    v.dedup();
    v
}

/// Every mnemonic of the tables with a fixed set of operand shapes: most combinations are
/// invalid, and both assemblers must agree on which are not.
fn sweep_lines() -> Vec<String> {
    const SHAPES: [&str; 16] = [
        "",
        "AX",
        "R9B",
        "$1",
        "(AX)",
        "AX, BX",
        "R8, (SP)",
        "$1, AX",
        "$0x12345, (R13)",
        "(AX), BX",
        "X1, X2",
        "(AX), X9",
        "$3, X1, X2",
        "$3, (AX), X2",
        "CX, AX, BX",
        "$2, AX, R11",
    ];
    let mut v = Vec::new();
    for row in optab::OPTAB {
        let n = row.name;
        if n.starts_with('J') || n.starts_with("LOOP") || matches!(n, "CALL" | "XBEGIN" | "RET" | "NOP") {
            continue;
        }
        for sh in SHAPES {
            v.push(if sh.is_empty() { n.to_string() } else { format!("{n} {sh}") });
        }
    }
    v
}

/// The files of Go's own encoder tests: 386enc.s and 386.s in 32-bit mode; amd64enc.s,
/// amd64enc_extra.s and avx512enc/*.s otherwise.
fn corpus_files(cfg: Cfg) -> Vec<String> {
    if cfg.m32 {
        return vec!["386enc.s".to_string(), "386.s".to_string()];
    }
    let mut files = vec!["amd64enc.s".to_string(), "amd64enc_extra.s".to_string()];
    let mut avx512: Vec<String> = std::fs::read_dir(format!("{GO_TESTDATA}/avx512enc"))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| format!("avx512enc/{}", e.file_name().to_string_lossy())).collect())
        .unwrap_or_default();
    avx512.sort();
    files.extend(avx512);
    files
}

/// Instruction lines of Go's own encoder tests (legacy, VEX and EVEX forms), each
/// with the encodings its `// hex` comment allows (`c4e1315813 or c5b15813`), if it has one.
fn corpus_lines(cfg: Cfg) -> Vec<(String, Vec<Vec<u8>>)> {
    let mut v = Vec::new();
    for f in corpus_files(cfg) {
        let Some(text) = go_source(&format!("{GO_TESTDATA}/{f}")) else { continue };
        for line in text.lines() {
            let Some(l) = line.strip_prefix('\t') else { continue };
            let (l, comment) = l.split_once("//").unwrap_or((l, ""));
            let l = l.trim();
            let expect: Vec<Vec<u8>> = comment
                .split(" or ")
                .map(|h| h.trim())
                .filter(|h| !h.is_empty() && h.len() % 2 == 0 && h.bytes().all(|b| b.is_ascii_hexdigit()))
                .map(|h| (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect())
                .collect();
            let mn = l.split_whitespace().next().unwrap_or("");
            if mn.is_empty() || l.contains('{') || mn.ends_with(':') {
                continue;
            }
            // AVX-512 suffixes (.Z, .BCST, .RN_SAE...) go with VEX/EVEX instructions only
            let base = mn.split('.').next().unwrap_or("");
            let avx = avx_optab::AVX_OPTAB.iter().any(|r| r.name == base);
            if !(avx || optab::OPTAB.iter().any(|r| r.name == mn)) {
                continue;
            }
            // branches need their labels; CALLs (386.s: through registers, memory and
            // `*sym(SB)`, to symbols) do not
            if mn.starts_with('J') || mn.starts_with("LOOP") || matches!(mn, "XBEGIN" | "RET") {
                continue;
            }
            v.push((l.to_string(), expect));
        }
    }
    v
}

/// Functions whose layout exercises Go's span loop; every line must be accepted by both.
fn branch_blocks(cfg: Cfg) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let pad = |n: usize| -> Vec<String> {
        // n bytes of padding from 7-, 3- and 1-byte instructions
        let mut v = Vec::new();
        let mut left = n;
        while left >= 7 {
            // 7 bytes in either mode (386 has no MOVQ)
            v.push(if cfg.m32 { "LEAL 0x11223344(AX)(BX*1), CX" } else { "MOVQ $0x11223344, R9" }.to_string());
            left -= 7;
        }
        while left >= 3 {
            v.push("NOPL (AX)".to_string());
            left -= 3;
        }
        for _ in 0..left {
            v.push("BYTE $0x90".to_string());
        }
        v
    };
    // forward: exactly 127 and 128 bytes from the end of the short jump
    for n in [0usize, 1, 126, 127, 128, 129, 300] {
        let mut b = vec![format!("JEQ f{n}")];
        b.extend(pad(n));
        b.push(format!("f{n}:"));
        b.push(format!("JMP g{n}"));
        b.extend(pad(n));
        b.push(format!("g{n}:"));
        b.push("RET".into());
        blocks.push(b);
    }
    // backward: -128 and -129 relative to the end of the 2-byte form
    for n in [0usize, 1, 125, 126, 127, 128, 300] {
        let mut b = vec![format!("b{n}:")];
        b.extend(pad(n));
        b.push(format!("JNE b{n}"));
        b.push(format!("c{n}:"));
        b.extend(pad(n));
        b.push(format!("JMP c{n}"));
        blocks.push(b);
    }
    // cascades: a jump becomes long only because another one did; every Jcc spelling
    {
        let mut b = Vec::new();
        let names = [
            "JA", "JAE", "JB", "JBE", "JC", "JCC", "JCS", "JE", "JEQ", "JG", "JGE", "JGT", "JHI", "JHS", "JL", "JLE",
            "JLO", "JLS", "JLT", "JMI", "JNA", "JNAE", "JNB", "JNBE", "JNC", "JNE", "JNG", "JNGE", "JNL", "JNLE",
            "JNO", "JNP", "JNS", "JNZ", "JO", "JOC", "JOS", "JP", "JPC", "JPE", "JPL", "JPO", "JPS", "JS", "JZ",
        ];
        for (i, j) in names.iter().enumerate() {
            b.push(format!("{j} t{}", i % 3));
            b.extend(pad(2));
        }
        b.push("t0:".into());
        b.extend(pad(60));
        b.push("t1:".into());
        b.extend(pad(4));
        b.push("t2:".into());
        for (i, j) in names.iter().enumerate() {
            b.push(format!("{j} t{}", i % 3));
        }
        b.push("JMP 2(PC)".into());
        b.push("JMP -1(PC)".into());
        b.push("self: JMP self".into());
        blocks.push(b);
    }
    // loops, JCXZ, XBEGIN
    {
        let mut b = vec!["l0:".to_string(), "NOPL (AX)".into()];
        for j in ["LOOP", "LOOPEQ", "LOOPNE", if cfg.m32 { "JCXZW" } else { "JCXZQ" }] {
            b.push(format!("{j} l0"));
            b.push(format!("{j} l1"));
        }
        b.push("JCXZL l1".into());
        b.push("XBEGIN l1".into());
        b.push("XBEGIN l0".into());
        b.extend(pad(20));
        b.push("l1:".into());
        b.push("XABORT $7".into());
        blocks.push(b);
    }
    // a byte op with a wide register, in a function that needs a second span pass and in one
    // that does not (Go narrows the register in place during the first pass)
    {
        let mut b = vec!["ADDB $1, AX".to_string(), "CMPB AX, $7".into(), "JEQ far".into()];
        b.extend(pad(200));
        b.push("far:".into());
        b.push("TESTB $1, AX".into());
        b.push("XORB $0x80, CX".into());
        blocks.push(b);
        blocks.push(vec![
            "ADDB $1, AX".into(),
            "CMPB AX, $7".into(),
            "JEQ near".into(),
            "near:".into(),
            "NOPL (AX)".into(),
        ]);
    }
    blocks
}

// ---------------------------------------------------------------------------------------------
// running the assemblers

struct Layout {
    text: String,
    /// line number → candidate index
    line_of: BTreeMap<u32, usize>,
}

fn layout(cands: &[Cand], keep: &[usize]) -> Layout {
    let mut text = String::from("#include \"textflag.h\"\n\nGLOBL ·v(SB), NOPTR, $64\nGLOBL v<>(SB), NOPTR, $64\n");
    let mut line = text.lines().count() as u32;
    let mut line_of = BTreeMap::new();
    let mut nfunc = 0;
    let mut in_func = 0usize;
    let mut cur_block = usize::MAX;
    for &k in keep {
        let c = &cands[k];
        if in_func == 0 || (in_func >= PER_FUNC && c.block < 100) || c.block != cur_block {
            text.push_str(&format!("TEXT ·f{nfunc}(SB), NOSPLIT|NOFRAME, $0-64\n"));
            line += 1;
            nfunc += 1;
            in_func = 0;
            cur_block = c.block;
        }
        text.push('\t');
        text.push_str(&c.text);
        text.push('\n');
        line += 1;
        line_of.insert(line, k);
        in_func += 1;
    }
    Layout { text, line_of }
}

fn run_go(cfg: Cfg, text: &str, tag: &str) -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("p9asm-x86diff-{}-{}-{tag}", cfg.goarch, std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("gen.s");
    std::fs::write(&src, text).unwrap();
    let obj = dir.join("gen.o");
    let out = Command::new(GO)
        .current_dir(&dir)
        .env("GOOS", "linux")
        .env("GOARCH", cfg.goarch)
        .env(cfg.level.0, cfg.level.1)
        .env("GOCACHE", std::env::temp_dir().join("p9asm-gocache"))
        .args(["tool", "asm", "-e", "-p", "main", "-I", INCLUDE, "-D", "GOOS_linux", "-D"])
        .arg(format!("GOARCH_{}", cfg.goarch))
        .arg("-D")
        .arg(format!("{}_{}", cfg.level.0, cfg.level.1))
        .args(["-S", "-o"])
        .arg(&obj)
        .arg("gen.s")
        .output()
        .expect("run go tool asm");
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Line numbers Go's error output names.
fn go_error_lines(stderr: &str) -> BTreeSet<u32> {
    let mut s = BTreeSet::new();
    for (i, _) in stderr.match_indices("gen.s:") {
        let digits: String = stderr[i + 6..].chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(n) = digits.parse() {
            s.insert(n);
        }
    }
    s
}

/// The candidates Go rejects: named by its error messages where it names them, else found by
/// bisection (some of Go's errors, like "asmand: bad address", carry no position).
fn go_rejected(cfg: Cfg, cands: &[Cand], idxs: &[usize]) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut work: Vec<Vec<usize>> = vec![idxs.to_vec()];
    while let Some(set) = work.pop() {
        if set.is_empty() {
            continue;
        }
        let l = layout(cands, &set);
        let Err(stderr) = run_go(cfg, &l.text, "rej") else { continue };
        let named: BTreeSet<usize> = go_error_lines(&stderr).iter().filter_map(|n| l.line_of.get(n).copied()).collect();
        if !named.is_empty() {
            out.extend(named.iter().copied());
            work.push(set.into_iter().filter(|k| !named.contains(k)).collect());
        } else if set.len() == 1 {
            out.insert(set[0]);
        } else {
            let (a, b) = set.split_at(set.len() / 2);
            work.push(a.to_vec());
            work.push(b.to_vec());
        }
    }
    out
}

struct Ours {
    listing: String,
    object: Option<Vec<u8>>,
    /// line → (code, message) of the first error on it
    errors: BTreeMap<u32, (&'static str, String)>,
    unplaced: Vec<String>,
}

fn run_ours(cfg: Cfg, text: &str) -> Ours {
    let mut opts = AsmOptions::new(cfg.arch);
    opts.package = "main".into();
    opts.listing = true;
    opts.include_dirs = vec![PathBuf::from(INCLUDE)];
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source("gen.s", None, text.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
    let mut errors = BTreeMap::new();
    let mut unplaced = Vec::new();
    for d in diags.list.iter().filter(|d| d.level == p9asm_macros::Level::Error) {
        match d.origin {
            Some(o) => {
                let (_, line) = sources.line_of(sources.outermost(o));
                errors.entry(line).or_insert((d.code, d.message.clone()));
            }
            None => unplaced.push(format!("{}: {}", d.code, d.message)),
        }
    }
    Ours { listing: a.listing, object: a.object, errors, unplaced }
}

/// One function as the ELF object holds it: its `.text` bytes and its relocations as
/// (offset in the function, ELF type, symbol, addend).
struct ObjFunc {
    bytes: Vec<u8>,
    relocs: Vec<(u64, u32, String, i64)>,
}

fn object_functions(obj: &[u8]) -> BTreeMap<String, ObjFunc> {
    use object::{Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget};
    common::verify_object(obj).unwrap();
    let file = object::File::parse(obj).unwrap();
    let text = file.section_by_name(".text").unwrap();
    let mut data = text.data().unwrap().to_vec();
    let mut relocs: Vec<(u64, u32, String, i64)> = text
        .relocations()
        .map(|(off, r)| {
            let RelocationFlags::Elf { r_type } = r.flags() else { panic!("not ELF") };
            let RelocationTarget::Symbol(i) = r.target() else { panic!("relocation target") };
            let name = file.symbol_by_index(i).unwrap().name().unwrap().to_string();
            // REL (386): the addend is the field's content; Go's listing shows the field zero
            let addend = if r.has_implicit_addend() {
                // object's reader knows no size for R_386_TLS_LE; every 386 field here is 4 bytes
                assert!(matches!(r.size(), 0 | 32), "a 4-byte REL field at {off:#x}");
                let f = &mut data[off as usize..off as usize + 4];
                let a = i32::from_le_bytes(f.try_into().unwrap()) as i64;
                f.fill(0);
                a
            } else {
                r.addend()
            };
            (off, r_type.0, name, addend)
        })
        .collect();
    relocs.sort();
    let mut out = BTreeMap::new();
    for sym in file.symbols().filter(|s| s.kind() == object::SymbolKind::Text) {
        let (start, end) = (sym.address(), sym.address() + sym.size());
        let mine = relocs.iter().filter(|r| r.0 >= start && r.0 < end).map(|r| (r.0 - start, r.1, r.2.clone(), r.3));
        out.insert(
            sym.name().unwrap().to_string(),
            ObjFunc { bytes: data[start as usize..end as usize].to_vec(), relocs: mine.collect() },
        );
    }
    out
}

/// The object's function equals Go's listing of it: the same bytes (relocated fields are zero
/// in both: RELA keeps addends out of the code), and one relocation per Go relocation, at the
/// same place, against the same symbol, of the ELF type Go's linker writes for that kind, with
/// the addend ELF wants (Go's PC-relative addends count from the end of the field).
fn object_differs(cfg: Cfg, mine: Option<&ObjFunc>, go: &Listed) -> Result<(), String> {
    let Some(mine) = mine else { return Err("missing from the object's symbol table".into()) };
    if mine.bytes != go.bytes {
        return Err(format!(
            "object .text differs from the listing:\n    Go:    {}\n    p9asm: {}",
            hex(&go.bytes),
            hex(&mine.bytes)
        ));
    }
    let mut want = Vec::new();
    for r in &go.rels {
        // "1+4 t=7 runtime.f+0"
        let mut it = r.split_whitespace();
        let (off, size) = it.next().and_then(|s| s.split_once('+')).expect("off+size");
        let (off, size): (u64, i64) = (off.parse().unwrap(), size.parse().unwrap());
        let t: u32 = it.next().and_then(|s| s.strip_prefix("t=")).and_then(|s| s.parse().ok()).expect("t=");
        if t == 10 {
            continue; // R_CALLIND: a marker for the linker, no field and no ELF relocation
        }
        let target = it.next().expect("symbol");
        // Go prints sym+add, with a negative add as "+-1"
        let (sym, add) = target.rsplit_once('+').expect("sym+add");
        let add: i64 = add.parse().unwrap();
        let sym = sym.replace("\"\".", "main.");
        // Go 1.19 cmd/internal/objabi reloctype.go: 1 R_ADDR, 7 R_CALL, 14 R_PCREL, 15 R_TLS_LE
        use object::elf::{R_386_32, R_386_PC32, R_386_TLS_LE};
        let (ty, add, sym) = match (t, size) {
            (1, 4) if cfg.m32 => (R_386_32, add, sym),
            (7 | 14, 4) if cfg.m32 => (R_386_PC32, add - 4, sym),
            (15, 4) if cfg.m32 => (R_386_TLS_LE, add, "runtime.tlsg".to_string()),
            (1, 8) => (object::elf::R_X86_64_64, add, sym),
            (1, 4) => (object::elf::R_X86_64_32, add, sym),
            (7, 4) => (object::elf::R_X86_64_PLT32, add - 4, sym),
            (14, 4) => (object::elf::R_X86_64_PC32, add - 4, sym),
            (15, 4) => (object::elf::R_X86_64_TPOFF32, add, "runtime.tlsg".to_string()),
            _ => return Err(format!("unmapped Go relocation {r}")),
        };
        want.push((off, ty.0, sym, add));
    }
    want.sort();
    if mine.relocs != want {
        return Err(format!("object relocations differ:\n    from Go: {want:?}\n    p9asm:   {:?}", mine.relocs));
    }
    Ok(())
}

/// Go 1.19 encodes the extension bits of registers 8-31 in 32-bit mode too, where the
/// processor reads another register or another instruction (p9asm rejects those forms): an
/// independent disassembler (`objdump -M i386`) must find, in every function of VEX/EVEX lines
/// the 386 run accepts, exactly one instruction per line and none of what a VEX/EVEX prefix
/// with the wrong bits decodes as in 32-bit mode (`les`, `lds`, `bound`, `(bad)`).
fn vex_decodes_in_32bit_mode(cands: &[Cand], l: &Layout, object: &[u8]) {
    if !oracle_available("objdump") {
        return;
    }
    // function name → its number of source lines, for functions of VEX/EVEX lines only
    let mut lines: BTreeMap<String, usize> = BTreeMap::new();
    let mut cur = String::new();
    let mut all_vex = BTreeMap::new();
    for (n, text) in l.text.lines().enumerate() {
        if let Some(rest) = text.strip_prefix("TEXT ·") {
            cur = format!("main.{}", rest.split('(').next().unwrap_or(""));
            continue;
        }
        if let Some(&k) = l.line_of.get(&(n as u32 + 1)) {
            *lines.entry(cur.clone()).or_default() += 1;
            let e = all_vex.entry(cur.clone()).or_insert(true);
            *e &= cands[k].block == 4;
        }
    }
    let path = std::env::temp_dir().join(format!("p9asm-x86diff-vex32-{}.o", std::process::id()));
    std::fs::write(&path, object).unwrap();
    let out = Command::new("objdump").args(["-d", "-M", "i386", "--no-show-raw-insn"]).arg(&path).output().unwrap();
    if std::env::var_os("P9ASM_KEEP").is_none() {
        let _ = std::fs::remove_file(&path);
    }
    assert!(out.status.success(), "objdump: {}", String::from_utf8_lossy(&out.stderr));
    let dis = String::from_utf8_lossy(&out.stdout);
    let (mut funcs, mut insns, mut bad) = (0, 0, String::new());
    // (name, instructions, trailing int3s: the padding to the next function's alignment)
    let mut cur: Option<(String, usize, usize)> = None;
    let mut finish = |cur: &mut Option<(String, usize, usize)>, bad: &mut String| {
        if let Some((name, n, pad)) = cur.take() {
            let n = n - pad;
            if all_vex.get(&name) == Some(&true) {
                funcs += 1;
                insns += n;
                if lines.get(&name) != Some(&n) {
                    let _ = writeln!(bad, "  {name}: {n} instructions for {:?} lines", lines.get(&name));
                }
            }
        }
    };
    for line in dis.lines() {
        if let Some(name) = line.strip_suffix(">:").and_then(|h| h.split_once('<')).map(|(_, n)| n) {
            finish(&mut cur, &mut bad);
            cur = Some((name.to_string(), 0, 0));
            continue;
        }
        let Some((name, n, pad)) = cur.as_mut() else { continue };
        let Some((_, insn)) = line.split_once(":\t") else { continue };
        *n += 1;
        let mnemonic = insn.split_whitespace().next().unwrap_or("");
        *pad = if mnemonic == "int3" { *pad + 1 } else { 0 };
        if all_vex.get(name.as_str()) == Some(&true) && matches!(mnemonic, "les" | "lds" | "bound" | "(bad)") {
            let _ = writeln!(bad, "  {name}: {insn}");
        }
    }
    finish(&mut cur, &mut bad);
    assert!(bad.is_empty(), "VEX/EVEX forms accepted on 386 that do not decode as written in 32-bit mode:\n{bad}");
    assert!(funcs > 10 && insns > 2500, "checked only {insns} VEX/EVEX instructions in {funcs} functions");
    eprintln!("386 VEX/EVEX: {insns} instructions in {funcs} functions decode one for one in 32-bit mode");
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(" ")
}

fn is_deliberate(cfg: Cfg, code: &str, msg: &str) -> bool {
    code == "E0302"
        || code == "E0303"
        || (code == "E0301" && msg.contains("Go 1.19"))
        // Go 386 takes a branch to an undefined file-local symbol (its linker would fail) and
        // `BYTE $sym(SB)` (a one-byte address, which its linker cannot relocate either)
        || (cfg.m32 && (code == "E0217" || msg.contains("BYTE $addr: a symbol address cannot be used here")))
}

// ---------------------------------------------------------------------------------------------

#[test]
fn amd64_encoder_matches_go() {
    check(AMD64);
}

/// The same generated forms in 32-bit mode against `GOARCH=386 go tool asm` (registers mapped
/// by [`to_386`]), with Go's 386 corpus (`386enc.s`, `386.s`) instead of amd64's.
#[test]
fn i386_encoder_matches_go() {
    check(I386);
}

fn check(cfg: Cfg) {
    if !oracle_available(GO) {
        return;
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut gen_line = |cands: &mut Vec<Cand>, t: String, block: usize| {
        let t = if cfg.m32 { to_386(&t) } else { t };
        // the mapping makes duplicates; amd64's list is kept as generated
        if !cfg.m32 || seen.insert(t.clone()) {
            cands.push(Cand { text: t, group: Group::Gen, block });
        }
    };
    for t in generated() {
        gen_line(&mut cands, t, 0);
    }
    for t in table_lines() {
        gen_line(&mut cands, t, 1);
    }
    for t in sweep_lines() {
        gen_line(&mut cands, t, 3);
    }
    // VEX/EVEX forms; in 32-bit mode mapped like the others (X8..X15 become X0..X7, the
    // registers 386 does not have stay: Go and p9asm must agree on them too)
    for t in avx_table_lines() {
        gen_line(&mut cands, t, 4);
    }
    // the expected encodings of corpus lines, by candidate
    let mut expected: BTreeMap<usize, Vec<Vec<u8>>> = BTreeMap::new();
    for (t, e) in corpus_lines(cfg) {
        if !e.is_empty() {
            expected.insert(cands.len(), e);
        }
        cands.push(Cand { text: t, group: Group::Corpus, block: 2 });
    }
    for (i, b) in branch_blocks(cfg).into_iter().enumerate() {
        for t in b {
            cands.push(Cand { text: t, group: Group::Branch, block: 100 + i });
        }
    }

    // 1. what p9asm rejects (parse errors hide encoder errors, so repeat until clean)
    let mut keep: Vec<usize> = (0..cands.len()).collect();
    let mut ours_rejected: BTreeMap<usize, (&'static str, String)> = BTreeMap::new();
    for _ in 0..6 {
        let l = layout(&cands, &keep);
        let o = run_ours(cfg, &l.text);
        // errors without a position come from writing the object (CFI), not from encoding
        for u in &o.unplaced {
            if !u.starts_with("E0304") {
                panic!("diagnostic without a position: {u}");
            }
        }
        if o.errors.is_empty() {
            break;
        }
        for (line, e) in o.errors {
            let Some(&k) = l.line_of.get(&line) else {
                panic!(
                    "error on line {line}, which is not an instruction: {e:?}\n{}",
                    l.text.lines().nth(line as usize - 1).unwrap_or("")
                );
            };
            ours_rejected.insert(k, e);
        }
        keep.retain(|k| !ours_rejected.contains_key(k));
    }
    for (k, (code, msg)) in &ours_rejected {
        assert_ne!(cands[*k].group, Group::Branch, "branch layout line rejected: {} ({code}: {msg})", cands[*k].text);
    }

    // 2. Go must reject them too, unless the rejection is one of p9asm's deliberate ones
    let rej: Vec<usize> = ours_rejected.keys().copied().collect();
    let go_rejects = go_rejected(cfg, &cands, &rej);
    let go_accepts_we_reject: Vec<usize> = rej.iter().copied().filter(|k| !go_rejects.contains(k)).collect();
    let mut problems = String::new();
    let mut deliberate = 0;
    let mut unfinished = 0;
    let mut corpus_parse = 0;
    let mut pinned = BTreeSet::new();
    for k in &go_accepts_we_reject {
        let (code, msg) = &ours_rejected[k];
        let c = &cands[*k];
        if is_deliberate(cfg, code, msg) {
            deliberate += 1;
        } else if *code == "E0301" && msg.contains("not implemented by p9asm") {
            // a VEX/EVEX form p9asm cannot encode yet: rejected by name, pinned
            unfinished += 1;
        } else if code.starts_with("E04")
            || (c.group == Group::Corpus && (code.starts_with("E02") || code.starts_with("E01")))
        {
            corpus_parse += 1;
        } else {
            let _ = writeln!(problems, "  {}  →  {code}: {msg}", c.text);
            continue;
        }
        // the diagnostic is the entry's reason
        pinned.insert(format!("{}\t{code}\t{msg}", c.text));
    }
    assert!(problems.is_empty(), "p9asm rejects forms Go 1.19 accepts:\n{problems}");
    // The forms Go accepts and p9asm rejects on purpose are pinned, one per line with the
    // diagnostic that says why: a new one (an
    // encoder that starts refusing a valid form) or a lost one fails the test.
    // P9ASM_BLESS=1 rewrites the list after a deliberate change.
    let pinned: String = pinned.into_iter().map(|l| l + "\n").collect();
    let pin_file = cfg.pin_file;
    if std::env::var("P9ASM_BLESS").as_deref() == Ok("1") {
        std::fs::write(pin_file, &pinned).unwrap();
    }
    let want = std::fs::read_to_string(pin_file).unwrap_or_default();
    if want != pinned {
        let (w, g): (BTreeSet<&str>, BTreeSet<&str>) = (want.lines().collect(), pinned.lines().collect());
        panic!(
            "deliberate rejections changed (P9ASM_BLESS=1 to accept):\n  newly rejected: {:?}\n  no longer rejected: {:?}",
            g.difference(&w).collect::<Vec<_>>(),
            w.difference(&g).collect::<Vec<_>>()
        );
    }

    // 3. everything p9asm accepts: Go must accept it, with identical bytes, pcs and relocations
    let l = layout(&cands, &keep);
    let go = match run_go(cfg, &l.text, "acc") {
        Ok(s) => s,
        Err(_) => {
            let mut msg = String::new();
            for k in go_rejected(cfg, &cands, &keep) {
                let _ = writeln!(msg, "  {}", cands[k].text);
            }
            panic!("p9asm accepts forms Go 1.19 rejects:\n{msg}");
        }
    };
    let o = run_ours(cfg, &l.text);
    assert!(o.errors.is_empty(), "p9asm errors on the accepted set: {:?}", o.errors);
    if cfg.m32 {
        vex_decodes_in_32bit_mode(&cands, &l, o.object.as_deref().expect("an object for the accepted set"));
    }
    let obj = object_functions(o.object.as_deref().expect("an object for the accepted set"));
    let go_funcs: BTreeMap<String, Listed> =
        parse_listing(&go).into_iter().filter(|f| f.header.contains(" STEXT ")).map(|f| (f.name.clone(), f)).collect();
    let our_funcs: BTreeMap<String, Listed> = parse_listing(&o.listing)
        .into_iter()
        .filter(|f| f.header.contains(" STEXT "))
        .map(|f| (f.name.clone(), f))
        .collect();
    assert_eq!(go_funcs.keys().collect::<Vec<_>>(), our_funcs.keys().collect::<Vec<_>>(), "functions");
    let mut compared = 0usize;
    let (mut hex_ok, mut hex_bad) = (0usize, String::new());
    let mut failures = String::new();
    let (mut text_diffs, mut texts_compared, mut text_failures) = (0usize, 0usize, String::new());
    for (name, g) in &go_funcs {
        let m = &our_funcs[name];
        // instruction line → pc, in both listings
        let pcs = |f: &Listed| -> BTreeMap<u32, u32> {
            let mut map = BTreeMap::new();
            for (pc, pos, _) in &f.progs {
                let line: u32 = pos.rsplit(':').next().unwrap().parse().unwrap();
                if l.line_of.contains_key(&line) {
                    map.entry(line).or_insert(*pc);
                }
            }
            map
        };
        let (gp, mp) = (pcs(g), pcs(m));
        let lines: Vec<u32> = gp.keys().copied().collect();
        let mut bad = None;
        for (i, line) in lines.iter().enumerate() {
            let end = |map: &BTreeMap<u32, u32>, f: &Listed| {
                lines.get(i + 1).and_then(|n| map.get(n).copied()).unwrap_or(f.bytes.len() as u32)
            };
            let (g0, g1) = (gp[line], end(&gp, g));
            let Some(&m0) = mp.get(line) else {
                bad = Some(format!("line {line} missing from p9asm's listing"));
                break;
            };
            let m1 = end(&mp, m);
            let gb = g.bytes.get(g0 as usize..g1 as usize).unwrap_or(&[]);
            let mb = m.bytes.get(m0 as usize..m1 as usize).unwrap_or(&[]);
            compared += 1;
            if let Some(e) = expected.get(&l.line_of[line]) {
                if e.iter().any(|x| x.as_slice() == mb) {
                    hex_ok += 1;
                } else {
                    let _ = writeln!(
                        hex_bad,
                        "  {}: {} (expected {:?})",
                        cands[l.line_of[line]].text,
                        hex(mb),
                        e.iter().map(|x| hex(x)).collect::<Vec<_>>()
                    );
                }
            }
            if g0 != m0 || gb != mb {
                bad = Some(format!(
                    "{}\n    Go:     pc {g0:#x}: {}\n    p9asm:  pc {m0:#x}: {}",
                    cands[l.line_of[line]].text,
                    hex(gb),
                    hex(mb)
                ));
                break;
            }
        }
        if bad.is_none() && g.bytes != m.bytes {
            bad = Some("function bytes differ".into());
        }
        // the listing's text, line by line: every instruction Go prints for a source line
        let texts = |f: &Listed| -> BTreeMap<u32, Vec<String>> {
            let mut map: BTreeMap<u32, Vec<String>> = BTreeMap::new();
            for (_, pos, text) in &f.progs {
                let line: u32 = pos.rsplit(':').next().unwrap().parse().unwrap();
                if l.line_of.contains_key(&line) {
                    map.entry(line).or_default().push(text.replace("\"\".", "main."));
                }
            }
            map
        };
        let (gt, mt) = (texts(g), texts(m));
        for (line, gtext) in &gt {
            if mt.get(line) != Some(gtext) {
                text_diffs += 1;
                if text_diffs <= 40 {
                    let _ = writeln!(text_failures, "  {gtext:?}\n    p9asm: {:?}", mt.get(line));
                }
            } else {
                texts_compared += 1;
            }
        }
        let norm = |r: &String| r.replace("\"\".", "main.");
        if bad.is_none() && g.rels.iter().map(norm).collect::<Vec<_>>() != m.rels.iter().map(norm).collect::<Vec<_>>() {
            bad = Some(format!("relocations differ:\n    Go:    {:?}\n    p9asm: {:?}", g.rels, m.rels));
        }
        if bad.is_none() {
            bad = object_differs(cfg, obj.get(&name.replace("\"\".", "main.")), g).err();
        }
        if let Some(b) = bad {
            let _ = writeln!(failures, "{name}: {b}");
        }
    }
    assert!(failures.is_empty(), "encodings differ from Go 1.19:\n{failures}");
    // every corpus line p9asm accepts gives the bytes its hex comment says
    assert!(hex_bad.is_empty(), "corpus lines whose bytes are not their expected hex:\n{hex_bad}");
    let with_hex = expected.len();
    let rejected_with_hex = expected.keys().filter(|k| ours_rejected.contains_key(k)).count();
    // 386enc.s has a few dozen expected-hex lines; amd64's corpora over 25,000
    let min_hex = if cfg.m32 { 20 } else { 18000 };
    assert!(hex_ok > min_hex, "checked only {hex_ok} expected-hex lines");
    assert!(text_diffs == 0, "{text_diffs} lines whose listing text differs from Go 1.19 (first 40):\n{text_failures}");
    assert!(texts_compared > 5000, "compared the text of only {texts_compared} lines");
    eprintln!(
        "x86 differential ({}): {compared} instructions identical to Go; {} rejected by both; {deliberate} deliberate rejections; {unfinished} not implemented; {corpus_parse} corpus/frame rejections; expected-hex corpus lines: {hex_ok} of {with_hex} give exactly those bytes, {rejected_with_hex} rejected",
        cfg.goarch,
        rej.len() - go_accepts_we_reject.len()
    );
    assert!(compared > 5000, "compared only {compared} instructions");
}

/// amd64p32 has no Go 1.19 oracle: its encodings are amd64's. Every generated form, table line,
/// sweep line, Go corpus line and branch layout is assembled for amd64 and for amd64p32 in
/// NOSPLIT|NOFRAME functions (no prologue: the frame is the one place they differ): the same
/// lines are rejected, and the accepted ones give the same bytes, pcs and relocations (ELF32
/// x86-64 takes the same RELA types; only the class differs).
#[test]
fn amd64p32_encoder_matches_amd64() {
    let mut cands: Vec<Cand> = Vec::new();
    for t in generated().into_iter().chain(table_lines()).chain(sweep_lines()).chain(avx_table_lines()) {
        cands.push(Cand { text: t, group: Group::Gen, block: 0 });
    }
    for (t, _) in corpus_lines(AMD64) {
        cands.push(Cand { text: t, group: Group::Corpus, block: 2 });
    }
    for (i, b) in branch_blocks(AMD64).into_iter().enumerate() {
        for t in b {
            cands.push(Cand { text: t, group: Group::Branch, block: 100 + i });
        }
    }
    let p32 = Cfg { goarch: "amd64p32", arch: GoArch::Amd64p32, ..AMD64 };
    let mut keep: Vec<usize> = (0..cands.len()).collect();
    let mut rejected = 0;
    for _ in 0..6 {
        let l = layout(&cands, &keep);
        let (a, b) = (run_ours(AMD64, &l.text), run_ours(p32, &l.text));
        let ea: BTreeMap<u32, &str> = a.errors.iter().map(|(l, e)| (*l, e.0)).collect();
        let eb: BTreeMap<u32, &str> = b.errors.iter().map(|(l, e)| (*l, e.0)).collect();
        assert_eq!(ea, eb, "amd64 and amd64p32 reject different lines (or with different codes)");
        if ea.is_empty() {
            break;
        }
        rejected += ea.len();
        let gone: BTreeSet<usize> = ea.keys().filter_map(|line| l.line_of.get(line).copied()).collect();
        assert_eq!(gone.len(), ea.len(), "an error outside the instruction lines");
        keep.retain(|k| !gone.contains(k));
    }
    let l = layout(&cands, &keep);
    let (a, b) = (run_ours(AMD64, &l.text), run_ours(p32, &l.text));
    assert!(a.errors.is_empty() && b.errors.is_empty());
    let (oa, ob) = (a.object.expect("amd64 object"), b.object.expect("amd64p32 object"));
    {
        use object::Object;
        let f = object::File::parse(&*ob).unwrap();
        assert!(!f.is_64() && f.architecture() == object::Architecture::X86_64_X32, "ELF32 x86-64");
    }
    let (fa, fb) = (object_functions(&oa), object_functions(&ob));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    let mut bytes = 0;
    for (name, x) in &fa {
        let y = &fb[name];
        assert!(
            x.bytes == y.bytes,
            "{name}: bytes differ:\n  amd64:    {}\n  amd64p32: {}",
            hex(&x.bytes),
            hex(&y.bytes)
        );
        assert_eq!(x.relocs, y.relocs, "{name}: relocations");
        bytes += x.bytes.len();
    }
    // the listings agree line for line (pcs and instruction text)
    let (la, lb) = (parse_listing(&a.listing), parse_listing(&b.listing));
    let mut lines = 0;
    for (x, y) in la.iter().zip(&lb) {
        assert_eq!(x.progs, y.progs, "{}: listing", x.name);
        lines += x.progs.len();
    }
    eprintln!(
        "amd64p32 against amd64: {lines} listed lines, {bytes} bytes identical; {rejected} lines rejected by both"
    );
    assert!(lines > 20000 && rejected > 1000, "{lines} lines, {rejected} rejected");
}
