# LLVM's linker where the compiler can use it: it links a test program three times faster than
# GNU ld (measured: 0.8 s against 2.2-2.6 s for the dispatcher's end-to-end suite under the
# sanitizers), and a build links a hundred programs. -DCHAINGATE_LLD=OFF keeps the default linker.
option(CHAINGATE_LLD "Link with LLVM's lld when the compiler accepts it" ON)
if(CHAINGATE_LLD)
    include(CheckLinkerFlag)
    check_linker_flag(CXX "-fuse-ld=lld" CHAINGATE_HAS_LLD)
    if(CHAINGATE_HAS_LLD)
        add_link_options(-fuse-ld=lld)
    endif()
endif()
