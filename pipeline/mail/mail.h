#pragma once
// Issuing letters by email: a MIME message built as plain bytes (pure, so tests can read it exactly),
// sent through libcurl's SMTP support.

#include <string>
#include <vector>

namespace lp::mail {

struct Attachment {
  std::string filename, content_type, bytes;
};

struct Message {
  std::string from_name, from_address;
  std::string to_name, to_address;
  std::string subject;
  std::string date;        // RFC 5322 date, e.g. "Mon, 23 Nov 2026 19:30:00 +0000"
  std::string message_id;  // without angle brackets
  std::vector<std::pair<std::string, std::string>> extra_headers;  // e.g. X-Letterpress-Version
  std::string text, html;
  std::vector<Attachment> attachments;
};

// The whole message: headers, a multipart/alternative text and HTML body, and attachments, with CRLF
// line ends and base64 bodies. Header values are stripped of line breaks (no header injection) and
// non-ASCII ones are encoded (RFC 2047). Boundaries derive from the content, so bytes are reproducible.
std::string BuildMime(const Message& message);

// "Name <address>", quoting the name when it needs it; a non-ASCII name becomes RFC 2047 encoded words,
// folded (CRLF and a space) when it is long.
std::string FormatAddress(const std::string& name, const std::string& address);

std::string Base64(const std::string& bytes);

struct SmtpSettings {
  std::string url;                 // smtp://host:port or smtps://host:port (implicit TLS)
  std::string username, password;  // from the environment, never the command line
  bool require_starttls = false;   // upgrade a smtp:// connection with STARTTLS, failing without it
  long timeout_seconds = 60;
};

struct SendResult {
  bool ok = false;
  std::string error;
};

// Sends one message to one recipient.
SendResult Send(const SmtpSettings& settings, const std::string& from_address, const std::string& to_address,
                const std::string& mime);

}  // namespace lp::mail
