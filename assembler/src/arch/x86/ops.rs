//! Mnemonic lookup for amd64/386: every mnemonic Go 1.19's x86 assembler knows (the generated
//! table in `anames.rs`, from cmd/internal/obj/x86/anames.go) plus Go's aliases, so any Go
//! mnemonic parses; the encoder then says precisely which ones p9asm can encode.
//! `Op(Op::FIRST_ARCH + i)` is `NAMES[i]`.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::prog::Op;

pub use super::anames::NAMES;

/// Go's alternate spellings (cmd/asm/internal/arch/arch.go).
pub const ALIASES: [(&str, &str); 56] = [
    ("JA", "JHI"),
    ("JAE", "JCC"),
    ("JB", "JCS"),
    ("JBE", "JLS"),
    ("JC", "JCS"),
    ("JCC", "JCC"),
    ("JCS", "JCS"),
    ("JE", "JEQ"),
    ("JEQ", "JEQ"),
    ("JG", "JGT"),
    ("JGE", "JGE"),
    ("JGT", "JGT"),
    ("JHI", "JHI"),
    ("JHS", "JCC"),
    ("JL", "JLT"),
    ("JLE", "JLE"),
    ("JLO", "JCS"),
    ("JLS", "JLS"),
    ("JLT", "JLT"),
    ("JMI", "JMI"),
    ("JNA", "JLS"),
    ("JNAE", "JCS"),
    ("JNB", "JCC"),
    ("JNBE", "JHI"),
    ("JNC", "JCC"),
    ("JNE", "JNE"),
    ("JNG", "JLE"),
    ("JNGE", "JLT"),
    ("JNL", "JGE"),
    ("JNLE", "JGT"),
    ("JNO", "JOC"),
    ("JNP", "JPC"),
    ("JNS", "JPL"),
    ("JNZ", "JNE"),
    ("JO", "JOS"),
    ("JOC", "JOC"),
    ("JOS", "JOS"),
    ("JP", "JPS"),
    ("JPC", "JPC"),
    ("JPE", "JPS"),
    ("JPL", "JPL"),
    ("JPO", "JPC"),
    ("JPS", "JPS"),
    ("JS", "JMI"),
    ("JZ", "JEQ"),
    ("MASKMOVDQU", "MASKMOVOU"),
    ("MOVD", "MOVQ"),
    ("MOVDQ2Q", "MOVQ"),
    ("MOVNTDQ", "MOVNTO"),
    ("MOVOA", "MOVO"),
    ("PSLLDQ", "PSLLO"),
    ("PSRLDQ", "PSRLO"),
    ("PADDD", "PADDL"),
    ("MOVBELL", "MOVBEL"),
    ("MOVBEQQ", "MOVBEQ"),
    ("MOVBEWW", "MOVBEW"),
];

/// A mnemonic (at most 16 ASCII bytes) packed into an integer: hashing it is cheaper than
/// hashing and comparing a string.
fn key(name: &str) -> Option<u128> {
    let b = name.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    Some(b.iter().fold(0u128, |k, &c| k << 8 | c as u128))
}

fn table() -> &'static FxHashMap<u128, Op> {
    static T: OnceLock<FxHashMap<u128, Op>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxHashMap<u128, Op> = FxHashMap::default();
        for (i, n) in NAMES.iter().enumerate() {
            if let Some(k) = key(n) {
                m.insert(k, Op(Op::FIRST_ARCH + i as u16));
            }
        }
        for (a, b) in ALIASES {
            if let (Some(ka), Some(kb)) = (key(a), key(b)) {
                let op = m[&kb];
                m.insert(ka, op);
            }
        }
        m
    })
}

pub fn lookup(name: &str) -> Option<Op> {
    match key(name) {
        Some(k) => table().get(&k).copied(),
        // a handful of AVX-512 mnemonics are longer than 16 bytes
        None => NAMES.iter().position(|n| *n == name).map(|i| Op(Op::FIRST_ARCH + i as u16)),
    }
}

pub fn name(op: Op) -> &'static str {
    if op.is_pseudo() {
        return Op::PSEUDO_NAMES.get(op.0 as usize).copied().unwrap_or("???");
    }
    NAMES.get((op.0 - Op::FIRST_ARCH) as usize).copied().unwrap_or("???")
}

/// Go's `jumpX86`: mnemonics that take a branch target (a bit per opcode, computed once).
pub fn is_jump(op: Op) -> bool {
    static BITS: OnceLock<Vec<u64>> = OnceLock::new();
    let bits = BITS.get_or_init(|| {
        let mut b = vec![0u64; NAMES.len().div_ceil(64)];
        for (i, n) in NAMES.iter().enumerate() {
            if n.starts_with('J') || *n == "CALL" || n.starts_with("LOOP") || *n == "XBEGIN" {
                b[i / 64] |= 1 << (i % 64);
            }
        }
        b
    });
    match op.0.checked_sub(Op::FIRST_ARCH) {
        Some(i) => bits.get(i as usize / 64).is_some_and(|w| w >> (i % 64) & 1 == 1),
        None => false,
    }
}
