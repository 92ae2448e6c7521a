//! Everything written by hand for Node: module init, the Promise bridge, coded errors, and
//! the conversions of rnet's boundary types. Per-method code comes from `#[rnet::export]`.

use crate::{
    __private::ExportedError,
    types::{duration_from, BodyInput, Buffer, Json, Pairs, StrMap, TimeDelta, Timestamp},
};
use napi::{
    bindgen_prelude::{
        FromNapiValue, JsObjectValue, Object, ToNapiValue, TypeName, Uint8Array, ValidateNapiValue,
    },
    sys, Env, JsValue, Status, Unknown, ValueType,
};

/// napi runs its futures on the runtime rnet builds, so wreq's connection tasks and the
/// Promise bridge share one pool of threads.
#[napi_derive::module_init]
fn init() {
    napi::bindgen_prelude::create_custom_tokio_runtime(crate::runtime::build());
}

pub use super::node_bridge::promise;

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
            .and_then(|c| c.downcast_ref::<super::node_body::CauseToken>());
        if let Some(token) = token {
            obj.set_named_property("causeToken", token.0)?;
        }
        Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|err| err)
}

/// A `TypeError` with a code, for bad arguments (unknown option, wrong type).
fn type_error(env: sys::napi_env, code: &str, msg: String) -> napi::Error {
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

/// Reads a record from a plain object: each key must name a field.
pub fn read_record(
    env: sys::napi_env,
    value: sys::napi_value,
    type_name: &str,
    keys: &[&str],
    mut f: impl FnMut(&str, sys::napi_value) -> napi::Result<()>,
) -> napi::Result<()> {
    let unknown = unsafe { Unknown::from_napi_value(env, value)? };
    match unknown.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(()),
        ValueType::Object => {}
        other => {
            return Err(type_error(
                env,
                "ERR_INVALID_ARG_TYPE",
                format!("{type_name} must be an object, got {other}"),
            ))
        }
    }
    let obj = unsafe { Object::from_napi_value(env, value)? };
    let names = obj.get_property_names()?;
    let len = names.get_array_length()?;
    for i in 0..len {
        let key: String = names.get_element(i)?;
        if !keys.contains(&key.as_str()) {
            return Err(type_error(
                env,
                "ERR_RNET_UNKNOWN_OPTION",
                format!(
                    "unknown option '{key}' for {type_name} (accepted: {})",
                    keys.join(", ")
                ),
            ));
        }
        let v: Unknown = obj.get_named_property(&key)?;
        f(&key, v.raw())?;
    }
    Ok(())
}

/// Converts one record field, naming the option when the value has the wrong type.
pub fn field<T: FromNapiValue>(
    env: sys::napi_env,
    value: sys::napi_value,
    type_name: &str,
    key: &str,
) -> napi::Result<T> {
    unsafe { T::from_napi_value(env, value) }.map_err(|e| {
        // Our own coded errors (GenericFailure, carrying their JS object) pass through;
        // napi's "expected a boolean/number/…" failures become a TypeError naming the option.
        if e.status != Status::GenericFailure {
            type_error(
                env,
                "ERR_INVALID_ARG_TYPE",
                format!(
                    "option '{key}' of {type_name}: {}",
                    e.reason.trim_start_matches("TypeError: ")
                ),
            )
        } else {
            prefix_message(env, e, &format!("option '{key}' of {type_name}: "))
        }
    })
}

/// Puts `prefix` before the message of one of our coded errors (its JS object is kept).
fn prefix_message(env: sys::napi_env, e: napi::Error, prefix: &str) -> napi::Error {
    let raw = unsafe { napi::JsError::from(e).into_value(env) };
    let build = || -> napi::Result<napi::Error> {
        let mut obj = unsafe { Object::from_napi_value(env, raw)? };
        let msg: String = obj.get_named_property("message")?;
        obj.set_named_property("message", format!("{prefix}{msg}"))?;
        Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|e| e)
}

/// No variant of a union accepted the value. A variant that recognised the value but found it
/// invalid (our coded errors) reports that; otherwise a `TypeError` names what was expected.
pub fn union_error(
    env: sys::napi_env,
    value: sys::napi_value,
    expected: &str,
    errors: Vec<napi::Error>,
) -> napi::Error {
    // Why the first variant (the usual spelling) refused it, as the Python side says too.
    let why = errors
        .first()
        .map(|e| format!(" ({})", e.reason.trim_start_matches("TypeError: ")))
        .filter(|w| w != " ()")
        .unwrap_or_default();
    let mut coded = errors
        .into_iter()
        .filter(|e| e.status == Status::GenericFailure);
    if let (Some(e), None) = (coded.next(), coded.next()) {
        return e;
    }
    let got = js_type_of(env, value);
    type_error(
        env,
        "ERR_INVALID_ARG_TYPE",
        format!("expected {expected}, got {got}{why}"),
    )
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

fn builder_error(env: sys::napi_env, e: crate::Error) -> napi::Error {
    to_js_error(&Env::from_raw(env), e)
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

/// A JS function as a redirect decider, called on the JS thread through a weak threadsafe
/// function (it does not keep the process alive); a throw becomes the redirect error.
type JsDecider = napi::threadsafe_function::ThreadsafeFunction<
    crate::redirect::Attempt,
    crate::redirect::Action,
    crate::redirect::Attempt,
    Status,
    false,
    true,
>;

struct NodeDecider(std::sync::Arc<JsDecider>);

impl crate::redirect::Decide for NodeDecider {
    fn decide(
        &self,
        attempt: crate::redirect::Attempt,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<crate::redirect::Action, String>> + Send>,
    > {
        let f = self.0.clone();
        Box::pin(async move { f.call_async_catch(attempt).await.map_err(|e| e.reason) })
    }
}

impl FromNapiValue for crate::redirect::RedirectCallback {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let v = unsafe { Unknown::from_napi_value(env, value)? };
        if v.get_type()? != ValueType::Function {
            return Err(type_error(
                env,
                "ERR_INVALID_ARG_TYPE",
                format!(
                    "expected a function taking an Attempt, got {}",
                    v.get_type()?
                ),
            ));
        }
        let f = unsafe { JsDecider::from_napi_value(env, value)? };
        Ok(crate::redirect::RedirectCallback(std::sync::Arc::new(
            NodeDecider(std::sync::Arc::new(f)),
        )))
    }
}

/// Declares a type as an argument napi can type-check, with the given TS name.
macro_rules! js_type {
    ($ty:ty, $ts:literal) => {
        impl TypeName for $ty {
            fn type_name() -> &'static str {
                $ts
            }
            fn value_type() -> ValueType {
                ValueType::Unknown
            }
        }
        impl ValidateNapiValue for $ty {}
    };
}

js_type!(StrMap, "Record<string, string>");
js_type!(TimeDelta, "number");
js_type!(Pairs, "Record<string, string | number | boolean>");
js_type!(BodyInput, "string | Buffer | Uint8Array");
js_type!(Json, "Json");
js_type!(Timestamp, "Date | number");

/// A `Date`, or milliseconds since the epoch.
impl FromNapiValue for Timestamp {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let mut is_date = false;
        unsafe { sys::napi_is_date(env, value, &mut is_date) };
        let ms = if is_date {
            let mut ms = 0f64;
            let status = unsafe { sys::napi_get_date_value(env, value, &mut ms) };
            if status != sys::Status::napi_ok {
                return Err(invalid("could not read the Date"));
            }
            ms
        } else {
            unsafe { f64::from_napi_value(env, value) }
                .map_err(|_| invalid("expected a Date or milliseconds since the epoch"))?
        };
        Timestamp::from_unix_secs(ms / 1e3, "date").map_err(|e| builder_error(env, e))
    }
}

/// A JS `Date` out.
impl ToNapiValue for Timestamp {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let mut out = std::ptr::null_mut();
        let status = unsafe { sys::napi_create_date(env, val.unix_secs() * 1e3, &mut out) };
        if status != sys::Status::napi_ok {
            return Err(napi::Error::new(
                Status::GenericFailure,
                "could not create a Date",
            ));
        }
        Ok(out)
    }
}
js_type!(crate::redirect::RedirectCallback, "RedirectCallback");

impl FromNapiValue for TimeDelta {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let ms = unsafe { f64::from_napi_value(env, value) }
            .map_err(|_| invalid("expected a number of milliseconds"))?;
        duration_from(ms, 1e-3, "milliseconds").map_err(|e| builder_error(env, e))
    }
}

/// Durations come back as milliseconds.
impl ToNapiValue for TimeDelta {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        unsafe { f64::to_napi_value(env, val.0.as_secs_f64() * 1e3) }
    }
}

fn scalar(v: Unknown<'_>) -> napi::Result<String> {
    match v.get_type()? {
        ValueType::String | ValueType::Number | ValueType::Boolean => {
            Ok(v.coerce_to_string()?.into_utf8()?.into_owned()?)
        }
        other => Err(invalid(format!(
            "expected a string, number or boolean, got {other}"
        ))),
    }
}

impl FromNapiValue for StrMap {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // Object::from_napi_value does not check the type: a number would read as `{}`.
        let object =
            unsafe { Unknown::from_napi_value(env, value) }?.get_type()? == ValueType::Object;
        if !object || unsafe { Object::from_napi_value(env, value) }?.is_array()? {
            return Err(invalid("expected an object of string values"));
        }
        Ok(StrMap(unsafe {
            indexmap::IndexMap::<String, String>::from_napi_value(env, value)
        }?))
    }
}

impl FromNapiValue for Pairs {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let expected = || invalid("expected an object or an array of [key, value] pairs");
        // Object::from_napi_value does not check the type: a number would read as `{}`.
        if unsafe { Unknown::from_napi_value(env, value) }?.get_type()? != ValueType::Object {
            return Err(expected());
        }
        let obj = unsafe { Object::from_napi_value(env, value) }.map_err(|_| expected())?;
        let mut out = Vec::new();
        if obj.is_array()? {
            for i in 0..obj.get_array_length()? {
                let pair: Object = obj.get_element(i)?;
                if !pair.is_array()? || pair.get_array_length()? != 2 {
                    return Err(invalid("expected [key, value] pairs"));
                }
                let k: String = pair.get_element(0)?;
                out.push((k, scalar(pair.get_element::<Unknown>(1)?)?));
            }
        } else {
            let names = obj.get_property_names()?;
            for i in 0..names.get_array_length()? {
                let k: String = names.get_element(i)?;
                out.push((k.clone(), scalar(obj.get_named_property::<Unknown>(&k)?)?));
            }
        }
        Ok(Pairs(out))
    }
}

impl FromNapiValue for BodyInput {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let v = unsafe { Unknown::from_napi_value(env, value)? };
        if v.get_type()? == ValueType::String {
            let s = unsafe { String::from_napi_value(env, value)? };
            return Ok(BodyInput(bytes::Bytes::from(s)));
        }
        // Buffer is a Uint8Array, so this covers both.
        let arr = unsafe { Uint8Array::from_napi_value(env, value) }
            .map_err(|_| invalid("body must be a string, Buffer or Uint8Array"))?;
        Ok(BodyInput(bytes::Bytes::copy_from_slice(&arr)))
    }
}

impl FromNapiValue for Json {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        unsafe { serde_json::Value::from_napi_value(env, value) }.map(Json)
    }
}

impl ToNapiValue for Json {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        unsafe { serde_json::Value::to_napi_value(env, val.0) }
    }
}

impl TypeName for Buffer {
    fn type_name() -> &'static str {
        "Buffer"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

/// One copy into a Buffer that V8 allocates and accounts for. napi's `Buffer` from a `Vec`
/// is an external buffer over Rust memory: one more copy (`to_vec`), a finalizer each, and
/// memory the GC does not see, so 200 KiB bodies at 100 in flight piled up to 690 MB RSS
/// before a collection freed them.
impl ToNapiValue for Buffer {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let (mut data, mut out) = (std::ptr::null_mut(), std::ptr::null_mut());
        let status = unsafe {
            sys::napi_create_buffer_copy(
                env,
                val.0.len(),
                val.0.as_ptr().cast(),
                &mut data,
                &mut out,
            )
        };
        if status != sys::Status::napi_ok {
            return Err(napi::Error::new(
                Status::from(status),
                "could not create a Buffer",
            ));
        }
        Ok(out)
    }
}
