//! Source-level debug information: `.debug_line` (DWARF 5) mapping every instruction to the `.s`
//! line it came from, and `.debug_info` with one compile unit and a `DW_TAG_subprogram` per TEXT
//! symbol, so that gdb can `break file.s:LINE`, step by line and print `file:line` frames, and
//! addr2line and profilers can name lines. Arch-neutral: every target gets it.
//!
//! Lines follow Go's pcln attribution: an instruction a macro produced is on the line of the
//! outermost invocation (what [`SourceMap::outermost`] says), `#line` directives rename files, and
//! a prologue or epilogue the assembler adds is on the line of the Prog it was made from.
//!
//! The line-number program is encoded here, one function at a time, while the back end still
//! has the function's Progs (a few bytes per instruction, kept in [`FuncLines`]); the object
//! writer concatenates the functions' sequences behind one header, opening each with a relocated
//! `DW_LNE_set_address`. gimli's `LineProgram` would hold every row of the file (about 50 bytes
//! each) until the end, which for a file of a million instructions is more memory than the rest
//! of the object. For the same reason the compile unit is written as bytes here (its shape is
//! fixed), and gimli writes only the line table's header.

use gimli::write::EndianVec;
use gimli::{Encoding, Format, RunTimeEndian};
use p9asm_macros::SourceMap;
use rustc_hash::FxHashMap;

use crate::frame::cfi::{CfiReloc, Recorder};
use crate::prog::Func;

/// Line-program parameters (DWARF 5 §6.2.4): every byte address can start an instruction.
const LINE_BASE: i64 = -5;
const LINE_RANGE: i64 = 14;
/// gimli's opcode base: the standard opcodes of DWARF 4 and 5.
const OPCODE_BASE: u8 = 13;
const DW_LNS_COPY: u8 = 1;
const DW_LNS_ADVANCE_PC: u8 = 2;
const DW_LNS_ADVANCE_LINE: u8 = 3;
const DW_LNS_SET_FILE: u8 = 4;
const DW_LNE_END_SEQUENCE: u8 = 1;
const DW_LNE_SET_ADDRESS: u8 = 2;

/// The file names lines refer to, in first-use order: DWARF 5's file index (entry 0, the first
/// TEXT's file, names the compile unit).
#[derive(Default, Debug, Clone)]
pub struct LineFiles {
    names: Vec<String>,
    index: FxHashMap<String, u32>,
    /// Go's `-trimpath` rewrites, applied once per name.
    rewrites: Vec<(String, Option<String>)>,
    /// The directory relative names are joined to (Go records absolute paths).
    dir: String,
    /// The compile directory as recorded (rewritten like the names).
    comp_dir: String,
    /// Line numbers, counted forward function after function.
    lines: p9asm_macros::LineCursor,
}

impl LineFiles {
    /// `trimpath` is Go's `-trimpath` (`PREFIX` or `PREFIX=>REPLACEMENT`, `;`-separated).
    pub fn new(trimpath: &str) -> LineFiles {
        let rewrites: Vec<(String, Option<String>)> = trimpath
            .split(';')
            .filter(|r| !r.is_empty())
            .map(|r| match r.split_once("=>") {
                Some((p, to)) => (p.to_string(), Some(to.to_string())),
                None => (r.to_string(), None),
            })
            .collect();
        let dir = std::env::current_dir().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
        let comp_dir = apply_rewrites(&dir, &rewrites);
        LineFiles { names: Vec::new(), index: FxHashMap::default(), rewrites, dir, comp_dir, lines: Default::default() }
    }

    /// The file's index in the line program: `name` as diagnostics show it, `path` where the
    /// file was read from (absent for `#line` names, standard input and built-in headers).
    pub fn intern(&mut self, name: &str, path: Option<&std::path::Path>) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        let shown = match path {
            Some(p) => {
                let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
                apply_rewrites(&abs.to_string_lossy(), &self.rewrites)
            }
            None => self.record_name(name),
        };
        // two names that record the same (`-trimpath` merged them) share an entry
        if let Some(k) = self.names.iter().position(|n| *n == shown) {
            self.index.insert(name.to_string(), k as u32);
            return k as u32;
        }
        self.names.push(shown);
        self.index.insert(name.to_string(), i);
        i
    }

    /// What the object records for a source name: as Go's `objabi.AbsFile`, absolute (joined
    /// to the working directory) and then rewritten by `-trimpath`; names that are not paths
    /// (`<stdin>`, `<builtin>/textflag.h`) are kept as they are.
    pub fn record_name(&self, name: &str) -> String {
        let abs = if name.starts_with('/') || name.starts_with('<') || self.dir.is_empty() {
            name.to_string()
        } else {
            format!("{}/{}", self.dir.trim_end_matches('/'), name.trim_start_matches("./"))
        };
        apply_rewrites(&abs, &self.rewrites)
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The compile unit's name: the first file a line refers to (the first TEXT's).
    pub fn primary(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }

    /// The compile directory the unit records.
    pub fn comp_dir(&self) -> &str {
        &self.comp_dir
    }
}

/// Go's `objabi.ApplyRewrites`: the first rule whose prefix is the whole path or a directory of
/// it wins; without a replacement the prefix and its slash are removed.
fn apply_rewrites(path: &str, rules: &[(String, Option<String>)]) -> String {
    for (prefix, to) in rules {
        let rest = match path.strip_prefix(prefix.as_str()) {
            Some("") => "",
            Some(r) if r.starts_with('/') => r,
            _ => continue,
        };
        return match to {
            Some(to) => format!("{to}{rest}"),
            None if rest.is_empty() => "??".to_string(),
            None => rest[1..].to_string(),
        };
    }
    path.to_string()
}

/// One function's line rows as line-number program opcodes, from the function's start address
/// with the registers as a sequence begins (file 1, line 1: DWARF's initial state); its end and
/// the address that opens it are the object writer's.
#[derive(Default, Debug, Clone)]
pub struct FuncLines {
    pub ops: Vec<u8>,
    /// The TEXT statement's (file, line): the subprogram's DW_AT_decl_file/decl_line.
    pub decl: (u32, u32),
    /// The address of the last row (the sequence ends at the function's size).
    last_pc: u32,
}

impl FuncLines {
    /// The rows of a function the back end has finished (Progs with their pcs and sizes).
    pub fn of(f: &Func, sources: &SourceMap, files: &mut LineFiles) -> FuncLines {
        let mut out = FuncLines::default();
        let span = sources.outermost(f.origin);
        let (name, line) = files.lines.line_of(sources, span);
        out.decl = (files.intern(name, file_path(sources, span, name)), line);
        let (mut file, mut cur_line, mut have_row) = (1u32, 1u32, false);
        // the last name seen and its index: consecutive instructions are nearly always in one file
        let mut last: Option<(*const u8, usize, u32)> = None;
        for p in &f.progs {
            if p.size == 0 {
                continue;
            }
            let span = sources.outermost(p.origin);
            let (name, line) = files.lines.line_of(sources, span);
            let idx = match last {
                Some((ptr, len, i)) if ptr == name.as_ptr() && len == name.len() => i,
                _ => {
                    let i = files.intern(name, file_path(sources, span, name));
                    last = Some((name.as_ptr(), name.len(), i));
                    i
                }
            };
            if have_row && idx == file && line == cur_line {
                continue;
            }
            if idx != file {
                out.ops.push(DW_LNS_SET_FILE);
                uleb(&mut out.ops, idx as u64);
                file = idx;
            }
            out.row(p.pc, line as i64 - cur_line as i64);
            cur_line = line;
            have_row = true;
        }
        out
    }

    /// Appends a row at `pc`, `line_delta` lines from the previous one.
    fn row(&mut self, pc: u32, mut line_delta: i64) {
        let mut addr_delta = (pc - self.last_pc) as i64;
        self.last_pc = pc;
        if !(LINE_BASE..LINE_BASE + LINE_RANGE).contains(&line_delta) {
            self.ops.push(DW_LNS_ADVANCE_LINE);
            sleb(&mut self.ops, line_delta);
            line_delta = 0;
        }
        let special = |a: i64| (line_delta - LINE_BASE) + LINE_RANGE * a + OPCODE_BASE as i64;
        if special(addr_delta) > 255 {
            self.ops.push(DW_LNS_ADVANCE_PC);
            uleb(&mut self.ops, addr_delta as u64);
            addr_delta = 0;
        }
        self.ops.push(special(addr_delta) as u8);
    }
}

/// The path of the file a span is in, when `name` (what `line_of` said) is that file's own
/// name and not one a `#line` directive gave.
fn file_path<'s>(sources: &'s SourceMap, span: p9asm_macros::Span, name: &str) -> Option<&'s std::path::Path> {
    let f = sources.file(span.file);
    if f.name.as_ptr() == name.as_ptr() { f.path.as_deref() } else { None }
}

/// A function as the debug information sees it.
pub struct DebugFunc {
    pub name: String,
    /// Offset in `.text`.
    pub offset: u64,
    pub size: u64,
    pub global: bool,
    /// Its TEXT statement's (file, line) ([`FuncLines::decl`]).
    pub decl: (u32, u32),
}

/// The line table's sequences, one a function, appended as the back end finishes each
/// ([`LineSequences::push`]); [`debug_sections`] puts the header in front of them. Each opens
/// with a relocated `DW_LNE_set_address`.
#[derive(Default, Debug)]
pub struct LineSequences {
    pub bytes: Vec<u8>,
    pub relocs: Vec<CfiReloc>,
}

impl LineSequences {
    /// The sequence of the function at `offset` in `.text`, `size` bytes long, from its rows.
    pub fn push(&mut self, offset: u64, size: u64, lines: &FuncLines, address_size: u8) {
        let line = &mut self.bytes;
        line.extend_from_slice(&[0, 1 + address_size, DW_LNE_SET_ADDRESS]);
        self.relocs.push(text_reloc(line.len(), address_size, offset));
        line.extend(std::iter::repeat_n(0, address_size as usize));
        line.extend_from_slice(&lines.ops);
        if lines.ops.is_empty() {
            // a function without instructions still gets a row, so that its sequence is not empty
            line.push(DW_LNS_COPY);
        }
        let rest = size.saturating_sub(lines.last_pc as u64);
        if rest > 0 {
            line.push(DW_LNS_ADVANCE_PC);
            uleb(line, rest);
        }
        line.extend_from_slice(&[0, 1, DW_LNE_END_SEQUENCE]);
    }
}

/// A section's bytes and the relocations in them.
pub type Section = (Vec<u8>, Vec<CfiReloc>);

/// Where a relocation of the debug sections points: `.text` plus an offset (in the addend), or
/// the start of another debug section.
pub const TEXT_SYMBOL: usize = 0;

/// The debug sections: (bytes, relocations) each. Relocations name `Symbol(TEXT_SYMBOL)` with
/// the `.text` offset in the addend, or a section (`.debug_abbrev`, `.debug_line`) whose offset
/// 0 they point at.
pub struct DebugImages {
    pub info: Section,
    pub abbrev: Section,
    pub line: Section,
}

/// The compile unit (named after `files`' first name: the file the first TEXT is in), its
/// subprograms and its line table. gimli writes the line table's header (the file table); the
/// functions' `sequences` follow it, moved in behind it rather than copied, and the unit length
/// is patched to cover them. The unit itself is written here, straight into bytes: its
/// shape is fixed (a compile unit, then one subprogram a function, in one of two abbreviations),
/// and gimli's `DwarfUnit` would hold a tree entry with its attributes for every function until
/// the end (more than 10 MB at 20 000 functions). The bytes are gimli's, abbreviation codes in
/// first-use order included (`the_unit_is_the_one_gimli_writes` compares them). `funcs` is not
/// empty: an object without functions gets no debug sections.
pub fn debug_sections(
    files: &LineFiles,
    text_size: u64,
    funcs: &[DebugFunc],
    sequences: LineSequences,
    address_size: u8,
    big_endian: bool,
) -> Result<DebugImages, String> {
    use gimli::write::{DebugLine, LineStringTable, StringTable};
    let encoding = Encoding { format: Format::Dwarf32, version: 5, address_size };
    let program = line_program(files, encoding);
    let endian = if big_endian { RunTimeEndian::Big } else { RunTimeEndian::Little };
    let mut header = DebugLine(Recorder { w: EndianVec::new(endian), relocs: Vec::new() });
    program
        .write(&mut header, encoding, &mut LineStringTable::default(), &mut StringTable::default())
        .map_err(|e| format!("debug information: {e}"))?;
    let (header, mut line_relocs) = (header.0.w.into_vec(), header.0.relocs);
    let LineSequences { bytes: mut line, relocs } = sequences;
    // the sequences move up behind the header in place: they are most of the section
    let shift = header.len();
    line.splice(0..0, header);
    line_relocs.extend(relocs.into_iter().map(|r| CfiReloc { offset: r.offset + shift, ..r }));
    patch_unit_length(&mut line, big_endian, ".debug_line")?;
    let (info, abbrev) = unit(files, text_size, funcs, address_size, big_endian)?;
    Ok(DebugImages { info, abbrev: (abbrev, Vec::new()), line: (line, line_relocs) })
}

/// The line table's header: the compile directory and `files`' names (entry 0 is the first).
fn line_program(files: &LineFiles, encoding: Encoding) -> gimli::write::LineProgram {
    use gimli::write::{LineProgram, LineString};
    let names = files.names();
    let string = |s: &str| LineString::String(s.as_bytes().to_vec());
    let primary = string(files.primary());
    let mut program = LineProgram::new(encoding, line_encoding(), string(files.comp_dir()), None, primary, None);
    let dir = program.default_directory();
    // the names are unique, so entry k is LineFiles' index k
    for name in names.iter().skip(1) {
        program.add_file(string(name), dir, None);
    }
    program
}

/// The line-number program's parameters.
fn line_encoding() -> gimli::LineEncoding {
    gimli::LineEncoding {
        minimum_instruction_length: 1,
        maximum_operations_per_instruction: 1,
        default_is_stmt: true,
        line_base: LINE_BASE as i8,
        line_range: LINE_RANGE as u8,
    }
}

/// A relocated address word: `.text` plus `offset`.
fn text_reloc(at: usize, size: u8, offset: u64) -> CfiReloc {
    CfiReloc {
        offset: at,
        size,
        target: gimli::write::RelocationTarget::Symbol(TEXT_SYMBOL),
        addend: offset as i64,
        pcrel: false,
    }
}

/// A 4-byte section offset to the start of `section`.
fn section_reloc(at: usize, section: gimli::SectionId) -> CfiReloc {
    CfiReloc { offset: at, size: 4, target: gimli::write::RelocationTarget::Section(section), addend: 0, pcrel: false }
}

/// Sets a DWARF32 unit's length (its first 4 bytes) to what follows them.
fn patch_unit_length(unit: &mut [u8], big_endian: bool, what: &str) -> Result<(), String> {
    let n = u32::try_from(unit.len() - 4).map_err(|_| format!("debug information: {what} over 4 GiB"))?;
    unit[..4].copy_from_slice(&if big_endian { n.to_be_bytes() } else { n.to_le_bytes() });
    Ok(())
}

/// `.debug_info` (bytes, relocations) and `.debug_abbrev`: one DWARF 5 compile unit with a
/// `DW_TAG_subprogram` per function.
fn unit(
    files: &LineFiles,
    text_size: u64,
    funcs: &[DebugFunc],
    address_size: u8,
    big_endian: bool,
) -> Result<(Section, Vec<u8>), String> {
    use gimli::constants::*;
    let word = |out: &mut Vec<u8>, v: u64, n: u8| {
        let b = v.to_be_bytes();
        let b = &b[8 - n as usize..];
        if big_endian { out.extend_from_slice(b) } else { out.extend(b.iter().rev()) }
    };
    let cstr = |out: &mut Vec<u8>, s: &[u8]| {
        out.extend_from_slice(s);
        out.push(0);
    };
    // the abbreviations: the compile unit's, and the subprogram's with and without
    // DW_AT_external, numbered in the order the unit first uses them (as gimli numbers them)
    type Attrs = &'static [(DwAt, DwForm)];
    const CU: Attrs = &[
        (DW_AT_producer, DW_FORM_string),
        (DW_AT_language, DW_FORM_udata),
        (DW_AT_name, DW_FORM_string),
        (DW_AT_comp_dir, DW_FORM_string),
        (DW_AT_low_pc, DW_FORM_addr),
        (DW_AT_high_pc, DW_FORM_udata),
        (DW_AT_stmt_list, DW_FORM_sec_offset),
    ];
    const GLOBAL: Attrs = &[
        (DW_AT_name, DW_FORM_string),
        (DW_AT_low_pc, DW_FORM_addr),
        (DW_AT_high_pc, DW_FORM_udata),
        (DW_AT_external, DW_FORM_flag),
        (DW_AT_decl_file, DW_FORM_udata),
        (DW_AT_decl_line, DW_FORM_udata),
    ];
    const LOCAL: Attrs = &[
        (DW_AT_name, DW_FORM_string),
        (DW_AT_low_pc, DW_FORM_addr),
        (DW_AT_high_pc, DW_FORM_udata),
        (DW_AT_decl_file, DW_FORM_udata),
        (DW_AT_decl_line, DW_FORM_udata),
    ];
    let mut abbrev = Vec::new();
    let mut declare = |code: u64, tag: DwTag, children: bool, attrs: Attrs| {
        uleb(&mut abbrev, code);
        uleb(&mut abbrev, tag.0 as u64);
        abbrev.push(if children { DW_CHILDREN_yes.0 } else { DW_CHILDREN_no.0 });
        for (at, form) in attrs {
            uleb(&mut abbrev, at.0 as u64);
            uleb(&mut abbrev, form.0 as u64);
        }
        abbrev.extend_from_slice(&[0, 0]);
    };
    declare(1, DW_TAG_compile_unit, true, CU);
    // (code of the global shape, code of the local shape), 0 until used
    let (mut global_code, mut local_code, mut next) = (0u64, 0u64, 2u64);
    let mut info = Vec::with_capacity(64 + funcs.len() * (24 + address_size as usize));
    let mut relocs = Vec::with_capacity(3 + funcs.len());
    info.extend_from_slice(&[0; 4]);
    word(&mut info, 5, 2);
    info.extend_from_slice(&[DW_UT_compile.0, address_size]);
    relocs.push(section_reloc(info.len(), gimli::SectionId::DebugAbbrev));
    word(&mut info, 0, 4);
    uleb(&mut info, 1);
    cstr(&mut info, format!("p9asm {}", env!("CARGO_PKG_VERSION")).as_bytes());
    uleb(&mut info, DW_LANG_Mips_Assembler.0 as u64);
    cstr(&mut info, files.primary().as_bytes());
    cstr(&mut info, files.comp_dir().as_bytes());
    relocs.push(text_reloc(info.len(), address_size, 0));
    word(&mut info, 0, address_size);
    uleb(&mut info, text_size);
    relocs.push(section_reloc(info.len(), gimli::SectionId::DebugLine));
    word(&mut info, 0, 4);
    for f in funcs {
        let code = if f.global { &mut global_code } else { &mut local_code };
        if *code == 0 {
            *code = next;
            next += 1;
            declare(*code, DW_TAG_subprogram, false, if f.global { GLOBAL } else { LOCAL });
        }
        uleb(&mut info, *code);
        cstr(&mut info, f.name.as_bytes());
        relocs.push(text_reloc(info.len(), address_size, f.offset));
        word(&mut info, 0, address_size);
        uleb(&mut info, f.size);
        if f.global {
            info.push(1);
        }
        uleb(&mut info, f.decl.0 as u64);
        uleb(&mut info, f.decl.1 as u64);
    }
    // the end of the compile unit's children, and of the abbreviations
    info.push(0);
    abbrev.push(0);
    patch_unit_length(&mut info, big_endian, ".debug_info")?;
    Ok(((info, relocs), abbrev))
}

fn uleb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn sleb(out: &mut Vec<u8>, mut v: i64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        let done = (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0);
        out.push(if done { b } else { b | 0x80 });
        if done {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_follow_go() {
        let r = |s: &str| LineFiles::new(s).rewrites;
        assert_eq!(apply_rewrites("/a/b/c.s", &r("/a")), "b/c.s");
        assert_eq!(apply_rewrites("/a/b/c.s", &r("/a=>x")), "x/b/c.s");
        assert_eq!(apply_rewrites("/ab/c.s", &r("/a")), "/ab/c.s", "a prefix is a whole directory");
        assert_eq!(apply_rewrites("/a/b/c.s", &r("/z;/a/b=>$GOROOT")), "$GOROOT/c.s");
        assert_eq!(apply_rewrites("/a", &r("/a")), "??");
    }

    #[test]
    fn leb128() {
        let mut v = Vec::new();
        uleb(&mut v, 624485);
        assert_eq!(v, [0xe5, 0x8e, 0x26]);
        v.clear();
        sleb(&mut v, -123456);
        assert_eq!(v, [0xc0, 0xbb, 0x78]);
        v.clear();
        sleb(&mut v, 63);
        sleb(&mut v, 64);
        sleb(&mut v, -64);
        sleb(&mut v, -65);
        assert_eq!(v, [0x3f, 0xc0, 0x00, 0x40, 0xbf, 0x7f]);
    }

    /// The compile unit as gimli's `DwarfUnit` writes it (what `unit` replaced): the oracle.
    fn gimli_unit(
        files: &LineFiles,
        text_size: u64,
        funcs: &[DebugFunc],
        address_size: u8,
        big_endian: bool,
    ) -> (Vec<u8>, Vec<CfiReloc>, Vec<u8>) {
        use gimli::constants::*;
        use gimli::write::{Address, AttributeValue, DwarfUnit, Sections};
        let encoding = Encoding { format: Format::Dwarf32, version: 5, address_size };
        let primary = files.primary();
        let program = line_program(files, encoding);
        let file_ids: Vec<gimli::write::FileId> = program.files().map(|(id, ..)| id).collect();
        let mut dwarf = DwarfUnit::new(encoding);
        dwarf.unit.line_program = program;
        let root = dwarf.unit.root();
        let cu = dwarf.unit.get_mut(root);
        cu.set(DW_AT_producer, AttributeValue::String(format!("p9asm {}", env!("CARGO_PKG_VERSION")).into_bytes()));
        cu.set(DW_AT_language, AttributeValue::Language(DW_LANG_Mips_Assembler));
        cu.set(DW_AT_name, AttributeValue::String(primary.as_bytes().to_vec()));
        cu.set(DW_AT_comp_dir, AttributeValue::String(files.comp_dir().as_bytes().to_vec()));
        cu.set(DW_AT_low_pc, AttributeValue::Address(Address::Symbol { symbol: TEXT_SYMBOL, addend: 0 }));
        cu.set(DW_AT_high_pc, AttributeValue::Udata(text_size));
        for f in funcs {
            let id = dwarf.unit.add(root, DW_TAG_subprogram);
            let sp = dwarf.unit.get_mut(id);
            sp.set(DW_AT_name, AttributeValue::String(f.name.clone().into_bytes()));
            let low = Address::Symbol { symbol: TEXT_SYMBOL, addend: f.offset as i64 };
            sp.set(DW_AT_low_pc, AttributeValue::Address(low));
            sp.set(DW_AT_high_pc, AttributeValue::Udata(f.size));
            if f.global {
                sp.set(DW_AT_external, AttributeValue::Flag(true));
            }
            sp.set(DW_AT_decl_file, AttributeValue::FileIndex(file_ids.get(f.decl.0 as usize).copied()));
            sp.set(DW_AT_decl_line, AttributeValue::Udata(f.decl.1 as u64));
        }
        let endian = if big_endian { RunTimeEndian::Big } else { RunTimeEndian::Little };
        let mut sections = Sections::new(Recorder { w: EndianVec::new(endian), relocs: Vec::new() });
        dwarf.write(&mut sections).unwrap();
        let info =
            std::mem::replace(&mut sections.debug_info.0, Recorder { w: EndianVec::new(endian), relocs: vec![] });
        let abbrev = std::mem::replace(&mut sections.debug_abbrev.0.w, EndianVec::new(endian));
        (info.w.into_vec(), info.relocs, abbrev.into_vec())
    }

    #[test]
    fn the_unit_is_the_one_gimli_writes() {
        let mut files = LineFiles::new("");
        for name in ["/src/a.s", "/src/b.h", "/src/c.h"] {
            files.intern(name, None);
        }
        let decls = [(0, 3), (1, 200), (2, 70_000), (0, 1)];
        let func = |k: usize, global: bool| DebugFunc {
            name: format!("pkg.f{k}·x"),
            offset: 0x40 * k as u64 + 0x1_0000_0000 * (k as u64 & 1),
            size: 0x90 + k as u64 * 300,
            global,
            decl: decls[k % decls.len()],
        };
        // the first function local or global (the abbreviation codes follow first use), one
        // shape only (a unit without functions is never written: `add_debug_info`)
        let cases: Vec<Vec<DebugFunc>> = vec![
            vec![func(0, true), func(1, false), func(2, true), func(3, false)],
            vec![func(0, false), func(1, true), func(2, false)],
            vec![func(0, true), func(1, true)],
            vec![func(0, false)],
        ];
        for funcs in &cases {
            for (address_size, big) in [(8, false), (8, true), (4, false), (4, true)] {
                let ((info, relocs), abbrev) = unit(&files, 0x12345, funcs, address_size, big).unwrap();
                let (want_info, want_relocs, want_abbrev) = gimli_unit(&files, 0x12345, funcs, address_size, big);
                let what = format!("{} functions, {address_size}-byte addresses, big-endian {big}", funcs.len());
                assert_eq!(info, want_info, ".debug_info: {what}");
                assert_eq!(abbrev, want_abbrev, ".debug_abbrev: {what}");
                assert_eq!(format!("{relocs:?}"), format!("{want_relocs:?}"), "relocations: {what}");
            }
        }
    }

    /// Each function's sequence: a relocated start address, its rows, an advance to its end when
    /// the last row is before it, and the end of the sequence; a function without rows gets
    /// one (`DW_LNS_copy`), and one whose last row is at its end gets no advance.
    #[test]
    fn sequences_run_from_the_function_s_address_to_its_end() {
        let mut files = LineFiles::new("");
        files.intern("/src/a.s", None);
        let mut with_rows = FuncLines { decl: (0, 2), ..FuncLines::default() };
        with_rows.row(0, 1);
        with_rows.row(4, 1);
        let mut ending = FuncLines { decl: (0, 9), ..FuncLines::default() };
        ending.row(0, 8);
        let empty = FuncLines { decl: (0, 12), ..FuncLines::default() };
        let mut sequences = LineSequences::default();
        let mut funcs = Vec::new();
        for (name, offset, size, lines) in
            [("a", 0x10, 0x20, &with_rows), ("b", 0x30, 0, &empty), ("c", 0x40, 0, &ending)]
        {
            sequences.push(offset, size, lines, 8);
            funcs.push(DebugFunc { name: name.into(), offset, size, global: true, decl: lines.decl });
        }
        let images = debug_sections(&files, 0x40, &funcs, sequences, 8, false).unwrap();
        let (line, relocs) = images.line;
        let sequence =
            |ops: &[u8], tail: &[u8]| [&[0, 9, DW_LNE_SET_ADDRESS][..], &[0; 8], ops, tail, &[0, 1, 1]].concat();
        let want = [
            sequence(&with_rows.ops, &[DW_LNS_ADVANCE_PC, 0x1c]),
            sequence(&[DW_LNS_COPY], &[]),
            sequence(&ending.ops, &[]),
        ]
        .concat();
        assert!(line.ends_with(&want), "the sequences: {:02x?}", &line[line.len().saturating_sub(want.len())..]);
        let header_end = line.len() - want.len();
        let addresses: Vec<(usize, i64)> = relocs.iter().map(|r| (r.offset, r.addend)).collect();
        let first = with_rows.ops.len() + 2 + 3 + 8 + 3;
        assert_eq!(
            addresses,
            [(header_end + 3, 0x10), (header_end + first + 3, 0x30), (header_end + first + 15 + 3, 0x40)],
            "each sequence's address names its function"
        );
        // the unit length covers the sequences
        assert_eq!(u32::from_le_bytes(line[..4].try_into().unwrap()) as usize, line.len() - 4);
    }

    #[test]
    fn rows_use_special_opcodes_and_fall_back() {
        let mut f = FuncLines::default();
        f.row(0, 9); // beyond line_range: advance_line, then a special opcode
        f.row(4, 1);
        f.row(400, -1); // beyond a special opcode's address range: advance_pc
        assert_eq!(
            f.ops,
            [
                DW_LNS_ADVANCE_LINE,
                9,
                (0 - LINE_BASE + OPCODE_BASE as i64) as u8,
                (1 - LINE_BASE + LINE_RANGE * 4 + OPCODE_BASE as i64) as u8,
                DW_LNS_ADVANCE_PC,
                0x8c, // 396
                0x03,
                (-1 - LINE_BASE + OPCODE_BASE as i64) as u8,
            ]
        );
    }
}
