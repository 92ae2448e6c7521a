//! Browser and client profiles. The `Profile` enum is generated from wreq-util's own list
//! (`wreq_util::Profile::VARIANTS`) into `emulation/profiles.rs`; a test regenerates it and
//! fails on any difference, so the list is never typed out by hand.

mod capture;
mod headers;
mod owned;
mod profiles;

pub use profiles::Profile;

/// The operating system to look like: it changes the platform-dependent headers
/// (`sec-ch-ua-platform`, the User-Agent) of the profile.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    Windows,
    MacOS,
    Linux,
    Android,
    IOS,
}

impl Platform {
    pub const ALL: &'static [Platform] = &[
        Platform::Windows,
        Platform::MacOS,
        Platform::Linux,
        Platform::Android,
        Platform::IOS,
    ];

    pub fn to_wreq(self) -> wreq_util::Platform {
        match self {
            Platform::Windows => wreq_util::Platform::Windows,
            Platform::MacOS => wreq_util::Platform::MacOS,
            Platform::Linux => wreq_util::Platform::Linux,
            Platform::Android => wreq_util::Platform::Android,
            Platform::IOS => wreq_util::Platform::IOS,
        }
    }
}

/// Which kind of request to look like: browsers send different headers (and HTTP/2
/// priorities) for a top-level navigation than for a page's `fetch()` or XHR.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RequestMode {
    /// A top-level navigation (typing a URL, following a link): `sec-fetch-mode: navigate`,
    /// `sec-fetch-dest: document`, `upgrade-insecure-requests`. The default.
    #[default]
    Navigate,
    /// A page's `fetch()` or XHR to its own origin: `sec-fetch-mode: cors`,
    /// `sec-fetch-dest: empty`, `accept: */*`, a lower priority. Chrome, Edge, Opera and
    /// Firefox profiles.
    Fetch,
}

/// Options for `Emulation` besides the profile.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct EmulationConfig {
    /// The platform to look like (default: the profile's own default, macOS for most).
    pub platform: Option<Platform>,
    /// The kind of request to look like (default Navigate).
    pub mode: Option<RequestMode>,
    /// Use the profile's HTTP/2 settings (default true).
    pub http2: Option<bool>,
    /// Send the profile's default headers (default true).
    pub headers: Option<bool>,
}

/// A profile on a platform, or a browser built from a capture: what a client should look like
/// on the wire.
#[rnet::export]
#[rnet(consts(Profile))] // wreq-python spells a profile `Emulation.Chrome133` too
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emulation {
    /// None for a captured browser.
    profile: Option<Profile>,
    captured: Option<Captured>,
    platform: Option<Platform>,
    mode: RequestMode,
    http2: bool,
    headers: bool,
}

#[rnet::export]
impl Emulation {
    /// Emulates `profile` (by default the newest Chrome, `Chrome156`), optionally on a given
    /// platform, without its HTTP/2 settings or without its default headers.
    #[rnet(constructor)]
    pub fn new(profile: Option<Profile>, opts: Option<EmulationConfig>) -> crate::Result<Self> {
        let profile = profile.unwrap_or(Profile::Chrome156);
        let opts = opts.unwrap_or_default();
        Emulation {
            platform: opts.platform,
            http2: opts.http2.unwrap_or(true),
            headers: opts.headers.unwrap_or(true),
            ..Emulation::from(profile)
        }
        .with_mode(opts.mode.unwrap_or_default())
    }

    /// An emulation of a captured browser: `capture` is the path of a capture file
    /// (`rnet-fingerprint capture` writes one; `fixture/captures/` has some) or its JSON text,
    /// or the echo's JSON for one request. Its ClientHello, HTTP/2 preface and headers become
    /// the emulation; what this build cannot send is listed in `gaps`, and `strict` turns any
    /// gap into a `BuilderError`.
    #[rnet(staticmethod)]
    pub fn from_capture(
        capture: String,
        mode: Option<RequestMode>,
        strict: Option<bool>,
    ) -> crate::Result<Self> {
        let text = if capture.trim_start().starts_with('{') {
            capture
        } else {
            std::fs::read_to_string(&capture).map_err(|e| {
                crate::Error::Builder(format!("cannot read the capture {capture:?}: {e}"))
            })?
        };
        let captured = capture::parse(&text)?;
        if strict == Some(true) && !captured.gaps.is_empty() {
            return Err(crate::Error::Builder(format!(
                "{} cannot be reproduced exactly: {}",
                captured.label,
                captured.gaps.join("; ")
            )));
        }
        Emulation {
            profile: None,
            captured: Some(Captured(std::sync::Arc::new(captured))),
            platform: None,
            mode: RequestMode::Navigate,
            http2: true,
            headers: true,
        }
        .with_mode(mode.unwrap_or_default())
    }

    /// What a captured browser sent that this build cannot reproduce (empty for profiles).
    #[rnet(getter)]
    pub fn gaps(&self) -> Vec<String> {
        self.captured
            .as_ref()
            .map(|c| c.0.gaps.clone())
            .unwrap_or_default()
    }

    /// A uniformly random profile on a random platform.
    #[rnet(staticmethod)]
    pub fn random() -> Self {
        let r = random_u64();
        Emulation {
            platform: Some(Platform::ALL[((r >> 32) % Platform::ALL.len() as u64) as usize]),
            ..Emulation::from(Profile::ALL[(r % Profile::ALL.len() as u64) as usize])
        }
    }

    /// The emulated profile (none for a captured browser).
    #[rnet(getter)]
    pub fn profile(&self) -> Option<Profile> {
        self.profile
    }

    /// The emulated platform, if one was chosen.
    #[rnet(getter)]
    pub fn platform(&self) -> Option<Platform> {
        self.platform
    }

    /// The kind of request it looks like.
    #[rnet(getter)]
    pub fn mode(&self) -> RequestMode {
        self.mode
    }

    /// Whether the profile's HTTP/2 settings are used.
    #[rnet(getter)]
    pub fn http2(&self) -> bool {
        self.http2
    }

    /// Whether the profile's default headers are sent.
    #[rnet(getter)]
    pub fn headers(&self) -> bool {
        self.headers
    }
}

pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.finish()
}

impl Emulation {
    /// The same emulation, looking like a request of `mode`; an error for a profile whose
    /// family rnet has no header set for in that mode.
    pub fn with_mode(self, mode: RequestMode) -> crate::Result<Self> {
        let known = match (&self.profile, &self.captured) {
            (Some(p), _) => headers::supports(p.name(), mode),
            (None, Some(c)) => mode == RequestMode::Navigate || c.0.fetch.is_some(),
            (None, None) => false,
        };
        if !known {
            return Err(crate::Error::Builder(format!(
                "RequestMode.{mode:?} is not known for {}: rnet has its header set for the \
                 Chrome, Edge, Opera and Firefox profiles, and for captures that have it",
                self.name()
            )));
        }
        Ok(Emulation { mode, ..self })
    }

    fn name(&self) -> String {
        match (&self.profile, &self.captured) {
            (Some(p), _) => p.name().to_string(),
            (None, Some(c)) => c.0.label.clone(),
            (None, None) => "nothing".into(),
        }
    }

    /// A captured browser's emulation: its own options, headers for the mode.
    fn captured_emulation(&self, c: &capture::Captured) -> wreq::Emulation {
        let mut b = wreq::Emulation::builder().tls_options(c.tls.clone());
        if let (true, Some(h2)) = (self.http2, &c.http2) {
            let mut h2 = h2.clone();
            if let (RequestMode::Fetch, Some((_, Some(dep)))) = (self.mode, &c.fetch) {
                h2.headers_stream_dependency = Some(*dep);
            }
            b = b.http2_options(h2);
        }
        if self.headers {
            let headers = match (self.mode, &c.fetch) {
                (RequestMode::Fetch, Some((h, _))) => h.clone(),
                _ => c.navigate.clone(),
            };
            b = b.headers(headers);
        }
        b.build(wreq::Group::new(c.label.clone()))
    }
}

/// A captured browser, shared by the emulations made from it (equal only to itself).
#[derive(Debug, Clone)]
struct Captured(std::sync::Arc<capture::Captured>);

impl PartialEq for Captured {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Captured {}

impl From<Profile> for Emulation {
    fn from(profile: Profile) -> Self {
        Emulation {
            profile: Some(profile),
            captured: None,
            platform: None,
            mode: RequestMode::Navigate,
            http2: true,
            headers: true,
        }
    }
}

impl wreq::IntoEmulation for Emulation {
    fn into_emulation(self) -> wreq::Emulation {
        let profile = match (self.profile, &self.captured) {
            (Some(p), _) => p,
            (None, Some(c)) => return self.captured_emulation(&c.0),
            (None, None) => return wreq::Emulation::builder().build(wreq::Group::new("rnet")),
        };
        let b = wreq_util::Emulation::builder()
            .profile(profile.to_wreq())
            .http2(self.http2)
            .headers(self.headers);
        // wreq-util's builder is typed per field; a platform is set only when chosen.
        let emulation = match self.platform {
            Some(p) => b.platform(p.to_wreq()).build(),
            None => b.build(),
        };
        let mut emulation = wreq::IntoEmulation::into_emulation(emulation);
        let name = profile.name();
        if let Some(owned) = owned::find(name) {
            owned.apply(&mut emulation, self.headers);
        }
        // `headers: false` asked for no profile headers: none are added back.
        if self.headers {
            headers::rewrite(name, self.mode, &mut emulation.headers);
        }
        if let Some(h2) = emulation.http2_options.as_mut() {
            headers::priority(name, self.mode, h2);
        }
        emulation
    }
}

/// Writes `docs/profiles.md`, the profile list users read, from the same source.
#[doc(hidden)]
pub fn generate_profiles_doc() -> String {
    let mut s = String::from(
        "# Profiles\n\n<!-- @generated by `RNET_BLESS=1 cargo test -p rnet --test profiles`; do not edit. -->\n\n\
         Every profile wreq-util defines, then rnet's own newer ones (`Chrome150`–`Chrome156`, `Firefox153`; see\n\
         [fingerprints.md](fingerprints.md)), by family. Python: `rnet.Profile.Chrome156`; Node: `'Chrome156'`.\n\
         Combine one with a platform (`Windows`, `MacOS`, `Linux`, `Android`, `IOS`) through `Emulation`.\n\n\
         | family | profiles |\n|---|---|\n",
    );
    let families = ["Chrome", "Edge", "Opera", "Firefox", "Safari", "OkHttp"];
    for family in families {
        let names: Vec<String> = Profile::ALL
            .iter()
            .map(|p| format!("{p:?}"))
            .filter(|n| n.starts_with(family))
            .map(|n| format!("`{n}`"))
            .collect();
        s.push_str(&format!("| {family} | {} |\n", names.join(", ")));
    }
    s.push_str(&format!("\n{} profiles in all.\n", Profile::ALL.len()));
    s
}

/// Writes the source of `profiles.rs` from wreq-util's variant list, then rnet's own
/// profiles (`owned::OWNED`), each mapped to the wreq-util profile it starts from.
#[doc(hidden)]
pub fn generate_profiles_source() -> String {
    let mut names: Vec<String> = wreq_util::Profile::VARIANTS
        .iter()
        .map(|p| format!("{p:?}"))
        .collect();
    let upstream = names.len();
    names.extend(owned::OWNED.iter().map(|o| o.name.to_string()));
    let base = |i: usize, n: &str| {
        if i < upstream {
            n.to_string()
        } else {
            owned::OWNED[i - upstream].base.to_string()
        }
    };
    let mut s = String::from(
        "// @generated from `wreq_util::Profile::VARIANTS` and rnet's own profiles (`emulation/owned.rs`)\n\
         // by `RNET_BLESS=1 cargo test -p rnet --test profiles`.\n\
         // Do not edit: the test fails when this file and its sources disagree.\n\n\
         /// A browser or client profile to emulate: TLS ClientHello, HTTP/2 settings and\n\
         /// priorities, and default headers (wreq-util's, and rnet's newer ones).\n\
         #[rnet::export]\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n\
         pub enum Profile {\n",
    );
    for n in &names {
        s.push_str(&format!("    {n},\n"));
    }
    s.push_str("}\n\nimpl Profile {\n    /// Every profile: wreq-util's, in its order, then rnet's own.\n    pub const ALL: &'static [Profile] = &[\n");
    for n in &names {
        s.push_str(&format!("        Profile::{n},\n"));
    }
    s.push_str(
        "    ];\n\n    /// The wreq-util profile to build from (rnet's own profiles start from an older one).\n    pub fn to_wreq(self) -> wreq_util::Profile {\n        match self {\n",
    );
    for (i, n) in names.iter().enumerate() {
        s.push_str(&format!(
            "            Profile::{n} => wreq_util::Profile::{},\n",
            base(i, n)
        ));
    }
    s.push_str("        }\n    }\n\n    /// The profile's name, as both hosts spell it.\n    pub fn name(self) -> &'static str {\n        match self {\n");
    for n in &names {
        s.push_str(&format!("            Profile::{n} => \"{n}\",\n"));
    }
    s.push_str("        }\n    }\n}\n");
    s
}
