import APIModel
import Testing

@Suite("Error texts")
struct APIErrorTextTests {
    @Test func shortTextsAreKept() {
        #expect(APIError.invalidParameter("Unable to find zone x").text == "Unable to find zone x")
    }

    @Test func anEchoedHugeValueIsCut() {
        let value = String(repeating: "a", count: 65_536)
        let error = APIError.invalidParameter("Invalid value \(value) for parameter name")
        #expect(error.text.count <= APIError.maxTextLength)
        #expect(error.text.hasPrefix("Invalid value aaaa"))
        #expect(error.text.hasSuffix("more characters)"))
    }

    @Test func aTextSetLaterIsCutToo() {
        var error = APIError(.internalError, "short")
        error.text = String(repeating: "é", count: 5000)
        #expect(error.text.count <= APIError.maxTextLength)
        #expect(error.fields["errortext"] == .string(error.text))
    }
}
