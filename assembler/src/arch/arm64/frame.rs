//! The arm64 frame pass: Go 1.19's obj7.go `preprocess` and `stacksplit`, producing the same
//! prologue, stack check, LR and frame-pointer saves, WRAPPER code, epilogues and SP
//! adjustments as Go, and `MarkUnsafePoints`' async-preemption markers ([`mark_unsafe_points`],
//! run by the encoder once sizes are known).
//!
//! The frame Go lays out (autosize = F + 8 + extrasize, 16-byte aligned):
//!
//! ```text
//!   entry SP (CFA) ->  +------------------------+
//!                      | extrasize (8 or 16): the callee's saved R29 lands in the top 8
//!                      | locals: x-8(SP) ... (pseudo-SP = CFA - extrasize)
//!                      | 8(RSP): outgoing arguments
//!   RSP            ->  | 0(RSP): saved LR (R30)       (CFA - autosize)
//!                      +------------------------+
//!                        -8(RSP): saved R29          (CFA - autosize - 8), R29 = RSP - 8
//! ```
//!
//! Beyond Go: each save and restore carries a [`FrameNote`] so the frame model and the CFI
//! describe where R30 (the return-address column) and R29 are; an SP write Go would mark
//! SPWRITE is reported (W0405) and ends the frame description.

use p9asm_macros::Diag;

use super::aout::*;
use super::{anames, ops};
use crate::arch::Ctx;
use crate::frame::{FrameNote, PCDATA_STACK_MAP_INDEX, PCDATA_UNSAFE_POINT, pcdata, unsafe_point};
use crate::prog::{Addr, FrameLayout, Func, Mem, Name, Op, Prog, Reg, mark, textflag};

const STACK_SMALL: i64 = 128;
const STACK_BIG: i64 = 4096;
/// Go's `PtrSize` on arm64.
const PTR: i64 = 8;

fn reg(r: i64) -> Addr {
    Addr::Reg(Reg(r as u16))
}
fn mem(base: i64, offset: i64) -> Addr {
    Addr::Mem(Mem { base: Reg(base as u16), offset, ..Mem::default() })
}
fn r(n: i64) -> i64 {
    REG_R0 + n
}

/// A Prog the assembler adds, at `origin`.
fn synth(op: Op, origin: p9asm_macros::Origin, args: &[Addr]) -> Prog {
    Prog::with(op, origin, args).synth()
}

/// Whether `p` writes RSP through its destination operand (Go's `p.To.Reg == REGSP`).
fn writes_sp(p: &Prog) -> bool {
    if p.op.is_pseudo() || p.args.len() < 2 || p.last() != &reg(REGSP) {
        return false;
    }
    let name = ops::name(p.op);
    // the last operand of a compare is Go's Reg, not To
    !(name.starts_with("CMP") || name.starts_with("CMN") || name.starts_with("TST") || name.starts_with("FCMP"))
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
    let mut leaf = !f.progs.iter().any(|p| p.op == ops::BL);
    let mut locals = textstksiz;
    let mut autosize = textstksiz;
    if leaf && autosize == 0 {
        // a leaf function with no locals has no frame
        noframe = true;
    }
    if !noframe {
        // a frame always includes the LR slot
        autosize += 8;
    }
    if autosize != 0 {
        let extrasize = if autosize % 16 == 8 {
            // 8 more bytes at the top of the frame for the frame pointer
            8
        } else if autosize & 15 == 0 {
            16
        } else {
            cx.diags.push(
                Diag::error(
                    "E0401",
                    origin,
                    format!("unaligned frame size {} - must be 16 aligned", autosize - 8),
                )
                .with_note(
                    "an arm64 frame size must be a multiple of 8: the assembler adds the LR slot and 8 or 16 bytes for the frame pointer to keep RSP 16-byte aligned",
                ),
            );
            return;
        };
        autosize += extrasize;
        locals += extrasize;
    }
    if autosize == 0 && !leaf {
        // the save is suppressed: treated as a leaf
        leaf = true;
    }
    let mut nosplit = flags & textflag::NOSPLIT != 0;
    let has_frame = !(leaf && noframe);
    if has_frame && leaf && autosize < STACK_SMALL {
        // a leaf with a small stack needs no stack check
        nosplit = true;
    }
    let wrapper = flags & textflag::WRAPPER != 0;

    let body = std::mem::take(&mut f.progs);
    let n_body = body.len();
    let mut body = body.into_iter();
    let text = body.next().expect("TEXT prog");
    let mut ed = crate::pass::ProgEditor::new(n_body, n_body + 32);
    ed.out.push(text);

    let mut to_morestack: Vec<usize> = Vec::new();
    let mut start = 1usize;
    let mut wrapper_cbnz = None;
    let mut wrapper_end = 0usize;
    if has_frame {
        if !nosplit {
            start = ed.out.len();
            ed.out.push(synth(anames::MOVD, origin, &[mem(REGG, 2 * PTR), reg(REGRT1)]));
            ed.out.push(unsafe_point(origin, -2));
            if autosize <= STACK_SMALL {
                ed.out.push(synth(anames::CMP, origin, &[reg(REGRT1), reg(REGSP)]));
            } else if autosize <= STACK_BIG {
                ed.out.push(synth(anames::SUB, origin, &[Addr::Imm(autosize - STACK_SMALL), reg(REGSP), reg(REGRT2)]));
                ed.out.push(synth(anames::CMP, origin, &[reg(REGRT1), reg(REGRT2)]));
            } else {
                // SP - framesize may underflow: SUBS and branch on borrow
                ed.out.push(synth(anames::SUBS, origin, &[Addr::Imm(autosize - STACK_SMALL), reg(REGSP), reg(REGRT2)]));
                to_morestack.push(ed.out.len());
                ed.out.push(synth(anames::BLO, origin, &[Addr::Branch(u32::MAX)]));
                ed.out.push(synth(anames::CMP, origin, &[reg(REGRT1), reg(REGRT2)]));
            }
            to_morestack.push(ed.out.len());
            ed.out.push(synth(anames::BLS, origin, &[Addr::Branch(u32::MAX)]));
            ed.out.push(unsafe_point(origin, -1));
        }
        let aoffset = autosize.min(0xf0);
        let fs = autosize as i32;
        if autosize > aoffset {
            // too large for MOVD.W: save FP and LR below SP first, then move SP
            ed.out.push(synth(anames::SUB, origin, &[Addr::Imm(autosize), reg(REGSP), reg(r(20))]));
            let mut stp =
                synth(anames::STP, origin, &[Addr::RegPair(Reg(REGFP as u16), Reg(REGLINK as u16)), mem(r(20), -8)]);
            stp.note = FrameNote::SavePair(Reg(REGFP as u16), -(fs + 8), Reg(REGLINK as u16), -fs);
            ed.out.push(stp);
            ed.out.push(unsafe_point(origin, -2));
            let mut mov = synth(anames::MOVD, origin, &[reg(r(20)), reg(REGSP)]);
            mov.spadj = fs;
            ed.out.push(mov);
            ed.out.push(unsafe_point(origin, -1));
        } else {
            let mut movw = synth(anames::MOVD, origin, &[reg(REGLINK), mem(REGSP, -aoffset)]);
            movw.suffix = C_XPRE as u16;
            movw.spadj = aoffset as i32;
            movw.note = FrameNote::SaveReg(Reg(REGLINK as u16), -fs);
            ed.out.push(movw);
            let mut fp = synth(anames::MOVD, origin, &[reg(REGFP), mem(REGSP, -8)]);
            fp.note = FrameNote::SaveReg(Reg(REGFP as u16), -(fs + 8));
            ed.out.push(fp);
        }
        ed.out.push(synth(anames::SUB, origin, &[Addr::Imm(8), reg(REGSP), reg(REGFP)]));
        if wrapper {
            // if g->panic != nil: check its argp out of line (after the morestack block)
            ed.out.push(synth(anames::MOVD, origin, &[mem(REGG, 4 * PTR), reg(REGRT1)]));
            wrapper_cbnz = Some(ed.out.len());
            ed.out.push(synth(anames::CBNZ, origin, &[reg(REGRT1), Addr::Branch(u32::MAX)]));
            wrapper_end = ed.out.len();
            ed.out.push(synth(Op::NOP, origin, &[]));
        }
    }

    // the body, RET expanded into the epilogue (branches to a RET land on its epilogue)
    let fs = autosize as i32;
    for (k, mut p) in body.enumerate() {
        let old = k + 1;
        ed.land(old);
        if p.op == Op::RET {
            let at = p.origin;
            let retjmp = matches!(p.arg(0), Addr::Mem(m) if m.sym.is_some());
            if leaf {
                if autosize != 0 {
                    let mut add = synth(anames::ADD, at, &[Addr::Imm(autosize), reg(REGSP)]);
                    add.spadj = -fs;
                    // a leaf never changed LR: the register holds the return address again
                    add.note = FrameNote::RestoreReg(Reg(REGLINK as u16));
                    ed.out.push(add);
                    let mut sub = synth(anames::SUB, at, &[Addr::Imm(8), reg(REGSP), reg(REGFP)]);
                    sub.note = FrameNote::RestoreReg(Reg(REGFP as u16));
                    ed.out.push(sub);
                }
            } else {
                let mut ldp =
                    synth(anames::LDP, at, &[mem(REGSP, -8), Addr::RegPair(Reg(REGFP as u16), Reg(REGLINK as u16))]);
                ldp.note = FrameNote::RestorePair(Reg(REGFP as u16), Reg(REGLINK as u16));
                ed.out.push(ldp);
                let mut add = synth(anames::ADD, at, &[Addr::Imm(autosize), reg(REGSP)]);
                add.spadj = -fs;
                ed.out.push(add);
            }
            if retjmp {
                // RET sym(SB): a tail jump
                p.op = ops::B;
            } else {
                p.args.clear();
                p.args.push(crate::prog::Operand::new(mem(REGLINK, 0), at));
            }
            p.spadj = fs;
            if autosize != 0 {
                p.mark |= mark::SYNTH_EPILOGUE;
            }
            ed.out.push(p);
            continue;
        }
        complement_negative(&mut p);
        if (p.op == anames::ADD || p.op == anames::SUB)
            && writes_sp(&p)
            && let Addr::Imm(v) = *p.arg(0)
        {
            let v = if p.op == anames::ADD { -v } else { v };
            match i32::try_from(v) {
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
                    format!("{} writes RSP in a way p9asm cannot follow; the unwind tables mark the caller unknown from here", ops::name(p.op)),
                )
                .with_note("unwinders stop at this frame (Go calls this SPWRITE); to keep the frame described, change RSP with ADD $n, RSP or SUB $n, RSP"),
            );
        }
        ed.out.push(p);
    }
    if has_frame && !nosplit {
        // the morestack block, after the last instruction: logically still the prologue
        let mut spfix = synth(Op::NOP, ed.out.last().map_or(origin, |p| p.origin), &[]);
        spfix.spadj = -fs;
        ed.out.push(spfix);
        ed.out.push(pcdata(origin, PCDATA_STACK_MAP_INDEX, -1));
        let target = ed.out.len();
        ed.out.push(unsafe_point(origin, -2));
        ed.out.push(synth(anames::MOVD, origin, &[reg(REGLINK), reg(r(3))]));
        let morestack = if flags & textflag::NEEDCTXT != 0 { "runtime.morestack" } else { "runtime.morestack_noctxt" };
        let sym = cx.syms.intern_go(morestack, false);
        ed.out.push(synth(ops::BL, origin, &[Addr::Mem(Mem { name: Name::Extern, sym: Some(sym), ..Mem::default() })]));
        ed.out.push(unsafe_point(origin, -1));
        let mut jmp = synth(ops::B, origin, &[Addr::Branch(start as u32)]);
        jmp.spadj = fs;
        ed.out.push(jmp);
        for at in to_morestack {
            ed.out[at].args[0].addr = Addr::Branch(target as u32);
        }
    }

    if let Some(cbnz) = wrapper_cbnz {
        // the WRAPPER slow path: if g->panic->argp == FP, point it at the bottom of the frame;
        // every instruction on the line of the one before it, as obj.Appendp copies it
        let at = ed.out.last().map_or(origin, |p| p.origin);
        let mov = ed.out.len();
        ed.out.push(synth(anames::MOVD, at, &[mem(REGRT1, 0), reg(REGRT2)]));
        ed.out.push(synth(anames::ADD, at, &[Addr::Imm(autosize + 8), reg(REGSP), reg(r(20))]));
        ed.out.push(synth(anames::CMP, at, &[reg(REGRT2), reg(r(20))]));
        ed.out.push(synth(anames::BNE, at, &[Addr::Branch(wrapper_end as u32)]));
        ed.out.push(synth(anames::ADD, at, &[Addr::Imm(8), reg(REGSP), reg(r(20))]));
        ed.out.push(synth(anames::MOVD, at, &[reg(r(20)), mem(REGRT1, 0)]));
        ed.out.push(synth(ops::B, at, &[Addr::Branch(wrapper_end as u32)]));
        ed.out[cbnz].args[1].addr = Addr::Branch(mov as u32);
    }

    // the user's branches still count the old Progs; the prologue's, the morestack block's and
    // the wrapper's were made with new indexes
    f.progs = ed.finish(|p| p.mark & mark::SYNTH == 0);
    if leaf {
        f.flags |= textflag::LEAF;
    }
    if noframe {
        f.flags |= textflag::NOFRAME;
    }
    f.layout = FrameLayout { autosize, listed_frame: autosize, locals, leaf, nosplit };
}

/// Go's progedit: a negative immediate of ADD, SUB, CMP, CMN (and their W forms) becomes the
/// positive immediate of the complementary instruction (done here so the listing shows it).
fn complement_negative(p: &mut Prog) {
    let wide = matches!(p.op, anames::ADD | anames::SUB | anames::CMP | anames::CMN);
    let word = matches!(p.op, anames::ADDW | anames::SUBW | anames::CMPW | anames::CMNW);
    let Some(Addr::Imm(v)) = p.args.first().map(|a| &a.addr) else { return };
    let v = *v;
    if v >= 0 || (wide && v == i64::MIN) || (word && v as i32 == i32::MIN) || !(wide || word) {
        return;
    }
    p.args[0].addr = Addr::Imm(-v);
    p.op = match p.op {
        anames::ADD => anames::SUB,
        anames::SUB => anames::ADD,
        anames::CMP => anames::CMN,
        anames::CMN => anames::CMP,
        anames::ADDW => anames::SUBW,
        anames::SUBW => anames::ADDW,
        anames::CMPW => anames::CMNW,
        _ => anames::CMPW,
    };
}

/// The bytes Go adds at the top of the frame for the frame pointer (`extrasize`), from the
/// layout the frame pass chose: autosize = F + 8 + extrasize for a function with a frame.
pub fn extrasize(f: &Func) -> i64 {
    if f.layout.autosize == 0 { 0 } else { f.layout.locals - f.frame.max(0) }
}

/// Whether `p` names REGTMP (R27) where Go's `isUnsafePoint` looks: any register operand, the
/// base of a memory operand, either register of a pair.
fn uses_regtmp(p: &Prog) -> bool {
    let tmp = Reg(REGTMP as u16);
    p.args.iter().any(|a| match &a.addr {
        Addr::Reg(x) => *x == tmp,
        Addr::Mem(m) | Addr::AddrOf(m) => m.base == tmp,
        Addr::RegPair(x, y) => *x == tmp || *y == tmp,
        _ => false,
    })
}

/// Go's `obj.MarkUnsafePoints` with arm64's `isUnsafePoint` (REGTMP named) and `isRestartable`
/// (`restartable[i]`: Prog `i` expands to several instructions that build a constant in REGTMP):
/// inserts the `PCDATA $0` markers around such Progs. Branch targets follow their Progs.
pub fn mark_unsafe_points(progs: &mut Vec<Prog>, restartable: &[bool]) {
    let n = progs.len();
    let unsafe_at: Vec<bool> = progs
        .iter()
        .map(|p| !matches!(p.op, Op::TEXT | Op::PCDATA | Op::FUNCDATA | Op::NOP) && uses_regtmp(p))
        .collect();
    let restart = |i: usize| !unsafe_at[i] && restartable.get(i).copied().unwrap_or(false);
    if !(0..n).any(|i| unsafe_at[i] || restart(i)) {
        return;
    }
    let marker = |origin, value, pc| {
        let mut q = pcdata(origin, PCDATA_UNSAFE_POINT, value);
        q.pc = pc;
        q
    };
    // markers to insert before the Prog of each index (in order)
    let mut inserts: Vec<(usize, Prog)> = Vec::new();
    let mut prev_pcdata = -1i64;
    let mut prev_restart = 0i64;
    // the origin of the Prog before the current one in the output (Appendp copies it)
    let mut prev_origin = progs[0].origin;
    let mut i = 1;
    while i < n {
        let p = &progs[i];
        if p.op == Op::PCDATA && p.arg(0).imm() == Some(PCDATA_UNSAFE_POINT) {
            prev_pcdata = p.arg(1).imm().unwrap_or(-1);
        } else if prev_pcdata == -2 {
        } else if unsafe_at[i] {
            inserts.push((i, marker(prev_origin, -2, p.pc)));
            let mut j = i;
            while j + 1 < n && unsafe_at[j + 1] {
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
        } else if restart(i) {
            let mut val = -3; // PCDATA_Restart1
            if val == prev_restart {
                val = -4; // PCDATA_Restart2
            }
            prev_restart = val;
            inserts.push((i, marker(prev_origin, val, p.pc)));
            if i + 1 >= n {
                break;
            }
            if !restart(i + 1) {
                inserts.push((i + 1, marker(p.origin, prev_pcdata, progs[i + 1].pc)));
                prev_origin = p.origin;
                i += 1;
                continue;
            }
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
    // every target still counts the Progs before the markers went in
    *progs = ed.finish(|_| true);
}
