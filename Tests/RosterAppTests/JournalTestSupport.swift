import Foundation
import RosterApp
import RosterServices
import Testing

func journalFileText(_ path: String) throws -> String {
    String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
}

func journalFileMode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

func sampleEntry(_ user: String, _ action: JournalAction = .updateCredential, field: String? = JournalField.email,
                 before: String? = "a@acme.com", after: String? = "b@acme.com") -> JournalEntry {
    JournalEntry(time: "2025-01-31T09:30:00Z", instance: "looker.acme.com", apiUser: "api-admin@acme.com",
                 userID: user, action: action, field: field, before: before, after: after)
}
