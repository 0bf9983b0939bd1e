# Deeply nested Markdown in a valid document: one body of 100,000 '>' quote markers and list items.
text = open('themes/neglect.xml', encoding='utf-8').read()
deep = '&gt;' * 100000 + ' - ' * 20000 + 'x'
text = text.replace('A round of inspections about neglect.', deep + ' jane@example.org')
open('themes/neglect.xml', 'w', encoding='utf-8').write(text)
