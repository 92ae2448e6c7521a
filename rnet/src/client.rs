//! `Client`: a configured, pooled HTTP client, and the module-level request functions that
//! share one lazily built default client.

use crate::tls::{CertStore, Identity, KeyLog, TlsVerify, TlsVersion};
use crate::{
    cancel::Cancel,
    client_runtime::Assigned,
    error::redact,
    hooks::{Hooks, RetryEvent},
    proxy_pool::{ProxiesInput, ProxyPool},
    retry::{Next, Retry, RetryInput},
    runtime::ProcessLocal,
    types::{EmulationInput, HeaderInput, OrigHeaderInput, TimeDelta},
    Error, Http1Options, Http2Options, Jar, Method, Policy, RequestConfig, Response, Result,
    Runtime,
};
use std::sync::{Arc, OnceLock, RwLock};
use tokio_util::sync::CancellationToken;

/// Options for `Client` (Python `**kwargs`, a JS options object).
#[rnet::export(record)]
#[derive(Clone, Default)]
pub struct ClientConfig {
    /// Relative request and WebSocket URLs are resolved against this absolute http(s) URL,
    /// as `new URL(url, base)` does: `"users"` under `"https://api.example/v1/"` is
    /// `https://api.example/v1/users`, and `"/users"` replaces the base's path.
    #[rnet(js_name = "baseURL")]
    pub base_url: Option<String>,
    /// The browser or client profile to emulate.
    pub emulation: Option<EmulationInput>,
    /// The `User-Agent` header (overrides the profile's).
    pub user_agent: Option<String>,
    /// Default headers sent with every request.
    pub headers: Option<HeaderInput>,
    /// Header names with the case and order to send them in (HTTP/1.1 case; order on both).
    pub orig_headers: Option<OrigHeaderInput>,
    /// Total timeout per request (Python: seconds; JS: milliseconds).
    pub timeout: Option<TimeDelta>,
    /// Timeout for establishing a connection (Python: seconds; JS: milliseconds).
    pub connect_timeout: Option<TimeDelta>,
    /// Timeout between reads (Python: seconds; JS: milliseconds).
    pub read_timeout: Option<TimeDelta>,
    /// Verify server certificates (default true): true against the bundled roots, false, a
    /// path to a PEM file of CA certificates, or a CertStore.
    pub tls_verify: Option<TlsVerify>,
    /// Check that the certificate names the host (default true).
    pub tls_verify_hostname: Option<bool>,
    /// A client certificate for mutual TLS.
    pub tls_identity: Option<Identity>,
    /// Write TLS secrets to a key log file.
    pub tls_keylog: Option<KeyLog>,
    /// Keep the peer certificate on responses (`Response.peer_certificate`).
    pub tls_info: Option<bool>,
    /// The lowest TLS version to offer.
    pub tls_min_version: Option<TlsVersion>,
    /// The highest TLS version to offer.
    pub tls_max_version: Option<TlsVersion>,
    /// The ClientHello knobs (replace the emulated profile's).
    pub tls_options: Option<crate::TlsOptions>,
    /// Use HTTP/1.1 only.
    pub http1_only: Option<bool>,
    /// Use HTTP/2 only.
    pub http2_only: Option<bool>,
    /// HTTP/1 options.
    pub http1_options: Option<Http1Options>,
    /// HTTP/2 options (override the emulated profile's).
    pub http2_options: Option<Http2Options>,
    /// Decode gzip bodies (default true).
    pub gzip: Option<bool>,
    /// Decode brotli bodies (default true).
    pub brotli: Option<bool>,
    /// Decode deflate bodies (default true).
    pub deflate: Option<bool>,
    /// Decode zstd bodies (default true).
    pub zstd: Option<bool>,
    /// The redirect policy (default: follow none).
    pub redirect: Option<Policy>,
    /// Set the `Referer` header when following redirects (default true).
    pub referer: Option<bool>,
    /// Refuse plain-HTTP URLs.
    pub https_only: Option<bool>,
    /// Raise `StatusError` for every 4xx/5xx response.
    pub raise_for_status: Option<bool>,
    /// Keep cookies in a jar of the client's own (see `cookie_jar`).
    pub cookie_store: Option<bool>,
    /// Keep cookies in this jar; share one jar between clients to share cookies.
    pub cookie_provider: Option<Jar>,
    /// Proxies, tried in order (the first that applies to a URL is used), or a `ProxyPool`
    /// to rotate through.
    pub proxies: Option<ProxiesInput>,
    /// Ignore proxies, including those from the environment.
    pub no_proxy: Option<bool>,
    /// Close pooled connections idle for this long (Python: seconds; JS: milliseconds).
    pub pool_idle_timeout: Option<TimeDelta>,
    /// Keep at most this many idle connections per host (0 disables reuse).
    pub pool_max_idle_per_host: Option<u32>,
    /// Keep at most this many connections in the pool.
    pub pool_max_size: Option<u32>,
    /// TCP keepalive idle time.
    pub tcp_keepalive: Option<TimeDelta>,
    /// TCP keepalive probe interval.
    pub tcp_keepalive_interval: Option<TimeDelta>,
    /// TCP keepalive probe count.
    pub tcp_keepalive_retries: Option<u32>,
    /// TCP_USER_TIMEOUT (Linux).
    pub tcp_user_timeout: Option<TimeDelta>,
    /// TCP_NODELAY (default true).
    pub tcp_nodelay: Option<bool>,
    /// SO_REUSEADDR.
    pub tcp_reuse_address: Option<bool>,
    /// The local IP address to connect from.
    pub local_address: Option<crate::types::IpInput>,
    /// The local addresses per family: (IPv4 or None, IPv6 or None).
    pub local_addresses: Option<(Option<crate::types::IpInput>, Option<crate::types::IpInput>)>,
    /// The network interface to bind to (Linux: SO_BINDTODEVICE).
    pub interface: Option<String>,
    /// DNS strategy and host overrides.
    pub dns_options: Option<crate::DnsOptions>,
    /// Send a request again after a failure or a retryable status: a `Retry`, or the most
    /// tries in all (`3` is `Retry(attempts=3)`). Each try has its own `timeout`.
    pub retry: Option<crate::retry::RetryInput>,
    /// The most bytes a response body may have once decompressed; past it a read fails with
    /// `BodyError`. Applies to `bytes()` / `text()` / `json()` with a default of 1 GiB
    /// (a decompression bomb stops there), and to `stream()` only when set.
    pub body_limit: Option<i64>,
    /// Functions called before each request, after its response, before a redirect or a
    /// retry, and on error (a request's own hooks run after these).
    pub hooks: Option<Hooks>,
    /// Threads of its own for this client's requests and their bodies (default: the runtime
    /// the whole process shares).
    pub runtime: Option<Runtime>,
}

/// Why a retryable failure was not retried, when the body cannot be sent twice.
const ONE_SHOT: &str = "the request body is a one-shot stream, which cannot be sent again";

/// `body_limit` when none is set: what `bytes()`, `text()` and `json()` read at most.
pub const DEFAULT_BODY_LIMIT: u64 = 1 << 30;

/// A `user_agent` as a header value, or an error that names the option.
fn user_agent(ua: &str) -> Result<wreq::header::HeaderValue> {
    wreq::header::HeaderValue::from_str(ua).map_err(|_| {
        let name = crate::host::option_name(ClientConfig::FIELDS, "user_agent");
        Error::Builder(format!("invalid {name} {ua:?}: not a valid header value"))
    })
}

/// Checks a `body_limit` value.
pub(crate) fn body_limit(n: Option<i64>) -> Result<Option<u64>> {
    n.map(|n| {
        u64::try_from(n).map_err(|_| {
            let name = crate::host::option_name(ClientConfig::FIELDS, "body_limit");
            Error::Builder(format!("{name} must be 0 or more, not {n}"))
        })
    })
    .transpose()
}

impl ClientConfig {
    fn build(mut self) -> Result<Client> {
        let body_limit = body_limit(self.body_limit)?;
        crate::testing::maybe_panic(self.user_agent.as_deref());
        // A jar we can hand back through `cookie_jar`: the given one, or our own. Kept in the
        // options, so a client rebuilt after a fork keeps the same cookies.
        let jar = match (&self.cookie_provider, self.cookie_store) {
            (Some(jar), _) => Some(jar.clone()),
            (None, Some(true)) => Some(Jar::default()),
            _ => None,
        };
        self.cookie_provider = jar.clone();
        let follows_redirects = self.redirect.as_ref().is_some_and(Policy::follows);
        let raise_for_status = self.raise_for_status.unwrap_or(false);
        let base_url = self.base_url.as_deref().map(parse_base).transpose()?;
        let retry = self.retry.as_ref().map(RetryInput::retry).transpose()?;
        let inner = self.clone().into_wreq()?;
        let proxy_pool = match &self.proxies {
            Some(ProxiesInput::Pool(pool)) => Some(pool.clone()),
            _ => None,
        };
        Ok(Client {
            runtime: self.runtime.as_ref().map(Runtime::assign),
            hooks: self.hooks.clone().map(Arc::new),
            retry,
            proxy_pool,
            base_url,
            inner: Arc::new(RwLock::new(Some(ProcessLocal::new(inner)))),
            options: Arc::new(self),
            closed: CancellationToken::new(),
            jar,
            raise_for_status,
            follows_redirects,
            body_limit,
            warm: Arc::default(),
        })
    }

    /// The wreq client these options describe.
    fn into_wreq(self) -> Result<wreq::Client> {
        let mut b = wreq::Client::builder();
        if let Some(jar) = &self.cookie_provider {
            b = b.cookie_provider(jar.store());
        }
        if let Some(p) = self.redirect {
            b = b.redirect(p.clone().to_wreq());
        }
        if let Some(ProxiesInput::List(list)) = &self.proxies {
            for p in list {
                b = b.proxy(p.proxy()?.to_wreq());
            }
        }
        if self.no_proxy == Some(true) {
            b = b.no_proxy();
        }
        if let Some(t) = self.pool_idle_timeout {
            b = b.pool_idle_timeout(t.0);
        }
        if let Some(n) = self.pool_max_idle_per_host {
            b = b.pool_max_idle_per_host(n as usize);
        }
        if let Some(n) = self.pool_max_size {
            b = b.pool_max_size(n as usize);
        }
        if let Some(t) = self.tcp_keepalive {
            b = b.tcp_keepalive(t.0);
        }
        if let Some(t) = self.tcp_keepalive_interval {
            b = b.tcp_keepalive_interval(t.0);
        }
        if let Some(n) = self.tcp_keepalive_retries {
            b = b.tcp_keepalive_retries(n);
        }
        if let Some(t) = self.tcp_user_timeout {
            b = b.tcp_user_timeout(t.0);
        }
        if let Some(on) = self.tcp_nodelay {
            b = b.tcp_nodelay(on);
        }
        if let Some(on) = self.tcp_reuse_address {
            b = b.tcp_reuse_address(on);
        }
        if let Some(a) = &self.local_address {
            b = b.local_address(crate::types::ip_addr(
                crate::host::option_name(ClientConfig::FIELDS, "local_address"),
                a,
            )?);
        }
        if let Some(pair) = &self.local_addresses {
            let (v4, v6) = crate::types::local_addresses(
                crate::host::option_name(ClientConfig::FIELDS, "local_addresses"),
                pair,
            )?;
            b = b.local_addresses(v4, v6);
        }
        if let Some(i) = self.interface {
            b = b.interface(i);
        }
        b = match &self.dns_options {
            Some(d) => d.apply(b),
            None => b.dns_resolver(crate::timing::TimedResolver(wreq::dns::GaiResolver::new())),
        };
        if let Some(r) = self.referer {
            b = b.referer(r);
        }
        if let Some(h) = self.https_only {
            b = b.https_only(h);
        }
        if let Some(p) = self.emulation {
            b = b.emulation(p.emulation());
        }
        if let Some(ua) = self.user_agent {
            // Checked here: wreq would fail the build later with a message that names nothing.
            b = b.user_agent(user_agent(&ua)?);
        }
        if let Some(h) = self.headers {
            b = b.default_headers(h.to_http()?);
        }
        if let Some(o) = self.orig_headers {
            b = b.orig_headers(o.to_wreq());
        }
        if let Some(t) = self.timeout {
            b = b.timeout(t.0);
        }
        // rnet's layer applies it, so that a request can set its own (see `timing`).
        b = b.connector_layer(crate::timing::ConnectLayer(
            self.connect_timeout.map(|t| t.0),
        ));
        if let Some(t) = self.read_timeout {
            b = b.read_timeout(t.0);
        }
        match self.tls_verify {
            Some(TlsVerify::Enabled(v)) => b = b.tls_cert_verification(v),
            Some(TlsVerify::CaFile(path)) => {
                b = b.tls_cert_store(CertStore::from_pem_file(&path.0)?.to_wreq())
            }
            Some(TlsVerify::Store(store)) => b = b.tls_cert_store(store.to_wreq()),
            None => {}
        }
        if let Some(v) = self.tls_verify_hostname {
            b = b.tls_verify_hostname(v);
        }
        if let Some(id) = self.tls_identity {
            b = b.tls_identity(id.to_wreq());
        }
        if let Some(k) = self.tls_keylog {
            b = b.tls_keylog(k.to_wreq());
        }
        if let Some(i) = self.tls_info {
            b = b.tls_info(i);
        }
        if let Some(v) = self.tls_min_version {
            b = b.tls_min_version(v.to_wreq());
        }
        if let Some(v) = self.tls_max_version {
            b = b.tls_max_version(v.to_wreq());
        }
        if let Some(o) = &self.tls_options {
            b = b.tls_options(o.to_wreq());
        }
        match (self.http1_only, self.http2_only) {
            (Some(true), Some(true)) => {
                return Err(Error::Builder(
                    "`http1_only` and `http2_only` cannot both be set".into(),
                ))
            }
            (Some(true), _) => b = b.http1_only(),
            (_, Some(true)) => b = b.http2_only(),
            _ => {}
        }
        if let Some(o) = &self.http1_options {
            b = b.http1_options(o.to_wreq());
        }
        if let Some(o) = &self.http2_options {
            b = b.http2_options(o.to_wreq());
        }
        b = b
            .gzip(self.gzip.unwrap_or(true))
            .brotli(self.brotli.unwrap_or(true))
            .deflate(self.deflate.unwrap_or(true))
            .zstd(self.zstd.unwrap_or(true));
        b.build()
            .map_err(|e| Error::Builder(format!("cannot build client: {e}")))
    }
}

/// `base_url`: absolute, http(s).
fn parse_base(base: &str) -> Result<url::Url> {
    let invalid = |why: String| {
        let name = crate::host::option_name(ClientConfig::FIELDS, "base_url");
        Error::Builder(format!("invalid {name} {:?}: {why}", redact(base)))
    };
    let url = url::Url::parse(base).map_err(|e| invalid(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("it must be an http or https URL".into()));
    }
    Ok(url)
}

/// An HTTP client with a connection pool. Cheap to clone; clones share the pool.
#[rnet::export(blocking)]
#[derive(Clone)]
pub struct Client {
    /// Taken by `close()`: the pool goes away once in-flight requests let go of it. In a
    /// forked child the inherited pool is left alone and a new one is built from `options`.
    inner: Arc<RwLock<Option<ProcessLocal<wreq::Client>>>>,
    options: Arc<ClientConfig>,
    /// `base_url`, parsed.
    base_url: Option<url::Url>,
    /// `proxies=` as a pool: each request picks its proxy from it.
    proxy_pool: Option<ProxyPool>,
    /// `retry=`, checked.
    retry: Option<Retry>,
    hooks: Option<Arc<Hooks>>,
    closed: CancellationToken,
    jar: Option<Jar>,
    raise_for_status: bool,
    follows_redirects: bool,
    body_limit: Option<u64>,
    /// `runtime=`: the one of its runtimes this client runs on.
    runtime: Option<Assigned>,
    /// Whether a blocking call has sent a request on it yet (see `Client::on_driver`).
    warm: Arc<std::sync::atomic::AtomicBool>,
}

impl Client {
    /// The runtime this client's work runs on, when it was given one.
    pub(crate) fn assigned(&self) -> Option<&Assigned> {
        self.runtime.as_ref()
    }

    /// Parses `url`, relative to the client's `base_url` if it has one, accepting only
    /// `schemes`.
    pub(crate) fn resolve(&self, url: &str, schemes: &[&str]) -> Result<url::Url> {
        match &self.base_url {
            Some(base) => {
                let parsed = base
                    .join(url)
                    .map_err(|e| Error::Builder(format!("invalid URL {:?}: {e}", redact(url))))?;
                Self::check_scheme(parsed, url, schemes)
            }
            None => Self::parse_url(url, schemes),
        }
    }

    /// Parses `url`, accepting only `schemes`.
    pub(crate) fn parse_url(url: &str, schemes: &[&str]) -> Result<url::Url> {
        let parsed = url::Url::parse(url)
            .map_err(|e| Error::Builder(format!("invalid URL {:?}: {e}", redact(url))))?;
        Self::check_scheme(parsed, url, schemes)
    }

    fn check_scheme(parsed: url::Url, url: &str, schemes: &[&str]) -> Result<url::Url> {
        if !schemes.contains(&parsed.scheme()) {
            return Err(Error::Builder(format!(
                "unsupported URL scheme {:?} in {} (use {})",
                parsed.scheme(),
                redact(url),
                schemes.join(" or ")
            )));
        }
        Ok(parsed)
    }

    /// What can cancel work started now with this `signal`; fails if it already is.
    pub(crate) fn cancel(
        &self,
        signal: Option<&crate::cancel::Signal>,
        what: impl Fn() -> String,
    ) -> Result<Cancel> {
        let cancel = Cancel::new(self.closed.clone(), signal);
        cancel.check(what)?;
        Ok(cancel)
    }

    /// The pooled wreq client, unless `close()` took it. The first call in a forked child
    /// builds the child's own pool: the parent's connections stay the parent's.
    pub(crate) fn wreq(&self, what: impl Fn() -> String) -> Result<wreq::Client> {
        let closed = || Error::Closed(format!("{}: the client was closed", what()));
        {
            let slot = self.inner.read().unwrap_or_else(|e| e.into_inner());
            match slot.as_ref() {
                None => return Err(closed()),
                Some(owned) => {
                    if let Some(c) = owned.get() {
                        return Ok(c.clone());
                    }
                }
            }
        }
        let mut slot = self.inner.write().unwrap_or_else(|e| e.into_inner());
        match slot.as_ref().map(ProcessLocal::get) {
            None => Err(closed()),
            Some(Some(c)) => Ok(c.clone()),
            Some(None) => {
                let fresh = ClientConfig::clone(&self.options).into_wreq()?;
                *slot = Some(ProcessLocal::new(fresh.clone()));
                Ok(fresh)
            }
        }
    }

    /// `rb` with the client's profile headers for `mode` instead of its own mode's: the
    /// client's default headers are switched off for this request and sent again, rebuilt.
    fn with_mode(
        &self,
        rb: wreq::RequestBuilder,
        mode: crate::RequestMode,
    ) -> Result<wreq::RequestBuilder> {
        let Some(emulation) = self.options.emulation.clone() else {
            return Err(Error::Builder(format!(
                "mode={mode:?} needs a browser profile: the client has no `emulation`"
            )));
        };
        let emulation = emulation.emulation().with_mode(mode)?;
        let mut headers = wreq::IntoEmulation::into_emulation(emulation).headers;
        if let Some(ua) = &self.options.user_agent {
            headers.insert(wreq::header::USER_AGENT, user_agent(ua)?);
        }
        if let Some(own) = &self.options.headers {
            // As for the client's defaults: its own headers replace the profile's.
            headers.extend(own.to_http()?);
        }
        Ok(rb.default_headers(false).headers(headers))
    }

    /// One try: through the proxy pool if there is one, moving on from a proxy that cannot
    /// connect to the next (a one-shot stream gets no second proxy).
    async fn send_once<F, Fut>(
        &self,
        send: &F,
        opts: RequestConfig,
        host: &str,
    ) -> Result<wreq::Response>
    where
        F: Fn(RequestConfig, Option<wreq::Proxy>) -> Result<Fut>,
        Fut: std::future::Future<Output = Result<wreq::Response>>,
    {
        let Some(pool) = self.proxy_pool(&opts.common) else {
            return send(opts, None)?.await;
        };
        let mut order = pool.order(host).into_iter().peekable();
        loop {
            let i = order.next().expect("a pool has a proxy");
            let again = order.peek().is_some() && !opts.has_stream_body();
            let got = send(opts.clone(), Some(pool.proxy(i)))?.await;
            if !(pool.record(i, host, &got) && again) {
                return got;
            }
        }
    }

    /// The pool to pick a proxy from, unless the request names its own.
    pub(crate) fn proxy_pool(
        &self,
        common: &crate::request::CommonRequestConfig,
    ) -> Option<&ProxyPool> {
        self.proxy_pool.as_ref().filter(|_| common.proxy.is_none())
    }

    /// Sends one request: validates the URL, applies the options, runs the hooks, maps the
    /// error. With a `runtime=`, all of it runs there.
    pub async fn execute(
        &self,
        method: wreq::Method,
        url: String,
        opts: Option<RequestConfig>,
    ) -> Result<Response> {
        // The other runtimes' paths are boxed: as a part of this future they made it three
        // times the size of the path most requests take, and it is copied as it is set up.
        if let Some(rt) = &self.runtime {
            let this = self.clone();
            let resp =
                Box::pin(rt.run(async move { this.execute_here(method, url, opts).await })).await?;
            resp.keep_running(rt.runtime());
            return Ok(resp);
        }
        let Some(driver) = self.on_driver() else {
            return self.execute_here(method, url, opts).await;
        };
        let this = self.clone();
        let fut = async move { this.execute_here(method, url, opts).await };
        Box::pin(crate::client_runtime::run_on(&driver, fut)).await
    }

    /// Where a blocking call's first request on this client runs: on the blocking driver
    /// (the caller waits), not polled on the calling thread as later ones are. A fresh client
    /// makes its connection then, and from the caller each step of that (spawning the
    /// connection task, handing it the request, starting the pool's reaper) wakes the driver:
    /// measured, a new client per request cost 1.35× the CPU of this way. A pooled connection
    /// is cheaper from the caller (no hand-off each way). Not while host functions exist: a
    /// redirect policy must wait on the calling thread (`redirect::wait_here`).
    fn on_driver(&self) -> Option<tokio::runtime::Handle> {
        if !crate::runtime::blocking_caller() || crate::convert::callers_needed() {
            return None;
        }
        let first = !self.warm.swap(true, std::sync::atomic::Ordering::Relaxed);
        first.then(tokio::runtime::Handle::try_current)?.ok()
    }

    async fn execute_here(
        &self,
        method: wreq::Method,
        url: String,
        opts: Option<RequestConfig>,
    ) -> Result<Response> {
        let mut opts = opts.unwrap_or_default();
        let Some(hooks) = Hooks::for_request(self.hooks.as_ref(), opts.hooks.take()) else {
            let parsed = self.resolve(&url, &["http", "https"])?;
            let resp = self.send_request(method, parsed, opts, None).await?;
            if self.raise_for_status {
                resp.raise_for_status()?;
            }
            return Ok(resp);
        };
        let what = method.to_string();
        // Boxed: the hooks' states would otherwise make every request's future larger, and a
        // request future is moved (copied) as it is set up.
        match Box::pin(self.send_hooked(method, &url, opts, &hooks)).await {
            Ok(resp) => Ok(resp),
            Err(e) => Err(hooks.on_error(e, &what, &url).await),
        }
    }

    async fn send_hooked(
        &self,
        mut method: wreq::Method,
        url: &str,
        mut opts: RequestConfig,
        hooks: &Hooks,
    ) -> Result<Response> {
        let mut parsed = self.resolve(url, &["http", "https"])?;
        hooks
            .before_request(&mut method, &mut parsed, &mut opts)
            .await?;
        let what = method.to_string();
        let resp = self.send_request(method, parsed, opts, Some(hooks)).await?;
        hooks.after_response(&resp, &what).await?;
        if self.raise_for_status {
            resp.raise_for_status()?;
        }
        Ok(resp)
    }

    /// Sends the request to `parsed` (resolved; the hooks' changes are checked as they are
    /// made), with its retries, up to the response head.
    async fn send_request(
        &self,
        method: wreq::Method,
        parsed: url::Url,
        mut opts: RequestConfig,
        hooks: Option<&Hooks>,
    ) -> Result<Response> {
        let url = String::from(parsed.clone());
        crate::testing::maybe_panic(parsed.host_str());
        let limit = body_limit(opts.body_limit.take())?.or(self.body_limit);
        let what = || format!("{method} {}", redact(&url));
        let cancel = self.cancel(opts.common.signal.as_ref(), what)?;
        let inner = self.wreq(what)?;
        if let Some(before) = hooks.and_then(Hooks::before_redirect) {
            let policy = opts
                .redirect
                .take()
                .or_else(|| self.options.redirect.clone());
            opts.redirect = Some(policy.unwrap_or_else(Policy::none).with_hooks(before));
        }
        let one_shot = opts.has_stream_body()
            && opts
                .redirect
                .as_ref()
                .map_or(self.follows_redirects, Policy::follows);
        let mode = opts.mode.take();
        let phases = crate::timing::Phases::new(opts.connect_timeout.take().map(|t| t.0));
        let retry = match opts.retry.take() {
            Some(r) => Some(r.retry()?),
            None => self.retry.clone(),
        }
        .filter(|r| r.covers(&method));
        let send = |opts: RequestConfig, proxy: Option<wreq::Proxy>| {
            let mut rb = inner.request(method.clone(), parsed.as_str());
            if let Some(mode) = mode {
                rb = self.with_mode(rb, mode)?;
            }
            if let Some(p) = proxy {
                rb = rb.proxy(p);
            }
            // Boxed: wreq's pending request is large, and the layers around it (timings, cancel,
            // proxy pool, retries) would each copy it as they are set up.
            let sent = phases.scope(Box::pin(opts.apply(rb)?.send()));
            Ok::<_, Error>(cancel.run(what, async {
                sent.await
                    .map_err(|e| Error::from_wreq(e, method.as_str(), &url))
            }))
        };
        let host = parsed.host_str().unwrap_or_default();
        // The plain request awaits wreq directly; a proxy pool and retries are boxed, so their
        // states do not grow (and get copied with) every request's future.
        let (resp, attempts) = match retry {
            None if self.proxy_pool(&opts.common).is_none() => (send(opts, None)?.await?, 1),
            None => (Box::pin(self.send_once(&send, opts, host)).await?, 1),
            Some(retry) => {
                let tries = async {
                    let mut tried = 1;
                    loop {
                        let got = self.send_once(&send, opts.clone(), host).await;
                        let next = match &got {
                            Ok(r) => retry.after_status(
                                r.status().as_u16(),
                                r.headers()
                                    .get(wreq::header::RETRY_AFTER)
                                    .map(|v| v.as_bytes()),
                                tried,
                            ),
                            Err(e) => retry.after_error(e, tried),
                        };
                        match next {
                            Next::Done => break Ok::<_, Error>((got?, tried)),
                            // A one-shot stream was consumed by the first try.
                            Next::Wait(_) if opts.has_stream_body() => {
                                break Ok((got.map_err(|e| e.not_retried(ONE_SHOT))?, tried))
                            }
                            Next::Wait(wait) => {
                                if let Some(hooks) = hooks {
                                    let failed = got.as_ref().map(|r| r.status().as_u16());
                                    let event =
                                        RetryEvent::new(tried, failed, wait, method.as_str(), &url);
                                    drop(got);
                                    hooks.before_retry(event).await?;
                                } else {
                                    drop(got);
                                }
                                cancel
                                    .run(what, async {
                                        tokio::time::sleep(wait).await;
                                        Ok(())
                                    })
                                    .await?;
                                tried += 1;
                            }
                        }
                    }
                };
                Box::pin(tries).await?
            }
        };
        // wreq cannot replay a stream, so it hands back a 307/308 it was asked to follow.
        // Returning that response as if it were the answer would hide the redirect.
        if one_shot && matches!(resp.status().as_u16(), 307 | 308) {
            if let Some(to) = resp.headers().get(wreq::header::LOCATION) {
                return Err(Error::Redirect(format!(
                    "{method} {}: the server redirected ({}) to {:?}, and the request body is a \
                     one-shot stream that cannot be sent again; send bytes to allow the replay, \
                     or use Policy.none() to receive the redirect response",
                    redact(&url),
                    resp.status().as_u16(),
                    String::from_utf8_lossy(to.as_bytes())
                )));
            }
        }
        phases.first_byte();
        let resp = Response::new(resp, method.clone(), cancel, limit, attempts, phases);
        resp.prefetch().await;
        Ok(resp)
    }
}

/// One async method per HTTP verb, on `Client` and as a module function.
macro_rules! verbs {
    ($($name:ident => $method:ident, $doc:literal $(, #[$free_attr:meta])?;)*) => {
        #[rnet::export(blocking)]
        impl Client {
            /// Creates a client.
            #[rnet(constructor)]
            pub fn new(opts: Option<ClientConfig>) -> Result<Self> {
                opts.unwrap_or_default().build()
            }

            /// The client's cookie jar, when it has one (`cookie_store` or `cookie_provider`).
            #[rnet(getter)]
            pub fn cookie_jar(&self) -> Option<Jar> {
                self.jar.clone()
            }

            /// Closes the client: in-flight requests and body reads fail with
            /// `ClientClosedError`, later requests too, and pooled connections are released.
            #[rnet(close)]
            pub fn close(&self) {
                self.closed.cancel();
                self.inner.write().unwrap_or_else(|e| e.into_inner()).take();
            }

            /// Whether `close()` was called.
            #[rnet(getter)]
            pub fn closed(&self) -> bool {
                self.closed.is_cancelled()
            }

            /// The `Runtime` this client was given, if any (none: the process's shared one).
            #[rnet(getter)]
            pub fn runtime(&self) -> Option<Runtime> {
                self.runtime.as_ref().map(Assigned::runtime)
            }

            /// Sends a request with any method.
            #[rnet(spawn)]
            pub async fn request(&self, method: Method, url: String, opts: Option<RequestConfig>) -> Result<Response> {
                self.execute(method.to_wreq(), url, opts).await
            }

            /// Sends a HEAD request to each URL, all at once; the responses come in the order of
            /// `urls`, and the first failure fails the call.
            #[rnet(spawn)]
            pub async fn head_many(&self, urls: Vec<String>, opts: Option<RequestConfig>) -> Result<Vec<Response>> {
                let heads = urls
                    .into_iter()
                    .map(|url| self.execute(wreq::Method::HEAD, url, opts.clone()));
                futures_util::future::try_join_all(heads).await
            }

            $(
                #[doc = $doc]
                #[rnet(spawn)]
                pub async fn $name(&self, url: String, opts: Option<RequestConfig>) -> Result<Response> {
                    self.execute(wreq::Method::$method, url, opts).await
                }
            )*
        }

        $(
            #[doc = $doc]
            #[doc = ""]
            #[doc = "Uses the shared default client."]
            #[rnet::export(blocking)]
            #[rnet(spawn)]
            $(#[$free_attr])?
            pub async fn $name(url: String, opts: Option<RequestConfig>) -> Result<Response> {
                default_client()?.$name(url, opts).await
            }
        )*
    };
}

verbs! {
    get => GET, "Sends a GET request.";
    post => POST, "Sends a POST request.";
    put => PUT, "Sends a PUT request.";
    patch => PATCH, "Sends a PATCH request.";
    // `delete` is a reserved word: a JS module cannot export a function by that name.
    delete => DELETE, "Sends a DELETE request.", #[rnet(node(js_name = "del"))];
    head => HEAD, "Sends a HEAD request.";
    options => OPTIONS, "Sends an OPTIONS request.";
    trace => TRACE, "Sends a TRACE request.";
}

/// Sends a request with any method, using the shared default client.
#[rnet::export(blocking)]
#[rnet(spawn)]
pub async fn request(method: Method, url: String, opts: Option<RequestConfig>) -> Result<Response> {
    default_client()?.request(method, url, opts).await
}

/// The client behind the module functions, built on first use so connections are pooled.
pub(crate) fn default_client() -> Result<Client> {
    static DEFAULT: OnceLock<Client> = OnceLock::new();
    if let Some(c) = DEFAULT.get() {
        return Ok(c.clone());
    }
    let c = Client::new(None)?;
    Ok(DEFAULT.get_or_init(|| c).clone())
}
