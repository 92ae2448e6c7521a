//! TLS: trust (`tls_verify`, `CertStore`), client identity for mutual TLS, key logging,
//! protocol versions, and the peer certificate of a response.

use crate::{types::BodyInput, Error, Result};
use std::sync::Arc;

/// A TLS protocol version.
#[rnet::export]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TlsVersion {
    TLS_1_0,
    TLS_1_1,
    TLS_1_2,
    TLS_1_3,
}

impl TlsVersion {
    pub fn to_wreq(self) -> wreq::tls::TlsVersion {
        match self {
            TlsVersion::TLS_1_0 => wreq::tls::TlsVersion::TLS_1_0,
            TlsVersion::TLS_1_1 => wreq::tls::TlsVersion::TLS_1_1,
            TlsVersion::TLS_1_2 => wreq::tls::TlsVersion::TLS_1_2,
            TlsVersion::TLS_1_3 => wreq::tls::TlsVersion::TLS_1_3,
        }
    }
}

/// Certificates for `CertStore`.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct CertStoreOptions {
    /// DER-encoded certificates (bytes / Buffer).
    pub der_certs: Option<Vec<BodyInput>>,
    /// PEM-encoded certificates; one string may hold several.
    pub pem_certs: Option<Vec<String>>,
    /// Also trust the system's default certificate paths.
    pub default_paths: Option<bool>,
}

/// A set of trusted root certificates, for `tls_verify`.
#[rnet::export]
#[derive(Clone)]
pub struct CertStore {
    inner: wreq::tls::trust::CertStore,
}

impl CertStore {
    pub fn to_wreq(&self) -> wreq::tls::trust::CertStore {
        self.inner.clone()
    }

    /// Trusts the PEM certificates in the file at `path`.
    pub fn from_pem_file(path: &str) -> Result<Self> {
        let pem = std::fs::read(path)
            .map_err(|e| Error::Builder(format!("cannot read CA file {path:?}: {e}")))?;
        let inner = wreq::tls::trust::CertStore::from_pem_stack(pem)
            .map_err(|e| Error::Builder(format!("invalid CA file {path:?}: {e}")))?;
        Ok(CertStore { inner })
    }
}

#[rnet::export]
impl CertStore {
    /// Builds a store from DER and PEM certificates, and optionally the system's.
    #[rnet(constructor)]
    pub fn new(opts: Option<CertStoreOptions>) -> Result<Self> {
        let opts = opts.unwrap_or_default();
        let mut b = wreq::tls::trust::CertStore::builder();
        for der in opts.der_certs.iter().flatten() {
            b = b.add_der_cert(der.0.as_ref());
        }
        for pem in opts.pem_certs.iter().flatten() {
            b = b.add_stack_pem_certs(pem.as_bytes());
        }
        if opts.default_paths == Some(true) {
            b = b.set_default_paths();
        }
        let inner = b
            .build()
            .map_err(|e| Error::Builder(format!("invalid certificate store: {e}")))?;
        Ok(CertStore { inner })
    }
}

/// `tls_verify=`: true or false, a path to a PEM file of CA certificates, or a CertStore.
#[rnet::export(union)]
#[derive(Clone)]
pub enum TlsVerify {
    Enabled(bool),
    CaFile(String),
    Store(CertStore),
}

/// A client certificate and key, for mutual TLS.
#[rnet::export]
#[derive(Clone)]
pub struct Identity {
    inner: Arc<wreq::tls::trust::Identity>,
}

impl Identity {
    pub fn to_wreq(&self) -> wreq::tls::trust::Identity {
        (*self.inner).clone()
    }
}

#[rnet::export]
impl Identity {
    /// From a DER-encoded PKCS#12 archive and its password.
    #[rnet(staticmethod)]
    pub fn from_pkcs12_der(buf: BodyInput, password: String) -> Result<Self> {
        wreq::tls::trust::Identity::from_pkcs12_der(&buf.0, &password)
            .map(|i| Identity { inner: Arc::new(i) })
            .map_err(|e| Error::Builder(format!("invalid PKCS#12 identity: {e}")))
    }

    /// From a PEM certificate (chain) and a PEM PKCS#8 private key.
    #[rnet(staticmethod)]
    pub fn from_pkcs8_pem(cert: BodyInput, key: BodyInput) -> Result<Self> {
        wreq::tls::trust::Identity::from_pkcs8_pem(&cert.0, &key.0)
            .map(|i| Identity { inner: Arc::new(i) })
            .map_err(|e| Error::Builder(format!("invalid PEM identity: {e}")))
    }
}

/// Where to write TLS session secrets (NSS key log format), e.g. for Wireshark.
#[rnet::export]
#[derive(Clone)]
pub struct KeyLog {
    inner: wreq::tls::keylog::KeyLog,
}

impl KeyLog {
    pub fn to_wreq(&self) -> wreq::tls::keylog::KeyLog {
        self.inner.clone()
    }
}

#[rnet::export]
impl KeyLog {
    /// The file named by the `SSLKEYLOGFILE` environment variable, if set.
    #[rnet(staticmethod)]
    pub fn environment() -> Self {
        KeyLog {
            inner: wreq::tls::keylog::KeyLog::from_env(),
        }
    }

    /// The file at `path` (appended to).
    #[rnet(staticmethod)]
    pub fn file(path: String) -> Self {
        KeyLog {
            inner: wreq::tls::keylog::KeyLog::from_file(path),
        }
    }
}
