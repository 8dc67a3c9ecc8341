package io.parley.client.terminal;

import io.parley.client.ParleyException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jline.reader.LineReader;

/**
 * The interactive client's side of the terminal: prompts, localized lines, and waiting for a request with
 * its failure told to the user in their language.
 */
final class Console {
    /** A request failed and the user has been told why; the menu carries on. */
    static final class ActionFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ActionFailed() {
            super(null, null, false, false);
        }
    }

    private final LineReader reader;
    private final Messages text;
    private final long waitMillis;

    Console(LineReader reader, Messages text, long waitMillis) {
        this.reader = reader;
        this.text = text;
        this.waitMillis = waitMillis;
    }

    Messages text() {
        return text;
    }

    /** Prints above the prompt, so a line that arrives while the user types does not mangle the input. */
    void say(Text key, Object... args) {
        reader.printAbove(text.get(key, args));
    }

    /**
     * Prints the lines of a menu in one piece: JLine prints each call whole, so a message that arrives
     * meanwhile goes above or below the menu, never between its items.
     */
    void menu(Text... items) {
        String[] lines = new String[items.length];
        for (int i = 0; i < items.length; i++) {
            lines[i] = text.get(items[i]);
        }
        reader.printAbove(String.join("\n", lines));
    }

    String read(Text prompt) {
        return reader.readLine(text.get(prompt));
    }

    String readSecret(Text prompt) {
        return reader.readLine(text.get(prompt), '*');
    }

    /** Reads a user id; an answer that is not one is told and fails the action. */
    int readId(String line) {
        try {
            int id = Integer.parseInt(line.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        say(Text.NOT_A_NUMBER, line);
        throw new ActionFailed();
    }

    /** Sends a request and waits for its outcome; a failure is told to the user and thrown as {@link ActionFailed}. */
    <T> T call(Supplier<CompletableFuture<T>> request) {
        try {
            return request.get().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw told(e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw told(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailed();
        }
    }

    private ActionFailed told(Throwable e) {
        if (e instanceof ParleyException p) {
            say(Text.REFUSED, p.code(), p.getMessage());
        } else if (e instanceof TimeoutException) {
            say(Text.TIMEOUT);
        } else if (e instanceof ClosedChannelException) {
            say(Text.DISCONNECTED);
        } else if (e instanceof IllegalArgumentException) {
            say(Text.USAGE, e.getMessage());
        } else if (e instanceof ConnectException) {
            say(Text.CONNECT_FAILED, e.getMessage());
        } else {
            say(Text.SERVER_ERROR, 0, String.valueOf(e));
        }
        return new ActionFailed();
    }
}
