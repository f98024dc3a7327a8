//! Where articles come from: walking the input paths, reading and decoding
//! files, and turning them into [`SourceRecord`]s.
//!
//! This module (with `index`) is the only one that touches the file system.
//! It knows nothing of tantivy.

pub mod formats;
pub mod text;
pub mod walk;

use std::path::PathBuf;

/// One article as read from its source, before any extraction.
#[derive(Debug, Clone)]
pub struct SourceRecord {
    /// Stable document key: 16 hex digits of a BLAKE3 hash of the canonical
    /// absolute path and the record number (so the same file reached by a
    /// relative or absolute path gets the same key).
    pub key: String,
    /// Canonical absolute path of the source file.
    pub path: PathBuf,
    /// Record number inside a multi-record file (1-based line or row);
    /// `None` for a one-article file.
    pub record: Option<u64>,
    /// Decoded, normalised text (see [`text::decode`]).
    pub text: String,
    /// Content hash: 32 hex digits of BLAKE3 over the decoded text; equal
    /// hashes mean byte-identical articles.
    pub hash: String,
    /// What decoding had to repair (e.g. invalid UTF-8 read as Windows-1252).
    pub repairs: text::Repairs,
}

/// Why an input was skipped. Each reason is counted in the ingest summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// The file is empty or only whitespace.
    Empty,
    /// The file holds NUL bytes (not text).
    Binary,
    /// The file is larger than `--max-file-size`.
    TooLarge,
    /// The file or directory could not be read (permissions, I/O error).
    Unreadable,
    /// A symlink that points nowhere, or a symlink loop.
    BrokenLink,
}

impl SkipReason {
    /// Short human label used in the summary.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::BrokenLink => "broken link",
        }
    }
}

/// A skipped input: where, why, and a one-line detail for the user.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skip {
    /// The file (or directory) concerned.
    pub path: PathBuf,
    /// Line or record number inside the file, when the skip concerns one record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// Why it was skipped.
    pub reason: SkipReason,
    /// What went wrong, in words.
    pub detail: String,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(r) = self.record {
            write!(f, ":{r}")?;
        }
        write!(f, ": skipped ({}): {}", self.reason.label(), self.detail)
    }
}

/// The document key of record `record` in the file at canonical path `path`.
pub fn document_key(path: &std::path::Path, record: Option<u64>) -> String {
    let mut h = blake3::Hasher::new();
    h.update(path.as_os_str().as_encoded_bytes());
    if let Some(r) = record {
        h.update(b"\0");
        h.update(&r.to_le_bytes());
    }
    h.finalize().to_hex()[..16].to_string()
}

/// The content hash of a decoded article text.
pub fn content_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..32].to_string()
}
