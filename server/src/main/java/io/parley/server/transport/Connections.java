package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.parley.server.service.ClientSession;

/** The one attribute through which a channel reaches its session. */
final class Connections {
    static final AttributeKey<ClientSession> SESSION = AttributeKey.valueOf("parley.session");

    private Connections() {
    }

    static ClientSession session(Channel channel) {
        return channel.attr(SESSION).get();
    }
}
