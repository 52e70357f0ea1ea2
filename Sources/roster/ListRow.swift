import Foundation
import LookerAPI

/// One row of `users list` as a table or CSV: the five columns and nothing else, each `nil` when
/// the server did not send what it is made of (shown as `?`).
///
/// Decoding only these keys, instead of the full `User` with its 40 fields, is what keeps a page
/// cheap; and decoding by hand is what tells an absent key (unknown) from a null one (none).
struct ListRow: Decodable {
    var id: String?
    var name: String?
    var email: String?
    var logins: String?
    var enabled: String?

    private enum Key: String, CodingKey {
        case id, email
        case displayName = "display_name", firstName = "first_name", lastName = "last_name", isDisabled = "is_disabled"
        case credentialsEmail = "credentials_email", credentialsSaml = "credentials_saml"
        case credentialsGoogle = "credentials_google", credentialsOidc = "credentials_oidc"
        case credentialsLdap = "credentials_ldap", credentialsLookerOpenid = "credentials_looker_openid"
        case credentialsWorkforce = "credentials_workforce", credentialsEmbed = "credentials_embed"
        case credentialsApi3 = "credentials_api3"
    }

    /// The login types in the order the TUI lists them; the last two are arrays (present when non-empty).
    private static let logins: [(Key, String)] = [
        (.credentialsEmail, "email"), (.credentialsSaml, "saml"), (.credentialsGoogle, "google"), (.credentialsOidc, "oidc"),
        (.credentialsLdap, "ldap"), (.credentialsLookerOpenid, "looker_openid"), (.credentialsWorkforce, "workforce"),
        (.credentialsEmbed, "embed"), (.credentialsApi3, "api"),
    ]

    private struct Skipped: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        if c.contains(.id) { id = try c.decodeIfPresent(LookerID.self, forKey: .id)?.rawValue ?? "" }
        if c.contains(.email) { email = try c.decodeIfPresent(String.self, forKey: .email) ?? "" }
        if c.contains(.displayName) || c.contains(.firstName) || c.contains(.lastName) {
            let display = try c.decodeIfPresent(String.self, forKey: .displayName) ?? ""
            let full = [try c.decodeIfPresent(String.self, forKey: .firstName), try c.decodeIfPresent(String.self, forKey: .lastName)]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            name = display.isEmpty ? full : display
        }
        if let disabled = try c.decodeIfPresent(Bool.self, forKey: .isDisabled) { enabled = disabled ? "no" : "yes" }
        if Self.logins.contains(where: { c.contains($0.0) }) {
            var types: [String] = []
            for (key, type) in Self.logins where c.contains(key) {
                if key == .credentialsEmbed || key == .credentialsApi3 {
                    if let list = try c.decodeIfPresent([Skipped].self, forKey: key), !list.isEmpty { types.append(type) }
                } else if try !c.decodeNil(forKey: key) {
                    types.append(type)
                }
            }
            logins = types.joined(separator: ",")
        }
    }

    var cells: [String] {
        [id, name, email, logins, enabled].map { $0 ?? unknownValue }
    }
}
