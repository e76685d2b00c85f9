#pragma once
// QR codes of join URLs: as SVG for the stage, and as text blocks for the terminal.

#include <string>
#include <string_view>

namespace earshot::server {

std::string qr_svg(std::string_view text);
// Two rows of modules per line with half-block characters, dark on a light terminal or light on
// a dark one alike (the quiet zone is drawn too).
std::string qr_terminal(std::string_view text);

}  // namespace earshot::server
