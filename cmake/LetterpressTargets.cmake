# letterpress_library(NAME SOURCES... [LINK deps...]): one static library per pipeline stage, with the
# project's strict warnings applied to our own code only.
set(LETTERPRESS_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)

function(letterpress_strict target)
  target_compile_options(${target} PRIVATE ${LETTERPRESS_WARNINGS})
  if(LETTERPRESS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(LETTERPRESS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LETTERPRESS_FUZZ needs clang (libFuzzer): apt-get install clang, then use the `fuzz` preset")
  endif()
  # Every library carries libFuzzer's coverage hooks; only the fuzz targets link its main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
elseif(LETTERPRESS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

function(letterpress_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/pipeline)
  target_link_libraries(${name} PUBLIC ${ARG_LINK})
  letterpress_strict(${name})
endfunction()

# letterpress_test(NAME SOURCES... LINK deps...): one gtest binary, its cases registered with ctest.
function(letterpress_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LINK} GTest::gtest GTest::gtest_main Threads::Threads)
  target_compile_definitions(${name} PRIVATE LETTERPRESS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  letterpress_strict(${name})
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS unit)
endfunction()
include(GoogleTest)
