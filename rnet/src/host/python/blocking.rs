//! The glue behind `rnet.blocking` (the twins come from `#[rnet::export(blocking)]`): the
//! submodule, blocking on the runtime, and the sync protocols (`with`, `for`) that only
//! hand-written methods can provide.

use super::to_py_err;
use crate::runtime::ProcessLocal;
use crate::{__private::ExportedError, Error};
use pyo3::prelude::*;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use tokio::time::{Instant, Sleep};

/// `rnet._rnet.blocking`, created on first use.
pub fn blocking_module<'py>(m: &Bound<'py, PyModule>) -> PyResult<Bound<'py, PyModule>> {
    if let Ok(existing) = m.getattr("blocking") {
        return Ok(existing.cast_into::<PyModule>()?);
    }
    let b = PyModule::new(m.py(), "blocking")?;
    m.add_submodule(&b)?;
    Ok(b)
}

/// Runs `fut` on this (non-runtime) thread and waits for it, its connections driven by one of
/// the blocking drivers (`client_runtime::blocking_handle`). Called with the GIL released. A
/// panic in the future becomes `RustPanic`. While it waits, Python's signal handlers run every
/// [`SIGNAL_CHECK`]: one that raises (Ctrl-C's `KeyboardInterrupt`) drops the future, which
/// cancels the request and closes its connection, and is raised here.
pub fn block_on<T, E, F>(fut: F) -> PyResult<T>
where
    T: Send + 'static,
    E: ExportedError + Send + 'static + Into<Error>,
    F: Future<Output = Result<T, E>> + Send + 'static,
{
    // The future runs on this thread: no spawn and no hand-off back, which a sequential caller
    // would pay on every call.
    let rt = crate::client_runtime::blocking_handle().map_err(to_py_err)?;
    // Boxed first: a request's future is over 10 KiB, and each wrapper below would copy it.
    let fut = Box::pin(fut);
    // A function the core calls meanwhile runs in this caller's context (and has no loop).
    let fut = match crate::convert::callers_needed() {
        true => futures_util::future::Either::Left(Python::attach(|py| {
            super::function::as_caller(py, None, fut)
        })),
        false => futures_util::future::Either::Right(fut),
    };
    let fut = futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(fut));
    let caught = crate::runtime::as_blocking_caller(|| {
        rt.block_on(async {
            let mut timer = SIGNAL_TIMER
                .take()
                .and_then(ProcessLocal::into_inner)
                .unwrap_or_else(|| Box::pin(tokio::time::sleep(SIGNAL_CHECK)));
            let out = wait_checking_signals(fut, timer.as_mut()).await;
            SIGNAL_TIMER.set(Some(ProcessLocal::new(timer)));
            out
        })
    })?;
    match caught {
        Ok(out) => out.map_err(|e| to_py_err(e.into())),
        Err(payload) => Err(to_py_err(Error::from_panic(payload))),
    }
}

/// Waits for `fut`, running Python's signal handlers every [`SIGNAL_CHECK`] while it is
/// pending. The timer is armed only when the future is not ready on its first poll.
async fn wait_checking_signals<T>(
    fut: impl Future<Output = T>,
    mut timer: Pin<&mut Sleep>,
) -> PyResult<T> {
    let mut fut = std::pin::pin!(fut);
    loop {
        let mut armed = false;
        let done = std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = fut.as_mut().poll(cx) {
                return Poll::Ready(Some(out));
            }
            if !armed {
                timer.as_mut().reset(Instant::now() + SIGNAL_CHECK);
                armed = true;
            }
            timer.as_mut().poll(cx).map(|()| None)
        })
        .await;
        match done {
            Some(out) => return Ok(out),
            // Past `atexit`, a daemon thread must not attach to a finalizing interpreter.
            None if super::shutting_down() => {}
            None => Python::attach(|py| py.check_signals())?,
        }
    }
}

thread_local! {
    /// This thread's signal-check timer, kept from one call to the next. Moving a registered
    /// timer's deadline later is one atomic store; registering a new timer wakes a runtime
    /// worker parked in `epoll_wait` (an eventfd write and a context switch) on every call.
    /// A forked child leaks the one it inherited: it belongs to the parent's runtime.
    static SIGNAL_TIMER: Cell<Option<ProcessLocal<Pin<Box<Sleep>>>>> = const { Cell::new(None) };
}

/// How often a blocking call lets Python run its signal handlers. CPython runs them only on
/// the main thread, so elsewhere the check costs a GIL round trip and nothing more.
const SIGNAL_CHECK: std::time::Duration = std::time::Duration::from_millis(50);
