#include "generators/tests/generated_names.hpp"

#include "bot/model/result.hpp"
#include "generators/templates/cpp_text.hpp"
#include "generators/tests/test_generator.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace medic {

namespace {

constexpr std::size_t k_max_slug = 48;
constexpr std::size_t k_short_id = 8;

} // namespace

std::string handler_slug(std::string_view handler) {
    std::string slug;
    for (const std::string& word : name_words(handler)) {
        if (!slug.empty() && slug.size() + 1 + word.size() > k_max_slug)
            break;
        slug += (slug.empty() ? "" : "-") + word;
    }
    if (slug.empty())
        return "unnamed";
    return slug.substr(0, k_max_slug);
}

std::string anomaly_subject(const Anomaly& anomaly) {
    return anomaly.kind == AnomalyKind::misordered || anomaly.handler.empty() ? anomaly.sequence
                                                                              : anomaly.handler;
}

Result<std::string> checked_relative_path(std::string_view setting, std::string_view path) {
    const std::filesystem::path relative = std::filesystem::path(path).lexically_normal();
    bool climbs = false;
    for (const auto& part : relative)
        climbs = climbs || part == "..";
    if (path.empty() || relative.is_absolute() || relative.has_root_name() || climbs)
        return fail(ErrorCode::invalid_input, std::string(setting) +
                                                  " must be a path inside the "
                                                  "repository, not '" +
                                                  std::string(path) + "'");
    std::string text = relative.generic_string();
    while (!text.empty() && text.back() == '/')
        text.pop_back();
    return text;
}

Result<GeneratedNames> generated_names(const Anomaly& anomaly, const GenerateConfig& generate) {
    MEDIC_RETURN_IF_ERROR(check_anomaly_id(anomaly.id));
    GeneratedNames names;
    names.subject = anomaly_subject(anomaly);
    if (names.subject.empty())
        return fail(ErrorCode::invalid_input, "anomaly " + anomaly.id +
                                                  " names no handler or "
                                                  "sequence to test");
    MEDIC_TRY(tests_dir, checked_relative_path("generate.tests_dir", generate.tests_dir));
    names.slug = handler_slug(names.subject);
    names.short_id = anomaly.id.substr(0, k_short_id);
    names.identifier = cpp_identifier(names.subject);
    names.suite = "Medic" + names.identifier + names.short_id;
    names.benchmark = "BM_Medic_" + names.identifier + "_" + names.short_id;
    const std::string stem = *tests_dir + "/" + names.slug + "_" + names.short_id;
    names.test_path = stem + "_test.cpp";
    names.bench_path = stem + "_bench.cpp";
    return names;
}

} // namespace medic
