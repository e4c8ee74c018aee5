//! Every amd64 `.s` file of Go 1.19's GOROOT/src that `go build` assembles for GOOS=linux,
//! assembled by Go and by p9asm and compared symbol by symbol (bytes and relocation lines); the
//! method is in `common/goroot.rs`, the results are pinned in `tests/data/amd64_goroot.txt`
//! (`P9ASM_AMD64_PIN=1` rewrites it; a file may only move up).
//!
//! Thirteen of them use VEX/EVEX instructions (AVX2, BMI2, FMA: sha1/sha256/sha512, bytealg,
//! memmove/memclr, math/big, math/exp, chacha20poly1305); all 56 are identical, at GOAMD64=v1
//! (Go's default) and at v3 (`runtime/asm_amd64.s` and `internal/cpu` test the level).

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
        extra: &[],
        min_files: 40,
    });
}

/// The same files with `-shared` (what `go build -buildmode=c-shared` or `-buildmode=shared`
/// passes): g is reached through the GOT (`MOVQ TLS, R14; MOVQ (R14)(TLS*2), R14`, an
/// R_TLS_IE relocation), in the prologues and in the runtime's own TLS loads.
#[test]
fn goroot_amd64_files_match_go_with_shared() {
    goroot::check(&goroot::Target {
        goarch: "amd64",
        env: &[("GOAMD64", "v1")],
        defines: &["GOAMD64_v1"],
        pin_env: "P9ASM_AMD64_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/amd64_shared_goroot.txt"),
        min_files: 40,
        extra: &["-shared"],
    });
}

/// GOAMD64=v3: go build passes `-D GOAMD64_v3`, which selects other code in
/// `runtime/asm_amd64.s` and `internal/cpu/cpu_x86.s`.
#[test]
fn goroot_amd64_files_match_go_at_v3() {
    goroot::check(&goroot::Target {
        goarch: "amd64",
        env: &[("GOAMD64", "v3")],
        defines: &["GOAMD64_v3"],
        pin_env: "P9ASM_AMD64_PIN",
        pins: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/amd64_v3_goroot.txt"),
        extra: &[],
        min_files: 40,
    });
}
