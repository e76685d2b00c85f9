#include "server/net/ws_wire.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>

namespace earshot::server {

std::size_t text_frame_header(std::size_t payload, unsigned char out[10]) {
  out[0] = 0x81;  // FIN, text
  if (payload < 126) {
    out[1] = static_cast<unsigned char>(payload);
    return 2;
  }
  if (payload <= 0xffff) {
    out[1] = 126;
    out[2] = static_cast<unsigned char>(payload >> 8);
    out[3] = static_cast<unsigned char>(payload);
    return 4;
  }
  out[1] = 127;
  const auto len = static_cast<std::uint64_t>(payload);
  for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<unsigned char>(len >> (56 - 8 * i));
  return 10;
}

WsWire::WsWire(tcp::socket&& socket) : socket_(std::move(socket)), gate_(std::make_shared<Gate>()) {}

std::size_t WsWire::write_text(const Frame* const* frames, std::size_t count, std::size_t skip,
                               beast::error_code& ec) {
  // A header and at most Frame::max_pieces pieces per frame: well under the kernel's IOV_MAX (1024).
  constexpr std::size_t max_iov = max_frames_per_write * (1 + Frame::max_pieces);
  static_assert(max_iov <= 1024);
  std::array<std::array<unsigned char, 10>, max_frames_per_write> heads;
  std::array<iovec, max_iov> iov;
  std::size_t n = 0;
  auto add = [&](const void* data, std::size_t size) {
    if (skip >= size) {  // sent before
      skip -= size;
      return;
    }
    iov[n].iov_base = const_cast<char*>(static_cast<const char*>(data) + skip);
    iov[n].iov_len = size - skip;
    skip = 0;
    ++n;
  };
  for (std::size_t i = 0; i < count && i < max_frames_per_write; ++i) {
    const Frame& f = *frames[i];
    add(heads[i].data(), text_frame_header(f.size(), heads[i].data()));
    for (const std::string_view piece : f.pieces()) add(piece.data(), piece.size());
  }
  ec = {};
  if (n == 0) return 0;
  msghdr msg{};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = n;
  for (;;) {
    const ssize_t sent = ::sendmsg(socket_.native_handle(), &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent >= 0) return static_cast<std::size_t>(sent);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    ec = beast::error_code(errno, boost::system::system_category());
    return 0;
  }
}

void WsWire::mid_frame(bool in_frame) {
  gate_->in_frame = in_frame;
  if (!in_frame && gate_->deferred) {
    auto waiting = std::move(gate_->deferred);
    waiting->run();
  }
}

void teardown(beast::role_type role, WsWire& wire, beast::error_code& ec) {
  websocket::teardown(role, wire.next_layer(), ec);
}

}  // namespace earshot::server
