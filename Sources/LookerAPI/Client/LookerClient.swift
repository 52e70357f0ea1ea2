import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

/// The async client for Looker API 4.0. Knows nothing of any screen.
///
/// Guarantees: logs in on first use and again 10 s before the token expires or once after a 401;
/// retries per `RetryPolicy`; turns every failure into a `LookerError`; when `readOnly` is set,
/// refuses any method but GET (login and logout excepted) before anything is sent. Secrets never
/// reach the log or an error message.
public final class LookerClient: Sendable {
    public let config: LookerConfig
    public let readOnly: Bool
    let http: HTTPClient
    let retry: RetryPolicy
    let logger: Logger
    let onEvent: @Sendable (ClientEvent) -> Void
    let auth: AuthSession
    static let apiPath = "/api/4.0"
    static let userAgent = "roster/" + RosterVersion.string

    public init(config: LookerConfig, readOnly: Bool, retry: RetryPolicy = .standard,
                logger: Logger = Logger(label: "roster.client"),
                onEvent: @escaping @Sendable (ClientEvent) -> Void = { _ in }) {
        self.config = config
        self.readOnly = readOnly
        self.retry = retry
        self.logger = logger
        self.onEvent = onEvent
        var tls = TLSConfiguration.makeClientConfiguration()
        if !config.verifySSL { tls.certificateVerification = .none }
        var conf = HTTPClient.Configuration(tlsConfiguration: tls)
        conf.timeout = .init(connect: .seconds(Int64(min(config.timeoutSeconds, 30))),
                             read: .seconds(Int64(config.timeoutSeconds)))
        conf.httpVersion = .http1Only
        // A refused connection is reported at once; RetryPolicy alone decides about retrying.
        conf.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: conf)
        self.http = http
        let loginConfig = config
        let loginLogger = logger
        let loginRetry = retry
        let loginEvent = onEvent
        self.auth = AuthSession(login: {
            try await LookerClient.performLogin(http: http, config: loginConfig, retry: loginRetry,
                                                logger: loginLogger, onEvent: loginEvent)
        })
    }

    /// Logs out (best effort) and releases the connection pool. Call once, at the end.
    public func shutdown() async {
        if let token = await auth.clear() {
            var req = HTTPClientRequest(url: config.baseURL + Self.apiPath + "/logout")
            req.method = .DELETE
            req.headers.add(name: "Authorization", value: "Bearer \(token)")
            req.headers.add(name: "User-Agent", value: Self.userAgent)
            _ = try? await http.execute(req, timeout: .seconds(5))
        }
        try? await http.shutdown()
    }

    /// Logs in now (normally implicit). Throws `.loginFailed` for bad keys.
    public func login() async throws(LookerError) {
        do { _ = try await auth.validToken() } catch { throw Self.wrap(error) }
    }

    // MARK: - Sending

    public enum Method: String, Sendable { case GET, POST, PATCH, PUT, DELETE }

    struct Answer {
        var status: Int
        var body: ByteBuffer
    }

    /// Sends one authenticated call with the retry policy; returns a 2xx answer or throws.
    func send(_ method: Method, _ path: String, query: [(String, String?)] = [], json: Data? = nil) async throws(LookerError) -> Answer {
        if readOnly && method != .GET {
            logger.info("refused in read-only mode", metadata: ["method": "\(method.rawValue)", "path": "\(path)"])
            throw .readOnly(method: method.rawValue, path: path)
        }
        let url = config.baseURL + Self.apiPath + path + Self.queryString(query)
        var rateAttempts = 0
        var transientAttempts = 0
        var reauthenticated = false
        while true {
            let token: String
            do { token = try await auth.validToken() } catch { throw Self.wrap(error) }
            var req = HTTPClientRequest(url: url)
            req.method = HTTPMethod(rawValue: method.rawValue)
            req.headers.add(name: "Authorization", value: "Bearer \(token)")
            req.headers.add(name: "User-Agent", value: Self.userAgent)
            req.headers.add(name: "x-looker-appid", value: Self.userAgent)
            req.headers.add(name: "Accept", value: "application/json")
            if let json {
                req.headers.add(name: "Content-Type", value: "application/json")
                req.body = .bytes(ByteBuffer(data: json))
            }
            let started = ContinuousClock.now
            let status: Int
            let body: ByteBuffer
            let retryAfter: String?
            do {
                (status, retryAfter, body) = try await Self.exchange(http, req, timeoutSeconds: config.timeoutSeconds, limit: 256 << 20)
            } catch {
                let what = Self.describeTransport(error)
                logger.warning("request failed", metadata: ["method": "\(method.rawValue)", "path": "\(path)", "error": "\(what)"])
                if method == .GET, transientAttempts < retry.maxRetries {
                    let delay = retry.delay(attempt: transientAttempts, retryAfterSeconds: nil)
                    transientAttempts += 1
                    onEvent(.retrying(reason: what, retryIn: delay, attempt: transientAttempts, of: retry.maxRetries))
                    try await wait(delay)
                    continue
                }
                throw .transport(what)
            }
            logger.debug("answer", metadata: ["method": "\(method.rawValue)", "path": "\(path)", "status": "\(status)",
                                              "elapsed": "\(ContinuousClock.now - started)"])
            switch status {
            case 200..<300:
                return Answer(status: status, body: body)
            case 401 where !reauthenticated:
                reauthenticated = true
                await auth.invalidate(token)
                continue
            case 429 where rateAttempts < retry.maxRetries:
                let delay = retry.delay(attempt: rateAttempts, retryAfterSeconds: RetryPolicy.parseRetryAfter(retryAfter))
                rateAttempts += 1
                onEvent(.rateLimited(retryIn: delay, attempt: rateAttempts, of: retry.maxRetries))
                try await wait(delay)
                continue
            case 503 where method == .GET && transientAttempts < retry.maxRetries:
                let delay = retry.delay(attempt: transientAttempts, retryAfterSeconds: RetryPolicy.parseRetryAfter(retryAfter))
                transientAttempts += 1
                onEvent(.retrying(reason: "503 service unavailable", retryIn: delay, attempt: transientAttempts, of: retry.maxRetries))
                try await wait(delay)
                continue
            default:
                throw Self.error(status: status, body: body)
            }
        }
    }

    private func wait(_ delay: Duration) async throws(LookerError) {
        do { try await retry.sleep(delay) } catch { throw .transport("cancelled") }
    }

    static func performLogin(http: HTTPClient, config: LookerConfig, retry: RetryPolicy, logger: Logger,
                             onEvent: @escaping @Sendable (ClientEvent) -> Void) async throws -> AccessToken {
        var req = HTTPClientRequest(url: config.baseURL + apiPath + "/login")
        req.method = .POST
        req.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        req.headers.add(name: "User-Agent", value: userAgent)
        req.headers.add(name: "Accept", value: "application/json")
        let form = "client_id=\(formEncode(config.clientID))&client_secret=\(formEncode(config.clientSecret))"
        var attempts = 0
        while true {
            req.body = .bytes(ByteBuffer(string: form))
            let status: Int
            let body: ByteBuffer
            let retryAfter: String?
            do {
                (status, retryAfter, body) = try await exchange(http, req, timeoutSeconds: config.timeoutSeconds, limit: 1 << 20)
            } catch {
                throw LookerError.transport(describeTransport(error))
            }
            switch status {
            case 200..<300:
                guard let token = try? JSONDecoder().decode(AccessToken.self, from: body) else {
                    throw LookerError.undecodable(status: status, firstLine: firstLine(body))
                }
                logger.info("logged in", metadata: ["base_url": "\(config.baseURL)", "expires_in": "\(token.expiresIn ?? -1)"])
                onEvent(.loggedIn)
                return token
            case 404, 401, 403:
                logger.warning("login failed", metadata: ["base_url": "\(config.baseURL)", "status": "\(status)"])
                throw LookerError.loginFailed(baseURL: config.baseURL)
            case 429 where attempts < retry.maxRetries:
                let delay = retry.delay(attempt: attempts, retryAfterSeconds: RetryPolicy.parseRetryAfter(retryAfter))
                attempts += 1
                onEvent(.rateLimited(retryIn: delay, attempt: attempts, of: retry.maxRetries))
                try await retry.sleep(delay)
            default:
                throw error(status: status, body: body)
            }
        }
    }

    // MARK: - Helpers

    /// One request and its whole answer: status, `Retry-After`, body (at most `limit` bytes).
    static func exchange(_ http: HTTPClient, _ req: HTTPClientRequest, timeoutSeconds: Int,
                         limit: Int) async throws -> (Int, String?, ByteBuffer) {
        let response = try await http.execute(req, timeout: .seconds(Int64(timeoutSeconds)))
        let body = try await response.body.collect(upTo: limit)
        return (Int(response.status.code), response.headers.first(name: "Retry-After"), body)
    }

    /// Any error from a call or a page sequence, as a `LookerError`.
    public static func wrap(_ error: any Error) -> LookerError {
        if let e = error as? LookerError { return e }
        if error is CancellationError { return .transport("cancelled") }
        return .transport(describeTransport(error))
    }

    static func describeTransport(_ error: any Error) -> String {
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout: return "connection timed out"
            case .readTimeout, .deadlineExceeded: return "timed out waiting for the server"
            case .remoteConnectionClosed: return "the server closed the connection"
            case .cancelled: return "cancelled"
            default: return String(describing: e)
            }
        }
        if let e = error as? IOError {
            return "cannot connect: \(e.description)"
        }
        if error is NIOSSLError { return "TLS error: \(error) (verify_ssl=false accepts self-signed certificates)" }
        if error is CancellationError { return "cancelled" }
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// Maps an error answer to a `LookerError`. HTML or garbage bodies keep their first line as the message.
    static func error(status: Int, body: ByteBuffer) -> LookerError {
        if status == 422 {
            if let v = try? JSONDecoder().decode(ValidationError.self, from: body) {
                let fields = (v.errors ?? []).map {
                    FieldError(field: $0.field ?? "", code: $0.code, message: $0.message ?? $0.code ?? "invalid",
                               documentationURL: $0.documentationURL)
                }
                return .validation(ServerMessage(message: v.message, documentationURL: v.documentationURL), fields)
            }
            return .validation(ServerMessage(message: firstLine(body)), [])
        }
        let message: ServerMessage
        if let e = try? JSONDecoder().decode(LookerErrorBody.self, from: body), e.message != nil || e.documentationURL != nil {
            message = ServerMessage(message: e.message, documentationURL: e.documentationURL)
        } else {
            let line = firstLine(body)
            message = ServerMessage(message: line.isEmpty ? nil : line)
        }
        switch status {
        case 400: return .badRequest(message)
        case 401: return .unauthorized(message)
        case 403: return .forbidden(message)
        case 404: return .notFound(message)
        case 409: return .conflict(message)
        case 429: return .rateLimited(message)
        default: return .server(status: status, message)
        }
    }

    /// The first non-empty line of a body, markup tags removed, at most 200 characters.
    static func firstLine(_ body: ByteBuffer) -> String {
        let text = String(decoding: body.readableBytesView.prefix(4096), as: UTF8.self)
        var stripped = ""
        var inTag = false
        var tag = ""
        for ch in text {
            if ch == "<" { inTag = true; tag = ""; continue }
            // A block tag ends a line, so a one-line page gives its heading, not all its text run together.
            if ch == ">" { inTag = false; stripped.append(inlineTags.contains(tagName(tag)) ? " " : "\n"); continue }
            if inTag { tag.append(ch) } else { stripped.append(ch) }
        }
        let line = stripped.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? ""
        let collapsed = line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return collapsed.count > 200 ? String(collapsed.prefix(200)) + "…" : collapsed
    }

    static let inlineTags: Set<String> = ["a", "abbr", "b", "code", "em", "font", "i", "small", "span", "strong", "sub", "sup", "tt", "u"]

    /// `"/h1 class=x"` → `"h1"`.
    static func tagName(_ tag: String) -> String {
        String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
    }

    static let queryAllowed: CharacterSet = {
        var s = CharacterSet.alphanumerics
        s.insert(charactersIn: "-._~,()*")
        return s
    }()

    static func formEncode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: queryAllowed.subtracting(CharacterSet(charactersIn: ",()*"))) ?? ""
    }

    static func queryString(_ query: [(String, String?)]) -> String {
        let parts = query.compactMap { k, v -> String? in
            guard let v else { return nil }
            return "\(k)=\(v.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? "")"
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    static func pathComponent(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: queryAllowed.subtracting(CharacterSet(charactersIn: ",()*"))) ?? s
    }

    func decode<T: Decodable>(_ type: T.Type, _ answer: Answer) throws(LookerError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: answer.body)
        } catch {
            throw .undecodable(status: answer.status, firstLine: Self.firstLine(answer.body))
        }
    }

    func encode<T: Encodable>(_ value: T) -> Data {
        (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
    }
}
