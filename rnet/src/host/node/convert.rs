//! Node's primitives for the boundary conversions of `crate::convert`, and the blanket impls
//! that let core conversions read and make anything napi converts.

use super::{invalid, to_js_error, type_error};
use crate::convert::{FromHost, Host, HostFn, Kind, Naming, ToHost};
use bytes::Bytes;
use napi::{
    bindgen_prelude::{FromNapiValue, Function, JsObjectValue, Object, ToNapiValue, Uint8Array},
    sys, Env, JsValue as _, Status, Unknown, ValueType,
};
use std::marker::PhantomData;

/// Node, as a [`Host`].
pub struct NodeHost;

/// A JS value in the scope of the current native call.
#[derive(Clone, Copy)]
pub struct JsValue<'v> {
    pub env: sys::napi_env,
    pub raw: sys::napi_value,
    scope: PhantomData<&'v ()>,
}

impl JsValue<'_> {
    pub fn new(env: sys::napi_env, raw: sys::napi_value) -> Self {
        JsValue {
            env,
            raw,
            scope: PhantomData,
        }
    }

    fn unknown(&self) -> napi::Result<Unknown<'_>> {
        unsafe { Unknown::from_napi_value(self.env, self.raw) }
    }

    pub(super) fn read<T: FromNapiValue>(&self) -> napi::Result<T> {
        unsafe { T::from_napi_value(self.env, self.raw) }
    }

    fn object(&self) -> napi::Result<Object<'_>> {
        self.read()
    }

    /// Whether the object has `Symbol.iterator`.
    fn iterable(&self) -> bool {
        let has = || -> napi::Result<bool> {
            let global = Env::from_raw(self.env).get_global()?;
            let symbol: Unknown<'_> = global.get_named_property("Symbol")?;
            let symbol = Object::from_raw(self.env, symbol.raw());
            let key: Unknown<'_> = symbol.get_named_property("iterator")?;
            self.object()?.has_property_js(key)
        };
        has().unwrap_or(false)
    }

    /// `Array.from(this)`: an iterable's items.
    fn array_from(&self) -> napi::Result<Object<'_>> {
        let array: Unknown<'_> = Env::from_raw(self.env)
            .get_global()?
            .get_named_property("Array")?;
        let array = Object::from_raw(self.env, array.raw());
        let from: Function<'_, Unknown<'_>, Object<'_>> = array.get_named_property("from")?;
        from.apply(array, self.unknown()?)
    }

    pub(super) fn is(
        &self,
        check: unsafe extern "C" fn(sys::napi_env, sys::napi_value, *mut bool) -> sys::napi_status,
    ) -> bool {
        let mut yes = false;
        unsafe { check(self.env, self.raw, &mut yes) };
        yes
    }
}

impl<T: FromNapiValue> FromHost<NodeHost> for T {
    fn from_host(v: &JsValue<'_>) -> napi::Result<T> {
        v.read()
    }
}

impl<T: ToNapiValue> ToHost<NodeHost> for T {
    fn to_host<'v>(
        self,
        env: <NodeHost as Host>::Cx<'v>,
    ) -> napi::Result<<NodeHost as Host>::Value<'v>> {
        Ok(JsValue::new(env.raw(), unsafe {
            T::to_napi_value(env.raw(), self)?
        }))
    }
}

/// A value made by a `napi_create_*` call.
fn created(
    env: sys::napi_env,
    status: sys::napi_status,
    out: sys::napi_value,
    what: &str,
) -> napi::Result<JsValue<'static>> {
    if status != sys::Status::napi_ok {
        return Err(napi::Error::new(
            Status::from(status),
            format!("could not create {what}"),
        ));
    }
    Ok(JsValue::new(env, out))
}

/// An argument for a JS call: converted by the core's `ToHost` on the JS thread.
pub(super) struct Arg<A>(pub A);

impl<A: ToHost<NodeHost>> ToNapiValue for Arg<A> {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        val.0.to_host(Env::from_raw(env)).map(|v| v.raw)
    }
}

impl Host for NodeHost {
    type Value<'v> = JsValue<'v>;
    type Cx<'v> = Env;
    type Error = napi::Error;

    const NAMING: Naming = Naming::Js;
    const DURATION_UNIT: (f64, &'static str) = (1e-3, "milliseconds");
    const DURATION_EXPECTED: &'static str = "a number of milliseconds";
    const TIME_UNIT: f64 = 1e-3;
    const TIME_EXPECTED: &'static str = "a Date or milliseconds since the epoch";
    const BYTES_EXPECTED: &'static str = "Buffer or Uint8Array";
    const RECORD_EXPECTED: &'static str = "an object";
    const BODY_EXPECTED: &'static str =
        "a string, Buffer, Uint8Array, AsyncIterable, ReadableStream or Readable";

    fn kind(v: &JsValue<'_>) -> Kind {
        let Ok(t) = v.unknown().and_then(|u| u.get_type()) else {
            return Kind::Other;
        };
        match t {
            ValueType::String => Kind::Str,
            ValueType::Number => Kind::Number,
            ValueType::Boolean => Kind::Bool,
            ValueType::Undefined | ValueType::Null => Kind::Null,
            ValueType::Function => Kind::Function,
            ValueType::Object if v.is(sys::napi_is_array) => Kind::List,
            ValueType::Object if v.is(sys::napi_is_typedarray) => Kind::Bytes,
            ValueType::Object if v.is(sys::napi_is_date) => Kind::Date,
            // A `Headers`, `Map` or `URLSearchParams` reads as its pairs.
            ValueType::Object if v.iterable() => Kind::List,
            ValueType::Object => Kind::Map,
            _ => Kind::Other,
        }
    }

    fn type_name(v: &JsValue<'_>) -> String {
        v.unknown()
            .and_then(|u| u.get_type())
            .map(|t| t.to_string())
            .unwrap_or_else(|_| "?".into())
    }

    fn str(v: &JsValue<'_>) -> napi::Result<String> {
        v.read()
    }

    fn bytes(v: &JsValue<'_>) -> napi::Result<Bytes> {
        // A Buffer is a Uint8Array, so this covers both.
        let arr: Uint8Array = v.read()?;
        Ok(Bytes::copy_from_slice(&arr))
    }

    fn number(v: &JsValue<'_>) -> napi::Result<f64> {
        v.read()
    }

    fn display(v: &JsValue<'_>) -> napi::Result<String> {
        v.unknown()?.coerce_to_string()?.into_utf8()?.into_owned()
    }

    fn items<'v>(v: &Self::Value<'v>) -> napi::Result<Vec<Self::Value<'v>>> {
        let arr = if v.is(sys::napi_is_array) {
            v.object()?
        } else {
            v.array_from()?
        };
        (0..arr.get_array_length()?)
            .map(|i| Ok(JsValue::new(v.env, arr.get_element::<Unknown>(i)?.raw())))
            .collect()
    }

    fn entries<'v>(v: &Self::Value<'v>) -> napi::Result<Vec<(String, Self::Value<'v>)>> {
        let obj = v.object()?;
        let names = obj.get_property_names()?;
        (0..names.get_array_length()?)
            .map(|i| {
                let key: String = names.get_element(i)?;
                let value: Unknown = obj.get_named_property(&key)?;
                Ok((key, JsValue::new(v.env, value.raw())))
            })
            .collect()
    }

    fn time(v: &JsValue<'_>) -> napi::Result<f64> {
        let mut ms = 0f64;
        let status = unsafe { sys::napi_get_date_value(v.env, v.raw, &mut ms) };
        if status != sys::Status::napi_ok {
            return Err(invalid("could not read the Date"));
        }
        Ok(ms / 1e3)
    }

    fn json(v: &JsValue<'_>) -> napi::Result<serde_json::Value> {
        v.read()
    }

    fn body_stream(v: &JsValue<'_>) -> napi::Result<crate::body::BodyStream> {
        super::body::body_stream(v)
    }

    fn abort_signal(v: &JsValue<'_>) -> napi::Result<crate::cancel::Signal> {
        super::signal::abort_signal(v)
    }

    fn function<A, R>(v: &JsValue<'_>, returns: &'static str) -> napi::Result<HostFn<A, R>>
    where
        A: ToHost<Self> + Send + 'static,
        R: FromHost<Self> + Send + 'static,
    {
        super::function::function(v, returns)
    }

    fn own_bytes<'v>(env: Self::Cx<'v>, b: Bytes) -> napi::Result<Self::Value<'v>> {
        if b.len() < super::lend::LEND_AT_LEAST {
            return Self::new_bytes(env, &[&b]);
        }
        match super::lend::lend(env.raw(), b) {
            Ok(out) => Ok(out),
            // Runtimes that forbid external buffers (napi_no_external_buffers_allowed).
            Err(b) => Self::new_bytes(env, &[&b]),
        }
    }

    fn new_bytes<'v>(env: Self::Cx<'v>, parts: &[&[u8]]) -> napi::Result<Self::Value<'v>> {
        // One copy into memory V8 allocates and accounts for (large single bodies are lent
        // instead: `own_bytes`).
        let len = parts.iter().map(|p| p.len()).sum::<usize>();
        let (mut data, mut out) = (std::ptr::null_mut(), std::ptr::null_mut());
        let status = unsafe { sys::napi_create_buffer(env.raw(), len, &mut data, &mut out) };
        let out = created(env.raw(), status, out, "a Buffer")?;
        if len > 0 {
            // SAFETY: a new Buffer's `len` bytes, referenced nowhere else yet.
            let dst = unsafe { std::slice::from_raw_parts_mut(data.cast::<u8>(), len) };
            crate::convert::concat_into(dst, parts);
        }
        Ok(out)
    }

    fn new_time<'v>(env: Self::Cx<'v>, unix_secs: f64) -> napi::Result<Self::Value<'v>> {
        let mut out = std::ptr::null_mut();
        let status = unsafe { sys::napi_create_date(env.raw(), unix_secs * 1e3, &mut out) };
        created(env.raw(), status, out, "a Date")
    }

    fn new_duration<'v>(
        env: Self::Cx<'v>,
        d: std::time::Duration,
    ) -> napi::Result<Self::Value<'v>> {
        <f64 as ToHost<NodeHost>>::to_host(d.as_secs_f64() * 1e3, env)
    }

    fn new_json<'v>(env: Self::Cx<'v>, v: serde_json::Value) -> napi::Result<Self::Value<'v>> {
        <serde_json::Value as ToHost<NodeHost>>::to_host(v, env)
    }

    fn invalid(v: &JsValue<'_>, e: crate::Error) -> napi::Error {
        to_js_error(&Env::from_raw(v.env), e)
    }

    /// Our coded errors (GenericFailure, carrying their JS object) are invalid values; napi's
    /// own "expected a boolean/number/…" failures and our TypeErrors are mismatches.
    fn is_type_error(e: &napi::Error) -> bool {
        e.status != Status::GenericFailure
    }

    fn prefixed(v: &JsValue<'_>, e: napi::Error, prefix: &str) -> napi::Error {
        if Self::is_type_error(&e) {
            let msg = format!("{prefix}{}", Self::message(&e));
            return type_error(v.env, "ERR_INVALID_ARG_TYPE", msg);
        }
        let raw = unsafe { napi::JsError::from(e).into_value(v.env) };
        let build = || -> napi::Result<napi::Error> {
            let mut obj = unsafe { Object::from_napi_value(v.env, raw)? };
            let msg: String = obj.get_named_property("message")?;
            obj.set_named_property("message", format!("{prefix}{msg}"))?;
            Ok(napi::Error::from(obj.to_unknown()))
        };
        build().unwrap_or_else(|e| e)
    }

    fn message(e: &napi::Error) -> String {
        e.reason.trim_start_matches("TypeError: ").to_string()
    }

    fn plain_type_error(v: &JsValue<'_>, msg: String) -> napi::Error {
        type_error(v.env, "ERR_INVALID_ARG_TYPE", msg)
    }

    fn unknown_option(v: &JsValue<'_>, type_name: &str, key: &str, keys: &[&str]) -> napi::Error {
        type_error(
            v.env,
            "ERR_RNET_UNKNOWN_OPTION",
            format!(
                "unknown option '{key}' for {type_name} (accepted: {})",
                keys.join(", ")
            ),
        )
    }
}
