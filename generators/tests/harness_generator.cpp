#include "generators/tests/harness_generator.hpp"

#include "bot/model/result.hpp"
#include "generators/templates/cpp_text.hpp"
#include "generators/templates/render_template.hpp"

#include <algorithm>
#include <map>

namespace medic {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

/// What the harness's State holds: one default-constructed object per type the entry points
/// take (a service and its routes share the catalog, as in production).
class StateMembers {
public:
    /// The member for `parameter`; nullopt when it cannot be made (no default constructor).
    std::optional<std::string> argument(const HarnessParameter& parameter) {
        if (parameter.is_server)
            return "server";
        if (!parameter.default_constructible)
            return std::nullopt;
        auto [it, added] =
            m_names.try_emplace(parameter.type, "state_" + std::to_string(m_names.size()));
        if (added)
            m_order.push_back(parameter.type);
        return it->second;
    }
    /// The arguments for `parameters`, joined; nullopt when one cannot be made.
    std::optional<std::string> arguments(const std::vector<HarnessParameter>& parameters) {
        std::string joined;
        for (auto const& parameter : parameters) {
            auto name = argument(parameter);
            if (!name)
                return std::nullopt;
            joined += (joined.empty() ? "" : ", ") + *name;
        }
        return joined;
    }
    [[nodiscard]] list view() const {
        list members;
        for (std::size_t i = 0; i < m_order.size(); ++i) {
            data member;
            member.set("type", m_order[i]);
            member.set("name", m_names.at(m_order[i]));
            member.set("last", i + 1 == m_order.size());
            members.push_back(member);
        }
        return members;
    }

private:
    std::map<std::string, std::string> m_names;
    std::vector<std::string> m_order;
};

std::string unmakeable(const std::vector<HarnessParameter>& parameters) {
    for (auto const& parameter : parameters)
        if (!parameter.is_server && !parameter.default_constructible)
            return parameter.type;
    return {};
}

/// Everything the templates see, and the coverage report, built in one walk.
struct HarnessView {
    data view;
    list includes, http, grpc, grpc_methods, functions;
    std::vector<std::string> headers;
    StateMembers state;
    std::vector<std::string> covers, problems;
    bool has_fields = false;

    /// `header` as code includes it: a repository's include/ folder is its targets' include
    /// path, anything else is included from the repository root.
    void include(std::string header) {
        if (header.starts_with("include/"))
            header.erase(0, 8);
        if (std::find(headers.begin(), headers.end(), header) == headers.end()) {
            headers.push_back(header);
            data entry;
            entry.set("header", header);
            includes.push_back(entry);
        }
    }
};

void add_http(HarnessView& out, const RouteSetup& setup) {
    auto const arguments = out.state.arguments(setup.parameters);
    if (setup.declared_in.empty() || !arguments) {
        out.problems.push_back(setup.function + " installs HTTP routes, but " +
                               (setup.declared_in.empty()
                                    ? "no header declares it"
                                    : "its parameter " + unmakeable(setup.parameters) +
                                          " has no default constructor"));
        return;
    }
    out.include(setup.declared_in);
    data entry;
    entry.set("function", setup.function);
    entry.set("declared_in", setup.declared_in);
    entry.set("arguments", *arguments);
    out.http.push_back(entry);
    out.covers.push_back("HTTP routes of " + setup.function + ": " +
                         std::to_string(setup.routes.size()) + " registration(s)");
}

void add_grpc(HarnessView& out, const ServiceClass& service) {
    auto const arguments = out.state.arguments(service.constructor);
    if (service.declared_in.empty() || !arguments || service.methods.empty()) {
        out.problems.push_back("gRPC service " + service.class_name + ": " +
                               (service.declared_in.empty() ? std::string("no header declares it")
                                : service.methods.empty()   ? std::string("no unary method to call")
                                                            : "its constructor's parameter " +
                                                                unmakeable(service.constructor) +
                                                                " has no default constructor"));
        return;
    }
    out.include(service.declared_in);
    auto const member = "service_" + std::to_string(out.grpc.size());
    data entry;
    entry.set("class_name", service.class_name);
    entry.set("declared_in", service.declared_in);
    entry.set("member", member);
    entry.set("arguments", *arguments);
    out.grpc.push_back(entry);
    for (auto const& method : service.methods) {
        data call;
        call.set("rpc", method.rpc);
        call.set("rpc_literal", cpp_string_literal(method.rpc));
        call.set("identifier", cpp_identifier(method.rpc));
        call.set("method", method.method);
        call.set("request_type", method.request_type);
        call.set("reply_type", method.reply_type);
        call.set("member", member);
        out.grpc_methods.push_back(call);
        out.covers.push_back("gRPC " + method.rpc + " (" + service.class_name + ")");
    }
}

void add_function(HarnessView& out, const PlainHandler& handler) {
    if (handler.declared_in.empty() || handler.handler.empty()) {
        out.problems.push_back(handler.function + ": no header declares it");
        return;
    }
    out.include(handler.declared_in);
    data entry;
    entry.set("handler", cpp_comment_text(handler.handler));
    entry.set("handler_literal", cpp_string_literal(handler.handler));
    entry.set("identifier", cpp_identifier(handler.handler));
    entry.set("function", handler.function);
    entry.set("declared_in", handler.declared_in);
    entry.set("has_request", !handler.request_type.empty());
    entry.set("request_type", handler.request_type);
    entry.set("returns_bool", handler.returns_bool);
    list fields;
    for (auto const& field : handler.fields) {
        data item;
        item.set("name", field.name);
        item.set("key_literal", cpp_string_literal(field.name));
        fields.push_back(item);
    }
    out.has_fields = out.has_fields || !handler.fields.empty();
    entry.set("fields", fields);
    out.functions.push_back(entry);
    out.covers.push_back(handler.handler + " (" + handler.function + ", " +
                         std::to_string(handler.fields.size()) + " request field(s) from inputs)");
}

HarnessView build_view(const HarnessRequest& request) {
    HarnessView out;
    out.problems = request.entry_points.problems;
    for (auto const& setup : request.entry_points.http)
        add_http(out, setup);
    for (auto const& service : request.entry_points.grpc)
        add_grpc(out, service);
    for (auto const& handler : request.entry_points.functions)
        add_function(out, handler);
    auto& view = out.view;
    view.set("project", cpp_comment_text(request.project));
    view.set("includes", out.includes);
    view.set("http", out.http);
    view.set("has_http", !out.http.empty());
    view.set("grpc", out.grpc);
    view.set("has_grpc", !out.grpc.empty());
    view.set("grpc_methods", out.grpc_methods);
    view.set("functions", out.functions);
    view.set("has_fields", out.has_fields);
    auto const state = out.state.view();
    view.set("state", state);
    view.set("has_state", !state.empty());
    return out;
}

std::string target_name(const std::string& project) {
    std::string name;
    for (char const c : project)
        name += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
    return (name.empty() ? std::string("project") : name) + "_medic_harness";
}

Result<void> render_into(std::vector<GeneratedFile>& files, const TemplateDirs& templates,
                         std::string_view name, std::string path, const data& view) {
    MEDIC_TRY(text, render_template(templates, name, view));
    files.push_back({std::move(path), std::move(*text)});
    return {};
}

/// The top-level CMakeLists.txt with the harness and the generated tests added (once).
std::optional<GeneratedFile> hooked_cmake_lists(const HarnessRequest& request) {
    auto text = request.cmake_lists.value_or("");
    auto const line = "add_subdirectory(" + request.directory + ")";
    if (text.find(line) != std::string::npos)
        return std::nullopt;
    if (!text.empty() && !text.ends_with('\n'))
        text += '\n';
    text +=
        "\n# Medic's harness and the tests Medic generates against it (`medic init --harness`).\n" +
        line +
        "\nif(EXISTS \"${CMAKE_CURRENT_SOURCE_DIR}/tests/medic/CMakeLists.txt\")\n"
        "  add_subdirectory(tests/medic)\nendif()\n";
    return GeneratedFile{"CMakeLists.txt", text};
}

/// .github/medic.yml with the harness keys; a problem instead when it has a harness: already.
std::optional<GeneratedFile> configured_medic_yml(const HarnessRequest& request,
                                                  const std::string& target,
                                                  std::vector<std::string>& problems) {
    auto text = request.medic_yml.value_or("version: 1\n");
    if (text.starts_with("harness:") || text.find("\nharness:") != std::string::npos) {
        problems.push_back(".github/medic.yml already has a harness: section; set its target to " +
                           target + " and its header to medic_harness.hpp");
        return std::nullopt;
    }
    if (!text.ends_with('\n'))
        text += '\n';
    text +=
        "# How Medic's generated tests reach the handlers (written by `medic init --harness`).\n"
        "harness: { header: medic_harness.hpp, target: " +
        target + " }\n";
    return GeneratedFile{".github/medic.yml", text};
}

} // namespace

Result<GeneratedHarness> generate_harness(const HarnessRequest& request,
                                          const TemplateDirs& templates) {
    auto built = build_view(request);
    GeneratedHarness harness{{}, target_name(request.project), built.covers, built.problems};
    if (built.covers.empty()) {
        std::string why;
        for (auto const& problem : built.problems)
            why += "; " + problem;
        return fail(ErrorCode::invalid_input,
                    "no HTTP routes (cpp-httplib), gRPC services or plain handler functions that a "
                    "harness can call were found" +
                        why);
    }
    auto& view = built.view;
    view.set("target", harness.target);
    list targets;
    for (auto const& target : request.entry_points.targets) {
        data entry;
        entry.set("name", target);
        targets.push_back(entry);
    }
    view.set("targets", targets);
    for (auto const& [name, file] :
         {std::pair{"harness/medic_harness.hpp.mustache", "medic_harness.hpp"},
          {"harness/medic_harness.cpp.mustache", "medic_harness.cpp"},
          {"harness/CMakeLists.txt.mustache", "CMakeLists.txt"}})
        MEDIC_RETURN_IF_ERROR(
            render_into(harness.files, templates, name, request.directory + "/" + file, view));
    if (auto hook = hooked_cmake_lists(request))
        harness.files.push_back(std::move(*hook));
    if (auto config = configured_medic_yml(request, harness.target, harness.problems))
        harness.files.push_back(std::move(*config));
    return harness;
}

} // namespace medic
