//! The stack-map section: per TEXT symbol, what Go's funcinfo holds (address, size, argument and
//! frame sizes, flags, the pc→SP-delta table, the PCDATA tables, the FUNCDATA references), in a
//! documented byte format any runtime can read. The format is specified in the book chapter
//! "Frames, CFI and the stack-map format"; `linker-tests` has a reader.
//!
//! The section is named [`SECTION`] (a C identifier, so the linker defines
//! `__start_p9asm_stackmap`/`__stop_p9asm_stackmap`) and flagged `SHF_ALLOC | SHF_WRITE |
//! SHF_GNU_RETAIN`: retained by `--gc-sections` (lld's start-stop-gc would otherwise drop it), and
//! writable so absolute pointers in it relocate in position-independent executables.
//!
//! Record layout (target byte order; P = pointer size; every record starts 8-aligned and its
//! length is a multiple of 8):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | magic `P9SM` (bytes 0x50 0x39 0x53 0x4d) |
//! | 4 | 1 | version (1) |
//! | 5 | 1 | P |
//! | 6 | 1 | pc quantum (Go's MinLC) |
//! | 7 | 1 | reserved (0) |
//! | 8 | 4 | record length in bytes |
//! | 12 | 4 | function size in bytes |
//! | 16 | P | function entry address (relocated) |
//! | 16+P | 4 | argument size (`-0x80000000` = unknown) |
//! | 20+P | 4 | frame size as written in TEXT |
//! | 24+P | 4 | bytes the prologue allocates (autosize) |
//! | 28+P | 4 | flags: TEXT flags (textflag.h values) plus bit 20 = leaf, bit 21 = static, bit 22 = nosplit after the assembler's own decisions |
//! | 32+P | 2 | npcdata |
//! | 34+P | 2 | nfuncdata |
//! | 36+P | 4 | pcsp table length |
//! | 40+P | 4 | name length |
//! | 44+P | 4×npcdata | length of each pcdata table |
//! | aligned to P | P×nfuncdata | FUNCDATA symbol addresses (0 = absent) |
//! | … | | pcsp table, pcdata tables in index order, the name (UTF-8), zero padding to 8 |
//!
//! Tables use Go's pc-value encoding (see [`super::pctab`]).

use crate::prog::{Addr, Func, Op, textflag};
use crate::sym::SymId;

pub const SECTION: &str = "p9asm_stackmap";
pub const MAGIC: [u8; 4] = *b"P9SM";
pub const VERSION: u8 = 1;
pub const FLAG_LEAF: u32 = 1 << 20;
pub const FLAG_STATIC: u32 = 1 << 21;
pub const FLAG_NOSPLIT: u32 = 1 << 22;

/// A pointer slot that needs a relocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PtrTarget {
    /// The function with this index in the object.
    Func(usize),
    Sym(SymId, i64),
}

/// A function's FUNCDATA by index: (symbol, offset), `None` where absent.
pub type FuncData = Vec<Option<(SymId, i64)>>;

/// The FUNCDATA a function's source gives (the implicit `args_stackmap`/`arginfo0` references
/// name what only Go's compiler defines, so they are left out).
pub fn funcdata(progs: &[crate::prog::Prog]) -> FuncData {
    let mut funcdata: FuncData = Vec::new();
    for p in progs {
        if p.op == Op::FUNCDATA
            && p.mark & crate::prog::mark::SYNTH == 0
            && let Addr::Mem(m) = p.arg(1)
        {
            let idx = p.arg(0).imm().unwrap_or(0) as usize;
            if funcdata.len() <= idx {
                funcdata.resize(idx + 1, None);
            }
            funcdata[idx] = m.sym.map(|s| (s, m.offset));
        }
    }
    funcdata
}

pub struct Record<'a> {
    /// The function (its Progs are not needed).
    pub func: &'a Func,
    pub funcdata: &'a FuncData,
    pub index: usize,
    pub size: u32,
    pub name: &'a str,
    pub is_static: bool,
    pub pcsp: &'a [u8],
    pub pcdata: &'a [Vec<u8>],
}

/// Appends one record to `out`, returning the pointer slots to relocate (offset in `out`).
pub fn write_record(
    out: &mut Vec<u8>,
    r: &Record,
    ptr: usize,
    min_lc: u8,
    big: bool,
) -> Result<Vec<(usize, PtrTarget)>, String> {
    let f = r.func;
    let start = out.len();
    debug_assert!(start.is_multiple_of(8));
    let u16b = |v: u16| {
        if big { v.to_be_bytes() } else { v.to_le_bytes() }
    };
    let u32b = |v: u32| {
        if big { v.to_be_bytes() } else { v.to_le_bytes() }
    };
    let funcdata = r.funcdata;
    let npcdata = u16::try_from(r.pcdata.len()).map_err(|_| "too many PCDATA tables")?;
    let nfuncdata = u16::try_from(funcdata.len()).map_err(|_| "too many FUNCDATA entries")?;
    let mut relocs = Vec::new();
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&[VERSION, ptr as u8, min_lc, 0]);
    let len_at = out.len();
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&u32b(r.size));
    relocs.push((out.len(), PtrTarget::Func(r.index)));
    out.extend(std::iter::repeat_n(0, ptr));
    let mut flags = (f.flags & 0xfffff) as u32;
    if f.layout.leaf {
        flags |= FLAG_LEAF;
    }
    if r.is_static {
        flags |= FLAG_STATIC;
    }
    if f.layout.nosplit || f.flags & textflag::NOSPLIT != 0 {
        flags |= FLAG_NOSPLIT;
    }
    for v in [f.args as i32 as u32, f.frame as i32 as u32, f.layout.autosize as u32, flags] {
        out.extend_from_slice(&u32b(v));
    }
    out.extend_from_slice(&u16b(npcdata));
    out.extend_from_slice(&u16b(nfuncdata));
    out.extend_from_slice(&u32b(r.pcsp.len() as u32));
    out.extend_from_slice(&u32b(r.name.len() as u32));
    for t in r.pcdata {
        out.extend_from_slice(&u32b(t.len() as u32));
    }
    while !(out.len() - start).is_multiple_of(ptr) {
        out.push(0);
    }
    for fd in funcdata {
        if let Some((s, add)) = fd {
            relocs.push((out.len(), PtrTarget::Sym(*s, *add)));
        }
        out.extend(std::iter::repeat_n(0, ptr));
    }
    out.extend_from_slice(r.pcsp);
    for t in r.pcdata {
        out.extend_from_slice(t);
    }
    out.extend_from_slice(r.name.as_bytes());
    while !(out.len() - start).is_multiple_of(8) {
        out.push(0);
    }
    let len = (out.len() - start) as u32;
    out[len_at..len_at + 4].copy_from_slice(&u32b(len));
    Ok(relocs)
}
