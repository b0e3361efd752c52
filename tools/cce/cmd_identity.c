// cce identity: the DICE identities of a device (DeviceID, Alias) and their
// X.509 certificate chain (docs/device-identity.md):
//
//   manufacturer CA (self-signed, --make-mfr-ca creates one for tests)
//     -> DeviceID certificate (signed by the manufacturer key; CA, pathlen 0)
//        -> Alias certificate (signed by the DeviceID key; TcbInfo with the
//           firmware measurement)
//
// All signatures ECDSA with SHA2-384. The certificates are deterministic:
// fixed validity (2025-01-01T00:00:00Z to 99991231235959Z), serials and
// key identifiers derived from the keys, RFC 6979 signatures.

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cce/dice.h"
#include "cce/ec.h"
#include "cce/encoding.h"
#include "cce/util.h"
#include "cce/x509.h"
#include "cli.h"
#include "cli_keys.h"
#include "device.h"

#define IDENTITY_NOT_BEFORE 1735689600  // 2025-01-01T00:00:00Z
#define CERT_PEM_MAX 4096

static void usage(void) {
  printf(
      "Usage: cce identity [--device DIR] (--fw FILE | --measurement HEX)\n"
      "                    [--mfr-key KEY --mfr-cert CERT] [-o CHAIN]\n"
      "                    [--deviceid-cert FILE] [--alias-cert FILE]\n"
      "       cce identity --make-mfr-ca -o KEY --cert CERT [--subject CN]\n"
      "\n"
      "Derive the device's DICE identities (docs/device-identity.md) and print\n"
      "their public keys:\n"
      "  DeviceID  ECDSA P-384, from the unique device secret alone\n"
      "  Alias     ECDSA P-384, from the CDI = HKDF(device secret, measurement):\n"
      "            new firmware means a new Alias identity\n"
      "The measurement is the SHA2-384 of the firmware image (--fw) or given\n"
      "as 96 hex digits (--measurement).\n"
      "\n"
      "With --mfr-key and --mfr-cert (the manufacturer's CA key and\n"
      "certificate), also issue the X.509 chain: DeviceID certificate signed by\n"
      "the manufacturer, Alias certificate signed by the DeviceID key, carrying\n"
      "the measurement in a TCG DICE TcbInfo extension (2.23.133.5.4.1).\n"
      "  -o CHAIN              PEM: Alias certificate, then DeviceID certificate\n"
      "  --deviceid-cert FILE  the DeviceID certificate alone (PEM)\n"
      "  --alias-cert FILE     the Alias certificate alone (PEM)\n"
      "Then: openssl verify -CAfile mfr.crt -untrusted deviceid.crt alias.crt\n"
      "\n"
      "--make-mfr-ca creates a manufacturer CA for tests: a P-384 key (-o,\n"
      "PKCS#8 PEM, mode 0600) and its self-signed certificate (--cert).\n"
      "\n"
      "Allowed in life-cycle states PROVISIONED and DEPLOYED only\n"
      "(CCE_ERR_LIFECYCLE otherwise; docs/lifecycle.md).\n"
      "\n"
      "  --device DIR   the device directory (default: $CCE_DEVICE)\n"
      "  -h, --help     this help\n"
      "\n"
      "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

// A signer: the manufacturer's key (a cce_pkey) or a DICE key.
typedef struct signer {
  const cce_pkey *key;
  const cce_dice_ctx *dice;
  cce_dice_key which;
} signer;

static int sign_tbs(const signer *s, const uint8_t *tbs, size_t tbs_len, uint8_t *sig, size_t *sig_len) {
  cce_status st;
  if (s->dice) {
    st = cce_dice_sign(s->dice, s->which, tbs, tbs_len, sig, CCE_DICE_SIG_BYTES);
    *sig_len = CCE_DICE_SIG_BYTES;
  } else {
    cce_ec_curve_id c = cli_key_ec_curve(s->key);
    *sig_len = cce_ecdsa_sig_len(c);
    st = cce_ecdsa_sign(c, CCE_HASH_SHA384, s->key->priv, s->key->priv_len, tbs, tbs_len, CCE_ECDSA_DETERMINISTIC,
                        sig, CCE_ECDSA_MAX_SIG_BYTES);
  }
  if (st != CCE_OK) {
    cli_err("signing failed: %s", cce_status_str(st));
    return -1;
  }
  return 0;
}

// Builds and signs one certificate; `cert` gets CCE_X509_MAX_CERT_BYTES.
static int issue(cce_x509_tbs_params *p, const signer *s, uint8_t *cert, size_t *cert_len) {
  uint8_t tbs[CCE_X509_MAX_CERT_BYTES], sig[CCE_ECDSA_MAX_SIG_BYTES];
  size_t tbs_len, sig_len;
  p->sig_hash = CCE_HASH_SHA384;
  cce_status st = cce_x509_build_tbs(tbs, sizeof tbs, &tbs_len, p);
  if (st != CCE_OK) {
    cli_err("cannot encode the certificate: %s", cce_status_str(st));
    return -1;
  }
  if (sign_tbs(s, tbs, tbs_len, sig, &sig_len) != 0) return -1;
  st = cce_x509_assemble(cert, CCE_X509_MAX_CERT_BYTES, cert_len, tbs, tbs_len, CCE_HASH_SHA384, sig, sig_len);
  if (st != CCE_OK) {
    cli_err("cannot encode the certificate: %s", cce_status_str(st));
    return -1;
  }
  return 0;
}

static int cert_pem(const uint8_t *der, size_t len, char *pem, size_t cap, size_t *pem_len) {
  cce_status st = cce_pem_encode(pem, cap, pem_len, "CERTIFICATE", der, len);
  if (st != CCE_OK) {
    cli_err("PEM encoding failed: %s", cce_status_str(st));
    return -1;
  }
  return 0;
}

// Reads the first CERTIFICATE of a PEM (or DER) file into `der`.
static int load_cert(const char *path, uint8_t *der, size_t cap, size_t *der_len) {
  uint8_t *buf = NULL;
  size_t len = 0;
  int e = cli_read_file(path, 1u << 20, &buf, &len);
  if (e != 0) {
    cli_err_errno(e, "%s", path);
    return -1;
  }
  int rc = -1;
  if (len > 0 && buf[0] == 0x30) {
    if (len <= cap) {
      memcpy(der, buf, len);
      *der_len = len;
      rc = 0;
    }
  } else {
    size_t pos = 0;
    char label[CCE_PEM_MAX_LABEL];
    for (;;) {
      cce_status st = cce_pem_decode(der, cap, der_len, label, (const char *)buf, len, &pos);
      if (st != CCE_OK || label[0] == '\0') break;
      if (strcmp(label, "CERTIFICATE") == 0) {
        rc = 0;
        break;
      }
    }
  }
  cli_free_secret(buf, len);
  if (rc != 0) cli_err("%s: no certificate found", path);
  return rc;
}

static void key_serial_and_id(const uint8_t *pub, size_t pub_len, uint8_t kid[CCE_X509_KEYID_BYTES]) {
  if (cce_x509_key_id(pub, pub_len, kid) != CCE_OK) memset(kid, 0, CCE_X509_KEYID_BYTES);
}

static int make_mfr_ca(const char *key_out, const char *cert_out, const char *subject) {
  if (key_out == NULL || cert_out == NULL) return cli_usage_err("--make-mfr-ca needs -o KEY and --cert CERT");
  cce_pkey k;
  memset(&k, 0, sizeof k);
  uint8_t priv[CCE_EC_P384_SCALAR_BYTES], pub[CCE_EC_P384_PUBLIC_BYTES];
  cce_status st = cce_ecdsa_keygen(CCE_EC_P384, priv, sizeof priv, pub, sizeof pub);
  if (st == CCE_OK) st = cce_pkey_set(&k, CCE_PKEY_EC, CCE_PKEY_CURVE_P384, priv, sizeof priv, pub, sizeof pub);
  cce_wipe(priv, sizeof priv);
  if (st != CCE_OK) {
    cli_err("key generation failed: %s", cce_status_str(st));
    cce_pkey_wipe(&k);
    return CLI_EXIT_FAIL;
  }
  uint8_t kid[CCE_X509_KEYID_BYTES], name[CCE_X509_MAX_NAME_BYTES], cert[CCE_X509_MAX_CERT_BYTES];
  size_t name_len, cert_len;
  key_serial_and_id(k.pub, k.pub_len, kid);
  st = cce_x509_name(name, sizeof name, &name_len, "OpenCCE", subject, NULL);
  if (st != CCE_OK) {
    cce_pkey_wipe(&k);
    return cli_usage_err("invalid --subject (1 to 64 characters)");
  }
  cce_x509_tbs_params p;
  memset(&p, 0, sizeof p);
  p.serial = kid;
  p.serial_len = sizeof kid;
  p.issuer = name;
  p.issuer_len = name_len;
  p.subject = name;
  p.subject_len = name_len;
  p.not_before = (int64_t)time(NULL) - 60;
  p.not_after = -1;
  p.curve = CCE_PKEY_CURVE_P384;
  p.subject_pub = k.pub;
  p.subject_pub_len = k.pub_len;
  p.is_ca = 1;
  p.path_len = -1;
  p.key_usage = CCE_X509_KU_KEY_CERT_SIGN | CCE_X509_KU_CRL_SIGN;
  p.ski = kid;
  p.ski_len = sizeof kid;
  p.aki = kid;
  p.aki_len = sizeof kid;
  signer s = {&k, NULL, 0};
  char pem[CERT_PEM_MAX], kpem[CCE_PKEY_MAX_PEM_BYTES];
  size_t pem_len, kpem_len;
  int rc = CLI_EXIT_FAIL;
  if (issue(&p, &s, cert, &cert_len) == 0 && cert_pem(cert, cert_len, pem, sizeof pem, &pem_len) == 0) {
    st = cce_pkey_private_to_pem(kpem, sizeof kpem, &kpem_len, &k);
    if (st != CCE_OK) {
      cli_err("key encoding failed: %s", cce_status_str(st));
    } else if (cli_write_file(key_out, NULL, CLI_OUT_PRIVATE, kpem, kpem_len) == 0 &&
               cli_write_file(cert_out, NULL, 0, pem, pem_len) == 0) {
      rc = CLI_EXIT_OK;
    }
  }
  cce_wipe(kpem, sizeof kpem);
  cce_pkey_wipe(&k);
  return rc;
}

static void print_key(FILE *f, const char *label, const uint8_t *pub, size_t len) {
  uint8_t kid[CCE_X509_KEYID_BYTES];
  key_serial_and_id(pub, len, kid);
  fprintf(f, "%s public key (P-384): ", label);
  cli_print_hex(f, pub, len);
  fprintf(f, "\n%s key id: ", label);
  cli_print_hex(f, kid, sizeof kid);
  fprintf(f, "\n");
}

// Issues the DeviceID and Alias certificates; writes them out.
static int issue_chain(const cce_dice_ctx *ctx, const uint8_t *devid_pub, const uint8_t *alias_pub,
                       const uint8_t *meas, const char *mfr_key, const char *mfr_cert, const char *chain_out,
                       const char *devid_out, const char *alias_out) {
  cce_pkey mk;
  if (cli_load_key(mfr_key, CLI_KEY_NEED_PRIVATE, &mk) != 0) return CLI_EXIT_FAIL;
  int rc = CLI_EXIT_FAIL;
  uint8_t mder[CCE_X509_MAX_CERT_BYTES * 4];
  size_t mder_len;
  cce_x509_cert mc;
  cce_pkey mcert_key;
  const char *why = NULL;
  if (mk.type != CCE_PKEY_EC) {
    cli_err("%s: the manufacturer key must be an ECDSA key (P-256, P-384 or P-521)", mfr_key);
    goto out;
  }
  if (load_cert(mfr_cert, mder, sizeof mder, &mder_len) != 0) goto out;
  if (cce_x509_parse(&mc, mder, mder_len) != CCE_OK) {
    cli_err("%s: not a valid X.509 v3 certificate", mfr_cert);
    goto out;
  }
  if (cce_pkey_parse_der(&mcert_key, mc.spki.data, mc.spki.len, &why) != CCE_OK || mcert_key.type != CCE_PKEY_EC ||
      mcert_key.pub_len != mk.pub_len || memcmp(mcert_key.pub, mk.pub, mk.pub_len) != 0) {
    cli_err("%s does not certify the key %s", mfr_cert, mfr_key);
    goto out;
  }
  if (!mc.is_ca) {
    cli_err("%s is not a CA certificate (basicConstraints cA)", mfr_cert);
    goto out;
  }
  {
    uint8_t mkid[CCE_X509_KEYID_BYTES], dkid[CCE_X509_KEYID_BYTES], akid[CCE_X509_KEYID_BYTES];
    uint8_t dname[CCE_X509_MAX_NAME_BYTES], aname[CCE_X509_MAX_NAME_BYTES];
    char dsn[2 * CCE_X509_KEYID_BYTES + 1], asn[2 * CCE_X509_KEYID_BYTES + 1];
    size_t dname_len, aname_len;
    uint8_t tcb[256];
    size_t tcb_len;
    key_serial_and_id(mk.pub, mk.pub_len, mkid);
    key_serial_and_id(devid_pub, CCE_DICE_PUBLIC_BYTES, dkid);
    key_serial_and_id(alias_pub, CCE_DICE_PUBLIC_BYTES, akid);
    cli_hex_encode(dsn, dkid, sizeof dkid);
    cli_hex_encode(asn, akid, sizeof akid);
    if (cce_x509_name(dname, sizeof dname, &dname_len, "OpenCCE", "OpenCCE DeviceID", dsn) != CCE_OK ||
        cce_x509_name(aname, sizeof aname, &aname_len, "OpenCCE", "OpenCCE Alias", asn) != CCE_OK ||
        cce_x509_tcbinfo(tcb, sizeof tcb, &tcb_len, "OpenCCE", "OpenCCE firmware", 0, meas,
                         CCE_DICE_MEASUREMENT_BYTES) != CCE_OK) {
      cli_err("cannot encode the certificate names");
      goto out;
    }
    cce_x509_tbs_params p;
    memset(&p, 0, sizeof p);
    p.serial = dkid;
    p.serial_len = sizeof dkid;
    p.issuer = mc.subject.data;
    p.issuer_len = mc.subject.len;
    p.subject = dname;
    p.subject_len = dname_len;
    p.not_before = IDENTITY_NOT_BEFORE;
    p.not_after = -1;
    p.curve = CCE_PKEY_CURVE_P384;
    p.subject_pub = devid_pub;
    p.subject_pub_len = CCE_DICE_PUBLIC_BYTES;
    p.is_ca = 1;
    p.path_len = 0;
    p.key_usage = CCE_X509_KU_KEY_CERT_SIGN;
    p.ski = dkid;
    p.ski_len = sizeof dkid;
    // The authority key id must match the issuer's own SKI when it has one.
    p.aki = mc.ski.len ? mc.ski.data : mkid;
    p.aki_len = mc.ski.len ? mc.ski.len : sizeof mkid;
    uint8_t dcert[CCE_X509_MAX_CERT_BYTES], acert[CCE_X509_MAX_CERT_BYTES];
    size_t dcert_len, acert_len;
    signer ms = {&mk, NULL, 0};
    if (issue(&p, &ms, dcert, &dcert_len) != 0) goto out;
    memset(&p, 0, sizeof p);
    p.serial = akid;
    p.serial_len = sizeof akid;
    p.issuer = dname;
    p.issuer_len = dname_len;
    p.subject = aname;
    p.subject_len = aname_len;
    p.not_before = IDENTITY_NOT_BEFORE;
    p.not_after = -1;
    p.curve = CCE_PKEY_CURVE_P384;
    p.subject_pub = alias_pub;
    p.subject_pub_len = CCE_DICE_PUBLIC_BYTES;
    p.is_ca = 0;
    p.path_len = -1;
    p.key_usage = CCE_X509_KU_DIGITAL_SIGNATURE;
    p.ski = akid;
    p.ski_len = sizeof akid;
    p.aki = dkid;
    p.aki_len = sizeof dkid;
    p.tcbinfo = tcb;
    p.tcbinfo_len = tcb_len;
    signer ds = {NULL, ctx, CCE_DICE_DEVICEID};
    if (issue(&p, &ds, acert, &acert_len) != 0) goto out;
    char dpem[CERT_PEM_MAX], apem[CERT_PEM_MAX], chain[2 * CERT_PEM_MAX];
    size_t dpem_len, apem_len;
    if (cert_pem(dcert, dcert_len, dpem, sizeof dpem, &dpem_len) != 0 ||
        cert_pem(acert, acert_len, apem, sizeof apem, &apem_len) != 0)
      goto out;
    memcpy(chain, apem, apem_len);
    memcpy(chain + apem_len, dpem, dpem_len);
    if (chain_out && cli_write_file(chain_out, NULL, 0, chain, apem_len + dpem_len) != 0) goto out;
    if (devid_out && cli_write_file(devid_out, NULL, 0, dpem, dpem_len) != 0) goto out;
    if (alias_out && cli_write_file(alias_out, NULL, 0, apem, apem_len) != 0) goto out;
    rc = CLI_EXIT_OK;
  }
out:
  cce_pkey_wipe(&mk);
  return rc;
}

int cmd_identity(int argc, char **argv) {
  enum { O_DEVICE = 256, O_FW, O_MEAS, O_MKEY, O_MCERT, O_DCERT, O_ACERT, O_MAKE, O_CERT, O_SUBJ };
  static const struct option longopts[] = {
      {"device", required_argument, NULL, O_DEVICE},
      {"fw", required_argument, NULL, O_FW},
      {"measurement", required_argument, NULL, O_MEAS},
      {"mfr-key", required_argument, NULL, O_MKEY},
      {"mfr-cert", required_argument, NULL, O_MCERT},
      {"deviceid-cert", required_argument, NULL, O_DCERT},
      {"alias-cert", required_argument, NULL, O_ACERT},
      {"make-mfr-ca", no_argument, NULL, O_MAKE},
      {"cert", required_argument, NULL, O_CERT},
      {"subject", required_argument, NULL, O_SUBJ},
      {"output", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *dopt = NULL, *fw = NULL, *mhex = NULL, *mkey = NULL, *mcert = NULL, *dcert = NULL, *acert = NULL;
  const char *out = NULL, *cert = NULL, *subject = "OpenCCE Test Manufacturer CA";
  int make = 0, c;
  cli_getopt_reset();
  while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
    switch (c) {
      case O_DEVICE: dopt = optarg; break;
      case O_FW: fw = optarg; break;
      case O_MEAS: mhex = optarg; break;
      case O_MKEY: mkey = optarg; break;
      case O_MCERT: mcert = optarg; break;
      case O_DCERT: dcert = optarg; break;
      case O_ACERT: acert = optarg; break;
      case O_MAKE: make = 1; break;
      case O_CERT: cert = optarg; break;
      case O_SUBJ: subject = optarg; break;
      case 'o': out = optarg; break;
      case 'h': usage(); return CLI_EXIT_OK;
      default: return cli_usage_hint();
    }
  }
  if (optind < argc) return cli_usage_err("unexpected argument '%s'", argv[optind]);
  if (make) {
    if (dopt || fw || mhex || mkey || mcert || dcert || acert)
      return cli_usage_err("--make-mfr-ca takes only -o KEY, --cert CERT and --subject");
    return make_mfr_ca(out, cert, subject);
  }
  if (cert) return cli_usage_err("--cert goes with --make-mfr-ca");
  if ((mkey == NULL) != (mcert == NULL)) return cli_usage_err("--mfr-key and --mfr-cert go together");
  if (mkey == NULL && (out || dcert || acert))
    return cli_usage_err("issuing certificates needs --mfr-key and --mfr-cert");
  uint8_t meas[CCE_DICE_MEASUREMENT_BYTES];
  int m = cli_device_measurement(fw, mhex, meas);
  if (m == -2) return CLI_EXIT_USAGE;
  if (m != 0) return CLI_EXIT_FAIL;
  const char *dir = cli_device_dir(dopt);
  if (dir == NULL) return CLI_EXIT_USAGE;
  if (cli_device_require(dir, CLI_LC_BIT(CLI_LC_PROVISIONED) | CLI_LC_BIT(CLI_LC_DEPLOYED), "identity", NULL) != 0)
    return CLI_EXIT_FAIL;
  cce_dice_ctx ctx;
  if (cli_device_dice(dir, meas, &ctx) != 0) return CLI_EXIT_FAIL;
  uint8_t dpub[CCE_DICE_PUBLIC_BYTES], apub[CCE_DICE_PUBLIC_BYTES];
  if (cce_dice_public_key(&ctx, CCE_DICE_DEVICEID, dpub, sizeof dpub) != CCE_OK ||
      cce_dice_public_key(&ctx, CCE_DICE_ALIAS, apub, sizeof apub) != CCE_OK) {
    cce_dice_cleanup(&ctx);
    cli_err("cannot read the DICE public keys");
    return CLI_EXIT_FAIL;
  }
  int to_stdout = (out && strcmp(out, "-") == 0) || (dcert && strcmp(dcert, "-") == 0) ||
                  (acert && strcmp(acert, "-") == 0);
  FILE *info = to_stdout ? stderr : stdout;
  fprintf(info, "measurement (SHA2-384): ");
  cli_print_hex(info, meas, sizeof meas);
  fprintf(info, "\n");
  print_key(info, "DeviceID", dpub, sizeof dpub);
  print_key(info, "Alias", apub, sizeof apub);
  int rc = CLI_EXIT_OK;
  if (mkey) rc = issue_chain(&ctx, dpub, apub, meas, mkey, mcert, out, dcert, acert);
  cce_dice_cleanup(&ctx);
  return rc;
}
