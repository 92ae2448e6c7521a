//! `signal: AbortSignal` on Node requests: the signal's `abort` event cancels the request
//! and any read of its body, which then reject with an `AbortError` (`code: 'ABORT_ERR'`).
//! The listener is removed once the work is done with the signal (`Cancel::release`, or the
//! last holder dropping it), so a long-lived signal shared by many requests never collects
//! listeners.

use super::{bridge::JsRef, JsValue, NodeHost};
use crate::{cancel::Signal, convert::Host};
use napi::{
    bindgen_prelude::{FnArgs, FromNapiValue, Function, JsObjectValue, Object, Unknown},
    sys, Env, JsValue as _,
};
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// `signal.addEventListener(type, listener)` / `removeEventListener`.
type EventListenerFn<'a> = Function<'a, FnArgs<(String, Unknown<'a>)>, ()>;

/// Cancels the returned signal when `v` (an `AbortSignal`) aborts.
pub(super) fn abort_signal(v: &JsValue<'_>) -> napi::Result<Signal> {
    let not_a_signal = || NodeHost::type_error(v, "an AbortSignal");
    let obj = unsafe { Object::from_napi_value(v.env, v.raw) }.map_err(|_| not_a_signal())?;
    let aborted: bool = obj
        .get_named_property::<bool>("aborted")
        .map_err(|_| not_a_signal())?;
    let add: EventListenerFn<'_> = obj
        .get_named_property("addEventListener")
        .map_err(|_| not_a_signal())?;
    let token = CancellationToken::new();
    if aborted {
        token.cancel();
        return Ok(Signal { token, link: None });
    }
    let fire = token.clone();
    let env = Env::from_raw(v.env);
    let on_abort: Function<'_, (), ()> =
        env.create_function_from_closure("onabort", move |_| {
            fire.cancel();
            Ok(())
        })?;
    let listener = on_abort.to_unknown();
    add.apply(obj, FnArgs::from(("abort".to_string(), listener)))?;
    let link = Listener(Some((
        JsRef::new(v.env, v.raw)?,
        JsRef::new(v.env, listener.raw())?,
    )));
    Ok(Signal {
        token,
        link: Some(Arc::new(link)),
    })
}

/// The caller's signal and our listener on it; dropping this removes the listener (on the JS
/// thread).
struct Listener(Option<(JsRef, JsRef)>);

impl Drop for Listener {
    fn drop(&mut self) {
        let Some((signal, listener)) = self.0.take() else {
            return;
        };
        signal.then(move |env, signal| {
            let Ok(listener) = listener.get(env) else {
                return;
            };
            let _ = remove(env, signal, listener);
        });
    }
}

fn remove(
    env: sys::napi_env,
    signal: sys::napi_value,
    listener: sys::napi_value,
) -> napi::Result<()> {
    let obj = unsafe { Object::from_napi_value(env, signal)? };
    let remove: EventListenerFn<'_> = obj.get_named_property("removeEventListener")?;
    let listener = unsafe { Unknown::from_napi_value(env, listener)? };
    remove.apply(obj, FnArgs::from(("abort".to_string(), listener)))?;
    Ok(())
}
