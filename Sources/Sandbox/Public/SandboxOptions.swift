import Foundation

/// How a ``Sandbox`` is set up: where it listens, what data it seeds and which misbehaviour it simulates.
///
/// Every knob has a default that gives a well-behaved server with 500 users, so tests only set what they exercise.
public struct SandboxOptions: Sendable {
    /// Interface to bind; the sandbox is meant for loopback only.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 lets the system pick a free one (read it back from ``Sandbox/baseURL``).
    public var port: Int = 0
    /// Number of seeded users, the API admin (id 1) included. Hostile users come on top.
    ///
    /// Rough shares, for filters and bulk actions to find (counts for the default 500 users, seed 1):
    /// - logins: email only 71% (354), email and single sign-on 11% (53), single sign-on only 16% (79; SAML,
    ///   Google, OIDC or LDAP, each with an `email`), none 3% (14);
    /// - last login: within the two years before ``now``, most within 90 days; never logged in (null everywhere,
    ///   pending account setups included) 10–15% (64); not seen for 90 days but logged in before 38% (189);
    /// - disabled 3% (14), forced password reset on about 8% of email logins (31), pending account setup (27);
    /// - email logins at `acme.com` about 75% (306 of 407), the rest at `acme.co.uk`, `corp.example.com`, `globex.io`;
    /// - duplicates: from ids 50, 150, 250, … the next email-login user re-uses an earlier user's address in
    ///   another case (`Dana.Lee@acme.com` beside `dana.lee@acme.com`, same names: 5 pairs); from ids 75, 175,
    ///   … the next single-sign-on-only user has such an address, so giving them an email login answers 422 (5).
    public var users: Int = 500
    /// Seed of the data generator: the same seed gives the same users on every platform (dates as offsets from ``now``).
    public var seed: UInt64 = 1
    /// The moment the seeded dates count back from: accounts are created 30 days to 10 years before it, last
    /// logins (`logged_in_at`) fall in the two years before it, written in the user's own timestamp spelling
    /// (one of four, see `TimestampStyle`). Defaults to the current time; tests pin it to get the same dates.
    public var now: Date = Date()
    /// Adds users whose names carry terminal escapes, bidi overrides, zero-width characters, emoji and more.
    public var hostileNames: Bool = false
    /// Delay added before every answer, in milliseconds.
    public var latencyMs: Int = 0
    /// Every Nth request (login excluded) answers 429; 0 turns rate limiting off.
    public var rateLimitEvery: Int = 0
    /// When set, 429 answers carry `Retry-After` with this many seconds (Looker promises no such header).
    public var retryAfterSeconds: Int? = nil
    /// Limits on single endpoints (e.g. 3 `send_password_reset` per 10 s), each answering 429 with `Retry-After`
    /// once full; independent of ``rateLimitEvery``. See ``EndpointLimit``.
    public var endpointLimits: [EndpointLimit] = []
    /// Lifetime of access tokens in seconds, reported as `expires_in` by `/login`.
    public var tokenTTL: Int = 3600
    /// Paths whose answers trickle: status and headers at once, then the body one byte a second.
    /// Patterns as in ``Fault/pathPattern`` (`users` is the listing, `users/*` one user; `*` is one segment).
    public var tricklePaths: [String] = []
    /// The pause between two trickled bytes, in milliseconds; longer than a client's patience it
    /// makes a body that stalls after its first byte.
    public var trickleIntervalMs: Int = 1_000
    /// Paths whose requests are read and never answered (until the sandbox stops), as a dead backend
    /// behind a live proxy does. Same patterns as ``tricklePaths``.
    public var hangPaths: [String] = []
    /// Delay before `DELETE /logout` is answered, in milliseconds (on top of ``latencyMs``).
    public var logoutDelayMs: Int = 0
    /// When set, one JSON line per request (method, path, query, body, status) is appended to this file.
    public var requestLogPath: String? = nil
    /// The API key's public half.
    public var clientID: String = "roster-sandbox"
    /// The API key's secret half; the default holds `#`, `;`, `=` and a space on purpose, as real secrets may.
    public var clientSecret: String = "s3cr3t #;= sandbox"

    public init() {}
}

/// One request as the sandbox saw it, for assertions and for the request log file.
///
/// The `Authorization` header is never recorded, and a `client_secret` in a login body or query reads `***`.
public struct LoggedRequest: Sendable, Codable, Equatable {
    /// HTTP method, upper case.
    public var method: String
    /// Path as sent, still percent-encoded, e.g. `/api/4.0/users`.
    public var path: String
    /// Raw query string without the leading `?`; empty when there was none.
    public var query: String
    /// Request body as text; nil when the request had none.
    public var body: String?
    /// HTTP status the sandbox answered with; 0 for a request it never answers (``SandboxOptions/hangPaths``).
    public var status: Int

    public init(method: String, path: String, query: String, body: String?, status: Int) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.status = status
    }
}

/// A canned answer for matching requests, standing in for a misbehaving proxy or a failing server.
///
/// Faults are consulted before authentication and rate limiting, in the order they were injected.
public struct Fault: Sendable {
    /// HTTP method to match, or `*` for any.
    public var method: String
    /// Path to match, e.g. `/api/4.0/users/*/credentials_email`; `*` matches exactly one segment.
    /// A pattern without the `/api/4.0` prefix matches paths relative to it.
    public var pathPattern: String
    /// Status to answer with.
    public var status: Int
    /// Body to answer with, sent as is.
    public var body: String
    /// `Content-Type` of the answer.
    public var contentType: String
    /// How many matching requests the fault still answers.
    public var remaining: Int

    public init(
        method: String = "*",
        pathPattern: String,
        status: Int,
        body: String = "",
        contentType: String = "text/html; charset=utf-8",
        remaining: Int = 1
    ) {
        self.method = method
        self.pathPattern = pathPattern
        self.status = status
        self.body = body
        self.contentType = contentType
        self.remaining = remaining
    }
}
