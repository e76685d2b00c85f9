#include "server/net/http_session.hpp"

#include <algorithm>

#include "store/store.hpp"
#include "reports/transcripts.hpp"

#include <array>
#include <chrono>
#include <functional>

#include "server/net/context.hpp"
#include "server/net/deck_api.hpp"
#include "server/net/plan_api.hpp"
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
  // The header says how big the body is: the limit is the largest any request may send (a deck's
  // or a plan's file), and it comes down once the header shows what the request is for.
  parser_->body_limit(std::max(max_deck_request_bytes, max_plan_request_bytes));
  stream_.expires_after(ctx_.limits.request_timeout);  // a client that dribbles its request holds nothing for long
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
}

void HttpSession::on_header(beast::error_code ec, std::size_t bytes) {
  if (!ec) {
    const auto target = parser_->get().target();
    const std::size_t limit = is_deck_request(target)   ? max_deck_request_bytes
                              : is_plan_request(target) ? max_plan_request_bytes
                                                        : max_body_bytes;
    if (parser_->content_length().value_or(0) > limit) ec = http::error::body_limit;
    else parser_->body_limit(limit);
  }
  if (ec || parser_->is_done()) return on_read(ec, bytes);
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  // The first request is in: this connection is set up (a WebSocket takes the ticket on until
  // its hello is answered); whatever happens next, its place among those being set up is freed.
  auto ticket = std::move(ticket_);
  if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted) {
    return do_close();
  }
  // (A Content-Length over the limit stops the parser before the header is done, but the request
  // line, and so the target and version, are in by then.)
  if (ec == http::error::body_limit && !parser_->get().target().empty() &&
      (is_deck_request(parser_->get().target()) || is_plan_request(parser_->get().target()))) {
    // A deck's or a plan's file over the limit: said in their words. The rest of the body is read
    // and dropped before the connection closes, so that the client gets to read the answer.
    const bool deck = is_deck_request(parser_->get().target());
    auto res = std::make_shared<Response>(deck ? deck_request_too_big(parser_->get().version())
                                               : plan_request_too_big(parser_->get().version()));
    response_ = res;
    http::async_write(stream_, *res, [self = shared_from_this()](beast::error_code, std::size_t) { self->do_linger(); });
    return;
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
  if (is_deck_request(req.target())) {
    // Answered now, or once the change is on disk (from the store's thread).
    handle_deck_request(req, ctx_.decks, ctx_.facilitator_key, [self = shared_from_this()](Response res) {
      net::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
    });
    return;
  }
  if (is_plan_request(req.target())) {
    handle_plan_request(req, ctx_.plans, ctx_.facilitator_key, [self = shared_from_this()](Response res) {
      net::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
    });
    return;
  }
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
  env.assistant_url = [this](const std::string& code) -> std::optional<std::string> {
    auto room = ctx_.registry.find(code);
    auto key = room ? room->assistant_key() : std::nullopt;
    if (!key) return std::nullopt;
    return ctx_.assistant_url(code, *key);
  };
  write(handle_http(req, env));
}

void HttpSession::write(Response response) {
  auto res = std::make_shared<Response>(std::move(response));
  const bool keep_alive = res->keep_alive() && !ctx_.stopping;
  response_ = res;
  stream_.expires_after(ctx_.limits.request_timeout);
  http::async_write(stream_, *res, beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::do_linger() {
  response_.reset();
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  auto scratch = std::make_shared<std::array<char, 16384>>();
  stream_.expires_after(std::chrono::seconds(2));
  auto drain = std::make_shared<std::function<void(beast::error_code, std::size_t)>>();
  *drain = [self = shared_from_this(), scratch, drain](beast::error_code ec, std::size_t) {
    if (ec) {
      self->stream_.close();
      *drain = nullptr;  // no cycle left behind
      return;
    }
    self->stream_.async_read_some(net::buffer(*scratch), *drain);
  };
  stream_.async_read_some(net::buffer(*scratch), *drain);
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
