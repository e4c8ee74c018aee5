//! The object verifier, shared by the tests and the fuzz targets (`#[path]`-included there).

/// Checks what every object p9asm writes must satisfy, whatever its input: it parses as ELF; no
/// name is both defined and undefined; no name is defined twice (local symbols of different
/// files' sections aside, each global and each local name once); no undefined symbol is local
/// (a file-local reference that was never defined); every relocation names a symbol that is
/// either defined here or a global undefined one. Returns the error text, if any.
pub fn verify_object(bytes: &[u8]) -> Result<(), String> {
    use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget};
    use std::collections::HashMap;
    let file = object::File::parse(bytes).map_err(|e| format!("not ELF: {e}"))?;
    let mut defined: HashMap<(String, bool), usize> = HashMap::new();
    let mut undefined: Vec<String> = Vec::new();
    for s in file.symbols() {
        let name = s.name().map_err(|e| e.to_string())?.to_string();
        if name.is_empty() || s.kind() == object::SymbolKind::Section || s.kind() == object::SymbolKind::File {
            continue;
        }
        if s.is_undefined() {
            if s.is_local() {
                return Err(format!("undefined local symbol {name}"));
            }
            undefined.push(name);
        } else {
            *defined.entry((name, s.is_global())).or_default() += 1;
        }
    }
    for ((name, global), n) in &defined {
        if *n > 1 {
            return Err(format!("{} symbol {name} defined {n} times", if *global { "global" } else { "local" }));
        }
    }
    for name in &undefined {
        if defined.contains_key(&(name.clone(), true)) || defined.contains_key(&(name.clone(), false)) {
            return Err(format!("{name} is both defined and undefined"));
        }
    }
    for sec in file.sections() {
        for (off, r) in sec.relocations() {
            if let RelocationTarget::Symbol(i) = r.target() {
                let s = file.symbol_by_index(i).map_err(|e| format!("relocation at {off:#x}: {e}"))?;
                if s.is_undefined() && s.is_local() {
                    return Err(format!("relocation at {off:#x} in {:?} against undefined local", sec.name()));
                }
            }
        }
    }
    Ok(())
}
