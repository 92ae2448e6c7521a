//! Per-request options, and how they apply to a wreq request. A per-request setting overrides
//! the client's for that one request.

use crate::{
    types::{BodyInput, EmulationInput, HeaderInput, Json, OrigHeaderInput, Pairs, TimeDelta},
    Error, Result, Version,
};

/// Options for one request (Python `**kwargs`, a JS options object).
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// Emulate this profile for this request.
    pub emulation: Option<EmulationInput>,
    /// Extra headers, merged over the client's.
    pub headers: Option<HeaderInput>,
    /// Header names with the case and order to send them in (HTTP/1.1 case; order on both).
    pub orig_headers: Option<OrigHeaderInput>,
    /// Query parameters appended to the URL.
    pub query: Option<Pairs>,
    /// A URL-encoded form body.
    pub form: Option<Pairs>,
    /// A JSON body.
    pub json: Option<Json>,
    /// A raw body: text or bytes.
    pub body: Option<BodyInput>,
    /// Total timeout for this request (Python: seconds; JS: milliseconds).
    pub timeout: Option<TimeDelta>,
    /// Read timeout for this request (Python: seconds; JS: milliseconds).
    pub read_timeout: Option<TimeDelta>,
    /// The HTTP version to use.
    pub version: Option<Version>,
    /// Whether to send the client's default headers (default true).
    pub default_headers: Option<bool>,
    /// Enable or disable gzip decoding for this request.
    pub gzip: Option<bool>,
    /// Enable or disable brotli decoding for this request.
    pub brotli: Option<bool>,
    /// Enable or disable deflate decoding for this request.
    pub deflate: Option<bool>,
    /// Enable or disable zstd decoding for this request.
    pub zstd: Option<bool>,
}

impl RequestOptions {
    /// Applies the options to a request builder.
    pub fn apply(self, mut rb: wreq::RequestBuilder) -> Result<wreq::RequestBuilder> {
        let bodies = [
            self.json.is_some(),
            self.form.is_some(),
            self.body.is_some(),
        ];
        if bodies.iter().filter(|b| **b).count() > 1 {
            return Err(Error::Builder(
                "give at most one of `json`, `form` and `body`".into(),
            ));
        }
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
        if let Some(f) = self.form {
            rb = rb.form(&f.0);
        }
        if let Some(j) = self.json {
            rb = rb.json(&j.0);
        }
        if let Some(b) = self.body {
            rb = rb.body(b.0);
        }
        if let Some(t) = self.timeout {
            rb = rb.timeout(t.0);
        }
        if let Some(t) = self.read_timeout {
            rb = rb.read_timeout(t.0);
        }
        if let Some(v) = self.version {
            rb = rb.version(v.to_wreq());
        }
        if let Some(d) = self.default_headers {
            rb = rb.default_headers(d);
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
        Ok(rb)
    }
}
