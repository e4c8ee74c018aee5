//! 386 frames against Go 1.19's assembler: the frame corpus (`tests/data/frames_386.s`, every
//! combination of obj6.go's preprocess in 32-bit mode) and the 386 stubs (`stubs/asm_386.s`)
//! must list exactly as `GOARCH=386 go tool asm -S` lists them (header, every instruction's pc,
//! line and text, bytes, relocations), and their pc-value tables (`-d pctab=pctospadj`,
//! `pctopcdata`) must be Go's, the frame model's pcsp included.
//! The one intended difference: Go 1.19 points NO_LOCAL_POINTERS at a content-addressed
//! `gclocals·…` symbol; p9asm points it at `runtime.no_pointers_stackmap` (as Go did in 2016).

mod common;

use common::frames::FrameTarget;
use common::*;
use p9asm::target::GoArch;

const CORPUS: &str = "assembler/tests/data/frames_386.s";
const STUBS: &str = "stubs/asm_386.s";
const RUNTIME: &str = "/usr/lib/go-1.19/src/runtime";
const GCLOCALS_NO_POINTERS: &str = "gclocals·J5F+7Qw7O7ve2QcWC7DpeQ==";

const T: FrameTarget = FrameTarget { arch: GoArch::I386, gclocals: GCLOCALS_NO_POINTERS, includes: &[RUNTIME] };

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
    T.pc_tables_equal_go(CORPUS);
}

#[test]
fn stubs_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    let n = T.listing_equals_go(STUBS);
    assert!(n > 1400, "compared only {n} instruction lines");
    let (a, _, _) = T.ours(STUBS);
    assert_eq!(a.funcs.len(), 2 + 1 + 27, "reflect.call, reflectcall, callRet and 27 callN (from call16)");
}

#[test]
fn stubs_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    T.pc_tables_equal_go(STUBS);
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
