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
pub struct CertStoreConfig {
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
    pub fn new(opts: Option<CertStoreConfig>) -> Result<Self> {
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

    /// A store of these DER-encoded certificates.
    #[rnet(staticmethod)]
    pub fn from_der_certs(certs: Vec<BodyInput>) -> Result<Self> {
        Self::new(Some(CertStoreConfig {
            der_certs: Some(certs),
            ..Default::default()
        }))
    }

    /// A store of these PEM-encoded certificates (one string may hold several).
    #[rnet(staticmethod)]
    pub fn from_pem_certs(certs: Vec<String>) -> Result<Self> {
        Self::new(Some(CertStoreConfig {
            pem_certs: Some(certs),
            ..Default::default()
        }))
    }

    /// A store of the certificates in one PEM stack (a CA bundle's bytes).
    #[rnet(staticmethod)]
    pub fn from_pem_stack(certs: BodyInput) -> Result<Self> {
        // BoringSSL reads a stack without certificates as an empty store.
        let marker: &[u8] = b"-----BEGIN CERTIFICATE-----";
        if !certs.0.windows(marker.len()).any(|w| w == marker) {
            return Err(Error::Builder(
                "invalid PEM stack: no certificate in it".into(),
            ));
        }
        wreq::tls::trust::CertStore::from_pem_stack(certs.0.as_ref())
            .map(|inner| CertStore { inner })
            .map_err(|e| Error::Builder(format!("invalid PEM stack: {e}")))
    }
}

/// `tls_verify=`: true or false, a path to a PEM file of CA certificates, or a CertStore.
#[rnet::export(union)]
#[derive(Clone)]
pub enum TlsVerify {
    Enabled(bool),
    CaFile(crate::types::PathInput),
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
    pub fn from_pkcs12_der(buf: BodyInput, pass_: String) -> Result<Self> {
        wreq::tls::trust::Identity::from_pkcs12_der(&buf.0, &pass_)
            .map(|i| Identity { inner: Arc::new(i) })
            .map_err(|e| Error::Builder(format!("invalid PKCS#12 identity: {e}")))
    }

    /// From a PEM certificate (chain) and a PEM PKCS#8 private key.
    #[rnet(staticmethod)]
    pub fn from_pkcs8_pem(buf: BodyInput, key: BodyInput) -> Result<Self> {
        wreq::tls::trust::Identity::from_pkcs8_pem(&buf.0, &key.0)
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

/// An ALPN protocol.
#[rnet::export]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlpnProtocol {
    HTTP1,
    HTTP2,
    HTTP3,
}

/// An ALPS protocol.
#[rnet::export]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlpsProtocol {
    HTTP1,
    HTTP2,
    HTTP3,
}

/// A key share group to send in the ClientHello.
#[rnet::export]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyShare {
    P256,
    P384,
    P521,
    X25519,
    X25519_MLKEM768,
    X25519_KYBER768_DRAFT00,
    P256_KYBER768_DRAFT00,
    MLKEM1024,
    FFDHE2048,
    FFDHE3072,
}

/// A TLS extension, for `TlsOptions(extension_permutation=…)`.
#[rnet::export]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtensionType {
    SERVER_NAME,
    STATUS_REQUEST,
    EC_POINT_FORMATS,
    SIGNATURE_ALGORITHMS,
    SRTP,
    APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
    PADDING,
    EXTENDED_MASTER_SECRET,
    QUIC_TRANSPORT_PARAMETERS_LEGACY,
    QUIC_TRANSPORT_PARAMETERS_STANDARD,
    CERT_COMPRESSION,
    SESSION_TICKET,
    SUPPORTED_GROUPS,
    PRE_SHARED_KEY,
    EARLY_DATA,
    SUPPORTED_VERSIONS,
    COOKIE,
    PSK_KEY_EXCHANGE_MODES,
    CERTIFICATE_AUTHORITIES,
    SIGNATURE_ALGORITHMS_CERT,
    KEY_SHARE,
    RENEGOTIATE,
    DELEGATED_CREDENTIAL,
    APPLICATION_SETTINGS,
    APPLICATION_SETTINGS_OLD,
    ENCRYPTED_CLIENT_HELLO,
    CERTIFICATE_TIMESTAMP,
    NEXT_PROTO_NEG,
    CHANNEL_ID,
    RECORD_SIZE_LIMIT,
}

impl ExtensionType {
    fn to_wreq(self) -> wreq::tls::ExtensionType {
        use wreq::tls::ExtensionType as W;
        match self {
            ExtensionType::SERVER_NAME => W::SERVER_NAME,
            ExtensionType::STATUS_REQUEST => W::STATUS_REQUEST,
            ExtensionType::EC_POINT_FORMATS => W::EC_POINT_FORMATS,
            ExtensionType::SIGNATURE_ALGORITHMS => W::SIGNATURE_ALGORITHMS,
            ExtensionType::SRTP => W::SRTP,
            ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION => {
                W::APPLICATION_LAYER_PROTOCOL_NEGOTIATION
            }
            ExtensionType::PADDING => W::PADDING,
            ExtensionType::EXTENDED_MASTER_SECRET => W::EXTENDED_MASTER_SECRET,
            ExtensionType::QUIC_TRANSPORT_PARAMETERS_LEGACY => W::QUIC_TRANSPORT_PARAMETERS_LEGACY,
            ExtensionType::QUIC_TRANSPORT_PARAMETERS_STANDARD => {
                W::QUIC_TRANSPORT_PARAMETERS_STANDARD
            }
            ExtensionType::CERT_COMPRESSION => W::CERT_COMPRESSION,
            ExtensionType::SESSION_TICKET => W::SESSION_TICKET,
            ExtensionType::SUPPORTED_GROUPS => W::SUPPORTED_GROUPS,
            ExtensionType::PRE_SHARED_KEY => W::PRE_SHARED_KEY,
            ExtensionType::EARLY_DATA => W::EARLY_DATA,
            ExtensionType::SUPPORTED_VERSIONS => W::SUPPORTED_VERSIONS,
            ExtensionType::COOKIE => W::COOKIE,
            ExtensionType::PSK_KEY_EXCHANGE_MODES => W::PSK_KEY_EXCHANGE_MODES,
            ExtensionType::CERTIFICATE_AUTHORITIES => W::CERTIFICATE_AUTHORITIES,
            ExtensionType::SIGNATURE_ALGORITHMS_CERT => W::SIGNATURE_ALGORITHMS_CERT,
            ExtensionType::KEY_SHARE => W::KEY_SHARE,
            ExtensionType::RENEGOTIATE => W::RENEGOTIATE,
            ExtensionType::DELEGATED_CREDENTIAL => W::DELEGATED_CREDENTIAL,
            ExtensionType::APPLICATION_SETTINGS => W::APPLICATION_SETTINGS,
            ExtensionType::APPLICATION_SETTINGS_OLD => W::APPLICATION_SETTINGS_OLD,
            ExtensionType::ENCRYPTED_CLIENT_HELLO => W::ENCRYPTED_CLIENT_HELLO,
            ExtensionType::CERTIFICATE_TIMESTAMP => W::CERTIFICATE_TIMESTAMP,
            ExtensionType::NEXT_PROTO_NEG => W::NEXT_PROTO_NEG,
            ExtensionType::CHANNEL_ID => W::CHANNEL_ID,
            ExtensionType::RECORD_SIZE_LIMIT => W::RECORD_SIZE_LIMIT,
        }
    }
}

/// A certificate compression algorithm (RFC 8879) to offer.
#[rnet::export]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertificateCompressionAlgorithm {
    ZLIB,
    BROTLI,
    ZSTD,
}

impl CertificateCompressionAlgorithm {
    pub(crate) fn compressor(self) -> &'static dyn wreq::tls::compress::CertificateCompressor {
        use wreq_util::emulate::compress::{BrotliCompressor, ZlibCompressor, ZstdCompressor};
        match self {
            CertificateCompressionAlgorithm::ZLIB => &ZlibCompressor,
            CertificateCompressionAlgorithm::BROTLI => &BrotliCompressor,
            CertificateCompressionAlgorithm::ZSTD => &ZstdCompressor,
        }
    }
}

/// The TLS knobs for `TlsOptions` (the ClientHello a profile sends is made of these).
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct TlsSettings {
    /// ALPN protocols, in order.
    pub alpn_protocols: Option<Vec<AlpnProtocol>>,
    /// ALPS protocols, in order.
    pub alps_protocols: Option<Vec<AlpsProtocol>>,
    /// Use the new ALPS extension codepoint.
    pub alps_use_new_codepoint: Option<bool>,
    /// Offer session tickets.
    pub session_ticket: Option<bool>,
    /// The lowest TLS version.
    pub min_tls_version: Option<TlsVersion>,
    /// The highest TLS version.
    pub max_tls_version: Option<TlsVersion>,
    /// Offer pre-shared keys (resumption).
    pub pre_shared_key: Option<bool>,
    /// Send an ECH GREASE extension.
    pub enable_ech_grease: Option<bool>,
    /// Shuffle the extension order on every connection (as Chrome does).
    pub permute_extensions: Option<bool>,
    /// Send GREASE values.
    pub grease_enabled: Option<bool>,
    /// Request OCSP stapling.
    pub enable_ocsp_stapling: Option<bool>,
    /// Request signed certificate timestamps.
    pub enable_signed_cert_timestamps: Option<bool>,
    /// The record_size_limit extension value.
    pub record_size_limit: Option<u32>,
    /// Skip session tickets when using PSK.
    pub psk_skip_session_ticket: Option<bool>,
    /// Offer PSK with (EC)DHE key exchange.
    pub psk_dhe_ke: Option<bool>,
    /// Allow renegotiation.
    pub renegotiation: Option<bool>,
    /// delegated_credentials signature algorithms, `:`-separated.
    pub delegated_credentials: Option<String>,
    /// Key shares to send.
    pub key_shares: Option<Vec<KeyShare>>,
    /// Supported groups, `:`-separated OpenSSL names (e.g. `X25519:P-256`).
    pub curves_list: Option<String>,
    /// Cipher suites, `:`-separated OpenSSL names.
    pub cipher_list: Option<String>,
    /// Signature algorithms, `:`-separated (e.g. `ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256`).
    pub sigalgs_list: Option<String>,
    /// A fixed extension order.
    pub extension_permutation: Option<Vec<ExtensionType>>,
    /// Certificate compression algorithms to offer (RFC 8879).
    pub certificate_compression_algorithms: Option<Vec<CertificateCompressionAlgorithm>>,
    /// Pretend AES hardware support is present or absent (changes cipher preference).
    pub aes_hw_override: Option<bool>,
    /// Randomise the AES hardware override per connection.
    pub random_aes_hw_override: Option<bool>,
    /// Keep the TLS 1.3 cipher order as given.
    pub preserve_tls13_cipher_list: Option<bool>,
}

/// TLS options for a client (`tls_options`); they replace the emulated profile's.
#[rnet::export]
#[derive(Debug, Clone)]
pub struct TlsOptions {
    settings: TlsSettings,
}

#[rnet::export]
impl TlsOptions {
    /// Creates TLS options from keyword arguments / an options object.
    #[rnet(constructor)]
    pub fn new(opts: Option<TlsSettings>) -> Result<Self> {
        let settings = opts.unwrap_or_default();
        if let Some(n) = settings.record_size_limit {
            u16::try_from(n).map_err(|_| {
                let name = crate::host::option_name(TlsSettings::FIELDS, "record_size_limit");
                Error::Builder(format!("{name} {n} is over 65535"))
            })?;
        }
        if let Some(shares) = &settings.key_shares {
            check_key_shares(shares, settings.curves_list.as_deref())?;
        }
        Ok(TlsOptions { settings })
    }
}

impl KeyShare {
    /// BoringSSL's group names for `curves_list`; none for a group it offers but cannot
    /// generate a key share for.
    fn group_names(self) -> &'static [&'static str] {
        match self {
            KeyShare::P256 => &["P-256", "prime256v1"],
            KeyShare::P384 => &["P-384", "secp384r1"],
            KeyShare::P521 => &["P-521", "secp521r1"],
            KeyShare::X25519 => &["X25519", "x25519"],
            KeyShare::X25519_MLKEM768 => &["X25519MLKEM768"],
            KeyShare::X25519_KYBER768_DRAFT00 => &["X25519Kyber768Draft00"],
            KeyShare::MLKEM1024 => &["MLKEM1024"],
            KeyShare::P256_KYBER768_DRAFT00 | KeyShare::FFDHE2048 | KeyShare::FFDHE3072 => &[],
        }
    }
}

/// BoringSSL fails the handshake with no reason for key shares it cannot make, or that are
/// not among the offered groups in the same order: say so when the options are built.
fn check_key_shares(shares: &[KeyShare], curves: Option<&str>) -> Result<()> {
    if let Some(k) = shares.iter().find(|k| k.group_names().is_empty()) {
        return Err(Error::Builder(format!(
            "key share {k:?} cannot be generated by this BoringSSL build (it generates P256, \
             P384, P521, X25519, X25519_MLKEM768, X25519_KYBER768_DRAFT00 and MLKEM1024)"
        )));
    }
    let Some(curves) = curves else { return Ok(()) };
    let groups: Vec<&str> = curves.split(':').collect();
    let mut last = None;
    let name = crate::host::option_name(TlsSettings::FIELDS, "curves_list");
    for k in shares {
        let Some(at) = groups.iter().position(|g| k.group_names().contains(g)) else {
            return Err(Error::Builder(format!(
                "key share {k:?} is not among the groups in {name} {curves:?}"
            )));
        };
        if last.is_some_and(|l| at < l) {
            return Err(Error::Builder(format!(
                "key shares must follow the order of {name} {curves:?}: {k:?} comes too early"
            )));
        }
        last = Some(at);
    }
    Ok(())
}

impl TlsOptions {
    pub fn to_wreq(&self) -> wreq::tls::TlsOptions {
        use wreq::tls::{AlpnProtocol as Alpn, AlpsProtocol as Alps};
        let s = self.settings.clone();
        let mut b = wreq::tls::TlsOptions::builder();
        if let Some(v) = s.alpn_protocols {
            b = b.alpn_protocols(v.into_iter().map(|p| match p {
                AlpnProtocol::HTTP1 => Alpn::HTTP1,
                AlpnProtocol::HTTP2 => Alpn::HTTP2,
                AlpnProtocol::HTTP3 => Alpn::HTTP3,
            }));
        }
        if let Some(v) = s.alps_protocols {
            b = b.alps_protocols(v.into_iter().map(|p| match p {
                AlpsProtocol::HTTP1 => Alps::HTTP1,
                AlpsProtocol::HTTP2 => Alps::HTTP2,
                AlpsProtocol::HTTP3 => Alps::HTTP3,
            }));
        }
        if let Some(v) = s.alps_use_new_codepoint {
            b = b.alps_use_new_codepoint(v);
        }
        if let Some(v) = s.session_ticket {
            b = b.session_ticket(v);
        }
        if let Some(v) = s.min_tls_version {
            b = b.min_tls_version(v.to_wreq());
        }
        if let Some(v) = s.max_tls_version {
            b = b.max_tls_version(v.to_wreq());
        }
        if let Some(v) = s.pre_shared_key {
            b = b.pre_shared_key(v);
        }
        if let Some(v) = s.enable_ech_grease {
            b = b.enable_ech_grease(v);
        }
        if let Some(v) = s.permute_extensions {
            b = b.permute_extensions(v);
        }
        if let Some(v) = s.grease_enabled {
            b = b.grease_enabled(v);
        }
        if let Some(v) = s.enable_ocsp_stapling {
            b = b.enable_ocsp_stapling(v);
        }
        if let Some(v) = s.enable_signed_cert_timestamps {
            b = b.enable_signed_cert_timestamps(v);
        }
        if let Some(v) = s.record_size_limit {
            b = b.record_size_limit(v as u16);
        }
        if let Some(v) = s.psk_skip_session_ticket {
            b = b.psk_skip_session_ticket(v);
        }
        if let Some(v) = s.psk_dhe_ke {
            b = b.psk_dhe_ke(v);
        }
        if let Some(v) = s.renegotiation {
            b = b.renegotiation(v);
        }
        if let Some(v) = s.delegated_credentials {
            b = b.delegated_credentials(v);
        }
        if let Some(v) = s.key_shares {
            use wreq::tls::KeyShare as K;
            let shares: Vec<K> = v
                .into_iter()
                .map(|k| match k {
                    KeyShare::P256 => K::P256,
                    KeyShare::P384 => K::P384,
                    KeyShare::P521 => K::P521,
                    KeyShare::X25519 => K::X25519,
                    KeyShare::X25519_MLKEM768 => K::X25519_MLKEM768,
                    KeyShare::X25519_KYBER768_DRAFT00 => K::X25519_KYBER768_DRAFT00,
                    KeyShare::P256_KYBER768_DRAFT00 => K::P256_KYBER768_DRAFT00,
                    KeyShare::MLKEM1024 => K::MLKEM1024,
                    KeyShare::FFDHE2048 => K::FFDHE2048,
                    KeyShare::FFDHE3072 => K::FFDHE3072,
                })
                .collect();
            b = b.key_shares(shares);
        }
        if let Some(v) = s.curves_list {
            b = b.curves_list(v);
        }
        if let Some(v) = s.cipher_list {
            b = b.cipher_list(v);
        }
        if let Some(v) = s.sigalgs_list {
            b = b.sigalgs_list(v);
        }
        if let Some(v) = s.extension_permutation {
            let order: Vec<wreq::tls::ExtensionType> =
                v.into_iter().map(ExtensionType::to_wreq).collect();
            b = b.extension_permutation(order);
        }
        if let Some(v) = s.certificate_compression_algorithms {
            let algs: Vec<&'static dyn wreq::tls::compress::CertificateCompressor> = v
                .into_iter()
                .map(CertificateCompressionAlgorithm::compressor)
                .collect();
            b = b.certificate_compressors(algs);
        }
        if let Some(v) = s.aes_hw_override {
            b = b.aes_hw_override(v);
        }
        if let Some(v) = s.random_aes_hw_override {
            b = b.random_aes_hw_override(v);
        }
        if let Some(v) = s.preserve_tls13_cipher_list {
            b = b.preserve_tls13_cipher_list(v);
        }
        b.build()
    }
}
