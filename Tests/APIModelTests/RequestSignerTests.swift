import Foundation
import APIModel
import Testing

@Suite("Request signatures")
struct RequestSignerTests {
    static let apiKey = "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg"
    static let secret = "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ"
    static let params = [
        ("command", "listZones"), ("response", "json"), ("signatureVersion", "3"),
        ("expires", "2030-01-01T00:00:00+0000"), ("name", "Zone 1*~+é"), ("apiKey", apiKey),
    ]

    @Test func canonicalFormMatchesTheServerAlgorithm() {
        let canonical = RequestSigner.canonicalQuery(Self.params)
        #expect(canonical == "apiKey=\(Self.apiKey)&command=listZones&expires=2030-01-01T00%3A00%3A00%2B0000&name=Zone%201*%7E%2B%C3%A9&response=json&signatureVersion=3")
    }

    @Test func workedVectorFromTheReference() {
        #expect(RequestSigner.signature(for: Self.params, secret: Self.secret) == "G5lPTboVz9C0kE7wpdwJ9TLVv8k=")
    }

    @Test func verificationAcceptsTheSignatureAndRejectsTampering() {
        #expect(RequestSigner.verify(Self.params, signature: "G5lPTboVz9C0kE7wpdwJ9TLVv8k=", secret: Self.secret))
        var tampered = Self.params
        tampered[4].1 = "Zone 2"
        #expect(!RequestSigner.verify(tampered, signature: "G5lPTboVz9C0kE7wpdwJ9TLVv8k=", secret: Self.secret))
        #expect(!RequestSigner.verify(Self.params, signature: "G5lPTboVz9C0kE7wpdwJ9TLVv8k=", secret: "other"))
    }

    @Test func signatureParameterIsNotSigned() {
        let withSignature = Self.params + [("Signature", "whatever")]
        #expect(RequestSigner.signature(for: withSignature, secret: Self.secret) == "G5lPTboVz9C0kE7wpdwJ9TLVv8k=")
    }

    @Test func clientsThatLeaveTildeUnescapedStillVerify() {
        let clientStyle = RequestSigner.signature(for: Self.params, secret: Self.secret, .tildeUnescaped)
        #expect(clientStyle != "G5lPTboVz9C0kE7wpdwJ9TLVv8k=")
        #expect(RequestSigner.verify(Self.params, signature: clientStyle, secret: Self.secret))
    }

    @Test func javaEncodingRules() {
        #expect(RequestSigner.javaURLEncode("a b+c*d~e/f:g,h=i[j]") == "a%20b%2Bc*d%7Ee%2Ff%3Ag%2Ch%3Di%5Bj%5D")
        #expect(RequestSigner.javaURLEncode("AZaz09.-_") == "AZaz09.-_")
    }

    @Test func expiryFormats() {
        #expect(ExpiryParser.parse("2030-01-01T00:00:00+0000") != nil)
        #expect(ExpiryParser.parse("2030-01-01T00:00:00Z") != nil)
        #expect(ExpiryParser.parse("2030-01-01T00:00:00+00:00") != nil)
        #expect(ExpiryParser.parse("2030-01-01T00:00:00.123456Z") != nil)
        #expect(ExpiryParser.parse("2030-01-01T01:00:00+0100") == ExpiryParser.parse("2030-01-01T00:00:00Z"))
        #expect(ExpiryParser.parse("yesterday") == nil)
    }
}

@Suite("Expiry timestamps")
struct ExpiryParserTests {
    @Test(arguments: [
        ("2030-01-01T00:00:00Z", 1_893_456_000.0),
        ("2030-01-01T00:00:00+0000", 1_893_456_000.0),
        ("2030-01-01T00:00:00+00:00", 1_893_456_000.0),
        ("2030-01-01T05:30:00+0530", 1_893_456_000.0),
        ("2029-12-31T19:00:00-05:00", 1_893_456_000.0),
        ("2030-01-01T00:00:00.250Z", 1_893_456_000.25),
        ("2030-01-01T00:00:00Z+0000", 1_893_456_000.0),
        ("2024-02-29T12:00:00Z", 1_709_208_000.0),
    ])
    func parses(text: String, epoch: Double) {
        #expect(ExpiryParser.parse(text)?.timeIntervalSince1970 == epoch)
    }

    @Test(arguments: ["", "tomorrow", "2030-01-01", "2030-13-01T00:00:00Z", "2030-01-01T00:00:00", "2030-01-01T00:00:00+", "2030-01-01T00:00:00Zjunk", "2030-01-01 00:00:00Z"])
    func refuses(text: String) {
        #expect(ExpiryParser.parse(text) == nil)
    }
}
