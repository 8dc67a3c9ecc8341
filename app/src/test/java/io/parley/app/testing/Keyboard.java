package io.parley.app.testing;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Standard input that a test types into while the client reads it: a read blocks until something has
 * been typed, and returns end-of-input only once the test {@link #end() ends} it. Unlike a
 * {@link java.io.PipedInputStream} it does not break when the thread that last wrote to it is gone.
 */
final class Keyboard extends InputStream {
    private byte[] typed = new byte[0];
    private int next;
    private boolean ended;

    /** Types the text (UTF-8), as if pasted in one go. */
    synchronized void type(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] more = new byte[typed.length - next + bytes.length];
        System.arraycopy(typed, next, more, 0, typed.length - next);
        System.arraycopy(bytes, 0, more, typed.length - next, bytes.length);
        typed = more;
        next = 0;
        notifyAll();
    }

    /** Ctrl-D on an empty line: the reader sees end-of-input once it has read what was typed. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    @Override
    public synchronized int read() throws InterruptedIOException {
        if (!awaitInput()) {
            return -1;
        }
        return typed[next++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) {
            return 0;
        }
        if (!awaitInput()) {
            return -1;
        }
        int n = Math.min(len, typed.length - next);
        System.arraycopy(typed, next, b, off, n);
        next += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return typed.length - next;
    }

    @Override
    public void close() {
        end();
    }

    /** True once there is something to read; false at the end of input. */
    private boolean awaitInput() throws InterruptedIOException {
        while (next == typed.length && !ended) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a key");
            }
        }
        return next < typed.length;
    }
}
