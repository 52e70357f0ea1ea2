import Foundation
@testable import RosterApp
@testable import RosterServices
import Testing
import TestSupport

/// The log and the journal are private: created 0600 in a 0700 directory, and a looser file or
/// directory found on disk is tightened with a warning the caller can show.
@Suite("Private files")
struct JournalPermissionsTests {
    /// `dir/roster/NAME` with the directory and file at the given modes (set after creation, past the umask).
    func loose(_ dir: TemporaryDirectory, _ name: String, dirMode: mode_t = 0o777, fileMode: mode_t = 0o666) throws -> String {
        let folder = dir.path + "/roster"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data("{}\n".utf8))
        chmod(folder, dirMode)
        chmod(path, fileMode)
        return path
    }

    @Test("a 0666 file in a 0777 directory is tightened, one warning each")
    func tightened() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = try loose(dir, "journal.jsonl")
        let warnings = PrivateFiles.secure(path)
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.contains("directory \(dir.path)/roster had mode 0777") && $0.contains("0700") })
        #expect(warnings.contains { $0.contains("file \(path) had mode 0666") && $0.contains("0600") })
        #expect(try journalFileMode(path) == 0o600)
        #expect(try journalFileMode(dir.path + "/roster") == 0o700)
        #expect(PrivateFiles.secure(path).isEmpty, "nothing to say the second time")
    }

    @Test("private files, stricter files and missing files are left alone, silently")
    func leftAlone() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = try loose(dir, "roster.log", dirMode: 0o700, fileMode: 0o400)
        #expect(PrivateFiles.secure(path).isEmpty)
        #expect(try journalFileMode(path) == 0o400)
        #expect(PrivateFiles.secure(dir.path + "/missing/journal.jsonl").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/missing"), "nothing is created")
    }

    @Test("a symbolic link is not followed")
    func symlink() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let target = dir.path + "/elsewhere.txt"
        FileManager.default.createFile(atPath: target, contents: Data())
        chmod(target, 0o644)
        try FileManager.default.createDirectory(atPath: dir.path + "/roster", withIntermediateDirectories: true)
        chmod(dir.path + "/roster", 0o700)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/roster/roster.log", withDestinationPath: target)
        #expect(PrivateFiles.secure(dir.path + "/roster/roster.log").isEmpty)
        #expect(try journalFileMode(target) == 0o644)
    }

    @Test("the journal reports and fixes its permissions; appending keeps them private")
    func journal() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = try loose(dir, "journal.jsonl")
        let journal = Journal(path: path)
        #expect(journal.securePermissions().count == 2)
        chmod(path, 0o664)
        try journal.append(sampleEntry("7"))
        #expect(try journalFileMode(path) == 0o600, "append tightens too, for callers that did not ask")
        let fresh = Journal(path: dir.path + "/new/roster/journal.jsonl")
        try fresh.append(sampleEntry("8"))
        #expect(try journalFileMode(fresh.path) == 0o600)
        #expect(try journalFileMode(dir.path + "/new/roster") == 0o700)
    }

    @Test("the log is created private, and a loose one is tightened with warnings")
    func log() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let fresh = FileLogHandler.Sink(path: dir.path + "/state/roster/roster.log")
        #expect(fresh.warnings.isEmpty)
        #expect(try journalFileMode(dir.path + "/state/roster/roster.log") == 0o600)
        #expect(try journalFileMode(dir.path + "/state/roster") == 0o700)
        let path = try loose(dir, "roster.log")
        let sink = FileLogHandler.Sink(path: path)
        #expect(sink.warnings.count == 2)
        #expect(try journalFileMode(path) == 0o600)
        sink.write("line\n")
        #expect(try journalFileText(path) == "{}\nline\n", "appended, not truncated")
    }
}
