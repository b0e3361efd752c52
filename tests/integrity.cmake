# Software integrity test: a copy of libcce.so with one changed code byte must
# stop every service; the unmodified library must pass.
add_test(NAME module.integrity-tamper
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/module/integrity_tamper.sh $<TARGET_FILE:cce> $<TARGET_FILE:cce_shared>
          ${CMAKE_CURRENT_BINARY_DIR}/integrity-tamper)

# docs/security-policy.md's tables (algorithms, self-tests, indicator) must be
# exactly what the module reports.
find_program(CCE_PYTHON3 python3)
if(CCE_PYTHON3)
  add_test(NAME module.security-policy
    COMMAND sh -c "\"$1\" info --json > \"$2\" && exec \"$3\" \"$4\" check \"$2\" \"$5\"" sh
            $<TARGET_FILE:cce> ${CMAKE_CURRENT_BINARY_DIR}/info.json ${CCE_PYTHON3}
            ${CMAKE_CURRENT_SOURCE_DIR}/module/policy_tables.py ${CMAKE_SOURCE_DIR}/docs/security-policy.md)
endif()
