/// The kinds of login a user can have, as `UserRow.logins` names them (plus `totp`, the second
/// factor, which Looker keeps as a credential of its own). `login:TYPE` takes these names.
public enum LoginKind: String, CaseIterable, Sendable, Hashable {
    case email, saml, google, oidc, ldap, looker_openid, workforce, embed, api, totp

    /// This kind's bit in a row's login mask.
    var bit: UInt16 { 1 << UInt16(Self.allCases.firstIndex(of: self)!) }

    /// The mask of a list of login names (unknown names are ignored).
    static func mask(_ names: [String], totp: Bool) -> UInt16 {
        var mask: UInt16 = totp ? LoginKind.totp.bit : 0
        for name in names { if let kind = LoginKind(rawValue: name) { mask |= kind.bit } }
        return mask
    }
}

/// One term of a filter: a qualifier or a piece of free text, possibly negated (`-`).
public struct QueryTerm: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Substring of the name or email, case-folded and NFC (as `UserRow` keys are).
        case text(String)
        /// `is:disabled` / `is:enabled`: only a known state matches (unknown matches neither).
        case disabled, enabled
        /// `has:email` (`no:email` is its negation): the user has an email/password login.
        case hasEmail
        /// `login:TYPE`.
        case login(LoginKind)
        /// `domain:acme.com`: the domain of the email login's address, lower-cased, exactly.
        case domain(String)
        /// `never-logged-in`: no credential has a login time.
        case neverLoggedIn
        /// `last-login:<90d`: logged in fewer than `days` days ago.
        case lastLoginWithin(days: Int32)
        /// `last-login:>90d`: logged in more than `days` days ago.
        case lastLoginOlder(days: Int32)
        /// `last-login:<2026-01-01`: last login on a day before this epoch day (UTC).
        case lastLoginBefore(day: Int32)
        /// `last-login:>2026-01-01`: last login on a day after this epoch day (UTC).
        case lastLoginAfter(day: Int32)
        /// `forced-reset`: the email login forces a password reset at next login.
        case forcedReset
        /// `dup:email`: another user's email login has the same address (case-insensitively).
        case duplicateEmail
        /// `has:session` (`no:session`): the user has an open web session.
        case hasSession
        /// `has:api-key` (`no:api-key`): the user has an API key.
        case hasAPIKey
        /// `role:NAME`: the user holds the role, directly or through a group (at any nesting). The
        /// name or id as typed; it is resolved against the access catalog when the filter is applied.
        case role(String)
        /// `group:NAME`: the user is in the group, directly or through a group inside it.
        case group(String)
    }

    public var kind: Kind
    public var negated: Bool

    public init(_ kind: Kind, negated: Bool = false) {
        self.kind = kind
        self.negated = negated
    }
}

/// Why a filter does not parse: a short reason naming the bad term. `message` adds the valid
/// qualifiers, for the filter line and the CLI.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    /// The reason is about a name (an unknown role, the catalog not loaded): `message` is the
    /// reason alone, with its candidates, not the list of qualifiers.
    public var aboutName: Bool
    /// The reason is that the roles and groups have not been read (yet, or at all).
    public var catalogMissing = false

    public init(_ reason: String, aboutName: Bool = false) {
        self.reason = reason
        self.aboutName = aboutName
    }

    public static let validQualifiers = "is:enabled is:disabled has:email no:email login:TYPE domain:NAME "
        + "never-logged-in last-login:<90d last-login:>2026-01-01 forced-reset dup:email "
        + "role:NAME group:NAME has:api-key has:session"

    /// Said while the roles and groups have not arrived yet.
    public static let catalogNotLoaded = "roles and groups not loaded yet"

    public var message: String { aboutName ? reason : reason + "; valid: " + Self.validQualifiers }
    public var description: String { message }
}

/// A parsed filter: terms AND-ed together. Pure; `Query.parse` is the one parser, shared by the
/// TUI's `/` filter and `roster bulk plan --where` (match with `matches(_:now:duplicates:)`).
///
/// Syntax: terms are separated by spaces; `-` before a term negates it; `"ann lee"` is one text
/// term (an unclosed quote runs to the end, so typing one never errs). A word `name:value` whose
/// name is letters and dashes is a qualifier, and an unknown one is an error, never text; other
/// words are text. Qualifiers and their values are case-insensitive. A role or group name with
/// spaces is quoted the same way, after the colon: `role:"Sales Explorer"`; unquoted, a dash may
/// stand for a space (`role:sales-explorer`) when no name has the dash itself.
///
/// Meanings, where a choice was made:
/// - A field the server did not send matches neither side: `is:enabled` and `is:disabled` both
///   skip a user whose state is unknown (so `-is:enabled` includes them), as `forced-reset` does.
/// - `domain:acme.com` is the domain of the email/password login's address, exactly:
///   `ann@eu.acme.com` is not in it (ask for `domain:eu.acme.com`). SSO-only users have none.
/// - `last-login` is the latest login over every credential, counted in whole UTC days:
///   `<90d` is fewer than 90 days before today, `>90d` more than 90 (exactly 90 is neither);
///   units d, w (7 days), m (30 days), y (365 days). `<2026-01-01` is a day before that date and
///   `>2026-01-01` a day after it (the date itself is in neither).
/// - Users who never logged in match no `last-login` term, either way: `never-logged-in` finds
///   them, and `-last-login:<90d` finds them together with the stale.
/// - `dup:email` compares email-login addresses lower-cased and NFC-composed.
/// - `role:NAME` holds directly or through any group the user is in, or any group those sit in;
///   `group:NAME` holds for members of the group or of any group inside it. NAME is an id or a
///   name in any case, resolved against the access catalog (`AccessCatalog`) when the filter is
///   applied: an unknown or ambiguous name is an error there, not here.
/// - `has:session` and `has:api-key` need a known yes: a user the server said nothing about (a
///   listing that left those fields out) is in `no:session` and `no:api-key`, as `-is:enabled`
///   takes users whose state is unknown.
public struct Query: Sendable, Equatable, Hashable {
    public var terms: [QueryTerm]

    public init(_ terms: [QueryTerm] = []) { self.terms = terms }

    public var isEmpty: Bool { terms.isEmpty }

    /// Some term depends on today's date (relative `last-login`).
    public var usesClock: Bool {
        terms.contains { if case .lastLoginWithin = $0.kind { true } else if case .lastLoginOlder = $0.kind { true } else { false } }
    }

    /// Some term needs every row's email login to decide (`dup:email`).
    public var needsDuplicates: Bool { terms.contains { $0.kind == .duplicateEmail } }

    /// Whether it names a role or a group: matching it needs the access catalog.
    public var needsCatalog: Bool { terms.contains { $0.kind.needsCatalog } }

    /// The first `role:` or `group:` term whose name `catalog` does not resolve (unknown or
    /// ambiguous, with the candidates), or nil when every one does.
    public func unresolvedName(_ catalog: AccessCatalog) -> QueryError? {
        for term in terms {
            if case .failure(let error)? = term.kind.accessWanted(catalog) { return error }
        }
        return nil
    }

    /// The longest positive text term: what a server-side search can look for while users load.
    public var searchText: String? {
        terms.compactMap { t -> String? in if case .text(let s) = t.kind, !t.negated { s } else { nil } }
            .max { $0.utf8.count < $1.utf8.count }
    }

    /// Every row this query matches is matched by `older` too, so filtering may start from `older`'s
    /// result: each of `older`'s terms is here as well, or (positive text) here grown longer.
    public func narrows(_ older: Query) -> Bool {
        older.terms.allSatisfy { old in
            terms.contains { new in
                if new == old { return true }
                if case .text(let a) = new.kind, case .text(let b) = old.kind, !new.negated, !old.negated {
                    return a.contains(b)
                }
                return false
            }
        }
    }

    /// Parses a filter; see the type's doc for the syntax.
    public static func parse(_ text: String) -> Result<Query, QueryError> {
        var terms: [QueryTerm] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard !rest.isEmpty else { break }
            var negated = false
            if rest.first == "-" {
                negated = true
                rest = rest.dropFirst()
                if rest.isEmpty || rest.first!.isWhitespace { return .failure(QueryError("\"-\" needs a term after it")) }
            }
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let body = rest.prefix { $0 != "\"" }
                rest = rest.dropFirst(body.count + (body.count < rest.count ? 1 : 0))
                let folded = UserRow.folded(String(body))
                if !folded.isEmpty { terms.append(QueryTerm(.text(folded), negated: negated)) }
                continue
            }
            if let (kind, body) = quotedName(&rest) {
                guard !body.isEmpty else { return .failure(QueryError("\(kind): takes a \(kind)'s name or id")) }
                terms.append(QueryTerm(kind == "role" ? .role(body) : .group(body), negated: negated))
                continue
            }
            let word = rest.prefix { !$0.isWhitespace }
            rest = rest.dropFirst(word.count)
            switch qualifier(word) {
            case .success(let kind?):
                // `no:email` is `-has:email`.
                let flip = word.lowercased().hasPrefix("no:")
                terms.append(QueryTerm(kind, negated: negated != flip))
            case .success(nil): terms.append(QueryTerm(.text(UserRow.folded(String(word))), negated: negated))
            case .failure(let error): return .failure(error)
            }
        }
        return .success(Query(terms))
    }

    /// `role:"…"` or `group:"…"` at the start of `rest` (any case): the qualifier and the name
    /// inside the quotes, which runs to the closing quote or the end; `rest` moves past it.
    private static func quotedName(_ rest: inout Substring) -> (String, String)? {
        for kind in ["role", "group"] {
            let head = kind + ":\""
            guard rest.count >= head.count, rest.prefix(head.count).lowercased() == head else { continue }
            let after = rest.dropFirst(head.count)
            let body = after.prefix { $0 != "\"" }
            rest = after.dropFirst(body.count + (body.count < after.count ? 1 : 0))
            return (kind, String(body.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()))
        }
        return nil
    }

    /// The qualifier a word gives; nil: the word is text.
    private static func qualifier(_ word: Substring) -> Result<QueryTerm.Kind?, QueryError> {
        let lower = word.lowercased()
        if lower == "never-logged-in" { return .success(.neverLoggedIn) }
        if lower == "forced-reset" { return .success(.forcedReset) }
        guard let colon = lower.firstIndex(of: ":") else { return .success(nil) }
        let name = lower[..<colon]
        let value = lower[lower.index(after: colon)...]
        guard !name.isEmpty, name.allSatisfy({ ($0.isASCII && $0.isLetter) || $0 == "-" }) else { return .success(nil) }
        func bad(_ takes: String) -> Result<QueryTerm.Kind?, QueryError> {
            .failure(QueryError("\(name): takes \(takes)" + (value.isEmpty ? "" : ", not \"\(value)\"")))
        }
        switch name {
        case "is":
            switch value {
            case "disabled": return .success(.disabled)
            case "enabled": return .success(.enabled)
            default: return bad("enabled or disabled")
            }
        case "has", "no":
            // `no:` is negated by the caller below.
            switch value {
            case "email": return .success(.hasEmail)
            case "session": return .success(.hasSession)
            case "api-key": return .success(.hasAPIKey)
            default: return bad("email, session or api-key")
            }
        case "role", "group":
            // The name keeps its case (for the error that names it); resolving ignores case.
            let original = word[word.index(after: word.firstIndex(of: ":")!)...]
            guard !original.isEmpty else { return bad("a \(name)'s name or id") }
            return .success(name == "role" ? .role(String(original)) : .group(String(original)))
        case "login":
            guard let kind = LoginKind(rawValue: String(value)) else {
                return bad(LoginKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .success(.login(kind))
        case "domain":
            let domain = value.hasPrefix("@") ? value.dropFirst() : value[...]
            guard !domain.isEmpty, !domain.contains("@") else { return bad("a domain, e.g. domain:acme.com") }
            return .success(.domain(String(domain)))
        case "last-login":
            return lastLogin(value).map { .success($0) } ?? bad("<N or >N with d, w, m or y (<90d), or <DATE or >DATE (>2026-01-01)")
        case "dup":
            guard value == "email" else { return bad("email") }
            return .success(.duplicateEmail)
        default:
            return .failure(QueryError("unknown qualifier \"\(name):\""))
        }
    }

    /// `<90d`, `>2w`, `<6m`, `>1y` (days, weeks, months of 30 days, years of 365 days) or
    /// `<2026-01-01`, `>2026-01-01`.
    private static func lastLogin(_ value: Substring) -> QueryTerm.Kind? {
        guard let op = value.first, op == "<" || op == ">" else { return nil }
        let operand = value.dropFirst()
        if let day = LoginTime.epochDay(ofDate: operand) {
            return op == "<" ? .lastLoginBefore(day: day) : .lastLoginAfter(day: day)
        }
        guard let unit = operand.last, operand.count >= 2, operand.count <= 7,
              operand.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int32(operand.dropLast()) else { return nil }
        let scale: Int32
        switch unit {
        case "d": scale = 1
        case "w": scale = 7
        case "m": scale = 30
        case "y": scale = 365
        default: return nil
        }
        let (days, overflow) = n.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        return op == "<" ? .lastLoginWithin(days: days) : .lastLoginOlder(days: days)
    }
}
