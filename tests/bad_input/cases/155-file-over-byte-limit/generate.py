# findings.xml grows to about 160 KB with a main finding far longer than any letter's: over the
# configured <limits file-bytes="100000"> (but under the field-chars limit).
path = 'inspections/alpha-2025/findings.xml'
text = open(path, encoding='utf-8').read()
body = 'Practitioners described their work with families in detail. ' * 2500
finding = ('  <finding id="mf-2" kind="main-finding" agencies="health" title="Health">\n'
           '    <moderation by="cqc" on="2025-03-20"/>\n    <body>' + body + '</body>\n  </finding>\n')
open(path, 'w', encoding='utf-8').write(text.replace('</findings>', finding + '</findings>'))
