import CLibEdit
import Dispatch
import Foundation
import Synchronization

/// The shell's line editor: libedit's readline with history and tab completion. Every
/// libedit call runs on one serial dispatch queue, never on Swift's cooperative pool, since
/// reading a line blocks and completion may wait for the server.
final class LineEditor: Sendable {
    private let queue = DispatchQueue(label: "cumulo.line-editor")
    private let historyPath: String

    /// The completer libedit's callback uses; replaced before each line (the profile may change).
    private static let completer = Mutex<ShellCompleter?>(nil)

    init(historyPath: String) {
        self.historyPath = historyPath
        queue.sync {
            cumulo_editor_install("cumulo", LineEditor.completionCallback)
            cumulo_history_limit(1000)
            _ = cumulo_history_load(historyPath)
        }
    }

    func use(_ completer: ShellCompleter) {
        Self.completer.withLock { $0 = completer }
    }

    /// One line from the terminal, or nil at end of input (Ctrl-D).
    func readLine(prompt: String) async -> String? {
        await withCheckedContinuation { continuation in
            queue.async {
                guard let raw = cumulo_editor_read(prompt) else { return continuation.resume(returning: nil) }
                let line = String(cString: raw)
                free(raw)
                continuation.resume(returning: line)
            }
        }
    }

    /// Adds a line to the history and saves the history file, readable by its owner only
    /// (so Ctrl-C loses nothing and other users see nothing).
    func remember(_ line: String) async {
        let path = historyPath
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                cumulo_history_add(line)
                _ = cumulo_history_save(path)
                chmod(path, 0o600)
                continuation.resume()
            }
        }
    }

    /// libedit's completion hook: finds candidates for the line up to the cursor and returns
    /// them the readline way — a malloc'd, NULL-terminated array whose first entry replaces the
    /// word. libedit reads the third entry even for one match, so one match is sent as
    /// `[match, match, NULL]`, which it also takes as a single match.
    private static let completionCallback: cumulo_completion_fn = { _, _, end in
        let line = String(String(cString: cumulo_editor_line()).prefix(Int(end)))
        guard let completion = completer.withLock({ $0 })?.complete(line), !completion.candidates.isEmpty else {
            return nil
        }
        cumulo_editor_append_after_completion(completion.appendsSpace ? 32 : 0)
        let candidates = completion.candidates
        let first = candidates.count == 1 ? candidates[0] : commonPrefix(candidates)
        let entries = [first] + candidates
        guard let matches = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1))?
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1) else { return nil }
        for (index, entry) in entries.enumerated() { matches[index] = strdup(entry) }
        matches[entries.count] = nil
        return matches
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
