//! The arch-neutral program: what the parser builds and every later pass works on. It mirrors
//! Go's `obj.Prog`/`obj.Addr`: the shapes are shared by all architectures, the numbers inside
//! (register numbers, opcodes, suffix bits) belong to the architecture that parsed them.

use p9asm_macros::Origin;
use smallvec::SmallVec;

use crate::sym::SymId;

/// A register number in the architecture's own numbering. 0 means "no register".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Reg(pub u16);

impl Reg {
    pub const NONE: Reg = Reg(0);
    pub fn is_none(self) -> bool {
        self.0 == 0
    }
}

/// An opcode. Values below [`Op::FIRST_ARCH`] are the pseudo-instructions every architecture
/// shares; the rest index the architecture's opcode table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Op(pub u16);

impl Op {
    pub const NONE: Op = Op(0);
    pub const TEXT: Op = Op(1);
    pub const DATA: Op = Op(2);
    pub const GLOBL: Op = Op(3);
    pub const PCDATA: Op = Op(4);
    pub const FUNCDATA: Op = Op(5);
    /// Zero-width no-op (Go's `NOP`, also the anchor the frame code inserts).
    pub const NOP: Op = Op(6);
    pub const RET: Op = Op(7);
    pub const CALL: Op = Op(8);
    pub const JMP: Op = Op(9);
    pub const UNDEF: Op = Op(10);
    pub const PCALIGN: Op = Op(11);
    pub const END: Op = Op(12);
    pub const FIRST_ARCH: u16 = 32;

    pub fn is_pseudo(self) -> bool {
        self.0 < Op::FIRST_ARCH
    }
    /// Names of the shared pseudo-instructions, indexed by value.
    pub const PSEUDO_NAMES: [&'static str; 13] =
        ["", "TEXT", "DATA", "GLOBL", "PCDATA", "FUNCDATA", "NOP", "RET", "CALL", "JMP", "UNDEF", "PCALIGN", "END"];
}

/// How a memory operand names its storage (Go's `NAME_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Name {
    /// Plain register-relative or absolute memory.
    #[default]
    None,
    /// `sym(SB)`: a global symbol.
    Extern,
    /// `sym<>(SB)`: a symbol local to this file.
    Static,
    /// `name+off(FP)`: an argument, relative to the pseudo frame pointer.
    Param,
    /// `name-off(SP)`: a local, relative to the pseudo stack pointer.
    Auto,
}

/// `sym+off(SB)`, `off(base)(index*scale)`, `name+off(FP)`, `name-off(SP)`.
///
/// Packed to 4-byte alignment (its offset is an `i64`): 20 bytes, not 24, which makes every
/// operand 40 bytes instead of 48 and a Prog 184 instead of 208, the Progs of a function being
/// most of what the assembler holds. A field is read by value (`{ m.offset }` in a format
/// string): a reference to it could be unaligned.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
#[repr(Rust, packed(4))]
pub struct Mem {
    pub name: Name,
    pub sym: Option<SymId>,
    pub base: Reg,
    pub index: Reg,
    /// 0 when there is no index register.
    pub scale: u8,
    pub offset: i64,
}

/// Argument size written as "unknown" (no `-A` in `TEXT`).
pub const ARGS_SIZE_UNKNOWN: i64 = -0x8000_0000;

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Addr {
    #[default]
    None,
    Reg(Reg),
    /// `$expr`
    Imm(i64),
    /// `$1.5`
    Float(f64),
    /// `$"bytes"` (DATA only)
    Str(Box<[u8]>),
    /// A memory reference.
    Mem(Mem),
    /// `$mem`: the address of a memory reference.
    AddrOf(Mem),
    /// `*sym(SB)`, `*name+off(FP)`: Go's `TYPE_INDIR`, a symbol reference with the `*` prefix
    /// (x86's `CALL *sym(SB)`, an indirect call through the word at `sym`). `*(R)` and
    /// `*off(R)(I*s)` are plain [`Addr::Mem`], as in Go's parser.
    Indir(Mem),
    /// A branch target inside the function: index into `Func::progs`.
    Branch(u32),
    /// `[R0,R2-R5]` as a bit set.
    RegList(u64),
    /// `(R1, R2)`
    RegPair(Reg, Reg),
    /// A shifted register `R1<<2`, `R1->R2` (arm, arm64): Go's `TYPE_SHIFT` offset, in the
    /// architecture's own encoding ([`crate::arch::Arch::register_shift`]).
    Shift(i64),
    /// A vector element `V2.S[1]` (arm64): the register, its arrangement folded into the
    /// number as Go folds it, and the index (Go's `TYPE_REG` with `Index`).
    Element(Reg, i64),
    /// A named operand that is neither a register nor a symbol: arm64 condition codes
    /// (`CSEL EQ, R1, R2, R3`), prefetch and barrier options; the architecture's value
    /// (Go's `TYPE_SPECIAL`).
    Special(i64),
    /// The `$frame-args` operand of TEXT.
    TextSize {
        frame: i64,
        args: i64,
    },
}

impl Addr {
    pub fn reg(&self) -> Option<Reg> {
        match self {
            Addr::Reg(r) => Some(*r),
            _ => None,
        }
    }
    pub fn mem(&self) -> Option<&Mem> {
        match self {
            Addr::Mem(m) => Some(m),
            _ => None,
        }
    }
    pub fn imm(&self) -> Option<i64> {
        match self {
            Addr::Imm(v) => Some(*v),
            _ => None,
        }
    }
}

/// One operand with the exact source span it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct Operand {
    pub addr: Addr,
    pub origin: Origin,
}

impl Operand {
    pub fn new(addr: Addr, origin: Origin) -> Operand {
        Operand { addr, origin }
    }
}

/// A frame effect of one Prog other than its SP adjustment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FrameNote {
    #[default]
    None,
    /// Stores the caller's value of a register at CFA + offset (offset is negative).
    SaveReg(Reg, i32),
    /// Stores two registers in one instruction (arm64's `STP (R29, R30), -8(RSP)`).
    SavePair(Reg, i32, Reg, i32),
    /// Reloads a saved register: from here on it holds the caller's value again.
    RestoreReg(Reg),
    /// Reloads two (arm64's `LDP -8(RSP), (R29, R30)`).
    RestorePair(Reg, Reg),
    /// Writes SP in a way the assembler cannot follow: from here on the frame is unknown.
    SpWrite,
}

/// Marks on a Prog.
pub mod mark {
    /// Inserted by the assembler (prologue, epilogue, stack check), not written by the user.
    pub const SYNTH: u8 = 1;
    /// A forward branch that did not fit the short form (x86 span loop).
    pub const LONG: u8 = 4;
    /// A RET (or tail jump) whose epilogue the assembler inserted before it.
    pub const SYNTH_EPILOGUE: u8 = 8;
    /// A branch to a label encoded as a jump to the function's own symbol plus the label's
    /// offset (mips's J/JAL): Go lists it as `JMP f(SB)`; the Prog keeps its label.
    pub const LISTED_AS_FUNC: u8 = 16;
    /// A zero-width Prog Go's listing has no line for (arm's return marker after the
    /// `MOVW.P` that pops the frame and returns): `-S` leaves it out.
    pub const UNLISTED: u8 = 32;
}

#[derive(Clone, Debug, PartialEq)]
pub struct Prog {
    pub op: Op,
    /// Architecture suffix bits (ARM conditions, `.P`/`.W`...); 0 on x86.
    pub suffix: u16,
    pub args: SmallVec<[Operand; 3]>,
    /// The mnemonic's origin; its outermost invocation gives the listing line.
    pub origin: Origin,
    /// Bytes this Prog moves SP down, taking effect after it (Go's `Spadj`).
    pub spadj: i32,
    pub pc: u32,
    pub size: u32,
    pub mark: u8,
    /// What this Prog does to the frame besides moving SP (register saves for CFI).
    pub note: FrameNote,
}

impl Prog {
    pub fn new(op: Op, origin: Origin) -> Prog {
        Prog { op, suffix: 0, args: SmallVec::new(), origin, spadj: 0, pc: 0, size: 0, mark: 0, note: FrameNote::None }
    }
    pub fn with(op: Op, origin: Origin, args: &[Addr]) -> Prog {
        let mut p = Prog::new(op, origin);
        for a in args {
            p.args.push(Operand::new(a.clone(), origin));
        }
        p
    }
    pub fn synth(mut self) -> Prog {
        self.mark |= mark::SYNTH;
        self
    }
    pub fn arg(&self, i: usize) -> &Addr {
        self.args.get(i).map(|o| &o.addr).unwrap_or(&Addr::None)
    }
    pub fn last(&self) -> &Addr {
        self.args.last().map(|o| &o.addr).unwrap_or(&Addr::None)
    }
    /// The operand's origin, or the instruction's when it has fewer operands.
    pub fn arg_origin(&self, i: usize) -> Origin {
        self.args.get(i).map(|o| o.origin).unwrap_or(self.origin)
    }
    pub fn branch_target(&self) -> Option<u32> {
        match self.last() {
            Addr::Branch(t) => Some(*t),
            _ => None,
        }
    }
}

/// `TEXT` flags (runtime/textflag.h).
pub mod textflag {
    pub const NOPROF: i64 = 1;
    pub const DUPOK: i64 = 2;
    pub const NOSPLIT: i64 = 4;
    pub const RODATA: i64 = 8;
    pub const NOPTR: i64 = 16;
    pub const WRAPPER: i64 = 32;
    pub const NEEDCTXT: i64 = 64;
    pub const TLSBSS: i64 = 256;
    pub const NOFRAME: i64 = 512;
    pub const REFLECTMETHOD: i64 = 1024;
    pub const TOPFRAME: i64 = 2048;
    pub const ABIWRAPPER: i64 = 4096;
    /// Set by the assembler for leaf functions on link-register machines (listing only).
    pub const LEAF: i64 = 1 << 20;
    /// Set by the assembler for file-local symbols (listing only).
    pub const STATIC: i64 = 1 << 21;

    pub const NAMES: &[(i64, &str)] = &[
        (NOPROF, "NOPROF"),
        (DUPOK, "DUPOK"),
        (NOSPLIT, "NOSPLIT"),
        (RODATA, "RODATA"),
        (NOPTR, "NOPTR"),
        (WRAPPER, "WRAPPER"),
        (NEEDCTXT, "NEEDCTXT"),
        (TLSBSS, "TLSBSS"),
        (NOFRAME, "NOFRAME"),
        (REFLECTMETHOD, "REFLECTMETHOD"),
        (TOPFRAME, "TOPFRAME"),
        (ABIWRAPPER, "ABIWRAPPER"),
    ];
}

/// One TEXT symbol and its instructions. `progs[0]` is the TEXT Prog itself, so `n(PC)`
/// counts exactly as Go counts it.
#[derive(Clone, Debug)]
pub struct Func {
    pub sym: SymId,
    pub flags: i64,
    /// Frame size as written (may be negative: the historical NOFRAME marker).
    pub frame: i64,
    /// Argument size, or [`ARGS_SIZE_UNKNOWN`].
    pub args: i64,
    pub progs: Vec<Prog>,
    pub origin: Origin,
    /// Filled by the architecture's frame pass.
    pub layout: FrameLayout,
}

/// What the architecture's frame pass decided for a function.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FrameLayout {
    /// Bytes the prologue allocates (Go's autosize / autoffset).
    pub autosize: i64,
    /// What `-S` prints as the frame size in the TEXT line.
    pub listed_frame: i64,
    /// Go's `Func().Locals`.
    pub locals: i64,
    pub leaf: bool,
    /// NOSPLIT after the assembler's own decisions (auto-NOSPLIT for small leaves).
    pub nosplit: bool,
}

/// A `DATA` initializer: `size` bytes at `offset`.
#[derive(Clone, Debug)]
pub struct DataInit {
    pub offset: i64,
    pub size: u8,
    pub value: Addr,
    pub origin: Origin,
}

/// A data symbol from `GLOBL` (and its `DATA` lines).
#[derive(Clone, Debug)]
pub struct DataSym {
    pub sym: SymId,
    pub flags: i64,
    pub size: i64,
    pub inits: Vec<DataInit>,
    pub origin: Origin,
    /// Set once a GLOBL has been seen (DATA may come first).
    pub declared: bool,
}

/// The whole parsed file.
#[derive(Debug, Default)]
pub struct Program {
    pub funcs: Vec<Func>,
    pub data: Vec<DataSym>,
}

#[cfg(test)]
mod size_tests {
    #[test]
    fn sizes() {
        eprintln!(
            "Prog {} Addr {} Mem {} Operand {}",
            std::mem::size_of::<super::Prog>(),
            std::mem::size_of::<super::Addr>(),
            std::mem::size_of::<super::Mem>(),
            std::mem::size_of::<super::Operand>()
        );
    }
}
