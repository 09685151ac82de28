#pragma once
// How C++ services register handlers under the names telemetry uses: a route, a topic or a key
// as a string literal, next to a callable, in any call, macro, builder chain or table —
// cpp-httplib's svr.Get("/x", f), Crow's CROW_ROUTE(app, "/x").methods(...)(lambda), Drogon's
// registerHandler and METHOD_ADD, Pistache's Routes::Get(r, "/x", Routes::bind(&C::m, this)),
// bus.subscribe("topic", lambda), REGISTER("key", &f), {"key", &f} tables — plus gRPC's
// overrides of a generated Service and oatpp's ENDPOINT members.

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <optional>
#include <string>

namespace medic::code {

/// The name of the function `call` calls ("Get", "registerMethod"), or "call" when it is not
/// a direct call.
std::string callee_name(const clang::CallExpr& call);

/// A callable registered under a literal.
struct Registration {
    std::string key;    ///< The literal as written: "/items/(\\d+)", "orders.create".
    std::string method; ///< "GET", ... when the registration says; empty otherwise.
    std::string call;   ///< The registering call or macro ("Get", "CROW_ROUTE", "table").
    const clang::FunctionDecl* function = nullptr; ///< A named handler (function or member)...
    const clang::LambdaExpr* lambda = nullptr;     ///< ...or a lambda, whose body is the handler.
    clang::SourceRange range;                      ///< The registering expression.
};

/// The registration a call makes, if it is one: a key literal among its arguments (or in the
/// builder chain it is called on) and a callable among its arguments.
std::optional<Registration> registration_of_call(const clang::CallExpr& call,
                                                 clang::ASTContext& context);

/// The registration a braced table entry makes: {"key", &handler}.
std::optional<Registration> registration_of_list(const clang::InitListExpr& list);

/// "pkg.Service/Method" for an override of a gRPC generated Service's method, else empty.
std::string grpc_method_of(const clang::CXXMethodDecl& method);

/// oatpp's ENDPOINT("GET", "/path", name, ...) generates a member Z__CREATE_ENDPOINT_INFO_name
/// that holds the method and path: the registration of member function `name`.
std::optional<Registration> oatpp_endpoint_of(const clang::FieldDecl& field);

/// The string literal an expression spells, looking through conversions (const char* ->
/// std::string, user-defined literals such as "POST"_method).
const clang::StringLiteral* literal_in(const clang::Expr* expr);

/// The outermost macro `location` was expanded from, with its expansion range.
std::optional<std::pair<std::string, clang::SourceRange>>
outermost_macro(clang::SourceLocation location, const clang::SourceManager& sources,
                const clang::LangOptions& language);

} // namespace medic::code
