//! Turning the paths given on the command line into a list of files.

use super::{Skip, SkipReason};
use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// The files to read, in a stable order, and the inputs skipped while
/// walking (unreadable directories, broken symlinks, symlink loops).
#[derive(Debug, Default)]
pub struct FileList {
    /// Canonical absolute paths of the files, sorted, each once.
    pub files: Vec<PathBuf>,
    /// Inputs skipped while walking.
    pub skipped: Vec<Skip>,
    /// Directories given (on the command line or standard input) under
    /// which no article file was found, as given.
    pub empty_dirs: Vec<PathBuf>,
}

/// A path from the bytes of a list on standard input (any bytes on Unix;
/// elsewhere, invalid UTF-8 is replaced).
fn path_from_bytes(b: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(b))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(b).into_owned())
    }
}

/// Expands `paths` into files: a file is taken as given (even a hidden
/// one); a directory is walked recursively (following symlinks) for files
/// whose extension `accept` takes, leaving out hidden files and directories
/// (names starting with `.`) and the directory `exclude` (the index in use:
/// compared by canonical path, so it is left out however it is reached);
/// `-` reads a list of paths from standard input, one per line (blank lines
/// ignored), each taken like a path given on the command line except that a
/// missing one is skipped rather than fatal.
///
/// # Errors
/// [`Error::MissingInput`] when a path given on the command line does not
/// exist; [`Error::Io`] when standard input cannot be read; problems below
/// a directory are returned as skips instead.
pub fn expand(
    paths: &[PathBuf],
    accept: impl Fn(&Path) -> bool,
    exclude: Option<&Path>,
) -> Result<FileList> {
    expand_list(paths, accept, exclude, b'\n')
}

/// [`expand`], reading the list on standard input as paths ended by
/// `separator`: `b'\n'` (lines; trailing whitespace and blank lines
/// ignored) or `b'\0'` (`find -print0`, `-0/--null`: taken byte for byte,
/// so names with newlines or trailing spaces work; empty ones ignored).
///
/// # Errors
/// As [`expand`].
pub fn expand_list(
    paths: &[PathBuf],
    accept: impl Fn(&Path) -> bool,
    exclude: Option<&Path>,
    separator: u8,
) -> Result<FileList> {
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let keep = |e: &walkdir::DirEntry| {
        if e.depth() > 0 && e.file_name().as_encoded_bytes().starts_with(b".") {
            return false;
        }
        match &exclude {
            Some(x) if e.file_type().is_dir() => e.path().canonicalize().map_or(true, |p| p != *x),
            _ => true,
        }
    };
    let mut list = FileList::default();
    let mut roots: Vec<(PathBuf, bool)> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let mut stdin = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut stdin)
                .map_err(|e| Error::io("standard input", e))?;
            roots.extend(
                stdin
                    .split(|&b| b == separator)
                    .map(|l| match separator {
                        b'\n' => l.trim_ascii_end(),
                        _ => l,
                    })
                    .filter(|l| !l.trim_ascii().is_empty())
                    .map(|l| (path_from_bytes(l), true)),
            );
        } else {
            roots.push((p.clone(), false));
        }
    }
    for (root, from_stdin) in &roots {
        if std::fs::symlink_metadata(root).is_err() {
            if *from_stdin {
                list.skipped.push(Skip {
                    path: absolute(root),
                    record: None,
                    reason: SkipReason::Unreadable,
                    detail: "no such file or directory (listed on standard input)".into(),
                });
                continue;
            }
            return Err(Error::MissingInput(root.clone()));
        }
        let found_before = list.files.len();
        for entry in walkdir::WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(keep)
        {
            match entry {
                Ok(e) if e.depth() == 0 && !e.file_type().is_file() && !e.file_type().is_dir() => {
                    list.skipped.push(Skip {
                        path: absolute(e.path()),
                        record: None,
                        reason: SkipReason::Unreadable,
                        detail: "not a regular file".into(),
                    });
                }
                Ok(e) if e.file_type().is_file() => {
                    if e.depth() == 0 || accept(e.path()) {
                        match e.path().canonicalize() {
                            Ok(p) => list.files.push(p),
                            Err(err) => list.skipped.push(skip_io(e.path(), &err)),
                        }
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(root.as_path()).to_path_buf();
                    let (reason, detail) = if err.loop_ancestor().is_some() || is_link_loop(&path) {
                        (SkipReason::BrokenLink, "symlink loop".to_string())
                    } else if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink())
                        && std::fs::metadata(&path).is_err()
                    {
                        (
                            SkipReason::BrokenLink,
                            "symlink points to nothing".to_string(),
                        )
                    } else {
                        (SkipReason::Unreadable, io_detail(&err.to_string()))
                    };
                    list.skipped.push(Skip {
                        path: absolute(&path),
                        record: None,
                        reason,
                        detail,
                    });
                }
            }
        }
        if list.files.len() == found_before && std::fs::metadata(root).is_ok_and(|m| m.is_dir()) {
            list.empty_dirs.push(root.clone());
        }
    }
    list.files.sort();
    list.files.dedup();
    Ok(list)
}

fn skip_io(path: &Path, err: &std::io::Error) -> Skip {
    Skip {
        path: absolute(path),
        record: None,
        reason: if err.kind() == std::io::ErrorKind::NotFound {
            SkipReason::BrokenLink
        } else {
            SkipReason::Unreadable
        },
        detail: err.to_string(),
    }
}

/// `path` made absolute the way the files read are (their directory
/// canonical, the last component kept as it is, so that a broken symlink is
/// named, not its target): every skip line then uses one convention.
pub fn absolute(path: &Path) -> PathBuf {
    if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(p) = parent.canonicalize() {
            return p.join(name);
        }
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `path` is a symlink that leads, through symlinks only, back to
/// a symlink already passed (a loop, which the OS reports as "too many
/// levels of symbolic links").
fn is_link_loop(path: &Path) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut cur = absolute(path);
    while std::fs::symlink_metadata(&cur).is_ok_and(|m| m.is_symlink()) {
        if !seen.insert(cur.clone()) {
            return true;
        }
        let Ok(target) = std::fs::read_link(&cur) else {
            return false;
        };
        let next = match cur.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
        cur = absolute(&next);
        if seen.len() > 64 {
            return true;
        }
    }
    false
}

fn io_detail(s: &str) -> String {
    s.rsplit(": ").next().unwrap_or(s).to_string()
}
