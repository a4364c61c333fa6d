#!/usr/bin/env bash
# The Node benchmark: hookproof vs Print.one's idiom, timingSafeEqual, standardwebhooks and
# @octokit/webhooks-methods, on a 700-byte Print.one event and on 1 MiB. Run build.sh first.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
test -f hookproof.node || bash "$HERE/build.sh"
node bench.js "$@"
