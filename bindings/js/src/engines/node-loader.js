// Which engine `hookproof` runs on in Node, Bun and Deno: the prebuilt native binary for this
// platform (the platform packages of `optionalDependencies`, `@hookproof/<platform>`), or the
// WebAssembly engine of `@hookproof/wasm` when none loads (another platform, a runtime without
// Node-API, an install that skipped optional dependencies).
//
//   HOOKPROOF_ENGINE=native | wasm      force one (tests, or a user's choice); `native` fails
//                                       loudly when no binary loads instead of falling back
//   HOOKPROOF_NATIVE_PATH=/path/x.node  load this binary (a local build)

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nativeEngine } from './native.js';
import { wasmEngine } from './wasm.js';

// `require` in the CommonJS build; in the ES module sources, one made for this file.
const load = typeof require === 'function' ? require : createRequire(import.meta.url);

function isMusl() {
  try {
    const report = process.report && process.report.getReport();
    if (report && report.header) return !report.header.glibcVersionRuntime;
  } catch {
    // No report in this runtime: ask ldd.
  }
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    return false;
  }
}

/** The platform package's suffix: linux-x64-gnu, linux-arm64-musl, darwin-arm64, win32-x64-msvc, ... */
export function platformName(platform = process.platform, arch = process.arch, musl = platform === 'linux' && isMusl()) {
  if (platform === 'linux') return `linux-${arch}-${musl ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function packageDir() {
  return dirname(load.resolve('hookproof/package.json'));
}

function tryNative(failures) {
  const name = platformName();
  const candidates = [];
  if (process.env.HOOKPROOF_NATIVE_PATH) candidates.push(process.env.HOOKPROOF_NATIVE_PATH);
  try {
    candidates.push(join(packageDir(), `hookproof.${name}.node`)); // a build in the package folder
  } catch {
    // Not installed as a package (a bundle): only the platform package is left.
  }
  candidates.push(`@hookproof/${name}`);
  for (const candidate of candidates) {
    try {
      return load(candidate);
    } catch (error) {
      failures.push(`${candidate}: ${String((error && error.message) || error).split('\n')[0]}`);
    }
  }
  return null;
}

function wasmFallback() {
  const glue = load('@hookproof/wasm/glue');
  const bytes = readFileSync(load.resolve('@hookproof/wasm/hookproof_wasm_bg.wasm'));
  glue.initSync({ module: bytes });
  return wasmEngine(glue);
}

/** The engine, as HOOKPROOF_ENGINE and this platform allow. */
export function loadEngine() {
  const forced = process.env.HOOKPROOF_ENGINE;
  if (forced !== undefined && forced !== '' && forced !== 'native' && forced !== 'wasm') {
    throw new Error(`hookproof: HOOKPROOF_ENGINE must be "native" or "wasm", not ${JSON.stringify(forced)}`);
  }
  const failures = [];
  if (forced !== 'wasm') {
    const addon = tryNative(failures);
    if (addon) return nativeEngine(addon);
    if (forced === 'native') {
      throw new Error(`hookproof: HOOKPROOF_ENGINE=native, but no native binary loads for ${platformName()}:\n  ${failures.join('\n  ')}`);
    }
  }
  return wasmFallback();
}
