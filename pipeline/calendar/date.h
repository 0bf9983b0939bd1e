#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lp {

// A proleptic Gregorian calendar date (no time, no zone). Cheap value type; totally ordered.
// Every Date lies between 0001-01-01 and 9999-12-31; arithmetic that would leave that range
// stops at its nearer end.
class Date {
 public:
  // 1970-01-01.
  Date() = default;

  // The date with these fields, or nullopt if it is not a real date or the year is outside 1..9999.
  static std::optional<Date> FromYmd(int year, int month, int day);

  // Parses exactly "YYYY-MM-DD" (ASCII digits, no spaces, no sign); anything else gives nullopt.
  static std::optional<Date> ParseIso(std::string_view text);

  // The date `days` after 1970-01-01 (before it if negative), clamped to 0001-01-01..9999-12-31.
  static Date FromDaysSinceEpoch(std::int64_t days);

  // The calendar year, 1..9999.
  int year() const;
  // The month, 1 (January) .. 12 (December).
  int month() const;
  // The day of the month, 1..31.
  int day() const;

  // Days since 1970-01-01; negative for earlier dates.
  std::int64_t days_since_epoch() const { return days_; }

  // Day of the week: 0 = Monday ... 6 = Sunday.
  int weekday() const;

  // True on Saturdays and Sundays.
  bool IsWeekend() const;

  // The date n days later (earlier if n is negative), clamped like FromDaysSinceEpoch.
  Date AddDays(std::int64_t n) const;

  // ISO 8601 form, e.g. "2025-05-09".
  std::string Iso() const;

  // The form used in letters, e.g. "9 May 2025" (no leading zero, English month name).
  std::string Long() const;

  // English name of the weekday, e.g. "Friday".
  std::string WeekdayName() const;

  // English name of the month, e.g. "May".
  std::string MonthName() const;

  // Dates compare chronologically.
  friend auto operator<=>(const Date&, const Date&) = default;

 private:
  explicit Date(std::int64_t days) : days_(days) {}

  std::int64_t days_ = 0;  // Days since 1970-01-01.
};

// The way letters state fieldwork: "from 18 to 22 November 2024", "from 28 October to 1 November 2024",
// "from 30 December 2024 to 3 January 2025"; a single day gives "on 18 November 2024".
// If end is before start the two are swapped.
std::string FormatDateRange(Date start, Date end);

}  // namespace lp
