// DRBG unit tests (SP 800-90A Rev.1): known answers for CTR_DRBG, Hash_DRBG
// and HMAC_DRBG through the public API (NIST ACVP-Server v1.1.0.43 sample
// sets, NIST CAVP HMAC_DRBG.rsp, and HMAC_DRBG answers computed by an
// independent Python implementation over hashlib/hmac), the generate
// batching at every length, the counter field length, the reseed counter
// limit, prediction resistance, self-seeded instances, zeroization, every
// error path and the service indicator.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/drbg.h"
#include "cce/hash.h"
#include "cce/module.h"

static unsigned g_pass, g_fail;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (cond) {                                                      \
      g_pass++;                                                      \
    } else {                                                         \
      g_fail++;                                                      \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                \
  } while (0)

static size_t unhex(const char *s, uint8_t *out, size_t cap) {
  size_t n = strlen(s) / 2;
  if (n > cap) abort();
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    if (sscanf(s + 2 * i, "%2x", &v) != 1) abort();
    out[i] = (uint8_t)v;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Known answers. Each runs: instantiate(entropy, nonce, perso); then each
// step: reseed (use 1) or generate (use 2; with prediction resistance, the
// step's entropy reseeds first); the expected value is the last output.

typedef struct {
  int use;  // 1 reseed, 2 generate, 0 none
  const char *addl, *entropy;
} drbg_step;

typedef struct {
  cce_drbg_mech mech;
  cce_hash_alg hash;
  uint32_t flags, ctr_len;
  size_t out_len;
  const char *entropy, *nonce, *perso;
  drbg_step steps[3];
  const char *expected;
} drbg_vec;

// Generated from the sources named in each entry (see drbg_test.c).
static const drbg_vec drbg_vecs[] = {
    {// ctrDRBG-1.0 tgId 1 tcId 1
     CCE_DRBG_CTR_AES128, CCE_HASH_NONE, CCE_DRBG_PREDICTION_RESISTANCE, 0, 512,
     "21342f9c57d4c89a85ade4cef855b9022a46be5d53ac02b0b119987975794a8a",
     "8015c2c3b1dbf49da55f9a46d68bb200c7c38986d8b3b1ae2ddb1a9668c787ca",
     "ec692a3fa2cb21282fdb5ea4ea560d0510ffd5301c4928dee793ddf7d5898bcd",
     {
      {2, "8d9ca1d28e81b8b97d42862414b07363dc90e1f01e0454291ac042d3c80f7c81",
       "342760dc2a4abb9be282f187fcee1f9589682f93c4ca5ced79cc1c491c9b3b6e"},
      {2, "2d929b8f8ddc478521dc32da6463c8c5559010b351b55cbcc4bd799f5ae977b8",
       "874831c01a0f923afa0f13b069c66d2bb9f263ec32d2d35f53b69f1f16429534"},
     },
     "e8519dd83f849d30c08570fd0c750ead919b570e968adee75a818a99c8470bb3fe5d84cfaa43c75e54b923e05b4201eb"
       "4ab5e98e4dd40de35c42c68127b57349c8086bb1ba9374d906b75a04e3e5ab56ad44011a5f869cfc8858e97fc4b286d3"
       "78445b33305279c26e05fff5988f6af052d778d8056d4b06dcc6b9bc9b4362c0ae4f051a4fdf46993285a94cf6ba657b"
       "4ac1322c9b4ace5f6ae1f70f463cacfbcadd4668153dc5b42acb11e0437263dc4b6cd5d8e1dab41ff997f068d4a09268"
       "443398600684f373026783cdc8f80e43c6904ecba0f4243a923ef0d6ad6adc3155f3a3e4f76abd7ed362f5cb6d4beebb"
       "843f63a8dab3735be11a58d5aeda84f02429e0f20bc1366daf842a1b17669b1cc078d5e6eba5da69a6f2ab7db0e7f965"
       "9411ec1aaa51e38c4742a2549337daf1d2dc28dbda14e349d1f684a03b112a0062507568f26986a8e75ce4ed28e8460f"
       "cfdfe8b4bdb3d1df3f3ac56386494b60aaaba540dc362b79b0d81b622843aa1eefc9e2493c584732fd0325989a72f879"
       "b47fe12e4fe70e949e81e9b8487d2007936108508adaec4704f4ad5dbc70be1298ac1594ac7671468afbfba700ed2b5e"
       "b31d5ddc21e9cd4c82f70b485c1b3a394b35037d0f64a5e07d452cd674e79e9ece7f0aa6ca89b56c4ab3f823220346b3"
       "0ef0d7e9db4ee5fa0250e7b375f1450c659b67e7254e9e001f91d9543b5c2223"},
    {// ctrDRBG-1.0 tgId 14 tcId 196
     CCE_DRBG_CTR_AES192, CCE_HASH_NONE, CCE_DRBG_NO_DF, 0, 512,
     "f31a8b55de64725763090e5554ca7e71373f9a0a3f94daaaa2092f4f1c28fc7f22ad2f1fe2c3b5c8",
     "",
     "183accfea2a2a1c01e4d2acbdcc5c5f371cd5864a0718b752dfd2590e66d5f5d4bbc58fd739c689d",
     {
      {1, "5614bf1d5f3635e8789a3c4ff751f49808e1851669fc8e27930900564ef7372c2bcd82b19de0b7d4",
       "eda1be93da2aec398f49a34fd8916ed9c65cfe170a228a362d177ae48b83e1ac315da7d7d5548491"},
      {2, "9e5cc9d9b1c8a5796875a9ca21657f9defdcd530bd04d7d54fd738c104b297e33939faac17ab65a1",
       ""},
      {2, "076425c11702667b0b7526701b8a4a22396e18942c7abc88cb2557bb468ae75db0b6958ab71418ba",
       ""},
     },
     "6794c36011bd7d8dcf3b89b494153e4d3d7beb932c157e221f1035651ee8fb611da4632a55c2b64af7434042a71923e5"
       "67870a3aa8e81ba22d07498b9d313344a13c7630fb23a79074884eb6967566be667d6a429d2ab3c76283a5f0766c45e6"
       "1ac725736a305a756bc6c96ca052dad85bfbf578b343a0a6c4be9242e813b4de0fadfa16e6c4fec2a104209eed6d57bb"
       "be4462ba69a96b65aff421e910427499ea055e56d73e929f799505c4bdd98a4b42670aeeb023ac97580257cd146ec112"
       "49e3fc883cb18673147da892c111be5c9b84ca925a6e8b5dab6f9ba11e75b7a1b64653b25e36a67c7ff838ddb15b0099"
       "41beb958125cd04ed2f4757289270d81b42d687b4ed6ab8df43aa2634d6216eb0ef45bbab7c41b3a6145e4b0c17eea61"
       "fc0c192b77c599a39a0705ea522bcb8c573e1b046eafb15c816449374a40f700cff4ec628cd149630a824b3936557755"
       "67f3bbed34adf645ca5f182283bfa966ca9fe62d06138769533012ffa65eadc11ca0b76ae77f0c0dcc99cefe10065284"
       "3af8da42ef61b450148cc7bd0bc900be172e1f16563dfee918bfb6fa6cd44e7153ddf955d1546c41441cbb0477290c6e"
       "f7acc8621ef783716f82ac7358de3d5997191fdf2b073e9bbdda83fd0cea0709cce51b59014760d9d7a1ad08a8941597"
       "27113e886da3cbf4dfc24eb1f2f4440fb1da0419e8c4541dfada0b0c06248863"},
    {// ctrDRBG-SP800-90Ar1 tgId 18 tcId 256
     CCE_DRBG_CTR_AES256, CCE_HASH_NONE, 0, 128, 32,
     "ccbcd5920b59ae3dd3a8280c2041be6d250dd7beeb348f664c529461ed9ac64187e08d4a1b7b1663075134e7aa7aa79f",
     "d7d250e4deca3610c9eccdb8f63768d390b9463bb3afc61e187ac04b8cad56088b48650057432e550bada4393f1fc8b3",
     "16d579acb0a844e7a4677e436c4ed7f3cd349bf5147ce36a3ad3522d9883b3740ed0faf47221074ef3812f283b03ce65",
     {
      {1, "420e27e49a4b808d183565b1de9c08eae3c15ec7ca0a2e3367e7a54beee243390dc370fdf752310d33865fe59644a850",
       "2ccb50a8227751b20b1e36cc58b414771afbf687ed35b53369803f1bbc39519db3fdff035a5e35034a5d32ac859b8e72"},
      {2, "d1c27e01d41cf1270d755c755d3cc81f0b834c59ca60ca0ed45be5d3f50c6f70ae6bbc55b663ddc1abe1dc6d64e86a8d",
       ""},
      {2, "0f91d306614f945907f10e22bcb58f088fd287c8e1cefff913390d7f8d96575a7451177ca256140ea86e181a752a9c15",
       ""},
     },
     "3ed3db509a78fe5477264f5d01a37a71aef41bc9535dad97014c17b16f85a168"},
    {// ctrDRBG-SP800-90Ar1 tgId 11 tcId 151
     CCE_DRBG_CTR_AES256, CCE_HASH_NONE, CCE_DRBG_NO_DF|CCE_DRBG_PREDICTION_RESISTANCE, 64, 16,
     "37518f8f23048eb782cbb3844a34b28f561d4b22d07ba230abacc5fb07acdbd5fbfd396bc3e8c44f2c159dff1cefb592",
     "",
     "72606ec74140670cb24931d1e5a84350a11c88c16c4f290f2277b305b93491a6030945225ceb4309cca6dd0dec7a3d27",
     {
      {2, "736b638dfe7b8d23e83cafa46e055263fd3f099e6be6e9effd8fbbd1fa92661f2bb779fe8f93939aa48444c6fe8fb415",
       "cca509373420ffed6af321921531a72d02ad34221b1e0906763ebf6ad353e21e21d103a2c069cd5fda941c98990ad864"},
      {2, "a1e4b9c74f392571bd5377e754bbcc20cacf7300c654740fe59b5cf5ec5f84239319b6d3cca6a46ffe00bf37f7a9eb88",
       "0a8a5fa01249ac57b8866ef4a923727d8b6f913f43d7aa2a6f864973ac2c96549005185edd0f922459faab76d014f547"},
     },
     "b52c875f2c2d3cd4e9407de8a6baa809"},
    {// ctrDRBG-SP800-90Ar1 tgId 21 tcId 301
     CCE_DRBG_CTR_AES128, CCE_HASH_NONE, CCE_DRBG_NO_DF, 64, 16,
     "0ce460402fb2a7f3787c4f9866439a07616851263ef4ff533052f483dc3601c7",
     "",
     "f3f02242dce8be84779328c16c086dabd4e4ea99db10e59368118a7839413b55",
     {
      {1, "4b93c627557b2bcc60eb948442c1b621ecedf95b4c67991fda04c8ccfbcefc37",
       "dfd1e4bc0baf2d8f298360d57955e0a472324cdbed616a2f4fd1d7830a554fc0"},
      {2, "58b3af4ca02f6e10a25b8e2305eac23f95ce36f83c5a7adbdca5367ddeb68199",
       ""},
      {2, "2c8f04060fce13260b288ddb6416e65d9567af3a0967e411ea6f0e43d9b21c05",
       ""},
     },
     "7b7e2e07a653d9d6f6a40873818c18f0"},
    {// hashDRBG-SP800-90Ar1 tgId 1 tcId 4
     CCE_DRBG_HASH, CCE_HASH_SHA1, CCE_DRBG_PREDICTION_RESISTANCE, 0, 64,
     "b349b2f3b879bf5d1f8f7bbe8725c206212d00cc422d2773baf9937d2b53509598c56f8323c7312ee90cd07df5950452"
       "eb900b5e5f0c5422cdd5baeaa7a86aef0d71548c78ae962c8c5fd9974ff54975e33b2595425d06ed52e732b9f4bd8ec2"
       "a420723e",
     "c11ca5042e1ccaa35681da0bbf6e64b70ec9738e",
     "39d0b1c1a30ce6d286bf6310542c798cce1b3bb8871ff5c1e36d7a3be5f7c3162978c013caa5b095834db09a50698895"
       "4db44ba2937b39fae37c6654a2691f3659b379ddc1c74019bece34c119d93e49",
     {
      {2, "f95a0683da617ab67f7aac5dda0f5dda38eacbbf78afdc5abd99680db51962449e5a5527156bcdb78d34f9f58bbcd84e"
       "4fa6084966c7114f811befa7",
       "1908eb7970381ab35eac804133328689fe5e76ac418116a092d37db90db4d496ac01ea14bef85302691ad065469a1ce4"
       "801f0456b19ba8031da971c43a83cd2f12c7dc4f1607a803b42848ea8533490397b73cdbe4e75d8850001c66fb082ab1"
       "05559990"},
      {2, "0be78d11264ebc66faa70a008fafa7356b0e0f7fb0607405c0bc7a48c6d33e59f5d9258a7191a452ddb64ec6edf2766f"
       "065496e37968183172fea2ca",
       "a0991d486ef7f3061ead8902f289e8c891e70463871be1e31cad51e9df4338fb9396dbc57fe0aef255fd8ae837b390cb"
       "51f774abfa36617c5e9c291ce94903a896c1b6825439bf0693fe99e897407f45c93a32e3eccebc491930fe3ee641f0ef"
       "e62228b6"},
     },
     "fe1524c61232cc97de46398df050d4e69ffc6b57449ab999ae12db28c44c5277c4855e1c446ae98c9030393971290186"
       "33e83af30c5910da12926126aa218a96"},
    {// hashDRBG-SP800-90Ar1 tgId 31 tcId 451
     CCE_DRBG_HASH, CCE_HASH_SHA512, 0, 0, 64,
     "caedcee165293956c12d7a305c9eac89f326c6640a670a5a2bfed41eaa5e3e5dfd12bf281ee3566336c6a581ec84d960"
       "8449d3f74e27098a16ecc4bc8c6f1c67ae67b436ff30d3c61d148c13f12047f0ba608ec7c5edc5b248bf59f1a97477c2"
       "d997a1347494c1121198e413d951496fde6e310432f6fe509b28cac043e45f022866653b8f255eec64c0bdc33d60db13"
       "7f9cd608779f283fd23059d28026d3cf5c2274b565c90cb577a9a45b35d081f5fb4be716b3bb259c1bca049bdad59509"
       "1cf394be56d65e66b38ac49d3c4409d7cc34a7152fefc2f0e1ca8bc430bf3f3b46e09f3fa84d2aa361160576ab0767a6"
       "8f355b1a10dbeabc323c0c8079c07db90070a4a3eb980c274fb8f119abf42cee4b0584ae7840abea848ad8b575795b52"
       "30b16bd8f5b2ac13e3d35bbbc66e460af182fad512ae6a6b48995697acf0fbaa",
     "43e2814ad8a70d5d41a97239f0358c679a83b6e8d8801147ea7d6ed63a139c1c8c4a98aae4549c11e3ccb5217b94f030"
       "9cd1bb3e779158db8c659e75b8f02af6",
     "8640ef4cae98792633aaf09296dc21d8180ee8fb2d1a4543589997b21fea1024552f044efed2f9885e0c705948cbe2d3"
       "3ea5f3b9b12abf8b8fee1fa820d833a304385d78b0607d0cc89a25eca6d4317741b78a538d155db3a7b4ae7cdec12284"
       "f9162e7943248bc9f881ce0ede67403e6afd6a435c2db932b1a19c3b29758e96a80453e6129b75abfbe78047470f5444"
       "f0d8f26d57cb884dfc4014b8cf86b178c9151d33ab30165c6ac20ee57ab572c6596cc2dbee57acc637ff1629f7e06d09"
       "cdfafdbad5aeb0b2b3e0c40491bf4c13690c993d907e73c6d0f2e15be3ca3d2fc6a0a5c7c9dcd2f3aa5259621d7cb918"
       "5afaf4340f34a972c1c697a7a15a050d",
     {
      {1, "0b5f518e9df24982339d392ce5008fb8cdc89b26a1e56ed29b98f303d2bf98fbd4c556f01c65a2d24a9b5f3fd97fdf70"
       "2da463fd4f0795624f6ef33fc5941e92dc13abc470bd5d31c6eb2d3747bd418ed7b997f152750e808ac7ad7a9768bd78"
       "d2a7fd1b0eb729c596b5735e87202afce88aa8830cf039d92eb97c9a82f4e73949b55872ba2a19803ca3e28b4f3c3a07"
       "622f6e7ea2072d2a19b745283766697841c39bc1278d2c57094a8a391b539173e2b401eb6c29fce4777fffe68122cbc6",
       "ddfddfe1b01cbb631bdaa79feba4aa189dc74b032d467521a44bdee2f14732b0ea76dec66c2f3b2db72e32e24aa13055"
       "62f02db3d3b53dbcc34b10eb4972924dbcf1401cfa0d09cb7a1eb86a02396db43728548394efa12a92d8d375fab64b6f"
       "98351bb755687db773c2a275e0cf9496c10aa195e12a82d8a9958478c47d8d1d93983997d02fbed9be36ae17c74bc017"
       "5097f387d3df08d2ccece614413cee22d96ac0a1e6e52eb4927575eafd4fc490aac6b4b29f6688533a207cfee3514f33"
       "21ab678cdb6bdd054a92ee5c3342f349ebca65906f0fcd41f79b0cc4ea794781d1a82df099af5a105624c26ca87fef46"
       "e567782bd220dc4e9b013c367b34290dff96db2289d8b063f538b14c5e684233d187f813864617adcab6c84a13504808"
       "7021d5eab2c0cedd7afe72eacda605644b4f86c33c9a2ed5808ee257b62b6268"},
      {2, "4b1fcf2840b7f9eb6e92bb8e870f37a6d12f2ab8375488142138b815fc5927d18b2b1a9c56b9b03bd21ba9ccc0af4036"
       "430c2190ea7da266bb25e2f0f2cc06185e7b3ec7467bb3f2c01535dabb443a0328abe10371864dc9f3601809ac705007"
       "f56410fab369e2240f9217374695c6d32f8f6043d3fb7c6f76f13128a0c285d74c7b6f8218699389efb4feeef5c3ba24"
       "89b8cc32479d8365e6286346f3d1d90e810cfa01ba4f8cfbc1a8e056606398d93724f97ad106e4477c2ad2a4645432d0",
       ""},
      {2, "74b788f2ff1e7046da975de3acf484db2284a57024cf0ab9a36af765f987ab41b607b04a49688f97f21fa41d680ed640"
       "ff4f1e5731b1b12402d25b8fb663657fb5c5f18334832a40dcd722d6f40d8bfefaadc85f066006a88ae5ce74a96c6f15"
       "f5992af40dd0edc7ae25b838593c09d04705fb25785b18dfb9ff54224bd966950f7c13fdddd204f5d241ba1f40bfa7de"
       "07194e10017f92099708c711c6c0096945f8f8011b11ea9515fca40a64afe880101ae35443ab8d087d2e0fc86819f177",
       ""},
     },
     "0d229ebd124e45ff0d7495901e16f5899dee953eb5cfd3b4826a31a08e118b0c4ceb5cc0ce8934fe1f56cd9e2c09e1de"
       "3191cbd47e1147fd06a8b74e4521dee4"},
    {// hashDRBG-SP800-90Ar1 tgId 11 tcId 151
     CCE_DRBG_HASH, CCE_HASH_SHA512_224, CCE_DRBG_PREDICTION_RESISTANCE, 0, 64,
     "1a5f59e898c3c4e85aad695327f9e65f563b4b5e874b60e31cee0bb38135ee6f71ee79e597b7fea18123fa539a2d947e"
       "6b21db2b19b0bb9345f09f9664450c55010481bb7852803266650e42dfa5d4bb8470f98d8aef73f3a9f13718e964068f"
       "66daf96ee918ef64ae651a8da364847c0988fa6ad57230fa736ad467b62f9881f2b1a76421dd447fdbce00ba",
     "ee98db40051ec77ffe3860c255229caff3b711a572b89fa53daa3ecc",
     "6f20acdf02becd78129d6bc0c8c2b7012be753c331cd507dbc9a755142bfa191a8d811b99f6b2dc78564335b64b7e602"
       "fc00b5969f69ab81da4c4b2f8653dc45f9cf78afc4b402e07df22cdd4e2ac907cafca41f059a612188d56ea24cabbab2"
       "4181862ebfb1fea120bb31008a335648",
     {
      {2, "0f9a53ad461d335c0b3d815f1a744180ec2a48aa8748990ed6d12a2fcc25c751a6c477f7c6f22a038e7d547e1b1350e4"
       "c8df763f601dcd87911a9f7121c2d960bb9c736a580a606269a8c755cf2b2875424bf1a5",
       "8682ee192ed001265594ab56d224a94389932fba85fcc24e36fc589340f506cc18ab8565e0fcfd88c4e55f2cf7fe5128"
       "bf686b491809510be8cf152c59c60cb4c1a354234d69acf4dc48c4d707aa1d4c28b15a4ca9c76f6dcfd2ce8cf0dad088"
       "bd66d7154a79da19b51510887721ddb75b06062a4fc91b98b89f9d27826109ecd03bf8e56279522edca916c5"},
      {2, "eae75e7d58ed4781e6f9410d3f1b4c2e98ca32af20047401e2dd695109e16417806f16bf986c31e9deb88667b38a428b"
       "2e4e603fe5812a00a6f6ea89d6263a6c60f49881a77b7cf90918304a051bf8cd67407743",
       "4dc50b18f0bd3a15663a020e038b82ab58a9cca692ae04f1991bbde10c51c4d8353df7e3a0f02a73210ea80d0aca65c3"
       "fc041e2b19ac8145a8ac091b305c230e480cd8694e7faf76d4e55214f3ad9da336ee3d2f5f0ce50da746634f67fe5874"
       "229bbaa86d9cb13a347e38ffba298b0cfb701a89d046a903b5450500bae3f50ce40d3d7eb9991350780e7609"},
     },
     "5e6178238155022397ef0f46ca503dbaddf5c65b5bf7d293eaebbf84616d8e3f500d8a54f315036300353dfa206ac094"
       "81be25936eb754ada442cf319c09ce0c"},
    {// hashDRBG-1.0 tgId 20 tcId 286
     CCE_DRBG_HASH, CCE_HASH_SHA3_256, 0, 0, 512,
     "03740ea8d1c769422e84db7ee14cd94116f926a2582009a833bbdd39dfbbd2eeda0c4e55f0da4a1ccdc018e4787364c2"
       "4a6b22c5a903e852caff831ce43603476853f2460e23ad38bed0a64072d4a7b6d7c16fe2023b42cc535c799d1309ed73"
       "008bb9202a3c84ba4d2400ebd03bae449c9625d1a904d222731c8292defb5cbfbc767b2118444cfc9319e6d45db6e9d5"
       "ef57996fc8a9e97cacd265773917d334",
     "9a8be915d09c8c4e135b2b017caec451f52a67f8dacf40a9e5118c67f2bb29db",
     "8186d29abbdd7c220bd7974f6522fa10b25ad4db34fb05d1fa4130937b022e3241e6c6061dc0a8f90c558caf2e84fea0"
       "b1bc674266cd35488cf05b63d789779786c6d463c3abcd1a9d3ba86a4391c155a5071cf39ab5f816498ab1eadb4534b5"
       "bfcf41efdaa3a8cdaf02f75fe37fd23eda36a90b3e3767c7b5ae076b797d1c95",
     {
      {1, "69981ccd69b0ede7a9dba225e6b794e4f082acfe3e8a0356f9cf11320551b1d76c81e31caf753ed537940882d6eabf7f"
       "d353449288f4bc4db5cb43a886257cb25d7810a5366737341434f2fad7b9213d78975782030f507d271984e6aa53092a",
       "8fdf3bf72738172ad548a1d871e36639b2edfc904f0b91997038dd4d920d7db60d64de3ef3d32a7427a78e95a8c1b605"
       "6716f42709178e6d1e2fcb52ac3fd264de4a9a27e9cd50a61505a7de79b0c83b8b8a8c64725b00a78bc70c437a407acf"
       "86084570fd4190f37a678209be1a352a724592270e586c24ba976979c1ca0e980f66f8afda3a811db19bbddf7fbb3ff5"
       "41ce0e88d88a357eb820ab7e5f428f38"},
      {2, "9667b397803765e25ae8e4b8da8f8c7d7a1312a5e29533871b2dc1515d1346c48a0c5c2f4a097a409e3d105147ad87b4"
       "912b5c2235f649f397fda1fb7704206a392c6561441ea8d635479b2c88ca85bc2939567e7e80f0ef6da04df2e0b0873a",
       ""},
      {2, "f95ea2b9109e9c3606ee7b93817ff4d994bbaab230551d5e2f8cbfb57b52eb0eac6853518f7d909a09c9c5e60819096c"
       "87e0c92426809d4caf3137a139a6ffcbd483ac8aeb7bb95edfd132cda2cd8f672df95b7a1ec09259f23fcd48db706c3c",
       ""},
     },
     "9d3c9e77753b9c2e7c04c5cd536b63f08a0bef03f99bcbab2e4b651917184cbdffa4ee192e02b6492dd54df13801ccb2"
       "b46b8f583d8f95d1dca422838e140e52fe3fd317a2257c639f3001afcdfb31c8fd389f0c1d02f41966ca3a0fc0d0d1f5"
       "0271dc1860e762479d6531bfa578892546f30073bd2aa5bf4a650b27d3e5c6f1318381be5c3f18a8d5720a770673cf38"
       "f62fa69c997e8dab679a9af5be2bf63cd15e1dac2cee0898627088319c7b4fc43f8007a080af2535c5c4edfebd354724"
       "fe00ea0a1ca3fbb7c0bb8b3651f4cd025a0ac16164bfb715953b8e8e090477dd8c67b33bb0efaff78832386e60e4bf60"
       "d721ff9db02e96634c87baae2f93fe0d14d5c34955bef0ab057ae31dba76a59dc8725e1812a2363ec0e36db6cc0d10d0"
       "ae38b8a281345c06278af5d832c5b206875cc2b65346d6bd6bea1432897161746f27bf71f36e319d91d799764b38b2db"
       "b033da9d6f35ac85aa22449de37a098509e740da0e491710e9a1609818dca06a566a904a40e4cacf999959978bc4e314"
       "6a61e0bb0af3ac3adfd1f0f3dfa257f5dc6f9c46e4e9d539b5234a911429e7499635cb32e125a642d9af3863add8996c"
       "76e267eccae36094cd297c6e36d6dbd8dd0c2dd8b9855098f0c9382d3a79539f9002d2cbb4c30acd6140508b85c807f8"
       "92d9c75915b9f8c3ebe90ca81232da25d9f3aae365ddd8e994cb695c5dbdc353"},
    {// hashDRBG-1.0 tgId 10 tcId 136
     CCE_DRBG_HASH, CCE_HASH_SHA3_384, CCE_DRBG_PREDICTION_RESISTANCE, 0, 512,
     "690bed9c226c1a6d76d562f1ba0e00d9361857edbc33ab944df7ea9cc62d42630f55ba5d65e681183121e5af48117132"
       "6e1fd2375f8afc23695382a4854b8f5b85ab032b406ef90850b677b85614e7d09c70e85689c70e1381facc5eefd2cfa9"
       "da3cc32fe20ea256755bff6e9d7d1e35b1727754f4699848dbe639e2c46e644f2415367549994213c5ddbf2110e9f9bb"
       "dd91cd5421f4be10b10dc925216733357d0f579738fcc67ec69849b37a4956a40c5b4af8a4e25f7cac6f71101709ac0e"
       "903a6b668d05162889713680706b7f231de02fce75c36fe976e59d4f244feffd19ba1efa6d74843b29c0bb14ccd56249",
     "09c4d1af2d40c62e7f91235b7115c99fa6b1d47e8258b76c001d9bac5d8cb069c14464b204b3c47947d159a4f5fb7ba6",
     "cf0a0a138e097f61bbb4b5ff1696fcce8b238f43121d0b84c6f32d8c5afbff7431a342b3c5ecbe0d69454325a2e14f63"
       "1f1533d509addd12bdd0004c17e9a6fed957e065f91be4bff998f0f02fc954c640457500fad9cc12093ccea9acb8a65a"
       "3573eef6a88fa895162eafd5bfe74f8c79ac04be44db72c84e89f4a2b0faeda86db0d77e55ce734403badc6ca21a9bfe"
       "df7fa49a61140a0cf244c41bd3ac4ff29b51ef5be52e0c1e4665d24ee8640d13a4c84f00ed88fa5d0bbdad61ecb9aad5",
     {
      {2, "25e04c8ee88bc4101fdd87d92922c53fda573ae98b6e39ada1fd182bd84409deec8233eedb1ea815068916003a98b8b5"
       "33909764e344ff58cf27ac91a0ca9a35dec171e1d7f9cf71bb1d2e8bc708d44e8eb9f67279e7a05d640ae7aa90643235"
       "14de090ee6466f2902104c83a26463b6d13cf5d300af13e7d058284622d28207a1d1f02bbfa68a838df6218dcf70b58d",
       "510a7d126bd4060409c8b571cafc20249d1bf458f1b5c14e4f61a807b31daf85c9f24343f72022952ae1e080f5dae535"
       "fed5aa7ef67f7f944e74328e6930e6ea48ab4baf321efa4899ead871490fc381f011389a07f83115a27562f168bc7f02"
       "532a8fb85bd5473670b27727942209b0659a4be9333a15d864a78579556afa11126c9353bf281c3bfb6bd41cd195bc27"
       "efb75b62cd926fe77d4fe1781142a145cf48bd5149f968c1fd187ba2219228451f96bcf6afc959cfbedd4c27ea195476"
       "0df6aff9dbdcbeabae0b2b27612dc4ca77cc9165b8af3b7e41982d07a416cd2940dccfe55d9f11b1fb75a5eb489b67eb"},
      {2, "be955f0706c6c8af34d8da124040e845850256d3b53db97de735943e73a4c251f8dd8f0c947500708dd33826f16c70bd"
       "fe2fb88e275a274da2f47d063656836cfecc7eb1fde6743e917d2ddc8b5b71643cca94f610c11d778f8df308b391eebb"
       "b0c38163d1ad889225c94f45d1b6da95fd309824113330802f505e86799907e0c3ff9365f06f95d5efa52941414dc7ee",
       "136ca2bb72b1ba432972d2678278384e0a919299a4ed029fec0bd6cc7659f201b7e1feb2e8127255983853f20e82e0c5"
       "71a09a344f7fcf111f8bcee407537b7c64e1e9623daaefa5c5e21874ff212bbaefdd1ff2d657e3a1443c5cd7b83737b1"
       "ac52143a3dcfa39092718b3221144d7b63861c3e0428cf791b2732e13b8116501439884d9c8e410c1c231aa5d0fec977"
       "1d9759ce884cea359fb1c87edcbfb4ac175c30ea8b6a13bc55a48bef5d6f2ae3a50ea0f02e2dad452314b8b04a96b1a7"
       "127815fbe26e86bd8787fc35910e49586113148d67c7242c57135911289b4351da1cfda7c78cf6ba9c07b7535a04587c"},
     },
     "5a8f565c9b0ebf054054f886349d67dd5ca2305a8049228e7be50b4c381937bac37d1c612eff0db18dbcf463566d3a37"
       "7c6a9e22fa5f0dee626173815121bcbf18906362f7492532d5548c88349f9d812012c2428c35ae52a700830902e23fd5"
       "6c05c3e4bfad4426e9a0f90f482f98475b8b87120f56634ed0bbec35ee6f745944a3e7e9ccfd144a031d6d45db3203d2"
       "67d0aa80632056b04fa5f43533c9c21165fbb7a6c428af16111b3a244273d56f6936e4146537946b5b6288e74da5135e"
       "ed95a3c5123694c64dd885b2b0b32182819868a0b8864908654f01dd574eae2c8452b2ce000b75c4a2917171af612484"
       "180ee8f87fe9c848bdaee136a7df102ebaf15f2763689a1e79a4d1b02d11705b3f2499b42b1c67f1581d67f22b3b06cf"
       "ec05ac664aee5f60ba803beea186486eec53b2c449873e8af455131e378eada9ebaae6684d6205d2f6c33d093edc9267"
       "ba213d04138cb2d06047c284bcf52f3f5c7870502a5a516a3c783ce86db54719d1147eeee0a1897991785599a1b4b550"
       "f686bf263def56764dcf27b6639a336f450c2f394f3b69de47b3f16d4d23e50445ced086cdf75306b823e96eb69f0319"
       "5bd84ed17ecc583085638eae4c704f8e6f6f68ce1f2975c11ef09c5430697ad97528ea616ce991dca108e26a010adba5"
       "4237eb6cf668d7b8e6eb2661d094d75a0a0f3443870a1c4656b1187f57be5774"},
    {// CAVP HMAC_DRBG.rsp [SHA-256] no PR, reseed, line 5064
     CCE_DRBG_HMAC, CCE_HASH_SHA256, 0, 0, 128,
     "06032cd5eed33f39265f49ecb142c511da9aff2af71203bffaf34a9ca5bd9c0d",
     "0e66f71edc43e42a45ad3c6fc6cdc4df",
     "",
     {
      {1, "",
       "01920a4e669ed3a85ae8a33b35a74ad7fb2a6bb4cf395ce00334a9c9a5a5d552"},
      {2, "",
       ""},
      {2, "",
       ""},
     },
     "76fc79fe9b50beccc991a11b5635783a83536add03c157fb30645e611c2898bb2b1bc215000209208cd506cb28da2a51"
       "bdb03826aaf2bd2335d576d519160842e7158ad0949d1a9ec3e66ea1b1a064b005de914eac2e9d4f2d72a8616a802254"
       "22918250ff66a41bd2f864a6a38cc5b6499dc43f7f2bd09e1e0f8f5885935124"},
    {// CAVP HMAC_DRBG.rsp [SHA-256] no reseed, no personalization, COUNT 0
     CCE_DRBG_HMAC, CCE_HASH_SHA256, 0, 0, 128,
     "ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488",
     "659ba96c601dc69fc902940805ec0ca8",
     "",
     {
      {2, "",
       ""},
      {2, "",
       ""},
     },
     "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460"
       "b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668"
       "961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8"},
    {// independent Python HMAC_DRBG (hashlib) SHA-1
     CCE_DRBG_HMAC, CCE_HASH_SHA1, 0, 0, 45,
     "f7c7701d0117e9f1f0ce9508abb11519c45a3c0407fcc904",
     "58a59f7b9d762617",
     "2eb61dd803807ce1f73f10aa8ae9771199ac1683",
     {
      {1, "74e087aa04f18212015524b579a8602a0d",
       "940b45d38e10a54d7bd95a443fa7ee33"},
      {2, "13967f29138e372406ef58c51cf48724ab4e740a",
       ""},
      {2, "6a46a9ce0a2d45274cf4d827c7d5760a9062c359",
       ""},
     },
     "dedb79b539b9138f588c3435409963f5863474a19929c1b191772d9cdf797bde855ca6a30d8b83292b07d32340"},
    {// independent Python HMAC_DRBG (hashlib) SHA2-512 PR
     CCE_DRBG_HMAC, CCE_HASH_SHA512, CCE_DRBG_PREDICTION_RESISTANCE, 0, 133,
     "7e5795d177790bc8ee78ded198e12b70bbc784d0704b461fc72f6a6fc41ef0871ad4d77c60d1d1a8",
     "41a431581bb3b3cff62894e8f144f827",
     "d9d7fbb852cbc972b8121465360ce549cd093881d416caeef0b3ff514ef175109541db12b06df333196531b4e2e37580"
       "3cd1cc5ceedb3483e3b36b2cf395344d",
     {
      {2, "0fd05a88277fe8c5f38c785523210c9f2aec25d78b11b6532b00abac0fa316c2ca25ea370a6e64bc5335f8d2ac61efdf"
       "eaf54789a1eb4d6c51af93d826d68817",
       "c342476966db9046861db36046364cb7d696650d59e0d5703bc67d2a614e0012"},
      {2, "7a654c6dd7aed37a2f66a07a2848975ea79958342b84ffed9175cdab79a807cdcbb977a9cc1a065df8cb7910ea23e3e7"
       "e59654fa59c0c0fe4a4caeaf955490f2",
       "f34b903182d0bf471288b19a34568255e952754415c28696958c1ed23e415f23"},
     },
     "8e7587a5521ff56591a2ebb6151e07a580c2db4194beb0e20d6c64a8e0de38e225a7a263e9788a4acc14f83216d93665"
       "8e2da961b395271fdb0e8b829adf1e849469c24ad53c9e5198e99528df15c699e838748bcd0b03ee3668468be96f114a"
       "1e4a2fbb145c3155019ee8b211af2b0db572cf8154b5d468b30df1ceae232b0a0c52457e23"},
    {// independent Python HMAC_DRBG (hashlib) SHA3-256
     CCE_DRBG_HMAC, CCE_HASH_SHA3_256, 0, 0, 69,
     "de076509aafd0bf935aa27fd50845a6fe883e811d8c2f54e42b27ce89438598115a7e9cf04ae9554",
     "dc903a297a7faff0acf3fd23e0889f9e",
     "112588f2d63eb02ae981c181b0c664dad65321b5ff8f90889c99d8720a5f11ee",
     {
      {1, "6ded57257cadc1a63db1fbcb07ddbc5b97",
       "5ec3d7ad68e20b9a9c12503a9fcd3258f0f085b0c461967efa0d0772ce14d44b"},
      {2, "5f6a2c13a30436c632d5fd9a9e8cbb2480f821ace941a6be0cf0e999775c99ba",
       ""},
      {2, "5f496568c75e3b4902e65095fc441e8b9909dd378892975e892f524a5cd6ed45",
       ""},
     },
     "7e0e0ad89766055d74c040dbb264c1e051a37d4f289309f930d7870db1b70ca9ba3ea0cf3231ea91299152f4631afe1f"
       "b200b88810ebd7a4d891009b62791e5d6145ee05b8"},
    {// independent Python HMAC_DRBG (hashlib) SHA2-384 PR
     CCE_DRBG_HMAC, CCE_HASH_SHA384, CCE_DRBG_PREDICTION_RESISTANCE, 0, 101,
     "b6b1a42d74fde92be000f7f88bb2683d317145d5deba2c5af2bd96d0d868877cc199967bd37a8371",
     "b9bacdbc5f9e1ab6ac87d966d594201b",
     "c8787c188b8e21cec5413dfdb2125564f44bb6855a678cda309b79aceeaced7751f271eb861b8acffd761513322d9be5",
     {
      {2, "552c6045b1ed33430728f8a9509a190b0ecead426c52574efa97ed6fb693e7ae2a60f865024a9898eb48e8d4b451eddb",
       "9c3f27d7ebdb319c739b716a80da568544cfe36f6442af937e503fd54928f829"},
      {2, "e76928083b93f58bebfb5aa08b346eeb71068c67c711b7e2b71012d03ed3a561b6e27c61c7c8f43cb14dd58353f7d184",
       "8473cea8ae104dcec506ccd8802e2425606d2d8723ec4d187d8acd55992244de"},
     },
     "602040aa64275917bdeb4cd63591f09f98ce19de298ff34d0c483477fcc8ef7687e8ce1a9386f7b1242929a7fc713c4b"
       "5716f8effad263ced3ce0e4b8c86f6328b323a09247fb314d2cf4fd123d5625ae182a63964f177824d76b7aaed466a9a"
       "f0a2e0dc4f"},
    {// independent Python HMAC_DRBG (hashlib) SHA3-512
     CCE_DRBG_HMAC, CCE_HASH_SHA3_512, 0, 0, 133,
     "eac7f36edcbe7847df502a10ca703a713fc11144d327d0a1d4f98f4625fa64fb37338f8525eb3657",
     "b9ad9e69ad0084f458e130a439d78d04",
     "04e05cd1703caec3026a6c7f6b54f1eaa695843fc196c593c7b8907c4e789704054ab2911fecf87392dbc23e656b350a"
       "6e641cf5692ddb2c9c12e9c9b85ec92b",
     {
      {1, "3bda9f7d930fe44b3e72752c43296aa4bd",
       "bfc23acd108361082044ac800758820fcc46ba8404e90b69f27b07b5c149e22e"},
      {2, "4f85e402e94ad5a753f4a09834e92fb308a74ea1bd9b7feb046c296fa5569e49de18f4e314d593bb6b91e555fb87b59a"
       "09a8cd68f271862e671b8ee68454a696",
       ""},
      {2, "84f98930a78419651651b28320a3dbf212a4a454f6b9d59d7b43d9dec51310e99a73c79ce1025a09979c371bceaa72b3"
       "8d2deb920a4480d4acc194d1664f94f0",
       ""},
     },
     "f5574d7c5b36b64a69c6195b00d6abe63c1a02e457f4128eee12599a8f6182cf9acbd7a49ec8ed4985a46a14b1027767"
       "de8de9975787b34801b6dbaa6cd74557a4280661cd26190328ad77bfe43f49113d1d6e03925bf053d545dfc8cfb62557"
       "44c72a1941db2de0431b93aa387630d85ddc699ae59f2385bc1c6068c75b7063c9ecb7d28a"},
};

static uint8_t big_a[70000], big_b[70000];

static void test_vectors(void) {
  uint8_t ent[512], nonce[128], perso[512], addl[512], ent2[512], out[1024], exp[1024];
  for (size_t i = 0; i < sizeof drbg_vecs / sizeof drbg_vecs[0]; i++) {
    const drbg_vec *v = &drbg_vecs[i];
    cce_drbg_config cfg = {v->mech, v->hash, v->flags, v->ctr_len};
    cce_drbg_ctx ctx;
    size_t el = unhex(v->entropy, ent, sizeof ent), nl = unhex(v->nonce, nonce, sizeof nonce);
    size_t pl = unhex(v->perso, perso, sizeof perso);
    cce_status st = cce_drbg_instantiate(&ctx, &cfg, ent, el, nl ? nonce : NULL, nl, pl ? perso : NULL, pl);
    CHECK(st == CCE_OK);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
    for (size_t s = 0; s < 3 && v->steps[s].use != 0; s++) {
      size_t al = unhex(v->steps[s].addl, addl, sizeof addl);
      size_t e2 = unhex(v->steps[s].entropy, ent2, sizeof ent2);
      if (v->steps[s].use == 1) {
        st = cce_drbg_reseed(&ctx, ent2, e2, al ? addl : NULL, al);
      } else if (v->flags & CCE_DRBG_PREDICTION_RESISTANCE) {
        st = cce_drbg_generate_pr(&ctx, out, v->out_len, ent2, e2, al ? addl : NULL, al);
      } else {
        st = cce_drbg_generate(&ctx, out, v->out_len, al ? addl : NULL, al);
      }
      CHECK(st == CCE_OK);
    }
    size_t xl = unhex(v->expected, exp, sizeof exp);
    CHECK(xl == v->out_len);
    if (memcmp(out, exp, xl) != 0) {
      fprintf(stderr, "  vector %zu (mech %d, hash %d) mismatch\n", i, (int)v->mech, (int)v->hash);
      g_fail++;
    } else {
      g_pass++;
    }
    cce_drbg_uninstantiate(&ctx);
  }
}

// A fixed instance of each kind, for the property tests.
static void inst(cce_drbg_ctx *ctx, cce_drbg_mech mech, cce_hash_alg hash, uint32_t flags, uint32_t ctr_len) {
  uint8_t ent[48], nonce[32], perso[7] = "perso!";
  for (size_t i = 0; i < sizeof ent; i++) ent[i] = (uint8_t)(i * 7 + 1);
  for (size_t i = 0; i < sizeof nonce; i++) nonce[i] = (uint8_t)(i * 3 + 5);
  size_t el = 48;
  if (mech == CCE_DRBG_CTR_AES128 && (flags & CCE_DRBG_NO_DF)) el = 32;
  if (mech == CCE_DRBG_CTR_AES192 && (flags & CCE_DRBG_NO_DF)) el = 40;
  cce_drbg_config cfg = {mech, hash, flags, ctr_len};
  cce_status st = cce_drbg_instantiate(ctx, &cfg, ent, el, nonce, sizeof nonce, perso, sizeof perso);
  CHECK(st == CCE_OK);
}

// The output of one generate call is a prefix of a longer call from the
// same state (the DRBG's output blocks do not depend on the request
// length): checks the in-place batching, the tail block and the short path
// at every length up to 1100 bytes, for each mechanism.
static void test_prefix_property(void) {
  static const struct {
    cce_drbg_mech mech;
    cce_hash_alg hash;
    uint32_t flags;
  } kinds[] = {{CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0},
               {CCE_DRBG_CTR_AES192, CCE_HASH_NONE, CCE_DRBG_NO_DF},
               {CCE_DRBG_CTR_AES256, CCE_HASH_NONE, 0},
               {CCE_DRBG_HASH, CCE_HASH_SHA384, 0},
               {CCE_DRBG_HMAC, CCE_HASH_SHA3_256, 0}};
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    cce_drbg_ctx ref, c;
    inst(&ref, kinds[k].mech, kinds[k].hash, kinds[k].flags, 0);
    CHECK(cce_drbg_generate(&ref, big_a, CCE_DRBG_MAX_REQUEST_BYTES, NULL, 0) == CCE_OK);
    int bad = 0;
    size_t step = kinds[k].mech <= CCE_DRBG_CTR_AES256 ? 1 : 13;
    for (size_t n = 0; n <= 1100; n += step) {
      inst(&c, kinds[k].mech, kinds[k].hash, kinds[k].flags, 0);
      memset(big_b, 0xee, n + 16);
      if (cce_drbg_generate(&c, big_b, n, NULL, 0) != CCE_OK || memcmp(big_a, big_b, n) != 0 || big_b[n] != 0xee)
        bad++;
      cce_drbg_uninstantiate(&c);
    }
    CHECK(bad == 0);
    // and a long odd length
    inst(&c, kinds[k].mech, kinds[k].hash, kinds[k].flags, 0);
    CHECK(cce_drbg_generate(&c, big_b, 40000 + 7, NULL, 0) == CCE_OK);
    CHECK(memcmp(big_a, big_b, 40007) == 0);
    cce_drbg_uninstantiate(&c);
    // the state moves on: a second call differs from the first
    CHECK(cce_drbg_generate(&ref, big_b, 64, NULL, 0) == CCE_OK);
    CHECK(memcmp(big_a, big_b, 64) != 0);
    cce_drbg_uninstantiate(&ref);
  }
}

// ctr_len (SP 800-90A 10.2.1): with a 4-bit counter field, only the low 4
// bits of V count, so the output blocks repeat with period 16 within one
// request; with the full 128-bit counter they do not.
static void test_ctr_len(void) {
  cce_drbg_ctx c;
  uint8_t out[16 * 40];
  inst(&c, CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0, 4);
  CHECK(cce_drbg_generate(&c, out, sizeof out, NULL, 0) == CCE_OK);
  CHECK(memcmp(out, out + 16 * 16, 16) == 0);
  CHECK(memcmp(out + 16 * 3, out + 16 * 35, 16) == 0);
  CHECK(memcmp(out, out + 16, 16) != 0);
  cce_drbg_uninstantiate(&c);
  inst(&c, CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0, 128);
  CHECK(cce_drbg_generate(&c, out, sizeof out, NULL, 0) == CCE_OK);
  CHECK(memcmp(out, out + 16 * 16, 16) != 0);
  cce_drbg_uninstantiate(&c);
  // 0 means 128: same output as explicit 128
  uint8_t out2[16 * 40];
  inst(&c, CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0, 0);
  CHECK(cce_drbg_generate(&c, out2, sizeof out2, NULL, 0) == CCE_OK);
  CHECK(memcmp(out, out2, sizeof out) == 0);
  cce_drbg_uninstantiate(&c);
  // ctr_len 64 differs from 128 only on a wrap of the low 64 bits: equal here
  inst(&c, CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0, 64);
  CHECK(cce_drbg_generate(&c, out2, sizeof out2, NULL, 0) == CCE_OK);
  CHECK(memcmp(out, out2, sizeof out) == 0);
  cce_drbg_uninstantiate(&c);
}

static int all_zero(const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

static void test_inputs_matter(void) {
  // personalization, additional input and the nonce each change the output
  uint8_t ent[32] = {1}, nonce[16] = {2}, a[32], b[32];
  cce_drbg_config cfg = {CCE_DRBG_HASH, CCE_HASH_SHA256, 0, 0};
  cce_drbg_ctx c;
  CHECK(cce_drbg_instantiate(&c, &cfg, ent, 32, nonce, 16, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_generate(&c, a, 32, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_instantiate(&c, &cfg, ent, 32, nonce, 16, (const uint8_t *)"x", 1) == CCE_OK);
  CHECK(cce_drbg_generate(&c, b, 32, NULL, 0) == CCE_OK);
  CHECK(memcmp(a, b, 32) != 0);
  CHECK(cce_drbg_instantiate(&c, &cfg, ent, 32, nonce, 16, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_generate(&c, b, 32, (const uint8_t *)"y", 1) == CCE_OK);
  CHECK(memcmp(a, b, 32) != 0);
  nonce[0] ^= 1;
  CHECK(cce_drbg_instantiate(&c, &cfg, ent, 32, nonce, 16, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_generate(&c, b, 32, NULL, 0) == CCE_OK);
  CHECK(memcmp(a, b, 32) != 0);
  cce_drbg_uninstantiate(&c);
}

static void test_errors(void) {
  uint8_t ent[64] = {0}, nonce[32] = {0}, out[64];
  cce_drbg_ctx c;
  cce_drbg_config ok = {CCE_DRBG_CTR_AES256, CCE_HASH_NONE, 0, 0};
  // NULL pointers
  CHECK(cce_drbg_instantiate(NULL, &ok, ent, 32, nonce, 16, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_drbg_instantiate(&c, NULL, ent, 32, nonce, 16, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_instantiate(&c, &ok, NULL, 32, nonce, 16, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_instantiate(&c, &ok, ent, 32, NULL, 16, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_instantiate(&c, &ok, ent, 32, nonce, 16, NULL, 3) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_instantiate_seeded(NULL, &ok, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_instantiate_seeded(&c, NULL, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_instantiate_seeded(&c, &ok, NULL, 1) == CCE_ERR_NULL_POINTER);
  // bad configurations
  cce_drbg_config bad[] = {{(cce_drbg_mech)0, CCE_HASH_NONE, 0, 0},
                           {(cce_drbg_mech)9, CCE_HASH_NONE, 0, 0},
                           {CCE_DRBG_CTR_AES128, CCE_HASH_SHA256, 0, 0},
                           {CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0, 3},
                           {CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0, 129},
                           {CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0x80, 0},
                           {CCE_DRBG_HASH, CCE_HASH_NONE, 0, 0},
                           {CCE_DRBG_HASH, CCE_HASH_SHAKE128, 0, 0},
                           {CCE_DRBG_HMAC, CCE_HASH_SHAKE256, 0, 0},
                           {CCE_DRBG_HMAC, (cce_hash_alg)77, 0, 0},
                           {CCE_DRBG_HASH, CCE_HASH_SHA256, CCE_DRBG_NO_DF, 0},
                           {CCE_DRBG_HMAC, CCE_HASH_SHA256, 0, 64}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    CHECK(cce_drbg_instantiate(&c, &bad[i], ent, 48, nonce, 32, NULL, 0) == CCE_ERR_INVALID_ARG);
    CHECK(cce_drbg_instantiate_seeded(&c, &bad[i], NULL, 0) == CCE_ERR_INVALID_ARG);
  }
  // lengths: entropy below the security strength; nonce below half of it
  // (allowed when the entropy carries 3/2 of the strength); no-df rules
  CHECK(cce_drbg_instantiate(&c, &ok, ent, 31, nonce, 16, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_drbg_instantiate(&c, &ok, ent, 32, nonce, 15, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_drbg_instantiate(&c, &ok, ent, 32, nonce, 16, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_instantiate(&c, &ok, ent, 48, NULL, 0, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_instantiate(&c, &ok, ent, 47, NULL, 0, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  cce_drbg_config nodf = {CCE_DRBG_CTR_AES128, CCE_HASH_NONE, CCE_DRBG_NO_DF, 0};
  CHECK(cce_drbg_instantiate(&c, &nodf, ent, 32, NULL, 0, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_security_strength(&c) == 128);
  CHECK(cce_drbg_instantiate(&c, &nodf, ent, 33, NULL, 0, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_drbg_instantiate(&c, &nodf, ent, 31, NULL, 0, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_drbg_instantiate(&c, &nodf, ent, 32, NULL, 0, ent, 33) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_drbg_security_strength(&c) == 0);  // failed instantiate leaves it dead
  CHECK(cce_drbg_instantiate(&c, &nodf, ent, 32, NULL, 0, ent, 32) == CCE_OK);
  CHECK(cce_drbg_reseed(&c, ent, 31, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_drbg_reseed(&c, ent, 32, ent, 33) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_drbg_reseed(&c, ent, 32, ent, 32) == CCE_OK);
  CHECK(cce_drbg_generate(&c, out, 16, ent, 33) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_drbg_generate(&c, out, 16, ent, 32) == CCE_OK);
  // security strengths
  cce_drbg_config h1 = {CCE_DRBG_HMAC, CCE_HASH_SHA1, 0, 0}, h224 = {CCE_DRBG_HASH, CCE_HASH_SHA512_224, 0, 0};
  CHECK(cce_drbg_instantiate(&c, &h1, ent, 16, nonce, 8, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_security_strength(&c) == 128);
  CHECK(cce_drbg_instantiate(&c, &h1, ent, 15, nonce, 8, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(cce_drbg_instantiate(&c, &h224, ent, 24, nonce, 12, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_security_strength(&c) == 192);
  CHECK(cce_drbg_security_strength(NULL) == 0);

  // use before instantiate / after uninstantiate
  cce_drbg_ctx z;
  memset(&z, 0, sizeof z);
  memset(out, 0x55, sizeof out);
  CHECK(cce_drbg_generate(&z, out, 16, NULL, 0) == CCE_ERR_CTX_STATE);
  CHECK(all_zero(out, 16));
  CHECK(cce_drbg_reseed(&z, ent, 32, NULL, 0) == CCE_ERR_CTX_STATE);
  CHECK(cce_drbg_set_reseed_interval(&z, 5) == CCE_ERR_CTX_STATE);
  CHECK(cce_drbg_generate(NULL, out, 16, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_reseed(NULL, ent, 32, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_set_reseed_interval(NULL, 5) == CCE_ERR_NULL_POINTER);

  CHECK(cce_drbg_instantiate(&c, &ok, ent, 32, nonce, 16, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_generate(&c, NULL, 16, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_generate(&c, NULL, 0, NULL, 0) == CCE_OK);
  CHECK(cce_drbg_generate(&c, out, 16, NULL, 4) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_reseed(&c, NULL, 5, NULL, 0) == CCE_ERR_NULL_POINTER);
  CHECK(cce_drbg_reseed(&c, ent, 32, NULL, 5) == CCE_ERR_NULL_POINTER);
  memset(big_a, 0x55, CCE_DRBG_MAX_REQUEST_BYTES + 1);
  CHECK(cce_drbg_generate(&c, big_a, CCE_DRBG_MAX_REQUEST_BYTES + 1, NULL, 0) == CCE_ERR_INVALID_LENGTH);
  CHECK(all_zero(big_a, CCE_DRBG_MAX_REQUEST_BYTES + 1));
  CHECK(cce_drbg_generate(&c, big_a, CCE_DRBG_MAX_REQUEST_BYTES, NULL, 0) == CCE_OK);
  // prediction resistance needs the flag
  memset(out, 0x55, sizeof out);
  CHECK(cce_drbg_generate_pr(&c, out, 16, ent, 32, NULL, 0) == CCE_ERR_INVALID_ARG);
  CHECK(all_zero(out, 16));
  CHECK(cce_service_indicator() == CCE_INDICATOR_FAILED);
  CHECK(cce_drbg_set_reseed_interval(&c, 0) == CCE_ERR_INVALID_ARG);
  CHECK(cce_drbg_set_reseed_interval(&c, CCE_DRBG_MAX_RESEED_INTERVAL + 1) == CCE_ERR_INVALID_ARG);
  CHECK(cce_drbg_set_reseed_interval(&c, CCE_DRBG_MAX_RESEED_INTERVAL) == CCE_OK);
  // uninstantiate zeroes every byte; the context is dead afterwards
  cce_drbg_uninstantiate(&c);
  CHECK(all_zero(&c, sizeof c));
  CHECK(cce_drbg_generate(&c, out, 16, NULL, 0) == CCE_ERR_CTX_STATE);
  cce_drbg_uninstantiate(NULL);
}

// Reseed counter limit: a caller-seeded instance stops after `interval`
// generates until reseeded; a self-seeded one reseeds by itself.
static void test_reseed_limit(void) {
  uint8_t ent[32] = {9}, nonce[16] = {8}, out[32], prev[32];
  cce_drbg_ctx c;
  static const cce_drbg_config cfgs[] = {{CCE_DRBG_CTR_AES128, CCE_HASH_NONE, 0, 0},
                                         {CCE_DRBG_HASH, CCE_HASH_SHA256, 0, 0},
                                         {CCE_DRBG_HMAC, CCE_HASH_SHA256, 0, 0}};
  for (size_t i = 0; i < 3; i++) {
    CHECK(cce_drbg_instantiate(&c, &cfgs[i], ent, 32, nonce, 16, NULL, 0) == CCE_OK);
    CHECK(cce_drbg_set_reseed_interval(&c, 3) == CCE_OK);
    for (int k = 0; k < 3; k++) CHECK(cce_drbg_generate(&c, out, 32, NULL, 0) == CCE_OK);
    memset(out, 0x55, sizeof out);
    CHECK(cce_drbg_generate(&c, out, 32, NULL, 0) == CCE_ERR_LIMIT_REACHED);
    CHECK(all_zero(out, 32));
    CHECK(cce_drbg_reseed(&c, ent, 32, NULL, 0) == CCE_OK);
    CHECK(cce_drbg_generate(&c, out, 32, NULL, 0) == CCE_OK);
    // reseed from the module's entropy source also restarts the counter
    for (int k = 0; k < 2; k++) CHECK(cce_drbg_generate(&c, out, 32, NULL, 0) == CCE_OK);
    CHECK(cce_drbg_reseed(&c, NULL, 0, NULL, 0) == CCE_OK);
    CHECK(cce_drbg_generate(&c, out, 32, NULL, 0) == CCE_OK);
    cce_drbg_uninstantiate(&c);

    CHECK(cce_drbg_instantiate_seeded(&c, &cfgs[i], (const uint8_t *)"app", 3) == CCE_OK);
    CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
    CHECK(cce_drbg_set_reseed_interval(&c, 1) == CCE_OK);
    memset(prev, 0, sizeof prev);
    for (int k = 0; k < 5; k++) {
      CHECK(cce_drbg_generate(&c, out, 32, NULL, 0) == CCE_OK);
      CHECK(memcmp(out, prev, 32) != 0);
      memcpy(prev, out, 32);
    }
    cce_drbg_uninstantiate(&c);
  }
}

// Self-seeded instances of every kind, prediction resistance from the
// entropy source, and two instances never agree.
static void test_seeded(void) {
  static const cce_drbg_config cfgs[] = {
      {CCE_DRBG_CTR_AES128, CCE_HASH_NONE, CCE_DRBG_PREDICTION_RESISTANCE, 0},
      {CCE_DRBG_CTR_AES192, CCE_HASH_NONE, CCE_DRBG_NO_DF | CCE_DRBG_PREDICTION_RESISTANCE, 0},
      {CCE_DRBG_CTR_AES256, CCE_HASH_NONE, CCE_DRBG_NO_DF, 32},
      {CCE_DRBG_HASH, CCE_HASH_SHA1, CCE_DRBG_PREDICTION_RESISTANCE, 0},
      {CCE_DRBG_HASH, CCE_HASH_SHA3_512, 0, 0},
      {CCE_DRBG_HMAC, CCE_HASH_SHA512_256, CCE_DRBG_PREDICTION_RESISTANCE, 0},
      {CCE_DRBG_HMAC, CCE_HASH_SHA3_224, 0, 0}};
  for (size_t i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
    cce_drbg_ctx a, b;
    uint8_t oa[48], ob[48];
    CHECK(cce_drbg_instantiate_seeded(&a, &cfgs[i], NULL, 0) == CCE_OK);
    CHECK(cce_drbg_instantiate_seeded(&b, &cfgs[i], NULL, 0) == CCE_OK);
    CHECK(cce_drbg_generate(&a, oa, sizeof oa, NULL, 0) == CCE_OK);
    CHECK(cce_drbg_generate(&b, ob, sizeof ob, NULL, 0) == CCE_OK);
    CHECK(memcmp(oa, ob, sizeof oa) != 0);
    if (cfgs[i].flags & CCE_DRBG_PREDICTION_RESISTANCE) {
      CHECK(cce_drbg_generate_pr(&a, oa, sizeof oa, NULL, 0, (const uint8_t *)"ai", 2) == CCE_OK);
      CHECK(cce_service_indicator() == CCE_INDICATOR_APPROVED);
      CHECK(memcmp(oa, ob, sizeof oa) != 0);
    }
    cce_drbg_uninstantiate(&a);
    cce_drbg_uninstantiate(&b);
  }
}

static void test_selftests_registered(void) {
  // the three DRBG KATs have run (lazily, before first use) and passed
  const char *want[] = {"CTR_DRBG KAT", "Hash_DRBG KAT", "HMAC_DRBG KAT"};
  for (size_t w = 0; w < 3; w++) {
    int found = 0;
    for (size_t i = 0; i < cce_selftest_count(); i++) {
      cce_selftest_info info;
      if (cce_selftest_get(i, &info) != CCE_OK) continue;
      if (strcmp(info.name, want[w]) == 0) {
        found = 1;
        CHECK(info.result == CCE_SELFTEST_PASSED);
        CHECK(strcmp(info.kind, "KAT") == 0);
      }
    }
    CHECK(found);
  }
  CHECK(cce_module_status() == CCE_STATE_OPERATIONAL);
}

int main(void) {
  test_vectors();
  test_prefix_property();
  test_ctr_len();
  test_inputs_matter();
  test_errors();
  test_reseed_limit();
  test_seeded();
  test_selftests_registered();
  printf("drbg_test: %u passed, %u failed\n", g_pass, g_fail);
  return g_fail ? 1 : 0;
}
