#include "server/ws_wire.hpp"

#include <array>
#include <span>

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

std::size_t WsWire::write_text(const std::string* const* frames, std::size_t count, std::size_t skip,
                               beast::error_code& ec) {
  // Asio hands at most 64 buffers to one sendmsg: 32 frames, a header and a payload each.
  constexpr std::size_t max_frames = 32;
  std::array<std::array<unsigned char, 10>, max_frames> heads;
  std::array<net::const_buffer, 2 * max_frames> bufs;
  std::size_t n = 0;
  for (std::size_t i = 0; i < count && i < max_frames; ++i) {
    const std::string& f = *frames[i];
    const std::size_t h = text_frame_header(f.size(), heads[i].data());
    net::const_buffer parts[2] = {net::buffer(heads[i].data(), h), net::buffer(f)};
    for (auto part : parts) {
      if (skip >= part.size()) {  // sent before
        skip -= part.size();
        continue;
      }
      part += skip;
      skip = 0;
      if (part.size() > 0) bufs[n++] = part;
    }
  }
  ec = {};
  if (n == 0) return 0;
  if (!socket_.non_blocking()) socket_.non_blocking(true, ec);
  if (ec) return 0;
  const std::size_t sent = socket_.write_some(std::span<const net::const_buffer>(bufs.data(), n), ec);
  if (ec == net::error::would_block || ec == net::error::try_again) {
    ec = {};
    return 0;
  }
  return sent;
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
