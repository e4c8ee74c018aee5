//! The arch-neutral frame model: for every Prog, the SP delta from entry and which caller
//! registers are saved where, computed by following control flow (not just layout order), so
//! code reached only by a branch after a mid-function RET gets the frame of the branch's source.
//! Where two paths disagree the model keeps the first and reports it (a frame lint).
//!
//! Everything the unwind tables and the stack-map section say comes from here.

use crate::frame::{FrameIsa, FrameNote};
use crate::prog::{Addr, Func, Op, Prog, Reg};

/// Caller registers saved in the frame: (register, offset from the CFA), kept sorted by
/// register. A plain `Copy` value: the model holds one per Prog.
#[derive(Clone, Copy, Debug, Eq, Default)]
pub struct SavedRegs {
    len: u8,
    regs: [(Reg, i32); 8],
}

/// The live entries only: the frame model compares sets once per Prog, and nearly all of
/// them are empty.
impl PartialEq for SavedRegs {
    fn eq(&self, other: &SavedRegs) -> bool {
        self.len == other.len && self.regs[..self.len as usize] == other.regs[..self.len as usize]
    }
}

/// The live entries, as [`PartialEq`] compares them.
impl std::hash::Hash for SavedRegs {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.regs[..self.len as usize].hash(h);
    }
}

impl SavedRegs {
    pub fn iter(&self) -> impl Iterator<Item = (Reg, i64)> + '_ {
        self.regs[..self.len as usize].iter().map(|&(r, o)| (r, o as i64))
    }
    pub fn contains(&self, r: Reg, off: i64) -> bool {
        self.iter().any(|x| x == (r, off))
    }
    pub fn has(&self, r: Reg) -> bool {
        self.iter().any(|(x, _)| x == r)
    }
    pub fn remove(&mut self, r: Reg) {
        let n = self.len as usize;
        if let Some(i) = self.regs[..n].iter().position(|(x, _)| *x == r) {
            self.regs.copy_within(i + 1..n, i);
            // unused slots stay zero (the derived Default, Debug)
            self.regs[n - 1] = (Reg::NONE, 0);
            self.len -= 1;
        }
    }
    /// Records `r` saved at CFA+`off` (replacing an earlier save of `r`). A ninth register is
    /// not described (no architecture saves that many in a frame p9asm sees).
    pub fn insert(&mut self, r: Reg, off: i64) {
        self.remove(r);
        let n = self.len as usize;
        if n == self.regs.len() {
            return;
        }
        let i = self.regs[..n].iter().position(|(x, _)| *x > r).unwrap_or(n);
        self.regs.copy_within(i..n, i + 1);
        self.regs[i] = (r, off as i32);
        self.len += 1;
    }
}

/// The frame as seen on entry to one Prog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FrameState {
    /// Bytes SP has moved down since function entry.
    pub sp: i64,
    /// Caller registers saved in the frame.
    pub saved: SavedRegs,
    /// After an SP write the assembler cannot follow: the caller's frame is unknown.
    pub lost: bool,
}

impl FrameState {
    fn apply(&mut self, p: &Prog) {
        self.sp += p.spadj as i64;
        match p.note {
            FrameNote::None => {}
            FrameNote::SaveReg(r, off) => self.saved.insert(r, off as i64),
            FrameNote::SavePair(r, off, r2, off2) => {
                self.saved.insert(r, off as i64);
                self.saved.insert(r2, off2 as i64);
            }
            FrameNote::RestoreReg(r) => self.saved.remove(r),
            FrameNote::RestorePair(r, r2) => {
                self.saved.remove(r);
                self.saved.remove(r2);
            }
            FrameNote::SpWrite => self.lost = true,
        }
    }
}

/// Where control goes after a Prog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Next,
    Goto(u32),
    Cond(u32),
    End,
}

pub fn flow(arch: &dyn FrameIsa, p: &Prog) -> Flow {
    // a predicated return or jump (arm's RET.EQ) may not be taken: the path goes on
    let predicated = arch.is_predicated(p);
    match p.op {
        Op::RET | Op::UNDEF if predicated => Flow::Next,
        Op::RET | Op::UNDEF => Flow::End,
        Op::JMP => match p.last() {
            Addr::Branch(t) if predicated => Flow::Cond(*t),
            Addr::Branch(t) => Flow::Goto(*t),
            _ if predicated => Flow::Next,
            _ => Flow::End, // tail call or indirect jump
        },
        Op::CALL => Flow::Next,
        op if arch.is_jump(op) => match p.last() {
            Addr::Branch(t) => Flow::Cond(*t),
            _ => Flow::Next,
        },
        _ => Flow::Next,
    }
}

/// A place where two paths reach a Prog with different frames.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub at: usize,
    pub from: usize,
    pub have: i64,
    pub got: i64,
}

#[derive(Clone, Debug, Default)]
pub struct FrameModel {
    /// State on entry to each Prog, packed: 16 bytes per Prog instead of a [`FrameState`]'s 80
    /// (the saved-register sets are interned; a function has only a few distinct ones).
    states: Vec<Packed>,
    /// The distinct saved-register sets; index 0 is the empty set.
    saved: Vec<SavedRegs>,
    pub mismatches: Vec<Mismatch>,
}

/// A [`FrameState`] with its saved set replaced by an index into [`FrameModel::saved`]; equal
/// states have equal packings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
struct Packed {
    sp: i64,
    saved: u32,
    lost: bool,
}

/// Interns saved-register sets while states are packed.
struct Packer {
    saved: Vec<SavedRegs>,
    index: rustc_hash::FxHashMap<SavedRegs, u32>,
    last: u32,
}

impl Packer {
    fn new() -> Packer {
        Packer { saved: vec![SavedRegs::default()], index: Default::default(), last: 0 }
    }
    fn pack(&mut self, s: &FrameState) -> Packed {
        // consecutive Progs nearly always share the set
        if self.saved[self.last as usize] != s.saved {
            self.last = match self.index.get(&s.saved) {
                Some(&i) => i,
                None if s.saved == SavedRegs::default() => 0,
                None => {
                    let i = self.saved.len() as u32;
                    self.saved.push(s.saved);
                    self.index.insert(s.saved, i);
                    i
                }
            };
        }
        Packed { sp: s.sp, saved: self.last, lost: s.lost }
    }
}

impl FrameModel {
    /// Number of Progs described.
    pub fn len(&self) -> usize {
        self.states.len()
    }
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }
    /// The state on entry to Prog `i`.
    pub fn state(&self, i: usize) -> FrameState {
        let p = self.states[i];
        FrameState { sp: p.sp, saved: self.saved[p.saved as usize], lost: p.lost }
    }
    /// The SP delta on entry to Prog `i`.
    pub fn sp(&self, i: usize) -> i64 {
        self.states[i].sp
    }
}

/// The Prog whose delay slot Prog `i` is: the nearest real instruction before it, when that one
/// has a delay slot (markers such as `PCDATA` between the two are zero-width and take no slot).
fn slot_owner(arch: &dyn FrameIsa, progs: &[Prog], i: usize) -> Option<usize> {
    if !arch.delay_slots() {
        debug_assert!(!arch.has_delay_slot(&progs[i]), "has_delay_slot without delay_slots");
        return None;
    }
    let marker = |q: &Prog| matches!(q.op, Op::TEXT | Op::PCDATA | Op::FUNCDATA | Op::NOP);
    if marker(&progs[i]) {
        return None;
    }
    let j = progs[..i].iter().rposition(|q| !marker(q))?;
    arch.has_delay_slot(&progs[j]).then_some(j)
}

/// Where control goes after Prog `i`, with delay slots folded in: a Prog with a delay slot
/// falls through to its slot, and the slot goes where the Prog goes.
pub fn flow_at(arch: &dyn FrameIsa, progs: &[Prog], i: usize) -> Flow {
    let p = &progs[i];
    if !arch.delay_slots() {
        return flow(arch, p);
    }
    if arch.has_delay_slot(p) {
        return Flow::Next;
    }
    match slot_owner(arch, progs, i) {
        Some(j) => flow(arch, &progs[j]),
        None => flow(arch, p),
    }
}

/// The frame a branch at `i` carries to its target, and the frame after `i` on the fall-through
/// path, from `s` on entry to `i`. A Prog with a delay slot changes nothing yet; its slot applies
/// its own effect, which the target sees, then the branch's, which only the fall-through sees
/// (Go's SP adjustment on an epilogue's `JMP (R31)` is for the code after it).
fn step(arch: &dyn FrameIsa, progs: &[Prog], i: usize, s: FrameState) -> (FrameState, FrameState) {
    let p = &progs[i];
    if arch.delay_slots() && arch.has_delay_slot(p) {
        return (s, s);
    }
    let mut own = s;
    own.apply(p);
    match slot_owner(arch, progs, i) {
        Some(j) => {
            let mut after = own;
            after.apply(&progs[j]);
            (own, after)
        }
        None => (s, own),
    }
}

/// Computes the frame at every Prog by following branches from the entry. Progs no path reaches
/// (code after a RET that nothing jumps to) take the layout-order state, as Go's pcsp does.
///
/// Fast path: the layout-order states are the answer whenever every branch carries the state its
/// target has in layout order (true for all code Go's own pcsp describes correctly); only
/// otherwise is the full worklist run.
pub fn analyze(arch: &dyn FrameIsa, f: &Func) -> FrameModel {
    let n = f.progs.len();
    let mut states = Vec::with_capacity(n);
    let mut packer = Packer::new();
    let mut s = FrameState::default();
    // (target, the state a branch carries there): checked once every layout state is known
    let mut carried: Vec<(u32, Packed)> = Vec::new();
    for i in 0..n {
        states.push(packer.pack(&s));
        let (to_target, after) = step(arch, &f.progs, i, s);
        if let Flow::Goto(t) | Flow::Cond(t) = flow_at(arch, &f.progs, i) {
            carried.push((t, packer.pack(&to_target)));
        }
        s = after;
    }
    let consistent = carried.iter().all(|(t, c)| states.get(*t as usize).is_none_or(|st| st == c));
    if consistent {
        return FrameModel { states, saved: packer.saved, mismatches: Vec::new() };
    }
    drop(states);
    analyze_flow(arch, f)
}

/// The worklist analysis: states propagate along fall-through and branch edges from the entry.
fn analyze_flow(arch: &dyn FrameIsa, f: &Func) -> FrameModel {
    let n = f.progs.len();
    let mut states: Vec<Option<FrameState>> = vec![None; n];
    let mut mismatches = Vec::new();
    let mut work: Vec<(usize, FrameState, usize)> = vec![(0, FrameState::default(), 0)];
    let reach = |work: &mut Vec<(usize, FrameState, usize)>, to: usize, s: FrameState, from: usize| {
        if to < n {
            work.push((to, s, from));
        }
    };
    let mut scan = 1;
    loop {
        while let Some((i, s, from)) = work.pop() {
            if let Some(have) = &states[i] {
                if have.sp != s.sp && !have.lost && !s.lost {
                    mismatches.push(Mismatch { at: i, from, have: have.sp, got: s.sp });
                }
                continue;
            }
            states[i] = Some(s);
            let (to_target, after) = step(arch, &f.progs, i, s);
            match flow_at(arch, &f.progs, i) {
                Flow::Next => reach(&mut work, i + 1, after, i),
                Flow::Goto(t) => reach(&mut work, t as usize, to_target, i),
                Flow::Cond(t) => {
                    reach(&mut work, t as usize, to_target, i);
                    reach(&mut work, i + 1, after, i);
                }
                Flow::End => {}
            }
        }
        // unreachable code: continue from the layout-order state of its predecessor
        while scan < n && states[scan].is_some() {
            scan += 1;
        }
        if scan >= n {
            break;
        }
        let s = states[scan - 1].unwrap_or_default();
        let (_, s) = step(arch, &f.progs, scan - 1, s);
        work.push((scan, s, scan - 1));
    }
    let mut packer = Packer::new();
    let states = states.into_iter().map(|s| packer.pack(&s.unwrap_or_default())).collect();
    FrameModel { states, saved: packer.saved, mismatches }
}

/// One row of the unwind table: from `pc` on (until the next row), CFA = SP + `cfa`, and these
/// registers are saved at CFA + offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub pc: u32,
    pub cfa: i64,
    pub saved: SavedRegs,
    /// The caller cannot be found (after an untracked SP write): the return address is undefined.
    pub lost: bool,
}

/// The rows of a function: one per real instruction whose frame differs from the one before.
/// `ra_slot` is the size of the return address the call pushed (x86) or 0 (link register).
pub fn rows(f: &Func, model: &FrameModel, ra_slot: i64) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for (i, p) in f.progs.iter().enumerate() {
        if p.size == 0 {
            continue;
        }
        let s = model.state(i);
        let row = Row { pc: p.pc, cfa: s.sp + ra_slot, saved: s.saved, lost: s.lost };
        match out.last() {
            Some(last) if last.cfa == row.cfa && last.saved == row.saved && last.lost == row.lost => {}
            _ => out.push(row),
        }
    }
    // kept until the object is written, one vector per function: no growth slack
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy instruction set: jumps (op 40) with a delay slot when `slots`, as mips's have,
    /// and every JMP and RET conditional when `predicated`, as arm's `B.NE` and `RET.EQ` are.
    struct Toy {
        slots: bool,
        predicated: bool,
    }
    impl FrameIsa for Toy {
        fn is_jump(&self, op: Op) -> bool {
            op == Op(40)
        }
        fn frame_pointer(&self) -> Option<Reg> {
            None
        }
        fn writes_register(&self, _: &Prog, _: Reg) -> bool {
            false
        }
        fn register_name(&self, _: Reg) -> std::borrow::Cow<'static, str> {
            "r".into()
        }
        fn has_delay_slot(&self, p: &Prog) -> bool {
            self.slots && (p.op == Op::JMP || p.op == Op(40))
        }
        fn delay_slots(&self) -> bool {
            self.slots
        }
        fn is_predicated(&self, p: &Prog) -> bool {
            self.predicated && matches!(p.op, Op::JMP | Op::RET)
        }
    }
    const SLOTTED: Toy = Toy { slots: true, predicated: false };
    const UNSLOTTED: Toy = Toy { slots: false, predicated: false };
    const PREDICATED: Toy = Toy { slots: false, predicated: true };

    fn func(progs: Vec<Prog>) -> Func {
        let syms = crate::sym::Symbols::new();
        Func {
            sym: syms.intern("f", false),
            flags: 0,
            frame: 0,
            args: 0,
            progs,
            origin: Default::default(),
            layout: Default::default(),
        }
    }

    fn p(op: Op, spadj: i32, args: &[Addr]) -> Prog {
        let mut p = Prog::with(op, Default::default(), args);
        p.spadj = spadj;
        p
    }

    /// An epilogue `ADD $16, SP; JMP (LR); slot` with Go's +16 on the jump (for the code after
    /// it): with delay slots the slot still sees SP at the entry value and the code after it the
    /// frame; a branch's slot goes where the branch goes. Without the hook the slot would be after
    /// the jump, in the frame again.
    #[test]
    fn delay_slots_take_the_branch_and_its_sp_adjustment_after_the_slot() {
        let mem = Addr::Mem(Default::default());
        let progs = vec![
            p(Op::TEXT, 0, &[]),
            p(Op(33), 16, &[]),                               // 1: SUB $16, SP
            p(Op(40), 0, &[Addr::Branch(8)]),                 // 2: Bcond 8
            p(Op(34), 0, &[]),                                // 3: its slot
            p(Op(33), -16, &[]),                              // 4: ADD $16, SP
            p(Op::JMP, 16, std::slice::from_ref(&mem)),       // 5: JMP (LR)
            p(Op::PCDATA, 0, &[Addr::Imm(0), Addr::Imm(-1)]), // 6: a marker takes no slot
            p(Op(34), 0, &[]),                                // 7: its slot
            p(Op(34), 0, &[]),                                // 8: reached by 2, in the frame
            p(Op(33), -16, &[]),                              // 9
            p(Op::RET, 0, &[]),                               // 10
        ];
        let f = func(progs);
        let m = analyze(&SLOTTED, &f);
        let sps: Vec<i64> = (0..f.progs.len()).map(|i| m.sp(i)).collect();
        assert_eq!(sps, [0, 0, 16, 16, 16, 0, 0, 0, 16, 16, 0]);
        assert!(m.mismatches.is_empty(), "{:?}", m.mismatches);
        assert_eq!(flow_at(&SLOTTED, &f.progs, 2), Flow::Next);
        assert_eq!(flow_at(&SLOTTED, &f.progs, 3), Flow::Cond(8));
        assert_eq!(flow_at(&SLOTTED, &f.progs, 6), Flow::Next);
        assert_eq!(flow_at(&SLOTTED, &f.progs, 7), Flow::End);
        // the same code without the hook: the slot after the jump is back in the frame
        let m = analyze(&UNSLOTTED, &f);
        assert_eq!(m.sp(7), 16);
    }

    /// A predicated jump may fall through and a predicated return may not return: both paths go
    /// on, so the code after them is reached in the frame they leave (cargo-mutants: the
    /// `predicated` guards of `flow`).
    #[test]
    fn predicated_jumps_and_returns_fall_through() {
        let progs = vec![
            p(Op::TEXT, 0, &[]),
            p(Op(33), 16, &[]),                // 1: SUB $16, SP
            p(Op::JMP, 0, &[Addr::Branch(5)]), // 2: B.NE 5
            p(Op::RET, 0, &[]),                // 3: RET.EQ (in the frame: not taken here)
            p(Op(33), -16, &[]),               // 4: ADD $16, SP
            p(Op(33), -16, &[]),               // 5: ADD $16, SP
            p(Op(34), 0, &[]),                 // 6
        ];
        let f = func(progs);
        assert_eq!(flow(&PREDICATED, &f.progs[2]), Flow::Cond(5));
        assert_eq!(flow(&PREDICATED, &f.progs[3]), Flow::Next);
        let m = analyze(&PREDICATED, &f);
        let sps: Vec<i64> = (0..5).map(|i| m.sp(i)).collect();
        assert_eq!(sps, [0, 0, 16, 16, 16], "3 and 4 are reached, in the frame");
        // 5 is reached with 16 from the branch and with 0 through 3 and 4: one disagreement
        assert_eq!(m.mismatches.iter().map(|x| x.at).collect::<Vec<_>>(), [5], "{:?}", m.mismatches);
    }

    #[test]
    fn saved_register_sets_stay_sorted_and_compare_by_their_live_entries() {
        let mut s = SavedRegs::default();
        for (r, off) in [(Reg(5), -16), (Reg(2), -24), (Reg(9), -32), (Reg(3), -40)] {
            s.insert(r, off);
        }
        assert_eq!(s.iter().collect::<Vec<_>>(), [(Reg(2), -24), (Reg(3), -40), (Reg(5), -16), (Reg(9), -32)]);
        assert!(s.contains(Reg(9), -32) && !s.contains(Reg(9), -16) && s.has(Reg(3)));
        // a second save of one register replaces the first
        s.insert(Reg(5), -8);
        assert_eq!(s.iter().filter(|e| e.0 == Reg(5)).collect::<Vec<_>>(), [(Reg(5), -8)]);
        s.remove(Reg(3));
        s.remove(Reg(7)); // not saved: nothing happens
        assert_eq!(s.iter().collect::<Vec<_>>(), [(Reg(2), -24), (Reg(5), -8), (Reg(9), -32)]);
        // equal to a set built directly with the same entries (freed slots are cleared)
        let mut t = SavedRegs::default();
        for (r, off) in [(Reg(9), -32), (Reg(2), -24), (Reg(5), -8)] {
            t.insert(r, off);
        }
        assert_eq!(s, t);
        for r in [2, 5, 9] {
            s.remove(Reg(r));
        }
        assert_eq!(s, SavedRegs::default());
        // the freed slot itself is cleared, and a full set can lose any entry
        let mut full = SavedRegs::default();
        for r in 1..=8 {
            full.insert(Reg(r), -8 * r as i64);
        }
        full.insert(Reg(9), -72); // a ninth register is not described
        assert_eq!(full.iter().count(), 8);
        full.remove(Reg(4));
        assert_eq!(full.regs[7], (Reg::NONE, 0));
        assert_eq!(full.iter().map(|e| e.0.0).collect::<Vec<_>>(), [1, 2, 3, 5, 6, 7, 8]);
    }

    /// The worklist gives code no path reaches the layout-order frame of the code before it
    /// (here after a JMP in the frame, in a function whose branches make the fast path give up).
    #[test]
    fn unreachable_code_takes_the_frame_of_the_code_before_it() {
        let progs = vec![
            p(Op::TEXT, 0, &[]),
            p(Op(33), 16, &[]),                // 1: SUB $16, SP
            p(Op(40), 0, &[Addr::Branch(6)]),  // 2: Bcond 6 (carries 16)
            p(Op::JMP, 0, &[Addr::Branch(6)]), // 3: JMP 6 (carries 16)
            p(Op(34), 0, &[]),                 // 4: unreachable, in the frame
            p(Op(33), -16, &[]),               // 5: ADD $16, SP
            p(Op(33), -16, &[]),               // 6: ADD $16, SP
            p(Op::RET, 0, &[]),                // 7
        ];
        let f = func(progs);
        let m = analyze_flow(&UNSLOTTED, &f);
        assert!(!m.is_empty() && m.len() == 8);
        let sps: Vec<i64> = (0..f.progs.len()).map(|i| m.sp(i)).collect();
        assert_eq!(sps, [0, 0, 16, 16, 16, 16, 16, 0]);
        // the unreachable path joins 6 with 0: the disagreement is reported there
        assert_eq!(m.mismatches.iter().map(|x| (x.at, x.got)).collect::<Vec<_>>(), [(6, 0)]);
    }

    /// One row per change of frame, none for an instruction that changes nothing, none for a
    /// zero-width Prog.
    #[test]
    fn rows_mark_only_changes() {
        let mut progs = vec![
            p(Op::TEXT, 0, &[]),
            p(Op(33), 16, &[]), // SUB $16, SP
            p(Op(34), 0, &[]),
            p(Op(34), 0, &[]),
            p(Op(33), -16, &[]), // ADD $16, SP
            p(Op::RET, 0, &[]),
        ];
        for (i, q) in progs.iter_mut().enumerate() {
            q.pc = (i.max(1) as u32 - 1) * 4;
            q.size = if i == 0 { 0 } else { 4 };
        }
        let f = func(progs);
        let m = analyze(&UNSLOTTED, &f);
        let rows: Vec<(u32, i64)> = rows(&f, &m, 8).iter().map(|r| (r.pc, r.cfa)).collect();
        assert_eq!(rows, [(0, 8), (4, 24), (16, 8)]);
    }
}
