#include "mail/mail.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

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

std::string BuildMime(const Message& m) {
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

SendResult Send(const SmtpSettings& settings, const std::string& from_address, const std::string& to_address,
                const std::string& mime) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  SendResult result;
  CURL* curl = curl_easy_init();
  if (!curl) {
    result.error = "cannot start libcurl";
    return result;
  }
  char error[CURL_ERROR_SIZE] = {0};
  Upload upload{&mime};
  std::string from = "<" + from_address + ">";
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + to_address + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadCallback);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (settings.require_starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.password.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    result.ok = true;
  } else {
    result.error = *error ? error : curl_easy_strerror(rc);
  }
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  return result;
}

}  // namespace lp::mail
