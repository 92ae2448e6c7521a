//! Test certificates made at start: a CA, a server certificate for `localhost` signed by it, and
//! a client certificate for mutual TLS. The PEM files go to a temporary directory whose paths
//! the fixture announces, so tests can trust the CA and present the client identity.
//! Two more server certificates exist for the fault tests: one that expired (signed by the CA)
//! and one for `localhost` from a CA nobody trusts.

use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair};
use std::{path::PathBuf, sync::Arc};
use tokio_rustls::rustls::{
    self,
    pki_types::{CertificateDer, PrivateKeyDer},
};

pub struct Pki {
    pub dir: PathBuf,
    pub ca_pem: PathBuf,
    pub server_cert_pem: PathBuf,
    pub client_cert_pem: PathBuf,
    pub client_key_pem: PathBuf,
    server: Leaf,
    expired: Leaf,
    untrusted: Leaf,
    ca_der: CertificateDer<'static>,
}

/// A server certificate chain and its key.
#[derive(Clone)]
struct Leaf {
    chain: Vec<CertificateDer<'static>>,
    key: Vec<u8>,
    pem: String,
}

/// A certificate for `localhost` signed by `ca`, optionally valid only in 2020.
fn localhost_leaf(ca: &rcgen::Certificate, ca_key: &KeyPair, expired: bool) -> Leaf {
    let key = KeyPair::generate().expect("server key");
    let mut params = CertificateParams::new(vec!["localhost".into()]).expect("params");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    if expired {
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(2020, 12, 31);
    }
    let cert = params
        .signed_by(&key, ca, ca_key)
        .expect("server certificate");
    Leaf {
        chain: vec![cert.der().clone(), ca.der().clone()],
        key: key.serialize_der(),
        pem: cert.pem(),
    }
}

fn new_ca(name: &str) -> (rcgen::Certificate, KeyPair) {
    let key = KeyPair::generate().expect("CA key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    (params.self_signed(&key).expect("CA"), key)
}

impl Pki {
    pub fn generate() -> Pki {
        let (ca, ca_key) = new_ca("rnet test CA");
        // The server certificate names `localhost` only: 127.0.0.1 is a hostname mismatch.
        let server = localhost_leaf(&ca, &ca_key, false);
        let expired = localhost_leaf(&ca, &ca_key, true);
        let (other_ca, other_key) = new_ca("rnet untrusted CA");
        let untrusted = localhost_leaf(&other_ca, &other_key, false);

        let client_key = KeyPair::generate().expect("client key");
        let mut client_params = CertificateParams::new(Vec::<String>::new()).expect("params");
        client_params
            .distinguished_name
            .push(DnType::CommonName, "rnet test client");
        client_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        let client = client_params
            .signed_by(&client_key, &ca, &ca_key)
            .expect("client certificate");

        let dir = std::env::temp_dir().join(format!("rnet-fixture-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let write = |name: &str, text: String| {
            let p = dir.join(name);
            std::fs::write(&p, text).expect("write PEM");
            p
        };
        Pki {
            ca_pem: write("ca.pem", ca.pem()),
            server_cert_pem: write("server.pem", server.pem.clone()),
            client_cert_pem: write("client.pem", client.pem()),
            client_key_pem: write("client.key", client_key.serialize_pem()),
            server,
            expired,
            untrusted,
            ca_der: ca.der().clone(),
            dir,
        }
    }

    fn builder() -> rustls::ConfigBuilder<rustls::ServerConfig, rustls::WantsVerifier> {
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
    }

    fn finish(
        leaf: &Leaf,
        b: rustls::ConfigBuilder<rustls::ServerConfig, rustls::server::WantsServerCert>,
    ) -> Arc<rustls::ServerConfig> {
        let key = PrivateKeyDer::Pkcs8(leaf.key.clone().into());
        let mut cfg = b
            .with_single_cert(leaf.chain.clone(), key)
            .expect("server certificate");
        cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Arc::new(cfg)
    }

    /// The server's TLS configuration: ALPN h2 and http/1.1, no client certificate.
    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        Self::finish(&self.server, Self::builder().with_no_client_auth())
    }

    /// The same with the certificate that expired at the end of 2020.
    pub fn expired_config(&self) -> Arc<rustls::ServerConfig> {
        Self::finish(&self.expired, Self::builder().with_no_client_auth())
    }

    /// The same with a certificate from a CA that is not the test CA.
    pub fn untrusted_config(&self) -> Arc<rustls::ServerConfig> {
        Self::finish(&self.untrusted, Self::builder().with_no_client_auth())
    }

    /// ALPN h2 only, for the HTTP/2 fault listener.
    pub fn h2_only_config(&self) -> Arc<rustls::ServerConfig> {
        let mut cfg = (*self.server_config()).clone();
        cfg.alpn_protocols = vec![b"h2".to_vec()];
        Arc::new(cfg)
    }

    /// The same, but a client certificate signed by the test CA is required.
    pub fn mtls_config(&self) -> Arc<rustls::ServerConfig> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.ca_der.clone()).expect("CA root");
        let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
            Arc::new(roots),
            Arc::new(rustls::crypto::ring::default_provider()),
        )
        .build()
        .expect("client verifier");
        Self::finish(
            &self.server,
            Self::builder().with_client_cert_verifier(verifier),
        )
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
