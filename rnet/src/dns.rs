//! DNS: the resolver (hickory, or the system's getaddrinfo with `system_dns`), the
//! address-family strategy, and per-host overrides (`DnsOptions.add_resolve`).
//!
//! A client without `dns_options` uses the system resolver, as wreq does by default; with
//! `DnsOptions` it uses hickory unless `system_dns=True`. One hickory resolver (and its cache)
//! is built per `DnsOptions` and shared by every client configured with it.
#![allow(non_camel_case_types, clippy::upper_case_acronyms)]

use crate::timing::TimedResolver;
use crate::{runtime::ProcessLocal, Error, Result};
use hickory_resolver::{
    config::{self as hickory, NameServerConfig, ResolverConfig},
    net::runtime::TokioRuntimeProvider,
    TokioResolver,
};
use std::{
    net::{IpAddr, SocketAddr},
    sync::{Arc, Mutex},
};
use wreq::dns::{Name, Resolve, Resolving};

/// Which address families to use, and in which order.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LookupIpStrategy {
    IPV4_ONLY,
    IPV6_ONLY,
    IPV4_AND_IPV6,
    IPV6_THEN_IPV4,
    IPV4_THEN_IPV6,
}

/// Settings for `DnsOptions`.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct DnsSettings {
    /// Use the system resolver (getaddrinfo) instead of hickory (default False).
    pub system_dns: Option<bool>,
    /// Address families and order (default IPV4_AND_IPV6: IPv4 first, then IPv6).
    pub lookup_ip_strategy: Option<LookupIpStrategy>,
    /// hickory only: name servers as "ip" or "ip:port" (UDP, then TCP), instead of the
    /// system's resolv.conf.
    pub nameservers: Option<Vec<String>>,
}

/// Per-host address overrides, in the order they were added.
type Overrides = Arc<Mutex<Vec<(String, Vec<IpAddr>)>>>;

/// DNS options for a client (`dns_options`).
#[rnet::export]
#[derive(Debug, Clone)]
pub struct DnsOptions {
    strategy: LookupIpStrategy,
    overrides: Overrides,
    resolver: Resolver,
}

#[derive(Debug, Clone)]
enum Resolver {
    System,
    Hickory(Arc<Hickory>),
}

#[rnet::export]
impl DnsOptions {
    /// Creates DNS options.
    #[rnet(constructor)]
    pub fn new(opts: Option<DnsSettings>) -> Result<Self> {
        let opts = opts.unwrap_or_default();
        let strategy = opts
            .lookup_ip_strategy
            .unwrap_or(LookupIpStrategy::IPV4_AND_IPV6);
        let resolver = match (opts.system_dns.unwrap_or(false), opts.nameservers) {
            (true, Some(_)) => {
                return Err(Error::Builder(format!(
                    "DnsOptions: nameservers apply to the hickory resolver, not {}",
                    crate::host::option_name(DnsSettings::FIELDS, "system_dns")
                )))
            }
            (true, None) => Resolver::System,
            (false, servers) => Resolver::Hickory(Arc::new(Hickory {
                servers: servers.map(|s| parse_servers(&s)).transpose()?,
                strategy,
                built: Mutex::default(),
            })),
        };
        Ok(DnsOptions {
            strategy,
            overrides: Arc::default(),
            resolver,
        })
    }

    /// Resolves `domain` to these addresses instead of asking DNS.
    pub fn add_resolve(&self, domain: String, addrs: Vec<crate::types::IpInput>) -> Result<()> {
        let ips = addrs
            .iter()
            .map(|ip| crate::types::ip_addr("addrs", ip))
            .collect::<Result<Vec<_>>>()?;
        if domain.is_empty() || domain.contains(['/', ':', ' ']) {
            return Err(Error::Builder(format!(
                "invalid `domain` {domain:?}: not a host name"
            )));
        }
        self.overrides
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((domain.to_ascii_lowercase(), ips));
        Ok(())
    }
}

impl DnsOptions {
    pub fn apply(&self, mut b: wreq::ClientBuilder) -> wreq::ClientBuilder {
        // Port 0: the request's own port is used.
        for (domain, ips) in self
            .overrides
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let addrs: Vec<SocketAddr> = ips.iter().map(|ip| SocketAddr::new(*ip, 0)).collect();
            b = b.resolve_to_addrs(domain.clone(), addrs);
        }
        match &self.resolver {
            Resolver::System => b.dns_resolver(TimedResolver(StrategyResolver(self.strategy))),
            Resolver::Hickory(h) => b.dns_resolver(TimedResolver(HickoryResolver(h.clone()))),
        }
    }
}

fn parse_servers(servers: &[String]) -> Result<Vec<SocketAddr>> {
    if servers.is_empty() {
        return Err(Error::Builder("DnsOptions: nameservers is empty".into()));
    }
    servers
        .iter()
        .map(|s| {
            s.parse::<SocketAddr>()
                .or_else(|_| s.parse::<IpAddr>().map(|ip| SocketAddr::new(ip, 53)))
                .map_err(|_| {
                    Error::Builder(format!(
                        "DnsOptions: nameserver {s:?} is not an IP address or ip:port"
                    ))
                })
        })
        .collect()
}

/// A hickory resolver, built on first use (reading resolv.conf then, not at construction).
#[derive(Debug)]
struct Hickory {
    servers: Option<Vec<SocketAddr>>,
    strategy: LookupIpStrategy,
    /// Built on first use, once per process: a forked child builds its own (the parent's
    /// may hold sockets registered with the parent's runtime).
    built: Mutex<Option<ProcessLocal<std::result::Result<TokioResolver, String>>>>,
}

impl Hickory {
    fn resolver(&self) -> std::result::Result<TokioResolver, String> {
        let mut slot = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(built) = slot.as_ref().and_then(ProcessLocal::get) {
            return built.clone();
        }
        let built = (|| {
            let mut builder = match &self.servers {
                None => TokioResolver::builder_tokio()
                    .map_err(|e| format!("reading the system DNS configuration: {e}"))?,
                Some(servers) => {
                    let mut config = ResolverConfig::from_parts(None, vec![], vec![]);
                    for addr in servers {
                        let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
                        for c in &mut ns.connections {
                            c.port = addr.port();
                        }
                        config.add_name_server(ns);
                    }
                    TokioResolver::builder_with_config(config, TokioRuntimeProvider::default())
                }
            };
            builder.options_mut().ip_strategy = match self.strategy {
                LookupIpStrategy::IPV4_ONLY => hickory::LookupIpStrategy::Ipv4Only,
                LookupIpStrategy::IPV6_ONLY => hickory::LookupIpStrategy::Ipv6Only,
                LookupIpStrategy::IPV4_AND_IPV6 => hickory::LookupIpStrategy::Ipv4AndIpv6,
                LookupIpStrategy::IPV6_THEN_IPV4 => hickory::LookupIpStrategy::Ipv6thenIpv4,
                LookupIpStrategy::IPV4_THEN_IPV6 => hickory::LookupIpStrategy::Ipv4thenIpv6,
            };
            builder.build().map_err(|e| e.to_string())
        })();
        *slot = Some(ProcessLocal::new(built.clone()));
        built
    }
}

struct HickoryResolver(Arc<Hickory>);

impl Resolve for HickoryResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let hickory = self.0.clone();
        Box::pin(async move {
            let resolver = hickory.resolver()?;
            let lookup = resolver.lookup_ip(name.as_str()).await?;
            let addrs: Vec<SocketAddr> = lookup.iter().map(|ip| SocketAddr::new(ip, 0)).collect();
            Ok(Box::new(addrs.into_iter()) as wreq::dns::Addrs)
        })
    }
}

/// The system resolver, filtered and ordered by a `LookupIpStrategy`.
struct StrategyResolver(LookupIpStrategy);

impl Resolve for StrategyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let strategy = self.0;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let port_host = format!("{host}:0");
            let found: Vec<SocketAddr> = tokio::net::lookup_host(port_host).await?.collect();
            let (v4, v6): (Vec<_>, Vec<_>) = found.into_iter().partition(|a| a.is_ipv4());
            let addrs = match strategy {
                LookupIpStrategy::IPV4_ONLY => v4,
                LookupIpStrategy::IPV6_ONLY => v6,
                LookupIpStrategy::IPV4_THEN_IPV6 | LookupIpStrategy::IPV4_AND_IPV6 => {
                    v4.into_iter().chain(v6).collect()
                }
                LookupIpStrategy::IPV6_THEN_IPV4 => v6.into_iter().chain(v4).collect(),
            };
            if addrs.is_empty() {
                return Err(format!("no {strategy:?} address for {host}").into());
            }
            Ok(Box::new(addrs.into_iter()) as wreq::dns::Addrs)
        })
    }
}
