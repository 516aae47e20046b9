//! Helpers shared by the integration tests (`mod common;`).

use std::path::PathBuf;

/// Locates the team's shared reference material (`../shared` beside the crate).
///
/// Returns `None` after printing a skip notice when `../shared/reference/specs` is absent, so
/// the calling test can return early. When `VVP_REQUIRE_SHARED=1` (as in CI) a missing
/// directory is a failure instead: the function panics with a message saying what is missing.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.join("reference/specs").is_dir() {
        return Some(dir);
    }
    if std::env::var("VVP_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!(
            "VVP_REQUIRE_SHARED=1 but {} does not exist; check out the shared reference material",
            dir.join("reference/specs").display()
        );
    }
    println!("skipping: ../shared/reference/specs not found");
    None
}
