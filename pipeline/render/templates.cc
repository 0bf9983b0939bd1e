#include "render/templates.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "base/text.h"

namespace lp::render {
namespace mu = kainjow::mustache;

namespace {

// A Mustache value of the same kind as `j`: the value itself for a scalar, an empty object or list otherwise
// (filled in place by Fill, since mustache::data copies whatever it is given).
mu::data Shell(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: return mu::data{mu::data::type::object};
    case nlohmann::json::value_t::array: return mu::data{mu::data::type::list};
    case nlohmann::json::value_t::string: return mu::data{j.get_ref<const std::string&>()};
    case nlohmann::json::value_t::boolean: return mu::data{j.get<bool>()};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return mu::data{std::to_string(j.get<long long>())};
    case nlohmann::json::value_t::number_float: return mu::data{j.dump()};
    default: return mu::data{false};
  }
}

// Fills `d` (a Shell of `j`) top-down: each child is added empty and then filled where it lies, so no subtree
// is ever copied. (mustache::data offers only const access to its children; they are not const objects.)
void Fill(mu::data& d, const nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      d.set(it.key(), Shell(it.value()));
      if (it.value().is_structured()) Fill(const_cast<mu::data&>(*d.get(it.key())), it.value());
    }
  } else if (j.is_array()) {
    for (const auto& item : j) {
      d.push_back(Shell(item));
      if (item.is_structured()) Fill(const_cast<mu::data&>(d.list_value().back()), item);
    }
  }
}

mu::data ToData(const nlohmann::json& j) {
  mu::data d = Shell(j);
  Fill(d, j);
  return d;
}

std::uint64_t NextSerial() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}

// The parsed template `name` of the set `serial`, parsed on first use by this thread.
mu::mustache& Parsed(std::uint64_t serial, const std::string& name, const std::string& text) {
  thread_local std::map<std::pair<std::uint64_t, std::string>, std::unique_ptr<mu::mustache>> cache;
  std::unique_ptr<mu::mustache>& slot = cache[{serial, name}];
  if (!slot || !slot->is_valid()) slot = std::make_unique<mu::mustache>(text);
  return *slot;
}

void CollectKeys(const nlohmann::json& j, std::set<std::string>& keys) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      keys.insert(it.key());
      CollectKeys(it.value(), keys);
    }
  } else if (j.is_array()) {
    for (const auto& item : j) CollectKeys(item, keys);
  }
}

}  // namespace

bool TemplateSet::Load(const std::filesystem::path& dir, Diagnostics& diags) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".mustache") files.push_back(entry.path());
  }
  if (ec || files.empty()) {
    diags.FileError(dir.string(), "no templates found (is --resources right?)");
    return false;
  }
  std::sort(files.begin(), files.end());
  bool ok = true;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    mu::mustache parsed{text.str()};
    if (!parsed.is_valid()) {
      diags.FileError(path.string(), "template error: " + parsed.error_message());
      ok = false;
      continue;
    }
    Add(path.stem().string(), text.str());
  }
  // A partial that names no template renders as nothing in Mustache: report it where it is used.
  static const std::regex kPartial(R"(\{\{>\s*([A-Za-z0-9_.\-]+)\s*\}\})");
  for (const auto& [name, text] : texts_) {
    for (std::sregex_iterator m(text.begin(), text.end(), kPartial), end; m != end; ++m) {
      std::string partial = (*m)[1];
      if (texts_.count(partial)) continue;
      std::size_t offset = static_cast<std::size_t>(m->position(0));
      std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
      line_start = (line_start == std::string::npos || offset == 0) ? 0 : line_start + 1;
      std::size_t line_end = text.find('\n', offset);
      int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
      int col = 1 + static_cast<int>(offset - line_start);
      diags.AddAt((dir / (name + ".mustache")).string(), line, col,
                  std::string_view(text).substr(line_start, line_end == std::string::npos ? std::string::npos : line_end - line_start),
                  Severity::kError, "template includes partial '" + partial + "', which is not in " + dir.string());
      ok = false;
    }
  }
  return ok;
}

bool TemplateSet::Require(const std::vector<std::string>& names, const std::filesystem::path& dir,
                          Diagnostics& diags) const {
  bool ok = true;
  for (const std::string& name : names) {
    if (Has(name)) continue;
    diags.FileError((dir / (name + ".mustache")).string(), "missing template '" + name + "', which the build renders with");
    ok = false;
  }
  return ok;
}

void TemplateSet::Add(const std::string& name, std::string text) {
  texts_[name] = std::move(text);
  serial_ = NextSerial();
}

namespace {

// Renders the parsed template `name` of `set` with `data` (which must hold the partials).
std::string RenderParsed(std::uint64_t serial, const std::map<std::string, std::string>& texts, const std::string& name,
                         const mu::data& data) {
  auto it = texts.find(name);
  if (it == texts.end()) throw std::runtime_error("no template named '" + name + "'");
  mu::mustache& tmpl = Parsed(serial, name, it->second);
  std::string out;
  tmpl.render(data, [&out](const std::string& piece) { out += piece; });
  if (!tmpl.is_valid()) throw std::runtime_error("template '" + name + "': " + tmpl.error_message());
  return out;
}

// The view as Mustache data, with every partial.
mu::data ViewData(const std::map<std::string, std::string>& texts, const nlohmann::json& view) {
  mu::data data = ToData(view);
  // Templates whose names start with '_' are partials ({{> _name}}); the prefix keeps them from
  // colliding with view keys, which Mustache looks up in the same namespace.
  for (const auto& [partial_name, text] : texts) {
    if (partial_name.empty() || partial_name[0] != '_') continue;
    const std::string* body = &text;
    data.set(partial_name, mu::partial{[body]() { return *body; }});
  }
  return data;
}

}  // namespace

std::string TemplateSet::Render(const std::string& name, const nlohmann::json& view) const {
  if (!texts_.count(name)) throw std::runtime_error("no template named '" + name + "'");
  return RenderParsed(serial_, texts_, name, ViewData(texts_, view));
}

std::string TemplateSet::RenderInLayout(const std::string& layout, const std::string& content_template,
                                        const nlohmann::json& view,
                                        const std::function<std::string(std::string)>& finish) const {
  if (!texts_.count(content_template)) throw std::runtime_error("no template named '" + content_template + "'");
  if (!texts_.count(layout)) throw std::runtime_error("no template named '" + layout + "'");
  mu::data data = ViewData(texts_, view);
  std::string content = finish(RenderParsed(serial_, texts_, content_template, data));
  data.set("content", mu::data{std::move(content)});
  return RenderParsed(serial_, texts_, layout, data);
}

std::vector<std::string> TemplateSet::UnresolvedNames(const std::string& name, const nlohmann::json& view) const {
  std::set<std::string> keys;
  CollectKeys(view, keys);
  std::set<std::string> unresolved;
  std::set<std::string> visited;
  std::vector<std::string> pending = {name};
  static const std::regex kTag(R"(\{\{\{?\s*([#^/&>]?)\s*([A-Za-z0-9_.\-]+)\s*\}?\}\})");
  while (!pending.empty()) {
    std::string current = pending.back();
    pending.pop_back();
    if (!visited.insert(current).second) continue;
    auto it = texts_.find(current);
    if (it == texts_.end()) {
      unresolved.insert(">" + current);
      continue;
    }
    const std::string& text = it->second;
    for (std::sregex_iterator m(text.begin(), text.end(), kTag), end; m != end; ++m) {
      std::string sigil = (*m)[1];
      std::string tag = (*m)[2];
      if (sigil == ">") {
        pending.push_back(tag);
        continue;
      }
      if (sigil == "/" || tag == ".") continue;
      for (const std::string& part : SplitWords(std::regex_replace(tag, std::regex(R"(\.)"), " "))) {
        if (!keys.count(part)) unresolved.insert(part);
      }
    }
  }
  return {unresolved.begin(), unresolved.end()};
}

std::string TemplateSet::Fingerprint() const {
  std::string all;
  for (const auto& [name, text] : texts_) all += name + '\0' + Sha256Hex(text) + '\n';
  return Sha256Hex(all);
}

}  // namespace lp::render
