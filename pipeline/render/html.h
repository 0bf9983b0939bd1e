#pragma once
// Small HTML helpers for text this program composes (never for input Markdown, which goes through cmark).

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace lp::render {

// Escapes text for HTML content and attribute values.
std::string Escape(std::string_view text);

// Wraps the first use of each glossary abbreviation in text content (never inside a tag, an existing
// <abbr>, a link, a heading or a form control; <script>, <style> and <textarea> are copied byte for byte)
// in <abbr title="expansion">. Whole words only.
std::string AddAbbreviations(const std::string& html, const std::vector<GlossaryTerm>& glossary);

// A CSS string literal safe inside a <style> element (no quote, backslash, newline or '<' survives raw).
std::string CssString(std::string_view text);

// Footnotes across a page: each Markdown block cmark-gfm rendered numbers its own footnotes from 1, so the
// page renumbers them in reading order (1, 2, 3 ... as a printed letter does) and gives each block's ids a
// prefix of their own, so two blocks' "[^1]" never share an anchor.
std::string NumberFootnotes(const std::string& html);

// The page with every relative <a href> made absolute against the site's base URL (in-page "#..." links
// stay), for a copy rendered somewhere else, such as a PDF, where relative links would point at the disk.
std::string AbsoluteLinks(const std::string& html, const std::string& page_path, const std::string& base_url);

// The file a page path is written to: "inspections/x/" -> "inspections/x/index.html".
std::string OutputFile(const std::string& page_path);

// "../../" for a page at "inspections/x/" ("" for the root).
std::string RelativeRoot(const std::string& page_path);

}  // namespace lp::render
