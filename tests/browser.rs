//! The web page of `newsidx serve` driven in headless Chromium over
//! WebDriver (Debian's `chromium` and `chromium-driver`; `.ci/run` installs
//! them): typing a query lists the expected hits, the timeline has the
//! expected bars, clicking a speaker filters the quotations, and the
//! article holding `<script>` and `"><img onerror=…>` renders as text in
//! every view. A screenshot of each view is written to
//! `$NEWSIDX_SCREENSHOTS` (default `target/screenshots`); the README's
//! come from `NEWSIDX_SCREENSHOTS=docs/screenshots cargo test --test browser`.
//!
//! Without `chromedriver` on PATH the test says so and passes, unless
//! `CI` is set, where it fails.

#[allow(dead_code)]
mod serve_util;
#[allow(dead_code)]
mod util;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running chromedriver in its own process group, killed with the
/// browsers it started when dropped (also when an assertion failed
/// before the session was closed).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-TERM", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts chromedriver on a free port; `None` when it is not installed.
fn chromedriver() -> Option<(Driver, u16)> {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let driver = Driver(child);
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some((driver, port))
}

fn screenshots() -> PathBuf {
    let dir = std::env::var_os("NEWSIDX_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

/// The page's render counter (`body[data-ready]`), 0 before the first render.
async fn ready(c: &Client) -> u64 {
    let v = c
        .execute("return document.body.dataset.ready || '0';", vec![])
        .await
        .unwrap();
    v.as_str().unwrap().parse().unwrap()
}

/// Waits until the page has rendered again after `before`.
async fn rendered_after(c: &Client, before: u64) {
    let start = Instant::now();
    while ready(c).await <= before {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the page did not render"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks `css` and waits for the page to render the new state.
async fn click(c: &Client, css: &str) {
    let before = ready(c).await;
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    rendered_after(c, before).await;
}

/// Text of every element matching `css`.
async fn texts(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

/// Number of elements matching `css`.
async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.unwrap().len()
}

/// No alert opened, no element made from article text.
async fn no_injection(c: &Client, scope: &str) {
    assert!(c.get_alert_text().await.is_err(), "an alert opened");
    for tag in ["script", "img", "b"] {
        assert_eq!(
            count(c, &format!("{scope} {tag}")).await,
            0,
            "{scope} {tag}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_page_searches_filters_and_shows_articles_as_text() {
    let Some((_driver, port)) = chromedriver() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromedriver not found on CI (.ci/run installs chromium-driver)"
        );
        eprintln!(
            "browser test skipped: chromedriver not found (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let w = serve_util::corpus();
    let s = serve_util::serve(&w);
    let caps = json!({
        "goog:chromeOptions": {
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1200,900"]
        }
    });
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps.as_object().unwrap().clone())
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("connect to chromedriver");

    // The page, then a query typed into the search box.
    c.goto(&format!("{}/", s.base)).await.unwrap();
    rendered_after(&c, 0).await;
    let before = ready(&c).await;
    let q = c.find(Locator::Css("#q")).await.unwrap();
    q.send_keys("bridge\n").await.unwrap();
    rendered_after(&c, before).await;
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/?q=bridge")
    );
    assert_eq!(texts(&c, "#summary").await, ["Articles 1–4 of 4"]);
    assert_eq!(
        texts(&c, "#hits h3").await,
        ["s01.txt", "s05.txt", "s06.txt", "s03.txt"]
    );
    assert_eq!(
        texts(&c, "#hits .hit:first-child mark").await,
        ["bridge", "bridge"]
    );
    let snippets = texts(&c, "#hits .snippet").await;
    assert!(
        snippets[2].contains(
            "\"The <b>bridge</b> is safe,\" said Mark Lee. A reader posted <script>alert(1)</script> and \"><img src=x onerror=alert(2)>"
        ),
        "{snippets:?}"
    );
    no_injection(&c, "#hits").await;

    assert_eq!(count(&c, "#warnings:not([hidden])").await, 0);

    // The timeline: one bar per month, March empty.
    let mut bars = Vec::new();
    for r in c
        .find_all(Locator::Css("#timeline-svg rect.bar"))
        .await
        .unwrap()
    {
        bars.push((
            r.attr("data-period").await.unwrap().unwrap(),
            r.attr("data-articles").await.unwrap().unwrap(),
        ));
    }
    let want: Vec<(String, String)> = [
        ("2024-01", "1"),
        ("2024-02", "1"),
        ("2024-03", "0"),
        ("2024-04", "2"),
    ]
    .iter()
    .map(|(p, n)| (p.to_string(), n.to_string()))
    .collect();
    assert_eq!(bars, want);
    assert_eq!(
        texts(&c, "#top-speakers li").await,
        ["Mark Lee 3", "Jane Doe 2"]
    );
    assert_eq!(texts(&c, "#top-handles li").await, ["CityDesk 3"]);
    shot(&c, "hits").await;

    // --normalize: bars are the share of all articles of each month.
    click(&c, "#normalize").await;
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/?q=bridge&normalize=1")
    );
    let mut shares = Vec::new();
    for r in c
        .find_all(Locator::Css("#timeline-svg rect.bar"))
        .await
        .unwrap()
    {
        shares.push(r.attr("data-share").await.unwrap().unwrap());
    }
    assert_eq!(shares, ["0.5", "0.5", "0", "1"]);
    click(&c, "#normalize").await;

    // A handle from the side panel and a date typed in filter the hits.
    click(&c, "#top-handles li:first-child a").await;
    assert_eq!(
        texts(&c, "#hits h3").await,
        ["s01.txt", "s05.txt", "s03.txt"]
    );
    let before = ready(&c).await;
    c.find(Locator::Css("#since"))
        .await
        .unwrap()
        .send_keys("2024-04\n")
        .await
        .unwrap();
    rendered_after(&c, before).await;
    assert_eq!(
        c.current_url().await.unwrap().query(),
        Some("q=bridge&since=2024-04&handle=CityDesk")
    );
    assert_eq!(texts(&c, "#hits h3").await, ["s05.txt"]);
    // Back to the plain query through the browser history.
    for _ in 0..2 {
        let before = ready(&c).await;
        c.back().await.unwrap();
        rendered_after(&c, before).await;
    }
    assert_eq!(c.current_url().await.unwrap().query(), Some("q=bridge"));
    assert_eq!(count(&c, "#hits li").await, 4);

    // Quotations of the matches, then only Mark Lee's by clicking him.
    click(&c, "#tabs a[data-tab=quotes]").await;
    assert_eq!(
        texts(&c, "#quotes .speaker").await,
        ["Jane Doe", "Mark Lee", "Mark Lee"]
    );
    click(&c, "#top-speakers li:first-child a").await;
    let url = c.current_url().await.unwrap();
    assert_eq!(url.query(), Some("q=bridge&speaker=Mark+Lee&tab=quotes"));
    assert_eq!(
        texts(&c, "#quotes .speaker").await,
        ["Mark Lee", "Mark Lee"]
    );
    let quoted = texts(&c, "#quotes .text").await;
    assert_eq!(quoted.len(), 2);
    assert!(
        quoted.contains(&"“The <b>bridge</b> is safe,”".to_string()),
        "{quoted:?}"
    );
    no_injection(&c, "#quotes").await;
    shot(&c, "quotations").await;

    // The concordance of the same state.
    click(&c, "#tabs a[data-tab=kwic]").await;
    assert_eq!(count(&c, "#kwic tr").await, 5);
    assert_eq!(texts(&c, "#kwic td.match").await, ["bridge"; 5]);
    let lefts = texts(&c, "#kwic td.left").await;
    assert!(lefts[3].ends_with("\"The <b>"), "{lefts:?}");
    no_injection(&c, "#kwic").await;
    shot(&c, "concordance").await;

    // The hostile article, opened from the quotations: text, quotations marked.
    click(&c, "#tabs a[data-tab=quotes]").await;
    let mut target = None;
    for li in c.find_all(Locator::Css("#quotes li")).await.unwrap() {
        if li.text().await.unwrap().contains("<b>bridge</b>") {
            target = Some(li.find(Locator::Css("a.open")).await.unwrap());
        }
    }
    let before = ready(&c).await;
    target.expect("the quotation of s06").click().await.unwrap();
    rendered_after(&c, before).await;
    let body = texts(&c, "#body").await.remove(0);
    assert!(
        body.contains("A reader posted <script>alert(1)</script> and \"><img src=x onerror=alert(2)> under the bridge story."),
        "{body}"
    );
    let marked = c
        .find(Locator::Css("#body q[data-speaker='Mark Lee']"))
        .await
        .unwrap();
    assert_eq!(
        marked.text().await.unwrap(),
        "The <b>bridge</b> is safe, — Mark Lee"
    );
    assert_eq!(
        texts(&c, "#article .speakers").await,
        ["Speakers: Mark Lee"]
    );
    no_injection(&c, "#article").await;
    shot(&c, "article").await;

    // A query read leniently says so.
    c.goto(&format!("{}/?q=%28bridge", s.base)).await.unwrap();
    rendered_after(&c, 0).await;
    assert_eq!(
        texts(&c, "#warnings").await,
        ["could not read the query exactly (Syntax Error: (bridge); searched it leniently"]
    );

    // A shared URL gives the same view; a phone-sized window does not scroll sideways.
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{}/?q=bridge", s.base)).await.unwrap();
    rendered_after(&c, 0).await;
    assert_eq!(
        texts(&c, "#hits h3").await,
        ["s01.txt", "s05.txt", "s06.txt", "s03.txt"]
    );
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(overflow.as_i64(), Some(0), "horizontal scroll on a phone");
    shot(&c, "phone").await;
    c.close().await.unwrap();
}
