#![no_main]
//! The one-shot `verify` with arbitrary body, signature and secret; see `hookproof_fuzz::check_verify`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hookproof_fuzz::check_verify(data));
