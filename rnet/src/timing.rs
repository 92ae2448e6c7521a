//! Where a request's time went (`Response.timings`), and a per-request connect timeout. wreq
//! has neither, so both ride on a task-local set around each request: a connector layer and a
//! resolver wrapper find it there, because wreq connects inside the request's own future (or a
//! future spawned from it, which the layer scopes again).

use crate::types::TimeDelta;
use std::{
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll},
    time::{Duration, Instant},
};

tokio::task_local! {
    static CURRENT: Arc<Phases>;
}

/// What one request records as it goes.
#[derive(Debug)]
pub struct Phases {
    start: Instant,
    /// A per-request connect timeout, for the connector layer.
    connect_timeout: Option<Duration>,
    marks: Mutex<Marks>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Marks {
    dns: Option<Duration>,
    connect: Option<Duration>,
    first_byte: Option<Duration>,
    total: Option<Duration>,
}

impl Phases {
    pub fn new(connect_timeout: Option<Duration>) -> Arc<Self> {
        Arc::new(Phases {
            start: Instant::now(),
            connect_timeout,
            marks: Mutex::default(),
        })
    }

    fn marks(&self) -> std::sync::MutexGuard<'_, Marks> {
        self.marks.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `fut` (the request) with these phases as the task's own.
    pub fn scope<F: Future>(self: &Arc<Self>, fut: F) -> impl Future<Output = F::Output> {
        CURRENT.scope(self.clone(), fut)
    }

    /// The response head arrived.
    pub fn first_byte(&self) {
        self.marks().first_byte = Some(self.start.elapsed());
    }

    /// The body was read to its end.
    pub fn done(&self) {
        let mut m = self.marks();
        if m.total.is_none() {
            m.total = Some(self.start.elapsed());
        }
    }

    pub fn timings(&self) -> Timings {
        Timings(*self.marks())
    }
}

/// Where a request's time went. `dns` and `connect` are None when the request reused a pooled
/// connection (or DNS was skipped: an IP address or an override); `connect` covers TCP, any
/// proxy handshake and TLS.
#[rnet::export]
#[derive(Debug, Clone, Copy)]
pub struct Timings(Marks);

#[rnet::export]
impl Timings {
    /// Resolving the host name.
    #[rnet(getter)]
    pub fn dns(&self) -> Option<TimeDelta> {
        self.0.dns.map(TimeDelta)
    }

    /// Opening the connection: DNS, TCP, any proxy handshake and TLS.
    #[rnet(getter)]
    pub fn connect(&self) -> Option<TimeDelta> {
        self.0.connect.map(TimeDelta)
    }

    /// From the start of the request to its response head (the last try's, with retries).
    #[rnet(getter)]
    pub fn first_byte(&self) -> Option<TimeDelta> {
        self.0.first_byte.map(TimeDelta)
    }

    /// From the start of the request to the end of its body; None until the body is read.
    #[rnet(getter)]
    pub fn total(&self) -> Option<TimeDelta> {
        self.0.total.map(TimeDelta)
    }

    #[rnet(python(name = "__repr__"), node(js_name = "toString"))]
    pub fn repr(&self) -> String {
        let ms = |d: Option<Duration>| {
            d.map_or("None".into(), |d| format!("{:.3}ms", d.as_secs_f64() * 1e3))
        };
        format!(
            "Timings(dns={}, connect={}, first_byte={}, total={})",
            ms(self.0.dns),
            ms(self.0.connect),
            ms(self.0.first_byte),
            ms(self.0.total)
        )
    }
}

/// The connector layer: times each connection and applies the connect timeout, the request's
/// or else the client's (held here).
#[derive(Clone, Copy, Default)]
pub struct ConnectLayer(pub Option<Duration>);

impl<S> tower_layer::Layer<S> for ConnectLayer {
    type Service = Connect<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Connect(inner, self.0)
    }
}

#[derive(Clone)]
pub struct Connect<S>(S, Option<Duration>);

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl<S, R> tower_service::Service<R> for Connect<S>
where
    S: tower_service::Service<R, Error = BoxError>,
    S::Future: Send + 'static,
    S::Response: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        let connecting = self.0.call(req);
        let phases = CURRENT.try_with(Arc::clone).ok();
        let limit = phases.as_ref().and_then(|p| p.connect_timeout).or(self.1);
        let timed = async move {
            let started = Instant::now();
            let conn =
                match limit {
                    Some(limit) => tokio::time::timeout(limit, connecting).await.map_err(
                        |_| -> BoxError {
                            Box::new(std::io::Error::new(
                                std::io::ErrorKind::TimedOut,
                                format!("connect timed out after {limit:?}"),
                            ))
                        },
                    )??,
                    None => connecting.await?,
                };
            Ok::<_, BoxError>((started.elapsed(), conn))
        };
        match phases {
            // Scoped again: wreq may finish a connection in a task of its own.
            Some(p) => Box::pin(CURRENT.scope(p.clone(), async move {
                let (took, conn) = timed.await?;
                p.marks().connect = Some(took);
                Ok(conn)
            })),
            None => Box::pin(async move { Ok(timed.await?.1) }),
        }
    }
}

/// A resolver that records how long the request's lookup took.
pub struct TimedResolver<R>(pub R);

impl<R: wreq::dns::Resolve> wreq::dns::Resolve for TimedResolver<R> {
    fn resolve(&self, name: wreq::dns::Name) -> wreq::dns::Resolving {
        let lookup = self.0.resolve(name);
        let Ok(phases) = CURRENT.try_with(Arc::clone) else {
            return lookup;
        };
        Box::pin(async move {
            let started = Instant::now();
            let out = lookup.await;
            phases.marks().dns = Some(started.elapsed());
            out
        })
    }
}
