extension UserWrite {
    /// The write that takes this access change back, from what the user had before it (`before`, as
    /// `LookerService.perform` read it), or why nothing can: a session or an API key cannot be brought
    /// back, and a hidden attribute's value before the change was never known. Shared by `u` in the
    /// TUI and by undo plans of bulk runs.
    public func accessInverse(before: BulkSnapshot) -> Result<UserWrite, NoInverse> {
        switch self {
        case .addRole(let roleID, _): return .success(.removeRole(roleID: roleID, expected: nil))
        case .removeRole(let roleID, _): return .success(.addRole(roleID: roleID, expected: nil))
        case .addToGroup(let groupID): return .success(.removeFromGroup(groupID: groupID))
        case .removeFromGroup(let groupID): return .success(.addToGroup(groupID: groupID))
        case .setAttribute(let id, let name, _, let hidden), .clearAttribute(let id, let name, let hidden):
            let was = before.attribute
            if hidden || was?.hidden == true {
                return .failure(NoInverse("a hidden value is never read, so the value before is not known"))
            }
            guard let was else { return .failure(NoInverse("the value before was not read")) }
            if was.own, let value = was.value { return .success(.setAttribute(attributeID: id, name: name, value: value, hidden: false)) }
            if case .clearAttribute = self { return .failure(NoInverse("the user had no value of their own")) }
            return .success(.clearAttribute(attributeID: id, name: name, hidden: false))
        case .logout, .deleteAPIKey, .updateCredential, .createLogin, .deleteLogin, .createResetURL, .sendResetEmail, .setDisabled:
            switch operation.inverse {
            case .failure(let reason): return .failure(reason)
            case .success: return .failure(NoInverse("not an access change"))
            }
        }
    }
}
