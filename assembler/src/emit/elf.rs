//! The ELF object: build the model with the `object` crate, then write it once.
//!
//! Layout: one `.text` per file holding every function (aligned, padded with the arch's fill
//! byte), `.data`/`.rodata`/`.bss`/`.tbss` for GLOBL symbols, `.eh_frame` and the stack-map
//! section when asked for, and an empty `.note.GNU-stack`. Fixups against this file's own
//! functions that are PC-relative are resolved here; everything else becomes a relocation
//! through the architecture's table.

use object::write::{Object, Relocation, SectionId, StandardSection, Symbol, SymbolId, SymbolSection};
use object::{BinaryFormat, FileFlags, RelocationFlags, SectionKind, SymbolFlags, SymbolKind, SymbolScope, elf};
use rustc_hash::FxHashMap;

use crate::arch::{Arch, Code};
use crate::emit::fixup::{self, ElfReloc, ElfRelocs, Fixup, FixupKind, RelocTarget};
use crate::prog::{Addr, DataSym, Func, textflag};
use crate::sym::{SymId, Symbols};

/// Why an object could not be written, and the source line it comes from where there is one.
#[derive(Debug)]
pub struct ElfError {
    pub origin: Option<p9asm_macros::Origin>,
    pub msg: String,
}

impl From<String> for ElfError {
    fn from(msg: String) -> ElfError {
        ElfError { origin: None, msg }
    }
}

trait At<T> {
    /// Attributes an error without a position to `origin`.
    fn at(self, origin: p9asm_macros::Origin) -> Result<T, ElfError>;
}

impl<T, E: Into<ElfError>> At<T> for Result<T, E> {
    fn at(self, origin: p9asm_macros::Origin) -> Result<T, ElfError> {
        self.map_err(|e| {
            let mut e = e.into();
            e.origin.get_or_insert(origin);
            e
        })
    }
}

/// A finished function: its Progs (with pcs) and its code.
pub struct FuncCode {
    /// The function. Its Progs are kept only when asked for (`AsmOptions::keep_progs`, `-S`):
    /// everything the object needs is in the other fields.
    pub func: Func,
    pub code: Code,
    pub frame: FuncFrame,
    pub funcdata: crate::frame::stackmap::FuncData,
}

/// Where each function landed in `.text`.
#[derive(Clone, Debug, Default)]
pub struct TextLayout {
    pub offsets: Vec<u64>,
    pub bytes: Vec<u8>,
}

pub fn layout_text(arch: &dyn Arch, funcs: &[FuncCode]) -> TextLayout {
    let et = arch.elf();
    let mut t = TextLayout::default();
    for fc in funcs {
        let align = et.func_align as usize;
        while t.bytes.len() % align != 0 {
            t.bytes.push(et.text_fill);
        }
        t.offsets.push(t.bytes.len() as u64);
        t.bytes.extend_from_slice(&fc.code.bytes);
    }
    t
}

/// Encoded CFI sections: bytes plus the relocations gimli asked for.
pub struct CfiImages {
    pub eh_frame: (Vec<u8>, Vec<crate::frame::cfi::CfiReloc>),
    pub debug_frame: Option<(Vec<u8>, Vec<crate::frame::cfi::CfiReloc>)>,
}

/// Builds ELF objects for one assembled file.
pub struct ElfBuilder<'a> {
    pub obj: Object<'a>,
    pub arch: &'a dyn Arch,
    pub syms: &'a Symbols,
    /// Keyed by [`Symbols::canon`]: one ELF symbol per object name, however it was spelled.
    sym_ids: FxHashMap<SymId, SymbolId>,
    named: FxHashMap<&'static str, SymbolId>,
    pub text: SectionId,
    /// (SymId of a local function, text offset) for resolving references in place.
    local_text: FxHashMap<SymId, u64>,
    /// Where each data symbol was declared, for errors found after the fact.
    data_origins: FxHashMap<SymbolId, p9asm_macros::Origin>,
}

impl<'a> ElfBuilder<'a> {
    pub fn new(arch: &'a dyn Arch, syms: &'a Symbols) -> ElfBuilder<'a> {
        let et = arch.elf();
        // the byte order is the GOARCH's (target.rs), the one place that says it
        let endian = if arch.goarch().big_endian() { object::Endianness::Big } else { object::Endianness::Little };
        let mut obj = Object::new(BinaryFormat::Elf, et.architecture, endian);
        // ELFOSABI_GNU: GNU ld honours SHF_GNU_RETAIN (the stack-map section) only in GNU objects

        obj.flags = FileFlags::Elf { os_abi: elf::ELFOSABI_GNU, abi_version: 0, e_flags: elf::FileFlags(et.e_flags) };
        let text = obj.section_id(StandardSection::Text);
        ElfBuilder {
            obj,
            arch,
            syms,
            sym_ids: FxHashMap::default(),
            named: FxHashMap::default(),
            text,
            local_text: FxHashMap::default(),
            data_origins: FxHashMap::default(),
        }
    }

    pub fn object_name(&self, s: SymId) -> String {
        self.syms.object_name(s)
    }

    /// The ELF symbol for a p9asm symbol, creating an undefined one on first use.
    pub fn symbol(&mut self, s: SymId) -> SymbolId {
        let s = self.syms.canon(s);
        if let Some(&id) = self.sym_ids.get(&s) {
            return id;
        }
        let sym = self.syms.get(s);
        let id = self.obj.add_symbol(Symbol {
            name: self.object_name(s).into_bytes(),
            value: 0,
            size: 0,
            kind: SymbolKind::Unknown,
            scope: if sym.is_static { SymbolScope::Compilation } else { SymbolScope::Dynamic },
            weak: false,
            section: SymbolSection::Undefined,
            flags: SymbolFlags::None,
        });
        self.sym_ids.insert(s, id);
        id
    }

    /// Records the definition of `s`. The parser has rejected a second definition of one object
    /// name (E0215) and any reference made before is bound to the defined symbol, so the
    /// symbol table holds each name once.
    fn define(&mut self, s: SymId, id: SymbolId) -> Result<(), String> {
        match self.sym_ids.insert(self.syms.canon(s), id) {
            None => Ok(()),
            Some(_) => Err(format!("{} is defined twice or referenced before its definition", self.object_name(s))),
        }
    }

    fn named_symbol(&mut self, name: &'static str, tls: bool) -> Result<SymbolId, ElfError> {
        if let Some(&id) = self.named.get(name) {
            return Ok(id);
        }
        // defined in this object (e.g. the runtime's own TLS slot)? Then it must be of the
        // kind the reference needs: a TLS relocation against ordinary data would link to an
        // address that means something else.
        if let Some(id) = self.obj.symbol_id(name.as_bytes()) {
            let is_tls = self.obj.symbol(id).kind == SymbolKind::Tls;
            if tls && !is_tls {
                return Err(ElfError {
                    origin: self.data_origins.get(&id).copied(),
                    msg: format!(
                        "{name} is accessed as thread-local storage but defined as ordinary data: declare it GLOBL {name}(SB), TLSBSS, $size"
                    ),
                });
            }
            self.named.insert(name, id);
            return Ok(id);
        }
        let id = self.obj.add_symbol(Symbol {
            name: name.as_bytes().to_vec(),
            value: 0,
            size: 0,
            kind: if tls { SymbolKind::Tls } else { SymbolKind::Unknown },
            scope: SymbolScope::Dynamic,
            weak: false,
            section: SymbolSection::Undefined,
            flags: SymbolFlags::None,
        });
        self.named.insert(name, id);
        Ok(id)
    }

    /// Adds `.text` and one symbol per function. Returns the text layout.
    pub fn add_text(&mut self, funcs: &[FuncCode]) -> Result<TextLayout, ElfError> {
        let layout = layout_text(self.arch, funcs);
        let align = self.arch.elf().func_align;
        self.obj.append_section_data(self.text, &layout.bytes, align);
        for (fc, &off) in funcs.iter().zip(&layout.offsets) {
            let s = fc.func.sym;
            let sym = self.syms.get(s);
            let id = self.obj.add_symbol(Symbol {
                name: self.object_name(s).into_bytes(),
                value: off,
                size: fc.code.bytes.len() as u64,
                kind: SymbolKind::Text,
                scope: if sym.is_static { SymbolScope::Compilation } else { SymbolScope::Dynamic },
                weak: fc.func.flags & textflag::DUPOK != 0,
                section: SymbolSection::Section(self.text),
                flags: SymbolFlags::None,
            });
            self.define(s, id).at(fc.func.origin)?;
            if sym.is_static {
                self.local_text.insert(self.syms.canon(s), off);
            }
        }
        Ok(layout)
    }

    /// Turns the functions' fixups into relocations, or resolves them in place: a PC-relative
    /// reference to this file's own static function whose kind says it can be (`local`) is
    /// written into its field with the arch-neutral applier.
    pub fn add_text_relocations(&mut self, funcs: &[FuncCode], layout: &TextLayout) -> Result<(), ElfError> {
        let big = self.arch.goarch().big_endian();
        for (fc, &base) in funcs.iter().zip(&layout.offsets) {
            for fx in &fc.code.fixups {
                let info = fixup::info(self.arch, fx.kind).at(fc.func.origin)?;
                let Some(field) = info.field else { continue }; // a marker
                if let Some(s) = fx.sym {
                    self.check_tls_use(s, info).at(fc.func.origin)?;
                }
                let place = base + fx.offset as u64;
                let relocs = self.arch.reloc(fx).at(fc.func.origin)?;
                if let (Some(s), true, [r]) = (fx.sym, info.local && info.pcrel, relocs.as_slice())
                    && let Some(&target) = self.local_text.get(&self.syms.canon(s))
                {
                    let at = place + r.offset as u64;
                    let v = target as i64 + r.addend - at as i64;
                    let data = &mut self.obj.section_mut(self.text).data_mut()[at as usize..];
                    field
                        .apply(data, v, big)
                        .map_err(|e| format!("reference to a local function: {e}"))
                        .at(fc.func.origin)?;
                    continue;
                }
                self.relocate(self.text, place, relocs).at(fc.func.origin)?;
            }
        }
        Ok(())
    }

    /// A thread-local symbol defined here is reached only by thread-local kinds, and those
    /// reach only thread-local symbols: either mismatch would link to an unrelated address.
    fn check_tls_use(&self, s: SymId, info: &fixup::FixupKindInfo) -> Result<(), ElfError> {
        let Some(&id) = self.sym_ids.get(&self.syms.canon(s)) else { return Ok(()) };
        let sym = self.obj.symbol(id);
        if sym.section == SymbolSection::Undefined {
            return Ok(());
        }
        let is_tls = sym.kind == SymbolKind::Tls;
        if is_tls == info.tls {
            return Ok(());
        }
        let name = self.object_name(s);
        let msg = if is_tls {
            format!(
                "{name} is thread-local (TLSBSS) but is accessed as an ordinary address ({}); reach it through the thread pointer",
                info.name
            )
        } else {
            format!("{name} is accessed as thread-local storage ({}) but defined as ordinary data or code", info.name)
        };
        Err(ElfError { origin: self.data_origins.get(&id).copied(), msg })
    }

    pub fn relocate(&mut self, section: SectionId, offset: u64, relocs: ElfRelocs) -> Result<(), ElfError> {
        for r in relocs {
            let symbol = match r.target {
                Some(RelocTarget::Sym(s)) => self.symbol(s),
                Some(RelocTarget::Named { name, tls }) => self.named_symbol(name, tls)?,
                None => return Err(ElfError::from("relocation without a target symbol".to_string())),
            };
            self.obj
                .add_relocation(
                    section,
                    Relocation {
                        offset: offset + r.offset as u64,
                        symbol,
                        addend: r.addend,
                        flags: RelocationFlags::Elf { r_type: elf::RelocationType(r.r_type) },
                    },
                )
                .map_err(|e| ElfError::from(e.to_string()))?;
        }
        Ok(())
    }

    /// The one relocation of a data word (DATA values, unwind tables, stack maps).
    fn data_reloc(&self, kind: FixupKind, size: u8, sym: Option<SymId>, add: i64) -> Result<ElfReloc, String> {
        let fx = Fixup { offset: 0, size, kind, sym, add, go_type: 0 };
        let mut relocs = self.arch.reloc(&fx)?;
        match relocs.len() {
            1 => Ok(relocs.remove(0)),
            n => Err(format!("a data word needs one relocation, not {n}")),
        }
    }

    /// GLOBL/DATA symbols: every symbol first, then the relocations of their initializers (which
    /// may name symbols defined later in the list).
    pub fn add_data(&mut self, data: &[DataSym], diag_name: impl Fn(SymId) -> String) -> Result<(), ElfError> {
        let ptr = self.arch.goarch().ptr_size();
        let big = self.arch.goarch().big_endian();
        let mut pending = Vec::new();
        for d in data {
            let tls = d.flags & textflag::TLSBSS != 0;
            let bss = d.inits.is_empty() && d.flags & textflag::RODATA == 0;
            let section = if tls {
                self.obj.section_id(StandardSection::UninitializedTls)
            } else if d.flags & textflag::RODATA != 0 {
                self.obj.section_id(StandardSection::ReadOnlyData)
            } else if bss {
                self.obj.section_id(StandardSection::UninitializedData)
            } else {
                self.obj.section_id(StandardSection::Data)
            };
            let align = data_align(d.size, ptr as u64);
            let off = if bss || tls {
                // no bytes to build: the parser rejected DATA into TLSBSS
                self.obj.append_section_bss(section, d.size as u64, align)
            } else {
                let (bytes, relocs) = data_image(d, ptr, big).at(d.origin)?;
                let off = self.obj.append_section_data(section, &bytes, align);
                pending.push(((d.sym, d.origin), section, off, relocs));
                off
            };
            let sym = self.syms.get(d.sym);
            let id = self.obj.add_symbol(Symbol {
                name: self.object_name(d.sym).into_bytes(),
                value: off,
                size: d.size as u64,
                kind: if tls { SymbolKind::Tls } else { SymbolKind::Data },
                scope: if sym.is_static { SymbolScope::Compilation } else { SymbolScope::Dynamic },
                weak: d.flags & textflag::DUPOK != 0,
                section: SymbolSection::Section(section),
                flags: SymbolFlags::None,
            });
            self.define(d.sym, id).at(d.origin)?;
            self.data_origins.insert(id, d.origin);
        }
        for (owner, section, off, relocs) in pending {
            for (at, target, add) in relocs {
                let kind = FixupKind::abs(ptr).ok_or_else(|| format!("no {ptr}-byte address words"))?;
                let r = self
                    .data_reloc(kind, ptr, Some(target), add)
                    .map_err(|e| format!("{}: {e}", diag_name(owner.0)))?;
                self.relocate(section, off + at, smallvec::smallvec![r]).at(owner.1)?;
            }
        }
        Ok(())
    }

    pub fn add_note_gnu_stack(&mut self) {
        let s = self.obj.add_section(Vec::new(), b".note.GNU-stack".to_vec(), SectionKind::Other);
        self.obj.section_mut(s).flags =
            object::SectionFlags::Elf { sh_type: elf::SHT_PROGBITS, sh_flags: elf::SectionFlags(0) };
    }

    pub fn finish(self) -> Result<Vec<u8>, ElfError> {
        self.obj.write().map_err(|e| e.to_string().into())
    }
}

fn data_align(size: i64, ptr: u64) -> u64 {
    match size {
        s if s >= ptr as i64 => ptr,
        s if s >= 4 => 4,
        s if s >= 2 => 2,
        _ => 1,
    }
}

/// Address relocations of a data image: (offset, symbol, addend).
pub type DataRelocs = Vec<(u64, SymId, i64)>;

/// The initialized bytes of a data symbol and its address relocations.
pub fn data_image(d: &DataSym, ptr: u8, big: bool) -> Result<(Vec<u8>, DataRelocs), String> {
    let mut b = vec![0u8; d.size.max(0) as usize];
    let mut relocs = Vec::new();
    for init in &d.inits {
        let at = init.offset as usize;
        let n = init.size as usize;
        if at + n > b.len() {
            return Err(format!("DATA at offset {at} size {n} past the end of a {}-byte symbol", b.len()));
        }
        let dst = &mut b[at..at + n];
        match &init.value {
            Addr::Imm(v) => {
                let bytes = if big { v.to_be_bytes() } else { v.to_le_bytes() };
                if big { dst.copy_from_slice(&bytes[8 - n..]) } else { dst.copy_from_slice(&bytes[..n]) }
            }
            Addr::Float(f) => {
                if n == 4 {
                    let v = (*f as f32).to_bits();
                    dst.copy_from_slice(&if big { v.to_be_bytes() } else { v.to_le_bytes() });
                } else {
                    let v = f.to_bits();
                    dst.copy_from_slice(&if big { v.to_be_bytes() } else { v.to_le_bytes() });
                }
            }
            Addr::Str(s) => dst[..s.len()].copy_from_slice(s),
            Addr::AddrOf(m) => {
                if n != ptr as usize {
                    return Err(format!("DATA address must be {ptr} bytes, not {n}"));
                }
                let Some(s) = m.sym else {
                    return Err("DATA address must name a symbol: $sym(SB)".into());
                };
                relocs.push((at as u64, s, m.offset));
            }
            _ => return Err("unsupported DATA value".into()),
        }
    }
    Ok((b, relocs))
}

/// Per-function frame facts the unwind and stack-map sections are built from.
pub struct FuncFrame {
    pub rows: Vec<crate::frame::model::Row>,
    pub pcsp: Vec<u8>,
    pub pcdata: Vec<Vec<u8>>,
}

impl ElfBuilder<'_> {
    fn func_symbols(&mut self, funcs: &[FuncCode]) -> Vec<SymbolId> {
        funcs.iter().map(|fc| self.symbol(fc.func.sym)).collect()
    }

    /// The CFI sections' bytes and relocations for every function: `.eh_frame`, and
    /// `.debug_frame` when asked. Needs no object, so it can run while the rest is built.
    pub fn cfi_images(arch: &dyn Arch, funcs: &[FuncCode], debug_frame: bool) -> Result<CfiImages, String> {
        use crate::frame::cfi;
        let t = cfi::CfiTarget::of(arch.goarch());
        let fcfi: Vec<cfi::FuncCfi> = funcs
            .iter()
            .enumerate()
            .map(|(i, fc)| cfi::FuncCfi {
                symbol: i,
                size: fc.code.bytes.len() as u32,
                rows: &fc.frame.rows,
                topframe: fc.func.flags & textflag::TOPFRAME != 0,
            })
            .collect();
        let eh_frame = cfi::write(&t, arch.dwarf(), &fcfi, cfi::Section::EhFrame)?;
        let debug_frame =
            if debug_frame { Some(cfi::write(&t, arch.dwarf(), &fcfi, cfi::Section::DebugFrame)?) } else { None };
        Ok(CfiImages { eh_frame, debug_frame })
    }

    /// Adds the sections [`ElfBuilder::cfi_images`] made for the same `funcs`.
    pub fn add_cfi(&mut self, funcs: &[FuncCode], images: CfiImages) -> Result<(), ElfError> {
        let syms = self.func_symbols(funcs);
        let ptr = self.arch.goarch().ptr_size();
        let (data, relocs) = images.eh_frame;
        let sec = self.obj.section_id(StandardSection::EhFrame);
        self.obj.append_section_data(sec, &data, ptr as u64);
        for r in relocs {
            self.cfi_reloc(sec, &syms, r, None)?;
        }
        if let Some((data, relocs)) = images.debug_frame {
            let sec = self.obj.add_section(Vec::new(), b".debug_frame".to_vec(), SectionKind::Debug);
            self.obj.append_section_data(sec, &data, ptr as u64);
            for r in relocs {
                self.cfi_reloc(sec, &syms, r, Some(sec))?;
            }
        }
        Ok(())
    }

    fn cfi_reloc(
        &mut self,
        sec: SectionId,
        syms: &[SymbolId],
        r: crate::frame::cfi::CfiReloc,
        self_section: Option<SectionId>,
    ) -> Result<(), String> {
        let symbol = match r.target {
            gimli::write::RelocationTarget::Symbol(i) => syms[i],
            gimli::write::RelocationTarget::Section(_) => {
                let s = self_section.ok_or("section-relative CFI relocation outside .debug_frame")?;
                self.obj.section_symbol(s)
            }
        };
        let kind = match (r.pcrel, r.size) {
            (true, 4) => FixupKind::PCREL32,
            (false, size) => FixupKind::abs(size).ok_or_else(|| format!("no {size}-byte CFI address words"))?,
            (true, size) => return Err(format!("no {size}-byte PC-relative CFI words")),
        };
        // fixups carry Go's end-of-field addend for PC-relative kinds
        let add = if r.pcrel { r.addend + r.size as i64 } else { r.addend };
        let er = self.data_reloc(kind, r.size, None, add)?;
        self.obj
            .add_relocation(
                sec,
                Relocation {
                    offset: r.offset as u64,
                    symbol,
                    addend: er.addend,
                    flags: RelocationFlags::Elf { r_type: elf::RelocationType(er.r_type) },
                },
            )
            .map_err(|e| e.to_string())
    }

    /// The stack-map section (format in `frame::stackmap`).
    pub fn add_stackmaps(&mut self, funcs: &[FuncCode]) -> Result<(), ElfError> {
        use crate::frame::stackmap;
        let g = self.arch.goarch();
        let ptr = g.ptr_size() as usize;
        let big = g.big_endian();
        let mut data = Vec::new();
        let mut slots = Vec::new();
        for (i, fc) in funcs.iter().enumerate() {
            let fr = &fc.frame;
            let name = self.object_name(fc.func.sym);
            let rec = stackmap::Record {
                func: &fc.func,
                funcdata: &fc.funcdata,
                index: i,
                size: fc.code.bytes.len() as u32,
                name: &name,
                is_static: self.syms.get(fc.func.sym).is_static,
                pcsp: &fr.pcsp,
                pcdata: &fr.pcdata,
            };
            slots.extend(stackmap::write_record(&mut data, &rec, ptr, g.min_lc() as u8, big)?);
        }
        if data.is_empty() {
            return Ok(());
        }
        let sec = self.obj.add_section(Vec::new(), stackmap::SECTION.as_bytes().to_vec(), SectionKind::Data);
        self.obj.section_mut(sec).flags = object::SectionFlags::Elf {
            sh_type: elf::SHT_PROGBITS,
            sh_flags: elf::SHF_ALLOC | elf::SHF_WRITE | elf::SHF_GNU_RETAIN,
        };
        self.obj.append_section_data(sec, &data, 8);
        let fsyms = self.func_symbols(funcs);
        for (off, target) in slots {
            let (symbol, add, sym) = match target {
                stackmap::PtrTarget::Func(i) => (fsyms[i], 0, funcs[i].func.sym),
                stackmap::PtrTarget::Sym(s, add) => (self.symbol(s), add, s),
            };
            let kind = FixupKind::abs(ptr as u8).ok_or_else(|| format!("no {ptr}-byte address words"))?;
            let er = self.data_reloc(kind, ptr as u8, Some(sym), add)?;
            self.obj
                .add_relocation(
                    sec,
                    Relocation {
                        offset: off as u64,
                        symbol,
                        addend: er.addend,
                        flags: RelocationFlags::Elf { r_type: elf::RelocationType(er.r_type) },
                    },
                )
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}
