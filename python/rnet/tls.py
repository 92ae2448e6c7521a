"""TLS: TlsVersion, CertStore, Identity and KeyLog."""

from ._rnet import (  # noqa: F401
    AlpnProtocol,
    AlpsProtocol,
    CertStore,
    CertificateCompressionAlgorithm,
    ExtensionType,
    Identity,
    KeyLog,
    KeyShare,
    TlsOptions,
    TlsVersion,
)
