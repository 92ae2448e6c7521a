//! Retries: which failures a request is sent again after, how long it waits first (capped
//! exponential backoff with jitter, or the server's `Retry-After`), and how many times.

use crate::{types::TimeDelta, Error, Method, Result};
use std::time::{Duration, SystemTime};

/// A failure that a `Retry` may send the request again after.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryOn {
    /// The connection (or the proxy's) could not be established.
    Connect,
    /// The peer reset the connection or closed it without answering.
    Reset,
    /// A timeout elapsed.
    Timeout,
}

/// Options for a `Retry`.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct RetryConfig {
    /// The most tries in all, the first one included (default 3; 1 never retries).
    pub attempts: Option<u32>,
    /// The wait before the first retry; it doubles for each later one (default 0.1 s;
    /// Python: seconds, JS: milliseconds).
    pub backoff: Option<TimeDelta>,
    /// The longest wait (default 10 s). A `Retry-After` longer than this is not waited for:
    /// the response is returned as it is.
    pub backoff_max: Option<TimeDelta>,
    /// How much of each wait is random, from 0 (none) to 1 (anywhere from 0 to the full
    /// wait); default 0.5, so that clients that failed together do not retry together.
    pub jitter: Option<f64>,
    /// The response statuses to retry (default 429, 502, 503 and 504).
    pub statuses: Option<Vec<u16>>,
    /// The failures to retry (default all: connect, reset and timeout).
    pub errors: Option<Vec<RetryOn>>,
    /// The methods to retry (default the idempotent ones: GET, HEAD, OPTIONS, PUT, DELETE and
    /// TRACE).
    pub methods: Option<Vec<Method>>,
    /// Wait as long as a retried response's `Retry-After` says (default true), within
    /// `backoff_max`.
    pub retry_after: Option<bool>,
}

/// When a request is sent again: given as `retry=` on a `Client` or a request. A request
/// whose body is a one-shot stream is never sent twice; its error says so.
#[rnet::export]
#[derive(Debug, Clone, PartialEq)]
pub struct Retry {
    attempts: u32,
    backoff: Duration,
    backoff_max: Duration,
    jitter: f64,
    statuses: Vec<u16>,
    errors: Vec<RetryOn>,
    methods: Vec<Method>,
    retry_after: bool,
}

#[rnet::export]
impl Retry {
    #[rnet(constructor)]
    pub fn new(opts: Option<RetryConfig>) -> Result<Self> {
        let o = opts.unwrap_or_default();
        let attempts = o.attempts.unwrap_or(3);
        if attempts == 0 {
            return Err(Error::Builder(
                "Retry attempts counts the first try too: it must be 1 or more".into(),
            ));
        }
        let jitter = o.jitter.unwrap_or(0.5);
        if !(0.0..=1.0).contains(&jitter) {
            return Err(Error::Builder(format!(
                "Retry jitter must be from 0 to 1, not {jitter}"
            )));
        }
        let statuses = o.statuses.unwrap_or_else(|| vec![429, 502, 503, 504]);
        if let Some(s) = statuses.iter().find(|s| !(100..=999).contains(*s)) {
            return Err(Error::Builder(format!("{s} is not an HTTP status")));
        }
        use Method::*;
        Ok(Retry {
            attempts,
            backoff: o.backoff.map_or(Duration::from_millis(100), |t| t.0),
            backoff_max: o.backoff_max.map_or(Duration::from_secs(10), |t| t.0),
            jitter,
            statuses,
            errors: o
                .errors
                .unwrap_or_else(|| vec![RetryOn::Connect, RetryOn::Reset, RetryOn::Timeout]),
            methods: o
                .methods
                .unwrap_or_else(|| vec![GET, HEAD, OPTIONS, PUT, DELETE, TRACE]),
            retry_after: o.retry_after.unwrap_or(true),
        })
    }

    /// The most tries in all, the first one included.
    #[rnet(getter)]
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    #[rnet(python(name = "__repr__"), node(js_name = "toString"))]
    pub fn repr(&self) -> String {
        format!(
            "Retry(attempts={}, backoff={:?}, backoff_max={:?}, jitter={}, statuses={:?}, \
             errors={:?}, methods={:?}, retry_after={})",
            self.attempts,
            self.backoff,
            self.backoff_max,
            self.jitter,
            self.statuses,
            self.errors,
            self.methods,
            self.retry_after
        )
    }
}

/// `retry=`: a `Retry`, or a number of tries in all (`retry=3` is `Retry(attempts=3)`).
#[rnet::export(union)]
#[derive(Debug, Clone, PartialEq)]
pub enum RetryInput {
    Policy(Retry),
    Attempts(u32),
}

impl RetryInput {
    pub fn retry(&self) -> Result<Retry> {
        match self {
            RetryInput::Policy(r) => Ok(r.clone()),
            RetryInput::Attempts(n) => Retry::new(Some(RetryConfig {
                attempts: Some(*n),
                ..Default::default()
            })),
        }
    }
}

/// What to do after a try.
#[derive(Debug, PartialEq)]
pub(crate) enum Next {
    /// Hand back what the try gave.
    Done,
    /// Try again after this wait.
    Wait(Duration),
}

impl Retry {
    /// Whether requests with `method` are retried at all.
    pub(crate) fn covers(&self, method: &wreq::Method) -> bool {
        self.attempts > 1 && self.methods.iter().any(|m| m.to_wreq() == *method)
    }

    /// After try number `tried` (1 for the first) failed with `err`.
    pub(crate) fn after_error(&self, err: &Error, tried: u32) -> Next {
        let on = match err {
            Error::Connection(_) | Error::ProxyConnection(_) => RetryOn::Connect,
            Error::ConnectionReset(_) => RetryOn::Reset,
            Error::Timeout(_) => RetryOn::Timeout,
            _ => return Next::Done,
        };
        if tried >= self.attempts || !self.errors.contains(&on) {
            return Next::Done;
        }
        Next::Wait(self.backoff(tried))
    }

    /// After try number `tried` was answered with `status` and, maybe, `Retry-After`.
    pub(crate) fn after_status(&self, status: u16, retry_after: Option<&[u8]>, tried: u32) -> Next {
        if tried >= self.attempts || !self.statuses.contains(&status) {
            return Next::Done;
        }
        let asked = retry_after
            .filter(|_| self.retry_after)
            .and_then(parse_retry_after);
        match asked {
            // The server asked for longer than we are willing to wait: its answer stands.
            Some(d) if d > self.backoff_max => Next::Done,
            Some(d) => Next::Wait(d),
            None => Next::Wait(self.backoff(tried)),
        }
    }

    /// The wait after try number `tried`: `backoff` doubled per earlier retry, capped, less
    /// a random share of up to `jitter`.
    fn backoff(&self, tried: u32) -> Duration {
        let doubled = self
            .backoff
            .saturating_mul(1u32.checked_shl(tried - 1).unwrap_or(u32::MAX));
        let wait = doubled.min(self.backoff_max);
        if self.jitter == 0.0 {
            return wait;
        }
        let unit = (crate::emulation::random_u64() >> 11) as f64 / (1u64 << 53) as f64;
        wait.mul_f64(1.0 - self.jitter * unit)
    }
}

/// `Retry-After`: delay-seconds, or an HTTP date (a date in the past means now).
fn parse_retry_after(v: &[u8]) -> Option<Duration> {
    let text = std::str::from_utf8(v).ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retry(cfg: RetryConfig) -> Retry {
        Retry::new(Some(cfg)).unwrap()
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let r = retry(RetryConfig {
            attempts: Some(10),
            backoff: Some(TimeDelta(Duration::from_millis(100))),
            backoff_max: Some(TimeDelta(Duration::from_millis(350))),
            jitter: Some(0.0),
            ..Default::default()
        });
        let waits: Vec<_> = (1..=4).map(|n| r.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
        assert_eq!(r.backoff(40).as_millis(), 350);
    }

    #[test]
    fn jitter_stays_within_its_share() {
        let r = retry(RetryConfig {
            jitter: Some(0.5),
            ..Default::default()
        });
        for _ in 0..200 {
            let w = r.backoff(1).as_millis();
            assert!((50..=100).contains(&w), "{w}");
        }
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(parse_retry_after(b" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after(b"Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let d = parse_retry_after(later.as_bytes()).unwrap();
        assert!(
            d > Duration::from_secs(28) && d <= Duration::from_secs(30),
            "{d:?}"
        );
        assert_eq!(parse_retry_after(b"soon"), None);
    }

    #[test]
    fn a_long_retry_after_returns_the_response() {
        let r = retry(RetryConfig::default());
        assert_eq!(r.after_status(503, Some(b"3600"), 1), Next::Done);
        assert_eq!(
            r.after_status(503, Some(b"1"), 1),
            Next::Wait(Duration::from_secs(1))
        );
        assert_eq!(r.after_status(503, None, 3), Next::Done);
        assert_eq!(r.after_status(500, None, 1), Next::Done);
    }

    #[test]
    fn bad_settings_are_refused() {
        for cfg in [
            RetryConfig {
                attempts: Some(0),
                ..Default::default()
            },
            RetryConfig {
                jitter: Some(1.5),
                ..Default::default()
            },
            RetryConfig {
                statuses: Some(vec![42]),
                ..Default::default()
            },
        ] {
            assert!(matches!(Retry::new(Some(cfg)), Err(Error::Builder(_))));
        }
    }
}
