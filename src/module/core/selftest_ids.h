// Self-test identifiers, generated from selftest_list.h.
#ifndef CCE_SRC_CORE_SELFTEST_IDS_H
#define CCE_SRC_CORE_SELFTEST_IDS_H

enum cce_selftest_id {
#define X(id, name, alg, kind, fn) id,
#include "selftest_list.h"
#undef X
  CCE_ST_COUNT
};

#endif  // CCE_SRC_CORE_SELFTEST_IDS_H
