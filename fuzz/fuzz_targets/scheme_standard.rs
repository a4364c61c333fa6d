#![no_main]
//! The standard scheme's header parsing and verification; see `hookproof_fuzz::check_scheme`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hookproof_fuzz::check_scheme("standard", data));
