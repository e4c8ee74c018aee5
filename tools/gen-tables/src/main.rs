//! `cargo run -p gen-tables [GOROOT]`: rewrites `assembler/src/arch/<dir>/anames.rs` for every
//! architecture directory that exists, from Go's sources (default GOROOT: /usr/lib/go-1.19).

use std::path::{Path, PathBuf};

fn main() {
    let goroot = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(gen_tables::GOROOT));
    let arch_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assembler/src/arch");
    let mut failed = false;
    for t in &gen_tables::TABLES {
        let dir = arch_root.join(t.p9asm_dir);
        if !dir.join("mod.rs").exists() {
            println!(
                "{:6} skipped: no back end yet (create assembler/src/arch/{}/mod.rs first)",
                t.p9asm_dir, t.p9asm_dir
            );
            continue;
        }
        let files = gen_tables::generate(t, &goroot).map(|text| vec![("anames.rs", text)]).and_then(|mut v| {
            gen_tables::generate_extra(t, &goroot).map(|extra| {
                v.extend(extra);
                v
            })
        });
        match files {
            Ok(files) => {
                for (name, text) in files {
                    let out = dir.join(name);
                    match std::fs::write(&out, text) {
                        Ok(()) => println!("{:6} wrote {}", t.p9asm_dir, out.display()),
                        Err(e) => {
                            eprintln!("{}: {e}", out.display());
                            failed = true;
                        }
                    }
                }
            }
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    std::process::exit(i32::from(failed));
}
