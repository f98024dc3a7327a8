//! `newsidx serve`: the index as a local JSON API and web page.

use super::Context;
use crate::Result;
use crate::cli::ServeArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::serve::{ServeConfig, Server, is_exposed};

/// Runs `newsidx serve` until interrupted.
///
/// # Errors
/// No index (checked before listening), the address cannot be bound.
pub fn run(ctx: &Context, args: ServeArgs) -> Result<Exit> {
    let index = NewsIndex::open(&ctx.index)?;
    if args.max_query_ms == 0 {
        return Err(crate::Error::Usage(
            "--max-query-ms must be at least 1".into(),
        ));
    }
    let config = ServeConfig {
        addr: args.addr,
        max_query_time: std::time::Duration::from_millis(args.max_query_ms),
    };
    let server = Server::bind(index, &config)?;
    let addr = server.addr();
    if is_exposed(&addr) {
        eprintln!(
            "newsidx: warning: listening on {addr}, not a loopback address: anyone who can reach this machine can read the index"
        );
    }
    let url = format!("http://{addr}/");
    // The one line scripts (and the tests) read to find the port.
    eprintln!(
        "newsidx: serving {} on {url} (Ctrl-C stops)",
        crate::output::one_line(&ctx.index)
    );
    if args.open {
        open_browser(ctx, &url);
    }
    server.run();
    Ok(Exit::Success)
}

/// Asks the desktop to open `url`; a failure is a warning, not an error.
fn open_browser(ctx: &Context, url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        && !ctx.quiet
    {
        eprintln!("newsidx: warning: cannot open a browser ({opener}: {e}); open {url} yourself");
    }
}
