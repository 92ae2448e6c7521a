"""DNS: hickory against the fixture's loopback name server, the system resolver, overrides
and the lookup strategy. No query ever leaves the machine: hickory is always pointed at
127.0.0.1, and the system resolver is only asked for localhost."""

import asyncio
import json
import urllib.request

import pytest

import rnet


def get(url, **client):
    async def main():
        return await (await rnet.Client(**client).get(url)).json()

    return asyncio.run(main())


def dns_log(server):
    with urllib.request.urlopen(server.url("/dns-log")) as r:
        return json.load(r)


def loopback_dns(server, **opts):
    return rnet.DnsOptions(nameservers=[f"127.0.0.1:{server.ports['dns']}"], **opts)


def test_hickory_asks_the_configured_nameserver(server):
    url = f"http://api.{server.ports['dns_zone']}:{server.ports['http']}/get"
    seen = get(url, dns_options=loopback_dns(server))
    assert seen["url"] == url and seen["origin"] == "127.0.0.1"
    asked = [(q["name"], q["type"]) for q in dns_log(server)]
    assert (f"api.{server.ports['dns_zone']}", 1) in asked  # an A query reached our server


def test_hickory_strategy_and_nxdomain(server):
    zone, port = server.ports["dns_zone"], server.ports["http"]
    v6 = loopback_dns(server, lookup_ip_strategy=rnet.LookupIpStrategy.IPV6_ONLY)
    with pytest.raises(rnet.DNSResolverError):
        get(f"http://v6.{zone}:{port}/get", dns_options=v6)  # the zone has no AAAA records
    assert {q["type"] for q in dns_log(server) if q["name"] == f"v6.{zone}"} == {28}
    with pytest.raises(rnet.DNSResolverError, match="missing.example"):
        get(f"http://missing.example:{port}/get", dns_options=loopback_dns(server))


def test_one_resolver_is_shared_by_clients(server):
    zone, port = server.ports["dns_zone"], server.ports["http"]
    dns = loopback_dns(server, lookup_ip_strategy=rnet.LookupIpStrategy.IPV4_ONLY)
    for _ in range(3):
        get(f"http://cached.{zone}:{port}/get", dns_options=dns)
    asked = [q for q in dns_log(server) if q["name"] == f"cached.{zone}"]
    assert len(asked) == 1  # the second and third clients hit the shared cache


def test_system_resolver(server):
    url = f"http://localhost:{server.ports['http']}/get"
    v4 = rnet.DnsOptions(system_dns=True, lookup_ip_strategy=rnet.LookupIpStrategy.IPV4_ONLY)
    assert get(url, dns_options=v4)["origin"] == "127.0.0.1"
    v6 = rnet.DnsOptions(system_dns=True, lookup_ip_strategy=rnet.LookupIpStrategy.IPV6_ONLY)
    with pytest.raises(rnet.RnetError):
        get(url, dns_options=v6)  # the fixture listens on 127.0.0.1 only


def test_add_resolve_makes_up_a_host(server):
    dns = rnet.DnsOptions()
    dns.add_resolve("api.rnet-test.invalid", ["127.0.0.1"])
    url = f"http://api.rnet-test.invalid:{server.ports['http']}/get"
    assert get(url, dns_options=dns)["url"] == url


def test_bad_dns_input():
    dns = rnet.DnsOptions()
    with pytest.raises(rnet.BuilderError):
        dns.add_resolve("example.com", ["not-an-ip"])
    with pytest.raises(TypeError):
        rnet.DnsOptions(lookup_ip_strategy="v4")
    with pytest.raises(rnet.BuilderError, match="not-a-server"):
        rnet.DnsOptions(nameservers=["not-a-server"])
    with pytest.raises(rnet.BuilderError, match="system_dns"):
        rnet.DnsOptions(system_dns=True, nameservers=["127.0.0.1"])
