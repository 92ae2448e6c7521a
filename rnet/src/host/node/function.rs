//! How the core calls a JS function (a hook, a redirect callback): on the JS thread, as the
//! caller would. Once any JS function has been handed to the core, each call that starts
//! work keeps its async context (`bridge::promise` → [`as_caller`]), and the function runs
//! inside it: it sees the `AsyncLocalStorage` stores of the code that made the request. A
//! returned promise is awaited there; what the function throws, or its promise rejects with,
//! is kept as the cause of the error it becomes.

use super::{
    bridge::{AsyncScope, JsRef},
    convert::Arg,
    JsValue, NodeHost,
};
use crate::{
    body::Cause,
    convert::{self, FromHost, Host, HostFailure, HostFn, ToHost},
};
use napi::{
    bindgen_prelude::{CallbackContext, FromNapiValue, PromiseRaw, ToNapiValue},
    sys, Env, Status, Unknown,
};
use std::{
    future::Future,
    ptr,
    sync::{Arc, Mutex},
};
use tokio::sync::oneshot;

/// `fut`, run as the current JS call (on the JS thread): a function the core calls while it
/// runs is called in this call's async context. Until a JS function was handed to the core,
/// `fut` itself.
pub fn as_caller<F: Future>(
    env: sys::napi_env,
    fut: F,
) -> futures_util::future::Either<impl Future<Output = F::Output>, F> {
    use futures_util::future::Either;
    if !convert::callers_needed() {
        return Either::Right(fut);
    }
    let caller = AsyncScope::new(env)
        .ok()
        .map(|c| Arc::new(c) as convert::Caller);
    Either::Left(convert::as_caller(caller, fut))
}

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
    convert::need_callers();
    let f = Arc::new(JsRef::new(v.env, v.raw)?);
    Ok(Arc::new(move |arg: A| {
        // Read where the core calls the function: inside the work `as_caller` scoped.
        let caller = convert::caller().and_then(|c| c.downcast::<AsyncScope>().ok());
        let f = f.clone();
        Box::pin(async move {
            let (tx, rx) = oneshot::channel();
            let reply: Reply<R> = Arc::new(Mutex::new(Some(tx)));
            f.with(move |env, func| {
                let ret = call(env, func, caller.as_deref(), arg);
                returned(Env::from_raw(env), ret, reply, returns);
            });
            rx.await
                .map_err(|_| HostFailure::new("the JS function's result was lost"))?
        })
    }))
}

/// On the JS thread: `func(arg)`, in the caller's async context when there is one. What it
/// returned, or what it threw.
fn call<A: ToHost<NodeHost>>(
    env: sys::napi_env,
    func: sys::napi_value,
    caller: Option<&AsyncScope>,
    arg: A,
) -> Result<sys::napi_value, sys::napi_value> {
    let thrown = |e: napi::Error| unsafe { napi::JsError::from(e).into_value(env) };
    let arg = unsafe { Arg::to_napi_value(env, Arg(arg)) }.map_err(thrown)?;
    let mut ret = ptr::null_mut();
    let status = match caller {
        Some(caller) => caller.call(env, func, arg, &mut ret),
        None => unsafe {
            let mut undefined = ptr::null_mut();
            sys::napi_get_undefined(env, &mut undefined);
            sys::napi_call_function(env, undefined, func, 1, &arg, &mut ret)
        },
    };
    if status == sys::Status::napi_ok {
        return Ok(ret);
    }
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if !pending {
        let status = Status::from(status);
        return Err(thrown(napi::Error::new(
            status,
            format!("the JS function could not be called ({status})"),
        )));
    }
    let mut exception = ptr::null_mut();
    unsafe { sys::napi_get_and_clear_last_exception(env, &mut exception) };
    Err(exception)
}

fn send<R>(reply: &Reply<R>, out: Result<R, HostFailure>) {
    if let Some(tx) = reply.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let _ = tx.send(out);
    }
}

/// On the JS thread: the function's value, or what it threw; a promise is awaited.
fn returned<R: FromHost<NodeHost>>(
    env: Env,
    ret: Result<sys::napi_value, sys::napi_value>,
    reply: Reply<R>,
    returns: &'static str,
) {
    let value = match ret {
        Ok(v) => v,
        Err(thrown) => return send(&reply, Err(failure(env, thrown))),
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
