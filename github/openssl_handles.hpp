#pragma once
// RAII owners for the OpenSSL handles GitHub App auth uses (ARCHITECTURE.md: every C handle is
// owned), so no early return can leak a key or a context.

#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>

namespace medic::github::ssl {

/// Frees a BIO with BIO_free.
struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
/// Frees a key with EVP_PKEY_free.
struct PkeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
/// Frees a key context with EVP_PKEY_CTX_free.
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* context) const { EVP_PKEY_CTX_free(context); }
};
/// Frees a digest context with EVP_MD_CTX_free.
struct MdCtxFree {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

/// An owned BIO (memory buffers for PEM text).
using Bio = std::unique_ptr<BIO, BioFree>;
/// An owned private or public key.
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
/// An owned key operation context (key generation in tests).
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
/// An owned digest context (EVP_DigestSign / EVP_DigestVerify).
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

} // namespace medic::github::ssl
