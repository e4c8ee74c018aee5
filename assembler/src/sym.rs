//! Symbol interning and Go's name rewriting.
//!
//! Go writes package-qualified names with a middle dot (`runtime·call32`) and lets `·name` mean
//! "this package" (`"".name`). Symbols are interned once per distinct Go name, so that listings
//! print each reference as Go does; with the package path known (`-p`), `·x` and `pkg·x` name
//! the same object symbol, and [`Symbols::canon`] maps every Go name to the one symbol that
//! stands for it in definitions, duplicate checks and the ELF symbol table. Lookups of a
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
    /// The symbol every Go name of this object symbol resolves to (the first one interned).
    pub canon: SymId,
}

/// The symbol table: readable from any thread while one thread interns (the parser runs ahead
/// of the back end). Symbols never move or change once interned.
#[derive(Debug)]
pub struct Symbols {
    syms: p9asm_macros::append::AppendVec<Symbol>,
    index: std::sync::Mutex<Index>,
    /// The package path that replaces `""` (Go's `-p`).
    package: Box<str>,
}

impl Default for Symbols {
    fn default() -> Symbols {
        Symbols::for_package("main")
    }
}

#[derive(Default, Debug)]
struct Index {
    by_spelling: FxHashMap<Box<str>, SymId>,
    by_static_spelling: FxHashMap<Box<str>, SymId>,
    /// Object name (package substituted) → canonical symbol, for each namespace.
    by_object: [FxHashMap<Box<str>, SymId>; 2],
    /// Where each file-local (`<>`) symbol is first named, by canonical symbol: a name that is
    /// referenced but never defined must not reach the object (it would bind to another file's).
    static_refs: Vec<(SymId, p9asm_macros::Origin)>,
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
    /// A table for package `main` (the default of `-p`).
    pub fn new() -> Symbols {
        Symbols::default()
    }

    /// A table whose `""` stands for `package`.
    pub fn for_package(package: &str) -> Symbols {
        Symbols { syms: Default::default(), index: Default::default(), package: package.into() }
    }

    pub fn package(&self) -> &str {
        &self.package
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

    /// Interns a symbol named in the source at `origin`.
    pub fn intern_at(&self, spelling: &str, is_static: bool, origin: p9asm_macros::Origin) -> SymId {
        let id = self.intern(spelling, is_static);
        if is_static {
            let canon = self.canon(id);
            let mut index = self.index();
            if !index.static_refs.iter().rev().take(1).any(|r| r.0 == canon) {
                index.static_refs.push((canon, origin));
            }
        }
        id
    }

    /// Every file-local symbol named in the source, with the place it was first named (a
    /// symbol may appear more than once; the first entry per symbol comes first).
    pub fn static_refs(&self) -> Vec<(SymId, p9asm_macros::Origin)> {
        self.index().static_refs.clone()
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
        let id = match index.map(is_static).get(&*name) {
            Some(&id) => id,
            None => {
                // Only this thread pushes (under the index lock), so the next index is known.
                let i = u32::try_from(self.syms.len() + 1).expect("more than 4 Gi symbols");
                let id = SymId(NonZeroU32::new(i).expect("nonzero"));
                let object = object_name(&name, &self.package).into_boxed_str();
                let canon = *index.by_object[is_static as usize].entry(object).or_insert(id);
                let pushed = self.syms.push(Symbol { name: name.clone(), is_static, canon });
                debug_assert_eq!(pushed, id.index());
                index.map(is_static).insert(name, id);
                id
            }
        };
        let map = index.map(is_static);
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
    /// The symbol that stands for `id`'s object symbol: equal for `·x` and `pkg·x`.
    pub fn canon(&self, id: SymId) -> SymId {
        self.syms[id.index()].canon
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
    pub fn object_name(&self, id: SymId) -> String {
        object_name(self.name(id), &self.package)
    }
}

fn object_name(go_name: &str, package: &str) -> String {
    match go_name.strip_prefix("\"\"") {
        Some(rest) => {
            let mut s = String::with_capacity(package.len() + rest.len());
            s.push_str(package);
            s.push_str(rest);
            s
        }
        None => go_name.to_string(),
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
        assert_eq!(s.object_name(f), "main.f");
        let r = Symbols::for_package("runtime");
        let (dot, full) = (r.intern("·call32", false), r.intern("runtime·call32", false));
        assert_ne!(dot, full, "listings keep Go's two spellings");
        assert_eq!(r.canon(dot), r.canon(full));
        assert_eq!(r.canon(full), dot);
        assert_eq!(r.object_name(full), "runtime.call32");
        let st = r.intern("runtime·call32", true);
        assert_eq!(r.canon(st), st, "file-local names are their own namespace");
    }
}
