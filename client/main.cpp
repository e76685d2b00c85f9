// earshot-client: a command-line client for the Earshot server. See cli.hpp for the commands.

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client/cli.hpp"
#include "client/connection.hpp"

namespace {

namespace asio = boost::asio;
using earshot::client::CloseInfo;
using earshot::client::Connection;
using earshot::client::cli::JoinOptions;
using json = nlohmann::json;

// The id of the ping sent when stdin ends: its pong arrives after the replies to everything sent
// before, so the client can then close without cutting them off.
constexpr std::string_view final_ping_id = "earshot-client:end-of-input";
constexpr std::size_t max_line_bytes = 1024 * 1024;

// Puts stdin's file status flags back on exit: Asio makes the descriptor non-blocking, and a
// terminal's file description is shared with the shell.
class StdinFlagsGuard {
 public:
  StdinFlagsGuard() : flags_(::fcntl(STDIN_FILENO, F_GETFL)) {}
  ~StdinFlagsGuard() {
    if (flags_ != -1) ::fcntl(STDIN_FILENO, F_SETFL, flags_);
  }
  StdinFlagsGuard(const StdinFlagsGuard&) = delete;
  StdinFlagsGuard& operator=(const StdinFlagsGuard&) = delete;

 private:
  int flags_;
};

// One run of `earshot-client join`: relays stdin lines to the server and server messages to stdout.
class JoinSession {
 public:
  JoinSession(asio::io_context& io, JoinOptions options)
      : options_(std::move(options)), input_(io, ::dup(STDIN_FILENO)), signals_(io, SIGINT, SIGTERM) {}

  int run(asio::io_context& io) {
    Connection::Handlers handlers;
    handlers.on_open = [this] { on_open(); };
    handlers.on_message = [this](std::string text) { on_message(text); };
    handlers.on_close = [this](const CloseInfo& info) { on_close(info); };
    connection_ = Connection::create(io.get_executor(), std::move(handlers));
    earshot::client::ConnectOptions connect_options;
    connect_options.origin = options_.origin;
    connection_->connect(options_.server, connect_options);
    signals_.async_wait([this](boost::system::error_code ec, int) {
      if (!ec) connection_->close(1000);
    });
    io.run();
    return exit_status_;
  }

 private:
  void status(const std::string& text) const {
    if (!options_.quiet) std::cerr << "earshot-client: " << text << std::endl;
  }

  void on_open() {
    status("connected to ws://" + options_.server.authority() + options_.server.target);
    if (auto hello = earshot::client::cli::make_hello(options_)) connection_->send(hello->dump());
    read_line();
  }

  void on_message(const std::string& text) {
    json message = json::parse(text, nullptr, false);
    if (message.is_discarded()) {
      std::cerr << "earshot-client: the server sent a frame that is not JSON: " << text << std::endl;
      return;
    }
    if (message.is_object() && message.value("re", json()) == final_ping_id) {
      connection_->close(1000);  // every reply to our input has arrived
      return;
    }
    std::cout << message.dump() << std::endl;
  }

  void on_close(const CloseInfo& info) {
    std::string text = info.opened ? "connection closed" : "cannot connect";
    if (info.code) text += " with code " + std::to_string(*info.code);
    if (!info.reason.empty()) text += ": " + info.reason;
    std::cerr << "earshot-client: " << text << std::endl;
    exit_status_ = info.code == 1000 || info.code == 1001 ? 0 : 1;
    // Stop waiting for input and signals so that io.run() returns.
    boost::system::error_code ignored;
    input_.close(ignored);
    signals_.cancel();
  }

  void read_line() {
    asio::async_read_until(input_, asio::dynamic_buffer(line_buffer_, max_line_bytes), '\n',
                           [this](boost::system::error_code ec, std::size_t length) {
                             if (ec == asio::error::operation_aborted) return;  // connection ended
                             if (ec) return end_of_input(ec);
                             std::string line = line_buffer_.substr(0, length - 1);
                             line_buffer_.erase(0, length);
                             send_line(std::move(line));
                             read_line();
                           });
  }

  void send_line(std::string line) {
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) return;  // blank lines are ignored
    if (!json::accept(line)) {
      std::cerr << "earshot-client: stdin line " << line_number_ << " is not JSON; not sent" << std::endl;
      return;
    }
    connection_->send(std::move(line));
  }

  void end_of_input(boost::system::error_code ec) {
    if (ec == asio::error::not_found) {
      std::cerr << "earshot-client: stdin line " << line_number_ + 1 << " is longer than " << max_line_bytes
                << " bytes; stopping" << std::endl;
    } else {
      if (ec != asio::error::eof) std::cerr << "earshot-client: cannot read stdin: " << ec.message() << std::endl;
      if (!line_buffer_.empty()) send_line(std::move(line_buffer_));  // a last line without '\n'
    }
    status("end of input; closing once the server has answered");
    connection_->send(json{{"type", "ping"}, {"id", final_ping_id}}.dump());
  }

  JoinOptions options_;
  asio::posix::stream_descriptor input_;
  asio::signal_set signals_;
  std::shared_ptr<Connection> connection_;
  std::string line_buffer_;
  std::size_t line_number_ = 0;
  int exit_status_ = 1;
};

int join(const std::vector<std::string_view>& args) {
  const auto parsed = earshot::client::cli::parse_join(args);
  if (parsed.help) {
    std::cout << earshot::client::cli::commands().front().usage;
    return 0;
  }
  if (!parsed.options) {
    std::cerr << "earshot-client: " << parsed.error << "\n(see earshot-client --help)" << std::endl;
    return 2;
  }
  StdinFlagsGuard stdin_flags;
  asio::io_context io(1);
  JoinSession session(io, *parsed.options);
  return session.run(io);
}

// `earshot-client bots`: a swarm on one thread, a progress line every 10 s, a report at the end.
int bots(const std::vector<std::string_view>& args) {
  const auto parsed = earshot::client::cli::parse_bots(args);
  if (parsed.help) {
    std::cout << earshot::client::cli::commands()[1].usage;
    return 0;
  }
  if (!parsed.options) {
    std::cerr << "earshot-client: " << parsed.error << "\n(see earshot-client bots --help)" << std::endl;
    return 2;
  }
  const auto& command = *parsed.options;
  asio::io_context io(1);
  earshot::client::Swarm swarm(io, command.bots);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer ticker(io), deadline(io);
  const auto started = std::chrono::steady_clock::now();
  auto stop = [&] {
    swarm.stop();
    signals.cancel();
    ticker.cancel();
    deadline.cancel();
  };
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (!ec) stop();
  });
  if (command.duration.count() > 0) {
    deadline.expires_after(command.duration);
    deadline.async_wait([&](boost::system::error_code ec) {
      if (!ec) stop();
    });
  }
  std::function<void()> tick = [&] {
    ticker.expires_after(std::chrono::seconds(1));
    ticker.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      if (swarm.finished()) return stop();  // the room closed, or everyone was kicked
      const auto secs = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
      if (!command.quiet && secs.count() % 10 == 0) {
        const auto r = swarm.report();
        int plays = 0;
        for (const auto& [_, n] : r.plays) plays += n;
        std::cerr << "earshot-client: " << secs.count() << " s: " << r.online << " of " << r.bots
                  << " bots online, " << r.rounds_seen << " rounds seen, " << plays << " plays accepted, "
                  << r.reconnects << " reconnects" << std::endl;
      }
      tick();
    });
  };
  swarm.start();
  tick();
  if (!command.quiet) {
    std::cerr << "earshot-client: " << command.bots.count << " bots joining room " << command.bots.room
              << " (Ctrl-C stops them)" << std::endl;
  }
  io.run();
  const auto report = swarm.report();
  if (command.json) std::cout << report.to_json().dump() << std::endl;
  else std::cout << report.table();
  return report.joined == report.bots ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help" || args[0] == "help")) {
    std::cout << earshot::client::cli::usage();
    return 0;
  }
  // The first argument names the command unless it is an option; `join` is the default.
  std::string_view command = "join";
  if (!args.empty() && !args[0].starts_with('-')) {
    command = args[0];
    args.erase(args.begin());
  }
  if (command == "join") return join(args);
  if (command == "bots") return bots(args);
  std::cerr << "earshot-client: unknown command \"" << command << "\" (see earshot-client --help)" << std::endl;
  return 2;
}
