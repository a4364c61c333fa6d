// Packs the npm packages as they are published, napi-rs style:
//
//   hookproof-<v>.tgz                    the JavaScript layer; `optionalDependencies` name one
//                                        platform package per binary packed with it (written
//                                        here, at pack time, never committed)
//   hookproof-<platform>-<v>.tgz         `@hookproof/<platform>`: one prebuilt .node each, with
//                                        the `os`/`cpu`/`libc` fields npm installs it by
//   hookproof-wasm-<v>.tgz               `@hookproof/wasm`: the WebAssembly engine
//
//   node pack.mjs --out DIR [--binary <rust triple>=<path to .node>]...
//
// Without --binary, the binary built for this machine (bindings/node/hookproof.<platform>.node)
// is packed. Prints the tarballs' paths as JSON. Run the builds first (./dev dist does).

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const NODE_PKG = join(HERE, '..', 'node');
const WASM_PKG = join(HERE, '..', 'wasm');

/** A Rust target triple as npm sees it: the package suffix and its os/cpu/libc fields. */
export function npmPlatform(triple) {
  const [cpu, , sys, abi] = triple.split('-');
  const arch = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32' }[cpu];
  const os = { linux: 'linux', darwin: 'darwin', windows: 'win32' }[sys];
  if (!arch || !os) throw new Error(`pack.mjs: no npm platform for ${triple}`);
  const suffix = os === 'linux' ? `${os}-${arch}-${abi}` : os === 'win32' ? `${os}-${arch}-${abi}` : `${os}-${arch}`;
  const libc = abi === 'gnu' ? ['glibc'] : abi === 'musl' ? ['musl'] : undefined;
  return { suffix, os: [os], cpu: [arch], ...(libc && { libc }) };
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

function npmPack(dir, out) {
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: dir, encoding: 'utf8' });
  return join(out, JSON.parse(output)[0].filename);
}

function hostTriple() {
  const local = readdirSync(NODE_PKG).find((n) => /^hookproof\..+\.node$/.test(n));
  if (!local) throw new Error('pack.mjs: no bindings/node/hookproof.<platform>.node: run bindings/node/build.sh');
  const suffix = local.slice('hookproof.'.length, -'.node'.length);
  const triple = readJson(join(NODE_PKG, 'package.json')).napi.targets.find((t) => npmPlatform(t).suffix === suffix);
  return [triple, join(NODE_PKG, local)];
}

export function pack(out, binaries) {
  mkdirSync(out, { recursive: true });
  const root = readJson(join(NODE_PKG, 'package.json'));
  const shared = { version: root.version, license: root.license, repository: root.repository, engines: root.engines };
  const staging = mkdtempSync(join(tmpdir(), 'hookproof-pack-'));
  const tarballs = { wasm: npmPack(WASM_PKG, out), platforms: {} };
  try {
    for (const [triple, binary] of binaries) {
      const platform = npmPlatform(triple);
      const dir = join(staging, platform.suffix);
      mkdirSync(dir);
      const file = `hookproof.${platform.suffix}.node`;
      cpSync(binary, join(dir, file));
      const { suffix, ...fields } = platform;
      writeFileSync(join(dir, 'package.json'), JSON.stringify({
        name: `@hookproof/${suffix}`, ...shared,
        description: `The ${triple} binary of hookproof (installed by npm as an optional dependency of \`hookproof\`)`,
        main: file, files: [file], ...fields,
      }, null, 2) + '\n');
      writeFileSync(join(dir, 'README.md'), `# @hookproof/${suffix}\n\nThe \`${triple}\` native binary of [hookproof](https://www.npmjs.com/package/hookproof). Install \`hookproof\`, not this package.\n`);
      tarballs.platforms[suffix] = npmPack(dir, out);
    }
    // The main package: what the repository has, plus the optional dependencies on the packed
    // platforms, all at the package's own version.
    const main = join(staging, 'hookproof');
    mkdirSync(main);
    for (const entry of ['dist', 'README.md']) cpSync(join(NODE_PKG, entry), join(main, entry), { recursive: true });
    const manifest = { ...root };
    delete manifest.devDependencies;
    delete manifest.scripts;
    manifest.optionalDependencies = Object.fromEntries(Object.keys(tarballs.platforms).sort().map((s) => [`@hookproof/${s}`, root.version]));
    writeFileSync(join(main, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    tarballs.main = npmPack(main, out);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return tarballs;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  if (outIndex < 0 || !args[outIndex + 1]) {
    console.error('usage: node pack.mjs --out DIR [--binary <rust triple>=<path to .node>]...');
    process.exit(2);
  }
  const binaries = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--binary') continue;
    const [triple, path] = args[i + 1].split('=');
    if (!existsSync(path)) throw new Error(`pack.mjs: ${path} does not exist`);
    binaries.push([triple, path]);
  }
  if (binaries.length === 0) binaries.push(hostTriple());
  const result = pack(resolve(args[outIndex + 1]), binaries);
  console.log(JSON.stringify({ ...result, files: [result.main, result.wasm, ...Object.values(result.platforms)].map((f) => basename(f)) }, null, 2));
}
