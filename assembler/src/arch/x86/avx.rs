//! VEX and EVEX encoding: the `Zvex_*`/`Zevex_*` cases of Go 1.19's `doasm`, `asmvex`,
//! `asmevex`, the AVX-512 suffixes of `evex.go` and the gather checks, over the table generated
//! from Go's `avx_optabs.go` ([`super::avx_optab`]).
//!
//! This is a child module of the encoder so that it shares the legacy path's ModRM/SIB writer
//! (`asmandsz`, which compresses 8-bit displacements by the EVEX `disp8*N` multiplier when one
//! is set) and its operand and relocation machinery; the legacy path only pays for a table
//! look-up that says an opcode is not VEX/EVEX.

use std::sync::OnceLock;

use super::super::avx_optab::{AVX_OPTAB, AvxOptab, AvxYtab, Zv};
use super::*;

/// The `avxOptab` row of an opcode.
pub(super) fn lookup(o: Op) -> Option<&'static AvxOptab> {
    static INDEX: OnceLock<Vec<u16>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut v = vec![u16::MAX; Op::FIRST_ARCH as usize + ops::NAMES.len()];
        for (i, row) in AVX_OPTAB.iter().enumerate() {
            if let Some(slot) = v.get_mut(row.op.0 as usize) {
                *slot = i as u16;
            }
        }
        v
    });
    match index.get(o.0 as usize) {
        Some(&i) if i != u16::MAX => Some(&AVX_OPTAB[i as usize]),
        _ => None,
    }
}

// ---- suffixes (evex.go) ----

/// Go's `opSuffixTable`, each with its leading dot: a Prog's suffix bits are the index.
pub const OP_SUFFIX_TABLE: [&str; 14] = [
    "",
    ".Z",
    ".SAE",
    ".SAE.Z",
    ".RN_SAE",
    ".RZ_SAE",
    ".RD_SAE",
    ".RU_SAE",
    ".RN_SAE.Z",
    ".RZ_SAE.Z",
    ".RD_SAE.Z",
    ".RU_SAE.Z",
    ".BCST",
    ".BCST.Z",
];

/// Go's `ParseSuffix`: the whole suffix chain (`RU_SAE`, `Z`) to its `opSuffix`; the error is
/// Go's `inferSuffixError`.
pub fn parse_suffix(parts: &[&str]) -> Result<u16, String> {
    let cond: String = parts.iter().map(|p| format!(".{p}")).collect();
    if let Some(i) = OP_SUFFIX_TABLE.iter().position(|s| *s == cond) {
        return Ok(i as u16);
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    let (mut bcst, mut round) = (false, false);
    let mut msg: Vec<String> = Vec::new();
    for (i, s) in parts.iter().enumerate() {
        match *s {
            "Z" => {
                if i != parts.len() - 1 {
                    msg.push("Z suffix should be the last".into());
                }
            }
            "BCST" => bcst = true,
            "SAE" | "RN_SAE" | "RZ_SAE" | "RD_SAE" | "RU_SAE" => round = true,
            _ => {
                if !unknown.contains(s) {
                    msg.push(format!("unknown suffix {s:?}"));
                }
                unknown.push(s);
            }
        }
        if seen.contains(s) {
            msg.push(format!("duplicate suffix {s:?}"));
        }
        seen.push(s);
    }
    if bcst && round {
        msg.push("can't combine rounding/SAE and broadcast".into());
    }
    if msg.is_empty() {
        return Err("bad suffix combination".into());
    }
    Err(msg.join("; "))
}

/// Go's `evexSuffix`, decoded from the suffix bits.
#[derive(Clone, Copy)]
struct EvexSuffix {
    /// EVEX.L'L rounding control, `RC_UNSET` for none.
    rounding: u8,
    sae: bool,
    zeroing: bool,
    broadcast: bool,
}

const RC_UNSET: u8 = 4;

fn evex_suffix(bits: u16) -> EvexSuffix {
    let s = OP_SUFFIX_TABLE.get(bits as usize).copied().unwrap_or("");
    let mut e = EvexSuffix { rounding: RC_UNSET, sae: false, zeroing: false, broadcast: false };
    for part in s.split('.') {
        match part {
            "Z" => e.zeroing = true,
            "BCST" => e.broadcast = true,
            "SAE" => e.sae = true,
            "RN_SAE" => e.rounding = 0,
            "RD_SAE" => e.rounding = 1,
            "RU_SAE" => e.rounding = 2,
            "RZ_SAE" => e.rounding = 3,
            _ => {}
        }
    }
    e
}

// EVEX table bits (evex.go).
const EVEX_BCST: u8 = 0x18;
const EVEX_BCST_N4: u8 = 1 << 3;
const EVEX_BCST_N8: u8 = 2 << 3;

/// Go's `evexBits`.
#[derive(Clone, Copy)]
struct EvexBits {
    b1: u8,
    b2: u8,
    opcode: u8,
}

impl EvexBits {
    fn p(self) -> u8 {
        self.b1 & 0x03
    }
    fn l(self) -> u8 {
        (self.b1 & 0x0c) >> 2
    }
    fn m(self) -> u8 {
        (self.b1 & 0x30) >> 4
    }
    fn w(self) -> u8 {
        (self.b1 & 0x80) >> 7
    }
    fn broadcast_enabled(self) -> bool {
        self.b2 & EVEX_BCST != 0
    }
    fn zeroing_enabled(self) -> bool {
        self.b2 & 0x4 != 0
    }
    fn rounding_enabled(self) -> bool {
        self.b2 & 0x2 != 0
    }
    fn sae_enabled(self) -> bool {
        self.b2 & 0x1 != 0
    }
    /// Go's `DispMultiplier`.
    fn disp_multiplier(self, bcst: bool) -> u8 {
        if bcst {
            return match self.b2 & EVEX_BCST {
                EVEX_BCST_N4 => 4,
                EVEX_BCST_N8 => 8,
                _ => 1,
            };
        }
        1 << (self.b2 >> 5)
    }
}

/// Go's `regIndex`: a register's 5-bit number.
fn reg_index(r: u16) -> u8 {
    reg_low(r).unwrap_or(0) | (regrex(r) & RXR) << 1 | regrex(r) & RXR_EVEX
}

/// Marks a `RegList` offset as an x86 register range (Go's `obj.RegListX86Lo`).
const REG_RANGE: u64 = 1 << 62;

/// Go's `EncodeRegisterRange`.
pub fn encode_register_range(lo: Reg, hi: Reg) -> u64 {
    lo.0 as u64 | (hi.0 as u64) << 16 | REG_RANGE
}

/// Go's `decodeRegisterRange`; `None` for a list that is not a range.
pub fn decode_register_range(v: u64) -> Option<(Reg, Reg)> {
    (v & REG_RANGE != 0).then_some((Reg(v as u16), Reg((v >> 16) as u16)))
}

/// Go's `oclassRegList`: four consecutive X, Y or Z registers.
fn oclass_reglist(amd64: bool, v: u64) -> Y {
    let Some((lo, hi)) = decode_register_range(v) else { return Yxxx };
    let (l, h) = (reg_index(lo.0), reg_index(hi.0));
    if !amd64 && (l >= 8 || h >= 8) {
        return Yxxx;
    }
    let within = |r: Reg, base: u16| (base..base + 32).contains(&r.0);
    if h.wrapping_sub(l) != 3 {
        return Yxxx;
    }
    match () {
        _ if within(lo, REG_X0) && within(hi, REG_X0) => YxrEvexMulti4,
        _ if within(lo, REG_Y0) && within(hi, REG_Y0) => YyrEvexMulti4,
        _ if within(lo, REG_Z0) && within(hi, REG_Z0) => YzrMulti4,
        _ => Yxxx,
    }
}

/// Go's `oclassVMem`: a memory operand with a vector index register (VSIB).
fn oclass_vmem(amd64: bool, a: &A) -> Option<Y> {
    let i = a.index;
    let hi = |y: Y| if amd64 { y } else { Yxxx };
    Some(match i {
        _ if in_range(i, REG_X0, 8) => Yxvm,
        _ if in_range(i, REG_X0 + 8, 8) => hi(Yxvm),
        _ if in_range(i, REG_X0 + 16, 16) => hi(YxvmEvex),
        _ if in_range(i, REG_Y0, 8) => Yyvm,
        _ if in_range(i, REG_Y0 + 8, 8) => hi(Yyvm),
        _ if in_range(i, REG_Y0 + 16, 16) => hi(YyvmEvex),
        _ if in_range(i, REG_Z0, 8) => Yzvm,
        _ if in_range(i, REG_Z0 + 8, 24) => hi(Yzvm),
        _ => return None,
    })
}

/// Go's `oclass` for an operand of a VEX/EVEX instruction.
fn avx_oclass(ins: &Ins, a: &A) -> Y {
    if a.ty == Ty::Mem
        && a.index != REG_SP
        && let Some(y) = oclass_vmem(ins.amd64, a)
    {
        return y;
    }
    oclass(ins, a)
}

/// Go's `ytab.match` over up to six operand classes.
fn matches(yt: &AvxYtab, args: &[Y]) -> bool {
    if args.len() > yt.args.len() || (args.len() < yt.args.len() && yt.args[args.len()] != Yxxx) {
        return false;
    }
    args.iter().zip(yt.args.iter()).all(|(&a, &b)| covers(a, b))
}

fn is_evex(z: Zv) -> bool {
    z > Zv::Zevex_first && z < Zv::Zevex_last
}

const GATHERS: [&str; 8] =
    ["VGATHERDPD", "VGATHERQPD", "VGATHERDPS", "VGATHERQPS", "VPGATHERDD", "VPGATHERQD", "VPGATHERDQ", "VPGATHERQQ"];

impl Enc<'_, '_> {
    /// Go's `doasm` for an `avxOptab` instruction; `ops` are all of the Prog's operands in
    /// source order (Go's From, RestArgs..., To).
    pub(super) fn doasm_avx(&mut self, o: &AvxOptab) -> Res {
        let ins = self.ins;
        let p = ins.p;
        let n = p.args.len();
        if n > 6 {
            return Err(err(E_COMBO, format!("{}: too many operands ({n})", ins.prog_name())));
        }
        let mut ops = [NONE; 6];
        let mut classes = [Yxxx; 6];
        for (k, a) in p.args.iter().enumerate() {
            ops[k] = A::new(&a.addr, k as u8);
            if let Addr::RegList(v) = a.addr {
                // encoded as its first register (Go's a.Reg = lo)
                classes[k] = oclass_reglist(ins.amd64, v);
                if let Some((lo, _)) = decode_register_range(v) {
                    ops[k] = A { ty: Ty::Reg, reg: lo.0, arg: k as u8, ..NONE };
                }
            } else {
                classes[k] = avx_oclass(ins, &ops[k]);
            }
        }
        let ops = &ops[..n];
        let from = ops.first().copied().unwrap_or(NONE);
        let to = if n >= 2 { ops[n - 1] } else { NONE };
        for a in [&from, &to] {
            let pre = prefixof(ins, a);
            if pre != 0 {
                self.ab.put1(pre);
            }
        }

        // Checks Go makes for forms that always trap (#UD).
        if GATHERS.contains(&o.name) && n >= 3 {
            let from3 = ops[1];
            if (REG_K0..REG_K0 + 8).contains(&from3.reg) && from3.ty == Ty::Reg {
                if reg_index(from.index) == reg_index(to.reg) {
                    return Err(ins.combo(&to, "index and destination registers should be distinct"));
                }
            } else {
                let (index, mask, dest) = (reg_index(from3.index), reg_index(from.reg), reg_index(to.reg));
                if dest == mask || dest == index || mask == index {
                    return Err(ins.combo(&to, "mask, index, and destination registers should be distinct"));
                }
            }
        }

        let mut args = [Ynone; 6];
        let mut na = 0;
        for (k, a) in ops.iter().enumerate() {
            let y = classes[k];
            if y == Yxxx {
                if matches!(p.args[k].addr, Addr::RegList(_)) {
                    return Err(ins.combo(a, "a register range is four consecutive X, Y or Z registers: [Z0-Z3]"));
                }
                return Err(self.class_error(a));
            }
            // Go leaves out From and To when they are absent (a unary instruction's list)
            if y == Ynone && (k == 0 || k == n - 1) {
                continue;
            }
            args[na] = y;
            na += 1;
        }
        let args = &args[..na];
        let suffix = p.suffix;
        let mut z = 0usize;
        for yt in o.ytab {
            if !matches(yt, args) {
                z += yt.zoffset as usize;
                continue;
            }
            // a suffix filters out the VEX forms ("VADDPD.BCST 2032(DX), X0, X0" is EVEX)
            if suffix != 0 && !is_evex(yt.z) {
                z += yt.zoffset as usize;
                continue;
            }
            if !ins.amd64 {
                self.regs_of_32bit_mode(ops)?;
            }
            self.ab.vex = true;
            return self.zcase_avx(o, yt.z, z, ops, &from, &to);
        }
        Err(ins.combo(&from, format!("invalid instruction: no {} form takes these operands", ins.prog_name())))
    }

    /// In 32-bit mode only registers 0-7 exist: the VEX/EVEX bits that extend a register
    /// number (R, X, B, R', V') are not there (R and X inverted are the ModRM mod bits that tell
    /// VEX from LES/LDS and EVEX from BOUND; B and V' are ignored). Go 1.19's oclass accepts
    /// X8-X31, Y8-Y31 and R8-R15 as a base register on 386 and `asmvex`/`asmevex` encode their
    /// high bits anyway (`VADDPD Y9, Y2, Y3` runs as Y1; `VADDPD X25, X2, X3` is a BOUND;
    /// `VMOVDQU (R9), X1` loads from (CX)): refused here instead.
    fn regs_of_32bit_mode(&self, ops: &[A]) -> Res {
        for a in ops {
            let regs = match a.ty {
                Ty::Reg => [a.reg, REG_NONE],
                Ty::Mem | Ty::Addr => [a.reg, a.index],
                _ => continue,
            };
            if let Some(&r) = regs.iter().find(|&&r| r != REG_NONE && regrex(r) != 0) {
                return Err(Box::new(EncodeErr {
                    code: E_MODE,
                    msg: format!(
                        "{}: register {} does not exist in 32-bit mode (Go 1.19 encodes its high bits anyway, which the processor ignores or decodes as another instruction)",
                        self.ins.shape(),
                        regs::name(Reg(r))
                    ),
                    operand: a.op_index(),
                }));
            }
        }
        Ok(())
    }

    fn zcase_avx(&mut self, o: &AvxOptab, zc: Zv, z: usize, ops: &[A], from: &A, to: &A) -> Res {
        let b = |k: usize| o.bytes.get(z + k).copied().unwrap_or(0);
        // Go's RestArgs: the operands between From and To
        let rest = |k: usize| if 1 + k + 1 < ops.len() { ops[1 + k] } else { NONE };
        let from3 = rest(0);
        let imm = |e: &mut Self, a: &A| e.ab.put1(a.offset as u8);
        // unpackOps4 / unpackOps5
        let (o1, o2) = (rest(0), rest(1));
        let o3 = rest(2);
        use Zv::*;
        match zc {
            Zvex => self.asmvex(Some(from), Some(&from3), Some(to), b(0), b(1)),
            Zvex_rm_v_r => {
                self.asmvex(Some(from), Some(&from3), Some(to), b(0), b(1));
                self.asmand(from, to)?;
            }
            Zvex_rm_v_ro => {
                self.asmvex(Some(from), Some(&from3), Some(to), b(0), b(1));
                self.asmando(from, b(2))?;
            }
            Zvex_i_rm_vo => {
                self.asmvex(Some(&from3), Some(to), None, b(0), b(1));
                self.asmando(&from3, b(2))?;
                imm(self, from);
            }
            Zvex_i_r_v => {
                self.asmvex(Some(&from3), Some(to), None, b(0), b(1));
                let regnum = if (REG_X0..REG_X0 + 16).contains(&from3.reg) {
                    (from3.reg - REG_X0) as u8
                } else {
                    from3.reg.wrapping_sub(REG_Y0) as u8
                } & 7;
                self.ab.put1(b(2) | regnum);
                imm(self, from);
            }
            Zvex_i_rm_v_r => {
                self.asmvex(Some(&o1), Some(&o2), Some(to), b(0), b(1));
                self.asmand(&o1, to)?;
                imm(self, from);
            }
            Zvex_i_rm_r => {
                self.asmvex(Some(&from3), None, Some(to), b(0), b(1));
                self.asmand(&from3, to)?;
                imm(self, from);
            }
            Zvex_v_rm_r => {
                self.asmvex(Some(&from3), Some(from), Some(to), b(0), b(1));
                self.asmand(&from3, to)?;
            }
            Zvex_r_v_rm => {
                self.asmvex(Some(to), Some(&from3), Some(from), b(0), b(1));
                self.asmand(to, from)?;
            }
            Zvex_rm_r_vo => {
                self.asmvex(Some(from), Some(to), Some(&from3), b(0), b(1));
                self.asmando(from, b(2))?;
            }
            Zvex_i_r_rm => {
                self.asmvex(Some(to), None, Some(&from3), b(0), b(1));
                self.asmand(to, &from3)?;
                imm(self, from);
            }
            Zvex_hr_rm_v_r => {
                self.asmvex(Some(&o1), Some(&o2), Some(to), b(0), b(1));
                self.asmand(&o1, to)?;
                self.ab.put1(reg_index(from.reg) << 4);
            }
            Zevex_k_rmo => {
                self.asmevex(o, z, Some(to), None, None, Some(from))?;
                self.asmando(to, b(3))?;
            }
            Zevex_i_rm_vo => {
                self.asmevex(o, z, Some(&from3), Some(to), None, None)?;
                self.asmando(&from3, b(3))?;
                imm(self, from);
            }
            Zevex_i_rm_k_vo => {
                self.asmevex(o, z, Some(&o1), Some(to), None, Some(&o2))?;
                self.asmando(&o1, b(3))?;
                imm(self, from);
            }
            Zevex_i_r_rm => {
                self.asmevex(o, z, Some(to), None, Some(&from3), None)?;
                self.asmand(to, &from3)?;
                imm(self, from);
            }
            Zevex_i_r_k_rm => {
                self.asmevex(o, z, Some(to), None, Some(&o1), Some(&o2))?;
                self.asmand(to, &o1)?;
                imm(self, from);
            }
            Zevex_i_rm_r => {
                self.asmevex(o, z, Some(&from3), None, Some(to), None)?;
                self.asmand(&from3, to)?;
                imm(self, from);
            }
            Zevex_i_rm_k_r => {
                self.asmevex(o, z, Some(&o1), None, Some(to), Some(&o2))?;
                self.asmand(&o1, to)?;
                imm(self, from);
            }
            Zevex_i_rm_v_r => {
                self.asmevex(o, z, Some(&o1), Some(&o2), Some(to), None)?;
                self.asmand(&o1, to)?;
                imm(self, from);
            }
            Zevex_i_rm_v_k_r => {
                self.asmevex(o, z, Some(&o1), Some(&o2), Some(to), Some(&o3))?;
                self.asmand(&o1, to)?;
                imm(self, from);
            }
            Zevex_r_v_rm => {
                self.asmevex(o, z, Some(to), Some(&from3), Some(from), None)?;
                self.asmand(to, from)?;
            }
            Zevex_rm_v_r => {
                self.asmevex(o, z, Some(from), Some(&from3), Some(to), None)?;
                self.asmand(from, to)?;
            }
            Zevex_rm_k_r => {
                self.asmevex(o, z, Some(from), None, Some(to), Some(&from3))?;
                self.asmand(from, to)?;
            }
            Zevex_r_k_rm => {
                self.asmevex(o, z, Some(to), None, Some(from), Some(&from3))?;
                self.asmand(to, from)?;
            }
            Zevex_rm_v_k_r => {
                self.asmevex(o, z, Some(from), Some(&o1), Some(to), Some(&o2))?;
                self.asmand(from, to)?;
            }
            Zevex_r_v_k_rm => {
                self.asmevex(o, z, Some(to), Some(&o1), Some(from), Some(&o2))?;
                self.asmand(to, from)?;
            }
            Zevex_first | Zevex_last => return Err(self.ins.unsupported()),
        }
        Ok(())
    }

    /// Go's `asmvex`: the VEX prefix and opcode byte; `rm`, `v` and `r` are the operands in
    /// the ModRM r/m, VEX.vvvv and ModRM reg fields.
    fn asmvex(&mut self, rm: Option<&A>, v: Option<&A>, r: Option<&A>, vex: u8, opcode: u8) {
        let v = v.filter(|a| a.ty != Ty::None);
        let rex_r = r.map_or(0, |r| regrex(r.reg) & RXR);
        let (rex_b, rex_x) = rm.map_or((0, 0), |rm| (regrex(rm.reg) & RXB, regrex(rm.index) & RXX));
        let vex_m = (vex >> 3) & 0x7;
        let vex_wlp = vex & 0x87;
        let mut vex_v = v.map_or(0, |v| (reg_low(v.reg).unwrap_or(0) | (regrex(v.reg) & RXR) << 1) & 0xf);
        vex_v ^= 0xf;
        if vex_m == 1 && (rex_x | rex_b) == 0 && vex & 0x80 == 0 {
            // the 2-byte form
            self.ab.put2(0xc5, (rex_r << 5) ^ 0x80 | vex_v << 3 | vex_wlp);
        } else {
            self.ab.put3(0xc4, ((rex_r | rex_x | rex_b) << 5) ^ 0xe0 | vex_m, vex_v << 3 | vex_wlp);
        }
        self.ab.put1(opcode);
    }

    /// Go's `asmevex`: the EVEX prefix and opcode byte, from the table bytes at `z`, the
    /// operands in the r/m, vvvv, reg and opmask fields, and the Prog's suffix.
    #[allow(clippy::too_many_arguments)]
    fn asmevex(&mut self, o: &AvxOptab, z: usize, rm: Option<&A>, v: Option<&A>, r: Option<&A>, k: Option<&A>) -> Res {
        let ins = self.ins;
        let b = |i: usize| o.bytes.get(z + i).copied().unwrap_or(0);
        let evex = EvexBits { b1: b(0), b2: b(1), opcode: b(2) };
        let v = v.filter(|a| a.ty != Ty::None);
        let (mut rex_r, mut evex_r, mut rex_x, mut rex_b) = (1u8, 1u8, 1u8, 1u8);
        if let Some(r) = r {
            if regrex(r.reg) & RXR != 0 {
                rex_r = 0;
            }
            if regrex(r.reg) & RXR_EVEX != 0 {
                evex_r = 0;
            }
        }
        if let Some(rm) = rm {
            // the fifth bit of an X16-X31 r/m register, or the fourth of the index
            if (rm.index == REG_NONE && regrex(rm.reg) & RXR_EVEX != 0) || regrex(rm.index) & RXX != 0 {
                rex_x = 0;
            }
            if regrex(rm.reg) & RXB != 0 {
                rex_b = 0;
            }
        }
        let p0 = rex_r << 7 | rex_x << 6 | rex_b << 5 | evex_r << 4 | evex.m();
        let mut vex_v = v.map_or(0, |v| (reg_low(v.reg).unwrap_or(0) | (regrex(v.reg) & RXR) << 1) & 0xf);
        vex_v ^= 0x0f;
        let p1 = evex.w() << 7 | vex_v << 3 | 1 << 2 | evex.p();

        let suffix = evex_suffix(ins.p.suffix);
        let (mut ez, mut ll, mut eb, mut ev, mut ea) = (0u8, evex.l(), 0u8, 1u8, 0u8);
        let mem = rm.is_some_and(|a| a.ty == Ty::Mem);
        let at = rm.copied().unwrap_or(NONE);
        if suffix.zeroing {
            if !evex.zeroing_enabled() {
                return Err(ins.combo(&at, "unsupported zeroing (.Z)"));
            }
            ez = 1;
        }
        if suffix.rounding != RC_UNSET {
            if mem {
                return Err(ins.combo(&at, "illegal rounding with memory argument"));
            } else if !evex.rounding_enabled() {
                return Err(ins.combo(&at, "unsupported rounding"));
            }
            eb = 1;
            ll = suffix.rounding;
        } else if suffix.broadcast {
            if !mem {
                return Err(ins.combo(&at, "illegal broadcast without memory argument"));
            } else if !evex.broadcast_enabled() {
                return Err(ins.combo(&at, "unsupported broadcast"));
            }
            eb = 1;
        } else if suffix.sae {
            if mem {
                return Err(ins.combo(&at, "illegal SAE with memory argument"));
            } else if !evex.sae_enabled() {
                return Err(ins.combo(&at, "unsupported SAE"));
            }
            eb = 1;
        }
        if rm.is_some_and(|rm| regrex(rm.index) & RXR_EVEX != 0) || v.is_some_and(|v| regrex(v.reg) & RXR_EVEX != 0) {
            ev = 0;
        }
        if let Some(k) = k {
            ea = reg_low(k.reg).unwrap_or(0);
        }
        let p2 = ez << 7 | ll << 5 | eb << 4 | ev << 3 | ea;
        self.ab.put3(0x62, p0, p1);
        self.ab.put2(p2, evex.opcode);
        self.ab.disp8n = evex.disp_multiplier(suffix.broadcast);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_chains_are_gos() {
        assert_eq!(parse_suffix(&["RU_SAE", "Z"]), Ok(11));
        assert_eq!(parse_suffix(&["BCST"]), Ok(12));
        assert_eq!(parse_suffix(&["SAE", "Z"]), Ok(3));
        // Go's inferSuffixError, message for message
        assert_eq!(parse_suffix(&["Z", "BCST"]).unwrap_err(), "Z suffix should be the last");
        assert_eq!(parse_suffix(&["Z", "Z"]).unwrap_err(), "Z suffix should be the last; duplicate suffix \"Z\"");
        assert_eq!(parse_suffix(&["BCST", "RN_SAE"]).unwrap_err(), "can't combine rounding/SAE and broadcast");
        assert_eq!(parse_suffix(&["X", "X"]).unwrap_err(), "unknown suffix \"X\"; duplicate suffix \"X\"");
        assert_eq!(parse_suffix(&["SAE", "RN_SAE"]).unwrap_err(), "bad suffix combination");
        for (i, s) in OP_SUFFIX_TABLE.iter().enumerate().skip(1) {
            let parts: Vec<&str> = s[1..].split('.').collect();
            assert_eq!(parse_suffix(&parts), Ok(i as u16), "{s}");
        }
        let e = evex_suffix(11);
        assert!(e.zeroing && e.rounding == 2 && !e.broadcast && !e.sae);
        assert!(evex_suffix(12).broadcast && evex_suffix(12).rounding == RC_UNSET);
    }

    #[test]
    fn disp8_multipliers() {
        // N64 with BcstN8: 64 bytes, or 8 under .BCST
        let e = EvexBits { b1: 0, b2: 6 << 5 | EVEX_BCST_N8, opcode: 0 };
        assert_eq!((e.disp_multiplier(false), e.disp_multiplier(true)), (64, 8));
        let e = EvexBits { b1: 0, b2: EVEX_BCST_N4, opcode: 0 };
        assert_eq!((e.disp_multiplier(false), e.disp_multiplier(true)), (1, 4));
        let mut ab = AsmBuf::new();
        assert_eq!(ab.disp8(-128), Some(0x80));
        assert_eq!(ab.disp8(128), None);
        ab.disp8n = 64;
        assert_eq!(ab.disp8(64), Some(1));
        assert_eq!(ab.disp8(-8192), Some(0x80));
        assert_eq!(ab.disp8(8192), None);
        assert_eq!(ab.disp8(65), None);
    }

    #[test]
    fn register_ranges_and_vsib_classes() {
        let r = |n: &str| regs::lookup(n).unwrap();
        let v = encode_register_range(r("Z4"), r("Z7"));
        assert_eq!(decode_register_range(v), Some((r("Z4"), r("Z7"))));
        assert_eq!(decode_register_range(0b1111), None);
        assert_eq!(oclass_reglist(true, v), YzrMulti4);
        assert_eq!(oclass_reglist(true, encode_register_range(r("X20"), r("X23"))), YxrEvexMulti4);
        assert_eq!(oclass_reglist(true, encode_register_range(r("Z4"), r("Z6"))), Yxxx);
        assert_eq!(oclass_reglist(true, encode_register_range(r("X4"), r("Y7"))), Yxxx);
        assert_eq!(oclass_reglist(false, encode_register_range(r("X6"), r("X9"))), Yxxx);
        let mem = |index: &str| A { ty: Ty::Mem, reg: REG_AX, index: r(index).0, scale: 4, ..NONE };
        assert_eq!(oclass_vmem(true, &mem("X3")), Some(Yxvm));
        assert_eq!(oclass_vmem(true, &mem("X19")), Some(YxvmEvex));
        assert_eq!(oclass_vmem(false, &mem("X9")), Some(Yxxx));
        assert_eq!(oclass_vmem(true, &mem("Y30")), Some(YyvmEvex));
        assert_eq!(oclass_vmem(true, &mem("Z31")), Some(Yzvm));
        assert_eq!(oclass_vmem(true, &mem("BX")), None);
        assert_eq!(reg_index(r("Z30").0), 30);
        assert_eq!(reg_index(r("X15").0), 15);
        assert_eq!(reg_index(r("R9").0), 9);
    }

    #[test]
    fn every_avx_row_is_an_x86_opcode() {
        for row in &AVX_OPTAB {
            assert_eq!(ops::name(row.op), row.name);
            assert_eq!(lookup(row.op).map(|r| r.name), Some(row.name));
            assert!(!row.ytab.is_empty());
        }
        assert!(lookup(crate::arch::x86::anames::MOVQ).is_none());
    }
}
