//! Writes the benchmark's generated amd64 source: `cargo run --example workload -- N > file.s`.
#[path = "../benches/workload.rs"]
mod workload;

fn main() {
    let n = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    print!("{}", workload::amd64_source(n));
}
