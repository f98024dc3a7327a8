//! Starting `newsidx serve` on a free port over the fixture corpus
//! `tests/fixtures/serve/` (shared by the API and browser tests).

use crate::util::Workdir;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

/// A running `newsidx serve`, killed when dropped.
pub struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fixture corpus copied into a workdir (`corpus/`) and ingested.
pub fn corpus() -> Workdir {
    let w = Workdir::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/serve");
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        w.write(&format!("corpus/{name}"), std::fs::read(e.path()).unwrap());
    }
    w.ingest(&["corpus"]);
    w
}

/// Starts `newsidx serve --addr ADDR` in `w` and waits for its
/// "serving … on URL" line; returns the server and its stderr lines up to
/// that one.
pub fn serve_at(w: &Workdir, addr: &str) -> (Served, Vec<String>) {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_newsidx"))
        .current_dir(w.path())
        .env_remove("NEWSIDX_INDEX")
        .args(["serve", "--addr", addr])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut served = Served {
        child,
        base: String::new(),
    };
    let mut lines = BufReader::new(served.child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    loop {
        let line = lines.next().expect("serve ended before listening").unwrap();
        seen.push(line.clone());
        if let Some(url) = line.split(" on http://").nth(1) {
            let host = url.split('/').next().unwrap();
            served.base = format!("http://{host}");
            // Keep draining stderr so the server never blocks on it.
            std::thread::spawn(move || for _ in lines {});
            return (served, seen);
        }
    }
}

/// `serve_at(w, "127.0.0.1:0")`.
pub fn serve(w: &Workdir) -> Served {
    serve_at(w, "127.0.0.1:0").0
}

/// (status, headers wanted, body) of a GET of `path`.
pub fn get(s: &Served, path: &str) -> (u16, String, String) {
    let url = format!("{}{path}", s.base);
    let resp = match ureq2::get(&url).call() {
        Ok(r) => r,
        Err(ureq2::Error::Status(_, r)) => r,
        Err(e) => panic!("GET {url}: {e}"),
    };
    let status = resp.status();
    let csp = resp
        .header("Content-Security-Policy")
        .unwrap_or_default()
        .to_string();
    (status, csp, resp.into_string().unwrap())
}

/// The response to a GET of `path` sent with `Host: host`.
pub fn get_as(s: &Served, path: &str, host: &str) -> ureq2::Response {
    let url = format!("{}{path}", s.base);
    match ureq2::get(&url).set("Host", host).call() {
        Ok(r) => r,
        Err(ureq2::Error::Status(_, r)) => r,
        Err(e) => panic!("GET {url}: {e}"),
    }
}
