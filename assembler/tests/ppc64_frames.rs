//! ppc64 frames against Go 1.19's assembler: the frame corpus (`tests/data/frames_ppc64.s`,
//! every combination of obj9.go's preprocess and stacksplit) must list exactly as
//! `go tool asm -S` lists it (header, every instruction's pc, line and text, bytes,
//! relocations), for ppc64 and for ppc64le, and its pc-value tables (`-d pctab=pctospadj`,
//! `pctopcdata`) must be Go's, from the layout and from the control-flow frame model.

mod common;

use common::*;
use p9asm::driver::Assembled;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const CORPUS: &str = "assembler/tests/data/frames_ppc64.s";
/// Go 1.19 points NO_LOCAL_POINTERS at a content-addressed `gclocals·…` symbol; p9asm points
/// it at `runtime.no_pointers_stackmap` (as Go did in 2016). The hash covers the bytes, so it
/// differs by byte order.
const GCLOCALS_NO_POINTERS: [&str; 2] = ["gclocals·YRr1FYGtDoI3+Ld0QpzhyQ==", "gclocals·J5F+7Qw7O7ve2QcWC7DpeQ=="];
const ARCHES: [(GoArch, &str); 2] = [(GoArch::Ppc64, "ppc64"), (GoArch::Ppc64le, "ppc64le")];

/// p9asm's run over `rel` for `arch`, with the listing and the Progs.
fn ours(arch: GoArch, rel: &str) -> (Assembled, Diagnostics, SourceMap) {
    common::frames::ours(arch, rel, &[])
}

/// Go rewrites the Prog of `RET sym(SB)` in place into the first epilogue instruction and
/// leaves the symbol in its register destination, which its listing then prints as
/// `"".leaf0(R31)(R31)(REG)`; p9asm lists the register (`R31`), the operand both encode.
fn go_reg_quirk(listing: &str) -> String {
    listing
        .lines()
        .map(|l| match l.find("(REG)") {
            Some(end) => {
                let head = &l[..end];
                let open = head.rfind("(R").unwrap();
                let reg = &head[open + 1..head.len() - 1];
                let start = head[..open].rfind(", ").map(|i| i + 2).unwrap();
                format!("{}{reg}{}\n", &l[..start], &l[end + 5..])
            }
            None => format!("{l}\n"),
        })
        .collect()
}

/// Every symbol listed as Go lists it; returns the number of instruction lines compared.
fn listing_equals_go(arch: GoArch, goarch: &str, rel: &str) -> usize {
    let (a, diags, sources) = ours(arch, rel);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    verify_object(a.object.as_deref().expect("object")).unwrap();
    let go = GCLOCALS_NO_POINTERS
        .iter()
        .fold(go_asm(goarch, &root(), rel, &["-S"]), |s, g| s.replace(g, "runtime.no_pointers_stackmap"));
    let mut go: Vec<Listed> = parse_listing(&go_reg_quirk(&go))
        .into_iter()
        .filter(|l| !l.name.starts_with("runtime.no_pointers_stackmap"))
        .collect();
    // the BRs span9 adds around a far conditional branch are Progs without a position in Go
    // (`<unknown line number>`); p9asm gives them the line of the branch they fix
    for l in go.iter_mut() {
        for k in 1..l.progs.len() {
            if l.progs[k].1 == "<unknown line number>" {
                l.progs[k].1 = l.progs[k - 1].1.clone();
            }
        }
    }
    let mine = parse_listing(&a.listing);
    assert_eq!(
        go.iter().map(|l| &l.name).collect::<Vec<_>>(),
        mine.iter().map(|l| &l.name).collect::<Vec<_>>(),
        "{goarch} {rel}: symbols"
    );
    let mut checked = 0;
    for (g, m) in go.iter().zip(&mine) {
        assert_eq!(g.header, m.header, "{goarch} {rel}: header of {}", g.name);
        for (gp, mp) in g.progs.iter().zip(&m.progs) {
            assert_eq!(gp, mp, "{goarch} {rel}: in {}", g.name);
            checked += 1;
        }
        assert_eq!(g.progs.len(), m.progs.len(), "{goarch} {rel}: instruction count of {}", g.name);
        assert_eq!(g.bytes, m.bytes, "{goarch} {rel}: bytes of {}", g.name);
        assert_eq!(g.rels, m.rels, "{goarch} {rel}: relocations of {}", g.name);
    }
    checked
}

fn pc_tables_equal_go(arch: GoArch, goarch: &str, rel: &str) {
    let (a, diags, sources) = ours(arch, rel);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let go_sp = parse_pctab(&go_asm(goarch, &root(), rel, &["-d", "pctab=pctospadj"]));
    let go_pcdata = parse_pctab(&go_asm(goarch, &root(), rel, &["-d", "pctab=pctopcdata"]));
    assert_eq!(go_sp.len(), a.funcs.len(), "{rel}: functions");
    let isa = p9asm::arch::for_goarch(arch);
    for (fc, (gname, gtab)) in a.funcs.iter().zip(&go_sp) {
        let size = fc.code.bytes.len() as u32;
        let linear = p9asm::frame::pctab::pcsp(&fc.func.progs, size, 4);
        assert_eq!(&linear, gtab, "{goarch} {rel}: pcsp of {gname}");
        let model = p9asm::frame::model::analyze(isa, &fc.func);
        assert!(model.mismatches.is_empty(), "{gname}: {:?}", model.mismatches);
        let from_model = p9asm::frame::pctab::pcsp_from_model(&fc.func.progs, size, 4, &model);
        assert_eq!(&from_model, gtab, "{goarch} {rel}: model pcsp of {gname}");
    }
    let mut mine = Vec::new();
    for fc in &a.funcs {
        for t in p9asm::frame::pctab::pcdata_tables(&fc.func.progs, fc.code.bytes.len() as u32, 4) {
            if !t.is_empty() {
                mine.push(t);
            }
        }
    }
    let go_tabs: Vec<Vec<u8>> = go_pcdata.into_iter().map(|(_, t)| t).filter(|t| !t.is_empty()).collect();
    assert_eq!(mine, go_tabs, "{goarch} {rel}: pcdata tables");
}

#[test]
fn frame_corpus_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    for (arch, goarch) in ARCHES {
        let n = listing_equals_go(arch, goarch, CORPUS);
        println!("{goarch}: {n} instruction lines equal to Go's");
        assert!(n > 8000, "compared only {n} instruction lines");
    }
}

#[test]
fn frame_corpus_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    for (arch, goarch) in ARCHES {
        pc_tables_equal_go(arch, goarch, CORPUS);
    }
}

const STUBS: &str = "stubs/asm_ppc64x.s";

#[test]
fn stubs_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    for (arch, goarch) in ARCHES {
        let n = listing_equals_go(arch, goarch, STUBS);
        println!("{goarch} stubs: {n} instruction lines equal to Go's");
        assert!(n > 1700, "compared only {n} instruction lines");
        let (a, _, _) = ours(arch, STUBS);
        assert_eq!(a.funcs.len(), 2 + 1 + 26, "reflect.call, reflectcall, callRet and 26 callN");
    }
}

#[test]
fn stubs_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    for (arch, goarch) in ARCHES {
        pc_tables_equal_go(arch, goarch, STUBS);
    }
}
