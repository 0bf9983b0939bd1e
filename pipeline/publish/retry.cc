#include "publish/retry.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

namespace lp::publish {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kLongDays = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                       "Friday", "Saturday", "Sunday"};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(std::int64_t y, int m) {
  static constexpr int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDaysIn[m - 1];
}

// A small cursor over the date text; every Read* consumes exactly what it matched or fails.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool Literal(std::string_view lit) {
    if (s_.substr(pos_, lit.size()) != lit) return false;
    pos_ += lit.size();
    return true;
  }
  bool Number(int digits, int& out) {
    if (pos_ + static_cast<std::size_t>(digits) > s_.size()) return false;
    out = 0;
    for (int i = 0; i < digits; ++i) {
      char c = s_[pos_ + static_cast<std::size_t>(i)];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos_ += static_cast<std::size_t>(digits);
    return true;
  }
  // A day of the month in asctime's form: two digits, or a space and one digit.
  bool PaddedDay(int& out) {
    if (Literal(" ")) return Number(1, out);
    return Number(2, out);
  }
  bool Month(int& out) {
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
      if (Literal(kMonths[i])) {
        out = static_cast<int>(i) + 1;
        return true;
      }
    }
    return false;
  }
  template <std::size_t N>
  bool OneOf(const std::array<std::string_view, N>& words) {
    for (std::string_view w : words) {
      if (Literal(w)) return true;
    }
    return false;
  }
  bool Time(int& h, int& mi, int& sec) {
    return Number(2, h) && Literal(":") && Number(2, mi) && Literal(":") && Number(2, sec) && h < 24 && mi < 60 &&
           sec <= 60;
  }
  bool AtEnd() const { return pos_ == s_.size(); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

std::optional<std::int64_t> ToEpoch(std::int64_t year, int month, int day, int h, int mi, int sec) {
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  // A leap second is read as the last second of the minute: no wait hinges on it.
  sec = std::min(sec, 59);
  return DaysFromCivil(year, month, day) * 86400 + h * 3600 + mi * 60 + sec;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::int64_t> ParseHttpDate(std::string_view text) {
  text = Trim(text);
  int day = 0, month = 0, year = 0, h = 0, mi = 0, sec = 0;
  {
    Cursor c(text);  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    if (c.OneOf(kDays) && c.Literal(", ") && c.Number(2, day) && c.Literal(" ") && c.Month(month) && c.Literal(" ") &&
        c.Number(4, year) && c.Literal(" ") && c.Time(h, mi, sec) && c.Literal(" GMT") && c.AtEnd()) {
      return ToEpoch(year, month, day, h, mi, sec);
    }
  }
  {
    Cursor c(text);  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
    if (c.OneOf(kLongDays) && c.Literal(", ") && c.Number(2, day) && c.Literal("-") && c.Month(month) &&
        c.Literal("-") && c.Number(2, year) && c.Literal(" ") && c.Time(h, mi, sec) && c.Literal(" GMT") && c.AtEnd()) {
      // RFC 9110: a two-digit year that appears more than 50 years in the future is in the past century.
      // Two-digit years are read as 1970-2069, which is that rule for any date a server sends today.
      return ToEpoch(year < 70 ? 2000 + year : 1900 + year, month, day, h, mi, sec);
    }
  }
  {
    Cursor c(text);  // asctime: Sun Nov  6 08:49:37 1994
    if (c.OneOf(kDays) && c.Literal(" ") && c.Month(month) && c.Literal(" ") && c.PaddedDay(day) && c.Literal(" ") &&
        c.Time(h, mi, sec) && c.Literal(" ") && c.Number(4, year) && c.AtEnd()) {
      return ToEpoch(year, month, day, h, mi, sec);
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> ParseIsoTimestampMs(std::string_view text) {
  text = Trim(text);
  Cursor c(text);
  int year = 0, month = 0, day = 0, h = 0, mi = 0, sec = 0;
  if (!(c.Number(4, year) && c.Literal("-") && c.Number(2, month) && c.Literal("-") && c.Number(2, day) && c.Literal("T") &&
        c.Time(h, mi, sec))) {
    return std::nullopt;
  }
  std::int64_t millis = 0;
  if (c.Literal(".")) {
    // Up to nine fraction digits; milliseconds are kept.
    int digits = 0, digit = 0;
    while (digits < 9 && c.Number(1, digit)) {
      if (digits < 3) millis = millis * 10 + digit;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  if (!c.Literal("Z") || !c.AtEnd()) return std::nullopt;
  std::optional<std::int64_t> seconds = ToEpoch(year, month, day, h, mi, sec);
  if (!seconds) return std::nullopt;
  return *seconds * 1000 + millis;
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, std::int64_t now) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // delay-seconds; anything past a day is a day (the caller caps far lower anyway).
    constexpr std::int64_t kDay = 86400;
    std::int64_t seconds = 0;
    for (char c : value) {
      seconds = std::min<std::int64_t>(kDay, seconds * 10 + (c - '0'));
    }
    return std::chrono::seconds(seconds);
  }
  std::optional<std::int64_t> at = ParseHttpDate(value);
  if (!at) return std::nullopt;
  return std::chrono::seconds(std::max<std::int64_t>(0, *at - now));
}

std::chrono::milliseconds BackoffDelay(int retry, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                       double unit) {
  retry = std::clamp(retry, 1, 62);
  unit = std::clamp(unit, 0.0, 1.0);
  // base * 2^(retry-1), saturating at the cap without overflowing.
  double ceiling = static_cast<double>(base.count()) * std::ldexp(1.0, retry - 1);
  ceiling = std::min(ceiling, static_cast<double>(cap.count()));
  double delay = ceiling / 2 + unit * ceiling / 2;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::min(delay, ceiling)));
}

bool IsRetryableStatus(long status) {
  if (status == 408 || status == 429) return true;
  return status >= 500 && status <= 599 && status != 501 && status != 505;
}

bool IsRetryableCurlCode(int code) {
  switch (static_cast<CURLcode>(code)) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
      return true;
    default:
      return false;
  }
}

}  // namespace lp::publish
