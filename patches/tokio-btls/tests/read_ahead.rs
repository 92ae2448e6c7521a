//! The stream against itself over loopback TCP: a BoringSSL server and client, the client's
//! socket reads counted.

use std::{
    pin::Pin,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    task::{Context, Poll},
};

use btls::{
    pkey::PKey,
    ssl::{Ssl, SslAcceptor, SslConnector, SslMethod, SslVerifyMode},
    x509::X509,
};
use tokio::{
    io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf},
    net::{TcpListener, TcpStream},
};
use tokio_btls::SslStream;

/// A socket that counts the reads that returned bytes.
struct Counted(TcpStream, Arc<AtomicUsize>);

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.0).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.1.fetch_add(1, Ordering::Relaxed);
        }
        r
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

fn server_ssl() -> Ssl {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let mut b = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
    b.set_certificate(&X509::from_pem(cert.cert.pem().as_bytes()).unwrap())
        .unwrap();
    b.set_private_key(
        &PKey::private_key_from_pem(cert.key_pair.serialize_pem().as_bytes()).unwrap(),
    )
    .unwrap();
    Ssl::new(b.build().context()).unwrap()
}

fn client_ssl() -> Ssl {
    let mut b = SslConnector::builder(SslMethod::tls()).unwrap();
    b.set_verify(SslVerifyMode::NONE);
    b.build()
        .configure()
        .unwrap()
        .into_ssl("localhost")
        .unwrap()
}

/// `records` records of `size` bytes each, written by the server before the client reads any:
/// the bytes the client reads, and how many socket reads it took.
async fn transfer(records: usize, size: usize, read_with: usize) -> (Vec<u8>, Vec<u8>, usize) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sent: Vec<u8> = (0..records * size)
        .map(|i| (i * 7 + i / 251) as u8)
        .collect();
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let server = {
        let sent = sent.clone();
        tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut tls = SslStream::new(server_ssl(), tcp).unwrap();
            Pin::new(&mut tls).accept().await.unwrap();
            for record in sent.chunks(size) {
                tls.write_all(record).await.unwrap();
            }
            tls.flush().await.unwrap();
            ready_tx.send(()).unwrap();
            tls.shutdown().await.unwrap();
        })
    };
    let reads = Arc::new(AtomicUsize::new(0));
    let tcp = Counted(TcpStream::connect(addr).await.unwrap(), reads.clone());
    let mut tls = SslStream::new(client_ssl(), tcp).unwrap();
    Pin::new(&mut tls).connect().await.unwrap();
    ready_rx.await.unwrap();
    let before = reads.load(Ordering::Relaxed);
    let mut got = Vec::new();
    let mut chunk = vec![0; read_with];
    while got.len() < sent.len() {
        let n = tls.read(&mut chunk).await.unwrap();
        assert_ne!(
            n,
            0,
            "the stream ended after {} of {} bytes",
            got.len(),
            sent.len()
        );
        got.extend_from_slice(&chunk[..n]);
    }
    server.await.unwrap();
    (sent, got, reads.load(Ordering::Relaxed) - before)
}

#[tokio::test]
async fn records_already_received_cost_fewer_socket_reads_than_records() {
    // 48 records of 1 KiB: one socket read per record header and per record (96) without the
    // read-ahead; with it, a few reads of up to 32 KiB.
    let (sent, got, reads) = transfer(48, 1024, 4096).await;
    assert_eq!(got, sent);
    assert!(reads * 4 <= 48, "{reads} socket reads for 48 records");
}

#[tokio::test]
async fn large_reads_and_full_records_arrive_intact() {
    // Full 16 KiB records read through a buffer larger than the read-ahead, and through one
    // smaller than a record: every byte in order either way.
    for read_with in [64 * 1024, 1000] {
        let (sent, got, _) = transfer(12, 16 * 1024, read_with).await;
        assert_eq!(got, sent, "read with a {read_with}-byte buffer");
    }
}
