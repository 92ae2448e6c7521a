//! Arguments of exported functions. The shims the macro writes take each argument raw
//! (`JsArg`) and convert it here, by the core's rules: a mismatch napi would report as
//! "Failed to convert JavaScript value…" becomes a TypeError naming the argument, and an
//! async call rejects its Promise with it instead of throwing (see `rejected`).

use super::{type_error, JsValue, NodeHost};
use crate::convert::{FromHost, Host};
use napi::{
    bindgen_prelude::{FromNapiValue, TypeName, ValidateNapiValue},
    sys, Env, Status, ValueType,
};

/// One argument as JS passed it, valid for the native call only.
pub struct JsArg(sys::napi_value);

impl FromNapiValue for JsArg {
    unsafe fn from_napi_value(_: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        Ok(JsArg(value))
    }
}

impl TypeName for JsArg {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ValidateNapiValue for JsArg {}

/// Converts argument `name` (`None`: not given); `ts` is its TypeScript type, for the message.
pub fn arg<T: FromHost<NodeHost>>(
    env: &Env,
    given: Option<JsArg>,
    name: &str,
    ts: &str,
) -> napi::Result<T> {
    let raw = match given {
        Some(JsArg(raw)) => raw,
        None => {
            let mut undefined = std::ptr::null_mut();
            unsafe { sys::napi_get_undefined(env.raw(), &mut undefined) };
            undefined
        }
    };
    let v = JsValue::new(env.raw(), raw);
    T::from_host(&v).map_err(|e| {
        let msg = if napi_mismatch(e.status) {
            let got = NodeHost::type_name(&v).to_lowercase();
            format!("The \"{name}\" argument must be of type {ts}, got {got}")
        } else if e.status == Status::InvalidArg && e.reason.contains("does not match any variant")
        {
            // napi's string enums (`Method`): the value is in its message.
            format!("The \"{name}\" argument must be of type {ts}: {}", e.reason)
        } else {
            // Already ours (naming the option or value at fault).
            return e;
        };
        type_error(env.raw(), "ERR_INVALID_ARG_TYPE", msg)
    })
}

/// napi's own "expected a string/number/…" failures, as opposed to our coded errors
/// (GenericFailure), our TypeErrors and napi's invalid enum values (InvalidArg).
fn napi_mismatch(status: Status) -> bool {
    !matches!(
        status,
        Status::GenericFailure | Status::InvalidArg | Status::PendingException
    )
}
