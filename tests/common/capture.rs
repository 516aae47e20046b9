//! Captures `tracing` output as text (`#[path = "common/capture.rs"] mod capture;`).

use std::sync::{Arc, Mutex};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;

/// Everything written by the capturing subscriber.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// The captured text so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// How many captured lines contain `needle`.
    #[allow(dead_code)]
    pub fn count(&self, needle: &str) -> usize {
        self.text().lines().filter(|l| l.contains(needle)).count()
    }
}

/// The writer handed to the fmt layer.
pub struct Writer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Writer;
    fn make_writer(&'a self) -> Writer {
        Writer(self.0.clone())
    }
}

/// Capture every event and span (opened, closed, with their fields) at TRACE level on
/// this thread until the guard is dropped.
pub fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .with_span_events(FmtSpan::FULL)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    (captured, guard)
}

/// The message of every retry event (`vvp::retry`, one per repeated attempt).
#[allow(dead_code)]
pub const RETRY_EVENT: &str = "vvp.retry: attempt failed, retrying";
