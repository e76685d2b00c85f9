#include "server/net/http_session.hpp"

#include "store/store.hpp"
#include "reports/transcripts.hpp"

#include <chrono>

#include "server/net/context.hpp"
#include "server/net/http_handler.hpp"
#include "server/net/memory.hpp"
#include "server/net/ws_session.hpp"

namespace earshot::server {

using namespace std::chrono_literals;

HttpSession::HttpSession(tcp::socket&& socket, ServerContext& ctx, ConnectionLimits::Slot slot,
                         HandshakeGate::Ticket ticket)
    : stream_(std::move(socket)), ctx_(ctx), slot_(std::move(slot)), ticket_(std::move(ticket)) {}

HttpSession::~HttpSession() { ctx_.http_connections.remove(this); }

void HttpSession::run() {
  ctx_.http_connections.add(shared_from_this());
  net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::shut_down() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->do_close(); });
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->header_limit(max_header_bytes);
  parser_->body_limit(max_body_bytes);
  stream_.expires_after(ctx_.limits.request_timeout);  // a client that dribbles its request holds nothing for long
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  // The first request is in: this connection is set up (a WebSocket takes the ticket on until
  // its hello is answered); whatever happens next, its place among those being set up is freed.
  auto ticket = std::move(ticket_);
  if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted) {
    return do_close();
  }
  if (ec) {
    // A malformed or oversized request gets a plain answer, then the connection ends.
    const auto status = (ec == http::error::header_limit || ec == http::error::body_limit)
                            ? http::status::payload_too_large
                            : http::status::bad_request;
    auto res = std::make_shared<Response>(error_response(status, "Bad request.", 11, false));
    response_ = res;
    http::async_write(stream_, *res, beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), false));
    return;
  }
  auto& req = parser_->get();

  if (websocket::is_upgrade(req)) {
    const std::string_view path = req.target().substr(0, req.target().find('?'));
    std::optional<http::status> refuse;
    if (path != "/ws") refuse = http::status::not_found;
    else if (!origin_allowed(req[http::field::origin], req[http::field::host])) refuse = http::status::forbidden;
    else if (ctx_.stopping) refuse = http::status::service_unavailable;
    if (!refuse) {
      std::make_shared<WsSession>(stream_.release_socket(), ctx_, std::move(slot_), std::move(ticket))
          ->run(parser_->release());
      return;
    }
    auto res = std::make_shared<Response>(error_response(
        *refuse, *refuse == http::status::forbidden ? "WebSocket from another origin refused." : "No WebSocket here.",
        req.version(), false));
    response_ = res;
    http::async_write(stream_, *res, beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), false));
    return;
  }

  ticket.reset();  // (before answering: /healthz does not count itself as being set up)
  HttpEnv env;
  env.assets = ctx_.assets.get();
  env.health = [this] {
    const auto up = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - ctx_.started);
    return nlohmann::json{{"ok", true},
                          {"version", EARSHOT_VERSION},
                          {"rooms", ctx_.registry.size()},
                          {"connections", ctx_.ws_connections.size()},
                          {"openConnections", ctx_.connections->open()},
                          {"maxConnections", ctx_.connections->max_total()},
                          {"maxPerAddress", ctx_.connections->max_per_address()},
                          {"settingUp", ctx_.handshakes->counting(std::chrono::steady_clock::now())},
                          {"maxSettingUp", ctx_.limits.max_handshakes},
                          {"heapBytes", heap_bytes()},
                          {"residentBytes", resident_bytes()},
                          {"uptimeSeconds", up.count()}};
  };
  env.facilitator_key = ctx_.facilitator_key;
  env.report_css = reports::report_css();
  env.sessions = [this] {
    nlohmann::json list = nlohmann::json::array();
    if (!ctx_.store) return list;
    for (const auto& s : ctx_.store->sessions()) {
      nlohmann::json j = {{"code", s.code},
                          {"createdAt", s.created_ms},
                          {"closedAt", s.closed_ms ? nlohmann::json(*s.closed_ms) : nlohmann::json()},
                          {"participants", ctx_.store->participants(s.code).size()}};
      nlohmann::json rounds = nlohmann::json::array();
      for (const auto& r : ctx_.store->rounds(s.code)) {
        const auto config = nlohmann::json::parse(r.config, nullptr, false);
        rounds.push_back({{"id", r.id},
                          {"game", config.is_object() ? config.value("game", "") : ""},
                          {"startedAt", r.started_ms},
                          {"endedAt", r.ended_ms ? nlohmann::json(*r.ended_ms) : nlohmann::json()}});
      }
      j["rounds"] = std::move(rounds);
      list.push_back(std::move(j));
    }
    return list;
  };
  env.transcript = [this](const std::string& code, const std::string& format,
                          bool anonymous) -> std::optional<Download> {
    if (!ctx_.store) return std::nullopt;
    const auto record = reports::load_session(*ctx_.store, code);
    const auto f = reports::parse_format(format);
    if (!record || !f) return std::nullopt;
    reports::ExportOptions options;
    options.anonymous = anonymous;
    options.css = reports::ExportOptions::Css::linked;
    return Download{std::string(reports::media_type(*f)), reports::export_session(*record, *f, options)};
  };
  env.join_url = [this](const std::string& code) -> std::optional<std::string> {
    auto room = ctx_.registry.find(code);
    if (!room) return std::nullopt;
    return room->join_url();
  };
  auto res = std::make_shared<Response>(handle_http(req, env));
  const bool keep_alive = res->keep_alive() && !ctx_.stopping;
  response_ = res;
  http::async_write(stream_, *res, beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  response_.reset();
  if (ec || !keep_alive) return do_close();
  do_read();
}

void HttpSession::do_close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.close();
}

}  // namespace earshot::server
