//! The s390x encoder: Go's asmz.go, ported on Go's own view of an instruction.
//!
//! As for arm64, [`adapt`] builds Go's `From`/`Reg`/`RestArgs`/`To` from p9asm's operand list
//! exactly as cmd/asm/internal/asm/asm.go does for s390x, [`progedit`] applies objz.go's
//! rewrites (float and large integer constants to read-only symbols, SUB of a constant to ADD),
//! and `aclass`, `oplook` and `asmout` below are asmz.go's, case by case. The layout is Go's
//! `spanz`: every instruction is encoded again until no pc moves, which turns a conditional
//! branch whose target is out of reach of the 16-bit `BRC` into `BRCL` (and cracks a
//! compare-and-branch into a compare-and-branch around a `BRCL`), run by the shared
//! [`crate::emit::span::converge`].

// The port keeps Go's forms (`0<<4 | ...`, Go's if-chains and conversions), so that it reads
// against asmz.go line by line.
#![allow(
    clippy::collapsible_if,
    clippy::collapsible_else_if,
    clippy::needless_return,
    clippy::too_many_arguments,
    clippy::identity_op,
    clippy::unnecessary_cast,
    clippy::manual_range_contains
)]

use std::sync::OnceLock;

use p9asm_macros::Diag;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use super::anames::*;
use super::aout::*;
use super::ops;
use super::optab::{Optab, tables};
use super::reloc::{self, go_reloc};
use crate::arch::{Code, Ctx};
use crate::emit::fixup::Fixup;
use crate::prog::{Addr, Func, Mem, Name, Op, Prog, textflag};
use crate::sym::SymId;

// ---- Go's obj.Addr and obj.Prog ----

pub use crate::arch::go_obj::*;

/// `obj.RBaseS390X`.
pub const RBASE_S390X: i64 = 7 * 1024;
/// `ctxt.Arch.FixedFrameSize` on s390x: the saved LR at 0(R15).
pub const FIXED_FRAME: i64 = 8;
/// asmz.go's `funcAlign`.
pub const FUNC_ALIGN: usize = 16;

/// condition_code.go's `CCMask` values.
pub mod cc {
    pub const NEVER: u32 = 0;
    pub const EQUAL: u32 = 1 << 3;
    pub const LESS: u32 = 1 << 2;
    pub const GREATER: u32 = 1 << 1;
    pub const UNORDERED: u32 = 1 << 0;
    pub const LESS_OR_EQUAL: u32 = LESS | EQUAL;
    pub const LESS_OR_UNORDERED: u32 = LESS | UNORDERED;
    pub const GREATER_OR_EQUAL: u32 = GREATER | EQUAL;
    pub const ALWAYS: u32 = EQUAL | LESS | GREATER | UNORDERED;
    pub const NOT_EQUAL: u32 = ALWAYS ^ EQUAL;
    pub const NOT_GREATER: u32 = ALWAYS ^ GREATER;
}

/// Go's `obj.Addr` (the fields s390x uses); Go's `int16` register fields are `i64` here.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct A {
    pub typ: u8,
    pub name: u8,
    pub reg: i64,
    pub index: i64,
    pub offset: i64,
    pub sym: Option<SymId>,
    pub fval: f64,
    /// TYPE_BRANCH: the target's index in the function (`usize::MAX`: none).
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
}

/// Go's `obj.Prog` for one instruction.
#[derive(Clone, Debug, Default)]
pub struct P {
    pub as_: Op,
    pub from: A,
    pub reg: i64,
    pub rest: SmallVec<[A; 3]>,
    pub to: A,
    pub pc: i64,
    /// Go's `Optab` cache (row + 1) into the sorted table.
    pub optab: u16,
    /// Go's `USETMP` mark: the generated code uses REGTMP.
    pub usetmp: bool,
}

impl P {
    fn new(as_: Op) -> P {
        P { as_, from: A::none(), to: A::none(), ..P::default() }
    }
    pub fn from3(&self) -> Option<&A> {
        self.rest.first()
    }
}

struct ErrZ {
    at: usize,
    code: &'static str,
    msg: String,
}

/// Go's `ctxtz`: the state of assembling one function.
pub struct Cz<'a> {
    pub syms: &'a crate::sym::Symbols,
    pub progs: Vec<P>,
    pub autosize: i64,
    pub instoffset: i64,
    pub pc: i64,
    pub cur: usize,
    errs: Vec<ErrZ>,
    pub fixups: Vec<Fixup>,
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
        Addr::Imm(v) => A { typ: TYPE_CONST, offset: *v, ..A::none() },
        Addr::Float(f) => A { typ: TYPE_FCONST, fval: *f, ..A::none() },
        Addr::Mem(m) => mem(m, TYPE_MEM),
        Addr::AddrOf(m) => mem(m, TYPE_ADDR),
        Addr::Branch(t) => A { typ: TYPE_BRANCH, target: *t as usize, ..A::none() },
        Addr::TextSize { frame, .. } => A { typ: TYPE_TEXTSIZE, offset: *frame, ..A::none() },
        Addr::Str(_) => return Err("a string constant is not an operand of an s390x instruction".into()),
        Addr::Indir(_) => return Err("'*' indirection (Go's TYPE_INDIR) is not an s390x operand".into()),
        Addr::RegList(_) => return Err("register lists do not exist on s390x".into()),
        Addr::RegPair(..) => return Err("register pairs (R1, R2) do not exist on s390x".into()),
        Addr::Shift(_) => return Err("shifted registers do not exist on s390x".into()),
        Addr::Element(..) => return Err("vector elements V1.S[1] do not exist on s390x".into()),
        Addr::Special(_) => return Err("this operand does not exist on s390x".into()),
    })
}

/// objz.go's `unaryDst`: one-operand instructions whose operand is the destination.
fn unary_dst(op: Op) -> bool {
    matches!(op, STCK | STCKC | STCKE | STCKF | NEG | NEGW | VONE | VZERO) || op == Op::RET
}

fn get_register(p: &Prog, k: usize) -> Result<i64, (usize, String)> {
    match p.arg(k) {
        Addr::Reg(r) => Ok(r.0 as i64),
        _ => Err((k, format!("{}: expected register; found a different operand", ops::name(p.op)))),
    }
}

/// asm.go's `asmInstruction`/`asmJump` for s390x.
pub fn adapt(p: &Prog) -> Result<P, (usize, String)> {
    let mut g = P::new(p.op);
    let a: Vec<A> =
        p.args.iter().enumerate().map(|(k, o)| addr(&o.addr).map_err(|e| (k, e))).collect::<Result<_, _>>()?;
    let n = a.len();
    let name = ops::name(p.op);
    if matches!(p.op, Op::JMP | Op::CALL) || ops::is_jump(p.op) {
        let target = match n {
            1 => 0,
            2 => {
                g.from = a[0];
                1
            }
            3 => {
                g.from = a[0];
                if a[1].reg != 0 && a[1].typ == TYPE_REG {
                    g.reg = get_register(p, 1)?;
                } else {
                    g.rest.push(a[1]);
                }
                2
            }
            4 => {
                g.from = a[0];
                g.reg = get_register(p, 1)?;
                g.rest.push(a[2]);
                3
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
            if unary_dst(p.op) {
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
            g.from = a[0];
            if a[1].typ == TYPE_REG {
                g.reg = get_register(p, 1)?;
            } else {
                g.rest.push(a[1]);
            }
            g.to = a[2];
        }
        4 => {
            if a[1].typ != TYPE_REG {
                return Err((1, format!("second operand must be a register in {name} instruction")));
            }
            g.from = a[0];
            g.reg = get_register(p, 1)?;
            g.rest.push(a[2]);
            g.to = a[3];
        }
        5 => {
            g.from = a[0];
            g.rest.extend_from_slice(&a[1..4]);
            g.to = a[4];
        }
        _ => return Err((0, format!("can't handle {name} instruction with {n} operands"))),
    }
    Ok(g)
}

/// A read-only constant symbol as Go's `Float32Sym`/`Float64Sym`/`Int64Sym` make them.
fn const_sym(cx: &mut Ctx, name: String, bits: i64, size: u8, origin: p9asm_macros::Origin) -> SymId {
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

fn isint32(v: i64) -> bool {
    v as i32 as i64 == v
}
fn isuint32(v: u64) -> bool {
    v as u32 as u64 == v
}

/// objz.go's `progedit` (without `-dynlink`'s GOT rewrites).
pub fn progedit(p: &mut P, cx: &mut Ctx, origin: p9asm_macros::Origin) {
    p.from.class = 0;
    p.to.class = 0;
    // rewrite BR/BL to a symbol as TYPE_BRANCH
    if matches!(p.as_, Op::JMP | Op::CALL | Op::RET) && p.to.sym.is_some() {
        p.to.typ = TYPE_BRANCH;
    }
    match p.as_ {
        FMOVS if p.from.typ == TYPE_FCONST => {
            let f32v = p.from.fval as f32;
            if f32v.to_bits() != 0 {
                let b = f32v.to_bits();
                let s = const_sym(cx, format!("$f32.{b:08x}"), b as i64, 4, origin);
                p.from = A { typ: TYPE_MEM, name: NAME_EXTERN, sym: Some(s), ..A::none() };
            }
        }
        FMOVD if p.from.typ == TYPE_FCONST => {
            let b = p.from.fval.to_bits();
            if b != 0 {
                let s = const_sym(cx, format!("$f64.{b:016x}"), b as i64, 8, origin);
                p.from = A { typ: TYPE_MEM, name: NAME_EXTERN, sym: Some(s), ..A::none() };
            }
        }
        // constants LOAD IMMEDIATE cannot make go to memory
        MOVD if p.from.typ == TYPE_CONST => {
            let val = p.from.offset;
            if !isint32(val) && val as u32 as i64 != val && ((val as u64) & (0xffffffff << 32)) as i64 != val {
                let s = const_sym(cx, format!("$i64.{:016x}", val as u64), val, 8, origin);
                p.from = A { typ: TYPE_MEM, name: NAME_EXTERN, sym: Some(s), ..A::none() };
            }
        }
        _ => {}
    }
    // SUB of a constant is ADD of its negation
    match p.as_ {
        SUBC if p.from.typ == TYPE_CONST && isint32(p.from.offset.wrapping_neg()) => {
            p.from.offset = -p.from.offset;
            p.as_ = ADDC;
        }
        SUB if p.from.typ == TYPE_CONST && isint32(p.from.offset.wrapping_neg()) => {
            p.from.offset = -p.from.offset;
            p.as_ = ADD;
        }
        _ => {}
    }
}

// ---- operand classes (Go's aclass) and the table lookup ----

fn vop_table() -> &'static FxHashMap<Op, (u32, u32, u32)> {
    static T: OnceLock<FxHashMap<Op, (u32, u32, u32)>> = OnceLock::new();
    T.get_or_init(|| VOP.iter().map(|&(o, a, b, c)| (o, (a, b, c))).collect())
}

/// vector.go's `vop`: opcode, element size and condition setting of a vector mnemonic.
pub fn vop(as_: Op) -> (u32, u32, u32) {
    vop_table().get(&as_).copied().unwrap_or((0, 0, 0))
}

/// vector.go's `singleElementMask`.
pub fn single_element_mask(as_: Op) -> u32 {
    SINGLE_ELEMENT_MASK.iter().find(|(o, _)| *o == as_).map_or(0, |(_, m)| *m)
}

pub fn dr(c: i64) -> &'static str {
    CNAMES.get(c as usize).copied().unwrap_or("C_??")
}

impl Cz<'_> {
    fn diag(&mut self, msg: impl Into<String>) {
        self.diag_code("E0301", msg);
    }
    fn diag_code(&mut self, code: &'static str, msg: impl Into<String>) {
        let at = self.cur;
        if !self.errs.iter().any(|e| e.at == at) {
            self.errs.push(ErrZ { at, code, msg: msg.into() });
        }
    }

    fn sym_is_tls(&self, s: SymId) -> bool {
        // Go asks the symbol's type (STLSBSS, from GLOBL's TLSBSS flag); functions are encoded
        // before a later GLOBL is seen, so the runtime's TLS slot is known by name
        // (runtime/tls_s390x.s: runtime·tls_g)
        let n = self.syms.name(s);
        matches!(n, "runtime.tlsg" | "runtime.tls_g") || n.ends_with("·tlsg") || n.ends_with("·tls_g")
    }

    /// Go's `aclass`.
    pub fn aclass(&mut self, a: &A) -> i64 {
        match a.typ {
            TYPE_NONE => return C_NONE,
            TYPE_REG => {
                let r = a.reg;
                if (REG_R0..=REG_R15).contains(&r) {
                    return C_REG;
                }
                if (REG_F0..=REG_F15).contains(&r) {
                    return C_FREG;
                }
                if (REG_AR0..=REG_AR15).contains(&r) {
                    return C_AREG;
                }
                if (REG_V0..=REG_V31).contains(&r) {
                    return C_VREG;
                }
                return C_GOK;
            }
            TYPE_MEM => match a.name {
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
                    self.instoffset = self.autosize + a.offset;
                    if self.instoffset >= -BIG && self.instoffset < BIG {
                        return C_SAUTO;
                    }
                    return C_LAUTO;
                }
                NAME_PARAM => {
                    self.instoffset = self.autosize + a.offset + FIXED_FRAME;
                    if self.instoffset >= -BIG && self.instoffset < BIG {
                        return C_SAUTO;
                    }
                    return C_LAUTO;
                }
                NAME_NONE => {
                    self.instoffset = a.offset;
                    if self.instoffset == 0 {
                        return C_ZOREG;
                    }
                    if self.instoffset >= -BIG && self.instoffset < BIG {
                        return C_SOREG;
                    }
                    return C_LOREG;
                }
                _ => return C_GOK,
            },
            TYPE_TEXTSIZE => return C_TEXTSIZE,
            TYPE_FCONST => {
                if a.fval.to_bits() == 0 {
                    return C_ZCON;
                }
                self.diag(format!("cannot handle the floating point constant {}", a.fval));
                return C_GOK;
            }
            TYPE_CONST | TYPE_ADDR => {
                match a.name {
                    NAME_NONE => {
                        self.instoffset = a.offset;
                        if a.reg != 0 {
                            if -BIG <= self.instoffset && self.instoffset <= BIG {
                                return C_SACON;
                            }
                            if isint32(self.instoffset) {
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
                        return C_SYMADDR;
                    }
                    NAME_AUTO => {
                        self.instoffset = self.autosize + a.offset;
                        if self.instoffset >= -BIG && self.instoffset < BIG {
                            return C_SACON;
                        }
                        return C_LACON;
                    }
                    NAME_PARAM => {
                        self.instoffset = self.autosize + a.offset + FIXED_FRAME;
                        if self.instoffset >= -BIG && self.instoffset < BIG {
                            return C_SACON;
                        }
                        return C_LACON;
                    }
                    _ => return C_GOK,
                }
                let v = self.instoffset;
                if v == 0 {
                    return C_ZCON;
                }
                if v >= 0 {
                    if v <= 0x7fff {
                        return C_SCON;
                    }
                    if v <= 0xffff {
                        return C_ANDCON;
                    }
                    if v & 0xffff == 0 && isuint32(v as u64) {
                        return C_UCON;
                    }
                    if isint32(v) || isuint32(v as u64) {
                        return C_LCON;
                    }
                    return C_DCON;
                }
                if v >= -0x8000 {
                    return C_ADDCON;
                }
                if v & 0xffff == 0 && isint32(v) {
                    return C_UCON;
                }
                if isint32(v) {
                    return C_LCON;
                }
                return C_DCON;
            }
            TYPE_BRANCH => return C_SBRA,
            _ => return C_GOK,
        }
    }

    /// Go's `oplook`.
    pub fn oplook(&mut self, i: usize) -> Option<Optab> {
        let t = tables();
        if self.progs[i].optab != 0 {
            return Some(t.sorted[self.progs[i].optab as usize - 1]);
        }
        let p = self.progs[i].clone();
        let from = self.aclass(&p.from);
        let to = self.aclass(&p.to);
        let mut args = [from, C_NONE, C_NONE, C_NONE, C_NONE, to];
        let r = p.reg;
        if (REG_R0..=REG_R15).contains(&r) {
            args[1] = C_REG;
        } else if (REG_V0..=REG_V31).contains(&r) {
            args[1] = C_VREG;
        } else if (REG_F0..=REG_F15).contains(&r) {
            args[1] = C_FREG;
        } else if (REG_AR0..=REG_AR15).contains(&r) {
            args[1] = C_AREG;
        }
        for (k, a) in p.rest.iter().enumerate() {
            args[2 + k] = self.aclass(a);
        }
        let (start, end) = t.range.get(p.as_.0 as usize).copied().unwrap_or((0, 0));
        for k in start..end {
            let o = &t.sorted[k];
            if (0..6).all(|j| t.xcmp[args[j] as usize][o.a[j] as usize]) {
                self.progs[i].optab = (k + 1) as u16;
                return Some(*o);
            }
        }
        let mut s = String::new();
        for a in args {
            s.push(' ');
            s.push_str(dr(a));
        }
        if start == end {
            self.diag_code("E0303", format!("instruction not supported: {}", ops::name(p.as_)));
        } else {
            self.diag(format!("illegal combination {}{s}", ops::name(p.as_)));
        }
        None
    }

    fn vregoff(&mut self, a: &A) -> i64 {
        self.instoffset = 0;
        self.aclass(a);
        self.instoffset
    }
    fn regoff(&mut self, a: &A) -> i64 {
        self.vregoff(a) as i32 as i64
    }

    fn regtmp(&mut self) -> u32 {
        self.progs[self.cur].usetmp = true;
        REGTMP as u32
    }

    fn add_fixup(
        &mut self,
        kind: crate::emit::fixup::FixupKind,
        off: i64,
        size: u8,
        sym: Option<SymId>,
        add: i64,
        go: u8,
    ) {
        if sym.is_none() {
            self.diag("require symbol to apply relocation");
            return;
        }
        self.fixups.push(Fixup { offset: (self.pc + off) as u32, size, kind, sym, add, go_type: go });
    }
    /// Go's `addrilreloc`: the RIL immediate at 2, PC-relative in halfwords.
    fn addrilreloc(&mut self, sym: Option<SymId>, add: i64) {
        self.add_fixup(reloc::PCDBL32, 2, 4, sym, add + 2 + 4, go_reloc::R_PCRELDBL);
    }
    /// Go's `addcallreloc`.
    fn addcallreloc(&mut self, sym: Option<SymId>, add: i64) {
        self.add_fixup(reloc::CALLDBL32, 2, 4, sym, add + 2 + 4, go_reloc::R_CALL);
    }

    /// Go's `branchMask`.
    fn branch_mask(&mut self, p: &P) -> u32 {
        match p.as_ {
            BRC | LOCR | LOCGR | CRJ | CGRJ | CIJ | CGIJ | CLRJ | CLGRJ | CLIJ | CLGIJ => p.from.offset as u32,
            BEQ | CMPBEQ | CMPUBEQ | MOVDEQ => cc::EQUAL,
            BGE | CMPBGE | CMPUBGE | MOVDGE => cc::GREATER_OR_EQUAL,
            BGT | CMPBGT | CMPUBGT | MOVDGT => cc::GREATER,
            BLE | CMPBLE | CMPUBLE | MOVDLE => cc::LESS_OR_EQUAL,
            BLT | CMPBLT | CMPUBLT | MOVDLT => cc::LESS,
            BNE | CMPBNE | CMPUBNE | MOVDNE => cc::NOT_EQUAL,
            BLEU => cc::NOT_GREATER,
            BLTU => cc::LESS_OR_UNORDERED,
            BVC => cc::NEVER,
            BVS => cc::UNORDERED,
            _ => {
                self.diag(format!("unknown conditional branch {}", ops::name(p.as_)));
                cc::ALWAYS
            }
        }
    }

    fn target_pc(&self, p: &P) -> Option<i64> {
        if p.to.typ == TYPE_BRANCH && p.to.target != usize::MAX {
            self.progs.get(p.to.target).map(|q| q.pc)
        } else {
            None
        }
    }
}

// ---- the load/store/compare opcode choices (asmz.go zopload and friends) ----

fn zopload12(a: Op) -> Option<u32> {
    match a {
        FMOVD => Some(op_LD),
        FMOVS => Some(op_LE),
        _ => None,
    }
}

fn zopload(a: Op) -> Option<u32> {
    Some(match a {
        MOVD => op_LG,
        MOVW => op_LGF,
        MOVWZ => op_LLGF,
        MOVH => op_LGH,
        MOVHZ => op_LLGH,
        MOVB => op_LGB,
        MOVBZ => op_LLGC,
        FMOVD => op_LDY,
        FMOVS => op_LEY,
        MOVDBR => op_LRVG,
        MOVWBR => op_LRV,
        MOVHBR => op_LRVH,
        _ => return None,
    })
}

fn zopstore12(a: Op) -> Option<u32> {
    match a {
        FMOVD => Some(op_STD),
        FMOVS => Some(op_STE),
        MOVW | MOVWZ => Some(op_ST),
        MOVH | MOVHZ => Some(op_STH),
        MOVB | MOVBZ => Some(op_STC),
        _ => None,
    }
}

fn zopstore(a: Op) -> Option<u32> {
    Some(match a {
        MOVD => op_STG,
        MOVW | MOVWZ => op_STY,
        MOVH | MOVHZ => op_STHY,
        MOVB | MOVBZ => op_STCY,
        FMOVD => op_STDY,
        FMOVS => op_STEY,
        MOVDBR => op_STRVG,
        MOVWBR => op_STRV,
        MOVHBR => op_STRVH,
        _ => return None,
    })
}

fn zoprre(a: Op) -> Option<u32> {
    Some(match a {
        CMP => op_CGR,
        CMPU => op_CLGR,
        FCMPO => op_KDBR,
        FCMPU => op_CDBR,
        CEBR => op_CEBR,
        _ => return None,
    })
}

fn zoprr(a: Op) -> Option<u32> {
    Some(match a {
        CMPW => op_CR,
        CMPWU => op_CLR,
        _ => return None,
    })
}

fn zopril(a: Op) -> Option<u32> {
    Some(match a {
        CMP => op_CGFI,
        CMPU => op_CLGFI,
        CMPW => op_CFI,
        CMPWU => op_CLFI,
        _ => return None,
    })
}

fn is_u12(d: i64) -> bool {
    d >= 0 && d < DISP12
}

// ---- instruction formats (asmz.go zE ... zVRIe) ----

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    A,
    B,
    C,
    D,
    F,
}

fn z_e(op: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[(op >> 8) as u8, op as u8]);
}
fn z_i(op: u32, i1: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[(op >> 8) as u8, i1 as u8]);
}
fn z_ri(op: u32, r1_m1: u32, i2_ri2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (r1_m1 as u8) << 4 | (op as u8 & 0x0f),
        (i2_ri2 >> 8) as u8,
        i2_ri2 as u8,
    ]);
}
fn z_rie(
    f: Form,
    op: u32,
    r1: u32,
    r2_m3_r3: u32,
    i2_ri4_ri2: u32,
    i3: u32,
    i4: u32,
    m3: u32,
    i2_i5: u32,
    asm: &mut Vec<u8>,
) {
    asm.extend_from_slice(&[(op >> 8) as u8, (r1 as u8) << 4 | (r2_m3_r3 & 0x0f) as u8]);
    match f {
        Form::F => asm.extend_from_slice(&[i3 as u8, i4 as u8]),
        _ => asm.extend_from_slice(&[(i2_ri4_ri2 >> 8) as u8, i2_ri4_ri2 as u8]),
    }
    match f {
        Form::A | Form::B => asm.push((m3 as u8) << 4),
        _ => asm.push(i2_i5 as u8),
    }
    asm.push(op as u8);
}
fn z_ril(f: Form, op: u32, mut r1_m1: u32, i2_ri2: u32, asm: &mut Vec<u8>) {
    if f == Form::A || f == Form::B {
        r1_m1 = r1_m1.wrapping_sub(RBASE_S390X as u32); // a register
    }
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (r1_m1 as u8) << 4 | (op as u8 & 0x0f),
        (i2_ri2 >> 24) as u8,
        (i2_ri2 >> 16) as u8,
        (i2_ri2 >> 8) as u8,
        i2_ri2 as u8,
    ]);
}
fn z_rr(op: u32, r1: u32, r2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[(op >> 8) as u8, (r1 as u8) << 4 | (r2 & 0x0f) as u8]);
}
fn z_rrd(op: u32, r1: u32, r3: u32, r2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[(op >> 8) as u8, op as u8, (r1 as u8) << 4, (r3 as u8) << 4 | (r2 & 0x0f) as u8]);
}
fn z_rre(op: u32, r1: u32, r2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[(op >> 8) as u8, op as u8, 0, (r1 as u8) << 4 | (r2 & 0x0f) as u8]);
}
fn z_rrf(op: u32, r3_m3: u32, m4: u32, r1: u32, r2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        op as u8,
        (r3_m3 as u8) << 4 | (m4 & 0x0f) as u8,
        (r1 as u8) << 4 | (r2 & 0x0f) as u8,
    ]);
}
fn z_rs(op: u32, r1: u32, r3_m3: u32, b2: u32, d2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (r1 as u8) << 4 | (r3_m3 & 0x0f) as u8,
        (b2 as u8) << 4 | ((d2 >> 8) & 0x0f) as u8,
        d2 as u8,
    ]);
}
fn z_rsy(op: u32, r1: u32, r3_m3: u32, b2: u32, d2: u32, asm: &mut Vec<u8>) {
    let dl2 = (d2 as u16) & 0x0fff;
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (r1 as u8) << 4 | (r3_m3 & 0x0f) as u8,
        (b2 as u8) << 4 | ((dl2 >> 8) as u8 & 0x0f),
        dl2 as u8,
        (d2 >> 12) as u8,
        op as u8,
    ]);
}
fn z_rx(op: u32, r1_m1: u32, x2: u32, b2: u32, d2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (r1_m1 as u8) << 4 | (x2 & 0x0f) as u8,
        (b2 as u8) << 4 | ((d2 >> 8) & 0x0f) as u8,
        d2 as u8,
    ]);
}
fn z_rxe(op: u32, r1: u32, x2: u32, b2: u32, d2: u32, m3: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (r1 as u8) << 4 | (x2 & 0x0f) as u8,
        (b2 as u8) << 4 | ((d2 >> 8) & 0x0f) as u8,
        d2 as u8,
        (m3 as u8) << 4,
        op as u8,
    ]);
}
fn z_rxy(op: u32, r1_m1: u32, x2: u32, b2: u32, d2: u32, asm: &mut Vec<u8>) {
    let dl2 = (d2 as u16) & 0x0fff;
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (r1_m1 as u8) << 4 | (x2 & 0x0f) as u8,
        (b2 as u8) << 4 | ((dl2 >> 8) as u8 & 0x0f),
        dl2 as u8,
        (d2 >> 12) as u8,
        op as u8,
    ]);
}
fn z_s(op: u32, b2: u32, d2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[(op >> 8) as u8, op as u8, (b2 as u8) << 4 | ((d2 >> 8) & 0x0f) as u8, d2 as u8]);
}
fn z_si(op: u32, i2: u32, b1: u32, d1: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[(op >> 8) as u8, i2 as u8, (b1 as u8) << 4 | ((d1 >> 8) & 0x0f) as u8, d1 as u8]);
}
fn z_sil(op: u32, b1: u32, d1: u32, i2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        op as u8,
        (b1 as u8) << 4 | ((d1 >> 8) & 0x0f) as u8,
        d1 as u8,
        (i2 >> 8) as u8,
        i2 as u8,
    ]);
}
fn z_siy(op: u32, i2: u32, b1: u32, d1: u32, asm: &mut Vec<u8>) {
    let dl1 = (d1 as u16) & 0x0fff;
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        i2 as u8,
        (b1 as u8) << 4 | ((dl1 >> 8) as u8 & 0x0f),
        dl1 as u8,
        (d1 >> 12) as u8,
        op as u8,
    ]);
}
/// zSS form a: `l1, 0, b1, d1, b2, d2`.
fn z_ss_a(op: u32, l1: u32, b1: u32, d1: u32, b2: u32, d2: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        l1 as u8,
        (b1 as u8) << 4 | ((d1 >> 8) & 0x0f) as u8,
        d1 as u8,
        (b2 as u8) << 4 | ((d2 >> 8) & 0x0f) as u8,
        d2 as u8,
    ]);
}

fn rxb(va: u32, vb: u32, vc: u32, vd: u32) -> u8 {
    let hi = |v: u32| (v as i64) >= REG_V16 && (v as i64) <= REG_V31;
    let mut mask = 0u8;
    if hi(va) {
        mask |= 0x8;
    }
    if hi(vb) {
        mask |= 0x4;
    }
    if hi(vc) {
        mask |= 0x2;
    }
    if hi(vd) {
        mask |= 0x1;
    }
    mask
}
fn z_vrx(op: u32, v1: u32, x2: u32, b2: u32, d2: u32, m3: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (x2 as u8 & 0xf),
        (b2 as u8) << 4 | ((d2 >> 8) as u8 & 0xf),
        d2 as u8,
        (m3 as u8) << 4 | rxb(v1, 0, 0, 0),
        op as u8,
    ]);
}
fn z_vrv(op: u32, v1: u32, v2: u32, b2: u32, d2: u32, m3: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v2 as u8 & 0xf),
        (b2 as u8) << 4 | ((d2 >> 8) as u8 & 0xf),
        d2 as u8,
        (m3 as u8) << 4 | rxb(v1, v2, 0, 0),
        op as u8,
    ]);
}
fn z_vrs(op: u32, v1: u32, v3_r3: u32, b2: u32, d2: u32, m4: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v3_r3 as u8 & 0xf),
        (b2 as u8) << 4 | ((d2 >> 8) as u8 & 0xf),
        d2 as u8,
        (m4 as u8) << 4 | rxb(v1, v3_r3, 0, 0),
        op as u8,
    ]);
}
fn z_vrra(op: u32, v1: u32, v2: u32, m5: u32, m4: u32, m3: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v2 as u8 & 0xf),
        0,
        (m5 as u8) << 4 | (m4 as u8 & 0xf),
        (m3 as u8) << 4 | rxb(v1, v2, 0, 0),
        op as u8,
    ]);
}
fn z_vrrb(op: u32, v1: u32, v2: u32, v3: u32, m5: u32, m4: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v2 as u8 & 0xf),
        (v3 as u8) << 4,
        (m5 as u8) << 4,
        (m4 as u8) << 4 | rxb(v1, v2, v3, 0),
        op as u8,
    ]);
}
fn z_vrrc(op: u32, v1: u32, v2: u32, v3: u32, m6: u32, m5: u32, m4: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v2 as u8 & 0xf),
        (v3 as u8) << 4,
        (m6 as u8) << 4 | (m5 as u8 & 0xf),
        (m4 as u8) << 4 | rxb(v1, v2, v3, 0),
        op as u8,
    ]);
}
fn z_vrrd(op: u32, v1: u32, v2: u32, v3: u32, m5: u32, m6: u32, v4: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v2 as u8 & 0xf),
        (v3 as u8) << 4 | (m5 as u8 & 0xf),
        (m6 as u8) << 4,
        (v4 as u8) << 4 | rxb(v1, v2, v3, v4),
        op as u8,
    ]);
}
fn z_vrre(op: u32, v1: u32, v2: u32, v3: u32, m6: u32, m5: u32, v4: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v2 as u8 & 0xf),
        (v3 as u8) << 4 | (m6 as u8 & 0xf),
        m5 as u8,
        (v4 as u8) << 4 | rxb(v1, v2, v3, v4),
        op as u8,
    ]);
}
fn z_vrrf(op: u32, v1: u32, r2: u32, r3: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (r2 as u8 & 0xf),
        (r3 as u8) << 4,
        0,
        rxb(v1, 0, 0, 0),
        op as u8,
    ]);
}
fn z_vria(op: u32, v1: u32, i2: u32, m3: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4,
        (i2 >> 8) as u8,
        i2 as u8,
        (m3 as u8) << 4 | rxb(v1, 0, 0, 0),
        op as u8,
    ]);
}
fn z_vrib(op: u32, v1: u32, i2: u32, i3: u32, m4: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4,
        i2 as u8,
        i3 as u8,
        (m4 as u8) << 4 | rxb(v1, 0, 0, 0),
        op as u8,
    ]);
}
fn z_vric(op: u32, v1: u32, v3: u32, i2: u32, m4: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v3 as u8 & 0xf),
        (i2 >> 8) as u8,
        i2 as u8,
        (m4 as u8) << 4 | rxb(v1, v3, 0, 0),
        op as u8,
    ]);
}
fn z_vrid(op: u32, v1: u32, v2: u32, v3: u32, i4: u32, m5: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v2 as u8 & 0xf),
        (v3 as u8) << 4,
        i4 as u8,
        (m5 as u8) << 4 | rxb(v1, v2, v3, 0),
        op as u8,
    ]);
}
fn z_vrie(op: u32, v1: u32, v2: u32, i3: u32, m5: u32, m4: u32, asm: &mut Vec<u8>) {
    asm.extend_from_slice(&[
        (op >> 8) as u8,
        (v1 as u8) << 4 | (v2 as u8 & 0xf),
        (i3 >> 4) as u8,
        (i3 as u8) << 4 | (m5 as u8 & 0xf),
        (m4 as u8) << 4 | rxb(v1, v2, 0, 0),
        op as u8,
    ]);
}

include!("asmout.rs");

// ---- the layout (Go's spanz) ----

pub fn assemble(f: &mut Func, cx: &mut Ctx) -> Code {
    let mut code = Code::default();
    let mut progs: Vec<P> = Vec::with_capacity(f.progs.len());
    let mut bad = vec![false; f.progs.len()];
    for (k, p) in f.progs.iter().enumerate() {
        if k == 0 {
            progs.push(P::new(Op::TEXT));
            continue;
        }
        let g = match adapt(p) {
            Ok(mut g) => {
                progedit(&mut g, cx, p.origin);
                g
            }
            Err((arg, msg)) => {
                cx.diags.push(Diag::error("E0301", p.arg_origin(arg), msg));
                bad[k] = true;
                P::new(Op::NOP)
            }
        };
        progs.push(g);
    }
    let mut c = Cz {
        syms: cx.syms,
        progs,
        autosize: f.layout.autosize,
        instoffset: 0,
        pc: 0,
        cur: 0,
        errs: Vec::new(),
        fixups: Vec::new(),
    };
    let mut buffer: Vec<u8> = Vec::new();
    let res = crate::emit::span::converge(cx.layout_rounds, |_| {
        let mut changed = false;
        buffer.clear();
        c.fixups.clear();
        c.errs.clear();
        for i in 0..c.progs.len() {
            let pc = buffer.len() as i64;
            if pc != c.progs[i].pc {
                changed = true;
            }
            c.progs[i].pc = pc;
            c.pc = pc;
            c.cur = i;
            if matches!(c.progs[i].as_, Op::TEXT | Op::NOP | Op::PCDATA | Op::FUNCDATA | Op::END) {
                continue;
            }
            c.asmout(i, &mut buffer);
        }
        changed
    });
    if let Err(rounds) = res {
        cx.diags.push(crate::emit::span::diverged(f.origin, rounds));
        return code;
    }
    let end = buffer.len() as i64;
    for (k, p) in f.progs.iter_mut().enumerate() {
        let g = &c.progs[k];
        let next = c.progs.get(k + 1).map_or(end, |q| q.pc);
        p.pc = g.pc as u32;
        p.size = (next - g.pc) as u32;
    }
    for e in &c.errs {
        if !bad[e.at] {
            cx.diags.push(Diag::error(e.code, f.progs[e.at].origin, e.msg.clone()));
        }
    }
    let unsafe_at: Vec<bool> = c
        .progs
        .iter()
        .map(|g| !matches!(g.as_, Op::TEXT | Op::PCDATA | Op::FUNCDATA | Op::NOP) && uses_tmp(g))
        .collect();
    super::frame::mark_unsafe_points(&mut f.progs, &unsafe_at);
    code.bytes = buffer;
    code.fixups = std::mem::take(&mut c.fixups);
    // spanz: the symbol's size is rounded up to funcAlign
    while !code.bytes.len().is_multiple_of(FUNC_ALIGN) {
        code.bytes.push(0);
    }
    code
}

/// Go's `isUnsafePoint`: the Prog names REGTMP, or its generated code uses it (`USETMP`).
pub fn uses_tmp(p: &P) -> bool {
    p.usetmp || p.from.reg == REGTMP || p.to.reg == REGTMP || p.reg == REGTMP || p.rest.iter().any(|a| a.reg == REGTMP)
}
