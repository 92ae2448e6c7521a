//! The host-independent half of the async bridges (`host/python/bridge.rs`,
//! `host/node/bridge.rs`): the inline first poll, running the rest as a runtime task,
//! catching a panic in either, so that every call ends with an outcome for the host to
//! deliver, and the batch that carries outcomes to the host's thread with one wake-up.

use std::{
    future::Future,
    panic::AssertUnwindSafe,
    pin::Pin,
    sync::{
        atomic::{AtomicBool, Ordering},
        Mutex,
    },
    task::{Context, Poll, Waker},
    thread,
};

/// How a call ended: its output, or the panic that ended it.
pub type Outcome<T> = thread::Result<T>;

/// Polls `fut` once on the calling thread (inside the runtime's context, which the caller
/// enters): work that is already done (a prefetched body, a cached value) resolves without a
/// trip through a runtime thread. `None`: not done yet. Callers skip it for `#[rnet(spawn)]`.
pub fn first_poll<F: Future + ?Sized>(fut: &mut Pin<Box<F>>) -> Option<Outcome<F::Output>> {
    let mut cx = Context::from_waker(Waker::noop());
    match std::panic::catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(&mut cx))) {
        Ok(Poll::Pending) => None,
        Ok(Poll::Ready(out)) => Some(Ok(out)),
        Err(payload) => Some(Err(payload)),
    }
}

/// The task that finishes `fut` and hands its outcome to `deliver` (which queues it for the
/// host's thread): a panic is delivered too, never lost with its task.
pub async fn finish<F, D>(fut: Pin<Box<F>>, deliver: D)
where
    F: Future + Send + ?Sized + 'static,
    D: FnOnce(Outcome<F::Output>) + Send + 'static,
{
    deliver(futures_util::FutureExt::catch_unwind(AssertUnwindSafe(fut)).await);
}

/// Work waiting for the host's thread, with at most one wake-up in flight: the first push
/// after a drain asks the caller to wake the host; later ones ride on that wake-up.
pub struct Batch<T> {
    items: Mutex<Vec<T>>,
    armed: AtomicBool,
}

impl<T> Default for Batch<T> {
    fn default() -> Self {
        Batch {
            items: Mutex::new(Vec::new()),
            armed: AtomicBool::new(false),
        }
    }
}

impl<T> Batch<T> {
    /// Queues `item`; `true` when the caller must wake the host's thread.
    pub fn push(&self, item: T) -> bool {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(item);
        !self.armed.swap(true, Ordering::AcqRel)
    }

    /// On the host's thread, woken: everything queued (a later push wakes it again).
    pub fn drain(&self) -> Vec<T> {
        self.armed.store(false, Ordering::Release);
        std::mem::take(&mut *self.items.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
