//! Proxies: HTTP(S) and SOCKS (4, 4a, 5, 5h), with credentials, custom headers and exclusions.
//! Credentials never appear in a message or a repr.

use crate::{error::redact, types::HeaderInput, Error, Result};

/// Options for a `Proxy`.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct ProxyConfig {
    /// The proxy username (or put it in the URL).
    pub username: Option<String>,
    /// The proxy password.
    pub password: Option<String>,
    /// A `Proxy-Authorization` header value to send as given.
    pub custom_http_auth: Option<String>,
    /// Extra headers for the proxy (HTTP proxies).
    pub custom_http_headers: Option<HeaderInput>,
    /// Hosts that bypass the proxy, comma-separated (`localhost, .example.com, 10.0.0.0/8`).
    pub exclusion: Option<String>,
}

/// A proxy for some or all requests.
#[rnet::export]
#[derive(Debug, Clone)]
pub struct Proxy {
    inner: wreq::Proxy,
    /// For repr: which constructor and the URL without credentials.
    shown: String,
}

impl Proxy {
    pub fn to_wreq(&self) -> wreq::Proxy {
        self.inner.clone()
    }

    fn build(
        kind: &str,
        url: String,
        opts: Option<ProxyConfig>,
        make: fn(&str) -> wreq::Result<wreq::Proxy>,
    ) -> Result<Self> {
        let shown = format!("Proxy.{kind}({})", redact(&url));
        let parsed = url::Url::parse(&url)
            .map_err(|e| Error::Builder(format!("invalid proxy URL {:?}: {e}", redact(&url))))?;
        if !matches!(
            parsed.scheme(),
            "http" | "https" | "socks4" | "socks4a" | "socks5" | "socks5h"
        ) {
            return Err(Error::Builder(format!(
                "unsupported proxy scheme {:?} (use http, https, socks4, socks4a, socks5 or socks5h)",
                parsed.scheme()
            )));
        }
        let mut inner = make(&url)
            .map_err(|e| Error::Builder(format!("invalid proxy {}: {e}", redact(&url))))?;
        let opts = opts.unwrap_or_default();
        match (opts.username, opts.password) {
            (Some(u), p) => inner = inner.basic_auth(&u, p.as_deref().unwrap_or("")),
            (None, Some(_)) => {
                return Err(Error::Builder(
                    "proxy `password` given without `username`".into(),
                ))
            }
            (None, None) => {}
        }
        if let Some(a) = opts.custom_http_auth {
            let v = http::HeaderValue::from_str(&a).map_err(|_| {
                let name = crate::host::option_name(ProxyConfig::FIELDS, "custom_http_auth");
                Error::Builder(format!("invalid `{name}` header value"))
            })?;
            inner = inner.custom_http_auth(v);
        }
        if let Some(h) = opts.custom_http_headers {
            inner = inner.custom_http_headers(h.to_http()?);
        }
        if let Some(x) = opts.exclusion {
            inner = inner.no_proxy(wreq::NoProxy::from_string(&x));
        }
        Ok(Proxy { inner, shown })
    }
}

#[rnet::export]
impl Proxy {
    /// Proxies plain-HTTP requests only.
    #[rnet(staticmethod)]
    pub fn http(url: String, opts: Option<ProxyConfig>) -> Result<Self> {
        Self::build("http", url, opts, |u| wreq::Proxy::http(u))
    }

    /// Proxies HTTPS requests only.
    #[rnet(staticmethod)]
    pub fn https(url: String, opts: Option<ProxyConfig>) -> Result<Self> {
        Self::build("https", url, opts, |u| wreq::Proxy::https(u))
    }

    /// Proxies every request.
    #[rnet(staticmethod)]
    pub fn all(url: String, opts: Option<ProxyConfig>) -> Result<Self> {
        Self::build("all", url, opts, |u| wreq::Proxy::all(u))
    }

    /// Proxies every request through a Unix socket.
    #[rnet(staticmethod)]
    pub fn unix(path: String) -> Result<Self> {
        let inner = wreq::Proxy::unix(path.clone())
            .map_err(|e| Error::Builder(format!("invalid unix proxy {path:?}: {e}")))?;
        Ok(Proxy {
            inner,
            shown: format!("Proxy.unix({path})"),
        })
    }

    /// The proxy, without credentials.
    #[rnet(python(name = "__repr__"), node(js_name = "toString"))]
    pub fn describe(&self) -> String {
        self.shown.clone()
    }
}

/// A `Proxy`, or a proxy URL for all traffic (`http://user:pass@host:port`, `socks5h://…`;
/// credentials in the URL are used and never shown).
#[rnet::export(union)]
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // an argument, read once into a Proxy
pub enum ProxyInput {
    Proxy(Proxy),
    Url(String),
}

impl ProxyInput {
    pub fn proxy(&self) -> Result<Proxy> {
        match self {
            ProxyInput::Proxy(p) => Ok(p.clone()),
            ProxyInput::Url(url) => Proxy::all(url.clone(), None),
        }
    }
}
