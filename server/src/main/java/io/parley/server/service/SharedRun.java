package io.parley.server.service;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;

/**
 * Several messages of one log, in seq order, sent to many sessions as one write each: the run's frames, made once,
 * leave together. A transport that cannot send them as one piece sends them one by one ({@link Link#send(SharedRun)}).
 */
public final class SharedRun {
    private final List<SharedMessage> messages;
    /** What a transport made of the whole run once for every recipient; see {@link #framed}. */
    private volatile Object framed;

    public SharedRun(List<SharedMessage> messages) {
        this.messages = List.copyOf(requireNonNull(messages, "messages"));
    }

    /** The run's messages, in the order they are to be read. */
    public List<SharedMessage> messages() {
        return messages;
    }

    /**
     * The transport's own form of the whole run, made by {@code maker} at the first call and kept: a run exists
     * only for a message sent to many, so its form is always worth keeping. Racing first calls may each make one.
     */
    public <T> T framed(Class<T> type, Function<SharedRun, T> maker) {
        Object f = framed;
        if (type.isInstance(f)) {
            return type.cast(f);
        }
        T made = maker.apply(this);
        framed = made;
        return made;
    }
}
