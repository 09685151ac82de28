#!/usr/bin/env bash
# Installs one line of the OpenTelemetry JavaScript SDK (sdk1: 1.30, sdk2: 2.12 — the last
# lines that run on Node 20) into a cache outside the repository and prints the prefix that
# holds its node_modules:   install.sh sdk1|sdk2   (see tests/support/npm_install.sh)
set -euo pipefail

die() { echo "install.sh (otel_js): $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
line=${1:-}
[[ $line == sdk1 || $line == sdk2 ]] || die "usage: install.sh sdk1|sdk2"
source "$here/../npm_install.sh"
npm_install_cached "otel-js-$line" "$here/$line" \
  node_modules/@opentelemetry/sdk-trace-base/package.json \
  node_modules/@opentelemetry/otlp-transformer/package.json
