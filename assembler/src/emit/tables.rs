//! The object's per-function tables (`.eh_frame`, `.debug_frame`, the stack maps and the line
//! table's sequences), appended to as the back end finishes each function, so that a finished
//! function keeps only what the object writer still needs of it (its fixups, for relocations
//! against symbols that are final only at the end of the file). Joined at the end instead, each
//! function's pieces and the sections made from them were all live at once: about a fifth of
//! the peak memory of a file of 20 000 functions.

use crate::arch::Arch;
use crate::emit::debuginfo::{FuncLines, LineSequences};
use crate::emit::elf::{CfiImages, Unwind};
use crate::frame::cfi::{self, Encoded, Section};
use crate::frame::stackmap::{self, FuncData, PtrTarget};
use crate::prog::Func;

/// What the tables need of a finished function, moved in by [`FuncTables::push`].
pub struct FuncParts {
    pub unwind: Result<Unwind, String>,
    pub funcdata: FuncData,
    pub pcsp: Vec<u8>,
    pub pcdata: Vec<Vec<u8>>,
    pub lines: FuncLines,
}

/// Which tables an object gets.
#[derive(Clone, Copy, Debug)]
pub struct Wanted {
    pub debug_frame: bool,
    pub stackmap: bool,
    pub debug_info: bool,
}

/// The tables so far. The CFI sections start with their CIE at the first function (an object
/// without functions has none); an error (a frame the unwind tables cannot say) is kept and
/// reported when the object is built, as the first one met.
pub struct FuncTables {
    wanted: Wanted,
    eh_frame: Option<Encoded>,
    debug_frame: Option<Encoded>,
    /// The stack-map section's records and their pointer slots ([`stackmap::write_record`]).
    pub stackmap: Vec<u8>,
    pub stackmap_slots: Vec<(usize, PtrTarget)>,
    pub lines: LineSequences,
    error: Option<String>,
}

impl FuncTables {
    pub fn new(wanted: Wanted) -> FuncTables {
        FuncTables {
            wanted,
            eh_frame: None,
            debug_frame: None,
            stackmap: Vec::new(),
            stackmap_slots: Vec::new(),
            lines: LineSequences::default(),
            error: None,
        }
    }

    /// Appends function `index` of the object: `f` at `offset` in `.text`, `size` bytes, named
    /// `name` in the object.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        arch: &dyn Arch,
        index: usize,
        f: &Func,
        (offset, size): (u64, u32),
        (name, is_static): (&str, bool),
        parts: FuncParts,
    ) {
        if let Err(e) = self.try_push(arch, index, f, (offset, size), (name, is_static), parts) {
            self.error.get_or_insert(e);
        }
    }

    fn try_push(
        &mut self,
        arch: &dyn Arch,
        index: usize,
        f: &Func,
        (offset, size): (u64, u32),
        (name, is_static): (&str, bool),
        parts: FuncParts,
    ) -> Result<(), String> {
        let g = arch.goarch();
        let big = g.big_endian();
        let unwind = parts.unwind?;
        let cie = |section| cfi::cie(&cfi::CfiTarget::of(g), arch.dwarf(), section);
        if self.eh_frame.is_none() {
            self.eh_frame = Some(cie(Section::EhFrame)?);
        }
        if let Some(out) = &mut self.eh_frame {
            cfi::append_fde(out, &unwind.eh_frame, Section::EhFrame, big);
        }
        if self.wanted.debug_frame {
            let fde = unwind.debug_frame.as_ref().ok_or("the unwind tables were encoded without .debug_frame")?;
            if self.debug_frame.is_none() {
                self.debug_frame = Some(cie(Section::DebugFrame)?);
            }
            if let Some(out) = &mut self.debug_frame {
                cfi::append_fde(out, fde, Section::DebugFrame, big);
            }
        }
        if self.wanted.stackmap {
            let rec = stackmap::Record {
                func: f,
                funcdata: &parts.funcdata,
                index,
                size,
                name,
                is_static,
                pcsp: &parts.pcsp,
                pcdata: &parts.pcdata,
            };
            let at = self.stackmap.len();
            let slots = stackmap::write_record(&mut self.stackmap, &rec, g.ptr_size() as usize, g.min_lc() as u8, big)?;
            debug_assert!(slots.iter().all(|(o, _)| *o >= at));
            self.stackmap_slots.extend(slots);
        }
        if self.wanted.debug_info {
            self.lines.push(offset, size as u64, &parts.lines, g.ptr_size());
        }
        Ok(())
    }

    /// The CFI sections, or the first error met.
    pub fn cfi(&mut self) -> Result<CfiImages, String> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        // (an object without functions gets an empty `.eh_frame`, and `.debug_frame` when asked)
        let debug_frame = self.wanted.debug_frame.then(|| self.debug_frame.take().unwrap_or_default());
        Ok(CfiImages { eh_frame: self.eh_frame.take().unwrap_or_default(), debug_frame })
    }
}
