import os
# An inspection folder that is a link to a folder outside the corpus (here the system's /etc).
os.symlink('/etc', 'inspections/gamma-2025')
