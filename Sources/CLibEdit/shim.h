#ifndef CUMULO_CLIBEDIT_SHIM_H
#define CUMULO_CLIBEDIT_SHIM_H

// libedit (BSD editline) through its readline-compatible interface: line editing, history and
// tab completion for the `cumulo` shell. Its globals are reached only through these wrappers, which
// the shell calls from the one thread that runs the line editor.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>

/// Called for Tab with the word before the cursor and its bounds in the line.
typedef char **(*cumulo_completion_fn)(const char *word, int start, int end);

/// Offers no file names when the shell has no completion of its own.
static inline char *cumulo_no_file_names(const char *word, int state) {
    (void)word;
    (void)state;
    return NULL;
}

/// Names the program for ~/.editrc and installs the completion function; words break at blanks and `=`.
static inline void cumulo_editor_install(const char *name, cumulo_completion_fn complete) {
    static const char breaks[] = " \t\n=";
    rl_readline_name = name;
    rl_attempted_completion_function = complete;
    rl_completion_entry_function = cumulo_no_file_names;
    rl_basic_word_break_characters = breaks;
    rl_completer_word_break_characters = (char *)breaks;
}

/// The whole line being edited (valid during a completion call).
static inline const char *cumulo_editor_line(void) {
    return rl_line_buffer != NULL ? rl_line_buffer : "";
}

/// The character put after a completed word: ' ' normally, 0 for none (after `name=`).
static inline void cumulo_editor_append_after_completion(int character) {
    rl_completion_append_character = character;
}

/// Reads one line with the prompt; NULL at end of input. The caller frees the line.
static inline char *cumulo_editor_read(const char *prompt) {
    return readline(prompt);
}

static inline void cumulo_history_add(const char *line) { add_history(line); }
static inline void cumulo_history_limit(int entries) { stifle_history(entries); }
static inline int cumulo_history_load(const char *path) { return read_history(path); }
static inline int cumulo_history_save(const char *path) { return write_history(path); }

#endif
