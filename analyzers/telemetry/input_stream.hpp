#pragma once
// Reads the bytes of one telemetry input: a file, "-" for stdin, gzip or plain (detected by
// the gzip magic bytes, so compressed input needs no flag).

#include "bot/model/file_descriptor.hpp"
#include "bot/model/result.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace medic::telemetry {

/// An open input; move-only, closes its descriptor and inflater on destruction.
class InputStream {
public:
    /// Opens `path` ("-" is standard input).
    static Result<InputStream> open(const std::string& path);

    InputStream(InputStream&&) noexcept;
    InputStream& operator=(InputStream&&) noexcept;
    ~InputStream();
    InputStream(const InputStream&) = delete;
    InputStream& operator=(const InputStream&) = delete;

    /// Fills up to `size` bytes of uncompressed data; 0 means the end. A damaged or truncated
    /// gzip stream is an error, reported after every byte before the damage was delivered.
    Result<std::size_t> read(char* out, std::size_t size);

    [[nodiscard]] bool compressed() const { return m_inflater != nullptr; }
    /// Size of the file on disk, when it is a regular file (for progress).
    [[nodiscard]] std::uint64_t size_on_disk() const { return m_size_on_disk; }
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    class Inflater;
    InputStream(std::string path, FileDescriptor fd, std::uint64_t size_on_disk);
    Result<std::size_t> read_raw(char* out, std::size_t size);
    Result<std::size_t> read_inflated(char* out, std::size_t size);
    Result<void> sniff_compression();

    std::string m_path;
    FileDescriptor m_fd;
    std::uint64_t m_size_on_disk = 0;
    bool m_sniffed = false;
    std::string m_pending; ///< Bytes read while sniffing, not yet handed out.
    std::unique_ptr<Inflater> m_inflater;
};

} // namespace medic::telemetry
