// asmz.go's `asmout`, case by case (included into encode.rs). `u(x)` is Go's `uint32(x)`.

#[inline]
fn u(x: i64) -> u32 {
    x as u32
}

impl Cz<'_> {
    pub fn asmout(&mut self, i: usize, asm: &mut Vec<u8>) {
        let Some(o) = self.oplook(i) else { return };
        let p = self.progs[i].clone();
        let to_reg = u(p.to.reg);
        let from_reg = u(p.from.reg);
        match o.i {
            0 => {}
            1 => {
                // mov reg reg
                let op = match p.as_ {
                    MOVD => op_LGR,
                    MOVW => op_LGFR,
                    MOVH => op_LGHR,
                    MOVB => op_LGBR,
                    MOVWZ => op_LLGFR,
                    MOVHZ => op_LLGHR,
                    MOVBZ => op_LLGCR,
                    MOVDBR => op_LRVGR,
                    MOVWBR => op_LRVR,
                    FMOVD | FMOVS => {
                        z_rr(op_LDR, to_reg, from_reg, asm);
                        return;
                    }
                    _ => return self.diag(format!("unhandled operation: {}", ops::name(p.as_))),
                };
                z_rre(op, to_reg, from_reg, asm);
            }
            2 => {
                // arithmetic op reg [reg] reg
                let r = if p.reg == 0 { p.to.reg } else { p.reg };
                let opcode = match p.as_ {
                    ADD => op_AGRK,
                    ADDC => op_ALGRK,
                    ADDE => op_ALCGR,
                    ADDW => op_ARK,
                    MULLW => op_MSGFR,
                    MULLD => op_MSGR,
                    DIVW | MODW => op_DSGFR,
                    DIVWU | MODWU => op_DLR,
                    DIVD | MODD => op_DSGR,
                    DIVDU | MODDU => op_DLGR,
                    _ => return self.diag("invalid opcode"),
                };
                match p.as_ {
                    ADD | ADDC | ADDW => {
                        if p.as_ == ADDW && r == p.to.reg {
                            z_rr(op_AR, to_reg, from_reg, asm);
                        } else {
                            z_rrf(opcode, from_reg, 0, to_reg, u(r), asm);
                        }
                    }
                    ADDE | MULLW | MULLD => {
                        if r == p.to.reg {
                            z_rre(opcode, to_reg, from_reg, asm);
                        } else if p.from.reg == p.to.reg {
                            z_rre(opcode, to_reg, u(r), asm);
                        } else {
                            z_rre(op_LGR, to_reg, u(r), asm);
                            z_rre(opcode, to_reg, from_reg, asm);
                        }
                    }
                    DIVW | DIVWU | DIVD | DIVDU => {
                        if p.as_ == DIVWU || p.as_ == DIVDU {
                            let t = self.regtmp();
                            z_ri(op_LGHI, t, 0, asm);
                        }
                        z_rre(op_LGR, u(REGTMP2), u(r), asm);
                        let t = self.regtmp();
                        z_rre(opcode, t, from_reg, asm);
                        z_rre(op_LGR, to_reg, u(REGTMP2), asm);
                    }
                    MODW | MODWU | MODD | MODDU => {
                        if p.as_ == MODWU || p.as_ == MODDU {
                            let t = self.regtmp();
                            z_ri(op_LGHI, t, 0, asm);
                        }
                        z_rre(op_LGR, u(REGTMP2), u(r), asm);
                        let t = self.regtmp();
                        z_rre(opcode, t, from_reg, asm);
                        z_rre(op_LGR, to_reg, t, asm);
                    }
                    _ => {}
                }
            }
            3 => {
                // mov $constant reg
                let mut v = self.vregoff(&p.from);
                match p.as_ {
                    MOVBZ => v = v as u8 as i64,
                    MOVHZ => v = v as u16 as i64,
                    MOVWZ => v = v as u32 as i64,
                    MOVB => v = v as i8 as i64,
                    MOVH => v = v as i16 as i64,
                    MOVW => v = v as i32 as i64,
                    _ => {}
                }
                if v as i16 as i64 == v {
                    z_ri(op_LGHI, to_reg, u(v), asm);
                } else if v & 0xffff0000 == v {
                    z_ri(op_LLILH, to_reg, u(v >> 16), asm);
                } else if v & 0xffff00000000 == v {
                    z_ri(op_LLIHL, to_reg, u(v >> 32), asm);
                } else if (v as u64) & 0xffff000000000000 == v as u64 {
                    z_ri(op_LLIHH, to_reg, u(v >> 48), asm);
                } else if v as i32 as i64 == v {
                    z_ril(Form::A, op_LGFI, to_reg, u(v), asm);
                } else if v as u32 as i64 == v {
                    z_ril(Form::A, op_LLILF, to_reg, u(v), asm);
                } else if (v as u64) & 0xffffffff00000000 == v as u64 {
                    z_ril(Form::A, op_LLIHF, to_reg, u(v >> 32), asm);
                } else {
                    z_ril(Form::A, op_LLILF, to_reg, u(v), asm);
                    z_ril(Form::A, op_IIHF, to_reg, u(v >> 32), asm);
                }
            }
            4 => {
                // multiply high (a*b)>>64
                let r = if p.reg == 0 { p.to.reg } else { p.reg };
                z_rre(op_LGR, u(REGTMP2), u(r), asm);
                let t = self.regtmp();
                z_rre(op_MLGR, t, from_reg, asm);
                match p.as_ {
                    MULHDU => z_rre(op_LGR, to_reg, t, asm),
                    MULHD => {
                        z_rsy(op_SRAG, u(REGTMP2), from_reg, 0, 63, asm);
                        z_rre(op_NGR, u(REGTMP2), u(r), asm);
                        z_rre(op_SGR, t, u(REGTMP2), asm);
                        z_rsy(op_SRAG, u(REGTMP2), u(r), 0, 63, asm);
                        z_rre(op_NGR, u(REGTMP2), from_reg, asm);
                        z_rrf(op_SGRK, u(REGTMP2), 0, to_reg, t, asm);
                    }
                    _ => {}
                }
            }
            5 => z_i(op_SVC, 0, asm),
            6 => {
                // logical op reg [reg] reg
                let (oprr, oprre, oprrf) = match p.as_ {
                    AND => (0, op_NGR, op_NGRK),
                    ANDW => (op_NR, 0, op_NRK),
                    OR => (0, op_OGR, op_OGRK),
                    ORW => (op_OR, 0, op_ORK),
                    XOR => (0, op_XGR, op_XGRK),
                    XORW => (op_XR, 0, op_XRK),
                    _ => (0, 0, 0),
                };
                if p.reg == 0 {
                    if oprr != 0 {
                        z_rr(oprr, to_reg, from_reg, asm);
                    } else {
                        z_rre(oprre, to_reg, from_reg, asm);
                    }
                } else {
                    z_rrf(oprrf, u(p.reg), 0, to_reg, from_reg, asm);
                }
            }
            7 => {
                // shift/rotate reg [reg] reg
                let d2 = self.vregoff(&p.from);
                let b2 = p.from.reg;
                let r3 = if p.reg == 0 { p.to.reg } else { p.reg };
                let opcode = match p.as_ {
                    SLD => op_SLLG,
                    SRD => op_SRLG,
                    SLW => op_SLLK,
                    SRW => op_SRLK,
                    RLL => op_RLL,
                    RLLG => op_RLLG,
                    SRAW => op_SRAK,
                    SRAD => op_SRAG,
                    _ => 0,
                };
                z_rsy(opcode, to_reg, u(r3), u(b2), u(d2), asm);
            }
            8 => {
                if p.to.reg & 1 != 0 {
                    self.diag("target must be an even-numbered register");
                }
                z_rre(op_FLOGR, to_reg, from_reg, asm);
            }
            9 => z_rre(op_POPCNT, to_reg, from_reg, asm),
            10 => {
                // subtract reg [reg] reg
                let mut r = p.reg;
                match p.as_ {
                    SUB => {
                        if r == 0 {
                            z_rre(op_SGR, to_reg, from_reg, asm);
                        } else {
                            z_rrf(op_SGRK, from_reg, 0, to_reg, u(r), asm);
                        }
                    }
                    SUBC => {
                        if r == 0 {
                            z_rre(op_SLGR, to_reg, from_reg, asm);
                        } else {
                            z_rrf(op_SLGRK, from_reg, 0, to_reg, u(r), asm);
                        }
                    }
                    SUBE => {
                        if r == 0 {
                            r = p.to.reg;
                        }
                        if r == p.to.reg {
                            z_rre(op_SLBGR, to_reg, from_reg, asm);
                        } else if p.from.reg == p.to.reg {
                            let t = self.regtmp();
                            z_rre(op_LGR, t, from_reg, asm);
                            z_rre(op_LGR, to_reg, u(r), asm);
                            z_rre(op_SLBGR, to_reg, t, asm);
                        } else {
                            z_rre(op_LGR, to_reg, u(r), asm);
                            z_rre(op_SLBGR, to_reg, from_reg, asm);
                        }
                    }
                    SUBW => {
                        if r == 0 {
                            z_rr(op_SR, to_reg, from_reg, asm);
                        } else {
                            z_rrf(op_SRK, from_reg, 0, to_reg, u(r), asm);
                        }
                    }
                    _ => {}
                }
            }
            11 => {
                // br/bl
                let mut v = 0i32;
                if let Some(t) = self.target_pc(&p) {
                    v = ((t - p.pc) >> 1) as i32;
                }
                if p.as_ == ops::BR && p.to.sym.is_none() && v as i16 as i32 == v {
                    z_ri(op_BRC, 0xf, v as u32, asm);
                } else {
                    if p.as_ == ops::BL {
                        z_ril(Form::B, op_BRASL, u(REG_LR), v as u32, asm);
                    } else {
                        z_ril(Form::C, op_BRCL, 0xf, v as u32, asm);
                    }
                    if p.to.sym.is_some() {
                        self.addcallreloc(p.to.sym, p.to.offset);
                    }
                }
            }
            12 => {
                let r1 = p.to.reg;
                let mut d2 = self.vregoff(&p.from);
                let mut b2 = p.from.reg;
                if b2 == 0 {
                    b2 = REGSP;
                }
                let mut x2 = p.from.index;
                if -DISP20 / 2 > d2 || d2 >= DISP20 / 2 {
                    let t = self.regtmp();
                    z_ril(Form::A, op_LGFI, t, u(d2), asm);
                    if x2 != 0 {
                        z_rx(op_LA, t, t, u(x2), 0, asm);
                    }
                    x2 = t as i64;
                    d2 = 0;
                }
                let (opx, opxy) = match p.as_ {
                    ADD => (0, op_AG),
                    ADDC => (0, op_ALG),
                    ADDE => (0, op_ALCG),
                    ADDW => (op_A, op_AY),
                    MULLW => (op_MS, op_MSY),
                    MULLD => (0, op_MSG),
                    SUB => (0, op_SG),
                    SUBC => (0, op_SLG),
                    SUBE => (0, op_SLBG),
                    SUBW => (op_S, op_SY),
                    AND => (0, op_NG),
                    ANDW => (op_N, op_NY),
                    OR => (0, op_OG),
                    ORW => (op_O, op_OY),
                    XOR => (0, op_XG),
                    XORW => (op_X, op_XY),
                    _ => (0, 0),
                };
                if opx != 0 && 0 <= d2 && d2 < DISP12 {
                    z_rx(opx, u(r1), u(x2), u(b2), u(d2), asm);
                } else {
                    z_rxy(opxy, u(r1), u(x2), u(b2), u(d2), asm);
                }
            }
            13 => {
                // rotate, followed by operation
                let r1 = p.to.reg;
                let r2 = p.rest[2].reg;
                let mut i3 = p.from.offset as u8;
                let mut i4 = p.rest[0].offset as u8;
                let i5 = p.rest[1].offset as u8;
                match p.as_ {
                    RNSBGT | RXSBGT | ROSBGT => i3 |= 0x80,
                    RISBGZ | RISBGNZ | RISBHGZ | RISBLGZ => i4 |= 0x80,
                    _ => {}
                }
                let opcode = match p.as_ {
                    RNSBG | RNSBGT => op_RNSBG,
                    RXSBG | RXSBGT => op_RXSBG,
                    ROSBG | ROSBGT => op_ROSBG,
                    RISBG | RISBGZ => op_RISBG,
                    RISBGN | RISBGNZ => op_RISBGN,
                    RISBHG | RISBHGZ => op_RISBHG,
                    RISBLG | RISBLGZ => op_RISBLG,
                    _ => 0,
                };
                z_rie(Form::F, opcode, u(r1), u(r2), 0, i3 as u32, i4 as u32, 0, i5 as u32, asm);
            }
            15 => {
                // br/bl (reg)
                let r = p.to.reg;
                if p.as_ == BCL || p.as_ == ops::BL {
                    z_rr(op_BASR, u(REG_LR), u(r), asm);
                } else {
                    z_rr(op_BCR, cc::ALWAYS, u(r), asm);
                }
            }
            16 => {
                // conditional branch
                let mut v = 0i32;
                if let Some(t) = self.target_pc(&p) {
                    v = ((t - p.pc) >> 1) as i32;
                }
                let mask = self.branch_mask(&p);
                if p.to.sym.is_none() && v as i16 as i32 == v {
                    z_ri(op_BRC, mask, v as u32, asm);
                } else {
                    z_ril(Form::C, op_BRCL, mask, v as u32, asm);
                }
                if p.to.sym.is_some() {
                    self.addrilreloc(p.to.sym, p.to.offset);
                }
            }
            17 => {
                // move on condition
                let m3 = self.branch_mask(&p);
                z_rrf(op_LOCGR, m3, 0, to_reg, from_reg, asm);
            }
            18 => {
                // br/bl reg
                if p.as_ == ops::BL {
                    z_rr(op_BASR, u(REG_LR), to_reg, asm);
                } else {
                    z_rr(op_BCR, cc::ALWAYS, to_reg, asm);
                }
            }
            19 => {
                // mov $sym+n(SB) reg
                let mut d = self.vregoff(&p.from);
                z_ril(Form::B, op_LARL, to_reg, 0, asm);
                if d & 1 != 0 {
                    z_rx(op_LA, to_reg, to_reg, 0, 1, asm);
                    d -= 1;
                }
                self.addrilreloc(p.from.sym, d);
            }
            21 => {
                // subtract $constant [reg] reg
                let v = self.vregoff(&p.from);
                let r = if p.reg == 0 { p.to.reg } else { p.reg };
                match p.as_ {
                    SUB => {
                        let t = self.regtmp();
                        z_ril(Form::A, op_LGFI, t, u(v), asm);
                        z_rrf(op_SLGRK, t, 0, to_reg, u(r), asm);
                    }
                    SUBC => {
                        if r != p.to.reg {
                            z_rre(op_LGR, to_reg, u(r), asm);
                        }
                        z_ril(Form::A, op_SLGFI, to_reg, u(v), asm);
                    }
                    SUBW => {
                        if r != p.to.reg {
                            z_rr(op_LR, to_reg, u(r), asm);
                        }
                        z_ril(Form::A, op_SLFI, to_reg, u(v), asm);
                    }
                    _ => {}
                }
            }
            22 => {
                // add/multiply $constant [reg] reg
                let v = self.vregoff(&p.from);
                let mut r = if p.reg == 0 { p.to.reg } else { p.reg };
                let (opri, opril, oprie) = match p.as_ {
                    ADD => (op_AGHI, op_AGFI, op_AGHIK),
                    ADDC => (0, op_ALGFI, op_ALGHSIK),
                    ADDW => (op_AHI, op_AFI, op_AHIK),
                    MULLW => (op_MHI, op_MSFI, 0),
                    MULLD => (op_MGHI, op_MSGFI, 0),
                    _ => (0, 0, 0),
                };
                if r != p.to.reg && (oprie == 0 || v as i16 as i64 != v) {
                    match p.as_ {
                        ADD | ADDC | MULLD => z_rre(op_LGR, to_reg, u(r), asm),
                        ADDW | MULLW => z_rr(op_LR, to_reg, u(r), asm),
                        _ => {}
                    }
                    r = p.to.reg;
                }
                if opri != 0 && r == p.to.reg && v as i16 as i64 == v {
                    z_ri(opri, to_reg, u(v), asm);
                } else if oprie != 0 && v as i16 as i64 == v {
                    z_rie(Form::D, oprie, to_reg, u(r), u(v), 0, 0, 0, 0, asm);
                } else {
                    z_ril(Form::A, opril, to_reg, u(v), asm);
                }
            }
            23 => {
                // 64-bit logical op $constant reg
                let v = self.vregoff(&p.from);
                match p.as_ {
                    AND => {
                        if v >= 0 {
                            let t = self.regtmp();
                            z_ril(Form::A, op_LGFI, t, u(v), asm);
                            z_rre(op_NGR, to_reg, t, asm);
                        } else if v as i16 as i64 == v {
                            z_ri(op_NILL, to_reg, u(v), asm);
                        } else {
                            z_ril(Form::A, op_NILF, to_reg, u(v), asm);
                        }
                    }
                    OR => {
                        if v as u32 as i64 != v {
                            let t = self.regtmp();
                            z_ril(Form::A, op_LGFI, t, u(v), asm);
                            z_rre(op_OGR, to_reg, t, asm);
                        } else if v as u16 as i64 == v {
                            z_ri(op_OILL, to_reg, u(v), asm);
                        } else {
                            z_ril(Form::A, op_OILF, to_reg, u(v), asm);
                        }
                    }
                    XOR => {
                        if v as u32 as i64 != v {
                            let t = self.regtmp();
                            z_ril(Form::A, op_LGFI, t, u(v), asm);
                            z_rre(op_XGR, to_reg, t, asm);
                        } else {
                            z_ril(Form::A, op_XILF, to_reg, u(v), asm);
                        }
                    }
                    _ => self.diag(format!("{} is not supported", ops::name(p.as_))),
                }
            }
            24 => {
                // 32-bit logical op $constant reg
                let v = self.vregoff(&p.from);
                match p.as_ {
                    ANDW => {
                        if u(v & 0xffff0000) == 0xffff0000 {
                            z_ri(op_NILL, to_reg, u(v), asm);
                        } else if u(v & 0x0000ffff) == 0x0000ffff {
                            z_ri(op_NILH, to_reg, u(v) >> 16, asm);
                        } else {
                            z_ril(Form::A, op_NILF, to_reg, u(v), asm);
                        }
                    }
                    ORW => {
                        if u(v & 0xffff0000) == 0 {
                            z_ri(op_OILL, to_reg, u(v), asm);
                        } else if u(v & 0x0000ffff) == 0 {
                            z_ri(op_OILH, to_reg, u(v) >> 16, asm);
                        } else {
                            z_ril(Form::A, op_OILF, to_reg, u(v), asm);
                        }
                    }
                    XORW => z_ril(Form::A, op_XILF, to_reg, u(v), asm),
                    _ => {}
                }
            }
            25 => {
                // load on condition (register)
                let m3 = self.branch_mask(&p);
                let opcode = match p.as_ {
                    LOCR => op_LOCR,
                    LOCGR => op_LOCGR,
                    _ => 0,
                };
                z_rrf(opcode, m3, 0, to_reg, u(p.reg), asm);
            }
            26 => {
                // MOVD $offset(base)(index), reg
                let v = self.regoff(&p.from);
                let mut r = p.from.reg;
                if r == 0 {
                    r = REGSP;
                }
                let i = p.from.index;
                if v >= 0 && v < DISP12 {
                    z_rx(op_LA, to_reg, u(r), u(i), u(v), asm);
                } else if v >= -DISP20 / 2 && v < DISP20 / 2 {
                    z_rxy(op_LAY, to_reg, u(r), u(i), u(v), asm);
                } else {
                    let t = self.regtmp();
                    z_ril(Form::A, op_LGFI, t, u(v), asm);
                    z_rx(op_LA, to_reg, u(r), t, u(i), asm);
                }
            }
            31 => {
                // dword
                let wd = self.vregoff(&p.from) as u64;
                asm.extend_from_slice(&wd.to_be_bytes());
            }
            32 => {
                // float op freg freg
                let opcode = match p.as_ {
                    FADD => op_ADBR,
                    FADDS => op_AEBR,
                    FDIV => op_DDBR,
                    FDIVS => op_DEBR,
                    FMUL => op_MDBR,
                    FMULS => op_MEEBR,
                    FSUB => op_SDBR,
                    FSUBS => op_SEBR,
                    _ => return self.diag("invalid opcode"),
                };
                z_rre(opcode, to_reg, from_reg, asm);
            }
            33 => {
                // float op [freg] freg
                let r = if p.from.typ == TYPE_NONE { p.to.reg } else { p.from.reg };
                let opcode = match p.as_ {
                    FABS => op_LPDBR,
                    FNABS => op_LNDBR,
                    LPDFR => op_LPDFR,
                    LNDFR => op_LNDFR,
                    FNEG => op_LCDFR,
                    FNEGS => op_LCEBR,
                    LEDBR => op_LEDBR,
                    LDEBR => op_LDEBR,
                    FSQRT => op_SQDBR,
                    FSQRTS => op_SQEBR,
                    _ => 0,
                };
                z_rre(opcode, to_reg, u(r), asm);
            }
            34 => {
                // float multiply-add freg freg freg
                let opcode = match p.as_ {
                    FMADD => op_MADBR,
                    FMADDS => op_MAEBR,
                    FMSUB => op_MSDBR,
                    FMSUBS => op_MSEBR,
                    _ => return self.diag("invalid opcode"),
                };
                z_rrd(opcode, to_reg, from_reg, u(p.reg), asm);
            }
            35 | 36 => {
                // 35: mov reg mem, 36: mov mem reg (no relocation)
                let (m, r) = if o.i == 35 { (p.to, p.from.reg) } else { (p.from, p.to.reg) };
                let mut d2 = self.regoff(&m);
                let mut b2 = m.reg;
                if b2 == 0 {
                    b2 = REGSP;
                }
                let mut x2 = m.index;
                if d2 < -DISP20 / 2 || d2 >= DISP20 / 2 {
                    let t = self.regtmp();
                    z_ril(Form::A, op_LGFI, t, u(d2), asm);
                    if x2 != 0 {
                        z_rx(op_LA, t, t, u(x2), 0, asm);
                    }
                    x2 = t as i64;
                    d2 = 0;
                }
                let (op12, op20) =
                    if o.i == 35 { (zopstore12(p.as_), zopstore(p.as_)) } else { (zopload12(p.as_), zopload(p.as_)) };
                match (op12, op20) {
                    (Some(op), _) if is_u12(d2) => z_rx(op, u(r), u(x2), u(b2), u(d2), asm),
                    (_, Some(op)) => z_rxy(op, u(r), u(x2), u(b2), u(d2), asm),
                    _ => self.diag(format!("unknown load or store opcode {}", ops::name(p.as_))),
                }
            }
            40 => {
                // word/byte
                let wd = u(self.regoff(&p.from));
                if p.as_ == WORD {
                    asm.extend_from_slice(&wd.to_be_bytes());
                } else {
                    asm.push(wd as u8);
                }
            }
            41 => {
                // branch on count
                let r1 = p.from.reg;
                let ri2 = (self.target_pc(&p).unwrap_or(p.pc) - p.pc) >> 1;
                if ri2 as i16 as i64 != ri2 {
                    self.diag_code("E0302", "branch target too far away");
                }
                let opcode = if p.as_ == BRCTG { op_BRCTG } else { op_BRCT };
                z_ri(opcode, u(r1), u(ri2), asm);
            }
            47 => {
                // negate [reg] reg
                let r = if p.from.reg == 0 { p.to.reg } else { p.from.reg };
                match p.as_ {
                    NEG => z_rre(op_LCGR, to_reg, u(r), asm),
                    NEGW => z_rre(op_LCGFR, to_reg, u(r), asm),
                    _ => {}
                }
            }
            48 => {
                // floating-point round to integer
                let m3 = self.vregoff(&p.from);
                if !(0..=7).contains(&m3) {
                    self.diag_code("E0302", format!("mask ({m3}) must be in the range [0, 7]"));
                }
                let opcode = if p.as_ == FIEBR { op_FIEBR } else { op_FIDBR };
                z_rrf(opcode, u(m3), 0, to_reg, u(p.reg), asm);
            }
            49 => z_rrf(op_CPSDR, from_reg, 0, to_reg, u(p.reg), asm),
            50 => {
                let opcode = if p.as_ == LTEBR { op_LTEBR } else { op_LTDBR };
                z_rre(opcode, to_reg, from_reg, asm);
            }
            51 => {
                let opcode = if p.as_ == TCEB { op_TCEB } else { op_TCDB };
                let d2 = self.regoff(&p.to);
                z_rxe(opcode, from_reg, 0, 0, u(d2), 0, asm);
            }
            62 => z_rre(op_MLGR, to_reg, from_reg, asm),
            66 => z_rr(op_BCR, cc::NEVER, 0, asm),
            67 => {
                let opcode = if p.as_ == FMOVS { op_LZER } else { op_LZDR };
                z_rre(opcode, to_reg, 0, asm);
            }
            68 => z_rre(op_EAR, to_reg, u(p.from.reg - REG_AR0), asm),
            69 => z_rre(op_SAR, u(p.to.reg - REG_AR0), from_reg, asm),
            70 => {
                // cmp reg reg
                if p.as_ == CMPW || p.as_ == CMPWU {
                    z_rr(zoprr(p.as_).unwrap_or(0), from_reg, to_reg, asm);
                } else {
                    match zoprre(p.as_) {
                        Some(op) => z_rre(op, from_reg, to_reg, asm),
                        None => self.diag(format!("unknown rre opcode {}", ops::name(p.as_))),
                    }
                }
            }
            71 => {
                // cmp reg $constant
                let v = self.vregoff(&p.to);
                match p.as_ {
                    CMP | CMPW if v as i32 as i64 != v => self.diag_code("E0302", format!("{v} overflows an int32")),
                    CMPU | CMPWU if v as u32 as i64 != v => self.diag_code("E0302", format!("{v} overflows a uint32")),
                    _ => {}
                }
                if p.as_ == CMP && v as i16 as i64 == v {
                    z_ri(op_CGHI, from_reg, u(v), asm);
                } else if p.as_ == CMPW && v as i16 as i64 == v {
                    z_ri(op_CHI, from_reg, u(v), asm);
                } else {
                    z_ril(Form::A, zopril(p.as_).unwrap_or(0), from_reg, u(v), asm);
                }
            }
            72 => {
                // mov $constant mem
                let v = self.regoff(&p.from);
                let mut d = self.regoff(&p.to);
                let mut r = p.to.reg;
                if p.to.index != 0 {
                    self.diag("cannot use index register");
                }
                if r == 0 {
                    r = REGSP;
                }
                let mut opcode = match p.as_ {
                    MOVD => op_MVGHI,
                    MOVW | MOVWZ => op_MVHI,
                    MOVH | MOVHZ => op_MVHHI,
                    _ => op_MVI,
                };
                if d < 0 || d >= DISP12 {
                    let t = self.regtmp();
                    if r == t as i64 {
                        self.diag(format!("displacement must be in range [0, 4096) to use {}", super::regs::rconv(r)));
                    }
                    if d >= -DISP20 / 2 && d < DISP20 / 2 {
                        if opcode == op_MVI {
                            opcode = op_MVIY;
                        } else {
                            z_rxy(op_LAY, t, 0, u(r), u(d), asm);
                            r = t as i64;
                            d = 0;
                        }
                    } else {
                        z_ril(Form::A, op_LGFI, t, u(d), asm);
                        z_rx(op_LA, t, t, u(r), 0, asm);
                        r = t as i64;
                        d = 0;
                    }
                }
                if opcode == op_MVI {
                    z_si(opcode, u(v), u(r), u(d), asm);
                } else if opcode == op_MVIY {
                    z_siy(opcode, u(v), u(r), u(d), asm);
                } else {
                    z_sil(opcode, u(r), u(d), u(v), asm);
                }
            }
            74 => {
                // mov reg addr (including relocation)
                let mut i2 = self.regoff(&p.to);
                match p.as_ {
                    MOVD => z_ril(Form::B, op_STGRL, from_reg, 0, asm),
                    MOVW | MOVWZ => z_ril(Form::B, op_STRL, from_reg, 0, asm),
                    MOVH | MOVHZ => z_ril(Form::B, op_STHRL, from_reg, 0, asm),
                    MOVB | MOVBZ => {
                        let t = self.regtmp();
                        z_ril(Form::B, op_LARL, t, 0, asm);
                        let mut adj = 0;
                        if i2 & 1 != 0 {
                            i2 -= 1;
                            adj = 1;
                        }
                        z_rx(op_STC, from_reg, 0, t, adj, asm);
                    }
                    FMOVD => {
                        let t = self.regtmp();
                        z_ril(Form::B, op_LARL, t, 0, asm);
                        z_rx(op_STD, from_reg, 0, t, 0, asm);
                    }
                    FMOVS => {
                        let t = self.regtmp();
                        z_ril(Form::B, op_LARL, t, 0, asm);
                        z_rx(op_STE, from_reg, 0, t, 0, asm);
                    }
                    _ => {}
                }
                self.addrilreloc(p.to.sym, i2);
            }
            75 => {
                // mov addr reg (including relocation)
                let mut i2 = self.regoff(&p.from);
                match p.as_ {
                    MOVD => {
                        if i2 & 1 != 0 {
                            let t = self.regtmp();
                            z_ril(Form::B, op_LARL, t, 0, asm);
                            z_rxy(op_LG, to_reg, t, 0, 1, asm);
                            i2 -= 1;
                        } else {
                            z_ril(Form::B, op_LGRL, to_reg, 0, asm);
                        }
                    }
                    MOVW => z_ril(Form::B, op_LGFRL, to_reg, 0, asm),
                    MOVWZ => z_ril(Form::B, op_LLGFRL, to_reg, 0, asm),
                    MOVH => z_ril(Form::B, op_LGHRL, to_reg, 0, asm),
                    MOVHZ => z_ril(Form::B, op_LLGHRL, to_reg, 0, asm),
                    MOVB | MOVBZ => {
                        let t = self.regtmp();
                        z_ril(Form::B, op_LARL, t, 0, asm);
                        let mut adj = 0;
                        if i2 & 1 != 0 {
                            i2 -= 1;
                            adj = 1;
                        }
                        if p.as_ == MOVB {
                            z_rxy(op_LGB, to_reg, 0, t, adj, asm);
                        } else {
                            z_rxy(op_LLGC, to_reg, 0, t, adj, asm);
                        }
                    }
                    FMOVD => {
                        let t = self.regtmp();
                        z_ril(Form::A, op_LARL, t, 0, asm);
                        z_rx(op_LD, to_reg, 0, t, 0, asm);
                    }
                    FMOVS => {
                        let t = self.regtmp();
                        z_ril(Form::A, op_LARL, t, 0, asm);
                        z_rx(op_LE, to_reg, 0, t, 0, asm);
                    }
                    _ => {}
                }
                self.addrilreloc(p.from.sym, i2);
            }
            76 => z_rr(op_SPM, from_reg, 0, asm),
            77 => {
                // syscall $constant
                if p.from.offset > 255 || p.from.offset < 1 {
                    self.diag_code("E0302", "illegal system call; system call number out of range");
                    z_e(op_TRAP2, asm);
                } else {
                    z_i(op_SVC, u(p.from.offset), asm);
                }
            }
            78 => asm.extend_from_slice(&[0, 0, 0, 0]),
            79 => {
                // compare and swap reg reg reg
                let mut v = self.regoff(&p.to);
                if v < 0 {
                    v = 0;
                }
                if p.as_ == CS {
                    z_rs(op_CS, from_reg, u(p.reg), to_reg, u(v), asm);
                } else if p.as_ == CSG {
                    z_rsy(op_CSG, from_reg, u(p.reg), to_reg, u(v), asm);
                }
            }
            80 => z_rr(op_BCR, 14, 0, asm),
            81 => match p.as_ {
                LDGR => z_rre(op_LDGR, to_reg, from_reg, asm),
                LGDR => z_rre(op_LGDR, to_reg, from_reg, asm),
                _ => {}
            },
            82 => {
                // fixed to float conversion
                let opcode = match p.as_ {
                    CEFBRA => op_CEFBRA,
                    CDFBRA => op_CDFBRA,
                    CEGBRA => op_CEGBRA,
                    CDGBRA => op_CDGBRA,
                    CELFBR => op_CELFBR,
                    CDLFBR => op_CDLFBR,
                    CELGBR => op_CELGBR,
                    CDLGBR => op_CDLGBR,
                    _ => return self.diag(format!("unexpected opcode {}", ops::name(p.as_))),
                };
                z_rrf(opcode, 0, 0, to_reg, from_reg, asm);
            }
            83 => {
                // float to fixed conversion (M3 = 5: round toward zero)
                let opcode = match p.as_ {
                    CFEBRA => op_CFEBRA,
                    CFDBRA => op_CFDBRA,
                    CGEBRA => op_CGEBRA,
                    CGDBRA => op_CGDBRA,
                    CLFEBR => op_CLFEBR,
                    CLFDBR => op_CLFDBR,
                    CLGEBR => op_CLGEBR,
                    CLGDBR => op_CLGDBR,
                    _ => return self.diag(format!("unexpected opcode {}", ops::name(p.as_))),
                };
                z_rrf(opcode, 5, 0, to_reg, from_reg, asm);
            }
            84 => {
                // storage-and-storage operations $length mem mem
                let l = self.regoff(&p.from);
                if !(1..=256).contains(&l) {
                    self.diag_code("E0302", format!("number of bytes ({l}) not in range [1,256]"));
                }
                let f3 = p.rest[0];
                if f3.index != 0 || p.to.index != 0 {
                    self.diag("cannot use index reg");
                }
                let mut b1 = p.to.reg;
                let mut b2 = f3.reg;
                if b1 == 0 {
                    b1 = REGSP;
                }
                if b2 == 0 {
                    b2 = REGSP;
                }
                let mut d1 = self.regoff(&p.to);
                let mut d2 = self.regoff(&f3);
                if d1 < 0 || d1 >= DISP12 {
                    let t = self.regtmp() as i64;
                    if b2 == t {
                        self.diag("regtmp(p) conflict");
                    }
                    if b1 != t {
                        z_rre(op_LGR, u(t), u(b1), asm);
                    }
                    z_ril(Form::A, op_AGFI, u(t), u(d1), asm);
                    if d1 == d2 && b1 == b2 {
                        d2 = 0;
                        b2 = t;
                    }
                    d1 = 0;
                    b1 = t;
                }
                if d2 < 0 || d2 >= DISP12 {
                    if b1 == REGTMP2 {
                        self.diag("REGTMP2 conflict");
                    }
                    if b2 != REGTMP2 {
                        z_rre(op_LGR, u(REGTMP2), u(b2), asm);
                    }
                    z_ril(Form::A, op_AGFI, u(REGTMP2), u(d2), asm);
                    d2 = 0;
                    b2 = REGTMP2;
                }
                let opcode = match p.as_ {
                    MVC => op_MVC,
                    MVCIN => op_MVCIN,
                    CLC => {
                        // swap operand order for CLC so that it matches CMP
                        std::mem::swap(&mut b1, &mut b2);
                        std::mem::swap(&mut d1, &mut d2);
                        op_CLC
                    }
                    XC => op_XC,
                    OC => op_OC,
                    NC => op_NC,
                    _ => return self.diag(format!("unexpected opcode {}", ops::name(p.as_))),
                };
                z_ss_a(opcode, u(l - 1), u(b1), u(d1), u(b2), u(d2), asm);
            }
            85 | 87 => {
                // 85: load address relative long, 87: execute relative long
                let mut v = if o.i == 85 { self.regoff(&p.from) } else { self.vregoff(&p.from) };
                let what = if o.i == 85 { "LARL" } else { "EXRL" };
                if p.from.sym.is_none() {
                    if v & 1 != 0 {
                        self.diag(format!("cannot use {what} with odd offset: {v}"));
                    }
                } else {
                    self.addrilreloc(p.from.sym, v);
                    v = 0;
                }
                let op = if o.i == 85 { op_LARL } else { op_EXRL };
                z_ril(Form::B, op, to_reg, u(v >> 1), asm);
            }
            86 => {
                // load address
                let d = self.vregoff(&p.from);
                let x = p.from.index;
                let mut b = p.from.reg;
                if b == 0 {
                    b = REGSP;
                }
                match p.as_ {
                    LA => z_rx(op_LA, to_reg, u(x), u(b), u(d), asm),
                    LAY => z_rxy(op_LAY, to_reg, u(x), u(b), u(d), asm),
                    _ => {}
                }
            }
            88 => {
                // store clock
                let opcode = match p.as_ {
                    STCK => op_STCK,
                    STCKC => op_STCKC,
                    STCKE => op_STCKE,
                    _ => op_STCKF,
                };
                let v = self.vregoff(&p.to);
                let mut r = p.to.reg;
                if r == 0 {
                    r = REGSP;
                }
                z_s(opcode, u(r), u(v), asm);
            }
            89 => {
                // compare and branch reg reg
                let mut v = 0i32;
                if let Some(t) = self.target_pc(&p) {
                    v = ((t - p.pc) >> 1) as i32;
                }
                let (mut r1, mut r2) = (p.from.reg, p.reg);
                if p.from.typ == TYPE_CONST {
                    r1 = p.reg;
                    r2 = p.rest[0].reg;
                }
                let mut m3 = self.branch_mask(&p);
                let opcode = match p.as_ {
                    CRJ => op_CRJ,
                    CGRJ | CMPBEQ | CMPBGE | CMPBGT | CMPBLE | CMPBLT | CMPBNE => op_CGRJ,
                    CLRJ => op_CLRJ,
                    _ => op_CLGRJ,
                };
                if v as i16 as i32 != v {
                    // too far: a compare-and-branch around a BRCL, not clobbering the
                    // condition code
                    m3 ^= 0xe;
                    z_rie(Form::B, opcode, u(r1), u(r2), ((sizeRIE + sizeRIL) / 2) as u32, 0, 0, m3, 0, asm);
                    z_ril(Form::C, op_BRCL, cc::ALWAYS, (v - (sizeRIE / 2) as i32) as u32, asm);
                } else {
                    z_rie(Form::B, opcode, u(r1), u(r2), v as u32, 0, 0, m3, 0, asm);
                }
            }
            90 => {
                // compare and branch reg $constant
                let mut v = 0i32;
                if let Some(t) = self.target_pc(&p) {
                    v = ((t - p.pc) >> 1) as i32;
                }
                let mut r1 = p.from.reg;
                let i2 = p.rest[0].offset;
                if p.from.typ == TYPE_CONST {
                    r1 = p.reg;
                }
                let mut m3 = self.branch_mask(&p);
                let opcode = match p.as_ {
                    CIJ => op_CIJ,
                    CGIJ | CMPBEQ | CMPBGE | CMPBGT | CMPBLE | CMPBLT | CMPBNE => op_CGIJ,
                    CLIJ => op_CLIJ,
                    _ => op_CLGIJ,
                };
                if v as i16 as i32 != v {
                    m3 ^= 0xe;
                    z_rie(Form::C, opcode, u(r1), m3, ((sizeRIE + sizeRIL) / 2) as u32, 0, 0, 0, u(i2), asm);
                    z_ril(Form::C, op_BRCL, cc::ALWAYS, (v - (sizeRIE / 2) as i32) as u32, asm);
                } else {
                    z_rie(Form::C, opcode, u(r1), m3, v as u32, 0, 0, 0, u(i2), asm);
                }
            }
            91 => {
                // test under mask (immediate)
                let opcode = match p.as_ {
                    TMHH => op_TMHH,
                    TMHL => op_TMHL,
                    TMLH => op_TMLH,
                    _ => op_TMLL,
                };
                let v = self.vregoff(&p.to);
                z_ri(opcode, from_reg, u(v), asm);
            }
            92 => z_rre(op_IPM, from_reg, 0, asm),
            93 => {
                // GOT lookup
                let v = self.vregoff(&p.to);
                if v != 0 {
                    self.diag("invalid offset against GOT slot");
                }
                z_ril(Form::B, op_LGRL, to_reg, 0, asm);
                self.add_fixup(reloc::GOTENT, 2, 4, p.from.sym, 2 + 4, go_reloc::R_GOTPCREL);
            }
            94 => {
                // TLS local exec model
                let t = self.regtmp();
                z_ril(Form::B, op_LARL, t, ((sizeRIL + sizeRXY + sizeRI) >> 1) as u32, asm);
                z_rxy(op_LG, to_reg, t, 0, 0, asm);
                z_ri(op_BRC, 0xf, ((sizeRI + 8) >> 1) as u32, asm);
                asm.extend_from_slice(&[0; 8]);
                self.add_fixup(
                    reloc::TLS_LE64,
                    (sizeRIL + sizeRXY + sizeRI) as i64,
                    8,
                    p.from.sym,
                    0,
                    go_reloc::R_TLS_LE,
                );
            }
            95 => {
                // TLS initial exec model
                let t = self.regtmp();
                z_ril(Form::B, op_LARL, t, 0, asm);
                self.add_fixup(reloc::TLS_IEENT, 2, 4, p.from.sym, 2 + 4, go_reloc::R_TLS_IE);
                z_rxy(op_LGF, to_reg, t, 0, 0, asm);
            }
            96 => {
                // clear macro
                let mut length = self.vregoff(&p.from);
                let mut offset = self.vregoff(&p.to);
                let mut reg = p.to.reg;
                if reg == 0 {
                    reg = REGSP;
                }
                if length <= 0 {
                    self.diag_code("E0302", format!("cannot CLEAR {length} bytes, must be greater than 0"));
                }
                while length > 0 {
                    if offset < 0 || offset >= DISP12 {
                        let t = self.regtmp();
                        if offset >= -DISP20 / 2 && offset < DISP20 / 2 {
                            z_rxy(op_LAY, t, u(reg), 0, u(offset), asm);
                        } else {
                            if reg != t as i64 {
                                z_rre(op_LGR, t, u(reg), asm);
                            }
                            z_ril(Form::A, op_AGFI, t, u(offset), asm);
                        }
                        reg = t as i64;
                        offset = 0;
                    }
                    let size = length.min(256);
                    match size {
                        1 => z_si(op_MVI, 0, u(reg), u(offset), asm),
                        2 => z_sil(op_MVHHI, u(reg), u(offset), 0, asm),
                        4 => z_sil(op_MVHI, u(reg), u(offset), 0, asm),
                        8 => z_sil(op_MVGHI, u(reg), u(offset), 0, asm),
                        _ => z_ss_a(op_XC, u(size - 1), u(reg), u(offset), u(reg), u(offset), asm),
                    }
                    length -= size;
                    offset += size;
                }
            }
            97 | 98 => {
                // 97: store multiple, 98: load multiple
                let (rstart, rend, m) = if o.i == 97 { (p.from.reg, p.reg, p.to) } else { (p.reg, p.to.reg, p.from) };
                let mut offset = self.regoff(&m);
                let mut reg = m.reg;
                if reg == 0 {
                    reg = REGSP;
                }
                if offset < -DISP20 / 2 || offset >= DISP20 / 2 {
                    let t = self.regtmp();
                    if reg != t as i64 {
                        z_rre(op_LGR, t, u(reg), asm);
                    }
                    z_ril(Form::A, op_AGFI, t, u(offset), asm);
                    reg = t as i64;
                    offset = 0;
                }
                match p.as_ {
                    STMY | LMY => {
                        let (rs, ry) = if p.as_ == STMY { (op_STM, op_STMY) } else { (op_LM, op_LMY) };
                        if offset >= 0 && offset < DISP12 {
                            z_rs(rs, u(rstart), u(rend), u(reg), u(offset), asm);
                        } else {
                            z_rsy(ry, u(rstart), u(rend), u(reg), u(offset), asm);
                        }
                    }
                    STMG => z_rsy(op_STMG, u(rstart), u(rend), u(reg), u(offset), asm),
                    LMG => z_rsy(op_LMG, u(rstart), u(rend), u(reg), u(offset), asm),
                    _ => {}
                }
            }
            99 => {
                // interlocked load and op
                if p.to.index != 0 {
                    self.diag("cannot use indexed address");
                }
                let offset = self.regoff(&p.to);
                if offset < -DISP20 / 2 || offset >= DISP20 / 2 {
                    self.diag_code("E0302", format!("{offset} does not fit into 20-bit signed integer"));
                }
                let opcode = match p.as_ {
                    LAA => op_LAA,
                    LAAG => op_LAAG,
                    LAAL => op_LAAL,
                    LAALG => op_LAALG,
                    LAN => op_LAN,
                    LANG => op_LANG,
                    LAX => op_LAX,
                    LAXG => op_LAXG,
                    LAO => op_LAO,
                    _ => op_LAOG,
                };
                z_rsy(opcode, u(p.reg), from_reg, to_reg, u(offset), asm);
            }
            100 => {
                // VRX STORE
                let (op, mut m3, _) = vop(p.as_);
                let mut v1 = p.from.reg;
                if p.reg != 0 {
                    m3 = u(self.vregoff(&p.from));
                    v1 = p.reg;
                }
                let mut b2 = p.to.reg;
                if b2 == 0 {
                    b2 = REGSP;
                }
                let d2 = u(self.vregoff(&p.to));
                z_vrx(op, u(v1), u(p.to.index), u(b2), d2, m3, asm);
            }
            101 => {
                // VRX LOAD
                let (op, mut m3, _) = vop(p.as_);
                let mut src = p.from;
                if let Some(f3) = p.from3() {
                    m3 = u(self.vregoff(&p.from));
                    src = *f3;
                }
                let mut b2 = src.reg;
                if b2 == 0 {
                    b2 = REGSP;
                }
                let d2 = u(self.vregoff(&src));
                z_vrx(op, to_reg, u(src.index), u(b2), d2, m3, asm);
            }
            102 => {
                // VRV SCATTER
                let (op, _, _) = vop(p.as_);
                let m3 = u(self.vregoff(&p.from));
                let mut b2 = p.to.reg;
                if b2 == 0 {
                    b2 = REGSP;
                }
                let d2 = u(self.vregoff(&p.to));
                z_vrv(op, u(p.reg), u(p.to.index), u(b2), d2, m3, asm);
            }
            103 => {
                // VRV GATHER
                let (op, _, _) = vop(p.as_);
                let m3 = u(self.vregoff(&p.from));
                let f3 = p.rest[0];
                let mut b2 = f3.reg;
                if b2 == 0 {
                    b2 = REGSP;
                }
                let d2 = u(self.vregoff(&f3));
                z_vrv(op, to_reg, u(f3.index), u(b2), d2, m3, asm);
            }
            104 => {
                // VRS SHIFT/ROTATE and LOAD GR FROM VR ELEMENT
                let (op, m4, _) = vop(p.as_);
                let fr = if p.reg == 0 { p.to.reg } else { p.reg };
                let bits = u(self.vregoff(&p.from));
                z_vrs(op, to_reg, u(fr), from_reg, bits, m4, asm);
            }
            105 | 107 => {
                // 105: VRS STORE MULTIPLE, 107: VRS STORE WITH LENGTH
                let (op, _, _) = vop(p.as_);
                let offset = u(self.vregoff(&p.to));
                let mut reg = p.to.reg;
                if reg == 0 {
                    reg = REGSP;
                }
                if o.i == 105 {
                    z_vrs(op, from_reg, u(p.reg), u(reg), offset, 0, asm);
                } else {
                    z_vrs(op, u(p.reg), from_reg, u(reg), offset, 0, asm);
                }
            }
            106 => {
                // VRS LOAD MULTIPLE
                let (op, _, _) = vop(p.as_);
                let offset = u(self.vregoff(&p.from));
                let mut reg = p.from.reg;
                if reg == 0 {
                    reg = REGSP;
                }
                z_vrs(op, u(p.reg), to_reg, u(reg), offset, 0, asm);
            }
            108 => {
                // VRS LOAD WITH LENGTH
                let (op, _, _) = vop(p.as_);
                let f3 = p.rest[0];
                let offset = u(self.vregoff(&f3));
                let mut reg = f3.reg;
                if reg == 0 {
                    reg = REGSP;
                }
                z_vrs(op, to_reg, from_reg, u(reg), offset, 0, asm);
            }
            109 => {
                // VRI-a
                let (op, mut m3, _) = vop(p.as_);
                let mut i2 = u(self.vregoff(&p.from));
                if let Some(f3) = p.from3() {
                    let f3 = *f3;
                    m3 = u(self.vregoff(&p.from));
                    i2 = u(self.vregoff(&f3));
                }
                match p.as_ {
                    VZERO => i2 = 0,
                    VONE => i2 = 0xffff,
                    _ => {}
                }
                z_vria(op, to_reg, i2, m3, asm);
            }
            110 => {
                let (op, m4, _) = vop(p.as_);
                let i2 = u(self.vregoff(&p.from));
                let f3 = p.rest[0];
                let i3 = u(self.vregoff(&f3));
                z_vrib(op, to_reg, i2, i3, m4, asm);
            }
            111 => {
                let (op, m4, _) = vop(p.as_);
                let i2 = u(self.vregoff(&p.from));
                z_vric(op, to_reg, u(p.reg), i2, m4, asm);
            }
            112 => {
                let (op, m5, _) = vop(p.as_);
                let i4 = u(self.vregoff(&p.from));
                z_vrid(op, to_reg, u(p.reg), u(p.rest[0].reg), i4, m5, asm);
            }
            113 => {
                let (op, m4, _) = vop(p.as_);
                let m5 = single_element_mask(p.as_);
                let i3 = u(self.vregoff(&p.from));
                z_vrie(op, to_reg, u(p.reg), i3, m5, m4, asm);
            }
            114 => {
                // VRR-a
                let (op, m3, m5) = vop(p.as_);
                let m4 = single_element_mask(p.as_);
                z_vrra(op, to_reg, from_reg, m5, m4, m3, asm);
            }
            115 => {
                // VRR-a COMPARE
                let (op, m3, m5) = vop(p.as_);
                let m4 = single_element_mask(p.as_);
                z_vrra(op, from_reg, to_reg, m5, m4, m3, asm);
            }
            117 => {
                // VRR-b
                let (op, m4, m5) = vop(p.as_);
                z_vrrb(op, to_reg, from_reg, u(p.reg), m5, m4, asm);
            }
            118 => {
                // VRR-c
                let (op, m4, m6) = vop(p.as_);
                let m5 = single_element_mask(p.as_);
                let v3 = if p.reg == 0 { p.to.reg } else { p.reg };
                z_vrrc(op, to_reg, from_reg, u(v3), m6, m5, m4, asm);
            }
            119 => {
                // VRR-c SHIFT/ROTATE/DIVIDE/SUB (rhs value on the left)
                let (op, m4, m6) = vop(p.as_);
                let m5 = single_element_mask(p.as_);
                let v2 = if p.reg == 0 { p.to.reg } else { p.reg };
                z_vrrc(op, to_reg, u(v2), from_reg, m6, m5, m4, asm);
            }
            120 => {
                // VRR-d
                let (op, m6, _) = vop(p.as_);
                let m5 = single_element_mask(p.as_);
                z_vrrd(op, to_reg, from_reg, u(p.reg), m6, m5, u(p.rest[0].reg), asm);
            }
            121 => {
                // VRR-e
                let (op, m6, _) = vop(p.as_);
                let m5 = single_element_mask(p.as_);
                z_vrre(op, to_reg, from_reg, u(p.reg), m6, m5, u(p.rest[0].reg), asm);
            }
            122 => {
                // VRR-f LOAD VRS FROM GRS DISJOINT
                let (op, _, _) = vop(p.as_);
                z_vrrf(op, to_reg, from_reg, u(p.reg), asm);
            }
            123 => {
                // VPDI $m4, V2, V3, V1
                let (op, _, _) = vop(p.as_);
                let m4 = self.regoff(&p.from);
                z_vrrc(op, to_reg, u(p.reg), u(p.rest[0].reg), 0, 0, u(m4), asm);
            }
            k => self.diag(format!("unknown index {k}")),
        }
    }
}
