//! The mips64 frame pass: Go 1.19's obj0.go `progedit`, `preprocess` and `stacksplit`,
//! producing the same prologue, stack check, LR save, WRAPPER code, epilogues, SP adjustments
//! and delay-slot `NOOP`s as Go (Go schedules nothing: every branch is followed by a `NOOP`),
//! and `MarkUnsafePoints`' async-preemption markers ([`mark_unsafe_points`], run by the
//! encoder once sizes are known).
//!
//! The frame Go lays out (autosize = F + 8, rounded up to a multiple of 8):
//!
//! ```text
//!   entry R29 (CFA) -> +------------------------+
//!                      | locals: x-8(SP) ... (pseudo-SP = CFA)
//!                      | 8(R29): outgoing arguments
//!   R29             -> | 0(R29): saved LR (R31)   (CFA - autosize)
//!                      +------------------------+
//! ```
//!
//! Beyond Go: each save and restore carries a [`FrameNote`] so the frame model and the CFI
//! describe where R31 (the return-address column) is; an SP write Go would mark SPWRITE is
//! reported (W0405) and ends the frame description.

use p9asm_macros::Diag;

use super::aout::*;
use super::{anames, ops};
use crate::arch::Ctx;
use crate::frame::{FrameNote, PCDATA_STACK_MAP_INDEX, PCDATA_UNSAFE_POINT, pcdata, unsafe_point};
use crate::prog::{Addr, DataInit, DataSym, FrameLayout, Func, Mem, Name, Op, Operand, Prog, Reg, mark, textflag};

const STACK_SMALL: i64 = 128;
const STACK_BIG: i64 = 4096;
/// Go's `PtrSize` on mips64.
const PTR: i64 = 8;
/// Go's `FixedFrameSize` on mips64.
const FIXED: i64 = 8;

fn reg(r: i64) -> Addr {
    Addr::Reg(Reg(r as u16))
}
fn mem(base: i64, offset: i64) -> Addr {
    Addr::Mem(Mem { base: Reg(base as u16), offset, ..Mem::default() })
}

/// A Prog the assembler adds, at `origin`.
fn synth(op: Op, origin: p9asm_macros::Origin, args: &[Addr]) -> Prog {
    Prog::with(op, origin, args).synth()
}

/// The ops Go's preprocess marks `BRANCH`: each gets a `NOOP` in its delay slot. `BFPT` and
/// `BFPF` are not among them: their encoding carries its own zero delay slot.
pub fn is_branch(op: Op) -> bool {
    matches!(op, Op::JMP | Op::CALL)
        || matches!(op, anames::BEQ | anames::BNE | anames::BGEZ | anames::BGTZ | anames::BLEZ | anames::BLTZ)
        || matches!(op, anames::BGEZAL | anames::BLTZAL)
}

/// Whether `p` writes R29 through its destination operand (Go's `p.To.Reg == REGSP`).
fn writes_sp(p: &Prog) -> bool {
    if p.op.is_pseudo() || p.args.len() < 2 || p.last() != &reg(REGSP) {
        return false;
    }
    // the second operand of a compare or multiply is Go's Reg, not To
    !(p.args.len() == 2 && (ops::is_cmp(p.op) || ops::is_mul(p.op)))
}

/// A read-only constant Go's `ctxt.Int64Sym`/`Float64Sym`/`Float32Sym` makes.
fn const_sym(cx: &mut Ctx, name: String, bits: i64, size: u8, origin: p9asm_macros::Origin) -> Addr {
    let sym = cx.syms.intern_go(&name, true);
    if !cx.consts.iter().any(|d| d.sym == sym) {
        cx.consts.push(DataSym {
            sym,
            flags: textflag::RODATA,
            size: size as i64,
            inits: vec![DataInit { offset: 0, size, value: Addr::Imm(bits), origin }],
            origin,
            declared: true,
        });
    }
    Addr::Mem(Mem { name: Name::Extern, sym: Some(sym), ..Mem::default() })
}

/// Go's progedit (run before the frame pass, so the listing and the SP tracking see it):
/// float constants and 64-bit `MOVV` constants from memory, `SUB $c` as `ADD $-c`.
fn progedit(p: &mut Prog, cx: &mut Ctx) {
    let origin = p.origin;
    match (p.op, p.args.first().map(|a| a.addr.clone())) {
        (anames::MOVF, Some(Addr::Float(f))) => {
            let f32v = f as f32;
            if f32v.to_bits() == 0 {
                p.op = anames::MOVW;
                p.args[0].addr = reg(REGZERO);
            } else {
                p.args[0].addr =
                    const_sym(cx, format!("$f32.{:08x}", f32v.to_bits()), f32v.to_bits() as i64, 4, origin);
            }
        }
        (anames::MOVD, Some(Addr::Float(f))) => {
            if f.to_bits() == 0 {
                p.op = anames::MOVV;
                p.args[0].addr = reg(REGZERO);
            } else {
                p.args[0].addr = const_sym(cx, format!("$f64.{:016x}", f.to_bits()), f.to_bits() as i64, 8, origin);
            }
        }
        (anames::MOVV, Some(Addr::Imm(v))) if v as i32 as i64 != v => {
            p.args[0].addr = const_sym(cx, format!("$i64.{:016x}", v as u64), v, 8, origin);
        }
        _ => {}
    }
    let add = match p.op {
        anames::SUB => anames::ADD,
        anames::SUBU => anames::ADDU,
        anames::SUBV => anames::ADDV,
        anames::SUBVU => anames::ADDVU,
        _ => return,
    };
    if let Some(Addr::Imm(v)) = p.args.first().map(|a| &a.addr) {
        p.args[0].addr = Addr::Imm(v.wrapping_neg());
        p.op = add;
    }
}

/// Pushes `p` and, if Go marks it `BRANCH`, the `NOOP` of its delay slot (Go's `addnop`).
fn push(out: &mut Vec<Prog>, p: Prog) {
    let branch = is_branch(p.op);
    let origin = p.origin;
    out.push(p);
    if branch {
        out.push(synth(anames::NOOP, origin, &[]));
    }
}

pub fn preprocess(f: &mut Func, cx: &mut Ctx) {
    let origin = f.origin;
    let flags = f.flags;
    let mut noframe = flags & textflag::NOFRAME != 0;
    let mut textstksiz = f.frame;
    if textstksiz == -FIXED {
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
    for p in f.progs.iter_mut().skip(1) {
        progedit(p, cx);
    }
    let mut leaf = !f.progs.iter().any(|p| matches!(p.op, Op::CALL | anames::BGEZAL | anames::BLTZAL));
    let mut autosize = textstksiz;
    if leaf && autosize == 0 {
        // a leaf function with no locals has no frame
        noframe = true;
    }
    if !noframe {
        // a frame always includes the LR slot
        autosize += FIXED;
    }
    if autosize & 4 != 0 {
        autosize += 4;
    }
    let nosplit = flags & textflag::NOSPLIT != 0;
    if autosize == 0 && !leaf && nosplit {
        // the save is suppressed: treated as a leaf
        leaf = true;
    }
    let wrapper = flags & textflag::WRAPPER != 0;
    let fs = autosize as i32;

    let body = std::mem::take(&mut f.progs);
    let n_body = body.len();
    if n_body == 1 {
        // nothing to do for a function without instructions (Go returns early)
        f.progs = body;
        f.layout = FrameLayout { autosize, listed_frame: autosize - FIXED, locals: textstksiz, leaf, nosplit };
        return;
    }
    let mut body = body.into_iter();
    let text = body.next().expect("TEXT prog");
    let body: Vec<Prog> = body.collect();
    let mut ed = crate::pass::ProgEditor::new(n_body, n_body * 2 + 32);
    ed.out.push(text);

    if !(leaf && noframe) {
        if !nosplit {
            stacksplit(&mut ed.out, cx, origin, autosize, flags);
        }
        if autosize != 0 {
            // save LR before moving SP, and again after (a signal may land below SP first)
            ed.out.push(unsafe_point(origin, -2));
            let mut save = synth(anames::MOVV, origin, &[reg(REGLINK), mem(REGSP, -autosize)]);
            save.note = FrameNote::SaveReg(Reg(REGLINK as u16), -fs);
            ed.out.push(save);
            let mut sub = synth(anames::ADDV, origin, &[Addr::Imm(-autosize), reg(REGSP)]);
            sub.spadj = fs;
            ed.out.push(sub);
            ed.out.push(unsafe_point(origin, -1));
            let mut again = synth(anames::MOVV, origin, &[reg(REGLINK), mem(REGSP, 0)]);
            again.note = FrameNote::SaveReg(Reg(REGLINK as u16), -fs);
            ed.out.push(again);
        }
        if wrapper && !leaf {
            // if g->panic != nil && g->panic->argp == FP { g->panic->argp = bottom-of-frame }
            let out = &mut ed.out;
            out.push(synth(anames::MOVV, origin, &[mem(REGG, 4 * PTR), reg(REG_R1)]));
            let beq = out.len();
            push(out, synth(anames::BEQ, origin, &[reg(REG_R1), Addr::Branch(u32::MAX)]));
            out.push(synth(anames::MOVV, origin, &[mem(REG_R1, 0), reg(REG_R2)]));
            out.push(synth(anames::ADDV, origin, &[Addr::Imm(autosize + FIXED), reg(REGSP), reg(REG_R3)]));
            let bne = out.len();
            push(out, synth(anames::BNE, origin, &[reg(REG_R2), reg(REG_R3), Addr::Branch(u32::MAX)]));
            out.push(synth(anames::ADDV, origin, &[Addr::Imm(FIXED), reg(REGSP), reg(REG_R2)]));
            out.push(synth(anames::MOVV, origin, &[reg(REG_R2), mem(REG_R1, 0)]));
            let end = out.len() as u32;
            out.push(synth(Op::NOP, origin, &[]));
            out[beq].args[1].addr = Addr::Branch(end);
            out[bne].args[2].addr = Addr::Branch(end);
        }
    }
    // Go's RET expansion for a non-leaf function without a frame links the JMP after a stale
    // `q`: the stack check's placeholder NOP (each RET's JMP right after it, so in reverse order)
    let stale_q = !leaf && autosize == 0;
    if stale_q {
        let rets: Vec<&Prog> = body.iter().filter(|p| p.op == Op::RET).collect();
        for p in rets.into_iter().rev() {
            let mut jmp = ret_jump(p);
            jmp.mark |= mark::SYNTH;
            push(&mut ed.out, jmp);
        }
    }

    for (k, mut p) in body.into_iter().enumerate() {
        let old = k + 1;
        ed.land(old);
        if p.op == Op::RET {
            let at = p.origin;
            if leaf {
                if autosize == 0 {
                    let mut jmp = ret_jump(&p);
                    jmp.mark |= mark::SYNTH;
                    push(&mut ed.out, jmp);
                    continue;
                }
                let mut add = synth(anames::ADDV, at, &[Addr::Imm(autosize), reg(REGSP)]);
                add.spadj = -fs;
                // a leaf never changed LR: the register holds the return address again
                add.note = FrameNote::RestoreReg(Reg(REGLINK as u16));
                ed.out.push(add);
                let mut jmp = ret_jump(&p);
                jmp.spadj = fs;
                push(&mut ed.out, jmp);
                continue;
            }
            let mut load = synth(anames::MOVV, at, &[mem(REGSP, 0), reg(REGLINK)]);
            load.note = FrameNote::RestoreReg(Reg(REGLINK as u16));
            ed.out.push(load);
            if autosize != 0 {
                let mut add = synth(anames::ADDV, at, &[Addr::Imm(autosize), reg(REGSP)]);
                add.spadj = -fs;
                ed.out.push(add);
                let mut jmp = ret_jump(&p);
                jmp.spadj = fs;
                push(&mut ed.out, jmp);
            }
            continue;
        }
        if matches!(p.op, anames::ADD | anames::ADDU | anames::ADDV | anames::ADDVU)
            && writes_sp(&p)
            && let Addr::Imm(v) = *p.arg(0)
        {
            match i32::try_from(v.wrapping_neg()) {
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
                    format!("{} writes R29 in a way p9asm cannot follow; the unwind tables mark the caller unknown from here", ops::name(p.op)),
                )
                .with_note("unwinders stop at this frame (Go calls this SPWRITE); to keep the frame described, change R29 with ADDV $n, R29"),
            );
        }
        push(&mut ed.out, p);
    }

    // the user's branches still count the old Progs; the prologue's were made with new indexes
    f.progs = ed.finish(|p| p.mark & mark::SYNTH == 0);
    if leaf {
        f.flags |= textflag::LEAF;
    }
    if noframe {
        f.flags |= textflag::NOFRAME;
    }
    f.layout = FrameLayout { autosize, listed_frame: autosize - FIXED, locals: textstksiz, leaf, nosplit };
}

/// The `JMP (R31)` (or `JMP sym(SB)` for `RET sym(SB)`) a RET becomes, on the RET's line.
fn ret_jump(p: &Prog) -> Prog {
    let at = p.origin;
    let target = match p.arg(0) {
        Addr::Mem(m) if m.sym.is_some() => Addr::Mem(Mem { name: Name::Extern, ..*m }),
        _ => mem(REGLINK, 0),
    };
    let mut jmp = Prog::new(Op::JMP, at);
    jmp.args.push(Operand::new(target, at));
    jmp.mark |= mark::SYNTH_EPILOGUE;
    jmp
}

/// Go's `stacksplit`: the inline stack check, the morestack call and the jump back.
fn stacksplit(out: &mut Vec<Prog>, cx: &mut Ctx, origin: p9asm_macros::Origin, framesize: i64, flags: i64) {
    let start = out.len() as u32;
    out.push(synth(anames::MOVV, origin, &[mem(REGG, 2 * PTR), reg(REG_R1)]));
    out.push(unsafe_point(origin, -2));
    let mut to_call = None;
    if framesize <= STACK_SMALL {
        // small stack: SP < stackguard
        out.push(synth(anames::SGTU, origin, &[reg(REGSP), reg(REG_R1), reg(REG_R1)]));
    } else {
        let offset = framesize - STACK_SMALL;
        if framesize > STACK_BIG {
            // SP - framesize may underflow: branch to morestack first if SP < framesize-StackSmall
            out.push(synth(anames::SGTU, origin, &[Addr::Imm(offset), reg(REGSP), reg(REG_R2)]));
            to_call = Some(out.len());
            push(out, synth(anames::BNE, origin, &[reg(REG_R2), Addr::Branch(u32::MAX)]));
        }
        out.push(synth(anames::ADDV, origin, &[Addr::Imm(-offset), reg(REGSP), reg(REG_R2)]));
        out.push(synth(anames::SGTU, origin, &[reg(REG_R2), reg(REG_R1), reg(REG_R1)]));
    }
    let q1 = out.len();
    push(out, synth(anames::BNE, origin, &[reg(REG_R1), Addr::Branch(u32::MAX)]));
    let mov = out.len() as u32;
    out.push(synth(anames::MOVV, origin, &[reg(REGLINK), reg(REG_R3)]));
    if let Some(q) = to_call {
        out[q].args[1].addr = Addr::Branch(mov);
    }
    out.push(pcdata(origin, PCDATA_STACK_MAP_INDEX, -1));
    let morestack = if flags & textflag::NEEDCTXT != 0 { "runtime.morestack" } else { "runtime.morestack_noctxt" };
    let sym = cx.syms.intern_go(morestack, false);
    push(out, synth(Op::CALL, origin, &[Addr::Mem(Mem { name: Name::Extern, sym: Some(sym), ..Mem::default() })]));
    out.push(unsafe_point(origin, -1));
    push(out, synth(Op::JMP, origin, &[Addr::Branch(start)]));
    let done = out.len() as u32;
    out.push(synth(Op::NOP, origin, &[]));
    out[q1].args[1].addr = Addr::Branch(done);
}

/// Whether `p` names REGTMP (R23) where Go's `isUnsafePoint` looks: a register operand or the
/// base of a memory operand.
fn uses_regtmp(p: &Prog) -> bool {
    let tmp = Reg(REGTMP as u16);
    p.args.iter().any(|a| match &a.addr {
        Addr::Reg(x) => *x == tmp,
        Addr::Mem(m) | Addr::AddrOf(m) => m.base == tmp,
        _ => false,
    })
}

/// Go's `obj.MarkUnsafePoints` with mips' `isUnsafePoint` (REGTMP named) and `isRestartable`
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
    let mut inserts: Vec<(usize, Prog)> = Vec::new();
    let mut prev_pcdata = -1i64;
    let mut prev_restart = 0i64;
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
    *progs = ed.finish(|_| true);
}
