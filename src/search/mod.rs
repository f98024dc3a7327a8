//! Stage 3 of the flow: a query string and filters → ranked [`Hit`]s.
//!
//! Prints nothing; tantivy types end here.

pub mod bench;
pub mod hits;
pub mod query;

pub use hits::{Hit, SearchResult, Snippet, search};
pub use query::{DateBound, Filters, SearchRequest, Sort};
pub mod quotes;
