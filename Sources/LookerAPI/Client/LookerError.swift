/// What the server said about a failure, as far as it said anything. Both strings are untrusted
/// text: sanitize them before they reach a terminal.
public struct ServerMessage: Sendable, Equatable {
    public var message: String?
    public var documentationURL: String?
    /// The `Retry-After` of a 429 (delta-seconds), when the server sent one: a caller pacing many
    /// requests (a bulk run) waits that long before sending again.
    public var retryAfterSeconds: Double?
    public init(message: String? = nil, documentationURL: String? = nil, retryAfterSeconds: Double? = nil) {
        self.message = message
        self.documentationURL = documentationURL
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// One field's complaint from a 422 answer.
public struct FieldError: Sendable, Equatable {
    public var field: String
    public var code: String?
    public var message: String
    public var documentationURL: String?
    public init(field: String, code: String? = nil, message: String, documentationURL: String? = nil) {
        self.field = field
        self.code = code
        self.message = message
        self.documentationURL = documentationURL
    }
}

/// The one error type of the client layer. Every failure of a call is one of these; the messages
/// never contain a secret (client_secret, access token, reset URL).
public enum LookerError: Error, Sendable, Equatable {
    /// 422: the top-level message (generic, "Validation Failed") and the useful per-field errors.
    case validation(ServerMessage, [FieldError])
    case badRequest(ServerMessage)              // 400
    case unauthorized(ServerMessage)            // 401 after a fresh login
    case forbidden(ServerMessage)               // 403
    case notFound(ServerMessage)                // 404
    case conflict(ServerMessage)                // 409
    case rateLimited(ServerMessage)             // 429 after every retry
    case server(status: Int, ServerMessage)     // 5xx and other unexpected statuses
    case transport(String)                      // no answer: connection refused, timeout, TLS
    case undecodable(status: Int, firstLine: String) // a 2xx answer that is not the expected JSON
    case loginFailed(baseURL: String)           // /login answered 404: wrong client_id/client_secret
    case readOnly(method: String, path: String) // refused before sending: the client is read-only

    /// The HTTP status the error came with, when there was one.
    public var status: Int? {
        switch self {
        case .validation: 422
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .conflict: 409
        case .rateLimited: 429
        case .server(let s, _): s
        case .undecodable(let s, _): s
        case .transport, .loginFailed, .readOnly: nil
        }
    }

    public var serverMessage: ServerMessage? {
        switch self {
        case .validation(let m, _), .badRequest(let m), .unauthorized(let m), .forbidden(let m),
             .notFound(let m), .conflict(let m), .rateLimited(let m), .server(_, let m):
            m
        default: nil
        }
    }

    /// A one-line summary for a status line or stderr. Contains untrusted server text: sanitize it.
    public var summary: String {
        func with(_ what: String, _ m: ServerMessage) -> String {
            guard let text = m.message, !text.isEmpty else { return what }
            return "\(what): \(text)"
        }
        switch self {
        case .validation(let m, let errors):
            let head = with("422 validation failed", m)
            let details = errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
            return details.isEmpty ? head : "\(head) (\(details))"
        case .badRequest(let m): return with("400 bad request", m)
        case .unauthorized(let m): return with("401 unauthorized", m)
        case .forbidden(let m): return with("403 forbidden", m)
        case .notFound(let m): return with("404 not found", m)
        case .conflict(let m): return with("409 conflict", m)
        case .rateLimited(let m): return with("429 still rate limited after retries", m)
        case .server(let s, let m): return with("\(s) server error", m)
        case .transport(let what): return "network error: \(what)"
        case .undecodable(let s, let line): return "\(s): unexpected answer: \(line)"
        case .loginFailed(let url): return "login failed: check client_id/client_secret for \(url)"
        case .readOnly(let method, let path): return "refused in read-only mode: \(method) \(path)"
        }
    }
}
