//! Request bodies: bytes, or a one-shot stream of chunks that the host produces (a Python
//! iterator or async iterator; a JS async iterable, web `ReadableStream` or Node `Readable`).
//! A stream is sent at most once: it is never replayed on a redirect or a retry.

use crate::{
    convert::{hint, Host, Kind, Lift},
    types::{BodyInput, Pairs},
    Error, Result,
};
use bytes::Bytes;
use futures_util::Stream;
use std::{
    any::Any,
    fmt,
    pin::Pin,
    sync::{Arc, Mutex},
};

/// A request body (`body=`, and a multipart `Part`'s value).
#[rnet::export(input)]
#[derive(Debug, Clone)]
pub enum RequestBody {
    Bytes(Bytes),
    Stream(BodyStream),
    /// A mapping or a list of pairs, sent URL-encoded (as `form=`), as wreq-python does.
    Form(Pairs),
}

hint!(
    RequestBody,
    "str | bytes | bytearray | Mapping[str, str | int | float | bool] | Sequence[tuple[str, str | int | float | bool]] | Iterable[bytes | str] | AsyncIterable[bytes | str]",
    "bytes",
    "string | Uint8Array | Record<string, string | number | boolean> | Array<[string, string | number | boolean]> | AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array | string>"
);

/// Text or bytes, else a stream of chunks (which the host recognises).
impl<H: Host> Lift<H> for RequestBody {
    fn lift(v: &H::Value<'_>) -> std::result::Result<Self, H::Error> {
        match H::kind(v) {
            Kind::Str | Kind::Bytes => Ok(RequestBody::Bytes(<BodyInput as Lift<H>>::lift(v)?.0)),
            Kind::Number | Kind::Bool | Kind::Null => Err(H::type_error(v, H::BODY_EXPECTED)),
            // A list of pairs is a form; any other list is a stream of chunks.
            Kind::List => match <Pairs as Lift<H>>::lift(v) {
                Ok(pairs) if !pairs.0.is_empty() => Ok(RequestBody::Form(pairs)),
                _ => H::body_stream(v).map(RequestBody::Stream),
            },
            // A JS stream is an object too: a mapping is a form only if it is no stream. An
            // empty one is neither (an object the pump refused, or `{}`).
            Kind::Map => H::body_stream(v)
                .map(RequestBody::Stream)
                .or_else(|not_a_stream| match <Pairs as Lift<H>>::lift(v)? {
                    pairs if pairs.0.is_empty() => Err(not_a_stream),
                    pairs => Ok(RequestBody::Form(pairs)),
                }),
            _ => H::body_stream(v).map(RequestBody::Stream),
        }
    }
}

impl RequestBody {
    pub fn is_stream(&self) -> bool {
        matches!(self, RequestBody::Stream(_))
    }

    pub fn into_wreq(self) -> Result<wreq::Body> {
        match self {
            RequestBody::Bytes(b) => Ok(b.into()),
            RequestBody::Stream(s) => Ok(wreq::Body::wrap_stream(s.take()?)),
            RequestBody::Form(pairs) => Ok(pairs.urlencoded().into()),
        }
    }
}

pub type Chunks = Pin<Box<dyn Stream<Item = std::result::Result<Bytes, ProducerError>> + Send>>;

/// A one-shot stream of body chunks, shared by clones until one of them is sent.
#[derive(Clone)]
pub struct BodyStream(Arc<Mutex<Option<Chunks>>>);

impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BodyStream")
    }
}

impl BodyStream {
    /// A body whose chunks a blocking producer returns one call at a time (`None` ends it),
    /// each call on a blocking thread so a slow producer never stalls the runtime's workers.
    pub fn pulled<F>(next: F) -> Self
    where
        F: Fn() -> std::result::Result<Option<Bytes>, ProducerError> + Send + Sync + 'static,
    {
        let next = Arc::new(next);
        let chunks = futures_util::stream::unfold(Some(next), |state| async move {
            let next = state?;
            let step = {
                let next = next.clone();
                tokio::task::spawn_blocking(move || next()).await
            };
            match step {
                Ok(Ok(Some(chunk))) => Some((Ok(chunk), Some(next))),
                Ok(Ok(None)) => None,
                Ok(Err(e)) => Some((Err(e), None)),
                Err(join) => Some((
                    Err(ProducerError {
                        message: format!("the body producer panicked: {join}"),
                        cause: Cause::default(),
                    }),
                    None,
                )),
            }
        });
        BodyStream::new(chunks)
    }

    /// A body whose chunks a producer pushes (Node's `BodySink`). The channel holds one
    /// chunk, so each push waits for the upload to take the last: the producer never runs
    /// ahead.
    pub fn pushed() -> (Pusher, Self) {
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|chunk| (chunk, rx))
        });
        (
            Pusher(Arc::new(Mutex::new(Some(tx)))),
            BodyStream::new(chunks),
        )
    }

    pub fn new(
        chunks: impl Stream<Item = std::result::Result<Bytes, ProducerError>> + Send + 'static,
    ) -> Self {
        BodyStream(Arc::new(Mutex::new(Some(Box::pin(chunks)))))
    }

    fn take(&self) -> Result<Chunks> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| {
                Error::body(
                    "this body stream was already sent; a stream can be sent only once".into(),
                )
            })
    }
}

type Chunk = std::result::Result<Bytes, ProducerError>;

/// The producer's end of [`BodyStream::pushed`].
#[derive(Clone)]
pub struct Pusher(Arc<Mutex<Option<tokio::sync::mpsc::Sender<Chunk>>>>);

impl Pusher {
    fn sender(&self, take: bool) -> Option<tokio::sync::mpsc::Sender<Chunk>> {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if take {
            slot.take()
        } else {
            slot.clone()
        }
    }

    /// Queues a chunk: `true` once queued, `false` when the request stopped reading.
    pub fn write(&self, chunk: Bytes) -> impl std::future::Future<Output = bool> + Send {
        let tx = self.sender(false);
        async move {
            match tx {
                Some(tx) => tx.send(Ok(chunk)).await.is_ok(),
                None => false,
            }
        }
    }

    /// Ends the body.
    pub fn end(&self) {
        self.sender(true);
    }

    /// Fails the request with `e` (a `BodyError` carrying its cause).
    pub fn abort(&self, e: ProducerError) -> impl std::future::Future<Output = ()> + Send {
        let tx = self.sender(true);
        async move {
            if let Some(tx) = tx {
                let _ = tx.send(Err(e)).await;
            }
        }
    }
}

/// The host error a body producer raised (a Python exception, a JS error), kept so the
/// `BodyError` can carry it as its cause. Opaque to the core.
#[derive(Clone, Default)]
pub struct Cause(pub Option<Arc<dyn Any + Send + Sync>>);

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Cause(..)"
        } else {
            "Cause(None)"
        })
    }
}

/// Causes do not take part in comparing errors.
impl PartialEq for Cause {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for Cause {}

/// A body producer failed: its message, and the host's original error.
#[derive(Debug, Clone)]
pub struct ProducerError {
    pub message: String,
    pub cause: Cause,
}

impl fmt::Display for ProducerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the request body producer failed: {}", self.message)
    }
}

impl std::error::Error for ProducerError {}
