//! The calls every request makes, as plain N-API callbacks.
//!
//! A `#[napi]` function pays for napi-rs's machinery on every call: its borrow scope and barrier
//! (thread-local bookkeeping that guards `&mut self` against re-entry) and a conversion per
//! argument. Measured on this package (`node` loop over functions that take the same arguments
//! and do nothing): an empty call 42 ns, the same call taking the five arguments of `verifyOne`
//! 270 ns, against a 900 ns verify in the core. These two callbacks read their arguments with
//! one N-API call each and nothing else, so a request pays N-API's own cost only.
//!
//! They convert and nothing more: the core verifies. An argument of another type is the core's
//! `invalid_argument` error back, never a pass (the JavaScript layer only calls them with the
//! types it checked, and uses the `#[napi]` functions for everything else).
//!
//! - `verifyOneRaw(handle, body, now, index, value)`: `undefined` if authentic, else the core's
//!   error as `{ code, message }`. `handle` is `NativeWebhook#fastHandle()`, `body` a
//!   `Uint8Array`, `now` a number or `undefined`, `value` the signature header (slot `index`).
//! - `constructOneRaw(handle, body, now, index, value, out)`: verifies as `verifyOneRaw`, then
//!   checks the event. `undefined` for a typed event, with `out` (a `Float64Array` of two) set to
//!   whether its name is documented (1 or 0) and its `created_at` in Unix milliseconds; `null`
//!   for a scheme without a typed event (the body is JSON); else the core's error value. The
//!   JavaScript layer reads the event's name and data from its own `JSON.parse` of the body, whose
//!   shape the core has just checked, so no string or object is built here.
//! - `verifyOneShotRaw(body, signature, secret)`: `true`/`false`, or the core's error value.

use std::ffi::c_void;
use std::ptr;
use std::sync::Arc;

use hookproof::support;
use napi::bindgen_prelude::{FromNapiValue, ToNapiValue, TypeName};
use napi::sys;

/// Marks the externals this addon made: a handle is checked before it is used.
const HANDLE_TAG: u64 = u64::from_be_bytes(*b"hookprf1");

/// What a `fastHandle()` external points to.
#[repr(C)]
struct Handle {
    tag: u64,
    webhook: Arc<hookproof::Webhook>,
}

/// A verifier as an external value, for [`verify_one_raw`] (see `NativeWebhook::fast_handle`).
pub struct FastHandle(pub Arc<hookproof::Webhook>);

unsafe extern "C" fn finalize_handle(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    if !data.is_null() {
        // SAFETY: `data` is the `Box<Handle>` leaked in `to_napi_value`; N-API finalizes once.
        drop(unsafe { Box::from_raw(data.cast::<Handle>()) });
    }
}

impl ToNapiValue for FastHandle {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let data = Box::into_raw(Box::new(Handle {
            tag: HANDLE_TAG,
            webhook: val.0,
        }));
        let mut out = ptr::null_mut();
        // SAFETY: `data` stays valid until `finalize_handle` frees it.
        let status = unsafe {
            sys::napi_create_external(
                env,
                data.cast(),
                Some(finalize_handle),
                ptr::null_mut(),
                &mut out,
            )
        };
        if status != sys::Status::napi_ok {
            // SAFETY: N-API did not take `data`.
            drop(unsafe { Box::from_raw(data) });
            return Err(napi::Error::from_reason(
                "could not create the verifier handle",
            ));
        }
        Ok(out)
    }
}

impl TypeName for FastHandle {
    fn type_name() -> &'static str {
        "ExternalObject<Webhook>"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::External
    }
}

/// The verifier behind a handle, if `value` is one of this addon's handles.
///
/// # Safety
/// `env` and `value` come from the current callback.
unsafe fn webhook_of<'a>(
    env: sys::napi_env,
    value: sys::napi_value,
) -> Option<&'a hookproof::Webhook> {
    let mut data = ptr::null_mut();
    // SAFETY: a non-external value fails with a status and leaves `data` null.
    let status = unsafe { sys::napi_get_value_external(env, value, &mut data) };
    if status != sys::Status::napi_ok || data.is_null() {
        return None;
    }
    let handle = data.cast::<Handle>();
    // SAFETY: an external holds a pointer to at least a word: ours start with the tag (as
    // napi-rs's own externals start with theirs), and only a tagged one is read further. It is
    // alive: the JavaScript value holding it is an argument of this call.
    unsafe {
        if ptr::addr_of!((*handle).tag).read_unaligned() != HANDLE_TAG {
            return None;
        }
        Some(&(*handle).webhook)
    }
}

/// The bytes of a `Uint8Array` argument, borrowed for the call.
///
/// # Safety
/// As [`webhook_of`]; the slice lives no longer than the callback.
unsafe fn bytes_of<'a>(env: sys::napi_env, value: sys::napi_value) -> Option<&'a [u8]> {
    let mut data = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: N-API fills both for a Buffer or typed array; anything else is a status.
    let status = unsafe { sys::napi_get_buffer_info(env, value, &mut data, &mut len) };
    if status != sys::Status::napi_ok {
        return None;
    }
    if len == 0 || data.is_null() {
        return Some(&[]);
    }
    // SAFETY: `data` points to `len` bytes kept alive by the argument.
    Some(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
}

/// A string argument's UTF-8 bytes: in the caller's [`TextRoom`] when it is short ASCII (every
/// signature and most secrets), else on the heap.
enum Text<'a> {
    Short(&'a [u8]),
    Long(String),
}

impl Text<'_> {
    fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Short(bytes) => bytes,
            Text::Long(text) => text.as_bytes(),
        }
    }
}

const SHORT_TEXT: usize = 256;

/// Stack room for reading one short string, left uninitialized: N-API writes the units read,
/// and only the bytes converted from them are read back (no zeroing, no copy of the buffer).
struct TextRoom {
    units: std::mem::MaybeUninit<[u16; SHORT_TEXT]>,
    bytes: std::mem::MaybeUninit<[u8; SHORT_TEXT]>,
}

impl TextRoom {
    fn new() -> Self {
        TextRoom {
            units: std::mem::MaybeUninit::uninit(),
            bytes: std::mem::MaybeUninit::uninit(),
        }
    }
}

/// A string argument, read with one N-API call as UTF-16 (which V8 copies out of its one-byte
/// strings about 50 ns faster than it encodes UTF-8). Text that is not short ASCII is read again
/// as UTF-8 (N-API's conversion, lone surrogates as U+FFFD), so the bytes are always its UTF-8.
///
/// # Safety
/// As [`webhook_of`].
unsafe fn text_of<'a>(
    env: sys::napi_env,
    value: sys::napi_value,
    room: &'a mut TextRoom,
) -> Option<Text<'a>> {
    let mut len = 0usize;
    // SAFETY: room for SHORT_TEXT units; N-API writes at most SHORT_TEXT - 1 and a NUL, and
    // fails (leaving nothing to read) for a non-string.
    let status = unsafe {
        sys::napi_get_value_string_utf16(
            env,
            value,
            room.units.as_mut_ptr().cast(),
            SHORT_TEXT,
            &mut len,
        )
    };
    if status != sys::Status::napi_ok {
        return None;
    }
    if len + 1 < SHORT_TEXT {
        // SAFETY: N-API initialized the first `len` units.
        let units = unsafe { std::slice::from_raw_parts(room.units.as_ptr().cast::<u16>(), len) };
        if units.iter().all(|&unit| unit < 0x80) {
            let bytes = room.bytes.as_mut_ptr().cast::<u8>();
            for (at, &unit) in units.iter().enumerate() {
                // SAFETY: `at < len < SHORT_TEXT`, inside `room.bytes`. ASCII: the unit is the byte.
                unsafe { bytes.add(at).write(unit as u8) };
            }
            // SAFETY: the first `len` bytes were written just above.
            return Some(Text::Short(unsafe {
                std::slice::from_raw_parts(bytes, len)
            }));
        }
    }
    // SAFETY: as above; napi-rs's `String` reads the whole value as UTF-8.
    unsafe { String::from_napi_value(env, value) }
        .ok()
        .map(Text::Long)
}

fn undefined(env: sys::napi_env) -> sys::napi_value {
    let mut out = ptr::null_mut();
    // SAFETY: `env` is the callback's.
    unsafe { sys::napi_get_undefined(env, &mut out) };
    out
}

fn null(env: sys::napi_env) -> sys::napi_value {
    let mut out = ptr::null_mut();
    // SAFETY: `env` is the callback's.
    unsafe { sys::napi_get_null(env, &mut out) };
    out
}

fn boolean(env: sys::napi_env, value: bool) -> sys::napi_value {
    let mut out = ptr::null_mut();
    // SAFETY: `env` is the callback's.
    unsafe { sys::napi_get_boolean(env, value, &mut out) };
    out
}

/// The core's error as the `{ code, message }` value the JavaScript layer throws.
fn error_value(env: sys::napi_env, err: hookproof::Error) -> sys::napi_value {
    // SAFETY: `env` is the callback's; napi-rs converts the `#[napi(object)]` as it returns it.
    unsafe { crate::EngineError::to_napi_value(env, crate::engine_error(err)) }
        .unwrap_or_else(|_| undefined(env))
}

/// What a fast path answers when called with arguments it does not take.
fn unexpected_arguments(function: &'static str) -> hookproof::Error {
    hookproof::Error::InvalidArgument {
        argument: function,
        reason: "called with arguments of other types than the JavaScript layer passes".to_string(),
    }
}

/// The callback's arguments (`N` of them; missing ones are `undefined`).
///
/// # Safety
/// `env` and `info` are the callback's.
unsafe fn arguments<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> Option<[sys::napi_value; N]> {
    let mut argv = [ptr::null_mut(); N];
    let mut argc = N;
    // SAFETY: `argv` has room for `argc` values.
    let status = unsafe {
        sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    (status == sys::Status::napi_ok).then_some(argv)
}

/// Runs `f`, turning a panic into a JavaScript exception (never an abort across FFI).
fn guarded(env: sys::napi_env, f: impl FnOnce() -> sys::napi_value) -> sys::napi_value {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(_) => {
            // SAFETY: `env` is the callback's; the message is a NUL-terminated literal.
            unsafe {
                sys::napi_throw_error(
                    env,
                    ptr::null(),
                    c"hookproof-node: internal error (a panic in the native engine)".as_ptr(),
                )
            };
            ptr::null_mut()
        }
    }
}

/// What `verifyOneRaw` is called with: the verifier, the body, the caller's clock (`None`: the
/// verifier's own), the slot of the one header value, and that value.
struct VerifyOneArguments<'a> {
    webhook: &'a hookproof::Webhook,
    body: &'a [u8],
    now: Option<f64>,
    slot: u32,
    value: Text<'a>,
}

/// The arguments `verifyOneRaw` (and `constructOneRaw`) start with, if each has the type it takes.
///
/// # Safety
/// `env` and the values are the callback's; what is returned lives no longer than the callback.
unsafe fn verify_one_arguments<'a>(
    env: sys::napi_env,
    [handle, body, now, index, value]: [sys::napi_value; 5],
    room: &'a mut TextRoom,
) -> Option<VerifyOneArguments<'a>> {
    // SAFETY: every read is of this callback's arguments, alive for the call.
    unsafe {
        let webhook = webhook_of(env, handle)?;
        let body = bytes_of(env, body)?;
        // `undefined` (not a number): the webhook's own clock.
        let mut now_secs = 0f64;
        let now = (sys::napi_get_value_double(env, now, &mut now_secs) == sys::Status::napi_ok)
            .then_some(now_secs);
        let mut slot = 0u32;
        if sys::napi_get_value_uint32(env, index, &mut slot) != sys::Status::napi_ok {
            return None;
        }
        Some(VerifyOneArguments {
            webhook,
            body,
            now,
            slot,
            value: text_of(env, value, room)?,
        })
    }
}

impl VerifyOneArguments<'_> {
    /// Runs `call` with the one header value in its slot, and the caller's clock converted.
    fn with_headers<T>(
        &self,
        call: impl FnOnce(&support::Slots<'_, &[u8]>, Option<i64>) -> Result<T, hookproof::Error>,
    ) -> Result<T, hookproof::Error> {
        let one = [self.value.as_bytes()];
        let empty: [&[u8]; 0] = [];
        let mut slots: [&[&[u8]]; support::MAX_SLOTS] = [&empty; support::MAX_SLOTS];
        if let Some(held) = slots.get_mut(self.slot as usize) {
            *held = &one;
        }
        let headers = support::Slots::new(self.webhook.scheme(), &slots);
        let now = self
            .now
            .map(|secs| support::unix_time(secs, "now"))
            .transpose()?;
        call(&headers, now)
    }
}

unsafe extern "C" fn verify_one_raw(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    guarded(env, || {
        let mut room = TextRoom::new();
        // SAFETY: the callback's own `env` and `info`.
        let call = unsafe {
            arguments::<5>(env, info).and_then(|argv| verify_one_arguments(env, argv, &mut room))
        };
        let Some(call) = call else {
            return error_value(env, unexpected_arguments("verifyOneRaw"));
        };
        match call
            .with_headers(|headers, now| support::verify(call.webhook, call.body, headers, now))
        {
            Ok(()) => undefined(env),
            Err(err) => error_value(env, err),
        }
    })
}

/// The two numbers of a `Float64Array` of length two, borrowed for the call.
///
/// # Safety
/// As [`webhook_of`].
unsafe fn pair_of<'a>(env: sys::napi_env, value: sys::napi_value) -> Option<&'a mut [f64; 2]> {
    let mut kind = sys::TypedarrayType::int8_array;
    let mut len = 0usize;
    let mut data = ptr::null_mut();
    // SAFETY: N-API fills these for a typed array, and fails for anything else.
    let status = unsafe {
        sys::napi_get_typedarray_info(
            env,
            value,
            &mut kind,
            &mut len,
            &mut data,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    if status != sys::Status::napi_ok
        || kind != sys::TypedarrayType::float64_array
        || len != 2
        || data.is_null()
    {
        return None;
    }
    // SAFETY: a Float64Array's data is aligned for f64 and holds `len` of them; the argument
    // keeps it alive, and no JavaScript runs (nothing else touches it) during the call.
    Some(unsafe { &mut *data.cast::<[f64; 2]>() })
}

unsafe extern "C" fn construct_one_raw(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    guarded(env, || {
        let mut room = TextRoom::new();
        // SAFETY: the callback's own `env` and `info`.
        let arguments = unsafe {
            arguments::<6>(env, info).and_then(|[handle, body, now, index, value, out]| {
                verify_one_arguments(env, [handle, body, now, index, value], &mut room)
                    .zip(pair_of(env, out))
            })
        };
        let Some((call, out)) = arguments else {
            return error_value(env, unexpected_arguments("constructOneRaw"));
        };
        let summary = call.with_headers(|headers, now| {
            support::construct_summary(call.webhook, call.body, headers, now)
        });
        match summary {
            Ok(support::Summary::Envelope {
                known,
                created_at_unix_ms,
                ..
            }) => {
                // Milliseconds of a four-digit year: well inside f64's exact integers.
                #[allow(clippy::cast_precision_loss)]
                let ms = created_at_unix_ms as f64;
                *out = [if known { 1.0 } else { 0.0 }, ms];
                undefined(env)
            }
            Ok(support::Summary::Json) => null(env),
            Err(err) => error_value(env, err),
        }
    })
}

/// The arguments of `verifyOneShotRaw`, if each has the type it takes.
///
/// # Safety
/// As [`verify_one_arguments`].
unsafe fn verify_one_shot_arguments<'a>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    [signature_room, secret_room]: [&'a mut TextRoom; 2],
) -> Option<(&'a [u8], Text<'a>, Text<'a>)> {
    // SAFETY: as in `verify_one_arguments`.
    unsafe {
        let [body, signature, secret] = arguments::<3>(env, info)?;
        Some((
            bytes_of(env, body)?,
            text_of(env, signature, signature_room)?,
            text_of(env, secret, secret_room)?,
        ))
    }
}

unsafe extern "C" fn verify_one_shot_raw(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    guarded(env, || {
        let (mut signature_room, mut secret_room) = (TextRoom::new(), TextRoom::new());
        let rooms = [&mut signature_room, &mut secret_room];
        // SAFETY: the callback's own `env` and `info`.
        let Some((body, signature, secret)) =
            (unsafe { verify_one_shot_arguments(env, info, rooms) })
        else {
            return error_value(env, unexpected_arguments("verifyOneShotRaw"));
        };
        match support::verify_one_shot(body, Some(signature.as_bytes()), secret.as_bytes()) {
            Ok(valid) => boolean(env, valid),
            Err(err) => error_value(env, err),
        }
    })
}

/// Adds the raw callbacks to the module's exports.
///
/// # Safety
/// `env` and `exports` are the module initializer's.
pub unsafe fn register(env: sys::napi_env, exports: sys::napi_value) -> napi::Result<()> {
    type Callback = unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;
    let callbacks: [(&std::ffi::CStr, Callback); 3] = [
        (c"verifyOneRaw", verify_one_raw),
        (c"constructOneRaw", construct_one_raw),
        (c"verifyOneShotRaw", verify_one_shot_raw),
    ];
    for (name, callback) in callbacks {
        let mut function = ptr::null_mut();
        let len = isize::try_from(name.to_bytes().len()).unwrap_or(0);
        // SAFETY: `name` has `len` bytes (and a NUL, for `napi_set_named_property`).
        let created = unsafe {
            sys::napi_create_function(
                env,
                name.as_ptr(),
                len,
                Some(callback),
                ptr::null_mut(),
                &mut function,
            )
        };
        // SAFETY: as above.
        let set = unsafe { sys::napi_set_named_property(env, exports, name.as_ptr(), function) };
        if created != sys::Status::napi_ok || set != sys::Status::napi_ok {
            return Err(napi::Error::from_reason(
                "could not register the native fast paths",
            ));
        }
    }
    Ok(())
}
