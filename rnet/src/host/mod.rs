//! Hand-written host glue: the only place that names PyO3 or napi directly.

#[cfg(feature = "node")]
pub mod node;
#[cfg(feature = "node")]
mod node_body;
#[cfg(feature = "node")]
mod node_bridge;
#[cfg(feature = "node")]
mod node_signal;
#[cfg(feature = "python")]
pub mod python;
#[cfg(feature = "python")]
mod python_blocking;
#[cfg(feature = "python")]
mod python_body;
#[cfg(feature = "python")]
mod python_bridge;
