/// A rate limit on one API operation alone, independent of ``SandboxOptions/rateLimitEvery``, as a Looker
/// instance (or the proxy in front of it) may throttle a costly call such as sending reset emails.
///
/// The window slides: at most ``requests`` requests to the endpoint are let through in any stretch of
/// ``windowSeconds``. The next one answers 429 with a Looker-like `Error` body and, always,
/// `Retry-After: <whole seconds until the oldest admitted request leaves the window>` (rounded up, at least 1).
/// A refused request changes nothing and takes no slot. The limit counts requests to the endpoint from
/// every client and for every user id together, whether or not they later fail (401, 404, 422).
public struct EndpointLimit: Sendable, Equatable, CustomStringConvertible {
    /// The operations a limit can name; deliberately few, one per kind of call a bulk action makes.
    public enum Target: String, Sendable, CaseIterable {
        /// `POST /users/{id}/credentials_email/send_password_reset`.
        case sendPasswordReset = "send_password_reset"
        /// `POST /users/{id}/credentials_email/password_reset`.
        case passwordReset = "password_reset"
        /// Any method on `/users/{id}/credentials_email` itself (GET, POST, PATCH, DELETE).
        case credentialsEmail = "credentials_email"
        /// `PATCH /users/{id}` (disable, enable, rename); reading a user is not counted.
        case users
        /// `POST /login`.
        case login
        /// Any method on `/roles` and `/users/{id}/roles` (list, read, replace).
        case roles
        /// Any method on `/groups` and the paths below it (list, search, members, add, remove).
        case groups
        /// Any method on `/users/{id}/sessions` and the sessions below it.
        case sessions
        /// Any method on `/users/{id}/credentials_api3` and the keys below it.
        case credentialsAPI3 = "credentials_api3"
        /// Any method on `/user_attributes` and below.
        case userAttributes = "user_attributes"
        /// Any method on `/users/{id}/attribute_values` and below.
        case attributeValues = "attribute_values"
        /// Any method on `/scheduled_plans` and below.
        case scheduledPlans = "scheduled_plans"
        /// Any method on `/alerts/search` and `/alerts/{id}`.
        case alerts
        /// Any method on `/folders/{id}` and its children, dashboards and looks.
        case folders
        /// Any method on `/dashboards/{id}`.
        case dashboards
        /// Any method on `/looks/{id}`.
        case looks

        /// What the name covers, for help texts.
        public var summary: String {
            switch self {
            case .sendPasswordReset: "POST /users/{id}/credentials_email/send_password_reset"
            case .passwordReset: "POST /users/{id}/credentials_email/password_reset"
            case .credentialsEmail: "any method on /users/{id}/credentials_email"
            case .users: "PATCH /users/{id}"
            case .login: "POST /login"
            case .roles: "any method on /roles and /users/{id}/roles"
            case .groups: "any method on /groups and below"
            case .sessions: "any method on /users/{id}/sessions and below"
            case .credentialsAPI3: "any method on /users/{id}/credentials_api3 and below"
            case .userAttributes: "any method on /user_attributes and below"
            case .attributeValues: "any method on /users/{id}/attribute_values and below"
            case .scheduledPlans: "any method on /scheduled_plans and below"
            case .alerts: "any method on /alerts/search and /alerts/{id}"
            case .folders: "any method on /folders/{id} and below"
            case .dashboards: "any method on /dashboards/{id}"
            case .looks: "any method on /looks/{id}"
            }
        }
    }

    /// Why a limit's spelling was refused.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public var target: Target
    /// How many requests the window admits; at least 1.
    public var requests: Int
    /// Length of the sliding window in seconds; may be fractional (tests use short windows).
    public var windowSeconds: Double

    public init(_ target: Target, requests: Int, windowSeconds: Double) {
        self.target = target
        self.requests = requests
        self.windowSeconds = windowSeconds
    }

    /// Reads `ENDPOINT=N/SECONDS`, e.g. `send_password_reset=3/10` (3 requests per 10 seconds).
    public init(parsing text: String) throws(ParseError) {
        let names = Target.allCases.map(\.rawValue).joined(separator: ", ")
        guard let equals = text.firstIndex(of: "="), let slash = text.lastIndex(of: "/"), equals < slash else {
            throw ParseError(description: "'\(text)' is not ENDPOINT=N/SECONDS, e.g. send_password_reset=3/10")
        }
        let name = String(text[..<equals])
        guard let target = Target(rawValue: name) else {
            throw ParseError(description: "unknown endpoint '\(name)' (known: \(names))")
        }
        guard let requests = Int(text[text.index(after: equals)..<slash]), requests >= 1 else {
            throw ParseError(description: "'\(text)': N must be a whole number of at least 1")
        }
        guard let seconds = Double(text[text.index(after: slash)...]), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw ParseError(description: "'\(text)': SECONDS must be a number above 0 and at most 86400")
        }
        self.init(target, requests: requests, windowSeconds: seconds)
    }

    public var description: String {
        let seconds = windowSeconds == windowSeconds.rounded() ? String(Int(windowSeconds)) : String(windowSeconds)
        return "\(target.rawValue)=\(requests)/\(seconds)"
    }
}
