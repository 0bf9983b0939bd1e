#pragma once
// A small, complete and rule-abiding corpus written inline, shared by the model, rules and validate tests.
// Tests start from it and change one thing, so each diagnostic they expect is caused by that change.
// validate_test.cc checks that every document here is valid against the real schemas.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "load/corpus_files.h"
#include "model/build.h"

namespace lp::test {

inline const std::string kSitePath = "corpus/letterpress.xml";
inline const std::string kCalendarPath = "data/calendar.xml";
inline const std::string kInspectionPath = "corpus/inspections/alpha-2025/inspection.xml";
inline const std::string kFindingsPath = "corpus/inspections/alpha-2025/findings.xml";
inline const std::string kResponsesPath = "corpus/inspections/alpha-2025/responses.xml";
inline const std::string kCorrectionsPath = "corpus/inspections/alpha-2025/corrections/health.xml";
inline const std::string kThemePath = "corpus/themes/neglect.xml";

inline const char kSiteXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<site format="1">
  <title>Test inspections</title>
  <base-url>https://test.example.org/</base-url>
  <publisher>Test inspectorates</publisher>
  <contact email="contact@test.example.org">Test contact</contact>
  <licence url="https://licence.example.org/">Test licence</licence>
  <workflow factual-accuracy-working-days="5" action-plan-working-days="70" embargo-time="09:30"/>
  <inspectorates>
    <inspectorate id="ofsted" abbr="Ofsted" name="Office for Standards in Education"/>
    <inspectorate id="cqc" abbr="CQC" name="Care Quality Commission"/>
    <inspectorate id="hmicfrs" abbr="HMICFRS" name="His Majesty's Inspectorate of Constabulary"/>
  </inspectorates>
  <glossary>
    <term abbr="ICB">integrated care board</term>
  </glossary>
</site>
)";

// England and Wales bank holidays, 2024 to 2026.
inline const char kCalendarXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<calendar format="1" region="England and Wales" first-year="2024" last-year="2026">
  <holiday date="2024-01-01">New Year's Day</holiday>
  <holiday date="2024-03-29">Good Friday</holiday>
  <holiday date="2024-04-01">Easter Monday</holiday>
  <holiday date="2024-05-06">Early May bank holiday</holiday>
  <holiday date="2024-05-27">Spring bank holiday</holiday>
  <holiday date="2024-08-26">Summer bank holiday</holiday>
  <holiday date="2024-12-25">Christmas Day</holiday>
  <holiday date="2024-12-26">Boxing Day</holiday>
  <holiday date="2025-01-01">New Year's Day</holiday>
  <holiday date="2025-04-18">Good Friday</holiday>
  <holiday date="2025-04-21">Easter Monday</holiday>
  <holiday date="2025-05-05">Early May bank holiday</holiday>
  <holiday date="2025-05-26">Spring bank holiday</holiday>
  <holiday date="2025-08-25">Summer bank holiday</holiday>
  <holiday date="2025-12-25">Christmas Day</holiday>
  <holiday date="2025-12-26">Boxing Day</holiday>
  <holiday date="2026-01-01">New Year's Day</holiday>
  <holiday date="2026-04-03">Good Friday</holiday>
  <holiday date="2026-04-06">Easter Monday</holiday>
  <holiday date="2026-05-04">Early May bank holiday</holiday>
  <holiday date="2026-05-25">Spring bank holiday</holiday>
  <holiday date="2026-08-31">Summer bank holiday</holiday>
  <holiday date="2026-12-25">Christmas Day</holiday>
  <holiday date="2026-12-28">Boxing Day (substitute day)</holiday>
</calendar>
)";

inline const char kInspectionXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<inspection id="alpha-2025" format="1">
  <area name="Alphaton" slug="alphaton" la-code="E06009901"/>
  <theme ref="neglect"/>
  <status>published</status>
  <partnership name="Alphaton Safeguarding Children Partnership"/>
  <principal-authority>Alphaton Council</principal-authority>
  <inspectorates>
    <inspectorate ref="ofsted" lead="true"><signatory name="Ann Example" title="Deputy Director"/></inspectorate>
    <inspectorate ref="cqc"><signatory name="Ben Example" title="Chief Inspector"/></inspectorate>
    <inspectorate ref="hmicfrs"><signatory name="Cat Example" title="HM Inspector"/></inspectorate>
  </inspectorates>
  <agencies>
    <agency id="social-care" type="childrens-social-care" name="Alphaton children's social care" inspectorate="ofsted"/>
    <agency id="health" type="health" name="Alphaton ICB" inspectorate="cqc"/>
    <agency id="police" type="police" name="Alphaton Police" inspectorate="hmicfrs"/>
  </agencies>
  <addressees>
    <addressee name="Dee One" role="Chief Executive" organisation="Alphaton Council" email="dee@alphaton.example" agency="social-care"/>
    <addressee name="Eve Two" role="Director of Children's Services" organisation="Alphaton Council" email="eve@alphaton.example"/>
    <addressee name="Fay Three" role="Chief Executive" organisation="Alphaton ICB" email="fay@alphaton.example" agency="health"/>
    <addressee name="Gus Four" role="Chief Constable" organisation="Alphaton Police" email="gus@alphaton.example" agency="police"/>
    <addressee name="Hal Five" role="Independent Scrutineer" organisation="Alphaton Partnership" email="hal@alphaton.example"/>
  </addressees>
  <dates>
    <notification>2025-02-17</notification>
    <fieldwork start="2025-03-03" end="2025-03-07"/>
    <draft-issued>2025-03-31</draft-issued>
    <publication>2025-04-24</publication>
  </dates>
  <case-sample identified="30" audited="10"/>
  <change-notes>
    <change-note date="2025-05-01" kind="minor">Corrected a typing error.</change-note>
  </change-notes>
</inspection>
)";

inline const char kFindingsXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<findings inspection="alpha-2025" format="1">
  <context>
    <moderation by="ofsted" on="2025-03-20"/>
    <body>This inspection looked at children living with neglect.</body>
  </context>
  <headline-findings>
    <moderation by="ofsted" on="2025-03-20"/>
    <body>
      Leaders understand neglect well.

      Practice is improving but remains *inconsistent*.
    </body>
  </headline-findings>
  <finding id="afi-2" kind="area-for-improvement" agencies="social-care" priority="2" sub-themes="identification">
    <moderation by="ofsted" on="2025-03-20"/>
    <body>The quality of assessments.</body>
  </finding>
  <finding id="afi-1" kind="area-for-improvement" agencies="health police" priority="1" sub-themes="identification leadership">
    <moderation by="cqc" on="2025-03-21"/>
    <body>How well practitioners recognise neglect.</body>
  </finding>
  <finding id="afi-3" kind="area-for-improvement" agencies="social-care" priority="3">
    <moderation by="ofsted" on="2025-03-20"/>
    <body>How well leaders use audit to learn.</body>
  </finding>
  <finding id="str-1" kind="strength" agencies="social-care">
    <moderation by="ofsted" on="2025-03-20"/>
    <body>Social workers know their children well.</body>
  </finding>
  <finding id="str-2" kind="strength" agencies="police">
    <moderation by="hmicfrs" on="2025-03-20"/>
    <body>Police officers share information quickly.</body>
  </finding>
  <finding id="str-3" kind="strength" agencies="health">
    <moderation by="cqc" on="2025-03-20"/>
    <body>Health visitors are persistent.</body>
  </finding>
  <finding id="mf-1" kind="main-finding" agencies="social-care" title="Children's social care">
    <moderation by="ofsted" on="2025-03-20"/>
    <body>
      Social workers visit children regularly.

        - Plans are reviewed.
        - Managers oversee plans well.
    </body>
  </finding>
  <finding id="ps-1" kind="practice-study-effective" agencies="social-care health" title="Child A">
    <moderation by="ofsted" on="2025-03-20"/>
    <body>Child A was helped quickly.</body>
  </finding>
</findings>
)";

inline const char kResponsesXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<responses inspection="alpha-2025" format="1">
  <response id="joint" kind="joint" date="2025-04-28">
    <signatory name="Dee One" role="Chief Executive" organisation="Alphaton Council"/>
    <statement>We welcome the findings.</statement>
  </response>
  <action-plan date="2025-07-01">
    <action id="act-1" answers="afi-1" lead-agency="health" owner-role="Designated nurse" due="2025-09-30" status="in-progress">
      <description>Train practitioners to recognise neglect.</description>
      <progress>Half of the practitioners are trained.</progress>
    </action>
    <action id="act-2" answers="afi-2 afi-3" lead-agency="social-care" owner-role="Director of Children's Services" due="2025-10-31" status="not-started">
      <description>Audit assessments.</description>
    </action>
  </action-plan>
</responses>
)";

inline const char kCorrectionsXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<corrections inspection="alpha-2025" agency="health" draft-version="0123456789ab" submitted="2025-04-03" format="1">
  <submitter name="Lee Four" role="Chief Nurse" email="lee@alphaton.example"/>
  <correction id="c1" paragraph="6.1" finding="mf-1">
    <current>Social workers visit children regularly.</current>
    <proposed>Social workers visit most children regularly.</proposed>
    <evidence>Visit records for March.</evidence>
    <decision outcome="declined" reason="not-a-factual-matter" by="Ann Example" on="2025-04-10">A judgement, not a fact.</decision>
  </correction>
  <correction id="c2" paragraph="4.2">
    <current>Leaders understand neglect.</current>
    <proposed>Leaders understand neglect well.</proposed>
    <evidence>The board minutes.</evidence>
    <decision outcome="accepted" by="Ann Example" on="2025-04-10"/>
  </correction>
</corrections>
)";

inline const char kThemeXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<theme id="neglect" format="1">
  <title>Neglect</title>
  <response-inspected>the multi-agency response to children living with neglect</response-inspected>
  <description>A round of inspections about neglect.</description>
  <sub-themes>
    <sub-theme id="identification">Identifying neglect</sub-theme>
    <sub-theme id="leadership">Leadership</sub-theme>
  </sub-themes>
  <round>
    <inspection ref="alpha-2025"/>
  </round>
  <overview publication="2025-09-01">
    <executive-summary>What the round found.</executive-summary>
    <main-findings>Partners recognise neglect late.</main-findings>
    <part sub-theme="identification" title="Identifying neglect">Practitioners miss early signs.</part>
    <recommendations audience="national-government">Fund early help.</recommendations>
  </overview>
</theme>
)";

struct InlineDocument {
  load::DocType type;
  std::string owner, path, bytes;
};

// The documents of the corpus, to be changed by a test before they are built.
class InlineCorpus {
 public:
  InlineCorpus()
      : documents_{
            {load::DocType::kSite, "", kSitePath, kSiteXml},
            {load::DocType::kCalendar, "", kCalendarPath, kCalendarXml},
            {load::DocType::kInspection, "alpha-2025", kInspectionPath, kInspectionXml},
            {load::DocType::kFindings, "alpha-2025", kFindingsPath, kFindingsXml},
            {load::DocType::kResponses, "alpha-2025", kResponsesPath, kResponsesXml},
            {load::DocType::kCorrections, "alpha-2025", kCorrectionsPath, kCorrectionsXml},
            {load::DocType::kTheme, "neglect", kThemePath, kThemeXml},
        } {}

  const std::vector<InlineDocument>& documents() const { return documents_; }

  std::string& Text(const std::string& path) {
    for (InlineDocument& d : documents_) {
      if (d.path == path) return d.bytes;
    }
    ADD_FAILURE() << "no document " << path;
    static std::string none;
    return none;
  }

  // Replaces text that must occur exactly once, so a test cannot silently stop changing anything.
  void Replace(const std::string& path, const std::string& from, const std::string& to) {
    std::string& text = Text(path);
    std::size_t at = text.find(from);
    if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
      ADD_FAILURE() << "'" << from << "' does not occur exactly once in " << path;
      return;
    }
    text.replace(at, from.size(), to);
  }

  void Remove(const std::string& path) {
    auto it = std::find_if(documents_.begin(), documents_.end(), [&](const InlineDocument& d) { return d.path == path; });
    if (it == documents_.end()) ADD_FAILURE() << "no document " << path;
    else documents_.erase(it);
  }

  void Add(load::DocType type, std::string owner, std::string path, std::string bytes) {
    documents_.push_back({type, std::move(owner), std::move(path), std::move(bytes)});
  }

  // The documents as the load stage would give them: in memory, sorted by path.
  load::SourceSet Sources() const {
    load::SourceSet set;
    for (const InlineDocument& d : documents_) set.Add(d.type, d.owner, d.path, d.bytes);
    set.SortByPath();
    return set;
  }

 private:
  std::vector<InlineDocument> documents_;
};

// "path:line:col: error: message", one line per diagnostic, sorted: the words and the place, without the
// quoted source line.
inline std::string Brief(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.Sorted()) {
    std::string formatted = d.Format();
    out += formatted.substr(0, formatted.find('\n') + 1);
  }
  return out;
}

// A built corpus with the sources its locations point into.
struct Built {
  load::SourceSet sources;
  Corpus corpus;
  std::string diagnostics;  // from the model stage, formatted
  std::string brief;        // the same, as Brief() gives it
};

inline std::unique_ptr<Built> Build(const InlineCorpus& inline_corpus) {
  auto built = std::make_unique<Built>();
  built->sources = inline_corpus.Sources();
  Diagnostics diags;
  built->corpus = model::BuildCorpus(built->sources, diags);
  built->diagnostics = diags.FormatAll();
  built->brief = Brief(diags);
  return built;
}

}  // namespace lp::test
