//! Decoding and normalisation of article text.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// What [`decode`] had to repair in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Repairs {
    /// The bytes were not valid UTF-8 and were decoded as Windows-1252.
    pub windows_1252: bool,
    /// A JSON string held a lone UTF-16 surrogate escape (`"\ud83d"`, half
    /// an emoji cut off by a scraper), read as U+FFFD instead of failing
    /// the whole record (Python's `json` accepts them too).
    pub lone_surrogates: bool,
}

/// The JSON escape that replaces a lone surrogate escape: U+FFFD.
const REPLACEMENT_ESCAPE: &[u8] = b"\\uFFFD";

/// The value of four hex digits.
fn hex4(b: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(b.get(..4)?).ok()?;
    u32::from_str_radix(s, 16)
        .ok()
        .filter(|_| s.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// Copies JSON text from `input` to `out`, replacing each `\uD800`–`\uDFFF`
/// escape that is not half of a surrogate pair by `\uFFFD`, and pushing
/// to `marks` the length of `out` just after each replacement. Stops
/// before an escape it cannot judge without the bytes after `input`
/// unless `eof`. Returns the bytes of `input` consumed. Backslashes only
/// occur inside JSON strings, so no parsing of the syntax is needed.
pub fn repair_surrogate_escapes(
    input: &[u8],
    eof: bool,
    out: &mut Vec<u8>,
    marks: &mut Vec<usize>,
) -> usize {
    let n = input.len();
    let mut i = 0;
    let cp_at = |j: usize| input.get(j..j + 4).and_then(hex4);
    while i < n {
        let Some(at) = input[i..].iter().position(|&b| b == b'\\') else {
            out.extend_from_slice(&input[i..]);
            return n;
        };
        out.extend_from_slice(&input[i..i + at]);
        i += at;
        // Bytes needed to judge the escape at i.
        let need = match input.get(i + 1) {
            Some(b'u') if i + 6 <= n => match cp_at(i + 2) {
                Some(0xD800..=0xDBFF)
                    if input.get(i + 6).is_none_or(|&b| b == b'\\')
                        && input.get(i + 7).is_none_or(|&b| b == b'u') =>
                {
                    12
                }
                _ => 6,
            },
            Some(b'u') => 6,
            _ => 2,
        };
        if i + need > n && !eof {
            return i;
        }
        let step = match (input.get(i + 1), cp_at(i + 2)) {
            (Some(b'u'), Some(0xD800..=0xDBFF))
                if input.get(i + 6..i + 8) == Some(b"\\u")
                    && matches!(cp_at(i + 8), Some(0xDC00..=0xDFFF)) =>
            {
                12
            }
            (Some(b'u'), Some(0xD800..=0xDFFF)) => {
                out.extend_from_slice(REPLACEMENT_ESCAPE);
                marks.push(out.len());
                i += 6;
                continue;
            }
            _ => need.min(6),
        };
        let end = (i + step).min(n);
        out.extend_from_slice(&input[i..end]);
        i = end;
    }
    n
}

/// A JSON text with lone surrogate escapes replaced (see
/// [`repair_surrogate_escapes`]), borrowed when there is none, and the
/// number replaced.
pub fn repair_json(s: &str) -> (Cow<'_, str>, usize) {
    if !s.contains("\\u") {
        return (Cow::Borrowed(s), 0);
    }
    let (mut out, mut marks) = (Vec::with_capacity(s.len()), Vec::new());
    repair_surrogate_escapes(s.as_bytes(), true, &mut out, &mut marks);
    if marks.is_empty() {
        return (Cow::Borrowed(s), 0);
    }
    // ASCII escapes were replaced by ASCII escapes: still UTF-8.
    match String::from_utf8(out) {
        Ok(t) => (Cow::Owned(t), marks.len()),
        Err(_) => (Cow::Borrowed(s), 0),
    }
}

/// A reader of JSON text that repairs lone surrogate escapes on the way
/// (see [`repair_surrogate_escapes`]), for streamed `.json` files. It adds
/// the number repaired to `count` as the repaired bytes are read, so that
/// a caller reading record by record can tell which records had some.
pub struct SurrogateRepair<R> {
    inner: R,
    /// Raw bytes read but not yet judged (an escape cut by a chunk end).
    raw: Vec<u8>,
    /// Repaired bytes not yet handed out, from `pos`.
    out: Vec<u8>,
    pos: usize,
    /// Offsets in `out` just past each replacement not yet handed out.
    marks: std::collections::VecDeque<usize>,
    count: std::rc::Rc<std::cell::Cell<usize>>,
    eof: bool,
}

impl<R: std::io::BufRead> SurrogateRepair<R> {
    /// Wraps `inner`; repairs are added to `count`.
    pub fn new(inner: R, count: std::rc::Rc<std::cell::Cell<usize>>) -> Self {
        SurrogateRepair {
            inner,
            raw: Vec::new(),
            out: Vec::new(),
            pos: 0,
            marks: Default::default(),
            count,
            eof: false,
        }
    }
}

impl<R: std::io::BufRead> std::io::BufRead for SurrogateRepair<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.pos >= self.out.len() && !(self.eof && self.raw.is_empty()) {
            self.out.clear();
            self.pos = 0;
            if !self.eof {
                let chunk = self.inner.fill_buf()?;
                if chunk.is_empty() {
                    self.eof = true;
                } else {
                    self.raw.extend_from_slice(chunk);
                    let n = chunk.len();
                    self.inner.consume(n);
                }
            }
            let mut marks = Vec::new();
            let used = repair_surrogate_escapes(&self.raw, self.eof, &mut self.out, &mut marks);
            self.marks.extend(marks);
            self.raw.drain(..used);
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
        while self.marks.front().is_some_and(|&m| m <= self.pos) {
            self.marks.pop_front();
            self.count.set(self.count.get() + 1);
        }
    }
}

impl<R: std::io::BufRead> std::io::Read for SurrogateRepair<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let avail = std::io::BufRead::fill_buf(self)?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

/// Decodes raw file bytes into clean text.
///
/// - UTF-8, with a leading byte-order mark removed; bytes that are not
///   valid UTF-8 are decoded as Windows-1252 (reported in [`Repairs`]);
/// - `\r\n` and lone `\r` become `\n`;
/// - HTML character references (`&amp;`, `&#8220;`, `&quot;`) are decoded;
/// - the result is in Unicode NFC.
pub fn decode(bytes: &[u8]) -> (String, Repairs) {
    let (text, repairs) = decode_raw(bytes);
    (normalize(&text), repairs)
}

/// Decodes raw bytes without normalising: a leading byte-order mark is
/// removed and bytes that are not valid UTF-8 are decoded as
/// Windows-1252. Used for structured formats, whose syntax must be parsed
/// before entities are decoded.
pub fn decode_raw(bytes: &[u8]) -> (Cow<'_, str>, Repairs) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut repairs = Repairs::default();
    let text: Cow<str> = match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            repairs.windows_1252 = true;
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            s
        }
    };
    (text, repairs)
}

/// Normalises already-decoded text: line endings, HTML entities, NFC.
/// Allocation-light for the common case (no `\r`, no `&`, ASCII).
pub fn normalize(text: &str) -> String {
    let text: Cow<str> = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let text: Cow<str> = if text.contains('&') {
        Cow::Owned(html_escape::decode_html_entities(&text).into_owned())
    } else {
        text
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    // Most non-ASCII news text (curly quotes, dashes, accented letters
    // already composed) is NFC: the quick check avoids re-composing it
    // char by char (7% of ingest time on the generated corpus).
    if text.is_ascii()
        || unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_entities() {
        let (t, r) = decode(
            b"\xEF\xBB\xBF date 2024-03-10 \r\nThe mayor&#8217;s &quot;plan&quot;\rAT&amp;T",
        );
        assert_eq!(t, " date 2024-03-10 \nThe mayor\u{2019}s \"plan\"\nAT&T");
        assert!(!r.windows_1252);
    }

    #[test]
    fn invalid_utf8_is_windows_1252() {
        let (t, r) = decode(b"caf\xe9 \x93quoted\x94");
        assert_eq!(t, "caf\u{e9} \u{201c}quoted\u{201d}");
        assert!(r.windows_1252);
    }

    fn repaired(s: &str) -> (String, usize) {
        let (t, n) = repair_json(s);
        (t.into_owned(), n)
    }

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        assert_eq!(
            repaired(r#"{"a":"x\ud83d"}"#),
            (r#"{"a":"x\uFFFD"}"#.into(), 1)
        );
        assert_eq!(
            repaired(r#""\ude00 \ud83d\u0041""#),
            (r#""\uFFFD \uFFFD\u0041""#.into(), 2)
        );
        // A pair, an escaped backslash before `u`, other escapes: untouched.
        for ok in [r#""\ud83d\ude00""#, r#""\\ud83d""#, r#""\n\u00e9\"""#] {
            assert_eq!(repaired(ok), (ok.to_string(), 0));
        }
        let v: serde_json::Value = serde_json::from_str(&repaired(r#""a\ud83d""#).0).unwrap();
        assert_eq!(v, "a\u{fffd}");
    }

    #[test]
    fn the_reader_repairs_escapes_cut_by_any_chunk_boundary() {
        use std::io::Read;
        let text = r#"[{"t":"x\ud83d"},{"t":"\ud83d\ude00"},{"t":"\udc00y"}]"#;
        for chunk in 1..text.len() {
            let count = std::rc::Rc::new(std::cell::Cell::new(0));
            let inner = std::io::BufReader::with_capacity(chunk, text.as_bytes());
            let mut r = SurrogateRepair::new(inner, count.clone());
            let mut out = String::new();
            r.read_to_string(&mut out).unwrap();
            assert_eq!(
                out, r#"[{"t":"x\uFFFD"},{"t":"\ud83d\ude00"},{"t":"\uFFFDy"}]"#,
                "{chunk}"
            );
            assert_eq!(count.get(), 2);
        }
    }

    #[test]
    fn nfc() {
        assert_eq!(normalize("Zoe\u{308}"), "Zo\u{eb}");
    }
}
