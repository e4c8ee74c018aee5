//! x86 instruction encoding (Go's asm6.go): one Prog to bytes plus fixups.
//!
//! This is a transcription of Go 1.19's `doasm`/`asmandsz`/`asmins` over the tables in
//! [`super::optab`], so that instruction selection (which of several encodings a form gets) is
//! exactly Go's. Each Prog's operands are classified (Go's `oclass`), the first matching line of
//! the instruction's operand table picks a [`Z`] rule, and the rule writes prefix, opcode, ModRM,
//! SIB, displacement and immediate into a fixed stack buffer; the REX prefix is inserted last,
//! as Go does.
//!
//! Go's assembler also threads branches to unconditional JMPs (`linkpatch`, before the frame
//! pass); [`encode`] applies the same threading when it resolves a branch target.
//!
//! Where Go 1.19 silently emits bytes that do not do what the source says, p9asm refuses with a
//! diagnostic instead (see [`encode`] for the list). Everything it accepts is byte-identical to
//! Go (checked by `tests/x86_encode_diff.rs`). VEX/EVEX instructions (Go's `avxOptab`) are encoded by
//! the child module `avx` (`avx.rs`) over the generated table `avx_optab.rs`.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

use super::optab::{self, Mov, Optab, PB, PE, PM, Y, Z, covers};
use super::regs::{self, Class};
use super::{Mode, reloc};
use super::{avx_optab, ops};
use crate::emit::fixup::{Fixup, FixupKind, go_reloc};
use crate::pass::{thread_branches, threaded_target};
use crate::prog::{Addr, Mem, Name, Op, Prog, Reg, mark};
use crate::sym::{SymId, Symbols};

use Y::*;
use Z::*;

#[path = "avx.rs"]
mod avx;
pub use avx::{OP_SUFFIX_TABLE, decode_register_range, encode_register_range, parse_suffix};

/// What [`encode`] needs besides the Prog: the function, and what [`Span`] computed for it.
pub struct EncodeCx<'a> {
    pub mode: Mode,
    /// The whole function (branch targets are indexes into it).
    pub progs: &'a [Prog],
    pub syms: &'a Symbols,
    span: &'a Span,
    tables: &'static Tables,
    /// (Prog, operand, byte register): the operands Go's `bytereg` renames in the Prog while
    /// encoding it (`MOVB AX, BX` is listed as `MOVB AL, BL`). The encoding does not change.
    renames: std::cell::RefCell<Vec<(u32, u8, u16)>>,
    /// Go's `-shared`: `MOVQ TLS, R` loads g's offset from the GOT (initial-exec) and
    /// `off(R)(TLS*2)` is an FS-relative access with no relocation.
    pub shared: bool,
}

impl<'a> EncodeCx<'a> {
    /// The renames of [`EncodeCx::renames`] found so far.
    pub fn take_renames(&self) -> Vec<(u32, u8, u16)> {
        std::mem::take(&mut self.renames.borrow_mut())
    }

    /// `span` must come from [`Span::new`] on `progs` (with [`Span::begin_round`] called since
    /// their marks last changed).
    pub fn new(mode: Mode, progs: &'a [Prog], syms: &'a Symbols, span: &'a Span) -> EncodeCx<'a> {
        debug_assert_eq!(span.threaded.len(), progs.len());
        EncodeCx { mode, progs, syms, span, tables: tables(), renames: Default::default(), shared: false }
    }
}

/// Per-function facts the span loop needs on every round, computed once: the threaded target
/// of every branch (Go's `linkpatch`) and which forward branches tell whether the span loop has
/// run more than once (see [`Span::reran`]).
pub struct Span {
    /// [`threaded_target`] of every Prog (the Prog itself for non-branches).
    threaded: Vec<u32>,
    /// Forward branches (not XBEGIN) whose target threading left alone: long exactly when
    /// marked LONG.
    marked: Vec<u32>,
    /// The other forward branches, long when their target is further than 127 bytes from the
    /// end of their short form: (branch, target, short form size).
    by_pc: Vec<(u32, u32, u32)>,
    /// Some Prog of `marked` is marked LONG.
    any_long: bool,
    /// The Progs with a branch target.
    branches: Vec<u32>,
}

impl Span {
    /// Threads the function's jumps ([`crate::pass::thread_jumps`]), then computes the span facts.
    pub fn thread(progs: &mut [Prog]) -> Span {
        let branches = thread_branches(progs);
        Span::of_branches(progs, branches)
    }

    pub fn new(progs: &[Prog]) -> Span {
        let branches: Vec<u32> =
            (0..progs.len()).filter(|&i| progs[i].branch_target().is_some()).map(|i| i as u32).collect();
        Span::of_branches(progs, branches)
    }

    /// `branches`: the Progs with a branch target.
    fn of_branches(progs: &[Prog], branches: Vec<u32>) -> Span {
        let tables = tables();
        let mut span = Span {
            threaded: (0..progs.len() as u32).collect(),
            marked: Vec::new(),
            by_pc: Vec::new(),
            any_long: false,
            branches,
        };
        for k in 0..span.branches.len() {
            let i = span.branches[k];
            let i = i as usize;
            let p = &progs[i];
            let Some(written) = p.branch_target() else { continue };
            let t = threaded_target(progs, i);
            span.threaded[i] = t as u32;
            if t <= i {
                continue;
            }
            let flags = tables.info(p.op).flags;
            if flags & flag::XBEGIN != 0 {
                span.by_pc.push((i as u32, t as u32, 6));
            } else if written as usize == t {
                span.marked.push(i as u32);
            } else {
                span.by_pc.push((i as u32, t as u32, if flags & flag::JCXZL != 0 { 3 } else { 2 }));
            }
        }
        span.begin_round(progs);
        span
    }

    /// The Progs with a branch target (in order).
    pub fn branches(&self) -> &[u32] {
        &self.branches
    }

    /// Takes note of the LONG marks the last round set.
    pub fn begin_round(&mut self, progs: &[Prog]) {
        self.any_long = self.marked.iter().any(|&i| progs[i as usize].mark & mark::LONG != 0);
    }

    /// Whether Go's span loop ran more than once for this function: some forward branch did not
    /// fit its short form (or an XBEGIN, always long, reached further than 127 bytes).
    fn reran(&self, pcs: &[u32]) -> bool {
        self.any_long
            || self
                .by_pc
                .iter()
                .any(|&(i, t, short)| pcs[t as usize] as i64 - (pcs[i as usize] as i64 + short as i64) > 127)
    }
}

/// Facts about opcodes the encoder tests on every Prog (bits of [`OpInfo::flags`]).
mod flag {
    /// Go's `unaryDst`: the only operand is the destination.
    pub const UNARY_DST: u16 = 1 << 0;
    /// CALL, JMP or one of Go's `jumpX86` mnemonics.
    pub const JUMP: u16 = 1 << 1;
    /// CMPPD, CMPPS, CMPSD, CMPSS.
    pub const CMPP: u16 = 1 << 2;
    pub const JCXZW: u16 = 1 << 3;
    pub const JCXZL: u16 = 1 << 4;
    pub const XBEGIN: u16 = 1 << 5;
    pub const MOVL: u16 = 1 << 6;
    pub const LONG: u16 = 1 << 7;
    pub const QUAD: u16 = 1 << 8;
    pub const LEAL: u16 = 1 << 9;
    pub const PUSHQ: u16 = 1 << 10;
    pub const XABORT: u16 = 1 << 11;
    /// PUSHL, POPL.
    pub const PUSHPOPL: u16 = 1 << 12;
    pub const PUSHW: u16 = 1 << 13;
    pub const POPW: u16 = 1 << 14;
}

/// An opcode's table row and facts.
#[derive(Clone, Copy)]
struct OpInfo {
    optab: Option<&'static Optab>,
    flags: u16,
    /// Its rows of [`optab::MOVTAB`]: `Tables::movtab[movtab.0..movtab.1]`.
    movtab: (u16, u16),
    /// Its VEX/EVEX row (Go's `avxOptab`).
    avx: Option<&'static avx_optab::AvxOptab>,
}

const NO_INFO: OpInfo = OpInfo { optab: None, flags: 0, movtab: (0, 0), avx: None };

/// [`OpInfo`] of every opcode, indexed by its number.
struct Tables {
    info: Vec<OpInfo>,
    /// Indexes into [`optab::MOVTAB`], grouped by opcode.
    movtab: Vec<u16>,
}

impl Tables {
    #[inline(always)]
    fn info(&self, op: Op) -> &OpInfo {
        self.info.get(op.0 as usize).unwrap_or(&NO_INFO)
    }
    fn movtab_rows(&self, info: &OpInfo) -> impl Iterator<Item = &'static optab::Movtab> + '_ {
        self.movtab[info.movtab.0 as usize..info.movtab.1 as usize].iter().map(|&k| &optab::MOVTAB[k as usize])
    }
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut by_name: HashMap<&str, Vec<u16>> = HashMap::new();
        for (k, m) in optab::MOVTAB.iter().enumerate() {
            by_name.entry(m.name).or_default().push(k as u16);
        }
        let n = Op::FIRST_ARCH as usize + ops::NAMES.len();
        let mut movtab = Vec::new();
        let info = (0..n)
            .map(|k| {
                let op = Op(k as u16);
                let name = ops::name(op);
                let mut flags = 0;
                let mut set = |cond: bool, f: u16| {
                    if cond {
                        flags |= f;
                    }
                };
                set(unary_dst(name), flag::UNARY_DST);
                set(matches!(op, Op::CALL | Op::JMP) || ops::is_jump(op), flag::JUMP);
                set(matches!(name, "CMPPD" | "CMPPS" | "CMPSD" | "CMPSS"), flag::CMPP);
                set(name == "JCXZW", flag::JCXZW);
                set(name == "JCXZL", flag::JCXZL);
                set(name == "XBEGIN", flag::XBEGIN);
                set(name == "MOVL", flag::MOVL);
                set(name == "LONG", flag::LONG);
                set(name == "QUAD", flag::QUAD);
                set(name == "LEAL", flag::LEAL);
                set(name == "PUSHQ", flag::PUSHQ);
                set(name == "XABORT", flag::XABORT);
                set(matches!(name, "PUSHL" | "POPL"), flag::PUSHPOPL);
                set(name == "PUSHW", flag::PUSHW);
                set(name == "POPW", flag::POPW);
                let first = movtab.len() as u16;
                if let Some(rows) = by_name.get(name) {
                    movtab.extend_from_slice(rows);
                }
                OpInfo { optab: optab::lookup(op), flags, movtab: (first, movtab.len() as u16), avx: avx::lookup(op) }
            })
            .collect();
        Tables { info, movtab }
    })
}

/// Why a Prog cannot be encoded.
#[derive(Clone, Debug, PartialEq)]
pub struct EncodeErr {
    pub code: &'static str,
    pub msg: String,
    /// The operand the problem is about, if one is to blame.
    pub operand: Option<usize>,
}

/// Operand combination not encodable.
const E_COMBO: &str = "E0301";
/// Immediate or displacement out of range.
const E_RANGE: &str = "E0302";
/// Not available in this mode (386 vs amd64).
const E_MODE: &str = "E0303";

/// Errors inside the encoder are boxed, so that every step's result fits a register.
type Res<T = ()> = Result<T, Box<EncodeErr>>;

#[cold]
#[inline(never)]
fn err(code: &'static str, msg: impl Into<String>) -> Box<EncodeErr> {
    Box::new(EncodeErr { code, msg: msg.into(), operand: None })
}

// ---- registers in Go's numbering (regs.rs) ----

const REG_NONE: u16 = 0;
const REG_AL: u16 = regs::AL;
const REG_CL: u16 = 2;
const REG_SPB: u16 = 5;
const REG_BPB: u16 = 6;
const REG_DIB: u16 = 8;
const REG_R8B: u16 = 9;
const REG_R15B: u16 = regs::R15B;
const REG_AX: u16 = regs::AX;
const REG_CX: u16 = regs::CX;
const REG_DX: u16 = regs::DX;
const REG_BX: u16 = regs::BX;
const REG_SP: u16 = regs::SP;
const REG_BP: u16 = regs::BP;
const REG_SI: u16 = regs::SI;
const REG_DI: u16 = regs::DI;
const REG_R8: u16 = regs::R8;
const REG_R12: u16 = regs::R12;
const REG_R13: u16 = regs::R13;
const REG_R15: u16 = regs::R15;
const REG_AH: u16 = regs::AH;
const REG_BH: u16 = regs::BH;
const REG_F0: u16 = regs::F0;
const REG_M0: u16 = regs::M0;
const REG_K0: u16 = regs::K0;
const REG_X0: u16 = regs::X0;
const REG_Y0: u16 = regs::Y0;
const REG_Z0: u16 = regs::Z0;
const REG_Z31: u16 = regs::Z0 + 31;
const REG_CS: u16 = regs::CS;
const REG_SS: u16 = REG_CS + 1;
const REG_DS: u16 = REG_CS + 2;
const REG_ES: u16 = REG_CS + 3;
const REG_FS: u16 = REG_CS + 4;
const REG_GS: u16 = regs::GS;
const REG_GDTR: u16 = REG_GS + 1;
const REG_CR: u16 = regs::CR0;
const REG_DR: u16 = regs::DR0;
const REG_TR: u16 = regs::TR0;
const REG_TLS: u16 = regs::TLS;

// REX bits (Go's Rx*).
const RXR_EVEX: u8 = 1 << 4;
const RXW: u8 = 1 << 3;
const RXR: u8 = 1 << 2;
const RXX: u8 = 1 << 1;
const RXB: u8 = 1;
const REX_W: u8 = 0x48; // Go's Pw: 0x40 | Rxw

/// Go's `reg[]`: the low three bits of a register's hardware number, `NO_REG` for none.
const fn reg_low_of(r: u16) -> u8 {
    let n = if r >= REG_AL && r <= REG_R15B {
        r - REG_AL
    } else if r >= REG_AH && r <= REG_BH {
        4 + (r - REG_AH)
    } else if r >= REG_AX && r <= REG_R15 {
        r - REG_AX
    } else if in_range(r, REG_F0, 8) {
        r - REG_F0
    } else if in_range(r, REG_M0, 8) {
        r - REG_M0
    } else if in_range(r, REG_K0, 8) {
        r - REG_K0
    } else if in_range(r, REG_X0, 32) {
        r - REG_X0
    } else if in_range(r, REG_Y0, 32) {
        r - REG_Y0
    } else if in_range(r, REG_Z0, 32) {
        r - REG_Z0
    } else {
        return NO_REG;
    };
    (n & 7) as u8
}

const NO_REG: u8 = 0xff;

const fn in_range(r: u16, lo: u16, n: u16) -> bool {
    r >= lo && r < lo + n
}

/// The REX bits of vector register `n` of its class (X/Y/Z).
const fn vec_rex(n: u16) -> u8 {
    match n {
        0..=7 => 0,
        8..=15 => RXR | RXX | RXB,
        16..=23 => RXR_EVEX,
        _ => RXR | RXX | RXB | RXR_EVEX,
    }
}

/// Registers the tables below cover (every x86 register number is below this).
const NREGS: usize = 256;

/// [`reg_low_of`] of every register number.
static REG_LOW: [u8; NREGS] = {
    let mut t = [NO_REG; NREGS];
    let mut r = 0;
    while r < NREGS {
        t[r] = reg_low_of(r as u16);
        r += 1;
    }
    t
};

/// Go's `reg[]`: the low three bits of a register's hardware number, or -1.
#[inline(always)]
fn reg_low(r: u16) -> Option<u8> {
    match REG_LOW.get(r as usize) {
        Some(&v) if v != NO_REG => Some(v),
        _ => None,
    }
}

/// Go's `regrex[]`: the REX bits a register needs wherever it is encoded.
const fn regrex_of(r: u16) -> u8 {
    let ext = RXR | RXX | RXB;
    if r >= REG_SPB && r <= REG_DIB {
        0x40
    } else if (r >= REG_R8B && r <= REG_R15B) || (r >= REG_R8 && r <= REG_R15) {
        ext
    } else if in_range(r, REG_X0, 32) {
        vec_rex(r - REG_X0)
    } else if in_range(r, REG_Y0, 32) {
        vec_rex(r - REG_Y0)
    } else if in_range(r, REG_Z0 + 8, 8) {
        ext
    } else if in_range(r, REG_Z0 + 16, 16) {
        vec_rex(r - REG_Z0)
    } else if in_range(r, REG_CR + 8, 8) {
        RXR
    } else {
        0
    }
}

/// [`regrex_of`] of every register number.
static REGREX: [u8; NREGS] = {
    let mut t = [0; NREGS];
    let mut r = 0;
    while r < NREGS {
        t[r] = regrex_of(r as u16);
        r += 1;
    }
    t
};

/// Go's `regrex[]`: the REX bits a register needs wherever it is encoded.
#[inline(always)]
fn regrex(r: u16) -> u8 {
    REGREX.get(r as usize).copied().unwrap_or(0)
}

fn is_high_byte(r: u16) -> bool {
    (REG_AH..=REG_BH).contains(&r)
}

// ---- operands in Go's shape ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    None,
    Reg,
    Const,
    Mem,
    /// `$mem`
    Addr,
    Branch,
    /// `*sym(SB)` (Go's `TYPE_INDIR`)
    Indir,
    /// Anything Go has no x86 encoding for (float and string constants, register lists...).
    Bad,
}

/// Go's `obj.Addr`, reduced to what the encoder reads.
#[derive(Clone, Copy, Debug)]
struct A {
    ty: Ty,
    /// The register (Reg) or base register (Mem/Addr).
    reg: u16,
    index: u16,
    scale: u8,
    name: Name,
    sym: Option<SymId>,
    offset: i64,
    /// Branch target (index into the function), `u32::MAX` for a symbol.
    target: u32,
    /// Which source operand this is (for diagnostics), `u8::MAX` for none.
    arg: u8,
}

const NONE: A = A {
    ty: Ty::None,
    reg: REG_NONE,
    index: REG_NONE,
    scale: 0,
    name: Name::None,
    sym: None,
    offset: 0,
    target: u32::MAX,
    arg: u8::MAX,
};

impl A {
    fn from_mem(ty: Ty, m: &Mem, arg: u8) -> A {
        A {
            ty,
            reg: m.base.0,
            index: m.index.0,
            scale: m.scale,
            name: m.name,
            sym: m.sym,
            offset: m.offset,
            arg,
            ..NONE
        }
    }
    fn new(a: &Addr, arg: u8) -> A {
        match a {
            Addr::None => NONE,
            Addr::Reg(r) => A { ty: Ty::Reg, reg: r.0, arg, ..NONE },
            Addr::Imm(v) => A { ty: Ty::Const, offset: *v, arg, ..NONE },
            Addr::Mem(m) => A::from_mem(Ty::Mem, m, arg),
            Addr::AddrOf(m) => A::from_mem(Ty::Addr, m, arg),
            Addr::Indir(m) => A::from_mem(Ty::Indir, m, arg),
            Addr::Branch(t) => A { ty: Ty::Branch, target: *t, arg, ..NONE },
            _ => A { ty: Ty::Bad, arg, ..NONE },
        }
    }
    fn is_tls_reg(&self) -> bool {
        self.ty == Ty::Reg && self.reg == REG_TLS
    }
    fn op_index(&self) -> Option<usize> {
        (self.arg != u8::MAX).then_some(self.arg as usize)
    }
}

/// Records that Go's `bytereg` renames this operand of the Prog being encoded (for the listing).
fn note_bytereg(ins: &Ins, a: &A) {
    if a.ty == Ty::Reg && (REG_AX..=REG_R15).contains(&a.reg) && a.arg != u8::MAX {
        ins.cx.renames.borrow_mut().push((ins.idx as u32, a.arg, a.reg - REG_AX + REG_AL));
    }
}

/// Go's `bytereg`: a 16/32/64-bit register operand of a byte instruction names its low byte.
fn bytereg(a: &mut A) {
    if a.ty == Ty::Reg && (REG_AX..=REG_R15).contains(&a.reg) {
        a.reg = a.reg - REG_AX + REG_AL;
    }
}

/// Go's `unbytereg`: a byte register operand as its full register.
fn unbytereg(a: &mut A) {
    if a.ty == Ty::Reg && a.index == REG_NONE && (REG_AL..=REG_R15B).contains(&a.reg) {
        a.reg = a.reg - REG_AL + REG_AX;
    }
}

/// Go's `subreg`: register `from` renamed `to` wherever it is the register or index of `a`.
fn subreg(a: &mut A, from: u16, to: u16) {
    if a.reg == from {
        a.reg = to;
    }
    if a.index == from {
        a.index = to;
    }
}

/// Go's `byteswapreg`: a byte-addressable register (AX, BX, CX, DX) that `a` does not use;
/// BX when `a` is empty (MULB and the like use AX and DX).
fn byteswapreg(a: &A) -> u16 {
    let (mut ca, mut cb, mut cc, mut cd) = (true, true, true, true);
    if a.ty == Ty::None {
        (ca, cd) = (false, false);
    }
    if a.ty == Ty::Reg || (matches!(a.ty, Ty::Mem | Ty::Addr) && a.name == Name::None) {
        match a.reg {
            REG_NONE => (ca, cd) = (false, false),
            REG_AX | REG_AL | REG_AH => ca = false,
            // DL and BL are CL + 1 and + 2, CH and DH AH + 1 and + 2 (Go's numbering)
            REG_BX | REG_BH => cb = false,
            r if r == REG_CL + 2 => cb = false,
            REG_CX | REG_CL => cc = false,
            r if r == REG_AH + 1 => cc = false,
            REG_DX => cd = false,
            r if r == REG_CL + 1 || r == REG_AH + 2 => cd = false,
            _ => {}
        }
    }
    if matches!(a.ty, Ty::Mem | Ty::Addr) {
        match a.index {
            REG_AX => ca = false,
            REG_BX => cb = false,
            REG_CX => cc = false,
            REG_DX => cd = false,
            _ => {}
        }
    }
    // Go stops with "impossible byte register" when none is free; that needs an operand
    // using all four, which no single operand can
    if ca {
        REG_AX
    } else if cb {
        REG_BX
    } else if cc {
        REG_CX
    } else if cd {
        REG_DX
    } else {
        REG_BX
    }
}

fn isbadbyte(a: &A) -> bool {
    a.ty == Ty::Reg && ((REG_BP..=REG_DI).contains(&a.reg) || (REG_BPB..=REG_DIB).contains(&a.reg))
}

/// Go's `unaryDst`: one-operand instructions whose operand is the destination.
fn unary_dst(name: &str) -> bool {
    matches!(
        name,
        "BSWAPL"
            | "BSWAPQ"
            | "CLDEMOTE"
            | "CLFLUSH"
            | "CLFLUSHOPT"
            | "CLWB"
            | "CMPXCHG16B"
            | "CMPXCHG8B"
            | "DECB"
            | "DECL"
            | "DECQ"
            | "DECW"
            | "FBSTP"
            | "FFREE"
            | "FLDENV"
            | "FSAVE"
            | "FSTCW"
            | "FSTENV"
            | "FSTSW"
            | "FXSAVE64"
            | "FXSAVE"
            | "INCB"
            | "INCL"
            | "INCQ"
            | "INCW"
            | "NEGB"
            | "NEGL"
            | "NEGQ"
            | "NEGW"
            | "NOTB"
            | "NOTL"
            | "NOTQ"
            | "NOTW"
            | "POPL"
            | "POPQ"
            | "POPW"
            | "RDFSBASEL"
            | "RDFSBASEQ"
            | "RDGSBASEL"
            | "RDGSBASEQ"
            | "RDRANDL"
            | "RDRANDQ"
            | "RDRANDW"
            | "RDSEEDL"
            | "RDSEEDQ"
            | "RDSEEDW"
            | "SETCC"
            | "SETCS"
            | "SETEQ"
            | "SETGE"
            | "SETGT"
            | "SETHI"
            | "SETLE"
            | "SETLS"
            | "SETLT"
            | "SETMI"
            | "SETNE"
            | "SETOC"
            | "SETOS"
            | "SETPC"
            | "SETPL"
            | "SETPS"
            | "SGDT"
            | "SIDT"
            | "SLDTL"
            | "SLDTQ"
            | "SLDTW"
            | "SMSWL"
            | "SMSWQ"
            | "SMSWW"
            | "STMXCSR"
            | "STRL"
            | "STRQ"
            | "STRW"
            | "XSAVE64"
            | "XSAVE"
            | "XSAVEC64"
            | "XSAVEC"
            | "XSAVEOPT64"
            | "XSAVEOPT"
            | "XSAVES64"
            | "XSAVES"
    )
}

// ---- relocations of one instruction ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RelType {
    Addr,
    Call,
    CallInd,
    PcRel,
    TlsLe,
    /// `-shared` amd64: a PC-relative reference to the GOT slot holding g's offset from the
    /// thread pointer (Go's R_TLS_IE).
    TlsIe,
}

#[derive(Clone, Copy, Debug)]
struct Rel {
    /// Offset from the start of the instruction.
    off: u32,
    siz: u8,
    ty: RelType,
    sym: Option<SymId>,
    add: i64,
}

/// The legacy prefixes Go's `asmins` puts the REX prefix after.
static LEGACY_PREFIX: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = matches!(c, 0xf2 | 0xf3 | 0x64..=0x67 | 0x2e | 0x3e | 0x26);
        c += 1;
    }
    t
};

/// Size of [`AsmBuf::buf`].
const BUF: usize = 48;
/// Instructions up to this long are copied out with a fixed-size copy.
const COPY: usize = 32;

/// Go's `AsmBuf`: one instruction being assembled.
struct AsmBuf {
    /// Byte `k` of the instruction is `buf[k + 1]`: `buf[0]` leaves room for the REX prefix,
    /// which goes after the legacy prefixes once the instruction is complete.
    buf: [u8; BUF],
    off: usize,
    rexflag: u8,
    rels: [Option<Rel>; 2],
    /// VEX/EVEX-encoded: no REX prefix (Go's `vexflag`/`evexflag`).
    vex: bool,
    /// EVEX: the `disp8*N` multiplier of 8-bit displacements; 0 for legacy and VEX.
    disp8n: u8,
}

impl AsmBuf {
    fn new() -> AsmBuf {
        AsmBuf { buf: [0; BUF], off: 0, rexflag: 0, rels: [None; 2], vex: false, disp8n: 0 }
    }
    #[inline(always)]
    fn put1(&mut self, x: u8) {
        self.buf[self.off + 1] = x;
        self.off += 1;
    }
    fn put2(&mut self, x: u8, y: u8) {
        self.put1(x);
        self.put1(y);
    }
    fn put3(&mut self, x: u8, y: u8, z: u8) {
        self.put1(x);
        self.put1(y);
        self.put1(z);
    }
    fn put_bytes(&mut self, b: &[u8]) {
        self.buf[self.off + 1..self.off + 1 + b.len()].copy_from_slice(b);
        self.off += b.len();
    }
    fn put_i16(&mut self, v: i64) {
        self.put_bytes(&(v as i16).to_le_bytes());
    }
    fn put_i32(&mut self, v: i64) {
        self.put_bytes(&(v as i32).to_le_bytes());
    }
    fn put_i64(&mut self, v: i64) {
        self.put_bytes(&v.to_le_bytes());
    }
    /// Go's `PutOpBytesLit`: opcode bytes from `z` up to the next 0.
    fn put_lit(&mut self, o: &Optab, mut z: usize) {
        while o.byte(z) != 0 {
            self.put1(o.byte(z));
            z += 1;
        }
    }
    /// Go's `toDisp8`: `v` as an 8-bit displacement, compressed by the EVEX multiplier.
    #[inline(always)]
    fn disp8(&self, v: i32) -> Option<u8> {
        if self.disp8n == 0 {
            return (-128..128).contains(&v).then_some(v as u8);
        }
        let n = self.disp8n as i32;
        (v % n == 0 && (-128..128).contains(&(v / n))).then_some((v / n) as u8)
    }
    fn last(&self) -> Option<u8> {
        self.off.checked_sub(1).map(|i| self.buf[i + 1])
    }
    fn add_rel(&mut self, r: Rel) -> Res {
        match self.rels.iter_mut().find(|x| x.is_none()) {
            Some(slot) => {
                *slot = Some(r);
                Ok(())
            }
            None => Err(err(E_COMBO, "too many relocations in one instruction")),
        }
    }
    /// Go's `asmins`: the REX prefix (if `rex`) goes after the legacy prefixes; appends the
    /// instruction to `out`.
    #[inline(always)]
    fn finish(&mut self, rex: bool, out: &mut Vec<u8>) {
        let (start, len) = if rex {
            let n = self.off;
            let mut np = 0;
            while np < n {
                let c = self.buf[np + 1];
                if !LEGACY_PREFIX[c as usize] {
                    break;
                }
                // the prefixes move down a byte
                self.buf[np] = c;
                np += 1;
            }
            self.buf[np] = 0x40 | self.rexflag;
            (0, n + 1)
        } else {
            (1, self.off)
        };
        if len <= COPY {
            // a fixed-size copy, then drop the excess
            let end = out.len() + len;
            out.extend_from_slice(&self.buf[start..start + COPY]);
            out.truncate(end);
        } else {
            out.extend_from_slice(&self.buf[start..start + len]);
        }
    }
}

/// What a relocation needs from [`vaddr`]: Go's `obj.Reloc` before it is attached.
#[derive(Clone, Copy, Debug, Default)]
struct PendingRel {
    siz: u8,
    ty: Option<RelType>,
    sym: Option<SymId>,
    add: i64,
}

// ---- the instruction being encoded ----

struct Ins<'a> {
    cx: &'a EncodeCx<'a>,
    p: &'a Prog,
    idx: usize,
    /// See [`encode`].
    pcs: &'a [u32],
    pc: u32,
    /// [`OpInfo::flags`].
    flags: u16,
    amd64: bool,
    from: A,
    from3: Option<A>,
    to: A,
}

impl Ins<'_> {
    fn prog_name(&self) -> &'static str {
        ops::name(self.p.op)
    }

    /// The instruction written with operand shapes: `ADDQ $imm, X0`.
    fn shape(&self) -> String {
        let mut s = String::from(self.prog_name());
        for (i, o) in self.p.args.iter().enumerate() {
            s.push_str(if i == 0 { " " } else { ", " });
            s.push_str(&match &o.addr {
                Addr::Reg(r) => regs::name(*r).to_string(),
                Addr::Imm(_) => "$imm".into(),
                Addr::Mem(m) if matches!(m.name, Name::Extern | Name::Static) => "sym(SB)".into(),
                Addr::Mem(_) => "mem".into(),
                Addr::AddrOf(_) => "$addr".into(),
                Addr::Indir(_) => "*sym(SB)".into(),
                Addr::Branch(_) => "label".into(),
                Addr::Float(_) => "$float".into(),
                Addr::Str(_) => "$\"string\"".into(),
                Addr::RegList(_) => "[reglist]".into(),
                Addr::RegPair(..) => "(reg, reg)".into(),
                Addr::Shift(_) => "shifted register".into(),
                Addr::Element(..) => "vector element".into(),
                Addr::Special(_) => "special operand".into(),
                Addr::TextSize { .. } => "$frame-args".into(),
                Addr::None => "none".into(),
            });
        }
        s
    }

    fn kinds(&self) -> String {
        let v: Vec<&str> = self.p.args.iter().map(|o| kind(&o.addr)).collect();
        v.join(", ")
    }

    #[cold]
    #[inline(never)]
    fn unsupported(&self) -> Box<EncodeErr> {
        let mems = self.p.args.iter().filter(|o| matches!(o.addr, Addr::Mem(_))).count();
        if mems >= 2 {
            return err(E_COMBO, format!("{}: memory-to-memory is not encodable", self.prog_name()));
        }
        err(E_COMBO, format!("{}: unsupported operand combination ({})", self.shape(), self.kinds()))
    }

    #[cold]
    #[inline(never)]
    fn combo(&self, a: &A, why: impl std::fmt::Display) -> Box<EncodeErr> {
        Box::new(EncodeErr { code: E_COMBO, msg: format!("{}: {why}", self.shape()), operand: a.op_index() })
    }

    #[cold]
    #[inline(never)]
    fn mode_err(&self, why: impl std::fmt::Display) -> Box<EncodeErr> {
        err(E_MODE, format!("{}: {why}", self.prog_name()))
    }
}

fn kind(a: &Addr) -> &'static str {
    match a {
        Addr::None => "none",
        Addr::Reg(r) => match regs::class(*r) {
            Class::Gp8 | Class::Gp8High => "8-bit register",
            Class::Gp => "register",
            Class::X87 => "x87 register",
            Class::Mmx => "MMX register",
            Class::Mask => "mask register",
            Class::Xmm => "XMM register",
            Class::Ymm => "YMM register",
            Class::Zmm => "ZMM register",
            Class::Seg => "segment register",
            Class::Control => "control register",
            Class::Debug => "debug register",
            Class::Test => "test register",
            Class::Tls => "TLS",
            Class::Other => "special register",
        },
        Addr::Imm(_) => "immediate",
        Addr::Float(_) => "floating-point constant",
        Addr::Str(_) => "string constant",
        Addr::Mem(m) if matches!(m.name, Name::Extern | Name::Static) => "symbol",
        Addr::Mem(_) => "memory",
        Addr::AddrOf(_) => "address",
        Addr::Indir(_) => "indirect symbol",
        Addr::Branch(_) => "branch target",
        Addr::RegList(_) => "register list (an ARM form)",
        Addr::RegPair(..) => "register pair (an ARM/s390x form)",
        Addr::Shift(_) => "shifted register (an ARM form)",
        Addr::Element(..) => "vector element (an arm64 form)",
        Addr::Special(_) => "special operand (an arm64 form)",
        Addr::TextSize { .. } => "$frame-args",
    }
}

/// Go's `oclass`.
#[inline(always)]
fn oclass(ins: &Ins, a: &A) -> Y {
    let amd64 = ins.amd64;
    match a.ty {
        Ty::None => return Ynone,
        Ty::Branch => return Ybr,
        Ty::Bad => return Yxxx,
        Ty::Indir => {
            return if a.name != Name::None && a.reg == REG_NONE && a.index == REG_NONE && a.scale == 0 {
                Yindir
            } else {
                Yxxx
            };
        }
        Ty::Mem => {
            if a.index == REG_SP {
                return Yxxx;
            }
            // VSIB (vector index) is VEX/EVEX only
            if a.index != REG_NONE && !(REG_AX..=REG_R15).contains(&a.index) {
                if a.index == REG_TLS || (REG_CS..=REG_GS).contains(&a.index) || (REG_AL..=REG_BH).contains(&a.index) {
                    // handled (or rejected) by asmandsz
                } else {
                    return Yxxx;
                }
            }
            if amd64 {
                match a.name {
                    Name::Extern | Name::Static => {
                        if a.reg != REG_NONE || a.index != REG_NONE || a.scale != 0 {
                            return Yxxx;
                        }
                    }
                    Name::Auto | Name::Param => {
                        if a.reg != REG_SP && a.reg != REG_NONE {
                            return Yxxx;
                        }
                    }
                    Name::None => {}
                }
            }
            return Ym;
        }
        Ty::Addr => {
            return match a.name {
                Name::Extern | Name::Static => {
                    if use_abs(ins) {
                        Yi32
                    } else {
                        Yiauto
                    }
                }
                Name::Auto | Name::Param => Yiauto,
                // `$off(R)`: Go classifies the offset as a constant and drops the register
                Name::None => Yxxx,
            };
        }
        Ty::Const => {
            let mut v = a.offset;
            if !amd64 {
                v = v as i32 as i64;
            }
            return match v {
                0 => Yi0,
                1 => Yi1,
                2..=3 => Yu2,
                4..=127 => Yu7,
                128..=255 => Yu8,
                -128..=-1 => Yi8,
                _ if !amd64 => Yi32,
                _ if v as i32 as i64 == v => Ys32,
                _ if v >> 32 == 0 => Yi32,
                _ => Yi64,
            };
        }
        Ty::Reg => {}
    }
    oclass_reg(a.reg, amd64)
}

/// [`oclass_reg_of`] of every register number, on 386 (`[0]`) and amd64 (`[1]`).
static OCLASS_REG: [[Y; NREGS]; 2] = {
    let mut t = [[Yxxx; NREGS]; 2];
    let mut r = 0;
    while r < NREGS {
        t[0][r] = oclass_reg_of(r as u16, false);
        t[1][r] = oclass_reg_of(r as u16, true);
        r += 1;
    }
    t
};

/// Go's `oclass` of a register operand.
#[inline(always)]
fn oclass_reg(r: u16, amd64: bool) -> Y {
    match OCLASS_REG[amd64 as usize].get(r as usize) {
        Some(&y) => y,
        None => Yxxx,
    }
}

/// Go's `oclass` of a register operand, computed.
const fn oclass_reg_of(r: u16, amd64: bool) -> Y {
    match r {
        REG_AL => Yal,
        REG_AX => Yax,
        // SPB is missing from Go's oclass: it is not encodable
        REG_BPB..=REG_R15B => {
            if !amd64 {
                Yxxx
            } else {
                Yrb
            }
        }
        3 | 4 | REG_AH..=REG_BH => Yrb, // DL, BL, AH..BH
        REG_CL => Ycl,
        REG_CX => Ycx,
        REG_DX | REG_BX => Yrx,
        REG_R8..=REG_R15 => {
            if !amd64 {
                Yxxx
            } else {
                Yrl
            }
        }
        REG_SP..=REG_DI => {
            if !amd64 {
                Yrl32
            } else {
                Yrl
            }
        }
        _ if r == REG_F0 => Yf0,
        _ if in_range(r, REG_F0 + 1, 7) => Yrf,
        _ if in_range(r, REG_M0, 8) => Ymr,
        _ if r == REG_X0 => Yxr0,
        _ if in_range(r, REG_X0 + 1, 15) => Yxr,
        _ if in_range(r, REG_X0 + 16, 16) => YxrEvex,
        _ if in_range(r, REG_Y0, 16) => Yyr,
        _ if in_range(r, REG_Y0 + 16, 16) => YyrEvex,
        _ if in_range(r, REG_Z0, 8) => Yzr,
        _ if in_range(r, REG_Z0 + 8, 24) => {
            if !amd64 {
                Yxxx
            } else {
                Yzr
            }
        }
        _ if r == REG_K0 => Yk0,
        _ if in_range(r, REG_K0 + 1, 7) => Yknot0,
        REG_CS => Ycs,
        REG_SS => Yss,
        REG_DS => Yds,
        REG_ES => Yes,
        REG_FS => Yfs,
        REG_GS => Ygs,
        REG_TLS => Ytls,
        _ if in_range(r, REG_GDTR, 5) => [Ygdtr, Yidtr, Yldtr, Ymsw, Ytask][(r - REG_GDTR) as usize],
        _ if in_range(r, REG_CR, 9) => [Ycr0, Ycr1, Ycr2, Ycr3, Ycr4, Ycr5, Ycr6, Ycr7, Ycr8][(r - REG_CR) as usize],
        _ if in_range(r, REG_DR, 8) => [Ydr0, Ydr1, Ydr2, Ydr3, Ydr4, Ydr5, Ydr6, Ydr7][(r - REG_DR) as usize],
        _ if in_range(r, REG_TR, 8) => [Ytr0, Ytr1, Ytr2, Ytr3, Ytr4, Ytr5, Ytr6, Ytr7][(r - REG_TR) as usize],
        _ => Yxxx,
    }
}

/// The line of `o`'s operand table Go's `doasm` picks for operand classes `args[..n]`, and the
/// offset of its opcode bytes (`z`): the first line that matches, except that on amd64 a
/// matching first line of a PX1 row is skipped. `None`: no line matches.
#[inline(always)]
fn select_line(op: Op, o: &Optab, args: &[Y; 3], n: usize, amd64: bool) -> Option<(usize, usize)> {
    // the answer depends on nothing else, so it is remembered (in a small table per thread)
    let key = op.0 as u64
        | (args[0] as u64) << 16
        | (args[1] as u64) << 24
        | (args[2] as u64) << 32
        | (n as u64) << 40
        | (amd64 as u64) << 42
        | 1 << 43;
    let slot = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - LINE_CACHE_BITS)) as usize;
    let hit = LINE_CACHE.with(|c| c[slot].get());
    if hit & LINE_KEY_MASK == key {
        let line = (hit >> 48) as u8;
        return (line != u8::MAX).then_some((line as usize, (hit >> 56) as usize));
    }
    let found = scan_lines(o, args, n, amd64);
    if let Some((line, z)) = found
        && (line >= u8::MAX as usize || z > u8::MAX as usize)
    {
        // too big to remember (no such table exists)
        return found;
    }
    let (line, z) = found.map_or((u8::MAX as u64, 0), |(l, z)| (l as u64, z as u64));
    LINE_CACHE.with(|c| c[slot].set(key | line << 48 | z << 56));
    found
}

const LINE_CACHE_BITS: u32 = 10;
/// The key bits of a [`LINE_CACHE`] entry (the line is in bits 48..56, `z` in 56..64).
const LINE_KEY_MASK: u64 = (1 << 48) - 1;

thread_local! {
    /// [`select_line`]'s answers: key (with bit 43 set) and answer, 0 for none.
    static LINE_CACHE: [Cell<u64>; 1 << LINE_CACHE_BITS] = const { [const { Cell::new(0) }; 1 << LINE_CACHE_BITS] };
}

/// [`select_line`], computed.
fn scan_lines(o: &Optab, args: &[Y; 3], n: usize, amd64: bool) -> Option<(usize, usize)> {
    let xo = usize::from(o.byte(0) == 0x0f);
    let mut z = 0usize;
    let m = optab::Matcher::new(args, n);
    for (line, yt) in o.ytab.iter().enumerate() {
        if m.matches(yt) && !(o.prefix == optab::PX1 && amd64 && z == 0) {
            return Some((line, z));
        }
        z += yt.zoffset as usize + xo;
    }
    None
}

/// Go's `useAbs`: on 386 (not -shared), symbol references are absolute.
fn use_abs(ins: &Ins) -> bool {
    !ins.amd64
}

/// Go's `prefixof`: a segment override for the operand.
fn prefixof(ins: &Ins, a: &A) -> u8 {
    if a.reg < REG_CS && a.index < REG_CS {
        return 0;
    }
    if a.ty == Ty::Mem && a.name == Name::None {
        match a.reg {
            REG_CS => return 0x2e,
            REG_DS => return 0x3e,
            REG_ES => return 0x26,
            REG_FS => return 0x64,
            REG_GS => return 0x65,
            REG_TLS => return if ins.amd64 { 0x64 } else { 0x65 },
            _ => {}
        }
    }
    if !ins.amd64 {
        return 0;
    }
    match a.index {
        // -shared: off(R)(TLS*2) is %fs:off(R), R holding g's offset from the thread pointer
        REG_TLS if ins.cx.shared => 0x64,
        REG_CS => 0x2e,
        REG_DS => 0x3e,
        REG_ES => 0x26,
        REG_FS => 0x64,
        REG_GS => 0x65,
        _ => 0,
    }
}

/// The encoder state for one instruction: Go's `AsmBuf` methods that need the Prog.
struct Enc<'a, 'b> {
    ins: &'b Ins<'a>,
    ab: AsmBuf,
    /// The encoding depends on the layout (pcs or LONG marks), not only on the Prog.
    layout_dependent: bool,
    /// Encoding the renamed copy of the 386 byte-register retry ([`Enc::doasm_386`]).
    in_copy: bool,
}

impl Enc<'_, '_> {
    /// Go's `vaddr`: the value of an immediate or address, recording a relocation for symbols.
    fn vaddr(&self, a: &A, rel: Option<&mut PendingRel>) -> Res<i64> {
        if matches!(a.name, Name::Extern | Name::Static) && matches!(a.ty, Ty::Mem | Ty::Addr) {
            let Some(r) = rel else {
                return Err(self.ins.combo(a, "a symbol address cannot be used here"));
            };
            *r = PendingRel {
                siz: 4,
                ty: Some(if use_abs(self.ins) { RelType::Addr } else { RelType::PcRel }),
                sym: a.sym,
                add: a.offset,
            };
            return Ok(0);
        }
        if matches!(a.ty, Ty::Mem | Ty::Addr) && a.reg == REG_TLS {
            let Some(r) = rel else {
                return Err(self.ins.combo(a, "TLS cannot be used here"));
            };
            // Go writes no relocation here with -shared (an access to %fs:off, not to g):
            // only the load MOVQ off(TLS), R has a shared-library form
            if self.ins.amd64 && self.ins.cx.shared {
                return Err(self.ins.combo(
                    a,
                    "with -shared, off(TLS) can only be loaded (MOVQ off(TLS), R); reach g through a register: \
                     MOVQ TLS, R then off(R)(TLS*1), as Go's get_tls and g(R) do",
                ));
            }
            *r = PendingRel { siz: 4, ty: Some(RelType::TlsLe), sym: None, add: a.offset };
            return Ok(0);
        }
        Ok(a.offset)
    }

    fn attach(&mut self, r: PendingRel) -> Res {
        if let Some(ty) = r.ty {
            let off = self.ab.off as u32;
            self.ab.add_rel(Rel { off, siz: r.siz, ty, sym: r.sym, add: r.add })?;
        }
        Ok(())
    }

    /// An 8-bit immediate field (`byte(v)` in Go, which truncates silently).
    fn imm8(&mut self, a: &A) -> Res {
        let v = self.vaddr(a, None)?;
        self.range(a, v, -128, 255, "an 8-bit")?;
        self.ab.put1(v as u8);
        Ok(())
    }

    /// A 16-bit immediate field.
    fn imm16(&mut self, a: &A) -> Res {
        let v = self.vaddr(a, None)?;
        self.range(a, v, -32768, 65535, "a 16-bit")?;
        self.ab.put_i16(v);
        Ok(())
    }

    /// Go's `relput4`: a 32-bit immediate (or absolute address on 386).
    fn relput4(&mut self, a: &A) -> Res {
        let mut rel = PendingRel::default();
        let v = self.vaddr(a, Some(&mut rel))?;
        if rel.ty.is_none() {
            // Go's classes keep values in int32 or uint32; a 64-bit operation sign-extends the
            // field, so an unsigned value above 2^31-1 would silently become negative.
            if self.ab.rexflag & RXW != 0 || self.ins.flags & flag::PUSHQ != 0 {
                self.range(a, v, i32::MIN as i64, i32::MAX as i64, "a sign-extended 32-bit")?;
            } else {
                self.range(a, v, i32::MIN as i64, u32::MAX as i64, "a 32-bit")?;
            }
        }
        if rel.siz != 0 && rel.siz != 4 {
            return Err(self.ins.combo(a, "bad relocation"));
        }
        self.attach(rel)?;
        self.ab.put_i32(v);
        Ok(())
    }

    #[inline(always)]
    fn range(&self, a: &A, v: i64, lo: i64, hi: i64, what: &str) -> Res {
        if v < lo || v > hi {
            return Err(self.range_err(a, v, lo, hi, what));
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn range_err(&self, a: &A, v: i64, lo: i64, hi: i64, what: &str) -> Box<EncodeErr> {
        Box::new(EncodeErr {
            code: E_RANGE,
            msg: format!("{}: immediate {v} does not fit {what} field (allowed {lo}..{hi})", self.ins.shape()),
            operand: a.op_index(),
        })
    }

    /// Go's `asmidx`: the SIB byte.
    fn asmidx(&mut self, a: &A, scale: u8, index: u16, base: u16) -> Res {
        let amd64 = self.ins.amd64;
        let bad = || self.ins.combo(a, "bad address (index/base register)");
        let mut i: u8;
        if index == REG_NONE {
            i = 4 << 3;
        } else {
            match index {
                REG_R8..=REG_R15 if amd64 => {}
                REG_AX | REG_CX | REG_DX | REG_BX | REG_BP | REG_SI | REG_DI => {}
                // VSIB: a vector index (only VEX/EVEX forms classify such an operand)
                _ if in_range(index, REG_X0, 8) || in_range(index, REG_Y0, 8) || in_range(index, REG_Z0, 8) => {}
                _ if amd64
                    && (in_range(index, REG_X0 + 8, 24)
                        || in_range(index, REG_Y0 + 8, 24)
                        || in_range(index, REG_Z0 + 8, 24)) => {}
                _ => return Err(bad()),
            }
            i = reg_low(index).unwrap_or(0) << 3;
            i |= match scale {
                1 => 0,
                2 => 1 << 6,
                4 => 2 << 6,
                8 => 3 << 6,
                _ => return Err(bad()),
            };
        }
        match base {
            REG_NONE => i |= 5,
            REG_R8..=REG_R15 if amd64 => i |= reg_low(base).unwrap_or(0),
            REG_AX..=REG_DI => i |= reg_low(base).unwrap_or(0),
            _ => return Err(bad()),
        }
        self.ab.put1(i);
        Ok(())
    }

    /// Go's `asmandsz`: ModRM (+SIB, displacement) for operand `a` with reg field `r`.
    #[inline(always)]
    fn asmandsz(&mut self, a: &A, r: u8, rex: u8) -> Res {
        // a register (its offset is 0): the common case, done here; anything else (and any
        // error) by asmandsz_mem
        if a.ty == Ty::Reg
            && a.offset == 0
            && (REG_AL..=REG_Z31).contains(&a.reg)
            && let Some(low) = reg_low(a.reg)
        {
            self.ab.put1(3 << 6 | low | r << 3);
            self.ab.rexflag |= regrex(a.reg) & (0x40 | RXB) | rex & (0x40 | RXR);
            return Ok(());
        }
        self.asmandsz_mem(a, r, rex)
    }

    /// [`Enc::asmandsz`] in full.
    #[inline(never)]
    fn asmandsz_mem(&mut self, a: &A, r: u8, rex: u8) -> Res {
        let ins = self.ins;
        let amd64 = ins.amd64;
        let rex = rex & (0x40 | RXR);
        if a.offset != a.offset as i32 as i64 {
            let overflow_ok = (amd64 && ins.flags & flag::LEAL != 0)
                || (!amd64 && a.offset as u32 as i64 == a.offset && self.ab.rexflag & RXW == 0);
            if !overflow_ok {
                return Err(Box::new(EncodeErr {
                    code: E_RANGE,
                    msg: format!(
                        "{}: offset {} too large: displacements are signed 32-bit ({}..{})",
                        ins.shape(),
                        a.offset,
                        i32::MIN,
                        i32::MAX
                    ),
                    operand: a.op_index(),
                }));
            }
        }
        let mut v = a.offset as i32;
        let mut rel = PendingRel::default();
        let bad = |e: &Enc| -> Box<EncodeErr> { e.ins.combo(a, "bad address") };

        match a.ty {
            Ty::Reg => {
                if !(REG_AL..=REG_Z31).contains(&a.reg) {
                    return Err(bad(self));
                }
                let Some(low) = reg_low(a.reg) else {
                    return Err(bad(self));
                };
                self.ab.put1(3 << 6 | low | r << 3);
                self.ab.rexflag |= regrex(a.reg) & (0x40 | RXB) | rex;
                return Ok(());
            }
            Ty::Mem => {}
            _ => return Err(bad(self)),
        }

        if a.index != REG_NONE && a.index != REG_TLS {
            let mut base = a.reg;
            match a.name {
                Name::Extern | Name::Static => {
                    if !use_abs(ins) && amd64 {
                        return Err(bad(self));
                    }
                    base = REG_NONE;
                    v = self.vaddr(a, Some(&mut rel))? as i32;
                }
                Name::Auto | Name::Param => base = REG_SP,
                Name::None => {}
            }
            self.ab.rexflag |= regrex(a.index) & RXX | regrex(base) & RXB | rex;
            if base == REG_NONE {
                self.ab.put1(4 | r << 3);
                self.asmidx(a, a.scale, a.index, base)?;
                return self.putrelv(rel, v);
            }
            if v == 0 && rel.siz == 0 && base != REG_BP && base != REG_R13 {
                self.ab.put1(4 | r << 3);
                return self.asmidx(a, a.scale, a.index, base);
            }
            if rel.siz == 0
                && let Some(d) = self.ab.disp8(v)
            {
                self.ab.put1(1 << 6 | 4 | r << 3);
                self.asmidx(a, a.scale, a.index, base)?;
                self.ab.put1(d);
                return Ok(());
            }
            self.ab.put1(2 << 6 | 4 | r << 3);
            self.asmidx(a, a.scale, a.index, base)?;
            return self.putrelv(rel, v);
        }

        let mut base = a.reg;
        match a.name {
            Name::Extern | Name::Static => {
                if a.sym.is_none() {
                    return Err(bad(self));
                }
                base = REG_NONE;
                v = self.vaddr(a, Some(&mut rel))? as i32;
            }
            Name::Auto | Name::Param => base = REG_SP,
            Name::None => {}
        }
        if base == REG_TLS {
            v = self.vaddr(a, Some(&mut rel))? as i32;
        }
        self.ab.rexflag |= regrex(base) & RXB | rex;
        if base == REG_NONE || (REG_CS..=REG_GS).contains(&base) || base == REG_TLS {
            if (base == REG_NONE && matches!(a.name, Name::Extern | Name::Static) && (a.sym.is_none() || !use_abs(ins)))
                || !amd64
            {
                self.ab.put1(5 | r << 3);
                return self.putrelv(rel, v);
            }
            // absolute: SIB with no base and no index
            self.ab.put2(4 | r << 3, 4 << 3 | 5);
            return self.putrelv(rel, v);
        }
        if base == REG_SP || base == REG_R12 {
            let low = reg_low(base).unwrap_or(0);
            if v == 0 {
                self.ab.put1(low | r << 3);
                return self.asmidx(a, a.scale, REG_NONE, base);
            }
            if let Some(d) = self.ab.disp8(v) {
                self.ab.put1(1 << 6 | low | r << 3);
                self.asmidx(a, a.scale, REG_NONE, base)?;
                self.ab.put1(d);
                return Ok(());
            }
            self.ab.put1(2 << 6 | low | r << 3);
            self.asmidx(a, a.scale, REG_NONE, base)?;
            return self.putrelv(rel, v);
        }
        if (REG_AX..=REG_R15).contains(&base) {
            // (-shared amd64: %fs:off(R), R holding g's offset from the GOT; no relocation)
            if a.index == REG_TLS && !(amd64 && self.ins.cx.shared) {
                rel = PendingRel { siz: 4, ty: Some(RelType::TlsLe), sym: None, add: v as i64 };
                v = 0;
            }
            let low = reg_low(base).unwrap_or(0);
            if v == 0 && rel.siz == 0 && base != REG_BP && base != REG_R13 {
                self.ab.put1(low | r << 3);
                return Ok(());
            }
            if rel.siz == 0
                && let Some(d) = self.ab.disp8(v)
            {
                self.ab.put2(1 << 6 | low | r << 3, d);
                return Ok(());
            }
            self.ab.put1(2 << 6 | low | r << 3);
            return self.putrelv(rel, v);
        }
        Err(bad(self))
    }

    fn putrelv(&mut self, rel: PendingRel, v: i32) -> Res {
        if rel.siz != 0 && rel.siz != 4 {
            return Err(err(E_COMBO, "bad relocation size"));
        }
        self.attach(rel)?;
        self.ab.put_i32(v as i64);
        Ok(())
    }

    /// Go's `asmand`: the reg field is register operand `ra`.
    fn asmand(&mut self, a: &A, ra: &A) -> Res {
        let Some(r) = reg_low(ra.reg).filter(|_| ra.ty == Ty::Reg) else {
            return Err(self.ins.combo(ra, "expected a register"));
        };
        self.asmandsz(a, r, regrex(ra.reg))
    }

    /// Go's `asmando`: the reg field is an opcode extension.
    fn asmando(&mut self, a: &A, o: u8) -> Res {
        self.asmandsz(a, o, 0)
    }

    /// Go's `mediaop`: SSE/MMX escapes.
    fn mediaop(&mut self, o: &Optab, mut op: u8, osize: u8, mut z: usize) -> usize {
        let is_prefix = matches!(op, 0x0f | 0x66 | 0xf2 | 0xf3);
        if is_prefix && osize != 1 {
            if op != PM {
                self.ab.put1(op);
            }
            self.ab.put1(PM);
            z += 1;
            op = o.byte(z);
        } else if self.ab.last() != Some(PM) {
            self.ab.put1(PM);
        }
        self.ab.put1(op);
        z
    }

    fn reg_of(&self, a: &A) -> Res<u8> {
        if a.ty != Ty::Reg {
            return Err(self.ins.combo(a, "expected a register"));
        }
        reg_low(a.reg).ok_or_else(|| self.ins.combo(a, "expected a register"))
    }

    /// Zbr/Zjmp/Zloop: a branch to a Prog of this function.
    fn branch(&mut self, o: &Optab, z: usize, zcase: Z) -> Res {
        let ins = self.ins;
        let op = o.byte(z);
        let to = ins.to;
        let xbegin = ins.flags & flag::XBEGIN != 0;
        let jcxzl = ins.flags & flag::JCXZL != 0;
        if xbegin {
            self.ab.put1(op);
        }
        if to.target == u32::MAX {
            // a symbol: only JMP (and CALL, handled by Zcall) can leave the function
            if to.sym.is_none() {
                return Err(ins.combo(&to, "branch target not resolved"));
            }
            if zcase != Zjmp || xbegin {
                return Err(
                    ins.combo(&to, "a conditional branch cannot target a symbol; branch to a local JMP sym(SB)")
                );
            }
            if to.offset != 0 {
                return Err(
                    ins.combo(&to, "Go 1.19 silently drops the offset of JMP sym+off(SB); jump to the symbol itself")
                );
            }
            self.ab.put1(o.byte(z + 1));
            self.ab.add_rel(Rel { off: self.ab.off as u32, siz: 4, ty: RelType::Call, sym: to.sym, add: 0 })?;
            self.ab.put_i32(0);
            return Ok(());
        }
        if to.target as usize >= ins.cx.progs.len() {
            return Err(ins.combo(&to, "branch target out of range"));
        }
        self.layout_dependent = true;
        let t = ins.cx.span.threaded[ins.idx] as usize;
        let tpc = ins.pcs[t];
        let tpc = tpc as i64;
        let pc = ins.pc as i64;
        if t <= ins.idx {
            // backward: Go's branchBackwards
            let mut v = tpc - (pc + 2);
            if v >= -128 && !xbegin {
                if jcxzl {
                    return Err(ins.combo(
                        &to,
                        "backward JCXZL: Go 1.19 encodes the displacement one byte short; use JCXZQ or a forward target",
                    ));
                }
                self.ab.put2(op, v as u8);
            } else if zcase == Zloop {
                return Err(ins.combo(
                    &to,
                    format!("loop target too far: {} bytes (a {} reaches -128..127)", v, ins.prog_name()),
                ));
            } else {
                v -= 5 - 2;
                if xbegin {
                    v -= 1;
                }
                if zcase == Zbr {
                    self.ab.put1(0x0f);
                    v -= 1;
                }
                self.ab.put1(o.byte(z + 1));
                self.ab.put_i32(v);
            }
            return Ok(());
        }
        // forward: short until the span loop marks it LONG
        if !forward_is_long(ins.cx, ins.pcs, ins.idx, t) && !xbegin {
            if jcxzl {
                self.ab.put1(0x67);
            }
            let end = pc + self.ab.off as i64 + 2;
            self.ab.put2(op, (tpc - end) as u8);
        } else if zcase == Zloop {
            return Err(ins.combo(
                &to,
                format!(
                    "loop target too far: {} (and later) bytes ahead (a {} reaches -128..127)",
                    tpc - (pc + 2),
                    ins.prog_name()
                ),
            ));
        } else {
            if zcase == Zbr {
                self.ab.put1(0x0f);
            }
            self.ab.put1(o.byte(z + 1));
            let end = pc + self.ab.off as i64 + 4;
            self.ab.put_i32(tpc - end);
        }
        Ok(())
    }

    /// Go's `doasm`.
    fn doasm(&mut self, o: &Optab) -> Res {
        let ins = self.ins;
        if !ins.amd64 {
            return self.doasm_386(o, &ins.from, &ins.to, 0);
        }
        let (from, to) = (&ins.from, &ins.to);
        if from.reg.max(from.index).max(to.reg).max(to.index) >= REG_CS {
            for a in [from, to] {
                let pre = prefixof(ins, a);
                if pre != 0 {
                    self.ab.put1(pre);
                }
            }
        }

        // Go rewrites a byte instruction's wide registers to byte registers in place while
        // encoding it (bytereg), so from the second span pass on the Prog is classified with the
        // byte register (which can pick the short AL form). The second pass happens exactly when
        // some forward branch of the function had to become long.
        let wide = |a: &A| a.ty == Ty::Reg && (REG_AX..=REG_R15).contains(&a.reg);
        if o.prefix == PB && ins.amd64 && (wide(from) || wide(to)) {
            self.layout_dependent = true;
            if ins.cx.span.reran(ins.pcs) {
                let (mut from, mut to) = (*from, *to);
                bytereg(&mut from);
                bytereg(&mut to);
                return self.doasm_ops(o, &from, &to);
            }
        }
        self.doasm_ops(o, from, to)
    }

    /// Go's `doasm` in 32-bit mode, where it ends (`bad:`) by retrying a byte instruction whose
    /// operand is BP, SI or DI (which have no byte form without REX) with that register
    /// exchanged for one that has (XCHGL around the renamed instruction), renaming byte
    /// operands to their full registers as Go's `unbytereg` does. Go recurses through `doasm`
    /// for the renamed instruction; so does this, at most once per operand.
    fn doasm_386(&mut self, o: &Optab, from: &A, to: &A, depth: u8) -> Res {
        let ins = self.ins;
        // linux/386 has no direct TLS references (Go's prefixof stops: "unknown TLS base
        // register"); only MOVL off(TLS), R is rewritten into the two-instruction form
        if let Some(a) = [from, to].into_iter().chain(ins.from3.as_ref()).find(|a| a.ty == Ty::Mem && a.reg == REG_TLS)
        {
            return Err(ins.combo(
                a,
                "386 reaches TLS only through MOVL off(TLS), R (linux/386 has no direct off(TLS) operands); load g with get_tls(R) and MOVL g(R), R2",
            ));
        }
        if from.reg.max(from.index).max(to.reg).max(to.index) >= REG_CS {
            for a in [from, to] {
                let pre = prefixof(ins, a);
                if pre != 0 {
                    self.ab.put1(pre);
                }
            }
        }
        let (off, rels) = (self.ab.off, self.ab.rels);
        let first = match self.doasm_ops(o, from, to) {
            Ok(()) => return Ok(()),
            Err(e) => e,
        };
        // Go's bad: the failed attempt's bytes are dropped
        self.ab.off = off;
        self.ab.rels = rels;
        if depth >= 2 {
            return Err(first);
        }
        let (mut pf, mut pt) = (*from, *to);
        unbytereg(&mut pf);
        unbytereg(&mut pt);
        let bad = |a: &A| a.ty == Ty::Reg && (REG_BP..=REG_DI).contains(&a.reg);
        let (z, other, operand) = if bad(from) {
            (from.reg, to, from)
        } else if bad(to) {
            (to.reg, from, to)
        } else {
            return Err(first);
        };
        let breg = byteswapreg(other);
        subreg(&mut pf, z, breg);
        subreg(&mut pt, z, breg);
        let xchg = |e: &mut Self| -> Res {
            if breg == REG_AX {
                e.ab.put1(0x90 + reg_low(z).unwrap_or(0));
                Ok(())
            } else {
                e.ab.put1(0x87);
                e.asmando(operand, reg_low(breg).unwrap_or(0))
            }
        };
        xchg(self)?;
        let outer = std::mem::replace(&mut self.in_copy, true);
        let r = self.doasm_386(o, &pf, &pt, depth + 1);
        self.in_copy = outer;
        r.map_err(|_| first)?;
        xchg(self)
    }

    /// [`Enc::doasm`] with the operands Go classifies.
    fn doasm_ops(&mut self, o: &Optab, from: &A, to: &A) -> Res {
        let ins = self.ins;
        let amd64 = ins.amd64;
        let from3 = ins.from3.as_ref();

        let ft = oclass(ins, from);
        let tt = oclass(ins, to);
        let f3t = from3.map(|a| oclass(ins, a));
        if ft == Yxxx {
            return Err(self.class_error(from));
        }
        if tt == Yxxx {
            return Err(self.class_error(to));
        }
        if let (Some(a), Some(Yxxx)) = (from3, f3t) {
            return Err(self.class_error(a));
        }
        let mut args = [Ynone; 3];
        let mut n = 0;
        if ft != Ynone {
            args[n] = ft;
            n += 1;
        }
        if let Some(y) = f3t {
            args[n] = y;
            n += 1;
        }
        if tt != Ynone {
            args[n] = tt;
            n += 1;
        }

        if let Some((line, z)) = select_line(ins.p.op, o, &args, n, amd64) {
            let yt = &o.ytab[line];
            match o.prefix {
                optab::PQ => self.ab.put2(PE, PM),
                optab::PQ3 => {
                    self.ab.rexflag |= REX_W;
                    self.ab.put2(PE, PM);
                }
                optab::PQ4 => self.ab.put3(0x66, 0x0f, 0x38),
                optab::PQ4W => {
                    self.ab.rexflag |= REX_W;
                    self.ab.put3(0x66, 0x0f, 0x38);
                }
                optab::PQ5 => self.ab.put3(0xf3, 0x0f, 0x38),
                optab::PQ5W => {
                    self.ab.rexflag |= REX_W;
                    self.ab.put3(0xf3, 0x0f, 0x38);
                }
                optab::PF2 | optab::PF3 => self.ab.put2(o.prefix, PM),
                optab::PEF3 => self.ab.put3(PE, optab::PF3, PM),
                optab::PFW => {
                    self.ab.rexflag |= REX_W;
                    self.ab.put2(optab::PF3, PM);
                }
                PM => self.ab.put1(PM),
                PE => self.ab.put1(PE),
                optab::PW => {
                    if !amd64 {
                        return Err(ins.mode_err("64-bit operations are amd64-only"));
                    }
                    self.ab.rexflag |= REX_W;
                }
                optab::PW8 if z >= 8 => {
                    if !amd64 {
                        return Err(ins.mode_err("64-bit operations are amd64-only"));
                    }
                    self.ab.rexflag |= REX_W;
                }
                PB => {
                    if !amd64 && (isbadbyte(from) || isbadbyte(to)) {
                        return Err(ins.combo(
                            if isbadbyte(from) { from } else { to },
                            "BP, SP, SI and DI have no byte form on 386",
                        ));
                    }
                    if amd64 {
                        note_bytereg(ins, from);
                        note_bytereg(ins, to);
                        let (mut from, mut to) = (*from, *to);
                        bytereg(&mut from);
                        bytereg(&mut to);
                        return self.opcode(o, yt, z, &from, &to);
                    }
                }
                optab::P32 if amd64 => {
                    return Err(ins.mode_err("not encodable in 64-bit mode (386 only)"));
                }
                optab::PY if !amd64 => return Err(ins.mode_err("amd64-only instruction")),
                optab::PY1 if z < 1 && !amd64 => return Err(ins.mode_err("this form is amd64-only")),
                optab::PY3 if z < 3 && !amd64 => return Err(ins.mode_err("this form is amd64-only")),
                _ => {}
            }
            return self.opcode(o, yt, z, from, to);
        }
        self.movtab(o, &args[..n], ft, f3t.unwrap_or(Ynone), tt, from, to)
    }

    /// The opcode of table line `yt` (its bytes start at `o.op[z]`) and what its rule adds.
    fn opcode(&mut self, o: &Optab, yt: &optab::Ytab, mut z: usize, from: &A, to: &A) -> Res {
        let mut op = o.byte(z);
        if op == 0x0f {
            self.ab.put1(op);
            z += 1;
            op = o.byte(z);
        }
        self.zcase(o, yt, z, op, from, self.ins.from3.as_ref(), to)
    }

    /// Go's ymovtab: segment/control/debug registers, double shifts.
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn movtab(&mut self, o: &Optab, args: &[Y], ft: Y, f3t: Y, tt: Y, from: &A, to: &A) -> Res {
        let ins = self.ins;
        let amd64 = ins.amd64;
        let from3 = ins.from3;
        let tables = ins.cx.tables;
        for mo in tables.movtab_rows(tables.info(ins.p.op)) {
            if !(covers(ft, mo.ft) && covers(f3t, mo.f3t) && covers(tt, mo.tt)) {
                continue;
            }
            let t = mo.op;
            match mo.code {
                Mov::Lit => {
                    if amd64 && is_legacy_segment_push_pop(ins.flags, ft, tt) {
                        return Err(
                            ins.mode_err("pushing or popping this segment register is not encodable in 64-bit mode")
                        );
                    }
                    for &b in t.iter().take_while(|&&b| b != 0) {
                        self.ab.put1(b);
                    }
                }
                Mov::RegMem => {
                    self.ab.put1(t[0]);
                    self.asmando(to, t[1])?;
                }
                Mov::MemReg => {
                    self.ab.put1(t[0]);
                    self.asmando(from, t[1])?;
                }
                Mov::RegMem2op => {
                    if amd64 && (Ytr0..=Ytr7).contains(&ft) {
                        return Err(ins.mode_err("test registers do not exist in 64-bit mode"));
                    }
                    self.ab.put2(t[0], t[1]);
                    self.asmando(to, t[2])?;
                    self.ab.rexflag |= regrex(from.reg) & (RXR | 0x40);
                }
                Mov::MemReg2op => {
                    if amd64 && (Ytr0..=Ytr7).contains(&tt) {
                        return Err(ins.mode_err("test registers do not exist in 64-bit mode"));
                    }
                    self.ab.put2(t[0], t[1]);
                    self.asmando(from, t[2])?;
                    self.ab.rexflag |= regrex(to.reg) & (RXR | 0x40);
                }
                Mov::DoubleShift => {
                    let mut t = &t[..];
                    if t[0] == REX_W {
                        if !amd64 {
                            return Err(ins.mode_err("64-bit operations are amd64-only"));
                        }
                        self.ab.rexflag |= REX_W;
                        t = &t[1..];
                    } else if t[0] == PE {
                        self.ab.put1(PE);
                        t = &t[1..];
                    }
                    let src = from3.unwrap_or(NONE);
                    let sr = self.reg_of(&src)?;
                    match from.ty {
                        Ty::Const => {
                            self.ab.put2(0x0f, t[0]);
                            self.asmandsz(to, sr, regrex(src.reg))?;
                            self.imm8(from)?;
                        }
                        Ty::Reg if from.reg == REG_CL || from.reg == REG_CX => {
                            self.ab.put2(0x0f, t[1]);
                            self.asmandsz(to, sr, regrex(src.reg))?;
                        }
                        _ => return Err(ins.unsupported()),
                    }
                }
            }
            return Ok(());
        }
        Err(self.no_match(o, args))
    }

    /// Why an operand has no class.
    #[cold]
    #[inline(never)]
    fn class_error(&self, a: &A) -> Box<EncodeErr> {
        let ins = self.ins;
        let why: String = match a.ty {
            Ty::Bad => match ins.p.args.get(a.arg as usize).map(|o| &o.addr) {
                Some(Addr::Float(_)) => {
                    "a floating-point constant is only an operand of the scalar float instructions (MOVSD, ADDSS, FMOVD, ...), which load it from a generated $f64./$f32. symbol".into()
                }
                Some(x) => format!("a {} operand is not valid here", kind(x)),
                None => "invalid operand".into(),
            },
            Ty::Mem if a.index == REG_SP => "SP cannot be an index register".into(),
            Ty::Mem if matches!(a.name, Name::Extern | Name::Static) => {
                "sym(SB) is RIP-relative on amd64 and takes no base or index register; load the address with LEAQ sym(SB), R first".into()
            }
            Ty::Mem if a.index != REG_NONE => format!(
                "{} cannot be an index register here (VSIB addressing is VEX-only)",
                regs::name(Reg(a.index))
            ),
            Ty::Mem => "invalid address".into(),
            Ty::Addr => "$off(R) is not an immediate (Go 1.19 silently uses only the offset); compute the address with LEAQ off(R), R".into(),
            Ty::Reg if a.reg == REG_SPB => {
                "SPB has no encoding in Go's assembler (use SP-relative memory)".into()
            }
            Ty::Reg
                if !ins.amd64
                    && ((REG_BPB..=REG_R15B).contains(&a.reg)
                        || (REG_R8..=REG_R15).contains(&a.reg)
                        || (REG_Z0 + 8..=REG_Z31).contains(&a.reg)) =>
            {
                return Box::new(EncodeErr {
                    code: E_MODE,
                    msg: format!("{}: register {} does not exist in 32-bit mode", ins.shape(), regs::name(Reg(a.reg))),
                    operand: a.op_index(),
                });
            }
            Ty::Reg => format!("register {} cannot be an operand here", regs::name(Reg(a.reg))),
            _ => "invalid operand".into(),
        };
        Box::new(EncodeErr { code: E_COMBO, msg: format!("{}: {why}", ins.shape()), operand: a.op_index() })
    }

    /// No table line matched: say whether an immediate is merely out of range.
    #[cold]
    #[inline(never)]
    fn no_match(&self, o: &Optab, args: &[Y]) -> Box<EncodeErr> {
        let ins = self.ins;
        // operand list positions of the immediates
        let imm_slots: Vec<usize> = args
            .iter()
            .enumerate()
            .filter(|(_, y)| matches!(y, Yi0 | Yi1 | Yu2 | Yu7 | Yu8 | Yi8 | Ys32 | Yi32 | Yi64))
            .map(|(i, _)| i)
            .collect();
        if imm_slots.len() == 1 {
            let k = imm_slots[0];
            const WIDEST_FIRST: [(Y, i64, i64); 9] = [
                (Yi64, i64::MIN, i64::MAX),
                (Yi32, i32::MIN as i64, u32::MAX as i64),
                (Ys32, i32::MIN as i64, i32::MAX as i64),
                (Yu8, 0, 255),
                (Yi8, -128, 127),
                (Yu7, 0, 127),
                (Yu2, 0, 3),
                (Yi1, 1, 1),
                (Yi0, 0, 0),
            ];
            let mut trial = [Ynone; 3];
            trial[..args.len()].copy_from_slice(args);
            for (y, lo, mut hi) in WIDEST_FIRST {
                trial[k] = y;
                // a 64-bit operation sign-extends its 32-bit immediate
                if y == Yi32 && (o.prefix == optab::PW || ins.flags & flag::PUSHQ != 0) {
                    hi = i32::MAX as i64;
                }
                if o.ytab.iter().any(|yt| yt.matches(&trial[..args.len()])) {
                    // the operand list position k maps back to a source operand
                    let a = [ins.from, ins.from3.unwrap_or(NONE), ins.to]
                        .into_iter()
                        .filter(|a| a.ty != Ty::None)
                        .nth(k)
                        .unwrap_or(NONE);
                    return Box::new(EncodeErr {
                        code: E_RANGE,
                        msg: format!("{}: immediate {} out of range (allowed {lo}..{hi})", ins.shape(), a.offset),
                        operand: a.op_index(),
                    });
                }
            }
        }
        ins.unsupported()
    }

    #[allow(clippy::too_many_arguments)]
    fn zcase(&mut self, o: &Optab, yt: &optab::Ytab, mut z: usize, op: u8, from: &A, from3: Option<&A>, to: &A) -> Res {
        let ins = self.ins;
        let f3 = || from3.copied().unwrap_or(NONE);
        match yt.z {
            Zpseudo => {}
            Zlit => self.ab.put_lit(o, z),
            Zlitr_m => {
                self.ab.put_lit(o, z);
                self.asmand(to, from)?;
            }
            Zlitm_r => {
                self.ab.put_lit(o, z);
                self.asmand(from, to)?;
            }
            Zlit_m_r => {
                self.ab.put_lit(o, z);
                self.asmand(&f3(), to)?;
            }
            Zmb_r | Zm_r => {
                let mut from = *from;
                if yt.z == Zmb_r {
                    // Go renames in the Prog it encodes: in the 386 retry that is a copy
                    if !self.in_copy {
                        note_bytereg(self.ins, &from);
                    }
                    bytereg(&mut from);
                }
                self.ab.put1(op);
                self.asmand(&from, to)?;
            }
            Z_m_r => {
                self.ab.put1(op);
                self.asmand(&f3(), to)?;
            }
            Zm2_r => {
                self.ab.put2(op, o.byte(z + 1));
                self.asmand(from, to)?;
            }
            Zm_r_xm => {
                self.mediaop(o, op, yt.zoffset, z);
                self.asmand(from, to)?;
            }
            Zm_r_xm_nr => {
                self.ab.rexflag = 0;
                self.mediaop(o, op, yt.zoffset, z);
                self.asmand(from, to)?;
            }
            Zm_r_i_xm => {
                self.mediaop(o, op, yt.zoffset, z);
                self.asmand(from, &f3())?;
                self.imm8(to)?;
            }
            Zibm_r | Zibr_m => {
                self.ab.put_lit(o, z);
                if yt.z == Zibr_m {
                    self.asmand(to, &f3())?;
                } else {
                    self.asmand(&f3(), to)?;
                }
                if yt.args[0] == Yi32 && o.prefix == PE {
                    self.imm16(from)?;
                } else if yt.args[0] == Yi32 {
                    self.relput4(from)?;
                } else {
                    self.imm8(from)?;
                }
            }
            Zaut_r => {
                self.ab.put1(0x8d); // LEA
                let mut m = *from;
                m.ty = Ty::Mem;
                self.asmand(&m, to)?;
            }
            Zm_o => {
                self.ab.put1(op);
                self.asmando(from, o.byte(z + 1))?;
            }
            Zr_m => {
                self.ab.put1(op);
                self.asmand(to, from)?;
            }
            Zr_m_xm => {
                self.mediaop(o, op, yt.zoffset, z);
                self.asmand(to, from)?;
            }
            Zr_m_xm_nr => {
                self.ab.rexflag = 0;
                self.mediaop(o, op, yt.zoffset, z);
                self.asmand(to, from)?;
            }
            Zo_m => {
                self.ab.put1(op);
                self.asmando(to, o.byte(z + 1))?;
            }
            Zcallindreg | Zo_m64 => {
                if yt.z == Zcallindreg {
                    // Go's R_CALLIND marker, at the instruction's start
                    self.ab.add_rel(Rel { off: 0, siz: 0, ty: RelType::CallInd, sym: None, add: 0 })?;
                }
                self.ab.put1(op);
                self.asmandsz(to, o.byte(z + 1), 0)?;
            }
            Zm_ibo => {
                self.ab.put1(op);
                self.asmando(from, o.byte(z + 1))?;
                self.imm8(to)?;
            }
            Zibo_m => {
                self.ab.put1(op);
                self.asmando(to, o.byte(z + 1))?;
                self.imm8(from)?;
            }
            Zibo_m_xm => {
                z = self.mediaop(o, op, yt.zoffset, z);
                self.asmando(to, o.byte(z + 1))?;
                self.imm8(from)?;
            }
            Z_ib | Zib_ => {
                let a = if yt.z == Zib_ { from } else { to };
                self.ab.put1(op);
                if ins.flags & flag::XABORT != 0 {
                    self.ab.put1(o.byte(z + 1));
                }
                self.imm8(a)?;
            }
            Zib_rp => {
                self.ab.rexflag |= regrex(to.reg) & (RXB | 0x40);
                let r = self.reg_of(to)?;
                self.ab.put1(op.wrapping_add(r));
                self.imm8(from)?;
            }
            Zil_rp => {
                self.ab.rexflag |= regrex(to.reg) & RXB;
                let r = self.reg_of(to)?;
                self.ab.put1(op.wrapping_add(r));
                if o.prefix == PE {
                    self.imm16(from)?;
                } else {
                    self.relput4(from)?;
                }
            }
            Zo_iw => {
                self.ab.put1(op);
                if from.ty != Ty::None {
                    self.imm16(from)?;
                }
            }
            Ziq_rp => {
                let mut rel = PendingRel::default();
                let v = self.vaddr(from, Some(&mut rel))?;
                let l = v >> 32;
                let r = self.reg_of(to)?;
                if l == 0 && rel.siz != 8 {
                    self.ab.rexflag &= !(0x40 | RXW);
                    self.ab.rexflag |= regrex(to.reg) & RXB;
                    self.ab.put1(0xb8 + r);
                    self.attach(rel)?;
                    self.ab.put_i32(v);
                } else if l == -1 && (v as u64) & (1 << 31) != 0 {
                    // sign extend
                    self.ab.put1(0xc7);
                    self.asmando(to, 0)?;
                    self.ab.put_i32(v);
                } else {
                    self.ab.rexflag |= regrex(to.reg) & RXB;
                    self.ab.put1(op.wrapping_add(r));
                    self.attach(rel)?;
                    self.ab.put_i64(v);
                }
            }
            Zib_rr => {
                self.ab.put1(op);
                self.asmand(to, to)?;
                self.imm8(from)?;
            }
            Z_il | Zil_ => {
                let a = if yt.z == Zil_ { from } else { to };
                self.ab.put1(op);
                if o.prefix == PE {
                    self.imm16(a)?;
                } else {
                    self.relput4(a)?;
                }
            }
            Zm_ilo | Zilo_m => {
                self.ab.put1(op);
                let a = if yt.z == Zilo_m {
                    self.asmando(to, o.byte(z + 1))?;
                    from
                } else {
                    self.asmando(from, o.byte(z + 1))?;
                    to
                };
                if o.prefix == PE {
                    self.imm16(a)?;
                } else {
                    self.relput4(a)?;
                }
            }
            Zil_rr => {
                self.ab.put1(op);
                self.asmand(to, to)?;
                if o.prefix == PE {
                    self.imm16(from)?;
                } else {
                    self.relput4(from)?;
                }
            }
            Z_rp => {
                self.ab.rexflag |= regrex(to.reg) & (RXB | 0x40);
                let r = self.reg_of(to)?;
                self.ab.put1(op.wrapping_add(r));
            }
            Zrp_ => {
                self.ab.rexflag |= regrex(from.reg) & (RXB | 0x40);
                let r = self.reg_of(from)?;
                self.ab.put1(op.wrapping_add(r));
            }
            Zcallcon | Zjmpcon => {
                return Err(ins.combo(
                    to,
                    "a branch to a constant address: Go 1.19 emits a PC-relative relocation without a symbol, which ELF cannot express; branch to a symbol",
                ));
            }
            Zcallind => {
                // CALL *sym(SB): through the word at sym, R_PCREL on amd64, R_ADDR on 386. Go's
                // asmJump takes only (SB) names and its checkaddr no offset
                if !matches!(to.name, Name::Extern | Name::Static) || to.sym.is_none() {
                    return Err(ins.combo(to, "*name is an indirect call only through a symbol: CALL *sym(SB)"));
                }
                if to.offset != 0 {
                    return Err(ins.combo(to, "CALL *sym+off(SB): Go takes no offset here (write CALL *sym(SB))"));
                }
                self.ab.put2(op, o.op[z + 1]);
                self.ab.add_rel(Rel {
                    off: self.ab.off as u32,
                    siz: 4,
                    ty: if ins.amd64 { RelType::PcRel } else { RelType::Addr },
                    sym: to.sym,
                    add: to.offset,
                })?;
                self.ab.put_i32(0);
            }
            Zcall => {
                if to.sym.is_none() {
                    return Err(
                        ins.combo(to, "CALL needs a symbol or a register/memory target (Go cannot CALL a label)")
                    );
                }
                self.ab.put1(op);
                self.ab.add_rel(Rel {
                    off: self.ab.off as u32,
                    siz: 4,
                    ty: RelType::Call,
                    sym: to.sym,
                    add: to.offset,
                })?;
                self.ab.put_i32(0);
            }
            Zbr | Zjmp | Zloop => self.branch(o, z, yt.z)?,
            Zbyte => {
                let v = self.vaddr(from, None)?;
                let (lo, hi, what) = match op {
                    1 => (-128, 255, "an 8-bit"),
                    2 => (-32768, 65535, "a 16-bit"),
                    4 => (i32::MIN as i64, u32::MAX as i64, "a 32-bit"),
                    _ => (i64::MIN, i64::MAX, "a 64-bit"),
                };
                self.range(from, v, lo, hi, what)?;
                for b in v.to_le_bytes().iter().take(op as usize) {
                    self.ab.put1(*b);
                }
            }
        }
        Ok(())
    }
}

/// Whether the forward branch `idx` (to Prog `t` after threading) uses its long form. The span
/// loop marks branches LONG by their written target; when threading changed the target, the
/// decision is made here, from the target's pc in the previous round, exactly as Go flips a
/// branch when its 8-bit displacement (from the end of the short form) exceeds 127. Sizes only
/// grow from round to round, so the decision is as sticky as Go's.
fn forward_is_long(cx: &EncodeCx, pcs: &[u32], idx: usize, t: usize) -> bool {
    let p = &cx.progs[idx];
    if p.branch_target().map(|o| o as usize) == Some(t) {
        return p.mark & mark::LONG != 0;
    }
    let short = if cx.tables.info(p.op).flags & flag::JCXZL != 0 { 3 } else { 2 };
    pcs[t] as i64 - (pcs[idx] as i64 + short) > 127
}

/// PUSHL/POPL of any segment register and PUSHW/POPW of CS/SS/DS/ES are 386-only encodings that
/// Go's ymovtab emits on amd64 too.
fn is_legacy_segment_push_pop(flags: u16, ft: Y, tt: Y) -> bool {
    if flags & flag::PUSHPOPL != 0 {
        true
    } else if flags & flag::PUSHW != 0 {
        matches!(ft, Ycs | Yss | Yds | Yes)
    } else if flags & flag::POPW != 0 {
        matches!(tt, Ycs | Yss | Yds | Yes)
    } else {
        false
    }
}

/// Encodes `cx.progs[idx]` at `pcs[idx]`, appending bytes to `out` and fixups (with offsets
/// from the start of the function) to `fixups`. `pcs` holds the current pc of every Prog: exact
/// for Progs before the one being encoded, the previous round's value for later ones (the span
/// loop repeats until nothing moves).
///
/// Returns whether the encoding depends on the layout (the pcs, or the LONG marks of the
/// function's branches); if not, it depends only on the Prog and the mode, apart from fixup
/// offsets, which move with the Prog's pc.
///
/// Forms Go 1.19 accepts but encodes to something other than what the source says are errors
/// here: immediates wider than their field (Go truncates `ADDB $300, AL`), unsigned 32-bit
/// immediates of 64-bit operations (Go sign-extends `ADDQ $0xffffffff, AX` to -1), AH..BH in an
/// instruction that needs REX (Go encodes SPL..DIL), `JMP sym+off(SB)` (Go drops the offset),
/// `CALL/JMP sym(SB)(R*s)` (Go drops the registers), `$off(R)` as an immediate (Go drops the
/// register), backward `JCXZL` (Go's displacement is one byte short), `JCXZW` on amd64, and
/// segment pushes/pops and test registers that do not exist in 64-bit mode. Also refused:
/// `CALL/JMP $addr` (a relocation without a symbol) and float immediates (Go materializes them
/// as `$f64.` symbols). Beyond Go: `LONG/QUAD $sym(SB)` assemble to absolute-address fixups.
pub fn encode(
    cx: &EncodeCx,
    pcs: &[u32],
    idx: usize,
    out: &mut Vec<u8>,
    fixups: &mut Vec<Fixup>,
) -> Result<bool, EncodeErr> {
    encode_prog(cx, pcs, idx, out, fixups).map_err(|e| *e)
}

fn encode_prog(cx: &EncodeCx, pcs: &[u32], idx: usize, out: &mut Vec<u8>, fixups: &mut Vec<Fixup>) -> Res<bool> {
    let p = &cx.progs[idx];
    match p.op {
        Op::TEXT | Op::PCDATA | Op::FUNCDATA | Op::END | Op::DATA | Op::GLOBL => return Ok(false),
        Op::PCALIGN => {
            return Err(err(E_MODE, "PCALIGN is not supported on amd64 by Go 1.19's assembler"));
        }
        _ => {}
    }
    let info = cx.tables.info(p.op);
    let flags = info.flags;
    let name = || ops::name(p.op);
    let amd64 = cx.mode == Mode::Amd64;

    // operands in Go's From/From3/To
    let args = p.args.as_slice();
    if p.suffix != 0 && info.avx.is_none() {
        return Err(err(
            E_COMBO,
            format!(
                "{}: only AVX-512 instructions take a suffix ({})",
                name(),
                OP_SUFFIX_TABLE.get(p.suffix as usize).copied().unwrap_or("?")
            ),
        ));
    }
    if args.len() > 3 && info.avx.is_none() {
        return Err(err(
            E_COMBO,
            format!("{}: too many operands ({}) for an x86 instruction p9asm encodes", name(), args.len()),
        ));
    }
    if !amd64 && args.len() > 3 {
        // Go 1.19's parser (cmd/asm asm.go) has a 4- and 5-operand case for amd64 only: on 386
        // an opmask with a 3-operand form, VPINSRD, VBLENDVPD... are "can't handle"
        return Err(err(
            E_COMBO,
            format!(
                "{}: {} operands: Go 1.19's 386 assembler takes at most 3 (masked and 4-operand VEX/EVEX forms are amd64-only)",
                name(),
                args.len()
            ),
        ));
    }
    let mut ins = Ins { cx, p, idx, pcs, pc: pcs[idx], flags, amd64, from: NONE, from3: None, to: NONE };
    let is_jump = flags & flag::JUMP != 0;
    match args {
        [] => {}
        [a] => {
            if is_jump || p.op == Op::RET || flags & flag::UNARY_DST != 0 {
                ins.to = A::new(&a.addr, 0);
            } else {
                ins.from = A::new(&a.addr, 0);
            }
        }
        [a, b] => {
            ins.from = A::new(&a.addr, 0);
            ins.to = A::new(&b.addr, 1);
        }
        [a, b, .., c] => {
            // Go's From, RestArgs[0] (GetFrom3) and To
            ins.from = A::new(&a.addr, 0);
            ins.from3 = Some(A::new(&b.addr, 1));
            ins.to = A::new(&c.addr, (args.len() - 1) as u8);
        }
    }
    let to = &mut ins.to;
    // Go's progedit: CALL/JMP/RET to a symbol is a branch
    if matches!(p.op, Op::CALL | Op::JMP | Op::RET)
        && to.ty == Ty::Mem
        && matches!(to.name, Name::Extern | Name::Static)
        && to.sym.is_some()
    {
        if to.reg != REG_NONE || to.index != REG_NONE {
            return Err(operand_err(
                to,
                format!(
                    "{0} sym(SB) with a base or index register: Go 1.19 ignores the registers; load the target into a register and {0} through it",
                    name()
                ),
            ));
        }
        to.ty = Ty::Branch;
        to.target = u32::MAX;
    }
    // Go's progedit: the predicate of CMPPS etc. may be written without '$'
    if flags & flag::CMPP != 0
        && to.ty == Ty::Mem
        && to.name == Name::None
        && to.reg == REG_NONE
        && to.index == REG_NONE
    {
        to.ty = Ty::Const;
    }
    if is_jump && to.ty == Ty::Mem && matches!(to.name, Name::Param | Name::Auto) {
        return Err(operand_err(
            to,
            format!(
                "{} through a name+off(FP) / name-off(SP) operand: Go 1.19 cannot assemble this jump; load the target into a register first",
                name()
            ),
        ));
    }
    let (from, from3, to) = (&ins.from, &ins.from3, &ins.to);

    if amd64 && flags & flag::JCXZW != 0 {
        return Err(ins.mode_err("not encodable in 64-bit mode (E3 tests RCX, or ECX with JCXZL); use JCXZQ or JCXZL"));
    }

    let mut enc = Enc { ins: &ins, ab: AsmBuf::new(), layout_dependent: false, in_copy: false };

    // amd64 -shared: MOVQ TLS, R loads g's offset from the thread pointer out of the GOT:
    // `movq runtime.tlsg@gottpoff(%rip), R`, REX.W whether the op is MOVQ or MOVL (Go's asm6
    // case 7 for Hlinux with Flag_shared)
    let tls_ie = amd64
        && ins.cx.shared
        && (ins.p.op == super::anames::MOVQ || ins.p.op == super::anames::MOVL)
        && from.is_tls_reg()
        && to.ty == Ty::Reg
        && (REG_AX..=REG_R15).contains(&to.reg);

    // 386: MOVL TLS, R loads the TLS base from 0(GS) (Go's movTLSReg for linux/386; on amd64
    // the frame pass has turned it into a NOP)
    if !amd64 && flags & flag::MOVL != 0 && from.is_tls_reg() && to.ty == Ty::Reg && (REG_AX..=REG_DI).contains(&to.reg)
    {
        let r = reg_low(to.reg).unwrap_or(0);
        enc.ab.put_bytes(&[0x65, 0x8b, 5 | r << 3, 0, 0, 0, 0]);
        enc.ab.finish(false, out);
        return Ok(false);
    }

    if tls_ie {
        let r = reg_low(to.reg).unwrap_or(0);
        enc.ab.rexflag = RXW | regrex(to.reg) & RXR;
        enc.ab.put_bytes(&[0x8b, 5 | r << 3, 0, 0, 0, 0]);
        enc.ab.add_rel(Rel { off: 2, siz: 4, ty: RelType::TlsIe, sym: None, add: -4 })?;
    } else if flags & (flag::LONG | flag::QUAD) != 0
        // LONG/QUAD $sym(SB): an absolute address (Go 1.19 only allows this on 386).
        && from.ty == Ty::Addr
        && matches!(from.name, Name::Extern | Name::Static)
        && from.reg == REG_NONE
        && from.index == REG_NONE
        && to.ty == Ty::None
        && from3.is_none()
    {
        let siz = if flags & flag::LONG != 0 { 4 } else { 8 };
        enc.ab.add_rel(Rel { off: 0, siz, ty: RelType::Addr, sym: from.sym, add: from.offset })?;
        for _ in 0..siz {
            enc.ab.put1(0);
        }
    } else if let Some(o) = info.avx {
        enc.doasm_avx(o)?;
    } else {
        let Some(o) = info.optab else {
            return Err(err(E_COMBO, format!("{}: instruction not supported by p9asm's x86 encoder", name())));
        };
        enc.doasm(o)?;
    }

    // Go's asmins: insert REX after the legacy prefixes
    let layout_dependent = enc.layout_dependent;
    let ab = &mut enc.ab;
    let rex = ab.rexflag != 0 && !ab.vex;
    if rex {
        if !amd64 {
            return Err(ins.mode_err("needs a REX prefix, which does not exist in 32-bit mode"));
        }
        let high = |a: &A| a.ty == Ty::Reg && is_high_byte(a.reg);
        if high(&ins.from) || high(&ins.to) || ins.from3.as_ref().is_some_and(high) {
            let a = [&ins.from, &ins.to].into_iter().chain(ins.from3.as_ref()).find(|a| high(a)).unwrap_or(&NONE);
            return Err(high_byte_err(&ins, a));
        }
    }
    let n = ab.off as i64 + i64::from(rex);
    let pc = ins.pc;
    for r in ab.rels.iter().flatten() {
        let off = r.off + u32::from(rex);
        let (kind, go_type, add) = match r.ty {
            RelType::PcRel => {
                // relative to the end of the field, not of the instruction (Go's adjustment)
                let add = r.add - (n - (off as i64 + r.siz as i64));
                (FixupKind::PCREL32, go_reloc::R_PCREL, add)
            }
            RelType::Call => (reloc::CALL32, go_reloc::R_CALL, r.add),
            RelType::CallInd => (FixupKind::MARKER, go_reloc::R_CALLIND, r.add),
            RelType::Addr => match FixupKind::abs(r.siz) {
                Some(k) => (k, go_reloc::R_ADDR, r.add),
                None => return Err(err(E_COMBO, format!("no {}-byte absolute address", r.siz))),
            },
            RelType::TlsLe => (reloc::TLS_LE32, go_reloc::R_TLS_LE, r.add),
            RelType::TlsIe => (reloc::TLS_IE32, go_reloc::R_TLS_IE, r.add),
        };
        fixups.push(Fixup { offset: pc + off, size: r.siz, kind, sym: r.sym, add, go_type });
    }
    ab.finish(rex, out);
    Ok(layout_dependent)
}

/// An error about operand `a`.
#[cold]
#[inline(never)]
fn operand_err(a: &A, msg: String) -> Box<EncodeErr> {
    Box::new(EncodeErr { code: E_COMBO, msg, operand: a.op_index() })
}

/// AH..BH in an instruction with a REX prefix.
#[cold]
#[inline(never)]
fn high_byte_err(ins: &Ins, a: &A) -> Box<EncodeErr> {
    Box::new(EncodeErr {
        code: E_COMBO,
        msg: format!(
            "{}: {} cannot be encoded in an instruction that needs a REX prefix (R8-R15, SPB-DIB, R8B-R15B or a 64-bit operation); Go 1.19 silently encodes it as another register",
            ins.shape(),
            regs::name(Reg(a.reg))
        ),
        operand: a.op_index(),
    })
}

/// Whether `p`, encoded in `size` bytes, used the 8-bit displacement form of a branch.
pub fn is_short_branch(p: &Prog, size: u32) -> bool {
    let flags = tables().info(p.op).flags;
    if flags & flag::JCXZL != 0 {
        // 67 E3 rel8
        size == 3
    } else if flags & flag::XBEGIN != 0 {
        false
    } else {
        size == 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prog::Operand;
    use p9asm_macros::Origin;
    use smallvec::SmallVec;

    fn origin() -> Origin {
        Origin::default()
    }

    fn prog(name: &str, args: &[Addr]) -> Prog {
        let op = match name {
            "CALL" => Op::CALL,
            "JMP" => Op::JMP,
            "RET" => Op::RET,
            "NOP" => Op::NOP,
            "UNDEF" => Op::UNDEF,
            _ => ops::lookup(name).unwrap_or_else(|| panic!("no opcode {name}")),
        };
        let mut p = Prog::new(op, origin());
        p.args = args.iter().map(|a| Operand::new(a.clone(), origin())).collect::<SmallVec<_>>();
        p
    }

    fn r(n: &str) -> Addr {
        Addr::Reg(regs::lookup(n).unwrap())
    }
    fn m(base: &str, off: i64) -> Addr {
        Addr::Mem(Mem { base: regs::lookup(base).unwrap(), offset: off, ..Mem::default() })
    }
    fn mi(base: &str, off: i64, index: &str, scale: u8) -> Addr {
        Addr::Mem(Mem {
            base: if base.is_empty() { Reg::NONE } else { regs::lookup(base).unwrap() },
            index: regs::lookup(index).unwrap(),
            scale,
            offset: off,
            ..Mem::default()
        })
    }

    fn enc1(p: Prog) -> Result<(Vec<u8>, Vec<Fixup>), EncodeErr> {
        let syms = Symbols::new();
        let progs = vec![p];
        let pcs = vec![0u32];
        let span = Span::new(&progs);
        let cx = EncodeCx::new(Mode::Amd64, &progs, &syms, &span);
        let mut out = Vec::new();
        let mut fx = Vec::new();
        encode(&cx, &pcs, 0, &mut out, &mut fx)?;
        Ok((out, fx))
    }

    fn hex(name: &str, args: &[Addr]) -> String {
        let (b, _) = enc1(prog(name, args)).unwrap_or_else(|e| panic!("{name}: {}", e.msg));
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn code(name: &str, args: &[Addr]) -> &'static str {
        enc1(prog(name, args)).expect_err("should fail").code
    }

    #[test]
    fn short_forms_and_modrm_special_cases() {
        assert_eq!(hex("ADDQ", &[Addr::Imm(1000), r("AX")]), "4805e8030000");
        assert_eq!(hex("ADDQ", &[Addr::Imm(1), r("AX")]), "4883c001");
        assert_eq!(hex("MOVQ", &[m("BP", 0), r("AX")]), "488b4500");
        assert_eq!(hex("MOVQ", &[m("R13", 0), r("AX")]), "498b4500");
        assert_eq!(hex("MOVQ", &[m("SP", 0), r("AX")]), "488b0424");
        assert_eq!(hex("MOVQ", &[m("R12", 8), r("AX")]), "498b442408");
        assert_eq!(hex("MOVQ", &[mi("R8", 0, "R9", 8), r("R10")]), "4f8b14c8");
        assert_eq!(hex("MOVL", &[mi("", 16, "CX", 4), r("AX")]), "8b048d10000000");
        assert_eq!(hex("MOVB", &[r("SIB"), r("DIB")]), "4088f7");
        assert_eq!(hex("CMPQ", &[r("CX"), Addr::Imm(32)]), "4883f920");
    }

    #[test]
    fn movq_immediate_selection() {
        assert_eq!(hex("MOVQ", &[Addr::Imm(-1), r("AX")]), "48c7c0ffffffff");
        assert_eq!(hex("MOVQ", &[Addr::Imm(0xffff_ffff), r("AX")]), "b8ffffffff");
        assert_eq!(hex("MOVQ", &[Addr::Imm(0xffff_ffff), r("R9")]), "41b9ffffffff");
        assert_eq!(hex("MOVQ", &[Addr::Imm(0x1_0000_0000), r("AX")]), "48b80000000001000000");
    }

    #[test]
    fn tls_and_indirect_call() {
        let tls = Addr::Mem(Mem { base: Reg(REG_TLS), ..Mem::default() });
        let (b, fx) = enc1(prog("MOVQ", &[tls, r("R14")])).unwrap();
        assert_eq!(b, [0x64, 0x4c, 0x8b, 0x34, 0x25, 0, 0, 0, 0]);
        assert_eq!(fx[0].offset, 5);
        assert_eq!(fx[0].kind, super::super::reloc::TLS_LE32);
        let (b, fx) = enc1(prog("CALL", &[m("R8", 0)])).unwrap();
        assert_eq!(b, [0x41, 0xff, 0x10]);
        assert_eq!((fx[0].offset, fx[0].size, fx[0].go_type), (1, 0, 10));
    }

    #[test]
    fn rejects_what_go_gets_wrong() {
        assert_eq!(code("MOVQ", &[m("AX", 0), m("BX", 0)]), "E0301");
        assert_eq!(code("ADDB", &[Addr::Imm(300), r("AL")]), "E0302");
        assert_eq!(code("ADDQ", &[Addr::Imm(0xffff_ffff), r("AX")]), "E0302");
        assert_eq!(code("ADDQ", &[Addr::Imm(1 << 40), r("AX")]), "E0302");
        assert_eq!(code("MOVB", &[r("AH"), r("R8B")]), "E0301");
        assert_eq!(code("MOVB", &[r("AH"), m("R8", 0)]), "E0301");
        assert_eq!(code("ADDQ", &[Addr::Imm(1), r("X0")]), "E0301");
        assert_eq!(code("MOVQ", &[m("AX", 1 << 33), r("AX")]), "E0302");
        let e = enc1(prog("ADDQ", &[Addr::Imm(1), r("X0")])).unwrap_err();
        assert_eq!(e.msg, "ADDQ $imm, X0: unsupported operand combination (immediate, XMM register)");
        let e = enc1(prog("MOVB", &[m("AX", 0), m("BX", 0)])).unwrap_err();
        assert_eq!(e.msg, "MOVB: memory-to-memory is not encodable");
    }

    #[test]
    fn branches() {
        let syms = Symbols::new();
        // 0: TEXT-like NOP, 1: l: NOP(zero), 2: JMP 1 (backward), 3: JEQ 5 (forward), 4: NOP
        let progs = vec![
            prog("NOP", &[]),
            prog("NOPL", &[m("AX", 0)]),
            prog("JMP", &[Addr::Branch(1)]),
            prog("JEQ", &[Addr::Branch(4)]),
            prog("RET", &[]),
        ];
        let pcs = vec![0, 0, 3, 5, 7];
        let span = Span::new(&progs);
        let cx = EncodeCx::new(Mode::Amd64, &progs, &syms, &span);
        let mut out = Vec::new();
        let mut fx = Vec::new();
        for i in 0..progs.len() {
            encode(&cx, &pcs, i, &mut out, &mut fx).unwrap();
        }
        assert_eq!(out, [0x0f, 0x1f, 0x00, 0xeb, 0xfb, 0x74, 0x00, 0xc3]);
        assert!(is_short_branch(&progs[2], 2));
        let mut long = progs.clone();
        long[3].mark |= mark::LONG;
        let pcs = vec![0, 0, 3, 5, 11];
        let span = Span::new(&long);
        let cx = EncodeCx::new(Mode::Amd64, &long, &syms, &span);
        let mut out = Vec::new();
        encode(&cx, &pcs, 3, &mut out, &mut fx).unwrap();
        assert_eq!(out, [0x0f, 0x84, 0, 0, 0, 0]);
    }

    fn run(mode: Mode, progs: &[Prog], pcs: &[u32]) -> Result<(Vec<u8>, Vec<Fixup>), EncodeErr> {
        let syms = Symbols::new();
        let span = Span::new(progs);
        let cx = EncodeCx::new(mode, progs, &syms, &span);
        let mut out = Vec::new();
        let mut fx = Vec::new();
        for i in 0..progs.len() {
            assert_eq!(out.len() as u32, pcs[i], "pc of prog {i}");
            encode(&cx, pcs, i, &mut out, &mut fx)?;
        }
        Ok((out, fx))
    }

    #[test]
    fn i386_mode() {
        let syms = Symbols::new();
        let g = syms.intern("·g", false);
        let sym = |off| Mem { name: Name::Extern, sym: Some(g), offset: off, ..Mem::default() };
        let tls_idx = Addr::Mem(Mem { base: Reg(REG_CX), index: Reg(REG_TLS), scale: 2, ..Mem::default() });
        let progs = vec![
            prog("MOVL", &[r("AX"), r("BX")]),
            prog("MOVL", &[Addr::AddrOf(sym(0)), r("AX")]),
            prog("MOVL", &[Addr::Mem(sym(4)), r("DX")]),
            prog("MOVL", &[Addr::Reg(Reg(REG_TLS)), r("CX")]),
            prog("MOVL", &[tls_idx, r("CX")]),
            prog("ADDL", &[Addr::Imm(1000), m("SP", 8)]),
            prog("CALL", &[Addr::Mem(sym(0))]),
            prog("RET", &[]),
        ];
        let pcs = [0, 2, 7, 13, 20, 26, 34, 39];
        let (b, fx) = run(Mode::I386, &progs, &pcs).unwrap();
        let want = "89c3b8000000008b15000000006\
                    58b0d000000008b89000000008144\
                    2408e8030000e800000000c3";
        assert_eq!(b.iter().map(|x| format!("{x:02x}")).collect::<String>(), want);
        let fx: Vec<_> = fx.iter().map(|f| (f.offset, f.size, f.go_type, f.add)).collect();
        assert_eq!(fx, [(3, 4, 1, 0), (9, 4, 1, 4), (22, 4, 15, 0), (35, 4, 7, 0)]);
        // 64-bit forms and registers do not exist
        let e = run(Mode::I386, &[prog("MOVQ", &[r("AX"), r("BX")])], &[0]).unwrap_err();
        assert_eq!(e.code, "E0303");
        let e = run(Mode::I386, &[prog("MOVL", &[r("R8"), r("AX")])], &[0]).unwrap_err();
        assert_eq!(e.code, "E0303");
        let e = run(Mode::Amd64, &[prog("PUSHL", &[r("AX")])], &[0]).unwrap_err();
        assert_eq!(e.code, "E0303");
        // VEX/EVEX with registers 0-7 are as on amd64 (objdump -m i386 agrees)
        let (b, _) = run(Mode::I386, &[prog("VADDPD", &[r("Y1"), r("Y2"), r("Y3")])], &[0]).unwrap();
        assert_eq!(b, [0xc5, 0xed, 0x58, 0xd9]);
        let (b, _) = run(Mode::I386, &[prog("VADDPD", &[r("Z1"), r("Z2"), r("Z3")])], &[0]).unwrap();
        assert_eq!(b, [0x62, 0xf1, 0xed, 0x48, 0x58, 0xd9]);
        // what needs an extension bit is refused (Go 1.19 emits VADDPD Y1 and BOUND for these)
        for regs in [["Y9", "Y2", "Y3"], ["X25", "X2", "X3"], ["X1", "X2", "X8"]] {
            let args: Vec<Addr> = regs.iter().map(|x| r(x)).collect();
            let e = run(Mode::I386, &[prog("VADDPD", &args)], &[0]).unwrap_err();
            assert_eq!(e.code, "E0303", "{regs:?}: {}", e.msg);
            assert!(e.msg.contains("does not exist in 32-bit mode"), "{}", e.msg);
            assert!(run(Mode::Amd64, &[prog("VADDPD", &args)], &[0]).is_ok());
        }
        let e = run(Mode::I386, &[prog("VMOVDQU", &[m("R9", 0), r("X1")])], &[0]).unwrap_err();
        assert_eq!(e.code, "E0303");
        // Go's 386 parser takes at most three operands
        let e = run(Mode::I386, &[prog("VADDPD", &[r("Z1"), r("Z2"), r("K1"), r("Z3")])], &[0]).unwrap_err();
        assert!(e.msg.contains("at most 3"), "{}", e.msg);
        assert!(run(Mode::Amd64, &[prog("VADDPD", &[r("Z1"), r("Z2"), r("K1"), r("Z3")])], &[0]).is_ok());
    }

    #[test]
    fn jump_threading_is_gos_and_idempotent() {
        // 0 NOP, 1 JEQ 3, 2 NOPL, 3 JMP 5, 4 NOPL, 5 JMP 5 (a loop), 6 JNE 3
        let mut progs = vec![
            prog("NOP", &[]),
            prog("JEQ", &[Addr::Branch(3)]),
            prog("NOPL", &[m("AX", 0)]),
            prog("JMP", &[Addr::Branch(4)]),
            prog("NOPL", &[m("AX", 0)]),
            prog("JMP", &[Addr::Branch(2)]),
            prog("JNE", &[Addr::Branch(3)]),
        ];
        assert_eq!(threaded_target(&progs, 1), 4);
        progs[3].args[0].addr = Addr::Branch(5);
        progs[5].args[0].addr = Addr::Branch(5);
        // JEQ → JMP 5 → JMP 5 ...: a loop, so the JEQ targets itself
        assert_eq!(threaded_target(&progs, 1), 1);
        // JMP 3 → 5 (loops): after 3 has been rewritten (no target), JNE stops at 3
        assert_eq!(threaded_target(&progs, 6), 3);
        let before: Vec<usize> = (0..progs.len()).map(|i| threaded_target(&progs, i)).collect();
        crate::pass::thread_jumps(&mut progs);
        let after: Vec<usize> = (0..progs.len()).map(|i| threaded_target(&progs, i)).collect();
        assert_eq!(before, after);
    }

    #[test]
    fn every_table_row_is_a_known_opcode() {
        for row in optab::OPTAB {
            assert!(ops::lookup(row.name).is_some() || Op::PSEUDO_NAMES.contains(&row.name), "{}", row.name);
        }
        assert!(optab::lookup(crate::arch::x86::anames::ADDQ).is_some());
        assert!(optab::lookup(Op::CALL).is_some());
        assert!(optab::lookup(crate::arch::x86::anames::VPXOR).is_none());
    }

    // The register tables against the original match-based functions.
    #[allow(clippy::manual_range_contains)]
    mod reference {
        use super::super::*;
        pub fn old_reg_low(r: u16) -> Option<u8> {
            let n = match r {
                REG_AL..=REG_R15B => r - REG_AL,
                REG_AH..=REG_BH => 4 + (r - REG_AH),
                REG_AX..=REG_R15 => r - REG_AX,
                _ if (REG_F0..REG_F0 + 8).contains(&r) => r - REG_F0,
                _ if (REG_M0..REG_M0 + 8).contains(&r) => r - REG_M0,
                _ if (REG_K0..REG_K0 + 8).contains(&r) => r - REG_K0,
                _ if (REG_X0..REG_X0 + 32).contains(&r) => r - REG_X0,
                _ if (REG_Y0..REG_Y0 + 32).contains(&r) => r - REG_Y0,
                _ if (REG_Z0..REG_Z0 + 32).contains(&r) => r - REG_Z0,
                _ => return None,
            };
            Some((n & 7) as u8)
        }

        /// Go's `regrex[]`: the REX bits a register needs wherever it is encoded.
        pub fn old_regrex(r: u16) -> u8 {
            let ext = RXR | RXX | RXB;
            let vec = |base: u16| -> u8 {
                let n = r - base;
                match n {
                    0..=7 => 0,
                    8..=15 => ext,
                    16..=23 => RXR_EVEX,
                    _ => ext | RXR_EVEX,
                }
            };
            match r {
                REG_SPB..=REG_DIB => 0x40,
                REG_R8B..=REG_R15B => ext,
                REG_R8..=REG_R15 => ext,
                _ if (REG_X0..REG_X0 + 32).contains(&r) => vec(REG_X0),
                _ if (REG_Y0..REG_Y0 + 32).contains(&r) => vec(REG_Y0),
                _ if (REG_Z0 + 8..REG_Z0 + 16).contains(&r) => ext,
                _ if (REG_Z0 + 16..REG_Z0 + 32).contains(&r) => vec(REG_Z0),
                _ if (REG_CR + 8..REG_CR + 16).contains(&r) => RXR,
                _ => 0,
            }
        }

        pub fn old_oclass_reg(r: u16, amd64: bool) -> Y {
            match r {
                REG_AL => Yal,
                REG_AX => Yax,
                // SPB is missing from Go's oclass: it is not encodable
                REG_BPB..=REG_R15B => {
                    if !amd64 {
                        Yxxx
                    } else {
                        Yrb
                    }
                }
                3 | 4 | REG_AH..=REG_BH => Yrb, // DL, BL, AH..BH
                REG_CL => Ycl,
                REG_CX => Ycx,
                REG_DX | REG_BX => Yrx,
                REG_R8..=REG_R15 => {
                    if !amd64 {
                        Yxxx
                    } else {
                        Yrl
                    }
                }
                REG_SP..=REG_DI => {
                    if !amd64 {
                        Yrl32
                    } else {
                        Yrl
                    }
                }
                _ if r == REG_F0 => Yf0,
                _ if (REG_F0 + 1..REG_F0 + 8).contains(&r) => Yrf,
                _ if (REG_M0..REG_M0 + 8).contains(&r) => Ymr,
                _ if r == REG_X0 => Yxr0,
                _ if (REG_X0 + 1..REG_X0 + 16).contains(&r) => Yxr,
                _ if (REG_X0 + 16..REG_X0 + 32).contains(&r) => YxrEvex,
                _ if (REG_Y0..REG_Y0 + 16).contains(&r) => Yyr,
                _ if (REG_Y0 + 16..REG_Y0 + 32).contains(&r) => YyrEvex,
                _ if (REG_Z0..REG_Z0 + 8).contains(&r) => Yzr,
                _ if (REG_Z0 + 8..REG_Z0 + 32).contains(&r) => {
                    if !amd64 {
                        Yxxx
                    } else {
                        Yzr
                    }
                }
                _ if r == REG_K0 => Yk0,
                _ if (REG_K0 + 1..REG_K0 + 8).contains(&r) => Yknot0,
                REG_CS => Ycs,
                REG_SS => Yss,
                REG_DS => Yds,
                REG_ES => Yes,
                REG_FS => Yfs,
                REG_GS => Ygs,
                REG_TLS => Ytls,
                _ if (REG_GDTR..REG_GDTR + 5).contains(&r) => {
                    [Ygdtr, Yidtr, Yldtr, Ymsw, Ytask][(r - REG_GDTR) as usize]
                }
                _ if (REG_CR..=REG_CR + 8).contains(&r) => {
                    [Ycr0, Ycr1, Ycr2, Ycr3, Ycr4, Ycr5, Ycr6, Ycr7, Ycr8][(r - REG_CR) as usize]
                }
                _ if (REG_DR..REG_DR + 8).contains(&r) => {
                    [Ydr0, Ydr1, Ydr2, Ydr3, Ydr4, Ydr5, Ydr6, Ydr7][(r - REG_DR) as usize]
                }
                _ if (REG_TR..REG_TR + 8).contains(&r) => {
                    [Ytr0, Ytr1, Ytr2, Ytr3, Ytr4, Ytr5, Ytr6, Ytr7][(r - REG_TR) as usize]
                }
                _ => Yxxx,
            }
        }
    }

    #[test]
    fn register_tables_match_reference() {
        for r in 0..400u16 {
            assert_eq!(reg_low(r), reference::old_reg_low(r), "reg_low {r}");
            assert_eq!(regrex(r), reference::old_regrex(r), "regrex {r}");
            for amd64 in [false, true] {
                assert_eq!(oclass_reg(r, amd64), reference::old_oclass_reg(r, amd64), "oclass {r} {amd64}");
            }
        }
    }
}
