//! Integration tests: the real `newsidx` binary on fixtures written by the
//! tests into scratch directories. One binary, one module per area.

#[allow(dead_code)] // not every test module uses every helper
mod util;

mod bench;
mod delete;
mod errors;
mod export_engines;
mod field_cases;
mod formats;
mod identity;
mod incremental;
mod ingest;
mod pipeline;
mod queries;
mod quotes;
mod research;
mod robustness;
mod search;
mod shell;
mod source2;
