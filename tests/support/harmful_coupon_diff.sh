# Sourced by tests that need a fix that passes validation and hurts production:
#   harmful_coupon_diff SHOP WORK OUT
# writes to OUT a git-style diff of SHOP's src/cart.cpp that makes shop::ApplyCoupon::handle
# remember each response per cart, code and lines, and check each SKU with a second pattern.
# The benchmark, which asks the same few carts again and again, gets remembered answers and is
# far faster; production, where every cart is new, pays two patterns per line and is slower.
# Made with git from the real file (scratch files under WORK), so it applies exactly.
source "$(dirname "${BASH_SOURCE[0]}")/search_fix_diff.sh" # repository_file_diff
harmful_coupon_diff() {
  local shop=$1 work=$2 out=$3
  mkdir -p "$work/harm/old" "$work/harm/new"
  cp "$shop/src/cart.cpp" "$work/harm/old/cart.cpp"
  python3 - "$work/harm/old/cart.cpp" "$work/harm/new/cart.cpp" <<'PY' || return 1
import sys
text = open(sys.argv[1]).read()
text = text.replace("#include <algorithm>\n#include <regex>\n",
                    "#include <algorithm>\n#include <map>\n#include <mutex>\n#include <regex>\n", 1)
old_start = "    ApplyCouponResponse response{.accepted = true};\n    for (const CartLine& line : request.lines) {\n"
new_start = """    // A cart asked about again is answered from memory.
    static std::mutex remembered_mutex;
    static std::map<std::string, ApplyCouponResponse> remembered;
    std::string key = request.cart_id + '\\n' + request.code;
    for (const CartLine& line : request.lines)
        key += '\\n' + line.sku + ' ' + std::to_string(line.quantity) + ' ' +
               std::to_string(line.unit_price_cents);
    {
        const std::lock_guard lock(remembered_mutex);
        if (const auto found = remembered.find(key); found != remembered.end()) {
            return found->second;
        }
    }
    ApplyCouponResponse response{.accepted = true};
    for (const CartLine& line : request.lines) {
        const std::regex well_formed(R"([A-Z]{3}-\\d{6})");
        if (!std::regex_match(line.sku, well_formed)) {
            continue;
        }
"""
assert old_start in text, "the coupon handler changed"
text = text.replace(old_start, new_start, 1)
old_end = "        ++response.eligible_lines;\n    }\n    return response;\n}"
new_end = """        ++response.eligible_lines;
    }
    const std::lock_guard lock(remembered_mutex);
    remembered.emplace(key, response);
    return response;
}"""
assert old_end in text, "the coupon handler's end changed"
text = text.replace(old_end, new_end, 1)
open(sys.argv[2], "w").write(text)
PY
  repository_file_diff "$work/harm" cart.cpp src/cart.cpp "$out"
}
