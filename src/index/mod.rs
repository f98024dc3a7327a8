//! Stage 2 of the flow: [`Article`](crate::article::Article) → tantivy
//! document → index on disk.
//!
//! [`NewsIndex`] opens or creates an index with the schema of [`schema`] and
//! the analyzers registered; [`ingest`] is the parallel pipeline that feeds
//! it.

pub mod delete;
pub mod directory;
pub mod document;
pub mod ingest;
pub mod schema;
pub mod stem;
pub mod tokenizer;

use crate::{Error, Result};
use schema::Fields;
use std::path::{Path, PathBuf};
use tantivy::{Index, IndexReader, ReloadPolicy};

/// An open newsidx index: the tantivy [`Index`], its field handles and its
/// directory.
pub struct NewsIndex {
    /// The tantivy index, with newsidx's analyzers registered.
    pub index: Index,
    /// Handles to every field.
    pub fields: Fields,
    /// The index directory as given by the user.
    pub path: PathBuf,
}

/// The error for an `--index` that names a regular file.
fn not_a_directory(path: &Path) -> Error {
    Error::NotAnIndex {
        path: path.to_path_buf(),
        reason: "it is a file, not a directory".into(),
    }
}

/// Checks that the index directory `path`, when there is one, can be
/// listed and entered: permission denied on it (or on the way to it), or a
/// parent that is a file, is one clear line instead of "no index" or an
/// I/O error later on. A path that does not exist passes (no index yet).
///
/// # Errors
/// [`Error::UnreadableDir`] saying what is wrong and what to do;
/// [`Error::NotAnIndex`] when `path` is a file.
fn check_readable(path: &Path) -> Result<()> {
    let unreadable = |e: std::io::Error| {
        use std::io::ErrorKind as K;
        let detail = match e.kind() {
            K::PermissionDenied => format!(
                "permission denied; ask its owner to make it readable (chmod -R a+rX {}) or copy it",
                crate::output::one_line(path)
            ),
            K::NotADirectory => match path.ancestors().skip(1).find(|a| a.is_file()) {
                Some(file) => format!(
                    "{} is a file, not a directory; choose another --index directory",
                    crate::output::one_line(file)
                ),
                None => {
                    "a parent of it is not a directory; choose another --index directory".into()
                }
            },
            _ => format!("{e}; check the path and its permissions"),
        };
        Error::UnreadableDir {
            path: path.to_path_buf(),
            detail,
        }
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(unreadable(e)),
    };
    if !meta.is_dir() {
        return Err(not_a_directory(path));
    }
    // Listing needs read permission, looking inside needs search (x).
    std::fs::read_dir(path).map_err(unreadable)?;
    match std::fs::symlink_metadata(path.join("meta.json")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(unreadable(e)),
        _ => Ok(()),
    }
}

/// The error for a failure to write the index at `path`:
/// [`Error::Locked`] when another process holds the writer lock,
/// [`Error::ReadOnly`] when the directory cannot be written to,
/// [`Error::IndexWrite`] for other I/O errors (a full disk), and
/// [`Error::Tantivy`] for the rest.
pub fn write_error(path: &Path, e: tantivy::TantivyError) -> Error {
    use tantivy::TantivyError as T;
    use tantivy::directory::error::{LockError, OpenWriteError};
    let io = match &e {
        T::LockFailure(LockError::LockBusy, _) => return Error::Locked(path.to_path_buf()),
        T::LockFailure(LockError::IoError(io), _) => Some(io.as_ref()),
        T::IoError(io) => Some(io.as_ref()),
        T::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => Some(io_error.as_ref()),
        _ => None,
    };
    match io {
        Some(io) if directory::is_read_only(io) => Error::ReadOnly(path.to_path_buf()),
        Some(_) | None
            if matches!(e, T::IoError(_) | T::LockFailure(..) | T::OpenWriteError(_)) =>
        {
            Error::IndexWrite {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }
        }
        _ => Error::Tantivy(e),
    }
}

impl NewsIndex {
    /// Opens the existing index at `path`.
    ///
    /// # Errors
    /// [`Error::UnreadableDir`] when the directory cannot be listed or
    /// entered; [`Error::NoIndex`] when `path` holds no index; [`Error::NotAnIndex`]
    /// when its schema is not newsidx's; [`Error::OutdatedIndex`] when an
    /// older newsidx built it (re-ingest); [`Error::Damaged`] when its
    /// `meta.json` cannot be read as an index's.
    pub fn open(path: &Path) -> Result<NewsIndex> {
        check_readable(path)?;
        if !path.join("meta.json").is_file() {
            return Err(Error::NoIndex(path.to_path_buf()));
        }
        let dir = directory::IndexDirectory::open(path)
            .map_err(|_| Error::NoIndex(path.to_path_buf()))?;
        let index = Index::open(dir).map_err(|e| match e {
            tantivy::TantivyError::OpenReadError(
                tantivy::directory::error::OpenReadError::IoError { ref io_error, .. },
            ) if io_error.kind() == std::io::ErrorKind::PermissionDenied => {
                Error::Unreadable(path.join("meta.json").display().to_string())
            }
            tantivy::TantivyError::OpenDirectoryError(_)
            | tantivy::TantivyError::OpenReadError(_) => Error::NoIndex(path.to_path_buf()),
            tantivy::TantivyError::DataCorruption(_) => Error::Damaged {
                path: path.to_path_buf(),
                detail: "its meta.json, the list of its segments, cannot be read".into(),
            },
            other => Error::NotAnIndex {
                path: path.to_path_buf(),
                reason: other.to_string(),
            },
        })?;
        let fields = Fields::from_schema(&index.schema()).map_err(|e| match e {
            schema::SchemaError::Outdated(reason) => Error::OutdatedIndex {
                path: path.to_path_buf(),
                reason,
            },
            schema::SchemaError::Different(reason) => Error::NotAnIndex {
                path: path.to_path_buf(),
                reason,
            },
        })?;
        Ok(NewsIndex::ready(index, fields, path))
    }

    /// Opens the index at `path`, creating the directory and an empty index
    /// when there is none.
    ///
    /// # Errors
    /// [`Error::Io`] when the directory cannot be created; the errors of
    /// [`NewsIndex::open`].
    pub fn open_or_create(path: &Path) -> Result<NewsIndex> {
        check_readable(path)?;
        if path.join("meta.json").is_file() {
            return NewsIndex::open(path);
        }
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let is_empty = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(|e| e.ok())
            .all(|e| e.file_name().to_string_lossy().starts_with('.'));
        if !is_empty {
            return Err(Error::NotAnIndex {
                path: path.to_path_buf(),
                reason: "the directory holds other files".into(),
            });
        }
        let (schema, fields) = Fields::build();
        let index = Index::create_in_dir(path, schema).map_err(|e| match e {
            tantivy::TantivyError::IoError(io) => {
                Error::io(path, std::io::Error::new(io.kind(), io.to_string()))
            }
            other => Error::Tantivy(other),
        })?;
        Ok(NewsIndex::ready(index, fields, path))
    }

    /// Wraps an opened or created tantivy index, registering the analyzers.
    fn ready(index: Index, fields: Fields, path: &Path) -> NewsIndex {
        schema::register_analyzers(&index);
        NewsIndex {
            index,
            fields,
            path: path.to_path_buf(),
        }
    }

    /// An in-memory index with the newsidx schema (for tests and for
    /// ranking small candidate sets).
    pub fn in_ram() -> NewsIndex {
        let (schema, fields) = Fields::build();
        NewsIndex::ready(Index::create_in_ram(schema), fields, Path::new(""))
    }

    /// A reader on the last commit. It takes no lock: searching works while
    /// an ingest runs.
    ///
    /// # Errors
    /// tantivy errors opening the segments (e.g. too many open files).
    pub fn reader(&self) -> Result<IndexReader> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?)
    }
}
