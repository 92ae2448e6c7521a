//! Everything written by hand for Python: the module, the runtime bridge, the exception
//! classes, and the primitives the core's boundary conversions use. Per-method code comes
//! from `#[rnet::export]`, never from here.

use crate::{__private::ExportedError, Error, HeaderMap};
use pyo3::{
    exceptions::PyException,
    prelude::*,
    types::{PyDict, PyTuple, PyType},
    PyTypeInfo,
};
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicBool, Ordering},
        Mutex, OnceLock,
    },
};

/// `cached!(py, "json", "dumps")`: a module attribute, looked up once per process.
macro_rules! cached {
    ($py:expr, $module:literal $(, $attr:literal)+) => {{
        static CELL: pyo3::sync::PyOnceLock<pyo3::Py<pyo3::PyAny>> = pyo3::sync::PyOnceLock::new();
        CELL.get_or_try_init($py, || {
            let obj = $py.import($module)?.into_any();
            $(let obj = obj.getattr($attr)?;)+
            Ok::<_, pyo3::PyErr>(obj.unbind())
        })
        .map(|o| o.bind($py).clone())
    }};
}

mod blocking;
mod body;
mod bridge;
mod convert;
mod function;
mod view;

/// One registration step, submitted by `#[rnet::export]` for each class, function and error
/// enum. The module runs them all: there is no hand-kept list.
pub struct Export(pub fn(&Bound<'_, PyModule>) -> PyResult<()>);
inventory::collect!(Export);

pub use blocking::{block_on, blocking_module};
pub use bridge::{call, Call};
pub use convert::PyHost;

#[pymodule]
#[pyo3(name = "_rnet")]
fn rnet_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Before any class exists, so a plain ValueError (BuilderError's base).
    crate::runtime::check_config()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    crate::runtime::shared();
    // Compiled in, so `import rnet` needs no `importlib.metadata` (40 ms of imports).
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
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

/// An error as a value (what an `on_error` hook is given): the exception it raises as.
impl<'py> IntoPyObject<'py> for Error {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(to_py_err(self).into_value(py).into_bound(py).into_any())
    }
}

/// `for name, value in headers`: an iterator PyO3 needs `Bound` to make.
#[pymethods]
impl HeaderMap {
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.items().into_pyobject(py)?.try_iter()?.into_any())
    }
}

/// `async for`'s end: the core's `None` raises `StopAsyncIteration` when converted.
pub struct Next<T>(pub Option<T>);

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
