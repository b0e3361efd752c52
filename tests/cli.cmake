# Tests of the command-line tool, the constant-time check (valgrind) and the
# installed package (find_package / pkg-config). Included by
# tests/CMakeLists.txt; paths are relative to this directory.

set(CCE_TESTS_DIR ${CMAKE_CURRENT_LIST_DIR})

# ---------------------------------------------------------------------------
# CLI tests: tests/cli/<name>.sh /path/to/cce
find_program(CCE_BASH bash)
if(TARGET cce AND CCE_BASH)
  foreach(t hash check hmac misc)
    add_test(NAME cli.${t} COMMAND ${CCE_BASH} ${CCE_TESTS_DIR}/cli/${t}.sh $<TARGET_FILE:cce>)
    set_tests_properties(cli.${t} PROPERTIES LABELS cli TIMEOUT 300)
  endforeach()
  # The digests again with every accelerated path off.
  add_test(NAME cli.hash.portable COMMAND ${CCE_BASH} ${CCE_TESTS_DIR}/cli/hash.sh $<TARGET_FILE:cce>)
  set_tests_properties(cli.hash.portable PROPERTIES LABELS cli TIMEOUT 300 ENVIRONMENT "CCE_CPU=portable")
endif()
if(NOT CCE_BASH)
  message(WARNING "bash not found: the CLI tests are not registered")
endif()

# The CLI helpers themselves (hex, JSON escaping, atomic output files).
if(TARGET cce)
  add_executable(cce-cli-util-test ${CCE_TESTS_DIR}/cli/cli_util_test.c ${CMAKE_SOURCE_DIR}/tools/cce/cli_util.c)
  target_include_directories(cce-cli-util-test PRIVATE ${CMAKE_SOURCE_DIR}/tools/cce)
  target_link_libraries(cce-cli-util-test PRIVATE cce_static)
  add_test(NAME cli.util COMMAND cce-cli-util-test)
  set_tests_properties(cli.util PROPERTIES LABELS cli)
endif()

# ---------------------------------------------------------------------------
# Constant-time check: secrets marked undefined to valgrind memcheck; any
# branch, conditional move or address computed from them fails the test.
# cce-ct-test = ct_test.c (runner) + every ct_<family>.c except ct_leak.c,
# linked with the static library. cce-ct-leak = the runner + ct_leak.c, a
# deliberately leaky program that must be caught (WILL_FAIL).
find_program(CCE_VALGRIND valgrind)
include(CheckIncludeFile)
check_include_file(valgrind/memcheck.h CCE_HAVE_VALGRIND_MEMCHECK_H)
if(CCE_VALGRIND AND CCE_HAVE_VALGRIND_MEMCHECK_H AND NOT CCE_SANITIZE AND NOT CCE_TSAN)
  file(GLOB CCE_CT_FAMILY_SOURCES CONFIGURE_DEPENDS ${CCE_TESTS_DIR}/ct/ct_*.c)
  list(FILTER CCE_CT_FAMILY_SOURCES EXCLUDE REGEX "/ct_(test|leak)\\.c$")
  add_executable(cce-ct-test ${CCE_TESTS_DIR}/ct/ct_test.c ${CCE_CT_FAMILY_SOURCES})
  target_include_directories(cce-ct-test PRIVATE ${CCE_TESTS_DIR}/ct)
  target_link_libraries(cce-ct-test PRIVATE cce_static)
  target_compile_options(cce-ct-test PRIVATE -g)

  add_executable(cce-ct-leak ${CCE_TESTS_DIR}/ct/ct_test.c ${CCE_TESTS_DIR}/ct/ct_leak.c)
  target_include_directories(cce-ct-leak PRIVATE ${CCE_TESTS_DIR}/ct ${CMAKE_SOURCE_DIR}/include)
  target_compile_options(cce-ct-leak PRIVATE -g)

  set(CCE_RUN_CT sh ${CCE_TESTS_DIR}/ct/run_ct.sh ${CCE_VALGRIND})
  add_test(NAME ct.valgrind COMMAND ${CCE_RUN_CT} $<TARGET_FILE:cce-ct-test>)
  add_test(NAME ct.valgrind.portable COMMAND ${CCE_RUN_CT} $<TARGET_FILE:cce-ct-test>)
  set_tests_properties(ct.valgrind PROPERTIES LABELS ct TIMEOUT 600)
  set_tests_properties(ct.valgrind.portable PROPERTIES LABELS ct TIMEOUT 600 ENVIRONMENT "CCE_CPU=portable")
  # Proof that the check can fail: each deliberate leak must be reported
  # (run_ct.sh exits 1). Exit 2 (the run itself broke) shows as skipped, not
  # as a pass.
  foreach(leak leak_branch leak_index)
    add_test(NAME ct.catches.${leak} COMMAND ${CCE_RUN_CT} $<TARGET_FILE:cce-ct-leak> ${leak})
    set_tests_properties(ct.catches.${leak} PROPERTIES LABELS ct WILL_FAIL TRUE SKIP_RETURN_CODE 2)
  endforeach()
else()
  message(STATUS "valgrind or valgrind/memcheck.h not found (package valgrind): "
                 "the constant-time check is not built")
endif()

# ---------------------------------------------------------------------------
# Install test: cmake --install of this build tree into a temporary prefix,
# then a consumer built with find_package(cce) (shared and static) and with
# pkg-config cce.
# (Not in sanitizer builds: the consumer would need the sanitizer runtimes.)
if(NOT CCE_SANITIZE AND NOT CCE_TSAN)
  add_test(NAME install.consumer
           COMMAND sh ${CCE_TESTS_DIR}/install/run.sh ${CMAKE_BINARY_DIR} ${CCE_TESTS_DIR}/install
                   ${CMAKE_COMMAND} ${CMAKE_C_COMPILER})
  set_tests_properties(install.consumer PROPERTIES LABELS install TIMEOUT 300)
endif()
