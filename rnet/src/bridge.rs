//! The host-independent half of the async bridges (`host/python/bridge.rs`,
//! `host/node/bridge.rs`): the inline first poll, running the rest as a runtime task, and
//! catching a panic in either, so that every call ends with an outcome for the host to deliver.

use std::{
    future::Future,
    panic::AssertUnwindSafe,
    pin::Pin,
    task::{Context, Poll, Waker},
    thread,
};

/// How a call ended: its output, or the panic that ended it.
pub type Outcome<T> = thread::Result<T>;

/// Polls `fut` once on the calling thread (inside the runtime's context, which the caller
/// enters): work that is already done (a prefetched body, a cached value) resolves without a
/// trip through a runtime thread. `None`: not done yet, or `inline` is off (`#[rnet(spawn)]`).
pub fn first_poll<F: Future>(fut: &mut Pin<Box<F>>, inline: bool) -> Option<Outcome<F::Output>> {
    if !inline {
        return None;
    }
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
    F: Future + Send + 'static,
    D: FnOnce(Outcome<F::Output>) + Send + 'static,
{
    deliver(futures_util::FutureExt::catch_unwind(AssertUnwindSafe(fut)).await);
}
