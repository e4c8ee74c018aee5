//! The x86 instruction tables, transcribed from Go 1.19's cmd/internal/obj/x86/asm6.go so that
//! instruction selection is Go's, line for line.
//!
//! An [`Optab`] row names a mnemonic, its operand table ([`Ytab`] lines, tried in order), a prefix
//! code and the opcode bytes the lines consume (Go's `opBytes`). A `Ytab` line lists the operand
//! classes it accepts (in source order: sources first, destination last) and the [`Z`] rule that
//! lays the bytes down; `zoffset` is how many opcode bytes the line owns. [`MOVTAB`] holds Go's
//! `ymovtab`, the fallback for segment/control registers and double shifts.
//!
//! To add a form, add a line to a ytab (or a row to `OPTAB`) exactly as Go has it; the
//! differential test (`tests/x86_encode_diff.rs`) generates an instance of every line.
//!
//! VEX/EVEX instructions (Go's `avxOptab`) are generated from Go's avx_optabs.go into
//! `avx_optab.rs` (see `avx.rs`).

#![allow(non_camel_case_types, non_upper_case_globals)]

use std::sync::OnceLock;

use super::ops;
use crate::prog::Op;

/// Operand classes (Go's `Y*` constants, same order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Y {
    Yxxx,
    Ynone,
    /// `$0`
    Yi0,
    /// `$1`
    Yi1,
    /// `$x`, x fits in uint2
    Yu2,
    /// `$x`, x fits in int8
    Yi8,
    /// `$x`, x fits in uint8
    Yu8,
    /// `$x`, x in 0..127
    Yu7,
    Ys32,
    Yi32,
    Yi64,
    /// `$sym(SB)`, `$x+8(FP)`: an address computed with LEA
    Yiauto,
    Yal,
    Ycl,
    Yax,
    Ycx,
    Yrb,
    Yrl,
    /// Yrl on 386
    Yrl32,
    Yrf,
    Yf0,
    Yrx,
    Ymb,
    Yml,
    Ym,
    Ybr,
    Ycs,
    Yss,
    Yds,
    Yes,
    Yfs,
    Ygs,
    Ygdtr,
    Yidtr,
    Yldtr,
    Ymsw,
    Ytask,
    Ycr0,
    Ycr1,
    Ycr2,
    Ycr3,
    Ycr4,
    Ycr5,
    Ycr6,
    Ycr7,
    Ycr8,
    Ydr0,
    Ydr1,
    Ydr2,
    Ydr3,
    Ydr4,
    Ydr5,
    Ydr6,
    Ydr7,
    Ytr0,
    Ytr1,
    Ytr2,
    Ytr3,
    Ytr4,
    Ytr5,
    Ytr6,
    Ytr7,
    Ymr,
    Ymm,
    Yxr0,
    YxrEvexMulti4,
    Yxr,
    YxrEvex,
    Yxm,
    YxmEvex,
    Yxvm,
    YxvmEvex,
    YyrEvexMulti4,
    Yyr,
    YyrEvex,
    Yym,
    YymEvex,
    Yyvm,
    YyvmEvex,
    YzrMulti4,
    Yzr,
    Yzm,
    Yzvm,
    Yk0,
    Yknot0,
    Yk,
    Ykm,
    Ytls,
    Ytextsize,
    Yindir,
    Ymax,
}

use Y::*;

pub const YMAX: usize = Ymax as usize;

/// `YCOVER[a][b]`: an operand of class `a` is acceptable where a table line says `b`
/// (Go's `ycover`, set up in `instinit`).
pub static YCOVER: [[bool; YMAX]; YMAX] = ycover();

const fn ycover() -> [[bool; YMAX]; YMAX] {
    let mut c = [[false; YMAX]; YMAX];
    let mut i = 0;
    while i < YMAX {
        c[i][i] = true;
        i += 1;
    }
    const PAIRS: &[(Y, Y)] = &[
        (Yi0, Yu2),
        (Yi1, Yu2),
        (Yi0, Yi8),
        (Yi1, Yi8),
        (Yu2, Yi8),
        (Yu7, Yi8),
        (Yi0, Yu7),
        (Yi1, Yu7),
        (Yu2, Yu7),
        (Yi0, Yu8),
        (Yi1, Yu8),
        (Yu2, Yu8),
        (Yu7, Yu8),
        (Yi0, Ys32),
        (Yi1, Ys32),
        (Yu2, Ys32),
        (Yu7, Ys32),
        (Yu8, Ys32),
        (Yi8, Ys32),
        (Yi0, Yi32),
        (Yi1, Yi32),
        (Yu2, Yi32),
        (Yu7, Yi32),
        (Yu8, Yi32),
        (Yi8, Yi32),
        (Ys32, Yi32),
        (Yi0, Yi64),
        (Yi1, Yi64),
        (Yu7, Yi64),
        (Yu2, Yi64),
        (Yu8, Yi64),
        (Yi8, Yi64),
        (Ys32, Yi64),
        (Yi32, Yi64),
        (Yal, Yrb),
        (Ycl, Yrb),
        (Yax, Yrb),
        (Ycx, Yrb),
        (Yrx, Yrb),
        (Yrl, Yrb), // but not Yrl32
        (Ycl, Ycx),
        (Yax, Yrx),
        (Ycx, Yrx),
        (Yax, Yrl),
        (Ycx, Yrl),
        (Yrx, Yrl),
        (Yrl32, Yrl),
        (Yf0, Yrf),
        (Yal, Ymb),
        (Ycl, Ymb),
        (Yax, Ymb),
        (Ycx, Ymb),
        (Yrx, Ymb),
        (Yrb, Ymb),
        (Yrl, Ymb), // but not Yrl32
        (Ym, Ymb),
        (Yax, Yml),
        (Ycx, Yml),
        (Yrx, Yml),
        (Yrl, Yml),
        (Yrl32, Yml),
        (Ym, Yml),
        (Yax, Ymm),
        (Ycx, Ymm),
        (Yrx, Ymm),
        (Yrl, Ymm),
        (Yrl32, Ymm),
        (Ym, Ymm),
        (Ymr, Ymm),
        (Yxr0, Yxr),
        (Ym, Yxm),
        (Yxr0, Yxm),
        (Yxr, Yxm),
        (Ym, Yym),
        (Yyr, Yym),
        (Yxr0, YxrEvex),
        (Yxr, YxrEvex),
        (Ym, YxmEvex),
        (Yxr0, YxmEvex),
        (Yxr, YxmEvex),
        (YxrEvex, YxmEvex),
        (Yyr, YyrEvex),
        (Ym, YymEvex),
        (Yyr, YymEvex),
        (YyrEvex, YymEvex),
        (Ym, Yzm),
        (Yzr, Yzm),
        (Yk0, Yk),
        (Yknot0, Yk),
        (Yk0, Ykm),
        (Yknot0, Ykm),
        (Yk, Ykm),
        (Ym, Ykm),
        (Yxvm, YxvmEvex),
        (Yyvm, YyvmEvex),
    ];
    let mut k = 0;
    while k < PAIRS.len() {
        c[PAIRS[k].0 as usize][PAIRS[k].1 as usize] = true;
        k += 1;
    }
    c
}

/// `YCOVER` with a row and column more than there are classes, so that indexing it with any
/// `Y` needs no bounds check.
static YCOVER_FULL: [[bool; YMAX + 1]; YMAX + 1] = {
    let mut c = [[false; YMAX + 1]; YMAX + 1];
    let mut a = 0;
    while a < YMAX {
        let mut b = 0;
        while b < YMAX {
            c[a][b] = YCOVER[a][b];
            b += 1;
        }
        a += 1;
    }
    c
};

/// `YCOVER[a][b]`.
#[inline(always)]
pub fn covers(a: Y, b: Y) -> bool {
    YCOVER_FULL[a as usize][b as usize]
}

/// Go's `ytab.match` for one operand list, with what every line needs looked up once.
pub struct Matcher {
    /// `YCOVER_FULL[arg]` of each operand class.
    rows: [&'static [bool; YMAX + 1]; 3],
    n: usize,
}

impl Matcher {
    /// For the first `n` (at most 3) of `args`.
    #[inline(always)]
    pub fn new(args: &[Y; 3], n: usize) -> Matcher {
        Matcher { rows: args.map(|a| &YCOVER_FULL[a as usize]), n }
    }
    /// [`Ytab::matches`].
    #[inline(always)]
    pub fn matches(&self, yt: &Ytab) -> bool {
        let [a, b, c] = yt.args;
        let [ra, rb, rc] = self.rows;
        match self.n {
            0 => a == Yxxx,
            1 => b == Yxxx && ra[a as usize],
            2 => c == Yxxx && ra[a as usize] && rb[b as usize],
            _ => ra[a as usize] && rb[b as usize] && rc[c as usize],
        }
    }
}

/// How a table line lays down bytes (Go's `Z*` constants; VEX/EVEX ones omitted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Z {
    Zlit,
    Zlitm_r,
    Zlitr_m,
    Zlit_m_r,
    Z_rp,
    Zbr,
    Zcall,
    Zcallcon,
    Zcallind,
    Zcallindreg,
    Zib_,
    Zib_rp,
    Zibo_m,
    Zibo_m_xm,
    Zil_,
    Zil_rp,
    Ziq_rp,
    Zilo_m,
    Zjmp,
    Zjmpcon,
    Zloop,
    Zo_iw,
    Zm_o,
    Zm_r,
    Z_m_r,
    Zm2_r,
    Zm_r_xm,
    Zm_r_i_xm,
    Zm_r_xm_nr,
    Zr_m_xm_nr,
    Zibm_r,
    Zibr_m,
    Zmb_r,
    Zaut_r,
    Zo_m,
    Zo_m64,
    Zpseudo,
    Zr_m,
    Zr_m_xm,
    Zrp_,
    Z_ib,
    Z_il,
    Zm_ibo,
    Zm_ilo,
    Zib_rr,
    Zil_rr,
    Zbyte,
}

use Z::*;

/// One line of an operand table.
#[derive(Clone, Copy, Debug)]
pub struct Ytab {
    pub z: Z,
    /// Opcode bytes this line owns (Go's `zoffset`).
    pub zoffset: u8,
    /// Operand classes in source order, padded with `Yxxx`.
    pub args: [Y; 3],
}

const fn yt(z: Z, zoffset: u8, args: [Y; 3]) -> Ytab {
    Ytab { z, zoffset, args }
}

impl Ytab {
    /// Go's `ytab.match`: every operand is covered by the line's class, and the line has no
    /// further operands.
    pub fn matches(&self, args: &[Y]) -> bool {
        if args.len() > self.args.len() {
            return false;
        }
        if args.len() < self.args.len() && self.args[args.len()] != Yxxx {
            return false;
        }
        args.iter().zip(self.args.iter()).all(|(&a, &b)| covers(a, b))
    }
    /// The line's operand classes without the padding.
    pub fn classes(&self) -> &[Y] {
        let n = self.args.iter().position(|&y| y == Yxxx).unwrap_or(3);
        &self.args[..n]
    }
}

// Prefix codes (Go's `P*` constants).
pub const PX: u8 = 0;
/// First line valid only in 32-bit mode.
pub const PX1: u8 = 1;
/// 32-bit only.
pub const P32: u8 = 0x32;
/// Operand-size escape (66).
pub const PE: u8 = 0x66;
/// Two-byte opcode escape (0F).
pub const PM: u8 = 0x0f;
/// 66 0F.
pub const PQ: u8 = 0xff;
/// Byte operands.
pub const PB: u8 = 0xfe;
pub const PF2: u8 = 0xf2;
pub const PF3: u8 = 0xf3;
/// 66 F3 0F.
pub const PEF3: u8 = 0xf5;
/// 66 REX.W 0F.
pub const PQ3: u8 = 0x67;
/// 66 0F 38.
pub const PQ4: u8 = 0x68;
/// 66 REX.W 0F 38.
pub const PQ4W: u8 = 0x69;
/// F3 0F 38.
pub const PQ5: u8 = 0x6a;
/// F3 REX.W 0F 38.
pub const PQ5W: u8 = 0x6b;
/// F3 REX.W 0F.
pub const PFW: u8 = 0xf4;
/// REX.W.
pub const PW: u8 = 0x48;
/// REX.W for lines at opcode offset 8 and later (MOVQ).
pub const PW8: u8 = 0x90;
/// 64-bit only, no prefix.
pub const PY: u8 = 0x80;
/// 64-bit only for the first line.
pub const PY1: u8 = 0x81;
/// 64-bit only for the first three lines.
pub const PY3: u8 = 0x83;

/// One instruction: Go's `Optab`.
#[derive(Clone, Copy, Debug)]
pub struct Optab {
    pub name: &'static str,
    pub ytab: &'static [Ytab],
    pub prefix: u8,
    /// Go's `opBytes`; reads past the end are 0, as in Go's fixed-size array.
    pub op: &'static [u8],
}

const fn op(name: &'static str, ytab: &'static [Ytab], prefix: u8, op: &'static [u8]) -> Optab {
    Optab { name, ytab, prefix, op }
}

impl Optab {
    /// `o.op[z]`, 0 past the end.
    pub fn byte(&self, z: usize) -> u8 {
        self.op.get(z).copied().unwrap_or(0)
    }
}

/// How a [`MOVTAB`] row lays down bytes (Go's `mov*` codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mov {
    Lit,
    RegMem,
    MemReg,
    RegMem2op,
    MemReg2op,
    DoubleShift,
}

/// One row of Go's `ymovtab`.
#[derive(Clone, Copy, Debug)]
pub struct Movtab {
    pub name: &'static str,
    pub ft: Y,
    pub f3t: Y,
    pub tt: Y,
    pub code: Mov,
    pub op: [u8; 4],
}

const fn mv(name: &'static str, ft: Y, f3t: Y, tt: Y, code: Mov, op: [u8; 4]) -> Movtab {
    Movtab { name, ft, f3t, tt, code, op }
}

/// The table row for an opcode, if p9asm can encode it.
pub fn lookup(o: Op) -> Option<&'static Optab> {
    static INDEX: OnceLock<Vec<u16>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut v = vec![u16::MAX; Op::FIRST_ARCH as usize + ops::NAMES.len()];
        for (i, row) in OPTAB.iter().enumerate() {
            let k = match ops::lookup(row.name) {
                Some(o) => o.0 as usize,
                None => match Op::PSEUDO_NAMES.iter().position(|n| *n == row.name) {
                    Some(k) => k,
                    None => continue,
                },
            };
            v[k] = i as u16;
        }
        v
    });
    match index.get(o.0 as usize) {
        Some(&i) if i != u16::MAX => Some(&OPTAB[i as usize]),
        _ => None,
    }
}

/// The [`MOVTAB`] rows for an opcode's mnemonic.
pub fn movtab_rows(name: &str) -> impl Iterator<Item = &'static Movtab> + '_ {
    MOVTAB.iter().filter(move |m| m.name == name)
}

// ---- tables transcribed from asm6.go ----

static YADDL: &[Ytab] = &[
    yt(Zibo_m, 2, [Yi8, Yml, Yxxx]),
    yt(Zil_, 1, [Yi32, Yax, Yxxx]),
    yt(Zilo_m, 2, [Yi32, Yml, Yxxx]),
    yt(Zr_m, 1, [Yrl, Yml, Yxxx]),
    yt(Zm_r, 1, [Yml, Yrl, Yxxx]),
];
static YAES: &[Ytab] = &[yt(Zlitm_r, 2, [Yxm, Yxr, Yxxx])];
static YBLENDVPD: &[Ytab] = &[yt(Z_m_r, 1, [Yxr0, Yxm, Yxr])];
static YBSWAP: &[Ytab] = &[yt(Z_rp, 2, [Yrl, Yxxx, Yxxx])];
static YBTL: &[Ytab] = &[yt(Zibo_m, 2, [Yi8, Yml, Yxxx]), yt(Zr_m, 1, [Yrl, Yml, Yxxx])];
static YBYTE: &[Ytab] = &[yt(Zbyte, 1, [Yi64, Yxxx, Yxxx])];
static YCALL: &[Ytab] = &[
    yt(Zcallindreg, 0, [Yml, Yxxx, Yxxx]),
    yt(Zcallindreg, 2, [Yrx, Yrx, Yxxx]),
    yt(Zcallind, 2, [Yindir, Yxxx, Yxxx]),
    yt(Zcall, 0, [Ybr, Yxxx, Yxxx]),
    yt(Zcallcon, 1, [Yi32, Yxxx, Yxxx]),
];
static YCLFLUSH: &[Ytab] = &[yt(Zo_m, 2, [Ym, Yxxx, Yxxx])];
static YCMPB: &[Ytab] = &[
    yt(Z_ib, 1, [Yal, Yi32, Yxxx]),
    yt(Zm_ibo, 2, [Ymb, Yi32, Yxxx]),
    yt(Zm_r, 1, [Ymb, Yrb, Yxxx]),
    yt(Zr_m, 1, [Yrb, Ymb, Yxxx]),
];
static YCMPL: &[Ytab] = &[
    yt(Zm_ibo, 2, [Yml, Yi8, Yxxx]),
    yt(Z_il, 1, [Yax, Yi32, Yxxx]),
    yt(Zm_ilo, 2, [Yml, Yi32, Yxxx]),
    yt(Zm_r, 1, [Yml, Yrl, Yxxx]),
    yt(Zr_m, 1, [Yrl, Yml, Yxxx]),
];
static YCOMPP: &[Ytab] = &[yt(Zo_m, 2, [Yf0, Yrf, Yxxx])];
static YCRC32B: &[Ytab] = &[yt(Zlitm_r, 0, [Ymb, Yrl, Yxxx])];
static YCRC32L: &[Ytab] = &[yt(Zlitm_r, 0, [Yml, Yrl, Yxxx])];
static YDIVB: &[Ytab] = &[yt(Zm_o, 2, [Ymb, Yxxx, Yxxx])];
static YDIVL: &[Ytab] = &[yt(Zm_o, 2, [Yml, Yxxx, Yxxx])];
static YEXTR: &[Ytab] = &[yt(Zibr_m, 3, [Yu8, Yxr, Ymm])];
static YEXTRACTPS: &[Ytab] = &[yt(Zibr_m, 2, [Yu2, Yxr, Yml])];
static YEXTRW: &[Ytab] = &[yt(Zibm_r, 2, [Yu8, Yxr, Yrl]), yt(Zibr_m, 2, [Yu8, Yxr, Yml])];
static YFADD: &[Ytab] = &[yt(Zm_o, 2, [Ym, Yf0, Yxxx]), yt(Zm_o, 2, [Yrf, Yf0, Yxxx]), yt(Zo_m, 2, [Yf0, Yrf, Yxxx])];
static YFCMV: &[Ytab] = &[yt(Zm_o, 2, [Yrf, Yf0, Yxxx])];
static YFMVD: &[Ytab] = &[
    yt(Zm_o, 2, [Ym, Yf0, Yxxx]),
    yt(Zo_m, 2, [Yf0, Ym, Yxxx]),
    yt(Zm_o, 2, [Yrf, Yf0, Yxxx]),
    yt(Zo_m, 2, [Yf0, Yrf, Yxxx]),
];
static YFMVDP: &[Ytab] = &[yt(Zo_m, 2, [Yf0, Ym, Yxxx]), yt(Zo_m, 2, [Yf0, Yrf, Yxxx])];
static YFMVF: &[Ytab] = &[yt(Zm_o, 2, [Ym, Yf0, Yxxx]), yt(Zo_m, 2, [Yf0, Ym, Yxxx])];
static YFMVP: &[Ytab] = &[yt(Zo_m, 2, [Yf0, Ym, Yxxx])];
static YFMVX: &[Ytab] = &[yt(Zm_o, 2, [Ym, Yf0, Yxxx])];
static YFXCH: &[Ytab] = &[yt(Zo_m, 2, [Yf0, Yrf, Yxxx]), yt(Zm_o, 2, [Yrf, Yf0, Yxxx])];
static YIMUL: &[Ytab] = &[
    yt(Zm_o, 2, [Yml, Yxxx, Yxxx]),
    yt(Zib_rr, 1, [Yi8, Yrl, Yxxx]),
    yt(Zil_rr, 1, [Yi32, Yrl, Yxxx]),
    yt(Zm_r, 2, [Yml, Yrl, Yxxx]),
];
static YIMUL3: &[Ytab] = &[yt(Zibm_r, 2, [Yi8, Yml, Yrl]), yt(Zibm_r, 2, [Yi32, Yml, Yrl])];
static YIN: &[Ytab] = &[yt(Zib_, 1, [Yi32, Yxxx, Yxxx]), yt(Zlit, 1, [Yxxx, Yxxx, Yxxx])];
static YINCL: &[Ytab] = &[yt(Z_rp, 1, [Yrl, Yxxx, Yxxx]), yt(Zo_m, 2, [Yml, Yxxx, Yxxx])];
static YINCQ: &[Ytab] = &[yt(Zo_m, 2, [Yml, Yxxx, Yxxx])];
static YINSR: &[Ytab] = &[yt(Zibm_r, 3, [Yu8, Ymm, Yxr])];
static YINSRW: &[Ytab] = &[yt(Zibm_r, 2, [Yu8, Yml, Yxr])];
static YINT: &[Ytab] = &[yt(Zib_, 1, [Yi32, Yxxx, Yxxx])];
static YJCOND: &[Ytab] = &[yt(Zbr, 0, [Ybr, Yxxx, Yxxx]), yt(Zbr, 0, [Yi0, Ybr, Yxxx]), yt(Zbr, 1, [Yi1, Ybr, Yxxx])];
static YJMP: &[Ytab] =
    &[yt(Zo_m64, 2, [Yml, Yxxx, Yxxx]), yt(Zjmp, 0, [Ybr, Yxxx, Yxxx]), yt(Zjmpcon, 1, [Yi32, Yxxx, Yxxx])];
static YLDDQU: &[Ytab] = &[yt(Zm_r, 1, [Ym, Yxr, Yxxx])];
static YLOOP: &[Ytab] = &[yt(Zloop, 1, [Ybr, Yxxx, Yxxx])];
static YM_RL: &[Ytab] = &[yt(Zm_r, 1, [Ym, Yrl, Yxxx])];
static YMB_RL: &[Ytab] = &[yt(Zmb_r, 1, [Ymb, Yrl, Yxxx])];
static YML_MB: &[Ytab] = &[yt(Zr_m, 1, [Yrb, Ymb, Yxxx]), yt(Zm_r, 1, [Ymb, Yrb, Yxxx])];
static YML_RL: &[Ytab] = &[yt(Zm_r, 1, [Yml, Yrl, Yxxx])];
static YMM: &[Ytab] = &[yt(Zm_r_xm, 1, [Ymm, Ymr, Yxxx]), yt(Zm_r_xm, 2, [Yxm, Yxr, Yxxx])];
static YMMXMM0F38: &[Ytab] = &[yt(Zlitm_r, 3, [Ymm, Ymr, Yxxx]), yt(Zlitm_r, 5, [Yxm, Yxr, Yxxx])];
static YMOVB: &[Ytab] = &[
    yt(Zr_m, 1, [Yrb, Ymb, Yxxx]),
    yt(Zm_r, 1, [Ymb, Yrb, Yxxx]),
    yt(Zib_rp, 1, [Yi32, Yrb, Yxxx]),
    yt(Zibo_m, 2, [Yi32, Ymb, Yxxx]),
];
static YMOVBE: &[Ytab] = &[yt(Zlitm_r, 3, [Ym, Yrl, Yxxx]), yt(Zlitr_m, 3, [Yrl, Ym, Yxxx])];
static YMOVL: &[Ytab] = &[
    yt(Zr_m, 1, [Yrl, Yml, Yxxx]),
    yt(Zm_r, 1, [Yml, Yrl, Yxxx]),
    yt(Zil_rp, 1, [Yi32, Yrl, Yxxx]),
    yt(Zilo_m, 2, [Yi32, Yml, Yxxx]),
    yt(Zm_r_xm, 1, [Yml, Ymr, Yxxx]),
    yt(Zr_m_xm, 1, [Ymr, Yml, Yxxx]),
    yt(Zm_r_xm, 2, [Yml, Yxr, Yxxx]),
    yt(Zr_m_xm, 2, [Yxr, Yml, Yxxx]),
    yt(Zaut_r, 2, [Yiauto, Yrl, Yxxx]),
];
static YMOVQ: &[Ytab] = &[
    yt(Zm_r_xm_nr, 1, [Ym, Ymr, Yxxx]),
    yt(Zr_m_xm_nr, 1, [Ymr, Ym, Yxxx]),
    yt(Zm_r_xm_nr, 2, [Yxr, Ymr, Yxxx]),
    yt(Zm_r_xm_nr, 2, [Yxm, Yxr, Yxxx]),
    yt(Zr_m_xm_nr, 2, [Yxr, Yxm, Yxxx]),
    yt(Zr_m, 1, [Yrl, Yml, Yxxx]),
    yt(Zm_r, 1, [Yml, Yrl, Yxxx]),
    yt(Zilo_m, 2, [Ys32, Yrl, Yxxx]),
    yt(Ziq_rp, 1, [Yi64, Yrl, Yxxx]),
    yt(Zilo_m, 2, [Yi32, Yml, Yxxx]),
    yt(Zm_r_xm, 1, [Ymm, Ymr, Yxxx]),
    yt(Zr_m_xm, 1, [Ymr, Ymm, Yxxx]),
    yt(Zm_r_xm, 2, [Yml, Yxr, Yxxx]),
    yt(Zr_m_xm, 2, [Yxr, Yml, Yxxx]),
    yt(Zaut_r, 1, [Yiauto, Yrl, Yxxx]),
];
static YMOVW: &[Ytab] = &[
    yt(Zr_m, 1, [Yrl, Yml, Yxxx]),
    yt(Zm_r, 1, [Yml, Yrl, Yxxx]),
    yt(Zil_rp, 1, [Yi32, Yrl, Yxxx]),
    yt(Zilo_m, 2, [Yi32, Yml, Yxxx]),
    yt(Zaut_r, 2, [Yiauto, Yrl, Yxxx]),
];
static YMR: &[Ytab] = &[yt(Zm_r, 1, [Ymr, Ymr, Yxxx])];
static YMR_ML: &[Ytab] = &[yt(Zr_m_xm, 1, [Ymr, Yml, Yxxx])];
static YMRXR: &[Ytab] = &[yt(Zm_r, 1, [Ymr, Yxr, Yxxx]), yt(Zm_r_xm, 1, [Yxm, Yxr, Yxxx])];
static YMSHUF: &[Ytab] = &[yt(Zibm_r, 2, [Yi8, Ymm, Ymr])];
static YMSHUFB: &[Ytab] = &[yt(Zm2_r, 2, [Yxm, Yxr, Yxxx])];
static YMSKB: &[Ytab] = &[yt(Zm_r_xm, 2, [Yxr, Yrl, Yxxx]), yt(Zm_r_xm, 1, [Ymr, Yrl, Yxxx])];
static YNONE: &[Ytab] = &[yt(Zlit, 1, [Yxxx, Yxxx, Yxxx])];
static YNOP: &[Ytab] = &[
    yt(Zpseudo, 0, [Yxxx, Yxxx, Yxxx]),
    yt(Zpseudo, 0, [Yiauto, Yxxx, Yxxx]),
    yt(Zpseudo, 0, [Yml, Yxxx, Yxxx]),
    yt(Zpseudo, 0, [Yrf, Yxxx, Yxxx]),
    yt(Zpseudo, 0, [Yxr, Yxxx, Yxxx]),
    yt(Zpseudo, 0, [Yiauto, Yxxx, Yxxx]),
    yt(Zpseudo, 0, [Yml, Yxxx, Yxxx]),
    yt(Zpseudo, 0, [Yrf, Yxxx, Yxxx]),
    yt(Zpseudo, 1, [Yxr, Yxxx, Yxxx]),
];
static YPALIGNR: &[Ytab] = &[yt(Zibm_r, 2, [Yu8, Yxm, Yxr])];
static YPOPL: &[Ytab] = &[yt(Z_rp, 1, [Yrl, Yxxx, Yxxx]), yt(Zo_m, 2, [Ym, Yxxx, Yxxx])];
static YPREFETCH: &[Ytab] = &[yt(Zm_o, 2, [Ym, Yxxx, Yxxx])];
static YPS: &[Ytab] = &[
    yt(Zm_r_xm, 1, [Ymm, Ymr, Yxxx]),
    yt(Zibo_m_xm, 2, [Yi8, Ymr, Yxxx]),
    yt(Zm_r_xm, 2, [Yxm, Yxr, Yxxx]),
    yt(Zibo_m_xm, 3, [Yi8, Yxr, Yxxx]),
];
static YPSDQ: &[Ytab] = &[yt(Zibo_m, 2, [Yi8, Yxr, Yxxx])];
static YPUSHL: &[Ytab] = &[
    yt(Zrp_, 1, [Yrl, Yxxx, Yxxx]),
    yt(Zm_o, 2, [Ym, Yxxx, Yxxx]),
    yt(Zib_, 1, [Yi8, Yxxx, Yxxx]),
    yt(Zil_, 1, [Yi32, Yxxx, Yxxx]),
];
static YRB_MB: &[Ytab] = &[yt(Zr_m, 1, [Yrb, Ymb, Yxxx])];
static YRDRAND: &[Ytab] = &[yt(Zo_m, 2, [Yrl, Yxxx, Yxxx])];
static YRET: &[Ytab] = &[yt(Zo_iw, 1, [Yxxx, Yxxx, Yxxx]), yt(Zo_iw, 1, [Yi32, Yxxx, Yxxx])];
static YRL_M: &[Ytab] = &[yt(Zr_m, 1, [Yrl, Ym, Yxxx])];
static YRL_ML: &[Ytab] = &[yt(Zr_m, 1, [Yrl, Yml, Yxxx])];
static YSCOND: &[Ytab] = &[yt(Zo_m, 2, [Ymb, Yxxx, Yxxx])];
static YSHA1RNDS4: &[Ytab] = &[yt(Zibm_r, 2, [Yu2, Yxm, Yxr])];
static YSHA256RNDS2: &[Ytab] = &[yt(Zlit_m_r, 0, [Yxr0, Yxm, Yxr])];
static YSHB: &[Ytab] = &[yt(Zo_m, 2, [Yi1, Ymb, Yxxx]), yt(Zibo_m, 2, [Yu8, Ymb, Yxxx]), yt(Zo_m, 2, [Ycx, Ymb, Yxxx])];
static YSHL: &[Ytab] = &[
    yt(Zo_m, 2, [Yi1, Yml, Yxxx]),
    yt(Zibo_m, 2, [Yu8, Yml, Yxxx]),
    yt(Zo_m, 2, [Ycl, Yml, Yxxx]),
    yt(Zo_m, 2, [Ycx, Yml, Yxxx]),
];
static YSTSW: &[Ytab] = &[yt(Zo_m, 2, [Ym, Yxxx, Yxxx]), yt(Zlit, 1, [Yax, Yxxx, Yxxx])];
static YSVRS_MO: &[Ytab] = &[yt(Zm_o, 2, [Ym, Yxxx, Yxxx])];
static YSVRS_OM: &[Ytab] = &[yt(Zo_m, 2, [Ym, Yxxx, Yxxx])];
static YTESTL: &[Ytab] = &[
    yt(Zil_, 1, [Yi32, Yax, Yxxx]),
    yt(Zilo_m, 2, [Yi32, Yml, Yxxx]),
    yt(Zr_m, 1, [Yrl, Yml, Yxxx]),
    yt(Zm_r, 1, [Yml, Yrl, Yxxx]),
];
static YWRFSBASE: &[Ytab] = &[yt(Zm_o, 2, [Yrl, Yxxx, Yxxx])];
static YXABORT: &[Ytab] = &[yt(Zib_, 1, [Yu8, Yxxx, Yxxx])];
static YXBEGIN: &[Ytab] = &[yt(Zjmp, 1, [Ybr, Yxxx, Yxxx])];
static YXCHG: &[Ytab] = &[
    yt(Z_rp, 1, [Yax, Yrl, Yxxx]),
    yt(Zrp_, 1, [Yrl, Yax, Yxxx]),
    yt(Zr_m, 1, [Yrl, Yml, Yxxx]),
    yt(Zm_r, 1, [Yml, Yrl, Yxxx]),
];
static YXCMPI: &[Ytab] = &[yt(Zm_r_i_xm, 2, [Yxm, Yxr, Yi8])];
static YXCVFL: &[Ytab] = &[yt(Zm_r_xm, 1, [Yxm, Yrl, Yxxx])];
static YXCVFQ: &[Ytab] = &[yt(Zm_r_xm, 2, [Yxm, Yrl, Yxxx])];
static YXCVLF: &[Ytab] = &[yt(Zm_r_xm, 1, [Yml, Yxr, Yxxx])];
static YXCVM1: &[Ytab] = &[yt(Zm_r_xm, 2, [Yxm, Yxr, Yxxx]), yt(Zm_r_xm, 2, [Yxm, Ymr, Yxxx])];
static YXCVM2: &[Ytab] = &[yt(Zm_r_xm, 2, [Yxm, Yxr, Yxxx]), yt(Zm_r_xm, 2, [Ymm, Yxr, Yxxx])];
static YXCVQF: &[Ytab] = &[yt(Zm_r_xm, 2, [Yml, Yxr, Yxxx])];
static YXM: &[Ytab] = &[yt(Zm_r_xm, 1, [Yxm, Yxr, Yxxx])];
static YXM_Q4: &[Ytab] = &[yt(Zm_r, 1, [Yxm, Yxr, Yxxx])];
static YXMOV: &[Ytab] = &[yt(Zm_r_xm, 1, [Yxm, Yxr, Yxxx]), yt(Zr_m_xm, 1, [Yxr, Yxm, Yxxx])];
static YXORB: &[Ytab] = &[
    yt(Zib_, 1, [Yi32, Yal, Yxxx]),
    yt(Zibo_m, 2, [Yi32, Ymb, Yxxx]),
    yt(Zr_m, 1, [Yrb, Ymb, Yxxx]),
    yt(Zm_r, 1, [Ymb, Yrb, Yxxx]),
];
static YXR: &[Ytab] = &[yt(Zm_r_xm, 1, [Yxr, Yxr, Yxxx])];
static YXR_ML: &[Ytab] = &[yt(Zr_m_xm, 1, [Yxr, Yml, Yxxx])];
static YXRRL: &[Ytab] = &[yt(Zm_r, 1, [Yxr, Yrl, Yxxx])];
static YXSHUF: &[Ytab] = &[yt(Zibm_r, 2, [Yu8, Yxm, Yxr])];

pub static OPTAB: &[Optab] = &[
    op("AAA", YNONE, P32, &[0x37]),
    op("AAD", YNONE, P32, &[0xd5, 0x0a]),
    op("AAM", YNONE, P32, &[0xd4, 0x0a]),
    op("AAS", YNONE, P32, &[0x3f]),
    op("ADCB", YXORB, PB, &[0x14, 0x80, 0x02, 0x10, 0x12]),
    op("ADCL", YADDL, PX, &[0x83, 0x02, 0x15, 0x81, 0x02, 0x11, 0x13]),
    op("ADCQ", YADDL, PW, &[0x83, 0x02, 0x15, 0x81, 0x02, 0x11, 0x13]),
    op("ADCW", YADDL, PE, &[0x83, 0x02, 0x15, 0x81, 0x02, 0x11, 0x13]),
    op("ADCXL", YML_RL, PQ4, &[0xf6]),
    op("ADCXQ", YML_RL, PQ4W, &[0xf6]),
    op("ADDB", YXORB, PB, &[0x04, 0x80, 0x00, 0x00, 0x02]),
    op("ADDL", YADDL, PX, &[0x83, 0x00, 0x05, 0x81, 0x00, 0x01, 0x03]),
    op("ADDPD", YXM, PQ, &[0x58]),
    op("ADDPS", YXM, PM, &[0x58]),
    op("ADDQ", YADDL, PW, &[0x83, 0x00, 0x05, 0x81, 0x00, 0x01, 0x03]),
    op("ADDSD", YXM, PF2, &[0x58]),
    op("ADDSS", YXM, PF3, &[0x58]),
    op("ADDSUBPD", YXM, PQ, &[0xd0]),
    op("ADDSUBPS", YXM, PF2, &[0xd0]),
    op("ADDW", YADDL, PE, &[0x83, 0x00, 0x05, 0x81, 0x00, 0x01, 0x03]),
    op("ADOXL", YML_RL, PQ5, &[0xf6]),
    op("ADOXQ", YML_RL, PQ5W, &[0xf6]),
    op("ANDB", YXORB, PB, &[0x24, 0x80, 0x04, 0x20, 0x22]),
    op("ANDL", YADDL, PX, &[0x83, 0x04, 0x25, 0x81, 0x04, 0x21, 0x23]),
    op("ANDNPD", YXM, PQ, &[0x55]),
    op("ANDNPS", YXM, PM, &[0x55]),
    op("ANDPD", YXM, PQ, &[0x54]),
    op("ANDPS", YXM, PM, &[0x54]),
    op("ANDQ", YADDL, PW, &[0x83, 0x04, 0x25, 0x81, 0x04, 0x21, 0x23]),
    op("ANDW", YADDL, PE, &[0x83, 0x04, 0x25, 0x81, 0x04, 0x21, 0x23]),
    op("ARPL", YRL_ML, P32, &[0x63]),
    op("BOUNDL", YRL_M, P32, &[0x62]),
    op("BOUNDW", YRL_M, PE, &[0x62]),
    op("BSFL", YML_RL, PM, &[0xbc]),
    op("BSFQ", YML_RL, PW, &[0x0f, 0xbc]),
    op("BSFW", YML_RL, PQ, &[0xbc]),
    op("BSRL", YML_RL, PM, &[0xbd]),
    op("BSRQ", YML_RL, PW, &[0x0f, 0xbd]),
    op("BSRW", YML_RL, PQ, &[0xbd]),
    op("BSWAPL", YBSWAP, PX, &[0x0f, 0xc8]),
    op("BSWAPQ", YBSWAP, PW, &[0x0f, 0xc8]),
    op("BTCL", YBTL, PM, &[0xba, 0x07, 0xbb]),
    op("BTCQ", YBTL, PW, &[0x0f, 0xba, 0x07, 0x0f, 0xbb]),
    op("BTCW", YBTL, PQ, &[0xba, 0x07, 0xbb]),
    op("BTL", YBTL, PM, &[0xba, 0x04, 0xa3]),
    op("BTQ", YBTL, PW, &[0x0f, 0xba, 0x04, 0x0f, 0xa3]),
    op("BTRL", YBTL, PM, &[0xba, 0x06, 0xb3]),
    op("BTRQ", YBTL, PW, &[0x0f, 0xba, 0x06, 0x0f, 0xb3]),
    op("BTRW", YBTL, PQ, &[0xba, 0x06, 0xb3]),
    op("BTSL", YBTL, PM, &[0xba, 0x05, 0xab]),
    op("BTSQ", YBTL, PW, &[0x0f, 0xba, 0x05, 0x0f, 0xab]),
    op("BTSW", YBTL, PQ, &[0xba, 0x05, 0xab]),
    op("BTW", YBTL, PQ, &[0xba, 0x04, 0xa3]),
    op("BYTE", YBYTE, PX, &[0x01]),
    op("CALL", YCALL, PX, &[0xff, 0x02, 0xff, 0x15, 0xe8]),
    op("CBW", YNONE, PE, &[0x98]),
    op("CDQ", YNONE, PX, &[0x99]),
    op("CDQE", YNONE, PW, &[0x98]),
    op("CLAC", YNONE, PM, &[0x01, 0xca]),
    op("CLC", YNONE, PX, &[0xf8]),
    op("CLD", YNONE, PX, &[0xfc]),
    op("CLDEMOTE", YCLFLUSH, PM, &[0x1c, 0x00]),
    op("CLFLUSH", YCLFLUSH, PM, &[0xae, 0x07]),
    op("CLFLUSHOPT", YCLFLUSH, PQ, &[0xae, 0x07]),
    op("CLI", YNONE, PX, &[0xfa]),
    op("CLTS", YNONE, PM, &[0x06]),
    op("CLWB", YCLFLUSH, PQ, &[0xae, 0x06]),
    op("CMC", YNONE, PX, &[0xf5]),
    op("CMOVLCC", YML_RL, PM, &[0x43]),
    op("CMOVLCS", YML_RL, PM, &[0x42]),
    op("CMOVLEQ", YML_RL, PM, &[0x44]),
    op("CMOVLGE", YML_RL, PM, &[0x4d]),
    op("CMOVLGT", YML_RL, PM, &[0x4f]),
    op("CMOVLHI", YML_RL, PM, &[0x47]),
    op("CMOVLLE", YML_RL, PM, &[0x4e]),
    op("CMOVLLS", YML_RL, PM, &[0x46]),
    op("CMOVLLT", YML_RL, PM, &[0x4c]),
    op("CMOVLMI", YML_RL, PM, &[0x48]),
    op("CMOVLNE", YML_RL, PM, &[0x45]),
    op("CMOVLOC", YML_RL, PM, &[0x41]),
    op("CMOVLOS", YML_RL, PM, &[0x40]),
    op("CMOVLPC", YML_RL, PM, &[0x4b]),
    op("CMOVLPL", YML_RL, PM, &[0x49]),
    op("CMOVLPS", YML_RL, PM, &[0x4a]),
    op("CMOVQCC", YML_RL, PW, &[0x0f, 0x43]),
    op("CMOVQCS", YML_RL, PW, &[0x0f, 0x42]),
    op("CMOVQEQ", YML_RL, PW, &[0x0f, 0x44]),
    op("CMOVQGE", YML_RL, PW, &[0x0f, 0x4d]),
    op("CMOVQGT", YML_RL, PW, &[0x0f, 0x4f]),
    op("CMOVQHI", YML_RL, PW, &[0x0f, 0x47]),
    op("CMOVQLE", YML_RL, PW, &[0x0f, 0x4e]),
    op("CMOVQLS", YML_RL, PW, &[0x0f, 0x46]),
    op("CMOVQLT", YML_RL, PW, &[0x0f, 0x4c]),
    op("CMOVQMI", YML_RL, PW, &[0x0f, 0x48]),
    op("CMOVQNE", YML_RL, PW, &[0x0f, 0x45]),
    op("CMOVQOC", YML_RL, PW, &[0x0f, 0x41]),
    op("CMOVQOS", YML_RL, PW, &[0x0f, 0x40]),
    op("CMOVQPC", YML_RL, PW, &[0x0f, 0x4b]),
    op("CMOVQPL", YML_RL, PW, &[0x0f, 0x49]),
    op("CMOVQPS", YML_RL, PW, &[0x0f, 0x4a]),
    op("CMOVWCC", YML_RL, PQ, &[0x43]),
    op("CMOVWCS", YML_RL, PQ, &[0x42]),
    op("CMOVWEQ", YML_RL, PQ, &[0x44]),
    op("CMOVWGE", YML_RL, PQ, &[0x4d]),
    op("CMOVWGT", YML_RL, PQ, &[0x4f]),
    op("CMOVWHI", YML_RL, PQ, &[0x47]),
    op("CMOVWLE", YML_RL, PQ, &[0x4e]),
    op("CMOVWLS", YML_RL, PQ, &[0x46]),
    op("CMOVWLT", YML_RL, PQ, &[0x4c]),
    op("CMOVWMI", YML_RL, PQ, &[0x48]),
    op("CMOVWNE", YML_RL, PQ, &[0x45]),
    op("CMOVWOC", YML_RL, PQ, &[0x41]),
    op("CMOVWOS", YML_RL, PQ, &[0x40]),
    op("CMOVWPC", YML_RL, PQ, &[0x4b]),
    op("CMOVWPL", YML_RL, PQ, &[0x49]),
    op("CMOVWPS", YML_RL, PQ, &[0x4a]),
    op("CMPB", YCMPB, PB, &[0x3c, 0x80, 0x07, 0x38, 0x3a]),
    op("CMPL", YCMPL, PX, &[0x83, 0x07, 0x3d, 0x81, 0x07, 0x39, 0x3b]),
    op("CMPPD", YXCMPI, PX, &[0x66, 0xc2]),
    op("CMPPS", YXCMPI, PM, &[0xc2, 0x00]),
    op("CMPQ", YCMPL, PW, &[0x83, 0x07, 0x3d, 0x81, 0x07, 0x39, 0x3b]),
    op("CMPSB", YNONE, PB, &[0xa6]),
    op("CMPSD", YXCMPI, PX, &[0xf2, 0xc2]),
    op("CMPSL", YNONE, PX, &[0xa7]),
    op("CMPSQ", YNONE, PW, &[0xa7]),
    op("CMPSS", YXCMPI, PX, &[0xf3, 0xc2]),
    op("CMPSW", YNONE, PE, &[0xa7]),
    op("CMPW", YCMPL, PE, &[0x83, 0x07, 0x3d, 0x81, 0x07, 0x39, 0x3b]),
    op("COMISD", YXM, PE, &[0x2f]),
    op("COMISS", YXM, PM, &[0x2f]),
    op("CPUID", YNONE, PM, &[0xa2]),
    op("CVTPL2PD", YXCVM2, PX, &[0xf3, 0xe6, 0x66, 0x2a]),
    op("CVTPL2PS", YXCVM2, PM, &[0x5b, 0x00, 0x2a, 0x00]),
    op("CVTPD2PL", YXCVM1, PX, &[0xf2, 0xe6, 0x66, 0x2d]),
    op("CVTPD2PS", YXM, PE, &[0x5a]),
    op("CVTPS2PL", YXCVM1, PX, &[0x66, 0x5b, 0x0f, 0x2d]),
    op("CVTPS2PD", YXM, PM, &[0x5a]),
    op("CVTSD2SL", YXCVFL, PF2, &[0x2d]),
    op("CVTSD2SQ", YXCVFQ, PW, &[0xf2, 0x2d]),
    op("CVTSD2SS", YXM, PF2, &[0x5a]),
    op("CVTSL2SD", YXCVLF, PF2, &[0x2a]),
    op("CVTSQ2SD", YXCVQF, PW, &[0xf2, 0x2a]),
    op("CVTSL2SS", YXCVLF, PF3, &[0x2a]),
    op("CVTSQ2SS", YXCVQF, PW, &[0xf3, 0x2a]),
    op("CVTSS2SD", YXM, PF3, &[0x5a]),
    op("CVTSS2SL", YXCVFL, PF3, &[0x2d]),
    op("CVTSS2SQ", YXCVFQ, PW, &[0xf3, 0x2d]),
    op("CVTTPD2PL", YXCVM1, PX, &[0x66, 0xe6, 0x66, 0x2c]),
    op("CVTTPS2PL", YXCVM1, PX, &[0xf3, 0x5b, 0x0f, 0x2c]),
    op("CVTTSD2SL", YXCVFL, PF2, &[0x2c]),
    op("CVTTSD2SQ", YXCVFQ, PW, &[0xf2, 0x2c]),
    op("CVTTSS2SL", YXCVFL, PF3, &[0x2c]),
    op("CVTTSS2SQ", YXCVFQ, PW, &[0xf3, 0x2c]),
    op("CWD", YNONE, PE, &[0x99]),
    op("CWDE", YNONE, PX, &[0x98]),
    op("CQO", YNONE, PW, &[0x99]),
    op("DAA", YNONE, P32, &[0x27]),
    op("DAS", YNONE, P32, &[0x2f]),
    op("DECB", YSCOND, PB, &[0xfe, 0x01]),
    op("DECL", YINCL, PX1, &[0x48, 0xff, 0x01]),
    op("DECQ", YINCQ, PW, &[0xff, 0x01]),
    op("DECW", YINCQ, PE, &[0xff, 0x01]),
    op("DIVB", YDIVB, PB, &[0xf6, 0x06]),
    op("DIVL", YDIVL, PX, &[0xf7, 0x06]),
    op("DIVPD", YXM, PE, &[0x5e]),
    op("DIVPS", YXM, PM, &[0x5e]),
    op("DIVQ", YDIVL, PW, &[0xf7, 0x06]),
    op("DIVSD", YXM, PF2, &[0x5e]),
    op("DIVSS", YXM, PF3, &[0x5e]),
    op("DIVW", YDIVL, PE, &[0xf7, 0x06]),
    op("DPPD", YXSHUF, PQ, &[0x3a, 0x41, 0x00]),
    op("DPPS", YXSHUF, PQ, &[0x3a, 0x40, 0x00]),
    op("EMMS", YNONE, PM, &[0x77]),
    op("EXTRACTPS", YEXTRACTPS, PQ, &[0x3a, 0x17, 0x00]),
    op("FXRSTOR", YSVRS_MO, PM, &[0xae, 0x01, 0xae, 0x01]),
    op("FXSAVE", YSVRS_OM, PM, &[0xae, 0x00, 0xae, 0x00]),
    op("FXRSTOR64", YSVRS_MO, PW, &[0x0f, 0xae, 0x01, 0x0f, 0xae, 0x01]),
    op("FXSAVE64", YSVRS_OM, PW, &[0x0f, 0xae, 0x00, 0x0f, 0xae, 0x00]),
    op("HLT", YNONE, PX, &[0xf4]),
    op("IDIVB", YDIVB, PB, &[0xf6, 0x07]),
    op("IDIVL", YDIVL, PX, &[0xf7, 0x07]),
    op("IDIVQ", YDIVL, PW, &[0xf7, 0x07]),
    op("IDIVW", YDIVL, PE, &[0xf7, 0x07]),
    op("IMULB", YDIVB, PB, &[0xf6, 0x05]),
    op("IMULL", YIMUL, PX, &[0xf7, 0x05, 0x6b, 0x69, 0x0f, 0xaf]),
    op("IMULQ", YIMUL, PW, &[0xf7, 0x05, 0x6b, 0x69, 0x0f, 0xaf]),
    op("IMULW", YIMUL, PE, &[0xf7, 0x05, 0x6b, 0x69, 0x0f, 0xaf]),
    op("IMUL3W", YIMUL3, PE, &[0x6b, 0x00, 0x69, 0x00]),
    op("IMUL3L", YIMUL3, PX, &[0x6b, 0x00, 0x69, 0x00]),
    op("IMUL3Q", YIMUL3, PW, &[0x6b, 0x00, 0x69, 0x00]),
    op("INB", YIN, PB, &[0xe4, 0xec]),
    op("INW", YIN, PE, &[0xe5, 0xed]),
    op("INL", YIN, PX, &[0xe5, 0xed]),
    op("INCB", YSCOND, PB, &[0xfe, 0x00]),
    op("INCL", YINCL, PX1, &[0x40, 0xff, 0x00]),
    op("INCQ", YINCQ, PW, &[0xff, 0x00]),
    op("INCW", YINCQ, PE, &[0xff, 0x00]),
    op("INSB", YNONE, PB, &[0x6c]),
    op("INSL", YNONE, PX, &[0x6d]),
    op("INSERTPS", YXSHUF, PQ, &[0x3a, 0x21, 0x00]),
    op("INSW", YNONE, PE, &[0x6d]),
    op("ICEBP", YNONE, PX, &[0xf1]),
    op("INT", YINT, PX, &[0xcd]),
    op("INTO", YNONE, P32, &[0xce]),
    op("IRETL", YNONE, PX, &[0xcf]),
    op("IRETQ", YNONE, PW, &[0xcf]),
    op("IRETW", YNONE, PE, &[0xcf]),
    op("JCC", YJCOND, PX, &[0x73, 0x83, 0x00]),
    op("JCS", YJCOND, PX, &[0x72, 0x82]),
    op("JCXZL", YLOOP, PX, &[0xe3]),
    op("JCXZW", YLOOP, PX, &[0xe3]),
    op("JCXZQ", YLOOP, PX, &[0xe3]),
    op("JEQ", YJCOND, PX, &[0x74, 0x84]),
    op("JGE", YJCOND, PX, &[0x7d, 0x8d]),
    op("JGT", YJCOND, PX, &[0x7f, 0x8f]),
    op("JHI", YJCOND, PX, &[0x77, 0x87]),
    op("JLE", YJCOND, PX, &[0x7e, 0x8e]),
    op("JLS", YJCOND, PX, &[0x76, 0x86]),
    op("JLT", YJCOND, PX, &[0x7c, 0x8c]),
    op("JMI", YJCOND, PX, &[0x78, 0x88]),
    op("JMP", YJMP, PX, &[0xff, 0x04, 0xeb, 0xe9]),
    op("JNE", YJCOND, PX, &[0x75, 0x85]),
    op("JOC", YJCOND, PX, &[0x71, 0x81, 0x00]),
    op("JOS", YJCOND, PX, &[0x70, 0x80, 0x00]),
    op("JPC", YJCOND, PX, &[0x7b, 0x8b]),
    op("JPL", YJCOND, PX, &[0x79, 0x89]),
    op("JPS", YJCOND, PX, &[0x7a, 0x8a]),
    op("HADDPD", YXM, PQ, &[0x7c]),
    op("HADDPS", YXM, PF2, &[0x7c]),
    op("HSUBPD", YXM, PQ, &[0x7d]),
    op("HSUBPS", YXM, PF2, &[0x7d]),
    op("LAHF", YNONE, PX, &[0x9f]),
    op("LARL", YML_RL, PM, &[0x02]),
    op("LARQ", YML_RL, PW, &[0x0f, 0x02]),
    op("LARW", YML_RL, PQ, &[0x02]),
    op("LDDQU", YLDDQU, PF2, &[0xf0]),
    op("LDMXCSR", YSVRS_MO, PM, &[0xae, 0x02, 0xae, 0x02]),
    op("LEAL", YM_RL, PX, &[0x8d]),
    op("LEAQ", YM_RL, PW, &[0x8d]),
    op("LEAVEL", YNONE, P32, &[0xc9]),
    op("LEAVEQ", YNONE, PY, &[0xc9]),
    op("LEAVEW", YNONE, PE, &[0xc9]),
    op("LEAW", YM_RL, PE, &[0x8d]),
    op("LOCK", YNONE, PX, &[0xf0]),
    op("LODSB", YNONE, PB, &[0xac]),
    op("LODSL", YNONE, PX, &[0xad]),
    op("LODSQ", YNONE, PW, &[0xad]),
    op("LODSW", YNONE, PE, &[0xad]),
    op("LONG", YBYTE, PX, &[0x04]),
    op("LOOP", YLOOP, PX, &[0xe2]),
    op("LOOPEQ", YLOOP, PX, &[0xe1]),
    op("LOOPNE", YLOOP, PX, &[0xe0]),
    op("LTR", YDIVL, PM, &[0x00, 0x03]),
    op("LZCNTL", YML_RL, PF3, &[0xbd]),
    op("LZCNTQ", YML_RL, PFW, &[0xbd]),
    op("LZCNTW", YML_RL, PEF3, &[0xbd]),
    op("LSLL", YML_RL, PM, &[0x03]),
    op("LSLW", YML_RL, PQ, &[0x03]),
    op("LSLQ", YML_RL, PW, &[0x0f, 0x03]),
    op("MASKMOVOU", YXR, PE, &[0xf7]),
    op("MASKMOVQ", YMR, PM, &[0xf7]),
    op("MAXPD", YXM, PE, &[0x5f]),
    op("MAXPS", YXM, PM, &[0x5f]),
    op("MAXSD", YXM, PF2, &[0x5f]),
    op("MAXSS", YXM, PF3, &[0x5f]),
    op("MINPD", YXM, PE, &[0x5d]),
    op("MINPS", YXM, PM, &[0x5d]),
    op("MINSD", YXM, PF2, &[0x5d]),
    op("MINSS", YXM, PF3, &[0x5d]),
    op("MONITOR", YNONE, PX, &[0x0f, 0x01, 0xc8, 0x00]),
    op("MWAIT", YNONE, PX, &[0x0f, 0x01, 0xc9, 0x00]),
    op("MOVAPD", YXMOV, PE, &[0x28, 0x29]),
    op("MOVAPS", YXMOV, PM, &[0x28, 0x29]),
    op("MOVB", YMOVB, PB, &[0x88, 0x8a, 0xb0, 0xc6, 0x00]),
    op("MOVBLSX", YMB_RL, PM, &[0xbe]),
    op("MOVBLZX", YMB_RL, PM, &[0xb6]),
    op("MOVBQSX", YMB_RL, PW, &[0x0f, 0xbe]),
    op("MOVBQZX", YMB_RL, PW, &[0x0f, 0xb6]),
    op("MOVBWSX", YMB_RL, PQ, &[0xbe]),
    op("MOVSWW", YMB_RL, PE, &[0x0f, 0xbf]),
    op("MOVBWZX", YMB_RL, PQ, &[0xb6]),
    op("MOVZWW", YMB_RL, PE, &[0x0f, 0xb7]),
    op("MOVO", YXMOV, PE, &[0x6f, 0x7f]),
    op("MOVOU", YXMOV, PF3, &[0x6f, 0x7f]),
    op("MOVHLPS", YXR, PM, &[0x12]),
    op("MOVHPD", YXMOV, PE, &[0x16, 0x17]),
    op("MOVHPS", YXMOV, PM, &[0x16, 0x17]),
    op("MOVL", YMOVL, PX, &[0x89, 0x8b, 0xb8, 0xc7, 0x00, 0x6e, 0x7e, 0x66, 0x6e, 0x66, 0x7e, 0x00]),
    op("MOVLHPS", YXR, PM, &[0x16]),
    op("MOVLPD", YXMOV, PE, &[0x12, 0x13]),
    op("MOVLPS", YXMOV, PM, &[0x12, 0x13]),
    op("MOVLQSX", YML_RL, PW, &[0x63]),
    op("MOVLQZX", YML_RL, PX, &[0x8b]),
    op("MOVMSKPD", YXRRL, PQ, &[0x50]),
    op("MOVMSKPS", YXRRL, PM, &[0x50]),
    op("MOVNTO", YXR_ML, PE, &[0xe7]),
    op("MOVNTDQA", YLDDQU, PQ4, &[0x2a]),
    op("MOVNTPD", YXR_ML, PE, &[0x2b]),
    op("MOVNTPS", YXR_ML, PM, &[0x2b]),
    op("MOVNTQ", YMR_ML, PM, &[0xe7]),
    op(
        "MOVQ",
        YMOVQ,
        PW8,
        &[
            0x6f, 0x7f, 0xf2, 0xd6, 0xf3, 0x7e, 0x66, 0xd6, 0x89, 0x8b, 0xc7, 0x00, 0xb8, 0xc7, 0x00, 0x6e, 0x7e, 0x66,
            0x6e, 0x66, 0x7e, 0x00,
        ],
    ),
    op("MOVQOZX", YMRXR, PF3, &[0xd6, 0x7e]),
    op("MOVSB", YNONE, PB, &[0xa4]),
    op("MOVSD", YXMOV, PF2, &[0x10, 0x11]),
    op("MOVSL", YNONE, PX, &[0xa5]),
    op("MOVSQ", YNONE, PW, &[0xa5]),
    op("MOVSS", YXMOV, PF3, &[0x10, 0x11]),
    op("MOVSW", YNONE, PE, &[0xa5]),
    op("MOVUPD", YXMOV, PE, &[0x10, 0x11]),
    op("MOVUPS", YXMOV, PM, &[0x10, 0x11]),
    op("MOVW", YMOVW, PE, &[0x89, 0x8b, 0xb8, 0xc7, 0x00, 0x00]),
    op("MOVWLSX", YML_RL, PM, &[0xbf]),
    op("MOVWLZX", YML_RL, PM, &[0xb7]),
    op("MOVWQSX", YML_RL, PW, &[0x0f, 0xbf]),
    op("MOVWQZX", YML_RL, PW, &[0x0f, 0xb7]),
    op("MPSADBW", YXSHUF, PQ, &[0x3a, 0x42, 0x00]),
    op("MULB", YDIVB, PB, &[0xf6, 0x04]),
    op("MULL", YDIVL, PX, &[0xf7, 0x04]),
    op("MULPD", YXM, PE, &[0x59]),
    op("MULPS", YXM, PX /* Go: Ym (no prefix) */, &[0x59]),
    op("MULQ", YDIVL, PW, &[0xf7, 0x04]),
    op("MULSD", YXM, PF2, &[0x59]),
    op("MULSS", YXM, PF3, &[0x59]),
    op("MULW", YDIVL, PE, &[0xf7, 0x04]),
    op("NEGB", YSCOND, PB, &[0xf6, 0x03]),
    op("NEGL", YSCOND, PX, &[0xf7, 0x03]),
    op("NEGQ", YSCOND, PW, &[0xf7, 0x03]),
    op("NEGW", YSCOND, PE, &[0xf7, 0x03]),
    op("NOP", YNOP, PX, &[0x00, 0x00]),
    op("NOTB", YSCOND, PB, &[0xf6, 0x02]),
    op("NOTL", YSCOND, PX, &[0xf7, 0x02]),
    op("NOTQ", YSCOND, PW, &[0xf7, 0x02]),
    op("NOTW", YSCOND, PE, &[0xf7, 0x02]),
    op("ORB", YXORB, PB, &[0x0c, 0x80, 0x01, 0x08, 0x0a]),
    op("ORL", YADDL, PX, &[0x83, 0x01, 0x0d, 0x81, 0x01, 0x09, 0x0b]),
    op("ORPD", YXM, PQ, &[0x56]),
    op("ORPS", YXM, PM, &[0x56]),
    op("ORQ", YADDL, PW, &[0x83, 0x01, 0x0d, 0x81, 0x01, 0x09, 0x0b]),
    op("ORW", YADDL, PE, &[0x83, 0x01, 0x0d, 0x81, 0x01, 0x09, 0x0b]),
    op("OUTB", YIN, PB, &[0xe6, 0xee]),
    op("OUTL", YIN, PX, &[0xe7, 0xef]),
    op("OUTW", YIN, PE, &[0xe7, 0xef]),
    op("OUTSB", YNONE, PB, &[0x6e]),
    op("OUTSL", YNONE, PX, &[0x6f]),
    op("OUTSW", YNONE, PE, &[0x6f]),
    op("PABSB", YXM_Q4, PQ4, &[0x1c]),
    op("PABSD", YXM_Q4, PQ4, &[0x1e]),
    op("PABSW", YXM_Q4, PQ4, &[0x1d]),
    op("PACKSSLW", YMM, PY1, &[0x6b, 0x66, 0x6b]),
    op("PACKSSWB", YMM, PY1, &[0x63, 0x66, 0x63]),
    op("PACKUSDW", YXM_Q4, PQ4, &[0x2b]),
    op("PACKUSWB", YMM, PY1, &[0x67, 0x66, 0x67]),
    op("PADDB", YMM, PY1, &[0xfc, 0x66, 0xfc]),
    op("PADDL", YMM, PY1, &[0xfe, 0x66, 0xfe]),
    op("PADDQ", YXM, PE, &[0xd4]),
    op("PADDSB", YMM, PY1, &[0xec, 0x66, 0xec]),
    op("PADDSW", YMM, PY1, &[0xed, 0x66, 0xed]),
    op("PADDUSB", YMM, PY1, &[0xdc, 0x66, 0xdc]),
    op("PADDUSW", YMM, PY1, &[0xdd, 0x66, 0xdd]),
    op("PADDW", YMM, PY1, &[0xfd, 0x66, 0xfd]),
    op("PALIGNR", YPALIGNR, PQ, &[0x3a, 0x0f]),
    op("PAND", YMM, PY1, &[0xdb, 0x66, 0xdb]),
    op("PANDN", YMM, PY1, &[0xdf, 0x66, 0xdf]),
    op("PAUSE", YNONE, PX, &[0xf3, 0x90]),
    op("PAVGB", YMM, PY1, &[0xe0, 0x66, 0xe0]),
    op("PAVGW", YMM, PY1, &[0xe3, 0x66, 0xe3]),
    op("PBLENDW", YXSHUF, PQ, &[0x3a, 0x0e, 0x00]),
    op("PCMPEQB", YMM, PY1, &[0x74, 0x66, 0x74]),
    op("PCMPEQL", YMM, PY1, &[0x76, 0x66, 0x76]),
    op("PCMPEQQ", YXM_Q4, PQ4, &[0x29]),
    op("PCMPEQW", YMM, PY1, &[0x75, 0x66, 0x75]),
    op("PCMPGTB", YMM, PY1, &[0x64, 0x66, 0x64]),
    op("PCMPGTL", YMM, PY1, &[0x66, 0x66, 0x66]),
    op("PCMPGTQ", YXM_Q4, PQ4, &[0x37]),
    op("PCMPGTW", YMM, PY1, &[0x65, 0x66, 0x65]),
    op("PCMPISTRI", YXSHUF, PQ, &[0x3a, 0x63, 0x00]),
    op("PCMPISTRM", YXSHUF, PQ, &[0x3a, 0x62, 0x00]),
    op("PEXTRW", YEXTRW, PQ, &[0xc5, 0x00, 0x3a, 0x15, 0x00]),
    op("PEXTRB", YEXTR, PQ, &[0x3a, 0x14, 0x00]),
    op("PEXTRD", YEXTR, PQ, &[0x3a, 0x16, 0x00]),
    op("PEXTRQ", YEXTR, PQ3, &[0x3a, 0x16, 0x00]),
    op("PHADDD", YMMXMM0F38, PX, &[0x0f, 0x38, 0x02, 0x00, 0x66, 0x0f, 0x38, 0x02, 0x00]),
    op("PHADDSW", YXM_Q4, PQ4, &[0x03]),
    op("PHADDW", YXM_Q4, PQ4, &[0x01]),
    op("PHMINPOSUW", YXM_Q4, PQ4, &[0x41]),
    op("PHSUBD", YXM_Q4, PQ4, &[0x06]),
    op("PHSUBSW", YXM_Q4, PQ4, &[0x07]),
    op("PHSUBW", YXM_Q4, PQ4, &[0x05]),
    op("PINSRW", YINSRW, PQ, &[0xc4, 0x00]),
    op("PINSRB", YINSR, PQ, &[0x3a, 0x20, 0x00]),
    op("PINSRD", YINSR, PQ, &[0x3a, 0x22, 0x00]),
    op("PINSRQ", YINSR, PQ3, &[0x3a, 0x22, 0x00]),
    op("PMADDUBSW", YXM_Q4, PQ4, &[0x04]),
    op("PMADDWL", YMM, PY1, &[0xf5, 0x66, 0xf5]),
    op("PMAXSB", YXM_Q4, PQ4, &[0x3c]),
    op("PMAXSD", YXM_Q4, PQ4, &[0x3d]),
    op("PMAXSW", YXM, PE, &[0xee]),
    op("PMAXUB", YXM, PE, &[0xde]),
    op("PMAXUD", YXM_Q4, PQ4, &[0x3f]),
    op("PMAXUW", YXM_Q4, PQ4, &[0x3e]),
    op("PMINSB", YXM_Q4, PQ4, &[0x38]),
    op("PMINSD", YXM_Q4, PQ4, &[0x39]),
    op("PMINSW", YXM, PE, &[0xea]),
    op("PMINUB", YXM, PE, &[0xda]),
    op("PMINUD", YXM_Q4, PQ4, &[0x3b]),
    op("PMINUW", YXM_Q4, PQ4, &[0x3a]),
    op("PMOVMSKB", YMSKB, PX, &[0x66, 0xd7, 0xd7]),
    op("PMOVSXBD", YXM_Q4, PQ4, &[0x21]),
    op("PMOVSXBQ", YXM_Q4, PQ4, &[0x22]),
    op("PMOVSXBW", YXM_Q4, PQ4, &[0x20]),
    op("PMOVSXDQ", YXM_Q4, PQ4, &[0x25]),
    op("PMOVSXWD", YXM_Q4, PQ4, &[0x23]),
    op("PMOVSXWQ", YXM_Q4, PQ4, &[0x24]),
    op("PMOVZXBD", YXM_Q4, PQ4, &[0x31]),
    op("PMOVZXBQ", YXM_Q4, PQ4, &[0x32]),
    op("PMOVZXBW", YXM_Q4, PQ4, &[0x30]),
    op("PMOVZXDQ", YXM_Q4, PQ4, &[0x35]),
    op("PMOVZXWD", YXM_Q4, PQ4, &[0x33]),
    op("PMOVZXWQ", YXM_Q4, PQ4, &[0x34]),
    op("PMULDQ", YXM_Q4, PQ4, &[0x28]),
    op("PMULHRSW", YXM_Q4, PQ4, &[0x0b]),
    op("PMULHUW", YMM, PY1, &[0xe4, 0x66, 0xe4]),
    op("PMULHW", YMM, PY1, &[0xe5, 0x66, 0xe5]),
    op("PMULLD", YXM_Q4, PQ4, &[0x40]),
    op("PMULLW", YMM, PY1, &[0xd5, 0x66, 0xd5]),
    op("PMULULQ", YMM, PY1, &[0xf4, 0x66, 0xf4]),
    op("POPAL", YNONE, P32, &[0x61]),
    op("POPAW", YNONE, PE, &[0x61]),
    op("POPCNTW", YML_RL, PEF3, &[0xb8]),
    op("POPCNTL", YML_RL, PF3, &[0xb8]),
    op("POPCNTQ", YML_RL, PFW, &[0xb8]),
    op("POPFL", YNONE, P32, &[0x9d]),
    op("POPFQ", YNONE, PY, &[0x9d]),
    op("POPFW", YNONE, PE, &[0x9d]),
    op("POPL", YPOPL, P32, &[0x58, 0x8f, 0x00]),
    op("POPQ", YPOPL, PY, &[0x58, 0x8f, 0x00]),
    op("POPW", YPOPL, PE, &[0x58, 0x8f, 0x00]),
    op("POR", YMM, PY1, &[0xeb, 0x66, 0xeb]),
    op("PSADBW", YXM, PQ, &[0xf6]),
    op("PSHUFHW", YXSHUF, PF3, &[0x70, 0x00]),
    op("PSHUFL", YXSHUF, PQ, &[0x70, 0x00]),
    op("PSHUFLW", YXSHUF, PF2, &[0x70, 0x00]),
    op("PSHUFW", YMSHUF, PM, &[0x70, 0x00]),
    op("PSHUFB", YMSHUFB, PQ, &[0x38, 0x00]),
    op("PSIGNB", YXM_Q4, PQ4, &[0x08]),
    op("PSIGND", YXM_Q4, PQ4, &[0x0a]),
    op("PSIGNW", YXM_Q4, PQ4, &[0x09]),
    op("PSLLO", YPSDQ, PQ, &[0x73, 0x07]),
    op("PSLLL", YPS, PY3, &[0xf2, 0x72, 0x06, 0x66, 0xf2, 0x66, 0x72, 0x06]),
    op("PSLLQ", YPS, PY3, &[0xf3, 0x73, 0x06, 0x66, 0xf3, 0x66, 0x73, 0x06]),
    op("PSLLW", YPS, PY3, &[0xf1, 0x71, 0x06, 0x66, 0xf1, 0x66, 0x71, 0x06]),
    op("PSRAL", YPS, PY3, &[0xe2, 0x72, 0x04, 0x66, 0xe2, 0x66, 0x72, 0x04]),
    op("PSRAW", YPS, PY3, &[0xe1, 0x71, 0x04, 0x66, 0xe1, 0x66, 0x71, 0x04]),
    op("PSRLO", YPSDQ, PQ, &[0x73, 0x03]),
    op("PSRLL", YPS, PY3, &[0xd2, 0x72, 0x02, 0x66, 0xd2, 0x66, 0x72, 0x02]),
    op("PSRLQ", YPS, PY3, &[0xd3, 0x73, 0x02, 0x66, 0xd3, 0x66, 0x73, 0x02]),
    op("PSRLW", YPS, PY3, &[0xd1, 0x71, 0x02, 0x66, 0xd1, 0x66, 0x71, 0x02]),
    op("PSUBB", YXM, PE, &[0xf8]),
    op("PSUBL", YXM, PE, &[0xfa]),
    op("PSUBQ", YXM, PE, &[0xfb]),
    op("PSUBSB", YXM, PE, &[0xe8]),
    op("PSUBSW", YXM, PE, &[0xe9]),
    op("PSUBUSB", YXM, PE, &[0xd8]),
    op("PSUBUSW", YXM, PE, &[0xd9]),
    op("PSUBW", YXM, PE, &[0xf9]),
    op("PTEST", YXM_Q4, PQ4, &[0x17]),
    op("PUNPCKHBW", YMM, PY1, &[0x68, 0x66, 0x68]),
    op("PUNPCKHLQ", YMM, PY1, &[0x6a, 0x66, 0x6a]),
    op("PUNPCKHQDQ", YXM, PE, &[0x6d]),
    op("PUNPCKHWL", YMM, PY1, &[0x69, 0x66, 0x69]),
    op("PUNPCKLBW", YMM, PY1, &[0x60, 0x66, 0x60]),
    op("PUNPCKLLQ", YMM, PY1, &[0x62, 0x66, 0x62]),
    op("PUNPCKLQDQ", YXM, PE, &[0x6c]),
    op("PUNPCKLWL", YMM, PY1, &[0x61, 0x66, 0x61]),
    op("PUSHAL", YNONE, P32, &[0x60]),
    op("PUSHAW", YNONE, PE, &[0x60]),
    op("PUSHFL", YNONE, P32, &[0x9c]),
    op("PUSHFQ", YNONE, PY, &[0x9c]),
    op("PUSHFW", YNONE, PE, &[0x9c]),
    op("PUSHL", YPUSHL, P32, &[0x50, 0xff, 0x06, 0x6a, 0x68]),
    op("PUSHQ", YPUSHL, PY, &[0x50, 0xff, 0x06, 0x6a, 0x68]),
    op("PUSHW", YPUSHL, PE, &[0x50, 0xff, 0x06, 0x6a, 0x68]),
    op("PXOR", YMM, PY1, &[0xef, 0x66, 0xef]),
    op("QUAD", YBYTE, PX, &[0x08]),
    op("RCLB", YSHB, PB, &[0xd0, 0x02, 0xc0, 0x02, 0xd2, 0x02]),
    op("RCLL", YSHL, PX, &[0xd1, 0x02, 0xc1, 0x02, 0xd3, 0x02, 0xd3, 0x02]),
    op("RCLQ", YSHL, PW, &[0xd1, 0x02, 0xc1, 0x02, 0xd3, 0x02, 0xd3, 0x02]),
    op("RCLW", YSHL, PE, &[0xd1, 0x02, 0xc1, 0x02, 0xd3, 0x02, 0xd3, 0x02]),
    op("RCPPS", YXM, PM, &[0x53]),
    op("RCPSS", YXM, PF3, &[0x53]),
    op("RCRB", YSHB, PB, &[0xd0, 0x03, 0xc0, 0x03, 0xd2, 0x03]),
    op("RCRL", YSHL, PX, &[0xd1, 0x03, 0xc1, 0x03, 0xd3, 0x03, 0xd3, 0x03]),
    op("RCRQ", YSHL, PW, &[0xd1, 0x03, 0xc1, 0x03, 0xd3, 0x03, 0xd3, 0x03]),
    op("RCRW", YSHL, PE, &[0xd1, 0x03, 0xc1, 0x03, 0xd3, 0x03, 0xd3, 0x03]),
    op("REP", YNONE, PX, &[0xf3]),
    op("REPN", YNONE, PX, &[0xf2]),
    op("RET", YNONE, PX, &[0xc3]),
    op("RETFW", YRET, PE, &[0xcb, 0xca]),
    op("RETFL", YRET, PX, &[0xcb, 0xca]),
    op("RETFQ", YRET, PW, &[0xcb, 0xca]),
    op("ROLB", YSHB, PB, &[0xd0, 0x00, 0xc0, 0x00, 0xd2, 0x00]),
    op("ROLL", YSHL, PX, &[0xd1, 0x00, 0xc1, 0x00, 0xd3, 0x00, 0xd3, 0x00]),
    op("ROLQ", YSHL, PW, &[0xd1, 0x00, 0xc1, 0x00, 0xd3, 0x00, 0xd3, 0x00]),
    op("ROLW", YSHL, PE, &[0xd1, 0x00, 0xc1, 0x00, 0xd3, 0x00, 0xd3, 0x00]),
    op("RORB", YSHB, PB, &[0xd0, 0x01, 0xc0, 0x01, 0xd2, 0x01]),
    op("RORL", YSHL, PX, &[0xd1, 0x01, 0xc1, 0x01, 0xd3, 0x01, 0xd3, 0x01]),
    op("RORQ", YSHL, PW, &[0xd1, 0x01, 0xc1, 0x01, 0xd3, 0x01, 0xd3, 0x01]),
    op("RORW", YSHL, PE, &[0xd1, 0x01, 0xc1, 0x01, 0xd3, 0x01, 0xd3, 0x01]),
    op("RSQRTPS", YXM, PM, &[0x52]),
    op("RSQRTSS", YXM, PF3, &[0x52]),
    op("SAHF", YNONE, PX, &[0x9e, 0x00, 0x86, 0xe0, 0x50, 0x9d]),
    op("SALB", YSHB, PB, &[0xd0, 0x04, 0xc0, 0x04, 0xd2, 0x04]),
    op("SALL", YSHL, PX, &[0xd1, 0x04, 0xc1, 0x04, 0xd3, 0x04, 0xd3, 0x04]),
    op("SALQ", YSHL, PW, &[0xd1, 0x04, 0xc1, 0x04, 0xd3, 0x04, 0xd3, 0x04]),
    op("SALW", YSHL, PE, &[0xd1, 0x04, 0xc1, 0x04, 0xd3, 0x04, 0xd3, 0x04]),
    op("SARB", YSHB, PB, &[0xd0, 0x07, 0xc0, 0x07, 0xd2, 0x07]),
    op("SARL", YSHL, PX, &[0xd1, 0x07, 0xc1, 0x07, 0xd3, 0x07, 0xd3, 0x07]),
    op("SARQ", YSHL, PW, &[0xd1, 0x07, 0xc1, 0x07, 0xd3, 0x07, 0xd3, 0x07]),
    op("SARW", YSHL, PE, &[0xd1, 0x07, 0xc1, 0x07, 0xd3, 0x07, 0xd3, 0x07]),
    op("SBBB", YXORB, PB, &[0x1c, 0x80, 0x03, 0x18, 0x1a]),
    op("SBBL", YADDL, PX, &[0x83, 0x03, 0x1d, 0x81, 0x03, 0x19, 0x1b]),
    op("SBBQ", YADDL, PW, &[0x83, 0x03, 0x1d, 0x81, 0x03, 0x19, 0x1b]),
    op("SBBW", YADDL, PE, &[0x83, 0x03, 0x1d, 0x81, 0x03, 0x19, 0x1b]),
    op("SCASB", YNONE, PB, &[0xae]),
    op("SCASL", YNONE, PX, &[0xaf]),
    op("SCASQ", YNONE, PW, &[0xaf]),
    op("SCASW", YNONE, PE, &[0xaf]),
    op("SETCC", YSCOND, PB, &[0x0f, 0x93, 0x00]),
    op("SETCS", YSCOND, PB, &[0x0f, 0x92, 0x00]),
    op("SETEQ", YSCOND, PB, &[0x0f, 0x94, 0x00]),
    op("SETGE", YSCOND, PB, &[0x0f, 0x9d, 0x00]),
    op("SETGT", YSCOND, PB, &[0x0f, 0x9f, 0x00]),
    op("SETHI", YSCOND, PB, &[0x0f, 0x97, 0x00]),
    op("SETLE", YSCOND, PB, &[0x0f, 0x9e, 0x00]),
    op("SETLS", YSCOND, PB, &[0x0f, 0x96, 0x00]),
    op("SETLT", YSCOND, PB, &[0x0f, 0x9c, 0x00]),
    op("SETMI", YSCOND, PB, &[0x0f, 0x98, 0x00]),
    op("SETNE", YSCOND, PB, &[0x0f, 0x95, 0x00]),
    op("SETOC", YSCOND, PB, &[0x0f, 0x91, 0x00]),
    op("SETOS", YSCOND, PB, &[0x0f, 0x90, 0x00]),
    op("SETPC", YSCOND, PB, &[0x0f, 0x9b, 0x00]),
    op("SETPL", YSCOND, PB, &[0x0f, 0x99, 0x00]),
    op("SETPS", YSCOND, PB, &[0x0f, 0x9a, 0x00]),
    op("SHLB", YSHB, PB, &[0xd0, 0x04, 0xc0, 0x04, 0xd2, 0x04]),
    op("SHLL", YSHL, PX, &[0xd1, 0x04, 0xc1, 0x04, 0xd3, 0x04, 0xd3, 0x04]),
    op("SHLQ", YSHL, PW, &[0xd1, 0x04, 0xc1, 0x04, 0xd3, 0x04, 0xd3, 0x04]),
    op("SHLW", YSHL, PE, &[0xd1, 0x04, 0xc1, 0x04, 0xd3, 0x04, 0xd3, 0x04]),
    op("SHRB", YSHB, PB, &[0xd0, 0x05, 0xc0, 0x05, 0xd2, 0x05]),
    op("SHRL", YSHL, PX, &[0xd1, 0x05, 0xc1, 0x05, 0xd3, 0x05, 0xd3, 0x05]),
    op("SHRQ", YSHL, PW, &[0xd1, 0x05, 0xc1, 0x05, 0xd3, 0x05, 0xd3, 0x05]),
    op("SHRW", YSHL, PE, &[0xd1, 0x05, 0xc1, 0x05, 0xd3, 0x05, 0xd3, 0x05]),
    op("SHUFPD", YXSHUF, PQ, &[0xc6, 0x00]),
    op("SHUFPS", YXSHUF, PM, &[0xc6, 0x00]),
    op("SQRTPD", YXM, PE, &[0x51]),
    op("SQRTPS", YXM, PM, &[0x51]),
    op("SQRTSD", YXM, PF2, &[0x51]),
    op("SQRTSS", YXM, PF3, &[0x51]),
    op("STC", YNONE, PX, &[0xf9]),
    op("STD", YNONE, PX, &[0xfd]),
    op("STI", YNONE, PX, &[0xfb]),
    op("STMXCSR", YSVRS_OM, PM, &[0xae, 0x03, 0xae, 0x03]),
    op("STOSB", YNONE, PB, &[0xaa]),
    op("STOSL", YNONE, PX, &[0xab]),
    op("STOSQ", YNONE, PW, &[0xab]),
    op("STOSW", YNONE, PE, &[0xab]),
    op("SUBB", YXORB, PB, &[0x2c, 0x80, 0x05, 0x28, 0x2a]),
    op("SUBL", YADDL, PX, &[0x83, 0x05, 0x2d, 0x81, 0x05, 0x29, 0x2b]),
    op("SUBPD", YXM, PE, &[0x5c]),
    op("SUBPS", YXM, PM, &[0x5c]),
    op("SUBQ", YADDL, PW, &[0x83, 0x05, 0x2d, 0x81, 0x05, 0x29, 0x2b]),
    op("SUBSD", YXM, PF2, &[0x5c]),
    op("SUBSS", YXM, PF3, &[0x5c]),
    op("SUBW", YADDL, PE, &[0x83, 0x05, 0x2d, 0x81, 0x05, 0x29, 0x2b]),
    op("SWAPGS", YNONE, PM, &[0x01, 0xf8]),
    op("SYSCALL", YNONE, PX, &[0x0f, 0x05]),
    op("TESTB", YXORB, PB, &[0xa8, 0xf6, 0x00, 0x84, 0x84]),
    op("TESTL", YTESTL, PX, &[0xa9, 0xf7, 0x00, 0x85, 0x85]),
    op("TESTQ", YTESTL, PW, &[0xa9, 0xf7, 0x00, 0x85, 0x85]),
    op("TESTW", YTESTL, PE, &[0xa9, 0xf7, 0x00, 0x85, 0x85]),
    op("TPAUSE", YWRFSBASE, PQ, &[0xae, 0x06]),
    op("UCOMISD", YXM, PE, &[0x2e]),
    op("UCOMISS", YXM, PM, &[0x2e]),
    op("UNPCKHPD", YXM, PE, &[0x15]),
    op("UNPCKHPS", YXM, PM, &[0x15]),
    op("UNPCKLPD", YXM, PE, &[0x14]),
    op("UNPCKLPS", YXM, PM, &[0x14]),
    op("UMONITOR", YWRFSBASE, PF3, &[0xae, 0x06]),
    op("VERR", YDIVL, PM, &[0x00, 0x04]),
    op("VERW", YDIVL, PM, &[0x00, 0x05]),
    op("WAIT", YNONE, PX, &[0x9b]),
    op("WORD", YBYTE, PX, &[0x02]),
    op("XCHGB", YML_MB, PB, &[0x86, 0x86]),
    op("XCHGL", YXCHG, PX, &[0x90, 0x90, 0x87, 0x87]),
    op("XCHGQ", YXCHG, PW, &[0x90, 0x90, 0x87, 0x87]),
    op("XCHGW", YXCHG, PE, &[0x90, 0x90, 0x87, 0x87]),
    op("XLAT", YNONE, PX, &[0xd7]),
    op("XORB", YXORB, PB, &[0x34, 0x80, 0x06, 0x30, 0x32]),
    op("XORL", YADDL, PX, &[0x83, 0x06, 0x35, 0x81, 0x06, 0x31, 0x33]),
    op("XORPD", YXM, PE, &[0x57]),
    op("XORPS", YXM, PM, &[0x57]),
    op("XORQ", YADDL, PW, &[0x83, 0x06, 0x35, 0x81, 0x06, 0x31, 0x33]),
    op("XORW", YADDL, PE, &[0x83, 0x06, 0x35, 0x81, 0x06, 0x31, 0x33]),
    op("FMOVB", YFMVX, PX, &[0xdf, 0x04]),
    op("FMOVBP", YFMVP, PX, &[0xdf, 0x06]),
    op("FMOVD", YFMVD, PX, &[0xdd, 0x00, 0xdd, 0x02, 0xd9, 0x00, 0xdd, 0x02]),
    op("FMOVDP", YFMVDP, PX, &[0xdd, 0x03, 0xdd, 0x03]),
    op("FMOVF", YFMVF, PX, &[0xd9, 0x00, 0xd9, 0x02]),
    op("FMOVFP", YFMVP, PX, &[0xd9, 0x03]),
    op("FMOVL", YFMVF, PX, &[0xdb, 0x00, 0xdb, 0x02]),
    op("FMOVLP", YFMVP, PX, &[0xdb, 0x03]),
    op("FMOVV", YFMVX, PX, &[0xdf, 0x05]),
    op("FMOVVP", YFMVP, PX, &[0xdf, 0x07]),
    op("FMOVW", YFMVF, PX, &[0xdf, 0x00, 0xdf, 0x02]),
    op("FMOVWP", YFMVP, PX, &[0xdf, 0x03]),
    op("FMOVX", YFMVX, PX, &[0xdb, 0x05]),
    op("FMOVXP", YFMVP, PX, &[0xdb, 0x07]),
    op("FCMOVCC", YFCMV, PX, &[0xdb, 0x00]),
    op("FCMOVCS", YFCMV, PX, &[0xda, 0x00]),
    op("FCMOVEQ", YFCMV, PX, &[0xda, 0x01]),
    op("FCMOVHI", YFCMV, PX, &[0xdb, 0x02]),
    op("FCMOVLS", YFCMV, PX, &[0xda, 0x02]),
    op("FCMOVB", YFCMV, PX, &[0xda, 0x00]),
    op("FCMOVBE", YFCMV, PX, &[0xda, 0x02]),
    op("FCMOVNB", YFCMV, PX, &[0xdb, 0x00]),
    op("FCMOVNBE", YFCMV, PX, &[0xdb, 0x02]),
    op("FCMOVE", YFCMV, PX, &[0xda, 0x01]),
    op("FCMOVNE", YFCMV, PX, &[0xdb, 0x01]),
    op("FCMOVNU", YFCMV, PX, &[0xdb, 0x03]),
    op("FCMOVU", YFCMV, PX, &[0xda, 0x03]),
    op("FCMOVUN", YFCMV, PX, &[0xda, 0x03]),
    op("FCOMD", YFADD, PX, &[0xdc, 0x02, 0xd8, 0x02, 0xdc, 0x02]),
    op("FCOMDP", YFADD, PX, &[0xdc, 0x03, 0xd8, 0x03, 0xdc, 0x03]),
    op("FCOMDPP", YCOMPP, PX, &[0xde, 0x03]),
    op("FCOMF", YFMVX, PX, &[0xd8, 0x02]),
    op("FCOMFP", YFMVX, PX, &[0xd8, 0x03]),
    op("FCOMI", YFCMV, PX, &[0xdb, 0x06]),
    op("FCOMIP", YFCMV, PX, &[0xdf, 0x06]),
    op("FCOML", YFMVX, PX, &[0xda, 0x02]),
    op("FCOMLP", YFMVX, PX, &[0xda, 0x03]),
    op("FCOMW", YFMVX, PX, &[0xde, 0x02]),
    op("FCOMWP", YFMVX, PX, &[0xde, 0x03]),
    op("FUCOM", YCOMPP, PX, &[0xdd, 0x04]),
    op("FUCOMI", YCOMPP, PX, &[0xdb, 0x05]),
    op("FUCOMIP", YCOMPP, PX, &[0xdf, 0x05]),
    op("FUCOMP", YCOMPP, PX, &[0xdd, 0x05]),
    op("FUCOMPP", YCOMPP, PX, &[0xda, 0x0d]),
    op("FADDDP", YCOMPP, PX, &[0xde, 0x00]),
    op("FADDW", YFMVX, PX, &[0xde, 0x00]),
    op("FADDL", YFMVX, PX, &[0xda, 0x00]),
    op("FADDF", YFMVX, PX, &[0xd8, 0x00]),
    op("FADDD", YFADD, PX, &[0xdc, 0x00, 0xd8, 0x00, 0xdc, 0x00]),
    op("FMULDP", YCOMPP, PX, &[0xde, 0x01]),
    op("FMULW", YFMVX, PX, &[0xde, 0x01]),
    op("FMULL", YFMVX, PX, &[0xda, 0x01]),
    op("FMULF", YFMVX, PX, &[0xd8, 0x01]),
    op("FMULD", YFADD, PX, &[0xdc, 0x01, 0xd8, 0x01, 0xdc, 0x01]),
    op("FSUBDP", YCOMPP, PX, &[0xde, 0x05]),
    op("FSUBW", YFMVX, PX, &[0xde, 0x04]),
    op("FSUBL", YFMVX, PX, &[0xda, 0x04]),
    op("FSUBF", YFMVX, PX, &[0xd8, 0x04]),
    op("FSUBD", YFADD, PX, &[0xdc, 0x04, 0xd8, 0x04, 0xdc, 0x05]),
    op("FSUBRDP", YCOMPP, PX, &[0xde, 0x04]),
    op("FSUBRW", YFMVX, PX, &[0xde, 0x05]),
    op("FSUBRL", YFMVX, PX, &[0xda, 0x05]),
    op("FSUBRF", YFMVX, PX, &[0xd8, 0x05]),
    op("FSUBRD", YFADD, PX, &[0xdc, 0x05, 0xd8, 0x05, 0xdc, 0x04]),
    op("FDIVDP", YCOMPP, PX, &[0xde, 0x07]),
    op("FDIVW", YFMVX, PX, &[0xde, 0x06]),
    op("FDIVL", YFMVX, PX, &[0xda, 0x06]),
    op("FDIVF", YFMVX, PX, &[0xd8, 0x06]),
    op("FDIVD", YFADD, PX, &[0xdc, 0x06, 0xd8, 0x06, 0xdc, 0x07]),
    op("FDIVRDP", YCOMPP, PX, &[0xde, 0x06]),
    op("FDIVRW", YFMVX, PX, &[0xde, 0x07]),
    op("FDIVRL", YFMVX, PX, &[0xda, 0x07]),
    op("FDIVRF", YFMVX, PX, &[0xd8, 0x07]),
    op("FDIVRD", YFADD, PX, &[0xdc, 0x07, 0xd8, 0x07, 0xdc, 0x06]),
    op("FXCHD", YFXCH, PX, &[0xd9, 0x01, 0xd9, 0x01]),
    op("FLDCW", YSVRS_MO, PX, &[0xd9, 0x05, 0xd9, 0x05]),
    op("FLDENV", YSVRS_MO, PX, &[0xd9, 0x04, 0xd9, 0x04]),
    op("FRSTOR", YSVRS_MO, PX, &[0xdd, 0x04, 0xdd, 0x04]),
    op("FSAVE", YSVRS_OM, PX, &[0xdd, 0x06, 0xdd, 0x06]),
    op("FSTCW", YSVRS_OM, PX, &[0xd9, 0x07, 0xd9, 0x07]),
    op("FSTENV", YSVRS_OM, PX, &[0xd9, 0x06, 0xd9, 0x06]),
    op("FSTSW", YSTSW, PX, &[0xdd, 0x07, 0xdf, 0xe0]),
    op("F2XM1", YNONE, PX, &[0xd9, 0xf0]),
    op("FABS", YNONE, PX, &[0xd9, 0xe1]),
    op("FBLD", YSVRS_MO, PX, &[0xdf, 0x04]),
    op("FBSTP", YCLFLUSH, PX, &[0xdf, 0x06]),
    op("FCHS", YNONE, PX, &[0xd9, 0xe0]),
    op("FCLEX", YNONE, PX, &[0xdb, 0xe2]),
    op("FCOS", YNONE, PX, &[0xd9, 0xff]),
    op("FDECSTP", YNONE, PX, &[0xd9, 0xf6]),
    op("FINCSTP", YNONE, PX, &[0xd9, 0xf7]),
    op("FINIT", YNONE, PX, &[0xdb, 0xe3]),
    op("FLD1", YNONE, PX, &[0xd9, 0xe8]),
    op("FLDL2E", YNONE, PX, &[0xd9, 0xea]),
    op("FLDL2T", YNONE, PX, &[0xd9, 0xe9]),
    op("FLDLG2", YNONE, PX, &[0xd9, 0xec]),
    op("FLDLN2", YNONE, PX, &[0xd9, 0xed]),
    op("FLDPI", YNONE, PX, &[0xd9, 0xeb]),
    op("FLDZ", YNONE, PX, &[0xd9, 0xee]),
    op("FNOP", YNONE, PX, &[0xd9, 0xd0]),
    op("FPATAN", YNONE, PX, &[0xd9, 0xf3]),
    op("FPREM", YNONE, PX, &[0xd9, 0xf8]),
    op("FPREM1", YNONE, PX, &[0xd9, 0xf5]),
    op("FPTAN", YNONE, PX, &[0xd9, 0xf2]),
    op("FRNDINT", YNONE, PX, &[0xd9, 0xfc]),
    op("FSCALE", YNONE, PX, &[0xd9, 0xfd]),
    op("FSIN", YNONE, PX, &[0xd9, 0xfe]),
    op("FSINCOS", YNONE, PX, &[0xd9, 0xfb]),
    op("FSQRT", YNONE, PX, &[0xd9, 0xfa]),
    op("FTST", YNONE, PX, &[0xd9, 0xe4]),
    op("FXAM", YNONE, PX, &[0xd9, 0xe5]),
    op("FXTRACT", YNONE, PX, &[0xd9, 0xf4]),
    op("FYL2X", YNONE, PX, &[0xd9, 0xf1]),
    op("FYL2XP1", YNONE, PX, &[0xd9, 0xf9]),
    op("CMPXCHGB", YRB_MB, PB, &[0x0f, 0xb0]),
    op("CMPXCHGL", YRL_ML, PX, &[0x0f, 0xb1]),
    op("CMPXCHGW", YRL_ML, PE, &[0x0f, 0xb1]),
    op("CMPXCHGQ", YRL_ML, PW, &[0x0f, 0xb1]),
    op("CMPXCHG8B", YSCOND, PM, &[0xc7, 0x01]),
    op("CMPXCHG16B", YSCOND, PW, &[0x0f, 0xc7, 0x01]),
    op("INVD", YNONE, PM, &[0x08]),
    op("INVLPG", YDIVB, PM, &[0x01, 0x07]),
    op("INVPCID", YCRC32L, PE, &[0x0f, 0x38, 0x82, 0x00]),
    op("LFENCE", YNONE, PM, &[0xae, 0xe8]),
    op("MFENCE", YNONE, PM, &[0xae, 0xf0]),
    op("MOVNTIL", YRL_ML, PM, &[0xc3]),
    op("MOVNTIQ", YRL_ML, PW, &[0x0f, 0xc3]),
    op("RDPKRU", YNONE, PM, &[0x01, 0xee, 0x00]),
    op("RDMSR", YNONE, PM, &[0x32]),
    op("RDPMC", YNONE, PM, &[0x33]),
    op("RDTSC", YNONE, PM, &[0x31]),
    op("RSM", YNONE, PM, &[0xaa]),
    op("SFENCE", YNONE, PM, &[0xae, 0xf8]),
    op("SYSRET", YNONE, PM, &[0x07]),
    op("WBINVD", YNONE, PM, &[0x09]),
    op("WRMSR", YNONE, PM, &[0x30]),
    op("WRPKRU", YNONE, PM, &[0x01, 0xef, 0x00]),
    op("XADDB", YRB_MB, PB, &[0x0f, 0xc0]),
    op("XADDL", YRL_ML, PX, &[0x0f, 0xc1]),
    op("XADDQ", YRL_ML, PW, &[0x0f, 0xc1]),
    op("XADDW", YRL_ML, PE, &[0x0f, 0xc1]),
    op("CRC32B", YCRC32B, PX, &[0xf2, 0x0f, 0x38, 0xf0, 0x00]),
    op("CRC32L", YCRC32L, PX, &[0xf2, 0x0f, 0x38, 0xf1, 0x00]),
    op("CRC32Q", YCRC32L, PW, &[0xf2, 0x0f, 0x38, 0xf1, 0x00]),
    op("CRC32W", YCRC32L, PE, &[0xf2, 0x0f, 0x38, 0xf1, 0x00]),
    op("PREFETCHT0", YPREFETCH, PM, &[0x18, 0x01]),
    op("PREFETCHT1", YPREFETCH, PM, &[0x18, 0x02]),
    op("PREFETCHT2", YPREFETCH, PM, &[0x18, 0x03]),
    op("PREFETCHNTA", YPREFETCH, PM, &[0x18, 0x00]),
    op("MOVQL", YRL_ML, PX, &[0x89]),
    op("UNDEF", YNONE, PX, &[0x0f, 0x0b]),
    op("AESENC", YAES, PQ, &[0x38, 0xdc, 0x00]),
    op("AESENCLAST", YAES, PQ, &[0x38, 0xdd, 0x00]),
    op("AESDEC", YAES, PQ, &[0x38, 0xde, 0x00]),
    op("AESDECLAST", YAES, PQ, &[0x38, 0xdf, 0x00]),
    op("AESIMC", YAES, PQ, &[0x38, 0xdb, 0x00]),
    op("AESKEYGENASSIST", YXSHUF, PQ, &[0x3a, 0xdf, 0x00]),
    op("ROUNDPD", YXSHUF, PQ, &[0x3a, 0x09, 0x00]),
    op("ROUNDPS", YXSHUF, PQ, &[0x3a, 0x08, 0x00]),
    op("ROUNDSD", YXSHUF, PQ, &[0x3a, 0x0b, 0x00]),
    op("ROUNDSS", YXSHUF, PQ, &[0x3a, 0x0a, 0x00]),
    op("PSHUFD", YXSHUF, PQ, &[0x70, 0x00]),
    op("PCLMULQDQ", YXSHUF, PQ, &[0x3a, 0x44, 0x00]),
    op("PCMPESTRI", YXSHUF, PQ, &[0x3a, 0x61, 0x00]),
    op("PCMPESTRM", YXSHUF, PQ, &[0x3a, 0x60, 0x00]),
    op("MOVDDUP", YXM, PF2, &[0x12]),
    op("MOVSHDUP", YXM, PF3, &[0x16]),
    op("MOVSLDUP", YXM, PF3, &[0x12]),
    op("RDTSCP", YNONE, PM, &[0x01, 0xf9, 0x00]),
    op("STAC", YNONE, PM, &[0x01, 0xcb, 0x00]),
    op("UD1", YNONE, PM, &[0xb9, 0x00]),
    op("UD2", YNONE, PM, &[0x0b, 0x00]),
    op("UMWAIT", YWRFSBASE, PF2, &[0xae, 0x06]),
    op("SYSENTER", YNONE, PX, &[0x0f, 0x34, 0x00]),
    op("SYSENTER64", YNONE, PW, &[0x0f, 0x34, 0x00]),
    op("SYSEXIT", YNONE, PX, &[0x0f, 0x35, 0x00]),
    op("SYSEXIT64", YNONE, PW, &[0x0f, 0x35, 0x00]),
    op("LMSW", YDIVL, PM, &[0x01, 0x06]),
    op("LLDT", YDIVL, PM, &[0x00, 0x02]),
    op("LIDT", YSVRS_MO, PM, &[0x01, 0x03]),
    op("LGDT", YSVRS_MO, PM, &[0x01, 0x02]),
    op("TZCNTW", YCRC32L, PE, &[0xf3, 0x0f, 0xbc, 0x00]),
    op("TZCNTL", YCRC32L, PX, &[0xf3, 0x0f, 0xbc, 0x00]),
    op("TZCNTQ", YCRC32L, PW, &[0xf3, 0x0f, 0xbc, 0x00]),
    op("XRSTOR", YDIVL, PX, &[0x0f, 0xae, 0x05]),
    op("XRSTOR64", YDIVL, PW, &[0x0f, 0xae, 0x05]),
    op("XRSTORS", YDIVL, PX, &[0x0f, 0xc7, 0x03]),
    op("XRSTORS64", YDIVL, PW, &[0x0f, 0xc7, 0x03]),
    op("XSAVE", YCLFLUSH, PX, &[0x0f, 0xae, 0x04]),
    op("XSAVE64", YCLFLUSH, PW, &[0x0f, 0xae, 0x04]),
    op("XSAVEOPT", YCLFLUSH, PX, &[0x0f, 0xae, 0x06]),
    op("XSAVEOPT64", YCLFLUSH, PW, &[0x0f, 0xae, 0x06]),
    op("XSAVEC", YCLFLUSH, PX, &[0x0f, 0xc7, 0x04]),
    op("XSAVEC64", YCLFLUSH, PW, &[0x0f, 0xc7, 0x04]),
    op("XSAVES", YCLFLUSH, PX, &[0x0f, 0xc7, 0x05]),
    op("XSAVES64", YCLFLUSH, PW, &[0x0f, 0xc7, 0x05]),
    op("SGDT", YCLFLUSH, PM, &[0x01, 0x00]),
    op("SIDT", YCLFLUSH, PM, &[0x01, 0x01]),
    op("RDRANDW", YRDRAND, PE, &[0x0f, 0xc7, 0x06]),
    op("RDRANDL", YRDRAND, PX, &[0x0f, 0xc7, 0x06]),
    op("RDRANDQ", YRDRAND, PW, &[0x0f, 0xc7, 0x06]),
    op("RDSEEDW", YRDRAND, PE, &[0x0f, 0xc7, 0x07]),
    op("RDSEEDL", YRDRAND, PX, &[0x0f, 0xc7, 0x07]),
    op("RDSEEDQ", YRDRAND, PW, &[0x0f, 0xc7, 0x07]),
    op("STRW", YINCQ, PE, &[0x0f, 0x00, 0x01]),
    op("STRL", YINCQ, PX, &[0x0f, 0x00, 0x01]),
    op("STRQ", YINCQ, PW, &[0x0f, 0x00, 0x01]),
    op("XSETBV", YNONE, PM, &[0x01, 0xd1, 0x00]),
    op("MOVBEW", YMOVBE, PQ, &[0x38, 0xf0, 0x00, 0x38, 0xf1, 0x00]),
    op("MOVBEL", YMOVBE, PM, &[0x38, 0xf0, 0x00, 0x38, 0xf1, 0x00]),
    op("MOVBEQ", YMOVBE, PW, &[0x0f, 0x38, 0xf0, 0x00, 0x0f, 0x38, 0xf1, 0x00]),
    op("NOPW", YDIVL, PE, &[0x0f, 0x1f, 0x00]),
    op("NOPL", YDIVL, PX, &[0x0f, 0x1f, 0x00]),
    op("SLDTW", YINCQ, PE, &[0x0f, 0x00, 0x00]),
    op("SLDTL", YINCQ, PX, &[0x0f, 0x00, 0x00]),
    op("SLDTQ", YINCQ, PW, &[0x0f, 0x00, 0x00]),
    op("SMSWW", YINCQ, PE, &[0x0f, 0x01, 0x04]),
    op("SMSWL", YINCQ, PX, &[0x0f, 0x01, 0x04]),
    op("SMSWQ", YINCQ, PW, &[0x0f, 0x01, 0x04]),
    op("BLENDVPS", YBLENDVPD, PQ4, &[0x14]),
    op("BLENDVPD", YBLENDVPD, PQ4, &[0x15]),
    op("PBLENDVB", YBLENDVPD, PQ4, &[0x10]),
    op("SHA1MSG1", YAES, PX, &[0x0f, 0x38, 0xc9, 0x00]),
    op("SHA1MSG2", YAES, PX, &[0x0f, 0x38, 0xca, 0x00]),
    op("SHA1NEXTE", YAES, PX, &[0x0f, 0x38, 0xc8, 0x00]),
    op("SHA256MSG1", YAES, PX, &[0x0f, 0x38, 0xcc, 0x00]),
    op("SHA256MSG2", YAES, PX, &[0x0f, 0x38, 0xcd, 0x00]),
    op("SHA1RNDS4", YSHA1RNDS4, PM, &[0x3a, 0xcc, 0x00]),
    op("SHA256RNDS2", YSHA256RNDS2, PX, &[0x0f, 0x38, 0xcb, 0x00]),
    op("RDFSBASEL", YRDRAND, PF3, &[0xae, 0x00]),
    op("RDFSBASEQ", YRDRAND, PFW, &[0xae, 0x00]),
    op("RDGSBASEL", YRDRAND, PF3, &[0xae, 0x01]),
    op("RDGSBASEQ", YRDRAND, PFW, &[0xae, 0x01]),
    op("WRFSBASEL", YWRFSBASE, PF3, &[0xae, 0x02]),
    op("WRFSBASEQ", YWRFSBASE, PFW, &[0xae, 0x02]),
    op("WRGSBASEL", YWRFSBASE, PF3, &[0xae, 0x03]),
    op("WRGSBASEQ", YWRFSBASE, PFW, &[0xae, 0x03]),
    op("LFSW", YM_RL, PE, &[0x0f, 0xb4]),
    op("LFSL", YM_RL, PX, &[0x0f, 0xb4]),
    op("LFSQ", YM_RL, PW, &[0x0f, 0xb4]),
    op("LGSW", YM_RL, PE, &[0x0f, 0xb5]),
    op("LGSL", YM_RL, PX, &[0x0f, 0xb5]),
    op("LGSQ", YM_RL, PW, &[0x0f, 0xb5]),
    op("LSSW", YM_RL, PE, &[0x0f, 0xb2]),
    op("LSSL", YM_RL, PX, &[0x0f, 0xb2]),
    op("LSSQ", YM_RL, PW, &[0x0f, 0xb2]),
    op("BLENDPD", YXSHUF, PQ, &[0x3a, 0x0d, 0x00]),
    op("BLENDPS", YXSHUF, PQ, &[0x3a, 0x0c, 0x00]),
    op("XACQUIRE", YNONE, PX, &[0xf2]),
    op("XRELEASE", YNONE, PX, &[0xf3]),
    op("XBEGIN", YXBEGIN, PX, &[0xc7, 0xf8]),
    op("XABORT", YXABORT, PX, &[0xc6, 0xf8]),
    op("XEND", YNONE, PX, &[0x0f, 0x01, 0xd5]),
    op("XTEST", YNONE, PX, &[0x0f, 0x01, 0xd6]),
    op("XGETBV", YNONE, PM, &[0x01, 0xd0]),
];

pub static MOVTAB: &[Movtab] = &[
    mv("PUSHL", Ycs, Ynone, Ynone, Mov::Lit, [0x0e, 0x00, 0x00, 0x00]),
    mv("PUSHL", Yss, Ynone, Ynone, Mov::Lit, [0x16, 0x00, 0x00, 0x00]),
    mv("PUSHL", Yds, Ynone, Ynone, Mov::Lit, [0x1e, 0x00, 0x00, 0x00]),
    mv("PUSHL", Yes, Ynone, Ynone, Mov::Lit, [0x06, 0x00, 0x00, 0x00]),
    mv("PUSHL", Yfs, Ynone, Ynone, Mov::Lit, [0x0f, 0xa0, 0x00, 0x00]),
    mv("PUSHL", Ygs, Ynone, Ynone, Mov::Lit, [0x0f, 0xa8, 0x00, 0x00]),
    mv("PUSHQ", Yfs, Ynone, Ynone, Mov::Lit, [0x0f, 0xa0, 0x00, 0x00]),
    mv("PUSHQ", Ygs, Ynone, Ynone, Mov::Lit, [0x0f, 0xa8, 0x00, 0x00]),
    mv("PUSHW", Ycs, Ynone, Ynone, Mov::Lit, [0x66, 0x0e, 0x00, 0x00]),
    mv("PUSHW", Yss, Ynone, Ynone, Mov::Lit, [0x66, 0x16, 0x00, 0x00]),
    mv("PUSHW", Yds, Ynone, Ynone, Mov::Lit, [0x66, 0x1e, 0x00, 0x00]),
    mv("PUSHW", Yes, Ynone, Ynone, Mov::Lit, [0x66, 0x06, 0x00, 0x00]),
    mv("PUSHW", Yfs, Ynone, Ynone, Mov::Lit, [0x66, 0x0f, 0xa0, 0x00]),
    mv("PUSHW", Ygs, Ynone, Ynone, Mov::Lit, [0x66, 0x0f, 0xa8, 0x00]),
    mv("POPL", Ynone, Ynone, Yds, Mov::Lit, [0x1f, 0x00, 0x00, 0x00]),
    mv("POPL", Ynone, Ynone, Yes, Mov::Lit, [0x07, 0x00, 0x00, 0x00]),
    mv("POPL", Ynone, Ynone, Yss, Mov::Lit, [0x17, 0x00, 0x00, 0x00]),
    mv("POPL", Ynone, Ynone, Yfs, Mov::Lit, [0x0f, 0xa1, 0x00, 0x00]),
    mv("POPL", Ynone, Ynone, Ygs, Mov::Lit, [0x0f, 0xa9, 0x00, 0x00]),
    mv("POPQ", Ynone, Ynone, Yfs, Mov::Lit, [0x0f, 0xa1, 0x00, 0x00]),
    mv("POPQ", Ynone, Ynone, Ygs, Mov::Lit, [0x0f, 0xa9, 0x00, 0x00]),
    mv("POPW", Ynone, Ynone, Yds, Mov::Lit, [0x66, 0x1f, 0x00, 0x00]),
    mv("POPW", Ynone, Ynone, Yes, Mov::Lit, [0x66, 0x07, 0x00, 0x00]),
    mv("POPW", Ynone, Ynone, Yss, Mov::Lit, [0x66, 0x17, 0x00, 0x00]),
    mv("POPW", Ynone, Ynone, Yfs, Mov::Lit, [0x66, 0x0f, 0xa1, 0x00]),
    mv("POPW", Ynone, Ynone, Ygs, Mov::Lit, [0x66, 0x0f, 0xa9, 0x00]),
    mv("MOVW", Yes, Ynone, Yml, Mov::RegMem, [0x8c, 0x00, 0x00, 0x00]),
    mv("MOVW", Ycs, Ynone, Yml, Mov::RegMem, [0x8c, 0x01, 0x00, 0x00]),
    mv("MOVW", Yss, Ynone, Yml, Mov::RegMem, [0x8c, 0x02, 0x00, 0x00]),
    mv("MOVW", Yds, Ynone, Yml, Mov::RegMem, [0x8c, 0x03, 0x00, 0x00]),
    mv("MOVW", Yfs, Ynone, Yml, Mov::RegMem, [0x8c, 0x04, 0x00, 0x00]),
    mv("MOVW", Ygs, Ynone, Yml, Mov::RegMem, [0x8c, 0x05, 0x00, 0x00]),
    mv("MOVW", Yml, Ynone, Yes, Mov::MemReg, [0x8e, 0x00, 0x00, 0x00]),
    mv("MOVW", Yml, Ynone, Ycs, Mov::MemReg, [0x8e, 0x01, 0x00, 0x00]),
    mv("MOVW", Yml, Ynone, Yss, Mov::MemReg, [0x8e, 0x02, 0x00, 0x00]),
    mv("MOVW", Yml, Ynone, Yds, Mov::MemReg, [0x8e, 0x03, 0x00, 0x00]),
    mv("MOVW", Yml, Ynone, Yfs, Mov::MemReg, [0x8e, 0x04, 0x00, 0x00]),
    mv("MOVW", Yml, Ynone, Ygs, Mov::MemReg, [0x8e, 0x05, 0x00, 0x00]),
    mv("MOVL", Ycr0, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x00, 0x00]),
    mv("MOVL", Ycr2, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x02, 0x00]),
    mv("MOVL", Ycr3, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x03, 0x00]),
    mv("MOVL", Ycr4, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x04, 0x00]),
    mv("MOVL", Ycr8, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x08, 0x00]),
    mv("MOVQ", Ycr0, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x00, 0x00]),
    mv("MOVQ", Ycr2, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x02, 0x00]),
    mv("MOVQ", Ycr3, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x03, 0x00]),
    mv("MOVQ", Ycr4, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x04, 0x00]),
    mv("MOVQ", Ycr8, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x20, 0x08, 0x00]),
    mv("MOVL", Yrl, Ynone, Ycr0, Mov::MemReg2op, [0x0f, 0x22, 0x00, 0x00]),
    mv("MOVL", Yrl, Ynone, Ycr2, Mov::MemReg2op, [0x0f, 0x22, 0x02, 0x00]),
    mv("MOVL", Yrl, Ynone, Ycr3, Mov::MemReg2op, [0x0f, 0x22, 0x03, 0x00]),
    mv("MOVL", Yrl, Ynone, Ycr4, Mov::MemReg2op, [0x0f, 0x22, 0x04, 0x00]),
    mv("MOVL", Yrl, Ynone, Ycr8, Mov::MemReg2op, [0x0f, 0x22, 0x08, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ycr0, Mov::MemReg2op, [0x0f, 0x22, 0x00, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ycr2, Mov::MemReg2op, [0x0f, 0x22, 0x02, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ycr3, Mov::MemReg2op, [0x0f, 0x22, 0x03, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ycr4, Mov::MemReg2op, [0x0f, 0x22, 0x04, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ycr8, Mov::MemReg2op, [0x0f, 0x22, 0x08, 0x00]),
    mv("MOVL", Ydr0, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x21, 0x00, 0x00]),
    mv("MOVL", Ydr6, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x21, 0x06, 0x00]),
    mv("MOVL", Ydr7, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x21, 0x07, 0x00]),
    mv("MOVQ", Ydr0, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x21, 0x00, 0x00]),
    mv("MOVQ", Ydr2, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x21, 0x02, 0x00]),
    mv("MOVQ", Ydr3, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x21, 0x03, 0x00]),
    mv("MOVQ", Ydr6, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x21, 0x06, 0x00]),
    mv("MOVQ", Ydr7, Ynone, Yrl, Mov::RegMem2op, [0x0f, 0x21, 0x07, 0x00]),
    mv("MOVL", Yrl, Ynone, Ydr0, Mov::MemReg2op, [0x0f, 0x23, 0x00, 0x00]),
    mv("MOVL", Yrl, Ynone, Ydr6, Mov::MemReg2op, [0x0f, 0x23, 0x06, 0x00]),
    mv("MOVL", Yrl, Ynone, Ydr7, Mov::MemReg2op, [0x0f, 0x23, 0x07, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ydr0, Mov::MemReg2op, [0x0f, 0x23, 0x00, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ydr2, Mov::MemReg2op, [0x0f, 0x23, 0x02, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ydr3, Mov::MemReg2op, [0x0f, 0x23, 0x03, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ydr6, Mov::MemReg2op, [0x0f, 0x23, 0x06, 0x00]),
    mv("MOVQ", Yrl, Ynone, Ydr7, Mov::MemReg2op, [0x0f, 0x23, 0x07, 0x00]),
    mv("MOVL", Ytr6, Ynone, Yml, Mov::RegMem2op, [0x0f, 0x24, 0x06, 0x00]),
    mv("MOVL", Ytr7, Ynone, Yml, Mov::RegMem2op, [0x0f, 0x24, 0x07, 0x00]),
    mv("MOVL", Yml, Ynone, Ytr6, Mov::MemReg2op, [0x0f, 0x26, 0x06, 0xff]),
    mv("MOVL", Yml, Ynone, Ytr7, Mov::MemReg2op, [0x0f, 0x26, 0x07, 0xff]),
    mv("MOVL", Ym, Ynone, Ygdtr, Mov::MemReg2op, [0x0f, 0x01, 0x02, 0x00]),
    mv("MOVL", Ygdtr, Ynone, Ym, Mov::RegMem2op, [0x0f, 0x01, 0x00, 0x00]),
    mv("MOVL", Ym, Ynone, Yidtr, Mov::MemReg2op, [0x0f, 0x01, 0x03, 0x00]),
    mv("MOVL", Yidtr, Ynone, Ym, Mov::RegMem2op, [0x0f, 0x01, 0x01, 0x00]),
    mv("MOVQ", Ym, Ynone, Ygdtr, Mov::MemReg2op, [0x0f, 0x01, 0x02, 0x00]),
    mv("MOVQ", Ygdtr, Ynone, Ym, Mov::RegMem2op, [0x0f, 0x01, 0x00, 0x00]),
    mv("MOVQ", Ym, Ynone, Yidtr, Mov::MemReg2op, [0x0f, 0x01, 0x03, 0x00]),
    mv("MOVQ", Yidtr, Ynone, Ym, Mov::RegMem2op, [0x0f, 0x01, 0x01, 0x00]),
    mv("MOVW", Yml, Ynone, Yldtr, Mov::MemReg2op, [0x0f, 0x00, 0x02, 0x00]),
    mv("MOVW", Yldtr, Ynone, Yml, Mov::RegMem2op, [0x0f, 0x00, 0x00, 0x00]),
    mv("MOVW", Yml, Ynone, Ymsw, Mov::MemReg2op, [0x0f, 0x01, 0x06, 0x00]),
    mv("MOVW", Ymsw, Ynone, Yml, Mov::RegMem2op, [0x0f, 0x01, 0x04, 0x00]),
    mv("MOVW", Yml, Ynone, Ytask, Mov::MemReg2op, [0x0f, 0x00, 0x03, 0x00]),
    mv("MOVW", Ytask, Ynone, Yml, Mov::RegMem2op, [0x0f, 0x00, 0x01, 0x00]),
    mv("SHLL", Yi8, Yrl, Yml, Mov::DoubleShift, [0xa4, 0xa5, 0x00, 0x00]),
    mv("SHLL", Ycl, Yrl, Yml, Mov::DoubleShift, [0xa4, 0xa5, 0x00, 0x00]),
    mv("SHLL", Ycx, Yrl, Yml, Mov::DoubleShift, [0xa4, 0xa5, 0x00, 0x00]),
    mv("SHRL", Yi8, Yrl, Yml, Mov::DoubleShift, [0xac, 0xad, 0x00, 0x00]),
    mv("SHRL", Ycl, Yrl, Yml, Mov::DoubleShift, [0xac, 0xad, 0x00, 0x00]),
    mv("SHRL", Ycx, Yrl, Yml, Mov::DoubleShift, [0xac, 0xad, 0x00, 0x00]),
    mv("SHLQ", Yi8, Yrl, Yml, Mov::DoubleShift, [0x48, 0xa4, 0xa5, 0x00]),
    mv("SHLQ", Ycl, Yrl, Yml, Mov::DoubleShift, [0x48, 0xa4, 0xa5, 0x00]),
    mv("SHLQ", Ycx, Yrl, Yml, Mov::DoubleShift, [0x48, 0xa4, 0xa5, 0x00]),
    mv("SHRQ", Yi8, Yrl, Yml, Mov::DoubleShift, [0x48, 0xac, 0xad, 0x00]),
    mv("SHRQ", Ycl, Yrl, Yml, Mov::DoubleShift, [0x48, 0xac, 0xad, 0x00]),
    mv("SHRQ", Ycx, Yrl, Yml, Mov::DoubleShift, [0x48, 0xac, 0xad, 0x00]),
    mv("SHLW", Yi8, Yrl, Yml, Mov::DoubleShift, [0x66, 0xa4, 0xa5, 0x00]),
    mv("SHLW", Ycl, Yrl, Yml, Mov::DoubleShift, [0x66, 0xa4, 0xa5, 0x00]),
    mv("SHLW", Ycx, Yrl, Yml, Mov::DoubleShift, [0x66, 0xa4, 0xa5, 0x00]),
    mv("SHRW", Yi8, Yrl, Yml, Mov::DoubleShift, [0x66, 0xac, 0xad, 0x00]),
    mv("SHRW", Ycl, Yrl, Yml, Mov::DoubleShift, [0x66, 0xac, 0xad, 0x00]),
    mv("SHRW", Ycx, Yrl, Yml, Mov::DoubleShift, [0x66, 0xac, 0xad, 0x00]),
];
