# libFuzzer targets (included by tests/CMakeLists.txt).
#
# Every tests/fuzz/fuzz_<name>.c is a libFuzzer target
# (`int LLVMFuzzerTestOneInput(const uint8_t *, size_t)`) with an optional
# seed corpus in tests/fuzz/corpus/fuzz_<name>/. Adding both files is all it
# takes: the list is globbed here (CONFIGURE_DEPENDS) and in the sub-build.
#
# The fuzzers need clang (-fsanitize=fuzzer,address,undefined), while the
# main build may use gcc, so they are built in a sub-build of their own
# (configured with clang, in <build>/tests/fuzz-build) that compiles the
# library SOURCES (src/encoding/*.c, src/module/**/*.c) once with coverage
# and sanitizers. The sub-build is a test itself (fuzz.build, a fixture
# set-up), so a plain `cmake --build` stays as light as before; ctest builds
# it on first use and then incrementally.
#
# Each target then runs for CCE_FUZZ_SECONDS (default 20) on a fresh copy of
# its corpus (the corpus in the source tree is never written), failing on
# any crash, sanitizer report or property violation (__builtin_trap).
#
# Options: -DCCE_FUZZ=OFF skips all of this; -DCCE_FUZZ_CLANG=/path/clang.

option(CCE_FUZZ "Build and run the libFuzzer targets of tests/fuzz (needs clang)" ON)
set(CCE_FUZZ_SECONDS 20 CACHE STRING "Run time of each fuzz target in ctest, in seconds")

set(_fuzz_dir ${CMAKE_CURRENT_LIST_DIR}/fuzz)
file(GLOB CCE_FUZZ_TARGETS CONFIGURE_DEPENDS ${_fuzz_dir}/fuzz_*.c)

if(CCE_FUZZ AND CCE_FUZZ_TARGETS)
  find_program(CCE_FUZZ_CLANG NAMES clang clang-18 clang-17 clang-16 clang-15 clang-14)
  set(_fuzz_ok FALSE)
  if(CCE_FUZZ_CLANG)
    # Can this clang build and link a libFuzzer program with ASan and UBSan?
    set(_probe_dir ${CMAKE_CURRENT_BINARY_DIR}/fuzz-probe)
    file(MAKE_DIRECTORY ${_probe_dir})
    file(WRITE ${_probe_dir}/probe.c
         "#include <stddef.h>\n#include <stdint.h>\n"
         "int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n")
    execute_process(COMMAND ${CCE_FUZZ_CLANG} -fsanitize=fuzzer,address,undefined ${_probe_dir}/probe.c
                            -o ${_probe_dir}/probe
                    RESULT_VARIABLE _probe_rc OUTPUT_QUIET ERROR_QUIET)
    if(_probe_rc EQUAL 0)
      set(_fuzz_ok TRUE)
    endif()
  endif()

  if(NOT _fuzz_ok)
    message(STATUS "clang with libFuzzer (-fsanitize=fuzzer) not found: the fuzz targets are not run")
  else()
    # The sub-build's CMakeLists.txt, generated here so that everything about
    # fuzzing lives in this one file.
    set(_sub_src ${CMAKE_CURRENT_BINARY_DIR}/fuzz-src)
    set(_sub_bin ${CMAKE_CURRENT_BINARY_DIR}/fuzz-build)
    file(MAKE_DIRECTORY ${_sub_src})
    file(WRITE ${_sub_src}/CMakeLists.txt.in [=[
cmake_minimum_required(VERSION 3.20)
project(cce_fuzz C)
set(CMAKE_C_STANDARD 11)
find_package(Threads REQUIRED)
set(FLAGS -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE)
file(GLOB_RECURSE MODULE_SOURCES CONFIGURE_DEPENDS ${CCE_SRC}/src/module/*.c)
file(GLOB ENCODING_SOURCES CONFIGURE_DEPENDS ${CCE_SRC}/src/encoding/*.c)
add_library(cce_fuzzlib STATIC ${MODULE_SOURCES} ${ENCODING_SOURCES})
target_include_directories(cce_fuzzlib PUBLIC ${CCE_SRC}/include ${CCE_SRC}/src ${CCE_GENERATED})
target_compile_options(cce_fuzzlib PUBLIC ${FLAGS} -fsanitize=fuzzer-no-link)
target_link_libraries(cce_fuzzlib PUBLIC Threads::Threads)
file(GLOB FUZZERS CONFIGURE_DEPENDS ${CCE_SRC}/tests/fuzz/fuzz_*.c)
foreach(f ${FUZZERS})
  get_filename_component(n ${f} NAME_WE)
  add_executable(${n} ${f})
  target_link_libraries(${n} PRIVATE cce_fuzzlib)
  target_link_options(${n} PRIVATE -fsanitize=fuzzer,address,undefined)
endforeach()
]=])
    configure_file(${_sub_src}/CMakeLists.txt.in ${_sub_src}/CMakeLists.txt COPYONLY)

    add_test(NAME fuzz.build
             COMMAND sh -c "\"$0\" -S \"$1\" -B \"$2\" -DCMAKE_C_COMPILER=\"$3\" -DCMAKE_BUILD_TYPE=None -DCCE_SRC=\"$4\" -DCCE_GENERATED=\"$5\" > \"$2.configure.log\" 2>&1 || { cat \"$2.configure.log\"; exit 1; }; \"$0\" --build \"$2\" -j2"
                     ${CMAKE_COMMAND} ${_sub_src} ${_sub_bin} ${CCE_FUZZ_CLANG} ${CMAKE_SOURCE_DIR}
                     ${CMAKE_BINARY_DIR}/generated)
    set_tests_properties(fuzz.build PROPERTIES FIXTURES_SETUP cce_fuzzers LABELS fuzz TIMEOUT 1200)

    foreach(src ${CCE_FUZZ_TARGETS})
      get_filename_component(name ${src} NAME_WE)
      set(_work ${CMAKE_CURRENT_BINARY_DIR}/fuzz-work/${name})
      # Fresh copy of the corpus each run; crash files go to the work dir.
      add_test(NAME fuzz.${name}
               COMMAND sh -c "rm -rf \"$1\" && mkdir -p \"$1/corpus\" && if [ -d \"$2\" ]; then cp -R \"$2/.\" \"$1/corpus/\"; fi && cd \"$1\" && exec \"$0\" -max_total_time=$3 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 corpus"
                       ${_sub_bin}/${name} ${_work} ${_fuzz_dir}/corpus/${name} ${CCE_FUZZ_SECONDS})
      set_tests_properties(fuzz.${name} PROPERTIES FIXTURES_REQUIRED cce_fuzzers LABELS fuzz
                           TIMEOUT 600 ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0")
    endforeach()
  endif()
endif()
