# Tests of the sealed-file commands (cce seal / open / inspect): round trips,
# recipients, signatures, random access, tampering, atomic output and a large
# stream through a pipe (CCE_SEAL_BIG_MIB MiB, default 2048).
# Included by tests/CMakeLists.txt.
find_program(CCE_SEAL_BASH bash)
if(TARGET cce AND CCE_SEAL_BASH)
  add_test(NAME cli.seal COMMAND ${CCE_SEAL_BASH} ${CMAKE_CURRENT_LIST_DIR}/cli/seal.sh $<TARGET_FILE:cce>)
  set_tests_properties(cli.seal PROPERTIES LABELS cli TIMEOUT 900)
endif()
