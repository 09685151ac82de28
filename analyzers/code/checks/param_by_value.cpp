// perf-param-by-value: a container or other costly object taken by value and only read is
// copied on every call. Fix-it: `const T&` in every declaration, when the body never mutates
// or moves it (checked with Clang's ExprMutationAnalyzer).
#include "analyzers/code/checks/checks.hpp"

#include <clang/Analysis/Analyses/ExprMutationAnalyzer.h>

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

class ParamByValueCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-param-by-value", "expensive parameter passed by value and only read",
                "docs/checks/perf-param-by-value.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        finder.addMatcher(functionDecl(scope().function, unless(isInstantiated())), this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* function = result.Nodes.getNodeAs<clang::FunctionDecl>("function");
        if (function->getBody() == nullptr || llvm::isa<clang::CXXConstructorDecl>(function) ||
            function->isOverloadedOperator())
            return;
        for (unsigned i = 0; i < function->getNumParams(); ++i)
            check_parameter(result, *function, i);
    }

private:
    void check_parameter(const MatchFinder::MatchResult& result,
                         const clang::FunctionDecl& function, unsigned index) {
        auto const* param = function.getParamDecl(index);
        if (!is_expensive_to_copy(param->getType(), *result.Context) || param->getName().empty())
            return;
        clang::ExprMutationAnalyzer mutations(*function.getBody(), *result.Context);
        if (mutations.isMutated(param))
            return; // a working copy (or moved from): by value is right
        // Copying a container costs a loop over its elements (and their allocations).
        auto const* record = param->getType()->getAsCXXRecordDecl();
        bool const container =
            record != nullptr && std::any_of(record->method_begin(), record->method_end(),
                                             [](const clang::CXXMethodDecl* m) {
                                                 return m->getDeclName().isIdentifier() &&
                                                        m->getName() == "begin";
                                             });
        auto* finding =
            report(result, param->getSourceRange(),
                   "'" + param->getNameAsString() + "' is copied on every call but only read",
                   container ? 3.5 : 2.0);
        if (finding == nullptr)
            return;
        for (auto const* declaration : function.redecls())
            if (auto fix = as_const_reference(*this, result, *declaration->getParamDecl(index)))
                finding->fixes.push_back(*fix);
    }
};

} // namespace

std::unique_ptr<Check> make_param_by_value_check() {
    return std::make_unique<ParamByValueCheck>();
}

} // namespace medic::code
