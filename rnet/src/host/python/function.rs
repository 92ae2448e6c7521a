//! How the core calls a Python function (a hook, a redirect callback): as the caller would.
//! The call that started the request captured its `contextvars` context and its event loop;
//! the function runs in a copy of that context (so tracing and logging context carries over),
//! on a blocking thread with the GIL (a slow function never stalls the runtime's workers), and
//! a coroutine it returns runs as a task on the caller's loop, in that context. Without a loop
//! (the blocking API) a coroutine runs to completion on the calling thread.

use super::shutting_down;
use crate::body::Cause;
use crate::convert::{self, FromHost, HostFailure, HostFn, ToHost};
use pyo3::{
    exceptions::PyTypeError,
    prelude::*,
    types::{PyCFunction, PyDict, PyTuple},
};
use std::{
    future::Future,
    sync::{Arc, Mutex},
};
use tokio::sync::oneshot;

/// The caller of a request: its `contextvars` context, and its running loop if it has one.
struct Caller {
    context: Py<PyAny>,
    event_loop: Option<Py<PyAny>>,
}

/// `fut`, run as the current Python caller: a function the core calls while it runs sees the
/// caller's context and loop. Until a Python function was handed to the core, `fut` itself.
pub fn as_caller<F: Future>(
    py: Python<'_>,
    event_loop: Option<&Bound<'_, PyAny>>,
    fut: F,
) -> futures_util::future::Either<impl Future<Output = F::Output>, F> {
    use futures_util::future::Either;
    if !convert::callers_needed() {
        return Either::Right(fut);
    }
    let caller = cached!(py, "contextvars", "copy_context")
        .and_then(|f| f.call0())
        .ok()
        .map(|context| {
            Arc::new(Caller {
                context: context.unbind(),
                event_loop: event_loop.map(|l| l.clone().unbind()),
            })
        });
    Either::Left(convert::as_caller(
        caller.map(|c| c as convert::Caller),
        fut,
    ))
}

/// What calling the function gave: its value, or a coroutine's outcome to wait for.
enum Called {
    Now(Py<PyAny>),
    Later(oneshot::Receiver<PyResult<Py<PyAny>>>),
}

/// A Python callable as a core `HostFn`; a result that does not convert fails with "must
/// return {returns}".
pub fn function<A, R>(callable: Py<PyAny>, returns: &'static str) -> HostFn<A, R>
where
    A: ToHost<super::PyHost> + Send + 'static,
    R: FromHost<super::PyHost> + Send + 'static,
{
    convert::need_callers();
    let callable = Arc::new(callable);
    Arc::new(move |arg: A| {
        // Read now, on the request's task: the future below may run elsewhere.
        let caller = convert::caller().and_then(|c| c.downcast::<Caller>().ok());
        let callable = callable.clone();
        Box::pin(async move {
            if shutting_down() {
                return Err(HostFailure::new("the interpreter is shutting down"));
            }
            let call = move || {
                Python::attach(|py| call(py, &callable, arg, caller.as_deref())).map_err(failure)
            };
            let out = match blocking(call).await? {
                Called::Now(out) => out,
                Called::Later(rx) => rx
                    .await
                    .map_err(|_| HostFailure::new("the event loop dropped the coroutine"))?
                    .map_err(failure)?,
            };
            blocking(move || {
                Python::attach(|py| {
                    R::from_host(out.bind(py)).map_err(|e| {
                        PyTypeError::new_err(format!(
                            "the function must return {returns}: {}",
                            e.value(py)
                        ))
                    })
                })
                .map_err(failure)
            })
            .await
        })
    })
}

/// Runs `f` on a blocking thread (it takes the GIL).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, HostFailure> + Send + 'static,
) -> Result<T, HostFailure> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| HostFailure::new(e.to_string()))?
}

/// What Python raised, with the exception kept as the cause.
fn failure(e: PyErr) -> HostFailure {
    Python::attach(|py| {
        let value = e.value(py);
        let name = value
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "Exception".into());
        HostFailure {
            message: format!("{name}: {value}"),
            cause: Cause(Some(Arc::new(e))),
        }
    })
}

fn call<A: ToHost<super::PyHost>>(
    py: Python<'_>,
    callable: &Py<PyAny>,
    arg: A,
    caller: Option<&Caller>,
) -> PyResult<Called> {
    let f = callable.bind(py);
    let arg = arg.to_host(py)?;
    // A copy of the context per call: one context cannot be entered by two threads at once.
    let context = caller
        .map(|c| c.context.bind(py).call_method0("copy"))
        .transpose()?;
    let out = match &context {
        Some(ctx) => ctx.call_method1("run", (f, arg))?,
        None => f.call1((arg,))?,
    };
    if !out.hasattr("__await__")? {
        return Ok(Called::Now(out.unbind()));
    }
    match caller.and_then(|c| c.event_loop.as_ref()) {
        Some(event_loop) => schedule(py, event_loop.bind(py), out, context).map(Called::Later),
        None => {
            let run = cached!(py, "asyncio", "run")?;
            let value = match &context {
                Some(ctx) => ctx.call_method1("run", (run, out))?,
                None => run.call1((out,))?,
            };
            Ok(Called::Now(value.unbind()))
        }
    }
}

/// Runs `awaitable` as a task on `event_loop` (from another thread), in `context`; the
/// receiver gets its outcome.
fn schedule(
    py: Python<'_>,
    event_loop: &Bound<'_, PyAny>,
    awaitable: Bound<'_, PyAny>,
    context: Option<Bound<'_, PyAny>>,
) -> PyResult<oneshot::Receiver<PyResult<Py<PyAny>>>> {
    let (tx, rx) = oneshot::channel();
    let tx = Mutex::new(Some(tx));
    let done = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<()> {
        let task = args.get_item(0)?;
        let outcome = task.call_method0("result").map(Bound::unbind);
        if let Some(tx) = tx.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = tx.send(outcome);
        }
        Ok(())
    })?
    .unbind();
    let ensure_future = cached!(py, "asyncio", "ensure_future")?.unbind();
    let (target, awaitable, context) = (
        event_loop.clone().unbind(),
        awaitable.unbind(),
        context.map(Bound::unbind),
    );
    let start = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<()> {
        let py = args.py();
        let target = target.bind(py);
        // A coroutine becomes a task in the caller's context; another awaitable is wrapped.
        let task = match &context {
            Some(ctx) if awaitable.bind(py).hasattr("cr_frame")? => {
                let kwargs = PyDict::new(py);
                kwargs.set_item("context", ctx)?;
                target.call_method("create_task", (awaitable.clone_ref(py),), Some(&kwargs))?
            }
            _ => {
                let kwargs = PyDict::new(py);
                kwargs.set_item("loop", target)?;
                ensure_future
                    .bind(py)
                    .call((awaitable.clone_ref(py),), Some(&kwargs))?
            }
        };
        task.call_method1("add_done_callback", (&done,))?;
        Ok(())
    })?;
    event_loop.call_method1("call_soon_threadsafe", PyTuple::new(py, [start])?)?;
    Ok(rx)
}
