#pragma once
// A minimal synchronous HTTP/1.1 client for tests and tools: one request per connection, the
// target sent exactly as given (so tests can send "/../x" or "/%2e%2e/x" unchanged).

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/url.hpp"

namespace earshot::client {

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  // Sent as given; Host, User-Agent and "Connection: close" are added unless given here.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in the order received
  std::string body;

  // The first header of that name (compared case-insensitively), if any.
  std::optional<std::string> header(std::string_view name) const;
};

// Sends `request` to the server's host and port and reads the whole response. Throws
// boost::system::system_error on network errors or when `timeout` passes.
HttpResponse http_request(const ServerUrl& server, const HttpRequest& request,
                          std::chrono::milliseconds timeout = std::chrono::milliseconds{5000});

// A GET of `target`.
HttpResponse http_get(const ServerUrl& server, std::string target);

}  // namespace earshot::client
