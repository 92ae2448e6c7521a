"""TLS: trust (CA file, CertStore), hostname checks, mutual TLS, key logging, versions and the
peer certificate, against the fixture's own CA-signed certificates."""

import asyncio
import base64
import pathlib

import pytest

import rnet


def pem_to_der(pem: str) -> bytes:
    body = "".join(l for l in pem.splitlines() if l and not l.startswith("-----"))
    return base64.b64decode(body)


def get(url, **client):
    async def main():
        resp = await rnet.Client(**client).get(url)
        return resp, await resp.json() if resp.status == 200 else None

    return asyncio.run(main())


def localhost(server, path, listener="https"):
    return server.url(path, listener, "localhost")


def test_trust_a_ca_file(server):
    resp, _ = get(localhost(server, "/get"), tls_verify=server.ports["ca_pem"])
    assert resp.status == 200
    with pytest.raises(rnet.TlsError):
        get(localhost(server, "/get"))  # the bundled roots do not know the test CA


def test_trust_a_cert_store(server):
    pem = pathlib.Path(server.ports["ca_pem"]).read_text()
    for store in [rnet.CertStore(pem_certs=[pem]), rnet.CertStore(der_certs=[pem_to_der(pem)])]:
        assert get(localhost(server, "/get"), tls_verify=store)[0].status == 200
    with pytest.raises(rnet.TlsError):
        get(localhost(server, "/get"), tls_verify=rnet.CertStore())


def test_cert_store_constructors_as_in_wreq_python(server):
    pem = pathlib.Path(server.ports["ca_pem"]).read_text()
    stores = [
        rnet.CertStore.from_pem_certs([pem]),
        rnet.CertStore.from_der_certs([pem_to_der(pem)]),
        rnet.CertStore.from_pem_stack(pem.encode()),
    ]
    for store in stores:
        assert get(localhost(server, "/get"), tls_verify=store)[0].status == 200
    with pytest.raises(rnet.BuilderError, match="PEM"):
        rnet.CertStore.from_pem_stack(b"not a pem stack")


def test_identity_keywords_as_in_wreq_python(server):
    cert = pathlib.Path(server.ports["client_cert_pem"]).read_bytes()
    key = pathlib.Path(server.ports["client_key_pem"]).read_bytes()
    identity = rnet.Identity.from_pkcs8_pem(buf=cert, key=key)
    url = localhost(server, "/fingerprint", "https_mtls")
    resp, seen = get(url, tls_verify=server.ports["ca_pem"], tls_identity=identity)
    assert resp.status == 200 and seen["client_cert"] is True
    with pytest.raises(rnet.BuilderError):
        rnet.Identity.from_pkcs12_der(buf=b"not pkcs12", pass_="x")


def test_hostname_verification(server):
    ip_url = server.url("/get", "https")  # the certificate names localhost, not 127.0.0.1
    with pytest.raises(rnet.TlsError):
        get(ip_url, tls_verify=server.ports["ca_pem"])
    assert get(ip_url, tls_verify=server.ports["ca_pem"], tls_verify_hostname=False)[0].status == 200


def test_mutual_tls(server):
    url = localhost(server, "/fingerprint", "https_mtls")
    with pytest.raises(rnet.RnetError):
        get(url, tls_verify=server.ports["ca_pem"])
    identity = rnet.Identity.from_pkcs8_pem(
        pathlib.Path(server.ports["client_cert_pem"]).read_bytes(),
        pathlib.Path(server.ports["client_key_pem"]).read_bytes(),
    )
    resp, seen = get(url, tls_verify=server.ports["ca_pem"], tls_identity=identity)
    assert resp.status == 200 and seen["client_cert"] is True


def test_keylog_file_is_written(server, tmp_path):
    path = tmp_path / "keys.log"
    get(localhost(server, "/get"), tls_verify=server.ports["ca_pem"], tls_keylog=rnet.KeyLog.file(str(path)))
    text = path.read_text()
    assert "CLIENT_HANDSHAKE_TRAFFIC_SECRET" in text or "CLIENT_RANDOM" in text


def test_peer_certificate(server):
    der = pem_to_der(pathlib.Path(server.ports["server_cert_pem"]).read_text())
    resp, _ = get(localhost(server, "/get"), tls_verify=server.ports["ca_pem"], tls_info=True)
    assert resp.peer_certificate == der
    assert get(localhost(server, "/get"), tls_verify=server.ports["ca_pem"])[0].peer_certificate is None


def test_tls_versions(server):
    url = localhost(server, "/fingerprint")
    ca = server.ports["ca_pem"]
    assert get(url, tls_verify=ca)[1]["tls_version"] == "TLSv1_3"
    assert get(url, tls_verify=ca, tls_max_version=rnet.TlsVersion.TLS_1_2)[1]["tls_version"] == "TLSv1_2"
    assert get(url, tls_verify=ca, tls_min_version=rnet.TlsVersion.TLS_1_3)[1]["tls_version"] == "TLSv1_3"


def test_bad_tls_input(server, tmp_path):
    with pytest.raises(rnet.BuilderError):
        rnet.Client(tls_verify=str(tmp_path / "missing.pem"))
    with pytest.raises(rnet.BuilderError):
        rnet.Identity.from_pkcs8_pem(b"not a cert", b"not a key")
    with pytest.raises(TypeError):
        rnet.Client(tls_verify=3.5)
