# Quality gates run by ctest: the same sources built with clang (-Werror),
# with ASan+UBSan, and with ThreadSanitizer; each runs its unit tests.
set(_q ${CMAKE_BINARY_DIR}/quality)
set(_src ${CMAKE_SOURCE_DIR})
find_program(CCE_CLANG clang)
if(CCE_CLANG)
  add_test(NAME quality.clang-build
    COMMAND sh -c "cmake -S '${_src}' -B '${_q}/clang' -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release -DCCE_BUILD_TESTS=ON >/dev/null && cmake --build '${_q}/clang' -j2 >/dev/null && cd '${_q}/clang' && ctest -L unit -E portable --output-on-failure -j2")
  set_tests_properties(quality.clang-build PROPERTIES TIMEOUT 1200 RUN_SERIAL TRUE ENVIRONMENT "CCE_VECTORS=${CCE_VECTORS}")
endif()
add_test(NAME quality.asan-ubsan
  COMMAND sh -c "cmake -S '${_src}' -B '${_q}/asan' -DCMAKE_BUILD_TYPE=Debug -DCCE_SANITIZE=ON -DCCE_BUILD_TOOLS=OFF >/dev/null && cmake --build '${_q}/asan' -j2 >/dev/null && cd '${_q}/asan' && ctest -L unit --output-on-failure -j2")
set_tests_properties(quality.asan-ubsan PROPERTIES TIMEOUT 1500 RUN_SERIAL TRUE ENVIRONMENT "CCE_VECTORS=${CCE_VECTORS}")
if(EXISTS ${CMAKE_SOURCE_DIR}/tests/unit/rand_test.c)
  add_test(NAME quality.tsan-rand
    COMMAND sh -c "cmake -S '${_src}' -B '${_q}/tsan' -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCCE_TSAN=ON -DCCE_BUILD_TOOLS=OFF >/dev/null && cmake --build '${_q}/tsan' -j2 --target rand_test >/dev/null && '${_q}/tsan/tests/rand_test'")
  set_tests_properties(quality.tsan-rand PROPERTIES TIMEOUT 1200 RUN_SERIAL TRUE ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1")
endif()
