"""DNS: overrides resolve made-up names; the lookup strategy filters address families."""

import asyncio

import pytest

import rnet


def get(url, **client):
    async def main():
        return await (await rnet.Client(**client).get(url)).json()

    return asyncio.run(main())


def test_add_resolve_makes_up_a_host(server):
    dns = rnet.DnsOptions()
    dns.add_resolve("api.rnet-test.invalid", ["127.0.0.1"])
    url = f"http://api.rnet-test.invalid:{server.ports['http']}/get"
    seen = get(url, dns_options=dns)
    assert seen["url"] == url
    # (No "fails without the override" check: that would send a DNS query off this machine.)


def test_lookup_ip_strategy(server):
    url = f"http://localhost:{server.ports['http']}/get"
    v4 = rnet.DnsOptions(lookup_ip_strategy=rnet.LookupIpStrategy.IPV4_ONLY)
    assert get(url, dns_options=v4)["origin"] == "127.0.0.1"
    v6 = rnet.DnsOptions(lookup_ip_strategy=rnet.LookupIpStrategy.IPV6_ONLY)
    with pytest.raises(rnet.RnetError):
        get(url, dns_options=v6)  # the fixture listens on 127.0.0.1 only


def test_bad_dns_input():
    dns = rnet.DnsOptions()
    with pytest.raises(rnet.BuilderError):
        dns.add_resolve("example.com", ["not-an-ip"])
    with pytest.raises(TypeError):
        rnet.DnsOptions(lookup_ip_strategy="v4")
