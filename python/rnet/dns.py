"""DNS options."""

from ._rnet import DnsOptions, LookupIpStrategy  # noqa: F401
