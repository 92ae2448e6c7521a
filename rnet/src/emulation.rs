//! Browser and client profiles. The `Profile` enum is generated from wreq-util's own list
//! (`wreq_util::Profile::VARIANTS`) into `emulation/profiles.rs`; a test regenerates it and
//! fails on any difference, so the list is never typed out by hand.

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

/// Options for `Emulation` besides the profile.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct EmulationOptions {
    /// The platform to look like (default: the profile's own default, macOS for most).
    pub platform: Option<Platform>,
    /// Use the profile's HTTP/2 settings (default true).
    pub http2: Option<bool>,
    /// Send the profile's default headers (default true).
    pub headers: Option<bool>,
}

/// A profile on a platform: what a client should look like on the wire.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Emulation {
    profile: Profile,
    platform: Option<Platform>,
    http2: bool,
    headers: bool,
}

#[rnet::export]
impl Emulation {
    /// Emulates `profile`, optionally on a given platform, without its HTTP/2 settings or
    /// without its default headers.
    #[rnet(constructor)]
    pub fn new(profile: Profile, opts: Option<EmulationOptions>) -> Self {
        let opts = opts.unwrap_or_default();
        Emulation {
            profile,
            platform: opts.platform,
            http2: opts.http2.unwrap_or(true),
            headers: opts.headers.unwrap_or(true),
        }
    }

    /// A uniformly random profile on a random platform.
    #[rnet(staticmethod)]
    pub fn random() -> Self {
        let r = random_u64();
        Emulation {
            profile: Profile::ALL[(r % Profile::ALL.len() as u64) as usize],
            platform: Some(Platform::ALL[((r >> 32) % Platform::ALL.len() as u64) as usize]),
            http2: true,
            headers: true,
        }
    }

    /// The emulated profile.
    #[rnet(getter)]
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The emulated platform, if one was chosen.
    #[rnet(getter)]
    pub fn platform(&self) -> Option<Platform> {
        self.platform
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

fn random_u64() -> u64 {
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

impl From<Profile> for Emulation {
    fn from(profile: Profile) -> Self {
        Emulation::new(profile, None)
    }
}

impl wreq::IntoEmulation for Emulation {
    fn into_emulation(self) -> wreq::Emulation {
        let b = wreq_util::Emulation::builder()
            .profile(self.profile.to_wreq())
            .http2(self.http2)
            .headers(self.headers);
        // wreq-util's builder is typed per field; a platform is set only when chosen.
        let emulation = match self.platform {
            Some(p) => b.platform(p.to_wreq()).build(),
            None => b.build(),
        };
        wreq::IntoEmulation::into_emulation(emulation)
    }
}

/// Writes the source of `profiles.rs` from wreq-util's variant list.
#[doc(hidden)]
pub fn generate_profiles_source() -> String {
    let names: Vec<String> = wreq_util::Profile::VARIANTS
        .iter()
        .map(|p| format!("{p:?}"))
        .collect();
    let mut s = String::from(
        "// @generated from `wreq_util::Profile::VARIANTS` by `RNET_BLESS=1 cargo test -p rnet --test profiles`.\n\
         // Do not edit: the test fails when this file and wreq-util disagree.\n\n\
         /// A browser or client profile to emulate: TLS ClientHello, HTTP/2 settings and\n\
         /// priorities, and default headers, as wreq-util defines them.\n\
         #[rnet::export]\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n\
         pub enum Profile {\n",
    );
    for n in &names {
        s.push_str(&format!("    {n},\n"));
    }
    s.push_str("}\n\nimpl Profile {\n    /// Every profile, in wreq-util's order.\n    pub const ALL: &'static [Profile] = &[\n");
    for n in &names {
        s.push_str(&format!("        Profile::{n},\n"));
    }
    s.push_str(
        "    ];\n\n    pub fn to_wreq(self) -> wreq_util::Profile {\n        match self {\n",
    );
    for n in &names {
        s.push_str(&format!(
            "            Profile::{n} => wreq_util::Profile::{n},\n"
        ));
    }
    s.push_str("        }\n    }\n}\n");
    s
}
