# findings.xml with its line endings mixed (CR LF, then LF, then a lone CR, in turn): every line break
# counts once, whichever kind it is.
path = "inspections/alpha-2025/findings.xml"
text = open(path, encoding="utf-8", newline="").read()
text = text.replace('agencies="health police"', 'agencies="health polise"')
text = text.replace("Managers oversee plans well.", "Managers oversee &lt;b&gt;plans&lt;/b&gt; well.")
lines = text.split("\n")
endings = ["\r\n", "\n", "\r"]
out = "".join(line + endings[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]
open(path, "w", encoding="utf-8", newline="").write(out)
