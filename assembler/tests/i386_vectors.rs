//! Go 1.19's 386 test vectors: every instruction line of `386enc.s` that carries an expected
//! encoding (read as cmd/asm/internal/asm/endtoend_test.go reads them) must assemble to
//! exactly those bytes, and every instruction line of `386.s` (whose comments are Go's
//! listing, not bytes; its bytes are compared with Go's in `x86_encode_diff`) must be
//! accepted, except the lines pinned in `tests/data/i386_missing.txt` (`file:line`, the
//! instruction and the diagnostic), which must be rejected with a diagnostic. Go has no
//! `386error.s`. The counts are printed (`-- --nocapture`).

mod common;

use common::GO_TESTDATA;
use common::vectors::{self, VectorTarget};
use p9asm::target::GoArch;

const I386: VectorTarget = VectorTarget { goarch: GoArch::I386, pin: "i386", predefined: &[] };

#[test]
fn i386enc_s_vectors_and_386_s_lines() {
    let pinned = vectors::pinned(&I386);
    let mut problems = Vec::new();
    // 386enc.s: the expected bytes
    let name = "386enc.s";
    let (ok, total, mut rejected) = vectors::check(&I386, GoArch::I386, name, &|b| b.to_vec(), None);
    println!("{name}: {ok}/{total} vectors match");
    assert!(total >= 20, "only {total} vectors in {name}");
    // 386.s: every instruction line is accepted, or pinned and rejected
    let name = "386.s";
    let src = std::fs::read_to_string(format!("{GO_TESTDATA}/{name}")).unwrap();
    let run = vectors::assemble(&I386, GoArch::I386, name);
    let mut lines = 0;
    let mut accepted = 0;
    for (n, l) in src.lines().enumerate() {
        let code = l.split("//").next().unwrap().trim();
        if !l.starts_with('\t') || code.is_empty() || code.ends_with(':') {
            continue;
        }
        lines += 1;
        let key = format!("{name}:{}", n + 1);
        match run.errors.get(&(n as u32 + 1)) {
            None => {
                accepted += 1;
                if pinned.contains(&key) {
                    problems.push(format!("{key}: {code}: pinned as rejected, but accepted (unpin it)"));
                }
            }
            Some(e) => {
                rejected.push(format!("{key}\t{code}\t{e}"));
                if !pinned.contains(&key) {
                    problems.push(format!("{key}: {code}: rejected but not pinned: {e}"));
                }
            }
        }
    }
    println!("{name}: {accepted}/{lines} instruction lines accepted; {} rejected (pinned)", lines - accepted);
    vectors::write_pin(&I386, &rejected);
    if std::env::var_os("P9ASM_I386_PIN").is_none() {
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }
}
