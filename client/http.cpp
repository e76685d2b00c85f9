#include "client/http.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/system/system_error.hpp>
#include <strings.h>

namespace earshot::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  return std::nullopt;
}

HttpResponse http_request(const ServerUrl& server, const HttpRequest& request, std::chrono::milliseconds timeout) {
  // The asynchronous operations with a tcp_stream deadline give a timeout to every step; running
  // the private io_context makes the whole call synchronous.
  asio::io_context io(1);
  beast::tcp_stream stream(io);
  stream.expires_after(timeout);

  http::request<http::string_body> req;
  req.method_string(request.method);
  req.target(request.target);
  req.version(11);
  for (const auto& [name, value] : request.headers) req.insert(name, value);
  // Defaults for what the caller did not set: one request per connection.
  if (req.find(http::field::host) == req.end()) req.set(http::field::host, server.authority());
  if (req.find(http::field::user_agent) == req.end()) req.set(http::field::user_agent, "earshot-client");
  if (req.find(http::field::connection) == req.end()) req.set(http::field::connection, "close");
  req.body() = request.body;
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") req.prepare_payload();

  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  // A HEAD response announces a body it does not send.
  parser.skip(request.method == "HEAD");
  beast::flat_buffer buffer;
  beast::error_code result;

  asio::ip::tcp::resolver resolver(io);
  resolver.async_resolve(server.host, std::to_string(server.port), [&](beast::error_code ec, auto endpoints) {
    if (ec) return void(result = ec);
    stream.async_connect(endpoints, [&](beast::error_code ec, const auto&) {
      if (ec) return void(result = ec);
      http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        if (ec) return void(result = ec);
        http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) { result = ec; });
      });
    });
  });
  io.run();
  if (result) throw boost::system::system_error(result, request.method + " " + request.target);

  HttpResponse response;
  const auto& res = parser.get();
  response.status = static_cast<int>(res.result_int());
  for (const auto& field : res) response.headers.emplace_back(field.name_string(), field.value());
  response.body = res.body();
  return response;
}

HttpResponse http_get(const ServerUrl& server, std::string target) {
  HttpRequest request;
  request.target = std::move(target);
  return http_request(server, request);
}

}  // namespace earshot::client
