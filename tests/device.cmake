# Tests of the device-identity and life-cycle commands (cce device,
# identity, attest, lifecycle): the DICE chain checked by `openssl verify`,
# attestation evidence verified by cce and by openssl, the life-cycle walk
# (refused backward transitions, tampered and foreign records) and the
# zeroization on decommissioning. Included by tests/CMakeLists.txt.
find_program(CCE_DEVICE_BASH bash)
if(TARGET cce AND CCE_DEVICE_BASH)
  add_test(NAME cli.device COMMAND ${CCE_DEVICE_BASH} ${CMAKE_CURRENT_LIST_DIR}/device/device.sh $<TARGET_FILE:cce>)
  set_tests_properties(cli.device PROPERTIES LABELS cli TIMEOUT 300 SKIP_RETURN_CODE 77)
endif()
