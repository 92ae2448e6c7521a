//! Hand-written host glue: the only place that names PyO3 or napi directly.

#[cfg(feature = "node")]
pub mod node;
#[cfg(feature = "python")]
pub mod python;

/// The hosts' Rust allocations go through mimalloc. A request allocates and frees on
/// different runtime threads, which glibc's allocator handles poorly (`_int_free`,
/// `malloc_consolidate` were a tenth of the runtime threads' time on the bench).
/// Python and Node keep their own allocators for their own objects.
#[cfg(any(feature = "python", feature = "node"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether a whole body is joined into one slice on the runtime, before it reaches the host.
/// Node lends one slice to JS (node/lend.rs), and joining on the JS thread measured 20–25%
/// slower at 200 KiB; Python copies the frames straight into its `bytes`, so joining first
/// would only add a copy.
pub const JOIN_BODIES: bool = cfg!(feature = "node");
