//! proptest pieces shared by the front-end fuzz tests of both crates (`macros/tests/fuzz_props.rs`
//! and `assembler/tests/fuzz_frontend.rs`, which includes this file by path). Each test file uses
//! only some of them.
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Up to 150 fragments glued together.
pub fn soup<S: Strategy<Value = Vec<u8>>>(fragment: S) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(fragment, 0..150).prop_map(|v| v.concat())
}

/// Random byte edits (replace, insert, delete) of a real source file.
pub fn mutated_stub() -> impl Strategy<Value = Vec<u8>> {
    let stub = include_bytes!("../../../stubs/asm_amd64.s").to_vec();
    let len = stub.len();
    prop::collection::vec((0..len, any::<u8>(), 0u8..3), 1..30).prop_map(move |edits| {
        let mut b = stub.clone();
        for (pos, byte, what) in edits {
            let pos = pos.min(b.len());
            match what {
                0 if pos < b.len() => b[pos] = byte,
                1 => b.insert(pos, byte),
                _ if pos < b.len() => {
                    b.remove(pos);
                }
                _ => {}
            }
        }
        b
    })
}

/// A fixed seed (reproducible CI), overridable with `PROPTEST_CASES` and `PROPTEST_RNG_SEED`.
pub fn config(default_cases: u32, default_seed: u64) -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default_cases);
    let seed = std::env::var("PROPTEST_RNG_SEED").ok().and_then(|c| c.parse().ok()).unwrap_or(default_seed);
    Config { cases, rng_seed: RngSeed::Fixed(seed), failure_persistence: None, ..Config::default() }
}

// ---------------------------------------------------------------- hostile-input classes

/// A small valid amd64 program, one statement per line, with no literals or comments: any byte
/// the lexer rejects can be inserted anywhere in it and must be reported.
pub const CLEAN_PROGRAM: &str = "#define ADD2(a, b) ADDQ a, b; ADDQ a, b\nTEXT ·f(SB), 4, $16-8\n\tMOVQ x+0(FP), AX\n\tADD2($1, AX)\nloop:\n\tSUBQ $1, AX\n\tJNE loop\n\tMOVQ AX, ret+8(FP)\n\tRET\n";

/// Bytes (or sequences) the lexer rejects wherever they stand outside a comment or literal:
/// control characters (NUL, U+001A, form feed, vertical tab, DEL, ...), lone or truncated
/// UTF-8, and Unicode characters that are not letters.
pub fn rejected_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (0u8..0x20).prop_filter("whitespace", |b| !matches!(b, b'\t' | b'\n' | b'\r' | b' ')).prop_map(|b| vec![b]),
        Just(vec![0x7f]),
        Just(vec![0x1a]),
        (0x80u8..=0xff).prop_map(|b| vec![b]),
        Just(b"\xe2\x82".to_vec()),
        Just("€".as_bytes().to_vec()),
        Just("\u{feff}".as_bytes().to_vec()),
        Just("\u{2028}".as_bytes().to_vec()),
    ]
}

/// [`CLEAN_PROGRAM`] with one rejected sequence inserted at a random byte offset (on a char
/// boundary): (source, offset of the inserted bytes).
pub fn program_with_rejected_byte() -> impl Strategy<Value = (Vec<u8>, usize)> {
    let boundaries: Vec<usize> = CLEAN_PROGRAM.char_indices().map(|(i, _)| i).collect();
    (prop::sample::select(boundaries), rejected_bytes()).prop_map(|(at, bad)| {
        let mut b = CLEAN_PROGRAM.as_bytes().to_vec();
        b.splice(at..at, bad);
        (b, at)
    })
}

/// A character constant built from random pieces: plain characters, simple and unknown
/// escapes, and `\x`, `\u`, `\U` and octal escapes with too few, enough and too many digits of
/// any value; sometimes empty or with several characters.
pub fn char_constant() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[ -&(-\\[\\]-~]",
        1 => "[é·∕€\u{10348}\u{fffd}]",
        2 => "\\\\[abfnrtv\\\\'\"qz0 ]",
        2 => "\\\\x[0-9a-fA-FgG]{0,3}",
        2 => "\\\\u[0-9a-fA-F]{0,5}",
        1 => "\\\\u[dD][89a-fA-F][0-9a-f]{2}",
        2 => "\\\\U[0-9a-fA-F]{0,9}",
        1 => "\\\\U0010[0-9a-fA-F]{4}",
        1 => "\\\\U001[0-9a-f]{5}",
        2 => "\\\\[0-7]{1,4}",
        1 => "\\\\[0-9]{3}",
    ];
    prop_oneof![
        8 => piece.clone().prop_map(|p| format!("'{p}'")),
        1 => Just("''".to_string()),
        2 => prop::collection::vec(piece, 2..4).prop_map(|v| format!("'{}'", v.concat())),
    ]
}

/// Go's value of a character constant, written independently of p9asm's decoder from the
/// definitions (`strconv.Unquote` of a `'...'` literal: exactly one character or escape; then
/// `utf8.DecodeRuneInString` of the result must not be an error). `None` when Go rejects it
/// (p9asm also rejects `''`, which Go lets through as U+FFFD).
pub fn go_char_value(lit: &str) -> Option<u32> {
    let body = lit.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut cs = body.chars();
    let c = cs.next()?;
    let (value, byte) = if c != '\\' {
        if c == '\'' || c == '\n' {
            return None;
        }
        (c as u32, false)
    } else {
        let e = cs.next()?;
        let hex = |cs: &mut std::str::Chars, n: usize| -> Option<u32> {
            let s: String = cs.by_ref().take(n).collect();
            if s.len() != n || !s.chars().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(&s, 16).ok()
        };
        match e {
            'a' => (7, false),
            'b' => (8, false),
            'f' => (12, false),
            'n' => (10, false),
            'r' => (13, false),
            't' => (9, false),
            'v' => (11, false),
            '\\' => (92, false),
            '\'' => (39, false),
            'x' => (hex(&mut cs, 2)?, true),
            'u' => (char::from_u32(hex(&mut cs, 4)?)? as u32, false),
            'U' => (char::from_u32(hex(&mut cs, 8)?)? as u32, false),
            '0'..='7' => {
                let s: String = std::iter::once(e).chain(cs.by_ref().take(2)).collect();
                if s.len() != 3 || !s.chars().all(|c| ('0'..='7').contains(&c)) {
                    return None;
                }
                let v = u32::from_str_radix(&s, 8).ok()?;
                if v > 255 {
                    return None;
                }
                (v, true)
            }
            _ => return None,
        }
    };
    if cs.next().is_some() {
        return None; // more than one character
    }
    if byte && value >= 0x80 {
        return None; // a lone byte 0x80..0xff is not UTF-8
    }
    Some(value)
}

/// A function-like macro with `n` parameters (one duplicated when `dup` is `Some(i)`: parameter
/// `i` repeats parameter 0's name) invoked with `m` arguments. Returns (source, whether it is
/// bad, the code to expect).
pub fn param_list() -> impl Strategy<Value = (String, bool, &'static str)> {
    (1usize..3000, prop::option::weighted(0.3, any::<prop::sample::Index>()), prop::option::weighted(0.3, 0usize..3001))
        .prop_map(|(n, dup, m)| {
            let mut names: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
            let dup = dup.map(|d| d.index(n)).filter(|&d| d > 0);
            if let Some(d) = dup {
                names[d] = "a0".into();
            }
            let m = m.unwrap_or(n);
            let args = vec!["1"; m].join(",");
            let src = format!("#define M({}) a0\nM({args})\n", names.join(","));
            match (dup, m != n) {
                (Some(_), _) => (src, true, "E0112"),
                (None, true) => (src, true, "E0115"),
                (None, false) => (src, false, ""),
            }
        })
}

/// A tree of headers with no include guards: `levels` levels, each header including the next
/// level `fanout` times, so `fanout^levels` includes are wanted; the budget (Limits) decides.
pub fn include_tree() -> impl Strategy<Value = (usize, usize)> {
    (0usize..70, 1usize..4).prop_filter("at most a million wanted", |(l, f)| (*f as f64).powi(*l as i32) < 1e6)
}
