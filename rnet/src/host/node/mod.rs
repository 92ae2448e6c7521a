//! Everything written by hand for Node: module init, the Promise bridge, coded errors, and
//! the primitives the core's boundary conversions use. Per-method code comes from
//! `#[rnet::export]`.

use crate::__private::ExportedError;
use napi::{
    bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown},
    sys, Env, JsValue as _, Status,
};

mod args;
mod body;
mod bridge;
mod convert;
mod function;
mod lend;
mod signal;

pub use args::{arg, JsArg};
pub use bridge::{promise, rejected};

/// Internal: the protocol table `index.js` installs `Symbol.asyncIterator` and
/// `Symbol.asyncDispose` from. (Only napi's registration calls it, which test builds leave out.)
#[cfg_attr(test, allow(dead_code))]
#[napi_derive::napi(js_name = "__protocols", skip_typescript)]
pub fn protocols() -> Vec<[&'static str; 3]> {
    crate::__private::protocols()
}
pub use convert::{JsValue, NodeHost};

/// napi runs its futures on the runtime rnet builds, so wreq's connection tasks and the
/// Promise bridge share one pool of threads.
#[napi_derive::module_init]
fn init() {
    napi::bindgen_prelude::create_custom_tokio_runtime(crate::runtime::build());
}

/// Internal: throws the runtime settings' error (`RNET_WORKER_THREADS`); `index.js` calls it
/// as the module loads, since `init` runs where nothing can be thrown.
#[cfg_attr(test, allow(dead_code))]
#[napi_derive::napi(js_name = "__checkRuntime", skip_typescript)]
pub fn check_runtime(env: Env) -> napi::Result<()> {
    crate::runtime::check_config().map_err(|e| to_js_error(&env, e))
}

/// Runs a sync shim's call; a panic throws an `ERR_RNET_PANIC` error instead of unwinding
/// into napi (which would abort the process).
pub fn unwind<T>(env: &Env, f: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(to_js_error(env, crate::Error::from_panic(payload))))
}

/// An `Error` whose `name` is the class name (`TimeoutError`, …) and whose `code` is stable.
pub fn to_js_error<E: ExportedError + 'static>(env: &Env, e: E) -> napi::Error {
    let build = || -> napi::Result<napi::Error> {
        let mut obj = env.create_error(napi::Error::new(Status::GenericFailure, e.to_string()))?;
        obj.set_named_property("code", e.code())?;
        obj.set_named_property("name", e.class_name())?;
        obj.set_named_property("rnet", true)?;
        // A streamed body's producer threw: that value is the `cause`.
        let cause = (&e as &dyn std::any::Any)
            .downcast_ref::<crate::Error>()
            .and_then(crate::Error::cause)
            .and_then(|c| c.downcast_ref::<bridge::JsRef>());
        if let Some(cause) = cause {
            let value = unsafe { Unknown::from_napi_value(env.raw(), cause.get(env.raw())?)? };
            obj.set_named_property("cause", value)?;
        }
        Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|err| err)
}

/// An error as a value (what an `onError` hook is given): the error it rejects with.
impl napi::bindgen_prelude::ToNapiValue for crate::Error {
    unsafe fn to_napi_value(env: sys::napi_env, e: Self) -> napi::Result<sys::napi_value> {
        let error = to_js_error(&Env::from_raw(env), e);
        Ok(unsafe { napi::JsError::from(error).into_value(env) })
    }
}

/// A `TypeError` with a code, for bad arguments (unknown option, wrong type).
pub(crate) fn type_error(env: sys::napi_env, code: &str, msg: String) -> napi::Error {
    let build = || -> napi::Result<napi::Error> {
        let raw = unsafe {
            napi::JsTypeError::from(napi::Error::new(Status::InvalidArg, msg.clone()))
                .into_value(env)
        };
        let mut err = unsafe { Object::from_napi_value(env, raw)? };
        err.set_named_property("code", code)?;
        // InvalidArg marks it as a type mismatch (see `field` and `union_error`); the JS object
        // itself, with its code, is what gets thrown.
        let mut err = napi::Error::from(err.to_unknown());
        err.status = Status::InvalidArg;
        Ok(err)
    };
    build().unwrap_or_else(|_| napi::Error::new(Status::InvalidArg, msg.clone()))
}

pub(crate) fn invalid(msg: impl Into<String>) -> napi::Error {
    napi::Error::new(Status::InvalidArg, msg.into())
}
