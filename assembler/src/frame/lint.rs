//! Frame lint, in the spirit of `go vet`'s asmdecl and framepointer checks but run on the
//! expanded code: argument references past the declared argument size, and the frame pointer
//! written before it is saved. (SP imbalance at RET is checked by each architecture's frame
//! pass; paths that reach an instruction with different SP deltas by the frame model.)

use p9asm_macros::{Diag, Diagnostics};

use crate::arch::Arch;
use crate::frame::FrameNote;
use crate::prog::{ARGS_SIZE_UNKNOWN, Addr, Func, Name, Op};
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
                    format!("argument offset {} is negative: {fname}'s arguments start at 0(FP)", m.offset),
                ));
            } else if m.offset >= f.args {
                diags.push(
                    Diag::warning(
                        "W0403",
                        p.arg_origin(k),
                        format!("offset {} is past the {}-byte argument frame of {fname}", m.offset, f.args),
                    )
                    .with_note(format!("TEXT declares ${}-{}: the last number is the argument size", f.frame, f.args)),
                );
            }
        }
    }
}

/// After the frame pass: the frame pointer written while no save of it is in effect.
pub fn check_frame_pointer(arch: &dyn Arch, f: &Func, syms: &Symbols, diags: &mut Diagnostics) {
    let Some(fp) = arch.frame_pointer() else { return };
    let mut saved = false;
    for p in &f.progs {
        match p.note {
            FrameNote::SaveReg(r, _) if r == fp => saved = true,
            FrameNote::RestoreReg(r) if r == fp => {
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
