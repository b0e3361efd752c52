# Software integrity test: a copy of libcce.so with one changed code byte must
# stop every service; the unmodified library must pass.
add_test(NAME module.integrity-tamper
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/module/integrity_tamper.sh $<TARGET_FILE:cce> $<TARGET_FILE:cce_shared>
          ${CMAKE_CURRENT_BINARY_DIR}/integrity-tamper)
