//! Large bodies handed to JS as a Buffer over Rust memory, which the Buffer keeps alive until
//! V8 collects it. V8 counts an external Buffer's bytes as it counts its own ArrayBuffers
//! (`process.memoryUsage().external` grows by them; the node tests check it), so its GC weighs
//! them without `napi_adjust_external_memory`, which would count them twice.
//!
//! Why not a Buffer from V8: a fresh 200 KiB ArrayBuffer is fresh pages, zeroed and faulted in
//! per body, then unmapped by the GC; measured, that was a third of Node's CPU per request at
//! 200 KiB. Rust's allocator reuses the memory instead.

use super::JsValue;
use bytes::Bytes;
use napi::sys;
use std::ffi::c_void;

/// Below this a V8 copy is assumed cheaper than the finalizer a lent Buffer needs. Lending from
/// 1 KiB rather than 64 KiB measured 0.84× the CPU per request and 0.87× the peak RSS at
/// 20 KiB, and no loss at 1 KiB: a copy also leaves the response's cached body, which V8 does
/// not see, alive beside it until the GC collects the response.
pub const LEND_AT_LEAST: usize = 1 << 10;

/// A Buffer over `b`'s bytes, or `b` back when this runtime forbids external buffers.
///
/// The Buffer shares its memory with whatever else holds `b` (a response caches its body for
/// the next read), as `Buffer.subarray` shares with its parent; the API documents it as
/// read-only. Copying shared bytes into a fresh Rust allocation instead was measured: 4× the
/// CPU per request and 2.5× the RSS of lending at 200 KiB.
pub fn lend<'v>(env: sys::napi_env, b: Bytes) -> Result<JsValue<'v>, Bytes> {
    let owned = Box::new(b);
    let len = owned.len();
    let data = owned.as_ptr().cast_mut().cast::<c_void>();
    let owner = Box::into_raw(owned);
    let mut out = std::ptr::null_mut();
    // SAFETY: `data` is `len` bytes kept alive by `*owner`, which only `release` frees.
    let status = unsafe {
        sys::napi_create_external_buffer(env, len, data, Some(release), owner.cast(), &mut out)
    };
    if status != sys::Status::napi_ok {
        // SAFETY: napi did not take `owner`; it is still ours alone.
        return Err(*unsafe { Box::from_raw(owner) });
    }
    Ok(JsValue::new(env, out))
}

/// The Buffer was collected: drop its bytes.
unsafe extern "C" fn release(_env: sys::napi_env, _data: *mut c_void, owner: *mut c_void) {
    // SAFETY: `owner` is the box `lend` made, and napi calls this once.
    drop(unsafe { Box::from_raw(owner.cast::<Bytes>()) });
}
