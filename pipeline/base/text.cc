#include "base/text.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace lp {

std::optional<std::size_t> FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::nullopt;
}

std::size_t CountCodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Dedented Dedent(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  auto blank = [](std::string_view l) { return l.find_first_not_of(" \t") == std::string_view::npos; };
  std::size_t first = 0;
  while (first < lines.size() && blank(lines[first])) ++first;
  std::size_t last = lines.size();
  while (last > first && blank(lines[last - 1])) --last;
  Dedented out;
  out.first_line = static_cast<int>(first);
  if (first == last) return out;
  std::size_t indent = std::string_view::npos;
  for (std::size_t i = first; i < last; ++i) {
    if (blank(lines[i])) continue;
    indent = std::min(indent, lines[i].find_first_not_of(" \t"));
  }
  out.indent = static_cast<int>(indent);
  for (std::size_t i = first; i < last; ++i) {
    std::string_view l = lines[i];
    out.text += blank(l) ? std::string_view() : l.substr(std::min(indent, l.size()));
    if (i + 1 < last) out.text += '\n';
  }
  return out;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  bool tie = false;
  for (const std::string& c : candidates) {
    std::size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
      tie = false;
    } else if (d == best_distance && c != best) {
      tie = true;
    }
  }
  // A typo is a small fraction of the word: allow one edit in short words, up to a third in longer ones.
  std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  if (best_distance == 0 || best_distance > allowed) return {};
  // Two equally close candidates ('afi-4' against 'afi-1' and 'afi-2'): a guess would mislead.
  if (tie) return {};
  return best;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string match = ClosestMatch(word, candidates);
  return match.empty() ? std::string() : "; did you mean '" + match + "'?";
}

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

std::size_t CountWords(std::string_view text) { return SplitWords(text).size(); }

std::optional<std::string> ResolveUrlPath(const std::string& page, const std::string& ref) {
  std::size_t last_slash = page.rfind('/');
  std::string joined = page.substr(0, last_slash == std::string::npos ? 0 : last_slash + 1) + ref;
  bool trailing = !joined.empty() && joined.back() == '/';
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string part = joined.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out = Join(parts, "/");
  if (trailing && !out.empty()) out += "/";
  return out;
}

std::string UrlPathOf(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += separator;
    out += parts[i];
  }
  return out;
}

std::string JoinEnglish(const std::vector<std::string>& parts) {
  if (parts.empty()) return {};
  if (parts.size() == 1) return parts[0];
  std::vector<std::string> head(parts.begin(), parts.end() - 1);
  return Join(head, ", ") + " and " + parts.back();
}

std::string MaskUrlCredentials(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t scheme = text.find("://", pos);
    if (scheme == std::string_view::npos) break;
    std::size_t start = scheme + 3;
    std::size_t end = text.find_first_of("/?# \t\r\n'\"<>", start);
    if (end == std::string_view::npos) end = text.size();
    std::size_t at = text.rfind('@', end == start ? start : end - 1);
    out.append(text.substr(pos, start - pos));
    if (at != std::string_view::npos && at >= start && at < end) {
      std::size_t colon = text.find(':', start);
      if (colon != std::string_view::npos && colon < at) {
        out.append(text.substr(start, colon + 1 - start));
        out += "***";
      } else {
        out += "***";
      }
      out.append(text.substr(at, end - at));
    } else {
      out.append(text.substr(start, end - start));
    }
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

std::string BaseUrlProblem(std::string_view url) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "is not an absolute URL (write it as https://host/path/)";
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme != "https" && scheme != "http") return "must start with https:// or http://";
  std::string_view rest = url.substr(scheme_end + 3);
  std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return "may not hold credentials (user:password@): every page would print them";
  }
  if (rest.find('?') != std::string_view::npos) return "may not have a query ('?')";
  if (rest.find('#') != std::string_view::npos) return "may not have a fragment ('#')";
  std::string_view host = authority, port;
  if (!host.empty() && host.front() == '[') {
    std::size_t close = host.find(']');
    if (close == std::string_view::npos) return "has an unclosed '[' in its host";
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!port.empty() && port.front() != ':') return "has text after its IPv6 host";
    if (!port.empty()) port.remove_prefix(1);
    if (host.empty() || host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos) {
      return "has an invalid IPv6 host";
    }
  } else {
    if (std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
      if (port.empty()) return "has an empty port after ':'";
    }
    if (host.empty()) return "has no host";
    for (char c : host) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') {
        return "has a host with '" + std::string(1, c) + "' in it; a host is letters, digits, '.' and '-'";
      }
    }
  }
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
      (!port.empty() && std::stoi(std::string(port)) > 65535)) {
    return "has an invalid port '" + std::string(port) + "'";
  }
  std::string_view path = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || std::string_view("\"<>\\^`{|}").find(c) != std::string_view::npos) {
      return "has a character a URL path may not hold unescaped ('" + std::string(1, c) + "')";
    }
  }
  if (path.empty() || path.back() != '/') return "must end in '/'";
  return {};
}

}  // namespace lp
