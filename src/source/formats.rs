//! Reading one input file into [`SourceRecord`]s, by format.
//!
//! `.txt` (and any file given explicitly) is one article in the seed
//! format.

use super::{Skip, SkipReason, SourceRecord, content_hash, document_key, text};
use std::path::Path;

/// Reading limits.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_size: 64 * 1024 * 1024,
        }
    }
}

/// Whether a directory walk should pick up the file at `path`.
pub fn is_article_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// Reads the file at canonical path `path` into its records.
///
/// # Errors
/// A [`Skip`] naming the file and the reason when it is empty, binary, too
/// large or unreadable.
pub fn read(path: &Path, opts: &ReadOptions) -> Result<Vec<SourceRecord>, Skip> {
    let skip = |reason, detail: String| Skip {
        path: path.to_path_buf(),
        record: None,
        reason,
        detail,
    };
    let meta = std::fs::metadata(path).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    if meta.len() > opts.max_file_size {
        return Err(skip(
            SkipReason::TooLarge,
            format!(
                "{} bytes is over --max-file-size {}",
                meta.len(),
                opts.max_file_size
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    if bytes.contains(&0) {
        return Err(skip(SkipReason::Binary, "contains NUL bytes".into()));
    }
    let (text, repairs) = text::decode(&bytes);
    if text.trim().is_empty() {
        return Err(skip(SkipReason::Empty, "no text".into()));
    }
    Ok(vec![SourceRecord {
        key: document_key(path, None),
        path: path.to_path_buf(),
        record: None,
        hash: content_hash(&text),
        text,
        repairs,
    }])
}
