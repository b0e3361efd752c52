# LMS/HSS tests beyond the unit test (tests/unit/lms_test.c is registered by
# the generic rule): the `cce lms` CLI and the crash test (signer killed at
# random points, no leaf ever reused). Included by tests/CMakeLists.txt.
find_program(CCE_LMS_BASH bash)
find_program(CCE_LMS_PYTHON3 python3)
if(TARGET cce AND CCE_LMS_BASH)
  add_test(NAME cli.lms COMMAND ${CCE_LMS_BASH} ${CMAKE_CURRENT_LIST_DIR}/lms/cli.sh $<TARGET_FILE:cce>)
  set_tests_properties(cli.lms PROPERTIES LABELS "cli;lms" TIMEOUT 300)
endif()
if(TARGET cce AND CCE_LMS_PYTHON3)
  # ~150 kill rounds, stops early after a 25 s budget.
  add_test(NAME lms.crash COMMAND ${CCE_LMS_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/lms/crash.py $<TARGET_FILE:cce> 150)
  set_tests_properties(lms.crash PROPERTIES LABELS "cli;lms" TIMEOUT 120)
endif()
