# inspection.xml saved with old Mac line endings (a lone CR ends each line) and a schema error: the
# position libxml2 reports and the source line shown agree.
path = "inspections/alpha-2025/inspection.xml"
text = open(path, encoding="utf-8", newline="").read()
assert "<status>published</status>" in text
text = text.replace("<status>published</status>", "<status>publised</status>")
open(path, "w", encoding="utf-8", newline="").write(text.replace("\n", "\r"))
