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
//! of the object; the compile unit is small and is built with gimli (`write_unit`).

use gimli::write::{Address, AttributeValue, DwarfUnit, EndianVec, Sections};
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

/// A function as the debug sections see it.
pub struct DebugFunc<'a> {
    pub name: String,
    /// Offset in `.text`.
    pub offset: u64,
    pub size: u64,
    pub global: bool,
    pub lines: &'a FuncLines,
}

/// Where a relocation of the debug sections points: `.text` plus an offset (in the addend), or
/// the start of another debug section.
pub const TEXT_SYMBOL: usize = 0;

/// The debug sections: (bytes, relocations) each. Relocations name `Symbol(TEXT_SYMBOL)` with
/// the `.text` offset in the addend, or a section (`.debug_abbrev`, `.debug_line`) whose offset
/// 0 they point at.
pub struct DebugImages {
    pub info: (Vec<u8>, Vec<CfiReloc>),
    pub abbrev: (Vec<u8>, Vec<CfiReloc>),
    pub line: (Vec<u8>, Vec<CfiReloc>),
}

/// The compile unit (named after `files`' first name: the file the first TEXT is in), its
/// subprograms and its line table. gimli writes the unit and the line table's header (the file
/// table); the functions' sequences follow the header, each opened by a relocated
/// `DW_LNE_set_address`, and the unit length is patched to cover them.
pub fn debug_sections(
    files: &LineFiles,
    text_size: u64,
    funcs: &[DebugFunc],
    address_size: u8,
    big_endian: bool,
) -> Result<DebugImages, String> {
    use gimli::constants::*;
    use gimli::write::{LineProgram, LineString};
    let encoding = Encoding { format: Format::Dwarf32, version: 5, address_size };
    let line_encoding = gimli::LineEncoding {
        minimum_instruction_length: 1,
        maximum_operations_per_instruction: 1,
        default_is_stmt: true,
        line_base: LINE_BASE as i8,
        line_range: LINE_RANGE as u8,
    };
    let names = files.names();
    let primary = names.first().map_or("", String::as_str);
    let string = |s: &str| LineString::String(s.as_bytes().to_vec());
    let mut program = LineProgram::new(encoding, line_encoding, string(files.comp_dir()), None, string(primary), None);
    let dir = program.default_directory();
    // the names are unique, so entry k is LineFiles' index k
    for name in names.iter().skip(1) {
        program.add_file(string(name), dir, None);
    }
    let file_ids: Vec<gimli::write::FileId> = program.files().map(|(id, ..)| id).collect();
    let mut dwarf = DwarfUnit::new(encoding);
    dwarf.unit.line_program = program;
    let root = dwarf.unit.root();
    let cu = dwarf.unit.get_mut(root);
    let producer = format!("p9asm {}", env!("CARGO_PKG_VERSION"));
    cu.set(DW_AT_producer, AttributeValue::String(producer.into_bytes()));
    cu.set(DW_AT_language, AttributeValue::Language(DW_LANG_Mips_Assembler));
    cu.set(DW_AT_name, AttributeValue::String(primary.as_bytes().to_vec()));
    cu.set(DW_AT_comp_dir, AttributeValue::String(files.comp_dir().as_bytes().to_vec()));
    cu.set(DW_AT_low_pc, AttributeValue::Address(Address::Symbol { symbol: TEXT_SYMBOL, addend: 0 }));
    cu.set(DW_AT_high_pc, AttributeValue::Udata(text_size));
    for f in funcs {
        let id = dwarf.unit.add(root, DW_TAG_subprogram);
        let sp = dwarf.unit.get_mut(id);
        sp.set(DW_AT_name, AttributeValue::String(f.name.clone().into_bytes()));
        sp.set(DW_AT_low_pc, AttributeValue::Address(Address::Symbol { symbol: TEXT_SYMBOL, addend: f.offset as i64 }));
        sp.set(DW_AT_high_pc, AttributeValue::Udata(f.size));
        if f.global {
            sp.set(DW_AT_external, AttributeValue::Flag(true));
        }
        // a file reference also makes gimli write the line table's header and DW_AT_stmt_list
        sp.set(DW_AT_decl_file, AttributeValue::FileIndex(file_ids.get(f.lines.decl.0 as usize).copied()));
        sp.set(DW_AT_decl_line, AttributeValue::Udata(f.lines.decl.1 as u64));
    }
    let endian = if big_endian { RunTimeEndian::Big } else { RunTimeEndian::Little };
    let mut sections = Sections::new(Recorder { w: EndianVec::new(endian), relocs: Vec::new() });
    dwarf.write(&mut sections).map_err(|e| format!("debug information: {e}"))?;
    let take = |r: &mut Recorder| {
        let w = std::mem::replace(&mut r.w, EndianVec::new(endian));
        (w.into_vec(), std::mem::take(&mut r.relocs))
    };
    let (mut line, mut line_relocs) = take(&mut sections.debug_line.0);
    for f in funcs {
        line.extend_from_slice(&[0, 1 + address_size, DW_LNE_SET_ADDRESS]);
        line_relocs.push(CfiReloc {
            offset: line.len(),
            size: address_size,
            target: gimli::write::RelocationTarget::Symbol(TEXT_SYMBOL),
            addend: f.offset as i64,
            pcrel: false,
        });
        line.extend(std::iter::repeat_n(0, address_size as usize));
        line.extend_from_slice(&f.lines.ops);
        if f.lines.ops.is_empty() {
            // a function without instructions still gets a row, so that its sequence is not empty
            line.push(DW_LNS_COPY);
        }
        let rest = f.size.saturating_sub(f.lines.last_pc as u64);
        if rest > 0 {
            line.push(DW_LNS_ADVANCE_PC);
            uleb(&mut line, rest);
        }
        line.extend_from_slice(&[0, 1, DW_LNE_END_SEQUENCE]);
    }
    let unit_length = u32::try_from(line.len() - 4).map_err(|_| "debug information: .debug_line over 4 GiB")?;
    line[..4].copy_from_slice(&if big_endian { unit_length.to_be_bytes() } else { unit_length.to_le_bytes() });
    Ok(DebugImages {
        info: take(&mut sections.debug_info.0),
        abbrev: take(&mut sections.debug_abbrev.0),
        line: (line, line_relocs),
    })
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
