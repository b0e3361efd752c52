# Interoperability of the key commands of cce (keygen, pubkey, sign, verify,
# derive) with the OpenSSL command line, both ways (tests/cli/keys_openssl.sh).
# Included by tests/CMakeLists.txt. Exit code 77 (openssl missing) = skipped.

find_program(CCE_BASH bash)
find_program(CCE_OPENSSL_EXE openssl)
if(TARGET cce AND CCE_BASH AND CCE_OPENSSL_EXE)
  add_test(NAME cli.keys_openssl
           COMMAND ${CCE_BASH} ${CMAKE_CURRENT_LIST_DIR}/cli/keys_openssl.sh $<TARGET_FILE:cce> ${CCE_OPENSSL_EXE})
  set_tests_properties(cli.keys_openssl PROPERTIES LABELS "cli;interop" TIMEOUT 600 SKIP_RETURN_CODE 77)
  # Again with every accelerated path off (portable field arithmetic).
  add_test(NAME cli.keys_openssl.portable
           COMMAND ${CCE_BASH} ${CMAKE_CURRENT_LIST_DIR}/cli/keys_openssl.sh $<TARGET_FILE:cce> ${CCE_OPENSSL_EXE})
  set_tests_properties(cli.keys_openssl.portable PROPERTIES LABELS "cli;interop" TIMEOUT 600 SKIP_RETURN_CODE 77
                       ENVIRONMENT "CCE_CPU=portable")
elseif(NOT CCE_OPENSSL_EXE)
  message(STATUS "openssl not found: the key interoperability test (cli.keys_openssl) is not registered")
endif()
