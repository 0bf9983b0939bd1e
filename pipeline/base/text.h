#pragma once
// Small text utilities shared by every stage: UTF-8 checks, indentation, suggestions, hashing.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lp {

// The byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and code points past
// U+10FFFF are invalid), or nullopt when the whole text is valid.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

// The number of code points in valid UTF-8 text.
std::size_t CountCodePoints(std::string_view text);

// Text embedded in XML with indentation removed: leading and trailing blank lines dropped, and the
// indentation common to every non-blank line stripped. `first_line` is the index (0-based) of the first
// kept line in the input and `indent` the number of bytes removed from each line, so positions in the
// result map back to the source.
struct Dedented {
  std::string text;
  int first_line = 0;
  int indent = 0;
};
Dedented Dedent(std::string_view text);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely typo, else empty (also when two
// candidates are equally close).
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" style suffix: "; did you mean 'x'?" or empty.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// Lower-case hexadecimal SHA-256 of the bytes.
std::string Sha256Hex(std::string_view bytes);

// Whitespace-separated words.
std::vector<std::string> SplitWords(std::string_view text);

// Number of words, as a reader counts them (runs of non-space characters).
std::size_t CountWords(std::string_view text);

// Joins a relative URL path (no query or fragment) to the folder of `page` ("inspections/x/index.html")
// and folds "." and ".." segments; a trailing '/' is kept. nullopt when it climbs above the root.
std::optional<std::string> ResolveUrlPath(const std::string& page, const std::string& ref);

// The path part of an absolute URL: "https://host/prefix/" -> "/prefix/" ("/" when there is none).
std::string UrlPathOf(const std::string& url);

// `text` with the credentials of every URL in it masked: "https://user:secret@host/" becomes
// "https://user:***@host/", and a lone token ("https://token@host/") becomes "https://***@host/". For every
// message and log line that may echo a URL someone typed.
std::string MaskUrlCredentials(std::string_view text);

// What is wrong with a site's base URL, or empty when nothing is: it must be an absolute http:// or
// https:// URL with a host (letters, digits, '.', '-', or a bracketed IPv6 address) and an optional port,
// no credentials, no query or fragment, and a path of URL-safe characters ending in '/'. One rule for
// `check` and `build` alike, as every page prints the base URL.
std::string BaseUrlProblem(std::string_view url);

// Join with a separator.
std::string Join(const std::vector<std::string>& parts, std::string_view separator);

// "a", "a and b", "a, b and c".
std::string JoinEnglish(const std::vector<std::string>& parts);

}  // namespace lp
