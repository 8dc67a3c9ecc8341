package io.parley.client.terminal;

import java.util.Locale;

/**
 * The commands of both modes: script lines ({@code msg 200 hi}) and, where {@link #interactive()} is true,
 * slash commands at any prompt after login ({@code /msg 200 hi}). A command with {@link #text()} takes
 * exactly {@link #minArgs()} words and then the rest of the line, spaces included.
 */
enum Verb {
    REGISTER("<id> <password> <name>", 2, 2, true, false),
    LOGIN("<id> <password>", 2, 2, false, false),
    RESUME("<id> <token>", 2, 2, false, false),
    MSG("<id> <text>", 1, 1, true, true),
    ALL("<text>", 0, 0, true, true),
    G("<group> <text>", 1, 1, true, true),
    ID("<clientMsgId> msg|all|g ...", 1, 1, true, false),
    CREATE("<group>", 1, 1, false, true),
    JOIN("<group>", 1, 1, false, true),
    LEAVE("<group>", 1, 1, false, true),
    GROUPS("", 0, 0, false, true),
    MEMBERS("<group>", 1, 1, false, true),
    WHO("[offset] [limit]", 0, 2, false, true),
    HISTORY("[inbox|group:<g>|<g>] [beforeSeq] [limit]", 0, 3, false, true),
    PING("", 0, 0, false, false),
    ACK("<inbox|group:<g>> <seq>", 2, 2, false, false),
    SLEEP("<millis>", 1, 1, false, false),
    WAIT("<private|group|all|status|error> <count> [timeoutMillis]", 2, 3, false, false),
    PASSWD("<old> <new>", 0, 2, false, true),
    LOGOUT_ALL("logout-all", "", 0, 0, false, true),
    LOGOUT("", 0, 0, false, true),
    HELP("", 0, 0, false, true),
    QUIT("", 0, 0, false, true);

    private final String word;
    private final String usage;
    private final int minArgs;
    private final int maxArgs;
    private final boolean text;
    private final boolean interactive;

    Verb(String usage, int minArgs, int maxArgs, boolean text, boolean interactive) {
        this(null, usage, minArgs, maxArgs, text, interactive);
    }

    /** A verb whose word is not its lower-case name, e.g. one with a dash. */
    Verb(String word, String usage, int minArgs, int maxArgs, boolean text, boolean interactive) {
        this.word = word == null ? name().toLowerCase(Locale.ROOT) : word;
        this.usage = usage;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.text = text;
        this.interactive = interactive;
    }

    /** The word that starts the command. */
    String word() {
        return word;
    }

    /** The command with its arguments, for help and error messages. */
    String usage() {
        return usage.isEmpty() ? word() : word() + " " + usage;
    }

    int minArgs() {
        return minArgs;
    }

    int maxArgs() {
        return maxArgs;
    }

    boolean text() {
        return text;
    }

    /** Offered as a slash command in the interactive client. */
    boolean interactive() {
        return interactive;
    }

    /** The verb for {@code word}, ignoring case; null when there is none. */
    static Verb of(String word) {
        for (Verb v : values()) {
            if (v.word().equalsIgnoreCase(word)) {
                return v;
            }
        }
        return null;
    }
}
