import Foundation
import Testing
import LookerAPI

/// Models decode whatever subset a server sends, and write bodies carry only what was set.
@Suite struct ModelDecodingTests {
    static func user(_ json: String) throws -> User {
        try JSONDecoder().decode(User.self, from: Data(json.utf8))
    }

    @Test func idsAreStringsAndNumbersAreAccepted() throws {
        #expect(try Self.user(#"{"id":"17"}"#).id == "17")
        #expect(try Self.user(#"{"id":42}"#).id == "42")
        #expect(try Self.user(#"{"id":42.0}"#).id == "42")
        #expect(throws: DecodingError.self) { try Self.user(#"{"id":1.5}"#) }
        #expect(try Self.user(#"{"id":"17","group_ids":[1,"2"]}"#).groupIDs == ["1", "2"])
    }

    @Test func missingAndUnknownKeysAreFine() throws {
        let empty = try Self.user("{}")
        #expect(empty == User())
        let odd = try Self.user(#"{"first_name":"Ada","brand_new_field":{"nested":[1,2]},"credentials_email":{"email":"a@b.co","new_flag":true}}"#)
        #expect(odd.firstName == "Ada")
        #expect(odd.credentialsEmail?.email == "a@b.co")
        #expect(odd.lastName == nil)
    }

    @Test func idsSortNumericallyThenAsText() {
        let ids: [LookerID] = ["10", "abc", "9", "2", "Abc"]
        #expect(ids.sorted() == ["2", "9", "10", "Abc", "abc"])
    }

    @Test func writeBodiesLeaveOutWhatIsNotSet() throws {
        #expect(String(decoding: try JSONEncoder().encode(WriteCredentialsEmail()), as: UTF8.self) == "{}")
        #expect(String(decoding: try JSONEncoder().encode(WriteUser(lastName: "Lovelace")), as: UTF8.self)
                == #"{"last_name":"Lovelace"}"#)
    }

    @Test func loginTypesInAStableOrder() throws {
        let user = try Self.user("""
            {"credentials_api3":[{"id":"5"}],"credentials_saml":{"email":"x@y.co"},"credentials_email":{"email":"x@y.co"},
             "credentials_embed":[],"credentials_totp":{"verified":true}}
            """)
        #expect(user.loginTypes == ["email", "saml", "api"])
        #expect(User().loginTypes == [])
    }

    @Test func shownNamePrefersDisplayNameThenNames() {
        #expect(User(displayName: "Ada L.", firstName: "Ada", lastName: "Lovelace").shownName == "Ada L.")
        #expect(User(displayName: "", firstName: "Ada", lastName: "Lovelace").shownName == "Ada Lovelace")
        #expect(User(firstName: "Cher").shownName == "Cher")
        #expect(User(email: "a@b.co").shownName == "")
    }
}
