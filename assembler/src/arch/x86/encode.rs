//! x86 instruction encoding (Go's asm6.go): one Prog to bytes plus fixups.

use super::Mode;
use crate::emit::fixup::Fixup;
use crate::prog::Prog;
use crate::sym::Symbols;

pub struct EncodeCx<'a> {
    pub mode: Mode,
    /// The whole function (branch targets are indexes into it).
    pub progs: &'a [Prog],
    /// Current pc of every Prog: exact for Progs before the one being encoded, the previous
    /// round's value for later ones (the span loop repeats until nothing moves).
    pub pcs: &'a [u32],
    pub syms: &'a Symbols,
}

/// Why a Prog cannot be encoded.
#[derive(Clone, Debug, PartialEq)]
pub struct EncodeErr {
    pub code: &'static str,
    pub msg: String,
    /// The operand the problem is about, if one is to blame.
    pub operand: Option<usize>,
}

/// Encodes `cx.progs[idx]` at `cx.pcs[idx]`, appending bytes to `out` and fixups (with offsets
/// from the start of the function) to `fixups`.
pub fn encode(
    cx: &EncodeCx,
    idx: usize,
    out: &mut Vec<u8>,
    fixups: &mut Vec<Fixup>,
) -> Result<(), EncodeErr> {
    let _ = (cx, idx, out, fixups);
    Err(EncodeErr {
        code: "E0301",
        msg: "x86 encoder not written yet".into(),
        operand: None,
    })
}

/// Whether `p`, encoded in `size` bytes, used the 8-bit displacement form of a branch.
pub fn is_short_branch(p: &Prog, size: u32) -> bool {
    let _ = p;
    size == 2
}
