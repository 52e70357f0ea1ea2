import Foundation
import LookerAPI
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One session, as written to serve.jsonl and the log when it ends. Nothing secret: the key's
/// fingerprint and comment, never the key material or the Looker credentials.
public struct SessionRecord: Sendable, Equatable {
    public var start = Date()
    public var end: Date?
    public var remote: String
    public var viewer: String
    public var fingerprint: String
    public var term: String?
    public var size: String?
    public var pid: Int?
    public var bytesSent = 0
    public var bytesReceived = 0
    /// The child's exit code, "refused: …", or "disconnected".
    public var exit: String?
    /// Why the server ended it, when it did (idle timeout, server shutdown).
    public var endedBy: String?

    public init(identity: SessionIdentity) {
        remote = identity.remote
        viewer = identity.viewer
        fingerprint = identity.fingerprint
    }

    /// The longest text field written; longer ones (a client's TERM, a refusal) are cut, marked `…`.
    public static let maxField = 200

    /// One line of JSON by the CLI's rule (`JSONPassThrough`): inside strings, C0 and C1 controls,
    /// DEL, bidi controls, U+2028/U+2029 and zero-width characters are written as `\uXXXX`, so
    /// `tail -f serve.jsonl` in a terminal shows text only. Text fields are at most `maxField` long.
    public var jsonLine: String {
        func text(_ value: String) -> JSONScalar {
            .string(value.count > Self.maxField ? String(value.prefix(Self.maxField - 1)) + "…" : value)
        }
        var object: [String: JSONScalar] = [
            "start": .string(Self.format(start)), "remote": text(remote), "viewer": text(viewer),
            "fingerprint": text(fingerprint), "bytes_sent": .int(bytesSent), "bytes_received": .int(bytesReceived),
        ]
        if let end {
            object["end"] = .string(Self.format(end))
            object["seconds"] = .double((end.timeIntervalSince(start) * 1000).rounded() / 1000)
        }
        if let term { object["term"] = text(term) }
        if let size { object["size"] = text(size) }
        if let pid { object["pid"] = .int(pid) }
        if let exit { object["exit"] = text(exit) }
        if let endedBy { object["ended_by"] = text(endedBy) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(object)) ?? Data("{}".utf8)
        let safe = try? data.withUnsafeBytes { raw throws(JSONPassThrough.Malformed) in try JSONPassThrough.sanitize(document: raw) }
        return String(decoding: safe ?? Array("{}".utf8), as: UTF8.self)
    }

    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}

enum JSONScalar: Encodable {
    case string(String), int(Int), double(Double)
    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        }
    }
}

/// Appends session records to `serve.jsonl` (mode 600, O_APPEND so lines never interleave).
public final class SessionLog: Sendable {
    private let fd: Mutex<Int32>

    public init(path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        fd = Mutex(open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600))
    }

    deinit { fd.withLock { if $0 >= 0 { close($0) } } }

    public func append(_ record: SessionRecord) {
        let line = Array((record.jsonLine + "\n").utf8)
        fd.withLock { fd in
            guard fd >= 0 else { return }
            _ = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        }
    }
}
