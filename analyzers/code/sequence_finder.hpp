#pragma once
// Finds declarations of a handler sequence's order: initializer lists, chained calls and runs
// of consecutive calls whose elements name the sequence's steps.

#include "bot/model/code.hpp"

#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace medic::code {

/// What a sequence's elements may be spelled as: a route string or a function.
struct StepNames {
    std::string sequence;
    std::map<std::string, std::string> routes;    ///< route -> step handler
    std::map<std::string, std::string> functions; ///< normalized function name -> step handler
};

class SequenceFinder : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
    SequenceFinder(std::vector<StepNames> sequences, std::filesystem::path root);
    void register_matchers(clang::ast_matchers::MatchFinder& finder);
    void run(const clang::ast_matchers::MatchFinder::MatchResult& result) override;

    /// The best candidate per sequence so far, with its score (steps matched, name nearby).
    [[nodiscard]] const std::map<std::string, std::pair<int, SequenceSite>>& best() const {
        return m_best;
    }

private:
    /// A step as written, and the source a reorder moves with it.
    struct Element {
        const clang::Expr* step = nullptr;
        clang::SourceRange movable;
    };
    /// Scores `elements` against every wanted sequence; `whole` is what declares them.
    void consider(const clang::ast_matchers::MatchFinder::MatchResult& result,
                  const std::string& shape, const clang::Stmt& whole, clang::SourceRange range,
                  const std::vector<Element>& elements);

    std::vector<StepNames> m_sequences;
    std::filesystem::path m_root;
    std::map<std::string, std::pair<int, SequenceSite>> m_best;
};

/// Keeps the better candidate per sequence.
void merge_best(std::map<std::string, std::pair<int, SequenceSite>>& into,
                const std::map<std::string, std::pair<int, SequenceSite>>& from);

} // namespace medic::code
