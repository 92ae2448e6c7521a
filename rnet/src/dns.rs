//! DNS: address-family strategy and per-host overrides (`DnsOptions.add_resolve`).
//!
//! Names are resolved by the system resolver (getaddrinfo); the strategy then filters and
//! orders the addresses. wreq's hickory resolver is not built in, so `system_dns` is accepted
//! for compatibility and the system resolver is always used.
#![allow(non_camel_case_types, clippy::upper_case_acronyms)]

use crate::{Error, Result};
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
    /// Accepted for compatibility: rnet always uses the system resolver.
    pub system_dns: Option<bool>,
    /// Address families and order (default IPV4_AND_IPV6: as the resolver returns them).
    pub lookup_ip_strategy: Option<LookupIpStrategy>,
}

/// Per-host address overrides, in the order they were added.
type Overrides = Arc<Mutex<Vec<(String, Vec<IpAddr>)>>>;

/// DNS options for a client (`dns_options`).
#[rnet::export]
#[derive(Debug, Clone)]
pub struct DnsOptions {
    strategy: LookupIpStrategy,
    overrides: Overrides,
}

#[rnet::export]
impl DnsOptions {
    /// Creates DNS options.
    #[rnet(constructor)]
    pub fn new(opts: Option<DnsSettings>) -> Self {
        DnsOptions {
            strategy: opts
                .and_then(|o| o.lookup_ip_strategy)
                .unwrap_or(LookupIpStrategy::IPV4_AND_IPV6),
            overrides: Arc::default(),
        }
    }

    /// Resolves `domain` to these addresses instead of asking DNS.
    pub fn add_resolve(&self, domain: String, ips: Vec<String>) -> Result<()> {
        let ips = ips
            .iter()
            .map(|ip| crate::types::ip_addr("add_resolve", ip))
            .collect::<Result<Vec<_>>>()?;
        if domain.is_empty() || domain.contains(['/', ':', ' ']) {
            return Err(Error::Builder(format!(
                "invalid domain for add_resolve: {domain:?}"
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
        b.dns_resolver(StrategyResolver(self.strategy))
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
