import ScreenKit

/// Where a bulk action stands on screen. Each stage is a question of its own: a key typed before the
/// stage showed never answers it.
public enum BulkStage: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Choosing the action (1–8).
    case menu
    /// Set email domain: typing "from" and "to".
    case domain
    /// Every row as before → after, the skips and the totals; nothing sent yet.
    case preview
    /// Planning an undo or a retry (the run file is being read).
    case planning
    case running
    /// Esc while running: in-flight requests finish, nothing new starts.
    case paused
    /// Stop asked: waiting for the requests in flight.
    case stopping
    /// Finished, stopped, or failed to start: the results.
    case done
    /// The runs of this instance on disk (`B`): resume one, or undo it.
    case runs
}

/// The actions the bulk menu offers, in its order (the key is the position, 1–8).
public enum BulkChoice: Int, CaseIterable, Sendable {
    case setDomain = 1, forceResetOn, forceResetOff, disable, enable, sendReset, createFromSSO, deleteLogin

    public var label: String {
        switch self {
        case .setDomain: "set the email domain (from → to)"
        case .forceResetOn: "force a password reset at next login"
        case .forceResetOff: "stop forcing a password reset"
        case .disable: "disable"
        case .enable: "enable"
        case .sendReset: "send the password reset email"
        case .createFromSSO: "create an email login from the SSO email"
        case .deleteLogin: "delete the email login"
        }
    }
}

/// The access actions of the bulk menu, each on a letter. All but logout ask for a role, group or
/// attribute by name or id (the `.domain` stage's inputs: the name, and for setting an attribute
/// the value), resolved in the catalog.
public enum BulkAccessKind: Character, CaseIterable, Sendable {
    case addRole = "r", removeRole = "R", addToGroup = "g", removeFromGroup = "G", setAttribute = "t", clearAttribute = "T", logout = "o"

    public var label: String {
        switch self {
        case .addRole: "add a role"
        case .removeRole: "remove a role"
        case .addToGroup: "add to a group"
        case .removeFromGroup: "remove from a group"
        case .setAttribute: "set a user attribute"
        case .clearAttribute: "clear a user attribute"
        case .logout: "log out of every session"
        }
    }

    /// What the name input asks for: "role", "group", "attribute".
    public var noun: String {
        switch self {
        case .addRole, .removeRole: "role"
        case .addToGroup, .removeFromGroup: "group"
        case .setAttribute, .clearAttribute: "attribute"
        case .logout: ""
        }
    }

    /// The action for `name` (and `value`) resolved in `catalog`, or what to say instead: the
    /// candidates when the name is unknown or ambiguous.
    public func action(name: String, value: String, in catalog: AccessCatalog) -> Result<BulkAction, BulkNameProblem> {
        func found<T>(_ match: NameMatch<T>) -> Result<T, BulkNameProblem> {
            let shown = DisplayText.fit(name.trimmingSpaces, width: 40)
            switch match {
            case .found(let entry): return .success(entry)
            case .unknown(let candidates):
                return .failure(BulkNameProblem(message: name.trimmingSpaces.isEmpty ? "type a \(noun)'s name or id" : "no \(noun) is named \(shown)",
                                                candidates: candidates))
            case .ambiguous(let candidates):
                return .failure(BulkNameProblem(message: "several \(noun)s are named \(shown): type the id", candidates: candidates))
            }
        }
        switch self {
        case .addRole: return found(catalog.resolveRole(name)).map { .addRole(id: $0.id, name: $0.name) }
        case .removeRole: return found(catalog.resolveRole(name)).map { .removeRole(id: $0.id, name: $0.name) }
        case .addToGroup: return found(catalog.resolveGroup(name)).map { .addToGroup(id: $0.id, name: $0.name) }
        case .removeFromGroup: return found(catalog.resolveGroup(name)).map { .removeFromGroup(id: $0.id, name: $0.name) }
        case .setAttribute:
            return found(catalog.resolveAttribute(name)).map { .setAttribute(id: $0.id, name: $0.name, value: value, hidden: $0.hidden) }
        case .clearAttribute: return found(catalog.resolveAttribute(name)).map { .clearAttribute(id: $0.id, name: $0.name, hidden: $0.hidden) }
        case .logout: return .success(.logout)
        }
    }
}

/// A name the catalog does not resolve: what to say, and the entries to choose from ("Admin (id 2)").
public struct BulkNameProblem: Error, Sendable, Equatable {
    public var message: String
    public var candidates: [String]
}

/// A bulk action from choosing it to its results: the rows it targets, the plan, the run's progress
/// and each row's outcome.
public struct BulkSession: Sendable, Equatable {
    public var stage: BulkStage
    /// The targeted users' ids, in list order; empty for an undo or retry (the plan says).
    public var targetIDs: [String]
    /// How the rows were chosen, in words ("12 marked", "the 40 filtered rows").
    public var scope: String
    /// Set email domain: the two inputs and which one has focus.
    public var domainFrom = TextField("")
    public var domainTo = TextField("")
    public var domainFocusTo = false
    public var domainError: String?
    /// The access action whose role, group or attribute the `.domain` stage's inputs are asking for;
    /// nil while they ask for domains.
    public var access: BulkAccessKind?
    /// The candidates for a name that did not resolve, shown under the input.
    public var candidates: [String] = []
    public var plan: BulkPlan?
    /// The count typed to confirm a big plan.
    public var typed = TextField("")
    /// A wrong confirmation, said once.
    public var confirmError: String?
    /// The first row shown.
    public var scroll = 0
    /// Show only the failed rows (after a run).
    public var failedOnly = false
    public var runID: String?
    public var progress: BulkProgress?
    public var outcomes: [String: RowOutcome] = [:]
    /// Why the run could not start or went wrong as a whole (sanitized when shown).
    public var error: String?
    /// The run ended as stopped (resumable) rather than finished.
    public var endedPhase: RunPhase?
    /// The runs listed by `B`, newest first (nil while they are read), and the one selected.
    public var runs: [RunSummary]?
    public var runIndex = 0

    public init(stage: BulkStage, targetIDs: [String], scope: String) {
        self.stage = stage
        self.targetIDs = targetIDs
        self.scope = scope
    }

    /// A run is going (or pausing or stopping): writes may be in flight.
    public var isActive: Bool { stage == .running || stage == .paused || stage == .stopping }

    /// Plans over this many writes need the count typed; smaller ones take `y`.
    public static let typedConfirmAbove = 20

    public var needsTypedCount: Bool { (plan?.writeCount ?? 0) > Self.typedConfirmAbove }

    /// The plan's rows as the list shows them now (all, or only the failed ones).
    public var shownRows: [PlanRow] {
        guard let plan else { return [] }
        guard failedOnly else { return plan.rows }
        return plan.rows.filter {
            if case .failed = outcomes[$0.key] { return true }
            return false
        }
    }

    public var failedCount: Int {
        outcomes.values.count { if case .failed = $0 { true } else { false } }
    }
}
