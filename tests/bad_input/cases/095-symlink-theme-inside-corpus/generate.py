import os
# Even a link to a file inside the corpus is refused: what is published must be what is there.
os.symlink('neglect.xml', 'themes/abuse.xml')
