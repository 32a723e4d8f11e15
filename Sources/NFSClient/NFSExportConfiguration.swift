extension NFSExport {
    /// How an `NFSExport` talks to its server.
    public struct Configuration: Sendable, Equatable {
        /// libnfs contexts (each with its own connection and thread) the export spreads calls over.
        /// One is enough for the agent; more let several large transfers run side by side.
        public var connections: Int
        /// How long one NFS call may take before it fails with ETIMEDOUT; nil waits forever.
        /// libnfs counts in whole seconds.
        public var timeoutSeconds: Int?
        /// How often libnfs reconnects by itself after the connection dropped before the call fails
        /// (-1 retries forever, 0 never). After a failure the next call mounts afresh.
        public var reconnectAttempts: Int
        /// Bytes a writer gathers before sending them in one pwrite (libnfs splits it into WRITE calls
        /// of the server's maximum size and keeps them all in flight).
        public var writeChunkSize: Int
        /// Bytes `readFile` and `NFSFileReader` users fetch per read.
        public var readChunkSize: Int
        /// libnfs's read-ahead for sequential `nfs_read` calls; 0 leaves it off (readers use positional reads).
        public var readaheadBytes: Int
        /// Whether closing a writer asks the server to commit the data to stable storage (NFS COMMIT).
        public var commitOnClose: Bool

        public init(connections: Int = 1, timeoutSeconds: Int? = 60, reconnectAttempts: Int = 3,
                    writeChunkSize: Int = 4 << 20, readChunkSize: Int = 4 << 20, readaheadBytes: Int = 0,
                    commitOnClose: Bool = true) {
            self.connections = connections
            self.timeoutSeconds = timeoutSeconds
            self.reconnectAttempts = reconnectAttempts
            self.writeChunkSize = writeChunkSize
            self.readChunkSize = readChunkSize
            self.readaheadBytes = readaheadBytes
            self.commitOnClose = commitOnClose
        }
    }
}
