/// The namespace holding one descriptor per API command; `Commands.all` is the
/// one explicit list the server registers handlers for and `listApis` describes.
public enum Commands {}
