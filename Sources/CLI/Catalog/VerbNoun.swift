/// cmk's split of an API name into a verb and a noun: the verb is the leading run of
/// lower-case letters, the noun the rest lower-cased (`listZones` → `list` `zones`,
/// `queryAsyncJobResult` → `query` `asyncjobresult`, `login` → `login` and no noun).
public enum VerbNoun {
    public static func split(_ apiName: String) -> (verb: String, noun: String) {
        let verb = apiName.prefix { $0.isLowercase && $0.isLetter }
        return (String(verb), apiName.dropFirst(verb.count).lowercased())
    }
}
