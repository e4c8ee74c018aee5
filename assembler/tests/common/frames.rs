//! The frame tests every architecture runs against Go 1.19's assembler (tests/<arch>_frames.rs):
//! a file lists exactly as `go tool asm -S` lists it (header, every instruction's pc, line and
//! text, bytes, relocations), and its pc-value tables (`-d pctab=pctospadj`, `pctopcdata`) are
//! Go's, pcsp both from the layout and from the control-flow frame model. NO_LOCAL_POINTERS is
//! compared as p9asm points it (`runtime.no_pointers_stackmap`, not Go's `gclocals·…`).
#![allow(dead_code)]

use p9asm::driver::{AsmOptions, Assembled};
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

use super::{Listed, go_asm, parse_listing, parse_pctab, root, verify_object};

/// p9asm's run over `rel` (from the repository's root) for `arch` in package runtime, with the
/// listing and the Progs; `includes` besides `$GOROOT/pkg/include`.
pub fn ours(arch: GoArch, rel: &str, includes: &[&str]) -> (Assembled, Diagnostics, SourceMap) {
    let path = root().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let mut opts = AsmOptions::new(arch);
    opts.package = "runtime".into();
    opts.listing = true;
    opts.keep_progs = true;
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    opts.include_dirs.extend(includes.iter().map(|d| d.into()));
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source(rel, Some(path), bytes, &opts, &mut sources, &mut diags);
    (a, diags, sources)
}

/// One architecture's frame comparisons.
pub struct FrameTarget {
    pub arch: GoArch,
    /// Go's content-addressed name of the empty locals bitmap (its byte order's).
    pub gclocals: &'static str,
    /// `-I` directories both assemblers get besides `$GOROOT/pkg/include`.
    pub includes: &'static [&'static str],
}

impl FrameTarget {
    /// p9asm's run over `rel` (see [`ours`]).
    pub fn ours(&self, rel: &str) -> (Assembled, Diagnostics, SourceMap) {
        ours(self.arch, rel, self.includes)
    }

    /// Go's output for `rel` with `flags` after the include directories.
    fn go(&self, rel: &str, flags: &[&str]) -> String {
        let mut args: Vec<&str> = self.includes.iter().flat_map(|d| ["-I", d]).collect();
        args.extend_from_slice(flags);
        go_asm(self.arch.name(), &root(), rel, &args)
    }

    /// Go's listing of `rel`, with NO_LOCAL_POINTERS pointing where p9asm points it.
    pub fn go_listing(&self, rel: &str) -> Vec<Listed> {
        let go = self.go(rel, &["-S"]).replace(self.gclocals, "runtime.no_pointers_stackmap");
        parse_listing(&go).into_iter().filter(|l| !l.name.starts_with("runtime.no_pointers_stackmap")).collect()
    }

    /// Go's pc-value tables of `rel` (`pctospadj` or `pctopcdata`), per function.
    pub fn go_pctab(&self, rel: &str, table: &str) -> Vec<(String, Vec<u8>)> {
        parse_pctab(&self.go(rel, &["-d", &format!("pctab={table}")]))
    }

    /// Every symbol listed as Go lists it; returns the number of instruction lines compared.
    pub fn listing_equals_go(&self, rel: &str) -> usize {
        let (a, diags, sources) = self.ours(rel);
        assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
        verify_object(a.object.as_deref().expect("object")).unwrap();
        let go = self.go_listing(rel);
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

    /// Every PCDATA table of p9asm's run `a` equal to Go's for `rel`.
    pub fn pcdata_equal_go(&self, rel: &str, a: &Assembled) {
        let quantum = self.arch.min_lc();
        let mut mine = Vec::new();
        for fc in &a.funcs {
            for t in p9asm::frame::pctab::pcdata_tables(&fc.func.progs, fc.code.bytes.len() as u32, quantum) {
                if !t.is_empty() {
                    mine.push(t);
                }
            }
        }
        let go_tabs: Vec<Vec<u8>> =
            self.go_pctab(rel, "pctopcdata").into_iter().map(|(_, t)| t).filter(|t| !t.is_empty()).collect();
        assert_eq!(mine, go_tabs, "{rel}: pcdata tables");
    }

    /// pcsp from the layout and from the control-flow frame model, and every PCDATA table,
    /// equal to Go's.
    pub fn pc_tables_equal_go(&self, rel: &str) {
        let (a, diags, sources) = self.ours(rel);
        assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
        let go_sp = self.go_pctab(rel, "pctospadj");
        assert_eq!(go_sp.len(), a.funcs.len(), "{rel}: functions");
        let arch = p9asm::arch::for_goarch(self.arch);
        let quantum = self.arch.min_lc();
        for (fc, (gname, gtab)) in a.funcs.iter().zip(&go_sp) {
            let size = fc.code.bytes.len() as u32;
            let linear = p9asm::frame::pctab::pcsp(&fc.func.progs, size, quantum);
            assert_eq!(&linear, gtab, "{rel}: pcsp of {gname}");
            let model = p9asm::frame::model::analyze(arch, &fc.func);
            assert!(model.mismatches.is_empty(), "{gname}: {:?}", model.mismatches);
            let from_model = p9asm::frame::pctab::pcsp_from_model(&fc.func.progs, size, quantum, &model);
            assert_eq!(&from_model, gtab, "{rel}: model pcsp of {gname}");
        }
        self.pcdata_equal_go(rel, &a);
    }
}
