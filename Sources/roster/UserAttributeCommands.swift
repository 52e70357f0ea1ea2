import ArgumentParser
import Foundation
import LookerAPI
import RosterCore
import RosterServices
import ScreenKit

// A user's attribute values, sessions and API keys from the command line. Changes go through
// `AccessChanges.make` like grant and revoke: read, compare, write once, journal.

/// `roster users attributes ID`: every attribute's value for the user and where it comes from.
struct UserAttributeValuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attributes",
        abstract: "A user's attribute values with their source (the user, a group, the default).",
        discussion: """
            One line per attribute: the value in effect. With --all-values, every value the user gets \
            (their own, each group's, the default), the one in effect first. A hidden value is printed \
            as \(AttributeValue.hiddenMark), never as a value nor as blank.
            """ + "\n" + ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Option(help: "table or json.") var format: ItemFormat = .table
    @Flag(help: "Also the values that are not in effect (a group's or the default under the user's own).") var allValues = false

    func run() async throws {
        var values = try await withClient(global) { client in try await client.attributeValues(userID: id) }
        if !allValues {
            // The server lists each attribute's values in precedence order: the first is in effect.
            var seen: Set<String> = []
            values = values.filter { seen.insert($0.attributeID).inserted }
        }
        try Records.print(values.map(AttributeRow.init), format: format.listFormat, headers: ["ID", "NAME", "VALUE", "SOURCE"],
                          maxWidths: [10, 40, 60, 40], noun: "user attributes") { row in
            [row.id, row.name, row.value ?? "", row.source]
        }
    }

    /// One value as printed; `value` is null in JSON when the attribute has none for the user.
    struct AttributeRow: Encodable {
        var id: String
        var name: String
        var label: String
        var value: String?
        var source: String
        var hidden: Bool

        init(_ v: AttributeValue) {
            id = v.attributeID
            name = v.name
            label = v.label
            value = v.hidden ? v.shown : v.value
            source = v.source
            hidden = v.hidden
        }

        enum CodingKeys: String, CodingKey { case id, name, label, value, source, hidden }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(label, forKey: .label)
            try c.encode(value, forKey: .value)
            try c.encode(source, forKey: .source)
            try c.encode(hidden, forKey: .hidden)
        }
    }
}

/// `roster users set-attribute ID NAME VALUE`.
struct UserSetAttributeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-attribute",
        abstract: "Give a user their own value of a user attribute.",
        discussion: """
            NAME is the attribute's name (any case) or id. A value the attribute's type does not take \
            is refused by the server (exit 3, the reason on stderr as `value: …`). A hidden attribute's \
            value is never printed nor journaled.
            """ + "\n" + ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Argument(help: "The attribute, by name or id.") var name: String
    @Argument(help: "The value.") var value: String

    func run() async throws {
        try await withClient(global) { client in
            let attribute = try await UserSetAttributeCommand.attribute(name, client: client)
            let shown = attribute.hidden ? "" : " to '\(DisplayText.fit(value, width: 200))'"
            try await AccessChanges.make(.setAttribute(attributeID: attribute.id, name: attribute.name, value: value, hidden: attribute.hidden),
                                         what: attribute.candidate + shown, userID: id, client: client, global: global)
        }
    }

    /// The attribute `text` names (by one request for the attributes alone), or a usage error with the candidates.
    static func attribute(_ text: String, client: LookerClient) async throws -> AccessCatalog.Attribute {
        let attributes = try await client.userAttributes(fields: "id,name,label,type,value_is_hidden,user_can_edit")
        let catalog = Mapping.catalog(roles: [], groups: [], attributes: attributes)
        return try CatalogName.resolve(catalog.resolveAttribute(text), text: text, noun: "user attribute")
    }
}

/// `roster users clear-attribute ID NAME`.
struct UserClearAttributeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear-attribute",
        abstract: "Remove a user's own value of a user attribute: a group's value or the default applies again.",
        discussion: "NAME is the attribute's name (any case) or id.\n" + ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Argument(help: "The attribute, by name or id.") var name: String

    func run() async throws {
        try await withClient(global) { client in
            let attribute = try await UserSetAttributeCommand.attribute(name, client: client)
            try await AccessChanges.make(.clearAttribute(attributeID: attribute.id, name: attribute.name, hidden: attribute.hidden),
                                         what: attribute.candidate, userID: id, client: client, global: global)
        }
    }
}

/// `roster users logout ID [--session SESSION_ID]`.
struct UserLogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "End a user's web sessions: every one, or the one --session names.",
        discussion: """
            See `roster users sessions ID` for the session ids. When some sessions could not be ended, \
            the ones that were are journaled and the exit code is 1.
            """ + "\n" + ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Option(help: "The session to end (default: every session).", transform: { try ArgumentCheck.recordID($0, what: "session id") })
    var session: String?

    func run() async throws {
        try await withClient(global) { client in
            let what = session.map { "session \($0)" } ?? "every session"
            let outcome = try await AccessChanges.make(.logout(sessionID: session), what: what, userID: id, client: client, global: global)
            // `perform` ends what it can and says how many when it could not end them all.
            if session == nil, case .changed(let before, _) = outcome, let ended = before.session, !ended.hasPrefix("all") {
                throw CLIFailure(.other, "roster: user \(DisplayText.fit(id, width: 40)): only \(DisplayText.fit(ended, width: 40)) sessions were ended")
            }
        }
    }
}

/// `roster users delete-api-key ID KEY_ID --yes`.
struct UserDeleteAPIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-api-key",
        abstract: "Delete one of a user's API keys (needs --yes).",
        discussion: """
            See `roster users api-keys ID` for the key ids. Whatever uses the key can no longer log in; \
            there is no undo.
            """ + "\n" + ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Argument(help: "The API key's id (not its client id).", transform: { try ArgumentCheck.recordID($0, what: "API key id") })
    var keyID: String
    @Flag(help: "Confirm the deletion.") var yes = false

    func validate() throws {
        if !yes {
            throw ValidationError("deleting API key \(DisplayText.fit(keyID, width: 40)) of user \(DisplayText.fit(id, width: 40)) needs --yes")
        }
    }

    func run() async throws {
        try await withClient(global) { client in
            try await AccessChanges.make(.deleteAPIKey(keyID: keyID), what: keyID, userID: id, client: client, global: global)
        }
    }
}
