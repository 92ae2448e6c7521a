//! Proxy rotation: a pool of proxies, one picked per request by a strategy, and a proxy that
//! fails to connect put aside for a cool-down while the request moves on to the next one.

use crate::{
    proxy::{Proxy, ProxyInput},
    types::TimeDelta,
    Error, Result,
};
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

/// How a `ProxyPool` picks the proxy for a request.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rotation {
    /// Each request takes the next proxy in turn.
    RoundRobin,
    /// Each request takes a proxy at random.
    Random,
    /// Every request to a host goes through the same proxy, until it fails.
    StickyPerHost,
}

/// Options for a `ProxyPool`.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct ProxyPoolConfig {
    /// How a proxy is picked (default `RoundRobin`).
    pub strategy: Option<Rotation>,
    /// How long a proxy that failed to connect is put aside (default 30 s; Python: seconds,
    /// JS: milliseconds).
    pub cooldown: Option<TimeDelta>,
}

/// Proxies to rotate through, given as `proxies=` (Node `proxies`). A request that cannot
/// connect through its proxy moves on to the next one, unless its body is a one-shot stream.
#[rnet::export]
#[derive(Debug, Clone)]
pub struct ProxyPool {
    inner: Arc<Pool>,
}

#[derive(Debug)]
struct Pool {
    proxies: Vec<Proxy>,
    rotation: Rotation,
    cooldown: Duration,
    next: AtomicUsize,
    table: Mutex<Table>,
}

#[derive(Debug, Default)]
struct Table {
    /// Proxy index -> when it may be used again.
    resting: HashMap<usize, Instant>,
    /// Host -> the proxy it sticks to.
    sticky: HashMap<String, usize>,
}

#[rnet::export]
impl ProxyPool {
    #[rnet(constructor)]
    pub fn new(proxies: Vec<ProxyInput>, opts: Option<ProxyPoolConfig>) -> Result<Self> {
        if proxies.is_empty() {
            return Err(Error::Builder(
                "a ProxyPool needs at least one proxy".into(),
            ));
        }
        let proxies = proxies
            .iter()
            .map(ProxyInput::proxy)
            .collect::<Result<_>>()?;
        let opts = opts.unwrap_or_default();
        Ok(ProxyPool {
            inner: Arc::new(Pool {
                proxies,
                rotation: opts.strategy.unwrap_or(Rotation::RoundRobin),
                cooldown: opts.cooldown.map_or(Duration::from_secs(30), |t| t.0),
                next: AtomicUsize::new(0),
                table: Mutex::default(),
            }),
        })
    }

    #[rnet(python(name = "__repr__"), node(js_name = "toString"))]
    pub fn repr(&self) -> String {
        let shown: Vec<String> = self.inner.proxies.iter().map(Proxy::describe).collect();
        format!(
            "ProxyPool([{}], {:?})",
            shown.join(", "),
            self.inner.rotation
        )
    }
}

impl ProxyPool {
    fn table(&self) -> std::sync::MutexGuard<'_, Table> {
        self.inner.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The proxies to try for a request to `host`, in order: the strategy's pick, then the
    /// others in turn; those resting after a failure go last, soonest back first.
    pub(crate) fn order(&self, host: &str) -> Vec<usize> {
        let n = self.inner.proxies.len();
        let turn = || self.inner.next.fetch_add(1, Ordering::Relaxed) % n;
        let mut table = self.table();
        let first = match self.inner.rotation {
            Rotation::RoundRobin => turn(),
            Rotation::Random => (crate::emulation::random_u64() % n as u64) as usize,
            Rotation::StickyPerHost => match table.sticky.get(host) {
                Some(&i) => i,
                None => turn(),
            },
        };
        let now = Instant::now();
        table.resting.retain(|_, until| *until > now);
        let mut order: Vec<usize> = (0..n).map(|k| (first + k) % n).collect();
        order.sort_by_key(|i| table.resting.get(i).copied());
        order
    }

    pub(crate) fn proxy(&self, i: usize) -> wreq::Proxy {
        self.inner.proxies[i].to_wreq()
    }

    /// Notes how a try through `i` to `host` went; true if the proxy could not connect.
    pub(crate) fn record<T>(&self, i: usize, host: &str, result: &Result<T>) -> bool {
        match result {
            Ok(_) => self.carried(i, host),
            Err(Error::ProxyConnection(_)) => {
                self.failed(i);
                return true;
            }
            Err(_) => {}
        }
        false
    }

    /// `i` carried a request to `host`: a sticky host keeps it.
    fn carried(&self, i: usize, host: &str) {
        if self.inner.rotation == Rotation::StickyPerHost {
            self.table().sticky.insert(host.to_string(), i);
        }
    }

    /// `i` could not connect: it rests, and the hosts stuck to it move on.
    fn failed(&self, i: usize) {
        let mut table = self.table();
        table
            .resting
            .insert(i, Instant::now() + self.inner.cooldown);
        table.sticky.retain(|_, p| *p != i);
    }
}

/// `proxies=`: proxies tried in order (the first that applies to a URL is used), or a
/// `ProxyPool` to rotate through.
#[rnet::export(union)]
#[derive(Debug, Clone)]
pub enum ProxiesInput {
    Pool(ProxyPool),
    List(Vec<ProxyInput>),
}
