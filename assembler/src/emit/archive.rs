//! Static archives (`lib*.a` with a symbol index), written with ar_archive_writer as rustc does.

use ar_archive_writer::{ArchiveKind, NewArchiveMember, write_archive_to_stream};

/// Packs objects (name, bytes) into a GNU archive with a symbol table.
pub fn write_archive(members: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let members: Vec<NewArchiveMember> = members
        .iter()
        .map(|(name, bytes)| {
            NewArchiveMember::new(
                bytes.clone().into_boxed_slice(),
                &ar_archive_writer::DEFAULT_OBJECT_READER,
                name.clone(),
            )
        })
        .collect();
    let mut out = std::io::Cursor::new(Vec::new());
    write_archive_to_stream(&mut out, &members, ArchiveKind::Gnu, false, None).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
