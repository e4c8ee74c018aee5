//! Writes a benchmark input: `cargo run --example workload -- N > file.s` for the generated
//! amd64 program, `-- --stream N` for Go's own amd64enc.s instructions (`amd64enc_stream`).
#[path = "../benches/workload.rs"]
mod workload;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stream = args.first().is_some_and(|a| a == "--stream");
    let n = args.get(usize::from(stream)).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    if stream {
        match workload::amd64enc_stream(n) {
            Some(s) => print!("{s}"),
            None => {
                eprintln!("workload: {} is missing (golang-1.19-src)", workload::AMD64ENC);
                std::process::exit(1);
            }
        }
    } else {
        print!("{}", workload::amd64_source(n));
    }
}
