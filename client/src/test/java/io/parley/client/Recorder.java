package io.parley.client;

import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.netty.DecodeFailure;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps everything it hears, for assertions from the test thread. */
final class Recorder implements ClientListener {
    final List<ServerMessage> frames = new CopyOnWriteArrayList<>();
    final List<PrivateDelivery> privates = new CopyOnWriteArrayList<>();
    final List<GroupDelivery> groups = new CopyOnWriteArrayList<>();
    final List<SmsMes> broadcasts = new CopyOnWriteArrayList<>();
    final List<NotifyUserStatusMes> statuses = new CopyOnWriteArrayList<>();
    final List<ErrorMes> errors = new CopyOnWriteArrayList<>();
    final List<DecodeFailure> badFrames = new CopyOnWriteArrayList<>();
    final List<String> closes = new CopyOnWriteArrayList<>();
    final List<Throwable> closeCauses = new CopyOnWriteArrayList<>();
    final List<String> reconnecting = new CopyOnWriteArrayList<>();
    final List<InetSocketAddress> reconnected = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(ServerMessage message) {
        frames.add(message);
    }

    @Override
    public void onPrivate(PrivateDelivery message) {
        privates.add(message);
    }

    @Override
    public void onGroup(GroupDelivery message) {
        groups.add(message);
    }

    @Override
    public void onBroadcast(SmsMes message) {
        broadcasts.add(message);
    }

    @Override
    public void onStatus(NotifyUserStatusMes message) {
        statuses.add(message);
    }

    @Override
    public void onError(ErrorMes error) {
        errors.add(error);
    }

    @Override
    public void onBadFrame(DecodeFailure failure) {
        badFrames.add(failure);
    }

    @Override
    public void onClosed(Throwable cause) {
        closes.add(String.valueOf(cause));
        if (cause != null) {
            closeCauses.add(cause);
        }
    }

    @Override
    public void onReconnecting(Throwable cause) {
        reconnecting.add(String.valueOf(cause));
    }

    @Override
    public void onReconnected(InetSocketAddress server) {
        reconnected.add(server);
    }
}
