import Foundation

/// Appends one JSON line per request to a file, creating it when missing.
final class RequestLogFile: @unchecked Sendable {
    // Only ever touched from inside the `LookerEmulator` actor, which serialises all access.
    private let handle: FileHandle

    struct OpenError: Error, CustomStringConvertible {
        let path: String
        var description: String { "cannot open request log \(path)" }
    }

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { throw OpenError(path: path) }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw OpenError(path: path) }
        _ = try? handle.seekToEnd()
        self.handle = handle
    }

    func append(_ entry: LoggedRequest) {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("method")
        writer.string(entry.method)
        writer.key("path")
        writer.string(entry.path)
        writer.key("query")
        writer.string(entry.query)
        writer.key("body")
        writer.string(entry.body)
        writer.key("status")
        writer.int(entry.status)
        writer.endObject()
        var line = writer.bytes
        line.append(UInt8(ascii: "\n"))
        try? handle.write(contentsOf: Data(line))
    }

    func close() {
        try? handle.close()
    }
}
