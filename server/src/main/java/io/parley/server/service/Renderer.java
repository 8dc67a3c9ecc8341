package io.parley.server.service;

import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.server.store.Logs;
import io.parley.server.store.StoredMessage;

/**
 * Turns a stored message into what a recipient's connection understands. Tutorial clients know only
 * {@code SmsMes}, so private and group messages reach them as one, marked in the text.
 */
final class Renderer {
    private Renderer() {}

    static ServerMessage render(StoredMessage m, boolean extended) {
        if (Logs.isGroup(m.log())) {
            return extended
                    ? new GroupDelivery(
                            m.msgId(), m.seq(), m.group(), m.fromUserId(), m.fromUserName(), m.content(), m.sentAt())
                    : SmsMes.seed("[" + m.group() + "] " + m.content(), m.fromUserId(), m.fromUserName());
        }
        if (Logs.isInbox(m.log())) {
            return extended
                    ? new PrivateDelivery(
                            m.msgId(), m.seq(), m.fromUserId(), m.fromUserName(), m.toUserId(), m.content(), m.sentAt())
                    : SmsMes.seed("[private] " + m.content(), m.fromUserId(), m.fromUserName());
        }
        return extended
                ? new SmsMes(m.content(), m.fromUserId(), "", m.fromUserName(), 0, "", m.msgId(), m.sentAt(), null)
                : SmsMes.seed(m.content(), m.fromUserId(), m.fromUserName());
    }
}
