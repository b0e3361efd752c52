// Unit tests of the RSA family.
//
// Known answers: an RSA-3072 key and an RSA-1024 key with PKCS#1 v1.5
// signatures and an OAEP (SHA-256, label "label") ciphertext made by an
// independent implementation (OpenSSL 3 command line). Then key generation
// (2048 bits) with CRT consistency checks, round trips of PSS (SHA-2, SHA-3,
// SHAKE hashes; MGF1 and SHAKE masks; salt lengths), PKCS#1 v1.5 and OAEP
// (labels, maximal messages), tampering, every error path and the service
// indicator (1024-bit verify served but not approved, SHA-1 sign refused).
// The exponentiation back ends (portable, MULX/ADX, AVX-512 IFMA one and two
// moduli at a time) are compared with each other on random and extreme
// moduli of every supported limb count.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/module.h"
#include "cce/rsa.h"
#include "module/rsa/internal.h"

static int g_pass, g_fail;

#define CHECK(cond, ...)                          \
  do {                                            \
    if (cond) {                                   \
      g_pass++;                                   \
    } else {                                      \
      g_fail++;                                   \
      printf("FAIL %s:%d: ", __FILE__, __LINE__); \
      printf(__VA_ARGS__);                        \
      printf("\n");                               \
    }                                             \
  } while (0)

static size_t unhex(const char *s, uint8_t *out, size_t cap) {
  size_t n = strlen(s) / 2;
  if (n > cap) abort();
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    sscanf(s + 2 * i, "%2x", &v);
    out[i] = (uint8_t)v;
  }
  return n;
}

static const char *t3_modulus = "008be5b6c89e6e71a8e08d8a01a7f7c25a523849d936bad68d1f6e2ef689f9f4d4bef0319804477daa343500854453f0363c2131efac79a1eee72105c3ffcd5180e5fb4ba731246be0c489adea363e39ff8c3b18271163582bdca3a1f03533c9baeda8a2cec2f8f01bd3a27cad54c1bb9c6779b8efdcc7cffb55faac720f46f4cd47e2fc6c3910506587051a9fc38d0e8be05acb8bb97902c5cc97ef93c9428565fcff3eca267a799da8e47de7fbdf87d903553403ecf9fe0806b712e1c8333d45e714f85ae40ceb6e054df057bdc33a6996b4e23c2f171b376e73d59c263136b0fbd0030c1b196fc9be703735e35e8c97b84987035c685d4b08a765e1cd1d7f6e4dda220793dae20bdd66ab9843c42678a41c23a7c4e0d56c83d2367cc98539fd243b3f98f3dc61c7a0c81d5f86db417275fd7e95527b8dc077f9f6f6c318e8db8568cf2a1c70dafb951f81476acf2b7d25efd38e75eb3f50d651e477915aedba42e6b52b879383e6eda118037cd208902b5afaada508d5eb1cdc2f3757e1f3e9";
static const char *t3_privateExponent = "343344dedaef0f0e1aabf5a0e491f83d478ca5519db05dba4ece084c09f3f0bd2979eaa77481508c9fea5f055b178efc4db77d309744d37d9754a5181b6cfb4a83861f1685a9b76f2926ce74244557d2d8fa7beaa7fc4fbc1e1a18a4ced54222b3e746c8abcbc39c3e7dd4d3c05a81acbc9798c037bb7f09a36d63c73398206430bcabbf9e134e4c73f31d9a1b9798a3ecd5343a30bccca20dd36b9bd36f34e37761ae86339163abc6876bcb921a38506b83f162bd9c1283e02d93a817d1b6bcbf5151ed9b8bec2e2ddcff3e771141a56381e55ea28cf075ddc6877489d5aa9428645f4c9bf266a2f5463bdcb78e6edb504237ffdefea2946353d1a275c9f24fee71d8b6ed3dac69867720587e4fdf004ef159b5b98e85035ea3fccb6f1709864ab68433531bd3ed4782e97251e39154b09e8153d81adf4f7336b85eae2e35e576e60ce43eac7542537b7d185d742de3b47745d7298d75794b070eda891cf1a8390d1a59a62ccc70640ab0b54c7bb2968742382c463862f3c76b802cee891719";
static const char *t3_prime1 = "00c2c5bde2d0fd022f5765172873377bd9cc63f07f3e8a5e2aeb47a9bc4ac997aa92f0cb1c183e9ddf45ddbc442457569e5d0591a05e703d8bbc38c0113be5a002ec87cb67714e60055447db7371baaf62691d9aba68286f2cf99977070445451019f5fa11e06333a4d63dcea61992c52d3353fa7e9f08744c66c241e8a72153b3cd556479b640c083fefe137732f3427e169907a4de69936f1e47840d7bd25e0aebbf2488ef302ddc92816048638fec58bc6a82ea72ee32da8de6c8a251bd967b";
static const char *t3_prime2 = "00b7dfe9aeef83fd7d784186ed8622e2108580bc22114777a7822f31c47fdd68f2273505cdae9259989b70f2a1fb35f59d93a78893232b6206215cb1c4588ec8439cc3ce664926a17b5085255cccc1c87d3355b5f912e4978e7f7cd2246377c4e1c5fc56679d554dc80e0f9ae6f39372f3656d2ce19c28ecbfbaa3e4fc9ef0fc9156d92688fff1a095448a3c217851b5c8f44c7e0015b5bb4dfaf3ceb757ce2b6cd0b930a13ff1beb6dfc00c26691f9d85d2f8432f0f7785fb2819f0c379f223eb";
static const char *t3_exponent1 = "00c235f2756bf61c6ba03548b628ccb64e2223b4f6ec21846c3f56a1c502bda8e188cb597b962139c21c24514991031577ab419647d6630cbb7cdf098525b87da8ecb92af4e66244148c496a64de8e4bbb511d17dfaf644217127b17d883459eebc3372637150b55bf9370e5d171c68b9dda846e4e3bbd6e59904d3af3055391e6c363d660167ed277cb970549e21ff5b94c4722fc1e5a1f8cb9208e67f3837c0a5fafa47a76261054d430f514b952155515eb0ec73ffa8bf2a973e9b310d67e69";
static const char *t3_exponent2 = "35df1b770e638c6433547774a5c51898a0949c0a1b27e62da49db12612144b880ee6a101a6f0e7e127418b44dbf5ee3531aa77002ce0ac0281c9c7a7700ebd2bda052036a59df4d7cd3a853cd01cc261b4259b801301f8495e9eb26ec8d9b14c38967ab636c9645585911ae02962fcddc4cc9cc6a8daf0aa27c396f65096e858a8aa4c78fd0bccf18eb8356fd4f193a201b95b7d28df2ab6691cff66860a387cd4163de2307ae2566fedb361999112b4bf9fcf073dafd60844b27cf0b88cb1eb";
static const char *t3_coefficient = "6edab992a62345b24a23492d3f3fc89afc44f15be308fe9d3816586fb2cb42bce5deaf9c08d1c2f55e7472f1684853b7db8ab51025c17f6f5348376bdf06c95901d259ba7e4bdffe21a8c07adbc79721dfa32f55e0c5049556fd162cdc6da9e760a0dc47a5aeec101bd298321433e24374e441ee8129845d61aead0ccb895dc5aecb407c2d39d0b8339490cb0ad40898c7bce610421f41dd653d11426bc08b0d83ccfed820bc04790b9246bda5e9eb86f5e8e837266c36cfe1365319685f59bc";
static const char *t1_modulus = "00c08b7f81eba4880e068b54bcfc6f7d415cab64af4ccd91b67cc984598003061b3a99b71d075b7a6fa3dce44a80abed0ab6ed788c11acebd5bdaca92c1846fdee6862a374988bf878c2b5b32d89dd35cee29e738d3a413a09a85382b7ff71010a0c251f9f1527a01a6bba598da40cce7aff260f5eb98e642be30aab491c802a3f";
static const char *t1_privateExponent = "22336525b5ae97002ec766f8deba0afca63247831fd84feea341c441858c83f428378fa01763775f07334055bf7f4a6ea1c992a506aab98550d8af80069bed94b18d396165623389ec135254f5e98a21f3f4c6e3dafa61b830ff80322d42672cbb97cc4dd12e5c25dd0ac146841b394a822b95f846715444505b3faeba784e89";
static const char *t1_prime1 = "00e4183f1339f6e2903015b0b0fe0328977d00c1ddf0524e2daea82f8d9ad2706a111ab36a54752f3340674ace9ad94573e832079905f764e496874fdf35e6aa85";
static const char *t1_prime2 = "00d819dbe39b54bdad4af8e3abab0bdc5cef1c74781d9da059cb193b991be1b1d42621c1f5576089d60e4ded39c2b9a10c4a9bcc6623f9484c19ebbfa6761776f3";
static const char *t1_exponent1 = "00d1b6f94754240a6b47caa98a12021570331e5f210fb49ceca3893f2f9309a911dc68104dd3196b2c542aa43d116272d8fec400f850e4057fa66702a8d7861d81";
static const char *t1_exponent2 = "235256b6a534fcabce8d4fe94753f0f8dfbc6eed132a288384c6e30eeb97c05144ca4fc1a23e8d49079d8520e3cb239fb6b2307ea172a5768ae615b547a81e31";
static const char *t1_coefficient = "726fe94ab8941b57d95f6f4be03819ce37bbde7bc452b01256b9b4bb7b4fc568bba890734fce95e26bd2a9d12a07b079f5e14fb6e9c9d5ba7647b83b9fbd1cc7";
static const char *t3_sig_pkcs1_sha384 = "8aec7a614a3adc898f7749c969c61da282690471a38a7ce6b03cfb54ada60ce07ecc1fbd55a8d246f6be96cbd0e263a4da8e92fa3aa49acda6e96d6b0a59f6be13a5c792395839d94a4cd778d7c87ebe0790b1853ddac3430bd28e1920a33f589ef762c4b4cb5852db876aa088d2f35ba68ba4fac1ec6f2737ea1b927a36f6a63bc286924e014cd078bf2aee54526962d37cdf47350d825a7162863f02f2b4fcf478ac04a39e46eff5a8aca57554d70fb618f7bf9637cfe06886f675fa804605b06998745b0c00ee177b4b36b5ea839ef28ac9b92591219cf1b2d5f3d2da9340ca60dba67fecaba643bd159a075501cad401978a197cead5f1c0228542067d43302080995f5496059a6c0c05789c2648eadbdb81626cb72d933d05bf1c8cb7f6283d6844d13df825598d31464ab8664883961ffee76a114059485aee41feece7d6ee8f20eb21d29ae466460c5a159286bf0f3ba9cd5e14e2daea037665894fc533e6205043ef44c6bca876d80beb9174870609d225b83bcbb1b8ea650a5d5d2b";
static const char *t1_sig_pkcs1_sha256 = "a3a5145e88016fb36421558e494949fbbb90b226e61494ef62fcd5d08d86f01c0681ed26917e779081a6e2f878712b59e777f322868f9bd7e178563ab21f27d9dcca8b63d69a3453a9bbf8e78b3ce91c352901548d585dbe052ace4303bc870f7cec42880c0b1179da17266d552039d846e0fc4c1adde89fe842ebec43488036";
static const char *t3_oaep_ct = "273455d35d5c7ab9f24d0860886953d37741468c2b65786ee73b1909066947ec7f8a59cce03cd864e1bb414b5cec22536adf8e45c12eca4a3f3a390f045d1e5fd446e44af27c1593b8768f65c4ef52fe3ffa071f7605d5fcd0b338f42e2a5b0f61383837dd3f4770177476d1ea089e303c2b381bb0906261c4e87a1b158bc458478ae9d18bed4abe357e13ce7a5e8902db871630631fba2ab2254d687f9367b384d7f7210c87d4886701d3ced264afff903501c93ed34492075417e9a2859b1526d27451fcf78903e49d48c34fc804c7d9dab3a9c3f0f66fa4b15b0b4a32f7233abf44fb70035dbf7cd10a8dd4845038cfae9006aeee18b540cbcd94847da1065dfc0685af41f4d75b71bad58c434b6173e60266db27625a50b7212c4c71690a03658cd6e33e3e8c3018f3c86d772a559cf7dd6510706df2ae5bab289cf902a2f6ac2e6d8ee0f21203792b2c228401a922c33b2be085ff0edb4b374fbe6369d95890381625e4ab8eb6747c8ae8023e841740edf7f4183986f148c88d200683c3";

static const uint8_t e65537[3] = {1, 0, 1};
static const uint8_t msg[9] = "hello RSA";

static int load_key(cce_rsa_private_key *k, const char *n, const char *d, const char *p, const char *q,
                    const char *dp, const char *dq, const char *qi, int crt) {
  static uint8_t b[7][600];
  size_t l[7];
  const char *s[7] = {n, d, p, q, dp, dq, qi};
  for (int i = 0; i < 7; i++) l[i] = unhex(s[i], b[i], sizeof b[i]);
  if (!crt)
    return cce_rsa_private_key_init(k, b[0], l[0], e65537, 3, b[1], l[1], NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL,
                                    0) == CCE_OK;
  return cce_rsa_private_key_init(k, b[0], l[0], e65537, 3, b[1], l[1], b[2], l[2], b[3], l[3], b[4], l[4], b[5],
                                  l[5], b[6], l[6]) == CCE_OK;
}

static cce_rsa_private_key k3, k3n, kg;

static void test_kat(void) {
  uint8_t sig[512], want[512], out[512];
  size_t sl = 0, wl;
  CHECK(load_key(&k3, t3_modulus, t3_privateExponent, t3_prime1, t3_prime2, t3_exponent1, t3_exponent2,
                 t3_coefficient, 1), "load 3072 CRT key");
  CHECK(load_key(&k3n, t3_modulus, t3_privateExponent, t3_prime1, t3_prime2, t3_exponent1, t3_exponent2,
                 t3_coefficient, 0), "load 3072 key without CRT");
  wl = unhex(t3_sig_pkcs1_sha384, want, sizeof want);
  CHECK(cce_rsa_pkcs1_sign(&k3, CCE_HASH_SHA384, msg, sizeof msg, sig, sizeof sig, &sl) == CCE_OK && sl == wl &&
            memcmp(sig, want, wl) == 0, "PKCS#1 v1.5 SHA-384 KAT (CRT)");
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "sign approved");
  memset(sig, 0, sizeof sig);
  CHECK(cce_rsa_pkcs1_sign(&k3n, CCE_HASH_SHA384, msg, sizeof msg, sig, sizeof sig, &sl) == CCE_OK && sl == wl &&
            memcmp(sig, want, wl) == 0, "PKCS#1 v1.5 SHA-384 KAT (no CRT)");
  cce_rsa_public_key pub;
  CHECK(cce_rsa_public_from_private(&pub, &k3) == CCE_OK, "public from private");
  CHECK(cce_rsa_public_bits(&pub) == 3072, "bits");
  CHECK(cce_rsa_pkcs1_verify(&pub, CCE_HASH_SHA384, msg, sizeof msg, want, wl) == CCE_OK, "verify KAT");
  CHECK(cce_rsa_pkcs1_verify(&pub, CCE_HASH_SHA256, msg, sizeof msg, want, wl) == CCE_ERR_SIGNATURE,
        "wrong hash rejected");
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "failed indicator");
  // OAEP KAT
  uint8_t ct[512];
  size_t cl = unhex(t3_oaep_ct, ct, sizeof ct), ol = 0;
  CHECK(cce_rsa_oaep_decrypt(&k3, CCE_HASH_SHA256, CCE_HASH_NONE, (const uint8_t *)"label", 5, ct, cl, out,
                             sizeof out, &ol) == CCE_OK && ol == sizeof msg && memcmp(out, msg, ol) == 0,
        "OAEP decrypt KAT");
  CHECK(cce_rsa_oaep_decrypt(&k3, CCE_HASH_SHA256, CCE_HASH_NONE, (const uint8_t *)"lab3l", 5, ct, cl, out,
                             sizeof out, &ol) == CCE_ERR_DECODE, "OAEP wrong label");
  ct[10] ^= 1;
  CHECK(cce_rsa_oaep_decrypt(&k3, CCE_HASH_SHA256, CCE_HASH_NONE, (const uint8_t *)"label", 5, ct, cl, out,
                             sizeof out, &ol) == CCE_ERR_DECODE, "OAEP modified ciphertext");
  CHECK(cce_rsa_oaep_decrypt(&k3, CCE_HASH_SHA256, CCE_HASH_NONE, (const uint8_t *)"label", 5, ct, cl, out, 10,
                             &ol) == CCE_ERR_BUFFER_TOO_SMALL, "OAEP small buffer");
  // 1024-bit: verify served, not approved; signing refused.
  cce_rsa_private_key k1;
  CHECK(load_key(&k1, t1_modulus, t1_privateExponent, t1_prime1, t1_prime2, t1_exponent1, t1_exponent2,
                 t1_coefficient, 1), "load 1024 key");
  cce_rsa_public_key p1;
  CHECK(cce_rsa_public_from_private(&p1, &k1) == CCE_OK, "p1");
  wl = unhex(t1_sig_pkcs1_sha256, want, sizeof want);
  CHECK(cce_rsa_pkcs1_verify(&p1, CCE_HASH_SHA256, msg, sizeof msg, want, wl) == CCE_OK, "1024 verify");
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "1024 verify not approved");
  CHECK(cce_rsa_pkcs1_sign(&k1, CCE_HASH_SHA256, msg, sizeof msg, sig, sizeof sig, &sl) == CCE_ERR_INVALID_LENGTH,
        "1024 sign refused");
  cce_rsa_private_key_wipe(&k1);
}

static void roundtrips(const cce_rsa_private_key *k, const char *what) {
  cce_rsa_public_key pub;
  uint8_t sig[512], ct[512], out[512], big[512];
  size_t sl, cl, ol;
  CHECK(cce_rsa_public_from_private(&pub, k) == CCE_OK, "%s pub", what);
  size_t kb = (cce_rsa_public_bits(&pub) + 7) / 8;
  static const cce_hash_alg hs[] = {CCE_HASH_SHA224, CCE_HASH_SHA256, CCE_HASH_SHA384, CCE_HASH_SHA512,
                                    CCE_HASH_SHA512_224, CCE_HASH_SHA512_256, CCE_HASH_SHA3_224,
                                    CCE_HASH_SHA3_256, CCE_HASH_SHA3_384, CCE_HASH_SHA3_512};
  for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) {
    CHECK(cce_rsa_pkcs1_sign(k, hs[i], msg, sizeof msg, sig, sizeof sig, &sl) == CCE_OK && sl == kb,
          "%s pkcs1 sign %d", what, hs[i]);
    CHECK(cce_rsa_pkcs1_verify(&pub, hs[i], msg, sizeof msg, sig, sl) == CCE_OK, "%s pkcs1 verify %d", what, hs[i]);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "approved");
    sig[sl / 2] ^= 0x40;
    CHECK(cce_rsa_pkcs1_verify(&pub, hs[i], msg, sizeof msg, sig, sl) == CCE_ERR_SIGNATURE, "tamper");
    CHECK(cce_rsa_pss_sign(k, hs[i], CCE_RSA_MGF1, CCE_HASH_NONE, 20, msg, sizeof msg, sig, sizeof sig, &sl) ==
              CCE_OK, "%s pss sign %d", what, hs[i]);
    CHECK(cce_rsa_pss_verify(&pub, hs[i], CCE_RSA_MGF1, CCE_HASH_NONE, 20, msg, sizeof msg, sig, sl) == CCE_OK,
          "%s pss verify %d", what, hs[i]);
    CHECK(cce_rsa_pss_verify(&pub, hs[i], CCE_RSA_MGF1, CCE_HASH_NONE, CCE_RSA_PSS_SALT_ANY, msg, sizeof msg, sig,
                             sl) == CCE_OK, "pss any salt");
    CHECK(cce_rsa_pss_verify(&pub, hs[i], CCE_RSA_MGF1, CCE_HASH_NONE, 21, msg, sizeof msg, sig, sl) ==
              CCE_ERR_SIGNATURE, "pss wrong salt len");
    CHECK(cce_rsa_pss_verify(&pub, hs[i], CCE_RSA_MGF1, CCE_HASH_NONE, 20, msg, sizeof msg - 1, sig, sl) ==
              CCE_ERR_SIGNATURE, "pss wrong msg");
  }
  // SHAKE hashes and masks (FIPS 186-5), salt 0 and maximal.
  static const cce_rsa_mask ms[] = {CCE_RSA_MGF1, CCE_RSA_MASK_SHAKE128, CCE_RSA_MASK_SHAKE256};
  static const cce_hash_alg sh[] = {CCE_HASH_SHAKE128, CCE_HASH_SHAKE256, CCE_HASH_SHA256};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      size_t salt = (size_t)(i * 3 + j) * 4;
      CHECK(cce_rsa_pss_sign(k, sh[i], ms[j], CCE_HASH_NONE, salt, msg, sizeof msg, sig, sizeof sig, &sl) == CCE_OK &&
                cce_rsa_pss_verify(&pub, sh[i], ms[j], CCE_HASH_NONE, salt, msg, sizeof msg, sig, sl) == CCE_OK,
            "%s pss shake %d %d", what, i, j);
      CHECK(cce_rsa_pss_verify(&pub, sh[i], ms[(j + 1) % 3], CCE_HASH_NONE, salt, msg, sizeof msg, sig, sl) ==
                CCE_ERR_SIGNATURE, "mask mismatch");
    }
  size_t maxsalt = kb - 32 - 2;
  if (cce_rsa_public_bits(&pub) % 8 == 1) maxsalt--;
  CHECK(cce_rsa_pss_sign(k, CCE_HASH_SHA256, CCE_RSA_MGF1, CCE_HASH_NONE, maxsalt, msg, sizeof msg, sig, sizeof sig,
                         &sl) == CCE_OK, "max salt");
  CHECK(cce_rsa_pss_sign(k, CCE_HASH_SHA256, CCE_RSA_MGF1, CCE_HASH_NONE, maxsalt + 1, msg, sizeof msg, sig,
                         sizeof sig, &sl) == CCE_ERR_INVALID_LENGTH, "salt too long");
  // OAEP round trips: empty, label, maximal; SHA-1 MGF served, not approved.
  for (size_t ml = 0; ml <= kb - 2 * 32 - 2; ml += (kb - 66) / 3) {
    for (size_t i = 0; i < ml; i++) big[i] = (uint8_t)(i * 7 + 1);
    CHECK(cce_rsa_oaep_encrypt(&pub, CCE_HASH_SHA256, CCE_HASH_NONE, msg, 3, big, ml, ct, sizeof ct, &cl) ==
              CCE_OK && cl == kb, "%s oaep enc %zu", what, ml);
    CHECK(cce_rsa_oaep_decrypt(k, CCE_HASH_SHA256, CCE_HASH_NONE, msg, 3, ct, cl, out, sizeof out, &ol) ==
              CCE_OK && ol == ml && memcmp(out, big, ml) == 0, "%s oaep dec %zu", what, ml);
  }
  CHECK(cce_rsa_oaep_encrypt(&pub, CCE_HASH_SHA256, CCE_HASH_NONE, NULL, 0, big, kb - 65, ct, sizeof ct, &cl) ==
            CCE_ERR_INVALID_LENGTH, "oaep too long");
  CHECK(cce_rsa_oaep_encrypt(&pub, CCE_HASH_SHA512, CCE_HASH_SHA1, NULL, 0, msg, 9, ct, sizeof ct, &cl) == CCE_OK,
        "oaep mgf1-sha1");
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "mgf1-sha1 not approved");
  CHECK(cce_rsa_oaep_decrypt(k, CCE_HASH_SHA512, CCE_HASH_SHA1, NULL, 0, ct, cl, out, sizeof out, &ol) == CCE_OK &&
            ol == 9, "oaep mgf1-sha1 dec");
  CHECK(cce_rsa_oaep_decrypt(k, CCE_HASH_SHA512, CCE_HASH_SHA512, NULL, 0, ct, cl, out, sizeof out, &ol) ==
            CCE_ERR_DECODE, "oaep wrong mgf");
}

static void test_errors(void) {
  uint8_t sig[512], dg[32] = {0};
  size_t sl;
  cce_rsa_public_key pub;
  CHECK(cce_rsa_public_from_private(&pub, &k3) == CCE_OK, "pub");
  CHECK(cce_rsa_pkcs1_sign(&k3, CCE_HASH_SHA1, msg, sizeof msg, sig, sizeof sig, &sl) == CCE_ERR_UNSUPPORTED,
        "sha1 sign refused");
  CHECK(cce_rsa_pkcs1_sign(NULL, CCE_HASH_SHA256, msg, sizeof msg, sig, sizeof sig, &sl) == CCE_ERR_NULL_POINTER,
        "null key");
  CHECK(cce_rsa_pkcs1_sign(&k3, CCE_HASH_SHA256, msg, sizeof msg, sig, 100, &sl) == CCE_ERR_BUFFER_TOO_SMALL,
        "small sig buffer");
  CHECK(cce_rsa_pkcs1_sign_digest(&k3, CCE_HASH_SHA256, dg, 31, sig, sizeof sig, &sl) == CCE_ERR_INVALID_LENGTH,
        "digest length");
  CHECK(cce_rsa_pkcs1_sign_digest(&k3, CCE_HASH_SHA256, dg, 32, sig, sizeof sig, &sl) == CCE_OK &&
            cce_rsa_pkcs1_verify_digest(&pub, CCE_HASH_SHA256, dg, 32, sig, sl) == CCE_OK, "digest forms");
  CHECK(cce_rsa_pss_sign_digest(&k3, CCE_HASH_SHA256, CCE_RSA_MGF1, CCE_HASH_NONE, 32, dg, 32, sig, sizeof sig,
                                &sl) == CCE_OK &&
            cce_rsa_pss_verify_digest(&pub, CCE_HASH_SHA256, CCE_RSA_MGF1, CCE_HASH_NONE, 32, dg, 32, sig, sl) ==
                CCE_OK, "pss digest forms");
  CHECK(cce_rsa_pkcs1_verify(&pub, CCE_HASH_SHA256, msg, sizeof msg, sig, sl - 1) == CCE_ERR_SIGNATURE,
        "short signature");
  memset(sig, 0xff, sl);  // >= n
  CHECK(cce_rsa_pkcs1_verify(&pub, CCE_HASH_SHA256, msg, sizeof msg, sig, sl) == CCE_ERR_SIGNATURE, "sig >= n");
  uint8_t n[4] = {0x80, 0, 0, 1};
  CHECK(cce_rsa_public_key_init(&pub, n, 4, e65537, 3) == CCE_ERR_INVALID_LENGTH, "tiny modulus");
  uint8_t bign[384];
  memset(bign, 0xab, sizeof bign);
  bign[383] = 0xaa;
  CHECK(cce_rsa_public_key_init(&pub, bign, sizeof bign, e65537, 3) == CCE_ERR_KEY_INVALID, "even modulus");
  uint8_t e2[1] = {2};
  bign[383] = 0xab;
  CHECK(cce_rsa_public_key_init(&pub, bign, sizeof bign, e2, 1) == CCE_ERR_KEY_INVALID, "even e");
  cce_rsa_public_key zero;
  memset(&zero, 0, sizeof zero);
  CHECK(cce_rsa_pkcs1_verify(&zero, CCE_HASH_SHA256, msg, sizeof msg, sig, sl) == CCE_ERR_CTX_STATE, "uninit key");
  CHECK(cce_rsa_generate_key(&kg, 1024, NULL, 0) == CCE_ERR_INVALID_LENGTH, "keygen 1024 refused");
  uint8_t e3[1] = {3};
  CHECK(cce_rsa_generate_key(&kg, 2048, e3, 1) == CCE_ERR_INVALID_ARG, "keygen e=3 refused");
  // Export round trip.
  uint8_t buf[8][512];
  size_t l[8];
  for (int i = 0; i < 8; i++)
    CHECK(cce_rsa_private_export(&k3, (cce_rsa_component)i, buf[i], sizeof buf[i], &l[i]) == CCE_OK, "export %d", i);
  cce_rsa_private_key k2;
  CHECK(cce_rsa_private_key_init(&k2, buf[0], l[0], buf[1], l[1], buf[2], l[2], buf[3], l[3], buf[4], l[4], buf[5],
                                 l[5], buf[6], l[6], buf[7], l[7]) == CCE_OK, "reimport");
  CHECK(memcmp(&k2, &k3, sizeof k2) == 0, "reimport identical");
  // p*q != n
  buf[3][l[3] - 1] ^= 2;
  CHECK(cce_rsa_private_key_init(&k2, buf[0], l[0], buf[1], l[1], buf[2], l[2], buf[3], l[3], buf[4], l[4], buf[5],
                                 l[5], buf[6], l[6], buf[7], l[7]) == CCE_ERR_KEY_INVALID, "p*q != n");
  cce_rsa_private_key_wipe(&k2);
  uint8_t zeros[sizeof k2];
  memset(zeros, 0, sizeof zeros);
  CHECK(memcmp(&k2, zeros, sizeof k2) == 0, "wipe");
}

static void test_keygen(void) {
  CHECK(cce_rsa_generate_key(&kg, 2048, NULL, 0) == CCE_OK, "keygen 2048");
  CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "keygen approved");
  uint8_t n[512], p[512], q[512], e[8];
  size_t nl, pl, ql, el;
  CHECK(cce_rsa_private_export(&kg, CCE_RSA_N, n, sizeof n, &nl) == CCE_OK && nl == 256 && (n[0] & 0x80),
        "n is 2048 bits");
  CHECK(cce_rsa_private_export(&kg, CCE_RSA_P, p, sizeof p, &pl) == CCE_OK && pl == 128 && p[0] >= 0xb5, "p size");
  CHECK(cce_rsa_private_export(&kg, CCE_RSA_Q, q, sizeof q, &ql) == CCE_OK && ql == 128 && q[0] >= 0xb5, "q size");
  CHECK(cce_rsa_private_export(&kg, CCE_RSA_E, e, sizeof e, &el) == CCE_OK && el == 3 && e[0] == 1 && e[2] == 1,
        "e = 65537");
  CHECK(memcmp(p, q, 128) != 0, "p != q");
  roundtrips(&kg, "keygen-2048");
  uint8_t e5[5] = {0x01, 0x00, 0x00, 0x00, 0x0f};
  cce_rsa_private_key k5;
  CHECK(cce_rsa_generate_key(&k5, 2048, e5, 5) == CCE_OK, "keygen with 33-bit e");
  uint8_t sig[256];
  size_t sl;
  cce_rsa_public_key pub;
  CHECK(cce_rsa_pkcs1_sign(&k5, CCE_HASH_SHA256, msg, 9, sig, sizeof sig, &sl) == CCE_OK &&
            cce_rsa_public_from_private(&pub, &k5) == CCE_OK &&
            cce_rsa_pkcs1_verify(&pub, CCE_HASH_SHA256, msg, 9, sig, sl) == CCE_OK, "big-e key works");
  cce_rsa_private_key_wipe(&k5);
}

// ---------------------------------------------------------------------------
// Exponentiation back ends against each other.

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd64(void) {  // xorshift64*
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dull;
}

// kind 0: random with the top bit set; 1: all ones; 2: 2^(64nl-1) + small.
static void make_modulus(uint64_t *m, size_t nl, int kind) {
  for (size_t i = 0; i < nl; i++) m[i] = kind == 1 ? ~0ull : kind == 2 ? 0 : rnd64();
  if (kind == 2) m[0] = rnd64() & 0xffff;
  m[nl - 1] |= 1ull << 63;
  m[0] |= 1;
}

// r < m: random, or 0, 1, m-1 (which = 1, 2, 3)
static void make_below(uint64_t *r, const uint64_t *m, size_t nl, int which) {
  memset(r, 0, nl * 8);
  if (which == 1) return;
  if (which == 2) { r[0] = 1; return; }
  if (which == 3) { memcpy(r, m, nl * 8); r[0] -= 1; return; }
  for (size_t i = 0; i < nl; i++) r[i] = rnd64();
  r[nl - 1] &= m[nl - 1] >> 1;
}

static void test_exp_paths(void) {
  static const size_t sizes[] = {16, 24, 32, 48, 64};
  const uint32_t caps = cce_cpu_caps;
  int fast = 0;
  for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
    size_t nl = sizes[si];
    for (int kind = 0; kind < 3; kind++) {
      static cce_rsa_mont M, M2;
      uint64_t m[CCE_RSA_MAX_LIMBS], m2[CCE_RSA_MAX_LIMBS], a[CCE_RSA_MAX_LIMBS], a2[CCE_RSA_MAX_LIMBS];
      uint64_t e[CCE_RSA_MAX_LIMBS + 2], e2[CCE_RSA_MAX_LIMBS + 2];
      uint64_t r0[CCE_RSA_MAX_LIMBS], r1[CCE_RSA_MAX_LIMBS], s0[CCE_RSA_MAX_LIMBS], s1[CCE_RSA_MAX_LIMBS];
      make_modulus(m, nl, kind);
      make_modulus(m2, nl, (kind + 1) % 3);
      CHECK(cce_mont_init(&M, m, nl) == CCE_OK && cce_mont_init(&M2, m2, nl) == CCE_OK, "mont init %zu", nl);
      for (int which = 0; which < 4; which++) {
        make_below(a, m, nl, which);
        make_below(a2, m2, nl, (which + 1) % 4);
        size_t ebits = nl <= 32 ? 64 * (nl + 1) : 67 + 61 * (size_t)which;  // public: shorter
        for (size_t i = 0; i < CCE_RSA_MAX_LIMBS + 2; i++) { e[i] = rnd64(); e2[i] = rnd64(); }
        if (which == 1) memset(e, 0, sizeof e);  // a^0
        // reference: the portable code
        cce_cpu_caps = 0;
        cce_mont_exp_ct(&M, r0, a, e, ebits);
        cce_mont_exp_ct(&M2, s0, a2, e2, ebits);
        cce_mont_exp_vartime(&M, r1, a, e, ebits);
        CHECK(memcmp(r0, r1, nl * 8) == 0, "portable ct == vartime, %zu limbs kind %d case %d", nl, kind, which);
        cce_cpu_caps = caps & ~(uint32_t)CCE_CPU_AVX512IFMA;  // MULX/ADX when present
        cce_mont_exp_ct(&M, r1, a, e, ebits);
        CHECK(memcmp(r0, r1, nl * 8) == 0, "scalar ct, %zu limbs kind %d case %d", nl, kind, which);
        cce_mont_exp_vartime(&M, r1, a, e, ebits);
        CHECK(memcmp(r0, r1, nl * 8) == 0, "scalar vartime, %zu limbs kind %d case %d", nl, kind, which);
        cce_cpu_caps = caps;
        if (!cce_mont_ifma_ok(&M)) continue;
        fast++;
        cce_mont_exp_ct(&M, r1, a, e, ebits);
        CHECK(memcmp(r0, r1, nl * 8) == 0, "IFMA ct, %zu limbs kind %d case %d", nl, kind, which);
        cce_mont_exp_vartime(&M, r1, a, e, ebits);
        CHECK(memcmp(r0, r1, nl * 8) == 0, "IFMA vartime, %zu limbs kind %d case %d", nl, kind, which);
        if (!cce_mont_exp2_ifma_ok(&M, &M2)) continue;
        cce_mont_exp2_ct_ifma(&M, r1, a, e, &M2, s1, a2, e2, ebits);
        cce_mont_from(&M, r0, r0);  // exp2 answers in normal form
        cce_mont_from(&M2, s0, s0);
        CHECK(memcmp(r0, r1, nl * 8) == 0 && memcmp(s0, s1, nl * 8) == 0, "IFMA x2, %zu limbs kind %d case %d", nl,
              kind, which);
      }
    }
  }
  cce_cpu_caps = caps;
  printf("exponentiation back ends: %d cases on the IFMA path%s\n", fast,
         fast ? "" : " (no AVX-512 IFMA here or CCE_CPU override: portable/ADX only)");
}

int main(void) {
  CHECK(cce_module_selftest() == CCE_OK, "module self-test");
  int seen = 0;
  for (size_t i = 0; i < cce_selftest_count(); i++) {
    cce_selftest_info info;
    if (cce_selftest_get(i, &info) == CCE_OK && strcmp(info.algorithm, "RSA") == 0) {
      seen++;
      CHECK(info.result == CCE_SELFTEST_PASSED, "%s", info.name);
    }
  }
  CHECK(seen == 2, "two RSA self-tests registered");
  test_kat();
  roundtrips(&k3, "kat-3072");
  test_errors();
  test_keygen();
  test_exp_paths();
  cce_rsa_private_key_wipe(&k3);
  cce_rsa_private_key_wipe(&k3n);
  cce_rsa_private_key_wipe(&kg);
  printf("%d passed, %d failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
