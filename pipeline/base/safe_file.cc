#include "base/safe_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace lp {
namespace fs = std::filesystem;
namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  void Reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

bool IsLinkAt(int dir, const std::string& name) {
  struct stat st {};
  return ::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

std::string Why(const fs::path& shown, int error) {
  return shown.string() + ": " + std::strerror(error);
}

// Opens the folder holding root/relative, one component at a time with O_NOFOLLOW, creating missing ones.
// On success `dir` holds it and `name` the file's name.
std::string OpenParent(const fs::path& root, const fs::path& relative, Fd& dir, std::string& name) {
  std::vector<std::string> parts;
  for (const fs::path& part : relative) {
    std::string p = part.string();
    if (p.empty() || p == "." || p == ".." || p == "/") return relative.string() + ": not a plain path inside " + root.string();
    parts.push_back(p);
  }
  if (parts.empty()) return "no file name";
  name = parts.back();
  parts.pop_back();
  std::error_code ec;
  fs::create_directories(root, ec);
  dir.Reset(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return Why(root, errno);
  fs::path shown = root;
  for (const std::string& part : parts) {
    shown /= part;
    int next = ::openat(dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0 && errno == ENOENT) {
      if (::mkdirat(dir.get(), part.c_str(), 0755) != 0 && errno != EEXIST) return Why(shown, errno);
      next = ::openat(dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (next < 0) {
      int error = errno;
      if (IsLinkAt(dir.get(), part)) return shown.string() + " is a symbolic link; Letterpress never writes through one";
      return Why(shown, error);
    }
    dir.Reset(next);
  }
  return {};
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

std::string WriteFileInside(const fs::path& root, const fs::path& relative, std::string_view bytes) {
  Fd dir;
  std::string name;
  if (std::string error = OpenParent(root, relative, dir, name); !error.empty()) return error;
  fs::path shown = root / relative;
  if (IsLinkAt(dir.get(), name)) return shown.string() + " is a symbolic link; Letterpress never writes through one";
  std::string tmp = "." + name + ".tmp." + std::to_string(::getpid());
  ::unlinkat(dir.get(), tmp.c_str(), 0);
  Fd file(::openat(dir.get(), tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (file.get() < 0) return Why(shown, errno);
  bool ok = WriteAll(file.get(), bytes);
  int error = errno;
  file.Reset(-1);
  if (!ok) {
    ::unlinkat(dir.get(), tmp.c_str(), 0);
    return Why(shown, error);
  }
  // rename() replaces whatever is at `name` without following it; it was checked not to be a link above.
  if (::renameat(dir.get(), tmp.c_str(), dir.get(), name.c_str()) != 0) {
    error = errno;
    ::unlinkat(dir.get(), tmp.c_str(), 0);
    return Why(shown, error);
  }
  return {};
}

std::string AppendFileInside(const fs::path& root, const fs::path& relative, std::string_view bytes) {
  Fd dir;
  std::string name;
  if (std::string error = OpenParent(root, relative, dir, name); !error.empty()) return error;
  fs::path shown = root / relative;
  Fd file(::openat(dir.get(), name.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (file.get() < 0) {
    int error = errno;
    if (error == ELOOP || IsLinkAt(dir.get(), name)) return shown.string() + " is a symbolic link; Letterpress never writes through one";
    return Why(shown, error);
  }
  if (!WriteAll(file.get(), bytes)) return Why(shown, errno);
  return {};
}

}  // namespace lp
