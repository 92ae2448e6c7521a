//! [`Echo`]: the fingerprint echo on its own, on loopback. Every path answers with the
//! request's fingerprint; `/capture-page` and `/capture/<kind>` also keep it for a browser
//! capture, and `/captures` returns what was kept.

use crate::{fingerprint_json, peek_client_hello, Conn, Recorder, CAPTURE_PAGE};
use bytes::Bytes;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo},
    server::conn::auto,
};
use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair};
use serde_json::{Map, Value};
use std::{
    io,
    path::PathBuf,
    sync::{Arc, Mutex},
};
use tokio::{net::TcpListener, task::AbortHandle};
use tokio_rustls::rustls::{self, pki_types::PrivateKeyDer};

type Captures = Arc<Mutex<Map<String, Value>>>;

/// A running echo. Dropping it (or `close`) stops it and removes its CA file.
pub struct Echo {
    /// TLS (ALPN h2 and http/1.1), with a certificate for `localhost` and 127.0.0.1.
    pub https_port: u16,
    /// Plain HTTP/1.1 and h2c.
    pub http_port: u16,
    /// The PEM of the CA that signed the certificate, for a browser to trust.
    pub ca_pem: PathBuf,
    captures: Captures,
    tasks: Vec<AbortHandle>,
}

fn other(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// A CA and a certificate it signed for `localhost` and 127.0.0.1: the TLS config and the
/// CA's PEM.
fn tls_config() -> io::Result<(Arc<rustls::ServerConfig>, String)> {
    let ca_key = KeyPair::generate().map_err(other)?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(other)?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "rnet fingerprint echo CA");
    let ca = ca.self_signed(&ca_key).map_err(other)?;
    let key = KeyPair::generate().map_err(other)?;
    let mut leaf =
        CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()]).map_err(other)?;
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf = leaf.signed_by(&key, &ca, &ca_key).map_err(other)?;
    let mut cfg = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(other)?
    .with_no_client_auth()
    .with_single_cert(
        vec![leaf.der().clone(), ca.der().clone()],
        PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
    .map_err(other)?;
    cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok((Arc::new(cfg), ca.pem()))
}

impl Echo {
    /// Starts the echo on 127.0.0.1 (ports chosen by the system), on the current Tokio runtime.
    pub async fn start() -> io::Result<Echo> {
        let (cfg, ca) = tls_config()?;
        let tls = TcpListener::bind("127.0.0.1:0").await?;
        let plain = TcpListener::bind("127.0.0.1:0").await?;
        let (https_port, http_port) = (tls.local_addr()?.port(), plain.local_addr()?.port());
        let ca_pem = std::env::temp_dir().join(format!(
            "rnet-echo-{}-{https_port}-ca.pem",
            std::process::id()
        ));
        std::fs::write(&ca_pem, ca)?;
        let captures = Captures::default();
        let tasks = vec![
            tokio::spawn(serve_tls(tls, cfg, captures.clone())).abort_handle(),
            tokio::spawn(serve_plain(plain, captures.clone())).abort_handle(),
        ];
        Ok(Echo {
            https_port,
            http_port,
            ca_pem,
            captures,
            tasks,
        })
    }

    /// The fingerprints kept so far, by kind (`navigate`, `fetch`).
    pub fn captures(&self) -> Value {
        Value::Object(
            self.captures
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
        )
    }

    /// Stops accepting connections.
    pub fn close(&self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl Drop for Echo {
    fn drop(&mut self) {
        self.close();
        let _ = std::fs::remove_file(&self.ca_pem);
    }
}

async fn serve_tls(listener: TcpListener, cfg: Arc<rustls::ServerConfig>, captures: Captures) {
    let acceptor = tokio_rustls::TlsAcceptor::from(cfg);
    while let Ok((stream, _)) = listener.accept().await {
        // A reply goes out in several writes; with Nagle's algorithm each later one waits for
        // the client's delayed ACK (about 40 ms), which made a TLS request take ~50 ms here.
        let _ = stream.set_nodelay(true);
        let (acceptor, captures) = (acceptor.clone(), captures.clone());
        tokio::spawn(async move {
            let mut conn = Conn {
                hello: peek_client_hello(&stream).await,
                ..Conn::default()
            };
            // A browser that does not trust the certificate gives up here.
            if let Ok(tls) = acceptor.accept(stream).await {
                conn.tls_version = tls.get_ref().1.protocol_version().map(|v| format!("{v:?}"));
                let io = Recorder {
                    inner: tls,
                    log: conn.received.clone(),
                };
                serve(TokioIo::new(io), conn, captures).await;
            }
        });
    }
}

async fn serve_plain(listener: TcpListener, captures: Captures) {
    while let Ok((stream, _)) = listener.accept().await {
        let _ = stream.set_nodelay(true); // see serve_tls
        let captures = captures.clone();
        tokio::spawn(async move {
            let conn = Conn::default();
            let io = Recorder {
                inner: stream,
                log: conn.received.clone(),
            };
            serve(TokioIo::new(io), conn, captures).await;
        });
    }
}

async fn serve<I>(io: I, conn: Conn, captures: Captures)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let conn = Arc::new(conn);
    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
        let (conn, captures) = (conn.clone(), captures.clone());
        async move { Ok::<_, std::convert::Infallible>(answer(req, &conn, &captures)) }
    });
    let _ = auto::Builder::new(TokioExecutor::new())
        .serve_connection(io, svc)
        .await;
}

fn answer(req: Request<Incoming>, conn: &Conn, captures: &Captures) -> Response<Full<Bytes>> {
    let (parts, _) = req.into_parts();
    let path = parts.uri.path().to_string();
    let keep = |kind: &str, fp: &Value| {
        captures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(kind.to_string(), fp.clone());
    };
    let (content_type, body) = match path.trim_start_matches('/').split('/').collect::<Vec<_>>()[..]
    {
        ["captures"] => (
            "application/json",
            Bytes::from(
                Value::Object(captures.lock().unwrap_or_else(|e| e.into_inner()).clone())
                    .to_string(),
            ),
        ),
        ["capture-page"] => {
            keep("navigate", &fingerprint_json(&parts, conn));
            ("text/html", Bytes::from_static(CAPTURE_PAGE.as_bytes()))
        }
        ["capture", kind] => {
            let fp = fingerprint_json(&parts, conn);
            keep(kind, &fp);
            ("application/json", Bytes::from(fp.to_string()))
        }
        _ => (
            "application/json",
            Bytes::from(fingerprint_json(&parts, conn).to_string()),
        ),
    };
    let mut resp = Response::new(Full::new(body));
    *resp.status_mut() = StatusCode::OK;
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}
