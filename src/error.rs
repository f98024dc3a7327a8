//! The one error type of newsidx and the exit codes (the only place they
//! are defined).

use std::path::PathBuf;

/// Process exit codes, documented in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: the command did its work (a search with zero hits included).
    Success = 0,
    /// 1: a runtime error: missing index or input, document not found,
    /// index locked, I/O error.
    Failure = 1,
    /// 2: a usage error: bad option value, bad date, bad query (clap uses 2 too).
    Usage = 2,
    /// 3: `ingest --strict` and at least one input was skipped, or no
    /// article file was found under a given directory.
    Skipped = 3,
    /// 130: `ingest` interrupted by Ctrl-C (SIGINT), SIGTERM or SIGHUP
    /// (work done so far was committed); `serve` stopped by Ctrl-C.
    Interrupted = 130,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

/// Everything that can stop a command. Each variant's `Display` is the one
/// line the user sees after `newsidx: `.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index at the given path.
    #[error(
        "no index at {0}: create one with `newsidx ingest PATH...` (or point --index / NEWSIDX_INDEX at an existing one)"
    )]
    NoIndex(PathBuf),
    /// The directory holds something that is not a newsidx index.
    #[error("{path} is not a newsidx index ({reason}); choose another --index directory")]
    NotAnIndex {
        /// The index directory.
        path: PathBuf,
        /// What did not match.
        reason: String,
    },
    /// The index files cannot be read back (a `meta.json` cut short or
    /// overwritten): the index is damaged.
    #[error(
        "index {path} is damaged ({detail}); rebuild it: move the directory aside and run `newsidx ingest` on the articles again (or restore it from a backup)"
    )]
    Damaged {
        /// The index directory.
        path: PathBuf,
        /// What could not be read.
        detail: String,
    },
    /// The index directory cannot be written to (permissions, a read-only
    /// mount): searching works, adding or deleting documents does not.
    #[error(
        "index {0} is read-only (no permission to write there, or a read-only file system); searching it works: to change it, copy it to a writable directory and pass that with --index"
    )]
    ReadOnly(PathBuf),
    /// The index was built by an older newsidx whose analyzers index text
    /// differently: searching it would silently give wrong hits.
    #[error(
        "{path} was built by an older newsidx ({reason}); re-ingest the articles into a new index: newsidx --index NEW_DIR ingest PATH..."
    )]
    OutdatedIndex {
        /// The index directory.
        path: PathBuf,
        /// What changed.
        reason: String,
    },
    /// Another process holds the index writer lock.
    #[error(
        "index {0} is being written by another newsidx process; wait for it to finish (searching works meanwhile)"
    )]
    Locked(PathBuf),
    /// Writing the index failed (full disk, read-only directory); the last
    /// commit is left intact.
    #[error(
        "cannot write index {path}: {detail}; the last commit is intact: free disk space or make the directory writable, then run the same command again"
    )]
    IndexWrite {
        /// The index directory.
        path: PathBuf,
        /// The underlying error.
        detail: String,
    },
    /// An input path given on the command line does not exist.
    #[error("{0}: no such file or directory")]
    MissingInput(PathBuf),
    /// Something asked for by name (a document key or path) is not in the
    /// index; the message says what and where.
    #[error("{0}")]
    NotFound(String),
    /// A search engine that `export --url` pushes to (Quickwit,
    /// Elasticsearch) could not be reached, refused a request, or rejected
    /// a document; the message says which and what to do.
    #[error("{0}")]
    Engine(String),
    /// A bad option value (dates, field mappings, limits).
    #[error("{0}")]
    Usage(String),
    /// An I/O error on a named path, in words with what to do
    /// ([`describe_io`]).
    #[error("{}: {}", path.display(), describe_io(source))]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An I/O error writing output (a closed pipe is not reported).
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
    /// A file of the index is missing, cut short or corrupt (a segment
    /// file truncated or deleted).
    #[error(
        "the index is damaged ({0}); rebuild it: move the directory aside and run `newsidx ingest` on the articles again (or restore it from a backup)"
    )]
    DamagedFile(String),
    /// The index directory exists but cannot be listed or entered
    /// (permission denied), or a parent of it is a file; the detail says
    /// which and what to do.
    #[error("cannot read index directory {path}: {detail}")]
    UnreadableDir {
        /// The index directory as given.
        path: PathBuf,
        /// What is wrong and what to do (`permission denied; ask its
        /// owner…`).
        detail: String,
    },
    /// A file of the index cannot be read for lack of permission (an index
    /// of another user).
    #[error(
        "cannot read the index: {0}: permission denied; ask its owner to make the index directory readable (chmod -R a+rX on it) or copy it"
    )]
    Unreadable(String),
    /// An error from the tantivy engine.
    #[error("index error: {0}")]
    Tantivy(tantivy::TantivyError),
    /// A JSON serialisation error.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A CSV serialisation error.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
}

impl From<tantivy::TantivyError> for Error {
    /// A file that cannot be read back is a damaged index (or, for lack of
    /// permission, an unreadable one); anything else stays a tantivy error.
    fn from(e: tantivy::TantivyError) -> Error {
        use tantivy::directory::error::OpenReadError;
        match e {
            tantivy::TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
                if io_error.kind() == std::io::ErrorKind::PermissionDenied =>
            {
                Error::Unreadable(filepath.display().to_string())
            }
            tantivy::TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(p)) => {
                Error::DamagedFile(format!("{} is missing", p.display()))
            }
            tantivy::TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
                Error::DamagedFile(format!("{}: {io_error}", filepath.display()))
            }
            tantivy::TantivyError::DataCorruption(c) => Error::DamagedFile(format!("{c:?}")),
            other => Error::Tantivy(other),
        }
    }
}

/// `Result` with newsidx's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The exit code this error maps to.
    pub fn exit_code(&self) -> Exit {
        match self {
            Error::Usage(_) => Exit::Usage,
            _ => Exit::Failure,
        }
    }

    /// Whether this is a write to a closed pipe (`newsidx … | head`), which
    /// is not an error for the user.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Output(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
            Error::Csv(e) => {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            }
            Error::Json(e) => e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe),
            _ => false,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// An I/O error in words, without the `(os error N)` of its `Display`, and
/// what to do for the common kinds: `no such file or directory (check the
/// path; its directories must exist)`, `permission denied (choose a path
/// you may use, or ask its owner)`.
pub fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => {
            "no such file or directory (check the path; its directories must exist)".to_string()
        }
        ErrorKind::PermissionDenied => {
            "permission denied (choose a path you may use, or ask its owner)".to_string()
        }
        ErrorKind::AlreadyExists => "already exists".to_string(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error ") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}
