//! Arch-neutral passes over a function's Progs, from Go's cmd/internal/obj/pass.go: jump
//! threading (`linkpatch`/`brloop`). Every architecture threads its branches this way; x86's
//! span loop asks [`threaded_target`] itself because Go's short/long branch choice there depends
//! on whether threading changed a branch's written target (see `arch::x86::encode::Span`).

use crate::prog::{Addr, Op, Prog, mark};

/// Go's `linkpatch`/`brloop` (run with optimization on, as cmd/asm does): a branch to an
/// unconditional `JMP label` goes straight to that JMP's destination, following chains. Go
/// rewrites the Progs in order, so a JMP earlier in the function has already been rewritten when
/// a later branch walks through it; a chain of 5000 JMPs (a loop) leaves the branch without a
/// target, and span6 then makes it branch to itself. Go does this before the frame pass, so only
/// the user's own branches and JMPs take part.
pub fn threaded_target(progs: &[Prog], idx: usize) -> usize {
    linkpatched(progs, idx).unwrap_or(idx)
}

/// Rewrites every branch target to its [`threaded_target`], as Go's `linkpatch` does before
/// the frame pass (so that `-S` listings print the threaded targets, as Go's do). Threading is
/// idempotent.
pub fn thread_jumps(progs: &mut [Prog]) {
    thread_branches(progs);
}

/// [`thread_jumps`], returning the indexes of the Progs with a branch target.
pub fn thread_branches(progs: &mut [Prog]) -> Vec<u32> {
    let mut targets: Vec<(u32, u32)> = Vec::new();
    for i in 0..progs.len() {
        if progs[i].branch_target().is_some() {
            targets.push((i as u32, threaded_target(progs, i) as u32));
        }
    }
    for &(i, t) in &targets {
        if let Some(a) = progs[i as usize].args.last_mut()
            && let Addr::Branch(b) = &mut a.addr
        {
            *b = t;
        }
    }
    targets.into_iter().map(|(i, _)| i).collect()
}

/// The user JMP's written target, if `q` is one.
fn user_jmp_target(progs: &[Prog], q: usize) -> Option<usize> {
    let qp = progs.get(q)?;
    match qp.last() {
        Addr::Branch(t) if qp.op == Op::JMP && qp.mark & mark::SYNTH == 0 && (*t as usize) < progs.len() => {
            Some(*t as usize)
        }
        _ => None,
    }
}

/// The target Prog `i` has after Go's linkpatch (`None`: Go's nil target).
fn linkpatched(progs: &[Prog], i: usize) -> Option<usize> {
    let p = &progs[i];
    let orig = p.branch_target()? as usize;
    if p.mark & mark::SYNTH != 0 || orig >= progs.len() {
        return Some(orig);
    }
    let mut q = orig;
    let mut c = 0;
    loop {
        let Some(written) = user_jmp_target(progs, q) else { return Some(q) };
        let next = if q < i {
            // already rewritten
            match linkpatched(progs, q) {
                Some(t) => t,
                None => return Some(q),
            }
        } else {
            written
        };
        c += 1;
        if c >= 5000 {
            return None;
        }
        q = next;
    }
}
