//! The loopback fixture server for every rnet test suite: plaintext HTTP/1.1, and TLS
//! (self-signed, generated at start) with ALPN `h2` and `http/1.1`, serving httpbin-like
//! endpoints. `rnet-fixture` (the binary) prints its ports as one JSON line.

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo},
    server::conn::auto,
};
use serde_json::{json, Value};
use std::{
    collections::BTreeMap,
    io::Write,
    net::SocketAddr,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::net::TcpListener;
use tokio_rustls::rustls;

pub mod dns;
pub mod faults;
pub mod pki;
pub mod proxy;
pub mod stream;
pub mod ws;
use fingerprint::hex;
pub use rnet_echo::fingerprint;
use rnet_echo::{fingerprint_json, peek_client_hello, Conn, Recorder, CAPTURE_PAGE};
use sha2::Digest;

/// Counters the tests read back through `/stats`.
#[derive(Default)]
pub struct Stats {
    /// `/delay` handlers dropped before they finished: the client went away.
    pub delay_cancelled: AtomicU64,
    pub requests: AtomicU64,
    /// Connections accepted on the HTTP and TLS listeners.
    pub connections: AtomicU64,
    /// Of those, the ones still open: a client that releases its sockets brings this back.
    pub open_connections: AtomicU64,
    /// What went through the loopback proxies.
    pub proxy_log: Arc<proxy::Log>,
    /// Questions the loopback DNS server answered.
    pub dns_log: Arc<dns::Log>,
    /// Requests to `/count/<tag>`, per tag: a test that spreads requests over processes
    /// reads back how many arrived (`/counted/<tag>`).
    pub tagged: std::sync::Mutex<std::collections::HashMap<String, u64>>,
    /// Fingerprints of browser requests, by kind (`/capture-page` and `/capture/<kind>`).
    pub captures: std::sync::Mutex<serde_json::Map<String, Value>>,
}

impl Stats {
    fn keep_capture(&self, kind: &str, fingerprint: Value) {
        self.captures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(kind.to_string(), fingerprint);
    }
}

pub struct Ports {
    pub http: u16,
    pub https: u16,
    /// A port that refuses connections: bound but never listening, and held for the server's
    /// lifetime so no other listener can take it (a freed port can be reused at once).
    pub closed: u16,
    _closed_guard: Arc<tokio::net::TcpSocket>,
    pub http_proxy: u16,
    /// Requires `proxy::USER` / `proxy::PASSWORD`.
    pub http_proxy_auth: u16,
    pub socks5: u16,
    /// Requires `proxy::USER` / `proxy::PASSWORD`.
    pub socks5_auth: u16,
    /// TLS that requires a client certificate signed by the test CA.
    pub https_mtls: u16,
    /// UDP: the loopback DNS server (`dns::ZONE` resolves to 127.0.0.1).
    pub dns: u16,
    /// Raw HTTP/1.1 whose paths misbehave (`faults.rs`).
    pub faults: u16,
    /// HTTP/2 over TLS that resets streams and connections mid-body (`faults.rs`).
    pub h2_faults: u16,
    /// TLS with a certificate that expired in 2020 (signed by the test CA).
    pub https_expired: u16,
    /// TLS with a `localhost` certificate from a CA that is not the test CA.
    pub https_untrusted: u16,
    pub pki: Arc<pki::Pki>,
}

impl Ports {
    /// The ports as the one JSON line the binary prints.
    pub fn to_json(&self) -> Value {
        json!({
            "http": self.http, "https": self.https, "closed": self.closed,
            "http_proxy": self.http_proxy, "http_proxy_auth": self.http_proxy_auth,
            "socks5": self.socks5, "socks5_auth": self.socks5_auth,
            "proxy_user": proxy::USER, "proxy_password": proxy::PASSWORD,
            "https_mtls": self.https_mtls, "dns": self.dns, "dns_zone": dns::ZONE,
            "faults": self.faults, "h2_faults": self.h2_faults,
            "https_expired": self.https_expired, "https_untrusted": self.https_untrusted,
            "ca_pem": self.pki.ca_pem, "server_cert_pem": self.pki.server_cert_pem,
            "client_cert_pem": self.pki.client_cert_pem, "client_key_pem": self.pki.client_key_pem,
        })
    }
}

/// Starts both listeners on 127.0.0.1 with ephemeral ports.
pub async fn start() -> std::io::Result<Ports> {
    let stats = Arc::new(Stats::default());
    let plain = TcpListener::bind("127.0.0.1:0").await?;
    let tls = TcpListener::bind("127.0.0.1:0").await?;
    let mtls = TcpListener::bind("127.0.0.1:0").await?;
    let expired = TcpListener::bind("127.0.0.1:0").await?;
    let untrusted = TcpListener::bind("127.0.0.1:0").await?;
    let pki = Arc::new(pki::Pki::generate());
    let closed_guard = tokio::net::TcpSocket::new_v4()?;
    closed_guard.bind("127.0.0.1:0".parse().expect("a socket address"))?;
    let closed = closed_guard.local_addr()?.port();
    let log = stats.proxy_log.clone();
    let ports = Ports {
        http: plain.local_addr()?.port(),
        https: tls.local_addr()?.port(),
        closed,
        _closed_guard: Arc::new(closed_guard),
        http_proxy: proxy::start_http(log.clone(), false).await?,
        http_proxy_auth: proxy::start_http(log.clone(), true).await?,
        socks5: proxy::start_socks5(log.clone(), false).await?,
        socks5_auth: proxy::start_socks5(log, true).await?,
        https_mtls: mtls.local_addr()?.port(),
        dns: dns::start(stats.dns_log.clone()).await?,
        faults: faults::start_raw().await?,
        h2_faults: faults::start_h2(pki.h2_only_config()).await?,
        https_expired: expired.local_addr()?.port(),
        https_untrusted: untrusted.local_addr()?.port(),
        pki: pki.clone(),
    };
    tokio::spawn(serve_tls(expired, pki.expired_config(), stats.clone()));
    tokio::spawn(serve_tls(untrusted, pki.untrusted_config(), stats.clone()));
    tokio::spawn(serve_plain(plain, stats.clone()));
    tokio::spawn(serve_tls(tls, pki.server_config(), stats.clone()));
    tokio::spawn(serve_tls(mtls, pki.mtls_config(), stats));
    Ok(ports)
}

/// Counts a connection as open until the task serving it ends.
struct OpenConnection(Arc<Stats>);

impl OpenConnection {
    fn new(stats: &Arc<Stats>) -> Self {
        stats.connections.fetch_add(1, Ordering::SeqCst);
        stats.open_connections.fetch_add(1, Ordering::SeqCst);
        OpenConnection(stats.clone())
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.open_connections.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve_plain(listener: TcpListener, stats: Arc<Stats>) {
    loop {
        let Ok((stream, peer)) = listener.accept().await else {
            continue;
        };
        let open = OpenConnection::new(&stats);
        let stats = stats.clone();
        tokio::spawn(async move {
            let _open = open;
            let conn = Conn::default();
            let io = Recorder {
                inner: stream,
                log: conn.received.clone(),
            };
            serve_conn(TokioIo::new(io), peer, false, conn, stats).await
        });
    }
}

async fn serve_tls(listener: TcpListener, cfg: Arc<rustls::ServerConfig>, stats: Arc<Stats>) {
    let acceptor = tokio_rustls::TlsAcceptor::from(cfg);
    loop {
        let Ok((stream, peer)) = listener.accept().await else {
            continue;
        };
        let open = OpenConnection::new(&stats);
        let (acceptor, stats) = (acceptor.clone(), stats.clone());
        tokio::spawn(async move {
            let _open = open;
            let mut conn = Conn {
                hello: peek_client_hello(&stream).await,
                ..Conn::default()
            };
            // A client that rejects our certificate aborts here; that is expected.
            if let Ok(tls) = acceptor.accept(stream).await {
                let session = tls.get_ref().1;
                conn.tls_version = session.protocol_version().map(|v| format!("{v:?}"));
                conn.client_cert = session.peer_certificates().is_some_and(|c| !c.is_empty());
                let io = Recorder {
                    inner: tls,
                    log: conn.received.clone(),
                };
                serve_conn(TokioIo::new(io), peer, true, conn, stats).await;
            }
        });
    }
}

async fn serve_conn<I>(io: I, peer: SocketAddr, tls: bool, conn: Conn, stats: Arc<Stats>)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let conn = Arc::new(conn);
    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
        let (stats, conn) = (stats.clone(), conn.clone());
        async move {
            if req.uri().path() == "/ws" && ws::is_websocket(&req) {
                stats.requests.fetch_add(1, Ordering::SeqCst);
                return Ok::<_, std::convert::Infallible>(ws::accept(req));
            }
            Ok(route(req, peer, tls, &conn, stats).await)
        }
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http2().enable_connect_protocol();
    let _ = builder.serve_connection_with_upgrades(io, svc).await;
}

type Resp = Response<BoxBody<Bytes, std::convert::Infallible>>;

fn respond(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Resp {
    respond_with(status, content_type, Full::new(body.into()).boxed())
}

fn respond_with(
    status: StatusCode,
    content_type: &str,
    body: BoxBody<Bytes, std::convert::Infallible>,
) -> Resp {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).unwrap(),
    );
    r
}

fn json_response(v: Value) -> Resp {
    respond(StatusCode::OK, "application/json", v.to_string())
}

fn query_map(q: Option<&str>) -> BTreeMap<String, Value> {
    let mut m: BTreeMap<String, Value> = BTreeMap::new();
    for (k, v) in url::form_urlencoded::parse(q.unwrap_or("").as_bytes()) {
        m.insert(k.into_owned(), Value::String(v.into_owned()));
    }
    m
}

/// Resets `delay_cancelled` accounting unless the handler ran to completion.
struct DelayGuard(Arc<Stats>, bool);
impl Drop for DelayGuard {
    fn drop(&mut self) {
        if !self.1 {
            self.0.delay_cancelled.fetch_add(1, Ordering::SeqCst);
        }
    }
}

async fn route(
    req: Request<Incoming>,
    peer: SocketAddr,
    tls: bool,
    conn: &Conn,
    stats: Arc<Stats>,
) -> Resp {
    stats.requests.fetch_add(1, Ordering::SeqCst);
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let path = parts.uri.path().to_string();
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let headers: Vec<Value> = parts
        .headers
        .iter()
        .map(|(k, v)| json!([k.as_str(), String::from_utf8_lossy(v.as_bytes())]))
        .collect();
    let version = format!("{:?}", parts.version);
    let scheme = if tls { "https" } else { "http" };
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| parts.uri.authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let url = format!(
        "{scheme}://{host}{}",
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/")
    );
    let echo = || {
        let text = String::from_utf8_lossy(&body).into_owned();
        let ct = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let form: BTreeMap<String, Value> = if ct.starts_with("application/x-www-form-urlencoded") {
            query_map(Some(&text))
        } else {
            BTreeMap::new()
        };
        json!({
            "method": parts.method.as_str(),
            "url": url,
            "args": query_map(parts.uri.query()),
            "headers": headers,
            "data": text,
            "json": serde_json::from_slice::<Value>(&body).ok(),
            "form": form,
            "multipart": multipart_parts(ct, &body),
            "version": version,
            "origin": peer.ip().to_string(),
        })
    };
    match segs.as_slice() {
        ["get"] | ["post"] | ["put"] | ["patch"] | ["delete"] | ["anything", ..] | [""] => {
            json_response(echo())
        }
        ["headers"] => json_response(json!({ "headers": headers })),
        ["fingerprint"] => json_response(fingerprint_json(&parts, conn)),
        // Browser captures (scripts/capture-browsers.sh): the page is the navigation, and its
        // script makes a fetch(); each request's fingerprint is kept under its kind.
        ["capture-page"] => {
            stats.keep_capture("navigate", fingerprint_json(&parts, conn));
            respond(StatusCode::OK, "text/html", CAPTURE_PAGE)
        }
        ["capture", kind] => {
            let fp = fingerprint_json(&parts, conn);
            stats.keep_capture(kind, fp.clone());
            json_response(fp)
        }
        ["captures"] => json_response(Value::Object(
            stats
                .captures
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
        )),
        ["proxy-log"] => json_response(stats.proxy_log.entries()),
        ["dns-log"] => json_response(stats.dns_log.entries()),
        ["stats"] => json_response(json!({
            "delay_cancelled": stats.delay_cancelled.load(Ordering::SeqCst),
            "requests": stats.requests.load(Ordering::SeqCst),
            "connections": stats.connections.load(Ordering::SeqCst),
            "open_connections": stats.open_connections.load(Ordering::SeqCst),
        })),
        ["status", code] => {
            let code = code
                .parse::<u16>()
                .ok()
                .and_then(|c| StatusCode::from_u16(c).ok());
            match code {
                Some(c) => respond(c, "text/plain", c.to_string()),
                None => respond(StatusCode::BAD_REQUEST, "text/plain", "bad status"),
            }
        }
        // A header value that is not UTF-8 (latin-1 "café"), as old servers send.
        ["latin1-header"] => {
            let mut r = respond(StatusCode::OK, "text/plain", "ok");
            r.headers_mut().insert(
                "x-latin1",
                HeaderValue::from_bytes(b"caf\xe9").expect("obs-text is a valid value"),
            );
            r
        }
        ["count", tag] => {
            let mut tagged = stats.tagged.lock().unwrap_or_else(|e| e.into_inner());
            let n = tagged.entry(tag.to_string()).or_default();
            *n += 1;
            json_response(json!({ "tag": tag, "count": *n }))
        }
        ["counted", tag] => {
            let tagged = stats.tagged.lock().unwrap_or_else(|e| e.into_inner());
            json_response(json!({ "tag": tag, "count": tagged.get(*tag).copied().unwrap_or(0) }))
        }
        ["delay", secs] => {
            let secs: f64 = secs.parse().unwrap_or(1.0);
            let mut guard = DelayGuard(stats.clone(), false);
            tokio::time::sleep(Duration::from_secs_f64(secs.min(60.0))).await;
            guard.1 = true;
            json_response(echo())
        }
        ["bytes", n] => {
            let n: usize = n.parse().unwrap_or(0).min(64 << 20);
            let data: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
            respond(StatusCode::OK, "application/octet-stream", data)
        }
        // Up to 4 GiB, generated as it is sent: memory stays flat on both sides.
        ["stream-bytes", n] => {
            let n: u64 = n.parse().unwrap_or(0).min(4 << 30);
            let body = stream::Generated::new(n, None).boxed();
            respond_with(StatusCode::OK, "application/octet-stream", body)
        }
        // `/trailers/n?name=value...`: n bytes, then each query pair as a trailer.
        ["trailers", n] => {
            let mut trailers = http::HeaderMap::new();
            for (k, v) in url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()) {
                if let (Ok(k), Ok(v)) = (
                    http::HeaderName::from_bytes(k.as_bytes()),
                    HeaderValue::from_str(&v),
                ) {
                    trailers.append(k, v);
                }
            }
            let n: u64 = n.parse().unwrap_or(0).min(64 << 20);
            let body = stream::Generated::new(n, Some(trailers)).boxed();
            respond_with(StatusCode::OK, "application/octet-stream", body)
        }
        // The length and SHA-256 of what was uploaded (for large and streamed bodies).
        ["upload"] => json_response(json!({
            "length": body.len(),
            "sha256": hex(&sha2::Sha256::digest(&body)),
            "transfer_encoding": parts.headers.get(header::TRANSFER_ENCODING)
                .and_then(|v| v.to_str().ok()),
        })),
        ["gzip"] | ["deflate"] | ["brotli"] | ["zstd"] => {
            let kind = segs[0];
            let payload =
                json!({ kind: true, "method": parts.method.as_str(), "headers": headers })
                    .to_string()
                    .into_bytes();
            let mut r = respond(StatusCode::OK, "application/json", compress(kind, &payload));
            let enc = if kind == "brotli" { "br" } else { kind };
            r.headers_mut().insert(
                header::CONTENT_ENCODING,
                HeaderValue::from_str(enc).unwrap(),
            );
            r
        }
        ["invalid-utf8"] => respond(
            StatusCode::OK,
            "text/plain; charset=utf-8",
            &b"ok \xff\xfe bad \xc3\x28 end"[..],
        ),
        ["invalid-json"] => respond(StatusCode::OK, "application/json", r#"{"a": 1, "b": "#),
        // `/bomb/<gzip|br|zstd>/<MiB>`: that many MiB of zeros, compressed to a few kB.
        ["bomb", kind, mib] => {
            let mib: usize = mib.parse().unwrap_or(1).min(1024);
            let enc = if *kind == "br" { "brotli" } else { kind };
            let mut r = respond(StatusCode::OK, "application/octet-stream", bomb(enc, mib));
            r.headers_mut().insert(
                header::CONTENT_ENCODING,
                HeaderValue::from_str(kind).unwrap_or(HeaderValue::from_static("gzip")),
            );
            r
        }
        ["redirect", n] => {
            let n: u32 = n.parse().unwrap_or(0);
            let to = if n <= 1 {
                "/get".to_string()
            } else {
                format!("/redirect/{}", n - 1)
            };
            let mut r = respond(StatusCode::FOUND, "text/plain", "");
            r.headers_mut()
                .insert(header::LOCATION, HeaderValue::from_str(&to).unwrap());
            r
        }
        ["cookies", "set"] => {
            // `_path` sets the cookies' Path attribute (default `/`).
            let q = query_map(parts.uri.query());
            let cookie_path = q
                .get("_path")
                .and_then(|v| v.as_str())
                .unwrap_or("/")
                .to_string();
            let mut r = json_response(json!({ "cookies": q }));
            for (k, v) in url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()) {
                if k == "_path" {
                    continue;
                }
                if let Ok(h) = HeaderValue::from_str(&format!("{k}={v}; Path={cookie_path}")) {
                    r.headers_mut().append(header::SET_COOKIE, h);
                }
            }
            r
        }
        ["redirect-to"] => {
            let q = query_map(parts.uri.query());
            let to = q
                .get("url")
                .and_then(|v| v.as_str())
                .unwrap_or("/get")
                .to_string();
            let status = q
                .get("status")
                .and_then(|v| v.as_str())
                .and_then(|s| s.parse::<u16>().ok())
                .and_then(|c| StatusCode::from_u16(c).ok())
                .unwrap_or(StatusCode::FOUND);
            let mut r = respond(status, "text/plain", "");
            if let Ok(h) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, h);
            }
            r
        }
        ["redirect-loop"] => {
            let mut r = respond(StatusCode::FOUND, "text/plain", "");
            r.headers_mut()
                .insert(header::LOCATION, HeaderValue::from_static("/redirect-loop"));
            r
        }
        ["cookies"] | ["scoped", "cookies"] => {
            let raw = parts
                .headers
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let cookies: BTreeMap<&str, &str> = raw
                .split(';')
                .filter_map(|p| p.trim().split_once('='))
                .collect();
            json_response(json!({ "cookies": cookies }))
        }
        ["encoding", charset] => {
            let text = query_map(parts.uri.query())
                .get("text")
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "Grüße, café".into());
            match encoding_rs::Encoding::for_label(charset.as_bytes()) {
                Some(enc) => {
                    let (bytes, _, _) = enc.encode(&text);
                    respond(
                        StatusCode::OK,
                        &format!("text/plain; charset={charset}"),
                        bytes.into_owned(),
                    )
                }
                None => respond(StatusCode::BAD_REQUEST, "text/plain", "unknown charset"),
            }
        }
        _ => respond(StatusCode::NOT_FOUND, "text/plain", "not found"),
    }
}

/// `mib` MiB of zeros compressed with `kind`, made once per size and kind (a bomb is cheap to
/// send and costly to inflate).
fn bomb(kind: &str, mib: usize) -> Bytes {
    static CACHE: std::sync::Mutex<BTreeMap<(String, usize), Bytes>> =
        std::sync::Mutex::new(BTreeMap::new());
    let key = (kind.to_string(), mib);
    if let Some(b) = CACHE.lock().unwrap().get(&key) {
        return b.clone();
    }
    let zeros = vec![0u8; mib << 20];
    let data = Bytes::from(compress(kind, &zeros));
    CACHE.lock().unwrap().insert(key, data.clone());
    data
}

fn compress(kind: &str, data: &[u8]) -> Vec<u8> {
    match kind {
        "gzip" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "deflate" => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "brotli" => {
            let mut out = Vec::new();
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                w.write_all(data).unwrap();
            }
            out
        }
        _ => zstd::encode_all(data, 3).unwrap(),
    }
}

/// The parts of a multipart/form-data body: name, filename, content type and text.
fn multipart_parts(content_type: &str, body: &[u8]) -> Value {
    let Some(boundary) = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
    else {
        return Value::Null;
    };
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let parts: Vec<Value> = text
        .split(&delimiter)
        .skip(1)
        .filter(|p| !p.starts_with("--"))
        .filter_map(|p| {
            let p = p.strip_prefix("\r\n")?;
            let (head, data) = p.split_once("\r\n\r\n")?;
            let data = data.strip_suffix("\r\n").unwrap_or(data);
            let mut name = None;
            let mut filename = None;
            let mut ctype = None;
            for line in head.split("\r\n") {
                let (k, v) = line.split_once(':')?;
                if k.eq_ignore_ascii_case("content-disposition") {
                    for attr in v.split(';').map(str::trim) {
                        if let Some(n) = attr.strip_prefix("name=") {
                            name = Some(n.trim_matches('"').to_string());
                        } else if let Some(f) = attr.strip_prefix("filename=") {
                            filename = Some(f.trim_matches('"').to_string());
                        }
                    }
                } else if k.eq_ignore_ascii_case("content-type") {
                    ctype = Some(v.trim().to_string());
                }
            }
            Some(json!({ "name": name, "filename": filename, "content_type": ctype, "data": data }))
        })
        .collect();
    Value::Array(parts)
}
