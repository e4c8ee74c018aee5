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
use p9asm::arch::x86::optab::{self, Y};
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const INCLUDE: &str = "/usr/lib/go-1.19/pkg/include";
const PER_FUNC: usize = 200;

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

/// Legacy-encoding lines of Go's own encoder tests.
fn corpus_lines() -> Vec<String> {
    let mut v = Vec::new();
    for f in ["amd64enc.s", "amd64enc_extra.s"] {
        let Some(text) = go_source(&format!("{GO_TESTDATA}/{f}")) else { continue };
        for line in text.lines() {
            let Some(l) = line.strip_prefix('\t') else { continue };
            let l = l.split("//").next().unwrap_or("").trim();
            let mn = l.split_whitespace().next().unwrap_or("");
            if mn.is_empty() || l.contains('{') || mn.contains('.') || mn.ends_with(':') {
                continue;
            }
            if !optab::OPTAB.iter().any(|r| r.name == mn) {
                continue;
            }
            if mn.starts_with('J') || mn.starts_with("LOOP") || matches!(mn, "CALL" | "XBEGIN" | "RET") {
                continue;
            }
            v.push(l.to_string());
        }
    }
    v
}

/// Functions whose layout exercises Go's span loop; every line must be accepted by both.
fn branch_blocks() -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let pad = |n: usize| -> Vec<String> {
        // n bytes of padding from 7-, 3- and 1-byte instructions
        let mut v = Vec::new();
        let mut left = n;
        while left >= 7 {
            v.push("MOVQ $0x11223344, R9".to_string());
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
        for j in ["LOOP", "LOOPEQ", "LOOPNE", "JCXZQ"] {
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

fn run_go(text: &str, tag: &str) -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("p9asm-x86diff-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("gen.s");
    std::fs::write(&src, text).unwrap();
    let obj = dir.join("gen.o");
    let out = Command::new(GO)
        .current_dir(&dir)
        .env("GOOS", "linux")
        .env("GOARCH", "amd64")
        .env("GOAMD64", "v1")
        .env("GOCACHE", std::env::temp_dir().join("p9asm-gocache"))
        .args(["tool", "asm", "-e", "-p", "main", "-I", INCLUDE, "-D", "GOOS_linux", "-D", "GOARCH_amd64", "-S", "-o"])
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
fn go_rejected(cands: &[Cand], idxs: &[usize]) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut work: Vec<Vec<usize>> = vec![idxs.to_vec()];
    while let Some(set) = work.pop() {
        if set.is_empty() {
            continue;
        }
        let l = layout(cands, &set);
        let Err(stderr) = run_go(&l.text, "rej") else { continue };
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

fn run_ours(text: &str) -> Ours {
    let mut opts = AsmOptions::new(GoArch::Amd64);
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
    let data = text.data().unwrap();
    let mut relocs: Vec<(u64, u32, String, i64)> = text
        .relocations()
        .map(|(off, r)| {
            let RelocationFlags::Elf { r_type } = r.flags() else { panic!("not ELF") };
            let RelocationTarget::Symbol(i) = r.target() else { panic!("relocation target") };
            let name = file.symbol_by_index(i).unwrap().name().unwrap().to_string();
            (off, r_type.0, name, r.addend())
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
fn object_differs(mine: Option<&ObjFunc>, go: &Listed) -> Result<(), String> {
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
        let (ty, add, sym) = match (t, size) {
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

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(" ")
}

fn is_deliberate(code: &str, msg: &str) -> bool {
    code == "E0302" || code == "E0303" || (code == "E0301" && msg.contains("Go 1.19"))
}

// ---------------------------------------------------------------------------------------------

#[test]
fn amd64_encoder_matches_go() {
    if !oracle_available(GO) {
        return;
    }
    let mut cands: Vec<Cand> = Vec::new();
    for t in generated() {
        cands.push(Cand { text: t, group: Group::Gen, block: 0 });
    }
    for t in table_lines() {
        cands.push(Cand { text: t, group: Group::Gen, block: 1 });
    }
    for t in sweep_lines() {
        cands.push(Cand { text: t, group: Group::Gen, block: 3 });
    }
    for t in corpus_lines() {
        cands.push(Cand { text: t, group: Group::Corpus, block: 2 });
    }
    for (i, b) in branch_blocks().into_iter().enumerate() {
        for t in b {
            cands.push(Cand { text: t, group: Group::Branch, block: 100 + i });
        }
    }

    // 1. what p9asm rejects (parse errors hide encoder errors, so repeat until clean)
    let mut keep: Vec<usize> = (0..cands.len()).collect();
    let mut ours_rejected: BTreeMap<usize, (&'static str, String)> = BTreeMap::new();
    for _ in 0..6 {
        let l = layout(&cands, &keep);
        let o = run_ours(&l.text);
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
    let go_rejects = go_rejected(&cands, &rej);
    let go_accepts_we_reject: Vec<usize> = rej.iter().copied().filter(|k| !go_rejects.contains(k)).collect();
    let mut problems = String::new();
    let mut deliberate = 0;
    let mut corpus_parse = 0;
    let mut pinned = BTreeSet::new();
    for k in &go_accepts_we_reject {
        let (code, msg) = &ours_rejected[k];
        let c = &cands[*k];
        if is_deliberate(code, msg) {
            deliberate += 1;
        } else if code.starts_with("E04")
            || (c.group == Group::Corpus && (code.starts_with("E02") || code.starts_with("E01")))
        {
            corpus_parse += 1;
        } else {
            let _ = writeln!(problems, "  {}  →  {code}: {msg}", c.text);
            continue;
        }
        pinned.insert(format!("{}\t{code}", c.text));
    }
    assert!(problems.is_empty(), "p9asm rejects forms Go 1.19 accepts:\n{problems}");
    // The forms Go accepts and p9asm rejects on purpose are pinned, one per line: a new one (an
    // encoder that starts refusing a valid form) or a lost one fails the test.
    // P9ASM_BLESS=1 rewrites the list after a deliberate change.
    let pinned: String = pinned.into_iter().map(|l| l + "\n").collect();
    let pin_file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/x86_deliberate_rejections.txt");
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
    let go = match run_go(&l.text, "acc") {
        Ok(s) => s,
        Err(_) => {
            let mut msg = String::new();
            for k in go_rejected(&cands, &keep) {
                let _ = writeln!(msg, "  {}", cands[k].text);
            }
            panic!("p9asm accepts forms Go 1.19 rejects:\n{msg}");
        }
    };
    let o = run_ours(&l.text);
    assert!(o.errors.is_empty(), "p9asm errors on the accepted set: {:?}", o.errors);
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
            bad = object_differs(obj.get(&name.replace("\"\".", "main.")), g).err();
        }
        if let Some(b) = bad {
            let _ = writeln!(failures, "{name}: {b}");
        }
    }
    assert!(failures.is_empty(), "encodings differ from Go 1.19:\n{failures}");
    assert!(text_diffs == 0, "{text_diffs} lines whose listing text differs from Go 1.19 (first 40):\n{text_failures}");
    assert!(texts_compared > 5000, "compared the text of only {texts_compared} lines");
    eprintln!(
        "x86 differential: {compared} instructions identical to Go; {} rejected by both; {deliberate} deliberate rejections; {corpus_parse} corpus/frame rejections",
        rej.len() - go_accepts_we_reject.len()
    );
    assert!(compared > 5000, "compared only {compared} instructions");
}
