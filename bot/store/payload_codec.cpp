#include "bot/store/payload_codec.hpp"

#include <lz4frame.h>
#include <memory>

namespace medic::store {
namespace {

constexpr std::size_t k_smallest_compressed = 512;

struct FreeDecompressionContext {
    void operator()(LZ4F_dctx* context) const { LZ4F_freeDecompressionContext(context); }
};

Error damaged(std::string_view delivery_id, std::string_view why) {
    return {ErrorCode::invalid_input, "the stored payload of delivery " + std::string(delivery_id) +
                                          " is damaged: " + std::string(why)};
}

/// The frame's settings: its content size (so decoding allocates once, and refuses a frame that
/// claims too much) and a checksum of the content (so damaged bytes are found, not parsed).
LZ4F_preferences_t preferences_for(std::size_t size) {
    LZ4F_preferences_t preferences{};
    preferences.frameInfo.contentSize = size;
    preferences.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    return preferences;
}

} // namespace

StoredPayload encode_payload(std::string_view body) {
    if (body.size() < k_smallest_compressed)
        return {std::string(body), k_identity};
    auto const preferences = preferences_for(body.size());
    std::string compressed;
    compressed.resize_and_overwrite(
        LZ4F_compressFrameBound(body.size(), &preferences), [&](char* out, std::size_t capacity) {
            auto const size =
                LZ4F_compressFrame(out, capacity, body.data(), body.size(), &preferences);
            return LZ4F_isError(size) ? std::size_t{0} : size;
        });
    if (compressed.empty() || compressed.size() >= body.size())
        return {std::string(body), k_identity};
    return {std::move(compressed), k_lz4};
}

Result<std::string> decode_payload(std::string bytes, std::string_view encoding,
                                   std::string_view delivery_id, std::size_t limit) {
    if (encoding == k_identity)
        return bytes;
    if (encoding != k_lz4)
        return std::unexpected(
            damaged(delivery_id, "unknown encoding '" + std::string(encoding) + "'"));
    LZ4F_dctx* raw = nullptr;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION)))
        return fail(ErrorCode::unavailable, "out of memory for decoding a stored payload");
    std::unique_ptr<LZ4F_dctx, FreeDecompressionContext> const context(raw);
    LZ4F_frameInfo_t frame{};
    std::size_t header = bytes.size();
    if (auto const read = LZ4F_getFrameInfo(context.get(), &frame, bytes.data(), &header);
        LZ4F_isError(read))
        return std::unexpected(damaged(delivery_id, LZ4F_getErrorName(read)));
    if (frame.contentSize == 0)
        return std::unexpected(damaged(delivery_id, "its frame does not say its size"));
    if (frame.contentSize > limit)
        return std::unexpected(damaged(delivery_id, "it claims " +
                                                        std::to_string(frame.contentSize) +
                                                        " bytes, more than any webhook"));
    std::string body(static_cast<std::size_t>(frame.contentSize), '\0');
    std::size_t written = body.size();
    std::size_t consumed = bytes.size() - header;
    auto const left = LZ4F_decompress(context.get(), body.data(), &written, bytes.data() + header,
                                      &consumed, nullptr);
    if (LZ4F_isError(left))
        return std::unexpected(damaged(delivery_id, LZ4F_getErrorName(left)));
    if (left != 0 || written != body.size())
        return std::unexpected(damaged(delivery_id, "it ends before its frame does"));
    if (header + consumed != bytes.size())
        return std::unexpected(damaged(delivery_id, "bytes follow its frame"));
    return body;
}

} // namespace medic::store
