/// The API operations the sandbox serves, resolved from the path below `/api/4.0`.
enum Endpoint: Equatable, Sendable {
    case login
    case logout
    case me
    case users
    case searchUsers
    case user(String)
    case credentialsEmail(String)
    case passwordReset(String)
    case sendPasswordReset(String)
    /// `credentials_saml`, `_google`, `_oidc`, `_ldap` or `_totp` of a user.
    case otherCredential(String, kind: String)
    case roles
    case userRoles(String)
    case groups
    case searchGroups
    case searchGroupsWithHierarchy
    /// The groups inside a group.
    case groupGroups(String)
    case groupUsers(String)
    case groupUser(String, userID: String)
    case sessions(String)
    case session(String, sessionID: String)
    case apiKeys(String)
    case apiKey(String, keyID: String)
    case userAttributes
    case groupValues(String)
    case attributeValues(String)
    case attributeValue(String, attributeID: String)
    case scheduledPlans
    case searchScheduledPlans
    case scheduledPlan(String)
    case searchAlerts
    case alert(String)
    case folder(String)
    case folderChildren(String)
    case folderDashboards(String)
    case folderLooks(String)
    case dashboard(String)
    case look(String)

    static let otherCredentialKinds: Set<String> = ["saml", "google", "oidc", "ldap", "totp"]

    /// The endpoint and its path template (for `documentation_url`), or nil for an unknown path.
    static func resolve(_ segments: [String]) -> (Endpoint, template: String)? {
        switch segments.count {
        case 1:
            switch segments[0] {
            case "login": return (.login, "login")
            case "logout": return (.logout, "logout")
            case "user": return (.me, "user")
            case "users": return (.users, "users")
            case "roles": return (.roles, "roles")
            case "groups": return (.groups, "groups")
            case "user_attributes": return (.userAttributes, "user_attributes")
            case "scheduled_plans": return (.scheduledPlans, "scheduled_plans")
            default: return nil
            }
        case 2 where segments[0] == "scheduled_plans":
            if segments[1] == "search" { return (.searchScheduledPlans, "scheduled_plans/search") }
            return (.scheduledPlan(segments[1]), "scheduled_plans/:scheduled_plan_id")
        case 2 where segments[0] == "alerts":
            if segments[1] == "search" { return (.searchAlerts, "alerts/search") }
            return (.alert(segments[1]), "alerts/:alert_id")
        case 2 where segments[0] == "folders":
            return (.folder(segments[1]), "folders/:folder_id")
        case 3 where segments[0] == "folders":
            switch segments[2] {
            case "children": return (.folderChildren(segments[1]), "folders/:folder_id/children")
            case "dashboards": return (.folderDashboards(segments[1]), "folders/:folder_id/dashboards")
            case "looks": return (.folderLooks(segments[1]), "folders/:folder_id/looks")
            default: return nil
            }
        case 2 where segments[0] == "dashboards":
            return (.dashboard(segments[1]), "dashboards/:dashboard_id")
        case 2 where segments[0] == "looks":
            return (.look(segments[1]), "looks/:look_id")
        case 2 where segments[0] == "groups" && segments[1] == "search":
            return (.searchGroups, "groups/search")
        case 3 where segments[0] == "groups" && segments[1] == "search" && segments[2] == "with_hierarchy":
            return (.searchGroupsWithHierarchy, "groups/search/with_hierarchy")
        case 3 where segments[0] == "user_attributes" && segments[2] == "group_values":
            return (.groupValues(segments[1]), "user_attributes/:user_attribute_id/group_values")
        case 3 where segments[0] == "groups":
            switch segments[2] {
            case "groups": return (.groupGroups(segments[1]), "groups/:group_id/groups")
            case "users": return (.groupUsers(segments[1]), "groups/:group_id/users")
            default: return nil
            }
        case 4 where segments[0] == "groups" && segments[2] == "users":
            return (.groupUser(segments[1], userID: segments[3]), "groups/:group_id/users/:user_id")
        case 2 where segments[0] == "users":
            if segments[1] == "search" { return (.searchUsers, "users/search") }
            return (.user(segments[1]), "users/:user_id")
        case 3 where segments[0] == "users":
            switch segments[2] {
            case "roles": return (.userRoles(segments[1]), "users/:user_id/roles")
            case "sessions": return (.sessions(segments[1]), "users/:user_id/sessions")
            case "credentials_api3": return (.apiKeys(segments[1]), "users/:user_id/credentials_api3")
            case "attribute_values": return (.attributeValues(segments[1]), "users/:user_id/attribute_values")
            default: break
            }
            if segments[2] == "credentials_email" {
                return (.credentialsEmail(segments[1]), "users/:user_id/credentials_email")
            }
            if segments[2].hasPrefix("credentials_") {
                let kind = String(segments[2].dropFirst("credentials_".count))
                if otherCredentialKinds.contains(kind) {
                    return (.otherCredential(segments[1], kind: kind), "users/:user_id/credentials_" + kind)
                }
            }
            return nil
        case 4 where segments[0] == "users" && segments[2] == "attribute_values":
            return (.attributeValue(segments[1], attributeID: segments[3]), "users/:user_id/attribute_values/:user_attribute_id")
        case 4 where segments[0] == "users" && segments[2] == "sessions":
            return (.session(segments[1], sessionID: segments[3]), "users/:user_id/sessions/:session_id")
        case 4 where segments[0] == "users" && segments[2] == "credentials_api3":
            return (.apiKey(segments[1], keyID: segments[3]), "users/:user_id/credentials_api3/:credentials_api3_id")
        case 4 where segments[0] == "users" && segments[2] == "credentials_email":
            if segments[3] == "password_reset" {
                return (.passwordReset(segments[1]), "users/:user_id/credentials_email/password_reset")
            }
            if segments[3] == "send_password_reset" {
                return (.sendPasswordReset(segments[1]), "users/:user_id/credentials_email/send_password_reset")
            }
            return nil
        default:
            return nil
        }
    }
}

extension Fault {
    /// Whether this fault answers `method path`.
    func matches(method requestMethod: String, path: String) -> Bool {
        guard remaining > 0, method == "*" || method.uppercased() == requestMethod else { return false }
        return PathPattern.matches(pathPattern, path: path)
    }
}
