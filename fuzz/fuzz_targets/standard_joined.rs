#![no_main]
//! See `hookproof_fuzz::check_standard_joined`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hookproof_fuzz::check_standard_joined(data));
