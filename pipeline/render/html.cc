#include "render/html.h"

#include "base/text.h"

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

std::string AddAbbreviations(const std::string& html, const std::vector<GlossaryTerm>& glossary) {
  std::vector<std::pair<std::string, const GlossaryTerm*>> pending;  // escaped abbreviation, term
  for (const GlossaryTerm& t : glossary) pending.emplace_back(Escape(t.abbr), &t);
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
    if (skip_depth > 0 || pending.empty()) {
      out.append(text);
      i = next;
      continue;
    }
    // Earliest whole-word match of any pending term in this text run.
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t best = std::string::npos;
      std::size_t best_index = 0;
      for (std::size_t k = 0; k < pending.size(); ++k) {
        const std::string& needle = pending[k].first;
        for (std::size_t at = text.find(needle, pos); at != std::string::npos; at = text.find(needle, at + 1)) {
          bool left = at == 0 || !IsWordChar(text[at - 1]);
          bool right = at + needle.size() >= text.size() || !IsWordChar(text[at + needle.size()]);
          if (left && right) {
            if (at < best) {
              best = at;
              best_index = k;
            }
            break;
          }
        }
      }
      if (best == std::string::npos) break;
      const auto& [needle, term] = pending[best_index];
      out.append(text.substr(pos, best - pos));
      out += "<abbr title=\"" + Escape(term->expansion) + "\">" + needle + "</abbr>";
      pos = best + needle.size();
      pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(best_index));
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
