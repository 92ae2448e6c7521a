//! Redirect policies and the redirect history of a response.

use crate::{
    convert::{self, hint, FromHost, Host, HostFn, Lift, ToHost},
    HeaderMap,
};
use std::{future::Future, pin::Pin, sync::Arc};

#[derive(Clone)]
enum Kind {
    Limited(u32),
    None,
    Custom(RedirectCallback),
}

/// How redirects are followed.
#[rnet::export]
#[derive(Clone)]
pub struct Policy {
    kind: Kind,
}

/// Waits for the host's decision on this worker thread. wreq records history and classifies
/// errors only for decisions made synchronously; `block_in_place` hands the worker's other
/// tasks to the rest of the runtime meanwhile, and the host function runs elsewhere (a blocking
/// thread with the GIL, or the JS thread), so nothing waits on this thread.
fn decide_here(cb: &RedirectCallback, attempt: Attempt) -> Result<Action, String> {
    let handle = tokio::runtime::Handle::try_current()
        .map_err(|_| "custom redirect policies need the rnet runtime".to_string())?;
    if handle.runtime_flavor() != tokio::runtime::RuntimeFlavor::MultiThread {
        return Err("custom redirect policies need a multi-threaded runtime".into());
    }
    tokio::task::block_in_place(|| handle.block_on(cb.0.decide(attempt)))
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A host function (a Python callable, a JS function) that decides each redirect.
pub trait Decide: Send + Sync {
    /// The decision, or the message of what the function raised or threw.
    fn decide(
        &self,
        attempt: Attempt,
    ) -> Pin<Box<dyn Future<Output = Result<Action, String>> + Send>>;
}

/// `Policy.custom(callback)`'s callback: `(attempt: Attempt) -> Action`.
#[rnet::export(input)]
#[derive(Clone)]
pub struct RedirectCallback(pub Arc<dyn Decide>);

impl Decide for HostFn<Attempt, Action> {
    fn decide(
        &self,
        attempt: Attempt,
    ) -> Pin<Box<dyn Future<Output = Result<Action, String>> + Send>> {
        self(attempt)
    }
}

hint!(
    RedirectCallback,
    "Callable[[Attempt], Action]",
    "Callable[[Attempt], Action]",
    "(attempt: Attempt) => Action"
);

impl<H: Host> Lift<H> for RedirectCallback
where
    Attempt: ToHost<H>,
    Action: FromHost<H>,
{
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        if H::kind(v) != convert::Kind::Function {
            return Err(H::type_error(v, "a function taking an Attempt"));
        }
        let f = H::function::<Attempt, Action>(v, "attempt.follow(), .stop() or .error(msg)")?;
        Ok(RedirectCallback(Arc::new(f)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Decision {
    Follow,
    Stop,
    Error(String),
}

/// A redirect about to happen, given to a custom policy.
#[rnet::export]
#[derive(Debug, Clone)]
pub struct Attempt {
    status: u16,
    next: String,
    previous: Vec<String>,
    headers: HeaderMap,
}

#[rnet::export]
impl Attempt {
    /// The redirect's status code.
    #[rnet(getter)]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Where the redirect points.
    #[rnet(getter)]
    pub fn next(&self) -> String {
        self.next.clone()
    }

    /// The URLs requested so far, oldest first.
    #[rnet(getter)]
    pub fn previous(&self) -> Vec<String> {
        self.previous.clone()
    }

    /// The redirect response's headers.
    #[rnet(getter)]
    pub fn headers(&self) -> HeaderMap {
        self.headers.clone()
    }

    /// Follow the redirect.
    pub fn follow(&self) -> Action {
        Action(Decision::Follow)
    }

    /// Stop, and return the redirect response as it is.
    pub fn stop(&self) -> Action {
        Action(Decision::Stop)
    }

    /// Fail the request with `RedirectError` and this message.
    pub fn error(&self, message: String) -> Action {
        Action(Decision::Error(message))
    }
}

/// What a custom policy decided (from `Attempt.follow()`, `.stop()` or `.error(msg)`).
#[rnet::export]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action(Decision);

#[rnet::export]
impl Policy {
    /// Follows up to `max` redirects (default 10); one more raises `RedirectError`.
    #[rnet(staticmethod)]
    pub fn limited(max: Option<u32>) -> Self {
        Policy {
            kind: Kind::Limited(max.unwrap_or(10)),
        }
    }

    /// Follows no redirects: the 3xx response is returned as it is.
    #[rnet(staticmethod)]
    pub fn none() -> Self {
        Policy { kind: Kind::None }
    }

    /// Asks `callback(attempt)` about every redirect; it returns `attempt.follow()`,
    /// `attempt.stop()` or `attempt.error(message)`. What it raises becomes a `RedirectError`.
    #[rnet(staticmethod)]
    pub fn custom(callback: RedirectCallback) -> Self {
        Policy {
            kind: Kind::Custom(callback),
        }
    }

    /// A short description, e.g. `Policy.limited(10)`.
    #[rnet(python(name = "__repr__"), node(js_name = "toString"))]
    pub fn describe(&self) -> String {
        match self.kind {
            Kind::Limited(n) => format!("Policy.limited({n})"),
            Kind::None => "Policy.none()".into(),
            Kind::Custom(_) => "Policy.custom(…)".into(),
        }
    }
}

impl Policy {
    /// Whether this policy may follow a redirect at all.
    pub fn follows(&self) -> bool {
        !matches!(self.kind, Kind::None)
    }

    pub fn to_wreq(self) -> wreq::redirect::Policy {
        match self.kind {
            Kind::Limited(n) => wreq::redirect::Policy::limited(n as usize),
            Kind::None => wreq::redirect::Policy::none(),
            Kind::Custom(cb) => wreq::redirect::Policy::custom(move |attempt| {
                let ours = Attempt {
                    status: attempt.status.as_u16(),
                    next: attempt.uri.to_string(),
                    previous: attempt.previous.iter().map(|u| u.to_string()).collect(),
                    headers: HeaderMap::from_http(attempt.headers.clone().into_owned()),
                };
                let decision = decide_here(&cb, ours);
                match decision {
                    Ok(Action(Decision::Follow)) => attempt.follow(),
                    Ok(Action(Decision::Stop)) => attempt.stop(),
                    Ok(Action(Decision::Error(msg))) => attempt.error(msg),
                    Err(raised) => attempt.error(format!("redirect callback failed: {raised}")),
                }
            }),
        }
    }
}

/// One redirect that was followed.
#[rnet::export]
#[derive(Debug, Clone)]
pub struct History {
    status: u16,
    url: String,
    previous: String,
    headers: HeaderMap,
}

impl History {
    pub fn from_wreq(entry: &wreq::redirect::HistoryEntry) -> Self {
        History {
            status: entry.status.as_u16(),
            url: entry.uri.to_string(),
            previous: entry.previous.to_string(),
            headers: HeaderMap::from_http(entry.headers.clone()),
        }
    }
}

#[rnet::export]
impl History {
    /// The redirect's status code (301, 302, …).
    #[rnet(getter)]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Where the redirect pointed.
    #[rnet(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The URL that answered with the redirect.
    #[rnet(getter)]
    pub fn previous(&self) -> String {
        self.previous.clone()
    }

    /// The redirect response's headers.
    #[rnet(getter)]
    pub fn headers(&self) -> HeaderMap {
        self.headers.clone()
    }
}
