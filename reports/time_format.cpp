// Numbers, dates and times for people (reports/time_format.hpp).
#include "reports/time_format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace earshot::reports {

namespace {

struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second;
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Milliseconds since the epoch, shifted by the offset, as a calendar date and time (the proleptic
// Gregorian calendar; H. Hinnant's days-to-civil algorithm).
Civil civil(std::int64_t ms, int offset_minutes) {
  const std::int64_t s = floor_div(ms, 1000) + std::int64_t{offset_minutes} * 60;
  std::int64_t days = floor_div(s, 86400);
  const std::int64_t in_day = s - days * 86400;
  days += 719468;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2), month, day, static_cast<int>(in_day / 3600), static_cast<int>(in_day % 3600 / 60),
          static_cast<int>(in_day % 60)};
}

std::string pad2(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string percent(double share) { return fixed(std::round(share * 100), 0) + "%"; }

std::string seconds(double ms) {
  if (ms < 9950) return fixed(ms / 1000, 1) + " s";
  return fixed(std::round(ms / 1000), 0) + " s";
}

std::string duration(std::int64_t ms) {
  if (ms < 0) ms = 0;
  const std::int64_t s = (ms + 500) / 1000;
  if (s < 60) return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : seconds(static_cast<double>(ms));
  if (s < 3600) return std::to_string(s / 60) + " min" + (s % 60 ? " " + std::to_string(s % 60) + " s" : "");
  return std::to_string(s / 3600) + " h" + (s % 3600 / 60 ? " " + std::to_string(s % 3600 / 60) + " min" : "");
}

std::string zone(int offset) {
  if (offset == 0) return "UTC";
  const int a = std::abs(offset);
  return std::string("UTC") + (offset < 0 ? "-" : "+") + pad2(a / 60) + ":" + pad2(a % 60);
}

std::string date_time(std::int64_t ms, int offset) {
  const Civil c = civil(ms, offset);
  return std::to_string(c.year) + "-" + pad2(c.month) + "-" + pad2(c.day) + " " + pad2(c.hour) + ":" + pad2(c.minute);
}

std::string clock_time(std::int64_t ms, int offset) {
  const Civil c = civil(ms, offset);
  return pad2(c.hour) + ":" + pad2(c.minute) + ":" + pad2(c.second);
}

}  // namespace earshot::reports
