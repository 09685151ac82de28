#pragma once
// One repository's live telemetry on disk, under <state-dir>/telemetry/<owner>/<name>: the
// requests of the current window, one OTLP/JSON request per line (traces.otlp.jsonl,
// logs.otlp.jsonl: files `medic detect` reads as they are), those of the window before
// (previous.traces.otlp.jsonl, previous.logs.otlp.jsonl: the baseline), and window.json (when
// the window started, which anomalies went to the pipeline). A restarted server replays them,
// so telemetry an exporter was told was taken is not lost with the process.

#include "analyzers/telemetry/live_telemetry.hpp"
#include "bot/model/file_descriptor.hpp"
#include "bot/model/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::serve {

/// What window.json keeps.
struct LiveWindowState {
    std::int64_t started_ms = 0;       ///< Unix milliseconds; 0: no window yet.
    std::vector<std::string> reported; ///< Anomaly ids handed to the pipeline in this window.
};

class LiveSpool {
public:
    /// Opens (creating) the folder `dir` and the current window's files for appending.
    static Result<LiveSpool> open(std::filesystem::path dir);

    /// Appends one request, which must be one line (no raw newline).
    Result<void> append(telemetry::OtlpSignal signal, std::string_view request);
    /// Calls `take` with each request of the current window (or of the one before), traces
    /// first; a file that is missing has none.
    Result<void>
    replay(bool previous,
           const std::function<void(telemetry::OtlpSignal, std::string_view)>& take) const;
    /// The current window becomes the previous one (replacing it); a new one starts empty.
    Result<void> rotate();

    [[nodiscard]] LiveWindowState read_state() const;
    Result<void> write_state(const LiveWindowState& state) const;

    /// Bytes in the current window's files.
    [[nodiscard]] std::uint64_t bytes() const { return m_sizes[0] + m_sizes[1]; }
    [[nodiscard]] const std::filesystem::path& dir() const { return m_dir; }

private:
    explicit LiveSpool(std::filesystem::path dir) : m_dir(std::move(dir)) {}
    [[nodiscard]] std::filesystem::path file(telemetry::OtlpSignal signal, bool previous) const;
    Result<void> open_files();

    std::filesystem::path m_dir;
    FileDescriptor m_files[2];
    std::uint64_t m_sizes[2] = {0, 0}; ///< Of each file: where a failed write is cut back to.
};

} // namespace medic::serve
