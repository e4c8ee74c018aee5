//! The frame checks follow control flow, as the unwind tables do: SP balance at each RET
//! (E0403) and agreement where paths join (W0404) are judged by the paths that reach an
//! instruction, not by layout order.

mod common;

use common::verify_object;
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

/// (code, line, column) of each diagnostic.
type Found = Vec<(String, u32, u32)>;

fn asm(src: &str) -> (Found, Option<Vec<u8>>) {
    let opts = AsmOptions::new(GoArch::Amd64);
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let src = format!("#include \"textflag.h\"\n{src}");
    let a = p9asm::assemble_source("t.s", None, src.into_bytes(), &opts, &mut sources, &mut diags);
    let found = diags
        .list
        .iter()
        .map(|d| {
            let (l, c) = d.origin.map(|o| sources.line_col(o.span)).unwrap_or((0, 0));
            (d.code.to_string(), l, c)
        })
        .collect();
    (found, a.object)
}

/// (pc, CFA offset from RSP) rows of the only FDE, as gimli reads `.eh_frame`.
fn cfa_rows(obj: &[u8]) -> Vec<(u64, i64)> {
    use gimli::{BaseAddresses, CieOrFde, EhFrame, NativeEndian, UnwindContext, UnwindSection};
    use object::{Object, ObjectSection};
    let file = object::File::parse(obj).unwrap();
    let data = file.section_by_name(".eh_frame").unwrap().data().unwrap();
    let eh = EhFrame::new(data, NativeEndian);
    // in an object the FDE's pc-relative start is 0 plus a relocation: rows are read relative to it
    let bases = BaseAddresses::default().set_eh_frame(0);
    let mut entries = eh.entries(&bases);
    let mut ctx = UnwindContext::new();
    let mut rows = Vec::new();
    while let Some(e) = entries.next().unwrap() {
        let CieOrFde::Fde(partial) = e else { continue };
        let fde = partial.parse(EhFrame::cie_from_offset).unwrap();
        let mut table = fde.rows(&eh, &bases, &mut ctx).unwrap();
        while let Some(row) = table.next_row().unwrap() {
            let gimli::CfaRule::RegisterAndOffset { offset, .. } = row.cfa() else { panic!("CFA rule") };
            rows.push((row.start_address() - fde.initial_address(), *offset));
        }
    }
    rows
}

const TWOPATHS: &str = "\
TEXT ·twopaths(SB), NOSPLIT, $0-8
	MOVQ	x+0(FP), AX
	SUBQ	$32, SP
	CMPQ	AX, $0
	JEQ	other
	ADDQ	$32, SP
	RET
other:
	ADDQ	$32, SP
	RET
";

#[test]
fn each_ret_is_judged_by_the_paths_that_reach_it() {
    let (found, obj) = asm(TWOPATHS);
    assert!(found.is_empty(), "{found:?}");
    let obj = obj.expect("object");
    verify_object(&obj).unwrap();
    // mov(5) sub(4) cmp(4) je(2) add(4) ret(1) | other: add(4) ret(1)
    assert_eq!(cfa_rows(&obj), [(0x0, 8), (0x9, 40), (0x13, 8), (0x14, 40), (0x18, 8)]);
}

#[test]
fn a_path_that_reaches_ret_unbalanced_is_an_error_even_if_layout_order_balances() {
    // in layout order the ADDQ comes before `l`, but the JEQ path skips it
    let (found, obj) =
        asm("TEXT ·j(SB), NOSPLIT, $0-8\n\tSUBQ $16, SP\n\tCMPQ AX, $0\n\tJEQ l\n\tADDQ $16, SP\nl:\n\tRET\n");
    assert_eq!(found, [("E0403".to_string(), 8, 2)]);
    assert!(obj.is_none());
    // and a RET only layout order reaches unbalanced is not one: nothing jumps past the JMP
    let (found, obj) = asm(
        "TEXT ·k(SB), NOSPLIT, $0-8\n\tSUBQ $16, SP\n\tADDQ $16, SP\n\tJMP done\n\tADDQ $8, SP\n\tRET\ndone:\n\tRET\n",
    );
    assert!(found.is_empty(), "{found:?}");
    verify_object(&obj.unwrap()).unwrap();
}

#[test]
fn joins_with_different_deltas_warn_where_they_join() {
    let (found, obj) = asm(
        "TEXT ·w(SB), NOSPLIT, $0-8\n\tCMPQ AX, $0\n\tJEQ l\n\tPUSHQ AX\nl:\n\tNOP\n\tMOVQ $0, AX\n\tCMPQ AX, $1\n\tRET\n",
    );
    // the MOVQ after the join is reached with SP 0 and 8: W0404; the RET then with 8 or 0
    assert!(found.iter().any(|f| f.0 == "W0404"), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "E0403"), "{found:?}");
    assert!(obj.is_none());
}

/// The prologue goes in two ways: a function under 4096 Progs is moved into a new vector, a
/// bigger one up inside its own (`IN_PLACE_FROM` in arch/x86/frame.rs). Functions on both sides
/// of that size, with a frame, several RETs (each gets an epilogue) and branches forward and
/// back across them, list exactly as Go lists them.
#[test]
fn prologues_of_small_and_huge_functions_match_go() {
    if !common::oracle_available(common::GO) {
        return;
    }
    let mut src = String::from("#include \"textflag.h\"\n");
    for (name, n) in [("small", 40usize), ("edge", 4094), ("huge", 6000)] {
        src.push_str(&format!("TEXT ·{name}(SB), $24-8\n\tMOVQ x+0(FP), AX\nback_{name}:\n"));
        for k in 0..n {
            match k % 500 {
                7 => src.push_str(&format!("\tCMPQ AX, ${k}\n\tJEQ out_{name}\n")),
                99 => src.push_str("\tRET\n"),
                250 => src.push_str(&format!("\tCMPQ AX, ${k}\n\tJNE back_{name}\n")),
                _ => src.push_str(&format!("\tADDQ ${}, AX\n", k % 100)),
            }
        }
        src.push_str(&format!("out_{name}:\n\tMOVQ AX, 8(SP)\n\tRET\n"));
    }
    let tmp = common::scratch_file("prologue-paths", "x").parent().unwrap().to_path_buf();
    let go = common::go_asm_text("amd64", &src, &tmp, "p").expect("Go assembles it");
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.package = "main".into();
    opts.listing = true;
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source("p.s", None, src.into_bytes(), &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let (go, ours) = (common::parse_listing(&go), common::parse_listing(&a.listing));
    for g in &go {
        let o = ours.iter().find(|o| o.name == g.name).unwrap_or_else(|| panic!("{} missing", g.name));
        assert_eq!(o.bytes, g.bytes, "{}: bytes", g.name);
        let text = |l: &common::Listed| l.progs.iter().map(|p| (p.0, p.2.clone())).collect::<Vec<_>>();
        assert_eq!(text(o), text(g), "{}: instructions", g.name);
    }
    let ends = |g: &&common::Listed| [".small", ".edge", ".huge"].iter().any(|n| g.name.ends_with(n));
    assert_eq!(go.iter().filter(ends).count(), 3, "the three functions compared");
}

/// Every target's CIE says how its offsets are factored: x86 saves at any byte offset, so its
/// offsets are not factored (code 1, data -1); link-register machines save aligned 4- or
/// 8-byte registers, so offsets are multiples of 4 (data -4) and code addresses of the
/// instruction size (s390x 2). Both dumpers would read rows written with other factors the
/// same way, so the frame oracles cannot see a wrong one; this pins the format.
#[test]
fn each_target_s_cie_factors_offsets_as_documented() {
    use gimli::{BaseAddresses, CieOrFde, EhFrame, RunTimeEndian, UnwindSection};
    use object::{Object, ObjectSection};
    let targets = [
        (GoArch::Amd64, "stubs/asm_amd64.s", 1, -1),
        (GoArch::I386, "stubs/asm_386.s", 1, -1),
        (GoArch::Amd64p32, "stubs/asm_amd64p32.s", 1, -1),
        (GoArch::Arm, "stubs/asm_arm.s", 4, -4),
        (GoArch::Arm64, "stubs/asm_arm64.s", 4, -4),
        (GoArch::Mips64, "stubs/asm_mips64x.s", 4, -4),
        (GoArch::Mips64le, "stubs/asm_mips64x.s", 4, -4),
        (GoArch::Ppc64, "stubs/asm_ppc64x.s", 4, -4),
        (GoArch::Ppc64le, "stubs/asm_ppc64x.s", 4, -4),
        (GoArch::S390x, "stubs/asm_s390x.s", 2, -4),
    ];
    for (arch, rel, code, data_factor) in targets {
        let (obj, _) = common::assemble_runtime_file(arch, rel);
        let file = object::File::parse(&*obj).unwrap();
        let endian = if file.is_little_endian() { RunTimeEndian::Little } else { RunTimeEndian::Big };
        let data = file.section_by_name(".eh_frame").unwrap().data().unwrap();
        let eh = EhFrame::new(data, endian);
        let bases = BaseAddresses::default().set_eh_frame(0);
        let mut entries = eh.entries(&bases);
        let mut cies = 0;
        while let Some(e) = entries.next().unwrap() {
            let CieOrFde::Cie(cie) = e else { continue };
            assert_eq!(cie.code_alignment_factor(), code, "{arch}: code alignment factor");
            assert_eq!(cie.data_alignment_factor(), data_factor, "{arch}: data alignment factor");
            cies += 1;
        }
        assert!(cies > 0, "{arch}: no CIE");
    }
}
