//! Helpers shared by the tests: byte patterns for argument frames, a callee that checks and
//! answers a whole frame, threads with big stacks.
#![allow(dead_code)]

use linker_tests::callees::{self, CalleeCall, Forwarder};
use linker_tests::runtime::{self, MoveRecord};
use linker_tests::{CallError, Type, g, reflectcall, size_class, stackmap};

/// Period of the argument pattern (prime, so a misplaced copy shows).
pub const PERIOD_IN: usize = 4093;
/// Period of the result pattern.
pub const PERIOD_OUT: usize = 4091;
/// Above this many bytes the input is sparse: zeros with an 8-byte marker every MiB and at the
/// end (untouched pages of a calloc'd buffer cost no memory).
pub const DENSE_MAX: usize = 16 << 20;
/// Bytes the callee overwrites at each end of the argument part (to prove it is not copied back).
pub const SCRIBBLE: usize = 64 << 10;

fn make_pattern(period: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..period)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

pub fn pattern_in() -> &'static [u8] {
    static P: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    P.get_or_init(|| make_pattern(PERIOD_IN, 0x243f6a8885a308d3))
}

pub fn pattern_out() -> &'static [u8] {
    static P: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    P.get_or_init(|| make_pattern(PERIOD_OUT, 0x13198a2e03707344))
}

/// Writes `pat` (byte at absolute offset i = pat[i % len]) over `buf`, which starts at `base`.
pub fn fill_periodic(buf: &mut [u8], base: usize, pat: &[u8]) {
    let p = pat.len();
    let mut i = 0;
    while i < buf.len() {
        let phase = (base + i) % p;
        let n = (p - phase).min(buf.len() - i);
        buf[i..i + n].copy_from_slice(&pat[phase..phase + n]);
        i += n;
    }
}

/// Whether `buf` (starting at absolute offset `base`) holds `pat` as [`fill_periodic`] writes it.
pub fn is_periodic(buf: &[u8], base: usize, pat: &[u8]) -> bool {
    let p = pat.len();
    let mut i = 0;
    while i < buf.len() {
        let phase = (base + i) % p;
        let n = (p - phase).min(buf.len() - i);
        if buf[i..i + n] != pat[phase..phase + n] {
            return false;
        }
        i += n;
    }
    true
}

fn marker(pos: usize) -> [u8; 8] {
    ((pos as u64).wrapping_mul(0x9e3779b97f4a7c15) ^ 0xa5a5_5a5a_0f0f_f0f0).to_le_bytes()
}

/// Marker positions of a sparse frame of `argsize` bytes.
fn marker_at(i: usize, argsize: usize) -> Option<usize> {
    if argsize >= 8 && i >= argsize - 8 {
        return Some(argsize - 8);
    }
    let k = i & !((1 << 20) - 1);
    (i - k < 8 && k + 8 <= argsize).then_some(k)
}

fn next_marker_after(i: usize, argsize: usize) -> usize {
    let next_mib = (i | ((1 << 20) - 1)) + 1;
    let last = if argsize >= 8 { argsize - 8 } else { usize::MAX };
    if last > i { next_mib.min(last) } else { next_mib }
}

pub fn fill_sparse(buf: &mut [u8]) {
    let n = buf.len();
    let mut k = 0;
    while k + 8 <= n {
        buf[k..k + 8].copy_from_slice(&marker(k));
        k += 1 << 20;
    }
    if n >= 8 {
        buf[n - 8..].copy_from_slice(&marker(n - 8));
    }
}

/// Whether `buf` (absolute offset `base` in a sparse frame of `argsize` bytes) is as
/// [`fill_sparse`] left it.
pub fn is_sparse(buf: &[u8], base: usize, argsize: usize) -> bool {
    static ZERO: [u8; 1 << 16] = [0; 1 << 16];
    let end = base + buf.len();
    let mut i = base;
    while i < end {
        if let Some(m) = marker_at(i, argsize) {
            if buf[i - base] != marker(m)[i - m] {
                return false;
            }
            i += 1;
            continue;
        }
        let stop = next_marker_after(i, argsize).min(end);
        while i < stop {
            let n = (stop - i).min(ZERO.len());
            if buf[i - base..i - base + n] != ZERO[..n] {
                return false;
            }
            i += n;
        }
    }
    true
}

pub fn is_input(buf: &[u8], base: usize, argsize: usize) -> bool {
    if argsize > DENSE_MAX { is_sparse(buf, base, argsize) } else { is_periodic(buf, base, pattern_in()) }
}

/// A fresh argument frame of `argsize` bytes holding the input.
pub fn input_frame(argsize: usize) -> Vec<u8> {
    let mut v = vec![0u8; argsize];
    if argsize > DENSE_MAX {
        fill_sparse(&mut v);
    } else {
        fill_periodic(&mut v, 0, pattern_in());
    }
    v
}

/// What one call through [`frame_call`] saw.
#[derive(Debug)]
pub struct FrameOutcome {
    pub argsize: usize,
    pub retoffset: usize,
    /// callN's frame size as measured from SPs (glue SP at its CALL minus the callee's SP).
    pub class_by_sp: usize,
    /// The function the callee returns into, from the stack-map section.
    pub class_by_pc: String,
    /// The callee's frame pointer equals callN's SP (glue SP - N - 16).
    pub frame_at_callee_sp: bool,
    /// The callee found the whole input in its frame.
    pub input_intact: bool,
    /// After the call, [0, retoffset) is the input again.
    pub args_untouched: bool,
    /// After the call, [retoffset, argsize) is what the callee wrote.
    pub results_copied: bool,
    pub moves: Vec<MoveRecord>,
    pub arg_ptr: usize,
    pub entry_sp: usize,
}

/// Calls a Rust callee through reflectcall with an `argsize`-byte frame: the callee checks the
/// input, overwrites the ends of the argument part and writes results from `retoffset` on.
pub fn frame_call(argsize: usize, retoffset: usize, typ: Option<&Type>) -> Result<FrameOutcome, CallError> {
    let mut args = input_frame(argsize);
    let mut seen = None;
    let mut cb = |c: &CalleeCall| {
        let gi = g::info();
        // SAFETY: the frame is argsize bytes.
        let frame = unsafe { c.frame(argsize) };
        let input_intact = is_input(frame, 0, argsize);
        let class_by_sp = gi.p9_entry_sp.wrapping_sub(c.call_sp()).wrapping_sub(32);
        let class_by_pc =
            stackmap::find_func(c.return_pc() - 1).map_or_else(|| "?".to_string(), |f| f.name.to_string());
        let frame_at_callee_sp = c.frame_ptr() as usize == gi.p9_entry_sp.wrapping_sub(class_by_sp).wrapping_sub(16);
        let s = SCRIBBLE.min(retoffset);
        frame[..s].fill(0xEE);
        frame[retoffset - s..retoffset].fill(0xEE);
        fill_periodic(&mut frame[retoffset..], retoffset, pattern_out());
        seen = Some((input_intact, class_by_sp, class_by_pc, frame_at_callee_sp, gi.p9_entry_sp));
    };
    runtime::take_moves();
    let arg_ptr = args.as_ptr() as usize;
    callees::with_rust_callee(Forwarder::Plain, &mut cb, |f| reflectcall(typ, f, &mut args, retoffset as u32))?;
    let moves = runtime::take_moves();
    let (input_intact, class_by_sp, class_by_pc, frame_at_callee_sp, entry_sp) = seen.expect("callee ran");
    Ok(FrameOutcome {
        argsize,
        retoffset,
        class_by_sp,
        class_by_pc,
        frame_at_callee_sp,
        input_intact,
        args_untouched: is_input(&args[..retoffset], 0, argsize),
        results_copied: is_periodic(&args[retoffset..], retoffset, pattern_out()),
        moves,
        arg_ptr,
        entry_sp,
    })
}

/// Checks everything a [`frame_call`] outcome should show for its size class.
pub fn assert_frame_outcome(o: &FrameOutcome) {
    let n = size_class(o.argsize as u32).expect("a size class") as usize;
    let what = format!("argsize {} retoffset {}", o.argsize, o.retoffset);
    assert_eq!(o.class_by_pc, format!("runtime.call{n}"), "{what}: callee returned into the wrong callN");
    assert_eq!(o.class_by_sp, n, "{what}: callN frame size measured from SP");
    assert!(o.frame_at_callee_sp, "{what}: the argument frame is not at callN's SP");
    assert!(o.input_intact, "{what}: arguments did not arrive intact");
    assert!(o.args_untouched, "{what}: bytes before retoffset changed");
    assert!(o.results_copied, "{what}: results not copied back exactly");
    assert_eq!(o.moves.len(), 1, "{what}: reflectcallmove calls");
    let m = &o.moves[0];
    assert_eq!(m.dst, o.arg_ptr + o.retoffset, "{what}: move dst");
    assert_eq!(m.size, o.argsize - o.retoffset, "{what}: move size");
    assert_eq!(m.src, o.entry_sp - n - 16 + o.retoffset, "{what}: move src (callN's SP + retoffset)");
}

/// Runs `f` on a new thread with a `stack`-byte stack and returns its result (panics propagate).
pub fn on_thread<R: Send + 'static>(stack: usize, f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

pub fn i64s(args: &[u8]) -> Vec<i64> {
    args.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap())).collect()
}

pub fn put_i64s(args: &mut [u8], vals: &[i64]) {
    for (c, v) in args.chunks_exact_mut(8).zip(vals) {
        c.copy_from_slice(&v.to_le_bytes());
    }
}
