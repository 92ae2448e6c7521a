//! Response body streaming: `Response.stream()` hands the unread body to a `Streamer`. Once
//! the first chunk is asked for, a runtime task reads the body ahead of the consumer, up to
//! `ahead::AHEAD` bytes (stream/ahead.rs), so a consumer that keeps up takes frames that are
//! already there. A chunk is every frame that has arrived by then (up to `BATCH` bytes), so a
//! fast consumer makes one host call per burst rather than per frame. A slow consumer holds the
//! server back through TCP / HTTP/2 flow control once `AHEAD` bytes wait, instead of growing
//! memory.

mod ahead;

use crate::{
    convert::{hint, Host, Lower},
    runtime::{inherited, ProcessLocal},
    Error, Response, Result,
};
use ahead::{Failure, Frame};
use bytes::Bytes;
use futures_util::FutureExt;
use http_body_util::BodyExt;
use std::{pin::Pin, sync::Arc};
use tokio::sync::Mutex;

pub(crate) type RawBody = Pin<Box<wreq::Response>>;

/// A streamed body, how many bytes it has yielded (checked against an explicit body_limit),
/// and what batching met after the chunk it returned (the end or an error), for the next read:
/// the end is reported as before, one read after the last chunk.
type Reading = Option<(ProcessLocal<Source>, u64, Option<Result<()>>)>;

/// Where a stream's frames come from.
enum Source {
    /// Not read yet, or read on demand (outside a runtime, where no task can read ahead).
    Body(RawBody),
    Ahead(ahead::Reader),
}

impl Source {
    /// The next frame without waiting: `None` when it has yet to arrive, `Some(None)` after the
    /// end. A body that has to wait is handed to a read-ahead task from then on; one that has
    /// it all already (prefetched, or short) never needs the task.
    fn ready(&mut self) -> Option<Option<Frame>> {
        match self {
            Source::Ahead(reader) => reader.ready(),
            Source::Body(body) => {
                let frame = body.frame().now_or_never();
                if frame.is_none() {
                    self.read_ahead();
                }
                frame.map(|f| f.map(|f| f.map_err(Failure::Body)))
            }
        }
    }

    /// The next frame, waiting for it; `None` after the end.
    async fn next(&mut self) -> Option<Frame> {
        if let Some(frame) = self.ready() {
            return frame;
        }
        match self {
            Source::Ahead(reader) => reader.next().await,
            Source::Body(body) => body.frame().await.map(|f| f.map_err(Failure::Body)),
        }
    }

    fn read_ahead(&mut self) {
        let placeholder = Source::Body(Box::pin(wreq::Response::from(http::Response::new(
            wreq::Body::from(Bytes::new()),
        ))));
        let Source::Body(body) = std::mem::replace(self, placeholder) else {
            unreachable!("only a body not yet read ahead is handed over");
        };
        *self = match ahead::Reader::start(body) {
            Ok(reader) => Source::Ahead(reader),
            Err(body) => Source::Body(body),
        };
    }
}

/// At most this much is joined into one chunk from frames that are already there.
pub(crate) const BATCH: usize = 256 << 10;

/// Bytes made of one or more body frames (a streamed chunk, a whole body): Python `bytes`, a
/// JS `Buffer`, with at most one copy.
#[rnet::export(output)]
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    parts: Vec<Bytes>,
    /// The host may keep `parts` rather than copy them (`Host::own_bytes`).
    ownable: bool,
}

impl<H: Host> Lower<H> for Chunk {
    fn lower<'v>(mut self, cx: H::Cx<'v>) -> std::result::Result<H::Value<'v>, H::Error> {
        if self.ownable && self.parts.len() == 1 {
            return H::own_bytes(cx, self.parts.remove(0));
        }
        let parts = self.parts.iter().map(|b| &b[..]).collect::<Vec<_>>();
        H::new_bytes(cx, &parts)
    }
}

/// A body frame handed over without a copy: a read-only `memoryview` in Python, a `Buffer`
/// over Rust memory in JS. It keeps the connection buffer it points into alive while held.
#[rnet::export(output)]
#[derive(Debug, Clone, Default)]
pub struct View(Bytes);

impl View {
    pub(crate) fn new(bytes: Bytes) -> Self {
        View(bytes)
    }
}

impl<H: Host> Lower<H> for View {
    fn lower<'v>(self, cx: H::Cx<'v>) -> std::result::Result<H::Value<'v>, H::Error> {
        H::view_bytes(cx, self.0)
    }
}

hint!(View, "memoryview", "memoryview", "Buffer");

impl Chunk {
    /// A whole body, which the response caches anyway: the host may keep its memory.
    pub(crate) fn whole(parts: Vec<Bytes>) -> Self {
        Chunk {
            parts,
            ownable: true,
        }
    }

    /// Streamed frames are always copied. A frame is a slice of the connection's read buffer:
    /// a host that kept it would keep that buffer from being reused until its GC ran, so
    /// every read would allocate a fresh one (Node, 50 MB: 0.32 GB/s lent, 1.0 copied).
    fn streamed(parts: Vec<Bytes>) -> Self {
        Chunk {
            parts,
            ownable: false,
        }
    }
}

hint!(Chunk, "bytes", "bytes", "Buffer");

/// The body of a response, chunk by chunk (`async for chunk in resp.stream()` in Python,
/// `for await (const chunk of resp.stream())` in Node).
#[rnet::export(blocking)]
#[derive(Clone)]
pub struct Streamer {
    body: Arc<Mutex<Reading>>,
    owner: Response,
    /// The most bytes joined into one chunk (a frame larger than that is one chunk).
    batch: usize,
}

impl Streamer {
    pub(crate) fn new(body: RawBody, owner: Response, batch: usize) -> Self {
        Streamer {
            body: Arc::new(Mutex::new(Some((
                ProcessLocal::new(Source::Body(body)),
                0,
                None,
            )))),
            owner,
            batch,
        }
    }
}

#[rnet::export(blocking)]
impl Streamer {
    /// The next chunk, or nothing at the end of the body. Trailers that follow the body are
    /// stored on the response (`Response.trailers`).
    #[rnet(skip(python), iter(then_close))]
    pub async fn next(&self) -> Result<Option<Chunk>> {
        let parts = self.next_parts().await?;
        Ok(parts.map(Chunk::streamed))
    }

    /// Stops reading and releases the connection; later reads yield nothing. Closing a body
    /// that was not read to the end closes its connection rather than returning it to the pool.
    #[rnet(close)]
    pub async fn close(&self) {
        self.body.lock().await.take();
        self.owner.release_signal();
    }
}

impl Streamer {
    /// The frames of the next chunk; after the end or an error, nothing.
    async fn next_parts(&self) -> Result<Option<Vec<Bytes>>> {
        let mut slot = self.body.lock().await;
        let out = self.read(&mut slot).await;
        if slot.is_none() {
            self.owner.release_signal();
        }
        out
    }

    fn failed(&self, failure: Failure) -> Error {
        match failure {
            Failure::Body(e) => self.owner.body_error(e),
            Failure::Stopped => self.owner.reader_stopped(),
        }
    }

    /// The next chunk's frames; the slot is emptied at the end of the body or on an error.
    async fn read(&self, slot: &mut Reading) -> Result<Option<Vec<Bytes>>> {
        let Some((body, read, held)) = slot.as_mut() else {
            return Ok(None);
        };
        if let Some(end) = held.take() {
            *slot = None;
            return end.map(|()| {
                self.owner.body_done();
                None
            });
        }
        let Some(source) = body.get_mut() else {
            return Err(Error::body(inherited("this stream")));
        };
        // Wait for the first frame; then take what else is already there without waiting.
        let mut chunk = Vec::new();
        let mut size = 0;
        loop {
            let frame = if chunk.is_empty() {
                match self.owner.guard(async { Ok(source.next().await) }).await {
                    Ok(f) => f,
                    Err(e) => {
                        *slot = None;
                        return Err(e);
                    }
                }
            } else if size >= self.batch {
                break;
            } else {
                match source.ready() {
                    Some(f) => f,
                    None => break,
                }
            };
            match frame {
                None if chunk.is_empty() => {
                    *slot = None;
                    self.owner.body_done();
                    return Ok(None);
                }
                None => {
                    *held = Some(Ok(()));
                    break;
                }
                Some(Err(e)) if chunk.is_empty() => {
                    *slot = None;
                    return Err(self.failed(e));
                }
                Some(Err(e)) => {
                    *held = Some(Err(self.failed(e)));
                    break;
                }
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => {
                        *read += data.len() as u64;
                        if let Some(limit) = self.owner.stream_limit().filter(|l| *read > *l) {
                            if chunk.is_empty() {
                                *slot = None;
                                return Err(self.owner.over_limit(limit));
                            }
                            // What came before the limit is still yielded.
                            *held = Some(Err(self.owner.over_limit(limit)));
                            break;
                        }
                        size += data.len();
                        chunk.push(data);
                    }
                    Err(frame) => {
                        if let Ok(trailers) = frame.into_trailers() {
                            self.owner.set_trailers(trailers);
                        }
                    }
                },
            }
        }
        Ok(Some(chunk))
    }
}

/// The body of a response frame by frame, each a `View` into the connection's buffers rather
/// than a copy (`Response.stream_views()`, JS `streamViews()`).
#[rnet::export(blocking)]
#[derive(Clone)]
pub struct ViewStreamer(Streamer);

impl ViewStreamer {
    /// A batch of 1 byte ends each chunk after its first frame: frames are not joined, as
    /// joining them would copy them.
    pub(crate) fn new(body: RawBody, owner: Response) -> Self {
        ViewStreamer(Streamer::new(body, owner, 1))
    }
}

#[rnet::export(blocking)]
impl ViewStreamer {
    /// The next frame, or nothing at the end of the body (trailers: `Response.trailers`).
    #[rnet(skip(python), iter(then_close))]
    pub async fn next(&self) -> Result<Option<View>> {
        let parts = self.0.next_parts().await?;
        Ok(parts.map(|mut p| View(p.swap_remove(0))))
    }

    /// As `Streamer.close()`: a body not read to the end closes its connection.
    #[rnet(close)]
    pub async fn close(&self) {
        self.0.close().await
    }
}
