// Locating handlers by the names telemetry gives them — a route, an RPC method, a topic, a key
// — in the registration shapes of real C++ frameworks. Each framework's API is stood in for by
// a small header with the same shape (names, argument order, macro expansion), written from
// its documentation and sources; cpp-httplib and gRPC are also exercised for real by the depot
// sample service.
#include "analyzers/code/names.hpp"
#include "tests/code/project.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

using test::Project;

/// The site located for `handler`, or a failure naming what was located instead.
const CodeSite* site_of(const code::LocateResult& result, const std::string& handler) {
    for (auto const& site : result.sites)
        if (site.handler == handler)
            return &site;
    ADD_FAILURE() << handler
                  << " was not located; not found: " << nlohmann::json(result.not_found).dump();
    return nullptr;
}

bool not_found(const code::LocateResult& result, const std::string& handler) {
    return std::find(result.not_found.begin(), result.not_found.end(), handler) !=
           result.not_found.end();
}

constexpr const char* k_httplib = R"(#pragma once
#include <functional>
#include <string>
namespace httplib {
struct Request { std::string path, body; };
struct Response { std::string body; int status = 200; };
class Server {
public:
    using Handler = std::function<void(const Request&, Response&)>;
    Server& Get(const std::string& pattern, Handler handler);
    Server& Post(const std::string& pattern, Handler handler);
    Server& Put(const std::string& pattern, Handler handler);
    Server& Delete(const std::string& pattern, Handler handler);
};
} // namespace httplib
)";

TEST(Frameworks, CppHttplibLambdaFunctionChainedAndRegexRoutes) {
    Project project;
    project.add("include/httplib.h", k_httplib);
    project.add("src/api.cpp", R"cpp(#include "httplib.h"
namespace api {
int score(const std::string& q) { return static_cast<int>(q.size()); }
void create_order(const httplib::Request& req, httplib::Response& res) { res.body = req.body; }
void update_item(const httplib::Request&, httplib::Response& res) { res.status = 204; }
void remove_item(const httplib::Request&, httplib::Response& res) { res.status = 204; }
void register_routes(httplib::Server& server) {
    server.Get("/search", [](const httplib::Request& req, httplib::Response& res) {
        res.body = std::to_string(score(req.path));
    });
    server.Post("/orders", create_order);
    server.Put(R"(/items/(\d+))", update_item).Delete("/items/:id", &remove_item);
}
}
)cpp");
    auto const result = project.locate({"GET /search", "POST /orders", "PUT /items/{id}",
                                        "DELETE /items/{id}", "GET /orders", "GET /nowhere"});
    auto const* search = site_of(result, "GET /search");
    ASSERT_NE(search, nullptr);
    EXPECT_EQ(search->qualified_name, "lambda at src/api.cpp:8:27"); // the lambda is the handler
    EXPECT_EQ(search->definition.begin_line, 8u);
    ASSERT_EQ(search->registrations.size(), 1u);
    EXPECT_EQ(search->registrations[0].route, "/search");
    EXPECT_EQ(search->registrations[0].call, "Get");
    ASSERT_EQ(search->callees.size(), 1u);
    EXPECT_EQ(search->callees[0].name, "api::score");
    auto const* orders = site_of(result, "POST /orders");
    ASSERT_NE(orders, nullptr);
    EXPECT_EQ(orders->qualified_name, "api::create_order");
    EXPECT_EQ(orders->definition.begin_line, 4u);
    auto const* update = site_of(result, "PUT /items/{id}"); // a regex route serves the template
    ASSERT_NE(update, nullptr);
    EXPECT_EQ(update->qualified_name, "api::update_item");
    auto const* remove = site_of(result, "DELETE /items/{id}"); // in a chain, by address
    ASSERT_NE(remove, nullptr);
    EXPECT_EQ(remove->qualified_name, "api::remove_item");
    EXPECT_TRUE(not_found(result, "GET /orders")); // the route exists, for POST only
    EXPECT_TRUE(not_found(result, "GET /nowhere"));
}

TEST(Frameworks, CrowRoutesWithMethodsAndBlueprints) {
    Project project;
    project.add("include/crow.h", R"(#pragma once
#include <cstddef>
#include <string>
namespace crow {
enum class HTTPMethod { Get, Post };
struct response { int code = 200; };
struct TaggedRule {
    TaggedRule& methods(HTTPMethod) { return *this; }
    template <typename Func> void operator()(Func&&) {}
};
namespace black_magic { constexpr unsigned get_parameter_tag(const char*) { return 0; } }
struct SimpleApp { template <unsigned Tag> TaggedRule& route(const std::string&); };
struct Blueprint { template <unsigned Tag> TaggedRule& new_rule_tagged(const std::string&); };
} // namespace crow
constexpr crow::HTTPMethod operator""_method(const char* text, std::size_t) {
    return text[0] == 'P' ? crow::HTTPMethod::Post : crow::HTTPMethod::Get;
}
#define CROW_ROUTE(app, url) app.template route<crow::black_magic::get_parameter_tag(url)>(url)
#define CROW_BP_ROUTE(bp, url) bp.new_rule_tagged<crow::black_magic::get_parameter_tag(url)>(url)
)");
    project.add("src/app.cpp", R"(#include "crow.h"
int lookup(int id) { return id; }
void routes(crow::SimpleApp& app, crow::Blueprint& bp) {
    CROW_ROUTE(app, "/book/<int>")([](int id) { return lookup(id); });
    CROW_ROUTE(app, "/login").methods("POST"_method)([] { return crow::response{}; });
    CROW_BP_ROUTE(bp, "/status")([] { return 200; });
}
)");
    auto const result = project.locate({"GET /book/{id}", "POST /login", "GET /status"});
    auto const* book = site_of(result, "GET /book/{id}");
    ASSERT_NE(book, nullptr);
    EXPECT_EQ(book->qualified_name, "lambda at src/app.cpp:4:36");
    ASSERT_FALSE(book->registrations.empty());
    EXPECT_EQ(book->registrations[0].call, "CROW_ROUTE");
    EXPECT_EQ(book->registrations[0].route, "/book/<int>");
    ASSERT_EQ(book->callees.size(), 1u);
    auto const* login = site_of(result, "POST /login");
    ASSERT_NE(login, nullptr);
    EXPECT_EQ(login->definition.begin_line, 5u);
    auto const* status = site_of(result, "GET /status");
    ASSERT_NE(status, nullptr);
    EXPECT_EQ(status->registrations[0].call, "CROW_BP_ROUTE");
}

TEST(Frameworks, DrogonHandlersAndControllerMethods) {
    Project project;
    project.add("include/drogon.h", R"(#pragma once
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
namespace drogon {
enum HttpMethod { Get, Post, Put, Delete };
struct HttpRequest {}; struct HttpResponse {};
using HttpRequestPtr = std::shared_ptr<HttpRequest>;
using HttpResponsePtr = std::shared_ptr<HttpResponse>;
using Callback = std::function<void(const HttpResponsePtr&)>;
struct HttpConstraint { HttpConstraint(HttpMethod) {} };
struct App {
    template <typename F>
    App& registerHandler(const std::string& path, F&& f, std::initializer_list<HttpConstraint> = {});
};
App& app();
template <typename T> struct HttpController {
    template <typename F>
    static void registerMethod(F&& f, const std::string& pattern,
                               std::initializer_list<HttpConstraint> constraints, bool classNameInPath,
                               const std::string& name);
};
} // namespace drogon
#define METHOD_LIST_BEGIN static void initPathRouting() {
#define METHOD_ADD(method, pattern, ...) registerMethod(&method, pattern, {__VA_ARGS__}, true, #method)
#define ADD_METHOD_TO(method, pattern, ...) registerMethod(&method, pattern, {__VA_ARGS__}, false, #method)
#define METHOD_LIST_END return; }
)");
    project.add("src/users.cpp", R"(#include "drogon.h"
using namespace drogon;
namespace api::v1 {
class User : public HttpController<User> {
public:
    METHOD_LIST_BEGIN
    METHOD_ADD(User::getInfo, "/{id}", Get);
    ADD_METHOD_TO(User::login, "/auth/login", Post);
    METHOD_LIST_END
    void getInfo(const HttpRequestPtr&, Callback&& callback, int id) { callback(nullptr); }
    void login(const HttpRequestPtr&, Callback&& callback) { callback(nullptr); }
};
}
void install() {
    app().registerHandler("/health", [](const HttpRequestPtr&, Callback&& callback) {
        callback(nullptr);
    }, {Get});
}
)");
    auto const result = project.locate(
        {"GET /api/v1/User/{id}", "POST /auth/login", "GET /health", "POST /health"});
    auto const* info = site_of(result, "GET /api/v1/User/{id}"); // METHOD_ADD prefixes the class
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->qualified_name, "api::v1::User::getInfo");
    EXPECT_EQ(info->registrations[0].call, "METHOD_ADD");
    auto const* login = site_of(result, "POST /auth/login");
    ASSERT_NE(login, nullptr);
    EXPECT_EQ(login->qualified_name, "api::v1::User::login");
    auto const* health = site_of(result, "GET /health");
    ASSERT_NE(health, nullptr);
    EXPECT_EQ(health->definition.begin_line, 15u);
    EXPECT_TRUE(not_found(result, "POST /health")); // registered for {Get} only
}

TEST(Frameworks, PistacheRoutesBoundToMemberFunctions) {
    Project project;
    project.add("include/pistache.h", R"(#pragma once
#include <functional>
#include <string>
namespace Pistache::Rest {
struct Request {}; struct ResponseWriter {};
struct Router {};
using Handler = std::function<void(const Request&, ResponseWriter)>;
namespace Routes {
void Get(Router&, const std::string&, Handler);
void Post(Router&, const std::string&, Handler);
template <typename Result, typename Cls, typename Obj>
Handler bind(Result (Cls::*)(const Request&, ResponseWriter), Obj);
}
}
)");
    project.add("src/service.cpp", R"(#include "pistache.h"
using namespace Pistache::Rest;
class UserApi {
public:
    void getUser(const Request&, ResponseWriter) {}
    void createUser(const Request&, ResponseWriter) {}
    void setup(Router& router) {
        Routes::Get(router, "/users/:id", Routes::bind(&UserApi::getUser, this));
        Routes::Post(router, "/users", Routes::bind(&UserApi::createUser, this));
    }
};
)");
    auto const result = project.locate({"GET /users/{id}", "POST /users", "GET /users"});
    auto const* get = site_of(result, "GET /users/{id}");
    ASSERT_NE(get, nullptr);
    EXPECT_EQ(get->qualified_name, "UserApi::getUser");
    EXPECT_EQ(get->registrations[0].call, "Get");
    auto const* create = site_of(result, "POST /users");
    ASSERT_NE(create, nullptr);
    EXPECT_EQ(create->qualified_name, "UserApi::createUser");
    EXPECT_TRUE(not_found(result, "GET /users"));
}

TEST(Frameworks, OatppEndpoints) {
    Project project;
    // The members oatpp's ENDPOINT macro generates (codegen/api_controller/base_define.hpp):
    // the handler itself, and a field whose initializer sets the endpoint's method and path.
    project.add("include/oatpp.h", R"(#pragma once
#include <functional>
#include <memory>
#include <string>
namespace oatpp {
struct Info { std::string path, method, name; };
using InfoBuilder = std::function<std::shared_ptr<Info>()>;
struct Response {};
struct ApiController { const char* m_routerPrefix = nullptr; };
}
#define ENDPOINT(METHOD, PATH, NAME, ...)                                         \
    oatpp::InfoBuilder Z__CREATE_ENDPOINT_INFO_##NAME = [this]() {               \
        auto info = std::make_shared<oatpp::Info>();                            \
        info->name = #NAME;                                                      \
        info->path = ((m_routerPrefix != nullptr) ? std::string(m_routerPrefix) + PATH : PATH); \
        info->method = METHOD;                                                   \
        return info;                                                             \
    };                                                                           \
    std::shared_ptr<oatpp::Response> NAME(__VA_ARGS__)
)");
    project.add("src/controller.cpp", R"(#include "oatpp.h"
class UserController : public oatpp::ApiController {
public:
    ENDPOINT("GET", "/users/{id}", getUser, int id) { return nullptr; }
    ENDPOINT("POST", "/users", createUser) { return nullptr; }
};
)");
    auto const result = project.locate({"GET /users/{id}", "POST /users"});
    auto const* get = site_of(result, "GET /users/{id}");
    ASSERT_NE(get, nullptr);
    EXPECT_EQ(get->qualified_name, "UserController::getUser");
    EXPECT_EQ(get->registrations[0].call, "ENDPOINT");
    auto const* create = site_of(result, "POST /users");
    ASSERT_NE(create, nullptr);
    EXPECT_EQ(create->qualified_name, "UserController::createUser");
}

TEST(Frameworks, GrpcServiceOverridesByRpcName) {
    Project project;
    // What grpc_cpp_plugin generates: an outer class per service with a nested Service.
    project.add("include/inventory.grpc.pb.h", R"(#pragma once
namespace grpc { class Status {}; class ServerContext {}; class Service { public: virtual ~Service() = default; }; }
namespace depot {
struct ReserveRequest {}; struct ReserveReply {};
class Inventory final {
public:
    class Service : public ::grpc::Service {
    public:
        virtual ::grpc::Status Reserve(::grpc::ServerContext*, const ReserveRequest*, ReserveReply*);
        virtual ::grpc::Status Release(::grpc::ServerContext*, const ReserveRequest*, ReserveReply*);
    };
};
}
)");
    project.add("src/inventory_service.cpp", R"(#include "inventory.grpc.pb.h"
namespace depot {
int count_stock() { return 3; }
class InventoryService final : public Inventory::Service {
public:
    ::grpc::Status Reserve(::grpc::ServerContext*, const ReserveRequest*, ReserveReply*) override {
        count_stock();
        return {};
    }
};
}
)");
    auto const result = project.locate({"depot.Inventory/Reserve", "Inventory/Reserve",
                                        "depot.Inventory/Release", "depot.Other/Reserve"});
    auto const* reserve = site_of(result, "depot.Inventory/Reserve");
    ASSERT_NE(reserve, nullptr);
    EXPECT_EQ(reserve->qualified_name, "depot::InventoryService::Reserve");
    EXPECT_EQ(reserve->definition.begin_line, 6u);
    ASSERT_EQ(reserve->callees.size(), 1u);
    EXPECT_NE(site_of(result, "Inventory/Reserve"), nullptr);  // the service without its package
    EXPECT_TRUE(not_found(result, "depot.Inventory/Release")); // not implemented here
    EXPECT_TRUE(not_found(result, "depot.Other/Reserve"));
}

TEST(Frameworks, GenericKeysTopicsAndTables) {
    Project project;
    project.add("src/bus.cpp", R"(#include <functional>
#include <string>
struct Event { int id = 0; };
struct Bus { void subscribe(const std::string&, std::function<void(const Event&)>); };
using Handler = void (*)(const Event&);
struct Registry { void add(const char*, Handler); };
#define REGISTER(registry, key, fn) registry.add(key, fn)
void create(const Event&) {}
void cancel(const Event&) {}
void audit(const Event&) {}
struct Entry { const char* key; Handler handler; };
const Entry k_table[] = {{"orders.cancel", &cancel}};
void wire(Bus& bus, Registry& registry) {
    REGISTER(registry, "orders.create", &create);
    bus.subscribe("orders.created", [](const Event& event) { audit(event); });
}
)");
    code::ProjectOptions const options{project.root(), {}, 2, {}, 3};
    project.locate({}); // writes the compile database
    auto const result = code::locate_handlers(
        options, std::vector<code::HandlerQuery>{{"orders.create", {}},
                                                 {"process orders.created", {"orders.created"}},
                                                 {"orders.cancel", {}},
                                                 {"orders.unknown", {}}});
    ASSERT_TRUE(result);
    auto const* create = site_of(*result, "orders.create");
    ASSERT_NE(create, nullptr);
    EXPECT_EQ(create->qualified_name, "create");
    EXPECT_EQ(create->registrations[0].call, "REGISTER");
    auto const* consumer = site_of(*result, "process orders.created"); // by its topic
    ASSERT_NE(consumer, nullptr);
    EXPECT_EQ(consumer->definition.begin_line, 15u);
    EXPECT_EQ(consumer->registrations[0].call, "subscribe");
    auto const* cancel = site_of(*result, "orders.cancel");
    ASSERT_NE(cancel, nullptr);
    EXPECT_EQ(cancel->registrations[0].call, "table");
    EXPECT_TRUE(not_found(*result, "orders.unknown"));
}

TEST(Frameworks, RouteTemplatesMatchTheirInstances) {
    EXPECT_TRUE(code::route_matches("/book/<int>", "/book/{id}"));
    EXPECT_TRUE(code::route_matches("/book/<int>", "/book/42"));
    EXPECT_TRUE(code::route_matches("/users/:id", "/users/{id}"));
    EXPECT_TRUE(code::route_matches(R"(/numbers/(\d+))", "/numbers/17"));
    EXPECT_FALSE(code::route_matches(R"(/numbers/(\d+))", "/numbers/x"));
    EXPECT_TRUE(code::route_matches("/files/(.*)", "/files/a/b/c"));
    EXPECT_TRUE(code::route_matches("/static/<path>", "/static/css/site.css"));
    EXPECT_TRUE(code::route_matches("/hello?name={1}", "/hello"));
    EXPECT_FALSE(code::route_matches("/users/:id", "/users"));
    EXPECT_FALSE(code::route_matches("/users", "/users/{id}"));
    EXPECT_TRUE(code::route_matches("/", "/"));
}

TEST(Frameworks, NamesSayWhatToLookFor) {
    using Kind = code::NameTarget::Kind;
    auto const kinds = [](std::string_view name) {
        std::vector<Kind> out;
        for (auto const& target : code::targets_of(name))
            out.push_back(target.kind);
        return out;
    };
    EXPECT_EQ(kinds("GET /users/{id}"), std::vector<Kind>{Kind::route});
    EXPECT_EQ(kinds("/users/{id}"), std::vector<Kind>{Kind::route});
    EXPECT_EQ(kinds("depot.Inventory/Reserve"), std::vector<Kind>{Kind::rpc});
    EXPECT_EQ(kinds("shop::Search::handle"), std::vector<Kind>{Kind::function});
    EXPECT_EQ(kinds("search"), (std::vector<Kind>{Kind::function, Kind::key}));
    EXPECT_EQ(kinds("orders.create"), std::vector<Kind>{Kind::key});
    EXPECT_EQ(kinds("lambda at src/a.cpp:3:5"), std::vector<Kind>{Kind::lambda});
    EXPECT_EQ(code::targets_of("HTTP /cache")[0].method, ""); // _OTHER: any method
}

} // namespace
} // namespace medic
