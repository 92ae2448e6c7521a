//! Redirect policies and the redirect history of a response.

use crate::HeaderMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Limited(u32),
    None,
}

/// How redirects are followed.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    kind: Kind,
}

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

    /// A short description, e.g. `Policy.limited(10)`.
    #[rnet(python(name = "__repr__"), node(js_name = "toString"))]
    pub fn describe(&self) -> String {
        match self.kind {
            Kind::Limited(n) => format!("Policy.limited({n})"),
            Kind::None => "Policy.none()".into(),
        }
    }
}

impl Policy {
    pub fn to_wreq(self) -> wreq::redirect::Policy {
        match self.kind {
            Kind::Limited(n) => wreq::redirect::Policy::limited(n as usize),
            Kind::None => wreq::redirect::Policy::none(),
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
