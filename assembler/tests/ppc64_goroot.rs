//! Every ppc64 and ppc64le `.s` file of Go 1.19's GOROOT/src that `go build` assembles for
//! GOOS=linux (Go 1.19's default GOPPC64=power8), assembled by Go and by p9asm and compared
//! symbol by symbol (bytes and relocation lines); the method is in `common/goroot.rs`, the
//! results are pinned in `tests/data/ppc64_goroot.txt` and `ppc64le_goroot.txt`
//! (`P9ASM_PPC64_PIN=1` rewrites them; a file may only move up).

mod common;

#[path = "common/goroot.rs"]
mod goroot;

#[test]
fn goroot_ppc64_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "ppc64",
        env: &[("GOPPC64", "power8")],
        defines: &["GOPPC64_power8"],
        pin_env: "P9ASM_PPC64_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ppc64_goroot.txt"),
        extra: &[],
        min_files: 30,
    });
}

#[test]
fn goroot_ppc64le_files_match_go() {
    goroot::check(&goroot::Target {
        goarch: "ppc64le",
        env: &[("GOPPC64", "power8")],
        defines: &["GOPPC64_power8"],
        pin_env: "P9ASM_PPC64_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ppc64le_goroot.txt"),
        extra: &[],
        min_files: 30,
    });
}
