//! `newsidx serve`: the index as a local JSON API and web page.
//!
//! One process, read-only on the index. Every request opens a searcher on
//! the last commit ([`crate::index::NewsIndex::reader`]), so documents an
//! ingest commits meanwhile are seen by the next request.
//!
//! The flow stays one way: HTTP request → [`api::handle`] (parameters read
//! by the command line's own parser, so names, defaults and messages are
//! the commands') → the `search` functions → the `output` module's JSON →
//! HTTP response. Nothing in `search` or `output` knows about HTTP.
//!
//! HTTP itself is [`tiny_http`]'s; this module only routes.

pub mod api;
pub mod page;

use crate::index::NewsIndex;
use crate::{Error, Result};
use std::net::SocketAddr;
use std::sync::Arc;

/// Threads answering requests (each runs one request at a time).
pub const WORKERS: usize = 8;

/// Longest accepted request line target (path and query string), in bytes.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// Largest accepted request body, in bytes (the API reads none: every
/// endpoint is a GET).
pub const MAX_BODY_BYTES: usize = 0;

/// How the server is started.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to bind; port 0 picks a free port.
    pub addr: SocketAddr,
}

/// A bound server, ready to answer.
pub struct Server {
    http: Arc<tiny_http::Server>,
    index: Arc<NewsIndex>,
    addr: SocketAddr,
}

impl Server {
    /// Binds `config.addr` and keeps `index` open for the requests.
    ///
    /// # Errors
    /// [`Error::Usage`] when the address cannot be bound (in use, not a
    /// local address, no permission).
    pub fn bind(index: NewsIndex, config: &ServeConfig) -> Result<Server> {
        let http = tiny_http::Server::http(config.addr).map_err(|e| {
            Error::Usage(format!(
                "cannot listen on {}: {e}; choose another --addr (port 0 picks a free one)",
                config.addr
            ))
        })?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Usage(format!("cannot listen on {}", config.addr)))?;
        Ok(Server {
            http: Arc::new(http),
            index: Arc::new(index),
            addr,
        })
    }

    /// The address actually bound (with the port chosen for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests on [`WORKERS`] threads until the process ends.
    pub fn run(self) {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let http = Arc::clone(&self.http);
                let index = Arc::clone(&self.index);
                std::thread::spawn(move || {
                    for request in http.incoming_requests() {
                        answer(&index, request);
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }
}

/// Whether binding `addr` exposes the index beyond this machine.
pub fn is_exposed(addr: &SocketAddr) -> bool {
    !addr.ip().is_loopback()
}

/// Answers one request (errors writing the response, a client gone, are
/// dropped).
fn answer(index: &NewsIndex, request: tiny_http::Request) {
    let reply = if request.url().len() > MAX_URL_BYTES {
        api::Reply::error(414, "request URL longer than 8 KiB; shorten the query")
    } else if request.body_length().unwrap_or(0) > MAX_BODY_BYTES {
        api::Reply::error(413, "request body not accepted: the API only answers GET")
    } else if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        api::Reply::error(405, "only GET is accepted: the server is read-only")
    } else {
        route(index, request.url())
    };
    let _ = request.respond(reply.into_response());
}

/// The reply to a GET of `url` (path and query string).
pub fn route(index: &NewsIndex, url: &str) -> api::Reply {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if let Some(rest) = path.strip_prefix("/api/") {
        api::handle(index, rest, query)
    } else {
        page::asset(path)
    }
}
