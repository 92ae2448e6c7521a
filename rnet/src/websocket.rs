//! WebSockets over HTTP/1.1 Upgrade or HTTP/2 extended CONNECT (RFC 8441, `version=HTTP_2`):
//! `client.websocket(url, **opts)` / module `websocket()`, the `WebSocket` handle, `Message`.
//! Sending and receiving hold separate halves, so one task can wait in `recv` while another
//! sends.

use crate::{
    cancel::Cancel,
    client::{default_client, Client},
    error::redact,
    request::CommonRequestConfig,
    runtime::{inherited, ProcessLocal},
    types::{BodyInput, Buffer, Json, TimeDelta},
    Cookie, Error, HeaderMap, Result, Version,
};
use bytes::Bytes;
use futures_util::{
    stream::{SplitSink, SplitStream},
    SinkExt, StreamExt,
};
use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};
use tokio::sync::Mutex;
use wreq::ws::message as ws;

#[cfg(feature = "python")]
use crate::client::BlockingClient;

/// Options for `websocket()` (Python `**kwargs`, a JS options object).
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct WebSocketConfig {
    #[rnet(flatten)]
    pub common: CommonRequestConfig,
    /// Subprotocols to offer (`Sec-WebSocket-Protocol`).
    pub protocols: Option<Vec<String>>,
    /// HTTP_11 (Upgrade, the default) or HTTP_2 (extended CONNECT).
    pub version: Option<Version>,
    /// Read buffer size in bytes.
    pub read_buffer_size: Option<u32>,
    /// Bytes to buffer before writing to the socket.
    pub write_buffer_size: Option<u32>,
    /// The most bytes the write buffer may hold (then sends fail).
    pub max_write_buffer_size: Option<u32>,
    /// The largest message accepted, in bytes (default 64 MiB).
    pub max_message_size: Option<u32>,
    /// The largest frame accepted, in bytes (default 16 MiB).
    pub max_frame_size: Option<u32>,
    /// Accept frames a server did not mask (default false).
    pub accept_unmasked_frames: Option<bool>,
}

impl WebSocketConfig {
    fn apply(self, rb: wreq::RequestBuilder) -> Result<wreq::ws::WebSocketRequestBuilder> {
        let mut b = wreq::ws::WebSocketRequestBuilder::new(self.common.apply(rb)?);
        if let Some(v) = self.version {
            b = b.version(v.to_wreq());
        }
        if let Some(p) = self.protocols {
            b = b.protocols(p);
        }
        let size = |n: u32| n as usize;
        if let Some(n) = self.read_buffer_size {
            b = b.read_buffer_size(size(n));
        }
        if let Some(n) = self.write_buffer_size {
            b = b.write_buffer_size(size(n));
        }
        if let Some(n) = self.max_write_buffer_size {
            b = b.max_write_buffer_size(size(n));
        }
        if let Some(n) = self.max_message_size {
            b = b.max_message_size(size(n));
        }
        if let Some(n) = self.max_frame_size {
            b = b.max_frame_size(size(n));
        }
        if let Some(on) = self.accept_unmasked_frames {
            b = b.accept_unmasked_frames(on);
        }
        Ok(b)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Text(String),
    Binary(Bytes),
    Ping(Bytes),
    Pong(Bytes),
    Close(Option<(u16, String)>),
}

/// A WebSocket message: text, binary, ping, pong or close.
#[rnet::export]
#[derive(Debug, Clone, PartialEq)]
pub struct Message(Kind);

#[rnet::export]
impl Message {
    /// A text message.
    #[rnet(staticmethod)]
    pub fn from_text(data: String) -> Self {
        Message(Kind::Text(data))
    }

    /// A binary message.
    #[rnet(staticmethod)]
    pub fn from_binary(data: BodyInput) -> Self {
        Message(Kind::Binary(data.0))
    }

    /// A ping (at most 125 bytes); the peer answers with a pong.
    #[rnet(staticmethod)]
    pub fn from_ping(data: BodyInput) -> Result<Self> {
        control(&data.0, "ping").map(|b| Message(Kind::Ping(b)))
    }

    /// A pong (at most 125 bytes).
    #[rnet(staticmethod)]
    pub fn from_pong(data: BodyInput) -> Result<Self> {
        control(&data.0, "pong").map(|b| Message(Kind::Pong(b)))
    }

    /// A close message with a code (1000 normal, 3000–4999 for applications) and a reason.
    #[rnet(staticmethod)]
    pub fn from_close(code: u32, reason: Option<String>) -> Result<Self> {
        Ok(Message(Kind::Close(Some((
            close_code(code)?,
            reason.unwrap_or_default(),
        )))))
    }

    /// The payload of a text, binary, ping or pong message (text as UTF-8).
    #[rnet(getter)]
    pub fn data(&self) -> Option<Buffer> {
        match &self.0 {
            Kind::Text(t) => Some(Buffer(Bytes::copy_from_slice(t.as_bytes()))),
            Kind::Binary(b) | Kind::Ping(b) | Kind::Pong(b) => Some(Buffer(b.clone())),
            Kind::Close(_) => None,
        }
    }

    /// The text of a text message.
    #[rnet(getter)]
    pub fn text(&self) -> Option<String> {
        match &self.0 {
            Kind::Text(t) => Some(t.clone()),
            _ => None,
        }
    }

    /// The payload of a binary message.
    #[rnet(getter)]
    pub fn binary(&self) -> Option<Buffer> {
        match &self.0 {
            Kind::Binary(b) => Some(Buffer(b.clone())),
            _ => None,
        }
    }

    /// The payload of a ping.
    #[rnet(getter)]
    pub fn ping(&self) -> Option<Buffer> {
        match &self.0 {
            Kind::Ping(b) => Some(Buffer(b.clone())),
            _ => None,
        }
    }

    /// The payload of a pong.
    #[rnet(getter)]
    pub fn pong(&self) -> Option<Buffer> {
        match &self.0 {
            Kind::Pong(b) => Some(Buffer(b.clone())),
            _ => None,
        }
    }

    /// The (code, reason) of a close message (code 1005 when the peer gave none).
    #[rnet(getter)]
    pub fn close(&self) -> Option<(u32, String)> {
        match &self.0 {
            Kind::Close(Some((code, reason))) => Some((*code as u32, reason.clone())),
            Kind::Close(None) => Some((1005, String::new())),
            _ => None,
        }
    }

    /// The kind: "text", "binary", "ping", "pong" or "close".
    #[rnet(getter)]
    pub fn kind(&self) -> String {
        match &self.0 {
            Kind::Text(_) => "text",
            Kind::Binary(_) => "binary",
            Kind::Ping(_) => "ping",
            Kind::Pong(_) => "pong",
            Kind::Close(_) => "close",
        }
        .into()
    }

    /// A text or binary message parsed as JSON.
    pub fn json(&self) -> Result<Json> {
        let bytes: &[u8] = match &self.0 {
            Kind::Text(t) => t.as_bytes(),
            Kind::Binary(b) => b,
            _ => {
                return Err(Error::Decoding(format!(
                    "a {} message has no JSON payload",
                    self.kind()
                )))
            }
        };
        serde_json::from_slice(bytes)
            .map(Json)
            .map_err(|e| Error::Decoding(format!("invalid JSON in WebSocket message: {e}")))
    }

    /// `Message(text, 5 bytes)`-style summary.
    #[rnet(python(name = "__repr__"), node(js_name = "toString"))]
    pub fn describe(&self) -> String {
        match &self.0 {
            Kind::Close(_) => {
                let (code, reason) = self.close().unwrap_or_default();
                format!("Message(close, {code}, {reason:?})")
            }
            _ => format!(
                "Message({}, {} bytes)",
                self.kind(),
                self.data().map_or(0, |d| d.0.len())
            ),
        }
    }
}

fn control(data: &Bytes, what: &str) -> Result<Bytes> {
    if data.len() > 125 {
        return Err(Error::Builder(format!(
            "a {what} payload is at most 125 bytes, got {}",
            data.len()
        )));
    }
    Ok(data.clone())
}

fn close_code(code: u32) -> Result<u16> {
    match code {
        1000..=1003 | 1007..=1014 | 3000..=4999 => Ok(code as u16),
        _ => Err(Error::Builder(format!(
            "{code} is not a close code an endpoint may send (1000-1003, 1007-1014, 3000-4999)"
        ))),
    }
}

impl Message {
    fn to_wreq(&self) -> ws::Message {
        match &self.0 {
            Kind::Text(t) => ws::Message::text(t.clone()),
            Kind::Binary(b) => ws::Message::binary(b.clone()),
            Kind::Ping(b) => ws::Message::ping(b.clone()),
            Kind::Pong(b) => ws::Message::pong(b.clone()),
            Kind::Close(frame) => {
                ws::Message::Close(frame.as_ref().map(|(code, reason)| ws::CloseFrame {
                    code: (*code).into(),
                    reason: reason.clone().into(),
                }))
            }
        }
    }

    fn from_wreq(m: ws::Message) -> Self {
        Message(match m {
            ws::Message::Text(t) => Kind::Text(t.as_str().to_string()),
            ws::Message::Binary(b) => Kind::Binary(b),
            ws::Message::Ping(b) => Kind::Ping(b),
            ws::Message::Pong(b) => Kind::Pong(b),
            ws::Message::Close(f) => {
                Kind::Close(f.map(|f| (u16::from(f.code), f.reason.as_str().to_string())))
            }
        })
    }
}

type Socket = wreq::ws::WebSocket;

/// An open WebSocket. `recv()` returns `None` once the connection has closed.
#[rnet::export(blocking)]
#[derive(Clone)]
pub struct WebSocket {
    inner: Arc<Inner>,
}

struct Inner {
    url: String,
    status: u16,
    version: Version,
    headers: HeaderMap,
    cookies: Vec<Cookie>,
    remote_addr: Option<String>,
    local_addr: Option<String>,
    protocol: Option<String>,
    // Process-local: a forked child can neither use nor drop its parent's socket.
    tx: Mutex<Option<ProcessLocal<SplitSink<Socket, ws::Message>>>>,
    rx: Mutex<Option<ProcessLocal<SplitStream<Socket>>>>,
    cancel: Cancel,
    /// Set by `close()`: a peer that then drops the connection has not failed us.
    closing: AtomicBool,
    /// The client's `Runtime`, which drives this socket: kept running until it goes.
    _runtime: Option<crate::Runtime>,
}

impl Client {
    /// Opens a WebSocket: the handshake, then the upgraded connection (on the client's
    /// `Runtime`, if it has one).
    pub async fn connect_websocket(
        &self,
        url: String,
        opts: Option<WebSocketConfig>,
    ) -> Result<WebSocket> {
        match self.assigned() {
            None => self.connect_here(url, opts).await,
            Some(rt) => {
                let this = self.clone();
                rt.run(async move { this.connect_here(url, opts).await })
                    .await
            }
        }
    }

    async fn connect_here(&self, url: String, opts: Option<WebSocketConfig>) -> Result<WebSocket> {
        let parsed = self.resolve(&url, &["ws", "wss", "http", "https"])?;
        let url = String::from(parsed.clone());
        let opts = opts.unwrap_or_default();
        let what = || format!("WebSocket {}", redact(&url));
        let cancel = self.cancel(opts.common.signal.as_ref(), what)?;
        let mut rb = self.wreq(what)?.get(parsed.as_str());
        // A pool picks the handshake's proxy too (one try: a failed one rests for the next).
        let host = parsed.host_str().unwrap_or_default();
        let pooled = self
            .proxy_pool(&opts.common)
            .map(|pool| (pool, pool.order(host)[0]));
        if let Some((pool, i)) = pooled {
            rb = rb.proxy(pool.proxy(i));
        }
        let handshake = opts.apply(rb)?;
        let wrap = |e| Error::from_wreq(e, "WebSocket", &url);
        let socket = cancel
            .run(what, async {
                let resp = handshake.send().await.map_err(wrap);
                if let Some((pool, i)) = pooled {
                    pool.record(i, host, &resp);
                }
                let resp = resp?;
                let status = resp.status().as_u16();
                let version = Version::from_wreq(resp.version());
                let headers = HeaderMap::from_http(resp.headers().clone());
                let cookies = resp
                    .cookies()
                    .map(|c| Cookie::from_raw(c.into_owned().into()))
                    .collect();
                let remote_addr = resp.remote_addr().map(|a| a.to_string());
                let local_addr = resp.local_addr().map(|a| a.to_string());
                let socket = resp.into_websocket().await.map_err(wrap)?;
                let protocol = socket
                    .protocol()
                    .map(|p| String::from_utf8_lossy(p.as_bytes()).into_owned());
                let (tx, rx) = socket.split();
                Ok(WebSocket {
                    inner: Arc::new(Inner {
                        url: redact(&url),
                        status,
                        version,
                        headers,
                        cookies,
                        remote_addr,
                        local_addr,
                        protocol,
                        tx: Mutex::new(Some(ProcessLocal::new(tx))),
                        rx: Mutex::new(Some(ProcessLocal::new(rx))),
                        cancel: cancel.clone(),
                        closing: AtomicBool::new(false),
                        _runtime: self.runtime(),
                    }),
                })
            })
            .await;
        // The signal covers the handshake only.
        cancel.release();
        socket
    }
}

#[rnet::export(blocking)]
impl Client {
    /// Opens a WebSocket (ws://, wss://; HTTP/2 extended CONNECT with `version=HTTP_2`).
    #[rnet(spawn)]
    pub async fn websocket(&self, url: String, opts: Option<WebSocketConfig>) -> Result<WebSocket> {
        self.connect_websocket(url, opts).await
    }
}

/// Opens a WebSocket with the shared default client.
#[rnet::export(blocking)]
#[rnet(spawn)]
pub async fn websocket(url: String, opts: Option<WebSocketConfig>) -> Result<WebSocket> {
    default_client()?.connect_websocket(url, opts).await
}

impl WebSocket {
    fn closed_error(&self, what: &str) -> Error {
        Error::WebSocket(format!(
            "cannot {what} on the WebSocket to {}: it is closed",
            self.inner.url
        ))
    }

    fn error(&self, e: wreq::Error) -> Error {
        Error::WebSocket(format!("WebSocket {}: {e}", self.inner.url))
    }

    async fn send_many(&self, messages: Vec<Message>) -> Result<()> {
        let mut tx = self.inner.tx.lock().await;
        let Some(sink) = tx.as_mut() else {
            return Err(self.closed_error("send"));
        };
        let Some(sink) = sink.get_mut() else {
            return Err(Error::WebSocket(inherited("this WebSocket")));
        };
        let what = || format!("WebSocket {}", self.inner.url);
        let result = self
            .inner
            .cancel
            .run(what, async {
                for m in &messages {
                    sink.feed(m.to_wreq()).await.map_err(|e| self.error(e))?;
                }
                sink.flush().await.map_err(|e| self.error(e))
            })
            .await;
        if result.is_err() {
            tx.take(); // a failed or cancelled send leaves the socket unusable
        }
        result
    }
}

#[rnet::export(blocking)]
impl WebSocket {
    /// The handshake's status: 101 (HTTP/1.1) or 200 (HTTP/2).
    #[rnet(getter)]
    pub fn status(&self) -> u16 {
        self.inner.status
    }

    /// The HTTP version of the handshake.
    #[rnet(getter)]
    pub fn version(&self) -> Version {
        self.inner.version
    }

    /// The handshake response's headers.
    #[rnet(getter)]
    pub fn headers(&self) -> HeaderMap {
        self.inner.headers.clone()
    }

    /// Cookies the handshake response set.
    #[rnet(getter)]
    pub fn cookies(&self) -> Vec<Cookie> {
        self.inner.cookies.clone()
    }

    /// The server's address, `ip:port`.
    #[rnet(getter)]
    pub fn remote_addr(&self) -> Option<String> {
        self.inner.remote_addr.clone()
    }

    /// Our address, `ip:port`.
    #[rnet(getter)]
    pub fn local_addr(&self) -> Option<String> {
        self.inner.local_addr.clone()
    }

    /// The subprotocol the server chose.
    #[rnet(getter)]
    pub fn protocol(&self) -> Option<String> {
        self.inner.protocol.clone()
    }

    /// The next message, or `None` once the connection has closed. With `timeout`, waiting
    /// longer raises `TimeoutError` (the socket stays usable).
    #[rnet(iter)]
    pub async fn recv(&self, timeout: Option<TimeDelta>) -> Result<Option<Message>> {
        let mut rx = self.inner.rx.lock().await;
        let Some(stream) = rx.as_mut() else {
            return Ok(None);
        };
        let Some(stream) = stream.get_mut() else {
            return Err(Error::WebSocket(inherited("this WebSocket")));
        };
        let what = || format!("WebSocket {}", self.inner.url);
        let next = self.inner.cancel.run(what, async {
            match timeout {
                None => Ok(stream.next().await),
                Some(t) => tokio::time::timeout(t.0, stream.next()).await.map_err(|_| {
                    Error::Timeout(format!("{}: no message within {:?}", what(), t.0))
                }),
            }
        });
        match next.await {
            Ok(Some(Ok(m))) => Ok(Some(Message::from_wreq(m))),
            Ok(None) => {
                rx.take();
                Ok(None)
            }
            Ok(Some(Err(e))) => {
                rx.take();
                if self.inner.closing.load(Ordering::SeqCst) {
                    return Ok(None);
                }
                Err(self.error(e))
            }
            Err(e @ Error::Timeout(_)) => Err(e),
            Err(e) => {
                rx.take();
                Err(e)
            }
        }
    }

    /// Sends a message.
    pub async fn send(&self, message: Message) -> Result<()> {
        self.send_many(vec![message]).await
    }

    /// Sends messages in order, flushing once at the end.
    pub async fn send_all(&self, messages: Vec<Message>) -> Result<()> {
        self.send_many(messages).await
    }

    /// Closes the connection with `code` (default 1000) and `reason`. Later sends raise
    /// `WebSocketError`; `recv` returns what was still in flight, then `None`.
    #[rnet(close)]
    pub async fn close(&self, code: Option<u32>, reason: Option<String>) -> Result<()> {
        let code = close_code(code.unwrap_or(1000))?;
        let Some(sink) = self.inner.tx.lock().await.take() else {
            return Ok(()); // already closed
        };
        let Some(mut sink) = sink.into_inner() else {
            return Err(Error::WebSocket(inherited("this WebSocket")));
        };
        self.inner.closing.store(true, Ordering::SeqCst);
        let frame = ws::CloseFrame {
            code: code.into(),
            reason: reason.unwrap_or_default().into(),
        };
        // The peer may already be gone; closing is still done from our side. The socket is
        // not shut down here: the peer's answering close frame still arrives through `recv`.
        let _ = sink.send(ws::Message::Close(Some(frame))).await;
        Ok(())
    }
}
