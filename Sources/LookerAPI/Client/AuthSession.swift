import Foundation

/// Holds the access token and renews it: 10 s before it expires, and on demand after a 401.
/// Concurrent callers share one login (single flight). The token never leaves this type except
/// into an `Authorization` header.
actor AuthSession {
    private var token: String?
    private var expiresAt: ContinuousClock.Instant?
    private var inflight: Task<(String, Int64?), any Error>?
    private let login: @Sendable () async throws -> AccessToken
    /// Renew this long before the server's expiry, as the Looker SDKs do.
    static let lag: Duration = .seconds(10)

    init(login: @escaping @Sendable () async throws -> AccessToken) {
        self.login = login
    }

    func currentToken() -> String? { token }

    /// A token valid for at least `lag` more.
    func validToken() async throws -> String {
        if let token, let expiresAt, ContinuousClock.now + Self.lag < expiresAt {
            return token
        }
        if let inflight { return try await inflight.value.0 }
        let login = self.login
        let task = Task { () async throws -> (String, Int64?) in
            let answer = try await login()
            guard let t = answer.accessToken, !t.isEmpty else {
                throw LookerError.undecodable(status: 200, firstLine: "login answer without access_token")
            }
            return (t, answer.expiresIn)
        }
        inflight = task
        let started = ContinuousClock.now
        do {
            let (value, expiresIn) = try await task.value
            // expires_in is counted from when we asked, which errs on the safe side.
            token = value
            expiresAt = started + .seconds(expiresIn ?? 3600)
            inflight = nil
            return value
        } catch {
            inflight = nil
            throw error
        }
    }

    /// Forget the token (after a 401), so the next call logs in again.
    func invalidate(_ failed: String) {
        if token == failed {
            token = nil
            expiresAt = nil
        }
    }

    func clear() -> String? {
        defer { token = nil; expiresAt = nil }
        return token
    }
}
