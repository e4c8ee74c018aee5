//! p9asm objects in shared libraries: with `--hidden` every global symbol the object defines is
//! STV_HIDDEN, so its own PC-relative references need no GOT or PLT and both GNU ld and lld link
//! it into a `-shared` library (without it lld refuses `R_X86_64_PC32` against a preemptible
//! symbol, as it would for C compiled without -fPIC); the tables that point at functions
//! (`.eh_frame`, the stack maps, the debug information) use section symbols, as GNU as's do. A C
//! program then calls into the library and gets the right answers. Code with Go's stack check
//! reads g through TLS: local-exec by default, which only an executable may use, and with
//! `-shared` initial-exec through the GOT (`R_X86_64_GOTTPOFF`), which a library may; the second
//! test links such code into a library and has its prologue read a g the library's C code set.

mod common;

use std::process::Command;

use common::*;
use object::{Object, ObjectSymbol};

const SRC: &str = "\
#include \"textflag.h\"
GLOBL ·counter(SB), NOPTR, $8

// add(x) adds x to counter and returns the sum (System V: x in DI, result in AX)
TEXT add(SB), NOSPLIT, $0-0
	MOVQ	·counter(SB), AX
	ADDQ	DI, AX
	MOVQ	AX, ·counter(SB)
	RET

// twice(x): add(x), then add(the result)
TEXT twice(SB), NOSPLIT, $0-0
	CALL	add(SB)
	MOVQ	AX, DI
	JMP	add(SB)
";

const API: &str = "\
#include <stdint.h>
int64_t twice(int64_t);
int64_t p9_twice(int64_t x) { return twice(x); }
";

const MAIN: &str = "\
#include <stdint.h>
#include <stdio.h>
int64_t p9_twice(int64_t);
int main(void) {
	int64_t a = p9_twice(5), b = p9_twice(1);
	printf(\"%lld %lld\\n\", (long long)a, (long long)b);
	return !(a == 10 && b == 22);
}
";

fn tool(name: &str) -> bool {
    let ok = Command::new("sh").arg("-c").arg(format!("command -v {name}")).status().is_ok_and(|s| s.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "{name} is missing on CI: run scripts/install-deps.sh");
        eprintln!("skipping: {name} is not installed");
    }
    ok
}

fn assemble(dir: &std::path::Path, flags: &[&str], out: &str) {
    let o = Command::new(env!("CARGO_BIN_EXE_p9asm"))
        .current_dir(dir)
        .args(["asm", "-I", "/usr/lib/go-1.19/pkg/include"])
        .args(flags)
        .args(["-o", out, "lib.s"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A scratch directory with the assembly (`lib.s`), the library's C part (`api.c`) and the
/// program (`main.c`); None (after saying why) where gcc or lld is missing.
fn project(tag: &str, lib: &str, api: &str, main: &str) -> Option<std::path::PathBuf> {
    if !tool("gcc") || !tool("ld.lld") {
        return None;
    }
    let dir = scratch_file(tag, "x").parent().unwrap().to_path_buf();
    for (name, text) in [("lib.s", lib), ("api.c", api), ("main.c", main)] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    Some(dir)
}

/// `api.c` and `obj` linked into `lib<tag>-<linker>.so` by gcc with `fuse`, `main.c` against
/// it: the library's file name and the program's output.
fn link_and_run(dir: &std::path::Path, obj: &str, tag: &str, fuse: &str) -> (String, std::process::Output) {
    let so = format!("lib{tag}-{}.so", &fuse[9..]);
    run_clean(Command::new("gcc").current_dir(dir).args(["-shared", "-fPIC", fuse, "-o", &so, "api.c", obj]));
    let exe = format!("main-{tag}-{}", &fuse[9..]);
    run_clean(Command::new("gcc").current_dir(dir).args([fuse, "-o", &exe, "main.c", &so]));
    let out = Command::new(dir.join(&exe)).env("LD_LIBRARY_PATH", dir).output().unwrap();
    (so, out)
}

#[test]
fn hidden_objects_link_into_shared_libraries_with_both_linkers() {
    let Some(dir) = project("shared-objects", SRC, API, MAIN) else { return };
    assemble(&dir, &["--hidden"], "hidden.o");
    assemble(&dir, &[], "default.o");
    // the object: every defined global hidden, nothing else changed
    let bytes = std::fs::read(dir.join("hidden.o")).unwrap();
    let file = object::File::parse(&*bytes).unwrap();
    for s in file.symbols().filter(|s| s.is_global() && !s.is_undefined()) {
        let object::SymbolFlags::Elf { st_other, .. } = s.flags() else { panic!() };
        assert_eq!(st_other.0 & 3, object::elf::STV_HIDDEN.0, "{:?} is not hidden", s.name());
    }
    assert_eq!(file.symbols().filter(|s| s.is_global() && !s.is_undefined()).count(), 3, "add, twice, main.counter");
    verify_object(&bytes).unwrap();
    for (linker, fuse) in [("GNU ld", "-fuse-ld=bfd"), ("lld", "-fuse-ld=lld")] {
        let (so, out) = link_and_run(&dir, "hidden.o", "p9", fuse);
        assert!(out.status.success(), "{linker}: {out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "10 22\n", "{linker}");
        // the library exports the C entry point only
        let so_bytes = std::fs::read(dir.join(&so)).unwrap();
        let so_file = object::File::parse(&*so_bytes).unwrap();
        let exported: Vec<String> = so_file
            .dynamic_symbols()
            .filter(|s| !s.is_undefined() && s.is_global())
            .map(|s| s.name().unwrap().to_string())
            .collect();
        assert!(exported.contains(&"p9_twice".to_string()), "{linker}: {exported:?}");
        assert!(!exported.iter().any(|n| n == "twice" || n == "add" || n == "main.counter"), "{linker}: {exported:?}");
    }
    // without --hidden the data reference is to a preemptible symbol: lld refuses it
    let o = Command::new("gcc")
        .current_dir(&dir)
        .args(["-shared", "-fPIC", "-fuse-ld=lld", "-o", "libdefault.so", "api.c", "default.o"])
        .output()
        .unwrap();
    assert!(!o.status.success(), "lld linked a preemptible PC32 reference into a shared object");
    assert!(String::from_utf8_lossy(&o.stderr).contains("R_X86_64_PC32"), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A function with Go's stack check (a frame, so `MOVQ TLS, R14; MOVQ (R14)(TLS*2), R14;
/// CMPQ SP, 16(R14); JLS morestack`), the morestack it calls (which reads g itself with
/// `MOVQ (TLS), R14` and clears the guard, so the retried prologue passes) and a trampoline that
/// keeps R14 for its C caller.
const STACK_CHECKED: &str = "\
#include \"textflag.h\"
GLOBL ·morestacks(SB), NOPTR, $8

TEXT ·nothing(SB), NOSPLIT, $0-0
	RET

// sum3(a, b, c) = a + b + c, System V registers in and out, with a stack-checked Go frame (it
// calls, so Go does not make it NOSPLIT as a small leaf)
TEXT sum3(SB), $8-0
	CALL	·nothing(SB)
	MOVQ	DI, AX
	ADDQ	SI, AX
	ADDQ	DX, AX
	MOVQ	AX, 0(SP)
	MOVQ	0(SP), AX
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT|NOFRAME, $0-0
	MOVQ	(TLS), R14
	MOVQ	$0, 16(R14)
	INCQ	·morestacks(SB)
	RET

// R14 is callee-saved in C and g's register in Go
TEXT p9_sum3(SB), NOSPLIT, $0-0
	PUSHQ	R14
	CALL	sum3(SB)
	POPQ	R14
	RET
";

const STACK_CHECKED_API: &str = "\
#include <stdint.h>
__thread uintptr_t *tlsg __asm__(\"runtime.tlsg\");
extern int64_t morestacks __asm__(\"main.morestacks\");
int64_t p9_sum3(int64_t, int64_t, int64_t);
static uintptr_t fake_g[8];
// sum3 with g's stackguard0 at guard; *calls gets how often morestack ran
int64_t sum_with_guard(int64_t a, int64_t b, int64_t c, uintptr_t guard, int64_t *calls) {
	tlsg = fake_g;
	fake_g[2] = guard;
	int64_t before = morestacks, r = p9_sum3(a, b, c);
	*calls = morestacks - before;
	return r;
}
";

const STACK_CHECKED_MAIN: &str = "\
#include <stdint.h>
#include <stdio.h>
int64_t sum_with_guard(int64_t, int64_t, int64_t, uintptr_t, int64_t *);
int main(void) {
	int64_t n1, n2;
	int64_t a = sum_with_guard(1, 2, 3, 0, &n1), b = sum_with_guard(10, 20, 30, UINTPTR_MAX, &n2);
	printf(\"%lld %lld %lld %lld\\n\", (long long)a, (long long)n1, (long long)b, (long long)n2);
	return !(a == 6 && n1 == 0 && b == 60 && n2 == 1);
}
";

#[test]
fn shared_code_reaches_g_through_the_got_in_a_library() {
    let Some(dir) = project("shared-tls", STACK_CHECKED, STACK_CHECKED_API, STACK_CHECKED_MAIN) else { return };
    assemble(&dir, &["-shared", "--hidden"], "shared.o");
    assemble(&dir, &["--hidden"], "exec.o");
    let tls_relocs = |obj: &str| -> Vec<object::elf::RelocationType> {
        let bytes = std::fs::read(dir.join(obj)).unwrap();
        verify_object(&bytes).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        let text = file.section_by_name(".text").unwrap();
        use object::ObjectSection;
        text.relocations()
            .filter_map(|(_, r)| match r.flags() {
                object::RelocationFlags::Elf { r_type }
                    if r_type == object::elf::R_X86_64_GOTTPOFF || r_type == object::elf::R_X86_64_TPOFF32 =>
                {
                    Some(r_type)
                }
                _ => None,
            })
            .collect()
    };
    // sum3's prologue and morestack's own load: two initial-exec references, no local-exec one
    assert_eq!(tls_relocs("shared.o"), vec![object::elf::R_X86_64_GOTTPOFF; 2]);
    assert_eq!(tls_relocs("exec.o"), vec![object::elf::R_X86_64_TPOFF32; 2]);
    for (linker, fuse) in [("GNU ld", "-fuse-ld=bfd"), ("lld", "-fuse-ld=lld")] {
        let (_, out) = link_and_run(&dir, "shared.o", "p9tls", fuse);
        assert_eq!(String::from_utf8_lossy(&out.stdout), "6 0 60 1\n", "{linker}: {out:?}");
        assert!(out.status.success(), "{linker}: {out:?}");
    }
    // the local-exec object cannot go into a library
    let o = Command::new("gcc")
        .current_dir(&dir)
        .args(["-shared", "-fPIC", "-fuse-ld=bfd", "-o", "libexec.so", "api.c", "exec.o"])
        .output()
        .unwrap();
    assert!(!o.status.success(), "GNU ld linked a local-exec TLS reference into a shared object");
}
