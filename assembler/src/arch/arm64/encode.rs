//! The arm64 encoder: Go's asm7.go, ported on Go's own view of an instruction.
//!
//! p9asm keeps operands as a list in source order; Go's back end reads `From`, `Reg`,
//! `RestArgs` and `To`. [`adapt`] builds that view from a Prog exactly as
//! cmd/asm/internal/asm/asm.go (`asmInstruction`, `asmJump`) does for arm64, then applies Go's
//! `progedit` (obj7.go) rewrites, so that `oplook`, `aclass` and `asmout` below are asm7.go line
//! by line. The layout ([`span`]) is Go's `span7`: literal pools where Go flushes them, the far
//! conditional-branch fix, DWORD alignment; the layout driver ([`layout`]) is separate from that
//! arm64 policy so that it can become a shared module.

// The port keeps Go's forms (`0<<30 | ...`, `x>>32 | x<<32`, Go's if-chains), so that it reads
// against asm7.go line by line.
#![allow(
    clippy::collapsible_if,
    clippy::collapsible_else_if,
    clippy::collapsible_match,
    clippy::needless_return,
    clippy::too_many_arguments,
    clippy::identity_op,
    clippy::manual_rotate,
    clippy::needless_late_init,
    clippy::needless_range_loop
)]

mod asmout;
mod opcodes;

use std::sync::OnceLock;

use p9asm_macros::Diag;
use smallvec::SmallVec;

use super::anames::*;
use super::aout::*;
use super::ops;
use super::optab::{LFROM, LFROM128, LTO, NOTUSETMP, OPTAB, Optab};
use crate::arch::{Code, Ctx};
use crate::emit::fixup::Fixup;
use crate::prog::{Addr, Func, Mem, Name, Op, Operand, Prog, mark, textflag};
use crate::sym::SymId;

// ---- Go's obj.Addr and obj.Prog ----

pub use crate::arch::go_obj::*;

pub const RBASE_ARM64: i64 = 8 * 1024;

/// Go's `obj.Addr` (the fields arm64 uses). Go's `int16` register fields are `i64` here, as
/// every Go integer type but the unsigned ones: the port keeps Go's conversions as explicit
/// truncations (`as i32 as i64`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct A {
    pub typ: u8,
    pub name: u8,
    pub reg: i64,
    pub index: i64,
    pub offset: i64,
    pub sym: Option<SymId>,
    /// TYPE_FCONST
    pub fval: f64,
    /// TYPE_BRANCH: the target's index in the span list (`usize::MAX`: none).
    pub target: usize,
    /// Go's `Class` cache (aclass + 1).
    pub class: i64,
    /// RestArgs: Go's `Pos` (0 = a source, From3; 1 = a destination, To2).
    pub pos: u8,
}

/// Go's `obj.Prog` for one instruction of the span list.
#[derive(Clone, Debug, Default)]
pub struct P {
    pub as_: Op,
    pub scond: u16,
    pub from: A,
    pub reg: i64,
    pub rest: SmallVec<[A; 1]>,
    pub to: A,
    pub regto2: i64,
    pub pc: i64,
    /// Go's `Optab` cache (row + 1), into the sorted table.
    pub optab: u16,
    /// The literal-pool entry this instruction loads (its index in the span list).
    pub pool: Option<usize>,
    /// The Prog of the function it comes from; `None` for literals and branches the layout adds.
    pub orig: Option<usize>,
}

impl P {
    pub fn from3(&self) -> Option<&A> {
        self.rest.first().filter(|a| a.pos == 0)
    }
    pub fn from3_type(&self) -> u8 {
        self.from3().map_or(TYPE_NONE, |a| a.typ)
    }
    fn new(as_: Op) -> P {
        P { as_, from: A::none(), to: A::none(), ..P::default() }
    }
}

impl A {
    pub fn none() -> A {
        A { target: usize::MAX, ..A::default() }
    }
    fn reg(r: i64) -> A {
        A { typ: TYPE_REG, reg: r, ..A::none() }
    }
    fn konst(v: i64) -> A {
        A { typ: TYPE_CONST, offset: v, ..A::none() }
    }
    fn branch(t: usize) -> A {
        A { typ: TYPE_BRANCH, target: t, ..A::none() }
    }
}

/// An error found while encoding, with the operand it is about (an index into the Prog's
/// operands) when known.
struct Err7 {
    at: usize,
    code: &'static str,
    msg: String,
}

/// Go's `ctxt7`: the state of assembling one function.
pub struct C7<'a> {
    pub syms: &'a crate::sym::Symbols,
    pub progs: Vec<P>,
    pub autosize: i64,
    pub extrasize: i64,
    pub instoffset: i64,
    pub pc: i64,
    /// The span-list index of the Prog being classified or encoded.
    pub cur: usize,
    /// The literal pool being collected (Go's blitrl..elitrl), with its start and size.
    pool: Vec<P>,
    /// Instructions referring to pending pool entries: (span index, entry).
    pool_refs: Vec<(usize, usize)>,
    pool_start: u32,
    pool_size: u32,
    errs: Vec<Err7>,
    pub fixups: Vec<Fixup>,
}

impl C7<'_> {
    pub fn diag(&mut self, msg: impl Into<String>) {
        self.diag_code("E0301", msg);
    }
    pub fn diag_code(&mut self, code: &'static str, msg: impl Into<String>) {
        let at = self.cur;
        let msg = msg.into();
        if !self.errs.iter().any(|e| e.at == at) {
            self.errs.push(Err7 { at, code, msg });
        }
    }
    pub fn p(&self) -> &P {
        &self.progs[self.cur]
    }
}

// ---- the adapter: p9asm's operand list to Go's From/Reg/RestArgs/To ----

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
            reg: m.base.0 as i64,
            index: m.index.0 as i64,
            offset: m.offset,
            sym: m.sym,
            ..A::none()
        }
    };
    Ok(match a {
        Addr::None => A::none(),
        Addr::Reg(r) => A::reg(r.0 as i64),
        Addr::Imm(v) => A::konst(*v),
        Addr::Float(f) => A { typ: TYPE_FCONST, fval: *f, ..A::none() },
        Addr::Str(_) => return Err("a string constant is not an operand of an arm64 instruction".into()),
        Addr::Mem(m) => mem(m, TYPE_MEM),
        Addr::AddrOf(m) => mem(m, TYPE_ADDR),
        Addr::Indir(_) => return Err("'*' indirection (Go's TYPE_INDIR) is not an arm64 operand".into()),
        Addr::Branch(t) => A::branch(*t as usize),
        Addr::RegList(v) => A { typ: TYPE_REGLIST, offset: *v as i64, ..A::none() },
        Addr::RegPair(a, b) => A { typ: TYPE_REGREG, reg: a.0 as i64, offset: b.0 as i64, ..A::none() },
        Addr::Shift(v) => A { typ: TYPE_SHIFT, offset: *v, ..A::none() },
        Addr::Element(r, i) => A { typ: TYPE_REG, reg: r.0 as i64, index: *i, ..A::none() },
        Addr::Special(v) => A { typ: TYPE_SPECIAL, offset: *v, ..A::none() },
        Addr::TextSize { frame, .. } => A { typ: TYPE_TEXTSIZE, offset: *frame, ..A::none() },
    })
}

pub fn is_cmp(op: Op) -> bool {
    matches!(op, CMN | CMP | TST | CMNW | CMPW | TSTW | FCMPS | FCMPD | FCMPES | FCMPED)
}

pub fn is_atomic(op: Op) -> bool {
    atomic_ldadd(op).is_some() || atomic_swp(op).is_some()
}

fn is_stlxr(op: Op) -> bool {
    matches!(op, STLXRB | STLXRH | STLXRW | STLXR | STXRB | STXRH | STXRW | STXR | STXP | STXPW | STLXP | STLXPW)
        || is_atomic(op)
}

/// Go's `getRegister`: the middle operand that goes to `Prog.Reg` must be a register.
fn get_register(p: &Prog, k: usize) -> Result<i64, (usize, String)> {
    match p.arg(k) {
        Addr::Reg(r) | Addr::Element(r, _) => Ok(r.0 as i64),
        _ => Err((k, format!("{}: expected register; found a different operand", ops::name(p.op)))),
    }
}

/// asm.go's `asmInstruction`/`asmJump` for arm64: Go's operand fields from p9asm's list.
fn adapt(p: &Prog) -> Result<P, (usize, String)> {
    let mut g = P::new(p.op);
    g.scond = p.suffix;
    let a: Vec<A> =
        p.args.iter().enumerate().map(|(k, o)| addr(&o.addr).map_err(|e| (k, e))).collect::<Result<_, _>>()?;
    let n = a.len();
    let jump = matches!(p.op, Op::JMP | Op::CALL) || ops::is_jump(p.op);
    if jump {
        let target;
        match n {
            0 => return Err((0, format!("wrong number of arguments to {} instruction", ops::name(p.op)))),
            1 => {
                target = 0;
            }
            2 if matches!(p.op, ADR | ADRP) => {
                g.from = a[0];
                g.to = a[1];
                return Ok(g);
            }
            2 => {
                g.from = a[0];
                target = 1;
            }
            3 => {
                if a[0].typ != TYPE_CONST {
                    return Err((0, format!("{}: expected immediate constant", ops::name(p.op))));
                }
                g.from = a[0];
                g.reg = get_register(p, 1)?;
                target = 2;
            }
            _ => return Err((0, format!("wrong number of arguments to {} instruction", ops::name(p.op)))),
        }
        let t = a[target];
        match t.typ {
            TYPE_BRANCH | TYPE_REG | TYPE_CONST | TYPE_NONE => g.to = t,
            TYPE_MEM if matches!(t.name, NAME_EXTERN | NAME_STATIC | NAME_NONE) => g.to = t,
            _ => return Err((target, "cannot assemble jump to this operand".into())),
        }
        return Ok(g);
    }
    match n {
        0 => {}
        1 => {
            // Go's UnaryDst for arm64 (obj7.go unaryDst): WORD, DWORD, BL, B, CLREX
            if matches!(p.op, Op::RET | CLREX | WORD | DWORD) {
                g.to = a[0];
            } else {
                g.from = a[0];
            }
        }
        2 => {
            if is_cmp(p.op) {
                g.from = a[0];
                g.reg = get_register(p, 1)?;
            } else {
                g.from = a[0];
                g.to = a[1];
            }
        }
        3 => {
            if is_stlxr(p.op) {
                g.from = a[0];
                g.to = a[1];
                if a[2].typ != TYPE_REG {
                    return Err((
                        2,
                        format!(
                            "invalid addressing modes for third operand to {} instruction, must be register",
                            ops::name(p.op)
                        ),
                    ));
                }
                g.regto2 = a[2].reg;
            } else if matches!(p.op, VTBL | VMOVQ) {
                g.from = a[0];
                g.rest.push(A { pos: 0, ..a[1] });
                g.to = a[2];
            } else if matches!(p.op, CASPD | CASPW) {
                g.from = a[0];
                g.to = a[1];
                if a[0].typ != TYPE_REGREG || a[2].typ != TYPE_REGREG {
                    return Err((
                        0,
                        format!(
                            "invalid addressing modes for 1st or 3rd operand to {} instruction, must be register pair",
                            ops::name(p.op)
                        ),
                    ));
                }
                g.rest.push(A { pos: 1, ..a[2] });
            } else {
                g.from = a[0];
                g.reg = get_register(p, 1)?;
                g.to = a[2];
            }
        }
        4 => {
            g.from = a[0];
            g.reg = get_register(p, 1)?;
            g.rest.push(A { pos: 0, ..a[2] });
            g.to = a[3];
        }
        _ => return Err((0, format!("can't handle {} instruction with {n} operands", ops::name(p.op)))),
    }
    Ok(g)
}

fn complement(op: Op) -> Op {
    match op {
        ADD => SUB,
        SUB => ADD,
        CMP => CMN,
        CMN => CMP,
        ADDW => SUBW,
        SUBW => ADDW,
        CMPW => CMNW,
        CMNW => CMPW,
        o => o,
    }
}

/// Go's `progedit` (and the encoding-relevant per-Prog rewrites of a frameless `preprocess`).
fn progedit(p: &mut P, cx: &mut Ctx, origin: p9asm_macros::Origin) -> Result<(), String> {
    p.from.class = 0;
    p.to.class = 0;
    // $0 results in C_ZCON, which matches both C_REG and various C_xCON; rewrite $0 as ZR
    if p.from.typ == TYPE_CONST && p.from.offset == 0 {
        p.from = A::reg(REGZERO);
    }
    if p.to.typ == TYPE_CONST && p.to.offset == 0 && !no_zr_replace(p.as_) {
        p.to = A::reg(REGZERO);
    }
    // rewrite B/BL to a symbol as TYPE_BRANCH
    if matches!(p.as_, Op::JMP | Op::CALL | Op::RET) && p.to.sym.is_some() {
        p.to.typ = TYPE_BRANCH;
    }
    // float constants to values in memory
    if matches!(p.as_, FMOVS | FMOVD) && p.from.typ == TYPE_FCONST {
        let f64v = p.from.fval;
        let single = p.as_ == FMOVS;
        let zero = if single { (f64v as f32).to_bits() == 0 } else { f64v.to_bits() == 0 };
        if chipfloat7(f64v) > 0 {
        } else if zero {
            p.from = A::reg(REGZERO);
        } else {
            let (name, bits, size) = if single {
                let b = (f64v as f32).to_bits();
                (format!("$f32.{b:08x}"), b as i64, 4u8)
            } else {
                let b = f64v.to_bits();
                (format!("$f64.{b:016x}"), b as i64, 8u8)
            };
            let sym = cx.syms.intern_go(&name, true);
            if !cx.consts.iter().any(|d| d.sym == sym) {
                cx.consts.push(crate::prog::DataSym {
                    sym,
                    flags: textflag::RODATA,
                    size: size as i64,
                    inits: vec![crate::prog::DataInit { offset: 0, size, value: Addr::Imm(bits), origin }],
                    origin,
                    declared: true,
                });
            }
            p.from = A { typ: TYPE_MEM, name: NAME_EXTERN, sym: Some(sym), ..A::none() };
        }
    }
    // negative immediates as positive immediates of the complementary instruction
    match p.as_ {
        ADD | SUB | CMP | CMN => {
            if p.from.typ == TYPE_CONST && p.from.offset < 0 && p.from.offset != i64::MIN {
                p.from.offset = -p.from.offset;
                p.as_ = complement(p.as_);
            }
        }
        ADDW | SUBW | CMPW | CMNW => {
            if p.from.typ == TYPE_CONST && p.from.offset < 0 && p.from.offset as i32 != i32::MIN {
                p.from.offset = -p.from.offset;
                p.as_ = complement(p.as_);
            }
        }
        _ => {}
    }
    // preprocess, for a function without a frame: RET is RET (LR), RET sym is B sym
    if p.as_ == Op::RET {
        if p.to.sym.is_some() {
            p.as_ = ops::B;
            p.to = A { typ: TYPE_BRANCH, sym: p.to.sym, offset: p.to.offset, ..A::none() };
        } else {
            p.to = A { typ: TYPE_MEM, reg: REGLINK, ..A::none() };
        }
    }
    // preprocess: a shifted register with RSP is an extended register
    if p.from.typ == TYPE_SHIFT && (p.to.reg == REG_RSP || p.reg == REG_RSP) {
        let offset = p.from.offset;
        let op = offset & (3 << 22);
        if op != SHIFT_LL {
            return Err("illegal combination: only LSL shifts a register added to or subtracted from RSP".into());
        }
        let r = (offset >> 16) & 31;
        let mut shift = (offset >> 10) & 63;
        if shift > 4 {
            shift = 7;
        }
        p.from = A::reg(REG_LSL + r + ((shift & 7) << 5));
    }
    Ok(())
}

/// Go's `noZRreplace`: instructions whose `$0` destination stays a constant.
fn no_zr_replace(op: Op) -> bool {
    op == PRFM
}

// ---- operand classes (Go's aclass and friends) ----

pub const S32: u32 = 0 << 31;
pub const S64: u32 = 1 << 31;
pub const SBIT: u32 = 1 << 29;
pub const LSL0_32: u32 = 2 << 13;
pub const LSL0_64: u32 = 3 << 13;

#[allow(non_snake_case)]
pub fn OPDP2(x: u32) -> u32 {
    0xd6 << 21 | x << 10
}
#[allow(non_snake_case)]
pub fn OPDP3(sf: u32, op54: u32, op31: u32, o0: u32) -> u32 {
    sf << 31 | op54 << 29 | 0x1B << 24 | op31 << 21 | o0 << 15
}
pub fn opbcc(x: u32) -> u32 {
    0x2A << 25 | (x & 15)
}
#[allow(non_snake_case)]
pub fn OPBLR(x: u32) -> u32 {
    0x6B << 25 | x << 21 | 0x1F << 16
}
#[allow(non_snake_case)]
pub fn SYSOP(l: u32, op0: u32, op1: u32, crn: u32, crm: u32, op2: u32, rt: u32) -> u32 {
    0x354 << 22 | l << 21 | op0 << 19 | op1 << 16 | (crn & 15) << 12 | (crm & 15) << 8 | op2 << 5 | rt
}
#[allow(non_snake_case)]
pub fn SYSHINT(x: u32) -> u32 {
    SYSOP(0, 0, 3, 2, 0, x, 0x1F)
}
#[allow(non_snake_case)]
pub fn LDSTR(sz: u32, v: u32, opc: u32) -> u32 {
    sz << 30 | 7 << 27 | v << 26 | opc << 22
}
#[allow(non_snake_case)]
pub fn LD2STR(o: u32) -> u32 {
    o & !(3 << 22)
}
#[allow(non_snake_case)]
pub fn LDSTX(sz: u32, o2: u32, l: u32, o1: u32, o0: u32) -> u32 {
    sz << 30 | 0x8 << 24 | o2 << 23 | l << 22 | o1 << 21 | o0 << 15
}
#[allow(non_snake_case)]
pub fn FPCMP(m: u32, s: u32, type_: u32, op: u32, op2: u32) -> u32 {
    m << 31 | s << 29 | 0x1E << 24 | type_ << 22 | 1 << 21 | op << 14 | 8 << 10 | op2
}
#[allow(non_snake_case)]
pub fn FPCCMP(m: u32, s: u32, type_: u32, op: u32) -> u32 {
    m << 31 | s << 29 | 0x1E << 24 | type_ << 22 | 1 << 21 | 1 << 10 | op << 4
}
#[allow(non_snake_case)]
pub fn FPOP1S(m: u32, s: u32, type_: u32, op: u32) -> u32 {
    m << 31 | s << 29 | 0x1E << 24 | type_ << 22 | 1 << 21 | op << 15 | 0x10 << 10
}
#[allow(non_snake_case)]
pub fn FPOP2S(m: u32, s: u32, type_: u32, op: u32) -> u32 {
    m << 31 | s << 29 | 0x1E << 24 | type_ << 22 | 1 << 21 | op << 12 | 2 << 10
}
#[allow(non_snake_case)]
pub fn FPOP3S(m: u32, s: u32, type_: u32, op: u32, op2: u32) -> u32 {
    m << 31 | s << 29 | 0x1F << 24 | type_ << 22 | op << 21 | op2 << 15
}
#[allow(non_snake_case)]
pub fn FPCVTI(sf: u32, s: u32, type_: u32, rmode: u32, op: u32) -> u32 {
    sf << 31 | s << 29 | 0x1E << 24 | type_ << 22 | 1 << 21 | rmode << 19 | op << 16
}
#[allow(non_snake_case)]
pub fn adr_enc(p: u32, o: u32, rt: u32) -> u32 {
    p << 31 | (o & 3) << 29 | 0x10 << 24 | ((o >> 2) & 0x7FFFF) << 5 | (rt & 31)
}
#[allow(non_snake_case)]
pub fn OPBIT(x: u32) -> u32 {
    1 << 30 | 0xD6 << 21 | x << 10
}
#[allow(non_snake_case)]
pub fn MOVCONST(d: i64, s: i64, rt: i64) -> u32 {
    ((((d >> (s * 16) as u32) & 0xFFFF) << 5) as u32) | ((s as u32) & 3) << 21 | ((rt & 31) as u32)
}
#[allow(non_snake_case)]
pub fn SYSARG5(op0: i64, op1: i64, cn: i64, cm: i64, op2: i64) -> i64 {
    op0 << 19 | op1 << 16 | cn << 12 | cm << 8 | op2 << 5
}
#[allow(non_snake_case)]
pub fn SYSARG4(op1: i64, cn: i64, cm: i64, op2: i64) -> i64 {
    SYSARG5(0, op1, cn, cm, op2)
}

pub const OP_NOOP: u32 = 0xd503201f;

/// Go's maxPCDisp: the conservative literal-pool reach.
const MAX_PC_DISP: i64 = 512 * 1024;
/// Go's funcAlign: every function's size is a multiple of it.
const FUNC_ALIGN: usize = 16;

pub fn ispcdisp(v: i32) -> bool {
    -(MAX_PC_DISP as i32) < v && v < MAX_PC_DISP as i32 && v & 3 == 0
}

pub fn isaddcon(mut v: i64) -> bool {
    if v < 0 {
        return false;
    }
    if v & 0xFFF == 0 {
        v >>= 12;
    }
    v <= 0xFFF
}

pub fn isaddcon2(v: i64) -> bool {
    (0..=0xFFFFFF).contains(&v)
}

pub fn isbitcon(mut x: u64) -> bool {
    if x == u64::MAX || x == 0 {
        return false;
    }
    if x != (x >> 32 | x << 32) {
    } else if x != (x >> 16 | x << 48) {
        x = x as i32 as i64 as u64;
    } else if x != (x >> 8 | x << 56) {
        x = x as i16 as i64 as u64;
    } else if x != (x >> 4 | x << 60) {
        x = x as i8 as i64 as u64;
    } else {
        return true;
    }
    sequence_of_ones(x) || sequence_of_ones(!x)
}

fn sequence_of_ones(x: u64) -> bool {
    let mut y = x & x.wrapping_neg();
    y = y.wrapping_add(x);
    (y.wrapping_sub(1)) & y == 0
}

pub fn bitcon_encode(mut x: u64, mode: u32) -> u32 {
    if mode == 32 {
        x &= 0xffffffff;
        x = x << 32 | x;
    }
    let period: u32;
    if x != (x >> 32 | x << 32) {
        period = 64;
    } else if x != (x >> 16 | x << 48) {
        period = 32;
        x = x as i32 as i64 as u64;
    } else if x != (x >> 8 | x << 56) {
        period = 16;
        x = x as i16 as i64 as u64;
    } else if x != (x >> 4 | x << 60) {
        period = 8;
        x = x as i8 as i64 as u64;
    } else if x != (x >> 2 | x << 62) {
        period = 4;
        x = (((x << 60) as i64) >> 60) as u64;
    } else {
        period = 2;
        x = (((x << 62) as i64) >> 62) as u64;
    }
    let mut neg = false;
    if (x as i64) < 0 {
        x = !x;
        neg = true;
    }
    let y = x & x.wrapping_neg();
    let mut s = log2(y);
    let mut n = log2(x.wrapping_add(y)) - s;
    if neg {
        s += n;
        n = period - n;
    }
    let nn = if mode == 64 && period == 64 { 1 } else { 0 };
    let r = (period.wrapping_sub(s)) & (period - 1) & (mode - 1);
    let ss = (n - 1) | (63 & !((period << 1) - 1));
    nn << 22 | r << 16 | ss << 10
}

fn log2(x: u64) -> u32 {
    63 - x.leading_zeros()
}

pub fn autoclass(l: i64) -> i64 {
    if l == 0 {
        return C_ZAUTO;
    }
    if l < 0 {
        if l >= -256 && l & 15 == 0 {
            return C_NSAUTO_16;
        }
        if l >= -256 && l & 7 == 0 {
            return C_NSAUTO_8;
        }
        if l >= -256 && l & 3 == 0 {
            return C_NSAUTO_4;
        }
        if l >= -256 {
            return C_NSAUTO;
        }
        if l >= -512 && l & 15 == 0 {
            return C_NPAUTO_16;
        }
        if l >= -512 && l & 7 == 0 {
            return C_NPAUTO;
        }
        if l >= -1024 && l & 15 == 0 {
            return C_NQAUTO_16;
        }
        if l >= -4095 {
            return C_NAUTO4K;
        }
        return C_LAUTO;
    }
    if l <= 255 {
        if l & 15 == 0 {
            return C_PSAUTO_16;
        }
        if l & 7 == 0 {
            return C_PSAUTO_8;
        }
        if l & 3 == 0 {
            return C_PSAUTO_4;
        }
        return C_PSAUTO;
    }
    if l <= 504 {
        if l & 15 == 0 {
            return C_PPAUTO_16;
        }
        if l & 7 == 0 {
            return C_PPAUTO;
        }
    }
    if l <= 1008 && l & 15 == 0 {
        return C_PQAUTO_16;
    }
    if l <= 4095 {
        if l & 15 == 0 {
            return C_UAUTO4K_16;
        }
        if l & 7 == 0 {
            return C_UAUTO4K_8;
        }
        if l & 3 == 0 {
            return C_UAUTO4K_4;
        }
        if l & 1 == 0 {
            return C_UAUTO4K_2;
        }
        return C_UAUTO4K;
    }
    if l <= 8190 {
        if l & 15 == 0 {
            return C_UAUTO8K_16;
        }
        if l & 7 == 0 {
            return C_UAUTO8K_8;
        }
        if l & 3 == 0 {
            return C_UAUTO8K_4;
        }
        if l & 1 == 0 {
            return C_UAUTO8K;
        }
    }
    if l <= 16380 {
        if l & 15 == 0 {
            return C_UAUTO16K_16;
        }
        if l & 7 == 0 {
            return C_UAUTO16K_8;
        }
        if l & 3 == 0 {
            return C_UAUTO16K;
        }
    }
    if l <= 32760 {
        if l & 15 == 0 {
            return C_UAUTO32K_16;
        }
        if l & 7 == 0 {
            return C_UAUTO32K;
        }
    }
    if l <= 65520 && l & 15 == 0 {
        return C_UAUTO64K;
    }
    C_LAUTO
}

pub fn oregclass(l: i64) -> i64 {
    autoclass(l) - C_ZAUTO + C_ZOREG
}

pub fn movcon(v: i64) -> i64 {
    let mut s = 0;
    while s < 64 {
        if (v as u64) & !(0xFFFFu64 << s) == 0 {
            return s / 16;
        }
        s += 16;
    }
    -1
}

pub fn rclass(r: i64) -> i64 {
    if (REG_R0..=REG_R30).contains(&r) {
        C_REG
    } else if r == REGZERO {
        C_ZCON
    } else if (REG_F0..=REG_F31).contains(&r) {
        C_FREG
    } else if (REG_V0..=REG_V31).contains(&r) {
        C_VREG
    } else if r == REGSP {
        C_RSP
    } else if (REG_ARNG..REG_ELEM).contains(&r) {
        C_ARNG
    } else if (REG_ELEM..REG_ELEM_END).contains(&r) {
        C_ELEM
    } else if (REG_UXTB..REG_SPECIAL).contains(&r) || (REG_LSL..REG_ARNG).contains(&r) {
        C_EXTREG
    } else if r >= REG_SPECIAL {
        C_SPR
    } else {
        C_GOK
    }
}

pub fn is_reg_shift_or_ext(a: &A) -> bool {
    (a.index - RBASE_ARM64) & REG_EXT != 0 || (a.index - RBASE_ARM64) & REG_LSL != 0
}

pub fn oclass(a: &A) -> i64 {
    a.class - 1
}

fn con_class(v: i64, vbit: u64) -> i64 {
    if v == 0 {
        return C_ZCON;
    }
    if isaddcon(v) {
        if v <= 0xFFF {
            if isbitcon(vbit) {
                return C_ABCON0;
            }
            return C_ADDCON0;
        }
        if isbitcon(vbit) {
            return C_ABCON;
        }
        if movcon(v) >= 0 {
            return C_AMCON;
        }
        if movcon(!v) >= 0 {
            return C_AMCON;
        }
        return C_ADDCON;
    }
    if movcon(v) >= 0 || movcon(!v) >= 0 {
        if isbitcon(vbit) {
            return C_MBCON;
        }
        return C_MOVCON;
    }
    if isbitcon(vbit) {
        return C_BITCON;
    }
    if (0..=0xffffff).contains(&v) {
        return C_ADDCON2;
    }
    C_LCON
}

impl C7<'_> {
    /// Go's con32class: the constant of a 32-bit instruction, as a uint32.
    fn con32class(&self, a: &A) -> i64 {
        let v = a.offset as u32;
        let vb = (v as u64) << 32 | v as u64;
        if v == 0 {
            return C_ZCON;
        }
        if isaddcon(v as i64) {
            if v <= 0xFFF {
                return if isbitcon(vb) { C_ABCON0 } else { C_ADDCON0 };
            }
            if isbitcon(vb) {
                return C_ABCON;
            }
            if movcon(v as i64) >= 0 || movcon((!v) as i64) >= 0 {
                return C_AMCON;
            }
            return C_ADDCON;
        }
        if movcon(v as i64) >= 0 || movcon((!v) as i64) >= 0 {
            return if isbitcon(vb) { C_MBCON } else { C_MOVCON };
        }
        if isbitcon(vb) {
            return C_BITCON;
        }
        if v <= 0xffffff {
            return C_ADDCON2;
        }
        C_LCON
    }

    fn con64class(&self, a: &A) -> i64 {
        let mut zero = 0;
        let mut neg = 0;
        for i in 0..4 {
            let immh = (a.offset >> (i * 16)) & 0xffff;
            if immh == 0 {
                zero += 1;
            } else if immh == 0xffff {
                neg += 1;
            }
        }
        if zero >= 3 || neg >= 3 {
            C_MOVCON
        } else if zero == 2 || neg == 2 {
            C_MOVCON2
        } else if zero == 1 || neg == 1 {
            C_MOVCON3
        } else {
            C_VCON
        }
    }

    fn sym_is_tls(&self, s: SymId) -> bool {
        // Go asks the symbol's type (STLSBSS, from GLOBL's TLSBSS flag); functions are encoded
        // before a later GLOBL is seen, so the runtime's TLS slots are known by name: arm64's
        // runtime·tls_g (runtime/tls_arm64.s) and the historical tlsg.
        let n = self.syms.name(s);
        matches!(n, "runtime.tlsg" | "runtime.tls_g") || n.ends_with("·tlsg") || n.ends_with("·tls_g")
    }

    /// Go's aclass.
    pub fn aclass(&mut self, a: &mut A) -> i64 {
        match a.typ {
            TYPE_NONE => return C_NONE,
            TYPE_REG => return rclass(a.reg),
            TYPE_REGREG => return C_PAIR,
            TYPE_SHIFT => return C_SHIFT,
            TYPE_REGLIST => return C_LIST,
            TYPE_MEM => {
                if (REG_F0..=REG_V31).contains(&a.reg) {
                    return C_GOK;
                }
                match a.name {
                    NAME_EXTERN | NAME_STATIC => {
                        let Some(s) = a.sym else { return C_GOK };
                        self.instoffset = a.offset;
                        if self.sym_is_tls(s) {
                            return C_TLS_LE;
                        }
                        return C_ADDR;
                    }
                    NAME_GOTREF => return C_GOTADDR,
                    NAME_AUTO => {
                        if a.reg == REGSP {
                            a.reg = 0;
                        }
                        self.instoffset = self.autosize + a.offset - self.extrasize;
                        return autoclass(self.instoffset);
                    }
                    NAME_PARAM => {
                        if a.reg == REGSP {
                            a.reg = 0;
                        }
                        self.instoffset = self.autosize + a.offset + 8;
                        return autoclass(self.instoffset);
                    }
                    NAME_NONE => {
                        if a.index != 0 {
                            if a.offset != 0 {
                                if is_reg_shift_or_ext(a) {
                                    return C_ROFF;
                                }
                                return C_GOK;
                            }
                            return C_ROFF;
                        }
                        self.instoffset = a.offset;
                        return oregclass(self.instoffset);
                    }
                    _ => return C_GOK,
                }
            }
            TYPE_FCONST => return C_FCON,
            TYPE_TEXTSIZE => return C_TEXTSIZE,
            TYPE_CONST | TYPE_ADDR => {
                match a.name {
                    NAME_NONE => {
                        self.instoffset = a.offset;
                        if a.reg != 0 && a.reg != REGZERO {
                            // an address of register+offset: Go falls through to the AACON checks
                        } else {
                            let v = self.instoffset;
                            let c = con_class(v, v as u64);
                            if c == C_LCON {
                                if v as u64 == v as u32 as u64 || v == v as i32 as i64 {
                                    return C_LCON;
                                }
                                return C_VCON;
                            }
                            return c;
                        }
                    }
                    NAME_EXTERN | NAME_STATIC => {
                        let Some(s) = a.sym else { return C_GOK };
                        if self.sym_is_tls(s) {
                            self.diag("taking address of TLS variable is not supported");
                        }
                        self.instoffset = a.offset;
                        return C_VCONADDR;
                    }
                    NAME_AUTO => {
                        if a.reg == REGSP {
                            a.reg = 0;
                        }
                        self.instoffset = self.autosize + a.offset - self.extrasize;
                    }
                    NAME_PARAM => {
                        if a.reg == REGSP {
                            a.reg = 0;
                        }
                        self.instoffset = self.autosize + a.offset + 8;
                    }
                    _ => return C_GOK,
                }
                let cf = self.instoffset;
                if isaddcon(cf) || isaddcon(-cf) {
                    return C_AACON;
                }
                if isaddcon2(cf) {
                    return C_AACON2;
                }
                return C_LACON;
            }
            TYPE_BRANCH => return C_SBRA,
            TYPE_SPECIAL => {
                if (SPOP_EQ..=SPOP_NV).contains(&a.offset) {
                    return C_COND;
                }
                return C_SPOP;
            }
            _ => {}
        }
        C_GOK
    }

    /// Go's regoff.
    pub fn regoff(&mut self, a: &A) -> u32 {
        self.instoffset = 0;
        let mut a = *a;
        self.aclass(&mut a);
        self.instoffset as u32
    }

    /// Go's oplook; `None` after reporting an illegal combination.
    pub fn oplook(&mut self, i: usize) -> Option<&'static Optab> {
        let t = tables();
        let opt = self.progs[i].optab;
        if opt != 0 {
            return Some(&t.sorted[opt as usize - 1]);
        }
        let save = self.cur;
        self.cur = i;
        let mut p = std::mem::take(&mut self.progs[i]);
        let mut a1 = p.from.class;
        if a1 == 0 {
            let mut a0 = self.aclass(&mut p.from);
            if matches!(p.as_, ADDS | ADDSW | SUBS | SUBSW) && a0 == C_ADDCON2 {
                a0 = C_LCON;
            }
            a1 = a0 + 1;
            p.from.class = a1;
            if p.from.typ == TYPE_CONST && p.from.name == NAME_NONE {
                if p.as_ == MOVW || is_addw_op(p.as_) || is_andw_op(p.as_) {
                    let mut ra0 = self.con32class(&p.from);
                    if matches!(p.as_, ADDSW | SUBSW) && ra0 == C_ADDCON2 {
                        ra0 = C_LCON;
                    }
                    a1 = ra0 + 1;
                    p.from.class = a1;
                }
                if (p.as_ == MOVD || is_and_op(p.as_) || is_add_op(p.as_)) && (a0 == C_LCON || a0 == C_VCON) {
                    a1 = self.con64class(&p.from) + 1;
                    p.from.class = a1;
                }
            }
        }
        a1 -= 1;
        let mut a3 = C_NONE + 1;
        if let Some(f3) = p.rest.first_mut()
            && f3.pos == 0
        {
            a3 = f3.class;
            if a3 == 0 {
                let mut f = *f3;
                a3 = self.aclass(&mut f) + 1;
                f.class = a3;
                *f3 = f;
            }
        }
        a3 -= 1;
        let mut a4 = p.to.class;
        if a4 == 0 {
            a4 = self.aclass(&mut p.to) + 1;
            p.to.class = a4;
        }
        a4 -= 1;
        let a2 = if p.reg != 0 { rclass(p.reg) } else { C_NONE };
        let (lo, hi) = t.range[(p.as_.0) as usize];
        let x = &t.xcmp;
        let ok = |a: i64, b: u8| x[a as usize][b as usize];
        let sc = (p.scond >> 5) as i64;
        let mut found = None;
        if (0..C_NCLASS).contains(&a1) && (0..C_NCLASS).contains(&a3) && (0..C_NCLASS).contains(&a4) {
            for k in lo..hi {
                let op = &t.sorted[k];
                if (op.a2 as i64 == a2 || ok(a2, op.a2))
                    && ok(sc, (op.scond >> 5) as u8)
                    && ok(a1, op.a1)
                    && ok(a3, op.a3)
                    && ok(a4, op.a4)
                {
                    p.optab = (k + 1) as u16;
                    found = Some(op);
                    break;
                }
            }
        }
        let as_ = p.as_;
        self.progs[i] = p;
        if found.is_none() {
            self.diag(format!("illegal combination: {} {} {} {} {}", ops::name(as_), dr(a1), dr(a2), dr(a3), dr(a4)));
        }
        self.cur = save;
        found
    }
}

/// Go's DRconv: an operand class's name.
pub fn dr(c: i64) -> String {
    CNAMES.get(c as usize).map_or_else(|| "C_??".to_string(), |s| s.to_string())
}

pub fn is_and_op(op: Op) -> bool {
    matches!(op, AND | ORR | EOR | ANDS | TST | BIC | EON | ORN | BICS)
}
pub fn is_andw_op(op: Op) -> bool {
    matches!(op, ANDW | ORRW | EORW | ANDSW | TSTW | BICW | EONW | ORNW | BICSW)
}
pub fn is_add_op(op: Op) -> bool {
    matches!(op, ADD | ADDS | SUB | SUBS | CMN | CMP)
}
pub fn is_addw_op(op: Op) -> bool {
    matches!(op, ADDW | ADDSW | SUBW | SUBSW | CMNW | CMPW)
}
pub fn is_adds_op(op: Op) -> bool {
    matches!(op, ADDS | ADDSW | SUBS | SUBSW)
}
pub fn is_neg_op(op: Op) -> bool {
    matches!(op, NEG | NEGW | NEGS | NEGSW)
}
pub fn is_stlxr_op(op: Op) -> bool {
    matches!(op, STLXR | STLXRW | STLXRB | STLXRH | STXR | STXRW | STXRB | STXRH)
}
pub fn is_stxp_op(op: Op) -> bool {
    matches!(op, STXP | STLXP | STXPW | STLXPW)
}
/// Go's cmp: whether an operand of class `b` is accepted where the table says `a`.
pub fn cmp(a: i64, b: i64) -> bool {
    if a == b {
        return true;
    }
    match a {
        C_RSP => [C_REG].contains(&b),
        C_REG => [C_ZCON].contains(&b),
        C_ADDCON0 => [C_ZCON, C_ABCON0].contains(&b),
        C_ADDCON => [C_ZCON, C_ABCON0, C_ADDCON0, C_ABCON, C_AMCON].contains(&b),
        C_MBCON => [C_ABCON0].contains(&b),
        C_BITCON => [C_ABCON0, C_ABCON, C_MBCON].contains(&b),
        C_MOVCON => [C_MBCON, C_ZCON, C_ADDCON0, C_ABCON0, C_AMCON].contains(&b),
        C_ADDCON2 => [C_ZCON, C_ADDCON, C_ADDCON0].contains(&b),
        C_LCON => [C_ZCON, C_BITCON, C_ADDCON, C_ADDCON0, C_ABCON, C_ABCON0, C_MBCON, C_MOVCON, C_ADDCON2, C_AMCON]
            .contains(&b),
        C_MOVCON2 => cmp(C_LCON, b),
        C_VCON => cmp(C_LCON, b),
        C_LACON => [C_AACON, C_AACON2].contains(&b),
        C_SEXT2 => [C_SEXT1].contains(&b),
        C_SEXT4 => [C_SEXT1, C_SEXT2].contains(&b),
        C_SEXT8 => (C_SEXT1..=C_SEXT4).contains(&b),
        C_SEXT16 => (C_SEXT1..=C_SEXT8).contains(&b),
        C_LEXT => (C_SEXT1..=C_SEXT16).contains(&b),
        C_NSAUTO_8 => [C_NSAUTO_16].contains(&b),
        C_NSAUTO_4 => [C_NSAUTO_16, C_NSAUTO_8].contains(&b),
        C_NSAUTO => [C_NSAUTO_4, C_NSAUTO_8, C_NSAUTO_16].contains(&b),
        C_NPAUTO_16 => [C_NSAUTO_16].contains(&b),
        C_NPAUTO => [C_NSAUTO_16, C_NSAUTO_8, C_NPAUTO_16].contains(&b),
        C_NQAUTO_16 => [C_NSAUTO_16, C_NPAUTO_16].contains(&b),
        C_NAUTO4K => [C_NSAUTO_16, C_NSAUTO_8, C_NSAUTO_4, C_NSAUTO, C_NPAUTO_16, C_NPAUTO, C_NQAUTO_16].contains(&b),
        C_PSAUTO_16 => [C_ZAUTO].contains(&b),
        C_PSAUTO_8 => [C_ZAUTO, C_PSAUTO_16].contains(&b),
        C_PSAUTO_4 => [C_ZAUTO, C_PSAUTO_16, C_PSAUTO_8].contains(&b),
        C_PSAUTO => [C_ZAUTO, C_PSAUTO_16, C_PSAUTO_8, C_PSAUTO_4].contains(&b),
        C_PPAUTO_16 => [C_ZAUTO, C_PSAUTO_16].contains(&b),
        C_PPAUTO => [C_ZAUTO, C_PSAUTO_16, C_PSAUTO_8, C_PPAUTO_16].contains(&b),
        C_PQAUTO_16 => [C_ZAUTO, C_PSAUTO_16, C_PPAUTO_16].contains(&b),
        C_UAUTO4K => [
            C_ZAUTO,
            C_PSAUTO,
            C_PSAUTO_4,
            C_PSAUTO_8,
            C_PSAUTO_16,
            C_PPAUTO,
            C_PPAUTO_16,
            C_PQAUTO_16,
            C_UAUTO4K_2,
            C_UAUTO4K_4,
            C_UAUTO4K_8,
            C_UAUTO4K_16,
        ]
        .contains(&b),
        C_UAUTO8K => [
            C_ZAUTO,
            C_PSAUTO,
            C_PSAUTO_4,
            C_PSAUTO_8,
            C_PSAUTO_16,
            C_PPAUTO,
            C_PPAUTO_16,
            C_PQAUTO_16,
            C_UAUTO4K_2,
            C_UAUTO4K_4,
            C_UAUTO4K_8,
            C_UAUTO4K_16,
            C_UAUTO8K_4,
            C_UAUTO8K_8,
            C_UAUTO8K_16,
        ]
        .contains(&b),
        C_UAUTO16K => [
            C_ZAUTO,
            C_PSAUTO,
            C_PSAUTO_4,
            C_PSAUTO_8,
            C_PSAUTO_16,
            C_PPAUTO,
            C_PPAUTO_16,
            C_PQAUTO_16,
            C_UAUTO4K_4,
            C_UAUTO4K_8,
            C_UAUTO4K_16,
            C_UAUTO8K_4,
            C_UAUTO8K_8,
            C_UAUTO8K_16,
            C_UAUTO16K_8,
            C_UAUTO16K_16,
        ]
        .contains(&b),
        C_UAUTO32K => [
            C_ZAUTO,
            C_PSAUTO,
            C_PSAUTO_4,
            C_PSAUTO_8,
            C_PSAUTO_16,
            C_PPAUTO,
            C_PPAUTO_16,
            C_PQAUTO_16,
            C_UAUTO4K_8,
            C_UAUTO4K_16,
            C_UAUTO8K_8,
            C_UAUTO8K_16,
            C_UAUTO16K_8,
            C_UAUTO16K_16,
            C_UAUTO32K_16,
        ]
        .contains(&b),
        C_UAUTO64K => [
            C_ZAUTO,
            C_PSAUTO,
            C_PSAUTO_4,
            C_PSAUTO_8,
            C_PSAUTO_16,
            C_PPAUTO_16,
            C_PQAUTO_16,
            C_UAUTO4K_16,
            C_UAUTO8K_16,
            C_UAUTO16K_16,
            C_UAUTO32K_16,
        ]
        .contains(&b),
        C_LAUTO => [
            C_ZAUTO,
            C_NSAUTO,
            C_NSAUTO_4,
            C_NSAUTO_8,
            C_NSAUTO_16,
            C_NPAUTO_16,
            C_NPAUTO,
            C_NQAUTO_16,
            C_NAUTO4K,
            C_PSAUTO,
            C_PSAUTO_4,
            C_PSAUTO_8,
            C_PSAUTO_16,
            C_PPAUTO,
            C_PPAUTO_16,
            C_PQAUTO_16,
            C_UAUTO4K,
            C_UAUTO4K_2,
            C_UAUTO4K_4,
            C_UAUTO4K_8,
            C_UAUTO4K_16,
            C_UAUTO8K,
            C_UAUTO8K_4,
            C_UAUTO8K_8,
            C_UAUTO8K_16,
            C_UAUTO16K,
            C_UAUTO16K_8,
            C_UAUTO16K_16,
            C_UAUTO32K,
            C_UAUTO32K_16,
            C_UAUTO64K,
        ]
        .contains(&b),
        C_NSOREG_8 => [C_NSOREG_16].contains(&b),
        C_NSOREG_4 => [C_NSOREG_8, C_NSOREG_16].contains(&b),
        C_NSOREG => [C_NSOREG_4, C_NSOREG_8, C_NSOREG_16].contains(&b),
        C_NPOREG_16 => [C_NSOREG_16].contains(&b),
        C_NPOREG => [C_NSOREG_16, C_NSOREG_8, C_NPOREG_16].contains(&b),
        C_NQOREG_16 => [C_NSOREG_16, C_NPOREG_16].contains(&b),
        C_NOREG4K => [C_NSOREG_16, C_NSOREG_8, C_NSOREG_4, C_NSOREG, C_NPOREG_16, C_NPOREG, C_NQOREG_16].contains(&b),
        C_PSOREG_16 => [C_ZOREG].contains(&b),
        C_PSOREG_8 => [C_ZOREG, C_PSOREG_16].contains(&b),
        C_PSOREG_4 => [C_ZOREG, C_PSOREG_16, C_PSOREG_8].contains(&b),
        C_PSOREG => [C_ZOREG, C_PSOREG_16, C_PSOREG_8, C_PSOREG_4].contains(&b),
        C_PPOREG_16 => [C_ZOREG, C_PSOREG_16].contains(&b),
        C_PPOREG => [C_ZOREG, C_PSOREG_16, C_PSOREG_8, C_PPOREG_16].contains(&b),
        C_PQOREG_16 => [C_ZOREG, C_PSOREG_16, C_PPOREG_16].contains(&b),
        C_UOREG4K => [
            C_ZOREG,
            C_PSOREG,
            C_PSOREG_4,
            C_PSOREG_8,
            C_PSOREG_16,
            C_PPOREG,
            C_PPOREG_16,
            C_PQOREG_16,
            C_UOREG4K_2,
            C_UOREG4K_4,
            C_UOREG4K_8,
            C_UOREG4K_16,
        ]
        .contains(&b),
        C_UOREG8K => [
            C_ZOREG,
            C_PSOREG,
            C_PSOREG_4,
            C_PSOREG_8,
            C_PSOREG_16,
            C_PPOREG,
            C_PPOREG_16,
            C_PQOREG_16,
            C_UOREG4K_2,
            C_UOREG4K_4,
            C_UOREG4K_8,
            C_UOREG4K_16,
            C_UOREG8K_4,
            C_UOREG8K_8,
            C_UOREG8K_16,
        ]
        .contains(&b),
        C_UOREG16K => [
            C_ZOREG,
            C_PSOREG,
            C_PSOREG_4,
            C_PSOREG_8,
            C_PSOREG_16,
            C_PPOREG,
            C_PPOREG_16,
            C_PQOREG_16,
            C_UOREG4K_4,
            C_UOREG4K_8,
            C_UOREG4K_16,
            C_UOREG8K_4,
            C_UOREG8K_8,
            C_UOREG8K_16,
            C_UOREG16K_8,
            C_UOREG16K_16,
        ]
        .contains(&b),
        C_UOREG32K => [
            C_ZOREG,
            C_PSOREG,
            C_PSOREG_4,
            C_PSOREG_8,
            C_PSOREG_16,
            C_PPOREG,
            C_PPOREG_16,
            C_PQOREG_16,
            C_UOREG4K_8,
            C_UOREG4K_16,
            C_UOREG8K_8,
            C_UOREG8K_16,
            C_UOREG16K_8,
            C_UOREG16K_16,
            C_UOREG32K_16,
        ]
        .contains(&b),
        C_UOREG64K => [
            C_ZOREG,
            C_PSOREG,
            C_PSOREG_4,
            C_PSOREG_8,
            C_PSOREG_16,
            C_PPOREG_16,
            C_PQOREG_16,
            C_UOREG4K_16,
            C_UOREG8K_16,
            C_UOREG16K_16,
            C_UOREG32K_16,
        ]
        .contains(&b),
        C_LOREG => [
            C_ZOREG,
            C_NSOREG,
            C_NSOREG_4,
            C_NSOREG_8,
            C_NSOREG_16,
            C_NPOREG,
            C_NPOREG_16,
            C_NQOREG_16,
            C_NOREG4K,
            C_PSOREG,
            C_PSOREG_4,
            C_PSOREG_8,
            C_PSOREG_16,
            C_PPOREG,
            C_PPOREG_16,
            C_PQOREG_16,
            C_UOREG4K,
            C_UOREG4K_2,
            C_UOREG4K_4,
            C_UOREG4K_8,
            C_UOREG4K_16,
            C_UOREG8K,
            C_UOREG8K_4,
            C_UOREG8K_8,
            C_UOREG8K_16,
            C_UOREG16K,
            C_UOREG16K_8,
            C_UOREG16K_16,
            C_UOREG32K,
            C_UOREG32K_16,
            C_UOREG64K,
        ]
        .contains(&b),
        C_LBRA => [C_SBRA].contains(&b),
        _ => false,
    }
}
/// Go's buildop: the opcodes that share another opcode's rows.
fn aliases(r: Op, set: &mut dyn FnMut(Op)) {
    match r {
        ADD => {
            set(ADDS);
            set(SUB);
            set(SUBS);
            set(ADDW);
            set(ADDSW);
            set(SUBW);
            set(SUBSW);
        }
        AND => {
            set(ANDW);
            set(EOR);
            set(EORW);
            set(ORR);
            set(ORRW);
            set(BIC);
            set(BICW);
            set(EON);
            set(EONW);
            set(ORN);
            set(ORNW);
        }
        ANDS => {
            set(ANDSW);
            set(BICS);
            set(BICSW);
        }
        NEG => {
            set(NEGS);
            set(NEGSW);
            set(NEGW);
        }
        ADC => {
            set(ADCW);
            set(ADCS);
            set(ADCSW);
            set(SBC);
            set(SBCW);
            set(SBCS);
            set(SBCSW);
        }
        NGC => {
            set(NGCW);
            set(NGCS);
            set(NGCSW);
        }
        CMP => {
            set(CMPW);
            set(CMN);
            set(CMNW);
        }
        TST => {
            set(TSTW);
        }
        MVN => {
            set(MVNW);
        }
        MOVK => {
            set(MOVKW);
            set(MOVN);
            set(MOVNW);
            set(MOVZ);
            set(MOVZW);
        }
        SWPD => {
            for &op in ATOMIC_LDADD.iter().chain(ATOMIC_SWP.iter()) {
                if op.0 != SWPD {
                    set(op.0);
                }
            }
        }
        CASPD => {
            set(CASPW);
        }
        BEQ => {
            set(BNE);
            set(BCS);
            set(BHS);
            set(BCC);
            set(BLO);
            set(BMI);
            set(BPL);
            set(BVS);
            set(BVC);
            set(BHI);
            set(BLS);
            set(BGE);
            set(BLT);
            set(BGT);
            set(BLE);
        }
        LSL => {
            set(LSLW);
            set(LSR);
            set(LSRW);
            set(ASR);
            set(ASRW);
            set(ROR);
            set(RORW);
        }
        CLS => {
            set(CLSW);
            set(CLZ);
            set(CLZW);
            set(RBIT);
            set(RBITW);
            set(REV);
            set(REVW);
            set(REV16);
            set(REV16W);
            set(REV32);
        }
        SDIV => {
            set(SDIVW);
            set(UDIV);
            set(UDIVW);
            set(CRC32B);
            set(CRC32CB);
            set(CRC32CH);
            set(CRC32CW);
            set(CRC32CX);
            set(CRC32H);
            set(CRC32W);
            set(CRC32X);
        }
        MADD => {
            set(MADDW);
            set(MSUB);
            set(MSUBW);
            set(SMADDL);
            set(SMSUBL);
            set(UMADDL);
            set(UMSUBL);
        }
        REM => {
            set(REMW);
            set(UREM);
            set(UREMW);
        }
        MUL => {
            set(MULW);
            set(MNEG);
            set(MNEGW);
            set(SMNEGL);
            set(SMULL);
            set(SMULH);
            set(UMNEGL);
            set(UMULH);
            set(UMULL);
        }
        MOVB => {
            set(MOVBU);
        }
        MOVH => {
            set(MOVHU);
        }
        MOVW => {
            set(MOVWU);
        }
        BFM => {
            set(BFMW);
            set(SBFM);
            set(SBFMW);
            set(UBFM);
            set(UBFMW);
        }
        BFI => {
            set(BFIW);
            set(BFXIL);
            set(BFXILW);
            set(SBFIZ);
            set(SBFIZW);
            set(SBFX);
            set(SBFXW);
            set(UBFIZ);
            set(UBFIZW);
            set(UBFX);
            set(UBFXW);
        }
        EXTR => {
            set(EXTRW);
        }
        SXTB => {
            set(SXTBW);
            set(SXTH);
            set(SXTHW);
            set(SXTW);
            set(UXTB);
            set(UXTH);
            set(UXTW);
            set(UXTBW);
            set(UXTHW);
        }
        CCMN => {
            set(CCMNW);
            set(CCMP);
            set(CCMPW);
        }
        CSEL => {
            set(CSELW);
            set(CSINC);
            set(CSINCW);
            set(CSINV);
            set(CSINVW);
            set(CSNEG);
            set(CSNEGW);
        }
        CINC => {
            set(CINCW);
            set(CINV);
            set(CINVW);
            set(CNEG);
            set(CNEGW);
        }
        CSET => {
            set(CSETW);
            set(CSETM);
            set(CSETMW);
        }
        LDP => {
            set(FLDPD);
        }
        STP => {
            set(FSTPD);
        }
        STPW => {
            set(FSTPS);
        }
        LDPW => {
            set(LDPSW);
            set(FLDPS);
        }
        ERET => {
            set(WFE);
            set(WFI);
            set(YIELD);
            set(SEV);
            set(SEVL);
            set(NOOP);
            set(DRPS);
        }
        CBZ => {
            set(CBZW);
            set(CBNZ);
            set(CBNZW);
        }
        TBZ => {
            set(TBNZ);
        }
        SVC => {
            set(HVC);
            set(HLT);
            set(SMC);
            set(BRK);
            set(DCPS1);
            set(DCPS2);
            set(DCPS3);
        }
        FADDS => {
            set(FADDD);
            set(FSUBS);
            set(FSUBD);
            set(FMULS);
            set(FMULD);
            set(FNMULS);
            set(FNMULD);
            set(FDIVS);
            set(FMAXD);
            set(FMAXS);
            set(FMIND);
            set(FMINS);
            set(FMAXNMD);
            set(FMAXNMS);
            set(FMINNMD);
            set(FMINNMS);
            set(FDIVD);
        }
        FMSUBD => {
            set(FMSUBS);
            set(FMADDS);
            set(FMADDD);
            set(FNMSUBS);
            set(FNMSUBD);
            set(FNMADDS);
            set(FNMADDD);
        }
        FCVTSD => {
            set(FCVTDS);
            set(FABSD);
            set(FABSS);
            set(FNEGD);
            set(FNEGS);
            set(FSQRTD);
            set(FSQRTS);
            set(FRINTNS);
            set(FRINTND);
            set(FRINTPS);
            set(FRINTPD);
            set(FRINTMS);
            set(FRINTMD);
            set(FRINTZS);
            set(FRINTZD);
            set(FRINTAS);
            set(FRINTAD);
            set(FRINTXS);
            set(FRINTXD);
            set(FRINTIS);
            set(FRINTID);
            set(FCVTDH);
            set(FCVTHS);
            set(FCVTHD);
            set(FCVTSH);
        }
        FCMPS => {
            set(FCMPD);
            set(FCMPES);
            set(FCMPED);
        }
        FCCMPS => {
            set(FCCMPD);
            set(FCCMPES);
            set(FCCMPED);
        }
        FCSELD => {
            set(FCSELS);
        }
        FCVTZSD => {
            set(FCVTZSDW);
            set(FCVTZSS);
            set(FCVTZSSW);
            set(FCVTZUD);
            set(FCVTZUDW);
            set(FCVTZUS);
            set(FCVTZUSW);
        }
        SCVTFD => {
            set(SCVTFS);
            set(SCVTFWD);
            set(SCVTFWS);
            set(UCVTFD);
            set(UCVTFS);
            set(UCVTFWD);
            set(UCVTFWS);
        }
        SYS => {
            set(AT);
            set(IC);
        }
        TLBI => {
            set(DC);
        }
        DMB => {
            set(DSB);
            set(ISB);
        }
        LDAR => {
            set(LDARW);
            set(LDARB);
            set(LDARH);
            set(LDXRB);
            set(LDXRH);
            set(LDXRW);
        }
        LDXR => {
            set(LDXRB);
            set(LDXRH);
            set(LDXRW);
        }
        LDAXR => {
            set(LDAXRB);
            set(LDAXRH);
            set(LDAXRW);
        }
        LDXP => {
            set(LDXPW);
            set(LDAXP);
            set(LDAXPW);
        }
        STLR => {
            set(STLRB);
            set(STLRH);
            set(STLRW);
        }
        STXR => {
            set(STXRB);
            set(STXRH);
            set(STXRW);
        }
        STLXR => {
            set(STLXRB);
            set(STLXRH);
            set(STLXRW);
        }
        STXP => {
            set(STLXP);
            set(STLXPW);
            set(STXPW);
        }
        VADDP => {
            set(VAND);
            set(VCMEQ);
            set(VORR);
            set(VEOR);
            set(VBSL);
            set(VBIT);
            set(VCMTST);
            set(VUMAX);
            set(VUMIN);
            set(VUZP1);
            set(VUZP2);
            set(VBIF);
        }
        VADD => {
            set(VSUB);
            set(VRAX1);
        }
        AESD => {
            set(AESE);
            set(AESMC);
            set(AESIMC);
            set(SHA1SU1);
            set(SHA256SU0);
            set(SHA512SU0);
        }
        SHA1C => {
            set(SHA1P);
            set(SHA1M);
        }
        SHA256H => {
            set(SHA256H2);
            set(SHA512H);
            set(SHA512H2);
        }
        SHA1SU0 => {
            set(SHA256SU1);
            set(SHA512SU1);
        }
        VADDV => {
            set(VUADDLV);
        }
        VFMLA => {
            set(VFMLS);
        }
        VPMULL => {
            set(VPMULL2);
        }
        VUSHR => {
            set(VSHL);
            set(VSRI);
            set(VSLI);
            set(VUSRA);
        }
        VREV32 => {
            set(VCNT);
            set(VRBIT);
            set(VREV64);
            set(VREV16);
        }
        VZIP1 => {
            set(VZIP2);
            set(VTRN1);
            set(VTRN2);
        }
        VUXTL => {
            set(VUXTL2);
        }
        VUSHLL => {
            set(VUSHLL2);
        }
        VLD1R => {
            set(VLD2);
            set(VLD2R);
            set(VLD3);
            set(VLD3R);
            set(VLD4);
            set(VLD4R);
        }
        VEOR3 => {
            set(VBCAX);
        }
        VUADDW => {
            set(VUADDW2);
        }
        _ => {}
    }
}
pub static ATOMIC_LDADD: [(Op, u32); 64] = [
    (LDADDAD, 3 << 30 | 0x1c5 << 21 | 0x00 << 10),
    (LDADDAW, 2 << 30 | 0x1c5 << 21 | 0x00 << 10),
    (LDADDAH, 1 << 30 | 0x1c5 << 21 | 0x00 << 10),
    (LDADDAB, 0 << 30 | 0x1c5 << 21 | 0x00 << 10),
    (LDADDALD, 3 << 30 | 0x1c7 << 21 | 0x00 << 10),
    (LDADDALW, 2 << 30 | 0x1c7 << 21 | 0x00 << 10),
    (LDADDALH, 1 << 30 | 0x1c7 << 21 | 0x00 << 10),
    (LDADDALB, 0 << 30 | 0x1c7 << 21 | 0x00 << 10),
    (LDADDD, 3 << 30 | 0x1c1 << 21 | 0x00 << 10),
    (LDADDW, 2 << 30 | 0x1c1 << 21 | 0x00 << 10),
    (LDADDH, 1 << 30 | 0x1c1 << 21 | 0x00 << 10),
    (LDADDB, 0 << 30 | 0x1c1 << 21 | 0x00 << 10),
    (LDADDLD, 3 << 30 | 0x1c3 << 21 | 0x00 << 10),
    (LDADDLW, 2 << 30 | 0x1c3 << 21 | 0x00 << 10),
    (LDADDLH, 1 << 30 | 0x1c3 << 21 | 0x00 << 10),
    (LDADDLB, 0 << 30 | 0x1c3 << 21 | 0x00 << 10),
    (LDCLRAD, 3 << 30 | 0x1c5 << 21 | 0x04 << 10),
    (LDCLRAW, 2 << 30 | 0x1c5 << 21 | 0x04 << 10),
    (LDCLRAH, 1 << 30 | 0x1c5 << 21 | 0x04 << 10),
    (LDCLRAB, 0 << 30 | 0x1c5 << 21 | 0x04 << 10),
    (LDCLRALD, 3 << 30 | 0x1c7 << 21 | 0x04 << 10),
    (LDCLRALW, 2 << 30 | 0x1c7 << 21 | 0x04 << 10),
    (LDCLRALH, 1 << 30 | 0x1c7 << 21 | 0x04 << 10),
    (LDCLRALB, 0 << 30 | 0x1c7 << 21 | 0x04 << 10),
    (LDCLRD, 3 << 30 | 0x1c1 << 21 | 0x04 << 10),
    (LDCLRW, 2 << 30 | 0x1c1 << 21 | 0x04 << 10),
    (LDCLRH, 1 << 30 | 0x1c1 << 21 | 0x04 << 10),
    (LDCLRB, 0 << 30 | 0x1c1 << 21 | 0x04 << 10),
    (LDCLRLD, 3 << 30 | 0x1c3 << 21 | 0x04 << 10),
    (LDCLRLW, 2 << 30 | 0x1c3 << 21 | 0x04 << 10),
    (LDCLRLH, 1 << 30 | 0x1c3 << 21 | 0x04 << 10),
    (LDCLRLB, 0 << 30 | 0x1c3 << 21 | 0x04 << 10),
    (LDEORAD, 3 << 30 | 0x1c5 << 21 | 0x08 << 10),
    (LDEORAW, 2 << 30 | 0x1c5 << 21 | 0x08 << 10),
    (LDEORAH, 1 << 30 | 0x1c5 << 21 | 0x08 << 10),
    (LDEORAB, 0 << 30 | 0x1c5 << 21 | 0x08 << 10),
    (LDEORALD, 3 << 30 | 0x1c7 << 21 | 0x08 << 10),
    (LDEORALW, 2 << 30 | 0x1c7 << 21 | 0x08 << 10),
    (LDEORALH, 1 << 30 | 0x1c7 << 21 | 0x08 << 10),
    (LDEORALB, 0 << 30 | 0x1c7 << 21 | 0x08 << 10),
    (LDEORD, 3 << 30 | 0x1c1 << 21 | 0x08 << 10),
    (LDEORW, 2 << 30 | 0x1c1 << 21 | 0x08 << 10),
    (LDEORH, 1 << 30 | 0x1c1 << 21 | 0x08 << 10),
    (LDEORB, 0 << 30 | 0x1c1 << 21 | 0x08 << 10),
    (LDEORLD, 3 << 30 | 0x1c3 << 21 | 0x08 << 10),
    (LDEORLW, 2 << 30 | 0x1c3 << 21 | 0x08 << 10),
    (LDEORLH, 1 << 30 | 0x1c3 << 21 | 0x08 << 10),
    (LDEORLB, 0 << 30 | 0x1c3 << 21 | 0x08 << 10),
    (LDORAD, 3 << 30 | 0x1c5 << 21 | 0x0c << 10),
    (LDORAW, 2 << 30 | 0x1c5 << 21 | 0x0c << 10),
    (LDORAH, 1 << 30 | 0x1c5 << 21 | 0x0c << 10),
    (LDORAB, 0 << 30 | 0x1c5 << 21 | 0x0c << 10),
    (LDORALD, 3 << 30 | 0x1c7 << 21 | 0x0c << 10),
    (LDORALW, 2 << 30 | 0x1c7 << 21 | 0x0c << 10),
    (LDORALH, 1 << 30 | 0x1c7 << 21 | 0x0c << 10),
    (LDORALB, 0 << 30 | 0x1c7 << 21 | 0x0c << 10),
    (LDORD, 3 << 30 | 0x1c1 << 21 | 0x0c << 10),
    (LDORW, 2 << 30 | 0x1c1 << 21 | 0x0c << 10),
    (LDORH, 1 << 30 | 0x1c1 << 21 | 0x0c << 10),
    (LDORB, 0 << 30 | 0x1c1 << 21 | 0x0c << 10),
    (LDORLD, 3 << 30 | 0x1c3 << 21 | 0x0c << 10),
    (LDORLW, 2 << 30 | 0x1c3 << 21 | 0x0c << 10),
    (LDORLH, 1 << 30 | 0x1c3 << 21 | 0x0c << 10),
    (LDORLB, 0 << 30 | 0x1c3 << 21 | 0x0c << 10),
];

pub static ATOMIC_SWP: [(Op, u32); 28] = [
    (SWPAD, 3 << 30 | 0x1c5 << 21 | 0x20 << 10),
    (SWPAW, 2 << 30 | 0x1c5 << 21 | 0x20 << 10),
    (SWPAH, 1 << 30 | 0x1c5 << 21 | 0x20 << 10),
    (SWPAB, 0 << 30 | 0x1c5 << 21 | 0x20 << 10),
    (SWPALD, 3 << 30 | 0x1c7 << 21 | 0x20 << 10),
    (SWPALW, 2 << 30 | 0x1c7 << 21 | 0x20 << 10),
    (SWPALH, 1 << 30 | 0x1c7 << 21 | 0x20 << 10),
    (SWPALB, 0 << 30 | 0x1c7 << 21 | 0x20 << 10),
    (SWPD, 3 << 30 | 0x1c1 << 21 | 0x20 << 10),
    (SWPW, 2 << 30 | 0x1c1 << 21 | 0x20 << 10),
    (SWPH, 1 << 30 | 0x1c1 << 21 | 0x20 << 10),
    (SWPB, 0 << 30 | 0x1c1 << 21 | 0x20 << 10),
    (SWPLD, 3 << 30 | 0x1c3 << 21 | 0x20 << 10),
    (SWPLW, 2 << 30 | 0x1c3 << 21 | 0x20 << 10),
    (SWPLH, 1 << 30 | 0x1c3 << 21 | 0x20 << 10),
    (SWPLB, 0 << 30 | 0x1c3 << 21 | 0x20 << 10),
    (CASD, 3 << 30 | 0x45 << 21 | 0x1f << 10),
    (CASW, 2 << 30 | 0x45 << 21 | 0x1f << 10),
    (CASH, 1 << 30 | 0x45 << 21 | 0x1f << 10),
    (CASB, 0 << 30 | 0x45 << 21 | 0x1f << 10),
    (CASAD, 3 << 30 | 0x47 << 21 | 0x1f << 10),
    (CASAW, 2 << 30 | 0x47 << 21 | 0x1f << 10),
    (CASLD, 3 << 30 | 0x45 << 21 | 0x3f << 10),
    (CASLW, 2 << 30 | 0x45 << 21 | 0x3f << 10),
    (CASALD, 3 << 30 | 0x47 << 21 | 0x3f << 10),
    (CASALW, 2 << 30 | 0x47 << 21 | 0x3f << 10),
    (CASALH, 1 << 30 | 0x47 << 21 | 0x3f << 10),
    (CASALB, 0 << 30 | 0x47 << 21 | 0x3f << 10),
];

pub static ATOMIC_CASP: [(Op, u32); 2] =
    [(CASPD, 1 << 30 | 0x41 << 21 | 0x1f << 10), (CASPW, 0 << 30 | 0x41 << 21 | 0x1f << 10)];

pub fn atomic_ldadd(op: Op) -> Option<u32> {
    ATOMIC_LDADD.iter().find(|e| e.0 == op).map(|e| e.1)
}
pub fn atomic_swp(op: Op) -> Option<u32> {
    ATOMIC_SWP.iter().find(|e| e.0 == op).map(|e| e.1)
}
pub fn atomic_casp(op: Op) -> Option<u32> {
    ATOMIC_CASP.iter().find(|e| e.0 == op).map(|e| e.1)
}
/// Go's optab after buildop: sorted, the row range of each opcode, and xcmp.
pub struct Tables {
    pub sorted: Vec<Optab>,
    /// By `Op.0`: the rows of that opcode in `sorted`.
    pub range: Vec<(usize, usize)>,
    pub xcmp: Vec<[bool; C_NCLASS as usize]>,
}

pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut xcmp = vec![[false; C_NCLASS as usize]; C_NCLASS as usize];
        for (i, row) in xcmp.iter_mut().enumerate().take(C_GOK as usize) {
            for (n, v) in row.iter_mut().enumerate().take(C_GOK as usize) {
                if cmp(n as i64, i as i64) {
                    *v = true;
                }
            }
        }
        // Go's ocmp order (its sort is not stable; equal keys are identical rows)
        let mut sorted: Vec<Optab> = OPTAB.iter().copied().filter(|o| o.as_ != Op::NONE).collect();
        sorted.sort_by_key(|o| (o.as_, o.a1, o.a2, o.a3, o.a4, o.scond));
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

// ---- the layout (Go's span7) ----

fn pc_align_pad(pc: i64, a: i64) -> Option<i64> {
    if !(a & (a - 1) == 0 && (8..=2048).contains(&a)) {
        return None;
    }
    Some(-pc & (a - 1))
}

impl C7<'_> {
    fn zero_width(&self, p: &P) -> bool {
        matches!(p.as_, Op::NOP | Op::FUNCDATA | Op::PCDATA)
    }

    /// The size Go's span gives an instruction at `pc` (PCALIGN's padding included).
    fn size_at(&mut self, i: usize, pc: i64) -> i64 {
        let o = self.oplook(i);
        let m = o.map_or(4, |o| o.size as i64);
        if m == 0 && self.progs[i].as_ == Op::PCALIGN {
            let a = self.progs[i].from.offset;
            return match pc_align_pad(pc, a) {
                Some(v) => v,
                None => {
                    let save = self.cur;
                    self.cur = i;
                    self.diag(format!(
                        "alignment value of an instruction must be a power of two and in the range [8, 2048], got {a}"
                    ));
                    self.cur = save;
                    0
                }
            };
        }
        m
    }

    /// Go's addpool: the literal of `a` for the instruction at `i`.
    fn addpool(&mut self, i: usize, from: bool) {
        let mut a = if from { self.progs[i].from } else { self.progs[i].to };
        let cls = self.aclass(&mut a);
        let lit = self.instoffset;
        let as_ = self.progs[i].as_;
        let mut t = P::new(WORD);
        let mut sz = 4;
        if a.typ == TYPE_CONST {
            if (lit != lit as i32 as i64 && lit as u64 != lit as u32 as u64) || as_ == VMOVQ || as_ == VMOVD {
                t.as_ = DWORD;
                sz = 8;
            }
        } else if (as_ == MOVD && a.typ != TYPE_MEM)
            || cls == C_ADDR
            || cls == C_VCON
            || lit != lit as i32 as i64
            || lit as u64 != lit as u32 as u64
        {
            t.as_ = DWORD;
            sz = 8;
        }
        t.to = A::konst(lit);
        for (k, q) in self.pool.iter().enumerate() {
            if q.to == t.to {
                self.pool_refs.push((i, k));
                return;
            }
        }
        if self.pool.is_empty() {
            self.pool_start = self.progs[i].pc as u32;
        }
        if t.as_ == DWORD {
            self.pool_size = (self.pool_size + 7) & !7;
        }
        self.pool_size += sz;
        self.pool.push(t);
        self.pool_refs.push((i, self.pool.len() - 1));
    }

    /// Go's addpool128: a 128-bit constant as two DWORDs.
    fn addpool128(&mut self, i: usize) {
        let lo = self.progs[i].from.offset;
        let hi = self.progs[i].from3().map_or(0, |a| a.offset);
        let mut q = P::new(DWORD);
        q.to = A::konst(lo);
        let mut t = P::new(DWORD);
        t.to = A::konst(hi);
        if self.pool.is_empty() {
            self.pool_start = self.progs[i].pc as u32;
        }
        self.pool.push(q);
        self.pool.push(t);
        self.pool_size = (self.pool_size + 15) & !15;
        self.pool_size += 16;
        self.pool_refs.push((i, self.pool.len() - 2));
    }

    /// Go's checkpool after the instruction at `i` (`last`: it is the function's last).
    fn checkpool(&mut self, i: usize, skip: u8, last: bool, pc_of: i64) {
        let v = pc_of + 4 + self.pool_size as i64 - self.pool_start as i64 + 8;
        if self.pool_size >= 0xffff0 || !ispcdisp(v as i32) {
            self.flushpool(i, skip);
        } else if last {
            self.flushpool(i, 2);
        }
    }

    /// Go's flushpool: the pool goes after the instruction at `i` (the end of `progs`), behind
    /// a branch around it unless the instruction does not fall through.
    fn flushpool(&mut self, i: usize, skip: u8) {
        if self.pool.is_empty() {
            return;
        }
        if skip == 0 && self.progs[i].pc + self.pool_size as i64 - (self.pool_start as i64) < MAX_PC_DISP {
            return;
        }
        let pool = std::mem::take(&mut self.pool);
        if skip != 0 {
            // Go's B to p.Link: past the pool, or (at the end of the function, skip 2) to no
            // Prog at all, which Go encodes as a branch to itself and lists as `JMP 0(PC)`
            let target = if skip == 1 { self.progs.len() + 1 + pool.len() } else { usize::MAX };
            let mut q = P::new(ops::B);
            q.to = A::branch(target);
            self.progs.push(q);
        }
        let base = self.progs.len();
        for (k, q) in pool.into_iter().enumerate() {
            let _ = k;
            self.progs.push(q);
        }
        for (at, k) in std::mem::take(&mut self.pool_refs) {
            self.progs[at].pool = Some(base + k);
        }
        self.pool_size = 0;
        self.pool_start = 0;
    }
}

/// Go's chipfloat7: the 8-bit immediate of FMOV, or -1.
pub fn chipfloat7(e: f64) -> i64 {
    let ei = e.to_bits();
    let l = ei as u32;
    let h = (ei >> 32) as u32;
    if l != 0 || h & 0xffff != 0 {
        return -1;
    }
    let h1 = h & 0x7fc00000;
    if h1 != 0x40000000 && h1 != 0x3fc00000 {
        return -1;
    }
    let mut n = 0;
    if h & 0x80000000 != 0 {
        n |= 1 << 7;
    }
    if h1 == 0x3fc00000 {
        n |= 1 << 6;
    }
    n |= ((h >> 16) & 0x3f) as i64;
    n
}

/// Assembles one function: adapts its Progs to Go's view, lays it out as span7 and encodes it.
/// The Progs of the function are replaced by the span list's (pool literals and the branches
/// the layout adds are synthesized Progs), with their pcs and sizes.
pub fn assemble(f: &mut Func, cx: &mut Ctx) -> Code {
    let mut code = Code::default();
    let mut input: Vec<P> = Vec::with_capacity(f.progs.len());
    for (k, p) in f.progs.iter().enumerate().skip(1) {
        // a Prog that cannot be adapted is reported and takes no room (as Go goes on after a
        // parse error)
        let mut g = match adapt(p) {
            Ok(mut g) => match progedit(&mut g, cx, p.origin) {
                Ok(()) => g,
                Err(e) => {
                    cx.diags.push(Diag::error("E0301", p.origin, e));
                    P::new(Op::NOP)
                }
            },
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
    let mut c = C7 {
        syms: cx.syms,
        progs: Vec::with_capacity(input.len() + 8),
        autosize: f.layout.autosize,
        extrasize: super::frame::extrasize(f),
        instoffset: 0,
        pc: 0,
        cur: 0,
        pool: Vec::new(),
        pool_refs: Vec::new(),
        pool_start: 0,
        pool_size: 0,
        errs: Vec::new(),
        fixups: Vec::new(),
    };
    // orig index -> span index
    let mut at = vec![usize::MAX; f.progs.len()];
    let n = input.len();
    let mut pc: i64 = 0;
    for (k, p) in input.into_iter().enumerate() {
        let i = c.progs.len();
        at[p.orig.expect("from the function")] = i;
        c.progs.push(p);
        if c.progs[i].as_ == DWORD && pc & 7 != 0 {
            pc += 4;
        }
        c.progs[i].pc = pc;
        let o = c.oplook(i);
        let m = c.size_at(i, pc);
        if m == 0 && c.zero_width(&c.progs[i]) {
            continue;
        }
        if let Some(o) = o {
            if o.flag as i64 & LFROM != 0 {
                c.addpool(i, true);
            }
            if o.flag as i64 & LFROM128 != 0 {
                c.addpool128(i);
            }
            if o.flag as i64 & LTO != 0 {
                c.addpool(i, false);
            }
        }
        let as_ = c.progs[i].as_;
        let last = k + 1 == n;
        if as_ == ops::B || as_ == Op::RET || as_ == ERET {
            c.checkpool(i, 0, last, pc);
        }
        pc += m;
        if !c.pool.is_empty() {
            c.checkpool(i, 1, last, pc - m);
        }
    }
    if !c.pool.is_empty() {
        let i = c.progs.len() - 1;
        c.flushpool(i, 2);
    }
    // branch targets: function indices to span indices
    for p in c.progs.iter_mut() {
        for a in [&mut p.from, &mut p.to] {
            if a.typ == TYPE_BRANCH && a.target != usize::MAX && p.orig.is_some() {
                a.target = at.get(a.target).copied().unwrap_or(usize::MAX);
            }
        }
    }
    // the synthesized branch around a pool points into the span list already; mark them
    // very large conditional branches: a B around a B (Go's bflag loop)
    let res = crate::emit::span::converge(cx.layout_rounds, |_| {
        let mut grew = false;
        let mut pc = 0i64;
        let mut i = 0;
        while i < c.progs.len() {
            if c.progs[i].as_ == DWORD && pc & 7 != 0 {
                pc += 4;
            }
            c.progs[i].pc = pc;
            let o = c.oplook(i);
            if let Some(o) = o
                && matches!(o.type_, 7 | 39 | 40)
                && c.progs[i].to.target != usize::MAX
                && c.progs[i].to.typ == TYPE_BRANCH
            {
                let t = c.progs[i].to.target;
                let otxt = c.progs.get(t).map_or(0, |q| q.pc) - pc;
                let toofar = match o.type_ {
                    40 => otxt <= -(1 << 15) + 10 || otxt >= (1 << 15) - 10,
                    _ => otxt <= -(1 << 20) + 10 || otxt >= (1 << 20) - 10,
                };
                if toofar {
                    // p: Bcond q1; q1: B target; q2: B after
                    let mut q1 = P::new(ops::B);
                    q1.to = A::branch(t);
                    let mut q2 = P::new(ops::B);
                    q2.to = A::branch(i + 3);
                    for p in c.progs.iter_mut() {
                        for a in [&mut p.from, &mut p.to] {
                            if a.typ == TYPE_BRANCH && a.target != usize::MAX && a.target > i {
                                a.target += 2;
                            }
                        }
                        if let Some(q) = p.pool.as_mut()
                            && *q > i
                        {
                            *q += 2;
                        }
                    }
                    if q1.to.target > i {
                        q1.to.target += 2;
                    }
                    c.progs[i].to.target = i + 1;
                    c.progs.insert(i + 1, q1);
                    c.progs.insert(i + 2, q2);
                    grew = true;
                }
            }
            let m = c.size_at(i, pc);
            pc += m;
            i += 1;
        }
        grew
    });
    if let Err(rounds) = res {
        cx.diags.push(crate::emit::span::diverged(f.origin, rounds));
        return code;
    }
    // lay out the code
    let mut out = [0u32; 6];
    for i in 0..c.progs.len() {
        c.cur = i;
        c.pc = c.progs[i].pc;
        while (code.bytes.len() as i64) < c.pc {
            code.bytes.push(0);
        }
        let Some(o) = c.oplook(i) else { continue };
        if c.progs[i].as_ == Op::PCALIGN {
            let v = pc_align_pad(c.pc, c.progs[i].from.offset).unwrap_or(0);
            for _ in 0..v / 4 {
                code.bytes.extend_from_slice(&OP_NOOP.to_le_bytes());
            }
            continue;
        }
        out.fill(0);
        let nerr = c.errs.len();
        c.asmout(i, o, &mut out);
        if c.errs.len() > nerr {
            continue;
        }
        for w in &out[..(o.size as usize / 4)] {
            code.bytes.extend_from_slice(&w.to_le_bytes());
        }
    }
    code.fixups = std::mem::take(&mut c.fixups);
    for e in &c.errs {
        let p = &c.progs[e.at];
        let origin = p.orig.map_or(f.origin, |k| f.progs[k].origin);
        cx.diags.push(Diag::error(e.code, origin, e.msg.clone()));
    }
    // the function's Progs become the span list's
    let old = std::mem::take(&mut f.progs);
    let mut old: Vec<Option<Prog>> = old.into_iter().map(Some).collect();
    let text = old[0].take().expect("TEXT");
    let mut progs = Vec::with_capacity(c.progs.len() + 1);
    progs.push(text);
    let end = code.bytes.len() as u32;
    // Go's isRestartable: several instructions that build a constant in REGTMP (indexed like
    // the function's Progs, TEXT first)
    let mut restartable = vec![false; c.progs.len() + 1];
    for i in 0..c.progs.len() {
        let size = c.progs.get(i + 1).map_or(end as i64, |q| q.pc) - c.progs[i].pc;
        restartable[i + 1] = size > 4 && c.oplook(i).is_some_and(|o| o.flag as i64 & NOTUSETMP == 0);
    }
    for (i, g) in c.progs.iter().enumerate() {
        let size = match c.progs.get(i + 1) {
            Some(q) => (q.pc - g.pc) as u32,
            None => end.saturating_sub(g.pc as u32),
        };
        let mut p = match g.orig {
            Some(k) => old[k].take().expect("each Prog once"),
            None => {
                // pool entries take the line of the instruction before them (flushpool)
                let origin = progs.last().map_or(f.origin, |q: &Prog| q.origin);
                let mut p = Prog::new(g.as_, origin).synth();
                p.mark |= mark::SYNTH;
                let target = if g.to.target == usize::MAX { u32::MAX } else { g.to.target as u32 + 1 };
                match g.to.typ {
                    TYPE_BRANCH => p.args.push(Operand::new(Addr::Branch(target), origin)),
                    _ => p.args.push(Operand::new(Addr::Imm(g.to.offset), origin)),
                }
                p
            }
        };
        if g.orig.is_some() {
            for a in p.args.iter_mut() {
                if let Addr::Branch(t) = a.addr {
                    a.addr = Addr::Branch(at.get(t as usize).map_or(t, |&x| x as u32 + 1));
                }
            }
        }
        p.pc = g.pc as u32;
        p.size = if c.zero_width(g) { 0 } else { size };
        progs.push(p);
    }
    f.progs = progs;
    super::frame::mark_unsafe_points(&mut f.progs, &restartable);
    // span7: the symbol's size is rounded up to funcAlign (the last pc table row covers it)
    while !code.bytes.len().is_multiple_of(FUNC_ALIGN) {
        code.bytes.push(0);
    }
    code
}
