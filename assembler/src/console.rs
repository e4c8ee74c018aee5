//! The one place where the `p9asm` command's text reaches stdout and stderr.
//!
//! `print!` and friends panic when the stream is full (`> /dev/full`) or closed (`| head -c1`);
//! the command writes through a [`Stream`] instead. A stream is buffered and remembers its first
//! failure: later writes fail at once (cheaply, so a producer such as the listing notices and
//! stops), and [`Console::finish`] turns the failure into the exit status:
//!
//! * a closed pipe (`EPIPE`) ends the run quietly with status 1, the way a Unix tool killed by
//!   `SIGPIPE` prints nothing (Rust ignores `SIGPIPE`, so p9asm sees `EPIPE` instead). The
//!   status is 1 rather than 0 because the output is incomplete, and nothing else is written
//!   (no object);
//! * any other failure is `error[E0501]: cannot write to stdout: …` on stderr (if stderr still
//!   works) and status 1.
//!
//! A stream wraps any writer (`Vec<u8>` in tests), so the same rules apply everywhere.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

/// Why a stream stopped.
#[derive(Debug)]
pub enum Failure {
    /// The reader went away (`EPIPE`).
    Closed,
    /// Any other write error (`ENOSPC` from `/dev/full`, `EIO`...).
    Io(io::Error),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Closed => f.write_str("the reading end of the pipe was closed"),
            Failure::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Capacity of a stream's buffer: big writes (a whole function's listing) go through in a few
/// system calls.
const BUFFER: usize = 64 * 1024;

/// A buffered writer that remembers its first error (see the module documentation).
pub struct Stream<W: Write> {
    w: io::BufWriter<W>,
    failure: Option<Failure>,
}

impl<W: Write> Stream<W> {
    pub fn new(w: W) -> Stream<W> {
        Stream { w: io::BufWriter::with_capacity(BUFFER, w), failure: None }
    }

    /// Whether an earlier write failed (the producer can stop).
    pub fn failed(&self) -> bool {
        self.failure.is_some()
    }

    fn record(&mut self, e: io::Error) -> io::Error {
        let kind = e.kind();
        if self.failure.is_none() {
            self.failure = Some(if kind == io::ErrorKind::BrokenPipe { Failure::Closed } else { Failure::Io(e) });
        }
        io::Error::from(kind)
    }

    /// Flushes and gives the first failure, if any.
    pub fn finish(&mut self) -> Result<(), &Failure> {
        if self.failure.is_none()
            && let Err(e) = self.w.flush()
        {
            self.record(e);
        }
        match &self.failure {
            None => Ok(()),
            Some(f) => Err(f),
        }
    }

    /// The inner writer (tests).
    pub fn into_inner(self) -> Result<W, Failure> {
        match self.failure {
            Some(f) => Err(f),
            None => self.w.into_inner().map_err(|e| Failure::Io(e.into_error())),
        }
    }
}

impl<W: Write> Write for Stream<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(f) = &self.failure {
            return Err(io::Error::from(match f {
                Failure::Closed => io::ErrorKind::BrokenPipe,
                Failure::Io(e) => e.kind(),
            }));
        }
        self.w.write(buf).map_err(|e| self.record(e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.failure.is_some() {
            return self.write(buf).map(|_| ());
        }
        self.w.write_all(buf).map_err(|e| self.record(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failure.is_some() {
            return self.write(&[]).map(|_| ());
        }
        self.w.flush().map_err(|e| self.record(e))
    }
}

/// stdout and stderr of the command.
pub struct Console {
    pub out: Stream<io::Stdout>,
    pub err: Stream<io::Stderr>,
}

impl Default for Console {
    fn default() -> Self {
        Console::new()
    }
}

impl Console {
    pub fn new() -> Console {
        Console { out: Stream::new(io::stdout()), err: Stream::new(io::stderr()) }
    }

    /// Writes one message to stderr and flushes it, so it shows up in order with stdout.
    /// (Failures are remembered by the stream.)
    pub fn error(&mut self, msg: fmt::Arguments<'_>) {
        let _ = self.out.flush();
        let _ = self.err.write_fmt(msg);
        let _ = self.err.write_all(b"\n");
        let _ = self.err.flush();
    }

    /// Writes diagnostic text (already rendered, with its newlines) to stderr.
    pub fn diagnostics(&mut self, text: &str) {
        let _ = self.out.flush();
        let _ = self.err.write_all(text.as_bytes());
        let _ = self.err.flush();
    }

    /// Whether stdout or stderr failed so far: the run has failed and should stop writing.
    pub fn failed(&self) -> bool {
        self.out.failed() || self.err.failed()
    }

    /// Flushes both streams and gives the exit status: `status` unless a stream failed (then
    /// 1, with `E0501` on stderr for a stdout failure other than a closed pipe).
    pub fn finish(mut self, status: ExitCode) -> ExitCode {
        let mut failed = false;
        match self.out.finish() {
            Ok(()) => {}
            Err(Failure::Closed) => failed = true,
            Err(Failure::Io(e)) => {
                let msg = format!("error[E0501]: cannot write to stdout: {e}");
                self.error(format_args!("{msg}"));
                failed = true;
            }
        }
        if self.err.finish().is_err() {
            failed = true;
        }
        if failed { ExitCode::from(1) } else { status }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts `n` bytes, then fails with `kind`.
    struct Full(usize, io::ErrorKind);
    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::Error::from(self.1));
            }
            let n = buf.len().min(self.0);
            self.0 -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_first_failure_sticks() {
        let mut s = Stream::new(Full(10, io::ErrorKind::StorageFull));
        assert!(s.write_all(&[0; 100]).is_ok(), "buffered");
        assert!(s.write_all(&[0; 200_000]).is_err());
        assert!(s.failed());
        assert!(s.write_all(b"x").is_err());
        assert!(matches!(s.finish(), Err(Failure::Io(e)) if e.kind() == io::ErrorKind::StorageFull));
    }

    #[test]
    fn a_closed_pipe_is_its_own_failure() {
        let mut s = Stream::new(Full(0, io::ErrorKind::BrokenPipe));
        let _ = s.write_all(b"hello");
        assert!(matches!(s.finish(), Err(Failure::Closed)));
        let mut ok = Stream::new(Vec::new());
        ok.write_all(b"hi").unwrap();
        assert_eq!(ok.into_inner().unwrap(), b"hi");
    }
}
