import Foundation
import Logging
import RosterCore
import ScreenKit
import Synchronization

/// Where Roster keeps its state: `$XDG_STATE_HOME/roster` (default `~/.local/state/roster`).
public enum StatePaths {
    public static func directory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/roster" }
        return (environment["HOME"] ?? NSTemporaryDirectory()) + "/.local/state/roster"
    }
    public static func log(environment: [String: String]) -> String { directory(environment: environment) + "/roster.log" }
    public static func journal(environment: [String: String]) -> String { directory(environment: environment) + "/journal.jsonl" }
}

/// A log handler appending lines to a file (mode 0600 in a 0700 directory, tightened when found
/// looser). Never the terminal while the TUI runs. Lines are sanitized like the screen: messages
/// carry server text, and someone will `cat` or `tail -f` the log in a terminal.
public struct FileLogHandler: LogHandler {
    final class Sink: Sendable {
        let handle: Mutex<FileHandle?>
        /// What was tightened (or could not be) when the file was opened.
        let warnings: [String]

        init(path: String) {
            try? PrivateFiles.createDirectory(of: path)
            warnings = PrivateFiles.secure(path)
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, PrivateFiles.fileMode)
            handle = Mutex(fd >= 0 ? FileHandle(fileDescriptor: fd, closeOnDealloc: true) : nil)
        }
        func write(_ line: String) {
            handle.withLock { h in h?.write(Data(line.utf8)) }
        }
    }

    let label: String
    let sink: Sink
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Sends every logger to the file at `path`; returns the warnings about its permissions
    /// (tightened, or could not be), for the caller to show where the user will see them.
    @discardableResult
    public static func bootstrap(path: String, level: Logger.Level) -> [String] {
        let sink = Sink(path: path)
        LoggingSystem.bootstrap { label in
            var h = FileLogHandler(label: label, sink: sink)
            h.logLevel = level
            return h
        }
        return sink.warnings
    }

    init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let meta = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter().string(from: Date())
        sink.write(DisplayText.sanitize("\(stamp) \(event.level) \(label): \(event.message)\(meta)") + "\n")
    }
}
