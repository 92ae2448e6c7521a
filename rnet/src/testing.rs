//! The hidden, test-only panic trigger behind the tests that prove no panic crosses into a
//! host (python/tests/test_panic.py, node/__test__/panic.test.mjs). It is inert unless the
//! process started with `RNET_TEST_PANIC=1`, and then fires only for the marker below.

use std::sync::OnceLock;

/// The host name (in a request URL) or user agent (of a new client) that panics.
pub const MARKER: &str = "panic.rnet.test";

/// Panics if the trigger is armed and `value` is the marker.
pub(crate) fn maybe_panic(value: Option<&str>) {
    static ARMED: OnceLock<bool> = OnceLock::new();
    let armed = *ARMED.get_or_init(|| std::env::var("RNET_TEST_PANIC").as_deref() == Ok("1"));
    if armed && value == Some(MARKER) {
        panic!("test-only panic for {MARKER} (RNET_TEST_PANIC=1)");
    }
}
