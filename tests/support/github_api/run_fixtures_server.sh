#!/usr/bin/env bash
# Starts @octokit/fixtures-server's middleware on 127.0.0.1 (fixtures_server.js), with the npm
# packages installed on first use:
#   run_fixtures_server.sh --port-file <file> [--ttl <ms>]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
prefix=$("$here/install.sh") || { echo "run_fixtures_server.sh: installing the npm packages failed" >&2; exit 1; }
export NODE_PATH=$prefix/node_modules
exec node "$here/fixtures_server.js" "$@"
