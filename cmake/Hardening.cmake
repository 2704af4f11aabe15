# What Debian builds its packages with (dpkg-buildflags, hardening=+all): buffer checks in the C
# library's string and memory calls (_FORTIFY_SOURCE, which needs the optimizer: the optimized
# build types only), a canary in functions with arrays on the stack, and the whole GOT read-only
# after start (RELRO with BIND_NOW). PIE comes with the compiler. Not in the sanitizers' or the
# fuzzers' builds, which check memory their own way and ship nowhere.
option(CHAINGATE_HARDEN "Build with Debian's hardening flags (fortify, stack protector, BIND_NOW)" ON)
if(CHAINGATE_HARDEN AND NOT CHAINGATE_SANITIZE AND NOT CHAINGATE_FUZZ)
    add_compile_options(-fstack-protector-strong -Werror=format-security
        $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:-D_FORTIFY_SOURCE=2>)
    add_link_options(-Wl,-z,relro -Wl,-z,now)
endif()
