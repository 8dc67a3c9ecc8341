package io.parley.client.terminal;

import io.parley.client.ClientListener;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SmsMes;

/**
 * The interactive client's listener: turns pushed messages into localized lines. It runs on the client's
 * event loop, so it only formats; the terminal is written by {@link LineOutput}'s own thread.
 */
final class ConsolePrinter implements ClientListener {
    private final Messages text;
    private final LineOutput out;
    private volatile boolean closeExpected;

    ConsolePrinter(Messages text, LineOutput out) {
        this.text = text;
        this.out = out;
    }

    /** The next close is the user's own doing (log out, exit) and is not reported. */
    void expectClose(boolean expected) {
        closeExpected = expected;
    }

    @Override
    public void onPrivate(PrivateDelivery m) {
        out.println(text.get(Text.IN_PRIVATE, m.fromUserName(), m.fromUserId(), m.content()));
    }

    @Override
    public void onGroup(GroupDelivery m) {
        out.println(text.get(Text.IN_GROUP, m.group(), m.fromUserName(), m.fromUserId(), m.content()));
    }

    @Override
    public void onBroadcast(SmsMes m) {
        out.println(text.get(Text.IN_ALL, m.userName(), m.userId(), m.content()));
    }

    @Override
    public void onStatus(NotifyUserStatusMes m) {
        Text line = switch (m.status()) {
            case NotifyUserStatusMes.ONLINE -> Text.STATUS_ONLINE;
            case NotifyUserStatusMes.OFFLINE -> Text.STATUS_OFFLINE;
            default -> Text.STATUS_BUSY;
        };
        out.println(text.get(line, m.userId()));
    }

    @Override
    public void onError(ErrorMes error) {
        out.println(text.get(Text.SERVER_ERROR, error.code(), error.error()));
    }

    @Override
    public void onClosed(Throwable cause) {
        if (!closeExpected) {
            out.println(text.get(Text.DISCONNECTED));
        }
    }
}
