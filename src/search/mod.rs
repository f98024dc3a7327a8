//! Stage 3 of the flow: a query string and filters → ranked [`Hit`]s,
//! aggregation rows ([`aggregate`]), concordance lines ([`kwic`]) and whole
//! documents ([`export`], streamed by [`scan`]).
//!
//! Prints nothing; tantivy types end here.

pub mod aggregate;
pub mod bench;
pub mod export;
pub mod hits;
pub mod identity;
pub mod kwic;
pub mod query;
pub mod scan;
pub mod select;

pub use hits::{Hit, SearchResult, Snippet, search};
pub use query::{DateBound, Filters, SearchRequest, Sort};
pub mod quotes;
