//! The arm encoder: Go's asm5.go, ported on Go's own view of an instruction.
//!
//! p9asm keeps operands as a list in source order; Go's back end reads `From`, `Reg`, `From3`
//! and `To`. [`adapt`] builds that view from a Prog exactly as cmd/asm/internal/asm/asm.go
//! (`asmInstruction`, `asmJump`, arch/arm.go) does for arm, then applies Go's `progedit`
//! (obj5.go) rewrites, so that `oplook`, `aclass` and `asmout` below are asm5.go line by
//! line. The layout is Go's `span5`: literal pools flushed where Go flushes them (after an
//! unconditional branch once the pool is 2 KiB away, before the first reference would go out
//! of LDR's 4 KiB reach, and at the end of the function behind a branch).
//!
//! Go's GOARM (5, 6 or 7; Go 1.19 defaults to 5) changes three things here: `MOVW $0xffff`
//! style constants use MOVW (immediate 16) only at 7 (`C_SCON`), and VFPv3's `VMOV #imm` for
//! float constants (`C_ZFCON`, `C_SFCON`) is used only at 7.

// The port keeps Go's forms (`0x0<<21`, `o | 0<<4`), so that it reads against asm5.go.
#![allow(
    clippy::identity_op,
    clippy::erasing_op,
    clippy::collapsible_if,
    clippy::collapsible_else_if,
    clippy::needless_return,
    clippy::too_many_arguments,
    clippy::manual_range_contains
)]

use std::sync::OnceLock;

use p9asm_macros::Diag;

use super::anames::*;
use super::aout::*;
use super::ops;
use super::optab::{LFROM, LPOOL, LTO, OPTAB, Optab};
use super::reloc;
use crate::arch::{Code, Ctx};
use crate::emit::fixup::{Fixup, FixupKind};
use crate::prog::{Addr, Func, Mem, Name, Op, Operand, Prog, mark, textflag};
use crate::sym::SymId;

// ---- Go's obj.Addr and obj.Prog ----

pub use crate::arch::go_obj::*;

/// Go's `obj.Addr` (the fields arm uses).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct A {
    pub typ: u8,
    pub name: u8,
    pub reg: i64,
    pub offset: i64,
    pub sym: Option<SymId>,
    pub fval: f64,
    /// TYPE_BRANCH: the target's index in the span list (`usize::MAX`: none).
    pub target: usize,
}

impl A {
    pub fn none() -> A {
        A { target: usize::MAX, ..A::default() }
    }
    pub fn reg(r: i64) -> A {
        A { typ: TYPE_REG, reg: r, ..A::none() }
    }
    pub fn konst(v: i64) -> A {
        A { typ: TYPE_CONST, offset: v, ..A::none() }
    }
    pub fn branch(t: usize) -> A {
        A { typ: TYPE_BRANCH, target: t, ..A::none() }
    }
    /// The fields Go's literal-pool dedup compares (`q.To == t.To` on the copied fields).
    fn pool_key(&self) -> (u8, u8, i64, Option<SymId>) {
        (self.typ, self.name, self.offset, self.sym)
    }
}

/// Go's `obj.Prog` for one instruction of the span list.
#[derive(Clone, Debug, Default)]
pub struct P {
    pub as_: Op,
    pub scond: i64,
    pub from: A,
    pub reg: i64,
    pub from3: Option<A>,
    pub to: A,
    pub pc: i64,
    /// The row of the sorted table (`None`: not looked up yet).
    pub optab: Option<usize>,
    /// The literal-pool entry this instruction loads (its index in the span list).
    pub pool: Option<usize>,
    /// The Prog of the function it comes from; `None` for literals and branches the layout adds.
    pub orig: Option<usize>,
}

impl P {
    pub fn new(as_: Op) -> P {
        P { as_, from: A::none(), to: A::none(), ..P::default() }
    }
}

struct Err5 {
    at: usize,
    code: &'static str,
    msg: String,
}

/// Go's `ctxt5`: the state of assembling one function.
pub struct C5<'a> {
    pub syms: &'a crate::sym::Symbols,
    pub progs: Vec<P>,
    pub autosize: i64,
    pub instoffset: i64,
    pub pc: i64,
    pub goarm: u8,
    pub cur: usize,
    /// The literal pool being collected: entries, and the span indices referring to each.
    pool: Vec<P>,
    pool_refs: Vec<(usize, usize)>,
    pool_start: u32,
    pool_size: u32,
    errs: Vec<Err5>,
    pub fixups: Vec<Fixup>,
}

impl C5<'_> {
    fn diag(&mut self, msg: impl Into<String>) {
        self.diag_code("E0301", msg);
    }
    fn diag_code(&mut self, code: &'static str, msg: impl Into<String>) {
        let at = self.cur;
        if !self.errs.iter().any(|e| e.at == at) {
            self.errs.push(Err5 { at, code, msg: msg.into() });
        }
    }
    fn rel(&mut self, kind: FixupKind, sym: Option<SymId>, add: i64, go: u8, size: u8) {
        self.fixups.push(Fixup { offset: self.pc as u32, size, kind, sym, add, go_type: go });
    }
}

// ---- the adapter: p9asm's operand list to Go's From/Reg/From3/To ----

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
        Addr::Str(_) => return Err("a string constant is not an operand of an arm instruction".into()),
        Addr::Mem(m) => {
            if m.index.0 != 0 {
                return Err("arm has no (R)(R*n) index addressing; use a shifted register R1<<2(R2)".into());
            }
            mem(m, TYPE_MEM)
        }
        Addr::AddrOf(m) => mem(m, TYPE_ADDR),
        Addr::Indir(_) => return Err("'*' indirection (Go's TYPE_INDIR) is not an arm operand".into()),
        Addr::Branch(t) => A::branch(*t as usize),
        Addr::RegList(v) => A { typ: TYPE_REGLIST, offset: *v as i64, ..A::none() },
        Addr::RegPair(a, b) => A { typ: TYPE_REGREG, reg: a.0 as i64, offset: b.0 as i64, ..A::none() },
        // the base register of `R1<<2(R3)` rides above the shift (see Arm::shift_base)
        Addr::Shift(v) => A { typ: TYPE_SHIFT, offset: v & 0xffff_ffff, reg: v >> 32, ..A::none() },
        Addr::Element(..) | Addr::Special(_) => {
            return Err("this operand does not exist on arm".into());
        }
        Addr::TextSize { frame, .. } => A { typ: TYPE_TEXTSIZE, offset: *frame, ..A::none() },
    })
}

pub fn is_cmp(op: Op) -> bool {
    matches!(op, CMN | CMP | TEQ | TST)
}
fn is_float_cmp(op: Op) -> bool {
    matches!(op, CMPF | CMPD)
}
fn is_strex(op: Op) -> bool {
    matches!(op, STREX | STREXD | SWPW | SWPBU)
}
fn is_bfx(op: Op) -> bool {
    matches!(op, BFX | BFXU | BFC | BFI)
}
fn is_mula(op: Op) -> bool {
    matches!(op, MULA | MULS | MMULA | MMULS | MULABB | MULAWB | MULAWT)
}

/// Go's `getRegister`.
fn get_register(p: &Prog, k: usize) -> Result<i64, (usize, String)> {
    match p.arg(k) {
        Addr::Reg(r) => Ok(r.0 as i64),
        _ => Err((k, format!("{}: expected register; found a different operand", ops::name(p.op)))),
    }
}

/// Go's `getConstant`: a bare number (`15`, which Go parses as a memory offset with no base);
/// `$15` is not one.
fn get_constant(p: &Prog, k: usize) -> Result<i64, (usize, String)> {
    match p.arg(k) {
        Addr::Mem(m) if m.base.0 == 0 && m.index.0 == 0 && m.sym.is_none() && m.name == Name::None => Ok(m.offset),
        _ => Err((k, format!("{}: expected integer constant", ops::name(p.op)))),
    }
}

/// The conditional branch for `B.cond` (arch/arm.go `bcode`).
pub fn bcode(cond: i64) -> Op {
    [BEQ, BNE, BCS, BCC, BMI, BPL, BVS, BVC, BHI, BLS, BGE, BLT, BGT, BLE, ops::B, Op::NOP][cond as usize & 15]
}

/// asm.go's `asmInstruction`/`asmJump` for arm: Go's operand fields from p9asm's list.
fn adapt(p: &Prog) -> Result<P, (usize, String)> {
    let mut g = P::new(p.op);
    g.scond = p.suffix as i64;
    // arch.ARMConditionCodes: B.NE is BNE (as written; the frame pass's B for a RET.NE is a
    // conditional `B.NE (R14)`, as in Go, where the rewrite happens in the parser)
    if g.as_ == ops::B && g.scond & C_SCOND != C_SCOND_NONE && p.mark & mark::SYNTH_EPILOGUE == 0 {
        g.as_ = bcode((g.scond ^ C_SCOND_XOR) & 15);
        g.scond = (g.scond & !C_SCOND) | C_SCOND_NONE;
    }
    let a: Vec<A> =
        p.args.iter().enumerate().map(|(k, o)| addr(&o.addr).map_err(|e| (k, e))).collect::<Result<_, _>>()?;
    let n = a.len();
    if p.op == Op::RET && n == 0 {
        // the frame pass left Go's RET (after the `MOVW.P` that returns) as a zero-width
        // marker where the frame is back at the CFA
        return Ok(P::new(Op::NOP));
    }
    let jump = matches!(p.op, Op::JMP | Op::CALL) || ops::is_jump(p.op);
    let name = ops::name(p.op);
    if jump {
        let target = match n {
            1 => 0,
            2 => {
                g.from = a[0];
                1
            }
            _ => return Err((0, format!("wrong number of arguments to {name} instruction"))),
        };
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
            if matches!(p.op, Op::RET | SWI | WORD) {
                g.to = a[0];
            } else {
                g.from = a[0];
            }
        }
        2 => {
            if is_cmp(p.op) || is_float_cmp(p.op) {
                g.from = a[0];
                g.reg = get_register(p, 1)?;
            } else {
                g.from = a[0];
                g.to = a[1];
            }
        }
        3 => {
            if is_strex(p.op) {
                // STREX x, (y), z: from=(y) reg=x to=z
                g.from = a[1];
                g.reg = get_register(p, 0)?;
                g.to = a[2];
            } else if is_bfx(p.op) {
                g.from = a[0];
                g.from3 = Some(a[1]);
                g.to = a[2];
            } else {
                g.from = a[0];
                g.reg = get_register(p, 1)?;
                g.to = a[2];
            }
        }
        4 => {
            if is_bfx(p.op) {
                g.from = a[0];
                g.from3 = Some(a[1]);
                g.reg = get_register(p, 2)?;
                g.to = a[3];
            } else if is_mula(p.op) {
                get_register(p, 0)?;
                let r1 = get_register(p, 1)?;
                let r2 = get_register(p, 2)?;
                get_register(p, 3)?;
                g.from = a[0];
                g.to = a[3];
                g.to.typ = TYPE_REGREG2;
                g.to.offset = r2;
                g.reg = r1;
            } else {
                return Err((0, format!("can't handle {name} instruction with 4 operands")));
            }
        }
        6 if matches!(p.op, MRC | ops::MCR) => {
            g.as_ = MRC;
            g.scond = 0;
            g.to = A::konst(mrc_word(p)?);
        }
        _ => return Err((0, format!("can't handle {name} instruction with {n} operands"))),
    }
    Ok(g)
}

/// arch.ARMMRCOffset: the word of `MRC`/`MCR cp, op1, Rd, Cn, Cm, op2` (6 operands), with the
/// condition folded in.
pub fn mrc_word(p: &Prog) -> Result<i64, (usize, String)> {
    let op1 = i64::from(p.op == MRC);
    let x0 = get_constant(p, 0)?;
    let x1 = get_constant(p, 1)?;
    let x2 = get_register(p, 2)?;
    let x3 = get_register(p, 3)?;
    let x4 = get_register(p, 4)?;
    let x5 = get_constant(p, 5)?;
    let bits = p.suffix as i64;
    Ok((0xe << 24)
        | (op1 << 20)
        | (((bits & C_SCOND) ^ C_SCOND_XOR) << 28)
        | ((x0 & 15) << 8)
        | ((x1 & 7) << 21)
        | ((x2 & 15) << 12)
        | ((x3 & 15) << 16)
        | ((x4 & 15) << 0)
        | ((x5 & 7) << 5)
        | (1 << 4))
}

/// Whether `p` is Go's TLS-base read `MRC 15, 0, Rd, C13, C0, 3` (obj5.go progedit).
pub fn is_tls_mrc(p: &Prog) -> bool {
    p.op == MRC && p.args.len() == 6 && mrc_word(p).is_ok_and(|w| w & 0xffff0fff == 0xee1d0f70)
}

/// Go's `progedit` (obj5.go): B/BL to a symbol is a branch; MRC of the TLS register is a
/// WORD; float constants VMOV cannot hold are loaded from `$f32.`/`$f64.` symbols.
fn progedit(p: &mut P, cx: &mut Ctx, origin: p9asm_macros::Origin, goarm: u8) -> Result<(), String> {
    if matches!(p.as_, Op::JMP | Op::CALL)
        && p.to.typ == TYPE_MEM
        && matches!(p.to.name, NAME_EXTERN | NAME_STATIC)
        && p.to.sym.is_some()
    {
        p.to.typ = TYPE_BRANCH;
    }
    if p.as_ == MRC {
        if p.to.offset & 0xffff0fff == 0xee1d0f70 {
            if p.to.offset & 0xf000 != 0 {
                return Err(
                    "TLS MRC instruction must write to R0 as it might get translated into a BL instruction".into()
                );
            }
            // at GOARM<7 the frame pass made it a call of runtime.read_tls_fallback
            let _ = goarm;
        }
        p.as_ = WORD;
    }
    if matches!(p.as_, MOVF | MOVD) && p.from.typ == TYPE_FCONST {
        let v = p.from.fval;
        if chipfloat5(v, goarm) < 0 && (chipzero5(v, goarm) < 0 || p.scond & C_SCOND != C_SCOND_NONE) {
            let (name, bits, size) = if p.as_ == MOVF {
                let b = (v as f32).to_bits();
                (format!("$f32.{b:08x}"), b as i64, 4u8)
            } else {
                let b = v.to_bits();
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
    Ok(())
}

// ---- constants and classes ----

pub fn immrot(mut v: u32) -> i32 {
    for i in 0..16 {
        if v & !0xff == 0 {
            return ((i << 8) as u32 | v | 1 << 25) as i32;
        }
        v = v.rotate_left(2);
    }
    0
}

fn immrot2a(v: u32) -> (u32, u32) {
    for i in 1..32u32 {
        let m = (1u32 << i).wrapping_sub(1);
        let (x, y) = (immrot(v & m), immrot(v & !m));
        if x != 0 && y != 0 {
            return (x as u32, y as u32);
        }
    }
    (0, 0)
}

fn immrot2s(v: u32) -> (u32, u32) {
    if immrot(v) != 0 {
        return (v, 0);
    }
    let mut i: u32 = 2;
    while i < 32 {
        if v & ((1u32 << i) - 1) != 0 {
            break;
        }
        i += 2;
    }
    i += 6;
    let x = (1u32 << i).wrapping_sub(v & ((1u32 << i).wrapping_sub(1)));
    let y = v.wrapping_add(x);
    let (y, x) = (immrot(y) as u32, immrot(x) as u32);
    if y != 0 && x != 0 {
        return (y, x);
    }
    (0, 0)
}

fn immaddr(v: i32) -> i32 {
    if v >= 0 && v <= 0xfff {
        return v & 0xfff | 1 << 24 | 1 << 23;
    }
    if v >= -0xfff && v < 0 {
        return -v & 0xfff | 1 << 24;
    }
    0
}

fn immfloat(v: i32) -> bool {
    v & 0xC03 == 0
}

fn immhalf(v: i32) -> bool {
    if v >= 0 && v <= 0xff {
        return true;
    }
    if v >= -0xff && v < 0 {
        return true;
    }
    false
}

pub fn chipzero5(e: f64, goarm: u8) -> i64 {
    if goarm < 7 || e.to_bits() != 0 {
        return -1;
    }
    0
}

pub fn chipfloat5(e: f64, goarm: u8) -> i64 {
    if goarm < 7 {
        return -1;
    }
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
    let mut n = 0i64;
    if h & 0x80000000 != 0 {
        n |= 1 << 7;
    }
    if h1 == 0x3fc00000 {
        n |= 1 << 6;
    }
    n |= ((h >> 16) & 0x3f) as i64;
    n
}

impl C5<'_> {
    fn sym_is_tls(&self, s: SymId) -> bool {
        // Go asks the symbol's type (STLSBSS, from GLOBL's TLSBSS flag); functions are encoded
        // before a later GLOBL is seen, so the runtime's TLS slot is known by name
        let n = self.syms.name(s);
        matches!(n, "runtime.tlsg" | "runtime.tls_g") || n.ends_with("·tlsg") || n.ends_with("·tls_g")
    }

    fn aconsize(&self) -> i64 {
        if immrot(self.instoffset as u32) != 0 || immrot((self.instoffset as u32).wrapping_neg()) != 0 {
            return C_RACON;
        }
        C_LACON
    }

    fn auto_class(&self) -> i64 {
        let t = immaddr(self.instoffset as i32);
        if t != 0 {
            if immhalf(self.instoffset as i32) {
                return if immfloat(t) { C_HFAUTO } else { C_HAUTO };
            }
            return if immfloat(t) { C_FAUTO } else { C_SAUTO };
        }
        C_LAUTO
    }

    /// Go's aclass.
    pub fn aclass(&mut self, a: &A) -> i64 {
        match a.typ {
            TYPE_NONE => C_NONE,
            TYPE_REG => {
                self.instoffset = 0;
                let r = a.reg;
                if (REG_R0..=REG_R15).contains(&r) {
                    return C_REG;
                }
                if (REG_F0..=REG_F15).contains(&r) {
                    return C_FREG;
                }
                if r == REG_FPSR || r == REG_FPCR {
                    return C_FCR;
                }
                if r == REG_CPSR || r == REG_SPSR {
                    return C_PSR;
                }
                if r >= REG_SPECIAL {
                    return C_SPR;
                }
                C_GOK
            }
            TYPE_REGREG => C_REGREG,
            TYPE_REGREG2 => C_REGREG2,
            TYPE_REGLIST => C_REGLIST,
            TYPE_SHIFT => {
                if a.reg == 0 {
                    C_SHIFT
                } else {
                    C_SHIFTADDR
                }
            }
            TYPE_MEM => match a.name {
                NAME_EXTERN | NAME_STATIC => {
                    let Some(s) = a.sym else { return C_GOK };
                    self.instoffset = 0;
                    if self.sym_is_tls(s) {
                        return C_TLS_LE;
                    }
                    C_ADDR
                }
                NAME_AUTO => {
                    self.instoffset = self.autosize + a.offset;
                    self.auto_class()
                }
                NAME_PARAM => {
                    self.instoffset = self.autosize + a.offset + 4;
                    self.auto_class()
                }
                NAME_NONE => {
                    self.instoffset = a.offset;
                    let v = self.instoffset as i32;
                    let t = immaddr(v);
                    if t != 0 {
                        if immhalf(v) {
                            return if immfloat(t) { C_HFOREG } else { C_HOREG };
                        }
                        if immfloat(t) {
                            return C_FOREG;
                        }
                        if immrot(v as u32) != 0 {
                            return C_SROREG;
                        }
                        if immhalf(v) {
                            return C_HOREG;
                        }
                        return C_SOREG;
                    }
                    if immrot(v as u32) != 0 {
                        return C_ROREG;
                    }
                    C_LOREG
                }
                _ => C_GOK,
            },
            TYPE_FCONST => {
                if chipzero5(a.fval, self.goarm) >= 0 {
                    return C_ZFCON;
                }
                if chipfloat5(a.fval, self.goarm) >= 0 {
                    return C_SFCON;
                }
                C_LFCON
            }
            TYPE_TEXTSIZE => C_TEXTSIZE,
            TYPE_CONST | TYPE_ADDR => match a.name {
                NAME_NONE => {
                    self.instoffset = a.offset;
                    if a.reg != 0 {
                        return self.aconsize();
                    }
                    let v = self.instoffset as u32;
                    if immrot(v) != 0 {
                        return C_RCON;
                    }
                    if immrot(!v) != 0 {
                        return C_NCON;
                    }
                    if v <= 0xffff && self.goarm == 7 {
                        return C_SCON;
                    }
                    let (x, y) = immrot2a(v);
                    if x != 0 && y != 0 {
                        return C_RCON2A;
                    }
                    let (y, x) = immrot2s(v);
                    if x != 0 && y != 0 {
                        return C_RCON2S;
                    }
                    C_LCON
                }
                NAME_EXTERN | NAME_STATIC => {
                    if a.sym.is_none() {
                        return C_GOK;
                    }
                    self.instoffset = 0;
                    C_LCONADDR
                }
                NAME_AUTO => {
                    self.instoffset = self.autosize + a.offset;
                    self.aconsize()
                }
                NAME_PARAM => {
                    self.instoffset = self.autosize + a.offset + 4;
                    self.aconsize()
                }
                _ => C_GOK,
            },
            TYPE_BRANCH => C_SBRA,
            _ => C_GOK,
        }
    }

    fn regoff(&mut self, a: &A) -> i32 {
        self.instoffset = 0;
        self.aclass(a);
        self.instoffset as i32
    }

    /// Go's oplook (the row is cached on the Prog); `None` after a diagnostic.
    pub fn oplook(&mut self, i: usize) -> Option<&'static Optab> {
        let t = tables();
        if let Some(k) = self.progs[i].optab {
            return Some(&t.sorted[k]);
        }
        let save = self.cur;
        self.cur = i;
        let r = self.oplook_uncached(i);
        self.cur = save;
        let k = r?;
        self.progs[i].optab = Some(k);
        Some(&t.sorted[k])
    }

    fn oplook_uncached(&mut self, i: usize) -> Option<usize> {
        let t = tables();
        let p = self.progs[i].clone();
        let mut a1 = self.aclass(&p.from);
        let mut a3 = self.aclass(&p.to);
        let mut a2 = C_NONE;
        if p.reg != 0 {
            if (REG_F0..=REG_F15).contains(&p.reg) {
                a2 = C_FREG;
            } else if (REG_R0..=REG_R15).contains(&p.reg) {
                a2 = C_REG;
            } else {
                self.diag(format!("invalid register in {}", ops::name(p.as_)));
                return None;
            }
        }
        let bad_base = |c: i64, r: i64| {
            matches!(c, C_SOREG | C_LOREG | C_HOREG | C_FOREG | C_ROREG | C_HFOREG | C_SROREG | C_SHIFTADDR)
                && !(REG_R0..=REG_R15).contains(&r)
        };
        if bad_base(a1, p.from.reg) || bad_base(a3, p.to.reg) {
            self.diag("illegal base register");
            return None;
        }
        // with .S, the constant comes from the pool instead of being split
        if (a1 == C_RCON2A || a1 == C_RCON2S) && p.scond & C_SBIT != 0 {
            a1 = C_LCON;
        }
        if (a3 == C_RCON2A || a3 == C_RCON2S) && p.scond & C_SBIT != 0 {
            a3 = C_LCON;
        }
        let (lo, hi) = t.range.get(p.as_.0 as usize).copied().unwrap_or((0, 0));
        for k in lo..hi {
            let o = &t.sorted[k];
            if o.a2 as i64 == a2 && t.xcmp[a1 as usize][o.a1 as usize] && t.xcmp[a3 as usize][o.a3 as usize] {
                // Go's checkSuffix
                let bad = [(C_SBIT, "S"), (C_PBIT, "P"), (C_WBIT, "W"), (C_UBIT, "U")]
                    .into_iter()
                    .find(|(b, _)| p.scond & b != 0 && o.scond as i64 & b == 0);
                if let Some((_, s)) = bad {
                    self.diag(format!("invalid .{s} suffix: {}", ops::name(p.as_)));
                    return None;
                }
                return Some(k);
            }
        }
        let cn = |c: i64| CNAMES.get(c as usize).copied().unwrap_or("??");
        self.diag(format!(
            "illegal combination {}; {} {} {}; from {} {}; to {} {}",
            ops::name(p.as_),
            cn(a1),
            cn(a2),
            cn(a3),
            p.from.typ,
            p.from.name,
            p.to.typ,
            p.to.name
        ));
        None
    }
}

/// Go's cmp: whether an operand of class `b` fits a row's class `a`.
pub fn cmp(a: i64, b: i64) -> bool {
    if a == b {
        return true;
    }
    match a {
        C_LCON => matches!(b, C_RCON | C_NCON | C_SCON | C_RCON2A | C_RCON2S),
        C_LACON => b == C_RACON,
        C_LFCON => b == C_ZFCON || b == C_SFCON,
        C_HFAUTO => b == C_HAUTO || b == C_FAUTO,
        C_FAUTO | C_HAUTO => b == C_HFAUTO,
        C_SAUTO => cmp(C_HFAUTO, b),
        C_LAUTO => cmp(C_SAUTO, b),
        C_HFOREG => b == C_HOREG || b == C_FOREG,
        C_FOREG | C_HOREG => b == C_HFOREG,
        C_SROREG => cmp(C_SOREG, b) || cmp(C_ROREG, b),
        C_SOREG | C_ROREG => b == C_SROREG || cmp(C_HFOREG, b),
        C_LOREG => cmp(C_SROREG, b),
        C_LBRA => b == C_SBRA,
        C_HREG => cmp(C_SP, b) || cmp(C_PC, b),
        _ => false,
    }
}

/// Go's buildop `opset` groups: the opcodes that share another's rows.
fn aliases(r: Op, set: &mut dyn FnMut(Op)) {
    let group: &[Op] = match r {
        ADD => &[SUB, RSB, ADC, SBC, RSC],
        ORR => &[EOR, BIC],
        CMP => &[TEQ, CMN, TST],
        BEQ => &[BNE, BCS, BHS, BCC, BLO, BMI, BPL, BVS, BVC, BHI, BLS, BGE, BLT, BGT, BLE],
        SLL => &[SRL, SRA],
        MUL => &[MULU],
        DIV => &[MOD, MODU, DIVU],
        DIVHW => &[DIVUHW],
        SWPW => &[SWPBU],
        ADDF => &[
            ADDD, SUBF, SUBD, MULF, MULD, NMULF, NMULD, MULAF, MULAD, MULSF, MULSD, NMULAF, NMULAD, NMULSF, NMULSD,
            FMULAF, FMULAD, FMULSF, FMULSD, FNMULAF, FNMULAD, FNMULSF, FNMULSD, DIVF, DIVD,
        ],
        NEGF => &[NEGD, SQRTF, SQRTD, MOVFD, MOVDF, ABSF, ABSD],
        CMPF => &[CMPD],
        MOVF => &[MOVD],
        MOVFW => &[MOVDW],
        MOVWF => &[MOVWD],
        MULL => &[MULAL, MULLU, MULALU],
        MULWT => &[MULWB, MULBB, MMUL],
        MULAWT => &[MULAWB, MULABB, MULS, MMULA, MMULS],
        BFX => &[BFXU, BFC, BFI],
        CLZ => &[REV, REV16, REVSH, RBIT],
        XTAB => &[XTAH, XTABU, XTAHU],
        _ => &[],
    };
    for &a in group {
        set(a);
    }
}

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
        // Go's ocmp order: opcode, a1, a2, a3 (sort.Sort is not stable, but no two rows of
        // one opcode have the same classes)
        let mut sorted: Vec<Optab> = OPTAB.iter().copied().filter(|o| o.as_ != Op::NONE).collect();
        sorted.sort_by_key(|o| (o.as_, o.a1, o.a2, o.a3));
        let nops = ops::MCR.0 as usize + 1;
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

fn cond(sc: i64) -> u32 {
    (((sc & C_SCOND) ^ C_SCOND_XOR) as u32) << 28
}

// ---- asmout and the instruction builders ----

impl C5<'_> {
    fn oprrr(&mut self, a: Op, sc: i64) -> u32 {
        let mut o = cond(sc);
        if sc & C_SBIT != 0 {
            o |= 1 << 20;
        }
        let c = o & (0xf << 28);
        match a {
            DIVHW => o | 0x71 << 20 | 0xf << 12 | 0x1 << 4,
            DIVUHW => o | 0x73 << 20 | 0xf << 12 | 0x1 << 4,
            MMUL => o | 0x75 << 20 | 0xf << 12 | 0x1 << 4,
            MULS => o | 0x6 << 20 | 0x9 << 4,
            MMULA => o | 0x75 << 20 | 0x1 << 4,
            MMULS => o | 0x75 << 20 | 0xd << 4,
            MULU | MUL => o | 0x0 << 21 | 0x9 << 4,
            MULA => o | 0x1 << 21 | 0x9 << 4,
            MULLU => o | 0x4 << 21 | 0x9 << 4,
            MULL => o | 0x6 << 21 | 0x9 << 4,
            MULALU => o | 0x5 << 21 | 0x9 << 4,
            MULAL => o | 0x7 << 21 | 0x9 << 4,
            AND => o | 0x0 << 21,
            EOR => o | 0x1 << 21,
            SUB => o | 0x2 << 21,
            RSB => o | 0x3 << 21,
            ADD => o | 0x4 << 21,
            ADC => o | 0x5 << 21,
            SBC => o | 0x6 << 21,
            RSC => o | 0x7 << 21,
            TST => o | 0x8 << 21 | 1 << 20,
            TEQ => o | 0x9 << 21 | 1 << 20,
            CMP => o | 0xa << 21 | 1 << 20,
            CMN => o | 0xb << 21 | 1 << 20,
            ORR => o | 0xc << 21,
            MOVB | MOVH | MOVW => {
                if sc & (C_PBIT | C_WBIT) != 0 {
                    self.diag(format!("invalid .P/.W suffix: {}", ops::name(a)));
                }
                o | 0xd << 21
            }
            BIC => o | 0xe << 21,
            MVN => o | 0xf << 21,
            SLL => o | 0xd << 21 | 0 << 5,
            SRL => o | 0xd << 21 | 1 << 5,
            SRA => o | 0xd << 21 | 2 << 5,
            SWI => o | 0xf << 24,
            ADDD => o | 0xe << 24 | 0x3 << 20 | 0xb << 8 | 0 << 4,
            ADDF => o | 0xe << 24 | 0x3 << 20 | 0xa << 8 | 0 << 4,
            SUBD => o | 0xe << 24 | 0x3 << 20 | 0xb << 8 | 4 << 4,
            SUBF => o | 0xe << 24 | 0x3 << 20 | 0xa << 8 | 4 << 4,
            MULD => o | 0xe << 24 | 0x2 << 20 | 0xb << 8 | 0 << 4,
            MULF => o | 0xe << 24 | 0x2 << 20 | 0xa << 8 | 0 << 4,
            NMULD => o | 0xe << 24 | 0x2 << 20 | 0xb << 8 | 0x4 << 4,
            NMULF => o | 0xe << 24 | 0x2 << 20 | 0xa << 8 | 0x4 << 4,
            MULAD => o | 0xe << 24 | 0xb << 8,
            MULAF => o | 0xe << 24 | 0xa << 8,
            MULSD => o | 0xe << 24 | 0xb << 8 | 0x4 << 4,
            MULSF => o | 0xe << 24 | 0xa << 8 | 0x4 << 4,
            NMULAD => o | 0xe << 24 | 0x1 << 20 | 0xb << 8 | 0x4 << 4,
            NMULAF => o | 0xe << 24 | 0x1 << 20 | 0xa << 8 | 0x4 << 4,
            NMULSD => o | 0xe << 24 | 0x1 << 20 | 0xb << 8,
            NMULSF => o | 0xe << 24 | 0x1 << 20 | 0xa << 8,
            FMULAD => o | 0xe << 24 | 0xa << 20 | 0xb << 8,
            FMULAF => o | 0xe << 24 | 0xa << 20 | 0xa << 8,
            FMULSD => o | 0xe << 24 | 0xa << 20 | 0xb << 8 | 0x4 << 4,
            FMULSF => o | 0xe << 24 | 0xa << 20 | 0xa << 8 | 0x4 << 4,
            FNMULAD => o | 0xe << 24 | 0x9 << 20 | 0xb << 8 | 0x4 << 4,
            FNMULAF => o | 0xe << 24 | 0x9 << 20 | 0xa << 8 | 0x4 << 4,
            FNMULSD => o | 0xe << 24 | 0x9 << 20 | 0xb << 8,
            FNMULSF => o | 0xe << 24 | 0x9 << 20 | 0xa << 8,
            DIVD => o | 0xe << 24 | 0x8 << 20 | 0xb << 8 | 0 << 4,
            DIVF => o | 0xe << 24 | 0x8 << 20 | 0xa << 8 | 0 << 4,
            SQRTD => o | 0xe << 24 | 0xb << 20 | 1 << 16 | 0xb << 8 | 0xc << 4,
            SQRTF => o | 0xe << 24 | 0xb << 20 | 1 << 16 | 0xa << 8 | 0xc << 4,
            ABSD => o | 0xe << 24 | 0xb << 20 | 0 << 16 | 0xb << 8 | 0xc << 4,
            ABSF => o | 0xe << 24 | 0xb << 20 | 0 << 16 | 0xa << 8 | 0xc << 4,
            NEGD => o | 0xe << 24 | 0xb << 20 | 1 << 16 | 0xb << 8 | 0x4 << 4,
            NEGF => o | 0xe << 24 | 0xb << 20 | 1 << 16 | 0xa << 8 | 0x4 << 4,
            CMPD => o | 0xe << 24 | 0xb << 20 | 4 << 16 | 0xb << 8 | 0xc << 4,
            CMPF => o | 0xe << 24 | 0xb << 20 | 4 << 16 | 0xa << 8 | 0xc << 4,
            MOVF => o | 0xe << 24 | 0xb << 20 | 0 << 16 | 0xa << 8 | 4 << 4,
            MOVD => o | 0xe << 24 | 0xb << 20 | 0 << 16 | 0xb << 8 | 4 << 4,
            MOVDF => o | 0xe << 24 | 0xb << 20 | 7 << 16 | 0xa << 8 | 0xc << 4 | 1 << 8,
            MOVFD => o | 0xe << 24 | 0xb << 20 | 7 << 16 | 0xa << 8 | 0xc << 4 | 0 << 8,
            MOVWF => {
                if sc & C_UBIT == 0 {
                    o |= 1 << 7;
                }
                o | 0xe << 24 | 0xb << 20 | 8 << 16 | 0xa << 8 | 4 << 4 | 0 << 18 | 0 << 8
            }
            MOVWD => {
                if sc & C_UBIT == 0 {
                    o |= 1 << 7;
                }
                o | 0xe << 24 | 0xb << 20 | 8 << 16 | 0xa << 8 | 4 << 4 | 0 << 18 | 1 << 8
            }
            MOVFW => {
                if sc & C_UBIT == 0 {
                    o |= 1 << 16;
                }
                o | 0xe << 24 | 0xb << 20 | 8 << 16 | 0xa << 8 | 4 << 4 | 1 << 18 | 0 << 8 | 1 << 7
            }
            MOVDW => {
                if sc & C_UBIT == 0 {
                    o |= 1 << 16;
                }
                o | 0xe << 24 | 0xb << 20 | 8 << 16 | 0xa << 8 | 4 << 4 | 1 << 18 | 1 << 8 | 1 << 7
            }
            BFX => o | 0x3d << 21 | 0x5 << 4,
            BFXU => o | 0x3f << 21 | 0x5 << 4,
            BFC => o | 0x3e << 21 | 0x1f,
            BFI => o | 0x3e << 21 | 0x1 << 4,
            XTAB => o | 0x6a << 20 | 0x7 << 4,
            XTAH => o | 0x6b << 20 | 0x7 << 4,
            XTABU => o | 0x6e << 20 | 0x7 << 4,
            XTAHU => o | 0x6f << 20 | 0x7 << 4,
            CLZ => c | 0x16f << 16 | 0xf1 << 4,
            REV => c | 0x6bf << 16 | 0xf3 << 4,
            REV16 => c | 0x6bf << 16 | 0xfb << 4,
            REVSH => c | 0x6ff << 16 | 0xfb << 4,
            RBIT => c | 0x6ff << 16 | 0xf3 << 4,
            MULWT => c | 0x12 << 20 | 0xe << 4,
            MULWB => c | 0x12 << 20 | 0xa << 4,
            MULBB => c | 0x16 << 20 | 0x8 << 4,
            MULAWT => c | 0x12 << 20 | 0xc << 4,
            MULAWB => c | 0x12 << 20 | 0x8 << 4,
            MULABB => c | 0x10 << 20 | 0x8 << 4,
            // BLX REG
            ops::BL => c | 0x12fff3 << 4,
            _ => {
                self.diag(format!("bad rrr {}", ops::name(a)));
                0
            }
        }
    }

    /// Go's oprrr for the negative opcodes: `-AMOVWF` (copy W to F), `-AMOVFW`, `-ACMP`.
    fn oprrr_copy_wtof(&self, sc: i64) -> u32 {
        let mut o = cond(sc);
        if sc & C_SBIT != 0 {
            o |= 1 << 20;
        }
        o | 0xe << 24 | 0x0 << 20 | 0xb << 8 | 1 << 4
    }
    fn oprrr_copy_ftow(&self, sc: i64) -> u32 {
        let mut o = cond(sc);
        if sc & C_SBIT != 0 {
            o |= 1 << 20;
        }
        o | 0xe << 24 | 0x1 << 20 | 0xb << 8 | 1 << 4
    }

    fn opbra(&mut self, a: Op, sc: i64) -> u32 {
        let sc = (sc & C_SCOND) ^ C_SCOND_XOR;
        if a == ops::BL {
            return (sc as u32) << 28 | 0x5 << 25 | 0x1 << 24;
        }
        if sc != 0xe {
            self.diag(format!("{}: .COND on bcond instruction", ops::name(a)));
        }
        let c: u32 = match a {
            BEQ => 0x0,
            BNE => 0x1,
            BCS | BHS => 0x2,
            BCC | BLO => 0x3,
            BMI => 0x4,
            BPL => 0x5,
            BVS => 0x6,
            BVC => 0x7,
            BHI => 0x8,
            BLS => 0x9,
            BGE => 0xa,
            BLT => 0xb,
            BGT => 0xc,
            BLE => 0xd,
            ops::B => 0xe,
            _ => {
                self.diag(format!("bad bra {}", ops::name(a)));
                return 0;
            }
        };
        c << 28 | 0x5 << 25
    }

    fn olr(&mut self, mut v: i32, b: i64, r: i64, sc: i64) -> u32 {
        let mut o = cond(sc);
        if sc & C_PBIT == 0 {
            o |= 1 << 24;
        }
        if sc & C_UBIT == 0 {
            o |= 1 << 23;
        }
        if sc & C_WBIT != 0 {
            o |= 1 << 21;
        }
        o |= 1 << 26 | 1 << 20;
        if v < 0 {
            if sc & C_UBIT != 0 {
                self.diag(".U on neg offset");
            }
            v = v.wrapping_neg();
            o ^= 1 << 23;
        }
        if v >= 1 << 12 || v < 0 {
            self.diag_code("E0302", format!("literal span too large: {v} (R{})", b & 15));
        }
        o |= v as u32;
        o |= ((b as u32) & 15) << 16;
        o |= ((r as u32) & 15) << 12;
        o
    }

    fn olhr(&mut self, mut v: i32, b: i64, r: i64, sc: i64) -> u32 {
        let mut o = cond(sc);
        if sc & C_PBIT == 0 {
            o |= 1 << 24;
        }
        if sc & C_WBIT != 0 {
            o |= 1 << 21;
        }
        o |= 1 << 23 | 1 << 20 | 0xb << 4;
        if v < 0 {
            v = v.wrapping_neg();
            o ^= 1 << 23;
        }
        if v >= 1 << 8 || v < 0 {
            self.diag_code("E0302", format!("literal span too large: {v} (R{})", b & 15));
        }
        o |= (v as u32) & 0xf | ((v as u32) >> 4) << 8 | 1 << 22;
        o |= ((b as u32) & 15) << 16;
        o |= ((r as u32) & 15) << 12;
        o
    }

    fn osr(&mut self, a: Op, r: i64, v: i32, b: i64, sc: i64) -> u32 {
        let mut o = self.olr(v, b, r, sc) ^ (1 << 20);
        if a != MOVW {
            o |= 1 << 22;
        }
        o
    }
    fn oshr(&mut self, r: i64, v: i32, b: i64, sc: i64) -> u32 {
        self.olhr(v, b, r, sc) ^ (1 << 20)
    }
    fn osrr(&mut self, r: i64, i: i64, b: i64, sc: i64) -> u32 {
        self.olr(i as i32, b, r, sc) ^ (1 << 25 | 1 << 20)
    }
    fn oshrr(&mut self, r: i64, i: i64, b: i64, sc: i64) -> u32 {
        self.olhr(i as i32, b, r, sc) ^ (1 << 22 | 1 << 20)
    }
    fn olrr(&mut self, i: i64, b: i64, r: i64, sc: i64) -> u32 {
        self.olr(i as i32, b, r, sc) ^ (1 << 25)
    }
    fn olhrr(&mut self, i: i64, b: i64, r: i64, sc: i64) -> u32 {
        self.olhr(i as i32, b, r, sc) ^ (1 << 22)
    }

    fn ofsr(&mut self, a: Op, r: i64, mut v: i32, b: i64, sc: i64) -> u32 {
        let mut o = cond(sc);
        if sc & C_PBIT == 0 {
            o |= 1 << 24;
        }
        if sc & C_WBIT != 0 {
            o |= 1 << 21;
        }
        o |= 6 << 25 | 1 << 24 | 1 << 23 | 10 << 8;
        if v < 0 {
            v = v.wrapping_neg();
            o ^= 1 << 23;
        }
        if v & 3 != 0 {
            self.diag_code("E0302", format!("odd offset for floating point op: {v}"));
        } else if v >= 1 << 10 || v < 0 {
            self.diag_code("E0302", format!("literal span too large: {v}"));
        }
        o |= ((v as u32) >> 2) & 0xFF;
        o |= ((b as u32) & 15) << 16;
        o |= ((r as u32) & 15) << 12;
        match a {
            MOVD => o |= 1 << 8,
            MOVF => {}
            _ => {
                self.diag(format!("bad fst {}", ops::name(a)));
                o |= 1 << 8;
            }
        }
        o
    }

    /// MOVW $"lower 16-bit", Reg
    fn omvs(&self, p: &P, a: &A, dr: i64) -> u32 {
        let mut o1 = cond(p.scond);
        o1 |= 0x30 << 20;
        o1 |= ((dr as u32) & 15) << 12;
        o1 |= (a.offset as u32) & 0x0fff;
        o1 |= ((a.offset as u32) & 0xf000) << 4;
        o1
    }

    /// MVN $C_NCON, Reg -> MOVW $C_RCON, Reg
    fn omvr(&mut self, p: &P, a: &A, dr: i64) -> u32 {
        let mut o1 = self.oprrr(MOVW, p.scond);
        o1 |= ((dr as u32) & 15) << 12;
        let v = immrot(!(a.offset as u32));
        if v == 0 {
            self.diag("missing literal");
            return 0;
        }
        o1 | v as u32
    }

    fn omvl(&mut self, p: &P, a: &A, dr: i64) -> u32 {
        match p.pool {
            None => {
                self.aclass(a);
                let v = immrot(!(self.instoffset as u32));
                if v == 0 {
                    self.diag("missing literal");
                    return 0;
                }
                let mut o1 = self.oprrr(MVN, p.scond & C_SCOND);
                o1 |= v as u32;
                o1 |= ((dr as u32) & 15) << 12;
                o1
            }
            Some(q) => {
                let v = (self.progs[q].pc - p.pc - 8) as i32;
                self.olr(v, REGPC, dr, p.scond & C_SCOND)
            }
        }
    }

    fn mov(&mut self, p: &P) -> u32 {
        self.aclass(&p.from);
        let mut o1 = self.oprrr(p.as_, p.scond);
        o1 |= p.from.offset as u32;
        let rt = if p.to.typ == TYPE_NONE { 0 } else { p.to.reg };
        let mut r = p.reg;
        if p.as_ == MOVW || p.as_ == MVN {
            r = 0;
        } else if r == 0 {
            r = rt;
        }
        o1 | ((r as u32) & 15) << 16 | ((rt as u32) & 15) << 12
    }

    fn movxt(&mut self, p: &P) -> u32 {
        let mut o1 = cond(p.scond);
        match p.as_ {
            MOVB | MOVBS => o1 |= 0x6af << 16 | 0x7 << 4,
            MOVH | MOVHS => o1 |= 0x6bf << 16 | 0x7 << 4,
            MOVBU => o1 |= 0x6ef << 16 | 0x7 << 4,
            MOVHU => o1 |= 0x6ff << 16 | 0x7 << 4,
            _ => self.diag(format!("illegal combination: {}", ops::name(p.as_))),
        }
        match p.from.offset & !0xf {
            x if x == SHIFT_RR || x == SHIFT_RR | 8 << 7 || x == SHIFT_RR | 16 << 7 || x == SHIFT_RR | 24 << 7 => {
                o1 |= (p.from.offset as u32) & 0xc0f;
            }
            _ => self.diag(format!("illegal shift: {}", ops::name(p.as_))),
        }
        o1 | ((p.to.reg as u32) & 15) << 12
    }

    fn asmout(&mut self, i: usize, o: &Optab, out: &mut [u32; 6]) {
        let p = self.progs[i].clone();
        let sc = p.scond;
        let (mut o1, mut o2, mut o3) = (0u32, 0u32, 0u32);
        let r4 = |x: i64| (x as u32) & 15;
        match o.type_ {
            0 => {}
            1 => {
                // op R,[R],R
                o1 = self.oprrr(p.as_, sc);
                let rf = p.from.reg;
                let rt = if p.to.typ == TYPE_NONE { 0 } else { p.to.reg };
                let mut r = p.reg;
                if matches!(p.as_, MOVB | MOVH | MOVW | MVN) {
                    r = 0;
                } else if r == 0 {
                    r = rt;
                }
                o1 |= r4(rf) | r4(r) << 16 | r4(rt) << 12;
            }
            2 => {
                // movbu $I,[R],R
                self.aclass(&p.from);
                o1 = self.oprrr(p.as_, sc);
                o1 |= immrot(self.instoffset as u32) as u32;
                let rt = if p.to.typ == TYPE_NONE { 0 } else { p.to.reg };
                let mut r = p.reg;
                if p.as_ == MOVW || p.as_ == MVN {
                    r = 0;
                } else if r == 0 {
                    r = rt;
                }
                o1 |= r4(r) << 16 | r4(rt) << 12;
            }
            106 | 107 => {
                // op $I,R,R where I can be decomposed into 2 immediates
                self.aclass(&p.from);
                let rt = p.to.reg;
                let r = if p.reg == 0 { rt } else { p.reg };
                let (x, y) = if o.type_ == 106 {
                    immrot2a(self.instoffset as u32)
                } else {
                    let (y, x) = immrot2s(self.instoffset as u32);
                    (y, x)
                };
                let as2 = match (o.type_, p.as_) {
                    (106, ADD | SUB | ORR | EOR | BIC) => p.as_,
                    (106, RSB | ADC | RSC) => ADD,
                    (106, SBC) => SUB,
                    (107, ADD | RSB | ADC | RSC) => SUB,
                    (107, SUB | SBC) => ADD,
                    _ => {
                        self.diag(format!("unknown second op for {}", ops::name(p.as_)));
                        p.as_
                    }
                };
                o1 = self.oprrr(p.as_, sc);
                o2 = self.oprrr(as2, sc);
                o1 |= r4(r) << 16 | r4(rt) << 12;
                o2 |= r4(rt) << 16 | r4(rt) << 12;
                o1 |= x;
                o2 |= y;
            }
            3 => o1 = self.mov(&p),
            4 => {
                // MOVW $off(R), R -> add $off,[R],R
                self.aclass(&p.from);
                if self.instoffset < 0 {
                    o1 = self.oprrr(SUB, sc);
                    o1 |= immrot((self.instoffset as u32).wrapping_neg()) as u32;
                } else {
                    o1 = self.oprrr(ADD, sc);
                    o1 |= immrot(self.instoffset as u32) as u32;
                }
                let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                o1 |= r4(r) << 16;
                o1 |= r4(p.to.reg) << 12;
            }
            5 => {
                // bra s
                o1 = self.opbra(p.as_, sc);
                let mut v: i32 = -8;
                if p.to.sym.is_some() {
                    // Go's R_CALLARM: an unconditional BL is R_ARM_CALL, anything else JUMP24
                    let kind = if o1 & 0xff000000 == 0xeb000000 { reloc::CALL24 } else { reloc::JUMP24 };
                    v = v.wrapping_add(p.to.offset as i32);
                    // Go's rel.Add: the instruction's bits with the displacement (-8 + offset)
                    let add = o1 as i64 | ((v as i64) >> 2) & 0xffffff;
                    self.rel(kind, p.to.sym, add, reloc::go_reloc::R_CALLARM, 4);
                } else {
                    if p.to.target != usize::MAX {
                        v = (self.progs[p.to.target].pc - self.pc - 8) as i32;
                    }
                    o1 |= ((v as u32) >> 2) & 0xffffff;
                }
            }
            6 => {
                // b ,O(R) -> add $O,R,PC
                self.aclass(&p.to);
                o1 = self.oprrr(ADD, sc);
                o1 |= immrot(self.instoffset as u32) as u32;
                o1 |= r4(p.to.reg) << 16;
                o1 |= r4(REGPC) << 12;
            }
            7 => {
                // bl (R) -> blx R
                self.aclass(&p.to);
                if self.instoffset != 0 {
                    self.diag(format!("doesn't support BL offset(REG) with non-zero offset {}", self.instoffset));
                }
                o1 = self.oprrr(ops::BL, sc);
                o1 |= r4(p.to.reg);
                self.rel(FixupKind::MARKER, None, 0, reloc::go_reloc::R_CALLIND, 0);
            }
            8 => {
                // sll $c,[R],R -> mov (R<<$c),R
                self.aclass(&p.from);
                o1 = self.oprrr(p.as_, sc);
                let r = if p.reg == 0 { p.to.reg } else { p.reg };
                o1 |= r4(r);
                o1 |= ((self.instoffset & 31) << 7) as u32;
                o1 |= r4(p.to.reg) << 12;
            }
            9 => {
                // sll R,[R],R -> mov (R<<R),R
                o1 = self.oprrr(p.as_, sc);
                let r = if p.reg == 0 { p.to.reg } else { p.reg };
                o1 |= r4(r);
                o1 |= r4(p.from.reg) << 8 | 1 << 4;
                o1 |= r4(p.to.reg) << 12;
            }
            10 => {
                // swi [$con]
                o1 = self.oprrr(p.as_, sc);
                if p.to.typ != TYPE_NONE {
                    self.aclass(&p.to);
                    o1 |= (self.instoffset & 0xffffff) as u32;
                }
            }
            11 => {
                // word
                self.aclass(&p.to);
                o1 = self.instoffset as u32;
                if p.to.sym.is_some() {
                    self.rel(FixupKind::ABS32, p.to.sym, p.to.offset, reloc::go_reloc::R_ADDR, 4);
                    o1 = 0;
                }
            }
            12 => {
                // movw $lcon, reg
                if o.a1 as i64 == C_SCON {
                    o1 = self.omvs(&p, &p.from, p.to.reg);
                } else if p.as_ == MVN {
                    o1 = self.omvr(&p, &p.from, p.to.reg);
                } else {
                    o1 = self.omvl(&p, &p.from, p.to.reg);
                }
            }
            13 => {
                // op $lcon, [R], R
                if o.a1 as i64 == C_SCON {
                    o1 = self.omvs(&p, &p.from, REGTMP);
                } else {
                    o1 = self.omvl(&p, &p.from, REGTMP);
                }
                if o1 != 0 {
                    o2 = self.oprrr(p.as_, sc);
                    o2 |= r4(REGTMP);
                    let mut r = p.reg;
                    if p.as_ == MVN {
                        r = 0;
                    } else if r == 0 {
                        r = p.to.reg;
                    }
                    o2 |= r4(r) << 16;
                    if p.to.typ != TYPE_NONE {
                        o2 |= r4(p.to.reg) << 12;
                    }
                }
            }
            14 => {
                // movb/movbu/movh/movhu R,R
                o1 = self.oprrr(SLL, sc);
                o2 = if p.as_ == MOVBU || p.as_ == MOVHU { self.oprrr(SRL, sc) } else { self.oprrr(SRA, sc) };
                let r = p.to.reg;
                o1 |= r4(p.from.reg) | r4(r) << 12;
                o2 |= r4(r) | r4(r) << 12;
                if matches!(p.as_, MOVB | MOVBS | MOVBU) {
                    o1 |= 24 << 7;
                    o2 |= 24 << 7;
                } else {
                    o1 |= 16 << 7;
                    o2 |= 16 << 7;
                }
            }
            15 | 105 => {
                // mul r,[r,]r ; divhw r,[r,]r
                o1 = self.oprrr(p.as_, sc);
                let rt = p.to.reg;
                let r = if p.reg == 0 { rt } else { p.reg };
                o1 |= r4(p.from.reg) << 8 | r4(r) | r4(rt) << 16;
            }
            16 => {
                // div r,[r,]r: Go's preprocess rewrites these into a call of runtime._div and
                // friends; a DIV left here has operands that rewrite does not take
                self.diag_code(
                    "E0303",
                    format!(
                        "{} with these operands is not supported: Go divides only registers (through runtime._div)",
                        ops::name(p.as_)
                    ),
                );
            }
            17 => {
                o1 = self.oprrr(p.as_, sc);
                let rt2 = p.to.offset;
                o1 |= r4(p.from.reg) << 8 | r4(p.reg) | r4(p.to.reg) << 16 | r4(rt2) << 12;
            }
            18 => {
                // BFX/BFXU/BFC/BFI
                o1 = self.oprrr(p.as_, sc);
                let rt = p.to.reg;
                let mut r = p.reg;
                if r == 0 {
                    r = rt;
                } else if p.as_ == BFC {
                    self.diag(format!("illegal combination: {}", ops::name(p.as_)));
                }
                let Some(f3) = p.from3.filter(|a| a.typ == TYPE_CONST) else {
                    self.diag("missing or wrong LSB");
                    return;
                };
                let lsb = f3.offset;
                let width = p.from.offset;
                if lsb < 0 || lsb > 31 || width <= 0 || (lsb + width) > 32 {
                    self.diag_code("E0302", format!("{}: wrong width or LSB", ops::name(p.as_)));
                }
                match p.as_ {
                    BFX | BFXU => {
                        o1 |= r4(r) | r4(rt) << 12 | (lsb as u32) << 7 | ((width - 1) as u32) << 16;
                    }
                    _ => {
                        o1 |= r4(r) | r4(rt) << 12 | (lsb as u32) << 7 | ((lsb + width - 1) as u32) << 16;
                    }
                }
            }
            20 => {
                // mov/movb/movbu R,O(R)
                self.aclass(&p.to);
                let r = if p.to.reg == 0 { o.param as i64 } else { p.to.reg };
                o1 = self.osr(p.as_, p.from.reg, self.instoffset as i32, r, sc);
            }
            21 => {
                // mov/movbu O(R),R -> lr
                self.aclass(&p.from);
                let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                o1 = self.olr(self.instoffset as i32, r, p.to.reg, sc);
                if p.as_ != MOVW {
                    o1 |= 1 << 22;
                }
            }
            22 => {
                // XTAB R@>i, [R], R
                o1 = self.oprrr(p.as_, sc);
                match p.from.offset & !0xf {
                    x if x == SHIFT_RR
                        || x == SHIFT_RR | 8 << 7
                        || x == SHIFT_RR | 16 << 7
                        || x == SHIFT_RR | 24 << 7 =>
                    {
                        o1 |= (p.from.offset as u32) & 0xc0f;
                    }
                    _ => self.diag(format!("illegal shift: {}", ops::name(p.as_))),
                }
                let rt = p.to.reg;
                let r = if p.reg == 0 { rt } else { p.reg };
                o1 |= r4(rt) << 12 | r4(r) << 16;
            }
            23 => {
                // MOVW/MOVB/MOVH R@>i, R
                match p.as_ {
                    MOVW => o1 = self.mov(&p),
                    MOVBU | MOVBS | MOVB | MOVHU | MOVHS | MOVH => o1 = self.movxt(&p),
                    _ => self.diag(format!("illegal combination: {}", ops::name(p.as_))),
                }
            }
            30 => {
                // mov/movb/movbu R,L(R)
                o1 = self.omvl(&p, &p.to, REGTMP);
                if o1 != 0 {
                    let r = if p.to.reg == 0 { o.param as i64 } else { p.to.reg };
                    o2 = self.osrr(p.from.reg, REGTMP & 15, r, sc);
                    if p.as_ != MOVW {
                        o2 |= 1 << 22;
                    }
                }
            }
            31 => {
                // mov/movbu L(R),R -> lr[b]
                o1 = self.omvl(&p, &p.from, REGTMP);
                if o1 != 0 {
                    let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                    o2 = self.olrr(REGTMP & 15, r, p.to.reg, sc);
                    if matches!(p.as_, MOVBU | MOVBS | MOVB) {
                        o2 |= 1 << 22;
                    }
                }
            }
            34 => {
                // mov $lacon,R
                o1 = self.omvl(&p, &p.from, REGTMP);
                if o1 != 0 {
                    o2 = self.oprrr(ADD, sc);
                    o2 |= r4(REGTMP);
                    let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                    o2 |= r4(r) << 16;
                    if p.to.typ != TYPE_NONE {
                        o2 |= r4(p.to.reg) << 12;
                    }
                }
            }
            35 => {
                // mov PSR,R
                o1 = 2 << 23 | 0xf << 16 | 0 << 0;
                o1 |= cond(sc);
                o1 |= ((p.from.reg as u32) & 1) << 22;
                o1 |= r4(p.to.reg) << 12;
            }
            36 | 37 => {
                // mov R,PSR ; mov $con,PSR
                if o.type_ == 37 {
                    self.aclass(&p.from);
                }
                o1 = 2 << 23 | 0x2cf << 12 | 0 << 4;
                if sc & C_FBIT != 0 {
                    o1 ^= 0x010 << 12;
                }
                o1 |= cond(sc);
                if o.type_ == 37 {
                    o1 |= immrot(self.instoffset as u32) as u32;
                }
                o1 |= ((p.to.reg as u32) & 1) << 22;
                o1 |= r4(p.from.reg);
            }
            38 | 39 => {
                if o.type_ == 38 {
                    // movm $con,oreg -> stm
                    o1 = 0x4 << 25;
                    o1 |= (p.from.offset & 0xffff) as u32;
                    o1 |= r4(p.to.reg) << 16;
                    self.aclass(&p.to);
                } else {
                    // movm oreg,$con -> ldm
                    o1 = 0x4 << 25 | 1 << 20;
                    o1 |= (p.to.offset & 0xffff) as u32;
                    o1 |= r4(p.from.reg) << 16;
                    self.aclass(&p.from);
                }
                if self.instoffset != 0 {
                    self.diag("offset must be zero in MOVM");
                }
                o1 |= cond(sc);
                if sc & C_PBIT != 0 {
                    o1 |= 1 << 24;
                }
                if sc & C_UBIT != 0 {
                    o1 |= 1 << 23;
                }
                if sc & C_WBIT != 0 {
                    o1 |= 1 << 21;
                }
            }
            40 => {
                // swp oreg,reg,reg
                self.aclass(&p.from);
                if self.instoffset != 0 {
                    self.diag("offset must be zero in SWP");
                }
                o1 = 0x2 << 23 | 0x9 << 4;
                if p.as_ != SWPW {
                    o1 |= 1 << 22;
                }
                o1 |= r4(p.from.reg) << 16;
                o1 |= r4(p.reg);
                o1 |= r4(p.to.reg) << 12;
                o1 |= cond(sc);
            }
            41 => o1 = 0xe8fd8000,
            50 => {
                // floating point store
                let v = self.regoff(&p.to);
                let r = if p.to.reg == 0 { o.param as i64 } else { p.to.reg };
                o1 = self.ofsr(p.as_, p.from.reg, v, r, sc);
            }
            51 => {
                // floating point load
                let v = self.regoff(&p.from);
                let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                o1 = self.ofsr(p.as_, p.to.reg, v, r, sc) | 1 << 20;
            }
            52 => {
                // floating point store, int32 offset UGLY
                o1 = self.omvl(&p, &p.to, REGTMP);
                if o1 != 0 {
                    let r = if p.to.reg == 0 { o.param as i64 } else { p.to.reg };
                    o2 = self.oprrr(ADD, sc) | r4(REGTMP) << 12 | r4(REGTMP) << 16 | r4(r);
                    o3 = self.ofsr(p.as_, p.from.reg, 0, REGTMP, sc);
                }
            }
            53 => {
                // floating point load, int32 offset UGLY
                o1 = self.omvl(&p, &p.from, REGTMP);
                if o1 != 0 {
                    let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                    o2 = self.oprrr(ADD, sc) | r4(REGTMP) << 12 | r4(REGTMP) << 16 | r4(r);
                    o3 = self.ofsr(p.as_, p.to.reg, 0, REGTMP & 15, sc) | 1 << 20;
                }
            }
            54 => {
                // floating point arith
                o1 = self.oprrr(p.as_, sc);
                let rf = p.from.reg;
                let rt = p.to.reg;
                let mut r = p.reg;
                if r == 0 {
                    match p.as_ {
                        MULAD | MULAF | MULSF | MULSD | NMULAF | NMULAD | NMULSF | NMULSD | FMULAD | FMULAF
                        | FMULSF | FMULSD | FNMULAF | FNMULAD | FNMULSF | FNMULSD => {
                            self.diag(format!("illegal combination: {}", ops::name(p.as_)));
                        }
                        _ => r = rt,
                    }
                }
                o1 |= r4(rf) | r4(r) << 16 | r4(rt) << 12;
            }
            55 => {
                // negf freg, freg
                o1 = self.oprrr(p.as_, sc);
                o1 |= r4(p.from.reg) | r4(p.to.reg) << 12;
            }
            56 => {
                // move to FP[CS]R
                o1 = cond(sc) | 0xee1 << 16 | 0xa1 << 4;
                o1 |= r4(p.from.reg) << 12;
            }
            57 => {
                // move from FP[CS]R
                o1 = cond(sc) | 0xef1 << 16 | 0xa1 << 4;
                o1 |= r4(p.to.reg) << 12;
            }
            58 => {
                // movbu R,R
                o1 = self.oprrr(AND, sc);
                o1 |= immrot(0xff) as u32;
                let rt = if p.to.typ == TYPE_NONE { 0 } else { p.to.reg };
                let r = if p.from.reg == 0 { rt } else { p.from.reg };
                o1 |= r4(r) << 16 | r4(rt) << 12;
            }
            59 => {
                // movw/bu R<<I(R),R -> ldr indexed
                if p.from.reg == 0 {
                    self.diag("source operand is not a memory address");
                } else if p.from.offset & (1 << 4) != 0 {
                    self.diag("bad shift in LDR");
                } else {
                    o1 = self.olrr(p.from.offset, p.from.reg, p.to.reg, sc);
                    if p.as_ == MOVBU {
                        o1 |= 1 << 22;
                    }
                }
            }
            60 => {
                // movb R(R),R -> ldrsb indexed
                if p.from.reg == 0 {
                    self.diag("source operand is not a memory address");
                } else if p.from.offset & !0xf != 0 {
                    self.diag("bad shift");
                } else {
                    o1 = self.olhrr(p.from.offset, p.from.reg, p.to.reg, sc);
                    match p.as_ {
                        MOVB | MOVBS => o1 ^= 1 << 5 | 1 << 6,
                        MOVH | MOVHS => o1 ^= 1 << 6,
                        _ => {}
                    }
                    if sc & C_UBIT != 0 {
                        o1 &= !(1 << 23);
                    }
                }
            }
            61 => {
                // movw/b/bu R,R<<[IR](R) -> str indexed
                if p.to.reg == 0 {
                    self.diag("MOV to shifter operand");
                }
                o1 = self.osrr(p.from.reg, p.to.offset, p.to.reg, sc);
                if matches!(p.as_, MOVB | MOVBS | MOVBU) {
                    o1 |= 1 << 22;
                }
            }
            62 => {
                // MOVH/MOVHS/MOVHU Reg, Reg<<0(Reg) -> strh
                if p.to.reg == 0 {
                    self.diag("MOV to shifter operand");
                }
                if p.to.offset & !0xf != 0 {
                    self.diag("bad shift");
                }
                o1 = self.olhrr(p.to.offset, p.to.reg, p.from.reg, sc);
                o1 ^= 1 << 20;
                if sc & C_UBIT != 0 {
                    o1 &= !(1 << 23);
                }
            }
            64 => {
                // mov/movb/movbu R,addr
                o1 = self.omvl(&p, &p.to, REGTMP);
                if o1 != 0 {
                    o2 = self.osr(p.as_, p.from.reg, 0, REGTMP, sc);
                }
            }
            65 => {
                // mov/movbu addr,R
                o1 = self.omvl(&p, &p.from, REGTMP);
                if o1 != 0 {
                    o2 = self.olr(0, REGTMP, p.to.reg, sc);
                    if matches!(p.as_, MOVBU | MOVBS | MOVB) {
                        o2 |= 1 << 22;
                    }
                }
            }
            101 => {
                // movw tlsvar,R, local exec
                o1 = self.omvl(&p, &p.from, p.to.reg);
            }
            102 | 104 => {
                self.diag_code("E0303", "initial-exec TLS (-shared) is not supported by p9asm");
            }
            103 => {
                // word tlsvar, local exec
                if p.to.sym.is_none() {
                    self.diag("nil sym in tls");
                }
                if p.to.offset != 0 {
                    self.diag("offset against tls var");
                }
                self.rel(reloc::TLSLE32, p.to.sym, 0, reloc::go_reloc::R_TLS_LE, 4);
                o1 = 0;
            }
            68 => {
                // floating point store -> ADDR
                o1 = self.omvl(&p, &p.to, REGTMP);
                if o1 != 0 {
                    o2 = self.ofsr(p.as_, p.from.reg, 0, REGTMP, sc);
                }
            }
            69 => {
                // floating point load <- ADDR
                o1 = self.omvl(&p, &p.from, REGTMP);
                if o1 != 0 {
                    o2 = self.ofsr(p.as_, p.to.reg, 0, REGTMP & 15, sc) | 1 << 20;
                }
            }
            70 => {
                // movh/movhu R,O(R) -> strh
                self.aclass(&p.to);
                let r = if p.to.reg == 0 { o.param as i64 } else { p.to.reg };
                o1 = self.oshr(p.from.reg, self.instoffset as i32, r, sc);
            }
            71 => {
                // movb/movh/movhu O(R),R -> ldrsb/ldrsh/ldrh
                self.aclass(&p.from);
                let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                o1 = self.olhr(self.instoffset as i32, r, p.to.reg, sc);
                if p.as_ == MOVB || p.as_ == MOVBS {
                    o1 ^= 1 << 5 | 1 << 6;
                } else if p.as_ == MOVH || p.as_ == MOVHS {
                    o1 ^= 1 << 6;
                }
            }
            72 => {
                // movh/movhu R,L(R) -> strh
                o1 = self.omvl(&p, &p.to, REGTMP);
                if o1 != 0 {
                    let r = if p.to.reg == 0 { o.param as i64 } else { p.to.reg };
                    o2 = self.oshrr(p.from.reg, REGTMP & 15, r, sc);
                }
            }
            73 | 93 => {
                // movb/movh/movhu L(R),R -> ldrsb/ldrsh/ldrh ; addr,R
                o1 = self.omvl(&p, &p.from, REGTMP);
                if o1 != 0 {
                    o2 = if o.type_ == 73 {
                        let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                        self.olhrr(REGTMP & 15, r, p.to.reg, sc)
                    } else {
                        self.olhr(0, REGTMP, p.to.reg, sc)
                    };
                    if p.as_ == MOVB || p.as_ == MOVBS {
                        o2 ^= 1 << 5 | 1 << 6;
                    } else if p.as_ == MOVH || p.as_ == MOVHS {
                        o2 ^= 1 << 6;
                    }
                }
            }
            74 => self.diag("ABX $I"),
            75 => {
                // bx O(R)
                self.aclass(&p.to);
                if self.instoffset != 0 {
                    self.diag("non-zero offset in ABX");
                }
                o1 = self.oprrr(ADD, sc);
                o1 |= immrot(self.instoffset as u32) as u32;
                o1 |= r4(p.to.reg) << 16;
                o1 |= r4(REGTMP) << 12;
                // mov PC, LR
                o2 = self.oprrr(ADD, sc) | immrot(0) as u32 | r4(REGPC) << 16 | r4(REGLINK) << 12;
                // BX Rtmp
                o3 = cond(sc) | 0x12fff << 8 | 1 << 4 | r4(REGTMP);
            }
            76 => self.diag("ABXRET"),
            77 | 91 => {
                // ldrex oreg,reg ; ldrexd
                self.aclass(&p.from);
                if self.instoffset != 0 {
                    self.diag("offset must be zero in LDREX");
                }
                o1 = if o.type_ == 77 { 0x19 << 20 | 0xf9f } else { 0x1b << 20 | 0xf9f };
                o1 |= r4(p.from.reg) << 16;
                o1 |= r4(p.to.reg) << 12;
                o1 |= cond(sc);
            }
            78 => {
                // strex reg,oreg,reg
                self.aclass(&p.from);
                if self.instoffset != 0 {
                    self.diag("offset must be zero in STREX");
                }
                if p.to.reg == p.from.reg || p.to.reg == p.reg {
                    self.diag("cannot use same register as both source and destination");
                }
                o1 = 0x18 << 20 | 0xf90;
                o1 |= r4(p.from.reg) << 16;
                o1 |= r4(p.reg);
                o1 |= r4(p.to.reg) << 12;
                o1 |= cond(sc);
            }
            80 => {
                // fmov zfcon,freg
                if p.as_ == MOVD {
                    o1 = 0xeeb00b00; // VMOV imm 64
                    o2 = self.oprrr(SUBD, sc);
                } else {
                    o1 = 0x0eb00a00; // VMOV imm 32
                    o2 = self.oprrr(SUBF, sc);
                }
                let v: u32 = 0x70; // 1.0
                let r = r4(p.to.reg);
                o1 |= cond(sc);
                o1 |= r << 12;
                o1 |= v & 0xf;
                o1 |= (v & 0xf0) << 12;
                o2 |= r | r << 16 | r << 12;
            }
            81 => {
                // fmov sfcon,freg
                o1 = 0x0eb00a00;
                if p.as_ == MOVD {
                    o1 = 0xeeb00b00;
                }
                o1 |= cond(sc);
                o1 |= r4(p.to.reg) << 12;
                let v = chipfloat5(p.from.fval, self.goarm) as u32;
                o1 |= v & 0xf;
                o1 |= (v & 0xf0) << 12;
            }
            82 => {
                // fcmp freg,freg,
                o1 = self.oprrr(p.as_, sc);
                o1 |= r4(p.reg) << 12 | r4(p.from.reg);
                o2 = 0x0ef1fa10 | cond(sc); // VMRS R15
            }
            83 => {
                // fcmp freg,,
                o1 = self.oprrr(p.as_, sc);
                o1 |= r4(p.from.reg) << 12 | 1 << 16;
                o2 = 0x0ef1fa10 | cond(sc);
            }
            84 | 85 => {
                // movfw freg,freg - truncate float-to-fix ; movwf freg,freg
                o1 = self.oprrr(p.as_, sc);
                o1 |= r4(p.from.reg);
                o1 |= r4(p.to.reg) << 12;
            }
            86 => {
                // movfw freg,reg: movfw freg,FTMP; movw FTMP,reg
                o1 = self.oprrr(p.as_, sc);
                o1 |= r4(p.from.reg);
                o1 |= r4(FREGTMP) << 12;
                o2 = self.oprrr_copy_ftow(sc);
                o2 |= r4(FREGTMP) << 16;
                o2 |= r4(p.to.reg) << 12;
            }
            87 => {
                // movwf reg,freg: movw reg,FTMP; movwf FTMP,freg
                o1 = self.oprrr_copy_wtof(sc);
                o1 |= r4(p.from.reg) << 12;
                o1 |= r4(FREGTMP) << 16;
                o2 = self.oprrr(p.as_, sc);
                o2 |= r4(FREGTMP);
                o2 |= r4(p.to.reg) << 12;
            }
            88 => {
                // movw reg,freg
                o1 = self.oprrr_copy_wtof(sc);
                o1 |= r4(p.from.reg) << 12;
                o1 |= r4(p.to.reg) << 16;
            }
            89 => {
                // movw freg,reg
                o1 = self.oprrr_copy_ftow(sc);
                o1 |= r4(p.from.reg) << 16;
                o1 |= r4(p.to.reg) << 12;
            }
            92 => {
                // strexd reg,oreg,reg
                self.aclass(&p.from);
                if self.instoffset != 0 {
                    self.diag("offset must be zero in STREX");
                }
                if p.reg & 1 != 0 {
                    self.diag("source register must be even in STREXD");
                }
                if p.to.reg == p.from.reg || p.to.reg == p.reg || p.to.reg == p.reg + 1 {
                    self.diag("cannot use same register as both source and destination");
                }
                o1 = 0x1a << 20 | 0xf90;
                o1 |= r4(p.from.reg) << 16;
                o1 |= r4(p.reg);
                o1 |= r4(p.to.reg) << 12;
                o1 |= cond(sc);
            }
            94 => {
                // movh/movhu R,addr -> strh
                o1 = self.omvl(&p, &p.to, REGTMP);
                if o1 != 0 {
                    o2 = self.oshr(p.from.reg, 0, REGTMP, sc);
                }
            }
            95 => {
                // PLD off(reg)
                o1 = 0xf5d0f000;
                o1 |= r4(p.from.reg) << 16;
                if p.from.offset < 0 {
                    o1 &= !(1 << 23);
                    o1 |= ((-p.from.offset) & 0xfff) as u32;
                } else {
                    o1 |= (p.from.offset & 0xfff) as u32;
                }
            }
            96 => o1 = 0xf7fabcfd,
            97 => {
                // CLZ Rm, Rd
                o1 = self.oprrr(p.as_, sc);
                o1 |= r4(p.to.reg) << 12;
                o1 |= r4(p.from.reg);
            }
            98 | 99 => {
                // MULW{T,B} Rs, Rm, Rd ; MULAW{T,B} Rs, Rm, Rn, Rd
                o1 = self.oprrr(p.as_, sc);
                o1 |= r4(p.to.reg) << 16;
                o1 |= r4(p.from.reg) << 8;
                o1 |= r4(p.reg);
                if o.type_ == 99 {
                    o1 |= ((p.to.offset & 15) << 12) as u32;
                }
            }
            110 => {
                // dmb [mbop | $con]
                o1 = 0xf57ff050;
                let mut mbop = 0u32;
                const MB: [(i64, u32); 8] = [
                    (REG_MB_SY, 15),
                    (REG_MB_ST, 14),
                    (REG_MB_ISH, 11),
                    (REG_MB_ISHST, 10),
                    (REG_MB_NSH, 7),
                    (REG_MB_NSHST, 6),
                    (REG_MB_OSH, 3),
                    (REG_MB_OSHST, 2),
                ];
                match self.aclass(&p.from) {
                    C_SPR => {
                        if let Some(&(_, e)) = MB.iter().find(|(r, _)| *r == p.from.reg) {
                            mbop = e;
                        }
                    }
                    C_RCON => {
                        let enc = self.instoffset as u32;
                        if MB.iter().any(|(_, e)| *e == enc) {
                            mbop = enc;
                        }
                    }
                    C_NONE => mbop = 0xf,
                    _ => {}
                }
                if mbop == 0 {
                    self.diag("illegal mb option");
                }
                o1 |= mbop;
            }
            t => self.diag_code("E0303", format!("{}: unknown asm {t}", ops::name(p.as_))),
        }
        out[0] = o1;
        out[1] = o2;
        out[2] = o3;
    }
}

// ---- the layout (Go's span5) ----

impl C5<'_> {
    fn zero_width(p: &P) -> bool {
        matches!(p.as_, Op::NOP | Op::FUNCDATA | Op::PCDATA)
    }

    fn size_of(&mut self, i: usize) -> i64 {
        self.oplook(i).map_or(4, |o| o.size as i64)
    }

    /// Go's addpool: the literal of `a` (From or To) of the instruction at `i`.
    fn addpool(&mut self, i: usize, from: bool) {
        let a = if from { self.progs[i].from } else { self.progs[i].to };
        let mut t = P::new(WORD);
        let cls = self.aclass(&a);
        match cls {
            C_SROREG | C_LOREG | C_ROREG | C_FOREG | C_SOREG | C_HOREG | C_FAUTO | C_SAUTO | C_LAUTO | C_LACON => {
                t.to = A::konst(self.instoffset);
            }
            _ => {
                t.to = A { typ: a.typ, name: a.name, offset: a.offset, sym: a.sym, ..A::none() };
            }
        }
        for (k, q) in self.pool.iter().enumerate() {
            if q.to.pool_key() == t.to.pool_key() {
                self.progs[i].pool = Some(k);
                self.pool_refs.push((i, k));
                return;
            }
        }
        if self.pool.is_empty() {
            self.pool_start = self.progs[i].pc as u32;
        }
        self.pool_size += 4;
        self.pool.push(t);
        self.pool_refs.push((i, self.pool.len() - 1));
    }

    /// Go's checkpool before an instruction that would take the pc to `nextpc`; `last`: there
    /// is no instruction after the one just placed. Returns whether the pool was flushed.
    fn checkpool(&mut self, nextpc: i64, last: bool) -> bool {
        let pool_last = nextpc + 4 + self.pool_size as i64 - 4;
        let v = pool_last - self.pool_start as i64 - 8;
        if self.pool_size >= 0xff0 || immaddr(v as i32) == 0 {
            return self.flushpool(1, false);
        } else if last {
            return self.flushpool(2, false);
        }
        false
    }

    /// Go's flushpool: the pool goes after the last instruction placed (the end of `progs`),
    /// behind a branch around it when `skip` (1: to the next instruction, 2: there is none,
    /// which Go encodes as a branch to itself).
    fn flushpool(&mut self, skip: u8, force: bool) -> bool {
        if self.pool.is_empty() {
            return false;
        }
        let last_pc = self.progs.last().map_or(0, |p| p.pc);
        if skip == 0 && !force && last_pc + self.pool_size as i64 - (self.pool_start as i64) < 2048 {
            return false;
        }
        let pool = std::mem::take(&mut self.pool);
        if skip != 0 {
            let target = if skip == 1 { self.progs.len() + 1 + pool.len() } else { usize::MAX };
            let mut q = P::new(ops::B);
            q.to = A::branch(target);
            q.scond = 0;
            let at = self.progs.len();
            self.progs.push(q);
            self.place(at);
        }
        let base = self.progs.len();
        for q in pool {
            let at = self.progs.len();
            self.progs.push(q);
            self.place(at);
        }
        for (at, k) in std::mem::take(&mut self.pool_refs) {
            self.progs[at].pool = Some(base + k);
        }
        self.pool_size = 0;
        self.pool_start = 0;
        true
    }

    /// Gives the instruction at `at` (the last pushed) its pc: after the one before it.
    fn place(&mut self, at: usize) {
        let pc = if at == 0 {
            0
        } else {
            let prev = at - 1;
            let m = if Self::zero_width(&self.progs[prev]) { 0 } else { self.size_of(prev) };
            self.progs[prev].pc + m
        };
        self.progs[at].pc = pc;
    }
}

/// Assembles one function: adapts its Progs to Go's view, lays it out as span5 and encodes it.
/// The Progs of the function are replaced by the span list's (pool literals and the branches
/// around them are synthesized Progs), with their pcs and sizes.
pub fn assemble(f: &mut Func, cx: &mut Ctx, goarm: u8) -> Code {
    let mut code = Code::default();
    let mut input: Vec<P> = Vec::with_capacity(f.progs.len());
    for (k, p) in f.progs.iter().enumerate().skip(1) {
        let mut g = match adapt(p) {
            Ok(mut g) => match progedit(&mut g, cx, p.origin, goarm) {
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
    let mut c = C5 {
        syms: cx.syms,
        progs: Vec::with_capacity(input.len() + 8),
        autosize: f.layout.autosize,
        instoffset: 0,
        pc: 0,
        goarm,
        cur: 0,
        pool: Vec::new(),
        pool_refs: Vec::new(),
        pool_start: 0,
        pool_size: 0,
        errs: Vec::new(),
        fixups: Vec::new(),
    };
    let mut at = vec![usize::MAX; f.progs.len()];
    let mut pc: i64 = 0;
    for p in input {
        let i = c.progs.len();
        at[p.orig.expect("from the function")] = i;
        c.progs.push(p);
        c.progs[i].pc = pc;
        let o = c.oplook(i);
        let m = o.map_or(4, |o| o.size as i64);
        if !c.pool.is_empty() {
            // the pool goes before this instruction if it would push the first reference
            // out of reach: Go flushes it after the previous one and goes on with the pool
            let p = c.progs.pop().expect("just pushed");
            if c.checkpool(pc + m, false) {
                pc = c.progs.last().map_or(0, |q| q.pc + 4);
            }
            let i2 = c.progs.len();
            at[p.orig.expect("from the function")] = i2;
            c.progs.push(p);
            c.progs[i2].pc = pc;
        }
        let i = c.progs.len() - 1;
        if let Some(o) = o {
            match o.flag & (LFROM | LTO | LPOOL) {
                LFROM => c.addpool(i, true),
                LTO => c.addpool(i, false),
                // an unconditional branch: the pool may go after it
                LPOOL if c.progs[i].scond & C_SCOND == C_SCOND_NONE => {
                    c.flushpool(0, false);
                }
                _ => {}
            }
        }
        let q = &c.progs[i];
        if q.as_ == MOVW && q.to.typ == TYPE_REG && q.to.reg == REGPC && q.scond & C_SCOND == C_SCOND_NONE {
            c.flushpool(0, false);
        }
        // after the instruction, or after the pool flushed behind it
        pc = c.progs.last().map_or(0, |q| q.pc) + if c.progs.len() - 1 == i { m } else { 4 };
    }
    if !c.pool.is_empty() {
        // the end of the function: Go's checkpool with p.Link == nil
        c.checkpool(pc, true);
    }
    // branch targets: function indices to span indices
    for p in c.progs.iter_mut() {
        if p.orig.is_some() {
            for a in [&mut p.from, &mut p.to] {
                if a.typ == TYPE_BRANCH && a.target != usize::MAX {
                    a.target = at.get(a.target).copied().unwrap_or(usize::MAX);
                }
            }
        }
    }
    // Go's second span loop: sizes are fixed after the first, so the layout settles in one
    // round (the shared driver bounds it all the same)
    let res = crate::emit::span::converge(cx.layout_rounds, |_| {
        let mut pc = 0i64;
        let mut grew = false;
        for i in 0..c.progs.len() {
            if c.progs[i].pc != pc {
                grew = true;
            }
            c.progs[i].pc = pc;
            let m =
                if C5::zero_width(&c.progs[i]) && c.oplook(i).is_some_and(|o| o.size == 0) { 0 } else { c.size_of(i) };
            pc += m;
        }
        grew
    });
    if let Err(rounds) = res {
        cx.diags.push(crate::emit::span::diverged(f.origin, rounds));
        return code;
    }
    let mut out = [0u32; 6];
    for i in 0..c.progs.len() {
        c.cur = i;
        c.pc = c.progs[i].pc;
        while (code.bytes.len() as i64) < c.pc {
            // Go pads with MOVW R0, R0
            code.bytes.extend_from_slice(&0xe1a00000u32.to_le_bytes());
        }
        let Some(o) = c.oplook(i) else { continue };
        if o.size == 0 {
            continue;
        }
        out.fill(0);
        let nerr = c.errs.len();
        c.asmout(i, o, &mut out);
        if c.errs.len() > nerr {
            // keep the layout: the bytes of a rejected instruction are never written out
            for _ in 0..o.size / 4 {
                code.bytes.extend_from_slice(&0u32.to_le_bytes());
            }
            continue;
        }
        for w in &out[..(o.size as usize / 4)] {
            code.bytes.extend_from_slice(&w.to_le_bytes());
        }
    }
    code.fixups = std::mem::take(&mut c.fixups);
    // the literal pools: the WORDs the layout added
    for p in c.progs.iter().filter(|p| p.orig.is_none() && p.as_ == WORD) {
        let (start, end) = (p.pc as u32, p.pc as u32 + 4);
        match code.data.last_mut() {
            Some(last) if last.1 == start => last.1 = end,
            _ => code.data.push((start, end)),
        }
    }
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
    let zero: Vec<bool> = (0..c.progs.len()).map(|i| c.oplook(i).is_some_and(|o| o.size == 0)).collect();
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
                    _ if g.to.sym.is_some() => p.args.push(Operand::new(
                        Addr::AddrOf(Mem {
                            name: if g.to.name == NAME_STATIC { Name::Static } else { Name::Extern },
                            sym: g.to.sym,
                            offset: g.to.offset,
                            ..Mem::default()
                        }),
                        origin,
                    )),
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
        p.size = if zero[i] { 0 } else { size };
        progs.push(p);
    }
    f.progs = progs;
    code
}
