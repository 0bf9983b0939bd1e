# A 3 MB attribute value (under the 4 MB file limit): one short message, not megabytes of output.
path = 'themes/neglect.xml'
text = open(path, encoding='utf-8').read()
text = text.replace('sub-theme id="leadership"', 'sub-theme id="' + 'A' * 3000000 + '"')
open(path, 'w', encoding='utf-8').write(text)
