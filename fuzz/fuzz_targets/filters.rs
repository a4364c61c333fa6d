#![no_main]
//! See `hookproof_fuzz::check_filters`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hookproof_fuzz::check_filters(data));
