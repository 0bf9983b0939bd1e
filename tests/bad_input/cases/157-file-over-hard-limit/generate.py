# A findings.xml of 64 MiB and one byte, written sparse: Letterpress must refuse it by its size alone.
with open('inspections/alpha-2025/findings.xml', 'r+b') as f:
    f.truncate(64 * 1024 * 1024 + 1)
