//! How an async method's result reaches JavaScript. The method returns a Promise at once and
//! runs its work as a Tokio task; the finished task queues its result and, unless a wake-up
//! is already on its way, calls one threadsafe function per environment. On the JS thread
//! that call settles every queued Promise. napi-rs's own bridge creates a threadsafe function
//! (and a cleanup hook) per Promise and wakes the loop once per result; here both happen once.
//! Work that is already done on its first poll (a prefetched body) settles the Promise at once.

use super::to_js_error;
use crate::{
    __private::ExportedError,
    bridge::{self, Outcome},
    Error,
};
use napi::{
    bindgen_prelude::{PromiseRaw, ToNapiValue},
    sys, Env,
};
use std::{
    cell::RefCell,
    ffi::c_void,
    future::Future,
    pin::Pin,
    ptr,
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc, Mutex,
    },
};

type Settled = Result<sys::napi_value, napi::Error>;
type Deliver = Box<dyn FnOnce(sys::napi_env) -> Settled + Send>;
/// Work for the JS thread that settles no Promise (releasing a JS reference).
type Job = Box<dyn FnOnce(sys::napi_env) + Send>;

/// A Promise's resolver. Only the JS thread uses it; worker threads just carry it.
struct Deferred(sys::napi_deferred);
unsafe impl Send for Deferred {}

struct Queue {
    items: Vec<(Deferred, Deliver)>,
    jobs: Vec<Job>,
    /// Null once the environment is torn down; results arriving later are dropped.
    tsfn: sys::napi_threadsafe_function,
}
unsafe impl Send for Queue {}

struct Shared {
    queue: Mutex<Queue>,
    /// A wake-up is in flight: later results ride on it.
    armed: AtomicBool,
    /// Promises not yet settled (JS thread only). While any are, the threadsafe function is
    /// ref'd and keeps the event loop alive; idle, it does not hold the process open.
    pending: AtomicUsize,
}

impl Shared {
    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// From a runtime thread: queue one result and wake the JS thread if nobody has yet.
    fn push(&self, deferred: Deferred, deliver: Deliver) {
        let mut q = self.queue();
        if q.tsfn.is_null() {
            return;
        }
        q.items.push((deferred, deliver));
        self.wake(&q);
    }

    /// From any thread: run `job` on the JS thread (dropped if the environment is gone).
    fn run(&self, job: Job) {
        let mut q = self.queue();
        if q.tsfn.is_null() {
            return;
        }
        q.jobs.push(job);
        self.wake(&q);
    }

    fn wake(&self, q: &Queue) {
        if !self.armed.swap(true, Ordering::AcqRel) {
            // Non-blocking, on an unbounded queue: it only fails while closing.
            unsafe {
                sys::napi_call_threadsafe_function(
                    q.tsfn,
                    ptr::null_mut(),
                    sys::ThreadsafeFunctionCallMode::nonblocking,
                )
            };
        }
    }

    /// On the JS thread: one more Promise waits for a result.
    fn add_pending(&self, env: sys::napi_env) {
        if self.pending.fetch_add(1, Ordering::Relaxed) == 0 {
            unsafe { sys::napi_ref_threadsafe_function(env, self.queue().tsfn) };
        }
    }
}

thread_local! {
    /// The bridge of each environment living on this thread (one, unless the addon is
    /// loaded into several contexts).
    static BRIDGES: RefCell<Vec<(usize, Arc<Shared>)>> = const { RefCell::new(Vec::new()) };
}

fn bridge_for(env: sys::napi_env) -> napi::Result<Arc<Shared>> {
    let key = env as usize;
    if let Some(b) = BRIDGES.with_borrow(|v| v.iter().find(|(k, _)| *k == key).cloned()) {
        return Ok(b.1);
    }
    let shared = Arc::new(Shared {
        queue: Mutex::new(Queue {
            items: Vec::new(),
            jobs: Vec::new(),
            tsfn: ptr::null_mut(),
        }),
        armed: AtomicBool::new(false),
        pending: AtomicUsize::new(0),
    });
    let context = Arc::into_raw(shared.clone()) as *mut c_void;
    let mut name = ptr::null_mut();
    let mut tsfn = ptr::null_mut();
    unsafe {
        check(sys::napi_create_string_utf8(
            env,
            c"rnet".as_ptr(),
            4,
            &mut name,
        ))?;
        let created = check(sys::napi_create_threadsafe_function(
            env,
            ptr::null_mut(),
            ptr::null_mut(),
            name,
            0,
            1,
            context,
            Some(finalize),
            context,
            Some(drain),
            &mut tsfn,
        ));
        if let Err(e) = created {
            drop(Arc::from_raw(context as *const Shared));
            return Err(e);
        }
        check(sys::napi_unref_threadsafe_function(env, tsfn))?;
        // Registered after the threadsafe function, so it runs first at teardown (hooks run
        // in reverse): runtime threads stop calling it before Node frees it.
        check(sys::napi_add_env_cleanup_hook(env, Some(teardown), context))?;
    }
    shared.queue().tsfn = tsfn;
    BRIDGES.with_borrow_mut(|v| v.push((key, shared.clone())));
    Ok(shared)
}

fn check(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(
            napi::Status::from(status),
            "could not set up rnet's promise bridge",
        ))
    }
}

unsafe extern "C" fn teardown(context: *mut c_void) {
    let shared = &*(context as *const Shared);
    let mut q = shared.queue();
    q.tsfn = ptr::null_mut();
    // Dropped unlocked: a result may hold a `JsRef`, whose drop queues its release (a no-op
    // now). Jobs only release references, which the teardown frees anyway.
    let items = std::mem::take(&mut q.items);
    let jobs = std::mem::take(&mut q.jobs);
    drop(q);
    drop(items);
    std::mem::forget(jobs);
    BRIDGES.with_borrow_mut(|v| v.retain(|(_, b)| !ptr::eq(Arc::as_ptr(b), shared)));
}

unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    drop(Arc::from_raw(data as *const Shared));
}

/// On the JS thread: settle every queued Promise.
unsafe extern "C" fn drain(
    env: sys::napi_env,
    _js_callback: sys::napi_value,
    context: *mut c_void,
    _data: *mut c_void,
) {
    if env.is_null() {
        return;
    }
    let shared = &*(context as *const Shared);
    shared.armed.store(false, Ordering::Release);
    let (items, jobs, tsfn) = {
        let mut q = shared.queue();
        (
            std::mem::take(&mut q.items),
            std::mem::take(&mut q.jobs),
            q.tsfn,
        )
    };
    for job in jobs {
        job(env);
    }
    let n = items.len();
    for (deferred, deliver) in items {
        settle(env, deferred, deliver(env));
    }
    if n > 0 && shared.pending.fetch_sub(n, Ordering::Relaxed) == n && !tsfn.is_null() {
        sys::napi_unref_threadsafe_function(env, tsfn);
    }
}

fn settle(env: sys::napi_env, deferred: Deferred, value: Settled) {
    unsafe {
        match value {
            Ok(v) => sys::napi_resolve_deferred(env, deferred.0, v),
            Err(e) => {
                sys::napi_reject_deferred(env, deferred.0, napi::JsError::from(e).into_value(env))
            }
        };
    }
}

/// The JS value of a finished call: its result, or its coded error.
fn deliver<T, E>(env: sys::napi_env, out: Outcome<Result<T, E>>) -> Settled
where
    T: ToNapiValue,
    E: ExportedError + 'static,
{
    let env_ref = Env::from_raw(env);
    match out {
        Ok(Ok(v)) => unsafe { T::to_napi_value(env, v) },
        Ok(Err(e)) => Err(to_js_error(&env_ref, e)),
        Err(payload) => Err(to_js_error(&env_ref, Error::from_panic(payload))),
    }
}

/// A JS value kept alive from Rust: dropped on any thread, released on the JS thread.
pub(crate) struct JsRef {
    raw: sys::napi_ref,
    bridge: Arc<Shared>,
}
unsafe impl Send for JsRef {}
unsafe impl Sync for JsRef {}

impl JsRef {
    /// On the JS thread.
    pub fn new(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let bridge = bridge_for(env)?;
        let mut raw = ptr::null_mut();
        check(unsafe { sys::napi_create_reference(env, value, 1, &mut raw) })?;
        Ok(JsRef { raw, bridge })
    }

    /// The value, on the JS thread.
    pub fn get(&self, env: sys::napi_env) -> napi::Result<sys::napi_value> {
        let mut value = ptr::null_mut();
        check(unsafe { sys::napi_get_reference_value(env, self.raw, &mut value) })?;
        Ok(value)
    }

    /// Runs `f` on the JS thread with this value, then releases it.
    pub fn then(self, f: impl FnOnce(sys::napi_env, sys::napi_value) + Send + 'static) {
        let bridge = self.bridge.clone();
        bridge.run(Box::new(move |env| {
            if let Ok(v) = self.get(env) {
                f(env, v);
            }
        }));
    }
}

impl Drop for JsRef {
    fn drop(&mut self) {
        let raw = Refd(self.raw);
        self.bridge.run(Box::new(move |env| {
            let raw = raw;
            unsafe { sys::napi_delete_reference(env, raw.0) };
        }));
    }
}

/// A reference on its way to the JS thread, to be deleted there.
struct Refd(sys::napi_ref);
unsafe impl Send for Refd {}

/// A Promise already rejected with `e` (an async call's bad argument).
pub fn rejected<'env, T>(env: &'env Env, e: napi::Error) -> napi::Result<PromiseRaw<'env, T>> {
    let raw_env = env.raw();
    let (mut deferred, mut value) = (ptr::null_mut(), ptr::null_mut());
    check(unsafe { sys::napi_create_promise(raw_env, &mut deferred, &mut value) })?;
    settle(raw_env, Deferred(deferred), Err(e));
    Ok(PromiseRaw::new(raw_env, value))
}

/// Runs `fut` on the runtime and returns a Promise of its result. A panic rejects it with
/// ERR_RNET_PANIC (it would otherwise be lost with its task, leaving the Promise pending).
/// `inline`: poll it once on the JS thread first (false for `#[rnet(spawn)]` calls).
pub fn promise<'env, T, E, F>(
    env: &'env Env,
    fut: F,
    inline: bool,
) -> napi::Result<PromiseRaw<'env, T>>
where
    T: ToNapiValue + Send + 'static,
    E: ExportedError + Send + 'static,
    F: Future<Output = Result<T, E>> + Send + 'static,
{
    let raw_env = env.raw();
    let mut fut: Pin<Box<F>> = Box::pin(fut);
    let (mut deferred, mut value) = (ptr::null_mut(), ptr::null_mut());
    check(unsafe { sys::napi_create_promise(raw_env, &mut deferred, &mut value) })?;
    let deferred = Deferred(deferred);
    let first =
        napi::bindgen_prelude::within_runtime_if_available(|| bridge::first_poll(&mut fut, inline));
    if let Some(out) = first {
        settle(raw_env, deferred, deliver(raw_env, out));
        return Ok(PromiseRaw::new(raw_env, value));
    }
    let bridge = bridge_for(raw_env)?;
    bridge.add_pending(raw_env);
    napi::bindgen_prelude::spawn(bridge::finish(fut, move |out| {
        bridge.push(deferred, Box::new(move |env| deliver(env, out)));
    }));
    Ok(PromiseRaw::new(raw_env, value))
}
