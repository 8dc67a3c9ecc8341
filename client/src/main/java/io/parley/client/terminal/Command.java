package io.parley.client.terminal;

import io.parley.protocol.message.LogNames;
import java.util.ArrayList;
import java.util.List;

/**
 * One parsed command line: its verb, its words, and — for a verb that takes text — the rest of the line.
 * Parsing fails with an {@link IllegalArgumentException} whose message can be shown as it is.
 */
record Command(Verb verb, List<String> args, String text) {
    Command {
        args = List.copyOf(args);
    }

    static Command parse(String line) {
        String rest = line.strip();
        int end = wordEnd(rest, 0);
        String word = rest.substring(0, end);
        Verb verb = Verb.of(word);
        if (verb == null) {
            throw new IllegalArgumentException("unknown command: " + word + " (try help)");
        }
        List<String> args = new ArrayList<>();
        int at = skipSpaces(rest, end);
        while (at < rest.length() && args.size() < verb.maxArgs()) {
            end = wordEnd(rest, at);
            args.add(rest.substring(at, end));
            at = skipSpaces(rest, end);
        }
        String text = rest.substring(at);
        if (args.size() < verb.minArgs() || (verb.text() ? text.isEmpty() : !text.isEmpty())) {
            throw new IllegalArgumentException("usage: " + verb.usage());
        }
        return new Command(verb, args, verb.text() ? text : null);
    }

    String arg(int index) {
        return args.get(index);
    }

    /** Argument {@code index} as a number, or {@code fallback} when it was left out. */
    long number(int index, long fallback) {
        if (index >= args.size()) {
            return fallback;
        }
        try {
            return Long.parseLong(args.get(index));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + args.get(index) + " (usage: " + verb.usage() + ")");
        }
    }

    int userId(int index) {
        long id = number(index, 0);
        if (id <= 0 || id > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a user id: " + args.get(index));
        }
        return (int) id;
    }

    /** Argument {@code index} as a log name ({@link #logNamed}); the inbox when it was left out. */
    String log(int index) {
        return index >= args.size() ? LogNames.INBOX : logNamed(args.get(index));
    }

    /** A log name from the short forms people type: nothing or {@code inbox}, {@code group:dev}, {@code dev}. */
    static String logNamed(String typed) {
        if (typed.isEmpty() || typed.equalsIgnoreCase(LogNames.INBOX)) {
            return LogNames.INBOX;
        }
        return LogNames.namesGroup(typed) ? typed : LogNames.group(typed);
    }

    private static int wordEnd(String s, int from) {
        int i = from;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
