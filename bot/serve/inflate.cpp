#include "bot/serve/inflate.hpp"

#include <zlib.h>

namespace medic::serve {

Result<std::string> inflate_bounded(std::string_view bytes, Deflated framing, std::size_t max_bytes,
                                    std::string_view what) {
    z_stream stream{};
    if (inflateInit2(&stream, framing == Deflated::gzip ? 16 + MAX_WBITS : -MAX_WBITS) != Z_OK)
        return fail(ErrorCode::internal, "zlib could not start inflating");
    std::string out;
    char chunk[1 << 16];
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    int status = Z_OK;
    while (status == Z_OK && out.size() <= max_bytes) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk);
        stream.avail_out = sizeof chunk;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - stream.avail_out);
        if (status == Z_BUF_ERROR && stream.avail_in == 0)
            break; // the input ended before the stream did
    }
    inflateEnd(&stream);
    if (out.size() > max_bytes)
        return fail(ErrorCode::invalid_input, std::string(what) + " inflates to more than " +
                                                  std::to_string(max_bytes) + " bytes");
    if (status != Z_STREAM_END)
        return fail(ErrorCode::invalid_input,
                    std::string(what) + " is not complete " +
                        (framing == Deflated::gzip ? "gzip data" : "deflated data"));
    return out;
}

} // namespace medic::serve
