//! Everything written by hand for Node: module init, the Promise bridge, coded errors, and
//! the primitives the core's boundary conversions use. Per-method code comes from
//! `#[rnet::export]`.

use crate::{__private::ExportedError, types::Json};
use napi::{
    bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Uint8Array},
    sys, Env, JsValue as _, Status, Unknown,
};

mod body;
mod bridge;
mod convert;
mod signal;

pub use bridge::promise;

/// `#[rnet(iter)]` / `#[rnet(close)]` on a method: `index.js` installs `Symbol.asyncIterator`
/// and `Symbol.asyncDispose` from these, so it keeps no list of its own.
#[cfg_attr(test, allow(dead_code))]
pub struct Protocol {
    pub class: &'static str,
    pub method: &'static str,
    /// `iter`, `iter_then_close` or `close`.
    pub role: &'static str,
}
inventory::collect!(Protocol);

/// Internal: `[class, method, role]` for every protocol method. (Only napi's registration
/// calls it, which test builds leave out.)
#[cfg_attr(test, allow(dead_code))]
#[napi_derive::napi(js_name = "__protocols", skip_typescript)]
pub fn protocols() -> Vec<Vec<&'static str>> {
    inventory::iter::<Protocol>
        .into_iter()
        .map(|p| vec![p.class, p.method, p.role])
        .collect()
}
pub use convert::{JsValue, NodeHost};

/// napi runs its futures on the runtime rnet builds, so wreq's connection tasks and the
/// Promise bridge share one pool of threads.
#[napi_derive::module_init]
fn init() {
    napi::bindgen_prelude::create_custom_tokio_runtime(crate::runtime::build());
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
        let token = (&e as &dyn std::any::Any)
            .downcast_ref::<crate::Error>()
            .and_then(crate::Error::cause)
            .and_then(|c| c.downcast_ref::<body::CauseToken>());
        if let Some(token) = token {
            obj.set_named_property("causeToken", token.0)?;
        }
        Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|err| err)
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

fn js_type_of(env: sys::napi_env, value: sys::napi_value) -> String {
    unsafe { Unknown::from_napi_value(env, value) }
        .and_then(|v| v.get_type())
        .map(|t| t.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A value that should have been an instance of class `name`.
pub fn wrong_class(env: sys::napi_env, value: sys::napi_value, name: &str) -> napi::Error {
    let got = js_type_of(env, value);
    type_error(
        env,
        "ERR_INVALID_ARG_TYPE",
        format!("expected a {name}, got {got}"),
    )
}

pub(crate) fn invalid(msg: impl Into<String>) -> napi::Error {
    napi::Error::new(Status::InvalidArg, msg.into())
}

// TypeScript names for the boundary types of `types.rs`: napi writes each alias into
// `native.d.ts`, so signatures that mention `Json` or `Pairs` resolve. Only napi's type
// generator reads them, hence `dead_code`.

/// Any JSON value (recursive: the `Json` inside names this alias).
#[napi_derive::napi(js_name = "Json")]
#[allow(dead_code)]
pub type JsonTs = napi::bindgen_prelude::Either6<
    String,
    f64,
    bool,
    napi::bindgen_prelude::Null,
    Vec<Json>,
    JsonObject,
>;
/// A JSON object. `index.d.ts` adds its index signature (`[key: string]: Json`), which napi
/// cannot write; a `Record<string, Json>` alias would make `Json` circular for TypeScript.
#[napi_derive::napi(object, object_from_js = false, object_to_js = false)]
#[allow(dead_code)]
pub struct JsonObject {}
/// A duration in milliseconds (finite, not negative).
#[napi_derive::napi(js_name = "TimeDelta")]
#[allow(dead_code)]
pub type TimeDeltaTs = f64;
/// Query or form data: an object, or an array of `[key, value]` pairs.
#[napi_derive::napi(js_name = "Pairs")]
#[allow(dead_code)]
pub type PairsTs = napi::Either<
    std::collections::HashMap<String, napi::bindgen_prelude::Either3<String, f64, bool>>,
    Vec<(String, napi::bindgen_prelude::Either3<String, f64, bool>)>,
>;
/// Names to string values.
#[napi_derive::napi(js_name = "StrMap")]
#[allow(dead_code)]
pub type StrMapTs = std::collections::HashMap<String, String>;
/// A point in time: a `Date`, or milliseconds since the epoch.
#[napi_derive::napi(js_name = "Timestamp")]
#[allow(dead_code)]
pub type TimestampTs = napi::Either<napi::JsDate<'static>, f64>;
/// A request body: text or bytes.
#[napi_derive::napi(js_name = "BodyInput")]
#[allow(dead_code)]
pub type BodyInputTs = napi::Either<String, Uint8Array>;

/// A redirect callback: `(attempt: Attempt) => Action`.
#[napi_derive::napi(js_name = "RedirectCallback")]
#[allow(dead_code)]
pub type RedirectCallbackTs =
    napi::bindgen_prelude::Function<'static, crate::redirect::Attempt, crate::redirect::Action>;
