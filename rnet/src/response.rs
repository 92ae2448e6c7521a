//! `Response`: status, headers and a body that is read once and cached, so `text()`,
//! `json()` and `bytes()` can each be called again.

use crate::timing::{Phases, Timings};
use crate::{
    addr::SocketAddr,
    cancel::Cancel,
    error::redact,
    runtime::{inherited, ProcessLocal},
    stream::{Chunk, RawBody, Streamer, View, ViewStreamer, BATCH},
    types::{Buffer, Json, StatusCode},
    Cookie, Error, HeaderMap, History, Result, Version,
};
use bytes::Bytes;
use http_body_util::BodyExt;
use std::sync::Arc;
use tokio::sync::Mutex;

/// An HTTP response.
#[rnet::export(blocking)]
#[derive(Clone)]
pub struct Response {
    inner: Arc<Inner>,
}

struct Inner {
    method: wreq::Method,
    /// Kept as parsed; turned into a string only when asked for (most responses never are).
    url: wreq::Uri,
    status: u16,
    version: Version,
    headers: HeaderMap,
    content_length: Option<u64>,
    remote_addr: Option<SocketAddr>,
    local_addr: Option<SocketAddr>,
    history: Vec<History>,
    peer_certificate: Option<bytes::Bytes>,
    /// Parsed from `Set-Cookie` on first use.
    cookies: std::sync::OnceLock<Vec<Cookie>>,
    body: Mutex<Body>,
    trailers: std::sync::Mutex<Option<HeaderMap>>,
    cancel: Cancel,
    /// `body_limit` as set on the request or client (None: the default, for whole reads only).
    body_limit: Option<u64>,
    /// How many tries the request took (retries: `Retry`).
    attempts: u32,
    phases: Arc<Phases>,
    /// The client's `Runtime`, which drives this body's connection: kept running until the
    /// response goes.
    runtime: std::sync::OnceLock<crate::Runtime>,
}

enum Body {
    // Boxed: the wreq response is large and short-lived. Process-local: a forked child
    // cannot read its parent's connection.
    Unread(ProcessLocal<crate::stream::RawBody>),
    Read(Whole),
    /// Handed to a `Streamer`.
    Streaming,
    /// Read ahead by the request (small, uncompressed bodies); `stream()` still works.
    Prefetched(Whole),
    /// Reading ahead failed: the error comes back on the first read.
    PrefetchFailed(Error),
    /// Reading failed; the error was reported then.
    Failed,
    /// `close()` released it unread.
    Closed,
}

impl Response {
    /// Takes the head out of `resp` rather than copying it; what the hosts rarely read
    /// (the URL as a string, the cookies) is converted on first access.
    pub fn new(
        mut resp: wreq::Response,
        method: wreq::Method,
        cancel: Cancel,
        body_limit: Option<u64>,
        attempts: u32,
        phases: Arc<Phases>,
    ) -> Self {
        // Read before the headers are taken: it may come from `Content-Length`.
        let content_length = resp.content_length();
        let mut headers = std::mem::take(resp.headers_mut());
        if crate::host::UNPIN_RESPONSES {
            HeaderMap::unpin(&mut headers);
        }
        let extensions = resp.extensions();
        Response {
            inner: Arc::new(Inner {
                method,
                url: resp.uri().clone(),
                status: resp.status().as_u16(),
                version: Version::from_wreq(resp.version()),
                headers: HeaderMap::from_http(headers),
                content_length,
                remote_addr: resp.remote_addr().map(SocketAddr::from),
                local_addr: resp.local_addr().map(SocketAddr::from),
                history: extensions
                    .get::<wreq::redirect::History>()
                    .map(|h| h.into_iter().map(History::from_wreq).collect())
                    .unwrap_or_default(),
                peer_certificate: extensions
                    .get::<wreq::tls::TlsInfo>()
                    .and_then(|t| t.peer_certificate())
                    .map(bytes::Bytes::copy_from_slice),
                cookies: std::sync::OnceLock::new(),
                body: Mutex::new(Body::Unread(ProcessLocal::new(Box::pin(resp)))),
                trailers: std::sync::Mutex::new(None),
                cancel,
                body_limit,
                attempts,
                phases,
                runtime: std::sync::OnceLock::new(),
            }),
        }
    }

    /// Keeps the client's `Runtime` running as long as this response.
    pub(crate) fn keep_running(&self, runtime: crate::Runtime) {
        let _ = self.inner.runtime.set(runtime);
    }

    /// Runs a body read unless the client closes or the request's signal fires first.
    pub(crate) async fn guard<T>(
        &self,
        fut: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        self.inner.cancel.run(|| self.where_(), fut).await
    }

    pub(crate) fn body_error(&self, e: wreq::Error) -> Error {
        Error::from_wreq(e, self.inner.method.as_str(), &self.inner.url.to_string())
    }

    /// The error for a streamed body whose reader task ended before the body did.
    pub(crate) fn reader_stopped(&self) -> Error {
        Error::body(format!(
            "the body of {} stopped arriving: the task reading it ended (its runtime shut down)",
            self.where_()
        ))
    }

    pub(crate) fn set_trailers(&self, trailers: wreq::header::HeaderMap) {
        *self
            .inner
            .trailers
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(HeaderMap::from_http(trailers));
    }

    /// The explicit `body_limit`, which `stream()` enforces.
    pub(crate) fn stream_limit(&self) -> Option<u64> {
        self.inner.body_limit
    }

    /// The error for a body that grew past `limit` bytes.
    pub(crate) fn over_limit(&self, limit: u64) -> Error {
        Error::body(format!(
            "the body of {} is larger than {} ({limit} bytes)",
            self.where_(),
            crate::host::option_name(crate::client::ClientConfig::FIELDS, "body_limit")
        ))
    }

    /// Reads the whole body, decompressed, up to the body limit: its frames as they came
    /// (joined only for a reader that needs one slice) and its trailers, which are stored.
    async fn collect(&self, raw: crate::stream::RawBody) -> Result<Whole> {
        let limit = self
            .inner
            .body_limit
            .unwrap_or(crate::client::DEFAULT_BODY_LIMIT);
        let mut limited =
            http_body_util::Limited::new(raw, usize::try_from(limit).unwrap_or(usize::MAX));
        let fail = |e: Box<dyn std::error::Error + Send + Sync>| match e.downcast::<wreq::Error>() {
            Ok(e) => self.body_error(*e),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => self.over_limit(limit),
            Err(e) => Error::body(format!("{}: {e}", self.where_())),
        };
        let parts = self
            .guard(async {
                let mut parts = Vec::new();
                while let Some(frame) = limited.frame().await {
                    match frame.map_err(fail)?.into_data() {
                        Ok(data) if data.is_empty() => {}
                        Ok(data) => parts.push(data),
                        Err(frame) => {
                            if let Ok(trailers) = frame.into_trailers() {
                                self.set_trailers(trailers);
                            }
                        }
                    }
                }
                Ok(parts)
            })
            .await?;
        self.body_done();
        let whole = Whole(parts.into());
        Ok(match &*whole.0 {
            [one] if crate::host::UNPIN_RESPONSES && one.len() < UNPIN_BELOW => {
                Whole([Bytes::copy_from_slice(one)].into())
            }
            [_, _, ..] if crate::host::JOIN_BODIES => Whole([whole.joined()].into()),
            _ => whole,
        })
    }

    /// The body was read to its end.
    pub(crate) fn body_done(&self) {
        self.inner.phases.done();
    }

    /// The unread body, for a streamer; the body counts as being streamed from now on.
    fn take_body(&self) -> Result<RawBody> {
        let mut body = self
            .inner
            .body
            .try_lock()
            .map_err(|_| Error::body(format!("the body of {} is being read", self.where_())))?;
        match std::mem::replace(&mut *body, Body::Streaming) {
            Body::Unread(raw) => match raw.into_inner() {
                Some(raw) => Ok(raw),
                None => {
                    *body = Body::Failed;
                    Err(Error::body(inherited(&format!(
                        "the body of {}",
                        self.where_()
                    ))))
                }
            },
            // Read ahead: stream what was read, as one chunk.
            Body::Prefetched(whole) => {
                let raw = wreq::Response::from(http::Response::new(whole.joined()));
                Ok(Box::pin(raw))
            }
            Body::PrefetchFailed(e) => {
                *body = Body::Failed;
                Err(e)
            }
            other => {
                let why = match &other {
                    Body::Streaming => "is already being streamed",
                    Body::Failed => "failed to read earlier",
                    Body::Closed => "was released by close()",
                    _ => "was already read whole (bytes(), text() or json() return it again)",
                };
                *body = other;
                Err(Error::body(format!("the body of {} {why}", self.where_())))
            }
        }
    }

    fn where_(&self) -> String {
        format!(
            "{} {}",
            self.inner.method,
            redact(&self.inner.url.to_string())
        )
    }

    /// Reads a small, uncompressed body in the request's own task, so reading it afterwards
    /// costs no second trip through the runtime (a thread hop per call in the hosts).
    pub(crate) async fn prefetch(&self) {
        const LIMIT: u64 = 256 * 1024;
        let small = self.inner.content_length.is_some_and(|n| n <= LIMIT);
        if !small || self.inner.headers.contains_key("content-encoding".into()) {
            return;
        }
        let mut body = self.inner.body.lock().await;
        let Body::Unread(resp) = std::mem::replace(&mut *body, Body::Failed) else {
            unreachable!("a new response is unread")
        };
        let resp = resp
            .into_inner()
            .expect("prefetched by the process that sent it");
        *body = match self.collect(resp).await {
            Ok(whole) => Body::Prefetched(whole),
            Err(e) => Body::PrefetchFailed(e),
        };
    }

    /// The request's signal is no longer needed: the body was read, failed or was closed.
    pub(crate) fn release_signal(&self) {
        self.inner.cancel.release();
    }

    /// The whole body, read on first use and cached.
    async fn body(&self) -> Result<Whole> {
        let out = self.read_whole().await;
        self.release_signal();
        out
    }

    async fn read_whole(&self) -> Result<Whole> {
        let mut body = self.inner.body.lock().await;
        match &*body {
            Body::Read(b) => return Ok(b.clone()),
            Body::Prefetched(b) => {
                let b = b.clone();
                *body = Body::Read(b.clone());
                return Ok(b);
            }
            Body::PrefetchFailed(e) => {
                let e = e.clone();
                *body = Body::Failed;
                return Err(e);
            }
            _ => {}
        }
        let resp = match std::mem::replace(&mut *body, Body::Failed) {
            Body::Unread(resp) => resp
                .into_inner()
                .ok_or_else(|| Error::body(inherited(&format!("the body of {}", self.where_()))))?,
            Body::Read(_) | Body::Prefetched(_) | Body::PrefetchFailed(_) => {
                unreachable!("returned above")
            }
            Body::Streaming => {
                *body = Body::Streaming;
                return Err(Error::body(format!(
                    "the body of {} is being read by stream(); it cannot also be read whole",
                    self.where_()
                )));
            }
            Body::Failed => {
                return Err(Error::body(format!(
                    "the body of {} failed to read earlier",
                    self.where_()
                )))
            }
            Body::Closed => {
                *body = Body::Closed;
                return Err(Error::body(format!(
                    "the response to {} was closed",
                    self.where_()
                )));
            }
        };
        let whole = self.collect(resp).await?;
        *body = Body::Read(whole.clone());
        Ok(whole)
    }

    /// The charset named by `Content-Type`, if any.
    fn charset(&self) -> Option<String> {
        let ct = self.inner.headers.first_str("content-type")?;
        ct.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| v.trim().trim_matches('"').to_string())
        })
    }
}

#[rnet::export(blocking)]
impl Response {
    /// The status code, e.g. 200 (Python: a `StatusCode`, an `int` with `is_success()` and
    /// kin).
    #[rnet(getter)]
    pub fn status(&self) -> StatusCode {
        StatusCode(self.inner.status)
    }

    /// The HTTP version of the response.
    #[rnet(getter)]
    pub fn version(&self) -> Version {
        self.inner.version
    }

    /// The final URL, after redirects.
    #[rnet(getter)]
    pub fn url(&self) -> String {
        self.inner.url.to_string()
    }

    /// The response headers.
    #[rnet(getter)]
    pub fn headers(&self) -> HeaderMap {
        self.inner.headers.clone()
    }

    /// The `Content-Length` the server declared, if any.
    #[rnet(getter)]
    pub fn content_length(&self) -> Option<i64> {
        self.inner.content_length.map(|n| n as i64)
    }

    /// The server's end of the connection (`str()` of it is `ip:port`).
    #[rnet(getter)]
    pub fn remote_addr(&self) -> Option<SocketAddr> {
        self.inner.remote_addr
    }

    /// This side's end of the connection: the local address and port the request left from.
    #[rnet(getter)]
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.inner.local_addr
    }

    /// How many times the request was sent: 1, plus one per retry (see `Retry`).
    #[rnet(getter)]
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// Where the request's time went: DNS, connecting, the first byte and the whole body.
    #[rnet(getter)]
    pub fn timings(&self) -> Timings {
        self.inner.phases.timings()
    }

    /// The redirects followed to get here, oldest first.
    #[rnet(getter)]
    pub fn history(&self) -> Vec<History> {
        self.inner.history.clone()
    }

    /// The server's certificate (DER), when the client was built with `tls_info=True`.
    #[rnet(getter)]
    pub fn peer_certificate(&self) -> Option<Buffer> {
        self.inner.peer_certificate.clone().map(Buffer)
    }

    /// The cookies the response set (`Set-Cookie`).
    #[rnet(getter)]
    pub fn cookies(&self) -> Vec<Cookie> {
        let parse = || {
            let headers = self.inner.headers.read();
            headers
                .get_all(wreq::header::SET_COOKIE)
                .iter()
                .filter_map(|v| std::str::from_utf8(v.as_bytes()).ok())
                .filter_map(|v| cookie::Cookie::parse(v).ok())
                .map(|c| Cookie::from_raw(c.into_owned()))
                .collect()
        };
        self.inner.cookies.get_or_init(parse).clone()
    }

    /// Trailers sent after the body (HTTP/2, or chunked HTTP/1.1), once the body has been read
    /// to the end; `None` before that or when the server sent none.
    #[rnet(getter)]
    pub fn trailers(&self) -> Option<HeaderMap> {
        self.inner
            .trailers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The body as a stream of chunks. The body can be read once: either streamed, or whole
    /// with `bytes()` / `text()` / `json()` (which cache it). Up to 4 MiB is read ahead of the
    /// consumer; beyond that the server waits (TCP / HTTP/2 flow control).
    pub fn stream(&self) -> Result<Streamer> {
        Ok(Streamer::new(self.take_body()?, self.clone(), BATCH))
    }

    /// The body as it arrives, frame by frame, without the copy `stream()` makes: each chunk is
    /// a read-only view of the connection's buffer (Python `memoryview`, JS `Buffer`). A view
    /// keeps that buffer alive while it is held: copy what you keep (Python `bytes(view)`).
    /// Read ahead as `stream()` is.
    pub fn stream_views(&self) -> Result<ViewStreamer> {
        Ok(ViewStreamer::new(self.take_body()?, self.clone()))
    }

    /// Releases the body without reading it (its connection is closed rather than pooled, unless
    /// the body was already read). Reading it afterwards raises `BodyError`.
    #[rnet(close)]
    pub async fn close(&self) {
        let mut body = self.inner.body.lock().await;
        if matches!(&*body, Body::Unread(_) | Body::Prefetched(_)) {
            *body = Body::Closed;
        }
        drop(body);
        self.release_signal();
    }

    /// Raises `StatusError` for a 4xx or 5xx status.
    pub fn raise_for_status(&self) -> Result<()> {
        let s = self.inner.status;
        if (400..600).contains(&s) {
            let kind = if s < 500 { "client" } else { "server" };
            return Err(Error::Status(format!(
                "HTTP status {kind} error ({s}) for {} {}",
                self.inner.method,
                redact(&self.inner.url.to_string())
            )));
        }
        Ok(())
    }

    /// The body as bytes. (Node: a body of 1 KiB or more comes as a Buffer over the response's
    /// own memory, without a copy; treat it as read-only, and copy it to change it.)
    pub async fn bytes(&self) -> Result<Chunk> {
        self.body()
            .await
            .map(|whole| Chunk::whole(whole.0.to_vec()))
    }

    /// The body as a read-only view of the response's own memory, without the copy `bytes()`
    /// makes (Python `memoryview`, JS `Buffer`). Cached like `bytes()`: a body that came in
    /// several frames is joined once, on the runtime's thread.
    pub async fn bytes_view(&self) -> Result<View> {
        self.joined_body().await.map(View::new)
    }

    /// The whole body as one slice, for the readers that need one. A body that came in
    /// several frames is joined on first use and cached joined, so no reader joins it again.
    async fn joined_body(&self) -> Result<Bytes> {
        let whole = self.body().await?;
        let joined = whole.joined();
        if whole.0.len() > 1 {
            let mut body = self.inner.body.lock().await;
            // Unless another reader replaced the cache meanwhile.
            if matches!(&*body, Body::Read(cached) if Arc::ptr_eq(&cached.0, &whole.0)) {
                *body = Body::Read(Whole([joined.clone()].into()));
            }
        }
        Ok(joined)
    }

    /// The body as text, decoded with `encoding`, else the `Content-Type` charset, else UTF-8.
    pub async fn text(&self, encoding: Option<String>) -> Result<String> {
        let label = encoding.or_else(|| self.charset());
        let enc = match &label {
            Some(l) => encoding_rs::Encoding::for_label(l.as_bytes())
                .ok_or_else(|| Error::Decoding(format!("unknown text encoding {l:?}")))?,
            None => encoding_rs::UTF_8,
        };
        let body = self.joined_body().await?;
        Ok(enc.decode(&body).0.into_owned())
    }

    /// The body parsed as JSON.
    pub async fn json(&self) -> Result<Json> {
        let body = self.joined_body().await?;
        serde_json::from_slice(&body).map(Json).map_err(|e| {
            Error::Decoding(format!(
                "invalid JSON from {} {}: {e}",
                self.inner.method,
                redact(&self.inner.url.to_string())
            ))
        })
    }
}

/// A body that came in one frame is a slice of the connection's read buffer; below this size
/// it is copied out (`host::UNPIN_RESPONSES`), as the buffer it would pin is up to several
/// times its size. A larger body fills most of its buffer, and copying it costs more than the
/// rest of the buffer (measured at 200 KiB: +6% CPU per request for 2% less peak RSS).
const UNPIN_BELOW: usize = 64 * 1024;

/// A whole body as the frames it arrived in: Python copies frames into its own `bytes`
/// anyway, so joining them first would be a second copy of every multi-frame body. (For Node
/// they are joined once, on the runtime: `host::JOIN_BODIES`.)
#[derive(Clone)]
struct Whole(Arc<[Bytes]>);

impl Whole {
    /// The body as one slice: a copy only when it came in several frames.
    fn joined(&self) -> Bytes {
        match &*self.0 {
            [] => Bytes::new(),
            [one] => one.clone(),
            parts => {
                let mut out = bytes::BytesMut::with_capacity(parts.iter().map(Bytes::len).sum());
                parts.iter().for_each(|p| out.extend_from_slice(p));
                out.freeze()
            }
        }
    }
}
