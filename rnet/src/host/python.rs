//! Everything written by hand for Python: the module, the runtime bridge, the exception
//! classes, and the conversions of rnet's boundary types. Per-method code comes from
//! `#[rnet::export]`, never from here.

use crate::{
    __private::ExportedError,
    types::{duration_from, BodyInput, Buffer, Json, Pairs, StrMap, TimeDelta, Timestamp},
    Error, HeaderMap,
};
use pyo3::{
    exceptions::{PyException, PyTypeError},
    prelude::*,
    types::{
        PyBool, PyByteArray, PyBytes, PyDelta, PyDeltaAccess, PyDict, PyFloat, PyInt, PyList,
        PyString, PyTuple, PyType,
    },
    Borrowed, PyTypeInfo,
};
use std::{
    collections::HashMap,
    convert::Infallible,
    future::Future,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex, OnceLock,
    },
};

/// One registration step, submitted by `#[rnet::export]` for each class, function and error
/// enum. The module runs them all: there is no hand-kept list.
pub struct Export(pub fn(&Bound<'_, PyModule>) -> PyResult<()>);
inventory::collect!(Export);

pub use super::python_blocking::{block_on, blocking_module, twin, AsIs, Out, Twin, ViaTwin};
pub use super::python_bridge::{call, Call};

#[pymodule]
#[pyo3(name = "_rnet")]
fn rnet_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    crate::runtime::shared();
    for export in inventory::iter::<Export> {
        (export.0)(m)?;
    }
    let atexit = m.py().import("atexit")?;
    atexit.call_method1("register", (wrap_pyfunction!(shutdown, m)?,))?;
    Ok(())
}

/// Set at interpreter exit: from then on no runtime thread calls into Python (a redirect
/// callback fails instead). Results reach Python only through the loop's own thread.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);

/// Whether the interpreter is exiting (see [`SHUTTING_DOWN`]).
pub(crate) fn shutting_down() -> bool {
    SHUTTING_DOWN.load(Ordering::Relaxed)
}

/// Registered with `atexit`: stop calling Python from runtime threads, then release the GIL
/// briefly so a callback that is mid-handoff can finish before CPython finalises.
#[pyfunction]
fn shutdown(py: Python<'_>) {
    SHUTTING_DOWN.store(true, Ordering::SeqCst);
    py.detach(|| std::thread::sleep(std::time::Duration::from_millis(5)));
}

/// Runs a sync shim's call; a panic becomes `RustPanic` rather than PyO3's `PanicException`
/// (a `BaseException` that `except Exception` would not catch).
pub fn unwind<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(to_py_err(Error::from_panic(payload))))
}

static RNET_ERROR: OnceLock<Py<PyType>> = OnceLock::new();
static ERROR_CLASSES: Mutex<Option<HashMap<&'static str, Py<PyType>>>> = Mutex::new(None);

/// Creates `RnetError` and one subclass per variant of `E`, also deriving from the builtin the
/// variant names (so `except TimeoutError` catches `rnet.TimeoutError`).
pub fn add_error_classes<E: ExportedError>(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let base = match RNET_ERROR.get() {
        Some(b) => b.bind(py).clone(),
        None => {
            let b = PyErr::new_type(
                py,
                c"rnet.RnetError",
                Some(c"The base class of every rnet error."),
                Some(&PyException::type_object(py)),
                None,
            )?;
            // Its own code, for an error raised as the base class; each subclass has its own.
            b.bind(py).setattr("code", "ERR_RNET")?;
            let _ = RNET_ERROR.set(b.clone_ref(py));
            b.into_bound(py)
        }
    };
    m.add("RnetError", &base)?;
    let builtins = py.import("builtins")?;
    let type_fn = builtins.getattr("type")?;
    let mut registry = ERROR_CLASSES.lock().unwrap_or_else(|e| e.into_inner());
    let registry = registry.get_or_insert_with(HashMap::new);
    for class in E::CLASSES {
        let bases = match class.builtin_base {
            Some(b) => PyTuple::new(py, [base.clone().into_any(), builtins.getattr(b)?])?,
            None => PyTuple::new(py, [base.clone().into_any()])?,
        };
        let ns = PyDict::new(py);
        ns.set_item("__module__", "rnet")?;
        ns.set_item("__doc__", class.doc)?;
        ns.set_item("code", class.code)?;
        let cls = type_fn
            .call1((class.name, bases, ns))?
            .cast_into::<PyType>()?;
        m.add(class.name, &cls)?;
        registry.insert(class.name, cls.unbind());
    }
    Ok(())
}

/// Maps an exported error to its Python exception class.
pub fn to_py_err<E: ExportedError + 'static>(e: E) -> PyErr {
    let msg = e.to_string();
    let registry = ERROR_CLASSES.lock().unwrap_or_else(|p| p.into_inner());
    Python::attach(|py| {
        let err = match registry.as_ref().and_then(|r| r.get(e.class_name())) {
            Some(cls) => PyErr::from_type(cls.bind(py).clone(), msg),
            None => PyException::new_err(msg),
        };
        // A failing body producer's exception becomes `__cause__`.
        let cause = (&e as &dyn std::any::Any)
            .downcast_ref::<Error>()
            .and_then(Error::cause)
            .and_then(|c| c.downcast_ref::<PyErr>());
        if let Some(cause) = cause {
            err.set_cause(py, Some(cause.clone_ref(py)));
        }
        err
    })
}

impl From<Error> for PyErr {
    fn from(e: Error) -> Self {
        to_py_err(e)
    }
}

/// Reads a record from a dict: each key must name a field (else `TypeError` naming it).
pub fn read_record<'py>(
    obj: Borrowed<'_, 'py, PyAny>,
    type_name: &str,
    keys: &[&str],
    mut f: impl FnMut(&str, &Bound<'py, PyAny>) -> PyResult<()>,
) -> PyResult<()> {
    let dict = obj.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{type_name} must be keyword arguments or a dict, not {}",
            type_name_of(&obj)
        ))
    })?;
    for (k, v) in dict.iter() {
        let key: String = k.extract()?;
        if !keys.contains(&key.as_str()) {
            return Err(PyTypeError::new_err(format!(
                "unexpected keyword argument '{key}' ({type_name} accepts: {})",
                keys.join(", ")
            )));
        }
        f(&key, &v)?;
    }
    Ok(())
}

/// Converts one record field, naming the option when the value has the wrong type.
pub fn field<'py, T>(value: &Bound<'py, PyAny>, type_name: &str, key: &str) -> PyResult<T>
where
    T: for<'a> FromPyObject<'a, 'py>,
{
    value.extract::<T>().map_err(|e| {
        let e: PyErr = e.into();
        let py = value.py();
        let msg = format!("option '{key}' of {type_name}: {}", e.value(py));
        if e.is_instance_of::<PyTypeError>(py) {
            PyTypeError::new_err(msg)
        } else if e.get_type(py).name().is_ok_and(|n| n == "BuilderError") {
            // An invalid value (a negative duration, a bad header): the same class, with the
            // option named.
            PyErr::from_type(e.get_type(py), msg)
        } else {
            e
        }
    })
}

fn type_name_of(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// No variant of a union accepted the value. A variant that recognised the value but found
/// it invalid (e.g. a bad header name) reports that; otherwise a `TypeError` names what was
/// expected and, from the first variant, why the value did not fit.
pub fn union_error(obj: &Bound<'_, PyAny>, expected: &str, errors: Vec<PyErr>) -> PyErr {
    let py = obj.py();
    let mut not_type_errors = errors
        .iter()
        .filter(|e| !e.is_instance_of::<PyTypeError>(py));
    if let (Some(e), None) = (not_type_errors.next(), not_type_errors.next()) {
        return e.clone_ref(py);
    }
    let first = errors
        .first()
        .map(|e| e.value(py).to_string())
        .unwrap_or_default();
    PyTypeError::new_err(format!(
        "expected {expected}, got {} ({first})",
        type_name_of(obj)
    ))
}

pub(crate) fn wrong_type(obj: &Bound<'_, PyAny>, expected: &str) -> PyErr {
    PyTypeError::new_err(format!("expected {expected}, got {}", type_name_of(obj)))
}

impl<'a, 'py> FromPyObject<'a, 'py> for TimeDelta {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let secs = if let Ok(d) = obj.cast::<PyDelta>() {
            d.get_days() as f64 * 86_400.0
                + d.get_seconds() as f64
                + d.get_microseconds() as f64 / 1e6
        } else if obj.is_instance_of::<PyBool>() {
            return Err(wrong_type(&obj, "seconds (float) or datetime.timedelta"));
        } else if obj.is_instance_of::<PyFloat>() || obj.is_instance_of::<PyInt>() {
            obj.extract::<f64>()?
        } else {
            return Err(wrong_type(&obj, "seconds (float) or datetime.timedelta"));
        };
        Ok(duration_from(secs, 1.0, "seconds")?)
    }
}

/// Durations come back as `datetime.timedelta`.
impl<'py> IntoPyObject<'py> for TimeDelta {
    type Target = PyDelta;
    type Output = Bound<'py, PyDelta>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        let d = self.0;
        let days = (d.as_secs() / 86_400) as i32;
        let secs = (d.as_secs() % 86_400) as i32;
        PyDelta::new(py, days, secs, d.subsec_micros() as i32, true)
    }
}

/// `datetime.datetime` in; naive values are taken as UTC.
impl<'a, 'py> FromPyObject<'a, 'py> for Timestamp {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if !obj.is_instance_of::<pyo3::types::PyDateTime>() {
            return Err(wrong_type(&obj, "a datetime.datetime"));
        }
        let dt = if obj.getattr("tzinfo")?.is_none() {
            let utc = py.import("datetime")?.getattr("timezone")?.getattr("utc")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("tzinfo", utc)?;
            obj.call_method("replace", (), Some(&kwargs))?
        } else {
            obj.to_owned()
        };
        let secs: f64 = dt.call_method0("timestamp")?.extract()?;
        Ok(Timestamp::from_unix_secs(secs, "datetime")?)
    }
}

/// Aware UTC `datetime.datetime` out.
impl<'py> IntoPyObject<'py> for Timestamp {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        let datetime = py.import("datetime")?;
        let utc = datetime.getattr("timezone")?.getattr("utc")?;
        datetime
            .getattr("datetime")?
            .call_method1("fromtimestamp", (self.unix_secs(), utc))
    }
}

/// A Python callable as a redirect decider. It runs on a blocking thread with the GIL, so a
/// slow callback never stalls the runtime's workers.
struct PyDecider(Arc<Py<PyAny>>);

impl crate::redirect::Decide for PyDecider {
    fn decide(
        &self,
        attempt: crate::redirect::Attempt,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<crate::redirect::Action, String>> + Send>>
    {
        let callback = self.0.clone();
        Box::pin(async move {
            if SHUTTING_DOWN.load(Ordering::SeqCst) {
                return Err("the interpreter is shutting down".into());
            }
            tokio::task::spawn_blocking(move || {
                Python::attach(|py| {
                    let out = callback.bind(py).call1((attempt,))?;
                    out.extract::<crate::redirect::Action>().map_err(|e| {
                        let e: PyErr = e.into();
                        PyTypeError::new_err(format!(
                            "the redirect callback must return attempt.follow(), .stop() or .error(msg): {}",
                            e.value(py)
                        ))
                    })
                })
                .map_err(|e| Python::attach(|py| e.value(py).to_string()))
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for crate::redirect::RedirectCallback {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if !obj.is_callable() {
            return Err(wrong_type(&obj, "a callable taking an Attempt"));
        }
        Ok(crate::redirect::RedirectCallback(Arc::new(PyDecider(
            Arc::new(obj.to_owned().unbind()),
        ))))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for StrMap {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(StrMap(obj.extract()?))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Pairs {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        fn scalar(v: &Bound<'_, PyAny>) -> PyResult<String> {
            if let Ok(b) = v.cast::<PyBool>() {
                Ok(if b.is_true() { "true" } else { "false" }.into())
            } else if v.is_instance_of::<PyString>()
                || v.is_instance_of::<PyInt>()
                || v.is_instance_of::<PyFloat>()
            {
                Ok(v.str()?.to_string())
            } else {
                Err(wrong_type(v, "str, int, float or bool"))
            }
        }
        let mut out = Vec::new();
        if let Ok(d) = obj.cast::<PyDict>() {
            for (k, v) in d.iter() {
                out.push((k.extract::<String>()?, scalar(&v)?));
            }
        } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            let not_pair = || PyTypeError::new_err("expected (key, value) pairs");
            for item in obj.try_iter()? {
                let item = item?;
                if !(item.is_instance_of::<PyList>() || item.is_instance_of::<PyTuple>())
                    || item.len()? != 2
                {
                    return Err(not_pair());
                }
                let k: String = item.get_item(0)?.extract().map_err(|_| not_pair())?;
                out.push((k, scalar(&item.get_item(1)?)?));
            }
        } else {
            return Err(wrong_type(&obj, "a dict or a list of (key, value) pairs"));
        }
        Ok(Pairs(out))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for BodyInput {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(s) = obj.cast::<PyString>() {
            Ok(BodyInput(bytes::Bytes::from(s.to_str()?.to_owned())))
        } else if let Ok(b) = obj.cast::<PyBytes>() {
            Ok(BodyInput(bytes::Bytes::copy_from_slice(b.as_bytes())))
        } else if let Ok(b) = obj.cast::<PyByteArray>() {
            Ok(BodyInput(bytes::Bytes::from(b.to_vec())))
        } else {
            Err(wrong_type(&obj, "str, bytes or bytearray"))
        }
    }
}

impl<'py> IntoPyObject<'py> for Buffer {
    type Target = PyBytes;
    type Output = Bound<'py, PyBytes>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        Ok(PyBytes::new(py, &self.0))
    }
}

/// JSON crosses through Python's own `json` module (C-fast both ways), so a value converts
/// exactly as `json.dumps` would take it and comes back as `json.loads` would give it.
impl<'a, 'py> FromPyObject<'a, 'py> for Json {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        let kwargs = PyDict::new(py);
        kwargs.set_item("allow_nan", false)?;
        let text = py
            .import("json")?
            .call_method("dumps", (obj,), Some(&kwargs))
            .map_err(|e| PyTypeError::new_err(format!("json: {}", e.value(py))))?;
        serde_json::from_str(text.extract::<&str>()?)
            .map(Json)
            .map_err(|e| PyTypeError::new_err(format!("json: {e}")))
    }
}

impl<'py> IntoPyObject<'py> for Json {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        let text = serde_json::to_string(&self.0)
            .map_err(|e| PyTypeError::new_err(format!("json: {e}")))?;
        py.import("json")?.call_method1("loads", (text,))
    }
}

/// Python's mapping protocol for `HeaderMap`: needs `Bound`, so it is written here.
#[pymethods]
impl HeaderMap {
    fn __getitem__(&self, key: String) -> Option<String> {
        self.get(key)
    }
    fn __setitem__(&self, key: String, value: String) -> PyResult<()> {
        Ok(self.insert(key, value)?)
    }
    fn __delitem__(&self, key: String) {
        self.remove(key)
    }
    fn __contains__(&self, key: String) -> bool {
        self.contains_key(key)
    }
    fn __len__(&self) -> usize {
        self.len() as usize
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.items().into_pyobject(py)?.try_iter()?.into_any())
    }
    fn __repr__(&self) -> String {
        format!("HeaderMap({:?})", self.items())
    }
}

/// `async for`'s end: the core's `None` raises `StopAsyncIteration` when converted.
struct Next<T>(Option<T>);

impl<'py, T: IntoPyObject<'py>> IntoPyObject<'py> for Next<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.0 {
            Some(v) => pyo3::IntoPyObjectExt::into_bound_py_any(v, py),
            None => Err(pyo3::exceptions::PyStopAsyncIteration::new_err(())),
        }
    }
}

/// An awaitable of an infallible core call, through the same bridge as exported methods.
fn ready<T, F>(fut: F) -> Call
where
    T: for<'a> IntoPyObject<'a> + Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    call(async move { Ok::<_, Infallible>(fut.await) }, true)
}

/// `async with x:` yields `x` and awaits `$exit` (a core call on `this`) at the end.
macro_rules! async_context {
    ($ty:ty, |$this:ident| $exit:expr) => {
        #[pymethods]
        impl $ty {
            fn __aenter__(&self) -> Call {
                let this = self.clone();
                ready(async move { this })
            }
            #[pyo3(signature = (*_exc))]
            fn __aexit__(&self, _exc: Py<PyTuple>) -> Call {
                let $this = self.clone();
                call(async move { $exit }, true)
            }
        }
    };
}

/// `async for x in it:` over a core `next`-like call returning `Option` (`None` ends it).
macro_rules! async_iter {
    ($ty:ty, |$this:ident| $next:expr) => {
        #[pymethods]
        impl $ty {
            fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
                slf
            }
            fn __anext__(&self) -> Call {
                let $this = self.clone();
                call(async move { $next.map(Next) }, true)
            }
        }
    };
}

// The async iterator and async context manager protocols, which the macro does not write
// (`__anext__` must end with `StopAsyncIteration`). They return the same `Call` awaitable as
// exported async methods, so they share its bridge and its cancellation.
async_iter!(crate::Streamer, |this| this.next().await);
async_context!(crate::Streamer, |this| {
    this.close().await;
    Ok::<_, Infallible>(())
});
// `async with Client() as client:` closes the client at the end of the block.
async_context!(crate::Client, |this| {
    this.close();
    Ok::<_, Infallible>(())
});
// `async with resp:` releases the body at the end of the block.
async_context!(crate::Response, |this| {
    this.close().await;
    Ok::<_, Infallible>(())
});
// `async for message in ws:` (ends when the connection closes) and `async with ws:`.
async_iter!(crate::WebSocket, |this| this.recv(None).await);
async_context!(crate::WebSocket, |this| this.close(None, None).await);
