#![no_main]
//! See `hookproof_fuzz::check_replay_keys`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hookproof_fuzz::check_replay_keys(data));
