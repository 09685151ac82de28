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
source "$root/tests/support/model_server.sh"
key=sk-test-123
copy=$work/shop
cp -r "$root/fixtures/services/shop" "$copy"

# The model's answer: the delisted-SKU lookup as a hash set built once, instead of a linear
# std::find per product.
source "$root/tests/support/search_fix_diff.sh"
search_fix_diff "$copy" "$work" "$work/catalog.diff"
jq -n --rawfile diff "$work/catalog.diff" \
  '[{draft: {root_cause: "Search::handle scans delisted_skus linearly for every matching product.",
             confidence: 0.7, diff: $diff}}]' > "$work/answers.json"

start_model_server "$server" "$work/answers.json" "$work/requests" "$key"
port=$model_port

# The one change: where the model is.
printf '\nllm: { provider: openai, base_url: "http://127.0.0.1:%s/v1", model: test-model, api_key_env: MEDIC_TEST_KEY }\n' \
  "$port" >> "$copy/.github/medic.yml"

status=0
XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache} "$medic" detect --repo "$copy" \
  -t "$root/fixtures/telemetry/shop/events.jsonl" --out "$work/report.json" > /dev/null || status=$?
[[ $status -eq 1 ]] || { echo "detect: expected exit 1 (anomalies found), got $status"; exit 1; }
jq '.anomalies |= map(select(.handler == "shop::Search::handle" and .kind == "slow"))' \
  "$work/report.json" > "$work/search.json"
[[ $(jq '.anomalies | length' "$work/search.json") -eq 1 ]] || { echo "no single slow anomaly for shop::Search::handle"; exit 1; }
id=$(jq -r '.anomalies[0].id' "$work/search.json")

cmake -S "$copy" -B "$copy/build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -G Ninja > "$work/cmake.log" 2>&1 \
  || { cat "$work/cmake.log"; exit 1; }

status=0
MEDIC_TEST_KEY=$key XDG_CACHE_HOME=${MEDIC_TEST_CACHE:-$work/cache} "$medic" fix --repo "$copy" --build-dir "$copy/build" \
  --anomalies "$work/search.json" --provider openai --json --out "$work/drafts" \
  > "$work/fix.json" 2> "$work/fix.err" || status=$?
[[ $status -eq 0 ]] || { echo "fix: expected exit 0, got $status"; cat "$work/fix.json" "$work/fix.err"; exit 1; }

stop_model_server "$work/requests"

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
