//! arm fixups and their ELF relocations (Go's cmd/link/internal/arm/asm.go `elfreloc1`).
//!
//! Go 1.19's assembler makes these relocations on arm: `R_CALLARM` (B, BL and the conditional
//! branches to a symbol), `R_ADDR` (literal-pool words holding an address), `R_CALLIND` (a
//! marker on `BL (R)`) and `R_TLS_LE` (a pool word holding a TLS offset). Go's linker writes
//! `R_CALLARM` as R_ARM_CALL when the instruction is an unconditional BL (`0xeb......`) and as
//! R_ARM_JUMP24 otherwise. arm ELF uses REL: the addend lives in the instruction's field,
//! which the object writer fills through the kind's [`FieldLayout`].

use object::elf;

use crate::emit::field::{FieldLayout, Range};
use crate::emit::fixup::{ElfReloc, ElfRelocs, Fixup, FixupKind, FixupKindInfo};

/// `BL sym` (unconditional): imm24 in words (R_ARM_CALL).
pub const CALL24: FixupKind = FixupKind(FixupKind::FIRST_ARCH);
/// `B sym`, `BEQ sym`, `BL.NE sym`: imm24 in words (R_ARM_JUMP24).
pub const JUMP24: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 1);
/// Go's R_TLS_LE: a pool word holding the offset of a TLS variable from the thread pointer.
pub const TLSLE32: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 2);

/// The branch field: bits 0–23, the displacement in words.
pub const IMM24: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 24, 0)], shift: 2, range: Range::Signed };

/// Go's fixup of a branch: the kind follows Go's linker (R_ARM_CALL for an unconditional BL).
/// `.ARM.exidx`'s R_ARM_PREL31 words: bits 0-30, signed.
pub const PREL31: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 31, 0)], shift: 0, range: Range::Signed };

pub static FIXUP_KINDS: [FixupKindInfo; 3] = [
    FixupKindInfo { name: "call24", field: Some(IMM24), pcrel: true, local: true, tls: false },
    FixupKindInfo { name: "jump24", field: Some(IMM24), pcrel: true, local: true, tls: false },
    FixupKindInfo {
        name: "tlsle32",
        field: Some(FieldLayout::whole(4, Range::Wrap)),
        pcrel: false,
        local: false,
        tls: true,
    },
];

/// Go 1.19 relocation type numbers (cmd/internal/objabi/reloctype.go) for `-S` listings.
pub mod go_reloc {
    pub const R_ADDR: u8 = 1;
    pub const R_CALLARM: u8 = 8;
    pub const R_CALLIND: u8 = 10;
    pub const R_TLS_LE: u8 = 15;
}

/// The branch's ELF addend from Go's R_CALLARM addend (the instruction bits with the 24-bit
/// word displacement, -8 + the symbol offset, in the low bits: the ARM pipeline reads PC as
/// the branch's address + 8).
pub fn branch_addend(add: i64) -> i64 {
    (((add & 0xffffff) << 40) >> 40) << 2
}

/// The ELF relocation of `fx` (always one on arm).
pub fn elf_reloc(fx: &Fixup) -> Result<ElfRelocs, String> {
    let target = fx.sym.map(crate::emit::fixup::RelocTarget::Sym);
    let one = |r_type: u32, addend: i64| -> ElfRelocs {
        smallvec::smallvec![ElfReloc { offset: 0, r_type, addend, target: target.clone() }]
    };
    Ok(match fx.kind {
        CALL24 => one(elf::R_ARM_CALL.0, branch_addend(fx.add)),
        JUMP24 => one(elf::R_ARM_JUMP24.0, branch_addend(fx.add)),
        TLSLE32 => one(elf::R_ARM_TLS_LE32.0, fx.add),
        FixupKind::ABS32 => one(elf::R_ARM_ABS32.0, fx.add),
        // the fixup's addend is relative to the end of the 4-byte field
        FixupKind::PCREL32 => one(elf::R_ARM_REL32.0, fx.add - 4),
        k => return Err(format!("no ELF relocation for arm fixup kind {}", k.0)),
    })
}

/// Where arm's REL relocations keep their implicit addends (AAELF 4.6.1.x): the branch's imm24
/// for R_ARM_CALL/R_ARM_JUMP24, the low 31 bits for R_ARM_PREL31. Data words (ABS32, REL32, TLS_LE32) are left to the object
/// crate, which stores a 32-bit addend itself.
pub fn rel_addend_field(r_type: u32) -> Option<FieldLayout> {
    match r_type {
        t if t == elf::R_ARM_CALL.0 || t == elf::R_ARM_JUMP24.0 => Some(IMM24),
        // the unwind index's words: a 31-bit place-relative offset
        t if t == elf::R_ARM_PREL31.0 => Some(PREL31),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use object::{Object, ObjectSection};

    use super::*;
    use crate::driver::{AsmOptions, assemble_source};
    use crate::target::GoArch;

    /// REL: the writer stores each branch's addend in its imm24 field and gives object none;
    /// reading the field back gives the ELF addend (S + A - P with A = offset - 8).
    #[test]
    fn implicit_addends_are_in_the_instruction_fields() {
        let src = b"TEXT f(SB), 516, $0-0\n\tBL\text(SB)\n\tB\text+8(SB)\n\tBL.NE\text+16(SB)\n\tRET\n".to_vec();
        let opts = AsmOptions::new(GoArch::Arm);
        let mut sm = p9asm_macros::SourceMap::new();
        let mut diags = p9asm_macros::Diagnostics::new(100);
        let out = assemble_source("t.s", None, src, &opts, &mut sm, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render(&sm, false));
        let obj = out.object.expect("object");
        let file = object::File::parse(&*obj).unwrap();
        let text = file.section_by_name(".text").unwrap();
        let data = text.data().unwrap();
        let mut seen = Vec::new();
        for (off, r) in text.relocations() {
            let object::RelocationFlags::Elf { r_type } = r.flags() else { panic!() };
            assert_eq!(r.addend(), 0, "REL entries have no addend");
            assert!(r.has_implicit_addend());
            let field = rel_addend_field(r_type.0).expect("an instruction relocation");
            seen.push((off, r_type.0, field.read(&data[off as usize..], false)));
        }
        // NOSPLIT|NOFRAME (516): no prologue; BL at 0, B at 4, BL.NE at 8
        assert_eq!(
            seen,
            [(0, elf::R_ARM_CALL.0, -8), (4, elf::R_ARM_JUMP24.0, 0), (8, elf::R_ARM_JUMP24.0, 8)],
            "addends in the fields"
        );
        // the condition and opcode bits are untouched
        assert_eq!(u32::from_le_bytes(data[0..4].try_into().unwrap()) >> 24, 0xeb);
        assert_eq!(u32::from_le_bytes(data[8..12].try_into().unwrap()) >> 24, 0x1b);
    }
}
