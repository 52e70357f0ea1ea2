import LookerAPI
import Testing

/// An instance is its whole base URL: scheme, host, port and path, in one spelling.
@Suite struct InstanceURLTests {
    @Test func oneSpellingPerInstance() {
        let same = ["https://Acme.Looker.com", "https://acme.looker.com/", "https://acme.looker.com:443",
                    "https://acme.looker.com/api/4.0", "HTTPS://acme.looker.com:443//"]
        #expect(Set(same.map(LookerConfig.instanceURL)) == ["https://acme.looker.com:443"])
        #expect(LookerConfig.instanceURL("http://127.0.0.1") == "http://127.0.0.1:80")
        #expect(LookerConfig.instanceURL("http://[::1]:8080/looker/") == "http://[::1]:8080/looker")
    }

    @Test func anotherPortSchemeOrPathIsAnotherInstance() {
        let all = ["http://127.0.0.1:8080", "http://127.0.0.1:8081", "https://127.0.0.1:8080", "http://127.0.0.1:8080/staging",
                   "http://localhost:8080"]
        #expect(Set(all.map(LookerConfig.instanceURL)).count == all.count)
    }
}
