//! Streamed request bodies in Node. napi cannot pull from a JS async iterable, so the JS
//! layer (`node/index.js`) pushes each chunk into a `BodySink`, awaiting each write: the
//! channel holds one chunk, so a producer never runs ahead of the upload.

use super::{promise, JsValue, NodeHost};
use crate::convert::Host;
use crate::{
    body::{BodyStream, Cause, ProducerError},
    types::BodyInput,
};
use bytes::Bytes;
use napi::{
    bindgen_prelude::{ClassInstance, FromNapiValue, PromiseRaw},
    Env,
};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

type Chunk = Result<Bytes, ProducerError>;

/// Names the JS error a body producer threw (kept on the JS side, see `index.js`).
pub(crate) struct CauseToken(pub u32);

/// Internal: the receiving end of a streamed request body, fed by `index.js`. Use an
/// AsyncIterable, ReadableStream or Readable as `body` instead.
#[napi_derive::napi]
pub struct BodySink {
    tx: Arc<Mutex<Option<mpsc::Sender<Chunk>>>>,
    stream: BodyStream,
}

impl BodySink {
    fn sender(&self) -> Option<mpsc::Sender<Chunk>> {
        self.tx.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn take_sender(&self) -> Option<mpsc::Sender<Chunk>> {
        self.tx.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

#[napi_derive::napi]
impl BodySink {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let (tx, rx) = mpsc::channel::<Chunk>(1);
        let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|chunk| (chunk, rx))
        });
        BodySink {
            tx: Arc::new(Mutex::new(Some(tx))),
            stream: BodyStream::new(chunks),
        }
    }

    /// Queues a chunk; resolves `true` once queued, `false` when the request stopped reading.
    #[napi(ts_return_type = "Promise<boolean>")]
    pub fn write<'env>(
        &self,
        env: &'env Env,
        chunk: BodyInput,
    ) -> napi::Result<PromiseRaw<'env, bool>> {
        let tx = self.sender();
        promise(
            env,
            async move {
                Ok::<_, std::convert::Infallible>(match tx {
                    Some(tx) => tx.send(Ok(chunk.0)).await.is_ok(),
                    None => false,
                })
            },
            true,
        )
    }

    /// Ends the body.
    #[napi]
    pub fn end(&self) {
        self.take_sender();
    }

    /// Fails the request with a `BodyError` carrying `message`; its `causeToken` is `token`,
    /// by which `index.js` finds the original error and sets it as `cause`.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn abort<'env>(
        &self,
        env: &'env Env,
        message: String,
        token: u32,
    ) -> napi::Result<PromiseRaw<'env, ()>> {
        let tx = self.take_sender();
        promise(
            env,
            async move {
                if let Some(tx) = tx {
                    let cause = Cause(Some(Arc::new(CauseToken(token))));
                    let _ = tx.send(Err(ProducerError { message, cause })).await;
                }
                Ok::<_, std::convert::Infallible>(())
            },
            true,
        )
    }
}

/// A `BodySink` that `index.js` made from a stream (`RequestBody`'s stream case).
pub(super) fn body_stream(v: &JsValue<'_>) -> napi::Result<BodyStream> {
    unsafe { ClassInstance::<BodySink>::from_napi_value(v.env, v.raw) }
        .map(|sink| sink.stream.clone())
        .map_err(|_| NodeHost::type_error(v, NodeHost::BODY_EXPECTED))
}
