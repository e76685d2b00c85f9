#include "client/client.hpp"

namespace earshot::client {

using Clock = std::chrono::steady_clock;

struct Client::State {
  bool open = false;
  std::deque<std::string> inbox;  // received frames not yet taken by receive()
  std::optional<CloseInfo> closed;
};

namespace {

std::string describe(const CloseInfo& info) {
  std::string text = "connection closed";
  if (info.code) text += " with code " + std::to_string(*info.code);
  if (!info.reason.empty()) text += " (" + info.reason + ")";
  return text;
}

}  // namespace

Client::Client(std::unique_ptr<boost::asio::io_context> io)
    : io_(std::move(io)), state_(std::make_shared<State>()) {}

Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&& other) noexcept {
  if (this == &other) return *this;
  // The old connection must go before its io_context: `old` destroys its members in reverse
  // order (connection, state, io_context), which a defaulted assignment would not.
  Client old(std::move(*this));
  io_ = std::move(other.io_);
  state_ = std::move(other.state_);
  connection_ = std::move(other.connection_);
  return *this;
}

Client::~Client() {
  if (!io_ || state_->closed) return;
  try {
    close(1000, Duration{1000});
  } catch (...) {
    // Nothing sensible to do about a failing close in a destructor.
  }
}

Client Client::connect(const ServerUrl& url, ConnectOptions options) {
  Client c(std::make_unique<boost::asio::io_context>(1));
  Connection::Handlers handlers;
  handlers.on_open = [state = c.state_] { state->open = true; };
  handlers.on_message = [state = c.state_](std::string text) { state->inbox.push_back(std::move(text)); };
  handlers.on_close = [state = c.state_](const CloseInfo& info) { state->closed = info; };
  c.connection_ = Connection::create(c.io_->get_executor(), std::move(handlers));
  const Duration limit = options.timeout + Duration{1000};  // the connection enforces options.timeout
  c.connection_->connect(url, std::move(options));
  if (!c.run_until([&] { return c.state_->open || c.state_->closed; }, limit)) c.abort();
  if (!c.state_->open) {
    CloseInfo info = c.state_->closed.value_or(CloseInfo{});
    throw ConnectionClosed("cannot open a WebSocket to " + url.authority() + url.target + ": " + info.reason, info);
  }
  return c;
}

template <typename Done>
bool Client::run_until(Done done, Duration timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (io_->stopped()) io_->restart();
    // 0 handlers run means the deadline passed or there is nothing left to wait for.
    if (io_->run_one_until(deadline) == 0) break;
  }
  return done();
}

void Client::send(const json& message) { send_text(message.dump()); }

void Client::send_text(std::string text) {
  connection_->send(std::move(text));
  io_->poll();  // start writing now rather than at the next wait
}

void Client::send_binary(std::string data) {
  connection_->send_binary(std::move(data));
  io_->poll();
}

json Client::receive(Duration timeout) {
  run_until([&] { return !state_->inbox.empty() || state_->closed; }, timeout);
  if (!state_->inbox.empty()) {
    std::string text = std::move(state_->inbox.front());
    state_->inbox.pop_front();
    return json::parse(text);
  }
  if (state_->closed) throw ConnectionClosed(describe(*state_->closed), *state_->closed);
  throw Timeout("no message within " + std::to_string(timeout.count()) + " ms");
}

json Client::receive_until(std::string_view type, Duration timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<Duration>(deadline - Clock::now());
    json message;
    try {
      message = receive(std::max(left, Duration{0}));
    } catch (const Timeout&) {
      throw Timeout("no \"" + std::string(type) + "\" message within " + std::to_string(timeout.count()) + " ms");
    }
    if (message.is_object() && message.contains("type") && message["type"] == type) return message;
  }
}

CloseInfo Client::close(int code, Duration timeout) {
  if (!state_->closed) {
    connection_->close(code);
    if (!run_until([&] { return state_->closed.has_value(); }, timeout)) abort();
  }
  return *state_->closed;
}

CloseInfo Client::wait_closed(Duration timeout) {
  if (!run_until([&] { return state_->closed.has_value(); }, timeout))
    throw Timeout("the connection is still open after " + std::to_string(timeout.count()) + " ms");
  state_->inbox.clear();
  return *state_->closed;
}

void Client::abort() {
  connection_->abort();
  // The abort runs on the connection's strand and ends the connection at once.
  run_until([&] { return state_->closed.has_value(); }, Duration{1000});
}

const std::optional<CloseInfo>& Client::closed() const { return state_->closed; }

}  // namespace earshot::client
