//! mips64 frames against Go 1.19's assembler: the frame corpus (`tests/data/frames_mips64.s`,
//! every combination of obj0.go's preprocess) must list exactly as `go tool asm -S` lists it
//! (header, every instruction's pc, line and text, bytes, relocations) for mips64 and mips64le,
//! and its pc-value tables (`-d pctab=pctospadj`, `pctopcdata`) must be Go's. The frame model
//! follows the delay slots: the SP adjustment Go puts on an epilogue's `JMP (R31)` (for the code
//! after it) takes effect after the jump's slot, so the model's pcsp equals Go's everywhere but
//! in those slots, where SP is back at its entry value (Go's table says the frame is still
//! there; Go's unwinder never stops in a delay slot, a signal-time unwinder can).

mod common;

use common::*;
use p9asm::driver::Assembled;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const CORPUS: &str = "assembler/tests/data/frames_mips64.s";
const STUBS: &str = "stubs/asm_mips64x.s";

/// Go 1.19 points NO_LOCAL_POINTERS at a content-addressed `gclocals·…` symbol (its hash differs
/// by byte order); p9asm points it at `runtime.no_pointers_stackmap`, as Go did in 2016.
fn no_gclocals(listing: &str) -> String {
    let mut out = String::with_capacity(listing.len());
    for line in listing.lines() {
        match line.find("gclocals·") {
            Some(i) if line.starts_with('\t') => {
                let end = line[i..].find("(SB)").map_or(line.len(), |e| i + e);
                out.push_str(&line[..i]);
                out.push_str("runtime.no_pointers_stackmap");
                out.push_str(&line[end..]);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// p9asm's run over `rel` for `arch`, with the listing and the Progs.
fn ours(arch: GoArch, rel: &str) -> (Assembled, Diagnostics, SourceMap) {
    common::frames::ours(arch, rel, &[])
}

/// Every symbol listed as Go lists it; returns the number of instruction lines compared.
pub fn listing_equals_go(arch: GoArch, rel: &str) -> usize {
    let (a, diags, sources) = ours(arch, rel);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    verify_object(a.object.as_deref().expect("object")).unwrap();
    let go: Vec<Listed> = parse_listing(&no_gclocals(&go_asm(&arch.to_string(), &root(), rel, &["-S"])))
        .into_iter()
        .filter(|l| !l.name.starts_with("gclocals·"))
        .collect();
    let mine = parse_listing(&a.listing);
    assert_eq!(
        go.iter().map(|l| &l.name).collect::<Vec<_>>(),
        mine.iter().map(|l| &l.name).collect::<Vec<_>>(),
        "{rel}: symbols"
    );
    let mut checked = 0;
    for (g, m) in go.iter().zip(&mine) {
        assert_eq!(g.header, m.header, "{rel} ({arch}): header of {}", g.name);
        for (gp, mp) in g.progs.iter().zip(&m.progs) {
            assert_eq!(gp, mp, "{rel} ({arch}): in {}", g.name);
            checked += 1;
        }
        assert_eq!(g.progs.len(), m.progs.len(), "{rel} ({arch}): instruction count of {}", g.name);
        assert_eq!(g.bytes, m.bytes, "{rel} ({arch}): bytes of {}", g.name);
        assert_eq!(g.rels, m.rels, "{rel} ({arch}): relocations of {}", g.name);
    }
    checked
}

/// pcsp in layout order and every PCDATA table equal to Go's; the frame model's SP equal to the
/// layout's except in the delay slot of a jump that carries an SP adjustment, where the
/// adjustment has not happened yet. Returns the number of such slots.
pub fn pc_tables_equal_go(arch: GoArch, rel: &str) -> usize {
    let (a, diags, sources) = ours(arch, rel);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let g = arch.to_string();
    let go_sp = parse_pctab(&go_asm(&g, &root(), rel, &["-d", "pctab=pctospadj"]));
    let go_pcdata = parse_pctab(&go_asm(&g, &root(), rel, &["-d", "pctab=pctopcdata"]));
    assert_eq!(go_sp.len(), a.funcs.len(), "{rel}: functions");
    let isa = p9asm::arch::for_goarch(arch);
    let mut slots = 0;
    for (fc, (gname, gtab)) in a.funcs.iter().zip(&go_sp) {
        let size = fc.code.bytes.len() as u32;
        let linear = p9asm::frame::pctab::pcsp(&fc.func.progs, size, 4);
        assert_eq!(&linear, gtab, "{rel}: pcsp of {gname}");
        let model = p9asm::frame::model::analyze(isa, &fc.func);
        assert!(model.mismatches.is_empty(), "{gname}: {:?}", model.mismatches);
        let progs = &fc.func.progs;
        let mut sp = 0i64;
        for (i, p) in progs.iter().enumerate() {
            let slot_of_adjusting_jump = i > 0 && isa.has_delay_slot(&progs[i - 1]) && progs[i - 1].spadj != 0;
            if slot_of_adjusting_jump {
                assert_eq!(model.sp(i), sp - progs[i - 1].spadj as i64, "{gname}: delay slot at {:#x}", p.pc);
                slots += 1;
            } else {
                assert_eq!(model.sp(i), sp, "{gname}: model SP at {:#x} ({})", p.pc, i);
            }
            sp += p.spadj as i64;
        }
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
    slots
}

#[test]
fn frame_corpus_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    for arch in [GoArch::Mips64, GoArch::Mips64le] {
        let n = listing_equals_go(arch, CORPUS);
        println!("{CORPUS} ({arch}): {n} listed instructions equal Go's");
        assert!(n > 500, "compared only {n} instruction lines");
    }
}

#[test]
fn frame_corpus_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    for arch in [GoArch::Mips64, GoArch::Mips64le] {
        let slots = pc_tables_equal_go(arch, CORPUS);
        println!("{CORPUS} ({arch}): pc tables equal Go's; {slots} delay slots after SP-adjusting jumps");
        // every epilogue with a frame ends in a JMP whose slot the model treats as returned
        assert!(slots >= 20, "only {slots} delay slots after SP-adjusting jumps");
    }
}

#[test]
fn frame_corpus_warns_only_where_annotated() {
    let (_, diags, sources) = ours(GoArch::Mips64, CORPUS);
    let src = std::fs::read_to_string(root().join(CORPUS)).unwrap();
    let annotated = src.lines().filter(|l| l.trim_end().ends_with("// expect W0405")).count();
    let warned: Vec<_> = diags.list.iter().map(|d| d.code).collect();
    assert_eq!(warned, vec!["W0405"; annotated], "{}", diags.render(&sources, false));
}

#[test]
fn stubs_listing_equals_go() {
    if !oracle_available(GO) {
        return;
    }
    for arch in [GoArch::Mips64, GoArch::Mips64le] {
        let n = listing_equals_go(arch, STUBS);
        println!("{STUBS} ({arch}): {n} listed instructions equal Go's");
        assert!(n > 2000, "compared only {n} instruction lines");
        let (a, _, _) = ours(arch, STUBS);
        assert_eq!(a.funcs.len(), 2 + 1 + 27, "reflect.call, reflectcall, callRet and 27 callN");
    }
}

#[test]
fn stubs_pc_tables_equal_go() {
    if !oracle_available(GO) {
        return;
    }
    for arch in [GoArch::Mips64, GoArch::Mips64le] {
        let slots = pc_tables_equal_go(arch, STUBS);
        assert!(slots >= 28, "{arch}: only {slots} epilogue delay slots");
    }
}

/// `p9asm build stubs/` builds `asm_mips64x.s` (a `//go:build mips64 || mips64le` file) for both
/// byte orders, and each object's `.text` holds exactly the functions whose listing
/// `stubs_listing_equals_go` compares with Go's, back to back.
#[test]
fn p9asm_build_writes_both_stub_objects() {
    let out = std::env::temp_dir().join(format!("p9asm-mips64-build-{}", std::process::id()));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_p9asm"))
        .current_dir(root())
        .args(["build", "--arch", "mips64,mips64le", "-o"])
        .arg(&out)
        .arg("stubs")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for arch in [GoArch::Mips64, GoArch::Mips64le] {
        let obj = std::fs::read(out.join(arch.to_string()).join("asm_mips64x.o")).unwrap();
        assert!(out.join(arch.to_string()).join("libstubs.a").exists());
        use object::{Object, ObjectSection};
        let file = object::File::parse(&*obj).unwrap();
        assert_eq!(file.is_little_endian(), !arch.big_endian(), "{arch}");
        let text = file.section_by_name(".text").unwrap().data().unwrap().to_vec();
        let (a, _, _) = ours(arch, STUBS);
        let want: Vec<u8> = a.funcs.iter().flat_map(|f| f.code.bytes.iter().copied()).collect();
        assert_eq!(a.funcs.len(), 30);
        assert!(text == want, "{arch}: .text of the built object");
    }
    let _ = std::fs::remove_dir_all(&out);
}
