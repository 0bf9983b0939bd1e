#!/usr/bin/env python3
"""The pre-publication workflow end to end, on a temporary copy of the bundled examples, against a real SMTP
server on loopback (Debian's python3-aiosmtpd) and a real browser (headless Chromium through playwright-core):

    smtp        draft, then `issue ... draft --dry-run` (who would get what) and `issue ... draft` over STARTTLS
                with a certificate made now: every addressee gets exactly one well-formed message, over one
                connection, with the PDF (made by issue), the corrections form and their agency's feedback
                pack, the reply address and deadline; progress is printed; one issue-log line each; a second
                issue is refused, --resend sends again; a server that is down fails with exit 3; SMTP AUTH
                credentials come from the environment, go over TLS only and never show in output or the log
    smtp_security  smtps://; a plain server refused unless --insecure-smtp (said in the log); AUTH never over a
                plain connection; credentials in --smtp refused and masked; a server that never replies ends
                within --request-timeout or --timeout with one connection; hostile addresses refused
    form        the offline corrections form in Chromium: two corrections, downloaded, accepted by `check`,
                listed UNDECIDED by `corrections`; axe-core finds nothing
    decide      `corrections ID decide`: refusals, re-deciding, the reports' wording, a follow-up file from one agency
                numbered in arrival order, formula-safe CSV, no older-draft flag on a decided correction
    cycle       corrections decided (by `corrections ID decide`), the letter revised, `corrections` (decision log, redline), `prepub`,
                `issue ... prepub`, the public site the day before and on the publication date
    refusals    prepub with an undecided correction, a complaint hold, a Saturday or bank holiday publication
                date; a draft of an unmoderated inspection; restricted output inside a public site
    links       drafts/, a snapshot, issue-log.jsonl or a restricted output folder that is a symbolic link:
                reported by check, refused by draft, issue and corrections, nothing written through it
    restricted  after draft, issue, corrections and prepub, nothing restricted is in any file of the public site
    decisions_page  `corrections ID decide --page` on 127.0.0.1 in Chromium: two corrections decided (one first
                refused for want of a reason, with the GOV.UK error summary), saved; `corrections` reports them; the
                files equal those `decide` writes for the same decisions; no token or a foreign Host is refused;
                axe-core clean, nothing wider than 320 px
    published   the published record of a published letter: `changes ID record` (byte-reproducible, never through a
                link), a changed paragraph without a note refused by check and build with the note to add, a note
                lets it through, `changes ID` prints the word-level diff, the site links the note to a public
                redline page (not before the note's date)

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

def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1, made now with openssl; returns (certificate, key)."""
    cert, key = Path(folder) / "smtp-cert.pem", Path(folder) / "smtp-key.pem"
    if not cert.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True)
    return cert, key


class SmtpServer:
    """aiosmtpd in a thread: keeps every envelope (sender, recipients, bytes, the connection it came over and
    whether that was encrypted); with `credentials`, offers AUTH and records every attempt. `tls` is None
    (plain), "starttls" (STARTTLS offered and required before mail) or "smtps" (TLS from the first byte),
    with the certificate made by make_certificate(`cert_folder`)."""

    def __init__(self, credentials=None, tls=None, cert_folder=None):
        import ssl
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        self.messages = []
        self.auth_attempts = []
        self.sessions = []
        server = self

        class Handler:
            async def handle_DATA(self, smtp, session, envelope):
                if not any(s is session for s in server.sessions):
                    server.sessions.append(session)
                server.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                                        "data": envelope.original_content or envelope.content,
                                        "tls": smtp.transport.get_extra_info("ssl_object") is not None})
                return "250 OK"

        def authenticator(smtp, session, envelope, mechanism, auth_data):
            if not isinstance(auth_data, LoginPassword):
                return AuthResult(success=False, handled=False)
            login, password = auth_data.login.decode(), auth_data.password.decode()
            self.auth_attempts.append((mechanism, login, password,
                                       smtp.transport.get_extra_info("ssl_object") is not None))
            # handled=False: aiosmtpd answers 535 itself when the credentials are wrong.
            return AuthResult(success=(login, password) == credentials, handled=False, auth_data=login)

        self.port = free_port()
        kwargs = {}
        if credentials:
            # AUTH is offered even without TLS, as a careless server would: the client must not use it.
            kwargs = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}
        if tls:
            cert, key = make_certificate(cert_folder)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(cert), str(key))
            if tls == "starttls":
                kwargs.update(tls_context=context, require_starttls=True)
            else:
                kwargs.update(ssl_context=context)
        # Plain-text AUTH is what some cases need, on loopback only; aiosmtpd warns about it.
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
        warnings.filterwarnings("ignore", message="auth_required == True but auth_require_tls == False")
        warnings.filterwarnings("ignore", message="Session.login_data is deprecated")
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, **kwargs)
        self.url = f"{'smtps' if tls == 'smtps' else 'smtp'}://127.0.0.1:{self.port}"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class SilentServer:
    """Accepts TCP connections and never says a word: counts the connections."""

    def __init__(self):
        import threading
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.sock.close()
        for c in self.connections:
            c.close()


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

    def smtp(self, **kwargs):
        """An SMTP server on loopback that requires STARTTLS (the default a real relay should have)."""
        return SmtpServer(**{"tls": "starttls", **kwargs, "cert_folder": self.tmp})

    def cacert(self):
        cert, _ = make_certificate(self.tmp)
        return ["--cacert", str(cert)]

    def issue(self, document, smtp_url, *extra, expect=0, env=None, as_of=AS_OF):
        return self.run("issue", INSPECTION, document, *self.common(as_of), "--out", str(self.out), "--smtp", smtp_url,
                        *self.cacert(), *extra, expect=expect, env=env)

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


def addressee_agencies(wf):
    tree = ET.parse(wf.folder / "inspection.xml")
    return {a.get("email"): a.get("agency") for a in tree.getroot().iter("addressee")}


def check_issued_messages(wf, server, version, document, mark, reply_to="enquiries@inspections.example.org", due="25 November 2026"):
    """Each addressee got exactly one message of `document`, over TLS and one connection, and each reads as the
    letter it should be, with what is theirs: the PDF always; for a draft, the corrections form and their
    agency's feedback pack, and the reply address and deadline in the message and the form."""
    addressees = wf.addressees()
    agencies = addressee_agencies(wf)
    check(len(server.messages) == len(addressees),
          f"{len(server.messages)} messages sent for {len(addressees)} addressees")
    check(all(m["tls"] for m in server.messages), "a message went over an unencrypted connection")
    check(len(server.sessions) == 1, f"the messages came over {len(server.sessions)} connections, not one")
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
            check(text.startswith(f"Dear {name},") and f"Dear {name}," in html, f"{address}: no cover note to {name}")
            if document == "draft":
                for part, body in (("text", text), ("HTML", html)):
                    check(f"by email to {reply_to} by {due}" in body,
                          f"{address}: the {part} part does not say to reply to {reply_to} by {due}")
        attachments = {a.get_filename(): a for a in parts[1:]}
        pdf_name = f"{INSPECTION}-{document}-{version}.pdf"
        expected = {pdf_name}
        if document == "draft":
            form_name = f"{INSPECTION}-corrections-form-{version}.html"
            pack_name = f"{INSPECTION}-feedback-pack-{agencies[address]}-{version}.html"
            expected |= {form_name, pack_name}
        check(set(attachments) == expected, f"{address}: attachments {sorted(attachments)}, expected {sorted(expected)}")
        if pdf_name in attachments:
            check(attachments[pdf_name].get_content_type() == "application/pdf"
                  and attachments[pdf_name].get_content().startswith(b"%PDF-"), f"{address}: the PDF is not a PDF")
        if document == "draft" and form_name in attachments and pack_name in attachments:
            form = attachments[form_name].get_content()
            check(f'href="mailto:{reply_to}"' in form and due in form,
                  f"{address}: the corrections form does not give the reply address and deadline")
            check(version in form and "cf-data" in form, f"{address}: the attached form is not the form of version {version}")
            pack = attachments[pack_name].get_content()
            agency_name = ET.parse(wf.folder / "inspection.xml").getroot().find(
                f"agencies/agency[@id='{agencies[address]}']").get("name")
            check(agency_name in pack, f"{address}: the feedback pack is not {agency_name}'s")


# ---------------------------------------------------------------------------------------------------------
# Cases

def case_smtp(wf):
    # No --pdf: issue makes the PDF itself, since it goes with every message.
    version, r = wf.draft()
    check(version is not None, f"the draft command printed no version:\n{r.stdout}")
    pdf_name = f"{INSPECTION}-draft-{version}.pdf"
    addressees = wf.addressees()

    with wf.smtp() as server:
        # --dry-run: who gets what, and nothing is sent or logged.
        r = wf.issue("draft", server.url, "--dry-run")
        check(server.messages == [] and wf.issue_log() == [], "--dry-run sent or logged something")
        check("dry run: nothing is sent" in r.stdout and "STARTTLS" in r.stdout, f"--dry-run said:\n{r.stdout}")
        agencies = addressee_agencies(wf)
        for name, address in addressees:
            block = re.search(rf"^  {re.escape(name)} <{re.escape(address)}> \({agencies[address]}\)\n((?:    .*\n)+)",
                              r.stdout, re.M)
            if check(block is not None, f"--dry-run does not list {address}:\n{r.stdout}"):
                files = block.group(1)
                check(pdf_name in files and f"corrections-form-{version}.html" in files
                      and f"feedback-pack-{agencies[address]}-{version}.html" in files,
                      f"--dry-run for {address} lists:\n{files}")

        r = wf.issue("draft", server.url)
        check(f"to {len(addressees)} of {len(addressees)} addressees, with the PDF" in r.stdout, f"issue said: {r.stdout}")
        # Progress, one line a message.
        for i, (_, address) in enumerate(addressees):
            check(f"[{i + 1}/{len(addressees)}] {address} ... sent" in r.stdout, f"no progress line for {address}:\n{r.stdout}")
        check((wf.out / INSPECTION / f"draft-{version}" / pdf_name).is_file(), "issue did not make the missing PDF")
        check_issued_messages(wf, server, version, "draft", DRAFT_MARK)
        log = wf.issue_log()
        check(sorted(e["to"] for e in log) == sorted(a for _, a in addressees), f"issue log addressees: {log}")
        check(all(e["version"] == version and e["document"] == "draft" and e["transport"] == "starttls" for e in log),
              f"issue log versions and transport: {log}")
        check(all(pdf_name in e["attachments"] and len(e["attachments"]) == 3 for e in log), f"issue log attachments: {log}")
        message_ids = {parse_message(m["data"])["Message-ID"].strip("<>") for m in server.messages}
        check(message_ids == {e["message_id"] for e in log}, "the issue log's message ids are not the ones sent")

        # The same version again is refused, and nothing is sent or logged.
        r = wf.issue("draft", server.url, expect=1)
        check("was already sent" in r.stderr and "--resend" in r.stderr, f"a second issue said: {r.stderr}")
        check(len(server.messages) == len(addressees), "a refused issue sent messages")
        check(len(wf.issue_log()) == len(addressees), "a refused issue wrote to the issue log")

        # --resend sends it again, once more to each; --reply-to names where corrections go.
        r = wf.issue("draft", server.url, "--resend", "--reply-to", "lead.inspector@ofsted.example")
        check(len(server.messages) == 2 * len(addressees), f"--resend sent {len(server.messages) - len(addressees)}")
        for _, address in addressees:
            check(sum(m["to"] == [address] for m in server.messages) == 2, f"{address}: not resent exactly once")
        check(len(wf.issue_log()) == 2 * len(addressees), "--resend did not log each message")
        resent = [parse_message(m["data"]) for m in server.messages[len(addressees):]]
        check(all(m["Reply-To"] is not None and [a.addr_spec for a in m["Reply-To"].addresses] == ["lead.inspector@ofsted.example"]
                  for m in resent), f"--reply-to is not the Reply-To: {[m['Reply-To'] for m in resent]}")
        server.messages.clear()
        server.sessions.clear()
        wf.issue("draft", server.url, "--resend", "--reply-to", "lead.inspector@ofsted.example")
        check_issued_messages(wf, server, version, "draft", DRAFT_MARK, reply_to="lead.inspector@ofsted.example")

    # A server that is down: every message fails, each is listed, exit 3, nothing logged.
    closed = free_port()
    before = len(wf.issue_log())
    r = wf.issue("draft", f"smtp://127.0.0.1:{closed}", "--resend", expect=3)
    check(f"{len(addressees)} messages were not sent" in r.stderr, f"server down said: {r.stderr}")
    for _, address in addressees:
        check(f"  - {address}: " in r.stderr, f"server down: {address} is not listed as failed")
    check(len(wf.issue_log()) == before, "failed messages were logged as sent")

    # SMTP AUTH over STARTTLS, with the credentials from the environment only.
    password = "pw-Zq7!not-for-logs"
    credentials = {"LETTERPRESS_SMTP_USER": "lead.inspector", "LETTERPRESS_SMTP_PASSWORD": password}
    with wf.smtp(credentials=("lead.inspector", password)) as server:
        r = wf.issue("draft", server.url, "--resend", env=credentials)
        check(len(server.messages) == len(addressees), f"with AUTH {len(server.messages)} messages arrived")
        check(server.auth_attempts and all(a[1:] == ("lead.inspector", password, True) for a in server.auth_attempts),
              f"AUTH attempts (mechanism, user, over TLS): {[(m, u, t) for m, u, _, t in server.auth_attempts]}")
        check(len(server.auth_attempts) == 1, f"{len(server.auth_attempts)} AUTH exchanges for one connection")
        check(password not in r.stdout + r.stderr, "the SMTP password appears in the output")
        wrong = {**credentials, "LETTERPRESS_SMTP_PASSWORD": "wrong-" + password}
        r = wf.issue("draft", server.url, "--resend", env=wrong, expect=3)
        check(len(server.messages) == len(addressees), "a message was sent with the wrong password")
        check("wrong-" + password not in r.stdout + r.stderr, "the wrong SMTP password appears in the output")
        check(f"{len(addressees)} messages were not sent" in r.stderr, f"wrong password said: {r.stderr}")
    log_text = (wf.folder / "issue-log.jsonl").read_text(encoding="utf-8")
    check(password not in log_text and "lead.inspector\"" not in log_text, "SMTP credentials appear in the issue log")
    # The command line never takes a password.
    r = wf.run("issue", "--help")
    check("LETTERPRESS_SMTP_PASSWORD" in r.stdout and "--password" not in r.stdout, "issue --help about credentials")


def case_smtp_security(wf):
    version, _ = wf.draft()
    addressees = wf.addressees()
    password = "pw-Zq7!not-for-logs"
    credentials = {"LETTERPRESS_SMTP_USER": "lead.inspector", "LETTERPRESS_SMTP_PASSWORD": password}

    # Implicit TLS (smtps://) works.
    with wf.smtp(tls="smtps") as server:
        wf.issue("draft", server.url, "--no-pdf")
        check(len(server.messages) == len(addressees) and all(m["tls"] for m in server.messages),
              "smtps:// did not deliver every message over TLS")
        check(all(e["transport"] == "smtps" for e in wf.issue_log()), "the issue log does not say smtps")

    # A plain server: restricted documents are not sent to it unless --insecure-smtp says so.
    with SmtpServer() as server:
        r = wf.issue("draft", server.url, "--resend", "--no-pdf", expect=3)
        check(server.messages == [], "a restricted draft went over a plain connection without --insecure-smtp")
        check("STARTTLS" in r.stderr or "TLS" in r.stderr, f"plain server refused with:\n{r.stderr}")
        before = len(wf.issue_log())
        r = wf.issue("draft", server.url, "--resend", "--no-pdf", "--insecure-smtp")
        check(len(server.messages) == len(addressees) and not any(m["tls"] for m in server.messages),
              "--insecure-smtp did not send over the plain connection")
        check("warning: sending restricted documents over a plain connection" in r.stderr and "--insecure-smtp" in r.stderr,
              f"--insecure-smtp is not said in the log:\n{r.stderr}")
        check(all(e["transport"] == "plain" for e in wf.issue_log()[before:]), "the issue log does not record 'plain'")

    # Credentials never go over a plain connection, whether or not --insecure-smtp is given.
    with SmtpServer(credentials=("lead.inspector", password)) as server:
        r = wf.issue("draft", server.url, "--resend", "--no-pdf", env=credentials, expect=3)
        r2 = wf.issue("draft", server.url, "--resend", "--no-pdf", "--insecure-smtp", env=credentials, expect=2)
        check(server.auth_attempts == [], f"AUTH went over a plain connection: {[a[:2] for a in server.auth_attempts]}")
        check(server.messages == [], "messages were sent")
        check("never sent over a plain connection" in r2.stderr, f"--insecure-smtp with credentials said:\n{r2.stderr}")
        check(password not in r.stdout + r.stderr + r2.stdout + r2.stderr, "the password appears in the output")

    # Credentials in the URL are refused, and never echoed.
    with wf.smtp() as server:
        url = server.url.replace("smtp://", f"smtp://lead.inspector:{password}@")
        r = wf.issue("draft", url, "--resend", "--no-pdf", expect=2)
        check(server.messages == [], "a message was sent with credentials in the URL")
        check("credentials do not belong in the URL" in r.stderr and "lead.inspector:***@127.0.0.1" in r.stderr,
              f"credentials in the URL said:\n{r.stderr}")
        check(password not in r.stdout + r.stderr, "the password in the URL was echoed")

    # A server that accepts and never replies: one connection, given up within the time allowed, a clear error.
    for extra in (["--request-timeout", "3"], ["--timeout", "2"]):
        before = len(wf.issue_log())
        with SilentServer() as silent:
            r = wf.issue("draft", silent.url, "--resend", "--no-pdf", *extra, expect=3)
            check(len(silent.connections) == 1, f"{len(silent.connections)} connections to a silent server ({extra})")
        check("did not answer within the time allowed" in r.stderr, f"silent server ({extra}) said:\n{r.stderr}")
        check(f"{len(addressees)} messages were not sent" in r.stderr, f"silent server ({extra}) said:\n{r.stderr}")
        check(len(wf.issue_log()) == before, "messages to a silent server were logged")

    # Hostile addresses: refused by check (so by issue) and by --from; never an extra recipient.
    with wf.smtp() as server:
        for hostile in ("a>,<evil@attacker.example", "victim,attacker@attacker.example"):
            r = wf.issue("draft", server.url, "--resend", "--no-pdf", "--from", hostile, expect=2)
            check("is not one email address" in r.stderr, f"--from {hostile} said:\n{r.stderr}")
            original = (wf.folder / "inspection.xml").read_text(encoding="utf-8")
            xml_value = hostile.replace("<", "&lt;").replace(">", "&gt;")
            wf.edit(wf.inspection_xml(), 'email="pcc@opcc.orrinsford.example"', f'email="{xml_value}"')
            r = wf.run("check", "--root", str(wf.root), "--resources", str(wf.source), expect=1)
            check("inspection.xml:" in r.stdout + r.stderr and "email" in r.stdout + r.stderr,
                  f"check on addressee {hostile}:\n{r.stdout}{r.stderr}")
            wf.issue("draft", server.url, "--resend", "--no-pdf", expect=1)
            (wf.folder / "inspection.xml").write_text(original, encoding="utf-8")
        check(server.messages == [], f"mail went to {[m['to'] for m in server.messages]}")


def axe_report(violations):
    return "\n".join(f"  {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}" for v in violations)


def case_form(wf):
    version, _ = wf.draft()
    form = wf.out / INSPECTION / f"draft-{version}" / "corrections-form.html"
    check(form.is_file(), f"no corrections form at {form}")
    downloads = wf.tmp / "downloads"
    downloads.mkdir()
    plan = {
        "today": "2026-11-24", "agency": "police", "name": "Aisha Rahman-Cole", "role": "Head of Public Protection",
        "email": "public.protection@police.orrinsford.example",
        "corrections": [
            {"paragraph": "6.10", "replace": ["7,400 notifications", "about 6,100 notifications"],
             "evidence": "The force's data for 1 October 2025 to 30 September 2026 shows 6,112 notifications <to the Gateway> & no more."},
            {"paragraph": "2.1", "replace": ["Orrinsford", "Orrinsford City"],
             "evidence": "The council's name is \"Orrinsford City Council\"."},
        ],
        "third": {"paragraph": "6.11", "evidence": "To be removed."},
        "amend": ["about 6,100 notifications", "6,112 notifications"],
        "amend_again": "The council's name, as on its letterhead, is \"Orrinsford City Council\".",
    }
    node = shutil.which("node")
    if not node:
        sys.exit("FAIL: node is needed to drive the corrections form")
    r = subprocess.run([node, str(Path(__file__).with_name("corrections_form.js")), str(wf.source), str(form),
                        str(downloads), json.dumps(plan)], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        sys.exit(f"FAIL: corrections_form.js exited with {r.returncode}\n{r.stdout}{r.stderr}")
    result = json.loads(r.stdout)
    print(json.dumps(result["statuses"], indent=1))
    check(result["console"] == [], f"console messages: {result['console']}")
    check(result["requests"] == [], f"the offline form made requests: {result['requests']}")

    # 1. The error summary: every missing thing linked to its field, focus on the summary, fields marked.
    empty = result["empty"]
    check(empty["summary_visible"] and empty["focused"] == "cf-errors", f"error summary shown and focused: {empty}")
    check(empty["title"].startswith("Error: "), f"the title does not start 'Error:': {empty['title']}")
    check(empty["links"] == [["#cf-agency", "Choose your agency"], ["#cf-name", "Enter your name"], ["#cf-role", "Enter your role"],
                             ["#cf-email", "Enter an email address in the correct format, like name@example.org"],
                             ["#cf-paragraph", "Add at least one correction"]], f"error summary links {empty['links']}")
    check(empty["invalid"] == ["cf-agency", "cf-name", "cf-role", "cf-email", "cf-paragraph"], f"fields marked invalid {empty['invalid']}")
    check(empty["described"] == [f"{f}-error" for f in empty["invalid"]], f"fields not described by their messages: {empty['described']}")
    check(["cf-name-error", "Error: Enter your name"] in empty["messages"], f"field messages {empty['messages']}")
    check(result["axe"]["errors"] == [], "axe violations with the errors shown:\n" + axe_report(result["axe"]["errors"]))

    # 2. The agency's own paragraphs; an unchanged correction refused; a second to one paragraph refused.
    own, every = result["own_paragraphs"], result["all_paragraphs"]
    check(set(own) < set(every) and {"6.10", "2.1", "6.11", "4.3"} <= set(own), f"the police's paragraphs: {own} of {every}")
    check(result["unchanged"]["links"] == [["#cf-proposed", "Change the proposed text, or give evidence"],
                                           ["#cf-evidence", "Give the evidence for the correction"]],
          f"an unchanged correction said {result['unchanged']['links']}")
    check(result["statuses"]["added 2.1"] == "Correction to paragraph 2.1 added. 2 in all.",
          f"second correction said {result['statuses']['added 2.1']!r}")
    check(len(result["duplicate"]["links"]) == 1 and result["duplicate"]["links"][0][0] == "#cf-paragraph"
          and "6.10 already has a correction" in result["duplicate"]["links"][0][1], f"a duplicate said {result['duplicate']}")
    check(result["second_offered"] and result["rows_after_duplicate"] == 2, "a second correction to 6.10 was added unasked")

    # 3. A reload keeps everything.
    reloaded = result["reloaded"]
    check([row[0] for row in reloaded["rows"]] == ["6.10", "2.1"] and reloaded["name"] == plan["name"]
          and reloaded["agency"] == "police" and reloaded["email"] == plan["email"], f"after a reload: {reloaded}")
    check(result["statuses"]["reloaded"] == "Restored your work saved in this browser: 2 corrections.",
          f"reload said {result['statuses']['reloaded']!r}")
    check(result["statuses"]["third"] == "Correction to paragraph 6.11 added. 3 in all.", f"third said {result['statuses']['third']!r}")

    # 4. Amended, removed, downloaded.
    check(result["editing_focus"] == "cf-proposed", "changing a correction does not move focus to its text")
    check(result["statuses"]["amended"] == "Correction to paragraph 6.10 changed. 3 in all.", f"amend said {result['statuses']['amended']!r}")
    check(result["statuses"]["removed"] == "Correction to paragraph 6.11 removed. 2 in all.", f"remove said {result['statuses']['removed']!r}")
    check([row[0] for row in result["rows"]] == ["6.10", "2.1"], f"listed corrections {result['rows']}")
    first = result["downloads"]["first"]
    check(first["suggested"] == "police-2026-11-24.xml", f"downloaded file name {first['suggested']}")
    check(first["status"] == "Downloaded police-2026-11-24.xml with 2 corrections. Send it by email to "
                             "enquiries@inspections.example.org by 25 November 2026.", f"download said {first['status']!r}")

    # 5. Reopened in a fresh browser, amended, downloaded again.
    check(result["fresh_rows"] == 0, "a fresh browser profile already had corrections")
    check(result["statuses"]["opened"] == "Opened first-police-2026-11-24.xml: 2 corrections.",
          f"opening the file said {result['statuses']['opened']!r}")
    check(result["reopened"]["name"] == plan["name"] and result["reopened"]["agency"] == "police"
          and [row[0] for row in result["reopened"]["rows"]] == ["6.10", "2.1"], f"reopened: {result['reopened']}")

    # 6. At 320 px nothing is cut off; axe-core finds nothing.
    check(result["narrow"]["scroll_width"] <= 320 and result["narrow"]["wider"] == [], f"at 320 px: {result['narrow']}")
    check(result["axe"]["narrow"] == [], "axe violations on the corrections form:\n" + axe_report(result["axe"]["narrow"]))

    for key in ("first", "amended"):
        tree = ET.parse(result["downloads"][key]["file"]).getroot()
        check(tree.get("draft-version") == version and tree.get("agency") == "police" and tree.get("inspection") == INSPECTION
              and tree.get("submitted") == "2026-11-24", f"{key} file attributes {tree.attrib}")
        corrections = tree.findall("correction")
        check([c.get("paragraph") for c in corrections] == ["6.10", "2.1"], f"{key} file paragraphs")
        check(corrections[0].get("finding") == "mf-3" and corrections[1].get("finding") is None,
              f"{key} file findings {[c.get('finding') for c in corrections]}")
        check("6,112 notifications" in corrections[0].findtext("proposed"), f"{key}: the amended proposed text was not kept")
        check(corrections[0].findtext("current") == result["corrections"][0]["current"], f"{key}: the current text was not kept")
        check(corrections[0].findtext("evidence") == plan["corrections"][0]["evidence"], f"{key}: the evidence was not kept verbatim")
    amended = ET.parse(result["downloads"]["amended"]["file"]).getroot().findall("correction")
    check(amended[1].findtext("evidence") == plan["amend_again"], "the reopened file's amendment was not kept")

    # A second file from the police (they sent police.xml already) is a follow-up, not an error.
    target = wf.folder / "corrections" / "police-2026-11-24.xml"
    shutil.copy(result["downloads"]["amended"]["file"], target)
    r = wf.run("check", "--root", str(wf.root), "--resources", str(wf.source), expect=None)
    check(r.returncode == 0, f"check rejects the downloaded corrections file (exit {r.returncode}):\n{r.stdout}{r.stderr}")
    r = wf.run("corrections", INSPECTION, *wf.common(), "--out", str(wf.out))
    print(r.stdout)
    check(f"current draft version {version}" in r.stdout, "corrections does not name the current version")
    for paragraph, correction_id in (("6.10", "c1"), ("2.1", "c2")):
        line = re.search(rf"^  police {correction_id} paragraph {re.escape(paragraph)}: (.*)$", r.stdout, re.M)
        if check(line is not None, f"corrections does not list police {correction_id} (paragraph {paragraph})"):
            check(line.group(1).startswith("UNDECIDED"), f"police {correction_id}: {line.group(1)}")
            check("older draft" not in line.group(1), f"police {correction_id} reads as against an older draft")
    check("8 corrections, 8 undecided" in r.stdout, "corrections does not count the two new ones")


def judgement_ids(stdout):
    return {m.group(1) for m in re.finditer(r"^  \S+ (\S+) paragraph .*may change a judgement", stdout, re.M)}


def decide_everything(wf):
    """Decides every correction of the examples' orrinsford-2026 with `letterpress corrections ID decide`
    (judgement requests declined as not a factual matter, in one run; the rest accepted with --all-undecided),
    applies pol-1 to findings.xml and sets the status and publication date."""
    r = wf.run("corrections", INSPECTION, *wf.common(), "--out", str(wf.out))
    judgements = judgement_ids(r.stdout)
    check(judgements == {"h-3", "pol-3"}, f"judgement requests flagged: {sorted(judgements)}")
    before = {p.name: p.read_text(encoding="utf-8") for p in (wf.folder / "corrections").glob("*.xml")}
    by = ["--by", "Miriam Okonkwo-Hale", "--on", DECIDED_ON]
    r = wf.run("corrections", INSPECTION, "decide", *sorted(judgements), "--reject", "--because", "not-a-factual-matter",
               "--reason", "The request is about a judgement, which the evidence supports.", *by, *wf.common())
    for cid in judgements:
        check(f"{cid} (" in r.stdout and "declined (not-a-factual-matter)" in r.stdout, f"decide said:\n{r.stdout}")
    wf.run("corrections", INSPECTION, "decide", "--all-undecided", "--accept", *by, *wf.common())
    decisions = {}
    for path in sorted((wf.folder / "corrections").glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        # Only decisions were added: removing them gives back the file as the agency sent it.
        stripped = re.sub(r"\n    <decision [^\n]*", "", text)
        check(stripped == before[path.name], f"decide changed {path.name} beyond its decisions")
        for c in ET.parse(path).getroot().iter("correction"):
            d = c.find("decision")
            if not check(d is not None and d.get("by") == "Miriam Okonkwo-Hale" and d.get("on") == DECIDED_ON,
                         f"{c.get('id')} was not decided"):
                continue
            decisions[c.get("id")] = "Declined" if c.get("id") in judgements else "Accepted"
            check(d.get("outcome") == ("declined" if c.get("id") in judgements else "accepted"), f"{c.get('id')} outcome")
    pol1 = ET.parse(wf.folder / "corrections" / "police.xml").getroot().find("correction[@id='pol-1']")
    wf.edit(f"inspections/{INSPECTION}/findings.xml", pol1.findtext("current"), pol1.findtext("proposed"))
    wf.edit(wf.inspection_xml(), "<status>draft-issued</status>", "<status>corrections-decided</status>")
    wf.edit(wf.inspection_xml(), "</draft-issued>", f"</draft-issued>\n    <publication>{PUBLICATION}</publication>")
    return decisions


def case_decide(wf):
    """`corrections ID decide`: refusals, re-deciding, what the reports then say, a follow-up file from one agency,
    and a decision log CSV that a spreadsheet cannot run."""
    wf.draft()
    common = wf.common(DECIDED_ON)
    by = ["--by", "Miriam Okonkwo-Hale"]
    r = wf.run("corrections", INSPECTION, "decide", "pol-2", *by, *common, expect=2)
    check("--accept, --partly or --reject" in r.stderr, f"decide without an outcome said:\n{r.stderr}")
    r = wf.run("corrections", INSPECTION, "decide", "pol-2", "--reject", "--reason", "x", *by, *common, expect=2)
    check("--reject needs --because" in r.stderr, f"--reject without --because said:\n{r.stderr}")
    r = wf.run("corrections", INSPECTION, "decide", "pol-2", "--partly", *by, *common, expect=2)
    check("--partly needs --reason" in r.stderr, f"--partly without --reason said:\n{r.stderr}")
    r = wf.run("corrections", INSPECTION, "decide", "pol-22", "--accept", *by, *common, expect=1)
    check("no correction 'pol-22'" in r.stderr and "did you mean 'pol-2'" in r.stderr, f"an unknown id said:\n{r.stderr}")
    untouched = (wf.folder / "corrections" / "police.xml").read_text(encoding="utf-8")
    r = wf.run("corrections", INSPECTION, "decide", "pol-2", "pol-9", "--accept", *by, *common, expect=1)
    check((wf.folder / "corrections" / "police.xml").read_text(encoding="utf-8") == untouched,
          "a refused decide changed a file")

    wf.run("corrections", INSPECTION, "decide", "pol-2", "--partly", "--reason", "The new name is used; the old one is kept "
           "in brackets.", *by, *common)
    wf.run("corrections", INSPECTION, "decide", "pol-2", "--accept", *by, *common)  # decided again: replaced
    police = ET.parse(wf.folder / "corrections" / "police.xml").getroot()
    decisions = police.find("correction[@id='pol-2']").findall("decision")
    check(len(decisions) == 1 and decisions[0].get("outcome") == "accepted", "deciding again did not replace the decision")

    # A follow-up file from the police, submitted later; its submitter's name would be a formula in a spreadsheet.
    follow_up = (wf.folder / "corrections" / "police.xml").read_text(encoding="utf-8")
    follow_up = re.sub(r"<decision [^\n]*\n\s*", "", follow_up)
    follow_up = follow_up.replace('submitted="2026-11-20"', 'submitted="2026-11-24"')
    follow_up = re.sub(r'id="pol-(\d)"', r'id="pol-f\1"', follow_up)
    follow_up = follow_up.replace('name="Detective Chief Inspector Helen Varley"', 'name="=HYPERLINK(&quot;http://evil.example&quot;)"')
    (wf.folder / "corrections" / "a-police-follow-up.xml").write_text(follow_up, encoding="utf-8")
    r = wf.run("check", "--root", str(wf.root), "--resources", str(wf.source), expect=None)
    check(r.returncode == 0, f"check refuses a second corrections file from the police:\n{r.stdout}{r.stderr}")

    r = wf.run("corrections", INSPECTION, *common, "--out", str(wf.out))
    line = re.search(r"^  police pol-2 paragraph 6\.11: (.*)$", r.stdout, re.M)
    check(line is not None and line.group(1) == "Accepted", f"pol-2 reads: {line.group(1) if line else r.stdout}")
    report = (wf.out / INSPECTION / "corrections" / "report.html").read_text(encoding="utf-8")
    check("<dd>Accepted</dd>" in report and "Accepted: Accepted" not in report, "the report does not read 'Accepted'")
    check("Orrinsford Police (file 1 of 2)" in report and "Orrinsford Police (file 2 of 2)" in report,
          "the report does not number the police's two files in arrival order")
    log = (wf.out / INSPECTION / "corrections" / "decision-log.html").read_text(encoding="utf-8")
    check(re.search(r"<td>pol-2</td><td>Orrinsford Police \(file 1 of 2\)</td>", log) is not None,
          "the decision log does not say which police file pol-2 came from")
    check(re.search(r"<td>pol-f2</td><td>Orrinsford Police \(file 2 of 2\)</td>", log) is not None,
          "the decision log does not number the follow-up (submitted later, file name sorting first) as file 2")
    csv_text = (wf.out / INSPECTION / "corrections" / "decision-log.csv").read_text(encoding="utf-8")
    check(",\"'=HYPERLINK(\"\"http://evil.example\"\")\"," in csv_text,
          f"the decision log CSV does not neutralise a formula:\n{csv_text[:600]}")
    check(not re.search(r"(^|,)=", csv_text, re.M), "a CSV cell starts with =")
    # A decided correction is not flagged as made against an older draft once the letter has moved on.
    wf.edit(f"inspections/{INSPECTION}/findings.xml", "central referral unit research", "Public Protection Hub research")
    r = wf.run("corrections", INSPECTION, *common, "--out", str(wf.out))
    line = re.search(r"^  police pol-2 paragraph 6\.11: (.*)$", r.stdout, re.M)
    check(line is not None and "older draft" not in line.group(1), f"decided pol-2 after the revision: {line and line.group(1)}")
    line = re.search(r"^  police pol-1 paragraph 6\.10: (.*)$", r.stdout, re.M)
    check(line is not None and "older draft" in line.group(1), f"undecided pol-1 after the revision: {line and line.group(1)}")


def site_files(site):
    return sorted(p for p in Path(os.path.realpath(site)).rglob("*") if p.is_file())


def build(wf, as_of, out):
    wf.run("build", "--root", str(wf.root), "--resources", str(wf.source), "--out", str(out), "--as-of", as_of,
           "--no-search")
    return Path(os.path.realpath(out))


def case_cycle(wf):
    draft_version, _ = wf.draft()
    with wf.smtp() as server:
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
    check("<del>7,400</del><ins>about 6,100</ins> notifications" in redline
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

    with wf.smtp() as server:
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


def case_links(wf):
    """No write goes through a symbolic link: drafts/ or issue-log.jsonl linked outside the corpus are reported
    by check and refused by draft and issue, and nothing is written where they point."""
    outside = wf.tmp / "outside"
    outside.mkdir()
    drafts = wf.folder / "drafts"
    shutil.rmtree(drafts)
    drafts.symlink_to(outside, target_is_directory=True)
    r = wf.run("check", "--root", str(wf.root), "--resources", str(wf.source), expect=1)
    check(f"inspections/{INSPECTION}/drafts: error: symbolic links are not followed" in r.stdout + r.stderr,
          f"check on a linked drafts folder said:\n{r.stdout}{r.stderr}")
    _, r = wf.draft(expect=1)
    check(list(outside.iterdir()) == [], f"draft wrote through the drafts link: {list(outside.iterdir())}")
    drafts.unlink()
    drafts.mkdir()
    # A snapshot that is a link is reported too.
    (drafts / "0123456789ab.json").symlink_to(outside / "snapshot.json")
    r = wf.run("check", "--root", str(wf.root), "--resources", str(wf.source), expect=1)
    check(f"drafts/0123456789ab.json: error: symbolic links are not followed" in r.stdout + r.stderr,
          f"check on a linked snapshot said:\n{r.stdout}{r.stderr}")
    (drafts / "0123456789ab.json").unlink()
    version, _ = wf.draft()

    log_target = outside / "log.jsonl"
    log_target.write_text("", encoding="utf-8")
    (wf.folder / "issue-log.jsonl").symlink_to(log_target)
    r = wf.run("check", "--root", str(wf.root), "--resources", str(wf.source), expect=1)
    check(f"inspections/{INSPECTION}/issue-log.jsonl: error: symbolic links are not followed" in r.stdout + r.stderr,
          f"check on a linked issue log said:\n{r.stdout}{r.stderr}")
    with wf.smtp() as server:
        wf.issue("draft", server.url, "--no-pdf", expect=1)
        check(server.messages == [], "issue sent mail with the issue log a link")
    check(log_target.read_text(encoding="utf-8") == "", "issue wrote through the issue-log link")
    (wf.folder / "issue-log.jsonl").unlink()

    # A restricted output folder below --out that is a link is refused, not followed.
    (wf.out / INSPECTION).mkdir(parents=True, exist_ok=True)
    shutil.rmtree(wf.out / INSPECTION)
    (wf.out / INSPECTION).symlink_to(outside, target_is_directory=True)
    r = wf.run("corrections", INSPECTION, *wf.common(), "--out", str(wf.out), expect=1)
    check("is a symbolic link; Letterpress never writes through one" in r.stderr, f"corrections through a link said:\n{r.stderr}")
    check(sorted(p.name for p in outside.iterdir()) == ["log.jsonl"], f"corrections wrote through the link: {list(outside.iterdir())}")


def case_restricted(wf):
    # Run from the corpus root with the default --out, as a lead inspector would: restricted/ lands inside it.
    root = wf.root
    args = ["--root", ".", "--resources", str(wf.source)]
    r = wf.run("draft", INSPECTION, *args, "--as-of", AS_OF, cwd=root)
    draft_version = re.search(r"version ([0-9a-f]{12}):", r.stdout).group(1)
    with wf.smtp() as server:
        wf.run("issue", INSPECTION, "draft", *args, "--as-of", AS_OF, "--smtp", server.url, *wf.cacert(), cwd=root)
    wf.run("corrections", INSPECTION, *args, "--as-of", AS_OF, cwd=root)
    decide_everything(wf)
    wf.run("corrections", INSPECTION, *args, "--as-of", DECIDED_ON, cwd=root)
    r = wf.run("prepub", INSPECTION, *args, "--as-of", DECIDED_ON, cwd=root)
    prepub_version = re.search(r"version ([0-9a-f]{12}),", r.stdout).group(1)
    with wf.smtp() as server:
        wf.run("issue", INSPECTION, "prepub", *args, "--as-of", DECIDED_ON, "--smtp", server.url, *wf.cacert(), cwd=root)
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


PUBLISHED = "brackenholt-2026"   # published 27 October 2026; one change note of 4 November 2026 already
CHANGED_ON = "2026-12-01"


def case_published(wf):
    folder = wf.root / "inspections" / PUBLISHED
    record = folder / "published"
    def common(as_of):
        return ["--root", str(wf.root), "--resources", str(wf.source), "--as-of", as_of]
    r = wf.run("changes", PUBLISHED, *common("2026-11-23"), expect=1)
    check("has no published record yet" in r.stderr and f"letterpress changes {PUBLISHED} record" in r.stderr,
          f"changes without a record said:\n{r.stderr}")
    r = wf.run("changes", "orrinsford-2026", "record", *common("2026-11-23"), expect=1)
    check("is not public on 23 November 2026" in r.stderr, f"recording an unpublished letter said:\n{r.stderr}")

    # Version 1: the letter as published, with the note it carries; recording it again changes nothing.
    r = wf.run("changes", PUBLISHED, "record", *common("2026-11-23"))
    check(f"recorded version 1 of {PUBLISHED} (27 October 2026" in r.stdout, f"record said:\n{r.stdout}")
    first = (record / "version-1.xml").read_bytes()
    check(b'<change-note date="2026-11-04" kind="minor">' in first, "version 1 does not carry the letter's change note")
    r = wf.run("changes", PUBLISHED, "record", *common("2026-11-24"))
    check("nothing to record" in r.stdout, f"a second record said:\n{r.stdout}")
    check(sorted(p.name for p in record.iterdir()) == ["version-1.xml"], "a second record wrote another version")
    (record / "version-1.xml").unlink()
    wf.run("changes", PUBLISHED, "record", *common("2026-11-23"))
    check((record / "version-1.xml").read_bytes() == first, "the record is not byte-reproducible")
    r = wf.run("check", *common("2026-11-23"), expect=None)
    check(r.returncode == 0 and r.stderr == "", f"check with the record:\n{r.stdout}{r.stderr}")

    # A change to the published text without a note: check and build refuse, naming the paragraph.
    wf.edit(f"inspections/{PUBLISHED}/findings.xml", "about 61,000 children live", "about 60,400 children live")
    r = wf.run("check", *common(CHANGED_ON), expect=1)
    check("error: paragraph 1.1 (Context) has changed since it was published as version 1 on 27 October 2026, and no "
          "change note says so" in r.stderr, f"check said:\n{r.stderr}")
    check(f'<change-note date="{CHANGED_ON}" kind="minor">What changed, in a sentence.</change-note>' in r.stderr
          and 'kind="major"' in r.stderr, f"check does not show the note to add:\n{r.stderr}")
    check(re.search(r"findings\.xml:6:7: error: paragraph 1\.1", r.stderr) is not None,
          f"the error is not at the paragraph in findings.xml:\n{r.stderr}")
    site = wf.tmp / "site"
    r = wf.run("build", *common(CHANGED_ON), "--out", str(site), "--no-search", expect=1)
    check("paragraph 1.1 (Context) has changed" in r.stderr, f"build said:\n{r.stderr}")
    check(not site.exists(), "a build refused for an unnoted change wrote a site")

    # With a note the change is allowed, shown word by word, and recorded as version 2.
    wf.edit(f"inspections/{PUBLISHED}/inspection.xml", "</change-note>\n  </change-notes>",
            f'</change-note>\n    <change-note date="{CHANGED_ON}" kind="major">Corrected the number of children who '
            'live in Brackenholt.</change-note>\n  </change-notes>')
    r = wf.run("check", *common(CHANGED_ON))
    check("warning: the letter has changed since it was published as version 1" in r.stderr, f"check said:\n{r.stderr}")
    r = wf.run("changes", PUBLISHED, *common(CHANGED_ON))
    check("from version 1 (27 October 2026) to the letter as it stands (not yet recorded)" in r.stdout
          and "paragraph 1.1 (Context), changed:" in r.stdout
          and "about [-61,000-]{+60,400+} children live" in r.stdout
          and "change note, 1 December 2026 (major): Corrected the number" in r.stdout
          and "1 paragraph changed" in r.stdout, f"changes said:\n{r.stdout}")
    check("\x1b[" not in r.stdout, "changes coloured output that is not a terminal")
    r = wf.run("changes", PUBLISHED, "record", *common("2026-11-30"), expect=1)
    check("is not public on 30 November 2026" in r.stderr, f"recording before the note's date said:\n{r.stderr}")
    r = wf.run("changes", PUBLISHED, "record", *common(CHANGED_ON))
    check("recorded version 2" in r.stdout, f"record said:\n{r.stdout}")
    second = (record / "version-2.xml").read_text(encoding="utf-8")
    check('version="2" date="2026-12-01"' in second and "about 60,400 children" in second, "version 2 is not the new text")
    r = wf.run("changes", PUBLISHED, "--from", "1", "--to", "2", *common(CHANGED_ON))
    check("from version 1 (27 October 2026) to version 2 (1 December 2026)" in r.stdout
          and "about [-61,000-]{+60,400+} children live" in r.stdout, f"changes --from 1 --to 2 said:\n{r.stdout}")
    r = wf.run("changes", PUBLISHED, "--to", "3", *common(CHANGED_ON), expect=2)
    check("the record has versions 1 to 2" in r.stderr, f"changes --to 3 said:\n{r.stderr}")
    r = wf.run("check", *common(CHANGED_ON))
    check(r.stderr == "", f"check after recording:\n{r.stderr}")

    # The site: the note links to a public redline page, but not before the note's date.
    site = build(wf, "2026-11-30", wf.tmp / "site-before")
    check(not (site / "inspections" / PUBLISHED / "changes").exists(), "the redline is public before its change note")
    site = build(wf, CHANGED_ON, wf.tmp / "site-on")
    letter = (site / "inspections" / PUBLISHED / "index.html").read_text(encoding="utf-8")
    check('Corrected the number of children who live in Brackenholt. <a href="../../inspections/brackenholt-2026/changes/2/"'
          in letter, "the letter's change note does not link to its redline")
    page = site / "inspections" / PUBLISHED / "changes" / "2" / "index.html"
    if check(page.is_file(), "no redline page for the change"):
        html = page.read_text(encoding="utf-8")
        check('<del><span class="visually-hidden">[deleted text: </span>61,000<span class="visually-hidden">, end of '
              'deleted text]</span></del><ins><span class="visually-hidden">[inserted text: </span>60,400' in html,
              "the redline page does not show the change as <del>/<ins> with hidden words")
        check("Paragraph 1.1, Context: Paragraph changed" in html, "the redline page does not name the paragraph")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    check(f"inspections/{PUBLISHED}/changes/2/" in sitemap, "the redline page is not in the sitemap")

    # The record is never written through a link.
    shutil.rmtree(record)
    elsewhere = wf.tmp / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, record)
    r = wf.run("check", *common(CHANGED_ON), expect=1)
    check("/published: error: symbolic links are not followed" in r.stderr, f"check with a linked record folder said:\n{r.stderr}")
    os.unlink(record)
    record.mkdir()
    os.symlink(elsewhere / "version-1.xml", record / "version-1.xml")
    wf.run("changes", PUBLISHED, "record", *common(CHANGED_ON), expect=1)
    check(list(elsewhere.iterdir()) == [], "the record was written through a link")


def case_decisions_page(wf):
    import signal
    import urllib.error
    import urllib.request
    by, reason = "Miriam Okonkwo-Hale", "The finding is a judgement the evidence supports."
    # The same decisions made on the command line, on a copy, for the files to compare with.
    cli = Workflow(wf.binary, str(wf.source), str(wf.tmp / "cli"))
    cli.run("corrections", INSPECTION, "decide", "pol-1", "--accept", "--by", by, *cli.common(DECIDED_ON))
    cli.run("corrections", INSPECTION, "decide", "pol-3", "--reject", "--because", "not-a-factual-matter", "--reason", reason,
            "--by", by, *cli.common(DECIDED_ON))
    before = {p.name: p.read_bytes() for p in (wf.folder / "corrections").glob("*.xml")}

    server = subprocess.Popen([wf.binary, "corrections", INSPECTION, "decide", "--page", *wf.common(DECIDED_ON), "--by", by],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=wf.env)
    try:
        line = server.stdout.readline()
        match = re.search(r"on (http://127\.0\.0\.1:(\d+)/) \(this computer only\)", line)
        if not check(match is not None, f"decide --page said: {line!r}"):
            return
        url, port = match.group(1), match.group(2)
        # A save without the page's token, and a page reached by another name, are refused; nothing is written.
        try:
            urllib.request.urlopen(urllib.request.Request(url + "save", data=b"decision-1=accepted&by=x&key-1=police.xml%23pol-1"))
            check(False, "a save without the token was accepted")
        except urllib.error.HTTPError as e:
            check(e.code == 403, f"a save without the token gave {e.code}")
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers={"Host": f"attacker.example:{port}"}))
            check(False, "the page answered a request for another host name")
        except urllib.error.HTTPError as e:
            check(e.code == 403, f"a foreign Host gave {e.code}")
        check({p.name: p.read_bytes() for p in (wf.folder / "corrections").glob("*.xml")} == before,
              "a refused request changed a corrections file")

        node = shutil.which("node")
        plan = {"accept": "pol-1", "decline": "pol-3", "because": "not-a-factual-matter", "reason": reason}
        r = subprocess.run([node, str(Path(__file__).with_name("decisions_page.js")), str(wf.source), url, json.dumps(plan)],
                           capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            sys.exit(f"FAIL: decisions_page.js exited with {r.returncode}\n{r.stdout}{r.stderr}")
        result = json.loads(r.stdout)
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    check(server.returncode == 0 and "stopped" in out, f"the page server ended with {server.returncode}: {out}{err}")
    check(result["console"] == [], f"console messages: {result['console']}")
    check(len(result["headings"]) == 6 and any("correction pol-1 to paragraph 6.10" in h for h in result["headings"]),
          f"the page lists {result['headings']}")
    check(result["axe"]["first"] == [], "axe violations on the decisions page:\n" + axe_report(result["axe"]["first"]))
    accept, decline = result["numbers"]
    errors = result["errors"]
    check(errors["title"].startswith("Error: ") and errors["focused"] == "error-summary", f"error summary: {errors}")
    check(errors["links"] == [[f"#because-{decline}", "Choose why you decline pol-3"],
                              [f"#reason-{decline}", "Give the reason for declining pol-3"]], f"error links {errors['links']}")
    check(errors["invalid"] == [f"because-{decline}", f"reason-{decline}"]
          and errors["described"] == [f"because-{decline}-error", f"reason-{decline}-error"], f"fields marked {errors}")
    check(f"decision-{accept}-accepted" in errors["kept"] and f"decision-{decline}-declined" in errors["kept"],
          f"the choices were not kept: {errors['kept']}")
    check(errors["link_target"] == f"#reason-{decline}", f"the summary link went to {errors['link_target']}")
    check(result["axe"]["errors"] == [], "axe violations with errors shown:\n" + axe_report(result["axe"]["errors"]))
    saved = result["saved"]
    check(saved["focused"] == "saved" and not saved["title"].startswith("Error"), f"after saving: {saved}")
    check(saved["text"] == f"Recorded pol-1 accepted and pol-3 declined, by {by} on 26 November 2026, in police.xml.",
          f"the confirmation said {saved['text']!r}")
    recorded = {h.split(" to paragraph")[0].split("correction ")[1]: d for h, d in saved["recorded"]}
    check(recorded["pol-1"] == f"Decision recorded: Accepted ({by}, 26 November 2026)"
          and recorded["pol-3"].startswith("Decision recorded: Declined (not a factual matter): The finding is a judgement")
          and recorded["h-2"] is None, f"the page shows as recorded: {recorded}")
    check(result["narrow"]["scroll_width"] <= 320 and result["narrow"]["wider"] == [], f"at 320 px: {result['narrow']}")
    check(result["axe"]["narrow"] == [], "axe violations at 320 px:\n" + axe_report(result["axe"]["narrow"]))

    # The files are exactly what `decide` writes for the same decisions; the report reads them.
    for name in ("police.xml", "health.xml"):
        check((wf.folder / "corrections" / name).read_bytes() == (cli.folder / "corrections" / name).read_bytes(),
              f"{name} written by the page differs from the one `decide` writes")
    r = wf.run("corrections", INSPECTION, *wf.common(DECIDED_ON), "--out", str(wf.out))
    check(re.search(r"^  police pol-1 paragraph 6\.10: Accepted", r.stdout, re.M) is not None
          and re.search(r"^  police pol-3 paragraph \S+: Declined", r.stdout, re.M) is not None
          and "6 corrections, 4 undecided" in r.stdout, f"corrections said:\n{r.stdout}")


CASES = {"smtp": case_smtp, "published": case_published, "decisions_page": case_decisions_page, "smtp_security": case_smtp_security, "decide": case_decide, "links": case_links, "form": case_form, "cycle": case_cycle, "refusals": case_refusals,
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
