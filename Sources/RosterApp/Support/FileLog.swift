import Foundation
import Logging
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

/// A log handler appending lines to a file (mode 600). Never the terminal while the TUI runs.
public struct FileLogHandler: LogHandler {
    final class Sink: Sendable {
        let handle: Mutex<FileHandle?>
        init(path: String) {
            let dir = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
            if !FileManager.default.fileExists(atPath: path) {
                FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            let h = FileHandle(forWritingAtPath: path)
            _ = try? h?.seekToEnd()
            handle = Mutex(h)
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

    public static func bootstrap(path: String, level: Logger.Level) {
        let sink = Sink(path: path)
        LoggingSystem.bootstrap { label in
            var h = FileLogHandler(label: label, sink: sink)
            h.logLevel = level
            return h
        }
    }

    init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let meta = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter().string(from: Date())
        sink.write("\(stamp) \(event.level) \(label): \(event.message)\(meta)\n")
    }
}
