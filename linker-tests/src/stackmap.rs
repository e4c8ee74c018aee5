//! A reader of p9asm's stack-map section and a Go-style unwinder built on it alone.
//!
//! The linker gathers every object's `p9asm_stackmap` section and defines
//! `__start_p9asm_stackmap`/`__stop_p9asm_stackmap` around them. Each record describes one TEXT
//! symbol (format: `assembler/src/frame/stackmap.rs` and the book's "Frames, CFI and the stack-map
//! format"): entry address, size, argument and frame sizes, flags, the pc→SP-delta table, the
//! PCDATA tables and the FUNCDATA addresses.
//!
//! Unwinding one frame, as Go's `gentraceback` does on amd64: find the record whose
//! `[entry, entry+size)` holds the PC, read the SP delta at the PC from the pcsp table, then
//! `CFA = SP + delta + 8`, the return PC is at `CFA - 8` and the caller's SP is the CFA.

use std::sync::OnceLock;

pub const MAGIC: [u8; 4] = *b"P9SM";
pub const FLAG_LEAF: u32 = 1 << 20;
pub const FLAG_STATIC: u32 = 1 << 21;
pub const FLAG_NOSPLIT: u32 = 1 << 22;
/// textflag.h
pub const TEXTFLAG_NOSPLIT: u32 = 4;
pub const TEXTFLAG_WRAPPER: u32 = 32;
pub const TEXTFLAG_NEEDCTXT: u32 = 64;
/// funcdata.h (Go 1.19 numbering)
pub const PCDATA_UNSAFE_POINT: usize = 0;
pub const PCDATA_STACK_MAP_INDEX: usize = 1;
pub const FUNCDATA_ARGS_POINTER_MAPS: usize = 0;
pub const FUNCDATA_LOCALS_POINTER_MAPS: usize = 1;

unsafe extern "C" {
    static __start_p9asm_stackmap: u8;
    static __stop_p9asm_stackmap: u8;
}

/// The whole section as linked.
pub fn section() -> &'static [u8] {
    let s = &raw const __start_p9asm_stackmap;
    let e = &raw const __stop_p9asm_stackmap;
    // SAFETY: the linker defines both around the (allocated, retained) section.
    unsafe { std::slice::from_raw_parts(s, e.offset_from(s) as usize) }
}

/// One function record.
#[derive(Clone, Debug)]
pub struct FuncInfo {
    pub entry: usize,
    pub size: u32,
    pub min_lc: u8,
    /// Argument size (`i32::MIN`: unknown).
    pub args: i32,
    /// Frame size as written in TEXT.
    pub frame: i32,
    /// Bytes the prologue allocates.
    pub autosize: i32,
    pub flags: u32,
    pub pcsp: &'static [u8],
    pub pcdata: Vec<&'static [u8]>,
    /// FUNCDATA addresses (0: absent).
    pub funcdata: Vec<usize>,
    pub name: &'static str,
}

fn u16_at(b: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(o..o + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(o..o + 4)?.try_into().ok()?))
}
fn u64_at(b: &[u8], o: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(o..o + 8)?.try_into().ok()?))
}

/// Parses a section image into records. Zero words between records (padding between objects'
/// sections) are skipped.
pub fn parse(sec: &'static [u8]) -> Result<Vec<FuncInfo>, String> {
    let mut out = Vec::new();
    let mut off = 0usize;
    while off + 8 <= sec.len() {
        if sec[off..off + 8] == [0; 8] {
            off += 8;
            continue;
        }
        let r = &sec[off..];
        if r[..4] != MAGIC {
            return Err(format!("no record magic at offset {off:#x}"));
        }
        let bad = || format!("truncated record at offset {off:#x}");
        if r[4] != 1 || r[5] != 8 {
            return Err(format!("record at {off:#x}: version {} pointer size {}", r[4], r[5]));
        }
        let min_lc = r[6];
        let len = u32_at(r, 8).ok_or_else(bad)? as usize;
        if len < 56 || !len.is_multiple_of(8) || len > r.len() {
            return Err(format!("record at {off:#x}: bad length {len}"));
        }
        let r = &r[..len];
        let size = u32_at(r, 12).ok_or_else(bad)?;
        let entry = u64_at(r, 16).ok_or_else(bad)? as usize;
        let args = u32_at(r, 24).ok_or_else(bad)? as i32;
        let frame = u32_at(r, 28).ok_or_else(bad)? as i32;
        let autosize = u32_at(r, 32).ok_or_else(bad)? as i32;
        let flags = u32_at(r, 36).ok_or_else(bad)?;
        let npcdata = u16_at(r, 40).ok_or_else(bad)? as usize;
        let nfuncdata = u16_at(r, 42).ok_or_else(bad)? as usize;
        let pcsp_len = u32_at(r, 44).ok_or_else(bad)? as usize;
        let name_len = u32_at(r, 48).ok_or_else(bad)? as usize;
        let mut p = 52;
        let mut pcdata_lens = Vec::with_capacity(npcdata);
        for _ in 0..npcdata {
            pcdata_lens.push(u32_at(r, p).ok_or_else(bad)? as usize);
            p += 4;
        }
        p = p.next_multiple_of(8);
        let mut funcdata = Vec::with_capacity(nfuncdata);
        for _ in 0..nfuncdata {
            funcdata.push(u64_at(r, p).ok_or_else(bad)? as usize);
            p += 8;
        }
        let mut take = |n: usize| -> Result<&'static [u8], String> {
            let s = r.get(p..p + n).ok_or_else(bad)?;
            p += n;
            Ok(s)
        };
        let pcsp = take(pcsp_len)?;
        let mut pcdata = Vec::with_capacity(npcdata);
        for n in pcdata_lens {
            pcdata.push(take(n)?);
        }
        let name = std::str::from_utf8(take(name_len)?).map_err(|_| format!("record at {off:#x}: name not UTF-8"))?;
        out.push(FuncInfo { entry, size, min_lc, args, frame, autosize, flags, pcsp, pcdata, funcdata, name });
        off += len;
    }
    out.sort_by_key(|f| f.entry);
    Ok(out)
}

/// Every record in this executable, sorted by entry address.
pub fn funcs() -> &'static [FuncInfo] {
    static FUNCS: OnceLock<Vec<FuncInfo>> = OnceLock::new();
    FUNCS.get_or_init(|| parse(section()).unwrap_or_else(|e| panic!("p9asm_stackmap section: {e}")))
}

/// The function whose code holds `pc`.
pub fn find_func(pc: usize) -> Option<&'static FuncInfo> {
    let fs = funcs();
    let i = fs.partition_point(|f| f.entry <= pc);
    let f = fs.get(i.checked_sub(1)?)?;
    (pc < f.entry + f.size as usize).then_some(f)
}

/// The record named `name` (the ELF symbol name, e.g. `runtime.call64`).
pub fn func_named(name: &str) -> Option<&'static FuncInfo> {
    funcs().iter().find(|f| f.name == name)
}

fn uvarint(t: &[u8], p: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *t.get(*p)?;
        *p += 1;
        v |= ((b & 0x7f) as u64) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// Go's `pcvalue`: the value a pc-value table gives `target` (`None` if the table does not cover
/// it). Each row is a zig-zag value delta and a pc delta (in units of `quantum`); the value starts
/// at -1 and applies to `[previous pc, pc)`; a zero value delta after the first row ends it.
pub fn pcvalue(table: &[u8], entry: usize, quantum: u8, target: usize) -> Option<i64> {
    let mut p = 0;
    let mut val: i64 = -1;
    let mut pc = entry;
    let mut first = true;
    loop {
        let uv = uvarint(table, &mut p)?;
        if uv == 0 && !first {
            return None;
        }
        first = false;
        let vdelta = if uv & 1 != 0 { !((uv >> 1) as i64) } else { (uv >> 1) as i64 };
        let pcdelta = uvarint(table, &mut p)? as usize * quantum.max(1) as usize;
        pc += pcdelta;
        val += vdelta;
        if target < pc {
            return Some(val);
        }
    }
}

impl FuncInfo {
    /// SP delta (bytes below the entry SP, return address excluded) at `pc`.
    pub fn spdelta(&self, pc: usize) -> Option<i64> {
        pcvalue(self.pcsp, self.entry, self.min_lc, pc)
    }

    /// PCDATA table `index` at `pc` (-1 where the table is absent or empty, as in Go).
    pub fn pcdata_value(&self, index: usize, pc: usize) -> i64 {
        match self.pcdata.get(index) {
            Some(t) if !t.is_empty() => pcvalue(t, self.entry, self.min_lc, pc).unwrap_or(-1),
            _ => -1,
        }
    }

    /// FUNCDATA `index` (0 when absent).
    pub fn funcdata(&self, index: usize) -> usize {
        self.funcdata.get(index).copied().unwrap_or(0)
    }

    pub fn contains(&self, pc: usize) -> bool {
        pc >= self.entry && pc < self.entry + self.size as usize
    }
}

/// One frame found by [`unwind`].
#[derive(Clone, Debug)]
pub struct Frame {
    /// The PC in this frame (a return address for all frames here).
    pub pc: usize,
    /// SP in this frame at `pc`.
    pub sp: usize,
    /// SP + delta + 8: the SP before the call into this function, as DWARF's CFA.
    pub cfa: usize,
    /// The SP delta at `pc`.
    pub delta: i64,
    pub func: &'static FuncInfo,
}

impl Frame {
    /// PCDATA `index` at the call this frame is stopped at (Go looks up `pc-1` for callers).
    pub fn pcdata_at_call(&self, index: usize) -> i64 {
        self.func.pcdata_value(index, self.pc - 1)
    }
}

/// Walks frames from (`pc`, `sp`) while the PC is in a function the stack-map section knows.
/// `pc` is a return address (the instruction after a CALL) in the first function.
///
/// # Safety
/// `sp` must be the live SP of the frame `pc` is in, on this thread's stack, with the frames
/// above it intact.
pub unsafe fn unwind(mut pc: usize, mut sp: usize, max: usize) -> Vec<Frame> {
    let mut out = Vec::new();
    while out.len() < max {
        // a return address can equal the function's end when the CALL was its last instruction
        let Some(func) = find_func(pc).or_else(|| find_func(pc - 1)) else { break };
        let Some(delta) = func.spdelta(pc).or_else(|| func.spdelta(pc - 1)) else { break };
        let cfa = sp + delta as usize + 8;
        out.push(Frame { pc, sp, cfa, delta, func });
        // SAFETY: the caller's contract: CFA-8 holds this frame's return address.
        pc = unsafe { *((cfa - 8) as *const usize) };
        sp = cfa;
    }
    out
}
