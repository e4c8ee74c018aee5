//! Preprocesses a file and prints the token count: `cargo run --release --example pp -- FILE`
//! (used to profile the preprocessor on its own).
fn main() {
    let path = std::env::args().nth(1).expect("usage: pp FILE");
    let mut sources = p9asm_macros::SourceMap::new();
    let mut diags = p9asm_macros::Diagnostics::default();
    let opts = p9asm_macros::Options { goarch: Some("amd64".into()), goos: Some("linux".into()), ..Default::default() };
    let e = p9asm_macros::preprocess_file(std::path::Path::new(&path), &opts, &mut sources, &mut diags);
    println!("{} tokens, {} errors", e.map_or(0, |e| e.tokens.len()), diags.error_count());
}
