//! `signal: AbortSignal` on Node requests: the signal's `abort` event cancels the request
//! and any read of its body, which then reject with an `AbortError` (`code: 'ABORT_ERR'`).

use super::{invalid, JsValue};
use crate::cancel::Signal;
use napi::{
    bindgen_prelude::{FnArgs, FromNapiValue, Function, JsObjectValue, Object},
    Env,
};

/// `signal.addEventListener(type, listener)`.
type AddEventListener<'a> = Function<'a, FnArgs<(String, Function<'a, (), ()>)>, ()>;

/// Cancels the returned signal when `v` (an `AbortSignal`) aborts.
pub(super) fn abort_signal(v: &JsValue<'_>) -> napi::Result<Signal> {
    let not_a_signal = || invalid("signal must be an AbortSignal");
    let obj = unsafe { Object::from_napi_value(v.env, v.raw) }.map_err(|_| not_a_signal())?;
    let aborted: bool = obj
        .get_named_property::<bool>("aborted")
        .map_err(|_| not_a_signal())?;
    let add: AddEventListener<'_> = obj
        .get_named_property("addEventListener")
        .map_err(|_| not_a_signal())?;
    let signal = Signal::default();
    if aborted {
        signal.0.cancel();
        return Ok(signal);
    }
    let token = signal.0.clone();
    let env = Env::from_raw(v.env);
    let on_abort = env.create_function_from_closure("onabort", move |_| {
        token.cancel();
        Ok(())
    })?;
    add.apply(obj, FnArgs::from(("abort".to_string(), on_abort)))?;
    Ok(signal)
}
