//! Streamed request bodies in Python: `body=` (or a multipart `Part`) given an iterator or an
//! async iterator of bytes/str. Each chunk is pulled when the upload wants it, on a blocking
//! thread that takes the GIL; an async iterator's `__anext__` runs on the caller's event
//! loop. An exception from the producer fails the request with `BodyError`, whose
//! `__cause__` is the original exception.

use super::PyHost;
use crate::{
    body::{BodyStream, Cause, ProducerError},
    convert::{FromHost, Host},
};
use bytes::Bytes;
use pyo3::{
    exceptions::{PyStopAsyncIteration, PyTypeError},
    prelude::*,
    sync::PyOnceLock,
    types::PyIterator,
};
use std::{sync::Arc, time::Duration};

/// A body from an iterator or async iterator of bytes/str (`RequestBody`'s stream case).
pub(super) fn body_stream(obj: &Bound<'_, PyAny>) -> PyResult<BodyStream> {
    let py = obj.py();
    // A mapping is iterable, but its keys are not a body.
    if obj.is_instance_of::<pyo3::types::PyDict>() {
        return Err(PyHost::type_error(obj, PyHost::BODY_EXPECTED));
    }
    if obj.hasattr("__aiter__")? {
        let aiter = obj.call_method0("__aiter__")?.unbind();
        let event_loop = py
            .import("asyncio")?
            .call_method0("get_running_loop")
            .map_err(|_| {
                PyTypeError::new_err(
                    "an async iterable body needs a running event loop; pass an iterator instead",
                )
            })?
            .unbind();
        return Ok(stream(move |py| next_async(py, &aiter, &event_loop)));
    }
    match obj.try_iter() {
        Ok(iter) => {
            let iter = iter.unbind();
            Ok(stream(move |py| next_sync(py, &iter)))
        }
        Err(_) => Err(PyHost::type_error(obj, PyHost::BODY_EXPECTED)),
    }
}

type Step = Result<Option<Bytes>, ProducerError>;

/// A body stream that calls `next` with the GIL on a blocking thread for each chunk.
fn stream<F>(next: F) -> BodyStream
where
    F: Fn(Python<'_>) -> Step + Send + Sync + 'static,
{
    BodyStream::pulled(move || Python::attach(&next))
}

fn next_sync(py: Python<'_>, iter: &Py<PyIterator>) -> Step {
    match iter.bind(py).clone().next() {
        None => Ok(None),
        Some(Ok(chunk)) => chunk_bytes(&chunk),
        Some(Err(e)) => Err(from_py(py, e)),
    }
}

/// `await it.__anext__()` as a coroutine, which `run_coroutine_threadsafe` requires
/// (`__anext__` of an async generator returns an awaitable that is not a coroutine).
fn anext_helper(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static HELPER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    HELPER
        .get_or_try_init(py, || {
            let code = c"async def anext(it):\n    return await it.__anext__()\n";
            let module = PyModule::from_code(py, code, c"<rnet body>", c"_rnet_body")?;
            Ok::<_, PyErr>(module.getattr("anext")?.unbind())
        })
        .map(|h| h.bind(py))
}

fn next_async(py: Python<'_>, aiter: &Py<PyAny>, event_loop: &Py<PyAny>) -> Step {
    let coro = anext_helper(py)
        .and_then(|h| h.call1((aiter,)))
        .map_err(|e| from_py(py, e))?;
    // A coroutine the loop never starts (it closed first) is closed here, not left to warn
    // "never awaited" when it is collected.
    let abandon = || {
        let _ = coro.call_method0("close");
    };
    let fut = match cached!(py, "asyncio", "run_coroutine_threadsafe")
        .and_then(|f| f.call1((&coro, event_loop)))
    {
        Ok(fut) => fut,
        Err(e) => {
            abandon();
            return Err(from_py(py, e));
        }
    };
    // Wait in slices (`result()` releases the GIL while it waits), so a loop that stops
    // without running the coroutine ends the body instead of blocking this thread forever.
    loop {
        match fut.call_method1("result", (0.25,)) {
            Ok(chunk) => return chunk_bytes(&chunk),
            Err(e) if e.is_instance_of::<PyStopAsyncIteration>(py) => return Ok(None),
            Err(e) if is_wait_timeout(py, &e) => {
                let stopped = event_loop
                    .bind(py)
                    .call_method0("is_closed")
                    .and_then(|c| c.is_truthy())
                    .unwrap_or(true);
                if stopped {
                    let _ = fut.call_method0("cancel");
                    abandon();
                    return Err(plain(
                        "the event loop closed while the body was streaming".into(),
                    ));
                }
                py.detach(|| std::thread::sleep(Duration::from_millis(1)));
            }
            Err(e) => return Err(from_py(py, e)),
        }
    }
}

fn is_wait_timeout(py: Python<'_>, e: &PyErr) -> bool {
    cached!(py, "concurrent.futures", "TimeoutError")
        .is_ok_and(|t| e.matches(py, t).unwrap_or(false))
}

/// A chunk reads as a body does (str or bytes-like), naming what it got otherwise.
fn chunk_bytes(chunk: &Bound<'_, PyAny>) -> Step {
    let bytes = <crate::types::BodyInput as FromHost<PyHost>>::from_host(chunk);
    bytes.map(|b| Some(b.0)).map_err(|e| from_py(chunk.py(), e))
}

fn from_py(py: Python<'_>, e: PyErr) -> ProducerError {
    let kind = e
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "Exception".into());
    ProducerError {
        message: format!("{kind}: {}", e.value(py)),
        cause: Cause(Some(Arc::new(e))),
    }
}

fn plain(message: String) -> ProducerError {
    ProducerError {
        message,
        cause: Cause::default(),
    }
}
