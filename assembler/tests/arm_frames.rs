//! arm frames against Go 1.19's assembler: the frame corpus (`tests/data/frames_arm.s`, every
//! combination of obj5.go's preprocess) and the arm stubs (`stubs/asm_arm.s`) must list exactly
//! as `go tool asm -S` lists them (header, every instruction's pc, line and text, bytes,
//! relocations), and their pc-value tables (`-d pctab=pctospadj`, `pctopcdata`) must be Go's,
//! but for framed tail jumps (see [`TAIL_JUMPS`]). The one intended difference in listings: Go
//! 1.19 points NO_LOCAL_POINTERS at a content-addressed `gclocals·…` symbol; p9asm points it at
//! `runtime.no_pointers_stackmap` (as Go did in 2016).

mod common;

use common::frames::FrameTarget;
use common::*;
use p9asm::target::GoArch;

const CORPUS: &str = "assembler/tests/data/frames_arm.s";
const STUBS: &str = "stubs/asm_arm.s";
const GCLOCALS_NO_POINTERS: &str = "gclocals·J5F+7Qw7O7ve2QcWC7DpeQ==";
/// The corpus's framed tail jumps (`RET sym` in a function with a frame).
const TAIL_JUMPS: [&str; 2] = ["\"\".tail", "\"\".tailleaf"];

const T: FrameTarget = FrameTarget { arch: GoArch::Arm, gclocals: GCLOCALS_NO_POINTERS, includes: &[] };

/// pcsp from the layout and from the control-flow frame model, and every PCDATA table, equal
/// to Go's.
fn pc_tables_equal_go(rel: &str) {
    let (a, diags, sources) = T.ours(rel);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let go_sp = T.go_pctab(rel, "pctospadj");
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
    T.pcdata_equal_go(rel, &a);
}

#[test]
fn frame_corpus_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    let n = T.listing_equals_go(CORPUS);
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
    let (_, diags, sources) = T.ours(CORPUS);
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
    let n = T.listing_equals_go(STUBS);
    assert!(n > 1500, "compared only {n} instruction lines");
    let (a, _, _) = T.ours(STUBS);
    assert_eq!(a.funcs.len(), 2 + 1 + 27, "reflect.call, reflectcall, callRet and 27 callN");
}

#[test]
fn stubs_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    pc_tables_equal_go(STUBS);
}

/// The stack-map section of the corpus and the stubs, decoded from the object, against Go's
/// headers and tables (common/frames.rs `stackmap_equals_go`).
#[test]
fn stack_maps_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    T.stack_maps_equal_go(CORPUS, STUBS);
}
