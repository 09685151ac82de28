#pragma once
// The real ReportRunner: an anomaly report that arrived by repository_dispatch becomes a pipeline
// run on the repository, published as pull requests. GitHub's current state is read first (the
// payload is a hint): the repository's default branch and clone URL, through the App's
// installation token; the clone under <state-dir>/repos/<owner>/<name> is brought to that
// branch; the repository's own .github/medic.yml applies, with the server's github: section for
// credentials. One run per repository at a time (workers of one process).

#include "bot/http/curl_http_client.hpp"
#include "bot/model/config.hpp"
#include "bot/serve/event_processing.hpp"
#include "bot/serve/workers.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace medic::serve {

class PipelineReportRunner final : public ReportRunner {
public:
    /// `server_config`: the server's configuration (its github: section names the App).
    PipelineReportRunner(MedicConfig server_config, std::filesystem::path state_dir,
                         const http::CurlGlobal& curl, Log log);

    Result<std::string> run_report(const ReportRun& run) override;

private:
    std::mutex& lock_for(const std::string& repository);

    MedicConfig m_server_config;
    std::filesystem::path m_state_dir;
    const http::CurlGlobal& m_curl;
    Log m_log;
    std::mutex m_locks_mutex;
    std::map<std::string, std::unique_ptr<std::mutex>> m_locks;
};

} // namespace medic::serve
