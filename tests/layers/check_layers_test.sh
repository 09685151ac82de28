#!/usr/bin/env bash
# scripts/check-layers: green on the repository, and red — naming each edge — on a copy of it with
# a forbidden include, a forbidden third-party header and a forbidden link planted.
# Usage: check_layers_test.sh SOURCE_ROOT
set -euo pipefail
root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$root/scripts/check-layers" --root "$root" || fail "the repository breaks its own dependency table"

# A copy of the libraries and the table, then three planted edges.
for folder in bot analyzers generators github scripts; do
  cp -r "$root/$folder" "$work/$folder"
done
sed -i '1i #include "bot/pipeline/run.hpp"' "$work/analyzers/anomaly/detect.cpp"
sed -i '1i #include <clang/AST/Decl.h>' "$work/generators/fix/edits.cpp"
echo 'target_link_libraries(medic_github PRIVATE medic_validate)' >> "$work/github/api.cmake"

status=0
"$work/scripts/check-layers" --root "$work" > "$work/out.txt" 2>&1 || status=$?
[[ $status -eq 1 ]] || fail "expected exit 1 on the planted edges, got $status: $(cat "$work/out.txt")"
for expected in \
  "analyzers/anomaly/detect.cpp:1: analyzers/anomaly includes bot/pipeline/run.hpp" \
  "generators/fix/edits.cpp:1: generators/fix includes <clang/AST/Decl.h> (only analyzers/code may)" \
  "github/api.cmake: medic_github links medic_validate (bot/validate is not below github)" \
  "3 edge(s) the dependency table forbids"; do
  grep -qF "$expected" "$work/out.txt" || fail "missing '$expected' in: $(cat "$work/out.txt")"
done
echo "ok: the table holds, and the check names each planted edge"
