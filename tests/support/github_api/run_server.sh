#!/usr/bin/env bash
# Starts the GitHub API test server (server.js) with its npm packages installed on first use:
#   run_server.sh --config <config.json> --port-file <file> [--state-file <file>]
# Installation messages and errors go to stderr; stdout stays free for the caller.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
prefix=$("$here/install.sh") || { echo "run_server.sh: installing the npm packages failed" >&2; exit 1; }
export NODE_PATH=$prefix/node_modules
exec node "$here/server.js" "$@"
