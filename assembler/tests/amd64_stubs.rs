//! The amd64 stubs against Go 1.19's assembler: every function's listing (header, every
//! instruction's pc, line and text, bytes, relocations) and its pc-value tables must be equal.
//! The one intended difference: Go 1.19 points NO_LOCAL_POINTERS at a content-addressed
//! `gclocals·…` symbol; p9asm points it at `runtime.no_pointers_stackmap` (as Go did in 2016).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use p9asm::driver::{AsmOptions, Assembled};
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn ours(rel: &str) -> (Assembled, Diagnostics, SourceMap) {
    let path = root().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.package = "runtime".into();
    opts.listing = true;
    // the pc-table test reads the Progs back
    opts.keep_progs = true;
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source(rel, Some(path), bytes, &opts, &mut sources, &mut diags);
    (a, diags, sources)
}

const GCLOCALS_NO_POINTERS: &str = "gclocals·J5F+7Qw7O7ve2QcWC7DpeQ==";

#[test]
fn stubs_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    let (a, diags, sources) = ours("stubs/asm_amd64.s");
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    verify_object(a.object.as_deref().expect("object")).unwrap();
    let go = go_asm("amd64", &root(), "stubs/asm_amd64.s", &["-S"])
        .replace(GCLOCALS_NO_POINTERS, "runtime.no_pointers_stackmap");
    let go: Vec<Listed> =
        parse_listing(&go).into_iter().filter(|l| !l.name.starts_with("runtime.no_pointers_stackmap")).collect();
    let mine = parse_listing(&a.listing);
    assert_eq!(go.len(), mine.len(), "number of symbols");
    assert_eq!(mine.len(), 2 + 1 + 26, "reflect.call, reflectcall, callRet and 26 callN");
    let mut checked = 0;
    for (g, m) in go.iter().zip(&mine) {
        assert_eq!(g.header, m.header, "header of {}", g.name);
        assert_eq!(g.progs.len(), m.progs.len(), "instruction count of {}", g.name);
        for (gp, mp) in g.progs.iter().zip(&m.progs) {
            assert_eq!(gp, mp, "in {}", g.name);
            checked += 1;
        }
        assert_eq!(g.bytes, m.bytes, "bytes of {}", g.name);
        assert_eq!(g.rels, m.rels, "relocations of {}", g.name);
    }
    assert!(checked > 1400, "compared only {checked} instruction lines");
}

/// A file whose listing must equal Go's exactly (no substitutions).
fn listing_equals_go(rel: &str) {
    let (a, diags, sources) = ours(rel);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let go = go_asm("amd64", &root(), rel, &["-S"]);
    assert_eq!(parse_listing(&go), parse_listing(&a.listing), "{rel}");
    assert!(!a.listing.is_empty());
}

#[test]
fn float_constants_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    // MOVSD $1.5 → $f64.3ff8000000000000(SB), MOVSD $0 → XORPS, the constants' own listing
    listing_equals_go("assembler/tests/data/amd64_floats.s");
}

#[test]
fn stubs_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    let (a, diags, sources) = ours("stubs/asm_amd64.s");
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let go_sp = parse_pctab(&go_asm("amd64", &root(), "stubs/asm_amd64.s", &["-d", "pctab=pctospadj"]));
    let go_pcdata = parse_pctab(&go_asm("amd64", &root(), "stubs/asm_amd64.s", &["-d", "pctab=pctopcdata"]));
    assert_eq!(go_sp.len(), a.funcs.len());
    let arch = p9asm::arch::for_goarch(GoArch::Amd64);
    for (fc, (gname, gtab)) in a.funcs.iter().zip(&go_sp) {
        let size = fc.code.bytes.len() as u32;
        // Go's layout-order table and p9asm's control-flow model agree with Go's bytes
        let linear = p9asm::frame::pctab::pcsp(&fc.func.progs, size, 1);
        assert_eq!(&linear, gtab, "pcsp of {gname}");
        let model = p9asm::frame::model::analyze(arch, &fc.func);
        assert!(model.mismatches.is_empty(), "{gname}: {:?}", model.mismatches);
        let from_model = p9asm::frame::pctab::pcsp_from_model(&fc.func.progs, size, 1, &model);
        assert_eq!(&from_model, gtab, "model pcsp of {gname}");
    }
    // pctopcdata prints one table per (function, index); ours in the same order
    let mut mine = Vec::new();
    for fc in &a.funcs {
        for t in p9asm::frame::pctab::pcdata_tables(&fc.func.progs, fc.code.bytes.len() as u32, 1) {
            if !t.is_empty() {
                mine.push(t);
            }
        }
    }
    let go_tabs: Vec<Vec<u8>> = go_pcdata.into_iter().map(|(_, t)| t).filter(|t| !t.is_empty()).collect();
    assert_eq!(mine, go_tabs, "pcdata tables");
}

/// The instruction lines of a file's listing (pc, file:line, text) equal Go's, symbol by symbol:
/// the text as Go prints it, the lines Go attributes to what the assembler adds.
fn listing_text_equals_go(rel: &str) {
    let (a, diags, sources) = ours(rel);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let go = parse_listing(&go_asm("amd64", &root(), rel, &["-S"]));
    let mine = parse_listing(&a.listing);
    assert_eq!(go.iter().map(|l| &l.header).collect::<Vec<_>>(), mine.iter().map(|l| &l.header).collect::<Vec<_>>());
    let mut lines = 0;
    for (g, m) in go.iter().zip(&mine) {
        assert_eq!(g.progs, m.progs, "{rel}: {}", g.name);
        lines += g.progs.len();
    }
    assert!(lines > 20, "{rel}: only {lines} lines");
}

#[test]
fn frame_corpus_listing_text_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    listing_text_equals_go("assembler/tests/data/frames_amd64.s");
    listing_text_equals_go("assembler/tests/data/frames_amd64_traps.s");
}
