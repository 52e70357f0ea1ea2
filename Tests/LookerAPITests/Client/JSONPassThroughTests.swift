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
