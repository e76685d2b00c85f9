#include "process.hpp"

#include <filesystem>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <stdexcept>

namespace earshot::test {

namespace {

using namespace std::chrono_literals;

// How long a child may take to come up or go down before the harness gives up on it. Generous:
// the sanitizer builds start slowly on a busy machine. These are limits, not expectations.
constexpr auto start_limit = 30s;
constexpr auto stop_limit = 10s;

struct Pipe {
  int read = -1;
  int write = -1;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  return {fds[0], fds[1]};
}

// fork + exec with the given descriptors as the child's stdin/stdout/stderr (-1: inherit).
pid_t spawn(const std::vector<std::string>& argv, int in, int out, int err) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    ::signal(SIGPIPE, SIG_DFL);  // the tests ignore it; the child should not inherit that
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
    if (in >= 0) ::dup2(in, STDIN_FILENO);
    if (out >= 0) ::dup2(out, STDOUT_FILENO);
    if (err >= 0) ::dup2(err, STDERR_FILENO);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

// Waits up to `limit` for the child to exit; returns its status, or -1 if it is still running.
int wait_for(pid_t pid, std::chrono::steady_clock::duration limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return 0;  // not our child any more: nothing to reap
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(10ms);
  }
}

// Waits for the child to exit, killing it if it takes longer than stop_limit.
int reap(pid_t pid) {
  int status = wait_for(pid, stop_limit);
  if (status == -1) {
    std::cerr << "test harness: child " << pid << " did not exit in time; killing it\n";
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  return status;
}

// Reads one line from `fd`, waiting at most until `deadline`. Throws if none comes.
std::string read_line(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string line;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) throw std::runtime_error("the server printed no listening line in time");
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char c;
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the server exited before printing its listening line (got \"" + line + "\")");
    if (c == '\n') return line;
    line += c;
  }
}

}  // namespace

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "earshot-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

ServerProcess::ServerProcess(std::vector<std::string> extra_args, std::string data_dir)
    : data_dir_(std::move(data_dir)) {
  if (data_dir_.empty()) {
    data_dir_ = make_temp_dir();
    own_data_dir_ = true;
  }
  std::vector<std::string> argv = {EARSHOT_BIN,         "--port",         "0", "--bind", "127.0.0.1", "--quiet",
                                   "--facilitator-key", facilitator_key, "--public-url", "http://127.0.0.1:0",
                                   "--data",            data_dir_};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  Pipe out = make_pipe();
  pid_ = spawn(argv, -1, out.write, -1);
  ::close(out.write);
  stdout_fd_ = out.read;
  try {
    const std::string line = read_line(stdout_fd_, std::chrono::steady_clock::now() + start_limit);
    const std::string prefix = "earshot: listening on port ";
    if (!line.starts_with(prefix)) throw std::runtime_error("unexpected first line from the server: " + line);
    port_ = static_cast<std::uint16_t>(std::stoi(line.substr(prefix.size())));
  } catch (...) {
    ::kill(pid_, SIGKILL);
    reap(pid_);
    ::close(stdout_fd_);
    if (own_data_dir_) {
      std::error_code ec;
      std::filesystem::remove_all(data_dir_, ec);
    }
    throw;
  }
  drain_ = std::thread([fd = stdout_fd_] {
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
      if (n > 0) std::cerr.write(buffer, n);
  });
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    reap(pid_);
  }
  drain_.join();  // the pipe reaches EOF once the server is gone
  ::close(stdout_fd_);
  if (own_data_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  reap(pid_);
  pid_ = -1;
}

client::ServerUrl ServerProcess::url() const {
  client::ServerUrl url;
  url.host = "127.0.0.1";
  url.port = port_;
  url.target = "/ws";
  return url;
}

void ServerProcess::signal(int signo) {
  if (pid_ > 0) ::kill(pid_, signo);
}

int ServerProcess::wait() {
  const int status = reap(pid_);
  pid_ = -1;
  return status;
}

RunResult run_process(const std::vector<std::string>& argv, const std::string& input) {
  ::signal(SIGPIPE, SIG_IGN);  // a child that exits early must not kill us as we write its stdin
  Pipe in = make_pipe(), out = make_pipe(), err = make_pipe();
  ::fcntl(in.write, F_SETFL, O_NONBLOCK);
  const pid_t pid = spawn(argv, in.read, out.write, err.write);
  ::close(in.read);
  ::close(out.write);
  ::close(err.write);

  // Feed stdin and collect stdout and stderr together, so that no pipe fills up and blocks.
  RunResult result;
  std::size_t written = 0;
  int in_fd = in.write;
  if (input.empty()) {
    ::close(in_fd);
    in_fd = -1;
  }
  const auto deadline = std::chrono::steady_clock::now() + start_limit;
  std::vector<std::pair<int, std::string*>> outputs = {{out.read, &result.out}, {err.read, &result.err}};
  while (!outputs.empty() && std::chrono::steady_clock::now() < deadline) {
    std::vector<pollfd> fds;
    for (const auto& o : outputs) fds.push_back({o.first, POLLIN, 0});
    if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
    if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
    if (in_fd >= 0 && fds.back().revents != 0) {
      const ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == input.size()) {
        ::close(in_fd);
        in_fd = -1;
      }
    }
    for (std::size_t i = outputs.size(); i-- > 0;) {
      if (fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(outputs[i].first, buffer, sizeof buffer);
      if (n > 0) {
        outputs[i].second->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(outputs[i].first);
        outputs.erase(outputs.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
  if (in_fd >= 0) ::close(in_fd);
  for (const auto& o : outputs) ::close(o.first);
  if (!outputs.empty()) ::kill(pid, SIGKILL);  // it ran past the limit
  result.status = reap(pid);
  return result;
}

}  // namespace earshot::test
