# 5,000 nested elements: refused by the parser's depth limit before anything walks the tree.
path = 'themes/neglect.xml'
text = open(path, encoding='utf-8').read()
text = text.replace('A round of inspections', '<x>' * 5000 + '</x>' * 5000 + 'A round of inspections')
open(path, 'w', encoding='utf-8').write(text)
