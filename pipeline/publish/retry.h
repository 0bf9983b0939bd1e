#pragma once
// When and how soon to try a request again. Pure: the clock and the random draw are parameters.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lp::publish {

// Seconds since 1970-01-01 UTC for an HTTP date in any of the three forms RFC 9110 says a recipient must
// accept: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and
// asctime ("Sun Nov  6 08:49:37 1994"). nullopt when the text is none of them.
std::optional<std::int64_t> ParseHttpDate(std::string_view text);

// Milliseconds since 1970-01-01 UTC for an ISO 8601 UTC timestamp as S3 lists them
// ("2026-11-23T19:08:02.000Z", fraction optional); nullopt otherwise.
std::optional<std::int64_t> ParseIsoTimestampMs(std::string_view text);

// How long a Retry-After header asks the client to wait: delay-seconds ("120") or an HTTP date, measured
// from `now` (seconds since the epoch); a date in the past means no wait. nullopt when the value is neither.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, std::int64_t now);

// The wait before retry number `retry` (1 for the first retry): exponential backoff with "equal jitter",
// uniformly between half and all of min(cap, base * 2^(retry-1)). `unit` is a random draw in [0, 1).
// Jitter spreads the retries of many parallel transfers that failed together (a server restart), so they
// do not return as one burst.
std::chrono::milliseconds BackoffDelay(int retry, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                       double unit);

// Statuses worth another try: 408 and 429 (the server asks for patience) and 5xx except 501 and 505, which
// no retry will change.
bool IsRetryableStatus(long status);

// libcurl results worth another try: the connection could not be made, broke, or stalled.
bool IsRetryableCurlCode(int code);

}  // namespace lp::publish
