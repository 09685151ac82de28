// Every built-in fixer, in the order they are tried. Adding one: a unit like FindingFixer or
// ReorderFixer, one line here, a test.
#include "generators/fix/finding_fixer.hpp"
#include "generators/fix/reorder_fixer.hpp"

namespace medic::fix {

std::vector<std::unique_ptr<Fixer>> register_all_fixers() {
    std::vector<std::unique_ptr<Fixer>> fixers;
    fixers.push_back(std::make_unique<ReorderFixer>());
    auto add = [&](const char* check, const char* root_cause, double confidence) {
        fixers.push_back(std::make_unique<FindingFixer>(check, root_cause, confidence));
    };
    add("perf-regex-in-loop",
        "{function} compiles a std::regex with a constant pattern on every iteration ({message}); "
        "compiling it once, as a static const, removes that cost from every call.",
        0.9);
    add("perf-param-by-value",
        "{function} copies an expensive parameter on every call ({message}); it only reads it, "
        "so a const reference gives the same behaviour without the copy.",
        0.85);
    add("perf-push-back-without-reserve",
        "{function} grows a vector one element at a time inside a loop with a known bound "
        "({message}), reallocating and copying as it grows; reserving the bound first avoids it.",
        0.7);
    add("perf-range-for-copy",
        "{function} copies each element of a range-for loop ({message}); the loop only reads "
        "them, so binding a const reference avoids the copies.",
        0.8);
    add("perf-string-concat-in-loop",
        "{function} rebuilds a string with `s = s + x` inside a loop ({message}), copying the "
        "whole string each time (quadratic); appending in place with += is linear.",
        0.85);
    add("perf-endl-in-loop",
        "{function} writes std::endl inside a loop ({message}), flushing the stream on every "
        "line; '\\n' keeps the output identical and flushes once.",
        0.8);
    add("perf-map-double-lookup",
        "{function} searches a map twice for the same key ({message}); one find() (or, where "
        "the branch creates the entry, one try_emplace()) and its iterator do the same with one "
        "search.",
        0.75);
    add("perf-linear-search-in-loop",
        "{function} scans a whole container for each element it loops over ({message}), which "
        "is quadratic; a hash set of the container's elements, built once before the loop, "
        "answers each membership test in constant time.",
        0.75);
    return fixers;
}

} // namespace medic::fix
