#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar/date.h"

namespace lp {

// One bank holiday: its date and its official name, e.g. "Boxing Day (substitute day)".
struct BankHoliday {
  Date date;
  std::string name;
};

// England and Wales working days: Monday to Friday except bank holidays. Knows which years its holiday
// data covers and refuses to answer outside them (nullopt), because a silent guess would produce a wrong
// statutory deadline.
class WorkingDayCalendar {
 public:
  // A calendar that covers no dates at all: every question gets nullopt.
  WorkingDayCalendar() = default;

  // Covers 1 January first_year to 31 December last_year (nothing if last_year < first_year). Holidays
  // outside those years are ignored; of several holidays on one date, the later in the list wins.
  WorkingDayCalendar(std::vector<BankHoliday> holidays, int first_year, int last_year);

  // The first year covered (greater than last_year() when nothing is covered).
  int first_year() const { return first_year_; }
  // The last year covered.
  int last_year() const { return last_year_; }

  // True if first_year() <= d.year() <= last_year().
  bool Covers(Date d) const;

  // True on a weekday that is not a bank holiday; nullopt if d is outside coverage.
  std::optional<bool> IsWorkingDay(Date d) const;

  // The bank holiday on d, or nullptr if none. The pointer is valid while the calendar lives unchanged.
  const BankHoliday* HolidayOn(Date d) const;

  // The date n working days after d (n >= 0; n == 0 returns d unchanged even if d is not a working day).
  // d itself need not be a working day. nullopt if d or any day needed lies outside coverage, or n < 0.
  std::optional<Date> AddWorkingDays(Date d, int n) const;

  // Working days in (a, b] if a <= b; minus the working days in (b, a] otherwise. nullopt if a or b is
  // outside coverage.
  std::optional<int> WorkingDaysBetween(Date a, Date b) const;

  // The next working day on or after d; nullopt if d or that day is outside coverage.
  std::optional<Date> NextWorkingDayOnOrAfter(Date d) const;

  // The holidays within coverage, sorted by date, one per date.
  const std::vector<BankHoliday>& holidays() const { return holidays_; }

 private:
  // Working days on or before `days` (since the epoch), counted from a fixed origin; only differences
  // between two values are meaningful.
  std::int64_t WorkingDaysUpTo(std::int64_t days) const;

  // The earliest day in [from, last covered day] with WorkingDaysUpTo(day) >= target, if any.
  std::optional<Date> FirstDayReaching(std::int64_t from, std::int64_t target) const;

  int first_year_ = 1;
  int last_year_ = 0;
  std::int64_t first_day_ = 0;  // Days since the epoch of 1 January first_year_ (if anything is covered).
  std::int64_t last_day_ = -1;  // Days since the epoch of 31 December last_year_.
  std::vector<BankHoliday> holidays_;
  std::vector<std::int64_t> weekday_holidays_;  // Sorted days of the holidays that fall Monday-Friday.
};

}  // namespace lp
