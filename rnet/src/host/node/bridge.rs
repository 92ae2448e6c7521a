//! How an async method's result reaches JavaScript. The method returns a Promise at once and
//! runs its work as a Tokio task; the finished task queues its result and, unless a wake-up
//! is already on its way, calls one threadsafe function per environment. On the JS thread
//! that call settles every queued Promise. napi-rs's own bridge creates a threadsafe function
//! (and a cleanup hook) per Promise and wakes the loop once per result; here both happen once.
//! Work that is already done on its first poll (a prefetched body) settles the Promise at once.
//! The same queue releases JS values held from Rust (`JsRef`) on the JS thread.

use super::to_js_error;
use crate::{
    __private::ExportedError,
    bridge::{self, Batch, Outcome},
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
    ptr,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex, MutexGuard,
    },
};

type Settled = Result<sys::napi_value, napi::Error>;
/// Work for the JS thread: settling a Promise, releasing a reference.
type Job = Box<dyn FnOnce(sys::napi_env) + Send>;

/// A napi handle (a Promise's resolver, a reference) that only the JS thread uses; worker
/// threads just carry it.
struct Handle<T>(T);
unsafe impl<T> Send for Handle<T> {}

impl<T: Copy> Handle<T> {
    fn get(&self) -> T {
        self.0
    }
}

type Deferred = Handle<sys::napi_deferred>;

/// The environment's threadsafe function: null once the environment is torn down, after
/// which work is dropped. Locked while called, so teardown cannot free it mid-call.
struct Tsfn(sys::napi_threadsafe_function);
unsafe impl Send for Tsfn {}

struct Shared {
    tsfn: Mutex<Tsfn>,
    jobs: Batch<Job>,
    /// Promises not yet settled (JS thread only). While any are, the threadsafe function is
    /// ref'd and keeps the event loop alive; idle, it does not hold the process open.
    pending: AtomicUsize,
}

impl Shared {
    fn tsfn(&self) -> MutexGuard<'_, Tsfn> {
        self.tsfn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// From any thread: run `job` on the JS thread.
    fn run(&self, job: Job) {
        let tsfn = self.tsfn();
        if tsfn.0.is_null() {
            // Unlocked first: dropping the job may release a `JsRef`, which comes back here.
            drop(tsfn);
            drop(job);
        } else if self.jobs.push(job) {
            // Non-blocking, on an unbounded queue: it only fails while closing.
            let nonblocking = sys::ThreadsafeFunctionCallMode::nonblocking;
            unsafe { sys::napi_call_threadsafe_function(tsfn.0, ptr::null_mut(), nonblocking) };
        }
    }

    /// On the JS thread: a Promise starts (`+1`) or ends (`-1`) waiting for a result.
    fn pending(&self, env: sys::napi_env, starts: bool) {
        let tsfn = self.tsfn().0;
        if starts && self.pending.fetch_add(1, Ordering::Relaxed) == 0 {
            unsafe { sys::napi_ref_threadsafe_function(env, tsfn) };
        } else if !starts && self.pending.fetch_sub(1, Ordering::Relaxed) == 1 && !tsfn.is_null() {
            unsafe { sys::napi_unref_threadsafe_function(env, tsfn) };
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
        tsfn: Mutex::new(Tsfn(ptr::null_mut())),
        jobs: Batch::default(),
        pending: AtomicUsize::new(0),
    });
    let context = Arc::into_raw(shared.clone()) as *mut c_void;
    let name = resource_name(env)?;
    let mut tsfn = ptr::null_mut();
    unsafe {
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
    shared.tsfn().0 = tsfn;
    BRIDGES.with_borrow_mut(|v| v.push((key, shared.clone())));
    Ok(shared)
}

/// The name async_hooks see for rnet's work (the bridge's wake-ups, a hook's call).
fn resource_name(env: sys::napi_env) -> napi::Result<sys::napi_value> {
    let mut name = ptr::null_mut();
    check(unsafe { sys::napi_create_string_utf8(env, c"rnet".as_ptr(), 4, &mut name) })?;
    Ok(name)
}

fn check(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        return Ok(());
    }
    let msg = "could not set up rnet's promise bridge";
    Err(napi::Error::new(napi::Status::from(status), msg))
}

unsafe extern "C" fn teardown(context: *mut c_void) {
    let shared = &*(context as *const Shared);
    shared.tsfn().0 = ptr::null_mut();
    // Unsettled Promises and unreleased references go with the environment.
    drop(shared.jobs.drain());
    BRIDGES.with_borrow_mut(|v| v.retain(|(_, b)| !ptr::eq(Arc::as_ptr(b), shared)));
}

unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    drop(Arc::from_raw(data as *const Shared));
}

/// On the JS thread: settle every queued Promise, release every queued reference.
unsafe extern "C" fn drain(
    env: sys::napi_env,
    _: sys::napi_value,
    context: *mut c_void,
    _: *mut c_void,
) {
    if env.is_null() {
        return;
    }
    for job in (*(context as *const Shared)).jobs.drain() {
        job(env);
    }
}

fn settle(env: sys::napi_env, deferred: Deferred, value: Settled) {
    unsafe {
        match value {
            Ok(v) => sys::napi_resolve_deferred(env, deferred.get(), v),
            Err(e) => sys::napi_reject_deferred(
                env,
                deferred.get(),
                napi::JsError::from(e).into_value(env),
            ),
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

/// A JS value kept alive from Rust: dropped on any thread, released on the JS thread. A
/// primitive (`throw 'oops'`) is held in a wrapper object: Node-API 8 references only objects.
pub(crate) struct JsRef {
    raw: sys::napi_ref,
    bridge: Arc<Shared>,
    wrapped: bool,
}
unsafe impl Send for JsRef {}
unsafe impl Sync for JsRef {}

const WRAPPED: &std::ffi::CStr = c"value";

impl JsRef {
    /// On the JS thread.
    pub fn new(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let bridge = bridge_for(env)?;
        let mut kind = 0;
        check(unsafe { sys::napi_typeof(env, value, &mut kind) })?;
        let wrapped = !matches!(
            kind,
            sys::ValueType::napi_object | sys::ValueType::napi_function
        );
        let mut held = value;
        if wrapped {
            check(unsafe { sys::napi_create_object(env, &mut held) })?;
            check(unsafe { sys::napi_set_named_property(env, held, WRAPPED.as_ptr(), value) })?;
        }
        let mut raw = ptr::null_mut();
        check(unsafe { sys::napi_create_reference(env, held, 1, &mut raw) })?;
        Ok(JsRef {
            raw,
            bridge,
            wrapped,
        })
    }

    /// The value, on the JS thread.
    pub fn get(&self, env: sys::napi_env) -> napi::Result<sys::napi_value> {
        let mut value = ptr::null_mut();
        check(unsafe { sys::napi_get_reference_value(env, self.raw, &mut value) })?;
        if self.wrapped {
            let holder = value;
            check(unsafe {
                sys::napi_get_named_property(env, holder, WRAPPED.as_ptr(), &mut value)
            })?;
        }
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

    /// Runs `f` on the JS thread with this value, which stays held. Dropped unrun (and so
    /// everything `f` owns) if the environment is torn down first.
    pub fn with(self: &Arc<Self>, f: impl FnOnce(sys::napi_env, sys::napi_value) + Send + 'static) {
        let held = self.clone();
        self.bridge.run(Box::new(move |env| {
            if let Ok(v) = held.get(env) {
                f(env, v);
            }
        }));
    }
}

impl Drop for JsRef {
    fn drop(&mut self) {
        let raw = Handle(self.raw);
        self.bridge.run(Box::new(move |env| unsafe {
            sys::napi_delete_reference(env, raw.get());
        }));
    }
}

/// The async context of a JS call (`napi_async_init`, made during it): a callback made in it
/// later (`napi_make_callback`) runs as part of that call, and sees its `AsyncLocalStorage`
/// stores. Dropped on any thread, destroyed on the JS thread.
pub(crate) struct AsyncScope {
    raw: Handle<sys::napi_async_context>,
    bridge: Arc<Shared>,
}
// Only the JS thread uses the handle; other threads hold and drop it.
unsafe impl Sync for AsyncScope {}

impl AsyncScope {
    /// On the JS thread, during the call whose context it keeps.
    pub fn new(env: sys::napi_env) -> napi::Result<Self> {
        let bridge = bridge_for(env)?;
        let mut raw = ptr::null_mut();
        check(unsafe {
            sys::napi_async_init(env, ptr::null_mut(), resource_name(env)?, &mut raw)
        })?;
        Ok(AsyncScope {
            raw: Handle(raw),
            bridge,
        })
    }

    /// Calls `func(arg)` in this context, on the JS thread. Needs a receiver object: the
    /// global one, as a sloppy-mode call without a receiver would get.
    pub fn call(
        &self,
        env: sys::napi_env,
        func: sys::napi_value,
        arg: sys::napi_value,
        ret: &mut sys::napi_value,
    ) -> sys::napi_status {
        let mut global = ptr::null_mut();
        unsafe {
            sys::napi_get_global(env, &mut global);
            sys::napi_make_callback(env, self.raw.get(), global, func, 1, &arg, ret)
        }
    }
}

impl Drop for AsyncScope {
    fn drop(&mut self) {
        let raw = Handle(self.raw.get());
        let destroy = move |env| unsafe {
            sys::napi_async_destroy(env, raw.get());
        };
        // On its JS thread (work done in its first poll, a hook's job) at once: a job would
        // cost the event loop a wake-up of its own.
        let here = BRIDGES.with_borrow(|v| {
            v.iter()
                .find(|(_, b)| Arc::ptr_eq(b, &self.bridge))
                .map(|(env, _)| *env as sys::napi_env)
        });
        match here {
            Some(env) if !self.bridge.tsfn().0.is_null() => destroy(env),
            _ => self.bridge.run(Box::new(destroy)),
        }
    }
}

/// A Promise, and its resolver.
fn new_promise(env: sys::napi_env) -> napi::Result<(Deferred, sys::napi_value)> {
    let (mut deferred, mut value) = (ptr::null_mut(), ptr::null_mut());
    check(unsafe { sys::napi_create_promise(env, &mut deferred, &mut value) })?;
    Ok((Handle(deferred), value))
}

/// A Promise already rejected with `e` (an async call's bad argument).
pub fn rejected<'env, T>(env: &'env Env, e: napi::Error) -> napi::Result<PromiseRaw<'env, T>> {
    let (deferred, value) = new_promise(env.raw())?;
    settle(env.raw(), deferred, Err(e));
    Ok(PromiseRaw::new(env.raw(), value))
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
    let mut fut = Box::pin(super::function::as_caller(raw_env, fut));
    let (deferred, value) = new_promise(raw_env)?;
    let first = inline
        .then(|| {
            napi::bindgen_prelude::within_runtime_if_available(|| bridge::first_poll(&mut fut))
        })
        .flatten();
    if let Some(out) = first {
        settle(raw_env, deferred, deliver(raw_env, out));
        return Ok(PromiseRaw::new(raw_env, value));
    }
    let shared = bridge_for(raw_env)?;
    shared.pending(raw_env, true);
    napi::bindgen_prelude::spawn(bridge::finish(fut, move |out| {
        let done = shared.clone();
        shared.run(Box::new(move |env| {
            settle(env, deferred, deliver(env, out));
            done.pending(env, false);
        }));
    }));
    Ok(PromiseRaw::new(raw_env, value))
}
