//! proptest pieces shared by the front-end fuzz tests of both crates (`macros/tests/fuzz_props.rs`
//! and `assembler/tests/fuzz_frontend.rs`, which includes this file by path).

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
