//! `Workdir`: a scratch directory, fixture files, and the real `newsidx`
//! binary run inside it.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A temporary working directory with its own index (`./index`).
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// A new empty scratch directory.
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::Builder::new()
                .prefix("newsidx-test-")
                .tempdir()
                .unwrap(),
        }
    }

    /// The directory's path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `name` (parents created).
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// A `newsidx` command running in the directory, with `NEWSIDX_INDEX`,
    /// `NO_COLOR` and `TZ` cleared so tests run the same everywhere.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_newsidx"));
        c.current_dir(self.dir.path())
            .env_remove("NEWSIDX_INDEX")
            .env_remove("TZ")
            .env("NO_COLOR", "1")
            .args(args);
        c
    }

    /// Runs `newsidx args…`, asserts success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        check(args, &out, true);
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `newsidx args…`, asserts failure, returns (exit code, stderr).
    pub fn err(&self, args: &[&str]) -> (i32, String) {
        let out = self.cmd(args).output().unwrap();
        check(args, &out, false);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// Runs `newsidx args…`, asserts success, returns stderr.
    pub fn ok_stderr(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        check(args, &out, true);
        String::from_utf8(out.stderr).unwrap()
    }

    /// `newsidx ingest paths…` into `./index`; returns stderr (the summary).
    pub fn ingest(&self, paths: &[&str]) -> String {
        let mut args = vec!["ingest"];
        args.extend_from_slice(paths);
        self.ok_stderr(&args)
    }

    /// File names of the hits of `search query extra…` (JSON output), in rank order.
    pub fn hits(&self, query: &str, extra: &[&str]) -> Vec<String> {
        let v = self.search_json(query, extra);
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| file_name(h["path"].as_str().unwrap()))
            .collect()
    }

    /// The JSON output of `search query extra… --format json --limit 100`.
    pub fn search_json(&self, query: &str, extra: &[&str]) -> serde_json::Value {
        let mut args = vec!["search", query, "--format", "json", "--limit", "100"];
        args.extend_from_slice(extra);
        serde_json::from_str(&self.ok(&args)).unwrap()
    }
}

/// The last component of a path.
pub fn file_name(p: &str) -> String {
    Path::new(p)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Sorted copy, for comparing hit sets where order is not specified.
pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn check(args: &[&str], out: &Output, want_success: bool) {
    if out.status.success() != want_success {
        panic!(
            "newsidx {:?}: expected {}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            args,
            if want_success { "success" } else { "failure" },
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
