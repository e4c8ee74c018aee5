//! The frame tests every architecture runs against Go 1.19's assembler (tests/<arch>_frames.rs):
//! a file lists exactly as `go tool asm -S` lists it (header, every instruction's pc, line and
//! text, bytes, relocations), and its pc-value tables (`-d pctab=pctospadj`, `pctopcdata`) are
//! Go's, pcsp both from the layout and from the control-flow frame model. NO_LOCAL_POINTERS is
//! compared as p9asm points it (`runtime.no_pointers_stackmap`, not Go's `gclocals·…`).
#![allow(dead_code)]

use p9asm::driver::{AsmOptions, Assembled};
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

use super::stackmap_decode;
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

    /// The stack-map section, decoded from the object by the reader written from the format's
    /// specification: one record per function, in order, with Go's size, argument size and
    /// autosize, the nosplit, leaf and TOPFRAME flags Go's `-S` header prints, the static flag
    /// exactly on file-local functions, a pcsp equal to the frame model's (Go's, where
    /// [`Self::pc_tables_equal_go`] says they agree) and Go's PCDATA tables, every table covering
    /// exactly its function in the target's pc quantum, and each FUNCDATA Go lists in a slot
    /// relocated to its symbol. Returns how many records, FUNCDATA slots, static functions and
    /// leaves it checked.
    pub fn stackmap_equals_go(&self, rel: &str) -> [usize; 4] {
        use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget};
        let (a, diags, sources) = self.ours(rel);
        assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
        let obj = a.object.as_deref().expect("object");
        let file = object::File::parse(obj).unwrap();
        let sec = file.section_by_name("p9asm_stackmap").expect("stack-map section");
        let quantum = self.arch.min_lc();
        let records = stackmap_decode::decode_in(sec.data().unwrap(), !file.is_little_endian(), quantum as u8)
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        let relocs: std::collections::BTreeMap<u64, object::Relocation> = sec.relocations().collect();
        let reloc_name = |at: u64| -> Option<String> {
            let RelocationTarget::Symbol(si) = relocs.get(&at)?.target() else { return None };
            Some(file.symbol_by_index(si).ok()?.name().ok()?.to_string())
        };
        let go: Vec<Listed> = self.go_listing(rel).into_iter().filter(|l| l.header.contains(" STEXT ")).collect();
        let go_pcdata = self.go_pctab(rel, "pctopcdata");
        assert_eq!(records.len(), a.funcs.len(), "{rel}: one record per function");
        assert_eq!(go.len(), a.funcs.len(), "{rel}: Go's functions");
        let arch = p9asm::arch::for_goarch(self.arch);
        let mut counts = [records.len(), 0, 0, 0];
        for ((r, fc), g) in records.iter().zip(&a.funcs).zip(&go) {
            // Go lists the package as `"".`; p9asm's run is in package runtime
            let name = g.name.replacen("\"\".", "runtime.", 1);
            let what = format!("{rel}: record of {name}");
            assert_eq!(r.name, name, "{what}: name");
            let header: Vec<&str> = g.header.split_whitespace().collect();
            let field = |k: &str| -> i64 {
                let v = header.iter().find_map(|t| t.strip_prefix(k)).unwrap_or_else(|| panic!("{what}: {k}"));
                match v.strip_prefix("0x") {
                    Some(h) => u64::from_str_radix(h, 16).unwrap() as i64,
                    None => v.parse().unwrap(),
                }
            };
            assert_eq!(r.size as i64, field("size="), "{what}: size");
            assert_eq!(r.args as i64, field("args="), "{what}: args");
            // Go's `locals=` is arch-specific (arm64's leaves out the LR slot): the record holds
            // the bytes the prologue allocates, and the frame as TEXT writes it
            assert_eq!(r.autosize as i64, fc.func.layout.autosize, "{what}: autosize");
            assert_eq!(r.frame as i64, fc.func.frame, "{what}: frame");
            let flag = |bit: u32| r.flags & bit != 0;
            assert_eq!(flag(1 << 22), header.contains(&"nosplit"), "{what}: nosplit flag");
            // leaf: Go's marking where its header prints it (link-register targets), else no CALL
            let leaf = if self.arch.has_link_register() {
                header.contains(&"leaf")
            } else {
                // (the stack check's call to morestack is the assembler's, not the function's)
                !fc.func.progs.iter().any(|p| p.op == p9asm::prog::Op::CALL && p.mark & p9asm::prog::mark::SYNTH == 0)
            };
            assert_eq!(flag(1 << 20), leaf, "{what}: leaf flag");
            assert_eq!(flag(2048), header.contains(&"topframe"), "{what}: TOPFRAME flag");
            // static: the function's ELF symbol is local (Go lists `callRet<>` as `callRet`)
            let sym = file.symbols().find(|s| s.name() == Ok(&r.name)).unwrap_or_else(|| panic!("{what}: symbol"));
            assert_eq!(flag(1 << 21), sym.is_local(), "{what}: static flag");

            // every table covers exactly the function
            let decode = |t: &[u8], which: &str| {
                let v = stackmap_decode::pcvalue(t, quantum as u64).unwrap_or_else(|e| panic!("{what}: {which}: {e}"));
                if !v.is_empty() {
                    assert_eq!(v[0].0, 0, "{what}: {which} starts at pc 0");
                    assert_eq!(v.last().unwrap().1, r.size as u64, "{what}: {which} ends at the function's size");
                }
                v
            };
            assert!(!decode(&r.pcsp, "pcsp").is_empty(), "{what}: empty pcsp");
            let model = p9asm::frame::model::analyze(arch, &fc.func);
            let from_model = p9asm::frame::pctab::pcsp_from_model(&fc.func.progs, r.size, quantum, &model);
            assert_eq!(r.pcsp, from_model, "{what}: pcsp");
            let ours: Vec<&Vec<u8>> = r.pcdata.iter().filter(|t| !t.is_empty()).collect();
            let theirs: Vec<&Vec<u8>> =
                go_pcdata.iter().filter(|(n, t)| *n == g.name && !t.is_empty()).map(|(_, t)| t).collect();
            assert_eq!(ours, theirs, "{what}: pcdata");
            for t in &ours {
                decode(t, "pcdata");
            }

            // FUNCDATA: Go's, less the implicit argument maps only Go's compiler defines
            let p = r.ptr as usize;
            let slots = r.offset + (44 + p + 4 * r.pcdata.len()).next_multiple_of(p);
            let mut listed = 0;
            for (_, _, text) in &g.progs {
                let Some(rest) = text.strip_prefix("FUNCDATA\t$") else { continue };
                let (k, sym) = rest.split_once(", ").unwrap();
                let sym = sym.trim_end_matches("(SB)");
                if sym.ends_with(".args_stackmap") || sym.ends_with(".arginfo0") {
                    continue;
                }
                let k: usize = k.parse().unwrap();
                assert!(k < r.funcdata.len(), "{what}: FUNCDATA ${k} has no slot");
                assert_eq!(reloc_name((slots + k * p) as u64).as_deref(), Some(sym), "{what}: FUNCDATA ${k}");
                listed += 1;
            }
            let relocated = (0..r.funcdata.len()).filter(|k| reloc_name((slots + k * p) as u64).is_some()).count();
            assert_eq!(relocated, listed, "{what}: FUNCDATA slots relocated");
            counts[1] += listed;
            counts[2] += flag(1 << 21) as usize;
            counts[3] += flag(1 << 20) as usize;
        }
        counts
    }

    /// [`Self::stackmap_equals_go`] over a corpus and the stubs, which between them must have
    /// 40 records or more, FUNCDATA, static functions and leaves.
    pub fn stack_maps_equal_go(&self, corpus: &str, stubs: &str) {
        let (c, s) = (self.stackmap_equals_go(corpus), self.stackmap_equals_go(stubs));
        let [records, funcdata, statics, leaves] = [0, 1, 2, 3].map(|k| c[k] + s[k]);
        assert!(
            records >= 40 && funcdata > 0 && statics > 0,
            "{records} records, {funcdata} FUNCDATA, {statics} static"
        );
        assert!(leaves > 0, "{leaves} leaves");
    }
}
