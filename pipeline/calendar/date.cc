#include "calendar/date.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

namespace lp {
namespace {

struct Ymd {
  std::int64_t year;
  int month;
  int day;
};

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
constexpr std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                  // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          // [0, 146096]
  return era * 146097 + doe - 719468;
}

// Howard Hinnant's civil_from_days: the inverse of DaysFromCivil.
constexpr Ymd CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                     // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);                    // [1, 31]
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);                       // [1, 12]
  return Ymd{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr std::int64_t kMinDays = DaysFromCivil(kMinYear, 1, 1);
constexpr std::int64_t kMaxDays = DaysFromCivil(kMaxYear, 12, 31);

static_assert(DaysFromCivil(1970, 1, 1) == 0);
static_assert(DaysFromCivil(2000, 3, 1) == 11017);
static_assert(CivilFromDays(11017).year == 2000 && CivilFromDays(11017).month == 3 &&
              CivilFromDays(11017).day == 1);

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

constexpr bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int DaysInMonth(int y, int m) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

constexpr std::int64_t Clamp(std::int64_t days) { return std::clamp(days, kMinDays, kMaxDays); }

// Parses exactly two or four ASCII digits; -1 if any character is not a digit.
int ParseDigits(std::string_view s) {
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear) return std::nullopt;
  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return Date(DaysFromCivil(year, month, day));
}

std::optional<Date> Date::ParseIso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = ParseDigits(text.substr(0, 4));
  const int month = ParseDigits(text.substr(5, 2));
  const int day = ParseDigits(text.substr(8, 2));
  if (year < 0 || month < 0 || day < 0) return std::nullopt;
  return FromYmd(year, month, day);
}

Date Date::FromDaysSinceEpoch(std::int64_t days) { return Date(Clamp(days)); }

int Date::year() const { return static_cast<int>(CivilFromDays(days_).year); }

int Date::month() const { return CivilFromDays(days_).month; }

int Date::day() const { return CivilFromDays(days_).day; }

int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const std::int64_t r = (days_ + 3) % 7;
  return static_cast<int>(r < 0 ? r + 7 : r);
}

bool Date::IsWeekend() const { return weekday() >= 5; }

Date Date::AddDays(std::int64_t n) const {
  // days_ is within [kMinDays, kMaxDays], so saturating n first avoids signed overflow.
  constexpr std::int64_t kSpan = kMaxDays - kMinDays;
  return Date(Clamp(days_ + std::clamp<std::int64_t>(n, -kSpan, kSpan)));
}

std::string Date::Iso() const {
  const Ymd ymd = CivilFromDays(days_);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(ymd.year), ymd.month,
                ymd.day);
  return buffer;
}

std::string Date::Long() const {
  const Ymd ymd = CivilFromDays(days_);
  std::string out = std::to_string(ymd.day);
  out += ' ';
  out += kMonthNames[static_cast<std::size_t>(ymd.month - 1)];
  out += ' ';
  out += std::to_string(ymd.year);
  return out;
}

std::string Date::WeekdayName() const {
  return std::string(kWeekdayNames[static_cast<std::size_t>(weekday())]);
}

std::string Date::MonthName() const {
  return std::string(kMonthNames[static_cast<std::size_t>(month() - 1)]);
}

std::string FormatDateRange(Date start, Date end) {
  if (end < start) std::swap(start, end);
  if (start == end) return "on " + start.Long();
  std::string first;
  if (start.year() != end.year()) {
    first = start.Long();
  } else if (start.month() != end.month()) {
    first = std::to_string(start.day()) + " " + start.MonthName();
  } else {
    first = std::to_string(start.day());
  }
  return "from " + first + " to " + end.Long();
}

}  // namespace lp
