#pragma once
// The format, size and page count of each PDF, filled into the pages that list it as an attachment
// ("PDF, 212 KB, 9 pages"). A page cannot know its own PDF's size before the PDF exists, so render leaves
// a marker (render::PdfFactsMarker) that is filled in here, once every PDF is rendered.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "site/release.h"

namespace lp::site {

// The page count of a PDF: the /Count of its page tree's root, or nothing when the file does not say.
std::optional<int> PdfPageCount(const std::string& pdf);

// "PDF, 212 KB, 9 pages" (KB rounded up; MB with one decimal from 1 MB).
std::string DescribePdf(const std::string& pdf);

// True when a page holds a PDF facts marker (render::PdfFactsMarker), to be filled in by FillPdfFacts.
bool HasPdfFactsMarker(std::string_view page);

// Fills every PDF facts marker in the staged pages `paths` from the staged PDFs. A marker naming a PDF that is
// missing is an error: the page would promise a file that is not there.
bool FillPdfFacts(ReleaseWriter& writer, const std::vector<std::string>& paths, Diagnostics& diags);

}  // namespace lp::site
