//! Arch-neutral passes over a function's Progs, from Go's cmd/internal/obj/pass.go: jump
//! threading (`linkpatch`/`brloop`), which the driver runs on every function before the
//! architecture's frame pass, where Go runs it (x86's span loop threads again, which changes
//! nothing: threading is idempotent), and [`ProgEditor`], the insertion API of frame passes.

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

/// A function's Progs rebuilt with insertions: Go's `obj.Appendp` over p9asm's index-addressed
/// Progs. A pass pushes Progs onto `out` in their new order (patching the targets of the
/// branches it makes itself with new indexes, `out.len()` at the time), and calls
/// [`ProgEditor::land`] before the Progs that stand for an old Prog, so that a branch to the old
/// Prog lands there (an epilogue inserted before a RET takes the branches to the RET, as Go's
/// in-place rewrite of the RET Prog does). [`ProgEditor::finish`] then rewrites the branch
/// targets that still count old Progs.
pub struct ProgEditor {
    pub out: Vec<Prog>,
    /// Old index → new index of the Prog a branch to it lands on.
    map: Vec<u32>,
}

impl ProgEditor {
    pub fn new(old_len: usize, capacity: usize) -> ProgEditor {
        ProgEditor { out: Vec::with_capacity(capacity), map: (0..old_len as u32).collect() }
    }

    /// Branches to old Prog `old` land on the next Prog pushed.
    pub fn land(&mut self, old: usize) {
        self.map[old] = self.out.len() as u32;
    }

    /// The new Progs, with the targets of every Prog `is_old` picks (the ones whose targets
    /// still count old Progs) rewritten.
    pub fn finish(mut self, is_old: impl Fn(&Prog) -> bool) -> Vec<Prog> {
        for p in self.out.iter_mut().filter(|p| is_old(p)) {
            for a in p.args.iter_mut() {
                if let Addr::Branch(t) = &mut a.addr
                    && let Some(&new) = self.map.get(*t as usize)
                {
                    *t = new;
                }
            }
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p9asm_macros::Origin;

    fn prog(op: Op, target: Option<u32>) -> Prog {
        let args: Vec<Addr> = target.map(Addr::Branch).into_iter().collect();
        Prog::with(op, Origin::default(), &args)
    }

    #[test]
    fn branches_land_on_what_stands_for_their_old_target() {
        // old: 0 TEXT, 1 JMP 3, 2 NOP, 3 RET
        let old = [prog(Op::TEXT, None), prog(Op::JMP, Some(3)), prog(Op::NOP, None), prog(Op::RET, None)];
        let mut ed = ProgEditor::new(old.len(), 8);
        for (i, p) in old.iter().enumerate() {
            ed.land(i);
            if p.op == Op::RET {
                // an epilogue before the RET: the JMP must land on it, not on the RET
                ed.out.push(prog(Op::UNDEF, None).synth());
            }
            ed.out.push(p.clone());
        }
        // a synthesized branch with a new target is left alone
        let to = ed.out.len() as u32 - 1;
        ed.out.push(prog(Op::JMP, Some(to)).synth());
        let out = ed.finish(|p| p.mark & mark::SYNTH == 0);
        assert_eq!(out[1].branch_target(), Some(3), "JMP lands on the epilogue");
        assert_eq!(out[3].op, Op::UNDEF);
        assert_eq!(out[5].branch_target(), Some(4));
    }
}
