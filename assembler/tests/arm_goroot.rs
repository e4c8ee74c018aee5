//! Every arm `.s` file of Go 1.19's GOROOT/src that `go build` assembles for GOOS=linux (at
//! Go's default GOARM=5, and at GOARM=7, where constants become MOVW/VMOV immediates), assembled by Go and by p9asm and compared symbol by symbol (bytes and
//! relocation lines); the method is in `common/goroot.rs`, the results are pinned in
//! `tests/data/arm_goroot.txt` and `arm7_goroot.txt` (`P9ASM_ARM_PIN=1` rewrites them; a file may only move up).

mod common;

#[path = "common/goroot.rs"]
mod goroot;

#[test]
fn goroot_arm_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "arm",
        env: &[("GOARM", "5")],
        defines: &[],
        pin_env: "P9ASM_ARM_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/arm_goroot.txt"),
        extra: &[],
        min_files: 30,
    });
}

#[test]
fn goroot_arm_files_match_go_at_goarm_7() {
    goroot::check(&goroot::Target {
        goarch: "arm",
        env: &[("GOARM", "7")],
        defines: &[],
        pin_env: "P9ASM_ARM_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/arm7_goroot.txt"),
        extra: &[],
        min_files: 30,
    });
}
