//! Fixups: what an encoder leaves for later (LLVM MC's split of fixups from relocations). Each
//! architecture declares its fixup kinds with their field layouts ([`FixupKindInfo`]); the
//! object writer resolves what it can inside the object (PC-relative references to this file's
//! own code) with the arch-neutral applier in [`crate::emit::field`], and each architecture's
//! `reloc.rs` maps the rest to one or several ELF relocations.

use smallvec::SmallVec;

use crate::emit::field::{FieldLayout, Range};
use crate::sym::SymId;

/// A fixup kind. The first few are arch-neutral (the object writer uses them for data words,
/// unwind tables and stack maps, and every architecture maps them); the rest are each
/// architecture's own, declared with their field layouts by [`crate::arch::Arch::fixup_kinds`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FixupKind(pub u16);

impl FixupKind {
    /// An absolute address in a 4-byte data word.
    pub const ABS32: FixupKind = FixupKind(0);
    /// An absolute address in an 8-byte data word.
    pub const ABS64: FixupKind = FixupKind(1);
    /// A 32-bit PC-relative word (CFI's pc-begin, x86's RIP-relative operands).
    pub const PCREL32: FixupKind = FixupKind(2);
    /// Not a field: marks an indirect call site (Go's R_CALLIND), kept for listings.
    pub const MARKER: FixupKind = FixupKind(3);
    /// The first architecture-specific kind: `fixup_kinds()[k - FIRST_ARCH]`.
    pub const FIRST_ARCH: u16 = 8;

    /// The absolute-address kind of a data word of `size` bytes.
    pub fn abs(size: u8) -> Option<FixupKind> {
        match size {
            4 => Some(FixupKind::ABS32),
            8 => Some(FixupKind::ABS64),
            _ => None,
        }
    }
}

/// What a fixup kind patches and how (LLVM MC's `MCFixupKindInfo`).
#[derive(Clone, Copy, Debug)]
pub struct FixupKindInfo {
    pub name: &'static str,
    /// The field it patches; `None` for markers.
    pub field: Option<FieldLayout>,
    /// The value is relative to the place: S + A - P.
    pub pcrel: bool,
    /// A reference to this file's own code can be resolved in the object, with no relocation
    /// (a PC-relative field that holds the whole displacement, not a page or a part of one).
    pub local: bool,
    /// A thread-local access (an offset from the thread pointer or its GOT slot): its symbol
    /// must be thread-local, and a thread-local symbol may be reached only through such kinds.
    pub tls: bool,
}

const NEUTRAL: [FixupKindInfo; 4] = [
    FixupKindInfo {
        name: "abs32",
        field: Some(FieldLayout::whole(4, Range::Wrap)),
        pcrel: false,
        local: false,
        tls: false,
    },
    FixupKindInfo {
        name: "abs64",
        field: Some(FieldLayout::whole(8, Range::Wrap)),
        pcrel: false,
        local: false,
        tls: false,
    },
    FixupKindInfo {
        name: "pcrel32",
        field: Some(FieldLayout::whole(4, Range::Signed)),
        pcrel: true,
        local: true,
        tls: false,
    },
    FixupKindInfo { name: "marker", field: None, pcrel: false, local: false, tls: false },
];

/// The description of `k` on `arch`.
pub fn info(arch: &dyn crate::arch::Arch, k: FixupKind) -> Result<&'static FixupKindInfo, String> {
    match k.0.checked_sub(FixupKind::FIRST_ARCH) {
        None => NEUTRAL.get(k.0 as usize),
        Some(i) => arch.fixup_kinds().get(i as usize),
    }
    .ok_or_else(|| format!("fixup kind {} is not declared for {}", k.0, arch.goarch()))
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
    pub const R_TLS_IE: u8 = 16;
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
    /// Bytes after the fixup's offset (a fixup spanning two instructions, such as arm64's
    /// ADRP+ADD, becomes one relocation per instruction).
    pub offset: u32,
    pub r_type: u32,
    pub addend: i64,
    /// `None` when the fixup names no symbol: the caller supplies one (e.g. a section symbol).
    pub target: Option<RelocTarget>,
}

/// The ELF relocations of one fixup: usually one, two for instruction pairs.
pub type ElfRelocs = SmallVec<[ElfReloc; 2]>;
