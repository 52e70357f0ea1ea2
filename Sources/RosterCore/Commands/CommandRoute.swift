/// Which feature performs a command, as a command of its own. The one switch over every command
/// id: a new id does not compile until it is given to a feature here, and each feature's own switch
/// is exhaustive over its commands, so none is silently ignored.
enum CommandRoute: Sendable, Equatable {
    case list(ListCommand)
    case filter(FilterCommand)
    case form(FormCommand)
    case app(AppCommand)
    case lifecycle(LifecycleCommand)
    case marks(MarkCommand)
    case dialog(DialogAnswer)
    case bulk(BulkCommand)
    case tab(TabCommand)
}

/// The detail pane's tabs beside Login: moving, picking, editing, removing.
enum TabCommand: Sendable, Equatable {
    case next, previous, down, up, leave, addRole, addToGroup, remove, editAttribute, logoutAll
    case attributeType, attributeSave, attributeCancel, pickType, pickMove, pickChoose
}

/// Moving in the list, sorting it, opening the form.
enum ListCommand: Sendable, Equatable {
    case next, previous, pageDown, pageUp, first, last, sortNext, sortReverse, openForm, startFilter, clearFilter
    case toggleRoles, toggleGroups
}

/// Typing the filter.
enum FilterCommand: Sendable, Equatable {
    case type, keep, clear, move
}

/// The credential form: its fields, saving, and typing while it loads.
enum FormCommand: Sendable, Equatable {
    case editEmail, toggleCheckbox, nextField, previousField, leaveForm, reveal, save, typeWhileLoading, leaveLoading
}

/// What belongs to no pane: reload, help, quit.
enum AppCommand: Sendable, Equatable {
    case reload, help, scrollHelp, closeHelp, quit
}

/// A credential's life from the keyboard (each opens its confirmation; copy needs none).
enum LifecycleCommand: Sendable, Equatable {
    case createLogin, deleteLogin, resetURL, copyResetURL, sendReset, toggleDisabled, undo
}

/// Choosing the users a bulk action takes.
enum MarkCommand: Sendable, Equatable {
    case toggle, all, clear
}

/// The answers a dialog takes (which ones a dialog offers is the command table's contexts).
enum DialogAnswer: Sendable, Equatable {
    case type, confirm, confirmNoExpiry, saveAndGo, discardAndGo, stay, keepMine, takeServers, cancel, dismiss
}

/// The bulk panel's keys, stage by stage.
enum BulkCommand: Sendable, Equatable {
    case open, choose, domainType, domainSwitch, plan, scroll, typeCount, run, pause, proceed, stop, retry, undo,
         failedOnly, close, runs, resumeRun, offboard
}

extension CommandID {
    var route: CommandRoute {
        switch self {
        case .next: .list(.next)
        case .previous: .list(.previous)
        case .pageDown: .list(.pageDown)
        case .pageUp: .list(.pageUp)
        case .first: .list(.first)
        case .last: .list(.last)
        case .startFilter: .list(.startFilter)
        case .clearFilter: .list(.clearFilter)
        case .sortNext: .list(.sortNext)
        case .sortReverse: .list(.sortReverse)
        case .openForm: .list(.openForm)
        case .reload: .app(.reload)
        case .help: .app(.help)
        case .quit: .app(.quit)
        case .scrollHelp: .app(.scrollHelp)
        case .closeHelp: .app(.closeHelp)
        case .createLogin: .lifecycle(.createLogin)
        case .deleteLogin: .lifecycle(.deleteLogin)
        case .resetURL: .lifecycle(.resetURL)
        case .copyResetURL: .lifecycle(.copyResetURL)
        case .sendReset: .lifecycle(.sendReset)
        case .toggleDisabled: .lifecycle(.toggleDisabled)
        case .undo: .lifecycle(.undo)
        case .filterType: .filter(.type)
        case .filterKeep: .filter(.keep)
        case .filterClear: .filter(.clear)
        case .filterMove: .filter(.move)
        case .editEmail: .form(.editEmail)
        case .toggleCheckbox: .form(.toggleCheckbox)
        case .nextField: .form(.nextField)
        case .previousField: .form(.previousField)
        case .save: .form(.save)
        case .leaveForm: .form(.leaveForm)
        case .reveal: .form(.reveal)
        case .typeWhileLoading: .form(.typeWhileLoading)
        case .leaveLoading: .form(.leaveLoading)
        case .toggleMark: .marks(.toggle)
        case .markAll: .marks(.all)
        case .clearMarks: .marks(.clear)
        case .dialogType: .dialog(.type)
        case .confirm: .dialog(.confirm)
        case .confirmNoExpiry: .dialog(.confirmNoExpiry)
        case .saveAndGo: .dialog(.saveAndGo)
        case .discardAndGo: .dialog(.discardAndGo)
        case .stay: .dialog(.stay)
        case .keepMine: .dialog(.keepMine)
        case .takeServers: .dialog(.takeServers)
        case .cancel: .dialog(.cancel)
        case .dismiss: .dialog(.dismiss)
        case .bulk: .bulk(.open)
        case .bulkChoose: .bulk(.choose)
        case .bulkDomainType: .bulk(.domainType)
        case .bulkDomainSwitch: .bulk(.domainSwitch)
        case .bulkPlan: .bulk(.plan)
        case .bulkScroll: .bulk(.scroll)
        case .bulkTypeCount: .bulk(.typeCount)
        case .bulkRun: .bulk(.run)
        case .bulkPause: .bulk(.pause)
        case .bulkProceed: .bulk(.proceed)
        case .bulkStop: .bulk(.stop)
        case .bulkRetry: .bulk(.retry)
        case .bulkUndo: .bulk(.undo)
        case .nextTab: .tab(.next)
        case .previousTab: .tab(.previous)
        case .tabDown: .tab(.down)
        case .tabUp: .tab(.up)
        case .tabLeave: .tab(.leave)
        case .addRole: .tab(.addRole)
        case .addToGroup: .tab(.addToGroup)
        case .removeSelected: .tab(.remove)
        case .editAttribute: .tab(.editAttribute)
        case .logoutAll: .tab(.logoutAll)
        case .attributeType: .tab(.attributeType)
        case .attributeSave: .tab(.attributeSave)
        case .attributeCancel: .tab(.attributeCancel)
        case .pickType: .tab(.pickType)
        case .pickMove: .tab(.pickMove)
        case .pickChoose: .tab(.pickChoose)
        case .bulkFailedOnly: .bulk(.failedOnly)
        case .bulkClose: .bulk(.close)
        case .bulkRuns: .bulk(.runs)
        case .bulkResumeRun: .bulk(.resumeRun)
        case .offboard: .bulk(.offboard)
        case .toggleRolesColumn: .list(.toggleRoles)
        case .toggleGroupsColumn: .list(.toggleGroups)
        }
    }
}
