//! Browser and client profiles. The `Profile` enum is generated from wreq-util's own list
//! (`wreq_util::Profile::VARIANTS`) into `emulation/profiles.rs`; a test regenerates it and
//! fails on any difference, so the list is never typed out by hand.

mod profiles;

pub use profiles::Profile;

impl wreq::IntoEmulation for Profile {
    fn into_emulation(self) -> wreq::Emulation {
        wreq::IntoEmulation::into_emulation(self.to_wreq())
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
