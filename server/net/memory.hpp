#pragma once
// How much memory the server uses, for /healthz and the soak test: the heap in use (what the
// program holds, not what the allocator keeps around) and the resident set.

#include <cstddef>

namespace earshot::server {

std::size_t heap_bytes();      // bytes allocated and not yet freed
std::size_t resident_bytes();  // the process's resident set (VmRSS), 0 if unknown

}  // namespace earshot::server
