#include "bot/validate/cmake_file_api.hpp"

#include "bot/model/result.hpp"
#include "bot/model/text_file.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

namespace medic::validate {
namespace {

namespace fs = std::filesystem;

Result<nlohmann::json> read_json(const fs::path& path) {
    std::ifstream in(path);
    auto json = nlohmann::json::parse(in, nullptr, false);
    if (!in.is_open() || json.is_discarded())
        return fail(ErrorCode::not_found, path.string() + ": not readable as JSON");
    return json;
}

/// The newest index file of the reply folder (CMake writes index-<time>.json).
Result<fs::path> newest_index(const fs::path& reply) {
    std::error_code error;
    fs::path newest;
    for (auto const& entry : fs::directory_iterator(reply, error))
        if (entry.path().filename().string().starts_with("index-") &&
            (newest.empty() || entry.path().filename() > newest.filename()))
            newest = entry.path();
    if (newest.empty())
        return fail(ErrorCode::not_found,
                    reply.string() + " has no CMake file-API reply: the build is not configured "
                                     "by CMake (3.14 or later), so Medic cannot tell which "
                                     "executable holds the benchmark");
    return newest;
}

/// The target objects of the codemodel's first configuration.
Result<nlohmann::json> codemodel_targets(const fs::path& reply) {
    MEDIC_TRY(index_path, newest_index(reply));
    MEDIC_TRY(index, read_json(*index_path));
    for (auto const& object : index->value("objects", nlohmann::json::array()))
        if (object.value("kind", "") == "codemodel") {
            MEDIC_TRY(model, read_json(reply / object.value("jsonFile", "")));
            auto const& configurations = (*model)["configurations"];
            if (configurations.is_array() && !configurations.empty())
                return configurations[0].value("targets", nlohmann::json::array());
        }
    return fail(ErrorCode::not_found, index_path->string() + " lists no codemodel");
}

bool compiles(const nlohmann::json& target, const std::string& source) {
    for (auto const& file : target.value("sources", nlohmann::json::array()))
        if (file.value("path", "") == source)
            return true;
    return false;
}

} // namespace

Result<void> request_codemodel(const fs::path& build_dir) {
    auto const query = build_dir / ".cmake" / "api" / "v1" / "query" / "codemodel-v2";
    if (fs::exists(query))
        return {};
    return write_text_file(query, "");
}

Result<fs::path> executable_built_from(const fs::path& build_dir, const std::string& source) {
    auto const reply = build_dir / ".cmake" / "api" / "v1" / "reply";
    MEDIC_TRY(targets, codemodel_targets(reply));
    std::vector<fs::path> found;
    for (auto const& entry : *targets) {
        auto target = read_json(reply / entry.value("jsonFile", ""));
        if (!target || target->value("type", "") != "EXECUTABLE" || !compiles(*target, source))
            continue;
        for (auto const& artifact : target->value("artifacts", nlohmann::json::array()))
            found.push_back(build_dir / artifact.value("path", ""));
    }
    if (found.size() == 1)
        return found.front();
    return fail(ErrorCode::not_found, found.empty()
                                          ? "no executable of the CMake build compiles " + source
                                          : "several executables compile " + source +
                                                "; Medic cannot tell "
                                                "which one to run");
}

} // namespace medic::validate
