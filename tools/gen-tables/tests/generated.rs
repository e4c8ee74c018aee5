//! The committed tables are exactly what the generator makes from Go 1.19's sources, and Go's
//! tables parse for every architecture (including those without a back end yet).

use std::path::Path;

fn goroot() -> &'static Path {
    let g = Path::new(gen_tables::GOROOT);
    let skip = std::env::var("P9ASM_SKIP_ORACLES").as_deref() == Ok("1") && std::env::var_os("CI").is_none();
    if !g.join("src/cmd/internal/obj").exists() && !skip {
        panic!("Go 1.19's sources are not installed (golang-1.19-src): run scripts/install-deps.sh");
    }
    g
}

#[test]
fn committed_tables_are_generated() {
    let g = goroot();
    if !g.exists() {
        return;
    }
    let arch_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assembler/src/arch");
    let mut checked = 0;
    for t in &gen_tables::TABLES {
        let text = gen_tables::generate(t, g).unwrap();
        let committed = arch_root.join(t.p9asm_dir).join("anames.rs");
        if !arch_root.join(t.p9asm_dir).join("mod.rs").exists() {
            assert!(!committed.exists(), "{} has a table but no back end", t.p9asm_dir);
            continue;
        }
        let have = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(have == text, "{} is stale or edited by hand: run `cargo run -p gen-tables`", committed.display());
        for (name, text) in gen_tables::generate_extra(t, g).unwrap() {
            let path = arch_root.join(t.p9asm_dir).join(name);
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(have == text, "{} is stale or edited by hand: run `cargo run -p gen-tables`", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 1);
}

#[test]
fn every_go_table_parses() {
    let g = goroot();
    if !g.exists() {
        return;
    }
    for t in &gen_tables::TABLES {
        let text = gen_tables::generate(t, g).unwrap_or_else(|e| panic!("{}: {e}", t.go_dir));
        assert!(text.contains("pub const"), "{}", t.go_dir);
    }
}

#[test]
fn parses_the_anames_shape() {
    let go = "package x\n\nvar Anames = []string{\n\tobj.A_ARCHSPECIFIC: \"ADD\",\n\t\"SUB\",\n\t\"LAST\",\n}\n";
    assert_eq!(gen_tables::parse_anames(go).unwrap(), ["ADD", "SUB", "LAST"]);
    assert!(gen_tables::parse_anames("var Anames = []string{\n\t\"A B\",\n}\n").is_err());
    assert!(gen_tables::parse_anames("nothing").is_err());
}

#[test]
fn avx_table_is_gos() {
    let g = goroot();
    if !g.exists() {
        return;
    }
    let t = gen_tables::avx::read(g).unwrap();
    let src = std::fs::read_to_string(g.join("src/cmd/internal/obj/x86/avx_optabs.go")).unwrap();
    assert_eq!(t.rows.len(), src.matches("{as: A").count());
    assert_eq!(t.ytabs.len(), src.matches("\nvar _y").count());
    // VPXOR: VEX.128.66.0F.WIG EF, VEX.256.66.0F.WIG EF (avxEscape | L | pp | mm)
    let pxor = t.rows.iter().find(|r| r.name == "VPXOR").unwrap();
    assert_eq!(pxor.bytes, [0x40 | 0x01 | 0x08, 0xef, 0x40 | 0x04 | 0x01 | 0x08, 0xef]);
    // VADDPD's 512-bit EVEX form: evex512|evex66|evex0F|evexW1, N64|BcstN8|rounding|zeroing
    let addpd = t.rows.iter().find(|r| r.name == "VADDPD").unwrap();
    assert_eq!(&addpd.bytes[4..7], [0x40 | 0x08 | 0x01 | 0x10 | 0x80, 0xc0 | 0x10 | 0x02 | 0x04, 0x58]);
    // octal opcode-extension digits
    assert_eq!(gen_tables::avx::parse_zcases("\tZvex_rm_v_r\n\tZevex_first\n\tZevex_last\n").unwrap().len(), 3);
    assert!(t.zcases.first().is_some_and(|z| z == "Zvex_rm_v_r") && t.zcases.last().is_some_and(|z| z == "Zevex_last"));
}
