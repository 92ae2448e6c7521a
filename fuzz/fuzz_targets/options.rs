//! libFuzzer's entry for fuzz/targets/options.rs (also replayed by rnet/tests/fuzz_replay.rs).
#![no_main]
#[path = "../targets/options.rs"]
mod target;

libfuzzer_sys::fuzz_target!(|data: &[u8]| target::run(data));
