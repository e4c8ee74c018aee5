//! ppc64 fixups and their ELF relocations (Go's cmd/link/internal/ppc64/asm.go `elfreloc1`).
//!
//! Go 1.19's assembler makes, for code that is not built `-shared`: `R_CALLPOWER` (BR/BL to a
//! symbol), `R_ADDRPOWER` and `R_ADDRPOWER_DS` (an ADDIS+ADDI or ADDIS+load/store pair; DS when
//! the second is a DS-form `ld`/`std`/`lwa`), `R_ADDR` (DWORD), `R_POWER_TLS_LE` (ADDIS+ADDI
//! from R13) and `R_POWER_TLS_IE` with its `R_POWER_TLS` marker on the ADD. One pair fixup
//! covers both instructions and becomes two ELF relocations; a 16-bit field is the low half of
//! its instruction word, at byte offset 2 in big-endian code and 0 in little-endian code (as
//! Go's linker adds 2 for big-endian targets).

use object::elf;

use crate::emit::field::{FieldLayout, Range};
use crate::emit::fixup::{ElfReloc, ElfRelocs, Fixup, FixupKind, FixupKindInfo, RelocTarget};

/// The symbol `g` lives in for TLS forms.
pub const TLS_G: &str = "runtime.tls_g";

/// `BR`/`BL sym`: LI, in words (R_PPC64_REL24).
pub const REL24: FixupKind = FixupKind(FixupKind::FIRST_ARCH);
/// Go's R_ADDRPOWER: ADDIS's high-adjusted half, then the low half in ADDI/load/store.
pub const ADDR_HA_LO: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 1);
/// Go's R_ADDRPOWER_DS: the same with a DS-form second instruction.
pub const ADDR_HA_LO_DS: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 2);
/// Go's R_POWER_TLS_LE: ADDIS+ADDI of the offset from the thread pointer (R13).
pub const TLS_LE: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 3);
/// Go's R_POWER_TLS_IE: ADDIS+LD of the GOT slot holding the offset.
pub const TLS_IE: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 4);
/// Go's R_POWER_TLS: the marker on the `ADD Rx, R13` of an initial-exec access.
pub const TLS_MARK: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 5);

/// LI: bits 2..25 of the word, the low two bits dropped.
const LI24: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 24, 2)], shift: 2, range: Range::Signed };
/// The 16-bit immediate of the first instruction of a pair (what a reader sees of the pair).
const IMM16: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 16, 0)], shift: 0, range: Range::Wrap };

pub static FIXUP_KINDS: [FixupKindInfo; 6] = [
    FixupKindInfo { name: "rel24", field: Some(LI24), pcrel: true, local: true, tls: false },
    FixupKindInfo { name: "addr16_ha_lo", field: Some(IMM16), pcrel: false, local: false, tls: false },
    FixupKindInfo { name: "addr16_ha_lo_ds", field: Some(IMM16), pcrel: false, local: false, tls: false },
    FixupKindInfo { name: "tprel16_ha_lo", field: Some(IMM16), pcrel: false, local: false, tls: true },
    FixupKindInfo { name: "got_tprel16_ha_lo_ds", field: Some(IMM16), pcrel: false, local: false, tls: true },
    FixupKindInfo { name: "tls", field: Some(IMM16), pcrel: false, local: false, tls: true },
];

/// Go 1.19 relocation type numbers (cmd/internal/objabi/reloctype.go) for `-S` listings.
pub mod go_reloc {
    pub const R_ADDR: u8 = 1;
    pub const R_ADDRPOWER: u8 = 2;
    pub const R_CALLPOWER: u8 = 11;
    pub const R_POWER_TLS_LE: u8 = 43;
    pub const R_POWER_TLS_IE: u8 = 44;
    pub const R_POWER_TLS: u8 = 45;
    pub const R_ADDRPOWER_DS: u8 = 46;
}

/// The ELF relocations of `fx` in code of the given byte order.
pub fn elf_reloc(fx: &Fixup, big: bool) -> Result<ElfRelocs, String> {
    let target = fx.sym.map(RelocTarget::Sym);
    // the 16-bit field of an instruction word
    let half = if big { 2 } else { 0 };
    let one = |offset: u32, r_type: u32, addend: i64, target: Option<RelocTarget>| -> ElfRelocs {
        smallvec::smallvec![ElfReloc { offset, r_type, addend, target }]
    };
    let pair = |hi: u32, lo: u32, addend: i64, target: Option<RelocTarget>| -> ElfRelocs {
        smallvec::smallvec![
            ElfReloc { offset: half, r_type: hi, addend, target: target.clone() },
            ElfReloc { offset: 4 + half, r_type: lo, addend, target },
        ]
    };
    let tls = Some(RelocTarget::Named { name: TLS_G, tls: true });
    Ok(match fx.kind {
        REL24 => one(0, elf::R_PPC64_REL24.0, fx.add, target),
        ADDR_HA_LO => pair(elf::R_PPC64_ADDR16_HA.0, elf::R_PPC64_ADDR16_LO.0, fx.add, target),
        ADDR_HA_LO_DS => pair(elf::R_PPC64_ADDR16_HA.0, elf::R_PPC64_ADDR16_LO_DS.0, fx.add, target),
        TLS_LE => pair(elf::R_PPC64_TPREL16_HA.0, elf::R_PPC64_TPREL16_LO.0, fx.add, tls),
        TLS_IE => pair(elf::R_PPC64_GOT_TPREL16_HA.0, elf::R_PPC64_GOT_TPREL16_LO_DS.0, fx.add, tls),
        TLS_MARK => one(0, elf::R_PPC64_TLS.0, fx.add, tls),
        FixupKind::ABS64 => one(0, elf::R_PPC64_ADDR64.0, fx.add, target),
        FixupKind::ABS32 => one(0, elf::R_PPC64_ADDR32.0, fx.add, target),
        // Go's PC-relative addends are relative to the end of the field, ELF's to its start
        FixupKind::PCREL32 => one(0, elf::R_PPC64_REL32.0, fx.add - fx.size as i64, target),
        k => return Err(format!("no ELF relocation for ppc64 fixup kind {}", k.0)),
    })
}
