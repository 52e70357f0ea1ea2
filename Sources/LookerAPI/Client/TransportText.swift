import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// Network failures in plain words, naming the server: "cannot connect to acme.looker.com:443:
/// connection refused", "acme.looker.com: timed out after 5 s", "cannot resolve acme.looker.com".
///
/// The errors come from several layers (the HTTP client, NIO's sockets and resolver, TLS), often
/// nested: a connection error wraps the socket error of each address tried. The nested ones are
/// found by reflection, so the client needs no dependency on the socket layer's module.
struct TransportText {
    /// `host` or `host:port` as written in `base_url`.
    let server: String
    let connectTimeout: Duration
    /// The whole-request deadline, named when the HTTP library reports it before our own watchdog.
    let requestTimeout: Duration?

    init(baseURL: String, connectTimeout: Duration, requestTimeout: Duration? = nil) {
        let parts = URLComponents(string: baseURL)
        let host = parts?.host ?? baseURL
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        server = parts?.port.map { "\(shown):\($0)" } ?? shown
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
    }

    func describe(_ error: any Error) -> String {
        if error is CancellationError { return "cancelled" }
        if let e = error as? Exchange.Expired {
            switch e {
            case .deadline(let d): return "\(server): timed out after \(d.spoken)"
            case .stalled(let d): return "\(server): the answer stalled (no data for \(d.spoken))"
            case .tooLarge(let n): return "\(server): the answer is larger than \(n >> 20) MiB"
            }
        }
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout: return "cannot connect to \(server): timed out after \(connectTimeout.spoken)"
            case .tlsHandshakeTimeout: return "\(server): TLS: handshake timed out"
            case .readTimeout, .deadlineExceeded: return "\(server): timed out" + (requestTimeout.map { " after \($0.spoken)" } ?? "")
            case .remoteConnectionClosed: return "\(server): the server closed the connection"
            case .cancelled: return "cancelled"
            default: break
            }
        }
        if let tls = Self.tlsText(error) { return "\(server): TLS: \(tls) (verify_ssl=false accepts self-signed certificates)" }
        if Self.find(SocketAddressError.self, in: error) != nil || Self.find(SocketAddressError.UnknownHost.self, in: error) != nil {
            return "cannot resolve \(hostOnly)"
        }
        if let io = Self.find(IOError.self, in: error) {
            return Self.connectErrnos.contains(io.errnoCode)
                ? "cannot connect to \(server): \(Self.errnoText(io.errnoCode))"
                : "\(server): \(Self.errnoText(io.errnoCode))"
        }
        if let e = error as? HTTPClientError { return "\(server): \(e.shortDescription)" }
        let text = String(describing: error)
        return "\(server): " + (text.count > 200 ? String(text.prefix(200)) + "…" : text)
    }

    private var hostOnly: String {
        if server.hasPrefix("["), let end = server.firstIndex(of: "]") { return String(server[...end]) }
        return server.split(separator: ":").first.map(String.init) ?? server
    }

    /// Errors that mean no connection was made (as opposed to one that broke).
    static let connectErrnos: Set<CInt> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EADDRNOTAVAIL]

    static func errnoText(_ code: CInt) -> String {
        switch code {
        case ECONNREFUSED: "connection refused"
        case ECONNRESET, EPIPE: "connection reset"
        case EHOSTUNREACH: "host unreachable"
        case ENETUNREACH: "network unreachable"
        case ETIMEDOUT: "timed out"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// The TLS failure in words, when the error is one.
    static func tlsText(_ error: any Error) -> String? {
        if let e = find(NIOSSLExtraError.self, in: error) {
            return e == .failedToValidateHostname ? "certificate is for another host name" : "\(e)"
        }
        guard let e = find(NIOSSLError.self, in: error) else { return nil }
        let text = String(describing: e)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return "certificate not trusted"
        }
        if case .handshakeFailed = e { return "handshake failed" }
        return "connection failed"
    }

    /// `error` itself or a value of type `T` nested in it (a few levels deep, arrays included).
    static func find<T>(_ type: T.Type, in value: Any, depth: Int = 4) -> T? {
        if let hit = value as? T { return hit }
        guard depth > 0 else { return nil }
        for child in Mirror(reflecting: value).children {
            if let hit = find(type, in: child.value, depth: depth - 1) { return hit }
        }
        return nil
    }
}
