//! The arm frame pass: Go 1.19's obj5.go `preprocess` and `stacksplit`, producing the same
//! prologue, stack check, LR save, WRAPPER code, epilogues, software division and SP
//! adjustments as Go.
//!
//! The frame Go lays out (autosize = F + 4 for a function with a frame):
//!
//! ```text
//!   entry SP (CFA) ->  +------------------------+
//!                      | locals: x-4(SP) ... (pseudo-SP = CFA)
//!                      | 4(R13): outgoing arguments
//!   R13            ->  | 0(R13): saved LR (R14)       (CFA - autosize)
//!                      +------------------------+
//! ```
//!
//! `MOVW.W R14, -autosize(R13)` allocates the frame and saves LR in one instruction; a return
//! is `MOVW.P autosize(R13), R15`, which pops the frame and returns in one. So that the frame
//! model sees the return where SP is back at the CFA, p9asm keeps Go's RET Prog as a
//! zero-width `RET` after that `MOVW.P` (it encodes to nothing; the bytes are Go's). A leaf
//! without a frame returns with `B (R14)`, which is Go's RET itself.
//!
//! Beyond Go: each save and restore carries a [`FrameNote`] so the frame model and the CFI
//! describe where R14 (the return-address column) is; an SP write Go would mark SPWRITE is
//! reported (W0405) and ends the frame description.

use p9asm_macros::Diag;

use super::anames::*;
use super::aout::*;
use super::ops;
use crate::arch::Ctx;
use crate::frame::{FrameNote, PCDATA_STACK_MAP_INDEX, pcdata, unsafe_point};
use crate::prog::{Addr, FrameLayout, Func, Mem, Name, Op, Operand, Prog, Reg, mark, textflag};

const STACK_SMALL: i64 = 128;
const STACK_BIG: i64 = 4096;
/// Go's `PtrSize` on arm.
const PTR: i64 = 4;

fn reg(r: i64) -> Addr {
    Addr::Reg(Reg(r as u16))
}
fn mem(base: i64, offset: i64) -> Addr {
    Addr::Mem(Mem { base: Reg(base as u16), offset, ..Mem::default() })
}
fn addr_of(base: i64, offset: i64) -> Addr {
    Addr::AddrOf(Mem { base: Reg(base as u16), offset, ..Mem::default() })
}
fn extern_sym(s: crate::sym::SymId) -> Addr {
    Addr::Mem(Mem { name: Name::Extern, sym: Some(s), ..Mem::default() })
}

/// A Prog the assembler adds, at `origin`.
fn synth(op: Op, origin: p9asm_macros::Origin, args: &[Addr]) -> Prog {
    Prog::with(op, origin, args).synth()
}

/// Go's To of an arm Prog: the last operand, except for compares (their last is `Reg`).
fn go_to(p: &Prog) -> Option<&Addr> {
    if p.op.is_pseudo() && !matches!(p.op, Op::JMP | Op::CALL | Op::RET) {
        return None;
    }
    match p.args.len() {
        0 => None,
        1 if matches!(p.op, Op::RET | SWI | WORD) || ops::is_jump(p.op) || matches!(p.op, Op::JMP | Op::CALL) => {
            p.args.last().map(|a| &a.addr)
        }
        1 => None,
        2 if matches!(p.op, CMP | CMN | TEQ | TST | CMPF | CMPD) => None,
        _ => p.args.last().map(|a| &a.addr),
    }
}

/// Go's `p.To.Type == TYPE_REG && p.To.Reg == REGSP`.
pub fn writes_sp(p: &Prog) -> bool {
    go_to(p) == Some(&reg(REGSP))
}

/// Whether `p` executes under a condition other than "always".
pub fn conditional(p: &Prog) -> bool {
    (p.suffix as i64) & C_SCOND != C_SCOND_NONE
}

pub fn preprocess(f: &mut Func, cx: &mut Ctx) {
    // arch.ARMConditionCodes: a written B.NE is BNE (Go rewrites it in the parser, so listings
    // and the frame model see the conditional branch)
    for p in f.progs.iter_mut() {
        if p.op == ops::B && conditional(p) {
            p.op = super::encode::bcode(((p.suffix as i64) ^ C_SCOND_XOR) & 15);
            p.suffix = ((p.suffix as i64 & !C_SCOND) | C_SCOND_NONE) as u16;
        }
    }
    let origin = f.origin;
    let flags = f.flags;
    let mut noframe = flags & textflag::NOFRAME != 0;
    let mut autoffset = f.frame;
    if autoffset == -4 {
        // the historical way to mark NOFRAME
        noframe = true;
        autoffset = 0;
    }
    if autoffset < 0 || autoffset % 4 != 0 {
        cx.diags.push(Diag::error(
            "E0210",
            origin,
            format!("frame size {autoffset} not 0 or a positive multiple of 4"),
        ));
        return;
    }
    if noframe && autoffset != 0 {
        cx.diags.push(Diag::error(
            "E0210",
            origin,
            format!("NOFRAME functions must have a frame size of 0, not {autoffset}"),
        ));
        return;
    }
    let goarm = super::goarm(cx.defines);
    // progedit (before the leaf scan): at GOARM<7 the TLS-base MRC is a call
    let tls_call = |p: &Prog| goarm < 7 && super::encode::is_tls_mrc(p);
    let mut leaf =
        !f.progs.iter().any(|p| matches!(p.op, DIV | DIVU | MOD | MODU | BX) || p.op == ops::BL || tls_call(p));
    let mut autosize = autoffset;
    if leaf && autosize == 0 {
        // a leaf function with no locals has no frame
        noframe = true;
    }
    if !noframe {
        // a frame includes the LR slot
        autosize += 4;
    }
    if autosize == 0 && !leaf {
        // "save suppressed": a function that does not return to its caller
        leaf = true;
    }
    let nosplit = flags & textflag::NOSPLIT != 0;
    let wrapper = flags & textflag::WRAPPER != 0;
    let has_frame = !(leaf && noframe);
    let fs = autosize as i32;

    let body = std::mem::take(&mut f.progs);
    let n_body = body.len();
    let mut body = body.into_iter();
    let text = body.next().expect("TEXT prog");
    let mut ed = crate::pass::ProgEditor::new(n_body, n_body + 32);
    ed.out.push(text);

    let mut bls_at = None;
    let mut start = 1usize;
    let mut wrapper_bne = None;
    let mut wrapper_end = 0usize;
    if has_frame {
        if !nosplit {
            // stacksplit
            start = ed.out.len();
            ed.out.push(synth(MOVW, origin, &[mem(REGG, 2 * PTR), reg(REG_R1)]));
            ed.out.push(unsafe_point(origin, -2));
            if autosize <= STACK_SMALL {
                ed.out.push(synth(CMP, origin, &[reg(REG_R1), reg(REGSP)]));
            } else if autosize <= STACK_BIG {
                ed.out.push(synth(MOVW, origin, &[addr_of(REGSP, -(autosize - STACK_SMALL)), reg(REG_R2)]));
                ed.out.push(synth(CMP, origin, &[reg(REG_R1), reg(REG_R2)]));
            } else {
                let mut sub = synth(SUB, origin, &[Addr::Imm(autosize - STACK_SMALL), reg(REGSP), reg(REG_R2)]);
                sub.suffix = C_SBIT as u16;
                ed.out.push(sub);
                let mut cmp = synth(CMP, origin, &[reg(REG_R1), reg(REG_R2)]);
                cmp.suffix = C_SCOND_HS as u16;
                ed.out.push(cmp);
            }
            bls_at = Some(ed.out.len());
            ed.out.push(synth(BLS, origin, &[Addr::Branch(u32::MAX)]));
            ed.out.push(unsafe_point(origin, -1));
        }
        // MOVW.W R14, $-autosize(SP)
        let mut save = synth(MOVW, origin, &[reg(REGLINK), mem(REGSP, -autosize)]);
        save.suffix = C_WBIT as u16;
        save.spadj = fs;
        save.note = FrameNote::SaveReg(Reg(REGLINK as u16), -fs);
        ed.out.push(save);
        if wrapper {
            // if g->panic != nil && g->panic->argp == FP: g->panic->argp = bottom-of-frame
            ed.out.push(synth(MOVW, origin, &[mem(REGG, 4 * PTR), reg(REG_R1)]));
            ed.out.push(synth(CMP, origin, &[Addr::Imm(0), reg(REG_R1)]));
            wrapper_bne = Some(ed.out.len());
            ed.out.push(synth(BNE, origin, &[Addr::Branch(u32::MAX)]));
            wrapper_end = ed.out.len();
            ed.out.push(synth(Op::NOP, origin, &[]));
        }
    }

    let g = |name: &str| cx.syms.intern_go(name, false);
    // one W0405 a function: after the first, the frame is unknown anyway
    let mut lost_reported = false;
    for (k, mut p) in body.enumerate() {
        let old = k + 1;
        ed.land(old);
        let at = p.origin;
        if p.op == Op::RET {
            let retjmp = match p.args.first().map(|a| &a.addr) {
                Some(Addr::Mem(m)) if m.sym.is_some() => Some(m.sym.expect("checked")),
                _ => None,
            };
            if leaf && autosize == 0 {
                // B (R14), or the tail jump: Go's RET Prog itself
                p.op = ops::B;
                if retjmp.is_none() {
                    p.args.clear();
                    p.args.push(Operand::new(mem(REGLINK, 0), at));
                }
                p.mark |= mark::SYNTH_EPILOGUE;
                ed.out.push(p);
                continue;
            }
            // MOVW.P autosize(SP), PC (LR for a tail jump)
            let mut pop = synth(MOVW, at, &[mem(REGSP, autosize), reg(if retjmp.is_some() { REGLINK } else { REGPC })]);
            pop.mark &= !mark::SYNTH;
            pop.suffix = p.suffix | C_PBIT as u16;
            pop.spadj = -fs;
            pop.note = FrameNote::RestoreReg(Reg(REGLINK as u16));
            ed.out.push(pop);
            // the return itself: zero-width after the pop (or the tail jump B sym)
            let mut ret = match retjmp {
                Some(s) => {
                    let mut b = synth(ops::B, at, &[extern_sym(s)]);
                    b.suffix = 0;
                    b
                }
                None => {
                    let mut r = synth(Op::RET, at, &[]);
                    r.suffix = p.suffix;
                    r.mark |= mark::UNLISTED;
                    r
                }
            };
            ret.mark |= mark::SYNTH_EPILOGUE;
            ret.spadj = fs;
            ed.out.push(ret);
            continue;
        }
        if tls_call(&p) {
            // Go's progedit for CPUs without the TLS register: MOVW LR, R11;
            // BL runtime.read_tls_fallback(SB); MOVW R11, LR (the result is in R0)
            if let Ok(w) = super::encode::mrc_word(&p)
                && w & 0xf000 != 0
            {
                cx.diags.push(Diag::error(
                    "E0301",
                    at,
                    "TLS MRC instruction must write to R0 as it might get translated into a BL instruction",
                ));
            }
            let fallback = g("runtime.read_tls_fallback");
            ed.out.push(Prog::with(MOVW, at, &[reg(REGLINK), reg(REGTMP)]));
            ed.out.push(Prog::with(ops::BL, at, &[extern_sym(fallback)]));
            ed.out.push(Prog::with(MOVW, at, &[reg(REGTMP), reg(REGLINK)]));
            continue;
        }
        if matches!(p.op, DIV | DIVU | MOD | MODU) {
            if nosplit {
                cx.diags.push(Diag::error("E0301", at, "cannot divide in NOSPLIT function"));
            }
            let n = p.args.len();
            let regs: Option<Vec<Reg>> = p.args.iter().map(|a| a.addr.reg()).collect();
            if let (Some(regs), 2 | 3) = (regs, n) {
                let (from, to) = (regs[0], regs[n - 1]);
                let b = if n == 3 { regs[1] } else { to };
                if b.0 as i64 == REGTMP || (n == 2 && to.0 as i64 == REGTMP) {
                    cx.diags.push(Diag::error("E0301", at, format!("div already using REGTMP: {}", ops::name(p.op))));
                }
                let sym = g(match p.op {
                    DIV => "runtime._div",
                    DIVU => "runtime._divu",
                    MOD => "runtime._mod",
                    _ => "runtime._modu",
                });
                // MOV m(g),REGTMP; MOV a,m_divmod(REGTMP); MOV b,R8; BL _div; MOV REGTMP,b
                ed.out.push(Prog::with(MOVW, at, &[mem(REGG, 6 * 4), reg(REGTMP)]));
                ed.out.push(Prog::with(MOVW, at, &[Addr::Reg(from), mem(REGTMP, 8 * 4)]));
                ed.out.push(Prog::with(MOVW, at, &[Addr::Reg(b), reg(REG_R8)]));
                ed.out.push(Prog::with(ops::BL, at, &[extern_sym(sym)]));
                ed.out.push(Prog::with(MOVW, at, &[reg(REGTMP), Addr::Reg(to)]));
                continue;
            }
        }
        sp_adjust(&mut p, cx, &mut lost_reported);
        ed.out.push(p);
    }

    if let Some(bls) = bls_at {
        // the morestack block, after the last instruction: logically still the prologue
        let last = ed.out.last().map_or(origin, |p| p.origin);
        let mut spfix = synth(Op::NOP, last, &[]);
        spfix.spadj = -fs;
        ed.out.push(spfix);
        ed.out.push(pcdata(origin, PCDATA_STACK_MAP_INDEX, -1));
        ed.out.push(unsafe_point(origin, -2));
        let target = ed.out.len();
        ed.out.push(synth(MOVW, origin, &[reg(REGLINK), reg(REG_R3)]));
        let morestack = if flags & textflag::NEEDCTXT != 0 { "runtime.morestack" } else { "runtime.morestack_noctxt" };
        ed.out.push(synth(ops::BL, origin, &[extern_sym(g(morestack))]));
        ed.out.push(unsafe_point(origin, -1));
        let mut jmp = synth(ops::B, origin, &[Addr::Branch(start as u32)]);
        jmp.spadj = fs;
        ed.out.push(jmp);
        ed.out[bls].args[0].addr = Addr::Branch(target as u32);
    }

    if let Some(bne) = wrapper_bne {
        // the WRAPPER slow path after the morestack block, on the line of the last Prog
        let at = ed.out.last().map_or(origin, |p| p.origin);
        let mov = ed.out.len();
        ed.out.push(synth(MOVW, at, &[mem(REG_R1, 0), reg(REG_R2)]));
        ed.out.push(synth(ADD, at, &[Addr::Imm(autosize + 4), reg(REG_R13), reg(REG_R3)]));
        ed.out.push(synth(CMP, at, &[reg(REG_R2), reg(REG_R3)]));
        ed.out.push(synth(BNE, at, &[Addr::Branch(wrapper_end as u32)]));
        ed.out.push(synth(ADD, at, &[Addr::Imm(4), reg(REG_R13), reg(REG_R4)]));
        ed.out.push(synth(MOVW, at, &[reg(REG_R4), mem(REG_R1, 0)]));
        ed.out.push(synth(ops::B, at, &[Addr::Branch(wrapper_end as u32)]));
        ed.out[bne].args[0].addr = Addr::Branch(mov as u32);
    }

    f.progs = ed.finish(|p| p.mark & mark::SYNTH == 0);
    if leaf {
        f.flags |= textflag::LEAF;
    }
    if noframe {
        f.flags |= textflag::NOFRAME;
    }
    f.layout = FrameLayout { autosize, listed_frame: autosize - 4, locals: autoffset, leaf, nosplit };
}

/// Go's SP bookkeeping of the body: `ADD`/`SUB $c, R13`, `MOVW.W Rx, -c(R13)`,
/// `MOVW.P c(R13), Rx`, `MOVW $-c(R13), R13`; any other write of R13 is Go's SPWRITE.
fn sp_adjust(p: &mut Prog, cx: &mut Ctx, reported: &mut bool) {
    let sc = p.suffix as i64;
    let to_sp = writes_sp(p);
    let konst = |a: &Addr| if let Addr::Imm(v) = a { Some(*v) } else { None };
    let spadj: Option<i64> = match p.op {
        ADD if to_sp => konst(p.arg(0)).map(|v| -v),
        SUB if to_sp => konst(p.arg(0)),
        MOVW => {
            let (from, to) = (p.arg(0).clone(), p.last().clone());
            match (&from, &to) {
                (_, Addr::Mem(m)) if sc & C_WBIT != 0 && m.base.0 as i64 == REGSP && m.name == Name::None => {
                    Some(-m.offset)
                }
                (Addr::Mem(m), t)
                    if sc & C_PBIT != 0 && m.base.0 as i64 == REGSP && m.name == Name::None && *t != reg(REGPC) =>
                {
                    Some(-m.offset)
                }
                (Addr::AddrOf(m), Addr::Reg(r))
                    if m.base.0 as i64 == REGSP && r.0 as i64 == REGSP && m.name == Name::None =>
                {
                    Some(-m.offset)
                }
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(v) = spadj {
        match i32::try_from(v) {
            Ok(v) => p.spadj = v,
            Err(_) => p.note = FrameNote::SpWrite,
        }
    }
    if p.spadj != 0 && conditional(p) {
        // Go's delta is the taken path's; where the condition fails SP is unchanged, so the
        // frame differs on the two paths from here: say so, and describe no caller
        p.note = FrameNote::SpWrite;
        if std::mem::replace(reported, true) {
            return;
        }
        cx.diags.push(
            Diag::warning(
                "W0405",
                p.origin,
                format!(
                    "{}{} changes R13 only when its condition holds; the unwind tables mark the caller unknown from here",
                    ops::name(p.op),
                    super::cconv(p.suffix)
                ),
            )
            .with_note("Go's SP delta counts it as taken; branch around an unconditional SP change instead"),
        );
        return;
    }
    if to_sp && p.spadj == 0 && p.note == FrameNote::None {
        p.note = FrameNote::SpWrite;
        if std::mem::replace(reported, true) {
            return;
        }
        cx.diags.push(
            Diag::warning(
                "W0405",
                p.origin,
                format!("{} writes R13 in a way p9asm cannot follow; the unwind tables mark the caller unknown from here", ops::name(p.op)),
            )
            .with_note("unwinders stop at this frame (Go calls this SPWRITE); to keep the frame described, change R13 with ADD $n, R13 or SUB $n, R13"),
        );
    }
}
