#include "analyzers/code/registrations.hpp"

#include "analyzers/code/names.hpp"

#include <clang/Lex/Lexer.h>

namespace medic::code {
namespace {

/// An expression without the conversions around what was written: implicit casts, temporaries,
/// and one-argument constructions (std::string from a literal, std::function from a lambda).
const clang::Expr* as_written(const clang::Expr* expr) {
    for (int depth = 0; expr != nullptr && depth < 16; ++depth) {
        auto const* next = expr->IgnoreImplicit()->IgnoreParens();
        if (auto const* temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(next))
            next = temporary->getSubExpr();
        else if (auto const* bound = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(next))
            next = bound->getSubExpr();
        else if (auto const* cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(next))
            next = cast->getSubExpr();
        else if (auto const* construct = llvm::dyn_cast<clang::CXXConstructExpr>(next);
                 construct != nullptr && construct->getNumArgs() == 1 &&
                 !llvm::isa<clang::CXXTemporaryObjectExpr>(construct))
            next = construct->getArg(0);
        if (next == expr)
            return expr;
        expr = next;
    }
    return expr;
}

struct Callable {
    const clang::FunctionDecl* function = nullptr;
    const clang::LambdaExpr* lambda = nullptr;
};

/// The handler an argument passes: a lambda, a function or member function (by name or by
/// address), or one found in the arguments of a wrapper (std::bind, Routes::bind, traced(...)).
std::optional<Callable> callable_in(const clang::Expr* expr, int depth = 0) {
    expr = as_written(expr);
    if (expr == nullptr || depth > 3)
        return std::nullopt;
    if (auto const* lambda = llvm::dyn_cast<clang::LambdaExpr>(expr))
        return Callable{nullptr, lambda};
    if (auto const* address = llvm::dyn_cast<clang::UnaryOperator>(expr))
        return address->getOpcode() == clang::UO_AddrOf ? callable_in(address->getSubExpr(), depth)
                                                        : std::nullopt;
    if (auto const* reference = llvm::dyn_cast<clang::DeclRefExpr>(expr))
        if (auto const* function = llvm::dyn_cast<clang::FunctionDecl>(reference->getDecl()))
            return Callable{function, nullptr};
    auto const arguments = [&]() -> llvm::ArrayRef<const clang::Expr*> {
        if (auto const* call = llvm::dyn_cast<clang::CallExpr>(expr))
            return {call->getArgs(), call->getNumArgs()};
        if (auto const* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr))
            return {construct->getArgs(), construct->getNumArgs()};
        return {};
    }();
    for (auto const* argument : arguments)
        if (auto callable = callable_in(argument, depth + 1))
            return callable;
    return std::nullopt;
}

std::string upper(std::string_view text) {
    std::string out;
    for (char const c : text)
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out == "DEL" ? "DELETE" : out;
}

/// The HTTP method an argument names: "POST", "POST"_method, drogon::Post, methods::GET,
/// Http::Method::Get, or the first of a list of them ({Get, Post}).
std::string method_in(const clang::Expr* expr, int depth = 0) {
    expr = as_written(expr);
    if (expr == nullptr || depth > 3)
        return {};
    if (auto const* literal = literal_in(expr))
        return is_http_method(literal->getString()) ? upper(literal->getString()) : "";
    if (auto const* reference = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
        auto const name = reference->getDecl()->getName();
        return is_http_method(name) ? upper(name) : "";
    }
    auto const children = [&]() -> std::vector<const clang::Expr*> {
        if (auto const* list = llvm::dyn_cast<clang::InitListExpr>(expr))
            return {list->inits().begin(), list->inits().end()};
        if (auto const* list = llvm::dyn_cast<clang::CXXStdInitializerListExpr>(expr))
            return {list->getSubExpr()};
        if (auto const* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr))
            return {construct->getArgs(), construct->getArgs() + construct->getNumArgs()};
        return {};
    }();
    for (auto const* child : children)
        if (auto method = method_in(child, depth + 1); !method.empty())
            return method;
    return {};
}

/// Reads one call's arguments into `registration`: the key (a path literal wins over others),
/// the method, and (when `take_callable`) the handler.
void read_arguments(llvm::ArrayRef<const clang::Expr*> arguments, Registration& registration,
                    std::optional<Callable>& callable, bool take_callable) {
    for (auto const* argument : arguments) {
        if (auto const* literal = literal_in(argument)) {
            auto const text = literal->getString();
            if (is_http_method(text)) {
                registration.method = upper(text);
            } else if (registration.key.empty() ||
                       (text.starts_with("/") && !registration.key.starts_with("/"))) {
                registration.key = text.str();
            }
            continue;
        }
        if (registration.method.empty())
            registration.method = method_in(argument);
        if (take_callable && !callable)
            callable = callable_in(argument);
    }
}

/// The object a call is made on, when it is itself a call (a builder chain: route(..).methods(..)).
const clang::CallExpr* chained_object(const clang::CallExpr& call) {
    const clang::Expr* object = nullptr;
    if (auto const* member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call))
        object = member->getImplicitObjectArgument();
    else if (auto const* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&call);
             op != nullptr && op->getNumArgs() > 0)
        object = op->getArg(0);
    return llvm::dyn_cast_or_null<clang::CallExpr>(as_written(object));
}

/// Drogon's METHOD_ADD (registerMethod(&C::m, "/x", {Get}, true, ...)): the path is relative
/// to the controller's, "/" + its qualified name with "::" as "/".
void prefix_controller_path(const clang::CallExpr& call, const Callable& callable,
                            Registration& registration) {
    auto const* method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(callable.function);
    if (method == nullptr || callee_name(call) != "registerMethod")
        return;
    for (auto const* argument : call.arguments())
        if (auto const* flag = llvm::dyn_cast<clang::CXXBoolLiteralExpr>(as_written(argument));
            flag != nullptr && flag->getValue()) {
            std::string path = "/" + method->getParent()->getQualifiedNameAsString();
            for (auto at = path.find("::"); at != std::string::npos; at = path.find("::"))
                path.replace(at, 2, "/");
            registration.key =
                path + (registration.key.starts_with("/") ? "" : "/") + registration.key;
        }
}

void collect_literals(const clang::Stmt* statement, std::vector<const clang::StringLiteral*>& out) {
    if (statement == nullptr)
        return;
    if (auto const* literal = llvm::dyn_cast<clang::StringLiteral>(statement))
        out.push_back(literal);
    for (auto const* child : statement->children())
        collect_literals(child, out);
}

} // namespace

std::string callee_name(const clang::CallExpr& call) {
    if (auto const* callee = call.getDirectCallee())
        return callee->getNameAsString();
    return "call";
}

const clang::StringLiteral* literal_in(const clang::Expr* expr) {
    expr = as_written(expr);
    if (expr == nullptr)
        return nullptr;
    if (auto const* literal = llvm::dyn_cast<clang::StringLiteral>(expr))
        return literal;
    if (auto const* user = llvm::dyn_cast<clang::UserDefinedLiteral>(expr))
        return user->getNumArgs() > 0 ? literal_in(user->getArg(0)) : nullptr;
    if (auto const* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr))
        return construct->getNumArgs() > 0 ? literal_in(construct->getArg(0)) : nullptr;
    return nullptr;
}

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
    return std::pair{name, sources.getExpansionRange(location).getAsRange()};
}

std::optional<Registration> registration_of_call(const clang::CallExpr& call,
                                                 clang::ASTContext& context) {
    Registration registration;
    std::optional<Callable> callable;
    bool const is_operator = llvm::isa<clang::CXXOperatorCallExpr>(call);
    auto arguments = llvm::ArrayRef<const clang::Expr*>(call.getArgs(), call.getNumArgs());
    read_arguments(is_operator ? arguments.drop_front() : arguments, registration, callable, true);
    if (!callable)
        return std::nullopt;
    std::string call_name = callee_name(call);
    if (is_http_method(call_name) && registration.method.empty())
        registration.method = upper(call_name);
    // A builder chain (route("/x").methods(...)(f)) names the route in the calls it is made on;
    // a chain of registrations (Get("/a", f).Post("/b", g)) each in its own call.
    const clang::CallExpr* chained = &call;
    for (int depth = 0; is_operator && depth < 6 && (chained = chained_object(*chained)); ++depth) {
        std::optional<Callable> ignored;
        read_arguments({chained->getArgs(), chained->getNumArgs()}, registration, ignored, false);
        if (auto const name = callee_name(*chained); name != "methods" && name != "name")
            call_name = name;
    }
    if (registration.key.empty())
        return std::nullopt;
    prefix_controller_path(call, *callable, registration);
    auto const& sources = context.getSourceManager();
    auto macro = outermost_macro(call.getBeginLoc(), sources, context.getLangOpts());
    if (!macro) // CROW_ROUTE(app, "/x")(f): the call starts in the macro's expansion
        if (auto const* object = chained_object(call))
            macro = outermost_macro(object->getBeginLoc(), sources, context.getLangOpts());
    registration.call = macro ? macro->first : call_name;
    registration.function = callable->function;
    registration.lambda = callable->lambda;
    registration.range = call.getSourceRange();
    return registration;
}

std::optional<Registration> registration_of_list(const clang::InitListExpr& list) {
    Registration registration;
    std::optional<Callable> callable;
    read_arguments({list.getInits(), list.getNumInits()}, registration, callable, true);
    if (registration.key.empty() || !callable)
        return std::nullopt;
    registration.call = "table";
    registration.function = callable->function;
    registration.lambda = callable->lambda;
    registration.range = list.getSourceRange();
    return registration;
}

std::string grpc_method_of(const clang::CXXMethodDecl& method) {
    if (!method.getDeclName().isIdentifier())
        return {}; // destructors and operators are no RPCs
    for (auto const* overridden : method.overridden_methods()) {
        auto const* service = overridden->getParent();
        auto const* outer = llvm::dyn_cast<clang::CXXRecordDecl>(service->getDeclContext());
        if (service->getName() != "Service" || outer == nullptr)
            continue;
        bool const generated = std::any_of(
            service->bases_begin(), service->bases_end(), [](const clang::CXXBaseSpecifier& base) {
                auto const* record = base.getType()->getAsCXXRecordDecl();
                return record != nullptr && record->getQualifiedNameAsString() == "grpc::Service";
            });
        if (!generated)
            continue;
        auto name = outer->getQualifiedNameAsString();
        for (auto at = name.find("::"); at != std::string::npos; at = name.find("::"))
            name.replace(at, 2, ".");
        return name + "/" + method.getNameAsString();
    }
    return {};
}

std::optional<Registration> oatpp_endpoint_of(const clang::FieldDecl& field) {
    constexpr std::string_view k_prefix = "Z__CREATE_ENDPOINT_INFO_";
    auto const name = field.getName();
    auto const* record = llvm::dyn_cast<clang::CXXRecordDecl>(field.getParent());
    if (!name.starts_with(k_prefix) || record == nullptr || !field.hasInClassInitializer())
        return std::nullopt;
    auto const handler = name.drop_front(k_prefix.size());
    Registration registration;
    for (auto const* method : record->methods())
        if (method->getName() == handler)
            registration.function = method;
    std::vector<const clang::StringLiteral*> literals;
    collect_literals(field.getInClassInitializer(), literals);
    for (auto const* literal : literals) {
        auto const text = literal->getString();
        if (is_http_method(text))
            registration.method = upper(text);
        else if (text.starts_with("/") && registration.key.empty())
            registration.key = text.str();
    }
    if (registration.function == nullptr || registration.key.empty())
        return std::nullopt;
    registration.call = "ENDPOINT";
    registration.range = field.getSourceRange();
    return registration;
}

} // namespace medic::code
