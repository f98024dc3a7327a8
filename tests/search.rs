//! `newsidx search`: ranking, filters, formats, errors.

use crate::util::Workdir;

const SEED: &str = include_str!("../seeds/000_fbf6acf740d45b26.txt");

#[test]
fn seed_is_top_hit_with_date_and_handles() {
    let w = Workdir::new();
    w.write("seeds/seed.txt", SEED);
    w.ingest(&["seeds"]);
    let v = w.search_json("embassy Baghdad", &[]);
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    assert_eq!(hit["date"], "2019-12-31");
    assert_eq!(
        hit["handles"],
        serde_json::json!(["Mustafa_salimb", "NewsBreaking", "realDonaldTrump"])
    );
}
