"""TLS: TlsVersion, CertStore, Identity and KeyLog."""

from ._rnet import CertStore, Identity, KeyLog, TlsVersion  # noqa: F401
