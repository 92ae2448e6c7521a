//! How an async method's result reaches asyncio. The method returns an `asyncio.Future` at
//! once and runs its work as a Tokio task; the finished task queues the result and writes one
//! byte to a socket the event loop watches (`loop.add_reader`), and the loop's thread turns
//! results into Python objects and resolves the futures. Runtime threads never take the GIL
//! and there is one wake-up per batch, not a `call_soon_threadsafe` (GIL + self-pipe) per
//! result. Cancelling the awaiting task aborts the Tokio task (through the coroutine's
//! `throw`/`close`, with no done-callback per call), which drops the request and its connection.

use super::to_py_err;
use crate::{
    __private::ExportedError,
    bridge::{self, Batch, Outcome},
    runtime::ProcessLocal,
    Error,
};
use pyo3::{prelude::*, sync::PyOnceLock, IntoPyObjectExt};
use std::{
    future::Future,
    io::{Read, Write},
    os::{fd::AsRawFd, unix::net::UnixStream},
    pin::Pin,
    sync::{Arc, Mutex},
};

type Deliver = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

struct Shared {
    results: Batch<(Py<PyAny>, Deliver)>,
    tx: UnixStream,
    rx: UnixStream,
}

impl Shared {
    fn push(&self, future: Py<PyAny>, deliver: Deliver) {
        if self.results.push((future, deliver)) {
            let _ = (&self.tx).write(&[1]);
        }
    }
}

/// One per event loop: the socket the loop reads, and the results waiting for it.
#[pyclass(frozen)]
struct LoopBridge(Arc<Shared>);

#[pymethods]
impl LoopBridge {
    /// Called by the event loop when the socket is readable: resolve every waiting future.
    fn drain(&self, py: Python<'_>) -> PyResult<()> {
        let mut buf = [0u8; 64];
        while matches!((&self.0.rx).read(&mut buf), Ok(n) if n > 0) {}
        for (future, deliver) in self.0.results.drain() {
            let future = future.bind(py);
            let set = match deliver(py) {
                Ok(v) => future.call_method1("set_result", (v,)),
                Err(e) => future.call_method1("set_exception", (e.into_value(py),)),
            };
            // Setting fails only on a future cancelled meanwhile; asking first would cost
            // every result a call.
            if let Err(e) = set {
                if !future.call_method0("cancelled")?.is_truthy()? {
                    return Err(e);
                }
            }
        }
        Ok(())
    }
}

thread_local! {
    /// The last loop this thread asked for (weakly) and its bridge: the common case of one
    /// loop per thread skips the `WeakKeyDictionary` lookup, a Python-level call.
    static LAST: std::cell::RefCell<Option<(Py<PyAny>, Arc<Shared>)>> =
        const { std::cell::RefCell::new(None) };
}

fn bridge_for(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> PyResult<Arc<Shared>> {
    let hit = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|(weak, _)| weak.bind(py).call0().is_ok_and(|l| l.is(event_loop)))
            .map(|(_, shared)| shared.clone())
    });
    if let Some(shared) = hit {
        return Ok(shared);
    }
    let shared = bridge_in_registry(py, event_loop)?;
    let weak = cached!(py, "weakref", "ref")?.call1((event_loop,))?;
    LAST.with_borrow_mut(|last| *last = Some((weak.unbind(), shared.clone())));
    Ok(shared)
}

fn bridge_in_registry(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> PyResult<Arc<Shared>> {
    // Keyed weakly by the loop: a closed, collected loop drops its bridge and sockets.
    static BRIDGES: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let bridges = BRIDGES
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(
                py.import("weakref")?
                    .call_method0("WeakKeyDictionary")?
                    .unbind(),
            )
        })?
        .bind(py);
    if let Ok(b) = bridges
        .call_method1("get", (event_loop,))?
        .cast::<LoopBridge>()
    {
        return Ok(b.get().0.clone());
    }
    let (tx, rx) = UnixStream::pair()?;
    tx.set_nonblocking(true)?;
    rx.set_nonblocking(true)?;
    let fd = rx.as_raw_fd();
    let shared = Arc::new(Shared {
        results: Batch::default(),
        tx,
        rx,
    });
    let bridge = Bound::new(py, LoopBridge(shared.clone()))?;
    event_loop.call_method1("add_reader", (fd, bridge.getattr("drain")?))?;
    bridges.set_item(event_loop, bridge)?;
    Ok(shared)
}

fn get_running_loop(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    cached!(py, "asyncio", "get_running_loop")?.call0()
}

/// Starting a call gives its value at once (done in the first poll), or a future to await
/// and the task that will resolve it.
enum Started {
    Ready(Py<PyAny>),
    Pending(Py<PyAny>, Task),
}

/// The Tokio task behind a waiting call. A forked child inherits it from the parent's
/// runtime, which it must not touch, so there it is never aborted nor released.
type Task = ProcessLocal<tokio::task::AbortHandle>;

type Start = Box<dyn FnOnce(Python<'_>) -> PyResult<Started> + Send>;

enum CallState {
    NotStarted(Start),
    /// The future the bridge resolves, and the task to abort if the await is abandoned.
    Waiting(Py<PyAny>, Task),
    Done,
}

/// What an async method returns: a coroutine (so `asyncio.run(rnet.get(url))` works and it
/// can be created outside a running loop). Awaiting it starts the work and waits on an
/// `asyncio.Future` the bridge resolves; cancelling it cancels that future and the task.
#[pyclass(name = "Call", module = "rnet")]
pub struct Call(Mutex<CallState>);

impl Call {
    fn state(&self) -> std::sync::MutexGuard<'_, CallState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[pymethods]
impl Call {
    fn __await__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.send(py, py.None())
    }
    /// Start on the first step; afterwards return the result (as `StopIteration`).
    fn send(&self, py: Python<'_>, _value: Py<PyAny>) -> PyResult<Py<PyAny>> {
        let mut state = self.state();
        let future = match std::mem::replace(&mut *state, CallState::Done) {
            CallState::NotStarted(start) => match start(py)? {
                Started::Ready(value) => {
                    return Err(pyo3::exceptions::PyStopIteration::new_err((value,)))
                }
                Started::Pending(future, task) => {
                    future.bind(py).setattr("_asyncio_future_blocking", true)?;
                    *state = CallState::Waiting(future.clone_ref(py), task);
                    return Ok(future);
                }
            },
            CallState::Waiting(future, _) => future,
            CallState::Done => {
                return Err(pyo3::exceptions::PyRuntimeError::new_err(
                    "cannot reuse an already awaited rnet call",
                ))
            }
        };
        let value = future.bind(py).call_method0("result")?;
        Err(pyo3::exceptions::PyStopIteration::new_err(
            (value.unbind(),),
        ))
    }
    #[pyo3(signature = (typ, value = None, _tb = None))]
    fn throw(
        &self,
        py: Python<'_>,
        typ: Py<PyAny>,
        value: Option<Py<PyAny>>,
        _tb: Option<Py<PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        // The Task throws the awaited future's exception (or a cancellation) in here.
        self.close(py)?;
        let typ = typ.into_bound(py);
        let exc = match value {
            Some(v) if !v.is_none(py) => v.into_bound(py),
            _ if typ.is_instance_of::<pyo3::exceptions::PyBaseException>() => typ,
            _ => typ.call0()?,
        };
        Err(PyErr::from_value(exc))
    }
    /// Cancelling the awaiting Task throws into the coroutine, which lands here: the task
    /// is aborted (dropping its request and connection) and the future cancelled.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        if let CallState::Waiting(future, task) =
            std::mem::replace(&mut *self.state(), CallState::Done)
        {
            if let Some(task) = task.get() {
                task.abort();
            }
            future.bind(py).call_method0("cancel")?;
        }
        Ok(())
    }
}

impl Drop for Call {
    /// A coroutine dropped while waiting (never resumed) must not leave its request running.
    fn drop(&mut self) {
        if let CallState::Waiting(_, task) = &*self.state() {
            if let Some(task) = task.get() {
                task.abort();
            }
        }
    }
}

/// The awaitable an async method returns (see [`Call`]). `inline`: poll it once on the
/// calling thread first (false for `#[rnet(spawn)]` calls).
pub fn call<T, E, F>(fut: F, inline: bool) -> Call
where
    T: for<'a> IntoPyObject<'a> + Send + 'static,
    E: ExportedError + Send + 'static,
    F: Future<Output = Result<T, E>> + Send + 'static,
{
    // Boxed once, here: the request futures are large (kilobytes), and every later move of
    // one is a memcpy; a box moves as a pointer.
    let fut = Box::pin(fut);
    let start: Start = Box::new(move |py| start(py, fut, inline));
    Call(Mutex::new(CallState::NotStarted(start)))
}

/// The Python value of a finished call: its result, or its exception.
fn value<T, E>(py: Python<'_>, out: Outcome<Result<T, E>>) -> PyResult<Py<PyAny>>
where
    T: for<'a> IntoPyObject<'a>,
    E: ExportedError + 'static,
{
    match out {
        Ok(Ok(v)) => v.into_py_any(py),
        Ok(Err(e)) => Err(to_py_err(e)),
        Err(payload) => Err(to_py_err(Error::from_panic(payload))),
    }
}

/// Runs `fut`: its value if the first poll finishes it, else an `asyncio.Future` of it.
/// It runs as this caller (the awaiting task's context and loop; see `function`).
fn start<T, E, F>(py: Python<'_>, fut: Pin<Box<F>>, inline: bool) -> PyResult<Started>
where
    T: for<'a> IntoPyObject<'a> + Send + 'static,
    E: ExportedError + Send + 'static,
    F: Future<Output = Result<T, E>> + Send + 'static,
{
    let mut fut: Pin<Box<dyn Future<Output = Result<T, E>> + Send>> =
        if crate::convert::callers_needed() {
            let running = get_running_loop(py).ok();
            Box::pin(super::function::as_caller(py, running.as_ref(), fut))
        } else {
            fut
        };
    let rt = crate::runtime::shared();
    let first = inline
        .then(|| {
            let _context = rt.enter();
            bridge::first_poll(&mut fut)
        })
        .flatten();
    if let Some(out) = first {
        return value(py, out).map(Started::Ready);
    }
    let event_loop = get_running_loop(py)?;
    let future = event_loop.call_method0("create_future")?;
    let bridge = bridge_for(py, &event_loop)?;
    let target = future.clone().unbind();
    let task = rt.spawn(bridge::finish(fut, move |out| {
        bridge.push(target, Box::new(move |py| value(py, out)));
    }));
    Ok(Started::Pending(
        future.unbind(),
        ProcessLocal::new(task.abort_handle()),
    ))
}
