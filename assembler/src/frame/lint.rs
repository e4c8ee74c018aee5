//! Frame lint, in the spirit of `go vet`'s asmdecl and framepointer checks but run on the
//! expanded code: argument references past the declared argument size, and the frame pointer
//! written before it is saved, and (on the frame model, following control flow) SP not back at
//! its entry value at a reachable RET. Paths that reach an instruction with different SP deltas
//! are reported from the frame model itself (W0404).

use p9asm_macros::{Diag, Diagnostics, SourceMap};

use crate::frame::model::{Flow, FrameModel, flow_at};
use crate::frame::{FrameIsa, FrameNote};
use crate::prog::{ARGS_SIZE_UNKNOWN, Addr, Func, Name, Op, mark};
use crate::sym::Symbols;

/// Before the frame pass: `name+off(FP)` outside `[0, args)`.
pub fn check_args(f: &Func, syms: &Symbols, diags: &mut Diagnostics) {
    if f.args == ARGS_SIZE_UNKNOWN {
        return;
    }
    for p in &f.progs {
        if p.op == Op::TEXT {
            continue;
        }
        for (k, a) in p.args.iter().enumerate() {
            let (Addr::Mem(m) | Addr::AddrOf(m)) = &a.addr else { continue };
            if m.name != Name::Param {
                continue;
            }
            let fname = syms.name(f.sym);
            if m.offset < 0 {
                diags.push(Diag::warning(
                    "W0403",
                    p.arg_origin(k),
                    format!("argument offset {} is negative: {fname}'s arguments start at 0(FP)", { m.offset }),
                ));
            } else if m.offset >= f.args {
                diags.push(
                    Diag::warning(
                        "W0403",
                        p.arg_origin(k),
                        format!("offset {} is past the {}-byte argument frame of {fname}", { m.offset }, f.args),
                    )
                    .with_note(format!("TEXT declares ${}-{}: the last number is the argument size", f.frame, f.args)),
                );
            }
        }
    }
}

/// After the frame pass: the frame pointer written while no save of it is in effect.
pub fn check_frame_pointer(arch: &dyn FrameIsa, f: &Func, syms: &Symbols, diags: &mut Diagnostics) {
    let Some(fp) = arch.frame_pointer() else { return };
    let mut saved = false;
    for p in &f.progs {
        match p.note {
            FrameNote::SaveReg(r, _) if r == fp => saved = true,
            FrameNote::SavePair(r, _, r2, _) if r == fp || r2 == fp => saved = true,
            FrameNote::RestoreReg(r) | FrameNote::RestorePair(r, _) | FrameNote::RestorePair(_, r) if r == fp => {
                // the restoring instruction itself writes the caller's value back
                saved = false;
                continue;
            }
            _ => {}
        }
        if p.mark & crate::prog::mark::SYNTH != 0 || saved {
            continue;
        }
        if arch.writes_register(p, fp) {
            let name = arch.register_name(fp);
            diags.push(
                Diag::warning(
                    "W0401",
                    p.origin,
                    format!("{} writes the frame pointer {name} before it is saved", syms.name(f.sym)),
                )
                .with_note(format!(
                    "the caller's {name} is lost, so frame-pointer unwinders (perf, Go's tracer) cannot walk past this function; give the function a frame (p9asm then saves {name}) or PUSHQ {name} first"
                )),
            );
            return;
        }
    }
}

/// A Prog that returns to the caller: RET, or the jump an epilogue ends with.
pub fn is_return(p: &crate::prog::Prog) -> bool {
    p.op == Op::RET || (p.op == Op::JMP && p.mark & mark::SYNTH_EPILOGUE != 0)
}

/// After the frame model: at every RET some path reaches, SP must be where the function found
/// it (E0403), unless an SP write the assembler cannot follow came first (W0405: the delta is
/// unknown there, not wrong). Each RET is judged by the paths that reach it, not by layout
/// order, so `SUBQ $n, SP; Jcc other; ADDQ $n, SP; RET; other: ADDQ $n, SP; RET` is fine.
pub fn check_returns(arch: &dyn FrameIsa, f: &Func, model: &FrameModel, sources: &SourceMap, diags: &mut Diagnostics) {
    // (RET, SP delta there, the Prog the path comes from when it is not the one the model kept)
    let mut bad: Vec<(usize, i64, Option<usize>)> = (0..f.progs.len())
        .filter(|&i| is_return(&f.progs[i]) && model.sp(i) != 0 && !model.state(i).lost)
        .map(|i| (i, model.sp(i), None))
        .collect();
    // a second path that reaches a RET with another delta (the model keeps the first)
    bad.extend(
        model
            .mismatches
            .iter()
            .filter(|m| is_return(&f.progs[m.at]) && m.got != 0)
            .map(|m| (m.at, m.got, Some(m.from))),
    );
    if bad.is_empty() {
        return;
    }
    let reached = reachable(arch, f);
    bad.sort_by_key(|b| b.0);
    // the outermost frame never returns: Go accepts an unbalanced RET there (a warning)
    let topframe = f.flags & crate::prog::textflag::TOPFRAME != 0;
    for (i, sp, from) in bad.into_iter().filter(|b| reached[b.0]) {
        let msg =
            format!("SP is {} bytes {} its entry value at this RET", sp.abs(), if sp > 0 { "below" } else { "above" });
        let mut d = if topframe {
            Diag::warning("W0406", f.progs[i].origin, msg)
                .with_note("the function is TOPFRAME, the outermost frame, which never returns: Go accepts this RET")
        } else {
            Diag::error("E0403", f.progs[i].origin, msg)
                .with_note("on every path to a RET, each PUSH needs its POP and each SUBQ $n, SP its ADDQ $n, SP")
        };
        if let Some(from) = from {
            d = d.with_label(sources.outermost(f.progs[from].origin), "on the path that comes from here");
        }
        diags.push(d);
    }
}

/// Which Progs some path from the entry reaches.
fn reachable(arch: &dyn FrameIsa, f: &Func) -> Vec<bool> {
    let n = f.progs.len();
    let mut seen = vec![false; n];
    let mut work = vec![0usize];
    while let Some(i) = work.pop() {
        if i >= n || seen[i] {
            continue;
        }
        seen[i] = true;
        match flow_at(arch, &f.progs, i) {
            Flow::Next => work.push(i + 1),
            Flow::Goto(t) => work.push(t as usize),
            Flow::Cond(t) => work.extend([t as usize, i + 1]),
            Flow::End => {}
        }
    }
    seen
}
