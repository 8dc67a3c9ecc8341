package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.parley.server.service.ClientSession;

/**
 * The attributes through which a channel reaches its session (to hand it back to the service) and its link
 * (for what the transport itself does with the connection). The frame encoder reads neither: what a connection
 * is sent is decided before it reaches the link.
 */
final class Connections {
    static final AttributeKey<ClientSession> SESSION = AttributeKey.valueOf("parley.session");
    static final AttributeKey<ChannelLink> LINK = AttributeKey.valueOf("parley.link");

    private Connections() {}

    static ClientSession session(Channel channel) {
        return channel.attr(SESSION).get();
    }

    static ChannelLink link(Channel channel) {
        return channel.attr(LINK).get();
    }

    /**
     * Whether the service told the channel's link that its session logged in, or the channel closed already: its
     * login deadline is then moot.
     */
    static boolean loggedIn(Channel channel) {
        ChannelLink link = link(channel);
        return (link != null && link.isAuthenticated()) || !channel.isOpen();
    }
}
