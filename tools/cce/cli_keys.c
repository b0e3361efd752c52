// Key files for the key commands of cce (see cli_keys.h).

#include "cli_keys.h"

#include <errno.h>
#include <string.h>

#include "cce/util.h"
#include "cli.h"

// see cli_keys.h
int cli_load_key(const char *path, unsigned flags, cce_pkey *k) {
  uint8_t *buf = NULL;
  size_t len = 0;
  memset(k, 0, sizeof *k);
  int rc = cli_read_file(path, CLI_KEY_FILE_MAX, &buf, &len);
  if (rc == EFBIG) {
    cli_err("%s: not a key file (larger than %u bytes)", path, CLI_KEY_FILE_MAX);
    return -1;
  }
  if (rc) {
    cli_err_errno(rc, "%s: cannot read the key file", path);
    return -1;
  }
  const char *why = "";
  cce_status st = cce_pkey_parse(k, buf, len, &why);
  cli_free_secret(buf, len ? len : 1);
  if (st != CCE_OK) {
    if (!why || !why[0]) why = cce_status_str(st);
    if (st == CCE_ERR_DECODE)
      cli_err("%s: not a valid key: %s", path, why);
    else
      cli_err("%s: %s", path, why);
    cce_pkey_wipe(k);
    return -1;
  }
  if ((flags & CLI_KEY_NEED_PRIVATE) && k->priv_len == 0) {
    cli_err("%s: is a public key (%s); a private key is needed", path, cce_pkey_name(k));
    cce_pkey_wipe(k);
    return -1;
  }
  return 0;
}

// see cli_keys.h
cce_ec_curve_id cli_key_ec_curve(const cce_pkey *k) {
  if (k->type != CCE_PKEY_EC) return CCE_EC_NONE;
  switch (k->curve) {
    case CCE_PKEY_CURVE_P256: return CCE_EC_P256;
    case CCE_PKEY_CURVE_P384: return CCE_EC_P384;
    case CCE_PKEY_CURVE_P521: return CCE_EC_P521;
    default: return CCE_EC_NONE;
  }
}

// see cli_keys.h
int cli_write_file(const char *path, const char *input, unsigned flags, const void *data, size_t len) {
  cli_out o;
  if (cli_out_open(&o, path, input, flags) != 0) return -1;
  if (cli_out_write(&o, data, len) != 0) {
    cli_err_errno(o.failed ? o.failed : EIO, "%s", path ? path : "-");
    cli_out_abort(&o);
    return -1;
  }
  return cli_out_commit(&o);
}
