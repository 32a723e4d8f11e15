/// The exit statuses of `cumulo`.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// The server answered with an error, a job failed, or the server could not be reached.
    public static let apiError: Int32 = 1
    /// Nothing was sent: the command, its parameters or a setting was wrong.
    public static let usageError: Int32 = 2
}
