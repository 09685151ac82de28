#include "analyzers/code/entry_points.hpp"

#include "analyzers/code/names.hpp"
#include "analyzers/code/parallel_parse.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/registrations.hpp"
#include "analyzers/code/repo_scope.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/result.hpp"

#include <clang/AST/QualTypeNames.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <set>

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

/// `type` without reference and const, fully qualified ("depot::Catalog").
std::string plain_type(clang::QualType type, const clang::ASTContext& context) {
    auto bare = type.getNonReferenceType().getUnqualifiedType();
    clang::PrintingPolicy policy(context.getLangOpts());
    policy.SuppressTagKeyword = true;
    return clang::TypeName::getFullyQualifiedName(bare, context, policy);
}

bool default_constructible(clang::QualType type) {
    auto const bare = type.getNonReferenceType();
    if (auto const* record = bare->getAsCXXRecordDecl())
        return record->hasDefinition() && record->hasDefaultConstructor();
    return bare->isScalarType();
}

bool is_httplib_server(clang::QualType type) {
    auto const* record = type.getNonReferenceType()->getAsCXXRecordDecl();
    return record != nullptr && (record->getQualifiedNameAsString() == "httplib::Server" ||
                                 record->getQualifiedNameAsString() == "httplib::SSLServer");
}

std::vector<HarnessParameter> parameters_of(llvm::ArrayRef<clang::ParmVarDecl*> parameters,
                                            const clang::ASTContext& context) {
    std::vector<HarnessParameter> out;
    for (auto const* parameter : parameters)
        out.push_back({plain_type(parameter->getType(), context),
                       default_constructible(parameter->getType()),
                       is_httplib_server(parameter->getType())});
    return out;
}

/// What a request field's type lets a harness fill from recorded text, or empty.
std::string field_kind(clang::QualType type) {
    auto const canonical = type.getCanonicalType().getUnqualifiedType();
    if (canonical->isBooleanType())
        return "bool";
    if (canonical->isIntegerType())
        return "integer";
    if (canonical->isRealFloatingType())
        return "real";
    auto const* record = canonical->getAsCXXRecordDecl();
    auto const name = record ? record->getQualifiedNameAsString() : std::string();
    return name == "std::basic_string" || name == "std::__cxx11::basic_string" ? "string" : "";
}

class EntryJob : public UnitJob, public MatchFinder::MatchCallback {
public:
    EntryJob(const RepoScope& scope, const std::set<std::string>& plain_functions, EntryPoints& all)
        : m_scope(scope), m_plain(plain_functions), m_all(all) {}

    void add_matchers(MatchFinder& finder) override {
        auto const server =
            cxxRecordDecl(anyOf(hasName("::httplib::Server"), hasName("::httplib::SSLServer")));
        finder.addMatcher(cxxMemberCallExpr(on(ignoringImplicit(declRefExpr(
                                                to(parmVarDecl(hasType(references(server))))))),
                                            hasAncestor(functionDecl(isDefinition()).bind("setup")))
                              .bind("route"),
                          this);
        finder.addMatcher(
            cxxMethodDecl(isOverride(), isDefinition(), unless(isExpansionInSystemHeader()))
                .bind("rpc"),
            this);
        if (!m_plain.empty()) {
            std::vector<std::string> names(m_plain.begin(), m_plain.end());
            std::vector<llvm::StringRef> refs(names.begin(), names.end());
            finder.addMatcher(functionDecl(isDefinition(), hasAnyName(refs)).bind("plain"), this);
        }
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto& context = *result.Context;
        if (auto const* call = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("route"))
            on_route(*call, *result.Nodes.getNodeAs<clang::FunctionDecl>("setup"), context);
        if (auto const* method = result.Nodes.getNodeAs<clang::CXXMethodDecl>("rpc"))
            on_rpc(*method, context);
        if (auto const* function = result.Nodes.getNodeAs<clang::FunctionDecl>("plain"))
            on_plain(*function, context);
    }

    void merge(const std::string&) override {
        for (auto const& setup : m_found.http)
            if (std::none_of(m_all.http.begin(), m_all.http.end(),
                             [&](const RouteSetup& s) { return s.function == setup.function; }))
                m_all.http.push_back(setup);
        for (auto const& service : m_found.grpc)
            if (std::none_of(m_all.grpc.begin(), m_all.grpc.end(), [&](const ServiceClass& s) {
                    return s.class_name == service.class_name;
                }))
                m_all.grpc.push_back(service);
        for (auto const& function : m_found.functions)
            if (std::none_of(
                    m_all.functions.begin(), m_all.functions.end(),
                    [&](const PlainHandler& f) { return f.function == function.function; }))
                m_all.functions.push_back(function);
        for (auto const& problem : m_found.problems)
            if (std::find(m_all.problems.begin(), m_all.problems.end(), problem) ==
                m_all.problems.end())
                m_all.problems.push_back(problem);
    }

private:
    /// The repository header that declares `decl`, or empty (declared only where defined).
    std::string header_of(const clang::Decl& decl, const clang::SourceManager& sources) const {
        for (auto const* redeclaration : decl.redecls()) {
            auto const file = m_scope.range(redeclaration->getSourceRange(), sources).file;
            if (m_scope.owns(redeclaration->getLocation(), sources) && !file.ends_with(".cpp") &&
                !file.ends_with(".cc") && !file.ends_with(".cxx"))
                return file;
        }
        return {};
    }

    void on_route(const clang::CXXMemberCallExpr& call, const clang::FunctionDecl& setup,
                  clang::ASTContext& context) {
        auto const& sources = context.getSourceManager();
        if (!m_scope.owns(setup.getLocation(), sources))
            return;
        auto const name = setup.getQualifiedNameAsString();
        if (setup.isMain()) {
            m_found.problems.push_back("the HTTP routes are installed in main(): a harness cannot "
                                       "call main; move them into a function that takes the "
                                       "httplib::Server&, declared in a header");
            return;
        }
        auto it = std::find_if(m_found.http.begin(), m_found.http.end(),
                               [&](const RouteSetup& s) { return s.function == name; });
        if (it == m_found.http.end()) {
            RouteSetup found{name,
                             header_of(setup, sources),
                             m_scope.range(setup.getSourceRange(), sources).file,
                             parameters_of(setup.parameters(), context),
                             {}};
            if (found.declared_in.empty())
                m_found.problems.push_back(name + " installs HTTP routes but no header declares "
                                                  "it, so a harness cannot call it");
            it = m_found.http.insert(m_found.http.end(), std::move(found));
        }
        if (auto registration = registration_of_call(call, context))
            it->routes.push_back((registration->method.empty() ? "ANY" : registration->method) +
                                 " " + registration->key);
    }

    void on_rpc(const clang::CXXMethodDecl& method, clang::ASTContext& context) {
        auto const& sources = context.getSourceManager();
        auto const rpc = grpc_method_of(method);
        if (rpc.empty() || !m_scope.owns(method.getLocation(), sources))
            return;
        auto const* service = method.getParent();
        auto const name = service->getQualifiedNameAsString();
        auto it = std::find_if(m_found.grpc.begin(), m_found.grpc.end(),
                               [&](const ServiceClass& s) { return s.class_name == name; });
        if (it == m_found.grpc.end())
            it = m_found.grpc.insert(m_found.grpc.end(),
                                     describe_service(*service, sources, context));
        if (method.getNumParams() != 3 || !method.getParamDecl(1)->getType()->isPointerType() ||
            !method.getParamDecl(2)->getType()->isPointerType()) {
            m_found.problems.push_back(rpc + " streams: a harness replays unary calls only");
            return;
        }
        it->methods.push_back(
            {rpc, method.getNameAsString(),
             plain_type(method.getParamDecl(1)->getType()->getPointeeType(), context),
             plain_type(method.getParamDecl(2)->getType()->getPointeeType(), context)});
    }

    ServiceClass describe_service(const clang::CXXRecordDecl& service,
                                  const clang::SourceManager& sources,
                                  const clang::ASTContext& context) const {
        ServiceClass out{
            service.getQualifiedNameAsString(), header_of(service, sources), {}, {}, {}};
        const clang::CXXConstructorDecl* simplest = nullptr;
        for (auto const* constructor : service.ctors())
            if (constructor->getAccess() == clang::AS_public &&
                !constructor->isCopyOrMoveConstructor() && !constructor->isDeleted() &&
                (simplest == nullptr || constructor->getNumParams() < simplest->getNumParams()))
                simplest = constructor;
        if (simplest != nullptr)
            out.constructor = parameters_of(simplest->parameters(), context);
        return out;
    }

    void on_plain(const clang::FunctionDecl& function, clang::ASTContext& context) {
        auto const& sources = context.getSourceManager();
        if (!m_scope.owns(function.getLocation(), sources) || function.getNumParams() > 1)
            return;
        PlainHandler handler{{},
                             function.getQualifiedNameAsString(),
                             header_of(function, sources),
                             m_scope.range(function.getSourceRange(), sources).file,
                             {},
                             {},
                             function.getReturnType()->isBooleanType()};
        if (function.getNumParams() == 1) {
            auto const type = function.getParamDecl(0)->getType();
            auto const* record = type.getNonReferenceType()->getAsCXXRecordDecl();
            if (record == nullptr || !default_constructible(type))
                return;
            handler.request_type = plain_type(type, context);
            for (auto const* field : record->fields())
                if (auto const kind = field_kind(field->getType());
                    !kind.empty() && field->getAccess() != clang::AS_private)
                    handler.fields.push_back(
                        {field->getNameAsString(), kind, plain_type(field->getType(), context)});
        }
        m_found.functions.push_back(std::move(handler));
    }

    const RepoScope& m_scope;
    const std::set<std::string>& m_plain;
    EntryPoints& m_all;
    EntryPoints m_found;
};

/// The CMake target of a unit, from the object path CMake writes into compile_commands.json
/// (".../CMakeFiles/<target>.dir/..."); empty for other build systems.
std::string cmake_target_of(const clang::tooling::CompileCommand& command) {
    std::string output = command.Output;
    for (std::size_t i = 0; output.empty() && i + 1 < command.CommandLine.size(); ++i)
        if (command.CommandLine[i] == "-o")
            output = command.CommandLine[i + 1];
    auto const begin = output.find("CMakeFiles/");
    auto const end = output.find(".dir/", begin);
    if (begin == std::string::npos || end == std::string::npos)
        return {};
    return output.substr(begin + 11, end - begin - 11);
}

} // namespace

Result<EntryPoints> find_entry_points(const ProjectOptions& options,
                                      const std::vector<CodeSite>& plain) {
    MEDIC_TRY(opened, open_compile_database(options));
    auto const root = std::filesystem::canonical(options.repo);
    RepoScope const scope(root, vendored_paths(root, options.vendored));
    std::set<std::string> plain_functions;
    // Route setups spell the server type; service implementations, grpc::Status.
    std::vector<std::string> needles{"httplib::Server", "grpc::Status"};
    for (auto const& site : plain) {
        plain_functions.insert("::" + normalize_name(site.qualified_name));
        needles.push_back(site.qualified_name.substr(site.qualified_name.rfind(':') + 1));
    }
    EntryPoints found;
    auto const units = units_containing(*opened->database, needles);
    ParallelParse parse{opened->dir, hashed_units(*opened, units), options,
                        [&](const std::string&) {
                            return std::make_unique<EntryJob>(scope, plain_functions, found);
                        }};
    parse_in_parallel(parse);
    for (auto& handler : found.functions)
        for (auto const& site : plain)
            if (normalize_name(site.qualified_name) == normalize_name(handler.function))
                handler.handler = site.handler;
    std::set<std::string> units_used;
    for (auto const& setup : found.http)
        units_used.insert((root / setup.unit).string());
    for (auto const& service : found.grpc)
        units_used.insert((root / service.unit).string());
    for (auto const& function : found.functions)
        units_used.insert((root / function.unit).string());
    for (auto const& unit : units_used)
        for (auto const& command : opened->database->getCompileCommands(unit))
            if (auto const target = cmake_target_of(command);
                !target.empty() && std::find(found.targets.begin(), found.targets.end(), target) ==
                                       found.targets.end())
                found.targets.push_back(target);
    return found;
}

} // namespace medic::code
