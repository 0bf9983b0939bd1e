#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace lp::markdown {
namespace {

// Footnotes ("text[^1]" and "[^1]: note") render as the letters print them: a superscript number and the note below.
constexpr int kOptions =
    CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE | CMARK_OPT_FOOTNOTES;
constexpr const char* kExtensions[] = {"table", "autolink", "strikethrough", "tagfilter"};

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct CharDeleter {
  void operator()(char* p) const { free(p); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using CharPtr = std::unique_ptr<char, CharDeleter>;

// Parsed document plus the parser that owns the extension list the renderer needs.
struct Parsed {
  ParserPtr parser;
  NodePtr document;
};

Parsed Parse(std::string_view text) {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
  ParserPtr parser(cmark_parser_new(kOptions));
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), text.data(), text.size());
  NodePtr document(cmark_parser_finish(parser.get()));
  return {std::move(parser), std::move(document)};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The scheme of a URL as a browser would read it (ignoring whitespace and control characters that
// browsers skip, a classic way to smuggle "java\tscript:"), or empty when there is none.
std::string Scheme(std::string_view url) {
  std::string cleaned;
  for (char ch : url) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) continue;
    cleaned += ch;
  }
  std::size_t colon = cleaned.find(':');
  if (colon == std::string::npos) return {};
  std::size_t stop = cleaned.find_first_of("/?#");
  if (stop != std::string::npos && stop < colon) return {};
  return Lower(std::string_view(cleaned).substr(0, colon));
}

bool IsProtocolRelative(std::string_view url) {
  std::size_t i = url.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && url.substr(i).rfind("//", 0) == 0;
}

template <typename Visit>
void Walk(cmark_node* root, Visit visit) {
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    if (ev == CMARK_EVENT_ENTER) visit(cmark_iter_get_node(iter));
  }
  cmark_iter_free(iter);
}

// Remove what must never render: raw HTML nodes, unsafe link targets, images from outside the site.
void Sanitise(cmark_node* document) {
  std::vector<cmark_node*> remove;
  std::vector<cmark_node*> unwrap;  // parents before children, as the walk meets them
  Walk(document, [&](cmark_node* node) {
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) {
      remove.push_back(node);
    } else if (type == CMARK_NODE_LINK) {
      const char* url = cmark_node_get_url(node);
      if (url && !IsSafeLinkUrl(url)) unwrap.push_back(node);
    } else if (type == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(node);
      std::string_view u = url ? url : "";
      if (!Scheme(u).empty() || IsProtocolRelative(u)) unwrap.push_back(node);
    }
  });
  for (cmark_node* node : remove) {
    cmark_node_unlink(node);
    cmark_node_free(node);
  }
  // An unsafe link becomes its text and an image from outside the site its alt text: the words survive,
  // the link or the request never happens (a dead href="" would still look like a link).
  for (cmark_node* node : unwrap) {
    while (cmark_node* child = cmark_node_first_child(node)) {
      cmark_node_unlink(child);
      cmark_node_insert_before(node, child);
    }
    cmark_node_unlink(node);
    cmark_node_free(node);
  }
}

void ShiftHeadings(cmark_node* document, int shift) {
  if (shift == 0) return;
  Walk(document, [&](cmark_node* node) {
    if (cmark_node_get_type(node) == CMARK_NODE_HEADING) {
      cmark_node_set_heading_level(node, std::min(6, cmark_node_get_heading_level(node) + shift));
    }
  });
}

std::string RenderNode(cmark_node* node, cmark_parser* parser) {
  CharPtr html(cmark_render_html(node, kOptions, cmark_parser_get_syntax_extensions(parser)));
  return html ? std::string(html.get()) : std::string();
}

std::string PlainNode(cmark_node* node) {
  CharPtr text(cmark_render_plaintext(node, kOptions, 0));
  std::string out = text ? std::string(text.get()) : std::string();
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string SourceLines(std::string_view text, int start_line, int end_line) {
  std::string out;
  int line = 1;
  std::size_t pos = 0;
  while (pos <= text.size() && line <= end_line) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (line >= start_line) {
      if (!out.empty()) out += '\n';
      out += text.substr(pos, end - pos);
    }
    pos = end + 1;
    ++line;
  }
  return out;
}

// The 1-based byte column of an inline node. cmark measures an inline node on a paragraph's later lines
// from where the paragraph's first line started, but those lines lose their own indentation first, so
// "Intro\n  more <b>" would put the tag two columns early. Recount from the node's source line.
int InlineColumn(cmark_node* node, std::string_view text) {
  int line = cmark_node_get_start_line(node);
  int col = cmark_node_get_start_column(node);
  cmark_node* block = cmark_node_parent(node);
  while (block && (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) {
    block = cmark_node_parent(block);
  }
  if (!block || line <= cmark_node_get_start_line(block)) return col;
  int quotes = 0;
  for (cmark_node* n = block; n; n = cmark_node_parent(n)) {
    if (cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE) ++quotes;
  }
  const std::string source = SourceLines(text, line, line);
  auto skip_spaces = [&](std::size_t i, std::size_t most) {
    for (std::size_t n = 0; i < source.size() && n < most && (source[i] == ' ' || source[i] == '\t'); ++n) ++i;
    return i;
  };
  std::size_t start = 0;
  // Block quote markers ("> "), which a lazy continuation line may leave out.
  for (int q = 0; q < quotes; ++q) {
    std::size_t marker = skip_spaces(start, 3);
    if (marker >= source.size() || source[marker] != '>') break;
    start = marker + 1;
  }
  start = skip_spaces(start, source.size());
  return static_cast<int>(start) + 1 + (col - cmark_node_get_start_column(block));
}

}  // namespace

bool IsSafeLinkUrl(std::string_view url) {
  std::string scheme = Scheme(url);
  if (scheme.empty()) return true;
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

std::vector<Problem> FindUnsafeContent(std::string_view text) {
  Parsed parsed = Parse(text);
  std::vector<Problem> problems;
  Walk(parsed.document.get(), [&](cmark_node* node) {
    int line = cmark_node_get_start_line(node);
    bool is_inline = (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE;
    int col = is_inline ? InlineColumn(node, text) : cmark_node_get_start_column(node);
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
        problems.push_back({line, col, "raw HTML is not allowed in Markdown; write the text without tags"});
        break;
      case CMARK_NODE_LINK: {
        std::string_view url = cmark_node_get_url(node) ? cmark_node_get_url(node) : "";
        if (!IsSafeLinkUrl(url)) {
          problems.push_back({line, col, "link with scheme '" + Scheme(url) + ":' is not allowed; use http, https or a page of this site"});
        }
        break;
      }
      case CMARK_NODE_IMAGE: {
        std::string_view url = cmark_node_get_url(node) ? cmark_node_get_url(node) : "";
        if (!Scheme(url).empty() || IsProtocolRelative(url)) {
          problems.push_back({line, col, "image from outside the site is not allowed: '" + std::string(url) + "'"});
        }
        break;
      }
      default:
        break;
    }
  });
  // The walk visits blocks before their inlines; report in reading order.
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& a, const Problem& b) { return std::tie(a.line, a.col) < std::tie(b.line, b.col); });
  return problems;
}

std::string RenderHtml(std::string_view text, int heading_shift) {
  Parsed parsed = Parse(text);
  Sanitise(parsed.document.get());
  ShiftHeadings(parsed.document.get(), heading_shift);
  return RenderNode(parsed.document.get(), parsed.parser.get());
}

std::string PlainText(std::string_view text) {
  Parsed parsed = Parse(text);
  Sanitise(parsed.document.get());
  return PlainNode(parsed.document.get());
}

std::vector<Block> SplitBlocks(std::string_view text) {
  Parsed parsed = Parse(text);
  Sanitise(parsed.document.get());
  std::vector<Block> blocks;
  auto add = [&](cmark_node* node, std::string html, std::string plain) {
    Block b;
    b.start_line = cmark_node_get_start_line(node);
    b.end_line = cmark_node_get_end_line(node);
    // cmark ends a list item after the blank line that follows it; that line is not part of the block.
    while (b.end_line > b.start_line &&
           SourceLines(text, b.end_line, b.end_line).find_first_not_of(" \t\r") == std::string::npos) {
      --b.end_line;
    }
    b.source = SourceLines(text, b.start_line, b.end_line);
    b.html = std::move(html);
    b.text = std::move(plain);
    blocks.push_back(std::move(b));
  };
  for (cmark_node* node = cmark_node_first_child(parsed.document.get()); node; node = cmark_node_next(node)) {
    if (cmark_node_get_type(node) == CMARK_NODE_LIST) {
      for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item)) {
        // Render the item's children (not the <li>) so the caller decides the list markup; likewise the
        // plain text, which rendered from the item itself would start with the list marker ("  - ").
        std::string html, plain;
        for (cmark_node* child = cmark_node_first_child(item); child; child = cmark_node_next(child)) {
          html += RenderNode(child, parsed.parser.get());
          std::string child_text = PlainNode(child);
          if (!plain.empty() && !child_text.empty()) plain += "\n\n";
          plain += child_text;
        }
        add(item, std::move(html), std::move(plain));
      }
    } else {
      add(node, RenderNode(node, parsed.parser.get()), PlainNode(node));
    }
  }
  return blocks;
}

}  // namespace lp::markdown
