//! `View`s in Python: a read-only `memoryview` over Rust-owned bytes (a streamed body frame),
//! so `Response.stream_views()` hands frames over without copying them into `bytes`.

use bytes::Bytes;
use pyo3::{ffi, prelude::*};
use std::os::raw::c_int;

/// The owner a `memoryview` keeps alive: its buffer is these bytes, read-only.
#[pyclass(frozen, name = "_BytesView", module = "rnet")]
struct Owner(Bytes);

#[pymethods]
impl Owner {
    /// # Safety
    /// Called by CPython's buffer protocol with a valid `view`.
    unsafe fn __getbuffer__(
        slf: Bound<'_, Self>,
        view: *mut ffi::Py_buffer,
        flags: c_int,
    ) -> PyResult<()> {
        let bytes = &slf.get().0;
        // Read-only: a request for a writable buffer fails here with BufferError. The view
        // holds a reference to `slf`, so the bytes outlive it.
        let status = unsafe {
            ffi::PyBuffer_FillInfo(
                view,
                slf.as_ptr(),
                bytes.as_ptr().cast_mut().cast(),
                bytes.len() as ffi::Py_ssize_t,
                1,
                flags,
            )
        };
        match status {
            0 => Ok(()),
            _ => Err(PyErr::fetch(slf.py())),
        }
    }

    unsafe fn __releasebuffer__(&self, _view: *mut ffi::Py_buffer) {}
}

/// A read-only `memoryview` of `b`, which it keeps alive.
pub(super) fn memoryview(py: Python<'_>, b: Bytes) -> PyResult<Bound<'_, PyAny>> {
    let owner = Bound::new(py, Owner(b))?;
    // SAFETY: `owner` supports the buffer protocol; the result is a new reference or NULL.
    unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyMemoryView_FromObject(owner.as_ptr())) }
}
