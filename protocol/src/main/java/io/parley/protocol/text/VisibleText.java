package io.parley.protocol.text;

/**
 * The code points that change what a terminal or a log shows without showing themselves, and a visible
 * form for them. Hidden are: controls (C0 including ESC, DEL, C1: they move the cursor, end lines, start
 * terminal escape sequences), format characters (Cf: the bidi embeddings, overrides and isolates
 * U+202A–U+202E and U+2066–U+2069, the marks U+200E, U+200F and U+061C, zero-width spaces and joiners,
 * soft hyphen, tags), the line and paragraph separators U+2028 and U+2029, and unpaired surrogates.
 * Unassigned and private-use code points are shown as they are: a terminal draws them as a box.
 */
public final class VisibleText {
    private static final int FIRST_PRINTABLE = 0x20;
    private static final int DEL = 0x7F;

    private VisibleText() {}

    /** Whether {@code codePoint} must not be printed as it is. */
    public static boolean hidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** Whether {@code text} holds a hidden code point. */
    public static boolean hasHidden(String text) {
        return text.codePoints().anyMatch(VisibleText::hidden);
    }

    /**
     * {@code text} with every hidden code point replaced by a visible form: C0 controls and DEL in caret
     * notation ({@code ^[} for ESC, {@code ^J} for a line feed, {@code ^?} for DEL), everything else as
     * {@code <U+202E>}. Returns {@code text} itself when nothing is hidden; null stays null.
     */
    public static String of(String text) {
        if (text == null || !hasHidden(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (!hidden(cp)) {
                out.appendCodePoint(cp);
            } else if (cp < FIRST_PRINTABLE) {
                out.append('^').append((char) (cp + '@'));
            } else if (cp == DEL) {
                out.append("^?");
            } else {
                out.append(String.format("<U+%04X>", cp));
            }
        });
        return out.toString();
    }
}
