#pragma once
// The catalog files as embedded at build time (catalog/CMakeLists.txt): language -> JSON text.

#include <string_view>
#include <utility>
#include <vector>

namespace earshot::catalog {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_catalogs();

}  // namespace earshot::catalog
