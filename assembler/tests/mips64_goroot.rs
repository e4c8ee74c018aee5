//! Every mips64 and mips64le `.s` file of Go 1.19's GOROOT/src that `go build` assembles for
//! GOOS=linux (GOMIPS64=hardfloat, Go's default, and softfloat, which changes
//! `runtime/preempt_mips64x.s` and `runtime/cgo/asm_mips64x.s`), assembled by Go and by p9asm and compared
//! symbol by symbol (bytes and relocation lines); the method is in `common/goroot.rs`, the
//! results are pinned in `tests/data/mips64{,le}{,_softfloat}_goroot.txt`
//! (`P9ASM_MIPS64_PIN=1` rewrites them; a file may only move up).

mod common;

#[path = "common/goroot.rs"]
mod goroot;

#[test]
fn goroot_mips64_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "mips64",
        env: &[("GOMIPS64", "hardfloat")],
        defines: &["GOMIPS64_hardfloat"],
        pin_env: "P9ASM_MIPS64_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mips64_goroot.txt"),
        extra: &[],
        min_files: 25,
    });
}

#[test]
fn goroot_mips64le_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "mips64le",
        env: &[("GOMIPS64", "hardfloat")],
        defines: &["GOMIPS64_hardfloat"],
        pin_env: "P9ASM_MIPS64_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mips64le_goroot.txt"),
        extra: &[],
        min_files: 25,
    });
}

#[test]
fn goroot_mips64_softfloat_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "mips64",
        env: &[("GOMIPS64", "softfloat")],
        defines: &["GOMIPS64_softfloat"],
        pin_env: "P9ASM_MIPS64_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mips64_softfloat_goroot.txt"),
        extra: &[],
        min_files: 25,
    });
}

#[test]
fn goroot_mips64le_softfloat_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "mips64le",
        env: &[("GOMIPS64", "softfloat")],
        defines: &["GOMIPS64_softfloat"],
        pin_env: "P9ASM_MIPS64_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mips64le_softfloat_goroot.txt"),
        extra: &[],
        min_files: 25,
    });
}
