//! Redirect policies and the redirect history of a response.

use crate::{
    convert::{self, hint, FromHost, Host, HostFailure, HostFn, Lift, ToHost},
    hooks::BeforeRedirect,
    HeaderMap,
};
use std::{future::Future, pin::Pin, sync::Arc};

#[derive(Clone)]
enum Kind {
    Limited(u32),
    None,
    Custom(RedirectCallback),
    /// A policy, and before-redirect hooks to run when it follows.
    Hooked(Box<Kind>, BeforeRedirect),
}

/// What a policy does about one redirect.
enum Decided {
    Follow,
    Stop,
    Error(Box<dyn std::error::Error + Send + Sync>),
}

impl Kind {
    /// Asked on a runtime worker, as wreq asks its policy.
    fn decide(&self, attempt: &Attempt) -> Decided {
        match self {
            // As wreq's own limit: `previous` starts with the first URL, not a redirect.
            Kind::Limited(max) if attempt.previous.len() > *max as usize => {
                Decided::Error("too many redirects".into())
            }
            Kind::Limited(_) => Decided::Follow,
            Kind::None => Decided::Stop,
            Kind::Custom(cb) => match wait_here(cb.0.decide(attempt.clone())) {
                Ok(Action(Decision::Follow)) => Decided::Follow,
                Ok(Action(Decision::Stop)) => Decided::Stop,
                Ok(Action(Decision::Error(msg))) => Decided::Error(msg.into()),
                Err(raised) => Decided::Error(format!("redirect callback failed: {raised}").into()),
            },
            Kind::Hooked(policy, hooks) => match policy.decide(attempt) {
                Decided::Follow => match hooks.run_here(attempt) {
                    Ok(()) => Decided::Follow,
                    Err(e) => Decided::Error(Box::new(e)),
                },
                other => other,
            },
        }
    }
}

/// How redirects are followed.
#[rnet::export]
#[derive(Clone)]
pub struct Policy {
    kind: Kind,
}

/// Waits for a host function's answer on this thread. wreq records history and classifies
/// errors only for redirect decisions made synchronously. The host function runs elsewhere (a
/// blocking thread with the GIL, or the JS thread), so nothing waits on this thread: a blocking
/// call's own thread simply waits, and a worker hands its other tasks to the rest of the
/// runtime meanwhile (`block_in_place`).
pub(crate) fn wait_here<T>(
    answer: Pin<Box<dyn Future<Output = Result<T, HostFailure>> + Send>>,
) -> Result<T, HostFailure> {
    if crate::runtime::blocking_caller() {
        return futures::executor::block_on(answer);
    }
    let handle = tokio::runtime::Handle::try_current().map_err(|_| {
        HostFailure::new("custom redirect policies and redirect hooks need the rnet runtime")
    })?;
    if handle.runtime_flavor() != tokio::runtime::RuntimeFlavor::MultiThread {
        return Err(HostFailure::new(
            "custom redirect policies and redirect hooks need a multi-threaded runtime",
        ));
    }
    tokio::task::block_in_place(|| handle.block_on(answer))
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A host function (a Python callable, a JS function) that decides each redirect.
pub trait Decide: Send + Sync {
    /// The decision, or what the function raised or threw.
    fn decide(
        &self,
        attempt: Attempt,
    ) -> Pin<Box<dyn Future<Output = Result<Action, HostFailure>> + Send>>;
}

/// `Policy.custom(callback)`'s callback: `(attempt: Attempt) -> Action`.
#[rnet::export(input)]
#[derive(Clone)]
pub struct RedirectCallback(pub Arc<dyn Decide>);

impl Decide for HostFn<Attempt, Action> {
    fn decide(
        &self,
        attempt: Attempt,
    ) -> Pin<Box<dyn Future<Output = Result<Action, HostFailure>> + Send>> {
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
            Kind::Custom(_) | Kind::Hooked(..) => "Policy.custom(…)".into(),
        }
    }
}

impl Policy {
    /// Whether this policy may follow a redirect at all.
    pub fn follows(&self) -> bool {
        fn follows(kind: &Kind) -> bool {
            match kind {
                Kind::None => false,
                Kind::Hooked(policy, _) => follows(policy),
                _ => true,
            }
        }
        follows(&self.kind)
    }

    /// This policy, running `hooks` before each redirect it follows.
    pub(crate) fn with_hooks(self, hooks: &BeforeRedirect) -> Policy {
        Policy {
            kind: Kind::Hooked(Box::new(self.kind), hooks.clone()),
        }
    }

    pub fn to_wreq(self) -> wreq::redirect::Policy {
        match self.kind {
            Kind::Limited(n) => wreq::redirect::Policy::limited(n as usize),
            Kind::None => wreq::redirect::Policy::none(),
            kind => wreq::redirect::Policy::custom(move |attempt| {
                let ours = Attempt {
                    status: attempt.status.as_u16(),
                    next: attempt.uri.to_string(),
                    previous: attempt.previous.iter().map(|u| u.to_string()).collect(),
                    headers: HeaderMap::from_http(attempt.headers.clone().into_owned()),
                };
                match kind.decide(&ours) {
                    Decided::Follow => attempt.follow(),
                    Decided::Stop => attempt.stop(),
                    Decided::Error(e) => attempt.error(e),
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
