#!/usr/bin/env bash
# `medic fix` against a model endpoint is one config change: a copy of the shop whose medic.yml
# points llm: at a local server (medic_llm_test_server) speaking OpenAI Chat Completions, which
# answers one real, applying diff for shop::Search::handle. Checks the draft on disk, that the
# API key never reaches a request body or the draft, and that the copy is left untouched.
# Usage: fix_llm_cli_test.sh MEDIC SERVER SOURCE_ROOT
set -euo pipefail
medic=$1
server=$2
root=$3
work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
key=sk-test-123
copy=$work/shop
cp -r "$root/fixtures/services/shop" "$copy"

# The model's answer: the delisted-SKU lookup as a hash set built once, instead of a linear
# std::find per product. Made with git from the real file, so it applies exactly.
mkdir -p "$work/edit/old" "$work/edit/new"
cp "$copy/src/catalog.cpp" "$work/edit/old/catalog.cpp"
sed -e 's|^#include <stdexcept>$|&\n#include <unordered_set>|' \
    -e '/^SearchResponse Search::handle/,/^}/ s|^    std::vector<Hit> hits;$|    // Withdrawn products keep their catalog entry for order history but must not be offered.\n    const std::unordered_set<std::string> delisted(catalog.delisted_skus.begin(),\n                                                   catalog.delisted_skus.end());\n&|' \
    -e '/^        \/\/ Withdrawn products keep their catalog entry/d' \
    -e '/^        const auto& delisted = catalog.delisted_skus;$/d' \
    -e 's|std::find(delisted.begin(), delisted.end(), product.sku) != delisted.end()|delisted.contains(product.sku)|' \
    "$work/edit/old/catalog.cpp" > "$work/edit/new/catalog.cpp"
[[ $(grep -c 'unordered_set<std::string> delisted\|delisted.contains(product.sku)' "$work/edit/new/catalog.cpp") -eq 2 ]] \
  || { echo "the sed edit did not make the one intended change"; exit 1; }
status=0
(cd "$work/edit" && git -c diff.noprefix=false -c diff.mnemonicPrefix=false diff --no-index \
  --no-color --no-ext-diff -- old/catalog.cpp new/catalog.cpp) > "$work/raw.diff" || status=$?
[[ $status -eq 1 ]] || { echo "git diff --no-index failed ($status)"; exit 1; }
sed -e 's|^diff --git a/old/catalog.cpp b/new/catalog.cpp$|diff --git a/src/catalog.cpp b/src/catalog.cpp|' \
    -e 's|^--- a/old/catalog.cpp$|--- a/src/catalog.cpp|' \
    -e 's|^+++ b/new/catalog.cpp$|+++ b/src/catalog.cpp|' "$work/raw.diff" > "$work/catalog.diff"
[[ $(grep -c 'src/catalog.cpp' "$work/catalog.diff") -eq 3 ]] || { echo "unexpected diff header"; cat "$work/catalog.diff"; exit 1; }
jq -n --rawfile diff "$work/catalog.diff" \
  '[{draft: {root_cause: "Search::handle scans delisted_skus linearly for every matching product.",
             confidence: 0.7, diff: $diff}}]' > "$work/answers.json"

# The server: port on its first line; it records the request bodies when its stdin closes.
coproc SERVER { exec "$server" "$work/answers.json" "$work/requests" "$key"; }
server_pid=$SERVER_PID
read -r -t 30 port <&"${SERVER[0]}" || { echo "the server printed no port"; exit 1; }
[[ $port =~ ^[0-9]+$ ]] || { echo "not a port: $port"; exit 1; }

# The one change: where the model is.
printf '\nllm: { provider: openai, base_url: "http://127.0.0.1:%s/v1", model: test-model, api_key_env: MEDIC_TEST_KEY }\n' \
  "$port" >> "$copy/.github/medic.yml"

status=0
XDG_CACHE_HOME=$work/cache "$medic" detect --repo "$copy" \
  -t "$root/fixtures/telemetry/shop/events.jsonl" --out "$work/report.json" > /dev/null || status=$?
[[ $status -eq 1 ]] || { echo "detect: expected exit 1 (anomalies found), got $status"; exit 1; }
jq '.anomalies |= map(select(.handler == "shop::Search::handle" and .kind == "slow"))' \
  "$work/report.json" > "$work/search.json"
[[ $(jq '.anomalies | length' "$work/search.json") -eq 1 ]] || { echo "no single slow anomaly for shop::Search::handle"; exit 1; }
id=$(jq -r '.anomalies[0].id' "$work/search.json")

cmake -S "$copy" -B "$copy/build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -G Ninja > "$work/cmake.log" 2>&1 \
  || { cat "$work/cmake.log"; exit 1; }

status=0
MEDIC_TEST_KEY=$key XDG_CACHE_HOME=$work/cache "$medic" fix --repo "$copy" --build-dir "$copy/build" \
  --anomalies "$work/search.json" --provider openai --json --out "$work/drafts" \
  > "$work/fix.json" 2> "$work/fix.err" || status=$?
[[ $status -eq 0 ]] || { echo "fix: expected exit 0, got $status"; cat "$work/fix.json" "$work/fix.err"; exit 1; }

# Stop the server: it writes what it received and exits 1 on any protocol violation.
exec {SERVER[1]}>&-
status=0
wait "$server_pid" || status=$?
server_pid=
[[ $status -eq 0 ]] || { echo "the server saw protocol violations:"; cat "$work/requests/violations.txt"; exit 1; }

cmp "$work/drafts/$id.diff" "$work/catalog.diff" || { echo "the draft is not the served diff"; exit 1; }
jq -e '.strategy == "llm" and .fixer == "openai:test-model" and .attempts == 1 and
       .files == ["src/catalog.cpp"] and (.root_cause | test("delisted_skus"))' \
  "$work/drafts/$id.json" > /dev/null || { echo "unexpected draft:"; jq 'del(.exchanges)' "$work/drafts/$id.json"; exit 1; }
jq -e --arg id "$id" 'length == 1 and .[0].anomaly == $id and .[0].draft.strategy == "llm"' \
  "$work/fix.json" > /dev/null || { echo "unexpected --json output"; cat "$work/fix.json"; exit 1; }

requests=("$work"/requests/request-*.json)
[[ ${#requests[@]} -eq 1 && -s ${requests[0]} ]] || { echo "expected one request, got ${#requests[@]}"; exit 1; }
jq -e '.model == "test-model" and (.messages[1].content | contains("shop::Search::handle"))' \
  "${requests[0]}" > /dev/null || { echo "the request does not ask about shop::Search::handle"; exit 1; }
if grep -l -- "$key" "${requests[@]}" "$work"/drafts/* "$work/fix.json"; then
  echo "the API key leaked into the files above"; exit 1
fi
cmp "$copy/src/catalog.cpp" "$root/fixtures/services/shop/src/catalog.cpp" \
  || { echo "medic fix modified the repository"; exit 1; }

# The draft is a real change: it applies with git to a fresh copy, and that file compiles.
patched=$work/patched
cp -r "$root/fixtures/services/shop" "$patched"
(cd "$patched" && git apply --whitespace=nowarn "$work/drafts/$id.diff")
cmake -S "$patched" -B "$patched/build" -G Ninja -DSHOP_BUILD_TESTS=OFF > "$work/cmake2.log" 2>&1 \
  || { cat "$work/cmake2.log"; exit 1; }
ninja -C "$patched/build" CMakeFiles/shop_service.dir/src/catalog.cpp.o > "$work/ninja.log" 2>&1 \
  || { echo "the drafted change does not compile:"; cat "$work/ninja.log"; exit 1; }
echo "fix CLI with a local model: ok"
