package io.parley.client;

import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.netty.DecodeFailure;

/**
 * Receives what the server pushes to a {@link ParleyClient}. Every method runs on the client's event loop
 * thread, in the order the frames arrived, so implementations must return quickly and never block (hand
 * slow work to another executor). An exception thrown here is logged and does not close the connection.
 * All methods do nothing by default.
 */
public interface ClientListener {
    /** A listener that ignores everything. */
    ClientListener NONE = new ClientListener() {
    };

    /**
     * Every decoded frame, before it is matched to a request or dispatched to the methods below, including
     * redelivered duplicates that {@link #onPrivate} and {@link #onGroup} never see. For tests and tracing.
     */
    default void onMessage(ServerMessage message) {
    }

    /** A private message, at most once per inbox {@code seq}. */
    default void onPrivate(PrivateDelivery message) {
    }

    /** A group message, at most once per group log {@code seq}. */
    default void onGroup(GroupDelivery message) {
    }

    /** A message to everyone online ({@code SmsMes}); not stored, so never redelivered. */
    default void onBroadcast(SmsMes message) {
    }

    /** Another user came online, went offline or is busy. */
    default void onStatus(NotifyUserStatusMes message) {
    }

    /** An error that matches no pending request (for example about an {@code AckMes}). */
    default void onError(ErrorMes error) {
    }

    /** A frame that could not be decoded; the connection stays open. */
    default void onBadFrame(DecodeFailure failure) {
    }

    /**
     * The connection ended; {@code cause} is null for an orderly close (by either side) and the error
     * otherwise. Called once per connection.
     */
    default void onClosed(Throwable cause) {
    }
}
