//! x86 frames: Go's `progedit` and `preprocess` (cmd/internal/obj/x86/obj6.go), producing the
//! same prologue, stack check, frame-pointer save, WRAPPER code and epilogues as Go 1.19, and the
//! SP adjustment of every Prog.
//!
//! Beyond Go: explicit `SUBQ/ADDQ $n, SP` and `LEAQ n(SP), SP` are tracked in the SP delta (Go
//! only tracks PUSH/POP/ADJSP and marks other SP writes "SPWRITE"), any other SP write is an
//! error, and an unbalanced SP at a RET names the RET. Pseudo-register offsets (`x+8(FP)`) are
//! adjusted exactly as Go adjusts them (PUSH/POP/ADJSP only), so bytes stay identical to Go's.

use p9asm_macros::Diag;

use super::regs::{self, AX, BP, BX, CX, DI, R12, R13, R14, SP, TLS};
use super::{Mode, X86, anames, ops};
use crate::arch::Ctx;
use crate::frame::{FrameNote, unsafe_point};
use crate::prog::{Addr, FrameLayout, Func, Mem, Name, Op, Operand, Prog, Reg, mark, textflag};
use crate::target::GoArch;

const STACK_SMALL: i64 = 128;
const STACK_BIG: i64 = 4096;

fn reg(r: u16) -> Addr {
    Addr::Reg(Reg(r))
}
fn mem(base: u16, offset: i64) -> Addr {
    Addr::Mem(Mem { base: Reg(base), offset, ..Mem::default() })
}

/// Go's progedit for linux: one-instruction TLS on amd64 (not with `-shared`, where Go's
/// `CanUse1InsnTLS` is false as on 386), `MOVQ $sym, R` to `LEAQ sym, R`, float immediates to
/// read-only constants.
pub fn progedit(x: &X86, p: &mut Prog, cx: &mut Ctx) {
    float_constants(p, cx);
    // CMPPS etc.: a predicate written without `$` is the constant (Go rewrites the Prog, so its
    // listing prints `$4`)
    if matches!(p.op, anames::CMPPD | anames::CMPPS | anames::CMPSD | anames::CMPSS)
        && let Some(a) = p.args.last_mut()
        && let Addr::Mem(m) = &a.addr
        && m.name == Name::None
        && m.base == Reg::NONE
        && m.index == Reg::NONE
        && m.sym.is_none()
    {
        a.addr = Addr::Imm(m.offset);
    }
    let is_mov = |p: &Prog| p.op == anames::MOVQ || p.op == anames::MOVL;
    if x.mode == Mode::Amd64 && !cx.shared {
        // MOVQ TLS, R  →  NOP  (and off(R)(TLS*1) → off(TLS))
        if is_mov(p)
            && p.args.len() == 2
            && p.arg(0) == &reg(TLS)
            && matches!(p.arg(1), Addr::Reg(r) if (regs::AX..=regs::R15).contains(&r.0))
        {
            p.op = Op::NOP;
            p.args.clear();
            return;
        }
        for a in p.args.iter_mut() {
            if let Addr::Mem(m) = &mut a.addr
                && m.index == Reg(TLS)
                && (regs::AX..=regs::R15).contains(&m.base.0)
            {
                m.base = Reg(TLS);
                m.index = Reg::NONE;
                m.scale = 0;
            }
        }
    }
    // MOVL/MOVQ $x(SB|FP|SP), R  →  LEAL/LEAQ
    if p.args.len() == 2
        && let Addr::AddrOf(m) = p.arg(0)
        && (x.mode == Mode::Amd64 || !matches!(m.name, Name::Extern | Name::Static))
    {
        let m = *m;
        if p.op == anames::MOVL {
            p.op = anames::LEAL;
            p.args[0].addr = Addr::Mem(m);
        } else if p.op == anames::MOVQ {
            p.op = anames::LEAQ;
            p.args[0].addr = Addr::Mem(m);
        }
    }
}

/// Go's progedit where `CanUse1InsnTLS` is false (linux/386, and amd64 with `-shared`):
/// `MOVL off(TLS), R` becomes `MOVL TLS, R` and `MOVL off(R)(TLS*2), R`, both listed at the
/// source line. On 386 the first loads the thread pointer (`movl %gs:0`) and the second adds
/// g's local-exec offset; on amd64 `-shared` the first loads g's offset from the GOT
/// (`movq runtime.tlsg@gottpoff(%rip)`) and the second reads `%fs:off(R)`. Any other `(TLS)`
/// operand is rejected by the encoder, as Go stops on it.
fn two_instruction_tls(f: &mut Func) {
    let is_load = |p: &Prog| {
        (p.op == anames::MOVL || p.op == anames::MOVQ)
            && p.args.len() == 2
            && matches!(p.arg(0), Addr::Mem(m) if m.base == Reg(TLS) && m.name == Name::None)
            && matches!(p.arg(1), Addr::Reg(r) if (regs::AX..=regs::R15).contains(&r.0))
    };
    if !f.progs.iter().any(is_load) {
        return;
    }
    let old = std::mem::take(&mut f.progs);
    let n = old.len();
    let mut ed = crate::pass::ProgEditor::new(n, n + 8);
    for (k, mut p) in old.into_iter().enumerate() {
        ed.land(k);
        if !is_load(&p) {
            ed.out.push(p);
            continue;
        }
        let (Addr::Mem(m), &Addr::Reg(r)) = (p.arg(0).clone(), p.arg(1)) else { unreachable!() };
        let mut q = p.clone();
        q.args[0].addr = Addr::Mem(Mem { base: r, index: Reg(TLS), scale: 2, ..m });
        p.args[0].addr = reg(TLS);
        ed.out.push(p);
        ed.out.push(q);
    }
    f.progs = ed.finish(|_| true);
}

/// Functions of at least this many Progs get their prologue by moving the body up inside the
/// parser's vector, so that a huge function never has two copies of its Progs; smaller ones
/// are moved into a new vector, which is cheaper than growing the old one and moving inside it.
const IN_PLACE_FROM: usize = 4096;

/// The body moved (last first) to its place behind the prologue in `out`, inside `body`, which
/// has room for `total` Progs; `map[src]` is where Prog `src` went (a RET: its epilogue).
fn move_up_in_place(
    body: &mut Vec<Prog>,
    out: &mut Vec<Prog>,
    total: usize,
    map: &mut [u32],
    f: &Func,
    expand_ret: impl Fn(Prog) -> ([Option<Prog>; 2], Prog),
) {
    let n_body = map.len();
    body.resize_with(total, || Prog::new(Op::NOP, f.origin));
    let mut dst = total;
    for src in (1..n_body).rev() {
        if body[src].op != Op::RET {
            // moved by the prologue's length (and the epilogues after it), or not at all when
            // there is no prologue; a swap, the slot above holding a NOP
            dst -= 1;
            if dst != src {
                body.swap(src, dst);
            }
            map[src] = dst as u32;
            continue;
        }
        let p = std::mem::replace(&mut body[src], Prog::new(Op::NOP, f.origin));
        let (epilogue, p) = expand_ret(p);
        dst -= 1;
        body[dst] = p;
        for e in epilogue.into_iter().rev().flatten() {
            dst -= 1;
            body[dst] = e;
        }
        // a branch to the RET lands on its epilogue
        map[src] = dst as u32;
    }
    debug_assert_eq!(dst, out.len());
    for (i, p) in out.drain(..).enumerate() {
        body[i] = p;
    }
}

/// A Prog the assembler adds, attributed to the TEXT line as Go does.
fn synth(op: Op, f: &Func, args: &[Addr]) -> Prog {
    Prog::with(op, f.origin, args).synth()
}

/// `ADJSP $v` as span6 encodes it: `SUBQ $v, SP`, except that `$0x80` and negative values
/// (other than -0x80) flip to `ADDQ $-v, SP` so the immediate fits in a signed byte.
fn adjsp(x: &X86, f: &Func, v: i64) -> Prog {
    // Go's spadjop: ADDL/SUBL wherever pointers are 4 bytes (386 and amd64p32)
    let (add, sub) = if x.narrow_frames() { (anames::ADDL, anames::SUBL) } else { (anames::ADDQ, anames::SUBQ) };
    let mut p = if v == 0x80 || (v < 0 && v != -0x80) {
        synth(add, f, &[Addr::Imm(-v), reg(SP)])
    } else {
        synth(sub, f, &[Addr::Imm(v), reg(SP)])
    };
    p.spadj = v as i32;
    p
}

struct Names {
    mov: Op,
    lea: Op,
    cmp: Op,
    sub: Op,
    test: Op,
}

fn names(x: &X86) -> Names {
    if x.narrow_frames() {
        Names { mov: anames::MOVL, lea: anames::LEAL, cmp: anames::CMPL, sub: anames::SUBL, test: anames::TESTL }
    } else {
        Names { mov: anames::MOVQ, lea: anames::LEAQ, cmp: anames::CMPQ, sub: anames::SUBQ, test: anames::TESTQ }
    }
}

fn is_zero_arg_runtime_call(name: &str) -> bool {
    matches!(name, "runtime.panicdivide" | "runtime.panicwrap" | "runtime.panicshift")
        || name.starts_with("runtime.panicIndex")
        || name.starts_with("runtime.panicSlice")
}

pub fn preprocess(x: &X86, f: &mut Func, cx: &mut Ctx) {
    for p in f.progs.iter_mut() {
        progedit(x, p, cx);
    }
    if x.mode == Mode::I386 || cx.shared {
        two_instruction_tls(f);
    }
    let n = names(x);
    let ptr = x.ptr_size();
    let flags = f.flags;
    let mut nosplit = flags & textflag::NOSPLIT != 0;
    let noframe = flags & textflag::NOFRAME != 0;
    let wrapper = flags & textflag::WRAPPER != 0;

    let mut autoffset = f.frame.max(0);
    let has_call = f.progs.iter().any(|p| p.op == Op::CALL);
    // Go saves BP unless NOFRAME, or frameless and NOSPLIT, or frameless and calling nothing
    // Go enables the frame pointer for GOARCH=amd64 only (not 386, not amd64p32)
    let saves_bp =
        x.goarch == GoArch::Amd64 && !noframe && (autoffset != 0 || !nosplit) && (autoffset != 0 || has_call);
    let bpsize = if saves_bp { ptr } else { 0 };
    autoffset += bpsize;
    let listed_frame = f.frame + bpsize;
    let mut locals = listed_frame;
    if x.mode == Mode::I386 && locals < 0 {
        locals = 0;
    }

    if x.mode == Mode::Amd64 && autoffset < STACK_SMALL && !nosplit {
        let mut leaf = true;
        for q in &f.progs {
            if q.op == Op::CALL {
                let zero_arg = match q.last() {
                    Addr::Mem(m) if m.name == Name::Extern => {
                        m.sym.is_some_and(|s| is_zero_arg_runtime_call(cx.syms.name(s)))
                    }
                    _ => false,
                };
                if !zero_arg || autoffset >= STACK_SMALL - 8 {
                    leaf = false;
                    break;
                }
            }
        }
        if leaf {
            nosplit = true;
        }
    }

    // The prologue is built in `out`, then the body is moved up behind it inside the parser's
    // own vector: a function of n instructions never has two copies of its Progs at once.
    let mut body = std::mem::take(&mut f.progs);
    assert!(body.first().is_some_and(|p| p.op == Op::TEXT), "TEXT prog");
    let text = std::mem::replace(&mut body[0], Prog::new(Op::NOP, f.origin));
    let mut out: Vec<Prog> = Vec::with_capacity(24);
    out.push(text);

    // regg: where g is after the prologue (R14 on amd64, CX on 386)
    // (amd64p32 has no register ABI: g in CX and 386's scratch registers, as Go 1.13 had them)
    let (regg, tmp0, tmp1) = if x.narrow_frames() { (CX, BX, DI) } else { (R14, R12, R13) };
    let split_tmp = if x.narrow_frames() { AX } else { R12 };
    let mut jls_at: Vec<usize> = Vec::new();
    let mut start_pred = 1usize; // first prologue instruction: the morestack retry target
    let shared = cx.shared;
    let load_g = |out: &mut Vec<Prog>| match x.mode {
        Mode::Amd64 if !shared => out.push(synth(n.mov, f, &[mem(TLS, 0), reg(regg)])),
        Mode::Amd64 | Mode::I386 => {
            // linux/386 and amd64 -shared keep the two-instruction TLS form (Go's
            // CanUse1InsnTLS is false)
            out.push(synth(n.mov, f, &[reg(TLS), reg(regg)]));
            out.push(synth(
                n.mov,
                f,
                &[Addr::Mem(Mem { base: Reg(regg), index: Reg(TLS), scale: 2, ..Mem::default() }), reg(regg)],
            ));
        }
    };
    if !nosplit {
        start_pred = out.len();
        load_g(&mut out);
        let guard = mem(regg, 2 * ptr);
        if autoffset <= STACK_SMALL {
            out.push(synth(n.cmp, f, &[reg(SP), guard]));
            out.push(unsafe_point(f.origin, -2));
        } else if autoffset <= STACK_BIG {
            out.push(synth(n.lea, f, &[mem(SP, -(autoffset - STACK_SMALL)), reg(split_tmp)]));
            out.push(synth(n.cmp, f, &[reg(split_tmp), guard]));
            out.push(unsafe_point(f.origin, -2));
        } else {
            out.push(synth(n.mov, f, &[reg(SP), reg(split_tmp)]));
            out.push(unsafe_point(f.origin, -2));
            out.push(synth(n.sub, f, &[Addr::Imm(autoffset - STACK_SMALL), reg(split_tmp)]));
            jls_at.push(out.len());
            out.push(synth(anames::JCS, f, &[Addr::Branch(u32::MAX)]));
            out.push(synth(n.cmp, f, &[reg(split_tmp), guard]));
        }
        jls_at.push(out.len());
        out.push(synth(anames::JLS, f, &[Addr::Branch(u32::MAX)]));
        out.push(unsafe_point(f.origin, -1));
    } else if wrapper {
        load_g(&mut out);
    }

    if autoffset != 0 {
        if autoffset % x.reg_size() != 0 {
            cx.diags.push(
                Diag::error(
                    "E0401",
                    f.progs_origin_or(&out),
                    format!("unaligned stack size {autoffset}: the frame must be a multiple of {}", x.reg_size()),
                )
                .with_note(if bpsize > 0 { "the assembler adds 8 bytes to save BP" } else { "" }),
            );
        }
        out.push(adjsp(x, f, autoffset));
    }
    if bpsize > 0 {
        let mut save = synth(n.mov, f, &[reg(BP), mem_scaled(SP, autoffset - bpsize)]);
        // BP lives at CFA - ptr (return address) - bpsize
        save.note = FrameNote::SaveReg(Reg(BP), -(ptr + bpsize) as i32);
        out.push(save);
        out.push(synth(n.lea, f, &[mem_scaled(SP, autoffset - bpsize), reg(BP)]));
    }
    // WRAPPER fast path
    let mut wrapper_jne = None;
    let mut wrapper_end = 0usize;
    if wrapper {
        out.push(synth(n.mov, f, &[mem(regg, 4 * ptr), reg(tmp0)]));
        out.push(synth(n.test, f, &[reg(tmp0), reg(tmp0)]));
        wrapper_jne = Some(out.len());
        out.push(synth(anames::JNE, f, &[Addr::Branch(u32::MAX)]));
        wrapper_end = out.len();
        out.push(synth(Op::NOP, f, &[]));
    }
    let body_start = out.len();

    // body, with RET expanded into the epilogue, behind the prologue
    let n_body = body.len();
    let per_ret = if autoffset != 0 { 1 + usize::from(bpsize > 0) } else { 0 };
    let rets = if per_ret > 0 { body[1..].iter().filter(|p| p.op == Op::RET).count() } else { 0 };
    let total = out.len() + (n_body - 1) + rets * per_ret;
    // a RET: the epilogue before it (BP restore, SP adjustment), and a tail jump for RET sym(SB)
    let expand_ret = |mut p: Prog| -> ([Option<Prog>; 2], Prog) {
        let mut epilogue: [Option<Prog>; 2] = [None, None];
        if autoffset != 0 {
            let origin = p.origin;
            if bpsize > 0 {
                let mut restore = Prog::with(n.mov, origin, &[mem_scaled(SP, autoffset - bpsize), reg(BP)]).synth();
                restore.note = FrameNote::RestoreReg(Reg(BP));
                epilogue[0] = Some(restore);
            }
            let mut adj = adjsp(x, f, -autoffset);
            adj.origin = origin;
            epilogue[1] = Some(adj);
            p.spadj = autoffset as i32;
            p.mark |= mark::SYNTH_EPILOGUE;
        }
        if !p.args.is_empty() {
            p.op = Op::JMP;
        }
        (epilogue, p)
    };
    let mut map = vec![0u32; n_body]; // map[0]: TEXT
    // room for the morestack block and the wrapper's slow path too, so they do not regrow it
    let room = total + if nosplit && !wrapper { 0 } else { 16 };
    if n_body < IN_PLACE_FROM && total != n_body {
        // into a new vector: one move per Prog, where growing the parser's would copy it all
        // and then move every Prog up
        let mut v = Vec::with_capacity(room);
        v.append(&mut out);
        for (src, p) in body.drain(..).enumerate().skip(1) {
            map[src] = v.len() as u32;
            if p.op == Op::RET {
                let (epilogue, p) = expand_ret(p);
                v.extend(epilogue.into_iter().flatten());
                v.push(p);
            } else {
                v.push(p);
            }
        }
        body = v;
    } else {
        // a huge function, or one with nothing to insert (nothing moves then)
        body.reserve_exact(room.saturating_sub(body.len()));
        move_up_in_place(&mut body, &mut out, total, &mut map, f, expand_ret);
    }
    let mut out = body;
    // remap user branch targets
    for p in out[body_start..].iter_mut() {
        for a in p.args.iter_mut() {
            if let Addr::Branch(t) = &mut a.addr
                && *t != u32::MAX
            {
                *t = map[*t as usize];
            }
        }
    }

    // morestack block
    if !nosplit {
        // Go appends it after the function's last instruction: the first NOP takes that one's
        // line (obj.Appendp), the rest the TEXT line (EmitEntryStackMap)
        let mut spfix = synth(Op::NOP, f, &[]);
        if let Some(last) = out.last() {
            spfix.origin = last.origin;
        }
        spfix.spadj = -(autoffset as i32);
        let call_at = out.len() + 2; // after spfix and the entry stack map
        out.push(spfix);
        out.push(crate::frame::pcdata(f.origin, crate::frame::PCDATA_STACK_MAP_INDEX, -1));
        let spill = out.len();
        out.push(unsafe_point(f.origin, -2));
        let _ = call_at;
        let morestack = if flags & textflag::NEEDCTXT != 0 { "runtime.morestack" } else { "runtime.morestack_noctxt" };
        let sym = cx.syms.intern_go(morestack, false);
        out.push(synth(Op::CALL, f, &[Addr::Mem(Mem { name: Name::Extern, sym: Some(sym), ..Mem::default() })]));
        out.push(unsafe_point(f.origin, -1));
        let mut jmp = synth(Op::JMP, f, &[Addr::Branch(start_pred as u32)]);
        jmp.spadj = autoffset as i32;
        out.push(jmp);
        for at in &jls_at {
            out[*at].args[0].addr = Addr::Branch(spill as u32);
        }
    }

    // WRAPPER slow path
    if let Some(jne) = wrapper_jne {
        let lea_at = out.len();
        // appended after the last instruction (the morestack block's JMP, if any), whose line
        // every instruction of it takes, as obj.Appendp copies it
        let at = out.last().map(|p| p.origin);
        out.push(synth(n.lea, f, &[mem(SP, autoffset + x.reg_size()), reg(tmp1)]));
        out.push(synth(n.cmp, f, &[mem(tmp0, 0), reg(tmp1)]));
        out.push(synth(anames::JNE, f, &[Addr::Branch(wrapper_end as u32)]));
        out.push(synth(n.mov, f, &[reg(SP), mem(tmp0, 0)]));
        out.push(synth(Op::JMP, f, &[Addr::Branch(wrapper_end as u32)]));
        if let Some(at) = at {
            for p in &mut out[lea_at..] {
                p.origin = at;
            }
        }
        out[jne].args[0].addr = Addr::Branch(lea_at as u32);
    }

    // pseudo-register offsets and SP deltas (Go's deltasp loop, plus explicit SP arithmetic)
    let pcsize = x.reg_size();
    let mut deltasp = 0i64; // Go's: PUSH/POP/ADJSP only; used for FP/SP-relative offsets
    let mut spdelta = 0i64; // the real SP delta, for pc tables and CFI
    let push_pop = |op: Op| push_pop_delta(op);
    let adjsp_op = anames::ADJSP;
    let mut seen_prologue_adj = false;
    // Callee-saved registers pushed first thing in the body are described in the unwind tables
    // (C ABI glue saves them this way). The prologue's own registers do not count.
    let mut prologue_writes: Vec<Reg> = Vec::new();
    if !nosplit {
        // the small check only compares SP; the larger ones compute into the scratch register
        prologue_writes.push(Reg(regg));
        if autoffset > STACK_SMALL {
            prologue_writes.push(Reg(split_tmp));
        }
    } else if wrapper {
        prologue_writes.push(Reg(regg));
    }
    if wrapper {
        prologue_writes.extend([Reg(tmp0), Reg(tmp1)]);
    }
    if bpsize > 0 {
        prologue_writes.push(Reg(BP));
    }
    let callee_saved = crate::arch::Arch::dwarf(x).callee_saved();
    let mut save_run = true;
    let mut pushed_saves: Vec<Reg> = Vec::new();
    // the pushes that can save a callee-saved register (a full register: PUSHL on 386)
    let (pushq, popq) =
        if x.mode == Mode::I386 { (anames::PUSHL, anames::POPL) } else { (anames::PUSHQ, anames::POPQ) };
    for (i, p) in out.iter_mut().enumerate() {
        for a in p.args.iter_mut() {
            if let Addr::Mem(m) | Addr::AddrOf(m) = &mut a.addr {
                match m.name {
                    Name::Auto => m.offset += deltasp - bpsize,
                    Name::Param => m.offset += deltasp + pcsize,
                    _ => {}
                }
            }
        }
        if p.mark & mark::SYNTH != 0 {
            // prologue/epilogue/morestack: spadj already set
            if p.spadj != 0 && !seen_prologue_adj && p.mark & mark::SYNTH_EPILOGUE == 0 && i < body_start {
                deltasp += p.spadj as i64;
                seen_prologue_adj = true;
            }
            spdelta += p.spadj as i64;
            continue;
        }
        if let Some(d) = push_pop(p.op) {
            p.spadj = d as i32;
            deltasp += d;
            spdelta += d;
            if let Addr::Reg(r) = p.arg(0) {
                let r = *r;
                if p.op == pushq
                    && save_run
                    && callee_saved.contains(&r)
                    && !prologue_writes.contains(&r)
                    && !pushed_saves.contains(&r)
                {
                    p.note = FrameNote::SaveReg(r, -(spdelta + x.reg_size()) as i32);
                    pushed_saves.push(r);
                    continue;
                }
                if p.op == popq && pushed_saves.contains(&r) {
                    p.note = FrameNote::RestoreReg(r);
                }
            }
            save_run = false;
            continue;
        }
        if !matches!(p.op, Op::TEXT | Op::FUNCDATA | Op::PCDATA | Op::NOP) {
            save_run = false;
        }
        if p.op == adjsp_op {
            let Some(v) = p.arg(0).imm() else {
                cx.diags.push(Diag::error("E0301", p.origin, "ADJSP needs an immediate: ADJSP $n"));
                continue;
            };
            let origin = p.origin;
            let mut q = adjsp(x, f, v);
            q.origin = origin;
            q.args[0].origin = p.arg_origin(0);
            q.mark = p.mark;
            *p = q;
            deltasp += v;
            spdelta += v;
            continue;
        }
        if p.op == Op::RET || (p.op == Op::JMP && p.mark & mark::SYNTH_EPILOGUE != 0) {
            // SP balance at RET is checked on the frame model, along control flow
            // (frame::lint::check_returns); here RET only restores the frame for what follows
            spdelta += p.spadj as i64;
            continue;
        }
        match explicit_sp_adjust(x, p) {
            Some(Ok(d)) => p.spadj = d as i32,
            Some(Err(())) => {
                let name = ops::name(p.op);
                p.note = FrameNote::SpWrite;
                cx.diags.push(
                    Diag::warning("W0405", p.origin, format!("{name} writes SP in a way p9asm cannot follow; the unwind tables mark the caller unknown from here"))
                        .with_note("unwinders stop at this frame (Go calls this SPWRITE); to keep the frame described, change SP with ADJSP $n, SUBQ/ADDQ $n, SP, LEAQ n(SP), SP or PUSH/POP"),
                );
            }
            None => {}
        }
        spdelta += p.spadj as i64;
    }

    f.progs = out;
    f.layout = FrameLayout { autosize: autoffset, listed_frame, locals, leaf: !has_call, nosplit };
    if x.mode == Mode::I386 || cx.shared {
        mark_tls_unsafe(f);
    }
}

/// Go's span6 where `!CanUse1InsnTLS` (linux/386, amd64 `-shared`): `MarkUnsafePoints` with "From.Index is TLS"
/// marks the second instruction of every two-instruction TLS load not async-preemptible
/// (resumed on another thread, the thread pointer in the register would be stale):
/// `PCDATA $0, $-2` before each run of them and the previous value after, unless the run ends
/// the function or is already inside an unsafe stretch. The PCDATAs take no bytes, so adding
/// them here, before layout, gives Go's listing.
fn mark_tls_unsafe(f: &mut Func) {
    use crate::frame::PCDATA_UNSAFE_POINT;
    let uses_tls = |p: &Prog| matches!(p.args.first().map(|a| &a.addr), Some(Addr::Mem(m)) if m.index == Reg(TLS));
    if !f.progs.iter().any(uses_tls) {
        return;
    }
    let pcdata_unsafe = |p: &Prog| {
        (p.op == Op::PCDATA && p.args.len() == 2 && p.arg(0).imm() == Some(PCDATA_UNSAFE_POINT))
            .then(|| p.arg(1).imm().unwrap_or(-1))
    };
    let old = std::mem::take(&mut f.progs);
    let n = old.len();
    let mut ed = crate::pass::ProgEditor::new(n, n + 8);
    let mut prev = -1i64;
    let mut run = false;
    let mut last = f.origin;
    for (k, p) in old.into_iter().enumerate() {
        if run && !uses_tls(&p) {
            // the end of a run: back to the value before it, at the run's last line
            ed.out.push(unsafe_point(last, prev));
            run = false;
        }
        if let Some(v) = pcdata_unsafe(&p) {
            prev = v;
        } else if !run && prev != -2 && uses_tls(&p) && k > 0 {
            // Go's StartUnsafePoint appends to the Prog before, with its position
            ed.out.push(unsafe_point(last, -2));
            run = true;
        }
        last = p.origin;
        ed.land(k);
        ed.out.push(p);
    }
    f.progs = ed.finish(|_| true);
}

fn mem_scaled(base: u16, offset: i64) -> Addr {
    // Go writes these with Scale 1 and no index; they print and encode as off(SP)
    mem(base, offset)
}

/// SP writes p9asm can follow: `SUBQ/ADDQ $c, SP`, `LEAQ c(SP), SP`. `None` if `p` does not
/// write SP; `Err` if it does in some other way.
fn explicit_sp_adjust(x: &X86, p: &Prog) -> Option<Result<i64, ()>> {
    if p.args.len() < 2 || p.last() != &reg(SP) {
        return None;
    }
    let name = ops::name(p.op);
    if name.starts_with("CMP") || name.starts_with("TEST") || name.starts_with("BT") {
        return None;
    }
    // amd64p32 moves its 64-bit SP with either width (the stack is below 4 GiB)
    let (q, l) = (x.mode == Mode::Amd64, x.narrow_frames());
    let is = |n: &str, op: &str| (q && n == format!("{op}Q")) || (l && n == format!("{op}L"));
    Some(match (name, p.arg(0)) {
        (n, Addr::Imm(c)) if is(n, "SUB") => Ok(*c),
        (n, Addr::Imm(c)) if is(n, "ADD") => c.checked_neg().ok_or(()),
        (n, Addr::Mem(m)) if is(n, "LEA") && m.base == Reg(SP) && m.index.is_none() && m.name == Name::None => {
            Ok(-m.offset)
        }
        _ => Err(()),
    })
}

trait OriginHelp {
    fn progs_origin_or(&self, out: &[Prog]) -> p9asm_macros::Origin;
}
impl OriginHelp for Func {
    fn progs_origin_or(&self, out: &[Prog]) -> p9asm_macros::Origin {
        out.first().and_then(|t| t.args.get(2)).map(|o: &Operand| o.origin).unwrap_or(self.origin)
    }
}

/// Bytes a PUSH/POP moves SP down (negative for POP), or None.
fn push_pop_delta(op: Op) -> Option<i64> {
    Some(match op {
        anames::PUSHL | anames::PUSHFL => 4,
        anames::PUSHQ | anames::PUSHFQ => 8,
        anames::PUSHW | anames::PUSHFW => 2,
        anames::POPL | anames::POPFL => -4,
        anames::POPQ | anames::POPFQ => -8,
        anames::POPW | anames::POPFW => -2,
        _ => return None,
    })
}

/// Go's progedit for float immediates: `MOVSD $0.0, X` becomes `XORPS X, X`; any other
/// `$float` operand of a float instruction becomes a reference to a content-addressed constant
/// `$f64.<bits>` / `$f32.<bits>` (file-local, read-only).
fn float_constants(p: &mut Prog, cx: &mut Ctx) {
    let Addr::Float(v) = *p.arg(0) else { return };
    let name = ops::name(p.op);
    let single = matches!(
        name,
        "MOVSS"
            | "FMOVF"
            | "FADDF"
            | "FSUBF"
            | "FSUBRF"
            | "FMULF"
            | "FDIVF"
            | "FDIVRF"
            | "FCOMF"
            | "FCOMFP"
            | "ADDSS"
            | "SUBSS"
            | "MULSS"
            | "DIVSS"
            | "COMISS"
            | "UCOMISS"
    );
    let double = matches!(
        name,
        "MOVSD"
            | "FMOVD"
            | "FADDD"
            | "FSUBD"
            | "FSUBRD"
            | "FMULD"
            | "FDIVD"
            | "FDIVRD"
            | "FCOMD"
            | "FCOMDP"
            | "ADDSD"
            | "SUBSD"
            | "MULSD"
            | "DIVSD"
            | "COMISD"
            | "UCOMISD"
    );
    if !single && !double {
        return;
    }
    if matches!(name, "MOVSS" | "MOVSD")
        && v.to_bits() == 0
        && let Addr::Reg(r) = *p.last()
        && (regs::X0..=regs::X15).contains(&r.0)
    {
        p.op = anames::XORPS;
        p.args[0].addr = Addr::Reg(r);
        return;
    }
    let (sym_name, bits, size) = if single {
        let b = (v as f32).to_bits();
        (format!("$f32.{b:08x}"), b as i64, 4u8)
    } else {
        let b = v.to_bits();
        (format!("$f64.{b:016x}"), b as i64, 8u8)
    };
    let sym = cx.syms.intern_go(&sym_name, true);
    if !cx.consts.iter().any(|d| d.sym == sym) {
        cx.consts.push(crate::prog::DataSym {
            sym,
            flags: textflag::RODATA,
            size: size as i64,
            inits: vec![crate::prog::DataInit { offset: 0, size, value: Addr::Imm(bits), origin: p.arg_origin(0) }],
            origin: p.arg_origin(0),
            declared: true,
        });
    }
    p.args[0].addr = Addr::Mem(Mem { name: Name::Extern, sym: Some(sym), ..Mem::default() });
}
