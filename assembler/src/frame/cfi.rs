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
