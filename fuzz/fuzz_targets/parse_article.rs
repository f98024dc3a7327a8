//! Fuzz target: `Article::parse` on arbitrary UTF-8 never panics, and every
//! quotation's offsets are char boundaries with `body[start..end] == text`.
//!
//! The article module is pure (regex, memchr, chrono, serde, and the word
//! lists of `src/lexicon/`), so both are compiled straight from the source
//! tree instead of through the `newsidx` crate; this keeps tantivy out of the
//! sanitizer build.
#![no_main]

#[path = "../../src/article/mod.rs"]
#[allow(dead_code)]
mod article;

#[path = "../../src/lexicon/mod.rs"]
#[allow(dead_code)]
mod lexicon;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let a = article::Article::parse(text);
    for q in &a.quotes {
        assert!(q.start <= q.end && q.end <= a.body.len());
        assert!(a.body.is_char_boundary(q.start) && a.body.is_char_boundary(q.end));
        assert_eq!(&a.body[q.start..q.end], q.text);
    }
    let mut seen = std::collections::HashSet::new();
    for h in &a.handles {
        assert!(seen.insert(h.to_lowercase()));
    }
});
