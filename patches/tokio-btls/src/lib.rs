//! Async TLS streams over BoringSSL for tokio: the API of tokio-btls 0.5.6, which wreq 6 builds
//! its HTTPS connections on, with one change to how the socket is read.
//!
//! BoringSSL asks its transport for exactly the bytes it needs next: a record's 5-byte header,
//! then the record. tokio-btls handed each ask to the socket, so every TLS record cost two
//! `recvfrom` calls (22.8 per new HTTPS connection and request against nginx, 4.9 per request
//! at HTTP/2 20 KiB). Here the transport reads ahead: one read takes what the kernel holds, up
//! to [`READ_AHEAD`] bytes (several records, or a whole handshake flight), and BoringSSL's asks
//! are served from that until it is used up. Nothing on the wire changes.

use std::{
    fmt, future,
    io::{self, Read, Write},
    pin::Pin,
    task::{Context, Poll},
};

use btls::{
    error::ErrorStack,
    ssl::{self, ErrorCode, ShutdownResult, Ssl, SslRef, SslStream as SyncStream},
};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// How much one socket read may take ahead of BoringSSL: two full records (16 KiB of
/// plaintext plus overhead each). Allocated on a connection's first read.
pub const READ_AHEAD: usize = 32 * 1024;

/// The socket as BoringSSL's blocking `Read`/`Write` sees it. A poll lends it the task's
/// `Context` for its duration (`SslStream::with_context`); "would block" becomes `Pending`.
struct Transport<S> {
    io: S,
    /// The lent `&mut Context` as an address (an integer keeps the stream `Send` and `Sync`),
    /// 0 outside a poll.
    cx: usize,
    ahead: Box<[u8]>,
    /// `ahead[start..end]` is read from the socket and not yet taken by BoringSSL.
    start: usize,
    end: usize,
}

impl<S> Transport<S> {
    /// The stream and the lent context.
    ///
    /// # Safety
    /// Only inside `SslStream::with_context` (the context is live), on a pinned stream.
    unsafe fn parts(&mut self) -> (Pin<&mut S>, &mut Context<'_>) {
        debug_assert_ne!(self.cx, 0, "the socket was used outside a poll");
        // SAFETY: the caller's contract; `io` is never moved out of a pinned `SslStream`.
        unsafe {
            (
                Pin::new_unchecked(&mut self.io),
                &mut *(self.cx as *mut Context<'_>),
            )
        }
    }

    fn read_socket(&mut self, into: &mut [u8]) -> io::Result<usize>
    where
        S: AsyncRead,
    {
        // SAFETY: called from `Read::read`, which BoringSSL calls only inside a poll.
        let (io, cx) = unsafe { self.parts() };
        let mut buf = ReadBuf::new(into);
        match io.poll_read(cx, &mut buf)? {
            Poll::Ready(()) => Ok(buf.filled().len()),
            Poll::Pending => Err(io::ErrorKind::WouldBlock.into()),
        }
    }
}

impl<S: fmt::Debug> fmt::Debug for Transport<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.io.fmt(f)
    }
}

impl<S: AsyncRead> Read for Transport<S> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start == self.end {
            if out.len() >= READ_AHEAD {
                // As large as the buffer: reading through it would only add a copy.
                return self.read_socket(out);
            }
            let mut ahead = std::mem::take(&mut self.ahead);
            if ahead.is_empty() {
                ahead = vec![0; READ_AHEAD].into_boxed_slice();
            }
            let got = self.read_socket(&mut ahead);
            self.ahead = ahead;
            (self.start, self.end) = (0, got?);
        }
        let n = out.len().min(self.end - self.start);
        out[..n].copy_from_slice(&self.ahead[self.start..self.start + n]);
        self.start += n;
        Ok(n)
    }
}

impl<S: AsyncWrite> Write for Transport<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // SAFETY: BoringSSL writes only inside a poll.
        let (io, cx) = unsafe { self.parts() };
        match io.poll_write(cx, buf) {
            Poll::Ready(r) => r,
            Poll::Pending => Err(io::ErrorKind::WouldBlock.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        // SAFETY: as for `write`.
        let (io, cx) = unsafe { self.parts() };
        match io.poll_flush(cx) {
            Poll::Ready(r) => r,
            Poll::Pending => Err(io::ErrorKind::WouldBlock.into()),
        }
    }
}

/// A socket result, with "would block" as `Pending`.
fn ready_io<T>(r: io::Result<T>) -> Poll<io::Result<T>> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Poll::Pending,
        r => Poll::Ready(r),
    }
}

/// A handshake step's result, with "wants to read or write" as `Pending`.
fn ready_tls<T>(r: Result<T, ssl::Error>) -> Poll<Result<T, ssl::Error>> {
    match r {
        Err(e) if matches!(e.code(), ErrorCode::WANT_READ | ErrorCode::WANT_WRITE) => Poll::Pending,
        r => Poll::Ready(r),
    }
}

/// A TLS stream over `S`: [`btls::ssl::SslStream`] for tokio's `AsyncRead`/`AsyncWrite`.
#[derive(Debug)]
pub struct SslStream<S>(SyncStream<Transport<S>>);

impl<S: AsyncRead + AsyncWrite> SslStream<S> {
    /// A stream that has not shaken hands yet (see [`btls::ssl::SslStream::new`]).
    pub fn new(ssl: Ssl, stream: S) -> Result<Self, ErrorStack> {
        let transport = Transport {
            io: stream,
            cx: 0,
            ahead: Box::default(),
            start: 0,
            end: 0,
        };
        SyncStream::new(ssl, transport).map(SslStream)
    }

    /// Drives the client side of the handshake.
    pub fn poll_connect(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), ssl::Error>> {
        self.with_context(cx, |s| ready_tls(s.connect()))
    }

    /// The client side of the handshake, to its end.
    pub async fn connect(mut self: Pin<&mut Self>) -> Result<(), ssl::Error> {
        future::poll_fn(|cx| self.as_mut().poll_connect(cx)).await
    }

    /// Drives the server side of the handshake.
    pub fn poll_accept(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), ssl::Error>> {
        self.with_context(cx, |s| ready_tls(s.accept()))
    }

    /// The server side of the handshake, to its end.
    pub async fn accept(mut self: Pin<&mut Self>) -> Result<(), ssl::Error> {
        future::poll_fn(|cx| self.as_mut().poll_accept(cx)).await
    }

    /// Drives the handshake on whichever side `Ssl` was set up for.
    pub fn poll_do_handshake(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), ssl::Error>> {
        self.with_context(cx, |s| ready_tls(s.do_handshake()))
    }

    /// The handshake, to its end.
    pub async fn do_handshake(mut self: Pin<&mut Self>) -> Result<(), ssl::Error> {
        future::poll_fn(|cx| self.as_mut().poll_do_handshake(cx)).await
    }
}

impl<S> SslStream<S> {
    /// The connection's TLS state (negotiated protocol, peer certificate, ...).
    pub fn ssl(&self) -> &SslRef {
        self.0.ssl()
    }

    /// The stream under TLS.
    pub fn get_ref(&self) -> &S {
        &self.0.get_ref().io
    }

    /// The stream under TLS. Reading or writing it directly corrupts the TLS session.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.0.get_mut().io
    }

    /// The stream under TLS, pinned.
    pub fn get_pin_mut(self: Pin<&mut Self>) -> Pin<&mut S> {
        // SAFETY: `io` is structurally pinned: nothing moves it out of a pinned stream.
        unsafe { Pin::new_unchecked(&mut self.get_unchecked_mut().0.get_mut().io) }
    }

    /// Runs `f` with `cx` lent to the transport, for BoringSSL's socket calls inside it.
    fn with_context<R>(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        f: impl FnOnce(&mut SyncStream<Transport<S>>) -> R,
    ) -> R {
        // SAFETY: nothing is moved out; the transport's stream stays where it is.
        let this = unsafe { self.get_unchecked_mut() };
        this.0.get_mut().cx = cx as *mut Context<'_> as usize;
        let r = f(&mut this.0);
        this.0.get_mut().cx = 0;
        r
    }
}

impl<S: AsyncRead + AsyncWrite> AsyncRead for SslStream<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.with_context(cx, |s| {
            // SAFETY: `read_uninit` only writes to the buffer, never de-initializes it.
            let n = std::task::ready!(ready_io(s.read_uninit(unsafe { buf.unfilled_mut() })))?;
            // SAFETY: `read_uninit` initialized the first `n` bytes.
            unsafe { buf.assume_init(n) };
            buf.advance(n);
            Poll::Ready(Ok(()))
        })
    }
}

impl<S: AsyncRead + AsyncWrite> AsyncWrite for SslStream<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.with_context(cx, |s| ready_io(s.write(buf)))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.with_context(cx, |s| ready_io(s.flush()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.as_mut().with_context(cx, |s| s.shutdown()) {
            Ok(ShutdownResult::Sent | ShutdownResult::Received) => {}
            Err(e) if e.code() == ErrorCode::ZERO_RETURN => {}
            Err(e) if matches!(e.code(), ErrorCode::WANT_READ | ErrorCode::WANT_WRITE) => {
                return Poll::Pending;
            }
            Err(e) => {
                return Poll::Ready(Err(e.into_io_error().unwrap_or_else(io::Error::other)));
            }
        }
        self.get_pin_mut().poll_shutdown(cx)
    }
}
