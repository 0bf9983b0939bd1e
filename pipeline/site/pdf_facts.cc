#include "site/pdf_facts.h"

#include <fstream>
#include <map>
#include <sstream>

namespace lp::site {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMarkerStart = "<!--letterpress:pdf-facts:";
constexpr std::string_view kMarkerEnd = "-->";

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

std::optional<int> PdfPageCount(const std::string& pdf) {
  // Every node of the page tree is a dictionary with /Type /Pages and a /Count of the pages beneath it; the
  // root's is the largest. (Outline dictionaries also have a /Count, so only /Pages dictionaries are read.)
  std::optional<int> best;
  for (std::size_t at = pdf.find("/Type /Pages"); at != std::string::npos; at = pdf.find("/Type /Pages", at + 1)) {
    std::size_t open = pdf.rfind("<<", at);
    std::size_t close = pdf.find(">>", at);
    if (open == std::string::npos || close == std::string::npos) continue;
    std::size_t count = pdf.find("/Count", open);
    if (count == std::string::npos || count > close) continue;
    std::size_t digits = count + 6;
    while (digits < close && pdf[digits] == ' ') ++digits;
    int n = 0;
    bool any = false;
    while (digits < close && pdf[digits] >= '0' && pdf[digits] <= '9' && n < 1000000) {
      n = n * 10 + (pdf[digits++] - '0');
      any = true;
    }
    if (any && (!best || n > *best)) best = n;
  }
  return best;
}

std::string DescribePdf(const std::string& pdf) {
  std::string size;
  constexpr std::uintmax_t kMb = 1024 * 1024;
  if (pdf.size() >= kMb) {
    std::uintmax_t tenths = (pdf.size() * 10 + kMb - 1) / kMb;
    size = std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
  } else {
    size = std::to_string(std::max<std::uintmax_t>(1, (pdf.size() + 1023) / 1024)) + " KB";
  }
  std::string out = "PDF, " + size;
  if (std::optional<int> pages = PdfPageCount(pdf)) {
    out += ", " + std::to_string(*pages) + (*pages == 1 ? " page" : " pages");
  }
  return out;
}

bool HasPdfFactsMarker(std::string_view page) { return page.find(kMarkerStart) != std::string_view::npos; }

bool FillPdfFacts(ReleaseWriter& writer, const std::vector<std::string>& paths, Diagnostics& diags) {
  std::map<std::string, std::string> described;
  bool ok = true;
  for (const std::string& path : paths) {
    std::optional<std::string> page = ReadFile(writer.staging() / path);
    if (!page) {
      diags.FileError(path, "cannot read the staged page to fill in its PDF facts");
      ok = false;
      continue;
    }
    const std::string& bytes = *page;
    if (bytes.find(kMarkerStart) == std::string::npos) continue;
    std::string filled;
    std::size_t from = 0;
    for (std::size_t at = bytes.find(kMarkerStart); at != std::string::npos; at = bytes.find(kMarkerStart, from)) {
      std::size_t name = at + kMarkerStart.size();
      std::size_t end = bytes.find(kMarkerEnd, name);
      if (end == std::string::npos) break;
      std::string pdf_path = bytes.substr(name, end - name);
      auto it = described.find(pdf_path);
      if (it == described.end()) {
        std::optional<std::string> pdf = ReadFile(writer.staging() / pdf_path);
        if (!pdf) {
          diags.FileError(path, "lists the PDF '" + pdf_path + "', which was not rendered");
          ok = false;
          it = described.emplace(pdf_path, "PDF").first;
        } else {
          it = described.emplace(pdf_path, DescribePdf(*pdf)).first;
        }
      }
      filled.append(bytes, from, at - from);
      filled += it->second;
      from = end + kMarkerEnd.size();
    }
    filled.append(bytes, from);
    if (!writer.Replace(path, filled, diags)) ok = false;
  }
  return ok;
}

}  // namespace lp::site
