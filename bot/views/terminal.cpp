#include "bot/views/terminal.hpp"

#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace medic::views {

Terminal::Terminal(std::FILE* out, std::FILE* progress, bool allow_color)
    : m_progress(progress), m_started(std::chrono::steady_clock::now()) {
    bool const no_color = std::getenv("NO_COLOR") != nullptr;
    m_color = allow_color && !no_color && ::isatty(::fileno(out)) != 0;
    m_progress_enabled = ::isatty(::fileno(progress)) != 0;
}

std::string Terminal::paint(std::string_view code, std::string_view text) const {
    if (!m_color)
        return std::string(text);
    return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

void Terminal::progress(std::string_view text) {
    using namespace std::chrono_literals;
    if (!m_progress_enabled || std::chrono::steady_clock::now() - m_started < 2s)
        return;
    std::fprintf(m_progress, "\r\x1b[2K%.*s", static_cast<int>(text.size()), text.data());
    std::fflush(m_progress);
    m_progress_drawn = true;
}

void Terminal::end_progress() {
    if (m_progress_drawn)
        std::fprintf(m_progress, "\r\x1b[2K");
    m_progress_drawn = false;
}

void print_warning(std::string_view line) {
    std::cerr << "warning: " << line << "\n";
}

} // namespace medic::views
