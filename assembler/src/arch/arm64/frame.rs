//! The arm64 frame pass (Go's obj7.go `preprocess`).
//!
//! What is here: functions without a frame — `NOFRAME` ones (the historical `$-8` included) and
//! leaves with a zero frame size, which Go also assembles without a frame — and the per-Prog
//! rewrites of `preprocess` that do not depend on a frame (SP adjustments of `ADD`/`SUB` on
//! RSP, the shifted-register form on RSP, done by the encoder's adapter). `RET` in such a
//! function is `RET (LR)`, `RET sym(SB)` is `B sym(SB)` (the encoder's adapter does both, as
//! Go's preprocess does for a leaf without frame).
//!
//! TODO(arm64 frames): port obj7.go's prologue and epilogue — the LR/FP save with `MOVD.W` or
//! `STP` (`SUB $autosize, RSP, R20` for frames over 0xf0 bytes), the extra 8 or 16 bytes for
//! the frame pointer (`extrasize`), the stack-split check (`stacksplit`, `runtime.morestack`
//! calls), `WRAPPER` panic-argp adjustment, epilogue `LDP -8(RSP), (R29, R30)` before each
//! `RET`, `GETCALLERPC`, `DUFFCOPY`/`DUFFZERO` expansion. Until then such a function is rejected
//! with E0306 naming what is missing; the encoder never sees it.

use p9asm_macros::Diag;

use super::aout::*;
use super::{anames, ops};
use crate::arch::Ctx;
use crate::prog::{Addr, FrameLayout, Func, Op, textflag};

pub fn preprocess(f: &mut Func, cx: &mut Ctx) {
    let mut noframe = f.flags & textflag::NOFRAME != 0;
    let mut frame = f.frame;
    if frame == -8 {
        // the historical way to mark NOFRAME
        noframe = true;
        frame = 0;
    }
    if frame < 0 {
        cx.diags.push(Diag::error("E0210", f.origin, format!("negative frame size {frame} - did you mean NOFRAME?")));
        return;
    }
    if noframe && frame != 0 {
        cx.diags.push(Diag::error(
            "E0210",
            f.origin,
            format!("NOFRAME functions must have a frame size of 0, not {frame}"),
        ));
        return;
    }
    let leaf = !f.progs.iter().any(|p| p.op == ops::BL);
    if leaf && frame == 0 {
        // a leaf function with no locals has no frame
        noframe = true;
    }
    if !noframe {
        let why = if frame != 0 {
            format!("a {frame}-byte frame")
        } else {
            "a frame to save LR (the function calls others)".to_string()
        };
        cx.diags.push(
            Diag::error(
                "E0306",
                f.origin,
                format!("arm64 functions with a stack frame are not supported yet: this one needs {why}"),
            )
            .with_note(
                "p9asm assembles arm64 functions without a frame so far (NOFRAME, $-8, or a leaf with $0); \
                 the prologue, epilogue and stack-split check of Go's obj7.go are not ported yet",
            ),
        );
        return;
    }
    // A frameless function never has its stack checked: Go marks a leaf with a small stack NOSPLIT,
    // and a NOFRAME function with calls is treated as a leaf ("save suppressed").
    for p in f.progs.iter_mut() {
        if (p.op == anames::ADD || p.op == anames::SUB)
            && let (Some(Addr::Imm(v)), Some(Addr::Reg(r))) =
                (p.args.first().map(|a| &a.addr), p.args.last().map(|a| &a.addr))
            && r.0 as i64 == REGSP
            && p.args.len() >= 2
        {
            p.spadj = if p.op == anames::ADD { -*v as i32 } else { *v as i32 };
        }
        let _ = Op::NOP;
    }
    f.layout = FrameLayout { autosize: 0, listed_frame: 0, locals: 0, leaf: true, nosplit: true };
}
