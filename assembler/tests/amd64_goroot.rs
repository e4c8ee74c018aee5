//! Every amd64 `.s` file of Go 1.19's GOROOT/src that `go build` assembles for GOOS=linux,
//! assembled by Go and by p9asm and compared symbol by symbol (bytes and relocation lines); the
//! method is in `common/goroot.rs`, the results are pinned in `tests/data/amd64_goroot.txt`
//! (`P9ASM_AMD64_PIN=1` rewrites it; a file may only move up).
//!
//! Many amd64 files use AVX/AVX2 instructions, which p9asm's encoder does not have yet (`E0301`):
//! those are pinned `rejected` with that reason until it does.

mod common;

#[path = "common/goroot.rs"]
mod goroot;

#[test]
fn goroot_amd64_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "amd64",
        env: &[("GOAMD64", "v1")],
        defines: &["GOAMD64_v1"],
        pin_env: "P9ASM_AMD64_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/amd64_goroot.txt"),
        min_files: 40,
    });
}
