package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.parley.server.service.ClientSession;

/**
 * The attribute through which a channel reaches its link (for what the transport itself does with the connection)
 * and, through the link, its session (to hand it back to the service): one attribute, not one each, since every
 * attribute costs an idle connection about 50 bytes. The frame encoder reads neither: what a connection is sent
 * is decided before it reaches the link.
 */
final class Connections {
    static final AttributeKey<ChannelLink> LINK = AttributeKey.valueOf("parley.link");

    private Connections() {}

    /** The channel's session, or null before the session handler made one. */
    static ClientSession session(Channel channel) {
        ChannelLink link = link(channel);
        return link == null ? null : link.session();
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
