# ACVP-AES-GCM has no shared set: a small set of our own (tests/kat), written
# from the ACVP symmetric specification, answered by cce-acvp and checked.
# The internal-IV groups are checked by decryption inside the checker run.
if(TARGET cce-acvp-check)
  add_test(NAME acvp.sample.ACVP-AES-GCM
    COMMAND sh -c "\"$1\" \"$2\" -o \"$3\" && exec \"$4\" \"$3\" \"$5\" \"$2\"" sh
            $<TARGET_FILE:cce-acvp> ${CMAKE_CURRENT_SOURCE_DIR}/kat/acvp_aes_gcm_sample_prompt.json
            ${CMAKE_CURRENT_BINARY_DIR}/acvp/sample-gcm.json $<TARGET_FILE:cce-acvp-check>
            ${CMAKE_CURRENT_SOURCE_DIR}/kat/acvp_aes_gcm_sample_expected.json)
  set_tests_properties(acvp.sample.ACVP-AES-GCM PROPERTIES LABELS "vectors;acvp")
endif()
