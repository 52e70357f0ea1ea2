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
///
/// Bounds: each attempt must finish (connect, headers, body) within `timeout`, and a body that
/// sends nothing for `min(timeout, 10 s)` fails it; the attempts of one call share a budget of
/// `timeout` plus the retry policy's backoff, so a dead or trickling server ends every call in
/// `.transport` within that. `shutdown()` returns within about 0.4 s whatever the server does.
public final class LookerClient: Sendable {
    public let config: LookerConfig
    public let readOnly: Bool
    let http: HTTPClient
    let retry: RetryPolicy
    let logger: Logger
    let onEvent: @Sendable (ClientEvent) -> Void
    let auth: AuthSession
    let timeout: Duration
    let transport: TransportText
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
        let timeout = Duration.seconds(max(1, config.timeoutSeconds))
        let connectTimeout = min(timeout, .seconds(30))
        // No read timeout: it restarts with every byte. `Exchange` bounds the whole attempt instead.
        conf.timeout = .init(connect: .nanoseconds(connectTimeout.nanoseconds))
        self.timeout = timeout
        let transport = TransportText(baseURL: config.baseURL, connectTimeout: connectTimeout, requestTimeout: timeout)
        self.transport = transport
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
            try await LookerClient.performLogin(http: http, config: loginConfig, retry: loginRetry, timeout: timeout,
                                                transport: transport, logger: loginLogger, onEvent: loginEvent)
        })
    }

    /// Logs out, best effort, within `logoutBudget` (tokens expire anyway, so a slow or dead server
    /// is not waited for), then releases the connection pool without waiting on requests in flight.
    /// Returns within `logoutBudget` + 0.1 s whatever the server does. Call once, at the end;
    /// `logoutBudget: .zero` skips the logout (for signals, which never wait for the network).
    public func shutdown(logoutBudget: Duration = .milliseconds(300)) async {
        if let token = await auth.clear(), logoutBudget > .zero {
            var req = HTTPClientRequest(url: config.baseURL + Self.apiPath + "/logout")
            req.method = .DELETE
            req.headers.add(name: "Authorization", value: "Bearer \(token)")
            req.headers.add(name: "User-Agent", value: Self.userAgent)
            let exchange = Exchange(deadline: .now + logoutBudget, timeout: logoutBudget, stall: logoutBudget, limit: 1 << 16)
            do {
                _ = try await exchange.run(http, req)
            } catch {
                logger.info("logout skipped", metadata: ["why": "\(transport.describe(error))"])
            }
        }
        // The pool's shutdown cancels what is in flight and closes connections; it runs on while
        // this returns (the task keeps the client alive until it is done).
        let http = self.http
        let closing = Task { try? await http.shutdown() }
        _ = try? await Exchange.race(watchdog: {
            try? await Task.sleep(for: .milliseconds(100))
            return CancellationError()
        }, operation: { await closing.value })
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
        // One budget for every attempt of this call; a wait the server asks for (429, Retry-After)
        // extends it.
        var budgetEnd = ContinuousClock.now + timeout + retry.backoffBudget
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
                let exchange = Exchange(deadline: min(started + timeout, budgetEnd), timeout: timeout,
                                        stall: Exchange.stallLimit(timeout: timeout), limit: 256 << 20)
                let answer = try await exchange.run(http, req)
                (status, retryAfter, body) = (answer.status, answer.retryAfter, answer.body)
            } catch {
                // Cancelled, or the client shut down under the call: nothing to retry.
                if Task.isCancelled || error is CancellationError || [.cancelled, .alreadyShutdown].contains(error as? HTTPClientError) {
                    throw .transport("cancelled")
                }
                let what = transport.describe(error)
                logger.warning("request failed", metadata: ["method": "\(method.rawValue)", "path": "\(path)", "error": "\(what)"])
                let delay = retry.delay(attempt: transientAttempts, retryAfterSeconds: nil)
                if method == .GET, transientAttempts < retry.maxRetries, fits(delay, before: budgetEnd) {
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
            case 429 where retry.retriesRateLimited && rateAttempts < retry.maxRetries:
                let delay = retry.delay(attempt: rateAttempts, retryAfterSeconds: RetryPolicy.parseRetryAfter(retryAfter))
                rateAttempts += 1
                budgetEnd += delay
                onEvent(.rateLimited(retryIn: delay, attempt: rateAttempts, of: retry.maxRetries))
                try await wait(delay)
                continue
            case 503 where method == .GET && transientAttempts < retry.maxRetries:
                let asked = RetryPolicy.parseRetryAfter(retryAfter)
                let delay = retry.delay(attempt: transientAttempts, retryAfterSeconds: asked)
                if asked != nil { budgetEnd += delay }
                guard fits(delay, before: budgetEnd) else { throw Self.error(status: status, body: body) }
                transientAttempts += 1
                onEvent(.retrying(reason: "503 service unavailable", retryIn: delay, attempt: transientAttempts, of: retry.maxRetries))
                try await wait(delay)
                continue
            default:
                throw Self.error(status: status, body: body, retryAfter: retryAfter)
            }
        }
    }

    /// Whether waiting `delay` still leaves a whole attempt (`timeout`) before the budget's end;
    /// a retry cut short by the budget would only fail later with less said.
    private func fits(_ delay: Duration, before budgetEnd: ContinuousClock.Instant) -> Bool {
        ContinuousClock.now + delay + timeout <= budgetEnd
    }

    private func wait(_ delay: Duration) async throws(LookerError) {
        do { try await retry.sleep(delay) } catch { throw .transport("cancelled") }
    }

    static func performLogin(http: HTTPClient, config: LookerConfig, retry: RetryPolicy, timeout: Duration,
                             transport: TransportText, logger: Logger,
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
                let exchange = Exchange(deadline: .now + timeout, timeout: timeout, stall: Exchange.stallLimit(timeout: timeout), limit: 1 << 20)
                let answer = try await exchange.run(http, req)
                (status, retryAfter, body) = (answer.status, answer.retryAfter, answer.body)
            } catch {
                throw LookerError.transport(Task.isCancelled ? "cancelled" : transport.describe(error))
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

    /// Any error from a call or a page sequence, as a `LookerError`.
    public static func wrap(_ error: any Error) -> LookerError {
        if let e = error as? LookerError { return e }
        if error is CancellationError { return .transport("cancelled") }
        let text = String(describing: error)
        return .transport(text.count > 200 ? String(text.prefix(200)) + "…" : text)
    }

    /// Maps an error answer to a `LookerError`. HTML or garbage bodies keep their first line as the message.
    static func error(status: Int, body: ByteBuffer, retryAfter: String? = nil) -> LookerError {
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
        case 429:
            var limited = message
            limited.retryAfterSeconds = RetryPolicy.parseRetryAfter(retryAfter)
            return .rateLimited(limited)
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

    /// Decodes a 2xx answer; a failure names the field (and, in a list, the record and its id,
    /// calling it a `noun`), or gives the body's first line when it is not JSON at all.
    func decode<T: Decodable>(_ type: T.Type, _ answer: Answer, noun: String = "record") throws(LookerError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: answer.body)
        } catch let error as DecodingError {
            let detail = DecodingText.describe(error, body: answer.body, noun: noun)
            throw .undecodable(status: answer.status, firstLine: detail ?? Self.firstLine(answer.body))
        } catch {
            throw .undecodable(status: answer.status, firstLine: Self.firstLine(answer.body))
        }
    }

    func encode<T: Encodable>(_ value: T) -> Data {
        (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
    }
}
