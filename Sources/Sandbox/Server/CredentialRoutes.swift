import Foundation

/// The email/password credential of a user (GET/POST/PATCH/DELETE, password reset) and read access to
/// the other credentials. Only `email` and `forced_password_reset_at_next_login` are writable.
extension LookerEmulator {
    /// Looker's reset and setup links expire after this many seconds when they expire at all.
    static let linkLifetime: Double = 3_600

    func showEmailCredential(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id), store.user(at: position).emailCredential != nil else {
            return .notFound(route)
        }
        return writeEmailCredential(position, request, route, status: 200)
    }

    func createEmailCredential(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        if store.user(at: position).emailCredential != nil {
            return .error(409, "Resource Already Exists", route: route)
        }
        guard let body = JSONValue.object(from: request.body) else {
            return .badRequest("Request body must be a JSON object", route)
        }
        let problems = credentialProblems(body, position: position, requireEmail: true)
        guard problems.isEmpty, let email = body["email"]?.stringValue else {
            return .validationFailed(problems, route: route)
        }
        var forced = false
        if case .bool(let flag) = body["forced_password_reset_at_next_login"] { forced = flag }
        store.update(at: position) { user in
            user.emailCredential = SandboxEmailCredential(
                email: email, forcedPasswordResetAtNextLogin: forced,
                createdAt: user.timestampStyle.format(Int64(Date().timeIntervalSince1970)), loggedInAt: nil,
                passwordResetToken: nil, passwordResetExpiresAt: nil, accountSetupToken: nil, accountSetupExpiresAt: nil
            )
        }
        return writeEmailCredential(position, request, route, status: 200)
    }

    func updateEmailCredential(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id), store.user(at: position).emailCredential != nil else {
            return .notFound(route)
        }
        guard let body = JSONValue.object(from: request.body) else {
            return .badRequest("Request body must be a JSON object", route)
        }
        let problems = credentialProblems(body, position: position, requireEmail: false)
        guard problems.isEmpty else { return .validationFailed(problems, route: route) }
        store.update(at: position) { user in
            if let email = body["email"]?.stringValue { user.emailCredential?.email = email }
            if case .bool(let flag) = body["forced_password_reset_at_next_login"] {
                user.emailCredential?.forcedPasswordResetAtNextLogin = flag
            }
        }
        return writeEmailCredential(position, request, route, status: 200)
    }

    func deleteEmailCredential(_ id: String, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id), store.user(at: position).emailCredential != nil else {
            return .notFound(route)
        }
        store.update(at: position) { $0.emailCredential = nil }
        return .noContent
    }

    /// A new random reset token replaces any previous one; `expires=true` makes it last 60 minutes.
    func createPasswordReset(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id), store.user(at: position).emailCredential != nil else {
            return .notFound(route)
        }
        var expires = false
        if let value = request.query["expires"] {
            guard value == "true" || value == "false" else { return .badRequest("expires must be true or false", route) }
            expires = value == "true"
        }
        let deadline = expires ? Date().timeIntervalSince1970 + Self.linkLifetime : nil
        let token = Self.randomToken(length: 32)
        store.update(at: position) { user in
            user.emailCredential?.passwordResetToken = token
            user.emailCredential?.passwordResetExpiresAt = deadline
        }
        return writeEmailCredential(position, request, route, status: 200)
    }

    /// "Emails" a reset link, creating a 60-minute token first when there is no live one.
    func sendPasswordReset(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id), let credential = store.user(at: position).emailCredential else {
            return .notFound(route)
        }
        let now = Date().timeIntervalSince1970
        let live = credential.passwordResetToken != nil && (credential.passwordResetExpiresAt.map { $0 > now } ?? true)
        if !live {
            let token = Self.randomToken(length: 32)
            store.update(at: position) { user in
                user.emailCredential?.passwordResetToken = token
                user.emailCredential?.passwordResetExpiresAt = now + Self.linkLifetime
            }
        }
        return writeEmailCredential(position, request, route, status: 200)
    }

    func showOtherCredential(_ id: String, kind: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        let user = store.user(at: position)
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 512)
        if kind == "totp", let totp = user.totpCredential {
            encoder().writeTOTP(totp, of: user, selection, into: &writer)
        } else if let sso = user.ssoCredential, sso.kind.rawValue == kind {
            encoder().writeSSOCredential(sso, of: user, selection, into: &writer)
        } else {
            return .notFound(route)
        }
        return .json(200, writer)
    }

    /// Problems with a CredentialsEmail write body; read-only keys are ignored.
    private func credentialProblems(_ body: [String: JSONValue], position: Int, requireEmail: Bool) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if requireEmail || body.keys.contains("email") {
            let current = store.user(at: position).emailCredential?.email.lowercased()
            let problem = Validation.email(body["email"]) { email in
                // Keeping (or re-casing) one's own address is no conflict, even where the seed planted a
                // duplicate of it; any other address must not be another user's email login.
                email.lowercased() != current && self.store.owners(ofEmail: email).contains { $0 != position }
            }
            if let problem { problems.append(problem) }
        }
        if let flag = body["forced_password_reset_at_next_login"],
           let problem = Validation.boolean("forced_password_reset_at_next_login", flag) {
            problems.append(problem)
        }
        return problems
    }

    private func writeEmailCredential(_ position: Int, _ request: APIRequest, _ route: RouteName, status: Int) -> APIResponse {
        let selection = self.selection(request)
        let user = store.user(at: position)
        guard let credential = user.emailCredential else { return .notFound(route) }
        var writer = JSONWriter(capacity: 768)
        encoder().writeEmailCredential(credential, of: user, selection, into: &writer)
        return .json(status, writer)
    }
}
