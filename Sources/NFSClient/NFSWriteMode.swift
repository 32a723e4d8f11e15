/// What `NFSExport.openForWriting` does with an existing file and where writing starts.
public enum NFSWriteMode: Sendable, Equatable {
    /// Creates the file, or empties it when it exists; writing starts at 0.
    case replace
    /// Creates the file; fails with EEXIST when it exists already.
    case createNew
    /// Opens an existing file (fails with ENOENT otherwise) and writes after its current end.
    case append
}
