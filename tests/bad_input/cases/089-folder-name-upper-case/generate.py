import os
# Made here rather than stored, so no tool that handles the repository meets the odd name.
os.rename('inspections/beta-2025', 'inspections/Beta-2025')
