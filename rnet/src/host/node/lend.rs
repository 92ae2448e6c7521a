//! Large bodies handed to JS as a Buffer over Rust memory, which the Buffer keeps alive until
//! V8 collects it.
//!
//! V8 counts an external Buffer's bytes in `process.memoryUsage().external`, but for memory
//! it does not allocate itself it starts a GC only each time that count grows by about 64 MB
//! (the young GC that JS allocation starts collects small bodies sooner). So `lend` also
//! reports the bytes as external memory (`napi_adjust_external_memory`), which starts one
//! after about 32 MB of them: the garbage held between GCs is halved. Measured at
//! 200 KiB × 100 connections: peak RSS 274 → 253 MB over HTTP/1.1 and 187 → 155 MB over
//! HTTP/2, CPU per request unchanged, and fewer runs that spend half their time faulting in
//! fresh pages (docs/design.md, Allocator).
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
    pressure(env, len as i64);
    Ok(JsValue::new(env, out))
}

/// The Buffer was collected: drop its bytes.
unsafe extern "C" fn release(env: sys::napi_env, _data: *mut c_void, owner: *mut c_void) {
    // SAFETY: `owner` is the box `lend` made, and napi calls this once.
    let owned = unsafe { Box::from_raw(owner.cast::<Bytes>()) };
    pressure(env, -(owned.len() as i64));
}

/// Moves V8's external memory count by `delta` bytes (see the module comment). It fails only
/// for a bad `env`, and then there is nothing to correct.
fn pressure(env: sys::napi_env, delta: i64) {
    let mut total = 0;
    // SAFETY: `env` is the live env napi passed in; `total` is a valid out-pointer.
    unsafe { sys::napi_adjust_external_memory(env, delta, &mut total) };
}
