#include "bot/views/draft_view.hpp"

#include "bot/model/text.hpp"

#include <cstdio>

namespace medic::views {

std::string render_draft_outcome(const Anomaly& anomaly, const PatchDraft* draft,
                                 const std::vector<std::string>& reasons, const Terminal& t) {
    auto const name = anomaly.handler.empty() ? anomaly.sequence : anomaly.handler;
    std::string line = anomaly.id + "  " + std::string(to_string(anomaly.kind)) + "  " + name;
    if (draft != nullptr) {
        char confidence[16];
        std::snprintf(confidence, sizeof confidence, "%.2f", draft->confidence);
        return line + "\n    " + t.green("draft") + " by " +
               std::string(to_string(draft->strategy)) + "/" + draft->fixer + ", confidence " +
               confidence + ", touches " + join(draft->files, ", ") + "\n    " +
               t.dim(draft->root_cause) + "\n";
    }
    line += "\n    " + t.yellow("no draft") + "\n";
    for (auto const& reason : reasons)
        line += "    " + t.dim("- " + reason) + "\n";
    return line;
}

} // namespace medic::views
