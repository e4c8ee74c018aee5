//! Every 386 `.s` file of Go 1.19's GOROOT/src that `go build` assembles for GOOS=linux,
//! assembled by Go and by p9asm and compared symbol by symbol (bytes and relocation lines); the
//! method is in `common/goroot.rs`, the results are pinned in `tests/data/i386_goroot.txt`
//! (`P9ASM_I386_GOROOT_PIN=1` rewrites it; a file may only move up).

mod common;

#[path = "common/goroot.rs"]
mod goroot;

#[test]
fn goroot_386_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "386",
        env: &[("GO386", "sse2")],
        defines: &["GO386_sse2"],
        pin_env: "P9ASM_I386_GOROOT_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/i386_goroot.txt"),
        extra: &[],
        min_files: 20,
    });
}
