//! arm frames against Go 1.19's assembler: the frame corpus (`tests/data/frames_arm.s`, every
//! combination of obj5.go's preprocess) and the arm stubs (`stubs/asm_arm.s`) must list exactly
//! as `go tool asm -S` lists them (header, every instruction's pc, line and text, bytes,
//! relocations), and their pc-value tables (`-d pctab=pctospadj`, `pctopcdata`) must be Go's,
//! but for framed tail jumps (see [`TAIL_JUMPS`]). The one intended difference in listings: Go
//! 1.19 points NO_LOCAL_POINTERS at a content-addressed `gclocals·…` symbol; p9asm points it at
//! `runtime.no_pointers_stackmap` (as Go did in 2016).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use p9asm::driver::{AsmOptions, Assembled};
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const CORPUS: &str = "assembler/tests/data/frames_arm.s";
const STUBS: &str = "stubs/asm_arm.s";
const GCLOCALS_NO_POINTERS: &str = "gclocals·J5F+7Qw7O7ve2QcWC7DpeQ==";
/// The corpus's framed tail jumps (`RET sym` in a function with a frame).
const TAIL_JUMPS: [&str; 2] = ["\"\".tail", "\"\".tailleaf"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn ours(rel: &str) -> (Assembled, Diagnostics, SourceMap) {
    let path = root().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let mut opts = AsmOptions::new(GoArch::Arm);
    opts.package = "runtime".into();
    opts.listing = true;
    opts.keep_progs = true;
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source(rel, Some(path), bytes, &opts, &mut sources, &mut diags);
    (a, diags, sources)
}

/// Go's listing of `rel`, with NO_LOCAL_POINTERS pointing where p9asm points it.
fn go_listing(rel: &str) -> Vec<Listed> {
    let go = go_asm("arm", &root(), rel, &["-S"]).replace(GCLOCALS_NO_POINTERS, "runtime.no_pointers_stackmap");
    parse_listing(&go).into_iter().filter(|l| !l.name.starts_with("runtime.no_pointers_stackmap")).collect()
}

/// Every symbol listed as Go lists it; returns the number of instruction lines compared.
fn listing_equals_go(rel: &str) -> usize {
    let (a, diags, sources) = ours(rel);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    verify_object(a.object.as_deref().expect("object")).unwrap();
    let go = go_listing(rel);
    let mine = parse_listing(&a.listing);
    assert_eq!(
        go.iter().map(|l| &l.name).collect::<Vec<_>>(),
        mine.iter().map(|l| &l.name).collect::<Vec<_>>(),
        "{rel}: symbols"
    );
    let mut checked = 0;
    for (g, m) in go.iter().zip(&mine) {
        assert_eq!(g.header, m.header, "{rel}: header of {}", g.name);
        for (gp, mp) in g.progs.iter().zip(&m.progs) {
            assert_eq!(gp, mp, "{rel}: in {}", g.name);
            checked += 1;
        }
        assert_eq!(g.progs.len(), m.progs.len(), "{rel}: instruction count of {}", g.name);
        assert_eq!(g.bytes, m.bytes, "{rel}: bytes of {}", g.name);
        assert_eq!(g.rels, m.rels, "{rel}: relocations of {}", g.name);
    }
    checked
}

/// pcsp from the layout and from the control-flow frame model, and every PCDATA table, equal
/// to Go's.
fn pc_tables_equal_go(rel: &str) {
    let (a, diags, sources) = ours(rel);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let go_sp = parse_pctab(&go_asm("arm", &root(), rel, &["-d", "pctab=pctospadj"]));
    let go_pcdata = parse_pctab(&go_asm("arm", &root(), rel, &["-d", "pctab=pctopcdata"]));
    assert_eq!(go_sp.len(), a.funcs.len(), "{rel}: functions");
    let arch = p9asm::arch::for_goarch(GoArch::Arm);
    for (fc, (gname, gtab)) in a.funcs.iter().zip(&go_sp) {
        let size = fc.code.bytes.len() as u32;
        let linear = p9asm::frame::pctab::pcsp(&fc.func.progs, size, 4);
        if TAIL_JUMPS.contains(&gname.as_str()) {
            // Go leaves the frame on the books after `MOVW.P fs(R13), R14` (its Spadj is 0),
            // so its table says the tail jump `B sym` runs in the frame; it does not: p9asm's
            // table has the frame popped there (the CFI follows it)
            assert_ne!(&linear, gtab, "{rel}: pcsp of {gname}: Go's rule changed?");
            let b = fc.func.progs.iter().find(|p| p.mark & p9asm::prog::mark::SYNTH_EPILOGUE != 0).expect("B sym").pc;
            let at =
                |t: &[u8]| p9asm::frame::pctab::decode(t, 4).into_iter().find(|r| r.0 <= b && b < r.1).map(|r| r.2);
            assert_eq!(at(&linear), Some(0), "{rel}: {gname}: the B sym runs after the pop");
            assert_eq!(at(gtab), Some(fc.func.layout.autosize), "{rel}: {gname}: Go's B sym");
        } else {
            assert_eq!(&linear, gtab, "{rel}: pcsp of {gname}");
        }
        let model = p9asm::frame::model::analyze(arch, &fc.func);
        assert!(model.mismatches.is_empty(), "{gname}: {:?}", model.mismatches);
        let from_model = p9asm::frame::pctab::pcsp_from_model(&fc.func.progs, size, 4, &model);
        assert_eq!(from_model, linear, "{rel}: model pcsp of {gname}");
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
    assert_eq!(mine, go_tabs, "{rel}: pcdata tables");
}

#[test]
fn frame_corpus_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    let n = listing_equals_go(CORPUS);
    assert!(n > 300, "compared only {n} instruction lines");
}

#[test]
fn frame_corpus_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    pc_tables_equal_go(CORPUS);
}

#[test]
fn frame_corpus_warns_only_where_annotated() {
    let (_, diags, sources) = ours(CORPUS);
    let src = std::fs::read_to_string(root().join(CORPUS)).unwrap();
    let annotated = src.lines().filter(|l| l.trim() == "// expect W0405").count();
    let warned: Vec<_> = diags.list.iter().map(|d| d.code).collect();
    assert_eq!(warned, vec!["W0405"; annotated], "{}", diags.render(&sources, false));
}

#[test]
fn stubs_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    let n = listing_equals_go(STUBS);
    assert!(n > 1500, "compared only {n} instruction lines");
    let (a, _, _) = ours(STUBS);
    assert_eq!(a.funcs.len(), 2 + 1 + 27, "reflect.call, reflectcall, callRet and 27 callN");
}

#[test]
fn stubs_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    pc_tables_equal_go(STUBS);
}
