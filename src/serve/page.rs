//! The web page: HTML, CSS and JavaScript embedded in the binary (nothing
//! is fetched from elsewhere). The script builds every element with
//! `textContent`, so article text is never read as HTML.

use super::api::Reply;

/// `index.html`: the page shell.
pub const INDEX_HTML: &str = include_str!("assets/index.html");
/// `app.css`: layout, readable on a phone.
pub const APP_CSS: &str = include_str!("assets/app.css");
/// `app.js`: the client (state in the URL, calls the JSON API).
pub const APP_JS: &str = include_str!("assets/app.js");

/// The reply for a non-API path: the page for `/`, its two assets, or 404.
pub fn asset(path: &str) -> Reply {
    let (content_type, body) = match path {
        "/" | "/index.html" => ("text/html; charset=utf-8", INDEX_HTML),
        "/app.css" => ("text/css; charset=utf-8", APP_CSS),
        "/app.js" => ("text/javascript; charset=utf-8", APP_JS),
        _ => return Reply::error(404, &format!("no page at {path}; the page is at /")),
    };
    Reply {
        status: 200,
        content_type,
        body: body.as_bytes().to_vec(),
        warnings: Vec::new(),
    }
}
