#include "calendar/working_days.h"

#include <algorithm>
#include <utility>

namespace lp {
namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

// Weekdays in [1969-12-29 (a Monday), days]; only differences between two values are meaningful.
std::int64_t WeekdaysUpTo(std::int64_t days) {
  const std::int64_t t = days + 4;  // Days in [1969-12-29, days]: 1969-12-29 is day -3.
  std::int64_t weeks = t / 7;
  std::int64_t rest = t % 7;
  if (rest < 0) {  // Floor division for days before the anchor.
    rest += 7;
    --weeks;
  }
  return weeks * 5 + std::min<std::int64_t>(rest, 5);
}

}  // namespace

WorkingDayCalendar::WorkingDayCalendar(std::vector<BankHoliday> holidays, int first_year,
                                       int last_year)
    : first_year_(std::max(first_year, kMinYear)), last_year_(std::min(last_year, kMaxYear)) {
  if (first_year_ > last_year_) return;  // Covers nothing; keep no holidays.
  first_day_ = Date::FromYmd(first_year_, 1, 1)->days_since_epoch();
  last_day_ = Date::FromYmd(last_year_, 12, 31)->days_since_epoch();

  std::erase_if(holidays, [this](const BankHoliday& h) { return !Covers(h.date); });
  std::stable_sort(holidays.begin(), holidays.end(),
                   [](const BankHoliday& a, const BankHoliday& b) { return a.date < b.date; });
  holidays_.reserve(holidays.size());
  for (BankHoliday& h : holidays) {
    if (!holidays_.empty() && holidays_.back().date == h.date) {
      holidays_.back() = std::move(h);  // The later entry for a date wins.
    } else {
      holidays_.push_back(std::move(h));
    }
  }
  for (const BankHoliday& h : holidays_) {
    if (!h.date.IsWeekend()) weekday_holidays_.push_back(h.date.days_since_epoch());
  }
}

bool WorkingDayCalendar::Covers(Date d) const {
  const std::int64_t days = d.days_since_epoch();
  return first_day_ <= days && days <= last_day_;
}

std::optional<bool> WorkingDayCalendar::IsWorkingDay(Date d) const {
  if (!Covers(d)) return std::nullopt;
  return !d.IsWeekend() && HolidayOn(d) == nullptr;
}

const BankHoliday* WorkingDayCalendar::HolidayOn(Date d) const {
  const auto it = std::lower_bound(
      holidays_.begin(), holidays_.end(), d,
      [](const BankHoliday& h, const Date& date) { return h.date < date; });
  if (it == holidays_.end() || it->date != d) return nullptr;
  return &*it;
}

std::int64_t WorkingDayCalendar::WorkingDaysUpTo(std::int64_t days) const {
  const auto holidays_up_to =
      std::upper_bound(weekday_holidays_.begin(), weekday_holidays_.end(), days) -
      weekday_holidays_.begin();
  return WeekdaysUpTo(days) - holidays_up_to;
}

std::optional<Date> WorkingDayCalendar::FirstDayReaching(std::int64_t from,
                                                         std::int64_t target) const {
  if (from > last_day_ || WorkingDaysUpTo(last_day_) < target) return std::nullopt;
  // WorkingDaysUpTo is non-decreasing: binary search for the first day that reaches target. That day
  // is a working day, since the count only rises on working days.
  std::int64_t lo = from;
  std::int64_t hi = last_day_;
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (WorkingDaysUpTo(mid) >= target) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return Date::FromDaysSinceEpoch(lo);
}

std::optional<Date> WorkingDayCalendar::AddWorkingDays(Date d, int n) const {
  if (!Covers(d) || n < 0) return std::nullopt;
  if (n == 0) return d;
  const std::int64_t start = d.days_since_epoch();
  return FirstDayReaching(start + 1, WorkingDaysUpTo(start) + n);
}

std::optional<int> WorkingDayCalendar::WorkingDaysBetween(Date a, Date b) const {
  if (!Covers(a) || !Covers(b)) return std::nullopt;
  return static_cast<int>(WorkingDaysUpTo(b.days_since_epoch()) -
                          WorkingDaysUpTo(a.days_since_epoch()));
}

std::optional<Date> WorkingDayCalendar::NextWorkingDayOnOrAfter(Date d) const {
  if (!Covers(d)) return std::nullopt;
  const std::int64_t start = d.days_since_epoch();
  return FirstDayReaching(start, WorkingDaysUpTo(start - 1) + 1);
}

}  // namespace lp
