package io.parley.bench;

import io.netty.channel.EventLoopGroup;
import io.parley.client.ClientListener;
import io.parley.client.ClientOptions;
import io.parley.client.ParleyClient;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.netty.DecodeFailure;

/**
 * One simulated user: its client, what it sent and what it received. It checks every chat frame as it
 * comes off the wire ({@link #onMessage}, before the client library drops redelivered ones), because the
 * bench tests the server: a duplicate the library would hide is still a duplicate the server sent.
 */
final class BenchUser implements ClientListener {
    final int index;
    final int id;
    final Inbox inbox = new Inbox();
    final SentLedger sent = new SentLedger();
    private final int firstId;
    private final Content content;
    private final Tally tally;
    private final Content.Parsed parsed = new Content.Parsed();
    private final ParleyClient client;
    private volatile boolean leaving;
    /** {@link System#nanoTime()} when the login answer arrived; set on the user's loop before any delivery. */
    private long loggedInAt;
    /** From the latest login answer, for {@link Fleet#resume}; null before one, or from a server that issues none. */
    private volatile String resumeToken;

    BenchUser(
            int index, int id, int firstId, Content content, Tally tally, EventLoopGroup group, ClientOptions options) {
        this.index = index;
        this.id = id;
        this.firstId = firstId;
        this.content = content;
        this.tally = tally;
        // The client only calls its listener once connected, after this constructor has finished.
        this.client = new ParleyClient(group, options, this);
    }

    /** The password every bench user has: derived from the id, so any later run can log in again. */
    static String password(int id) {
        return "bench-" + id;
    }

    static String name(int id) {
        return "bench" + id;
    }

    ParleyClient client() {
        return client;
    }

    /** Called on the user's event loop as the login answer arrives, before anything that follows it. */
    void loggedIn(long nanos, String token) {
        loggedInAt = nanos;
        resumeToken = token;
    }

    String resumeToken() {
        return resumeToken;
    }

    /** From now on a closed connection is expected, not a drop. */
    void leaving() {
        leaving = true;
    }

    /** The user reconnects after an expected close: from now on a closed connection is a drop again. */
    void returning() {
        leaving = false;
    }

    @Override
    public void onMessage(ServerMessage message) {
        if (message instanceof PrivateDelivery p) {
            receive(p.fromUserId(), p.content(), "inbox", p.seq());
        } else if (message instanceof GroupDelivery g) {
            receive(g.fromUserId(), g.content(), g.group(), g.seq());
        } else if (message instanceof SmsMes s) {
            Reach reach = tally.reach();
            if (reach != null) {
                reach.heard(this, s);
            } else {
                receive(s.userId(), s.content(), null, 0);
            }
        }
    }

    @Override
    public void onBadFrame(DecodeFailure failure) {
        tally.badFrames.increment();
    }

    @Override
    public void onClosed(Throwable cause) {
        if (!leaving) {
            tally.dropped.increment();
        }
    }

    private void receive(int fromUserId, String text, String log, long seq) {
        long now = System.nanoTime();
        if (fromUserId < firstId || !content.parse(text, parsed)) {
            // Left over from an earlier run (or not from the bench at all): not ours to judge.
            tally.stale.increment();
            return;
        }
        int sender = fromUserId - firstId;
        Inbox.Verdict verdict = inbox.accept(sender, parsed.n, log, seq);
        tally.received(verdict, sender, parsed.n, parsed.stamp, loggedInAt, now);
    }
}
