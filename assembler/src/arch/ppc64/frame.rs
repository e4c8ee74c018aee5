//! The ppc64 frame pass: Go 1.19's obj9.go `preprocess` and `stacksplit`, producing the same
//! prologue, stack check (inline, before the frame is made), WRAPPER code, epilogues and SP
//! adjustments as Go.
//!
//! The frame Go lays out (autosize = F + FIXED_FRAME, 32, when there is a frame):
//!
//! ```text
//!   caller's frame     | 32(R1) of the caller: the arguments (x+0(FP) is CFA+32)
//!   entry R1 (CFA) ->  +------------------------+
//!                      | locals: x-8(SP) ... (pseudo-SP = CFA)
//!                      | 32(R1): outgoing arguments
//!                      | 8..31(R1): the rest of the fixed frame (24(R1): the TOC slot)
//!   R1             ->  | 0(R1): saved LR             (CFA - autosize)
//!                      +------------------------+
//! ```
//!
//! The prologue is `MOVD LR, R31; MOVDU R31, -autosize(R1)` (a frame too large for MOVDU
//! saves LR below R1 through R29, then moves R1 with ADD); the epilogue of a non-leaf is
//! `MOVD 0(R1), R31; MOVD R31, LR; ADD $autosize, R1; BR (LR)`.
//!
//! Beyond Go: each save and restore of LR carries a [`FrameNote`] so the frame model and the
//! CFI describe where the return address is; an SP write Go would mark SPWRITE is reported
//! (W0405) and ends the frame description.

use p9asm_macros::Diag;

use super::anames;
use super::aout::*;
use crate::arch::Ctx;
use crate::frame::{FrameNote, PCDATA_STACK_MAP_INDEX, pcdata, unsafe_point};
use crate::prog::{Addr, FrameLayout, Func, Mem, Name, Op, Prog, Reg, mark, textflag};

const STACK_SMALL: i64 = 128;
const STACK_BIG: i64 = 4096;
const PTR: i64 = 8;
/// Go's `FixedFrameSize` on ppc64.
pub const FIXED_FRAME: i64 = 32;

fn reg(r: i64) -> Addr {
    Addr::Reg(Reg(r as u16))
}
fn mem(base: i64, offset: i64) -> Addr {
    Addr::Mem(Mem { base: Reg(base as u16), offset, ..Mem::default() })
}
fn synth(op: Op, origin: p9asm_macros::Origin, args: &[Addr]) -> Prog {
    Prog::with(op, origin, args).synth()
}
fn lr() -> Reg {
    Reg(REG_LR as u16)
}

/// Whether `p` writes R1 through Go's `To` (the last operand, but not a compare's: CMP's last
/// operand is Go's To as well, and Go's check exempts CMPU only).
fn writes_sp(p: &Prog) -> bool {
    !p.op.is_pseudo() && p.args.len() >= 2 && p.last() == &reg(REGSP) && p.op != anames::CMPU
}

pub fn preprocess(f: &mut Func, cx: &mut Ctx) {
    let origin = f.origin;
    let flags = f.flags;
    let mut noframe = flags & textflag::NOFRAME != 0;
    let mut textstksiz = f.frame;
    if textstksiz == -8 {
        // compatibility hack: $-8 is NOFRAME
        noframe = true;
        textstksiz = 0;
    }
    if textstksiz % 8 != 0 {
        cx.diags.push(Diag::error("E0210", origin, format!("frame size {textstksiz} not a multiple of 8")));
        return;
    }
    if noframe && textstksiz != 0 {
        cx.diags.push(Diag::error(
            "E0210",
            origin,
            format!("NOFRAME functions must have a frame size of 0, not {textstksiz}"),
        ));
        return;
    }
    if textstksiz < 0 {
        cx.diags.push(Diag::error("E0210", origin, format!("negative frame size {textstksiz}")));
        return;
    }
    let locals = textstksiz;
    // find leaf subroutines: BL and BCL make a function a non-leaf
    let mut leaf = !f.progs.iter().any(|p| p.op == Op::CALL || p.op == anames::BCL);
    let mut autosize = textstksiz;
    if leaf && autosize == 0 {
        // a leaf function with no locals has no frame
        noframe = true;
    }
    if !noframe {
        // a frame includes space to save the LR
        autosize += FIXED_FRAME;
    }
    let mut nosplit = flags & textflag::NOSPLIT != 0;
    if leaf && autosize < STACK_SMALL {
        // a leaf with a small stack needs no stack check
        nosplit = true;
    }
    let wrapper = flags & textflag::WRAPPER != 0;
    let fs = autosize as i32;

    let body = std::mem::take(&mut f.progs);
    let n_body = body.len();
    let mut body = body.into_iter();
    let text = body.next().expect("TEXT prog");
    let mut ed = crate::pass::ProgEditor::new(n_body, n_body + 40);
    ed.out.push(text);

    if !nosplit {
        stacksplit(&mut ed, cx, origin, autosize, flags);
    }
    if autosize != 0 {
        if (-BIG..=BIG).contains(&autosize) {
            ed.out.push(synth(anames::MOVD, origin, &[reg(REG_LR), reg(REGTMP)]));
            let mut movdu = synth(anames::MOVDU, origin, &[reg(REGTMP), mem(REGSP, -autosize)]);
            movdu.spadj = fs;
            movdu.note = FrameNote::SaveReg(lr(), -fs);
            ed.out.push(movdu);
        } else {
            // too large for MOVDU: store LR below R1 first, then move R1 (not preemptible)
            ed.out.push(synth(anames::MOVD, origin, &[reg(REG_LR), reg(REG_R29)]));
            ed.out.push(unsafe_point(origin, -2));
            let mut st = synth(anames::MOVD, origin, &[reg(REG_R29), mem(REGSP, -autosize)]);
            st.note = FrameNote::SaveReg(lr(), -fs);
            ed.out.push(st);
            let mut add = synth(anames::ADD, origin, &[Addr::Imm(-autosize), reg(REGSP)]);
            add.spadj = fs;
            ed.out.push(add);
            ed.out.push(unsafe_point(origin, -1));
        }
    } else if !leaf {
        // a function that does not return (gogo) is not a leaf but has no frame
        leaf = true;
    }
    if !leaf && wrapper {
        // if g->panic != nil && g->panic->argp == FP { g->panic->argp = bottom-of-frame }
        ed.out.push(synth(anames::MOVD, origin, &[mem(REGG, 4 * PTR), reg(REG_R22)]));
        ed.out.push(synth(anames::CMP, origin, &[reg(REG_R0), reg(REG_R22)]));
        let beq = ed.out.len();
        ed.out.push(synth(anames::BEQ, origin, &[Addr::Branch(u32::MAX)]));
        ed.out.push(synth(anames::MOVD, origin, &[mem(REG_R22, 0), reg(REG_R23)]));
        ed.out.push(synth(anames::ADD, origin, &[Addr::Imm(autosize + FIXED_FRAME), reg(REGSP), reg(REG_R24)]));
        ed.out.push(synth(anames::CMP, origin, &[reg(REG_R23), reg(REG_R24)]));
        let bne = ed.out.len();
        ed.out.push(synth(anames::BNE, origin, &[Addr::Branch(u32::MAX)]));
        ed.out.push(synth(anames::ADD, origin, &[Addr::Imm(FIXED_FRAME), reg(REGSP), reg(REG_R25)]));
        ed.out.push(synth(anames::MOVD, origin, &[reg(REG_R25), mem(REG_R22, 0)]));
        let end = ed.out.len() as u32;
        ed.out.push(synth(Op::NOP, origin, &[]));
        ed.out[beq].args[0].addr = Addr::Branch(end);
        ed.out[bne].args[0].addr = Addr::Branch(end);
    }

    // the body, RET expanded into the epilogue (branches to a RET land on its epilogue)
    for (k, mut p) in body.enumerate() {
        let old = k + 1;
        ed.land(old);
        progedit(&mut p, cx);
        // asm.go's 3-operand branches: a plain number for BO is `$n`, one for BI the CR bit
        // register (`BC 20, 1, LR` is listed `BC $20, CR0GT, LR`)
        if (matches!(p.op, Op::JMP | Op::CALL) || super::ops::is_jump(p.op)) && p.args.len() == 3 {
            let plain = |a: &Addr| match a {
                Addr::Mem(m)
                    if m.name == Name::None && m.sym.is_none() && m.base == Reg::NONE && m.index == Reg::NONE =>
                {
                    Some(m.offset)
                }
                _ => None,
            };
            if let Some(v) = plain(&p.args[0].addr) {
                p.args[0].addr = Addr::Imm(v);
            }
            if let Some(v) = plain(&p.args[1].addr)
                && let Some(r) = REG_CRBIT0.checked_add(v).filter(|r| (REG_CR0LT..=REG_CR7SO).contains(r))
            {
                p.args[1].addr = Addr::Reg(Reg(r as u16));
            }
        }
        // the operand orders asm.go makes, which Go lists: a one-operand NEG-like instruction is
        // `NEG R3, R3`; four operands with a constant second are From, Reg, From3, To
        if super::encode::is_neg(p.op) && p.args.len() == 1 {
            let a = p.args[0].clone();
            p.args.push(a);
        }
        if p.args.len() == 4
            && !super::encode::is_rld(p.op)
            && p.op != anames::ISEL
            && !(matches!(p.op, Op::JMP | Op::CALL) || super::ops::is_jump(p.op))
            && matches!(p.args[1].addr, Addr::Imm(_))
            && matches!(p.args[2].addr, Addr::Reg(_))
        {
            p.args.swap(1, 2);
        }
        // asm.go: "On the ppc64, 9a encodes BR (CTR) as BR CTR. We do the same."
        if (matches!(p.op, Op::JMP | Op::CALL) || super::ops::is_jump(p.op))
            && let Some(last) = p.args.last_mut()
            && let Addr::Mem(m) = last.addr
            && m.name == Name::None
            && m.sym.is_none()
            && m.offset == 0
            && m.index == Reg::NONE
        {
            last.addr = Addr::Reg(m.base);
        }
        if p.op == Op::RET {
            let at = p.origin;
            let ret_sym = match p.args.first().map(|a| &a.addr) {
                Some(Addr::Mem(m)) if m.sym.is_some() => Some(*m),
                _ => None,
            };
            let target = match &ret_sym {
                Some(m) => Addr::Mem(*m),
                None => reg(REG_LR),
            };
            if !leaf {
                ed.out.push(synth(anames::MOVD, at, &[mem(REGSP, 0), reg(REGTMP)]));
                let mut mv = synth(anames::MOVD, at, &[reg(REGTMP), reg(REG_LR)]);
                mv.note = FrameNote::RestoreReg(lr());
                ed.out.push(mv);
            }
            if autosize != 0 {
                let mut add = synth(anames::ADD, at, &[Addr::Imm(autosize), reg(REGSP)]);
                add.spadj = -fs;
                if leaf {
                    // a leaf never changed LR: the register holds the return address again
                    add.note = FrameNote::RestoreReg(lr());
                }
                ed.out.push(add);
            }
            p.op = Op::JMP;
            p.args.clear();
            p.args.push(crate::prog::Operand::new(target, at));
            p.spadj = fs;
            if autosize != 0 {
                p.mark |= mark::SYNTH_EPILOGUE;
            }
            ed.out.push(p);
            continue;
        }
        if p.op == anames::ADD
            && writes_sp(&p)
            && let Addr::Imm(v) = *p.arg(0)
        {
            match v.checked_neg().and_then(|v| i32::try_from(v).ok()) {
                Some(v) => p.spadj = v,
                None => p.note = FrameNote::SpWrite,
            }
        }
        if p.op == anames::MOVDU {
            let off = match (p.args.first().map(|a| &a.addr), p.args.get(1).map(|a| &a.addr)) {
                (_, Some(Addr::Mem(m))) if m.base == Reg(REGSP as u16) && m.name == Name::None => Some(m.offset),
                (Some(Addr::Mem(m)), _) if m.base == Reg(REGSP as u16) && m.name == Name::None => Some(m.offset),
                _ => None,
            };
            if let Some(off) = off {
                match off.checked_neg().and_then(|v| i32::try_from(v).ok()) {
                    Some(v) => p.spadj = v,
                    None => p.note = FrameNote::SpWrite,
                }
            }
        }
        if writes_sp(&p) && p.spadj == 0 {
            p.note = FrameNote::SpWrite;
            cx.diags.push(
                Diag::warning(
                    "W0405",
                    p.origin,
                    format!(
                        "{} writes R1 in a way p9asm cannot follow; the unwind tables mark the caller unknown from here",
                        super::ops::name(p.op)
                    ),
                )
                .with_note("unwinders stop at this frame (Go calls this SPWRITE); to keep the frame described, change R1 with ADD $n, R1 or MOVDU"),
            );
        }
        ed.out.push(p);
    }
    f.progs = ed.finish(|p| p.mark & mark::SYNTH == 0);
    if leaf {
        f.flags |= textflag::LEAF;
    }
    if noframe {
        f.flags |= textflag::NOFRAME;
    }
    if nosplit {
        f.flags |= textflag::NOSPLIT;
    }
    f.layout = FrameLayout { autosize, listed_frame: autosize, locals, leaf, nosplit };
}

/// The rewrites of obj9.go's progedit that Go's listing shows, done on the Prog (the encoder
/// repeats them on its own view, where they are then no-ops): float constants and constants
/// beyond 32 bits become loads of read-only symbols, `SUB $c` becomes `ADD $-c`.
fn progedit(p: &mut Prog, cx: &mut Ctx) {
    let origin = p.origin;
    let sym_mem = |s| Addr::Mem(Mem { name: Name::Extern, sym: Some(s), ..Mem::default() });
    match (p.op, p.args.first().map(|a| a.addr.clone())) {
        (anames::FMOVS, Some(Addr::Float(f))) => {
            let b = (f as f32).to_bits();
            let s = super::encode::const_sym(cx, format!("$f32.{b:08x}"), b as i64, 4, origin);
            p.args[0].addr = sym_mem(s);
        }
        (anames::FMOVD, Some(Addr::Float(f))) if f != 0.0 => {
            let b = f.to_bits();
            let s = super::encode::const_sym(cx, format!("$f64.{b:016x}"), b as i64, 8, origin);
            p.args[0].addr = sym_mem(s);
        }
        (anames::MOVD, Some(Addr::Imm(v))) if v as i32 as i64 != v => {
            let s = super::encode::const_sym(cx, format!("$i64.{:016x}", v as u64), v, 8, origin);
            p.args[0].addr = sym_mem(s);
        }
        (anames::SUBC | anames::SUBCCC | anames::SUB, Some(Addr::Imm(v))) => {
            p.args[0].addr = Addr::Imm(v.wrapping_neg());
            p.op = match p.op {
                anames::SUBC => anames::ADDC,
                anames::SUBCCC => anames::ADDCCC,
                _ => anames::ADD,
            };
        }
        _ => {}
    }
}

/// Go's stacksplit: the stack check before the frame is made, with its morestack call inline
/// (branched over when the stack is large enough).
fn stacksplit(
    ed: &mut crate::pass::ProgEditor,
    cx: &mut Ctx,
    origin: p9asm_macros::Origin,
    framesize: i64,
    flags: i64,
) {
    let start = ed.out.len() as u32;
    ed.out.push(synth(anames::MOVD, origin, &[mem(REGG, 2 * PTR), reg(REG_R22)]));
    ed.out.push(unsafe_point(origin, -2));
    let mut q = None;
    if framesize <= STACK_SMALL {
        ed.out.push(synth(anames::CMPU, origin, &[reg(REG_R22), reg(REGSP)]));
    } else {
        let offset = framesize - STACK_SMALL;
        if framesize > STACK_BIG {
            // SP - framesize may wrap: compare SP with the offset first
            if offset <= 0xffff {
                ed.out.push(synth(anames::CMPU, origin, &[reg(REGSP), Addr::Imm(offset)]));
            } else {
                ed.out.push(synth(anames::MOVD, origin, &[Addr::Imm(offset), reg(REG_R23)]));
                ed.out.push(synth(anames::CMPU, origin, &[reg(REGSP), reg(REG_R23)]));
            }
            q = Some(ed.out.len());
            ed.out.push(synth(anames::BLT, origin, &[Addr::Branch(u32::MAX)]));
        }
        ed.out.push(synth(anames::ADD, origin, &[Addr::Imm(-offset), reg(REGSP), reg(REG_R23)]));
        ed.out.push(synth(anames::CMPU, origin, &[reg(REG_R22), reg(REG_R23)]));
    }
    let q1 = ed.out.len();
    ed.out.push(synth(anames::BLT, origin, &[Addr::Branch(u32::MAX)]));
    let nop = ed.out.len() as u32;
    ed.out.push(synth(Op::NOP, origin, &[]));
    if let Some(q) = q {
        ed.out[q].args[0].addr = Addr::Branch(nop);
    }
    ed.out.push(synth(anames::MOVD, origin, &[reg(REG_LR), reg(REG_R5)]));
    ed.out.push(pcdata(origin, PCDATA_STACK_MAP_INDEX, -1));
    let morestack = if flags & textflag::NEEDCTXT != 0 { "runtime.morestack" } else { "runtime.morestack_noctxt" };
    let sym = cx.syms.intern_go(morestack, false);
    ed.out.push(synth(Op::CALL, origin, &[Addr::Mem(Mem { name: Name::Extern, sym: Some(sym), ..Mem::default() })]));
    ed.out.push(unsafe_point(origin, -1));
    ed.out.push(synth(Op::JMP, origin, &[Addr::Branch(start)]));
    let end = ed.out.len() as u32;
    ed.out.push(synth(Op::NOP, origin, &[]));
    ed.out[q1].args[0].addr = Addr::Branch(end);
}
