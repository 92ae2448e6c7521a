//! Cancellation of in-flight work: `client.close()` cancels everything the client started,
//! and a Node `AbortSignal` cancels one request (or WebSocket connect) and its body reads.
//! A cancelled future is dropped, which closes its connection instead of pooling it.

use crate::{
    convert::{hint, Host, Lift},
    Error, Result,
};
use std::{
    future::Future,
    sync::{Arc, Mutex},
};
use tokio_util::sync::CancellationToken;

/// A cancellation signal for one request (Node: an `AbortSignal`; the host builds it).
#[rnet::export(input)]
#[derive(Clone, Default)]
pub struct Signal {
    pub token: CancellationToken,
    /// What the host keeps while the signal is in use: Node's listener on the caller's
    /// `AbortSignal`, removed once the work is done with it (see [`Cancel::release`]).
    pub link: Option<Link>,
}

/// A host's hold on the source of a signal; dropping the last clone lets go of it.
pub type Link = Arc<dyn std::any::Any + Send + Sync>;

impl std::fmt::Debug for Signal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signal")
            .field("cancelled", &self.token.is_cancelled())
            .finish()
    }
}

hint!(Signal, "None", "None", "AbortSignal");

impl<H: Host> Lift<H> for Signal {
    fn lift(v: &H::Value<'_>) -> std::result::Result<Self, H::Error> {
        H::abort_signal(v)
    }
}

/// What can cancel a piece of work: its client closing, and its own signal.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    pub client: CancellationToken,
    pub signal: Option<CancellationToken>,
    /// The signal's link, shared by every clone of this `Cancel` (a response and its
    /// streamer), until `release`.
    link: Option<Arc<Mutex<Option<Link>>>>,
}

impl Cancel {
    pub fn new(client: CancellationToken, signal: Option<&Signal>) -> Self {
        Cancel {
            client,
            signal: signal.map(|s| s.token.clone()),
            link: signal
                .and_then(|s| s.link.clone())
                .map(|l| Arc::new(Mutex::new(Some(l)))),
        }
    }

    /// The work no longer needs its signal (a body read to the end or closed, a handshake
    /// done): the host may let go of its source now rather than when the last clone drops.
    /// Aborting afterwards no longer reaches this work.
    pub fn release(&self) {
        if let Some(link) = &self.link {
            let taken = link.lock().unwrap_or_else(|e| e.into_inner()).take();
            drop(taken);
        }
    }

    /// Runs `fut` unless cancelled first; `what` names the work in the error (built only
    /// then: it formats a redacted URL, which would cost every request a parse).
    pub async fn run<T>(
        &self,
        what: impl Fn() -> String,
        fut: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        self.check(&what)?;
        let signal = async {
            match &self.signal {
                Some(s) => s.cancelled().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            biased;
            out = fut => out,
            _ = self.client.cancelled() => Err(closed(&what())),
            _ = signal => Err(aborted(&what())),
        }
    }

    /// Fails at once if already cancelled.
    pub fn check(&self, what: impl Fn() -> String) -> Result<()> {
        if self.client.is_cancelled() {
            return Err(closed(&what()));
        }
        if self.signal.as_ref().is_some_and(|s| s.is_cancelled()) {
            return Err(aborted(&what()));
        }
        Ok(())
    }
}

fn closed(what: &str) -> Error {
    Error::Closed(format!("{what}: the client was closed"))
}

fn aborted(what: &str) -> Error {
    Error::Aborted(format!("{what}: the operation was aborted"))
}
