package io.parley.client.terminal;

import io.parley.client.ClientListener;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SmsMes;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The interactive client's listener: turns pushed messages into localized lines. It runs on the client's
 * event loop, so it only formats; the terminal is written by {@link LineOutput}'s own thread. While a login
 * is answered it {@link #hold() holds} its lines, because the server sends messages kept for an offline
 * user right after the login reply, and they must not appear before the welcome that the menu prints.
 */
final class ConsolePrinter implements ClientListener {
    private final Messages text;
    private final LineOutput out;
    private final List<String> held = new ArrayList<>();
    private boolean holding;
    private volatile boolean closeExpected;

    ConsolePrinter(Messages text, LineOutput out) {
        this.text = text;
        this.out = out;
    }

    /** The next close is the user's own doing (log out, exit) and is not reported. */
    void expectClose(boolean expected) {
        closeExpected = expected;
    }

    /** Keeps pushed lines back until {@link #release()}. */
    synchronized void hold() {
        holding = true;
    }

    /** Prints the lines held back, in order, and then prints lines as they come again. */
    synchronized void release() {
        holding = false;
        held.forEach(out::println);
        held.clear();
    }

    /** Under the lock, so that a line pushed during {@link #release()} cannot overtake the held ones. */
    private synchronized void show(String line) {
        if (holding) {
            held.add(line);
        } else {
            out.println(line);
        }
    }

    @Override
    public void onPrivate(PrivateDelivery m) {
        show(text.get(Text.IN_PRIVATE, m.fromUserName(), m.fromUserId(), m.content()));
    }

    @Override
    public void onGroup(GroupDelivery m) {
        show(text.get(Text.IN_GROUP, m.group(), m.fromUserName(), m.fromUserId(), m.content()));
    }

    @Override
    public void onBroadcast(SmsMes m) {
        show(text.get(Text.IN_ALL, m.userName(), m.userId(), m.content()));
    }

    @Override
    public void onStatus(NotifyUserStatusMes m) {
        Text line = switch (m.status()) {
            case NotifyUserStatusMes.ONLINE -> Text.STATUS_ONLINE;
            case NotifyUserStatusMes.OFFLINE -> Text.STATUS_OFFLINE;
            default -> Text.STATUS_BUSY;
        };
        show(text.get(line, m.userId()));
    }

    @Override
    public void onError(ErrorMes error) {
        show(text.get(Text.SERVER_ERROR, error.code(), error.error()));
    }

    @Override
    public void onReconnecting(Throwable cause) {
        show(text.get(Text.RECONNECTING));
    }

    @Override
    public void onReconnected(InetSocketAddress server) {
        show(text.get(Text.RECONNECTED, server.getHostString() + ":" + server.getPort()));
    }

    @Override
    public void onClosed(Throwable cause) {
        if (!closeExpected) {
            show(text.get(Text.DISCONNECTED));
        }
    }
}
