import Foundation
import Sandbox

/// The sandbox's request log as tests read it, and the barrier that makes it complete: a marker
/// request sent after everything under test, waited for in the log, so every earlier request has
/// been logged by then (the sandbox serves and logs one request at a time, and a marker goes through
/// the same latency as every request).
public enum RequestLog {
    /// The entries of a `--request-log` file, oldest first (an unfinished last line is skipped).
    public static func read(_ path: String) -> [LoggedRequest] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(LoggedRequest.self, from: Data($0.utf8)) }
    }

    /// Sends a marker request to the sandbox at `baseURL` (a fresh path under
    /// `Sandbox.markerPathPrefix`, answered 200) and returns its path.
    public static func sendMarker(to baseURL: String) throws -> String {
        let path = Sandbox.markerPathPrefix + UUID().uuidString
        let status = try PlainHTTP.get(baseURL: baseURL, path: path)
        guard status == 200 else { throw MarkerError.notAnswered(status) }
        return path
    }

    /// The requests logged before a marker sent now: waits (at most `seconds`) until the marker is
    /// in what `entries` reads, then returns what came before it, earlier markers left out; nil when
    /// it never showed.
    public static func before(marker baseURL: String, seconds: Double = 30,
                              _ entries: () -> [LoggedRequest]) throws -> [LoggedRequest]? {
        let marker = try sendMarker(to: baseURL)
        var logged: [LoggedRequest] = []
        guard Wait.until(seconds: seconds, { logged = entries(); return logged.contains { $0.path == marker } }) else { return nil }
        return logged.prefix { $0.path != marker }.filter { !$0.isMarker }
    }

    enum MarkerError: Error { case notAnswered(Int) }
}

extension Sandbox {
    /// Every request logged before a marker sent now, earlier markers left out (see ``RequestLog``);
    /// nil when the marker never showed within `timeout`.
    public func requestsBeforeMarker(timeout: Duration = .seconds(30)) async throws -> [LoggedRequest]? {
        let marker = try RequestLog.sendMarker(to: baseURL)
        var logged: [LoggedRequest] = []
        guard try await Wait.until(within: timeout, { logged = await requests(); return logged.contains { $0.path == marker } }) else {
            return nil
        }
        return logged.prefix { $0.path != marker }.filter { !$0.isMarker }
    }
}

extension LoggedRequest {
    /// Whether the request could change something on the server: anything but a GET (a marker is
    /// one), a login and a logout.
    public var mayChange: Bool {
        !(method == "GET" || (method == "POST" && path.hasSuffix("/login")) || (method == "DELETE" && path.hasSuffix("/logout")))
    }

    /// A test's marker request (see ``RequestLog``).
    public var isMarker: Bool { method == "GET" && path.hasPrefix(Sandbox.markerPathPrefix) }

    /// `METHOD /path`, for messages.
    public var line: String { "\(method) \(path)" }
}

/// One blocking HTTP/1.1 GET over loopback, for the marker: no client library, no event loop.
enum PlainHTTP {
    struct Failure: Error { let what: String }

    /// The answer's status code.
    static func get(baseURL: String, path: String, timeoutSeconds: Int = 30) throws -> Int {
        guard let url = URLComponents(string: baseURL), let port = url.port else { throw Failure(what: "no port in \(baseURL)") }
        let host = url.host ?? "127.0.0.1"
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(what: "connect to \(baseURL): errno \(errno)") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(what: "write") }
            sent += n
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            answer += buffer[0..<n]
            if answer.contains(0x0A) { break }   // the status line is all we need
        }
        // "HTTP/1.1 200 OK"
        let statusLine = String(decoding: answer.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure(what: "no status line: \(statusLine)") }
        return status
    }
}
