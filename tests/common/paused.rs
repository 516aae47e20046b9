//! For tests on tokio's paused clock (`#[path = "common/paused.rs"] mod paused;`).

/// An HTTP client without timers of its own.
///
/// tokio's paused clock jumps to the next timer whenever the runtime waits for I/O, so an
/// HTTP client with its own timers (request timeout, idle-pool reaper) would see them fire
/// while waiting for wiremock. This one has none: the only timers are the waits' own
/// sleeps. Pass it to `ClientBuilder::http_client`.
pub fn timerless_http() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_idle_timeout(None)
        .build()
        .unwrap()
}
