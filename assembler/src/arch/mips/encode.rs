//! The mips64 encoder: Go's asm0.go, ported on Go's own view of an instruction.
//!
//! p9asm keeps operands as a list in source order; Go's back end reads `From`, `Reg` and `To`.
//! [`adapt`] builds that view from a Prog exactly as cmd/asm/internal/asm/asm.go
//! (`asmInstruction`, `asmJump`) does for mips64, so that `aclass`, `oplook` and `asmout` below
//! are asm0.go line by line. The layout is Go's `span0`: every size comes from the table, and a
//! conditional branch too far for its 16-bit field is turned into a branch around two `JMP`s
//! (each with its delay-slot `NOOP`), run through the shared layout driver. One encoder serves
//! both byte orders: the words are written in the GOARCH's order, nothing else differs.

// The port keeps Go's forms (`x<<3 | y<<0`, Go's if-chains), so that it reads against asm0.go
// line by line.
#![allow(
    clippy::collapsible_if,
    clippy::collapsible_else_if,
    clippy::needless_return,
    clippy::too_many_arguments,
    clippy::identity_op,
    clippy::manual_range_contains,
    clippy::needless_range_loop
)]

use std::sync::OnceLock;

use p9asm_macros::Diag;

use super::anames::*;
use super::aout::*;
use super::optab::{NOTUSETMP, OPTAB, Optab};
use super::{ops, reloc};
use crate::arch::{Code, Ctx};
use crate::emit::fixup::{Fixup, FixupKind};
use crate::prog::{Addr, Func, Mem, Name, Op, Operand, Prog, mark};
use crate::sym::SymId;

// ---- Go's obj.Addr and obj.Prog ----

pub use crate::arch::go_obj::*;

/// Go's `FixedFrameSize` on mips64: the saved LR at 0(R29).
pub const FIXED_FRAME: i64 = 8;
/// Go's `mips64FuncAlign`.
const FUNC_ALIGN: usize = 8;

/// Go's `obj.Addr` (the fields mips uses).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct A {
    pub typ: u8,
    pub name: u8,
    pub reg: i64,
    pub offset: i64,
    pub sym: Option<SymId>,
    /// TYPE_BRANCH: the target's index in the span list (`usize::MAX`: none).
    pub target: usize,
}

impl A {
    pub fn none() -> A {
        A { target: usize::MAX, ..A::default() }
    }
    fn reg(r: i64) -> A {
        A { typ: TYPE_REG, reg: r, ..A::none() }
    }
    fn branch(t: usize) -> A {
        A { typ: TYPE_BRANCH, target: t, ..A::none() }
    }
}

/// Go's `obj.Prog` for one instruction of the span list.
#[derive(Clone, Debug, Default)]
pub struct P {
    pub as_: Op,
    pub from: A,
    pub reg: i64,
    pub to: A,
    pub pc: i64,
    /// The Prog of the function it comes from; `None` for what the layout adds.
    pub orig: Option<usize>,
}

impl P {
    fn new(as_: Op) -> P {
        P { as_, from: A::none(), to: A::none(), ..P::default() }
    }
}

fn addr(a: &Addr) -> Result<A, String> {
    let mem = |m: &Mem, typ: u8| -> A {
        A {
            typ,
            name: match m.name {
                Name::None => NAME_NONE,
                Name::Extern => NAME_EXTERN,
                Name::Static => NAME_STATIC,
                Name::Auto => NAME_AUTO,
                Name::Param => NAME_PARAM,
            },
            // Go's aclass drops the base of a pseudo-SP/FP reference (it is relative to the frame)
            reg: if matches!(m.name, Name::Auto | Name::Param) { 0 } else { m.base.0 as i64 },
            offset: m.offset,
            sym: m.sym,
            ..A::none()
        }
    };
    Ok(match a {
        Addr::None => A::none(),
        Addr::Reg(r) => A::reg(r.0 as i64),
        Addr::Imm(v) => A { typ: TYPE_CONST, offset: *v, ..A::none() },
        Addr::Float(_) => A { typ: TYPE_FCONST, ..A::none() },
        Addr::Mem(m) if m.index != crate::prog::Reg::NONE => {
            return Err("mips64 has no indexed addressing: use (Rn) with an offset".into());
        }
        Addr::Mem(m) => mem(m, TYPE_MEM),
        Addr::AddrOf(m) => mem(m, TYPE_ADDR),
        Addr::Branch(t) => A::branch(*t as usize),
        Addr::TextSize { frame, .. } => A { typ: TYPE_TEXTSIZE, offset: *frame, ..A::none() },
        _ => return Err("this operand does not exist on mips64".into()),
    })
}

/// Go's `getRegister`: the middle operand that goes to `Prog.Reg` must be a register.
fn get_register(p: &Prog, k: usize) -> Result<i64, (usize, String)> {
    match p.arg(k) {
        Addr::Reg(r) => Ok(r.0 as i64),
        _ => Err((k, format!("{}: expected register; found a different operand", ops::name(p.op)))),
    }
}

/// asm.go's `asmInstruction`/`asmJump` for mips64, then progedit's branch rewrite: Go's
/// operand fields from p9asm's list.
fn adapt(p: &Prog) -> Result<P, (usize, String)> {
    let mut g = P::new(p.op);
    let a: Vec<A> =
        p.args.iter().enumerate().map(|(k, o)| addr(&o.addr).map_err(|e| (k, e))).collect::<Result<_, _>>()?;
    let n = a.len();
    let jump = matches!(p.op, Op::JMP | Op::CALL) || ops::is_jump(p.op);
    if jump {
        let target = match n {
            1 => 0,
            2 => {
                g.from = a[0];
                1
            }
            3 => {
                g.from = a[0];
                g.reg = get_register(p, 1)?;
                2
            }
            _ => return Err((0, format!("wrong number of arguments to {} instruction", ops::name(p.op)))),
        };
        let t = a[target];
        match t.typ {
            TYPE_BRANCH | TYPE_REG | TYPE_CONST | TYPE_NONE => g.to = t,
            TYPE_MEM if matches!(t.name, NAME_EXTERN | NAME_STATIC | NAME_NONE) => g.to = t,
            _ => return Err((target, "cannot assemble jump to this operand".into())),
        }
    } else {
        match n {
            0 => {}
            1 => {
                if p.op == Op::RET {
                    g.to = a[0];
                } else {
                    g.from = a[0];
                }
            }
            2 if ops::is_cmp(p.op) || ops::is_mul(p.op) => {
                g.from = a[0];
                g.reg = get_register(p, 1)?;
            }
            2 => {
                g.from = a[0];
                g.to = a[1];
            }
            3 => {
                g.from = a[0];
                g.reg = get_register(p, 1)?;
                g.to = a[2];
            }
            _ => return Err((0, format!("can't handle {} instruction with {n} operands", ops::name(p.op)))),
        }
    }
    // progedit: JMP/JAL/RET to a symbol is a branch
    if matches!(p.op, Op::JMP | Op::CALL | Op::RET) && g.to.sym.is_some() {
        g.to.typ = TYPE_BRANCH;
    }
    Ok(g)
}

// ---- opcodes (Go's OP, SP, ... and oprrr/opirr) ----

#[allow(non_snake_case)]
pub const fn OP(x: u32, y: u32) -> u32 {
    x << 3 | y << 0
}
#[allow(non_snake_case)]
pub const fn SP(x: u32, y: u32) -> u32 {
    x << 29 | y << 26
}
#[allow(non_snake_case)]
const fn BCOND(x: u32, y: u32) -> u32 {
    x << 19 | y << 16
}
#[allow(non_snake_case)]
const fn MMU(x: u32, y: u32) -> u32 {
    SP(2, 0) | 16 << 21 | x << 3 | y << 0
}
#[allow(non_snake_case)]
const fn FPF(x: u32, y: u32) -> u32 {
    SP(2, 1) | 16 << 21 | x << 3 | y << 0
}
#[allow(non_snake_case)]
const fn FPD(x: u32, y: u32) -> u32 {
    SP(2, 1) | 17 << 21 | x << 3 | y << 0
}
#[allow(non_snake_case)]
const fn FPW(x: u32, y: u32) -> u32 {
    SP(2, 1) | 20 << 21 | x << 3 | y << 0
}
#[allow(non_snake_case)]
const fn FPV(x: u32, y: u32) -> u32 {
    SP(2, 1) | 21 << 21 | x << 3 | y << 0
}
#[allow(non_snake_case)]
pub fn OP_RRR(op: u32, r1: i64, r2: i64, r3: i64) -> u32 {
    op | ((r1 as u32) & 31) << 16 | ((r2 as u32) & 31) << 21 | ((r3 as u32) & 31) << 11
}
#[allow(non_snake_case)]
pub fn OP_IRR(op: u32, i: u32, r2: i64, r3: i64) -> u32 {
    op | i & 0xFFFF | ((r2 as u32) & 31) << 21 | ((r3 as u32) & 31) << 16
}
#[allow(non_snake_case)]
fn OP_SRR(op: u32, s: u32, r2: i64, r3: i64) -> u32 {
    op | (s & 31) << 6 | ((r2 as u32) & 31) << 16 | ((r3 as u32) & 31) << 11
}
#[allow(non_snake_case)]
fn OP_FRRR(op: u32, r1: i64, r2: i64, r3: i64) -> u32 {
    op | ((r1 as u32) & 31) << 16 | ((r2 as u32) & 31) << 11 | ((r3 as u32) & 31) << 6
}
#[allow(non_snake_case)]
fn OP_JMP(op: u32, i: u32) -> u32 {
    op | i & 0x3FFFFFF
}
#[allow(non_snake_case)]
fn OP_VI10(op: u32, df: u32, s10: i32, wd: i64, minor: u32) -> u32 {
    0x1e << 26 | (op & 7) << 23 | (df & 3) << 21 | ((s10 & 0x3FF) as u32) << 11 | ((wd as u32) & 31) << 6 | minor & 0x3F
}
#[allow(non_snake_case)]
fn OP_VMI10(s10: i32, rs: i64, wd: i64, minor: u32, df: u32) -> u32 {
    0x1e << 26
        | ((s10 & 0x3FF) as u32) << 16
        | ((rs as u32) & 31) << 11
        | ((wd as u32) & 31) << 6
        | (minor & 15) << 2
        | df & 3
}

/// Go's `oprrr`.
fn oprrr(a: Op) -> Option<u32> {
    Some(match a {
        ADD => OP(4, 0),
        ADDU => OP(4, 1),
        SGT => OP(5, 2),
        SGTU => OP(5, 3),
        AND => OP(4, 4),
        OR => OP(4, 5),
        XOR => OP(4, 6),
        SUB => OP(4, 2),
        SUBU | NEGW => OP(4, 3),
        NOR => OP(4, 7),
        SLL => OP(0, 4),
        SRL => OP(0, 6),
        SRA => OP(0, 7),
        ROTR => OP(8, 6),
        SLLV => OP(2, 4),
        SRLV => OP(2, 6),
        SRAV => OP(2, 7),
        ROTRV => OP(10, 6),
        ADDV => OP(5, 4),
        ADDVU => OP(5, 5),
        SUBV => OP(5, 6),
        SUBVU | NEGV => OP(5, 7),
        REM | DIV => OP(3, 2),
        REMU | DIVU => OP(3, 3),
        MUL => OP(3, 0),
        MULU => OP(3, 1),
        REMV | DIVV => OP(3, 6),
        REMVU | DIVVU => OP(3, 7),
        MULV => OP(3, 4),
        MULVU => OP(3, 5),
        Op::JMP => OP(1, 0),
        Op::CALL => OP(1, 1),
        BREAK => OP(1, 5),
        SYSCALL => OP(1, 4),
        TLBP => MMU(1, 0),
        TLBR => MMU(0, 1),
        TLBWI => MMU(0, 2),
        TLBWR => MMU(0, 6),
        RFE => MMU(2, 0),
        DIVF => FPF(0, 3),
        DIVD => FPD(0, 3),
        MULF => FPF(0, 2),
        MULD => FPD(0, 2),
        SUBF => FPF(0, 1),
        SUBD => FPD(0, 1),
        ADDF => FPF(0, 0),
        ADDD => FPD(0, 0),
        TRUNCFV => FPF(1, 1),
        TRUNCDV => FPD(1, 1),
        TRUNCFW => FPF(1, 5),
        TRUNCDW => FPD(1, 5),
        MOVFV => FPF(4, 5),
        MOVDV => FPD(4, 5),
        MOVVF => FPV(4, 0),
        MOVVD => FPV(4, 1),
        MOVFW => FPF(4, 4),
        MOVDW => FPD(4, 4),
        MOVWF => FPW(4, 0),
        MOVDF => FPD(4, 0),
        MOVWD => FPW(4, 1),
        MOVFD => FPF(4, 1),
        ABSF => FPF(0, 5),
        ABSD => FPD(0, 5),
        MOVF => FPF(0, 6),
        MOVD => FPD(0, 6),
        NEGF => FPF(0, 7),
        NEGD => FPD(0, 7),
        CMPEQF => FPF(6, 2),
        CMPEQD => FPD(6, 2),
        CMPGTF => FPF(7, 4),
        CMPGTD => FPD(7, 4),
        CMPGEF => FPF(7, 6),
        CMPGED => FPD(7, 6),
        SQRTF => FPF(0, 4),
        SQRTD => FPD(0, 4),
        SYNC => OP(1, 7),
        NOOP => 0,
        CMOVN => OP(1, 3),
        CMOVZ => OP(1, 2),
        CMOVT => OP(0, 1) | (1 << 16),
        CMOVF => OP(0, 1) | (0 << 16),
        CLO => SP(3, 4) | OP(4, 1),
        CLZ => SP(3, 4) | OP(4, 0),
        MADD => SP(3, 4) | OP(0, 0),
        MSUB => SP(3, 4) | OP(0, 4),
        _ => return None,
    })
}

/// Go's `opirr`; `neg` is Go's `-a` (the load form of a store, the other shift of a pair).
fn opirr(a: Op, neg: bool) -> Option<u32> {
    Some(match (a, neg) {
        (ADD, false) => SP(1, 0),
        (ADDU, false) => SP(1, 1),
        (SGT, false) => SP(1, 2),
        (SGTU, false) => SP(1, 3),
        (AND, false) => SP(1, 4),
        (OR, false) => SP(1, 5),
        (XOR, false) => SP(1, 6),
        (LUI, false) => SP(1, 7),
        (SLL, false) => OP(0, 0),
        (SRL, false) => OP(0, 2),
        (SRA, false) => OP(0, 3),
        (ROTR, false) => OP(0, 2) | 1 << 21,
        (ADDV, false) => SP(3, 0),
        (ADDVU, false) => SP(3, 1),
        (Op::JMP, false) => SP(0, 2),
        (Op::CALL, false) => SP(0, 3),
        (BEQ, false) => SP(0, 4),
        (BEQ, true) => SP(2, 4),
        (BNE, false) => SP(0, 5),
        (BNE, true) => SP(2, 5),
        (BGEZ, false) => SP(0, 1) | BCOND(0, 1),
        (BGEZ, true) => SP(0, 1) | BCOND(0, 3),
        (BGEZAL, false) => SP(0, 1) | BCOND(2, 1),
        (BGEZAL, true) => SP(0, 1) | BCOND(2, 3),
        (BGTZ, false) => SP(0, 7),
        (BGTZ, true) => SP(2, 7),
        (BLEZ, false) => SP(0, 6),
        (BLEZ, true) => SP(2, 6),
        (BLTZ, false) => SP(0, 1) | BCOND(0, 0),
        (BLTZ, true) => SP(0, 1) | BCOND(0, 2),
        (BLTZAL, false) => SP(0, 1) | BCOND(2, 0),
        (BLTZAL, true) => SP(0, 1) | BCOND(2, 2),
        (BFPT, false) => SP(2, 1) | (257 << 16),
        (BFPT, true) => SP(2, 1) | (259 << 16),
        (BFPF, false) => SP(2, 1) | (256 << 16),
        (BFPF, true) => SP(2, 1) | (258 << 16),
        (MOVB | MOVBU, false) => SP(5, 0),
        (MOVH | MOVHU, false) => SP(5, 1),
        (MOVW | MOVWU, false) => SP(5, 3),
        (MOVV, false) => SP(7, 7),
        (MOVF, false) => SP(7, 1),
        (MOVD, false) => SP(7, 5),
        (MOVWL, false) => SP(5, 2),
        (MOVWR, false) => SP(5, 6),
        (MOVVL, false) => SP(5, 4),
        (MOVVR, false) => SP(5, 5),
        (BREAK, false) => SP(5, 7),
        (MOVWL, true) => SP(4, 2),
        (MOVWR, true) => SP(4, 6),
        (MOVVL, true) => SP(3, 2),
        (MOVVR, true) => SP(3, 3),
        (MOVB, true) => SP(4, 0),
        (MOVBU, true) => SP(4, 4),
        (MOVH, true) => SP(4, 1),
        (MOVHU, true) => SP(4, 5),
        (MOVW, true) => SP(4, 3),
        (MOVWU, true) => SP(4, 7),
        (MOVV, true) => SP(6, 7),
        (MOVF, true) => SP(6, 1),
        (MOVD, true) => SP(6, 5),
        (SLLV, false) => OP(7, 0),
        (SRLV, false) => OP(7, 2),
        (SRAV, false) => OP(7, 3),
        (ROTRV, false) => OP(7, 2) | 1 << 21,
        (SLLV, true) => OP(7, 4),
        (SRLV, true) => OP(7, 6),
        (SRAV, true) => OP(7, 7),
        (ROTRV, true) => OP(7, 6) | 1 << 21,
        (TEQ, false) => OP(6, 4),
        (TNE, false) => OP(6, 6),
        (LL, true) => SP(6, 0),
        (LLV, true) => SP(6, 4),
        (SC, false) => SP(7, 0),
        (SCV, false) => SP(7, 4),
        _ => return None,
    })
}

fn vshift(a: Op) -> bool {
    matches!(a, SLLV | SRLV | SRAV | ROTRV)
}

/// MSA two-bit data format field (Go's `twobitdf`).
fn twobitdf(a: Op) -> u32 {
    match a {
        VMOVB => 0,
        VMOVH => 1,
        VMOVW => 2,
        _ => 3,
    }
}

// ---- operand classes ----

fn isint32(v: i64) -> bool {
    v as i32 as i64 == v
}
fn isuint32(v: u64) -> bool {
    v as u32 as u64 == v
}

/// Go's `cmp`: whether class `b` is accepted where the table says `a`.
fn cmp(a: i64, b: i64) -> bool {
    if a == b {
        return true;
    }
    match a {
        C_LCON => b == C_ZCON || b == C_SCON || b == C_UCON || b == C_ADDCON || b == C_ANDCON,
        C_ADD0CON => b == C_ADDCON || b == C_ZCON || b == C_SCON,
        C_ADDCON => b == C_ZCON || b == C_SCON,
        C_AND0CON => b == C_ANDCON || b == C_ZCON || b == C_SCON,
        C_ANDCON => b == C_ZCON || b == C_SCON,
        C_UCON => b == C_ZCON,
        C_SCON => b == C_ZCON,
        C_LACON => b == C_SACON,
        C_LBRA => b == C_SBRA,
        C_LEXT => b == C_SEXT,
        C_LAUTO => b == C_SAUTO,
        // r0iszero
        C_REG => b == C_ZCON,
        C_LOREG => b == C_ZOREG || b == C_SOREG,
        C_SOREG => b == C_ZOREG,
        _ => false,
    }
}

pub struct Tables {
    pub sorted: Vec<Optab>,
    /// By `Op.0`: the rows of that opcode in `sorted`.
    pub range: Vec<(usize, usize)>,
    pub xcmp: Vec<[bool; C_NCLASS as usize]>,
}

/// Go's `opset` aliases of `buildop`: the opcodes that share a row set.
fn aliases(r: Op, set: &mut dyn FnMut(Op)) {
    let list: &[Op] = match r {
        ABSF => &[MOVFD, MOVDF, MOVWF, MOVFW, MOVWD, MOVDW, NEGF, NEGD, ABSD, TRUNCDW, TRUNCFW, SQRTF, SQRTD],
        MOVVF => &[MOVVD, MOVFV, MOVDV, TRUNCDV, TRUNCFV],
        ADD => &[SGT, SGTU, ADDU],
        ADDV => &[ADDVU],
        ADDF => &[DIVF, DIVD, MULF, MULD, SUBF, SUBD, ADDD],
        AND => &[OR, XOR],
        BEQ => &[BNE],
        BLEZ => &[BGEZ, BGEZAL, BLTZ, BLTZAL, BGTZ],
        MOVB => &[MOVH],
        MOVBU => &[MOVHU],
        MUL => &[REM, REMU, DIVU, MULU, DIV, MADD, MSUB],
        MULV => &[DIVV, DIVVU, MULVU, REMV, REMVU],
        SLL => &[SRL, SRA, ROTR],
        SLLV => &[SRAV, SRLV, ROTRV],
        SUB => &[SUBU, NOR],
        SUBV => &[SUBVU],
        SYSCALL => &[SYNC, NOOP, TLBP, TLBR, TLBWI, TLBWR],
        CMPEQF => &[CMPGTF, CMPGTD, CMPGEF, CMPGED, CMPEQD],
        BFPT => &[BFPF],
        MOVWL => &[MOVWR],
        MOVVL => &[MOVVR],
        VMOVB => &[VMOVH, VMOVW, VMOVD],
        CMOVN => &[CMOVZ],
        CMOVT => &[CMOVF],
        CLO => &[CLZ],
        TEQ => &[TNE],
        _ => &[],
    };
    for &a in list {
        set(a);
    }
}

pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let n = C_NCLASS as usize;
        let mut xcmp = vec![[false; C_NCLASS as usize]; n];
        for (i, row) in xcmp.iter_mut().enumerate() {
            for (k, v) in row.iter_mut().enumerate() {
                *v = cmp(k as i64, i as i64);
            }
        }
        // Go's ocmp order (its sort is not stable; rows with equal keys are identical)
        let mut sorted: Vec<Optab> = OPTAB.to_vec();
        sorted.sort_by_key(|o| (o.as_, o.a1, o.a2, o.a3));
        let nops = Op::FIRST_ARCH as usize + super::anames::NAMES.len();
        let mut range = vec![(0usize, 0usize); nops];
        let mut i = 0;
        while i < sorted.len() {
            let r = sorted[i].as_;
            let start = i;
            while i < sorted.len() && sorted[i].as_ == r {
                i += 1;
            }
            range[r.0 as usize] = (start, i);
            aliases(r, &mut |a| range[a.0 as usize] = (start, i));
        }
        Tables { sorted, range, xcmp }
    })
}

/// Go's `DRconv`.
fn drconv(c: i64) -> &'static str {
    CNAMES.get(c as usize).copied().unwrap_or("C_??")
}

/// An error found while encoding, for the span-list index it is about.
struct Err0 {
    at: usize,
    code: &'static str,
    msg: String,
}

/// Go's `ctxt0`: the state of assembling one function.
pub struct C0<'a> {
    syms: &'a crate::sym::Symbols,
    func_sym: SymId,
    pub progs: Vec<P>,
    autosize: i64,
    instoffset: i64,
    pc: i64,
    cur: usize,
    errs: Vec<Err0>,
    pub fixups: Vec<Fixup>,
}

impl C0<'_> {
    fn diag_code(&mut self, code: &'static str, msg: impl Into<String>) {
        let at = self.cur;
        if !self.errs.iter().any(|e| e.at == at) {
            self.errs.push(Err0 { at, code, msg: msg.into() });
        }
    }
    fn diag(&mut self, msg: impl Into<String>) {
        self.diag_code("E0301", msg);
    }

    fn sym_is_tls(&self, s: SymId) -> bool {
        // Go asks the symbol's type (STLSBSS, from GLOBL's TLSBSS flag); functions are encoded
        // before a later GLOBL is seen, so the runtime's TLS slot is known by name
        // (runtime·tls_g, runtime/tls_mips64x.s)
        let n = self.syms.name(s);
        matches!(n, "runtime.tlsg" | "runtime.tls_g") || n.ends_with("·tlsg") || n.ends_with("·tls_g")
    }

    /// Go's `aclass`.
    fn aclass(&mut self, a: &A) -> i64 {
        const BIG_: i64 = BIG;
        match a.typ {
            TYPE_NONE => C_NONE,
            TYPE_REG => {
                let r = a.reg;
                if (REG_R0..=REG_R31).contains(&r) {
                    C_REG
                } else if (REG_F0..=REG_F31).contains(&r) {
                    C_FREG
                } else if (REG_M0..=REG_M31).contains(&r) {
                    C_MREG
                } else if (REG_FCR0..=REG_FCR31).contains(&r) {
                    C_FCREG
                } else if (REG_W0..=REG_W31).contains(&r) {
                    C_WREG
                } else if r == REG_LO {
                    C_LO
                } else if r == REG_HI {
                    C_HI
                } else {
                    C_GOK
                }
            }
            TYPE_MEM => match a.name {
                NAME_EXTERN | NAME_STATIC => {
                    let Some(s) = a.sym else { return C_GOK };
                    self.instoffset = a.offset;
                    if self.sym_is_tls(s) { C_TLS } else { C_ADDR }
                }
                NAME_AUTO => {
                    self.instoffset = self.autosize + a.offset;
                    if self.instoffset >= -BIG_ && self.instoffset < BIG_ { C_SAUTO } else { C_LAUTO }
                }
                NAME_PARAM => {
                    self.instoffset = self.autosize + a.offset + FIXED_FRAME;
                    if self.instoffset >= -BIG_ && self.instoffset < BIG_ { C_SAUTO } else { C_LAUTO }
                }
                NAME_NONE => {
                    self.instoffset = a.offset;
                    if self.instoffset == 0 {
                        C_ZOREG
                    } else if self.instoffset >= -BIG_ && self.instoffset < BIG_ {
                        C_SOREG
                    } else {
                        C_LOREG
                    }
                }
                _ => C_GOK,
            },
            TYPE_TEXTSIZE => C_TEXTSIZE,
            TYPE_CONST | TYPE_ADDR => {
                match a.name {
                    NAME_NONE => {
                        self.instoffset = a.offset;
                        if a.reg != 0 {
                            if -BIG_ <= self.instoffset && self.instoffset <= BIG_ {
                                return C_SACON;
                            }
                            if isint32(self.instoffset) {
                                return C_LACON;
                            }
                            return C_DACON;
                        }
                    }
                    NAME_EXTERN | NAME_STATIC => {
                        let Some(s) = a.sym else { return C_GOK };
                        self.instoffset = a.offset;
                        return if self.sym_is_tls(s) { C_STCON } else { C_LECON };
                    }
                    NAME_AUTO => {
                        self.instoffset = self.autosize + a.offset;
                        return if self.instoffset >= -BIG_ && self.instoffset < BIG_ { C_SACON } else { C_LACON };
                    }
                    NAME_PARAM => {
                        self.instoffset = self.autosize + a.offset + FIXED_FRAME;
                        return if self.instoffset >= -BIG_ && self.instoffset < BIG_ { C_SACON } else { C_LACON };
                    }
                    _ => return C_GOK,
                }
                let v = self.instoffset;
                if v >= 0 {
                    if v == 0 {
                        return C_ZCON;
                    }
                    if v <= 0x7fff {
                        return C_SCON;
                    }
                    if v <= 0xffff {
                        return C_ANDCON;
                    }
                    if v & 0xffff == 0 && isuint32(v as u64) {
                        return C_UCON;
                    }
                    return C_LCON;
                }
                if v >= -0x8000 {
                    return C_ADDCON;
                }
                if v & 0xffff == 0 && isint32(v) {
                    return C_UCON;
                }
                C_LCON
            }
            TYPE_BRANCH => C_SBRA,
            _ => C_GOK,
        }
    }

    /// Go's `oplook`: the first row whose classes accept the operands (`None`: Go's "illegal
    /// combination", reported).
    fn oplook(&mut self, i: usize) -> Option<Optab> {
        let p = self.progs[i].clone();
        let a1 = self.aclass(&p.from);
        let a3 = self.aclass(&p.to);
        let a2 = if p.reg != 0 { C_REG } else { C_NONE };
        let t = tables();
        let (lo, hi) = t.range.get(p.as_.0 as usize).copied().unwrap_or((0, 0));
        for op in &t.sorted[lo..hi] {
            if op.a2 as i64 == a2 && t.xcmp[a1 as usize][op.a1 as usize] && t.xcmp[a3 as usize][op.a3 as usize] {
                return Some(*op);
            }
        }
        let save = self.cur;
        self.cur = i;
        if lo == hi {
            self.diag_code("E0303", format!("{} is not an instruction p9asm assembles for mips64", ops::name(p.as_)));
        } else {
            self.diag(format!("illegal combination {} {} {} {}", ops::name(p.as_), drconv(a1), drconv(a2), drconv(a3)));
        }
        self.cur = save;
        None
    }

    fn vregoff(&mut self, a: &A) -> i64 {
        self.instoffset = 0;
        self.aclass(a);
        self.instoffset
    }
    fn regoff(&mut self, a: &A) -> i32 {
        self.vregoff(a) as i32
    }

    fn rrr(&mut self, a: Op) -> u32 {
        match oprrr(a) {
            Some(v) => v,
            None => {
                self.diag_code("E0303", format!("bad rrr opcode {}", ops::name(a)));
                0
            }
        }
    }
    fn irr(&mut self, a: Op, neg: bool) -> u32 {
        match opirr(a, neg) {
            Some(v) => v,
            None => {
                let sign = if neg { "-" } else { "" };
                self.diag_code("E0303", format!("bad irr opcode {sign}{}", ops::name(a)));
                0
            }
        }
    }

    fn rel(&mut self, off: i64, siz: u8, kind: FixupKind, sym: Option<SymId>, add: i64, go: u8) {
        self.fixups.push(Fixup { offset: off as u32, size: siz, kind, sym, add, go_type: go });
    }

    fn target_pc(&self, p: &P) -> Option<i64> {
        (p.to.target != usize::MAX).then(|| self.progs.get(p.to.target).map_or(0, |q| q.pc))
    }

    /// Go's `asmout`: the words of one instruction.
    fn asmout(&mut self, i: usize, o: &Optab, out: &mut [u32; 4]) {
        let p = self.progs[i].clone();
        let (mut o1, mut o2, mut o3) = (0u32, 0u32, 0u32);
        let add = ADDVU;
        let param = o.param as i64;
        use reloc::go_reloc::*;
        match o.type_ {
            0 => {}
            1 => {
                // mov r1,r2 ==> OR r1,r0,r2; on mips64 MOVW is SLL (the result is sign-extended)
                let a = if p.as_ == MOVW { SLL } else { OR };
                o1 = OP_RRR(self.rrr(a), p.from.reg, REGZERO, p.to.reg);
            }
            2 => {
                let mut r = p.reg;
                if p.as_ == NEGW || p.as_ == NEGV {
                    r = REGZERO;
                }
                if r == 0 {
                    r = p.to.reg;
                }
                o1 = OP_RRR(self.rrr(p.as_), p.from.reg, r, p.to.reg);
            }
            3 => {
                let v = self.regoff(&p.from);
                let mut r = p.from.reg;
                if r == 0 {
                    r = param;
                }
                let a = if o.a1 as i64 == C_ANDCON { OR } else { add };
                o1 = OP_IRR(self.irr(a, false), v as u32, r, p.to.reg);
            }
            4 => {
                let v = self.regoff(&p.from);
                let mut r = p.reg;
                if r == 0 {
                    r = p.to.reg;
                }
                o1 = OP_IRR(self.irr(p.as_, false), v as u32, r, p.to.reg);
            }
            5 => o1 = self.rrr(p.as_),
            6 => {
                let v: i32 = match self.target_pc(&p) {
                    None => -4 >> 2,
                    Some(t) => ((t - p.pc - 4) as i32) >> 2,
                };
                if (v << 16) >> 16 != v {
                    self.diag_code("E0302", "short branch too far");
                }
                o1 = OP_IRR(self.irr(p.as_, false), v as u32, p.from.reg, p.reg);
                // BFPT and BFPF: the delay slot is always 0
                o2 = 0;
            }
            7 => {
                let mut r = p.to.reg;
                if r == 0 {
                    r = param;
                }
                let v = self.regoff(&p.to);
                o1 = OP_IRR(self.irr(p.as_, false), v as u32, r, p.from.reg);
            }
            8 => {
                let mut r = p.from.reg;
                if r == 0 {
                    r = param;
                }
                let v = self.regoff(&p.from);
                o1 = OP_IRR(self.irr(p.as_, true), v as u32, r, p.to.reg);
            }
            9 => {
                let mut r = p.reg;
                if r == 0 {
                    r = p.to.reg;
                }
                o1 = OP_RRR(self.rrr(p.as_), r, p.from.reg, p.to.reg);
            }
            10 => {
                let v = self.regoff(&p.from);
                let a = if v < 0 { ADDU } else { OR };
                o1 = OP_IRR(self.irr(a, false), v as u32, 0, REGTMP);
                let mut r = p.reg;
                if r == 0 {
                    r = p.to.reg;
                }
                o2 = OP_RRR(self.rrr(p.as_), REGTMP, r, p.to.reg);
            }
            11 => {
                let mut done = false;
                if self.aclass(&p.to) == C_SBRA && p.to.sym.is_none() && p.as_ == Op::JMP {
                    // a short branch: BEQ R0, R0, sbra
                    let v: i32 = match self.target_pc(&p) {
                        None => -4 >> 2,
                        Some(t) => ((t - p.pc - 4) as i32) >> 2,
                    };
                    if (v << 16) >> 16 == v {
                        o1 = OP_IRR(self.irr(BEQ, false), v as u32, REGZERO, REGZERO);
                        done = true;
                    }
                }
                if !done {
                    let tpc = self.target_pc(&p);
                    let v = (tpc.unwrap_or(p.pc) as i32) >> 2;
                    o1 = OP_JMP(self.irr(p.as_, false), v as u32);
                    let (sym, off) = match p.to.sym {
                        Some(s) => (s, p.to.offset),
                        None => (self.func_sym, tpc.unwrap_or(0)),
                    };
                    let (kind, go) =
                        if p.as_ == Op::CALL { (reloc::CALL26, R_CALLMIPS) } else { (reloc::JUMP26, R_JMPMIPS) };
                    self.rel(self.pc, 4, kind, Some(sym), off, go);
                }
            }
            12 => {
                let v = if p.as_ == MOVB { 24 } else { 16 };
                o1 = OP_SRR(self.irr(SLL, false), v, p.from.reg, p.to.reg);
                o2 = OP_SRR(self.irr(SRA, false), v, p.to.reg, p.to.reg);
            }
            13 => {
                let m = if p.as_ == MOVBU { 0xff } else { 0xffff };
                o1 = OP_IRR(self.irr(AND, false), m, p.from.reg, p.to.reg);
            }
            14 => {
                o1 = OP_SRR(self.irr(SLLV, true), 0, p.from.reg, p.to.reg);
                o2 = OP_SRR(self.irr(SRLV, true), 0, p.to.reg, p.to.reg);
            }
            15 => {
                let v = self.regoff(&p.from);
                let mut r = p.reg;
                if r == 0 {
                    r = REGZERO;
                }
                // only 10 bits of trap code
                o1 = OP_IRR(self.irr(p.as_, false), ((v as u32) & 0x3FF) << 6, r, p.to.reg);
            }
            16 => {
                let v = self.regoff(&p.from);
                let mut r = p.reg;
                if r == 0 {
                    r = p.to.reg;
                }
                if v >= 32 && vshift(p.as_) {
                    o1 = OP_SRR(self.irr(p.as_, true), (v - 32) as u32, r, p.to.reg);
                } else {
                    o1 = OP_SRR(self.irr(p.as_, false), v as u32, r, p.to.reg);
                }
            }
            17 => o1 = OP_RRR(self.rrr(p.as_), REGZERO, p.from.reg, p.to.reg),
            18 => {
                let mut r = p.reg;
                if r == 0 {
                    r = param;
                }
                o1 = OP_RRR(self.rrr(p.as_), 0, p.to.reg, r);
                if p.as_ == Op::CALL {
                    self.rel(self.pc, 0, FixupKind::MARKER, None, 0, crate::emit::fixup::go_reloc::R_CALLIND);
                }
            }
            19 => {
                let v = self.regoff(&p.from);
                o1 = OP_IRR(self.irr(LUI, false), (v >> 16) as u32, REGZERO, p.to.reg);
                o2 = OP_IRR(self.irr(OR, false), v as u32, p.to.reg, p.to.reg);
            }
            20 => {
                let a = if p.from.reg == REG_LO { OP(2, 2) } else { OP(2, 0) };
                o1 = OP_RRR(a, REGZERO, REGZERO, p.to.reg);
            }
            21 => {
                let a = if p.to.reg == REG_LO { OP(2, 3) } else { OP(2, 1) };
                o1 = OP_RRR(a, REGZERO, p.from.reg, REGZERO);
            }
            22 => {
                if p.to.reg != 0 {
                    let mut r = p.reg;
                    if r == 0 {
                        r = p.to.reg;
                    }
                    let a = SP(3, 4) | 2; // mul
                    o1 = OP_RRR(a, p.from.reg, r, p.to.reg);
                } else {
                    o1 = OP_RRR(self.rrr(p.as_), p.from.reg, p.reg, REGZERO);
                }
            }
            23 => {
                let v = self.regoff(&p.from);
                o1 = OP_IRR(self.irr(LUI, false), (v >> 16) as u32, REGZERO, REGTMP);
                o2 = OP_IRR(self.irr(OR, false), v as u32, REGTMP, REGTMP);
                let mut r = p.reg;
                if r == 0 {
                    r = p.to.reg;
                }
                o3 = OP_RRR(self.rrr(p.as_), REGTMP, r, p.to.reg);
            }
            24 => {
                let v = self.regoff(&p.from);
                o1 = OP_IRR(self.irr(LUI, false), (v >> 16) as u32, REGZERO, p.to.reg);
            }
            25 => {
                let v = self.regoff(&p.from);
                o1 = OP_IRR(self.irr(LUI, false), (v >> 16) as u32, REGZERO, REGTMP);
                let mut r = p.reg;
                if r == 0 {
                    r = p.to.reg;
                }
                o2 = OP_RRR(self.rrr(p.as_), REGTMP, r, p.to.reg);
            }
            26 => {
                let v = self.regoff(&p.from);
                o1 = OP_IRR(self.irr(LUI, false), (v >> 16) as u32, REGZERO, REGTMP);
                o2 = OP_IRR(self.irr(OR, false), v as u32, REGTMP, REGTMP);
                let mut r = p.from.reg;
                if r == 0 {
                    r = param;
                }
                o3 = OP_RRR(self.rrr(add), REGTMP, r, p.to.reg);
            }
            27 => {
                let v = self.regoff(&p.from);
                let mut r = p.from.reg;
                if r == 0 {
                    r = param;
                }
                let a = if p.as_ == MOVD { MOVD } else { MOVF };
                if o.size == 12 {
                    o1 = OP_IRR(self.irr(LUI, false), ((v.wrapping_add(1 << 15)) >> 16) as u32, REGZERO, REGTMP);
                    o2 = OP_RRR(self.rrr(add), r, REGTMP, REGTMP);
                    o3 = OP_IRR(self.irr(a, true), v as u32, REGTMP, p.to.reg);
                } else {
                    o1 = OP_IRR(self.irr(a, true), v as u32, r, p.to.reg);
                }
            }
            28 => {
                let v = self.regoff(&p.to);
                let mut r = p.to.reg;
                if r == 0 {
                    r = param;
                }
                let a = if p.as_ == MOVD { MOVD } else { MOVF };
                if o.size == 12 {
                    o1 = OP_IRR(self.irr(LUI, false), ((v.wrapping_add(1 << 15)) >> 16) as u32, REGZERO, REGTMP);
                    o2 = OP_RRR(self.rrr(add), r, REGTMP, REGTMP);
                    o3 = OP_IRR(self.irr(a, false), v as u32, REGTMP, p.from.reg);
                } else {
                    o1 = OP_IRR(self.irr(a, false), v as u32, r, p.from.reg);
                }
            }
            30 => o1 = OP_RRR(SP(2, 1) | (4 << 21), p.from.reg, 0, p.to.reg),
            31 => o1 = OP_RRR(SP(2, 1) | (0 << 21), p.to.reg, 0, p.from.reg),
            32 => {
                let mut r = p.reg;
                if r == 0 {
                    r = p.to.reg;
                }
                o1 = OP_FRRR(self.rrr(p.as_), p.from.reg, r, p.to.reg);
            }
            33 => o1 = OP_FRRR(self.rrr(p.as_), 0, p.from.reg, p.to.reg),
            34 => {
                let v = self.regoff(&p.from);
                let a = if o.a1 as i64 == C_ANDCON { OR } else { ADDU };
                o1 = OP_IRR(self.irr(a, false), v as u32, 0, REGTMP);
                o2 = OP_RRR(SP(2, 1) | (4 << 21), REGTMP, 0, p.to.reg);
            }
            35 => {
                let v = self.regoff(&p.to);
                let mut r = p.to.reg;
                if r == 0 {
                    r = param;
                }
                o1 = OP_IRR(self.irr(LUI, false), ((v.wrapping_add(1 << 15)) >> 16) as u32, REGZERO, REGTMP);
                o2 = OP_RRR(self.rrr(add), r, REGTMP, REGTMP);
                o3 = OP_IRR(self.irr(p.as_, false), v as u32, REGTMP, p.from.reg);
            }
            36 => {
                let v = self.regoff(&p.from);
                let mut r = p.from.reg;
                if r == 0 {
                    r = param;
                }
                o1 = OP_IRR(self.irr(LUI, false), ((v.wrapping_add(1 << 15)) >> 16) as u32, REGZERO, REGTMP);
                o2 = OP_RRR(self.rrr(add), r, REGTMP, REGTMP);
                o3 = OP_IRR(self.irr(p.as_, true), v as u32, REGTMP, p.to.reg);
            }
            37 => {
                let a = if p.as_ == MOVV { SP(2, 0) | (5 << 21) } else { SP(2, 0) | (4 << 21) };
                o1 = OP_RRR(a, p.from.reg, 0, p.to.reg);
            }
            38 => {
                let a = if p.as_ == MOVV { SP(2, 0) | (1 << 21) } else { SP(2, 0) | (0 << 21) };
                o1 = OP_RRR(a, p.to.reg, 0, p.from.reg);
            }
            40 => o1 = self.regoff(&p.from) as u32,
            41 => o1 = OP_RRR(SP(2, 1) | (6 << 21), p.from.reg, 0, p.to.reg),
            42 => o1 = OP_RRR(SP(2, 1) | (2 << 21), p.to.reg, 0, p.from.reg),
            47 => o1 = OP_RRR(SP(2, 1) | (5 << 21), p.from.reg, 0, p.to.reg),
            48 => o1 = OP_RRR(SP(2, 1) | (1 << 21), p.to.reg, 0, p.from.reg),
            49 => o1 = 52, // trap: teq r0, r0
            50 | 51 => {
                // mov r,addr / mov addr,r ==> lui + daddu REGSB + sw/lw o(REGTMP)
                let (m, reg, load) = if o.type_ == 50 { (p.to, p.from.reg, false) } else { (p.from, p.to.reg, true) };
                o1 = OP_IRR(self.irr(LUI, false), 0, REGZERO, REGTMP);
                self.rel(self.pc, 4, reloc::HI16, m.sym, m.offset, R_ADDRMIPSU);
                o3 = OP_IRR(self.irr(p.as_, load), 0, REGTMP, reg);
                o2 = OP_RRR(self.rrr(ADDVU), REGSB, REGTMP, REGTMP);
                self.rel(self.pc + 8, 4, reloc::LO16, m.sym, m.offset, R_ADDRMIPS);
            }
            52 => {
                // mov $lext, r ==> lui + daddu REGSB + daddiu
                o1 = OP_IRR(self.irr(LUI, false), 0, REGZERO, p.to.reg);
                self.rel(self.pc, 4, reloc::HI16, p.from.sym, p.from.offset, R_ADDRMIPSU);
                o3 = OP_IRR(self.irr(add, false), 0, p.to.reg, p.to.reg);
                o2 = OP_RRR(self.rrr(ADDVU), REGSB, p.to.reg, p.to.reg);
                self.rel(self.pc + 8, 4, reloc::LO16, p.from.sym, p.from.offset, R_ADDRMIPS);
            }
            53..=55 => {
                // the thread pointer with RDHWR into R3 (clobbers R3), then the access
                o1 = ((0o37 << 26) + 0o73) | (29 << 11) | (3 << 16);
                let (m, sym) = match o.type_ {
                    53 => {
                        o2 = OP_IRR(self.irr(p.as_, false), 0, REG_R3, p.from.reg);
                        (p.to, p.to.sym)
                    }
                    54 => {
                        o2 = OP_IRR(self.irr(p.as_, true), 0, REG_R3, p.to.reg);
                        (p.from, p.from.sym)
                    }
                    _ => {
                        o2 = OP_IRR(self.irr(add, false), 0, REG_R3, p.to.reg);
                        (p.from, p.from.sym)
                    }
                };
                self.rel(self.pc + 4, 4, reloc::TLS_TPREL_LO16, sym, m.offset, R_ADDRMIPSTLS);
            }
            56 => {
                let v = self.regoff(&p.from);
                o1 = OP_VI10(110, twobitdf(p.as_), v, p.to.reg, 7);
            }
            57 | 58 => {
                let (m, w) = if o.type_ == 57 { (p.from, p.to.reg) } else { (p.to, p.from.reg) };
                let off = self.regoff(&m);
                let v = self.lsoffset(p.as_, off);
                let minor = if o.type_ == 57 { 8 } else { 9 };
                o1 = OP_VMI10(v, m.reg, w, minor, twobitdf(p.as_));
            }
            t => self.diag_code("E0303", format!("unknown type {t}")),
        }
        out[0] = o1;
        out[1] = o2;
        out[2] = o3;
        out[3] = 0;
    }

    /// Go's `lsoffset`: MSA load/store offsets are in units of the element size.
    fn lsoffset(&mut self, a: Op, o: i32) -> i32 {
        let m = match a {
            VMOVB => 1,
            VMOVH => 2,
            VMOVW => 4,
            _ => 8,
        };
        if o % m != 0 {
            self.diag_code("E0302", format!("invalid offset for {}: {o} is not a multiple of {m}", ops::name(a)));
        }
        o / m
    }
}

/// Assembles one function: adapts its Progs to Go's view, lays it out as span0 and encodes it
/// in the GOARCH's byte order. The Progs of the function are replaced by the span list's (the
/// far-branch `JMP`s and their `NOOP`s are synthesized Progs), with their pcs and sizes.
pub fn assemble(f: &mut Func, cx: &mut Ctx, big_endian: bool) -> Code {
    let mut code = Code::default();
    let mut input: Vec<P> = Vec::with_capacity(f.progs.len());
    for (k, p) in f.progs.iter().enumerate().skip(1) {
        let mut g = match adapt(p) {
            Ok(g) => g,
            Err((arg, msg)) => {
                cx.diags.push(Diag::error("E0301", p.arg_origin(arg), msg));
                P::new(Op::NOP)
            }
        };
        if g.as_ == Op::END {
            g = P::new(Op::NOP);
        }
        g.orig = Some(k);
        input.push(g);
    }
    let mut c = C0 {
        syms: cx.syms,
        func_sym: f.sym,
        progs: input,
        autosize: f.layout.autosize,
        instoffset: 0,
        pc: 0,
        cur: 0,
        errs: Vec::new(),
        fixups: Vec::new(),
    };
    // branch targets: function indices (TEXT is 0) to span indices
    for p in c.progs.iter_mut() {
        for a in [&mut p.from, &mut p.to] {
            if a.typ == TYPE_BRANCH && a.target != usize::MAX {
                a.target = a.target.checked_sub(1).unwrap_or(usize::MAX);
            }
        }
    }
    let sizes: Vec<Option<Optab>> = (0..c.progs.len()).map(|i| c.oplook(i)).collect();
    let mut opts = sizes;
    let res = crate::emit::span::converge(cx.layout_rounds, |_| {
        let mut grew = false;
        let mut pc = 0i64;
        let mut i = 0;
        while i < c.progs.len() {
            c.progs[i].pc = pc;
            let o = opts[i];
            // very large conditional branches: Bcond q1; NOOP; q2: JMP next; NOOP; q1: JMP target
            if let Some(o) = o
                && o.type_ == 6
                && c.progs[i].to.target != usize::MAX
            {
                let t = c.progs[i].to.target;
                let otxt = c.progs.get(t).map_or(0, |q| q.pc) - pc;
                if otxt < -(1 << 17) + 10 || otxt >= (1 << 17) - 10 {
                    for p in c.progs.iter_mut() {
                        for a in [&mut p.from, &mut p.to] {
                            if a.typ == TYPE_BRANCH && a.target != usize::MAX && a.target > i {
                                a.target += 4;
                            }
                        }
                    }
                    let t = if t > i { t + 4 } else { t };
                    let mut q2 = P::new(Op::JMP);
                    q2.to = A::branch(i + 5);
                    let mut q1 = P::new(Op::JMP);
                    q1.to = A::branch(t);
                    c.progs[i].to.target = i + 4;
                    let nops = [P::new(NOOP), q2, P::new(NOOP), q1];
                    for (k, q) in nops.into_iter().enumerate() {
                        c.progs.insert(i + 1 + k, q);
                        opts.insert(i + 1 + k, None);
                    }
                    for k in 1..=4 {
                        opts[i + k] = c.oplook(i + k);
                    }
                    grew = true;
                }
            }
            pc += o.map_or(0, |o| o.size as i64);
            i += 1;
        }
        grew
    });
    if let Err(rounds) = res {
        cx.diags.push(crate::emit::span::diverged(f.origin, rounds));
        return code;
    }
    let mut out = [0u32; 4];
    for i in 0..c.progs.len() {
        c.cur = i;
        c.pc = c.progs[i].pc;
        let Some(o) = opts[i] else { continue };
        let nerr = c.errs.len();
        c.asmout(i, &o, &mut out);
        if c.errs.len() > nerr {
            // no bytes for a rejected instruction; keep the layout
            code.bytes.resize(code.bytes.len() + o.size as usize, 0);
            continue;
        }
        for w in &out[..(o.size as usize / 4)] {
            code.bytes.extend_from_slice(&if big_endian { w.to_be_bytes() } else { w.to_le_bytes() });
        }
    }
    code.fixups = std::mem::take(&mut c.fixups);
    // the instructions encoded as a J/JAL to this function plus a label's offset
    let far: Vec<bool> = (0..c.progs.len())
        .map(|i| {
            let g = &c.progs[i];
            g.to.typ == TYPE_BRANCH
                && g.to.sym.is_none()
                && code.fixups.iter().any(|x| x.offset as i64 == g.pc && x.sym == Some(f.sym) && x.size == 4)
        })
        .collect();
    for e in &c.errs {
        let p = &c.progs[e.at];
        let origin = p.orig.map_or(f.origin, |k| f.progs[k].origin);
        cx.diags.push(Diag::error(e.code, origin, e.msg.clone()));
    }
    // the function's Progs become the span list's
    let old = std::mem::take(&mut f.progs);
    let mut old: Vec<Option<Prog>> = old.into_iter().map(Some).collect();
    let text = old[0].take().expect("TEXT");
    let mut at = vec![usize::MAX; old.len()];
    for (i, g) in c.progs.iter().enumerate() {
        if let Some(k) = g.orig {
            at[k] = i;
        }
    }
    let end = code.bytes.len() as u32;
    let mut restartable = vec![false; c.progs.len() + 1];
    let mut progs = Vec::with_capacity(c.progs.len() + 1);
    progs.push(text);
    for (i, g) in c.progs.iter().enumerate() {
        let size = match c.progs.get(i + 1) {
            Some(q) => (q.pc - g.pc) as u32,
            None => end.saturating_sub(g.pc as u32),
        };
        // Go's isRestartable: several instructions that build a constant in REGTMP
        restartable[i + 1] = opts[i].is_some_and(|o| o.size > 4 && o.flag & NOTUSETMP == 0);
        let mut p = match g.orig {
            Some(k) => old[k].take().expect("each Prog once"),
            None => {
                // what the layout adds takes the line of the branch it was made for
                let origin = progs.last().map_or(f.origin, |q: &Prog| q.origin);
                let mut p = Prog::new(g.as_, origin).synth();
                p.mark |= mark::SYNTH;
                if g.to.typ == TYPE_BRANCH {
                    let target = if g.to.target == usize::MAX { u32::MAX } else { g.to.target as u32 + 1 };
                    p.args.push(Operand::new(Addr::Branch(target), origin));
                }
                p
            }
        };
        if g.orig.is_some() && p.op == Op::END && i + 1 == c.progs.len() {
            // Go's obj.AEND ends the file; nothing is listed for it
            continue;
        }
        if far[i] {
            // a JAL to a label, or a JMP too far for BEQ, is encoded as a J/JAL to the function
            // plus the label's pc (case 11), and Go lists it so: `CALL foo(SB)`
            p.mark |= mark::LISTED_AS_FUNC;
        }
        if g.orig.is_some() {
            for a in p.args.iter_mut() {
                if let Addr::Branch(t) = a.addr {
                    // a branch moved by the far-branch fix points where Go's does
                    let t2 = if g.to.typ == TYPE_BRANCH && g.to.target != usize::MAX {
                        g.to.target as u32 + 1
                    } else {
                        at.get(t as usize).map_or(t, |&x| x as u32 + 1)
                    };
                    a.addr = Addr::Branch(t2);
                }
            }
        }
        p.pc = g.pc as u32;
        p.size = if opts[i].is_some_and(|o| o.size == 0) { 0 } else { size };
        progs.push(p);
    }
    f.progs = progs;
    super::frame::mark_unsafe_points(&mut f.progs, &restartable);
    // span0: the symbol's size is rounded up to mips64FuncAlign
    while !code.bytes.len().is_multiple_of(FUNC_ALIGN) {
        code.bytes.push(0);
    }
    code
}
