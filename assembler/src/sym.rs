//! Symbol interning and Go's name rewriting.
//!
//! Go writes package-qualified names with a middle dot (`runtime·call32`) and lets `·name` mean
//! "this package" (`"".name`). Symbols are interned once per distinct spelling; lookups of a
//! spelling seen before cost one hash and no allocation.

use std::num::NonZeroU32;

use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SymId(NonZeroU32);

impl SymId {
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

#[derive(Clone, Debug)]
pub struct Symbol {
    /// Go's spelling after rewriting: `"".call32`, `runtime.call32`, `callRet` (static).
    pub name: Box<str>,
    /// Declared with `<>`: local to this file.
    pub is_static: bool,
}

/// The symbol table: readable from any thread while one thread interns (the parser runs ahead
/// of the back end). Symbols never move or change once interned.
#[derive(Default, Debug)]
pub struct Symbols {
    syms: p9asm_macros::append::AppendVec<Symbol>,
    index: std::sync::Mutex<Index>,
}

#[derive(Default, Debug)]
struct Index {
    by_spelling: FxHashMap<Box<str>, SymId>,
    by_static_spelling: FxHashMap<Box<str>, SymId>,
}

impl Index {
    fn map(&mut self, is_static: bool) -> &mut FxHashMap<Box<str>, SymId> {
        if is_static { &mut self.by_static_spelling } else { &mut self.by_spelling }
    }
}

/// Go's rewriting of an identifier (cmd/asm/internal/lex.Make): a leading `·` means the current
/// package (`""`), then `·` becomes `.` and `∕` becomes `/`.
pub fn go_name(spelling: &str) -> String {
    let mut s = String::with_capacity(spelling.len() + 2);
    if spelling.starts_with('·') {
        s.push_str("\"\"");
    }
    for c in spelling.chars() {
        match c {
            '·' => s.push('.'),
            '∕' => s.push('/'),
            c => s.push(c),
        }
    }
    s
}

impl Symbols {
    pub fn new() -> Symbols {
        Symbols::default()
    }

    fn index(&self) -> std::sync::MutexGuard<'_, Index> {
        self.index.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Interns a symbol by its source spelling.
    pub fn intern(&self, spelling: &str, is_static: bool) -> SymId {
        let mut index = self.index();
        if let Some(&id) = index.map(is_static).get(spelling) {
            return id;
        }
        self.intern_go_name(&mut index, go_name(spelling).into_boxed_str(), is_static, Some(spelling))
    }

    /// Interns a symbol by its Go name (for symbols the assembler itself references).
    pub fn intern_go(&self, name: &str, is_static: bool) -> SymId {
        let mut index = self.index();
        if let Some(&id) = index.map(is_static).get(name) {
            return id;
        }
        self.intern_go_name(&mut index, name.into(), is_static, None)
    }

    fn intern_go_name(&self, index: &mut Index, name: Box<str>, is_static: bool, spelling: Option<&str>) -> SymId {
        // Different spellings may name one symbol (`runtime·x` vs the Go name `runtime.x`).
        let map = index.map(is_static);
        let id = match map.get(&*name) {
            Some(&id) => id,
            None => {
                let i = self.syms.push(Symbol { name: name.clone(), is_static });
                let id = SymId(NonZeroU32::new(i as u32 + 1).expect("symbol count overflow"));
                map.insert(name, id);
                id
            }
        };
        if let Some(sp) = spelling {
            map.insert(sp.into(), id);
        }
        id
    }

    pub fn get(&self, id: SymId) -> &Symbol {
        &self.syms[id.index()]
    }
    pub fn name(&self, id: SymId) -> &str {
        &self.syms[id.index()].name
    }
    pub fn len(&self) -> usize {
        self.syms.len()
    }
    pub fn is_empty(&self) -> bool {
        self.syms.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (SymId, &Symbol)> {
        self.syms.iter().enumerate().filter_map(|(i, s)| Some((SymId(NonZeroU32::new(i as u32 + 1)?), s)))
    }

    /// The name in the ELF symbol table: `""` replaced by the package path, as Go's linker does
    /// when it writes external objects.
    pub fn object_name(&self, id: SymId, package: &str) -> String {
        let n = self.name(id);
        match n.strip_prefix("\"\"") {
            Some(rest) => {
                let mut s = String::with_capacity(package.len() + rest.len());
                s.push_str(package);
                s.push_str(rest);
                s
            }
            None => n.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewriting() {
        assert_eq!(go_name("·call32"), "\"\".call32");
        assert_eq!(go_name("runtime·call32"), "runtime.call32");
        assert_eq!(go_name("a∕b·c"), "a/b.c");
        let s = Symbols::new();
        let a = s.intern("runtime·x", false);
        let b = s.intern_go("runtime.x", false);
        assert_eq!(a, b);
        let c = s.intern("runtime·x", true);
        assert_ne!(a, c);
        let f = s.intern("·f", false);
        assert_eq!(s.object_name(f, "runtime"), "runtime.f");
    }
}
