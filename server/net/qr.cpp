#include "server/net/qr.hpp"

#include <qrcodegen.hpp>

namespace earshot::server {
namespace {

qrcodegen::QrCode encode(std::string_view text) {
  return qrcodegen::QrCode::encodeText(std::string(text).c_str(), qrcodegen::QrCode::Ecc::MEDIUM);
}

}  // namespace

std::string qr_svg(std::string_view text) {
  const auto qr = encode(text);
  const int border = 4;
  const int size = qr.getSize() + 2 * border;
  std::string path;
  for (int y = 0; y < qr.getSize(); ++y) {
    for (int x = 0; x < qr.getSize(); ++x) {
      if (qr.getModule(x, y)) {
        path += "M" + std::to_string(x + border) + "," + std::to_string(y + border) + "h1v1h-1z";
      }
    }
  }
  const std::string dim = std::to_string(size);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + dim + " " + dim +
         "\" shape-rendering=\"crispEdges\" role=\"img\"><title>QR code to join</title>"
         "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><path d=\"" + path + "\" fill=\"#000000\"/></svg>\n";
}

std::string qr_terminal(std::string_view text) {
  const auto qr = encode(text);
  const int border = 2;
  const int lo = -border, hi = qr.getSize() + border;
  // Light modules are printed as blocks so the code reads dark-on-light whatever the theme.
  auto light = [&](int x, int y) { return !(x >= 0 && y >= 0 && x < qr.getSize() && y < qr.getSize() && qr.getModule(x, y)); };
  std::string out;
  for (int y = lo; y < hi; y += 2) {
    out += "  ";
    for (int x = lo; x < hi; ++x) {
      const bool top = light(x, y), bottom = y + 1 < hi ? light(x, y + 1) : false;
      out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
    }
    out += "\n";
  }
  return out;
}

}  // namespace earshot::server
