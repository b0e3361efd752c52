# Vector runners (included by tests/CMakeLists.txt when jansson is found).
#
#   acvp.<set>            cce-acvp answers ${CCE_VECTORS}/acvp/<set>/prompt.json into
#                         <build>/tests/acvp/<set>.json, then cce-acvp-check compares
#                         it with expectedResults.json. cce-acvp exit 2 (no handler
#                         for the algorithm in this build) -> skipped.
#   acvp.<set>.portable   the same with CCE_CPU=portable (every accelerated path off)
#                         and CCE_ACVP_SKIP_LDT=1, for the sets whose algorithms have
#                         accelerated code (AES, SHA-1/2, SHA-3 keccak, HMAC, CMAC,
#                         DRBG, KDF): the portable code answers the same AFT/MCT
#                         tests; the multi-GiB large-data tests run once only.
#   wycheproof.<name>     cce-wycheproof on ${CCE_VECTORS}/wycheproof/<name>_test.json;
#                         exit 77 (no handler) -> skipped. aes_*, mlkem_*, mldsa_*, ed25519, x25519 and P-256 files also run
#                         with CCE_CPU=portable (wycheproof.<name>.portable).
# See docs/acvp.md.

file(GLOB _acvp_check_families CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/acvp/check_*.c)
add_executable(cce-acvp-check ${CMAKE_CURRENT_SOURCE_DIR}/acvp/acvp_check.c ${_acvp_check_families})
target_link_libraries(cce-acvp-check PRIVATE cce_static PkgConfig::JANSSON)

set(CCE_ACVP_OUT ${CMAKE_CURRENT_BINARY_DIR}/acvp)
file(MAKE_DIRECTORY ${CCE_ACVP_OUT})

# Large-data tests (LDT: 1, 2, 4 and 8 GiB per SHA-2/SHA-3 set, ~15 GiB each).
# By default they run in full for one set per implementation (SHA2-256: the
# SHA-256 code, SHA2-512: the SHA-512 code, SHA3-256: Keccak), which covers the
# lengths past 2^32 bytes in a single update; the sets that share that code
# with another IV, truncation or rate run only their 1 GiB test (the larger
# ones are answered unsupported: "above CCE_ACVP_LDT_MAX_GIB"). Configure with
# -DCCE_ACVP_FULL_LDT=ON to run every LDT in full (~4-5 CPU-minutes more).
option(CCE_ACVP_FULL_LDT "Run every ACVP large-data test in full" OFF)
set(CCE_ACVP_FULL_LDT_REGEX "^(SHA2-256|SHA2-512|SHA3-256)-[0-9.]+$")

# Sets that are also run with CCE_CPU=portable (cheap without their LDT groups).
set(CCE_ACVP_PORTABLE_REGEX
    "^(ACVP-AES-|CMAC-AES|SHA2-|SHA3-|SHAKE-|HMAC-SHA-1-|HMAC-SHA2-256-|HMAC-SHA2-512-|HMAC-SHA3-256-|KDF-|ctrDRBG-|hashDRBG-|ML-KEM-|ML-DSA-)")

# sh script: run cce-acvp, map its exit 2 to 77 (skip), then run the checker.
set(CCE_ACVP_RUN
    [=[out="$3"; "$1" "$2" -o "$out"; rc=$?; if [ $rc -eq 2 ]; then echo "skipped: no handler in this build"; exit 77; fi; if [ $rc -ne 0 ]; then echo "cce-acvp failed (exit $rc)"; exit 1; fi; exec "$4" "$out" "$5" "$2"]=])

if(NOT IS_DIRECTORY "${CCE_VECTORS}/acvp" AND NOT IS_DIRECTORY "${CCE_VECTORS}/wycheproof")
  add_test(NAME vectors.missing
           COMMAND sh -c "echo 'test vectors not found: expected ${CCE_VECTORS}/acvp and ${CCE_VECTORS}/wycheproof (set CCE_VECTORS at configure time, default ../shared/vectors)' >&2; exit 1")
  set_tests_properties(vectors.missing PROPERTIES LABELS "vectors")
  return()
endif()

file(GLOB _acvp_sets LIST_DIRECTORIES true RELATIVE ${CCE_VECTORS}/acvp ${CCE_VECTORS}/acvp/*)
list(SORT _acvp_sets)
foreach(set ${_acvp_sets})
  set(_dir ${CCE_VECTORS}/acvp/${set})
  if(NOT EXISTS ${_dir}/prompt.json OR NOT EXISTS ${_dir}/expectedResults.json)
    continue()
  endif()
  add_test(NAME acvp.${set}
           COMMAND sh -c "${CCE_ACVP_RUN}" sh $<TARGET_FILE:cce-acvp> ${_dir}/prompt.json
                   ${CCE_ACVP_OUT}/${set}.json $<TARGET_FILE:cce-acvp-check> ${_dir}/expectedResults.json)
  set(_timeout 300)
  set(_env "CCE_VECTORS=${CCE_VECTORS}")
  if(set MATCHES "^SHA(2|3)-")
    set(_timeout 900)  # four large-data tests of 1..8 GiB each
    if(NOT CCE_ACVP_FULL_LDT AND NOT set MATCHES "${CCE_ACVP_FULL_LDT_REGEX}")
      list(APPEND _env "CCE_ACVP_LDT_MAX_GIB=1")
    endif()
  endif()
  set_tests_properties(acvp.${set} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT ${_timeout}
                       LABELS "vectors;acvp" ENVIRONMENT "${_env}")
  if(set MATCHES "${CCE_ACVP_PORTABLE_REGEX}")
    add_test(NAME acvp.${set}.portable
             COMMAND sh -c "${CCE_ACVP_RUN}" sh $<TARGET_FILE:cce-acvp> ${_dir}/prompt.json
                     ${CCE_ACVP_OUT}/${set}.portable.json $<TARGET_FILE:cce-acvp-check>
                     ${_dir}/expectedResults.json)
    set_tests_properties(acvp.${set}.portable PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                         LABELS "vectors;acvp;portable"
                         ENVIRONMENT "CCE_VECTORS=${CCE_VECTORS};CCE_CPU=portable;CCE_ACVP_SKIP_LDT=1")
  endif()
endforeach()

# The checker's own test: on a few sets (plain comparison with MCT arrays,
# and both recomputation rules) the answer must pass and damaged copies of it
# must fail (cce-acvp-check --self-test).
set(CCE_ACVP_SELFTEST_RUN
    [=[out="$3"; "$1" "$2" -o "$out"; rc=$?; if [ $rc -eq 2 ]; then echo "skipped: no handler in this build"; exit 77; fi; if [ $rc -ne 0 ]; then echo "cce-acvp failed (exit $rc)"; exit 1; fi; exec "$4" --self-test "$out" "$5" "$2"]=])
foreach(set SHAKE-128-1.0 KDF-1.0 ACVP-AES-CTR-1.0)
  set(_dir ${CCE_VECTORS}/acvp/${set})
  if(EXISTS ${_dir}/prompt.json AND EXISTS ${_dir}/expectedResults.json)
    add_test(NAME acvp.checker-selftest.${set}
             COMMAND sh -c "${CCE_ACVP_SELFTEST_RUN}" sh $<TARGET_FILE:cce-acvp> ${_dir}/prompt.json
                     ${CCE_ACVP_OUT}/${set}.selftest.json $<TARGET_FILE:cce-acvp-check>
                     ${_dir}/expectedResults.json)
    set_tests_properties(acvp.checker-selftest.${set} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120
                         LABELS "vectors;acvp" ENVIRONMENT "CCE_ACVP_SKIP_LDT=1")
  endif()
endforeach()

add_test(NAME wycheproof.selftest COMMAND cce-wycheproof --self-test)
set_tests_properties(wycheproof.selftest PROPERTIES LABELS "vectors;wycheproof")

file(GLOB _wp_files ${CCE_VECTORS}/wycheproof/*.json)
list(SORT _wp_files)
foreach(f ${_wp_files})
  get_filename_component(_base ${f} NAME)
  string(REGEX REPLACE "(_test)?\\.json$" "" _name ${_base})
  add_test(NAME wycheproof.${_name} COMMAND cce-wycheproof ${f})
  set_tests_properties(wycheproof.${_name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                       LABELS "vectors;wycheproof")
  if(_name MATCHES "^(aes_|mlkem_|mldsa_|ed25519|x25519|ecdsa_secp256r1_sha256$|ecdh_secp256r1$)")
    add_test(NAME wycheproof.${_name}.portable COMMAND cce-wycheproof ${f})
    set_tests_properties(wycheproof.${_name}.portable PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                         LABELS "vectors;wycheproof;portable" ENVIRONMENT "CCE_CPU=portable")
  endif()
endforeach()
