//! The second lowering of the frame model: ARM EHABI unwind entries (`.ARM.exidx`, and
//! `.ARM.extab` for long ones), next to the DWARF CFI of [`super::cfi`].
//!
//! libgcc's arm unwinder (unwind-arm-common.inc, the one `arm-linux-gnueabihf-gcc` links)
//! finds a frame's unwind entry in the EHABI index (`__exidx_start`/`PT_ARM_EXIDX`); it never
//! reads `.eh_frame`. Measured: a static C program whose `_Unwind_Backtrace` runs through an
//! ARM-mode assembly function with only `.cfi_*` directives stops at that function (2 frames
//! of 6); with `.fnstart`/`.save {lr}`/`.fnend` it walks all 6 (book/src/arm.md).
//!
//! EHABI describes a function by one sequence of unwind opcodes, valid at its call sites (the
//! model is not asynchronous): the state the frame model has at every call, which must agree.
//! From that state, with SP = CFA - `cfa` and each saved register at CFA + offset, the opcodes
//! walk the virtual SP up the frame: `vsp += n` up to each save, `pop {r}` (which also moves vsp
//! past it), and `vsp += n` up to the CFA; the return address is R14 (popped or still live).

use super::cfi::RegisterMapper;
use super::model::Row;

/// `EXIDX_CANTUNWIND`: the second word of an index entry for a frame that cannot be unwound.
pub const CANTUNWIND: u32 = 1;
/// `finish`: the padding opcode.
const FINISH: u8 = 0xb0;

/// One function's entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// The index says the frame cannot be unwound (a lost frame, a top frame, call sites with
    /// different frames).
    CantUnwind,
    /// The compact model with personality routine 0 (`__aeabi_unwind_cpp_pr0`), inline in the
    /// index: the second word.
    Inline(u32),
    /// The compact model with personality routine 1 (`__aeabi_unwind_cpp_pr1`) in `.ARM.extab`:
    /// its words (opcodes, then the empty descriptor list's terminating 0).
    Table(Vec<u32>),
}

impl Entry {
    /// The personality routine the entry needs the linker to bring in.
    pub fn personality(&self) -> Option<&'static str> {
        match self {
            Entry::CantUnwind => None,
            Entry::Inline(_) => Some("__aeabi_unwind_cpp_pr0"),
            Entry::Table(_) => Some("__aeabi_unwind_cpp_pr1"),
        }
    }
}

/// The unwind row in effect at `pc`.
fn row_at(rows: &[Row], pc: u32) -> Option<&Row> {
    rows.iter().take_while(|r| r.pc <= pc).last()
}

/// The state the entry describes: the one at every call site (`None` if they differ); a
/// function without calls is described by its deepest frame (where an unwinder could find it
/// through a fault handler), or by the entry state.
pub fn body_state(rows: &[Row], calls: &[u32]) -> Result<Row, String> {
    let entry = Row { pc: 0, cfa: 0, saved: Default::default(), lost: false };
    if calls.is_empty() {
        // the first of the deepest (later rows with that SP can follow a return)
        return Ok(rows.iter().rev().filter(|r| !r.lost).max_by_key(|r| r.cfa).copied().unwrap_or(entry));
    }
    let mut state: Option<Row> = None;
    for &pc in calls {
        let r = row_at(rows, pc).copied().unwrap_or(entry);
        match state {
            None => state = Some(r),
            Some(s) if s.cfa == r.cfa && s.saved == r.saved && s.lost == r.lost => {}
            Some(s) => {
                return Err(format!(
                    "its calls are made with different frames (SP {} and {} below the CFA)",
                    s.cfa, r.cfa
                ));
            }
        }
    }
    Ok(state.unwrap_or(entry))
}

/// `vsp = vsp + n` (n a multiple of 4).
fn vsp_add(ops: &mut Vec<u8>, mut n: i64) -> Result<(), String> {
    if n < 0 || n % 4 != 0 {
        return Err(format!("an SP step of {n} bytes (EHABI counts words)"));
    }
    while n > 0 {
        if n >= 0x204 {
            // 0xb2 uleb128: vsp = vsp + 0x204 + (uleb128 << 2)
            ops.push(0xb2);
            let mut v = ((n - 0x204) >> 2) as u64;
            loop {
                let b = (v & 0x7f) as u8;
                v >>= 7;
                if v == 0 {
                    ops.push(b);
                    break;
                }
                ops.push(b | 0x80);
            }
            return Ok(());
        }
        // 00xxxxxx: vsp = vsp + (xxxxxx << 2) + 4, up to 0x100
        let m = n.min(0x100);
        ops.push(((m >> 2) - 1) as u8);
        n -= m;
    }
    Ok(())
}

/// The unwind opcodes of `state` (without padding).
pub fn opcodes(state: &Row, mapper: &dyn RegisterMapper) -> Result<Vec<u8>, String> {
    if state.lost {
        return Err("SP was written in a way the frame model cannot follow".into());
    }
    // (offset from SP, ARM register number)
    let mut saves: Vec<(i64, u16)> = Vec::new();
    for (r, off) in state.saved.iter() {
        let Some(d) = mapper.map(r) else { continue };
        if d > 15 {
            return Err(format!("a saved register (DWARF {d}) EHABI's core-register pops cannot restore"));
        }
        saves.push((state.cfa + off, d));
    }
    saves.sort();
    let mut ops = Vec::new();
    let mut cur = 0i64;
    for (at, r) in saves {
        if at < cur {
            return Err("saved registers overlap".into());
        }
        vsp_add(&mut ops, at - cur)?;
        if r >= 4 {
            // 1000iiii iiiiiiii: pop {r4-r15} under mask
            let mask = 1u16 << (r - 4);
            ops.push(0x80 | (mask >> 8) as u8);
            ops.push(mask as u8);
        } else {
            // 10110001 0000iiii: pop {r0-r3} under mask
            ops.push(0xb1);
            ops.push(1 << r);
        }
        cur = at + 4;
    }
    if state.cfa < cur {
        return Err("a save above the CFA".into());
    }
    vsp_add(&mut ops, state.cfa - cur)?;
    Ok(ops)
}

/// The entry for a function, from its unwind rows and the pcs of its calls.
pub fn lower(rows: &[Row], calls: &[u32], topframe: bool, mapper: &dyn RegisterMapper) -> Result<Entry, String> {
    if topframe {
        return Ok(Entry::CantUnwind);
    }
    let state = body_state(rows, calls)?;
    let mut ops = opcodes(&state, mapper)?;
    if ops.len() <= 3 {
        ops.resize(3, FINISH);
        return Ok(Entry::Inline(0x8000_0000 | (ops[0] as u32) << 16 | (ops[1] as u32) << 8 | ops[2] as u32));
    }
    // personality 1 in the table: 0x81, the count of further words, two opcodes, then four
    // opcodes a word, then the (empty) descriptor list's terminator
    let rest = ops.len() - 2;
    let words = rest.div_ceil(4);
    ops.resize(2 + words * 4, FINISH);
    let mut out = vec![0x8100_0000 | (words as u32) << 16 | (ops[0] as u32) << 8 | ops[1] as u32];
    for w in ops[2..].chunks(4) {
        out.push(u32::from_be_bytes([w[0], w[1], w[2], w[3]]));
    }
    out.push(0);
    Ok(Entry::Table(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::model::SavedRegs;
    use crate::prog::Reg;

    struct Arm;
    impl RegisterMapper for Arm {
        fn map(&self, r: Reg) -> Option<u16> {
            Some(r.0)
        }
        fn sp(&self) -> u16 {
            13
        }
        fn return_address(&self) -> u16 {
            14
        }
        fn callee_saved(&self) -> &'static [Reg] {
            &[]
        }
    }

    fn row(pc: u32, cfa: i64, saved: &[(u16, i64)]) -> Row {
        let mut s = SavedRegs::default();
        for &(r, o) in saved {
            s.insert(Reg(r), o);
        }
        Row { pc, cfa, saved: s, lost: false }
    }

    #[test]
    fn go_frames_lower_to_pop_lr_and_a_frame_step() {
        // MOVW.W R14, -12(R13): LR at CFA-12 = SP+0, CFA = SP+12
        let rows = [row(0, 0, &[]), row(4, 12, &[(14, -12)])];
        let e = lower(&rows, &[8], false, &Arm).unwrap();
        // pop {r14}; vsp += 8
        assert_eq!(e, Entry::Inline(0x8084_0001));
        // a leaf without a frame: LR is live, nothing to do
        assert_eq!(lower(&[row(0, 0, &[])], &[], false, &Arm).unwrap(), Entry::Inline(0x80b0_b0b0));
        assert_eq!(lower(&rows, &[8], true, &Arm).unwrap(), Entry::CantUnwind);
    }

    #[test]
    fn large_frames_use_the_table() {
        // a 4096-byte frame: pop {r14}; vsp += 4092 (0xb2 uleb128((4092-0x204)/4) = 0xb2 0xfe 0x06)
        let rows = [row(0, 0, &[]), row(4, 4096, &[(14, -4096)])];
        let e = lower(&rows, &[8], false, &Arm).unwrap();
        assert_eq!(e, Entry::Table(vec![0x8101_8400, 0xb2fe_06b0, 0]));
        let mut ops = Vec::new();
        vsp_add(&mut ops, 0x104).unwrap();
        assert_eq!(ops, [0x3f, 0x00]);
        assert!(vsp_add(&mut Vec::new(), 6).is_err());
    }

    #[test]
    fn calls_with_different_frames_cannot_be_described() {
        let rows = [row(0, 0, &[]), row(4, 12, &[(14, -12)]), row(12, 20, &[(14, -12)])];
        assert!(lower(&rows, &[8, 16], false, &Arm).is_err());
        assert!(lower(&rows, &[8, 10], false, &Arm).is_ok());
    }
}
