#!/usr/bin/env python3
"""The pre-publication workflow end to end, on a temporary copy of the bundled examples, against a real SMTP
server on loopback (Debian's python3-aiosmtpd) and a real browser (headless Chromium through playwright-core):

    smtp        draft (with its PDF when WeasyPrint is installed), then `issue ... draft`: every addressee gets
                exactly one well-formed message and one issue-log line; a second issue is refused, --resend
                sends again; a server that is down fails with exit 3; SMTP AUTH credentials come from the
                environment and never show in output or the log
    form        the offline corrections form in Chromium: two corrections, downloaded, accepted by `check`,
                listed UNDECIDED by `corrections`; axe-core finds nothing
    cycle       corrections decided, the letter revised, `corrections` (decision log, redline), `prepub`,
                `issue ... prepub`, the public site the day before and on the publication date
    refusals    prepub with an undecided correction, a complaint hold, a Saturday or bank holiday publication
                date; a draft of an unmoderated inspection; restricted output inside a public site
    restricted  after draft, issue, corrections and prepub, nothing restricted is in any file of the public site

    workflow_test.py BINARY SOURCE_DIR CASE
"""

import argparse
import email
import email.policy
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

INSPECTION = "orrinsford-2026"
AS_OF = "2026-11-23"          # the draft is out; corrections are due 25 November 2026
DECIDED_ON = "2026-11-26"
PUBLICATION = "2026-12-10"    # a Thursday
DAY_BEFORE = "2026-12-09"
DRAFT_MARK = "DRAFT - for factual accuracy check"

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)
    return condition


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------------------
# SMTP server on loopback

class SmtpServer:
    """aiosmtpd in a thread: keeps every envelope (sender, recipients, bytes); with `credentials`, requires
    AUTH and records every attempt."""

    def __init__(self, credentials=None):
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        self.messages = []
        self.auth_attempts = []
        server = self

        class Handler:
            async def handle_DATA(self, smtp, session, envelope):
                server.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                                        "data": envelope.original_content or envelope.content})
                return "250 OK"

        def authenticator(smtp, session, envelope, mechanism, auth_data):
            if not isinstance(auth_data, LoginPassword):
                return AuthResult(success=False, handled=False)
            login, password = auth_data.login.decode(), auth_data.password.decode()
            self.auth_attempts.append((mechanism, login, password))
            # handled=False: aiosmtpd answers 535 itself when the credentials are wrong.
            return AuthResult(success=(login, password) == credentials, handled=False, auth_data=login)

        self.port = free_port()
        kwargs = {}
        if credentials:
            kwargs = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}
        # Plain-text AUTH is what this test needs, on loopback only; aiosmtpd warns about it.
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
        warnings.filterwarnings("ignore", message="Session.login_data is deprecated")
        logging.getLogger("mail.log").setLevel(logging.ERROR)
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, **kwargs)
        self.url = f"smtp://127.0.0.1:{self.port}"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


# ---------------------------------------------------------------------------------------------------------
# The corpus and the binary

class Workflow:
    def __init__(self, binary, source, tmp):
        self.binary = binary
        self.source = Path(source)
        self.tmp = Path(tmp)
        self.root = self.tmp / "corpus"
        shutil.copytree(self.source / "examples", self.root)
        self.out = self.tmp / "restricted"
        self.folder = self.root / "inspections" / INSPECTION
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("LETTERPRESS_RESOURCES", "LETTERPRESS_SMTP_USER", "LETTERPRESS_SMTP_PASSWORD")}

    def run(self, *args, expect=0, env=None, cwd=None):
        command = [self.binary, *args]
        result = subprocess.run(command, capture_output=True, text=True, cwd=cwd or self.tmp,
                                env={**self.env, **(env or {})}, timeout=300)
        if expect is not None and result.returncode != expect:
            sys.exit(f"FAIL: {' '.join(map(str, command))} exited with {result.returncode}, expected {expect}\n"
                     f"{result.stdout}{result.stderr}")
        return result

    def common(self, as_of=AS_OF):
        return ["--root", str(self.root), "--resources", str(self.source), "--as-of", as_of]

    def draft(self, inspection=INSPECTION, pdf=False, expect=0, out=None):
        r = self.run("draft", inspection, *self.common(), "--out", str(out or self.out), *(["--pdf"] if pdf else []),
                     expect=expect)
        match = re.search(r"version ([0-9a-f]{12}):", r.stdout)
        return (match.group(1) if match else None), r

    def issue(self, document, smtp_url, *extra, expect=0, env=None, as_of=AS_OF):
        return self.run("issue", INSPECTION, document, *self.common(as_of), "--out", str(self.out), "--smtp", smtp_url,
                        *extra, expect=expect, env=env)

    def edit(self, relative, old, new, count=1):
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        if text.count(old) != count:
            sys.exit(f"FAIL: '{old}' occurs {text.count(old)} times in {relative}, expected {count}")
        path.write_text(text.replace(old, new), encoding="utf-8")

    def inspection_xml(self):
        return f"inspections/{INSPECTION}/inspection.xml"

    def addressees(self):
        tree = ET.parse(self.folder / "inspection.xml")
        return [(a.get("name"), a.get("email")) for a in tree.getroot().iter("addressee")]

    def issue_log(self):
        path = self.folder / "issue-log.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def parse_message(data):
    return email.message_from_bytes(data, policy=email.policy.default)


def check_issued_messages(wf, server, version, document, mark, pdf_name=None):
    """Each addressee got exactly one message of `document`, and each reads as the letter it should be."""
    addressees = wf.addressees()
    check(len(server.messages) == len(addressees),
          f"{len(server.messages)} messages sent for {len(addressees)} addressees")
    for name, address in addressees:
        mine = [m for m in server.messages if m["to"] == [address]]
        if not check(len(mine) == 1, f"{address} received {len(mine)} messages, expected 1"):
            continue
        raw = mine[0]["data"]
        check(b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), f"{address}: line ends are not all CRLF")
        msg = parse_message(raw)
        check(msg.defects == [], f"{address}: message defects {msg.defects}")
        check(msg["To"].addresses[0].addr_spec == address, f"{address}: To is {msg['To']}")
        check(msg["To"].addresses[0].display_name == name, f"{address}: To name is {msg['To'].addresses[0].display_name}")
        check(msg["X-Letterpress-Version"] == version,
              f"{address}: X-Letterpress-Version {msg['X-Letterpress-Version']}, expected {version}")
        check(msg["X-Letterpress-Document"] == document, f"{address}: X-Letterpress-Document {msg['X-Letterpress-Document']}")
        check(msg["X-Letterpress-Inspection"] == INSPECTION, f"{address}: X-Letterpress-Inspection")
        check(version in msg["Subject"], f"{address}: subject {msg['Subject']!r} lacks the version")
        check(msg.get_content_type() == "multipart/mixed", f"{address}: {msg.get_content_type()}, expected multipart/mixed")
        parts = list(msg.iter_parts())
        check(parts and parts[0].get_content_type() == "multipart/alternative",
              f"{address}: first part is {parts[0].get_content_type() if parts else None}")
        if not parts:
            continue
        bodies = list(parts[0].iter_parts())
        check([b.get_content_type() for b in bodies] == ["text/plain", "text/html"],
              f"{address}: alternative parts {[b.get_content_type() for b in bodies]}")
        if len(bodies) == 2:
            text, html = bodies[0].get_content(), bodies[1].get_content()
            check(mark in html, f"{address}: the HTML part lacks {mark!r}")
            check(mark in text, f"{address}: the text part lacks {mark!r}")
            check('<span class="para-number">2.1</span>' in html and '<span class="para-number">6.10</span>' in html,
                  f"{address}: the HTML part lacks paragraph numbers")
            check(re.search(r"^6\.10  In the 12 months", text, re.M) is not None,
                  f"{address}: the text part lacks numbered paragraph 6.10")
            check(version in html and version in text, f"{address}: the body does not name version {version}")
        attachments = parts[1:]
        if pdf_name:
            check(len(attachments) == 1 and attachments[0].get_filename() == pdf_name
                  and attachments[0].get_content_type() == "application/pdf"
                  and attachments[0].get_content().startswith(b"%PDF-"),
                  f"{address}: the PDF {pdf_name} is not attached as it should be")
        else:
            check(attachments == [], f"{address}: unexpected attachments")


# ---------------------------------------------------------------------------------------------------------
# Cases

def case_smtp(wf):
    pdf = shutil.which("weasyprint") is not None
    version, r = wf.draft(pdf=pdf)
    check(version is not None, f"the draft command printed no version:\n{r.stdout}")
    pdf_name = f"{INSPECTION}-draft-{version}.pdf" if pdf else None
    if pdf:
        check((wf.out / INSPECTION / f"draft-{version}" / pdf_name).is_file(), "the draft PDF was not written")
    addressees = wf.addressees()

    with SmtpServer() as server:
        r = wf.issue("draft", server.url)
        check(f"to {len(addressees)} of {len(addressees)} addressees" in r.stdout, f"issue said: {r.stdout}")
        check_issued_messages(wf, server, version, "draft", DRAFT_MARK, pdf_name)
        log = wf.issue_log()
        check(sorted(e["to"] for e in log) == sorted(a for _, a in addressees), f"issue log addressees: {log}")
        check(all(e["version"] == version and e["document"] == "draft" for e in log), f"issue log versions: {log}")
        check(all(e["attachments"] == ([pdf_name] if pdf else []) for e in log), f"issue log attachments: {log}")
        message_ids = {parse_message(m["data"])["Message-ID"].strip("<>") for m in server.messages}
        check(message_ids == {e["message_id"] for e in log}, "the issue log's message ids are not the ones sent")

        # The same version again is refused, and nothing is sent or logged.
        r = wf.issue("draft", server.url, expect=1)
        check("was already sent" in r.stderr and "--resend" in r.stderr, f"a second issue said: {r.stderr}")
        check(len(server.messages) == len(addressees), "a refused issue sent messages")
        check(len(wf.issue_log()) == len(addressees), "a refused issue wrote to the issue log")

        # --resend sends it again, once more to each.
        wf.issue("draft", server.url, "--resend")
        check(len(server.messages) == 2 * len(addressees), f"--resend sent {len(server.messages) - len(addressees)}")
        for _, address in addressees:
            check(sum(m["to"] == [address] for m in server.messages) == 2, f"{address}: not resent exactly once")
        check(len(wf.issue_log()) == 2 * len(addressees), "--resend did not log each message")

    # A server that is down: every message fails, each is listed, exit 3, nothing logged.
    closed = free_port()
    before = len(wf.issue_log())
    r = wf.issue("draft", f"smtp://127.0.0.1:{closed}", "--resend", expect=3)
    check(f"{len(addressees)} messages were not sent" in r.stderr, f"server down said: {r.stderr}")
    for _, address in addressees:
        check(f"  - {address}: " in r.stderr, f"server down: {address} is not listed as failed")
    check(len(wf.issue_log()) == before, "failed messages were logged as sent")

    # SMTP AUTH, with the credentials from the environment only.
    password = "pw-Zq7!not-for-logs"
    credentials = {"LETTERPRESS_SMTP_USER": "lead.inspector", "LETTERPRESS_SMTP_PASSWORD": password}
    with SmtpServer(credentials=("lead.inspector", password)) as server:
        r = wf.issue("draft", server.url, "--resend", env=credentials)
        check(len(server.messages) == len(addressees), f"with AUTH {len(server.messages)} messages arrived")
        check(server.auth_attempts and all(a[1:] == ("lead.inspector", password) for a in server.auth_attempts),
              f"AUTH attempts: {[(m, u) for m, u, _ in server.auth_attempts]}")
        check(password not in r.stdout + r.stderr, "the SMTP password appears in the output")
        wrong = {**credentials, "LETTERPRESS_SMTP_PASSWORD": "wrong-" + password}
        r = wf.issue("draft", server.url, "--resend", env=wrong, expect=3)
        check(len(server.messages) == len(addressees), "a message was sent with the wrong password")
        check("wrong-" + password not in r.stdout + r.stderr, "the wrong SMTP password appears in the output")
        check(f"{len(addressees)} messages were not sent" in r.stderr, f"wrong password said: {r.stderr}")
    log_text = (wf.folder / "issue-log.jsonl").read_text(encoding="utf-8")
    check(password not in log_text and "lead.inspector" not in log_text, "SMTP credentials appear in the issue log")
    # The command line never takes a password.
    r = wf.run("issue", "--help")
    check("LETTERPRESS_SMTP_PASSWORD" in r.stdout and "--password" not in r.stdout, "issue --help about credentials")


def case_form(wf):
    version, _ = wf.draft()
    form = wf.out / INSPECTION / f"draft-{version}" / "corrections-form.html"
    check(form.is_file(), f"no corrections form at {form}")
    downloads = wf.tmp / "downloads"
    downloads.mkdir()
    plan = {
        "today": "2026-11-24", "agency": "education", "name": "Aisha Rahman-Cole", "role": "Head of Safeguarding in Education",
        "email": "safeguarding.education@orrinsford.example",
        "corrections": [
            {"paragraph": "6.10", "replace": ["7,400 notifications", "about 6,100 notifications"],
             "evidence": "The force's data for 1 October 2025 to 30 September 2026 shows 6,112 notifications <to the Gateway> & no more."},
            {"paragraph": "2.1", "replace": ["Orrinsford", "Orrinsford City"],
             "evidence": "The council's name is \"Orrinsford City Council\"."},
        ],
    }
    node = shutil.which("node")
    if not node:
        sys.exit("FAIL: node is needed to drive the corrections form")
    r = subprocess.run([node, str(Path(__file__).with_name("corrections_form.js")), str(wf.source), str(form),
                        str(downloads), json.dumps(plan)], capture_output=True, text=True, timeout=180)
    if r.returncode != 0:
        sys.exit(f"FAIL: corrections_form.js exited with {r.returncode}\n{r.stdout}{r.stderr}")
    result = json.loads(r.stdout)
    print(json.dumps(result["statuses"], indent=1))
    check(result["console"] == [], f"console messages: {result['console']}")
    check(result["requests"] == [], f"the offline form made requests: {result['requests']}")
    check(result["statuses"]["empty"] == "Before downloading, choose your agency, give your name, give your role, "
                                         "give a valid email address, add at least one correction.",
          f"empty form said {result['statuses']['empty']!r}")
    check(result["statuses"]["unchanged"] == "Change the proposed text or give evidence before adding the correction.",
          f"unchanged correction said {result['statuses']['unchanged']!r}")
    check(result["statuses"]["added 2.1"] == "Correction to paragraph 2.1 added. 2 in all.",
          f"second correction said {result['statuses']['added 2.1']!r}")
    check(result["rows"] == ["6.10", "2.1"], f"listed corrections {result['rows']}")
    check(result["suggested"] == "education-2026-11-24.xml", f"downloaded file name {result['suggested']}")
    check(result["statuses"]["downloaded"] == f"Downloaded {result['suggested']} with 2 corrections.",
          f"download said {result['statuses']['downloaded']!r}")
    check(result["axe"] == [], "axe violations on the corrections form:\n" +
          "\n".join(f"  {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}" for v in result["axe"]))

    downloaded = Path(result["file"])
    tree = ET.parse(downloaded).getroot()
    check(tree.get("draft-version") == version and tree.get("agency") == "education" and tree.get("inspection") == INSPECTION
          and tree.get("submitted") == "2026-11-24",
          f"downloaded file attributes {tree.attrib}")
    corrections = tree.findall("correction")
    check([c.get("paragraph") for c in corrections] == ["6.10", "2.1"], "downloaded paragraphs")
    check(corrections[0].get("finding") == "mf-3" and corrections[1].get("finding") is None,
          f"downloaded findings {[c.get('finding') for c in corrections]}")
    check("about 6,100 notifications" in corrections[0].findtext("proposed"), "the edited proposed text was not kept")
    check(corrections[0].findtext("current") == result["corrections"][0]["current"], "the current text was not kept")
    check(corrections[0].findtext("evidence") == plan["corrections"][0]["evidence"], "the evidence was not kept verbatim")

    target = wf.folder / "corrections" / downloaded.name
    shutil.copy(downloaded, target)
    r = wf.run("check", "--root", str(wf.root), "--resources", str(wf.source), expect=None)
    check(r.returncode == 0, f"check rejects the downloaded corrections file (exit {r.returncode}):\n{r.stdout}{r.stderr}")
    r = wf.run("corrections", INSPECTION, *wf.common(), "--out", str(wf.out))
    print(r.stdout)
    check(f"current draft version {version}" in r.stdout, "corrections does not name the current version")
    for paragraph, finding_id in (("6.10", "c1"), ("2.1", "c2")):
        line = re.search(rf"^  education {finding_id} paragraph {re.escape(paragraph)}: (.*)$", r.stdout, re.M)
        if check(line is not None, f"corrections does not list education {finding_id} (paragraph {paragraph})"):
            check(line.group(1).startswith("UNDECIDED"), f"education {finding_id}: {line.group(1)}")
            check("older draft" not in line.group(1), f"education {finding_id} reads as against an older draft")
    check("8 corrections, 8 undecided" in r.stdout, "corrections does not count the two new ones")


def judgement_ids(stdout):
    return {m.group(1) for m in re.finditer(r"^  \S+ (\S+) paragraph .*may change a judgement", stdout, re.M)}


def decide_everything(wf):
    """Decides every correction of the examples' orrinsford-2026 (judgement requests declined as not a factual
    matter, the rest accepted), applies pol-1 to findings.xml and sets the status and publication date."""
    r = wf.run("corrections", INSPECTION, *wf.common(), "--out", str(wf.out))
    judgements = judgement_ids(r.stdout)
    check(judgements == {"h-3", "pol-3"}, f"judgement requests flagged: {sorted(judgements)}")
    decisions = {}
    for path in sorted((wf.folder / "corrections").glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        for cid in re.findall(r'<correction id="([^"]+)"', text):
            if cid in judgements:
                decision = (f'<decision outcome="declined" reason="not-a-factual-matter" by="Miriam Okonkwo-Hale" '
                            f'on="{DECIDED_ON}">The request is about a judgement, which the evidence supports.</decision>')
                decisions[cid] = "Declined"
            else:
                decision = f'<decision outcome="accepted" by="Miriam Okonkwo-Hale" on="{DECIDED_ON}"/>'
                decisions[cid] = "Accepted"
            start = text.index(f'<correction id="{cid}"')
            end = text.index("</evidence>", start) + len("</evidence>")
            text = text[:end] + "\n    " + decision + text[end:]
        path.write_text(text, encoding="utf-8")
    pol1 = ET.parse(wf.folder / "corrections" / "police.xml").getroot().find("correction[@id='pol-1']")
    wf.edit(f"inspections/{INSPECTION}/findings.xml", pol1.findtext("current"), pol1.findtext("proposed"))
    wf.edit(wf.inspection_xml(), "<status>draft-issued</status>", "<status>corrections-decided</status>")
    wf.edit(wf.inspection_xml(), "</draft-issued>", f"</draft-issued>\n    <publication>{PUBLICATION}</publication>")
    return decisions


def site_files(site):
    return sorted(p for p in Path(os.path.realpath(site)).rglob("*") if p.is_file())


def build(wf, as_of, out):
    wf.run("build", "--root", str(wf.root), "--resources", str(wf.source), "--out", str(out), "--as-of", as_of,
           "--no-search")
    return Path(os.path.realpath(out))


def case_cycle(wf):
    draft_version, _ = wf.draft()
    with SmtpServer() as server:
        wf.issue("draft", server.url)
    decisions = decide_everything(wf)
    r = wf.run("check", "--root", str(wf.root), "--resources", str(wf.source), expect=None)
    check(r.returncode == 0, f"check after the decisions:\n{r.stdout}{r.stderr}")

    r = wf.run("corrections", INSPECTION, *wf.common(DECIDED_ON), "--out", str(wf.out))
    check(f"{len(decisions)} corrections, 0 undecided" in r.stdout, f"corrections said:\n{r.stdout}")
    check("and redline written" in r.stdout, f"no redline:\n{r.stdout}")
    corrections = wf.out / INSPECTION / "corrections"
    log = (corrections / "decision-log.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>([^<]+)</td>.*?</td><td>(Accepted|Declined|Partly accepted|Undecided)</td>", log)
    check(dict(rows) == decisions, f"decision log rows {rows}, expected {decisions}")
    check(log.count("Not a factual matter") == sum(d == "Declined" for d in decisions.values()),
          "the decision log does not give 'Not a factual matter' for each declined judgement")
    csv = (corrections / "decision-log.csv").read_text(encoding="utf-8")
    check(len(csv.strip().splitlines()) == len(decisions) + 1, "decision-log.csv rows")
    redline = (corrections / "redline.html").read_text(encoding="utf-8")
    check(f"version {draft_version}" in redline, "the redline does not name the issued version")
    check("<del>7</del><ins>about 6</ins>,<del>400</del><ins>100</ins> notifications" in redline
          and "<del>about two thirds</del><ins>more than half</ins>" in redline,
          "the redline does not show the accepted correction pol-1 as <del>/<ins>")
    check("Paragraphs changed: 1." in redline, "the redline counts other changes")
    check(re.search(r'<span class="para-number">6\.10</span><div class="para-body"><p class="flag"><strong>changed</strong>',
                    redline) is not None, "paragraph 6.10 is not flagged as changed")

    r = wf.run("prepub", INSPECTION, *wf.common(DECIDED_ON), "--out", str(wf.out))
    match = re.search(r"version ([0-9a-f]{12}), embargoed until 10 December 2026", r.stdout)
    if not check(match is not None, f"prepub said:\n{r.stdout}"):
        return
    prepub_version = match.group(1)
    check(prepub_version != draft_version, "the revised letter kept the draft's version")
    letter = (wf.out / INSPECTION / f"prepub-{prepub_version}" / "index.html").read_text(encoding="utf-8")
    check("EMBARGOED until 10 December 2026" in letter, "the pre-publication letter is not marked EMBARGOED until ...")
    check(DRAFT_MARK not in letter, "the pre-publication letter is marked as a draft")
    check("about 6,100 notifications" in letter, "the pre-publication letter lacks the accepted correction")

    with SmtpServer() as server:
        wf.issue("prepub", server.url, as_of=DECIDED_ON)
        check_issued_messages(wf, server, prepub_version, "prepub", "EMBARGOED until 10 December 2026")
        check(all(parse_message(m["data"])["Subject"].startswith("EMBARGOED") for m in server.messages),
              "a prepub subject does not start EMBARGOED")
    check(sum(e["document"] == "prepub" and e["version"] == prepub_version for e in wf.issue_log()) == len(wf.addressees()),
          "the issue log does not record the pre-publication letter to each addressee")

    wf.edit(wf.inspection_xml(), "<status>corrections-decided</status>", "<status>pre-publication</status>")
    site = build(wf, DAY_BEFORE, wf.tmp / "site-before")
    check(not (site / "inspections" / INSPECTION).exists(), "orrinsford-2026 is on the site the day before publication")
    leaks = [str(p.relative_to(site)) for p in site_files(site) if b"Orrinsford" in p.read_bytes()]
    check(leaks == [], f"Orrinsford named on the site before publication in {leaks}")
    site = build(wf, PUBLICATION, wf.tmp / "site-on")
    page = site / "inspections" / INSPECTION / "index.html"
    if check(page.is_file(), "orrinsford-2026 is not on the site on its publication date"):
        text = page.read_text(encoding="utf-8")
        check("10 December 2026" in text and "about 6,100 notifications" in text, "the published letter is not the final text")
        check("para-number" not in text and "EMBARGOED" not in text, "the published letter carries workflow marks")


def case_refusals(wf):
    version, _ = wf.draft()
    decide_everything(wf)

    def prepub_refused(why, expected_stderr):
        r = wf.run("prepub", INSPECTION, *wf.common(DECIDED_ON), "--out", str(wf.out), expect=1)
        check(expected_stderr in r.stderr, f"prepub with {why}: expected {expected_stderr!r} in:\n{r.stderr}")
        return r

    correction = f"inspections/{INSPECTION}/corrections/health.xml"
    wf.run("prepub", INSPECTION, *wf.common(DECIDED_ON), "--out", str(wf.out))

    # An undecided correction: while the status says the corrections are decided, check says so first.
    decision = f'\n    <decision outcome="accepted" by="Miriam Okonkwo-Hale" on="{DECIDED_ON}"/>'
    text = (wf.root / correction).read_text(encoding="utf-8")
    h1 = text.index('<correction id="h-1"')
    (wf.root / correction).write_text(text[:h1] + text[h1:].replace(decision, "", 1), encoding="utf-8")
    prepub_refused("an undecided correction (status corrections-decided)",
                   "error: correction 'h-1' is undecided but the status is 'corrections-decided'")
    wf.edit(wf.inspection_xml(), "<status>corrections-decided</status>", "<status>draft-issued</status>")
    prepub_refused("an undecided correction", "  - correction 'h-1' from health (paragraph 6.13) is undecided\n")
    (wf.root / correction).write_text(text, encoding="utf-8")
    wf.edit(wf.inspection_xml(), "<status>draft-issued</status>", "<status>corrections-decided</status>")

    hold = '<complaint-hold since="2026-11-30">Formal complaint from Orrinsford City Council about finding afi-3</complaint-hold>'
    wf.edit(wf.inspection_xml(), "<status>corrections-decided</status>", f"<status>corrections-decided</status>\n  {hold}")
    prepub_refused("a complaint hold",
                   "  - a complaint holds publication: Formal complaint from Orrinsford City Council about finding afi-3\n")
    wf.edit(wf.inspection_xml(), f"\n  {hold}", "")

    # `check` refuses these dates before prepub's own blockers are reached, and says why.
    for date, why in (("2026-12-12", "is a Saturday"), ("2026-12-25", "is a bank holiday (Christmas Day)")):
        wf.edit(wf.inspection_xml(), f"<publication>{PUBLICATION}</publication>", f"<publication>{date}</publication>")
        message = f"inspection.xml:41:5: error: publication date {date} {why}; it must be a working day\n"
        r = wf.run("check", "--root", str(wf.root), "--resources", str(wf.source), expect=1)
        check(message in r.stdout + r.stderr, f"check on a publication date that {why}:\n{r.stdout}{r.stderr}")
        prepub_refused(f"a publication date that {why}", message)
        wf.edit(wf.inspection_xml(), f"<publication>{date}</publication>", f"<publication>{PUBLICATION}</publication>")
    wf.run("prepub", INSPECTION, *wf.common(DECIDED_ON), "--out", str(wf.out))

    _, r = wf.draft("kestlebury-2026", expect=1)
    check("letterpress draft: kestlebury-2026 is not ready for a draft: only moderated findings go into a draft\n"
          "  - the inspection is still at fieldwork\n" in r.stderr, f"draft of kestlebury-2026 said:\n{r.stderr}")
    check(re.search(r"^  - finding '[a-z0-9-]+' is not moderated$", r.stderr, re.M) is not None,
          f"draft of kestlebury-2026 does not name an unmoderated finding:\n{r.stderr}")
    check(not (wf.out / "kestlebury-2026").exists(), "a refused draft wrote output")

    site = build(wf, AS_OF, wf.tmp / "site")
    for out in (site / "restricted", wf.tmp / "site" / "drafts", site):
        for command in (["draft"], ["corrections"], ["prepub"]):
            r = wf.run(*command, INSPECTION, *wf.common(DECIDED_ON), "--out", str(out), expect=2)
            check(f"letterpress {command[0]}: --out {out} is inside a public site" in r.stderr,
                  f"{command[0]} --out {out} said:\n{r.stderr}")
    check(not (site / "restricted").exists() and not (site / INSPECTION).exists(), "restricted output inside the site")

    # A folder that `publish` serves is as public as a build's output: after a publish to it, and even
    # while a first publish to it has written only its marker (a run stopped before its manifest).
    served = wf.tmp / "www"
    wf.run("publish", "--site", str(wf.tmp / "site"), "--to", str(served), "--quiet")
    check((served / ".letterpress" / "public-site").is_file(), "a local publish target has no public-site marker")
    (served / ".letterpress" / "publish-manifest.json").unlink()
    for out in (served / "restricted", served):
        for command in (["draft"], ["corrections"], ["prepub"]):
            r = wf.run(*command, INSPECTION, *wf.common(DECIDED_ON), "--out", str(out), expect=2)
            check(f"letterpress {command[0]}: --out {out} is inside a public site" in r.stderr,
                  f"{command[0]} --out {out} (a publish target) said:\n{r.stderr}")
    check(not (served / "restricted").exists() and not (served / INSPECTION).exists(),
          "restricted output inside a publish target")


def case_restricted(wf):
    # Run from the corpus root with the default --out, as a lead inspector would: restricted/ lands inside it.
    root = wf.root
    args = ["--root", ".", "--resources", str(wf.source)]
    r = wf.run("draft", INSPECTION, *args, "--as-of", AS_OF, cwd=root)
    draft_version = re.search(r"version ([0-9a-f]{12}):", r.stdout).group(1)
    with SmtpServer() as server:
        wf.run("issue", INSPECTION, "draft", *args, "--as-of", AS_OF, "--smtp", server.url, cwd=root)
    wf.run("corrections", INSPECTION, *args, "--as-of", AS_OF, cwd=root)
    decide_everything(wf)
    wf.run("corrections", INSPECTION, *args, "--as-of", DECIDED_ON, cwd=root)
    r = wf.run("prepub", INSPECTION, *args, "--as-of", DECIDED_ON, cwd=root)
    prepub_version = re.search(r"version ([0-9a-f]{12}),", r.stdout).group(1)
    with SmtpServer() as server:
        wf.run("issue", INSPECTION, "prepub", *args, "--as-of", DECIDED_ON, "--smtp", server.url, cwd=root)
    wf.edit(wf.inspection_xml(), "<status>corrections-decided</status>", "<status>pre-publication</status>")
    restricted = root / "restricted" / INSPECTION
    check((restricted / f"draft-{draft_version}" / "corrections-form.html").is_file()
          and (restricted / "corrections" / "redline.html").is_file()
          and (restricted / f"prepub-{prepub_version}" / "index.html").is_file(), "the restricted documents were not written")

    # Strings only restricted documents hold: the marks, the corrections, their submitters, the snapshots,
    # the issue log and the addressees' email addresses.
    secrets = [DRAFT_MARK, "EMBARGOED", "not for publication", "corrections form", "Redline", "decision log",
               draft_version, prepub_version, "message_id", "@letterpress", "draft-version"]
    findings = (wf.folder / "findings.xml").read_text(encoding="utf-8")
    for path in sorted((wf.folder / "corrections").glob("*.xml")):
        for c in ET.parse(path).getroot().iter("correction"):
            secrets += [c.findtext("evidence")[:60]]
            if c.find("decision").get("outcome") == "declined":
                # The sentences of a declined proposal that the letter does not also say.
                secrets += [s for s in re.split(r"(?<=\.) ", c.findtext("proposed")) if s not in findings]
        submitter = ET.parse(path).getroot().find("submitter")
        secrets += [submitter.get("name"), submitter.get("email")]
    secrets += [address for _, address in wf.addressees()]
    secrets = [s.encode("utf-8") for s in secrets]
    # Each is really in the restricted material, so its absence from the site means something.
    restricted_bytes = b"".join(p.read_bytes() for folder in (root / "restricted", wf.folder / "corrections", wf.folder / "drafts")
                                for p in sorted(folder.rglob("*")) if p.is_file())
    restricted_bytes += (wf.folder / "issue-log.jsonl").read_bytes()
    for secret in secrets:
        check(secret in restricted_bytes, f"{secret.decode()!r} is not in the restricted documents")

    for as_of in (DAY_BEFORE, PUBLICATION, "2027-06-01"):
        site = build(wf, as_of, wf.tmp / "site")
        if as_of != DAY_BEFORE:
            check((site / "inspections" / INSPECTION / "index.html").is_file(), f"orrinsford-2026 not published as of {as_of}")
        for path in site_files(site):
            relative = str(path.relative_to(site))
            check(not re.search(r"(^|/)(restricted|drafts|corrections)(/|$)|issue-log|corrections-form|redline|decision-log"
                                r"|draft-[0-9a-f]{12}|prepub-[0-9a-f]{12}", relative),
                  f"restricted file in the site: {relative}")
            data = path.read_bytes()
            for secret in secrets:
                check(secret not in data, f"{relative} (as of {as_of}) holds restricted text {secret.decode()!r}")


CASES = {"smtp": case_smtp, "form": case_form, "cycle": case_cycle, "refusals": case_refusals,
         "restricted": case_restricted}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("source")
    parser.add_argument("case", choices=sorted(CASES))
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    with tempfile.TemporaryDirectory(prefix=f"letterpress-workflow-{args.case}-") as tmp:
        CASES[args.case](Workflow(binary, os.path.abspath(args.source), tmp))
    if failures:
        print(f"\n{len(failures)} failures in {args.case}", file=sys.stderr)
        sys.exit(1)
    print(f"{args.case}: ok")


if __name__ == "__main__":
    main()
