//! Go's asmout (asm7.go), case by case: the words of one instruction.

#![allow(clippy::collapsible_if, clippy::needless_return, clippy::manual_range_contains, clippy::identity_op)]

use super::super::anames::*;
use super::super::aout::*;
use super::super::optab::{Optab, REGFROM};
use super::super::{ops, regs, reloc};
use super::opcodes::{movesize, pack, prfopfield, sys_inst_fields};
use super::*;
use crate::emit::fixup::Fixup;

impl C7<'_> {
    fn rel(&mut self, off: i64, siz: u8, kind: crate::emit::fixup::FixupKind, sym: Option<SymId>, add: i64, go: u8) {
        self.fixups.push(Fixup { offset: off as u32, size: siz, kind, sym, add, go_type: go });
    }

    pub(super) fn asmout(&mut self, i: usize, o: &Optab, out: &mut [u32; 6]) {
        let mut p = self.progs[i].clone();
        let mut os = [0u32; 5];
        let (mut o1, mut o2, mut o3, mut o4, mut o5) = (0u32, 0u32, 0u32, 0u32, 0u32);
        match o.type_ {
            0 => {}
            1 => {
                o1 = self.oprrr(p.as_);
                let rf = p.from.reg;
                let mut rt = p.to.reg;
                let mut r = p.reg;
                if p.to.typ == TYPE_NONE {
                    rt = REGZERO;
                }
                if r == 0 {
                    r = rt;
                }
                o1 |= ((rf & 31) as u32) << 16 | ((r & 31) as u32) << 5 | (rt & 31) as u32;
            }
            2 => {
                if p.to.reg == REG_RSP && is_adds_op(p.as_) {
                    self.diag("illegal destination register");
                }
                o1 = self.opirr(p.as_);
                let mut rt = p.to.reg;
                if p.to.typ == TYPE_NONE {
                    if o1 & SBIT == 0 {
                        self.diag("ineffective ZR destination");
                    }
                    rt = REGZERO;
                }
                let mut r = p.reg;
                if r == 0 {
                    r = rt;
                }
                let v = self.regoff(&p.from) as i32;
                o1 = self.oaddi(o1 as i32, v, r, rt);
            }
            3 => {
                o1 = self.oprrr(p.as_);
                let amount = (p.from.offset >> 10) & 63;
                let is64bit = o1 & (1 << 31);
                if is64bit == 0 && amount >= 32 {
                    self.diag("shift amount out of range 0 to 31");
                }
                let shift = (p.from.offset >> 22) & 3;
                if !(0..=2).contains(&shift) && (is_add_op(p.as_) || is_addw_op(p.as_) || is_neg_op(p.as_)) {
                    self.diag("unsupported shift operator");
                }
                o1 |= p.from.offset as u32;
                let mut rt = p.to.reg;
                if p.to.typ == TYPE_NONE {
                    rt = REGZERO;
                }
                let mut r = p.reg;
                if p.as_ == MVN || p.as_ == MVNW || is_neg_op(p.as_) {
                    r = REGZERO;
                } else if r == 0 {
                    r = rt;
                }
                o1 |= ((r & 31) as u32) << 5 | (rt & 31) as u32;
            }
            4 => {
                let rt = p.to.reg;
                let mut r = o.param as i64;
                if r == 0 {
                    r = REGZERO;
                } else if r == REGFROM {
                    r = p.from.reg;
                }
                if r == 0 {
                    r = REGSP;
                }
                let mut v = self.regoff(&p.from) as i32;
                let op;
                if v < 0 {
                    v = v.wrapping_neg();
                    op = self.opirr(SUB) as i32;
                } else {
                    op = self.opirr(ADD) as i32;
                }
                if o.size == 8 {
                    o1 = self.oaddi(op, v & 0xfff000, r, rt);
                    o2 = self.oaddi(op, v & 0x000fff, rt, rt);
                } else {
                    o1 = self.oaddi(op, v, r, rt);
                }
            }
            5 => {
                o1 = self.opbra(p.as_);
                if p.to.sym.is_none() {
                    o1 |= self.brdist(&p, 0, 26, 2) as u32;
                } else {
                    let kind = if p.as_ == ops::BL { reloc::CALL26 } else { reloc::JUMP26 };
                    self.rel(self.pc, 4, kind, p.to.sym, p.to.offset, reloc::go_reloc::R_CALLARM64);
                }
            }
            6 => {
                o1 = self.opbrr(p.as_);
                o1 |= ((p.to.reg & 31) as u32) << 5;
                if p.as_ == Op::CALL {
                    self.rel(self.pc, 0, crate::emit::fixup::FixupKind::MARKER, None, 0, reloc::go_reloc::R_CALLIND);
                }
            }
            7 => {
                o1 = self.opbra(p.as_);
                o1 |= (self.brdist(&p, 0, 19, 2) << 5) as u32;
            }
            8 => {
                let rt = p.to.reg;
                let mut rf = p.reg;
                if rf == 0 {
                    rf = rt;
                }
                let v = p.from.offset as i32 as i64;
                o1 = match p.as_ {
                    ASR => self.opbfm(SBFM, v, 63, rf, rt),
                    ASRW => self.opbfm(SBFMW, v, 31, rf, rt),
                    LSL => self.opbfm(UBFM, (64 - v) & 63, 63 - v, rf, rt),
                    LSLW => self.opbfm(UBFMW, (32 - v) & 31, 31 - v, rf, rt),
                    LSR => self.opbfm(UBFM, v, 63, rf, rt),
                    LSRW => self.opbfm(UBFMW, v, 31, rf, rt),
                    ROR => self.opextr(EXTR, v, rf, rf, rt),
                    RORW => self.opextr(EXTRW, v, rf, rf, rt),
                    _ => {
                        self.diag("bad shift $con");
                        0
                    }
                };
            }
            9 => {
                o1 = self.oprrr(p.as_);
                let mut r = p.reg;
                if r == 0 {
                    r = p.to.reg;
                }
                o1 |= ((p.from.reg & 31) as u32) << 16 | ((r & 31) as u32) << 5 | (p.to.reg & 31) as u32;
            }
            10 => {
                o1 = self.opimm(p.as_);
                if p.from.typ != TYPE_NONE {
                    o1 |= ((p.from.offset & 0xffff) << 5) as u32;
                }
            }
            11 => {
                let mut to = p.to;
                self.aclass(&mut to);
                o1 = self.instoffset as u32;
                o2 = (self.instoffset >> 32) as u32;
                if p.to.sym.is_some() {
                    self.rel(
                        self.pc,
                        8,
                        crate::emit::fixup::FixupKind::ABS64,
                        p.to.sym,
                        p.to.offset,
                        reloc::go_reloc::R_ADDR,
                    );
                    o1 = 0;
                    o2 = 0;
                }
            }
            12 => {
                let num = self.omovlconst(p.as_, &p.from, p.to.reg, &mut os);
                if num == 0 {
                    self.diag("invalid constant");
                }
                o1 = os[0];
                o2 = os[1];
                o3 = os[2];
                o4 = os[3];
            }
            13 => {
                if p.reg == REGTMP {
                    self.diag("cannot use REGTMP as source");
                }
                if p.to.reg == REG_RSP && is_adds_op(p.as_) {
                    self.diag("illegal destination register");
                }
                let cls = oclass(&p.from);
                let num = if is_addw_op(p.as_) {
                    if !cmp(C_LCON, cls) {
                        self.diag("illegal combination");
                    }
                    self.omovlconst(MOVW, &p.from, REGTMP, &mut os)
                } else {
                    self.omovlconst(MOVD, &p.from, REGTMP, &mut os)
                };
                if num == 0 {
                    self.diag("invalid constant");
                }
                let mut rt = p.to.reg;
                if p.to.typ == TYPE_NONE {
                    rt = REGZERO;
                }
                let mut r = p.reg;
                if r == 0 {
                    r = rt;
                }
                let mut op;
                if p.to.typ != TYPE_NONE && (p.to.reg == REGSP || r == REGSP) {
                    op = self.opxrrr(p.as_, false);
                    op |= ((REGTMP & 31) << 16) as u32;
                    op |= LSL0_64;
                } else {
                    op = self.oprrr(p.as_);
                    op |= ((REGTMP & 31) << 16) as u32;
                }
                op |= ((r & 31) as u32) << 5;
                op |= (rt & 31) as u32;
                os[num as usize] = op;
                o1 = os[0];
                o2 = os[1];
                o3 = os[2];
                o4 = os[3];
                o5 = os[4];
            }
            14 => {
                let mut to = p.to;
                if self.aclass(&mut to) == C_ADDR {
                    self.diag("address constant needs DWORD");
                }
                o1 = self.instoffset as u32;
                if p.to.sym.is_some() {
                    self.rel(
                        self.pc,
                        4,
                        crate::emit::fixup::FixupKind::ABS32,
                        p.to.sym,
                        p.to.offset,
                        reloc::go_reloc::R_ADDR,
                    );
                    o1 = 0;
                }
            }
            15 => {
                o1 = self.oprrr(p.as_);
                let rf = p.from.reg;
                let rt = p.to.reg;
                let r;
                let mut ra;
                if p.from3_type() == TYPE_REG {
                    r = p.from3().map_or(0, |a| a.reg);
                    ra = p.reg;
                    if ra == 0 {
                        ra = REGZERO;
                    }
                } else {
                    r = if p.reg == 0 { rt } else { p.reg };
                    ra = REGZERO;
                }
                o1 |= ((rf & 31) as u32) << 16 | ((ra & 31) as u32) << 10 | ((r & 31) as u32) << 5 | (rt & 31) as u32;
            }
            16 => {
                o1 = self.oprrr(p.as_);
                let rf = p.from.reg;
                let rt = p.to.reg;
                let r = if p.reg == 0 { rt } else { p.reg };
                o1 |= ((rf & 31) as u32) << 16 | ((r & 31) as u32) << 5 | (REGTMP & 31) as u32;
                o2 = self.oprrr(MSUBW);
                o2 |= o1 & (1 << 31);
                o2 |=
                    ((rf & 31) as u32) << 16 | ((r & 31) as u32) << 10 | ((REGTMP & 31) << 5) as u32 | (rt & 31) as u32;
            }
            17 => {
                o1 = self.oprrr(p.as_);
                let rf = p.from.reg;
                let mut rt = p.to.reg;
                let mut r = p.reg;
                if p.to.typ == TYPE_NONE {
                    rt = REGZERO;
                }
                if r == 0 {
                    r = REGZERO;
                }
                o1 |= ((rf & 31) as u32) << 16 | ((r & 31) as u32) << 5 | (rt & 31) as u32;
            }
            18 => {
                o1 = self.oprrr(p.as_);
                let mut cond = p.from.offset;
                if cond < SPOP_EQ
                    || cond > SPOP_NV
                    || (cond == SPOP_AL || cond == SPOP_NV) && p.from3_type() == TYPE_NONE
                {
                    self.diag("invalid condition");
                } else {
                    cond -= SPOP_EQ;
                }
                let mut r = p.reg;
                let mut rf = r;
                if p.from3_type() == TYPE_NONE {
                    if r == 0 {
                        rf = REGZERO;
                        r = rf;
                    }
                    cond ^= 1;
                } else {
                    rf = p.from3().map_or(0, |a| a.reg);
                }
                let rt = p.to.reg;
                o1 |= ((rf & 31) as u32) << 16 | ((cond & 15) as u32) << 12 | ((r & 31) as u32) << 5 | (rt & 31) as u32;
            }
            19 => {
                let nzcv = p.to.offset;
                let mut cond = p.from.offset;
                if cond < SPOP_EQ || cond > SPOP_NV {
                    self.diag("invalid condition");
                } else {
                    cond -= SPOP_EQ;
                }
                let f3 = p.from3().copied().unwrap_or_else(A::none);
                let rf;
                if f3.typ == TYPE_REG {
                    o1 = self.oprrr(p.as_);
                    rf = f3.reg;
                } else {
                    o1 = self.opirr(p.as_);
                    rf = f3.offset & 0x1F;
                }
                o1 |= ((rf & 31) as u32) << 16 | ((cond & 15) as u32) << 12 | ((p.reg & 31) as u32) << 5 | nzcv as u32;
            }
            20 => {
                let mut v = self.regoff(&p.to) as i32;
                let sz = 1i32 << movesize(o.as_);
                let mut r = p.to.reg;
                if r == 0 {
                    r = o.param as i64;
                }
                if v < 0 || v % sz != 0 {
                    let op = self.opstr(&p, p.as_) as i32;
                    o1 = self.olsr9s(op, v, r, p.from.reg);
                } else {
                    v = self.offsetshift(v as i64, o.a4 as i64) as i32;
                    let op = self.opstr(&p, p.as_) as i32;
                    o1 = self.olsr12u(op, v, r, p.from.reg);
                }
            }
            21 => {
                let mut v = self.regoff(&p.from) as i32;
                let sz = 1i32 << movesize(o.as_);
                let mut r = p.from.reg;
                if r == 0 {
                    r = o.param as i64;
                }
                if v < 0 || v % sz != 0 {
                    let op = self.opldr(p.as_) as i32;
                    o1 = self.olsr9s(op, v, r, p.to.reg);
                } else {
                    v = self.offsetshift(v as i64, o.a1 as i64) as i32;
                    let op = self.opldr(p.as_) as i32;
                    o1 = self.olsr12u(op, v, r, p.to.reg);
                }
            }
            22 => {
                if p.from.reg != REGSP && p.from.reg == p.to.reg {
                    self.diag("constrained unpredictable behavior");
                }
                let v = p.from.offset as i32;
                if !(-256..=255).contains(&v) {
                    self.diag("offset out of range [-256,255]");
                }
                o1 = self.opldr(p.as_);
                if o.scond as i64 == C_XPOST {
                    o1 |= 1 << 10;
                } else {
                    o1 |= 3 << 10;
                }
                o1 |= ((v as u32) & 0x1FF) << 12 | ((p.from.reg & 31) as u32) << 5 | (p.to.reg & 31) as u32;
            }
            23 => {
                if p.to.reg != REGSP && p.from.reg == p.to.reg {
                    self.diag("constrained unpredictable behavior");
                }
                let v = p.to.offset as i32;
                if !(-256..=255).contains(&v) {
                    self.diag("offset out of range [-256,255]");
                }
                o1 = self.opstr(&p, p.as_);
                if o.scond as i64 == C_XPOST {
                    o1 |= 1 << 10;
                } else {
                    o1 |= 3 << 10;
                }
                o1 |= ((v as u32) & 0x1FF) << 12 | ((p.to.reg & 31) as u32) << 5 | (p.from.reg & 31) as u32;
            }
            24 => {
                let rf = p.from.reg;
                let rt = p.to.reg;
                let s = rf == REGSP || rt == REGSP;
                if p.as_ == MVN || p.as_ == MVNW {
                    if s {
                        self.diag("illegal SP reference");
                    }
                    o1 = self.oprrr(p.as_);
                    o1 |= ((rf & 31) as u32) << 16 | ((REGZERO & 31) << 5) as u32 | (rt & 31) as u32;
                } else if s {
                    o1 = self.opirr(p.as_);
                    o1 |= ((rf & 31) as u32) << 5 | (rt & 31) as u32;
                } else {
                    o1 = self.oprrr(p.as_);
                    o1 |= ((rf & 31) as u32) << 16 | ((REGZERO & 31) << 5) as u32 | (rt & 31) as u32;
                }
            }
            25 => {
                o1 = self.oprrr(p.as_);
                let mut rf = p.from.reg;
                if rf == C_NONE {
                    rf = p.to.reg;
                }
                let rt = p.to.reg;
                o1 |= ((rf & 31) as u32) << 16 | ((REGZERO & 31) << 5) as u32 | (rt & 31) as u32;
            }
            27 => {
                if p.to.reg == REG_RSP && is_adds_op(p.as_) {
                    self.diag("illegal destination register");
                }
                if (p.from.reg - RBASE_ARM64) & REG_EXT != 0 || (p.from.reg >= REG_LSL && p.from.reg < REG_ARNG) {
                    let amount = (p.from.reg >> 5) & 7;
                    if amount > 4 {
                        self.diag("shift amount out of range 0 to 4");
                    }
                    o1 = self.opxrrr(p.as_, true);
                    o1 |= self.enc_reg_shift_or_ext(&p, &p.from, p.from.reg);
                } else {
                    o1 = self.opxrrr(p.as_, false);
                    o1 |= ((p.from.reg & 31) as u32) << 16;
                }
                let mut rt = p.to.reg;
                if p.to.typ == TYPE_NONE {
                    rt = REGZERO;
                }
                let r = if p.reg == 0 { rt } else { p.reg };
                o1 |= ((r & 31) as u32) << 5 | (rt & 31) as u32;
            }
            28 => {
                if p.reg == REGTMP {
                    self.diag("cannot use REGTMP as source");
                }
                let cls = oclass(&p.from);
                let num = if is_andw_op(p.as_) {
                    if !cmp(C_LCON, cls) {
                        self.diag("illegal combination");
                    }
                    self.omovlconst(MOVW, &p.from, REGTMP, &mut os)
                } else {
                    self.omovlconst(MOVD, &p.from, REGTMP, &mut os)
                };
                if num == 0 {
                    self.diag("invalid constant");
                }
                let mut rt = p.to.reg;
                if p.to.typ == TYPE_NONE {
                    rt = REGZERO;
                }
                let r = if p.reg == 0 { rt } else { p.reg };
                let mut op = self.oprrr(p.as_);
                op |= ((REGTMP & 31) << 16) as u32;
                op |= ((r & 31) as u32) << 5;
                op |= (rt & 31) as u32;
                os[num as usize] = op;
                o1 = os[0];
                o2 = os[1];
                o3 = os[2];
                o4 = os[3];
                o5 = os[4];
            }
            29 => {
                let mut f = p.from;
                let mut t = p.to;
                let fc = self.aclass(&mut f);
                let tc = self.aclass(&mut t);
                if (p.as_ == FMOVD || p.as_ == FMOVS) && (fc == C_REG || fc == C_ZCON || tc == C_REG || tc == C_ZCON) {
                    o1 = FPCVTI(0, 0, 0, 0, 6);
                    if p.as_ == FMOVD {
                        o1 |= 1 << 31 | 1 << 22;
                    }
                    if fc == C_REG || fc == C_ZCON {
                        o1 |= 1 << 16;
                    }
                } else {
                    o1 = self.oprrr(p.as_);
                }
                o1 |= ((p.from.reg & 31) as u32) << 5 | (p.to.reg & 31) as u32;
            }
            30 => {
                let s = movesize(o.as_);
                if s < 0 {
                    self.diag("unexpected long move");
                }
                let r = if p.to.reg == 0 { o.param as i64 } else { p.to.reg };
                let v = self.regoff(&p.to) as i32;
                let mut usepool = v < 0 || (v & ((1 << s) - 1)) != 0;
                let mut hi = 0;
                if !usepool {
                    hi = v - (v & (0xFFF << s));
                    if hi & 0xFFF != 0 {
                        self.diag("internal: miscalculated offset");
                    }
                    if hi & !0xFFF000 != 0 {
                        usepool = true;
                    }
                }
                if !usepool {
                    let add = self.opirr(ADD) as i32;
                    o1 = self.oaddi(add, hi, r, REGTMP);
                    let op = self.opstr(&p, p.as_) as i32;
                    o2 = self.olsr12u(op, ((v - hi) >> s) & 0xFFF, REGTMP, p.from.reg);
                } else {
                    if r == REGTMP || p.from.reg == REGTMP {
                        self.diag("REGTMP used in large offset store");
                    }
                    o1 = self.omovlit(MOVD, &p, &p.to, REGTMP);
                    let op = self.opstrr(p.as_, false) as i32;
                    o2 = self.olsxrr(op, p.from.reg, r, REGTMP);
                }
            }
            31 => {
                let s = movesize(o.as_);
                if s < 0 {
                    self.diag("unexpected long move");
                }
                let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                let v = self.regoff(&p.from) as i32;
                let mut usepool = v < 0 || (v & ((1 << s) - 1)) != 0;
                let mut hi = 0;
                if !usepool {
                    hi = v - (v & (0xFFF << s));
                    if hi & 0xFFF != 0 {
                        self.diag("internal: miscalculated offset");
                    }
                    if hi & !0xFFF000 != 0 {
                        usepool = true;
                    }
                }
                if !usepool {
                    let add = self.opirr(ADD) as i32;
                    o1 = self.oaddi(add, hi, r, REGTMP);
                    let op = self.opldr(p.as_) as i32;
                    o2 = self.olsr12u(op, ((v - hi) >> s) & 0xFFF, REGTMP, p.to.reg);
                } else {
                    if r == REGTMP || p.from.reg == REGTMP {
                        self.diag("REGTMP used in large offset load");
                    }
                    o1 = self.omovlit(MOVD, &p, &p.from, REGTMP);
                    let op = self.opldrr(p.as_, false) as i32;
                    o2 = self.olsxrr(op, p.to.reg, r, REGTMP);
                }
            }
            32 => {
                o1 = self.omovconst(p.as_, &p.from, p.to.reg);
            }
            33 => {
                o1 = self.opirr(p.as_);
                let d = p.from.offset;
                if d == 0 {
                    self.diag("zero shifts cannot be handled correctly");
                }
                let s = movcon(d);
                if !(0..4).contains(&s) {
                    self.diag(format!("bad constant for MOVK: {:#x}", d as u64));
                }
                if o1 & S64 == 0 && s >= 2 {
                    self.diag("illegal bit position");
                }
                if ((d as u64) >> ((s * 16) as u32 & 63)) >> 16 != 0 {
                    self.diag("requires uimm16");
                }
                let rt = p.to.reg;
                o1 |= (((d >> ((s * 16) as u32 & 63)) & 0xFFFF) << 5 | (((s as u32) & 3) << 21) as i64 | (rt & 31))
                    as u32;
            }
            34 => {
                o1 = self.omovlit(MOVD, &p, &p.from, REGTMP);
                if o1 != 0 {
                    o2 = self.opxrrr(ADD, false);
                    o2 |= ((REGTMP & 31) << 16) as u32;
                    o2 |= LSL0_64;
                    let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                    o2 |= ((r & 31) as u32) << 5;
                    o2 |= (p.to.reg & 31) as u32;
                }
            }
            35 => {
                o1 = self.oprrr(MRS);
                let (v, access) = regs::sys_reg_enc(p.from.reg).map_or((0, 0), |(_, e, a)| (e, a));
                if v == 0 {
                    self.diag("illegal system register");
                }
                if o1 & (v & !(3 << 19)) != 0 {
                    self.diag("MRS register value overlap");
                }
                if access as i64 & SR_READ == 0 {
                    self.diag("system register is not readable");
                }
                o1 |= v;
                o1 |= (p.to.reg & 31) as u32;
            }
            36 => {
                o1 = self.oprrr(MSR);
                let (v, access) = regs::sys_reg_enc(p.to.reg).map_or((0, 0), |(_, e, a)| (e, a));
                if v == 0 {
                    self.diag("illegal system register");
                }
                if o1 & (v & !(3 << 19)) != 0 {
                    self.diag("MSR register value overlap");
                }
                if access as i64 & SR_WRITE == 0 {
                    self.diag("system register is not writable");
                }
                o1 |= v;
                o1 |= (p.from.reg & 31) as u32;
            }
            37 => {
                if (p.from.offset as u64) & !0xF != 0 {
                    self.diag("illegal immediate for PSTATE field");
                }
                o1 = self.opirr(MSR);
                o1 |= ((p.from.offset & 0xF) << 8) as u32;
                let mut v = 0u32;
                if p.to.typ == TYPE_REG && p.to.reg == REG_SPSel {
                    v = 4 << 12 | 5 << 5;
                } else if p.to.typ == TYPE_SPECIAL {
                    if p.to.offset == SPOP_DAIFSet {
                        v = 3 << 16 | 4 << 12 | 6 << 5;
                    } else if p.to.offset == SPOP_DAIFClr {
                        v = 3 << 16 | 4 << 12 | 7 << 5;
                    }
                }
                if v == 0 {
                    self.diag("illegal PSTATE field for immediate move");
                }
                o1 |= v;
            }
            38 => {
                o1 = self.opimm(p.as_);
                if p.to.typ == TYPE_NONE {
                    o1 |= 0xF << 8;
                } else {
                    o1 |= ((p.to.offset & 0xF) << 8) as u32;
                }
            }
            39 => {
                o1 = self.opirr(p.as_);
                o1 |= (p.from.reg & 31) as u32;
                o1 |= (self.brdist(&p, 0, 19, 2) << 5) as u32;
            }
            40 => {
                o1 = self.opirr(p.as_);
                let v = p.from.offset as i32;
                if !(0..=63).contains(&v) {
                    self.diag("illegal bit number");
                }
                o1 |= ((v as u32) & 0x20) << (31 - 5) | ((v as u32) & 0x1F) << 19;
                o1 |= (self.brdist(&p, 0, 14, 2) << 5) as u32;
                o1 |= (p.reg & 31) as u32;
            }
            41 => {
                o1 = self.op0(p.as_);
            }
            42 => {
                let s = p.from3().map_or(0, |a| a.offset);
                o1 = self.opbfm(p.as_, p.from.offset, s, p.reg, p.to.reg);
            }
            43 => {
                let mut r = p.from.offset;
                let s = p.from3().map_or(0, |a| a.offset);
                let rt = p.to.reg;
                let rf = if p.reg == 0 { rt } else { p.reg };
                o1 = match p.as_ {
                    BFI => {
                        if r != 0 {
                            r = 64 - r;
                        }
                        self.opbfm(BFM, r, s - 1, rf, rt)
                    }
                    BFIW => {
                        if r != 0 {
                            r = 32 - r;
                        }
                        self.opbfm(BFMW, r, s - 1, rf, rt)
                    }
                    BFXIL => self.opbfm(BFM, r, r + s - 1, rf, rt),
                    BFXILW => self.opbfm(BFMW, r, r + s - 1, rf, rt),
                    SBFIZ => {
                        if r != 0 {
                            r = 64 - r;
                        }
                        self.opbfm(SBFM, r, s - 1, rf, rt)
                    }
                    SBFIZW => {
                        if r != 0 {
                            r = 32 - r;
                        }
                        self.opbfm(SBFMW, r, s - 1, rf, rt)
                    }
                    SBFX => self.opbfm(SBFM, r, r + s - 1, rf, rt),
                    SBFXW => self.opbfm(SBFMW, r, r + s - 1, rf, rt),
                    UBFIZ => {
                        if r != 0 {
                            r = 64 - r;
                        }
                        self.opbfm(UBFM, r, s - 1, rf, rt)
                    }
                    UBFIZW => {
                        if r != 0 {
                            r = 32 - r;
                        }
                        self.opbfm(UBFMW, r, s - 1, rf, rt)
                    }
                    UBFX => self.opbfm(UBFM, r, r + s - 1, rf, rt),
                    UBFXW => self.opbfm(UBFMW, r, r + s - 1, rf, rt),
                    _ => {
                        self.diag("bad bfm alias");
                        0
                    }
                };
            }
            44 => {
                let rn = p.from3().map_or(0, |a| a.reg);
                o1 = self.opextr(p.as_, p.from.offset as i32 as i64, rn, p.reg, p.to.reg);
            }
            45 => {
                let rf = p.from.reg;
                let rt = p.to.reg;
                let mut as_ = p.as_;
                if rf == REGZERO {
                    as_ = MOVWU;
                }
                o1 = match as_ {
                    MOVB | SXTB => self.opbfm(SBFM, 0, 7, rf, rt),
                    MOVH | SXTH => self.opbfm(SBFM, 0, 15, rf, rt),
                    MOVW | SXTW => self.opbfm(SBFM, 0, 31, rf, rt),
                    MOVBU | UXTB => self.opbfm(UBFM, 0, 7, rf, rt),
                    MOVHU | UXTH => self.opbfm(UBFM, 0, 15, rf, rt),
                    MOVWU => {
                        self.oprrr(as_) | ((rf & 31) as u32) << 16 | ((REGZERO & 31) << 5) as u32 | (rt & 31) as u32
                    }
                    UXTW => self.opbfm(UBFM, 0, 31, rf, rt),
                    SXTBW => self.opbfm(SBFMW, 0, 7, rf, rt),
                    SXTHW => self.opbfm(SBFMW, 0, 15, rf, rt),
                    UXTBW => self.opbfm(UBFMW, 0, 7, rf, rt),
                    UXTHW => self.opbfm(UBFMW, 0, 15, rf, rt),
                    _ => {
                        self.diag(format!("bad sxt {}", ops::name(as_)));
                        0
                    }
                };
            }
            46 => {
                o1 = self.opbit(p.as_);
                o1 |= ((p.from.reg & 31) as u32) << 5;
                o1 |= (p.to.reg & 31) as u32;
            }
            47 => {
                let rs = p.from.reg;
                let rt = p.regto2;
                let rb = p.to.reg;
                if rt == REG_RSP {
                    self.diag("illegal destination register");
                }
                if let Some(enc) = atomic_ldadd(p.as_) {
                    if rt == REGZERO && enc & (1 << 23) == 0 {
                        self.diag("illegal destination register");
                    }
                    o1 |= enc;
                } else if let Some(enc) = atomic_swp(p.as_) {
                    o1 |= enc;
                } else {
                    self.diag("invalid atomic instructions");
                }
                o1 |= ((rs & 31) as u32) << 16 | ((rb & 31) as u32) << 5 | (rt & 31) as u32;
            }
            48 => {
                let op = self.opirr(p.as_);
                if op & SBIT != 0 {
                    self.diag("can not break addition/subtraction when S bit is set");
                }
                let rt = p.to.reg;
                let r = if p.reg == 0 { rt } else { p.reg };
                let v = self.regoff(&p.from) as i32;
                o1 = self.oaddi(op as i32, v & 0x000fff, r, rt);
                o2 = self.oaddi(op as i32, v & 0xfff000, rt, rt);
            }
            50 => {
                o1 = self.opirr(p.as_);
                if p.from.offset & !SYSARG4(0x7, 0xF, 0xF, 0x7) != 0 {
                    self.diag("illegal SYS argument");
                }
                o1 |= p.from.offset as u32;
                if p.to.typ == TYPE_REG {
                    o1 |= (p.to.reg & 31) as u32;
                } else {
                    o1 |= 0x1F;
                }
            }
            51 => {
                o1 = self.opirr(p.as_);
                if p.from.typ == TYPE_CONST {
                    o1 |= ((p.from.offset & 0xF) << 8) as u32;
                }
            }
            52 => {
                o1 = self.opirr(p.as_);
                o1 |= ((p.from.offset & 0x7F) << 5) as u32;
            }
            53 => {
                let a = p.as_;
                let mut rt = p.to.reg;
                if p.to.typ == TYPE_NONE {
                    rt = REGZERO;
                }
                let r = if p.reg == 0 { rt } else { p.reg };
                if r == REG_RSP {
                    self.diag("illegal source register");
                } else {
                    let mut mode = 64;
                    let mut v = p.from.offset as u64;
                    match p.as_ {
                        ANDW | ORRW | EORW | ANDSW | TSTW => mode = 32,
                        BIC | ORN | EON | BICS => v = !v,
                        BICW | ORNW | EONW | BICSW => {
                            v = !v;
                            mode = 32;
                        }
                        _ => {}
                    }
                    o1 = self.opirr(a);
                    o1 |= bitcon_encode(v, mode) | ((r & 31) as u32) << 5 | (rt & 31) as u32;
                }
            }
            54 => {
                o1 = self.oprrr(p.as_);
                let mut rf = p.from.reg;
                let rt = p.to.reg;
                let mut r = p.reg;
                if o1 & (0x1F << 24) == (0x1E << 24) && o1 & (1 << 11) == 0 {
                    r = rf;
                    rf = 0;
                } else if r == 0 {
                    r = rt;
                }
                o1 |= ((rf & 31) as u32) << 16 | ((r & 31) as u32) << 5 | (rt & 31) as u32;
            }
            55 => {
                o1 = 0xf << 25 | 1 << 21 | 1 << 12;
                let rf = chipfloat7(p.from.fval);
                if rf < 0 {
                    self.diag("invalid floating-point immediate");
                }
                if p.as_ == FMOVD {
                    o1 |= 1 << 22;
                }
                o1 |= ((rf & 0xff) as u32) << 13 | (p.to.reg & 31) as u32;
            }
            56 => {
                o1 = self.oprrr(p.as_);
                let rf;
                if p.from.typ == TYPE_FCONST {
                    o1 |= 8;
                    rf = 0;
                } else {
                    rf = p.from.reg;
                }
                let rt = p.reg;
                o1 |= ((rf & 31) as u32) << 16 | ((rt & 31) as u32) << 5;
            }
            57 => {
                o1 = self.oprrr(p.as_);
                let mut cond = p.from.offset;
                if cond < SPOP_EQ || cond > SPOP_NV {
                    self.diag("invalid condition");
                } else {
                    cond -= SPOP_EQ;
                }
                let nzcv = p.to.offset;
                if nzcv & !0xF != 0 {
                    self.diag("implausible condition");
                }
                let rf = p.reg;
                match p.from3() {
                    Some(f3) if (REG_F0..=REG_F31).contains(&f3.reg) => {
                        let rt = f3.reg;
                        o1 |= ((rf & 31) as u32) << 16
                            | ((cond & 15) as u32) << 12
                            | ((rt & 31) as u32) << 5
                            | nzcv as u32;
                    }
                    _ => self.diag("illegal FCCMP"),
                }
            }
            t => {
                if !self.asmout2(t, &mut p, o, &mut os, [&mut o1, &mut o2, &mut o3, &mut o4, &mut o5]) {
                    self.diag_code(
                        "E0303",
                        format!(
                            "{}: this arm64 instruction form (Go's asmout case {t}) is not supported yet",
                            ops::name(p.as_)
                        ),
                    );
                }
            }
        }
        out[0] = o1;
        out[1] = o2;
        out[2] = o3;
        out[3] = o4;
        out[4] = o5;
    }
}

impl C7<'_> {
    /// asmout's cases 58 and up; false for a case not ported yet.
    #[allow(unused_variables, unused_assignments)]
    pub(super) fn asmout2(&mut self, t: i8, p: &mut P, o: &Optab, os: &mut [u32; 5], w: [&mut u32; 5]) -> bool {
        let [o1, o2, o3, o4, o5] = w;
        match t {
            58 => {
                *o1 = self.opload(p.as_);
                *o1 |= 0x1F << 16;
                *o1 |= ((p.from.reg & 31) as u32) << 5;
                if matches!(p.as_, LDXP | LDXPW | LDAXP | LDAXPW) {
                    if p.to.reg == p.to.offset {
                        self.diag("constrained unpredictable behavior");
                    }
                    *o1 |= ((p.to.offset & 31) as u32) << 10;
                } else {
                    *o1 |= 0x1F << 10;
                }
                *o1 |= (p.to.reg & 31) as u32;
            }
            59 => {
                let s = p.regto2;
                let n = p.to.reg;
                let t = p.from.reg;
                if is_stlxr_op(p.as_) {
                    if s == t || (s == n && n != REGSP) {
                        self.diag("constrained unpredictable behavior");
                    }
                } else if is_stxp_op(p.as_) {
                    let t2 = p.from.offset as i16 as i64;
                    if (s == t || s == t2) || (s == n && n != REGSP) {
                        self.diag("constrained unpredictable behavior");
                    }
                }
                if s == REG_RSP {
                    self.diag("illegal destination register");
                }
                *o1 = self.opstore(p.as_);
                if p.regto2 != 0 {
                    *o1 |= ((p.regto2 & 31) as u32) << 16;
                } else {
                    *o1 |= 0x1F << 16;
                }
                if is_stxp_op(p.as_) {
                    *o1 |= ((p.from.offset & 31) as u32) << 10;
                }
                *o1 |= ((p.to.reg & 31) as u32) << 5 | (p.from.reg & 31) as u32;
            }
            60 => {
                let d = self.brdist(p, 12, 21, 0);
                *o1 = adr_enc(1, d as u32, p.to.reg as u32);
            }
            61 => {
                let d = self.brdist(p, 0, 21, 0);
                *o1 = adr_enc(0, d as u32, p.to.reg as u32);
            }
            62 => {
                if p.reg == REGTMP {
                    self.diag("cannot use REGTMP as source");
                }
                if p.to.reg == REG_RSP && is_adds_op(p.as_) {
                    self.diag("illegal destination register");
                }
                let mut lsl0 = LSL0_64;
                if is_addw_op(p.as_) || is_andw_op(p.as_) {
                    *o1 = self.omovconst(MOVW, &p.from, REGTMP);
                    lsl0 = LSL0_32;
                } else {
                    *o1 = self.omovconst(MOVD, &p.from, REGTMP);
                }
                let rt = if p.to.typ == TYPE_NONE { REGZERO } else { p.to.reg };
                let r = if p.reg == 0 { rt } else { p.reg };
                if p.to.reg == REGSP || r == REGSP {
                    *o2 = self.opxrrr(p.as_, false);
                    *o2 |= ((REGTMP & 31) << 16) as u32;
                    *o2 |= lsl0;
                } else {
                    *o2 = self.oprrr(p.as_);
                    *o2 |= ((REGTMP & 31) << 16) as u32;
                }
                *o2 |= ((r & 31) as u32) << 5;
                *o2 |= (rt & 31) as u32;
            }
            64 => {
                if p.from.reg == REGTMP {
                    self.diag("cannot use REGTMP as source");
                }
                *o1 = adr_enc(1, 0, REGTMP as u32);
                *o2 = self.opirr(ADD) | ((REGTMP & 31) << 5) as u32 | (REGTMP & 31) as u32;
                self.rel(self.pc, 8, reloc::ADRP_ADD, p.to.sym, p.to.offset, reloc::go_reloc::R_ADDRARM64);
                let op = self.opstr(p, p.as_) as i32;
                *o3 = self.olsr12u(op, 0, REGTMP, p.from.reg);
            }
            65 => {
                *o1 = adr_enc(1, 0, REGTMP as u32);
                *o2 = self.opirr(ADD) | ((REGTMP & 31) << 5) as u32 | (REGTMP & 31) as u32;
                self.rel(self.pc, 8, reloc::ADRP_ADD, p.from.sym, p.from.offset, reloc::go_reloc::R_ADDRARM64);
                let op = self.opldr(p.as_) as i32;
                *o3 = self.olsr12u(op, 0, REGTMP, p.to.reg);
            }
            66 => {
                let v = self.regoff(&p.from) as i32;
                let r = if p.from.reg == 0 { o.param as i64 } else { p.from.reg };
                if r == 0 {
                    self.diag("invalid ldp source");
                }
                *o1 |= self.opldpstp(p, o, v, r as u32, p.to.reg as u32, p.to.offset as u32, 1);
            }
            67 => {
                let r = if p.to.reg == 0 { o.param as i64 } else { p.to.reg };
                if r == 0 {
                    self.diag("invalid stp destination");
                }
                let v = self.regoff(&p.to) as i32;
                *o1 = self.opldpstp(p, o, v, r as u32, p.from.reg as u32, p.from.offset as u32, 0);
            }
            68 => {
                if p.as_ == MOVW {
                    self.diag("invalid load of 32-bit address");
                }
                *o1 = adr_enc(1, 0, p.to.reg as u32);
                *o2 = self.opirr(ADD) | ((p.to.reg & 31) as u32) << 5 | (p.to.reg & 31) as u32;
                self.rel(self.pc, 8, reloc::ADRP_ADD, p.from.sym, p.from.offset, reloc::go_reloc::R_ADDRARM64);
            }
            69 => {
                *o1 = self.opirr(MOVZ);
                *o1 |= (p.to.reg & 31) as u32;
                self.rel(self.pc, 4, reloc::TLSLE_MOVW, p.from.sym, 0, reloc::go_reloc::R_ARM64_TLS_LE);
                if p.from.offset != 0 {
                    self.diag("invalid offset on MOVW $tlsvar");
                }
            }
            70 => {
                *o1 = adr_enc(1, 0, REGTMP as u32);
                let op = self.opldr(MOVD) as i32;
                *o2 = self.olsr12u(op, 0, REGTMP, p.to.reg);
                self.rel(self.pc, 8, reloc::TLSIE_ADRP_LDR, p.from.sym, 0, reloc::go_reloc::R_ARM64_TLS_IE);
                if p.from.offset != 0 {
                    self.diag("invalid offset on MOVW $tlsvar");
                }
            }
            71 => {
                *o1 = adr_enc(1, 0, REGTMP as u32);
                let op = self.opldr(MOVD) as i32;
                *o2 = self.olsr12u(op, 0, REGTMP, p.to.reg);
                self.rel(self.pc, 8, reloc::GOT_ADRP_LDR, p.from.sym, 0, reloc::go_reloc::R_ARM64_GOTPCREL);
            }
            72 => {
                let af = (p.from.reg >> 5) & 15;
                let af3 = (p.reg >> 5) & 15;
                let at = (p.to.reg >> 5) & 15;
                if af != af3 || af != at {
                    self.diag("operand mismatch");
                    return true;
                }
                *o1 = self.oprrr(p.as_);
                let rf = p.from.reg & 31;
                let rt = p.to.reg & 31;
                let r = p.reg & 31;
                let (mut q, mut size) = match af {
                    ARNG_16B => (1, 0),
                    ARNG_2D => (1, 3),
                    ARNG_2S => (0, 2),
                    ARNG_4H => (0, 1),
                    ARNG_4S => (1, 2),
                    ARNG_8B => (0, 0),
                    ARNG_8H => (1, 1),
                    _ => {
                        self.diag("invalid arrangement");
                        (0, 0)
                    }
                };
                match p.as_ {
                    VORR | VAND | VEOR | VBIT | VBSL | VBIF => {
                        if af != ARNG_16B && af != ARNG_8B {
                            self.diag("invalid arrangement");
                        }
                    }
                    VFMLA | VFMLS => {
                        if af != ARNG_2D && af != ARNG_2S && af != ARNG_4S {
                            self.diag("invalid arrangement");
                        }
                    }
                    VUMAX | VUMIN => {
                        if af == ARNG_2D {
                            self.diag("invalid arrangement");
                        }
                    }
                    _ => {}
                }
                match p.as_ {
                    VAND | VEOR => size = 0,
                    VBSL => size = 1,
                    VORR | VBIT | VBIF => size = 2,
                    VFMLA | VFMLS => size = if af == ARNG_2D { 1 } else { 0 },
                    VRAX1 => {
                        if af != ARNG_2D {
                            self.diag("invalid arrangement");
                        }
                        size = 0;
                        q = 0;
                    }
                    _ => {}
                }
                *o1 |= ((q & 1) as u32) << 30
                    | ((size & 3) as u32) << 22
                    | (rf as u32) << 16
                    | (r as u32) << 5
                    | rt as u32;
            }
            73 => {
                let rf = p.from.reg;
                let rt = p.to.reg;
                let mut imm5 = 0i64;
                *o1 = 7 << 25 | 0xf << 10;
                let index = p.from.index;
                match (p.from.reg >> 5) & 15 {
                    ARNG_B => {
                        self.checkindex(index, 15);
                        imm5 |= 1 | index << 1;
                    }
                    ARNG_H => {
                        self.checkindex(index, 7);
                        imm5 |= 2 | index << 2;
                    }
                    ARNG_S => {
                        self.checkindex(index, 3);
                        imm5 |= 4 | index << 3;
                    }
                    ARNG_D => {
                        self.checkindex(index, 1);
                        imm5 |= 8 | index << 4;
                        *o1 |= 1 << 30;
                    }
                    _ => self.diag("invalid arrangement"),
                }
                *o1 |= ((imm5 & 0x1f) as u32) << 16 | ((rf & 31) as u32) << 5 | (rt & 31) as u32;
            }
            74 | 76 => {
                let load = t == 74;
                let (base, pair) = if load { (p.from, p.to) } else { (p.to, p.from) };
                if !load && (p.from.reg == REGTMP || p.from.offset == REGTMP) {
                    self.diag("cannot use REGTMP as source");
                }
                let r = if base.reg == 0 { o.param as i64 } else { base.reg };
                if r == 0 {
                    self.diag(if load { "invalid ldp source" } else { "invalid stp destination" });
                }
                let v = self.regoff(&base) as i32;
                if v > 0 {
                    if v > 4095 {
                        self.diag("offset out of range");
                    }
                    let add = self.opirr(ADD) as i32;
                    *o1 = self.oaddi(add, v, r, REGTMP);
                }
                if v < 0 {
                    if v < -4095 {
                        self.diag("offset out of range");
                    }
                    let sub = self.opirr(SUB) as i32;
                    *o1 = self.oaddi(sub, -v, r, REGTMP);
                }
                *o2 |= self.opldpstp(p, o, 0, REGTMP as u32, pair.reg as u32, pair.offset as u32, load as u32);
            }
            75 | 77 => {
                let load = t == 75;
                let (base, pair) = if load { (p.from, p.to) } else { (p.to, p.from) };
                let mut r = base.reg;
                if r == REGTMP || (!load && (p.from.reg == REGTMP || p.from.offset == REGTMP)) {
                    self.diag(if load {
                        "REGTMP used in large offset load"
                    } else {
                        "REGTMP used in large offset store"
                    });
                }
                if r == 0 {
                    r = o.param as i64;
                }
                if r == 0 {
                    self.diag(if load { "invalid ldp source" } else { "invalid stp destination" });
                }
                *o1 = self.omovlit(MOVD, p, &base, REGTMP);
                *o2 = self.opxrrr(ADD, false);
                *o2 |= ((REGTMP & 31) << 16) as u32;
                *o2 |= ((r & 31) as u32) << 5;
                *o2 |= (REGTMP & 31) as u32;
                *o3 |= self.opldpstp(p, o, 0, REGTMP as u32, pair.reg as u32, pair.offset as u32, load as u32);
            }
            t => return self.asmout3(t, p, o, [o1, o2, o3, o4, o5]),
        }
        #[allow(unreachable_code)]
        true
    }
}

impl C7<'_> {
    /// Go's checkoffset: the post-increment of VLDn/VSTn must be the list's size.
    fn checkoffset(&mut self, p: &P, as_: Op) {
        let (offset, list) = match as_ {
            VLD1 | VLD2 | VLD3 | VLD4 | VLD1R | VLD2R | VLD3R | VLD4R => (p.from.offset, p.to.offset),
            VST1 | VST2 | VST3 | VST4 => (p.to.offset, p.from.offset),
            _ => {
                self.diag(format!("invalid operation on op {}", ops::name(as_)));
                (0, 0)
            }
        };
        let opcode = (list >> 12) & 15;
        let q = (list >> 30) & 1;
        let size = (list >> 10) & 3;
        if offset == 0 {
            return;
        }
        let n = match opcode {
            0x7 => 1,
            0xa => 2,
            0x6 => 3,
            0x2 => 4,
            _ => {
                self.diag("invalid register numbers in ARM64 register list");
                0
            }
        };
        match as_ {
            VLD1R | VLD2R | VLD3R | VLD4R => {
                if offset != n * (1 << size) {
                    self.diag("invalid post-increment offset");
                }
            }
            _ => {
                if !((q == 0 && offset == n * 8) || (q == 1 && offset == n * 16)) {
                    self.diag("invalid post-increment offset");
                }
            }
        }
        let expect = match as_ {
            VLD1 | VST1 => return,
            VLD1R => 1,
            VLD2 | VST2 | VLD2R => 2,
            VLD3 | VST3 | VLD3R => 3,
            VLD4 | VST4 | VLD4R => 4,
            _ => 0,
        };
        if expect != n {
            self.diag(format!("expected {expect} registers, got {n}"));
        }
    }

    /// asmout's cases 78 and up; false for a case that does not exist.
    #[allow(unused_variables, unused_assignments)]
    pub(super) fn asmout3(&mut self, t: i8, p: &mut P, o: &Optab, w: [&mut u32; 5]) -> bool {
        let [o1, o2, o3, _o4, _o5] = w;
        let xpost = o.scond as i64 == C_XPOST;
        match t {
            78 => {
                // vmov R, V.<T>[index]
                let rf = p.from.reg;
                let rt = p.to.reg;
                let mut imm5 = 0i64;
                *o1 = 1 << 30 | 7 << 25 | 7 << 10;
                let index = p.to.index;
                match (p.to.reg >> 5) & 15 {
                    ARNG_B => {
                        self.checkindex(index, 15);
                        imm5 |= 1 | index << 1;
                    }
                    ARNG_H => {
                        self.checkindex(index, 7);
                        imm5 |= 2 | index << 2;
                    }
                    ARNG_S => {
                        self.checkindex(index, 3);
                        imm5 |= 4 | index << 3;
                    }
                    ARNG_D => {
                        self.checkindex(index, 1);
                        imm5 |= 8 | index << 4;
                    }
                    _ => self.diag("invalid arrangement"),
                }
                *o1 |= ((imm5 & 0x1f) as u32) << 16 | ((rf & 31) as u32) << 5 | (rt & 31) as u32;
            }
            79 => {
                // vdup Vn.<T>[index], Vd.<T>
                let rf = p.from.reg;
                let rt = p.to.reg;
                *o1 = 7 << 25 | 1 << 10;
                let index = p.from.index;
                let (q, imm5) = match (p.to.reg >> 5) & 15 {
                    ARNG_16B => {
                        self.checkindex(index, 15);
                        (1, 1 | index << 1)
                    }
                    ARNG_2D => {
                        self.checkindex(index, 1);
                        (1, 8 | index << 4)
                    }
                    ARNG_2S => {
                        self.checkindex(index, 3);
                        (0, 4 | index << 3)
                    }
                    ARNG_4H => {
                        self.checkindex(index, 7);
                        (0, 2 | index << 2)
                    }
                    ARNG_4S => {
                        self.checkindex(index, 3);
                        (1, 4 | index << 3)
                    }
                    ARNG_8B => {
                        self.checkindex(index, 15);
                        (0, 1 | index << 1)
                    }
                    ARNG_8H => {
                        self.checkindex(index, 7);
                        (1, 2 | index << 2)
                    }
                    _ => {
                        self.diag("invalid arrangement");
                        (0, 0)
                    }
                };
                *o1 |= ((q & 1) as u32) << 30 | ((imm5 & 0x1f) as u32) << 16;
                *o1 |= ((rf & 31) as u32) << 5 | (rt & 31) as u32;
            }
            80 => {
                // vmov/vdup V.<T>[index], Vn
                let rf = p.from.reg;
                let rt = p.to.reg;
                let mut imm5 = 0i64;
                let index = p.from.index;
                match p.as_ {
                    VMOV | VDUP => {
                        *o1 = 1 << 30 | 15 << 25 | 1 << 10;
                        match (p.from.reg >> 5) & 15 {
                            ARNG_B => {
                                self.checkindex(index, 15);
                                imm5 |= 1 | index << 1;
                            }
                            ARNG_H => {
                                self.checkindex(index, 7);
                                imm5 |= 2 | index << 2;
                            }
                            ARNG_S => {
                                self.checkindex(index, 3);
                                imm5 |= 4 | index << 3;
                            }
                            ARNG_D => {
                                self.checkindex(index, 1);
                                imm5 |= 8 | index << 4;
                            }
                            _ => self.diag("invalid arrangement"),
                        }
                    }
                    _ => self.diag(format!("unsupported op {}", ops::name(p.as_))),
                }
                *o1 |= ((imm5 & 0x1f) as u32) << 16 | ((rf & 31) as u32) << 5 | (rt & 31) as u32;
            }
            81 => {
                // vld[1-4]|vld[1-4]r (Rn), [Vt1.<T>, Vt2.<T>, ...]
                self.checkoffset(p, p.as_);
                let r = p.from.reg;
                *o1 = self.oprrr(p.as_);
                if xpost {
                    *o1 |= 1 << 23;
                    if p.from.index == 0 {
                        *o1 |= 0x1f << 16;
                    } else {
                        if is_reg_shift_or_ext(&p.from) {
                            self.diag("invalid extended register op");
                        }
                        *o1 |= ((p.from.index & 0x1f) as u32) << 16;
                    }
                }
                *o1 |= p.to.offset as u32;
                *o1 = self.mask_opvldvst(p, *o1);
                *o1 |= ((r & 31) as u32) << 5;
            }
            82 => {
                // vmov/vdup Rn, Vd.<T>
                let rf = p.from.reg;
                let rt = p.to.reg;
                *o1 = 7 << 25 | 3 << 10;
                let (q, imm5): (u32, u32) = match (p.to.reg >> 5) & 15 {
                    ARNG_16B => (1, 1),
                    ARNG_2D => (1, 8),
                    ARNG_2S => (0, 4),
                    ARNG_4H => (0, 2),
                    ARNG_4S => (1, 4),
                    ARNG_8B => (0, 1),
                    ARNG_8H => (1, 2),
                    _ => {
                        self.diag("invalid arrangement");
                        (0, 0)
                    }
                };
                *o1 |= (q & 1) << 30 | (imm5 & 0x1f) << 16;
                *o1 |= ((rf & 31) as u32) << 5 | (rt & 31) as u32;
            }
            83 => {
                // vmov Vn.<T>, Vd.<T>
                let af = (p.from.reg >> 5) & 15;
                let at = (p.to.reg >> 5) & 15;
                if af != at {
                    self.diag("invalid arrangement");
                }
                *o1 = self.oprrr(p.as_);
                let rf = (p.from.reg & 31) as u32;
                let rt = (p.to.reg & 31) as u32;
                let (q, mut size): (u32, u32) = match af {
                    ARNG_8B => (0, 0),
                    ARNG_16B => (1, 0),
                    ARNG_4H => (0, 1),
                    ARNG_8H => (1, 1),
                    ARNG_2S => (0, 2),
                    ARNG_4S => (1, 2),
                    _ => {
                        self.diag("invalid arrangement");
                        (0, 0)
                    }
                };
                if matches!(p.as_, VMOV | VRBIT | VCNT) && af != ARNG_16B && af != ARNG_8B {
                    self.diag("invalid arrangement");
                }
                if p.as_ == VREV32 && (af == ARNG_2S || af == ARNG_4S) {
                    self.diag("invalid arrangement");
                }
                if p.as_ == VREV16 && af != ARNG_8B && af != ARNG_16B {
                    self.diag("invalid arrangement");
                }
                if p.as_ == VMOV {
                    *o1 |= rf << 16;
                }
                if p.as_ == VRBIT {
                    size = 1;
                }
                *o1 |= (q & 1) << 30 | (size & 3) << 22 | rf << 5 | rt;
            }
            84 => {
                // vst[1-4] [Vt1.<T>, Vt2.<T>, ...], (Rn)
                self.checkoffset(p, p.as_);
                let r = p.to.reg;
                *o1 = 3 << 26;
                if xpost {
                    *o1 |= 1 << 23;
                    if p.to.index == 0 {
                        *o1 |= 0x1f << 16;
                    } else {
                        if is_reg_shift_or_ext(&p.to) {
                            self.diag("invalid extended register");
                        }
                        *o1 |= ((p.to.index & 31) as u32) << 16;
                    }
                }
                *o1 |= p.from.offset as u32;
                *o1 = self.mask_opvldvst(p, *o1);
                *o1 |= ((r & 31) as u32) << 5;
            }
            85 => {
                // vaddv/vuaddlv Vn.<T>, Vd
                let af = (p.from.reg >> 5) & 15;
                *o1 = self.oprrr(p.as_);
                let rf = (p.from.reg & 31) as u32;
                let rt = (p.to.reg & 31) as u32;
                let (q, size): (u32, u32) = match af {
                    ARNG_8B => (0, 0),
                    ARNG_16B => (1, 0),
                    ARNG_4H => (0, 1),
                    ARNG_8H => (1, 1),
                    ARNG_4S => (1, 2),
                    _ => {
                        self.diag("invalid arrangement");
                        (0, 0)
                    }
                };
                *o1 |= (q & 1) << 30 | (size & 3) << 22 | rf << 5 | rt;
            }
            86 => {
                // vmovi $imm8, Vd.<T>
                let at = (p.to.reg >> 5) & 15;
                let r = p.from.offset;
                if !(0..=255).contains(&r) {
                    self.diag("immediate constant out of range");
                }
                let rt = (p.to.reg & 31) as u32;
                let q: u32 = match at {
                    ARNG_8B => 0,
                    ARNG_16B => 1,
                    _ => {
                        self.diag("invalid arrangement");
                        0
                    }
                };
                let r = r as u32;
                *o1 = 0xf << 24 | 0xe << 12 | 1 << 10;
                *o1 |= (q & 1) << 30 | ((r >> 5) & 7) << 16 | (r & 0x1f) << 5 | rt;
            }
            87 => {
                // stp (r,r), addr(SB) -> adrp + add + stp
                if p.from.reg == REGTMP || p.from.offset == REGTMP {
                    self.diag("cannot use REGTMP as source");
                }
                *o1 = adr_enc(1, 0, REGTMP as u32);
                *o2 = self.opirr(ADD) | ((REGTMP & 31) << 5) as u32 | (REGTMP & 31) as u32;
                self.rel(self.pc, 8, reloc::ADRP_ADD, p.to.sym, p.to.offset, reloc::go_reloc::R_ADDRARM64);
                *o3 |= self.opldpstp(p, o, 0, REGTMP as u32, p.from.reg as u32, p.from.offset as u32, 0);
            }
            88 => {
                // ldp addr(SB), (r,r) -> adrp + add + ldp
                *o1 = adr_enc(1, 0, REGTMP as u32);
                *o2 = self.opirr(ADD) | ((REGTMP & 31) << 5) as u32 | (REGTMP & 31) as u32;
                self.rel(self.pc, 8, reloc::ADRP_ADD, p.from.sym, p.from.offset, reloc::go_reloc::R_ADDRARM64);
                *o3 |= self.opldpstp(p, o, 0, REGTMP as u32, p.to.reg as u32, p.to.offset as u32, 1);
            }
            89 => {
                // vadd/vsub Vm, Vn, Vd
                match p.as_ {
                    VADD => *o1 = 5 << 28 | 7 << 25 | 7 << 21 | 1 << 15 | 1 << 10,
                    VSUB => *o1 = 7 << 28 | 7 << 25 | 7 << 21 | 1 << 15 | 1 << 10,
                    _ => self.diag("bad opcode"),
                }
                let rf = p.from.reg;
                let rt = p.to.reg;
                let r = if p.reg == 0 { rt } else { p.reg };
                *o1 |= ((rf & 31) as u32) << 16 | ((r & 31) as u32) << 5 | (rt & 31) as u32;
            }
            90 => {
                // UNDEF: guaranteed to raise an undefined instruction exception
                *o1 = 0xbea71700;
            }
            91 => {
                // prfm imm(Rn), <prfop | $imm5>
                let imm = p.from.offset as u32;
                let r = p.from.reg;
                let v = if p.to.typ == TYPE_CONST {
                    let v = p.to.offset as u32;
                    (v <= 31).then_some(v)
                } else {
                    prfopfield(p.to.offset)
                };
                let v = v.unwrap_or_else(|| {
                    self.diag("illegal prefetch operation");
                    0
                });
                *o1 = self.opirr(p.as_);
                *o1 |= ((r & 31) as u32) << 5 | ((imm >> 3) & 0xfff) << 10 | (v & 31);
            }
            92 => {
                // vmov Vn.<T>[index], Vd.<T>[index]
                let rf = p.from.reg;
                let rt = p.to.reg;
                let mut imm4 = 0i64;
                let mut imm5 = 0i64;
                *o1 = 3 << 29 | 7 << 25 | 1 << 10;
                let index1 = p.to.index;
                let index2 = p.from.index;
                if (p.to.reg >> 5) & 15 != (p.from.reg >> 5) & 15 {
                    self.diag("operand mismatch");
                }
                match (p.to.reg >> 5) & 15 {
                    ARNG_B => {
                        self.checkindex(index1, 15);
                        self.checkindex(index2, 15);
                        imm5 |= 1 | index1 << 1;
                        imm4 |= index2;
                    }
                    ARNG_H => {
                        self.checkindex(index1, 7);
                        self.checkindex(index2, 7);
                        imm5 |= 2 | index1 << 2;
                        imm4 |= index2 << 1;
                    }
                    ARNG_S => {
                        self.checkindex(index1, 3);
                        self.checkindex(index2, 3);
                        imm5 |= 4 | index1 << 3;
                        imm4 |= index2 << 2;
                    }
                    ARNG_D => {
                        self.checkindex(index1, 1);
                        self.checkindex(index2, 1);
                        imm5 |= 8 | index1 << 4;
                        imm4 |= index2 << 3;
                    }
                    _ => self.diag("invalid arrangement"),
                }
                *o1 |= ((imm5 & 0x1f) as u32) << 16
                    | ((imm4 & 0xf) as u32) << 11
                    | ((rf & 31) as u32) << 5
                    | (rt & 31) as u32;
            }
            93 => {
                // vpmull{2} Vm.<Tb>, Vn.<Tb>, Vd.<Ta>
                let af = ((p.from.reg >> 5) & 15) as u8;
                let at = ((p.to.reg >> 5) & 15) as u8;
                let a = ((p.reg >> 5) & 15) as u8;
                if af != a {
                    self.diag("invalid arrangement");
                }
                let q: u32 = if p.as_ == VPMULL2 { 1 } else { 0 };
                let k = pack(q, at, af);
                let size: u32 =
                    if k == pack(0, ARNG_8H as u8, ARNG_8B as u8) || k == pack(1, ARNG_8H as u8, ARNG_16B as u8) {
                        0
                    } else if k == pack(0, ARNG_1Q as u8, ARNG_1D as u8) || k == pack(1, ARNG_1Q as u8, ARNG_2D as u8) {
                        3
                    } else {
                        self.diag("operand mismatch");
                        0
                    };
                *o1 = self.oprrr(p.as_);
                let rf = (p.from.reg & 31) as u32;
                let rt = (p.to.reg & 31) as u32;
                let r = (p.reg & 31) as u32;
                *o1 |= (q & 1) << 30 | (size & 3) << 22 | rf << 16 | r << 5 | rt;
            }
            94 => {
                // vext $imm4, Vm.<T>, Vn.<T>, Vd.<T>
                let f3 = p.from3().copied().unwrap_or_else(A::none);
                let af = (f3.reg >> 5) & 15;
                let at = (p.to.reg >> 5) & 15;
                let a = (p.reg >> 5) & 15;
                let index = p.from.offset;
                if af != a || af != at {
                    self.diag("invalid arrangement");
                    return true;
                }
                let (q, b): (u32, i64) = if af == ARNG_8B {
                    (0, 7)
                } else if af == ARNG_16B {
                    (1, 15)
                } else {
                    self.diag("invalid arrangement, should be B8 or B16");
                    return true;
                };
                if index < 0 || index > b {
                    self.diag("illegal offset");
                }
                *o1 = self.opirr(p.as_);
                let rf = (f3.reg & 31) as u32;
                let rt = (p.to.reg & 31) as u32;
                let r = (p.reg & 31) as u32;
                *o1 |= (q & 1) << 30 | r << 16 | ((index & 15) as u32) << 11 | rf << 5 | rt;
            }
            95 => {
                // vushr/vshl/vsri/vsli/vusra $shift, Vn.<T>, Vd.<T>
                let at = (p.to.reg >> 5) & 15;
                let af = (p.reg >> 5) & 15;
                let shift = p.from.offset;
                if af != at {
                    self.diag("invalid arrangement on op Vn.<T>, Vd.<T>");
                }
                let q: u32 = match af {
                    ARNG_8B | ARNG_4H | ARNG_2S => 0,
                    ARNG_16B | ARNG_8H | ARNG_4S | ARNG_2D => 1,
                    _ => {
                        self.diag("invalid arrangement on op Vn.<T>, Vd.<T>");
                        0
                    }
                };
                let (imax, esize): (i64, i64) = match af {
                    ARNG_8B | ARNG_16B => (15, 8),
                    ARNG_4H | ARNG_8H => (31, 16),
                    ARNG_2S | ARNG_4S => (63, 32),
                    ARNG_2D => (127, 64),
                    _ => (0, 0),
                };
                let mut imm = 0i64;
                match p.as_ {
                    VUSHR | VSRI | VUSRA => {
                        imm = esize * 2 - shift;
                        if imm < esize || imm > imax {
                            self.diag("shift out of range");
                        }
                    }
                    VSHL | VSLI => {
                        imm = esize + shift;
                        if imm > imax {
                            self.diag("shift out of range");
                        }
                    }
                    _ => self.diag("invalid instruction"),
                }
                *o1 = self.opirr(p.as_);
                let rt = (p.to.reg & 31) as u32;
                let rf = (p.reg & 31) as u32;
                *o1 |= (q & 1) << 30 | ((imm & 0x7f) as u32) << 16 | rf << 5 | rt;
            }
            96 | 97 => {
                // 96: vst1 Vt1.<T>[index], offset(Rn); 97: vld1 offset(Rn), Vt.<T>[index]
                let store = t == 96;
                let (elem, mem) = if store { (p.from, p.to) } else { (p.to, p.from) };
                let af = (elem.reg >> 5) & 15;
                let rt = elem.reg & 31;
                let rf = mem.reg & 31;
                let mut r = mem.index & 31;
                let index = elem.index;
                let offset = self.regoff(&mem) as i32;
                if xpost {
                    if mem.index != 0 && offset != 0 {
                        self.diag("invalid offset");
                    }
                    if mem.index == 0 && offset == 0 {
                        self.diag("invalid offset");
                    }
                }
                if offset != 0 {
                    r = 31;
                }
                let (mut q, mut s, mut size, mut opcode) = (0i64, 0i64, 0i64, 0u32);
                let lane = |c: &mut Self, max: i64, bytes: i32| {
                    c.checkindex(index, max);
                    if xpost && offset != 0 && offset != bytes {
                        c.diag("invalid offset");
                    }
                };
                match af {
                    ARNG_B => {
                        lane(self, 15, 1);
                        q = index >> 3;
                        s = (index >> 2) & 1;
                        size = index & 3;
                        opcode = 0;
                    }
                    ARNG_H => {
                        lane(self, 7, 2);
                        q = index >> 2;
                        s = (index >> 1) & 1;
                        size = (index & 1) << 1;
                        opcode = 2;
                    }
                    ARNG_S => {
                        lane(self, 3, 4);
                        q = index >> 1;
                        s = index & 1;
                        size = 0;
                        opcode = 4;
                    }
                    ARNG_D => {
                        lane(self, 1, 8);
                        q = index;
                        s = 0;
                        size = 1;
                        opcode = 4;
                    }
                    _ => self.diag("invalid arrangement"),
                }
                if store {
                    *o1 |= if xpost { 27 << 23 } else { 26 << 23 };
                } else {
                    *o1 |= if xpost { 110 << 21 } else { 106 << 21 };
                }
                *o1 |= ((q & 1) as u32) << 30
                    | ((r & 31) as u32) << 16
                    | (opcode & 7) << 13
                    | ((s & 1) as u32) << 12
                    | ((size & 3) as u32) << 10
                    | ((rf & 31) as u32) << 5
                    | (rt & 31) as u32;
            }
            98 => {
                // MOVD (Rn)(Rm.SXTW[<<amount]),Rd
                if is_reg_shift_or_ext(&p.from) {
                    self.check_shift_amount(p, &p.from);
                    *o1 = self.opldrr(p.as_, true);
                    *o1 |= self.enc_reg_shift_or_ext(p, &p.from, p.from.index);
                } else {
                    *o1 = self.opldrr(p.as_, false);
                    *o1 |= ((p.from.index & 31) as u32) << 16;
                }
                *o1 |= ((p.from.reg & 31) as u32) << 5;
                *o1 |= (p.to.reg & 31) as u32;
            }
            99 => {
                // MOVD Rt, (Rn)(Rm.SXTW[<<amount])
                if is_reg_shift_or_ext(&p.to) {
                    self.check_shift_amount(p, &p.to);
                    *o1 = self.opstrr(p.as_, true);
                    *o1 |= self.enc_reg_shift_or_ext(p, &p.to, p.to.index);
                } else {
                    *o1 = self.opstrr(p.as_, false);
                    *o1 |= ((p.to.index & 31) as u32) << 16;
                }
                *o1 |= ((p.to.reg & 31) as u32) << 5;
                *o1 |= (p.from.reg & 31) as u32;
            }
            100 => {
                // VTBL Vn.<T>, [Vt1.<T>, Vt2.<T>, ...], Vd.<T>
                let af = (p.from.reg >> 5) & 15;
                let at = (p.to.reg >> 5) & 15;
                if af != at {
                    self.diag("invalid arrangement");
                }
                let q: u32 = match af {
                    ARNG_8B => 0,
                    ARNG_16B => 1,
                    _ => {
                        self.diag("invalid arrangement");
                        0
                    }
                };
                let rf = p.from.reg;
                let rt = p.to.reg;
                let offset = p.from3().map_or(0, |a| a.offset);
                let len: u32 = match (offset >> 12) & 15 {
                    0x7 => 0,
                    0xa => 1,
                    0x6 => 2,
                    0x2 => 3,
                    _ => {
                        self.diag("invalid register numbers in ARM64 register list");
                        0
                    }
                };
                *o1 = q << 30 | 0xe << 24 | len << 13;
                *o1 |= ((rf & 31) as u32) << 16 | ((offset & 31) as u32) << 5 | (rt & 31) as u32;
            }
            101 => {
                // VMOVQ $vcon1, $vcon2, Vd or VMOVD|VMOVS $vcon, Vd: load from the pool
                let from = p.from;
                *o1 = self.omovlit(p.as_, p, &from, p.to.reg);
            }
            102 => {
                // vushll, vushll2, vuxtl, vuxtl2
                *o1 = self.opirr(p.as_);
                let mut rf = p.reg;
                let mut af = ((p.reg >> 5) & 15) as u8;
                let at = ((p.to.reg >> 5) & 15) as u8;
                let mut shift = p.from.offset;
                if p.as_ == VUXTL || p.as_ == VUXTL2 {
                    rf = p.from.reg;
                    af = ((p.from.reg >> 5) & 15) as u8;
                    shift = 0;
                }
                let q = (*o1 >> 30) & 1;
                let k = pack(q, af, at);
                let pk = |q: u32, a: i64, b: i64| pack(q, a as u8, b as u8);
                let (immh, width): (u32, i64) = if k == pk(0, ARNG_8B, ARNG_8H) || k == pk(1, ARNG_16B, ARNG_8H) {
                    (1, 8)
                } else if k == pk(0, ARNG_4H, ARNG_4S) || k == pk(1, ARNG_8H, ARNG_4S) {
                    (2, 16)
                } else if k == pk(0, ARNG_2S, ARNG_2D) || k == pk(1, ARNG_4S, ARNG_2D) {
                    (4, 32)
                } else {
                    self.diag("operand mismatch");
                    (0, 0)
                };
                // Go converts width-1 to int after a uint8 subtraction: 0-1 is 255
                if !(0 <= shift && shift <= ((width as u8).wrapping_sub(1)) as i64) {
                    self.diag("shift amount out of range");
                }
                *o1 |= immh << 19 | (shift as u32) << 16 | ((rf & 31) as u32) << 5 | (p.to.reg & 31) as u32;
            }
            103 => {
                // VEOR3/VBCAX Va.B16, Vm.B16, Vn.B16, Vd.B16
                let f3 = p.from3().copied().unwrap_or_else(A::none);
                let ta = (p.from.reg >> 5) & 15;
                let tm = (p.reg >> 5) & 15;
                let td = (p.to.reg >> 5) & 15;
                let tn = (f3.reg >> 5) & 15;
                if ta != tm || ta != tn || ta != td || ta != ARNG_16B {
                    self.diag("invalid arrangement");
                    return true;
                }
                *o1 = self.oprrr(p.as_);
                let ra = p.from.reg;
                let rm = p.reg;
                let rn = f3.reg;
                let rd = p.to.reg;
                *o1 |= ((rm & 31) as u32) << 16 | ((ra & 31) as u32) << 10 | ((rn & 31) as u32) << 5 | (rd as u32) & 31;
            }
            104 => {
                // vxar $imm4, Vm.<T>, Vn.<T>, Vd.<T>
                let f3 = p.from3().copied().unwrap_or_else(A::none);
                let af = (f3.reg >> 5) & 15;
                let at = (p.to.reg >> 5) & 15;
                let a = (p.reg >> 5) & 15;
                let index = p.from.offset;
                if af != a || af != at {
                    self.diag("invalid arrangement");
                    return true;
                }
                if af != ARNG_2D {
                    self.diag("invalid arrangement, should be D2");
                    return true;
                }
                if !(0..=63).contains(&index) {
                    self.diag("illegal offset");
                }
                *o1 = self.opirr(p.as_);
                let rf = (f3.reg & 31) as u32;
                let rt = (p.to.reg & 31) as u32;
                let r = (p.reg & 31) as u32;
                *o1 |= r << 16 | ((index & 63) as u32) << 10 | rf << 5 | rt;
            }
            105 => {
                // vuaddw{2} Vm.<Tb>, Vn.<Ta>, Vd.<Ta>
                let af = ((p.from.reg >> 5) & 15) as u8;
                let at = ((p.to.reg >> 5) & 15) as u8;
                let a = ((p.reg >> 5) & 15) as u8;
                if at != a {
                    self.diag("invalid arrangement");
                    return true;
                }
                let q: u32 = if p.as_ == VUADDW2 { 1 } else { 0 };
                let k = pack(q, at, af);
                let pk = |q: u32, a: i64, b: i64| pack(q, a as u8, b as u8);
                let size: u32 = if k == pk(0, ARNG_8H, ARNG_8B) || k == pk(1, ARNG_8H, ARNG_16B) {
                    0
                } else if k == pk(0, ARNG_4S, ARNG_4H) || k == pk(1, ARNG_4S, ARNG_8H) {
                    1
                } else if k == pk(0, ARNG_2D, ARNG_2S) || k == pk(1, ARNG_2D, ARNG_4S) {
                    2
                } else {
                    self.diag("operand mismatch");
                    0
                };
                *o1 = self.oprrr(p.as_);
                let rf = (p.from.reg & 31) as u32;
                let rt = (p.to.reg & 31) as u32;
                let r = (p.reg & 31) as u32;
                *o1 |= (q & 1) << 30 | (size & 3) << 22 | rf << 16 | r << 5 | rt;
            }
            106 => {
                // CASPx (Rs, Rs+1), (Rb), (Rt, Rt+1)
                let to2 = p.rest.iter().find(|a| a.pos == 1).copied().unwrap_or_else(A::none);
                let rs = p.from.reg;
                let rt = to2.reg;
                let rb = p.to.reg;
                let rs1 = p.from.offset as i16 as i64;
                let rt1 = to2.offset as i16 as i64;
                let enc = atomic_casp(p.as_).unwrap_or_else(|| {
                    self.diag("invalid CASP-like atomic instructions");
                    0
                });
                if rs & 1 != 0 {
                    self.diag("source register pair must start from even register");
                } else if rt & 1 != 0 {
                    self.diag("destination register pair must start from even register");
                } else if rs != rs1 - 1 {
                    self.diag("source register pair must be contiguous");
                } else if rt != rt1 - 1 {
                    self.diag("destination register pair must be contiguous");
                }
                if rt == REG_RSP {
                    self.diag("illegal destination register");
                }
                *o1 |= enc | ((rs & 31) as u32) << 16 | ((rb & 31) as u32) << 5 | (rt & 31) as u32;
            }
            107 => {
                // tlbi, dc
                let f = sys_inst_fields(p.from.offset);
                let op = match f {
                    Some(op) if !((p.as_ == TLBI && op.1 != 8) || (p.as_ == DC && op.1 != 7)) => op,
                    _ => {
                        self.diag("illegal argument");
                        return true;
                    }
                };
                *o1 = self.opirr(p.as_);
                if op.4 {
                    if p.to.reg == 0 {
                        self.diag("missing register at operand 2");
                    }
                    *o1 |= (p.to.reg & 0x1F) as u32;
                } else {
                    if p.to.reg != 0 || p.reg != 0 {
                        self.diag("extraneous register at operand 2");
                    }
                    *o1 |= 0x1F;
                }
                *o1 |= SYSARG4(op.0 as i64, op.1 as i64, op.2 as i64, op.3 as i64) as u32;
            }
            _ => return false,
        }
        true
    }
}
