#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "calendar/date.h"
#include "calendar/working_days.h"

namespace lp {

// Lets GoogleTest print dates readably in failure messages.
void PrintTo(const Date& d, std::ostream* os) { *os << d.Iso(); }

namespace {

Date D(int year, int month, int day) {
  const std::optional<Date> d = Date::FromYmd(year, month, day);
  EXPECT_TRUE(d.has_value()) << year << "-" << month << "-" << day;
  return d.value_or(Date());
}

// Bank holidays in England and Wales, 2022 to 2026, typed in by hand from the published lists.
std::vector<BankHoliday> EnglandAndWales2022To2026() {
  return {
      {D(2022, 1, 3), "New Year's Day (substitute day)"},
      {D(2022, 4, 15), "Good Friday"},
      {D(2022, 4, 18), "Easter Monday"},
      {D(2022, 5, 2), "Early May bank holiday"},
      {D(2022, 6, 2), "Spring bank holiday"},
      {D(2022, 6, 3), "Platinum Jubilee bank holiday"},
      {D(2022, 8, 29), "Summer bank holiday"},
      {D(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"},
      {D(2022, 12, 26), "Boxing Day"},
      {D(2022, 12, 27), "Christmas Day (substitute day)"},
      {D(2023, 1, 2), "New Year's Day (substitute day)"},
      {D(2023, 4, 7), "Good Friday"},
      {D(2023, 4, 10), "Easter Monday"},
      {D(2023, 5, 1), "Early May bank holiday"},
      {D(2023, 5, 8), "Bank holiday for the coronation of King Charles III"},
      {D(2023, 5, 29), "Spring bank holiday"},
      {D(2023, 8, 28), "Summer bank holiday"},
      {D(2023, 12, 25), "Christmas Day"},
      {D(2023, 12, 26), "Boxing Day"},
      {D(2024, 1, 1), "New Year's Day"},
      {D(2024, 3, 29), "Good Friday"},
      {D(2024, 4, 1), "Easter Monday"},
      {D(2024, 5, 6), "Early May bank holiday"},
      {D(2024, 5, 27), "Spring bank holiday"},
      {D(2024, 8, 26), "Summer bank holiday"},
      {D(2024, 12, 25), "Christmas Day"},
      {D(2024, 12, 26), "Boxing Day"},
      {D(2025, 1, 1), "New Year's Day"},
      {D(2025, 4, 18), "Good Friday"},
      {D(2025, 4, 21), "Easter Monday"},
      {D(2025, 5, 5), "Early May bank holiday"},
      {D(2025, 5, 26), "Spring bank holiday"},
      {D(2025, 8, 25), "Summer bank holiday"},
      {D(2025, 12, 25), "Christmas Day"},
      {D(2025, 12, 26), "Boxing Day"},
      {D(2026, 1, 1), "New Year's Day"},
      {D(2026, 4, 3), "Good Friday"},
      {D(2026, 4, 6), "Easter Monday"},
      {D(2026, 5, 4), "Early May bank holiday"},
      {D(2026, 5, 25), "Spring bank holiday"},
      {D(2026, 8, 31), "Summer bank holiday"},
      {D(2026, 12, 25), "Christmas Day"},
      {D(2026, 12, 28), "Boxing Day (substitute day)"},
  };
}

WorkingDayCalendar Calendar2022To2026() {
  return WorkingDayCalendar(EnglandAndWales2022To2026(), 2022, 2026);
}

// ---------------------------------------------------------------------------------------------
// Date: construction and parsing

TEST(Date, DefaultIsTheUnixEpoch) {
  const Date d;
  EXPECT_EQ(d.days_since_epoch(), 0);
  EXPECT_EQ(d.Iso(), "1970-01-01");
  EXPECT_EQ(d, D(1970, 1, 1));
}

TEST(Date, ParsesAValidIsoDate) {
  const std::optional<Date> d = Date::ParseIso("2025-05-09");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year(), 2025);
  EXPECT_EQ(d->month(), 5);
  EXPECT_EQ(d->day(), 9);
  EXPECT_EQ(d->Iso(), "2025-05-09");
}

TEST(Date, ParsesTheFirstAndLastSupportedDates) {
  ASSERT_TRUE(Date::ParseIso("0001-01-01").has_value());
  EXPECT_EQ(Date::ParseIso("0001-01-01")->days_since_epoch(), -719162);
  ASSERT_TRUE(Date::ParseIso("9999-12-31").has_value());
  EXPECT_EQ(Date::ParseIso("9999-12-31")->days_since_epoch(), 2932896);
}

TEST(Date, RejectsImpossibleMonthsAndDays) {
  EXPECT_FALSE(Date::ParseIso("2025-13-01").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-00-10").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-01-00").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-01-32").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-04-31").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-06-31").has_value());
  EXPECT_TRUE(Date::ParseIso("2025-01-31").has_value());
  EXPECT_TRUE(Date::ParseIso("2025-04-30").has_value());
}

TEST(Date, AcceptsFebruary29OnlyInLeapYears) {
  EXPECT_TRUE(Date::ParseIso("2024-02-29").has_value());
  EXPECT_FALSE(Date::ParseIso("2023-02-29").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-02-29").has_value());
  EXPECT_FALSE(Date::ParseIso("2024-02-30").has_value());
  EXPECT_TRUE(Date::ParseIso("2023-02-28").has_value());
}

TEST(Date, CenturyYearsAreLeapOnlyWhenDivisibleBy400) {
  EXPECT_FALSE(Date::ParseIso("1900-02-29").has_value());
  EXPECT_FALSE(Date::ParseIso("2100-02-29").has_value());
  EXPECT_TRUE(Date::ParseIso("2000-02-29").has_value());
  EXPECT_TRUE(Date::ParseIso("1600-02-29").has_value());
  // 1900 has 365 days and 2000 has 366.
  EXPECT_EQ(D(1901, 1, 1).days_since_epoch() - D(1900, 1, 1).days_since_epoch(), 365);
  EXPECT_EQ(D(2001, 1, 1).days_since_epoch() - D(2000, 1, 1).days_since_epoch(), 366);
}

TEST(Date, RejectsTrailingOrLeadingJunk) {
  EXPECT_FALSE(Date::ParseIso("2025-05-09x").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-05-09 ").has_value());
  EXPECT_FALSE(Date::ParseIso(" 2025-05-09").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-05-09T00:00:00").has_value());
  EXPECT_FALSE(Date::ParseIso("+2025-05-09").has_value());
  EXPECT_FALSE(Date::ParseIso(std::string("2025-05-09\0", 11)).has_value());
}

TEST(Date, RejectsShortAndOtherNonIsoForms) {
  EXPECT_FALSE(Date::ParseIso("2025-5-9").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-05-9").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-5-09").has_value());
  EXPECT_FALSE(Date::ParseIso("25-05-09").has_value());
  EXPECT_FALSE(Date::ParseIso("20250509").has_value());
  EXPECT_FALSE(Date::ParseIso("2025/05/09").has_value());
  EXPECT_FALSE(Date::ParseIso("09-05-2025").has_value());
  EXPECT_FALSE(Date::ParseIso("2025-0a-09").has_value());
  EXPECT_FALSE(Date::ParseIso("-025-05-09").has_value());
  EXPECT_FALSE(Date::ParseIso("2025--5-09").has_value());
  EXPECT_FALSE(Date::ParseIso("").has_value());
}

TEST(Date, RejectsYearsOutside1To9999) {
  EXPECT_FALSE(Date::ParseIso("0000-01-01").has_value());
  EXPECT_FALSE(Date::FromYmd(0, 12, 31).has_value());
  EXPECT_FALSE(Date::FromYmd(10000, 1, 1).has_value());
  EXPECT_FALSE(Date::FromYmd(-1, 1, 1).has_value());
  EXPECT_TRUE(Date::FromYmd(1, 1, 1).has_value());
  EXPECT_TRUE(Date::FromYmd(9999, 12, 31).has_value());
}

TEST(Date, KnownDaysSinceEpoch) {
  EXPECT_EQ(D(1970, 1, 2).days_since_epoch(), 1);
  EXPECT_EQ(D(1969, 12, 31).days_since_epoch(), -1);
  EXPECT_EQ(D(2000, 3, 1).days_since_epoch(), 11017);
  EXPECT_EQ(D(2025, 5, 9).days_since_epoch(), 20217);
  EXPECT_EQ(D(1900, 3, 1).days_since_epoch(), -25508);
}

TEST(Date, FromDaysSinceEpochInvertsDaysSinceEpoch) {
  EXPECT_EQ(Date::FromDaysSinceEpoch(20217).Iso(), "2025-05-09");
  EXPECT_EQ(Date::FromDaysSinceEpoch(-1).Iso(), "1969-12-31");
  EXPECT_EQ(Date::FromDaysSinceEpoch(11016).Iso(), "2000-02-29");
}

// Walks day by day over 800 years and checks each date follows its predecessor in the calendar.
TEST(Date, ConsecutiveDaysStepThroughTheCalendarFrom1600To2400) {
  Date prev = D(1600, 1, 1);
  const Date last = D(2400, 12, 31);
  int checked = 0;
  for (Date d = prev.AddDays(1); d <= last; d = d.AddDays(1)) {
    const bool same_month = d.year() == prev.year() && d.month() == prev.month() &&
                            d.day() == prev.day() + 1;
    const bool next_month = d.day() == 1 && ((d.year() == prev.year() && d.month() == prev.month() + 1) ||
                                             (d.year() == prev.year() + 1 && d.month() == 1 &&
                                              prev.month() == 12 && prev.day() == 31));
    ASSERT_TRUE(same_month || next_month) << prev.Iso() << " -> " << d.Iso();
    ASSERT_EQ(d.weekday(), (prev.weekday() + 1) % 7) << d.Iso();
    const std::optional<Date> reparsed = Date::ParseIso(d.Iso());
    ASSERT_TRUE(reparsed.has_value()) << d.Iso();
    ASSERT_EQ(*reparsed, d);
    prev = d;
    ++checked;
  }
  // 801 years of which 195 are leap years (1600 to 2400 inclusive), minus the first day.
  EXPECT_EQ(checked, 801 * 365 + 195 - 1);
}

TEST(Date, ClampsArithmeticToTheSupportedRange) {
  EXPECT_EQ(Date::FromDaysSinceEpoch(std::numeric_limits<std::int64_t>::max()).Iso(), "9999-12-31");
  EXPECT_EQ(Date::FromDaysSinceEpoch(std::numeric_limits<std::int64_t>::min()).Iso(), "0001-01-01");
  EXPECT_EQ(D(9999, 12, 31).AddDays(1).Iso(), "9999-12-31");
  EXPECT_EQ(D(2025, 1, 1).AddDays(std::numeric_limits<std::int64_t>::min()).Iso(), "0001-01-01");
  EXPECT_EQ(D(2025, 1, 1).AddDays(std::numeric_limits<std::int64_t>::max()).Iso(), "9999-12-31");
}

TEST(Date, AddDaysCrossesMonthYearAndLeapDay) {
  EXPECT_EQ(D(2024, 2, 28).AddDays(1).Iso(), "2024-02-29");
  EXPECT_EQ(D(2023, 2, 28).AddDays(1).Iso(), "2023-03-01");
  EXPECT_EQ(D(2024, 12, 31).AddDays(1).Iso(), "2025-01-01");
  EXPECT_EQ(D(2025, 1, 1).AddDays(-1).Iso(), "2024-12-31");
  EXPECT_EQ(D(2024, 1, 1).AddDays(366).Iso(), "2025-01-01");
}

TEST(Date, OrdersChronologically) {
  EXPECT_LT(D(2024, 12, 31), D(2025, 1, 1));
  EXPECT_LT(D(2025, 1, 31), D(2025, 2, 1));
  EXPECT_GT(D(2025, 5, 10), D(2025, 5, 9));
  EXPECT_EQ(D(2025, 5, 9), *Date::ParseIso("2025-05-09"));
  EXPECT_NE(D(2025, 5, 9), D(2025, 5, 10));
}

// ---------------------------------------------------------------------------------------------
// Date: weekdays and formatting

TEST(Date, WeekdayOfKnownDates) {
  EXPECT_EQ(D(1970, 1, 1).weekday(), 3);    // Thursday
  EXPECT_EQ(D(2025, 5, 9).weekday(), 4);    // Friday
  EXPECT_EQ(D(2000, 1, 1).weekday(), 5);    // Saturday
  EXPECT_EQ(D(1969, 12, 28).weekday(), 6);  // Sunday, before the epoch
  EXPECT_EQ(D(2024, 12, 23).weekday(), 0);  // Monday
  EXPECT_EQ(D(1, 1, 1).weekday(), 0);       // Monday (proleptic Gregorian)
  EXPECT_EQ(D(9999, 12, 31).weekday(), 4);  // Friday
}

TEST(Date, WeekendIsSaturdayAndSundayOnly) {
  EXPECT_TRUE(D(2025, 5, 10).IsWeekend());   // Saturday
  EXPECT_TRUE(D(2025, 5, 11).IsWeekend());   // Sunday
  EXPECT_FALSE(D(2025, 5, 9).IsWeekend());   // Friday
  EXPECT_FALSE(D(2025, 5, 12).IsWeekend());  // Monday
}

TEST(Date, WeekdayAndMonthNamesAreEnglish) {
  EXPECT_EQ(D(2025, 5, 9).WeekdayName(), "Friday");
  EXPECT_EQ(D(2025, 5, 12).WeekdayName(), "Monday");
  EXPECT_EQ(D(2025, 5, 11).WeekdayName(), "Sunday");
  EXPECT_EQ(D(2025, 5, 9).MonthName(), "May");
  EXPECT_EQ(D(2025, 1, 9).MonthName(), "January");
  EXPECT_EQ(D(2025, 9, 9).MonthName(), "September");
  EXPECT_EQ(D(2025, 12, 9).MonthName(), "December");
}

TEST(Date, LongFormHasNoLeadingZeroAndAnEnglishMonth) {
  EXPECT_EQ(D(2025, 5, 9).Long(), "9 May 2025");
  EXPECT_EQ(D(2000, 1, 1).Long(), "1 January 2000");
  EXPECT_EQ(D(1999, 12, 31).Long(), "31 December 1999");
  EXPECT_EQ(D(2024, 2, 29).Long(), "29 February 2024");
}

TEST(Date, IsoFormIsZeroPadded) {
  EXPECT_EQ(D(2025, 5, 9).Iso(), "2025-05-09");
  EXPECT_EQ(D(987, 1, 2).Iso(), "0987-01-02");
  EXPECT_EQ(D(2025, 11, 30).Iso(), "2025-11-30");
}

TEST(FormatDateRange, SingleDayReadsOn) {
  EXPECT_EQ(FormatDateRange(D(2024, 11, 18), D(2024, 11, 18)), "on 18 November 2024");
}

TEST(FormatDateRange, SameMonthNamesTheMonthOnce) {
  EXPECT_EQ(FormatDateRange(D(2024, 11, 18), D(2024, 11, 22)), "from 18 to 22 November 2024");
  EXPECT_EQ(FormatDateRange(D(2025, 5, 1), D(2025, 5, 2)), "from 1 to 2 May 2025");
}

TEST(FormatDateRange, AcrossMonthsNamesBothMonthsAndTheYearOnce) {
  EXPECT_EQ(FormatDateRange(D(2024, 10, 28), D(2024, 11, 1)), "from 28 October to 1 November 2024");
}

TEST(FormatDateRange, AcrossYearsNamesBothYears) {
  EXPECT_EQ(FormatDateRange(D(2024, 12, 30), D(2025, 1, 3)),
            "from 30 December 2024 to 3 January 2025");
  // Same month name but a different year still needs both years.
  EXPECT_EQ(FormatDateRange(D(2024, 5, 1), D(2025, 5, 9)), "from 1 May 2024 to 9 May 2025");
}

TEST(FormatDateRange, ReversedArgumentsAreSwapped) {
  EXPECT_EQ(FormatDateRange(D(2024, 11, 22), D(2024, 11, 18)), "from 18 to 22 November 2024");
}

// ---------------------------------------------------------------------------------------------
// WorkingDayCalendar: construction and coverage

TEST(WorkingDayCalendar, DefaultCalendarCoversNothingAndAnswersNothing) {
  const WorkingDayCalendar calendar;
  const Date monday = D(2025, 5, 12);
  EXPECT_FALSE(calendar.Covers(monday));
  EXPECT_FALSE(calendar.IsWorkingDay(monday).has_value());
  EXPECT_FALSE(calendar.AddWorkingDays(monday, 0).has_value());
  EXPECT_FALSE(calendar.AddWorkingDays(monday, 1).has_value());
  EXPECT_FALSE(calendar.WorkingDaysBetween(monday, monday).has_value());
  EXPECT_FALSE(calendar.NextWorkingDayOnOrAfter(monday).has_value());
  EXPECT_EQ(calendar.HolidayOn(monday), nullptr);
  EXPECT_TRUE(calendar.holidays().empty());
  EXPECT_GT(calendar.first_year(), calendar.last_year());
}

TEST(WorkingDayCalendar, CoversWholeYearsInclusive) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  EXPECT_EQ(calendar.first_year(), 2022);
  EXPECT_EQ(calendar.last_year(), 2026);
  EXPECT_TRUE(calendar.Covers(D(2022, 1, 1)));
  EXPECT_TRUE(calendar.Covers(D(2026, 12, 31)));
  EXPECT_FALSE(calendar.Covers(D(2021, 12, 31)));
  EXPECT_FALSE(calendar.Covers(D(2027, 1, 1)));
}

TEST(WorkingDayCalendar, ReturnsNulloptOutsideCoverageRatherThanGuessing) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  const Date before = D(2021, 12, 31);  // A Friday, which would be a working day.
  const Date after = D(2027, 1, 4);     // A Monday, which would be a working day.
  EXPECT_FALSE(calendar.IsWorkingDay(before).has_value());
  EXPECT_FALSE(calendar.IsWorkingDay(after).has_value());
  EXPECT_FALSE(calendar.AddWorkingDays(before, 1).has_value());
  EXPECT_FALSE(calendar.AddWorkingDays(after, 0).has_value());
  EXPECT_FALSE(calendar.NextWorkingDayOnOrAfter(before).has_value());
  EXPECT_FALSE(calendar.WorkingDaysBetween(before, D(2022, 1, 10)).has_value());
  EXPECT_FALSE(calendar.WorkingDaysBetween(D(2026, 12, 1), after).has_value());
  // Inside coverage the same kind of question is answered.
  EXPECT_EQ(calendar.IsWorkingDay(D(2022, 1, 4)), std::optional<bool>(true));
}

TEST(WorkingDayCalendar, AddWorkingDaysRefusesWhenTheResultWouldLeaveCoverage) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  // Tuesday 29 December 2026: the next two working days are 30 and 31 December; a third needs 2027.
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 12, 29), 2), D(2026, 12, 31));
  EXPECT_FALSE(calendar.AddWorkingDays(D(2026, 12, 29), 3).has_value());
  EXPECT_FALSE(calendar.AddWorkingDays(D(2022, 1, 4), 2000).has_value());
}

TEST(WorkingDayCalendar, NextWorkingDayRefusesWhenItWouldLeaveCoverage) {
  const WorkingDayCalendar one_year({}, 2027, 2027);
  // Friday 31 December 2027 is a working day with no holidays given; Saturday 1 January 2028 is not
  // covered.
  EXPECT_EQ(one_year.NextWorkingDayOnOrAfter(D(2027, 12, 31)), D(2027, 12, 31));
  const WorkingDayCalendar ends_on_weekend({}, 2022, 2022);
  // Saturday 31 December 2022: the next working day would be in 2023.
  EXPECT_FALSE(ends_on_weekend.NextWorkingDayOnOrAfter(D(2022, 12, 31)).has_value());
}

TEST(WorkingDayCalendar, IgnoresHolidaysOutsideItsYears) {
  const WorkingDayCalendar calendar(EnglandAndWales2022To2026(), 2024, 2025);
  ASSERT_EQ(calendar.holidays().size(), 16u);
  EXPECT_EQ(calendar.holidays().front().date, D(2024, 1, 1));
  EXPECT_EQ(calendar.holidays().back().date, D(2025, 12, 26));
  EXPECT_EQ(calendar.HolidayOn(D(2023, 12, 25)), nullptr);
  EXPECT_EQ(calendar.HolidayOn(D(2026, 1, 1)), nullptr);
}

TEST(WorkingDayCalendar, SortsHolidaysAndTheLaterDuplicateWins) {
  const WorkingDayCalendar calendar(
      {
          {D(2025, 12, 25), "Christmas Day"},
          {D(2025, 1, 1), "New Year's Day"},
          {D(2025, 5, 5), "First name"},
          {D(2025, 12, 26), "Boxing Day"},
          {D(2025, 5, 5), "Early May bank holiday"},
      },
      2025, 2025);
  const std::vector<BankHoliday>& holidays = calendar.holidays();
  ASSERT_EQ(holidays.size(), 4u);
  EXPECT_EQ(holidays[0].date, D(2025, 1, 1));
  EXPECT_EQ(holidays[1].date, D(2025, 5, 5));
  EXPECT_EQ(holidays[1].name, "Early May bank holiday");
  EXPECT_EQ(holidays[2].date, D(2025, 12, 25));
  EXPECT_EQ(holidays[3].date, D(2025, 12, 26));
}

TEST(WorkingDayCalendar, LastOfManyDuplicatesWinsInALongUnsortedList) {
  // Long enough that an unstable sort would be free to reorder entries with equal dates.
  std::vector<BankHoliday> list;
  for (int i = 0; i < 60; ++i) {
    list.push_back({D(2025, 12 - i % 12, 1 + i % 5), "name " + std::to_string(i)});
  }
  const WorkingDayCalendar calendar(list, 2025, 2025);
  ASSERT_EQ(calendar.holidays().size(), 60u);  // 12 months x 5 days: all distinct
  std::vector<BankHoliday> duplicated = list;
  for (int i = 0; i < 60; ++i) duplicated.push_back({list[i].date, "override " + std::to_string(i)});
  const WorkingDayCalendar overridden(duplicated, 2025, 2025);
  ASSERT_EQ(overridden.holidays().size(), 60u);
  for (int i = 0; i < 60; ++i) {
    const BankHoliday* h = overridden.HolidayOn(list[i].date);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->name, "override " + std::to_string(i));
  }
  for (std::size_t i = 1; i < overridden.holidays().size(); ++i) {
    EXPECT_LT(overridden.holidays()[i - 1].date, overridden.holidays()[i].date);
  }
}

TEST(WorkingDayCalendar, HolidayOnGivesTheNamedHoliday) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  const BankHoliday* boxing = calendar.HolidayOn(D(2026, 12, 28));
  ASSERT_NE(boxing, nullptr);
  EXPECT_EQ(boxing->name, "Boxing Day (substitute day)");
  EXPECT_EQ(boxing->date, D(2026, 12, 28));
  const BankHoliday* coronation = calendar.HolidayOn(D(2023, 5, 8));
  ASSERT_NE(coronation, nullptr);
  EXPECT_EQ(coronation->name, "Bank holiday for the coronation of King Charles III");
  EXPECT_EQ(calendar.HolidayOn(D(2026, 12, 26)), nullptr);  // Saturday; the holiday moved to Monday.
  EXPECT_EQ(calendar.HolidayOn(D(2025, 5, 9)), nullptr);
}

TEST(WorkingDayCalendar, EmptyYearRangeCoversNothing) {
  const WorkingDayCalendar calendar(EnglandAndWales2022To2026(), 2025, 2024);
  EXPECT_FALSE(calendar.Covers(D(2024, 6, 3)));
  EXPECT_FALSE(calendar.Covers(D(2025, 6, 3)));
  EXPECT_TRUE(calendar.holidays().empty());
}

// ---------------------------------------------------------------------------------------------
// WorkingDayCalendar: which days are working days

TEST(WorkingDayCalendar, WeekdaysAreWorkingDaysAndWeekendsAreNot) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  EXPECT_EQ(calendar.IsWorkingDay(D(2025, 5, 9)), std::optional<bool>(true));    // Friday
  EXPECT_EQ(calendar.IsWorkingDay(D(2025, 5, 10)), std::optional<bool>(false));  // Saturday
  EXPECT_EQ(calendar.IsWorkingDay(D(2025, 5, 11)), std::optional<bool>(false));  // Sunday
  EXPECT_EQ(calendar.IsWorkingDay(D(2025, 5, 12)), std::optional<bool>(true));   // Monday
}

TEST(WorkingDayCalendar, BankHolidaysAreNotWorkingDays) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  EXPECT_EQ(calendar.IsWorkingDay(D(2025, 12, 25)), std::optional<bool>(false));
  EXPECT_EQ(calendar.IsWorkingDay(D(2022, 9, 19)), std::optional<bool>(false));  // State funeral
  EXPECT_EQ(calendar.IsWorkingDay(D(2022, 6, 2)), std::optional<bool>(false));   // Thursday holiday
  EXPECT_EQ(calendar.IsWorkingDay(D(2022, 5, 30)), std::optional<bool>(true));   // Usual spring day
}

TEST(WorkingDayCalendar, AHolidayListedOnAWeekendIsNotCountedTwice) {
  // A hand-made list may name the holiday itself rather than its substitute.
  const WorkingDayCalendar with_saturday({{D(2026, 12, 26), "Boxing Day"}}, 2026, 2026);
  const WorkingDayCalendar without({}, 2026, 2026);
  EXPECT_NE(with_saturday.HolidayOn(D(2026, 12, 26)), nullptr);
  EXPECT_EQ(with_saturday.WorkingDaysBetween(D(2026, 12, 1), D(2026, 12, 31)),
            without.WorkingDaysBetween(D(2026, 12, 1), D(2026, 12, 31)));
  // Friday 25 December (not a holiday in this list) -> Monday 28 December.
  EXPECT_EQ(with_saturday.AddWorkingDays(D(2026, 12, 25), 1), D(2026, 12, 28));
}

TEST(WorkingDayCalendar, NextWorkingDayOnOrAfterSkipsWeekendsAndHolidays) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  EXPECT_EQ(calendar.NextWorkingDayOnOrAfter(D(2025, 5, 9)), D(2025, 5, 9));     // Friday itself
  EXPECT_EQ(calendar.NextWorkingDayOnOrAfter(D(2025, 5, 10)), D(2025, 5, 12));   // Saturday
  EXPECT_EQ(calendar.NextWorkingDayOnOrAfter(D(2025, 4, 18)), D(2025, 4, 22));   // Good Friday
  EXPECT_EQ(calendar.NextWorkingDayOnOrAfter(D(2022, 6, 2)), D(2022, 6, 6));     // Jubilee weekend
  EXPECT_EQ(calendar.NextWorkingDayOnOrAfter(D(2024, 12, 25)), D(2024, 12, 27));
}

// ---------------------------------------------------------------------------------------------
// WorkingDayCalendar: arithmetic

TEST(WorkingDayCalendar, AddingZeroWorkingDaysReturnsTheSameDateEvenOnAHoliday) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  EXPECT_EQ(calendar.AddWorkingDays(D(2025, 12, 25), 0), D(2025, 12, 25));
  EXPECT_EQ(calendar.AddWorkingDays(D(2025, 5, 10), 0), D(2025, 5, 10));
}

TEST(WorkingDayCalendar, NegativeWorkingDaysAreRefused) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  EXPECT_FALSE(calendar.AddWorkingDays(D(2025, 5, 9), -1).has_value());
}

TEST(WorkingDayCalendar, OneWorkingDayAfterAFridayIsTheMonday) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  EXPECT_EQ(calendar.AddWorkingDays(D(2025, 5, 9), 1), D(2025, 5, 12));
  EXPECT_EQ(calendar.AddWorkingDays(D(2025, 5, 10), 1), D(2025, 5, 12));  // From a Saturday
}

TEST(WorkingDayCalendar, EasterSkipsGoodFridayAndEasterMonday) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  // Thursday 17 April 2025 -> Tuesday 22 April 2025.
  EXPECT_EQ(calendar.AddWorkingDays(D(2025, 4, 17), 1), D(2025, 4, 22));
}

TEST(WorkingDayCalendar, JubileeThursdayAndFridaySkipped) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  // Wednesday 1 June 2022 -> Monday 6 June 2022.
  EXPECT_EQ(calendar.AddWorkingDays(D(2022, 6, 1), 1), D(2022, 6, 6));
}

TEST(WorkingDayCalendar, FiveWorkingDaysFromFriday20December2024IsTuesday31December) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  // 23, 24, 27, 30, 31 December (25 and 26 are bank holidays).
  EXPECT_EQ(calendar.AddWorkingDays(D(2024, 12, 20), 5), D(2024, 12, 31));
  // 1 January is a bank holiday, so the sixth is Thursday 2 January and the seventh Friday 3 January.
  EXPECT_EQ(calendar.AddWorkingDays(D(2024, 12, 20), 6), D(2025, 1, 2));
  EXPECT_EQ(calendar.AddWorkingDays(D(2024, 12, 20), 7), D(2025, 1, 3));
}

TEST(WorkingDayCalendar, SubstituteDaysAtYearEndAreSkipped) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  // Christmas 2022 fell on a Sunday: Monday 26 and Tuesday 27 December were holidays, and New Year's
  // Day 2023 (a Sunday) moved to Monday 2 January.
  EXPECT_EQ(calendar.AddWorkingDays(D(2022, 12, 23), 1), D(2022, 12, 28));
  EXPECT_EQ(calendar.AddWorkingDays(D(2022, 12, 30), 1), D(2023, 1, 3));
}

TEST(WorkingDayCalendar, SeventyWorkingDaysCrossChristmasAndNewYear) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  // From Friday 1 November 2024: 20 in November, 20 in December (less 25 and 26), 22 in January 2025
  // (less the 1st), then 3, 4, 5, 6, 7, 10, 11, 12 February.
  EXPECT_EQ(calendar.AddWorkingDays(D(2024, 11, 1), 70), D(2025, 2, 12));
  // Without the bank holidays the deadline would be three working days earlier.
  const WorkingDayCalendar no_holidays({}, 2024, 2025);
  EXPECT_EQ(no_holidays.AddWorkingDays(D(2024, 11, 1), 70), D(2025, 2, 7));
}

TEST(WorkingDayCalendar, WorkingDaysBetweenCountsTheHalfOpenInterval) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  // (Fri 20 Dec 2024, Fri 3 Jan 2025]: 23, 24, 27, 30, 31 Dec, 2, 3 Jan.
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2024, 12, 20), D(2025, 1, 3)), 7);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2025, 1, 3), D(2024, 12, 20)), -7);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2025, 5, 9), D(2025, 5, 9)), 0);
  // The start is excluded, the end included.
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2025, 5, 8), D(2025, 5, 9)), 1);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2025, 5, 9), D(2025, 5, 11)), 0);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2024, 11, 1), D(2025, 2, 12)), 70);
}

TEST(WorkingDayCalendar, WorkingDaysInWholeYears) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  // 2024 has 262 weekdays and 8 bank holidays; 2025 has 261 and 8; 2022 has 260 and 10.
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2023, 12, 31), D(2024, 12, 31)), 254);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2024, 12, 31), D(2025, 12, 31)), 253);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2022, 12, 31), D(2022, 1, 1)), -250);
}

// AddWorkingDays, WorkingDaysBetween and NextWorkingDayOnOrAfter agree with a day-by-day walk that uses
// only IsWorkingDay, for every start date in the covered years.
TEST(WorkingDayCalendar, ArithmeticAgreesWithADayByDayWalk) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  for (Date start = D(2022, 1, 1); start <= D(2026, 9, 30); start = start.AddDays(1)) {
    Date walk = start;
    for (int n = 1; n <= 60; ++n) {
      do {
        walk = walk.AddDays(1);
      } while (!*calendar.IsWorkingDay(walk));
      if (n % 7 == 1 || n == 60) {  // Sample to keep the sanitiser build quick.
        ASSERT_EQ(calendar.AddWorkingDays(start, n), walk) << start.Iso() << " + " << n;
        ASSERT_EQ(calendar.WorkingDaysBetween(start, walk), n) << start.Iso();
        ASSERT_EQ(calendar.WorkingDaysBetween(walk, start), -n) << start.Iso();
      }
    }
    Date next = start;
    while (!*calendar.IsWorkingDay(next)) next = next.AddDays(1);
    ASSERT_EQ(calendar.NextWorkingDayOnOrAfter(start), next) << start.Iso();
  }
}

TEST(WorkingDayCalendar, AddWorkingDaysAndBetweenAreInverse) {
  const WorkingDayCalendar calendar = Calendar2022To2026();
  for (Date start = D(2022, 1, 1); start <= D(2024, 12, 31); start = start.AddDays(3)) {
    for (int n : {1, 20, 70, 250, 400}) {
      const std::optional<Date> end = calendar.AddWorkingDays(start, n);
      ASSERT_TRUE(end.has_value()) << start.Iso();
      ASSERT_EQ(calendar.IsWorkingDay(*end), std::optional<bool>(true)) << end->Iso();
      ASSERT_EQ(calendar.WorkingDaysBetween(start, *end), n);
      // One day earlier is one working day short.
      ASSERT_EQ(calendar.WorkingDaysBetween(start, end->AddDays(-1)), n - 1);
    }
  }
}

}  // namespace
}  // namespace lp
