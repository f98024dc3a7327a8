//! The JSON API: `/api/{search,quotes,count,timeline,top/WHAT,kwic,speakers,show/KEY,stats}`.
//!
//! Parameters are the command's long options (`limit`, `since`, `speaker`,
//! …; repeat a parameter for a repeatable option) plus `q` for the query.
//! They are read by the command line's own parser ([`crate::cli::Cli`]),
//! so defaults, accepted values and error messages are the commands'. The
//! body is what the command prints with `--format json`, written by the
//! same `output` function.
//!
//! Bad parameters answer 400 with `{"error": "<the CLI's one-line message>"}`;
//! an unknown document key 404; anything else failing 500.

use crate::cli::{Cli, Command, KwicSortArg, PeriodArg, TopWhat};
use crate::index::NewsIndex;
use crate::output::{self, Format, Style};
use crate::search::aggregate::{self, Period, TopKind};
use crate::search::kwic::{KwicRequest, KwicSort};
use crate::search::quotes::QuotesRequest;
use crate::search::{SearchRequest, export, scan};
use crate::{Error, Result};
use clap::{CommandFactory, Parser};

/// The most hits, quotations, rows or lines one request may ask for.
pub const MAX_LIMIT: usize = 1000;

/// The largest `offset` (paging deeper than this is refused).
pub const MAX_OFFSET: usize = 10_000;

/// The longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// A response: status, content type and body, sent with the safety
/// headers of [`Reply::into_response`].
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type` value.
    pub content_type: &'static str,
    /// The body bytes.
    pub body: Vec<u8>,
    /// Warnings about the query (lenient parsing, "did you mean"), the
    /// lines the command prints on stderr; sent as `X-Newsidx-Warning`
    /// headers, percent-encoded (UTF-8, `+` for spaces).
    pub warnings: Vec<String>,
}

impl Reply {
    /// A JSON body (already serialised) with status 200.
    pub fn json(body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            content_type: "application/json; charset=utf-8",
            body,
            warnings: Vec::new(),
        }
    }

    /// `{"error": message}` with `status`.
    pub fn error(status: u16, message: &str) -> Reply {
        let mut body = serde_json::to_vec(&serde_json::json!({ "error": message }))
            .unwrap_or_else(|_| b"{}".to_vec());
        body.push(b'\n');
        Reply {
            status,
            ..Reply::json(body)
        }
    }

    /// The reply for a failed request: usage errors 400, unknown
    /// documents 404, everything else 500; the message is the CLI's line.
    pub fn from_error(e: &Error) -> Reply {
        let status = match e {
            Error::Usage(_) => 400,
            Error::NotFound(_) => 404,
            _ => 500,
        };
        Reply::error(status, &e.to_string())
    }

    /// The HTTP response, with a Content-Security-Policy that allows only
    /// the server's own script and style (no inline script), no framing,
    /// no MIME sniffing and no referrer.
    pub fn into_response(self) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let header = |name: &str, value: &str| {
            tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                .expect("static header names and values are valid")
        };
        let mut response = tiny_http::Response::from_data(self.body);
        for w in &self.warnings {
            let encoded: String = form_urlencoded::byte_serialize(w.as_bytes()).collect();
            response.add_header(header("X-Newsidx-Warning", &encoded));
        }
        response
            .with_status_code(self.status)
            .with_header(header("Content-Type", self.content_type))
            .with_header(header("Content-Security-Policy", CSP))
            .with_header(header("X-Content-Type-Options", "nosniff"))
            .with_header(header("Referrer-Policy", "no-referrer"))
            .with_header(header("Cache-Control", "no-store"))
    }
}

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Parameters no endpoint accepts: the API always answers JSON and works
/// on the index the server was started with.
const REFUSED: &[&str] = &["format", "index", "quiet", "verbose", "help", "version"];

/// Answers `/api/{endpoint}` with the URL query string `query`.
pub fn handle(index: &NewsIndex, endpoint: &str, query: &str) -> Reply {
    match answer(index, endpoint, query) {
        Ok((body, warnings)) => Reply {
            warnings,
            ..Reply::json(body)
        },
        Err(e) => Reply::from_error(&e),
    }
}

/// The JSON body for `endpoint` and the query's warnings, or the error to
/// report.
fn answer(index: &NewsIndex, endpoint: &str, query: &str) -> Result<(Vec<u8>, Vec<String>)> {
    let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let (command, positional): (&str, Vec<String>) = match endpoint.split_once('/') {
        None if endpoint == "top" => {
            return Err(crate::Error::Usage(
                "/api/top needs a kind: /api/top/handles, /api/top/speakers or /api/top/terms"
                    .into(),
            ));
        }
        None => (endpoint, Vec::new()),
        Some(("top", what)) => ("top", vec![what.to_string()]),
        Some(("show", key)) => ("show", vec![document_key(key)?]),
        Some(_) => return Err(not_found(endpoint)),
    };
    let needs_query = matches!(command, "search" | "kwic");
    let cli = parse(command, positional, &params, needs_query)?;
    let mut out = Vec::new();
    let warnings = run(index, cli.command, &mut out)?;
    Ok((out, warnings))
}

/// The error for an endpoint that does not exist.
fn not_found(endpoint: &str) -> Error {
    Error::NotFound(format!(
        "no endpoint /api/{endpoint}; the API has /api/search, /api/quotes, /api/count, /api/timeline, /api/top/{{handles,speakers,terms}}, /api/kwic, /api/speakers, /api/show/KEY, /api/stats"
    ))
}

/// A document key from a URL path: 16 hex digits, never a path.
fn document_key(raw: &str) -> Result<String> {
    let key = form_urlencoded::parse(format!("k={raw}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(key.to_ascii_lowercase())
    } else {
        Err(Error::Usage(format!(
            "{key:?} is not a document key (16 hex digits, as in search output); the API shows documents by key only"
        )))
    }
}

/// Reads `params` with the command line parser of `command`, as if the
/// user had typed `newsidx COMMAND --NAME VALUE … -- POSITIONAL… Q`.
///
/// # Errors
/// [`Error::Usage`] for an unknown or refused parameter, a missing `q`
/// where the command needs a query, a query over [`MAX_QUERY_CHARS`], or
/// whatever the command line parser refuses (its first line).
fn parse(
    command: &str,
    mut positional: Vec<String>,
    params: &[(String, String)],
    needs_query: bool,
) -> Result<Cli> {
    let cli = Cli::command();
    let sub = cli
        .find_subcommand(command)
        .filter(|_| API_COMMANDS.contains(&command))
        .ok_or_else(|| not_found(command))?;
    let mut argv: Vec<String> = vec!["newsidx".into(), command.into()];
    let mut q = None;
    for (name, value) in params {
        if name == "q" {
            if value.chars().count() > MAX_QUERY_CHARS {
                return Err(Error::Usage(format!(
                    "the query is longer than {MAX_QUERY_CHARS} characters; shorten it"
                )));
            }
            if q.is_some() {
                return Err(Error::Usage(
                    "parameter \"q\" is given twice; write one query (e.g. q=oil%20OR%20gas)"
                        .into(),
                ));
            }
            q = Some(value.clone());
            continue;
        }
        let arg = sub
            .get_arguments()
            .find(|a| a.get_long() == Some(name.as_str()))
            .filter(|_| !REFUSED.contains(&name.as_str()));
        let Some(arg) = arg else {
            let accepted: Vec<&str> = std::iter::once("q")
                .chain(
                    sub.get_arguments()
                        .filter_map(|a| a.get_long())
                        .filter(|l| !REFUSED.contains(l)),
                )
                .collect();
            return Err(Error::Usage(format!(
                "unknown parameter {name:?} for /api/{command} (accepted: {})",
                accepted.join(", ")
            )));
        };
        if arg.get_action().takes_values() {
            argv.push(format!("--{name}"));
            argv.push(value.clone());
        } else {
            match value.as_str() {
                "" | "1" | "true" | "on" | "yes" => argv.push(format!("--{name}")),
                "0" | "false" | "off" | "no" => {}
                other => {
                    return Err(Error::Usage(format!(
                        "parameter {name:?} is a switch: give true or false (got {other:?})"
                    )));
                }
            }
        }
    }
    match q {
        Some(q) => positional.push(q),
        None if needs_query => {
            return Err(Error::Usage(format!(
                "/api/{command} needs a query: add q=WORDS"
            )));
        }
        None => {}
    }
    argv.push("--".into());
    argv.extend(positional);
    Cli::try_parse_from(&argv).map_err(|e| Error::Usage(clap_line(&e)))
}

/// The commands the API answers.
const API_COMMANDS: &[&str] = &[
    "search", "quotes", "count", "timeline", "top", "kwic", "speakers", "show", "stats",
];

/// The first line of a clap error, without its `error: ` prefix (what the
/// CLI prints first).
fn clap_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first = text.lines().next().unwrap_or("bad parameter").trim();
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}

/// A `limit` bounded by [`MAX_LIMIT`].
fn bounded_limit(limit: usize) -> Result<usize> {
    match limit {
        0 => Err(Error::Usage("--limit must be at least 1".into())),
        n if n > MAX_LIMIT => Err(Error::Usage(format!(
            "--limit must be at most {MAX_LIMIT} here (got {n}); page with --offset"
        ))),
        n => Ok(n),
    }
}

/// An `offset` bounded by [`MAX_OFFSET`].
fn bounded_offset(offset: usize) -> Result<usize> {
    if offset > MAX_OFFSET {
        return Err(Error::Usage(format!(
            "--offset must be at most {MAX_OFFSET} here (got {offset}); narrow the query instead"
        )));
    }
    Ok(offset)
}

/// Runs a parsed command, writing its `--format json` output to `out`;
/// returns the query's warnings.
fn run(index: &NewsIndex, command: Command, out: &mut Vec<u8>) -> Result<Vec<String>> {
    let json = Format::Json;
    match command {
        Command::Search(a) => {
            let req = SearchRequest {
                filters: crate::commands::filters(&a.filters)?,
                limit: bounded_limit(a.limit)?,
                offset: bounded_offset(a.offset)?,
                query: a.query,
                sort: a.sort.into(),
            };
            let r = crate::search::search(index, &req)?;
            output::search_result(out, &r, json, Style::default())?;
            Ok(r.warnings)
        }
        Command::Quotes(a) => {
            let req = QuotesRequest {
                filters: crate::commands::filters(&a.filters)?,
                limit: bounded_limit(a.limit)?,
                offset: bounded_offset(a.offset)?,
                query: a.query,
                sort: a.sort.into(),
            };
            let r = crate::search::quotes::search_quotes(index, &req)?;
            output::quotes::quotes_result(out, &r, json, Style::default())?;
            Ok(r.warnings)
        }
        Command::Count(a) => {
            let filters = crate::commands::filters(&a.filters)?;
            let q = crate::commands::research_query(a.query);
            let c = aggregate::count(index, &q, &filters, a.quotes)?;
            output::research::counts(out, &c, json)?;
            Ok(c.warnings)
        }
        Command::Timeline(a) => {
            let filters = crate::commands::filters(&a.filters)?;
            let by = match a.by {
                PeriodArg::Day => Period::Day,
                PeriodArg::Week => Period::Week,
                PeriodArg::Month => Period::Month,
                PeriodArg::Year => Period::Year,
            };
            let q = crate::commands::research_query(a.query);
            let t = aggregate::timeline(index, &q, &filters, by, a.normalize)?;
            output::research::timeline(out, &t, json)?;
            Ok(t.warnings)
        }
        Command::Top(a) => {
            let filters = crate::commands::filters(&a.filters)?;
            let kind = match a.what {
                TopWhat::Handles => TopKind::Handles,
                TopWhat::Speakers => TopKind::Speakers,
                TopWhat::Terms => TopKind::Terms,
            };
            let q = crate::commands::research_query(a.query);
            let t = aggregate::top(index, &q, &filters, kind, bounded_limit(a.limit)?)?;
            output::research::top(out, &t, json)?;
            Ok(t.warnings)
        }
        Command::Speakers(a) => {
            let filters = crate::commands::filters(&a.filters)?;
            let q = crate::commands::research_query(a.query);
            let s = aggregate::speakers(index, &q, &filters, bounded_limit(a.limit)?)?;
            output::research::speakers(out, &s, json)?;
            Ok(s.warnings)
        }
        Command::Kwic(a) => {
            let filters = crate::commands::filters(&a.filters)?;
            let max = crate::commands::kwic::MAX_WIDTH;
            if !(1..=max).contains(&a.width) {
                return Err(Error::Usage(format!(
                    "--width must be from 1 to {max} characters (got {})",
                    a.width
                )));
            }
            let req = KwicRequest {
                query: a.query,
                filters,
                width: a.width,
                limit: Some(bounded_limit(a.limit.unwrap_or(MAX_LIMIT))?),
                sort: match a.sort {
                    KwicSortArg::Date => KwicSort::Date,
                    KwicSortArg::Left => KwicSort::Left,
                    KwicSortArg::Right => KwicSort::Right,
                },
            };
            let k = crate::search::kwic::kwic(index, &req)?;
            output::research::kwic(out, &k, a.width, json, Style::default())?;
            Ok(k.warnings)
        }
        Command::Show(a) => {
            let searcher = scan::searcher(index)?;
            let docs = export::lookup(index, &searcher, &a.id)?;
            output::research::document(out, &docs[0], json)?;
            Ok(Vec::new())
        }
        Command::Stats(a) => {
            let s = aggregate::stats(index, bounded_limit(a.limit)?)?;
            output::research::stats(out, &s, json)?;
            Ok(Vec::new())
        }
        _ => Err(Error::Usage("not an API endpoint".into())),
    }
}
