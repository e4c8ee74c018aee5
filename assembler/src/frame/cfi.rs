//! DWARF call frame information, lowered from the arch-neutral frame rows ([`super::model`])
//! through a per-architecture [`RegisterMapper`]. Nothing here is written per architecture.

use gimli::write::{
    Address, CallFrameInstruction, CommonInformationEntry, EndianVec, FrameDescriptionEntry, FrameTable, RelocateWriter,
};
use gimli::{Encoding, Format, Register, RunTimeEndian};

use super::model::Row;
use crate::prog::Reg;

/// Maps an architecture's registers to DWARF register numbers.
pub trait RegisterMapper: Sync {
    fn map(&self, r: Reg) -> Option<u16>;
    /// DWARF number of the stack pointer.
    fn sp(&self) -> u16;
    /// The return-address column (x86: the pseudo-register RIP/EIP; LR machines: LR).
    fn return_address(&self) -> u16;
    /// Registers the platform C ABI expects a callee to preserve (their saves are described).
    fn callee_saved(&self) -> &'static [Reg];
}

/// What the CIE needs to know about the target.
#[derive(Clone, Copy, Debug)]
pub struct CfiTarget {
    pub big_endian: bool,
    pub address_size: u8,
    pub code_alignment: u8,
    pub data_alignment: i8,
    /// Bytes the call pushed (x86: the return address slot; 0 on link-register machines).
    pub ra_slot: i64,
    /// State the caller's SP (SP = CFA) as a rule in the CIE: the target's unwinders do not take
    /// the CFA to be the caller's SP without one (s390x, whose C ABI puts the CFA 160 bytes
    /// above the caller's SP, so libgcc keeps the inner frame's SP instead).
    pub sp_rule: bool,
}

impl CfiTarget {
    /// The one place that knows these facts for every target.
    pub fn of(g: crate::target::GoArch) -> CfiTarget {
        CfiTarget {
            big_endian: g.big_endian(),
            address_size: g.ptr_size(),
            code_alignment: g.min_lc() as u8,
            // x86 saves registers at any byte offset (PUSHW), so offsets are not factored there;
            // link-register machines save 4- or 8-byte registers at aligned offsets
            data_alignment: if g.has_link_register() { -4 } else { -1 },
            ra_slot: if g.has_link_register() { 0 } else { g.reg_size() as i64 },
            sp_rule: g == crate::target::GoArch::S390x,
        }
    }
}

/// The unwind description of one function.
pub struct FuncCfi<'a> {
    /// Index of the function in the object (becomes a relocation against its symbol).
    pub symbol: usize,
    pub size: u32,
    pub rows: &'a [Row],
    pub topframe: bool,
}

/// A relocation gimli recorded while writing.
#[derive(Clone, Debug)]
pub struct CfiReloc {
    pub offset: usize,
    pub size: u8,
    /// Function index (`FuncCfi::symbol`) or, for `.debug_frame` CIE pointers, a section.
    pub target: gimli::write::RelocationTarget,
    pub addend: i64,
    pub pcrel: bool,
}

/// A section being written, with the relocations gimli asks for (the CFI's and the debug
/// information's: a relocation is PC-relative only where gimli says so with an `eh_pe`).
#[derive(Clone)]
pub(crate) struct Recorder {
    pub(crate) w: EndianVec<RunTimeEndian>,
    pub(crate) relocs: Vec<CfiReloc>,
}

impl RelocateWriter for Recorder {
    type Writer = EndianVec<RunTimeEndian>;
    fn writer(&self) -> &Self::Writer {
        &self.w
    }
    fn writer_mut(&mut self) -> &mut Self::Writer {
        &mut self.w
    }
    fn relocate(&mut self, r: gimli::write::Relocation) {
        let pcrel = r.eh_pe.is_some_and(|pe| pe.application() == gimli::DW_EH_PE_pcrel);
        self.relocs.push(CfiReloc { offset: r.offset, size: r.size, target: r.target, addend: r.addend, pcrel });
    }
}

fn table(t: &CfiTarget, mapper: &dyn RegisterMapper, funcs: &[FuncCfi], eh: bool) -> Result<FrameTable, String> {
    let encoding = Encoding { format: Format::Dwarf32, version: if eh { 1 } else { 3 }, address_size: t.address_size };
    let ra = Register(mapper.return_address());
    let sp = Register(mapper.sp());
    let mut cie = CommonInformationEntry::new(encoding, t.code_alignment, t.data_alignment, ra);
    if eh {
        cie.fde_address_encoding = gimli::DW_EH_PE_pcrel | gimli::DW_EH_PE_sdata4;
    }
    cie.add_instruction(CallFrameInstruction::Cfa(sp, t.ra_slot as i32));
    if t.ra_slot > 0 {
        cie.add_instruction(CallFrameInstruction::Offset(ra, -t.ra_slot as i32));
    }
    if t.sp_rule {
        cie.add_instruction(CallFrameInstruction::ValOffset(sp, 0));
    }
    let mut table = FrameTable::default();
    let cie_id = table.add_cie(cie);
    for f in funcs {
        let mut fde = FrameDescriptionEntry::new(Address::Symbol { symbol: f.symbol, addend: 0 }, f.size);
        if f.topframe {
            fde.add_instruction(0, CallFrameInstruction::Undefined(ra));
        }
        let mut cur = Row { pc: 0, cfa: t.ra_slot, saved: Default::default(), lost: false };
        for row in f.rows {
            if row.lost && !cur.lost {
                fde.add_instruction(row.pc, CallFrameInstruction::Undefined(ra));
            }
            if row.cfa != cur.cfa {
                let off =
                    i32::try_from(row.cfa).map_err(|_| format!("CFA offset {} does not fit in 32 bits", row.cfa))?;
                fde.add_instruction(row.pc, CallFrameInstruction::CfaOffset(off));
            }
            for (r, off) in row.saved.iter() {
                if cur.saved.contains(r, off) {
                    continue;
                }
                if let Some(d) = mapper.map(r) {
                    fde.add_instruction(row.pc, CallFrameInstruction::Offset(Register(d), off as i32));
                }
            }
            for (r, _) in cur.saved.iter() {
                if !row.saved.has(r)
                    && let Some(d) = mapper.map(r)
                {
                    fde.add_instruction(row.pc, CallFrameInstruction::Restore(Register(d)));
                }
            }
            cur = *row;
        }
        table.add_fde(cie_id, fde);
    }
    Ok(table)
}

/// Which call-frame section to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// `.eh_frame`: pc-relative FDE addresses, what unwinders read at run time.
    EhFrame,
    /// `.debug_frame`: absolute FDE addresses, CIE pointers as section offsets (Go's layout).
    DebugFrame,
}

/// Writes the call frame information of the functions; returns the bytes and the relocations
/// gimli recorded.
pub fn write(
    t: &CfiTarget,
    mapper: &dyn RegisterMapper,
    funcs: &[FuncCfi],
    section: Section,
) -> Result<(Vec<u8>, Vec<CfiReloc>), String> {
    let table = table(t, mapper, funcs, section == Section::EhFrame)?;
    let endian = if t.big_endian { RunTimeEndian::Big } else { RunTimeEndian::Little };
    let w = Recorder { w: EndianVec::new(endian), relocs: Vec::new() };
    let w = match section {
        Section::EhFrame => {
            let mut s = gimli::write::EhFrame(w);
            table.write_eh_frame(&mut s).map_err(|e| e.to_string())?;
            s.0
        }
        Section::DebugFrame => {
            let mut s = gimli::write::DebugFrame(w);
            table.write_debug_frame(&mut s).map_err(|e| e.to_string())?;
            s.0
        }
    };
    Ok((w.w.into_vec(), w.relocs))
}

/// One section's CIE alone, and one function's FDE alone, as they are in the section [`write`]
/// writes: [`join`] puts a CIE and FDEs together into the same bytes. The back end encodes each
/// function's FDE as soon as it has the function's rows, so that the rows (88 bytes each) need
/// not wait for the end of the file.
pub type Encoded = (Vec<u8>, Vec<CfiReloc>);

/// The CIE of `section`, cut out of a section holding one FDE (gimli writes a CIE only for the
/// FDEs that use it).
pub fn cie(t: &CfiTarget, mapper: &dyn RegisterMapper, section: Section) -> Result<Encoded, String> {
    let none = FuncCfi { symbol: 0, size: 0, rows: &[], topframe: false };
    Ok(split(t, mapper, &none, section)?.0)
}

/// The FDE of `f`, cut out of a section holding only the CIE and it; [`join`] sets its CIE
/// pointer for where it lands.
pub fn fde(t: &CfiTarget, mapper: &dyn RegisterMapper, f: &FuncCfi, section: Section) -> Result<Encoded, String> {
    Ok(split(t, mapper, f, section)?.1)
}

/// The section holding the CIE and `f`'s FDE, cut into the two (each with its relocations, the
/// FDE's from its own start).
fn split(
    t: &CfiTarget,
    mapper: &dyn RegisterMapper,
    f: &FuncCfi,
    section: Section,
) -> Result<(Encoded, Encoded), String> {
    let (mut cie, relocs) = write(t, mapper, std::slice::from_ref(f), section)?;
    let cie_len = 4 + word(&cie, 0, t.big_endian) as usize;
    let fde = cie.split_off(cie_len);
    let (cie_relocs, fde_relocs): (Vec<CfiReloc>, Vec<CfiReloc>) = relocs.into_iter().partition(|r| r.offset < cie_len);
    let fde_relocs = fde_relocs.into_iter().map(|r| CfiReloc { offset: r.offset - cie_len, ..r }).collect();
    Ok(((cie, cie_relocs), (fde, fde_relocs)))
}

/// The section [`write`] writes for these functions, from its CIE and their FDEs: the FDEs follow
/// the CIE in order ([`append_fde`]).
pub fn join<'a>(cie: Encoded, fdes: impl Iterator<Item = &'a Encoded>, section: Section, big_endian: bool) -> Encoded {
    let mut fdes = fdes.peekable();
    if fdes.peek().is_none() {
        // no FDE, no CIE
        return (Vec::new(), Vec::new());
    }
    let mut out = cie;
    for fde in fdes {
        append_fde(&mut out, fde, section, big_endian);
    }
    out
}

/// Appends an FDE to a section that starts with its CIE: each `.eh_frame` CIE pointer (the
/// distance back to the CIE) is set for its place; `.debug_frame`'s point at the CIE through a
/// relocation, which moves with them.
pub fn append_fde(out: &mut Encoded, (fde, fde_relocs): &Encoded, section: Section, big_endian: bool) {
    let (bytes, relocs) = out;
    let at = bytes.len();
    bytes.extend_from_slice(fde);
    if section == Section::EhFrame {
        // the pointer is the second word; the CIE is at offset 0
        let back = (at + 4) as u32;
        bytes[at + 4..at + 8].copy_from_slice(&if big_endian { back.to_be_bytes() } else { back.to_le_bytes() });
    }
    relocs.extend(fde_relocs.iter().map(|r| CfiReloc { offset: r.offset + at, ..r.clone() }));
}

fn word(b: &[u8], at: usize, big_endian: bool) -> u32 {
    let w: [u8; 4] = b[at..at + 4].try_into().unwrap_or_default();
    if big_endian { u32::from_be_bytes(w) } else { u32::from_le_bytes(w) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::GoArch;

    /// Functions with frames that grow, save registers, restore them and lose the caller, one a
    /// top frame, one without rows.
    fn rows() -> Vec<Vec<Row>> {
        let mut saved = crate::frame::model::SavedRegs::default();
        saved.insert(Reg(crate::arch::x86::regs::BX), -24);
        let row = |pc, cfa, saved, lost| Row { pc, cfa, saved, lost };
        let none = Default::default();
        vec![
            // (pcs a multiple of every target's instruction size)
            vec![row(4, 16, none, false), row(8, 24, saved, false), row(36, 16, none, false)],
            vec![],
            vec![row(4, 40, none, false), row(28, 40, none, true)],
            vec![row(0x1_0000, 0x12345, saved, false)],
        ]
    }

    #[test]
    fn fdes_joined_are_the_section_written_whole() {
        for g in [GoArch::Amd64, GoArch::I386, GoArch::Arm64, GoArch::S390x] {
            let arch = crate::arch::for_goarch(g);
            let t = CfiTarget::of(g);
            let rows = rows();
            let funcs: Vec<FuncCfi> = rows
                .iter()
                .enumerate()
                .map(|(i, r)| FuncCfi { symbol: i, size: 0x40 + i as u32 * 0x1_0000, rows: r, topframe: i == 2 })
                .collect();
            for section in [Section::EhFrame, Section::DebugFrame] {
                let whole = write(&t, arch.dwarf(), &funcs, section).unwrap();
                let fdes: Vec<Encoded> = funcs.iter().map(|f| fde(&t, arch.dwarf(), f, section).unwrap()).collect();
                let joined = join(cie(&t, arch.dwarf(), section).unwrap(), fdes.iter(), section, t.big_endian);
                assert_eq!(joined.0, whole.0, "{g} {section:?}: bytes");
                assert_eq!(format!("{:?}", joined.1), format!("{:?}", whole.1), "{g} {section:?}: relocations");
                // nothing to describe, nothing written
                let empty = join(cie(&t, arch.dwarf(), section).unwrap(), [].iter(), section, t.big_endian);
                assert_eq!(empty.0, write(&t, arch.dwarf(), &[], section).unwrap().0, "{g} {section:?}: empty");
            }
        }
    }
}
