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

/// A finished function: its Progs (with pcs) and its code. Its unwind, stack-map and line
/// tables went into the object's tables as the back end finished it ([`FuncTables`]).
///
/// [`FuncTables`]: crate::emit::tables::FuncTables
pub struct FuncCode {
    /// The function. Its Progs are kept only when asked for (`AsmOptions::keep_progs`, `-S`):
    /// everything the object needs is in the other fields.
    pub func: Func,
    pub code: Code,
    pub frame: FuncFrame,
    /// Its ARM EHABI entry, on targets whose C unwinder reads them.
    pub ehabi: Option<crate::frame::ehabi::Entry>,
    /// Its TEXT statement's (file, line), for its `DW_TAG_subprogram`.
    pub decl: (u32, u32),
    /// The size of its code: `code.bytes.len()` until the object writer has moved the bytes
    /// into `.text` ([`ElfBuilder::add_text`] with `release_code`).
    pub size: u32,
}

impl FuncCode {
    /// Gives back the room each of its vectors grew into: a finished function waits for the
    /// end of the file, and a file of 20 000 small functions would otherwise keep growth slack
    /// in each function's relocations.
    pub fn shrink_to_fit(&mut self) {
        self.code.fixups.shrink_to_fit();
        self.code.data.shrink_to_fit();
        self.frame.calls.shrink_to_fit();
    }
}

/// Where `.text` starts in the objects p9asm writes: right after the ELF header, aligned, where
/// the object writer would put its first section. Its place is known before any code is, so
/// that the back end can write each function's code into the output file as it finishes it
/// ([`TextLayout::streamed_into`]) instead of holding the section to the end; the writer lays
/// out the rest of the object with an empty `.text`, which [`ElfObject`] moves past it.
pub fn text_at(arch: &dyn Arch) -> u64 {
    elf_header_size(arch.elf().architecture).next_multiple_of(arch.elf().func_align)
}

/// The ELF header's size: 64 bytes in ELFCLASS64, 52 in ELFCLASS32.
fn elf_header_size(a: object::Architecture) -> u64 {
    if a.address_size().is_some_and(|s| s.bytes() == 8) { 64 } else { 52 }
}

/// The object writer's image (its ELF header aside) moves past `.text` by a multiple of this:
/// of every other section's alignment (at most 8: data words, symbol and relocation tables;
/// [`place_text`] checks), so that its sections stay aligned.
const IMAGE_ALIGN: u64 = 8;

/// Where each function landed in `.text`, and the section itself: in memory, or already in the
/// output file.
#[derive(Debug, Default)]
pub struct TextLayout {
    pub offsets: Vec<u64>,
    /// The section's bytes, unless they go into the output file.
    pub bytes: Vec<u8>,
    /// The section's size so far.
    pub len: u64,
    /// The output file, positioned where the section goes next, or the first error writing
    /// it (the rest of the section is not written; [`TextLayout::flush`] reports it).
    stream: Option<std::io::Result<std::io::BufWriter<std::fs::File>>>,
}

impl TextLayout {
    /// A section written into `file` at [`text_at`] as it grows ([`ElfObject::write_file`]
    /// writes the rest of the object into the same file around it).
    pub fn streamed_into(file: &std::fs::File, arch: &dyn Arch) -> TextLayout {
        use std::io::Seek;
        let out = file.try_clone().and_then(|mut f| f.seek(std::io::SeekFrom::Start(text_at(arch))).map(|_| f));
        TextLayout { stream: Some(out.map(|f| std::io::BufWriter::with_capacity(1 << 16, f))), ..TextLayout::default() }
    }

    /// Whether the section is in the output file rather than in [`TextLayout::bytes`].
    pub fn is_streamed(&self) -> bool {
        self.stream.is_some()
    }

    /// Appends a finished function's code at the target's alignment, padded with its fill, as
    /// the back end finishes it. With `release_code` the function's bytes are freed once copied
    /// (its [`FuncCode::size`] stays), so that the code exists once, and only as the section
    /// grows (or not at all, streamed): joined at the end, every function's bytes and the
    /// section would both be live.
    pub fn push(&mut self, arch: &dyn Arch, fc: &mut FuncCode, release_code: bool) {
        use std::io::Write;
        let et = arch.elf();
        let padded = self.len.next_multiple_of(et.func_align);
        match &mut self.stream {
            None => {
                self.bytes.resize(padded as usize, et.text_fill);
                self.bytes.extend_from_slice(&fc.code.bytes);
            }
            Some(Ok(out)) => {
                let mut pad = std::io::Read::take(std::io::repeat(et.text_fill), padded - self.len);
                if let Err(e) = std::io::copy(&mut pad, out).and_then(|_| out.write_all(&fc.code.bytes)) {
                    self.stream = Some(Err(e));
                }
            }
            Some(Err(_)) => {}
        }
        self.offsets.push(padded);
        self.len = padded + fc.code.bytes.len() as u64;
        if release_code {
            // the one copy from here on is the section's
            fc.code.bytes = Vec::new();
        }
    }

    /// Writes out what a streamed section still buffers; the first write error, if any.
    pub fn flush(&mut self) -> std::io::Result<()> {
        use std::io::Write;
        match &mut self.stream {
            Some(Ok(out)) => out.flush(),
            Some(Err(e)) => Err(std::io::Error::new(e.kind(), e.to_string())),
            None => Ok(()),
        }
    }
}

/// Encoded CFI sections: bytes plus the relocations gimli asked for.
pub struct CfiImages {
    pub eh_frame: (Vec<u8>, Vec<crate::frame::cfi::CfiReloc>),
    pub debug_frame: Option<(Vec<u8>, Vec<crate::frame::cfi::CfiReloc>)>,
}

/// Builds ELF objects for one assembled file.
pub struct ElfBuilder<'a> {
    /// Every section's data is owned, so the model outlives the tables it was built from.
    pub obj: Object<'static>,
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
    /// SHF_LINK_ORDER sections and the section their sh_link names (set after writing: the
    /// object crate writes sh_link 0).
    link_order: Vec<(String, String)>,
    /// ELFv1: the code symbol of each function defined here whose symbol is a descriptor
    /// ([`crate::arch::ElfFuncSymbols::Descriptor`]), keyed by [`Symbols::canon`].
    code_syms: FxHashMap<SymId, SymbolId>,
    /// ELFv1: the `.opd` section, once a descriptor is made.
    opd: Option<SectionId>,
    /// Each function's offset in `.text` (set by `add_text`; its size is `text_image.len`).
    func_offsets: Vec<u64>,
    /// `.text` itself, which the object writer does not lay out ([`text_at`]).
    text_image: TextImage,
    /// Define global symbols STV_HIDDEN (`--hidden`).
    pub hidden: bool,
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
            link_order: Vec::new(),
            data_origins: FxHashMap::default(),
            code_syms: FxHashMap::default(),
            opd: None,
            func_offsets: Vec::new(),
            text_image: TextImage::default(),
            hidden: false,
        }
    }

    /// The scope of a symbol this object defines: local for `<>` symbols; global, and hidden
    /// with `--hidden` (it stays out of a shared object's dynamic symbol table, and its own
    /// references to it need no GOT or PLT).
    fn definition_scope(&self, is_static: bool) -> SymbolScope {
        match (is_static, self.hidden) {
            (true, _) => SymbolScope::Compilation,
            (false, true) => SymbolScope::Linkage,
            (false, false) => SymbolScope::Dynamic,
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
    /// `.text` from the layout ([`TextLayout::push`]; its bytes move into the section, so the
    /// returned layout has the offsets only) and the functions' symbols.
    pub fn add_text(&mut self, funcs: &[FuncCode], mut layout: TextLayout) -> Result<TextLayout, ElfError> {
        let align = self.arch.elf().func_align;
        // the writer lays out an empty section; ElfObject puts the bytes at text_at
        self.obj.set_section_data(self.text, Vec::new(), align);
        self.text_image = TextImage {
            at: text_at(self.arch),
            bytes: std::mem::take(&mut layout.bytes),
            len: layout.len,
            streamed: layout.is_streamed(),
            patches: Vec::new(),
            big_endian: self.arch.goarch().big_endian(),
        };
        let descriptors = match self.arch.elf_func_symbols() {
            crate::arch::ElfFuncSymbols::Descriptor { addr64, tocbase, .. } => Some((addr64, tocbase)),
            crate::arch::ElfFuncSymbols::Code => None,
        };
        self.func_offsets.clone_from(&layout.offsets);
        for (fc, &off) in funcs.iter().zip(&layout.offsets) {
            let s = fc.func.sym;
            let sym = self.syms.get(s);
            // only functions named for C (no package qualifier: `TEXT c_entry(SB)`) follow C's
            // calling convention; Go's (`pkg.name`, ABI0) are called by Go code only, and keep
            // their symbol on the code so that Go code in any object can take their address
            if let Some((addr64, tocbase)) = descriptors
                && !sym.is_static
                && !self.object_name(s).contains('.')
            {
                self.add_descriptor(fc, off, addr64, tocbase)?;
                continue;
            }
            let id = self.obj.add_symbol(Symbol {
                name: self.object_name(s).into_bytes(),
                value: off,
                size: fc.size as u64,
                kind: SymbolKind::Text,
                scope: self.definition_scope(sym.is_static),
                weak: fc.func.flags & textflag::DUPOK != 0,
                section: SymbolSection::Section(self.text),
                flags: SymbolFlags::None,
            });
            self.define(s, id).at(fc.func.origin)?;
            if sym.is_static {
                self.local_text.insert(self.syms.canon(s), off);
            }
            if let Some((code, data)) = self.arch.mapping_symbols() {
                let size = fc.size;
                let mut marks = vec![(0u32, code)];
                for &(start, end) in &fc.code.data {
                    marks.push((start, data));
                    if end < size {
                        marks.push((end, code));
                    }
                }
                for (at, name) in marks {
                    self.obj.add_symbol(Symbol {
                        name: name.as_bytes().to_vec(),
                        value: off + at as u64,
                        size: 0,
                        // STT_NOTYPE, local, in .text
                        kind: SymbolKind::Label,
                        scope: SymbolScope::Compilation,
                        weak: false,
                        section: SymbolSection::Section(self.text),
                        flags: SymbolFlags::None,
                    });
                }
            }
        }
        Ok(layout)
    }

    /// ELFv1: the local code symbol `.L.<name>` at `off` in `.text`, and the function's own
    /// symbol on its 24-byte descriptor in `.opd` (code address, TOC base, 0), as GNU as lays
    /// out `.globl f; .section .opd; f: .quad .L.f, .TOC.@tocbase, 0`.
    fn add_descriptor(&mut self, fc: &FuncCode, off: u64, addr64: u32, tocbase: u32) -> Result<(), ElfError> {
        let s = fc.func.sym;
        let name = self.object_name(s);
        let code = self.obj.add_symbol(Symbol {
            name: format!(".L.{name}").into_bytes(),
            value: off,
            size: fc.size as u64,
            kind: SymbolKind::Text,
            scope: SymbolScope::Compilation,
            weak: false,
            section: SymbolSection::Section(self.text),
            flags: SymbolFlags::None,
        });
        let opd = match self.opd {
            Some(id) => id,
            None => {
                let id = self.obj.add_section(Vec::new(), b".opd".to_vec(), SectionKind::Data);
                self.obj.section_mut(id).flags =
                    object::SectionFlags::Elf { sh_type: elf::SHT_PROGBITS, sh_flags: elf::SHF_ALLOC | elf::SHF_WRITE };
                self.opd = Some(id);
                id
            }
        };
        let at = self.obj.append_section_data(opd, &[0u8; 24], 8);
        // the descriptor symbol's size is the code's, as gcc's `.size f, .-.L.f` makes it
        let id = self.obj.add_symbol(Symbol {
            name: name.into_bytes(),
            value: at,
            size: fc.size as u64,
            kind: SymbolKind::Text,
            scope: SymbolScope::Dynamic,
            weak: fc.func.flags & textflag::DUPOK != 0,
            section: SymbolSection::Section(opd),
            flags: SymbolFlags::None,
        });
        self.define(s, id).at(fc.func.origin)?;
        self.code_syms.insert(self.syms.canon(s), code);
        let reloc = |offset: u64, symbol: SymbolId, r_type: u32| Relocation {
            offset,
            symbol,
            addend: 0,
            flags: RelocationFlags::Elf { r_type: elf::RelocationType(r_type) },
        };
        // R_PPC64_TOC has no symbol: its value is the TOC base of the module
        let none = self.obj.section_symbol(opd);
        for r in [reloc(at, code, addr64), reloc(at + 8, none, tocbase)] {
            self.obj.add_relocation(opd, r).map_err(|e| ElfError::from(e.to_string()))?;
        }
        Ok(())
    }

    /// Turns the functions' fixups into relocations, or resolves them in place: a PC-relative
    /// reference to this file's own static function whose kind says it can be (`local`) is
    /// written into its field with the arch-neutral applier.
    pub fn add_text_relocations(&mut self, funcs: &[FuncCode], layout: &TextLayout) -> Result<(), ElfError> {
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
                    self.text_image
                        .patch(at, field, v)
                        .map_err(|e| format!("reference to a local function: {e}"))
                        .at(fc.func.origin)?;
                    continue;
                }
                if let (Some(s), crate::arch::ElfFuncSymbols::Descriptor { call, .. }) =
                    (fx.sym, self.arch.elf_func_symbols())
                    && let Some(&code) = self.code_syms.get(&self.syms.canon(s))
                {
                    // ELFv1: code that takes the address of a function defined here gets its
                    // code; a branch names the descriptor, which the linker resolves
                    for r in relocs {
                        let symbol = if r.r_type == call { self.symbol(s) } else { code };
                        let rel = Relocation {
                            offset: place + r.offset as u64,
                            symbol,
                            addend: r.addend,
                            flags: RelocationFlags::Elf { r_type: elf::RelocationType(r.r_type) },
                        };
                        self.obj.add_relocation(self.text, rel).map_err(|e| ElfError::from(e.to_string()))?;
                    }
                    continue;
                }
                let mut relocs = relocs;
                // REL targets (386) keep a text relocation's addend in its field; object writes
                // it only for the data-word types it knows, so write it with the field's layout
                if !has_relocation_addend(self.arch.elf().architecture)
                    && let [r] = relocs.as_mut_slice()
                    && r.addend != 0
                {
                    let at = place + r.offset as u64;
                    self.text_image
                        .patch(at, field, r.addend)
                        .map_err(|e| format!("implicit addend: {e}"))
                        .at(fc.func.origin)?;
                    r.addend = 0;
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
                // ELFv1: an address of a function defined here is its code, as a Go function
                // value holds (C's pointers to the descriptor come from C)
                Some(RelocTarget::Sym(s)) => match self.code_syms.get(&self.syms.canon(s)) {
                    Some(&code) => code,
                    None => self.symbol(s),
                },
                Some(RelocTarget::Named { name, tls }) => self.named_symbol(name, tls)?,
                None => return Err(ElfError::from("relocation without a target symbol".to_string())),
            };
            let addend = r.addend;
            self.obj
                .add_relocation(
                    section,
                    Relocation {
                        offset: offset + r.offset as u64,
                        symbol,
                        addend,
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
                scope: self.definition_scope(sym.is_static),
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

    /// The target's build-attributes section ([`Arch::attributes_section`]), if it has one.
    pub fn add_attributes(&mut self) {
        if let Some((name, sh_type, data)) = self.arch.attributes_section() {
            let s = self.obj.add_section(Vec::new(), name.as_bytes().to_vec(), SectionKind::Other);
            self.obj.section_mut(s).flags =
                object::SectionFlags::Elf { sh_type: elf::SectionType(sh_type), sh_flags: elf::SectionFlags(0) };
            self.obj.append_section_data(s, &data, 1);
        }
    }

    pub fn add_note_gnu_stack(&mut self) {
        let s = self.obj.add_section(Vec::new(), b".note.GNU-stack".to_vec(), SectionKind::Other);
        self.obj.section_mut(s).flags =
            object::SectionFlags::Elf { sh_type: elf::SHT_PROGBITS, sh_flags: elf::SectionFlags(0) };
    }

    /// The finished model, to be written once ([`ElfObject`]).
    pub fn finish(self) -> ElfObject<'static> {
        ElfObject { obj: self.obj, link_order: self.link_order, text: self.text_image }
    }

    /// The ARM EHABI unwind index (`.ARM.exidx`, SHF_LINK_ORDER to `.text`) and table
    /// (`.ARM.extab`) for targets whose C unwinder reads them ([`Arch::ehabi_unwind`]): one
    /// entry per function, lowered from its frame ([`crate::frame::ehabi`]), in address order.
    pub fn add_ehabi(&mut self, funcs: &[FuncCode]) -> Result<(), ElfError> {
        use crate::frame::ehabi::{self, Entry};
        if !self.arch.ehabi_unwind() || funcs.is_empty() {
            return Ok(());
        }
        let big = self.arch.goarch().big_endian();
        let mut index: Vec<u8> = Vec::new();
        let mut table: Vec<u8> = Vec::new();
        // (offset in the index, function, personality, table offset)
        let mut entries = Vec::new();
        for fc in funcs {
            let e = fc.ehabi.clone().unwrap_or(Entry::CantUnwind);
            let at = index.len();
            index.extend_from_slice(&[0; 4]);
            let word = |w: u32| if big { w.to_be_bytes() } else { w.to_le_bytes() };
            let tab = match &e {
                Entry::CantUnwind => {
                    index.extend_from_slice(&word(ehabi::CANTUNWIND));
                    None
                }
                Entry::Inline(w) => {
                    index.extend_from_slice(&word(*w));
                    None
                }
                Entry::Table(words) => {
                    index.extend_from_slice(&[0; 4]);
                    let t = table.len();
                    for w in words {
                        table.extend_from_slice(&word(*w));
                    }
                    Some(t)
                }
            };
            entries.push((at, fc.func.sym, e.personality(), tab));
        }
        let prel31 = self.arch.rel_addend_field(elf::R_ARM_PREL31.0);
        let extab = if table.is_empty() {
            None
        } else {
            let s = self.obj.add_section(Vec::new(), b".ARM.extab".to_vec(), SectionKind::ReadOnlyData);
            self.obj.section_mut(s).flags =
                object::SectionFlags::Elf { sh_type: elf::SHT_PROGBITS, sh_flags: elf::SHF_ALLOC };
            self.obj.append_section_data(s, &table, 4);
            Some(s)
        };
        let sec = self.obj.add_section(Vec::new(), b".ARM.exidx".to_vec(), SectionKind::ReadOnlyData);
        self.obj.section_mut(sec).flags = object::SectionFlags::Elf {
            sh_type: elf::SHT_ARM_EXIDX,
            sh_flags: elf::SectionFlags(elf::SHF_ALLOC.0 | elf::SHF_LINK_ORDER.0),
        };
        self.obj.append_section_data(sec, &index, 4);
        self.link_order.push((".ARM.exidx".into(), ".text".into()));
        let extab_sym = extab.map(|s| self.obj.section_symbol(s));
        for (at, f, personality, tab) in entries {
            let func = self.symbol(f);
            let rel = |obj: &mut Object, offset: u64, symbol, r_type: u32, addend: i64| -> Result<(), ElfError> {
                let mut addend = addend;
                if let (Some(field), true) = (prel31, r_type == elf::R_ARM_PREL31.0) {
                    let data = obj.section_mut(sec).data_mut();
                    field
                        .apply(&mut data[offset as usize..], addend, big)
                        .map_err(|e| ElfError::from(format!("unwind index: {e}")))?;
                    addend = 0;
                }
                obj.add_relocation(
                    sec,
                    Relocation {
                        offset,
                        symbol,
                        addend,
                        flags: RelocationFlags::Elf { r_type: elf::RelocationType(r_type) },
                    },
                )
                .map_err(|e| ElfError::from(e.to_string()))
            };
            rel(&mut self.obj, at as u64, func, elf::R_ARM_PREL31.0, 0)?;
            if let Some(p) = personality {
                // as gas does, a reference that keeps the personality routine linked; weak, so
                // that a program without libgcc's unwinder (which references every routine
                // itself) links too
                let ps = self.named_symbol(p, false)?;
                self.obj.symbol_mut(ps).weak = true;
                rel(&mut self.obj, at as u64, ps, elf::R_ARM_NONE.0, 0)?;
            }
            if let (Some(t), Some(es)) = (tab, extab_sym) {
                rel(&mut self.obj, at as u64 + 4, es, elf::R_ARM_PREL31.0, t as i64)?;
            }
        }
        Ok(())
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
    /// The CFA and saved registers at each instruction where they change. Emptied once the
    /// unwind tables are encoded (unless the Progs are kept: `AsmOptions::keep_progs`).
    pub rows: Vec<crate::frame::model::Row>,
    /// The pcs of the function's calls (but the stack check's): where a synchronous unwinder
    /// (ARM EHABI) finds it. Emptied with the rows.
    pub calls: Vec<u32>,
}

/// One function's unwind tables: its `.eh_frame` FDE, its `.debug_frame` FDE (when asked) and
/// its ARM EHABI entry (on targets whose C unwinder reads them).
#[derive(Clone, Debug)]
pub struct Unwind {
    pub eh_frame: crate::frame::cfi::Encoded,
    pub debug_frame: Option<crate::frame::cfi::Encoded>,
    pub ehabi: Option<crate::frame::ehabi::Entry>,
}

/// Which function's unwind tables, and which ones ([`FuncFrame::unwind_tables`]).
#[derive(Clone, Copy, Debug)]
pub struct UnwindOf {
    /// The function's place among the object's functions (its FDE's address names it).
    pub index: usize,
    /// Its size in bytes.
    pub size: u32,
    pub topframe: bool,
    /// Also its `.debug_frame` FDE.
    pub debug_frame: bool,
}

impl FuncFrame {
    /// The unwind tables of the function, from its rows.
    pub fn unwind_tables(&self, arch: &dyn Arch, of: UnwindOf) -> Result<Unwind, String> {
        use crate::frame::{cfi, ehabi};
        let t = cfi::CfiTarget::of(arch.goarch());
        let f = cfi::FuncCfi { symbol: of.index, size: of.size, rows: &self.rows, topframe: of.topframe };
        let eh_frame = cfi::fde(&t, arch.dwarf(), &f, cfi::Section::EhFrame)?;
        let debug_frame =
            if of.debug_frame { Some(cfi::fde(&t, arch.dwarf(), &f, cfi::Section::DebugFrame)?) } else { None };
        let ehabi = arch.ehabi_unwind().then(|| {
            ehabi::lower(&self.rows, &self.calls, of.topframe, arch.dwarf()).unwrap_or(ehabi::Entry::CantUnwind)
        });
        Ok(Unwind { eh_frame, debug_frame, ehabi })
    }

    /// The rows and call sites are needed only for the unwind tables, once made: unless
    /// `keep_rows`, they are freed.
    pub fn release_rows(&mut self, keep_rows: bool) {
        if !keep_rows {
            // the call sites too: only the EHABI entry, made with the unwind tables, reads them
            self.rows = Vec::new();
            self.calls = Vec::new();
        }
    }
}

impl ElfBuilder<'_> {
    /// Where tables that point at function `i` (CFI, stack maps, debug information) point: the
    /// `.text` section symbol plus the function's offset, as GNU as does for its own tables. A
    /// global function's symbol may be preempted in a shared object, and a linker refuses
    /// PC-relative references to it from `.eh_frame` there.
    fn func_target(&mut self, i: usize) -> (SymbolId, i64) {
        (self.obj.section_symbol(self.text), self.func_offsets[i] as i64)
    }

    /// Adds the CFI sections the back end made for `funcs` ([`FuncTables::cfi`]).
    ///
    /// [`FuncTables::cfi`]: crate::emit::tables::FuncTables::cfi
    pub fn add_cfi(&mut self, funcs: &[FuncCode], images: CfiImages) -> Result<(), ElfError> {
        debug_assert_eq!(funcs.len(), self.func_offsets.len(), "add_text first");
        let ptr = self.arch.goarch().ptr_size();
        let (data, relocs) = images.eh_frame;
        let sec = self.obj.section_id(StandardSection::EhFrame);
        // moved, not copied: the section need not exist twice at the end of the run
        self.obj.set_section_data(sec, data, ptr as u64);
        for r in relocs {
            self.cfi_reloc(sec, r, None)?;
        }
        if let Some((data, relocs)) = images.debug_frame {
            let sec = self.obj.add_section(Vec::new(), b".debug_frame".to_vec(), SectionKind::Debug);
            self.obj.set_section_data(sec, data, ptr as u64);
            for r in relocs {
                self.cfi_reloc(sec, r, Some(sec))?;
            }
        }
        Ok(())
    }

    fn cfi_reloc(
        &mut self,
        sec: SectionId,
        r: crate::frame::cfi::CfiReloc,
        self_section: Option<SectionId>,
    ) -> Result<(), String> {
        let (symbol, base) = match r.target {
            gimli::write::RelocationTarget::Symbol(i) => self.func_target(i),
            gimli::write::RelocationTarget::Section(_) => {
                let s = self_section.ok_or("section-relative CFI relocation outside .debug_frame")?;
                (self.obj.section_symbol(s), 0)
            }
        };
        let kind = match (r.pcrel, r.size) {
            (true, 4) => FixupKind::PCREL32,
            (false, size) => FixupKind::abs(size).ok_or_else(|| format!("no {size}-byte CFI address words"))?,
            (true, size) => return Err(format!("no {size}-byte PC-relative CFI words")),
        };
        // fixups carry Go's end-of-field addend for PC-relative kinds
        let add = base + if r.pcrel { r.addend + r.size as i64 } else { r.addend };
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

    /// `.debug_line`, `.debug_info` and `.debug_abbrev` for `funcs` (after `add_text`); the
    /// format and what each row means are in [`crate::emit::debuginfo`]. Every relocation is
    /// against a section symbol, so the sections link into shared objects too.
    pub fn add_debug_info(
        &mut self,
        funcs: &[FuncCode],
        files: &crate::emit::debuginfo::LineFiles,
        sequences: crate::emit::debuginfo::LineSequences,
    ) -> Result<(), ElfError> {
        use crate::emit::debuginfo::{self, DebugFunc};
        if funcs.is_empty() {
            return Ok(());
        }
        let g = self.arch.goarch();
        let (ptr, big) = (g.ptr_size(), g.big_endian());
        let dfuncs: Vec<DebugFunc> = funcs
            .iter()
            .zip(&self.func_offsets)
            .map(|(fc, &offset)| DebugFunc {
                name: self.object_name(fc.func.sym),
                offset,
                size: fc.size as u64,
                global: !self.syms.get(fc.func.sym).is_static,
                decl: fc.decl,
            })
            .collect();
        let images = debuginfo::debug_sections(files, self.text_image.len, &dfuncs, sequences, ptr, big)?;
        let mut add = |name: &[u8]| self.obj.add_section(Vec::new(), name.to_vec(), SectionKind::Debug);
        let (line_sec, info_sec, abbrev_sec) = (add(b".debug_line"), add(b".debug_info"), add(b".debug_abbrev"));
        for (sec, (data, relocs)) in [(line_sec, images.line), (info_sec, images.info), (abbrev_sec, images.abbrev)] {
            self.obj.set_section_data(sec, data, 1);
            for r in relocs {
                let (target, addend) = match r.target {
                    gimli::write::RelocationTarget::Symbol(debuginfo::TEXT_SYMBOL) => (self.text, r.addend),
                    gimli::write::RelocationTarget::Section(gimli::SectionId::DebugLine) => (line_sec, r.addend),
                    gimli::write::RelocationTarget::Section(gimli::SectionId::DebugAbbrev) => (abbrev_sec, r.addend),
                    t => return Err(ElfError::from(format!("debug information: unexpected relocation target {t:?}"))),
                };
                let symbol = self.obj.section_symbol(target);
                self.word_reloc(sec, r.offset as u64, r.size, symbol, addend)?;
            }
        }
        Ok(())
    }

    /// An absolute `size`-byte word at `offset` in `sec`: `symbol + addend`.
    fn word_reloc(
        &mut self,
        sec: SectionId,
        offset: u64,
        size: u8,
        symbol: SymbolId,
        addend: i64,
    ) -> Result<(), String> {
        let kind = FixupKind::abs(size).ok_or_else(|| format!("no {size}-byte address words"))?;
        let er = self.data_reloc(kind, size, None, addend)?;
        let flags = RelocationFlags::Elf { r_type: elf::RelocationType(er.r_type) };
        self.obj.add_relocation(sec, Relocation { offset, symbol, addend: er.addend, flags }).map_err(|e| e.to_string())
    }

    /// The stack-map section (format in `frame::stackmap`): the records the back end wrote for
    /// `funcs` and their pointer slots ([`FuncTables`]).
    ///
    /// [`FuncTables`]: crate::emit::tables::FuncTables
    pub fn add_stackmaps(
        &mut self,
        funcs: &[FuncCode],
        data: Vec<u8>,
        slots: Vec<(usize, crate::frame::stackmap::PtrTarget)>,
    ) -> Result<(), ElfError> {
        use crate::frame::stackmap;
        let ptr = self.arch.goarch().ptr_size() as usize;
        if data.is_empty() {
            return Ok(());
        }
        let sec = self.obj.add_section(Vec::new(), stackmap::SECTION.as_bytes().to_vec(), SectionKind::Data);
        self.obj.section_mut(sec).flags = object::SectionFlags::Elf {
            sh_type: elf::SHT_PROGBITS,
            sh_flags: elf::SHF_ALLOC | elf::SHF_WRITE | elf::SHF_GNU_RETAIN,
        };
        self.obj.set_section_data(sec, data, 8);
        for (off, target) in slots {
            let (symbol, add, sym) = match target {
                stackmap::PtrTarget::Func(i) => {
                    let (symbol, add) = self.func_target(i);
                    (symbol, add, funcs[i].func.sym)
                }
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

/// `.text` of a finished object: its bytes, or (streamed) only its size and the fields to
/// patch in the output file once the whole object is written.
#[derive(Debug, Default)]
struct TextImage {
    /// Where it goes in the file ([`text_at`]).
    at: u64,
    bytes: Vec<u8>,
    len: u64,
    streamed: bool,
    /// (offset in `.text`, field, value), for a streamed section.
    patches: Vec<(u64, crate::emit::field::FieldLayout, i64)>,
    big_endian: bool,
}

impl TextImage {
    /// Writes `value` into `field` at `at`: now, or (streamed) once the file is written, the
    /// value checked now, so that a value that does not fit is still an error of the build.
    fn patch(&mut self, at: u64, field: crate::emit::field::FieldLayout, value: i64) -> Result<(), String> {
        if !self.streamed {
            let data = self.bytes.get_mut(at as usize..).unwrap_or_default();
            return field.apply(data, value, self.big_endian);
        }
        field.check(value)?;
        if at + field.container as u64 > self.len {
            return Err(format!("field of {} bytes past the end of the section", field.container));
        }
        self.patches.push((at, field, value));
        Ok(())
    }

    /// How far the object writer's image moves (from its empty `.text` on): past `.text`.
    fn shift(&self) -> u64 {
        self.len.next_multiple_of(IMAGE_ALIGN)
    }
}

/// A finished object model. It is written once, either into memory ([`ElfObject::to_bytes`])
/// or straight into a file ([`ElfObject::write_file`]), so that a command writing a file never
/// holds the image next to the model it is written from (for a large file they are about the
/// same size: mostly `.text`). Either way the file is the same: the ELF header, `.text` at
/// [`text_at`], then the rest of what the object writer lays out, moved past it.
#[derive(Debug)]
pub struct ElfObject<'a> {
    obj: Object<'a>,
    /// SHF_LINK_ORDER sections and the section their sh_link names ([`set_sh_link`]).
    link_order: Vec<(String, String)>,
    text: TextImage,
}

impl ElfObject<'_> {
    /// The ELF image (not for a model whose `.text` went into a file).
    pub fn to_bytes(&self) -> Result<Vec<u8>, ElfError> {
        if self.text.streamed {
            return Err(ElfError::from("the object's .text was written into a file".to_string()));
        }
        let mut bytes = self.obj.write().map_err(|e| ElfError::from(e.to_string()))?;
        let shift = self.text.shift();
        // header | padding | .text | zeros | the rest of the image, `shift` bytes on
        let at = self.text.at as usize;
        let tail = (shift - self.text.len) as usize;
        bytes.splice(at..at, self.text.bytes.iter().copied().chain(std::iter::repeat_n(0, tail)));
        self.finish_image(&mut bytes, shift).map_err(ElfError::from)?;
        Ok(bytes)
    }

    /// The headers of a laid-out file ([`place_text`]), the streamed section's patches, and
    /// the sh_link of the SHF_LINK_ORDER sections.
    fn finish_image(&self, elf: &mut [u8], shift: u64) -> Result<(), String> {
        place_text(elf, self.text.at, self.text.len, shift)?;
        for &(at, field, value) in &self.text.patches {
            let data = elf.get_mut((self.text.at + at) as usize..).unwrap_or_default();
            field.apply(data, value, self.text.big_endian)?;
        }
        for (sec, to) in &self.link_order {
            set_sh_link(elf, sec, to)?;
        }
        Ok(())
    }

    /// Writes the object into `file` (empty but for a streamed `.text`): `.text`, then the
    /// image through a buffer at its place, the header at 0; then the headers and patches in
    /// place through a mapping of the file (only their pages are touched).
    pub fn write_file(&self, file: &mut std::fs::File) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom, Write};
        if !file.metadata()?.is_file() {
            // a device or a pipe can be neither moved about in nor mapped: the image in memory
            let bytes = self.to_bytes().map_err(|e| std::io::Error::other(e.msg))?;
            return file.write_all(&bytes);
        }
        if !self.text.streamed {
            file.seek(SeekFrom::Start(self.text.at))?;
            file.write_all(&self.text.bytes)?;
        }
        // the object writer's header and padding come first in its stream: kept for offset 0,
        // the rest goes `shift` bytes on
        let shift = self.text.shift();
        file.seek(SeekFrom::Start(self.text.at + shift))?;
        let header = {
            let rest = std::io::BufWriter::with_capacity(1 << 16, &*file);
            let want = self.text.at as usize;
            let mut split = HeaderSplit { header: Vec::with_capacity(want), want, rest };
            self.obj.write_stream(&mut split).map_err(|e| std::io::Error::other(e.to_string()))?;
            split.rest.flush()?;
            split.header
        };
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&header)?;
        // SAFETY: the file is the run's own new temporary file, opened for writing by this
        // process alone; nothing else truncates it while it is mapped.
        let mut map = unsafe { memmap2::MmapMut::map_mut(&*file)? };
        self.finish_image(&mut map, shift).map_err(std::io::Error::other)?;
        map.flush()
    }
}

/// The object writer's stream split in two: its first `want` bytes (the ELF header and the
/// padding up to `.text`) kept, the rest passed on.
struct HeaderSplit<W> {
    header: Vec<u8>,
    want: usize,
    rest: W,
}

impl<W: std::io::Write> std::io::Write for HeaderSplit<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let take = (self.want - self.header.len()).min(buf.len());
        if take > 0 {
            self.header.extend_from_slice(&buf[..take]);
            return Ok(take);
        }
        self.rest.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.rest.flush()
    }
}

/// The size of the ELF header of an image (either class).
fn ehsize(elf: &[u8]) -> Result<u64, String> {
    match elf.get(..6) {
        Some([0x7f, b'E', b'L', b'F', 2, _]) => Ok(64),
        Some([0x7f, b'E', b'L', b'F', 1, _]) => Ok(52),
        _ => Err("not an ELF image".to_string()),
    }
}

/// The section headers of a written image (either class, either byte order), read and
/// written in place.
struct Headers {
    wide: bool,
    big: bool,
    shoff: usize,
    shentsize: usize,
    shnum: usize,
    shstrndx: usize,
}

const NOT_ELF: &str = "not an ELF image";

impl Headers {
    fn of(elf: &[u8]) -> Result<Headers, String> {
        let wide = ehsize(elf)? == 64;
        let mut h = Headers { wide, big: elf[5] == 2, shoff: 0, shentsize: 0, shnum: 0, shstrndx: 0 };
        let f = |at32: usize, at64: usize, n32: usize, n64: usize| {
            h.rd(elf, if wide { at64 } else { at32 }, if wide { n64 } else { n32 })
        };
        let (shoff, shentsize, shnum, shstrndx) =
            (f(0x20, 0x28, 4, 8)?, f(0x2e, 0x3a, 2, 2)?, f(0x30, 0x3c, 2, 2)?, f(0x32, 0x3e, 2, 2)?);
        (h.shoff, h.shentsize, h.shnum, h.shstrndx) =
            (shoff as usize, shentsize as usize, shnum as usize, shstrndx as usize);
        Ok(h)
    }
    fn rd(&self, elf: &[u8], off: usize, n: usize) -> Result<u64, String> {
        let s = elf.get(off..off + n).ok_or(NOT_ELF)?;
        let mut v = 0u64;
        for i in 0..n {
            v = v << 8 | if self.big { s[i] } else { s[n - 1 - i] } as u64;
        }
        Ok(v)
    }
    fn wr(&self, elf: &mut [u8], off: usize, n: usize, v: u64) -> Result<(), String> {
        let s = elf.get_mut(off..off + n).ok_or(NOT_ELF)?;
        for (i, b) in s.iter_mut().enumerate() {
            let k = if self.big { n - 1 - i } else { i };
            *b = (v >> (8 * k)) as u8;
        }
        Ok(())
    }
    /// A field of section header `i`: (offset in the file, size), by its ELFCLASS32 and
    /// ELFCLASS64 offsets in the header (a word in the one, a doubleword in the other).
    fn field(&self, i: usize, at32: usize, at64: usize, word: bool) -> (usize, usize) {
        let n = if self.wide && word { 8 } else { 4 };
        (self.shoff + i * self.shentsize + if self.wide { at64 } else { at32 }, n)
    }
    fn sh_offset(&self, i: usize) -> (usize, usize) {
        self.field(i, 0x10, 0x18, true)
    }
    fn name(&self, elf: &[u8], i: usize) -> Result<String, String> {
        let (at, n) = self.sh_offset(self.shstrndx);
        let strtab = self.rd(elf, at, n)? as usize;
        let name = self.rd(elf, self.shoff + i * self.shentsize, 4)? as usize;
        let s = elf.get(strtab + name..).ok_or(NOT_ELF)?;
        let end = s.iter().position(|&b| b == 0).ok_or(NOT_ELF)?;
        Ok(String::from_utf8_lossy(&s[..end]).into_owned())
    }
    fn find(&self, elf: &[u8], want: &str) -> Result<usize, String> {
        (0..self.shnum)
            .find(|&i| self.name(elf, i).is_ok_and(|n| n == want))
            .ok_or_else(|| format!("no section {want}"))
    }
}

/// Lays out a file whose image the object writer wrote with an empty `.text` at `text_at`, the
/// image from there on moved `shift` bytes on: the section headers move with the image, every section's data too,
/// and `.text` is the `len` bytes at `text_at`. A section whose alignment `shift` would break
/// is an error, not a misaligned object.
fn place_text(elf: &mut [u8], text_at: u64, len: u64, shift: u64) -> Result<(), String> {
    let h = Headers::of(elf)?;
    let shoff = if h.wide { (0x28, 8) } else { (0x20, 4) };
    h.wr(elf, shoff.0, shoff.1, (h.shoff as u64) + shift)?;
    let h = Headers::of(elf)?;
    for i in 1..h.shnum {
        let (at, n) = h.sh_offset(i);
        let off = h.rd(elf, at, n)?;
        h.wr(elf, at, n, off + shift)?;
    }
    let text = h.find(elf, ".text")?;
    for i in (1..h.shnum).filter(|&i| i != text) {
        let (at, n) = h.field(i, 0x20, 0x30, true);
        let align = h.rd(elf, at, n)?;
        if align > 1 && !shift.is_multiple_of(align) {
            return Err(format!(
                "section {} is aligned to {align}, which moving it by {shift} would break",
                h.name(elf, i)?
            ));
        }
    }
    let (at, n) = h.sh_offset(text);
    h.wr(elf, at, n, text_at)?;
    let (at, n) = h.field(text, 0x14, 0x20, true);
    h.wr(elf, at, n, len)
}

/// Sets the `sh_link` of the section named `sec` to the index of the section named `to` in a
/// written ELF image (either class, either byte order).
pub fn set_sh_link(elf: &mut [u8], sec: &str, to: &str) -> Result<(), String> {
    let h = Headers::of(elf)?;
    let (i, t) = (h.find(elf, sec)?, h.find(elf, to)?);
    let (at, _) = h.field(i, 0x18, 0x28, false);
    h.wr(elf, at, 4, t as u64)
}

/// Whether ELF relocations of `arch` carry their addend (RELA) rather than keep it in the
/// relocated field (REL), as object's writer decides it.
fn has_relocation_addend(arch: object::Architecture) -> bool {
    !matches!(arch, object::Architecture::I386 | object::Architecture::Arm | object::Architecture::Mips)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::field::{FieldLayout, Range};

    /// A streamed section's patches are checked when they are made, as an in-memory section's
    /// are when they are applied: a field that ends at the section's end fits, one past it does
    /// not, nor does a value out of the field's range.
    #[test]
    fn streamed_patches_are_checked_when_made() {
        let rel32 = FieldLayout::whole(4, Range::Signed);
        let mut streamed = TextImage { at: 64, len: 8, streamed: true, ..TextImage::default() };
        let mut in_memory = TextImage { at: 64, len: 8, bytes: vec![0; 8], ..TextImage::default() };
        for t in [&mut streamed, &mut in_memory] {
            assert!(t.patch(4, rel32, -5).is_ok(), "a field ending at the section's end");
            assert!(t.patch(5, rel32, 0).is_err(), "a field past the end");
            assert!(t.patch(8, rel32, 0).is_err(), "a field after the end");
            assert!(t.patch(0, rel32, 1 << 40).is_err(), "a value that does not fit");
        }
        assert_eq!(streamed.patches, [(4, rel32, -5)]);
        assert_eq!(in_memory.bytes[4..], (-5i32).to_le_bytes());
    }
}
