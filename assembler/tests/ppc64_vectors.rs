//! Go 1.19's ppc64 test vectors: every instruction line of `ppc64.s` that carries an expected
//! encoding must assemble to exactly those bytes: for GOARCH=ppc64 as written (Go's end-to-end
//! test runs big-endian), and for ppc64le as the same words stored little-endian; a line Go
//! accepts without an encoding must not be rejected either. The shared harness is
//! `tests/common/vectors.rs` (pins in `tests/data/ppc64_missing.txt`, `P9ASM_PPC64_PIN=1`).
//! Go 1.19 has no ppc64 error file.

mod common;

use common::vectors::{self, VectorTarget};
use p9asm::target::GoArch;

const PPC64: VectorTarget = VectorTarget { goarch: GoArch::Ppc64, pin: "ppc64", predefined: &[] };

/// The words of `be` stored little-endian (every vector is a sequence of 4-byte words; Go's
/// DWORD stores its two halves swapped as well, and ppc64.s has no DWORD with an encoding).
fn to_le(be: &[u8]) -> Vec<u8> {
    be.chunks(4).flat_map(|w| w.iter().rev().copied().collect::<Vec<u8>>()).collect()
}

#[test]
fn ppc64_s_vectors_both_byte_orders() {
    let mut pin = Vec::new();
    for arch in [GoArch::Ppc64, GoArch::Ppc64le] {
        let expect = |b: &[u8]| if arch.big_endian() { b.to_vec() } else { to_le(b) };
        let (ok, total, missing) = vectors::check(&PPC64, arch, "ppc64.s", &expect, Some(&[]));
        println!("ppc64.s ({arch}): {ok}/{total} vectors match; {} rejected (pinned)", missing.len());
        if arch == GoArch::Ppc64 {
            pin = missing;
        }
    }
    vectors::write_pin(&PPC64, &pin);
}
