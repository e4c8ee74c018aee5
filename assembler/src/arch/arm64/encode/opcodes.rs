//! Go's opcode tables and encoding helpers (asm7.go `oprrr`, `opirr`, `opldr`, `oaddi`,
//! `omovlconst`, ...). The `match` tables are asm7.go's `switch` statements row for row.

#![allow(clippy::identity_op, clippy::needless_return, clippy::eq_op, clippy::erasing_op, clippy::match_same_arms)]

use super::super::anames::*;
use super::super::aout::*;
use super::super::ops;
use super::*;

pub fn movesize(a: Op) -> i32 {
    match a {
        FMOVQ => 4,
        MOVD | FMOVD => 3,
        MOVW | MOVWU | FMOVS => 2,
        MOVH | MOVHU => 1,
        MOVB | MOVBU => 0,
        _ => -1,
    }
}

pub fn roff(rm: i64, o: u32, amount: i64) -> u32 {
    ((rm & 31) as u32) << 16 | o << 13 | (amount as u32) << 10
}

pub fn pack(q: u32, arng_a: u8, arng_b: u8) -> u32 {
    q << 16 | (arng_a as u32) << 8 | arng_b as u32
}

/// Go's prfopfield: PRFM's prefetch operations.
pub fn prfopfield(s: i64) -> Option<u32> {
    Some(match s {
        SPOP_PLDL1KEEP => 0,
        SPOP_PLDL1STRM => 1,
        SPOP_PLDL2KEEP => 2,
        SPOP_PLDL2STRM => 3,
        SPOP_PLDL3KEEP => 4,
        SPOP_PLDL3STRM => 5,
        SPOP_PLIL1KEEP => 8,
        SPOP_PLIL1STRM => 9,
        SPOP_PLIL2KEEP => 10,
        SPOP_PLIL2STRM => 11,
        SPOP_PLIL3KEEP => 12,
        SPOP_PLIL3STRM => 13,
        SPOP_PSTL1KEEP => 16,
        SPOP_PSTL1STRM => 17,
        SPOP_PSTL2KEEP => 18,
        SPOP_PSTL2STRM => 19,
        SPOP_PSTL3KEEP => 20,
        SPOP_PSTL3STRM => 21,
        _ => return None,
    })
}

/// Go's sysInstFields: TLBI and DC operations as SYS fields (op1, CRn, CRm, op2, has Xt).
pub fn sys_inst_fields(s: i64) -> Option<(u8, u8, u8, u8, bool)> {
    Some(match s {
        SPOP_VMALLE1IS => (0, 8, 3, 0, false),
        SPOP_VAE1IS => (0, 8, 3, 1, true),
        SPOP_ASIDE1IS => (0, 8, 3, 2, true),
        SPOP_VAAE1IS => (0, 8, 3, 3, true),
        SPOP_VALE1IS => (0, 8, 3, 5, true),
        SPOP_VAALE1IS => (0, 8, 3, 7, true),
        SPOP_VMALLE1 => (0, 8, 7, 0, false),
        SPOP_VAE1 => (0, 8, 7, 1, true),
        SPOP_ASIDE1 => (0, 8, 7, 2, true),
        SPOP_VAAE1 => (0, 8, 7, 3, true),
        SPOP_VALE1 => (0, 8, 7, 5, true),
        SPOP_VAALE1 => (0, 8, 7, 7, true),
        SPOP_IPAS2E1IS => (4, 8, 0, 1, true),
        SPOP_IPAS2LE1IS => (4, 8, 0, 5, true),
        SPOP_ALLE2IS => (4, 8, 3, 0, false),
        SPOP_VAE2IS => (4, 8, 3, 1, true),
        SPOP_ALLE1IS => (4, 8, 3, 4, false),
        SPOP_VALE2IS => (4, 8, 3, 5, true),
        SPOP_VMALLS12E1IS => (4, 8, 3, 6, false),
        SPOP_IPAS2E1 => (4, 8, 4, 1, true),
        SPOP_IPAS2LE1 => (4, 8, 4, 5, true),
        SPOP_ALLE2 => (4, 8, 7, 0, false),
        SPOP_VAE2 => (4, 8, 7, 1, true),
        SPOP_ALLE1 => (4, 8, 7, 4, false),
        SPOP_VALE2 => (4, 8, 7, 5, true),
        SPOP_VMALLS12E1 => (4, 8, 7, 6, false),
        SPOP_ALLE3IS => (6, 8, 3, 0, false),
        SPOP_VAE3IS => (6, 8, 3, 1, true),
        SPOP_VALE3IS => (6, 8, 3, 5, true),
        SPOP_ALLE3 => (6, 8, 7, 0, false),
        SPOP_VAE3 => (6, 8, 7, 1, true),
        SPOP_VALE3 => (6, 8, 7, 5, true),
        SPOP_VMALLE1OS => (0, 8, 1, 0, false),
        SPOP_VAE1OS => (0, 8, 1, 1, true),
        SPOP_ASIDE1OS => (0, 8, 1, 2, true),
        SPOP_VAAE1OS => (0, 8, 1, 3, true),
        SPOP_VALE1OS => (0, 8, 1, 5, true),
        SPOP_VAALE1OS => (0, 8, 1, 7, true),
        SPOP_RVAE1IS => (0, 8, 2, 1, true),
        SPOP_RVAAE1IS => (0, 8, 2, 3, true),
        SPOP_RVALE1IS => (0, 8, 2, 5, true),
        SPOP_RVAALE1IS => (0, 8, 2, 7, true),
        SPOP_RVAE1OS => (0, 8, 5, 1, true),
        SPOP_RVAAE1OS => (0, 8, 5, 3, true),
        SPOP_RVALE1OS => (0, 8, 5, 5, true),
        SPOP_RVAALE1OS => (0, 8, 5, 7, true),
        SPOP_RVAE1 => (0, 8, 6, 1, true),
        SPOP_RVAAE1 => (0, 8, 6, 3, true),
        SPOP_RVALE1 => (0, 8, 6, 5, true),
        SPOP_RVAALE1 => (0, 8, 6, 7, true),
        SPOP_RIPAS2E1IS => (4, 8, 0, 2, true),
        SPOP_RIPAS2LE1IS => (4, 8, 0, 6, true),
        SPOP_ALLE2OS => (4, 8, 1, 0, false),
        SPOP_VAE2OS => (4, 8, 1, 1, true),
        SPOP_ALLE1OS => (4, 8, 1, 4, false),
        SPOP_VALE2OS => (4, 8, 1, 5, true),
        SPOP_VMALLS12E1OS => (4, 8, 1, 6, false),
        SPOP_RVAE2IS => (4, 8, 2, 1, true),
        SPOP_RVALE2IS => (4, 8, 2, 5, true),
        SPOP_IPAS2E1OS => (4, 8, 4, 0, true),
        SPOP_RIPAS2E1 => (4, 8, 4, 2, true),
        SPOP_RIPAS2E1OS => (4, 8, 4, 3, true),
        SPOP_IPAS2LE1OS => (4, 8, 4, 4, true),
        SPOP_RIPAS2LE1 => (4, 8, 4, 6, true),
        SPOP_RIPAS2LE1OS => (4, 8, 4, 7, true),
        SPOP_RVAE2OS => (4, 8, 5, 1, true),
        SPOP_RVALE2OS => (4, 8, 5, 5, true),
        SPOP_RVAE2 => (4, 8, 6, 1, true),
        SPOP_RVALE2 => (4, 8, 6, 5, true),
        SPOP_ALLE3OS => (6, 8, 1, 0, false),
        SPOP_VAE3OS => (6, 8, 1, 1, true),
        SPOP_VALE3OS => (6, 8, 1, 5, true),
        SPOP_RVAE3IS => (6, 8, 2, 1, true),
        SPOP_RVALE3IS => (6, 8, 2, 5, true),
        SPOP_RVAE3OS => (6, 8, 5, 1, true),
        SPOP_RVALE3OS => (6, 8, 5, 5, true),
        SPOP_RVAE3 => (6, 8, 6, 1, true),
        SPOP_RVALE3 => (6, 8, 6, 5, true),
        SPOP_IVAC => (0, 7, 6, 1, true),
        SPOP_ISW => (0, 7, 6, 2, true),
        SPOP_CSW => (0, 7, 10, 2, true),
        SPOP_CISW => (0, 7, 14, 2, true),
        SPOP_ZVA => (3, 7, 4, 1, true),
        SPOP_CVAC => (3, 7, 10, 1, true),
        SPOP_CVAU => (3, 7, 11, 1, true),
        SPOP_CIVAC => (3, 7, 14, 1, true),
        SPOP_IGVAC => (0, 7, 6, 3, true),
        SPOP_IGSW => (0, 7, 6, 4, true),
        SPOP_IGDVAC => (0, 7, 6, 5, true),
        SPOP_IGDSW => (0, 7, 6, 6, true),
        SPOP_CGSW => (0, 7, 10, 4, true),
        SPOP_CGDSW => (0, 7, 10, 6, true),
        SPOP_CIGSW => (0, 7, 14, 4, true),
        SPOP_CIGDSW => (0, 7, 14, 6, true),
        SPOP_GVA => (3, 7, 4, 3, true),
        SPOP_GZVA => (3, 7, 4, 4, true),
        SPOP_CGVAC => (3, 7, 10, 3, true),
        SPOP_CGDVAC => (3, 7, 10, 5, true),
        SPOP_CGVAP => (3, 7, 12, 3, true),
        SPOP_CGDVAP => (3, 7, 12, 5, true),
        SPOP_CGVADP => (3, 7, 13, 3, true),
        SPOP_CGDVADP => (3, 7, 13, 5, true),
        SPOP_CIGVAC => (3, 7, 14, 3, true),
        SPOP_CIGDVAC => (3, 7, 14, 5, true),
        SPOP_CVAP => (3, 7, 12, 1, true),
        SPOP_CVADP => (3, 7, 13, 1, true),
        _ => return None,
    })
}

impl C7<'_> {
    pub(super) fn opxrrr(&mut self, a: Op, extend: bool) -> u32 {
        let mut extension = 0u32;
        if !extend {
            if is_add_op(a) {
                extension = LSL0_64;
            }
            if is_addw_op(a) {
                extension = LSL0_32;
            }
        }
        match a {
            ADD => S64 | 0x0b << 24 | 1 << 21 | extension,
            ADDW => S32 | 0x0b << 24 | 1 << 21 | extension,
            CMN | ADDS => S64 | 1 << 29 | 0x0b << 24 | 1 << 21 | extension,
            CMNW | ADDSW => S32 | 1 << 29 | 0x0b << 24 | 1 << 21 | extension,
            SUB => S64 | 1 << 30 | 0x0b << 24 | 1 << 21 | extension,
            SUBW => S32 | 1 << 30 | 0x0b << 24 | 1 << 21 | extension,
            CMP | SUBS => S64 | 1 << 30 | 1 << 29 | 0x0b << 24 | 1 << 21 | extension,
            CMPW | SUBSW => S32 | 1 << 30 | 1 << 29 | 0x0b << 24 | 1 << 21 | extension,
            _ => {
                self.diag(format!("bad opxrrr {}", ops::name(a)));
                0
            }
        }
    }

    pub(super) fn brdist(&mut self, p: &P, preshift: i64, flen: i64, shift: i64) -> i64 {
        let mut v = 0i64;
        let mut t = 0i64;
        let q = if p.to.typ == TYPE_BRANCH && p.to.target != usize::MAX {
            Some(p.to.target)
        } else if p.from.typ == TYPE_BRANCH && p.from.target != usize::MAX {
            Some(p.from.target)
        } else {
            p.pool
        };
        if let Some(q) = q {
            let qpc = self.progs.get(q).map_or(0, |q| q.pc);
            v = (qpc >> preshift) - (self.pc >> preshift);
            if v & ((1 << shift) - 1) != 0 {
                self.diag("misaligned label");
            }
            v >>= shift;
            t = 1i64 << (flen - 1);
            if v < -t || v >= t {
                self.diag_code("E0302", format!("branch too far {v:#x} vs {t:#x}"));
            }
        }
        v & ((t << 1) - 1)
    }

    pub(super) fn offsetshift(&mut self, v: i64, cls: i64) -> i64 {
        let s = if (C_SEXT1..=C_SEXT16).contains(&cls) {
            cls - C_SEXT1
        } else {
            match cls {
                C_UAUTO4K | C_UOREG4K | C_ZOREG => 0,
                C_UAUTO8K | C_UOREG8K => 1,
                C_UAUTO16K | C_UOREG16K => 2,
                C_UAUTO32K | C_UOREG32K => 3,
                C_UAUTO64K | C_UOREG64K => 4,
                _ => {
                    self.diag(format!("bad class: {}", dr(cls)));
                    0
                }
            }
        };
        let vs = v >> s;
        if vs << s != v {
            self.diag(format!("odd offset: {v}"));
        }
        vs
    }

    pub(super) fn olsr12u(&mut self, mut o: i32, v: i32, b: i64, r: i64) -> u32 {
        if !(0..(1 << 12)).contains(&v) {
            self.diag(format!("offset out of range: {v}"));
        }
        o |= (v & 0xFFF) << 10;
        o |= ((b & 31) as i32) << 5;
        o |= (r & 31) as i32;
        o |= 1 << 24;
        o as u32
    }

    pub(super) fn olsr9s(&mut self, mut o: i32, v: i32, b: i64, r: i64) -> u32 {
        if !(-256..=255).contains(&v) {
            self.diag(format!("offset out of range: {v}"));
        }
        o |= (v & 0x1FF) << 12;
        o |= ((b & 31) as i32) << 5;
        o |= (r & 31) as i32;
        o as u32
    }

    pub(super) fn opstr(&mut self, p: &P, a: Op) -> u32 {
        let enc = self.opldr(a);
        if p.as_ == FMOVQ { enc & !(1 << 22) } else { LD2STR(enc) }
    }

    pub(super) fn opldr(&mut self, a: Op) -> u32 {
        match a {
            MOVD => LDSTR(3, 0, 1),
            MOVW => LDSTR(2, 0, 2),
            MOVWU => LDSTR(2, 0, 1),
            MOVH => LDSTR(1, 0, 2),
            MOVHU => LDSTR(1, 0, 1),
            MOVB => LDSTR(0, 0, 2),
            MOVBU => LDSTR(0, 0, 1),
            FMOVS => LDSTR(2, 1, 1),
            FMOVD => LDSTR(3, 1, 1),
            FMOVQ => LDSTR(0, 1, 3),
            _ => {
                self.diag(format!("bad opldr {}", ops::name(a)));
                0
            }
        }
    }

    pub(super) fn olsxrr(&mut self, mut o: i32, r: i64, r1: i64, r2: i64) -> u32 {
        o |= ((r1 & 31) as i32) << 5;
        o |= ((r2 & 31) as i32) << 16;
        o |= (r & 31) as i32;
        o as u32
    }

    pub(super) fn opldrr(&mut self, a: Op, extension: bool) -> u32 {
        let s: u32 = if extension { 0 } else { 0x1a };
        match a {
            MOVD => s << 10 | 0x3 << 21 | 0x1f << 27,
            MOVW => s << 10 | 0x5 << 21 | 0x17 << 27,
            MOVWU => s << 10 | 0x3 << 21 | 0x17 << 27,
            MOVH => s << 10 | 0x5 << 21 | 0x0f << 27,
            MOVHU => s << 10 | 0x3 << 21 | 0x0f << 27,
            MOVB => s << 10 | 0x5 << 21 | 0x07 << 27,
            MOVBU => s << 10 | 0x3 << 21 | 0x07 << 27,
            FMOVS => s << 10 | 0x3 << 21 | 0x17 << 27 | 1 << 26,
            FMOVD => s << 10 | 0x3 << 21 | 0x1f << 27 | 1 << 26,
            _ => {
                self.diag(format!("bad opldrr {}", ops::name(a)));
                0
            }
        }
    }

    pub(super) fn opstrr(&mut self, a: Op, extension: bool) -> u32 {
        let s: u32 = if extension { 0 } else { 0x1a };
        match a {
            MOVD => s << 10 | 0x1 << 21 | 0x1f << 27,
            MOVW | MOVWU => s << 10 | 0x1 << 21 | 0x17 << 27,
            MOVH | MOVHU => s << 10 | 0x1 << 21 | 0x0f << 27,
            MOVB | MOVBU => s << 10 | 0x1 << 21 | 0x07 << 27,
            FMOVS => s << 10 | 0x1 << 21 | 0x17 << 27 | 1 << 26,
            FMOVD => s << 10 | 0x1 << 21 | 0x1f << 27 | 1 << 26,
            _ => {
                self.diag(format!("bad opstrr {}", ops::name(a)));
                0
            }
        }
    }

    pub(super) fn oaddi(&mut self, mut o1: i32, mut v: i32, r: i64, rt: i64) -> u32 {
        if v & 0xFFF000 != 0 {
            if v & 0xFFF != 0 {
                self.diag("misuses oaddi");
            }
            v >>= 12;
            o1 |= 1 << 22;
        }
        o1 |= (v & 0xFFF) << 10 | ((r & 31) as i32) << 5 | (rt & 31) as i32;
        o1 as u32
    }

    /// Go's omovlit: load a literal (from the pool) into `dr`.
    pub(super) fn omovlit(&mut self, as_: Op, p: &P, a: &A, dr: i64) -> u32 {
        let mut o1: i32;
        match p.pool {
            None => {
                let mut a = *a;
                self.aclass(&mut a);
                o1 = self.opirr(ADD) as i32;
                let mut v = self.instoffset as i32;
                if v != 0 && v & 0xFFF == 0 {
                    v >>= 12;
                    o1 |= 1 << 22;
                }
                o1 |= (v & 0xFFF) << 10 | ((REGZERO & 31) << 5) as i32 | (dr & 31) as i32;
            }
            Some(q) => {
                let (mut fp, mut w) = (0, 0);
                match as_ {
                    FMOVS | VMOVS => {
                        fp = 1;
                        w = 0;
                    }
                    FMOVD | VMOVD => {
                        fp = 1;
                        w = 1;
                    }
                    VMOVQ => {
                        fp = 1;
                        w = 2;
                    }
                    MOVD => {
                        let pq = &self.progs[q];
                        if pq.as_ == DWORD {
                            w = 1;
                        } else if pq.to.offset < 0 {
                            w = 2;
                        } else {
                            w = 0;
                        }
                    }
                    MOVBU | MOVHU | MOVWU => w = 0,
                    MOVB | MOVH | MOVW => w = 2,
                    _ => self.diag(format!("invalid operation {}", ops::name(as_))),
                }
                let v = self.brdist(p, 0, 19, 2) as i32;
                o1 = (w << 30) | (fp << 26) | (3 << 27);
                o1 |= (v & 0x7FFFF) << 5;
                o1 |= (dr & 31) as i32;
            }
        }
        o1 as u32
    }

    /// Go's omovconst: MOVZ/MOVN or ORR of a MOVCON/BITCON.
    pub(super) fn omovconst(&mut self, as_: Op, a: &A, rt: i64) -> u32 {
        let cls = oclass(a);
        if (cls == C_BITCON || cls == C_ABCON || cls == C_ABCON0) && rt != REGZERO {
            let (mut mode, mut as1) = (64, ORR);
            if as_ == MOVW {
                as1 = ORRW;
                mode = 32;
            }
            let mut o1 = self.opirr(as1);
            o1 |= bitcon_encode(a.offset as u64, mode) | ((REGZERO & 31) as u32) << 5 | (rt & 31) as u32;
            return o1;
        }
        let mut o1 = 0;
        if as_ == MOVW {
            let mut d = a.offset as u32;
            let mut s = movcon(d as i64);
            if s < 0 || 16 * s >= 32 {
                d = !d;
                s = movcon(d as i64);
                if s < 0 || 16 * s >= 32 {
                    self.diag(format!("impossible 32-bit move wide: {:#x}", a.offset as u32));
                }
                o1 = self.opirr(MOVNW);
            } else {
                o1 = self.opirr(MOVZW);
            }
            o1 |= MOVCONST(d as i64, s.max(0), rt);
        }
        if as_ == MOVD {
            let mut d = a.offset;
            let mut s = movcon(d);
            if s < 0 || 16 * s >= 64 {
                d = !d;
                s = movcon(d);
                if s < 0 || 16 * s >= 64 {
                    self.diag(format!("impossible 64-bit move wide: {:#x}", a.offset as u64));
                }
                o1 = self.opirr(MOVN);
            } else {
                o1 = self.opirr(MOVZ);
            }
            o1 |= MOVCONST(d, s.max(0), rt);
        }
        o1
    }

    /// Go's omovlconst: a large constant by MOVZ/MOVN and MOVKs; the number of instructions.
    pub(super) fn omovlconst(&mut self, as_: Op, a: &A, rt: i64, os: &mut [u32; 5]) -> u8 {
        match as_ {
            MOVW => {
                let d = a.offset as u32;
                os[0] = self.opirr(MOVZW) | MOVCONST(d as i64, 0, rt);
                os[1] = self.opirr(MOVKW) | MOVCONST(d as i64, 1, rt);
                2
            }
            MOVD => {
                let d = a.offset;
                let dn = !d;
                let mut immh = [0u64; 4];
                let (mut zero, mut neg) = (0, 0);
                for (i, h) in immh.iter_mut().enumerate() {
                    *h = ((d >> (i * 16)) & 0xffff) as u64;
                    if *h == 0 {
                        zero += 1;
                    } else if *h == 0xffff {
                        neg += 1;
                    }
                }
                if zero == 4 || neg == 4 {
                    self.diag("the immediate should be MOVCON");
                }
                let movz = self.opirr(MOVZ);
                let movn = self.opirr(MOVN);
                let movk = self.opirr(MOVK);
                let skip_z = |h: u64| h != 0;
                let skip_n = |h: u64| h != 0xffff;
                if zero == 3 || neg == 3 || zero == 2 || neg == 2 || zero == 1 || neg == 1 {
                    // Go's cases in order: zeroCount==3, negCount==3, zeroCount==2, negCount==2, ...
                    let (op, val, keep): (u32, i64, &dyn Fn(u64) -> bool) = if zero == 3 {
                        (movz, d, &skip_z)
                    } else if neg == 3 {
                        (movn, dn, &skip_n)
                    } else if zero == 2 {
                        (movz, d, &skip_z)
                    } else if neg == 2 {
                        (movn, dn, &skip_n)
                    } else if zero == 1 {
                        (movz, d, &skip_z)
                    } else {
                        (movn, dn, &skip_n)
                    };
                    let mut i = 0usize;
                    while i < 4 {
                        if keep(immh[i]) {
                            os[0] = op | MOVCONST(val, i as i64, rt);
                            i += 1;
                            break;
                        }
                        i += 1;
                    }
                    let mut j = 1;
                    while i < 4 {
                        if keep(immh[i]) {
                            os[j] = movk | MOVCONST(d, i as i64, rt);
                            j += 1;
                        }
                        i += 1;
                    }
                    return j as u8;
                }
                os[0] = movz | MOVCONST(d, 0, rt);
                for i in 1..4 {
                    os[i] = movk | MOVCONST(d, i as i64, rt);
                }
                4
            }
            _ => 0,
        }
    }

    pub(super) fn opbfm(&mut self, a: Op, r: i64, s: i64, rf: i64, rt: i64) -> u32 {
        let mut o = self.opirr(a);
        let b: i64 = if o & (1 << 31) == 0 { 32 } else { 64 };
        if r < 0 || r >= b {
            self.diag("illegal bit number");
        }
        o |= ((r as u32) & 0x3F) << 16;
        if s < 0 || s >= b {
            self.diag("illegal bit number");
        }
        o |= ((s as u32) & 0x3F) << 10;
        o |= ((rf & 31) as u32) << 5 | (rt & 31) as u32;
        o
    }

    pub(super) fn opextr(&mut self, a: Op, v: i64, rn: i64, rm: i64, rt: i64) -> u32 {
        let mut o = self.opirr(a);
        let b: i64 = if o & (1 << 31) != 0 { 63 } else { 31 };
        if v < 0 || v > b {
            self.diag("illegal bit number");
        }
        o |= (v as u32) << 10;
        o |= ((rn & 31) as u32) << 5;
        o |= ((rm & 31) as u32) << 16;
        o |= (rt & 31) as u32;
        o
    }

    pub(super) fn check_unpredictable(&mut self, isload: bool, wback: bool, rn: i64, rt1: i64, rt2: i64) {
        if wback && rn != REGSP && (rn == rt1 || rn == rt2) {
            self.diag("constrained unpredictable behavior");
        }
        if isload && rt1 == rt2 {
            self.diag("constrained unpredictable behavior");
        }
    }

    pub(super) fn checkindex(&mut self, index: i64, maxindex: i64) {
        if index < 0 || index > maxindex {
            self.diag(format!("register element index out of range 0 to {maxindex}"));
        }
    }

    pub(super) fn opldpstp(
        &mut self,
        p: &P,
        o: &super::super::optab::Optab,
        mut vo: i32,
        rbase: u32,
        rl: u32,
        rh: u32,
        ldp: u32,
    ) -> u32 {
        let wback = o.scond as i64 == C_XPOST || o.scond as i64 == C_XPRE;
        match p.as_ {
            LDP | LDPW | LDPSW => {
                self.check_unpredictable(true, wback, p.from.reg, p.to.reg, p.to.offset as i16 as i64)
            }
            STP | STPW => {
                if wback {
                    self.check_unpredictable(false, true, p.to.reg, p.from.reg, p.from.offset as i16 as i64);
                }
            }
            FLDPD | FLDPQ | FLDPS => {
                self.check_unpredictable(true, false, p.from.reg, p.to.reg, p.to.offset as i16 as i64)
            }
            _ => {}
        }
        let mut ret: u32 = 0;
        let (lim_lo, lim_hi, scale, base): (i32, i32, i32, u32) = match p.as_ {
            FLDPQ | FSTPQ => (-1024, 1008, 16, 2 << 30 | 1 << 26),
            FLDPD | FSTPD => (-512, 504, 8, 1 << 30 | 1 << 26),
            FLDPS | FSTPS => (-256, 252, 4, 1 << 26),
            LDP | STP => (-512, 504, 8, 2 << 30),
            LDPW | STPW => (-256, 252, 4, 0),
            LDPSW => (-256, 252, 4, 1 << 30),
            _ => {
                self.diag("invalid instruction");
                (0, 0, 1, 0)
            }
        };
        if vo < lim_lo || vo > lim_hi || vo % scale != 0 {
            self.diag("invalid offset");
        }
        vo /= scale;
        ret |= base;
        let (rlo, rhi) = match p.as_ {
            FLDPQ | FLDPD | FLDPS | FSTPQ | FSTPD | FSTPS => (REG_F0, REG_F31),
            LDP | LDPW | LDPSW => (REG_R0, REG_R30),
            STP | STPW => (REG_R0, REG_R31),
            _ => (0, i64::MAX),
        };
        let (rl64, rh64) = (rl as i64, rh as i64);
        if rl64 < rlo || rhi < rl64 || rh64 < rlo || rhi < rh64 {
            self.diag("invalid register pair");
        }
        match o.scond as i64 {
            C_XPOST => ret |= 1 << 23,
            C_XPRE => ret |= 3 << 23,
            _ => ret |= 2 << 23,
        }
        ret |= 5 << 27 | (ldp & 1) << 22 | ((vo & 0x7f) as u32) << 15 | (rh & 31) << 10 | (rbase & 31) << 5 | (rl & 31);
        ret
    }

    pub(super) fn mask_opvldvst(&mut self, p: &P, mut o1: u32) -> u32 {
        if p.as_ == VLD1 || p.as_ == VST1 {
            return o1;
        }
        o1 &= !0xf000;
        match p.as_ {
            VLD1R | VLD2R => o1 |= 0xC << 12,
            VLD3R | VLD4R => o1 |= 0xE << 12,
            VLD2 | VST2 => o1 |= 8 << 12,
            VLD3 | VST3 => o1 |= 4 << 12,
            VLD4 | VST4 => {}
            _ => self.diag(format!("unsupported instruction:{}", ops::name(p.as_))),
        }
        o1
    }

    pub(super) fn enc_reg_shift_or_ext(&mut self, p: &P, a: &A, r: i64) -> u32 {
        let num = (r >> 5) & 7;
        let rm = r & 31;
        let mem = a.typ == TYPE_MEM;
        if (REG_UXTB..REG_UXTH).contains(&r) {
            roff(rm, 0, num)
        } else if (REG_UXTH..REG_UXTW).contains(&r) {
            roff(rm, 1, num)
        } else if (REG_UXTW..REG_UXTX).contains(&r) {
            if mem { roff(rm, 2, if num == 0 { 2 } else { 6 }) } else { roff(rm, 2, num) }
        } else if (REG_UXTX..REG_SXTB).contains(&r) {
            roff(rm, 3, num)
        } else if (REG_SXTB..REG_SXTH).contains(&r) {
            roff(rm, 4, num)
        } else if (REG_SXTH..REG_SXTW).contains(&r) {
            roff(rm, 5, num)
        } else if (REG_SXTW..REG_SXTX).contains(&r) {
            if mem { roff(rm, 6, if num == 0 { 2 } else { 6 }) } else { roff(rm, 6, num) }
        } else if (REG_SXTX..REG_SPECIAL).contains(&r) {
            if mem { roff(rm, 7, if num == 0 { 2 } else { 6 }) } else { roff(rm, 7, num) }
        } else if (REG_LSL..REG_ARNG).contains(&r) {
            if mem {
                roff(rm, 3, 6)
            } else if is_addw_op(p.as_) {
                roff(rm, 2, num)
            } else {
                roff(rm, 3, num)
            }
        } else {
            self.diag("unsupported register extension type.");
            0
        }
    }

    pub(super) fn check_shift_amount(&mut self, p: &P, a: &A) {
        let amount = (a.index >> 5) & 7;
        let bad = match p.as_ {
            MOVB | MOVBU => amount != 0,
            MOVH | MOVHU => amount != 1 && amount != 0,
            MOVW | MOVWU | FMOVS => amount != 2 && amount != 0,
            MOVD | FMOVD => amount != 3 && amount != 0,
            _ => true,
        };
        if bad {
            self.diag("invalid index shift amount");
        }
    }

    pub(crate) fn oprrr(&mut self, a: Op) -> u32 {
        match a {
            ADC => {
                return S64 | 0 << 30 | 0 << 29 | 0xd0 << 21 | 0 << 10;
            }
            ADCW => {
                return S32 | 0 << 30 | 0 << 29 | 0xd0 << 21 | 0 << 10;
            }
            ADCS => {
                return S64 | 0 << 30 | 1 << 29 | 0xd0 << 21 | 0 << 10;
            }
            ADCSW => {
                return S32 | 0 << 30 | 1 << 29 | 0xd0 << 21 | 0 << 10;
            }
            NGC | SBC => {
                return S64 | 1 << 30 | 0 << 29 | 0xd0 << 21 | 0 << 10;
            }
            NGCS | SBCS => {
                return S64 | 1 << 30 | 1 << 29 | 0xd0 << 21 | 0 << 10;
            }
            NGCW | SBCW => {
                return S32 | 1 << 30 | 0 << 29 | 0xd0 << 21 | 0 << 10;
            }
            NGCSW | SBCSW => {
                return S32 | 1 << 30 | 1 << 29 | 0xd0 << 21 | 0 << 10;
            }
            ADD => {
                return S64 | 0 << 30 | 0 << 29 | 0x0b << 24 | 0 << 22 | 0 << 21 | 0 << 10;
            }
            ADDW => {
                return S32 | 0 << 30 | 0 << 29 | 0x0b << 24 | 0 << 22 | 0 << 21 | 0 << 10;
            }
            CMN | ADDS => {
                return S64 | 0 << 30 | 1 << 29 | 0x0b << 24 | 0 << 22 | 0 << 21 | 0 << 10;
            }
            CMNW | ADDSW => {
                return S32 | 0 << 30 | 1 << 29 | 0x0b << 24 | 0 << 22 | 0 << 21 | 0 << 10;
            }
            SUB => {
                return S64 | 1 << 30 | 0 << 29 | 0x0b << 24 | 0 << 22 | 0 << 21 | 0 << 10;
            }
            SUBW => {
                return S32 | 1 << 30 | 0 << 29 | 0x0b << 24 | 0 << 22 | 0 << 21 | 0 << 10;
            }
            CMP | SUBS => {
                return S64 | 1 << 30 | 1 << 29 | 0x0b << 24 | 0 << 22 | 0 << 21 | 0 << 10;
            }
            CMPW | SUBSW => {
                return S32 | 1 << 30 | 1 << 29 | 0x0b << 24 | 0 << 22 | 0 << 21 | 0 << 10;
            }
            AND => {
                return S64 | 0 << 29 | 0xA << 24;
            }
            ANDW => {
                return S32 | 0 << 29 | 0xA << 24;
            }
            MOVD | ORR => {
                return S64 | 1 << 29 | 0xA << 24;
            }
            MOVWU | ORRW => {
                return S32 | 1 << 29 | 0xA << 24;
            }
            EOR => {
                return S64 | 2 << 29 | 0xA << 24;
            }
            EORW => {
                return S32 | 2 << 29 | 0xA << 24;
            }
            ANDS | TST => {
                return S64 | 3 << 29 | 0xA << 24;
            }
            ANDSW | TSTW => {
                return S32 | 3 << 29 | 0xA << 24;
            }
            BIC => {
                return S64 | 0 << 29 | 0xA << 24 | 1 << 21;
            }
            BICW => {
                return S32 | 0 << 29 | 0xA << 24 | 1 << 21;
            }
            BICS => {
                return S64 | 3 << 29 | 0xA << 24 | 1 << 21;
            }
            BICSW => {
                return S32 | 3 << 29 | 0xA << 24 | 1 << 21;
            }
            EON => {
                return S64 | 2 << 29 | 0xA << 24 | 1 << 21;
            }
            EONW => {
                return S32 | 2 << 29 | 0xA << 24 | 1 << 21;
            }
            MVN | ORN => {
                return S64 | 1 << 29 | 0xA << 24 | 1 << 21;
            }
            MVNW | ORNW => {
                return S32 | 1 << 29 | 0xA << 24 | 1 << 21;
            }
            ASR => {
                return S64 | OPDP2(10);
            }
            ASRW => {
                return S32 | OPDP2(10);
            }
            LSL => {
                return S64 | OPDP2(8);
            }
            LSLW => {
                return S32 | OPDP2(8);
            }
            LSR => {
                return S64 | OPDP2(9);
            }
            LSRW => {
                return S32 | OPDP2(9);
            }
            ROR => {
                return S64 | OPDP2(11);
            }
            RORW => {
                return S32 | OPDP2(11);
            }
            CCMN => {
                return S64 | 0 << 30 | 1 << 29 | 0xD2 << 21 | 0 << 11 | 0 << 10 | 0 << 4;
            }
            CCMNW => {
                return S32 | 0 << 30 | 1 << 29 | 0xD2 << 21 | 0 << 11 | 0 << 10 | 0 << 4;
            }
            CCMP => {
                return S64 | 1 << 30 | 1 << 29 | 0xD2 << 21 | 0 << 11 | 0 << 10 | 0 << 4;
            }
            CCMPW => {
                return S32 | 1 << 30 | 1 << 29 | 0xD2 << 21 | 0 << 11 | 0 << 10 | 0 << 4;
            }
            CRC32B => {
                return S32 | OPDP2(16);
            }
            CRC32H => {
                return S32 | OPDP2(17);
            }
            CRC32W => {
                return S32 | OPDP2(18);
            }
            CRC32X => {
                return S64 | OPDP2(19);
            }
            CRC32CB => {
                return S32 | OPDP2(20);
            }
            CRC32CH => {
                return S32 | OPDP2(21);
            }
            CRC32CW => {
                return S32 | OPDP2(22);
            }
            CRC32CX => {
                return S64 | OPDP2(23);
            }
            CSEL => {
                return S64 | 0 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 0 << 10;
            }
            CSELW => {
                return S32 | 0 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 0 << 10;
            }
            CSET => {
                return S64 | 0 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 1 << 10;
            }
            CSETW => {
                return S32 | 0 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 1 << 10;
            }
            CSETM => {
                return S64 | 1 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 0 << 10;
            }
            CSETMW => {
                return S32 | 1 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 0 << 10;
            }
            CINC | CSINC => {
                return S64 | 0 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 1 << 10;
            }
            CINCW | CSINCW => {
                return S32 | 0 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 1 << 10;
            }
            CINV | CSINV => {
                return S64 | 1 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 0 << 10;
            }
            CINVW | CSINVW => {
                return S32 | 1 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 0 << 10;
            }
            CNEG | CSNEG => {
                return S64 | 1 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 1 << 10;
            }
            CNEGW | CSNEGW => {
                return S32 | 1 << 30 | 0 << 29 | 0xD4 << 21 | 0 << 11 | 1 << 10;
            }
            MUL | MADD => {
                return S64 | 0 << 29 | 0x1B << 24 | 0 << 21 | 0 << 15;
            }
            MULW | MADDW => {
                return S32 | 0 << 29 | 0x1B << 24 | 0 << 21 | 0 << 15;
            }
            MNEG | MSUB => {
                return S64 | 0 << 29 | 0x1B << 24 | 0 << 21 | 1 << 15;
            }
            MNEGW | MSUBW => {
                return S32 | 0 << 29 | 0x1B << 24 | 0 << 21 | 1 << 15;
            }
            MRS => {
                return SYSOP(1, 2, 0, 0, 0, 0, 0);
            }
            MSR => {
                return SYSOP(0, 2, 0, 0, 0, 0, 0);
            }
            NEG => {
                return S64 | 1 << 30 | 0 << 29 | 0xB << 24 | 0 << 21;
            }
            NEGW => {
                return S32 | 1 << 30 | 0 << 29 | 0xB << 24 | 0 << 21;
            }
            NEGS => {
                return S64 | 1 << 30 | 1 << 29 | 0xB << 24 | 0 << 21;
            }
            NEGSW => {
                return S32 | 1 << 30 | 1 << 29 | 0xB << 24 | 0 << 21;
            }
            REM | SDIV => {
                return S64 | OPDP2(3);
            }
            REMW | SDIVW => {
                return S32 | OPDP2(3);
            }
            SMULL | SMADDL => {
                return OPDP3(1, 0, 1, 0);
            }
            SMNEGL | SMSUBL => {
                return OPDP3(1, 0, 1, 1);
            }
            SMULH => {
                return OPDP3(1, 0, 2, 0);
            }
            UMULL | UMADDL => {
                return OPDP3(1, 0, 5, 0);
            }
            UMNEGL | UMSUBL => {
                return OPDP3(1, 0, 5, 1);
            }
            UMULH => {
                return OPDP3(1, 0, 6, 0);
            }
            UREM | UDIV => {
                return S64 | OPDP2(2);
            }
            UREMW | UDIVW => {
                return S32 | OPDP2(2);
            }
            AESE => {
                return 0x4E << 24 | 2 << 20 | 8 << 16 | 4 << 12 | 2 << 10;
            }
            AESD => {
                return 0x4E << 24 | 2 << 20 | 8 << 16 | 5 << 12 | 2 << 10;
            }
            AESMC => {
                return 0x4E << 24 | 2 << 20 | 8 << 16 | 6 << 12 | 2 << 10;
            }
            AESIMC => {
                return 0x4E << 24 | 2 << 20 | 8 << 16 | 7 << 12 | 2 << 10;
            }
            SHA1C => {
                return 0x5E << 24 | 0 << 12;
            }
            SHA1P => {
                return 0x5E << 24 | 1 << 12;
            }
            SHA1M => {
                return 0x5E << 24 | 2 << 12;
            }
            SHA1SU0 => {
                return 0x5E << 24 | 3 << 12;
            }
            SHA256H => {
                return 0x5E << 24 | 4 << 12;
            }
            SHA256H2 => {
                return 0x5E << 24 | 5 << 12;
            }
            SHA256SU1 => {
                return 0x5E << 24 | 6 << 12;
            }
            SHA1H => {
                return 0x5E << 24 | 2 << 20 | 8 << 16 | 0 << 12 | 2 << 10;
            }
            SHA1SU1 => {
                return 0x5E << 24 | 2 << 20 | 8 << 16 | 1 << 12 | 2 << 10;
            }
            SHA256SU0 => {
                return 0x5E << 24 | 2 << 20 | 8 << 16 | 2 << 12 | 2 << 10;
            }
            SHA512H => {
                return 0xCE << 24 | 3 << 21 | 8 << 12;
            }
            SHA512H2 => {
                return 0xCE << 24 | 3 << 21 | 8 << 12 | 4 << 8;
            }
            SHA512SU1 => {
                return 0xCE << 24 | 3 << 21 | 8 << 12 | 8 << 8;
            }
            SHA512SU0 => {
                return 0xCE << 24 | 3 << 22 | 8 << 12;
            }
            FCVTZSD => {
                return FPCVTI(1, 0, 1, 3, 0);
            }
            FCVTZSDW => {
                return FPCVTI(0, 0, 1, 3, 0);
            }
            FCVTZSS => {
                return FPCVTI(1, 0, 0, 3, 0);
            }
            FCVTZSSW => {
                return FPCVTI(0, 0, 0, 3, 0);
            }
            FCVTZUD => {
                return FPCVTI(1, 0, 1, 3, 1);
            }
            FCVTZUDW => {
                return FPCVTI(0, 0, 1, 3, 1);
            }
            FCVTZUS => {
                return FPCVTI(1, 0, 0, 3, 1);
            }
            FCVTZUSW => {
                return FPCVTI(0, 0, 0, 3, 1);
            }
            SCVTFD => {
                return FPCVTI(1, 0, 1, 0, 2);
            }
            SCVTFS => {
                return FPCVTI(1, 0, 0, 0, 2);
            }
            SCVTFWD => {
                return FPCVTI(0, 0, 1, 0, 2);
            }
            SCVTFWS => {
                return FPCVTI(0, 0, 0, 0, 2);
            }
            UCVTFD => {
                return FPCVTI(1, 0, 1, 0, 3);
            }
            UCVTFS => {
                return FPCVTI(1, 0, 0, 0, 3);
            }
            UCVTFWD => {
                return FPCVTI(0, 0, 1, 0, 3);
            }
            UCVTFWS => {
                return FPCVTI(0, 0, 0, 0, 3);
            }
            FADDS => {
                return FPOP2S(0, 0, 0, 2);
            }
            FADDD => {
                return FPOP2S(0, 0, 1, 2);
            }
            FSUBS => {
                return FPOP2S(0, 0, 0, 3);
            }
            FSUBD => {
                return FPOP2S(0, 0, 1, 3);
            }
            FMADDD => {
                return FPOP3S(0, 0, 1, 0, 0);
            }
            FMADDS => {
                return FPOP3S(0, 0, 0, 0, 0);
            }
            FMSUBD => {
                return FPOP3S(0, 0, 1, 0, 1);
            }
            FMSUBS => {
                return FPOP3S(0, 0, 0, 0, 1);
            }
            FNMADDD => {
                return FPOP3S(0, 0, 1, 1, 0);
            }
            FNMADDS => {
                return FPOP3S(0, 0, 0, 1, 0);
            }
            FNMSUBD => {
                return FPOP3S(0, 0, 1, 1, 1);
            }
            FNMSUBS => {
                return FPOP3S(0, 0, 0, 1, 1);
            }
            FMULS => {
                return FPOP2S(0, 0, 0, 0);
            }
            FMULD => {
                return FPOP2S(0, 0, 1, 0);
            }
            FDIVS => {
                return FPOP2S(0, 0, 0, 1);
            }
            FDIVD => {
                return FPOP2S(0, 0, 1, 1);
            }
            FMAXS => {
                return FPOP2S(0, 0, 0, 4);
            }
            FMINS => {
                return FPOP2S(0, 0, 0, 5);
            }
            FMAXD => {
                return FPOP2S(0, 0, 1, 4);
            }
            FMIND => {
                return FPOP2S(0, 0, 1, 5);
            }
            FMAXNMS => {
                return FPOP2S(0, 0, 0, 6);
            }
            FMAXNMD => {
                return FPOP2S(0, 0, 1, 6);
            }
            FMINNMS => {
                return FPOP2S(0, 0, 0, 7);
            }
            FMINNMD => {
                return FPOP2S(0, 0, 1, 7);
            }
            FNMULS => {
                return FPOP2S(0, 0, 0, 8);
            }
            FNMULD => {
                return FPOP2S(0, 0, 1, 8);
            }
            FCMPS => {
                return FPCMP(0, 0, 0, 0, 0);
            }
            FCMPD => {
                return FPCMP(0, 0, 1, 0, 0);
            }
            FCMPES => {
                return FPCMP(0, 0, 0, 0, 16);
            }
            FCMPED => {
                return FPCMP(0, 0, 1, 0, 16);
            }
            FCCMPS => {
                return FPCCMP(0, 0, 0, 0);
            }
            FCCMPD => {
                return FPCCMP(0, 0, 1, 0);
            }
            FCCMPES => {
                return FPCCMP(0, 0, 0, 1);
            }
            FCCMPED => {
                return FPCCMP(0, 0, 1, 1);
            }
            FCSELS => {
                return 0x1E << 24 | 0 << 22 | 1 << 21 | 3 << 10;
            }
            FCSELD => {
                return 0x1E << 24 | 1 << 22 | 1 << 21 | 3 << 10;
            }
            FMOVS => {
                return FPOP1S(0, 0, 0, 0);
            }
            FABSS => {
                return FPOP1S(0, 0, 0, 1);
            }
            FNEGS => {
                return FPOP1S(0, 0, 0, 2);
            }
            FSQRTS => {
                return FPOP1S(0, 0, 0, 3);
            }
            FCVTSD => {
                return FPOP1S(0, 0, 0, 5);
            }
            FCVTSH => {
                return FPOP1S(0, 0, 0, 7);
            }
            FRINTNS => {
                return FPOP1S(0, 0, 0, 8);
            }
            FRINTPS => {
                return FPOP1S(0, 0, 0, 9);
            }
            FRINTMS => {
                return FPOP1S(0, 0, 0, 10);
            }
            FRINTZS => {
                return FPOP1S(0, 0, 0, 11);
            }
            FRINTAS => {
                return FPOP1S(0, 0, 0, 12);
            }
            FRINTXS => {
                return FPOP1S(0, 0, 0, 14);
            }
            FRINTIS => {
                return FPOP1S(0, 0, 0, 15);
            }
            FMOVD => {
                return FPOP1S(0, 0, 1, 0);
            }
            FABSD => {
                return FPOP1S(0, 0, 1, 1);
            }
            FNEGD => {
                return FPOP1S(0, 0, 1, 2);
            }
            FSQRTD => {
                return FPOP1S(0, 0, 1, 3);
            }
            FCVTDS => {
                return FPOP1S(0, 0, 1, 4);
            }
            FCVTDH => {
                return FPOP1S(0, 0, 1, 7);
            }
            FRINTND => {
                return FPOP1S(0, 0, 1, 8);
            }
            FRINTPD => {
                return FPOP1S(0, 0, 1, 9);
            }
            FRINTMD => {
                return FPOP1S(0, 0, 1, 10);
            }
            FRINTZD => {
                return FPOP1S(0, 0, 1, 11);
            }
            FRINTAD => {
                return FPOP1S(0, 0, 1, 12);
            }
            FRINTXD => {
                return FPOP1S(0, 0, 1, 14);
            }
            FRINTID => {
                return FPOP1S(0, 0, 1, 15);
            }
            FCVTHS => {
                return FPOP1S(0, 0, 3, 4);
            }
            FCVTHD => {
                return FPOP1S(0, 0, 3, 5);
            }
            VADD => {
                return 7 << 25 | 1 << 21 | 1 << 15 | 1 << 10;
            }
            VSUB => {
                return 0x17 << 25 | 1 << 21 | 1 << 15 | 1 << 10;
            }
            VADDP => {
                return 7 << 25 | 1 << 21 | 1 << 15 | 15 << 10;
            }
            VAND => {
                return 7 << 25 | 1 << 21 | 7 << 10;
            }
            VBCAX => {
                return 0xCE << 24 | 1 << 21;
            }
            VCMEQ => {
                return 1 << 29 | 0x71 << 21 | 0x23 << 10;
            }
            VCNT => {
                return 0xE << 24 | 0x10 << 17 | 5 << 12 | 2 << 10;
            }
            VZIP1 => {
                return 0xE << 24 | 3 << 12 | 2 << 10;
            }
            VZIP2 => {
                return 0xE << 24 | 1 << 14 | 3 << 12 | 2 << 10;
            }
            VEOR => {
                return 1 << 29 | 0x71 << 21 | 7 << 10;
            }
            VEOR3 => {
                return 0xCE << 24;
            }
            VORR => {
                return 7 << 25 | 5 << 21 | 7 << 10;
            }
            VREV16 => {
                return 3 << 26 | 2 << 24 | 1 << 21 | 3 << 11;
            }
            VRAX1 => {
                return 0xCE << 24 | 3 << 21 | 1 << 15 | 3 << 10;
            }
            VREV32 => {
                return 11 << 26 | 2 << 24 | 1 << 21 | 1 << 11;
            }
            VREV64 => {
                return 3 << 26 | 2 << 24 | 1 << 21 | 1 << 11;
            }
            VMOV => {
                return 7 << 25 | 5 << 21 | 7 << 10;
            }
            VADDV => {
                return 7 << 25 | 3 << 20 | 3 << 15 | 7 << 11;
            }
            VUADDLV => {
                return 1 << 29 | 7 << 25 | 3 << 20 | 7 << 11;
            }
            VFMLA => {
                return 7 << 25 | 0 << 23 | 1 << 21 | 3 << 14 | 3 << 10;
            }
            VFMLS => {
                return 7 << 25 | 1 << 23 | 1 << 21 | 3 << 14 | 3 << 10;
            }
            VPMULL | VPMULL2 => {
                return 0xE << 24 | 1 << 21 | 0x38 << 10;
            }
            VRBIT => {
                return 0x2E << 24 | 1 << 22 | 0x10 << 17 | 5 << 12 | 2 << 10;
            }
            VLD1 | VLD2 | VLD3 | VLD4 => {
                return 3 << 26 | 1 << 22;
            }
            VLD1R | VLD3R => {
                return 0xD << 24 | 1 << 22;
            }
            VLD2R | VLD4R => {
                return 0xD << 24 | 3 << 21;
            }
            VBIF => {
                return 1 << 29 | 7 << 25 | 7 << 21 | 7 << 10;
            }
            VBIT => {
                return 1 << 29 | 0x75 << 21 | 7 << 10;
            }
            VBSL => {
                return 1 << 29 | 0x73 << 21 | 7 << 10;
            }
            VCMTST => {
                return 0xE << 24 | 1 << 21 | 0x23 << 10;
            }
            VUMAX => {
                return 1 << 29 | 7 << 25 | 1 << 21 | 0x19 << 10;
            }
            VUMIN => {
                return 1 << 29 | 7 << 25 | 1 << 21 | 0x1b << 10;
            }
            VUZP1 => {
                return 7 << 25 | 3 << 11;
            }
            VUZP2 => {
                return 7 << 25 | 1 << 14 | 3 << 11;
            }
            VUADDW | VUADDW2 => {
                return 0x17 << 25 | 1 << 21 | 1 << 12;
            }
            VTRN1 => {
                return 7 << 25 | 5 << 11;
            }
            VTRN2 => {
                return 7 << 25 | 1 << 14 | 5 << 11;
            }
            _ => {}
        }
        self.diag(format!("bad oprrr {}", ops::name(a)));
        0
    }

    pub(crate) fn opirr(&mut self, a: Op) -> u32 {
        match a {
            MOVD | ADD => {
                return S64 | 0 << 30 | 0 << 29 | 0x11 << 24;
            }
            CMN | ADDS => {
                return S64 | 0 << 30 | 1 << 29 | 0x11 << 24;
            }
            MOVW | ADDW => {
                return S32 | 0 << 30 | 0 << 29 | 0x11 << 24;
            }
            CMNW | ADDSW => {
                return S32 | 0 << 30 | 1 << 29 | 0x11 << 24;
            }
            SUB => {
                return S64 | 1 << 30 | 0 << 29 | 0x11 << 24;
            }
            CMP | SUBS => {
                return S64 | 1 << 30 | 1 << 29 | 0x11 << 24;
            }
            SUBW => {
                return S32 | 1 << 30 | 0 << 29 | 0x11 << 24;
            }
            CMPW | SUBSW => {
                return S32 | 1 << 30 | 1 << 29 | 0x11 << 24;
            }
            ADR => {
                return 0 << 31 | 0x10 << 24;
            }
            ADRP => {
                return 1 << 31 | 0x10 << 24;
            }
            AND | BIC => {
                return S64 | 0 << 29 | 0x24 << 23;
            }
            ANDW | BICW => {
                return S32 | 0 << 29 | 0x24 << 23 | 0 << 22;
            }
            ORR | ORN => {
                return S64 | 1 << 29 | 0x24 << 23;
            }
            ORRW | ORNW => {
                return S32 | 1 << 29 | 0x24 << 23 | 0 << 22;
            }
            EOR | EON => {
                return S64 | 2 << 29 | 0x24 << 23;
            }
            EORW | EONW => {
                return S32 | 2 << 29 | 0x24 << 23 | 0 << 22;
            }
            ANDS | BICS | TST => {
                return S64 | 3 << 29 | 0x24 << 23;
            }
            ANDSW | BICSW | TSTW => {
                return S32 | 3 << 29 | 0x24 << 23 | 0 << 22;
            }
            ASR => {
                return S64 | 0 << 29 | 0x26 << 23;
            }
            ASRW => {
                return S32 | 0 << 29 | 0x26 << 23 | 0 << 22;
            }
            BFI => {
                return S64 | 2 << 29 | 0x26 << 23 | 1 << 22;
            }
            BFIW => {
                return S32 | 2 << 29 | 0x26 << 23 | 0 << 22;
            }
            BFM => {
                return S64 | 1 << 29 | 0x26 << 23 | 1 << 22;
            }
            BFMW => {
                return S32 | 1 << 29 | 0x26 << 23 | 0 << 22;
            }
            SBFM => {
                return S64 | 0 << 29 | 0x26 << 23 | 1 << 22;
            }
            SBFMW => {
                return S32 | 0 << 29 | 0x26 << 23 | 0 << 22;
            }
            UBFM => {
                return S64 | 2 << 29 | 0x26 << 23 | 1 << 22;
            }
            UBFMW => {
                return S32 | 2 << 29 | 0x26 << 23 | 0 << 22;
            }
            BFXIL => {
                return S64 | 1 << 29 | 0x26 << 23 | 1 << 22;
            }
            BFXILW => {
                return S32 | 1 << 29 | 0x26 << 23 | 0 << 22;
            }
            EXTR => {
                return S64 | 0 << 29 | 0x27 << 23 | 1 << 22 | 0 << 21;
            }
            EXTRW => {
                return S32 | 0 << 29 | 0x27 << 23 | 0 << 22 | 0 << 21;
            }
            CBNZ => {
                return S64 | 0x1A << 25 | 1 << 24;
            }
            CBNZW => {
                return S32 | 0x1A << 25 | 1 << 24;
            }
            CBZ => {
                return S64 | 0x1A << 25 | 0 << 24;
            }
            CBZW => {
                return S32 | 0x1A << 25 | 0 << 24;
            }
            CCMN => {
                return S64 | 0 << 30 | 1 << 29 | 0xD2 << 21 | 1 << 11 | 0 << 10 | 0 << 4;
            }
            CCMNW => {
                return S32 | 0 << 30 | 1 << 29 | 0xD2 << 21 | 1 << 11 | 0 << 10 | 0 << 4;
            }
            CCMP => {
                return S64 | 1 << 30 | 1 << 29 | 0xD2 << 21 | 1 << 11 | 0 << 10 | 0 << 4;
            }
            CCMPW => {
                return S32 | 1 << 30 | 1 << 29 | 0xD2 << 21 | 1 << 11 | 0 << 10 | 0 << 4;
            }
            MOVK => {
                return S64 | 3 << 29 | 0x25 << 23;
            }
            MOVKW => {
                return S32 | 3 << 29 | 0x25 << 23;
            }
            MOVN => {
                return S64 | 0 << 29 | 0x25 << 23;
            }
            MOVNW => {
                return S32 | 0 << 29 | 0x25 << 23;
            }
            MOVZ => {
                return S64 | 2 << 29 | 0x25 << 23;
            }
            MOVZW => {
                return S32 | 2 << 29 | 0x25 << 23;
            }
            MSR => {
                return SYSOP(0, 0, 0, 4, 0, 0, 0x1F);
            }
            AT | DC | IC | TLBI | SYS => {
                return SYSOP(0, 1, 0, 0, 0, 0, 0);
            }
            SYSL => {
                return SYSOP(1, 1, 0, 0, 0, 0, 0);
            }
            TBZ => {
                return 0x36 << 24;
            }
            TBNZ => {
                return 0x37 << 24;
            }
            DSB => {
                return SYSOP(0, 0, 3, 3, 0, 4, 0x1F);
            }
            DMB => {
                return SYSOP(0, 0, 3, 3, 0, 5, 0x1F);
            }
            ISB => {
                return SYSOP(0, 0, 3, 3, 0, 6, 0x1F);
            }
            HINT => {
                return SYSOP(0, 0, 3, 2, 0, 0, 0x1F);
            }
            VEXT => {
                return 0x2E << 24 | 0 << 23 | 0 << 21 | 0 << 15;
            }
            VUSHR => {
                return 0x5E << 23 | 1 << 10;
            }
            VSHL => {
                return 0x1E << 23 | 21 << 10;
            }
            VSRI => {
                return 0x5E << 23 | 17 << 10;
            }
            VSLI => {
                return 0x5E << 23 | 21 << 10;
            }
            VUSHLL | VUXTL => {
                return 1 << 29 | 15 << 24 | 0x29 << 10;
            }
            VUSHLL2 | VUXTL2 => {
                return 3 << 29 | 15 << 24 | 0x29 << 10;
            }
            VXAR => {
                return 0xCE << 24 | 1 << 23;
            }
            VUSRA => {
                return 1 << 29 | 15 << 24 | 5 << 10;
            }
            PRFM => {
                return 0xf9 << 24 | 2 << 22;
            }
            _ => {}
        }
        self.diag(format!("bad opirr {}", ops::name(a)));
        0
    }

    pub(crate) fn opbit(&mut self, a: Op) -> u32 {
        match a {
            CLS => {
                return S64 | OPBIT(5);
            }
            CLSW => {
                return S32 | OPBIT(5);
            }
            CLZ => {
                return S64 | OPBIT(4);
            }
            CLZW => {
                return S32 | OPBIT(4);
            }
            RBIT => {
                return S64 | OPBIT(0);
            }
            RBITW => {
                return S32 | OPBIT(0);
            }
            REV => {
                return S64 | OPBIT(3);
            }
            REVW => {
                return S32 | OPBIT(2);
            }
            REV16 => {
                return S64 | OPBIT(1);
            }
            REV16W => {
                return S32 | OPBIT(1);
            }
            REV32 => {
                return S64 | OPBIT(2);
            }
            _ => {
                self.diag(format!("bad opbit {}", ops::name(a)));
                return 0;
            }
        }
    }

    pub(crate) fn opimm(&mut self, a: Op) -> u32 {
        match a {
            SVC => {
                return 0xD4 << 24 | 0 << 21 | 1;
            }
            HVC => {
                return 0xD4 << 24 | 0 << 21 | 2;
            }
            SMC => {
                return 0xD4 << 24 | 0 << 21 | 3;
            }
            BRK => {
                return 0xD4 << 24 | 1 << 21 | 0;
            }
            HLT => {
                return 0xD4 << 24 | 2 << 21 | 0;
            }
            DCPS1 => {
                return 0xD4 << 24 | 5 << 21 | 1;
            }
            DCPS2 => {
                return 0xD4 << 24 | 5 << 21 | 2;
            }
            DCPS3 => {
                return 0xD4 << 24 | 5 << 21 | 3;
            }
            CLREX => {
                return SYSOP(0, 0, 3, 3, 0, 2, 0x1F);
            }
            _ => {}
        }
        self.diag(format!("bad opimm {}", ops::name(a)));
        0
    }

    pub(crate) fn opbra(&mut self, a: Op) -> u32 {
        match a {
            BEQ => {
                return opbcc(0x0);
            }
            BNE => {
                return opbcc(0x1);
            }
            BCS => {
                return opbcc(0x2);
            }
            BHS => {
                return opbcc(0x2);
            }
            BCC => {
                return opbcc(0x3);
            }
            BLO => {
                return opbcc(0x3);
            }
            BMI => {
                return opbcc(0x4);
            }
            BPL => {
                return opbcc(0x5);
            }
            BVS => {
                return opbcc(0x6);
            }
            BVC => {
                return opbcc(0x7);
            }
            BHI => {
                return opbcc(0x8);
            }
            BLS => {
                return opbcc(0x9);
            }
            BGE => {
                return opbcc(0xa);
            }
            BLT => {
                return opbcc(0xb);
            }
            BGT => {
                return opbcc(0xc);
            }
            BLE => {
                return opbcc(0xd);
            }
            ops::B => {
                return 0 << 31 | 5 << 26;
            }
            ops::BL => {
                return 1 << 31 | 5 << 26;
            }
            _ => {}
        }
        self.diag(format!("bad opbra {}", ops::name(a)));
        0
    }

    pub(crate) fn opbrr(&mut self, a: Op) -> u32 {
        match a {
            ops::BL => {
                return OPBLR(1);
            }
            ops::B => {
                return OPBLR(0);
            }
            Op::RET => {
                return OPBLR(2);
            }
            _ => {}
        }
        self.diag(format!("bad opbrr {}", ops::name(a)));
        0
    }

    pub(crate) fn op0(&mut self, a: Op) -> u32 {
        match a {
            DRPS => {
                return 0x6B << 25 | 5 << 21 | 0x1F << 16 | 0x1F << 5;
            }
            ERET => {
                return 0x6B << 25 | 4 << 21 | 0x1F << 16 | 0 << 10 | 0x1F << 5;
            }
            NOOP => {
                return SYSHINT(0);
            }
            YIELD => {
                return SYSHINT(1);
            }
            WFE => {
                return SYSHINT(2);
            }
            WFI => {
                return SYSHINT(3);
            }
            SEV => {
                return SYSHINT(4);
            }
            SEVL => {
                return SYSHINT(5);
            }
            _ => {}
        }
        self.diag(format!("bad op0 {}", ops::name(a)));
        0
    }

    pub(crate) fn opload(&mut self, a: Op) -> u32 {
        match a {
            LDAR => {
                return LDSTX(3, 1, 1, 0, 1) | 0x1F << 10;
            }
            LDARW => {
                return LDSTX(2, 1, 1, 0, 1) | 0x1F << 10;
            }
            LDARB => {
                return LDSTX(0, 1, 1, 0, 1) | 0x1F << 10;
            }
            LDARH => {
                return LDSTX(1, 1, 1, 0, 1) | 0x1F << 10;
            }
            LDAXP => {
                return LDSTX(3, 0, 1, 1, 1);
            }
            LDAXPW => {
                return LDSTX(2, 0, 1, 1, 1);
            }
            LDAXR => {
                return LDSTX(3, 0, 1, 0, 1) | 0x1F << 10;
            }
            LDAXRW => {
                return LDSTX(2, 0, 1, 0, 1) | 0x1F << 10;
            }
            LDAXRB => {
                return LDSTX(0, 0, 1, 0, 1) | 0x1F << 10;
            }
            LDAXRH => {
                return LDSTX(1, 0, 1, 0, 1) | 0x1F << 10;
            }
            LDXR => {
                return LDSTX(3, 0, 1, 0, 0) | 0x1F << 10;
            }
            LDXRB => {
                return LDSTX(0, 0, 1, 0, 0) | 0x1F << 10;
            }
            LDXRH => {
                return LDSTX(1, 0, 1, 0, 0) | 0x1F << 10;
            }
            LDXRW => {
                return LDSTX(2, 0, 1, 0, 0) | 0x1F << 10;
            }
            LDXP => {
                return LDSTX(3, 0, 1, 1, 0);
            }
            LDXPW => {
                return LDSTX(2, 0, 1, 1, 0);
            }
            MOVNP => {
                return S64 | 0 << 30 | 5 << 27 | 0 << 26 | 0 << 23 | 1 << 22;
            }
            MOVNPW => {
                return S32 | 0 << 30 | 5 << 27 | 0 << 26 | 0 << 23 | 1 << 22;
            }
            _ => {}
        }
        self.diag(format!("bad opload {}", ops::name(a)));
        0
    }

    pub(crate) fn opstore(&mut self, a: Op) -> u32 {
        match a {
            STLR => {
                return LDSTX(3, 1, 0, 0, 1) | 0x1F << 10;
            }
            STLRB => {
                return LDSTX(0, 1, 0, 0, 1) | 0x1F << 10;
            }
            STLRH => {
                return LDSTX(1, 1, 0, 0, 1) | 0x1F << 10;
            }
            STLP => {
                return LDSTX(3, 0, 0, 1, 1);
            }
            STLPW => {
                return LDSTX(2, 0, 0, 1, 1);
            }
            STLRW => {
                return LDSTX(2, 1, 0, 0, 1) | 0x1F << 10;
            }
            STLXP => {
                return LDSTX(3, 0, 0, 1, 1);
            }
            STLXPW => {
                return LDSTX(2, 0, 0, 1, 1);
            }
            STLXR => {
                return LDSTX(3, 0, 0, 0, 1) | 0x1F << 10;
            }
            STLXRB => {
                return LDSTX(0, 0, 0, 0, 1) | 0x1F << 10;
            }
            STLXRH => {
                return LDSTX(1, 0, 0, 0, 1) | 0x1F << 10;
            }
            STLXRW => {
                return LDSTX(2, 0, 0, 0, 1) | 0x1F << 10;
            }
            STXR => {
                return LDSTX(3, 0, 0, 0, 0) | 0x1F << 10;
            }
            STXRB => {
                return LDSTX(0, 0, 0, 0, 0) | 0x1F << 10;
            }
            STXRH => {
                return LDSTX(1, 0, 0, 0, 0) | 0x1F << 10;
            }
            STXP => {
                return LDSTX(3, 0, 0, 1, 0);
            }
            STXPW => {
                return LDSTX(2, 0, 0, 1, 0);
            }
            STXRW => {
                return LDSTX(2, 0, 0, 0, 0) | 0x1F << 10;
            }
            MOVNP => {
                return S64 | 0 << 30 | 5 << 27 | 0 << 26 | 0 << 23 | 1 << 22;
            }
            MOVNPW => {
                return S32 | 0 << 30 | 5 << 27 | 0 << 26 | 0 << 23 | 1 << 22;
            }
            _ => {}
        }
        self.diag(format!("bad opstore {}", ops::name(a)));
        0
    }
}
