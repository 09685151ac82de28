#include "analyzers/telemetry/input_stream.hpp"

#include "bot/model/result.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>
#include <zlib.h>

namespace medic::telemetry {

/// zlib inflate over the raw descriptor, reading gzip members back to back.
class InputStream::Inflater {
public:
    Inflater() {
        // 15 + 16: a gzip wrapper is required (zlib's documented windowBits convention).
        if (inflateInit2(&m_stream, 15 + 16) != Z_OK)
            m_failed = true;
        m_input.resize(1 << 18);
    }
    ~Inflater() { inflateEnd(&m_stream); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;

    z_stream m_stream{};
    std::vector<unsigned char> m_input;
    bool m_failed = false;
    bool m_member_ended = false; ///< The last member ended cleanly (a clean end of input).
    bool m_input_done = false;
    std::uint64_t m_produced = 0;
};

InputStream::InputStream(std::string path, FileDescriptor fd, std::uint64_t size_on_disk)
    : m_path(std::move(path)), m_fd(std::move(fd)), m_size_on_disk(size_on_disk) {}

// Defined here, where Inflater is a complete type.
InputStream::InputStream(InputStream&&) noexcept = default;
InputStream& InputStream::operator=(InputStream&&) noexcept = default;
InputStream::~InputStream() = default;

Result<InputStream> InputStream::open(const std::string& path) {
    if (path == "-") { // a duplicate: closing it leaves standard input open
        FileDescriptor in(::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0));
        if (!in)
            return fail(ErrorCode::unavailable,
                        std::string("standard input: cannot open: ") + std::strerror(errno));
        return InputStream(path, std::move(in), 0);
    }
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        return fail(errno == ENOENT ? ErrorCode::not_found : ErrorCode::unavailable,
                    path + ": cannot open: " + std::strerror(errno));
    struct stat info{};
    if (::fstat(fd.get(), &info) == 0 && S_ISDIR(info.st_mode))
        return fail(ErrorCode::invalid_input, path + ": is a directory, not a telemetry file");
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    auto const size = S_ISREG(info.st_mode) ? static_cast<std::uint64_t>(info.st_size) : 0;
    return InputStream(path, std::move(fd), size);
}

Result<std::size_t> InputStream::read_raw(char* out, std::size_t size) {
    for (;;) {
        ssize_t const got = ::read(m_fd.get(), out, size);
        if (got >= 0)
            return static_cast<std::size_t>(got);
        if (errno != EINTR)
            return fail(ErrorCode::unavailable, m_path + ": read failed: " + std::strerror(errno));
    }
}

Result<void> InputStream::sniff_compression() {
    m_sniffed = true;
    char head[2];
    std::size_t have = 0;
    while (have < 2) {
        MEDIC_TRY(got, read_raw(head + have, 2 - have));
        if (*got == 0)
            break;
        have += *got;
    }
    m_pending.assign(head, have);
    if (have == 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
        static_cast<unsigned char>(head[1]) == 0x8b) {
        m_inflater = std::make_unique<Inflater>();
        if (m_inflater->m_failed)
            return fail(ErrorCode::internal, m_path + ": zlib could not start");
    }
    return {};
}

Result<std::size_t> InputStream::read(char* out, std::size_t size) {
    if (!m_sniffed)
        MEDIC_RETURN_IF_ERROR(sniff_compression());
    if (m_inflater)
        return read_inflated(out, size);
    if (!m_pending.empty()) {
        std::size_t const n = std::min(size, m_pending.size());
        std::memcpy(out, m_pending.data(), n);
        m_pending.erase(0, n);
        return n;
    }
    return read_raw(out, size);
}

Result<std::size_t> InputStream::read_inflated(char* out, std::size_t size) {
    auto& z = *m_inflater;
    z.m_stream.next_out = reinterpret_cast<unsigned char*>(out);
    z.m_stream.avail_out = static_cast<uInt>(size);
    while (z.m_stream.avail_out == size) {
        if (z.m_stream.avail_in == 0 && !z.m_input_done) {
            std::size_t n = 0;
            if (!m_pending.empty()) {
                n = m_pending.size();
                std::memcpy(z.m_input.data(), m_pending.data(), n);
                m_pending.clear();
            } else {
                MEDIC_TRY(got,
                          read_raw(reinterpret_cast<char*>(z.m_input.data()), z.m_input.size()));
                n = *got;
            }
            z.m_input_done = n == 0;
            z.m_stream.next_in = z.m_input.data();
            z.m_stream.avail_in = static_cast<uInt>(n);
        }
        if (z.m_stream.avail_in == 0 && z.m_input_done) {
            if (z.m_member_ended)
                return std::size_t{0};
            return fail(ErrorCode::invalid_input,
                        m_path + ": gzip data ends early (truncated file?) after " +
                            std::to_string(z.m_produced) +
                            " uncompressed bytes; all of them were read");
        }
        int const rc = inflate(&z.m_stream, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            z.m_member_ended = true;
            inflateReset(&z.m_stream); // a gzip file may hold several members back to back
        } else if (rc == Z_OK) {
            z.m_member_ended = false; // inside a member (its header counts): not a clean end
        } else if (rc != Z_BUF_ERROR) {
            return fail(
                ErrorCode::invalid_input,
                m_path + ": gzip data is damaged after " + std::to_string(z.m_produced) +
                    " uncompressed bytes: " + (z.m_stream.msg ? z.m_stream.msg : "inflate failed"));
        }
    }
    std::size_t const produced = size - z.m_stream.avail_out;
    z.m_produced += produced;
    return produced;
}

} // namespace medic::telemetry
