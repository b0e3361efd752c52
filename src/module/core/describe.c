// Self-description: the module's algorithms with their approved status, and
// the service-indicator rules (see module.h). docs/security-policy.md carries
// the same tables; a ctest compares them with `cce info --json`, so the
// document cannot claim more than the code does.

#include "internal.h"

#if __has_include("cce_boundary.h")
#include "cce_boundary.h"
#else
#define CCE_BOUNDARY_FILES ""
#endif

static const cce_algorithm_info algorithms[] = {
    {"SHA-1", "hashing only", "FIPS 180-4", 1, "legacy use; not for digital signatures"},
    {"SHA2-224", "", "FIPS 180-4", 1, ""},
    {"SHA2-256", "", "FIPS 180-4", 1, "SHA-NI where present"},
    {"SHA2-384", "", "FIPS 180-4", 1, ""},
    {"SHA2-512", "", "FIPS 180-4", 1, ""},
    {"SHA2-512/224", "", "FIPS 180-4", 1, ""},
    {"SHA2-512/256", "", "FIPS 180-4", 1, ""},
    {"SHA3-224", "", "FIPS 202", 1, ""},
    {"SHA3-256", "", "FIPS 202", 1, ""},
    {"SHA3-384", "", "FIPS 202", 1, ""},
    {"SHA3-512", "", "FIPS 202", 1, ""},
    {"SHAKE-128", "any output length", "FIPS 202", 1, ""},
    {"SHAKE-256", "any output length", "FIPS 202", 1, ""},
    {"HMAC", "SHA-1, SHA2-*, SHA3-*; key >= 112 bits for approved use", "FIPS 198-1", 1, ""},
    {"HKDF", "HMAC with SHA-1, SHA2-*, SHA3-*", "SP 800-56C Rev. 2, RFC 5869", 1, ""},
    {"KDF SP800-108", "counter, feedback, double-pipeline; HMAC and CMAC-AES PRFs", "SP 800-108 Rev. 1", 1, ""},
    {"PBKDF2", "HMAC with SHA-1, SHA2-*, SHA3-*", "SP 800-132", 1,
     "password >= 14 bytes, salt >= 16 bytes, iterations >= 1000 for approved use"},
    {"AES-ECB", "128, 192, 256", "FIPS 197, SP 800-38A", 1, ""},
    {"AES-CBC", "128, 192, 256", "SP 800-38A", 1, "no padding in the module"},
    {"AES-CTR", "128, 192, 256", "SP 800-38A", 1, "128-bit big-endian counter"},
    {"AES-GCM", "128, 192, 256; tags 4, 8, 12..16 bytes", "SP 800-38D", 1,
     "approved when the module generates the IV (8.2.1 deterministic or 96-bit random); caller IV not approved"},
    {"AES-CCM", "128, 192, 256", "SP 800-38C", 1, ""},
    {"AES-KW", "128, 192, 256", "SP 800-38F", 1, ""},
    {"AES-KWP", "128, 192, 256", "SP 800-38F", 1, ""},
    {"AES-XTS", "128, 256 (key1 != key2)", "SP 800-38E", 1, "storage only"},
    {"CMAC-AES", "128, 192, 256", "SP 800-38B", 1, ""},
    {"ctrDRBG", "AES-128/192/256, with and without df", "SP 800-90A Rev. 1", 1, ""},
    {"hashDRBG", "SHA-1, SHA2-*, SHA3-*", "SP 800-90A Rev. 1", 1, ""},
    {"hmacDRBG", "SHA-1, SHA2-*, SHA3-*", "SP 800-90A Rev. 1", 1, ""},
    {"ECDSA", "P-256, P-384, P-521; SHA2-*, SHA3-*, SHAKE; random or RFC 6979 k", "FIPS 186-5", 1,
     "SHA-1: verification only, not approved"},
    {"KAS-ECC-SSC", "P-256, P-384, P-521 (ECDH shared secret, full public-key validation)",
     "SP 800-56A Rev. 3", 1, ""},
    {"EDDSA", "Ed25519, Ed25519ctx, Ed25519ph", "FIPS 186-5, RFC 8032", 1, ""},
    {"XECDH", "X25519", "RFC 7748", 0, "served, not approved"},
    {"RSA", "keygen 2048/3072/4096 (FIPS 186-5 A.1.3); PSS (MGF1, SHAKE), PKCS#1 v1.5, OAEP; SHA-2, SHA-3",
     "FIPS 186-5, RFC 8017, SP 800-56B", 1, "1024-bit and SHA-1 verification served, not approved"},
    {"ML-KEM", "ML-KEM-512, -768, -1024; keys in seed and expanded form", "FIPS 203", 1,
     "encapsulation from a caller-given m (testing) not approved"},
    {"ML-DSA", "ML-DSA-44, -65, -87; pure, HashML-DSA (SHA-2, SHA-3, SHAKE), external mu; hedged or deterministic",
     "FIPS 204", 1, "internal interface (ACVP testing) not approved"},
    {"LMS", "HSS/LMS with SHA-256 (M32/N32) and SHA-256/192 (M24/N24); H5..H25, W1/2/4/8; 1..8 levels",
     "SP 800-208, RFC 8554", 1, "stateful: the leaf counter is made durable before a signature is released; "
     "signing from a caller-given (SEED, I, q) (testing) not approved"},
    {"ENTROPY", "getrandom() with RCT and APT health tests", "SP 800-90B", 1, "noise source outside the module's control"},
};

static const cce_indicator_rule rules[] = {
    {"hash", "SHA-1, SHA-2, SHA-3, SHAKE", 1},
    {"hmac", "key >= 14 bytes (112 bits)", 1},
    {"hmac", "key < 14 bytes", 0},
    {"hkdf", "input key >= 14 bytes", 1},
    {"hkdf", "input key < 14 bytes", 0},
    {"kdf108", "key >= 14 bytes", 1},
    {"kdf108", "key < 14 bytes", 0},
    {"pbkdf2", "password >= 14 bytes, salt >= 16 bytes, iterations >= 1000", 1},
    {"pbkdf2", "password < 14 bytes", 0},
    {"pbkdf2", "salt < 16 bytes", 0},
    {"pbkdf2", "iterations < 1000", 0},
    {"aes-gcm-seal", "IV generated inside the module", 1},
    {"aes-gcm-seal", "caller-chosen IV", 0},
    {"aes-gcm-open", "any", 1},
    {"aes-modes", "ECB, CBC, CTR, CCM, KW, KWP, CMAC", 1},
    {"aes-xts", "128- and 256-bit keys, key1 != key2", 1},
    {"drbg", "ctrDRBG, hashDRBG, hmacDRBG", 1},
    {"random", "cce_random", 1},
    {"ecdsa", "P-256/384/521 with SHA-2, SHA-3, SHAKE", 1},
    {"ecdsa-verify", "SHA-1", 0},
    {"ecdh", "P-256/384/521", 1},
    {"ed25519", "pure, ctx, ph", 1},
    {"x25519", "any", 0},
    {"rsa", "n >= 2048 with SHA-2, SHA-3 or SHAKE: keygen, sign, verify, OAEP", 1},
    {"rsa-verify", "n < 2048, or SHA-1", 0},
    {"mlkem", "keygen, encaps, decaps, key checks", 1},
    {"mlkem-derand", "encapsulation with a caller-given m", 0},
    {"mldsa", "keygen, sign, verify, HashML-DSA, external mu", 1},
    {"mldsa-internal", "sign_internal, verify_internal, sign_mu_rnd", 0},
    {"rsa-sign-raw", "caller-encoded DigestInfo (any hash)", 0},
    {"lms", "HSS keygen, sign, verify; LMS verify, keygen from (I, SEED)", 1},
    {"lms-seed-sign", "signing from a caller-given (I, SEED, q)", 0},
    {"dice", "DeviceID/Alias derivation, ECDSA P-384 signing", 1},
    {"lc-record", "life-cycle record seal and open", 1},
    {"rsa-keygen-seeded", "key generation from caller-given seeds (ACVP)", 0},
};

size_t cce_algorithm_count(void) { return sizeof algorithms / sizeof algorithms[0]; }

const cce_algorithm_info *cce_algorithm_get(size_t index) {
  return index < cce_algorithm_count() ? &algorithms[index] : NULL;
}

size_t cce_indicator_rule_count(void) { return sizeof rules / sizeof rules[0]; }

const cce_indicator_rule *cce_indicator_rule_get(size_t index) {
  return index < cce_indicator_rule_count() ? &rules[index] : NULL;
}

const char *cce_module_boundary(void) { return CCE_BOUNDARY_FILES; }
