//! Turning the paths given on the command line into the files to read,
//! lazily ([`Walk`]) or as a list ([`expand_list`]).

use super::{Skip, SkipReason};
use crate::{Error, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The files to read, in the order of [`Walk`], and the inputs skipped while
/// walking (unreadable directories, broken symlinks, symlink loops).
#[derive(Debug, Default)]
pub struct FileList {
    /// Canonical absolute paths of the files, each once.
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
/// The whole list, in the order of [`Walk`]; `ingest` walks lazily instead.
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
    let mut walk = Walk::new(paths, accept, exclude, separator)?;
    let mut list = FileList::default();
    for found in &mut walk {
        match found {
            Found::File(p) => list.files.push(p),
            Found::Skip(s) => list.skipped.push(s),
        }
    }
    list.empty_dirs = walk.empty_dirs;
    Ok(list)
}

/// One input found by a [`Walk`].
#[derive(Debug)]
pub enum Found {
    /// A file to read: its canonical absolute path.
    File(PathBuf),
    /// An input skipped while walking (a broken link, an unreadable
    /// directory, a symlink loop, a missing path listed on standard input).
    Skip(Skip),
}

/// A path given on the command line or standard input.
#[derive(Debug)]
struct Root {
    /// As given.
    given: PathBuf,
    /// Its canonical path; `None` when it does not resolve (a broken link,
    /// or a missing path listed on standard input).
    canonical: Option<PathBuf>,
    /// A missing path listed on standard input (skipped, not walked).
    missing: bool,
    /// A directory (walked), not a file.
    is_dir: bool,
}

type Keep = Box<dyn FnMut(&walkdir::DirEntry) -> bool + Send>;

/// The root being walked.
struct Current {
    /// Its index in [`Walk::roots`].
    root: usize,
    entries: walkdir::FilterEntry<walkdir::IntoIter, Keep>,
    /// Article files found under it (duplicates included).
    found: usize,
}

/// The files of [`expand_list`], found lazily: an iterator of [`Found`]
/// that holds one directory walk at a time (`walkdir`), not the list of
/// files, so its memory does not grow with the corpus.
///
/// Order (deterministic): the roots sorted by canonical path, and below
/// each directory its entries sorted by file name, depth first, so that
/// for roots that do not overlap the files come sorted by path, as a
/// sorted list would give them. Each canonical file comes once: a file
/// that a directory root reaches without symlinks comes from the first
/// such root; one reached only through a symlink (or given as a file)
/// comes where it is first met. Only the files of the second kind are
/// remembered (a set of their paths), the others are recognised from the
/// roots.
pub struct Walk<A> {
    /// Sorted by canonical path, each once.
    roots: Vec<Root>,
    next_root: usize,
    /// Canonical paths of the roots that are files, sorted.
    file_roots: Vec<PathBuf>,
    /// Canonical paths of the roots that are directories, sorted, with
    /// their index in `roots`.
    dir_roots: Vec<(PathBuf, usize)>,
    accept: A,
    /// The directory to leave out, as given, and canonical once it exists
    /// (an index created after the walk was set up is left out too).
    exclude_given: Option<PathBuf>,
    exclude: Option<PathBuf>,
    cur: Option<Current>,
    /// Files reached through a symlink and not directly from a directory
    /// root, already given out.
    linked: HashSet<PathBuf>,
    /// Directories given under which no article file was found, as given.
    empty_dirs: Vec<PathBuf>,
}

impl<A: Fn(&Path) -> bool> Walk<A> {
    /// A walk of `paths`, as in [`expand_list`]; nothing is walked yet
    /// (standard input is read, and the paths given are checked).
    ///
    /// # Errors
    /// As [`expand`].
    pub fn new(
        paths: &[PathBuf],
        accept: A,
        exclude: Option<&Path>,
        separator: u8,
    ) -> Result<Walk<A>> {
        let mut given: Vec<(PathBuf, bool)> = Vec::new();
        for p in paths {
            if p.as_os_str() == "-" {
                let mut stdin = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut stdin)
                    .map_err(|e| Error::io("standard input", e))?;
                given.extend(
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
                given.push((p.clone(), false));
            }
        }
        let mut roots = Vec::with_capacity(given.len());
        for (path, from_stdin) in given {
            let missing = std::fs::symlink_metadata(&path).is_err();
            if missing && !from_stdin {
                return Err(Error::MissingInput(path));
            }
            let canonical = path.canonicalize().ok();
            let is_dir = canonical.as_ref().is_some_and(|c| c.is_dir());
            roots.push(Root {
                given: path,
                canonical,
                missing,
                is_dir,
            });
        }
        let sort_key = |r: &Root| r.canonical.clone().unwrap_or_else(|| absolute(&r.given));
        roots.sort_by_cached_key(sort_key);
        roots.dedup_by(|b, a| sort_key(a) == sort_key(b));
        let file_roots = roots
            .iter()
            .filter(|r| !r.is_dir)
            .filter_map(|r| r.canonical.clone())
            .collect();
        let dir_roots = (roots.iter().enumerate())
            .filter(|(_, r)| r.is_dir)
            .filter_map(|(i, r)| Some((r.canonical.clone()?, i)))
            .collect();
        Ok(Walk {
            roots,
            next_root: 0,
            file_roots,
            dir_roots,
            accept,
            exclude_given: exclude.map(Path::to_path_buf),
            exclude: None,
            cur: None,
            linked: HashSet::new(),
            empty_dirs: Vec::new(),
        })
    }

    /// Directories given under which no article file was found (as
    /// given), among the roots walked so far.
    pub fn empty_dirs(&self) -> &[PathBuf] {
        &self.empty_dirs
    }

    /// A count of the files the walk gives out, to run on another thread
    /// (for a progress bar's length): the same walk without resolving
    /// paths, so a file reached twice through symlinks or overlapping
    /// roots is counted twice, and skipped inputs are not counted.
    pub fn counter(&self) -> impl FnOnce() -> usize + Send + 'static
    where
        A: Clone + Send + 'static,
    {
        let roots: Vec<PathBuf> = self
            .roots
            .iter()
            .filter(|r| !r.missing)
            .map(|r| r.given.clone())
            .collect();
        let accept = self.accept.clone();
        let exclude = (self.exclude.clone()).or_else(|| {
            self.exclude_given
                .as_ref()
                .and_then(|p| p.canonicalize().ok())
        });
        move || {
            let mut n = 0;
            for root in roots {
                let exclude = exclude.clone();
                let entries = walkdir::WalkDir::new(root)
                    .follow_links(true)
                    .into_iter()
                    .filter_entry(move |e| keep(e, exclude.as_deref()));
                n += entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_file() && (e.depth() == 0 || accept(e.path())))
                    .count();
            }
            n
        }
    }

    /// Whether the walk of the directory root `root` reaches the canonical
    /// file `file` without symlinks (and so gives it out).
    fn reaches(&self, root: &Root, file: &Path) -> bool {
        let Some(dir) = root.canonical.as_ref().filter(|_| root.is_dir) else {
            return false;
        };
        let Ok(rel) = file.strip_prefix(dir) else {
            return false;
        };
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."));
        let excluded = self
            .exclude
            .as_ref()
            .is_some_and(|x| x.starts_with(dir) && file.starts_with(x));
        !hidden && !excluded && (self.accept)(file)
    }

    /// Whether a directory root before the root `before` (an index in
    /// `roots`) reaches the canonical file `file` directly: one lookup per
    /// ancestor of `file`, whatever the number of roots.
    fn reached(&self, file: &Path, before: usize) -> bool {
        file.ancestors().skip(1).any(|dir| {
            self.dir_roots
                .binary_search_by(|(p, _)| p.as_path().cmp(dir))
                .is_ok_and(|k| {
                    let i = self.dir_roots[k].1;
                    i < before && self.reaches(&self.roots[i], file)
                })
        })
    }

    /// Whether the file `file` (canonical), met at `entry` under the root
    /// `root`, is given out here (not elsewhere in the walk).
    fn first_time(&mut self, root: usize, entry: &walkdir::DirEntry, file: &Path) -> bool {
        let r = &self.roots[root];
        let direct = entry.depth() > 0
            && r.canonical.as_ref().is_some_and(|c| {
                entry
                    .path()
                    .strip_prefix(&r.given)
                    .is_ok_and(|rel| c.join(rel) == file)
            });
        if direct {
            // Given out by an earlier directory root that reaches it too.
            return !self.reached(file, root);
        }
        // A file given as a root, or reached through a symlink: a directory
        // root that reaches it directly gives it out.
        if self.reached(file, self.roots.len()) {
            return false;
        }
        if entry.depth() == 0 {
            // The roots are given once each.
            return true;
        }
        if self
            .file_roots
            .binary_search_by(|p| p.as_path().cmp(file))
            .is_ok()
        {
            return false;
        }
        self.linked.insert(file.to_path_buf())
    }

    /// What an entry of the walk of the root `root` gives, if anything.
    fn entry(&mut self, root: usize, entry: walkdir::Result<walkdir::DirEntry>) -> Option<Found> {
        match entry {
            Ok(e) if e.depth() == 0 && !e.file_type().is_file() && !e.file_type().is_dir() => {
                Some(Found::Skip(Skip {
                    path: absolute(e.path()),
                    record: None,
                    reason: SkipReason::Unreadable,
                    detail: "not a regular file".into(),
                }))
            }
            Ok(e) if e.file_type().is_file() => {
                if e.depth() > 0 && !(self.accept)(e.path()) {
                    return None;
                }
                match e.path().canonicalize() {
                    Ok(p) => {
                        if let Some(c) = &mut self.cur {
                            c.found += 1;
                        }
                        self.first_time(root, &e, &p).then_some(Found::File(p))
                    }
                    Err(err) => Some(Found::Skip(skip_io(e.path(), &err))),
                }
            }
            Ok(_) => None,
            Err(err) => {
                let fallback = self.roots[root].given.as_path();
                let path = err.path().unwrap_or(fallback).to_path_buf();
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
                Some(Found::Skip(Skip {
                    path: absolute(&path),
                    record: None,
                    reason,
                    detail,
                }))
            }
        }
    }
}

impl<A: Fn(&Path) -> bool> Iterator for Walk<A> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some(cur) = &mut self.cur {
                let root = cur.root;
                match cur.entries.next() {
                    Some(entry) => match self.entry(root, entry) {
                        Some(found) => return Some(found),
                        None => continue,
                    },
                    None => {
                        let r = &self.roots[root];
                        if cur.found == 0 && r.is_dir {
                            self.empty_dirs.push(r.given.clone());
                        }
                        self.cur = None;
                    }
                }
            }
            let i = self.next_root;
            let r = self.roots.get(i)?;
            self.next_root += 1;
            if r.missing {
                return Some(Found::Skip(Skip {
                    path: absolute(&r.given),
                    record: None,
                    reason: SkipReason::Unreadable,
                    detail: "no such file or directory (listed on standard input)".into(),
                }));
            }
            if self.exclude.is_none() {
                self.exclude = self
                    .exclude_given
                    .as_ref()
                    .and_then(|p| p.canonicalize().ok());
            }
            let exclude = self.exclude.clone();
            let keep: Keep = Box::new(move |e: &walkdir::DirEntry| keep(e, exclude.as_deref()));
            self.cur = Some(Current {
                root: i,
                entries: walkdir::WalkDir::new(&r.given)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(keep),
                found: 0,
            });
        }
    }
}

/// Whether a walk goes into (or gives out) `e`: not hidden (below the
/// root) and not the directory `exclude` (canonical).
fn keep(e: &walkdir::DirEntry, exclude: Option<&Path>) -> bool {
    if e.depth() > 0 && e.file_name().as_encoded_bytes().starts_with(b".") {
        return false;
    }
    match exclude {
        Some(x) if e.file_type().is_dir() => e.path().canonicalize().map_or(true, |p| p != x),
        _ => true,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn accept(p: &Path) -> bool {
        p.extension().is_some_and(|e| e == "txt")
    }

    fn write(dir: &Path, rel: &str) -> PathBuf {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, rel).unwrap();
        p
    }

    /// The files of a walk of `roots` (relative to `dir`), and its skips.
    fn walk(dir: &Path, roots: &[&str]) -> (Vec<String>, Vec<Skip>, Vec<PathBuf>) {
        let roots: Vec<PathBuf> = roots.iter().map(|r| dir.join(r)).collect();
        let list = expand_list(&roots, accept, None, b'\n').unwrap();
        let files = list
            .files
            .iter()
            .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
            .collect();
        (files, list.skipped, list.empty_dirs)
    }

    #[test]
    fn files_come_sorted_by_path_whatever_the_order_of_the_roots() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().canonicalize().unwrap();
        for rel in [
            "b/x.txt",
            "a/y.txt",
            "a/sub/z.txt",
            "a/sub-2/w.txt",
            "a/a.txt",
            "a/n.md",
        ] {
            write(&dir, rel);
        }
        let (files, skipped, empty) = walk(&dir, &["b", "a"]);
        assert_eq!(
            files,
            [
                "a/a.txt",
                "a/sub/z.txt",
                "a/sub-2/w.txt",
                "a/y.txt",
                "b/x.txt"
            ]
        );
        let mut sorted = files.clone();
        sorted.sort_by(|p, q| Path::new(p).cmp(Path::new(q)));
        assert_eq!(files, sorted);
        assert!(skipped.is_empty());
        assert!(empty.is_empty());
    }

    #[test]
    fn overlapping_roots_give_each_file_once() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().canonicalize().unwrap();
        for rel in [
            "c/a.txt",
            "c/sub/b.txt",
            "c/sub/deep/d.txt",
            "c/.hidden/h.txt",
        ] {
            write(&dir, rel);
        }
        let (files, _, empty) = walk(
            &dir,
            &["c/sub", "c", "c/sub/b.txt", "./c/sub/deep", "c/.hidden"],
        );
        // The hidden directory is walked because it was given.
        assert_eq!(
            files,
            [
                "c/a.txt",
                "c/sub/b.txt",
                "c/sub/deep/d.txt",
                "c/.hidden/h.txt"
            ]
        );
        assert!(empty.is_empty(), "{empty:?}");
    }

    #[test]
    fn a_file_reached_through_symlinks_comes_once() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().canonicalize().unwrap();
        write(&dir, "c/a.txt");
        write(&dir, "c/z.txt");
        write(&dir, "out/o.txt");
        write(&dir, "out/p.txt");
        // Into the walked tree: the file comes from there, not the link.
        symlink(dir.join("c/z.txt"), dir.join("c/b-link.txt")).unwrap();
        // Out of it: the first link met gives it, the others not.
        symlink(dir.join("out/o.txt"), dir.join("c/m1.txt")).unwrap();
        symlink(dir.join("out/o.txt"), dir.join("c/m2.txt")).unwrap();
        symlink(dir.join("out"), dir.join("c/outdir")).unwrap();
        let (files, skipped, _) = walk(&dir, &["c"]);
        assert_eq!(files, ["c/a.txt", "out/o.txt", "out/p.txt", "c/z.txt"]);
        assert!(skipped.is_empty());
        // Given as a root too, `out` comes from there (sorted first).
        let (files, _, _) = walk(&dir, &["c", "out", "out/o.txt"]);
        assert_eq!(files, ["c/a.txt", "c/z.txt", "out/o.txt", "out/p.txt"]);
    }

    #[test]
    fn the_excluded_directory_is_left_out_and_empty_roots_are_named() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().canonicalize().unwrap();
        write(&dir, "c/a.txt");
        write(&dir, "c/idx/meta.txt");
        write(&dir, "notes/readme.md");
        let roots = [dir.join("c"), dir.join("notes")];
        let exclude = dir.join("c/idx");
        let mut walk = Walk::new(&roots, accept, Some(&exclude), b'\n').unwrap();
        let files: Vec<PathBuf> = (&mut walk)
            .filter_map(|f| match f {
                Found::File(p) => Some(p),
                Found::Skip(_) => None,
            })
            .collect();
        assert_eq!(files, [dir.join("c/a.txt")]);
        assert_eq!(walk.empty_dirs(), [dir.join("notes")]);
        assert_eq!(walk.counter()(), 1);
    }

    #[test]
    fn a_missing_path_is_an_error_before_anything_is_walked() {
        let t = tempfile::tempdir().unwrap();
        let err = Walk::new(&[t.path().join("nope")], accept, None, b'\n').err();
        assert!(matches!(err, Some(Error::MissingInput(p)) if p.ends_with("nope")));
    }
}
