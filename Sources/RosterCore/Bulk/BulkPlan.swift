import ScreenKit

/// A change Roster can make to many users at once. Each planned row becomes one write (or a skip);
/// undo and "retry the failed ones" are plans too, so one runner does all of them.
public enum BulkAction: Sendable, Equatable, Codable {
    /// Rename the domain of every email login at `from` (case-insensitive) to `to`; the local part is kept.
    case setDomain(from: String, to: String)
    /// Set each user's email login address to the target a CSV mapping gives (per row in `BulkPlan.targets`).
    case setEmails
    /// Force (or stop forcing) a password reset at next login.
    case forceReset(Bool)
    case disable
    case enable
    /// Send the password reset email.
    case sendReset
    /// Create an email login from the user's SSO email, for users without one.
    case createFromSSO
    /// Delete the email login.
    case deleteLogin
    /// Give the users role `id` directly (`name` is for people; the id is what is sent).
    case addRole(id: String, name: String)
    /// Take role `id` from the users' direct roles (a role a group gives stays).
    case removeRole(id: String, name: String)
    case addToGroup(id: String, name: String)
    case removeFromGroup(id: String, name: String)
    /// Set user attribute `id` to `value` for each user (a hidden attribute's values are never read back).
    case setAttribute(id: String, name: String, value: String, hidden: Bool)
    /// Remove the users' own value of attribute `id` (a group's value or the default applies again).
    case clearAttribute(id: String, name: String, hidden: Bool)
    /// End every session of each user.
    case logout
    /// Hand what the users own to the successor (schedules and alerts to them, dashboards and looks
    /// to `folderID`: their personal folder or the folder given), end their sessions and API keys,
    /// then disable each user whose hand-over rows all succeeded. Never deletes a user.
    case offboard(successorID: String, successorName: String, folderID: String)
    /// The inverse of the rows run `runID` changed.
    case undo(runID: String)

    /// Whether this puts back what a run changed.
    public var isUndo: Bool {
        if case .undo = self { return true }
        return false
    }

    /// A short title for headers and lists: "set domain acme.com → acme.io".
    public var title: String {
        switch self {
        case .setDomain(let from, let to): "set domain \(from) → \(to)"
        case .setEmails: "set email addresses"
        case .forceReset(let on): on ? "force password reset" : "stop forcing password reset"
        case .disable: "disable"
        case .enable: "enable"
        case .sendReset: "send password reset email"
        case .createFromSSO: "create email login from SSO email"
        case .deleteLogin: "delete email login"
        case .addRole(_, let name): "add role \(DisplayText.fit(name, width: 60))"
        case .removeRole(_, let name): "remove role \(DisplayText.fit(name, width: 60))"
        case .addToGroup(_, let name): "add to group \(DisplayText.fit(name, width: 60))"
        case .removeFromGroup(_, let name): "remove from group \(DisplayText.fit(name, width: 60))"
        case .setAttribute(_, let name, let value, let hidden):
            "set \(DisplayText.fit(name, width: 60)) to " + (hidden ? "(hidden)" : DisplayText.fit(value, width: 60))
        case .clearAttribute(_, let name, _): "clear \(DisplayText.fit(name, width: 60))"
        case .logout: "log out every session"
        case .offboard(let id, let name, _): "offboard to \(DisplayText.fit(name, width: 60)) (#\(DisplayText.fit(id, width: 20)))"
        case .undo(let runID): "undo run \(runID)"
        }
    }

    /// What an access action's rows are about (the role, group or attribute); nil for the others.
    public var target: AccessTarget? {
        switch self {
        case .addRole(let id, let name), .removeRole(let id, let name), .addToGroup(let id, let name), .removeFromGroup(let id, let name):
            AccessTarget(id: id, name: name)
        case .setAttribute(let id, let name, let value, let hidden): AccessTarget(id: id, name: name, value: value, hidden: hidden)
        case .clearAttribute(let id, let name, let hidden): AccessTarget(id: id, name: name, hidden: hidden)
        case .logout: AccessTarget(id: "", name: "every session")
        case .setDomain, .setEmails, .forceReset, .disable, .enable, .sendReset, .createFromSSO, .deleteLogin, .offboard, .undo: nil
        }
    }

    /// Whether this is an offboarding: its disable rows wait for the user's hand-over rows.
    public var isOffboard: Bool {
        if case .offboard = self { return true }
        return false
    }
}

/// What an access row changes: a role, a group or an attribute (by id, named for people), and for
/// setting an attribute the value. Rows carry it so an undo plan, made from the run file alone, knows
/// what to put back.
public struct AccessTarget: Sendable, Equatable, Codable {
    /// The role, group or attribute id; empty for a logout.
    public var id: String
    /// Its name as the catalog gave it (server text: sanitized when shown).
    public var name: String
    /// The value an attribute row sets; nil otherwise.
    public var value: String?
    /// The attribute's values are hidden: its value is never shown, journaled or put back.
    public var hidden: Bool?

    public init(id: String, name: String, value: String? = nil, hidden: Bool? = nil) {
        self.id = id
        self.name = name
        self.value = value
        self.hidden = hidden
    }
}

/// The one request a planned row makes.
public enum BulkOp: String, Sendable, Equatable, Codable {
    /// `PATCH /users/{id}/credentials_email` with `email`.
    case patchEmail
    /// `PATCH /users/{id}/credentials_email` with `forced_password_reset_at_next_login`.
    case setForcedReset
    /// `PATCH /users/{id}` with `is_disabled`.
    case setDisabled
    /// `POST /users/{id}/credentials_email/send_password_reset` (changes nothing a re-read can see).
    case sendReset
    /// `POST /users/{id}/credentials_email` with `email`.
    case createLogin
    /// `DELETE /users/{id}/credentials_email`.
    case deleteLogin
    /// The access writes, each made by `LookerService.perform` (read, compare, write): the row's
    /// `target` says which role, group or attribute.
    case addRole, removeRole, addToGroup, removeFromGroup, setAttribute, clearAttribute, logout
    /// Offboarding's hand-over and end rows, one owned thing each (the row's `item`):
    /// `PATCH /scheduled_plans/{id}` `{"user_id"}`, `PATCH /alerts/{id}` `{"owner_id"}`,
    /// `PATCH /dashboards/{id}` and `/looks/{id}` `{"folder_id"}`, `DELETE /users/{id}/sessions/{sid}`
    /// and `DELETE /users/{id}/credentials_api3/{kid}`. Each reads the thing first.
    case setScheduleOwner, setAlertOwner, moveDashboard, moveLook, deleteSession, deleteAPIKey

    /// Whether the row is an access write (roles, groups, attributes, sessions) rather than a field of
    /// the user or their email login.
    public var isAccess: Bool { operation.isAccess && !isHandOver }

    /// Whether the row is one thing an offboarding hands over or ends (it names it in `item`).
    public var isHandOver: Bool {
        switch self {
        case .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey: true
        default: false
        }
    }
}

/// The part of a user a bulk action reads and writes. `email` nil means "no email login".
/// A nil `forcedReset`/`disabled` means unknown (the list did not load it).
public struct BulkSnapshot: Sendable, Equatable, Codable {
    public var email: String?
    public var forcedReset: Bool?
    public var disabled: Bool?
    /// Direct role ids, in the server's order; nil when not read.
    public var roles: [String]?
    /// Group ids the user is directly in; nil when not read.
    public var groups: [String]?
    /// One attribute's value; nil when not read.
    public var attribute: AttributeSnapshot?
    /// The session logged out ("all" for every one), or the API key deleted (its id); nil otherwise.
    public var session: String?
    public var apiKey: String?
    /// A schedule's or alert's owner (user id); nil otherwise.
    public var owner: String?
    /// The folder a dashboard or look is in; nil otherwise.
    public var folder: String?

    /// Nothing known of the user.
    public static let unknown = BulkSnapshot(email: nil, forcedReset: nil, disabled: nil)

    public init(email: String?, forcedReset: Bool?, disabled: Bool?, roles: [String]? = nil, groups: [String]? = nil,
                attribute: AttributeSnapshot? = nil, session: String? = nil, apiKey: String? = nil) {
        self.email = email
        self.forcedReset = forcedReset
        self.disabled = disabled
        self.roles = roles
        self.groups = groups
        self.attribute = attribute
        self.session = session
        self.apiKey = apiKey
    }

    /// Only direct roles known.
    public static func roles(_ ids: [String]) -> BulkSnapshot { BulkSnapshot(email: nil, forcedReset: nil, disabled: nil, roles: ids) }
    /// Only direct groups known.
    public static func groups(_ ids: [String]) -> BulkSnapshot { BulkSnapshot(email: nil, forcedReset: nil, disabled: nil, groups: ids) }
    /// Only one attribute known.
    public static func attribute(_ a: AttributeSnapshot) -> BulkSnapshot { BulkSnapshot(email: nil, forcedReset: nil, disabled: nil, attribute: a) }
    /// Only an owner known (a schedule, an alert).
    public static func owner(_ id: String?) -> BulkSnapshot {
        var s = BulkSnapshot.unknown
        s.owner = id
        return s
    }
    /// Only a folder known (a dashboard, a look).
    public static func folder(_ id: String?) -> BulkSnapshot {
        var s = BulkSnapshot.unknown
        s.folder = id
        return s
    }
}

/// One user attribute's value as a change reads and writes it.
public struct AttributeSnapshot: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// The user's own value; nil when they have none (a group's value or the default applies).
    /// Never known for a hidden attribute.
    public var value: String?
    /// The user had a value of their own.
    public var own: Bool
    public var hidden: Bool

    public init(id: String, name: String, value: String?, own: Bool, hidden: Bool) {
        self.id = id
        self.name = name
        self.value = hidden ? nil : value
        self.own = own
        self.hidden = hidden
    }

    /// As the journal and previews write it: the value, "(unset)", or for a hidden attribute only
    /// whether there is one.
    public var journalValue: String {
        if !own { return "(unset)" }
        if hidden { return "(hidden)" }
        return value ?? ""
    }
}

extension BulkSnapshot {
    /// The snapshot with its address cut to `width` columns (sanitized once cut).
    func cut(_ width: Int) -> BulkSnapshot {
        guard let email, width < Int.max, DisplayText.width(email) > width else { return self }
        var copy = self
        copy.email = DisplayText.fit(email, width: width)
        return copy
    }
}

/// What the planner (and the runner) knows of one targeted user before planning.
public struct BulkSubject: Sendable, Equatable {
    public var id: String
    /// Display name (untrusted text: sanitized when shown).
    public var name: String
    /// The email login's address; nil when the user has none.
    public var loginEmail: String?
    public var forcedReset: Bool?
    public var disabled: Bool?
    /// The first email among the user's SSO logins (saml, oidc, google, ldap, …); nil when none.
    public var ssoEmail: String?

    public init(id: String, name: String, loginEmail: String?, forcedReset: Bool?, disabled: Bool?, ssoEmail: String?) {
        self.id = id
        self.name = name
        self.loginEmail = loginEmail
        self.forcedReset = forcedReset
        self.disabled = disabled
        self.ssoEmail = ssoEmail
    }

    public var snapshot: BulkSnapshot { BulkSnapshot(email: loginEmail, forcedReset: forcedReset, disabled: disabled) }
}

/// Why a row is not written.
public enum SkipReason: Sendable, Equatable, Codable {
    /// The action needs an email login and the user has none.
    case noEmailLogin
    /// The user is already as the action would make them.
    case alreadySo
    /// The user is disabled (a reset email to a disabled user is pointless).
    case disabled
    /// The address the row would get is not a valid email address.
    case invalidTarget(String)
    /// Another row of the same plan would get the same address (case-insensitive).
    case duplicateTarget(String)
    /// The email login is not at the domain being renamed.
    case otherDomain
    /// "Create from SSO" for a user who already has an email login.
    case hasEmailLogin
    /// "Create from SSO" for a user without an SSO email.
    case noSSOEmail
    /// A CSV mapping names a user or address Roster does not know.
    case unknownUser
    /// Re-read right before writing, the user no longer matched the plan's "before".
    case changedElsewhere
    /// The change cannot be undone (a reset email that was sent).
    case cannotUndo
    /// A run stopped between sending a reset email and hearing back: it is not sent again.
    case maybeSent
    /// Disabling (or deleting the login of) the API user Roster acts as.
    case apiUser
    /// A flag of the user or the management of a group blocks the change; the words name it
    /// ("direct roles are off for this user (allow_direct_roles is false)").
    case blocked(String)
    /// The user is already as asked, in the words of the check ("already has the role directly").
    case nothingToDo(String)
    /// The change has no inverse, and why ("a session cannot be restored; …").
    case noInverse(String)

    /// Plain words for the preview and results.
    public var text: String {
        switch self {
        case .noEmailLogin: "no email login"
        case .alreadySo: "already so"
        case .disabled: "disabled"
        case .invalidTarget(let a): "target address not valid: \(a)"
        case .duplicateTarget(let a): "another row also gets \(a)"
        case .otherDomain: "email login at another domain"
        case .hasEmailLogin: "already has an email login"
        case .noSSOEmail: "no SSO email"
        case .unknownUser: "unknown user"
        case .changedElsewhere: "changed elsewhere"
        case .cannotUndo: "cannot be undone"
        case .maybeSent: "may have been sent before the interruption; not sent again"
        case .apiUser: "the API user Roster acts as"
        case .blocked(let why): DisplayText.fit(why, width: 200)
        case .nothingToDo(let why): DisplayText.fit(why, width: 200)
        case .noInverse(let why): "cannot be undone: " + DisplayText.fit(why, width: 200)
        }
    }
}

/// One targeted user in a plan: the write it makes (before → after), or why it is skipped.
public struct PlanRow: Sendable, Equatable, Codable {
    public var userID: String
    public var name: String
    public var op: BulkOp
    public var before: BulkSnapshot
    public var after: BulkSnapshot
    /// nil: the row is written.
    public var skip: SkipReason?
    /// The role, group or attribute of an access row; nil for the others (and in older plan files).
    public var target: AccessTarget?
    /// The schedule, alert, dashboard, look, session or API key an offboarding row hands over or ends.
    public var item: OwnedItem?

    public init(userID: String, name: String, op: BulkOp, before: BulkSnapshot, after: BulkSnapshot, skip: SkipReason? = nil,
                target: AccessTarget? = nil, item: OwnedItem? = nil) {
        self.userID = userID
        self.name = name
        self.op = op
        self.before = before
        self.after = after
        self.skip = skip
        self.target = target
        self.item = item
    }

    /// What names the row in a run file and among the outcomes: the user id, or for a row about one
    /// owned thing "USER/KIND/ID" (an offboarding has many rows per user). Compared whole.
    public var key: String {
        guard let item else { return userID }
        return userID + "/" + item.kind.rawValue + "/" + item.id
    }
}

extension PlanRow {
    /// What the written row changes, in words: "alice@acme.com → alice@acme.io" (the preview in the
    /// TUI and in `roster bulk`; skipped rows say why instead). Each address is cut to 60 columns,
    /// so a 300-character one cannot push the other side off the line.
    public var change: String { change(sideWidth: 60) }

    /// `change` with each address cut to `sideWidth` columns (`Int.max`: whole, for JSON).
    public func change(sideWidth: Int) -> String {
        let before = before.cut(sideWidth), after = after.cut(sideWidth)
        let yesNo = { (b: Bool?) in b.map { $0 ? "yes" : "no" } ?? "?" }
        let state = { (d: Bool?) in d.map { $0 ? "disabled" : "enabled" } ?? "?" }
        switch op {
        case .patchEmail: return "\(before.email ?? "(no email login)") → \(after.email ?? "(none)")"
        case .setForcedReset:
            return "forced reset \(yesNo(before.forcedReset)) → \(yesNo(after.forcedReset))" + (before.email.map { " (\($0))" } ?? "")
        case .setDisabled: return "\(state(before.disabled)) → \(state(after.disabled))"
        case .sendReset: return "send a password reset email to \(before.email ?? "?")"
        case .createLogin: return "(no email login) → \(after.email ?? "?")"
        case .deleteLogin: return "\(before.email ?? "?") → (no email login)"
        case .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout:
            return accessChange
        case .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey:
            return handOverChange
        }
    }

    /// An offboarding row's change: "schedule 17 Weekly KPIs: user 5 → 9", "API key …abcd: delete
    /// (cannot be undone)".
    private var handOverChange: String {
        let what = item.map { "\($0.kind.noun) \(DisplayText.fit($0.id, width: 20)) \(DisplayText.fit($0.name, width: 50))" } ?? "?"
        let id = { (s: String?) in s.map { DisplayText.fit($0, width: 20) } ?? "?" }
        switch op {
        case .setScheduleOwner, .setAlertOwner: return "\(what): user \(id(before.owner)) → \(id(after.owner))"
        case .moveDashboard, .moveLook: return "\(what): folder \(id(before.folder)) → \(id(after.folder))"
        case .deleteSession: return "\(what): log out (cannot be undone)"
        case .deleteAPIKey: return "\(what): delete (cannot be undone)"
        default: return what
        }
    }

    /// An access row's change: "add role Admin", "max_rows 100 → 5000", "log out every session".
    private var accessChange: String {
        let name = DisplayText.fit(target?.name ?? "?", width: 60)
        let roles = { (ids: [String]?) in ids.map { $0.isEmpty ? "(none)" : $0.joined(separator: ",") } }
        func sets(_ a: [String]?, _ b: [String]?) -> String {
            guard let a = roles(a), let b = roles(b) else { return "" }
            return " (\(DisplayText.fit(a, width: 40)) → \(DisplayText.fit(b, width: 40)))"
        }
        let hidden = target?.hidden == true
        let was = before.attribute.map { hidden || $0.hidden ? ($0.own ? "(hidden)" : "(unset)") : DisplayText.fit($0.journalValue, width: 60) }
        switch op {
        case .addRole: return "add role \(name)" + sets(before.roles, after.roles)
        case .removeRole: return "remove role \(name)" + sets(before.roles, after.roles)
        case .addToGroup: return "add to group \(name)" + sets(before.groups, after.groups)
        case .removeFromGroup: return "remove from group \(name)" + sets(before.groups, after.groups)
        // The value before is read when the row runs (the list does not hold it).
        case .setAttribute:
            let value = hidden ? "(hidden)" : DisplayText.fit(target?.value ?? "?", width: 60)
            return was.map { "\(name) \($0) → \(value)" } ?? "set \(name) to \(value)"
        case .clearAttribute: return was.map { "\(name) \($0) → (unset)" } ?? "clear \(name)"
        case .logout: return "log out every session"
        default: return ""
        }
    }
}

/// What a bulk action will do, row by row, before anything is sent.
public struct BulkPlan: Sendable, Equatable, Codable {
    public var action: BulkAction
    /// How the rows were chosen, in words: "12 marked", "filter is:disabled", "CSV users.csv".
    public var scope: String
    /// Every targeted user, in the order they were given: written rows and skipped rows.
    public var rows: [PlanRow]

    public init(action: BulkAction, scope: String, rows: [PlanRow]) {
        self.action = action
        self.scope = scope
        self.rows = rows
    }

    public var writeCount: Int { rows.count { $0.skip == nil } }
    public var skipCount: Int { rows.count { $0.skip != nil } }
}

/// How one row of a run ended.
public enum RowOutcome: Sendable, Equatable, Codable {
    /// Written and confirmed by the server (or, after an interruption, found already applied).
    case applied
    case skipped(SkipReason)
    /// The server refused: HTTP status (0 for a network failure), its message (sanitized when shown),
    /// and the field a 422 named, if any.
    case failed(status: Int, message: String, field: String?)
}

/// Where a run stands.
public enum RunPhase: String, Sendable, Equatable, Codable {
    case running
    /// Esc: in-flight requests finish, nothing new starts.
    case paused
    /// Stopped by the admin before the end; can be resumed.
    case stopped
    case finished
    /// The file has no end record and no process is running it (a crash or kill -9): resumable.
    case interrupted
    /// An undo of the run has begun (`RunSummary.undoneBy` names it): never resumed again, since
    /// resuming would write what the undo puts back.
    case undone
}

/// A run's counters as the progress bar shows them.
public struct BulkProgress: Sendable, Equatable {
    public var total: Int
    public var applied: Int
    public var failed: Int
    public var skipped: Int
    public var inFlight: Int
    public var concurrency: Int
    /// Rows finished per second, over the last few seconds.
    public var rate: Double
    /// Seconds left at the current rate; nil when unknown.
    public var eta: Double?
    public var phase: RunPhase
    /// Seconds until the runner sends again after a 429 (0 when not waiting).
    public var waitingSeconds: Double

    public init(total: Int, applied: Int = 0, failed: Int = 0, skipped: Int = 0, inFlight: Int = 0, concurrency: Int = 4,
                rate: Double = 0, eta: Double? = nil, phase: RunPhase = .running, waitingSeconds: Double = 0) {
        self.total = total
        self.applied = applied
        self.failed = failed
        self.skipped = skipped
        self.inFlight = inFlight
        self.concurrency = concurrency
        self.rate = rate
        self.eta = eta
        self.phase = phase
        self.waitingSeconds = waitingSeconds
    }

    public var done: Int { applied + failed + skipped }
    public var remaining: Int { total - done }
}

/// One run as `roster bulk list` and the TUI's resume offer show it.
public struct RunSummary: Sendable, Equatable, Codable {
    public var id: String
    public var action: BulkAction
    public var scope: String
    /// The instance's host, for people.
    public var instance: String
    /// The instance's whole base URL in one spelling (`https://acme.looker.com:443`), for comparing;
    /// empty for a run written before runs recorded it, which then belongs to no instance.
    public var instanceURL: String
    /// ISO 8601 UTC.
    public var started: String
    public var phase: RunPhase
    public var total: Int
    public var applied: Int
    public var failed: Int
    public var skipped: Int

    public init(id: String, action: BulkAction, scope: String, instance: String, instanceURL: String = "", started: String,
                phase: RunPhase, total: Int, applied: Int, failed: Int, skipped: Int, undoneBy: String? = nil) {
        self.id = id
        self.action = action
        self.scope = scope
        self.instance = instance
        self.instanceURL = instanceURL
        self.undoneBy = undoneBy
        self.started = started
        self.phase = phase
        self.total = total
        self.applied = applied
        self.failed = failed
        self.skipped = skipped
    }

    /// The run that undoes this one, once an undo of it has begun: this run can no longer be resumed.
    public var undoneBy: String?

    public var remaining: Int { total - applied - failed - skipped }

    /// Whether the run was made on the instance whose whole base URL (as `LookerConfig.instanceURL`
    /// spells it) is `url`. A run that recorded only a host belongs to none: its ids may name other people.
    public func belongs(to url: String) -> Bool {
        !instanceURL.isEmpty && instanceURL == url
    }
}
