//! The fingerprint echo: what a server sees of a client before and after the handshake (the
//! TLS ClientHello, the HTTP/2 preface, header order and case), read from the raw bytes. The
//! test fixture serves it among its other routes; rnet's native module ships [`Echo`], the
//! echo on its own, so `rnet-fingerprint` works from an installed package.

use serde_json::{json, Value};
use std::{sync::Arc, time::Duration};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpStream,
};

pub mod fingerprint;
mod server;

use fingerprint::{ClientHello, H2Preface};
pub use server::Echo;

/// What the server saw of one connection: the ClientHello, and every byte the client sent
/// after TLS (capped), from which HTTP/2 frames and HTTP/1.1 header case are read.
#[derive(Default)]
pub struct Conn {
    pub hello: Option<ClientHello>,
    /// The negotiated TLS version, e.g. `TLSv1_3`, and whether a client certificate came.
    pub tls_version: Option<String>,
    pub client_cert: bool,
    pub received: Arc<std::sync::Mutex<Vec<u8>>>,
}

const RECORD_CAP: usize = 1 << 20;

/// Passes reads through and keeps a copy of the first `RECORD_CAP` bytes.
pub struct Recorder<S> {
    pub inner: S,
    pub log: Arc<std::sync::Mutex<Vec<u8>>>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Recorder<S> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let res = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let room = RECORD_CAP.saturating_sub(log.len());
        let new = &buf.filled()[before..];
        log.extend_from_slice(&new[..new.len().min(room)]);
        res
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Recorder<S> {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Reads the ClientHello without consuming it: rustls then reads the same bytes.
pub async fn peek_client_hello(stream: &TcpStream) -> Option<ClientHello> {
    let mut buf = vec![0u8; 64 * 1024];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let n = stream.peek(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        match fingerprint::client_hello_from_records(&buf[..n]) {
            Ok(Some(ch)) => return Some(ch),
            Err(_) => return None,
            Ok(None) if tokio::time::Instant::now() > deadline => return None,
            Ok(None) => tokio::time::sleep(Duration::from_millis(2)).await,
        }
    }
}

/// `/fingerprint`: the ClientHello, the HTTP/2 preface and the request's headers with their
/// order and case, as the bytes on the wire show them.
pub fn fingerprint_json(parts: &http::request::Parts, conn: &Conn) -> Value {
    let received = conn
        .received
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let (http2, headers) = if parts.version == http::Version::HTTP_2 {
        match H2Preface::parse(&received) {
            Some(h2) => {
                let index = h2
                    .header_blocks
                    .iter()
                    .rposition(|b| b.iter().any(|(k, v)| k == ":path" && v == path));
                let block = index
                    .map(|i| h2.header_blocks[i].clone())
                    .unwrap_or_default();
                let priority = index
                    .and_then(|i| h2.headers_priority.get(i).copied().flatten())
                    .map(|(e, d, w)| json!({ "exclusive": e, "depends_on": d, "weight": w }));
                let akamai = h2.akamai();
                let h2json = json!({
                    "akamai": akamai,
                    "akamai_hash": fingerprint::md5_hex(&akamai),
                    "settings": h2.settings,
                    "window_update": h2.window_update,
                    "priorities": h2.priorities,
                    "pseudo_order": H2Preface::pseudo_order(&block),
                    "headers_priority": priority,
                    "stream_id": index.and_then(|i| h2.stream_ids.get(i)),
                });
                let headers: Vec<(String, String)> = block
                    .into_iter()
                    .filter(|(k, _)| !k.starts_with(':'))
                    .collect();
                (h2json, headers)
            }
            None => (Value::Null, Vec::new()),
        }
    } else {
        let line = format!("{} {path} HTTP/1.1", parts.method);
        (Value::Null, fingerprint::h1_headers(&received, &line))
    };
    json!({
        "version": format!("{:?}", parts.version),
        "tls": conn.hello.as_ref().map(ClientHello::to_json),
        "tls_version": conn.tls_version,
        "client_cert": conn.client_cert,
        "http2": http2,
        "headers": headers,
    })
}

/// The page a browser opens for a capture: its own request is the navigation; its script
/// then makes a `fetch()` the way a page's script does.
pub const CAPTURE_PAGE: &str = r#"<!doctype html><meta charset="utf-8"><title>rnet capture</title>
<script>
fetch("/capture/fetch").then(r => r.text()).then(() => { document.title = "captured" })
</script>"#;
