#pragma once
// What a WebSocket session sends as one text frame: its payload as a few pieces of text written
// back to back, kept alive by whoever holds the frame.
//
// Most frames are one string (a reply, a broadcast: make_frame). A round view is gathered from
// pieces that many phones share (server/rooms/room.cpp, Room::publish_round): the round's head, what
// every participant sees alike, their circle's transcript, and only a small piece of each phone's
// own. The session's writer hands the pieces to the kernel as they are (server/net/ws_wire.hpp), so a
// view costs no copy and no large allocation per phone.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace earshot::server {

class Frame {
 public:
  static constexpr std::size_t max_pieces = 8;

  Frame() = default;
  explicit Frame(std::string_view text) { add(text); }

  // Appends a piece (empty pieces are skipped). The text must outlive the frame: its owner keeps
  // it (see make_frame, and the shared_ptr aliasing in publish_round).
  void add(std::string_view piece) {
    if (piece.empty()) return;
    if (count_ == max_pieces) throw std::length_error("a frame has at most Frame::max_pieces pieces");
    pieces_[count_++] = piece;
    size_ += piece.size();
  }

  std::size_t size() const { return size_; }
  std::span<const std::string_view> pieces() const { return {pieces_.data(), count_}; }
  // The payload in one string (tests, logs).
  std::string text() const {
    std::string out;
    out.reserve(size_);
    for (auto p : pieces()) out += p;
    return out;
  }

 private:
  std::array<std::string_view, max_pieces> pieces_{};
  std::size_t count_ = 0;
  std::size_t size_ = 0;
};

using FramePtr = std::shared_ptr<const Frame>;

// A frame of one piece that owns its text (one allocation for both).
inline FramePtr make_frame(std::string text) {
  struct Owned {
    explicit Owned(std::string t) : text(std::move(t)), frame(text) {}
    std::string text;
    Frame frame;
  };
  auto owned = std::make_shared<const Owned>(std::move(text));
  return FramePtr(owned, &owned->frame);
}

}  // namespace earshot::server
