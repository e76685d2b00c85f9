#pragma once
// Child processes for the integration tests: the server under test, and one-shot runs of
// earshot-client. Every child is reaped by its owner, even when a test fails, and dies with the
// test process if that crashes (PR_SET_PDEATHSIG).

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "client/url.hpp"

namespace earshot::test {

// The earshot server on an ephemeral loopback port, with the facilitator key `facilitator_key`.
class ServerProcess {
 public:
  static constexpr const char* facilitator_key = "test-key";

  // Starts the server with the standard test options plus `extra_args`, and waits for its
  // "earshot: listening on port N" line. Throws std::runtime_error if it does not come.
  // `data_dir`: the data directory to use (kept); empty: a fresh one, removed afterwards.
  explicit ServerProcess(std::vector<std::string> extra_args = {}, std::string data_dir = {});
  ~ServerProcess();  // SIGTERM (SIGKILL if that is not enough), then reaps the child
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // ws://127.0.0.1:PORT/ws
  client::ServerUrl url() const;

  const std::string& data_dir() const { return data_dir_; }

  void signal(int signo);
  // SIGKILL, like a crash or a pulled plug, and reaps the child.
  void kill_hard();
  // Waits for the server to exit and returns its wait status (as from waitpid).
  int wait();

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread drain_;  // copies the server's further stdout to our stderr, so it never blocks
  std::string data_dir_;
  bool own_data_dir_ = false;
};

// A fresh empty directory under the system's temporary directory.
std::string make_temp_dir();

// The result of running a program to completion.
struct RunResult {
  int status = -1;  // wait status
  std::string out;  // everything it wrote on stdout
  std::string err;  // and on stderr
};

// Runs `argv` with `input` on its stdin and collects its output.
RunResult run_process(const std::vector<std::string>& argv, const std::string& input);

}  // namespace earshot::test
