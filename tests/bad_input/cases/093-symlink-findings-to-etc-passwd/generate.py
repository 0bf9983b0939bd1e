import os
# findings.xml pointing outside the corpus: it must be refused, never read.
os.symlink('/etc/passwd', 'inspections/alpha-2025/findings.xml')
