//! `Runtime`: Tokio threads of a client's own, instead of the process-wide runtime
//! (`runtime::shared`). A client given one (`Client(runtime=…)`) sends its requests on it, so
//! its connections, their I/O and their timers live on those threads; the host's call still
//! arrives through the shared runtime and hops once to this one.
//!
//! Two shapes, as wreq-python has them:
//! - `work_steal=True` (default): one multi-threaded runtime of `workers` threads that share
//!   their tasks.
//! - `work_steal=False`: `workers` current-thread runtimes, each driven by a thread of its
//!   own. A client is given one of them when it is built (round robin) and keeps it, so its
//!   work never moves between threads and no thread parks to steal.

use crate::{
    runtime::{inherited, PerGeneration, ProcessLocal},
    types::TimeDelta,
    Error, Result,
};
use std::{
    future::Future,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
};
use tokio::runtime::{Builder, Handle};
use tokio_util::task::AbortOnDropHandle;

/// Options for a `Runtime`.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct RuntimeConfig {
    /// How many threads run its tasks (default: one per CPU), from 1 to 1024.
    pub workers: Option<u32>,
    /// One pool of `workers` threads that share tasks (default true), or, when false,
    /// `workers` single-thread runtimes: each client keeps one of them.
    pub work_steal: Option<bool>,
    /// The name of its threads (default `"rnet-runtime"`; Linux shows the first 15 bytes).
    pub thread_name: Option<String>,
    /// The most threads for blocking work (file bodies, DNS lookups), per runtime (default:
    /// Tokio's, 512).
    pub max_blocking_threads: Option<u32>,
    /// How long an idle blocking thread is kept (default: Tokio's, 10 s; Python: seconds, JS:
    /// milliseconds).
    pub thread_keep_alive: Option<TimeDelta>,
}

/// Threads that run the requests of the clients given it (`Client(runtime=…)`); the default
/// is one runtime shared by the whole process. It lives as long as a client, response or
/// request still uses it.
#[rnet::export]
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<ProcessLocal<Workers>>,
    config: Arc<Settled>,
}

/// The options, with defaults applied.
#[derive(Debug)]
struct Settled {
    workers: usize,
    work_steal: bool,
    thread_name: String,
}

/// The running runtime(s): what is spawned on, and what stops them when dropped.
struct Workers {
    handles: Vec<Handle>,
    next: AtomicUsize,
    _stop: Stop,
}

enum Stop {
    /// A multi-threaded runtime; shut down without waiting, so it may be dropped anywhere,
    /// even on one of its own threads.
    Pool(Option<tokio::runtime::Runtime>),
    /// The current-thread runtimes' drivers return when these senders go.
    Drivers {
        _senders: Vec<tokio::sync::oneshot::Sender<()>>,
    },
}

impl Drop for Stop {
    fn drop(&mut self) {
        if let Stop::Pool(rt) = self {
            if let Some(rt) = rt.take() {
                rt.shutdown_background();
            }
        }
    }
}

#[rnet::export]
impl Runtime {
    /// Starts the runtime's threads.
    #[rnet(constructor)]
    pub fn new(opts: Option<RuntimeConfig>) -> Result<Self> {
        let o = opts.unwrap_or_default();
        let workers = match o.workers {
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
            Some(n @ 1..=1024) => n as usize,
            Some(n) => {
                return Err(Error::Builder(format!(
                    "Runtime workers must be from 1 to 1024, not {n}"
                )))
            }
        };
        if o.max_blocking_threads == Some(0) {
            return Err(Error::Builder(format!(
                "Runtime {} must be 1 or more",
                crate::host::option_name(RuntimeConfig::FIELDS, "max_blocking_threads")
            )));
        }
        let thread_name = o
            .thread_name
            .clone()
            .unwrap_or_else(|| "rnet-runtime".into());
        if thread_name.contains('\0') {
            return Err(Error::Builder(format!(
                "Runtime {} cannot contain NUL characters",
                crate::host::option_name(RuntimeConfig::FIELDS, "thread_name")
            )));
        }
        let settled = Settled {
            workers,
            work_steal: o.work_steal.unwrap_or(true),
            thread_name,
        };
        let workers = match settled.work_steal {
            true => pool(&o, &settled)?,
            false => drivers(&o, &settled)?,
        };
        Ok(Runtime {
            inner: Arc::new(ProcessLocal::new(workers)),
            config: Arc::new(settled),
        })
    }

    /// How many threads run its tasks.
    #[rnet(getter)]
    pub fn workers(&self) -> u32 {
        self.config.workers as u32
    }

    /// Whether its threads share tasks (one pool) or each runs its own clients'.
    #[rnet(getter)]
    pub fn work_steal(&self) -> bool {
        self.config.work_steal
    }

    /// The name of its threads.
    #[rnet(getter)]
    pub fn thread_name(&self) -> String {
        self.config.thread_name.clone()
    }

    #[rnet(python(name = "__repr__"), node(js_name = "toString"))]
    pub fn repr(&self) -> String {
        let c = &self.config;
        format!(
            "Runtime(workers={}, work_steal={}, thread_name={:?})",
            c.workers, c.work_steal, c.thread_name
        )
    }
}

fn configure(b: &mut Builder, o: &RuntimeConfig, name: &str) {
    b.enable_all().thread_name(name);
    if let Some(n) = o.max_blocking_threads {
        b.max_blocking_threads(n as usize);
    }
    if let Some(t) = &o.thread_keep_alive {
        b.thread_keep_alive(t.0);
    }
}

fn failed(e: std::io::Error) -> Error {
    Error::Builder(format!("the Runtime's threads could not start: {e}"))
}

/// Counts threads that have started, so the constructor returns once all of them run (and
/// carry their names).
#[derive(Clone, Default)]
struct Started(Arc<Count>);

#[derive(Default)]
struct Count {
    n: std::sync::Mutex<usize>,
    changed: std::sync::Condvar,
}

impl Started {
    fn one(&self) {
        *self.0.n.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.changed.notify_all();
    }

    fn wait(&self, want: usize) -> Result<()> {
        let n = self.0.n.lock().unwrap_or_else(|e| e.into_inner());
        let limit = std::time::Duration::from_secs(10);
        let (n, _) = (self.0.changed)
            .wait_timeout_while(n, limit, |n| *n < want)
            .unwrap_or_else(|e| e.into_inner());
        match *n >= want {
            true => Ok(()),
            false => Err(Error::Builder(format!(
                "the Runtime's threads did not start: {} of {want} within 10 s",
                *n
            ))),
        }
    }
}

fn pool(o: &RuntimeConfig, s: &Settled) -> Result<Workers> {
    let mut b = Builder::new_multi_thread();
    b.worker_threads(s.workers);
    configure(&mut b, o, &s.thread_name);
    // Blocking threads start this too, later; only the workers are waited for.
    let started = Started::default();
    let counter = started.clone();
    b.on_thread_start(move || counter.one());
    let rt = b.build().map_err(failed)?;
    started.wait(s.workers)?;
    Ok(Workers {
        handles: vec![rt.handle().clone()],
        next: AtomicUsize::new(0),
        _stop: Stop::Pool(Some(rt)),
    })
}

fn drivers(o: &RuntimeConfig, s: &Settled) -> Result<Workers> {
    let (mut handles, mut stops) = (Vec::new(), Vec::new());
    let started = Started::default();
    for _ in 0..s.workers {
        let mut b = Builder::new_current_thread();
        configure(&mut b, o, &s.thread_name);
        let rt = b.build().map_err(failed)?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        handles.push(rt.handle().clone());
        let up = started.clone();
        // The runtime is dropped on its own thread once the Runtime goes, never in a task.
        std::thread::Builder::new()
            .name(s.thread_name.clone())
            .spawn(move || {
                up.one();
                rt.block_on(async move { stopped.await.ok() })
            })
            .map_err(failed)?;
        stops.push(stop);
    }
    started.wait(s.workers)?;
    Ok(Workers {
        handles,
        next: AtomicUsize::new(0),
        _stop: Stop::Drivers { _senders: stops },
    })
}

/// One of a `Runtime`'s runtimes, fixed for the client that holds it; it keeps the whole
/// `Runtime` alive.
#[derive(Clone)]
pub(crate) struct Assigned {
    runtime: Runtime,
    index: usize,
}

impl std::fmt::Debug for Assigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} #{}", self.runtime.repr(), self.index)
    }
}

impl Runtime {
    /// The runtime a new client uses from now on.
    pub(crate) fn assign(&self) -> Assigned {
        let index = self.inner.get().map_or(0, |w| {
            w.next.fetch_add(1, Ordering::Relaxed) % w.handles.len()
        });
        Assigned {
            runtime: self.clone(),
            index,
        }
    }
}

impl Assigned {
    pub(crate) fn runtime(&self) -> Runtime {
        self.runtime.clone()
    }

    /// Runs `fut` to its end on this runtime, as the current caller (a hook it calls runs as
    /// the code that made the request). Dropping the returned future (a cancelled or
    /// abandoned call) aborts it there too.
    pub(crate) async fn run<T, F>(&self, fut: F) -> Result<T>
    where
        F: Future<Output = Result<T>> + Send + 'static,
        T: Send + 'static,
    {
        let Some(workers) = self.runtime.inner.get() else {
            return Err(Error::Builder(inherited("this Runtime")));
        };
        let fut = crate::convert::as_caller(crate::convert::caller(), fut);
        run_on(&workers.handles[self.index], fut).await
    }
}

/// Runs `fut` as a task on `handle` and waits for it. Dropping the returned future aborts
/// the task; a panic in it is raised again here, so the host reports it as any other panic.
pub(crate) async fn run_on<T, F>(handle: &Handle, fut: F) -> Result<T>
where
    F: Future<Output = Result<T>> + Send + 'static,
    T: Send + 'static,
{
    match AbortOnDropHandle::new(handle.spawn(fut)).await {
        Ok(out) => out,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(Error::Closed(format!(
            "the Runtime stopped the request: {e}"
        ))),
    }
}

/// The runtimes `rnet.blocking` waits on: `work_steal=False` with as many drivers as the shared
/// runtime has workers, each calling thread keeping one. A blocking call polls its future on
/// the caller's thread, so what runs here is the connections' I/O; on a current-thread driver
/// no worker parks and wakes another to steal, which cost a sequential caller one wake-up per
/// request on the shared runtime. Built on first use in each process (forks too).
pub fn blocking_handle() -> Result<&'static Handle> {
    static DRIVERS: PerGeneration<std::result::Result<Runtime, String>> = PerGeneration::new();
    let built = DRIVERS.get(
        || {
            Runtime::new(Some(RuntimeConfig {
                workers: crate::runtime::worker_threads()
                    .ok()
                    .flatten()
                    .map(|n| n as u32),
                work_steal: Some(false),
                thread_name: Some("rnet-blocking".into()),
                ..Default::default()
            }))
            .map_err(|e| e.to_string())
        },
        drop,
    );
    let workers = built
        .as_ref()
        .map_err(|e| Error::Builder(e.clone()))?
        .inner
        .get()
        .ok_or_else(|| Error::Builder(inherited("the blocking runtime")))?;
    thread_local! {
        static PICKED: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    }
    let index = PICKED.get().unwrap_or_else(|| {
        let i = workers.next.fetch_add(1, Ordering::Relaxed);
        PICKED.set(Some(i));
        i
    });
    Ok(&workers.handles[index % workers.handles.len()])
}
