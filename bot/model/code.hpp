#pragma once
// CodeSite: where an anomaly lives in the source, as the locate stage found it with Clang.

#include <string>
#include <vector>

namespace medic {

/// A compiler-accurate place: 1-based lines and columns, end inclusive.
struct SourceRange {
    std::string file; ///< Relative to the repository root when inside it.
    unsigned begin_line = 0;
    unsigned begin_column = 0;
    unsigned end_line = 0;
    unsigned end_column = 0;
};

/// Where a handler is registered under a route name (router.add("search", &f), a macro, ...).
struct RegistrationSite {
    std::string route; ///< The name it is registered under, when a string literal gives it.
    std::string call;  ///< The registering call or macro, e.g. "add", "SHOP_HANDLER".
    SourceRange range;
};

/// A function the handler calls that is defined in the repository.
struct Callee {
    std::string name; ///< Qualified name.
    SourceRange definition;
    unsigned depth = 1; ///< 1 = called by the handler itself.
};

/// A Google Benchmark of the repository's own whose body calls a handler or one of its callees:
/// proof of a speedup that needs no harness.
struct BenchmarkSite {
    std::string name; ///< The benchmark function, as BENCHMARK() registers it ("BM_Reserve").
    std::string file; ///< Its source file, relative to the repository root.
    unsigned line = 0;
    std::string calls; ///< The function of the handler's it calls (the handler, or a callee).
};

/// The locate stage's answer for one handler.
struct CodeSite {
    std::string handler;        ///< As asked for.
    std::string qualified_name; ///< As Clang names the definition.
    SourceRange definition;
    std::vector<RegistrationSite> registrations;
    std::vector<Callee> callees;
    std::vector<std::string> test_files;   ///< Files under a test directory that call the handler.
    std::vector<BenchmarkSite> benchmarks; ///< Benchmarks calling it directly first.
};

/// A run of bytes in a file: `length` bytes at `offset`, and what they say.
struct TextSpan {
    std::string file; ///< Relative to the repository root.
    unsigned offset = 0;
    unsigned length = 0;
    std::string text;
};

/// One step of a declared sequence, as written.
struct SequenceElement {
    std::string step;    ///< The handler it stands for (qualified name).
    std::string spelled; ///< As written: a route name or a function name.
    SourceRange range;
    /// What a reorder moves: the element of an initializer list, the arguments of a chained
    /// call, the whole call of consecutive statements. Empty (length 0) inside a macro.
    TextSpan movable;
};

/// Where a sequence's order is declared, and the order it declares.
struct SequenceSite {
    std::string sequence;
    std::string shape; ///< "initializer list", "chained calls" or "consecutive calls".
    SourceRange range; ///< The whole declaration.
    std::vector<SequenceElement> elements; ///< In declared order.
};

/// Where an error message is produced: the call or construction whose string literals spell the
/// constant parts of a message template (Drain's `<*>` stands for the variable parts).
struct MessageSite {
    std::string pattern;  ///< The template, as detect reports it.
    std::string function; ///< The function that builds the message.
    SourceRange range;    ///< The call or construction.
    std::string literals; ///< Its string literals, joined by " … ".
};

} // namespace medic
