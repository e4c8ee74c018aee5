//! mips64 fixups and their ELF relocations (Go's cmd/link/internal/mips64/asm.go `elfreloc1`).
//!
//! Go 1.19's assembler makes these relocations: `R_CALLMIPS` (JAL to a symbol), `R_JMPMIPS`
//! (a JMP to a symbol, or to a label too far for `BEQ R0, R0`), `R_ADDRMIPSU` and `R_ADDRMIPS`
//! (the LUI and the load, store or add of a symbol address, one relocation each),
//! `R_ADDRMIPSTLS` (the access after RDHWR), `R_CALLIND` (a marker on `JAL (R)`), and
//! `R_ADDR` data words. n64 relocations hold three types each (`r_type`, `r_type2`,
//! `r_type3` in the bytes of `r_info`); Go's linker writes the first alone (the others
//! R_MIPS_NONE), and so does p9asm: the value given to the object writer is the 32-bit
//! `type3 << 16 | type2 << 8 | type` word, whose upper bytes are zero here.

use object::elf;

use crate::emit::field::{FieldLayout, Range};
use crate::emit::fixup::{ElfReloc, ElfRelocs, Fixup, FixupKind, FixupKindInfo, RelocTarget};

/// `JAL sym`: the 26-bit word index (R_MIPS_26).
pub const CALL26: FixupKind = FixupKind(FixupKind::FIRST_ARCH);
/// `JMP sym`: the 26-bit word index (R_MIPS_26).
pub const JUMP26: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 1);
/// LUI's immediate: the high half of the address, rounded (R_MIPS_HI16).
pub const HI16: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 2);
/// The low 16 bits of the address in a load, store or add (R_MIPS_LO16).
pub const LO16: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 3);
/// The low 16 bits of the offset from the thread pointer (R_MIPS_TLS_TPREL_LO16).
pub const TLS_TPREL_LO16: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 4);

/// R_MIPS_PC32 (object 0.40 has no constant for it).
pub const R_MIPS_PC32: u32 = 248;

const IMM26: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 26, 0)], shift: 2, range: Range::Wrap };
const IMM16: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 16, 0)], shift: 0, range: Range::Wrap };
/// The high half, as the linker computes it from the whole value (the rounding of the low
/// half's sign is the linker's); never resolved inside the object.
const HIGH16: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 16, 0)], shift: 16, range: Range::Wrap };

pub static FIXUP_KINDS: [FixupKindInfo; 5] = [
    FixupKindInfo { name: "call26", field: Some(IMM26), pcrel: false, local: false, tls: false },
    FixupKindInfo { name: "jump26", field: Some(IMM26), pcrel: false, local: false, tls: false },
    FixupKindInfo { name: "hi16", field: Some(HIGH16), pcrel: false, local: false, tls: false },
    FixupKindInfo { name: "lo16", field: Some(IMM16), pcrel: false, local: false, tls: false },
    FixupKindInfo { name: "tls_tprel_lo16", field: Some(IMM16), pcrel: false, local: false, tls: true },
];

/// Go 1.19 relocation type numbers (cmd/internal/objabi/reloctype.go) for `-S` listings.
pub mod go_reloc {
    pub const R_ADDR: u8 = 1;
    pub const R_ADDRMIPS: u8 = 4;
    pub const R_CALLIND: u8 = 10;
    pub const R_CALLMIPS: u8 = 12;
    pub const R_JMPMIPS: u8 = 30;
    pub const R_ADDRMIPSU: u8 = 64;
    pub const R_ADDRMIPSTLS: u8 = 65;
}

/// The ELF relocations of `fx`, one each, as Go's linker writes them.
pub fn elf_reloc(fx: &Fixup) -> Result<ElfRelocs, String> {
    let target = fx.sym.map(RelocTarget::Sym);
    let one =
        |r_type: u32| -> ElfRelocs { smallvec::smallvec![ElfReloc { offset: 0, r_type, addend: fx.add, target }] };
    Ok(match fx.kind {
        CALL26 | JUMP26 => one(elf::R_MIPS_26.0),
        HI16 => one(elf::R_MIPS_HI16.0),
        LO16 => one(elf::R_MIPS_LO16.0),
        TLS_TPREL_LO16 => one(elf::R_MIPS_TLS_TPREL_LO16.0),
        FixupKind::ABS64 => one(elf::R_MIPS_64.0),
        FixupKind::ABS32 => one(elf::R_MIPS_32.0),
        // Go's PC-relative addends are relative to the end of the field, ELF's to its start
        FixupKind::PCREL32 => smallvec::smallvec![ElfReloc {
            offset: 0,
            r_type: R_MIPS_PC32,
            addend: fx.add - fx.size as i64,
            target: fx.sym.map(RelocTarget::Sym)
        }],
        k => return Err(format!("no ELF relocation for mips64 fixup kind {}", k.0)),
    })
}
