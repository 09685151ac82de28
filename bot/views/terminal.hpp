#pragma once
// Human output: colour only on a terminal (and never with NO_COLOR), progress for long work.

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace medic::views {

/// How to write for the person at the terminal.
class Terminal {
public:
    /// Decides colour for `out` and progress for `progress` from isatty and NO_COLOR.
    Terminal(std::FILE* out, std::FILE* progress, bool allow_color);

    [[nodiscard]] std::string bold(std::string_view text) const { return paint("1", text); }
    [[nodiscard]] std::string dim(std::string_view text) const { return paint("2", text); }
    [[nodiscard]] std::string red(std::string_view text) const { return paint("31", text); }
    [[nodiscard]] std::string bold_red(std::string_view text) const { return paint("1;31", text); }
    [[nodiscard]] std::string yellow(std::string_view text) const { return paint("33", text); }
    [[nodiscard]] std::string green(std::string_view text) const { return paint("32", text); }
    [[nodiscard]] std::string cyan(std::string_view text) const { return paint("36", text); }

    /// Rewrites one status line on the progress stream, but only once work has run ~2 s.
    void progress(std::string_view text);
    /// Clears the status line if one was drawn.
    void end_progress();

private:
    [[nodiscard]] std::string paint(std::string_view code, std::string_view text) const;

    std::FILE* m_progress;
    bool m_color = false;
    bool m_progress_enabled = false;
    bool m_progress_drawn = false;
    std::chrono::steady_clock::time_point m_started;
};

/// "warning: <line>" on stderr: what did not stop a command but may explain its result.
void print_warning(std::string_view line);

} // namespace medic::views
