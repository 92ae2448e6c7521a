//! The one Tokio runtime recipe, and what happens to it across `fork()`. Python keeps the
//! runtime here; Node hands one to napi at module init. Core code never builds a runtime of
//! its own.
//!
//! A forked child inherits the parent's runtime as memory only: its threads are gone, and its
//! epoll instance is the *same kernel object* as the parent's. Registering or deregistering a
//! socket through it from the child changes the parent's interest list, and the parent's
//! workers then receive events for tokens that mean nothing to them (Tokio aborts on that).
//! So a child never touches anything it inherited: the runtime, and every value that holds
//! sockets registered with it ([`ProcessLocal`]), are leaked rather than used or dropped, and
//! the child builds its own runtime on first use.

use std::{
    mem::ManuallyDrop,
    ptr,
    sync::{
        atomic::{AtomicPtr, AtomicUsize, Ordering},
        Once,
    },
};
use tokio::runtime::{Builder, Runtime};

/// Builds the multi-threaded runtime every host uses, with `RNET_WORKER_THREADS` workers
/// (default: one per CPU). An invalid value falls back to the default here; the hosts raise
/// [`check_config`]'s error when the module loads, so it is never silently ignored.
pub fn build() -> Runtime {
    watch_forks();
    let mut builder = Builder::new_multi_thread();
    if let Ok(Some(n)) = worker_threads() {
        builder.worker_threads(n);
    }
    builder
        .enable_all()
        .thread_name("rnet-worker")
        .build()
        .expect("failed to start the rnet Tokio runtime")
}

/// The environment variable that sets how many threads run rnet's I/O. Fewer workers park
/// and wake less: one worker spends less CPU per request on sequential and large-body loads,
/// and gives up some throughput with many small requests in flight (docs/design.md has the
/// numbers).
pub const WORKER_THREADS: &str = "RNET_WORKER_THREADS";

/// `RNET_WORKER_THREADS`, if set: a whole number from 1 to 1024.
pub fn worker_threads() -> Result<Option<usize>, String> {
    let Some(raw) = std::env::var_os(WORKER_THREADS) else {
        return Ok(None);
    };
    raw.to_str()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (1..=1024).contains(n))
        .map(Some)
        .ok_or_else(|| {
            format!(
                "{WORKER_THREADS}={raw:?} is not a number of threads: set it to a whole number \
                 from 1 to 1024, or unset it for one worker per CPU"
            )
        })
}

/// The runtime settings' error, for the hosts to raise as the module loads.
pub fn check_config() -> Result<(), crate::Error> {
    worker_threads().map(|_| ()).map_err(crate::Error::Builder)
}

/// How many forks separate this process from the one that loaded rnet: bumped in the child by
/// a `pthread_atfork` handler, so a child never shares a number with its parent.
static GENERATION: AtomicUsize = AtomicUsize::new(0);

extern "C" fn after_fork_in_child() {
    // Async-signal-safe: one atomic add, nothing else.
    GENERATION.fetch_add(1, Ordering::SeqCst);
}

fn watch_forks() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: registers a handler that only touches an atomic.
        unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
    });
}

/// This process's generation (see [`GENERATION`]): one atomic load.
pub fn generation() -> usize {
    GENERATION.load(Ordering::Acquire)
}

/// A value built once per generation: the first use in a forked child builds its own, and
/// the inherited one is leaked (its threads are gone; dropping it would deregister the
/// parent's sockets from the epoll they share).
pub(crate) struct PerGeneration<T: Send + Sync + 'static> {
    current: AtomicPtr<(usize, T)>,
}

impl<T: Send + Sync> PerGeneration<T> {
    pub(crate) const fn new() -> Self {
        PerGeneration {
            current: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// This generation's value (one atomic load once built). `discard` takes a value that
    /// lost a race to be installed, which has run nothing.
    pub(crate) fn get(&'static self, build: fn() -> T, discard: fn(T)) -> &'static T {
        let now = generation();
        let current = self.current.load(Ordering::Acquire);
        // SAFETY: every pointer stored here comes from `Box::into_raw` and is never freed.
        if let Some((born, value)) = unsafe { current.as_ref() } {
            if *born == now {
                return value;
            }
        }
        let fresh = Box::into_raw(Box::new((now, build())));
        match (self.current).compare_exchange(current, fresh, Ordering::AcqRel, Ordering::Acquire) {
            // SAFETY: published, so never freed.
            Ok(_) => unsafe { &(*fresh).1 },
            Err(_) => {
                // SAFETY: `fresh` was never published.
                discard(unsafe { Box::from_raw(fresh) }.1);
                self.get(build, discard)
            }
        }
    }
}

/// The process-wide runtime for hosts (and tests) that do not own one. In a forked child the
/// first call builds a new one (new threads, new epoll); the inherited one is never polled.
pub fn shared() -> &'static Runtime {
    static SHARED: PerGeneration<Runtime> = PerGeneration::new();
    SHARED.get(build, Runtime::shutdown_background)
}

thread_local! {
    static BLOCKING_CALLER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `wait` marked as a host thread waiting for its own call (a Python blocking call): no
/// runtime's tasks run on this thread, so code inside may block it (see [`blocking_caller`]).
pub fn as_blocking_caller<R>(wait: impl FnOnce() -> R) -> R {
    /// Restores the mark even if `wait` unwinds.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            BLOCKING_CALLER.set(self.0);
        }
    }
    let _restore = Restore(BLOCKING_CALLER.replace(true));
    wait()
}

/// Whether this thread is inside [`as_blocking_caller`].
pub fn blocking_caller() -> bool {
    BLOCKING_CALLER.get()
}

/// A value that holds sockets registered with this process's runtime (a connection pool, a
/// response body, a WebSocket). In a forked child it is neither used nor dropped: using it
/// would share a connection with the parent, and dropping it would deregister the parent's
/// sockets from the epoll instance they share. It is leaked instead, which costs the child
/// some memory and descriptors and costs the parent nothing.
pub struct ProcessLocal<T> {
    generation: usize,
    value: ManuallyDrop<T>,
}

impl<T> ProcessLocal<T> {
    pub fn new(value: T) -> Self {
        ProcessLocal {
            generation: generation(),
            value: ManuallyDrop::new(value),
        }
    }

    /// The value, unless this process is a fork of the one that made it.
    pub fn get(&self) -> Option<&T> {
        (self.generation == generation()).then_some(&*self.value)
    }

    pub fn get_mut(&mut self) -> Option<&mut T> {
        (self.generation == generation()).then_some(&mut *self.value)
    }

    /// The value, unless this process is a fork of the one that made it (then it is leaked).
    pub fn into_inner(self) -> Option<T> {
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so the value is taken at most once.
        (this.generation == generation()).then(|| unsafe { ManuallyDrop::take(&mut this.value) })
    }
}

impl<T> std::fmt::Debug for ProcessLocal<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProcessLocal(generation {})", self.generation)
    }
}

impl<T> Drop for ProcessLocal<T> {
    fn drop(&mut self) {
        if self.generation == generation() {
            // SAFETY: dropped once, here; `value` is not used afterwards.
            unsafe { ManuallyDrop::drop(&mut self.value) }
        }
    }
}

/// The message for a value a forked child inherited and cannot use.
pub fn inherited(what: &str) -> String {
    format!(
        "{what} belongs to the parent process: it was made before os.fork(), and its \
         connection is the parent's; finish it before forking, or make it again in the child"
    )
}
