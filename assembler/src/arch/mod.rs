//! The per-architecture half of the assembler. Every architecture lives in its own directory with
//! the same files, so a reader knows where to look:
//!
//! | file | what it holds |
//! |---|---|
//! | `mod.rs` | the [`Arch`] implementation tying the pieces together |
//! | `regs.rs` | register names and numbers, DWARF register mapping |
//! | `ops.rs` | the opcode table (Go mnemonics, aliases, which ones branch) |
//! | `encode.rs` | instruction encoding: Prog to bytes plus [`Fixup`]s |
//! | `frame.rs` | frame layout, prologue/epilogue insertion, SP deltas (Go's `preprocess`) |
//! | `reloc.rs` | the table from fixup kinds to ELF relocation types |
//!
//! The front end (`syntax`) asks an `Arch` for registers and opcodes; the driver then runs
//! `preprocess` and `assemble` per function, exactly in the order of Go's `Flushplist`.

pub mod arm;
pub mod arm64;
pub mod go_obj;
pub mod mips;
pub mod ppc64;
pub mod s390x;
pub mod x86;

use p9asm_macros::{Diagnostics, SourceMap};

use crate::emit::fixup::{ElfRelocs, Fixup, FixupKindInfo};
use crate::frame::FrameIsa;
use crate::frame::cfi::RegisterMapper;
use crate::prog::{Addr, Func, Op, Reg};
use crate::sym::Symbols;
use crate::target::GoArch;

/// The operator of a shifted register (Go's `<<`, `>>`, `->`, `@>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftOp {
    /// `<<`: logical left
    Lsl,
    /// `>>`: logical right
    Lsr,
    /// `->`: arithmetic right
    Asr,
    /// `@>`: rotate right
    Ror,
}

/// What a register is shifted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftCount {
    Const(i64),
    Reg(Reg),
}

/// What the back end needs besides the function itself.
pub struct Ctx<'a> {
    pub syms: &'a Symbols,
    pub sources: &'a SourceMap,
    pub diags: &'a mut Diagnostics,
    /// Read-only constants the back end creates (Go's `$f64.…` float literals), by symbol.
    pub consts: &'a mut Vec<crate::prog::DataSym>,
    /// The cap on layout rounds ([`crate::emit::span::converge`]).
    pub layout_rounds: u32,
    /// The macros in effect besides GOOS/GOARCH: the predefined sub-architecture level
    /// (`GOARM_5`) and the `-D` defines, for a back end whose encoding depends on the level.
    pub defines: &'a [String],
    /// Go's `-shared` ([`crate::AsmOptions::shared`]).
    pub shared: bool,
}

/// Machine code of one function.
#[derive(Clone, Debug, Default)]
pub struct Code {
    pub bytes: Vec<u8>,
    pub fixups: Vec<Fixup>,
    /// Byte ranges `[start, end)` that are data, not instructions (literal pools), for the
    /// mapping symbols of targets that have them ([`Arch::mapping_symbols`]).
    pub data: Vec<(u32, u32)>,
}

/// ELF header facts for a target.
#[derive(Clone, Copy, Debug)]
pub struct ElfTarget {
    pub architecture: object::Architecture,
    pub e_flags: u32,
    /// Padding byte between functions (x86 INT3; zero elsewhere).
    pub text_fill: u8,
    pub func_align: u64,
}

/// How a function with external linkage appears in the ELF symbol table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ElfFuncSymbols {
    /// The function's symbol is its code (every target but ppc64 ELFv1).
    #[default]
    Code,
    /// ppc64 ELFv1: a function C can call (external linkage, named for C: no package
    /// qualifier, `TEXT c_entry(SB)`; Go's `pkg.name` functions follow ABI0 and are called by Go
    /// code only, so they keep their symbol on the code, and Go code in any object can take their
    /// address) has its symbol on a 24-byte `.opd` descriptor (code address,
    /// TOC base, environment), as C calls through a function pointer expect; its code gets the
    /// local symbol `.L.<name>`, which code and data that take the function's address point at
    /// (the FDE and the stack map point at `.text` plus the offset, as for every target). Branches of relocation type `call` keep the descriptor's symbol (the linker
    /// resolves them to the code).
    Descriptor {
        /// The descriptor's code address word (R_PPC64_ADDR64).
        addr64: u32,
        /// Its TOC word (R_PPC64_TOC: the TOC base of the module).
        tocbase: u32,
        /// The branch relocation that names the descriptor symbol (R_PPC64_REL24).
        call: u32,
    },
}

/// An architecture. Its [`FrameIsa`] half is all the frame model sees; the methods here serve
/// the parser, the back end and the object writer.
pub trait Arch: FrameIsa + Sync {
    fn goarch(&self) -> GoArch;

    // ---- syntax (used by the parser) ----
    /// A register by name (`AX`, `R1`, `g`). `SB`, `FP` and `PC` are handled by the parser;
    /// `SP` appears here only where the hardware stack pointer is spelled `SP` (x86).
    fn register(&self, name: &str) -> Option<Reg>;
    /// Parenthesized register forms such as `R(10)`.
    fn register_prefix(&self, _prefix: &str, _n: i64) -> Option<Reg> {
        None
    }
    /// The bit a register takes in a register list `[R0,R2-R5]` (Go numbers list bits by
    /// register number within the general-purpose file); `None` if it cannot appear in one.
    fn register_list_bit(&self, _r: Reg) -> Option<u32> {
        None
    }
    /// `R1<<2`, `R1>>2`, `R1->2`, `R1@>2`, or the count in a register (`R1<<R2`): Go's
    /// `TYPE_SHIFT` offset (cmd/asm/internal/asm/parse.go `registerShift`, then the
    /// architecture's encoding of it).
    fn register_shift(&self, _r: Reg, _op: ShiftOp, _count: ShiftCount) -> Result<i64, String> {
        Err("shifted register operands do not exist on this architecture".into())
    }
    /// `R1<<2(R3)`: a shifted register as the offset of a memory address (arm's `TYPE_SHIFT`
    /// with `Reg` set): the `register_shift` value `v` with the base register folded in.
    fn shift_base(&self, _v: i64, _base: Reg) -> Result<i64, String> {
        Err("a shifted register cannot index memory on this architecture".into())
    }
    /// `R1.UXTW<<2`, `R2.SXTX`, `V1.B16`, `V2.S[1]`: a register with an extension or
    /// arrangement, an optional shift amount and element index (Go's
    /// `ARM64RegisterExtension`): `Addr::Reg` with the suffix folded into the number, or
    /// `Addr::Element`.
    fn register_extension(
        &self,
        _r: Reg,
        ext: &str,
        _amount: Option<i64>,
        _index: Option<i64>,
    ) -> Result<Addr, String> {
        Err(format!("register suffix .{ext} does not exist on this architecture"))
    }
    /// `[X0-X3]` alone in brackets, as one operand the architecture encodes whole (Go's
    /// `registerListX86`, `EncodeRegisterRange`); `None`: an ordinary register list.
    fn register_range(&self, _lo: Reg, _hi: Reg) -> Option<Result<u64, String>> {
        None
    }
    /// `[V1.B16, V2.B16]`: a list of vector registers (as `register_extension` returned them,
    /// consecutive), encoded as Go's `TYPE_REGLIST` offset (`ARM64RegisterListOffset`).
    fn vector_list(&self, _regs: &[Reg]) -> Result<u64, String> {
        Err("lists of vector registers do not exist on this architecture".into())
    }
    /// A named operand that is not a register (arm64 `EQ`, `PLDL1KEEP`, `ISHST`): Go's
    /// `TYPE_SPECIAL` value.
    fn special_operand(&self, _name: &str) -> Option<i64> {
        None
    }
    /// The index of `(base)(index)`: `index` is what followed the `(`, a register possibly
    /// shifted or extended (arm64 `(R1)(R2<<3)`, `(R1)(R2.UXTW<<2)`), and `scale` the `*n`
    /// after it (x86 `(AX)(BX*4)`). Returns the index register and scale as Go stores them.
    fn memory_index(&self, index: &Addr, scale: Option<u8>) -> Result<(Reg, u8), String> {
        match (index, scale) {
            (Addr::Reg(r), Some(s)) => Ok((*r, s)),
            (Addr::Reg(_), None) => Err("index register needs a scale: (R*1), (R*2), (R*4) or (R*8)".into()),
            _ => Err("this architecture indexes with a plain register and a scale: (R*n)".into()),
        }
    }
    /// Whether operand `k` of the `n` operands of jump `op` is read as a constant, so that a bare
    /// name there is not a label but Go's discarded symbol whose offset is the value, an
    /// address without base or symbol as Go has it (`TYPE_MEM`; ppc64's
    /// `BC 20, LT, target`, `BC 20, undefined_symbol+1, LR`: asm.go's getConstant).
    fn jump_operand_is_constant(&self, _op: Op, _k: usize, _n: usize) -> bool {
        false
    }
    /// Whether `(R1+R2)` (base plus index, ppc64's form) is an operand here; Go rejects it
    /// elsewhere ("(register+register) not supported on this architecture").
    fn register_sum(&self) -> bool {
        false
    }
    /// How `-S` prints an operand only this architecture has (`Shift`, `Element`, `Special`,
    /// a vector `RegList`), as Go prints it; `None` for the shared forms.
    fn operand_text(&self, _a: &Addr) -> Option<String> {
        None
    }
    /// What `-S` prints after the mnemonic for the suffix bits (arm64 `.W`, `.P`).
    fn suffix_text(&self, _p: &crate::prog::Prog) -> &'static str {
        ""
    }
    /// How `-S` prints operand `k` of `p` when Go's progedit rewrote it before listing (arm64
    /// prints a `$0` source or destination as `ZR`); `None`: as written.
    fn listed_operand(&self, _p: &crate::prog::Prog, _k: usize) -> Option<&'static str> {
        None
    }
    /// An architecture opcode (or alias) by mnemonic. Pseudo-ops are the parser's.
    fn opcode(&self, name: &str) -> Option<Op>;
    fn op_name(&self, op: Op) -> &'static str;
    /// Parses one `.SUFFIX` of a mnemonic into suffix bits; `Err` explains why not.
    fn suffix(&self, op: Op, s: &str) -> Result<u16, String> {
        let _ = (op, s);
        Err("this architecture has no instruction suffixes".into())
    }
    /// Parses all the `.SUFFIX`es of a mnemonic (in order) into suffix bits. By default each
    /// is parsed alone by [`Arch::suffix`] and the bits are or-ed; an architecture whose
    /// suffixes are only valid as a whole chain (x86's `.RU_SAE.Z`) overrides it.
    fn suffixes(&self, op: Op, parts: &[&str]) -> Result<u16, String> {
        parts.iter().try_fold(0, |bits, s| self.suffix(op, s).map(|b| bits | b))
    }

    // ---- back end ----
    /// Go's progedit + preprocess: rewrite Progs, lay out the frame, insert prologue and
    /// epilogues, set every Prog's SP adjustment.
    fn preprocess(&self, f: &mut Func, cx: &mut Ctx);
    /// Encodes the function: sets every Prog's pc and size.
    fn assemble(&self, f: &mut Func, cx: &mut Ctx) -> Code;
    fn elf(&self) -> ElfTarget;
    /// The architecture's own fixup kinds, `FixupKind(FixupKind::FIRST_ARCH + i)` being the
    /// i-th, with the fields they patch.
    fn fixup_kinds(&self) -> &'static [FixupKindInfo];
    /// Maps a fixup that survived to link time to its ELF relocations.
    fn reloc(&self, fx: &Fixup) -> Result<ElfRelocs, String>;
    /// On a REL target (no addend in the relocation entry: 32-bit arm), where a relocation of
    /// ELF type `r_type` keeps its implicit addend. Text fixups use their kind's field; this
    /// serves relocations that belong to no fixup (arm's unwind index) and tests that read
    /// addends back. `None` (the default): the addend goes in the entry, or the object crate
    /// stores it for data words.
    fn rel_addend_field(&self, _r_type: u32) -> Option<crate::emit::field::FieldLayout> {
        None
    }
    /// Whether the platform's C unwinder reads an ARM EHABI index (`.ARM.exidx`) instead of
    /// `.eh_frame` (32-bit arm's libgcc does): the object writer then adds one, lowered from
    /// the same frame model as the CFI ([`crate::frame::ehabi`]).
    fn ehabi_unwind(&self) -> bool {
        false
    }
    /// The ELF mapping symbols of the target's ABI that mark code and data in `.text` (arm's
    /// `$a` and `$d`): the object writer puts the code one at each function and after each
    /// data range, the data one at each [`Code::data`] range.
    fn mapping_symbols(&self) -> Option<(&'static str, &'static str)> {
        None
    }
    /// The target's build-attributes section, if its ABI has one (arm's `.ARM.attributes`,
    /// riscv's `.riscv.attributes`): name, section type and contents.
    fn attributes_section(&self) -> Option<(&'static str, u32, Vec<u8>)> {
        None
    }
    fn dwarf(&self) -> &dyn RegisterMapper;
    /// How its functions with external linkage are ELF symbols (ppc64 ELFv1's descriptors).
    fn elf_func_symbols(&self) -> ElfFuncSymbols {
        ElfFuncSymbols::Code
    }
}

/// The implementation for a target, or why there is none yet.
pub fn for_goarch(a: GoArch) -> &'static dyn Arch {
    match a {
        GoArch::Amd64 => &x86::AMD64,
        GoArch::Arm64 => &arm64::ARM64,
        GoArch::Arm => &arm::ARM,
        GoArch::I386 => &x86::I386,
        GoArch::Amd64p32 => &x86::AMD64P32,
        GoArch::S390x => &s390x::S390X,
        GoArch::Mips64 => &mips::MIPS64,
        GoArch::Mips64le => &mips::MIPS64LE,
        GoArch::Ppc64 => &ppc64::PPC64,
        GoArch::Ppc64le => &ppc64::PPC64LE,
    }
}
