#pragma once
// render: model + plan + templates -> pages. Pure: no disk, no clock. The same inputs give the same bytes.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/model.h"
#include "plan/plan.h"
#include "render/templates.h"

namespace lp::render {

// One output file.
struct Page {
  std::string path;                  // relative output path, e.g. "inspections/x/index.html"
  std::string content;
  std::vector<std::string> sources;  // the input documents it was built from (paths)
  bool printable = false;            // a document that --pdf renders to PDF
  std::string pdf_path;              // where its PDF goes, when printable
};

struct RenderOptions {
  bool pdf = false;                             // link each document to its PDF
  std::map<std::string, std::string> assets;    // logical asset name -> fingerprinted path ("assets/x.1a2b.css")
};

// Which flavour of a letter to render: the public page, the draft for factual accuracy (numbered,
// watermarked), or the embargoed pre-publication letter.
enum class LetterMode { kPublic, kDraft, kPrePublication };

// The views, exposed so tests can check every template against a fully populated one.
class Views {
 public:
  Views(const Corpus& corpus, const plan::Plan& plan, const RenderOptions& options)
      : corpus_(corpus), plan_(plan), options_(options) {}

  // Frame shared by every page: site, page title, canonical URL, relative root, assets.
  nlohmann::json Frame(const std::string& page_path, const std::string& title, const std::string& description) const;
  nlohmann::json Letter(const Inspection& in, const plan::PublicInspection* pub, LetterMode mode) const;
  nlohmann::json Recommendations(const Inspection& in, const plan::PublicInspection* pub) const;
  nlohmann::json Responses(const Inspection& in, const plan::PublicInspection& pub) const;
  nlohmann::json AgencyView(const Inspection& in, const Agency& agency, const plan::PublicInspection* pub) const;
  nlohmann::json Finding(const Inspection& in, const lp::Finding& f) const;
  // A change to a published letter: its notes and the paragraphs it changed, word by word.
  nlohmann::json Change(const Inspection& in, const plan::PublicInspection& pub, const plan::PublicChange& change) const;
  // Published/updated dates, change notes and withdrawal notice for a public document.
  nlohmann::json Furniture(const plan::PublicInspection& pub) const;
  // The opening every document page shares (the GOV.UK publication pattern): its type, title, one-paragraph
  // summary and metadata (from, area, theme); the dates come from Furniture.
  nlohmann::json Publication(const Inspection& in, const std::string& from, const std::string& doc_type, const std::string& title,
                             const std::string& summary) const;

  // The letter's opening paragraphs (HTML): as the findings document gives them, else the layout's default.
  std::string Opening(const Inspection& in) const;
  // The Next steps section (HTML): as authored, else the layout's default, with the principal authority and
  // the written-statement deadline filled in.
  std::string NextSteps(const Inspection& in) const;
  // Letter Markdown with its placeholders ({principal-authority}, {written-statement-due}, {mailbox}, {area},
  // {partnership}, {agencies}, {inspectorates}, {fieldwork}, {response-inspected}) filled in.
  std::string LetterMarkdown(const Inspection& in, const std::string& text) const;

 private:
  std::vector<std::string> InspectorateNames(const Inspection& in) const;
  nlohmann::json AgencyList(const Inspection& in, const std::vector<std::string>& ids) const;
  nlohmann::json DocumentLinks(const Inspection& in, const plan::PublicInspection* pub, const std::string& from) const;

  const Corpus& corpus_;
  const plan::Plan& plan_;
  const RenderOptions& options_;
};

// The first paragraph of an inspection's headline findings, as plain text: the summary its pages, lists and
// feeds show.
std::string InspectionSummary(const Inspection& in);

// Where a page's contents list goes: RenderPage replaces it with a list of the page's h2 sections.
inline constexpr const char* kContentsMarker = "<!--letterpress:contents-->";
// Replaces kContentsMarker with a contents list linking every <h2 id="..."> after it (other than the page's
// own furniture: documents, updates), or removes it when there are fewer than two.
std::string AddContentsList(const std::string& html);

// Wraps every table that does not stack on narrow screens (class "stack") in a focusable region named by its
// caption, which scrolls on its own so the page never scrolls sideways.
std::string WrapWideTables(const std::string& html);

// Where the format, size and page count of a PDF goes, filled in once the PDF exists (site/pdf_facts.h).
std::string PdfFactsMarker(const std::string& pdf_path);

// Renders a content template inside the page layout, adding glossary abbreviations to the content.
std::string RenderPage(const TemplateSet& templates, const std::string& content_template, nlohmann::json view,
                       const std::vector<GlossaryTerm>& glossary);

// An inspectorate as running text names it: "the Care Quality Commission (CQC)".
std::string InspectorateInText(const InspectorateInfo& info);

// The glossary for a corpus: the site's terms plus each inspectorate's abbreviation.
std::vector<GlossaryTerm> Glossary(const Corpus& corpus);

// The public documents of every public inspection: letter, recommendations, responses, agency views.
// Inspections are rendered on `jobs` threads; the result is in the same order whatever `jobs` is.
std::vector<Page> RenderInspectionDocuments(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                                            const RenderOptions& options, int jobs = 1);

// The same, streamed: each inspection's pages (with its index in plan.inspections) are handed to `sink` as
// soon as they are rendered, on the
// worker thread that rendered them (so `sink` must be safe to call from several threads at once), and not
// kept. An exception from rendering or from `sink` stops the work and is thrown again here.
void RenderInspectionDocuments(const Corpus& corpus, const plan::Plan& plan, const TemplateSet& templates,
                               const RenderOptions& options, int jobs, const std::function<void(std::size_t, std::vector<Page>&&)>& sink);

// Input paths an inspection's pages are built from.
std::vector<std::string> InspectionSources(const Inspection& in);

}  // namespace lp::render
