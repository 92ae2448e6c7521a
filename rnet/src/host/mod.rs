//! Hand-written host glue: the only place that names PyO3 or napi directly.

#[cfg(feature = "node")]
pub mod node;
#[cfg(feature = "python")]
pub mod python;
