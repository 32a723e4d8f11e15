import CLI
import Foundation

/// The `cumulo` executable: hands the command line and environment to the CLI library.
@main
enum CumuloMain {
    static func main() async {
        let status = await CumuloCLI.run(
            arguments: Array(CommandLine.arguments.dropFirst()),
            environment: ProcessInfo.processInfo.environment)
        exit(status)
    }
}
