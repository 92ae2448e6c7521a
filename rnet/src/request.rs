//! Per-request options, and how they apply to a wreq request. A per-request setting overrides
//! the client's for that one request.

use crate::{
    body::RequestBody,
    cookie::CookiesInput,
    proxy::ProxyInput,
    types::{EmulationInput, HeaderInput, Json, OrigHeaderInput, Pairs, TimeDelta},
    Error, Jar, Policy, RequestMode, Result, Version,
};

/// What a request and a WebSocket handshake share: the profile, what to send besides the body
/// (headers, cookies, authorization, query), the route (proxy, local address, interface), the
/// timeout and the abort signal. `RequestConfig` and `WebSocketConfig` embed it, so its keys
/// are theirs.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct CommonRequestConfig {
    /// Emulate this profile for this request.
    pub emulation: Option<EmulationInput>,
    /// Extra headers, merged over the client's.
    pub headers: Option<HeaderInput>,
    /// Header names with the case and order to send them in (HTTP/1.1 case; order on both).
    pub orig_headers: Option<OrigHeaderInput>,
    /// Whether to send the client's default headers (default true).
    pub default_headers: Option<bool>,
    /// Query parameters appended to the URL.
    pub query: Option<Pairs>,
    /// Cookies to send: a `Cookie` header value or a mapping of names to values.
    pub cookies: Option<CookiesInput>,
    /// The `Authorization` header, as given.
    pub auth: Option<String>,
    /// `Authorization: Bearer <token>`.
    pub bearer_auth: Option<String>,
    /// `Authorization: Basic …` from (username, password or None).
    pub basic_auth: Option<(String, Option<String>)>,
    /// The proxy for this request (overrides the client's).
    pub proxy: Option<ProxyInput>,
    /// The local IP address to connect from, for this request.
    pub local_address: Option<crate::types::IpInput>,
    /// The local addresses per family, for this request: (IPv4 or None, IPv6 or None).
    pub local_addresses: Option<(Option<crate::types::IpInput>, Option<crate::types::IpInput>)>,
    /// The network interface to bind to, for this request.
    pub interface: Option<String>,
    /// Total timeout for this request; for a WebSocket, for its handshake (Python: seconds;
    /// JS: milliseconds).
    pub timeout: Option<TimeDelta>,
    /// Aborts the request and the reading of its body; for a WebSocket, its handshake (JS: an
    /// `AbortSignal`; Python cancels the awaiting task instead).
    #[rnet(skip(python), ts_type = "AbortSignal")]
    pub signal: Option<crate::cancel::Signal>,
}

/// Options for one request (Python `**kwargs`, a JS options object): every option of
/// `CommonRequestConfig`, and the body and how the response is handled.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct RequestConfig {
    #[rnet(flatten)]
    pub common: CommonRequestConfig,
    /// Look like this kind of request (a navigation or a page's fetch()), with the client's
    /// emulated profile: its header set replaces the client's profile headers for this one
    /// request. The HTTP/2 priority stays the client's (it is set per connection).
    pub mode: Option<RequestMode>,
    /// A URL-encoded form body.
    pub form: Option<Pairs>,
    /// A JSON body.
    pub json: Option<Json>,
    /// A raw body: text or bytes, or a one-shot stream of chunks (Python: an iterator or async
    /// iterator of bytes/str; JS: an AsyncIterable, ReadableStream or Readable).
    pub body: Option<RequestBody>,
    /// A multipart/form-data body.
    pub multipart: Option<crate::Multipart>,
    /// Read timeout for this request (Python: seconds; JS: milliseconds).
    pub read_timeout: Option<TimeDelta>,
    /// Timeout for opening a connection for this request, shorter or longer than the
    /// client's (Python: seconds; JS: milliseconds). A pooled connection needs none.
    pub connect_timeout: Option<TimeDelta>,
    /// The HTTP version to use.
    pub version: Option<Version>,
    /// Enable or disable gzip decoding for this request.
    pub gzip: Option<bool>,
    /// Enable or disable brotli decoding for this request.
    pub brotli: Option<bool>,
    /// Enable or disable deflate decoding for this request.
    pub deflate: Option<bool>,
    /// Enable or disable zstd decoding for this request.
    pub zstd: Option<bool>,
    /// The redirect policy for this request.
    pub redirect: Option<Policy>,
    /// The cookie jar for this request.
    pub cookie_provider: Option<Jar>,
    /// Retries for this request (overrides the client's; `1` turns them off).
    pub retry: Option<crate::retry::RetryInput>,
    /// The most bytes this response's body may have once decompressed (overrides the
    /// client's `body_limit`).
    pub body_limit: Option<i64>,
    /// Hooks for this request, run after the client's.
    pub hooks: Option<crate::hooks::Hooks>,
}

impl RequestConfig {
    /// Whether the body is a one-shot stream (which must never be sent twice).
    pub fn has_stream_body(&self) -> bool {
        self.body.as_ref().is_some_and(RequestBody::is_stream)
            || self.multipart.as_ref().is_some_and(|m| m.has_stream())
    }

    /// Applies the options to a request builder: the shared ones, then the body and the
    /// response handling.
    pub fn apply(self, rb: wreq::RequestBuilder) -> Result<wreq::RequestBuilder> {
        let bodies = [
            self.json.is_some(),
            self.form.is_some(),
            self.body.is_some(),
            self.multipart.is_some(),
        ];
        if bodies.iter().filter(|b| **b).count() > 1 {
            return Err(Error::Builder(
                "give at most one of `json`, `form`, `body` and `multipart`".into(),
            ));
        }
        let mut rb = self.common.apply(rb)?;
        if let Some(f) = self.form {
            rb = rb.form(&f.0);
        }
        if let Some(j) = self.json {
            rb = rb.json(&j.0);
        }
        match self.body {
            Some(RequestBody::Form(pairs)) => rb = rb.form(&pairs.0),
            Some(b) => rb = rb.body(b.into_wreq()?),
            None => {}
        }
        if let Some(m) = self.multipart {
            rb = rb.multipart(m.to_wreq()?);
        }
        if let Some(t) = self.read_timeout {
            rb = rb.read_timeout(t.0);
        }
        if let Some(v) = self.version {
            // wreq would quietly fall back to HTTP/1.1 (or fail the TLS handshake).
            if v == Version::HTTP_3 {
                return Err(Error::Builder(
                    "version HTTP_3 is not supported: the transport (wreq) speaks HTTP/1.1 and \
                     HTTP/2 only; use HTTP_2 or HTTP_1_1"
                        .into(),
                ));
            }
            rb = rb.version(v.to_wreq());
        }
        if let Some(on) = self.gzip {
            rb = rb.gzip(on);
        }
        if let Some(on) = self.brotli {
            rb = rb.brotli(on);
        }
        if let Some(on) = self.deflate {
            rb = rb.deflate(on);
        }
        if let Some(on) = self.zstd {
            rb = rb.zstd(on);
        }
        if let Some(p) = self.redirect {
            rb = rb.redirect(p.to_wreq());
        }
        if let Some(jar) = self.cookie_provider {
            rb = rb.cookie_provider(jar.store());
        }
        Ok(rb)
    }
}

impl CommonRequestConfig {
    /// Applies the shared options to a request builder (the signal is the caller's to use).
    pub fn apply(self, mut rb: wreq::RequestBuilder) -> Result<wreq::RequestBuilder> {
        if let Some(p) = self.emulation {
            rb = rb.emulation(p.emulation());
        }
        if let Some(h) = self.headers {
            rb = rb.headers(h.to_http()?);
        }
        if let Some(o) = self.orig_headers {
            rb = rb.orig_headers(o.to_wreq());
        }
        if let Some(q) = self.query {
            rb = rb.query(&q.0);
        }
        if let Some(t) = self.timeout {
            rb = rb.timeout(t.0);
        }
        if let Some(d) = self.default_headers {
            rb = rb.default_headers(d);
        }
        if let Some(p) = self.proxy {
            rb = rb.proxy(p.proxy()?.to_wreq());
        }
        if let Some(a) = &self.local_address {
            rb = rb.local_address(crate::types::ip_addr(
                crate::host::option_name(RequestConfig::FIELDS, "local_address"),
                a,
            )?);
        }
        if let Some(pair) = &self.local_addresses {
            let (v4, v6) = crate::types::local_addresses(
                crate::host::option_name(RequestConfig::FIELDS, "local_addresses"),
                pair,
            )?;
            rb = rb.local_addresses(v4, v6);
        }
        if let Some(i) = self.interface {
            rb = rb.interface(i);
        }
        if let Some(c) = self.cookies {
            rb = rb.header(http::header::COOKIE, c.header_value()?);
        }
        let auths = [
            self.auth.is_some(),
            self.bearer_auth.is_some(),
            self.basic_auth.is_some(),
        ];
        if auths.iter().filter(|a| **a).count() > 1 {
            return Err(Error::Builder(format!(
                "give at most one of `auth`, `{}` and `{}`",
                crate::host::option_name(RequestConfig::FIELDS, "bearer_auth"),
                crate::host::option_name(RequestConfig::FIELDS, "basic_auth")
            )));
        }
        if let Some(a) = self.auth {
            let v = http::HeaderValue::from_str(&a)
                .map_err(|_| Error::Builder("invalid `auth` header value".into()))?;
            rb = rb.auth(v);
        }
        if let Some(t) = self.bearer_auth {
            if t.chars().any(|c| c.is_control()) {
                return Err(Error::Builder(format!(
                    "invalid `{}` token",
                    crate::host::option_name(RequestConfig::FIELDS, "bearer_auth")
                )));
            }
            rb = rb.bearer_auth(t);
        }
        if let Some((user, pass)) = self.basic_auth {
            rb = rb.basic_auth(user, pass);
        }
        Ok(rb)
    }
}

/// The JS names of the request options (`fetch` in `index.js` uses them to tell request
/// options from client options in its `init`).
#[rnet::export]
#[rnet(skip(python))]
pub fn request_option_names() -> Vec<String> {
    crate::__private::FieldDoc::options(RequestConfig::FIELDS)
        .into_iter()
        .map(|f| f.js.to_string())
        .collect()
}
