/// The body of a successful CloudStack response, before it is put into the
/// `<command>response` envelope.
public enum APIResponse: Sendable, Equatable {
    /// A list: `count` is the total number of matches, `items` the current page.
    case list(objectName: String, items: [APIObject], count: Int)
    /// A single object wrapped in its object name, e.g. `{"zone":{…}}`.
    case object(objectName: String, APIObject)
    /// Fields placed directly under the envelope, e.g. `{"jobid":"…"}` or `loginresponse` fields.
    case inline(APIObject)
    /// CloudStack's success-only answer: `{"success":true}` plus an optional display text.
    case success(displayText: String? = nil)
}
