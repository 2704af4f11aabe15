// The translation unit that compiles window_tests.h once (tests/CMakeLists.txt).
