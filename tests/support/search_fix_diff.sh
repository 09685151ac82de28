# Sourced by tests that need a model's answer that really applies: search_fix_diff SHOP WORK OUT
# writes to OUT a git-style diff of SHOP's src/catalog.cpp that makes shop::Search::handle look
# delisted SKUs up in a hash set built once, instead of a linear std::find per product. Made with
# git from the real file (scratch files under WORK), so it applies exactly.
search_fix_diff() {
  local shop=$1 work=$2 out=$3
  mkdir -p "$work/edit/old" "$work/edit/new"
  cp "$shop/src/catalog.cpp" "$work/edit/old/catalog.cpp"
  sed -e 's|^#include <stdexcept>$|&\n#include <unordered_set>|' \
      -e '/^SearchResponse Search::handle/,/^}/ s|^    std::vector<Hit> hits;$|    // Withdrawn products keep their catalog entry for order history but must not be offered.\n    const std::unordered_set<std::string> delisted(catalog.delisted_skus.begin(),\n                                                   catalog.delisted_skus.end());\n&|' \
      -e '/^        \/\/ Withdrawn products keep their catalog entry/d' \
      -e '/^        const auto& delisted = catalog.delisted_skus;$/d' \
      -e 's|std::find(delisted.begin(), delisted.end(), product.sku) != delisted.end()|delisted.contains(product.sku)|' \
      "$work/edit/old/catalog.cpp" > "$work/edit/new/catalog.cpp"
  [[ $(grep -c 'unordered_set<std::string> delisted\|delisted.contains(product.sku)' "$work/edit/new/catalog.cpp") -eq 2 ]] \
    || { echo "the sed edit did not make the one intended change"; return 1; }
  repository_file_diff "$work/edit" catalog.cpp src/catalog.cpp "$out" || return 1
  [[ $(grep -c 'src/catalog.cpp' "$out") -eq 3 ]] || { echo "unexpected diff header"; cat "$out"; return 1; }
}

# repository_file_diff DIR NAME PATH OUT: DIR/old/NAME against DIR/new/NAME as git writes a
# diff of the repository's PATH (a/PATH, b/PATH), into OUT.
repository_file_diff() {
  local dir=$1 name=$2 path=$3 out=$4 status=0
  (cd "$dir" && git -c diff.noprefix=false -c diff.mnemonicPrefix=false diff --no-index \
    --no-color --no-ext-diff -- "old/$name" "new/$name") > "$dir/raw.diff" || status=$?
  [[ $status -eq 1 ]] || { echo "git diff --no-index failed ($status)"; return 1; }
  sed -e "s|^diff --git a/old/$name b/new/$name\$|diff --git a/$path b/$path|" \
      -e "s|^--- a/old/$name\$|--- a/$path|" \
      -e "s|^+++ b/new/$name\$|+++ b/$path|" "$dir/raw.diff" > "$out"
}
