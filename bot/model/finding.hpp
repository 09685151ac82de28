#pragma once
// Finding: what a code check says about a handler (SPEC "Diagnose"), with an optional fix-it.

#include "bot/model/code.hpp"

#include <string>
#include <vector>

namespace medic {

/// Replace `length` bytes at `offset` of `file` with `replacement` (length 0: an insertion).
struct FixIt {
    std::string file; ///< Relative to the repository root.
    unsigned offset = 0;
    unsigned length = 0;
    unsigned line = 0; ///< Where it starts, for people and SARIF.
    unsigned column = 0;
    std::string replacement;
};

/// One problem a check found in a handler or in a function it calls.
struct Finding {
    std::string check;    ///< Dashed id, e.g. "perf-regex-in-loop".
    std::string handler;  ///< The handler whose latency it can explain.
    std::string function; ///< Where it is: the handler or one of its callees.
    SourceRange range;
    std::string message;
    bool in_loop = false;
    /// Rough share of the handler's time it can explain, for ranking (higher first).
    double weight = 0;
    std::vector<FixIt> fixes; ///< Empty when no rewrite is safe; `fix_note` says why.
    std::string fix_note;
};

/// What a check is, for documentation and SARIF rules.
struct CheckInfo {
    std::string id;
    std::string summary;
    std::string doc; ///< Path of its doc page in the repository.
};

} // namespace medic
