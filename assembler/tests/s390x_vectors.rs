//! Go 1.19's s390x test vectors: every instruction line of `s390x.s` that carries an expected
//! encoding must assemble to exactly those bytes, in one run (the shared harness:
//! `tests/common/vectors.rs`; pins in `tests/data/s390x_missing.txt`, `P9ASM_S390X_PIN=1`).
//! Go 1.19 has no s390x error file. The counts are printed
//! (`cargo test -p p9asm --test s390x_vectors -- --nocapture`).

mod common;

use common::vectors::{self, VectorTarget};
use p9asm::target::GoArch;

const S390X: VectorTarget = VectorTarget { goarch: GoArch::S390x, pin: "s390x", predefined: &[] };

#[test]
fn s390x_s_vectors() {
    let (ok, total, missing) = vectors::check(&S390X, GoArch::S390x, "s390x.s", &|b| b.to_vec(), None);
    println!("s390x.s: {ok}/{total} vectors match; {} rejected (pinned)", missing.len());
    vectors::write_pin(&S390X, &missing);
}
