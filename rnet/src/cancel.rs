//! Cancellation of in-flight work: `client.close()` cancels everything the client started,
//! and a Node `AbortSignal` cancels one request (or WebSocket connect) and its body reads.
//! A cancelled future is dropped, which closes its connection instead of pooling it.

use crate::{
    convert::{hint, Host, Lift},
    Error, Result,
};
use std::future::Future;
use tokio_util::sync::CancellationToken;

/// A cancellation signal for one request (Node: an `AbortSignal`; the host builds it).
#[rnet::export(input)]
#[derive(Debug, Clone, Default)]
pub struct Signal(pub CancellationToken);

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
}

impl Cancel {
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
