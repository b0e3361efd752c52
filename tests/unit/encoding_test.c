// Unit tests of the key encodings (src/encoding/der.c, pem.c, pkey.c):
// strict DER reading and writing, PEM armour, PKCS#8 / SPKI / RFC 5915 /
// RFC 8410 keys. Known answers: keys generated once with OpenSSL 3.0
// (`openssl genpkey`, `openssl pkey -pubout`, `openssl ec -conv_form
// compressed`) and the examples of RFC 8410 section 10, RFC 4648 section 10
// (base64) and X.690 (OID, INTEGER and length encodings).
// ML-KEM / ML-DSA keys (LAMPS formats): the RFC 9881 example private key
// (seed 00..1f) and the first bytes of its public key from the RFC text, the
// first bytes of the RFC 9935 ML-KEM-512 example public key (seed 00..3f), and
// SHA-256 digests of the SPKI that OpenSSL 3.5+ (through python3
// cryptography 48) writes for the keys of seeds 00 01 02 ... .

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/encoding.h"
#include "cce/hash.h"
#include "cce/mldsa.h"
#include "cce/mlkem.h"
#include "cce/util.h"

static int n_pass, n_fail;

#define CHECK(cond, ...)                  \
  do {                                    \
    if (cond) {                           \
      n_pass++;                           \
    } else {                              \
      n_fail++;                           \
      printf("FAIL %s:%d: ", __FILE__, __LINE__); \
      printf(__VA_ARGS__);                \
      printf("\n");                       \
    }                                     \
  } while (0)

#define CHECK_ST(got, want, what) \
  CHECK((got) == (want), "%s: got %s, want %s", what, cce_status_str(got), cce_status_str(want))

// Hex to bytes; returns the length. Aborts on a malformed literal (a bug in
// the test itself).
static size_t unhex(uint8_t *out, size_t cap, const char *hex) {
  size_t n = strlen(hex);
  if (n % 2 || n / 2 > cap) {
    fprintf(stderr, "bad hex literal\n");
    exit(2);
  }
  for (size_t i = 0; i < n / 2; i++) {
    unsigned v;
    if (sscanf(hex + 2 * i, "%2x", &v) != 1) exit(2);
    out[i] = (uint8_t)v;
  }
  return n / 2;
}

static int eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
  return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

// ===========================================================================
// Key material from OpenSSL 3.0 (generated once, see the file header).
static const char p256_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgl0tUEHrQ0YFjhqTb\n"
    "PzVvxWg0OPc+IL5z9CueejOhZ8GhRANCAAQPK69/MtvFxJVhrmtQjAz9k+k91z/w\n"
    "0aqLdFVTxTjUoT3aQ0sK1pEGOWY1qvTxX9bMZ8yviekjVbNwo594l+TQ\n"
    "-----END PRIVATE KEY-----\n"
    ;
static const char p256_sec1_hex[] =
    "30770201010420974b54107ad0d1816386a4db3f356fc5683438f73e20be73f42b9e7a33a167c1a00a06082a8648ce3d"
    "030107a144034200040f2baf7f32dbc5c49561ae6b508c0cfd93e93dd73ff0d1aa8b745553c538d4a13dda434b0ad691"
    "06396635aaf4f15fd6cc67ccaf89e92355b370a39f7897e4d0"
    ;
static const char p256_pub_hex[] =
    "3059301306072a8648ce3d020106082a8648ce3d030107034200040f2baf7f32dbc5c49561ae6b508c0cfd93e93dd73f"
    "f0d1aa8b745553c538d4a13dda434b0ad69106396635aaf4f15fd6cc67ccaf89e92355b370a39f7897e4d0"
    ;
static const char p256_cpub_hex[] =
    "3039301306072a8648ce3d020106082a8648ce3d030107032200020f2baf7f32dbc5c49561ae6b508c0cfd93e93dd73f"
    "f0d1aa8b745553c538d4a1"
    ;
static const char p384_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDA39+TjEbLZ4DASzzl2\n"
    "TJzbExhFjKUOAHywgTxDSTz2TUfx11p4/VSkksS0jR3U3AyhZANiAATP7fd2l8YY\n"
    "Mh1HZOp9z3QO2W0NJCITegSaROP1opToKu2KdCKNyqXBBUgYeW8JviHbZ3DdRAOh\n"
    "0SlJ0IDD5kcZ+Tkc0eLf9PwVnCrj6aQG3uThlyQAfBP3jy78pmG2SUw=\n"
    "-----END PRIVATE KEY-----\n"
    ;
static const char p384_sec1_hex[] =
    "3081a4020101043037f7e4e311b2d9e03012cf39764c9cdb1318458ca50e007cb0813c43493cf64d47f1d75a78fd54a4"
    "92c4b48d1dd4dc0ca00706052b81040022a16403620004cfedf77697c618321d4764ea7dcf740ed96d0d2422137a049a"
    "44e3f5a294e82aed8a74228dcaa5c1054818796f09be21db6770dd4403a1d12949d080c3e64719f9391cd1e2dff4fc15"
    "9c2ae3e9a406dee4e19724007c13f78f2efca661b6494c"
    ;
static const char p384_pub_hex[] =
    "3076301006072a8648ce3d020106052b8104002203620004cfedf77697c618321d4764ea7dcf740ed96d0d2422137a04"
    "9a44e3f5a294e82aed8a74228dcaa5c1054818796f09be21db6770dd4403a1d12949d080c3e64719f9391cd1e2dff4fc"
    "159c2ae3e9a406dee4e19724007c13f78f2efca661b6494c"
    ;
static const char p384_cpub_hex[] =
    "3046301006072a8648ce3d020106052b8104002203320002cfedf77697c618321d4764ea7dcf740ed96d0d2422137a04"
    "9a44e3f5a294e82aed8a74228dcaa5c1054818796f09be21"
    ;
static const char p521_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIHuAgEAMBAGByqGSM49AgEGBSuBBAAjBIHWMIHTAgEBBEIAXG3SBah6le65lYWf\n"
    "cDbNedzd2FA+iwDMux3LFxmDrSkezGPRNBco2APfo6K+RWc3o4CNS45NHn+/YgpN\n"
    "rNIrClChgYkDgYYABADsvFPd9vPJQGT1Jqbw1D+Uu6pVLEGoZ3RnEqnWWkHccisD\n"
    "/iHLQvoED73R34UZAFVIzAq89TqUWGxkTMTIFXgGxgDTYNCBCf4ftonOVEe4M7gF\n"
    "yJMNm9r0fz8JP32psdNmXRkJpHwNniXHdVQSC+lKRJuvI6RdUqy/ImCKBC597eMP\n"
    "ZQ==\n"
    "-----END PRIVATE KEY-----\n"
    ;
static const char p521_sec1_hex[] =
    "3081dc0201010442005c6dd205a87a95eeb995859f7036cd79dcddd8503e8b00ccbb1dcb171983ad291ecc63d1341728"
    "d803dfa3a2be456737a3808d4b8e4d1e7fbf620a4dacd22b0a50a00706052b81040023a18189038186000400ecbc53dd"
    "f6f3c94064f526a6f0d43f94bbaa552c41a867746712a9d65a41dc722b03fe21cb42fa040fbdd1df8519005548cc0abc"
    "f53a94586c644cc4c8157806c600d360d08109fe1fb689ce5447b833b805c8930d9bdaf47f3f093f7da9b1d3665d1909"
    "a47c0d9e25c77554120be94a449baf23a45d52acbf22608a042e7dede30f65"
    ;
static const char p521_pub_hex[] =
    "30819b301006072a8648ce3d020106052b81040023038186000400ecbc53ddf6f3c94064f526a6f0d43f94bbaa552c41"
    "a867746712a9d65a41dc722b03fe21cb42fa040fbdd1df8519005548cc0abcf53a94586c644cc4c8157806c600d360d0"
    "8109fe1fb689ce5447b833b805c8930d9bdaf47f3f093f7da9b1d3665d1909a47c0d9e25c77554120be94a449baf23a4"
    "5d52acbf22608a042e7dede30f65"
    ;
static const char p521_cpub_hex[] =
    "3058301006072a8648ce3d020106052b810400230344000300ecbc53ddf6f3c94064f526a6f0d43f94bbaa552c41a867"
    "746712a9d65a41dc722b03fe21cb42fa040fbdd1df8519005548cc0abcf53a94586c644cc4c8157806c6"
    ;
static const char ed_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIKWQGIJqqSglJN6tt12yWrcavId/EF4DiFk+9JZFcs8F\n"
    "-----END PRIVATE KEY-----\n"
    ;
static const char ed_pub_hex[] =
    "302a300506032b6570032100c76152a23edefa79fb41e3fd0d59a845599465cb232eb62d899ea1c0e95ba04e"
    ;
static const char x_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VuBCIEINCu/qeVhD9cTEOoiQvC98uTvXYmMj+8AbvvMo2JHuRE\n"
    "-----END PRIVATE KEY-----\n"
    ;
static const char x_pub_hex[] =
    "302a300506032b656e032100c48f8242ddd07bf8004938943f99c990783f9e1f2deea14fbd69da3a75336813"
    ;
static const char p256_trad_pem[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEIJdLVBB60NGBY4ak2z81b8VoNDj3PiC+c/QrnnozoWfBoAoGCCqGSM49\n"
    "AwEHoUQDQgAEDyuvfzLbxcSVYa5rUIwM/ZPpPdc/8NGqi3RVU8U41KE92kNLCtaR\n"
    "BjlmNar08V/WzGfMr4npI1WzcKOfeJfk0A==\n"
    "-----END EC PRIVATE KEY-----\n"
    ;
static const char k1_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgk0KjuzalSpvsGeLVemHt\n"
    "1KbUKZaxJ5UQjjafWSAAScChRANCAAS1GefIyKjWQSNeZC2Ay6iiKLa4Mn/gEYWF\n"
    "4xXyaZu/tQdHOJUKXNNFqz5+uMYhNLIdDdnUkZQlJHsKxfuCNy3n\n"
    "-----END PRIVATE KEY-----\n"
    ;
static const char enc_pem[] =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
    "MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAiwck678Cg0bwICCAAw\n"
    "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEAQIEEPk5Y8wgDSJp/b3pvNm4TaEEgZDn\n"
    "O9kCqR3gyKGJPk30+x5GaOkOKlXG4QDuWyWPpfrL/5lRn02CsUKV2C2p9kRvZMWe\n"
    "1zbUizF1zQM7ERIAknMeEFCnkb+qPF94QPLkwUMs8xxM9G73F3j2w/yxQxnESgJs\n"
    "dnbYBDMsd+g60p1+r4Fc4uuFgsrITK9QJEe/7jxP+0SQkkZz74NNJ7hGrFY+BkU=\n"
    "-----END ENCRYPTED PRIVATE KEY-----\n"
    ;

// RFC 8410 section 10.3: Ed25519 private key (v1) and the same key as a v2
// OneAsymmetricKey with an attribute and the public key; 10.1: its public key.
static const char rfc8410_priv_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
    "-----END PRIVATE KEY-----\n";
static const char rfc8410_v2_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MHICAQEwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
    "oB8wHQYKKoZIhvcNAQkJFDEPDA1DdXJkbGUgQ2hhaXJzgSEAGb9ECWmEzf6FQbrB\n"
    "Z9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    "-----END PRIVATE KEY-----\n";
static const char rfc8410_pub_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    "-----END PUBLIC KEY-----\n";
static const char rfc8410_x25519_pub_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VuAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    "-----END PUBLIC KEY-----\n";
static const char rfc8410_seed_hex[] = "d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842";
static const char rfc8410_pub_hex[] = "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";

// ===========================================================================
// DER reader.

static cce_status read_one(const char *hex, unsigned tag, cce_der *contents) {
  static uint8_t buf[512];
  size_t n = unhex(buf, sizeof buf, hex);
  cce_der d;
  cce_der_init(&d, buf, n);
  cce_status st = cce_der_read(&d, tag, contents);
  if (st == CCE_OK) st = cce_der_finish(&d);
  return st;
}

static void test_der_reader(void) {
  cce_der c;
  // Lengths: short form, long form, and the BER forms DER forbids.
  CHECK_ST(read_one("0403616263", CCE_DER_OCTET_STRING, &c), CCE_OK, "short length");
  CHECK(c.len == 3 && memcmp(c.data, "abc", 3) == 0, "short length contents");
  CHECK_ST(read_one("0481", CCE_DER_OCTET_STRING, &c), CCE_ERR_DECODE, "truncated long length");
  CHECK_ST(read_one("048103616263", CCE_DER_OCTET_STRING, &c), CCE_ERR_DECODE, "long form for a short length");
  CHECK_ST(read_one("04820003616263", CCE_DER_OCTET_STRING, &c), CCE_ERR_DECODE, "leading zero length octet");
  CHECK_ST(read_one("3080020100" "0000", CCE_DER_SEQUENCE, &c), CCE_ERR_DECODE, "indefinite length");
  CHECK_ST(read_one("0404616263", CCE_DER_OCTET_STRING, &c), CCE_ERR_DECODE, "length beyond the input");
  CHECK_ST(read_one("040361626364", CCE_DER_OCTET_STRING, &c), CCE_ERR_DECODE, "trailing byte");
  CHECK_ST(read_one("1f2200", 0x1f, &c), CCE_ERR_DECODE, "high tag number form");
  CHECK_ST(read_one("0585ffffffff00", CCE_DER_NULL, &c), CCE_ERR_DECODE, "five length octets");
  CHECK_ST(read_one("0400", CCE_DER_OCTET_STRING, &c), CCE_OK, "empty contents");
  CHECK(c.len == 0, "empty contents length");
  CHECK_ST(read_one("0403616263", CCE_DER_INTEGER, &c), CCE_ERR_DECODE, "wrong tag");
  CHECK_ST(read_one("", CCE_DER_INTEGER, &c), CCE_ERR_DECODE, "empty input");
  {
    // A 200-byte and a 300-byte OCTET STRING: 0x81 and 0x82 length forms.
    static uint8_t big[4 + 300];
    big[0] = 0x04, big[1] = 0x81, big[2] = 200;
    cce_der d;
    cce_der_init(&d, big, 3 + 200);
    CHECK_ST(cce_der_read(&d, CCE_DER_OCTET_STRING, &c), CCE_OK, "0x81 length");
    CHECK(c.len == 200 && c.data == big + 3 && d.len == 0, "0x81 length value");
    big[1] = 0x82, big[2] = 0x01, big[3] = 0x2c;
    cce_der_init(&d, big, 4 + 300);
    CHECK_ST(cce_der_read(&d, CCE_DER_OCTET_STRING, &c), CCE_OK, "0x82 length");
    CHECK(c.len == 300 && c.data == big + 4, "0x82 length value");
    big[1] = 0x82, big[2] = 0x00, big[3] = 0xc8;  // 200 in two octets: not minimal
    cce_der_init(&d, big, 4 + 200);
    CHECK_ST(cce_der_read(&d, CCE_DER_OCTET_STRING, &c), CCE_ERR_DECODE, "0x82 for a one-octet length");
  }

  // INTEGERs.
  uint64_t v = 99;
  struct {
    const char *hex;
    cce_status st;
    uint64_t v;
  } ints[] = {
      {"020100", CCE_OK, 0},
      {"02017f", CCE_OK, 127},
      {"02020080", CCE_OK, 128},
      {"02020100", CCE_OK, 256},
      {"0208" "7fffffffffffffff", CCE_OK, 0x7fffffffffffffffull},
      {"0209" "00ffffffffffffffff", CCE_OK, 0xffffffffffffffffull},
      {"0209" "010000000000000000", CCE_ERR_DECODE, 0},  // 2^64: too large
      {"020200ff" "", CCE_OK, 255},
      {"02020001", CCE_ERR_DECODE, 0},  // non-minimal
      {"0200", CCE_ERR_DECODE, 0},      // empty
      {"020180", CCE_ERR_DECODE, 0},    // negative
      {"0202ff80", CCE_ERR_DECODE, 0},  // non-minimal negative
  };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    uint8_t buf[32];
    size_t n = unhex(buf, sizeof buf, ints[i].hex);
    cce_der d;
    cce_der_init(&d, buf, n);
    v = 99;
    cce_status st = cce_der_read_uint64(&d, &v);
    CHECK(st == ints[i].st && (st != CCE_OK || v == ints[i].v), "INTEGER %s: %s, %llu", ints[i].hex,
          cce_status_str(st), (unsigned long long)v);
    if (st != CCE_OK) CHECK(d.len == n, "INTEGER %s: cursor unchanged on error", ints[i].hex);
  }
  {
    uint8_t buf[] = {0x02, 0x03, 0x00, 0x80, 0x01};
    cce_der d, m;
    cce_der_init(&d, buf, sizeof buf);
    CHECK_ST(cce_der_read_uint_bytes(&d, &m), CCE_OK, "uint bytes");
    CHECK(m.len == 2 && m.data[0] == 0x80 && m.data[1] == 0x01, "uint bytes strips the sign octet");
  }

  // Element rules.
  struct {
    const char *hex;
    unsigned tag;
    cce_status st;
  } el[] = {
      {"0101ff", CCE_DER_BOOLEAN, CCE_OK},       {"010100", CCE_DER_BOOLEAN, CCE_OK},
      {"010101", CCE_DER_BOOLEAN, CCE_ERR_DECODE}, {"0500", CCE_DER_NULL, CCE_OK},
      {"050100", CCE_DER_NULL, CCE_ERR_DECODE},  {"030100", CCE_DER_BIT_STRING, CCE_OK},
      {"030101", CCE_DER_BIT_STRING, CCE_ERR_DECODE},  // unused bits with no data
      {"030204f0", CCE_DER_BIT_STRING, CCE_OK},          // 4 unused bits, zero
      {"030204f8", CCE_DER_BIT_STRING, CCE_ERR_DECODE},  // 4 unused bits, one set
      {"030208ff", CCE_DER_BIT_STRING, CCE_ERR_DECODE},  // 8 unused bits
      {"0300", CCE_DER_BIT_STRING, CCE_ERR_DECODE},
      {"06032b6570", CCE_DER_OID, CCE_OK},
      {"0603808165", CCE_DER_OID, CCE_ERR_DECODE},  // leading 0x80 in an arc
      {"06022b85", CCE_DER_OID, CCE_ERR_DECODE},    // last arc unfinished
      {"0600", CCE_DER_OID, CCE_ERR_DECODE},
  };
  for (size_t i = 0; i < sizeof el / sizeof el[0]; i++) {
    cce_status st = read_one(el[i].hex, el[i].tag, &c);
    if (st == CCE_OK) st = cce_der_check_element(el[i].tag, &c);
    CHECK(st == el[i].st, "element %s: %s", el[i].hex, cce_status_str(st));
  }
  CHECK_ST(read_one("2403040161", 0x24, &c), CCE_OK, "constructed OCTET STRING reads");
  CHECK_ST(cce_der_check_element(0x24, &c), CCE_ERR_DECODE, "constructed OCTET STRING (BER) is refused");

  {
    uint8_t buf[] = {0x03, 0x03, 0x00, 0xab, 0xcd, 0x03, 0x02, 0x01, 0x80};
    cce_der d, bits;
    cce_der_init(&d, buf, sizeof buf);
    CHECK_ST(cce_der_read_bit_string(&d, &bits), CCE_OK, "bit string");
    CHECK(bits.len == 2 && bits.data[0] == 0xab, "bit string contents");
    CHECK_ST(cce_der_read_bit_string(&d, &bits), CCE_ERR_DECODE, "bit string with unused bits refused");
  }

  // Optional elements and peeking.
  {
    uint8_t buf[] = {0xa0, 0x03, 0x02, 0x01, 0x05, 0x81, 0x00};
    cce_der d, o;
    int present = -1;
    cce_der_init(&d, buf, sizeof buf);
    CHECK(cce_der_peek(&d, 0xa0) == 1 && cce_der_peek(&d, 0xa1) == 0, "peek");
    CHECK_ST(cce_der_read_optional(&d, 0xa1, &o, &present), CCE_OK, "optional absent");
    CHECK(present == 0 && d.len == sizeof buf, "optional absent reads nothing");
    CHECK_ST(cce_der_read_optional(&d, 0xa0, &o, &present), CCE_OK, "optional present");
    CHECK(present == 1 && o.len == 3, "optional present contents");
    CHECK_ST(cce_der_read(&d, CCE_DER_CONTEXT(1), &o), CCE_OK, "[1] primitive");
    CHECK_ST(cce_der_finish(&d), CCE_OK, "finish at end");
    CHECK(cce_der_peek(&d, 0x30) == 0, "peek at end");
  }

  // OIDs as text (X.690 8.19 examples and the key OIDs).
  struct {
    const char *hex, *text;
  } oids[] = {
      {"2a8648ce3d0201", "1.2.840.10045.2.1"},
      {"2a8648ce3d030107", "1.2.840.10045.3.1.7"},
      {"2b81040023", "1.3.132.0.35"},
      {"2b6570", "1.3.101.112"},
      {"813403", "2.100.3"},  // X.690 8.19.5 example
      {"00", "0.0"},
      {"4f", "1.39"},
      {"8f ffffffffffffffff7f", NULL},
  };
  for (size_t i = 0; i < sizeof oids / sizeof oids[0]; i++) {
    uint8_t buf[32];
    char text[64];
    if (!oids[i].text) {
      // 2^70 - 1: beyond 64 bits.
      uint8_t huge[] = {0x8f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
      CHECK_ST(cce_oid_to_string(text, sizeof text, huge, sizeof huge), CCE_ERR_DECODE, "OID arc beyond 64 bits");
      continue;
    }
    size_t n = unhex(buf, sizeof buf, oids[i].hex);
    cce_status st = cce_oid_to_string(text, sizeof text, buf, n);
    CHECK(st == CCE_OK && strcmp(text, oids[i].text) == 0, "OID %s: %s '%s'", oids[i].text, cce_status_str(st),
          text);
  }
  {
    uint8_t buf[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
    char small[8];
    CHECK_ST(cce_oid_to_string(small, sizeof small, buf, sizeof buf), CCE_ERR_BUFFER_TOO_SMALL, "OID text too long");
    CHECK(small[0] == '\0', "OID text emptied on error");
  }
  CHECK_ST(cce_der_read_any(NULL, NULL, NULL), CCE_ERR_NULL_POINTER, "read_any NULL");
  CHECK_ST(cce_der_finish(NULL), CCE_ERR_NULL_POINTER, "finish NULL");
}

// ===========================================================================
// DER writer.

static void test_der_writer(void) {
  uint8_t buf[1024], want[1024];
  size_t n, wn;
  cce_der_builder b;

  cce_der_builder_init(&b, buf, sizeof buf);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add_uint64(&b, 0);
  cce_der_add_uint64(&b, 127);
  cce_der_add_uint64(&b, 128);
  cce_der_add_uint64(&b, 0x0102030405060708ull);
  const uint8_t be[] = {0x00, 0x00, 0xff, 0x01};
  cce_der_add_uint(&b, be, sizeof be);
  cce_der_add_uint(&b, be, 2);  // zero
  cce_der_add(&b, CCE_DER_NULL, NULL, 0);
  cce_der_add_bit_string(&b, (const uint8_t *)"\x04\x05", 2);
  cce_der_begin(&b, CCE_DER_CONTEXT(1) | CCE_DER_CONSTRUCTED);
  cce_der_end(&b);
  cce_der_end(&b);
  CHECK_ST(cce_der_builder_finish(&b, &n), CCE_OK, "builder");
  {
    const char *hex =
        "3025" "020100" "02017f" "02020080" "02080102030405060708" "020300ff01" "020100" "0500" "0303000405" "a100";
    wn = unhex(want, sizeof want, hex);
    CHECK(eq(buf, n, want, wn), "builder output (%zu bytes)", n);
  }

  // Nested lengths that grow past the one-octet placeholder: 200 and 300
  // bytes inside two levels.
  static uint8_t payload[300];
  memset(payload, 0x5a, sizeof payload);
  for (size_t len = 120; len <= 300; len += 90) {
    cce_der_builder_init(&b, buf, sizeof buf);
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_begin(&b, CCE_DER_OCTET_STRING);
    cce_der_add_raw(&b, payload, len);
    cce_der_end(&b);
    cce_der_end(&b);
    CHECK_ST(cce_der_builder_finish(&b, &n), CCE_OK, "nested builder");
    cce_der d, outer, inner;
    cce_der_init(&d, buf, n);
    cce_status st = cce_der_read(&d, CCE_DER_SEQUENCE, &outer);
    if (st == CCE_OK) st = cce_der_finish(&d);
    if (st == CCE_OK) st = cce_der_read(&outer, CCE_DER_OCTET_STRING, &inner);
    if (st == CCE_OK) st = cce_der_finish(&outer);
    CHECK(st == CCE_OK && inner.len == len && memcmp(inner.data, payload, len) == 0,
          "nested %zu bytes round trip (%s)", len, cce_status_str(st));
    size_t hdr = len < 128 ? 2 : len < 256 ? 3 : 4;
    CHECK(n == len + hdr + (len + hdr < 128 ? 2 : len + hdr < 256 ? 3 : 4), "nested %zu: minimal lengths", len);
  }

  // Errors: too small (and the buffer is wiped), unbalanced, bad tag, depth.
  uint8_t small[5];
  memset(small, 0xee, sizeof small);
  cce_der_builder_init(&b, small, sizeof small);
  cce_der_add(&b, CCE_DER_OCTET_STRING, payload, 3);
  cce_der_add(&b, CCE_DER_OCTET_STRING, payload, 3);
  CHECK_ST(cce_der_builder_finish(&b, &n), CCE_ERR_BUFFER_TOO_SMALL, "builder too small");
  CHECK(n == 0 && small[0] == 0 && small[4] == 0, "builder wipes on error");
  cce_der_builder_init(&b, buf, sizeof buf);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  CHECK_ST(cce_der_builder_finish(&b, &n), CCE_ERR_INVALID_ARG, "unclosed element");
  cce_der_builder_init(&b, buf, sizeof buf);
  CHECK_ST(cce_der_end(&b), CCE_ERR_INVALID_ARG, "end without begin");
  CHECK_ST(cce_der_builder_finish(&b, &n), CCE_ERR_INVALID_ARG, "end without begin is sticky");
  cce_der_builder_init(&b, buf, sizeof buf);
  CHECK_ST(cce_der_add(&b, 0x1f, NULL, 0), CCE_ERR_INVALID_ARG, "high tag refused");
  cce_der_builder_init(&b, buf, sizeof buf);
  for (int i = 0; i < CCE_DER_MAX_DEPTH; i++) cce_der_begin(&b, CCE_DER_SEQUENCE);
  CHECK_ST(cce_der_begin(&b, CCE_DER_SEQUENCE), CCE_ERR_INVALID_ARG, "depth limit");
  CHECK_ST(cce_der_builder_finish(&b, NULL), CCE_ERR_NULL_POINTER, "finish NULL");
  // Small buffer growing a length on end.
  uint8_t tight[130];
  cce_der_builder_init(&b, tight, sizeof tight);
  cce_der_begin(&b, CCE_DER_OCTET_STRING);
  cce_der_add_raw(&b, payload, 128);
  CHECK_ST(cce_der_end(&b), CCE_ERR_BUFFER_TOO_SMALL, "no room to widen the length");
}

// ===========================================================================
// PEM.

static void test_pem(void) {
  // RFC 4648 section 10 vectors inside PEM.
  static const struct {
    const char *in, *b64;
  } v[] = {{"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
           {"foobar", "Zm9vYmFy"}};
  char pem[2048], want[256];
  uint8_t out[1024];
  char label[CCE_PEM_MAX_LABEL];
  size_t n, pos;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    cce_status st = cce_pem_encode(pem, sizeof pem, &n, "TEST", (const uint8_t *)v[i].in, strlen(v[i].in));
    snprintf(want, sizeof want, "-----BEGIN TEST-----\n%s\n-----END TEST-----\n", v[i].b64);
    CHECK(st == CCE_OK && n == strlen(want) && strcmp(pem, want) == 0, "PEM encode '%s': %s", v[i].in, pem);
    CHECK(n == cce_pem_encoded_len(4, strlen(v[i].in)), "encoded_len '%s'", v[i].in);
    pos = 0;
    st = cce_pem_decode(out, sizeof out, &n, label, pem, strlen(pem), &pos);
    CHECK(st == CCE_OK && strcmp(label, "TEST") == 0 && eq(out, n, (const uint8_t *)v[i].in, strlen(v[i].in)),
          "PEM decode '%s'", v[i].in);
    CHECK(pos == strlen(pem), "PEM decode position");
  }

  // 64-character lines; 48 bytes make exactly one line, 49 two.
  uint8_t data[200];
  for (size_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 7 + 1);
  CHECK_ST(cce_pem_encode(pem, sizeof pem, &n, "X", data, 48), CCE_OK, "48 bytes");
  CHECK(strchr(pem, '\n') - pem == 17 && pem[18 + 64] == '\n' && pem[18 + 65] == '-', "48 bytes: one full line");
  CHECK_ST(cce_pem_encode(pem, sizeof pem, &n, "X", data, sizeof data), CCE_OK, "200 bytes");
  pos = 0;
  CHECK_ST(cce_pem_decode(out, sizeof out, &n, label, pem, strlen(pem), &pos), CCE_OK, "200 bytes decode");
  CHECK(eq(out, n, data, sizeof data), "200 bytes round trip");
  CHECK_ST(cce_pem_encode(pem, 10, &n, "X", data, sizeof data), CCE_ERR_BUFFER_TOO_SMALL, "encode too small");
  CHECK_ST(cce_pem_encode(pem, sizeof pem, &n, "-X", data, 1), CCE_ERR_INVALID_ARG, "bad label");
  CHECK_ST(cce_pem_encode(pem, sizeof pem, &n, "", data, 1), CCE_ERR_INVALID_ARG, "empty label");

  // Tolerated: other line lengths, CRLF, trailing spaces, text around blocks.
  static const char *good[] = {
      "-----BEGIN A B-----\nZm9v\nYmFy\n-----END A B-----\n",
      "-----BEGIN A B-----\r\nZm9vYmFy\r\n-----END A B-----\r\n",
      "junk before\n-----BEGIN A B-----\nZm9vYmFy  \n-----END A B-----",
      "-----BEGIN A B-----\nZm9vYmFy\n-----END A B-----\ntext after\n",
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    pos = 0;
    cce_status st = cce_pem_decode(out, sizeof out, &n, label, good[i], strlen(good[i]), &pos);
    CHECK(st == CCE_OK && strcmp(label, "A B") == 0 && eq(out, n, (const uint8_t *)"foobar", 6),
          "tolerated PEM %zu: %s", i, cce_status_str(st));
  }
  // Refused.
  static const struct {
    const char *text;
    cce_status st;
  } bad[] = {
      {"-----BEGIN A-----\nZm9vYmFy\n-----END B-----\n", CCE_ERR_DECODE},    // label mismatch
      {"-----BEGIN A-----\nZm9vYmFy\n", CCE_ERR_DECODE},                     // no END
      {"-----BEGIN A-----\nZm9v\n\nYmFy\n-----END A-----\n", CCE_ERR_DECODE},  // blank line
      {"-----BEGIN A-----\nZm9v*mFy\n-----END A-----\n", CCE_ERR_DECODE},    // not base64
      {"-----BEGIN A-----\nZm 9vYmFy\n-----END A-----\n", CCE_ERR_DECODE},   // inner space
      {"-----BEGIN A-----\nZh==\n-----END A-----\n", CCE_ERR_DECODE},        // padding bits set
      {"-----BEGIN A-----\nZg=\n-----END A-----\n", CCE_ERR_DECODE},         // short quantum
      {"-----BEGIN A-----\nZg==Zg==\n-----END A-----\n", CCE_ERR_DECODE},    // data after padding
      {"-----BEGIN A-----\nZ===\n-----END A-----\n", CCE_ERR_DECODE},        // three '='
      {"-----BEGIN A-----\nZm9vY\n-----END A-----\n", CCE_ERR_DECODE},       // leftover bits
      {"-----BEGIN A-----\n-----END A-----\n", CCE_ERR_DECODE},              // empty body
      {"-----BEGIN A-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nZm9v\n-----END A-----\n",
       CCE_ERR_UNSUPPORTED},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    pos = 0;
    memset(out, 0xaa, sizeof out);
    cce_status st = cce_pem_decode(out, sizeof out, &n, label, bad[i].text, strlen(bad[i].text), &pos);
    CHECK(st == bad[i].st && n == 0 && pos == 0, "refused PEM %zu: %s", i, cce_status_str(st));
    CHECK(out[0] == 0 && out[sizeof out - 1] == 0, "refused PEM %zu: output wiped", i);
  }
  // Body larger than the output buffer.
  pos = 0;
  CHECK_ST(cce_pem_decode(out, 5, &n, label, good[0], strlen(good[0]), &pos), CCE_ERR_BUFFER_TOO_SMALL,
           "decode too small");
  // Several blocks, then none left.
  static const char two[] = "-----BEGIN ONE-----\nZm9v\n-----END ONE-----\nmiddle\n-----BEGIN TWO-----\nYmFy\n-----END TWO-----\n";
  pos = 0;
  CHECK_ST(cce_pem_decode(out, sizeof out, &n, label, two, strlen(two), &pos), CCE_OK, "first block");
  CHECK(strcmp(label, "ONE") == 0 && eq(out, n, (const uint8_t *)"foo", 3), "first block contents");
  CHECK_ST(cce_pem_decode(out, sizeof out, &n, label, two, strlen(two), &pos), CCE_OK, "second block");
  CHECK(strcmp(label, "TWO") == 0 && eq(out, n, (const uint8_t *)"bar", 3), "second block contents");
  CHECK_ST(cce_pem_decode(out, sizeof out, &n, label, two, strlen(two), &pos), CCE_OK, "no third block");
  CHECK(label[0] == '\0' && n == 0 && pos == strlen(two), "no third block: empty label");
  CHECK_ST(cce_pem_decode(out, sizeof out, &n, NULL, two, 3, &pos), CCE_ERR_NULL_POINTER, "decode NULL label");
}

// ===========================================================================
// Keys.

// PEM text to DER bytes (first block).
static size_t pem_to_der(uint8_t *out, size_t cap, const char *pem) {
  char label[CCE_PEM_MAX_LABEL];
  size_t n = 0, pos = 0;
  if (cce_pem_decode(out, cap, &n, label, pem, strlen(pem), &pos) != CCE_OK) {
    fprintf(stderr, "bad PEM literal\n");
    exit(2);
  }
  return n;
}

typedef struct key_case {
  const char *name;
  const char *pem;        // PKCS#8 from openssl genpkey
  const char *pub_hex;    // SPKI from openssl pkey -pubout
  const char *cpub_hex;   // SPKI with the compressed point (EC), or NULL
  const char *sec1_hex;   // RFC 5915 ECPrivateKey (EC), or NULL
  cce_pkey_type type;
  cce_pkey_curve curve;
  size_t priv_len, pub_len;
} key_case;

static const key_case key_cases[] = {
    {"P-256", p256_pem, p256_pub_hex, p256_cpub_hex, p256_sec1_hex, CCE_PKEY_EC, CCE_PKEY_CURVE_P256, 32, 65},
    {"P-384", p384_pem, p384_pub_hex, p384_cpub_hex, p384_sec1_hex, CCE_PKEY_EC, CCE_PKEY_CURVE_P384, 48, 97},
    {"P-521", p521_pem, p521_pub_hex, p521_cpub_hex, p521_sec1_hex, CCE_PKEY_EC, CCE_PKEY_CURVE_P521, 66, 133},
    {"Ed25519", ed_pem, ed_pub_hex, NULL, NULL, CCE_PKEY_ED25519, CCE_PKEY_CURVE_NONE, 32, 32},
    {"X25519", x_pem, x_pub_hex, NULL, NULL, CCE_PKEY_X25519, CCE_PKEY_CURVE_NONE, 32, 32},
};

static void test_key_case(const key_case *kc) {
  uint8_t der[CCE_PKEY_MAX_DER_BYTES], pub[CCE_PKEY_MAX_DER_BYTES], out[CCE_PKEY_MAX_DER_BYTES];
  char pem[CCE_PKEY_MAX_PEM_BYTES];
  size_t der_len = pem_to_der(der, sizeof der, kc->pem);
  size_t pub_len = unhex(pub, sizeof pub, kc->pub_hex);
  size_t n;
  const char *why = NULL;
  cce_pkey k, kp, k2;

  // PEM private key -> object.
  cce_status st = cce_pkey_parse(&k, (const uint8_t *)kc->pem, strlen(kc->pem), &why);
  CHECK(st == CCE_OK, "%s: parse PEM: %s (%s)", kc->name, cce_status_str(st), why);
  if (st != CCE_OK) return;
  CHECK(why && why[0] == '\0', "%s: empty reason on success", kc->name);
  CHECK(k.type == kc->type && k.curve == kc->curve && k.priv_len == kc->priv_len && k.pub_len == kc->pub_len,
        "%s: type, curve, lengths", kc->name);
  CHECK(strcmp(cce_pkey_name(&k), kc->name) == 0, "%s: name %s", kc->name, cce_pkey_name(&k));

  // Serialising gives back OpenSSL's bytes exactly.
  st = cce_pkey_private_to_der(out, sizeof out, &n, &k);
  CHECK(st == CCE_OK && eq(out, n, der, der_len), "%s: PKCS#8 DER identical to OpenSSL's", kc->name);
  st = cce_pkey_private_to_pem(pem, sizeof pem, &n, &k);
  CHECK(st == CCE_OK && n == strlen(kc->pem) && strcmp(pem, kc->pem) == 0, "%s: PKCS#8 PEM identical", kc->name);
  st = cce_pkey_public_to_der(out, sizeof out, &n, &k, 0);
  CHECK(st == CCE_OK && eq(out, n, pub, pub_len), "%s: SPKI identical to openssl pkey -pubout", kc->name);

  // DER private key, and the public key alone.
  st = cce_pkey_parse(&k2, der, der_len, &why);
  CHECK(st == CCE_OK && memcmp(&k, &k2, sizeof k) == 0, "%s: parse DER: %s (%s)", kc->name, cce_status_str(st), why);
  st = cce_pkey_parse_der(&kp, pub, pub_len, &why);
  CHECK(st == CCE_OK && kp.priv_len == 0 && eq(kp.pub, kp.pub_len, k.pub, k.pub_len) && kp.type == k.type &&
            kp.curve == k.curve,
        "%s: parse SPKI: %s (%s)", kc->name, cce_status_str(st), why);
  st = cce_pkey_public_to_pem(pem, sizeof pem, &n, &kp, 0);
  if (st == CCE_OK) st = cce_pkey_parse(&k2, (const uint8_t *)pem, n, &why);
  CHECK(st == CCE_OK && memcmp(&kp, &k2, sizeof kp) == 0, "%s: SPKI PEM round trip", kc->name);
  CHECK_ST(cce_pkey_private_to_der(out, sizeof out, &n, &kp), CCE_ERR_INVALID_ARG, "no private key to write");

  if (kc->cpub_hex) {
    uint8_t cpub[CCE_PKEY_MAX_DER_BYTES];
    size_t cpub_len = unhex(cpub, sizeof cpub, kc->cpub_hex);
    st = cce_pkey_public_to_der(out, sizeof out, &n, &k, CCE_PKEY_POINT_COMPRESSED);
    CHECK(st == CCE_OK && eq(out, n, cpub, cpub_len), "%s: compressed SPKI identical to OpenSSL's", kc->name);
    st = cce_pkey_parse_der(&k2, cpub, cpub_len, &why);
    CHECK(st == CCE_OK && memcmp(&kp, &k2, sizeof kp) == 0, "%s: compressed SPKI decompressed: %s (%s)", kc->name,
          cce_status_str(st), why);
    // The other parity is another point (or none): never the same key.
    cpub[cpub_len - 1 - cce_pkey_curve_bytes(kc->curve)] ^= 1;
    st = cce_pkey_parse_der(&k2, cpub, cpub_len, &why);
    CHECK(st != CCE_OK || memcmp(k2.pub, kp.pub, kp.pub_len) != 0, "%s: other parity differs", kc->name);
  }
  if (kc->sec1_hex) {
    uint8_t sec1[CCE_PKEY_MAX_DER_BYTES];
    size_t sec1_len = unhex(sec1, sizeof sec1, kc->sec1_hex);
    st = cce_pkey_parse(&k2, sec1, sec1_len, &why);
    CHECK(st == CCE_OK && memcmp(&k, &k2, sizeof k) == 0, "%s: RFC 5915 ECPrivateKey DER: %s (%s)", kc->name,
          cce_status_str(st), why);
  }

  // Every truncation fails cleanly and wipes the object.
  int trunc_ok = 1;
  for (size_t len = 0; len < der_len; len++) {
    memset(&k2, 0x77, sizeof k2);
    st = cce_pkey_parse_der(&k2, der, len, &why);
    if (st == CCE_OK || k2.priv_len != 0 || k2.type != CCE_PKEY_NONE || why == NULL || why[0] == '\0') trunc_ok = 0;
  }
  CHECK(trunc_ok, "%s: every truncation refused, object wiped, reason given", kc->name);
  // One trailing byte.
  der[der_len] = 0;
  CHECK_ST(cce_pkey_parse_der(&k2, der, der_len + 1, &why), CCE_ERR_DECODE, "trailing byte");
  // Private key and public key that do not match (another scalar, the
  // file's public key kept). PKCS#8 v1 for Ed25519/X25519 carries no public
  // key: the one computed from the changed seed is another key (the RFC 8410
  // v2 case below checks a stored mismatching public key).
  {
    cce_pkey bad = k;
    bad.priv[1] ^= 1;  // byte 1: X25519 clamping ignores bits of bytes 0 and 31 only
    st = cce_pkey_private_to_der(out, sizeof out, &n, &bad);
    if (st == CCE_OK) st = cce_pkey_parse_der(&k2, out, n, &why);
    if (kc->type == CCE_PKEY_EC)
      CHECK(st == CCE_ERR_KEY_INVALID, "%s: mismatched public key refused: %s (%s)", kc->name, cce_status_str(st),
            why);
    else
      CHECK(st == CCE_OK && memcmp(k2.pub, k.pub, 32) != 0, "%s: other seed, other public key", kc->name);
    cce_pkey_wipe(&bad);
  }
  cce_pkey_wipe(&k);
  int zero = 1;
  for (size_t i = 0; i < sizeof k; i++) zero &= ((uint8_t *)&k)[i] == 0;
  CHECK(zero, "%s: cce_pkey_wipe zeroes the object", kc->name);
}

static void test_keys(void) {
  for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) test_key_case(&key_cases[i]);

  uint8_t der[CCE_PKEY_MAX_DER_BYTES], seed[32], pubk[32], out[CCE_PKEY_MAX_DER_BYTES];
  size_t n;
  const char *why;
  cce_pkey k, k2;
  unhex(seed, sizeof seed, rfc8410_seed_hex);
  unhex(pubk, sizeof pubk, rfc8410_pub_hex);

  // RFC 8410 10.3: v1 computes the public key; v2 (attributes + public key)
  // gives the same key; 10.1 public key.
  cce_status st = cce_pkey_parse(&k, (const uint8_t *)rfc8410_priv_pem, strlen(rfc8410_priv_pem), &why);
  CHECK(st == CCE_OK && k.type == CCE_PKEY_ED25519 && eq(k.priv, k.priv_len, seed, 32) && eq(k.pub, k.pub_len, pubk, 32),
        "RFC 8410 Ed25519 private key: %s (%s)", cce_status_str(st), why);
  st = cce_pkey_parse(&k2, (const uint8_t *)rfc8410_v2_pem, strlen(rfc8410_v2_pem), &why);
  CHECK(st == CCE_OK && memcmp(&k, &k2, sizeof k) == 0, "RFC 8410 v2 OneAsymmetricKey: %s (%s)", cce_status_str(st),
        why);
  st = cce_pkey_private_to_der(out, sizeof out, &n, &k2);
  CHECK(st == CCE_OK && eq(out, n, der, pem_to_der(der, sizeof der, rfc8410_priv_pem)),
        "RFC 8410: written as the v1 example");
  st = cce_pkey_parse(&k2, (const uint8_t *)rfc8410_pub_pem, strlen(rfc8410_pub_pem), &why);
  CHECK(st == CCE_OK && k2.type == CCE_PKEY_ED25519 && eq(k2.pub, k2.pub_len, pubk, 32), "RFC 8410 public key");
  st = cce_pkey_parse(&k2, (const uint8_t *)rfc8410_x25519_pub_pem, strlen(rfc8410_x25519_pub_pem), &why);
  CHECK(st == CCE_OK && k2.type == CCE_PKEY_X25519 && eq(k2.pub, k2.pub_len, pubk, 32), "RFC 8410 X25519 public key");

  // v2 with a public key that does not match.
  n = pem_to_der(der, sizeof der, rfc8410_v2_pem);
  der[n - 1] ^= 1;
  CHECK_ST(cce_pkey_parse_der(&k2, der, n, &why), CCE_ERR_KEY_INVALID, "v2 with a wrong public key");
  // v1 with a [1] public key: version 0 forbids it.
  der[n - 1] ^= 1;
  der[4] = 0;
  CHECK_ST(cce_pkey_parse_der(&k2, der, n, &why), CCE_ERR_DECODE, "v1 with a public key");
  der[4] = 2;
  CHECK_ST(cce_pkey_parse_der(&k2, der, n, &why), CCE_ERR_DECODE, "version 3");

  // Ed25519 with NULL parameters (RFC 8410: absent).
  static const char ed_null_hex[] = "3030020100300706032b65700500042204" "20d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842";
  n = unhex(der, sizeof der, ed_null_hex);
  CHECK_ST(cce_pkey_parse_der(&k2, der, n, &why), CCE_ERR_DECODE, "Ed25519 with NULL parameters");
  // Ed25519 seed of 31 bytes.
  static const char ed_short_hex[] = "302d020100300506032b657004210420" "ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842";
  n = unhex(der, sizeof der, ed_short_hex);
  st = cce_pkey_parse_der(&k2, der, n, &why);
  CHECK(st == CCE_ERR_DECODE, "Ed25519 31-byte seed: %s", cce_status_str(st));

  // Unsupported: secp256k1, RSA, encrypted, certificate-only PEM, explicit parameters.
  st = cce_pkey_parse(&k2, (const uint8_t *)k1_pem, strlen(k1_pem), &why);
  CHECK(st == CCE_ERR_UNSUPPORTED && strstr(why, "curve"), "secp256k1: %s (%s)", cce_status_str(st), why);
  st = cce_pkey_parse(&k2, (const uint8_t *)enc_pem, strlen(enc_pem), &why);
  CHECK(st == CCE_ERR_UNSUPPORTED && strstr(why, "encrypted"), "encrypted PKCS#8: %s (%s)", cce_status_str(st), why);
  static const char rsa_spki_hex[] = "301a300d06092a864886f70d010101050003090030060201010201" "03";
  n = unhex(der, sizeof der, rsa_spki_hex);
  st = cce_pkey_parse(&k2, der, n, &why);
  CHECK(st == CCE_ERR_UNSUPPORTED && strstr(why, "RSA"), "RSA SPKI: %s (%s)", cce_status_str(st), why);
  static const char cert_pem[] = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
  st = cce_pkey_parse(&k2, (const uint8_t *)cert_pem, strlen(cert_pem), &why);
  CHECK(st == CCE_ERR_UNSUPPORTED, "certificate PEM: %s (%s)", cce_status_str(st), why);
  static const char explicit_hex[] = "3012300b06072a8648ce3d020130000303000400";
  n = unhex(der, sizeof der, explicit_hex);
  st = cce_pkey_parse(&k2, der, n, &why);
  CHECK(st == CCE_ERR_UNSUPPORTED && strstr(why, "explicit"), "explicit EC parameters: %s (%s)", cce_status_str(st), why);
  st = cce_pkey_parse(&k2, (const uint8_t *)"hello", 5, &why);
  CHECK(st == CCE_ERR_DECODE && why[0] != '\0', "not a key: %s (%s)", cce_status_str(st), why);
  st = cce_pkey_parse(&k2, NULL, 0, &why);
  CHECK(st == CCE_ERR_DECODE, "empty input: %s", cce_status_str(st));
  CHECK_ST(cce_pkey_parse(NULL, der, n, NULL), CCE_ERR_NULL_POINTER, "parse NULL key");

  // EC public keys: the point at infinity, a point off the curve, wrong
  // lengths, hybrid form.
  uint8_t spki[128];
  size_t sl = unhex(spki, sizeof spki, p256_pub_hex);
  spki[sl - 1] ^= 1;  // Y changed: off the curve
  st = cce_pkey_parse_der(&k2, spki, sl, &why);
  CHECK(st == CCE_ERR_POINT_INVALID, "P-256 point off the curve: %s (%s)", cce_status_str(st), why);
  spki[sl - 1] ^= 1;
  spki[26] = 0x06;
  CHECK_ST(cce_pkey_parse_der(&k2, spki, sl, &why), CCE_ERR_UNSUPPORTED, "hybrid point");
  spki[26] = 0x05;
  CHECK_ST(cce_pkey_parse_der(&k2, spki, sl, &why), CCE_ERR_DECODE, "unknown point form");
  static const char inf_hex[] = "3019301306072a8648ce3d020106082a8648ce3d030107030200" "00";
  n = unhex(der, sizeof der, inf_hex);
  CHECK_ST(cce_pkey_parse_der(&k2, der, n, &why), CCE_ERR_POINT_INVALID, "point at infinity");

  // EC private scalar 0 and n (P-256 order): out of range.
  static const char p256_n_hex[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
  CHECK_ST(cce_pkey_parse(&k, (const uint8_t *)p256_pem, strlen(p256_pem), &why), CCE_OK, "P-256 again");
  for (int t = 0; t < 2; t++) {
    cce_pkey bad = k;
    if (t == 0)
      memset(bad.priv, 0, 32);
    else
      unhex(bad.priv, 32, p256_n_hex);
    st = cce_pkey_private_to_der(out, sizeof out, &n, &bad);
    if (st == CCE_OK) st = cce_pkey_parse_der(&k2, out, n, &why);
    CHECK(st == CCE_ERR_KEY_INVALID, "P-256 scalar %s refused: %s (%s)", t ? "n" : "0", cce_status_str(st), why);
    cce_pkey_wipe(&bad);
  }
  // EC private key without its public key: computed.
  {
    cce_der_builder b;
    cce_der_builder_init(&b, out, sizeof out);
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add_uint64(&b, 1);
    cce_der_add(&b, CCE_DER_OCTET_STRING, k.priv + 1, 31);  // short scalar: left-padded (if it starts with 0)
    cce_der_begin(&b, CCE_DER_CONTEXT(0) | CCE_DER_CONSTRUCTED);
    cce_der_add(&b, CCE_DER_OID, (const uint8_t *)"\x2a\x86\x48\xce\x3d\x03\x01\x07", 8);
    cce_der_end(&b);
    cce_der_end(&b);
    st = cce_der_builder_finish(&b, &n);
    CHECK_ST(st, CCE_OK, "build ECPrivateKey");
    st = cce_pkey_parse_der(&k2, out, n, &why);
    CHECK(st == CCE_OK && k2.priv[0] == 0 && memcmp(k2.priv + 1, k.priv + 1, 31) == 0 && k2.pub_len == 65,
          "ECPrivateKey with a 31-byte scalar and no public key: %s (%s)", cce_status_str(st), why);
    // The bare form needs its curve.
    cce_der_builder_init(&b, out, sizeof out);
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add_uint64(&b, 1);
    cce_der_add(&b, CCE_DER_OCTET_STRING, k.priv, 32);
    cce_der_end(&b);
    st = cce_der_builder_finish(&b, &n);
    CHECK(st == CCE_OK && cce_pkey_parse_der(&k2, out, n, &why) == CCE_ERR_UNSUPPORTED, "ECPrivateKey without curve");
  }
  // "EC PRIVATE KEY" PEM after an "EC PARAMETERS" block (openssl ecparam -genkey).
  {
    static char text[1024];
    snprintf(text, sizeof text, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n%s",
             p256_trad_pem);
    st = cce_pkey_parse(&k2, (const uint8_t *)text, strlen(text), &why);
    CHECK(st == CCE_OK && memcmp(&k, &k2, sizeof k) == 0, "EC PARAMETERS + EC PRIVATE KEY: %s (%s)",
          cce_status_str(st), why);
  }

  // cce_pkey_set.
  CHECK_ST(cce_pkey_set(&k2, CCE_PKEY_EC, CCE_PKEY_CURVE_P256, k.priv, 32, k.pub, 65), CCE_OK, "set P-256");
  CHECK(memcmp(&k, &k2, sizeof k) == 0, "set P-256 equals parsed");
  CHECK_ST(cce_pkey_set(&k2, CCE_PKEY_EC, CCE_PKEY_CURVE_P384, k.priv, 32, k.pub, 65), CCE_ERR_INVALID_LENGTH,
           "set wrong curve length");
  CHECK_ST(cce_pkey_set(&k2, CCE_PKEY_EC, CCE_PKEY_CURVE_NONE, k.priv, 32, k.pub, 65), CCE_ERR_INVALID_ARG,
           "set EC without curve");
  CHECK_ST(cce_pkey_set(&k2, CCE_PKEY_ED25519, CCE_PKEY_CURVE_NONE, NULL, 0, pubk, 32), CCE_OK, "set Ed25519 public");
  CHECK_ST(cce_pkey_set(&k2, CCE_PKEY_X25519, CCE_PKEY_CURVE_P256, NULL, 0, pubk, 32), CCE_ERR_INVALID_ARG,
           "set X25519 with a curve");
  CHECK_ST(cce_pkey_set(&k2, CCE_PKEY_NONE, CCE_PKEY_CURVE_NONE, NULL, 0, pubk, 32), CCE_ERR_INVALID_ARG, "set none");
  CHECK_ST(cce_pkey_set(&k2, CCE_PKEY_ED25519, CCE_PKEY_CURVE_NONE, NULL, 0, NULL, 32), CCE_ERR_NULL_POINTER, "set NULL");
  CHECK_ST(cce_pkey_public_to_der(out, 20, &n, &k, 0), CCE_ERR_BUFFER_TOO_SMALL, "SPKI too small");
  CHECK(n == 0 && out[0] == 0, "SPKI too small: wiped");
  CHECK_ST(cce_pkey_public_to_der(out, sizeof out, &n, &k, 8), CCE_ERR_INVALID_ARG, "unknown flag");
  CHECK(strcmp(cce_pkey_name(NULL), "none") == 0 && cce_pkey_curve_bytes(CCE_PKEY_CURVE_P521) == 66, "names");
  cce_pkey_wipe(&k);
  cce_pkey_wipe(&k2);
}


// ===========================================================================
// ML-KEM / ML-DSA keys (LAMPS PKCS#8 and SPKI).

// RFC 9881 Appendix C: ML-DSA-44 private key in seed form (seed 00..1f).
static const char rfc9881_mldsa44_seed_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MDQCAQAwCwYJYIZIAWUDBAMRBCKAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZ\n"
    "GhscHR4f\n"
    "-----END PRIVATE KEY-----\n";
// The first line of its public key in the RFC: "MIIFMjALBglghkgBZQMEAxEDggUhANeytHJUquDbReeTDUqY0sl9jxOX..."
static const char rfc9881_mldsa44_pub_prefix_hex[] =
    "30820532300b0609608648016503040311038205210" "0d7b2b47254aae0db45e7930d4a98d2c97d8f1397";

// RFC 9935 Appendix C: the ML-KEM-512 example public key (seed 00..3f),
// first line: "MIIDMjALBglghkgBZQMEBAEDggMhADmVgV5ZfRBDVc8pqlMzyTJRhp1bzb5IcST2" and the
// start of the second, "Ari2pmwWxHYWSK12".
static const char rfc9935_mlkem512_pub_prefix_hex[] =
    "30820332300b060960864801650304040103820321003995815e597d1043"
    "55cf29aa5333c93251869d5bcdbe487124f602b8b6a66c16c4761648ad76";

typedef struct pq_case {
  cce_pqkey_alg alg;
  const char *name;
  size_t seed_len, priv_len, pub_len;
  const char *spki_sha256;  // SPKI of the key of seed 00 01 .. (OpenSSL via python3 cryptography), NULL if none
} pq_case;

static const pq_case pq_cases[] = {
    {CCE_PQKEY_MLKEM512, "ML-KEM-512", 64, 1632, 800, NULL},
    {CCE_PQKEY_MLKEM768, "ML-KEM-768", 64, 2400, 1184,
     "c23e23dd3d485a9256cda09358a4a286e00b373db10761eadf99f710649ca31c"},
    {CCE_PQKEY_MLKEM1024, "ML-KEM-1024", 64, 3168, 1568,
     "d2b7480ae006a14b37c1e8a8e45ea39022e32a9b1a7b90d594c84d869c6ac420"},
    {CCE_PQKEY_MLDSA44, "ML-DSA-44", 32, 2560, 1312,
     "837832708c5236d951581f1fddf2b79991b3424a0486d16da1ddad0fd69701be"},
    {CCE_PQKEY_MLDSA65, "ML-DSA-65", 32, 4032, 1952,
     "b8b62131bfbe84433efb2273d7f5b87f7a22854a2cfd366fc2aead86d837c52d"},
    {CCE_PQKEY_MLDSA87, "ML-DSA-87", 32, 4896, 2592,
     "07e57c4f14dbad1267f621ec3777b4e2e6c4fbc4c22fbb87510ff8e0b3c6a642"},
};

static const uint8_t *pq_oid(cce_pqkey_alg alg, size_t *len) {
  static uint8_t oid[9] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0, 0};
  int kem = cce_pqkey_alg_is_kem(alg);
  oid[7] = kem ? 0x04 : 0x03;
  oid[8] = (uint8_t)(kem ? alg - CCE_PQKEY_MLKEM512 + 1 : alg - CCE_PQKEY_MLDSA44 + 0x11);
  *len = sizeof oid;
  return oid;
}

// Builds a PKCS#8 around `inner` (the contents of the privateKey OCTET
// STRING) with optional extras: algorithm parameters (NULL), a v2 public key.
static size_t pq_p8(uint8_t *out, size_t cap, cce_pqkey_alg alg, const uint8_t *inner, size_t inner_len,
                    int with_params, const uint8_t *pub, size_t pub_len) {
  cce_der_builder b;
  size_t oid_len, n = 0;
  const uint8_t *oid = pq_oid(alg, &oid_len);
  cce_der_builder_init(&b, out, cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add_uint64(&b, pub ? 1 : 0);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add(&b, CCE_DER_OID, oid, oid_len);
  if (with_params) cce_der_add(&b, CCE_DER_NULL, NULL, 0);
  cce_der_end(&b);
  cce_der_add(&b, CCE_DER_OCTET_STRING, inner, inner_len);
  if (pub) {
    uint8_t *tmp = malloc(pub_len + 1);
    tmp[0] = 0;
    memcpy(tmp + 1, pub, pub_len);
    cce_der_add(&b, CCE_DER_CONTEXT(1), tmp, pub_len + 1);
    free(tmp);
  }
  cce_der_end(&b);
  if (cce_der_builder_finish(&b, &n) != CCE_OK) {
    fprintf(stderr, "pq_p8: builder failed\n");
    exit(2);
  }
  return n;
}

// Inner CHOICE encodings.
static size_t pq_inner(uint8_t *out, size_t cap, unsigned seed_tag, const uint8_t *seed, size_t seed_len,
                       const uint8_t *exp, size_t exp_len, int both, const uint8_t *extra, size_t extra_len) {
  cce_der_builder b;
  size_t n = 0;
  cce_der_builder_init(&b, out, cap);
  if (both) cce_der_begin(&b, CCE_DER_SEQUENCE);
  if (seed) cce_der_add(&b, seed_tag, seed, seed_len);
  if (exp) cce_der_add(&b, CCE_DER_OCTET_STRING, exp, exp_len);
  if (extra) cce_der_add_raw(&b, extra, extra_len);
  if (both) cce_der_end(&b);
  if (cce_der_builder_finish(&b, &n) != CCE_OK) exit(2);
  return n;
}

static void test_pq_case(const pq_case *pc, cce_pqkey *k, cce_pqkey *k2, uint8_t *der, uint8_t *der2,
                         uint8_t *inner, char *pem) {
  uint8_t seed[64], d[32], want[32];
  size_t n, n2, in_len;
  const char *why = NULL;
  for (int i = 0; i < 64; i++) seed[i] = (uint8_t)i;

  CHECK_ST(cce_pqkey_from_seed(k, pc->alg, seed, pc->seed_len), CCE_OK, pc->name);
  CHECK(k->alg == pc->alg && k->seed_len == pc->seed_len && k->priv_len == pc->priv_len && k->pub_len == pc->pub_len,
        "%s: lengths", pc->name);
  CHECK(strcmp(cce_pqkey_alg_name(pc->alg), pc->name) == 0, "%s: name", pc->name);
  size_t sl, pl, ql;
  CHECK(cce_pqkey_sizes(pc->alg, &sl, &pl, &ql) == CCE_OK && sl == pc->seed_len && pl == pc->priv_len &&
            ql == pc->pub_len,
        "%s: sizes", pc->name);
  // The module agrees on what the seed expands to.
  if (cce_pqkey_alg_is_kem(pc->alg)) {
    static uint8_t ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES];
    cce_mlkem_param prm = (cce_mlkem_param)cce_pqkey_mlkem_param(pc->alg);
    CHECK(cce_mlkem_keygen_seed(prm, ek, pc->pub_len, dk, pc->priv_len, seed) == CCE_OK &&
              memcmp(ek, k->pub, pc->pub_len) == 0 && memcmp(dk, k->priv, pc->priv_len) == 0,
          "%s: expansion = cce_mlkem_keygen_seed", pc->name);
    CHECK(cce_pqkey_mldsa_param(pc->alg) == 0, "%s: not ML-DSA", pc->name);
  } else {
    static uint8_t pk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], sk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
    cce_mldsa_param prm = (cce_mldsa_param)cce_pqkey_mldsa_param(pc->alg);
    CHECK(cce_mldsa_keygen_seed(prm, pk, pc->pub_len, sk, pc->priv_len, seed) == CCE_OK &&
              memcmp(pk, k->pub, pc->pub_len) == 0 && memcmp(sk, k->priv, pc->priv_len) == 0,
          "%s: expansion = cce_mldsa_keygen_seed", pc->name);
    CHECK(cce_pqkey_mlkem_param(pc->alg) == 0 && cce_pqkey_alg_is_dsa(pc->alg), "%s: not ML-KEM", pc->name);
  }

  // SPKI: known answer (independent implementation), round trip.
  CHECK_ST(cce_pqkey_public_to_der(der, CCE_PQKEY_MAX_DER_BYTES, &n, k), CCE_OK, "SPKI");
  if (pc->spki_sha256) {
    unhex(want, sizeof want, pc->spki_sha256);
    CHECK(cce_sha256(d, der, n) == CCE_OK && memcmp(d, want, 32) == 0, "%s: SPKI = OpenSSL's", pc->name);
  }
  CHECK(n == pc->pub_len + 22, "%s: SPKI length %zu", pc->name, n);
  CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_OK, "parse SPKI");
  CHECK(k2->alg == pc->alg && k2->priv_len == 0 && k2->seed_len == 0 && eq(k2->pub, k2->pub_len, k->pub, k->pub_len),
        "%s: SPKI round trip", pc->name);
  CHECK_ST(cce_pqkey_private_to_der(der2, CCE_PQKEY_MAX_DER_BYTES, &n2, k2, CCE_PQKEY_FORM_AUTO),
           CCE_ERR_INVALID_ARG, "private of a public key");
  // Wrong SPKI lengths, parameters present, trailing data.
  {
    static uint8_t bad[CCE_PQKEY_MAX_DER_BYTES];
    cce_der_builder b;
    size_t oid_len, bn = 0;
    const uint8_t *oid = pq_oid(pc->alg, &oid_len);
    for (int variant = 0; variant < 3; variant++) {
      cce_der_builder_init(&b, bad, sizeof bad);
      cce_der_begin(&b, CCE_DER_SEQUENCE);
      cce_der_begin(&b, CCE_DER_SEQUENCE);
      cce_der_add(&b, CCE_DER_OID, oid, oid_len);
      if (variant == 0) cce_der_add(&b, CCE_DER_NULL, NULL, 0);
      cce_der_end(&b);
      cce_der_add_bit_string(&b, k->pub, pc->pub_len - (variant == 1 ? 1 : 0));
      if (variant == 2) cce_der_add(&b, CCE_DER_NULL, NULL, 0);
      cce_der_end(&b);
      CHECK(cce_der_builder_finish(&b, &bn) == CCE_OK, "builder");
      CHECK_ST(cce_pqkey_parse_der(k2, bad, bn, &why), CCE_ERR_DECODE, "malformed SPKI");
      CHECK(why && why[0], "%s: reason given", pc->name);
      static const cce_pqkey zero;
      CHECK(memcmp(k2, &zero, sizeof zero) == 0, "%s: refused key wiped", pc->name);
    }
  }
  // Every truncation of the SPKI is refused.
  int all = 1;
  for (size_t t = 0; t < n; t += (t < 40 ? 1 : 97))
    if (cce_pqkey_parse_der(k2, der, t, &why) != CCE_ERR_DECODE) all = 0;
  CHECK(all, "%s: truncated SPKI refused", pc->name);
  CHECK_ST(cce_pqkey_public_to_der(der, 40, &n, k), CCE_ERR_BUFFER_TOO_SMALL, "SPKI buffer too small");

  // PKCS#8 in the three forms, and PEM.
  for (unsigned form = CCE_PQKEY_FORM_SEED; form <= CCE_PQKEY_FORM_BOTH; form++) {
    CHECK_ST(cce_pqkey_private_to_der(der, CCE_PQKEY_MAX_DER_BYTES, &n, k, form), CCE_OK, "PKCS#8");
    CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_OK, "parse PKCS#8");
    int dsa_expanded = form == CCE_PQKEY_FORM_EXPANDED && cce_pqkey_alg_is_dsa(pc->alg);
    CHECK(k2->alg == pc->alg && eq(k2->priv, k2->priv_len, k->priv, k->priv_len) &&
              (dsa_expanded ? k2->pub_len == 0 : eq(k2->pub, k2->pub_len, k->pub, k->pub_len)) &&
              (form == CCE_PQKEY_FORM_EXPANDED ? k2->seed_len == 0 : eq(k2->seed, k2->seed_len, k->seed, k->seed_len)),
          "%s: PKCS#8 form %u round trip", pc->name, form);
  }
  // Seed form: exactly SEQUENCE { 0, { OID }, OCTET STRING { [0] seed } }.
  CHECK_ST(cce_pqkey_private_to_der(der, CCE_PQKEY_MAX_DER_BYTES, &n, k, CCE_PQKEY_FORM_AUTO), CCE_OK, "AUTO");
  in_len = pq_inner(inner, CCE_PQKEY_MAX_DER_BYTES, CCE_DER_CONTEXT(0), seed, pc->seed_len, NULL, 0, 0, NULL, 0);
  n2 = pq_p8(der2, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, 0, NULL, 0);
  CHECK(eq(der, n, der2, n2), "%s: AUTO writes the seed form", pc->name);
  CHECK_ST(cce_pqkey_private_to_pem(pem, CCE_PQKEY_MAX_PEM_BYTES, &n, k, CCE_PQKEY_FORM_AUTO), CCE_OK, "PEM");
  CHECK(strncmp(pem, "-----BEGIN PRIVATE KEY-----\n", 28) == 0, "%s: PEM label", pc->name);
  CHECK_ST(cce_pqkey_parse(k2, (const uint8_t *)pem, n, &why), CCE_OK, "parse PEM");
  CHECK(eq(k2->seed, k2->seed_len, seed, pc->seed_len) && eq(k2->pub, k2->pub_len, k->pub, k->pub_len),
        "%s: PEM round trip", pc->name);
  CHECK_ST(cce_pqkey_public_to_pem(pem, CCE_PQKEY_MAX_PEM_BYTES, &n, k), CCE_OK, "public PEM");
  CHECK_ST(cce_pqkey_parse(k2, (const uint8_t *)pem, n, &why), CCE_OK, "parse public PEM");
  CHECK(k2->priv_len == 0 && eq(k2->pub, k2->pub_len, k->pub, k->pub_len), "%s: public PEM round trip", pc->name);
  // cce_pkey_parse refuses it as another algorithm.
  cce_pkey ek;
  CHECK_ST(cce_pkey_parse(&ek, (const uint8_t *)pem, n, &why), CCE_ERR_UNSUPPORTED, "cce_pkey_parse of a PQ key");

  // Malformed private keys.
  static uint8_t exp_bad[CCE_PQKEY_MAX_PRIVATE_BYTES + 1];  // + 1: the "one byte long" case
  struct {
    const char *what;
    unsigned seed_tag;
    size_t seed_len, exp_len;
    int both, flip, params, extra;
    cce_status want;
  } bad[] = {
      {"seed one byte short", CCE_DER_CONTEXT(0), pc->seed_len - 1, 0, 0, 0, 0, 0, CCE_ERR_DECODE},
      {"seed one byte long", CCE_DER_CONTEXT(0), pc->seed_len + 1, 0, 0, 0, 0, 0, CCE_ERR_DECODE},
      {"seed as constructed [0]", CCE_DER_CONTEXT(0) | CCE_DER_CONSTRUCTED, pc->seed_len, 0, 0, 0, 0, 0,
       CCE_ERR_DECODE},
      {"seed as [1]", CCE_DER_CONTEXT(1), pc->seed_len, 0, 0, 0, 0, 0, CCE_ERR_DECODE},
      {"seed with parameters", CCE_DER_CONTEXT(0), pc->seed_len, 0, 0, 0, 1, 0, CCE_ERR_DECODE},
      {"seed then trailing data", CCE_DER_CONTEXT(0), pc->seed_len, 0, 0, 0, 0, 1, CCE_ERR_DECODE},
      {"expandedKey one byte short", 0, 0, pc->priv_len - 1, 0, 0, 0, 0, CCE_ERR_DECODE},
      {"expandedKey one byte long", 0, 0, pc->priv_len + 1, 0, 0, 0, 0, CCE_ERR_DECODE},
      {"both: inconsistent", CCE_DER_OCTET_STRING, pc->seed_len, pc->priv_len, 1, 1, 0, 0, CCE_ERR_KEY_INVALID},
      {"both: seed [0] inside", CCE_DER_CONTEXT(0), pc->seed_len, pc->priv_len, 1, 0, 0, 0, CCE_ERR_DECODE},
      {"both: short seed", CCE_DER_OCTET_STRING, pc->seed_len - 1, pc->priv_len, 1, 0, 0, 0, CCE_ERR_DECODE},
      {"both: trailing element", CCE_DER_OCTET_STRING, pc->seed_len, pc->priv_len, 1, 0, 0, 1, CCE_ERR_DECODE},
      {"both: no expandedKey", CCE_DER_OCTET_STRING, pc->seed_len, 0, 1, 0, 0, 0, CCE_ERR_DECODE},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint8_t s2[65];
    memcpy(s2, seed, 64);
    s2[64] = 0x40;
    memset(exp_bad, 0, sizeof exp_bad);
    memcpy(exp_bad, k->priv, pc->priv_len);
    if (bad[i].flip) exp_bad[pc->priv_len - 40] ^= 1;
    static const uint8_t null_el[] = {0x05, 0x00};
    in_len = pq_inner(inner, CCE_PQKEY_MAX_DER_BYTES, bad[i].seed_tag, bad[i].seed_len ? s2 : NULL, bad[i].seed_len,
                      bad[i].exp_len ? exp_bad : NULL, bad[i].exp_len, bad[i].both, bad[i].extra ? null_el : NULL,
                      bad[i].extra ? 2 : 0);
    n = pq_p8(der, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, bad[i].params, NULL, 0);
    cce_status st = cce_pqkey_parse_der(k2, der, n, &why);
    CHECK(st == bad[i].want, "%s: %s: got %s (%s)", pc->name, bad[i].what, cce_status_str(st), why);
  }
  // Expanded key alone: ML-KEM gives its ek (hash check), ML-DSA no public
  // key unless the v2 publicKey is there (checked against rho and tr).
  in_len = pq_inner(inner, CCE_PQKEY_MAX_DER_BYTES, 0, NULL, 0, k->priv, pc->priv_len, 0, NULL, 0);
  n = pq_p8(der, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, 0, NULL, 0);
  CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_OK, "expandedKey");
  if (cce_pqkey_alg_is_kem(pc->alg)) {
    CHECK(eq(k2->pub, k2->pub_len, k->pub, k->pub_len), "%s: ek from dk", pc->name);
    memcpy(exp_bad, k->priv, pc->priv_len);
    exp_bad[pc->priv_len - 40] ^= 1;  // inside H(ek)
    in_len = pq_inner(inner, CCE_PQKEY_MAX_DER_BYTES, 0, NULL, 0, exp_bad, pc->priv_len, 0, NULL, 0);
    n = pq_p8(der, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, 0, NULL, 0);
    CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_ERR_KEY_INVALID, "ML-KEM dk failing the hash check");
    // An encapsulation key with a coefficient >= q fails the modulus check.
    memcpy(exp_bad, k->pub, pc->pub_len);
    exp_bad[0] = 0xff;
    exp_bad[1] |= 0x0f;
    cce_der_builder b;
    size_t oid_len;
    const uint8_t *oid = pq_oid(pc->alg, &oid_len);
    cce_der_builder_init(&b, der, CCE_PQKEY_MAX_DER_BYTES);
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add(&b, CCE_DER_OID, oid, oid_len);
    cce_der_end(&b);
    cce_der_add_bit_string(&b, exp_bad, pc->pub_len);
    cce_der_end(&b);
    CHECK(cce_der_builder_finish(&b, &n) == CCE_OK, "builder");
    CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_ERR_KEY_INVALID, "ML-KEM ek failing the modulus check");
  } else {
    CHECK(k2->pub_len == 0 && k2->seed_len == 0 && eq(k2->priv, k2->priv_len, k->priv, k->priv_len),
          "%s: expanded sk alone: no public key", pc->name);
    CHECK_ST(cce_pqkey_public_to_der(der2, CCE_PQKEY_MAX_DER_BYTES, &n2, k2), CCE_ERR_INVALID_ARG,
             "SPKI of an unknown public key");
    CHECK_ST(cce_pqkey_private_to_der(der2, CCE_PQKEY_MAX_DER_BYTES, &n2, k2, CCE_PQKEY_FORM_SEED),
             CCE_ERR_INVALID_ARG, "seed form without a seed");
    n = pq_p8(der, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, 0, k->pub, pc->pub_len);
    CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_OK, "expanded sk + v2 publicKey");
    CHECK(eq(k2->pub, k2->pub_len, k->pub, k->pub_len), "%s: v2 publicKey kept", pc->name);
    memcpy(exp_bad, k->pub, pc->pub_len);
    exp_bad[100] ^= 1;
    n = pq_p8(der, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, 0, exp_bad, pc->pub_len);
    CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_ERR_KEY_INVALID, "v2 publicKey of another key");
  }
  // Seed form with a v2 publicKey: must match.
  in_len = pq_inner(inner, CCE_PQKEY_MAX_DER_BYTES, CCE_DER_CONTEXT(0), seed, pc->seed_len, NULL, 0, 0, NULL, 0);
  n = pq_p8(der, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, 0, k->pub, pc->pub_len);
  CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_OK, "seed + matching v2 publicKey");
  memcpy(exp_bad, k->pub, pc->pub_len);
  exp_bad[pc->pub_len - 1] ^= 1;
  n = pq_p8(der, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, 0, exp_bad, pc->pub_len - 1);
  CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_ERR_DECODE, "v2 publicKey of the wrong length");
  n = pq_p8(der, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, 0, exp_bad, pc->pub_len);
  CHECK_ST(cce_pqkey_parse_der(k2, der, n, &why), CCE_ERR_KEY_INVALID, "seed + mismatched v2 publicKey");
  // Every truncation of the seed-form PKCS#8, and a trailing byte.
  n = pq_p8(der, CCE_PQKEY_MAX_DER_BYTES, pc->alg, inner, in_len, 0, NULL, 0);
  all = 1;
  for (size_t t = 0; t < n; t++)
    if (cce_pqkey_parse_der(k2, der, t, &why) != CCE_ERR_DECODE) all = 0;
  CHECK(all, "%s: truncated PKCS#8 refused", pc->name);
  der[n] = 0;
  CHECK_ST(cce_pqkey_parse_der(k2, der, n + 1, &why), CCE_ERR_DECODE, "trailing byte");
}

static void test_pq_keys(void) {
  cce_pqkey *k = malloc(sizeof *k), *k2 = malloc(sizeof *k2);
  uint8_t *der = malloc(CCE_PQKEY_MAX_DER_BYTES + 1), *der2 = malloc(CCE_PQKEY_MAX_DER_BYTES);
  uint8_t *inner = malloc(CCE_PQKEY_MAX_DER_BYTES);
  char *pem = malloc(CCE_PQKEY_MAX_PEM_BYTES);
  const char *why = NULL;
  size_t n, n2;
  if (!k || !k2 || !der || !der2 || !inner || !pem) exit(2);

  // RFC 9881 example: parses, expands, writes back identically.
  cce_status st = cce_pqkey_parse(k, (const uint8_t *)rfc9881_mldsa44_seed_pem, strlen(rfc9881_mldsa44_seed_pem), &why);
  CHECK(st == CCE_OK, "RFC 9881 ML-DSA-44 seed key: %s (%s)", cce_status_str(st), why);
  int seq = 1;
  for (int i = 0; i < 32; i++) seq &= k->seed[i] == i;
  CHECK(k->alg == CCE_PQKEY_MLDSA44 && k->seed_len == 32 && seq && k->pub_len == 1312, "RFC 9881 key contents");
  CHECK(cce_pqkey_private_to_pem(pem, CCE_PQKEY_MAX_PEM_BYTES, &n, k, CCE_PQKEY_FORM_SEED) == CCE_OK &&
            strcmp(pem, rfc9881_mldsa44_seed_pem) == 0,
        "RFC 9881 seed key written back identically");
  CHECK(cce_pqkey_public_to_der(der, CCE_PQKEY_MAX_DER_BYTES, &n, k) == CCE_OK, "RFC 9881 public key");
  n2 = unhex(der2, CCE_PQKEY_MAX_DER_BYTES, rfc9881_mldsa44_pub_prefix_hex);
  CHECK(n > n2 && memcmp(der, der2, n2) == 0, "RFC 9881 public key: first bytes as in the RFC");

  // RFC 9935 example: ML-KEM-512 from seed 00..3f gives the RFC's public key.
  {
    uint8_t sd[64];
    for (int i = 0; i < 64; i++) sd[i] = (uint8_t)i;
    CHECK(cce_pqkey_from_seed(k, CCE_PQKEY_MLKEM512, sd, 64) == CCE_OK &&
              cce_pqkey_public_to_der(der, CCE_PQKEY_MAX_DER_BYTES, &n, k) == CCE_OK,
          "RFC 9935 ML-KEM-512 key");
    n2 = unhex(der2, CCE_PQKEY_MAX_DER_BYTES, rfc9935_mlkem512_pub_prefix_hex);
    CHECK(n == 822 && memcmp(der, der2, n2) == 0, "RFC 9935 ML-KEM-512 public key: first bytes as in the RFC");
  }
  for (size_t i = 0; i < sizeof pq_cases / sizeof pq_cases[0]; i++)
    test_pq_case(&pq_cases[i], k, k2, der, der2, inner, pem);

  // Generation, argument checks.
  CHECK_ST(cce_pqkey_generate(k, CCE_PQKEY_MLDSA44), CCE_OK, "generate ML-DSA-44");
  CHECK(k->seed_len == 32 && k->pub_len == 1312, "generated key complete");
  CHECK_ST(cce_pqkey_from_seed(k2, CCE_PQKEY_MLDSA44, k->seed, 32), CCE_OK, "re-expand");
  CHECK(memcmp(k->pub, k2->pub, 1312) == 0 && memcmp(k->priv, k2->priv, 2560) == 0, "generate = from_seed(seed)");
  CHECK_ST(cce_pqkey_generate(k, CCE_PQKEY_NONE), CCE_ERR_INVALID_ARG, "generate none");
  CHECK_ST(cce_pqkey_generate(NULL, CCE_PQKEY_MLKEM512), CCE_ERR_NULL_POINTER, "generate NULL");
  CHECK_ST(cce_pqkey_from_seed(k, CCE_PQKEY_MLKEM512, der, 32), CCE_ERR_INVALID_LENGTH, "ML-KEM seed of 32 bytes");
  CHECK_ST(cce_pqkey_from_seed(k, (cce_pqkey_alg)99, der, 32), CCE_ERR_INVALID_ARG, "unknown algorithm");
  CHECK_ST(cce_pqkey_from_seed(k, CCE_PQKEY_MLDSA44, NULL, 32), CCE_ERR_NULL_POINTER, "NULL seed");
  CHECK_ST(cce_pqkey_sizes(CCE_PQKEY_NONE, NULL, NULL, NULL), CCE_ERR_INVALID_ARG, "sizes of none");
  CHECK(strcmp(cce_pqkey_alg_name(CCE_PQKEY_NONE), "none") == 0 && !cce_pqkey_alg_is_kem(CCE_PQKEY_NONE) &&
            !cce_pqkey_alg_is_dsa(CCE_PQKEY_NONE),
        "none");
  CHECK_ST(cce_pqkey_parse_der(NULL, der, 1, &why), CCE_ERR_NULL_POINTER, "parse NULL key");
  CHECK_ST(cce_pqkey_parse(k, NULL, 5, &why), CCE_ERR_NULL_POINTER, "parse NULL input");
  CHECK_ST(cce_pqkey_private_to_der(NULL, 10, &n, k2, 0), CCE_ERR_NULL_POINTER, "write NULL");
  CHECK_ST(cce_pqkey_private_to_der(der, CCE_PQKEY_MAX_DER_BYTES, &n, k2, 7), CCE_ERR_INVALID_ARG, "unknown form");
  CHECK_ST(cce_pqkey_private_to_der(der, 30, &n, k2, CCE_PQKEY_FORM_BOTH), CCE_ERR_BUFFER_TOO_SMALL, "too small");
  CHECK(n == 0, "too small: length 0");
  CHECK_ST(cce_pqkey_private_to_pem(pem, 100, &n, k2, 0), CCE_ERR_BUFFER_TOO_SMALL, "PEM too small");
  // An EC key is not a PQ key.
  CHECK_ST(cce_pqkey_parse(k, (const uint8_t *)p256_pem, strlen(p256_pem), &why), CCE_ERR_UNSUPPORTED,
           "cce_pqkey_parse of an EC key");
  CHECK_ST(cce_pqkey_parse(k, (const uint8_t *)"hello", 5, &why), CCE_ERR_DECODE, "not a key");
  cce_pqkey_wipe(k);
  cce_pqkey_wipe(k2);
  cce_pqkey_wipe(NULL);
  free(k);
  free(k2);
  free(der);
  free(der2);
  free(inner);
  free(pem);
}

int main(void) {
  test_der_reader();
  test_der_writer();
  test_pem();
  test_keys();
  test_pq_keys();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}
