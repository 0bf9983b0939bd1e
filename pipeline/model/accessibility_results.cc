#include "model/accessibility_results.h"

#include <nlohmann/json.hpp>

namespace lp::model {

std::optional<AccessibilityCheck> ParseAccessibilityCheck(const std::string& path, const std::string& json,
                                                          Diagnostics& diags) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  auto text = [&](const char* key) -> std::optional<std::string> {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return std::nullopt;
    return j[key].get<std::string>();
  };
  auto count = [&](const char* key) -> std::optional<int> {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer() || j[key].get<long long>() < 0 ||
        j[key].get<long long>() > 1000000) {
      return std::nullopt;
    }
    return j[key].get<int>();
  };
  std::optional<std::string> check = text("check"), tool = text("tool"), description = text("description"),
                             tested = text("tested");
  std::optional<int> pages = count("pages"), problems = count("problems");
  std::optional<Date> date = tested ? Date::ParseIso(*tested) : std::nullopt;
  if (j.is_discarded() || !check || !tool || !description || !date || !pages || !problems) {
    diags.FileError(path,
                    "is not a browser-test results file: it needs \"check\", \"tool\", \"description\", \"tested\" "
                    "(YYYY-MM-DD), \"pages\" and \"problems\" (whole numbers)");
    return std::nullopt;
  }
  return AccessibilityCheck{*check, *tool, *description, *date, *pages, *problems};
}

}  // namespace lp::model
