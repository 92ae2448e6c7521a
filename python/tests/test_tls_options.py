"""TlsOptions: the ClientHello the server sees changes exactly as configured."""

import asyncio

import pytest

import rnet


def hello(server, **tls):
    async def main():
        client = rnet.Client(tls_verify=False, tls_options=rnet.TlsOptions(**tls))
        return await (await client.get(server.url("/fingerprint", "https"))).json()

    return asyncio.run(main())


def test_ciphers_curves_sigalgs_and_alpn(server):
    seen = hello(
        server,
        cipher_list="TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256",
        curves_list="X25519:P-256",
        sigalgs_list="ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256:rsa_pkcs1_sha256",
        alpn_protocols=[rnet.AlpnProtocol.HTTP1],
    )
    tls = seen["tls"]
    # BoringSSL always offers its TLS 1.3 suites; the TLS 1.2 suites are exactly the list.
    assert [c for c in tls["ciphers"] if not 0x1301 <= c <= 0x1303] == [0xC02B]
    assert tls["groups"] == [29, 23]
    assert tls["sig_algs"] == [0x0403, 0x0804, 0x0401]
    assert tls["alpn"] == ["http/1.1"] and seen["version"] == "HTTP/1.1"


def test_extension_switches(server):
    base = set(hello(server)["tls"]["extensions"])
    ech = set(hello(server, enable_ech_grease=True)["tls"]["extensions"])
    assert 0xFE0D in ech - base
    no_ticket = set(hello(server, session_ticket=False)["tls"]["extensions"])
    assert 35 in base and 35 not in no_ticket


def test_max_version_and_bad_input(server):
    assert hello(server, max_tls_version=rnet.TlsVersion.TLS_1_2)["tls_version"] == "TLSv1_2"
    with pytest.raises(rnet.BuilderError):
        rnet.TlsOptions(record_size_limit=70000)
    with pytest.raises(TypeError):
        rnet.TlsOptions(alpn_protocols=["h2"])


def test_certificate_compression_and_extension_order(server):
    base = hello(server)["tls"]["extensions"]
    compressed = hello(server, certificate_compression_algorithms=[rnet.CertificateCompressionAlgorithm.BROTLI])
    assert 27 not in base and 27 in compressed["tls"]["extensions"]

    E = rnet.ExtensionType
    order = [E.SUPPORTED_VERSIONS, E.KEY_SHARE, E.SUPPORTED_GROUPS, E.SIGNATURE_ALGORITHMS]
    numbers = [43, 51, 10, 13]
    seen = hello(server, extension_permutation=order)["tls"]["extensions"]
    assert [e for e in seen if e in numbers] == numbers
    reordered = hello(server, extension_permutation=list(reversed(order)))["tls"]["extensions"]
    assert [e for e in reordered if e in numbers] == list(reversed(numbers))


def test_key_shares_including_post_quantum_groups(server):
    K = rnet.KeyShare
    seen = hello(server, curves_list="MLKEM1024:X25519Kyber768Draft00:X25519", key_shares=[K.MLKEM1024, K.X25519_KYBER768_DRAFT00])
    assert seen["tls"]["groups"] == [0x0202, 0x6399, 29]
    assert seen["tls"]["key_shares"] == [0x0202, 0x6399]
    seen = hello(server, curves_list="X25519MLKEM768:X25519:P-384", key_shares=[K.X25519_MLKEM768, K.P384])
    assert seen["tls"]["key_shares"] == [0x11EC, 24]
    # What BoringSSL would refuse mid-handshake, with no reason, is refused up front.
    with pytest.raises(rnet.BuilderError, match="cannot be generated"):
        rnet.TlsOptions(key_shares=[K.FFDHE2048])
    with pytest.raises(rnet.BuilderError, match="not among the groups"):
        rnet.TlsOptions(curves_list="X25519", key_shares=[K.P256])
    with pytest.raises(rnet.BuilderError, match="order of curves_list"):
        rnet.TlsOptions(curves_list="X25519:P-256", key_shares=[K.P256, K.X25519])
