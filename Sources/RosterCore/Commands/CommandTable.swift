import ScreenKit

/// Where a key is pressed. A command applies in one or more of these; a key means nothing elsewhere.
public enum KeyContext: Hashable, Sendable {
    /// The user list has focus.
    case list
    /// Typing into the list's filter.
    case filter
    /// The form's email field has focus: every printable character is text.
    case formEmail
    /// The form's checkbox has focus (one-letter commands work here).
    case formCheckbox
    /// The form has focus but the credential is still loading: typed text is kept for the email field.
    case formLoading
    case help
    case dialog(DialogKind)
    /// The bulk panel at a stage (menu, domain, preview, running, …).
    case bulk(BulkStage)
    /// A tab beside Login has focus.
    case tab(DetailTab)
    /// Typing an attribute's new value in the Attributes tab.
    case attributeEdit

    /// The name used in the help overlay and the README's "where" column.
    public var name: String {
        switch self {
        case .list: "list"
        case .filter: "filter"
        case .formEmail: "email field"
        case .formCheckbox: "checkbox"
        case .formLoading: "form, loading"
        case .help: "help"
        case .dialog(let kind): kind.name
        case .bulk(let stage): stage.contextName
        case .tab(let tab): tab.title + " tab"
        case .attributeEdit: "attribute value"
        }
    }
}

/// The kinds of dialog, without their data: what the command table needs to know.
public enum DialogKind: String, Hashable, Sendable, CaseIterable {
    case leaveDirty, revert, conflict, message, create, delete, resetURL, sendReset, disable, undo, resumeRun
    case pick, confirmAccess, deleteKey, rolesChanged

    public var name: String {
        switch self {
        case .leaveDirty: "unsaved-changes dialog"
        case .revert: "revert dialog"
        case .conflict: "conflict dialog"
        case .message: "message"
        case .create: "create dialog"
        case .delete: "delete dialog"
        case .resetURL: "reset-URL dialog"
        case .sendReset: "reset-email dialog"
        case .disable: "disable dialog"
        case .undo: "undo dialog"
        case .resumeRun: "resume-run dialog"
        case .pick: "picker"
        case .confirmAccess: "log-out dialog"
        case .deleteKey: "delete-key dialog"
        case .rolesChanged: "roles-changed dialog"
        }
    }
}

/// Every command the keyboard can give. Performed by `perform(_:_:_:)`; described by `Command`.
public enum CommandID: String, Hashable, Sendable, CaseIterable {
    // list
    case next, previous, pageDown, pageUp, first, last, startFilter, clearFilter, sortNext, sortReverse, openForm
    case reload, help, quit
    case createLogin, deleteLogin, resetURL, copyResetURL, sendReset, toggleDisabled, undo
    // filter
    case filterType, filterKeep, filterClear, filterMove
    // form
    case editEmail, toggleCheckbox, nextField, previousField, save, leaveForm, reveal
    case typeWhileLoading, leaveLoading
    // help
    case scrollHelp, closeHelp
    // marks
    case toggleMark, markAll, clearMarks
    // dialogs
    case dialogType, confirm, confirmNoExpiry, saveAndGo, discardAndGo, stay, keepMine, takeServers, cancel, dismiss
    // bulk
    case bulk, bulkChoose, bulkDomainType, bulkDomainSwitch, bulkPlan, bulkScroll, bulkTypeCount, bulkRun
    case bulkPause, bulkProceed, bulkStop, bulkRetry, bulkUndo, bulkFailedOnly, bulkClose, bulkRuns, bulkResumeRun, offboard
    // the detail pane's tabs
    case nextTab, previousTab, tabDown, tabUp, tabLeave, addRole, addToGroup, removeSelected, editAttribute, logoutAll
    case attributeType, attributeSave, attributeCancel
    case pickType, pickMove, pickChoose
    // list columns
    case toggleRolesColumn, toggleGroupsColumn
}

extension BulkStage {
    /// The name used in the help overlay and the README's "where" column.
    public var contextName: String {
        switch self {
        case .menu: "bulk menu"
        case .domain: "bulk domain"
        case .preview: "bulk preview"
        case .planning: "bulk planning"
        case .running: "bulk run"
        case .paused: "bulk paused"
        case .stopping: "bulk stopping"
        case .done: "bulk results"
        case .runs: "bulk runs"
        }
    }
}

/// One row of the command table: the keys, where they apply, what they do, and what they risk.
public struct Command: Sendable, Equatable {
    public let id: CommandID
    /// The keys that give the command. Empty for text entry, which takes every printable character.
    public let keys: [Key]
    /// How the keys are written in help and the README when `keys` is empty or not enough ("typing").
    public let keyText: String?
    public let contexts: [KeyContext]
    /// What it does, in a few words (help, README).
    public let label: String
    /// Its hint in the status line, keys included ("ctrl-s save"); nil: not hinted.
    public let hint: String?
    /// It changes something: the server (directly, or by opening a confirmation that does), a draft
    /// meant for it, or the clipboard (with a secret). Refused in read-only mode, in one place (`handleKey`).
    public let mutating: Bool
    /// It opens a confirmation first; the confirmation only takes keys typed while it was on screen.
    public let confirms: Bool

    init(_ id: CommandID, _ keys: [Key], keyText: String? = nil, in contexts: [KeyContext], _ label: String,
         hint: String? = nil, mutating: Bool = false, confirms: Bool = false) {
        self.id = id
        self.keys = keys
        self.keyText = keyText
        self.contexts = contexts
        self.label = label
        self.hint = hint
        self.mutating = mutating
        self.confirms = confirms
    }

    /// The keys as people write them: "j, ↓", "Ctrl-S", "typing".
    public var keyLabel: String { keyText ?? keys.map(\.label).joined(separator: ", ") }
}

extension Key {
    /// How a key is written in help, hints and the README.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-" + String(c).uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .function(let n): "F\(n)"
        }
    }
}

/// The one table of commands (tig's request table is the model). Key handling, the help overlay, the
/// status-line hints, the read-only gate and the README's key table all come from it.
public enum Commands {
    static let lifecycleContexts: [KeyContext] = [.list, .formCheckbox]
    static let formContexts: [KeyContext] = [.formEmail, .formCheckbox]
    static let everyDialog: [KeyContext] = DialogKind.allCases.filter { $0 != .message }.map { .dialog($0) }

    public static let all: [Command] = [
        // The list.
        Command(.next, [.char("j"), .down], in: [.list], "next user", hint: "j/k move"),
        Command(.previous, [.char("k"), .up], in: [.list], "previous user"),
        Command(.pageDown, [.pageDown, .ctrl("f")], in: [.list], "a page down"),
        Command(.pageUp, [.pageUp, .ctrl("b")], in: [.list], "a page up"),
        Command(.first, [.char("g"), .home], in: [.list], "first user"),
        Command(.last, [.char("G"), .end], in: [.list], "last user"),
        Command(.startFilter, [.char("/")], in: [.list], "filter as you type: name, email, is:, role:, group:…", hint: "/ filter"),
        Command(.clearFilter, [.escape], in: [.list], "clear the filter"),
        Command(.sortNext, [.char("s")], in: [.list], "sort by the next column (id, name, email, login, on)"),
        Command(.sortReverse, [.char("S")], in: [.list], "reverse the sort"),
        Command(.openForm, [.enter, .tab], in: [.list], "into the form (what you type while it loads is kept)", hint: "enter form"),
        Command(.reload, [.char("r")], in: [.list], "reload the users (asks if edits are unsaved)"),
        // Lifecycle, from the list or the form's checkbox.
        Command(.createLogin, [.char("c")], in: lifecycleContexts, "create an email/password login (user has none)", hint: "c create login", mutating: true, confirms: true),
        Command(.deleteLogin, [.char("D")], in: lifecycleContexts, "delete the email/password login (type its email)",
                mutating: true, confirms: true),
        Command(.resetURL, [.char("p")], in: lifecycleContexts, "create a one-time reset URL (shown masked)",
                mutating: true, confirms: true),
        Command(.copyResetURL, [.char("y")], in: lifecycleContexts, "copy the reset URL to the clipboard (OSC 52)",
                mutating: true),
        Command(.sendReset, [.char("e")], in: lifecycleContexts, "send the password reset email", mutating: true, confirms: true),
        Command(.toggleDisabled, [.char("x")], in: lifecycleContexts, "disable / enable the user", hint: "x disable",
                mutating: true, confirms: true),
        Command(.undo, [.char("u")], in: lifecycleContexts + tabContexts, "undo the last change of this run (asks first)", hint: "u undo",
                mutating: true, confirms: true),
        Command(.bulk, [.char("b")], in: [.list], "bulk action on the marked rows (or, none marked, the filtered ones); previews first",
                mutating: true, confirms: true),
        Command(.offboard, [.char("O")], in: [.list] + tabContexts,
                "offboard the user (or the marked users): choose a successor, preview handing over schedules, alerts and content, "
                + "ending sessions and API keys, then disabling", mutating: true, confirms: true),
        Command(.bulkRuns, [.char("B")], in: [.list], "bulk runs of this instance: resume one, or undo it (previews first)",
                mutating: true, confirms: true),
        Command(.help, [.char("?")], in: [.list, .formCheckbox] + tabContexts, "this help", hint: "? help"),
        Command(.quit, [.char("q")], in: [.list, .formCheckbox] + tabContexts + bulkRunContexts,
                "quit (asks if edits are unsaved; a bulk run stops first, q again quits now)", hint: "q quit"),
        // Marks: choosing users for a bulk action (not a change, so allowed read-only).
        Command(.toggleMark, [.char(" ")], in: [.list], "mark / unmark the user, then move down"),
        Command(.markAll, [.char("*")], in: [.list], "mark every user the filter shows"),
        Command(.clearMarks, [.char("U")], in: [.list], "clear every mark"),
        // The filter.
        Command(.filterType, [], keyText: "typing, Backspace, Ctrl-U, Ctrl-W", in: [.filter], "edit the filter", hint: "type to filter"),
        Command(.filterKeep, [.enter], in: [.filter], "keep the filter, back to the list", hint: "enter keep"),
        Command(.filterClear, [.escape], in: [.filter], "clear the filter, back to the list", hint: "esc clear"),
        Command(.filterMove, [.down, .up, .pageDown, .pageUp], in: [.filter], "move in the list while filtering", hint: "↑/↓ move"),
        // The form.
        Command(.editEmail, [], keyText: "typing", in: [.formEmail],
                "edit the email (every printable key is text; the text field's keys below)", mutating: true),
        Command(.toggleCheckbox, [.char(" ")], in: [.formCheckbox], "toggle \"force password reset at next login\"", hint: "space toggle", mutating: true),
        Command(.nextField, [.tab, .down], in: formContexts, "next field", hint: "tab next field"),
        Command(.previousField, [.backTab, .up], in: formContexts, "previous field"),
        Command(.save, [.ctrl("s")], in: formContexts,
                "save (re-read first: a change on the server asks)", hint: "ctrl-s save",
                mutating: true),
        Command(.leaveForm, [.escape], in: formContexts, "back to the list (asks to revert a changed form)", hint: "esc back"),
        Command(.reveal, [.ctrl("r")], in: formContexts, "reveal / hide the reset and setup URLs", hint: "ctrl-r reveal"),
        Command(.typeWhileLoading, [], keyText: "typing", in: [.formLoading], "kept for the email field until the form loads", hint: "loading: what you type waits for the form"),
        Command(.leaveLoading, [.escape], in: [.formLoading], "back to the list (drops what was typed)", hint: "esc back"),
        // Help.
        Command(.scrollHelp, [.char("j"), .down, .char("k"), .up, .pageDown, .pageUp], in: [.help], "scroll the help", hint: "j/k scroll"),
        Command(.closeHelp, [.escape, .char("?"), .char("q"), .enter], in: [.help], "close the help (so does any other key)", hint: "any other key closes"),
        // Dialogs. They take only keys typed while they were on screen.
        Command(.dialogType, [], keyText: "typing", in: [.dialog(.create), .dialog(.delete), .dialog(.deleteKey)], "edit the dialog's text"),
        Command(.confirm, [.char("y")], in: [.dialog(.revert), .dialog(.sendReset), .dialog(.disable), .dialog(.undo), .dialog(.confirmAccess)],
                "yes: do it", hint: "y yes", mutating: true),
        Command(.confirm, [.enter], in: [.dialog(.create), .dialog(.delete), .dialog(.deleteKey)], "create / delete as typed", hint: "enter confirm",
                mutating: true),
        Command(.confirm, [.char("1")], in: [.dialog(.resetURL)], "reset URL expiring after 60 minutes", hint: "1 expires in 60 minutes",
                mutating: true),
        Command(.confirmNoExpiry, [.char("2")], in: [.dialog(.resetURL)], "reset URL that does not expire", hint: "2 does not expire",
                mutating: true),
        Command(.saveAndGo, [.char("s")], in: [.dialog(.leaveDirty)], "save the form, then go on", hint: "s save", mutating: true),
        Command(.discardAndGo, [.char("d")], in: [.dialog(.leaveDirty)], "discard the edits, then go on", hint: "d discard"),
        Command(.keepMine, [.char("k")], in: [.dialog(.conflict)], "keep mine: save over the server's version", hint: "k keep mine (save)",
                mutating: true),
        Command(.takeServers, [.char("t")], in: [.dialog(.conflict)], "take the server's version", hint: "t take the server's"),
        Command(.stay, [.char("n")], in: [.dialog(.revert), .dialog(.sendReset), .dialog(.disable), .dialog(.undo), .dialog(.confirmAccess)],
                "no: keep things as they are", hint: "n no"),
        Command(.cancel, [.escape], in: everyDialog, "cancel", hint: "esc cancel"),
        Command(.dismiss, [], keyText: "any key", in: [.dialog(.message)], "close the message", hint: "any key closes"),
        Command(.confirm, [.char("r")], in: [.dialog(.resumeRun)], "resume the run where it stopped", hint: "r resume", mutating: true),
        Command(.stay, [.char("n")], in: [.dialog(.resumeRun)], "not now (roster bulk resume ID later)", hint: "n not now"),
        // Bulk actions. Each stage takes only keys typed while it was on screen.
        Command(.bulkChoose, (1...8).map { .char(Character(String($0))) } + BulkAccessKind.allCases.map { .char($0.rawValue) },
                keyText: "1–8, rRgGtTo", in: [.bulk(.menu)], "choose the action", hint: "1–8 r R g G t T o choose"),
        Command(.bulkDomainType, [], keyText: "typing", in: [.bulk(.domain)], "type the domain to rename and the new one"),
        Command(.bulkDomainSwitch, [.tab, .backTab, .up, .down], in: [.bulk(.domain)], "from / to", hint: "tab from/to"),
        Command(.bulkPlan, [.enter], in: [.bulk(.domain)], "preview the rename", hint: "enter preview"),
        Command(.bulkScroll, [.char("j"), .down, .char("k"), .up, .pageDown, .pageUp, .char("g"), .char("G")],
                in: [.bulk(.preview), .bulk(.running), .bulk(.paused), .bulk(.stopping), .bulk(.done), .bulk(.runs)], "scroll the rows", hint: "j/k scroll"),
        Command(.bulkTypeCount, [], keyText: "digits, Backspace", in: [.bulk(.preview)], "type the number of rows to change (more than 20)"),
        Command(.bulkRun, [.enter, .char("y")], in: [.bulk(.preview)], "run it (paced; Esc pauses)", hint: "enter run", mutating: true),
        Command(.bulkPause, [.escape], in: [.bulk(.running)], "pause: requests in flight finish, nothing new starts", hint: "esc pause"),
        Command(.bulkProceed, [.char("r")], in: [.bulk(.paused)], "resume the run", hint: "r resume", mutating: true),
        Command(.bulkStop, [.char("s")], in: [.bulk(.paused)], "stop the run (it can be resumed later)", hint: "s stop"),
        Command(.bulkRetry, [.char("R")], in: [.bulk(.done)], "retry the failed rows (previews first)", hint: "R retry failed",
                mutating: true, confirms: true),
        Command(.bulkUndo, [.char("u")], in: [.bulk(.done), .bulk(.runs)], "undo this run (previews first; rows changed since are left alone)",
                hint: "u undo run", mutating: true, confirms: true),
        Command(.bulkFailedOnly, [.char("f")], in: [.bulk(.done)], "show only the failed rows / every row", hint: "f failed only"),
        Command(.bulkResumeRun, [.char("r")], in: [.bulk(.runs)], "resume the selected run (interrupted or stopped)",
                hint: "r resume", mutating: true),
        // The detail pane's tabs: Login (the form above), Access, Attributes, Sessions & keys.
        Command(.nextTab, [.char("]")], in: [.list, .formCheckbox] + tabContexts, "next tab: Login, Access, Attributes, Sessions & keys, Owned",
                hint: "]/[ tabs"),
        Command(.previousTab, [.char("[")], in: [.list, .formCheckbox] + tabContexts, "previous tab"),
        Command(.tabDown, [.char("j"), .down, .pageDown], in: tabContexts, "next item of the tab", hint: "j/k move"),
        Command(.tabUp, [.char("k"), .up, .pageUp], in: tabContexts, "previous item of the tab"),
        Command(.tabLeave, [.escape, .char("h"), .left], in: tabContexts, "back to the list", hint: "esc back"),
        Command(.addRole, [.char("a")], in: [.tab(.access)], "give a role (pick it; the roles are read again first)",
                hint: "a add role", mutating: true, confirms: true),
        Command(.addToGroup, [.char("+")], in: [.tab(.access)], "add to a group (pick it)", hint: "+ add to group",
                mutating: true, confirms: true),
        Command(.removeSelected, [.char("d"), .delete], in: tabContexts,
                "remove the role or group, clear the attribute, log out the session, delete the API key (asks when it cannot be undone)",
                hint: "d remove", mutating: true, confirms: true),
        Command(.editAttribute, [.enter, .char("e")], in: [.tab(.attributes)], "edit the value in place (enter saves, esc cancels)",
                hint: "enter edit", mutating: true),
        Command(.logoutAll, [.char("L")], in: [.tab(.sessions)], "log out every session (asks)", hint: "L log out all",
                mutating: true, confirms: true),
        Command(.attributeType, [], keyText: "typing", in: [.attributeEdit], "type the new value", mutating: true),
        Command(.attributeSave, [.enter], in: [.attributeEdit], "save the value (a wrong type shows under it)", hint: "enter save",
                mutating: true),
        Command(.attributeCancel, [.escape], in: [.attributeEdit], "cancel the edit", hint: "esc cancel"),
        Command(.pickType, [], keyText: "typing", in: [.dialog(.pick)], "filter the choices by name or id", hint: "type to filter"),
        Command(.pickMove, [.down, .up, .pageDown, .pageUp, .tab, .backTab], in: [.dialog(.pick)], "move among the choices",
                hint: "↑/↓ move"),
        Command(.pickChoose, [.enter], in: [.dialog(.pick)], "give the chosen one", hint: "enter choose", mutating: true),
        Command(.keepMine, [.char("k")], in: [.dialog(.rolesChanged)], "make the change to the roles the server has now",
                hint: "k change anyway", mutating: true),
        Command(.takeServers, [.char("t")], in: [.dialog(.rolesChanged)], "show the server's roles; change nothing",
                hint: "t take the server's"),
        Command(.bulkClose, [.escape], in: [.bulk(.menu), .bulk(.domain), .bulk(.preview), .bulk(.done), .bulk(.runs)], "cancel / close",
                hint: "esc close"),
        // The list's optional columns.
        Command(.toggleRolesColumn, [.char("R")], in: [.list], "show / hide the roles column (every role, direct or through a group)"),
        Command(.toggleGroupsColumn, [.char("M")], in: [.list], "show / hide the groups column (the groups the user is directly in)"),
    ]

    static let bulkRunContexts: [KeyContext] = [.bulk(.running), .bulk(.paused), .bulk(.stopping), .bulk(.done)]
    static let tabContexts: [KeyContext] = [.tab(.access), .tab(.attributes), .tab(.sessions), .tab(.owned)]

    /// Where each key leads in each context (the first row of `all` that has it) and where each
    /// command is, built once from the table: every key of a paste is looked up, and a scan of the
    /// table per key was most of a paste's cost.
    private static let index: (byKey: [KeyContext: [Key: Int]], byID: [CommandID: Int]) = {
        var byKey: [KeyContext: [Key: Int]] = [:]
        var byID: [CommandID: Int] = [:]
        for (row, command) in all.enumerated() {
            if byID[command.id] == nil { byID[command.id] = row }
            for context in command.contexts {
                for key in command.keys where byKey[context]?[key] == nil { byKey[context, default: [:]][key] = row }
            }
        }
        return (byKey, byID)
    }()

    /// The first row of the table for `id`.
    public static func command(_ id: CommandID) -> Command? { index.byID[id].map { all[$0] } }

    /// The command `key` gives in `context`, if any.
    public static func lookup(_ key: Key, in context: KeyContext) -> Command? {
        if let row = index.byKey[context]?[key] { return all[row] }
        // A dialog's letters work in either case (Caps Lock on should not make "Y" mean nothing).
        if case .dialog = context, case .char(let c) = key, c.isUppercase {
            return lookup(.char(Character(c.lowercased())), in: context)
        }
        return nil
    }

    /// The commands of a context, in table order.
    public static func commands(in context: KeyContext) -> [Command] {
        all.filter { $0.contexts.contains(context) }
    }

    /// The status line's hints for a context ("j move  / filter  …"); read-only mode offers nothing
    /// that changes the server.
    public static func hints(for context: KeyContext, readOnly: Bool, omitting: Set<CommandID> = []) -> String {
        let shown = commands(in: context).filter { $0.hint != nil && !(readOnly && $0.mutating) && !omitting.contains($0.id) }
        // What the place is for first (saving in the form, moving in the list), then the rest.
        let rank = { (c: Command) in hintOrder.firstIndex(of: c.id) ?? hintOrder.count }
        return shown.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .map { $0.element.hint! }.uniqued().joined(separator: "  ")
    }

    static let hintOrder: [CommandID] = [
        .filterType, .filterKeep, .filterClear, .filterMove, .typeWhileLoading, .leaveLoading,
        .save, .leaveForm, .toggleCheckbox, .nextField, .reveal,
        .attributeSave, .attributeCancel, .pickType, .pickMove, .pickChoose,
        .tabDown, .tabLeave, .addRole, .addToGroup, .editAttribute, .removeSelected, .logoutAll,
        .next, .startFilter, .openForm, .createLogin, .toggleDisabled, .undo, .help, .quit, .nextTab,
    ]

    /// The keys of a text field (the email, a dialog's input, the bulk domains), from the field's own
    /// table: the help lists them once, as a group of their own, so a key the field learns is listed
    /// without anyone writing it here. Typed text reaches the field through the context's text entry
    /// (`editEmail`, `dialogType`, `bulkDomainType`, …).
    public static var textFieldRows: [(keys: String, label: String)] {
        TextField.keyTable.map { binding in
            (binding.keys.isEmpty ? "typing" : binding.keys.map(\.label).joined(separator: ", "), binding.label)
        }
    }

    /// Rows of the help overlay and the README's key table: keys, where, what.
    public static var rows: [(keys: String, contexts: String, label: String)] {
        all.map { c in
            (c.keyLabel, c.contexts == everyDialog ? "every dialog" : c.contexts.map(\.name).uniqued().joined(separator: ", "), c.label)
        } + textFieldRows.map { ($0.keys, "text field", $0.label) }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
