//! The ppc64 encoder: Go's asm9.go, ported on Go's own view of an instruction, for both byte
//! orders (the words are Go's; only how they are stored differs, and `DWORD`'s two halves).
//!
//! [`adapt`] builds Go's `From`/`Reg`/`RestArgs`/`To` from p9asm's operand list as
//! cmd/asm/internal/asm/asm.go does for ppc64, [`progedit`] is obj9.go's `progedit`, and
//! `aclass`, `oplook` and `asmout` below are asm9.go's, case by case. The tables (`optab`, the
//! `opset` groups, `oprrr` and the other opcode functions) are generated from asm9.go
//! ([`super::optab`]). The layout is Go's `span9`: conditional branches that do not reach are
//! inverted around an unconditional one (or given a two-branch trampoline), round after round,
//! through the shared [`crate::emit::span::converge`].

// The port keeps Go's forms, so that it reads against asm9.go line by line.
#![allow(
    clippy::collapsible_if,
    clippy::collapsible_else_if,
    clippy::needless_return,
    clippy::too_many_arguments,
    clippy::identity_op,
    clippy::needless_late_init,
    clippy::manual_range_contains,
    non_snake_case
)]

use std::sync::OnceLock;

use p9asm_macros::Diag;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use super::anames::*;
use super::aout::*;
use super::ops;
use super::optab::{OPSET, OPTAB, Optab, opiirr, opirr, opirrr, opload, oploadx, oprrr, opstore, opstorex};
use super::reloc;
use crate::arch::{Code, Ctx};
use crate::emit::fixup::Fixup;
use crate::prog::{Addr, Func, Mem, Name, Op, Operand, Prog, mark, textflag};
use crate::sym::SymId;

/// asm9.go's instruction-form helpers (`OPVCC`, `AOP_RRR`, ...), used by the generated tables.
pub mod forms {
    pub fn OPVXX1(o: u32, xo: u32, oe: u32) -> u32 {
        o << 26 | xo << 1 | oe << 11
    }
    pub fn OPVXX2(o: u32, xo: u32, oe: u32) -> u32 {
        o << 26 | xo << 2 | oe << 11
    }
    pub fn OPVXX2VA(o: u32, xo: u32, oe: u32) -> u32 {
        o << 26 | xo << 2 | oe << 16
    }
    pub fn OPVXX3(o: u32, xo: u32, oe: u32) -> u32 {
        o << 26 | xo << 3 | oe << 11
    }
    pub fn OPVXX4(o: u32, xo: u32, oe: u32) -> u32 {
        o << 26 | xo << 4 | oe << 11
    }
    pub fn OPDQ(o: u32, xo: u32, oe: u32) -> u32 {
        o << 26 | xo | oe << 4
    }
    pub fn OPVX(o: u32, xo: u32, oe: u32, rc: u32) -> u32 {
        o << 26 | xo | oe << 11 | rc & 1
    }
    pub fn OPVC(o: u32, xo: u32, oe: u32, rc: u32) -> u32 {
        o << 26 | xo | oe << 11 | (rc & 1) << 10
    }
    pub const fn OPVCC(o: u32, xo: u32, oe: u32, rc: u32) -> u32 {
        o << 26 | xo << 1 | oe << 10 | rc & 1
    }
    pub fn OPCC(o: u32, xo: u32, rc: u32) -> u32 {
        OPVCC(o, xo, 0, rc)
    }
    pub fn OPMD(o: u32, xo: u32, rc: u32) -> u32 {
        o << 26 | xo << 2 | rc & 1
    }
    pub fn AOP_RRR(op: u32, d: u32, a: u32, b: u32) -> u32 {
        op | (d & 31) << 21 | (a & 31) << 16 | (b & 31) << 11
    }
}
use forms::*;

fn AOP_RR(op: u32, d: u32, a: u32) -> u32 {
    op | (d & 31) << 21 | (a & 31) << 11
}
fn AOP_RRRR(op: u32, d: u32, a: u32, b: u32, c: u32) -> u32 {
    op | (d & 31) << 21 | (a & 31) << 16 | (b & 31) << 11 | (c & 31) << 6
}
fn AOP_IRR(op: u32, d: u32, a: u32, simm: u32) -> u32 {
    op | (d & 31) << 21 | (a & 31) << 16 | simm & 0xFFFF
}
fn AOP_VIRR(op: u32, d: u32, a: u32, simm: u32) -> u32 {
    op | (d & 31) << 21 | (simm & 0xFFFF) << 16 | (a & 31) << 11
}
fn AOP_IIRR(op: u32, d: u32, a: u32, sbit: u32, simm: u32) -> u32 {
    op | (d & 31) << 21 | (a & 31) << 16 | (sbit & 1) << 15 | (simm & 0xF) << 11
}
fn AOP_IRRR(op: u32, d: u32, a: u32, b: u32, simm: u32) -> u32 {
    op | (d & 31) << 21 | (a & 31) << 16 | (b & 31) << 11 | (simm & 0xF) << 6
}
fn AOP_IR(op: u32, d: u32, simm: u32) -> u32 {
    op | (d & 31) << 21 | (simm & 31) << 16
}
fn AOP_XX1(op: u32, r: u32, a: u32, b: u32) -> u32 {
    op | (r & 31) << 21 | (a & 31) << 16 | (b & 31) << 11 | (r & 32) >> 5
}
fn AOP_XX2(op: u32, xt: u32, a: u32, xb: u32) -> u32 {
    op | (xt & 31) << 21 | (a & 3) << 16 | (xb & 31) << 11 | (xb & 32) >> 4 | (xt & 32) >> 5
}
fn AOP_XX3(op: u32, xt: u32, xa: u32, xb: u32) -> u32 {
    op | (xt & 31) << 21 | (xa & 31) << 16 | (xb & 31) << 11 | (xa & 32) >> 3 | (xb & 32) >> 4 | (xt & 32) >> 5
}
fn AOP_XX3I(op: u32, xt: u32, xa: u32, xb: u32, c: u32) -> u32 {
    op | (xt & 31) << 21
        | (xa & 31) << 16
        | (xb & 31) << 11
        | (c & 3) << 8
        | (xa & 32) >> 3
        | (xb & 32) >> 4
        | (xt & 32) >> 5
}
fn AOP_XX4(op: u32, xt: u32, xa: u32, xb: u32, xc: u32) -> u32 {
    op | (xt & 31) << 21
        | (xa & 31) << 16
        | (xb & 31) << 11
        | (xc & 31) << 6
        | (xc & 32) >> 2
        | (xa & 32) >> 3
        | (xb & 32) >> 4
        | (xt & 32) >> 5
}
fn AOP_DQ(op: u32, xt: u32, a: u32, b: u32) -> u32 {
    let dq = b >> 4;
    op | (xt & 31) << 21 | (a & 31) << 16 | (dq & 4095) << 4 | (xt & 32) >> 2
}
fn AOP_Z23I(op: u32, d: u32, a: u32, b: u32, c: u32) -> u32 {
    op | (d & 31) << 21 | (a & 31) << 16 | (b & 31) << 11 | (c & 3) << 9
}
fn AOP_RRRI(op: u32, d: u32, a: u32, b: u32, c: u32) -> u32 {
    op | (d & 31) << 21 | (a & 31) << 16 | (b & 31) << 11 | (c & 1)
}
fn LOP_RRR(op: u32, a: u32, s: u32, b: u32) -> u32 {
    op | (s & 31) << 21 | (a & 31) << 16 | (b & 31) << 11
}
fn LOP_IRR(op: u32, a: u32, s: u32, uimm: u32) -> u32 {
    op | (s & 31) << 21 | (a & 31) << 16 | uimm & 0xFFFF
}
fn OP_BR(op: u32, li: u32, aa: u32) -> u32 {
    op | li & 0x03FFFFFC | aa << 1
}
fn OP_BC(op: u32, bo: u32, bi: u32, bd: u32, aa: u32) -> u32 {
    op | (bo & 0x1F) << 21 | (bi & 0x1F) << 16 | bd & 0xFFFC | aa << 1
}
fn OP_BCR(op: u32, bo: u32, bi: u32) -> u32 {
    op | (bo & 0x1F) << 21 | (bi & 0x1F) << 16
}
fn OP_RLW(op: u32, a: u32, s: u32, sh: u32, mb: u32, me: u32) -> u32 {
    op | (s & 31) << 21 | (a & 31) << 16 | (sh & 31) << 11 | (mb & 31) << 6 | (me & 31) << 1
}
fn AOP_RLDIC(op: u32, a: u32, s: u32, sh: u32, m: u32) -> u32 {
    op | (s & 31) << 21
        | (a & 31) << 16
        | (sh & 31) << 11
        | ((sh & 32) >> 5) << 1
        | (m & 31) << 6
        | ((m & 32) >> 5) << 5
}
fn AOP_EXTSWSLI(op: u32, a: u32, s: u32, sh: u32) -> u32 {
    op | (a & 31) << 21 | (s & 31) << 16 | (sh & 31) << 11 | ((sh & 32) >> 5) << 1
}
fn AOP_ISEL(op: u32, t: u32, a: u32, b: u32, bc: u32) -> u32 {
    op | (t & 31) << 21 | (a & 31) << 16 | (b & 31) << 11 | (bc & 0x1F) << 6
}

pub const OP_ADD: u32 = 31 << 26 | 266 << 1;
pub const OP_ADDI: u32 = 14 << 26;
pub const OP_ADDIS: u32 = 15 << 26;
pub const OP_EXTSB: u32 = 31 << 26 | 954 << 1;
pub const OP_EXTSH: u32 = 31 << 26 | 922 << 1;
pub const OP_EXTSW: u32 = 31 << 26 | 986 << 1;
pub const OP_ISEL: u32 = 31 << 26 | 15 << 1;
pub const OP_MCRF: u32 = 19 << 26;
pub const OP_MCRFS: u32 = 63 << 26 | 64 << 1;
pub const OP_MFCR: u32 = 31 << 26 | 19 << 1;
pub const OP_MFFS: u32 = 63 << 26 | 583 << 1;
pub const OP_MTCRF: u32 = 31 << 26 | 144 << 1;
pub const OP_MTFSF: u32 = 63 << 26 | 711 << 1;
pub const OP_MTFSFI: u32 = 63 << 26 | 134 << 1;
pub const OP_MULLW: u32 = 31 << 26 | 235 << 1;
pub const OP_MULLD: u32 = 31 << 26 | 233 << 1;
pub const OP_OR: u32 = 31 << 26 | 444 << 1;
pub const OP_ORI: u32 = 24 << 26;
pub const OP_ORIS: u32 = 25 << 26;
pub const OP_RLWINM: u32 = 21 << 26;
pub const OP_RLWNM: u32 = 23 << 26;
pub const OP_SUBF: u32 = 31 << 26 | 40 << 1;
pub const OP_RLDIC: u32 = 30 << 26 | 4 << 1;
pub const OP_RLDICR: u32 = 30 << 26 | 2 << 1;
pub const OP_RLDICL: u32 = 30 << 26;
pub const OP_RLDCL: u32 = 30 << 26 | 8 << 1;
pub const OP_EXTSWSLI: u32 = 31 << 26 | 445 << 2;
/// `ori r0,r0,0`: the preferred no-op.
pub const NOP: u32 = OP_ORI;

const D_FORM: i32 = 0;
const DS_FORM: i32 = 1;

/// Go's `FixedFrameSize` on ppc64: the ELFv2 (and Go's ELFv1) fixed frame.
pub const FIXED_FRAME: i64 = 32;

// ---- Go's obj.Addr and obj.Prog ----

pub use crate::arch::go_obj::*;

/// Go's `obj.Addr` (the fields ppc64 uses).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct A {
    pub typ: u8,
    pub name: u8,
    pub reg: i64,
    pub index: i64,
    pub offset: i64,
    pub sym: Option<SymId>,
    pub fval: f64,
    /// TYPE_BRANCH: the target's index in the span list (`usize::MAX`: none).
    pub target: usize,
    /// Go's `Class` cache (aclass + 1).
    pub class: i64,
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

/// Go's `obj.Prog` for one instruction of the span list.
#[derive(Clone, Debug, Default)]
pub struct P {
    pub as_: Op,
    pub from: A,
    pub reg: i64,
    pub rest: SmallVec<[A; 2]>,
    pub to: A,
    pub pc: i64,
    /// Go's `Optab` cache (row + 1), into the sorted table.
    pub optab: u16,
    /// The Prog of the function it comes from; `None` for branches the layout adds.
    pub orig: Option<usize>,
    /// span9 rewrote it into `BC bo, crbit, target` (a far branch inverted around a BR).
    pub inverted: bool,
}

impl P {
    fn new(as_: Op) -> P {
        P { as_, from: A::none(), to: A::none(), ..P::default() }
    }
    fn from3(&self) -> Option<&A> {
        self.rest.first()
    }
    fn from3_type(&self) -> u8 {
        self.from3().map_or(TYPE_NONE, |a| a.typ)
    }
}

struct Err9 {
    at: usize,
    code: &'static str,
    msg: String,
}

/// Go's `ctxt9`: the state of assembling one function.
pub struct C9<'a> {
    syms: &'a crate::sym::Symbols,
    pub progs: Vec<P>,
    autosize: i64,
    instoffset: i64,
    pc: i64,
    cur: usize,
    big: bool,
    errs: Vec<Err9>,
    pub fixups: Vec<Fixup>,
}

impl C9<'_> {
    fn diag(&mut self, msg: impl Into<String>) {
        self.diag_code("E0301", msg);
    }
    fn diag_code(&mut self, code: &'static str, msg: impl Into<String>) {
        let at = self.cur;
        if !self.errs.iter().any(|e| e.at == at) {
            self.errs.push(Err9 { at, code, msg: msg.into() });
        }
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
        Addr::Mem(m) => mem(m, TYPE_MEM),
        Addr::AddrOf(m) => mem(m, TYPE_ADDR),
        Addr::Branch(t) => A::branch(*t as usize),
        Addr::TextSize { frame, .. } => A { typ: TYPE_TEXTSIZE, offset: *frame, ..A::none() },
        Addr::Str(_) => return Err("a string constant is not an operand of a ppc64 instruction".into()),
        Addr::RegPair(..) => return Err("(register, register) is not a ppc64 operand".into()),
        _ => return Err("this operand form does not exist on ppc64".into()),
    })
}

/// cmd/asm/internal/arch/ppc64.go `IsPPC64RLD`.
pub fn is_rld(op: Op) -> bool {
    matches!(
        op,
        RLDC | RLDCCC
            | RLDCL
            | RLDCLCC
            | RLDCR
            | RLDCRCC
            | RLDMI
            | RLDMICC
            | RLWMI
            | RLWMICC
            | RLWNM
            | RLWNMCC
            | FMADD
            | FMADDCC
            | FMADDS
            | FMADDSCC
            | FMSUB
            | FMSUBCC
            | FMSUBS
            | FMSUBSCC
            | FNMADD
            | FNMADDCC
            | FNMADDS
            | FNMADDSCC
            | FNMSUB
            | FNMSUBCC
            | FNMSUBS
            | FNMSUBSCC
    )
}

/// `IsPPC64CMP`.
pub fn is_cmp(op: Op) -> bool {
    matches!(op, CMP | CMPU | CMPW | CMPWU | FCMPU)
}

/// `IsPPC64NEG`.
pub fn is_neg(op: Op) -> bool {
    matches!(
        op,
        ADDMECC
            | ADDMEVCC
            | ADDMEV
            | ADDME
            | ADDZECC
            | ADDZEVCC
            | ADDZEV
            | ADDZE
            | CNTLZDCC
            | CNTLZD
            | CNTLZWCC
            | CNTLZW
            | EXTSBCC
            | EXTSB
            | EXTSHCC
            | EXTSH
            | EXTSWCC
            | EXTSW
            | NEGCC
            | NEGVCC
            | NEGV
            | NEG
            | SLBMFEE
            | SLBMFEV
            | SLBMTE
            | SUBMECC
            | SUBMEVCC
            | SUBMEV
            | SUBME
            | SUBZECC
            | SUBZEVCC
            | SUBZEV
            | SUBZE
    )
}

/// Go's `getRegister`.
fn get_register(p: &Prog, a: &A, k: usize) -> Result<i64, (usize, String)> {
    if a.typ != TYPE_REG || a.offset != 0 || a.name != 0 || a.index != 0 {
        return Err((k, format!("{}: expected register; found a different operand", ops::name(p.op))));
    }
    Ok(a.reg)
}

/// Go's `getConstant` for the coerced operands of 3-operand branches: a plain number or name
/// (`BC 20, 4, …`, `BC 20, undefined_symbol+1, LR`: an address without base, name or index;
/// the symbol is discarded) gives its offset; anything else, `$4` included, is rejected.
fn get_constant(p: &Prog, a: &A, k: usize) -> Result<i64, (usize, String)> {
    if a.typ != TYPE_MEM || a.name != NAME_NONE || a.reg != 0 || a.index != 0 {
        return Err((k, format!("{}: expected integer constant", ops::name(p.op))));
    }
    Ok(a.offset)
}

/// asm.go's `asmInstruction`/`asmJump` for ppc64.
fn adapt(p: &Prog) -> Result<P, (usize, String)> {
    let mut g = P::new(p.op);
    let a: Vec<A> =
        p.args.iter().enumerate().map(|(k, o)| addr(&o.addr).map_err(|e| (k, e))).collect::<Result<_, _>>()?;
    let n = a.len();
    let name = ops::name(p.op);
    let jump = matches!(p.op, Op::JMP | Op::CALL) || ops::is_jump(p.op);
    if jump {
        let target;
        match n {
            1 => target = 0,
            2 => {
                g.from = a[0];
                target = 1;
            }
            3 => {
                g.from = a[0];
                if a[0].typ != TYPE_CONST {
                    g.from = A::konst(get_constant(p, &a[0], 0)?);
                }
                g.reg = a[1].reg;
                if a[1].typ != TYPE_REG {
                    let c = get_constant(p, &a[1], 1)?;
                    let r = REG_CRBIT0.wrapping_add(c);
                    if !(REG_CR0LT..=REG_CR7SO).contains(&r) {
                        return Err((1, format!("invalid CR bit register number {c}")));
                    }
                    g.reg = r;
                }
                target = 2;
            }
            4 => {
                g.from = a[0];
                g.reg = get_register(p, &a[1], 1)?;
                g.rest.push(a[2]);
                target = 3;
            }
            _ => return Err((0, format!("wrong number of arguments to {name} instruction"))),
        }
        let t = a[target];
        match t.typ {
            TYPE_BRANCH | TYPE_REG | TYPE_CONST | TYPE_NONE => g.to = t,
            TYPE_MEM if matches!(t.name, NAME_EXTERN | NAME_STATIC) => g.to = t,
            TYPE_MEM if t.name == NAME_NONE => {
                g.to = t;
                // "On the ppc64, 9a encodes BR (CTR) as BR CTR. We do the same."
                if t.offset == 0 {
                    g.to.typ = TYPE_REG;
                }
            }
            _ => return Err((target, "cannot assemble jump to this operand".into())),
        }
        return Ok(g);
    }
    match n {
        0 => {}
        1 => {
            if p.op == Op::RET {
                g.to = a[0];
            } else if is_neg(p.op) {
                g.from = a[0];
                g.to = a[0];
            } else {
                g.from = a[0];
            }
        }
        2 => {
            g.from = a[0];
            g.to = a[1];
        }
        3 => {
            if is_cmp(p.op) {
                g.from = a[0];
                g.reg = get_register(p, &a[2], 2)?;
                g.to = a[1];
            } else {
                match a[1].typ {
                    TYPE_REG => {
                        g.from = a[0];
                        g.reg = get_register(p, &a[1], 1)?;
                        g.to = a[2];
                    }
                    TYPE_CONST => {
                        g.from = a[0];
                        g.rest.push(a[1]);
                        g.to = a[2];
                    }
                    _ => return Err((1, format!("invalid addressing modes for {name} instruction"))),
                }
            }
        }
        4 => {
            if is_rld(p.op) {
                g.from = a[0];
                g.reg = get_register(p, &a[1], 1)?;
                g.rest.push(a[2]);
                g.to = a[3];
            } else if p.op == ISEL {
                g.rest.push(a[2]);
                g.from = a[0];
                g.reg = get_register(p, &a[1], 1)?;
                g.to = a[3];
            } else if a[1].typ == TYPE_REG {
                g.from = a[0];
                g.reg = get_register(p, &a[1], 1)?;
                g.rest.push(a[2]);
                g.to = a[3];
            } else if a[1].typ == TYPE_CONST {
                g.from = a[0];
                g.reg = get_register(p, &a[2], 2)?;
                g.rest.push(a[1]);
                g.to = a[3];
            } else {
                return Err((1, format!("invalid addressing modes for {name} instruction")));
            }
        }
        5 => {
            g.from = a[0];
            g.reg = get_register(p, &a[1], 1)?;
            g.rest.push(a[2]);
            g.rest.push(a[3]);
            g.to = a[4];
        }
        _ => return Err((0, format!("can't handle {name} instruction with {n} operands"))),
    }
    Ok(g)
}

/// A read-only constant Go's progedit puts in memory (`$f32.…`, `$f64.…`, `$i64.…`).
pub fn const_sym(cx: &mut Ctx, name: String, bits: i64, size: u8, origin: p9asm_macros::Origin) -> SymId {
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
    sym
}

/// obj9.go's `progedit` (without the AIX TOC and dynamic-linking rewrites, which p9asm's
/// targets do not use).
fn progedit(p: &mut P, cx: &mut Ctx, origin: p9asm_macros::Origin) {
    p.from.class = 0;
    p.to.class = 0;
    if matches!(p.as_, Op::JMP | Op::CALL | Op::RET) && p.to.sym.is_some() {
        p.to.typ = TYPE_BRANCH;
    }
    match p.as_ {
        FMOVS if p.from.typ == TYPE_FCONST => {
            let b = (p.from.fval as f32).to_bits();
            let s = const_sym(cx, format!("$f32.{b:08x}"), b as i64, 4, origin);
            p.from = A { typ: TYPE_MEM, name: NAME_EXTERN, sym: Some(s), ..A::none() };
        }
        FMOVD if p.from.typ == TYPE_FCONST => {
            let f = p.from.fval;
            // constant not needed in memory for float +/- 0
            if f != 0.0 {
                let b = f.to_bits();
                let s = const_sym(cx, format!("$f64.{b:016x}"), b as i64, 8, origin);
                p.from = A { typ: TYPE_MEM, name: NAME_EXTERN, sym: Some(s), ..A::none() };
            }
        }
        // put >32-bit constants in memory and load them
        MOVD if p.from.typ == TYPE_CONST
            && p.from.name == NAME_NONE
            && p.from.reg == 0
            && p.from.offset as i32 as i64 != p.from.offset =>
        {
            let v = p.from.offset;
            let s = const_sym(cx, format!("$i64.{:016x}", v as u64), v, 8, origin);
            p.from = A { typ: TYPE_MEM, name: NAME_EXTERN, sym: Some(s), ..A::none() };
        }
        _ => {}
    }
    // preprocess, for every RET: RET is BR (LR) (its epilogue is the frame pass's), RET sym
    // is BR sym
    if p.as_ == Op::RET {
        p.as_ = Op::JMP;
        if p.to.sym.is_none() {
            p.to = A::reg(REG_LR);
        }
    }
    // rewrite SUB constants into ADD
    match p.as_ {
        SUBC if p.from.typ == TYPE_CONST => {
            p.from.offset = p.from.offset.wrapping_neg();
            p.as_ = ADDC;
        }
        SUBCCC if p.from.typ == TYPE_CONST => {
            p.from.offset = p.from.offset.wrapping_neg();
            p.as_ = ADDCCC;
        }
        SUB if p.from.typ == TYPE_CONST => {
            p.from.offset = p.from.offset.wrapping_neg();
            p.as_ = ADD;
        }
        _ => {}
    }
}

// ---- operand classes ----

pub fn aclassreg(reg: i64) -> i64 {
    if REG_R0 <= reg && reg <= REG_R31 {
        return C_REGP + (reg & 1);
    }
    if REG_F0 <= reg && reg <= REG_F31 {
        return C_FREGP + (reg & 1);
    }
    if REG_V0 <= reg && reg <= REG_V31 {
        return C_VREG;
    }
    if REG_VS0 <= reg && reg <= REG_VS63 {
        return C_VSREGP + (reg & 1);
    }
    if REG_CR0 <= reg && reg <= REG_CR7 || reg == REG_CR {
        return C_CREG;
    }
    if REG_CR0LT <= reg && reg <= REG_CR7SO {
        return C_CRBIT;
    }
    if REG_SPR0 <= reg && reg <= REG_SPR0 + 1023 {
        return match reg {
            REG_LR => C_LR,
            REG_XER => C_XER,
            REG_CTR => C_CTR,
            _ => C_SPR,
        };
    }
    if reg == REG_FPSCR {
        return C_FPSCR;
    }
    C_GOK
}

fn bits_len(x: u64) -> u32 {
    64 - x.leading_zeros()
}

/// Go's DRconv: an operand class's name.
pub fn dr(c: i64) -> String {
    CNAMES.get(c as usize).map_or_else(|| "C_??".to_string(), |s| s.to_string())
}

impl C9<'_> {
    fn sym_is_tls(&self, s: SymId) -> bool {
        // Go asks the symbol's type (STLSBSS, from GLOBL's TLSBSS flag); functions are encoded
        // before a later GLOBL is seen, so the runtime's TLS slot is known by name
        // (runtime·tls_g, runtime/tls_ppc64x.s).
        let n = self.syms.name(s);
        matches!(n, "runtime.tlsg" | "runtime.tls_g") || n.ends_with("·tlsg") || n.ends_with("·tls_g")
    }

    /// Go's aclass.
    fn aclass(&mut self, a: &A) -> i64 {
        match a.typ {
            TYPE_NONE => return C_NONE,
            TYPE_REG => return aclassreg(a.reg),
            TYPE_MEM => {
                match a.name {
                    NAME_EXTERN | NAME_STATIC => {
                        self.instoffset = a.offset;
                        let Some(s) = a.sym else { return C_GOK };
                        if self.sym_is_tls(s) {
                            // not Flag_shared: 8-byte local-exec accesses
                            return C_TLS_LE;
                        }
                        return C_ADDR;
                    }
                    NAME_AUTO => {
                        self.instoffset = self.autosize.wrapping_add(a.offset);
                    }
                    NAME_PARAM => {
                        self.instoffset = self.autosize.wrapping_add(a.offset).wrapping_add(FIXED_FRAME);
                    }
                    NAME_NONE => {
                        self.instoffset = a.offset;
                        if self.instoffset == 0 {
                            return C_ZOREG;
                        }
                    }
                    _ => return C_GOK,
                }
                if self.instoffset >= -BIG && self.instoffset < BIG {
                    return C_SOREG;
                }
                return C_LOREG;
            }
            TYPE_TEXTSIZE => return C_TEXTSIZE,
            TYPE_FCONST => {
                // only float64 +/- 0 stay constants (progedit)
                let f = a.fval;
                if f == 0.0 {
                    if f.is_sign_negative() {
                        return C_ADDCON;
                    }
                    return C_ZCON;
                }
                return C_GOK;
            }
            TYPE_CONST | TYPE_ADDR => {
                match a.name {
                    NAME_NONE => {
                        self.instoffset = a.offset;
                        if a.reg != 0 {
                            if -BIG <= self.instoffset && self.instoffset < BIG {
                                return C_SACON;
                            }
                            if self.instoffset as i32 as i64 == self.instoffset {
                                return C_LACON;
                            }
                            return C_DACON;
                        }
                    }
                    NAME_EXTERN | NAME_STATIC => {
                        if a.sym.is_none() {
                            return C_GOK;
                        }
                        self.instoffset = a.offset;
                        return C_LACON;
                    }
                    NAME_AUTO | NAME_PARAM => {
                        self.instoffset = self.autosize.wrapping_add(a.offset);
                        if a.name == NAME_PARAM {
                            self.instoffset = self.instoffset.wrapping_add(FIXED_FRAME);
                        }
                        if self.instoffset >= -BIG && self.instoffset < BIG {
                            return C_SACON;
                        }
                        return C_LACON;
                    }
                    _ => return C_GOK,
                }
                let v = self.instoffset;
                if v >= 0 {
                    let sbits = bits_len(v as u64) as i64;
                    return match sbits {
                        _ if sbits <= 5 => C_ZCON + sbits,
                        _ if sbits <= 8 => C_U8CON,
                        _ if sbits <= 15 => C_U15CON,
                        _ if sbits <= 16 => C_U16CON,
                        _ if sbits <= 31 => {
                            if v & 0xFFFF == 0 {
                                C_U3216CON
                            } else {
                                C_U32CON
                            }
                        }
                        _ if sbits <= 32 => C_U32CON,
                        _ if sbits <= 33 => C_S34CON,
                        _ => C_64CON,
                    };
                }
                let sbits = bits_len(!(v as u64)) as i64;
                return match sbits {
                    _ if sbits <= 15 => C_S16CON,
                    _ if sbits <= 31 => {
                        if v & 0xFFFF == 0 {
                            C_S3216CON
                        } else {
                            C_S32CON
                        }
                    }
                    _ if sbits <= 33 => C_S34CON,
                    _ => C_64CON,
                };
            }
            TYPE_BRANCH => return C_SBRA,
            _ => {}
        }
        C_GOK
    }

    fn vregoff(&mut self, a: &A) -> i64 {
        self.instoffset = 0;
        self.aclass(a);
        self.instoffset
    }
    fn regoff(&mut self, a: &A) -> i32 {
        self.vregoff(a) as i32
    }
    fn from3_regoff(&mut self, i: usize) -> i32 {
        let a = self.progs[i].rest.first().copied().unwrap_or_else(A::none);
        self.regoff(&a)
    }

    /// Go's getimpliedreg.
    fn getimpliedreg(&mut self, a: &A) -> i64 {
        let class = a.class - 1;
        if class >= C_ZCON && class <= C_64CON {
            return REGZERO;
        }
        match class {
            C_SACON | C_LACON => return REGSP,
            C_LOREG | C_SOREG | C_ZOREG => match a.name {
                NAME_EXTERN | NAME_STATIC => return REGSB,
                NAME_AUTO | NAME_PARAM => return REGSP,
                NAME_NONE => return REGZERO,
                _ => {}
            },
            _ => {}
        }
        self.diag(format!("failed to determine implied reg for class {}", dr(class)));
        0
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
        if p.from.class == 0 {
            p.from.class = self.aclass(&p.from) + 1;
        }
        let a1 = p.from.class - 1;
        let mut argsv = [C_NONE + 1; 3];
        for (k, ap) in p.rest.iter_mut().enumerate().take(3) {
            if ap.class == 0 {
                let c = self.aclass(ap) + 1;
                ap.class = c;
            }
            argsv[k] = ap.class;
        }
        let (a3, a4, a5) = (argsv[0] - 1, argsv[1] - 1, argsv[2] - 1);
        if p.to.class == 0 {
            p.to.class = self.aclass(&p.to) + 1;
        }
        let a6 = p.to.class - 1;
        let a2 = if p.reg != 0 { aclassreg(p.reg) } else { C_NONE };
        let mut found = None;
        if let Some(&(lo, hi)) = t.range.get(&p.as_) {
            let x = &t.xcmp;
            let ok = |a: i64, b: u8| x[a as usize][b as usize];
            for k in lo..hi {
                let op = &t.sorted[k];
                if ok(a1, op.a1) && ok(a2, op.a2) && ok(a3, op.a3) && ok(a4, op.a4) && ok(a5, op.a5) && ok(a6, op.a6) {
                    p.optab = (k + 1) as u16;
                    found = Some(op);
                    break;
                }
            }
        }
        let as_ = p.as_;
        self.progs[i] = p;
        if found.is_none() {
            self.diag(format!(
                "illegal combination {} {} {} {} {} {} {}",
                ops::name(as_),
                dr(a1),
                dr(a2),
                dr(a3),
                dr(a4),
                dr(a5),
                dr(a6)
            ));
        }
        self.cur = save;
        found
    }
}

/// Go's cmp: whether operand class `b` (of an operand) fits `a` (of an optab row).
pub fn cmp(a: i64, b: i64) -> bool {
    if a == b {
        return true;
    }
    match a {
        C_SPR => return b == C_LR || b == C_XER || b == C_CTR,
        C_U1CON => return cmp(C_ZCON, b),
        C_U2CON => return cmp(C_U1CON, b),
        C_U3CON => return cmp(C_U2CON, b),
        C_U4CON => return cmp(C_U3CON, b),
        C_U5CON => return cmp(C_U4CON, b),
        C_U8CON => return cmp(C_U5CON, b),
        C_U15CON => return cmp(C_U8CON, b),
        C_U16CON => return cmp(C_U15CON, b),
        C_S16CON => return cmp(C_U15CON, b),
        C_32CON => return cmp(C_S16CON, b) || cmp(C_U16CON, b) || cmp(C_32S16CON, b),
        C_S34CON => return cmp(C_32CON, b),
        C_64CON => return cmp(C_S34CON, b),
        C_32S16CON => return cmp(C_ZCON, b),
        C_LACON => return cmp(C_SACON, b),
        C_LBRA => return cmp(C_SBRA, b),
        C_SOREG => return cmp(C_ZOREG, b),
        C_LOREG => return cmp(C_SOREG, b),
        // r0iszero: $0 matches a register operand
        C_REG => return cmp(C_REGP, b) || b == C_ZCON,
        C_FREG => return cmp(C_FREGP, b),
        C_VSREG => return cmp(C_VSREGP, b) || cmp(C_VREG, b),
        C_ANY => return true,
        _ => {}
    }
    false
}

/// Go's optab after buildop: sorted, the rows of each opcode (its own or its opset
/// representative's), and xcmp.
pub struct Tables {
    pub sorted: Vec<Optab>,
    pub range: FxHashMap<Op, (usize, usize)>,
    pub xcmp: Vec<[bool; C_NCLASS as usize]>,
}

pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let n = C_NCLASS as usize;
        let mut xcmp = vec![[false; C_NCLASS as usize]; n];
        for (i, row) in xcmp.iter_mut().enumerate() {
            for (k, x) in row.iter_mut().enumerate() {
                *x = cmp(k as i64, i as i64);
            }
        }
        // Go's ocmp order: opcode, size, then the classes
        let mut sorted: Vec<Optab> = OPTAB.to_vec();
        sorted.sort_by_key(|o| (o.as_, o.size, o.a1, o.a2, o.a3, o.a4, o.a5, o.a6));
        let mut range = FxHashMap::default();
        let mut i = 0;
        while i < sorted.len() {
            let r = sorted[i].as_;
            let start = i;
            while i < sorted.len() && sorted[i].as_ == r {
                i += 1;
            }
            range.insert(r, (start, i));
            for &(rep, member) in OPSET.iter() {
                if rep == r {
                    range.insert(member, (start, i));
                }
            }
        }
        Tables { sorted, range, xcmp }
    })
}

// ---- masks ----

fn getmask(m: &mut [u8; 2], v: u32) -> bool {
    m[0] = 0;
    m[1] = 0;
    if v != !0u32 && v & (1 << 31) != 0 && v & 1 != 0 {
        // MB > ME
        if getmask(m, !v) {
            let i = m[0] as i32;
            m[0] = m[1] + 1;
            m[1] = (i - 1) as u8;
            return true;
        }
        return false;
    }
    let mut i = 0;
    while i < 32 {
        if v & (1 << (31 - i)) != 0 {
            m[0] = i as u8;
            loop {
                m[1] = i as u8;
                i += 1;
                if i >= 32 || v & (1 << (31 - i)) == 0 {
                    break;
                }
            }
            while i < 32 {
                if v & (1 << (31 - i)) != 0 {
                    return false;
                }
                i += 1;
            }
            return true;
        }
        i += 1;
    }
    false
}

fn getmask64(m: &mut [u8; 2], v: u64) -> bool {
    m[0] = 0;
    m[1] = 0;
    let mut i = 0;
    while i < 64 {
        if v & (1u64 << (63 - i)) != 0 {
            m[0] = i as u8;
            loop {
                m[1] = i as u8;
                i += 1;
                if i >= 64 || v & (1u64 << (63 - i)) == 0 {
                    break;
                }
            }
            while i < 64 {
                if v & (1u64 << (63 - i)) != 0 {
                    return false;
                }
                i += 1;
            }
            return true;
        }
        i += 1;
    }
    false
}

fn loadu32(r: i64, d: i64) -> u32 {
    let v = (d >> 16) as i32;
    if d as u64 as u32 as u64 == d as u64 {
        return LOP_IRR(OP_ORIS, r as u32, REGZERO as u32, v as u32);
    }
    AOP_IRR(OP_ADDIS, r as u32, REGZERO as u32, v as u32)
}

fn high16adjusted(d: i32) -> u16 {
    if d & 0x8000 != 0 {
        return ((d >> 16) + 1) as u16;
    }
    (d >> 16) as u16
}

/// Go's opform: whether a load or store has a D-form or DS-form offset.
fn opform(insn: u32) -> Option<i32> {
    const DS: [u32; 5] =
        [OPVCC(58, 0, 0, 0), OPVCC(58, 0, 0, 1), OPVCC(58, 0, 0, 0) | 1 << 1, OPVCC(62, 0, 0, 0), OPVCC(62, 0, 0, 1)];
    if DS.contains(&insn) {
        return Some(DS_FORM);
    }
    if insn == OP_ADDI
        || [32, 33, 34, 35, 40, 41, 42, 43, 46, 48, 49, 50, 51, 36, 37, 38, 39, 44, 45, 47, 52, 53, 54, 55]
            .iter()
            .any(|&o| insn == OPVCC(o, 0, 0, 0))
    {
        return Some(D_FORM);
    }
    None
}

/// The mnemonic of a Prog that has no opcode for a table (Go's "bad opcode").
fn bad(name: &str, op: Op) -> String {
    format!("{name} {}", ops::name(op))
}

impl C9<'_> {
    fn op_rrr(&mut self, a: Op) -> u32 {
        oprrr(a).unwrap_or_else(|| {
            self.diag(bad("bad r/r, r/r/r or r/r/r/r opcode", a));
            0
        })
    }
    fn op_irr(&mut self, a: Op) -> u32 {
        opirr(a).unwrap_or_else(|| {
            self.diag(bad("bad opcode i/r or i/r/r", a));
            0
        })
    }
    fn op_irrr(&mut self, a: Op) -> u32 {
        opirrr(a).unwrap_or_else(|| {
            self.diag(bad("bad i/r/r/r opcode", a));
            0
        })
    }
    fn op_iirr(&mut self, a: Op) -> u32 {
        opiirr(a).unwrap_or_else(|| {
            self.diag(bad("bad i/i/r/r opcode", a));
            0
        })
    }
    fn op_load(&mut self, a: Op) -> u32 {
        opload(a).unwrap_or_else(|| {
            self.diag(bad("bad load opcode", a));
            0
        })
    }
    fn op_loadx(&mut self, a: Op) -> u32 {
        oploadx(a).unwrap_or_else(|| {
            self.diag(bad("bad loadx opcode", a));
            0
        })
    }
    fn op_store(&mut self, a: Op) -> u32 {
        opstore(a).unwrap_or_else(|| {
            self.diag(bad("unknown store opcode", a));
            0
        })
    }
    fn op_storex(&mut self, a: Op) -> u32 {
        opstorex(a).unwrap_or_else(|| {
            self.diag(bad("unknown storex opcode", a));
            0
        })
    }
    fn form(&mut self, insn: u32) -> i32 {
        opform(insn).unwrap_or_else(|| {
            self.diag(format!("bad insn in loadform: {insn:x}"));
            0
        })
    }
    fn maskgen(&mut self, m: &mut [u8; 2], v: u32) {
        if !getmask(m, v) {
            self.diag(format!("cannot generate mask #{v:x}"));
        }
    }
    fn maskgen64(&mut self, m: &mut [u8; 2], v: u64) {
        if !getmask64(m, v) {
            self.diag(format!("cannot generate mask #{v:x}"));
        }
    }
    fn fixup(&mut self, off: i64, size: u8, kind: crate::emit::fixup::FixupKind, sym: Option<SymId>, add: i64, go: u8) {
        self.fixups.push(Fixup { offset: off as u32, size, kind, sym, add, go_type: go });
    }

    /// Go's symbolAccess (not Flag_shared): ADDIS+op with an R_ADDRPOWER(_DS) pair.
    fn symbol_access(&mut self, s: Option<SymId>, d: i64, reg: i64, op: u32, reuse: bool) -> (u32, u32) {
        let form = self.form(op);
        let base = REG_R0 as u32;
        let (o1, o2) = if !reuse {
            (AOP_IRR(OP_ADDIS, REGTMP as u32, base, 0), AOP_IRR(op, reg as u32, REGTMP as u32, 0))
        } else {
            (AOP_IRR(OP_ADDIS, reg as u32, base, 0), AOP_IRR(op, reg as u32, reg as u32, 0))
        };
        let (kind, go) = if form == DS_FORM {
            (reloc::ADDR_HA_LO_DS, reloc::go_reloc::R_ADDRPOWER_DS)
        } else {
            (reloc::ADDR_HA_LO, reloc::go_reloc::R_ADDRPOWER)
        };
        self.fixup(self.pc, 8, kind, s, d, go);
        (o1, o2)
    }

    /// Go's asmout.
    fn asmout(&mut self, i: usize, o: &Optab, out: &mut [u32; 5]) {
        let p = self.progs[i].clone();
        let (mut o1, mut o2, mut o3, mut o4) = (0u32, 0u32, 0u32, 0u32);
        let to_reg = p.to.reg as u32;
        let from_reg = p.from.reg as u32;
        let target_pc = |c: &Self| -> Option<i64> {
            (p.to.typ == TYPE_BRANCH && p.to.target != usize::MAX).then(|| c.progs.get(p.to.target).map_or(0, |q| q.pc))
        };
        match o.type_ {
            0 => {}
            2 => {
                // int/cr/fp op Rb,[Ra],Rd
                let r = if p.reg == 0 { p.to.reg } else { p.reg };
                o1 = AOP_RRR(self.op_rrr(p.as_), to_reg, r as u32, from_reg);
            }
            3 => {
                // mov $soreg/addcon/andcon/ucon, r ==> addis/oris/addi/ori $i,reg',r
                let d = self.vregoff(&p.from);
                let mut v = d as i32;
                let mut r = p.from.reg;
                if r == 0 {
                    r = self.getimpliedreg(&p.from);
                }
                if p.to.reg == 0 && (r != 0 || v != 0) {
                    self.diag("literal operation on R0");
                }
                let mut a = OP_ADDI;
                if o.a1 as i64 == C_UCON {
                    if d & 0xffff != 0 {
                        self.diag("invalid handling of a 16-bit-shifted constant");
                    }
                    v >>= 16;
                    if r == REGZERO && d as u64 as u32 as u64 == d as u64 {
                        o1 = LOP_IRR(OP_ORIS, to_reg, REGZERO as u32, v as u32);
                        return self.out(out, o1, o2, o3, o4);
                    }
                    a = OP_ADDIS;
                } else if d as i16 as i64 != d {
                    if o.a1 as i64 == C_ANDCON {
                        if r == 0 || r == REGZERO {
                            o1 = LOP_IRR(OP_ORI, to_reg, 0, v as u32);
                            return self.out(out, o1, o2, o3, o4);
                        }
                    } else if o.a1 as i64 != C_ADDCON {
                        self.diag("invalid handling of a constant");
                    }
                }
                o1 = AOP_IRR(a, to_reg, r as u32, v as u32);
            }
            4 => {
                // add/mul $scon,[r1],r2
                let v = self.regoff(&p.from);
                let r = if p.reg == 0 { p.to.reg } else { p.reg };
                if p.to.reg == 0 {
                    self.diag("literal operation on R0");
                }
                if v as i16 as i32 != v {
                    self.diag("mishandled instruction: immediate out of range");
                }
                o1 = AOP_IRR(self.op_irr(p.as_), to_reg, r as u32, v as u32);
            }
            5 => o1 = self.op_rrr(p.as_),
            6 => {
                // logical op Rb,[Rs,]Ra; no literal
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                match p.as_ {
                    ROTL => o1 = AOP_RLDIC(OP_RLDCL, to_reg, r, from_reg, 0),
                    ROTLW => o1 = OP_RLW(OP_RLWNM, to_reg, r, from_reg, 0, 31),
                    _ => {
                        if p.as_ == OR && p.from.typ == TYPE_CONST && p.from.offset == 0 {
                            o1 = LOP_IRR(OP_ORI, to_reg, r, 0);
                        } else {
                            o1 = LOP_RRR(self.op_rrr(p.as_), to_reg, r, from_reg);
                        }
                    }
                }
            }
            7 => {
                // mov r, soreg ==> stw o(r)
                let mut r = p.to.reg;
                if r == 0 {
                    r = self.getimpliedreg(&p.to);
                }
                let v = self.regoff(&p.to);
                if p.to.typ == TYPE_MEM && p.to.index != 0 {
                    if v != 0 {
                        self.diag("illegal indexed instruction");
                    }
                    o1 = AOP_RRR(self.op_storex(p.as_), from_reg, p.to.index as u32, r as u32);
                } else {
                    if v as i16 as i32 != v {
                        self.diag("mishandled instruction: offset out of range");
                    }
                    let inst = self.op_store(p.as_);
                    if self.form(inst) == DS_FORM && v & 3 != 0 {
                        self.diag("invalid offset for DS form load/store");
                    }
                    o1 = AOP_IRR(inst, from_reg, r as u32, v as u32);
                }
            }
            8 => {
                // mov soreg, r ==> lbz/lhz/lwz o(r), lbz o(r) + extsb r,r
                let mut r = p.from.reg;
                if r == 0 {
                    r = self.getimpliedreg(&p.from);
                }
                let v = self.regoff(&p.from);
                if p.from.typ == TYPE_MEM && p.from.index != 0 {
                    if v != 0 {
                        self.diag("illegal indexed instruction");
                    }
                    o1 = AOP_RRR(self.op_loadx(p.as_), to_reg, p.from.index as u32, r as u32);
                } else {
                    if v as i16 as i32 != v {
                        self.diag("mishandled instruction: offset out of range");
                    }
                    let inst = self.op_load(p.as_);
                    if self.form(inst) == DS_FORM && v & 3 != 0 {
                        self.diag("invalid offset for DS form load/store");
                    }
                    o1 = AOP_IRR(inst, to_reg, r as u32, v as u32);
                }
                o2 = LOP_RRR(OP_EXTSB, to_reg, to_reg, 0);
            }
            10 => {
                // sub Ra,[Rb],Rd => subf Rd,Ra,Rb
                let r = if p.reg == 0 { p.to.reg } else { p.reg };
                o1 = AOP_RRR(self.op_rrr(p.as_), to_reg, from_reg, r as u32);
            }
            11 => {
                // br/bl lbra
                let mut v: i32 = 0;
                if let Some(t) = target_pc(self) {
                    v = (t - p.pc) as i32;
                    if v & 3 != 0 {
                        self.diag("odd branch target address");
                        v &= !3;
                    }
                    if v < -(1 << 25) || v >= 1 << 24 {
                        self.diag_code("E0302", "branch too far");
                    }
                }
                o1 = OP_BR(self.op_irr(p.as_), v as u32, 0);
                if p.to.sym.is_some() {
                    v = v.wrapping_add(p.to.offset as i32);
                    if v & 3 != 0 {
                        self.diag("odd branch target address");
                        v &= !3;
                    }
                    self.fixup(self.pc, 4, reloc::REL24, p.to.sym, v as i64, reloc::go_reloc::R_CALLPOWER);
                }
                // nop, sometimes overwritten by ld r2, 24(r1) when dynamic linking
                o2 = 0x60000000;
            }
            13 => {
                // mov[bhwd]{z,} r,r
                if p.from.typ == TYPE_CONST {
                    o1 = LOP_IRR(OP_ADDI, REGZERO as u32, to_reg, 0);
                    return self.out(out, o1, o2, o3, o4);
                }
                if p.to.typ == TYPE_CONST {
                    self.diag("cannot move into constant 0");
                }
                match p.as_ {
                    MOVB => o1 = LOP_RRR(OP_EXTSB, to_reg, from_reg, 0),
                    MOVBZ => o1 = OP_RLW(OP_RLWINM, to_reg, from_reg, 0, 24, 31),
                    MOVH => o1 = LOP_RRR(OP_EXTSH, to_reg, from_reg, 0),
                    MOVHZ => o1 = OP_RLW(OP_RLWINM, to_reg, from_reg, 0, 16, 31),
                    MOVW => o1 = LOP_RRR(OP_EXTSW, to_reg, from_reg, 0),
                    MOVWZ => o1 = OP_RLW(OP_RLDIC, to_reg, from_reg, 0, 0, 0) | 1 << 5,
                    MOVD => o1 = LOP_RRR(OP_OR, to_reg, from_reg, from_reg),
                    _ => self.diag("internal: bad register move/truncation"),
                }
            }
            14 => {
                // rldc[lr] Rb,Rs,$mask,Ra
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                let d = self.vregoff(&p.from3().copied().unwrap_or_else(A::none));
                let mut mask = [0u8; 2];
                match p.as_ {
                    RLDCL | RLDCLCC => {
                        self.maskgen64(&mut mask, d as u64);
                        let a = mask[0] as u32;
                        if mask[1] != 63 {
                            self.diag(format!("invalid mask for rotate: {:x} (end != bit 63)", d as u64));
                        }
                        o1 = LOP_RRR(self.op_rrr(p.as_), to_reg, r, from_reg);
                        o1 |= (a & 31) << 6;
                        if a & 0x20 != 0 {
                            o1 |= 1 << 5;
                        }
                    }
                    RLDCR | RLDCRCC => {
                        self.maskgen64(&mut mask, d as u64);
                        let a = mask[1] as u32;
                        if mask[0] != 0 {
                            self.diag(format!("invalid mask for rotate: {:x} {:x} (start != 0)", d as u64, mask[0]));
                        }
                        o1 = LOP_RRR(self.op_rrr(p.as_), to_reg, r, from_reg);
                        o1 |= (a & 31) << 6;
                        if a & 0x20 != 0 {
                            o1 |= 1 << 5;
                        }
                    }
                    RLDICR | RLDICRCC => {
                        let me = d as i32;
                        let sh = self.regoff(&p.from);
                        if me < 0 || me > 63 || sh > 63 {
                            self.diag(format!("Invalid me or sh for RLDICR: {:x} {:x}", d as i32, sh));
                        }
                        o1 = AOP_RLDIC(self.op_rrr(p.as_), to_reg, r, sh as u32, me as u32);
                    }
                    RLDICL | RLDICLCC | RLDIC | RLDICCC => {
                        let mb = d as i32;
                        let sh = self.regoff(&p.from);
                        if mb < 0 || mb > 63 || sh > 63 {
                            self.diag(format!("Invalid mb or sh for RLDIC, RLDICL: {mb:x} {sh:x}"));
                        }
                        o1 = AOP_RLDIC(self.op_rrr(p.as_), to_reg, r, sh as u32, mb as u32);
                    }
                    CLRLSLDI => {
                        let n = d as i32;
                        let b = self.regoff(&p.from);
                        if n > b || b > 63 {
                            self.diag(format!("Invalid n or b for CLRLSLDI: {n:x} {b:x}"));
                        }
                        o1 = AOP_RLDIC(OP_RLDIC, to_reg, r, n as u32, (b as u32).wrapping_sub(n as u32));
                    }
                    _ => self.diag("unexpected op in rldc case"),
                }
            }
            16 | 17 => {
                // bc bo,bi,sbra
                let mut a = 0i32;
                let mut r = p.reg;
                if p.from.typ == TYPE_CONST {
                    a = self.regoff(&p.from);
                } else if p.from.typ == TYPE_REG {
                    if r != 0 {
                        self.diag(format!("unexpected register setting for branch with CR: {r}"));
                    }
                    r = match p.from.reg {
                        REG_CR0 => BI_CR0,
                        REG_CR1 => BI_CR1,
                        REG_CR2 => BI_CR2,
                        REG_CR3 => BI_CR3,
                        REG_CR4 => BI_CR4,
                        REG_CR5 => BI_CR5,
                        REG_CR6 => BI_CR6,
                        REG_CR7 => BI_CR7,
                        _ => {
                            self.diag("unrecognized register: expecting CR");
                            r
                        }
                    };
                }
                let mut v: i32 = 0;
                if let Some(t) = target_pc(self) {
                    v = (t - p.pc) as i32;
                }
                if v & 3 != 0 {
                    self.diag("odd branch target address");
                    v &= !3;
                }
                if v < -(1 << 16) || v >= 1 << 15 {
                    self.diag_code("E0302", "branch too far");
                }
                if p.to.sym.is_some() {
                    self.diag_code(
                        "E0303",
                        "a conditional branch to a symbol is not supported (Go's optab has no such form)",
                    );
                }
                o1 = OP_BC(self.op_irr(p.as_), a as u32, r as u32, v as u32, 0);
            }
            18 => {
                // br/bl (lr/ctr); bc/bcl bo,bi,(lr/ctr)
                let mut v: i32 = if p.as_ == BC || p.as_ == BCL { self.regoff(&p.from) & 31 } else { 20 };
                let r = p.reg;
                match p.to.class - 1 {
                    C_CTR => o1 = OPVCC(19, 528, 0, 0),
                    C_LR => o1 = OPVCC(19, 16, 0, 0),
                    _ => {
                        self.diag("bad optab entry (18)");
                        v = 0;
                    }
                }
                if p.from3_type() != TYPE_NONE {
                    let bh = p.from3().map_or(0, |a| a.offset) as u32;
                    if bh == 2 || bh > 3 {
                        self.diag_code("E0302", "BH must be 0,1,3");
                    }
                    o1 |= bh << 11;
                }
                if p.as_ == Op::CALL || p.as_ == BCL {
                    o1 |= 1;
                }
                o1 = OP_BCR(o1, v as u32, r as u32);
            }
            19 => {
                // mov $lcon,r ==> cau+or
                let d = self.vregoff(&p.from);
                o1 = loadu32(p.to.reg, d);
                o2 = LOP_IRR(OP_ORI, to_reg, to_reg, d as i32 as u32);
            }
            20 => {
                // add $ucon,,r | addis $addcon,r,r
                let v = self.regoff(&p.from);
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                if p.as_ == ADD && p.to.reg == 0 {
                    self.diag("literal operation on R0");
                }
                if p.as_ == ADDIS {
                    o1 = AOP_IRR(self.op_irr(p.as_), to_reg, r, v as u32);
                } else {
                    o1 = AOP_IRR(self.op_irr(ADDIS), to_reg, r, (v as u32) >> 16);
                }
            }
            22 => {
                // add $lcon/$andcon,r1,r2 ==> oris+ori+add/ori+add
                if p.to.reg == REGTMP || p.reg == REGTMP {
                    self.diag("can't synthesize large constant");
                }
                let d = self.vregoff(&p.from);
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                if p.from.sym.is_some() {
                    self.diag("a symbol's address is not supported as this operand");
                }
                if o.size == 8 {
                    o1 = LOP_IRR(OP_ORI, REGTMP as u32, REGZERO as u32, d as i32 as u32);
                    o2 = AOP_RRR(self.op_rrr(p.as_), to_reg, REGTMP as u32, r);
                } else {
                    o1 = loadu32(REGTMP, d);
                    o2 = LOP_IRR(OP_ORI, REGTMP as u32, REGTMP as u32, d as i32 as u32);
                    o3 = AOP_RRR(self.op_rrr(p.as_), to_reg, REGTMP as u32, r);
                }
            }
            23 => {
                // and $lcon/$addcon,r1,r2 ==> oris+ori+and/addi+and
                if p.to.reg == REGTMP || p.reg == REGTMP {
                    self.diag("can't synthesize large constant");
                }
                let d = self.vregoff(&p.from);
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                if o.size == 8 {
                    o1 = LOP_IRR(OP_ADDI, REGZERO as u32, REGTMP as u32, d as i32 as u32);
                    o2 = LOP_RRR(self.op_rrr(p.as_), to_reg, REGTMP as u32, r);
                } else {
                    o1 = loadu32(REGTMP, d);
                    o2 = LOP_IRR(OP_ORI, REGTMP as u32, REGTMP as u32, d as i32 as u32);
                    o3 = LOP_RRR(self.op_rrr(p.as_), to_reg, REGTMP as u32, r);
                }
                if p.from.sym.is_some() {
                    self.diag("a symbol's address is not supported as this operand");
                }
            }
            24 => {
                // lfd fA,float64(0) -> xxlxor xsA,xsaA,xsaA + fneg for -0
                o1 = AOP_XX3I(self.op_rrr(XXLXOR), to_reg, to_reg, to_reg, 0);
                if o.size == 8 {
                    o2 = AOP_RRR(self.op_rrr(FNEG), to_reg, 0, to_reg);
                }
            }
            25 => {
                // sld[.] $sh,rS,rA -> rldicr[.] $sh,rS,mask(0,63-sh),rA; srd[.] -> rldicl
                let mut v = self.regoff(&p.from);
                v = v.clamp(0, 63);
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                let a: i32;
                let mut op = 0u32;
                match p.as_ {
                    SLD | SLDCC => {
                        a = 63 - v;
                        op = OP_RLDICR;
                    }
                    SRD | SRDCC => {
                        a = v;
                        v = 64 - v;
                        op = OP_RLDICL;
                    }
                    ROTL => {
                        a = 0;
                        op = OP_RLDICL;
                    }
                    EXTSWSLI | EXTSWSLICC => {
                        a = v;
                    }
                    _ => {
                        self.diag("unexpected op in sldi case");
                        a = 0;
                    }
                }
                if p.as_ == EXTSWSLI || p.as_ == EXTSWSLICC {
                    o1 = AOP_EXTSWSLI(OP_EXTSWSLI, r, to_reg, v as u32);
                } else {
                    o1 = AOP_RLDIC(op, to_reg, r, v as u32, a as u32);
                }
                if p.as_ == SLDCC || p.as_ == SRDCC || p.as_ == EXTSWSLICC {
                    o1 |= 1;
                }
            }
            26 => {
                // mov $lsext/auto/oreg,,r2 ==> addis+addi
                let v = self.vregoff(&p.from);
                let mut r = p.from.reg;
                match p.from.name {
                    NAME_EXTERN | NAME_STATIC => {
                        (o1, o2) = self.symbol_access(p.from.sym, v, p.to.reg, OP_ADDI, true);
                    }
                    _ => {
                        if r == 0 {
                            r = self.getimpliedreg(&p.from);
                        }
                        o1 = AOP_IRR(OP_ADDIS, to_reg, r as u32, high16adjusted(v as i32) as u32);
                        o2 = AOP_IRR(OP_ADDI, to_reg, to_reg, v as u32);
                    }
                }
            }
            27 => {
                // subc ra,$simm,rd => subfic rd,ra,$simm
                let v = self.from3_regoff(i);
                o1 = AOP_IRR(self.op_irr(p.as_), to_reg, from_reg, v as u32);
            }
            28 => {
                // subc r1,$lcon,r2 ==> cau+or+subfc
                if p.to.reg == REGTMP || p.from.reg == REGTMP {
                    self.diag("can't synthesize large constant");
                }
                let v = self.from3_regoff(i);
                o1 = AOP_IRR(OP_ADDIS, REGTMP as u32, REGZERO as u32, (v as u32) >> 16);
                o2 = LOP_IRR(OP_ORI, REGTMP as u32, REGTMP as u32, v as u32);
                o3 = AOP_RRR(self.op_rrr(p.as_), to_reg, from_reg, REGTMP as u32);
                if p.from.sym.is_some() {
                    self.diag("a symbol's address is not supported as this operand");
                }
            }
            29 => {
                // rldic[lr]? $sh,s,$mask,a
                let v = self.regoff(&p.from);
                let d = self.vregoff(&p.from3().copied().unwrap_or_else(A::none));
                let mut mask = [0u8; 2];
                self.maskgen64(&mut mask, d as u64);
                let a: u32 = match p.as_ {
                    RLDC | RLDCCC => {
                        if mask[1] as i32 != 63i32.wrapping_sub(v) {
                            self.diag(format!("invalid mask for shift: {:x} {:x} (shift {v})", d as u64, mask[1]));
                        }
                        mask[0] as u32
                    }
                    RLDCL | RLDCLCC => {
                        if mask[1] != 63 {
                            self.diag(format!("invalid mask for shift: {:x} {:x} (shift {v})", d as u64, mask[1]));
                        }
                        mask[0] as u32
                    }
                    RLDCR | RLDCRCC => {
                        if mask[0] != 0 {
                            self.diag(format!("invalid mask for shift: {:x} {:x} (shift {v})", d as u64, mask[0]));
                        }
                        mask[1] as u32
                    }
                    _ => {
                        self.diag("unexpected op in rldic case");
                        0
                    }
                };
                o1 = AOP_RRR(self.op_irr(p.as_), p.reg as u32, to_reg, v as u32 & 0x1F);
                o1 |= (a & 31) << 6;
                if v & 0x20 != 0 {
                    o1 |= 1 << 1;
                }
                if a & 0x20 != 0 {
                    o1 |= 1 << 5;
                }
            }
            30 => {
                // rldimi $sh,s,$mask,a
                let v = self.regoff(&p.from);
                let d = self.vregoff(&p.from3().copied().unwrap_or_else(A::none));
                match p.as_ {
                    RLDMI | RLDMICC => {
                        let mut mask = [0u8; 2];
                        self.maskgen64(&mut mask, d as u64);
                        if mask[1] as i32 != 63i32.wrapping_sub(v) {
                            self.diag(format!("invalid mask for shift: {:x} {:x} (shift {v})", d as u64, mask[1]));
                        }
                        o1 = AOP_RRR(self.op_irr(p.as_), p.reg as u32, to_reg, v as u32 & 0x1F);
                        o1 |= (mask[0] as u32 & 31) << 6;
                        if v & 0x20 != 0 {
                            o1 |= 1 << 1;
                        }
                        if mask[0] & 0x20 != 0 {
                            o1 |= 1 << 5;
                        }
                    }
                    RLDIMI | RLDIMICC => {
                        o1 = AOP_RRR(self.op_irr(p.as_), p.reg as u32, to_reg, v as u32 & 0x1F);
                        o1 |= (d as u32 & 31) << 6;
                        if d & 0x20 != 0 {
                            o1 |= 1 << 5;
                        }
                        if v & 0x20 != 0 {
                            o1 |= 1 << 1;
                        }
                    }
                    _ => {}
                }
            }
            31 => {
                // dword
                let d = self.vregoff(&p.from);
                if self.big {
                    o1 = (d >> 32) as u32;
                    o2 = d as u32;
                } else {
                    o1 = d as u32;
                    o2 = (d >> 32) as u32;
                }
                if p.from.sym.is_some() {
                    self.fixup(
                        self.pc,
                        8,
                        crate::emit::fixup::FixupKind::ABS64,
                        p.from.sym,
                        p.from.offset,
                        reloc::go_reloc::R_ADDR,
                    );
                    o1 = 0;
                    o2 = 0;
                }
            }
            32 => {
                // fmul frc,fra,frd
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                o1 = AOP_RRR(self.op_rrr(p.as_), to_reg, r, 0) | (from_reg & 31) << 6;
            }
            33 => {
                // fabs [frb,]frd; fmr. frb,frd
                let r = if p.from.class - 1 == C_NONE { to_reg } else { from_reg };
                o1 = AOP_RRR(self.op_rrr(p.as_), to_reg, 0, r);
            }
            34 => {
                // FMADDx fra,frb,frc,frt (t=a*c±b)
                let f3 = p.from3().map_or(0, |a| a.reg) as u32;
                o1 = AOP_RRR(self.op_rrr(p.as_), to_reg, from_reg, p.reg as u32) | (f3 & 31) << 6;
            }
            35 => {
                // mov r,lext/lauto/loreg ==> cau $(v>>16),sb,r'; store o(r')
                let v = self.regoff(&p.to);
                let mut r = p.to.reg;
                if r == 0 {
                    r = self.getimpliedreg(&p.to);
                }
                let inst = self.op_store(p.as_);
                if self.form(inst) == DS_FORM && v & 3 != 0 {
                    self.diag("invalid offset for DS form load/store");
                }
                o1 = AOP_IRR(OP_ADDIS, REGTMP as u32, r as u32, high16adjusted(v) as u32);
                o2 = AOP_IRR(inst, from_reg, REGTMP as u32, v as u32);
            }
            36 => {
                // mov b/bz/h/hz lext/lauto/lreg,r ==> lbz+extsb/lbz/lha/lhz etc
                let v = self.regoff(&p.from);
                let mut r = p.from.reg;
                if r == 0 {
                    r = self.getimpliedreg(&p.from);
                }
                if o.a6 as i64 == C_REG {
                    o1 = AOP_IRR(OP_ADDIS, to_reg, r as u32, high16adjusted(v) as u32);
                    o2 = AOP_IRR(self.op_load(p.as_), to_reg, to_reg, v as u32);
                } else {
                    o1 = AOP_IRR(OP_ADDIS, REGTMP as u32, r as u32, high16adjusted(v) as u32);
                    o2 = AOP_IRR(self.op_load(p.as_), to_reg, REGTMP as u32, v as u32);
                }
                o3 = LOP_RRR(OP_EXTSB, to_reg, to_reg, 0);
            }
            40 => o1 = self.regoff(&p.from) as u32,
            41 => {
                let v = self.from3_regoff(i) as u32;
                o1 = AOP_RRR(self.op_irr(p.as_), from_reg, to_reg, 0) | (v & 0x7F) << 11;
            }
            42 => {
                let v = self.from3_regoff(i) as u32;
                o1 = AOP_RRR(self.op_irr(p.as_), to_reg, from_reg, 0) | (v & 0x7F) << 11;
            }
            43 => {
                // data cache instructions: op (Ra+[Rb]), [th|l]
                if p.to.typ == TYPE_NONE {
                    o1 = AOP_RRR(self.op_rrr(p.as_), 0, p.from.index as u32, from_reg);
                } else {
                    let th = self.regoff(&p.to);
                    o1 = AOP_RRR(self.op_rrr(p.as_), th as u32, p.from.index as u32, from_reg);
                }
            }
            44 => o1 = AOP_RRR(self.op_storex(p.as_), from_reg, p.to.index as u32, to_reg),
            45 => match p.as_ {
                LBAR | LHAR | LWAR | LDAR if p.from3_type() != TYPE_NONE => {
                    let eh = self.from3_regoff(i);
                    if eh > 1 {
                        self.diag_code("E0302", "illegal EH field");
                    }
                    o1 = AOP_RRRI(self.op_loadx(p.as_), to_reg, p.from.index as u32, from_reg, eh as u32);
                }
                _ => o1 = AOP_RRR(self.op_loadx(p.as_), to_reg, p.from.index as u32, from_reg),
            },
            46 => o1 = self.op_rrr(p.as_),
            47 => {
                let r = if p.from.reg == 0 { p.to.reg } else { p.from.reg } as u32;
                o1 = AOP_RRR(self.op_rrr(p.as_), to_reg, r, 0);
            }
            48 => {
                let r = if p.from.reg == 0 { p.to.reg } else { p.from.reg } as u32;
                o1 = LOP_RRR(self.op_rrr(p.as_), to_reg, r, 0);
            }
            49 => {
                if p.from.typ != TYPE_REG {
                    let v = self.regoff(&p.from) & 1;
                    o1 = AOP_RRR(self.op_rrr(p.as_), 0, 0, to_reg) | (v as u32) << 21;
                } else {
                    o1 = AOP_RRR(self.op_rrr(p.as_), 0, 0, from_reg);
                }
            }
            50 => {
                // rem[u] r1[,r2],r3
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                let v = self.op_rrr(p.as_);
                let t = v & (1 << 10 | 1);
                o1 = AOP_RRR(v & !t, REGTMP as u32, r, from_reg);
                o2 = AOP_RRR(OP_MULLW, REGTMP as u32, REGTMP as u32, from_reg);
                o3 = AOP_RRR(OP_SUBF | t, to_reg, REGTMP as u32, r);
                if p.as_ == REMU {
                    o4 = o3;
                    o3 = OP_RLW(OP_RLDIC, REGTMP as u32, REGTMP as u32, 0, 0, 0) | 1 << 5;
                }
            }
            51 => {
                // remd[u] r1[,r2],r3
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                let v = self.op_rrr(p.as_);
                let t = v & (1 << 10 | 1);
                o1 = AOP_RRR(v & !t, REGTMP as u32, r, from_reg);
                o2 = AOP_RRR(OP_MULLD, REGTMP as u32, REGTMP as u32, from_reg);
                o3 = AOP_RRR(OP_SUBF | t, to_reg, REGTMP as u32, r);
            }
            52 => {
                let v = self.regoff(&p.from) & 31;
                o1 = AOP_RRR(self.op_rrr(p.as_), v as u32, 0, 0);
            }
            53 => o1 = AOP_RRR(OP_MFFS, to_reg, 0, 0),
            55 => o1 = AOP_RRR(self.op_rrr(p.as_), to_reg, 0, from_reg),
            56 => {
                // sra $sh,[s,]a; srd $sh,[s,]a
                let v = self.regoff(&p.from);
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                o1 = AOP_RRR(self.op_irr(p.as_), r, to_reg, v as u32 & 31);
                if (p.as_ == SRAD || p.as_ == SRADCC) && v & 0x20 != 0 {
                    o1 |= 1 << 1;
                }
            }
            57 => {
                // slw $sh,[s,]a -> rlwinm ...
                let mut v = self.regoff(&p.from);
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                v = v.clamp(0, 32);
                let mask: [u32; 2];
                match p.as_ {
                    ROTLW => mask = [0, 31],
                    SRW | SRWCC => {
                        mask = [v as u8 as u32, 31];
                        v = 32 - v;
                    }
                    _ => mask = [0, (31 - v) as u8 as u32],
                }
                o1 = OP_RLW(OP_RLWINM, to_reg, r, v as u32, mask[0], mask[1]);
                if p.as_ == SLWCC || p.as_ == SRWCC {
                    o1 |= 1;
                }
            }
            58 => {
                let v = self.regoff(&p.from);
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                o1 = LOP_IRR(self.op_irr(p.as_), to_reg, r, v as u32);
            }
            59 => {
                // or/xor/and $ucon,,r | oris/xoris/andis $addcon,r,r
                let v = self.regoff(&p.from) as u32;
                let r = if p.reg == 0 { p.to.reg } else { p.reg } as u32;
                o1 = match p.as_ {
                    OR => LOP_IRR(self.op_irr(ORIS), to_reg, r, v >> 16),
                    XOR => LOP_IRR(self.op_irr(XORIS), to_reg, r, v >> 16),
                    ANDCC => LOP_IRR(self.op_irr(ANDISCC), to_reg, r, v >> 16),
                    _ => LOP_IRR(self.op_irr(p.as_), to_reg, r, v),
                };
            }
            60 => {
                let r = self.regoff(&p.from) & 31;
                o1 = AOP_RRR(self.op_rrr(p.as_), r as u32, p.reg as u32, to_reg);
            }
            61 => {
                let r = self.regoff(&p.from) & 31;
                let v = self.regoff(&p.to);
                o1 = AOP_IRR(self.op_irr(p.as_), r as u32, p.reg as u32, v as u32);
            }
            62 => {
                // rlwmi $sh,s,$mask,a
                let v = self.regoff(&p.from);
                match p.as_ {
                    CLRLSLWI => {
                        let n = self.from3_regoff(i);
                        if n > v || v >= 32 {
                            self.diag(format!("Invalid n or b for CLRLSLWI: {v:x} {n:x}"));
                        }
                        o1 = OP_RLW(
                            OP_RLWINM,
                            to_reg,
                            p.reg as u32,
                            n as u32,
                            v.wrapping_sub(n) as u32,
                            31i32.wrapping_sub(n) as u32,
                        );
                    }
                    _ => {
                        let mut mask = [0u8; 2];
                        let m = self.from3_regoff(i) as u32;
                        self.maskgen(&mut mask, m);
                        o1 = AOP_RRR(self.op_irr(p.as_), p.reg as u32, to_reg, v as u32);
                        o1 |= (mask[0] as u32 & 31) << 6 | (mask[1] as u32 & 31) << 1;
                    }
                }
            }
            63 => {
                // rlwmi b,s,$mask,a
                let mut mask = [0u8; 2];
                let m = self.from3_regoff(i) as u32;
                self.maskgen(&mut mask, m);
                o1 = AOP_RRR(self.op_rrr(p.as_), p.reg as u32, to_reg, from_reg);
                o1 |= (mask[0] as u32 & 31) << 6 | (mask[1] as u32 & 31) << 1;
            }
            64 => {
                // mtfsf fr[, $m] {,fpcsr}
                let v = if p.from3_type() != TYPE_NONE { self.from3_regoff(i) & 255 } else { 255 };
                o1 = OP_MTFSF | (v as u32) << 17 | from_reg << 11;
            }
            65 => {
                // MOVFL $imm,FPSCR(n) => mtfsfi crfd,imm
                if p.to.reg == 0 {
                    self.diag("must specify FPSCR(n)");
                }
                o1 = OP_MTFSFI | (to_reg & 15) << 23 | (self.regoff(&p.from) as u32 & 31) << 12;
            }
            66 => {
                // mov spr,r1; mov r1,spr
                let (r, v);
                if REG_R0 <= p.from.reg && p.from.reg <= REG_R31 {
                    r = from_reg;
                    v = to_reg;
                    o1 = OPVCC(31, 467, 0, 0);
                } else {
                    r = to_reg;
                    v = from_reg;
                    o1 = OPVCC(31, 339, 0, 0);
                }
                o1 = AOP_RRR(o1, r, 0, 0) | (v & 0x1f) << 16 | ((v >> 5) & 0x1f) << 11;
            }
            67 => {
                // mcrf crfD,crfS
                if p.from.reg == REG_CR || p.to.reg == REG_CR {
                    self.diag("CR argument must be a conditional register field (CR0-CR7)");
                }
                o1 = AOP_RRR(OP_MCRF, (to_reg & 7) << 2, (from_reg & 7) << 2, 0);
            }
            68 => {
                // mfcr rD; mfocrf CRM,rD
                o1 = AOP_RRR(OP_MFCR, to_reg, 0, 0);
                if p.from.reg != REG_CR {
                    let v = 1u32 << (7 - (p.from.reg & 7));
                    o1 |= 1 << 20 | v << 12;
                }
            }
            69 => {
                // mtcrf CRM,rS, mtocrf CRx,rS
                let mut v: u32 = if p.to.reg == REG_CR {
                    0xff
                } else if p.to.offset != 0 {
                    p.to.offset as u32
                } else {
                    1 << (7 - (p.to.reg & 7))
                };
                if v.count_ones() == 1 {
                    v |= 1 << 8;
                }
                o1 = AOP_RRR(OP_MTCRF, from_reg, 0, 0) | v << 12;
            }
            70 => {
                // [f]cmp r,r,cr
                let r = if p.reg == 0 { 0 } else { (p.reg as u32 & 7) << 2 };
                o1 = AOP_RRR(self.op_rrr(p.as_), r, from_reg, to_reg);
            }
            71 => {
                // cmp[l] r,i,cr
                let r = if p.reg == 0 { 0 } else { (p.reg as u32 & 7) << 2 };
                o1 = AOP_RRR(self.op_irr(p.as_), r, from_reg, 0) | self.regoff(&p.to) as u32 & 0xffff;
            }
            72 => o1 = AOP_RRR(self.op_rrr(p.as_), from_reg, 0, to_reg),
            73 => {
                // mcrfs crfD,crfS
                if p.from.typ != TYPE_REG
                    || p.from.reg != REG_FPSCR
                    || p.to.typ != TYPE_REG
                    || p.to.reg < REG_CR0
                    || REG_CR7 < p.to.reg
                {
                    self.diag("illegal FPSCR/CR field number");
                }
                o1 = AOP_RRR(OP_MCRFS, (to_reg & 7) << 2, 0, 0);
            }
            77 => {
                // syscall $scon, syscall Rx
                if p.from.typ == TYPE_CONST {
                    if p.from.offset > BIG || p.from.offset < -BIG {
                        self.diag_code("E0302", "illegal syscall, sysnum too large");
                    }
                    o1 = AOP_IRR(OP_ADDI, REGZERO as u32, REGZERO as u32, p.from.offset as u32);
                } else if p.from.typ == TYPE_REG {
                    o1 = LOP_RRR(OP_OR, REGZERO as u32, from_reg, from_reg);
                } else {
                    self.diag("illegal syscall");
                    o1 = 0x7fe00008;
                }
                o2 = self.op_rrr(p.as_);
                o3 = AOP_RRR(self.op_rrr(XOR), REGZERO as u32, REGZERO as u32, REGZERO as u32);
            }
            78 => o1 = 0,
            74 => {
                let v = self.vregoff(&p.to);
                let inst = self.op_store(p.as_);
                if self.form(inst) == DS_FORM && v & 3 != 0 {
                    self.diag("invalid offset for DS form load/store");
                }
                (o1, o2) = self.symbol_access(p.to.sym, v, p.from.reg, inst, false);
            }
            75 => {
                // 32 bit offset symbol loads (got/toc/addr)
                let v = p.from.offset;
                let inst = self.op_load(p.as_);
                if self.form(inst) == DS_FORM && v & 3 != 0 {
                    self.diag("invalid offset for DS form load/store");
                }
                let reuse = o.a6 as i64 == C_REG;
                (o1, o2) = self.symbol_access(p.from.sym, v, p.to.reg, inst, reuse);
                o3 = LOP_RRR(OP_EXTSB, to_reg, to_reg, 0);
            }
            79 => {
                if p.from.offset != 0 {
                    self.diag("invalid offset against tls var");
                }
                o1 = AOP_IRR(OP_ADDIS, to_reg, REG_R13 as u32, 0);
                o2 = AOP_IRR(OP_ADDI, to_reg, to_reg, 0);
                self.fixup(self.pc, 8, reloc::TLS_LE, p.from.sym, 0, reloc::go_reloc::R_POWER_TLS_LE);
            }
            80 => {
                if p.from.offset != 0 {
                    self.diag("invalid offset against tls var");
                }
                o1 = AOP_IRR(OP_ADDIS, to_reg, REG_R2 as u32, 0);
                o2 = AOP_IRR(self.op_load(MOVD), to_reg, to_reg, 0);
                o3 = AOP_RRR(OP_ADD, to_reg, to_reg, REG_R13 as u32);
                self.fixup(self.pc, 8, reloc::TLS_IE, p.from.sym, 0, reloc::go_reloc::R_POWER_TLS_IE);
                self.fixup(self.pc + 8, 4, reloc::TLS_MARK, p.from.sym, 0, reloc::go_reloc::R_POWER_TLS);
            }
            82 => {
                // vector instructions, VX-form and VC-form
                if p.from.typ == TYPE_REG {
                    o1 = AOP_RRR(self.op_rrr(p.as_), to_reg, from_reg, p.reg as u32);
                } else if p.from3_type() == TYPE_CONST {
                    let six = self.regoff(&p.from);
                    let st = self.from3_regoff(i);
                    o1 = AOP_IIRR(self.op_iirr(p.as_), to_reg, p.reg as u32, st as u32, six as u32);
                } else if p.from3_type() == TYPE_NONE && p.reg != 0 {
                    let uim = self.regoff(&p.from);
                    o1 = AOP_VIRR(self.op_irr(p.as_), to_reg, p.reg as u32, uim as u32);
                } else {
                    let sim = self.regoff(&p.from);
                    o1 = AOP_IR(self.op_irr(p.as_), to_reg, sim as u32);
                }
            }
            83 => {
                // vector instructions, VA-form
                let f3 = p.from3().map_or(0, |a| a.reg) as u32;
                if p.from.typ == TYPE_REG {
                    o1 = AOP_RRRR(self.op_rrr(p.as_), to_reg, from_reg, p.reg as u32, f3);
                } else if p.from.typ == TYPE_CONST {
                    let shb = self.regoff(&p.from);
                    o1 = AOP_IRRR(self.op_irrr(p.as_), to_reg, p.reg as u32, f3, shb as u32);
                }
            }
            84 => {
                // ISEL BC,RA,RB,RT -> isel rt,ra,rb,bc
                let mut bc = self.vregoff(&p.from);
                if o.a1 as i64 == C_CRBIT {
                    bc = p.from.reg;
                }
                let f3 = p.from3().map_or(0, |a| a.reg) as u32;
                o1 = AOP_ISEL(OP_ISEL, to_reg, p.reg as u32, f3, bc as u32);
            }
            85 => o1 = AOP_RR(self.op_rrr(p.as_), to_reg, from_reg),
            86 => o1 = AOP_XX1(self.op_storex(p.as_), from_reg, p.to.index as u32, to_reg),
            87 => o1 = AOP_XX1(self.op_loadx(p.as_), to_reg, p.from.index as u32, from_reg),
            88 => o1 = AOP_XX1(self.op_rrr(p.as_), from_reg, to_reg, p.reg as u32),
            89 => {
                let uim = self.from3_regoff(i);
                o1 = AOP_XX2(self.op_rrr(p.as_), to_reg, uim as u32, from_reg);
            }
            90 => {
                if p.from3_type() == TYPE_NONE {
                    o1 = AOP_XX3(self.op_rrr(p.as_), to_reg, from_reg, p.reg as u32);
                } else if p.from3_type() == TYPE_CONST {
                    let dm = self.from3_regoff(i);
                    o1 = AOP_XX3I(self.op_rrr(p.as_), to_reg, from_reg, p.reg as u32, dm as u32);
                }
            }
            91 => {
                let f3 = p.from3().map_or(0, |a| a.reg) as u32;
                o1 = AOP_XX4(self.op_rrr(p.as_), to_reg, from_reg, p.reg as u32, f3);
            }
            92 => {
                // X-form instructions, 3-operands
                if p.to.typ == TYPE_CONST {
                    let xf = p.from.reg;
                    if REG_F0 <= xf && xf <= REG_F31 {
                        let bf = self.regoff(&p.to) << 2;
                        o1 = AOP_RRR(self.op_irr(p.as_), bf as u32, from_reg, p.reg as u32);
                    } else {
                        let l = self.regoff(&p.to);
                        o1 = AOP_RRR(self.op_irr(p.as_), l as u32, from_reg, p.reg as u32);
                    }
                } else if p.from3_type() == TYPE_CONST {
                    let l = self.from3_regoff(i);
                    o1 = AOP_RRR(self.op_irr(p.as_), l as u32, to_reg, from_reg);
                } else if p.to.typ == TYPE_REG {
                    let cr = p.to.reg;
                    if REG_CR0 <= cr && cr <= REG_CR7 {
                        let bf = (to_reg & 7) << 2;
                        o1 = AOP_RRR(self.op_irr(p.as_), bf, from_reg, p.reg as u32);
                    } else if p.from.typ == TYPE_CONST {
                        let l = self.regoff(&p.from);
                        o1 = AOP_RRR(self.op_irr(p.as_), to_reg, l as u32, p.reg as u32);
                    } else {
                        match p.as_ {
                            COPY | PASTECC => o1 = AOP_RRR(self.op_irr(p.as_), 1, from_reg, to_reg),
                            _ => o1 = AOP_RRR(self.op_rrr(p.as_), from_reg, to_reg, p.reg as u32),
                        }
                    }
                }
            }
            93 => {
                if p.to.typ == TYPE_CONST {
                    let bf = self.regoff(&p.to) << 2;
                    o1 = AOP_RR(self.op_irr(p.as_), bf as u32, from_reg);
                } else if p.reg == 0 {
                    o1 = AOP_RRR(self.op_rrr(p.as_), from_reg, to_reg, p.reg as u32);
                }
            }
            94 => {
                let cy = self.from3_regoff(i);
                o1 = AOP_Z23I(self.op_rrr(p.as_), to_reg, from_reg, p.reg as u32, cy as u32);
            }
            96 => {
                let dq = self.regoff(&p.from) as i16;
                if dq & 15 != 0 {
                    self.diag(format!("invalid offset for DQ form load/store {dq}"));
                }
                o1 = AOP_DQ(self.op_load(p.as_), to_reg, from_reg, dq as u32);
            }
            97 => {
                let dq = self.regoff(&p.to) as i16;
                if dq & 15 != 0 {
                    self.diag(format!("invalid offset for DQ form load/store {dq}"));
                }
                o1 = AOP_DQ(self.op_store(p.as_), from_reg, to_reg, dq as u32);
            }
            98 => o1 = AOP_XX1(self.op_load(p.as_), to_reg, from_reg, p.reg as u32),
            99 => o1 = AOP_XX1(self.op_store(p.as_), from_reg, p.reg as u32, to_reg),
            100 => {
                if p.from.typ == TYPE_CONST {
                    let uim = self.regoff(&p.from);
                    o1 = AOP_XX1(self.op_rrr(p.as_), to_reg, 0, uim as u32);
                } else {
                    self.diag(format!("invalid ops for {}", ops::name(p.as_)));
                }
            }
            101 => o1 = AOP_XX2(self.op_rrr(p.as_), to_reg, 0, from_reg),
            102 => {
                // RLWMI $sh,rs,$mb,$me,rt (M-form opcode)
                let mb = self.regoff(&p.rest[0]) as u32;
                let me = self.regoff(&p.rest[1]) as u32;
                let sh = self.regoff(&p.from) as u32;
                o1 = OP_RLW(self.op_irr(p.as_), to_reg, p.reg as u32, sh, mb, me);
            }
            103 => {
                let mb = self.regoff(&p.rest[0]) as u32;
                let me = self.regoff(&p.rest[1]) as u32;
                o1 = OP_RLW(self.op_rrr(p.as_), to_reg, p.reg as u32, from_reg, mb, me);
            }
            104 => o1 = AOP_XX1(self.op_rrr(p.as_), to_reg, from_reg, p.reg as u32),
            105 => {
                o1 = 0x07000000;
                o2 = 0;
            }
            106 => {
                // MOVD spr, soreg
                let v = from_reg;
                o1 = OPVCC(31, 339, 0, 0);
                o1 = AOP_RRR(o1, REGTMP as u32, 0, 0) | (v & 0x1f) << 16 | ((v >> 5) & 0x1f) << 11;
                let so = self.regoff(&p.to);
                o2 = AOP_IRR(self.op_store(MOVD), REGTMP as u32, to_reg, so as u32);
                if so & 3 != 0 {
                    self.diag("invalid offset for DS form load/store");
                }
                if p.to.reg == REGTMP {
                    self.diag("SPR move to memory will clobber R31");
                }
            }
            107 => {
                // MOVD soreg, spr
                let v = from_reg;
                let so = self.regoff(&p.from);
                o1 = AOP_IRR(self.op_load(MOVD), REGTMP as u32, v, so as u32);
                o2 = OPVCC(31, 467, 0, 0);
                o2 = AOP_RRR(o2, REGTMP as u32, 0, 0) | (to_reg & 0x1f) << 16 | ((to_reg >> 5) & 0x1f) << 11;
                if so & 3 != 0 {
                    self.diag("invalid offset for DS form load/store");
                }
            }
            t => self.diag(format!("unknown type {t}")),
        }
        self.out(out, o1, o2, o3, o4);
    }

    fn out(&self, out: &mut [u32; 5], o1: u32, o2: u32, o3: u32, o4: u32) {
        out[0] = o1;
        out[1] = o2;
        out[2] = o3;
        out[3] = o4;
        out[4] = 0;
    }
}

/// Go's addpad: the padding PCALIGN adds.
fn addpad(pc: i64, a: i64) -> Option<i64> {
    Some(match a {
        8 => {
            if pc & 7 != 0 {
                4
            } else {
                0
            }
        }
        16 => match pc & 15 {
            4 | 12 => 4,
            8 => 8,
            _ => 0,
        },
        32 => match pc & 31 {
            4 | 20 => 12,
            8 | 24 => 8,
            12 | 28 => 4,
            _ => 0,
        },
        _ => return None,
    })
}

impl C9<'_> {
    fn zero_width(p: &P) -> bool {
        matches!(p.as_, Op::NOP | Op::FUNCDATA | Op::PCDATA | Op::TEXT)
    }
    /// The size of instruction `i` at `pc` (Go's span9 `m`).
    fn size_at(&mut self, i: usize, pc: i64) -> i64 {
        let Some(o) = self.oplook(i) else { return 0 };
        let mut m = o.size as i64;
        if m == 0 {
            if self.progs[i].as_ == Op::PCALIGN {
                let a = self.progs[i].from.offset;
                match addpad(pc, a) {
                    Some(v) => m = v,
                    None => {
                        self.cur = i;
                        self.diag_code("E0302", format!("Unexpected alignment: {a} for PCALIGN directive"));
                    }
                }
            } else if !Self::zero_width(&self.progs[i]) {
                self.cur = i;
                self.diag("zero-width instruction");
            }
        }
        m
    }
}

/// Assembles one function: adapts its Progs to Go's view, lays it out as span9 and encodes it
/// in the target's byte order.
pub fn assemble(f: &mut Func, cx: &mut Ctx, big: bool) -> Code {
    let mut code = Code::default();
    let mut c = C9 {
        syms: cx.syms,
        progs: Vec::with_capacity(f.progs.len() + 4),
        autosize: f.layout.autosize,
        instoffset: 0,
        pc: 0,
        cur: 0,
        big,
        errs: Vec::new(),
        fixups: Vec::new(),
    };
    for (k, p) in f.progs.iter().enumerate().skip(1) {
        // a Prog that cannot be adapted is reported and takes no room
        let mut g = match adapt(p) {
            Ok(mut g) => {
                progedit(&mut g, cx, p.origin);
                g
            }
            Err((arg, msg)) => {
                cx.diags.push(Diag::error("E0301", p.arg_origin(arg), msg));
                P::new(Op::NOP)
            }
        };
        if g.as_ == Op::END {
            g = P::new(Op::NOP);
        }
        g.orig = Some(k);
        c.progs.push(g);
    }
    // branch targets: function indices (TEXT is 0) to span indices
    for p in c.progs.iter_mut() {
        if p.to.typ == TYPE_BRANCH && p.to.target != usize::MAX {
            p.to.target = p.to.target.checked_sub(1).unwrap_or(usize::MAX);
        }
    }
    let mut pc = 0i64;
    for i in 0..c.progs.len() {
        c.progs[i].pc = pc;
        pc += c.size_at(i, pc);
    }
    // span9's loop: conditional branches that do not reach
    let mut out = [0u32; 5];
    let res = crate::emit::span::converge(cx.layout_rounds, |_| {
        let mut grew = false;
        let mut pc = 0i64;
        let mut i = 0;
        while i < c.progs.len() {
            c.progs[i].pc = pc;
            let o = c.oplook(i);
            if let Some(o) = o
                && matches!(o.type_, 16 | 17)
                && c.progs[i].to.typ == TYPE_BRANCH
                && c.progs[i].to.target != usize::MAX
            {
                let t = c.progs[i].to.target;
                let otxt = c.progs.get(t).map_or(0, |q| q.pc) - pc;
                if otxt < -(1 << 15) + 10 || otxt >= (1 << 15) - 10 {
                    // assemble with a near target to read BO and BI
                    c.progs[i].to.target = i + 1;
                    c.pc = pc;
                    c.cur = i;
                    let nerr = c.errs.len();
                    let nfx = c.fixups.len();
                    c.asmout(i, o, &mut out);
                    c.errs.truncate(nerr);
                    c.fixups.truncate(nfx);
                    c.progs[i].to.target = t;
                    let mut bo = (out[0] >> 21) as i64 & 31;
                    let bi = ((out[0] >> 16) & 31) as i64;
                    let mut invertible = false;
                    if bo & 0x14 == 0x14 {
                        // unconditionally taken: cannot be inverted
                    } else if bo & 0x10 == 0x10 {
                        bo ^= 0x2;
                        invertible = true;
                    } else if bo & 0x04 == 0x04 {
                        bo ^= 0x8;
                        invertible = true;
                    }
                    let shift = |c: &mut C9, from: usize, by: usize| {
                        for p in c.progs.iter_mut() {
                            if p.to.typ == TYPE_BRANCH && p.to.target != usize::MAX && p.to.target > from {
                                p.to.target += by;
                            }
                        }
                    };
                    if invertible {
                        // BC invert(bo),next; BR far; next:
                        shift(&mut c, i, 1);
                        let t = c.progs[i].to.target;
                        let p = &mut c.progs[i];
                        p.as_ = BC;
                        p.from = A { typ: TYPE_CONST, offset: bo, ..A::none() };
                        p.reg = REG_CRBIT0 + bi;
                        p.rest.clear();
                        p.optab = 0;
                        p.from.class = 0;
                        p.to.class = 0;
                        p.to.target = i + 2;
                        p.inverted = true;
                        let mut q = P::new(Op::JMP);
                        q.to = A::branch(t);
                        c.progs.insert(i + 1, q);
                    } else {
                        // BC ...,tmp; BR next; tmp: BR far; next:
                        shift(&mut c, i, 2);
                        let t = c.progs[i].to.target;
                        c.progs[i].to.target = i + 2;
                        let mut q1 = P::new(Op::JMP);
                        q1.to = A::branch(i + 3);
                        let mut q2 = P::new(Op::JMP);
                        q2.to = A::branch(t);
                        c.progs.insert(i + 1, q1);
                        c.progs.insert(i + 2, q2);
                    }
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
    let put = |bytes: &mut Vec<u8>, w: u32| {
        if big { bytes.extend_from_slice(&w.to_be_bytes()) } else { bytes.extend_from_slice(&w.to_le_bytes()) }
    };
    for i in 0..c.progs.len() {
        c.cur = i;
        c.pc = c.progs[i].pc;
        while (code.bytes.len() as i64) < c.pc {
            code.bytes.push(0);
        }
        let Some(o) = c.oplook(i) else { continue };
        if o.type_ == 0 && c.progs[i].as_ == Op::PCALIGN {
            let v = addpad(c.pc, c.progs[i].from.offset).unwrap_or(0);
            for _ in 0..v / 4 {
                put(&mut code.bytes, NOP);
            }
            continue;
        }
        out.fill(0);
        let nerr = c.errs.len();
        let nfx = c.fixups.len();
        c.asmout(i, o, &mut out);
        if c.errs.len() > nerr {
            c.fixups.truncate(nfx);
            continue;
        }
        for w in &out[..(o.size as usize / 4)] {
            put(&mut code.bytes, *w);
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
    for (i, g) in c.progs.iter().enumerate() {
        let size = match c.progs.get(i + 1) {
            Some(q) => (q.pc - g.pc) as u32,
            None => end.saturating_sub(g.pc as u32),
        };
        let mut p = match g.orig {
            Some(k) => old[k].take().expect("each Prog once"),
            None => {
                // the branches span9 adds take the line of the branch they fix
                let origin = progs.last().map_or(f.origin, |q: &Prog| q.origin);
                let mut p = Prog::new(g.as_, origin).synth();
                p.mark |= mark::SYNTH;
                let target = if g.to.target == usize::MAX { u32::MAX } else { g.to.target as u32 + 1 };
                p.args.push(Operand::new(Addr::Branch(target), origin));
                p
            }
        };
        if g.inverted {
            // listed as Go lists the rewritten Prog: BC $bo, CRnXX, target
            let origin = p.origin;
            p.op = BC;
            p.args.clear();
            p.args.push(Operand::new(Addr::Imm(g.from.offset), origin));
            p.args.push(Operand::new(Addr::Reg(crate::prog::Reg(g.reg as u16)), origin));
            p.args.push(Operand::new(Addr::Branch(u32::MAX), origin));
        }
        if g.orig.is_some() {
            // branch operands now count span-list Progs (TEXT first)
            for a in p.args.iter_mut() {
                if let Addr::Branch(_) = a.addr
                    && g.to.typ == TYPE_BRANCH
                {
                    let t = g.to.target;
                    a.addr = Addr::Branch(if t == usize::MAX { u32::MAX } else { t as u32 + 1 });
                }
            }
        }
        p.pc = g.pc as u32;
        p.size = if C9::zero_width(g) { 0 } else { size };
        progs.push(p);
    }
    f.progs = progs;
    // span9: the symbol's size is what was laid out; the linker aligns functions to funcAlign
    code
}
