#![no_main]
//! `construct_event` on validly signed arbitrary bodies; see `hookproof_fuzz::check_construct_event`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hookproof_fuzz::check_construct_event(data));
