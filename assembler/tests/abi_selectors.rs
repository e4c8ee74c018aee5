//! ABI selectors (`f<ABIInternal>`, `f<ABI0>`) as Go 1.19 reads them with `-compiling-runtime`:
//! a file that defines both ABIs of one name and references each is listed as Go lists it, and
//! its object (checked by the verifier) has one symbol per (name, ABI), `runtime.f` for ABI0
//! and `runtime.f.abiinternal` for ABIInternal, with every relocation bound to the ABI its
//! reference selected. The errors are Go's: no selector without `-compiling-runtime`, no ABI
//! but ABI0 and ABIInternal, ABIInternal only with NOSPLIT, one definition per (name, ABI).

mod common;

use std::process::Command;

use common::*;
use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget};
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const AMD64: &str = "#include \"textflag.h\"
TEXT ·f<ABIInternal>(SB), NOSPLIT, $0-8
	CALL ·g<ABIInternal>(SB)
	CALL ·g(SB)
	CALL ·f<ABI0>(SB)
	MOVQ $·h<ABIInternal>(SB), AX
	MOVQ $·h(SB), AX
	RET
TEXT ·f(SB), NOSPLIT, $0-8
	CALL ·f<ABIInternal>(SB)
	CALL runtime·f(SB)
	RET
";

const ARM64: &str = "#include \"textflag.h\"
TEXT ·f<ABIInternal>(SB), NOSPLIT, $0-8
	BL ·g<ABIInternal>(SB)
	BL ·g(SB)
	BL ·f<ABI0>(SB)
	MOVD $·h<ABIInternal>(SB), R0
	MOVD $·h(SB), R0
	RET
TEXT ·f(SB), NOSPLIT, $0-8
	BL ·f<ABIInternal>(SB)
	BL runtime·f(SB)
	RET
";

fn ours(arch: GoArch, src: &str, compiling_runtime: bool) -> (p9asm::driver::Assembled, Diagnostics, SourceMap) {
    let mut opts = AsmOptions::new(arch);
    opts.package = "runtime".into();
    opts.listing = true;
    opts.compiling_runtime = compiling_runtime;
    opts.include_dirs = vec!["/usr/lib/go-1.19/pkg/include".into()];
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::driver::assemble_source("x.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
    (a, diags, sources)
}

fn go_listing(goarch: &str, src: &str) -> String {
    let tmp = std::env::temp_dir().join(format!("p9asm-abisel-{}-{goarch}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("x.s"), src).unwrap();
    let out = Command::new(GO)
        .current_dir(&tmp)
        .env("GOOS", "linux")
        .env("GOARCH", goarch)
        .env("GOAMD64", "v1")
        .env("GOCACHE", std::env::temp_dir().join("p9asm-gocache"))
        .args(["tool", "asm", "-p", "runtime", "-compiling-runtime", "-I", "/usr/lib/go-1.19/pkg/include", "-S"])
        .args(["-o", "x.o", "x.s"])
        .output()
        .expect("run go tool asm");
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// (offset, symbol name) of a relocation; (name, address) of a defined function.
type Rels = Vec<(u64, String)>;
type Defs = Vec<(String, u64)>;

/// The (offset, symbol name) of every relocation of `.text`, and the defined functions.
fn bindings(obj: &[u8]) -> (Rels, Defs) {
    let f = object::File::parse(obj).unwrap();
    let text = f.section_by_name(".text").unwrap();
    let mut rels: Vec<(u64, String)> = text
        .relocations()
        .map(|(off, r)| match r.target() {
            RelocationTarget::Symbol(i) => (off, f.symbol_by_index(i).unwrap().name().unwrap().to_string()),
            t => panic!("relocation to {t:?}"),
        })
        .collect();
    rels.sort();
    let defs = f
        .symbols()
        .filter(|s| s.is_definition() && s.kind() == object::SymbolKind::Text)
        .map(|s| (s.name().unwrap().to_string(), s.address()))
        .collect();
    (rels, defs)
}

fn both_abis(arch: GoArch, goarch: &str, src: &str, expect: &[(u64, &str)]) {
    let (a, diags, sources) = ours(arch, src, true);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let obj = a.object.as_deref().expect("object");
    verify_object(obj).unwrap();
    if oracle_available(GO) {
        assert_eq!(a.listing.replace("x.s:", ""), go_listing(goarch, src).replace("x.s:", ""), "listing");
    }
    let (rels, defs) = bindings(obj);
    let got: Vec<(u64, &str)> = rels.iter().map(|(o, n)| (*o, n.as_str())).collect();
    assert_eq!(got, expect, "relocations");
    let mut names: Vec<&str> = defs.iter().map(|d| d.0.as_str()).collect();
    names.sort();
    assert_eq!(names, ["runtime.f", "runtime.f.abiinternal"], "one symbol per (name, ABI)");
    let at = |n: &str| defs.iter().find(|d| d.0 == n).unwrap().1;
    assert_eq!(at("runtime.f.abiinternal"), 0, "the first TEXT is the ABIInternal one");
    assert!(at("runtime.f") > 0);
}

#[test]
fn amd64_defines_and_references_both_abis() {
    both_abis(
        GoArch::Amd64,
        "amd64",
        AMD64,
        &[
            (1, "runtime.g.abiinternal"),
            (6, "runtime.g"),
            (11, "runtime.f"),
            (18, "runtime.h.abiinternal"),
            (25, "runtime.h"),
            (33, "runtime.f.abiinternal"),
            (38, "runtime.f"),
        ],
    );
}

#[test]
fn arm64_defines_and_references_both_abis() {
    let (a, _, _) = ours(GoArch::Arm64, ARM64, true);
    // MOVD $sym is ADRP+ADD: two relocations at one instruction pair
    let (rels, _) = bindings(a.object.as_deref().expect("object"));
    let names: Vec<&str> = rels.iter().map(|r| r.1.as_str()).collect();
    assert!(names.contains(&"runtime.h.abiinternal") && names.contains(&"runtime.h"), "{rels:?}");
    let expect: Vec<(u64, &str)> = rels.iter().map(|(o, n)| (*o, n.as_str())).collect();
    let want_order = [
        "runtime.g.abiinternal",
        "runtime.g",
        "runtime.f",
        "runtime.h.abiinternal",
        "runtime.h.abiinternal",
        "runtime.h",
        "runtime.h",
        "runtime.f.abiinternal",
        "runtime.f",
    ];
    let got: Vec<&str> = expect.iter().map(|e| e.1).collect();
    assert_eq!(got, want_order, "{rels:?}");
    both_abis(GoArch::Arm64, "arm64", ARM64, &expect);
}

fn first_error(arch: GoArch, src: &str, compiling_runtime: bool) -> (String, String) {
    let (_, diags, _) = ours(arch, src, compiling_runtime);
    let d = diags.list.iter().find(|d| d.level == p9asm_macros::diag::Level::Error).expect("an error");
    (d.code.to_string(), d.message.clone())
}

#[test]
fn go_errors() {
    let (c, m) = first_error(GoArch::Amd64, "TEXT ·f(SB), 4, $0\n\tCALL ·g<ABIInternal>(SB)\n\tRET\n", false);
    assert_eq!(c, "E0218");
    assert_eq!(m, r#"ABI selector only permitted when compiling runtime, reference was to "\"\".g""#);
    let (c, m) = first_error(GoArch::Amd64, "TEXT ·f(SB), 4, $0\n\tCALL ·g<ABI1>(SB)\n\tRET\n", true);
    assert_eq!(c, "E0218");
    assert_eq!(m, r#"malformed ABI selector "ABI1" in reference to "\"\".g""#);
    let (c, m) = first_error(GoArch::Arm64, "TEXT ·f<ABIInternal>(SB), 0, $0\n\tRET\n", true);
    assert_eq!(c, "E0210");
    assert_eq!(m, r#"TEXT "\"\".f": ABIInternal requires NOSPLIT"#);
    let twice = "TEXT ·f<ABIInternal>(SB), 4, $0\n\tRET\nTEXT runtime·f<ABIInternal>(SB), 4, $0\n\tRET\n";
    assert_eq!(first_error(GoArch::Amd64, twice, true).0, "E0215");
    let abi0_twice = "TEXT ·f<ABI0>(SB), 4, $0\n\tRET\nTEXT ·f(SB), 4, $0\n\tRET\n";
    assert_eq!(first_error(GoArch::Amd64, abi0_twice, true).0, "E0215");
}

/// A reference selects its ABI across objects too: `·answer<ABIInternal>` calls
/// `·half<ABIInternal>` in another object, which also defines an ABI0 `·half` that answers
/// something else; linked with a C program by GNU ld and by lld, the C call of
/// `runtime.answer.abiinternal` (no arguments, the result in AX as C's ABI returns it) gives 42,
/// not 198.
#[test]
fn abi_selected_references_link_across_objects() {
    if !oracle_available("gcc") || !oracle_available("ld.lld") {
        return;
    }
    let caller = "#include \"textflag.h\"
TEXT ·answer<ABIInternal>(SB), NOSPLIT, $0-0
	CALL ·half<ABIInternal>(SB)
	ADDQ AX, AX
	RET
";
    let callee = "#include \"textflag.h\"
TEXT ·half<ABIInternal>(SB), NOSPLIT, $0-0
	MOVQ $21, AX
	RET
TEXT ·half(SB), NOSPLIT, $0-0
	MOVQ $99, AX
	RET
";
    let dir = scratch_file("abi-selectors", "x").parent().unwrap().to_path_buf();
    for (name, src) in [("caller.o", caller), ("callee.o", callee)] {
        let (a, diags, sources) = ours(GoArch::Amd64, src, true);
        assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
        std::fs::write(dir.join(name), a.object.expect("object")).unwrap();
    }
    std::fs::write(
        dir.join("main.c"),
        "#include <stdio.h>\nextern long answer(void) __asm__(\"runtime.answer.abiinternal\");\n\
         int main(void) { long a = answer(); printf(\"%ld\\n\", a); return a == 42 ? 0 : 1; }\n",
    )
    .unwrap();
    for linker in ["bfd", "lld"] {
        let exe = dir.join(format!("abi-{linker}"));
        run_clean(
            Command::new("gcc")
                .current_dir(&dir)
                .args(["-no-pie", &format!("-fuse-ld={linker}"), "-o"])
                .arg(&exe)
                .args(["main.c", "caller.o", "callee.o"]),
        );
        let out = Command::new(&exe).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "42", "{linker}: the call bound to the wrong ABI");
        assert!(out.status.success());
    }
}
