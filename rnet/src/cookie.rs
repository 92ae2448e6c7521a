//! Cookies: `Cookie`, `SameSite`, and `Jar`, a cookie store that clients can share.

use crate::{
    cookie_file::CookieFormat,
    cookie_store::Store,
    error::redact,
    types::{PathInput, TimeDelta, Timestamp},
    Error, Result,
};
use std::sync::Arc;

/// The `SameSite` attribute of a cookie.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SameSite {
    Strict,
    Lax,
    Empty,
}

/// Attributes of a `Cookie` besides its name and value.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct CookieConfig {
    /// The domain the cookie is sent to (and its subdomains).
    pub domain: Option<String>,
    /// The path prefix the cookie is sent for.
    pub path: Option<String>,
    /// How long the cookie lives (Python: seconds or timedelta; JS: milliseconds).
    pub max_age: Option<TimeDelta>,
    /// When the cookie expires (Python: datetime; JS: Date or epoch milliseconds).
    pub expires: Option<Timestamp>,
    /// Hide the cookie from scripts.
    pub http_only: Option<bool>,
    /// Send the cookie over HTTPS only.
    pub secure: Option<bool>,
    /// The SameSite policy.
    pub same_site: Option<SameSite>,
}

/// An HTTP cookie.
#[rnet::export]
#[derive(Debug, Clone)]
pub struct Cookie {
    inner: Arc<cookie::Cookie<'static>>,
}

impl Cookie {
    pub fn from_raw(raw: cookie::Cookie<'static>) -> Self {
        Cookie {
            inner: Arc::new(raw),
        }
    }

    pub fn raw(&self) -> cookie::Cookie<'static> {
        (*self.inner).clone()
    }
}

/// Rejects what would corrupt a `Cookie` header: separators and control characters.
pub(crate) fn check_cookie_text(what: &str, s: &str, allow_empty: bool) -> Result<()> {
    let bad = |c: char| {
        c.is_control() || matches!(c, ';' | ',') || (what == "name" && matches!(c, '=' | ' '))
    };
    if (!allow_empty && s.is_empty()) || s.chars().any(bad) {
        return Err(Error::Builder(format!("invalid cookie {what}: {s:?}")));
    }
    Ok(())
}

#[rnet::export]
impl Cookie {
    /// Creates a cookie. Invalid names or values raise `BuilderError`.
    #[rnet(constructor)]
    pub fn new(name: String, value: String, opts: Option<CookieConfig>) -> Result<Self> {
        check_cookie_text("name", &name, false)?;
        check_cookie_text("value", &value, true)?;
        let opts = opts.unwrap_or_default();
        let mut b = cookie::Cookie::build((name, value));
        if let Some(d) = opts.domain {
            check_cookie_text("domain", &d, false)?;
            b = b.domain(d);
        }
        if let Some(p) = opts.path {
            check_cookie_text("path", &p, false)?;
            b = b.path(p);
        }
        if let Some(m) = opts.max_age {
            let secs = i64::try_from(m.0.as_secs()).map_err(|_| {
                Error::Builder(format!(
                    "cookie {} is too large",
                    crate::host::option_name(CookieConfig::FIELDS, "max_age")
                ))
            })?;
            b = b.max_age(cookie::time::Duration::seconds(secs));
        }
        if let Some(t) = opts.expires {
            let at = cookie::time::OffsetDateTime::from_unix_timestamp(t.unix_secs() as i64)
                .map_err(|e| Error::Builder(format!("invalid cookie expires: {e}")))?;
            b = b.expires(at);
        }
        if let Some(h) = opts.http_only {
            b = b.http_only(h);
        }
        if let Some(s) = opts.secure {
            b = b.secure(s);
        }
        if let Some(s) = opts.same_site {
            b = b.same_site(match s {
                SameSite::Strict => cookie::SameSite::Strict,
                SameSite::Lax => cookie::SameSite::Lax,
                SameSite::Empty => cookie::SameSite::None,
            });
        }
        Ok(Cookie::from_raw(b.build()))
    }

    /// The cookie's name.
    #[rnet(getter)]
    pub fn name(&self) -> String {
        self.inner.name().to_string()
    }

    /// The cookie's value.
    #[rnet(getter)]
    pub fn value(&self) -> String {
        self.inner.value().to_string()
    }

    /// The Domain attribute, if set.
    #[rnet(getter)]
    pub fn domain(&self) -> Option<String> {
        self.inner.domain().map(str::to_string)
    }

    /// The Path attribute, if set.
    #[rnet(getter)]
    pub fn path(&self) -> Option<String> {
        self.inner.path().map(str::to_string)
    }

    /// The Max-Age attribute, if set.
    #[rnet(getter)]
    pub fn max_age(&self) -> Option<TimeDelta> {
        self.inner.max_age().map(|d| {
            TimeDelta(std::time::Duration::from_secs(
                d.whole_seconds().max(0) as u64
            ))
        })
    }

    /// The Expires attribute, if set.
    #[rnet(getter)]
    pub fn expires(&self) -> Option<Timestamp> {
        let at = self.inner.expires_datetime()?;
        Timestamp::from_unix_secs(at.unix_timestamp() as f64, "expires").ok()
    }

    /// Whether the cookie is hidden from scripts.
    #[rnet(getter)]
    pub fn http_only(&self) -> bool {
        self.inner.http_only().unwrap_or(false)
    }

    /// Whether the cookie is sent over HTTPS only.
    #[rnet(getter)]
    pub fn secure(&self) -> bool {
        self.inner.secure().unwrap_or(false)
    }

    /// The SameSite attribute, if set.
    #[rnet(getter)]
    pub fn same_site(&self) -> Option<SameSite> {
        self.inner.same_site().map(|s| match s {
            cookie::SameSite::Strict => SameSite::Strict,
            cookie::SameSite::Lax => SameSite::Lax,
            cookie::SameSite::None => SameSite::Empty,
        })
    }

    /// The cookie as a `Set-Cookie` value.
    #[rnet(python(name = "__str__"), node(js_name = "toString"))]
    pub fn to_set_cookie(&self) -> String {
        self.inner.to_string()
    }
}

/// A cookie, or a `Set-Cookie` string.
#[rnet::export(union)]
#[derive(Debug, Clone)]
pub enum CookieInput {
    Cookie(Cookie),
    Header(String),
}

/// A cookie store. Give the same `Jar` to several clients (`cookie_provider`) to share cookies.
/// Domain, path, secure and expiry rules follow RFC 6265. A jar saves to and loads from
/// Netscape `cookies.txt` and Playwright storage-state JSON (`CookieFormat`).
#[rnet::export]
#[derive(Clone, Default)]
pub struct Jar {
    inner: Arc<Store>,
}

impl std::fmt::Debug for Jar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Jar({} cookies)", self.inner.len())
    }
}

impl Jar {
    pub fn store(&self) -> Arc<Store> {
        self.inner.clone()
    }
}

fn check_url(url: &str) -> Result<url::Url> {
    let u = url::Url::parse(url)
        .map_err(|e| Error::Builder(format!("invalid URL {:?}: {e}", redact(url))))?;
    if u.host_str().is_none() {
        return Err(Error::Builder(format!("URL {:?} has no host", redact(url))));
    }
    Ok(u)
}

#[rnet::export]
impl Jar {
    /// Creates an empty jar.
    #[rnet(constructor)]
    pub fn new() -> Self {
        Jar::default()
    }

    /// The cookie named `name` that a request to `url` would send (the most specific path
    /// first), if any.
    pub fn get(&self, name: String, url: String) -> Result<Option<Cookie>> {
        let url = check_url(&url)?;
        Ok(self
            .inner
            .matching(&url)
            .into_iter()
            .find(|e| e.cookie.name() == name)
            .map(|e| Cookie::from_raw(e.to_cookie())))
    }

    /// Every unexpired cookie in the jar, oldest first. A host-only cookie has no `domain`.
    pub fn get_all(&self) -> Vec<Cookie> {
        self.inner
            .all()
            .iter()
            .map(|e| Cookie::from_raw(e.to_cookie()))
            .collect()
    }

    /// Stores a cookie as if `url` had set it (domain, path and Secure rules apply; one that
    /// is refused raises `BuilderError`).
    pub fn add(&self, cookie: CookieInput, url: String) -> Result<()> {
        let parsed = check_url(&url)?;
        let raw = match cookie {
            CookieInput::Cookie(c) => c.raw(),
            CookieInput::Header(s) => cookie::Cookie::parse(s.clone())
                .map_err(|e| Error::Builder(format!("invalid Set-Cookie value {s:?}: {e}")))?,
        };
        let name = raw.name().to_string();
        if !self.inner.set(raw, &parsed) {
            return Err(Error::Builder(format!(
                "{} may not set the cookie {name:?}: its Domain does not cover the host, it \
                 is Secure on a plain-HTTP URL, or it would shadow a Secure cookie",
                redact(&url)
            )));
        }
        Ok(())
    }

    /// Removes the cookie named `name` stored for exactly this URL's host and path.
    pub fn remove(&self, name: String, url: String) -> Result<()> {
        let url = check_url(&url)?;
        self.inner.remove(&name, &url);
        Ok(())
    }

    /// Removes every cookie.
    pub fn clear(&self) {
        self.inner.clear();
    }

    /// The number of unexpired cookies stored.
    pub fn len(&self) -> u32 {
        self.inner.len() as u32
    }

    /// Whether the jar is empty.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The cookies as text in `format` (default Netscape).
    pub fn dumps(&self, format: Option<CookieFormat>) -> String {
        format
            .unwrap_or(CookieFormat::Netscape)
            .write(&self.inner.all())
    }

    /// Adds the cookies in `text` (`format` default: JSON if it starts with `{` or `[`, else
    /// Netscape), replacing those with the same name, domain and path. Expired ones are
    /// dropped. A malformed file raises `BuilderError` and changes nothing.
    pub fn loads(&self, text: String, format: Option<CookieFormat>) -> Result<()> {
        let format = format.unwrap_or_else(|| CookieFormat::sniff(&text));
        self.inner.extend(format.read(&text)?);
        Ok(())
    }

    /// Writes the cookies to `path` in `format` (default: a storage state for a `.json` name,
    /// else Netscape). The file is replaced whole, never left half-written.
    pub fn save(&self, path: PathInput, format: Option<CookieFormat>) -> Result<()> {
        let format = format.unwrap_or_else(|| CookieFormat::for_path(&path.0));
        let text = format.write(&self.inner.all());
        let tmp = format!("{}.rnet-tmp", path.0);
        std::fs::write(&tmp, text)
            .and_then(|()| std::fs::rename(&tmp, &path.0))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                Error::Builder(format!("cannot save cookies to {:?}: {e}", path.0))
            })
    }

    /// Adds the cookies in the file at `path` (`format` default: by its contents), as `loads`.
    pub fn load(&self, path: PathInput, format: Option<CookieFormat>) -> Result<()> {
        let text = std::fs::read_to_string(&path.0)
            .map_err(|e| Error::Builder(format!("cannot load cookies from {:?}: {e}", path.0)))?;
        self.loads(text, format).map_err(|e| match e {
            Error::Builder(m) => Error::Builder(format!("{:?}: {m}", path.0)),
            other => other,
        })
    }
}

/// `cookies=`: a `Cookie` header value, or a mapping of names to values.
#[rnet::export(union)]
#[derive(Debug, Clone)]
pub enum CookiesInput {
    Header(String),
    Map(crate::types::StrMap),
}

impl CookiesInput {
    /// The `Cookie` header value.
    pub fn header_value(&self) -> Result<http::HeaderValue> {
        let text = match self {
            CookiesInput::Header(s) => s.clone(),
            CookiesInput::Map(m) => {
                let mut parts = Vec::with_capacity(m.0.len());
                for (k, v) in &m.0 {
                    check_cookie_text("name", k, false)?;
                    check_cookie_text("value", v, true)?;
                    parts.push(format!("{k}={v}"));
                }
                parts.join("; ")
            }
        };
        http::HeaderValue::from_str(&text)
            .map_err(|_| Error::Builder(format!("invalid cookies value: {text:?}")))
    }
}
