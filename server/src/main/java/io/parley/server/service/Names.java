package io.parley.server.service;

import io.parley.protocol.text.VisibleText;
import java.text.Normalizer;

/**
 * The rules for user names, checked at registration (group names are checked where they are decoded, by
 * the protocol's records: ASCII only, so normalisation cannot change them).
 *
 * <p>A user name is NFKC-normalised and stripped of surrounding white space before it is checked and
 * stored: NFKC, not just NFC, so that compatibility look-alikes fold into one spelling (full-width
 * {@code ｔｏｍ} is stored as {@code tom}, the ligature {@code ﬁ} as {@code fi}, a superscript digit as the
 * digit). It is then refused when it holds a code point that shows nothing or changes what is shown around
 * it ({@link VisibleText#hidden}: controls, ESC, bidi overrides and isolates, zero-width and other format
 * characters, line separators, unpaired surrogates), or one that is unassigned or private-use (unassigned
 * code points have no normalisation yet, private-use ones look different on every system). Names stored
 * before these rules are kept as they are; clients make them visible when they print them.
 */
final class Names {
    static final int MAX_USER_NAME = 32;

    private Names() {}

    /** The stored form of a user name as typed. */
    static String userName(String typed) {
        return Normalizer.normalize(typed, Normalizer.Form.NFKC).strip();
    }

    /** Why {@code typed} cannot be a user name, as a sentence for the user, or null when it can. */
    static String userNameProblem(String typed) {
        String name = userName(typed);
        if (name.isEmpty()) {
            return "user name must not be empty";
        }
        if (name.codePointCount(0, name.length()) > MAX_USER_NAME) {
            return "user name is longer than " + MAX_USER_NAME + " characters";
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (VisibleText.hidden(cp)) {
                return "user name must not contain control or invisible characters (found "
                        + String.format("U+%04X", cp) + ")";
            }
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                return "user name must not contain unassigned or private-use characters (found "
                        + String.format("U+%04X", cp) + ")";
            }
            i += Character.charCount(cp);
        }
        return null;
    }
}
