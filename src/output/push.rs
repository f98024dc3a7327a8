//! Direct push to a running engine: `newsidx export --to quickwit|elasticsearch
//! --url URL`. The NDJSON lines that [`super::engines`] writes are cut into
//! batches of at most [`MAX_BATCH_BYTES`] and sent over HTTP (ureq, plain
//! `http://` only) to Quickwit's ingest API
//! (`POST /api/v1/INDEX/ingest?commit=force&detailed_response=true`) or
//! Elasticsearch's `POST /_bulk`.
//!
//! A batch answered 429 or 503 (or, for `_bulk`, with items refused with
//! 429) is sent again after a back-off of 0.5 s, 1 s, 2 s, 4 s, 8 s; after
//! [`MAX_RETRIES`] the push stops. A batch with a rejected document stops
//! the push with the first rejection's message ([`crate::Error::Engine`],
//! exit 1): the documents sent before it, and the accepted ones of that
//! batch, stay in the engine.

use super::engines::Engine;
use crate::{Error, Result};
use serde::Deserialize;
use std::time::Duration;

/// Longest wait for one request to the engine, answer included (seconds):
/// a node that accepts the connection but never replies fails the push
/// after this long.
const REQUEST_TIMEOUT_SECS: u64 = 120;

/// Largest request body sent, in bytes (Quickwit's ingest API refuses
/// requests over 10 MB).
pub const MAX_BATCH_BYTES: usize = 8 * 1024 * 1024;

/// Times one batch is re-sent after a 429 or 503 answer.
pub const MAX_RETRIES: u32 = 5;

/// Where to push: engine, base URL (`http://HOST:PORT`, no trailing `/`)
/// and index name.
#[derive(Debug, Clone)]
pub struct Target {
    /// Quickwit or Elasticsearch (its `index` is the `_bulk` index).
    pub engine: Engine,
    /// Base URL of the node, e.g. `http://127.0.0.1:7280`.
    pub url: String,
    /// Index id (Quickwit) or name (Elasticsearch).
    pub index: String,
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushSummary {
    /// Documents the engine accepted.
    pub ingested: u64,
    /// Requests (batches) sent successfully.
    pub batches: u64,
    /// Requests re-sent after a 429 or 503.
    pub retries: u64,
    /// Request bytes sent (accepted batches only).
    pub bytes: u64,
}

/// Streams NDJSON lines to an engine in batches.
pub struct Pusher {
    target: Target,
    agent: ureq::Agent,
    backoff: Duration,
    max_batch_bytes: usize,
    batch: Vec<u8>,
    docs: u64,
    summary: PushSummary,
}

impl Pusher {
    /// A pusher to `target`; waits `backoff`, doubled on each retry, after a
    /// 429/503 (0.5 s in `newsidx export`).
    ///
    /// # Errors
    /// [`Error::Usage`] when the URL is not `http://…` (no TLS support).
    pub fn new(mut target: Target, backoff: Duration) -> Result<Pusher> {
        if !target.url.starts_with("http://") {
            return Err(Error::Usage(format!(
                "--url {}: only http:// URLs are supported (no TLS); use http://HOST:PORT, through a TLS proxy if the engine needs one",
                target.url
            )));
        }
        while target.url.ends_with('/') {
            target.url.pop();
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(REQUEST_TIMEOUT_SECS)))
            .build()
            .into();
        Ok(Pusher {
            target,
            agent,
            backoff,
            max_batch_bytes: MAX_BATCH_BYTES,
            batch: Vec::new(),
            docs: 0,
            summary: PushSummary::default(),
        })
    }

    /// The same pusher with batches of at most `bytes` (≥ 1) instead of
    /// [`MAX_BATCH_BYTES`].
    pub fn with_max_batch_bytes(mut self, bytes: usize) -> Pusher {
        self.max_batch_bytes = bytes.max(1);
        self
    }

    /// Creates the index from `config` (Quickwit: the YAML index config;
    /// Elasticsearch: the JSON settings and mapping).
    ///
    /// # Errors
    /// [`Error::Engine`] with the engine's message when the index exists or
    /// the config is refused, or when the node cannot be reached.
    pub fn create_index(&self, config: &str) -> Result<()> {
        let (status, body) = match &self.target.engine {
            Engine::Quickwit => self.send(
                "POST",
                &format!("{}/api/v1/indexes", self.target.url),
                "application/yaml",
                config.as_bytes(),
            )?,
            Engine::Elasticsearch { index } => self.send(
                "PUT",
                &format!("{}/{index}", self.target.url),
                "application/json",
                config.as_bytes(),
            )?,
        };
        if (200..300).contains(&status) {
            return Ok(());
        }
        Err(Error::Engine(format!(
            "{} refused to create index {}: HTTP {status}: {}; drop --create-index to add to an existing index",
            self.target.url,
            self.target.index,
            error_message(&body)
        )))
    }

    /// Adds one document's NDJSON lines (`lines` ends with a newline; for
    /// `_bulk`, the action line and the document). Sends the batch first
    /// when `lines` would take it over the batch limit ([`MAX_BATCH_BYTES`]).
    ///
    /// # Errors
    /// [`Error::Usage`] for a document larger than the batch limit;
    /// the errors of a batch (see [`Pusher::finish`]).
    pub fn add(&mut self, lines: &[u8]) -> Result<()> {
        if lines.len() > self.max_batch_bytes {
            return Err(Error::Usage(format!(
                "a document of {} bytes is larger than the {}-byte request limit; export it to a file instead (without --url)",
                lines.len(),
                self.max_batch_bytes
            )));
        }
        if self.batch.len() + lines.len() > self.max_batch_bytes {
            self.flush()?;
        }
        self.batch.extend_from_slice(lines);
        self.docs += 1;
        Ok(())
    }

    /// Sends the last batch and returns the summary.
    ///
    /// # Errors
    /// [`Error::Engine`]: the node is unreachable, answers an HTTP error,
    /// still answers 429/503 after [`MAX_RETRIES`] retries, or rejected a
    /// document (the first rejection's message).
    pub fn finish(mut self) -> Result<PushSummary> {
        self.flush()?;
        Ok(self.summary)
    }

    /// Sends the current batch (if any), with retries.
    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let (url, content_type) = match &self.target.engine {
            Engine::Quickwit => (
                format!(
                    "{}/api/v1/{}/ingest?commit=force&detailed_response=true",
                    self.target.url, self.target.index
                ),
                "application/x-ndjson",
            ),
            Engine::Elasticsearch { .. } => (
                format!("{}/_bulk?refresh=wait_for", self.target.url),
                "application/x-ndjson",
            ),
        };
        let mut wait = self.backoff;
        let mut attempt = 0;
        loop {
            let (status, body) = self.send("POST", &url, content_type, &self.batch)?;
            let outcome = match &self.target.engine {
                Engine::Quickwit => quickwit_outcome(status, &body, self.docs),
                Engine::Elasticsearch { .. } => bulk_outcome(status, &body),
            };
            match outcome {
                Outcome::Accepted(n) => {
                    self.summary.ingested += n;
                    self.summary.batches += 1;
                    self.summary.bytes += self.batch.len() as u64;
                    self.batch.clear();
                    self.docs = 0;
                    return Ok(());
                }
                Outcome::Retry(_) if attempt < MAX_RETRIES => {
                    attempt += 1;
                    self.summary.retries += 1;
                    std::thread::sleep(wait);
                    wait *= 2;
                }
                Outcome::Retry(why) => {
                    return Err(Error::Engine(format!(
                        "{url}: {why} after {MAX_RETRIES} retries; the engine is overloaded: wait and run the export again"
                    )));
                }
                Outcome::Failed(why) => {
                    return Err(Error::Engine(format!(
                        "{url}: {why}; {} documents were ingested before this batch",
                        self.summary.ingested
                    )));
                }
            }
        }
    }

    /// One HTTP request; the status and body of any answer.
    fn send(
        &self,
        method: &str,
        url: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<(u16, String)> {
        let unreachable = |e: ureq::Error| {
            Error::Engine(format!(
                "cannot reach {url}: {e}; is the engine running there?"
            ))
        };
        let req = match method {
            "PUT" => self.agent.put(url),
            _ => self.agent.post(url),
        };
        let mut resp = req
            .header("Content-Type", content_type)
            .send(body)
            .map_err(unreachable)?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()
            .map_err(unreachable)?;
        Ok((status, text))
    }
}

/// What to do after one batch request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every document was accepted (how many).
    Accepted(u64),
    /// Overloaded (429/503): send the same batch again later (why).
    Retry(String),
    /// An error or a rejected document: stop (the message).
    Failed(String),
}

/// Quickwit's detailed ingest response.
#[derive(Debug, Deserialize)]
struct QuickwitIngest {
    num_ingested_docs: Option<u64>,
    num_rejected_docs: Option<u64>,
    #[serde(default)]
    parse_failures: Vec<QuickwitFailure>,
}

#[derive(Debug, Deserialize)]
struct QuickwitFailure {
    message: Option<String>,
    reason: Option<String>,
    document: Option<String>,
}

/// Reads Quickwit's answer to `POST /api/v1/INDEX/ingest?detailed_response=true`
/// for a batch of `sent` documents: HTTP status and body (JSON
/// `{num_ingested_docs, num_rejected_docs, parse_failures: [{message,
/// reason, document}]}` on 200).
pub fn quickwit_outcome(status: u16, body: &str, sent: u64) -> Outcome {
    if status == 429 || status == 503 {
        return Outcome::Retry(format!("HTTP {status}: {}", error_message(body)));
    }
    if status != 200 {
        return Outcome::Failed(format!("HTTP {status}: {}", error_message(body)));
    }
    let r: QuickwitIngest = match serde_json::from_str(body) {
        Ok(r) => r,
        Err(e) => {
            return Outcome::Failed(format!("unreadable ingest response ({e}): {}", clip(body)));
        }
    };
    let rejected = r.num_rejected_docs.unwrap_or(0);
    if rejected > 0 || !r.parse_failures.is_empty() {
        let first = r.parse_failures.first();
        let message = first.and_then(|f| f.message.as_deref()).unwrap_or("");
        let reason = first.and_then(|f| f.reason.as_deref()).unwrap_or("");
        let doc = first.and_then(|f| f.document.as_deref()).unwrap_or("");
        return Outcome::Failed(format!(
            "Quickwit rejected {rejected} of {sent} documents; first: {message} ({reason}) in {}",
            clip(doc)
        ));
    }
    let ingested = r.num_ingested_docs.unwrap_or(0);
    if ingested != sent {
        return Outcome::Failed(format!(
            "Quickwit ingested {ingested} of {sent} documents and reported no rejection"
        ));
    }
    Outcome::Accepted(ingested)
}

/// Elasticsearch's `_bulk` response.
#[derive(Debug, Deserialize)]
struct Bulk {
    errors: bool,
    #[serde(default)]
    items: Vec<std::collections::BTreeMap<String, BulkItem>>,
}

#[derive(Debug, Deserialize)]
struct BulkItem {
    #[serde(rename = "_id")]
    id: Option<String>,
    status: u16,
    error: Option<serde_json::Value>,
}

/// Reads Elasticsearch's answer to `POST /_bulk`: HTTP status and body
/// (JSON `{took, errors, items: [{index: {_index, _id, status, error?}}]}`).
/// Items refused with 429 (and no other error) retry the whole batch (the
/// `index` actions carry `_id`s, so re-sending is idempotent).
pub fn bulk_outcome(status: u16, body: &str) -> Outcome {
    if status == 429 || status == 503 {
        return Outcome::Retry(format!("HTTP {status}: {}", error_message(body)));
    }
    if status != 200 {
        return Outcome::Failed(format!("HTTP {status}: {}", error_message(body)));
    }
    let r: Bulk = match serde_json::from_str(body) {
        Ok(r) => r,
        Err(e) => {
            return Outcome::Failed(format!("unreadable _bulk response ({e}): {}", clip(body)));
        }
    };
    let items: Vec<&BulkItem> = r.items.iter().flat_map(|m| m.values()).collect();
    let failed: Vec<&&BulkItem> = items
        .iter()
        .filter(|i| i.error.is_some() || i.status >= 300)
        .collect();
    if !r.errors && failed.is_empty() {
        return Outcome::Accepted(items.len() as u64);
    }
    if !failed.is_empty() && failed.iter().all(|i| i.status == 429) {
        return Outcome::Retry(format!("{} documents refused with 429", failed.len()));
    }
    let Some(first) = failed.iter().find(|i| i.status != 429).or(failed.first()) else {
        return Outcome::Failed(
            "_bulk reported errors but no item failed; check the Elasticsearch logs".into(),
        );
    };
    let (kind, reason) = match &first.error {
        Some(e) => (
            e["type"].as_str().unwrap_or("error").to_string(),
            e["reason"].as_str().unwrap_or("").to_string(),
        ),
        None => ("error".to_string(), String::new()),
    };
    Outcome::Failed(format!(
        "Elasticsearch rejected {} of {} documents; first: _id {} status {}: {kind}: {reason}",
        failed.len(),
        items.len(),
        first.id.as_deref().unwrap_or("?"),
        first.status
    ))
}

/// The engine's error message in a response body: Quickwit's `message`,
/// Elasticsearch's `error.reason` (or `error` when it is a string), else
/// the body itself, clipped.
pub fn error_message(body: &str) -> String {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
        if let Some(m) = v["message"].as_str() {
            return m.to_string();
        }
        if let Some(m) = v["error"]["reason"].as_str() {
            return m.to_string();
        }
        if let Some(m) = v["error"].as_str() {
            return m.to_string();
        }
    }
    clip(body)
}

/// `s` on one line, at most 200 characters.
fn clip(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &one[..i]),
        None => one,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quickwit_answers_are_read_as_accepted_retry_or_failed() {
        let ok = r#"{"num_docs_for_processing":2,"num_ingested_docs":2,"num_rejected_docs":0,"parse_failures":[]}"#;
        assert_eq!(quickwit_outcome(200, ok, 2), Outcome::Accepted(2));
        assert_eq!(
            quickwit_outcome(429, r#"{"message":"rate limited"}"#, 2),
            Outcome::Retry("HTTP 429: rate limited".into())
        );
        assert_eq!(
            quickwit_outcome(503, "unavailable", 2),
            Outcome::Retry("HTTP 503: unavailable".into())
        );
        let rejected = r#"{"num_ingested_docs":1,"num_rejected_docs":1,"parse_failures":[{"message":"timestamp field is required","reason":"invalid_schema","document":"{}"}]}"#;
        assert_eq!(
            quickwit_outcome(200, rejected, 2),
            Outcome::Failed(
                "Quickwit rejected 1 of 2 documents; first: timestamp field is required (invalid_schema) in {}".into()
            )
        );
        let short = r#"{"num_ingested_docs":1,"num_rejected_docs":0}"#;
        assert_eq!(
            quickwit_outcome(200, short, 2),
            Outcome::Failed("Quickwit ingested 1 of 2 documents and reported no rejection".into())
        );
        assert!(
            matches!(quickwit_outcome(200, "<html>", 2), Outcome::Failed(m) if m.starts_with("unreadable ingest response"))
        );
    }

    #[test]
    fn bulk_answers_are_read_item_by_item() {
        let ok = r#"{"took":1,"errors":false,"items":[{"index":{"_id":"a","status":201}},{"index":{"_id":"b","status":200}}]}"#;
        assert_eq!(bulk_outcome(200, ok), Outcome::Accepted(2));
        let busy = r#"{"took":1,"errors":true,"items":[{"index":{"_id":"a","status":201}},{"index":{"_id":"b","status":429,"error":{"type":"es_rejected_execution_exception","reason":"busy"}}}]}"#;
        assert_eq!(
            bulk_outcome(200, busy),
            Outcome::Retry("1 documents refused with 429".into())
        );
        let mixed = r#"{"took":1,"errors":true,"items":[{"index":{"_id":"a","status":429,"error":{"type":"es_rejected_execution_exception","reason":"busy"}}},{"index":{"_id":"b","status":400,"error":{"type":"mapper_parsing_exception","reason":"bad date"}}}]}"#;
        assert_eq!(
            bulk_outcome(200, mixed),
            Outcome::Failed(
                "Elasticsearch rejected 2 of 2 documents; first: _id b status 400: mapper_parsing_exception: bad date".into()
            )
        );
        assert_eq!(
            bulk_outcome(
                413,
                r#"{"error":{"type":"x","reason":"request too large"}}"#
            ),
            Outcome::Failed("HTTP 413: request too large".into())
        );
        assert_eq!(
            bulk_outcome(200, r#"{"took":1,"errors":true,"items":[]}"#),
            Outcome::Failed(
                "_bulk reported errors but no item failed; check the Elasticsearch logs".into()
            )
        );
    }

    #[test]
    fn documents_are_cut_into_batches_under_the_limit() {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let bodies = std::thread::spawn(move || {
            let mut bodies = Vec::new();
            for _ in 0..3 {
                let mut rq = server.recv().unwrap();
                let mut body = String::new();
                std::io::Read::read_to_string(rq.as_reader(), &mut body).unwrap();
                let n = body.lines().count();
                let answer = format!(r#"{{"num_ingested_docs":{n},"num_rejected_docs":0}}"#);
                rq.respond(tiny_http::Response::from_string(answer))
                    .unwrap();
                bodies.push(body);
            }
            bodies
        });
        let target = Target {
            engine: Engine::Quickwit,
            url: format!("http://127.0.0.1:{port}/"),
            index: "newsidx".into(),
        };
        let mut pusher = Pusher::new(target, Duration::from_millis(1))
            .unwrap()
            .with_max_batch_bytes(100);
        for i in 0..5 {
            // 40 bytes each: two fit in 100 bytes, a third does not.
            pusher
                .add(format!("{{\"key\":\"{i:0>29}\"}}\n").as_bytes())
                .unwrap();
        }
        let too_big = vec![b'x'; 101];
        assert!(matches!(pusher.add(&too_big), Err(Error::Usage(_))));
        let summary = pusher.finish().unwrap();
        assert_eq!(
            summary,
            PushSummary {
                ingested: 5,
                batches: 3,
                retries: 0,
                bytes: 200,
            }
        );
        let bodies = bodies.join().unwrap();
        let sizes: Vec<usize> = bodies.iter().map(|b| b.lines().count()).collect();
        assert_eq!(sizes, [2, 2, 1]);
    }
}
