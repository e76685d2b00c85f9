#pragma once
// Numbers, dates, clock times and lengths of time as the reports show them to people ("0.9 s",
// "3 min 5 s", "2024-03-14 09:00", "UTC+01:00"). Pure functions of their arguments.

#include <cstdint>
#include <string>

namespace earshot::reports {

std::string fixed(double value, int decimals);  // "0.42" with decimals 2
std::string percent(double share);              // 0.333 -> "33%"
std::string seconds(double ms);                 // a response time: "0.9 s", "12 s"
std::string duration(std::int64_t ms);          // a length of time: "42 s", "3 min 5 s", "1 h 20 min"

// Times are milliseconds since the epoch, shown shifted by `offset` minutes.
std::string zone(int offset);                         // "UTC", "UTC+01:00", "UTC-05:30"
std::string date_time(std::int64_t ms, int offset);   // "2024-03-14 09:00"
std::string clock_time(std::int64_t ms, int offset);  // "09:02:10"

}  // namespace earshot::reports
