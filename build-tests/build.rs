//! Assembles Go 1.19's own `crypto/md5` block function and this crate's trampolines with
//! `p9asm::Build`, exactly as a user's build script would.

fn main() {
    let goroot_md5 = "/usr/lib/go-1.19/src/crypto/md5";
    // this crate is also a cdylib: on x86-64 the code is made for a shared library (Go's
    // -shared: g through initial-exec TLS) with hidden symbols (no GOT for its own data)
    let shared = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64");
    p9asm::Build::new()
        .shared(shared)
        .hidden(true)
        // Go's file rules pick the files of the target: md5block_amd64.s on x86-64,
        // md5block_arm64.s on aarch64, nothing of the other's
        .file(format!("{goroot_md5}/md5block_amd64.s"))
        .file(format!("{goroot_md5}/md5block_arm64.s"))
        .include("/usr/lib/go-1.19/pkg/include")
        .package("crypto/md5")
        .compile("gomd5");
    p9asm::Build::new()
        .shared(shared)
        .hidden(true)
        .file("asm/trampoline_amd64.s")
        .file("asm/trampoline_arm64.s")
        .include("asm")
        .include("/usr/lib/go-1.19/pkg/include")
        .define("SCALE", Some("3"))
        .compile("trampolines");
}
