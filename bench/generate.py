#!/usr/bin/env python3
"""Generates a synthetic corpus of N published inspections for benchmarks, by cloning the published example
inspections under new ids, area names and slugs (text and structure stay realistic: 3,000+ words each).

With --heavy, each letter is grown to the size of the largest real ones: 40 findings and about 54 KB of
Markdown per inspection (1,000 inspections: about 53 MB of Markdown). The findings keep the example's ids,
kinds, agencies, sub-themes and moderation (extra ones are copies with new ids and the next priorities), and
their bodies are new prose drawn from the examples' sentences, with the things real letters use: emphasis,
links, bulleted and numbered lists, and now and then a table. The output depends only on N and --seed.

Usage: bench/generate.py N OUT_DIR [--heavy] [--seed S] [--markdown DIR]
  --markdown DIR  also writes each inspection's Markdown bodies to DIR/<id>.md (the input of the reference
                  renderers in bench/run.sh: cmark-gfm and Hugo render exactly this text)
"""
import argparse
import os
import random
import re
import shutil
import textwrap
import xml.etree.ElementTree as ET

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("n", type=int)
parser.add_argument("out")
parser.add_argument("--heavy", action="store_true", help="40 findings and about 54 KB of Markdown per letter")
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--markdown", help="also write each inspection's Markdown to DIR/<id>.md")
args = parser.parse_args()
n, out = args.n, args.out

here = os.path.dirname(os.path.abspath(__file__))
examples = os.path.join(here, "..", "examples")
templates = []
for name in sorted(os.listdir(os.path.join(examples, "inspections"))):
    folder = os.path.join(examples, "inspections", name)
    if "<status>published</status>" in open(os.path.join(folder, "inspection.xml"), encoding="utf-8").read():
        templates.append(name)


def bodies(path):
    """The dedented Markdown of every <body>, <statement> and narrative in an XML file."""
    if not os.path.exists(path):
        return []
    found = []
    for element in ET.parse(path).iter():
        if element.tag in ("body", "statement", "improvement-activity", "narrative") and element.text:
            found.append(textwrap.dedent(element.text).strip())
    return found


# The sentence pools of the heavy letters: long prose from main findings, practice studies, contexts and
# responses; short one-sentence findings from the strengths and improvements.
long_sentences, short_sentences = [], []
for name in sorted(os.listdir(os.path.join(examples, "inspections"))):
    folder = os.path.join(examples, "inspections", name)
    tree = ET.parse(os.path.join(folder, "findings.xml"))
    for finding in tree.getroot().iter():
        body = finding.find("body")
        if body is None or not body.text:
            continue
        text = textwrap.dedent(body.text).strip()
        pool = short_sentences if finding.get("kind") in ("strength", "area-for-improvement") else long_sentences
        for paragraph in text.split("\n\n"):
            if paragraph.lstrip().startswith(("-", "*", "|", "1.")):
                continue
            pool.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph.replace("\n", " ")) if len(s) > 20)
    for text in bodies(os.path.join(folder, "responses.xml")):
        for paragraph in text.split("\n\n"):
            long_sentences.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph.replace("\n", " "))
                                  if len(s) > 20)
long_sentences = sorted(set(long_sentences))
short_sentences = sorted(set(short_sentences))
LINKS = [
    "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
    "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2",
    "https://www.gov.uk/government/collections/joint-targeted-area-inspections",
    "https://www.legislation.gov.uk/ukpga/2004/31/contents",
    "https://www.gov.uk/government/publications/child-exploitation-disruption-toolkit",
    "https://www.justiceinspectorates.gov.uk/hmiprobation/",
]
ITEMS = [
    "children's views are recorded and acted on", "strategy discussions are held promptly",
    "health practitioners are invited to strategy discussions", "plans are reviewed when risks change",
    "information is shared the same day", "managers' oversight is recorded on the child's file",
    "return home interviews are completed within 72 hours", "schools are told the next school day",
    "safety plans follow children when their case is stepped down", "the voice of the child is clear in assessments",
    "step-down decisions are agreed with the family", "audits lead to measurable changes in practice",
]


def emphasise(rng, sentence):
    words = sentence.split(" ")
    if len(words) < 8:
        return sentence
    r = rng.random()
    i = rng.randrange(1, len(words) - 4)
    span = rng.randint(2, 4)
    phrase = " ".join(words[i:i + span])
    if not re.fullmatch(r"[A-Za-z][A-Za-z' -]*[A-Za-z]", phrase):
        return sentence
    if r < 0.08:
        words[i:i + span] = ["*%s*" % phrase]
    elif r < 0.12:
        words[i:i + span] = ["**%s**" % phrase]
    elif r < 0.18:
        words[i:i + span] = ["[%s](%s)" % (phrase, rng.choice(LINKS))]
    return " ".join(words)


def paragraph(rng, sentences):
    return " ".join(emphasise(rng, rng.choice(long_sentences)) for _ in range(sentences))


def block(rng):
    """A list or (rarely) a table, as main findings use them."""
    r = rng.random()
    if r < 0.06:
        years = rng.sample(range(2019, 2026), 3)
        years.sort()
        rows = ["| Measure | %d | %d | %d |" % tuple(years), "| --- | ---: | ---: | ---: |"]
        for label in rng.sample(["Referrals to children's social care", "Strategy discussions",
                                 "Children open to the YJS", "Suspensions", "Missing episodes",
                                 "Return home interviews completed", "Children on part-time timetables"], 4):
            rows.append("| %s | %d | %d | %d |" % ((label,) + tuple(rng.randint(12, 980) for _ in range(3))))
        return "\n".join(rows)
    marker = "1." if r < 0.3 else "-"
    lead = "Inspectors found that:" if marker == "-" else "The partnership has agreed to check that:"
    items = rng.sample(ITEMS, rng.randint(3, 5))
    return lead + "\n\n" + "\n".join("%s %s" % (marker, i) for i in items)


def long_body(rng, target):
    parts, size = [], 0
    while size < target:
        part = block(rng) if parts and rng.random() < 0.25 else paragraph(rng, rng.randint(3, 6))
        parts.append(part)
        size += len(part) + 2
    return "\n\n".join(parts)


def short_body(rng):
    return emphasise(rng, rng.choice(short_sentences))


def indent(markdown):
    return "\n".join(("      " + line) if line else "" for line in markdown.split("\n"))


def set_body(element, markdown):
    body = element.find("body")
    body.text = "\n" + indent(markdown) + "\n    "


def heavy_findings(path, new_id, rng):
    """The example's findings grown to 40, with new bodies of the heavy letters' length."""
    tree = ET.parse(path)
    root = tree.getroot()
    root.set("inspection", new_id)
    findings = root.findall("finding")
    by_kind = {}
    for f in findings:
        by_kind.setdefault(f.get("kind"), []).append(f)
    want = {"area-for-improvement": 10, "strength": 12}
    want["main-finding"] = 40 - sum(len(v) for k, v in by_kind.items() if k not in want and k != "main-finding") - \
        sum(want[k] for k in want if k in by_kind)
    for kind, target in want.items():
        have = by_kind.get(kind, [])
        if not have:
            continue
        prefix = re.match(r"[a-z]+", have[0].get("id")).group(0)
        for k in range(len(have), target):
            clone = ET.fromstring(ET.tostring(have[k % len(have)]))
            clone.tail = have[-1].tail
            clone.set("id", "%s-%d" % (prefix, k + 1))
            if clone.get("priority"):
                clone.set("priority", str(k + 1))
            if clone.get("title"):
                clone.set("title", "%s (%d)" % (have[k % len(have)].get("title"), k + 1))
            children = list(root)
            root.insert(children.index(have[-1]) + 1, clone)
            have.append(clone)
    for element in root:
        kind = element.get("kind")
        if element.tag == "context":
            set_body(element, "\n\n".join(paragraph(rng, 4) for _ in range(2)))
        elif element.tag == "headline-findings":
            set_body(element, "\n\n".join(paragraph(rng, 4) for _ in range(4)))
        elif kind in ("strength", "area-for-improvement", "area-for-priority-action"):
            set_body(element, short_body(rng))
        elif kind == "main-finding":
            set_body(element, long_body(rng, rng.randint(1650, 2950)))
        elif kind is not None:
            set_body(element, long_body(rng, rng.randint(1500, 2500)))
    tree.write(path, encoding="UTF-8", xml_declaration=True)
    return [f.get("id") for f in root.findall("finding") if f.get("kind") == "area-for-improvement"]


def answer_every_improvement(path, improvements):
    """An action plan answers every area for improvement: copies of its last action answer the added ones."""
    if not os.path.exists(path):
        return
    text = open(path, encoding="utf-8").read()
    actions = list(re.finditer(r"( *)<action id=\"act-(\d+)\" answers=\"([^\"]*)\".*?</action>\n", text, re.S))
    if not actions:
        return
    answered = set(" ".join(m.group(3) for m in actions).split())
    last, number, added = actions[-1], max(int(m.group(2)) for m in actions), ""
    for afi in improvements:
        if afi in answered:
            continue
        number += 1
        added += re.sub(r'<action id="act-\d+" answers="[^"]*"', '<action id="act-%d" answers="%s"' % (number, afi),
                        last.group(0), count=1)
    open(path, "w", encoding="utf-8").write(text[:last.end()] + added + text[last.end():])


shutil.rmtree(out, ignore_errors=True)
os.makedirs(os.path.join(out, "inspections"))
os.makedirs(os.path.join(out, "themes"))
if args.markdown:
    shutil.rmtree(args.markdown, ignore_errors=True)
    os.makedirs(args.markdown)
shutil.copy(os.path.join(examples, "letterpress.xml"), out)
rounds = {}
markdown_bytes = 0
for i in range(n):
    source = templates[i % len(templates)]
    area = re.match(r"([a-z]+)-", source).group(1)
    new_id = "%s%d-%s" % (area, i, source.split("-")[-1])
    folder = os.path.join(out, "inspections", new_id)
    os.makedirs(folder)
    for file in ("inspection.xml", "findings.xml", "responses.xml"):
        path = os.path.join(examples, "inspections", source, file)
        if not os.path.exists(path):
            continue
        text = open(path, encoding="utf-8").read()
        text = text.replace('"%s"' % source, '"%s"' % new_id)
        if file == "inspection.xml":
            text = re.sub(r'slug="[a-z0-9-]+"', 'slug="%s%d"' % (area, i), text)
            text = re.sub(r'(<area name=")([^"]+)"', lambda m: '%s%s %d"' % (m.group(1), m.group(2), i), text)
            text = re.sub(r'la-code="E06(\d{6})"', 'la-code="E06%06d"' % (900000 + i % 99999), text)
            text = re.sub(r"<change-notes>.*?</change-notes>", "", text, flags=re.S)
        open(os.path.join(folder, file), "w", encoding="utf-8").write(text)
    if args.heavy:
        improvements = heavy_findings(os.path.join(folder, "findings.xml"), new_id,
                                      random.Random("%d/%d" % (args.seed, i)))
        answer_every_improvement(os.path.join(folder, "responses.xml"), improvements)
    texts = bodies(os.path.join(folder, "findings.xml")) + bodies(os.path.join(folder, "responses.xml"))
    markdown_bytes += sum(len(t.encode("utf-8")) for t in texts)
    if args.markdown:
        with open(os.path.join(args.markdown, new_id + ".md"), "w", encoding="utf-8") as md:
            md.write("\n\n".join(texts) + "\n")
    theme = re.search(r'<theme ref="([^"]+)"', open(os.path.join(folder, "inspection.xml"), encoding="utf-8").read()).group(1)
    rounds.setdefault(theme, []).append(new_id)
for theme, members in rounds.items():
    text = open(os.path.join(examples, "themes", theme + ".xml"), encoding="utf-8").read()
    refs = "\n".join('    <inspection ref="%s"/>' % m for m in members)
    text = re.sub(r"<round>.*?</round>", "<round>\n%s\n  </round>" % refs, text, flags=re.S)
    open(os.path.join(out, "themes", theme + ".xml"), "w", encoding="utf-8").write(text)
print("generated %d inspections in %s (%.1f MB of Markdown)" % (n, out, markdown_bytes / 1e6))
