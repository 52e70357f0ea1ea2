/// Writes `UserAttribute`, `UserAttributeGroupValue` and `UserAttributeWithValue`; hidden values are never written.
struct AttributeJSON {
    let baseURL: String

    func writeAttributes(_ attributes: [SandboxUserAttribute], _ selection: FieldSelection, into w: inout JSONWriter) {
        w.beginArray()
        for a in attributes {
            w.beginObject()
            w.field("can", flags: ["show": true, "index": true, "update": true, "destroy": true, "set_value": true], selection)
            w.field("id", a.id, selection)
            w.field("name", a.name, selection)
            w.field("label", a.label, selection)
            w.field("type", a.type, selection)
            w.field("default_value", a.valueIsHidden ? nil : a.defaultValue, selection)
            w.field("is_system", false, selection)
            w.field("is_permanent", false, selection)
            w.field("value_is_hidden", a.valueIsHidden, selection)
            w.field("user_can_view", a.userCanView, selection)
            w.field("user_can_edit", a.userCanEdit, selection)
            w.field("hidden_value_domain_whitelist", a.valueIsHidden ? "https://warehouse.acme.com/*" : nil, selection)
            w.field("needed_for_ci_run", false, selection)
            w.field("value_for_ci_run", nil as String?, selection)
            w.endObject()
        }
        w.endArray()
    }

    func writeGroupValues(_ attribute: SandboxUserAttribute, _ selection: FieldSelection, into w: inout JSONWriter) {
        w.beginArray()
        for g in attribute.groupValues.sorted(by: { $0.rank < $1.rank }) {
            w.beginObject()
            w.field("can", flags: ["show": true], selection)
            w.field("id", g.id, selection)
            w.field("group_id", g.groupID, selection)
            w.field("user_attribute_id", attribute.id, selection)
            w.field("value_is_hidden", attribute.valueIsHidden, selection)
            if selection.includes("rank") {
                w.key("rank")
                w.int(g.rank)
            }
            w.field("value", attribute.valueIsHidden ? nil : g.value, selection)
            w.endObject()
        }
        w.endArray()
    }

    func writeValue(_ v: ResolvedAttributeValue, userID: String, _ selection: FieldSelection, into w: inout JSONWriter) {
        let a = v.attribute
        w.beginObject()
        w.field("can", flags: ["show": true, "index": true], selection)
        w.field("name", a.name, selection)
        w.field("label", a.label, selection)
        if selection.includes("rank") {
            w.key("rank")
            w.int(v.rank)
        }
        w.field("value", a.valueIsHidden ? nil : v.value, selection)
        w.field("user_id", userID, selection)
        w.field("user_can_edit", a.userCanEdit, selection)
        w.field("value_is_hidden", a.valueIsHidden, selection)
        w.field("user_attribute_id", a.id, selection)
        w.field("source", v.source, selection)
        w.field("hidden_value_domain_whitelist", a.valueIsHidden ? "https://warehouse.acme.com/*" : nil, selection)
        w.endObject()
    }
}
