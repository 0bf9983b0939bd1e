#pragma once
// Issuing letters by email: a MIME message built as plain bytes (pure, so tests can read it exactly),
// sent through libcurl's SMTP support.

#include <optional>
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
  std::string reply_to;    // empty: none
  std::vector<std::pair<std::string, std::string>> extra_headers;  // e.g. X-Letterpress-Version
  std::string text, html;
  std::vector<Attachment> attachments;
};

// Whether `address` is one RFC 5321 mailbox (an addr-spec): a Dot-string local part of at most 64
// characters, '@', and a domain of letter-digit-hyphen labels with at least one dot, 254 characters in
// all. Display names, lists, quoted local parts, address literals and anything else are refused, so an
// address can never become a second recipient in RCPT TO or To:.
bool IsMailbox(const std::string& address);

// The whole message: headers, a multipart/alternative text and HTML body, and attachments, with CRLF
// line ends and base64 bodies. Header values are stripped of line breaks (no header injection) and
// non-ASCII ones are encoded (RFC 2047). Boundaries derive from the content, so bytes are reproducible.
// Refused (nullopt, with the reason in *error) when the sender, recipient or Reply-To is not one mailbox.
std::optional<std::string> BuildMime(const Message& message, std::string* error = nullptr);

// "Name <address>", quoting the name when it needs it; a non-ASCII name becomes RFC 2047 encoded words,
// folded (CRLF and a space) when it is long.
std::string FormatAddress(const std::string& name, const std::string& address);

std::string Base64(const std::string& bytes);

// An --smtp URL: smtp://host[:port] or smtps://host[:port], nothing else. Credentials in it are refused
// (they come from the environment), as publish refuses them in its URLs.
struct SmtpUrl {
  std::string url;   // as given, to hand to libcurl
  bool implicit_tls = false;  // smtps://
  std::string host;
};
std::optional<SmtpUrl> ParseSmtpUrl(const std::string& url, std::string* error);

struct SmtpSettings {
  std::string url;                 // smtp://host:port or smtps://host:port (implicit TLS)
  std::string username, password;  // from the environment, never the command line
  bool plain = false;              // smtp:// without STARTTLS (--insecure-smtp); otherwise TLS is required
  std::string ca_file;             // extra CA certificates to trust (a private mail relay); empty: the system's
  long connect_timeout_seconds = 10;
};

struct SendResult {
  bool ok = false;
  bool connection_failed = false;  // the server could not be reached, did not answer, or refused TLS or AUTH:
                                   // sending the next message the same way would fail the same way
  std::string error;
};

// One SMTP connection for a whole run: every message goes over it (libcurl keeps it open between
// transfers and opens a new one only if the server closed it). AUTH is only ever sent over TLS: with
// credentials, a plain connection is refused before anything is sent.
class SmtpConnection {
 public:
  explicit SmtpConnection(SmtpSettings settings);
  ~SmtpConnection();
  SmtpConnection(const SmtpConnection&) = delete;
  SmtpConnection& operator=(const SmtpConnection&) = delete;

  // Sends one message to one recipient, giving up after `timeout_ms` in all.
  SendResult Send(const std::string& from_address, const std::string& to_address, const std::string& mime, long timeout_ms);

 private:
  SmtpSettings settings_;
  void* curl_ = nullptr;
};

}  // namespace lp::mail
