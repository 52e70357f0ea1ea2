import ScreenKit

/// The tabs' keys: switching, moving, and the changes each tab offers. Every change goes through
/// `startWrite` (one at a time, never twice), and the key router has already refused them in
/// read-only mode.
func performTab(_ state: inout AppState, _ command: TabCommand, _ key: Key) -> [Effect] {
    switch command {
    case .next, .previous:
        let all = DetailTab.allCases
        let index = all.firstIndex(of: state.tabs.current) ?? 0
        let step = command == .next ? 1 : all.count - 1
        if state.tabs.current == .login, state.isFormDirty {
            return flash(&state, "save or revert the form first", .warning)
        }
        state.tabs.current = all[(index + step) % all.count]
        state.tabs.cursor = 0
        if state.tabs.current == .login {
            state.focus = state.focus == .tab ? .form : state.focus
            if state.focus == .form, state.form == nil { state.focus = .list }
        } else if state.focus == .form {
            state.focus = .tab
        }
        return loadTab(&state, delayMs: 0)
    case .down, .up:
        let count = state.tabItems.count
        guard count > 0 else { return [] }
        let step = key == .pageDown || key == .pageUp ? 10 : 1
        state.tabs.cursor = max(0, min(count - 1, state.tabs.cursor + (command == .down ? step : -step)))
        return []
    case .leave:
        state.focus = .list
        return []
    case .addRole, .addToGroup:
        guard let access = state.shownAccess else { return notReady(&state) }
        if state.catalog.isEmpty {
            return flash(&state, "roles and groups are not loaded" + (state.tabs.catalogFailure.map { ": " + $0 } ?? ""), .warning)
        }
        if command == .addRole {
            if let refusal = access.rolesRefusal { return flash(&state, "Roles can't be changed: " + refusal, .warning) }
            state.overlay = .dialog(.pick(Picker(kind: .role, userID: access.userID, shownRoles: access.directRoleIDs,
                                                 held: Set(access.directRoleIDs))))
        } else {
            if access.allowNormalGroupMembership == false, let refusal = access.membershipRefusal(nil) {
                return flash(&state, "Groups can't be changed: " + refusal, .warning)
            }
            state.overlay = .dialog(.pick(Picker(kind: .group, userID: access.userID, shownRoles: access.directRoleIDs,
                                                 held: Set(access.groupIDs))))
        }
        return []
    case .remove:
        return removeSelected(&state)
    case .editAttribute:
        guard case .attribute(let value)? = selectedItem(state), let userID = state.tabs.userID else { return notReady(&state) }
        // A hidden value is never shown, so its edit starts blank: typing replaces it.
        state.tabs.editing = AttributeEdit(userID: userID, attributeID: value.attributeID, name: value.name, hidden: value.hidden,
                                           field: TextField(value.hidden ? "" : (value.value ?? "")))
        return []
    case .logoutAll:
        guard case .sessions(let sessions, _)? = state.tabs.content, let userID = state.tabs.userID else { return notReady(&state) }
        if sessions.isEmpty { return flash(&state, "user #\(userID) has no session", .info) }
        state.overlay = .dialog(.confirmAccess(userID: userID, write: .logout(sessionID: nil),
                                               question: "Log user #\(userID) out of all \(sessions.count) sessions?"))
        return []
    case .attributeType:
        guard var edit = state.tabs.editing else { return [] }
        if edit.saving { return flash(&state, "already saving", .info) }
        guard edit.field.handle(key) else { return edit.field.isFull && key.isCharacter ? fieldFull(&state, "the value") : [] }
        edit.error = nil
        state.tabs.editing = edit
        return []
    case .attributeSave:
        guard var edit = state.tabs.editing else { return [] }
        if edit.saving { return flash(&state, "already saving", .info) }
        if !state.lifecycle.writes.isEmpty { return flash(&state, "already saving: wait for the change under way", .info) }
        edit.saving = true
        edit.error = nil
        state.tabs.editing = edit
        return startWrite(&state, .setAttribute(attributeID: edit.attributeID, name: edit.name, value: edit.field.text, hidden: edit.hidden),
                          edit.userID)
    case .attributeCancel:
        if state.tabs.editing?.saving == true { return flash(&state, "already saving: the answer decides", .info) }
        state.tabs.editing = nil
        return []
    case .pickType, .pickMove, .pickChoose:
        guard case .dialog(.pick(var picker)) = state.overlay else { return [] }
        return answerPicker(&state, &picker, command, key)
    }
}

private func notReady(_ state: inout AppState) -> [Effect] {
    flash(&state, state.tabs.loading ? "still loading" : "nothing selected", .info)
}

func selectedItem(_ state: AppState) -> TabItem? {
    let items = state.tabItems
    return items.indices.contains(state.tabs.cursor) ? items[state.tabs.cursor] : nil
}

/// `d`: takes away what the cursor is on. A role or a group goes at once (`u` brings it back); a
/// session, an API key or a hidden value asks first, since nothing brings them back.
private func removeSelected(_ state: inout AppState) -> [Effect] {
    guard let item = selectedItem(state), let userID = state.tabs.userID else { return notReady(&state) }
    if !state.lifecycle.writes.isEmpty { return flash(&state, "already saving: wait for the change under way", .info) }
    switch item {
    case .role(let grant):
        guard grant.direct else {
            let from = grant.groupIDs.map { state.catalog.groupName($0) }.joined(separator: ", ")
            return flash(&state, "\(state.catalog.roleName(grant.roleID)) comes from \(from): remove the user from the group instead", .info)
        }
        guard let access = state.shownAccess else { return [] }
        if let refusal = access.rolesRefusal { return flash(&state, "Roles can't be changed: " + refusal, .warning) }
        return startWrite(&state, .removeRole(roleID: grant.roleID, expected: access.directRoleIDs), userID)
    case .group(let id, let via):
        if let via { return flash(&state, "member through \(state.catalog.groupName(via)): remove the user from that group instead", .info) }
        if let refusal = state.shownAccess?.membershipRefusal(state.catalog.group(id)) {
            return flash(&state, "Can't remove: " + refusal, .warning)
        }
        return startWrite(&state, .removeFromGroup(groupID: id), userID)
    case .attribute(let value):
        guard value.setOnUser else { return flash(&state, "\(value.name) has no value of its own for this user (it comes from \(value.source))", .info) }
        let write = UserWrite.clearAttribute(attributeID: value.attributeID, name: value.name, hidden: value.hidden)
        if value.hidden {
            state.overlay = .dialog(.confirmAccess(userID: userID, write: write,
                                                   question: "Clear the hidden value of \(value.name)? It cannot be undone: the value is never read."))
            return []
        }
        return startWrite(&state, write, userID)
    case .owned:
        return flash(&state, "O offboards the user: it hands what they own to a successor (previews first)", .info)
    case .session(let session):
        state.overlay = .dialog(.confirmAccess(userID: userID, write: .logout(sessionID: session.id),
                                               question: "Log out session \(session.id) of user #\(userID)?"))
        return []
    case .key(let key):
        state.overlay = .dialog(.confirmDeleteKey(userID: userID, key: key, typed: TextField("")))
        return []
    }
}

/// The picker: typing narrows, arrows move, Enter gives the chosen role or group.
private func answerPicker(_ state: inout AppState, _ picker: inout Picker, _ command: TabCommand, _ key: Key) -> [Effect] {
    let choices = picker.choices(state.catalog, state.shownAccess)
    switch command {
    case .pickType:
        guard picker.field.handle(key) else { return picker.field.isFull && key.isCharacter ? fieldFull(&state, "the picker") : [] }
        picker.cursor = 0
        if picker.kind == .successor { picker.successors = successorChoices(state, picker) }
    case .pickMove:
        guard !choices.isEmpty else { return [] }
        let step = key == .pageDown || key == .pageUp ? 10 : 1
        let down = key == .down || key == .pageDown || key == .tab
        picker.cursor = max(0, min(choices.count - 1, picker.cursor + (down ? step : -step)))
    case .pickChoose:
        guard choices.indices.contains(picker.cursor) else { return flash(&state, "nothing matches", .info) }
        let choice = choices[picker.cursor]
        if let refusal = choice.refusal { return flash(&state, "\(choice.name): \(refusal)", .warning) }
        if picker.kind == .successor {
            return chooseSuccessor(&state, picker, Picker.Choice(id: choice.id, name: choice.name, refusal: nil))
        }
        if !state.lifecycle.writes.isEmpty { return flash(&state, "already saving: wait for the change under way", .info) }
        state.overlay = .none
        let write: UserWrite = picker.kind == .role ? .addRole(roleID: choice.id, expected: picker.shownRoles)
                                                    : .addToGroup(groupID: choice.id)
        return startWrite(&state, write, picker.userID)
    default:
        return []
    }
    state.overlay = .dialog(.pick(picker))
    return []
}

/// The answers of the tabs' dialogs.
func answerTabDialog(_ state: inout AppState, _ dialog: Dialog, _ answer: DialogAnswer, _ key: Key) -> [Effect] {
    switch dialog {
    case .confirmAccess(let userID, let write, _):
        return answerLifecycle(&state) { startWrite(&$0, write, userID) }
    case .confirmDeleteKey(let userID, let apiKey, let field):
        if !state.lifecycle.writes.isEmpty { return flash(&state, "already saving: wait for the change under way", .info) }
        var typed = field
        if answer == .confirm {
            guard !apiKey.lastFour.isEmpty, typed.text == apiKey.lastFour else {
                return flash(&state, "type the last 4 characters of the client id to confirm", .warning)
            }
            state.overlay = .none
            return startWrite(&state, .deleteAPIKey(keyID: apiKey.id), userID)
        }
        guard !typed.handle(key) else {
            state.overlay = .dialog(.confirmDeleteKey(userID: userID, key: apiKey, typed: typed))
            return []
        }
        return typed.isFull && key.isCharacter ? fieldFull(&state, "the field") : []
    case .rolesChanged(let userID, let current, let write):
        state.overlay = .none
        if answer == .keepMine {
            // The same change, made to the roles as the server has them now.
            let again: UserWrite = switch write {
            case .addRole(let id, _): .addRole(roleID: id, expected: current)
            case .removeRole(let id, _): .removeRole(roleID: id, expected: current)
            default: write
            }
            return startWrite(&state, again, userID)
        }
        return loadTab(&state, delayMs: 0) + flash(&state, "Showing the server's roles; nothing was changed", .info)
    default:
        return []
    }
}
