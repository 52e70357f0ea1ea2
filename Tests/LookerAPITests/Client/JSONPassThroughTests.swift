import Foundation
import LookerAPI
import Testing

/// The JSON listing passes the server's bytes through; these pin what it keeps, masks and refuses.
@Suite struct JSONPassThroughTests {
    static let secrets: Set<[UInt8]> = [Array("password_reset_url".utf8), Array("account_setup_url".utf8)]

    func run(_ json: String, first: Bool = true) throws -> (String, Int) {
        var out: [UInt8] = []
        var isFirst = first
        let bytes = Array(json.utf8)
        let count = try bytes.withUnsafeBytes { buffer in
            try JSONPassThrough.appendElements(of: buffer, to: &out, first: &isFirst, separator: Array(",\n".utf8),
                                               secretKeys: Self.secrets, mask: Array("\"MASK\"".utf8))
        }
        return (String(decoding: out, as: UTF8.self), count)
    }

    @Test func elementsAreKeptAndSecretStringsMasked() throws {
        let json = #"[ {"id":"1","credentials_email":{"email":"a@b.co","password_reset_url":"https://x/reset/T0K\"en","account_setup_url":null}}, {"id":"2","name":"password_reset_url","n":[1,2.5,true]} ]"#
        let (out, count) = try run(json)
        #expect(count == 2)
        #expect(out == #"{"id":"1","credentials_email":{"email":"a@b.co","password_reset_url":"MASK","account_setup_url":null}},"# + "\n" +
                #"{"id":"2","name":"password_reset_url","n":[1,2.5,true]}"#)
    }

    @Test func aSeparatorGoesBetweenPages() throws {
        let (out, count) = try run(#"[{"id":"3"}]"#, first: false)
        #expect(count == 1)
        #expect(out == ",\n{\"id\":\"3\"}")
    }

    @Test func anEmptyPageIsZero() throws {
        #expect(try run(" [ ] \n").1 == 0)
    }

    @Test(arguments: ["", "{}", "[", #"[{"a":1}"#, #"[{"a":1}}]"#, #"[{"a":"x]"#, "<html>Bad Gateway</html>", #"[{"a":1}] x"#, "[1,]"])
    func malformedAnswersAreRefused(_ json: String) {
        #expect(throws: JSONPassThrough.Malformed.self) { try run(json) }
    }
}

/// Hostile server JSON: what a terminal could act on is escaped, the result always parses.
@Suite struct JSONPassThroughSafetyTests {
    static let secrets: Set<[UInt8]> = [Array("password_reset_url".utf8), Array("account_setup_url".utf8)]

    func run(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var first = true
        _ = try bytes.withUnsafeBytes { buffer in
            try JSONPassThrough.appendElements(of: buffer, to: &out, first: &first, separator: Array(",".utf8),
                                               secretKeys: Self.secrets, mask: Array("\"MASK\"".utf8))
        }
        return out
    }

    func run(_ json: String) throws -> String { String(decoding: try run(Array(json.utf8)), as: UTF8.self) }

    /// No byte a terminal acts on: C0 but newline, DEL, C1 (raw or UTF-8), bidi and zero-width.
    func assertInert(_ out: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!out.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F }, "C0 or DEL", sourceLocation: sourceLocation)
        let text = String(decoding: out, as: UTF8.self)
        #expect(Array(text.utf8) == out, "valid UTF-8", sourceLocation: sourceLocation)
        let bad = text.unicodeScalars.filter { JSONPassThrough.mustEscape($0.value) && $0.value != 0x0A }
        #expect(bad.isEmpty, "escaped scalars left raw: \(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    func parse(_ out: [UInt8]) throws -> [[String: Any]] {
        let data = Data(("[" + String(decoding: out, as: UTF8.self) + "]").utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    @Test func rawControlBytesInStringsAreEscapedAndTheResultParses() throws {
        // ESC ]52 (clipboard write), BEL, ESC [2J (clear), CR, DEL: raw, as a broken server might send them.
        let name = "\u{1B}]52;c;aGk=\u{07}\u{1B}[2J\rx\u{7F}"
        let out = try run(Array("[{\"id\":\"1\",\"display_name\":\"".utf8) + Array(name.utf8) + Array("\"}]".utf8))
        assertInert(out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"id":"1","display_name":"\u001b]52;c;aGk=\u0007\u001b[2J\u000dx\u007f"}"#)
        #expect(try parse(out).first?["display_name"] as? String == name, "the text is kept, only escaped")
    }

    @Test(arguments: [0x9B, 0x85, 0x202E, 0x202A, 0x2066, 0x2069, 0x200E, 0x200F, 0x061C, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x2028])
    func c1BidiAndZeroWidthAreEscaped(_ code: Int) throws {
        let scalar = String(Unicode.Scalar(UInt32(code))!)
        let out = try run(#"[{"n":"a"# + scalar + #"b"}]"#)
        #expect(out == #"{"n":"a\u"# + String(format: "%04x", code) + #"b"}"#)
        assertInert(Array(out.utf8))
    }

    @Test func ordinaryTextIsCopiedByteForByte() throws {
        let json = #"[{"n":"Zoë 山田 😀 \"q\" \\ \u001b \u202e","k":[1,-2.5e+3,0.25,true,false,null],"e":{}}]"#
        #expect(try run(json) == String(json.dropFirst().dropLast()))
    }

    @Test func invalidUTF8BecomesReplacement() throws {
        // A lone continuation byte, a raw C1 byte, an overlong '/', a UTF-8 surrogate, a cut sequence.
        for bad: [UInt8] in [[0x80], [0x9B], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x80]] {
            let out = try run(Array(#"[{"n":"a"#.utf8) + bad + Array(#"z"}]"#.utf8))
            assertInert(out)
            #expect(try parse(out).first?["n"] as? String == "a" + String(repeating: "\u{FFFD}", count: bad.count) + "z")
        }
    }

    @Test func unpairedSurrogateEscapesAreReplaced() throws {
        #expect(try run(#"[{"n":"\ud800x\udc00\ud83d\ude00"}]"#) == #"{"n":"\ufffdx\ufffd\ud83d\ude00"}"#)
    }

    @Test func secretKeysAreMatchedOnTheirDecodedName() throws {
        let json = #"[{"password\u005freset_url":"https://x/reset/T","account_setup\u005Furl":"s\"ecret","\u0070assword_reset_url":"y"}]"#
        let out = try run(json)
        #expect(out == #"{"password\u005freset_url":"MASK","account_setup\u005Furl":"MASK","\u0070assword_reset_url":"MASK"}"#)
        #expect(!out.contains("reset/T") && !out.contains("ecret"))
    }

    @Test func escapesInsideSecretsStillMask() throws {
        #expect(try run(Array(#"[{"password_reset_url":"a"#.utf8) + [0x1B, 0xFF] + Array(#"b"}]"#.utf8)) == Array(#"{"password_reset_url":"MASK"}"#.utf8))
    }

    @Test func whitespaceOutsideStringsIsOnlySpaceOrNewline() throws {
        #expect(try run("[{\"a\":\t1,\r\n\"b\" :2}]") == "{\"a\": 1, \n\"b\" :2}")
    }

    @Test(arguments: ["[{\"a\":1\u{1B}}]", "[{\"a\":tru}]", "[{\"a\":01}]", "[{\"a\":-}]", "[{\"a\":1.}]", "[{\"a\" 1}]", "[{1:2}]",
                      "[{\"a\":1,}]", "[[1 2]]", "[{\"a\":\"\\x\"}]", "[{\"a\":\"\\u12\"}]", "[\u{1B}[2J]", "[{\"a\":nul}]", "[{\"a\":1e}]"])
    func notJSONIsRefused(_ json: String) {
        #expect(throws: JSONPassThrough.Malformed.self) { try run(json) }
    }

    @Test func tooDeepIsRefused() {
        let deep = "[" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "]"
        #expect(throws: JSONPassThrough.Malformed.self) { try run(deep) }
    }

    @Test func aDocumentIsSanitizedWithItsLayout() throws {
        let doc = "{\n  \"name\" : \"a\u{1B}[31m\u{202E}\",\n  \"password\\u005freset_url\" : \"https://x/reset/T\"\n}"
        let out = try Array(doc.utf8).withUnsafeBytes {
            try JSONPassThrough.sanitize(document: $0, secretKeys: Self.secrets, mask: Array("\"MASK\"".utf8))
        }
        #expect(String(decoding: out, as: UTF8.self) == "{\n  \"name\" : \"a\\u001b[31m\\u202e\",\n  \"password\\u005freset_url\" : \"MASK\"\n}")
    }

    @Test func drainIsCalledBetweenElementsOfALargePage() throws {
        let element = "{\"n\":\"" + String(repeating: "x", count: 1000) + "\"}"
        let json = "[" + Array(repeating: element, count: 200).joined(separator: ",") + "]"
        var out: [UInt8] = []
        var drained = 0
        var first = true
        let count = try Array(json.utf8).withUnsafeBytes { buffer in
            try JSONPassThrough.appendElements(of: buffer, to: &out, first: &first, separator: [0x2C], secretKeys: [], mask: []) {
                drained += $0.count
                $0.removeAll(keepingCapacity: true)
            }
        }
        #expect(count == 200)
        #expect(drained > 0 && drained + out.count == 200 * element.utf8.count + 199)
        #expect(out.count < 1 << 16 + element.utf8.count)
    }
}
