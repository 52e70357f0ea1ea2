import Foundation

/// The journal of changes: a JSON Lines file, one `JournalEntry` per line, oldest first.
///
/// Guarantees: an append is a single `write(2)` on a descriptor opened with `O_APPEND`, then
/// `fsync`, so concurrent Roster processes never interleave lines and a confirmed entry survives a
/// crash. The directory is created with mode 0700 and the file with 0600; a looser file is
/// tightened on every append, and `securePermissions()` does it up front and says so. Entries are redacted
/// before they are written (no secrets). Reading never creates anything and skips lines it cannot
/// decode, so one torn or hand-edited line does not hide the rest.
public final class Journal: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Tightens the journal's directory to 0700 and the file to 0600 where they exist and are
    /// looser; returns a warning for each change, for the caller to show (stderr, the status line).
    public func securePermissions() -> [String] {
        PrivateFiles.secure(path)
    }

    /// Appends one line for `entry`.
    public func append(_ entry: JournalEntry) throws {
        try append([entry])
    }

    /// Appends one line per entry, in order, with one write.
    public func append(_ entries: [JournalEntry]) throws {
        guard !entries.isEmpty else { return }
        var data = Data()
        for entry in entries {
            data.append(try JSONLines.line(entry.redacted))
        }
        try createDirectory()
        // Silently here: callers that can show a warning call securePermissions() first.
        _ = PrivateFiles.secure(path)
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError.system("open", errno, path) }
        defer { close(fd) }
        // Tighten a file someone created with looser permissions; it holds who changed what.
        _ = fchmod(fd, 0o600)
        do throws(PrivateFiles.CallFailed) {
            // A last byte that cannot be read is taken as a line end: the entries still go in.
            if try !(PrivateFiles.endsWithNewline(fd) ?? true) { data.insert(0x0A, at: 0) }
            try PrivateFiles.writeSynced(fd, data)
        } catch {
            throw JournalError.system(error.call, error.code, path)
        }
    }

    /// The entries, oldest first; with `limit`, only the newest `limit` of them.
    public func read(limit: Int? = nil) throws -> [JournalEntry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw JournalError.unreadable(path, String(describing: error))
        }
        var entries: [JournalEntry] = []
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if let entry = try? Self.decoder.decode(JournalEntry.self, from: Data(line)) { entries.append(entry) }
        }
        guard let limit else { return entries }
        return Array(entries.suffix(max(0, limit)))
    }

    private func createDirectory() throws {
        do {
            try PrivateFiles.createDirectory(of: path)
        } catch {
            throw JournalError.unwritable((path as NSString).deletingLastPathComponent, String(describing: error))
        }
    }

    /// Whether the file is empty or ends a line. A crash in the middle of a write can leave a torn
    /// line; the next entry must start on a line of its own or it would be lost with it.
    private static let decoder = JSONDecoder()
}

/// Why the journal could not be read or written. Holds paths and system messages, never entries.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    case system(String, Int32, String)
    case unreadable(String, String)
    case unwritable(String, String)

    public var description: String {
        switch self {
        case .system(let call, let code, let path): "\(call) \(path): \(String(cString: strerror(code)))"
        case .unreadable(let path, let why): "cannot read \(path): \(why)"
        case .unwritable(let path, let why): "cannot create \(path): \(why)"
        }
    }
}
