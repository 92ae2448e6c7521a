//! Python's primitives for the boundary conversions of `crate::convert`, and the blanket
//! impls that let core conversions read and make anything PyO3 converts.

use super::to_py_err;
use crate::convert::{FromHost, Host, HostFn, Kind, Naming, TextLike, ToHost};
use bytes::Bytes;
use pyo3::{
    exceptions::PyTypeError,
    prelude::*,
    types::{
        PyBool, PyByteArray, PyBytes, PyDateTime, PyDelta, PyDeltaAccess, PyDict, PyFloat, PyInt,
        PyList, PyString, PyTuple,
    },
    IntoPyObjectExt,
};

/// Python, as a [`Host`].
pub struct PyHost;

impl<T> FromHost<PyHost> for T
where
    T: for<'a, 'py> FromPyObject<'a, 'py>,
{
    fn from_host(v: &Bound<'_, PyAny>) -> PyResult<T> {
        v.extract::<T>().map_err(Into::into)
    }
}

impl<T> ToHost<PyHost> for T
where
    T: for<'py> IntoPyObject<'py>,
{
    fn to_host<'v>(self, py: <PyHost as Host>::Cx<'v>) -> PyResult<<PyHost as Host>::Value<'v>> {
        self.into_bound_py_any(py)
    }
}

/// `datetime.timezone.utc`.
fn utc(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    cached!(py, "datetime", "timezone", "utc")
}

impl Host for PyHost {
    type Value<'v> = Bound<'v, PyAny>;
    type Cx<'v> = Python<'v>;
    type Error = PyErr;

    const NAMING: Naming = Naming::Python;
    const DURATION_UNIT: (f64, &'static str) = (1.0, "seconds");
    const DURATION_EXPECTED: &'static str = "seconds (float) or datetime.timedelta";
    const TIME_UNIT: f64 = 1.0;
    const TIME_EXPECTED: &'static str = "a datetime.datetime or seconds since the epoch";
    const BYTES_EXPECTED: &'static str = "bytes or bytearray";
    const RECORD_EXPECTED: &'static str = "keyword arguments or a dict";
    const BODY_EXPECTED: &'static str = "str, bytes, or an iterator / async iterator of them";

    fn kind(v: &Bound<'_, PyAny>) -> Kind {
        // `bool` before `int`, which it subclasses.
        if v.is_instance_of::<PyString>() {
            Kind::Str
        } else if v.is_instance_of::<PyBool>() {
            Kind::Bool
        } else if v.is_instance_of::<PyInt>() || v.is_instance_of::<PyFloat>() {
            Kind::Number
        } else if v.is_instance_of::<PyBytes>() || v.is_instance_of::<PyByteArray>() {
            Kind::Bytes
        } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
            Kind::List
        } else if v.is_instance_of::<PyDict>() {
            Kind::Map
        } else if v.is_none() {
            Kind::Null
        } else if v.is_instance_of::<PyDateTime>() {
            Kind::Date
        } else if v.is_instance_of::<PyDelta>() {
            Kind::Duration
        } else if v.is_callable() {
            Kind::Function
        } else {
            Kind::Other
        }
    }

    fn type_name(v: &Bound<'_, PyAny>) -> String {
        v.get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into())
    }

    fn str(v: &Bound<'_, PyAny>) -> PyResult<String> {
        Ok(v.cast::<PyString>()?.to_str()?.to_owned())
    }

    fn bytes(v: &Bound<'_, PyAny>) -> PyResult<Bytes> {
        if let Ok(b) = v.cast::<PyBytes>() {
            Ok(Bytes::copy_from_slice(b.as_bytes()))
        } else {
            Ok(Bytes::from(v.cast::<PyByteArray>()?.to_vec()))
        }
    }

    fn number(v: &Bound<'_, PyAny>) -> PyResult<f64> {
        v.extract()
    }

    fn display(v: &Bound<'_, PyAny>) -> PyResult<String> {
        Ok(v.str()?.to_string())
    }

    fn items<'v>(v: &Self::Value<'v>) -> PyResult<Vec<Self::Value<'v>>> {
        v.try_iter()?.collect()
    }

    fn entries<'v>(v: &Self::Value<'v>) -> PyResult<Vec<(String, Self::Value<'v>)>> {
        let dict = v.cast::<PyDict>()?;
        dict.iter().map(|(k, v)| Ok((k.extract()?, v))).collect()
    }

    fn time(v: &Bound<'_, PyAny>) -> PyResult<f64> {
        let py = v.py();
        let aware = if v.getattr("tzinfo")?.is_none() {
            let kwargs = PyDict::new(py);
            kwargs.set_item("tzinfo", utc(py)?)?;
            v.call_method("replace", (), Some(&kwargs))?
        } else {
            v.clone()
        };
        aware.call_method0("timestamp")?.extract()
    }

    fn duration(v: &Bound<'_, PyAny>) -> PyResult<f64> {
        let d = v.cast::<PyDelta>()?;
        Ok(d.get_days() as f64 * 86_400.0
            + d.get_seconds() as f64
            + d.get_microseconds() as f64 / 1e6)
    }

    /// Through Python's own `json` module (C-fast both ways): a value converts exactly as
    /// `json.dumps` takes it and comes back as `json.loads` gives it.
    fn json(v: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
        let py = v.py();
        let kwargs = PyDict::new(py);
        kwargs.set_item("allow_nan", false)?;
        let text = cached!(py, "json", "dumps")?
            .call((v,), Some(&kwargs))
            .map_err(|e| PyTypeError::new_err(format!("json: {}", e.value(py))))?;
        serde_json::from_str(text.extract::<&str>()?)
            .map_err(|e| PyTypeError::new_err(format!("json: {e}")))
    }

    fn body_stream(v: &Bound<'_, PyAny>) -> PyResult<crate::body::BodyStream> {
        super::body::body_stream(v)
    }

    fn abort_signal(v: &Bound<'_, PyAny>) -> PyResult<crate::cancel::Signal> {
        Err(Self::type_error(
            v,
            "nothing: an AbortSignal is for JS (cancel the task instead)",
        ))
    }

    /// Runs as the request's caller would run it (see `function`).
    fn function<A, R>(v: &Bound<'_, PyAny>, returns: &'static str) -> PyResult<HostFn<A, R>>
    where
        A: ToHost<Self> + Send + 'static,
        R: FromHost<Self> + Send + 'static,
    {
        Ok(super::function::function(v.clone().unbind(), returns))
    }

    fn new_bytes<'v>(py: Self::Cx<'v>, parts: &[&[u8]]) -> PyResult<Self::Value<'v>> {
        if let [one] = parts {
            return Ok(PyBytes::new(py, one).into_any());
        }
        let len = parts.iter().map(|p| p.len()).sum::<usize>();
        // Allocated unfilled and written once (`PyBytes::new_with` zeroes it first).
        // SAFETY: a new bytes object's `len` bytes (plus its NUL), referenced nowhere else yet.
        unsafe {
            let raw = pyo3::ffi::PyBytes_FromStringAndSize(std::ptr::null(), len as _);
            let out = Bound::from_owned_ptr_or_err(py, raw)?;
            let data = pyo3::ffi::PyBytes_AsString(raw).cast::<u8>();
            crate::convert::concat_into(std::slice::from_raw_parts_mut(data, len), parts);
            Ok(out)
        }
    }

    fn view_bytes<'v>(py: Self::Cx<'v>, b: Bytes) -> PyResult<Self::Value<'v>> {
        super::view::memoryview(py, b)
    }

    fn new_time<'v>(py: Self::Cx<'v>, unix_secs: f64) -> PyResult<Self::Value<'v>> {
        cached!(py, "datetime", "datetime")?.call_method1("fromtimestamp", (unix_secs, utc(py)?))
    }

    fn new_duration<'v>(py: Self::Cx<'v>, d: std::time::Duration) -> PyResult<Self::Value<'v>> {
        let days = (d.as_secs() / 86_400) as i32;
        let secs = (d.as_secs() % 86_400) as i32;
        Ok(PyDelta::new(py, days, secs, d.subsec_micros() as i32, true)?.into_any())
    }

    fn text_like(v: &Bound<'_, PyAny>, like: TextLike) -> PyResult<Option<String>> {
        let py = v.py();
        match like {
            TextLike::Path if v.hasattr("__fspath__")? => {
                Ok(Some(cached!(py, "os", "fspath")?.call1((v,))?.extract()?))
            }
            TextLike::Ip if v.is_instance(&cached!(py, "ipaddress", "_BaseAddress")?)? => {
                Ok(Some(v.str()?.to_string()))
            }
            _ => Ok(None),
        }
    }

    fn new_text_bytes<'v>(py: Self::Cx<'v>, b: &[u8]) -> PyResult<Self::Value<'v>> {
        Self::new_bytes(py, &[b])
    }

    fn new_text_like<'v>(
        py: Self::Cx<'v>,
        like: TextLike,
        text: &str,
    ) -> PyResult<Self::Value<'v>> {
        match like {
            TextLike::Ip => cached!(py, "ipaddress", "ip_address")?.call1((text,)),
            TextLike::Path => cached!(py, "pathlib", "Path")?.call1((text,)),
        }
    }

    /// `rnet.StatusCode`, an `int` subclass (python/rnet/_status.py).
    fn new_status<'v>(py: Self::Cx<'v>, code: u16) -> PyResult<Self::Value<'v>> {
        cached!(py, "rnet._status", "StatusCode")?.call1((code,))
    }

    fn new_json<'v>(py: Self::Cx<'v>, v: serde_json::Value) -> PyResult<Self::Value<'v>> {
        let text = serde_json::to_string(&v).map_err(|e| PyTypeError::new_err(e.to_string()))?;
        cached!(py, "json", "loads")?.call1((text,))
    }

    fn invalid(_: &Bound<'_, PyAny>, e: crate::Error) -> PyErr {
        to_py_err(e)
    }

    fn is_type_error(e: &PyErr) -> bool {
        Python::attach(|py| e.is_instance_of::<PyTypeError>(py))
    }

    fn prefixed(_: &Bound<'_, PyAny>, e: PyErr, prefix: &str) -> PyErr {
        Python::attach(|py| {
            let msg = format!("{prefix}{}", e.value(py));
            if e.is_instance_of::<PyTypeError>(py) {
                PyTypeError::new_err(msg)
            } else if e.get_type(py).name().is_ok_and(|n| n == "BuilderError") {
                PyErr::from_type(e.get_type(py), msg)
            } else {
                e
            }
        })
    }

    fn message(e: &PyErr) -> String {
        Python::attach(|py| e.value(py).to_string())
    }

    fn plain_type_error(_: &Bound<'_, PyAny>, msg: String) -> PyErr {
        PyTypeError::new_err(msg)
    }

    fn unknown_option(_: &Bound<'_, PyAny>, type_name: &str, key: &str, keys: &[&str]) -> PyErr {
        PyTypeError::new_err(format!(
            "unexpected keyword argument '{key}' ({type_name} accepts: {})",
            keys.join(", ")
        ))
    }
}
