//! Streamed request bodies in Node. napi cannot pull from a JS async iterable, so a JS pump
//! (`toSink` in `node/index.js`, registered once with `__setBodyPump`) pushes each chunk into
//! a `BodySink`, awaiting each write: the channel holds one chunk, so a producer never runs
//! ahead of the upload. Any argument or option that takes a body takes a stream this way.

use super::{bridge::JsRef, promise, JsValue, NodeHost};
use crate::{
    body::{BodyStream, Cause, ProducerError, Pusher},
    convert::Host,
    types::BodyInput,
};
use napi::{
    bindgen_prelude::{ClassInstance, FromNapiValue, Function, PromiseRaw, Unknown},
    Env, JsValue as _,
};
use std::{cell::RefCell, convert::Infallible, sync::Arc};

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
    tx: Pusher,
    stream: BodyStream,
}

#[napi_derive::napi]
impl BodySink {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let (tx, stream) = BodyStream::pushed();
        BodySink { tx, stream }
    }

    /// Queues a chunk; resolves `true` once queued, `false` when the request stopped reading.
    #[napi(ts_return_type = "Promise<boolean>")]
    pub fn write<'env>(
        &self,
        env: &'env Env,
        chunk: BodyInput,
    ) -> napi::Result<PromiseRaw<'env, bool>> {
        let write = self.tx.write(chunk.0);
        promise(env, async move { Ok::<_, Infallible>(write.await) }, true)
    }

    /// Ends the body.
    #[napi]
    pub fn end(&self) {
        self.tx.end();
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
        let abort = self.tx.abort(ProducerError { message, cause });
        let aborted = async move {
            abort.await;
            Ok::<_, Infallible>(())
        };
        promise(env, aborted, true)
    }
}

/// The producer's error as text (`String(error)`: "TypeError: …", as Python's "ValueError: …").
pub(super) fn producer_message(error: &Unknown<'_>) -> String {
    let text = || error.coerce_to_string()?.into_utf8()?.into_owned();
    text().unwrap_or_else(|_: napi::Error| "the producer failed".into())
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
