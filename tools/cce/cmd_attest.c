// cce attest: attestation evidence signed by the device's DICE Alias key
// over a verifier's nonce and the firmware measurement, and its
// verification against the certificate chain of `cce identity`.
//
// Evidence format (docs/device-identity.md), integers big-endian:
//   0   "CCEATTv1"        magic (8 bytes)
//   8   body_len          uint32: length of the signed body (this header included)
//   12  state             uint8: life-cycle state when signed (2 DEPLOYED, 3 RMA)
//   13  0x00              reserved
//   14  nonce_len         uint16, 8..64
//   16  nonce
//   ..  hash_alg          uint8: 2 = SHA2-384
//   ..  meas_len          uint8: 48
//   ..  measurement
//   ..  alias key id      20 bytes (leftmost 160 bits of SHA2-256 of the Alias public key)
//   body_len  signature   DER ECDSA-Sig-Value, ECDSA P-384 with SHA2-384 over
//                         bytes [0, body_len), by the Alias key; to the end of the file

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/dice.h"
#include "cce/ec.h"
#include "cce/ecdsa_sig.h"
#include "cce/encoding.h"
#include "cce/util.h"
#include "cce/x509.h"
#include "cli.h"
#include "cli_keys.h"
#include "device.h"

#define ATT_MAGIC "CCEATTv1"
#define ATT_MIN_NONCE 8
#define ATT_MAX_NONCE 64
#define ATT_HASH_SHA384 2
#define ATT_MAX_BODY (16 + ATT_MAX_NONCE + 2 + CCE_DICE_MEASUREMENT_BYTES + CCE_X509_KEYID_BYTES)
#define ATT_MAX_FILE (ATT_MAX_BODY + CCE_ECDSA_MAX_DER_SIG_BYTES)

static void usage(void) {
  printf(
      "Usage: cce attest [--device DIR] (--fw FILE | --measurement HEX) --nonce HEX -o EVIDENCE\n"
      "       cce attest --verify EVIDENCE --chain CHAIN --nonce HEX [--ca MFR_CERT]\n"
      "                  [--fw FILE | --measurement HEX]\n"
      "\n"
      "Sign the verifier's nonce (8 to 64 bytes, hex) and the firmware\n"
      "measurement (SHA2-384 of --fw, or 96 hex digits) with the device's DICE\n"
      "Alias key (ECDSA P-384, SHA2-384). The evidence format is in\n"
      "docs/device-identity.md. Allowed in life-cycle states DEPLOYED and RMA\n"
      "only (CCE_ERR_LIFECYCLE otherwise).\n"
      "\n"
      "--verify checks evidence against the chain written by `cce identity -o`\n"
      "(Alias certificate, then DeviceID certificate): the Alias certificate is\n"
      "signed by the DeviceID key, the evidence by the Alias key, the nonce is\n"
      "the one given, and the measurement is the one in the Alias certificate's\n"
      "TcbInfo (and the expected one, with --fw/--measurement). With --ca, the\n"
      "DeviceID certificate must be signed by that manufacturer CA (without it\n"
      "the chain is not anchored, which is reported).\n"
      "\n"
      "  --device DIR   the device directory (default: $CCE_DEVICE)\n"
      "  -h, --help     this help\n"
      "\n"
      "Exit status: 0 success (evidence valid), 1 failure, 2 usage error.\n");
}

static void put16(uint8_t *p, unsigned v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}
static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

static int parse_nonce(const char *hex, uint8_t *nonce, size_t *len) {
  long n = cli_hex_decode_buf(hex, strlen(hex), nonce, ATT_MAX_NONCE);
  if (n < ATT_MIN_NONCE) {
    cli_usage_err("--nonce must be %d to %d bytes in hex", ATT_MIN_NONCE, ATT_MAX_NONCE);
    return -1;
  }
  *len = (size_t)n;
  return 0;
}

static int attest(const char *dir, const uint8_t *meas, const uint8_t *nonce, size_t nonce_len, const char *out) {
  cli_lifecycle state;
  if (cli_device_require(dir, CLI_LC_BIT(CLI_LC_DEPLOYED) | CLI_LC_BIT(CLI_LC_RMA), "attest", &state) != 0)
    return CLI_EXIT_FAIL;
  cce_dice_ctx ctx;
  if (cli_device_dice(dir, meas, &ctx) != 0) return CLI_EXIT_FAIL;
  uint8_t file[ATT_MAX_FILE], apub[CCE_DICE_PUBLIC_BYTES], sig[CCE_DICE_SIG_BYTES];
  size_t o = 0;
  memcpy(file, ATT_MAGIC, 8);
  o = 12;
  file[o++] = (uint8_t)state;
  file[o++] = 0;
  put16(file + o, (unsigned)nonce_len);
  o += 2;
  memcpy(file + o, nonce, nonce_len);
  o += nonce_len;
  file[o++] = ATT_HASH_SHA384;
  file[o++] = CCE_DICE_MEASUREMENT_BYTES;
  memcpy(file + o, meas, CCE_DICE_MEASUREMENT_BYTES);
  o += CCE_DICE_MEASUREMENT_BYTES;
  cce_status st = cce_dice_public_key(&ctx, CCE_DICE_ALIAS, apub, sizeof apub);
  if (st == CCE_OK) st = cce_x509_key_id(apub, sizeof apub, file + o);
  o += CCE_X509_KEYID_BYTES;
  put32(file + 8, (uint32_t)o);
  if (st == CCE_OK) st = cce_dice_sign(&ctx, CCE_DICE_ALIAS, file, o, sig, sizeof sig);
  cce_dice_cleanup(&ctx);
  size_t sder_len = 0;
  if (st == CCE_OK) st = cce_ecdsa_sig_to_der(sig, sizeof sig, file + o, sizeof file - o, &sder_len);
  if (st != CCE_OK) {
    cli_err("attestation failed: %s", cce_status_str(st));
    return CLI_EXIT_FAIL;
  }
  if (cli_write_file(out, NULL, 0, file, o + sder_len) != 0) return CLI_EXIT_FAIL;
  return CLI_EXIT_OK;
}

// Loads the certificates of a PEM file (at most `max`) into `der`.
static int load_certs(const char *path, uint8_t der[][CCE_X509_MAX_CERT_BYTES], size_t *lens, int max) {
  uint8_t *buf = NULL;
  size_t len = 0;
  int e = cli_read_file(path, 1u << 20, &buf, &len);
  if (e != 0) {
    cli_err_errno(e, "%s", path);
    return -1;
  }
  int n = 0;
  size_t pos = 0;
  char label[CCE_PEM_MAX_LABEL];
  while (n < max) {
    cce_status st = cce_pem_decode(der[n], CCE_X509_MAX_CERT_BYTES, &lens[n], label, (const char *)buf, len, &pos);
    if (st != CCE_OK) {
      cli_err("%s: malformed PEM (%s)", path, cce_status_str(st));
      n = -1;
      break;
    }
    if (label[0] == '\0') break;
    if (strcmp(label, "CERTIFICATE") == 0) n++;
  }
  cli_free_secret(buf, len);
  return n;
}

static int cert_key(const cce_x509_cert *c, cce_pkey *k, const char *what) {
  const char *why = NULL;
  if (cce_pkey_parse_der(k, c->spki.data, c->spki.len, &why) != CCE_OK || k->type != CCE_PKEY_EC) {
    cli_err("%s certificate: unusable public key%s%s", what, why ? ": " : "", why ? why : "");
    return -1;
  }
  return 0;
}

// Checks that `child` is signed by `parent`'s key and names it as issuer.
static int check_link(const cce_x509_cert *child, const cce_x509_cert *parent, const char *cname,
                      const char *pname) {
  cce_pkey pk;
  if (cert_key(parent, &pk, pname) != 0) return -1;
  if (child->issuer.len != parent->subject.len ||
      memcmp(child->issuer.data, parent->subject.data, parent->subject.len) != 0) {
    cli_err("the %s certificate was not issued by the %s certificate (issuer name differs)", cname, pname);
    return -1;
  }
  if (!parent->is_ca || (parent->has_key_usage && !(parent->key_usage & CCE_X509_KU_KEY_CERT_SIGN))) {
    cli_err("the %s certificate is not a CA (basicConstraints cA, keyUsage keyCertSign)", pname);
    return -1;
  }
  if (child->unknown_critical || parent->unknown_critical) {
    cli_err("the %s or %s certificate has a critical extension not understood here", cname, pname);
    return -1;
  }
  if (child->sig_hash == CCE_HASH_NONE) {
    cli_err("the %s certificate's signature algorithm is not ECDSA with SHA-2", cname);
    return -1;
  }
  cce_ec_curve_id curve = cli_key_ec_curve(&pk);
  uint8_t rs[CCE_ECDSA_MAX_SIG_BYTES];
  size_t rs_len = cce_ecdsa_sig_len(curve);
  cce_status st = cce_ecdsa_sig_from_der(child->sig.data, child->sig.len, rs, rs_len);
  if (st == CCE_OK)
    st = cce_ecdsa_verify(curve, child->sig_hash, pk.pub, pk.pub_len, child->tbs.data, child->tbs.len, rs, rs_len);
  if (st != CCE_OK) {
    cli_err("the %s certificate's signature does not verify under the %s key (%s)", cname, pname,
            cce_status_str(st));
    return -1;
  }
  return 0;
}

static uint32_t get32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static int verify(const char *ev_path, const char *chain, const char *ca, const uint8_t *nonce, size_t nonce_len,
                  const uint8_t *expect_meas) {
  static uint8_t der[3][CCE_X509_MAX_CERT_BYTES];
  size_t lens[3];
  int n = load_certs(chain, der, lens, 2);
  if (n < 0) return CLI_EXIT_FAIL;
  if (n < 2) {
    cli_err("%s: expected the Alias and DeviceID certificates (found %d)", chain, n);
    return CLI_EXIT_FAIL;
  }
  cce_x509_cert alias, devid, cac;
  if (cce_x509_parse(&alias, der[0], lens[0]) != CCE_OK || cce_x509_parse(&devid, der[1], lens[1]) != CCE_OK) {
    cli_err("%s: malformed certificate", chain);
    return CLI_EXIT_FAIL;
  }
  if (check_link(&alias, &devid, "Alias", "DeviceID") != 0) return CLI_EXIT_FAIL;
  if (ca != NULL) {
    int m = load_certs(ca, der + 2, lens + 2, 1);
    if (m != 1 || cce_x509_parse(&cac, der[2], lens[2]) != CCE_OK) {
      cli_err("%s: no valid certificate", ca);
      return CLI_EXIT_FAIL;
    }
    if (check_link(&devid, &cac, "DeviceID", "manufacturer CA") != 0) return CLI_EXIT_FAIL;
  }
  if (alias.has_key_usage && !(alias.key_usage & CCE_X509_KU_DIGITAL_SIGNATURE)) {
    cli_err("the Alias certificate does not allow digitalSignature");
    return CLI_EXIT_FAIL;
  }
  if (alias.fwid.len != CCE_DICE_MEASUREMENT_BYTES || alias.fwid_hash != CCE_HASH_SHA384) {
    cli_err("the Alias certificate has no SHA2-384 TcbInfo measurement");
    return CLI_EXIT_FAIL;
  }
  // The evidence.
  uint8_t *ev = NULL;
  size_t ev_len = 0;
  int e = cli_read_file(ev_path, ATT_MAX_FILE, &ev, &ev_len);
  if (e != 0) {
    cli_err_errno(e, "%s", ev_path);
    return CLI_EXIT_FAIL;
  }
  int rc = CLI_EXIT_FAIL;
  const char *bad = NULL;
  size_t body = 0, nl = 0, o = 16;
  if (ev_len < 16 || memcmp(ev, ATT_MAGIC, 8) != 0) {
    bad = "not attestation evidence (bad magic)";
  } else {
    body = get32(ev + 8);
    nl = ((size_t)ev[14] << 8) | ev[15];
    if (ev[12] > CLI_LC_DECOMMISSIONED || ev[13] != 0)
      bad = "malformed header";
    else if (nl < ATT_MIN_NONCE || nl > ATT_MAX_NONCE)
      bad = "bad nonce length";
    else if (body != 16 + nl + 2 + CCE_DICE_MEASUREMENT_BYTES + CCE_X509_KEYID_BYTES || body >= ev_len)
      bad = "bad body length (truncated or malformed)";
    else if (ev[16 + nl] != ATT_HASH_SHA384 || ev[17 + nl] != CCE_DICE_MEASUREMENT_BYTES)
      bad = "unsupported measurement hash";
  }
  if (bad) {
    cli_err("%s: %s", ev_path, bad);
    goto out;
  }
  {
    const uint8_t *ev_nonce = ev + o;
    const uint8_t *ev_meas = ev + o + nl + 2;
    const uint8_t *ev_kid = ev_meas + CCE_DICE_MEASUREMENT_BYTES;
    cce_pkey ak;
    uint8_t kid[CCE_X509_KEYID_BYTES], rs[CCE_DICE_SIG_BYTES];
    if (cert_key(&alias, &ak, "Alias") != 0) goto out;
    if (ak.curve != CCE_PKEY_CURVE_P384) {
      cli_err("the Alias key is not P-384");
      goto out;
    }
    if (cce_x509_key_id(ak.pub, ak.pub_len, kid) != CCE_OK || memcmp(kid, ev_kid, sizeof kid) != 0) {
      cli_err("%s: signed by another Alias key than the chain's", ev_path);
      goto out;
    }
    cce_status st = cce_ecdsa_sig_from_der(ev + body, ev_len - body, rs, sizeof rs);
    if (st == CCE_OK) st = cce_ecdsa_verify(CCE_EC_P384, CCE_HASH_SHA384, ak.pub, ak.pub_len, ev, body, rs, sizeof rs);
    if (st != CCE_OK) {
      cli_err("%s: signature does not verify under the Alias key (%s)", ev_path, cce_status_str(st));
      goto out;
    }
    if (nl != nonce_len || memcmp(ev_nonce, nonce, nl) != 0) {
      cli_err("%s: nonce mismatch (stale or replayed evidence)", ev_path);
      goto out;
    }
    if (memcmp(ev_meas, alias.fwid.data, CCE_DICE_MEASUREMENT_BYTES) != 0) {
      cli_err("%s: measurement differs from the Alias certificate's TcbInfo", ev_path);
      goto out;
    }
    if (expect_meas && memcmp(ev_meas, expect_meas, CCE_DICE_MEASUREMENT_BYTES) != 0) {
      cli_err("%s: measurement differs from the expected firmware", ev_path);
      goto out;
    }
    printf("evidence OK: nonce matches, state %s, measurement ", cli_lifecycle_name((cli_lifecycle)ev[12]));
    cli_print_hex(stdout, ev_meas, CCE_DICE_MEASUREMENT_BYTES);
    printf("\nchain: Alias <- DeviceID%s\n", ca ? " <- manufacturer CA (anchored)" : " (NOT anchored: no --ca given)");
    rc = CLI_EXIT_OK;
  }
out:
  cli_free_secret(ev, ev_len);
  return rc;
}

int cmd_attest(int argc, char **argv) {
  enum { O_DEVICE = 256, O_FW, O_MEAS, O_NONCE, O_VERIFY, O_CHAIN, O_CA };
  static const struct option longopts[] = {
      {"device", required_argument, NULL, O_DEVICE},
      {"fw", required_argument, NULL, O_FW},
      {"measurement", required_argument, NULL, O_MEAS},
      {"nonce", required_argument, NULL, O_NONCE},
      {"verify", required_argument, NULL, O_VERIFY},
      {"chain", required_argument, NULL, O_CHAIN},
      {"ca", required_argument, NULL, O_CA},
      {"output", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *dopt = NULL, *fw = NULL, *mhex = NULL, *nhex = NULL, *ev = NULL, *chain = NULL, *ca = NULL;
  const char *out = NULL;
  int c;
  cli_getopt_reset();
  while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
    switch (c) {
      case O_DEVICE: dopt = optarg; break;
      case O_FW: fw = optarg; break;
      case O_MEAS: mhex = optarg; break;
      case O_NONCE: nhex = optarg; break;
      case O_VERIFY: ev = optarg; break;
      case O_CHAIN: chain = optarg; break;
      case O_CA: ca = optarg; break;
      case 'o': out = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (nhex == NULL) return cli_usage_err("missing --nonce HEX");
  uint8_t nonce[ATT_MAX_NONCE], meas[CCE_DICE_MEASUREMENT_BYTES];
  size_t nonce_len;
  if (parse_nonce(nhex, nonce, &nonce_len) != 0) return CLI_EXIT_USAGE;
  if (ev != NULL) {
    if (chain == NULL) return cli_usage_err("--verify needs --chain CHAIN");
    if (out || dopt) return cli_usage_err("--verify takes no -o or --device");
    const uint8_t *expect = NULL;
    if (fw || mhex) {
      int m = cli_device_measurement(fw, mhex, meas);
      if (m == -2) return CLI_EXIT_USAGE;
      if (m != 0) return CLI_EXIT_FAIL;
      expect = meas;
    }
    return verify(ev, chain, ca, nonce, nonce_len, expect);
  }
  if (chain || ca) return cli_usage_err("--chain and --ca go with --verify");
  if (out == NULL) return cli_usage_err("missing -o EVIDENCE");
  int m = cli_device_measurement(fw, mhex, meas);
  if (m == -2) return CLI_EXIT_USAGE;
  if (m != 0) return CLI_EXIT_FAIL;
  const char *dir = cli_device_dir(dopt);
  if (dir == NULL) return CLI_EXIT_USAGE;
  return attest(dir, meas, nonce, nonce_len, out);
}
