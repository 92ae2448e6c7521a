//! Servers that misbehave on purpose, for the reliability tests (tests/cases/faults.json):
//! - a raw HTTP/1.1 listener whose paths reset, truncate or trickle their responses, written
//!   byte by byte below hyper so that each fault is exactly the one named;
//! - an HTTP/2 listener (the `h2` crate, TLS, ALPN h2) that resets a stream (RST_STREAM) or
//!   the whole connection (GOAWAY) in the middle of a response body.

use bytes::Bytes;
use std::{io, sync::Arc, time::Duration};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::mpsc,
};
use tokio_rustls::rustls;

/// The size of the header the `/huge-header` response carries.
pub const HUGE_HEADER: usize = 1 << 20;

pub async fn start_raw() -> io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = raw(stream).await;
            });
        }
    });
    Ok(port)
}

/// Reads the request head and returns its path (one request per connection).
async fn read_path(s: &mut TcpStream) -> io::Result<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        let n = s.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&head);
    Ok(line.split(' ').nth(1).unwrap_or("/").to_string())
}

/// Closes with a TCP RST (SO_LINGER 0) instead of a FIN.
async fn reset(s: TcpStream) {
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Deprecated because a non-zero linger blocks in drop; a zero linger never does.
    #[allow(deprecated)]
    let _ = s.set_linger(Some(Duration::ZERO));
    drop(s);
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

async fn raw(mut s: TcpStream) -> io::Result<()> {
    let path = read_path(&mut s).await?;
    match path.as_str() {
        "/reset-headers" => {
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/pl")
                .await?;
            reset(s).await;
        }
        "/reset-body" => {
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n")
                .await?;
            s.write_all(&pattern(64 * 1024)).await?;
            reset(s).await;
        }
        "/close-before-response" => {}
        "/truncated-chunked" => {
            s.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4000\r\n")
                .await?;
            s.write_all(&pattern(0x4000)).await?;
            s.write_all(b"\r\n4000\r\n").await?;
            s.write_all(&pattern(100)).await?;
            s.shutdown().await?;
        }
        "/short-body" => {
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
                .await?;
            s.write_all(&pattern(1000)).await?;
            s.shutdown().await?;
        }
        // Slow loris: a byte a second, in the status line or in the body.
        "/slow-headers" => {
            trickle(&mut s, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").await?
        }
        "/slow-body" => {
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 60\r\n\r\n")
                .await?;
            trickle(&mut s, &[b'.'; 60]).await?;
        }
        "/huge-header" => {
            let mut head = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Huge: ".to_vec();
            head.extend(std::iter::repeat_n(b'a', HUGE_HEADER));
            head.extend_from_slice(b"\r\n\r\nok");
            s.write_all(&head).await?;
            s.shutdown().await?;
        }
        _ => {
            s.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await?;
        }
    }
    Ok(())
}

async fn trickle(s: &mut TcpStream, bytes: &[u8]) -> io::Result<()> {
    for b in bytes {
        s.write_all(&[*b]).await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Ok(())
}

/// HTTP/2 over TLS: `/rst` and `/goaway` send the headers and 16 KiB of a 1 MB body, then
/// reset the stream or the connection; any other path answers `ok`.
pub async fn start_h2(cfg: Arc<rustls::ServerConfig>) -> io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let acceptor = tokio_rustls::TlsAcceptor::from(cfg);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(stream).await {
                    let _ = h2_conn(tls).await;
                }
            });
        }
    });
    Ok(port)
}

async fn h2_conn<T>(io: T) -> Result<(), h2::Error>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let mut conn = h2::server::handshake(io).await?;
    // A handler asks for GOAWAY through this channel: only the connection can send it, and the
    // connection must keep being polled for the handler's frames to go out.
    let (goaway_tx, mut goaway_rx) = mpsc::channel::<()>(1);
    loop {
        tokio::select! {
            accepted = conn.accept() => {
                let Some(accepted) = accepted else { return Ok(()) };
                let (req, respond) = accepted?;
                tokio::spawn(h2_respond(req.uri().path().to_string(), respond, goaway_tx.clone()));
            }
            Some(()) = goaway_rx.recv() => conn.abrupt_shutdown(h2::Reason::INTERNAL_ERROR),
        }
    }
}

async fn h2_respond(
    path: String,
    mut respond: h2::server::SendResponse<Bytes>,
    goaway: mpsc::Sender<()>,
) {
    let head = |len: usize| {
        http::Response::builder()
            .header("content-length", len)
            .body(())
            .expect("a response head")
    };
    if path != "/rst" && path != "/goaway" {
        if let Ok(mut send) = respond.send_response(head(2), false) {
            let _ = send.send_data(Bytes::from_static(b"ok"), true);
        }
        return;
    }
    let Ok(mut send) = respond.send_response(head(1_000_000), false) else {
        return;
    };
    let _ = send.send_data(Bytes::from(pattern(16 * 1024)), false);
    tokio::time::sleep(Duration::from_millis(100)).await;
    if path == "/rst" {
        send.send_reset(h2::Reason::INTERNAL_ERROR);
    } else {
        let _ = goaway.send(()).await;
        // Keep the stream open until the connection goes away.
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}
