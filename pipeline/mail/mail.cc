#include "mail/mail.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>

#include "base/text.h"

namespace lp::mail {
namespace {

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return s;
}

bool IsAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// RFC 2047 encoded words for a header value that is not plain ASCII. An encoded word may be at most 75
// characters and must hold whole characters, so the value is cut into runs of at most 30 bytes at UTF-8
// character boundaries (52-character words), folded onto continuation lines so that a header line stays
// within the 78 characters RFC 5322 recommends.
std::string HeaderText(const std::string& value) {
  std::string v = OneLine(value);
  if (IsAscii(v)) return v;
  constexpr std::size_t kMaxBytes = 30;
  std::string out;
  for (std::size_t start = 0; start < v.size();) {
    std::size_t end = std::min(start + kMaxBytes, v.size());
    // Back up over continuation bytes (10xxxxxx) so the cut falls before a character's first byte.
    while (end < v.size() && end > start + 1 && (static_cast<unsigned char>(v[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(v.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string Wrapped(const std::string& base64) {
  std::string out;
  for (std::size_t i = 0; i < base64.size(); i += 76) out += base64.substr(i, 76) + "\r\n";
  return out;
}

}  // namespace

std::string Base64(const std::string& bytes) {
  static constexpr char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kTable[v >> 18 & 63];
    out += kTable[v >> 12 & 63];
    out += kTable[v >> 6 & 63];
    out += kTable[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kTable[v >> 18 & 63];
    out += kTable[v >> 12 & 63];
    out += i + 1 < bytes.size() ? kTable[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::string FormatAddress(const std::string& name, const std::string& address) {
  std::string n = OneLine(name);
  std::string a = OneLine(address);
  if (n.empty()) return "<" + a + ">";
  if (!IsAscii(n)) return HeaderText(n) + " <" + a + ">";
  std::string quoted = "\"";
  for (char c : n) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + a + ">";
}

namespace {

bool IsAtext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr && c != '\0';
}

bool IsLetDig(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

bool IsMailbox(const std::string& address) {
  // RFC 5321 section 4.1.2: Mailbox = Local-part "@" Domain; Local-part here is the Dot-string form.
  std::size_t at = address.find('@');
  if (at == std::string::npos || address.find('@', at + 1) != std::string::npos) return false;
  if (address.size() > 254 || at == 0 || at > 64) return false;
  std::string local = address.substr(0, at), domain = address.substr(at + 1);
  bool after_dot = true;
  for (char c : local) {
    if (c == '.') {
      if (after_dot) return false;
      after_dot = true;
    } else if (IsAtext(c)) {
      after_dot = false;
    } else {
      return false;
    }
  }
  if (after_dot) return false;
  // Domain = sub-domain 1*("." sub-domain); sub-domain = Let-dig [Ldh-str], at most 63 characters.
  std::size_t labels = 0;
  for (std::size_t start = 0;;) {
    std::size_t dot = domain.find('.', start);
    std::string label = domain.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (label.empty() || label.size() > 63 || !IsLetDig(label.front()) || !IsLetDig(label.back())) return false;
    for (char c : label) {
      if (!IsLetDig(c) && c != '-') return false;
    }
    ++labels;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

std::optional<std::string> BuildMime(const Message& m, std::string* error) {
  auto refuse = [&](const char* what, const std::string& address) -> std::optional<std::string> {
    if (error) *error = std::string(what) + " '" + address + "' is not one email address (user@example.org)";
    return std::nullopt;
  };
  if (!IsMailbox(m.from_address)) return refuse("the sender", m.from_address);
  if (!IsMailbox(m.to_address)) return refuse("the recipient", m.to_address);
  if (!m.reply_to.empty() && !IsMailbox(m.reply_to)) return refuse("the reply address", m.reply_to);
  std::string seed = Sha256Hex(m.message_id + m.text + m.html);
  std::string mixed = "=_mixed_" + seed.substr(0, 24);
  std::string alternative = "=_alt_" + seed.substr(24, 24);
  std::string out;
  auto header = [&](const std::string& name, const std::string& value) { out += name + ": " + value + "\r\n"; };
  header("From", FormatAddress(m.from_name, m.from_address));
  header("To", FormatAddress(m.to_name, m.to_address));
  header("Subject", HeaderText(m.subject));
  header("Date", OneLine(m.date));
  header("Message-ID", "<" + OneLine(m.message_id) + ">");
  if (!m.reply_to.empty()) header("Reply-To", "<" + m.reply_to + ">");
  for (const auto& [name, value] : m.extra_headers) header(OneLine(name), HeaderText(value));
  header("MIME-Version", "1.0");
  header("Content-Type", "multipart/mixed; boundary=\"" + mixed + "\"");
  out += "\r\nThis is a MIME message.\r\n";
  out += "--" + mixed + "\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + alternative + "\"\r\n\r\n";
  out += "--" + alternative + "\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += Wrapped(Base64(m.text));
  out += "--" + alternative + "\r\n";
  out += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += Wrapped(Base64(m.html));
  out += "--" + alternative + "--\r\n";
  for (const Attachment& a : m.attachments) {
    std::string name = OneLine(a.filename);
    name.erase(std::remove(name.begin(), name.end(), '"'), name.end());
    out += "--" + mixed + "\r\n";
    out += "Content-Type: " + OneLine(a.content_type) + "; name=\"" + name + "\"\r\n";
    out += "Content-Disposition: attachment; filename=\"" + name + "\"\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += Wrapped(Base64(a.bytes));
  }
  out += "--" + mixed + "--\r\n";
  return out;
}

namespace {

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t ReadCallback(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t room = size * count;
  std::size_t left = upload->data->size() - upload->offset;
  std::size_t n = std::min(room, left);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

std::optional<SmtpUrl> ParseSmtpUrl(const std::string& url, std::string* error) {
  SmtpUrl out;
  out.url = url;
  std::string rest;
  if (url.rfind("smtp://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("smtps://", 0) == 0) {
    rest = url.substr(8);
    out.implicit_tls = true;
  } else {
    *error = "--smtp '" + MaskUrlCredentials(url) + "' must be an smtp:// or smtps:// URL";
    return std::nullopt;
  }
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string::npos) {
    *error = "--smtp '" + MaskUrlCredentials(url) +
             "': credentials do not belong in the URL; set LETTERPRESS_SMTP_USER and LETTERPRESS_SMTP_PASSWORD";
    return std::nullopt;
  }
  if (rest.find_first_of("?#") != std::string::npos) {
    *error = "--smtp '" + url + "' may not have a query or fragment";
    return std::nullopt;
  }
  std::string host = authority.substr(0, authority.rfind(':'));
  if (host.empty()) {
    *error = "--smtp '" + url + "' names no host";
    return std::nullopt;
  }
  out.host = host;
  return out;
}

SmtpConnection::SmtpConnection(SmtpSettings settings) : settings_(std::move(settings)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
}

SmtpConnection::~SmtpConnection() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

SendResult SmtpConnection::Send(const std::string& from_address, const std::string& to_address, const std::string& mime,
                                long timeout_ms) {
  SendResult result;
  auto* curl = static_cast<CURL*>(curl_);
  if (!curl) {
    result.error = "cannot start libcurl";
    result.connection_failed = true;
    return result;
  }
  // The mail builder refuses these too; the envelope is checked again where it is written.
  if (!IsMailbox(from_address) || !IsMailbox(to_address)) {
    result.error = "'" + (IsMailbox(from_address) ? to_address : from_address) + "' is not one email address";
    return result;
  }
  bool implicit_tls = settings_.url.rfind("smtps://", 0) == 0;
  if (settings_.plain && !implicit_tls && !settings_.username.empty()) {
    result.error = "credentials are never sent over a plain connection; use smtps:// or STARTTLS";
    result.connection_failed = true;
    return result;
  }
  char error[CURL_ERROR_SIZE] = {0};
  Upload upload{&mime};
  std::string from = "<" + from_address + ">";
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + to_address + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadCallback);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, std::max(1L, timeout_ms));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::max(1L, std::min(timeout_ms, settings_.connect_timeout_seconds * 1000)));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // TLS is required unless the caller asked for a plain connection: STARTTLS on smtp://, and libcurl
  // fails rather than carry on in the clear when the server does not offer it.
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(settings_.plain ? CURLUSESSL_NONE : CURLUSESSL_ALL));
  if (!settings_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    result.ok = true;
  } else {
    result.error = *error ? error : curl_easy_strerror(rc);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      result.error = "the server did not answer within the time allowed (" + result.error + ")";
    }
    // A refused recipient concerns that message alone; these are the connection's, and would fail every
    // message after this one the same way.
    if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_RESOLVE_HOST ||
        rc == CURLE_USE_SSL_FAILED || rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_PEER_FAILED_VERIFICATION ||
        rc == CURLE_LOGIN_DENIED || rc == CURLE_GOT_NOTHING) {
      result.connection_failed = true;
    }
  }
  curl_slist_free_all(recipients);
  return result;
}

}  // namespace lp::mail
