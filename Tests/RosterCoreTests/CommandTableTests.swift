import Foundation
import Testing
@testable import RosterCore
import ScreenKit

/// The command table is the one source of key bindings: the README's table and the help come from it.
struct CommandTableTests {
    /// The README's "Keys" table, as the command table writes it.
    static func markdownRows() -> [String] {
        Commands.rows.map { "| `\($0.keys)` | \($0.contexts) | \($0.label) |" }
    }

    static func readmeKeyRows() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "## Keys"))
        let rows = lines[(start + 1)...].prefix { !$0.hasPrefix("## ") }.filter { $0.hasPrefix("| ") }
        return Array(rows.dropFirst())   // the header row
    }

    @Test func theReadmeKeyTableIsTheCommandTable() throws {
        let readme = try Self.readmeKeyRows()
        let expected = Self.markdownRows()
        #expect(readme == expected, "README.md's key table differs from the command table; it should read:\n\(expected.joined(separator: "\n"))")
    }

    @Test func noKeyMeansTwoThingsInOnePlace() {
        var contexts: [KeyContext] = [.list, .filter, .formEmail, .formCheckbox, .formLoading, .help, .attributeEdit]
        contexts += DetailTab.allCases.filter { $0 != .login }.map { .tab($0) }
        contexts += DialogKind.allCases.map { .dialog($0) }
        for context in contexts {
            var seen: [Key: CommandID] = [:]
            for command in Commands.commands(in: context) {
                for key in command.keys {
                    #expect(seen[key] == nil || seen[key] == command.id, "\(key.label) in \(context.name): \(seen[key]!) and \(command.id)")
                    seen[key] = command.id
                }
            }
        }
    }

    @Test func everyConfirmationOpensADialogWithAWayOut() {
        for kind in DialogKind.allCases where kind != .message {
            #expect(Commands.lookup(.escape, in: .dialog(kind))?.id == .cancel, "\(kind)")
        }
        for command in Commands.all where command.confirms {
            #expect(command.mutating, "\(command.id) confirms but is not gated in read-only mode")
        }
    }

    /// Where a text field has focus, every key of the field's table reaches it (through the context's
    /// text entry): a command bound to one of those keys there would take it from the field.
    @Test(arguments: [(KeyContext.formEmail, CommandID.editEmail), (.dialog(.create), .dialogType),
                      (.dialog(.delete), .dialogType), (.bulk(.domain), .bulkDomainType), (.filter, .filterType)])
    func everyKeyOfATextFieldReachesTheField(context: KeyContext, entry: CommandID) {
        for binding in TextField.keyTable {
            for key in binding.keys + [.char("x")] {
                #expect(command(for: key, in: context)?.id == entry, "\(key.label) in \(context.name)")
            }
        }
    }

    /// The status line offers nothing that changes in read-only mode.
    @Test func readOnlyHintsOfferNothingThatChanges() {
        let contexts: [KeyContext] = [.list, .formEmail, .formCheckbox]
        for context in contexts {
            let hints = Commands.hints(for: context, readOnly: true)
            for command in Commands.commands(in: context) where command.mutating {
                if let hint = command.hint { #expect(!hints.contains(hint), "\(hint) offered read-only in \(context.name)") }
            }
        }
    }
}
