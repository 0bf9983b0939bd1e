#pragma once
// The published record: the public text of each published version of a letter, kept in
// inspections/<id>/published/version-<n>.xml so that a published letter changes only with a change note,
// and every change can be shown word by word. Pure: the date for hints comes in as a value.

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "model/model.h"
#include "workflow/paragraphs.h"
#include "workflow/redline.h"

namespace lp::workflow {

// A recorded version's paragraphs as draft paragraphs (number, section, finding, block, Markdown, plain text).
std::vector<DraftParagraph> RecordedText(const std::vector<RecordedParagraph>& paragraphs);

// The letter's public text now, in the same form as a recorded version (so the two compare like for like).
std::vector<DraftParagraph> PublicText(const Inspection& inspection);

// The change notes of the letter that `version` did not carry: the notes of changes made since.
std::vector<const ChangeNote*> NotesSince(const Inspection& inspection, const PublishedVersion& version);

// The paragraphs that differ between two texts (changed, inserted or deleted), compared on `on`.
std::vector<RedlineParagraph> ChangedParagraphs(const std::vector<DraftParagraph>& before,
                                                const std::vector<DraftParagraph>& after, CompareOn on);

// The XML of one version of the published record: `notes` are the change notes the letter carries.
// Byte-reproducible: the same inputs give the same bytes.
std::string PublishedVersionXml(const std::string& inspection_id, int version, Date date,
                                const std::vector<ChangeNote>& notes, const std::vector<DraftParagraph>& paragraphs);

// The file name of version `n` in inspections/<id>/published/.
std::string PublishedVersionFile(int version);

// The <change-note> element to add for a change made on `today` (minor), as the hints show it.
std::string ChangeNoteHint(std::optional<Date> today);

// Checks every inspection's published record: versions numbered 1, 2, 3... in date order, and, against the
// newest, every paragraph changed since has a new change note (an error at the paragraph, with the element
// to add dated `today`); a change with a note that is not yet recorded is a warning.
void CheckPublishedRecord(const Corpus& corpus, std::optional<Date> today, Diagnostics& diags);

}  // namespace lp::workflow
