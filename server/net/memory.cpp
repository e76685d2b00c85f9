#include "server/net/memory.hpp"

#include <malloc.h>

#include <cstddef>

#include <fstream>
#include <string>

#if defined(__SANITIZE_ADDRESS__)
// From AddressSanitizer's runtime (declared in clang's sanitizer/allocator_interface.h, which GCC
// does not install).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace earshot::server {

std::size_t heap_bytes() {
#if defined(__SANITIZE_ADDRESS__)
  return __sanitizer_get_current_allocated_bytes();  // AddressSanitizer's allocator replaces malloc
#else
  const auto info = mallinfo2();
  return info.uordblks + info.hblkhd;  // in use in the arenas, plus large blocks mapped on their own
#endif
}

std::size_t resident_bytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;  // "VmRSS:   1234 kB"
  }
  return 0;
}

}  // namespace earshot::server
