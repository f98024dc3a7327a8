//! newsidx: a local full-text index for news-archive research.
//!
//! # The flow, one way
//!
//! ```text
//! paths ──► source ──► article ──► index ──► search ──► output
//! (CLI)    (walk,      (parse:     (schema,   (query,     (text, json,
//!           read,       date,       writer,    filters,    jsonl, csv)
//!           decode)     tweets,     commit)    snippets)
//!                       quotes)
//! ```
//!
//! Each arrow is a plain value: [`source::SourceRecord`] →
//! [`article::Article`] → `TantivyDocument` → (index on disk) →
//! [`search::Hit`] → bytes on stdout. Nothing flows back: the parser knows
//! nothing of tantivy, output knows nothing of parsing.
//!
//! ```
//! use newsidx::article::Article;
//! let a = Article::parse(" date 2019-12-31 Follow @NewsDesk. \"We will respond,\" said Ana Ruiz.");
//! assert_eq!(a.date.unwrap().to_string(), "2019-12-31");
//! assert_eq!(a.handles, vec!["NewsDesk"]);
//! assert_eq!(a.speakers, vec!["Ana Ruiz"]);
//! ```
#![warn(missing_docs)]

pub mod article;
pub mod cli;
pub mod commands;
pub mod error;
pub mod index;
pub mod lexicon;
pub mod output;
pub mod search;
pub mod serve;
pub mod source;

pub use error::{Error, Result};
