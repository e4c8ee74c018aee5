//! The s390x frame pass: Go 1.19's objz.go `preprocess`, `stacksplitPre` and `stacksplitPost`,
//! producing Go's prologue, stack check, LR save, WRAPPER code, epilogues and SP adjustments.
//!
//! The frame Go lays out (autosize = frame + 8 unless the function has no frame):
//!
//! ```text
//!   entry R15 (CFA) -> +------------------------+
//!                      | locals: x-8(SP) ... (pseudo-SP = CFA)
//!                      | 8(R15): outgoing arguments
//!   R15             -> | 0(R15): saved LR (R14)   (CFA - autosize)
//!                      +------------------------+
//! ```
//!
//! The LR is stored below the old SP before SP moves (so a signal during the prologue sees a
//! whole frame) and again at 0(R15) after. Beyond Go: each save and restore carries a
//! [`FrameNote`] for the frame model and the CFI; an SP write Go would mark SPWRITE is reported
//! (W0405) and ends the frame description.

use p9asm_macros::Diag;

use super::aout::*;
use super::{anames, ops};
use crate::arch::Ctx;
use crate::frame::{FrameNote, PCDATA_STACK_MAP_INDEX, PCDATA_UNSAFE_POINT, pcdata, unsafe_point};
use crate::prog::{Addr, FrameLayout, Func, Mem, Name, Op, Prog, Reg, mark, textflag};

const STACK_SMALL: i64 = 128;
const STACK_BIG: i64 = 4096;
const PTR: i64 = 8;

fn reg(r: i64) -> Addr {
    Addr::Reg(Reg(r as u16))
}
fn mem(base: i64, offset: i64) -> Addr {
    Addr::Mem(Mem { base: Reg(base as u16), offset, ..Mem::default() })
}
fn addr_of(base: i64, offset: i64) -> Addr {
    Addr::AddrOf(Mem { base: Reg(base as u16), offset, ..Mem::default() })
}
fn synth(op: Op, origin: p9asm_macros::Origin, args: &[Addr]) -> Prog {
    Prog::with(op, origin, args).synth()
}
fn lr() -> Reg {
    Reg(REG_LR as u16)
}

/// Go's `p.To.Type == TYPE_REG && p.To.Reg == REGSP`: the last operand is R15 (compares and
/// tests, whose last operand Go also keeps in To, do not write it: p9asm does not count them).
fn writes_sp(p: &Prog) -> bool {
    if p.op.is_pseudo() || p.args.len() < 2 || p.last() != &reg(REGSP) {
        return false;
    }
    let name = ops::name(p.op);
    !(name.starts_with("CMP") || name.starts_with("TM") || name.starts_with("FCMP") || name == "CEBR")
}

pub fn preprocess(f: &mut Func, cx: &mut Ctx) {
    let origin = f.origin;
    let flags = f.flags;
    let mut noframe = flags & textflag::NOFRAME != 0;
    let mut textstksiz = f.frame;
    if textstksiz == -8 {
        // the historical way to mark NOFRAME
        noframe = true;
        textstksiz = 0;
    }
    if textstksiz % 8 != 0 {
        cx.diags.push(Diag::error("E0401", origin, format!("frame size {textstksiz} not a multiple of 8")));
        return;
    }
    if textstksiz < 0 {
        cx.diags.push(Diag::error(
            "E0210",
            origin,
            format!("negative frame size {textstksiz} - did you mean NOFRAME?"),
        ));
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
    // find leaf subroutines: no BL or BCL
    let mut leaf = !f.progs.iter().any(|p| p.op == ops::BL || p.op == anames::BCL);
    let locals = textstksiz;
    let mut autosize = textstksiz;
    if leaf && autosize == 0 {
        // a leaf function with no locals has no frame
        noframe = true;
    }
    if !noframe {
        // a frame always includes the LR slot
        autosize += 8;
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
    let mut ed = crate::pass::ProgEditor::new(n_body, n_body + 32);
    ed.out.push(text);

    let mut to_morestack: Vec<usize> = Vec::new();
    let mut check = 0usize;
    if !nosplit {
        // stacksplitPre
        check = ed.out.len();
        ed.out.push(synth(anames::MOVD, origin, &[mem(REGG, 2 * PTR), reg(REG_R3)]));
        ed.out.push(unsafe_point(origin, -2));
        if autosize <= STACK_SMALL {
            to_morestack.push(ed.out.len());
            ed.out.push(synth(anames::CMPUBGE, origin, &[reg(REG_R3), reg(REGSP), Addr::Branch(u32::MAX)]));
        } else {
            let offset = autosize - STACK_SMALL;
            if autosize > STACK_BIG {
                // SP - framesize may underflow: compare first
                ed.out.push(synth(anames::MOVD, origin, &[Addr::Imm(offset), reg(REG_R4)]));
                to_morestack.push(ed.out.len());
                ed.out.push(synth(anames::CMPUBLT, origin, &[reg(REGSP), reg(REG_R4), Addr::Branch(u32::MAX)]));
            }
            ed.out.push(synth(anames::ADD, origin, &[Addr::Imm(-offset), reg(REGSP), reg(REG_R4)]));
            to_morestack.push(ed.out.len());
            ed.out.push(synth(anames::CMPUBGE, origin, &[reg(REG_R3), reg(REG_R4), Addr::Branch(u32::MAX)]));
        }
        ed.out.push(unsafe_point(origin, -1));
    }
    if autosize != 0 {
        // save LR below SP, then move SP, then save LR again (a signal landing on the stack
        // before the signal stack is set may clobber what is below SP)
        ed.out.push(unsafe_point(origin, -2));
        let mut save = synth(anames::MOVD, origin, &[reg(REG_LR), mem(REGSP, -autosize)]);
        save.note = FrameNote::SaveReg(lr(), -fs);
        ed.out.push(save);
        let mut mov = synth(anames::MOVD, origin, &[addr_of(REGSP, -autosize), reg(REGSP)]);
        mov.spadj = fs;
        ed.out.push(mov);
        ed.out.push(unsafe_point(origin, -1));
        ed.out.push(synth(anames::MOVD, origin, &[reg(REG_LR), mem(REGSP, 0)]));
    } else if !leaf {
        // a function that does not return to its caller (gogo) but has no frame
        leaf = true;
    }
    if !leaf && wrapper {
        // if g->panic != nil && g->panic->argp == FP { g->panic->argp = bottom-of-frame }
        ed.out.push(synth(anames::MOVD, origin, &[mem(REGG, 4 * PTR), reg(REG_R3)]));
        ed.out.push(synth(anames::CMP, origin, &[reg(REG_R3), Addr::Imm(0)]));
        let p1 = ed.out.len();
        ed.out.push(synth(anames::BEQ, origin, &[Addr::Branch(u32::MAX)]));
        ed.out.push(synth(anames::MOVD, origin, &[mem(REG_R3, 0), reg(REG_R4)]));
        ed.out.push(synth(anames::ADD, origin, &[Addr::Imm(autosize + 8), reg(REGSP), reg(REG_R5)]));
        ed.out.push(synth(anames::CMP, origin, &[reg(REG_R4), reg(REG_R5)]));
        let p2 = ed.out.len();
        ed.out.push(synth(anames::BNE, origin, &[Addr::Branch(u32::MAX)]));
        ed.out.push(synth(anames::ADD, origin, &[Addr::Imm(8), reg(REGSP), reg(REG_R6)]));
        ed.out.push(synth(anames::MOVD, origin, &[reg(REG_R6), mem(REG_R3, 0)]));
        let end = ed.out.len();
        ed.out.push(synth(Op::NOP, origin, &[]));
        ed.out[p1].args[0].addr = Addr::Branch(end as u32);
        ed.out[p2].args[0].addr = Addr::Branch(end as u32);
    }

    // the body, RET expanded into the epilogue (branches to a RET land on its epilogue)
    for (k, mut p) in body.enumerate() {
        let old = k + 1;
        ed.land(old);
        progedit(&mut p, cx);
        if p.op == Op::RET {
            let at = p.origin;
            let ret_target = match p.arg(0) {
                Addr::Mem(m) if m.sym.is_some() => Some(*m),
                _ => None,
            };
            let br_args = |p: &mut Prog| {
                p.args.clear();
                match ret_target {
                    Some(m) => p.args.push(crate::prog::Operand::new(Addr::Mem(m), at)),
                    None => p.args.push(crate::prog::Operand::new(reg(REG_LR), at)),
                }
            };
            if leaf {
                if autosize == 0 {
                    p.op = ops::BR;
                    br_args(&mut p);
                    ed.out.push(p);
                    continue;
                }
                let mut add = synth(anames::ADD, at, &[Addr::Imm(autosize), reg(REGSP)]);
                add.spadj = -fs;
                // a leaf never changed LR: the register holds the return address again
                add.note = FrameNote::RestoreReg(lr());
                ed.out.push(add);
            } else {
                let mut ld = synth(anames::MOVD, at, &[mem(REGSP, 0), reg(REG_LR)]);
                ld.note = FrameNote::RestoreReg(lr());
                ed.out.push(ld);
                if autosize != 0 {
                    let mut add = synth(anames::ADD, at, &[Addr::Imm(autosize), reg(REGSP)]);
                    add.spadj = -fs;
                    ed.out.push(add);
                }
            }
            p.op = ops::BR;
            br_args(&mut p);
            p.spadj = fs;
            p.mark |= mark::SYNTH_EPILOGUE;
            ed.out.push(p);
            continue;
        }
        if p.op == anames::ADD
            && p.args.len() == 2
            && writes_sp(&p)
            && let Addr::Imm(v) = *p.arg(0)
        {
            match i32::try_from(-v) {
                Ok(v) => p.spadj = v,
                Err(_) => p.note = FrameNote::SpWrite,
            }
        }
        if writes_sp(&p) && p.spadj == 0 {
            p.note = FrameNote::SpWrite;
            cx.diags.push(
                Diag::warning(
                    "W0405",
                    p.origin,
                    format!("{} writes R15 in a way p9asm cannot follow; the unwind tables mark the caller unknown from here", ops::name(p.op)),
                )
                .with_note("unwinders stop at this frame (Go calls this SPWRITE); to keep the frame described, change R15 with ADD $n, R15"),
            );
        }
        ed.out.push(p);
    }
    if !nosplit {
        // stacksplitPost: the morestack block, after the last instruction
        let mut spfix = synth(Op::NOP, ed.out.last().map_or(origin, |p| p.origin), &[]);
        spfix.spadj = -fs;
        ed.out.push(spfix);
        ed.out.push(pcdata(origin, PCDATA_STACK_MAP_INDEX, -1));
        ed.out.push(unsafe_point(origin, -2));
        let target = ed.out.len();
        ed.out.push(synth(anames::MOVD, origin, &[reg(REG_LR), reg(REG_R5)]));
        let morestack = if flags & textflag::NEEDCTXT != 0 { "runtime.morestack" } else { "runtime.morestack_noctxt" };
        let sym = cx.syms.intern_go(morestack, false);
        ed.out.push(synth(ops::BL, origin, &[Addr::Mem(Mem { name: Name::Extern, sym: Some(sym), ..Mem::default() })]));
        ed.out.push(unsafe_point(origin, -1));
        let mut jmp = synth(ops::BR, origin, &[Addr::Branch(check as u32)]);
        jmp.spadj = fs;
        ed.out.push(jmp);
        for at in to_morestack {
            let last = ed.out[at].args.len() - 1;
            ed.out[at].args[last].addr = Addr::Branch(target as u32);
        }
    }

    f.progs = ed.finish(|p| p.mark & mark::SYNTH == 0);
    if leaf {
        f.flags |= textflag::LEAF;
    }
    if noframe {
        f.flags |= textflag::NOFRAME;
    }
    f.layout = FrameLayout { autosize, listed_frame: autosize, locals, leaf, nosplit };
}

/// Go's `progedit` rewrites that show in the listing, done on the Prog before the frame pass
/// reads it (as Go's progedit runs before preprocess): float constants other than +0 and
/// integer constants no LOAD IMMEDIATE makes become read-only symbols (`$f64.…`, `$f32.…`,
/// `$i64.…`), and SUB/SUBC of a constant become ADD/ADDC of its negation (so `SUB $n, R15`
/// is an SP adjustment like `ADD $-n, R15`). The encoder's progedit finds nothing left to do.
fn progedit(p: &mut Prog, cx: &mut Ctx) {
    if p.args.len() < 2 || p.op.is_pseudo() {
        return;
    }
    let origin = p.origin;
    let mut g = match super::encode::adapt(p) {
        Ok(g) => g,
        Err(_) => return,
    };
    let before = (g.as_, g.from);
    super::encode::progedit(&mut g, cx, origin);
    if (g.as_, g.from) == before {
        return;
    }
    p.op = g.as_;
    p.args[0].addr = match g.from.typ {
        super::encode::TYPE_CONST => Addr::Imm(g.from.offset),
        _ => Addr::Mem(Mem { name: Name::Extern, sym: g.from.sym, offset: g.from.offset, ..Mem::default() }),
    };
}

/// Go's `obj.MarkUnsafePoints` with s390x's `isUnsafePoint` (`unsafe_at[i]`: Prog `i` names
/// REGTMP or its code uses it, Go's `USETMP`) and no `isRestartable`: inserts the `PCDATA $0`
/// markers around such Progs (run by the encoder once pcs are known). Branch targets follow
/// their Progs.
pub fn mark_unsafe_points(progs: &mut Vec<Prog>, unsafe_at: &[bool]) {
    let n = progs.len();
    let unsafe_at = |i: usize| unsafe_at.get(i).copied().unwrap_or(false);
    if !(0..n).any(unsafe_at) {
        return;
    }
    let marker = |origin, value, pc| {
        let mut q = pcdata(origin, PCDATA_UNSAFE_POINT, value);
        q.pc = pc;
        q
    };
    let mut inserts: Vec<(usize, Prog)> = Vec::new();
    let mut prev_pcdata = -1i64;
    // the origin of the Prog before the current one in the output (Appendp copies it)
    let mut prev_origin = progs[0].origin;
    let mut i = 1;
    while i < n {
        let p = &progs[i];
        if p.op == Op::PCDATA && p.arg(0).imm() == Some(PCDATA_UNSAFE_POINT) {
            prev_pcdata = p.arg(1).imm().unwrap_or(-1);
        } else if prev_pcdata == -2 {
        } else if unsafe_at(i) {
            inserts.push((i, marker(prev_origin, -2, p.pc)));
            let mut j = i;
            while j + 1 < n && unsafe_at(j + 1) {
                j += 1;
            }
            if j + 1 >= n {
                break;
            }
            let end_origin = progs[j].origin;
            inserts.push((j + 1, marker(end_origin, prev_pcdata, progs[j + 1].pc)));
            prev_origin = end_origin;
            i = j + 1;
            continue;
        }
        prev_origin = progs[i].origin;
        i += 1;
    }
    let old = std::mem::take(progs);
    let mut ed = crate::pass::ProgEditor::new(n, n + inserts.len());
    let mut inserts = inserts.into_iter().peekable();
    for (k, p) in old.into_iter().enumerate() {
        while let Some((_, q)) = inserts.next_if(|(at, _)| *at == k) {
            ed.out.push(q);
        }
        ed.land(k);
        ed.out.push(p);
    }
    *progs = ed.finish(|_| true);
}
