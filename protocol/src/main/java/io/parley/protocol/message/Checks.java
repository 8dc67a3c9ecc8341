package io.parley.protocol.message;

import java.util.List;

/** Checks shared by the compact constructors of the message records. */
final class Checks {
    static final int MAX_GROUP_NAME = 64;
    static final int MAX_ID_LENGTH = 64;

    private Checks() {}

    /**
     * Group names are ASCII letters, digits, '-', '_' and '.', and neither "." nor "..": a name that may
     * become a file or key name one day, looks the same in every font, and has one spelling (ASCII is left
     * as it is by NFC and NFKC; a full-width or other look-alike form is refused, not folded, because the
     * name is also written inside log names such as {@code group:<name>}). The one place this rule lives.
     */
    static String group(String group) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group: must not be empty");
        }
        if (group.length() > MAX_GROUP_NAME) {
            throw new IllegalArgumentException("group: longer than " + MAX_GROUP_NAME + " characters");
        }
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            if (!((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.')) {
                throw new IllegalArgumentException("group: only ASCII letters, digits, '-', '_' and '.' are allowed");
            }
        }
        if (group.equals(".") || group.equals("..")) {
            throw new IllegalArgumentException("group: \".\" and \"..\" are not group names");
        }
        return group;
    }

    static String optionalId(String name, String id) {
        if (id != null && id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(name + ": longer than " + MAX_ID_LENGTH + " characters");
        }
        return id;
    }

    static String content(String content) {
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("content: must not be empty");
        }
        return content;
    }

    /**
     * An immutable copy of a list that must be present and hold no nulls; {@code List.copyOf} alone would
     * reject a decoded {@code null} with a NullPointerException that names no field.
     */
    static <T> List<T> list(String name, List<T> list) {
        if (list == null) {
            throw new IllegalArgumentException(name + ": missing");
        }
        // Not list.contains(null): immutable lists throw NullPointerException when asked about null.
        for (T element : list) {
            if (element == null) {
                throw new IllegalArgumentException(name + ": must not contain null");
            }
        }
        return List.copyOf(list);
    }

    static int offset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        return offset;
    }

    static int total(int total) {
        if (total < 0) {
            throw new IllegalArgumentException("total: " + total + " (expected: >= 0)");
        }
        return total;
    }

    /** A page size as asked for; none (0), a negative one or one above {@code max} means {@code max}. */
    static int pageLimit(int limit, int max) {
        return limit <= 0 || limit > max ? max : limit;
    }

    static int userId(String name, int userId) {
        if (userId <= 0) {
            throw new IllegalArgumentException(name + ": " + userId + " (expected: > 0)");
        }
        return userId;
    }
}
