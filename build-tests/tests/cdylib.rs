//! This crate as a cdylib: Go's `crypto/md5` block function (assembled by `p9asm::Build` with
//! `.shared(true).hidden(true)`), the seed's reflectcall stubs and the runtime crate, linked by
//! rustc into a shared library that a C program loads and calls.
#![cfg(all(target_arch = "x86_64", target_os = "linux"))]

use std::path::PathBuf;
use std::process::Command;

const MAIN: &str = r#"
#include <stdio.h>
#include <string.h>
int p9_md5(const unsigned char *data, unsigned long len, unsigned char *out);
int main(int argc, char **argv) {
	unsigned char d[16];
	for (int i = 1; i < argc; i++) {
		if (p9_md5((const unsigned char *)argv[i], strlen(argv[i]), d))
			return 2;
		for (int k = 0; k < 16; k++)
			printf("%02x", d[k]);
		printf("\n");
	}
	return 0;
}
"#;

/// Where cargo put the cdylib it built for the tests: target/<profile>/deps/, next to the test
/// binary (`cargo build` would also copy it up to target/<profile>/).
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().to_path_buf()
}

#[test]
fn a_c_program_calls_go_assembly_in_a_rust_cdylib() {
    let dir = profile_dir();
    let so = dir.join("libp9asm_build_tests.so");
    assert!(so.exists(), "{} was not built", so.display());
    let tmp = std::env::temp_dir().join(format!("p9asm-cdylib-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("main.c"), MAIN).unwrap();
    let exe = tmp.join("main");
    let o = Command::new("gcc")
        .arg("-o")
        .arg(&exe)
        .arg(tmp.join("main.c"))
        .arg(format!("-L{}", dir.display()))
        .arg("-lp9asm_build_tests")
        .output()
        .expect("gcc");
    assert!(o.status.success(), "gcc: {}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new(&exe).args(["", "abc", "message digest"]).env("LD_LIBRARY_PATH", &dir).output().unwrap();
    assert!(o.status.success(), "{o:?}");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "d41d8cd98f00b204e9800998ecf8427e\n900150983cd24fb0d6963f7d28e17f72\nf96b697d7cb7938d525a2f31aaf161d0\n"
    );
    // the library exports the C entry point and none of the Go assembly
    let nm = Command::new("nm").args(["-D", "--defined-only"]).arg(&so).output().expect("nm");
    let syms = String::from_utf8_lossy(&nm.stdout);
    assert!(syms.contains(" p9_md5\n"), "{syms}");
    assert!(!syms.contains("crypto/md5.block") && !syms.contains("runtime.reflectcall"), "{syms}");
    let _ = std::fs::remove_dir_all(&tmp);
}
