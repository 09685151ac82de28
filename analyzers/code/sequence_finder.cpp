#include "analyzers/code/sequence_finder.hpp"

#include "analyzers/code/names.hpp"
#include "analyzers/code/source_ranges.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Lex/Lexer.h>

namespace medic::code {

using namespace clang::ast_matchers;

namespace {

/// The route string or function an element spells, if any.
struct Spelling {
    std::string route;
    std::string function; ///< normalized qualified name
    std::string text;
};

std::optional<Spelling> spelling_of(const clang::Expr* expression) {
    expression = expression->IgnoreImplicit();
    if (auto const* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expression);
        construct && construct->getNumArgs() == 1)
        expression = construct->getArg(0)->IgnoreImplicit();
    if (auto const* unary = llvm::dyn_cast<clang::UnaryOperator>(expression))
        expression = unary->getSubExpr()->IgnoreImplicit();
    if (auto const* literal = llvm::dyn_cast<clang::StringLiteral>(expression))
        return Spelling{literal->getString().str(), {}, literal->getString().str()};
    if (auto const* reference = llvm::dyn_cast<clang::DeclRefExpr>(expression))
        if (auto const* function = llvm::dyn_cast<clang::FunctionDecl>(reference->getDecl()))
            return Spelling{{},
                            normalize_name(function->getQualifiedNameAsString()),
                            function->getNameAsString()};
    return std::nullopt;
}

/// The first argument of a call that spells a step (a route or a function), if any.
const clang::Expr* step_argument(const clang::CallExpr& call) {
    for (auto const* argument : call.arguments())
        if (spelling_of(argument))
            return argument;
    return nullptr;
}

std::string method_and_object(const clang::CXXMemberCallExpr& call,
                              const clang::ASTContext& context) {
    auto const* method = call.getMethodDecl();
    auto const object = clang::Lexer::getSourceText(
        clang::CharSourceRange::getTokenRange(call.getImplicitObjectArgument()->getSourceRange()),
        context.getSourceManager(), context.getLangOpts());
    return (method ? method->getNameAsString() : std::string()) + "@" + object.str();
}

/// The source text of the statement or declaration that holds `node` (to find the name nearby).
std::string enclosing_text(const clang::Stmt& node, clang::ASTContext& context) {
    auto current = clang::DynTypedNode::create(node);
    for (int depth = 0; depth < 12; ++depth) {
        auto const parents = context.getParents(current);
        if (parents.empty())
            break;
        if (auto const* var = parents[0].get<clang::VarDecl>())
            return clang::Lexer::getSourceText(
                       clang::CharSourceRange::getTokenRange(var->getSourceRange()),
                       context.getSourceManager(), context.getLangOpts())
                .str();
        if (parents[0].get<clang::CompoundStmt>() != nullptr)
            break;
        if (auto const* function = parents[0].get<clang::FunctionDecl>()) // a function's body
            return function->getNameAsString();
        current = parents[0];
    }
    return clang::Lexer::getSourceText(clang::CharSourceRange::getTokenRange(node.getSourceRange()),
                                       context.getSourceManager(), context.getLangOpts())
        .str();
}

} // namespace

SequenceFinder::SequenceFinder(std::vector<StepNames> sequences, std::filesystem::path root)
    : m_sequences(std::move(sequences)), m_root(std::move(root)) {}

void SequenceFinder::register_matchers(MatchFinder& finder) {
    finder.addMatcher(initListExpr(unless(isInTemplateInstantiation())).bind("list"), this);
    finder.addMatcher(cxxMemberCallExpr(on(cxxMemberCallExpr()), unless(hasParent(memberExpr())),
                                        unless(isInTemplateInstantiation()))
                          .bind("chain"),
                      this);
    finder.addMatcher(compoundStmt(unless(isInTemplateInstantiation())).bind("block"), this);
}

void SequenceFinder::run(const MatchFinder::MatchResult& result) {
    if (auto const* list = result.Nodes.getNodeAs<clang::InitListExpr>("list")) {
        std::vector<Element> elements;
        for (auto const* init : list->inits())
            elements.push_back({init, init->getSourceRange()});
        consider(result, "initializer list", *list, list->getSourceRange(), elements);
    }
    if (auto const* chain = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("chain")) {
        std::vector<Element> elements;
        for (auto const* call = chain; call != nullptr;
             call = llvm::dyn_cast<clang::CXXMemberCallExpr>(
                 call->getImplicitObjectArgument()->IgnoreImplicit()))
            if (auto const* argument = step_argument(*call))
                elements.insert(elements.begin(),
                                {argument,
                                 {call->getArg(0)->getBeginLoc(),
                                  call->getArg(call->getNumArgs() - 1)->getEndLoc()}});
        consider(result, "chained calls", *chain, chain->getSourceRange(), elements);
    }
    if (auto const* block = result.Nodes.getNodeAs<clang::CompoundStmt>("block")) {
        // Runs of consecutive `object.method(step)` statements with the same object and method.
        std::vector<Element> run;
        std::string key;
        auto flush = [&] {
            if (run.size() >= 2)
                consider(result, "consecutive calls", *block,
                         {run.front().movable.getBegin(), run.back().movable.getEnd()}, run);
            run.clear();
        };
        for (auto const* statement : block->body()) {
            auto const* expression = llvm::dyn_cast<clang::Expr>(statement);
            auto const* call =
                expression ? llvm::dyn_cast<clang::CXXMemberCallExpr>(expression->IgnoreImplicit())
                           : nullptr;
            auto const* argument = call ? step_argument(*call) : nullptr;
            auto const this_key =
                argument ? method_and_object(*call, *result.Context) : std::string();
            if (argument == nullptr || this_key != key)
                flush();
            key = this_key;
            if (argument != nullptr)
                run.push_back({argument, call->getSourceRange()});
        }
        flush();
    }
}

void SequenceFinder::consider(const MatchFinder::MatchResult& result, const std::string& shape,
                              const clang::Stmt& whole, clang::SourceRange range,
                              const std::vector<Element>& elements) {
    auto& sources = *result.SourceManager;
    if (!is_in_repo(whole.getBeginLoc(), sources, m_root))
        return;
    for (auto const& names : m_sequences) {
        SequenceSite site{names.sequence, shape, to_model_range(range, sources, m_root), {}};
        for (auto const& [element, movable] : elements) {
            auto const spelled = spelling_of(element);
            if (!spelled)
                continue;
            auto const by_route = names.routes.find(spelled->route);
            auto const by_function = names.functions.find(spelled->function);
            std::string const step = by_route != names.routes.end()         ? by_route->second
                                     : by_function != names.functions.end() ? by_function->second
                                                                            : std::string();
            if (!step.empty())
                site.elements.push_back({step, spelled->text,
                                         to_model_range(element->getSourceRange(), sources, m_root),
                                         text_span(clang::CharSourceRange::getTokenRange(movable),
                                                   sources, result.Context->getLangOpts(), m_root)
                                             .value_or(TextSpan{})});
        }
        if (site.elements.size() < 2)
            continue;
        // Steps matched count for a candidate; other things it lists count against it (a routing
        // table names every handler, a sequence only its steps).
        auto const others = static_cast<int>(std::count_if(
                                elements.begin(), elements.end(),
                                [](const Element& e) { return spelling_of(e.step).has_value(); })) -
                            static_cast<int>(site.elements.size());
        int score = static_cast<int>(site.elements.size()) * 10 - others * 3;
        if (enclosing_text(whole, *result.Context).find(names.sequence) != std::string::npos)
            score += 5; // declared next to the sequence's name
        auto& best = m_best[names.sequence];
        if (score > best.first)
            best = {score, std::move(site)};
    }
}

void merge_best(std::map<std::string, std::pair<int, SequenceSite>>& into,
                const std::map<std::string, std::pair<int, SequenceSite>>& from) {
    for (auto const& [name, candidate] : from)
        if (candidate.first > into[name].first)
            into[name] = candidate;
}

} // namespace medic::code
