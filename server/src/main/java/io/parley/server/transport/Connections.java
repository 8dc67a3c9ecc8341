package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.parley.server.service.ClientSession;
import io.parley.server.service.SessionState;

/** The attributes through which a channel reaches its session and its link. */
final class Connections {
    static final AttributeKey<ClientSession> SESSION = AttributeKey.valueOf("parley.session");
    static final AttributeKey<ChannelLink> LINK = AttributeKey.valueOf("parley.link");

    private Connections() {
    }

    static ClientSession session(Channel channel) {
        return channel.attr(SESSION).get();
    }

    static ChannelLink link(Channel channel) {
        return channel.attr(LINK).get();
    }

    /** Whether the channel's session has logged in, or already ended (its login deadline is then moot). */
    static boolean loggedIn(Channel channel) {
        ClientSession session = session(channel);
        SessionState state = session == null ? SessionState.CONNECTED : session.state();
        return state == SessionState.AUTHENTICATED || state == SessionState.CLOSED;
    }
}
