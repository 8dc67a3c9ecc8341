package io.parley.jmh;

import io.parley.server.store.Appended;
import io.parley.server.store.InboxQuota;
import io.parley.server.store.Logs;
import io.parley.server.store.MessageStore;
import io.parley.server.store.NewMessage;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The private workload's writes, for the store benchmarks: messages between random users among {@code users},
 * each with a client id, and one receipt per message once it is stored, as the server issues them.
 */
final class PrivateAppends {
    private final SplittableRandom random = new SplittableRandom(42);
    private final int users;
    private final String content;
    /** Client ids as the client library makes them: a random prefix per client, then a counter in base 36. */
    private final String[] prefixes;

    private final long[] sent;

    PrivateAppends(int users, int contentLength) {
        this.users = users;
        this.content = "x".repeat(contentLength);
        this.prefixes = new String[users];
        this.sent = new long[users];
        for (int i = 0; i < users; i++) {
            prefixes[i] = Long.toUnsignedString(random.nextLong(), 36) + "-";
        }
    }

    /** Makes {@code count} appends at once, each followed by its receipt, and waits for all of them. */
    void appendAndAcknowledge(MessageStore messages, InboxQuota quota, int count) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            int from = random.nextInt(users);
            int to = random.nextInt(users);
            String clientMsgId = prefixes[from] + Long.toString(++sent[from], 36);
            all[i] = messages.append(
                            new NewMessage(
                                    Logs.inbox(to),
                                    from,
                                    "bench" + from,
                                    to,
                                    null,
                                    content,
                                    clientMsgId,
                                    System.currentTimeMillis()),
                            quota)
                    .thenCompose((Appended a) ->
                            messages.advance(to, a.message().log(), a.message().seq()));
        }
        CompletableFuture.allOf(all).join();
    }
}
