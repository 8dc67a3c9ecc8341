package io.parley.client;

import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.netty.DecodeFailure;
import java.net.InetSocketAddress;

/**
 * Receives what the server pushes to a {@link ParleyClient}. Every method runs on the client's event loop
 * thread, in the order the frames arrived, so implementations must return quickly and never block (hand
 * slow work to another executor). An exception thrown here is logged and does not close the connection.
 * All methods do nothing by default.
 */
public interface ClientListener {
    /** A listener that ignores everything. */
    ClientListener NONE = new ClientListener() {};

    /**
     * Every decoded frame, before it is matched to a request or dispatched to the methods below, including
     * redelivered duplicates that {@link #onPrivate} and {@link #onGroup} never see. For tests and tracing.
     */
    default void onMessage(ServerMessage message) {}

    /** A private message, at most once per inbox {@code seq}. */
    default void onPrivate(PrivateDelivery message) {}

    /** A group message, at most once per group log {@code seq}. */
    default void onGroup(GroupDelivery message) {}

    /** A message to everyone online ({@code SmsMes}); not stored, so never redelivered. */
    default void onBroadcast(SmsMes message) {}

    /** Another user came online, went offline or is busy. */
    default void onStatus(NotifyUserStatusMes message) {}

    /** An error that matches no pending request (for example about an {@code AckMes}). */
    default void onError(ErrorMes error) {}

    /** A frame that could not be decoded; the connection stays open. */
    default void onBadFrame(DecodeFailure failure) {}

    /**
     * The connection died and the client is reconnecting by itself ({@link ReconnectPolicy#enabled()}):
     * {@code cause} is null when the server closed it in order, the error otherwise. Called once per outage,
     * not per attempt; {@link #onReconnected} or, if the client gives up, {@link #onClosed} follows. Meanwhile
     * sends are queued and other requests fail with {@link ParleyException} 503.
     */
    default void onReconnecting(Throwable cause) {}

    /**
     * The client is connected again, to {@code server}, and has resumed the session with its resume token (if
     * it had logged in); unacknowledged and queued sends have just been sent again. Runs before any message
     * the new server delivers.
     */
    default void onReconnected(InetSocketAddress server) {}

    /**
     * The connection ended for good: {@code cause} is null for an orderly close (by either side) and the
     * error otherwise. Without reconnecting it is called once per connection; with it, only when the client
     * stops: {@link ParleyClient#close()}, {@link ParleyClient#logout()}, or a refused resume (then
     * {@code cause} is the {@link ParleyException} with the server's code).
     */
    default void onClosed(Throwable cause) {}
}
