//! The one Tokio runtime recipe. Python keeps it in a static; Node hands it to napi at module
//! init. Core code never builds a runtime of its own.

use std::sync::OnceLock;
use tokio::runtime::{Builder, Runtime};

/// Builds the multi-threaded runtime every host uses.
pub fn build() -> Runtime {
    Builder::new_multi_thread()
        .enable_all()
        .thread_name("rnet-worker")
        .build()
        .expect("failed to start the rnet Tokio runtime")
}

static SHARED: OnceLock<Runtime> = OnceLock::new();

/// The process-wide runtime for hosts (and tests) that do not own one.
pub fn shared() -> &'static Runtime {
    SHARED.get_or_init(build)
}
