//! Fixups: what an encoder leaves for later, in target-neutral terms (LLVM MC's split). The
//! driver resolves what it can inside the object (references to this file's own code); each
//! architecture's `reloc.rs` maps the rest to an ELF relocation type.

use crate::sym::SymId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FixupKind {
    /// A 32-bit PC-relative field for a data reference (x86 RIP-relative operand).
    PcRel32,
    /// The 32-bit displacement of a direct CALL or JMP to a symbol.
    Call32,
    /// An absolute address of the given size in bytes.
    Abs(u8),
    /// A 32-bit offset from the thread pointer to the TLS slot of `g` (local-exec model).
    TlsLe32,
    /// Not a relocation: marks an indirect call site (Go's R_CALLIND), kept for listings.
    CallInd,
}

/// One fixup, recorded the way Go records a relocation (so listings can print Go's `rel` lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixup {
    /// Offset of the field from the start of the function.
    pub offset: u32,
    /// Size of the field in bytes (0 for markers).
    pub size: u8,
    pub kind: FixupKind,
    pub sym: Option<SymId>,
    /// Go's addend: for PC-relative kinds, relative to the end of the field (as `-S` prints it).
    pub add: i64,
    /// Go's relocation type number (objabi.R_*), for `-S` listings.
    pub go_type: u8,
}

/// Go 1.19 relocation type numbers (cmd/internal/objabi/reloctype.go) used in listings.
pub mod go_reloc {
    pub const R_ADDR: u8 = 1;
    pub const R_CALL: u8 = 7;
    pub const R_CALLIND: u8 = 10;
    pub const R_PCREL: u8 = 14;
    pub const R_TLS_LE: u8 = 15;
}

/// Where an ELF relocation points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelocTarget {
    Sym(SymId),
    /// A symbol the assembler names itself (the TLS slot `runtime.tlsg`), and whether it is TLS.
    Named {
        name: &'static str,
        tls: bool,
    },
}

/// An ELF relocation ready for the object writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElfReloc {
    pub r_type: u32,
    pub addend: i64,
    /// `None` when the fixup names no symbol: the caller supplies one (e.g. a section symbol).
    pub target: Option<RelocTarget>,
}
