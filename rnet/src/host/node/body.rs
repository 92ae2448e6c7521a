//! Streamed request bodies in Node. napi cannot pull from a JS async iterable, so a JS pump
//! (`toSink` in `node/index.js`, registered once with `__setBodyPump`) pushes each chunk into
//! a `BodySink`, awaiting each write: the channel holds one chunk, so a producer never runs
//! ahead of the upload. Any argument or option that takes a body takes a stream this way.

use super::{bridge::JsRef, promise, JsValue, NodeHost};
use crate::convert::Host;
use crate::{
    body::{BodyStream, Cause, ProducerError},
    types::BodyInput,
};
use bytes::Bytes;
use napi::{
    bindgen_prelude::{ClassInstance, FromNapiValue, Function, JsObjectValue, PromiseRaw, Unknown},
    Env, JsValue as _, ValueType,
};
use std::{
    cell::RefCell,
    sync::{Arc, Mutex},
};
use tokio::sync::mpsc;

type Chunk = Result<Bytes, ProducerError>;

thread_local! {
    /// The pump of each environment on this thread: `(value) => BodySink | undefined`.
    static PUMPS: RefCell<Vec<(usize, JsRef)>> = const { RefCell::new(Vec::new()) };
}

/// Internal: registers the JS function that turns a stream into a fed `BodySink`
/// (`undefined` for a value that is not a stream). (Only napi's registration calls it, which
/// test builds leave out.)
#[cfg_attr(test, allow(dead_code))]
#[napi_derive::napi(js_name = "__setBodyPump", skip_typescript)]
pub fn set_body_pump(env: Env, pump: Function<'_, Unknown<'_>, Unknown<'_>>) -> napi::Result<()> {
    let key = env.raw() as usize;
    let pump = JsRef::new(env.raw(), pump.raw())?;
    PUMPS.with_borrow_mut(|v| {
        v.retain(|(k, _)| *k != key);
        v.push((key, pump));
    });
    Ok(())
}

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

    /// Fails the request with a `BodyError` whose `cause` is `error`, what the producer threw.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn abort<'env>(
        &self,
        env: &'env Env,
        error: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, ()>> {
        let message = producer_message(&error);
        let cause = Cause(Some(Arc::new(JsRef::new(env.raw(), error.raw())?)));
        let tx = self.take_sender();
        promise(
            env,
            async move {
                if let Some(tx) = tx {
                    let _ = tx.send(Err(ProducerError { message, cause })).await;
                }
                Ok::<_, std::convert::Infallible>(())
            },
            true,
        )
    }
}

/// `error.message` for an Error, else the value as text.
fn producer_message(error: &Unknown<'_>) -> String {
    let message = || -> napi::Result<String> {
        if error.get_type()? == ValueType::Object {
            let obj = error.coerce_to_object()?;
            if let Ok(m) = obj.get_named_property::<String>("message") {
                return Ok(m);
            }
        }
        error.coerce_to_string()?.into_utf8()?.into_owned()
    };
    message().unwrap_or_else(|_| "the producer failed".into())
}

/// A `BodySink`, or a stream the registered pump feeds into one (`RequestBody`'s stream case).
pub(super) fn body_stream(v: &JsValue<'_>) -> napi::Result<BodyStream> {
    let not_a_body = || NodeHost::type_error(v, NodeHost::BODY_EXPECTED);
    if let Ok(sink) = unsafe { ClassInstance::<BodySink>::from_napi_value(v.env, v.raw) } {
        return Ok(sink.stream.clone());
    }
    let key = v.env as usize;
    let pumped = PUMPS.with_borrow(|pumps| -> napi::Result<Option<BodyStream>> {
        let Some((_, pump)) = pumps.iter().find(|(k, _)| *k == key) else {
            return Ok(None);
        };
        let pump: Function<'_, Unknown<'_>, Unknown<'_>> =
            unsafe { Function::from_napi_value(v.env, pump.get(v.env)?)? };
        let sink = pump.call(unsafe { Unknown::from_napi_value(v.env, v.raw)? })?;
        Ok(
            unsafe { ClassInstance::<BodySink>::from_napi_value(v.env, sink.raw()) }
                .ok()
                .map(|sink| sink.stream.clone()),
        )
    })?;
    pumped.ok_or_else(not_a_body)
}
