import Foundation

/// Roster's own files (the log, the journal) are private to the user: directory 0700, file 0600.
///
/// They say who changed what and carry server text, so a file someone created with looser modes
/// (0666 in a 0777 directory) is tightened rather than used as it is, and the caller is told: the
/// warnings are returned as values so the CLI prints them on stderr and the TUI can show them.
public enum PrivateFiles {
    public static let directoryMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600

    /// Tightens the directory of `path` and `path` itself where they exist and allow more than
    /// 0700 / 0600; returns one warning per change (or failure to change). Creates nothing and
    /// leaves symbolic links alone (changing a link's target could touch a file that is not ours).
    public static func secure(_ path: String) -> [String] {
        var warnings: [String] = []
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { tighten(directory, to: directoryMode, what: "directory", &warnings) }
        tighten(path, to: fileMode, what: "file", &warnings)
        return warnings
    }

    /// Creates the directory of `path` (and its parents) with mode 0700 when it is missing.
    public static func createDirectory(of path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) else { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: Int(directoryMode)])
    }

    private static func tighten(_ path: String, to mode: mode_t, what: String, _ warnings: inout [String]) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFDIR else { return }
        let current = info.st_mode & 0o7777
        guard current & ~mode != 0 else { return }
        if chmod(path, mode) == 0 {
            warnings.append("\(what) \(path) had mode \(octal(current)); changed it to \(octal(mode)) (only you may read it)")
        } else {
            let why = String(cString: strerror(errno))
            warnings.append("\(what) \(path) has mode \(octal(current)) and could not be changed to \(octal(mode)): \(why)")
        }
    }

    /// A system call on one of these files failed: its name and `errno`.
    struct CallFailed: Error {
        let call: String
        let code: Int32
    }

    /// Whether the file behind `fd` is empty or ends with a newline; nil when its last byte cannot
    /// be read. An append-only JSON-lines file whose last line was torn (a kill mid-write) does not,
    /// and the next line must start on a line of its own.
    static func endsWithNewline(_ fd: Int32) throws(CallFailed) -> Bool? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CallFailed(call: "fstat", code: errno) }
        guard info.st_size > 0 else { return true }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, info.st_size - 1) == 1 else { return nil }
        return last == 0x0A
    }

    /// Writes all of `data` to `fd` (an O_APPEND descriptor: one write call when it fits), then
    /// fsyncs, so the lines are on disk when this returns.
    static func writeSynced(_ fd: Int32, _ data: Data) throws(CallFailed) {
        var failure: CallFailed?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = CallFailed(call: "write", code: errno)
                    return
                }
                offset += n
            }
        }
        if let failure { throw failure }
        guard fsync(fd) == 0 else { throw CallFailed(call: "fsync", code: errno) }
    }

    static func octal(_ mode: mode_t) -> String {
        let text = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
