package io.parley.client.terminal;

import io.parley.client.ClientListener;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.netty.DecodeFailure;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Script mode's listener: prints one line per pushed event and counts them by kind, so that a script can
 * {@code wait} for what it expects instead of sleeping. Runs on the client's event loop; the lock it takes
 * is held only to bump or read a counter.
 */
final class ScriptEvents implements ClientListener {
    static final Set<String> KINDS = Set.of("private", "group", "all", "status", "error");

    private final LineOutput out;
    private final Map<String, Integer> counts = new HashMap<>();
    private volatile boolean closeExpected;

    ScriptEvents(LineOutput out) {
        this.out = out;
    }

    /** The next close is the script's own doing (logout, quit) and is not reported. */
    void expectClose(boolean expected) {
        closeExpected = expected;
    }

    @Override
    public void onPrivate(PrivateDelivery message) {
        out.println(ScriptFormat.privateMessage(message));
        bump("private");
    }

    @Override
    public void onGroup(GroupDelivery message) {
        out.println(ScriptFormat.groupMessage(message));
        bump("group");
    }

    @Override
    public void onBroadcast(SmsMes message) {
        out.println(ScriptFormat.broadcast(message));
        bump("all");
    }

    @Override
    public void onStatus(NotifyUserStatusMes message) {
        out.println(ScriptFormat.status(message));
        bump("status");
    }

    @Override
    public void onError(ErrorMes error) {
        out.println(ScriptFormat.error(error));
        bump("error");
    }

    @Override
    public void onBadFrame(DecodeFailure failure) {
        out.println("error badframe " + ScriptFormat.text(failure.reason()));
        bump("error");
    }

    @Override
    public void onReconnecting(Throwable cause) {
        out.println(cause == null ? "reconnecting" : "reconnecting " + ScriptFormat.text(cause.toString()));
    }

    @Override
    public void onReconnected(InetSocketAddress server) {
        out.println("reconnected " + server.getHostString() + ":" + server.getPort());
    }

    @Override
    public void onClosed(Throwable cause) {
        if (!closeExpected) {
            out.println(cause == null ? "closed" : "closed " + ScriptFormat.text(cause.toString()));
        }
    }

    /** Waits until {@code count} events of {@code kind} have arrived in all; false on timeout. */
    synchronized boolean await(String kind, int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (count(kind) < count) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized int count(String kind) {
        return counts.getOrDefault(kind, 0);
    }

    private synchronized void bump(String kind) {
        counts.merge(kind, 1, Integer::sum);
        notifyAll();
    }
}
