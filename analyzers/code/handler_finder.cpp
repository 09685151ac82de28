#include "analyzers/code/handler_finder.hpp"

#include "analyzers/code/names.hpp"
#include "analyzers/code/registrations.hpp"
#include "analyzers/code/source_ranges.hpp"

#include <algorithm>
#include <clang/AST/ASTContext.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <optional>
#include <set>

namespace medic::code {

using namespace clang::ast_matchers;

namespace {

/// The name under which a call registers something: the first string literal argument.
const clang::StringLiteral* route_argument(const clang::CallExpr& call) {
    for (auto const* argument : call.arguments())
        if (auto const* literal = literal_in(argument))
            return literal;
    return nullptr;
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

bool same_place(const RegistrationSite& a, const RegistrationSite& b) {
    return a.range.file == b.range.file && a.range.begin_line == b.range.begin_line;
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

HandlerFinder::HandlerFinder(const std::vector<HandlerQuery>& queries, RepoScope scope,
                             unsigned callee_depth)
    : m_index(queries), m_scope(std::move(scope)), m_callee_depth(callee_depth) {}

void HandlerFinder::register_matchers(MatchFinder& finder) {
    auto const names = m_index.function_matchers();
    if (!names.empty()) {
        std::vector<llvm::StringRef> refs(names.begin(), names.end());
        auto const handler = functionDecl(hasAnyName(refs));
        finder.addMatcher(
            functionDecl(isDefinition(), hasAnyName(refs), unless(isImplicit())).bind("definition"),
            this);
        finder.addMatcher(declRefExpr(to(handler.bind("target"))).bind("reference"), this);
        finder.addMatcher(memberExpr(member(handler.bind("target"))).bind("reference"), this);
        // bind<&f<T>>("x"): a function template's instance as a template argument is only
        // resolved in the called specialization's arguments.
        finder.addMatcher(callExpr(callee(functionDecl(hasAnyTemplateArgument(refersToDeclaration(
                                       functionDecl(hasAnyName(refs)).bind("argument"))))))
                              .bind("template_registration"),
                          this);
    }
    auto const own_code = unless(isExpansionInSystemHeader());
    if (m_index.wants_registrations()) {
        finder.addMatcher(callExpr(own_code, unless(isInTemplateInstantiation())).bind("call"),
                          this);
        finder.addMatcher(initListExpr(own_code).bind("table"), this);
        finder.addMatcher(
            fieldDecl(own_code, matchesName("Z__CREATE_ENDPOINT_INFO_")).bind("endpoint"), this);
        finder.addMatcher(stringLiteral(own_code).bind("literal"), this);
    }
    if (m_index.wants_rpcs())
        finder.addMatcher(cxxMethodDecl(own_code, isOverride(), isDefinition()).bind("rpc"), this);
    if (m_index.wants_lambdas())
        finder.addMatcher(lambdaExpr(own_code).bind("lambda"), this);
}

void HandlerFinder::run(const MatchFinder::MatchResult& result) {
    auto& sources = *result.SourceManager;
    auto& context = *result.Context;
    auto const& nodes = result.Nodes;
    if (auto const* definition = nodes.getNodeAs<clang::FunctionDecl>("definition"))
        on_definition(*definition, sources);
    auto const* reference = nodes.getNodeAs<clang::Expr>("reference");
    if (auto const* target = nodes.getNodeAs<clang::FunctionDecl>("target"); reference && target)
        on_reference(*reference, *target, context);
    auto const* call = nodes.getNodeAs<clang::CallExpr>("template_registration");
    if (auto const* argument = nodes.getNodeAs<clang::FunctionDecl>("argument"); call && argument)
        on_template_registration(*call, *argument, sources);
    if (auto const* any_call = nodes.getNodeAs<clang::CallExpr>("call"))
        if (m_scope.owns(any_call->getBeginLoc(), sources))
            if (auto registration = registration_of_call(*any_call, context))
                on_registration(*registration, context);
    if (auto const* table = nodes.getNodeAs<clang::InitListExpr>("table"))
        if (m_scope.owns(table->getBeginLoc(), sources))
            if (auto registration = registration_of_list(*table))
                on_registration(*registration, context);
    if (auto const* endpoint = nodes.getNodeAs<clang::FieldDecl>("endpoint"))
        if (auto registration = oatpp_endpoint_of(*endpoint))
            on_registration(*registration, context);
    if (auto const* literal = nodes.getNodeAs<clang::StringLiteral>("literal"))
        on_test_literal(*literal, sources);
    if (auto const* method = nodes.getNodeAs<clang::CXXMethodDecl>("rpc"))
        on_rpc(*method, context);
    if (auto const* lambda = nodes.getNodeAs<clang::LambdaExpr>("lambda"))
        on_lambda(*lambda, context);
}

CodeSite& HandlerFinder::site(const std::string& handler) {
    auto& site = m_sites[handler];
    site.handler = handler;
    return site;
}

std::vector<CodeSite*> HandlerFinder::sites_for(const clang::FunctionDecl& decl) {
    std::vector<CodeSite*> sites;
    // An instantiation names its template arguments; a handler asked for with arguments then
    // matches only its own instance (export_statement<csv> is not export_statement<json>).
    std::string instance;
    if (decl.getTemplateSpecializationArgs() != nullptr) {
        llvm::raw_string_ostream out(instance);
        decl.getNameForDiagnostic(out, decl.getASTContext().getPrintingPolicy(), true);
    }
    for (auto const& handler :
         m_index.by_function(normalize_name(decl.getQualifiedNameAsString()))) {
        if (!instance.empty() && handler.find('<') != std::string::npos &&
            template_arguments_key(handler) != template_arguments_key(instance))
            continue;
        sites.push_back(&site(handler));
    }
    return sites;
}

void HandlerFinder::define(CodeSite& site, const clang::FunctionDecl& function, std::string name,
                           clang::SourceRange written, const clang::SourceManager& sources) {
    site.qualified_name = std::move(name);
    site.definition = m_scope.range(written, sources);
    for (auto const& callee : callees_of(function, sources))
        add_callee(site.callees, callee);
}

void HandlerFinder::on_definition(const clang::FunctionDecl& decl,
                                  const clang::SourceManager& sources) {
    // Template instantiations share their pattern's source; record the written definition.
    if (decl.isTemplateInstantiation() || !m_scope.owns(decl.getLocation(), sources))
        return;
    for (auto* site : sites_for(decl))
        define(*site, decl, decl.getQualifiedNameAsString(), written_range(decl), sources);
}

void HandlerFinder::add_registration(CodeSite& site, const RegistrationSite& registration) {
    if (std::none_of(site.registrations.begin(), site.registrations.end(),
                     [&](const RegistrationSite& r) { return same_place(r, registration); }))
        site.registrations.push_back(registration);
}

void HandlerFinder::on_reference(const clang::Expr& reference, const clang::FunctionDecl& target,
                                 clang::ASTContext& context) {
    auto& sources = context.getSourceManager();
    auto const sites = sites_for(target);
    if (sites.empty() || !m_scope.owns(reference.getBeginLoc(), sources))
        return;
    auto const where = m_scope.range(reference.getSourceRange(), sources);
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
        registration->range = m_scope.range(macro->second, sources);
    }
    for (auto* site : sites)
        add_registration(*site, *registration);
}

void HandlerFinder::on_template_registration(const clang::CallExpr& call,
                                             const clang::FunctionDecl& handler,
                                             const clang::SourceManager& sources) {
    auto const* literal = route_argument(call);
    if (literal == nullptr || !m_scope.owns(call.getBeginLoc(), sources))
        return;
    RegistrationSite const registration{literal->getString().str(), callee_name(call),
                                        m_scope.range(call.getSourceRange(), sources)};
    for (auto* site : sites_for(handler))
        add_registration(*site, registration);
}

void HandlerFinder::on_registration(const Registration& registration, clang::ASTContext& context) {
    auto const& sources = context.getSourceManager();
    RegistrationSite const where{registration.key, registration.call,
                                 m_scope.range(registration.range, sources)};
    if (is_test_path(where.range.file))
        return; // a test that registers a handler to call it is no production route
    for (auto const& [handler, score] :
         m_index.by_registration(registration.key, registration.method)) {
        auto& best = m_match_score[handler];
        if (score < best)
            continue;
        auto& answer = site(handler);
        if (score > best) { // a better match replaces what a weaker one found
            auto tests = std::move(answer.test_files);
            answer = CodeSite{};
            answer.handler = handler;
            answer.test_files = std::move(tests);
            m_resolved.erase(handler);
            best = score;
        }
        add_registration(answer, where);
        if (registration.lambda != nullptr) {
            auto const& lambda = *registration.lambda;
            define(answer, *lambda.getCallOperator(), m_scope.lambda_name(lambda, sources),
                   lambda.getSourceRange(), sources);
        } else if (auto const* function = registration.function) {
            m_resolved[handler] = function->getQualifiedNameAsString();
            if (auto const* body = function->getDefinition();
                body != nullptr && m_scope.owns(body->getLocation(), sources))
                define(answer, *body, body->getQualifiedNameAsString(), written_range(*body),
                       sources);
        }
    }
}

void HandlerFinder::on_rpc(const clang::CXXMethodDecl& method, clang::ASTContext& context) {
    auto const& sources = context.getSourceManager();
    if (!m_scope.owns(method.getLocation(), sources))
        return;
    auto const rpc = grpc_method_of(method);
    if (rpc.empty())
        return;
    for (auto const& handler : m_index.by_rpc(rpc)) {
        auto& answer = site(handler);
        define(answer, method, method.getQualifiedNameAsString(), written_range(method), sources);
        add_registration(answer, {rpc, "override of the generated gRPC service",
                                  m_scope.range(method.getSourceRange(), sources)});
    }
}

void HandlerFinder::on_lambda(const clang::LambdaExpr& lambda, clang::ASTContext& context) {
    auto const& sources = context.getSourceManager();
    if (!m_scope.owns(lambda.getBeginLoc(), sources))
        return;
    auto const name = m_scope.lambda_name(lambda, sources);
    for (auto const& handler : m_index.by_lambda(name))
        define(site(handler), *lambda.getCallOperator(), name, lambda.getSourceRange(), sources);
}

void HandlerFinder::on_test_literal(const clang::StringLiteral& literal,
                                    const clang::SourceManager& sources) {
    // A test that spells a handler's route or key ("/items/42") calls it through the framework.
    if (!m_scope.owns(literal.getBeginLoc(), sources))
        return;
    auto const where = m_scope.range(literal.getSourceRange(), sources);
    if (!is_test_path(where.file))
        return;
    for (auto const& handler : m_index.by_test_literal(literal.getString().str())) {
        auto& tests = site(handler).test_files;
        if (std::find(tests.begin(), tests.end(), where.file) == tests.end())
            tests.push_back(where.file);
    }
}

std::vector<Callee> HandlerFinder::callees_of(const clang::FunctionDecl& handler,
                                              const clang::SourceManager& sources) const {
    std::vector<Callee> found;
    if (m_callee_depth == 0)
        return found;
    std::vector<std::pair<const clang::FunctionDecl*, unsigned>> queue{{&handler, 0}};
    std::set<const clang::FunctionDecl*> seen{handler.getCanonicalDecl()};
    for (std::size_t i = 0; i < queue.size() && found.size() < k_max_callees; ++i) {
        auto const [function, depth] = queue[i];
        if (depth >= m_callee_depth)
            continue;
        for (auto const* callee : functions_called_by(*function)) {
            if (!seen.insert(callee->getCanonicalDecl()).second ||
                !m_scope.owns(callee->getLocation(), sources) || found.size() >= k_max_callees)
                continue;
            // A body in another unit is filled in later (locate follows it there by name).
            auto const* definition = callee->getDefinition();
            found.push_back(
                {callee->getQualifiedNameAsString(),
                 definition ? m_scope.range(definition->getSourceRange(), sources) : SourceRange{},
                 depth + 1});
            if (definition != nullptr)
                queue.emplace_back(definition, depth + 1);
        }
    }
    return found;
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
            add_unique(target.registrations, r, same_place);
        for (auto const& c : site.callees)
            add_callee(target.callees, c);
        for (auto const& t : site.test_files)
            add_unique(target.test_files, t, [](auto const& a, auto const& b) { return a == b; });
    }
}

} // namespace medic::code
