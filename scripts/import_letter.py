#!/usr/bin/env python3
"""Turn a published letter of findings (the text `pdftotext LETTER.pdf` gives) into Letterpress input.

    python3 scripts/import_letter.py LETTER.txt --id area-2024 --out CORPUS [--la-code E08000035]

writes CORPUS/inspections/<id>/inspection.xml, findings.xml and CORPUS/themes/<id>.xml (a theme of its own,
from the letter's opening). The letter's own wording (title, salutation, opening, section headings, practice
study headings, Next steps) is kept as published in <letter>; findings keep their text word for word.

What it cannot know, it marks for a person to finish (README, "Moving published letters in"): the ONS code
(--la-code), each finding's agencies (guessed from the words it uses, else the partnership), signatories it
cannot read from the sign-off, and the moderation records, which a published letter does not carry.
"""
import argparse
import datetime
import os
import re
import sys
from xml.sax.saxutils import escape, quoteattr

MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split())}
DATE = r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})"
BULLETS = "\u25fc\uf0a7\u2022\uf0b7\u25aa\u25cf\uf06e"

SECTION_PATTERNS = [
    ("context", r"Context"),
    ("headline", r"Headline findings"),
    ("priority", r"Areas? for priority action"),
    ("improvements", r"What needs to improve\??|Areas? for improvement"),
    ("strengths", r"(Key |[A-Z][a-z]+( [a-z]+)* )?[Ss]trengths"),
    ("main", r"Main findings"),
    ("study", r"((Practice|Case) [Ss]tudy|Places and [Ss]paces)\b.*"),
    ("next", r"Next steps"),
]
DEFAULT_HEADINGS = {
    "current": {"context": "Context", "headline": "Headline findings", "improvements": "What needs to improve?",
                "strengths": "Strengths", "main": "Main findings", "priority": "Areas for priority action"},
    "2016": {"improvements": "Areas for improvement", "strengths": "Key strengths",
             "priority": "Areas for priority action"},
}
HEADING_SECTION_NAMES = {"context": "context", "headline": "headline-findings", "improvements": "improvements",
                         "strengths": "strengths", "main": "main-findings", "priority": "priority-actions"}
INSPECTORATES = [
    ("ofsted", r"Ofsted"),
    ("cqc", r"Care Quality Commission"),
    ("hmicfrs", r"HMIC(FRS)?\b|Inspectorate of Constabulary|HMI Constabulary"),
    ("hmip", r"HMI ?P(robation)?\b|Inspectorate of Probation|HMI Probation"),
]
AGENCY_WORDS = [
    ("police", r"\bpolice|constabulary|\bPPNs?\b|custody"),
    ("health", r"\bhealth|CAMHS|\bGPs?\b|hospital|midwi|nurs|\bICB\b|\bCCG\b|paediatric"),
    ("social-care", r"social care|social work|\bMASH\b|children.s services|early help"),
    ("education", r"\bschools?\b|education"),
    ("youth-justice", r"youth justice|youth offending|\bYOT\b|\bYJS\b|probation"),
]
AGENCY_TYPES = {"police": ("police", "Police"), "health": ("health", "Health services"),
                "social-care": ("childrens-social-care", "Children's social care"),
                "education": ("education", "Schools and education"),
                "youth-justice": ("youth-justice", "Youth justice and probation"),
                "partnership": ("partnership", "The safeguarding partnership")}


def parse_date(text):
    m = re.search(DATE, text)
    return datetime.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1))) if m else None


def pages_of(raw):
    """Lines of each page, without the page number, with footnotes split off: [(lines, {n: text})]."""
    out = []
    for page in raw.replace("\r", "").split("\f"):
        lines = page.split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        if lines and re.fullmatch(r"\s*\d{1,3}\s*", lines[-1]):
            lines.pop()
        notes = {}
        # A footnote: a line holding only its number, a blank line, then the note to the end of the page.
        for i in range(len(lines) - 2, 0, -1):
            if re.fullmatch(r"\d", lines[i].strip()) and not lines[i + 1].strip() and not lines[i - 1].strip():
                body = " ".join(l.strip() for l in lines[i + 2:] if l.strip())
                if body:
                    notes[lines[i].strip()] = body
                    lines = lines[:i]
                    break
        out.append((lines, notes))
    return out


def is_heading(line):
    for kind, pattern in SECTION_PATTERNS:
        if re.fullmatch(pattern, line.strip()):
            return kind
    return None


def looks_like_subheading(prev, line, nxt):
    s = line.strip()
    # A heading does not end mid-phrase ("... the written statement of action to").
    ends_mid_phrase = re.search(r"\b(to|of|and|or|the|a|an|for|in|on|at|by|with|from|that|is|are)$", s)
    return (0 < len(s) < 70 and not re.search(r"[.,;:?!)\-]$", s) and s[0].isupper() and s[0] not in BULLETS
            and not ends_mid_phrase
            and (not prev.strip() or re.search(r"[.:?!’”']$", prev.strip()))
            and nxt.strip() and (nxt.strip()[0].isupper() or nxt.strip()[0] in BULLETS or nxt.strip()[0] in "‘'"))


def blocks_of(lines):
    """Paragraphs, bullets and sub-headings of a run of lines: [(kind, text)] with kind para|bullet|sub."""
    blocks = []
    cur, cur_kind = [], None

    def flush():
        nonlocal cur, cur_kind
        if cur:
            blocks.append((cur_kind, " ".join(cur)))
        cur, cur_kind = [], None

    for i, line in enumerate(lines):
        s = line.strip()
        prev = lines[i - 1] if i else ""
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not s:
            continue
        if s[0] in BULLETS:
            flush()
            cur, cur_kind = ([s[1:].strip()] if len(s) > 1 else []), "bullet"
        elif looks_like_subheading(prev, line, nxt) and (cur_kind != "bullet" or re.search(r"[.:]$", prev.strip())):
            flush()
            blocks.append(("sub", s))
        else:
            if cur_kind is None:
                cur_kind = "para"
            elif cur_kind == "para" and re.search(r"[.:?!’”]$", prev.strip()) and len(prev.strip()) < 72:
                flush()
                cur_kind = "para"
            cur.append(s)
    flush()
    # Words broken across lines by pdftotext ("multi-" / "agency") join up again.
    return [(k, re.sub(r"(\w)- (\w)", r"\1-\2", t)) for k, t in blocks]


def markdown(blocks, notes):
    parts = []
    for kind, text in blocks:
        if kind == "sub":
            parts.append("### " + text)
        elif kind == "bullet":
            parts.append("- " + text)
        else:
            parts.append(text)
    text = "\n\n".join(parts)
    used = []
    for n, note in sorted(notes.items()):
        marked, count = re.subn(r"(?<=[a-z.)’'])" + n + r"(?=\s|$)", "[^" + n + "]", text, count=1)
        if count:
            text = marked
            used.append("[^%s]: %s" % (n, note))
    return text + ("\n\n" + "\n".join(used) if used else "")


def md_escape_line(text):
    return re.sub(r"^(\d+)\. ", r"\1\\. ", text)


def guess_agencies(text):
    found = [a for a, pattern in AGENCY_WORDS if re.search(pattern, text, re.I)]
    return found or ["partnership"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("text", help="the letter as pdftotext gives it")
    ap.add_argument("--id", required=True, help="inspection id, e.g. leeds-2024")
    ap.add_argument("--out", required=True, help="corpus root to write into")
    ap.add_argument("--la-code", default="E06000000", help="ONS local authority code (default: a placeholder)")
    ap.add_argument("--layout", choices=["auto", "current", "2016"], default="auto")
    ap.add_argument("--area", help="the area's name (default: from the title or the opening)")
    args = ap.parse_args()

    raw = open(args.text, encoding="utf-8").read()
    pages = pages_of(raw)
    lines, notes = [], {}
    for page_lines, page_notes in pages:
        lines += page_lines + [""]
        notes.update(page_notes)

    # Head: date, addressees, salutation, title.
    i = 0
    while not lines[i].strip():
        i += 1
    letter_date = parse_date(lines[i])
    i += 1
    addressees, cur = [], ""
    while not lines[i].strip().startswith("Dear "):
        s = lines[i].strip()
        if s:
            # A printed line that wrapped carries on in lower case or after a trailing comma.
            if cur and (s[0].islower() or cur.endswith(",") or re.match(r"(Council|Board|Company|Group|Commissioning|Services|Children)", s)):
                cur += " " + s
            else:
                if cur:
                    addressees.append(cur)
                cur = s
        i += 1
    if cur:
        addressees.append(cur)
    salutation = lines[i].strip()
    i += 1
    while not lines[i].strip():
        i += 1
    title = lines[i].strip()
    i += 1
    while lines[i].strip() and lines[i].strip()[0].islower():
        title += " " + lines[i].strip()
        i += 1
    m = re.search(r".*\bin (.+)$", title) or re.search(r"inspection of (.+)$", title)
    area = m.group(1).strip() if m else title
    layout = args.layout if args.layout != "auto" else ("2016" if letter_date.year < 2021 else "current")

    # Body up to "Yours sincerely", cut at the section headings.
    end = next(k for k in range(i, len(lines)) if lines[k].strip() == "Yours sincerely")
    sections = [("opening", None, [])]
    for k in range(i, end):
        s = lines[k].strip()
        kind = is_heading(s)
        prev = lines[k - 1].strip() if k else ""
        if kind and (not prev or re.search(r"[.:?!’”]$", prev) or kind in ("next", "context", "headline")):
            sections.append((kind, s, []))
        else:
            sections[-1][2].append(lines[k])
    tail = lines[end + 1:]

    opening_lines = sections[0][2]
    headline_lines = []
    if layout == "2016":
        # The 2016-20 opening is the inspection paragraph and "This letter to all the service leaders ...".
        text = "\n".join(opening_lines)
        cut = re.search(r"This letter to all the service leaders.*?\.\s*\n", text, re.S)
        if cut:
            headline_lines = text[cut.end():].split("\n")
            opening_lines = text[:cut.end()].split("\n")
    opening_text = " ".join(l.strip() for l in opening_lines if l.strip())
    fw = re.search(r"(?:Between|from) (\d{1,2})(?: (" + "|".join(MONTHS) + r"))?(?: (\d{4}))? (?:and|to) " + DATE,
                   opening_text)
    end_date = datetime.date(int(fw.group(6)), MONTHS[fw.group(5)], int(fw.group(4)))
    start_date = datetime.date(int(fw.group(3) or fw.group(6)), MONTHS[fw.group(2) or fw.group(5)], int(fw.group(1)))
    response = re.search(r"(?:of|inspection of) (the multi-agency response to .+?)(?: in " + re.escape(area) + r")?[.\d]",
                         opening_text)
    response = response.group(1) if response else "the multi-agency response to children"
    inspectorates = [iid for iid, pattern in INSPECTORATES if re.search(pattern, opening_text)]
    if args.area:
        area = args.area
    elif not m or area.startswith("the "):
        # A title without the area ("... the multi-agency response to X"): the opening names it.
        found = re.search(r"agencies in ((?:[A-Z][\w’'-]*\s?)+)", opening_text) or \
            re.search(r" in ((?:[A-Z][\w’'-]*\s?)+)[.\d]", opening_text)
        area = found.group(1).strip() if found else area

    findings, counters = [], {}
    letter_headings = []
    context = headline = next_steps = None

    def fid(prefix):
        counters[prefix] = counters.get(prefix, 0) + 1
        return "%s-%d" % (prefix, counters[prefix])

    if headline_lines and any(l.strip() for l in headline_lines):
        headline = markdown(blocks_of(headline_lines), notes)
    for kind, heading, body in sections[1:]:
        blocks = blocks_of(body)
        defaults = DEFAULT_HEADINGS[layout]
        if kind in HEADING_SECTION_NAMES and heading != defaults.get(kind):
            letter_headings.append((HEADING_SECTION_NAMES[kind], heading))
        if kind == "context":
            context = markdown(blocks, notes)
        elif kind == "headline":
            headline = markdown(blocks, notes)
        elif kind == "next":
            next_steps = markdown(blocks, notes)
        elif kind in ("improvements", "strengths", "priority"):
            fkind = {"improvements": "area-for-improvement", "strengths": "strength",
                     "priority": "area-for-priority-action"}[kind]
            prefix = {"improvements": "afi", "strengths": "strength", "priority": "apa"}[kind]
            group = ""
            item = None
            for bkind, text in blocks:
                if bkind == "sub":
                    group = text
                    item = None
                elif bkind == "bullet" or item is None:
                    item = {"id": fid(prefix), "kind": fkind, "group": group, "blocks": [(bkind, text)]}
                    findings.append(item)
                else:
                    item["blocks"].append((bkind, text))
        elif kind == "main":
            item = None
            for bkind, text in blocks:
                if bkind == "sub" or item is None:
                    item = {"id": fid("main"), "kind": "main-finding", "blocks": []}
                    findings.append(item)
                    if bkind == "sub":
                        item["title"] = text
                        continue
                item["blocks"].append((bkind, text))
        elif kind == "study":
            effective = "effective" in heading.lower() or "strength" in heading.lower()
            findings.append({"id": fid("study"), "heading": heading, "blocks": blocks,
                             "kind": "practice-study-effective" if effective else "practice-study-improvement"})

    due = parse_date(next_steps or "")
    m = re.search(r"that (.+?) is the principal\s+authority", next_steps or "") or \
        re.search(r"(?:^|[.\]]\s+)([A-Z][^.\n]*?) should send the written statement", next_steps or "", re.M)
    principal = m.group(1).strip() if m else area + " Council"
    partnership = salutation[5:] if "local partnership" not in salutation else area + " safeguarding partnership"
    slug = re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-")

    # Signatories: in the current layout, a name line then title lines, in inspectorate order.
    sign_blocks, cur = [], []
    for line in tail:
        s = line.strip()
        if not s or re.fullmatch(r"\d{1,3}", s):
            if cur:
                sign_blocks.append(cur)
            cur = []
        else:
            cur.append(s)
    if cur:
        sign_blocks.append(cur)
    sign_blocks = [b for b in sign_blocks if len(b) >= 2 and not b[0].startswith("The Children Act")]

    folder = os.path.join(args.out, "inspections", args.id)
    os.makedirs(folder, exist_ok=True)
    os.makedirs(os.path.join(args.out, "themes"), exist_ok=True)
    used_agencies = set()
    for f in findings:
        f["agencies"] = guess_agencies(" ".join(t for _, t in f["blocks"]))
        used_agencies.update(f["agencies"])
    notification = start_date - datetime.timedelta(days=14)
    # A published letter was moderated and went out as a draft, but does not say when: the importer records
    # the end of fieldwork and a draft two weeks before publication (on a weekday), marked as stand-ins.
    draft = letter_date - datetime.timedelta(days=14)
    while draft.weekday() >= 5:
        draft -= datetime.timedelta(days=1)

    x = ['<?xml version="1.0" encoding="UTF-8"?>',
         "<!-- Imported by scripts/import_letter.py from the published letter; check every TODO. -->",
         '<inspection id="%s" format="1" layout="%s">' % (args.id, layout),
         '  <area name=%s slug="%s" la-code="%s"/>' % (quoteattr(area), slug, args.la_code),
         '  <theme ref="%s"/>' % args.id,
         "  <status>published</status>",
         "  <partnership name=%s/>" % quoteattr(partnership),
         "  <principal-authority>%s</principal-authority>" % escape(principal),
         "  <inspectorates>"]
    for n, iid in enumerate(inspectorates):
        block = sign_blocks[n] if layout == "current" and n < len(sign_blocks) else None
        name = block[0].rstrip(",") if block else "TODO signatory"
        title_lines = block[1:] if block else ["TODO title"]
        org = ""
        if block and "," in title_lines[-1] and len(title_lines) == 1:
            title_lines[-1], org = [p.strip() for p in title_lines[-1].rsplit(",", 1)]
        x.append('    <inspectorate ref="%s"%s>' % (iid, ' lead="true"' if n == 0 else ""))
        x.append('      <signatory name=%s title=%s%s/>' % (
            quoteattr(name), quoteattr(" | ".join(title_lines)), " organisation=%s" % quoteattr(org) if org else
            (' organisation="-"' if block else "")))
        x.append("    </inspectorate>")
    x.append("  </inspectorates>")
    x.append("  <agencies>")
    for a in sorted(used_agencies | {"partnership"}):
        t, name = AGENCY_TYPES[a]
        x.append('    <agency id="%s" type="%s" name=%s/>' % (a, t, quoteattr(name)))
    x.append("  </agencies>")
    x.append("  <addressees>")
    for a in addressees:
        x.append("    <addressee>%s</addressee>" % escape(a))
    x.append("  </addressees>")
    x.append("  <dates>")
    x.append("    <notification>%s</notification>" % notification.isoformat())
    x.append('    <fieldwork start="%s" end="%s"/>' % (start_date.isoformat(), end_date.isoformat()))
    x.append("    <!-- stand-in: the letter does not give its draft date -->")
    x.append("    <draft-issued>%s</draft-issued>" % draft.isoformat())
    x.append("    <publication>%s</publication>" % letter_date.isoformat())
    if due:
        x.append("    <action-plan-due>%s</action-plan-due>" % due.isoformat())
    x.append("  </dates>")
    x.append("</inspection>")
    open(os.path.join(folder, "inspection.xml"), "w", encoding="utf-8").write("\n".join(x) + "\n")

    moderation = '    <moderation by="%s" on="%s"/>\n' % (inspectorates[0], end_date.isoformat())

    def body(text):
        return moderation + "    <body>\n%s\n    </body>" % escape(text)

    y = ['<?xml version="1.0" encoding="UTF-8"?>',
         "<!-- Imported by scripts/import_letter.py from the published letter. -->",
         '<findings inspection="%s" format="1">' % args.id, "  <letter>",
         "    <title>%s</title>" % escape(title), "    <salutation>%s</salutation>" % escape(salutation),
         "    <opening>\n%s\n    </opening>" % escape(markdown(blocks_of(opening_lines), notes))]
    for section, heading in letter_headings:
        y.append('    <heading section="%s">%s</heading>' % (section, escape(heading)))
    if next_steps:
        y.append("    <next-steps>\n%s\n    </next-steps>" % escape(next_steps))
    y.append("  </letter>")
    for name, text in (("context", context), ("headline-findings", headline)):
        if text:
            y.append("  <%s>\n%s\n  </%s>" % (name, body(text), name))
    for f in findings:
        attrs = 'id="%s" kind="%s" agencies="%s"' % (f["id"], f["kind"], " ".join(f["agencies"]))
        for key in ("title", "heading", "group"):
            if f.get(key):
                attrs += " %s=%s" % (key, quoteattr(f[key]))
        text = markdown(f["blocks"], notes)
        if f["kind"] in ("strength", "area-for-improvement", "area-for-priority-action"):
            text = re.sub(r"^- ", "", text)
        y.append("  <finding %s>\n%s\n  </finding>" % (attrs, body(md_escape_line(text))))
    y.append("</findings>")
    open(os.path.join(folder, "findings.xml"), "w", encoding="utf-8").write("\n".join(y) + "\n")

    t = ['<?xml version="1.0" encoding="UTF-8"?>', '<theme id="%s" format="1">' % args.id,
         "  <title>%s</title>" % escape(response[0].upper() + response[1:]),
         "  <response-inspected>%s</response-inspected>" % escape(response),
         "  <description>\n    The joint targeted area inspection of %s in %s.\n  </description>" % (
             escape(response), escape(area)),
         "  <sub-themes>\n    <sub-theme id=\"all\">%s</sub-theme>\n  </sub-themes>" % escape(response[0].upper() + response[1:]), '  <round>\n    <inspection ref="%s"/>\n  </round>' % args.id, "</theme>"]
    open(os.path.join(args.out, "themes", args.id + ".xml"), "w", encoding="utf-8").write("\n".join(t) + "\n")
    print("%s: %s layout, %d findings, %d addressees, %d footnotes" % (
        args.id, layout, len(findings), len(addressees), len(notes)), file=sys.stderr)


if __name__ == "__main__":
    main()
