//! arm64 fixups and their ELF relocations (Go's cmd/link/internal/arm64/asm.go `elfreloc1`).
//!
//! Go 1.19's assembler makes these relocations: `R_CALLARM64` (B/BL to a symbol),
//! `R_ADDRARM64` (an ADRP+ADD or ADRP+load/store pair), `R_ADDR` (pool words), `R_CALLIND`
//! (a marker on BLR), `R_ARM64_TLS_LE`, `R_ARM64_TLS_IE` and `R_ARM64_GOTPCREL`. One
//! `R_ADDRARM64` fixup covers both instructions of the pair and becomes two ELF relocations,
//! at offsets 0 and 4.

use object::elf;

use crate::emit::field::{FieldLayout, Range};
use crate::emit::fixup::{ElfReloc, ElfRelocs, Fixup, FixupKind, FixupKindInfo, RelocTarget};

/// The symbol `g` lives in for TLS forms (as on amd64).
pub const TLS_G: &str = "runtime.tlsg";

/// `BL sym`: imm26, in words (R_AARCH64_CALL26).
pub const CALL26: FixupKind = FixupKind(FixupKind::FIRST_ARCH);
/// `B sym`: imm26, in words (R_AARCH64_JUMP26).
pub const JUMP26: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 1);
/// Go's R_ADDRARM64: ADRP's page (immlo, immhi) then the low 12 bits in the ADD (or the scaled
/// offset of the load/store) of the next instruction.
pub const ADRP_ADD: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 2);
/// Go's R_ARM64_TLS_LE: MOVZ's imm16 of the offset from the thread pointer.
pub const TLSLE_MOVW: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 3);
/// Go's R_ARM64_TLS_IE: ADRP + LDR of the GOT slot holding the TLS offset.
pub const TLSIE_ADRP_LDR: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 4);
/// Go's R_ARM64_GOTPCREL: ADRP + LDR of a GOT slot.
pub const GOT_ADRP_LDR: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 5);
/// A conditional branch or CBZ/CBNZ to a symbol: imm19 at bit 5, in words (not made by Go's
/// assembler; declared for the field applier).
pub const CONDBR19: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 6);
/// TBZ/TBNZ: imm14 at bit 5, in words (declared for the field applier).
pub const TSTBR14: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 7);

const IMM26: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 26, 0)], shift: 2, range: Range::Signed };
const IMM19: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 19, 5)], shift: 2, range: Range::Signed };
const IMM14: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 14, 5)], shift: 2, range: Range::Signed };
/// ADRP's 21-bit page number: immlo (bits 29-30) and immhi (bits 5-23).
const ADRP21: FieldLayout =
    FieldLayout { container: 4, pieces: &[(0, 2, 29), (2, 19, 5)], shift: 12, range: Range::Wrap };
const IMM16: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 16, 5)], shift: 0, range: Range::Wrap };

pub static FIXUP_KINDS: [FixupKindInfo; 8] = [
    FixupKindInfo { name: "call26", field: Some(IMM26), pcrel: true, local: true, tls: false },
    FixupKindInfo { name: "jump26", field: Some(IMM26), pcrel: true, local: true, tls: false },
    FixupKindInfo { name: "adrp_add", field: Some(ADRP21), pcrel: true, local: false, tls: false },
    FixupKindInfo { name: "tlsle_movw", field: Some(IMM16), pcrel: false, local: false, tls: true },
    FixupKindInfo { name: "tlsie_adrp_ldr", field: Some(ADRP21), pcrel: true, local: false, tls: true },
    FixupKindInfo { name: "got_adrp_ldr", field: Some(ADRP21), pcrel: true, local: false, tls: false },
    FixupKindInfo { name: "condbr19", field: Some(IMM19), pcrel: true, local: true, tls: false },
    FixupKindInfo { name: "tstbr14", field: Some(IMM14), pcrel: true, local: true, tls: false },
];

/// Go 1.19 relocation type numbers (cmd/internal/objabi/reloctype.go) for `-S` listings.
pub mod go_reloc {
    pub const R_ADDR: u8 = 1;
    pub const R_ADDRARM64: u8 = 3;
    pub const R_CALLARM64: u8 = 9;
    pub const R_CALLIND: u8 = 10;
    pub const R_ARM64_TLS_LE: u8 = 33;
    pub const R_ARM64_TLS_IE: u8 = 34;
    pub const R_ARM64_GOTPCREL: u8 = 35;
}

/// The ELF relocations of `fx`. As Go's linker, the pair's low half is always
/// R_AARCH64_ADD_ABS_LO12_NC: Go's assembler materializes the address with ADRP+ADD into
/// REGTMP and then loads or stores through REGTMP.
pub fn elf_reloc(fx: &Fixup) -> Result<ElfRelocs, String> {
    let target = fx.sym.map(RelocTarget::Sym);
    let one = |r_type: u32, addend: i64, target: Option<RelocTarget>| -> ElfRelocs {
        smallvec::smallvec![ElfReloc { offset: 0, r_type, addend, target }]
    };
    let pair = |hi: u32, lo: u32, addend: i64, target: Option<RelocTarget>| -> ElfRelocs {
        smallvec::smallvec![
            ElfReloc { offset: 0, r_type: hi, addend, target: target.clone() },
            ElfReloc { offset: 4, r_type: lo, addend, target },
        ]
    };
    let tls = Some(RelocTarget::Named { name: TLS_G, tls: true });
    Ok(match fx.kind {
        CALL26 => one(elf::R_AARCH64_CALL26.0, fx.add, target),
        // Go's linker writes CALL26 for every R_CALLARM64, B as well as BL (both linkers
        // treat the two alike, veneers included)
        JUMP26 => one(elf::R_AARCH64_CALL26.0, fx.add, target),
        ADRP_ADD => pair(elf::R_AARCH64_ADR_PREL_PG_HI21.0, elf::R_AARCH64_ADD_ABS_LO12_NC.0, fx.add, target),
        TLSLE_MOVW => one(elf::R_AARCH64_TLSLE_MOVW_TPREL_G0.0, fx.add, tls),
        TLSIE_ADRP_LDR => {
            pair(elf::R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21.0, elf::R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC.0, fx.add, tls)
        }
        GOT_ADRP_LDR => pair(elf::R_AARCH64_ADR_GOT_PAGE.0, elf::R_AARCH64_LD64_GOT_LO12_NC.0, fx.add, target),
        CONDBR19 => one(elf::R_AARCH64_CONDBR19.0, fx.add, target),
        TSTBR14 => one(elf::R_AARCH64_TSTBR14.0, fx.add, target),
        FixupKind::ABS64 => one(elf::R_AARCH64_ABS64.0, fx.add, target),
        FixupKind::ABS32 => one(elf::R_AARCH64_ABS32.0, fx.add, target),
        // a PC-relative data word's fixup carries Go's end-of-field addend; ELF's is from the
        // place (every FDE began 4 bytes into its function; the object verifier now checks that
        // every table entry points at a function start)
        FixupKind::PCREL32 => one(elf::R_AARCH64_PREL32.0, fx.add - fx.size as i64, target),
        k => return Err(format!("no ELF relocation for arm64 fixup kind {}", k.0)),
    })
}
