//! A reader of the `p9asm_stackmap` section written from its specification (book chapter
//! "Frames, CFI and the stack-map format"), sharing no code with p9asm's writer, and a decoder of
//! Go's pc-value tables (`cmd/internal/obj/pcln.go`).
#![allow(dead_code)]

/// One record of the section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Offset of the record in the section (its entry-address slot is at `offset + 16`).
    pub offset: usize,
    pub ptr: u8,
    pub quantum: u8,
    /// What the entry slot holds before relocation: 0 on RELA targets, the implicit addend (the
    /// function's `.text` offset from the section symbol) on REL ones.
    pub entry: u64,
    pub size: u32,
    pub args: i32,
    pub frame: i32,
    pub autosize: i32,
    pub flags: u32,
    pub funcdata: Vec<u64>,
    pub pcsp: Vec<u8>,
    pub pcdata: Vec<Vec<u8>>,
    pub name: String,
}

/// The section's byte order (the target's).
#[derive(Clone, Copy)]
struct Order {
    big: bool,
}

impl Order {
    fn bytes<const N: usize>(b: &[u8], at: usize) -> Result<[u8; N], String> {
        b.get(at..at + N).map(|s| s.try_into().unwrap()).ok_or_else(|| format!("short at {at}"))
    }
    fn u16(self, b: &[u8], at: usize) -> Result<u16, String> {
        Self::bytes(b, at).map(|v| if self.big { u16::from_be_bytes(v) } else { u16::from_le_bytes(v) })
    }
    fn u32(self, b: &[u8], at: usize) -> Result<u32, String> {
        Self::bytes(b, at).map(|v| if self.big { u32::from_be_bytes(v) } else { u32::from_le_bytes(v) })
    }
    fn u64(self, b: &[u8], at: usize) -> Result<u64, String> {
        Self::bytes(b, at).map(|v| if self.big { u64::from_be_bytes(v) } else { u64::from_le_bytes(v) })
    }
}

/// Decodes a little-endian section with 4- or 8-byte pointers (P, as each record says). Zero padding between records is
/// skipped 8 bytes at a time; anything else that is not a record is an error.
pub fn decode(sec: &[u8]) -> Result<Vec<Record>, String> {
    decode_in(sec, false, 1)
}

/// Decodes a section in either byte order whose records must all have pc quantum `quantum`.
pub fn decode_in(sec: &[u8], big: bool, quantum_expected: u8) -> Result<Vec<Record>, String> {
    let o = Order { big };
    let mut out = Vec::new();
    let mut at = 0;
    while at < sec.len() {
        if sec[at..].len() >= 8 && sec[at..at + 8].iter().all(|&b| b == 0) {
            at += 8;
            continue;
        }
        let r = &sec[at..];
        if r.get(0..4) != Some(b"P9SM") {
            return Err(format!("no magic at {at:#x}"));
        }
        let (version, ptr, quantum, reserved) = (r[4], r[5], r[6], r[7]);
        if version != 1 || !matches!(ptr, 4 | 8) || quantum != quantum_expected || reserved != 0 {
            return Err(format!(
                "record at {at:#x}: version {version}, P {ptr}, quantum {quantum}, reserved {reserved}"
            ));
        }
        let len = o.u32(r, 8)? as usize;
        if !len.is_multiple_of(8) || len > r.len() || len < 52 {
            return Err(format!("record at {at:#x}: length {len}"));
        }
        let r = &r[..len];
        let p = ptr as usize;
        let word = |r: &[u8], at: usize| if p == 8 { o.u64(r, at) } else { o.u32(r, at).map(u64::from) };
        let size = o.u32(r, 12)?;
        let entry = word(r, 16)?;
        let args = o.u32(r, 16 + p)? as i32;
        let frame = o.u32(r, 20 + p)? as i32;
        let autosize = o.u32(r, 24 + p)? as i32;
        let flags = o.u32(r, 28 + p)?;
        let npcdata = o.u16(r, 32 + p)? as usize;
        let nfuncdata = o.u16(r, 34 + p)? as usize;
        let pcsp_len = o.u32(r, 36 + p)? as usize;
        let name_len = o.u32(r, 40 + p)? as usize;
        let mut k = 44 + p;
        let mut pcdata_lens = Vec::new();
        for _ in 0..npcdata {
            pcdata_lens.push(o.u32(r, k)? as usize);
            k += 4;
        }
        while !k.is_multiple_of(p) {
            if r[k] != 0 {
                return Err(format!("record at {at:#x}: nonzero alignment byte"));
            }
            k += 1;
        }
        let mut funcdata = Vec::new();
        for _ in 0..nfuncdata {
            funcdata.push(word(r, k)?);
            k += p;
        }
        let mut take = |n: usize| -> Result<Vec<u8>, String> {
            let v = r.get(k..k + n).ok_or_else(|| format!("record at {at:#x}: table runs past the record"))?.to_vec();
            k += n;
            Ok(v)
        };
        let pcsp = take(pcsp_len)?;
        let mut pcdata = Vec::new();
        for n in &pcdata_lens {
            pcdata.push(take(*n)?);
        }
        let name = String::from_utf8(take(name_len)?).map_err(|e| format!("record at {at:#x}: name: {e}"))?;
        if r[k..].iter().any(|&b| b != 0) || len - k >= 8 {
            return Err(format!("record at {at:#x}: {} bytes after the name are not padding to 8", len - k));
        }
        out.push(Record {
            offset: at,
            ptr,
            quantum,
            entry,
            size,
            args,
            frame,
            autosize,
            flags,
            funcdata,
            pcsp,
            pcdata,
            name,
        });
        at += len;
    }
    Ok(out)
}

fn uvarint(b: &[u8], at: &mut usize) -> Result<u64, String> {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let x = *b.get(*at).ok_or("table ends inside a varint")?;
        *at += 1;
        v |= ((x & 0x7f) as u64) << shift;
        if x & 0x80 == 0 {
            return Ok(v);
        }
        shift += 7;
        if shift > 63 {
            return Err("varint too long".into());
        }
    }
}

/// Decodes a pc-value table into (start pc, end pc, value) ranges. The whole byte string must be
/// the table: its terminating 0 is its last byte.
pub fn pcvalue(b: &[u8], quantum: u64) -> Result<Vec<(u64, u64, i64)>, String> {
    let mut out = Vec::new();
    if b.is_empty() {
        return Ok(out);
    }
    let (mut at, mut pc, mut val) = (0usize, 0u64, -1i64);
    loop {
        let first = out.is_empty();
        let u = uvarint(b, &mut at)?;
        if u == 0 && !first {
            break;
        }
        val += ((u >> 1) as i64) ^ -((u & 1) as i64);
        let d = uvarint(b, &mut at)? * quantum;
        if d == 0 {
            return Err(format!("empty range at pc {pc:#x}"));
        }
        out.push((pc, pc + d, val));
        pc += d;
    }
    if at != b.len() {
        return Err(format!("{} bytes after the table's end", b.len() - at));
    }
    Ok(out)
}

/// Merges adjacent ranges with equal values (two encodings of the same function of pc compare
/// equal after this).
pub fn normalize(v: &[(u64, u64, i64)]) -> Vec<(u64, u64, i64)> {
    let mut out: Vec<(u64, u64, i64)> = Vec::new();
    for &(a, b, x) in v {
        match out.last_mut() {
            Some(l) if l.1 == a && l.2 == x => l.1 = b,
            _ => out.push((a, b, x)),
        }
    }
    out
}

/// The value a decoded table gives at `pc`.
pub fn value_at(v: &[(u64, u64, i64)], pc: u64) -> Option<i64> {
    v.iter().find(|r| r.0 <= pc && pc < r.1).map(|r| r.2)
}
