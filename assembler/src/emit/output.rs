//! Writing output files: atomically for regular files (a fresh temporary file in the output's
//! directory, then a rename over the target), directly for devices and pipes (so `-o /dev/null`
//! leaves /dev/null a device), and never over a file the run read ([`Inputs`]).
//!
//! The temporary file is created with `O_CREAT|O_EXCL` (`create_new`) under a name nobody can
//! predict, so a symlink planted where the temporary file will be cannot redirect the write: an
//! existing name, symlink or not, is never opened, only skipped for another name. The temporary
//! file is removed on any failure.
//!
//! The file is not `fsync`ed before the rename: the rename makes the new object visible whole or
//! not at all to every reader, which is what a build needs; durability across a power cut is
//! the file system's business, as for GNU as, rustc and Go, none of which syncs its outputs. (A
//! sync per object was a third of `p9asm build stubs/`'s wall time: twenty of them.)

use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use p9asm_macros::SourceMap;

/// How many names [`create_temp`] tries before it gives up (each collision needs an existing
/// file of a random 64-bit name).
const TEMP_ATTEMPTS: u32 = 64;

/// Writes `bytes` to `path` (a path, not `-`: stdout is the command's business).
pub fn write_output(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_output_with(path, |f| f.write_all(bytes))
}

/// Writes what `write` writes into the file it is given (empty, readable and writable, at
/// offset 0) to `path`, in the same way as [`write_output`].
pub fn write_output_with(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    match PendingOutput::create(path)? {
        Output::Replace(mut p) => write(&mut p.file).and_then(|_| p.commit()),
        Output::InPlace(mut f) => write(&mut f).and_then(|_| f.flush()),
    }
}

/// Where an output goes ([`PendingOutput::create`]).
pub enum Output {
    /// A regular file (or none yet): a temporary file to be renamed over it.
    Replace(PendingOutput),
    /// A device, FIFO or socket, opened to be written in place (never created, never replaced).
    InPlace(File),
}

/// A regular output being written: a new temporary file in its directory, renamed over it by
/// [`PendingOutput::commit`] and removed if dropped before (a failed run leaves nothing). A
/// command can create it before it assembles, to write code into it as it is made.
pub struct PendingOutput {
    pub file: File,
    tmp: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl PendingOutput {
    /// Where `path` is to be written: a temporary file beside it (a regular file, or nothing
    /// there yet), or the device, FIFO or socket itself, opened now. A directory is an error.
    pub fn create(path: &Path) -> io::Result<Output> {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_dir() {
                return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a directory"));
            }
            if !meta.is_file() {
                return OpenOptions::new().write(true).open(path).map(Output::InPlace);
            }
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
        let (file, tmp) = create_temp(dir, &name)?;
        Ok(Output::Replace(PendingOutput { file, tmp, path: path.to_path_buf(), committed: false }))
    }

    /// Puts the file in place of the output (a file open here can be renamed: it is closed
    /// after).
    pub fn commit(mut self) -> io::Result<()> {
        std::fs::rename(&self.tmp, &self.path)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for PendingOutput {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Creates a new file `.NAME.XXXXXXXXXXXXXXXX.tmp` in `dir` with `O_EXCL`, retrying under
/// another random name while the name exists. It is opened for reading too, so that a writer
/// can map it to patch what it wrote ([`crate::emit::elf::ElfObject::write_file`]).
pub fn create_temp(dir: &Path, name: &str) -> io::Result<(File, PathBuf)> {
    let mut last = None;
    for _ in 0..TEMP_ATTEMPTS {
        let tmp = dir.join(format!(".{name}.{:016x}.tmp", random()));
        match OpenOptions::new().read(true).write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)))
}

/// 64 unpredictable bits without a random-number crate: std's `RandomState` is seeded from the
/// operating system's random source; the time, the process id and a counter are mixed in so two
/// calls never repeat.
fn random() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    h.write_u128(now.as_nanos());
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

/// The files a run read (the top-level source and every `#include`), by identity: an output
/// must never replace one of them.
#[derive(Debug, Default)]
pub struct Inputs {
    files: Vec<Input>,
}

#[derive(Debug)]
struct Input {
    shown: String,
    canonical: Option<PathBuf>,
    #[cfg(unix)]
    id: Option<(u64, u64)>,
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

impl Inputs {
    /// Every file in `sources` that came from the filesystem.
    pub fn of(sources: &SourceMap) -> Inputs {
        let mut files = Vec::new();
        for f in sources.files() {
            if let Some(p) = &f.path {
                files.push(Input {
                    shown: p.display().to_string(),
                    canonical: p.canonicalize().ok(),
                    #[cfg(unix)]
                    id: file_id(p),
                });
            }
        }
        Inputs { files }
    }

    /// The input that writing `output` would replace, as the run named it.
    pub fn replaced_by(&self, output: &Path) -> Option<&str> {
        if output.as_os_str() == "-" {
            return None;
        }
        #[cfg(unix)]
        let id = file_id(output);
        let canonical = output.canonicalize().ok().or_else(|| {
            // not there yet: its directory's canonical path and the name
            let dir = output.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            Some(dir.canonicalize().ok()?.join(output.file_name()?))
        });
        self.files
            .iter()
            .find(|f| {
                #[cfg(unix)]
                if id.is_some() && f.id == id {
                    return true;
                }
                canonical.is_some() && f.canonical == canonical
            })
            .map(|f| f.shown.as_str())
    }
}

/// Removes an output left by an earlier run (`build`, when the file it came from now fails), so
/// it cannot pass for current. Only regular files and symlinks are removed, never an input.
pub fn remove_stale(path: &Path, inputs: &Inputs) -> io::Result<bool> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if (m.is_file() || m.is_symlink()) && inputs.replaced_by(path).is_none() => {
            std::fs::remove_file(path)?;
            Ok(true)
        }
        Ok(_) => Ok(false),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_differ() {
        let a: Vec<u64> = (0..100).map(|_| random()).collect();
        let mut b = a.clone();
        b.sort();
        b.dedup();
        assert_eq!(a.len(), b.len());
    }
}
