import Foundation
import LookerAPI
import Testing
@testable import Serve

/// serve.jsonl lines: the CLI's JSON rule for strings, and bounded fields.
@Suite struct SessionRecordTests {
    @Test func theLogLineEscapesWhatATerminalWouldActOnAndCutsLongFields() throws {
        var record = SessionRecord(identity: SessionIdentity(remote: "127.0.0.1:5000",
                                                             viewer: "a\u{7F}b\u{9B}31mc\u{202E}d\u{2028}e\u{200B}f", fingerprint: "SHA256:x"))
        record.term = String(repeating: "t", count: 5_000)
        record.exit = "0"
        let line = record.jsonLine
        #expect(!line.unicodeScalars.contains { JSONPassThrough.mustEscape($0.value) }, "raw: \(line.debugDescription)")
        for escape in ["\\u007f", "\\u009b", "\\u202e", "\\u2028", "\\u200b"] { #expect(line.lowercased().contains(escape)) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["viewer"] as? String == record.viewer, "reads back the same")
        #expect((object["term"] as? String)?.count == SessionRecord.maxField)
        #expect(line.utf8.count < 1_000)
    }
}
