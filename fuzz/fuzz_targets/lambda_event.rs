#![no_main]
//! See `hookproof_fuzz::check_lambda`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hookproof_fuzz::check_lambda(data));
