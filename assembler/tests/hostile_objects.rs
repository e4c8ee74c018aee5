//! Inputs that once gave a wrong object with exit 0, or a crash, and the diagnostics contract
//! around them: every rejected input has a coded diagnostic at its source line and no object;
//! every accepted one gives an object that passes `common::verify_object`. Each class has the
//! reproducer it was found with and a second input of the same class.

mod common;

use std::time::{Duration, Instant};

use common::verify_object;
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

struct Run {
    sources: SourceMap,
    diags: Diagnostics,
    object: Option<Vec<u8>>,
}

impl Run {
    /// (code, line, column) of every error and warning.
    fn found(&self) -> Vec<(String, u32, u32)> {
        self.diags
            .list
            .iter()
            .map(|d| {
                let (line, col) = d.origin.map(|o| self.sources.line_col(o.span)).unwrap_or((0, 0));
                (d.code.to_string(), line, col)
            })
            .collect()
    }

    /// Rejected with exactly these (code, line, column), and no object.
    fn rejected(&self, want: &[(&str, u32, u32)]) {
        let want: Vec<_> = want.iter().map(|(c, l, k)| (c.to_string(), *l, *k)).collect();
        assert_eq!(self.found(), want, "{}", self.diags.render(&self.sources, false));
        assert!(self.object.is_none(), "an object was written despite errors");
    }

    fn accepted(&self) -> &[u8] {
        assert!(!self.diags.has_errors(), "{}", self.diags.render(&self.sources, false));
        let obj = self.object.as_deref().expect("object");
        verify_object(obj).unwrap();
        obj
    }
}

fn asm_pkg(src: &str, package: &str) -> Run {
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.package = package.into();
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source("t.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
    Run { sources, diags, object: a.object }
}

fn asm(src: &str) -> Run {
    asm_pkg(src, "main")
}

/// `nm`-style view: (name, defined) for every named symbol but sections and the STT_FILE one.
fn symbols(obj: &[u8]) -> Vec<(String, bool)> {
    use object::{Object, ObjectSymbol};
    let f = object::File::parse(obj).unwrap();
    let mut v: Vec<_> = f
        .symbols()
        .filter(|s| !matches!(s.kind(), object::SymbolKind::Section | object::SymbolKind::File))
        .filter(|s| !s.name().unwrap_or("").is_empty())
        .map(|s| (s.name().unwrap().to_string(), !s.is_undefined()))
        .collect();
    v.sort();
    v
}

#[test]
fn one_object_name_is_defined_once_however_it_is_spelled() {
    // TEXT then GLOBL of the same name, and GLOBL then TEXT
    asm("TEXT ·f(SB), 4, $0\n\tRET\nGLOBL ·f(SB), $8\n").rejected(&[("E0215", 3, 7)]);
    asm("GLOBL ·f(SB), $8\nTEXT ·f(SB), 4, $0\n\tRET\n").rejected(&[("E0215", 2, 6)]);
    // `·f` and `main·f` are one symbol in package main
    asm("TEXT ·f(SB), 4, $0\n\tRET\nTEXT main·f(SB), 4, $0\n\tRET\n").rejected(&[("E0215", 3, 6)]);
    // the same with another package and data
    asm_pkg("GLOBL runtime·x(SB), $8\nGLOBL ·x(SB), $8\n", "runtime").rejected(&[("E0215", 2, 7)]);
    // ... but in package main, runtime·x and ·x are different symbols
    let r = asm("GLOBL runtime·x(SB), $8\nGLOBL ·x(SB), $8\n");
    assert_eq!(symbols(r.accepted()), [("main.x".into(), true), ("runtime.x".into(), true)]);
}

#[test]
fn two_spellings_of_one_symbol_are_one_symtab_entry() {
    let src =
        "TEXT ·call32(SB), 4, $0\n\tRET\nTEXT ·f(SB), 4, $0\n\tCALL runtime·call32(SB)\n\tCALL ·call32(SB)\n\tRET\n";
    let r = asm_pkg(src, "runtime");
    let obj = r.accepted();
    assert_eq!(symbols(obj), [("runtime.call32".into(), true), ("runtime.f".into(), true)]);
    // DATA through either spelling fills one symbol
    let r = asm_pkg("GLOBL ·t(SB), $16\nDATA runtime·t+0(SB)/8, $1\nDATA ·t+8(SB)/8, $2\n", "runtime");
    let obj = r.accepted();
    assert_eq!(symbols(obj), [("runtime.t".into(), true)]);
    // the real stubs: reflectcall names runtime·call32, CALLFN defines ·call32
    let stub = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../stubs/asm_amd64.s")).unwrap();
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.package = "runtime".into();
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    opts.include_dirs.push(concat!(env!("CARGO_MANIFEST_DIR"), "/../stubs").into());
    let a = p9asm::assemble_source("asm_amd64.s", None, stub.into_bytes(), &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let obj = a.object.unwrap();
    verify_object(&obj).unwrap();
    let syms = symbols(&obj);
    assert!(syms.contains(&("runtime.call32".into(), true)));
    assert!(!syms.contains(&("runtime.call32".into(), false)));
}

#[test]
fn data_into_thread_local_storage_is_rejected() {
    let tls = "#include \"textflag.h\"\n";
    asm(&format!("{tls}GLOBL ·t(SB), TLSBSS, $8\nDATA ·t+0(SB)/8, $1\n")).rejected(&[("E0211", 3, 6)]);
    // DATA first, GLOBL after
    asm(&format!("{tls}DATA ·t+4(SB)/4, $1\nGLOBL ·t(SB), TLSBSS, $8\n")).rejected(&[("E0211", 2, 6)]);
    // without DATA it is fine, and lands in .tbss
    let r = asm(&format!("{tls}GLOBL ·t(SB), TLSBSS, $8\n"));
    r.accepted();
}

#[test]
fn a_file_local_symbol_must_be_defined_in_the_file() {
    asm("TEXT ·f(SB), 4, $0\n\tCALL x<>(SB)\n\tRET\n").rejected(&[("E0217", 2, 7)]);
    // an address of one in DATA; reported once, at the first use
    asm("GLOBL ·p(SB), $16\nDATA ·p+0(SB)/8, $tab<>(SB)\nDATA ·p+8(SB)/8, $tab<>+8(SB)\n")
        .rejected(&[("E0217", 2, 19)]);
    // defined after its use is fine, and resolves locally
    let r = asm("TEXT ·f(SB), 4, $0\n\tCALL x<>(SB)\n\tRET\nTEXT x<>(SB), 4, $0\n\tRET\n");
    r.accepted();
}

#[test]
fn thread_local_access_needs_a_thread_local_symbol() {
    let head = "#include \"textflag.h\"\n";
    let body = "TEXT ·f(SB), NOSPLIT, $0\n\tMOVQ (TLS), AX\n\tRET\n";
    asm(&format!("{head}GLOBL runtime·tlsg(SB), NOPTR, $8\n{body}")).rejected(&[("E0304", 2, 7)]);
    // defined as code
    // defined as code: reported at the function that makes the access
    asm(&format!("{head}TEXT runtime·tlsg(SB), NOSPLIT, $0\n\tRET\n{body}")).rejected(&[("E0304", 4, 1)]);
    // a TLSBSS symbol reached as an ordinary address: an error, not a PC-relative relocation
    // against a thread-local symbol (amd64, and arm64's ADRP+ADD form)
    asm(&format!("{head}GLOBL ·t(SB), TLSBSS, $8\nTEXT ·f(SB), NOSPLIT, $0\n\tMOVQ ·t(SB), AX\n\tRET\n"))
        .rejected(&[("E0304", 2, 7)]);
    let mut opts = AsmOptions::new(GoArch::Arm64);
    opts.package = "main".into();
    let (mut sources, mut diags) = (SourceMap::new(), Diagnostics::new(usize::MAX));
    let src = format!("{head}GLOBL ·t(SB), TLSBSS, $8\nTEXT ·f(SB), NOSPLIT, $-8\n\tMOVD ·t(SB), R0\n\tRET\n");
    let a = p9asm::assemble_source("t.s", None, src.into_bytes(), &opts, &mut sources, &mut diags);
    Run { sources, diags, object: a.object }.rejected(&[("E0304", 2, 7)]);
    // defined as TLS, or not at all: fine
    asm(&format!("{head}GLOBL runtime·tlsg(SB), TLSBSS, $8\n{body}")).accepted();
    asm(&format!("{head}{body}")).accepted();
}

#[test]
fn huge_symbols_get_gos_error_not_an_abort() {
    let t = Instant::now();
    asm("GLOBL x(SB), $1099511627776\n").rejected(&[("E0211", 1, 14)]);
    asm("GLOBL x(SB), $2000000001\n").rejected(&[("E0211", 1, 14)]);
    // Go's limit itself is accepted, and BSS needs no bytes: quick and small
    let r = asm("#include \"textflag.h\"\nGLOBL x(SB), NOPTR, $2000000000\n");
    let obj = r.accepted();
    assert!(obj.len() < 4096, "{} bytes", obj.len());
    assert!(t.elapsed() < Duration::from_secs(5));
    let r = asm("GLOBL x(SB), $1099511627776\n");
    let msg = &r.diags.list[0].message;
    assert!(msg.contains("symbol too large (1099511627776 bytes > 2000000000 bytes)"), "{msg}");
}

#[test]
fn data_past_the_end_has_a_position_in_either_order() {
    asm("GLOBL x(SB), $8\nDATA x+8(SB)/8, $1\n").rejected(&[("E0211", 2, 6)]);
    asm("DATA x+4(SB)/8, $1\nGLOBL x(SB), $8\n").rejected(&[("E0211", 1, 6)]);
    // the short format carries file:line:col
    let r = asm("GLOBL x(SB), $8\nDATA x+8(SB)/8, $1\n");
    let short = p9asm_macros::diag::render_short(&r.diags.list[0], &r.sources);
    assert!(short.starts_with("t.s:2:6: error[E0211]"), "{short}");
}

#[test]
fn after_an_sp_write_it_cannot_follow_the_delta_is_unknown_not_wrong() {
    // Go accepts both; the RETs after an untrackable write are not checked
    let realign =
        "TEXT ·f(SB), 4, $0-8\n\tMOVQ SP, BX\n\tSUBQ $16, SP\n\tANDQ $~15, SP\n\tCALL AX\n\tMOVQ BX, SP\n\tRET\n";
    let r = asm(realign);
    r.accepted();
    assert_eq!(r.found(), [("W0405".into(), 4, 2), ("W0405".into(), 6, 2)]);
    let r = asm("TEXT ·g(SB), 4, $0\n\tPUSHQ AX\n\tMOVQ BP, SP\n\tRET\n");
    r.accepted();
    assert_eq!(r.found(), [("W0405".into(), 3, 2)]);
    // before the write the check still applies
    asm("TEXT ·h(SB), 4, $0\n\tPUSHQ AX\n\tRET\n").rejected(&[("E0403", 3, 2)]);
}

#[test]
fn a_rejected_text_directive_still_opens_its_block() {
    let head = "#include \"textflag.h\"\n";
    asm(&format!("{head}TEXT ·f(SB), NOSPLT, $0\n\tMOVQ $1, AX\n\tRET\n")).rejected(&[("E0204", 2, 14)]);
    // a bad frame size; the body's own errors are still found
    asm(&format!("{head}TEXT ·f(SB), NOSPLIT, $x\n\tMOVQ $1, AX\n\tJMP nowhere\n\tRET\n"))
        .rejected(&[("E0210", 2, 23), ("E0207", 4, 6)]);
}
