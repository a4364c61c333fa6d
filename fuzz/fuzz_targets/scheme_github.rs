#![no_main]
//! The github scheme's header parsing and verification; see `hookproof_fuzz::check_scheme`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hookproof_fuzz::check_scheme("github", data));
