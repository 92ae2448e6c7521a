fn main() {
    // napi needs its link arguments only when building the Node addon.
    if std::env::var_os("CARGO_FEATURE_NODE").is_some() {
        napi_build::setup();
    }
}
