# PKCS#11 front end (libcce-pkcs11.so) as real clients use it: OpenSC
# pkcs11-tool, GnuTLS (p11tool, certtool, gnutls-serv/cli), the error paths
# (p11_errors.c), crash and concurrency of the token store (p11_writer.c),
# and a smoke run of the benchmark client. Label `pkcs11`. Each script runs
# on a fresh token store; SoftHSMv2, when installed, is run on the same flows
# as the reference (its differences are printed, never fatal). A missing
# client program makes a test skipped (exit 77).
# Included by tests/CMakeLists.txt.

set(CCE_P11_TESTS_DIR ${CMAKE_CURRENT_LIST_DIR}/pkcs11)
find_program(CCE_P11_BASH bash)
find_file(CCE_SOFTHSM_MODULE libsofthsm2.so
          PATHS /usr/lib/softhsm /usr/lib/x86_64-linux-gnu/softhsm /usr/lib64/softhsm /usr/local/lib/softhsm
          NO_DEFAULT_PATH)
if(CCE_SOFTHSM_MODULE)
  set(CCE_P11_REF ${CCE_SOFTHSM_MODULE})
else()
  set(CCE_P11_REF "")
endif()

# Clients: dlopen() a module, no link with it.
if(NOT TARGET Threads::Threads)
  find_package(Threads REQUIRED)
endif()
foreach(client errors writer)
  add_executable(cce-p11-${client} ${CCE_P11_TESTS_DIR}/p11_${client}.c)
  target_include_directories(cce-p11-${client} PRIVATE ${CCE_P11_TESTS_DIR})
  target_link_libraries(cce-p11-${client} PRIVATE ${CMAKE_DL_LIBS} Threads::Threads)
endforeach()

# Unit test of the mechanisms (written with the library): mech_test.c plus
# the library's sources, linked with the module.
file(GLOB CCE_P11_LIB_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tools/pkcs11/*.c)
if(EXISTS ${CCE_P11_TESTS_DIR}/mech_test.c AND CCE_P11_LIB_SOURCES)
  add_executable(cce-p11-mech-test ${CCE_P11_TESTS_DIR}/mech_test.c ${CCE_P11_LIB_SOURCES})
  target_include_directories(cce-p11-mech-test PRIVATE ${CMAKE_SOURCE_DIR}/tools/pkcs11 ${CMAKE_SOURCE_DIR}/include)
  target_link_libraries(cce-p11-mech-test PRIVATE cce_shared)
  target_link_libraries(cce-p11-mech-test PRIVATE Threads::Threads)
  set_target_properties(cce-p11-mech-test PROPERTIES BUILD_RPATH "${CMAKE_BINARY_DIR}")
  add_test(NAME pkcs11.mech COMMAND cce-p11-mech-test)
  set_tests_properties(pkcs11.mech PROPERTIES LABELS pkcs11 TIMEOUT 120)
endif()

if(TARGET cce_pkcs11 AND CCE_P11_BASH)
  set(CCE_P11_MOD $<TARGET_FILE:cce_pkcs11>)
  set(CCE_P11_WRITER $<TARGET_FILE:cce-p11-writer>)
  add_test(NAME pkcs11.tool
           COMMAND ${CCE_P11_BASH} ${CCE_P11_TESTS_DIR}/pkcs11_tool.sh ${CCE_P11_MOD} ${CCE_P11_REF})
  add_test(NAME pkcs11.gnutls
           COMMAND ${CCE_P11_BASH} ${CCE_P11_TESTS_DIR}/gnutls.sh ${CCE_P11_MOD} ${CCE_P11_WRITER} ${CCE_P11_REF})
  add_test(NAME pkcs11.errors
           COMMAND ${CCE_P11_BASH} ${CCE_P11_TESTS_DIR}/run_client.sh ${CCE_P11_MOD}
                   $<TARGET_FILE:cce-p11-errors> ${CCE_P11_MOD})
  add_test(NAME pkcs11.crash
           COMMAND ${CCE_P11_BASH} ${CCE_P11_TESTS_DIR}/crash.sh ${CCE_P11_MOD} ${CCE_P11_WRITER} 30 20261123)
  add_test(NAME pkcs11.concurrency
           COMMAND ${CCE_P11_BASH} ${CCE_P11_TESTS_DIR}/concurrency.sh ${CCE_P11_MOD} ${CCE_P11_WRITER} 4 40)
  set(CCE_P11_SCRIPT_TESTS pkcs11.tool pkcs11.gnutls pkcs11.errors pkcs11.crash pkcs11.concurrency)
  if(TARGET cce-p11-bench)
    add_test(NAME pkcs11.bench-smoke
             COMMAND ${CCE_P11_BASH} ${CCE_P11_TESTS_DIR}/run_client.sh ${CCE_P11_MOD}
                     $<TARGET_FILE:cce-p11-bench> ${CCE_P11_MOD} --seconds 0.2)
    list(APPEND CCE_P11_SCRIPT_TESTS pkcs11.bench-smoke)
  endif()
  set_tests_properties(${CCE_P11_SCRIPT_TESTS} PROPERTIES LABELS pkcs11 TIMEOUT 180 SKIP_RETURN_CODE 77)
  set_tests_properties(pkcs11.crash pkcs11.concurrency PROPERTIES RUN_SERIAL TRUE)
endif()

# The error-path client against SoftHSMv2, for reference: prints where the
# two modules answer differently, never fails.
if(CCE_SOFTHSM_MODULE AND CCE_P11_BASH)
  add_test(NAME pkcs11.errors.softhsm-reference
           COMMAND ${CCE_P11_BASH} ${CCE_P11_TESTS_DIR}/run_client.sh ${CCE_SOFTHSM_MODULE}
                   $<TARGET_FILE:cce-p11-errors> ${CCE_SOFTHSM_MODULE} --reference)
  set_tests_properties(pkcs11.errors.softhsm-reference PROPERTIES LABELS pkcs11 TIMEOUT 60 SKIP_RETURN_CODE 77)
endif()
