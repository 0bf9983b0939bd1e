#pragma once
// rules: the checks no schema can express, on the resolved model: working-day dates, moderation before
// issue, required sections, personal data in public text, unsafe Markdown, and sizes.

#include "base/diagnostics.h"
#include "load/corpus_files.h"
#include "model/model.h"

namespace lp::rules {

// Reports every rule broken by the corpus. Usual-length checks are warnings.
void CheckCorpus(const Corpus& corpus, const load::SourceSet& sources, Diagnostics& diags);

// Something in public text that identifies a person.
struct PersonalData {
  std::size_t offset = 0;  // byte offset in the text
  std::string kind;        // "email address", "phone number", "NHS number", "postcode", "date of birth"
  std::string match;
};
// Finds email addresses, UK phone numbers, NHS numbers (valid check digit), postcodes and dates of birth.
std::vector<PersonalData> FindPersonalData(std::string_view text);

// True for a 10-digit NHS number whose modulus-11 check digit is valid.
bool IsValidNhsNumber(std::string_view digits);

}  // namespace lp::rules
