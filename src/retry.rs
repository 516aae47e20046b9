//! Retries: which requests are repeated, when, and how long the client waits in between.
//!
//! Every request of a [`Client`](crate::Client) goes through the client's [`RetryPolicy`] (set with
//! [`ClientBuilder::retry`](crate::ClientBuilder::retry); on by default, off with
//! [`RetryPolicy::disabled`]). A failed attempt is repeated when **both** hold:
//!
//! - the failure is *transient*: a connection error, a timeout, or an answer with status
//!   `429`, `502`, `503` or `504`. A certificate the client rejects, a request that cannot
//!   be built, and every other answer (`404`, `409`, validation errors, ...) are not.
//! - repeating the request is *safe*: `GET`, `HEAD`, `PUT` and `DELETE` are idempotent and
//!   always safe; `PATCH` only when the policy opts in ([`RetryPolicy::retry_patch`]);
//!   `POST` never — not after a timeout, not after a 503, not when the connection broke
//!   after the request was written. The one exception for `POST`/`PATCH` is a connection
//!   that could not be established at all ([`Error::may_have_been_sent`] is `false`): the
//!   server never saw the request, so nothing can be duplicated.
//!
//! Between attempts the client waits with exponential backoff and jitter (the `n`-th
//! retry waits between half and all of `initial_backoff * 2^(n-1)`, capped at
//! `max_backoff`), or as long as the server's `Retry-After` header asks (seconds or an
//! HTTP date). It stops after [`RetryPolicy::max_attempts`] attempts, and it does not wait
//! past [`RetryPolicy::budget`] (counted from the first attempt): a `Retry-After` longer
//! than what is left of the budget ends the retries at once.
//!
//! When an attempt was repeated (or a transient failure was given up on), the error is
//! [`Error::Retried`]: its message ends with the number of attempts, and
//! [`Error::status`], [`Error::is_not_found`] and friends look through it to the last
//! attempt's error ([`Error::last_attempt`]). Every retry is a `tracing` event
//! (`WARN`, target `vvp::retry`) with the method, path, attempt, delay and error.
//!
//! A `DELETE` whose first answer was lost after the server processed it is answered
//! `404` on the retry: `err.is_not_found() && err.attempts() > 1` means the object is
//! most likely gone. A `PUT` repeated that way answers `200` (replaced) rather than `201`.
//!
//! The generated low-level clients ([`Client::raw_appmanager`](crate::Client::raw_appmanager)) do not retry.
//!
//! ```
//! use std::time::Duration;
//! use vvp::retry::RetryPolicy;
//!
//! # fn demo() -> Result<(), vvp::Error> {
//! let client = vvp::Client::builder("https://vvp.example.com")
//!     .retry(
//!         RetryPolicy::default()
//!             .max_attempts(6)
//!             .initial_backoff(Duration::from_millis(200))
//!             .budget(Duration::from_secs(120)),
//!     )
//!     .build()?;
//! let no_retries = vvp::Client::builder("https://vvp.example.com")
//!     .retry(RetryPolicy::disabled())
//!     .build()?;
//! # Ok(()) }
//! # demo().unwrap();
//! ```

pub use crate::error::Retried;
use crate::error::{Error, Result};
use crate::request::{RawResponse, Request};
use reqwest::header::HeaderValue;
use reqwest::Method;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// When and how often failed requests are repeated; see the [module docs](self).
///
/// ```
/// use std::time::Duration;
/// use vvp::retry::RetryPolicy;
///
/// let p = RetryPolicy::default();
/// assert_eq!(p.max_attempts, 4);
/// assert!(p.is_enabled());
/// assert!(!RetryPolicy::disabled().is_enabled());
/// let patient = p.max_attempts(10).budget(Duration::from_secs(300)).retry_patch(true);
/// assert!(patient.retry_patch);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Most attempts per request, the first included (default
    /// [`RetryPolicy::DEFAULT_MAX_ATTEMPTS`]; `1` turns retries off).
    pub max_attempts: u32,
    /// The backoff before the first retry (default
    /// [`RetryPolicy::DEFAULT_INITIAL_BACKOFF`]); it doubles with each retry.
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts (default
    /// [`RetryPolicy::DEFAULT_MAX_BACKOFF`]). Does not shorten a server's `Retry-After`.
    pub max_backoff: Duration,
    /// No retry starts later than this after the first attempt started (default
    /// [`RetryPolicy::DEFAULT_BUDGET`]).
    pub budget: Duration,
    /// Whether `PATCH` requests are repeated (default `false`: a merge patch is idempotent,
    /// but a patch that, say, raises a counter is not).
    pub retry_patch: bool,
    /// Whether backoffs are randomized (default `true`; half to all of the nominal delay),
    /// so that many clients do not retry in lockstep.
    pub jitter: bool,
}

impl RetryPolicy {
    /// 4 attempts (3 retries).
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
    /// 500 milliseconds.
    pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);
    /// 10 seconds.
    pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(10);
    /// 60 seconds.
    pub const DEFAULT_BUDGET: Duration = Duration::from_secs(60);

    /// No retries: every request is sent once.
    ///
    /// ```
    /// let client = vvp::Client::builder("http://127.0.0.1:1")
    ///     .retry(vvp::retry::RetryPolicy::disabled())
    ///     .build()
    ///     .unwrap();
    /// ```
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// `true` when requests may be sent more than once.
    pub fn is_enabled(&self) -> bool {
        self.max_attempts > 1
    }

    /// Set [`RetryPolicy::max_attempts`] (`0` counts as `1`).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Set [`RetryPolicy::initial_backoff`].
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Set [`RetryPolicy::max_backoff`].
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Set [`RetryPolicy::budget`].
    #[must_use]
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Set [`RetryPolicy::retry_patch`].
    #[must_use]
    pub fn retry_patch(mut self, retry: bool) -> Self {
        self.retry_patch = retry;
        self
    }

    /// Set [`RetryPolicy::jitter`].
    #[must_use]
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The nominal backoff before retry number `retry` (1-based), before jitter:
    /// `initial_backoff * 2^(retry-1)`, at most `max_backoff`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let p = vvp::retry::RetryPolicy::default()
    ///     .initial_backoff(Duration::from_millis(100))
    ///     .max_backoff(Duration::from_millis(350));
    /// assert_eq!(p.backoff(1), Duration::from_millis(100));
    /// assert_eq!(p.backoff(2), Duration::from_millis(200));
    /// assert_eq!(p.backoff(3), Duration::from_millis(350));
    /// assert_eq!(p.backoff(60), Duration::from_millis(350));
    /// ```
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32 << retry.saturating_sub(1).min(20);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// The backoff actually waited before retry `retry`: [`RetryPolicy::backoff`], with
    /// jitter a random point in its upper half.
    fn delay(&self, retry: u32) -> Duration {
        let nominal = self.backoff(retry);
        if !self.jitter {
            return nominal;
        }
        let half = nominal / 2;
        half + half.mul_f64(random_unit())
    }

    /// Whether `error`, the answer to a `method` request, is transient (see the
    /// [module docs](self)).
    ///
    /// ```
    /// use vvp::retry::RetryPolicy;
    /// let e = vvp::Error::Config("bad".into());
    /// assert!(!RetryPolicy::is_transient(&e));
    /// ```
    pub fn is_transient(error: &Error) -> bool {
        match error.last_attempt() {
            Error::Timeout { .. } => true,
            Error::Transport(e) => !(e.is_builder() || e.is_redirect() || is_permanent_io(e)),
            Error::Api(_) | Error::UnexpectedResponse { .. } | Error::Validation { .. } => {
                matches!(error.status(), Some(429 | 502 | 503 | 504))
            }
            _ => false,
        }
    }

    /// Whether this policy repeats a `method` request that failed with `error` (ignoring
    /// the attempt count and the budget): the error is transient and repeating is safe.
    ///
    /// ```
    /// use reqwest::Method;
    /// use vvp::retry::RetryPolicy;
    /// let e = vvp::Error::Config("bad".into());
    /// assert!(!RetryPolicy::default().should_retry(&Method::GET, &e));
    /// ```
    pub fn should_retry(&self, method: &Method, error: &Error) -> bool {
        if !self.is_enabled() || !Self::is_transient(error) {
            return false;
        }
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
        ) || (*method == Method::PATCH && self.retry_patch);
        idempotent || !error.may_have_been_sent()
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            initial_backoff: Self::DEFAULT_INITIAL_BACKOFF,
            max_backoff: Self::DEFAULT_MAX_BACKOFF,
            budget: Self::DEFAULT_BUDGET,
            retry_patch: false,
            jitter: true,
        }
    }
}

/// What one attempt learnt besides its result (filled in by the single-attempt send).
#[derive(Debug, Default)]
pub(crate) struct Hints {
    /// The delay an error answer's `Retry-After` header asked for.
    pub(crate) retry_after: Option<Duration>,
}

impl Hints {
    /// Record an error answer's `Retry-After` header.
    pub(crate) fn retry_after(&mut self, value: Option<&HeaderValue>) {
        self.retry_after = value
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
    }
}

/// A `Retry-After` value: delay-seconds, or an HTTP date (a past date means no delay).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let now: chrono::DateTime<chrono::Utc> = now.into();
    Some(
        date.signed_duration_since(now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// A connection error that repeating cannot fix: rustls reports a rejected certificate or
/// a failed handshake as an `InvalidData` I/O error.
fn is_permanent_io(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        // An I/O error's `source()` skips the error it wraps, so look inside by hand.
        let mut io = s.downcast_ref::<std::io::Error>();
        while let Some(i) = io {
            if i.kind() == std::io::ErrorKind::InvalidData {
                return true;
            }
            io = i
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<std::io::Error>());
        }
        source = s.source();
    }
    false
}

/// A number in `[0, 1)` from a xorshift generator seeded from the clock and a counter
/// (jitter needs spread, not cryptographic quality).
fn random_unit() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        x = nanos | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Run `req` through `policy`: the loop around the single-attempt send. `attempt` sends
/// one copy of the request and returns its outcome with the hints the answer carried.
pub(crate) async fn run<F, Fut>(
    policy: &RetryPolicy,
    req: Request,
    mut attempt: F,
) -> Result<RawResponse>
where
    F: FnMut(Request) -> Fut,
    Fut: std::future::Future<Output = (Result<RawResponse>, Hints)>,
{
    let policy = *policy;
    let method = req.method().clone();
    // A request that cannot be repeated (a streamed multipart body) is sent once.
    let mut retry_copy = if policy.is_enabled() {
        req.try_clone()
    } else {
        None
    };
    let start = Instant::now();
    let mut next = Some(req);
    let mut attempts = 0u32;
    let mut any_sent = false;
    loop {
        let Some(current) = next.take() else {
            // Unreachable: a request is always put back before looping.
            return Err(Error::Config("vvp: no request to send".into()));
        };
        attempts += 1;
        let (result, hints) = attempt(current).await;
        let err = match result {
            Ok(resp) => return Ok(resp),
            Err(e) => e,
        };
        let retryable = policy.should_retry(&method, &err);
        let give_up = |err: Error, any_sent: bool| {
            if attempts > 1 || retryable {
                Error::Retried(Box::new(Retried {
                    attempts,
                    elapsed: start.elapsed(),
                    any_sent: any_sent || err.may_have_been_sent(),
                    last_error: err,
                }))
            } else {
                err
            }
        };
        if !retryable {
            return Err(give_up(err, any_sent));
        }
        let Some(copy) = retry_copy.as_ref() else {
            return Err(give_up(err, any_sent));
        };
        if attempts >= policy.max_attempts {
            return Err(give_up(err, any_sent));
        }
        let delay = hints.retry_after.unwrap_or_else(|| policy.delay(attempts));
        if start.elapsed().saturating_add(delay) > policy.budget {
            return Err(give_up(err, any_sent));
        }
        any_sent |= err.may_have_been_sent();
        tracing::warn!(
            target: "vvp::retry",
            method = %method,
            path = %copy.path(),
            attempt = attempts,
            max_attempts = policy.max_attempts,
            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            retry_after = hints.retry_after.is_some(),
            status = err.status(),
            error = %err,
            "vvp.retry: attempt failed, retrying"
        );
        // The last possible attempt takes the copy itself; earlier ones a copy of it.
        next = if attempts + 1 >= policy.max_attempts {
            retry_copy.take()
        } else {
            copy.try_clone()
        };
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // 1994-11-06 08:49:37
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::from_secs(0)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn jitter_stays_in_the_upper_half() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1));
        for retry in 1..8 {
            let nominal = p.backoff(retry);
            for _ in 0..100 {
                let d = p.delay(retry);
                assert!(d >= nominal / 2 && d <= nominal, "{d:?} vs {nominal:?}");
            }
        }
        assert_eq!(p.jitter(false).delay(2), Duration::from_millis(200));
        assert_eq!(p.backoff(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn random_unit_is_in_range_and_varies() {
        let xs: Vec<f64> = (0..1000).map(|_| random_unit()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / 1000.0;
        assert!((0.4..0.6).contains(&mean), "{mean}");
    }
}
