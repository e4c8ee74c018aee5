//! Go's pc-value tables (cmd/internal/obj/pcln.go `funcpctab`): a byte string of
//! (zig-zag value delta, pc delta / MinLC) varint pairs ending in a 0 byte. The value starts at
//! -1; a row begins only at a real instruction boundary (zero-width Progs are folded into the next
//! instruction).

use crate::prog::{Op, Prog};

/// Builds a table. `value(old, p, phase)` is Go's valfunc: phase 0 gives the value in effect at
/// `p`, phase 1 the value after it.
pub fn build(progs: &[Prog], func_size: u32, min_lc: u32, mut value: impl FnMut(i64, usize, u8) -> i64) -> Vec<u8> {
    let mut dst = Vec::new();
    let mut val: i64 = -1;
    let mut oldval = val;
    let Some(first) = progs.first() else {
        return dst;
    };
    let mut pc = first.pc;
    let mut started = false;
    for (i, p) in progs.iter().enumerate() {
        val = value(val, i, 0);
        if val == oldval && started {
            val = value(val, i, 1);
            continue;
        }
        // a zero-width Prog is folded into the next instruction; one Go has no Prog for
        // (UNLISTED: arm's return marker) is folded even at the end of the function
        if p.mark & crate::prog::mark::UNLISTED != 0 || progs.get(i + 1).is_some_and(|next| next.pc == p.pc) {
            val = value(val, i, 1);
            continue;
        }
        if started {
            put_uvarint(&mut dst, ((p.pc - pc) / min_lc) as u64);
            pc = p.pc;
        }
        put_varint(&mut dst, val - oldval);
        oldval = val;
        started = true;
        val = value(val, i, 1);
    }
    if started {
        put_uvarint(&mut dst, (func_size.saturating_sub(pc) / min_lc) as u64);
        dst.push(0);
    }
    dst
}

/// pcsp in layout order, exactly as Go computes it (`pctospadj`).
pub fn pcsp(progs: &[Prog], func_size: u32, min_lc: u32) -> Vec<u8> {
    build(progs, func_size, min_lc, |old, i, phase| {
        let old = if old == -1 { 0 } else { old };
        if phase == 0 { old } else { old + progs[i].spadj as i64 }
    })
}

/// pcsp from the frame model (follows control flow; equal to [`pcsp`] for balanced code).
pub fn pcsp_from_model(progs: &[Prog], func_size: u32, min_lc: u32, model: &super::model::FrameModel) -> Vec<u8> {
    build(progs, func_size, min_lc, |_, i, _| model.sp(i))
}

/// pcdata table `index` (Go's `pctopcdata`).
pub fn pcdata(progs: &[Prog], func_size: u32, min_lc: u32, index: i64) -> Vec<u8> {
    build(progs, func_size, min_lc, |old, i, phase| {
        let p = &progs[i];
        if phase == 0 || p.op != Op::PCDATA || p.arg(0).imm() != Some(index) {
            return old;
        }
        p.arg(1).imm().unwrap_or(old)
    })
}

/// The PCDATA tables a function has, as Go decides: indexes up to the highest one that is ever
/// set to something other than -1; an index that never appears gets an empty table.
pub fn pcdata_tables(progs: &[Prog], func_size: u32, min_lc: u32) -> Vec<Vec<u8>> {
    let mut n = 0i64;
    for p in progs {
        if p.op == Op::PCDATA {
            let (k, v) = (p.arg(0).imm().unwrap_or(0), p.arg(1).imm().unwrap_or(-1));
            if k >= n && v != -1 {
                n = k + 1;
            }
        }
    }
    (0..n)
        .map(|i| {
            if progs.iter().any(|p| p.op == Op::PCDATA && p.arg(0).imm() == Some(i)) {
                pcdata(progs, func_size, min_lc, i)
            } else {
                Vec::new()
            }
        })
        .collect()
}

pub fn put_uvarint(dst: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        dst.push(v as u8 | 0x80);
        v >>= 7;
    }
    dst.push(v as u8);
}

pub fn put_varint(dst: &mut Vec<u8>, v: i64) {
    put_uvarint(dst, ((v << 1) ^ (v >> 63)) as u64);
}

/// Decodes a table into (start pc, end pc, value) rows (the inverse of [`build`]).
pub fn decode(table: &[u8], min_lc: u32) -> Vec<(u32, u32, i64)> {
    let mut rows = Vec::new();
    let mut i = 0;
    let mut val: i64 = -1;
    let mut pc: u32 = 0;
    let mut first = true;
    let uv = |i: &mut usize| -> Option<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = *table.get(*i)?;
            *i += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
            if shift > 63 {
                return None;
            }
        }
    };
    while let Some(d) = uv(&mut i) {
        if d == 0 && !first {
            break;
        }
        first = false;
        let delta = ((d >> 1) as i64) ^ -((d & 1) as i64);
        val += delta;
        let Some(pcd) = uv(&mut i) else { break };
        let end = pc + pcd as u32 * min_lc;
        rows.push((pc, end, val));
        pc = end;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn varints_and_decode() {
        // amd64 callRet<>: 0 for [0,4), 40 for [4,47), 0 for [47,48)
        let t = [0x02, 0x04, 0x50, 0x2b, 0x4f, 0x01, 0x00];
        assert_eq!(decode(&t, 1), vec![(0, 4, 0), (4, 47, 40), (47, 48, 0)]);
        let mut v = Vec::new();
        put_varint(&mut v, 1048584);
        assert_eq!(v, [0x90, 0x80, 0x80, 0x01]);
        // a delta as large as an i64 can take: ten bytes, the last with shift 63
        let mut t = Vec::new();
        put_varint(&mut t, i64::MIN + 1);
        assert_eq!(t.len(), 10);
        put_uvarint(&mut t, 1);
        t.push(0);
        assert_eq!(decode(&t, 1), vec![(0, 1, i64::MIN)]);
    }

    fn prog(op: Op, pc: u32, args: &[crate::prog::Addr]) -> Prog {
        let mut p = Prog::with(op, Default::default(), args);
        p.pc = pc;
        p
    }

    fn pcdata_prog(pc: u32, index: i64, value: i64) -> Prog {
        use crate::prog::Addr::Imm;
        prog(Op::PCDATA, pc, &[Imm(index), Imm(value)])
    }

    /// PCDATA applies from the next instruction; one at the very end (no instruction after it)
    /// changes nothing: Go's funcpctab gives [0, 4) = -1 and no row at the end.
    #[test]
    fn pcdata_takes_effect_after_it_and_not_at_the_end() {
        let progs = [prog(Op::TEXT, 0, &[]), prog(Op::RET, 0, &[]), pcdata_prog(4, 0, 5)];
        assert_eq!(pcdata(&progs, 4, 1, 0), [0, 4, 0]);
        let progs = [prog(Op::TEXT, 0, &[]), pcdata_prog(0, 0, 5), prog(Op::NOP, 0, &[]), prog(Op::RET, 4, &[])];
        assert_eq!(decode(&pcdata(&progs, 8, 4, 0), 4), [(0, 8, 5)]);
    }

    /// Tables up to the highest index set to something other than -1; an index that no PCDATA
    /// names is empty.
    #[test]
    fn unused_pcdata_indexes_get_empty_tables() {
        let progs = [prog(Op::TEXT, 0, &[]), pcdata_prog(0, 1, 3), prog(Op::RET, 0, &[]), pcdata_prog(4, 2, -1)];
        let t = pcdata_tables(&progs, 4, 1);
        assert_eq!(t.len(), 2);
        assert!(t[0].is_empty());
        assert_eq!(decode(&t[1], 1), [(0, 4, 3)]);
    }
}
