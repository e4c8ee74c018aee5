//! The object verifier, shared by the tests and the fuzz targets (`#[path]`-included there).

/// Checks what every object p9asm writes must satisfy, whatever its input: it parses as ELF; no
/// name is both defined and undefined; no name is defined twice (local symbols of different
/// files' sections aside, each global and each local name once; ELF mapping symbols, `$a` and
/// `$d` on arm, are many by definition); no undefined symbol is local
/// (a file-local reference that was never defined); every relocation names a symbol that is
/// either defined here or a global undefined one; every function starts at the `.text` alignment
/// (the architecture's function alignment) and the functions do not overlap; every relocation of
/// the CFI, debug and stack-map sections into `.text` is at a function's start. Returns the error
/// text, if any.
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
        // ELF mapping symbols (arm's $a/$d, AAELF): local, untyped, one at every change
        let mapping = matches!(name.as_bytes(), [b'$', b'a' | b'd' | b't' | b'x'])
            || name.len() > 2 && matches!(&name.as_bytes()[..3], [b'$', b'a' | b'd' | b't' | b'x', b'.']);
        if mapping && s.is_local() && !s.is_undefined() {
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
    if let Some(text) = file.section_by_name(".text") {
        let align = text.align().max(1);
        let mut funcs: Vec<(u64, u64, String)> = file
            .symbols()
            .filter(|s| s.kind() == object::SymbolKind::Text && s.section_index() == Some(text.index()))
            .map(|s| (s.address(), s.size(), s.name().unwrap_or("").to_string()))
            .collect();
        funcs.sort();
        for (addr, _, name) in &funcs {
            if addr % align != 0 {
                return Err(format!("function {name} at {addr:#x} is not {align}-aligned"));
            }
        }
        for w in funcs.windows(2) {
            if w[0].0 + w[0].1 > w[1].0 {
                return Err(format!("functions {} and {} overlap", w[0].2, w[1].2));
            }
        }
        if let Some((addr, size, name)) = funcs.last()
            && addr + size > text.size()
        {
            return Err(format!("function {name} runs past the end of .text"));
        }
        // the tables that point at functions (CFI, debug information, stack maps) point at
        // their starts, through .text's section symbol: symbol + addend (explicit, or implicit in the field on REL targets)
        let starts: std::collections::HashSet<u64> = funcs.iter().map(|f| f.0).collect();
        let big = !file.is_little_endian();
        for name in [".eh_frame", ".debug_frame", ".debug_line", ".debug_info", "p9asm_stackmap"] {
            let Some(sec) = file.section_by_name(name) else { continue };
            let data = sec.data().map_err(|e| e.to_string())?;
            for (off, r) in sec.relocations() {
                let RelocationTarget::Symbol(i) = r.target() else { continue };
                let sym = file.symbol_by_index(i).map_err(|e| e.to_string())?;
                if sym.section_index() != Some(text.index()) {
                    continue;
                }
                // against .text's section symbol, as GNU as does: a global function's own symbol
                // can be preempted in a shared object, and ld then refuses the PC-relative ones
                if sym.kind() != object::SymbolKind::Section {
                    return Err(format!(
                        "{name}: the relocation at {off:#x} is against {:?}, not .text's section symbol",
                        sym.name()
                    ));
                }
                let addend = if r.has_implicit_addend() {
                    // object reads no size for some types (arm's): .eh_frame's words are 4
                    // bytes, the others an address
                    let n = match r.size() {
                        0 if name == ".eh_frame" || name == ".debug_frame" => 4,
                        0 => {
                            if file.is_64() {
                                8
                            } else {
                                4
                            }
                        }
                        bits => (bits / 8) as usize,
                    };
                    let b =
                        data.get(off as usize..off as usize + n).ok_or(format!("{name}: relocation past the end"))?;
                    match (n, big) {
                        (4, false) => i32::from_le_bytes(b.try_into().unwrap()) as i64,
                        (4, true) => i32::from_be_bytes(b.try_into().unwrap()) as i64,
                        (8, false) => i64::from_le_bytes(b.try_into().unwrap()),
                        (8, true) => i64::from_be_bytes(b.try_into().unwrap()),
                        _ => return Err(format!("{name}: a {n}-byte implicit addend at {off:#x}")),
                    }
                } else {
                    r.addend()
                };
                let at = sym.address() as i64 + addend;
                if !starts.contains(&(at as u64)) {
                    return Err(format!(
                        "{name}: the relocation at {off:#x} points at .text+{at:#x}, which is no function's start"
                    ));
                }
            }
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
