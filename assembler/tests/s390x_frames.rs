//! s390x frames against Go 1.19's assembler: the frame corpus (`tests/data/frames_s390x.s`, every
//! combination of objz.go's preprocess) and the s390x stubs (`stubs/asm_s390x.s`) must list
//! exactly as `go tool asm -S` lists them (header, every instruction's pc, line and text, bytes,
//! relocations), and their pc-value tables (`-d pctab=pctospadj`, `pctopcdata`), counted in
//! s390x's 2-byte pc quantum, must be Go's.
//! The one intended difference: Go 1.19 points NO_LOCAL_POINTERS at a content-addressed
//! `gclocals·…` symbol; p9asm points it at `runtime.no_pointers_stackmap` (as Go did in 2016).

mod common;

use common::frames::FrameTarget;
use common::*;
use p9asm::target::GoArch;

const CORPUS: &str = "assembler/tests/data/frames_s390x.s";
const STUBS: &str = "stubs/asm_s390x.s";
/// Go 1.19's content-addressed name of the empty locals bitmap on s390x (big-endian, so not
/// arm64's name).
const GCLOCALS_NO_POINTERS: &str = "gclocals·YRr1FYGtDoI3+Ld0QpzhyQ==";

const T: FrameTarget = FrameTarget { arch: GoArch::S390x, gclocals: GCLOCALS_NO_POINTERS, includes: &[] };

#[test]
fn frame_corpus_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    let n = T.listing_equals_go(CORPUS);
    assert!(n > 500, "compared only {n} instruction lines");
}

#[test]
fn frame_corpus_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    T.pc_tables_equal_go(CORPUS);
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
    assert!(n > 1800, "compared only {n} instruction lines");
    let (a, _, _) = T.ours(STUBS);
    assert_eq!(a.funcs.len(), 2 + 1 + 26 + 1, "reflect.call, reflectcall, callRet, 26 callN and callfnMVC");
}

#[test]
fn stubs_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    T.pc_tables_equal_go(STUBS);
}

/// Branches out of reach of the 16-bit forms (`tests/data/far_s390x.s`): BRC to BRCL, the
/// compare-and-branches cracked around a BRCL, forward and backward, list and encode as Go's.
#[test]
fn far_branches_list_as_go() {
    if !oracle_available(GO) {
        return;
    }
    let n = T.listing_equals_go("assembler/tests/data/far_s390x.s");
    assert!(n > 21000, "compared only {n} instruction lines");
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
