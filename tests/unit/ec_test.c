// Unit tests of the EC family (P-256, P-384, P-521): ECDSA and ECDH.
//
// Known answers: RFC 6979 A.2.5 / A.2.6 / A.2.7 deterministic signatures
// (keys of the RFC, messages "sample" and "test", SHA-224..SHA-512), point
// multiplications k*G and ECDH shared secrets computed with an independent
// implementation (Python cryptography / OpenSSL). Then round trips per curve
// and hash, the rejection paths (r or s = 0 or >= n, off-curve, infinity,
// hybrid and truncated keys, wrong lengths, invalid scalars), ECDH
// agreement, public-key validation and decompression, the DER signature
// codec's strictness, error codes and the service indicator.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/ec.h"
#include "cce/ecdsa_sig.h"
#include "cce/module.h"

static int g_pass, g_fail;

#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (cond) {                                            \
      g_pass++;                                            \
    } else {                                               \
      g_fail++;                                            \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);          \
      printf(__VA_ARGS__);                                 \
      printf("\n");                                        \
    }                                                      \
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

typedef struct {
  cce_ec_curve_id curve;
  cce_hash_alg hash;
  const char *msg, *d, *q, *sig;
} kat_sig;

typedef struct {
  cce_ec_curve_id curve;
  const char *k, *q;
} kat_mul;

typedef struct {
  cce_ec_curve_id curve;
  const char *d, *peer, *z;
} kat_dh;

// Generated with Python cryptography (OpenSSL); RFC 6979 A.2.5-A.2.7 keys.
static const kat_sig k_det[] = {
    {CCE_EC_P256, CCE_HASH_SHA224, "sample", "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", "53b2fff5d1752b2c689df257c04c40a587fababb3f6fc2702f1343af7ca9aa3fb9afb64fdc03dc1a131c7d2386d11e349f070aa432a4acc918bea988bf75c74c"},
    {CCE_EC_P256, CCE_HASH_SHA256, "sample", "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"},
    {CCE_EC_P256, CCE_HASH_SHA384, "sample", "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", "0eafea039b20e9b42309fb1d89e213057cbf973dc0cfc8f129edddc800ef77194861f0491e6998b9455193e34e7b0d284ddd7149a74b95b9261f13abde940954"},
    {CCE_EC_P256, CCE_HASH_SHA512, "sample", "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", "8496a60b5e9b47c825488827e0495b0e3fa109ec4568fd3f8d1097678eb97f002362ab1adbe2b8adf9cb9edab740ea6049c028114f2460f96554f61fae3302fe"},
    {CCE_EC_P256, CCE_HASH_SHA224, "test", "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", "c37edb6f0ae79d47c3c27e962fa269bb4f441770357e114ee511f662ec34a692c820053a05791e521fcaad6042d40aea1d6b1a540138558f47d0719800e18f2d"},
    {CCE_EC_P256, CCE_HASH_SHA256, "test", "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"},
    {CCE_EC_P256, CCE_HASH_SHA384, "test", "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", "83910e8b48bb0c74244ebdf7f07a1c5413d61472bd941ef3920e623fbccebeb68ddbec54cf8cd5874883841d712142a56a8d0f218f5003cb0296b6b509619f2c"},
    {CCE_EC_P256, CCE_HASH_SHA512, "test", "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", "461d93f31b6540894788fd206c07cfa0cc35f46fa3c91816fff1040ad1581a0439af9f15de0db8d97e72719c74820d304ce5226e32dedae67519e840d1194e55"},
    {CCE_EC_P384, CCE_HASH_SHA224, "sample", "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5", "04ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720", "42356e76b55a6d9b4631c865445dbe54e056d3b3431766d0509244793c3f9366450f76ee3de43f5a125333a6be0601229da0c81787064021e78df658f2fbb0b042bf304665db721f077a4298b095e4834c082c03d83028efbf93a3c23940ca8d"},
    {CCE_EC_P384, CCE_HASH_SHA256, "sample", "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5", "04ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720", "21b13d1e013c7fa1392d03c5f99af8b30c570c6f98d4ea8e354b63a21d3daa33bde1e888e63355d92fa2b3c36d8fb2cdf3aa443fb107745bf4bd77cb3891674632068a10ca67e3d45db2266fa7d1feebefdc63eccd1ac42ec0cb8668a4fa0ab0"},
    {CCE_EC_P384, CCE_HASH_SHA384, "sample", "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5", "04ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720", "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe4699ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8"},
    {CCE_EC_P384, CCE_HASH_SHA512, "sample", "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5", "04ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720", "ed0959d5880ab2d869ae7f6c2915c6d60f96507f9cb3e047c0046861da4a799cfe30f35cc900056d7c99cd7882433709512c8cceee3890a84058ce1e22dbc2198f42323ce8aca9135329f03c068e5112dc7cc3ef3446defceb01a45c2667fdd5"},
    {CCE_EC_P384, CCE_HASH_SHA224, "test", "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5", "04ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720", "e8c9d0b6ea72a0e7837fea1d14a1a9557f29faa45d3e7ee888fc5bf954b5e62464a9a817c47ff78b8c11066b24080e7207041d4a7a0379ac7232ff72e6f77b6ddb8f09b16cce0ec3286b2bd43fa8c6141c53ea5abef0d8231077a04540a96b66"},
    {CCE_EC_P384, CCE_HASH_SHA256, "test", "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5", "04ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720", "6d6defac9ab64dabafe36c6bf510352a4cc27001263638e5b16d9bb51d451559f918eedaf2293be5b475cc8f0188636b2d46f3becbcc523d5f1a1256bf0c9b024d879ba9e838144c8ba6baeb4b53b47d51ab373f9845c0514eefb14024787265"},
    {CCE_EC_P384, CCE_HASH_SHA384, "test", "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5", "04ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720", "8203b63d3c853e8d77227fb377bcf7b7b772e97892a80f36ab775d509d7a5feb0542a7f0812998da8f1dd3ca3cf023dbddd0760448d42d8a43af45af836fce4de8be06b485e9b61b827c2f13173923e06a739f040649a667bf3b828246baa5a5"},
    {CCE_EC_P384, CCE_HASH_SHA512, "test", "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5", "04ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720", "a0d5d090c9980faf3c2ce57b7ae951d31977dd11c775d314af55f76c676447d06fb6495cd21b4b6e340fc236584fb277976984e59b4c77b0e8e4460dca3d9f20e07b9bb1f63beefaf576f6b2e8b224634a2092cd3792e0159ad9cee37659c736"},
    {CCE_EC_P521, CCE_HASH_SHA224, "sample", "00fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538", "0401894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd371123d46e45db6b5d5370a7f20fb633155d38ffa16d2bd761dcac474b9a2f5023a400493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f746a28a0db25741b5b34a828008b22acc23f924faafbd4d33f81ea66956dfeaa2bfdfcf5", "01776331cfcdf927d666e032e00cf776187bc9fdd8e69d0dabb4109ffe1b5e2a30715f4cc923a4a5e94d2503e9acfed92857b7f31d7152e0f8c00c15ff3d87e2ed2e0050cb5265417fe2320bbb5a122b8e1a32bd699089851128e360e620a30c7e17ba41a666af126ce100e5799b153b60528d5300d08489ca9178fb610a2006c254b41f"},
    {CCE_EC_P521, CCE_HASH_SHA256, "sample", "00fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538", "0401894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd371123d46e45db6b5d5370a7f20fb633155d38ffa16d2bd761dcac474b9a2f5023a400493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f746a28a0db25741b5b34a828008b22acc23f924faafbd4d33f81ea66956dfeaa2bfdfcf5", "01511bb4d675114fe266fc4372b87682baecc01d3cc62cf2303c92b3526012659d16876e25c7c1e57648f23b73564d67f61c6f14d527d54972810421e7d87589e1a7004a171143a83163d6df460aaf61522695f207a58b95c0644d87e52aa1a347916e4f7a72930b1bc06dbe22ce3f58264afd23704cbb63b29b931f7de6c9d949a7ecfc"},
    {CCE_EC_P521, CCE_HASH_SHA384, "sample", "00fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538", "0401894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd371123d46e45db6b5d5370a7f20fb633155d38ffa16d2bd761dcac474b9a2f5023a400493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f746a28a0db25741b5b34a828008b22acc23f924faafbd4d33f81ea66956dfeaa2bfdfcf5", "01ea842a0e17d2de4f92c15315c63ddf72685c18195c2bb95e572b9c5136ca4b4b576ad712a52be9730627d16054ba40cc0b8d3ff035b12ae75168397f5d50c6745101f21a3cee066e1961025fb048bd5fe2b7924d0cd797babe0a83b66f1e35eeaf5fde143fa85dc394a7dee766523393784484bdf3e00114a1c857cde1aa203db65d61"},
    {CCE_EC_P521, CCE_HASH_SHA512, "sample", "00fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538", "0401894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd371123d46e45db6b5d5370a7f20fb633155d38ffa16d2bd761dcac474b9a2f5023a400493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f746a28a0db25741b5b34a828008b22acc23f924faafbd4d33f81ea66956dfeaa2bfdfcf5", "00c328fafcbd79dd77850370c46325d987cb525569fb63c5d3bc53950e6d4c5f174e25a1ee9017b5d450606add152b534931d7d4e8455cc91f9b15bf05ec36e377fa00617cce7cf5064806c467f678d3b4080d6f1cc50af26ca209417308281b68af282623eaa63e5b5c0723d8b8c37ff0777b1a20f8ccb1dccc43997f1ee0e44da4a67a"},
    {CCE_EC_P521, CCE_HASH_SHA224, "test", "00fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538", "0401894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd371123d46e45db6b5d5370a7f20fb633155d38ffa16d2bd761dcac474b9a2f5023a400493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f746a28a0db25741b5b34a828008b22acc23f924faafbd4d33f81ea66956dfeaa2bfdfcf5", "01c7ed902e123e6815546065a2c4af977b22aa8eaddb68b2c1110e7ea44d42086bfe4a34b67ddc0e17e96536e358219b23a706c6a6e16ba77b65e1c595d43cae17fb0177336676304fcb343ce028b38e7b4fba76c1c1b277da18cad2a8478b2a9a9f5bec0f3ba04f35db3e4263569ec6aade8c92746e4c82f8299ae1b8f1739f8fd519a4"},
    {CCE_EC_P521, CCE_HASH_SHA256, "test", "00fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538", "0401894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd371123d46e45db6b5d5370a7f20fb633155d38ffa16d2bd761dcac474b9a2f5023a400493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f746a28a0db25741b5b34a828008b22acc23f924faafbd4d33f81ea66956dfeaa2bfdfcf5", "000e871c4a14f993c6c7369501900c4bc1e9c7b0b4ba44e04868b30b41d8071042eb28c4c250411d0ce08cd197e4188ea4876f279f90b3d8d74a3c76e6f1e4656aa800cd52dbaa33b063c3a6cd8058a1fb0a46a4754b034fcc644766ca14da8ca5ca9fde00e88c1ad60ccba759025299079d7a427ec3cc5b619bfbc828e7769bcd694e86"},
    {CCE_EC_P521, CCE_HASH_SHA384, "test", "00fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538", "0401894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd371123d46e45db6b5d5370a7f20fb633155d38ffa16d2bd761dcac474b9a2f5023a400493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f746a28a0db25741b5b34a828008b22acc23f924faafbd4d33f81ea66956dfeaa2bfdfcf5", "014bee21a18b6d8b3c93fab08d43e739707953244fdbe924fa926d76669e7ac8c89df62ed8975c2d8397a65a49dcc09f6b0ac62272741924d479354d74ff6075578c0133330865c067a0eaf72362a65e2d7bc4e461e8c8995c3b6226a21bd1aa78f0ed94fe536a0dca35534f0cd1510c41525d163fe9d74d134881e35141ed5e8e95b979"},
    {CCE_EC_P521, CCE_HASH_SHA512, "test", "00fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538", "0401894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd371123d46e45db6b5d5370a7f20fb633155d38ffa16d2bd761dcac474b9a2f5023a400493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f746a28a0db25741b5b34a828008b22acc23f924faafbd4d33f81ea66956dfeaa2bfdfcf5", "013e99020abf5cee7525d16b69b229652ab6bdf2affcaef38773b4b7d08725f10cdb93482fdcc54edcee91eca4166b2a7c6265ef0ce2bd7051b7cef945babd47ee6d01fbd0013c674aa79cb39849527916ce301c66ea7ce8b80682786ad60f98f7e78a19ca69eff5c57400e3b3a0ad66ce0978214d13baf4e9ac60752f7b155e2de4dce3"},
};
static const kat_mul k_mul[] = {
    {CCE_EC_P256, "0000000000000000000000000000000000000000000000000000000000000001", "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"},
    {CCE_EC_P256, "0000000000000000000000000000000000000000000000000000000000000002", "047cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc4766997807775510db8ed040293d9ac69f7430dbba7dade63ce982299e04b79d227873d1"},
    {CCE_EC_P256, "0000000000000000000000000000000000000000000000000000000000000003", "045ecbe4d1a6330a44c8f7ef951d4bf165e6c6b721efada985fb41661bc6e7fd6c8734640c4998ff7e374b06ce1a64a2ecd82ab036384fb83d9a79b127a27d5032"},
    {CCE_EC_P256, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550", "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a"},
    {CCE_EC_P256, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc63254f", "047cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978f888aaee24712fc0d6c26539608bcf244582521ac3167dd661fb4862dd878c2e"},
    {CCE_EC_P256, "9ebe2de52517508454c2686dfd49a3031b1436b6677975545dd5073b6a51c7c0", "04853980dcb9b7928a730e8abe58662a77ec03309a6f5da991f78d58d87142e182c01576314a122f57e52d4886266fbd39a9f18d22707e112322314731de6f3de7"},
    {CCE_EC_P256, "62ca16a6692e64880183913a1edbae62b210b26fa3b9d506e102498e304fc5f0", "042a6a1d44c1d5b5640baa662674fdff0bae37fa2f47d84541c88700ba07eef1d377c5672b118d2984ad3c25eca1a564a22500107ccee65008b07b1e733752ff5f"},
    {CCE_EC_P256, "0080000000000000000000000000000000000000000000000000000000000000", "043754e99f0786e2e13d70139bfcd5ce698be44e3392eb68e10e789e3ff0cdb59d24c2f87496addcbe012f3c27206480db61019b6f632734f04239c0ffeb6a8499"},
    {CCE_EC_P256, "7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8", "042afa386b3f2bdcdb83f4d83f8fa3874d7b74dcb454bd644fdd6bf3d1f2da8db672184be1caa8563462b536f10852d665ae8a64fdf1eb8d4c946ad589796f729c"},
    {CCE_EC_P384, "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001", "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab73617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f"},
    {CCE_EC_P384, "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002", "0408d999057ba3d2d969260045c55b97f089025959a6f434d651d207d19fb96e9e4fe0e86ebe0e64f85b96a9c75295df618e80f1fa5b1b3cedb7bfe8dffd6dba74b275d875bc6cc43e904e505f256ab4255ffd43e94d39e22d61501e700a940e80"},
    {CCE_EC_P384, "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003", "04077a41d4606ffa1464793c7e5fdc7d98cb9d3910202dcd06bea4f240d3566da6b408bbae5026580d02d7e5c70500c831c995f7ca0b0c42837d0bbe9602a9fc998520b41c85115aa5f7684c0edc111eacc24abd6be4b5d298b65f28600a2f1df1"},
    {CCE_EC_P384, "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52972", "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7c9e821b569d9d390a26167406d6d23d6070be242d765eb831625ceec4a0f473ef59f4e30e2817e6285bce2846f15f1a0"},
    {CCE_EC_P384, "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52971", "0408d999057ba3d2d969260045c55b97f089025959a6f434d651d207d19fb96e9e4fe0e86ebe0e64f85b96a9c75295df61717f0e05a4e4c312484017200292458b4d8a278a43933bc16fb1afa0da954bd9a002bc15b2c61dd29eafe190f56bf17f"},
    {CCE_EC_P384, "a8d439cdc7395d538bc8ec268522095991cad90a9d9ded33bd556b678c6c28b64123b775a3aa914e8fdd47dae9d982de", "04fc3f93eb016ba765522dedb1fd945264d2da2796edb6018e9032104aa1dfb4b0fcac1851d041309ad93798e4eafae7cb73d5ebf143a110ca734e142c3229dc9bba285263a65cbeb77ae479c2e9bc6c209f90737a6869329d931c1f4dee65ded9"},
    {CCE_EC_P384, "61d88b1bec2337a496dc0ebeaaa404735ce98d6f14517692b87a96dfd1d302907e8d3db28baa34760d86ec35273a5c6d", "0425cd7affabc9b8c73992aec74a9eb70c09e4b9e573072c686c1fdd4827e34661309990d3430c460a20e149f045d0a4d431d766f4717339c36c47301d4d804e61f9e3d39e21b37b5396eaab3bc4c0ea3100415a0fdc7599c7bdecadf51a2add3d"},
    {CCE_EC_P384, "008000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0416ca2d252850e9a459781f80b30e4cde2b5c99e9dd677191aff142248b20b5e7887f95a0709f1dbd27cd56945e730f57d4cee02f3a7e42e590221ae86e9d61866940d5a1e5a02906d2602e6648acb496190d6e98ace2cb13888aac5c8ed32035"},
    {CCE_EC_P384, "7fffffffffffffffffffffffffffffffffffffffffffffffe3b1a6c0fa1b96efac0d06d9245853bd76760cb5666294b9", "04d36fed39ca71063a5163e8119a37aff10f6b86d50f02f1d324238d2b090d80670849550566396ff5778738c0b39b107a46c3e62b85b82f0ddfacb8f532101b4b82e07db1c8fdc36d1f572843416840acdcf2bc1cbd53266781fcfba9739aae51"},
    {CCE_EC_P521, "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001", "0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650"},
    {CCE_EC_P521, "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002", "0400433c219024277e7e682fcb288148c282747403279b1ccc06352c6e5505d769be97b3b204da6ef55507aa104a3a35c5af41cf2fa364d60fd967f43e3933ba6d783d00f4bb8cc7f86db26700a7f3eceeeed3f0b5c6b5107c4da97740ab21a29906c42dbbb3e377de9f251f6b93937fa99a3248f4eafcbe95edc0f4f71be356d661f41b02"},
    {CCE_EC_P521, "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003", "0401a73d352443de29195dd91d6a64b5959479b52a6e5b123d9ab9e5ad7a112d7a8dd1ad3f164a3a4832051da6bd16b59fe21baeb490862c32ea05a5919d2ede37ad7d013e9b03b97dfa62ddd9979f86c6cab814f2f1557fa82a9d0317d2f8ab1fa355ceec2e2dd4cf8dc575b02d5aced1dec3c70cf105c9bc93a590425f588ca1ee86c0e5"},
    {CCE_EC_P521, "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386408", "0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd6600e7c6d6958765c43ffba375a04bd382e426670abbb6a864bb97e85042e8d8c199d368118d66a10bd9bf3aaf46fec052f89ecac38f795d8d3dbf77416b89602e99af"},
    {CCE_EC_P521, "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386407", "0400433c219024277e7e682fcb288148c282747403279b1ccc06352c6e5505d769be97b3b204da6ef55507aa104a3a35c5af41cf2fa364d60fd967f43e3933ba6d783d010b44733807924d98ff580c1311112c0f4a394aef83b25688bf54de5d66f93bd2444c1c882160dae0946c6c805665cdb70b1503416a123f0b08e41ca9299e0be4fd"},
    {CCE_EC_P521, "00fe1a62cd94bf6f67a36966d5afc323016b2c177c1783dbc601238a448c645994a77b91dbda458a35463e7e8af7f27cbd3665458abcf577b23a654ec83284b197b9", "0401ca3449cf80bcff92ea938195b78621089483e48342bdc2a8bba5bee74c1be4b14ba7158ba109b0f8e2db9f1c66af209a9d9b10f552182574e7adc92d19241f6fbb015f0ab995dc7b5c457a86e31b2352cd1b58423869508227aab7f2eec73dc5daee77e681a64bd2c3ef50ae6142cd37c4a858ba073fd889366edfb51cc33e615443a3"},
    {CCE_EC_P521, "014c16278002fba9d6fb76962aea755b549c402bfba2718c5d72578c247168719dadea74a1cda5e9db28babf51fab73dac4a78c22fe3fbbb76818a85bd1367a80664", "0400553a7ca0ffeb27ade77186b616ae12599b46bb5d34e30570f8ab1cfe50d51415f225c6b41d253ed16d914ec8cf97247ec1f62ecb0c9e3274952f9816c0eb2ab57e0078474c4c1f3e3eaf7e2413b69222d66cf34e993e4b04b2c8973c5af7518b6ab8d9809409b3a26ff471700558e56fca5f4e0bc3cf0ab4f70dfd9ef45fb346df010b"},
    {CCE_EC_P521, "008000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "04009238405b3095ecc14f253fe0d4f8dedde46fc3cae6eb2796f52b8cdbac00ef816fa93a2e815bd94e4868519ca7a37a388e3ae7db6e925c9d91593cf4108e41277f012f30b9b0f6967f2b7bb3d5202f0b18c14f175c04f6d78b5623f2bd03e3a37d72546861e53c2aa1cc1ab8d8c3e6eda1049814b326424633254927a7d0f67882df12"},
    {CCE_EC_P521, "00fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd28c343c1df97cb35bfe600a47b84d2e81ddae4dc44ce23d75db7db8f489c3204", "04007c1bb67bc4f1a47a2cab98f6832fd9681fd803a639451943b35eeb82b705fd41327338840f7b531313f188de7e42bb46b68e0fa5cb05b53558c1ca8e31d783223f00e0f5c012bcc94fe001953f1e6f96550ae0e02d9950d50144958eb2f55abdc30eaf239f0274008548306fce7efb146970bc87cdac12d98d9376dd2e3eba550a9cbf"},
};
static const kat_dh k_dh[] = {
    {CCE_EC_P256, "5c185d23aa2228ee7fe32a1c471ecf1af3881b2fbc50610cc79f7addfceebac5", "046d969e1f506a9dd0401cff65872c20abd05a7250bd677411183f985278f8314f804cbbab06dae258cd30f3c7ce7fbc17be87e8b5dddc59a4b7db8eba97adc013", "9780cd19a5ef08858ca7a96a7367bcc1114b9e56c69e5f1092cde0bec40311ba"},
    {CCE_EC_P256, "a3be6eabbb1e3021c066bcca945e14e6ff0004943dd16b983eead1cb721ffdb8", "04fac2a0901122e48bf880757ad071bf4ec20abbedef7d045ba46d30864375271c104eda62ca2f0f5097948c656de99517564306526285e9fa1cf0fef5f5cc4984", "0e2fe51facb645c54ff4d05088996ce87b0b981a4a8b245cab79b4eebbcb58af"},
    {CCE_EC_P384, "6cb120e806b6c03d8b076a3a0d5d66fdd54910958d01a797bb943c3dd0b2555c0dafbec49b55ecd09081e74075ffb40f", "0408bebea467457d830edef84da2d4a9f06fc4c117794c716ad7ff05a6d422bb74b34a9e4923787d5f9f15e9f402736fdceecc5d55fecaddf36335308d6cb3f66f89d9622b4945b231b809b3e4c52e3dee2bc93a55f7a6eec74db9425e59a32b5f", "b4c1ffe5f05264fbed63f5ff86c0084ddeda535de2a8ec6201fa651f38d46f2bf5fa1704bbf05c9e0b55861ffab73dea"},
    {CCE_EC_P384, "b4ef7693e55034781af2efb7023d0222481c61ca7dd27bf595deb0885b27efa2ef3869bb858f5850913e52ee6bf69d89", "0427983b9673d146a947972304f6589ae8c3875fadc3362ae0040cb75ff02a8fb5cd02d1f242bb8222250e9a8cf359dea61069aef5b0221cff662fae48bda9ccf8bd4b72023902320def2d794347dece28f66d04b860481f1afa19f91ad32e9e75", "cebc0bd165a19bddc76636ede1eabf0ad6c2b9f3862c42e7510bd76e469959239cbf1718edd296d2916bbfda9638f1c6"},
    {CCE_EC_P521, "00e623363ccef32fb0c35525bb456af414e3775082e5d7052aebdfa3beb98fbfbfc7277f386edc96b083c6941c666de845858f84dfb79f04e548d26cef77b53e35b2", "040034116153efd3fff807d83377311cb2ee735fb852fec77bfe177201ac7f16378dbed527f31580395f84cadf5efa3ed1448c45a13326e23d3598986f9131342512d0005951c12351bd80602b12ebaf1a435dac1f99a3879c7f03294e8739c75d91efb135b8be54ac12f510b802f17920f12267568dafa979d0c81f1a5ad69aa10487fb82", "0074d27c870b97bd884eab2d8069b0212e69556ff6a7c2fc0d9f649933729c8e29612d594be8219cb83dd4bb2ebc7c9926593d73a66afc5d386a7062147b118d144e"},
    {CCE_EC_P521, "005072b298f7deede4d099b3a9fe5cb9c569d8a4d645f89c54f75a82061e46ac86ff68a359882b368664d164e38f1f6098324b80d12164ac77d48602f25e32907a3e", "040145c2f3aac7b5d9583f147b065da39a53a9314b570f218c4cbcb86742c6f0fa94b468ebc85bb73e1d22b4c18bcdaf868e5810f4f0c98b2f8d745012ce44287ecf99015fea919dc46d304ffe2dd50c38374abbd0ccf48ae4303eb8fdb60707dbf9a326341bdf7087941e4f68549f3be508edd815001b3bf364d01ed522a8319922517a9a", "010290027ff738049a1e5e0c46b1642ebe3a85339dc2a9198ddf8c9ddf4fc92686db572c191de1b23da799cfbad4949dd94f4a76098b3721a631e4d01f197b2de673"},
};

static const cce_ec_curve_id k_curves[3] = {CCE_EC_P256, CCE_EC_P384, CCE_EC_P521};

// Group orders (big-endian, scalar length) for the range tests.
static void order_of(cce_ec_curve_id c, uint8_t *n) {
  static const char *k_n[3] = {
      "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
      "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
      ("01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
       "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409")};
  unhex(k_n[c - 1], n, CCE_EC_MAX_SCALAR_BYTES);
}

static void test_det_kats(void) {
  for (size_t i = 0; i < sizeof k_det / sizeof k_det[0]; i++) {
    const kat_sig *k = &k_det[i];
    uint8_t d[66], q[133], want[132], sig[132];
    size_t dl = unhex(k->d, d, sizeof d), ql = unhex(k->q, q, sizeof q), sl = unhex(k->sig, want, sizeof want);
    size_t ml = strlen(k->msg);
    uint8_t pub[133];
    CHECK(cce_ec_public_from_private(k->curve, d, dl, pub, sizeof pub) == CCE_OK && memcmp(pub, q, ql) == 0,
          "public key of RFC 6979 key, curve %d", k->curve);
    CHECK(cce_ecdsa_sign(k->curve, k->hash, d, dl, (const uint8_t *)k->msg, ml, CCE_ECDSA_DETERMINISTIC, sig,
                         sizeof sig) == CCE_OK &&
              memcmp(sig, want, sl) == 0,
          "RFC 6979 signature, curve %d hash %d msg %s", k->curve, k->hash, k->msg);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "indicator after deterministic sign");
    CHECK(cce_ecdsa_verify(k->curve, k->hash, q, ql, (const uint8_t *)k->msg, ml, want, sl) == CCE_OK,
          "verify RFC 6979 signature %zu", i);
    want[sl - 1] ^= 1;
    CHECK(cce_ecdsa_verify(k->curve, k->hash, q, ql, (const uint8_t *)k->msg, ml, want, sl) == CCE_ERR_SIGNATURE,
          "modified RFC 6979 signature rejected %zu", i);
  }
}

static void test_mul_kats(void) {
  for (size_t i = 0; i < sizeof k_mul / sizeof k_mul[0]; i++) {
    uint8_t k[66], q[133], out[133];
    size_t kl = unhex(k_mul[i].k, k, sizeof k), ql = unhex(k_mul[i].q, q, sizeof q);
    CHECK(cce_ec_public_from_private(k_mul[i].curve, k, kl, out, sizeof out) == CCE_OK && memcmp(out, q, ql) == 0,
          "k*G known answer %zu", i);
    CHECK(cce_ec_public_validate(k_mul[i].curve, q, ql) == CCE_OK, "k*G is a valid public key %zu", i);
  }
  for (size_t i = 0; i < sizeof k_dh / sizeof k_dh[0]; i++) {
    uint8_t d[66], q[133], z[66], out[66];
    size_t dl = unhex(k_dh[i].d, d, sizeof d), ql = unhex(k_dh[i].peer, q, sizeof q), zl = unhex(k_dh[i].z, z, sizeof z);
    CHECK(cce_ecdh(k_dh[i].curve, d, dl, q, ql, out, sizeof out) == CCE_OK && memcmp(out, z, zl) == 0,
          "ECDH known answer %zu", i);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "ECDH indicator");
    // The same peer key in compressed form.
    uint8_t cq[67];
    size_t n = (ql - 1) / 2;
    cq[0] = (uint8_t)(0x02 | (q[ql - 1] & 1));
    memcpy(cq + 1, q + 1, n);
    CHECK(cce_ecdh(k_dh[i].curve, d, dl, cq, 1 + n, out, sizeof out) == CCE_OK && memcmp(out, z, zl) == 0,
          "ECDH with a compressed peer key %zu", i);
    uint8_t un[133];
    CHECK(cce_ec_public_decompress(k_dh[i].curve, cq, 1 + n, un, sizeof un) == CCE_OK && memcmp(un, q, ql) == 0,
          "decompression %zu", i);
  }
}

static const cce_hash_alg k_hashes[] = {CCE_HASH_SHA224,     CCE_HASH_SHA256,     CCE_HASH_SHA384,
                                        CCE_HASH_SHA512,     CCE_HASH_SHA512_224, CCE_HASH_SHA512_256,
                                        CCE_HASH_SHA3_224,   CCE_HASH_SHA3_256,   CCE_HASH_SHA3_384,
                                        CCE_HASH_SHA3_512,   CCE_HASH_SHAKE128,   CCE_HASH_SHAKE256};

static void test_round_trips(void) {
  static const uint8_t msg[] = "OpenCCE round trip";
  for (int ci = 0; ci < 3; ci++) {
    cce_ec_curve_id c = k_curves[ci];
    size_t n = cce_ec_scalar_len(c), pl = cce_ec_public_len(c);
    uint8_t d[66], q[133], sig[132], sig2[132];
    CHECK(cce_ecdsa_keygen(c, d, sizeof d, q, sizeof q) == CCE_OK, "keygen curve %d", c);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "keygen indicator");
    CHECK(cce_ec_private_validate(c, d, n) == CCE_OK, "generated key valid");
    for (size_t hi = 0; hi < sizeof k_hashes / sizeof k_hashes[0]; hi++) {
      cce_hash_alg h = k_hashes[hi];
      CHECK(cce_ecdsa_sign(c, h, d, n, msg, sizeof msg, 0, sig, sizeof sig) == CCE_OK, "sign c%d h%d", c, h);
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "sign indicator c%d h%d", c, h);
      CHECK(cce_ecdsa_verify(c, h, q, pl, msg, sizeof msg, sig, 2 * n) == CCE_OK, "verify c%d h%d", c, h);
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED, "verify indicator c%d h%d", c, h);
      CHECK(cce_ecdsa_verify(c, h, q, pl, msg, sizeof msg - 1, sig, 2 * n) == CCE_ERR_SIGNATURE,
            "other message rejected c%d h%d", c, h);
      CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "failed indicator");
      // Random k: two signatures differ.
      CHECK(cce_ecdsa_sign(c, h, d, n, msg, sizeof msg, 0, sig2, sizeof sig2) == CCE_OK &&
                memcmp(sig, sig2, 2 * n) != 0,
            "random k differs c%d h%d", c, h);
      // Precomputed digest path agrees with the message path.
      uint8_t dg[64];
      size_t dgl = h == CCE_HASH_SHAKE128 ? 32 : h == CCE_HASH_SHAKE256 ? 64 : cce_hash_digest_len(h);
      CHECK(cce_hash(h, dg, dgl, msg, sizeof msg) == CCE_OK, "digest");
      CHECK(cce_ecdsa_verify_digest(c, h, q, pl, dg, dgl, sig, 2 * n) == CCE_OK, "verify_digest c%d h%d", c, h);
      CHECK(cce_ecdsa_sign_digest(c, h, d, n, dg, dgl, 0, sig2, sizeof sig2) == CCE_OK &&
                cce_ecdsa_verify(c, h, q, pl, msg, sizeof msg, sig2, 2 * n) == CCE_OK,
            "sign_digest then verify c%d h%d", c, h);
      CHECK(cce_ecdsa_sign_digest(c, h, d, n, dg, dgl - 1, 0, sig2, sizeof sig2) == CCE_ERR_INVALID_LENGTH,
            "digest of the wrong length");
      int shake = h == CCE_HASH_SHAKE128 || h == CCE_HASH_SHAKE256;
      cce_status st = cce_ecdsa_sign(c, h, d, n, msg, sizeof msg, CCE_ECDSA_DETERMINISTIC, sig, sizeof sig);
      CHECK(shake ? st == CCE_ERR_UNSUPPORTED : st == CCE_OK, "deterministic c%d h%d", c, h);
      if (!shake) {
        CHECK(cce_ecdsa_sign(c, h, d, n, msg, sizeof msg, CCE_ECDSA_DETERMINISTIC, sig2, sizeof sig2) == CCE_OK &&
                  memcmp(sig, sig2, 2 * n) == 0,
              "deterministic signatures repeat");
      }
    }
    // ECDH agreement.
    uint8_t d2[66], q2[133], z1[66], z2[66];
    CHECK(cce_ecdh_keygen(c, d2, sizeof d2, q2, sizeof q2) == CCE_OK, "ecdh keygen");
    CHECK(cce_ecdh(c, d, n, q2, pl, z1, sizeof z1) == CCE_OK && cce_ecdh(c, d2, n, q, pl, z2, sizeof z2) == CCE_OK &&
              memcmp(z1, z2, n) == 0,
          "ECDH agreement curve %d", c);
  }
}

static void test_rejections(void) {
  static const uint8_t msg[] = "m";
  for (int ci = 0; ci < 3; ci++) {
    cce_ec_curve_id c = k_curves[ci];
    size_t n = cce_ec_scalar_len(c), pl = cce_ec_public_len(c);
    uint8_t d[66], q[133], sig[132], bad[132], nord[66], z[66];
    CHECK(cce_ecdsa_keygen(c, d, sizeof d, q, sizeof q) == CCE_OK, "keygen");
    CHECK(cce_ecdsa_sign(c, CCE_HASH_SHA256, d, n, msg, 1, 0, sig, sizeof sig) == CCE_OK, "sign");
    order_of(c, nord);
    // r = 0, s = 0, r = n, s = n, r = n + small (r kept, x mod n).
    memcpy(bad, sig, 2 * n);
    memset(bad, 0, n);
    CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, q, pl, msg, 1, bad, 2 * n) == CCE_ERR_SIGNATURE, "r = 0");
    memcpy(bad, sig, 2 * n);
    memset(bad + n, 0, n);
    CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, q, pl, msg, 1, bad, 2 * n) == CCE_ERR_SIGNATURE, "s = 0");
    memcpy(bad, sig, 2 * n);
    memcpy(bad, nord, n);
    CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, q, pl, msg, 1, bad, 2 * n) == CCE_ERR_SIGNATURE, "r = n");
    memcpy(bad, sig, 2 * n);
    memcpy(bad + n, nord, n);
    CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, q, pl, msg, 1, bad, 2 * n) == CCE_ERR_SIGNATURE, "s = n");
    memset(bad, 0xff, 2 * n);
    CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, q, pl, msg, 1, bad, 2 * n) == CCE_ERR_SIGNATURE, "r, s > n");
    CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, q, pl, msg, 1, sig, 2 * n - 1) == CCE_ERR_SIGNATURE, "short sig");
    CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, q, pl, msg, 1, sig, 2 * n + 1 > 132 ? 132 : 2 * n + 1) ==
              (2 * n == 132 ? CCE_OK : CCE_ERR_SIGNATURE),
          "long sig");
    // Public keys: off curve, infinity, hybrid, wrong lengths, x >= p.
    uint8_t qb[133];
    memcpy(qb, q, pl);
    qb[pl - 1] ^= 1;
    CHECK(cce_ec_public_validate(c, qb, pl) == CCE_ERR_POINT_INVALID, "off-curve key");
    CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, qb, pl, msg, 1, sig, 2 * n) == CCE_ERR_POINT_INVALID,
          "verify with off-curve key");
    CHECK(cce_ecdh(c, d, n, qb, pl, z, sizeof z) == CCE_ERR_POINT_INVALID, "ECDH with off-curve key");
    uint8_t inf = 0;
    CHECK(cce_ec_public_validate(c, &inf, 1) == CCE_ERR_POINT_INVALID, "infinity");
    memset(qb, 0, pl);
    qb[0] = 4;
    CHECK(cce_ec_public_validate(c, qb, pl) == CCE_ERR_POINT_INVALID, "(0, 0)");
    memcpy(qb, q, pl);
    qb[0] = (uint8_t)(0x06 | (q[pl - 1] & 1));
    CHECK(cce_ec_public_validate(c, qb, pl) == CCE_ERR_POINT_INVALID, "hybrid form refused");
    CHECK(cce_ec_public_validate(c, q, pl - 1) == CCE_ERR_INVALID_LENGTH, "truncated key");
    memset(qb, 0xff, pl);
    qb[0] = 4;
    CHECK(cce_ec_public_validate(c, qb, pl) == CCE_ERR_POINT_INVALID, "coordinates >= p");
    qb[0] = 2;
    CHECK(cce_ec_public_validate(c, qb, 1 + n) == CCE_ERR_POINT_INVALID, "compressed x >= p");
    // Private keys 0, n, n - 1.
    uint8_t k0[66] = {0};
    CHECK(cce_ecdsa_sign(c, CCE_HASH_SHA256, k0, n, msg, 1, 0, sig, sizeof sig) == CCE_ERR_KEY_INVALID, "d = 0");
    CHECK(cce_ecdh(c, k0, n, q, pl, z, sizeof z) == CCE_ERR_KEY_INVALID, "ECDH d = 0");
    CHECK(cce_ec_private_validate(c, nord, n) == CCE_ERR_KEY_INVALID, "d = n");
    CHECK(cce_ec_public_from_private(c, nord, n, qb, sizeof qb) == CCE_ERR_KEY_INVALID, "pub of d = n");
    nord[n - 1] -= 1;
    CHECK(cce_ec_private_validate(c, nord, n) == CCE_OK, "d = n - 1");
    // Lengths, buffers, NULLs, unknown ids, SHA-1.
    CHECK(cce_ecdsa_sign(c, CCE_HASH_SHA256, d, n - 1, msg, 1, 0, sig, sizeof sig) == CCE_ERR_INVALID_LENGTH,
          "short private key");
    CHECK(cce_ecdsa_sign(c, CCE_HASH_SHA256, d, n, msg, 1, 0, sig, 2 * n - 1) == CCE_ERR_BUFFER_TOO_SMALL,
          "small signature buffer");
    CHECK(cce_ecdsa_sign(c, CCE_HASH_SHA256, d, n, msg, 1, 8, sig, sizeof sig) == CCE_ERR_INVALID_ARG, "flags");
    CHECK(cce_ecdsa_sign(c, CCE_HASH_SHA256, NULL, n, msg, 1, 0, sig, sizeof sig) == CCE_ERR_NULL_POINTER, "NULL");
    CHECK(cce_ecdsa_verify(c, CCE_HASH_SHA256, NULL, pl, msg, 1, sig, 2 * n) == CCE_ERR_NULL_POINTER, "NULL pub");
    CHECK(cce_ecdh(c, d, n, q, pl, z, n - 1) == CCE_ERR_BUFFER_TOO_SMALL, "small shared buffer");
    CHECK(cce_ecdsa_sign(c, CCE_HASH_SHA1, d, n, msg, 1, 0, sig, sizeof sig) == CCE_ERR_UNSUPPORTED, "SHA-1 sign");
    CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED, "SHA-1 sign indicator");
    CHECK(cce_ecdsa_sign(c, CCE_HASH_NONE, d, n, msg, 1, 0, sig, sizeof sig) == CCE_ERR_UNSUPPORTED, "no hash");
  }
  uint8_t d[32] = {1}, q[65], sig[64];
  CHECK(cce_ecdsa_keygen((cce_ec_curve_id)9, d, 32, q, 65) == CCE_ERR_UNSUPPORTED, "unknown curve");
  CHECK(cce_ec_scalar_len((cce_ec_curve_id)9) == 0 && cce_ec_public_len(CCE_EC_P521) == 133 &&
            cce_ecdsa_sig_len(CCE_EC_P384) == 96,
        "length queries");
  CHECK(cce_ec_curve_from_name("secp384r1") == CCE_EC_P384 && cce_ec_curve_from_name("prime256v1") == CCE_EC_P256 &&
            cce_ec_curve_from_name("P-224") == CCE_EC_NONE,
        "curve names");
  // SHA-1 verification: served, not approved.
  CHECK(cce_ecdsa_keygen(CCE_EC_P256, d, 32, q, 65) == CCE_OK, "keygen");
  uint8_t h1[20] = {1, 2, 3}, h1b[20];
  memcpy(h1b, h1, 20);
  // Sign a 20-byte value as a SHA-224-sized digest is refused; use the
  // truncation rule instead: a SHA-1 digest left-padded = same e.
  uint8_t h28[28] = {0};
  memcpy(h28 + 8, h1, 20);
  CHECK(cce_ecdsa_sign_digest(CCE_EC_P256, CCE_HASH_SHA224, d, 32, h28, 28, 0, sig, sizeof sig) == CCE_OK,
        "sign padded digest");
  CHECK(cce_ecdsa_verify_digest(CCE_EC_P256, CCE_HASH_SHA1, q, 65, h1b, 20, sig, 64) == CCE_OK, "SHA-1 verify");
  CHECK(cce_service_indicator() == CCE_INDICATOR_NOT_APPROVED, "SHA-1 verify not approved");
}

static void test_der(void) {
  uint8_t rs[64], back[64], der[CCE_ECDSA_MAX_DER_SIG_BYTES];
  size_t len;
  memset(rs, 0, 64);
  rs[31] = 1;
  rs[32] = 0x80;
  CHECK(cce_ecdsa_sig_to_der(rs, 64, der, sizeof der, &len) == CCE_OK && len == 2 + 3 + 35, "encode");
  static const uint8_t want_head[] = {0x30, 38, 0x02, 0x01, 0x01, 0x02, 0x21, 0x00, 0x80};
  CHECK(memcmp(der, want_head, sizeof want_head) == 0, "DER bytes (minimal r, s with 0x00 pad)");
  CHECK(cce_ecdsa_sig_from_der(der, len, back, 64) == CCE_OK && memcmp(back, rs, 64) == 0, "decode");
  CHECK(cce_ecdsa_sig_to_der(rs, 64, der, 10, &len) == CCE_ERR_BUFFER_TOO_SMALL, "small buffer");
  // P-521 size: long-form SEQUENCE length.
  uint8_t rs2[132];
  memset(rs2, 0xff, sizeof rs2);
  uint8_t der2[CCE_ECDSA_MAX_DER_SIG_BYTES], back2[132];
  CHECK(cce_ecdsa_sig_to_der(rs2, 132, der2, sizeof der2, &len) == CCE_OK && len == 141 && der2[1] == 0x81,
        "long form for P-521");
  CHECK(cce_ecdsa_sig_from_der(der2, len, back2, 132) == CCE_OK && memcmp(back2, rs2, 132) == 0, "P-521 decode");
  struct {
    const char *hex;
    const char *why;
  } bad[] = {
      {"300602010102010100", "trailing byte"},
      {"3007020101020101", "sequence length too long"},
      {"3005020101020101", "sequence length too short"},
      {"308106020101020101", "long-form length where short suffices"},
      {"30800201010201010000", "indefinite length"},
      {"300702020001020101", "non-minimal integer (leading 00)"},
      {"3006020181020101", "negative integer"},
      {"30050200020101", "empty integer"},
      {"3106020101020101", "wrong outer tag"},
      {"3006030101020101", "wrong integer tag"},
      {"3003020101", "missing s"},
      {"30090201010201010201", "three integers"},
      {"", "empty"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint8_t b[32];
    size_t bl = unhex(bad[i].hex, b, sizeof b);
    CHECK(cce_ecdsa_sig_from_der(b, bl, back, 64) == CCE_ERR_DECODE, "DER rejects: %s", bad[i].why);
  }
  // An integer longer than the half buffer.
  uint8_t big[2 + 2 + 33 + 3];
  big[0] = 0x30;
  big[1] = 2 + 33 + 3;
  big[2] = 0x02;
  big[3] = 33;
  big[4] = 0x01;
  memset(big + 5, 0x11, 32);
  big[37] = 0x02;
  big[38] = 0x01;
  big[39] = 0x01;
  CHECK(cce_ecdsa_sig_from_der(big, sizeof big, back, 64) == CCE_ERR_DECODE, "integer too long for P-256");
  uint8_t ok0[] = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};
  CHECK(cce_ecdsa_sig_from_der(ok0, sizeof ok0, back, 64) == CCE_OK, "zero integers decode (verify rejects them)");
}

static void test_selftests(void) {
  size_t n = cce_selftest_count();
  int found = 0;
  for (size_t i = 0; i < n; i++) {
    cce_selftest_info info;
    if (cce_selftest_get(i, &info) != CCE_OK) continue;
    if (strstr(info.name, "ECDSA") || strstr(info.name, "ECDH")) {
      found++;
      CHECK(info.result == CCE_SELFTEST_PASSED, "self-test %s passed", info.name);
    }
  }
  CHECK(found == 3, "three EC self-tests registered (%d)", found);
}

int main(void) {
  test_det_kats();
  test_mul_kats();
  test_round_trips();
  test_rejections();
  test_der();
  test_selftests();
  CHECK(cce_module_status() == CCE_STATE_OPERATIONAL, "module still operational");
  printf("%d passed, %d failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
