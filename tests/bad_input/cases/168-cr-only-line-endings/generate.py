# findings.xml saved with old Mac line endings (a lone CR ends each line): the errors are still reported
# at their own line and column, with only that line shown.
path = "inspections/alpha-2025/findings.xml"
text = open(path, encoding="utf-8", newline="").read()
text = text.replace('agencies="health police"', 'agencies="health polise"')
text = text.replace("Managers oversee plans well.", "Managers oversee &lt;b&gt;plans&lt;/b&gt; well.")
open(path, "w", encoding="utf-8", newline="").write(text.replace("\n", "\r"))
