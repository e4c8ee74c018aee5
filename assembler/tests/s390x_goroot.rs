//! Every s390x `.s` file of Go 1.19's GOROOT/src that `go build` assembles for GOOS=linux,
//! assembled by Go and by p9asm and compared symbol by symbol (bytes and relocation lines); the
//! method is in `common/goroot.rs`, the results are pinned in `tests/data/s390x_goroot.txt`
//! (`P9ASM_S390X_PIN=1` rewrites it; a file may only move up).

mod common;

#[path = "common/goroot.rs"]
mod goroot;

#[test]
fn goroot_s390x_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "s390x",
        env: &[],
        defines: &[],
        pin_env: "P9ASM_S390X_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/s390x_goroot.txt"),
        extra: &[],
        min_files: 30,
    });
}
