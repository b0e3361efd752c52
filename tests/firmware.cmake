# Firmware images (docs/firmware-image-format.md): the file-backed
# anti-rollback counter (tools/cce/cli_counter.c) and the `cce fw` commands.
# The verifier's own unit test is tests/unit/firmware_test.c.
# Included by tests/CMakeLists.txt.

if(TARGET cce)
  add_executable(cce-fw-counter-test ${CMAKE_CURRENT_LIST_DIR}/firmware/counter_test.c
                                     ${CMAKE_SOURCE_DIR}/tools/cce/cli_counter.c)
  target_include_directories(cce-fw-counter-test PRIVATE ${CMAKE_SOURCE_DIR}/tools/cce)
  target_link_libraries(cce-fw-counter-test PRIVATE cce_static)
  add_test(NAME fw.counter COMMAND cce-fw-counter-test)
  set_tests_properties(fw.counter PROPERTIES LABELS "fw;cli" TIMEOUT 120)
endif()

find_program(CCE_FW_BASH bash)
if(TARGET cce AND CCE_FW_BASH)
  add_test(NAME cli.fw COMMAND ${CCE_FW_BASH} ${CMAKE_CURRENT_LIST_DIR}/firmware/fw_cli.sh $<TARGET_FILE:cce>)
  set_tests_properties(cli.fw PROPERTIES LABELS "fw;cli" TIMEOUT 600)
endif()
