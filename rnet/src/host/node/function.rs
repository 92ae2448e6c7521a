//! How the core calls a JS function (a hook, a redirect callback): on the JS thread, through a
//! weak threadsafe function (it does not keep the process alive). A returned promise is
//! awaited there; what the function throws, or its promise rejects with, is kept as the cause
//! of the error it becomes.

use super::{bridge::JsRef, convert::Arg, JsValue, NodeHost};
use crate::{
    body::Cause,
    convert::{FromHost, Host, HostFailure, HostFn, ToHost},
};
use napi::{
    bindgen_prelude::{CallbackContext, FromNapiValue, PromiseRaw},
    sys,
    threadsafe_function::ThreadsafeFunctionCallMode,
    Env, Status, Unknown,
};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

type Tsfn<A> = napi::threadsafe_function::ThreadsafeFunction<A, Raw, A, Status, false, true>;

/// A JS value as it came back, read on the JS thread within the callback that got it.
struct Raw(sys::napi_value);

impl FromNapiValue for Raw {
    unsafe fn from_napi_value(_: sys::napi_env, raw: sys::napi_value) -> napi::Result<Self> {
        Ok(Raw(raw))
    }
}

type Reply<R> = Arc<Mutex<Option<oneshot::Sender<Result<R, HostFailure>>>>>;

/// A JS function as a core `HostFn`; a result that does not convert fails with "must
/// return {returns}".
pub fn function<A, R>(v: &JsValue<'_>, returns: &'static str) -> napi::Result<HostFn<A, R>>
where
    A: ToHost<NodeHost> + Send + 'static,
    R: FromHost<NodeHost> + Send + 'static,
{
    let f: Arc<Tsfn<Arg<A>>> = Arc::new(v.read()?);
    Ok(Arc::new(move |arg: A| {
        let f = f.clone();
        Box::pin(async move {
            let (tx, rx) = oneshot::channel();
            let reply: Reply<R> = Arc::new(Mutex::new(Some(tx)));
            let status = f.call_with_return_value(
                Arg(arg),
                ThreadsafeFunctionCallMode::NonBlocking,
                move |ret, env| {
                    returned(env, ret, reply, returns);
                    Ok(())
                },
            );
            if status != Status::Ok {
                return Err(HostFailure::new(format!(
                    "the JS function could not be called ({status})"
                )));
            }
            rx.await
                .map_err(|_| HostFailure::new("the JS function's result was lost"))?
        })
    }))
}

fn send<R>(reply: &Reply<R>, out: Result<R, HostFailure>) {
    if let Some(tx) = reply.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let _ = tx.send(out);
    }
}

/// On the JS thread: the function's value, or what it threw; a promise is awaited.
fn returned<R: FromHost<NodeHost>>(
    env: Env,
    ret: napi::Result<Raw>,
    reply: Reply<R>,
    returns: &'static str,
) {
    let value = match ret {
        Ok(Raw(v)) => v,
        Err(thrown) => {
            let value = unsafe { napi::JsError::from(thrown).into_value(env.raw()) };
            return send(&reply, Err(failure(env, value)));
        }
    };
    if !JsValue::new(env.raw(), value).is(sys::napi_is_promise) {
        return send(&reply, read(env, value, returns));
    }
    let promise = PromiseRaw::<Raw>::new(env.raw(), value);
    let (on_reject, on_fail) = (reply.clone(), reply.clone());
    let settled = promise
        .then(move |cx: CallbackContext<Raw>| {
            send(&reply, read(cx.env, cx.value.0, returns));
            Ok(())
        })
        .and_then(|then| {
            then.catch(move |cx: CallbackContext<Raw>| {
                send(&on_reject, Err(failure(cx.env, cx.value.0)));
                Ok(())
            })
        });
    if let Err(e) = settled {
        send(&on_fail, Err(HostFailure::new(e.reason)));
    }
}

fn read<R: FromHost<NodeHost>>(
    env: Env,
    value: sys::napi_value,
    returns: &'static str,
) -> Result<R, HostFailure> {
    R::from_host(&JsValue::new(env.raw(), value)).map_err(|e| {
        HostFailure::new(format!(
            "the function must return {returns}: {}",
            NodeHost::message(&e)
        ))
    })
}

/// What JS threw or rejected with, kept as the cause.
fn failure(env: Env, value: sys::napi_value) -> HostFailure {
    let thrown = unsafe { Unknown::from_raw_unchecked(env.raw(), value) };
    let message = super::body::producer_message(&thrown);
    match JsRef::new(env.raw(), value) {
        Ok(cause) => HostFailure {
            message,
            cause: Cause(Some(Arc::new(cause))),
        },
        Err(_) => HostFailure::new(message),
    }
}
