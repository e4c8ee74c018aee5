//! Go 1.19's arm test vectors: every instruction line of `arm.s` (at GOARM 5, 6 and 7, as
//! endtoend_test.go's TestARMEndToEnd runs it) and of `armv6.s` (at GOARM 6) that carries an
//! expected encoding must assemble to exactly those bytes, and every `// ERROR` line of
//! `armerror.s` must be rejected at that line, in one run, with no other line rejected.
//!
//! What p9asm cannot assemble yet is pinned in `tests/data/arm_missing.txt` (one `file:line`
//! per line): a pinned line may fail (it must fail with a diagnostic, never with other bytes),
//! any other line must pass, so the counts can only go up. The counts are printed
//! (`cargo test -p p9asm --test arm_vectors -- --nocapture`).

mod common;

use common::vectors::{self, VectorTarget};
use p9asm::driver::{AsmOptions, assemble_source};
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

/// arm at each GOARM level Go's end-to-end test runs (Go 1.19's default is 5)
const ARM: [VectorTarget; 3] = [
    VectorTarget { goarch: GoArch::Arm, pin: "arm", predefined: &["GOARM_5"] },
    VectorTarget { goarch: GoArch::Arm, pin: "arm", predefined: &["GOARM_6"] },
    VectorTarget { goarch: GoArch::Arm, pin: "arm", predefined: &["GOARM_7"] },
];

#[test]
fn arm_s_and_armv6_s_vectors() {
    let mut all_missing: Vec<String> = Vec::new();
    for (name, goarm) in [("arm.s", 5), ("arm.s", 6), ("arm.s", 7), ("armv6.s", 6)] {
        let (ok, total, missing) = vectors::check(&ARM[goarm - 5], GoArch::Arm, name, &|b| b.to_vec(), None);
        println!("{name} (GOARM={goarm}): {ok}/{total} vectors match; {} rejected (pinned)", missing.len());
        for m in missing {
            if !all_missing.contains(&m) {
                all_missing.push(m);
            }
        }
    }
    vectors::write_pin(&ARM[0], &all_missing);
}

#[test]
fn armerror_s_lines_are_rejected() {
    let (hit, total) = vectors::check_errors(&ARM[0], "armerror.s");
    println!("armerror.s: {hit}/{total} error lines rejected");
    assert_eq!(hit, total, "every error line rejected (none pinned)");
}

/// Go's GOARM changes encodings (buildcfg.GOARM; Go 1.19's default is 5): a 16-bit constant is
/// MOVW (immediate 16) only at 7, float constants are VMOV #imm only at 7, else pool words and
/// `$f64.` symbols. p9asm takes the level from GOARM (predefining GOARM_<n>, the default 5) or
/// from a `-D GOARM_7`; each level gives Go's bytes and relocations at that GOARM.
#[test]
fn goarm_levels_encode_as_go_does() {
    if !common::oracle_available(common::GO) {
        return;
    }
    let src = "#include \"textflag.h\"\nTEXT ·f(SB), NOSPLIT, $0-0\n\tMOVW\t$0xffff, R1\n\tADD\t$0x1234, R2\n\tMVN\t$0x1234, R3\n\tMOVF\t$1.0, F1\n\tMOVD\t$0.0, F2\n\tMOVD\t$0.5, F3\n\tMOVD\t$0.1, F4\n\tRET\n";
    let dir = std::env::temp_dir().join(format!("p9asm-goarm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("goarm.s");
    std::fs::write(&file, src).unwrap();
    let go = |level: &str| -> Vec<common::Listed> {
        let out = std::process::Command::new(common::GO)
            .current_dir(&dir)
            .env("GOOS", "linux")
            .env("GOARCH", "arm")
            .env("GOARM", level)
            .env("GOCACHE", std::env::temp_dir().join("p9asm-gocache"))
            .args(["tool", "asm", "-S", "-p", "main", "-I", "/usr/lib/go-1.19/pkg/include", "-o"])
            .arg(dir.join("goarm.o"))
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        common::parse_listing(&String::from_utf8_lossy(&out.stdout))
    };
    let ours = |predefined: &[&str], defines: &[&str]| -> Vec<common::Listed> {
        let mut opts = AsmOptions::new(GoArch::Arm);
        opts.listing = true;
        opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
        opts.predefined = predefined.iter().map(|s| s.to_string()).collect();
        opts.defines = defines.iter().map(|s| s.to_string()).collect();
        let mut sm = SourceMap::new();
        let mut diags = Diagnostics::new(100);
        let a = assemble_source("goarm.s", Some(file.clone()), src.as_bytes().to_vec(), &opts, &mut sm, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render(&sm, false));
        common::parse_listing(&a.listing)
    };
    let f = |l: &[common::Listed]| {
        let f = l.iter().find(|s| s.name.ends_with(".f")).expect("f");
        (f.bytes.clone(), f.rels.clone())
    };
    let (g5, g7) = (go("5"), go("7"));
    assert_ne!(f(&g5), f(&g7), "the snippet must tell the levels apart");
    // the default, GOARM=5 predefined, and -D GOARM_7 over a predefined GOARM_5
    assert_eq!(f(&ours(&[], &[])), f(&g5), "default level");
    assert_eq!(f(&ours(&["GOARM_5"], &[])), f(&g5), "GOARM=5");
    assert_eq!(f(&ours(&["GOARM_6"], &[])), f(&go("6")), "GOARM=6");
    assert_eq!(f(&ours(&["GOARM_7"], &[])), f(&g7), "GOARM=7");
    assert_eq!(f(&ours(&["GOARM_5"], &["GOARM_7"])), f(&g7), "-D GOARM_7");
}
