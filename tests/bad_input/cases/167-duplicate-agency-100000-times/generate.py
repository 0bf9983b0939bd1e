# One finding names the same agency 100,000 times: one error, not 100,000, and no site of tens of megabytes.
path = "inspections/alpha-2025/findings.xml"
text = open(path, encoding="utf-8").read()
old = 'agencies="health police" priority="1"'
assert old in text
open(path, "w", encoding="utf-8").write(text.replace(old, 'agencies="police' + " health" * 100000 + '" priority="1"'))
