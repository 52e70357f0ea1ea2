/// Writes scheduled plans, alerts, folders, dashboards and looks in the shapes of the Looker 4.0 schemas
/// (`ScheduledPlan`, `ScheduledPlanDestination`, `Alert`, `Folder`, `Dashboard`, `LookWithQuery`), in
/// the spec's property order, honouring a `fields` selection. Destinations never carry
/// `secret_parameters`: the sandbox holds none.
struct ContentJSON {
    let baseURL: String
    /// Display names of users by id, for `owner_display_name` and `user_name`; nil for an unknown user.
    let userName: (String) -> String?

    private var apiURL: String { baseURL + "/api/4.0" }

    func writeSchedule(_ plan: SandboxSchedule, _ style: TimestampStyle, _ s: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("name", plan.name, s)
        w.field("user_id", plan.userID, s)
        w.field("run_as_recipient", false, s)
        w.field("enabled", plan.enabled, s)
        w.field("look_id", plan.lookID, s)
        w.field("dashboard_id", plan.dashboardID, s)
        w.field("lookml_dashboard_id", nil as String?, s)
        w.field("filters_string", nil as String?, s)
        w.field("dashboard_filters", nil as String?, s)
        w.field("require_results", false, s)
        w.field("require_no_results", false, s)
        w.field("require_change", false, s)
        w.field("send_all_results", false, s)
        w.field("crontab", plan.crontab, s)
        w.field("datagroup", nil as String?, s)
        w.field("timezone", plan.timezone, s)
        if s.includes("scheduled_plan_destination") {
            let inner = s.nested("scheduled_plan_destination")
            w.key("scheduled_plan_destination")
            w.beginArray()
            for destination in plan.destinations { writeDestination(destination, of: plan, inner, into: &w) }
            w.endArray()
        }
        w.field("run_once", false, s)
        w.field("include_links", false, s)
        w.field("id", plan.id, s)
        w.field("created_at", style.format(plan.createdEpoch), s)
        w.field("updated_at", style.format(plan.updatedEpoch), s)
        w.field("title", plan.name, s)
        w.field("next_run_at", nil as String?, s)
        w.field("last_run_at", nil as String?, s)
        w.field("can", flags: ["show": true, "update": true, "destroy": true, "run_once": true], s)
        w.endObject()
    }

    private func writeDestination(_ d: SandboxDestination, of plan: SandboxSchedule, _ s: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("id", d.id, s)
        w.field("scheduled_plan_id", plan.id, s)
        w.field("format", d.format, s)
        w.field("apply_formatting", d.applyFormatting, s)
        w.field("apply_vis", d.applyVis, s)
        w.field("address", d.address, s)
        w.field("looker_recipient", d.type == "email" && d.address.hasSuffix("@acme.com"), s)
        w.field("type", d.type, s)
        w.field("parameters", d.type == "webhook" ? "{\"method\":\"POST\"}" : nil, s)
        w.field("message", d.message, s)
        w.endObject()
    }

    func writeAlert(_ alert: SandboxAlert, _ s: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        if s.includes("applied_dashboard_filters") {
            w.key("applied_dashboard_filters")
            w.beginArray()
            w.endArray()
        }
        w.field("comparison_type", alert.comparisonType, s)
        w.field("cron", alert.cron, s)
        w.field("custom_title", alert.customTitle, s)
        w.field("dashboard_element_id", alert.dashboardElementID, s)
        w.field("description", alert.description, s)
        if s.includes("field") {
            let inner = s.nested("field")
            w.key("field")
            w.beginObject()
            w.field("title", alert.fieldTitle, inner)
            w.field("name", alert.fieldName, inner)
            w.endObject()
        }
        w.field("id", alert.id, s)
        w.field("is_disabled", alert.isDisabled, s)
        w.field("disabled_reason", alert.disabledReason, s)
        w.field("is_public", alert.isPublic, s)
        w.field("lookml_dashboard_id", nil as String?, s)
        w.field("owner_id", alert.ownerID, s)
        w.field("owner_display_name", userName(alert.ownerID), s)
        if s.includes("threshold") {
            w.key("threshold")
            w.double(alert.threshold)
        }
        w.endObject()
    }

    /// A folder; `childCount` is the number of folders directly inside it.
    func writeFolder(_ folder: SandboxFolder, personalOwner: Int?, personalDescendant: Bool, childCount: Int,
                     _ style: TimestampStyle, _ s: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("name", folder.name, s)
        w.field("parent_id", folder.parentID, s)
        w.field("id", folder.id, s)
        w.field("created_at", style.format(folder.createdEpoch), s)
        w.field("creator_id", folder.creatorID, s)
        if s.includes("child_count") {
            w.key("child_count")
            w.int(childCount)
        }
        w.field("is_embed", false, s)
        w.field("is_personal", personalOwner != nil, s)
        w.field("is_personal_descendant", personalDescendant, s)
        w.field("is_shared_root", folder.id == ContentStore.sharedRootID, s)
        w.field("is_users_root", folder.id == ContentStore.usersRootID, s)
        w.field("can", flags: ["index": true, "show": true, "create": true, "update": true], s)
        w.endObject()
    }

    func writeDashboard(_ d: SandboxContentItem, _ style: TimestampStyle, _ s: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("can", flags: ["index": true, "show": true, "update": true, "destroy": true], s)
        w.field("description", d.description, s)
        w.field("hidden", false, s)
        w.field("id", d.id, s)
        w.field("readonly", false, s)
        w.field("title", d.title, s)
        w.field("user_id", d.userID, s)
        w.field("created_at", style.format(d.createdEpoch), s)
        w.field("deleted", false, s)
        w.field("deleted_at", nil as String?, s)
        w.field("updated_at", style.format(d.updatedEpoch), s)
        w.field("user_name", userName(d.userID), s)
        w.field("folder_id", d.folderID, s)
        w.field("url", "/dashboards/" + d.id, s)
        w.endObject()
    }

    func writeLook(_ l: SandboxContentItem, _ style: TimestampStyle, _ s: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("can", flags: ["index": true, "show": true, "update": true, "destroy": true], s)
        w.field("id", l.id, s)
        w.field("title", l.title, s)
        w.field("user_id", l.userID, s)
        w.field("created_at", style.format(l.createdEpoch), s)
        w.field("deleted", false, s)
        w.field("deleted_at", nil as String?, s)
        w.field("description", l.description, s)
        w.field("public", false, s)
        w.field("query_id", l.queryID, s)
        w.field("folder_id", l.folderID, s)
        w.field("updated_at", style.format(l.updatedEpoch), s)
        w.field("user_name", userName(l.userID), s)
        w.field("url", "/looks/" + l.id, s)
        w.endObject()
    }
}
