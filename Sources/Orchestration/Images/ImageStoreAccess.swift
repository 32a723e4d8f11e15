import DomainModel
import Foundation
import NIOCore

/// Files on one image store, however it is reached: an NFS export through libnfs, or a local directory.
/// Paths are relative to the store's root (`template/tmpl/…`).
public protocol ImageStoreAccess: Sendable {
    /// Proves the store answers and accepts writes (a probe file is written, read back and removed).
    func checkWritable() async throws
    /// Total and available bytes.
    func capacity() async throws -> (total: UInt64, available: UInt64)
    /// Creates (replacing) `path` and its missing parent directories for streaming writes.
    func openWriter(_ path: String) async throws -> any ImageFileWriter
    func openReader(_ path: String) async throws -> any ImageFileReader
    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(_ path: String, offset: UInt64, count: Int) async throws -> [UInt8]
    /// The size of file `path`, nil when it does not exist.
    func size(of path: String) async throws -> UInt64?
    func rename(_ source: String, to destination: String) async throws
    /// Removes a file; nothing happens when it does not exist.
    func remove(_ path: String) async throws
    /// Removes a directory and everything below it; nothing happens when it does not exist.
    func removeTree(_ path: String) async throws
    /// Releases connections.
    func close() async
}

/// A file being written on an image store.
public protocol ImageFileWriter: Sendable {
    func write(_ buffer: ByteBuffer) async throws
    /// Writes what is left and makes it durable.
    func close() async throws
}

/// A file being read from an image store.
public protocol ImageFileReader: Sendable {
    var size: UInt64 { get }
    /// The next bytes, empty at the end of the file.
    func read(max: Int) async throws -> [UInt8]
    func close() async
}

/// Why a store operation failed, in words an operator can act on.
public struct ImageStoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The store ran out of space (ENOSPC or EDQUOT).
    public var isFull: Bool

    public init(_ description: String, isFull: Bool = false) {
        self.description = description
        self.isFull = isFull
    }
}

/// Where a template's files live on a store, CloudStack's layout: `template/tmpl/<account>/<template>/`.
public enum ImageStoreLayout {
    public static func directory(of template: Template) -> String {
        "template/tmpl/\(template.accountId)/\(template.id)"
    }

    public static func installPath(of template: Template) -> String {
        "\(directory(of: template))/\(template.id).\(template.fileExtension)"
    }

    /// The name a download is written under until it is complete and checked; one per download, so two
    /// zones whose stores share an export never write the same file.
    public static func temporaryPath(of template: Template, refId: String) -> String {
        installPath(of: template) + ".part-" + refId.prefix(8)
    }
}
