#include "render/html.h"

#include "base/text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace lp::render {

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// The tag name of an HTML tag starting at '<' ("h2", "/h2", "abbr").
std::string TagName(const std::string& html, std::size_t lt) {
  std::size_t i = lt + 1;
  std::string name;
  if (i < html.size() && html[i] == '/') name += html[i++];
  while (i < html.size() && std::isalnum(static_cast<unsigned char>(html[i]))) {
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[i++])));
  }
  return name;
}

}  // namespace

namespace {

// The glossary's abbreviations as they appear in HTML text (escaped), sorted so that the terms sharing a
// prefix are neighbours: walking down the sorted list one character at a time is walking a trie.
struct Needle {
  std::string text;
  std::size_t term = 0;  // index in the glossary: the earlier term wins where two match at one place
};

// The glossary term, not yet used, with a whole-word match starting at `p` of `text` (whose left boundary
// the caller has checked); of several, the one earliest in the glossary. At most one step per character
// of the longest abbreviation (16 characters, escaped at most 80 bytes), each a binary search, so a page
// costs time linear in its length whatever the size of the glossary.
const Needle* MatchAt(std::string_view text, std::size_t p, const std::vector<Needle>& needles,
                      const std::vector<bool>& used) {
  const Needle* best = nullptr;
  auto lo = needles.begin(), hi = needles.end();
  for (std::size_t d = 0; lo != hi; ++d) {
    // Every needle in [lo, hi) starts with text[p, p + d); the ones that long exactly sort first.
    for (; lo != hi && lo->text.size() == d; ++lo) {
      bool right = p + d >= text.size() || !IsWordChar(text[p + d]);
      if (d > 0 && right && !used[lo->term] && (!best || lo->term < best->term)) best = &*lo;
    }
    if (lo == hi || p + d >= text.size()) break;
    // std::string orders characters as unsigned char; so must the search.
    unsigned char c = static_cast<unsigned char>(text[p + d]);
    lo = std::lower_bound(lo, hi, c, [d](const Needle& n, unsigned char ch) {
      return static_cast<unsigned char>(n.text[d]) < ch;
    });
    hi = std::upper_bound(lo, hi, c, [d](unsigned char ch, const Needle& n) {
      return ch < static_cast<unsigned char>(n.text[d]);
    });
  }
  return best;
}

// The sorted needles of a glossary. A build renders every page with the same glossary, so the last one is
// kept per thread and reused when the glossary is equal (a linear comparison, where sorting is not).
const std::vector<Needle>& NeedlesFor(const std::vector<GlossaryTerm>& glossary) {
  struct Cache {
    std::vector<GlossaryTerm> glossary;
    std::vector<Needle> needles;
  };
  thread_local Cache cache;
  auto same = [](const GlossaryTerm& a, const GlossaryTerm& b) { return a.abbr == b.abbr && a.expansion == b.expansion; };
  if (cache.glossary.size() == glossary.size() &&
      std::equal(glossary.begin(), glossary.end(), cache.glossary.begin(), same)) {
    return cache.needles;
  }
  cache.glossary = glossary;
  cache.needles.clear();
  cache.needles.reserve(glossary.size());
  for (std::size_t k = 0; k < glossary.size(); ++k) {
    if (!glossary[k].abbr.empty()) cache.needles.push_back({Escape(glossary[k].abbr), k});
  }
  std::sort(cache.needles.begin(), cache.needles.end(),
            [](const Needle& a, const Needle& b) { return a.text != b.text ? a.text < b.text : a.term < b.term; });
  return cache.needles;
}

}  // namespace

std::string AddAbbreviations(const std::string& html, const std::vector<GlossaryTerm>& glossary) {
  const std::vector<Needle>& needles = NeedlesFor(glossary);
  std::vector<bool> used(glossary.size(), false);  // each term is explained once, at its first use
  std::size_t pending = needles.size();
  std::string out;
  out.reserve(html.size() + 256);
  std::size_t i = 0;
  int skip_depth = 0;  // inside headings, abbr, title, script-like elements
  while (i < html.size()) {
    if (html[i] == '<') {
      std::size_t gt = html.find('>', i);
      if (gt == std::string::npos) gt = html.size() - 1;
      std::string name = TagName(html, i);
      bool closing = !name.empty() && name[0] == '/';
      std::string bare = closing ? name.substr(1) : name;
      // Raw-text elements are copied byte for byte to their end tag: a '<' in a script is not a tag, and
      // a script's JSON or a textarea's value must reach the browser unchanged.
      if (!closing && (bare == "script" || bare == "style" || bare == "textarea")) {
        std::size_t end = html.find("</" + bare, gt);
        end = end == std::string::npos ? html.size() : html.find('>', end);
        end = end == std::string::npos ? html.size() : end + 1;
        out.append(html, i, end - i);
        i = end;
        continue;
      }
      bool skipped = bare == "abbr" || bare == "title" || bare == "a" || bare == "select" || bare == "option" ||
                     (bare.size() == 2 && bare[0] == 'h' && bare[1] >= '1' && bare[1] <= '6');
      if (skipped) skip_depth += closing ? -1 : 1;
      out.append(html, i, gt - i + 1);
      i = gt + 1;
      continue;
    }
    std::size_t next = html.find('<', i);
    if (next == std::string::npos) next = html.size();
    std::string_view text(html.data() + i, next - i);
    if (skip_depth > 0 || pending == 0) {
      out.append(text);
      i = next;
      continue;
    }
    // One pass over the text run: at each word start, the earliest-listed unused term that matches there.
    std::size_t pos = 0;  // copied up to here
    for (std::size_t p = 0; p < text.size() && pending > 0;) {
      const Needle* match = (p == 0 || !IsWordChar(text[p - 1])) ? MatchAt(text, p, needles, used) : nullptr;
      if (!match) {
        ++p;
        continue;
      }
      const GlossaryTerm& term = glossary[match->term];
      out.append(text.substr(pos, p - pos));
      out += "<abbr title=\"" + Escape(term.expansion) + "\">" + match->text + "</abbr>";
      used[match->term] = true;
      --pending;
      p = pos = p + match->text.size();
    }
    out.append(text.substr(pos));
    i = next;
  }
  return out;
}

std::string CssString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || c == '<' || c == '>' || u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%X ", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string AbsoluteLinks(const std::string& html, const std::string& page_path, const std::string& base_url) {
  std::string base = base_url.empty() || base_url.back() == '/' ? base_url : base_url + "/";
  std::string out;
  std::size_t pos = 0;
  static const std::string kNeedle = "<a href=\"";
  for (std::size_t at = html.find(kNeedle); at != std::string::npos; at = html.find(kNeedle, pos)) {
    std::size_t start = at + kNeedle.size();
    std::size_t end = html.find('"', start);
    if (end == std::string::npos) break;
    std::string href = html.substr(start, end - start);
    out.append(html, pos, start - pos);
    std::size_t colon = href.find(':');
    bool has_scheme = colon != std::string::npos && colon < href.find_first_of("/?#");
    if (href.empty() || href[0] == '#' || has_scheme || href.rfind("//", 0) == 0) {
      out += href;
    } else {
      std::string path = href[0] == '/' ? href.substr(1) : href;
      std::string tail;
      if (std::size_t cut = path.find_first_of("?#"); cut != std::string::npos) {
        tail = path.substr(cut);
        path = path.substr(0, cut);
      }
      std::optional<std::string> resolved = ResolveUrlPath(href[0] == '/' ? "" : page_path, path);
      out += resolved ? base + *resolved + tail : href;
    }
    pos = end;
  }
  out.append(html, pos, std::string::npos);
  return out;
}

std::string OutputFile(const std::string& page_path) {
  return page_path.empty() || page_path.back() == '/' ? page_path + "index.html" : page_path;
}

std::string RelativeRoot(const std::string& page_path) {
  std::string root;
  for (char c : page_path) {
    if (c == '/') root += "../";
  }
  return root;
}

std::string NumberFootnotes(const std::string& html) {
  static const std::string kRef = "data-footnote-ref>";
  static const std::string kSection = "<section class=\"footnotes\"";
  if (html.find(kRef) == std::string::npos) return html;
  std::string out;
  int block = 1, base = 1;
  auto prefix_ids = [&](std::string text) {
    const std::string b = "b" + std::to_string(block) + "-";
    for (const char* key : {"\"#fn-", "id=\"fn-", "\"#fnref-", "id=\"fnref-"}) {
      std::string k = key;
      for (std::size_t at = 0; (at = text.find(k, at)) != std::string::npos; at += k.size() + b.size()) {
        text.insert(at + k.size(), b);
      }
    }
    return text;
  };
  std::size_t pos = 0;
  while (pos < html.size()) {
    std::size_t ref = html.find(kRef, pos);
    std::size_t section = html.find(kSection, pos);
    if (ref == std::string::npos && section == std::string::npos) break;
    if (ref != std::string::npos && (section == std::string::npos || ref < section)) {
      // The ref's <sup><a ...> opened a little before: prefix its ids, then renumber its label.
      std::size_t open = html.rfind("<sup class=\"footnote-ref\">", ref);
      if (open == std::string::npos || open < pos) open = ref;
      out += html.substr(pos, open - pos);
      out += prefix_ids(html.substr(open, ref + kRef.size() - open));
      std::size_t label_end = html.find('<', ref + kRef.size());
      std::string label = html.substr(ref + kRef.size(), label_end - ref - kRef.size());
      int index = std::atoi(label.c_str());
      out += index > 0 ? std::to_string(base + index - 1) : label;
      pos = label_end;
    } else {
      std::size_t end = html.find("</section>", section);
      if (end == std::string::npos) end = html.size();
      out += html.substr(pos, section - pos);
      std::string notes = prefix_ids(html.substr(section, end - section));
      int count = 0;
      for (std::size_t at = 0; (at = notes.find("<li id=", at)) != std::string::npos; ++at) ++count;
      if (base > 1) {
        std::size_t ol = notes.find("<ol>");
        if (ol != std::string::npos) notes.replace(ol, 4, "<ol start=\"" + std::to_string(base) + "\">");
      }
      out += notes;
      base += count;
      ++block;
      pos = end;
    }
  }
  out += html.substr(pos);
  return out;
}

}  // namespace lp::render
