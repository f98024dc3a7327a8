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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Threads answering requests (each runs one request at a time).
pub const WORKERS: usize = 8;

/// Longest accepted request line target (path and query string), in bytes.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// Largest accepted request body, in bytes (the API reads none: every
/// endpoint is a GET).
pub const MAX_BODY_BYTES: usize = 0;

/// API computations allowed at once, counting those still running after
/// their request was answered 503 for taking too long; beyond it requests
/// are answered 503 at once.
pub const MAX_IN_FLIGHT: usize = 2 * WORKERS;

/// How the server is started.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to bind; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Longest an API request may compute before it is answered 503.
    pub max_query_time: Duration,
}

/// A bound server, ready to answer.
pub struct Server {
    http: Arc<tiny_http::Server>,
    shared: Arc<Shared>,
    addr: SocketAddr,
}

/// What every worker thread reads.
struct Shared {
    index: Arc<NewsIndex>,
    addr: SocketAddr,
    max_query_time: Duration,
    in_flight: Arc<AtomicUsize>,
}

impl Server {
    /// Binds `config.addr` and keeps `index` open for the requests.
    ///
    /// # Errors
    /// [`Error::Usage`] when the address cannot be bound (in use, not a
    /// local address, no permission).
    pub fn bind(index: NewsIndex, config: &ServeConfig) -> Result<Server> {
        let cannot = |e: &dyn std::fmt::Display| {
            Error::Usage(format!(
                "cannot listen on {}: {e}; choose another --addr (port 0 picks a free one)",
                config.addr
            ))
        };
        let listener = listener(config.addr).map_err(|e| cannot(&e))?;
        let http = tiny_http::Server::from_listener(listener, None).map_err(|e| cannot(&e))?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Usage(format!("cannot listen on {}", config.addr)))?;
        Ok(Server {
            http: Arc::new(http),
            shared: Arc::new(Shared {
                index: Arc::new(index),
                addr,
                max_query_time: config.max_query_time,
                in_flight: Arc::new(AtomicUsize::new(0)),
            }),
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
                let shared = Arc::clone(&self.shared);
                std::thread::spawn(move || {
                    for request in http.incoming_requests() {
                        answer(&shared, request);
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }
}

/// A listening socket on `addr` with `TCP_NODELAY`, which the connections
/// it accepts inherit: without it a keep-alive client waits for the
/// delayed ACK (about 40 ms) before the last segment of each response.
fn listener(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// Whether binding `addr` exposes the index beyond this machine.
pub fn is_exposed(addr: &SocketAddr) -> bool {
    !addr.ip().is_loopback()
}

/// Whether the `Host` header names this server. A server on a loopback
/// address answers only requests addressed to `localhost`, `127.0.0.1`,
/// `[::1]` or its own address with its port, so that a web page elsewhere
/// cannot read the index through a DNS name rebound to 127.0.0.1. A
/// server exposed with `--addr` accepts any host.
pub fn host_allowed(bound: &SocketAddr, host: Option<&str>) -> bool {
    if is_exposed(bound) {
        return true;
    }
    let Some(host) = host else { return false };
    let port = bound.port();
    let own = bound.to_string();
    [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        own,
    ]
    .iter()
    .any(|h| h.eq_ignore_ascii_case(host))
}

/// Answers one request (errors writing the response, a client gone, are
/// dropped).
fn answer(shared: &Shared, request: tiny_http::Request) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    let reply = if request.url().len() > MAX_URL_BYTES {
        api::Reply::error(414, "request URL longer than 8 KiB; shorten the query")
    } else if !host_allowed(&shared.addr, host.as_deref()) {
        api::Reply::error(
            403,
            &format!(
                "Host {:?} is not this server: open http://{}/ (requests addressed to other names are refused)",
                host.unwrap_or_default(),
                shared.addr
            ),
        )
    } else if request.body_length().unwrap_or(0) > MAX_BODY_BYTES {
        api::Reply::error(413, "request body not accepted: the API only answers GET")
    } else if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        api::Reply::error(405, "only GET is accepted: the server is read-only")
    } else if request.url().starts_with("/api/") {
        let index = Arc::clone(&shared.index);
        let url = request.url().to_string();
        with_deadline(shared.max_query_time, &shared.in_flight, move || {
            route(&index, &url)
        })
    } else {
        route(&shared.index, request.url())
    };
    let _ = request.respond(reply.into_response());
}

/// `compute()` on its own thread, answered 503 when it takes longer than
/// `limit` (it then runs to its end in the background, its result
/// dropped) or when [`MAX_IN_FLIGHT`] computations already run.
pub fn with_deadline(
    limit: Duration,
    in_flight: &Arc<AtomicUsize>,
    compute: impl FnOnce() -> api::Reply + Send + 'static,
) -> api::Reply {
    if in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
        in_flight.fetch_sub(1, Ordering::SeqCst);
        return api::Reply::error(503, "the server is busy; try again in a moment");
    }
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let counter = Arc::clone(in_flight);
    let spawned = std::thread::Builder::new().spawn(move || {
        let reply = compute();
        counter.fetch_sub(1, Ordering::SeqCst);
        let _ = tx.send(reply);
    });
    if spawned.is_err() {
        in_flight.fetch_sub(1, Ordering::SeqCst);
        return api::Reply::error(503, "the server is busy; try again in a moment");
    }
    match rx.recv_timeout(limit) {
        Ok(reply) => reply,
        Err(_) => api::Reply::error(
            503,
            &format!(
                "the query took longer than {} ms; narrow it (fewer OR terms, a date range, a filter)",
                limit.as_millis()
            ),
        ),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_computation_past_its_deadline_is_answered_503() {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let reply = with_deadline(Duration::from_millis(1), &in_flight, move || {
            // Blocks until the test releases it, after the deadline passed.
            let _ = wait.recv();
            api::Reply::json(b"{}".to_vec())
        });
        assert_eq!(reply.status, 503);
        assert_eq!(
            String::from_utf8(reply.body).unwrap(),
            "{\"error\":\"the query took longer than 1 ms; narrow it (fewer OR terms, a date range, a filter)\"}\n"
        );
        assert_eq!(in_flight.load(Ordering::SeqCst), 1, "still running");
        release.send(()).unwrap();
        let done = with_deadline(Duration::from_secs(60), &in_flight, || {
            api::Reply::json(b"{}".to_vec())
        });
        assert_eq!(done.status, 200);
    }

    #[test]
    fn too_many_computations_at_once_are_refused() {
        let in_flight = Arc::new(AtomicUsize::new(MAX_IN_FLIGHT));
        let reply = with_deadline(Duration::from_secs(60), &in_flight, || {
            api::Reply::json(b"{}".to_vec())
        });
        assert_eq!(reply.status, 503);
        assert_eq!(in_flight.load(Ordering::SeqCst), MAX_IN_FLIGHT);
    }

    #[test]
    fn loopback_servers_answer_only_their_own_host_names() {
        let local: SocketAddr = "127.0.0.1:7700".parse().unwrap();
        for ok in [
            "localhost:7700",
            "127.0.0.1:7700",
            "[::1]:7700",
            "LOCALHOST:7700",
        ] {
            assert!(host_allowed(&local, Some(ok)), "{ok}");
        }
        for bad in ["evil.example:7700", "localhost:80", "127.0.0.1", ""] {
            assert!(!host_allowed(&local, Some(bad)), "{bad}");
        }
        assert!(!host_allowed(&local, None));
        let exposed: SocketAddr = "0.0.0.0:7700".parse().unwrap();
        assert!(host_allowed(&exposed, Some("news.example:7700")));
    }
}
