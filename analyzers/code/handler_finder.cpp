#include "analyzers/code/handler_finder.hpp"

#include "analyzers/code/names.hpp"
#include "analyzers/code/source_ranges.hpp"

#include <algorithm>
#include <clang/AST/ASTContext.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Lex/Lexer.h>
#include <optional>
#include <set>

namespace medic::code {

using namespace clang::ast_matchers;

namespace {

/// A string literal an argument spells, looking through conversions (const char* -> string).
const clang::StringLiteral* literal_in(const clang::Expr* expr) {
    if (expr == nullptr)
        return nullptr;
    expr = expr->IgnoreImplicit();
    if (auto const* literal = llvm::dyn_cast<clang::StringLiteral>(expr))
        return literal;
    if (auto const* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr))
        return construct->getNumArgs() > 0 ? literal_in(construct->getArg(0)) : nullptr;
    if (auto const* temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(expr))
        return literal_in(temporary->getSubExpr());
    return nullptr;
}

/// The name under which a call registers something: the first string literal argument.
const clang::StringLiteral* route_argument(const clang::CallExpr& call) {
    for (auto const* argument : call.arguments())
        if (auto const* literal = literal_in(argument))
            return literal;
    return nullptr;
}

std::string callee_name(const clang::CallExpr& call) {
    if (auto const* callee = call.getDirectCallee())
        return callee->getNameAsString();
    return "call";
}

/// The outermost macro a location was expanded from, with its expansion range.
std::optional<std::pair<std::string, clang::SourceRange>>
outermost_macro(clang::SourceLocation location, const clang::SourceManager& sources,
                const clang::LangOptions& language) {
    if (!location.isMacroID())
        return std::nullopt;
    while (sources.getImmediateMacroCallerLoc(location).isMacroID())
        location = sources.getImmediateMacroCallerLoc(location);
    auto const name = clang::Lexer::getImmediateMacroName(location, sources, language).str();
    if (name.empty())
        return std::nullopt;
    auto const expansion = sources.getExpansionRange(location);
    return std::pair{name, expansion.getAsRange()};
}

/// Only conversions, parentheses and `&` between a node and the reference: the reference is
/// itself the element or argument, not buried in some expression.
bool is_wrapper(const clang::DynTypedNode& node) {
    return node.get<clang::ImplicitCastExpr>() != nullptr ||
           node.get<clang::ParenExpr>() != nullptr || node.get<clang::UnaryOperator>() != nullptr;
}

/// Walks up from a reference to the call or initializer list that registers it under a name:
/// router.add("search", &f), on("x", [](..){ return f(..); }), bind<&f>("x"), {"x", &f} tables.
std::optional<RegistrationSite> registering_call(const clang::Expr& reference,
                                                 clang::ASTContext& context) {
    auto node = clang::DynTypedNode::create(reference);
    bool direct = true; // only wrappers so far
    for (int depth = 0; depth < 24; ++depth) {
        auto const parents = context.getParents(node);
        if (parents.empty())
            return std::nullopt;
        node = parents[0];
        if (auto const* call = node.get<clang::CallExpr>()) {
            bool const calls_handler = call->getCallee()->IgnoreImplicit() == &reference;
            if (!calls_handler)
                if (auto const* literal = route_argument(*call))
                    return RegistrationSite{literal->getString().str(), callee_name(*call), {}};
        } else if (auto const* list = node.get<clang::InitListExpr>(); list != nullptr && direct) {
            for (auto const* init : list->inits())
                if (auto const* literal = literal_in(init))
                    return RegistrationSite{literal->getString().str(), "table", {}};
        } else if (auto const* function = node.get<clang::FunctionDecl>()) {
            if (!is_lambda_body(*function))
                return std::nullopt; // reached the enclosing function: no registering call
        }
        direct = direct && is_wrapper(node);
    }
    return std::nullopt;
}

/// The functions a body calls directly (lambdas inside it included), in source order.
class CallCollector : public clang::RecursiveASTVisitor<CallCollector> {
public:
    bool VisitCallExpr(clang::CallExpr* call) {
        if (auto const* callee = call->getDirectCallee();
            callee != nullptr && !is_lambda_body(*callee))
            m_calls.push_back(callee);
        return true;
    }
    std::vector<const clang::FunctionDecl*> m_calls;
};

std::vector<const clang::FunctionDecl*> functions_called_by(const clang::FunctionDecl& function) {
    CallCollector collector;
    if (function.hasBody())
        collector.TraverseStmt(function.getBody());
    return std::move(collector.m_calls);
}

} // namespace

void add_callee(std::vector<Callee>& callees, const Callee& callee) {
    auto const same = std::find_if(callees.begin(), callees.end(),
                                   [&](const Callee& c) { return c.name == callee.name; });
    if (same == callees.end()) {
        if (callees.size() < k_max_callees)
            callees.push_back(callee);
        return;
    }
    if (same->definition.file.empty() && !callee.definition.file.empty())
        same->definition = callee.definition;
    same->depth = std::min(same->depth, callee.depth);
}

HandlerFinder::HandlerFinder(std::vector<std::string> handlers, std::filesystem::path repo_root,
                             unsigned callee_depth)
    : m_handlers(std::move(handlers)), m_root(std::move(repo_root)), m_callee_depth(callee_depth) {
    for (auto const& handler : m_handlers)
        m_by_normalized[normalize_name(handler)].push_back(handler);
}

void HandlerFinder::register_matchers(MatchFinder& finder) {
    std::vector<std::string> names;
    for (auto const& [normalized, asked] : m_by_normalized)
        names.push_back("::" + normalized);
    std::vector<llvm::StringRef> refs(names.begin(), names.end());
    auto const handler = functionDecl(hasAnyName(refs));
    finder.addMatcher(
        functionDecl(isDefinition(), hasAnyName(refs), unless(isImplicit())).bind("definition"),
        this);
    finder.addMatcher(declRefExpr(to(handler.bind("target"))).bind("reference"), this);
    finder.addMatcher(memberExpr(member(handler.bind("target"))).bind("reference"), this);
    // bind<&f<T>>("x"): a function template's instance as a template argument is only resolved
    // in the called specialization's arguments (the written expression stays unresolved).
    finder.addMatcher(callExpr(callee(functionDecl(hasAnyTemplateArgument(refersToDeclaration(
                                   functionDecl(hasAnyName(refs)).bind("argument"))))))
                          .bind("template_registration"),
                      this);
}

void HandlerFinder::run(const MatchFinder::MatchResult& result) {
    auto& sources = *result.SourceManager;
    if (auto const* definition = result.Nodes.getNodeAs<clang::FunctionDecl>("definition")) {
        on_definition(*definition, sources);
        collect_callees(*definition, sources);
    }
    auto const* reference = result.Nodes.getNodeAs<clang::Expr>("reference");
    auto const* target = result.Nodes.getNodeAs<clang::FunctionDecl>("target");
    if (reference != nullptr && target != nullptr)
        on_reference(*reference, *target, *result.Context);
    auto const* call = result.Nodes.getNodeAs<clang::CallExpr>("template_registration");
    auto const* argument = result.Nodes.getNodeAs<clang::FunctionDecl>("argument");
    if (call != nullptr && argument != nullptr)
        on_template_registration(*call, *argument, sources);
}

std::vector<CodeSite*> HandlerFinder::sites_for(const clang::FunctionDecl& decl) {
    std::vector<CodeSite*> sites;
    auto const it = m_by_normalized.find(normalize_name(decl.getQualifiedNameAsString()));
    if (it == m_by_normalized.end())
        return sites;
    // An instantiation names its template arguments; a handler asked for with arguments then
    // matches only its own instance (export_statement<csv> is not export_statement<json>).
    std::string instance;
    if (decl.getTemplateSpecializationArgs() != nullptr) {
        llvm::raw_string_ostream out(instance);
        decl.getNameForDiagnostic(out, decl.getASTContext().getPrintingPolicy(), true);
    }
    for (auto const& handler : it->second) {
        if (!instance.empty() && handler.find('<') != std::string::npos &&
            template_arguments_key(handler) != template_arguments_key(instance))
            continue;
        auto& site = m_sites[handler];
        site.handler = handler;
        sites.push_back(&site);
    }
    return sites;
}

bool HandlerFinder::in_repo(clang::SourceLocation location,
                            const clang::SourceManager& sources) const {
    return is_in_repo(location, sources, m_root);
}

SourceRange HandlerFinder::range_of(clang::SourceRange range,
                                    const clang::SourceManager& sources) const {
    return to_model_range(range, sources, m_root);
}

void HandlerFinder::on_definition(const clang::FunctionDecl& decl,
                                  const clang::SourceManager& sources) {
    // Template instantiations share their pattern's source; record the written definition.
    if (decl.isTemplateInstantiation() || !in_repo(decl.getLocation(), sources))
        return;
    auto const range = range_of(written_range(decl), sources);
    for (auto* site : sites_for(decl)) {
        site->qualified_name = decl.getQualifiedNameAsString();
        site->definition = range;
    }
}

void HandlerFinder::on_reference(const clang::Expr& reference, const clang::FunctionDecl& target,
                                 clang::ASTContext& context) {
    auto& sources = context.getSourceManager();
    auto const sites = sites_for(target);
    if (sites.empty() || !in_repo(reference.getBeginLoc(), sources))
        return;
    auto const where = range_of(reference.getSourceRange(), sources);
    if (is_test_path(where.file)) {
        for (auto* site : sites)
            if (std::find(site->test_files.begin(), site->test_files.end(), where.file) ==
                site->test_files.end())
                site->test_files.push_back(where.file);
        return;
    }
    auto registration = registering_call(reference, context);
    auto const macro = outermost_macro(reference.getBeginLoc(), sources, context.getLangOpts());
    if (!registration && !macro)
        return; // an ordinary call, e.g. from another handler
    if (!registration)
        registration = RegistrationSite{};
    registration->range = where;
    if (macro) {
        registration->call = macro->first;
        registration->range = range_of(macro->second, sources);
    }
    auto const same = [&](const RegistrationSite& r) {
        return r.range.file == registration->range.file &&
               r.range.begin_line == registration->range.begin_line;
    };
    for (auto* site : sites)
        if (std::none_of(site->registrations.begin(), site->registrations.end(), same))
            site->registrations.push_back(*registration);
}

void HandlerFinder::on_template_registration(const clang::CallExpr& call,
                                             const clang::FunctionDecl& handler,
                                             const clang::SourceManager& sources) {
    auto const* literal = route_argument(call);
    if (literal == nullptr || !in_repo(call.getBeginLoc(), sources))
        return;
    RegistrationSite const registration{literal->getString().str(), callee_name(call),
                                        range_of(call.getSourceRange(), sources)};
    auto const same = [&](const RegistrationSite& r) {
        return r.range.file == registration.range.file &&
               r.range.begin_line == registration.range.begin_line;
    };
    for (auto* site : sites_for(handler))
        if (std::none_of(site->registrations.begin(), site->registrations.end(), same))
            site->registrations.push_back(registration);
}

void HandlerFinder::collect_callees(const clang::FunctionDecl& handler,
                                    const clang::SourceManager& sources) {
    auto const sites = sites_for(handler);
    if (sites.empty() || m_callee_depth == 0)
        return;
    std::vector<std::pair<const clang::FunctionDecl*, unsigned>> queue{{&handler, 0}};
    std::set<const clang::FunctionDecl*> seen{handler.getCanonicalDecl()};
    std::vector<Callee> found;
    for (std::size_t i = 0; i < queue.size() && found.size() < k_max_callees; ++i) {
        auto const [function, depth] = queue[i];
        if (depth >= m_callee_depth)
            continue;
        for (auto const* callee : functions_called_by(*function)) {
            if (!seen.insert(callee->getCanonicalDecl()).second ||
                !in_repo(callee->getLocation(), sources) || found.size() >= k_max_callees)
                continue;
            // A body in another unit is filled in later (locate follows it there by name).
            auto const* definition = callee->getDefinition();
            found.push_back(
                {callee->getQualifiedNameAsString(),
                 definition ? range_of(definition->getSourceRange(), sources) : SourceRange{},
                 depth + 1});
            if (definition != nullptr)
                queue.emplace_back(definition, depth + 1);
        }
    }
    for (auto* site : sites)
        for (auto const& callee : found)
            add_callee(site->callees, callee);
}

void merge_into(std::map<std::string, CodeSite>& into,
                const std::map<std::string, CodeSite>& from) {
    for (auto const& [handler, site] : from) {
        auto& target = into[handler];
        target.handler = handler;
        if (target.qualified_name.empty() && !site.qualified_name.empty()) {
            target.qualified_name = site.qualified_name;
            target.definition = site.definition;
        }
        auto add_unique = [](auto& list, auto const& item, auto same) {
            if (std::none_of(list.begin(), list.end(),
                             [&](auto const& x) { return same(x, item); }))
                list.push_back(item);
        };
        for (auto const& r : site.registrations)
            add_unique(target.registrations, r, [](auto const& a, auto const& b) {
                return a.range.file == b.range.file && a.range.begin_line == b.range.begin_line;
            });
        for (auto const& c : site.callees)
            add_callee(target.callees, c);
        for (auto const& t : site.test_files)
            add_unique(target.test_files, t, [](auto const& a, auto const& b) { return a == b; });
    }
}

} // namespace medic::code
