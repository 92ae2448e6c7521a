//! Hooks: host functions called at five points of a request's life, the client's first and
//! then the request's. A hook may be a plain or an async function; what it raises becomes a
//! `HookError` whose cause is the hook's own error. With no hooks the request path is untouched:
//! `Client::execute` checks one `Option`.

use crate::{
    body::RequestBody,
    convert::{self, hint, FromHost, Host, HostFailure, HostFn, Lift, ToHost},
    error::redact,
    redirect::Attempt,
    request::RequestConfig,
    types::{Buffer, HeaderInput, TimeDelta},
    Error, HeaderMap, Response, Result,
};
use std::sync::Arc;

/// One function or a list of them, each a host function from `A` to `R`.
fn functions<H: Host, A, R>(
    v: &H::Value<'_>,
    returns: &'static str,
) -> Result<Vec<HostFn<A, R>>, H::Error>
where
    A: ToHost<H> + Send + 'static,
    R: FromHost<H> + Send + 'static,
{
    let one = |f: &H::Value<'_>| {
        if H::kind(f) != convert::Kind::Function {
            return Err(H::type_error(f, "a function or a list of functions"));
        }
        H::function::<A, R>(f, returns)
    };
    match H::kind(v) {
        convert::Kind::List => H::items(v)?.iter().map(one).collect(),
        _ => Ok(vec![one(v)?]),
    }
}

/// A hook's result when it is not used: anything is accepted.
#[rnet::export(input)]
pub struct Ignored;

hint!(Ignored, "object", "object", "unknown");

impl<H: Host> Lift<H> for Ignored {
    fn lift(_: &H::Value<'_>) -> Result<Self, H::Error> {
        Ok(Ignored)
    }
}

/// The functions of one hook point, and its name for messages.
macro_rules! hook_point {
    ($(#[$doc:meta])* $name:ident($arg:ty) -> $ret:ty, $what:literal, $returns:literal,
     $py:literal, $ts:literal) => {
        $(#[$doc])*
        #[rnet::export(input)]
        #[derive(Clone, Default)]
        pub struct $name(Vec<HostFn<$arg, $ret>>);

        hint!($name, $py, $py, $ts);

        impl<H: Host> Lift<H> for $name
        where
            $arg: ToHost<H>,
            $ret: FromHost<H>,
        {
            fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
                functions::<H, $arg, $ret>(v, $returns).map($name)
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({} functions)", stringify!($name), self.0.len())
            }
        }

        impl $name {
            const WHAT: &'static str = $what;

            fn then(&self, later: &Self) -> Self {
                $name(self.0.iter().chain(&later.0).cloned().collect())
            }
        }
    };
}

hook_point!(
    /// `before_request`: `(request: PendingRequest) -> RequestChange | None`.
    BeforeRequest(PendingRequest) -> Option<RequestChange>,
    "before-request",
    "None or a RequestChange",
    "Callable[[PendingRequest], RequestChange | None | Awaitable[RequestChange | None]] | Sequence[Callable[[PendingRequest], RequestChange | None | Awaitable[RequestChange | None]]]",
    "((request: PendingRequest) => RequestChange | void | Promise<RequestChange | void>) | Array<(request: PendingRequest) => RequestChange | void | Promise<RequestChange | void>>"
);
hook_point!(
    /// `after_response`: `(response: Response) -> None`.
    AfterResponse(Response) -> Ignored,
    "after-response",
    "anything",
    "Callable[[Response], object] | Sequence[Callable[[Response], object]]",
    "((response: Response) => unknown) | Array<(response: Response) => unknown>"
);
hook_point!(
    /// `before_redirect`: `(attempt: Attempt) -> None`.
    BeforeRedirect(Attempt) -> Ignored,
    "before-redirect",
    "anything",
    "Callable[[Attempt], object] | Sequence[Callable[[Attempt], object]]",
    "((attempt: Attempt) => unknown) | Array<(attempt: Attempt) => unknown>"
);
hook_point!(
    /// `before_retry`: `(event: RetryEvent) -> None`.
    BeforeRetry(RetryEvent) -> Ignored,
    "before-retry",
    "anything",
    "Callable[[RetryEvent], object] | Sequence[Callable[[RetryEvent], object]]",
    "((event: RetryEvent) => unknown) | Array<(event: RetryEvent) => unknown>"
);
hook_point!(
    /// `on_error`: `(error: RnetError) -> None`.
    OnError(Error) -> Ignored,
    "on-error",
    "anything",
    "Callable[[RnetError], object] | Sequence[Callable[[RnetError], object]]",
    "((error: Error) => unknown) | Array<(error: Error) => unknown>"
);

/// Functions called at points of a request's life (`hooks=` on the client and per request;
/// the client's run first). Each point takes a function or a list of functions, plain or
/// async; what one raises fails the request with `HookError`, whose cause it is.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct Hooks {
    /// Before the request is sent, once (retries resend what the hooks made): it may change
    /// `request.headers` in place and return a `RequestChange` for the method, URL, headers
    /// or body.
    pub before_request: Option<BeforeRequest>,
    /// When the final response's head has arrived (after redirects and retries, before
    /// `raise_for_status`): it may inspect it, or raise to fail the request.
    pub after_response: Option<AfterResponse>,
    /// Before a redirect the policy chose to follow: raise to stop with `HookError`.
    pub before_redirect: Option<BeforeRedirect>,
    /// Before a retry, with what failed and the wait: raise to stop retrying.
    pub before_retry: Option<BeforeRetry>,
    /// When the request fails, with the error it fails with; raising replaces that error
    /// with a `HookError`.
    pub on_error: Option<OnError>,
}

/// `a`'s functions, then `b`'s.
fn both<T: Clone>(a: &Option<T>, b: &Option<T>, then: impl Fn(&T, &T) -> T) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(then(a, b)),
        (a, b) => a.clone().or_else(|| b.clone()),
    }
}

impl Hooks {
    /// The hooks a request runs: the client's, then its own.
    pub fn for_request(client: Option<&Arc<Hooks>>, own: Option<Hooks>) -> Option<Arc<Hooks>> {
        match (client, own) {
            (None, None) => None,
            (Some(c), None) => Some(c.clone()),
            (None, Some(o)) => Some(Arc::new(o)),
            (Some(c), Some(o)) => Some(Arc::new(Hooks {
                before_request: both(&c.before_request, &o.before_request, BeforeRequest::then),
                after_response: both(&c.after_response, &o.after_response, AfterResponse::then),
                before_redirect: both(&c.before_redirect, &o.before_redirect, BeforeRedirect::then),
                before_retry: both(&c.before_retry, &o.before_retry, BeforeRetry::then),
                on_error: both(&c.on_error, &o.on_error, OnError::then),
            })),
        }
    }

    /// Runs the before-request hooks over the request, applying each one's change before
    /// the next sees it.
    pub async fn before_request(
        &self,
        method: &mut wreq::Method,
        url: &mut url::Url,
        opts: &mut RequestConfig,
    ) -> Result<()> {
        let Some(hooks) = &self.before_request else {
            return Ok(());
        };
        let headers = match &opts.common.headers {
            Some(h) => HeaderMap::from_http(h.to_http()?),
            None => HeaderMap::default(),
        };
        for f in &hooks.0 {
            let view = PendingRequest {
                method: method.to_string(),
                url: url.to_string(),
                headers: headers.clone(),
                body: body_bytes(opts)?,
            };
            let change = f(view)
                .await
                .map_err(|e| failed(BeforeRequest::WHAT, method.as_str(), url.as_str(), e))?;
            if let Some(change) = change {
                change.apply(method, url, &headers, opts)?;
            }
        }
        if !headers.is_empty() || opts.common.headers.is_some() {
            opts.common.headers = Some(HeaderInput::Headers(headers));
        }
        Ok(())
    }

    pub async fn after_response(&self, resp: &Response, method: &str) -> Result<()> {
        let Some(hooks) = &self.after_response else {
            return Ok(());
        };
        for f in &hooks.0 {
            f(resp.clone())
                .await
                .map_err(|e| failed(AfterResponse::WHAT, method, &resp.url(), e))?;
        }
        Ok(())
    }

    /// Before a retry: a hook that raises stops the retries with its error.
    pub async fn before_retry(&self, event: RetryEvent) -> Result<()> {
        let Some(hooks) = &self.before_retry else {
            return Ok(());
        };
        for f in &hooks.0 {
            f(event.clone())
                .await
                .map_err(|e| failed(BeforeRetry::WHAT, &event.method, &event.url, e))?;
        }
        Ok(())
    }

    /// The error the request fails with: `e`, unless a hook raised.
    pub async fn on_error(&self, e: Error, method: &str, url: &str) -> Error {
        let Some(hooks) = &self.on_error else {
            return e;
        };
        for f in &hooks.0 {
            if let Err(raised) = f(e.clone()).await {
                return failed(OnError::WHAT, method, url, raised);
            }
        }
        e
    }

    pub fn before_redirect(&self) -> Option<&BeforeRedirect> {
        self.before_redirect.as_ref()
    }
}

impl BeforeRedirect {
    /// Runs the hooks on this worker thread (wreq asks its redirect policy synchronously).
    pub(crate) fn run_here(&self, attempt: &Attempt) -> Result<(), HookFailed> {
        for f in &self.0 {
            crate::redirect::wait_here(f(attempt.clone())).map_err(|failure| HookFailed {
                what: BeforeRedirect::WHAT,
                failure,
            })?;
        }
        Ok(())
    }
}

/// The body as it will be sent, when it is in memory (not a stream or multipart).
fn body_bytes(opts: &RequestConfig) -> Result<Option<Buffer>> {
    let bytes = match (&opts.body, &opts.json, &opts.form) {
        (Some(RequestBody::Bytes(b)), _, _) => b.clone(),
        (Some(RequestBody::Form(p)), _, _) | (None, None, Some(p)) => p.urlencoded().into(),
        (None, Some(j), None) => serde_json::to_vec(&j.0)
            .map_err(|e| Error::Builder(format!("json: {e}")))?
            .into(),
        _ => return Ok(None),
    };
    Ok(Some(Buffer(bytes)))
}

/// A hook failed: the request fails with `HookError`, the hook's error as its cause.
fn failed(what: &str, method: &str, url: &str, e: HostFailure) -> Error {
    Error::Hook(
        format!(
            "{method} {}: a {what} hook failed: {}",
            redact(url),
            e.message
        ),
        e.cause,
    )
}

/// A before-redirect hook's failure, carried through wreq's redirect error to
/// `Error::from_wreq`.
#[derive(Debug)]
pub struct HookFailed {
    what: &'static str,
    failure: HostFailure,
}

impl HookFailed {
    pub fn error(&self, method: &str, url: &str) -> Error {
        failed(self.what, method, url, self.failure.clone())
    }
}

impl std::fmt::Display for HookFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a {} hook failed: {}", self.what, self.failure)
    }
}

impl std::error::Error for HookFailed {}

/// The request a before-request hook sees. `headers` is live: changing it changes the
/// request. The method, URL and body change through the hook's `RequestChange`.
#[rnet::export]
#[derive(Clone)]
pub struct PendingRequest {
    method: String,
    url: String,
    headers: HeaderMap,
    body: Option<Buffer>,
}

#[rnet::export]
impl PendingRequest {
    /// The method, e.g. `GET`.
    #[rnet(getter)]
    pub fn method(&self) -> String {
        self.method.clone()
    }

    /// The absolute URL (a relative one is already resolved against `base_url`).
    #[rnet(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The request's own headers (the client's defaults and profile headers are added when
    /// it is sent); changes made here are sent.
    #[rnet(getter)]
    pub fn headers(&self) -> HeaderMap {
        self.headers.clone()
    }

    /// The body as it will be sent, if it is in memory (bytes, text, JSON or a form); None
    /// for no body, a stream or multipart.
    #[rnet(getter)]
    pub fn body(&self) -> Option<Buffer> {
        self.body.clone()
    }
}

/// What a before-request hook changes; what it leaves out stays as it is.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct RequestChange {
    /// The method, e.g. `"POST"`.
    pub method: Option<String>,
    /// The URL, absolute or relative to the request's.
    pub url: Option<String>,
    /// Headers to set: each name given replaces that header's values.
    pub headers: Option<HeaderInput>,
    /// A new body (as `body=`); it replaces `json`, `form` and `multipart`.
    pub body: Option<RequestBody>,
}

impl RequestChange {
    fn apply(
        self,
        method: &mut wreq::Method,
        url: &mut url::Url,
        headers: &HeaderMap,
        opts: &mut RequestConfig,
    ) -> Result<()> {
        let bad = |m: String| Error::Builder(format!("a before-request hook's change: {m}"));
        if let Some(m) = self.method {
            *method = wreq::Method::from_bytes(m.as_bytes())
                .map_err(|_| bad(format!("invalid method {m:?}")))?;
        }
        if let Some(u) = self.url {
            let next = url
                .join(&u)
                .map_err(|e| bad(format!("invalid URL {:?}: {e}", redact(&u))))?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(bad(format!("unsupported URL scheme in {}", redact(&u))));
            }
            *url = next;
        }
        if let Some(h) = self.headers {
            headers.replace_all(h.to_http()?);
        }
        if let Some(b) = self.body {
            opts.body = Some(b);
            opts.json = None;
            opts.form = None;
            opts.multipart = None;
        }
        Ok(())
    }
}

/// A retry about to happen, given to before-retry hooks.
#[rnet::export]
#[derive(Clone)]
pub struct RetryEvent {
    attempt: u32,
    status: Option<u16>,
    error: Option<String>,
    wait: std::time::Duration,
    method: String,
    url: String,
}

impl RetryEvent {
    pub fn new(
        attempt: u32,
        outcome: std::result::Result<u16, &Error>,
        wait: std::time::Duration,
        method: &str,
        url: &str,
    ) -> Self {
        let (status, error) = match outcome {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.to_string())),
        };
        RetryEvent {
            attempt,
            status,
            error,
            wait,
            method: method.to_string(),
            url: url.to_string(),
        }
    }
}

#[rnet::export]
impl RetryEvent {
    /// The try that failed (1 for the first).
    #[rnet(getter)]
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Its retryable status, if it got a response.
    #[rnet(getter)]
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// Its error's message, if it failed.
    #[rnet(getter)]
    pub fn error(&self) -> Option<String> {
        self.error.clone()
    }

    /// How long rnet waits before the next try (Python: timedelta; JS: milliseconds).
    #[rnet(getter)]
    pub fn wait(&self) -> TimeDelta {
        TimeDelta(self.wait)
    }

    /// The request's method.
    #[rnet(getter)]
    pub fn method(&self) -> String {
        self.method.clone()
    }

    /// The request's URL.
    #[rnet(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }
}

impl std::fmt::Debug for PendingRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PendingRequest({} {})", self.method, redact(&self.url))
    }
}
