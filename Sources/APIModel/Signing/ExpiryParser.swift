import Foundation

/// Parses the `expires` timestamps that signature version 3 carries, in the
/// formats CloudStack accepts (`2030-01-01T00:00:00Z`, `…+00:00`, `…+0000`, with or without fractions).
public enum ExpiryParser {
    public static func parse(_ text: String) -> Date? {
        var s = text.trimmingCharacters(in: .whitespaces)
        // Normalise a trailing "+0000"/"-0530" offset to "+00:00" form.
        if s.count >= 5 {
            let tail = s.suffix(5)
            if let sign = tail.first, sign == "+" || sign == "-", tail.dropFirst().allSatisfy(\.isNumber) {
                s = String(s.dropLast(5)) + String(sign) + tail.dropFirst().prefix(2) + ":" + tail.suffix(2)
            }
        }
        // Legacy "yyyy-MM-dd'T'HH:mm:ss'Z'Z" (a literal Z followed by an offset).
        if let zIndex = s.firstIndex(of: "Z"), s.index(after: zIndex) < s.endIndex {
            s.remove(at: zIndex)
        }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: s) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: s)
    }
}
