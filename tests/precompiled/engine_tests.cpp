// The translation unit that compiles engine_tests.h once (tests/CMakeLists.txt).
