# Interoperability of the RSA key commands of cce (keygen -a rsaN, sign,
# verify with pkcs1-*/pss-*) with the OpenSSL command line, both ways
# (tests/cli/rsa_openssl.sh). Included by tests/CMakeLists.txt's glob.
# Exit code 77 (openssl missing) = skipped.

find_program(CCE_BASH bash)
find_program(CCE_OPENSSL_EXE openssl)
if(TARGET cce AND CCE_BASH AND CCE_OPENSSL_EXE)
  add_test(NAME cli.rsa_openssl
           COMMAND ${CCE_BASH} ${CMAKE_CURRENT_LIST_DIR}/cli/rsa_openssl.sh $<TARGET_FILE:cce> ${CCE_OPENSSL_EXE})
  set_tests_properties(cli.rsa_openssl PROPERTIES LABELS "cli;interop" TIMEOUT 600 SKIP_RETURN_CODE 77)
endif()
