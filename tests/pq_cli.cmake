# Post-quantum commands of cce (tests/cli/pq.sh): ML-DSA and ML-KEM keys,
# signatures, encapsulation, hybrid P-384 + ML-KEM-1024 sealed files and
# ML-DSA-87 signed sealed files; interoperability with python3 cryptography
# when it has ML-KEM/ML-DSA. Included by tests/CMakeLists.txt.
find_program(CCE_PQ_BASH bash)
if(TARGET cce AND CCE_PQ_BASH)
  add_test(NAME cli.pq COMMAND ${CCE_PQ_BASH} ${CMAKE_CURRENT_LIST_DIR}/cli/pq.sh $<TARGET_FILE:cce>)
  set_tests_properties(cli.pq PROPERTIES LABELS cli TIMEOUT 300)
  add_test(NAME cli.pq.portable COMMAND ${CCE_PQ_BASH} ${CMAKE_CURRENT_LIST_DIR}/cli/pq.sh $<TARGET_FILE:cce>)
  set_tests_properties(cli.pq.portable PROPERTIES LABELS cli TIMEOUT 300 ENVIRONMENT "CCE_CPU=portable")
endif()
