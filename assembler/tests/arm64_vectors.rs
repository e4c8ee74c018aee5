//! Go 1.19's arm64 test vectors: every instruction line of `arm64.s` and `arm64enc.s` that
//! carries an expected encoding must assemble to exactly those bytes, and every `// ERROR` line
//! of `arm64error.s` must be rejected at that line, in one run, with no other line rejected (the
//! shared harness: `tests/common/vectors.rs`; pins in `tests/data/arm64_missing.txt`,
//! `P9ASM_ARM64_PIN=1`). The counts are printed
//! (`cargo test -p p9asm --test arm64_vectors -- --nocapture`).

mod common;

use common::vectors::{self, VectorTarget};
use p9asm::target::GoArch;

const ARM64: VectorTarget = VectorTarget { goarch: GoArch::Arm64, pin: "arm64", predefined: &[] };

#[test]
fn arm64_s_and_arm64enc_s_vectors() {
    let mut all_missing = Vec::new();
    for name in ["arm64.s", "arm64enc.s"] {
        let (ok, total, missing) = vectors::check(&ARM64, GoArch::Arm64, name, &|b| b.to_vec(), None);
        println!("{name}: {ok}/{total} vectors match; {} rejected (pinned)", missing.len());
        all_missing.extend(missing);
    }
    vectors::write_pin(&ARM64, &all_missing);
}

#[test]
fn arm64error_s_lines_are_rejected() {
    let (hit, total) = vectors::check_errors(&ARM64, "arm64error.s");
    println!("arm64error.s: {hit}/{total} error lines rejected");
    assert_eq!(hit, total, "every error line rejected (none pinned)");
}
