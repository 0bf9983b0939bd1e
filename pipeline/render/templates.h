#pragma once
// Mustache templates read from templates/ at run time. Views are JSON values (easy to build, inspect and
// test) converted to Mustache data at render time.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/diagnostics.h"

namespace lp::render {

class TemplateSet {
 public:
  // Reads every *.mustache file in `dir`. Files named `_x.mustache` are partials, included as {{> _x}}.
  // Reports unreadable or unparsable templates.
  bool Load(const std::filesystem::path& dir, Diagnostics& diags);
  // Reports, as errors on `dir`/<name>.mustache, every name in `names` that was not loaded: found when
  // templates load, before anything renders.
  bool Require(const std::vector<std::string>& names, const std::filesystem::path& dir, Diagnostics& diags) const;
  // Adds one template from a string (tests use this).
  void Add(const std::string& name, std::string text);

  bool Has(const std::string& name) const { return texts_.count(name) > 0; }
  // Renders template `name` with `view` (throws std::runtime_error when there is no such template: callers
  // check with Require first). Escapes {{x}} for HTML; {{{x}}} is for HTML this program built.
  std::string Render(const std::string& name, const nlohmann::json& view) const;
  // Renders `content_template` with `view`, passes the result through `finish`, then renders `layout` with the
  // same view plus `content` set to the finished HTML. The view is converted for Mustache once for both.
  std::string RenderInLayout(const std::string& layout, const std::string& content_template, const nlohmann::json& view,
                             const std::function<std::string(std::string)>& finish) const;

  // The tag names used by template `name` (and the partials it includes) that `view` does not define
  // anywhere: a misspelt name renders as nothing in Mustache, so tests use this to catch it.
  std::vector<std::string> UnresolvedNames(const std::string& name, const nlohmann::json& view) const;

  // The hash of every template's text, for records of what an output was built from.
  std::string Fingerprint() const;
  const std::map<std::string, std::string>& texts() const { return texts_; }

 private:
  std::map<std::string, std::string> texts_;
  // Names this set of texts: each thread keeps the templates it has parsed under (serial, name), so a template
  // is parsed once per thread, not once per page. Changes whenever a text is added.
  std::uint64_t serial_ = 0;
};

}  // namespace lp::render
