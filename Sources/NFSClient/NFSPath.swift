/// Paths inside an export and the `nfs://` URLs built from them.
enum NFSPath {
    /// `path` as an absolute, normalised path inside the export ("/" for the export's root):
    /// repeated and trailing slashes dropped, "." components dropped, ".." and control characters rejected.
    /// Returns the reason instead when the path cannot be used.
    static func normalize(_ path: String) -> Result<String, PathProblem> {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." { return .failure(PathProblem("'..' is not allowed in \"\(path)\"")) }
            components.append(component)
        }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return .failure(PathProblem("control characters are not allowed in \"\(path)\""))
        }
        return .success("/" + components.joined(separator: "/"))
    }

    /// The parent directory of a normalised path ("/" for top-level entries and for "/").
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a normalised path ("" for "/").
    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `parent` + "/" + `name` for a normalised `parent`.
    static func join(_ parent: String, _ name: String) -> String {
        parent == "/" ? "/" + name : parent + "/" + name
    }

    /// `nfs://server/export/path` for a normalised export path and a normalised path inside it.
    static func url(server: String, exportPath: String, path: String) -> String {
        let host = server.contains(":") && !server.hasPrefix("[") ? "[\(server)]" : server
        let root = exportPath == "/" ? "" : exportPath
        if path == "/" || path.isEmpty {
            return "nfs://\(host)\(root.isEmpty ? "/" : root)"
        }
        return "nfs://\(host)\(root)\(path.hasPrefix("/") ? path : "/" + path)"
    }
}

/// Why a path was refused.
struct PathProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
