package io.parley.app.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Standard output that a test reads while the client is still writing it, shown as a terminal would
 * show it. Bytes are kept as written and decoded whole on each read, so a character split across two
 * writes is never garbled.
 */
final class Screen extends OutputStream {
    private static final char ESC = '\u001b';

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
    }

    /** Everything written so far, escape sequences included. */
    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The lines a person would see, the last one being where the cursor is. Carriage return and erase-line
     * are applied, which is how JLine prints a line above a prompt: it wipes the prompt, writes the line,
     * and draws the prompt again below. Other escape sequences (modes, keypad) change nothing visible here
     * and are dropped; the client writes lines far shorter than the terminal is wide, so nothing wraps.
     */
    List<String> rendered() {
        String s = text();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int column = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ESC) {
                i = escape(s, i, line, column);
            } else if (c == '\r') {
                column = 0;
            } else if (c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                column = 0;
            } else {
                if (column < line.length()) {
                    line.setCharAt(column, c);
                } else {
                    line.append(c);
                }
                column++;
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /** Applies the escape sequence at {@code start} and returns the index of its last character. */
    private static int escape(String s, int start, StringBuilder line, int column) {
        int i = start + 1;
        if (i >= s.length()) {
            return i;
        }
        if (s.charAt(i) != '[') {
            return i; // a two-character sequence such as ESC = (keypad mode)
        }
        i++;
        while (i < s.length() && (s.charAt(i) < 0x40 || s.charAt(i) > 0x7e)) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == 'K' && i == start + 2) {
            line.setLength(Math.min(column, line.length())); // ESC [ K: erase to the end of the line
        }
        return i;
    }
}
