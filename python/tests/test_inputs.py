"""Inputs Python users pass where a path or an IP address is taken: `pathlib.Path` (any
`os.PathLike`) and `ipaddress` objects, as well as strings; anything else is a TypeError."""

import asyncio
import ipaddress
import pathlib

import pytest

import rnet


def fetch_json(url, **client):
    async def main():
        return await (await rnet.Client(**client).get(url)).json()

    return asyncio.run(main())


def test_tls_verify_takes_a_path(server):
    url = server.url("/get", "https", "localhost")
    assert fetch_json(url, tls_verify=pathlib.Path(server.ports["ca_pem"]))["url"] == url
    with pytest.raises(TypeError, match="tls_verify"):
        rnet.Client(tls_verify=5)


def test_addresses_take_ipaddress_objects(server):
    lo = ipaddress.ip_address("127.0.0.1")
    assert fetch_json(server.url("/get"), local_address=lo)["origin"] == "127.0.0.1"
    assert fetch_json(server.url("/get"), local_addresses=(lo, None))["origin"] == "127.0.0.1"
    dns = rnet.DnsOptions()
    dns.add_resolve("api.rnet-test.invalid", [lo])
    url = f"http://api.rnet-test.invalid:{server.ports['http']}/get"
    assert fetch_json(url, dns_options=dns)["url"] == url
    with pytest.raises(TypeError, match="an IP address"):
        rnet.Client(local_address=5)
    with pytest.raises(TypeError, match="an IP address"):
        dns.add_resolve("x.invalid", [pathlib.Path("/tmp")])


def test_part_file_takes_a_path(server, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("file body")
    form = rnet.Multipart(rnet.Part.file("upload", f, mime="text/plain"))

    async def main():
        return await (await rnet.post(server.url("/post"), multipart=form)).json()

    [part] = asyncio.run(main())["multipart"]
    assert (part["name"], part["filename"], part["data"]) == ("upload", "notes.txt", "file body")
    with pytest.raises(TypeError, match="a path"):
        rnet.Part.file("upload", 5)
