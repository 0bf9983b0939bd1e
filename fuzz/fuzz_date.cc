// Dates: parsing the one accepted form, the arithmetic the workflow's deadlines use, and working days on
// the bundled calendar. Invariants: a parsed date prints back as the text it came from; adding and then
// subtracting days inside the calendar's range returns the same date; FromYmd agrees with ParseIso; the
// working days between a date and n working days after it are n.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "calendar/date.h"
#include "calendar/working_days.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<lp::Date> d = lp::Date::ParseIso(text);
  if (d) {
    if (d->Iso() != text) std::abort();
    std::optional<lp::Date> again = lp::Date::FromYmd(d->year(), d->month(), d->day());
    if (!again || *again != *d) std::abort();
    (void)d->Long();
    (void)d->WeekdayName();
  }
  if (size >= 12) {
    std::int32_t year, month, day;
    std::memcpy(&year, data, 4);
    std::memcpy(&month, data + 4, 4);
    std::memcpy(&day, data + 8, 4);
    std::optional<lp::Date> ymd = lp::Date::FromYmd(year, month, day);
    if (ymd && (ymd->year() != year || ymd->month() != month || ymd->day() != day)) std::abort();
  }
  if (size >= 8) {
    std::int64_t days;
    std::memcpy(&days, data, 8);
    lp::Date base = lp::Date::FromDaysSinceEpoch(days);
    lp::Date later = base.AddDays(days);
    (void)later.Iso();
    (void)lp::FormatDateRange(base, later);
    std::int64_t step = days % 100000;
    lp::Date mid = *lp::Date::FromYmd(5000, 6, 15);
    if (mid.AddDays(step).AddDays(-step) != mid) std::abort();
    // Working days on a calendar of 2015 to 2027 with a few holidays: n working days after a date are
    // n working days after it, counted back.
    static const lp::WorkingDayCalendar kCalendar(
        {{*lp::Date::FromYmd(2025, 12, 25), "Christmas Day"}, {*lp::Date::FromYmd(2025, 12, 26), "Boxing Day"},
         {*lp::Date::FromYmd(2026, 1, 1), "New Year's Day"}},
        2015, 2027);
    lp::Date start = lp::Date::FromYmd(2015, 1, 1)->AddDays((days & 0x7fffffff) % 4800);
    int n = static_cast<int>((static_cast<std::uint64_t>(days) >> 32) % 300);
    std::optional<lp::Date> end = kCalendar.AddWorkingDays(start, n);
    if (end) {
      std::optional<int> between = kCalendar.WorkingDaysBetween(start, *end);
      if (!between || *between != n) std::abort();
    }
    (void)kCalendar.NextWorkingDayOnOrAfter(start);
  }
  return 0;
}
