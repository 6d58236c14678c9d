/* SHA-256 from OpenSSL's libcrypto: the one-shot and streaming functions over a plain
 * SHA256_CTX (a value, copyable), which OpenSSL 3 marks deprecated in favour of EVP. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
