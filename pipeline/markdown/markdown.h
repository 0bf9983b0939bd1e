#pragma once
// The one place that knows cmark-gfm. Markdown never fails to parse; it is always rendered in safe mode
// (never CMARK_OPT_UNSAFE), and this module also strips raw HTML nodes and neutralises unsafe URLs in the
// tree before rendering, so what reaches a page cannot be active content whatever the input says.

#include <string>
#include <string_view>
#include <vector>

namespace lp::markdown {

// Something in Markdown that the input rules refuse. Line and column are 1-based within the Markdown text.
struct Problem {
  int line = 1;
  int col = 1;
  std::string message;
};

// Raw HTML, links with a scheme other than http(s)/mailto or a relative path, and images from outside
// the site (any image with a scheme or a protocol-relative URL).
std::vector<Problem> FindUnsafeContent(std::string_view text);

// Safe HTML for a Markdown body, using the GFM extensions the letters need (table, autolink,
// strikethrough, tagfilter). Headings inside bodies are shifted down by `heading_shift` levels (capped at h6).
std::string RenderHtml(std::string_view text, int heading_shift = 0);

// The text a reader sees, without markup; paragraphs separated by blank lines.
std::string PlainText(std::string_view text);

// One numbered unit of a body: a paragraph, a list item, a heading, a table or another block.
// Corrections refer to these by number.
struct Block {
  std::string source;  // the Markdown source lines of the block, joined
  std::string html;    // the block rendered on its own
  std::string text;    // its plain text
  int start_line = 1;
  int end_line = 1;
};
// Top-level blocks, with each list item counted as a block of its own.
std::vector<Block> SplitBlocks(std::string_view text);

// True when the URL is one a published page may link to: http, https, mailto, or a relative path
// without a scheme.
bool IsSafeLinkUrl(std::string_view url);

}  // namespace lp::markdown
