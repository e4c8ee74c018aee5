//! Bit-fields of fixups (LLVM MC's `MCFixupKindInfo` plus the arch-neutral half of
//! `applyFixup`): each architecture declares, per fixup kind, where the value goes inside the
//! container it patches (an instruction word, a data word) and which values fit; one applier
//! writes values in the target's byte order. It serves three places:
//!
//! * references the object resolves itself (PC-relative references to this file's functions);
//! * REL targets (32-bit arm), where a relocation's addend is stored in the field it patches;
//! * tests, which read a field back to check an encoding.

/// Where a fixup's value lives in its container, and which values it can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldLayout {
    /// Size of the container in bytes: the instruction word (4 on RISC targets, the 4-byte
    /// displacement on x86) or a data word (4 or 8).
    pub container: u8,
    /// The value's bits in the container, after `shift`: `(value bit, width, container bit)`.
    /// Most fields are one piece; arm64's ADR immediate is two (immlo, immhi).
    pub pieces: &'static [(u8, u8, u8)],
    /// The low bits the encoding drops (branch offsets count 4-byte words: 2); they must be 0.
    pub shift: u8,
    /// Whether the value (after `shift`) is a two's-complement number of the total width of the
    /// pieces, or an unsigned one. `Wrap` fields (the `_NC` "no check" relocations) keep the low
    /// bits of any value.
    pub range: Range,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    Signed,
    Unsigned,
    Wrap,
}

impl FieldLayout {
    /// A whole container holding a signed value (x86 rel32, data words).
    pub const fn whole(container: u8, range: Range) -> FieldLayout {
        const PIECES: [[(u8, u8, u8); 1]; 9] = [
            [(0, 0, 0)],
            [(0, 8, 0)],
            [(0, 16, 0)],
            [(0, 24, 0)],
            [(0, 32, 0)],
            [(0, 40, 0)],
            [(0, 48, 0)],
            [(0, 56, 0)],
            [(0, 64, 0)],
        ];
        FieldLayout { container, pieces: &PIECES[container as usize], shift: 0, range }
    }

    /// Bits the field holds (the sum of its pieces).
    pub fn width(&self) -> u32 {
        self.pieces.iter().map(|p| p.1 as u32).sum()
    }

    /// Checks that `value` fits the field: alignment to `shift`, then range.
    pub fn check(&self, value: i64) -> Result<u64, String> {
        let align = 1i64 << self.shift;
        if value & (align - 1) != 0 {
            return Err(format!("value {value:#x} is not a multiple of {align}"));
        }
        let v = value >> self.shift;
        let w = self.width();
        let ok = match self.range {
            Range::Wrap => true,
            Range::Signed => w >= 64 || (-(1i64 << (w - 1))..(1i64 << (w - 1))).contains(&v),
            Range::Unsigned => v >= 0 && (w >= 64 || v < (1i64 << w)),
        };
        if !ok {
            let (lo, hi) = match self.range {
                Range::Signed => (-(1i128 << (w - 1)) << self.shift, ((1i128 << (w - 1)) - 1) << self.shift),
                _ => (0, ((1i128 << w) - 1) << self.shift),
            };
            return Err(format!("value {value:#x} does not fit in {w} bits (range {lo:#x}..={hi:#x})"));
        }
        Ok(v as u64)
    }

    /// Writes `value` into the container at the start of `bytes`, keeping the other bits.
    pub fn apply(&self, bytes: &mut [u8], value: i64, big_endian: bool) -> Result<(), String> {
        let v = self.check(value)?;
        let n = self.container as usize;
        let Some(c) = bytes.get_mut(..n) else {
            return Err(format!("field of {n} bytes past the end of the section"));
        };
        let mut word = read(c, big_endian);
        for &(vbit, width, cbit) in self.pieces {
            let mask = if width >= 64 { u64::MAX } else { (1u64 << width) - 1 };
            let piece = (v >> vbit) & mask;
            word = (word & !(mask << cbit)) | (piece << cbit);
        }
        write(c, word, big_endian);
        Ok(())
    }

    /// Reads the field's value back (sign-extended for signed fields), shifted back up.
    pub fn read(&self, bytes: &[u8], big_endian: bool) -> i64 {
        let word = read(&bytes[..self.container as usize], big_endian);
        let mut v = 0u64;
        for &(vbit, width, cbit) in self.pieces {
            let mask = if width >= 64 { u64::MAX } else { (1u64 << width) - 1 };
            v |= ((word >> cbit) & mask) << vbit;
        }
        let w = self.width();
        let v = if self.range == Range::Signed && w < 64 { ((v << (64 - w)) as i64) >> (64 - w) } else { v as i64 };
        v << self.shift
    }
}

fn read(c: &[u8], big_endian: bool) -> u64 {
    let mut w = 0u64;
    if big_endian {
        for &b in c {
            w = (w << 8) | b as u64;
        }
    } else {
        for &b in c.iter().rev() {
            w = (w << 8) | b as u64;
        }
    }
    w
}

fn write(c: &mut [u8], mut w: u64, big_endian: bool) {
    let n = c.len();
    for i in 0..n {
        let at = if big_endian { n - 1 - i } else { i };
        c[at] = w as u8;
        w >>= 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// arm64 `B`/`BL`: imm26 in bits 0..26, in words.
    const CALL26: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 26, 0)], shift: 2, range: Range::Signed };
    /// arm64 `ADR`: immlo in bits 29..31, immhi in bits 5..24.
    const ADR21: FieldLayout =
        FieldLayout { container: 4, pieces: &[(0, 2, 29), (2, 19, 5)], shift: 0, range: Range::Signed };

    #[test]
    fn branch_field_keeps_the_opcode_and_checks_range_and_alignment() {
        let mut w = 0x9400_0000u32.to_le_bytes(); // BL 0
        CALL26.apply(&mut w, -8, false).unwrap();
        assert_eq!(u32::from_le_bytes(w), 0x97ff_fffe);
        assert_eq!(CALL26.read(&w, false), -8);
        assert!(CALL26.apply(&mut w, 6, false).unwrap_err().contains("multiple of 4"));
        assert!(CALL26.apply(&mut w, 1 << 27, false).unwrap_err().contains("does not fit"));
        CALL26.apply(&mut w, (1 << 27) - 4, false).unwrap();
        CALL26.apply(&mut w, -(1 << 27), false).unwrap();
    }

    #[test]
    fn split_fields_and_byte_orders() {
        let mut le = 0x1000_0000u32.to_le_bytes(); // ADR X0, .
        ADR21.apply(&mut le, 0x12345, false).unwrap();
        // immlo = 0b01 at 29, immhi = 0x48d1 at 5
        assert_eq!(u32::from_le_bytes(le), 0x1000_0000 | (0b01 << 29) | (0x48d1 << 5));
        assert_eq!(ADR21.read(&le, false), 0x12345);
        let mut be = 0x1000_0000u32.to_be_bytes();
        ADR21.apply(&mut be, -1, true).unwrap();
        assert_eq!(ADR21.read(&be, true), -1);
        assert_eq!(u32::from_be_bytes(be) & 0x9f00_001f, 0x1000_0000 & 0x9f00_001f);
    }

    #[test]
    fn whole_words() {
        let mut d = [0u8; 8];
        FieldLayout::whole(8, Range::Wrap).apply(&mut d, -2, false).unwrap();
        assert_eq!(d, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        let rel32 = FieldLayout::whole(4, Range::Signed);
        let mut d = [0xaa; 5];
        rel32.apply(&mut d, -5, false).unwrap();
        assert_eq!(d, [0xfb, 0xff, 0xff, 0xff, 0xaa]);
        assert!(rel32.apply(&mut d, 1 << 31, false).is_err());
        let u16f = FieldLayout::whole(2, Range::Unsigned);
        assert!(u16f.apply(&mut d, -1, true).is_err());
        u16f.apply(&mut d, 0xbeef, true).unwrap();
        assert_eq!(&d[..2], &[0xbe, 0xef]);
    }
}
