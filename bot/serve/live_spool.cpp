#include "bot/serve/live_spool.hpp"

#include "bot/model/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace medic::serve {
namespace {

using telemetry::OtlpSignal;

std::size_t index_of(OtlpSignal signal) {
    return signal == OtlpSignal::traces ? 0 : 1;
}

Result<void> write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
    while (!bytes.empty()) {
        auto const written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return fail(ErrorCode::unavailable,
                        "cannot write " + path.string() + ": " + std::strerror(errno));
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

} // namespace

Result<LiveSpool> LiveSpool::open(std::filesystem::path dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error)
        return fail(ErrorCode::unavailable,
                    "cannot create " + dir.string() + ": " + error.message());
    LiveSpool spool(std::move(dir));
    MEDIC_RETURN_IF_ERROR(spool.open_files());
    return spool;
}

std::filesystem::path LiveSpool::file(OtlpSignal signal, bool previous) const {
    return m_dir / ((previous ? "previous." : "") + std::string(telemetry::to_string(signal)) +
                    ".otlp.jsonl");
}

Result<void> LiveSpool::open_files() {
    for (auto const signal : {OtlpSignal::traces, OtlpSignal::logs}) {
        auto const path = file(signal, false);
        FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640));
        if (!fd)
            return fail(ErrorCode::unavailable,
                        "cannot open " + path.string() + ": " + std::strerror(errno));
        std::error_code error;
        auto const size = std::filesystem::file_size(path, error);
        m_sizes[index_of(signal)] = error ? 0 : size;
        m_files[index_of(signal)] = std::move(fd);
    }
    return {};
}

Result<void> LiveSpool::append(OtlpSignal signal, std::string_view request) {
    // One write per line: O_APPEND keeps it whole (a line never interleaves with another).
    std::string line;
    line.reserve(request.size() + 1);
    line.append(request).push_back('\n');
    auto const index = index_of(signal);
    auto const fd = m_files[index].get();
    if (auto written = write_all(fd, line, file(signal, false)); !written) {
        // A part written (a full disk) would join the next line: cut back to the last whole one.
        (void)::ftruncate(fd, static_cast<off_t>(m_sizes[index]));
        return written;
    }
    m_sizes[index] += line.size();
    return {};
}

Result<void>
LiveSpool::replay(bool previous,
                  const std::function<void(OtlpSignal, std::string_view)>& take) const {
    for (auto const signal : {OtlpSignal::traces, OtlpSignal::logs}) {
        std::ifstream in(file(signal, previous), std::ios::binary);
        std::string line;
        while (std::getline(in, line))
            if (!line.empty())
                take(signal, line);
        if (in.bad())
            return fail(ErrorCode::unavailable, "cannot read " + file(signal, previous).string());
    }
    return {};
}

Result<void> LiveSpool::rotate() {
    for (auto const signal : {OtlpSignal::traces, OtlpSignal::logs}) {
        std::error_code error;
        std::filesystem::rename(file(signal, false), file(signal, true), error);
        if (error) {
            // The window goes on in whichever files are current: appending never stops.
            (void)open_files();
            return fail(ErrorCode::unavailable, "cannot keep " + file(signal, false).string() +
                                                    " as the baseline: " + error.message());
        }
    }
    return open_files(); // the descriptors still point at the renamed files until then
}

LiveWindowState LiveSpool::read_state() const {
    LiveWindowState state;
    auto const text = read_text_file(m_dir / "window.json");
    if (!text)
        return state;
    auto const json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object())
        return state; // a damaged file: a new window, and anomalies may be reported again
    state.started_ms = json.value("started_ms", std::int64_t{0});
    for (auto const& id : json.value("reported", nlohmann::json::array()))
        if (id.is_string())
            state.reported.push_back(id.get<std::string>());
    return state;
}

Result<void> LiveSpool::write_state(const LiveWindowState& state) const {
    nlohmann::json const json{{"started_ms", state.started_ms}, {"reported", state.reported}};
    return replace_text_file(m_dir / "window.json", json.dump() + "\n");
}

} // namespace medic::serve
