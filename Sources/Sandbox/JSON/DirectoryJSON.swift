/// Writes roles and groups in the shapes of the Looker 4.0 `Role` and `Group` schemas, honouring `fields`.
struct DirectoryJSON {
    /// `http://host:port`, used to build `url` and `users_url`.
    let baseURL: String

    private var apiURL: String { baseURL + "/api/4.0" }

    func writeRoles(_ roles: [SandboxRole], _ selection: FieldSelection, into w: inout JSONWriter) {
        w.beginArray()
        for role in roles { writeRole(role, selection, into: &w) }
        w.endArray()
    }

    func writeRole(_ role: SandboxRole, _ selection: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("can", flags: ["show": true, "index": true, "update": true], selection)
        w.field("id", role.id, selection)
        w.field("name", role.name, selection)
        if selection.includes("permission_set") {
            w.key("permission_set")
            writeAccessSet(role.permissionSet, members: "permissions", path: "permission_sets", selection.nested("permission_set"), into: &w)
        }
        if selection.includes("model_set") {
            w.key("model_set")
            writeAccessSet(role.modelSet, members: "models", path: "model_sets", selection.nested("model_set"), into: &w)
        }
        w.field("internal", false, selection)
        w.field("url", apiURL + "/roles/" + role.id, selection)
        w.field("users_url", apiURL + "/roles/" + role.id + "/users", selection)
        w.endObject()
    }

    /// A permission set (`members` written as "permissions") or a model set ("models"), keys in order.
    private func writeAccessSet(_ set: SandboxAccessSet, members key: String, path: String, _ selection: FieldSelection,
                                into w: inout JSONWriter) {
        w.beginObject()
        w.field("can", flags: ["show": true, "index": true, "update": !set.builtIn], selection)
        w.field("all_access", set.allAccess, selection)
        w.field("built_in", set.builtIn, selection)
        w.field("id", set.id, selection)
        if key < "name" { w.field(key, set.members, selection) }
        w.field("name", set.name, selection)
        if key > "name" { w.field(key, set.members, selection) }
        w.field("url", apiURL + "/" + path + "/" + set.id, selection)
        w.endObject()
    }

    /// `counts` holds the direct members of each group; `currentUserGroups` the groups of the caller.
    func writeGroups(_ groups: [SandboxGroup], counts: [String: Int], currentUserGroups: Set<String>, hierarchy: Bool = false,
                     _ selection: FieldSelection, into w: inout JSONWriter) {
        w.beginArray()
        for group in groups {
            w.beginObject()
            w.field("can", flags: ["show": true, "index": true, "update": !group.externallyManaged, "delete": !group.externallyManaged], selection)
            w.field("can_add_to_content_metadata", !group.externallyManaged, selection)
            w.field("contains_current_user", currentUserGroups.contains(group.id), selection)
            w.field("external_group_id", group.externalGroupID, selection)
            w.field("externally_managed", group.externallyManaged, selection)
            w.field("id", group.id, selection)
            w.field("include_by_default", group.includeByDefault, selection)
            w.field("name", group.name, selection)
            if selection.includes("user_count") {
                w.key("user_count")
                w.int(counts[group.id] ?? 0)
            }
            if hierarchy {
                // `GroupHierarchy`: the groups this one sits in, and the roles it gives its members.
                w.field("parent_group_ids", group.parentID.map { [$0] } ?? [], selection)
                w.field("role_ids", group.roleIDs, selection)
            }
            w.endObject()
        }
        w.endArray()
    }
}
